use super::render::page_paths;
use super::*;
use crate::enrichment::extract::extract;
use crate::sandbox::companies_for;

fn lyon() -> Vec<SandboxCompany> {
    companies_for("43.22A", "69123")
}

#[test]
fn sandbox_sites_are_deterministic() {
    for c in lyon().iter().take(60) {
        assert_eq!(site_of(c), site_of(c));
        assert_eq!(homonym_site_of(c), homonym_site_of(c));
        assert_eq!(truth(c), truth(c));
        if let Some(site) = site_of(c) {
            assert_eq!(render(&site, "/"), render(&site, "/"));
        }
    }
}

#[test]
fn sandbox_sites_shares_of_variants() {
    let companies = lyon();
    let n = companies.len() as f64;
    let share = |f: &dyn Fn(&SandboxCompany) -> bool| companies.iter().filter(|c| f(c)).count() as f64 / n;
    let homonyms = share(&|c| homonym_site_of(c).is_some());
    assert!((0.08..0.22).contains(&homonyms), "homonyms {homonyms}");
    let unlisted = companies.iter().filter(|c| c.website.is_none()).count() as f64;
    let unlisted_with_site =
        companies.iter().filter(|c| c.website.is_none() && site_of(c).is_some()).count() as f64 / unlisted;
    assert!((0.33..0.57).contains(&unlisted_with_site), "{unlisted_with_site}");
    let live: Vec<SandboxSite> =
        companies.iter().filter_map(site_of).filter(|s| s.status == SiteStatus::Live).collect();
    let parked = share(&|c| site_of(c).is_some_and(|s| s.status == SiteStatus::Parked));
    assert!(parked > 0.0 && parked < 0.08, "parked {parked}");
    let style = |st: EmailStyle| live.iter().filter(|s| s.email_style == st).count() as f64 / live.len() as f64;
    assert!((0.2..0.4).contains(&style(EmailStyle::Mailto)));
    assert!(style(EmailStyle::Cloudflare) > 0.02 && style(EmailStyle::Words) > 0.0);
    assert!(live.iter().any(|s| s.disposable_email.is_some()));
    assert!(live.iter().any(|s| !s.mx));
    // A homonym never sits on the company's own domain.
    for c in &companies {
        if let (Some(own), Some(h)) = (site_of(c), homonym_site_of(c)) {
            assert_ne!(own.domain, h.domain);
            assert_ne!(h.identity.siren, c.siren);
        }
    }
}

/// Every address the truth says is shown is read by the real extractor somewhere on the site
/// (except the words-only variant), and the extractor reads no address the truth does not list.
#[test]
fn sandbox_sites_truth_matches_the_pages() {
    let mut checked = 0;
    for c in lyon() {
        let t = truth(&c);
        let Some(site) = site_of(&c).filter(|s| s.status == SiteStatus::Live) else {
            assert!(t.website.is_none());
            continue;
        };
        assert_eq!(t.website.as_deref(), Some(site.home_url.as_str()));
        let mut found: Vec<String> = Vec::new();
        let mut markup = String::new();
        for path in page_paths(&site) {
            let page = render(&site, &path).expect("live");
            assert_eq!(page.status, 200, "{path} on {}", site.host);
            assert!(page.body.starts_with("<!DOCTYPE html>") && page.body.trim_end().ends_with("</html>"));
            let url = format!("http://{}{path}", site.host);
            let facts = extract(&page.body, &url);
            found.extend(facts.emails.into_iter().map(|e| e.value));
            markup.push_str(&page.body);
        }
        for e in &t.emails_shown {
            if site.email_style == EmailStyle::Words && Some(e) == site.role_email.as_ref() {
                let local = e.split('@').next().unwrap_or("");
                assert!(markup.contains(&format!("« {local} »")), "{e}");
                continue;
            }
            assert!(found.contains(e), "{e} not read on {} ({:?})", site.host, site.email_style);
        }
        for e in &found {
            assert!(t.emails_shown.contains(e), "{e} read on {} but not in truth ({:?})", site.host, site.email_style);
        }
        if let Some(best) = &t.best_email {
            assert!(t.emails_shown.contains(best));
            assert!(!best.ends_with(DISPOSABLE_PROVIDER));
        }
        checked += 1;
    }
    assert!(checked > 80, "{checked}");
}

#[test]
fn sandbox_homonym_truth_points_at_the_real_site() {
    let companies = lyon();
    let c = companies
        .iter()
        .find(|c| homonym_site_of(c).is_some() && site_of(c).is_some_and(|s| s.status == SiteStatus::Live));
    let c = c.expect("a homonym with a site");
    let t = truth(c);
    let homonym = homonym_site_of(c).expect("homonym");
    assert_eq!(t.kind, "homonym");
    assert_eq!(t.website, site_of(c).map(|s| s.home_url));
    assert_ne!(t.website.as_deref(), Some(homonym.home_url.as_str()));
    let legal = render(&homonym, "/mentions-legales/").or_else(|| render(&homonym, "/mentions-legales")).expect("page");
    assert!(!legal.body.contains(&c.postal_code) || homonym.identity.postal_code == c.postal_code);
}

#[test]
fn sandbox_every_variant_renders() {
    let companies = lyon();
    let sites: Vec<SandboxSite> = companies.iter().filter_map(site_of).collect();
    for builder in [
        Builder::ContactForm7,
        Builder::WpForms,
        Builder::Elementor,
        Builder::Divi,
        Builder::Wix,
        Builder::Jimdo,
        Builder::Handmade,
    ] {
        let site =
            sites.iter().find(|s| s.builder == builder && s.status == SiteStatus::Live && s.form).expect("builder");
        let contact = page_paths(site)[1].clone();
        let page = render(site, &contact).expect("contact");
        assert!(page.body.contains("<form") && page.body.contains("<textarea"), "{builder:?}");
        let home = render(site, "/").expect("home");
        if site.home_redirect {
            assert_eq!((home.status, home.location.as_deref()), (302, Some("/accueil")));
        } else {
            assert!(home.body.contains(&format!("href=\"{contact}\"")), "{builder:?}");
        }
        assert_eq!(render(site, "/nope").expect("404").status, 404);
    }
    let parked = sites.iter().find(|s| s.status == SiteStatus::Parked).expect("parked");
    assert!(render(parked, "/contact").expect("parked").body.contains("Ce nom de domaine est à vendre"));
    let dead = sites.iter().find(|s| s.status == SiteStatus::Dead).expect("dead");
    assert!(render(dead, "/").is_none());
    let wp = sites.iter().find(|s| s.builder.is_wordpress() && s.status == SiteStatus::Live).expect("wp");
    let moved = render(wp, "/mentions-legales").expect("301");
    assert_eq!((moved.status, moved.location.as_deref()), (301, Some("/mentions-legales/")));
}

async fn test_directory() -> (SiteDirectory, std::path::PathBuf) {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    let path = std::env::temp_dir().join(format!("prospecta-sites-{}-{nanos}.db", std::process::id()));
    let db = crate::db::connect_and_migrate(&format!("sqlite://{}?mode=rwc", path.display())).await.expect("db");
    (SiteDirectory::new(db), path)
}

#[tokio::test]
async fn sandbox_directory_dns_search_and_dispatch() {
    use crate::sandbox::dns::{RecordKind, Zone, ZoneAnswer};
    use axum::body::{Body, to_bytes};
    use axum::http::Request;
    use tower::ServiceExt as _;

    let (directory, path) = test_directory().await;
    let companies = lyon();
    let c = companies
        .iter()
        .find(|c| site_of(c).is_some_and(|s| s.status == SiteStatus::Live && s.mx) && c.website.is_some())
        .expect("a company with a site");
    let site = site_of(c).expect("site");
    assert!(directory.site_for_host(&site.host).await.is_none(), "unknown before registration");
    directory.register_area("43.22A", "69123").await;
    directory.register_area("43.22A", "69123").await;
    let entry = directory.site_for_host(&site.host.to_uppercase()).await.expect("registered");
    assert_eq!(entry.company.siren, c.siren);
    assert!(directory.site_for_host(&format!("www.{}", site.domain)).await.is_some());

    // DNS.
    assert_eq!(directory.answer(&site.host, RecordKind::A).await, ZoneAnswer::A(vec![std::net::Ipv4Addr::LOCALHOST]));
    assert_eq!(
        directory.answer(&site.domain, RecordKind::Mx).await,
        ZoneAnswer::Mx(vec![(10, format!("mx.{}", site.domain))])
    );
    assert!(matches!(directory.answer("gmail.com", RecordKind::Mx).await, ZoneAnswer::Mx(_)));
    assert!(matches!(directory.answer("yopmail.com", RecordKind::Mx).await, ZoneAnswer::Mx(_)));
    assert_eq!(directory.answer("inconnu-du-bataillon.fr", RecordKind::A).await, ZoneAnswer::NxDomain);
    if let Some(dead) = companies.iter().filter_map(site_of).find(|s| s.status == SiteStatus::Dead) {
        assert_eq!(directory.answer(&dead.host, RecordKind::A).await, ZoneAnswer::NxDomain);
    }

    // Search.
    let q = format!("{} {}", c.trade_name, c.commune_name);
    let all = directory.companies().await;
    let results = search::search_results(&q, 20, all.iter().map(|c| c.as_ref()));
    let truth = truth(c);
    let indexed = crate::sandbox::companies::Dice::new(&["indexed", &c.siren]).chance(0.9);
    if indexed {
        assert!(results.iter().any(|r| r["url"] == site.home_url.as_str()), "{q}: {results:?}");
    }
    assert!(truth.website.is_some());
    assert!(search::search_results("zzzz qqqq", 20, all.iter().map(|c| c.as_ref())).is_empty());

    // HTTP: the search API and the host dispatch.
    let app = crate::sandbox::router(directory.clone()).layer(axum::middleware::from_fn_with_state(
        HostDispatch::new(directory.clone(), "http://127.0.0.1:3000"),
        dispatch,
    ));
    let send = |req: Request<Body>| {
        let app = app.clone();
        async move {
            let response = app.oneshot(req).await.expect("response");
            let status = response.status();
            let body = to_bytes(response.into_body(), 10_000_000).await.expect("body");
            (status, String::from_utf8_lossy(&body).into_owned())
        }
    };
    let uri = format!("/sandbox/search/res/v1/web/search?q={}&count=10", crate::sandbox::web::encode(&q));
    let (status, body) = send(Request::get(&uri).body(Body::empty()).expect("req")).await;
    assert_eq!(status, axum::http::StatusCode::UNAUTHORIZED);
    assert!(body.contains("SUBSCRIPTION_TOKEN_INVALID"));
    let (status, body) =
        send(Request::get(&uri).header("X-Subscription-Token", "x").body(Body::empty()).expect("req")).await;
    assert_eq!(status, axum::http::StatusCode::OK);
    let v: serde_json::Value = serde_json::from_str(&body).expect("json");
    assert_eq!(v["type"], "search");
    assert!(v["web"]["results"].as_array().is_some_and(|r| !r.is_empty()));

    let contact = page_paths(&site)[1].clone();
    let (status, body) =
        send(Request::get(&contact).header("Host", format!("{}:3000", site.host)).body(Body::empty()).expect("req"))
            .await;
    assert_eq!(status, axum::http::StatusCode::OK);
    assert!(body.contains(&c.trade_name.replace('\'', "&#039;")));
    let (status, _) =
        send(Request::post(&contact).header("Host", site.host.clone()).body(Body::empty()).expect("req")).await;
    assert_eq!(status, axum::http::StatusCode::OK);
    // The app's own host passes through to the app's routes.
    let (status, _) = send(Request::get("/").header("Host", "127.0.0.1:3000").body(Body::empty()).expect("req")).await;
    assert_eq!(status, axum::http::StatusCode::NOT_FOUND);

    // A second directory on the same database (another process) sees the same hosts.
    let other = SiteDirectory::new(directory_db(&path).await);
    assert!(other.site_for_host(&site.host).await.is_some());
    let _ = std::fs::remove_file(&path);
}

async fn directory_db(path: &std::path::Path) -> sea_orm::DatabaseConnection {
    crate::db::connect(&format!("sqlite://{}?mode=rwc", path.display())).await.expect("db")
}
