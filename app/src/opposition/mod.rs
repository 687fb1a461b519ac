//! The right to object (PRODUCT.md "Legal frame"): the public page a prospect reaches from the
//! personal link at the end of every first message. No account, no login.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod port;
