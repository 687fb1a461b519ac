//! The real source clients against local HTTP servers speaking each source's wire format:
//! PagesJaunes pages from the fixtures (pagination, no results, anti-bot page, 429, 500, a
//! server that never answers), and the state's company API.

use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use prospecta_server::net::{Guard, NetPolicy};
use prospecta_server::prospecting::sources::open_data::OpenData;
use prospecta_server::prospecting::sources::pagesjaunes::PagesJaunes;
use prospecta_server::prospecting::sources::{HostThrottle, Source, SourceError, http_client};

/// The local servers of these tests are on loopback.
fn local_guard() -> Guard {
    Guard::system(NetPolicy::permissive())
}
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub fn fixture(name: &str) -> String {
    let dir: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/fixtures/pagesjaunes");
    std::fs::read_to_string(dir.join(name))
        .unwrap_or_else(|e| panic!("fixture {name} missing ({e}): shared/ must sit beside the repository"))
}

/// What the fake PagesJaunes answers, page by page; every request is counted.
#[derive(Clone, Default)]
pub struct FakePj {
    /// page number → scripted answers, consumed in order; the last one repeats.
    pub script: Arc<Mutex<HashMap<u32, Vec<Answer>>>>,
    pub hits: Arc<Mutex<HashMap<u32, u32>>>,
}

#[derive(Clone)]
pub enum Answer {
    Page(&'static str),
    Status(u16, Option<&'static str>),
    Hang,
}

impl FakePj {
    pub fn with(pages: &[(u32, Vec<Answer>)]) -> Self {
        let fake = FakePj::default();
        fake.script.lock().unwrap().extend(pages.iter().cloned());
        fake
    }

    pub fn hits(&self, page: u32) -> u32 {
        self.hits.lock().unwrap().get(&page).copied().unwrap_or(0)
    }

    /// Serve on a random port; returns the base URL.
    pub async fn serve(self) -> String {
        async fn search(State(fake): State<FakePj>, Query(q): Query<HashMap<String, String>>) -> Response {
            let page: u32 = q.get("page").and_then(|p| p.parse().ok()).unwrap_or(1);
            *fake.hits.lock().unwrap().entry(page).or_default() += 1;
            let answer = {
                let mut script = fake.script.lock().unwrap();
                match script.get_mut(&page) {
                    Some(list) if list.len() > 1 => list.remove(0),
                    Some(list) if !list.is_empty() => list[0].clone(),
                    _ => Answer::Page("no-results.html"),
                }
            };
            match answer {
                Answer::Page(file) => ([("content-type", "text/html; charset=utf-8")], fixture(file)).into_response(),
                Answer::Status(code, retry_after) => {
                    let mut headers = HeaderMap::new();
                    if let Some(r) = retry_after {
                        headers.insert("retry-after", r.parse().unwrap());
                    }
                    (StatusCode::from_u16(code).unwrap(), headers, "refused").into_response()
                }
                Answer::Hang => {
                    tokio::time::sleep(Duration::from_secs(30)).await;
                    "too late".into_response()
                }
            }
        }
        let app = Router::new().route("/annuaire/chercherlespros", get(search)).with_state(self);
        serve(app).await
    }
}

pub async fn serve(app: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}")
}

fn pj(base: &str, timeout: Duration) -> PagesJaunes {
    PagesJaunes::new(base, http_client(timeout, &local_guard()), HostThrottle::local(), Duration::from_millis(5))
}

#[tokio::test]
async fn pagesjaunes_follows_pagination_to_the_last_page() {
    let fake = FakePj::with(&[
        (1, vec![Answer::Page("plombier-lyon-p1.html")]),
        (2, vec![Answer::Page("plombier-lyon-p2.html")]),
    ]);
    let base = fake.clone().serve().await;
    let source = pj(&base, Duration::from_secs(5));
    let first = source.fetch(&source.place_url("plombier", "Lyon")).await.expect("page 1");
    assert_eq!(first.companies.len(), 18);
    assert_eq!(first.total_results, Some(25));
    let next = first.next_url.clone().expect("a next page");
    assert!(next.starts_with(&base) && next.contains("page=2"), "next page on the same site: {next}");
    let second = source.fetch(&next).await.expect("page 2");
    assert_eq!(second.companies.len(), 7);
    assert_eq!(second.next_url, None, "page 2 is the last");
    let c = &first.companies[0];
    assert!(
        c.phones.iter().all(|p| p.as_str().starts_with("+33") && p.as_str().len() == 12),
        "E.164 phones: {:?}",
        c.phones
    );
    assert!(c.pj_id.as_ref().is_some_and(|id| id.len() == 8));
    assert_eq!((fake.hits(1), fake.hits(2)), (1, 1));
}

#[tokio::test]
async fn pagesjaunes_reports_no_results_blocked_and_outages_as_such() {
    let fake = FakePj::with(&[
        (1, vec![Answer::Page("no-results.html")]),
        (2, vec![Answer::Page("blocked.html")]),
        (3, vec![Answer::Status(429, Some("120"))]),
        (4, vec![Answer::Status(503, None)]),
        (5, vec![Answer::Hang]),
        (6, vec![Answer::Status(403, None)]),
    ]);
    let base = fake.serve().await;
    let source = pj(&base, Duration::from_secs(2));
    let url = |page: u32| format!("{base}/annuaire/chercherlespros?quoiqui=plombier&ou=lyon-69&page={page}");

    let none = source.fetch(&url(1)).await.expect("no results is not an error");
    assert!(none.companies.is_empty() && none.next_url.is_none());
    assert_eq!(none.total_results, Some(0));

    let now = chrono::Utc::now();
    match source.fetch(&url(2)).await {
        Err(SourceError::Blocked { retry_at }) => assert!(retry_at > now + chrono::Duration::minutes(5)),
        other => panic!("anti-bot page must be Blocked, got {other:?}"),
    }
    match source.fetch(&url(3)).await {
        Err(SourceError::Blocked { retry_at }) => {
            let wait = (retry_at - now).num_seconds();
            assert!((110..=130).contains(&wait), "Retry-After honoured: {wait}s");
        }
        other => panic!("429 must be Blocked, got {other:?}"),
    }
    assert!(matches!(source.fetch(&url(4)).await, Err(SourceError::Unavailable { .. })));
    let started = std::time::Instant::now();
    assert!(matches!(source.fetch(&url(5)).await, Err(SourceError::Unavailable { .. })), "a hung server times out");
    assert!(started.elapsed() < Duration::from_secs(10));
    assert!(matches!(source.fetch(&url(6)).await, Err(SourceError::Blocked { .. })));
}

#[tokio::test]
async fn the_host_throttle_spaces_requests_to_one_host() {
    let throttle = HostThrottle::local();
    let interval = Duration::from_millis(200);
    let mut slots = Vec::new();
    for _ in 0..4 {
        slots.push(throttle.reserve("www.pagesjaunes.fr", interval).await.unwrap());
    }
    for pair in slots.windows(2) {
        let gap = pair[1] - pair[0];
        assert!((160..=240).contains(&gap), "one request per interval ±20 %: {gap} ms");
    }
    // Another host is not held back by the first one.
    let other = throttle.reserve("recherche-entreprises.api.gouv.fr", interval).await.unwrap();
    assert!(other < slots[1]);
}

/// Two establishments of the real API's shape: one open, one closed (dropped), and a company
/// ceased altogether (dropped).
const OPEN_DATA_PAGE: &str = r#"{
  "results": [
    {"siren": "812345676", "nom_complet": "DUPONT PLOMBERIE (DUPONT & FILS)", "nom_raison_sociale": "DUPONT PLOMBERIE",
     "etat_administratif": "A", "activite_principale": "43.22A", "tranche_effectif_salarie": "03",
     "date_creation": "2012-05-14", "siege": {"siret": "81234567600017", "adresse": "4 RUE DES ALOUETTES 69008 LYON",
       "code_postal": "69008", "commune": "69388", "libelle_commune": "LYON", "etat_administratif": "A"},
     "matching_etablissements": [
       {"siret": "81234567600017", "adresse": "4 RUE DES ALOUETTES 69008 LYON", "code_postal": "69008",
        "commune": "69388", "libelle_commune": "LYON", "etat_administratif": "A", "activite_principale": "43.22A",
        "liste_enseignes": ["DUPONT & FILS"], "est_siege": true, "date_creation": "2012-05-14",
        "tranche_effectif_salarie": "03", "latitude": "45.735", "longitude": "4.869"},
       {"siret": "81234567600025", "adresse": "9 AVENUE BERTHELOT 69007 LYON", "code_postal": "69007",
        "commune": "69387", "libelle_commune": "LYON", "etat_administratif": "F", "activite_principale": "43.22A",
        "liste_enseignes": null, "est_siege": false}
     ]},
    {"siren": "899999991", "nom_complet": "ANCIENNE PLOMBERIE", "nom_raison_sociale": "ANCIENNE PLOMBERIE",
     "etat_administratif": "C", "activite_principale": "43.22A", "matching_etablissements": []}
  ],
  "total_results": 30, "page": 1, "per_page": 25, "total_pages": 2
}"#;

#[tokio::test]
async fn open_data_reads_the_api_and_drops_closed_establishments() {
    let app = Router::new().route(
        "/search",
        get(|Query(q): Query<HashMap<String, String>>| async move {
            assert_eq!(q.get("activite_principale").map(String::as_str), Some("43.22A"));
            assert_eq!(q.get("etat_administratif").map(String::as_str), Some("A"));
            ([("content-type", "application/json")], OPEN_DATA_PAGE)
        }),
    );
    let base = serve(app).await;
    let source = OpenData::new(
        &base,
        http_client(Duration::from_secs(5), &local_guard()),
        HostThrottle::local(),
        Duration::from_millis(1),
        50,
    );
    let url =
        format!("{base}/search?activite_principale=43.22A&code_commune=69123&etat_administratif=A&per_page=25&page=1");
    let page = source.fetch(&url).await.expect("page");
    assert_eq!(page.companies.len(), 1, "closed establishment and ceased company dropped");
    let c = &page.companies[0];
    assert_eq!(c.name, "Dupont & Fils", "the trade name is what people know");
    assert_eq!(c.legal_name.as_deref(), Some("DUPONT PLOMBERIE"));
    assert_eq!((c.siren.as_deref(), c.siret.as_ref().map(|s| s.as_str())), (Some("812345676"), Some("81234567600017")));
    assert_eq!(c.street.as_deref(), Some("4 Rue des Alouettes"));
    assert_eq!((c.postal_code.as_deref(), c.insee_code.as_deref()), (Some("69008"), Some("69388")));
    assert_eq!(c.naf_code.as_deref(), Some("43.22A"));
    assert_eq!(page.total_results, Some(30));
    assert!(page.next_url.as_deref().is_some_and(|u| u.ends_with("&page=2")), "{:?}", page.next_url);
}

#[tokio::test]
async fn open_data_errors_are_typed() {
    let app = Router::new()
        .route("/search", get(|| async { (StatusCode::BAD_REQUEST, r#"{"erreur":"activite_principale invalide"}"#) }));
    let base = serve(app).await;
    let source = OpenData::new(
        &base,
        http_client(Duration::from_secs(5), &local_guard()),
        HostThrottle::local(),
        Duration::from_millis(1),
        50,
    );
    assert!(matches!(source.fetch(&format!("{base}/search?page=1")).await, Err(SourceError::Refused(_))));
    let garbage = serve(Router::new().route("/search", get(|| async { "<html>maintenance</html>" }))).await;
    let source = OpenData::new(
        &garbage,
        http_client(Duration::from_secs(5), &local_guard()),
        HostThrottle::local(),
        Duration::from_millis(1),
        50,
    );
    assert!(matches!(source.fetch(&format!("{garbage}/search?page=1")).await, Err(SourceError::Unavailable { .. })));
}

fn pj_search(base: &str, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_prospecta"))
        .args(["pj", "search"])
        .args(args)
        .env("PAGESJAUNES_BASE_URL", base)
        .env("PAGESJAUNES_INTERVAL_MS", "5")
        // `pj search` must not need the database.
        .env("DATABASE_URL", "postgres://nobody@127.0.0.1:1/nowhere")
        .output()
        .expect("run prospecta")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pj_search_prints_one_json_line_per_listing_across_pages() {
    let fake = FakePj::with(&[
        (1, vec![Answer::Page("plombier-lyon-p1.html")]),
        (2, vec![Answer::Page("plombier-lyon-p2.html")]),
    ]);
    let base = fake.clone().serve().await;
    let out = tokio::task::spawn_blocking(move || pj_search(&base, &["--what", "plombier", "--where", "Lyon"]))
        .await
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    assert_eq!(lines.len(), 25, "18 listings on page 1, 7 on page 2");
    assert!(lines.iter().all(|l| l["name"].is_string() && l["phones"].is_array()));
    assert!(lines.iter().all(|l| l["postal_code"].as_str().is_none_or(|p| p.len() == 5)));
    assert_eq!((fake.hits(1), fake.hits(2)), (1, 1));

    // --max-pages stops early.
    let fake = FakePj::with(&[(1, vec![Answer::Page("plombier-lyon-p1.html")])]);
    let base = fake.clone().serve().await;
    let out = tokio::task::spawn_blocking(move || {
        pj_search(&base, &["--what", "plombier", "--where", "Lyon", "--max-pages", "1"])
    })
    .await
    .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 18);
    assert_eq!(fake.hits(2), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pj_search_explains_a_blocked_source() {
    let fake = FakePj::with(&[(1, vec![Answer::Page("blocked.html")])]);
    let base = fake.serve().await;
    let out = tokio::task::spawn_blocking(move || pj_search(&base, &["--what", "plombier", "--where", "Lyon"]))
        .await
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("PagesJaunes refuse nos requêtes"), "{stderr}");
    assert!(out.stdout.is_empty());
}
