use crate::ui::{EmptyState, IconName, PageHeader};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
fn Section(
    title: &'static str,
    description: &'static str,
    icon: IconName,
    empty_title: &'static str,
    empty_description: &'static str,
    action_label: &'static str,
    action_href: &'static str,
) -> impl IntoView {
    view! {
        <Title text=title/>
        <PageHeader title=title description=description/>
        <EmptyState icon title=empty_title description=empty_description action_label=action_label action_href=action_href/>
    }
}

#[component]
pub fn ConversationsPage() -> impl IntoView {
    view! {
        <Section
            title="Conversations"
            description="Les échanges menés par votre agent IA avec les prospects qui ont répondu."
            icon=IconName::Chat
            empty_title="Pas encore de conversation"
            empty_description="Dès qu'un prospect répond à une campagne, la conversation apparaît ici, classée par étape : contacté, en discussion, gagné ou perdu."
            action_label="Préparer une campagne"
            action_href="/app/campagnes"
        />
    }
}

#[component]
pub fn MeetingsPage() -> impl IntoView {
    view! {
        <Section
            title="Rendez-vous"
            description="Les rendez-vous obtenus par vos campagnes, et leur issue : signé ou non signé."
            icon=IconName::Calendar
            empty_title="Aucun rendez-vous pour l'instant"
            empty_description="Les rendez-vous pris par l'agent s'afficheront ici et dans votre agenda. Vous pourrez indiquer ceux qui ont abouti à un contrat."
            action_label="Retour au tableau de bord"
            action_href="/app"
        />
    }
}

#[component]
pub fn InvoicesPage() -> impl IntoView {
    view! {
        <Section
            title="Factures"
            description="Les factures de votre abonnement et de vos achats de crédits."
            icon=IconName::Receipt
            empty_title="Aucune facture"
            empty_description="Aucune facture n'a été émise pour votre compte : le paiement en ligne n'est pas encore ouvert et aucune somme ne vous a été prélevée."
            action_label="Voir les tarifs"
            action_href="/#tarifs"
        />
    }
}
