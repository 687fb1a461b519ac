//! Notifications by e-mail (ONB-12), on both databases: each kind reaches each person as they
//! chose (at once, in the morning's digest, or in the app only); an organisation-wide event
//! reaches each member by their own choice; no event is ever e-mailed twice to one person (a job
//! run again, a digest run twice, an event both immediate and in a digest window); a payment
//! issue is left to billing's own notice; a bad choice is refused; another organisation hears
//! nothing.

use crate::accounts::colleague;
use crate::billing::org_of;
use crate::both_databases;
use crate::support::{Backend, Client, TestApp, exec};
use prospecta_server::accounts::notify::{EmailNotification, SendDigests};
use prospecta_server::accounts::post_notification;
use prospecta_server::mail::sink;
use prospecta_shared::AppError;
use prospecta_shared::notifications::{Delivery, NotificationKind, NotificationPreference};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

async fn mails_to(app: &TestApp, to: &str) -> Vec<sink::Model> {
    app.run_jobs().await;
    sink::Entity::find()
        .filter(sink::Column::ToAddress.eq(to))
        .filter(sink::Column::Subject.starts_with("Prospecta · "))
        .order_by_asc(sink::Column::Id)
        .all(app.db())
        .await
        .unwrap()
}

async fn set(client: &Client, kind: &str, delivery: &str) -> Result<(), AppError> {
    client.call::<()>("accounts/set-notification-preference", &[("kind", kind), ("delivery", delivery)]).await
}

async fn notifications_reach_each_person_as_they_chose_and_once(backend: Backend) {
    let app = TestApp::start(backend).await;
    let owner_email = "camille@martin.fr";
    let owner = app.signed_up(owner_email, "Plomberie Martin").await;
    let org = org_of(&app, owner_email).await;
    let colleague_email = "luc@martin.fr";
    let luc = colleague(&app, &owner, colleague_email, "Luc").await;
    let outsider = app.signed_up("paul@garage-morel.fr", "Garage Morel").await;
    let before = (mails_to(&app, owner_email).await.len(), mails_to(&app, colleague_email).await.len());

    // The defaults: questions, hot leads and meetings at once; campaigns and bases in the
    // digest; the rest in the app; payment issues not listed (billing mails them itself).
    let preferences: Vec<NotificationPreference> = owner.call("accounts/notification-preferences", &[]).await.unwrap();
    let delivery_of = |list: &[NotificationPreference], kind| list.iter().find(|p| p.kind == kind).map(|p| p.delivery);
    assert_eq!(delivery_of(&preferences, NotificationKind::HotLead), Some(Delivery::Immediate));
    assert_eq!(delivery_of(&preferences, NotificationKind::DatabaseReady), Some(Delivery::Digest));
    assert_eq!(delivery_of(&preferences, NotificationKind::Other), Some(Delivery::InApp));
    assert_eq!(delivery_of(&preferences, NotificationKind::PaymentIssue), None);
    // Luc wants no e-mail for hot leads; the owner wants the "others" in the digest.
    set(&luc, "hot_lead", "in_app").await.unwrap();
    set(&owner, "other", "digest").await.unwrap();
    set(&owner, "other", "digest").await.expect("choosing again replaces");
    let bad_kind = set(&owner, "payment", "in_app").await;
    assert!(matches!(&bad_kind, Err(AppError::Validation { field, .. }) if field == "kind"), "{bad_kind:?}");
    let bad_delivery = set(&owner, "hot_lead", "pigeon").await;
    assert!(matches!(&bad_delivery, Err(AppError::Validation { field, .. }) if field == "delivery"));
    let mine: Vec<NotificationPreference> = luc.call("accounts/notification-preferences", &[]).await.unwrap();
    assert_eq!(delivery_of(&mine, NotificationKind::HotLead), Some(Delivery::InApp));
    assert_eq!(delivery_of(&mine, NotificationKind::Other), Some(Delivery::InApp), "each person's own choice");

    // What the team's arrival told the bell is read: the digests below hold only what follows.
    owner.call::<()>("accounts/notifications-read-all", &[]).await.unwrap();

    // A hot lead for the whole organisation: the owner at once, Luc not by e-mail.
    let post = |kind, title: &'static str| {
        let app = &app;
        async move {
            post_notification(app.db(), org, None, kind, title, "Ets Perrin est intéressé.", Some("/app/conversations"))
                .await
                .unwrap()
        }
    };
    post(NotificationKind::HotLead, "Prospect intéressé").await;
    let owners = mails_to(&app, owner_email).await;
    assert_eq!(owners.len(), before.0 + 1, "{owners:?}");
    let mail = owners.last().unwrap();
    assert_eq!(mail.subject, "Prospecta · Prospect intéressé");
    assert!(mail.body_text.contains("Ets Perrin est intéressé.") && mail.body_text.contains("/app/conversations"));
    assert_eq!(mails_to(&app, colleague_email).await.len(), before.1);

    // The same job queued again (a retry, another process): nothing more.
    let last = crate::support::scalar(&app, "SELECT MAX(id) AS n FROM notifications").await;
    let again = EmailNotification { notification_id: last, organization_id: org };
    exec(&app, "DELETE FROM jobs WHERE kind = 'accounts.email_notification'").await;
    prospecta_server::jobs::enqueue(app.db(), &again).await.unwrap();
    assert_eq!(mails_to(&app, owner_email).await.len(), before.0 + 1, "never twice");

    // A database ready and a campaign alert: nothing at once, then one digest each morning,
    // per person, with their own kinds; a second run sends nothing more.
    post(NotificationKind::DatabaseReady, "Base prête").await;
    post(NotificationKind::Other, "Campagne en pause").await;
    assert_eq!(mails_to(&app, owner_email).await.len(), before.0 + 1);
    prospecta_server::jobs::enqueue(app.db(), &SendDigests { tick: "jour-1".into() }).await.unwrap();
    let owners = mails_to(&app, owner_email).await;
    assert_eq!(owners.len(), before.0 + 2, "{owners:?}");
    let digest = owners.last().unwrap();
    assert_eq!(digest.subject, "Prospecta · votre résumé du jour (2 avis)");
    assert!(digest.body_text.contains("• Base prête") && digest.body_text.contains("• Campagne en pause"));
    assert!(!digest.body_text.contains("Prospect intéressé"), "already e-mailed: {}", digest.body_text);
    let lucs = mails_to(&app, colleague_email).await;
    assert_eq!(lucs.len(), before.1 + 1);
    assert_eq!(
        lucs.last().unwrap().subject,
        "Prospecta · votre résumé du jour (1 avis)",
        "Luc keeps the others in the app"
    );
    prospecta_server::jobs::enqueue(app.db(), &SendDigests { tick: "jour-1-bis".into() }).await.unwrap();
    assert_eq!(mails_to(&app, owner_email).await.len(), before.0 + 2, "the next run finds nothing new");

    // A notification read in the app is left out of the digest.
    post(NotificationKind::CampaignFinished, "Campagne terminée").await;
    owner.call::<()>("accounts/notifications-read-all", &[]).await.unwrap();
    prospecta_server::jobs::enqueue(app.db(), &SendDigests { tick: "jour-2".into() }).await.unwrap();
    assert_eq!(mails_to(&app, owner_email).await.len(), before.0 + 2);

    // A payment issue: billing mails its notice itself, so nothing here.
    post(NotificationKind::PaymentIssue, "Paiement refusé").await;
    assert_eq!(mails_to(&app, owner_email).await.len(), before.0 + 2);
    // Addressed to one person: only them.
    post_notification(
        app.db(),
        org,
        None,
        NotificationKind::AgentQuestion,
        "Une question pour vous",
        "Quel prix ?",
        None,
    )
    .await
    .unwrap();
    assert_eq!(mails_to(&app, colleague_email).await.len(), before.1 + 2, "a question reaches Luc too");
    // Another organisation heard none of it.
    assert!(mails_to(&app, "paul@garage-morel.fr").await.iter().all(|m| !m.body_text.contains("Ets Perrin")));
    let theirs: Vec<NotificationPreference> = outsider.call("accounts/notification-preferences", &[]).await.unwrap();
    assert_eq!(delivery_of(&theirs, NotificationKind::Other), Some(Delivery::InApp));
}

both_databases!(notifications_reach_each_person_as_they_chose_and_once);
