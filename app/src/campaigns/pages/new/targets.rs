//! The campaign's name and the databases it contacts.

use super::FieldError;
use super::FormSection;
use super::form::{CampaignForm, FormError};
use crate::campaigns::pages::{count_fr, int_fr};
use crate::ui::{ButtonLink, ButtonSize, ButtonVariant, ControlledField, Failable, SkeletonRows};
use leptos::prelude::*;
use prospecta_shared::AppError;
use prospecta_shared::campaigns::NAME_MAX;
use prospecta_shared::ids::DatabaseId;
use prospecta_shared::prospecting::{DatabaseStatus, DatabaseSummary};

/// The "Nom et cibles" section.
#[component]
pub(super) fn TargetsSection(
    form: CampaignForm,
    databases: Resource<Result<Vec<DatabaseSummary>, AppError>>,
    error: FormError,
) -> impl IntoView {
    let CampaignForm { name, selected, .. } = form;
    view! {
        <FormSection heading_id="cibles-titre" title="Nom et cibles">
            <div class="mt-4 max-w-xl">
                <ControlledField
                    label="Nom de la campagne"
                    id="campagne-nom"
                    value=name
                    placeholder="Boulangeries de Lyon · printemps"
                    hint="Pour vous seulement : vos prospects ne le voient pas."
                    error=error.field("name")
                    maxlength=NAME_MAX
                    required=true
                />
            </div>
            <fieldset
                id="campagne-bases"
                tabindex="-1"
                class="mt-6 rounded-lg focus-visible:outline-2 focus-visible:outline-offset-4 focus-visible:outline-brand-600"
                aria-describedby="campagne-bases-hint"
            >
                <legend class="text-sm font-medium text-ink-800">
                    "Bases à contacter"<span class="text-danger-600" aria-hidden="true">" *"</span>
                </legend>
                <p id="campagne-bases-hint" class="mt-1 text-xs text-ink-500">
                    "Seules les lignes débloquées sont contactées : débloquez d'abord, dans chaque base, les entreprises à contacter."
                </p>
                <Suspense fallback=|| view! { <div class="mt-3"><SkeletonRows rows=2/></div> }>
                    <Failable class="mt-3">
                        {move || Suspend::new(async move {
                            databases.await.map(|list| view! { <DatabaseChoices list selected/> })
                        })}
                    </Failable>
                </Suspense>
                <FieldError id="campagne-bases-error" error=error.field("databases")/>
            </fieldset>
        </FormSection>
    }
}

/// The organisation's ready databases as checkboxes, with their unlocked rows (the only ones a
/// campaign contacts).
#[component]
fn DatabaseChoices(list: Vec<DatabaseSummary>, selected: RwSignal<Vec<DatabaseId>>) -> impl IntoView {
    let ready: Vec<DatabaseSummary> = list.into_iter().filter(|d| d.status == DatabaseStatus::Ready).collect();
    if ready.is_empty() {
        return view! {
            <div class="mt-3 rounded-lg bg-ink-50 p-4 text-sm text-ink-700">
                <p>"Aucune base prête pour le moment. Une campagne contacte les entreprises d'une base terminée, dont vous avez débloqué les lignes."</p>
                <div class="mt-3"><ButtonLink href="/app/bases" variant=ButtonVariant::Secondary size=ButtonSize::Small>"Voir mes bases"</ButtonLink></div>
            </div>
        }
        .into_any();
    }
    // A database without unlocked rows cannot be chosen (and is unticked if it came from the URL).
    let usable: Vec<DatabaseId> = ready.iter().filter(|d| d.rows_unlocked > 0).map(|d| d.id).collect();
    selected.update(|s| s.retain(|id| usable.contains(id)));
    let unlocked: Vec<(DatabaseId, u64)> = ready.iter().map(|d| (d.id, d.rows_unlocked)).collect();
    let reached =
        move || selected.with(|s| unlocked.iter().filter(|(id, _)| s.contains(id)).map(|(_, n)| *n).sum::<u64>());
    view! {
        <ul class="mt-3 grid gap-3 sm:grid-cols-2">
            {ready.into_iter().map(|d| {
                let DatabaseSummary { id, name, target_label, rows_unlocked, rows_total, .. } = d;
                let input_id = format!("base-{id}");
                let empty = rows_unlocked == 0;
                view! {
                    <li class=move || format!(
                        "flex items-start gap-3 rounded-lg p-3 ring-1 ring-inset {}",
                        if selected.with(|s| s.contains(&id)) { "bg-brand-50 ring-brand-600" } else { "ring-ink-200" }
                    )>
                        <input
                            id=input_id.clone()
                            type="checkbox"
                            class="mt-0.5 size-4 shrink-0 rounded border-ink-300 text-brand-600 focus:ring-brand-600 disabled:opacity-50"
                            disabled=empty
                            prop:checked=move || selected.with(|s| s.contains(&id))
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                selected.update(|s| {
                                    s.retain(|x| *x != id);
                                    if on {
                                        s.push(id);
                                    }
                                });
                            }
                        />
                        <div class="min-w-0 text-sm">
                            <label for=input_id class=if empty { "block font-medium text-ink-500" } else { "block cursor-pointer font-medium text-ink-900" }>
                                {name}
                            </label>
                            <p class="truncate text-xs text-ink-500">{target_label}</p>
                            {if empty {
                                view! {
                                    <p class="mt-1 text-xs text-ink-600">
                                        "Aucune ligne débloquée · "
                                        <a href=format!("/app/bases/{id}") class="font-medium text-brand-700 hover:underline">"Débloquer des lignes"</a>
                                    </p>
                                }.into_any()
                            } else {
                                view! {
                                    <p class="mt-1 text-xs font-medium text-ink-700">
                                        {format!("{} sur {}", count_fr(rows_unlocked, "ligne débloquée", "lignes débloquées"), int_fr(rows_total))}
                                    </p>
                                }.into_any()
                            }}
                        </div>
                    </li>
                }
            }).collect_view()}
        </ul>
        <p class="mt-3 text-sm text-ink-700" aria-live="polite">
            {move || match reached() {
                0 => "Cochez au moins une base.".to_string(),
                n => format!("Jusqu'à {} à contacter.", count_fr(n, "entreprise", "entreprises")),
            }}
        </p>
    }
    .into_any()
}
