//! The dashboard's figures through its server function, on both databases: every figure
//! computed from seeded records, and another organisation's records never counted.

use crate::both_databases;
use crate::campaigns::{app, create, database, exec, scalar};
use crate::support::{Backend, Client, TestApp};
use chrono::{DateTime, Utc};
use prospecta_server::db::portable_statement;
use prospecta_shared::campaigns::{CampaignLive, ContactPage};
use prospecta_shared::dashboard::{DashboardFigures, Step};
use prospecta_shared::ids::ContactId;
use prospecta_shared::prospecting::{DatabaseSummary, RowPage};
use sea_orm::ConnectionTrait;

async fn figures(client: &Client) -> DashboardFigures {
    client.call("workspace/dashboard", &[]).await.expect("dashboard")
}

/// A form sent to this contact at `at`, as the submission job records it.
async fn sent_at(app: &TestApp, contact_id: ContactId, at: DateTime<Utc>) {
    exec(app, &format!("INSERT INTO contact_attempts (contact_id, campaign_id, organization_id, company_id, variant_id, step, channel, state, charged, started_at) SELECT id, campaign_id, organization_id, company_id, variant_id, 1, 'form', 'sent', true, created_at FROM campaign_contacts WHERE id = {contact_id}")).await;
    let db = app.db();
    for sql in [
        format!("UPDATE contact_attempts SET started_at = $1 WHERE contact_id = {contact_id}"),
        format!(
            "UPDATE campaign_contacts SET state = 'sent', step = 1, first_sent_at = $1, last_sent_at = $1 WHERE id = {contact_id}"
        ),
    ] {
        db.execute(portable_statement(db.get_database_backend(), &sql, [at.into()])).await.expect(&sql);
    }
}

async fn the_dashboard_counts_the_organisations_own_records(backend: Backend) {
    let app = app(backend).await;
    let anne = app.signed_up("anne@plomberie-conseil.fr", "Plomberie Conseil").await;
    // A new organisation: nothing but its account, and no invented figure.
    let empty = figures(&anne).await;
    assert_eq!(empty, DashboardFigures { members: 1, ..Default::default() });
    assert_eq!(Step::ALL.map(|s| empty.done(s)), [true, false, false, false, false]);

    let db = database(&app, &anne, 4).await;
    let db: DatabaseSummary = anne.call("prospecting/database", &[("database_id", &db.id.to_string())]).await.unwrap();
    assert!(db.rows_total > 5 && db.rows_unlocked >= 4, "{db:?}");
    // One locked row goes to the bin: it is no longer a prospect of the base.
    let locked: RowPage = anne
        .call("prospecting/rows", &[("database_id", &db.id.to_string()), ("query", "statut=verrouillees")])
        .await
        .unwrap();
    anne.call::<()>("prospecting/delete_row", &[("row_id", &locked.rows[0].id.to_string())]).await.unwrap();
    let campaign = create(&anne, db.id).await;
    let _: CampaignLive =
        anne.call("campaigns/run", &[("campaign_id", &campaign.id.to_string()), ("running", "true")]).await.unwrap();
    exec(&app, "DELETE FROM jobs WHERE kind = 'campaign.dispatch'").await;
    let contacts: ContactPage =
        anne.call("campaigns/contacts", &[("campaign_id", &campaign.id.to_string())]).await.unwrap();
    let ids: Vec<ContactId> = contacts.rows.iter().map(|r| r.id).collect();
    assert_eq!(ids.len(), 4);
    // Two forms sent today, one forty days ago (another month), one contact not reached yet.
    let now = Utc::now();
    sent_at(&app, ids[0], now).await;
    sent_at(&app, ids[1], now).await;
    sent_at(&app, ids[2], now - chrono::Duration::days(40)).await;
    // A follow-up to the first one this month: still one company contacted.
    exec(&app, &format!("INSERT INTO contact_attempts (contact_id, campaign_id, organization_id, company_id, variant_id, step, channel, state, charged, started_at) SELECT contact_id, campaign_id, organization_id, company_id, variant_id, 2, 'form', 'sent', true, started_at FROM contact_attempts WHERE contact_id = {}", ids[0])).await;
    // A failure this month is no contact.
    exec(&app, &format!("INSERT INTO contact_attempts (contact_id, campaign_id, organization_id, company_id, variant_id, step, channel, state, charged, started_at) SELECT id, campaign_id, organization_id, company_id, variant_id, 1, 'form', 'failed', false, created_at FROM campaign_contacts WHERE id = {}", ids[3])).await;
    anne.call::<()>("campaigns/reply", &[("contact_id", &ids[0].to_string()), ("positive", "true")]).await.unwrap();
    anne.call::<()>("campaigns/reply", &[("contact_id", &ids[2].to_string()), ("positive", "false")]).await.unwrap();
    anne.call::<()>("accounts/invite", &[("email", "paul@plomberie-conseil.fr")]).await.unwrap();

    let f = figures(&anne).await;
    assert_eq!(
        f,
        DashboardFigures {
            databases: 1,
            prospects: db.rows_total - 1,
            // As the database page counts them (its canaries included: the client cannot tell).
            unlocked: db.rows_unlocked,
            contacted_this_month: 2,
            contacted_total: 3,
            replies: 2,
            positive_replies: 1,
            campaigns: 1,
            campaigns_started: 1,
            members: 1,
            invitations: 1,
        }
    );
    assert_eq!(Step::ALL.map(|s| f.done(s)), [true; 5]);
    assert_eq!(f.reply_rate(), Some(67));

    // Another organisation: its own figures only, and its records never count for Anne.
    let paul = app.signed_up("paul@chauffage.fr", "Chauffage Paul").await;
    assert_eq!(figures(&paul).await, DashboardFigures { members: 1, ..Default::default() });
    let theirs = database(&app, &paul, 2).await;
    let their_campaign = create(&paul, theirs.id).await;
    let first = ContactId(
        scalar(&app, &format!("SELECT MIN(id) AS n FROM campaign_contacts WHERE campaign_id = {}", their_campaign.id))
            .await,
    );
    sent_at(&app, first, now).await;
    let p = figures(&paul).await;
    let theirs: DatabaseSummary =
        paul.call("prospecting/database", &[("database_id", &theirs.id.to_string())]).await.unwrap();
    assert_eq!((p.databases, p.prospects, p.unlocked), (1, theirs.rows_total, theirs.rows_unlocked));
    assert_eq!((p.contacted_this_month, p.contacted_total), (1, 1));
    assert_eq!((p.replies, p.campaigns, p.campaigns_started, p.invitations), (0, 1, 0, 0));
    assert_eq!(figures(&anne).await, f, "Paul's records change nothing for Anne");
    // Signed out: refused.
    let anonymous = app.client().call::<DashboardFigures>("workspace/dashboard", &[]).await;
    assert_eq!(anonymous, Err(prospecta_shared::AppError::Unauthenticated));
}

both_databases!(the_dashboard_counts_the_organisations_own_records);
