//! Prospect databases. For now: the taxonomies behind the generation form (sectors, places).

pub mod pagesjaunes;
mod service;
pub mod taxonomy;

pub use service::ProspectingService;
