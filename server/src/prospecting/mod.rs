//! Prospect databases. For now: the taxonomies behind the generation form (sectors, places).

mod service;
pub mod taxonomy;

pub use service::ProspectingService;
