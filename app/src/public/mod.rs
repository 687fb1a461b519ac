//! The public site: landing page, legal pages, and the chrome (logo, header, footer) they share
//! with the sign-in pages.

pub(crate) mod chrome;
mod landing;
mod legal;

pub use chrome::{Logo, PublicFooter, PublicHeader};
pub use landing::LandingPage;
pub use legal::{LegalNotice, PrivacyPolicy, TermsOfService};
