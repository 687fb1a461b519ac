//! `/app/factures`: the invoices and credit notes issued (each downloadable as a PDF with its
//! Factur-X XML attached), then the charges made for the account (date, offer, period, amount
//! including VAT, status), newest first.

use crate::billing::api::load_billing_account;
use crate::ui::{Badge, BadgeTone, DataTable, EmptyState, Failable, IconName, PageHeader, SkeletonRows, Td};
use leptos::prelude::*;
use leptos_meta::Title;
use prospecta_shared::billing::{InvoiceKind, InvoiceRow, PaymentRow, PaymentStatus};
use prospecta_shared::format::euros;

#[component]
pub fn InvoicesPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_billing_account());
    view! {
        <Title text="Factures"/>
        <PageHeader title="Factures" description="Vos factures et avoirs à télécharger, puis les paiements de votre abonnement."/>
        <Suspense fallback=|| view! { <SkeletonRows rows=5/> }>
            <Failable>
                {move || Suspend::new(async move {
                    data.await.map(|account| view! {
                        <section aria-labelledby="documents-title" class="mb-10">
                            <h2 id="documents-title" class="mb-3 text-base font-semibold text-ink-900">"Factures et avoirs"</h2>
                            <Documents invoices=account.invoices/>
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
                view! {
                    <tr data-testid="invoice-row">
                        <Td class="whitespace-nowrap">
                            <span class="font-medium tabular-nums text-ink-900">{doc.reference.clone()}</span>
                            <span class="block text-xs text-ink-500">{doc.kind.title_fr()}</span>
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
                            <a
                                class="inline-flex items-center gap-1.5 rounded-md px-2 py-1 text-sm font-semibold text-brand-700 hover:bg-brand-50 focus-visible:outline focus-visible:outline-2 focus-visible:outline-brand-600"
                                href=href
                                download=""
                                aria-label=label
                                rel="external"
                            >
                                "PDF"
                            </a>
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
