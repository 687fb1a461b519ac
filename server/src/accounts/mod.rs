//! Accounts and organisations: sign-up, sessions, login rate limits, password reset,
//! invitations, notifications. Implements the app's `Accounts` port.

pub mod directory;
pub mod entities;
pub mod figures;
pub mod jobs;
pub mod notify;
mod secrets;
mod self_service;
mod service;

pub use secrets::{hash_password, token_hash};
pub use service::{AccountsError, AccountsService, agency_admins, create_admin, post_notification};
