//! Domain types shared by the browser and the server: newtypes that parse, enums, DTOs, the
//! application error and French formatting. No I/O here; this crate compiles to WebAssembly.

pub mod accounts;
pub mod campaigns;
pub mod company;
pub mod credits;
pub mod dashboard;
pub mod error;
pub mod format;
pub mod jobs;
pub mod opposition;
pub mod outreach;
pub mod prospecting;

pub use error::AppError;
