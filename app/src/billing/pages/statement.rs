//! `/app/factures/releves/:period`: one period's statement (SUB-2): what the plan included
//! against what was delivered, unit by unit, then every grant and each day's deliveries, and
//! the same as a PDF.

use crate::billing::api::load_statement;
use crate::billing::statement_view::{StatementHeading, StatementTotals};
use crate::ui::{Alert, AlertTone, BackLink, Card, DataTable, DownloadLink, Failable, PageHeader, SkeletonRows, Td};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use prospecta_shared::billing::Statement;
use prospecta_shared::format::signed_fr as signed;

#[component]
pub fn StatementPage() -> impl IntoView {
    let params = use_params_map();
    let period = Memo::new(move |_| params.with(|p| p.get("period").unwrap_or_default()));
    let data = Resource::new(move || period.get(), load_statement);
    view! {
        <Title text="Relevé de consommation"/>
        <BackLink href="/app/factures" label="Factures"/>
        <Suspense fallback=|| view! { <SkeletonRows rows=6/> }>
            <Failable>
                {move || Suspend::new(async move { data.await.map(|statement| view! { <StatementBody statement/> }) })}
            </Failable>
        </Suspense>
    }
}

#[component]
fn StatementBody(statement: Statement) -> impl IntoView {
    let href = format!("/app/factures/releves/{}/pdf", statement.summary.period.key());
    let label = format!("Télécharger le relevé {} (PDF)", statement.summary.label.to_lowercase());
    let lines = statement.lines;
    view! {
        <PageHeader
            title="Relevé de consommation"
            description="Ce que votre offre prévoyait et ce qui a été délivré, puis chaque attribution et les consommations de chaque jour."
            actions=Box::new(move || view! { <DownloadLink href=href.clone() label=label.clone()>"Télécharger le PDF"</DownloadLink> }.into_any())
        />
        {statement.simulated.then(|| view! {
            <div class="mb-6"><Alert tone=AlertTone::Warning>"Mode bac à sable : les paiements de ce relevé sont simulés."</Alert></div>
        })}
        <Card class="mb-8">
            <div class="mb-4"><StatementHeading summary=statement.summary.clone()/></div>
            <StatementTotals rows=statement.summary.rows/>
            <p class="mt-3 text-xs text-ink-500">
                "Reporté : solde au début de la période. Crédité : abonnement, recharges, gestes commerciaux et changements d'offre au prorata. Une prise de contact qui échoue n'est pas décomptée ; les jetons d'IA sont mesurés à chaque appel au modèle."
            </p>
        </Card>
        <section aria-labelledby="lines-title">
            <h2 id="lines-title" class="mb-3 text-base font-semibold text-ink-900">"Mouvements"</h2>
            {if lines.is_empty() {
                view! { <p class="rounded-xl bg-white p-5 text-sm text-ink-500 ring-1 ring-ink-200/70">"Aucun mouvement sur cette période."</p> }.into_any()
            } else {
                view! {
                    <DataTable caption="Mouvements de la période" columns=vec!["Date", "Mouvement", "Quantité"] dense=true>
                        {lines.into_iter().map(|line| view! {
                            <tr data-testid="statement-line">
                                <Td class="whitespace-nowrap tabular-nums">{line.date}</Td>
                                <Td>
                                    <span class="text-ink-900">{line.label}</span>
                                    <span class="block text-xs text-ink-500">{line.unit}</span>
                                </Td>
                                <Td class=if line.delta < 0 { "whitespace-nowrap text-right tabular-nums text-ink-700" } else { "whitespace-nowrap text-right tabular-nums font-semibold text-success-700" }>
                                    {signed(line.delta)}
                                </Td>
                            </tr>
                        }).collect_view()}
                    </DataTable>
                }.into_any()
            }}
        </section>
    }
}
