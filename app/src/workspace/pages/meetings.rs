//! `/app/rendez-vous`: the meetings the campaigns obtained (not built yet).

use super::UpcomingSection;
use crate::ui::IconName;
use leptos::prelude::*;

#[component]
pub fn MeetingsPage() -> impl IntoView {
    view! {
        <UpcomingSection
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
