//! `/admin/indicateurs`: the platform's indicators — clients, recurring revenue and
//! cancellations, the forms and e-mails of the last 30 days as a chart, the language model's use
//! per client and feature, and the success of every client's prospecting (the figures the agency
//! can publish). Read from the views made for BI tools, so both count alike.

use super::clients_map::ClientsMap;
use crate::admin::api::load_platform_kpis;
use crate::results::FunnelBars;
use crate::ui::{Card, CardsSkeleton, Chart, DataTable, Failable, IconName, PageHeader, StatCard, Td};
use leptos::prelude::*;
use leptos_meta::Title;
use prospecta_shared::agency::{DayActivity, LlmLine, PlatformKpis};
use prospecta_shared::format::{euros, integer_fr, percent_fr};
use serde_json::json;

#[component]
pub fn AdminKpisPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_platform_kpis());
    view! {
        <Title text="Indicateurs"/>
        <PageHeader title="Indicateurs" description="Les clients, le revenu récurrent, l'activité et le succès de la prospection sur toute la plateforme (l'organisation de l'agence n'est pas comptée)."/>
        <Suspense fallback=|| view! { <CardsSkeleton cards=4/> }>
            <Failable>
                {move || Suspend::new(async move { data.await.map(|k| view! { <Kpis k/> }) })}
            </Failable>
        </Suspense>
    }
}

#[component]
fn Kpis(k: PlatformKpis) -> impl IntoView {
    let s = k.success;
    let churn = format!("{} des clients ayant payé", percent_fr(k.churn_rate()));
    view! {
        <div class="grid grid-cols-2 gap-3 sm:gap-4 xl:grid-cols-4" data-testid="platform-kpis">
            <StatCard label="Clients" value=integer_fr(k.clients as i64) hint=format!("{} payants", integer_fr(k.paying as i64)) icon=IconName::Users/>
            <StatCard label="Revenu mensuel récurrent" value=euros(k.mrr_cents_ht) hint="HT, abonnements payés ou en période de grâce" icon=IconName::Euro/>
            <StatCard label="Résiliations" value=integer_fr(k.churned as i64) hint=churn icon=IconName::Ban/>
            <StatCard label="Contrats signés par les clients" value=integer_fr(s.signed as i64) hint=format!("{} HT signés", euros(s.revenue_cents)) icon=IconName::Check/>
        </div>
        <div class="mt-6 grid gap-6 lg:grid-cols-5">
            <Card title="Activité des 30 derniers jours" subtitle="Formulaires déposés et e-mails envoyés par jour (UTC)" class="lg:col-span-3">
                <ActivityChart days=k.days.clone()/>
            </Card>
            <Card title="Succès de la prospection" subtitle="Tous clients, depuis le début : ce que l'agence peut publier" class="lg:col-span-2">
                <div data-testid="platform-success"><FunnelBars funnel=s/></div>
                <p class="mt-4 text-sm text-ink-600">
                    {format!(
                        "Réponse : {} des contactés · rendez-vous : {} des contactés · signature : {} des rendez-vous.",
                        percent_fr(s.reply_rate()),
                        percent_fr(s.meeting_rate()),
                        percent_fr(s.signature_rate())
                    )}
                </p>
            </Card>
        </div>
        <Card title="Carte des clients" subtitle="Par commune de leur adresse" class="mt-6">
            <ClientsMap points=k.map.clone() unplaced=k.unplaced/>
        </Card>
        <div class="mt-6 grid gap-6 xl:grid-cols-2">
            <LlmTable title="Modèle de langage par client (30 jours)" first="Client" lines=k.llm_by_client.clone()/>
            <LlmTable title="Modèle de langage par fonction (30 jours)" first="Fonction" lines=k.llm_by_feature.clone()/>
        </div>
    }
}

#[component]
fn ActivityChart(days: Vec<DayActivity>) -> impl IntoView {
    let labels: Vec<&str> = days.iter().map(|d| d.label.as_str()).collect();
    let config = json!({
        "type": "bar",
        "data": {"labels": labels, "datasets": [
            {"label": "Formulaires", "data": days.iter().map(|d| d.forms).collect::<Vec<_>>(), "backgroundColor": "#4338ca", "borderRadius": 3},
            {"label": "E-mails", "data": days.iter().map(|d| d.emails).collect::<Vec<_>>(), "backgroundColor": "#a5b4fc", "borderRadius": 3},
        ]},
        "options": {
            "responsive": true, "maintainAspectRatio": false, "locale": "fr-FR",
            "plugins": {"legend": {"position": "bottom", "labels": {"boxWidth": 12, "color": "#64748b"}}},
            "scales": {
                "x": {"stacked": true, "grid": {"display": false}, "ticks": {"color": "#64748b", "maxRotation": 0, "autoSkipPadding": 12}},
                "y": {"stacked": true, "beginAtZero": true, "ticks": {"color": "#64748b", "precision": 0}}
            }
        }
    })
    .to_string();
    view! {
        <Chart label="Formulaires et e-mails envoyés chaque jour, 30 derniers jours" config>
            <table>
                <caption>"Activité des 30 derniers jours"</caption>
                <thead><tr><th>"Jour"</th><th>"Formulaires"</th><th>"E-mails"</th></tr></thead>
                <tbody>
                    {days.iter().map(|d| view! {
                        <tr><td>{d.label.clone()}</td><td>{d.forms}</td><td>{d.emails}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </Chart>
    }
}

/// Tokens and their estimated cost, per client or per feature.
#[component]
fn LlmTable(title: &'static str, first: &'static str, lines: Vec<LlmLine>) -> impl IntoView {
    let empty = lines.is_empty();
    view! {
        <section aria-label=title>
            <h2 class="mb-3 text-base font-semibold text-ink-900">{title}</h2>
            {if empty {
                view! { <p class="rounded-xl bg-white p-5 text-sm text-ink-500 ring-1 ring-ink-200/70">"Aucun appel au modèle ces 30 derniers jours."</p> }.into_any()
            } else {
                view! {
                    <DataTable caption=title columns=vec![first, "Jetons", "Coût estimé"]>
                        {lines.into_iter().map(|l| view! {
                            <tr>
                                <Td>{l.label}</Td>
                                <Td class="tabular-nums">{integer_fr(l.tokens)}</Td>
                                <Td class="whitespace-nowrap tabular-nums">{euros((l.cost_micro_eur + 5_000) / 10_000)}</Td>
                            </tr>
                        }).collect_view()}
                    </DataTable>
                }.into_any()
            }}
        </section>
    }
}
