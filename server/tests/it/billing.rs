//! Subscriptions through the real Mollie client, against the sandbox's simulated Mollie served
//! by the test's own server (Mollie's v2 wire format), on both databases: a checkout paid at the
//! simulated page grants the period's quotas once, whatever the webhook's replays; renewals add
//! a period, a failed one opens the grace; forged, unknown and malformed webhooks change
//! nothing; a payment in another currency or of another amount is not applied; the provider
//! down or not configured leaves nothing charged; and only the owner of the organisation
//! subscribes, only to offers it may see.

use crate::both_databases;
use crate::support::{Backend, Client, TestApp, exec, scalar, scalar_text};
use prospecta_server::billing::mollie::MollieClient;
use prospecta_server::billing::provider::{Money, NewPayment, PaymentProvider, ProviderError, Sequence};
use prospecta_server::credits;
use prospecta_shared::AppError;
use prospecta_shared::billing::{BillingAccount, Pricing, SubscriptionStatus};
use prospecta_shared::credits::Quota;
use prospecta_shared::ids::OrgId;
use std::time::Duration;

pub(crate) async fn org_of(app: &TestApp, email: &str) -> OrgId {
    OrgId(scalar(app, &format!("SELECT organization_id AS n FROM users WHERE email = '{email}'")).await)
}

/// A client signed up with its company's legal name and address (its invoices need them).
pub(crate) async fn subscriber(app: &TestApp, email: &str, company: &str) -> Client {
    let client = app.signed_up(email, company).await;
    identify(&client, company).await;
    client
}

pub(crate) async fn identify(client: &Client, company: &str) {
    let legal_name = format!("{company} SARL");
    let form = [
        ("name", company),
        ("legal_name", legal_name.as_str()),
        ("siret", "40483304800022"),
        ("street", "4 place Bellecour"),
        ("postcode", "69002"),
        ("city", "Lyon"),
        ("naf_code", ""),
    ];
    client.call::<()>("accounts/save-organization", &form).await.expect("company identity saved");
}

pub(crate) async fn balances(app: &TestApp, org: OrgId) -> (i64, i64) {
    (
        credits::balance(app.db(), org, Quota::Prospects).await.unwrap(),
        credits::balance(app.db(), org, Quota::Contacts).await.unwrap(),
    )
}

pub(crate) async fn checkout(client: &Client, form: &[(&str, &str)]) -> Result<String, AppError> {
    client.call::<String>("billing/checkout", form).await
}

/// The client at the simulated checkout page: pays, has the payment refused, or cancels.
pub(crate) async fn answer_checkout(url: &str, outcome: &str) {
    let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let page = http.get(url).send().await.unwrap();
    assert!(page.status().is_success());
    let html = page.text().await.unwrap();
    assert!(html.contains("Paiement simulé") && html.contains("aucune somme n'est prélevée"), "{html}");
    let response = http.post(url).form(&[("outcome", outcome), ("method", "directdebit")]).send().await.unwrap();
    assert!(response.status().is_redirection(), "{}", response.status());
    let back = response.headers()["location"].to_str().unwrap().to_string();
    assert!(back.contains("/app/abonnement"), "{back}");
}

/// Waits for the provider's webhooks to be queued (they arrive in the background, as from
/// Mollie), then runs the jobs they cause.
pub(crate) async fn deliver(app: &TestApp, syncs: i64) {
    for _ in 0..100 {
        let queued = scalar(app, "SELECT COUNT(*) AS n FROM jobs WHERE kind = 'billing.sync_payment'").await;
        if queued >= syncs {
            app.run_jobs().await;
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the webhook never arrived");
}

pub(crate) async fn webhook(app: &TestApp, id: &str) -> reqwest::StatusCode {
    reqwest::Client::new()
        .post(format!("{}/webhooks/mollie", app.base))
        .form(&[("id", id)])
        .send()
        .await
        .unwrap()
        .status()
}

pub(crate) async fn account(client: &Client) -> BillingAccount {
    client.call("billing/account", &[]).await.expect("account")
}

pub(crate) fn payment_id(checkout_url: &str) -> String {
    checkout_url.rsplit('/').next().unwrap().to_string()
}

/// The sandbox's renewal clock: the provider's subscription charges its next month now.
pub(crate) async fn renew(app: &TestApp, org: OrgId, outcome: &str) {
    let customer = scalar_text(
        app,
        &format!("SELECT provider_customer_id AS t FROM billing_accounts WHERE organization_id = {org}"),
    )
    .await;
    let subscription = scalar_text(
        app,
        &format!("SELECT provider_subscription_id AS t FROM subscriptions WHERE organization_id = {org} AND status <> 'canceled'"),
    )
    .await;
    let url = format!(
        "{}/sandbox/mollie/v2/customers/{customer}/subscriptions/{subscription}/charge?outcome={outcome}",
        app.base
    );
    let key = app.state.config.billing.mollie_api_key.clone().unwrap();
    let response = reqwest::Client::new().post(url).bearer_auth(key).send().await.unwrap();
    assert_eq!(response.status(), reqwest::StatusCode::CREATED);
}

async fn a_paid_checkout_grants_its_period_once_and_renewals_follow(backend: Backend) {
    let app = TestApp::start(backend).await;
    let email = "camille@atelier-martin.fr";
    let client = subscriber(&app, email, "Atelier Martin").await;
    let org = org_of(&app, email).await;
    let trial = balances(&app, org).await;
    assert_eq!(trial, (100, 50));

    let pricing: Pricing = app.client().call("billing/pricing", &[]).await.expect("public pricing");
    let names: Vec<_> = pricing.plans.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Essentiel", "Croissance", "Performance"]);
    let growth = pricing.plans.iter().find(|p| p.code == "croissance").unwrap().clone();
    assert_eq!(growth.monthly_price_cents, 29_900);
    assert!(pricing.bands.len() >= 2);

    let url = checkout(&client, &[("offre", "croissance")]).await.expect("checkout");
    assert!(url.contains("/sandbox/mollie/checkout/tr_"), "{url}");
    let id = payment_id(&url);
    let pending = account(&client).await.subscription.expect("pending subscription");
    assert_eq!(pending.status, SubscriptionStatus::Pending);
    // A webhook before the payment (status open) grants nothing.
    assert_eq!(webhook(&app, &id).await, reqwest::StatusCode::OK);
    app.run_jobs().await;
    assert_eq!(balances(&app, org).await, trial);

    answer_checkout(&url, "paid").await;
    deliver(&app, 2).await;
    let paid = balances(&app, org).await;
    assert_eq!(paid, (100 + 400, 50 + 400));
    let active = account(&client).await.subscription.expect("subscription");
    assert_eq!(active.status, SubscriptionStatus::Active);
    assert_eq!(active.plan_name, "Croissance");
    assert!(active.period.is_some());
    let amount =
        scalar(&app, &format!("SELECT amount_cents AS n FROM payments WHERE provider_payment_id = '{id}'")).await;
    assert_eq!(amount, 35_880, "the first month, VAT included");
    let renewals = scalar_text(&app, &format!("SELECT provider_subscription_id AS t FROM subscriptions WHERE organization_id = {org} AND status = 'active'")).await;
    assert!(renewals.starts_with("sub_"), "{renewals}");
    let cap = scalar(&app, &format!("SELECT monthly_tokens AS n FROM llm_budgets WHERE organization_id = {org}")).await;
    assert_eq!(cap, 4_000_000, "the plan's token budget");
    let ledger_lines = app.count("credit_ledger").await;
    let reason =
        scalar_text(&app, &format!("SELECT reason AS t FROM credit_ledger WHERE cause = 'payment:{id}:contacts'"))
            .await;
    assert!(reason.starts_with("Abonnement Croissance · du "), "{reason}");

    // Replays, late and duplicate deliveries: nothing more.
    for _ in 0..3 {
        assert_eq!(webhook(&app, &id).await, reqwest::StatusCode::OK);
    }
    app.run_jobs().await;
    assert_eq!(balances(&app, org).await, paid);
    assert_eq!(app.count("credit_ledger").await, ledger_lines);
    // Subscribing again while subscribed is refused.
    assert!(matches!(checkout(&client, &[("offre", "essentiel")]).await, Err(AppError::Conflict(_))));

    // The provider charges the next month: one more period, once.
    let syncs = scalar(&app, "SELECT COUNT(*) AS n FROM jobs WHERE kind = 'billing.sync_payment'").await;
    renew(&app, org, "paid").await;
    deliver(&app, syncs + 1).await;
    assert_eq!(balances(&app, org).await, (paid.0 + 400, paid.1 + 400));
    let renewal = scalar_text(
        &app,
        &format!("SELECT provider_payment_id AS t FROM payments WHERE organization_id = {org} AND kind = 'renewal'"),
    )
    .await;
    webhook(&app, &renewal).await;
    app.run_jobs().await;
    assert_eq!(balances(&app, org).await, (paid.0 + 400, paid.1 + 400));
    assert_eq!(
        scalar(&app, &format!("SELECT COUNT(*) AS n FROM payments WHERE organization_id = {org} AND kind = 'renewal'"))
            .await,
        1
    );

    // A renewal that fails opens the 7-day grace; nothing is granted.
    let syncs = scalar(&app, "SELECT COUNT(*) AS n FROM jobs WHERE kind = 'billing.sync_payment'").await;
    renew(&app, org, "failed").await;
    deliver(&app, syncs + 1).await;
    assert_eq!(balances(&app, org).await, (paid.0 + 400, paid.1 + 400));
    let late = account(&client).await.subscription.expect("subscription");
    assert_eq!(late.status, SubscriptionStatus::PastDue);
    let grace = scalar(
        &app,
        &format!("SELECT COUNT(*) AS n FROM subscriptions WHERE organization_id = {org} AND grace_until IS NOT NULL"),
    )
    .await;
    assert_eq!(grace, 1);
    let (_, _, to) = late.failed_charge.clone().expect("the failed charge is shown");
    assert!(!to.is_empty());

    // Paid again at the checkout (another card or account): the month is credited, the
    // subscription is in force again.
    let syncs = scalar(&app, "SELECT COUNT(*) AS n FROM jobs WHERE kind = 'billing.sync_payment'").await;
    let url = client.call::<String>("billing/settle", &[]).await.expect("settle");
    answer_checkout(&url, "paid").await;
    deliver(&app, syncs + 1).await;
    assert_eq!(balances(&app, org).await, (paid.0 + 800, paid.1 + 800));
    let settled = account(&client).await.subscription.expect("subscription");
    assert_eq!((settled.status, settled.failed_charge), (SubscriptionStatus::Active, None));
    assert!(
        matches!(client.call::<String>("billing/settle", &[]).await, Err(AppError::Conflict(_))),
        "nothing left to settle"
    );
}

async fn forged_unknown_and_odd_payments_change_nothing(backend: Backend) {
    let app = TestApp::start(backend).await;
    let email = "louise@boulangerie-roux.fr";
    let client = subscriber(&app, email, "Boulangerie Roux").await;
    let org = org_of(&app, email).await;
    let trial = balances(&app, org).await;
    let jobs_before = app.count("jobs").await;

    // Malformed ids are answered like any other and queue nothing; an unknown one is looked up
    // at the provider, which does not know it.
    for forged in ["", "tr_../../customers", "sub_123", "<script>"] {
        assert_eq!(webhook(&app, forged).await, reqwest::StatusCode::OK, "{forged}");
    }
    assert_eq!(app.count("jobs").await, jobs_before);
    assert_eq!(webhook(&app, "tr_Unknown1234").await, reqwest::StatusCode::OK);
    app.run_jobs().await;
    assert_eq!(app.count("payments").await, 0);

    // A payment whose amount the provider reports in another currency is not applied.
    let url = checkout(&client, &[("contacts", "750")]).await.expect("checkout");
    let id = payment_id(&url);
    exec(&app, &format!("UPDATE sandbox_mollie SET body = REPLACE(body, '\"EUR\"', '\"USD\"') WHERE id = '{id}'"))
        .await;
    answer_checkout(&url, "paid").await;
    deliver(&app, 2).await;
    assert_eq!(balances(&app, org).await, trial);
    let anomaly =
        scalar_text(&app, &format!("SELECT anomaly AS t FROM payments WHERE provider_payment_id = '{id}'")).await;
    assert!(anomaly.contains("USD"), "{anomaly}");
    assert_eq!(account(&client).await.subscription.map(|s| s.status), Some(SubscriptionStatus::Pending));

    // Another amount than the one asked: not applied either.
    let url = checkout(&client, &[("offre", "essentiel")]).await.expect("checkout again");
    let id = payment_id(&url);
    exec(&app, &format!("UPDATE sandbox_mollie SET body = REPLACE(body, '\"178.80\"', '\"1.00\"') WHERE id = '{id}'"))
        .await;
    answer_checkout(&url, "paid").await;
    deliver(&app, 3).await;
    assert_eq!(balances(&app, org).await, trial);
    let anomaly =
        scalar_text(&app, &format!("SELECT anomaly AS t FROM payments WHERE provider_payment_id = '{id}'")).await;
    assert!(anomaly.contains("montant"), "{anomaly}");

    // A refused payment: the subscription never starts, nothing is granted, and the client may
    // choose again.
    let url = checkout(&client, &[("offre", "performance")]).await.expect("third checkout");
    answer_checkout(&url, "failed").await;
    deliver(&app, 4).await;
    assert_eq!(balances(&app, org).await, trial);
    assert!(account(&client).await.subscription.is_none());
    // The slider's volume was remembered as the offer's name.
    let volume = scalar_text(
        &app,
        &format!("SELECT plan_name AS t FROM subscriptions WHERE organization_id = {org} ORDER BY id LIMIT 1"),
    )
    .await;
    assert!(volume.contains("750"), "{volume}");
}

async fn only_the_owner_subscribes_to_offers_it_may_see(backend: Backend) {
    let app = TestApp::start(backend).await;
    let owner = app.signed_up("nina@garage-petit.fr", "Garage Petit").await;
    // No legal name or address yet: its invoices could not name it, so no checkout.
    assert!(!account(&owner).await.buyer_identified);
    assert!(matches!(checkout(&owner, &[("offre", "essentiel")]).await, Err(AppError::Conflict(_))));
    identify(&owner, "Garage Petit").await;
    assert!(account(&owner).await.buyer_identified);
    let org = org_of(&app, "nina@garage-petit.fr").await;
    let other = subscriber(&app, "marc@cabinet-leroy.fr", "Cabinet Leroy").await;
    // A custom plan the agency made for the garage only.
    exec(
        &app,
        &format!(
            "INSERT INTO plans (code, name, pitch, monthly_price_cents, prospects, contacts, agent_messages, llm_tokens, \
             highlighted, organization_id, position, archived) VALUES ('sur-mesure-garage', 'Garage sur mesure', '', 20000, \
             300, 300, 600, 3000000, false, {org}, 0, false)"
        ),
    )
    .await;
    let garage = account(&owner).await;
    assert_eq!(garage.custom_plans.len(), 1);
    assert!(account(&other).await.custom_plans.is_empty());
    assert!(matches!(checkout(&other, &[("offre", "sur-mesure-garage")]).await, Err(AppError::NotFound)));
    assert!(matches!(checkout(&other, &[("offre", "platine")]).await, Err(AppError::NotFound)));
    assert!(matches!(checkout(&other, &[]).await, Err(AppError::Validation { .. })));
    assert_eq!(app.count("payments").await, 0);

    // A member is not the owner: refused, nothing created.
    exec(&app, "UPDATE users SET role = 'member' WHERE email = 'marc@cabinet-leroy.fr'").await;
    assert!(matches!(checkout(&other, &[("offre", "essentiel")]).await, Err(AppError::Forbidden)));
    assert_eq!(app.count("subscriptions").await, 0);
    // An address not confirmed yet: no checkout.
    let unverified = app.signed_up_unverified("lea@traiteur-morel.fr", "Traiteur Morel").await;
    assert!(matches!(checkout(&unverified, &[("offre", "essentiel")]).await, Err(AppError::EmailNotVerified)));
    // Signed out: no account, no checkout.
    assert!(matches!(
        app.client().call::<BillingAccount>("billing/account", &[]).await,
        Err(AppError::Unauthenticated)
    ));

    let url = checkout(&owner, &[("offre", "sur-mesure-garage")]).await.expect("own custom plan");
    assert!(url.contains("/checkout/tr_"));
}

async fn the_provider_down_or_unconfigured_charges_nothing(backend: Backend) {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let app = TestApp::start_with(backend, |c| {
        c.billing.mollie_api_base = format!("http://{closed}/v2");
    })
    .await;
    let client = subscriber(&app, "jeanne@fleurs-durand.fr", "Fleurs Durand").await;
    match checkout(&client, &[("offre", "essentiel")]).await {
        Err(AppError::Payment(reason)) => assert!(reason.contains("injoignable"), "{reason}"),
        other => panic!("expected the provider to be unreachable, got {other:?}"),
    }
    assert!(account(&client).await.subscription.is_none());
    assert_eq!(app.count("payments").await, 0);

    let unconfigured = TestApp::start_with(backend, |c| c.billing.mollie_api_key = None).await;
    let client = subscriber(&unconfigured, "jeanne@fleurs-durand.fr", "Fleurs Durand").await;
    match checkout(&client, &[("offre", "essentiel")]).await {
        Err(AppError::Payment(reason)) => assert!(reason.contains("pas configuré"), "{reason}"),
        other => panic!("expected no payment configuration, got {other:?}"),
    }
}

/// The agency's catalogue: only admins edit it; every refused field is named; a custom plan is
/// offered to its organisation only; bands must stay degressive, and the slider prices with
/// the saved ones.
async fn agency_admins_edit_the_catalogue(backend: Backend) {
    let app = TestApp::start(backend).await;
    let client = subscriber(&app, "paul@menuiserie-blanc.fr", "Menuiserie Blanc").await;
    let org = org_of(&app, "paul@menuiserie-blanc.fr").await;
    prospecta_server::accounts::create_admin(app.db(), "admin@prospecta.fr", crate::support::PASSWORD).await.unwrap();
    let admin = app.client_from("203.0.113.200");
    admin
        .call::<()>(
            "accounts/login",
            &[("email", "admin@prospecta.fr"), ("password", crate::support::PASSWORD), ("next", "/admin")],
        )
        .await
        .unwrap();
    let plan = |name: &'static str, price: &'static str, contacts: &'static str, org: String| {
        vec![
            ("name", name.to_string()),
            ("pitch", "Pour une équipe de deux commerciaux.".to_string()),
            ("monthly_price", price.to_string()),
            ("prospects", "250".to_string()),
            ("contacts", contacts.to_string()),
            ("agent_messages", "500".to_string()),
            ("llm_tokens", "2 500 000".to_string()),
            ("organization_id", org),
        ]
    };
    let create = |form: Vec<(&'static str, String)>| {
        let admin = &admin;
        async move {
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            admin.call::<prospecta_shared::ids::PlanId>("billing/create-plan", &form).await
        }
    };
    // A client is not an admin.
    let form = plan("Menuiserie", "199", "250", org.to_string());
    let as_client: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(
        client.call::<prospecta_shared::ids::PlanId>("billing/create-plan", &as_client).await,
        Err(AppError::Forbidden)
    );
    assert_eq!(
        client.call::<prospecta_shared::billing::AdminPricing>("billing/admin-pricing", &[]).await,
        Err(AppError::Forbidden)
    );

    use prospecta_shared::error::ValidationCode;
    assert_eq!(
        create(plan("", "199", "250", String::new())).await,
        Err(AppError::validation("name", ValidationCode::Required))
    );
    assert_eq!(
        create(plan("Menuiserie", "19,999", "250", String::new())).await,
        Err(AppError::validation("monthly_price", ValidationCode::InvalidAmount))
    );
    assert_eq!(
        create(plan("Menuiserie", "199", "beaucoup", String::new())).await,
        Err(AppError::validation("contacts", ValidationCode::OutOfRange { min: 0, max: 1_000_000 }))
    );
    for not_whole in ["1,5", "1.500", "-3"] {
        assert_eq!(
            create(plan("Menuiserie", "199", not_whole, String::new())).await,
            Err(AppError::validation("contacts", ValidationCode::OutOfRange { min: 0, max: 1_000_000 })),
            "{not_whole}"
        );
    }
    let custom = create(plan("Menuiserie", "199,50", "250", org.to_string())).await.expect("custom plan");
    assert!(matches!(create(plan("Menuiserie", "199", "250", org.to_string())).await, Err(AppError::Conflict(_))));
    let catalogue: prospecta_shared::billing::AdminPricing = admin.call("billing/admin-pricing", &[]).await.unwrap();
    let (view, for_org) = catalogue.plans.iter().find(|(p, _)| p.id == custom).unwrap();
    assert_eq!((view.monthly_price_cents, view.quotas.llm_tokens, *for_org), (19_950, 2_500_000, Some(org)));
    let mine = account(&client).await;
    assert_eq!(mine.custom_plans.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["Menuiserie"]);
    assert!(!mine.pricing.plans.iter().any(|p| p.id == custom), "a custom plan is not public");

    // Off sale: no longer offered, no longer sold.
    admin.call::<()>("billing/archive-plan", &[("id", &custom.to_string())]).await.unwrap();
    assert!(account(&client).await.custom_plans.is_empty());
    assert!(matches!(checkout(&client, &[("offre", &view.code)]).await, Err(AppError::NotFound)));

    // Bands: a scale that does not fall is refused, with its reason; a good one prices the slider.
    let bands = |pairs: &[(i64, i64)]| serde_json::json!({ "bands": pairs.iter().map(|(f, c)| serde_json::json!({"from_contacts": f, "cents_per_contact": c})).collect::<Vec<_>>() });
    match admin.call_json::<()>("billing/save-bands", &bands(&[(50, 80), (500, 90)])).await {
        Err(
            e @ AppError::Validation {
                code: ValidationCode::InvalidPriceBands(prospecta_shared::billing::BandsError::NotDegressive),
                ..
            },
        ) => {
            assert_eq!(e.field(), Some("bands"));
            assert!(e.message_fr().contains("baisser"), "{}", e.message_fr());
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(client.call_json::<()>("billing/save-bands", &bands(&[(50, 80)])).await, Err(AppError::Forbidden));
    admin.call_json::<()>("billing/save-bands", &bands(&[(50, 100), (1_000, 50)])).await.unwrap();
    let pricing: Pricing = app.client().call("billing/pricing", &[]).await.unwrap();
    assert_eq!(pricing.volume_plan(1_500).monthly_price_cents, 1_000 * 100 + 500 * 50);
    checkout(&client, &[("contacts", "1500")]).await.expect("checkout at the new price");
    let asked = scalar(&app, &format!("SELECT amount_cents AS n FROM payments WHERE organization_id = {org}")).await;
    assert_eq!(asked, prospecta_shared::billing::with_vat(125_000));

    // Credit packs: put on sale with every refused field named, a duplicate refused, taken off.
    let pack = |quota: &'static str, units: &'static str, price: &'static str| {
        [("quota", quota), ("units", units), ("price", price)]
    };
    for (form, field) in [
        (pack("jetons", "100", "10"), "quota"),
        (pack("contacts", "0", "10"), "units"),
        (pack("contacts", "1,5", "10"), "units"),
        (pack("contacts", "50", ""), "price"),
        (pack("contacts", "50", "dix"), "price"),
    ] {
        match admin.call::<i64>("billing/create-pack", &form).await {
            Err(e @ AppError::Validation { .. }) => assert_eq!(e.field(), Some(field), "{form:?}"),
            other => panic!("{form:?}: {other:?}"),
        }
    }
    assert_eq!(
        client.call::<i64>("billing/create-pack", &pack("contacts", "50", "39")).await,
        Err(AppError::Forbidden)
    );
    let fifty = admin.call::<i64>("billing/create-pack", &pack("contacts", "1 000", "790")).await.expect("pack");
    assert!(matches!(
        admin.call::<i64>("billing/create-pack", &pack("contacts", "1000", "700")).await,
        Err(AppError::Conflict(_))
    ));
    let on_sale = account(&client).await.packs;
    let listed = on_sale.iter().find(|p| p.id == fifty).expect("offered to clients");
    assert_eq!((listed.units, listed.price_cents), (1_000, 79_000));
    admin.call::<()>("billing/archive-pack", &[("id", &fifty.to_string())]).await.unwrap();
    assert!(!account(&client).await.packs.iter().any(|p| p.id == fifty));
    assert!(matches!(
        client.call::<String>("billing/buy-pack", &[("pack_id", &fifty.to_string())]).await,
        Err(AppError::NotFound)
    ));
    let catalogue: prospecta_shared::billing::AdminPricing = admin.call("billing/admin-pricing", &[]).await.unwrap();
    assert_eq!(catalogue.packs.len(), 3, "the seeded packs");
}

/// Without commitment: cancelling keeps the period paid for, stops the provider's charges at
/// once, and the subscription ends with its period; then the client may subscribe again.
async fn cancelling_keeps_the_period_and_stops_the_charges(backend: Backend) {
    let app = TestApp::start(backend).await;
    let email = "ines@studio-bonnet.fr";
    let client = subscriber(&app, email, "Studio Bonnet").await;
    let org = org_of(&app, email).await;
    assert!(
        matches!(client.call::<String>("billing/cancel", &[]).await, Err(AppError::Conflict(_))),
        "nothing to cancel"
    );
    let packs = account(&client).await.packs;
    let hundred =
        packs.iter().find(|p| p.quota == Quota::Contacts && p.units == 100).expect("a pack of 100 contacts").clone();
    let pack_id = hundred.id.to_string();
    let buy = |id: String| {
        let client = &client;
        async move { client.call::<String>("billing/buy-pack", &[("pack_id", id.as_str())]).await }
    };
    assert!(matches!(buy(pack_id.clone()).await, Err(AppError::Conflict(_))), "a pack needs a subscription");
    let url = checkout(&client, &[("offre", "essentiel")]).await.unwrap();
    answer_checkout(&url, "paid").await;
    deliver(&app, 1).await;
    let active = account(&client).await.subscription.unwrap();
    assert_eq!((active.status, active.ends_on.clone()), (SubscriptionStatus::Active, None));
    assert_eq!(active.delivered, prospecta_shared::billing::Delivered::default());
    // What the period delivered: consumptions count, a staff withdrawal does not.
    credits::consume(app.db(), org, Quota::Contacts, 3, "test: three companies contacted", None).await.unwrap();
    credits::consume(app.db(), org, Quota::Prospects, 5, "test: five rows unlocked", None).await.unwrap();
    credits::grant(app.db(), org, Quota::Contacts, -2, "Retiré par l'agence", None).await.unwrap();
    let delivered = account(&client).await.subscription.unwrap().delivered;
    assert_eq!((delivered.contacts, delivered.prospects), (3, 5));

    // A pack: paid once at the checkout, its units granted once.
    assert_eq!(buy("999999".into()).await, Err(AppError::NotFound));
    let before = balances(&app, org).await;
    let url = buy(pack_id).await.expect("buy a pack");
    answer_checkout(&url, "paid").await;
    deliver(&app, 2).await;
    assert_eq!(balances(&app, org).await, (before.0, before.1 + 100));
    webhook(&app, &payment_id(&url)).await;
    app.run_jobs().await;
    assert_eq!(balances(&app, org).await, (before.0, before.1 + 100));
    let history = account(&client).await.payments;
    assert_eq!(history[0].what, "recharge +100 entreprises contactées");
    assert_eq!(history[0].amount_cents, prospecta_shared::billing::with_vat(hundred.price_cents));
    assert!(history[0].period.is_none());
    let granted = balances(&app, org).await;

    // A member cannot cancel the organisation's subscription.
    let member = subscriber(&app, "hugo@studio-bonnet.fr", "Autre").await;
    exec(
        &app,
        &format!("UPDATE users SET organization_id = {org}, role = 'member' WHERE email = 'hugo@studio-bonnet.fr'"),
    )
    .await;
    assert_eq!(member.call::<String>("billing/cancel", &[]).await, Err(AppError::Forbidden));

    let last_day = client.call::<String>("billing/cancel", &[]).await.expect("cancel");
    assert_eq!(Some(last_day.clone()), active.period.map(|(_, to)| to));
    let cancelled = account(&client).await.subscription.unwrap();
    assert_eq!((cancelled.status, cancelled.ends_on), (SubscriptionStatus::Active, Some(last_day.clone())));
    assert_eq!(
        client.call::<String>("billing/cancel", &[]).await.unwrap(),
        last_day,
        "cancelling twice changes nothing"
    );
    // Mollie's subscription is cancelled: nothing more will be charged.
    let customer = scalar_text(
        &app,
        &format!("SELECT provider_customer_id AS t FROM billing_accounts WHERE organization_id = {org}"),
    )
    .await;
    let id = scalar_text(
        &app,
        &format!("SELECT provider_subscription_id AS t FROM subscriptions WHERE organization_id = {org}"),
    )
    .await;
    let key = app.state.config.billing.mollie_api_key.clone().unwrap();
    let remote: serde_json::Value = reqwest::Client::new()
        .get(format!("{}/sandbox/mollie/v2/customers/{customer}/subscriptions/{id}", app.base))
        .bearer_auth(key)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(remote["status"], "canceled");
    assert!(matches!(checkout(&client, &[("offre", "croissance")]).await, Err(AppError::Conflict(_))), "still active");

    // Its period is over: the hourly job ends it; the quotas granted stay.
    let now = chrono::Utc::now();
    assert_eq!(
        prospecta_server::billing::cancel::close_ended(app.db(), now).await.unwrap(),
        0,
        "the period is not over"
    );
    let later = now + chrono::Duration::days(32);
    assert_eq!(prospecta_server::billing::cancel::close_ended(app.db(), later).await.unwrap(), 1);
    assert!(account(&client).await.subscription.is_none());
    assert_eq!(balances(&app, org).await, granted);
    checkout(&client, &[("offre", "croissance")]).await.expect("subscribe again");
}

/// Two checkouts opened, both paid (another tab, an old link): the first paid wins and the
/// other choice is paid back in full, never doubled.
async fn a_choice_replaced_before_paying_is_never_doubled(backend: Backend) {
    let app = TestApp::start(backend).await;
    let email = "remi@cave-lambert.fr";
    let client = subscriber(&app, email, "Cave Lambert").await;
    let org = org_of(&app, email).await;
    let trial = balances(&app, org).await;
    let first = checkout(&client, &[("offre", "essentiel")]).await.unwrap();
    let second = checkout(&client, &[("offre", "croissance")]).await.unwrap();
    // The replaced choice is paid anyway, while the new one is not: it is honoured.
    answer_checkout(&first, "paid").await;
    deliver(&app, 1).await;
    let honoured = account(&client).await.subscription.expect("subscription");
    assert_eq!((honoured.plan_name.as_str(), honoured.status), ("Essentiel", SubscriptionStatus::Active));
    assert_eq!(balances(&app, org).await, (trial.0 + 150, trial.1 + 150));
    // The other one paid too: refunded in full, nothing granted.
    answer_checkout(&second, "paid").await;
    deliver(&app, 2).await;
    app.run_jobs().await;
    assert_eq!(balances(&app, org).await, (trial.0 + 150, trial.1 + 150));
    let id = payment_id(&second);
    let refunded = scalar(
        &app,
        &format!("SELECT COUNT(*) AS n FROM payments WHERE provider_payment_id = '{id}' AND refunded_at IS NOT NULL"),
    )
    .await;
    assert_eq!(refunded, 1);
    let mollie = MollieClient::new(
        &app.state.config.billing.mollie_api_base,
        app.state.config.billing.mollie_api_key.clone(),
        Duration::from_secs(10),
        true,
    );
    assert_eq!(mollie.payment(&id).await.unwrap().refunded_cents, 35_880);
    let rows = account(&client).await.payments;
    assert_eq!(rows.iter().filter(|p| p.refunded).count(), 1);
    // Replayed: no second refund.
    webhook(&app, &id).await;
    app.run_jobs().await;
    assert_eq!(mollie.payment(&id).await.unwrap().refunded_cents, 35_880);
    assert_eq!(account(&client).await.subscription.map(|s| s.plan_name), Some("Essentiel".to_string()));
}

both_databases!(
    a_choice_replaced_before_paying_is_never_doubled,
    agency_admins_edit_the_catalogue,
    cancelling_keeps_the_period_and_stops_the_charges,
    a_paid_checkout_grants_its_period_once_and_renewals_follow,
    forged_unknown_and_odd_payments_change_nothing,
    only_the_owner_subscribes_to_offers_it_may_see,
    the_provider_down_or_unconfigured_charges_nothing,
);

/// The Mollie client against the simulated Mollie: its errors, idempotency keys and refunds,
/// as the provider's documentation describes them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_mollie_client_speaks_the_wire_format() {
    let app = TestApp::start(Backend::Sqlite).await;
    let base = app.state.config.billing.mollie_api_base.clone();
    let key = app.state.config.billing.mollie_api_key.clone();
    let mollie = MollieClient::new(&base, key.clone(), Duration::from_secs(10), true);
    let wrong_key = MollieClient::new(&base, Some("oops".into()), Duration::from_secs(10), true);
    match wrong_key.create_customer("A", "a@b.fr", "r").await {
        Err(ProviderError::Refused(reason)) => assert!(reason.contains("401"), "{reason}"),
        other => panic!("{other:?}"),
    }
    let customer = mollie.create_customer("Atelier Martin", "camille@atelier-martin.fr", "org-1").await.unwrap();
    assert!(customer.starts_with("cst_"));
    assert_eq!(
        mollie.create_customer("Atelier Martin", "camille@atelier-martin.fr", "org-1").await.unwrap(),
        customer,
        "same idempotency key"
    );
    assert!(mollie.mandates(&customer).await.unwrap().is_empty());

    let payment = |reference: &str, sequence, cents| NewPayment {
        amount: Money::eur(cents),
        description: "Prospecta · test".into(),
        customer_id: customer.clone(),
        sequence,
        redirect_url: Some(format!("{}/app/abonnement", app.base)),
        webhook_url: format!("{}/webhooks/mollie", app.base),
        reference: reference.into(),
    };
    match mollie.create_payment(&payment("p-0", Sequence::Recurring, 1000)).await {
        Err(ProviderError::Refused(reason)) => {
            assert!(reason.contains("422") && reason.contains("mandate"), "{reason}")
        }
        other => panic!("a recurring payment without a mandate: {other:?}"),
    }
    match mollie.create_payment(&payment("p-zero", Sequence::First, 0)).await {
        Err(ProviderError::Refused(reason)) => assert!(reason.contains("[amount]"), "{reason}"),
        other => panic!("a zero amount: {other:?}"),
    }
    let first = mollie.create_payment(&payment("p-1", Sequence::First, 17_880)).await.unwrap();
    assert_eq!(mollie.create_payment(&payment("p-1", Sequence::First, 17_880)).await.unwrap().id, first.id);
    assert_eq!(first.amount, Money::eur(17_880));
    assert!(first.sequence_first);
    assert_eq!(first.reference.as_deref(), Some("p-1"));
    assert_eq!(mollie.payment("tr_Nope123").await, Err(ProviderError::NotFound));
    assert_eq!(mollie.payment("../customers").await, Err(ProviderError::NotFound));

    answer_checkout(first.checkout_url.as_deref().unwrap(), "paid").await;
    let paid = mollie.payment(&first.id).await.unwrap();
    assert_eq!(paid.status, prospecta_shared::billing::PaymentStatus::Paid);
    let mandates = mollie.mandates(&customer).await.unwrap();
    assert_eq!(mandates.len(), 1);
    assert!(mandates[0].valid && mandates[0].method == "directdebit");
    assert_eq!(paid.mandate_id.as_deref(), Some(mandates[0].id.as_str()));

    let recurring = mollie.create_payment(&payment("p-2", Sequence::Recurring, 17_880)).await.unwrap();
    assert_eq!(recurring.status, prospecta_shared::billing::PaymentStatus::Paid);
    match mollie.refund(&first.id, &Money::eur(20_000), "trop", "test-refund-1").await {
        Err(ProviderError::Refused(reason)) => assert!(reason.contains("refundable"), "{reason}"),
        other => panic!("{other:?}"),
    }
    let refund = mollie.refund(&first.id, &Money::eur(5_000), "geste commercial", "test-refund-2").await.unwrap();
    assert!(refund.id.starts_with("re_") && refund.amount == Money::eur(5_000));
    assert_eq!(mollie.payment(&first.id).await.unwrap().refunded_cents, 5_000);

    let start = chrono::Utc::now().date_naive();
    let new_subscription = prospecta_server::billing::provider::NewSubscription {
        customer_id: customer.clone(),
        mandate_id: None,
        amount: Money::eur(17_880),
        start,
        description: "Prospecta · Essentiel".into(),
        webhook_url: format!("{}/webhooks/mollie", app.base),
        reference: "s-1".into(),
    };
    let subscription = mollie.create_subscription(&new_subscription).await.unwrap();
    assert_eq!(subscription.status, "active");
    assert_eq!(subscription.next_payment, Some(start));
    let updated = mollie.update_subscription_amount(&customer, &subscription.id, &Money::eur(35_880)).await.unwrap();
    assert_eq!(updated.amount, Money::eur(35_880));
    mollie.cancel_subscription(&customer, &subscription.id).await.unwrap();
    assert!(matches!(mollie.cancel_subscription(&customer, &subscription.id).await, Err(ProviderError::Refused(_))));
    assert_eq!(mollie.cancel_subscription("cst_Other", &subscription.id).await, Err(ProviderError::NotFound));
}
