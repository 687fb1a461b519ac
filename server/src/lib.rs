#![recursion_limit = "256"]
//! Prospecta's server: the HTTP app, the job workers and the capabilities behind the app's
//! ports. The binary (`prospecta`) is a thin CLI over this library.

pub mod accounts;
pub mod admin;
pub mod agency;
pub mod billing;
pub mod business;
pub mod config;
pub mod conversations;
pub mod credits;
pub mod dashboard;
pub mod db;
pub mod enrichment;
pub mod error;
pub mod jobs;
pub mod limits;
pub mod llm;
pub mod mail;
pub mod mailboxes;
pub mod meetings;
pub mod net;
pub mod observability;
pub mod opposition;
pub mod outreach;
pub mod prospecting;
pub mod results;
pub mod retention;
pub mod sandbox;
pub mod state;
pub mod time;
pub mod trusted_proxies;
pub mod web;
pub mod wiring;

/// rustls panics when two crates bring different crypto providers; choose one, once.
pub fn install_crypto_provider() {
    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
}
