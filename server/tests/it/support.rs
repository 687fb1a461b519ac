//! `TestApp`: the real server on port 0, over a fresh database of either backend, with a
//! client that speaks to server functions like the browser does.

use prospecta_server::config::{
    AuthConfig, Config, EnrichmentConfig, JobsConfig, LimitsConfig, MailTransport, Mode, OutreachConfig,
    ProspectingConfig,
};
use prospecta_server::jobs::run_pending_jobs;
use prospecta_server::limits::Limit;
use prospecta_server::state::AppState;
use prospecta_server::trusted_proxies::TrustedProxies;
use prospecta_server::{db, install_crypto_provider, web};
use prospecta_shared::AppError;
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, HeaderValue};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use serde::de::DeserializeOwned;
use std::net::SocketAddr;
use std::time::Duration;

/// Runs one async test body on SQLite and on PostgreSQL: `both_databases!(my_test);` makes
/// `my_test::sqlite` and `my_test::postgres`. The PostgreSQL twin fails (never skips) when the
/// server is missing.
#[macro_export]
macro_rules! both_databases {
    ($($test:ident),* $(,)?) => {$(
        mod $test {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$test($crate::support::Backend::Sqlite).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                super::$test($crate::support::Backend::Postgres).await
            }
        }
    )*};
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

fn pg_admin_url() -> String {
    std::env::var("PROSPECTA_TEST_PG_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

/// A database that exists for one test and is removed after it.
pub struct TestDb {
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    File(std::path::PathBuf),
    PgDatabase(String),
}

impl TestDb {
    pub async fn create(backend: Backend) -> TestDb {
        let name = format!("prospecta_t_{}", uuid::Uuid::new_v4().simple());
        match backend {
            Backend::Sqlite => {
                let path = std::env::temp_dir().join(format!("{name}.db"));
                TestDb { url: format!("sqlite://{}?mode=rwc", path.display()), cleanup: Cleanup::File(path) }
            }
            Backend::Postgres => {
                let admin = Database::connect(pg_admin_url()).await.expect(
                    "PostgreSQL must be running at PROSPECTA_TEST_PG_URL (default 127.0.0.1:5432, database test)",
                );
                admin.execute_unprepared(&format!("CREATE DATABASE \"{name}\"")).await.expect("create test database");
                admin.close().await.ok();
                let base = pg_admin_url();
                let url = format!("{}/{name}", &base[..base.rfind('/').expect("database in URL")]);
                TestDb { url, cleanup: Cleanup::PgDatabase(name) }
            }
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        match &self.cleanup {
            Cleanup::File(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
            Cleanup::PgDatabase(name) => {
                let name = name.clone();
                // Drop runs inside the test's runtime: use a thread with its own.
                let _ = std::thread::spawn(move || {
                    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
                    rt.block_on(async {
                        if let Ok(admin) = Database::connect(pg_admin_url()).await {
                            let _ = admin
                                .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                                .await;
                            let _ = admin.close().await;
                        }
                    })
                })
                .join();
            }
        }
    }
}

pub fn test_config(database_url: &str, bind: SocketAddr) -> Config {
    Config {
        mode: Mode::Sandbox,
        database_url: database_url.to_string(),
        bind,
        public_url: format!("http://{bind}"),
        site_root: "target/site".into(),
        mail: MailTransport::Sink,
        mail_from: "Prospecta <bonjour@prospecta.fr>".into(),
        jobs: JobsConfig { lease: Duration::from_secs(30), poll_interval: Duration::from_millis(50), concurrency: 2 },
        auth: AuthConfig {
            session_ttl: Duration::from_secs(3600),
            max_failures: 5,
            failure_window: Duration::from_secs(900),
            reset_link_ttl: Duration::from_secs(3600),
            invitation_ttl: Duration::from_secs(7 * 24 * 3600),
            verification_link_ttl: Duration::from_secs(48 * 3600),
        },
        // The production default: no proxy trusted, the peer is the client. Tests that speak
        // from several "IPs" trust loopback explicitly (`trust_loopback_proxy`).
        trusted_proxies: TrustedProxies::default(),
        // Every test client connects from 127.0.0.1: the sign-up limit would stop most tests
        // after five organisations; its own test sets it back.
        limits: LimitsConfig { signups_per_ip: Limit::per_hour(10_000), ..LimitsConfig::default() },
        prospecting: ProspectingConfig::sandbox(&format!("http://{bind}")),
        // Most tests are about something else: the enrichment tests turn it on.
        enrichment: EnrichmentConfig { enabled: false, ..EnrichmentConfig::sandbox(&format!("http://{bind}")) },
        // The sandbox's simulated model, served by the test's own server; short pauses between
        // attempts so the retry tests stay quick.
        llm: Some(prospecta_server::llm::LlmSettings::sandbox(&format!("http://{bind}"))),
        opposition_secret: "test-opposition-secret-0123456789abcdef".into(),
        opposition_hash_key: "test-opposition-hash-key-0123456789abcdef".into(),
        outreach: OutreachConfig::sandbox(),
        // The sandbox's simulated web and the tests' servers are on loopback.
        net: prospecta_server::net::NetPolicy::permissive(),
        metrics_bind: None,
        tutorial_video: None,
        inbound_mail_token: Some(INBOUND_MAIL_TOKEN.into()),
        mailbox_secret_key: "test-mailbox-secret-key-0123456789abcdef".into(),
        // The sandbox's simulated Mollie, served by the test's own server.
        billing: prospecta_server::config::BillingConfig::sandbox(&format!("http://{bind}")),
    }
}

/// For `TestApp::start_with`: the test clients' connection (loopback) is our own proxy, so their
/// `X-Forwarded-For` names the client, and `client_from` speaks from distinct IPs.
pub fn trust_loopback_proxy(config: &mut Config) {
    config.trusted_proxies = TrustedProxies::parse("127.0.0.1/32, ::1/128").expect("loopback");
}

pub struct TestApp {
    pub base: String,
    pub state: AppState,
    pub database: TestDb,
}

impl TestApp {
    pub async fn start(backend: Backend) -> TestApp {
        Self::start_with(backend, |_| {}).await
    }

    pub async fn start_with(backend: Backend, tweak: impl FnOnce(&mut Config)) -> TestApp {
        install_crypto_provider();
        let database = TestDb::create(backend).await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let mut config = test_config(&database.url, addr);
        tweak(&mut config);
        let conn = db::connect_and_migrate(&database.url).await.expect("migrate");
        let state = AppState::new(config, conn);
        let router = web::router(state.clone());
        tokio::spawn(async move {
            axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>()).await.expect("serve");
        });
        TestApp { base: format!("http://{addr}"), state, database }
    }

    pub fn db(&self) -> &DatabaseConnection {
        &self.state.db
    }

    /// A browser-like client: its own cookie jar and IP, no redirect following (tests look at
    /// redirects themselves).
    pub fn client(&self) -> Client {
        self.client_from("203.0.113.10")
    }

    pub fn client_from(&self, ip: &str) -> Client {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", HeaderValue::from_str(ip).expect("ip"));
        let http = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .default_headers(headers)
            // A server that stops answering fails the test instead of hanging the whole run.
            .timeout(std::time::Duration::from_secs(120))
            .build()
            .expect("client");
        Client { http, base: self.base.clone() }
    }

    pub async fn run_jobs(&self) -> usize {
        run_pending_jobs(&self.state, &prospecta_server::wiring::registry()).await.expect("run jobs")
    }

    /// Sign up a new organisation, confirm its owner's address (which grants the trial) and
    /// return the owner's signed-in client.
    pub async fn signed_up(&self, email: &str, company: &str) -> Client {
        let client = self.signed_up_unverified(email, company).await;
        self.verify_email_of(&client, email).await;
        client
    }

    /// Confirm `email` through the real link endpoint, with a link made for the test (the
    /// mailed one only exists once the mail job ran, and running jobs here would run the
    /// test's other jobs too).
    pub async fn verify_email_of(&self, client: &Client, email: &str) {
        use prospecta_server::accounts::entities::{email_verification, user};
        use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
        let u = user::Entity::find().filter(user::Column::Email.eq(email)).one(self.db()).await.unwrap().expect("user");
        let token = format!("test-{}", uuid::Uuid::new_v4().simple());
        let now = chrono::Utc::now();
        email_verification::ActiveModel {
            user_id: Set(u.id),
            token_hash: Set(prospecta_server::accounts::token_hash(&token)),
            created_at: Set(now),
            expires_at: Set(now + chrono::Duration::hours(1)),
            used_at: Set(None),
            ..Default::default()
        }
        .insert(self.db())
        .await
        .expect("verification link");
        client.call::<()>("accounts/verify-email", &[("token", &token)]).await.expect("verify e-mail");
    }

    /// Sign up without confirming the address: no trial, nothing that spends.
    pub async fn signed_up_unverified(&self, email: &str, company: &str) -> Client {
        let client = self.client_from(&format!("198.51.100.{}", email.len() % 250));
        client
            .call::<()>(
                "accounts/signup",
                &[
                    ("email", email),
                    ("password", PASSWORD),
                    ("company", company),
                    ("first_name", "Camille"),
                    ("last_name", "Martin"),
                ],
            )
            .await
            .expect("sign-up");
        client
    }

    pub async fn count(&self, table: &str) -> i64 {
        let row = self
            .db()
            .query_one(sea_orm::Statement::from_string(
                self.db().get_database_backend(),
                format!("SELECT COUNT(*) AS n FROM {table}"),
            ))
            .await
            .expect("count")
            .expect("row");
        row.try_get::<i64>("", "n").expect("n")
    }
}

pub const PASSWORD: &str = "correct-cheval-agrafe";

/// The token of the newest sandbox mail to `to` whose link goes to `path` (`/invitation`…),
/// after running the pending jobs (the mail job among them).
pub async fn mailed_token(app: &TestApp, to: &str, path: &str) -> String {
    use prospecta_server::mail::sink;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    app.run_jobs().await;
    let marker = format!("{path}?jeton=");
    let mail = sink::Entity::find()
        .filter(sink::Column::ToAddress.eq(to))
        .filter(sink::Column::BodyText.contains(&marker))
        .order_by_desc(sink::Column::Id)
        .one(app.db())
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("no mail to {to} with a {path} link"));
    let start = mail.body_text.find(&marker).expect("link") + marker.len();
    mail.body_text[start..].split_whitespace().next().unwrap().to_string()
}

pub struct Client {
    pub http: reqwest::Client,
    pub base: String,
}

impl Client {
    /// Call a server function the way the hydrated app does (form-encoded, JSON back).
    pub async fn call<T: DeserializeOwned>(&self, endpoint: &str, form: &[(&str, &str)]) -> Result<T, AppError> {
        let request = self.http.post(format!("{}/api/{endpoint}", self.base)).form(form);
        answer(endpoint, request).await
    }

    /// Call a server function that takes JSON (`input = Json`), as the hydrated app does.
    pub async fn call_json<T: DeserializeOwned>(
        &self,
        endpoint: &str,
        body: &serde_json::Value,
    ) -> Result<T, AppError> {
        let request = self.http.post(format!("{}/api/{endpoint}", self.base)).json(body);
        answer(endpoint, request).await
    }

    pub async fn get(&self, path: &str) -> (StatusCode, String, HeaderMap) {
        let response = self.http.get(format!("{}{path}", self.base)).send().await.expect("get");
        let (status, headers) = (response.status(), response.headers().clone());
        (status, response.text().await.expect("body"), headers)
    }
}

/// A server function's answer: its value, or the `AppError` it returned.
async fn answer<T: DeserializeOwned>(endpoint: &str, request: reqwest::RequestBuilder) -> Result<T, AppError> {
    let response = request.header("accept", "application/json").send().await.expect("request");
    let status = response.status();
    let body = response.text().await.expect("body");
    if status.is_success() {
        Ok(serde_json::from_str(&body).unwrap_or_else(|e| panic!("{endpoint}: cannot read {body:?}: {e}")))
    } else {
        Err(serde_json::from_str(&body).unwrap_or_else(|e| panic!("{endpoint}: {status} {body:?}: {e}")))
    }
}

/// The tenant-isolation check every capability applies to its server functions: a user of
/// another organisation calling `endpoint` with `form` (naming organisation A's data) gets
/// not-found — the same answer as for an id that does not exist, so ids leak nothing — and the
/// call changes nothing in the database.
pub async fn assert_hidden_from_other_tenant(app: &TestApp, outsider: &Client, endpoint: &str, form: &[(&str, &str)]) {
    let before = database_fingerprint(app.db()).await;
    let result = outsider.call::<serde_json::Value>(endpoint, form).await;
    assert_eq!(result, Err(AppError::NotFound), "{endpoint} must answer not-found to another organisation");
    let after = database_fingerprint(app.db()).await;
    let changed: Vec<&String> = after.keys().filter(|table| before.get(*table) != after.get(*table)).collect();
    assert!(changed.is_empty(), "{endpoint} called by another organisation changed {changed:?}");
}

/// Tables that record the caller's own activity (its session, its counters, its views), not
/// anybody's data: a refused call may touch them.
const BOOKKEEPING_TABLES: &[&str] =
    &["sessions", "login_attempts", "row_views", "reveal_audit", "host_slots", "seaql_migrations"];

/// Per table: row count and a digest of every row's content, on either backend.
pub async fn database_fingerprint(db: &DatabaseConnection) -> std::collections::BTreeMap<String, (i64, String)> {
    use sea_orm::{DbBackend, Statement};
    let backend = db.get_database_backend();
    let query = |sql: String| db.query_all(Statement::from_string(backend, sql));
    let tables_sql = match backend {
        DbBackend::Postgres => "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'",
        _ => "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    };
    let tables: Vec<String> = query(tables_sql.to_string())
        .await
        .expect("list tables")
        .iter()
        .map(|r| r.try_get::<String>("", "name").expect("name"))
        .filter(|t| !BOOKKEEPING_TABLES.contains(&t.as_str()) && !t.contains("rate_limit"))
        .collect();
    let mut out = std::collections::BTreeMap::new();
    for table in tables {
        let sql = match backend {
            DbBackend::Postgres => format!(
                "SELECT COUNT(*) AS n, COALESCE(md5(string_agg(t::text, ';' ORDER BY t::text)), '') AS h FROM \"{table}\" t"
            ),
            _ => {
                let columns: Vec<String> = query(format!("SELECT name FROM pragma_table_info('{table}')"))
                    .await
                    .expect("columns")
                    .iter()
                    .map(|r| format!("quote(\"{}\")", r.try_get::<String>("", "name").expect("column")))
                    .collect();
                format!(
                    "SELECT COUNT(*) AS n, COALESCE(group_concat(line, ';'), '') AS h FROM \
                     (SELECT {} AS line FROM \"{table}\" ORDER BY 1)",
                    columns.join(" || ',' || ")
                )
            }
        };
        let row = query(sql).await.expect("fingerprint").into_iter().next().expect("one row");
        out.insert(table, (row.try_get::<i64>("", "n").expect("n"), row.try_get::<String>("", "h").expect("h")));
    }
    out
}

/// A campaign's draft on one database: two variants, a follow-up, a sender, every day open.
pub fn campaign_draft(database_id: prospecta_shared::ids::DatabaseId) -> serde_json::Value {
    serde_json::json!({
        "name": "Plombiers de Villeurbanne",
        "database_ids": [database_id],
        "variants": [
            {"subject": "Partenariat", "body": "Bonjour {{societe}}, nous aidons les artisans de {{ville}}. Seriez-vous disponible pour en parler ?"},
            {"subject": "", "body": "Bonjour, je travaille avec des entreprises du secteur {{secteur}}. Un échange de 10 minutes vous intéresserait-il ?"}
        ],
        "follow_up": {"subject": "", "body": "Je me permets de relancer {{societe}} : avez-vous pu lire mon message ?"},
        "sender": {
            "first_name": "Camille", "last_name": "Martin", "company": "Atelier Martin",
            "email": "camille@atelier-martin.fr", "phone": "06 12 34 56 78",
            "address": "12 rue de la République 69002 Lyon", "website": "https://atelier-martin.fr"
        },
        "window": {"days": [true, true, true, true, true, true, true], "start_hour": 0, "end_hour": 24, "skip_holidays": false},
        "daily_pace": 500,
        "follow_up_days": 7
    })
}

/// The benches' set-up: a database of Villeurbanne's plumbers generated on the simulated web,
/// its best `unlock` rows unlocked, and a campaign on it (not started).
#[allow(dead_code)]
pub async fn plumbers_campaign(app: &TestApp, client: &Client, unlock: u32) -> prospecta_shared::ids::CampaignId {
    let form = database_target("69266", "Plombiers");
    let database: prospecta_shared::prospecting::DatabaseSummary =
        client.call("prospecting/create", &form).await.expect("create database");
    app.run_jobs().await;
    let id = database.id.to_string();
    let _: serde_json::Value = client
        .call("prospecting/unlock", &[("database_id", &id), ("count", &unlock.to_string())])
        .await
        .expect("unlock");
    let created: prospecta_shared::campaigns::CampaignSummary = client
        .call_json("campaigns/create", &serde_json::json!({ "draft": campaign_draft(database.id) }))
        .await
        .expect("create campaign");
    created.id
}

/// The one number a query returns as `n`.
/// The token the tests' mail provider presents to the inbound webhook.
pub const INBOUND_MAIL_TOKEN: &str = "test-inbound-mail-token-0123456789abcdef";

pub async fn scalar(app: &TestApp, sql: &str) -> i64 {
    let db = app.db();
    let row = db
        .query_one(sea_orm::Statement::from_string(db.get_database_backend(), sql.to_string()))
        .await
        .unwrap()
        .unwrap();
    row.try_get::<i64>("", "n").unwrap()
}

/// A text column `t` of a query's first row.
pub async fn scalar_text(app: &TestApp, sql: &str) -> String {
    let db = app.db();
    let row = db
        .query_one(sea_orm::Statement::from_string(db.get_database_backend(), sql.to_string()))
        .await
        .unwrap()
        .unwrap();
    row.try_get::<String>("", "t").unwrap()
}

/// Run one statement written for the test.
pub async fn exec(app: &TestApp, sql: &str) {
    let db = app.db();
    db.execute(sea_orm::Statement::from_string(db.get_database_backend(), sql.to_string())).await.expect(sql);
}

/// The form of a database of plumbers in one commune (its INSEE code), named `name`.
pub fn database_target<'a>(insee: &'a str, name: &'a str) -> Vec<(&'static str, &'a str)> {
    vec![
        ("sector", "plombier"),
        ("naf_code", "43.22A"),
        ("place_kind", "commune"),
        ("place_code", insee),
        ("radius_km", "0"),
        ("name", name),
    ]
}
