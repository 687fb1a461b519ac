//! The ids of the domain's records, one type each: a database id cannot be passed where a
//! campaign id is expected, and an organisation id is never a bare number. They serialise as the
//! bare number (addresses, JSON), and with the `db` feature they are SeaORM column and primary
//! key types.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id_type {
    ($($(#[$meta:meta])* $name:ident),+ $(,)?) => {$(
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        #[cfg_attr(feature = "db", derive(sea_orm::DeriveValueType))]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::num::ParseIntError;
            fn from_str(raw: &str) -> Result<Self, Self::Err> {
                raw.parse().map($name)
            }
        }

        // An auto-incremented primary key: SeaORM hands back the inserted id as a `u64`.
        #[cfg(feature = "db")]
        impl sea_orm::TryFromU64 for $name {
            fn try_from_u64(n: u64) -> Result<Self, sea_orm::DbErr> {
                i64::try_from_u64(n).map($name)
            }
        }
    )+};
}

id_type! {
    /// A client organisation (the tenant every query is scoped to).
    OrgId,
    /// A signed-up person, member of one organisation.
    UserId,
    /// A prospect database of one organisation.
    DatabaseId,
    /// A row of a prospect database.
    RowId,
    /// A company of the shared store.
    CompanyId,
    /// A form (later e-mail) campaign.
    CampaignId,
    /// One offer of an organisation (what is sold to whom, toward which objective).
    OfferId,
    /// The sending mailbox an organisation connected.
    MailboxId,
    /// A conversation with one prospect.
    ConversationId,
    /// One company of a campaign (its contact state, outcome and steps).
    ContactId,
    /// One message of a conversation: the prospect's, the agent's draft or reply, the client's.
    MessageId,
    /// A plan: a public tier, a custom plan of one organisation, or a volume chosen on the slider.
    PlanId,
    /// An organisation's subscription to a plan.
    SubscriptionId,
    /// One charge of a subscription (its first payment, a renewal, a retry, a pack).
    PaymentId,
    /// An invoice or a credit note (its own id, not its legal number).
    InvoiceId,
    /// A meeting booked with a prospect.
    MeetingId,
}
