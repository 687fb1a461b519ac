//! `prospecta enrich url URL` against the 33 company-site fixtures served by a small axum server
//! (the same rules as `shared/fixtures/serve.py`): the real binary, compared with
//! `expected.json`; plus an unreachable site and a site that never answers.

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

fn sites_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/fixtures/company-sites");
    assert!(
        dir.join("expected.json").is_file(),
        "company-site fixtures missing: expected {}/expected.json (the repository must sit beside shared/)",
        dir.display()
    );
    dir
}

const TEXT_EXTENSIONS: &[&str] = &["html", "htm", "vcf", "txt", "json", "js"];

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" | "htm" => "text/html",
        "vcf" => "text/vcard",
        "txt" => "text/plain",
        "json" => "application/json",
        "js" => "text/javascript",
        "css" => "text/css",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        _ => "application/octet-stream",
    }
}

/// Byte-level replacement (legacy-encoded pages stay as they are).
fn replace_bytes(data: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len());
    let mut i = 0;
    while i < data.len() {
        if data[i..].starts_with(from) {
            out.extend_from_slice(to);
            i += from.len();
        } else {
            out.push(data[i]);
            i += 1;
        }
    }
    out
}

/// GET and POST answer the file at the path, as `serve.py` does.
pub(crate) async fn serve_file(State(root): State<PathBuf>, uri: Uri, headers: HeaderMap) -> Response {
    let path = uri.path();
    let decoded = path.replace("%20", " ");
    if decoded.split('/').any(|s| s == "..") || decoded.starts_with("/cdn-cgi/") {
        return StatusCode::NOT_FOUND.into_response();
    }
    let mut file = root.join(decoded.trim_start_matches('/'));
    if file.is_dir() {
        if !path.ends_with('/') {
            let query = uri.query().map(|q| format!("?{q}")).unwrap_or_default();
            return (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, format!("{path}/{query}"))]).into_response();
        }
        file = file.join("index.html");
    }
    let Ok(mut bytes) = std::fs::read(&file) else { return StatusCode::NOT_FOUND.into_response() };
    let ext = file.extension().and_then(|e| e.to_str()).unwrap_or("");
    if TEXT_EXTENSIONS.contains(&ext) {
        let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("127.0.0.1").to_string();
        let (name, port) = host.rsplit_once(':').unwrap_or((host.as_str(), ""));
        let other_name = if name == "localhost" { "127.0.0.1" } else { "localhost" };
        let other = if port.is_empty() { other_name.to_string() } else { format!("{other_name}:{port}") };
        bytes = replace_bytes(&bytes, b"{{ORIGIN}}", format!("http://{host}").as_bytes());
        bytes = replace_bytes(&bytes, b"{{OTHER_ORIGIN}}", format!("http://{other}").as_bytes());
    }
    ([(header::CONTENT_TYPE, content_type(&file))], Body::from(bytes)).into_response()
}

/// Writes `pages` (path, content) under a fresh temporary folder named after `tag` and serves
/// it like the fixtures: (root, port).
pub(crate) async fn serve_pages(tag: &str, pages: &[(&str, &str)]) -> (PathBuf, u16) {
    let root = std::env::temp_dir().join(format!("prospecta-{tag}-{}", std::process::id()));
    for (path, content) in pages {
        let file = root.join(path);
        std::fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
        std::fs::write(&file, content).expect("write page");
    }
    let app = Router::new().fallback(serve_file).with_state(root.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (root, port)
}

async fn start_site_server() -> u16 {
    let app = Router::new().fallback(serve_file).with_state(sites_dir());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    port
}

fn enrich(url: &str, timeout_secs: u64) -> Output {
    Command::new(env!("CARGO_BIN_EXE_prospecta"))
        .args(["enrich", "url", url])
        // `enrich` must not need the database nor any configuration.
        .env("DATABASE_URL", "postgres://nobody@127.0.0.1:1/nowhere")
        .env("ENRICH_TIMEOUT_SECS", timeout_secs.to_string())
        .env("ENRICH_INTERVAL_MS", "0")
        .output()
        .expect("run prospecta")
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array().map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect()).unwrap_or_default()
}

fn canonical(url: &str) -> String {
    url.strip_suffix("index.html").unwrap_or(url).to_string()
}

/// What differs between the binary's output and the case's truth.
fn check_case(case_url: &str, output: &Output, exp: &Value) -> Vec<String> {
    if !output.status.success() {
        return vec![format!("exit {:?}: {}", output.status.code(), String::from_utf8_lossy(&output.stderr).trim())];
    }
    let got: Value = match serde_json::from_slice(&output.stdout) {
        Ok(v) => v,
        Err(e) => return vec![format!("stdout is not JSON ({e}): {}", String::from_utf8_lossy(&output.stdout))],
    };
    let mut problems = Vec::new();
    // Exactly these keys, in this order in the printed object.
    const KEYS: [&str; 7] = ["website", "emails", "best_email", "phones", "siren", "contact_page", "has_form"];
    let mut keys: Vec<&str> = got.as_object().map(|o| o.keys().map(String::as_str).collect()).unwrap_or_default();
    keys.sort_unstable();
    let mut want = KEYS.to_vec();
    want.sort_unstable();
    let text = String::from_utf8_lossy(&output.stdout);
    let positions: Vec<Option<usize>> = KEYS.iter().map(|k| text.find(&format!("\"{k}\":"))).collect();
    if keys != want || !positions.windows(2).all(|w| w[0] < w[1]) {
        problems.push(format!("keys {keys:?} (order {positions:?})"));
    }
    if got["website"].as_str().map(canonical) != Some(canonical(case_url)) {
        problems.push(format!("website {}", got["website"]));
    }
    let mut emails = Vec::new();
    for e in got["emails"].as_array().cloned().unwrap_or_default() {
        let value = e["value"].as_str().unwrap_or("").to_string();
        if !e["source_url"].as_str().is_some_and(|u| u.starts_with("http://")) || !e["confidence"].is_u64() {
            problems.push(format!("malformed e-mail entry {e}"));
        }
        emails.push(value);
    }
    let expected_emails = strings(&exp["emails"]);
    let forbidden = strings(&exp["forbidden"]);
    for e in &expected_emails {
        if !emails.contains(e) {
            problems.push(format!("missing e-mail {e}"));
        }
    }
    for e in &emails {
        if forbidden.contains(e) {
            problems.push(format!("forbidden e-mail {e}"));
        } else if !expected_emails.contains(e) {
            problems.push(format!("unexpected e-mail {e}"));
        }
    }
    if got["best_email"] != exp["best_email"] {
        problems.push(format!("best_email {}, expected {}", got["best_email"], exp["best_email"]));
    }
    let phones = strings(&got["phones"]);
    for p in strings(&exp["phones"]) {
        if !phones.contains(&p) {
            problems.push(format!("missing phone {p}"));
        }
    }
    for p in strings(&exp["phones_forbidden"]) {
        if phones.contains(&p) {
            problems.push(format!("forbidden phone {p}"));
        }
    }
    if got["siren"] != exp["siren"] {
        problems.push(format!("siren {}, expected {}", got["siren"], exp["siren"]));
    }
    let expected_contact = exp["contact_page"].as_str().map(|p| canonical(&format!("{case_url}{p}")));
    let contact = got["contact_page"].as_str().map(canonical);
    if contact != expected_contact {
        problems.push(format!("contact_page {contact:?}, expected {expected_contact:?}"));
    }
    if got["has_form"] != exp["has_form"] {
        problems.push(format!("has_form {}, expected {}", got["has_form"], exp["has_form"]));
    }
    problems
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_company_site_gives_the_expected_facts() {
    let dir = sites_dir();
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).expect("read expected.json"))
            .expect("expected.json is JSON");
    let cases: Vec<(String, Value)> =
        expected.as_object().expect("cases").iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    assert!(cases.len() >= 33, "expected.json lists {} cases", cases.len());
    let port = start_site_server().await;
    // A few binaries at a time: each is one polite crawler of its own case.
    let mut failures = Vec::new();
    for chunk in cases.chunks(4) {
        let runs: Vec<_> = chunk
            .iter()
            .map(|(case, exp)| {
                let case_url = format!("http://127.0.0.1:{port}/{case}/");
                let (case, exp) = (case.clone(), exp.clone());
                tokio::task::spawn_blocking(move || {
                    let output = enrich(&case_url, 10);
                    (case, check_case(&case_url, &output, &exp))
                })
            })
            .collect();
        for run in runs {
            let (case, problems) = run.await.expect("enrich run");
            if !problems.is_empty() {
                failures.push(format!("{case}: {}", problems.join("; ")));
            }
        }
    }
    assert!(failures.is_empty(), "{} case(s) differ:\n{}", failures.len(), failures.join("\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_site_exits_1_with_a_french_message() {
    let output = tokio::task::spawn_blocking(|| enrich("http://127.0.0.1:1/", 5)).await.expect("run");
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty(), "{}", String::from_utf8_lossy(&output.stdout));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("impossible de lire la page d'accueil"), "{stderr}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_site_that_never_answers_is_bounded_by_the_timeout() {
    // Accepts connections and never says a word.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    let started = Instant::now();
    let output =
        tokio::task::spawn_blocking(move || enrich(&format!("http://127.0.0.1:{port}/"), 1)).await.expect("run");
    let elapsed = started.elapsed();
    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stdout));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("délai dépassé"), "{stderr}");
    // robots.txt (1 s) + the start page (1 s), plus start-up.
    assert!(elapsed < Duration::from_secs(15), "took {elapsed:?}");
}

/// Small sites written for the ownership stage (not copies of anyone's pages): every address,
/// however it is read, must be the company's. Each entry: (case, [(file, content)], the exact
/// e-mails `enrich url` must report).
type WrittenSite<'a> = (&'a str, &'a [(&'a str, &'a str)], &'a [&'a str]);

const OWNERSHIP_SITES: &[WrittenSite] = &[
    (
        // The maker's credit in the footer, its other address repeated unlabelled on the legal
        // notice, and a mailto with cc/bcc of the company's own addresses.
        "credit",
        &[
            (
                "index.html",
                r#"<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Boulangerie Martin</title></head><body>
<header><nav><a href="contact.html">Écrivez-nous</a> <a href="mentions.html">Mentions légales</a></nav></header>
<main><h1>Boulangerie Martin</h1><p>Pain au levain depuis 1987.</p></main>
<footer><p>Site réalisé par <a href="https://pixel-agence.fr/">Pixel Agence</a> — bonjour@pixel-agence.fr</p></footer></body></html>"#,
            ),
            (
                "mentions.html",
                r#"<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Mentions légales</title></head><body>
<h1>Mentions légales</h1><p>Éditeur : Boulangerie Martin SARL, contact@boulangerie-martin.fr</p>
<p>Pixel Agence, 3 rue des Arts, 69001 Lyon</p><p>studio@pixel-agence.fr</p></body></html>"#,
            ),
            (
                "contact.html",
                r#"<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Contact</title></head><body>
<p><a href="mailto:contact@boulangerie-martin.fr?subject=Commande&amp;cc=commandes@boulangerie-martin.fr&amp;bcc=gerant.martin@orange.fr">Écrire</a></p></body></html>"#,
            ),
        ],
        &["contact@boulangerie-martin.fr", "commandes@boulangerie-martin.fr", "gerant.martin@orange.fr"],
    ),
    (
        // Structured data naming other parties, a professional body, partners and testimonials,
        // and a vCard.
        "structure",
        &[
            (
                "index.html",
                r##"<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Cabinet Arnaud Architecture</title>
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
 {"@type":"Organization","@id":"#org","name":"Cabinet Arnaud Architecture","email":"agence@arnaud-archi.fr"},
 {"@type":"WebSite","name":"Cabinet Arnaud","publisher":{"@id":"#org"},"creator":{"@id":"https://studio-web.fr/#org"},
  "author":{"@type":"Person","name":"Julie Webmestre","email":"julie@studio-web.fr"}},
 {"@type":"Organization","@id":"https://studio-web.fr/#org","name":"Studio Web Conseil","email":"hello@studio-web.fr"},
 {"@type":"Article","publisher":{"@type":"Organization","name":"Le Journal du Bâti","email":"redaction@journal-bati.fr"},
  "review":{"@type":"Review","author":{"@type":"Person","name":"Paul"},"email":"paul.client@gmail.com"}}]}
</script></head><body>
<header><nav><a href="contact.html">Prendre rendez-vous</a></nav></header>
<div itemscope itemtype="https://schema.org/LocalBusiness"><span itemprop="name">Cabinet Arnaud Architecture</span>
<meta itemprop="email" content="accueil@arnaud-archi.fr">
<div itemprop="author" itemscope itemtype="https://schema.org/Person"><span itemprop="name">Marc Graphiste</span>
<meta itemprop="email" content="marc@graphisme-libre.fr"></div></div>
<p>Architecte inscrit à l'Ordre des architectes d'Occitanie : croa.occitanie@architectes.org</p>
<section class="temoignages"><blockquote>« Un travail remarquable. » — Sophie, sophie.durand@gmail.com</blockquote></section>
<h2>Nos partenaires</h2><ul><li>Menuiserie Blanc — menuiserie.blanc@wanadoo.fr</li></ul>
<p><a href="carte.vcf">Carte de visite</a></p></body></html>"##,
            ),
            (
                "contact.html",
                r#"<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Contact</title></head><body>
<p>Fédération française du bâtiment : ffb@ffbatiment.fr</p></body></html>"#,
            ),
            (
                "carte.vcf",
                "BEGIN:VCARD\nVERSION:3.0\nFN:Cabinet Arnaud\nEMAIL;TYPE=WORK:secretariat@arnaud-archi.fr\nEND:VCARD\n",
            ),
        ],
        &["agence@arnaud-archi.fr", "accueil@arnaud-archi.fr", "secretariat@arnaud-archi.fr"],
    ),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_companys_own_addresses_are_kept_however_they_are_read() {
    let paths: Vec<(String, &str)> = OWNERSHIP_SITES
        .iter()
        .flat_map(|(case, files, _)| files.iter().map(move |(file, content)| (format!("{case}/{file}"), *content)))
        .collect();
    let pages: Vec<(&str, &str)> = paths.iter().map(|(p, c)| (p.as_str(), *c)).collect();
    let (root, port) = serve_pages("ownership", &pages).await;
    let mut failures = Vec::new();
    for (case, _, want) in OWNERSHIP_SITES {
        let url = format!("http://127.0.0.1:{port}/{case}/");
        let output = tokio::task::spawn_blocking(move || enrich(&url, 10)).await.expect("run");
        let got: Value = serde_json::from_slice(&output.stdout).unwrap_or(Value::Null);
        let mut emails: Vec<String> = got["emails"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| e["value"].as_str().map(str::to_string))
            .collect();
        emails.sort();
        let mut want: Vec<String> = want.iter().map(|s| s.to_string()).collect();
        want.sort();
        if emails != want {
            failures.push(format!(
                "{case}: e-mails {emails:?}, expected {want:?} — {}",
                String::from_utf8_lossy(&output.stdout)
            ));
        }
    }
    let _ = std::fs::remove_dir_all(&root);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
