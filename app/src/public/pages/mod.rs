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

// What `static_html` renders on the server.
#[cfg(feature = "ssr")]
pub(super) use {
    landing::sections::closing_sections as landing_closing_sections, landing::sections::sections as landing_sections,
    legal_notice::content as legal_notice_content, privacy::content as privacy_content,
    terms::content as terms_content,
};
