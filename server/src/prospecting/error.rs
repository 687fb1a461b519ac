//! The prospecting capability's one error: what its service and guards fail with. The
//! readers of the sources keep their own (`SourceError`, `PjlbError`): there a refusal or a
//! wait is an outcome the generation job acts on, not a failure.

use crate::credits::CreditsError;
use crate::error::capability_error;
use crate::limits::LimitError;

capability_error! {
    /// `Refused` carries `NotFound` (another organisation's database or row), invalid input and
    /// the hourly view limit; `Limit` the previews and generations per organisation; `Credits`
    /// an unlock the balance does not cover.
    pub enum ProspectingError logged as "prospecting" {
        Limit(LimitError),
        Credits(CreditsError),
    }
}

/// The capability's results: `Result<T>` fails with `ProspectingError`, `Result<T, AppError>`
/// is what its port answers.
pub type Result<T, E = ProspectingError> = std::result::Result<T, E>;
