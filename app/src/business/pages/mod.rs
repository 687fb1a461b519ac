//! The onboarding wizard and the offers pages.

mod choices;
mod offers;
mod onboarding;
mod onboarding_chat;
mod prompts;
mod recall;

pub use offers::OffersPage;
pub use onboarding::OnboardingPage;
pub use prompts::PromptsPage;
pub use recall::OnboardingRecall;
