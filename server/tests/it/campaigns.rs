//! Campaigns through the server functions, on both databases: creation and its refusals,
//! tenant isolation, PLAY/PAUSE on queued work, at-most-once after a crash, the platform's 7-day
//! guard and the opposition list across clients, replies and follow-ups, the daily digest, and
//! a real run of the form engine on the sandbox's simulated company sites.

use crate::both_databases;
use crate::support::{Backend, Client, TestApp, assert_hidden_from_other_tenant};
use prospecta_server::credits;
use prospecta_server::jobs::enqueue;
use prospecta_server::outreach::campaigns::SubmitContact;
use prospecta_server::outreach::campaigns::dispatch::{Dispatched, dispatch};
use prospecta_server::outreach::campaigns::jobs::send_failure_digests;
use prospecta_shared::AppError;
use prospecta_shared::campaigns::{CampaignLive, CampaignStatus, CampaignSummary, ContactPage};
use prospecta_shared::credits::Quota;
use prospecta_shared::error::ValidationCode;
use prospecta_shared::ids::{CampaignId, ContactId, DatabaseId, OrgId, RowId};
use prospecta_shared::prospecting::{DatabaseSummary, RowPage};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};
use std::time::Duration;

/// Villeurbanne plumbers: the sandbox gives them sites of every builder.
const TOWN: &str = "69266";

pub(crate) async fn app(backend: Backend) -> TestApp {
    TestApp::start_with(backend, |c| {
        c.prospecting.pagesjaunes_interval = Duration::from_millis(2);
        c.prospecting.open_data_interval = Duration::from_millis(1);
        c.outreach.host_gap = Duration::ZERO;
        c.outreach.site_timeout = Duration::from_secs(40);
    })
    .await
}

/// A generated database with `unlock` rows unlocked (the best first: those with a website).
pub(crate) async fn database(app: &TestApp, client: &Client, unlock: u32) -> DatabaseSummary {
    let form = crate::databases::target(TOWN, "Plombiers");
    let created: DatabaseSummary = client.call("prospecting/create", &form).await.expect("create database");
    app.run_jobs().await;
    let id = created.id.to_string();
    let _: Value = client
        .call("prospecting/unlock", &[("database_id", &id), ("count", &unlock.to_string())])
        .await
        .expect("unlock");
    created
}

pub(crate) use crate::support::campaign_draft as draft;

pub(crate) async fn create(client: &Client, database_id: DatabaseId) -> CampaignSummary {
    client.call_json("campaigns/create", &json!({ "draft": draft(database_id) })).await.expect("create campaign")
}

pub(crate) async fn live(client: &Client, id: CampaignId) -> CampaignLive {
    client.call("campaigns/live", &[("campaign_id", &id.to_string())]).await.expect("live")
}

pub(crate) async fn run(client: &Client, id: CampaignId, running: bool) -> Result<CampaignLive, AppError> {
    client.call("campaigns/run", &[("campaign_id", &id.to_string()), ("running", &running.to_string())]).await
}

/// PLAY, with the dispatcher chain it starts removed: these tests drive the pace by hand
/// (`reserve`), so that `run_jobs` only runs the submissions they look at.
pub(crate) async fn play(app: &TestApp, client: &Client, id: CampaignId) -> CampaignLive {
    let live = run(client, id, true).await.expect("play");
    exec(app, "DELETE FROM jobs WHERE kind = 'campaign.dispatch'").await;
    live
}

pub(crate) use crate::support::{exec, scalar};

/// Reserve the next contact now, as the pace's next slot would.
pub(crate) async fn reserve(app: &TestApp, campaign_id: CampaignId) -> Dispatched {
    exec(app, &format!("UPDATE campaigns SET next_send_at = NULL WHERE id = {campaign_id}")).await;
    dispatch(&app.state, campaign_id, chrono::Utc::now()).await.expect("dispatch")
}

pub(crate) async fn contact_state(app: &TestApp, contact_id: ContactId) -> String {
    let db = app.db();
    let row = db
        .query_one(Statement::from_string(
            db.get_database_backend(),
            format!("SELECT state FROM campaign_contacts WHERE id = {contact_id}"),
        ))
        .await
        .unwrap()
        .unwrap();
    row.try_get::<String>("", "state").unwrap()
}

async fn bad_drafts_are_refused_with_their_field(backend: Backend) {
    let app = app(backend).await;
    let client = app.signed_up("anne@plomberie-conseil.fr", "Plomberie Conseil").await;
    let db = database(&app, &client, 3).await;
    let refused = |mutate: fn(&mut Value)| {
        let mut d = draft(db.id);
        mutate(&mut d);
        let client = &client;
        async move { client.call_json::<CampaignSummary>("campaigns/create", &json!({ "draft": d })).await }
    };
    let err = refused(|d| d["variants"][1]["body"] = json!("Bonjour {{socite}}")).await;
    assert_eq!(err, Err(AppError::validation("variant_b", ValidationCode::UnknownVariable)));
    assert!(err.unwrap_err().message_fr().contains("{{societe}}"), "the message lists the variables");
    let err = refused(|d| d["variants"][0]["body"] = json!("  ")).await;
    assert_eq!(err, Err(AppError::validation("variant_a", ValidationCode::Required)));
    let err = refused(|d| d["sender"]["first_name"] = json!("Camille\r\nBcc: tous@exemple.fr")).await;
    assert_eq!(err, Err(AppError::validation("sender_name", ValidationCode::MultiLine)));
    let err = refused(|d| d["variants"][0]["subject"] = json!("Partenariat\nBcc: tous@exemple.fr")).await;
    assert_eq!(err, Err(AppError::validation("subject", ValidationCode::MultiLine)));
    let err = refused(|d| d["sender"]["email"] = json!("")).await;
    assert_eq!(err, Err(AppError::validation("sender_email", ValidationCode::Required)));
    let err = refused(|d| d["window"]["days"] = json!([false, false, false, false, false, false, false])).await;
    assert_eq!(err, Err(AppError::validation("window", ValidationCode::InvalidWindow)));
    let err = refused(|d| d["variants"] = json!([{"subject": "", "body": "Bonjour"}])).await;
    assert!(matches!(err, Err(AppError::Validation { ref field, .. }) if field == "variant_b"), "{err:?}");
    // Another organisation's database reads as one that does not exist.
    let other = app.signed_up("paul@chauffage.fr", "Chauffage Paul").await;
    let theirs = database(&app, &other, 1).await;
    let err = client.call_json::<CampaignSummary>("campaigns/create", &json!({ "draft": draft(theirs.id) })).await;
    assert_eq!(err, Err(AppError::validation("databases", ValidationCode::Required)));
    assert_eq!(app.count("campaigns").await, 0, "nothing is created by a refused draft");
}

async fn campaigns_are_hidden_from_other_tenants(backend: Backend) {
    let app = app(backend).await;
    let client = app.signed_up("anne@plomberie-conseil.fr", "Plomberie Conseil").await;
    let db = database(&app, &client, 3).await;
    let campaign = create(&client, db.id).await;
    assert_eq!(campaign.targets, 3, "one contact per unlocked row");
    let outsider = app.signed_up("paul@chauffage.fr", "Chauffage Paul").await;
    let id = campaign.id.to_string();
    for endpoint in ["campaigns/get", "campaigns/live", "campaigns/contacts"] {
        assert_hidden_from_other_tenant(&app, &outsider, endpoint, &[("campaign_id", &id)]).await;
    }
    assert_hidden_from_other_tenant(&app, &outsider, "campaigns/run", &[("campaign_id", &id), ("running", "true")])
        .await;
    let contacts: ContactPage = client.call("campaigns/contacts", &[("campaign_id", &id)]).await.unwrap();
    let contact = contacts.rows[0].id.to_string();
    assert_hidden_from_other_tenant(
        &app,
        &outsider,
        "campaigns/reply",
        &[("contact_id", &contact), ("positive", "true")],
    )
    .await;
    let summary: Value = client.call("campaigns/live", &[("campaign_id", &id)]).await.unwrap();
    let variant = summary["variants"][0]["id"].as_i64().expect("a variant").to_string();
    assert_hidden_from_other_tenant(
        &app,
        &outsider,
        "campaigns/variant",
        &[("campaign_id", &id), ("variant_id", &variant), ("active", "false")],
    )
    .await;
    // The outsider's own campaign id with the victim's variant id: not found either.
    let theirs = database(&app, &outsider, 1).await;
    let own = create(&outsider, theirs.id).await.id.to_string();
    assert_hidden_from_other_tenant(
        &app,
        &outsider,
        "campaigns/variant",
        &[("campaign_id", &own), ("variant_id", &variant), ("active", "false")],
    )
    .await;
    let listed: Vec<CampaignSummary> = outsider.call("campaigns/list", &[]).await.unwrap();
    assert!(listed.iter().all(|c| c.id != campaign.id), "only the outsider's own campaign: {listed:?}");
    // The live stream too: not found for the outsider, refused without a session.
    let (status, _, _) = outsider.get(&format!("/app/campagnes/{id}/flux")).await;
    assert_eq!(status, reqwest::StatusCode::NOT_FOUND);
    let (status, _, _) = app.client().get(&format!("/app/campagnes/{id}/flux")).await;
    assert!(status.is_redirection() || status == reqwest::StatusCode::UNAUTHORIZED, "{status}");
    // The owner's stream answers server-sent events with the live figures.
    let response = client.http.get(format!("{}/app/campagnes/{id}/flux", client.base)).send().await.unwrap();
    assert_eq!(response.headers()["content-type"], "text/event-stream");
    let mut response = response;
    let chunk = tokio::time::timeout(Duration::from_secs(5), response.chunk()).await.unwrap().unwrap().unwrap();
    let text = String::from_utf8_lossy(&chunk);
    assert!(text.contains("event: live") && text.contains("\"targets\":3"), "{text}");
    // The stream checks the session while it runs: logging out closes it.
    client.call::<()>("accounts/logout", &[]).await.unwrap();
    let closed =
        tokio::time::timeout(Duration::from_secs(6), async { while let Ok(Some(_)) = response.chunk().await {} }).await;
    assert!(closed.is_ok(), "the live stream must close after logout");
}

/// Twenty open pages on one campaign: the figures are computed about once a second for all of
/// them, not once per page; and the same state gives the same JSON (the A/B test's Monte-Carlo
/// is seeded by its counts), so nothing is pushed while nothing changes.
async fn open_pages_share_the_live_figures(backend: Backend) {
    let (app, client, _database, campaign, _contacts) = three_contacts(backend).await;
    // Past the minimum sample, the page shows each variant's chance of being the best.
    exec(&app, &format!("UPDATE campaigns SET min_sample = 1 WHERE id = {campaign}")).await;
    exec(
        &app,
        &format!(
            "UPDATE campaign_contacts SET state = 'sent', step = 1, first_sent_at = {}, variant_id = \
             (SELECT MIN(id) FROM campaign_variants v WHERE v.campaign_id = {campaign} AND v.kind = 'initial') \
             + (campaign_contacts.id % 2) WHERE campaign_id = {campaign}",
            sql_time(backend, chrono::Utc::now())
        ),
    )
    .await;
    let board = &app.state.live;
    let first = board.figures(app.db(), client_org(&app).await, campaign).await.unwrap().unwrap();
    let live: CampaignLive = serde_json::from_str(&first).unwrap();
    assert!(live.variants.iter().filter(|v| !v.follow_up).all(|v| v.win_probability.is_some()), "{first}");
    tokio::time::sleep(prospecta_server::outreach::campaigns::live::FRESHNESS * 2).await;
    let again = board.figures(app.db(), client_org(&app).await, campaign).await.unwrap().unwrap();
    assert_eq!(first, again, "recomputed on an unchanged campaign: the same JSON");

    let before = board.computations();
    let mut streams = Vec::new();
    for _ in 0..20 {
        let response = client.http.get(format!("{}/app/campagnes/{campaign}/flux", client.base)).send().await.unwrap();
        assert_eq!(response.status(), reqwest::StatusCode::OK);
        streams.push(response);
    }
    for stream in &mut streams {
        let chunk = tokio::time::timeout(Duration::from_secs(10), stream.chunk()).await.unwrap().unwrap().unwrap();
        assert!(String::from_utf8_lossy(&chunk).contains(&*first), "every page gets the shared figures");
    }
    // Three seconds of twenty pages reading every second: ~60 reads, a handful of computations.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let computed = board.computations() - before;
    assert!(computed <= 8, "{computed} computations for 20 pages over ~3 s");
    // Nothing changed, so nothing more was pushed to any page.
    for stream in &mut streams {
        let more = tokio::time::timeout(Duration::from_millis(300), stream.chunk()).await;
        assert!(more.is_err(), "an unchanged campaign pushes nothing: {more:?}");
    }
}

async fn client_org(app: &TestApp) -> OrgId {
    OrgId(scalar(app, "SELECT MIN(organization_id) AS n FROM campaigns").await)
}

async fn pause_stops_queued_work_and_play_resumes(backend: Backend) {
    let app = app(backend).await;
    let client = app.signed_up("anne@plomberie-conseil.fr", "Plomberie Conseil").await;
    let db = database(&app, &client, 3).await;
    let campaign = create(&client, db.id).await;
    assert_eq!(campaign.status, CampaignStatus::Draft);
    let started = play(&app, &client, campaign.id).await;
    assert_eq!(started.status, CampaignStatus::Running);
    let Dispatched::Reserved { contact_id, .. } = reserve(&app, campaign.id).await else {
        panic!("a contact is reserved")
    };
    assert_eq!(contact_state(&app, contact_id).await, "queued");
    let paused = run(&client, campaign.id, false).await.unwrap();
    assert_eq!(paused.status, CampaignStatus::Paused);
    // The queued submission runs after the pause: it sends nothing and gives the contact back.
    app.run_jobs().await;
    assert_eq!(contact_state(&app, contact_id).await, "pending");
    assert_eq!(scalar(&app, "SELECT COUNT(*) AS n FROM contact_attempts").await, 0);
    assert_eq!(dispatch(&app.state, campaign.id, chrono::Utc::now()).await.unwrap(), Dispatched::Idle);
    let resumed = play(&app, &client, campaign.id).await;
    assert_eq!(resumed.status, CampaignStatus::Running);
    assert!(matches!(reserve(&app, campaign.id).await, Dispatched::Reserved { .. }));
}

async fn a_crash_mid_submission_leaves_unknown_and_never_sends_again(backend: Backend) {
    let app = app(backend).await;
    let client = app.signed_up("anne@plomberie-conseil.fr", "Plomberie Conseil").await;
    let db = database(&app, &client, 2).await;
    let campaign = create(&client, db.id).await;
    play(&app, &client, campaign.id).await;
    let Dispatched::Reserved { contact_id, .. } = reserve(&app, campaign.id).await else { panic!("reserved") };
    // The process died after the gate recorded "about to submit": the contact is `sending`
    // with an open attempt, and the job's lease expires.
    let now = chrono::Utc::now();
    exec(&app, &format!("UPDATE campaign_contacts SET state = 'sending' WHERE id = {contact_id}")).await;
    let db_conn = app.db();
    db_conn
        .execute(Statement::from_sql_and_values(
            db_conn.get_database_backend(),
            match backend {
                Backend::Postgres => "INSERT INTO contact_attempts (contact_id, campaign_id, organization_id, company_id, variant_id, step, channel, state, charged, started_at) SELECT id, campaign_id, organization_id, company_id, variant_id, 1, 'form', 'sending', false, $1 FROM campaign_contacts WHERE id = $2",
                Backend::Sqlite => "INSERT INTO contact_attempts (contact_id, campaign_id, organization_id, company_id, variant_id, step, channel, state, charged, started_at) SELECT id, campaign_id, organization_id, company_id, variant_id, 1, 'form', 'sending', false, ?1 FROM campaign_contacts WHERE id = ?2",
            },
            [now.into(), contact_id.into()],
        ))
        .await
        .unwrap();
    let credits_before =
        credits::balance(app.db(), campaign_org(&app, campaign.id).await, Quota::Contacts).await.unwrap();
    // The job runs again (another worker took it over).
    app.run_jobs().await;
    assert_eq!(contact_state(&app, contact_id).await, "unknown");
    assert_eq!(scalar(&app, "SELECT COUNT(*) AS n FROM contact_attempts WHERE state = 'unknown'").await, 1);
    // Any later submission job for it is a no-op: never a second send.
    enqueue(
        app.db(),
        &SubmitContact { contact_id, organization_id: OrgId(0), step: 1, variant_id: None, reservation: 9 },
    )
    .await
    .unwrap();
    app.run_jobs().await;
    assert_eq!(contact_state(&app, contact_id).await, "unknown");
    assert_eq!(scalar(&app, "SELECT COUNT(*) AS n FROM contact_attempts").await, 1);
    let org = campaign_org(&app, campaign.id).await;
    assert_eq!(
        credits::balance(app.db(), org, Quota::Contacts).await.unwrap(),
        credits_before,
        "an unknown send costs nothing"
    );
    let contacts: ContactPage = client
        .call("campaigns/contacts", &[("campaign_id", &campaign.id.to_string()), ("filter", "failed")])
        .await
        .unwrap();
    assert!(contacts.rows.iter().any(|r| r.status.contains("inconnu")), "{contacts:?}");
}

pub(crate) async fn campaign_org(app: &TestApp, campaign_id: CampaignId) -> OrgId {
    OrgId(scalar(app, &format!("SELECT organization_id AS n FROM campaigns WHERE id = {campaign_id}")).await)
}

async fn the_platform_contacts_a_prospect_once_a_week_and_honours_opposition(backend: Backend) {
    let app = app(backend).await;
    // Two clients target the same plumbers (the shared store: same companies).
    let anne = app.signed_up("anne@plomberie-conseil.fr", "Plomberie Conseil").await;
    let paul = app.signed_up("paul@chauffage.fr", "Chauffage Paul").await;
    let db_a = database(&app, &anne, 2).await;
    let db_p = database(&app, &paul, 2).await;
    let camp_a = create(&anne, db_a.id).await;
    let camp_p = create(&paul, db_p.id).await;
    play(&app, &anne, camp_a.id).await;
    play(&app, &paul, camp_p.id).await;
    // Anne's campaign contacted the first company a day ago.
    let Dispatched::Reserved { contact_id, .. } = reserve(&app, camp_a.id).await else { panic!("reserved") };
    let yesterday = chrono::Utc::now() - chrono::Duration::days(1);
    exec(&app, &format!("UPDATE campaign_contacts SET state = 'sent', step = 1 WHERE id = {contact_id}")).await;
    let db_conn = app.db();
    let insert = match backend {
        Backend::Postgres => {
            "INSERT INTO contact_attempts (contact_id, campaign_id, organization_id, company_id, variant_id, step, channel, state, charged, started_at) SELECT id, campaign_id, organization_id, company_id, variant_id, 1, 'form', 'sent', true, $1 FROM campaign_contacts WHERE id = $2"
        }
        Backend::Sqlite => {
            "INSERT INTO contact_attempts (contact_id, campaign_id, organization_id, company_id, variant_id, step, channel, state, charged, started_at) SELECT id, campaign_id, organization_id, company_id, variant_id, 1, 'form', 'sent', true, ?1 FROM campaign_contacts WHERE id = ?2"
        }
    };
    db_conn
        .execute(Statement::from_sql_and_values(
            db_conn.get_database_backend(),
            insert,
            [yesterday.into(), contact_id.into()],
        ))
        .await
        .unwrap();
    let company = scalar(&app, &format!("SELECT company_id AS n FROM campaign_contacts WHERE id = {contact_id}")).await;
    let theirs = ContactId(
        scalar(
            &app,
            &format!(
                "SELECT id AS n FROM campaign_contacts WHERE campaign_id = {} AND company_id = {company}",
                camp_p.id
            ),
        )
        .await,
    );
    // Paul's campaign reaches the same company: postponed by six days, not sent.
    exec(&app, &format!("UPDATE campaign_contacts SET state = 'queued', variant_id = (SELECT MIN(id) FROM campaign_variants WHERE campaign_id = {}) WHERE id = {theirs}", camp_p.id)).await;
    let variant = scalar(&app, &format!("SELECT variant_id AS n FROM campaign_contacts WHERE id = {theirs}")).await;
    enqueue(
        app.db(),
        &SubmitContact {
            contact_id: theirs,
            organization_id: OrgId(0),
            step: 1,
            variant_id: Some(variant),
            reservation: 0,
        },
    )
    .await
    .unwrap();
    app.run_jobs().await;
    assert_eq!(contact_state(&app, theirs).await, "pending");
    let contacts: ContactPage =
        paul.call("campaigns/contacts", &[("campaign_id", &camp_p.id.to_string())]).await.unwrap();
    let row = contacts.rows.iter().find(|r| r.id == theirs).unwrap();
    assert!(row.status.starts_with("Nouvel essai prévu le"), "{row:?}");
    assert!(row.detail.as_deref().unwrap_or("").contains("déjà contacté"), "{row:?}");
    // And the dispatcher does not pick it before the date.
    assert!(
        scalar(
            &app,
            &format!("SELECT COUNT(*) AS n FROM campaign_contacts WHERE id = {theirs} AND next_action_at IS NOT NULL")
        )
        .await
            == 1
    );

    // The other company objected (through its link, recorded for its SIREN): failed, no credit.
    let other = ContactId(
        scalar(
            &app,
            &format!("SELECT id AS n FROM campaign_contacts WHERE campaign_id = {} AND id <> {theirs}", camp_p.id),
        )
        .await,
    );
    let other_company =
        scalar(&app, &format!("SELECT company_id AS n FROM campaign_contacts WHERE id = {other}")).await;
    let siren_row = db_conn
        .query_one(Statement::from_string(
            db_conn.get_database_backend(),
            format!("SELECT siren, domain, email FROM companies WHERE id = {other_company}"),
        ))
        .await
        .unwrap()
        .unwrap();
    let siren: Option<String> = siren_row.try_get("", "siren").unwrap();
    let domain: Option<String> = siren_row.try_get("", "domain").unwrap();
    let email: Option<String> = siren_row.try_get("", "email").unwrap();
    let mut subjects = Vec::new();
    if let Some(s) = &siren {
        subjects.push(prospecta_server::opposition::Subject::Siren(s));
    }
    if let Some(d) = &domain {
        subjects.push(prospecta_server::opposition::Subject::Domain(d));
    }
    if let Some(e) = &email {
        subjects.push(prospecta_server::opposition::Subject::Email(e));
    }
    assert!(!subjects.is_empty(), "the sandbox company has a SIREN");
    prospecta_server::opposition::record(app.db(), &app.state.config.opposition_hash_key, &subjects).await.unwrap();
    let balance = credits::balance(app.db(), campaign_org(&app, camp_p.id).await, Quota::Contacts).await.unwrap();
    exec(&app, &format!("UPDATE campaign_contacts SET state = 'queued' WHERE id = {other}")).await;
    enqueue(
        app.db(),
        &SubmitContact {
            contact_id: other,
            organization_id: OrgId(0),
            step: 1,
            variant_id: Some(variant),
            reservation: 0,
        },
    )
    .await
    .unwrap();
    app.run_jobs().await;
    assert_eq!(contact_state(&app, other).await, "failed");
    let contacts: ContactPage =
        paul.call("campaigns/contacts", &[("campaign_id", &camp_p.id.to_string())]).await.unwrap();
    let row = contacts.rows.iter().find(|r| r.id == other).unwrap();
    assert_eq!(row.status, "Opposition à la prospection enregistrée");
    assert_eq!(
        credits::balance(app.db(), campaign_org(&app, camp_p.id).await, Quota::Contacts).await.unwrap(),
        balance,
        "a failure spends nothing"
    );
    // One digest per organisation with failures, not one per failure.
    assert_eq!(send_failure_digests(&app.state, chrono::Utc::now()).await.unwrap(), 1);
    let notes: Vec<Value> = paul.call("accounts/notifications", &[]).await.unwrap();
    let digest = notes.iter().find(|n| n["title"] == "Bilan des envois du jour").expect("digest");
    assert!(digest["body"].as_str().unwrap().contains("Opposition à la prospection enregistrée : 1"), "{digest}");
}

/// A signed-up client, a database with 3 unlocked rows, a draft campaign over it and its contacts.
async fn three_contacts(backend: Backend) -> (TestApp, Client, DatabaseSummary, CampaignId, ContactPage) {
    let app = app(backend).await;
    let client = app.signed_up("anne@plomberie-conseil.fr", "Plomberie Conseil").await;
    let db = database(&app, &client, 3).await;
    let cid = create(&client, db.id).await.id;
    let contacts: ContactPage = client.call("campaigns/contacts", &[("campaign_id", &cid.to_string())]).await.unwrap();
    (app, client, db, cid, contacts)
}

/// A timestamp literal as each backend reads it in SQL.
fn sql_time(backend: Backend, at: chrono::DateTime<chrono::Utc>) -> String {
    match backend {
        Backend::Postgres => format!("'{}'", at.to_rfc3339()),
        Backend::Sqlite => format!("'{}'", at.format("%Y-%m-%d %H:%M:%S%.f+00:00")),
    }
}

async fn replies_stop_follow_ups_and_follow_ups_go_by_form(backend: Backend) {
    let (app, client, _, cid, contacts) = three_contacts(backend).await;
    let first = contacts.rows[0].id;
    // Not contacted yet: no reply can be recorded.
    let err = client.call::<()>("campaigns/reply", &[("contact_id", &first.to_string()), ("positive", "true")]).await;
    assert!(matches!(err, Err(AppError::Conflict(_))), "{err:?}");
    // All three were contacted eight days ago with variant A.
    let stamp = sql_time(backend, chrono::Utc::now() - chrono::Duration::days(8));
    exec(&app, &format!("UPDATE campaign_contacts SET state = 'sent', step = 1, first_sent_at = {stamp}, last_sent_at = {stamp}, variant_id = (SELECT MIN(id) FROM campaign_variants WHERE campaign_id = {cid}) WHERE campaign_id = {cid}")).await;
    client.call::<()>("campaigns/reply", &[("contact_id", &first.to_string()), ("positive", "true")]).await.unwrap();
    // One prospect has an e-mail, the other none.
    let ids: Vec<ContactId> = contacts.rows.iter().map(|r| r.id).filter(|id| *id != first).collect();
    exec(&app, &format!("UPDATE companies SET email = 'contact@exemple-plomberie.fr' WHERE id = (SELECT company_id FROM campaign_contacts WHERE id = {})", ids[0])).await;
    exec(
        &app,
        &format!(
            "UPDATE companies SET email = NULL WHERE id = (SELECT company_id FROM campaign_contacts WHERE id = {})",
            ids[1]
        ),
    )
    .await;
    play(&app, &client, cid).await;
    // Both follow-ups go by form with the follow-up variant, the known e-mail included: no
    // mailbox is connected, so no e-mail attempt is recorded and nothing claims a send.
    let mut reserved = Vec::new();
    for _ in 0..2 {
        let Dispatched::Reserved { contact_id, .. } = reserve(&app, cid).await else {
            panic!("form follow-up reserved")
        };
        reserved.push(contact_id);
    }
    reserved.sort_unstable();
    let mut expected = ids.clone();
    expected.sort_unstable();
    assert_eq!(reserved, expected, "the contact with an e-mail is followed up by form too");
    for contact_id in &ids {
        let job_payload = scalar(&app, &format!("SELECT COUNT(*) AS n FROM jobs WHERE kind = 'campaign.submit' AND payload LIKE '%\"contact_id\":{contact_id},%\"step\":2%'")).await;
        assert_eq!(job_payload, 1, "a step-2 submission with the follow-up variant");
        assert_eq!(contact_state(&app, *contact_id).await, "queued", "reserved, not sent");
    }
    assert_eq!(scalar(&app, "SELECT COUNT(*) AS n FROM contact_attempts WHERE channel = 'email'").await, 0);
    assert_eq!(
        scalar(&app, &format!("SELECT COUNT(*) AS n FROM campaign_contacts WHERE campaign_id = {cid} AND (step <> 1 OR last_sent_at <> first_sent_at)")).await,
        0,
        "nothing advanced as if a follow-up had left"
    );
    let rows: ContactPage = client.call("campaigns/contacts", &[("campaign_id", &cid.to_string())]).await.unwrap();
    for row in rows.rows.iter().filter(|r| ids.contains(&r.id)) {
        assert_eq!(row.status, "Envoi en cours", "{row:?}");
        assert_eq!(row.follow_ups, 0, "{row:?}");
    }
    // The one who replied gets nothing.
    assert_eq!(
        scalar(&app, &format!("SELECT COUNT(*) AS n FROM contact_attempts WHERE contact_id = {first}")).await,
        0
    );
    let after = live(&client, cid).await;
    assert_eq!(after.replies, 1);
    assert_eq!(after.positive_replies, 1);
    assert_eq!(after.email_queue, 0);
    let a = after.variants.iter().find(|v| v.label == "A").unwrap();
    assert_eq!((a.sent, a.positive), (3, 1));
    // Stopping a variant: allowed while another stays active, refused for the last one.
    let b = after.variants.iter().find(|v| v.label == "B").unwrap().id;
    let a_id = a.id;
    let stopped: CampaignLive = client
        .call(
            "campaigns/variant",
            &[("campaign_id", &cid.to_string()), ("variant_id", &a_id.to_string()), ("active", "false")],
        )
        .await
        .unwrap();
    assert!(!stopped.variants.iter().find(|v| v.id == a_id).unwrap().active);
    let err = client
        .call::<CampaignLive>(
            "campaigns/variant",
            &[("campaign_id", &cid.to_string()), ("variant_id", &b.to_string()), ("active", "false")],
        )
        .await;
    assert!(matches!(err, Err(AppError::Conflict(_))), "{err:?}");
}

/// A contact's status names only the follow-ups that really left: a failed follow-up advances
/// the step but is no "relance le …"; a contact reachable only by e-mail was not contacted.
async fn follow_up_statuses_say_what_really_left(backend: Backend) {
    let (app, client, db, cid, contacts) = three_contacts(backend).await;
    let [failed_follow_up, followed_up, email_only] = [contacts.rows[0].id, contacts.rows[1].id, contacts.rows[2].id];
    let eight_days = chrono::Utc::now() - chrono::Duration::days(8);
    let now = chrono::Utc::now();
    let (then, today) = (sql_time(backend, eight_days), sql_time(backend, now));
    // Its follow-up hit a CAPTCHA: step 2, but nothing left after the first message.
    exec(&app, &format!("UPDATE campaign_contacts SET state = 'sent', step = 2, first_sent_at = {then}, last_sent_at = {then}, detail = 'Relance 1 impossible : Formulaire protégé par un CAPTCHA' WHERE id = {failed_follow_up}")).await;
    // Its follow-up was submitted today.
    exec(&app, &format!("UPDATE campaign_contacts SET state = 'sent', step = 2, first_sent_at = {then}, last_sent_at = {today} WHERE id = {followed_up}")).await;
    exec(&app, &format!("INSERT INTO contact_attempts (contact_id, campaign_id, organization_id, company_id, variant_id, step, channel, state, charged, started_at) SELECT id, campaign_id, organization_id, company_id, variant_id, 2, 'form', 'sent', true, {today} FROM campaign_contacts WHERE id = {followed_up}")).await;
    // No usable form, an e-mail known: nothing sent.
    exec(
        &app,
        &format!("UPDATE campaign_contacts SET state = 'email', step = 0, outcome = 'captcha' WHERE id = {email_only}"),
    )
    .await;
    let fr =
        |at: chrono::DateTime<chrono::Utc>| at.with_timezone(&chrono_tz::Europe::Paris).format("%d/%m/%Y").to_string();
    let rows: ContactPage = client.call("campaigns/contacts", &[("campaign_id", &cid.to_string())]).await.unwrap();
    let row = |id: ContactId| rows.rows.iter().find(|r| r.id == id).unwrap().clone();
    let failed = row(failed_follow_up);
    assert_eq!(failed.status, format!("Formulaire envoyé le {}", fr(eight_days)), "{failed:?}");
    assert_eq!(failed.follow_ups, 0);
    assert!(failed.detail.as_deref().unwrap_or("").starts_with("Relance 1 impossible"), "{failed:?}");
    let sent = row(followed_up);
    assert_eq!(sent.status, format!("Formulaire envoyé le {} · relance 1 le {}", fr(eight_days), fr(now)));
    assert_eq!(sent.follow_ups, 1);
    let email = row(email_only);
    assert_eq!(email.status, "Formulaire protégé par un CAPTCHA : e-mail en attente");
    assert!(email.detail.as_deref().unwrap_or("").contains("Sans messagerie connectée"), "{email:?}");
    assert_eq!(live(&client, cid).await.email_queue, 1, "counted as not sent");
    // The database table reads the same statuses.
    let table: RowPage = client
        .call("prospecting/rows", &[("database_id", &db.id.to_string()), ("query", "statut=debloquees&taille=50")])
        .await
        .unwrap();
    let statuses: Vec<&str> = table.rows.iter().map(|r| r.status.as_str()).collect();
    assert!(statuses.contains(&sent.status.as_str()) && statuses.contains(&failed.status.as_str()), "{statuses:?}");
}

/// The legal notice names the sources this prospect's facts really came from.
async fn the_prospect_card_names_the_sources_of_its_facts(backend: Backend) {
    use prospecta_server::prospecting::outreach_view::{DataSources, prospect_card};
    let app = app(backend).await;
    let client = app.signed_up("anne@plomberie-conseil.fr", "Plomberie Conseil").await;
    let db = database(&app, &client, 1).await;
    let company = scalar(&app, &format!("SELECT MIN(company_id) AS n FROM company_facts WHERE source = 'pagesjaunes' AND company_id IN (SELECT company_id FROM database_rows WHERE database_id = {})", db.id)).await;
    let row = scalar(
        &app,
        &format!("SELECT id AS n FROM database_rows WHERE database_id = {} AND company_id = {company}", db.id),
    )
    .await;
    // Only what the facts say: here, a company known from PagesJaunes alone.
    exec(&app, &format!("DELETE FROM company_facts WHERE company_id = {company} AND source <> 'pagesjaunes'")).await;
    let sources = |app: &TestApp| {
        let db = app.db().clone();
        async move { prospect_card(&db, RowId(row)).await.unwrap().expect("card").sources }
    };
    assert_eq!(sources(&app).await, DataSources { pagesjaunes: true, ..Default::default() });
    // A website enrichment rejected gave nothing about the company.
    exec(&app, &format!("INSERT INTO company_facts (company_id, field, value, source, confidence, observed_at) SELECT {company}, 'rejected_website', 'http://parked.example', 'enrichment', 50, observed_at FROM company_facts WHERE company_id = {company} LIMIT 1")).await;
    assert_eq!(sources(&app).await, DataSources { pagesjaunes: true, ..Default::default() });
    exec(&app, &format!("INSERT INTO company_facts (company_id, field, value, source, confidence, observed_at) SELECT {company}, 'email', 'contact@exemple.fr', 'enrichment', 80, observed_at FROM company_facts WHERE company_id = {company} LIMIT 1")).await;
    exec(&app, &format!("INSERT INTO company_facts (company_id, field, value, source, confidence, observed_at) SELECT {company}, 'siren', '878282201', 'recherche_entreprises', 95, observed_at FROM company_facts WHERE company_id = {company} LIMIT 1")).await;
    assert_eq!(sources(&app).await, DataSources { pagesjaunes: true, register: true, website: true, manual: false });
}

/// The real journey on the sandbox's simulated sites: Chromium fills and submits their forms.
async fn a_campaign_contacts_the_simulated_sites_through_their_forms(backend: Backend) {
    let app = app(backend).await;
    let client = app.signed_up("anne@plomberie-conseil.fr", "Plomberie Conseil").await;
    let db = database(&app, &client, 6).await;
    let org = OrgId(scalar(&app, "SELECT MIN(id) AS n FROM organizations").await);
    let campaign = create(&client, db.id).await;
    play(&app, &client, campaign.id).await;
    let before = credits::balance(app.db(), org, Quota::Contacts).await.unwrap();
    for _ in 0..6 {
        if !matches!(reserve(&app, campaign.id).await, Dispatched::Reserved { .. }) {
            break;
        }
        app.run_jobs().await;
    }
    let sent = scalar(
        &app,
        &format!("SELECT COUNT(*) AS n FROM campaign_contacts WHERE campaign_id = {} AND state = 'sent'", campaign.id),
    )
    .await;
    let live = live(&client, campaign.id).await;
    assert!(sent >= 1, "some simulated sites take the form: {live:?}");
    assert_eq!(live.sent_today as i64, sent);
    // Only the contacts made spend the contacts quota.
    assert_eq!(credits::balance(app.db(), org, Quota::Contacts).await.unwrap(), before - sent);
    // Every contact ended somewhere a human understands; nothing is stuck in flight.
    assert_eq!(live.in_flight, 0, "{live:?}");
    let rows: RowPage = client
        .call("prospecting/rows", &[("database_id", &db.id.to_string()), ("query", "statut=debloquees&taille=50")])
        .await
        .unwrap();
    let today = chrono::Utc::now().with_timezone(&chrono_tz::Europe::Paris).format("%d/%m/%Y").to_string();
    let sent_rows = rows.rows.iter().filter(|r| r.status == format!("Formulaire envoyé le {today}")).count() as i64;
    assert_eq!(sent_rows, sent, "{:?}", rows.rows.iter().map(|r| &r.status).collect::<Vec<_>>());
    let all: ContactPage =
        client.call("campaigns/contacts", &[("campaign_id", &campaign.id.to_string())]).await.unwrap();
    assert!(all.rows.iter().all(|r| !r.status.is_empty() && r.status != "Envoi en cours"), "{all:?}");
    for failure in &live.failures {
        assert!(!failure.label.is_empty() && failure.count > 0);
    }
}

both_databases!(
    bad_drafts_are_refused_with_their_field,
    campaigns_are_hidden_from_other_tenants,
    pause_stops_queued_work_and_play_resumes,
    a_crash_mid_submission_leaves_unknown_and_never_sends_again,
    the_platform_contacts_a_prospect_once_a_week_and_honours_opposition,
    replies_stop_follow_ups_and_follow_ups_go_by_form,
    follow_up_statuses_say_what_really_left,
    the_prospect_card_names_the_sources_of_its_facts,
    a_campaign_contacts_the_simulated_sites_through_their_forms,
    open_pages_share_the_live_figures,
);
