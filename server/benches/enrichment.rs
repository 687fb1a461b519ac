//! Enrichment quality and cost on a labelled sandbox corpus: the real pipeline (DNS resolver,
//! crawler, search client, LLM client, e-mail checks) against the sandbox's simulated web,
//! compared with the ground truth kept in `bench/enrichment/truth.jsonl`.
//!
//! `bench/enrichment/run.sh` (or `cargo bench -p prospecta_server --bench enrichment`) prints
//! fill rate and precision for website, e-mail and phone, wrong-site and wrong-e-mail rates, LLM
//! tokens per company and companies per minute. `-- --write-truth` rewrites the truth file from
//! the simulated web's generator (review the diff: the truth is the yardstick).

use futures::StreamExt;
use prospecta_server::config::{Config, EnrichmentConfig};
use prospecta_server::enrichment::discovery::Identity;
use prospecta_server::enrichment::engine::engine;
use prospecta_server::enrichment::pipeline::{CompanyInput, Enrichment};
use prospecta_server::sandbox::{SandboxCompany, SiteDirectory, companies_for, truth};
use prospecta_server::state::AppState;
use prospecta_server::{db, install_crypto_provider, web};
use prospecta_shared::company::website_domain;
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// (NAF, commune): Lyon's plumbers and Grenoble's electricians.
const CORPUS: &[(&str, &str)] = &[("43.22A", "69123"), ("43.21A", "38185")];
/// Companies enriched at once, as a worker's default concurrency.
const CONCURRENCY: usize = 4;

fn truth_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../bench/enrichment/truth.jsonl")
}

fn corpus() -> Vec<SandboxCompany> {
    CORPUS.iter().flat_map(|(naf, insee)| companies_for(naf, insee)).filter(|c| !c.closed).collect()
}

fn truth_line(c: &SandboxCompany) -> Value {
    let t = truth(c);
    json!({
        "siren": c.siren,
        "name": c.trade_name,
        "kind": t.kind,
        "listed_website": t.listed_website,
        "website": t.website,
        "best_email": t.best_email,
        "emails_shown": t.emails_shown,
        "phones_shown": t.phones_shown,
    })
}

/// What the sources give the enrichment for this company, as the store holds it after merging
/// PagesJaunes (name, phones, website) and the register (SIREN, legal name, address).
fn input_of(c: &SandboxCompany) -> CompanyInput {
    CompanyInput {
        identity: Identity {
            name: c.trade_name.clone(),
            other_names: vec![c.legal_name.clone()],
            postcode: Some(c.postal_code.clone()),
            city: Some(c.city.clone()),
            phones: if c.pj_listed { c.phones.clone() } else { Vec::new() },
            siren: c.open_data_listed.then(|| c.siren.clone()),
        },
        listed_website: c.website.clone().filter(|_| c.pj_listed),
        caller: Default::default(),
    }
}

#[derive(Default)]
struct Tally {
    companies: usize,
    sites_expected: usize,
    sites_found: usize,
    sites_right: usize,
    sites_kept: usize,
    emails_expected: usize,
    emails_found: usize,
    emails_kept: usize,
    emails_own: usize,
    emails_exact: usize,
    phones_expected: usize,
    phones_found: usize,
    phones_kept: usize,
    phones_right: usize,
    tokens: u64,
    llm_calls: usize,
    wrong: Vec<String>,
}

fn score(tally: &mut Tally, truth: &Value, c: &SandboxCompany, outcome: &Enrichment) {
    let strings = |key: &str| -> Vec<String> {
        truth[key]
            .as_array()
            .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect())
            .unwrap_or_default()
    };
    tally.companies += 1;
    tally.tokens += outcome.usage().total();
    tally.llm_calls += outcome.llm_calls.len();
    let expected_site = truth["website"].as_str().and_then(website_domain);
    let found_site = outcome.site.as_ref().and_then(|s| website_domain(&s.url));
    if expected_site.is_some() {
        tally.sites_expected += 1;
    }
    if let Some(found) = &found_site {
        tally.sites_kept += 1;
        if Some(found) == expected_site.as_ref() {
            tally.sites_right += 1;
            tally.sites_found += 1;
        } else {
            tally
                .wrong
                .push(format!("site {} for {} ({}), truth {:?}", found, c.trade_name, truth["kind"], expected_site));
        }
    }
    let best = truth["best_email"].as_str();
    let shown = strings("emails_shown");
    if best.is_some() {
        tally.emails_expected += 1;
    }
    if let Some(found) = outcome.best_email.as_ref().map(|e| e.value.as_str()) {
        tally.emails_kept += 1;
        if best.is_some() {
            tally.emails_found += 1;
        }
        if shown.iter().any(|s| s == found) && best.is_some() {
            tally.emails_own += 1;
        } else {
            tally.wrong.push(format!("e-mail {found} for {} ({}), truth {:?}", c.trade_name, truth["kind"], best));
        }
        if best == Some(found) {
            tally.emails_exact += 1;
        }
    }
    let phones = strings("phones_shown");
    if !phones.is_empty() {
        tally.phones_expected += 1;
    }
    if let Some(report) = outcome.report.as_ref().filter(|r| !r.phones.is_empty()) {
        tally.phones_kept += 1;
        if !phones.is_empty() {
            tally.phones_found += 1;
        }
        if report.phones.iter().all(|p| phones.contains(p)) {
            tally.phones_right += 1;
        }
    }
}

fn pct(n: usize, d: usize) -> String {
    if d == 0 { "—".into() } else { format!("{:.1} %", n as f64 * 100.0 / d as f64) }
}

async fn sandbox_app() -> (AppState, PathBuf) {
    install_crypto_provider();
    let path = std::env::temp_dir().join(format!("prospecta-bench-enrich-{}.db", std::process::id()));
    let url = format!("sqlite://{}?mode=rwc", path.display());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let mut config = Config::from_env().expect("configuration");
    let public = format!("http://{addr}");
    config.database_url = url.clone();
    config.bind = addr;
    config.public_url = public.clone();
    config.enrichment = EnrichmentConfig { interval: Duration::from_millis(5), ..EnrichmentConfig::sandbox(&public) };
    let conn = db::connect_and_migrate(&url).await.expect("database");
    let state = AppState::new(config, conn);
    let router = web::router(state.clone());
    tokio::spawn(async move {
        axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>()).await.expect("serve");
    });
    (state, path)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let companies = corpus();
    let lines: Vec<Value> = companies.iter().map(truth_line).collect();
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    if std::env::args().any(|a| a == "--write-truth") {
        std::fs::write(truth_path(), &text).expect("write truth");
        println!("wrote {} companies to {}", lines.len(), truth_path().display());
        return;
    }
    let kept = std::fs::read_to_string(truth_path()).expect("bench/enrichment/truth.jsonl (run with --write-truth)");
    let kept: Vec<Value> = kept.lines().map(|l| serde_json::from_str(l).expect("truth line")).collect();
    assert_eq!(kept, lines, "the simulated web changed: review it, then rewrite the truth with --write-truth");

    let (app, path) = sandbox_app().await;
    let directory = SiteDirectory::new(app.db.clone());
    for (naf, insee) in CORPUS {
        directory.register_area(naf, insee).await;
    }
    let enricher = engine(&app).await.expect("engine");
    let started = Instant::now();
    let outcomes: Vec<(usize, Enrichment)> = futures::stream::iter(companies.iter().enumerate())
        .map(|(i, c)| {
            let enricher = enricher.clone();
            async move { (i, enricher.enrich(&input_of(c)).await) }
        })
        .buffer_unordered(CONCURRENCY)
        .collect()
        .await;
    let elapsed = started.elapsed();
    let mut tally = Tally::default();
    for (i, outcome) in &outcomes {
        score(&mut tally, &kept[*i], &companies[*i], outcome);
    }
    let _ = std::fs::remove_file(&path);

    println!("enrichment on {} sandbox companies ({} at a time)", tally.companies, CONCURRENCY);
    println!(
        "  website : fill {} of {} that have one, precision {} ({} kept), wrong site {}",
        pct(tally.sites_found, tally.sites_expected),
        tally.sites_expected,
        pct(tally.sites_right, tally.sites_kept),
        tally.sites_kept,
        pct(tally.sites_kept - tally.sites_right, tally.sites_kept)
    );
    println!(
        "  e-mail  : fill {} of {} that show one, precision {} ({} kept, {} the ideal pick), wrong e-mail {}",
        pct(tally.emails_found, tally.emails_expected),
        tally.emails_expected,
        pct(tally.emails_own, tally.emails_kept),
        tally.emails_kept,
        pct(tally.emails_exact, tally.emails_kept),
        pct(tally.emails_kept - tally.emails_own, tally.emails_kept)
    );
    println!(
        "  phone   : fill {} of {} sites showing one, precision {} ({} kept)",
        pct(tally.phones_found, tally.phones_expected),
        tally.phones_expected,
        pct(tally.phones_right, tally.phones_kept),
        tally.phones_kept
    );
    println!(
        "  LLM     : {:.0} tokens per company on average ({} calls for {} companies)",
        tally.tokens as f64 / tally.companies.max(1) as f64,
        tally.llm_calls,
        tally.companies
    );
    println!(
        "  speed   : {:.0} companies per minute ({:.1} s in all)",
        tally.companies as f64 / elapsed.as_secs_f64() * 60.0,
        elapsed.as_secs_f64()
    );
    for line in tally.wrong.iter().take(20) {
        println!("  wrong   : {line}");
    }
}
