//! The results page, one file a route.

mod charts;
mod results;

pub use results::ResultsPage;
