//! The database table's query with 100 000 rows in one database, on SQLite and on PostgreSQL:
//! first page, a filtered page, a name search, a deep page, sorted by quality.
//! `cargo bench -p prospecta_server --bench table` (PostgreSQL at PROSPECTA_TEST_PG_URL,
//! default postgres://postgres@127.0.0.1:5432/test) prints p50 / p99 per query shape.

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
        "INSERT INTO prospect_databases (organization_id, name, sector, place_kind, place_code, radius_km, target_label, \
         status, pages_fetched, pages_expected, companies_found, merged, stored, created_at, updated_at) \
         VALUES (1, 'Bench', 'plombier', 'departement', '69', 0, 'Plombier · Rhône', 'ready', 0, 0, 0, 0, 0, '{now}', '{now}')"
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
    tx.execute_unprepared(&format!(
        "INSERT INTO database_rows (organization_id, database_id, company_id, manual, status, added_at) \
         SELECT 1, 1, id, false, 'new', '{now}' FROM companies"
    ))
    .await
    .unwrap();
    tx.commit().await.unwrap();
    // Production tables are analysed by autovacuum; a bulk load is not yet.
    conn.execute_unprepared("ANALYZE").await.unwrap();
    (1, 1)
}

fn filter(search: &str, website: &str, sort: &str, page: u32) -> RowFilter {
    RowFilter::parse(search, "", "", website, "", "", "", "", sort, sort == "quality", page, 50, false)
}

async fn measure(label: &str, service: &ProspectingService, user: &SessionUser, f: RowFilter) {
    let mut samples = Vec::new();
    for i in 0..60 {
        let start = Instant::now();
        let page = service.rows(user, 1, f.clone()).await.expect("rows");
        if i >= 5 {
            samples.push(start.elapsed());
        }
        assert!(!page.rows.is_empty(), "{label}: no rows");
    }
    samples.sort();
    let pct = |p: f64| samples[((samples.len() as f64 * p) as usize).min(samples.len() - 1)];
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!("  {label:<34} p50 {:>7.1} ms   p99 {:>7.1} ms", ms(pct(0.5)), ms(pct(0.99)));
}

async fn run(backend: &str, url: &str) {
    let conn = db::connect_and_migrate(url).await.expect("database");
    let started = Instant::now();
    seed(&conn).await;
    println!("{backend}: {ROWS} rows seeded in {:.1} s", started.elapsed().as_secs_f64());
    let mut config = Config::from_env().expect("config");
    config.database_url = url.to_string();
    config.prospecting.view_limit_per_hour = u32::MAX;
    let service = ProspectingService::new(AppState::new(config, conn));
    let user = SessionUser {
        user_id: 1,
        organization_id: 1,
        organization_name: "Bench".into(),
        email: "bench@prospecta.fr".into(),
        first_name: "B".into(),
        last_name: "B".into(),
        role: OrgRole::Owner,
        is_admin: false,
        email_verified: true,
    };
    measure("first page, by name", &service, &user, filter("", "", "name", 1)).await;
    measure("with website, by quality", &service, &user, filter("", "oui", "quality", 1)).await;
    measure("search \"dupont\"", &service, &user, filter("dupont", "", "name", 1)).await;
    measure("page 1000 of 2000", &service, &user, filter("", "", "name", 1000)).await;
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
