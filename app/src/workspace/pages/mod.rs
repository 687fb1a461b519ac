//! The client area's pages, one file a route.

mod dashboard;
mod settings;

pub use dashboard::DashboardPage;
pub use settings::SettingsPage;
pub(crate) use settings::{OrganizationCard, ProfileCard};
