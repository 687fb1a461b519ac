//! The offers as the landing page and the subscription page show them: a tier's card, and the
//! contacts-per-month slider whose price per contact falls by band (SUB-6). Both pages give
//! the call to action: a link to the sign-up there, the checkout here.

use crate::ui::{Icon, IconName};
use leptos::prelude::*;
use prospecta_shared::billing::{
    PlanQuotas, PlanView, PriceBand, Pricing, SLIDER_MAX, SLIDER_MIN, SLIDER_STEP, per_unit_cents,
};
use prospecta_shared::format::{euros, integer_fr};

/// What every plan includes, whatever its volume.
const INCLUDED: [&str; 4] = [
    "Bases par secteur et zone, enrichies",
    "Contact par formulaire ou par e-mail, relances comprises",
    "Agent IA qui répond aux prospects, avec votre validation",
    "Tests A/B de vos messages",
];

/// The plan's monthly quotas, one line each, with the units' own words.
#[component]
pub fn QuotaList(#[prop(into)] quotas: Signal<PlanQuotas>) -> impl IntoView {
    let line = move |icon: IconName, text: Signal<String>, strong: bool| {
        let class = if strong {
            "inline-flex w-fit items-center gap-1.5 rounded-full bg-brand-50 px-3 py-1 text-sm font-semibold text-brand-800"
        } else {
            "inline-flex w-fit items-center gap-1.5 rounded-full bg-ink-50 px-3 py-1 text-sm font-semibold text-ink-800"
        };
        view! { <li class=class><Icon name=icon class="size-4"/>{move || text.get()}</li> }
    };
    view! {
        <ul class="flex flex-col gap-2">
            {line(IconName::Users, Signal::derive(move || format!("{} entreprises contactées/mois", integer_fr(quotas.get().contacts))), true)}
            {line(IconName::Lock, Signal::derive(move || format!("{} prospects débloqués/mois", integer_fr(quotas.get().prospects))), false)}
            {line(IconName::Sparkles, Signal::derive(move || format!("{} réponses de l'agent IA/mois", integer_fr(quotas.get().agent_messages))), false)}
        </ul>
    }
}

fn included_list() -> impl IntoView {
    view! {
        <ul class="mt-6 flex-1 space-y-3 text-sm text-ink-700">
            {INCLUDED.iter().map(|f| view! {
                <li class="flex items-start gap-2.5"><Icon name=IconName::Check class="mt-0.5 size-4 shrink-0 text-brand-600"/>{*f}</li>
            }).collect_view()}
        </ul>
    }
}

/// One tier: its price, quotas and what it includes; `badge` puts it forward ("Le plus choisi"
/// by default for the highlighted tier); `children` is its button.
#[component]
pub fn PlanCard(plan: PlanView, badge: Option<&'static str>, children: Children) -> impl IntoView {
    let emphasised = plan.highlighted || badge.is_some();
    let card = if emphasised {
        "relative flex flex-col rounded-2xl bg-white p-8 shadow-xl shadow-brand-900/10 ring-2 ring-brand-600"
    } else {
        "relative flex flex-col rounded-2xl bg-white p-8 shadow-card ring-1 ring-ink-200"
    };
    let title_id = format!("offre-{}", plan.code);
    let labelled_by = title_id.clone();
    let per_contact = plan.cents_per_contact().map(|c| format!("soit {} HT par entreprise contactée", euros(c)));
    let badge = badge.or(plan.highlighted.then_some("Le plus choisi"));
    let quotas = plan.quotas;
    view! {
        <article class=card aria-labelledby=labelled_by data-testid="plan-card">
            {badge.map(|b| view! {
                <p class="absolute -top-3.5 left-1/2 -translate-x-1/2 whitespace-nowrap rounded-full bg-brand-600 px-3.5 py-1 text-xs font-semibold text-white shadow-sm">{b}</p>
            })}
            <h3 id=title_id class="text-lg font-semibold text-ink-900">{plan.name.clone()}</h3>
            <p class="mt-2 min-h-12 text-sm leading-6 text-ink-600">{plan.pitch.clone()}</p>
            <p class="mt-6 flex items-baseline gap-x-1.5">
                <span class="text-4xl font-semibold tracking-tight text-ink-950">{euros(plan.monthly_price_cents).replace(",00", "")}</span>
                <span class="text-sm font-medium text-ink-600">"HT/mois"</span>
            </p>
            <div class="mt-4"><QuotaList quotas=Signal::stored(quotas)/></div>
            {per_contact.map(|p| view! { <p class="mt-2 text-xs text-ink-500">{p}</p> })}
            {included_list()}
            <div class="mt-8">{children()}</div>
        </article>
    }
}

/// The slider: contacts per month, its price and what it includes. `contacts` is the volume
/// chosen (snapped to the slider's step); `children` is the call to action for that volume.
#[component]
pub fn VolumeSlider(bands: Vec<PriceBand>, contacts: RwSignal<i64>, children: Children) -> impl IntoView {
    let pricing = StoredValue::new(Pricing { plans: Vec::new(), bands: bands.clone() });
    let plan = Memo::new(move |_| pricing.with_value(|p| p.volume_plan(contacts.get())));
    let price = move || euros(plan.get().monthly_price_cents);
    let average = move || {
        let p = plan.get();
        euros(per_unit_cents(p.monthly_price_cents, p.contacts).unwrap_or_default())
    };
    let current_band = move || {
        let n = plan.get().contacts;
        bands.iter().rposition(|b| b.from_contacts <= n).unwrap_or(0)
    };
    let band_list = StoredValue::new(pricing.with_value(|p| p.bands.clone()));
    view! {
        <article class="flex flex-col rounded-2xl bg-white p-8 shadow-card ring-1 ring-ink-200" aria-labelledby="offre-volume" data-testid="volume-slider">
            <h3 id="offre-volume" class="text-lg font-semibold text-ink-900">"Au volume, sur mesure"</h3>
            <p class="mt-2 text-sm leading-6 text-ink-600">"Choisissez le nombre d'entreprises à contacter chaque mois : plus le volume est grand, plus chaque contact coûte moins cher."</p>
            <label for="volume-contacts" class="mt-6 flex items-baseline justify-between gap-2 text-sm font-medium text-ink-900">
                "Entreprises contactées par mois"
                <span class="text-2xl font-semibold tabular-nums text-brand-700" data-testid="volume-value">{move || integer_fr(plan.get().contacts)}</span>
            </label>
            <input
                id="volume-contacts"
                type="range"
                class="mt-3 w-full accent-brand-600"
                min=SLIDER_MIN
                max=SLIDER_MAX
                step=SLIDER_STEP
                prop:value=move || contacts.get().to_string()
                on:input=move |ev| {
                    if let Ok(n) = event_target_value(&ev).parse::<i64>() {
                        contacts.set(n);
                    }
                }
                aria-valuetext=move || format!("{} entreprises contactées par mois", integer_fr(plan.get().contacts))
            />
            <div class="mt-1 flex justify-between text-xs text-ink-500"><span>{integer_fr(SLIDER_MIN)}</span><span>{integer_fr(SLIDER_MAX)}</span></div>
            <p class="mt-6 flex flex-wrap items-baseline gap-x-1.5">
                <span class="text-4xl font-semibold tracking-tight tabular-nums text-ink-950" data-testid="volume-price">{price}</span>
                <span class="text-sm font-medium text-ink-600">"HT/mois"</span>
            </p>
            <p class="mt-1 text-sm text-ink-600">"soit " <span class="font-semibold tabular-nums">{average}</span> " HT en moyenne par entreprise contactée"</p>
            <div class="mt-4"><QuotaList quotas=Signal::derive(move || plan.get().quotas)/></div>
            <div class="mt-6">
                <p class="text-xs font-medium uppercase tracking-wide text-ink-500">"Prix de chaque contact, par tranche"</p>
                <ol class="mt-2 grid grid-cols-2 gap-2 text-xs sm:grid-cols-3">
                    {move || band_list.with_value(|bands| {
                        let active = current_band();
                        bands.iter().enumerate().map(|(i, b)| {
                            let to = bands.get(i + 1).map(|n| format!("à {}", integer_fr(n.from_contacts - 1))).unwrap_or_else(|| "et plus".into());
                            let class = if i <= active {
                                "rounded-lg bg-brand-50 px-2 py-1.5 text-brand-800 ring-1 ring-brand-200"
                            } else {
                                "rounded-lg bg-ink-50 px-2 py-1.5 text-ink-600 ring-1 ring-ink-200"
                            };
                            view! {
                                <li class=class>
                                    <span class="block">{format!("{} {}", integer_fr(b.from_contacts), to)}</span>
                                    <span class="font-semibold tabular-nums">{euros(b.cents_per_contact)}</span>
                                </li>
                            }
                        }).collect_view()
                    })}
                </ol>
            </div>
            <div class="mt-8">{children()}</div>
        </article>
    }
}
