//! The daily purge of prospect data unused for 3 years (the privacy policy's promise): records
//! aged by setting their timestamps; the unused ones go with everything about them, the ones
//! used recently in any way stay, the opposition list stays, and a second run deletes nothing.

use crate::both_databases;
use crate::campaigns::{app, create, database, exec, scalar};
use crate::support::{Backend, TestApp};
use chrono::{DateTime, Utc};
use prospecta_server::db::portable_statement;
use prospecta_server::jobs::enqueue;
use prospecta_server::retention::{PurgeUnusedProspects, Purged, purge_unused_prospects};
use prospecta_shared::campaigns::ContactPage;
use prospecta_shared::ids::ContactId;
use sea_orm::ConnectionTrait;

async fn set_at(app: &TestApp, sql: &str, at: DateTime<Utc>) {
    let db = app.db();
    db.execute(portable_statement(db.get_database_backend(), sql, [at.into()])).await.expect(sql);
}

async fn company_ids(app: &TestApp) -> Vec<i64> {
    let db = app.db();
    let rows = db
        .query_all(portable_statement(db.get_database_backend(), "SELECT id FROM companies ORDER BY id", []))
        .await
        .unwrap();
    rows.iter().map(|r| r.try_get::<i64>("", "id").unwrap()).collect()
}

async fn unused_prospect_data_is_deleted_after_three_years(backend: Backend) {
    let app = app(backend).await;
    let client = app.signed_up("anne@plomberie-conseil.fr", "Plomberie Conseil").await;
    let db = database(&app, &client, 5).await;
    let campaign = create(&client, db.id).await;
    let contacts: ContactPage =
        client.call("campaigns/contacts", &[("campaign_id", &campaign.id.to_string())]).await.unwrap();
    let company_of = |contact: ContactId| format!("(SELECT company_id FROM campaign_contacts WHERE id = {contact})");
    let [unused, fresh_fact, attempted, replied, added] =
        [0, 1, 2, 3, 4].map(|i| contacts.rows[i].id).map(|c| (c, company_of(c)));

    // Everything collected, unlocked and taken into the campaign four years ago.
    let now = Utc::now();
    let old = now - chrono::Duration::days(4 * 365);
    set_at(&app, "UPDATE companies SET first_seen_at = $1, refreshed_at = $1", old).await;
    set_at(&app, "UPDATE company_facts SET observed_at = $1", old).await;
    set_at(&app, "UPDATE database_rows SET added_at = $1", old).await;
    set_at(&app, "UPDATE database_rows SET unlocked_at = $1 WHERE unlocked_at IS NOT NULL", old).await;
    set_at(&app, "UPDATE campaign_contacts SET created_at = $1", old).await;
    set_at(&app, "UPDATE source_pages SET fetched_at = $1", old).await;
    // Four companies were used within 3 years, each in one way.
    let recent = now - chrono::Duration::days(2 * 365);
    set_at(&app, &format!("UPDATE company_facts SET observed_at = $1 WHERE id = (SELECT MIN(id) FROM company_facts WHERE company_id = {})", fresh_fact.1), recent).await;
    exec(&app, &format!("INSERT INTO contact_attempts (contact_id, campaign_id, organization_id, company_id, variant_id, step, channel, state, charged, started_at) SELECT id, campaign_id, organization_id, company_id, variant_id, 1, 'form', 'sent', true, created_at FROM campaign_contacts WHERE id = {}", attempted.0)).await;
    set_at(&app, &format!("UPDATE contact_attempts SET started_at = $1 WHERE contact_id = {}", attempted.0), recent)
        .await;
    // The unused one was contacted too, long ago: its history goes with it.
    exec(&app, &format!("INSERT INTO contact_attempts (contact_id, campaign_id, organization_id, company_id, variant_id, step, channel, state, charged, started_at) SELECT id, campaign_id, organization_id, company_id, variant_id, 1, 'form', 'sent', true, created_at FROM campaign_contacts WHERE id = {}", unused.0)).await;
    set_at(
        &app,
        &format!("UPDATE campaign_contacts SET state = 'replied', replied_at = $1 WHERE id = {}", replied.0),
        recent,
    )
    .await;
    set_at(&app, &format!("UPDATE database_rows SET added_at = $1 WHERE company_id = {}", added.1), recent).await;
    let kept: Vec<i64> = {
        let mut ids = Vec::new();
        for (_, company) in [&fresh_fact, &attempted, &replied, &added] {
            ids.push(scalar(&app, &format!("SELECT {company} AS n")).await);
        }
        ids.sort_unstable();
        ids
    };
    let unused_company = scalar(&app, &format!("SELECT {} AS n", unused.1)).await;
    assert!(company_ids(&app).await.len() > 5, "the generated database holds locked rows too");
    // The unused company objected: its hashes must outlive its data.
    let siren: String = {
        let db = app.db();
        let row = db
            .query_one(portable_statement(
                db.get_database_backend(),
                &format!("SELECT siren FROM companies WHERE id = {unused_company}"),
                [],
            ))
            .await
            .unwrap()
            .unwrap();
        row.try_get::<Option<String>>("", "siren").unwrap().expect("the sandbox company has a SIREN")
    };
    let secret = &app.state.config.opposition_secret;
    prospecta_server::opposition::record(app.db(), secret, &[prospecta_server::opposition::Subject::Siren(&siren)])
        .await
        .unwrap();
    let oppositions = app.count("oppositions").await;

    // The daily job, as the scheduler enqueues it.
    enqueue(app.db(), &PurgeUnusedProspects { tick: now.format("%Y-%m-%dT%H:%M").to_string() }).await.unwrap();
    app.run_jobs().await;

    assert_eq!(company_ids(&app).await, kept, "only the companies used within 3 years remain");
    for table in ["company_facts", "database_rows", "campaign_contacts", "contact_attempts", "company_enrichments"] {
        let left =
            scalar(&app, &format!("SELECT COUNT(*) AS n FROM {table} WHERE company_id = {unused_company}")).await;
        assert_eq!(left, 0, "{table} keeps nothing of the unused company");
    }
    assert_eq!(scalar(&app, "SELECT COUNT(*) AS n FROM contact_attempts").await, 1, "the recent attempt stays");
    assert_eq!(app.count("source_pages").await, 0, "pages read 4 years ago are gone");
    assert_eq!(app.count("oppositions").await, oppositions, "the opposition hashes are kept");
    assert!(
        prospecta_server::opposition::is_opposed(
            app.db(),
            secret,
            &[prospecta_server::opposition::Subject::Siren(&siren)]
        )
        .await
        .unwrap()
    );
    // The client's pages still answer: the kept rows only.
    let page: ContactPage =
        client.call("campaigns/contacts", &[("campaign_id", &campaign.id.to_string())]).await.unwrap();
    assert_eq!(page.total, 4);

    // Idempotent: a second run finds nothing to delete.
    assert_eq!(purge_unused_prospects(&app.state, Utc::now()).await.unwrap(), Purged::default());
    assert_eq!(company_ids(&app).await, kept);
}

both_databases!(unused_prospect_data_is_deleted_after_three_years);
