//! The simulated web-search API, in Brave Search's wire format
//! (`GET /res/v1/web/search?q=…&count=N`, header `X-Subscription-Token`): the registered
//! companies are scored by token overlap with the query (trade name, commune, postcode), and
//! each match brings its directory pages, its own site (about 90 % of real sites are indexed),
//! its homonym's site and a parked listed domain, in a deterministic mixed order.

use super::{SiteDirectory, SiteStatus, ascii_slug, homonym_site_of, site_of};
use crate::prospecting::taxonomy::normalize;
use crate::sandbox::companies::{Dice, SandboxCompany, Vocab};
use crate::sandbox::web::{parse_query, query_value};
use axum::Router;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use prospecta_shared::format::capitalize;
use serde_json::{Value, json};

const STOP_WORDS: [&str; 12] = ["de", "du", "des", "la", "le", "les", "l", "d", "et", "a", "en", "au"];

pub fn router(prefix: &'static str, directory: SiteDirectory) -> Router {
    Router::new().route(&format!("{prefix}/res/v1/web/search"), get(search)).with_state(directory)
}

async fn search(State(directory): State<SiteDirectory>, headers: HeaderMap, RawQuery(raw): RawQuery) -> Response {
    let token = headers.get("x-subscription-token").and_then(|v| v.to_str().ok()).unwrap_or("").trim();
    if token.is_empty() {
        let body = json!({
            "type": "ErrorResponse",
            "error": {
                "id": "00000000-0000-0000-0000-000000000000",
                "status": 401,
                "code": "SUBSCRIPTION_TOKEN_INVALID",
                "detail": "The provided subscription token is invalid.",
                "meta": {"component": "authentication"}
            },
            "time": 1_764_000_000
        });
        return (StatusCode::UNAUTHORIZED, [(header::CONTENT_TYPE, "application/json")], body.to_string())
            .into_response();
    }
    let pairs = parse_query(raw.as_deref().unwrap_or(""));
    let q = query_value(&pairs, "q").unwrap_or("").to_string();
    let count = query_value(&pairs, "count").and_then(|c| c.trim().parse::<usize>().ok()).unwrap_or(20).clamp(1, 20);
    let companies = directory.companies().await;
    let results = search_results(&q, count, companies.iter().map(|c| c.as_ref()));
    let body = json!({
        "type": "search",
        "query": {"original": q, "show_strict_warning": false, "is_navigational": false, "country": "fr", "more_results_available": false},
        "mixed": {"type": "mixed", "main": results.iter().enumerate().map(|(i, _)| json!({"type": "web", "index": i, "all": false})).collect::<Vec<_>>()},
        "web": {"type": "search", "results": results, "family_friendly": true}
    });
    (StatusCode::OK, [(header::CONTENT_TYPE, "application/json")], body.to_string()).into_response()
}

fn tokens(text: &str) -> Vec<String> {
    normalize(text)
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty() && !STOP_WORDS.contains(w))
        .map(str::to_string)
        .collect()
}

/// How well `company` matches the query tokens: the share of its name's words present, plus a
/// bonus when the place matches. 0 when fewer than half the name's words are there.
fn score(query: &[String], company: &SandboxCompany) -> f64 {
    let name = tokens(&company.trade_name);
    if name.is_empty() {
        return 0.0;
    }
    let hits = name.iter().filter(|w| query.contains(w)).count();
    let share = hits as f64 / name.len() as f64;
    if share < 0.5 {
        return 0.0;
    }
    let place = tokens(&company.commune_name);
    let place_hit = query.iter().any(|q| *q == company.postal_code || place.contains(q));
    share + if place_hit { 0.5 } else { 0.0 }
}

/// The results for `q`, at most `count`, best companies first.
pub fn search_results<'a>(q: &str, count: usize, companies: impl Iterator<Item = &'a SandboxCompany>) -> Vec<Value> {
    let query = tokens(q);
    if query.is_empty() {
        return Vec::new();
    }
    let mut scored: Vec<(f64, &SandboxCompany)> =
        companies.map(|c| (score(&query, c), c)).filter(|(s, _)| *s > 0.0).collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.siren.cmp(&b.1.siren)));
    let mut out = Vec::new();
    for (_, company) in scored.into_iter().take(3) {
        out.extend(company_results(q, company));
        if out.len() >= count {
            break;
        }
    }
    out.truncate(count);
    out
}

fn company_results(q: &str, c: &SandboxCompany) -> Vec<Value> {
    let mut dice = Dice::new(&["search", &normalize(q), &c.siren]);
    let slug = ascii_slug(&c.trade_name, "-");
    let rubric = Vocab::for_naf(&c.naf).rubric;
    let city = &c.commune_name;
    let name = &c.trade_name;
    let mut directories: Vec<Value> = Vec::new();
    if c.pj_listed && !c.closed {
        directories.push(result(
            &format!("{name} à {city} - {rubric} (adresse, téléphone) - PagesJaunes"),
            &format!("https://www.pagesjaunes.fr/pros/{}", c.pj_id),
            &format!("{name}, {} {} {city}. Horaires, avis, téléphone et plan d'accès.", c.street, c.postal_code),
            "PagesJaunes",
        ));
    }
    directories.push(result(
        &format!("{} ({}) - Chiffre d'affaires, dirigeants - Societe.com", c.legal_name, city.to_uppercase()),
        &format!("https://www.societe.com/societe/{slug}-{}.html", c.siren),
        &format!("{} à {city} ({}) : SIREN {}, création le {}.", c.legal_name, c.postal_code, c.siren, c.created_on),
        "Societe.com",
    ));
    if dice.chance(0.5) {
        directories.push(result(
            &format!("{name} | {city} | Facebook"),
            &format!("https://www.facebook.com/{}", slug.replace('-', "")),
            &format!("{name}, {city}. J'aime · En parler. {rubric}."),
            "Facebook",
        ));
    }
    if dice.chance(0.3) {
        directories.push(result(
            &format!("{name} | LinkedIn"),
            &format!("https://fr.linkedin.com/company/{slug}"),
            &format!("{name} | Abonnés sur LinkedIn. {rubric} à {city}."),
            "LinkedIn",
        ));
    }
    if dice.chance(0.6) {
        directories.push(result(
            &format!("{name} - Google Maps"),
            &format!("https://www.google.com/maps/place/{}", slug.replace('-', "+")),
            &format!("{name}, {}, {} {city}", c.street, c.postal_code),
            "Google Maps",
        ));
    }
    if dice.chance(0.5) {
        directories.push(result(
            &format!("{name} {city} : téléphone et adresse - 118712"),
            &format!("https://www.118712.fr/professionnels/{}", c.pj_id),
            &format!("Retrouvez {name} à {city} : numéro de téléphone, adresse."),
            "118712",
        ));
    }
    let mut sites: Vec<Value> = Vec::new();
    if let Some(site) = site_of(c) {
        let indexed = Dice::new(&["indexed", &c.siren]).chance(0.9);
        match site.status {
            SiteStatus::Live if indexed => sites.push(result(
                &format!("{name} - {} à {city}", capitalize(&rubric)),
                &site.home_url,
                &format!("{name}, votre artisan à {city}. Devis gratuit, intervention rapide."),
                name,
            )),
            SiteStatus::Parked => sites.push(result(
                &format!("{} - Ce nom de domaine est à vendre", site.domain),
                &site.home_url,
                "Ce nom de domaine est à vendre. Faites une offre.",
                &site.domain,
            )),
            _ => {}
        }
    }
    if let Some(homonym) = homonym_site_of(c) {
        sites.push(result(
            &format!("{name} - {} à {}", capitalize(&rubric), homonym.identity.city),
            &homonym.home_url,
            &format!("{name} à {} ({}). Devis gratuit.", homonym.identity.city, homonym.identity.postal_code),
            name,
        ));
    }
    // Mixed order: each site lands somewhere among the first directory pages.
    let mut out = directories;
    for site in sites {
        let at = dice.below(out.len().min(4) as u64 + 1) as usize;
        out.insert(at, site);
    }
    for (i, r) in out.iter_mut().enumerate() {
        r["page_age"] = json!(format!("2025-{:02}-{:02}T00:00:00", 1 + (i % 12), 1 + dice.below(28)));
    }
    out
}

fn result(title: &str, url: &str, description: &str, profile_name: &str) -> Value {
    let (scheme, rest) = url.split_once("://").unwrap_or(("https", url));
    let (host, path) = rest.split_once('/').map_or((rest, ""), |(h, p)| (h, p));
    let crumbs: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    let meta_path = if crumbs.is_empty() { String::new() } else { format!("› {}", crumbs.join(" › ")) };
    json!({
        "title": title,
        "url": url,
        "is_source_local": false,
        "is_source_both": false,
        "description": description,
        "profile": {"name": profile_name, "url": url, "long_name": host, "img": format!("https://imgs.search.brave.com/favicon/{host}")},
        "language": "fr",
        "family_friendly": true,
        "type": "search_result",
        "subtype": "generic",
        "meta_url": {"scheme": scheme, "netloc": host, "hostname": host, "favicon": format!("https://imgs.search.brave.com/favicon/{host}"), "path": meta_path}
    })
}
