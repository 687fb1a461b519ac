//! The client area's pages. Sections whose capability is not built yet show an empty state that
//! explains what will live there and points to the next useful step.

pub mod api;
mod pages;
#[cfg(feature = "ssr")]
pub mod port;

pub use pages::{DashboardPage, SettingsPage};
pub(crate) use pages::{OrganizationCard, ProfileCard};
