//! Prospect databases: sector and place autocompletes for the generation form.

pub mod api;
#[cfg(feature = "ssr")]
pub mod port;
