//! The campaigns capability's one error: what its port fails with. Its jobs keep `JobError`
//! (a database failure there is worth another try, see `db_retry`).

use crate::error::capability_error;

capability_error! {
    /// `Refused` carries `NotFound` (another organisation's campaign, variant or contact), invalid
    /// input (a draft, a database that is not the organisation's), an unverified account and the
    /// conflicts of PLAY and of the variants and replies.
    pub enum CampaignError logged as "campaigns" {}
}

/// The capability's results: `Result<T>` fails with `CampaignError`, `Result<T, AppError>` is
/// what its port answers.
pub type Result<T, E = CampaignError> = std::result::Result<T, E>;
