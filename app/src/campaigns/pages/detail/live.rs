//! The campaign's live figures: the server-sent stream (or polling when it is unavailable), the
//! counters (FORM-5), today's progress and the month's quota, and failures by reason (FORM-7).

use crate::campaigns::api::campaign_live;
use crate::campaigns::pages::{Figure, count_fr, int_fr, share};
use crate::ui::{Icon, IconName, ProgressBar, refresh_while};
use leptos::prelude::*;
use prospecta_shared::AppError;
use prospecta_shared::campaigns::{CampaignLive, CampaignStatus, FailureCount};
use prospecta_shared::ids::CampaignId;
use std::time::Duration;

/// How often the campaign page asks for fresh figures when the live stream is unavailable.
const LIVE_POLL: Duration = Duration::from_secs(3);

/// The campaign's figures, kept fresh: server-sent events, or polling when the stream is
/// unavailable. New sends, failures or replies bump `contacts_version` so the contacts table
/// follows. Also returns the refresh, for the actions that change the figures.
pub(super) fn follow_live(
    id: CampaignId,
    first: CampaignLive,
    contacts_version: RwSignal<u32>,
) -> (RwSignal<CampaignLive>, Action<(), Result<CampaignLive, AppError>>) {
    let live = RwSignal::new(first);
    let stream_failed = RwSignal::new(false);
    let refresh = refresh_while(live, LIVE_POLL, move || stream_failed.get(), move || campaign_live(id));
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        open_stream(id, live, stream_failed);
    });
    let counts = Memo::new(move |_| live.with(|l| (l.sent_total, l.failures_total, l.replies, l.pending)));
    Effect::new(move |previous: Option<(u64, u64, u64, u64)>| {
        let now = counts.get();
        if previous.is_some_and(|p| p != now) {
            contacts_version.update(|v| *v += 1);
        }
        now
    });
    (live, refresh)
}

/// The live stream of the campaign's figures (server-sent events, event "live", JSON
/// `CampaignLive`). On any error the stream is closed and the page polls instead.
#[cfg(feature = "hydrate")]
fn open_stream(campaign_id: CampaignId, live: RwSignal<CampaignLive>, failed: RwSignal<bool>) {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;

    let Ok(source) = web_sys::EventSource::new(&format!("/app/campagnes/{campaign_id}/flux")) else {
        failed.set(true);
        return;
    };
    let on_live = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
        if let Some(text) = ev.data().as_string()
            && let Ok(fresh) = serde_json::from_str::<CampaignLive>(&text)
        {
            let _ = live.try_set(fresh);
        }
    });
    let _ = source.add_event_listener_with_callback("live", on_live.as_ref().unchecked_ref());
    // Unnamed events too, in case the server sends them without an event name.
    source.set_onmessage(Some(on_live.as_ref().unchecked_ref()));
    let closing = source.clone();
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| {
        closing.close();
        let _ = failed.try_set(true);
    });
    source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    // Cleanups run before this owner's values are dropped: the stream is closed on leaving.
    let held = StoredValue::new_local(Some((source, on_live, on_error)));
    on_cleanup(move || {
        if let Some(Some((source, _on_live, _on_error))) = held.try_update_value(Option::take) {
            source.close();
        }
    });
}

/// The five live counters of the campaign.
#[component]
pub(super) fn Counters(live: RwSignal<CampaignLive>) -> impl IntoView {
    let figure = move |f: fn(&CampaignLive) -> u64| Signal::derive(move || live.with(f));
    view! {
        <dl class="grid grid-cols-2 gap-3 sm:grid-cols-3 sm:gap-4 lg:grid-cols-5">
            <Counter label="Envoyés aujourd'hui" testid="sent-today" value=figure(|l| l.sent_today)>
                {move || live.with(|l| (l.in_flight > 0).then(|| count_fr(l.in_flight, "envoi en cours", "envois en cours")))}
            </Counter>
            <Counter label="Prévus aujourd'hui" testid="planned-today" value=figure(|l| l.planned_today)>
                {move || live.with(|l| if l.in_window { "Dans la plage d'envoi".to_string() } else { "Hors plage d'envoi".to_string() })}
            </Counter>
            <Counter label="En attente" testid="pending" value=figure(|l| l.pending)>
                {move || live.with(|l| format!("sur {}", count_fr(l.targets, "cible", "cibles")))}
            </Counter>
            <Counter label="Réponses" testid="replies" value=figure(|l| l.replies)>
                "dont "<span data-testid="positive-replies">{move || live.with(|l| int_fr(l.positive_replies))}</span>
                {move || live.with(|l| if l.positive_replies <= 1 { " positive" } else { " positives" })}
            </Counter>
            <Counter label="Échecs" testid="failures-total" value=figure(|l| l.failures_total)>
                "Non décompté de votre quota"
            </Counter>
        </dl>
    }
}

/// A live figure of the campaign, with a stable `data-testid` (its raw value in `data-value`).
#[component]
pub(super) fn Counter(
    label: &'static str,
    testid: &'static str,
    value: Signal<u64>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    view! {
        <div class="min-w-0 rounded-xl bg-white p-4 shadow-card ring-1 ring-ink-200/70 sm:p-5">
            <dt class="text-sm font-medium text-ink-500">{label}</dt>
            <dd
                class="mt-1 text-2xl font-semibold tracking-tight tabular-nums text-ink-900 sm:text-3xl"
                data-testid=testid
                data-value=move || value.get().to_string()
            >
                {move || int_fr(value.get())}
            </dd>
            {children.map(|c| view! { <dd class="mt-1 text-xs text-ink-500">{c()}</dd> })}
        </div>
    }
}

/// Today's sends and the month's quota, and when the next send happens.
#[component]
pub(super) fn ProgressCard(live: RwSignal<CampaignLive>) -> impl IntoView {
    let today = Signal::derive(move || live.with(|l| share(l.sent_today, l.sent_today + l.planned_today)));
    let today_detail = Signal::derive(move || {
        live.with(|l| {
            format!(
                "{} sur {} prévus aujourd'hui",
                int_fr(l.sent_today),
                count_fr(l.sent_today + l.planned_today, "envoi", "envois")
            )
        })
    });
    let month = Signal::derive(move || live.with(|l| share(l.period_done, l.period_quota)));
    let month_detail = Signal::derive(move || {
        live.with(|l| {
            format!("{} sur {} ce mois-ci", int_fr(l.period_done), count_fr(l.period_quota, "envoi", "envois"))
        })
    });
    let figure = move |f: fn(&CampaignLive) -> String| Signal::derive(move || live.with(f));
    view! {
        <section class="rounded-xl bg-white p-5 shadow-card ring-1 ring-ink-200/70" aria-labelledby="avancement-titre">
            <h2 id="avancement-titre" class="text-base font-semibold text-ink-900">"Avancement"</h2>
            <div class="mt-4 space-y-5">
                <ProgressBar label="Aujourd'hui" percent=today detail=today_detail/>
                <ProgressBar label="Quota du mois" percent=month detail=month_detail/>
            </div>
            <p class="mt-4 flex items-start gap-1.5 text-sm text-ink-700" data-testid="next-send" aria-live="polite">
                <Icon name=IconName::Clock class="mt-0.5 size-4 shrink-0 text-ink-500"/>
                {move || live.with(|l| match (&l.next_send, l.status) {
                    (Some(next), _) => next.clone(),
                    (None, CampaignStatus::Running) if l.pending == 0 => "Toutes les entreprises ont été contactées.".to_string(),
                    (None, CampaignStatus::Running) => "Prochain envoi en préparation.".to_string(),
                    (None, CampaignStatus::Paused) => "Aucun envoi pendant la pause.".to_string(),
                    (None, CampaignStatus::Draft) => "Aucun envoi avant le démarrage de la campagne.".to_string(),
                })}
            </p>
            <dl class="mt-4 grid grid-cols-2 gap-3 text-sm sm:grid-cols-3">
                <Figure label="Envoyés au total" value=figure(|l| format!("{} / {}", int_fr(l.sent_total), int_fr(l.targets)))/>
                <Figure label="Relances envoyées" value=figure(|l| int_fr(l.follow_ups_sent))/>
                <Figure
                    label="E-mails en attente"
                    value=figure(|l| int_fr(l.email_queue))
                    testid="emails-non-envoyes"
                    note="Premiers messages à envoyer par e-mail : ils partent depuis votre messagerie connectée (Paramètres)."
                />
            </dl>
        </section>
    }
}

/// Failures by reason as horizontal bars (FORM-7).
#[component]
pub(super) fn FailuresCard(live: RwSignal<CampaignLive>) -> impl IntoView {
    let failures = Memo::new(move |_| {
        let mut list: Vec<FailureCount> = live.with(|l| l.failures.iter().filter(|f| f.count > 0).cloned().collect());
        list.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
        list
    });
    view! {
        <section class="rounded-xl bg-white p-5 shadow-card ring-1 ring-ink-200/70" aria-labelledby="echecs-titre">
            <h2 id="echecs-titre" class="text-base font-semibold text-ink-900">"Échecs par motif"</h2>
            <p class="mt-1 text-sm text-ink-600">
                "Un échec n'est pas décompté de votre quota d'entreprises contactées. Les erreurs passagères (site indisponible…) sont réessayées automatiquement."
            </p>
            <Show
                when=move || !failures.with(Vec::is_empty)
                fallback=|| view! { <p class="mt-4 text-sm text-ink-500">"Aucun échec pour le moment."</p> }
            >
                <ul class="mt-4 space-y-3">
                    {move || {
                        let list = failures.get();
                        let max = list.iter().map(|f| f.count).max().unwrap_or(1).max(1);
                        list.into_iter().map(|f| {
                            let width = (f.count.saturating_mul(100) / max).max(2);
                            view! {
                                <li data-testid=format!("failure-{}", f.outcome)>
                                    <div class="flex items-baseline justify-between gap-3 text-sm">
                                        <span class="min-w-0 text-ink-700">{f.label}</span>
                                        <span class="shrink-0 font-medium tabular-nums text-ink-900">{int_fr(f.count)}</span>
                                    </div>
                                    <div class="mt-1 h-2 rounded-full bg-ink-100" aria-hidden="true">
                                        <div class="h-2 rounded-full bg-danger-500 transition-[width] duration-500" style=format!("width: {width}%")></div>
                                    </div>
                                </li>
                            }
                        }).collect_view()
                    }}
                </ul>
            </Show>
        </section>
    }
}
