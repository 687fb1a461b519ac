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
            description="Les échanges avec les prospects qui répondent à vos campagnes."
            icon=IconName::Chat
            empty_title="Les conversations ne sont pas encore disponibles"
            empty_description="Prospecta ne lit pas encore les réponses de vos prospects et aucun agent ne leur répond : les réponses arrivent dans votre propre boîte. Notez-les sur la page de chaque campagne pour suivre vos résultats."
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
            description="Les rendez-vous obtenus par vos campagnes, et leur issue."
            icon=IconName::Calendar
            empty_title="Le suivi des rendez-vous n'est pas encore disponible"
            empty_description="Aucun agenda ne peut encore être connecté et Prospecta n'enregistre pas de rendez-vous : cette page reste vide d'ici là."
            action_label="Voir mes campagnes"
            action_href="/app/campagnes"
        />
    }
}

#[component]
pub fn InvoicesPage() -> impl IntoView {
    view! {
        <Section
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
