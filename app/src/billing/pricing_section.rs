//! The landing page's pricing: the public tiers and the slider, as the agency set them
//! (`/admin/offres`). Drawn on both sides (the rest of the landing page is static HTML): its
//! offers are data and its slider moves. Each link to the sign-up carries the choice, which the
//! subscription page then preselects.

use crate::billing::api::load_pricing;
use crate::billing::slider::{PlanCard, VolumeSlider};
use crate::ui::{ButtonLink, ButtonSize, ButtonVariant, CardsSkeleton, Icon, IconName};
use leptos::prelude::*;
use prospecta_shared::billing::{Pricing, snap_volume};
use prospecta_shared::format::integer_fr;

#[component]
pub fn PricingSection() -> impl IntoView {
    let pricing = Resource::new(|| (), |_| load_pricing());
    view! {
        <section id="tarifs" class="scroll-mt-20 bg-white py-24 sm:py-32">
            <div class="mx-auto max-w-7xl px-4 sm:px-6 lg:px-8">
                <div class="mx-auto max-w-2xl text-center">
                    <p class="text-sm font-semibold uppercase tracking-widest text-brand-700">"Tarifs"</p>
                    <h2 class="mt-3 text-3xl font-semibold tracking-tight text-balance text-ink-900 sm:text-4xl">"Un abonnement simple, sans engagement"</h2>
                    <p class="mt-4 text-lg leading-8 text-pretty text-ink-600">
                        "Chaque offre comprend des quotas mensuels\u{a0}: 1 prospect débloqué, c'est une fiche de base ouverte en clair\u{a0}; 1 entreprise contactée, c'est un premier contact réellement envoyé, relances comprises. Un formulaire en échec n'est pas décompté."
                    </p>
                </div>
                <Suspense fallback=|| view! { <div class="mt-16"><CardsSkeleton cards=3/></div> }>
                    {move || Suspend::new(async move {
                        match pricing.await {
                            Ok(p) => view! { <Offers pricing=p/> }.into_any(),
                            Err(_) => view! {
                                <p class="mt-16 text-center text-sm text-ink-600">"Les tarifs ne peuvent pas être affichés pour le moment. Réessayez dans quelques instants."</p>
                            }.into_any(),
                        }
                    })}
                </Suspense>
                <p class="mt-8 flex flex-wrap items-center justify-center gap-x-2 gap-y-1 text-center text-sm text-ink-600">
                    <Icon name=IconName::Lock class="size-4 text-ink-500"/>
                    "Prélèvement SEPA ou carte, sans engagement. Prix hors taxes, TVA de 20\u{a0}% en sus."
                </p>
            </div>
        </section>
    }
}

#[component]
fn Offers(pricing: Pricing) -> impl IntoView {
    let contacts = RwSignal::new(500_i64);
    view! {
        <div class="mx-auto mt-16 grid max-w-md gap-8 lg:max-w-none lg:grid-cols-3 lg:items-stretch lg:gap-6">
            {pricing.plans.into_iter().map(|plan| {
                let href = format!("/inscription?offre={}", plan.code);
                let variant = if plan.highlighted { ButtonVariant::Primary } else { ButtonVariant::Secondary };
                let label = format!("Choisir {}", plan.name);
                view! {
                    <PlanCard plan badge=None>
                        <ButtonLink href variant size=ButtonSize::Large full_width=true>{label}</ButtonLink>
                    </PlanCard>
                }
            }).collect_view()}
        </div>
        <div class="mx-auto mt-10 max-w-3xl">
            <VolumeSlider bands=pricing.bands contacts>
                {move || {
                    let n = snap_volume(contacts.get());
                    view! {
                        <ButtonLink href=format!("/inscription?contacts={n}") variant=ButtonVariant::Primary size=ButtonSize::Large full_width=true>
                            {format!("Commencer avec {} contacts/mois", integer_fr(n))}
                        </ButtonLink>
                    }
                }}
            </VolumeSlider>
        </div>
    }
}
