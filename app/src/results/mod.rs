//! Results (ONB-7, X-5): the funnel from prospects to signatures, its cost against what was
//! signed, and its trend.

pub mod api;
mod funnel;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod port;

pub use funnel::FunnelBars;
pub use pages::ResultsPage;
