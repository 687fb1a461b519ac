//! The onboarding wizard and the offers pages.

mod choices;
mod offers;
mod onboarding;
mod prompts;
mod recall;

pub use offers::OffersPage;
pub use onboarding::OnboardingPage;
pub use prompts::PromptsPage;
pub use recall::OnboardingRecall;
