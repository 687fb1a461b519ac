//! Prospect databases (DB-1 … DB-10): the taxonomies behind the generation form, the sources
//! (PagesJaunes, the state's company register), the shared company store, the clients'
//! databases with their credits, masking and anti-theft guards, and the generation job.

pub mod area;
pub mod downstream;

mod entities;
pub mod error;
pub mod figures;
pub mod generation;
pub mod guard;
pub mod masking;
pub mod outreach_view;
pub mod pagesjaunes;
pub mod retention;
pub mod rows;
mod service;
pub mod sources;
pub mod states;
pub mod store;
pub mod taxonomy;

pub use downstream::Downstream;
pub use error::ProspectingError;
pub use generation::GenerateDatabase;
pub use service::ProspectingService;
