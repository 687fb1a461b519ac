//! Enrichment end to end, on both databases: a validated database is enriched by durable jobs
//! against the sandbox's simulated web (real DNS resolver pointed at the sandbox's DNS server,
//! real crawler, simulated search engine and LLM on their wire formats), the table shows the
//! verified values, every kept value has its provenance, and nothing is wrong against the
//! simulated web's ground truth.

use crate::both_databases;
use crate::support::{Backend, Client, TestApp};
use prospecta_server::sandbox::{companies_for, truth};
use prospecta_shared::company::website_domain;
use prospecta_shared::ids::{DatabaseId, OrgId};
use prospecta_shared::prospecting::{DatabaseStatus, DatabaseSummary};
use sea_orm::{ConnectionTrait, Statement};
use std::collections::HashMap;
use std::time::Duration;

/// A small town: a few dozen plumbers, every site variety among them.
const TOWN: &str = "69266";

async fn enriching_app(backend: Backend) -> TestApp {
    TestApp::start_with(backend, |c| {
        c.prospecting.pagesjaunes_interval = Duration::from_millis(2);
        c.prospecting.open_data_interval = Duration::from_millis(1);
        c.enrichment.enabled = true;
        c.enrichment.interval = Duration::from_millis(1);
    })
    .await
}

async fn summary(client: &Client, id: DatabaseId) -> DatabaseSummary {
    client.call("prospecting/database", &[("database_id", &id.to_string())]).await.expect("database")
}

async fn query(app: &TestApp, sql: &str) -> Vec<sea_orm::QueryResult> {
    let db = app.db();
    db.query_all(Statement::from_string(db.get_database_backend(), sql.to_string())).await.expect("query")
}

async fn enriched_database(app: &TestApp) -> (Client, DatabaseSummary) {
    let client = app.signed_up("enrich@plomberie.fr", "Plomberie Test").await;
    let form = crate::databases::target(TOWN, "Plombiers");
    let created: DatabaseSummary = client.call("prospecting/create", &form).await.expect("create");
    app.run_jobs().await;
    let done = summary(&client, created.id).await;
    (client, done)
}

async fn a_validated_database_is_enriched_with_provenance(backend: Backend) {
    let app = enriching_app(backend).await;
    let (_client, done) = enriched_database(&app).await;
    assert_eq!(done.status, DatabaseStatus::Ready);
    let e = done.enrichment;
    assert!(e.total >= 20, "{e:?}");
    assert_eq!(e.enriched, e.total, "every company enriched: {e:?}");
    assert!(e.with_site * 100 >= e.total * 40, "sites found: {e:?}");
    assert!(e.with_email * 100 >= e.total * 25, "e-mails found: {e:?}");

    // Against the simulated web's ground truth: no wrong site, no wrong e-mail.
    let truths: HashMap<String, _> =
        companies_for("43.22A", TOWN).iter().map(|c| (c.siren.clone(), truth(c))).collect();
    let rows = query(
        &app,
        "SELECT c.siren AS siren, e.website AS website, e.email AS email, e.status AS status \
         FROM company_enrichments e JOIN companies c ON c.id = e.company_id",
    )
    .await;
    assert_eq!(rows.len() as u64, e.enriched);
    let (mut sites_expected, mut sites_found) = (0, 0);
    for row in &rows {
        let siren: Option<String> = row.try_get("", "siren").unwrap();
        let Some(t) = siren.and_then(|s| truths.get(&s)) else { continue };
        let website: Option<String> = row.try_get("", "website").unwrap();
        let email: Option<String> = row.try_get("", "email").unwrap();
        if let Some(found) = &website {
            let expected = t.website.as_deref().and_then(website_domain);
            assert_eq!(website_domain(found), expected, "wrong site for {t:?}");
        }
        if let Some(found) = &email {
            assert!(t.emails_shown.contains(found), "{found} is not an address the site shows: {t:?}");
        }
        if t.website.is_some() {
            sites_expected += 1;
            sites_found += usize::from(website.is_some());
        }
    }
    assert!(sites_found * 100 >= sites_expected * 85, "site fill {sites_found}/{sites_expected}");

    // Provenance: every enrichment fact has its page, method and confidence.
    let facts = query(
        &app,
        "SELECT field, value, source_url, method, confidence FROM company_facts WHERE source = 'enrichment'",
    )
    .await;
    assert!(facts.iter().any(|f| f.try_get::<String>("", "field").unwrap() == "email"));
    for fact in &facts {
        let field: String = fact.try_get("", "field").unwrap();
        let method: Option<String> = fact.try_get("", "method").unwrap();
        let confidence: i32 = fact.try_get("", "confidence").unwrap();
        assert!(method.is_some(), "{field} without method");
        assert!((1..=100).contains(&confidence), "{field} confidence {confidence}");
        if field != "rejected_website" {
            let url: Option<String> = fact.try_get("", "source_url").unwrap();
            assert!(url.is_some_and(|u| u.starts_with("http://")), "{field} without page");
        }
    }
    // The companies' rows show the enriched values (the table reads them).
    let shown = query(
        &app,
        "SELECT COUNT(*) AS n FROM companies c JOIN company_enrichments e ON e.company_id = c.id \
         WHERE e.email IS NOT NULL AND c.email = e.email",
    )
    .await;
    assert_eq!(shown[0].try_get::<i64>("", "n").unwrap() as u64, e.with_email);

    // Tokens: metered per company and per organisation, and the same totals both ways.
    let per_company =
        query(&app, "SELECT CAST(COALESCE(SUM(tokens_in + tokens_out), 0) AS BIGINT) AS n FROM company_enrichments")
            .await;
    let per_org = query(
        &app,
        "SELECT CAST(COALESCE(SUM(tokens_in + tokens_out), 0) AS BIGINT) AS n FROM llm_usage WHERE organization_id IS NOT NULL",
    )
    .await;
    let spent = per_company[0].try_get::<i64>("", "n").unwrap();
    assert!(spent > 0, "the sandbox's weak candidates and spelled-out addresses went to the LLM");
    assert_eq!(spent, per_org[0].try_get::<i64>("", "n").unwrap());
    assert!(
        crate::observability::metric(&app, "prospecta_llm_tokens_total", &[]).await >= spent as f64,
        "the tokens are counted in the metrics too"
    );
    let org: OrgId =
        query(&app, "SELECT organization_id FROM prospect_databases").await[0].try_get("", "organization_id").unwrap();
    let org_spent = prospecta_server::llm::usage::spent_ever(app.db(), org).await.unwrap();
    assert_eq!(org_spent.tokens(), spent, "the admin overview's per-organisation figure");
    let unpriced = query(&app, "SELECT COUNT(*) AS n FROM llm_usage WHERE cost_micro_eur IS NULL").await;
    assert_eq!(unpriced[0].try_get::<i64>("", "n").unwrap(), 0, "every call is priced when metered");

    // A second run (another worker picking the same work up) changes nothing and spends nothing.
    let usage_rows = app.count("llm_usage").await;
    let before = query(&app, "SELECT company_id, enriched_at FROM company_enrichments ORDER BY company_id").await;
    app.run_jobs().await;
    prospecta_server::jobs::enqueue(
        app.db(),
        &prospecta_server::enrichment::jobs::EnrichCompany {
            company_id: before[0].try_get("", "company_id").unwrap(),
            database_id: DatabaseId(done.id.0 + 1000),
            organization_id: OrgId(1),
        },
    )
    .await
    .unwrap();
    app.run_jobs().await;
    let after = query(&app, "SELECT company_id, enriched_at FROM company_enrichments ORDER BY company_id").await;
    assert_eq!(app.count("llm_usage").await, usage_rows);
    assert_eq!(before.len(), after.len());
    for (b, a) in before.iter().zip(&after) {
        let (b, a): (chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>) =
            (b.try_get("", "enriched_at").unwrap(), a.try_get("", "enriched_at").unwrap());
        assert_eq!(a, b, "a fresh company is not visited again");
    }
}

both_databases!(a_validated_database_is_enriched_with_provenance);

// ---------------------------------------------------------------------------------------------
// Bad input: every misbehaving site gives a typed outcome in bounded time, never a panic.

mod bad_sites {
    use axum::Router;
    use axum::body::Body;
    use axum::http::{HeaderMap, StatusCode, header};
    use axum::response::{IntoResponse, Response};
    use axum::routing::get;
    use prospecta_server::enrichment::crawl::{CrawlLimits, crawl_client};
    use prospecta_server::enrichment::discovery::Identity;
    use prospecta_server::enrichment::email_check::EmailChecker;
    use prospecta_server::enrichment::pipeline::{CompanyInput, EnrichStatus, Enricher};
    use prospecta_server::net::dns::{Dns, DnsConfig};
    use prospecta_server::net::{Guard, NetPolicy};
    use prospecta_server::prospecting::sources::HostThrottle;
    use prospecta_server::sandbox::dns::{StaticZone, serve};
    use std::net::{Ipv4Addr, SocketAddr};
    use std::sync::Arc;
    use std::time::{Duration, Instant};

    const GOOD_HOME: &str = "<html><head><title>Dupont Plomberie</title></head><body><h1>Dupont Plomberie</h1>\
        <p>12 rue Garibaldi, 69003 Lyon</p><p>Écrivez-nous : <a href=\"mailto:contact@good.fr\">contact@good.fr</a></p></body></html>";

    fn host_of(headers: &HeaderMap) -> String {
        headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("")
            .split(':')
            .next()
            .unwrap_or("")
            .to_string()
    }

    /// One server, one behaviour per host name (the DNS maps them all to it).
    async fn page(headers: HeaderMap, uri: axum::http::Uri) -> Response {
        let html = |body: String| ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response();
        match host_of(&headers).as_str() {
            "good.fr" => html(GOOD_HOME.into()),
            // 20 MB of HTML: read up to the cap, the company still found.
            "huge.fr" => {
                let mut body = GOOD_HOME.replace("good.fr", "huge.fr");
                body.push_str(&"<p>bla bla bla bla</p>".repeat(1_000_000));
                html(body)
            }
            "binary.fr" => ([(header::CONTENT_TYPE, "application/octet-stream")], vec![0u8, 159, 146, 150, 255, 0, 1])
                .into_response(),
            "malformed.fr" => html("<html><body><div><p>Dupont <b>Plomberie<td></tr><<<>>> 69003 Lyon \u{0} <a href=\"mailto:".into()),
            "latin1.fr" => {
                let mut bytes = b"<html><body><h1>Dupont Plomberie</h1><p>69003 Lyon, t\xe9l\xe9phone, \xe9crivez \xe0 contact@latin1.fr</p></body></html>".to_vec();
                bytes.shrink_to_fit();
                ([(header::CONTENT_TYPE, "text/html; charset=ISO-8859-1")], bytes).into_response()
            }
            "loop.fr" => {
                let next = if uri.path() == "/a" { "/b" } else { "/a" };
                (StatusCode::FOUND, [(header::LOCATION, next)]).into_response()
            }
            "drip.fr" => {
                // One byte every 300 ms, forever.
                let stream = futures::stream::unfold((), |()| async {
                    tokio::time::sleep(Duration::from_millis(300)).await;
                    Some((Ok::<_, std::io::Error>(axum::body::Bytes::from_static(b"<")), ()))
                });
                ([(header::CONTENT_TYPE, "text/html")], Body::from_stream(stream)).into_response()
            }
            "soft404.fr" => html("<html><head><title>Erreur</title></head><body><h1>Oups ! Page introuvable</h1><p>Erreur 404</p></body></html>".into()),
            "error500.fr" => (StatusCode::INTERNAL_SERVER_ERROR, "boom").into_response(),
            _ => (StatusCode::NOT_FOUND, "").into_response(),
        }
    }

    const HOSTS: &[&str] = &[
        "good.fr",
        "huge.fr",
        "binary.fr",
        "malformed.fr",
        "latin1.fr",
        "loop.fr",
        "drip.fr",
        "soft404.fr",
        "error500.fr",
        "tls.fr",
    ];

    async fn world() -> (Enricher, u16, prospecta_server::sandbox::dns::LocalDns) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let app = Router::new().fallback(get(page));
        tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
        let mut zone = StaticZone::new();
        for host in HOSTS {
            zone = zone.a(host, Ipv4Addr::LOCALHOST).a(&format!("www.{host}"), Ipv4Addr::LOCALHOST).mx(
                host,
                10,
                "mx.good.fr",
            );
        }
        zone = zone.a("mx.good.fr", Ipv4Addr::LOCALHOST);
        let local = serve(SocketAddr::from(([127, 0, 0, 1], 0)), Arc::new(zone)).await.expect("dns");
        let dns = Dns::new(&DnsConfig { nameservers: vec![local.addr], timeout: Duration::from_secs(2) })
            .expect("resolver")
            .with_http_port(port);
        let enricher = Enricher {
            // The simulated sites are on loopback: private networks allowed, as in the sandbox.
            http: crawl_client(Duration::from_secs(2), &Guard::with_dns(NetPolicy::permissive(), dns.clone())),
            throttle: HostThrottle::local(),
            interval: Duration::ZERO,
            limits: CrawlLimits { total_budget: Duration::from_secs(4), ..CrawlLimits::default() },
            candidate_pages: 5,
            emails: EmailChecker::new(dns.clone()),
            dns,
            search: None,
            llm: None,
            guess_schemes: vec!["http"],
            max_search_hits: 4,
            max_guesses: 0,
        };
        (enricher, port, local)
    }

    fn dupont(website: &str) -> CompanyInput {
        CompanyInput {
            identity: Identity {
                name: "Dupont Plomberie".into(),
                postcode: Some("69003".into()),
                city: Some("Lyon".into()),
                ..Identity::default()
            },
            listed_website: Some(website.into()),
            caller: Default::default(),
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn misbehaving_sites_give_typed_outcomes_in_bounded_time() {
        prospecta_server::install_crypto_provider();
        let (enricher, _port, _dns) = world().await;
        let cases: &[(&str, Option<&str>, &str)] = &[
            // (listed website, e-mail expected, words of the reason when no site is kept)
            ("http://good.fr/", Some("contact@good.fr"), ""),
            ("http://huge.fr/", Some("contact@huge.fr"), ""),
            ("http://latin1.fr/", Some("contact@latin1.fr"), ""),
            ("http://malformed.fr/", None, ""),
            ("http://binary.fr/", None, "pas du HTML"),
            ("http://loop.fr/a", None, "redirection"),
            ("http://drip.fr/", None, "délai"),
            ("http://soft404.fr/", None, "aucun élément"),
            ("http://error500.fr/", None, "HTTP 500"),
            ("https://tls.fr/", None, "TLS"),
            ("http://nxdomain.fr/", None, "introuvable"),
        ];
        for (site, email, reason) in cases {
            let started = Instant::now();
            let outcome = enricher.enrich(&dupont(site)).await;
            let took = started.elapsed();
            assert!(took < Duration::from_secs(10), "{site} took {took:?}");
            assert_eq!(outcome.best_email.as_ref().map(|e| e.value.as_str()), *email, "{site}: {outcome:?}");
            if reason.is_empty() {
                assert_eq!(outcome.status, EnrichStatus::Enriched, "{site}: {outcome:?}");
            } else {
                assert_eq!(outcome.status, EnrichStatus::NoWebsite, "{site}: {outcome:?}");
                assert_eq!(outcome.rejected_listed_website.as_deref(), Some(*site));
                let why = &outcome.rejected.first().expect("a reason").1;
                assert!(why.contains(reason), "{site}: {why}");
            }
        }
    }
}
