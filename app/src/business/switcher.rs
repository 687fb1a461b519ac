//! The offer switcher of the frame: which offer the person works in. The databases, campaigns
//! and dashboard figures are those of that offer; switching reads them again in place.

use super::api::{ChooseOffer, load_offer_context};
use crate::ui::ActionToast;
use leptos::prelude::*;
use prospecta_shared::ids::OfferId;

/// Bumped when the offer in use changes, or an offer is created or renamed: the pages' lists and
/// figures, and the switcher, read again.
#[derive(Clone, Copy)]
pub struct OfferScope(RwSignal<u64>);

impl OfferScope {
    pub fn provide() {
        provide_context(OfferScope(RwSignal::new(0)));
    }
}

/// A resource's source that changes with the offer in use (tracked); 0 outside the frame.
pub fn offer_scope() -> u64 {
    use_context::<OfferScope>().map(|OfferScope(version)| version.get()).unwrap_or(0)
}

/// After something changed the offers or the choice.
pub fn offers_changed() {
    if let Some(OfferScope(version)) = use_context::<OfferScope>() {
        version.update(|v| *v += 1);
    }
}

#[component]
pub fn OfferSwitcher() -> impl IntoView {
    let context = Resource::new(offer_scope, |_| load_offer_context());
    let choose = ServerAction::<ChooseOffer>::new();
    ActionToast::new(&choose)
        .success("Offre changée : vos bases, campagnes et chiffres suivent.")
        .then(|_| offers_changed())
        .install();
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                context.await.ok().map(|context| {
                    let current = context.current;
                    view! {
                        <div class="flex min-w-0 items-center gap-2">
                            <label for="offre-en-cours" class="hidden text-xs font-medium text-ink-500 sm:block">"Offre"</label>
                            <select
                                id="offre-en-cours"
                                aria-label="Offre en cours"
                                class="block max-w-[8rem] truncate rounded-lg border-0 bg-white py-1.5 pl-3 pr-8 text-sm font-medium text-ink-900 ring-1 ring-inset ring-ink-300 focus:ring-2 focus:ring-brand-600 sm:max-w-[16rem]"
                                on:change=move |ev| {
                                    if let Ok(id) = event_target_value(&ev).parse::<i64>() {
                                        choose.dispatch(ChooseOffer { offer_id: OfferId(id) });
                                    }
                                }
                            >
                                {context.offers.into_iter().map(|(id, name)| view! {
                                    <option value=id.to_string() selected=id == current>{name}</option>
                                }).collect_view()}
                            </select>
                        </div>
                    }
                })
            })}
        </Transition>
    }
}
