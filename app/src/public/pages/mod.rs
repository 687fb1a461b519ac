//! The public site's pages, one file a route: the landing page and the three legal pages (their
//! shared layout in `legal`).

mod landing;
mod legal;
mod legal_notice;
mod privacy;
mod terms;

pub use landing::LandingPage;
pub use legal_notice::LegalNotice;
pub use privacy::PrivacyPolicy;
pub use terms::TermsOfService;
