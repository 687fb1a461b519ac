//! `/app/factures`: the invoices of the account (none yet: no online payment).

use super::UpcomingSection;
use crate::ui::IconName;
use leptos::prelude::*;

#[component]
pub fn InvoicesPage() -> impl IntoView {
    view! {
        <UpcomingSection
            title="Factures"
            description="Les factures émises pour votre compte."
            icon=IconName::Receipt
            empty_title="Aucune facture"
            empty_description="Aucune facture n'a été émise pour votre compte : le paiement en ligne n'est pas encore ouvert et aucune somme ne vous a été prélevée."
            action_label="Voir les tarifs"
            action_href="/#tarifs"
        />
    }
}
