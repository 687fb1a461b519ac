//! The client area's pages. Sections whose capability is not built yet show an empty state that
//! explains what will live there and points to the next useful step.

pub mod api;
mod dashboard;
#[cfg(feature = "ssr")]
pub mod port;
mod sections;
mod settings;

pub use dashboard::DashboardPage;
pub use sections::{ConversationsPage, InvoicesPage, MeetingsPage};
pub use settings::SettingsPage;
