//! The inbox (`/app/conversations`, AGENT-3): the prospects contacted and not answering yet,
//! the conversations in progress, won and lost, and the questions the agent asks the client.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod port;
