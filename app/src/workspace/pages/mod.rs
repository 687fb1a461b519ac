//! The client area's pages, one file a route. Sections whose capability is not built yet show an
//! empty state (`UpcomingSection`) that explains what will live there and points to the next
//! useful step.

mod dashboard;
mod meetings;
mod settings;

pub use dashboard::DashboardPage;
pub use meetings::MeetingsPage;
pub use settings::SettingsPage;
pub(crate) use settings::{OrganizationCard, ProfileCard};

use crate::ui::{EmptyState, IconName, PageHeader};
use leptos::prelude::*;
use leptos_meta::Title;

/// A section of the client area that is not built yet: its title, and an empty state saying so.
#[component]
pub(super) fn UpcomingSection(
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
