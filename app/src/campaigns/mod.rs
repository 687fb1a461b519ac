//! Outreach campaigns through contact forms: the list, the creation form (variants, sender,
//! window, pace), and the live campaign page (PLAY/PAUSE, counters, variants, contacts).

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod port;
