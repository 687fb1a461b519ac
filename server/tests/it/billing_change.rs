//! Changing plan mid-period (SUB-1), on both databases, through the real client and the
//! simulated Mollie: an upgrade charges the prorated price difference on the mandate and adds
//! the prorated quotas once paid; a downgrade takes the prorated quotas back and pays the
//! prorated difference back with a credit note; a downgrade below what the period already
//! used is refused with its reason; the provider's subscription charges the new price next.

use crate::billing::{account, answer_checkout, checkout, deliver, org_of, subscriber};
use crate::both_databases;
use crate::support::{Backend, TestApp, exec, scalar, scalar_text};
use prospecta_server::credits;
use prospecta_shared::AppError;
use prospecta_shared::billing::{ChangeQuote, InvoiceKind, PaymentKind, with_vat};
use prospecta_shared::credits::Quota;

async fn changing_plan_is_prorated_both_ways(backend: Backend) {
    let app = TestApp::start(backend).await;
    let email = "ines@paysages-dumont.fr";
    let client = subscriber(&app, email, "Paysages Dumont").await;
    let org = org_of(&app, email).await;
    // Not subscribed yet: nothing to change.
    let refused = client.call::<ChangeQuote>("billing/quote-change", &[("offre", "croissance")]).await;
    assert!(matches!(refused, Err(AppError::Conflict(_))), "{refused:?}");
    let url = checkout(&client, &[("offre", "essentiel")]).await.unwrap();
    answer_checkout(&url, "paid").await;
    deliver(&app, 1).await;
    app.run_jobs().await;
    let contacts = || credits::balance(app.db(), org, Quota::Contacts);
    let start = contacts().await.unwrap();

    // Upgrade, the period just begun: about the whole difference.
    let quote: ChangeQuote = client.call("billing/quote-change", &[("offre", "croissance")]).await.expect("quote");
    assert!(!quote.refund);
    assert_eq!(quote.plan_name, "Croissance");
    assert!((quote.now_cents - with_vat(29_900 - 14_900)).abs() <= 100, "{quote:?}");
    assert!((245..=250).contains(&quote.contacts_delta), "{quote:?}");
    assert!(
        matches!(
            client.call::<ChangeQuote>("billing/quote-change", &[("offre", "essentiel")]).await,
            Err(AppError::Conflict(_))
        ),
        "the offer already held"
    );
    client.call::<()>("billing/change-plan", &[("offre", "croissance")]).await.expect("upgrade");
    app.run_jobs().await;
    app.run_jobs().await;
    let now = account(&client).await;
    let s = now.subscription.clone().expect("subscription");
    assert_eq!(s.plan_name, "Croissance");
    assert_eq!(s.quotas.contacts, 400);
    let upgraded = contacts().await.unwrap();
    assert_eq!(upgraded, start + quote.contacts_delta, "the prorated contacts, once");
    let change_paid = scalar(&app, &format!("SELECT COUNT(*) AS n FROM payments WHERE organization_id = {org} AND kind = 'change' AND status = 'paid' AND applied_at IS NOT NULL")).await;
    assert_eq!(change_paid, 1);
    assert_eq!(now.invoices.iter().filter(|i| i.kind == InvoiceKind::Invoice).count(), 2, "the upgrade is invoiced");
    // Each payment names the offer it was for, not the subscription's current one.
    let named: Vec<_> = now.payments.iter().map(|p| (p.kind, p.plan_name.as_str())).collect();
    assert_eq!(named, [(PaymentKind::Change, "Croissance"), (PaymentKind::First, "Essentiel")], "{named:?}");
    // The upgrade's prorated agent replies come with its contacts.
    assert!(quote.agent_messages_delta > 0, "{quote:?}");
    // The provider's subscription now charges the new price.
    let provider_subscription = scalar_text(&app, &format!("SELECT provider_subscription_id AS t FROM subscriptions WHERE organization_id = {org} AND status = 'active'")).await;
    let body =
        scalar_text(&app, &format!("SELECT body AS t FROM sandbox_mollie WHERE id = '{provider_subscription}'")).await;
    assert!(body.contains("\"358.80\""), "{body}");

    // A downgrade below what the period already used is refused, and changes nothing.
    credits::consume(app.db(), org, Quota::Contacts, upgraded - 100, "test", None).await.unwrap();
    let refused = client.call::<()>("billing/change-plan", &[("offre", "essentiel")]).await;
    match refused {
        Err(AppError::Conflict(why)) => assert!(why.contains("déjà utilisé") && why.contains("Essentiel"), "{why}"),
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(account(&client).await.subscription.unwrap().plan_name, "Croissance");
    assert_eq!(contacts().await.unwrap(), 100);

    // With enough left: the prorated quotas go, the prorated difference comes back once, with
    // a credit note, and the provider charges the smaller price next.
    credits::grant(app.db(), org, Quota::Contacts, 400, "test", None).await.unwrap();
    let before = contacts().await.unwrap();
    let quote: ChangeQuote = client.call("billing/quote-change", &[("offre", "essentiel")]).await.expect("quote");
    assert!(quote.refund && quote.contacts_delta < 0, "{quote:?}");
    client.call::<()>("billing/change-plan", &[("offre", "essentiel")]).await.expect("downgrade");
    assert_eq!(account(&client).await.subscription.unwrap().plan_name, "Essentiel");
    assert_eq!(contacts().await.unwrap(), before + quote.contacts_delta);
    app.run_jobs().await;
    app.run_jobs().await;
    let docs = account(&client).await.invoices;
    let credit = docs.iter().find(|d| d.kind == InvoiceKind::CreditNote).expect("a credit note");
    assert_eq!(credit.gross_cents, quote.now_cents);
    let refunded: i64 = scalar(
        &app,
        "SELECT COUNT(*) AS n FROM sandbox_mollie WHERE kind = 'refund' AND body LIKE '%passage à l''offre Essentiel%'",
    )
    .await;
    assert!(refunded >= 1);
    // Replayed (a job re-run after a crash): no second refund, no second credit note.
    exec(&app, "UPDATE jobs SET state = 'queued', attempts = 0 WHERE kind = 'billing.refund_difference'").await;
    app.run_jobs().await;
    let refunds_after = scalar(&app, "SELECT COUNT(*) AS n FROM sandbox_mollie WHERE kind = 'refund'").await;
    assert_eq!(refunds_after, refunded);
    assert_eq!(account(&client).await.invoices.iter().filter(|d| d.kind == InvoiceKind::CreditNote).count(), 1);
    let body =
        scalar_text(&app, &format!("SELECT body AS t FROM sandbox_mollie WHERE id = '{provider_subscription}'")).await;
    assert!(body.contains("\"178.80\""), "{body}");
}

both_databases!(changing_plan_is_prorated_both_ways);
