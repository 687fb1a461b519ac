//! The right to object: what the public opposition page shows once an objection is recorded.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OppositionRecorded {
    /// "c***@dupont.fr": enough to recognise one's address, not to read it.
    pub masked_email: Option<String>,
}
