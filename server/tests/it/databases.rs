//! Prospect databases end to end through the server functions, on both databases: preview
//! (masked on the server), generation from the sandbox's simulated sources, the shared store,
//! credits and unlocking, the table, the bin, manual rows, anti-theft and tenant isolation.

use crate::both_databases;
use crate::jobs::{spawn_worker, wait_for};
use crate::sources::{Answer, FakePj};
use crate::support::{Backend, Client, PASSWORD, TestApp, assert_hidden_from_other_tenant, scalar};
use prospecta_server::accounts::create_admin;
use prospecta_server::credits;
use prospecta_server::prospecting::guard;
use prospecta_shared::AppError;
use prospecta_shared::credits::{Balances, Quota};
use prospecta_shared::error::ValidationCode;
use prospecta_shared::ids::{DatabaseId, OrgId, RowId};
use prospecta_shared::prospecting::{
    CompanyDetail, DatabasePreview, DatabaseStatus, DatabaseSummary, RowPage, RowView, UnlockOutcome,
};
use sea_orm::{ConnectionTrait, Statement};
use std::time::Duration;

/// Villeurbanne: big enough for a few pages, small enough for a quick test.
const TOWN: &str = "69266";

async fn quick_app(backend: Backend) -> TestApp {
    quick_app_reading(backend, None).await
}

/// `quick_app`, with PagesJaunes answered by `pj_base` (a `FakePj`) when given.
async fn quick_app_reading(backend: Backend, pj_base: Option<&str>) -> TestApp {
    TestApp::start_with(backend, |c| {
        if let Some(base) = pj_base {
            c.prospecting.pagesjaunes_url = base.to_string();
        }
        c.prospecting.pagesjaunes_interval = Duration::from_millis(2);
        c.prospecting.open_data_interval = Duration::from_millis(1);
    })
    .await
}

/// The generation form for plumbers of one commune (other test modules create databases too).
pub(crate) use crate::support::database_target as target;

async fn create(client: &Client, insee: &str) -> DatabaseSummary {
    client.call("prospecting/create", &target(insee, "Plombiers")).await.expect("create database")
}

async fn generated(app: &TestApp, client: &Client, insee: &str) -> DatabaseSummary {
    let created = create(client, insee).await;
    app.run_jobs().await;
    summary(client, created.id).await
}

async fn summary(client: &Client, id: DatabaseId) -> DatabaseSummary {
    client.call("prospecting/database", &[("database_id", &id.to_string())]).await.expect("database")
}

/// The table's rows for an address query given as pairs (`("site", "avec")`), 100 a page
/// unless `taille` says otherwise: the very query string the page sends.
async fn rows(client: &Client, id: DatabaseId, address: &[(&str, &str)]) -> Result<RowPage, AppError> {
    let mut pairs: Vec<String> =
        address.iter().map(|(k, v)| format!("{k}={}", prospecta_shared::format::percent_encode(v, b""))).collect();
    if !address.iter().any(|(k, _)| *k == "taille") {
        pairs.push("taille=100".into());
    }
    client.call("prospecting/rows", &[("database_id", id.to_string().as_str()), ("query", &pairs.join("&"))]).await
}

async fn generation_fills_a_database_from_both_sources(backend: Backend) {
    let app = quick_app(backend).await;
    let client = app.signed_up("anne@plomberie-conseil.fr", "Plomberie Conseil").await;
    let db = generated(&app, &client, TOWN).await;
    assert_eq!(db.status, DatabaseStatus::Ready);
    assert_eq!(db.progress.percent, 100);
    assert!(db.rows_total >= 10, "a town of 150 000 people has plumbers: {}", db.rows_total);
    assert!(db.progress.pages_fetched >= 2 && db.progress.pages_fetched == db.progress.pages_expected);
    assert!(db.progress.merged > 0, "PagesJaunes and the register name the same companies: {:?}", db.progress);
    // One record per company: no SIREN twice, no PagesJaunes id twice, one row per company.
    assert_eq!(scalar(&app, "SELECT COUNT(*) AS n FROM (SELECT siren FROM companies WHERE siren IS NOT NULL GROUP BY siren HAVING COUNT(*) > 1) d").await, 0);
    assert_eq!(scalar(&app, "SELECT COUNT(*) AS n FROM (SELECT pj_id FROM companies WHERE pj_id IS NOT NULL GROUP BY pj_id HAVING COUNT(*) > 1) d").await, 0);
    assert_eq!(scalar(&app, "SELECT COUNT(*) AS n FROM (SELECT company_id FROM database_rows GROUP BY database_id, company_id HAVING COUNT(*) > 1) d").await, 0);
    // Companies seen by both sources carry facts from both, with provenance.
    let both = scalar(&app, "SELECT COUNT(*) AS n FROM (SELECT company_id FROM company_facts GROUP BY company_id HAVING COUNT(DISTINCT source) >= 2) d").await;
    assert!(both > 0, "some companies merged from both sources");
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) AS n FROM company_facts WHERE source_url IS NULL AND source <> 'canary'").await,
        0
    );
    // Every stored row lies in the town asked for.
    let page = rows(&client, db.id, &[]).await.unwrap();
    assert!(page.rows.iter().all(|r| r.locked), "validated rows start locked");
    let ready: Vec<serde_json::Value> = client.call("accounts/notifications", &[]).await.unwrap();
    assert!(ready.iter().any(|n| n["title"] == "Base prête"), "the client is told when it is ready");
}

async fn preview_masks_contact_values_on_the_server(backend: Backend) {
    let app = quick_app(backend).await;
    let client = app.signed_up("paul@chauffage.fr", "Chauffage Paul").await;
    let form: Vec<(&str, &str)> = target(TOWN, "").into_iter().filter(|(k, _)| *k != "name").collect();
    let response = client
        .http
        .post(format!("{}/api/prospecting/preview", client.base))
        .header("accept", "application/json")
        .form(&form)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let preview: DatabasePreview = serde_json::from_str(&response).expect("preview");
    assert!(preview.expected_count > 0 && !preview.sample.is_empty());
    assert!(preview.sample.iter().all(|r| r.phone.as_deref().is_none_or(|p| p == "****")));
    assert!(preview.sample.iter().any(|r| r.address.contains("***")), "addresses half masked");
    assert!(preview.shares.phone > 0 && preview.shares.phone <= 100);
    // Not one clear phone, site or e-mail of the stored companies crossed the wire.
    let db = app.db();
    let clear = db
        .query_all(Statement::from_string(
            db.get_database_backend(),
            "SELECT phone, website, email, street FROM companies".to_string(),
        ))
        .await
        .unwrap();
    assert!(!clear.is_empty());
    for row in clear {
        for column in ["phone", "website", "email", "street"] {
            if let Some(value) = row.try_get::<Option<String>>("", column).unwrap() {
                let national = value.replacen("+33", "0", 1);
                assert!(!response.contains(&value) && !response.contains(&national), "{column} {value} leaked");
            }
        }
    }
    // Nothing was created for the client yet, and no credit spent.
    assert_eq!(app.count("prospect_databases").await, 0);
    assert_eq!(app.count("database_rows").await, 0);
}

async fn targets_are_checked(backend: Backend) {
    let app = quick_app(backend).await;
    let client = app.signed_up("lea@menuiserie.fr", "Menuiserie Léa").await;
    let call = |sector: &'static str, kind: &'static str, code: &'static str, radius: &'static str| {
        let client = &client;
        async move {
            client
                .call::<DatabasePreview>(
                    "prospecting/preview",
                    &[
                        ("sector", sector),
                        ("naf_code", ""),
                        ("place_kind", kind),
                        ("place_code", code),
                        ("radius_km", radius),
                    ],
                )
                .await
        }
    };
    assert_eq!(call("", "commune", TOWN, "0").await, Err(AppError::validation("sector", ValidationCode::Required)));
    assert_eq!(
        call("plombier", "commune", "99999", "0").await,
        Err(AppError::validation("place", ValidationCode::UnknownPlace))
    );
    assert_eq!(call("plombier", "", "", "0").await, Err(AppError::validation("place", ValidationCode::UnknownPlace)));
    assert_eq!(
        call("plombier", "commune", TOWN, "150").await,
        Err(AppError::validation("radius_km", ValidationCode::OutOfRange { min: 0, max: 100 }))
    );
    let message = AppError::validation("radius_km", ValidationCode::OutOfRange { min: 0, max: 100 }).message_fr();
    assert!(message.contains("entre 0 et 100"), "{message}");
}

async fn a_second_client_reuses_fresh_records(backend: Backend) {
    let app = quick_app(backend).await;
    let first = app.signed_up("a@premier.fr", "Premier").await;
    let second = app.signed_up("b@second.fr", "Second").await;
    let a = generated(&app, &first, TOWN).await;
    let pages_before = scalar(&app, "SELECT COUNT(*) AS n FROM source_pages").await;
    let companies_before = scalar(&app, "SELECT COUNT(*) AS n FROM companies WHERE canary_org_id IS NULL").await;
    let fetched_before = scalar(&app, "SELECT COUNT(DISTINCT fetched_at) AS n FROM source_pages").await;
    let b = generated(&app, &second, TOWN).await;
    assert_eq!(b.status, DatabaseStatus::Ready);
    assert_eq!(scalar(&app, "SELECT COUNT(*) AS n FROM source_pages").await, pages_before, "no page fetched again");
    assert_eq!(scalar(&app, "SELECT COUNT(DISTINCT fetched_at) AS n FROM source_pages").await, fetched_before);
    assert_eq!(scalar(&app, "SELECT COUNT(*) AS n FROM companies WHERE canary_org_id IS NULL").await, companies_before);
    // Same companies, each client its own view (canaries aside).
    assert!(a.rows_total.abs_diff(b.rows_total) <= 2, "{} vs {}", a.rows_total, b.rows_total);
}

/// A source that blocks us mid-way: the job waits with a clear status, then resumes where it
/// stopped — pages already read are not fetched again and no row is doubled.
async fn a_blocked_source_pauses_then_resumes_without_duplicates(backend: Backend) {
    let fake = FakePj::with(&[
        (1, vec![Answer::Page("plombier-lyon-p1.html")]),
        (2, vec![Answer::Page("blocked.html"), Answer::Page("plombier-lyon-p2.html")]),
    ]);
    let pj_base = fake.clone().serve().await;
    let app = quick_app_reading(backend, Some(&pj_base)).await;
    let client = app.signed_up("marc@sanitaire.fr", "Sanitaire Marc").await;
    let created = create(&client, "69123").await;
    app.run_jobs().await;
    let waiting = summary(&client, created.id).await;
    let DatabaseStatus::Waiting { retry_at } = &waiting.status else {
        panic!("expected waiting, got {:?}", waiting.status)
    };
    assert!(waiting.status.label_fr().starts_with("Source momentanément indisponible, nouvel essai à "), "{retry_at}");
    assert!(waiting.progress.percent < 100);
    let rows_before = waiting.rows_total;
    assert!(rows_before > 0, "page 1 is kept");
    let job_state =
        scalar(&app, "SELECT CAST(attempts AS BIGINT) AS n FROM jobs WHERE kind = 'prospecting.generate_database'")
            .await;
    assert_eq!(job_state, 0, "waiting is not failing: no attempt spent");

    // Time passes: the job is due again.
    let db = app.db();
    db.execute_unprepared("UPDATE jobs SET run_at = CURRENT_TIMESTAMP").await.unwrap();
    app.run_jobs().await;
    let done = summary(&client, created.id).await;
    assert_eq!(done.status, DatabaseStatus::Ready);
    assert_eq!(fake.hits(1), 1, "page 1 was not fetched again");
    assert_eq!(fake.hits(2), 2, "page 2: once blocked, once read");
    assert!(done.rows_total > rows_before);
    assert_eq!(scalar(&app, "SELECT COUNT(*) AS n FROM (SELECT company_id FROM database_rows GROUP BY database_id, company_id HAVING COUNT(*) > 1) d").await, 0);
    // The listing repeated on both pages is one company.
    assert_eq!(scalar(&app, "SELECT COUNT(*) AS n FROM (SELECT pj_id FROM companies WHERE pj_id IS NOT NULL GROUP BY pj_id HAVING COUNT(*) > 1) d").await, 0);
}

async fn prospects_left(client: &Client) -> i64 {
    client.call::<Balances>("prospecting/credits", &[]).await.expect("balances").prospects
}

async fn unlocking_spends_credits_on_the_best_rows_first(backend: Backend) {
    let app = quick_app(backend).await;
    let client = app.signed_up("ines@renov.fr", "Rénov Inès").await;
    let db = generated(&app, &client, TOWN).await;
    let id = db.id.to_string();
    let trial = credits::trial(Quota::Prospects);
    assert_eq!(prospects_left(&client).await, trial);
    let outcome: UnlockOutcome =
        client.call("prospecting/unlock", &[("database_id", &id), ("count", "5")]).await.expect("unlock");
    assert_eq!(outcome, UnlockOutcome { unlocked: 5, prospects_left: trial - 5 });
    let unlocked = rows(&client, db.id, &[("statut", "debloquees")]).await.unwrap();
    let locked =
        rows(&client, db.id, &[("statut", "verrouillees"), ("tri", "qualite"), ("ordre", "desc")]).await.unwrap();
    let paid: Vec<&RowView> = unlocked.rows.iter().filter(|r| !r.manual).collect();
    assert!(paid.len() >= 5, "5 paid rows (plus free canaries)");
    let worst_unlocked = paid.iter().map(|r| r.quality).min().unwrap();
    let best_locked = locked.rows.first().map(|r| r.quality).unwrap_or(0);
    assert!(worst_unlocked >= best_locked, "best quality first: {worst_unlocked} < {best_locked}");
    assert!(unlocked.rows.iter().all(|r| r.phone.as_deref() != Some("****")), "unlocked rows in clear");
    assert!(locked.rows.iter().all(|r| r.phone.as_deref().is_none_or(|p| p == "****")), "locked rows masked");
    // Every reveal is audited.
    assert!(scalar(&app, "SELECT COUNT(*) AS n FROM reveal_audit WHERE kind = 'unlock'").await >= 5);

    // Picking rows by hand.
    let pick = locked.rows[0].id.to_string();
    let picked: UnlockOutcome =
        client.call("prospecting/unlock", &[("database_id", &id), ("row_ids", &pick)]).await.unwrap();
    assert_eq!(picked.unlocked, 1);
    // More than the balance: refused, nothing spent.
    let org = OrgId(scalar(&app, "SELECT MIN(id) AS n FROM organizations").await);
    credits::grant(app.db(), org, Quota::Prospects, -90, "test", None).await.unwrap();
    let refused = client.call::<UnlockOutcome>("prospecting/unlock", &[("database_id", &id), ("count", "10")]).await;
    assert_eq!(refused, Err(AppError::InsufficientCredits { quota: Quota::Prospects, available: 4, needed: 10 }));
    let message = refused.unwrap_err().message_fr();
    assert!(message.starts_with("Quota insuffisant : 10 prospects débloqués demandés, il vous reste 4."), "{message}");
    assert_eq!(prospects_left(&client).await, 4);
    // Unlocking spends prospects only: the contacts quota is untouched.
    let balances: Balances = client.call("prospecting/credits", &[]).await.unwrap();
    assert_eq!(balances.contacts, credits::trial(Quota::Contacts));
}

async fn the_table_filters_sorts_and_caps_pages(backend: Backend) {
    let app = quick_app(backend).await;
    let client = app.signed_up("hugo@clim.fr", "Clim Hugo").await;
    let db = generated(&app, &client, TOWN).await;
    let all = rows(&client, db.id, &[("taille", "500")]).await.unwrap();
    assert!(all.rows.len() <= 100 && all.page_size == 100, "server-side cap of 100 rows a page");
    let with_site = rows(&client, db.id, &[("site", "avec")]).await.unwrap();
    assert!(with_site.total > 0 && with_site.total < all.total);
    assert!(with_site.rows.iter().all(|r| r.website.is_some()));
    let without_phone = rows(&client, db.id, &[("tel", "sans")]).await.unwrap();
    assert!(without_phone.rows.iter().all(|r| r.phone.is_none()));
    let by_quality = rows(&client, db.id, &[("tri", "qualite"), ("ordre", "desc")]).await.unwrap();
    assert!(by_quality.rows.windows(2).all(|w| w[0].quality >= w[1].quality));
    let by_name = rows(&client, db.id, &[("tri", "")]).await.unwrap();
    let someone = &by_name.rows[by_name.rows.len() / 2];
    let word = someone.name.split_whitespace().max_by_key(|w| w.len()).unwrap().to_lowercase();
    let found = rows(&client, db.id, &[("q", &word)]).await.unwrap();
    assert!(found.rows.iter().any(|r| r.id == someone.id), "search by name finds {word}");
    let page2 = rows(&client, db.id, &[("taille", "5"), ("page", "2")]).await.unwrap();
    let page1 = rows(&client, db.id, &[("taille", "5"), ("page", "1")]).await.unwrap();
    assert!(page1.rows.iter().all(|a| page2.rows.iter().all(|b| a.id != b.id)));
}

/// "Page suivante" and "Page précédente" follow the shown page's cursor instead of counting
/// rows: in every sort and direction, the pages they lead to are the ones counting gives.
async fn the_table_pages_through_cursors_like_counting(backend: Backend) {
    let app = quick_app(backend).await;
    let client = app.signed_up("leo@chauffe.fr", "Chauffe Léo").await;
    let db = generated(&app, &client, TOWN).await;
    for sort in
        [&[][..], &[("tri", "ville")][..], &[("tri", "qualite"), ("ordre", "desc")][..], &[("tri", "ajout")][..]]
    {
        let at = |page: u32, cursor: Option<(&'static str, String)>| {
            let mut address: Vec<(&str, String)> = sort.iter().map(|(k, v)| (*k, v.to_string())).collect();
            address.extend([("taille", "7".to_string()), ("page", page.to_string())]);
            address.extend(cursor);
            let client = &client;
            async move {
                let pairs: Vec<(&str, &str)> = address.iter().map(|(k, v)| (*k, v.as_str())).collect();
                rows(client, db.id, &pairs).await.unwrap()
            }
        };
        let cursor = |c: &prospecta_shared::prospecting::RowCursor| format!("{}~{}", c.key, c.id);
        let first = at(1, None).await;
        assert!(first.pages() >= 3, "enough rows for three pages");
        let ids = |p: &RowPage| p.rows.iter().map(|r| r.id).collect::<Vec<_>>();
        let mut shown = first;
        for page in 2..=3 {
            let next = shown.next.as_ref().expect("a next page");
            let stepped = at(page, Some(("apres", cursor(next)))).await;
            assert_eq!(ids(&stepped), ids(&at(page, None).await), "page {page} by cursor, sort {sort:?}");
            shown = stepped;
        }
        let back = at(2, Some(("avant", cursor(shown.previous.as_ref().expect("a previous page"))))).await;
        assert_eq!(ids(&back), ids(&at(2, None).await), "back to page 2, sort {sort:?}");
        // A cursor edited by hand falls back to counting.
        assert_eq!(ids(&at(2, Some(("apres", "n'importe quoi".into()))).await), ids(&at(2, None).await));
    }
}

/// The table's counts are cached per filter and per state of the database: every change to
/// the rows — a company gaining a website from a source, a row deleted, restored, unlocked,
/// added by hand — shows in the next count, on the same server and filter.
async fn the_table_counts_follow_every_change(backend: Backend) {
    let app = quick_app(backend).await;
    let client = app.signed_up("ines@chauffe.fr", "Chauffe Inès").await;
    let db = generated(&app, &client, TOWN).await;
    let total = |extra: &'static [(&'static str, &'static str)]| {
        let client = &client;
        async move { rows(client, db.id, extra).await.unwrap().total }
    };
    let (all, with_site, locked) =
        (total(&[]).await, total(&[("site", "avec")]).await, total(&[("statut", "verrouillees")]).await);
    let searched = rows(&client, db.id, &[("site", "sans"), ("tri", "")]).await.unwrap();
    assert!(searched.total > 0, "some rows have no website yet");
    // A source finds the website of a company without one: the shared store recomputes it, and
    // its row (in every database) follows.
    let company =
        scalar(&app, &format!("SELECT company_id AS n FROM database_rows WHERE id = {}", searched.rows[0].id)).await;
    let fact = prospecta_server::prospecting::store::ObservedFact {
        field: "website",
        value: "https://www.exemple-chauffage.fr/".into(),
        source_url: None,
        method: None,
        confidence: 90,
    };
    prospecta_server::prospecting::store::record_facts(
        app.db(),
        prospecta_shared::ids::CompanyId(company),
        prospecta_server::prospecting::states::FactSource::Enrichment,
        &[fact],
    )
    .await
    .unwrap();
    assert_eq!(total(&[("site", "avec")]).await, with_site + 1);
    let sorted = rows(&client, db.id, &[("site", "avec"), ("tri", "qualite"), ("ordre", "desc")]).await.unwrap();
    assert!(sorted.rows.windows(2).all(|w| w[0].quality >= w[1].quality));
    // Deleted, restored.
    let victim = searched.rows[1].id.to_string();
    client.call::<()>("prospecting/delete_row", &[("row_id", &victim)]).await.unwrap();
    assert_eq!(total(&[]).await, all - 1);
    assert_eq!(total(&[("site", "sans")]).await, searched.total - 2);
    client.call::<()>("prospecting/restore_row", &[("row_id", &victim)]).await.unwrap();
    assert_eq!(total(&[]).await, all);
    // Unlocked.
    let id = db.id.to_string();
    client.call::<UnlockOutcome>("prospecting/unlock", &[("database_id", &id), ("count", "3")]).await.unwrap();
    let still_locked = format!(
        "SELECT COUNT(*) AS n FROM database_rows WHERE database_id = {} AND deleted_at IS NULL AND unlocked_at IS NULL",
        db.id
    );
    assert!(scalar(&app, &still_locked).await <= locked as i64 - 3);
    assert_eq!(total(&[("statut", "verrouillees")]).await, scalar(&app, &still_locked).await as u64);
    // Added by hand.
    let added = [
        ("database_id", id.as_str()),
        ("name", "Chauffage Bellecour"),
        ("street", "3 rue Paul Bert"),
        ("postal_code", "69100"),
        ("city", "Villeurbanne"),
        ("website", "https://www.chauffage-bellecour.fr/"),
    ];
    client.call::<RowView>("prospecting/add_row", &added).await.unwrap();
    assert_eq!(total(&[]).await, all + 1);
    assert_eq!(total(&[("site", "avec")]).await, with_site + 2);
}

async fn deleted_rows_stay_restorable_for_thirty_days(backend: Backend) {
    let app = quick_app(backend).await;
    let client = app.signed_up("zoe@chauffe.fr", "Chauffe Zoé").await;
    let db = generated(&app, &client, TOWN).await;
    let first = rows(&client, db.id, &[]).await.unwrap();
    let victim = first.rows[0].id.to_string();
    client.call::<()>("prospecting/delete_row", &[("row_id", &victim)]).await.unwrap();
    let after = rows(&client, db.id, &[]).await.unwrap();
    assert_eq!(after.total, first.total - 1);
    let bin = rows(&client, db.id, &[("corbeille", "1")]).await.unwrap();
    assert_eq!(bin.rows.len(), 1);
    assert!(bin.rows[0].deleted_note.as_deref().is_some_and(|n| n.contains("restaurable jusqu'au")));
    client.call::<()>("prospecting/restore_row", &[("row_id", &victim)]).await.unwrap();
    assert_eq!(rows(&client, db.id, &[]).await.unwrap().total, first.total);
    // After 30 days the row is gone for good.
    client.call::<()>("prospecting/delete_row", &[("row_id", &victim)]).await.unwrap();
    let long_ago = (chrono::Utc::now() - chrono::Duration::days(31)).to_rfc3339();
    let sql = match backend {
        Backend::Sqlite => format!("UPDATE database_rows SET deleted_at = '{long_ago}' WHERE id = {victim}"),
        Backend::Postgres => {
            format!("UPDATE database_rows SET deleted_at = '{long_ago}'::timestamptz WHERE id = {victim}")
        }
    };
    app.db().execute_unprepared(&sql).await.unwrap();
    assert!(rows(&client, db.id, &[("corbeille", "1")]).await.unwrap().rows.is_empty());
    assert_eq!(client.call::<()>("prospecting/restore_row", &[("row_id", &victim)]).await, Err(AppError::NotFound));
}

async fn manual_rows_are_checked_and_private(backend: Backend) {
    let app = quick_app(backend).await;
    let client = app.signed_up("yann@toiture.fr", "Toiture Yann").await;
    let db = create(&client, TOWN).await;
    let id = db.id.to_string();
    let add = |siret: &'static str, phone: &'static str| {
        let (client, id) = (&client, id.clone());
        async move {
            client
                .call::<RowView>(
                    "prospecting/add_row",
                    &[
                        ("database_id", id.as_str()),
                        ("name", "Toitures du Rhône"),
                        ("siret", siret),
                        ("street", "3 rue Paul Bert"),
                        ("postal_code", "69100"),
                        ("city", "Villeurbanne"),
                        ("phone", phone),
                        ("email", "contact@toitures-rhone.fr"),
                        ("website", "toitures-rhone.fr"),
                    ],
                )
                .await
        }
    };
    assert_eq!(add("12345678901234", "").await, Err(AppError::validation("siret", ValidationCode::InvalidSiret)));
    assert_eq!(add("", "12 34").await, Err(AppError::validation("phone", ValidationCode::InvalidPhone)));
    let row = add("12002701600357", "04 78 60 12 34").await.expect("valid company");
    assert!(row.manual && !row.locked);
    assert_eq!(row.phone.as_deref(), Some("04 78 60 12 34"));
    assert_eq!(row.website.as_deref(), Some("https://toitures-rhone.fr/"));
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) AS n FROM companies WHERE owner_org_id IS NOT NULL").await,
        1,
        "private record"
    );
}

async fn viewing_too_many_rows_pauses_the_table_and_alerts_admins(backend: Backend) {
    let app = TestApp::start_with(backend, |c| {
        c.prospecting.view_limit_per_hour = 30;
        c.prospecting.pagesjaunes_interval = Duration::from_millis(2);
        c.prospecting.open_data_interval = Duration::from_millis(1);
    })
    .await;
    create_admin(app.db(), "veille@prospecta.fr", PASSWORD).await.expect("admin");
    let client = app.signed_up("max@aspire.fr", "Aspire Max").await;
    let db = generated(&app, &client, TOWN).await;
    let first = rows(&client, db.id, &[("taille", "20")]).await.expect("under the limit");
    assert_eq!(first.rows.len(), 20);
    let refused = rows(&client, db.id, &[("taille", "20")]).await;
    let Err(AppError::ViewLimit { limit: 30, retry_after_secs }) = refused else {
        panic!("expected the view limit, got {refused:?}")
    };
    assert!(retry_after_secs <= 3600);
    assert!(AppError::ViewLimit { limit: 30, retry_after_secs }.message_fr().contains("30 lignes par heure"));
    // One alert for the agency admins, not one per refused page.
    let _ = rows(&client, db.id, &[("taille", "20")]).await;
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) AS n FROM notifications WHERE title = 'Alerte : consultation anormale'").await,
        1
    );
}

async fn canaries_are_unique_to_each_organisation(backend: Backend) {
    let app = quick_app(backend).await;
    let a = app.signed_up("a@canari.fr", "Canari A").await;
    let b = app.signed_up("b@canari.fr", "Canari B").await;
    let db_a = generated(&app, &a, TOWN).await;
    generated(&app, &b, TOWN).await;
    let per_org =
        scalar(&app, "SELECT COUNT(DISTINCT canary_org_id) AS n FROM companies WHERE canary_org_id IS NOT NULL").await;
    assert_eq!(per_org, 2);
    let in_a = scalar(&app, &format!("SELECT COUNT(*) AS n FROM database_rows r JOIN companies c ON c.id = r.company_id WHERE r.database_id = {} AND c.canary_org_id IS NOT NULL", db_a.id)).await;
    assert!((1..=2).contains(&in_a));
    let foreign = scalar(&app, "SELECT COUNT(*) AS n FROM database_rows r JOIN companies c ON c.id = r.company_id WHERE c.canary_org_id IS NOT NULL AND c.canary_org_id <> r.organization_id").await;
    assert_eq!(foreign, 0, "a canary never appears in another organisation's database");
    // A leaked row names its organisation.
    let db = app.db();
    let row = db
        .query_one(Statement::from_string(
            db.get_database_backend(),
            format!("SELECT c.name, c.postal_code, c.canary_org_id FROM companies c JOIN database_rows r ON r.company_id = c.id WHERE r.database_id = {} AND c.canary_org_id IS NOT NULL", db_a.id),
        ))
        .await
        .unwrap()
        .unwrap();
    let (name, postal_code, org): (String, String, i64) = (
        row.try_get("", "name").unwrap(),
        row.try_get("", "postal_code").unwrap(),
        row.try_get("", "canary_org_id").unwrap(),
    );
    assert_eq!(guard::trace_leak(db, &name, &postal_code).await.unwrap(), Some(org));
    // Canaries unlock for free with the first paid rows and look like any other row.
    let unlocked: UnlockOutcome =
        a.call("prospecting/unlock", &[("database_id", &db_a.id.to_string()), ("count", "1")]).await.unwrap();
    assert_eq!(unlocked.unlocked, 1);
    let visible = rows(&a, db_a.id, &[("statut", "debloquees")]).await.unwrap();
    assert_eq!(visible.rows.len() as i64, 1 + in_a);
}

async fn every_database_function_hides_other_tenants(backend: Backend) {
    let app = quick_app(backend).await;
    let owner = app.signed_up("o@tenant.fr", "Tenant O").await;
    let outsider = app.signed_up("x@tenant.fr", "Tenant X").await;
    let db = generated(&app, &owner, TOWN).await;
    let id = db.id.to_string();
    let row = rows(&owner, db.id, &[]).await.unwrap().rows[0].id.to_string();
    assert_hidden_from_other_tenant(&app, &outsider, "prospecting/database", &[("database_id", &id)]).await;
    assert_hidden_from_other_tenant(&app, &outsider, "prospecting/rows", &[("database_id", &id)]).await;
    assert_hidden_from_other_tenant(&app, &outsider, "prospecting/company", &[("row_id", &row)]).await;
    assert_hidden_from_other_tenant(&app, &outsider, "prospecting/unlock", &[("database_id", &id), ("count", "1")])
        .await;
    assert_hidden_from_other_tenant(&app, &outsider, "prospecting/delete_row", &[("row_id", &row)]).await;
    assert_hidden_from_other_tenant(&app, &outsider, "prospecting/restore_row", &[("row_id", &row)]).await;
    assert_hidden_from_other_tenant(
        &app,
        &outsider,
        "prospecting/add_row",
        &[("database_id", &id), ("name", "Intrus"), ("postal_code", "69100"), ("city", "Villeurbanne")],
    )
    .await;
    // Rows of A picked by id through B's own database are refused too.
    let mine = create(&outsider, TOWN).await.id.to_string();
    assert_hidden_from_other_tenant(
        &app,
        &outsider,
        "prospecting/unlock",
        &[("database_id", &mine), ("row_ids", &row)],
    )
    .await;
    let listed: Vec<DatabaseSummary> = outsider.call("prospecting/databases", &[]).await.unwrap();
    assert!(listed.iter().all(|d| d.id != db.id));
    // Signed-out callers get nothing.
    let anonymous = app.client();
    assert_eq!(
        anonymous.call::<Vec<DatabaseSummary>>("prospecting/databases", &[]).await,
        Err(AppError::Unauthenticated)
    );
    // The owner's detail panel works and is audited.
    let detail: CompanyDetail = owner.call("prospecting/company", &[("row_id", &row)]).await.unwrap();
    assert!(!detail.row.name.is_empty());
}

async fn agency_admins_grant_credits_and_clients_cannot(backend: Backend) {
    let app = quick_app(backend).await;
    let client = app.signed_up("nora@peinture.fr", "Peinture Nora").await;
    let org = scalar(&app, "SELECT MIN(id) AS n FROM organizations").await.to_string();
    assert_eq!(
        client
            .call::<i64>("admin/grant-credits", &[("organization_id", &org), ("quota", "prospects"), ("amount", "500")])
            .await,
        Err(AppError::Forbidden)
    );
    create_admin(app.db(), "compta@prospecta.fr", PASSWORD).await.unwrap();
    let admin = app.client_from("203.0.113.201");
    admin
        .call::<()>("accounts/login", &[("email", "compta@prospecta.fr"), ("password", PASSWORD), ("next", "/admin")])
        .await
        .unwrap();
    let grant = |quota: &'static str, amount: &'static str, org: String| {
        let admin = &admin;
        async move {
            admin
                .call::<i64>("admin/grant-credits", &[("organization_id", &org), ("quota", quota), ("amount", amount)])
                .await
        }
    };
    let trial = credits::trial(Quota::Prospects);
    assert_eq!(grant("prospects", "500", org.clone()).await, Ok(trial + 500));
    assert_eq!(prospects_left(&client).await, trial + 500);
    assert_eq!(grant("contacts", "20", org.clone()).await, Ok(credits::trial(Quota::Contacts) + 20));
    assert_eq!(
        grant("credits", "20", org.clone()).await,
        Err(AppError::validation("quota", ValidationCode::Required)),
        "one unit named, never a \"credit\""
    );
    assert_eq!(
        grant("prospects", "beaucoup", org.clone()).await,
        Err(AppError::validation("amount", ValidationCode::OutOfRange { min: 1, max: 100_000 }))
    );
    assert_eq!(grant("prospects", "5", "999999".into()).await, Err(AppError::NotFound));

    // Each grant is in the audit log (ADM), with who, what and for whom; the refusals are not.
    let journal: prospecta_shared::agency::AdminActionsPage =
        admin.call("admin/actions", &[("page", "1")]).await.unwrap();
    assert_eq!((journal.total, journal.pages, journal.page), (2, 1, 1), "{journal:?}");
    let newest = &journal.rows[0];
    assert_eq!(newest.action, prospecta_shared::agency::AdminAction::GrantCredits);
    assert_eq!(
        (newest.admin_email.as_str(), newest.detail.as_str(), newest.organization.as_deref()),
        ("compta@prospecta.fr", "Accordé : 20 entreprises contactées", Some("Peinture Nora"))
    );
    assert_eq!(journal.rows[1].detail, "Accordé : 500 prospects débloqués");
    let far: prospecta_shared::agency::AdminActionsPage = admin.call("admin/actions", &[("page", "9")]).await.unwrap();
    assert_eq!(far.page, 1, "a page past the end shows the last one");
    assert_eq!(
        client.call::<prospecta_shared::agency::AdminActionsPage>("admin/actions", &[("page", "1")]).await,
        Err(AppError::Forbidden)
    );
}

/// A worker process killed (SIGKILL) in the middle of a generation: another worker takes the
/// job over after the lease and finishes it, reading only the pages that were missing.
async fn a_killed_worker_s_generation_resumes_where_it_stopped(backend: Backend) {
    let fake = FakePj::with(&[
        (1, vec![Answer::Page("plombier-lyon-p1.html")]),
        (2, vec![Answer::Hang, Answer::Page("plombier-lyon-p2.html")]),
    ]);
    let pj_base = fake.clone().serve().await;
    let app = quick_app_reading(backend, Some(&pj_base)).await;
    let client = app.signed_up("remi@chaudiere.fr", "Chaudières Rémi").await;
    let created = create(&client, "69123").await;
    let worker = spawn_worker(
        &app.database.url,
        &[
            ("PAGESJAUNES_BASE_URL", pj_base.clone()),
            ("OPEN_DATA_BASE_URL", format!("{}/sandbox/recherche-entreprises", app.base)),
            ("PAGESJAUNES_INTERVAL_MS", "2".into()),
            ("OPEN_DATA_INTERVAL_MS", "1".into()),
        ],
    );
    wait_for("the worker to ask for page 2", Duration::from_secs(60), async || fake.hits(2) >= 1).await;
    let midway = summary(&client, created.id).await;
    assert_eq!(midway.status, DatabaseStatus::Generating);
    assert!(midway.rows_total > 0, "page 1 is stored before page 2 is asked for");
    drop(worker); // SIGKILL while it waits for page 2
    tokio::time::sleep(Duration::from_secs(3)).await; // its 2-second lease runs out
    app.run_jobs().await;
    let done = summary(&client, created.id).await;
    assert_eq!(done.status, DatabaseStatus::Ready);
    assert_eq!(fake.hits(1), 1, "page 1 was not fetched again");
    assert_eq!(fake.hits(2), 2);
    assert!(done.rows_total > midway.rows_total);
    assert_eq!(scalar(&app, "SELECT COUNT(*) AS n FROM (SELECT company_id FROM database_rows GROUP BY database_id, company_id HAVING COUNT(*) > 1) d").await, 0);
    assert_eq!(scalar(&app, "SELECT COUNT(*) AS n FROM jobs WHERE state <> 'succeeded'").await, 0);
}

both_databases!(
    a_killed_worker_s_generation_resumes_where_it_stopped,
    agency_admins_grant_credits_and_clients_cannot,
    generation_fills_a_database_from_both_sources,
    preview_masks_contact_values_on_the_server,
    targets_are_checked,
    a_second_client_reuses_fresh_records,
    a_blocked_source_pauses_then_resumes_without_duplicates,
    unlocking_spends_credits_on_the_best_rows_first,
    the_table_filters_sorts_and_caps_pages,
    the_table_counts_follow_every_change,
    the_table_pages_through_cursors_like_counting,
    deleted_rows_stay_restorable_for_thirty_days,
    manual_rows_are_checked_and_private,
    viewing_too_many_rows_pauses_the_table_and_alerts_admins,
    canaries_are_unique_to_each_organisation,
    every_database_function_hides_other_tenants,
    locked_rows_reveal_nothing_through_facts_or_filters,
);

/// A locked row shows its masked values and nothing else: not through its detail panel's facts
/// (SIRET, SIREN, full postcode, street, phone…), nor through the table's filters.
async fn locked_rows_reveal_nothing_through_facts_or_filters(backend: Backend) {
    let app = quick_app(backend).await;
    let client = app.signed_up("lina@toiture.fr", "Toiture Lina").await;
    let db = generated(&app, &client, TOWN).await;
    let db_conn = app.db();
    let row = db_conn
        .query_one(Statement::from_string(
            db_conn.get_database_backend(),
            format!(
                "SELECT r.id, c.siret, c.siren, c.postal_code, c.street, c.phone, c.email, c.website FROM database_rows r \
                 JOIN companies c ON c.id = r.company_id WHERE r.database_id = {} AND r.unlocked_at IS NULL \
                 AND c.siret IS NOT NULL AND c.postal_code IS NOT NULL ORDER BY r.id LIMIT 1",
                db.id
            ),
        ))
        .await
        .unwrap()
        .expect("a locked row with a SIRET and a postcode");
    let id: RowId = row.try_get("", "id").unwrap();
    let secrets: Vec<String> = ["siret", "siren", "postal_code", "street", "phone", "email", "website"]
        .iter()
        .filter_map(|c| row.try_get::<Option<String>>("", c).unwrap())
        .filter(|v| v.len() >= 5)
        .collect();
    let detail: CompanyDetail = client.call("prospecting/company", &[("row_id", &id.to_string())]).await.unwrap();
    assert!(detail.row.locked);
    assert_eq!((detail.siret.as_deref(), detail.siren.as_deref()), (None, None));
    for fact in &detail.facts {
        for secret in &secrets {
            let digits: String = fact.value.chars().filter(char::is_ascii_alphanumeric).collect();
            let secret_digits: String = secret.chars().filter(char::is_ascii_alphanumeric).collect();
            assert!(!digits.contains(&secret_digits), "fact {} shows {secret}: {fact:?}", fact.field);
        }
    }
    // Filtering on the postcode's hidden digits tells nothing: every full postcode sharing the
    // visible prefix gives the same locked rows.
    let postcode: String = row.try_get("", "postal_code").unwrap();
    let locked_with = |code: String| {
        let client = &client;
        async move {
            let page =
                rows(client, db.id, &[("statut", "verrouillees"), ("cp", &code), ("taille", "100")]).await.unwrap();
            page.rows.iter().map(|r| r.id).collect::<Vec<_>>()
        }
    };
    let exact = locked_with(postcode.clone()).await;
    assert!(exact.contains(&id));
    for other in ["00", "99", "50"] {
        let guess = format!("{}{other}", &postcode[..3]);
        assert_eq!(locked_with(guess.clone()).await, exact, "{guess} answers like {postcode}");
    }
}
