//! The public site: landing page, legal pages, and the chrome (logo, header, footer) they share
//! with the sign-in pages.

pub(crate) mod chrome;
mod pages;
pub mod static_html;

pub use chrome::{Logo, PublicFooter, PublicHeader};
pub use pages::{LandingPage, LegalNotice, PrivacyPolicy, TermsOfService};
