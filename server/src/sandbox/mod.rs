//! The sandbox: a simulated web served by the product itself on loopback, so that sandbox mode
//! (a laptop, no network, no keys) runs the real code paths unchanged. The PagesJaunes client
//! and the open-data client fetch real URLs and parse real markup and JSON; only their base URL
//! points here instead of pagesjaunes.fr and recherche-entreprises.api.gouv.fr.
//!
//! Both simulated sources draw on one deterministic population of companies
//! ([`companies_for`]), so a company has the same SIREN, address and postcode in both, as the
//! real sources agree about a real company, and the store's merging is exercised for real.

pub mod companies;
pub mod pagesjaunes;
pub mod recherche_entreprises;
mod web;

pub use companies::{LegalForm, SandboxCompany, companies_for, companies_of_departement};

/// Where the simulated PagesJaunes lives (`ProspectingConfig::sandbox` points the client here).
pub const PAGESJAUNES_PREFIX: &str = "/sandbox/pagesjaunes";
/// Where the simulated recherche-entreprises API lives.
pub const RECHERCHE_ENTREPRISES_PREFIX: &str = "/sandbox/recherche-entreprises";

/// Both simulated sites, to merge into the app's router in sandbox mode only.
pub fn router() -> axum::Router {
    axum::Router::new()
        .merge(pagesjaunes::router(PAGESJAUNES_PREFIX))
        .merge(recherche_entreprises::router(RECHERCHE_ENTREPRISES_PREFIX))
}
