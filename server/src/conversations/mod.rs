//! Conversations (issue 15): what comes back after a first contact. For now, the inbound mail
//! parser: every message that reaches a reply or bounce mailbox, read into what it is (a reply,
//! an auto-reply, a bounce), what it answers, what its sender newly wrote, and whether the
//! sender asks never to be contacted again; and what is done on receiving one ([`receive`]):
//! stored once, an opt-out put on the opposition list, a hard bounce's address suppressed —
//! whether a provider pushed it or the IMAP polling of the client's mailbox read it ([`poll`]).

mod entities;
pub mod inbound;
pub mod opt_out;
pub mod poll;
pub mod receive;
mod service;
pub mod threads;

pub use service::ConversationService;

/// Our Message-IDs end in this domain (owned by the mailboxes, which write them).
pub use crate::mailboxes::MESSAGE_ID_DOMAIN;
