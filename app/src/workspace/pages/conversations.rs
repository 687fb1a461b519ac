//! `/app/conversations`: the exchanges with the prospects who reply (not built yet).

use super::UpcomingSection;
use crate::ui::IconName;
use leptos::prelude::*;

#[component]
pub fn ConversationsPage() -> impl IntoView {
    view! {
        <UpcomingSection
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
