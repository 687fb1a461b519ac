//! Meetings (RDV-1, RDV-2): the calendar, the hours meetings are taken in, the week and the
//! list of meetings with their outcome.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod port;

pub use pages::MeetingsPage;
