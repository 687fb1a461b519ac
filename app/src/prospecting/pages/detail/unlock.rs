//! Unlocking rows (DB-5): the best ones first, or the rows ticked in the table. Each unlocked
//! row counts for one prospect of the quota.

use crate::prospecting::api::unlock_rows;
use crate::prospecting::pages::{count_fr, int_fr};
use crate::ui::{ActionToast, Button, ButtonVariant, ControlledField, FormAlert, Icon, IconName};
use leptos::prelude::*;
use prospecta_shared::AppError;
use prospecta_shared::credits::Quota;
use prospecta_shared::error::ValidationCode;
use prospecta_shared::ids::{DatabaseId, RowId};
use prospecta_shared::prospecting::{DatabaseSummary, UnlockOutcome};

/// The toast after an unlock: "20 prospects débloqués · encore 1 230 à débloquer".
pub(super) fn unlock_message(outcome: &UnlockOutcome) -> String {
    if outcome.unlocked == 0 {
        return "Aucune ligne à débloquer : celles-ci sont déjà toutes débloquées.".into();
    }
    format!(
        "{} · encore {} à débloquer",
        Quota::Prospects.count_fr(i64::from(outcome.unlocked)),
        int_fr(outcome.prospects_left.max(0))
    )
}

/// The "Débloquer des lignes" section.
#[component]
pub(super) fn UnlockSection(
    database_id: DatabaseId,
    summary: RwSignal<DatabaseSummary>,
    /// The generation is still running.
    active: Memo<bool>,
    /// The rows ticked in the table.
    selected: RwSignal<Vec<RowId>>,
    after_unlock: Callback<UnlockOutcome>,
) -> impl IntoView {
    let unlock = Action::new(move |input: &(u32, String)| {
        let (count, ids) = input.clone();
        unlock_rows(database_id, count, ids)
    });
    let unlocking = unlock.pending();
    let unlock_error = RwSignal::new(None::<AppError>);
    ActionToast::new(&unlock)
        .success_with(unlock_message)
        .then(move |outcome| {
            unlock_error.set(None);
            after_unlock.run(outcome);
        })
        .errors_to(move |e| unlock_error.set(Some(e)))
        .install();
    let count = RwSignal::new("10".to_string());
    let count_error = Signal::derive(move || {
        unlock_error.with(|e| e.as_ref().filter(|e| e.field() == Some("count")).map(AppError::message_fr))
    });
    let unlock_general = Signal::derive(move || {
        unlock_error.with(|e| e.as_ref().filter(|e| e.field() != Some("count")).map(AppError::message_fr))
    });
    let unlock_best = move |_| match count.get_untracked().trim().parse::<u32>() {
        Ok(n) if (1..=10_000).contains(&n) => {
            unlock_error.set(None);
            unlock.dispatch((n, String::new()));
        }
        _ => unlock_error.set(Some(AppError::validation("count", ValidationCode::OutOfRange { min: 1, max: 10_000 }))),
    };
    let unlock_selection = move |_| {
        let ids = selected.get_untracked();
        if !ids.is_empty() {
            unlock_error.set(None);
            unlock.dispatch((0, ids.iter().map(RowId::to_string).collect::<Vec<_>>().join(",")));
        }
    };
    let locked_left = move || summary.with(|s| s.rows_total.saturating_sub(s.rows_unlocked));
    view! {
        <section class="rounded-xl bg-white p-5 shadow-card ring-1 ring-ink-200/70" aria-labelledby="deblocage-titre">
            <div class="flex flex-wrap items-baseline justify-between gap-2">
                <h2 id="deblocage-titre" class="text-base font-semibold text-ink-900">"Débloquer des lignes"</h2>
                <p class="text-sm text-ink-500">
                    {move || if active.get() {
                        "Les lignes arrivent pendant la génération".to_string()
                    } else {
                        count_fr(locked_left(), "ligne encore verrouillée", "lignes encore verrouillées")
                    }}
                </p>
            </div>
            <p class="mt-1 text-sm text-ink-600">
                "Les lignes les plus complètes d'abord : e-mail, site, téléphone ; chaque ligne compte pour 1 prospect débloqué. Une ligne débloquée le reste pour toujours."
            </p>
            <div class="mt-4 flex flex-col gap-3 sm:flex-row sm:items-start">
                <div class="sm:w-64">
                    <ControlledField
                        label="Nombre de lignes à débloquer"
                        id="nombre-deblocage"
                        input_type="number"
                        value=count
                        min="1"
                        max="10000"
                        step="1"
                        inputmode="numeric"
                        error=count_error
                    />
                </div>
                <div class="flex flex-wrap gap-2 sm:pt-7">
                    <Button loading=unlocking on_click=unlock_best>
                        <Icon name=IconName::Sparkles class="size-4"/>"Débloquer les meilleures"
                    </Button>
                    <Show when=move || !selected.with(Vec::is_empty)>
                        <Button variant=ButtonVariant::Secondary loading=unlocking on_click=unlock_selection>
                            {move || format!("Débloquer la sélection ({})", selected.with(Vec::len))}
                        </Button>
                    </Show>
                </div>
            </div>
            <FormAlert message=unlock_general class="mt-4"/>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_figures() {
        assert_eq!(int_fr(1250), "1\u{202f}250");
        assert_eq!(int_fr(999), "999");
        assert_eq!(int_fr(-1234567), "-1\u{202f}234\u{202f}567");
        assert_eq!(count_fr(1, "ligne", "lignes"), "1 ligne");
        assert_eq!(count_fr(1372, "ligne", "lignes"), "1\u{202f}372 lignes");
        let o = UnlockOutcome { unlocked: 20, prospects_left: 1230 };
        assert_eq!(unlock_message(&o), "20 prospects débloqués · encore 1\u{202f}230 à débloquer");
    }
}
