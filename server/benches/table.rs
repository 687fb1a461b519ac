//! The database table's query with 100 000 rows in one database, on SQLite and on PostgreSQL:
//! every sort (both directions), every filter, deep pages, the bin.
//! `cargo bench -p prospecta_server --bench table` (PostgreSQL at PROSPECTA_TEST_PG_URL,
//! default postgres://postgres@127.0.0.1:5432/test) prints p50 / p99 per query shape: warm (the
//! count of the filter cached, as when paging through it) and cold (a new filter: the count is
//! computed).

use prospecta_app::prospecting::port::Prospecting;
use prospecta_server::config::Config;
use prospecta_server::prospecting::ProspectingService;
use prospecta_server::state::AppState;
use prospecta_server::{db, install_crypto_provider};
use prospecta_shared::accounts::{OrgRole, SessionUser};
use prospecta_shared::prospecting::RowFilter;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, TransactionTrait};
use std::time::{Duration, Instant};

const ROWS: usize = 100_000;
const WORDS: &[&str] = &["Plomberie", "Chauffage", "Dupont", "Martin", "Atelier", "Services", "Sanitaire", "Bernard"];

async fn seed(conn: &DatabaseConnection) -> (i64, i64) {
    let now = "2026-11-25T10:00:00+00:00";
    conn.execute_unprepared(&format!("INSERT INTO organizations (name, created_at) VALUES ('Bench', '{now}')"))
        .await
        .unwrap();
    conn.execute_unprepared(&format!(
        "INSERT INTO users (organization_id, email, password_hash, first_name, last_name, role, is_admin, created_at) \
         VALUES (1, 'bench@prospecta.fr', 'x', 'B', 'B', 'owner', false, '{now}')"
    ))
    .await
    .unwrap();
    conn.execute_unprepared(&format!(
        "INSERT INTO offers (organization_id, position, name, tone, objective_kind, created_at, updated_at) \
         VALUES (1, 1, 'Bench', 'warm', 'meeting', '{now}', '{now}')"
    ))
    .await
    .unwrap();
    conn.execute_unprepared(&format!(
        "INSERT INTO prospect_databases (organization_id, offer_id, name, sector, place_kind, place_code, radius_km, target_label, \
         status, pages_fetched, pages_expected, companies_found, merged, stored, created_at, updated_at) \
         VALUES (1, 1, 'Bench', 'plombier', 'departement', '69', 0, 'Plombier · Rhône', 'ready', 0, 0, 0, 0, 0, '{now}', '{now}')"
    ))
    .await
    .unwrap();
    let tx = conn.begin().await.unwrap();
    for chunk in (0..ROWS).collect::<Vec<_>>().chunks(1000) {
        let companies: Vec<String> = chunk
            .iter()
            .map(|i| {
                let name = format!("{} {} {i}", WORDS[i % WORDS.len()], WORDS[(i / 7) % WORDS.len()]);
                let site = if i % 3 == 0 { "NULL".to_string() } else { format!("'https://www.c{i}.fr/'") };
                let email = if i % 4 == 0 { format!("'contact@c{i}.fr'") } else { "NULL".into() };
                let quality = 30 * i32::from(i % 3 != 0) + 40 * i32::from(i % 4 == 0) + 30;
                format!(
                    "('k{i}', '{name}', '{}', '{} rue de la République', '69{:03}', 'Lyon', '+3347{:07}', {site}, {email}, \
                     {quality}, false, '{now}', '{now}')",
                    name.to_lowercase(),
                    i % 200,
                    i % 1000,
                    i
                )
            })
            .collect();
        tx.execute_unprepared(&format!(
            "INSERT INTO companies (dedup_key, name, normalized_name, street, postal_code, city, phone, website, email, \
             quality, marketing_opposition, first_seen_at, refreshed_at) VALUES {}",
            companies.join(",")
        ))
        .await
        .unwrap();
    }
    // In the bin since this morning, whatever the day the bench runs.
    let deleted = chrono::Utc::now().to_rfc3339();
    let timestamp = |text: &str| match conn.get_database_backend() {
        sea_orm::DbBackend::Postgres => format!("'{text}'::timestamptz"),
        _ => format!("'{text}'"),
    };
    let (unlocked_at, deleted_at) = (timestamp(now), timestamp(&deleted));
    // The rows carry their company's sort and filter keys, as `rows::add_rows` writes them; one
    // in ten is unlocked, one in a hundred is in the bin.
    tx.execute_unprepared(&format!(
        "INSERT INTO database_rows (organization_id, database_id, company_id, manual, status, added_at, unlocked_at, \
         deleted_at, sort_name, city_key, postal_code, has_website, has_email, has_phone, quality) \
         SELECT 1, 1, id, false, 'new', '{now}', CASE WHEN id % 10 = 0 THEN {unlocked_at} END, \
         CASE WHEN id % 100 = 7 THEN {deleted_at} END, normalized_name, COALESCE(LOWER(city), ''), postal_code, \
         website IS NOT NULL, email IS NOT NULL, phone IS NOT NULL, quality FROM companies"
    ))
    .await
    .unwrap();
    tx.commit().await.unwrap();
    // Production tables are vacuumed and analysed by autovacuum; a bulk load is not yet.
    let maintenance = match conn.get_database_backend() {
        sea_orm::DbBackend::Postgres => "VACUUM ANALYZE",
        _ => "ANALYZE",
    };
    conn.execute_unprepared(maintenance).await.unwrap();
    (1, 1)
}

/// One query shape: a label and the filter the table's URL would carry; `stepped`: the page
/// is reached from the one before ("Page suivante", which follows that page's cursor) rather
/// than by a jump.
struct Shape {
    label: &'static str,
    filter: RowFilter,
    stepped: bool,
}

fn shape(label: &'static str, edit: impl FnOnce(&mut RowFilter)) -> Shape {
    let mut filter = RowFilter::default();
    edit(&mut filter);
    Shape { label, filter, stepped: false }
}

fn stepped(label: &'static str, edit: impl FnOnce(&mut RowFilter)) -> Shape {
    Shape { stepped: true, ..shape(label, edit) }
}

fn shapes() -> Vec<Shape> {
    use prospecta_shared::prospecting::RowSort;
    vec![
        shape("by name", |_| {}),
        shape("by name, descending", |f| f.descending = true),
        shape("by city", |f| f.sort = RowSort::City),
        shape("by quality, descending", |f| (f.sort, f.descending) = (RowSort::Quality, true)),
        shape("by date added", |f| f.sort = RowSort::Added),
        shape("search \"dupont\"", |f| f.search = "dupont".into()),
        shape("search with no match", |f| f.search = "zzz".into()),
        shape("city \"lyon\"", |f| f.city = "lyon".into()),
        shape("postcode 69012", |f| f.postal_code = "69012".into()),
        shape("with site, by quality", |f| {
            (f.has_website, f.sort, f.descending) = (Some(true), RowSort::Quality, true)
        }),
        shape("with e-mail", |f| f.has_email = Some(true)),
        shape("without e-mail", |f| f.has_email = Some(false)),
        shape("with phone", |f| f.has_phone = Some(true)),
        shape("unlocked only", |f| f.unlocked = Some(true)),
        shape("quality >= 70", |f| f.min_quality = 70),
        shape("page 1 000 of 1 980, jump", |f| f.page = 1000),
        shape("last page (1 980), jump", |f| f.page = 1980),
        stepped("page 1 000, next", |f| f.page = 1000),
        shape("with site, page 700 of 1 320, jump", |f| (f.has_website, f.page) = (Some(true), 700)),
        stepped("with site, page 700, next", |f| (f.has_website, f.page) = (Some(true), 700)),
        stepped("with site, page 700, previous", |f| (f.has_website, f.page) = (Some(true), 700)),
        shape("the bin", |f| f.deleted = true),
    ]
}

fn percentiles(mut samples: Vec<Duration>) -> (f64, f64) {
    samples.sort();
    let pct = |p: f64| samples[((samples.len() as f64 * p) as usize).min(samples.len() - 1)].as_secs_f64() * 1e3;
    (pct(0.5), pct(0.99))
}

/// Warm: the same service answers again and again (its count cache holds the filter's count).
/// Cold: a new service each time, so the count is computed.
async fn measure(app: &AppState, user: &SessionUser, s: &Shape) {
    let warm_service = ProspectingService::new(app.clone());
    let mut filter = s.filter.clone();
    if s.stepped {
        // The page the visitor comes from: the one before (next) or after (previous).
        let backwards = s.label.ends_with("previous");
        let from_page = if backwards { filter.page + 1 } else { filter.page - 1 };
        let from = RowFilter { page: from_page, ..filter.clone() };
        let shown = warm_service.rows(user, prospecta_shared::ids::DatabaseId(1), from.clone()).await.expect("rows");
        filter = from.at_page(filter.page, Some(&shown));
        assert!(filter.after.is_some() || filter.before.is_some(), "{}: a cursor", s.label);
    }
    let s = &Shape { label: s.label, filter, stepped: s.stepped };
    let mut warm = Vec::new();
    let mut cold = Vec::new();
    for i in 0..60 {
        let start = Instant::now();
        let page = warm_service.rows(user, prospecta_shared::ids::DatabaseId(1), s.filter.clone()).await.expect("rows");
        if i >= 5 {
            warm.push(start.elapsed());
        }
        assert!(!page.rows.is_empty() || s.label.contains("no match"), "{}: no rows", s.label);
    }
    for _ in 0..30 {
        let service = ProspectingService::new(app.clone());
        let start = Instant::now();
        service.rows(user, prospecta_shared::ids::DatabaseId(1), s.filter.clone()).await.expect("rows");
        cold.push(start.elapsed());
    }
    let ((w50, w99), (c50, c99)) = (percentiles(warm), percentiles(cold));
    println!("  {:<30} warm p50 {w50:>6.1} ms  p99 {w99:>6.1} ms   cold p50 {c50:>6.1} ms  p99 {c99:>6.1} ms", s.label);
}

async fn run(backend: &str, url: &str) {
    let conn = db::connect_and_migrate(url).await.expect("database");
    let started = Instant::now();
    seed(&conn).await;
    println!("{backend}: {ROWS} rows seeded in {:.1} s", started.elapsed().as_secs_f64());
    let mut config = Config::from_env().expect("config");
    config.database_url = url.to_string();
    config.prospecting.view_limit_per_hour = u32::MAX;
    let app = AppState::new(config, conn);
    let user = SessionUser {
        user_id: prospecta_shared::ids::UserId(1),
        organization_id: prospecta_shared::ids::OrgId(1),
        organization_name: "Bench".into(),
        email: "bench@prospecta.fr".into(),
        first_name: "B".into(),
        last_name: "B".into(),
        role: OrgRole::Owner,
        is_admin: false,
        email_verified: true,
    };
    for s in shapes() {
        measure(&app, &user, &s).await;
    }
}

#[tokio::main]
async fn main() {
    install_crypto_provider();
    let file = std::env::temp_dir().join(format!("prospecta-bench-{}.db", std::process::id()));
    run("SQLite", &format!("sqlite://{}?mode=rwc", file.display())).await;
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
    }
    let admin_url =
        std::env::var("PROSPECTA_TEST_PG_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
    let name = format!("prospecta_bench_{}", std::process::id());
    let admin = Database::connect(&admin_url).await.expect("PostgreSQL");
    admin.execute_unprepared(&format!("CREATE DATABASE \"{name}\"")).await.unwrap();
    let url = format!("{}/{name}", &admin_url[..admin_url.rfind('/').unwrap()]);
    run("PostgreSQL", &url).await;
    admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)")).await.unwrap();
}
