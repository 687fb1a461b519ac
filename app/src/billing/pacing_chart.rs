//! The dashboard's "Rythme de l'abonnement" (SUB-4): for each day of the period, the first
//! contacts planned (the plan's rest spread over the business days left) against those made,
//! drawn as bars, with the figures in a table for screen readers. Shown only with a
//! subscription: during the trial each campaign keeps its own pace.

use crate::billing::api::load_pacing;
use crate::ui::{Card, Failable};
use leptos::prelude::*;
use prospecta_shared::billing::{PacingDay, PacingView};
use prospecta_shared::format::integer_fr;

#[component]
pub fn PacingCard() -> impl IntoView {
    let pacing = Resource::new(|| (), |_| load_pacing());
    view! {
        // No placeholder: most trial accounts have no subscription, and nothing shows for them.
        <Suspense fallback=|| ()>
            <Failable>
                {move || Suspend::new(async move {
                    pacing.await.map(|view| view.map(|p| view! { <div class="mt-6"><Pacing p/></div> }))
                })}
            </Failable>
        </Suspense>
    }
}

const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 180.0;
const AXIS: f64 = 4.0;

#[component]
fn Pacing(p: PacingView) -> impl IntoView {
    let subtitle = format!(
        "{} : {} entreprises contactées par mois, réparties sur les jours ouvrés (jours fériés exclus)",
        p.plan_name,
        integer_fr(p.included)
    );
    let today = if p.suspended {
        "Envois suspendus jusqu'au paiement".to_string()
    } else if p.target_today == 0 {
        "Aucun premier contact prévu aujourd'hui (jour non ouvré ou quota épuisé)".to_string()
    } else {
        format!("Aujourd'hui : {} sur {} prévus", integer_fr(p.done_today as i64), integer_fr(p.target_today as i64))
    };
    let days_left = format!(
        "{} jour{} ouvré{} restant{} dans la période",
        p.business_days_left,
        if p.business_days_left > 1 { "s" } else { "" },
        if p.business_days_left > 1 { "s" } else { "" },
        if p.business_days_left > 1 { "s" } else { "" },
    );
    let max = p.days.iter().map(|d| d.planned.max(d.done)).max().unwrap_or(0).max(1) as f64;
    let slot = WIDTH / p.days.len().max(1) as f64;
    let bar = (slot * 0.36).max(2.0);
    let y = move |n: u64| HEIGHT - AXIS - (n as f64 / max) * (HEIGHT - AXIS - 8.0);
    let days = p.days.clone();
    let first_label = days.first().map(|d| d.label.clone()).unwrap_or_default();
    let last_label = days.last().map(|d| d.label.clone()).unwrap_or_default();
    let today_label = days.iter().find(|d| d.today).map(|d| format!("Aujourd'hui ({})", d.label)).unwrap_or_default();
    view! {
        <Card title="Rythme de l'abonnement" subtitle=subtitle>
            <div class="flex flex-wrap items-baseline gap-x-6 gap-y-1 text-sm" data-testid="pacing-summary">
                <p class="font-semibold text-ink-900">{today}</p>
                <p class="text-ink-600">{days_left}</p>
            </div>
            <figure class="mt-4" data-testid="pacing-chart">
                <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") class="h-48 w-full" role="img" aria-labelledby="pacing-caption" preserveAspectRatio="none">
                    <line x1="0" x2=WIDTH y1=HEIGHT - AXIS y2=HEIGHT - AXIS class="stroke-ink-200" stroke-width="1"/>
                    {days.iter().enumerate().map(|(i, d)| {
                        let x = i as f64 * slot + slot * 0.12;
                        let planned_class = if d.projected { "fill-brand-100" } else { "fill-brand-200" };
                        view! {
                            <g>
                                <rect x=x y=y(d.planned) width=bar height=(HEIGHT - AXIS - y(d.planned)).max(0.0) rx="1.5" class=planned_class/>
                                <rect x=x + bar y=y(d.done) width=bar height=(HEIGHT - AXIS - y(d.done)).max(0.0) rx="1.5" class="fill-brand-600"/>
                                {d.today.then(|| view! { <rect x=x - 2.0 y="2" width=bar * 2.0 + 4.0 height=HEIGHT - AXIS - 2.0 class="fill-none stroke-ink-400" stroke-dasharray="3 3" stroke-width="1"/> })}
                            </g>
                        }
                    }).collect_view()}
                </svg>
                // Dates under the chart in HTML, readable at any width (the drawing stretches).
                <div class="mt-1 flex justify-between text-xs text-ink-500" aria-hidden="true">
                    <span>{first_label}</span>
                    <span class="font-semibold text-ink-800">{today_label}</span>
                    <span>{last_label}</span>
                </div>
                <figcaption id="pacing-caption" class="mt-3 flex flex-wrap gap-x-5 gap-y-1 text-xs text-ink-600">
                    <span class="inline-flex items-center gap-1.5"><span class="size-2.5 rounded-sm bg-brand-200" aria-hidden="true"></span>"Prévus"</span>
                    <span class="inline-flex items-center gap-1.5"><span class="size-2.5 rounded-sm bg-brand-100" aria-hidden="true"></span>"Prévus (projection)"</span>
                    <span class="inline-flex items-center gap-1.5"><span class="size-2.5 rounded-sm bg-brand-600" aria-hidden="true"></span>"Premiers contacts faits"</span>
                    <span>"Ce qui n'est pas envoyé un jour est réparti sur les jours ouvrés suivants."</span>
                </figcaption>
            </figure>
            <PacingTable days=p.days/>
        </Card>
    }
}

/// The chart's figures, for screen readers (and anyone who prefers to read them).
#[component]
fn PacingTable(days: Vec<PacingDay>) -> impl IntoView {
    view! {
        <details class="mt-4 text-sm">
            <summary class="cursor-pointer font-medium text-brand-700">"Voir les chiffres jour par jour"</summary>
            <table class="mt-2 w-full text-left text-sm">
                <caption class="sr-only">"Premiers contacts prévus et faits, jour par jour"</caption>
                <thead><tr class="text-xs uppercase text-ink-500"><th scope="col" class="py-1">"Jour"</th><th scope="col">"Prévus"</th><th scope="col">"Faits"</th></tr></thead>
                <tbody>
                    {days.into_iter().filter(|d| d.business_day).map(|d| view! {
                        <tr class=if d.today { "font-semibold text-ink-900" } else { "text-ink-700" }>
                            <td class="py-0.5 tabular-nums">{d.label}{d.today.then_some(" (aujourd'hui)")}</td>
                            <td class="tabular-nums">{d.planned}{d.projected.then_some(" (projection)")}</td>
                            <td class="tabular-nums">{if d.projected { "—".to_string() } else { d.done.to_string() }}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </details>
    }
}
