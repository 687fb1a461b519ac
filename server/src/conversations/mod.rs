//! Conversations (issue 15): what comes back after a first contact. For now, the inbound mail
//! parser: every message that reaches a reply or bounce mailbox, read into what it is (a reply,
//! an auto-reply, a bounce), what it answers, what its sender newly wrote, and whether the
//! sender asks never to be contacted again; and what is done on receiving one ([`receive`]):
//! stored once, an opt-out put on the opposition list, a hard bounce's address suppressed —
//! whether a provider pushed it or the IMAP polling of the client's mailbox read it ([`poll`]).

mod entities;
pub mod inbound;
pub mod poll;
pub mod receive;

/// The domain of the Message-IDs of the messages we send (`<cNNN.aNNN@mail.prospecta.fr>`):
/// any id ending in it is one of ours.
pub const MESSAGE_ID_DOMAIN: &str = "mail.prospecta.fr";

/// Why an address gets no more mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, sea_orm::EnumIter, sea_orm::DeriveActiveEnum)]
#[serde(rename_all = "snake_case")]
#[sea_orm(rs_type = "String", db_type = "Text")]
pub enum SuppressionReason {
    /// A permanent delivery failure (5.x.x).
    #[sea_orm(string_value = "hard_bounce")]
    HardBounce,
}
