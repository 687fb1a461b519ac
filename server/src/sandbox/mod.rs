//! The sandbox: a simulated web served by the product itself on loopback, so that sandbox mode
//! (a laptop, no network, no keys) runs the real code paths unchanged. The PagesJaunes client
//! and the open-data client fetch real URLs and parse real markup and JSON; only their base URL
//! points here instead of pagesjaunes.fr and recherche-entreprises.api.gouv.fr.
//!
//! Both simulated sources draw on one deterministic population of companies
//! ([`companies_for`]), so a company has the same SIREN, address and postcode in both, as the
//! real sources agree about a real company, and the store's merging is exercised for real.

pub mod companies;
pub mod dns;
pub mod llm;
pub mod mail;
pub mod mollie;
pub mod pagesjaunes;
pub mod recherche_entreprises;
pub mod sites;
mod web;

pub use companies::{LegalForm, SandboxCompany, companies_for, companies_of_departement};
pub use sites::{SiteDirectory, SiteTruth, site_of, truth};

/// Where the simulated PagesJaunes lives (`ProspectingConfig::sandbox` points the client here).
pub const PAGESJAUNES_PREFIX: &str = "/sandbox/pagesjaunes";
/// Where the simulated recherche-entreprises API lives.
pub const RECHERCHE_ENTREPRISES_PREFIX: &str = "/sandbox/recherche-entreprises";
/// Where the simulated web-search API (Brave Search's wire format) lives.
pub const SEARCH_PREFIX: &str = "/sandbox/search";

/// The simulated sources and the search engine, to merge into the app's router in sandbox mode
/// only. Both sources register the areas they serve in `directory`, which makes the websites of
/// the companies they showed reachable (see [`sites::dispatch`]).
/// Where the simulated language model lives (OpenAI wire format).
pub const LLM_PREFIX: &str = "/sandbox/llm";
/// Where the simulated payment provider lives (Mollie's v2 wire format) and its checkout pages.
pub const MOLLIE_PREFIX: &str = "/sandbox/mollie";

pub fn router(directory: SiteDirectory) -> axum::Router {
    axum::Router::new()
        .merge(mollie::router(MOLLIE_PREFIX, directory.db()))
        .merge(pagesjaunes::router_registering(PAGESJAUNES_PREFIX, directory.clone()))
        .merge(recherche_entreprises::router_registering(RECHERCHE_ENTREPRISES_PREFIX, directory.clone()))
        .merge(sites::search::router(SEARCH_PREFIX, directory))
        .merge(llm::router(LLM_PREFIX))
}
