//! `/app/abonnement`: the subscription in force (plan, status, period, quotas), or the offers
//! to choose from (the tiers, the organisation's custom plans, the slider), preselected with
//! what was picked before signing up. Choosing opens the provider's checkout; back from it, the
//! page waits for the provider's confirmation (the webhook) instead of assuming the payment.

use crate::billing::api::{
    BuyPack, CancelSubscription, ChangePlan as ChangePlanNow, QuoteChange, SettlePayment, SimulateRenewal,
    StartCheckout, load_billing_account,
};
use crate::billing::slider::{PlanCard, QuotaList, VolumeSlider};
use crate::shell::current_user;
use crate::ui::{
    ActionToast, Alert, AlertTone, Badge, BadgeTone, Button, ButtonSize, ButtonVariant, Card, Failable, Modal,
    PageHeader, ProgressBar, SkeletonRows, refresh_while,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use prospecta_shared::accounts::OrgRole;
use prospecta_shared::billing::{BillingAccount, PackView, PlanChoice, SubscriptionStatus, SubscriptionView};
use prospecta_shared::format::{euros, integer_fr};
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
    let refresh = refresh_while(
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
                Some(s) if s.status != SubscriptionStatus::Pending => {
                    let clock = a.simulated && s.status == SubscriptionStatus::Active && s.ends_on.is_none();
                    view! {
                        <Current
                            subscription=s
                            packs=a.packs.clone()
                            offers=Offers { plans: a.custom_plans.iter().chain(a.pricing.plans.iter()).cloned().collect(), bands: a.pricing.bands.clone() }
                            on_change=move || { refresh.dispatch(()); }
                        />
                        {(clock && current_user().role == OrgRole::Owner).then(|| view! { <SandboxRenewalClock/> })}
                    }.into_any()
                }
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
fn Current(
    subscription: SubscriptionView,
    packs: Vec<PackView>,
    offers: Offers,
    on_change: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let s = subscription;
    let is_owner = current_user().role == OrgRole::Owner;
    let confirm = RwSignal::new(false);
    let cancel = ServerAction::<CancelSubscription>::new();
    ActionToast::new(&cancel)
        .success_with(|last: &String| format!("Abonnement résilié : il reste actif jusqu'au {last} inclus."))
        .then(move |_| {
            confirm.set(false);
            on_change();
        })
        .install();
    let last_day = s.period.clone().map(|(_, to)| to).unwrap_or_default();
    let ends_on = s.ends_on.clone();
    let cancelled = ends_on.is_some();
    let can_cancel =
        is_owner && ends_on.is_none() && matches!(s.status, SubscriptionStatus::Active | SubscriptionStatus::PastDue);
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
                {s.failed_charge.clone().map(|charge| view! { <LateCharge charge is_owner/> })}
                <QuotaList quotas=Signal::stored(s.quotas)/>
                {s.period.is_some().then(|| view! { <PeriodUsage subscription=s.clone()/> })}
                {ends_on.map(|last| view! {
                    <Alert tone=AlertTone::Warning>
                        {format!("Résilié : votre abonnement reste actif jusqu'au {last} inclus, puis s'arrête. Aucun autre prélèvement ne sera fait.")}
                    </Alert>
                })}
                {(is_owner && s.status == SubscriptionStatus::Active && !packs.is_empty()).then(|| view! { <Packs packs=packs.clone()/> })}
                {(is_owner && s.status == SubscriptionStatus::Active && !cancelled).then(|| view! {
                    <ChangePlan offers=offers.clone() current=s.plan_name.clone() on_change/>
                })}
                {can_cancel.then(|| view! {
                    <div class="border-t border-ink-100 pt-4">
                        <Button variant=ButtonVariant::Secondary on_click=move |_| confirm.set(true)>"Résilier l'abonnement"</Button>
                    </div>
                })}
            </div>
        </Card>
        <Modal title="Résilier l'abonnement" open=confirm>
            <p class="text-sm text-ink-700">
                {format!("Votre abonnement restera actif jusqu'au {last_day} inclus : vos quotas de la période restent utilisables. Aucun prélèvement ne sera plus fait ensuite.")}
            </p>
            <div class="mt-6 flex flex-wrap justify-end gap-3">
                <Button variant=ButtonVariant::Secondary on_click=move |_| confirm.set(false)>"Garder mon abonnement"</Button>
                <Button variant=ButtonVariant::Danger loading=cancel.pending() on_click=move |_| { cancel.dispatch(CancelSubscription {}); }>"Confirmer la résiliation"</Button>
            </div>
        </Modal>
    }
}

/// A renewal the provider could not charge, and the way to pay it again.
#[component]
fn LateCharge(charge: (String, String, String), is_owner: bool) -> impl IntoView {
    let settle = ServerAction::<SettlePayment>::new();
    ActionToast::new(&settle).then(go_to_checkout).install();
    let (date, from, to) = charge;
    view! {
        <div data-testid="late-charge">
            <Alert tone=AlertTone::Error>
                <p>{format!("Le prélèvement du {date} pour la période du {from} au {to} a échoué : les quotas de cette période ne sont pas crédités.")}</p>
                {is_owner.then(|| view! {
                    <div class="mt-3">
                        <Button size=ButtonSize::Small loading=settle.pending() on_click=move |_| { settle.dispatch(SettlePayment {}); }>
                            "Régulariser le paiement"
                        </Button>
                    </div>
                })}
            </Alert>
        </div>
    }
}

/// Credit packs: more of one quota this month, paid once at the checkout.
#[component]
fn Packs(packs: Vec<PackView>) -> impl IntoView {
    let buy = ServerAction::<BuyPack>::new();
    ActionToast::new(&buy).then(go_to_checkout).install();
    view! {
        <div class="border-t border-ink-100 pt-4" data-testid="credit-packs">
            <p class="text-sm font-semibold text-ink-900">"Besoin de plus ce mois-ci\u{a0}?"</p>
            <p class="mt-1 text-sm text-ink-600">"Une recharge s'ajoute à vos quotas dès son paiement, sans changer votre offre."</p>
            <ul class="mt-3 grid gap-3 sm:grid-cols-3">
                {packs.into_iter().map(|pack| {
                    let id = pack.id;
                    let label = pack.label_fr();
                    view! {
                        <li class="flex flex-col justify-between gap-3 rounded-lg p-3 ring-1 ring-ink-200">
                            <div>
                                <p class="text-sm font-semibold text-ink-900">{label.clone()}</p>
                                <p class="text-sm tabular-nums text-ink-600">{format!("{} HT", euros(pack.price_cents))}</p>
                            </div>
                            <Button variant=ButtonVariant::Secondary size=ButtonSize::Small loading=buy.pending() aria_label=format!("Acheter la recharge {label}") on_click=move |_| { buy.dispatch(BuyPack { pack_id: id }); }>
                                "Acheter"
                            </Button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </div>
    }
}

/// The offers one may change to: the organisation's custom plans, the tiers, the slider's bands.
#[derive(Clone)]
struct Offers {
    plans: Vec<prospecta_shared::billing::PlanView>,
    bands: Vec<prospecta_shared::billing::PriceBand>,
}

/// Changing plan mid-period: each offer's button asks what it would charge or pay back now
/// (prorated on the days left), shown in a confirmation before anything changes.
#[component]
fn ChangePlan(offers: Offers, current: String, on_change: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let open = RwSignal::new(false);
    let picked = RwSignal::new(None::<PlanChoice>);
    let quote = ServerAction::<QuoteChange>::new();
    let change = ServerAction::<ChangePlanNow>::new();
    ActionToast::new(&quote).install();
    ActionToast::new(&change)
        .success("Offre changée : elle s'applique dès que le paiement est confirmé, ou tout de suite pour une offre inférieure.")
        .then(move |_| {
            picked.set(None);
            open.set(false);
            on_change();
        })
        .install();
    let args = |choice: &PlanChoice| match choice {
        PlanChoice::Plan(code) => (Some(code.clone()), None),
        PlanChoice::Volume(n) => (None, Some(n.to_string())),
    };
    let ask = move |choice: PlanChoice| {
        let (offre, contacts) = args(&choice);
        picked.set(Some(choice));
        quote.dispatch(QuoteChange { offre, contacts });
    };
    let confirm_open = RwSignal::new(false);
    Effect::new(move |_| {
        if let Some(Ok(_)) = quote.value().get() {
            confirm_open.set(true);
        }
    });
    let contacts = RwSignal::new(500);
    let pending = quote.pending();
    view! {
        <div class="border-t border-ink-100 pt-4" data-testid="change-plan">
            <Show
                when=move || open.get()
                fallback=move || view! { <Button variant=ButtonVariant::Secondary on_click=move |_| open.set(true)>"Changer d'offre"</Button> }
            >
                <p class="mb-4 text-sm text-ink-600">"Le changement s'applique tout de suite : la différence de prix et de quotas est calculée au prorata des jours restants de la période."</p>
                <div class="grid gap-4 md:grid-cols-3">
                    {offers.plans.clone().into_iter().map(|plan| {
                        let mine = plan.name == current;
                        let choice = PlanChoice::Plan(plan.code.clone());
                        let label = if mine { "Votre offre actuelle".to_string() } else { format!("Passer à {}", plan.name) };
                        view! {
                            <PlanCard plan badge=None>
                                <Button variant=ButtonVariant::Secondary full_width=true disabled=mine loading=pending on_click=move |_| ask(choice.clone())>{label}</Button>
                            </PlanCard>
                        }
                    }).collect_view()}
                </div>
                <div class="mt-6">
                    <VolumeSlider bands=offers.bands.clone() contacts>
                        {move || {
                            let n = prospecta_shared::billing::snap_volume(contacts.get());
                            view! {
                                <Button variant=ButtonVariant::Secondary full_width=true loading=pending on_click=move |_| ask(PlanChoice::Volume(n))>
                                    {format!("Passer à {} contacts/mois", integer_fr(n))}
                                </Button>
                            }
                        }}
                    </VolumeSlider>
                </div>
            </Show>
        </div>
        <Modal title="Changer d'offre" open=confirm_open>
            {move || quote.value().get().and_then(Result::ok).map(|q| {
                let money = if q.refund {
                    format!("{} TTC vous seront remboursés maintenant sur votre moyen de paiement", euros(q.now_cents))
                } else {
                    format!("{} TTC seront prélevés maintenant sur votre moyen de paiement", euros(q.now_cents))
                };
                let quotas = format!(
                    "Quotas de la période en cours : {} entreprises contactées, {} prospects, {} réponses de l'agent (au prorata des {} jours restants).",
                    signed(q.contacts_delta),
                    signed(q.prospects_delta),
                    signed(q.agent_messages_delta),
                    q.days_left
                );
                view! {
                    <div class="space-y-3 text-sm text-ink-700" data-testid="change-quote">
                        <p class="font-semibold text-ink-900">{format!("Passer à {} : {} HT/mois à partir du {}.", q.plan_name, euros(q.monthly_price_cents), q.next_renewal)}</p>
                        <p>{money}" (différence de prix au prorata de la période)."</p>
                        <p>{quotas}</p>
                    </div>
                }
            })}
            <div class="mt-6 flex flex-wrap justify-end gap-3">
                <Button variant=ButtonVariant::Secondary on_click=move |_| confirm_open.set(false)>"Annuler"</Button>
                <Button loading=change.pending() on_click=move |_| {
                    if let Some(choice) = picked.get_untracked() {
                        let (offre, contacts) = args(&choice);
                        confirm_open.set(false);
                        change.dispatch(ChangePlanNow { offre, contacts });
                    }
                }>"Confirmer le changement"</Button>
            </div>
        </Modal>
    }
}

fn signed(n: i64) -> String {
    if n > 0 { format!("+{}", integer_fr(n)) } else { integer_fr(n) }
}

/// Sandbox only: the next monthly charge, now, paid or refused, to try renewals and late
/// payments without waiting a month. The whole page reloads after it, banner included.
#[component]
fn SandboxRenewalClock() -> impl IntoView {
    let simulate = ServerAction::<SimulateRenewal>::new();
    // The provider tells its result by webhook, a moment later: the page reloads then.
    ActionToast::new(&simulate)
        .success("Prélèvement simulé : la page se met à jour dans quelques secondes.")
        .then(|_| {
            set_timeout(
                || {
                    #[cfg(feature = "hydrate")]
                    let _ = window().location().reload();
                },
                Duration::from_secs(3),
            )
        })
        .install();
    view! {
        <div class="mt-6 max-w-3xl" data-testid="sandbox-renewal-clock">
            <Card title="Bac à sable : prochain prélèvement" subtitle="Déclenchez maintenant le prélèvement du mois suivant, comme s'il arrivait à échéance (simulé, aucune somme n'est prélevée).">
                <div class="flex flex-wrap gap-3">
                    <Button variant=ButtonVariant::Secondary loading=simulate.pending() on_click=move |_| { simulate.dispatch(SimulateRenewal { refuse: false }); }>
                        "Simuler un prélèvement réussi"
                    </Button>
                    <Button variant=ButtonVariant::Secondary loading=simulate.pending() on_click=move |_| { simulate.dispatch(SimulateRenewal { refuse: true }); }>
                        "Simuler un prélèvement refusé"
                    </Button>
                </div>
            </Card>
        </div>
    }
}

/// Leaves for the provider's checkout (the sandbox's simulated one, or Mollie's).
fn go_to_checkout(url: String) {
    #[cfg(feature = "hydrate")]
    let _ = window().location().set_href(&url);
    #[cfg(not(feature = "hydrate"))]
    let _ = url;
}

/// What the current period delivered, against the plan: companies contacted and prospects
/// unlocked (from the ledger, whatever balance they came from), and the model's tokens.
#[component]
fn PeriodUsage(subscription: SubscriptionView) -> impl IntoView {
    let (d, q) = (subscription.delivered, subscription.quotas);
    let bar = |label: &'static str, used: i64, included: i64, unit: &'static str| {
        let percent = if included > 0 { (used.max(0) * 100 / included).min(100) as u8 } else { 0 };
        let detail = format!("{} sur {} {unit}", integer_fr(used), integer_fr(included));
        view! { <ProgressBar label percent=Signal::stored(percent) detail=Signal::stored(detail)/> }
    };
    view! {
        <div class="space-y-4 rounded-lg p-4 ring-1 ring-ink-200" data-testid="period-usage">
            <p class="text-sm font-semibold text-ink-900">"Consommé sur la période en cours"</p>
            {bar("Entreprises contactées", d.contacts, q.contacts, "incluses")}
            {bar("Prospects débloqués", d.prospects, q.prospects, "inclus")}
            {bar("Réponses de l'agent envoyées", d.agent_messages, q.agent_messages, "incluses")}
            {bar("Jetons d'IA", d.llm_tokens, q.llm_tokens, "inclus")}
        </div>
    }
}

/// The offers, each with its button to the checkout.
#[component]
fn Chooser(account: BillingAccount) -> impl IntoView {
    let is_owner = current_user().role == OrgRole::Owner;
    // Invoices name the client's company: no checkout before it has a legal name and an address.
    let identified = account.buyer_identified;
    let can_choose = is_owner && identified;
    let checkout = ServerAction::<StartCheckout>::new();
    ActionToast::new(&checkout).then(go_to_checkout).install();
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
                disabled=!can_choose
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
        {(!identified).then(|| view! {
            <div class="mb-6" data-testid="identity-needed">
                <Alert tone=AlertTone::Warning>
                    "Vos factures sont établies au nom de votre entreprise : renseignez sa raison sociale et son adresse avant de souscrire. "
                    <a class="font-semibold underline" href="/app/parametres#entreprise">"Compléter l'identité de l'entreprise"</a>
                </Alert>
            </div>
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
