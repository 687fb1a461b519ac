//! Error policy.
//! - Each capability has its own `thiserror` enum (`AccountsError`, `JobError`, `MailError`...).
//! - `anyhow` only in the CLI, at start-up and in the job runner's outer shell.
//! - Crossing into the UI, errors become `AppError`. Internal failures are logged here with a
//!   short reference, and the user gets that reference, never the internals.

use prospecta_shared::AppError;

/// Log an unexpected failure and give the user a reference to quote to support.
pub fn internal(context: &str, err: impl std::fmt::Display) -> AppError {
    let reference = uuid::Uuid::new_v4().simple().to_string()[..8].to_uppercase();
    tracing::error!(%reference, context, error = %err, "internal error");
    AppError::Internal { reference }
}
