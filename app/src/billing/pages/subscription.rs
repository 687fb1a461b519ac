//! `/app/abonnement`: the subscription in force (plan, status, period, quotas), or the offers
//! to choose from (the tiers, the organisation's custom plans, the slider), preselected with
//! what was picked before signing up. Choosing opens the provider's checkout; back from it, the
//! page waits for the provider's confirmation (the webhook) instead of assuming the payment.

use crate::billing::api::{StartCheckout, load_billing_account};
use crate::billing::slider::{PlanCard, QuotaList, VolumeSlider};
use crate::shell::current_user;
use crate::ui::{
    ActionToast, Alert, AlertTone, Badge, BadgeTone, Button, ButtonSize, ButtonVariant, Card, Failable, PageHeader,
    SkeletonRows, refresh_while,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use prospecta_shared::accounts::OrgRole;
use prospecta_shared::billing::{BillingAccount, PlanChoice, SubscriptionStatus, SubscriptionView};
use prospecta_shared::format::euros;
use std::time::Duration;

const CONFIRMATION_POLL: Duration = Duration::from_secs(2);

#[component]
pub fn SubscriptionPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_billing_account());
    view! {
        <Title text="Abonnement"/>
        <PageHeader title="Abonnement" description="Votre offre, ses quotas mensuels et son paiement."/>
        <Suspense fallback=|| view! { <SkeletonRows rows=6/> }>
            <Failable>
                {move || Suspend::new(async move { data.await.map(|account| view! { <Account account/> }) })}
            </Failable>
        </Suspense>
    }
}

/// Whether the subscription still waits for its first payment's confirmation.
fn awaiting(account: &BillingAccount) -> bool {
    account.subscription.as_ref().is_some_and(|s| s.status == SubscriptionStatus::Pending)
}

#[component]
fn Account(account: BillingAccount) -> impl IntoView {
    let query = use_query_map();
    let back_from_checkout = query.with_untracked(|q| q.get("paiement").is_some());
    let account = RwSignal::new(account);
    // Back from the checkout, the provider's webhook may not have arrived yet: ask again until
    // the subscription is no longer pending (or was given up at the checkout).
    refresh_while(
        account,
        CONFIRMATION_POLL,
        move || back_from_checkout && account.with(awaiting),
        load_billing_account,
    );
    view! {
        {move || account.with(|a| a.simulated).then(|| view! {
            <div class="mb-6">
                <Alert tone=AlertTone::Info>
                    "Mode bac à sable : les paiements sont simulés, aucune somme n'est prélevée."
                </Alert>
            </div>
        })}
        {move || {
            let a = account.get();
            match a.subscription.clone() {
                Some(s) if s.status != SubscriptionStatus::Pending => view! { <Current subscription=s/> }.into_any(),
                pending => view! {
                    {(back_from_checkout && pending.is_some()).then(|| view! {
                        <div class="mb-6" data-testid="payment-confirming">
                            <Alert tone=AlertTone::Info>"Paiement en cours de confirmation par notre prestataire…"</Alert>
                        </div>
                    })}
                    {(back_from_checkout && pending.is_none()).then(|| view! {
                        <div class="mb-6">
                            <Alert tone=AlertTone::Warning>"Le paiement n'a pas abouti : aucune somme n'a été prélevée. Vous pouvez choisir à nouveau votre offre."</Alert>
                        </div>
                    })}
                    <Chooser account=a/>
                }.into_any(),
            }
        }}
    }
}

fn status_tone(status: SubscriptionStatus) -> BadgeTone {
    match status {
        SubscriptionStatus::Active => BadgeTone::Success,
        SubscriptionStatus::PastDue => BadgeTone::Warning,
        SubscriptionStatus::Suspended => BadgeTone::Danger,
        SubscriptionStatus::Pending | SubscriptionStatus::Canceled => BadgeTone::Neutral,
    }
}

/// The subscription in force.
#[component]
fn Current(subscription: SubscriptionView) -> impl IntoView {
    let s = subscription;
    view! {
        <Card title="Votre abonnement" class="max-w-3xl">
            <div data-testid="current-subscription" class="space-y-5">
                <div class="flex flex-wrap items-center justify-between gap-3">
                    <div>
                        <p class="text-lg font-semibold text-ink-900">{s.plan_name.clone()}</p>
                        <p class="text-sm text-ink-600">{format!("{} HT/mois", euros(s.monthly_price_cents))}</p>
                    </div>
                    <Badge tone=status_tone(s.status)>{s.status.label_fr()}</Badge>
                </div>
                {s.period.clone().map(|(from, to)| view! {
                    <p class="text-sm text-ink-700">{format!("Période en cours : du {from} au {to}. Vos quotas sont crédités à chaque période payée.")}</p>
                })}
                <QuotaList quotas=Signal::stored(s.quotas)/>
            </div>
        </Card>
    }
}

/// The offers, each with its button to the checkout.
#[component]
fn Chooser(account: BillingAccount) -> impl IntoView {
    let is_owner = current_user().role == OrgRole::Owner;
    let checkout = ServerAction::<StartCheckout>::new();
    ActionToast::new(&checkout)
        .then(|url: String| {
            #[cfg(feature = "hydrate")]
            let _ = window().location().set_href(&url);
            #[cfg(not(feature = "hydrate"))]
            let _ = url;
        })
        .install();
    let chosen = account.chosen.clone();
    let initial_volume = match &chosen {
        Some(PlanChoice::Volume(n)) => *n,
        _ => 500,
    };
    let contacts = RwSignal::new(initial_volume);
    let choose = move |choice: PlanChoice| {
        let (offre, volume) = match choice {
            PlanChoice::Plan(code) => (Some(code), None),
            PlanChoice::Volume(n) => (None, Some(n.to_string())),
        };
        checkout.dispatch(StartCheckout { offre, contacts: volume });
    };
    let pending = checkout.pending();
    let button = move |label: String, choice: PlanChoice, primary: bool| {
        view! {
            <Button
                variant=if primary { ButtonVariant::Primary } else { ButtonVariant::Secondary }
                size=ButtonSize::Large
                full_width=true
                loading=pending
                disabled=!is_owner
                on_click=move |_| choose(choice.clone())
            >
                {label}
            </Button>
        }
    };
    let badge_for = move |code: &str| match &chosen {
        Some(PlanChoice::Plan(c)) if c == code => Some("Votre choix à l'inscription"),
        _ => None,
    };
    let picked_volume = matches!(account.chosen, Some(PlanChoice::Volume(_)));
    let plans: Vec<_> = account.custom_plans.iter().chain(account.pricing.plans.iter()).cloned().collect();
    view! {
        {(!is_owner).then(|| view! {
            <div class="mb-6"><Alert tone=AlertTone::Info>"Seul le propriétaire du compte peut souscrire un abonnement."</Alert></div>
        })}
        <p class="mb-6 max-w-3xl text-sm text-ink-600">
            "Sans engagement : résiliable à la fin de chaque mois. Le premier mois est payé maintenant par carte ou prélèvement SEPA, puis chaque mois à la même date. Prix hors taxes, TVA de 20\u{a0}% en sus."
        </p>
        <div class="grid gap-6 lg:grid-cols-3" data-testid="plan-chooser">
            {plans.into_iter().map(|plan| {
                let badge = badge_for(&plan.code);
                let primary = plan.highlighted || badge.is_some();
                let label = format!("Choisir {}", plan.name);
                let choice = PlanChoice::Plan(plan.code.clone());
                view! { <PlanCard plan badge>{button(label, choice, primary)}</PlanCard> }
            }).collect_view()}
        </div>
        <div class="mt-8 max-w-3xl">
            <VolumeSlider bands=account.pricing.bands.clone() contacts>
                {move || button(
                    format!("Choisir {} contacts/mois", prospecta_shared::format::integer_fr(prospecta_shared::billing::snap_volume(contacts.get()))),
                    PlanChoice::Volume(contacts.get()),
                    picked_volume,
                )}
            </VolumeSlider>
        </div>
    }
}
