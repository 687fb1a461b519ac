//! The outbound request guard in the production configuration (`PROSPECTA_PRIVATE_NETWORKS=deny`):
//! each forbidden server below counts its requests and must count zero. Every test also shows
//! that its forbidden server is reachable when the guard allows it, so a zero means "refused",
//! not "never asked".
//!
//! Loopback is the only network a test can serve on, so the allowed first hops (a redirecting
//! site, a page whose scripts reach elsewhere) are served on 127.0.0.2 and exempted by their
//! exact `ip:port` (`NetPolicy::exempt`); every other loopback address, 127.0.0.1 included,
//! stays forbidden as in production.

use crate::both_databases;
use crate::support::{Backend, TestApp};
use axum::Router;
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use prospecta_server::enrichment::crawl::{CrawlError, CrawlLimits, crawl_client, crawl_site};
use prospecta_server::net::dns::{Dns, DnsConfig};
use prospecta_server::net::{AddressClass, AllowedPorts, Guard, HttpClient, NetError, NetPolicy, Redirects, refusal};
use prospecta_server::outreach::forms::chromium::{ChromiumIdentity, effective_uid};
use prospecta_server::outreach::forms::engine::{EngineConfig, RunOptions};
use prospecta_server::outreach::forms::{FormEngine, Outcome};
use prospecta_server::prospecting::sources::{HostThrottle, http_client};
use prospecta_server::sandbox::dns::{LocalDns, StaticZone, serve};
use prospecta_shared::error::{AppError, ValidationCode};
use sea_orm::{ConnectionTrait, Statement};
use std::net::{Ipv4Addr, SocketAddr};
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// A server on `ip` that counts requests and answers `answer(path)`.
async fn counting_server(
    ip: [u8; 4],
    answer: impl Fn(&str) -> Response + Clone + Send + Sync + 'static,
) -> (SocketAddr, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind(SocketAddr::from((ip, 0))).await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    let app = Router::new().fallback(move |uri: Uri| {
        let (counter, answer) = (counter.clone(), answer.clone());
        async move {
            counter.fetch_add(1, Ordering::SeqCst);
            answer(uri.path())
        }
    });
    tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
    (addr, hits)
}

fn secret(_: &str) -> Response {
    "internal secret".into_response()
}

/// Production's rule on private networks, on any port (the test servers' ports are random): the
/// refusals below are about addresses, not ports.
fn deny_any_port() -> NetPolicy {
    NetPolicy { ports: AllowedPorts::Any, ..NetPolicy::production() }
}

fn client(policy: NetPolicy, guard_dns: Option<Dns>) -> HttpClient {
    let guard = match guard_dns {
        Some(dns) => Guard::with_dns(policy, dns),
        None => Guard::system(policy),
    };
    http_client(Duration::from_secs(5), &guard)
}

/// A local name server: `intranet.dupont.fr` → 10.0.0.5, `loop.dupont.fr` → 127.0.0.1,
/// `metadata.dupont.fr` → 169.254.169.254.
async fn local_dns() -> (LocalDns, Dns) {
    let zone = StaticZone::new()
        .a("intranet.dupont.fr", Ipv4Addr::new(10, 0, 0, 5))
        .a("loop.dupont.fr", Ipv4Addr::LOCALHOST)
        .a("metadata.dupont.fr", Ipv4Addr::new(169, 254, 169, 254));
    let server = serve(SocketAddr::from(([127, 0, 0, 1], 0)), Arc::new(zone)).await.expect("dns");
    let dns = Dns::new(&DnsConfig { nameservers: vec![server.addr], timeout: Duration::from_secs(2) }).expect("dns");
    (server, dns)
}

fn forbidden_class(error: &NetError) -> AddressClass {
    match error {
        NetError::Forbidden { class, .. } => *class,
        other => panic!("not an address refusal: {other:?}"),
    }
}

#[tokio::test]
async fn every_private_address_class_is_refused_before_any_request() {
    prospecta_server::install_crypto_provider();
    let (addr, hits) = counting_server([127, 0, 0, 1], secret).await;
    let port = addr.port();
    let http = client(deny_any_port(), None);
    let cases = [
        (format!("http://127.0.0.1:{port}/"), AddressClass::Loopback),
        (format!("http://127.1.2.3:{port}/"), AddressClass::Loopback),
        (format!("http://[::1]:{port}/"), AddressClass::Loopback),
        (format!("http://[::ffff:127.0.0.1]:{port}/"), AddressClass::Loopback),
        (format!("http://[64:ff9b::7f00:1]:{port}/"), AddressClass::Loopback),
        (format!("http://0.0.0.0:{port}/"), AddressClass::Unspecified),
        (format!("http://2130706433:{port}/"), AddressClass::Loopback),
        ("http://10.1.2.3/".to_string(), AddressClass::Private),
        ("http://172.20.0.1/".to_string(), AddressClass::Private),
        ("http://192.168.0.1/".to_string(), AddressClass::Private),
        ("http://169.254.169.254/latest/meta-data/".to_string(), AddressClass::LinkLocal),
        ("http://100.64.0.1/".to_string(), AddressClass::SharedCgnat),
        ("http://224.0.0.1/".to_string(), AddressClass::Multicast),
        ("http://255.255.255.255/".to_string(), AddressClass::Broadcast),
        ("http://[fd00::1]/".to_string(), AddressClass::UniqueLocal),
        ("http://[fe80::1]/".to_string(), AddressClass::LinkLocal),
    ];
    for (url, class) in &cases {
        let refused = http.get(url).expect_err(url);
        assert_eq!(forbidden_class(&refused), *class, "{url}");
    }
    assert!(matches!(http.get(&format!("http://localhost:{port}/")), Err(NetError::LocalName { .. })));
    assert_eq!(hits.load(Ordering::SeqCst), 0, "the internal server was reached");
    // The same client, allowed private networks, reaches it: the refusals above are the guard's.
    let open = client(NetPolicy::permissive(), None);
    open.get(&cases[0].0).unwrap().send().await.expect("reachable when allowed");
    assert_eq!(hits.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn production_ports_are_80_and_443_only() {
    let http = client(NetPolicy::production(), None);
    for url in ["http://www.dupont.fr:8080/", "https://www.dupont.fr:22/", "http://www.dupont.fr:6379/"] {
        assert!(matches!(http.get(url), Err(NetError::Port { .. })), "{url}");
    }
    assert!(matches!(http.get("file:///etc/passwd"), Err(NetError::Scheme(_))));
    assert!(http.get("https://www.dupont.fr/").is_ok());
}

#[tokio::test]
async fn a_public_name_resolving_to_a_private_address_is_refused_at_resolution() {
    prospecta_server::install_crypto_provider();
    let (_dns_server, dns) = local_dns().await;
    let (addr, hits) = counting_server([127, 0, 0, 1], secret).await;
    let http = client(deny_any_port(), Some(dns.clone()));
    for (url, class) in [
        ("http://intranet.dupont.fr/".to_string(), AddressClass::Private),
        ("http://metadata.dupont.fr/latest/meta-data/".to_string(), AddressClass::LinkLocal),
        (format!("http://loop.dupont.fr:{}/", addr.port()), AddressClass::Loopback),
    ] {
        // The URL itself is fine: only its resolution says where it leads.
        let request = http.get(&url).expect("a host name passes the URL check");
        let error = request.send().await.expect_err(&url);
        let refused = refusal(&error).unwrap_or_else(|| panic!("{url}: not refused by the guard: {error:?}"));
        assert_eq!(forbidden_class(&refused), class, "{url}");
    }
    assert_eq!(hits.load(Ordering::SeqCst), 0);
    let open = client(NetPolicy::permissive(), Some(dns));
    open.get(&format!("http://loop.dupont.fr:{}/", addr.port())).unwrap().send().await.expect("allowed");
    assert_eq!(hits.load(Ordering::SeqCst), 1);
}

/// The allowed site on 127.0.0.2: `/to-literal` redirects to the forbidden server by address,
/// `/to-name` by a name resolving to it; any other path is a page.
fn redirecting_site(forbidden_port: u16) -> impl Fn(&str) -> Response + Clone {
    move |path: &str| {
        let location = match path {
            "/to-literal" => format!("http://127.0.0.1:{forbidden_port}/secret"),
            "/to-name" => format!("http://loop.dupont.fr:{forbidden_port}/secret"),
            _ => return ([(header::CONTENT_TYPE, "text/html")], "<html><body>Dupont</body></html>").into_response(),
        };
        (StatusCode::FOUND, [(header::LOCATION, location)]).into_response()
    }
}

#[tokio::test]
async fn a_redirect_to_a_private_address_is_refused_at_the_hop() {
    prospecta_server::install_crypto_provider();
    let (_dns_server, dns) = local_dns().await;
    let (forbidden, forbidden_hits) = counting_server([127, 0, 0, 1], secret).await;
    let (site, site_hits) = counting_server([127, 0, 0, 2], redirecting_site(forbidden.port())).await;
    let policy = NetPolicy { exempt: vec![site], ..deny_any_port() };
    let follow = HttpClient::new(
        &Guard::with_dns(policy.clone(), dns.clone()),
        Duration::from_secs(5),
        "*/*",
        Redirects::Follow(5),
    );
    for path in ["/to-literal", "/to-name"] {
        let error = follow.get(&format!("http://{site}{path}")).unwrap().send().await.expect_err(path);
        let refused = refusal(&error).unwrap_or_else(|| panic!("{path}: not refused by the guard: {error:?}"));
        assert_eq!(forbidden_class(&refused), AddressClass::Loopback, "{path}");
    }
    // The crawler follows redirects itself: same refusal at its hop.
    let crawler = crawl_client(Duration::from_secs(5), &Guard::with_dns(policy, dns.clone()));
    let limits = CrawlLimits { total_budget: Duration::from_secs(10), ..CrawlLimits::default() };
    let crawled =
        crawl_site(&crawler, &HostThrottle::local(), Duration::ZERO, &format!("http://{site}/to-literal"), limits)
            .await;
    assert!(matches!(&crawled, Err(CrawlError::Forbidden(reason)) if reason.contains("bouclage")), "{crawled:?}");
    assert!(site_hits.load(Ordering::SeqCst) >= 3, "the allowed site was visited");
    assert_eq!(forbidden_hits.load(Ordering::SeqCst), 0, "a redirect reached the forbidden server");
    // Allowed, the same redirect lands there.
    let open = HttpClient::new(
        &Guard::with_dns(NetPolicy::permissive(), dns),
        Duration::from_secs(5),
        "*/*",
        Redirects::Follow(5),
    );
    let body = open.get(&format!("http://{site}/to-literal")).unwrap().send().await.unwrap().text().await.unwrap();
    assert_eq!(body, "internal secret");
}

fn prospecta(args: &[&str], private_networks: &str) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_prospecta"))
        .args(args)
        .env("PROSPECTA_PRIVATE_NETWORKS", private_networks)
        .env_remove("PROSPECTA_MODE")
        .env("ENRICH_INTERVAL_MS", "0")
        .output()
        .expect("run prospecta")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cli_sends_nothing_to_a_refused_address_and_says_why() {
    let (addr, hits) = counting_server([127, 0, 0, 1], secret).await;
    let url = format!("http://127.0.0.1:{}/", addr.port());
    for args in [vec!["enrich", "url", url.as_str()], vec!["forms", "run", url.as_str(), "--dry-run"]] {
        let out = tokio::task::spawn_blocking({
            let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
            move || prospecta(&args.iter().map(String::as_str).collect::<Vec<_>>(), "deny")
        })
        .await
        .unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
        assert_eq!(json["outcome"], "forbidden_address", "{json}");
        let reason = json["reason"].as_str().or(json["evidence"].as_str()).unwrap_or_default();
        assert!(reason.contains("adresse de bouclage") && reason.contains("réseaux privés sont interdits"), "{json}");
    }
    assert_eq!(hits.load(Ordering::SeqCst), 0, "a refused command reached the server");
    // Allowed (the sandbox's default), the same command does reach the server (which answers
    // plain text, not a company's page: the command then fails for that reason).
    let out = tokio::task::spawn_blocking(move || prospecta(&["enrich", "url", &url], "allow")).await.unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("pas du HTML"), "{out:?}");
    assert!(hits.load(Ordering::SeqCst) > 0);
}

/// The page of the allowed site: a script `fetch`es, an iframe, an image and a stylesheet point
/// at the forbidden server, by address and by `localhost`.
fn page_reaching_inside(forbidden_port: u16) -> impl Fn(&str) -> Response + Clone {
    move |_path: &str| {
        let inside = format!("http://127.0.0.1:{forbidden_port}");
        let local = format!("http://localhost:{forbidden_port}");
        let html = format!(
            "<html><head><link rel=stylesheet href='{inside}/style.css'></head><body><h1>Dupont Plomberie</h1>\
             <iframe src='{inside}/framed'></iframe><iframe src='{local}/framed-by-name'></iframe>\
             <img src='{inside}/pixel.png'>\
             <script>fetch('{inside}/fetched').catch(() => {{}}); fetch('{local}/fetched-by-name').catch(() => {{}});\
             new Image().src = '{inside}/beacon';</script>\
             <form><label>E-mail <input type=email name=email></label><label>Message <textarea name=message></textarea></label>\
             <button>Envoyer</button></form></body></html>"
        );
        ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response()
    }
}

async fn visit_with(policy: NetPolicy, url: &str, shots: &str) {
    let dir = std::env::temp_dir().join(format!("prospecta-guard-{shots}-{}", std::process::id()));
    let config = EngineConfig {
        screenshot_dir: dir.clone(),
        net: Guard::system(policy),
        identity: ChromiumIdentity::default(),
        ..EngineConfig::default()
    };
    let engine = tokio::task::spawn_blocking(move || FormEngine::launch(config)).await.unwrap().expect("launch");
    let run =
        engine.run(url, &RunOptions { dry_run: true, timeout: Duration::from_secs(30), ..RunOptions::default() }).await;
    assert_ne!(run.expect("run").outcome, Outcome::ForbiddenAddress, "the allowed page itself was refused");
    // What the page's scripts started has had time to reach the proxy.
    tokio::time::sleep(Duration::from_millis(500)).await;
    drop(engine);
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chromium_gets_nothing_from_an_internal_address_a_page_points_at() {
    let (forbidden, forbidden_hits) = counting_server([127, 0, 0, 1], secret).await;
    let (site, site_hits) = counting_server([127, 0, 0, 2], page_reaching_inside(forbidden.port())).await;
    let url = format!("http://{site}/");
    visit_with(NetPolicy { exempt: vec![site], ..deny_any_port() }, &url, "deny").await;
    assert!(site_hits.load(Ordering::SeqCst) >= 1, "the allowed page was loaded");
    assert_eq!(forbidden_hits.load(Ordering::SeqCst), 0, "the page reached the internal server through Chromium");
    // Allowed, the same page does reach it: the zero above is the guard's doing.
    visit_with(NetPolicy::permissive(), &url, "allow").await;
    assert!(forbidden_hits.load(Ordering::SeqCst) >= 2, "{}", forbidden_hits.load(Ordering::SeqCst));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_start_address_is_not_loaded() {
    let (forbidden, hits) = counting_server([127, 0, 0, 1], secret).await;
    let config = EngineConfig { net: Guard::system(deny_any_port()), ..EngineConfig::default() };
    let engine = tokio::task::spawn_blocking(move || FormEngine::launch(config)).await.unwrap().expect("launch");
    for url in [format!("http://{forbidden}/"), "file:///etc/passwd".to_string()] {
        let run = engine.run(&url, &RunOptions { dry_run: true, ..RunOptions::default() }).await.expect("run");
        assert_eq!(run.outcome, Outcome::ForbiddenAddress, "{url}: {}", run.evidence);
    }
    drop(engine);
    assert_eq!(hits.load(Ordering::SeqCst), 0);
}

/// `/proc/PID/stat`'s parent pid (fields after the command name, which may hold spaces).
fn parent_of(pid: u32) -> Option<u32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat[stat.rfind(')')? + 1..].split_whitespace().nth(1)?.parse().ok()
}

fn descendants(root: u32) -> Vec<u32> {
    let pids: Vec<u32> = std::fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse().ok())
        .collect();
    pids.into_iter()
        .filter(|&pid| {
            let mut current = pid;
            for _ in 0..8 {
                match parent_of(current) {
                    Some(p) if p == root => return true,
                    Some(p) if p > 1 => current = p,
                    _ => return false,
                }
            }
            false
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chromium_runs_unprivileged_with_its_sandbox() {
    let (site, _) =
        counting_server([127, 0, 0, 1], |_| "<html><body><h1>Dupont</h1></body></html>".into_response()).await;
    let config = EngineConfig { net: Guard::system(NetPolicy::permissive()), ..EngineConfig::default() };
    let engine = tokio::task::spawn_blocking(move || FormEngine::launch(config)).await.unwrap().expect("launch");
    let opts = RunOptions { dry_run: true, timeout: Duration::from_secs(20), ..RunOptions::default() };
    engine.run(&format!("http://{site}/"), &opts).await.expect("run");
    let pid = engine.process_id().expect("pid");
    let uid = effective_uid(&pid.to_string()).expect("status");
    assert_ne!(uid, 0, "Chromium runs as root");
    let cmdline = std::fs::read_to_string(format!("/proc/{pid}/cmdline")).unwrap_or_default();
    assert!(!cmdline.contains("--no-sandbox"), "{cmdline}");
    assert!(cmdline.contains("--proxy-server=http://127.0.0.1:"), "{cmdline}");
    // Renderers run in the sandbox: seccomp filter mode (2), same unprivileged user.
    let renderers: Vec<(u32, String)> = descendants(pid)
        .into_iter()
        .filter_map(|p| {
            let cmd = std::fs::read_to_string(format!("/proc/{p}/cmdline")).ok()?;
            cmd.contains("--type=renderer")
                .then(|| (p, std::fs::read_to_string(format!("/proc/{p}/status")).ok().unwrap_or_default()))
        })
        .collect();
    assert!(!renderers.is_empty(), "no renderer under {pid}");
    for (p, status) in &renderers {
        let seccomp = status.lines().find_map(|l| l.strip_prefix("Seccomp:")).map(str::trim);
        assert_eq!(seccomp, Some("2"), "renderer {p} without its seccomp sandbox");
        assert_ne!(effective_uid(&p.to_string()), Some(0), "renderer {p} runs as root");
    }
    drop(engine);
}

async fn manual_websites_that_are_not_company_sites_are_refused(backend: Backend) {
    let app = TestApp::start(backend).await;
    let client = app.signed_up("lea@couverture.fr", "Couverture Léa").await;
    let db: prospecta_shared::prospecting::DatabaseSummary =
        client.call("prospecting/create", &crate::databases::target("69266", "Couvreurs")).await.expect("create");
    let id = db.id.to_string();
    for (website, code) in [
        ("http://169.254.169.254/latest/meta-data/", ValidationCode::WebsiteIpAddress),
        ("http://10.0.0.1:8080/", ValidationCode::WebsiteIpAddress),
        ("localhost", ValidationCode::WebsiteLocalHost),
        ("http://admin.localhost/", ValidationCode::WebsiteLocalHost),
        ("file:///etc/passwd", ValidationCode::WebsiteScheme),
        ("ftp://couverture-lea.fr/", ValidationCode::WebsiteScheme),
    ] {
        let added = client
            .call::<prospecta_shared::prospecting::RowView>(
                "prospecting/add_row",
                &[
                    ("database_id", id.as_str()),
                    ("name", "Couverture Léa"),
                    ("postal_code", "69100"),
                    ("city", "Villeurbanne"),
                    ("website", website),
                ],
            )
            .await;
        assert_eq!(added, Err(AppError::validation("website", code)), "{website}");
    }
    let db = app.db();
    let sql = "SELECT COUNT(*) AS n FROM companies WHERE owner_org_id IS NOT NULL";
    let row = db.query_one(Statement::from_string(db.get_database_backend(), sql.to_string())).await.unwrap().unwrap();
    assert_eq!(row.try_get::<i64>("", "n").unwrap(), 0, "a refused row was stored");
}

both_databases!(manual_websites_that_are_not_company_sites_are_refused);

/// A listener that only counts the TCP connections it accepts (a tunnel carries no HTTP for the
/// server to count).
async fn accept_counter() -> (SocketAddr, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let accepted = Arc::new(AtomicUsize::new(0));
    let counter = accepted.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            counter.fetch_add(1, Ordering::SeqCst);
            // Kept open, as a real server would.
            tokio::spawn(async move {
                tokio::time::sleep(Duration::from_secs(5)).await;
                drop(stream);
            });
        }
    });
    (addr, accepted)
}

/// Sends `request` to the proxy and reads what comes back within half a second of silence.
async fn through_proxy(proxy: SocketAddr, request: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(proxy).await.expect("proxy");
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut answer = Vec::new();
    let mut buf = [0u8; 4096];
    while let Ok(Ok(n)) = tokio::time::timeout(Duration::from_millis(500), stream.read(&mut buf)).await {
        if n == 0 {
            break;
        }
        answer.extend_from_slice(&buf[..n]);
    }
    String::from_utf8_lossy(&answer).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_browser_proxy_refuses_tunnels_and_requests_to_private_addresses() {
    use prospecta_server::net::proxy::GuardProxy;
    let (_dns_server, dns) = local_dns().await;
    let (inside, accepted) = accept_counter().await;
    let runtime = tokio::runtime::Handle::current();
    let proxy = GuardProxy::start(Guard::with_dns(deny_any_port(), dns.clone()), &runtime).expect("proxy");
    let p = inside.port();
    for request in [
        // TLS and WebSockets: CONNECT, by address, by a name leading to loopback, IPv4-mapped.
        format!("CONNECT 127.0.0.1:{p} HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\n\r\n"),
        format!("CONNECT loop.dupont.fr:{p} HTTP/1.1\r\nHost: loop.dupont.fr:{p}\r\n\r\n"),
        format!("CONNECT [::ffff:127.0.0.1]:{p} HTTP/1.1\r\nHost: [::ffff:127.0.0.1]:{p}\r\n\r\n"),
        "CONNECT metadata.dupont.fr:443 HTTP/1.1\r\nHost: metadata.dupont.fr:443\r\n\r\n".to_string(),
        // Plain HTTP: absolute-form requests.
        format!("GET http://loop.dupont.fr:{p}/ HTTP/1.1\r\nHost: loop.dupont.fr:{p}\r\n\r\n"),
        format!("GET http://localhost:{p}/ HTTP/1.1\r\nHost: localhost:{p}\r\n\r\n"),
        "GET http://intranet.dupont.fr/ HTTP/1.1\r\nHost: intranet.dupont.fr\r\n\r\n".to_string(),
    ] {
        let answer = through_proxy(proxy.addr(), &request).await;
        assert!(answer.starts_with("HTTP/1.1 403"), "{request:?} → {answer}");
        assert!(answer.contains("adresse refusée"), "{answer}");
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(accepted.load(Ordering::SeqCst), 0, "the proxy connected to a forbidden address");
    // Allowed, the same tunnel is opened.
    let open = GuardProxy::start(Guard::with_dns(NetPolicy::permissive(), dns), &runtime).expect("proxy");
    let answer = through_proxy(open.addr(), &format!("CONNECT loop.dupont.fr:{p} HTTP/1.1\r\n\r\n")).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert_eq!(accepted.load(Ordering::SeqCst), 1);
}
