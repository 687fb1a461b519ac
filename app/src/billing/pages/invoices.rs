//! `/app/factures`: the invoices and credit notes issued (each downloadable as a PDF with its
//! Factur-X XML attached), the period statements (plan against delivered, SUB-2), then the
//! charges made for the account (date, offer, period, amount including VAT, status), newest
//! first.

use crate::billing::api::load_billing_account;
use crate::billing::statement_view::StatementHeading;
use crate::ui::{
    Badge, BadgeTone, DataTable, DownloadLink, EmptyState, Failable, IconName, PageHeader, SkeletonRows, Td,
};
use leptos::prelude::*;
use leptos_meta::Title;
use prospecta_shared::billing::{InvoiceKind, InvoiceRow, PaymentRow, PaymentStatus, StatementRow, StatementSummary};
use prospecta_shared::format::{euros, integer_fr};

#[component]
pub fn InvoicesPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_billing_account());
    view! {
        <Title text="Factures"/>
        <PageHeader title="Factures" description="Vos factures et avoirs, vos relevés de consommation par période, puis les paiements de votre abonnement."/>
        <Suspense fallback=|| view! { <SkeletonRows rows=5/> }>
            <Failable>
                {move || Suspend::new(async move {
                    data.await.map(|account| view! {
                        <section aria-labelledby="documents-title" class="mb-10">
                            <h2 id="documents-title" class="mb-3 text-base font-semibold text-ink-900">"Factures et avoirs"</h2>
                            <Documents invoices=account.invoices/>
                        </section>
                        <section aria-labelledby="statements-title" class="mb-10">
                            <h2 id="statements-title" class="mb-1 text-base font-semibold text-ink-900">"Relevés de consommation"</h2>
                            <p class="mb-3 text-sm text-ink-500">"Par période : ce que votre offre prévoyait et ce qui a été délivré. Le détail et le PDF listent chaque attribution et les consommations de chaque jour."</p>
                            <Statements statements=account.statements/>
                        </section>
                        <section aria-labelledby="payments-title">
                            <h2 id="payments-title" class="mb-3 text-base font-semibold text-ink-900">"Paiements"</h2>
                            <Payments payments=account.payments/>
                        </section>
                    })
                })}
            </Failable>
        </Suspense>
    }
}

#[component]
fn Documents(invoices: Vec<InvoiceRow>) -> impl IntoView {
    if invoices.is_empty() {
        return view! {
            <EmptyState
                icon=IconName::Receipt
                title="Aucune facture"
                description="Chaque paiement reçu donne une facture, à télécharger ici en PDF (avec sa version Factur-X)."
            />
        }
        .into_any();
    }
    view! {
        <DataTable caption="Factures et avoirs" columns=vec!["Numéro", "Date", "Objet", "Montant HT", "Montant TTC", "Télécharger"]>
            {invoices.into_iter().map(|doc| {
                let credit = doc.kind == InvoiceKind::CreditNote;
                // A credit note gives money back: its amounts read as negative.
                let signed = move |cents: i64| if credit { euros(-cents) } else { euros(cents) };
                let href = format!("/app/factures/{}/pdf", doc.id);
                let label = format!("Télécharger {} {} (PDF)", doc.kind.title_fr().to_lowercase(), doc.reference);
                let (phone_href, phone_label) = (href.clone(), label.clone());
                view! {
                    <tr data-testid="invoice-row">
                        <Td class="whitespace-nowrap">
                            <span class="font-medium tabular-nums text-ink-900">{doc.reference.clone()}</span>
                            <span class="block text-xs text-ink-500">{doc.kind.title_fr()}</span>
                            // On a phone the last column is past the screen's edge: the download is here too.
                            <DownloadLink href=phone_href label=phone_label class="-ml-2 mt-1 sm:hidden">"Télécharger le PDF"</DownloadLink>
                        </Td>
                        <Td class="whitespace-nowrap tabular-nums">{doc.date}</Td>
                        <Td>
                            <span class="text-ink-900">{doc.description}</span>
                            {doc.corrects.map(|invoice| view! { <span class="block text-xs text-ink-500">{format!("Avoir sur la facture {invoice}")}</span> })}
                            {doc.sandbox.then(|| view! { <span class="mt-1 block"><Badge tone=BadgeTone::Warning>"Simulée"</Badge></span> })}
                        </Td>
                        <Td class="whitespace-nowrap tabular-nums">{signed(doc.net_cents)}</Td>
                        <Td class="whitespace-nowrap tabular-nums font-medium">{signed(doc.gross_cents)}</Td>
                        <Td class="whitespace-nowrap text-right">
                            <DownloadLink href=href label>"PDF"</DownloadLink>
                        </Td>
                    </tr>
                }
            }).collect_view()}
        </DataTable>
    }
    .into_any()
}

/// "37 / 500": delivered against included, or delivered alone outside a paid month.
fn used(row: &StatementRow) -> String {
    match row.included {
        Some(included) => format!("{} / {}", integer_fr(row.delivered), integer_fr(included)),
        None => integer_fr(row.delivered),
    }
}

#[component]
fn Statements(statements: Vec<StatementSummary>) -> impl IntoView {
    if statements.is_empty() {
        return view! {
            <EmptyState
                icon=IconName::Chart
                title="Aucun relevé"
                description="Le relevé d'une période apparaît dès la première attribution de votre quota."
            />
        }
        .into_any();
    }
    // A statement's rows come in this order: the ledger's quotas, then the model's tokens.
    let columns = vec![
        "Période",
        "Prospects débloqués",
        "Entreprises contactées",
        "Réponses de l'agent",
        "Jetons d'IA",
        "Détail",
    ];
    view! {
        <DataTable caption="Relevés de consommation par période" columns>
            {statements.into_iter().map(|summary| {
                let key = summary.period.key();
                let detail = format!("/app/factures/releves/{key}");
                let phone_detail = detail.clone();
                let pdf = format!("/app/factures/releves/{key}/pdf");
                let label = format!("Télécharger le relevé {} (PDF)", summary.label.to_lowercase());
                let cells: Vec<String> = summary.rows.iter().map(used).collect();
                view! {
                    <tr data-testid="statement-row">
                        <Td class="min-w-[13rem]">
                            <StatementHeading summary=summary.clone()/>
                            <a class="mt-1 inline-block text-sm font-semibold text-brand-700 hover:underline sm:hidden" href=phone_detail>"Voir le relevé"</a>
                        </Td>
                        {cells.into_iter().map(|cell| view! { <Td class="whitespace-nowrap tabular-nums">{cell}</Td> }).collect_view()}
                        <Td class="whitespace-nowrap text-right">
                            <a class="rounded-md px-2 py-1 text-sm font-semibold text-brand-700 hover:bg-brand-50" href=detail>"Voir"</a>
                            <DownloadLink href=pdf label>"PDF"</DownloadLink>
                        </Td>
                    </tr>
                }
            }).collect_view()}
        </DataTable>
    }
    .into_any()
}

fn tone(status: PaymentStatus) -> BadgeTone {
    match status {
        PaymentStatus::Paid => BadgeTone::Success,
        PaymentStatus::Failed => BadgeTone::Danger,
        PaymentStatus::Canceled | PaymentStatus::Expired => BadgeTone::Neutral,
        PaymentStatus::Open | PaymentStatus::Pending | PaymentStatus::Authorized => BadgeTone::Warning,
    }
}

#[component]
fn Payments(payments: Vec<PaymentRow>) -> impl IntoView {
    if payments.is_empty() {
        return view! {
            <EmptyState
                icon=IconName::Receipt
                title="Aucun paiement"
                description="Aucune somme ne vous a été prélevée. Vos paiements apparaîtront ici dès que vous aurez souscrit une offre."
                action_label="Voir les offres"
                action_href="/app/abonnement"
            />
        }
        .into_any();
    }
    view! {
        <DataTable caption="Paiements de l'abonnement" columns=vec!["Date", "Offre", "Période", "Montant TTC", "État"]>
            {payments.into_iter().map(|p| {
                let what = p.what.clone();
                let period = p.period.map_or_else(|| "—".to_string(), |(from, to)| format!("du {from} au {to}"));
                view! {
                    <tr data-testid="payment-row">
                        <Td class="whitespace-nowrap tabular-nums">{p.date}</Td>
                        <Td><span class="font-medium text-ink-900">{p.plan_name}</span><span class="block text-xs text-ink-500">{what}</span></Td>
                        <Td class="whitespace-nowrap tabular-nums">{period}</Td>
                        <Td class="whitespace-nowrap tabular-nums">{euros(p.amount_cents)}</Td>
                        <Td>
                            {if p.refunded {
                                view! { <Badge tone=BadgeTone::Neutral>"Remboursé"</Badge> }.into_any()
                            } else {
                                view! { <Badge tone=tone(p.status)>{p.status.label_fr()}</Badge> }.into_any()
                            }}
                        </Td>
                    </tr>
                }
            }).collect_view()}
        </DataTable>
    }
    .into_any()
}
