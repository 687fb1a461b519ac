//! Late payments (SUB-5) and even pacing (SUB-4), on both databases, with a clock the tests
//! hold: a failed month is told of on day 0, retried and recalled on days 3 and 6, and
//! suspends sending at the end of the grace; each step happens once, and a downtime does not
//! make two retries; paying (a retry that goes through, or the checkout) puts the subscription
//! back in force and the period's rest is spread over its business days left. The plan's
//! pace caps each day's first contacts.

use crate::billing::{answer_checkout, checkout, deliver, org_of, renew, subscriber};
use crate::both_databases;
use crate::support::{Backend, Client, TestApp, exec, scalar};
use chrono::{DateTime, Duration, Utc};
use prospecta_server::billing::dunning;
use prospecta_server::billing::pacing::{self, Pace};
use prospecta_shared::billing::LateNotice;
use prospecta_shared::credits::Quota;
use prospecta_shared::ids::OrgId;

async fn late(client: &Client) -> Option<LateNotice> {
    client.call("billing/late", &[]).await.expect("late notice")
}

async fn status(app: &TestApp, org: OrgId) -> String {
    crate::support::scalar_text(
        app,
        &format!("SELECT status AS t FROM subscriptions WHERE organization_id = {org} AND status <> 'canceled'"),
    )
    .await
}

async fn grace_start(app: &TestApp, org: OrgId) -> DateTime<Utc> {
    use sea_orm::ConnectionTrait;
    let db = app.db();
    let sql =
        format!("SELECT grace_until FROM subscriptions WHERE organization_id = {org} AND grace_until IS NOT NULL");
    let row =
        db.query_one(sea_orm::Statement::from_string(db.get_database_backend(), sql)).await.unwrap().expect("a grace");
    row.try_get::<DateTime<Utc>>("", "grace_until").unwrap() - Duration::days(7)
}

async fn retries(app: &TestApp, org: OrgId) -> i64 {
    scalar(
        app,
        &format!("SELECT COUNT(*) AS n FROM payments WHERE organization_id = {org} AND kind = 'renewal' AND provider_payment_id LIKE 'tr_%' AND checkout_url IS NULL AND id > (SELECT MIN(id) FROM payments WHERE organization_id = {org} AND kind = 'renewal')"),
    )
    .await
}

async fn notices(app: &TestApp, org: OrgId, title: &str) -> i64 {
    scalar(app, &format!("SELECT COUNT(*) AS n FROM notifications WHERE organization_id = {org} AND title = '{title}'"))
        .await
}

async fn mails_to(app: &TestApp, email: &str, subject_part: &str) -> i64 {
    scalar(
        app,
        &format!(
            "SELECT COUNT(*) AS n FROM sandbox_mails WHERE to_address = '{email}' AND subject LIKE '%{}%'",
            subject_part.replace('\'', "''")
        ),
    )
    .await
}

/// A client subscribed to Croissance whose next month failed, the account declining.
async fn late_client(app: &TestApp, email: &str, outcome: &str) -> (Client, OrgId) {
    let client = subscriber(app, email, "Chauffage Morel").await;
    let org = org_of(app, email).await;
    let url = checkout(&client, &[("offre", "croissance")]).await.expect("checkout");
    answer_checkout(&url, "paid").await;
    deliver(app, 1).await;
    app.run_jobs().await;
    let syncs = scalar(app, "SELECT COUNT(*) AS n FROM jobs WHERE kind = 'billing.sync_payment'").await;
    renew(app, org, outcome).await;
    deliver(app, syncs + 1).await;
    assert_eq!(status(app, org).await, "past_due");
    (client, org)
}

async fn a_late_month_is_told_retried_suspended_then_caught_up(backend: Backend) {
    let app = TestApp::start(backend).await;
    let email = "lucie@chauffage-morel.fr";
    let (client, org) = late_client(&app, email, "declined").await;
    let t0 = grace_start(&app, org).await;
    let db = app.db();

    // Day 0: the owners are told, once, by e-mail and in the bell; the banner shows.
    assert_eq!(dunning::advance(db, t0 + Duration::minutes(5)).await.unwrap(), 1);
    assert_eq!(dunning::advance(db, t0 + Duration::hours(2)).await.unwrap(), 0, "a step is taken once");
    app.run_jobs().await;
    assert_eq!(notices(&app, org, "Paiement de l''abonnement refusé").await, 1);
    assert_eq!(mails_to(&app, email, "Paiement de l'abonnement refusé").await, 1);
    let banner = late(&client).await.expect("the banner");
    assert!(!banner.suspended);
    assert_eq!(banner.amount_cents, Some(35_880));
    assert_ne!(pacing::pace_today(db, org, Utc::now()).await.unwrap(), Pace::Suspended, "sending goes on");

    // Day 3: a new charge on the mandate (the account still refuses it) and a reminder.
    assert_eq!(dunning::advance(db, t0 + Duration::days(3)).await.unwrap(), 1);
    app.run_jobs().await;
    app.run_jobs().await;
    assert_eq!(retries(&app, org).await, 1);
    assert_eq!(status(&app, org).await, "past_due");
    assert_eq!(notices(&app, org, "Paiement toujours en attente").await, 1);

    // The server was down from day 4 to day 8: the last retry's day passed. Only the latest
    // step acts: suspended, with no second retry on the way.
    assert_eq!(dunning::advance(db, t0 + Duration::days(8)).await.unwrap(), 1);
    app.run_jobs().await;
    assert_eq!(retries(&app, org).await, 1, "a downtime makes no extra charge");
    assert_eq!(status(&app, org).await, "suspended");
    assert_eq!(notices(&app, org, "Envois suspendus : paiement en retard").await, 1);
    assert_eq!(notices(&app, org, "Dernier rappel avant la suspension de vos envois").await, 0);
    assert!(late(&client).await.expect("the banner").suspended);
    assert_eq!(pacing::pace_today(db, org, Utc::now()).await.unwrap(), Pace::Suspended);
    assert!(pacing::sending_suspended(db, org).await.unwrap());
    assert_eq!(dunning::advance(db, t0 + Duration::days(9)).await.unwrap(), 0);

    // Paid at the checkout with another card: in force again, the month credited once, told.
    let before = prospecta_server::credits::balance(db, org, Quota::Contacts).await.unwrap();
    let syncs = scalar(&app, "SELECT COUNT(*) AS n FROM jobs WHERE kind = 'billing.sync_payment'").await;
    let url = client.call::<String>("billing/settle", &[]).await.expect("settle");
    answer_checkout(&url, "paid").await;
    deliver(&app, syncs + 1).await;
    app.run_jobs().await;
    assert_eq!(status(&app, org).await, "active");
    assert!(late(&client).await.is_none(), "the banner is gone");
    let after = prospecta_server::credits::balance(db, org, Quota::Contacts).await.unwrap();
    assert_eq!(after, before + 400, "the month's contacts, once");
    assert_eq!(notices(&app, org, "Paiement reçu : abonnement rétabli").await, 1);
    assert_eq!(mails_to(&app, email, "Paiement reçu").await, 1);
    // The catch-up: what remains is spread over the business days left in the period.
    let now = Utc::now();
    match pacing::pace_today(db, org, now).await.unwrap() {
        Pace::Plan { target, .. } => {
            let view = pacing::view(db, org, now).await.unwrap().expect("pacing");
            assert_eq!(view.target_today, target);
            let planned: u64 = view.days.iter().map(|d| d.planned).sum();
            let done: u64 = view.days.iter().map(|d| d.done).sum();
            assert_eq!(planned.max(done), after.max(0) as u64, "the rest, planned once: nothing lost, nothing doubled");
        }
        other => panic!("expected the plan's pace, got {other:?}"),
    }
    // The retries were invoiced when paid only: none of the failed ones has an invoice.
    let invoiced_failures = scalar(&app, &format!("SELECT COUNT(*) AS n FROM invoices i JOIN payments p ON p.id = i.payment_id WHERE p.organization_id = {org} AND p.status = 'failed'")).await;
    assert_eq!(invoiced_failures, 0);
}

async fn a_retry_that_goes_through_ends_the_grace(backend: Backend) {
    let app = TestApp::start(backend).await;
    let email = "hugo@toiture-perrin.fr";
    let (client, org) = late_client(&app, email, "failed").await;
    let t0 = grace_start(&app, org).await;
    let db = app.db();
    let before = prospecta_server::credits::balance(db, org, Quota::Contacts).await.unwrap();
    dunning::advance(db, t0).await.unwrap();
    dunning::advance(db, t0 + Duration::days(3)).await.unwrap();
    app.run_jobs().await;
    app.run_jobs().await;
    assert_eq!(retries(&app, org).await, 1);
    assert_eq!(status(&app, org).await, "active", "the retry went through");
    assert_eq!(prospecta_server::credits::balance(db, org, Quota::Contacts).await.unwrap(), before + 400);
    assert!(late(&client).await.is_none());
    // Nothing more happens to a subscription in force.
    assert_eq!(dunning::advance(db, t0 + Duration::days(8)).await.unwrap(), 0);
    assert_eq!(status(&app, org).await, "active");
    let invoices: Vec<_> = crate::billing::account(&client).await.invoices;
    assert_eq!(invoices.len(), 2, "the first month and the retry that paid the second");
}

/// The plan's pace: first contacts stop for the day at its share of the plan, and a suspended
/// organisation sends nothing.
async fn the_plan_paces_first_contacts(backend: Backend) {
    use crate::campaigns::{app as campaign_app, create, database, play};
    use prospecta_server::outreach::campaigns::dispatch::{Dispatched, dispatch};
    let app = campaign_app(backend).await;
    let email = "nora@electricite-roy.fr";
    let client = subscriber(&app, email, "Électricité Roy").await;
    let org = org_of(&app, email).await;
    let url = checkout(&client, &[("offre", "essentiel")]).await.expect("checkout");
    answer_checkout(&url, "paid").await;
    deliver(&app, 1).await;
    let base = database(&app, &client, 3).await;
    let campaign = create(&client, base.id).await;
    play(&app, &client, campaign.id).await;
    let db = app.db();
    // A business day of the period at 10:00, Paris.
    let mut day = prospecta_server::time::paris_day(Utc::now());
    while !prospecta_server::time::is_business_day(day) {
        day = day.succ_opt().unwrap();
    }
    let now = prospecta_server::time::paris_day_start(day) + Duration::hours(10);
    let Pace::Plan { target, done } = pacing::pace_today(db, org, now).await.unwrap() else {
        panic!("the plan's pace")
    };
    assert_eq!(done, 0);
    assert!(target >= 1);
    let unset = || format!("UPDATE campaigns SET next_send_at = NULL WHERE id = {}", campaign.id);
    exec(&app, &unset()).await;
    assert!(matches!(dispatch(&app.state, campaign.id, now).await.unwrap(), Dispatched::Reserved { .. }));
    // Today's share made (first contacts are the ledger's consumptions of that day).
    let stamp = match backend {
        Backend::Postgres => format!("'{}'", (now - Duration::hours(1)).to_rfc3339()),
        Backend::Sqlite => format!("'{}'", (now - Duration::hours(1)).format("%Y-%m-%d %H:%M:%S%.f+00:00")),
    };
    exec(&app, &format!("INSERT INTO credit_ledger (organization_id, unit, delta, reason, created_at) VALUES ({org}, 'contacts', -{target}, 'test', {stamp})")).await;
    assert_eq!(pacing::pace_today(db, org, now).await.unwrap(), Pace::Plan { target, done: target });
    exec(&app, "UPDATE campaign_contacts SET state = 'pending' WHERE state = 'queued'").await;
    exec(&app, &unset()).await;
    let queued = || scalar(&app, "SELECT COUNT(*) AS n FROM campaign_contacts WHERE state = 'queued'");
    assert!(matches!(dispatch(&app.state, campaign.id, now).await.unwrap(), Dispatched::Later(_)));
    assert_eq!(queued().await, 0, "no first contact beyond today's share");
    // The next business day's share is open again.
    let mut next = day.succ_opt().unwrap();
    while !prospecta_server::time::is_business_day(next) {
        next = next.succ_opt().unwrap();
    }
    let tomorrow = prospecta_server::time::paris_day_start(next) + Duration::hours(10);
    if matches!(pacing::pace_today(db, org, tomorrow).await.unwrap(), Pace::Plan { target, .. } if target > 0) {
        exec(&app, &unset()).await;
        assert!(matches!(dispatch(&app.state, campaign.id, tomorrow).await.unwrap(), Dispatched::Reserved { .. }));
        exec(&app, "UPDATE campaign_contacts SET state = 'pending' WHERE state = 'queued'").await;
    }
    // Suspended: nothing is reserved, and the campaign page says why.
    exec(
        &app,
        &format!("UPDATE subscriptions SET status = 'suspended' WHERE organization_id = {org} AND status = 'active'"),
    )
    .await;
    exec(&app, &unset()).await;
    assert!(matches!(dispatch(&app.state, campaign.id, tomorrow).await.unwrap(), Dispatched::Later(_)));
    assert_eq!(queued().await, 0);
    let live = crate::campaigns::live(&client, campaign.id).await;
    assert!(live.next_send.unwrap_or_default().starts_with("Envois suspendus"));
}

both_databases!(
    a_late_month_is_told_retried_suspended_then_caught_up,
    a_retry_that_goes_through_ends_the_grace,
    the_plan_paces_first_contacts,
);
