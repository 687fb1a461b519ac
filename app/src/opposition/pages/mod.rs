//! The right to object's one page (`/opposition`).

mod opposition;

pub use opposition::OppositionPage;
