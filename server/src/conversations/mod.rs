//! Conversations (issue 15): what comes back after a first contact, and the agent that
//! carries it toward the offer's objective.
//!
//! - [`inbound`]: every message that reaches a reply or bounce mailbox read into what it is (a
//!   reply, an auto-reply, a bounce), what it answers, what its sender newly wrote, and whether
//!   the sender asks never to be contacted again;
//! - [`receive`]: what is done on receiving one, whether a provider pushed it or the IMAP
//!   polling of the client's mailbox read it ([`poll`]): stored once, an opt-out put on the
//!   opposition list (and confirmed once, [`opt_out`]), a hard bounce's address suppressed, the
//!   message filed into its conversation ([`threads`]);
//! - [`agent`]: the conversation agent reading each human reply (tags, stage, score, a draft or
//!   a question for the client); [`drafts`]: a draft leaving, approved or on its own;
//!   `replies`: the client answering the agent's question; `corrections`: the client's
//!   versioned instructions to the agent; `service`: the inbox's port.

pub mod agent;
mod corrections;
pub mod drafts;
mod entities;
pub mod inbound;
pub mod opt_out;
pub mod poll;
pub mod receive;
mod replies;
mod service;
pub mod threads;

pub use service::ConversationService;

/// A database failure behind the inbox's port: logged with a reference the client can quote.
fn internal(e: sea_orm::DbErr) -> prospecta_shared::AppError {
    crate::error::internal("conversations", e)
}

/// Our Message-IDs end in this domain (owned by the mailboxes, which write them).
pub use crate::mailboxes::MESSAGE_ID_DOMAIN;
