//! Subscriptions (ONB-1, SUB-1, SUB-6): the plans and the contacts-per-month slider, shared by
//! the landing page and the subscription page, and the checkout at the payment provider.

pub mod api;
mod late_banner;
mod pacing_chart;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod port;
mod pricing_section;
pub mod slider;
mod statement_view;

pub use late_banner::LatePaymentBanner;
pub use pacing_chart::PacingCard;
pub use pages::{AdminPlansPage, InvoicesPage, StatementPage, SubscriptionPage};
pub use pricing_section::PricingSection;
