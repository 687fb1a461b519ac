//! The organisation's sending mailbox, in the settings: connect it (tested before it is saved),
//! see its daily limit, warm-up and bounces, resume or disconnect it.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod port;

pub use pages::MailboxCard;
