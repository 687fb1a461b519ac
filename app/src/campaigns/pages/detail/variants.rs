//! The messages tested (FORM-3): each variant's figures, the bandit's favourite, and stopping or
//! reactivating a variant.

use crate::campaigns::api::set_variant_active;
use crate::campaigns::pages::{Figure, int_fr, percent_fr};
use crate::ui::{ActionToast, Badge, BadgeTone, Button, ButtonSize, ButtonVariant};
use leptos::prelude::*;
use prospecta_shared::campaigns::{CampaignLive, VariantStats};
use prospecta_shared::ids::CampaignId;

/// The variants with their stop / reactivate buttons, wired to the server.
#[component]
pub(super) fn CampaignVariants(id: CampaignId, live: RwSignal<CampaignLive>) -> impl IntoView {
    let toggle = Action::new(move |input: &(i64, bool)| set_variant_active(id, input.0, input.1));
    let toggling = toggle.pending();
    let busy_variant = RwSignal::new(None::<i64>);
    ActionToast::new(&toggle)
        .then(move |fresh| {
            live.set(fresh);
            busy_variant.set(None);
        })
        .on_error(move |_| busy_variant.set(None))
        .install();
    let on_toggle = Callback::new(move |(variant, active): (i64, bool)| {
        if !toggling.get_untracked() {
            busy_variant.set(Some(variant));
            toggle.dispatch((variant, active));
        }
    });
    let busy = Signal::derive(move || if toggling.get() { busy_variant.get() } else { None });
    view! { <VariantsSection live on_toggle busy/> }
}

/// "En tête" for the bandit's favourite, the win probability once every variant has its sample.
#[component]
pub(super) fn VariantsSection(
    live: RwSignal<CampaignLive>,
    on_toggle: Callback<(i64, bool)>,
    busy: Signal<Option<i64>>,
) -> impl IntoView {
    let first_ids = move || live.with(|l| l.variants.iter().filter(|v| !v.follow_up).map(|v| v.id).collect::<Vec<_>>());
    let follow_up_ids =
        move || live.with(|l| l.variants.iter().filter(|v| v.follow_up).map(|v| v.id).collect::<Vec<_>>());
    let active_first =
        Memo::new(move |_| live.with(|l| l.variants.iter().filter(|v| !v.follow_up && v.active).count()));
    view! {
        <section class="space-y-4" aria-labelledby="variantes-titre">
            <div>
                <h2 id="variantes-titre" class="text-lg font-semibold text-ink-900">"Messages testés"</h2>
                <p class="mt-1 max-w-3xl text-sm text-ink-600">
                    {move || format!(
                        "Répartition équilibrée jusqu'à {} envois par variante, puis la meilleure est favorisée (échantillonnage de Thompson).",
                        live.with(|l| l.min_sample)
                    )}
                </p>
            </div>
            <ul class="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
                <For each=first_ids key=|id| *id let:vid>
                    <VariantCard vid live on_toggle busy last_active=Signal::derive(move || active_first.get() <= 1)/>
                </For>
            </ul>
            <Show when=move || !follow_up_ids().is_empty()>
                <h3 class="pt-2 text-sm font-semibold text-ink-900">"Message de relance"</h3>
                <ul class="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
                    <For each=follow_up_ids key=|id| *id let:vid>
                        <VariantCard vid live on_toggle busy last_active=Signal::derive(|| false)/>
                    </For>
                </ul>
            </Show>
        </section>
    }
}

#[component]
fn VariantCard(
    vid: i64,
    live: RwSignal<CampaignLive>,
    on_toggle: Callback<(i64, bool)>,
    busy: Signal<Option<i64>>,
    /// The only first-message variant still sent: it cannot be stopped.
    last_active: Signal<bool>,
) -> impl IntoView {
    let current = Memo::new(move |_| live.with(|l| l.variants.iter().find(|v| v.id == vid).cloned()));
    let Some(first) = current.get_untracked() else { return ().into_any() };
    let variant = Signal::derive(move || current.get().unwrap_or_else(|| first.clone()));
    let VariantStats { label, follow_up, subject, body, .. } = variant.get_untracked();
    let title = if !follow_up {
        format!("Variante {label}")
    } else if label.to_lowercase().starts_with("relance") {
        label.clone()
    } else {
        format!("Relance {label}")
    };
    let title_id = format!("variante-{vid}-titre");
    let heading_id = title_id.clone();
    let active = Signal::derive(move || variant.with(|v| v.active));
    let leader = Signal::derive(move || variant.with(|v| v.leader && !v.follow_up));
    let figure = move |f: fn(&VariantStats) -> String| Signal::derive(move || variant.with(f));
    let cannot_stop = Signal::derive(move || active.get() && !follow_up && last_active.get());
    view! {
        <li
            data-testid=format!("variant-{label}")
            data-active=move || active.get().to_string()
            data-leader=move || leader.get().to_string()
            class=move || format!(
                "flex flex-col rounded-xl bg-white p-5 shadow-card ring-1 {}",
                if leader.get() { "ring-2 ring-success-600" } else { "ring-ink-200/70" }
            )
        >
            <div class="flex flex-wrap items-start justify-between gap-2">
                <h3 id=heading_id class="text-base font-semibold text-ink-900">{title}</h3>
                <div class="flex flex-wrap gap-1.5">
                    <Show when=move || leader.get()>
                        <Badge tone=BadgeTone::Success>"En tête"</Badge>
                    </Show>
                    <Show when=move || !active.get()>
                        <Badge tone=BadgeTone::Neutral>"Arrêtée"</Badge>
                    </Show>
                </div>
            </div>
            <p class="mt-1 break-words text-sm text-ink-600">
                {if subject.trim().is_empty() { "Sans objet".to_string() } else { format!("Objet : {subject}") }}
            </p>
            <dl class="mt-4 grid grid-cols-2 gap-3 text-sm">
                <Figure label="Envois" value=figure(|v| int_fr(v.sent)) testid="variant-sent"/>
                <Figure label="Réponses" value=figure(|v| format!("{} ({} pos.)", int_fr(v.replies), int_fr(v.positive))) testid="variant-replies"/>
                <Figure label="Taux positif" value=figure(|v| percent_fr(v.positive_rate)) testid="variant-positive-rate"/>
                {(!follow_up).then(|| view! {
                    <Figure
                        label="Chance d'être la meilleure"
                        value=figure(|v| match v.win_probability {
                            // A probability (0–1); tolerate a server that already sends a percentage.
                            Some(p) => percent_fr(if p <= 1.0 { p * 100.0 } else { p }),
                            None => "—".to_string(),
                        })
                        testid="variant-win"
                    />
                })}
            </dl>
            <details class="mt-3 text-sm">
                <summary class="cursor-pointer rounded font-medium text-brand-700 hover:underline">"Voir le message"</summary>
                <p class="mt-2 whitespace-pre-line break-words rounded-lg bg-ink-50 p-3 text-ink-700">{body}</p>
            </details>
            <div class="mt-4 flex flex-wrap items-center gap-2 border-t border-ink-100 pt-4">
                <Button
                    size=ButtonSize::Small
                    variant=ButtonVariant::Secondary
                    loading=Signal::derive(move || busy.get() == Some(vid))
                    disabled=cannot_stop
                    aria_describedby=title_id
                    on_click=move |_| on_toggle.run((vid, !active.get_untracked()))
                >
                    {move || if active.get() { "Arrêter" } else { "Réactiver" }}
                </Button>
                <Show when=move || cannot_stop.get()>
                    <p class="text-xs text-ink-500">"Au moins une variante doit rester active."</p>
                </Show>
            </div>
        </li>
    }
    .into_any()
}
