//! Prospect databases: the generation form (sector and place autocompletes, masked preview), the
//! organisation's databases, and one database's table with unlocking, filters and bin.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod port;
