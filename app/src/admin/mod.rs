//! The agency back office. Every server function here calls `require_admin()` first; the
//! `/admin` pages are also guarded by the server's middleware (403 for clients).

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod port;
