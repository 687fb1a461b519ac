//! The banner across the client area while a payment is late (SUB-5): from the failed charge
//! to its settlement, on every page, with the way to pay.

use crate::billing::api::load_late_notice;
use crate::ui::{Alert, AlertTone};
use leptos::prelude::*;
use prospecta_shared::billing::LateNotice;
use prospecta_shared::format::euros;

#[component]
pub fn LatePaymentBanner() -> impl IntoView {
    // Loaded in the browser, after the page: the frame's server rendering never waits on it,
    // and a late payment is rare enough that a banner appearing a moment later is fine.
    let notice = LocalResource::new(load_late_notice);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move { notice.await.ok().flatten().map(|n| view! { <Banner notice=n/> }) })}
        </Suspense>
    }
}

#[component]
fn Banner(notice: LateNotice) -> impl IntoView {
    let amount = notice.amount_cents.map(|c| format!(" de {}", euros(c))).unwrap_or_default();
    let (tone, title, text) = if notice.suspended {
        (
            AlertTone::Error,
            "Envois suspendus.",
            format!(
                "Le prélèvement{amount} du {} n'a pas pu être réglé : vos campagnes et l'agent n'envoient plus rien depuis le {}. Vos données restent accessibles ; les envois reprennent dès le paiement reçu, et le quota du mois est rattrapé sur les jours ouvrés restants.",
                notice.failed_on, notice.suspends_on
            ),
        )
    } else {
        (
            AlertTone::Warning,
            "Paiement de l'abonnement refusé.",
            format!(
                "Le prélèvement{amount} du {} a été refusé. Vos envois continuent jusqu'au {} ; sans paiement d'ici là, ils seront suspendus. Nous retentons le prélèvement entre-temps.",
                notice.failed_on, notice.suspends_on
            ),
        )
    };
    view! {
        <div class="mb-6" data-testid="late-payment-banner" role="status">
            <Alert tone>
                <p>
                    <strong>{title}" "</strong>
                    {text}" "
                    <a class="font-semibold underline" href="/app/abonnement">"Régulariser le paiement"</a>
                </p>
            </Alert>
        </div>
    }
}
