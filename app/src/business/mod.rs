//! The business profile and the offers: the onboarding wizard (`/app/demarrage`), the offers
//! (`/app/offres`) and the offer switcher of the frame, whose choice the databases, campaigns
//! and dashboard follow.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod port;
mod switcher;

pub use switcher::{OfferScope, OfferSwitcher, offer_scope, offers_changed};
