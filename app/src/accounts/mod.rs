//! Accounts and organisations: sign-up, login, password reset, invitations, notifications.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod port;
