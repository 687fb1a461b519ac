//! `/app/resultats`: over the period chosen, the key figures (meetings, signatures, revenue
//! signed, return on what Prospecta cost), the funnel with its conversion rates, the costs per
//! meeting and per signature, the trend as charts, and the funnel per campaign, variant and
//! offer. Read again every minute while the page is open.

use super::charts::{FunnelTrend, RevenueAgainstCost};
use crate::results::FunnelBars;
use crate::results::api::load_results;
use crate::ui::{Card, CardsSkeleton, DataTable, EmptyState, Failable, IconName, PageHeader, StatCard, Td, poll_while};
use leptos::prelude::*;
use leptos_meta::Title;
use prospecta_shared::format::{euros, integer_fr, percent_fr as percent};
use prospecta_shared::results::{Funnel, FunnelLine, ResultsPeriod, ResultsView};
use std::time::Duration;

fn count(n: u64) -> String {
    integer_fr(n as i64)
}

#[component]
pub fn ResultsPage() -> impl IntoView {
    let period = RwSignal::new(ResultsPeriod::Last3Months);
    let version = RwSignal::new(0u32);
    let data = Resource::new(move || (period.get(), version.get()), |(p, _)| load_results(p.as_str().to_string()));
    // Live: the figures are counted again each minute while the page is open.
    poll_while(Duration::from_secs(60), || true, move || version.update(|v| *v += 1));
    view! {
        <Title text="Résultats"/>
        <PageHeader title="Résultats" description="Ce que vos campagnes ont donné, du premier contact à la signature, et ce que Prospecta vous a coûté."/>
        <div class="mb-6 flex flex-wrap gap-2" role="group" aria-label="Période">
            {ResultsPeriod::ALL.into_iter().map(|p| {
                let selected = Signal::derive(move || period.get() == p);
                view! {
                    <button
                        type="button"
                        aria-pressed=move || selected.get().to_string()
                        class=move || format!("rounded-full px-3 py-1.5 text-sm font-medium {}", if selected.get() { "bg-brand-600 text-white" } else { "bg-white text-ink-700 ring-1 ring-ink-200 hover:bg-ink-50" })
                        on:click=move |_| period.set(p)
                    >{p.label_fr()}</button>
                }
            }).collect_view()}
        </div>
        <Transition fallback=|| view! { <CardsSkeleton cards=4/> }>
            <Failable>
                {move || Suspend::new(async move { data.await.map(|r| view! { <Results r/> }) })}
            </Failable>
        </Transition>
    }
}

#[component]
fn Results(r: ResultsView) -> impl IntoView {
    let t = r.total;
    if t == Funnel::default() && r.cost_cents == 0 {
        return view! {
            <EmptyState
                icon=IconName::Chart
                title="Pas encore de résultats sur cette période"
                description="Vos résultats se remplissent dès vos premiers contacts : réponses, rendez-vous pris, contrats signés que vous marquez dans Rendez-vous, et ce que vous avez payé."
                action_label="Voir mes campagnes"
                action_href="/app/campagnes"
            />
        }
        .into_any();
    }
    let roi = match r.roi_percent() {
        Some(roi) => format!("{}{roi}\u{a0}%", if roi > 0 { "+" } else { "" }),
        None => "—".to_string(),
    };
    let roi_hint = if r.cost_cents > 0 {
        format!("Pour {} HT payés à Prospecta", euros(r.cost_cents))
    } else {
        "Aucun paiement sur la période".to_string()
    };
    let trend = r.trend.clone();
    let trend_again = r.trend.clone();
    let paid = euros(r.cost_cents);
    let per_meeting = r.cost_per_meeting().map_or_else(|| "—".into(), euros);
    let per_signature = r.cost_per_signature().map_or_else(|| "—".into(), euros);
    view! {
        <p class="mb-4 text-sm text-ink-500" data-testid="results-span">{format!("Du premier contact à la signature, {}.", r.span_label)}</p>
        <div class="grid grid-cols-2 gap-3 sm:gap-4 xl:grid-cols-4" data-testid="results-figures">
            <StatCard label="Rendez-vous" value=count(t.meetings) hint=format!("{} des entreprises contactées", percent(t.meeting_rate())) icon=IconName::Calendar/>
            <StatCard label="Signatures" value=count(t.signed) hint=format!("{} des rendez-vous", percent(t.signature_rate())) icon=IconName::Check/>
            <StatCard label="Chiffre d'affaires signé" value=euros(t.revenue_cents) hint="Montants HT marqués dans Rendez-vous" icon=IconName::Euro/>
            <StatCard label="Retour sur investissement" value=roi hint=roi_hint icon=IconName::Chart/>
        </div>
        <div class="mt-6 grid gap-6 lg:grid-cols-5">
            <Card title="Entonnoir" subtitle="Chaque étape compte les événements de la période" class="lg:col-span-3">
                <FunnelBars funnel=t/>
            </Card>
            <Card title="Coûts" subtitle="Ce que vous avez payé à Prospecta (HT) rapporté à vos résultats" class="lg:col-span-2">
                <dl class="-my-3 divide-y divide-ink-100 text-sm" data-testid="results-costs">
                    <CostLine label="Payé à Prospecta" value=paid/>
                    <CostLine label="Coût par rendez-vous" value=per_meeting/>
                    <CostLine label="Coût par signature" value=per_signature/>
                    <CostLine label="Chiffre d'affaires signé" value=euros(t.revenue_cents)/>
                </dl>
            </Card>
        </div>
        <div class="mt-6 grid gap-6 xl:grid-cols-2">
            <Card title="Évolution" subtitle="Contacts, réponses, rendez-vous et signatures">
                <FunnelTrend trend/>
            </Card>
            <Card title="Chiffre signé et coût" subtitle="En euros HT">
                <RevenueAgainstCost trend=trend_again/>
            </Card>
        </div>
        <Breakdown r/>
    }
    .into_any()
}

#[component]
fn CostLine(label: &'static str, value: String) -> impl IntoView {
    view! {
        <div class="flex items-baseline justify-between gap-4 py-3">
            <dt class="text-ink-600">{label}</dt>
            <dd class="font-semibold tabular-nums text-ink-900">{value}</dd>
        </div>
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Cut {
    Campaign,
    Variant,
    Offer,
}

impl Cut {
    const ALL: [Cut; 3] = [Cut::Campaign, Cut::Variant, Cut::Offer];

    fn label(self) -> &'static str {
        match self {
            Cut::Campaign => "Par campagne",
            Cut::Variant => "Par variante",
            Cut::Offer => "Par offre",
        }
    }
}

/// The funnel per campaign, variant or offer.
#[component]
fn Breakdown(r: ResultsView) -> impl IntoView {
    let cut = RwSignal::new(Cut::Campaign);
    let lines = move || match cut.get() {
        Cut::Campaign => r.by_campaign.clone(),
        Cut::Variant => r.by_variant.clone(),
        Cut::Offer => r.by_offer.clone(),
    };
    view! {
        <section class="mt-6" aria-labelledby="breakdown-title">
            <div class="mb-3 flex flex-wrap items-center justify-between gap-3">
                <h2 id="breakdown-title" class="text-base font-semibold text-ink-900">"Détail"</h2>
                <div class="flex flex-wrap gap-2" role="group" aria-label="Détail">
                    {Cut::ALL.into_iter().map(|c| view! {
                        <button
                            type="button"
                            aria-pressed=move || (cut.get() == c).to_string()
                            class=move || format!("rounded-full px-3 py-1.5 text-sm font-medium {}", if cut.get() == c { "bg-ink-900 text-white" } else { "bg-white text-ink-700 ring-1 ring-ink-200 hover:bg-ink-50" })
                            on:click=move |_| cut.set(c)
                        >{c.label()}</button>
                    }).collect_view()}
                </div>
            </div>
            {move || {
                let lines = lines();
                if lines.is_empty() {
                    view! { <p class="rounded-xl bg-white p-5 text-sm text-ink-500 ring-1 ring-ink-200/70">"Aucune campagne n'a d'activité sur cette période."</p> }.into_any()
                } else {
                    view! { <BreakdownTable lines/> }.into_any()
                }
            }}
        </section>
    }
}

#[component]
fn BreakdownTable(lines: Vec<FunnelLine>) -> impl IntoView {
    let columns =
        vec!["Nom", "Prospects", "Contactés", "Réponses", "Intéressés", "Rendez-vous", "Signés", "Chiffre signé"];
    view! {
        <div data-testid="results-breakdown">
            <DataTable caption="Entonnoir par ligne" columns dense=true>
                {lines.into_iter().map(|l| {
                    let f = l.funnel;
                    view! {
                        <tr>
                            <Td class="min-w-40">
                                <span class="font-medium text-ink-900">{l.label}</span>
                                {l.detail.map(|d| view! { <span class="block text-xs text-ink-500">{d}</span> })}
                            </Td>
                            <Td class="tabular-nums">{count(f.prospects)}</Td>
                            <Td class="tabular-nums">{count(f.contacted)}</Td>
                            <Td class="tabular-nums">{count(f.replied)}<span class="ml-1 text-xs text-ink-500">{format!("({})", percent(f.reply_rate()))}</span></Td>
                            <Td class="tabular-nums">{count(f.interested)}</Td>
                            <Td class="tabular-nums">{count(f.meetings)}<span class="ml-1 text-xs text-ink-500">{format!("({})", percent(f.meeting_rate()))}</span></Td>
                            <Td class="tabular-nums">{count(f.signed)}</Td>
                            <Td class="whitespace-nowrap tabular-nums">{euros(f.revenue_cents)}</Td>
                        </tr>
                    }
                }).collect_view()}
            </DataTable>
        </div>
    }
}
