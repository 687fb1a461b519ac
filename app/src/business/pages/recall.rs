//! The dashboard's reminder of the onboarding steps not answered yet (skipped or never opened),
//! until the profile is complete.

use crate::business::api::load_onboarding;
use crate::ui::{ButtonLink, ProgressBar};
use leptos::prelude::*;
use prospecta_shared::business::OnboardingStep;

#[component]
pub fn OnboardingRecall() -> impl IntoView {
    let onboarding = Resource::new(|| (), |_| load_onboarding());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let progress = onboarding.await.ok()?.progress;
                let remaining = progress.remaining();
                if remaining.is_empty() {
                    return None;
                }
                let total = OnboardingStep::ALL.len();
                let done = total - remaining.len();
                let names = remaining.iter().map(|s| s.label_fr()).collect::<Vec<_>>().join(", ");
                let resume = progress.resume_at().unwrap_or(OnboardingStep::Company);
                Some(view! {
                    <section class="mb-6 rounded-xl border-l-4 border-brand-600 bg-white p-5 shadow-sm ring-1 ring-inset ring-ink-200" aria-labelledby="rappel-demarrage" data-testid="onboarding-recall">
                        <div class="flex flex-col gap-4 sm:flex-row sm:items-center sm:justify-between">
                            <div class="min-w-0 flex-1">
                                <h2 id="rappel-demarrage" class="font-semibold text-ink-900">"Terminez la configuration de votre compte"</h2>
                                <p class="mt-1 text-sm text-ink-700">{format!("Il reste : {names}. Ces réponses décrivent votre activité et votre offre.")}</p>
                                <div class="mt-3 max-w-md">
                                    <ProgressBar label="Configuration" percent=Signal::derive(move || (done * 100 / total) as u8)
                                        detail=Signal::derive(move || format!("{done} sur {total}"))/>
                                </div>
                            </div>
                            <ButtonLink href=format!("/app/demarrage?etape={}", resume.as_str())>"Reprendre la configuration"</ButtonLink>
                        </div>
                    </section>
                })
            })}
        </Suspense>
    }
}
