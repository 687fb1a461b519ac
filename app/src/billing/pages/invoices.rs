//! `/app/factures`: the charges made for the account (date, offer, period, amount including
//! VAT, status), newest first.

use crate::billing::api::load_billing_account;
use crate::ui::{Badge, BadgeTone, DataTable, EmptyState, Failable, IconName, PageHeader, SkeletonRows, Td};
use leptos::prelude::*;
use leptos_meta::Title;
use prospecta_shared::billing::{PaymentRow, PaymentStatus};
use prospecta_shared::format::euros;

#[component]
pub fn InvoicesPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_billing_account());
    view! {
        <Title text="Factures"/>
        <PageHeader title="Factures" description="Les paiements de votre abonnement, du plus récent au plus ancien."/>
        <Suspense fallback=|| view! { <SkeletonRows rows=5/> }>
            <Failable>
                {move || Suspend::new(async move { data.await.map(|account| view! { <Payments payments=account.payments/> }) })}
            </Failable>
        </Suspense>
    }
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
