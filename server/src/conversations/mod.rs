//! Conversations (issue 15): what comes back after a first contact. For now, the inbound mail
//! parser: every message that reaches a reply or bounce mailbox, read into what it is (a reply,
//! an auto-reply, a bounce), what it answers, what its sender newly wrote, and whether the
//! sender asks never to be contacted again.

pub mod inbound;

/// The domain of the Message-IDs of the messages we send (`<cNNN.aNNN@mail.prospecta.fr>`):
/// any id ending in it is one of ours.
pub const MESSAGE_ID_DOMAIN: &str = "mail.prospecta.fr";
