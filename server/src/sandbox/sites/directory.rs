//! Which host belongs to which sandbox company. Only companies the simulated sources have
//! served own a reachable site (the enrichment can only look for companies it was shown), and
//! that knowledge must survive restarts and be shared by several server processes: the served
//! areas live in the `sandbox_areas` table, and each process rebuilds an in-memory index
//! host → site from them when the table has grown.

use super::{DISPOSABLE_PROVIDER, MAIL_PROVIDERS, SandboxSite, SiteStatus, homonym_site_of, render, site_of};
use crate::db::portable_statement;
use crate::sandbox::companies::{SandboxCompany, companies_for, companies_of_departement};
use crate::sandbox::dns::{RecordKind, Zone, ZoneAnswer};
use async_trait::async_trait;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use std::collections::{HashMap, HashSet};
use std::net::Ipv4Addr;
use std::sync::{Arc, Mutex};

/// A site and the population company it belongs to (for a homonym's site, the company whose
/// homonym it is: `site.homonym` says so).
#[derive(Debug, Clone)]
pub struct SiteEntry {
    pub company: Arc<SandboxCompany>,
    pub site: Arc<SandboxSite>,
}

#[derive(Default)]
struct Index {
    rows: i64,
    areas: HashSet<String>,
    /// Domain (no `www.`) → entry.
    hosts: HashMap<String, SiteEntry>,
    companies: Vec<Arc<SandboxCompany>>,
}

/// The registry of the simulated web's hosts.
#[derive(Clone)]
pub struct SiteDirectory {
    db: DatabaseConnection,
    index: Arc<tokio::sync::RwLock<Index>>,
    /// Areas this process already wrote: no write per request.
    written: Arc<Mutex<HashSet<String>>>,
    refreshing: Arc<tokio::sync::Mutex<()>>,
}

impl SiteDirectory {
    /// The database the sandbox keeps its state in.
    pub fn db(&self) -> DatabaseConnection {
        self.db.clone()
    }

    pub fn new(db: DatabaseConnection) -> SiteDirectory {
        SiteDirectory {
            db,
            index: Arc::default(),
            written: Arc::default(),
            refreshing: Arc::new(tokio::sync::Mutex::new(())),
        }
    }

    /// Records that the sources served `naf` in `area` (`"69123"` or `"dep:69"`). A database
    /// error is logged, never returned: the source's answer must not fail because of it.
    pub async fn register_area(&self, naf: &str, area: &str) {
        let key = format!("{naf}|{area}");
        if self.written.lock().unwrap_or_else(|p| p.into_inner()).contains(&key) {
            return;
        }
        let backend = self.db.get_database_backend();
        let statement = portable_statement(
            backend,
            "INSERT INTO sandbox_areas (area, registered_at) VALUES ($1, CURRENT_TIMESTAMP) ON CONFLICT (area) DO NOTHING",
            [key.clone().into()],
        );
        match self.db.execute(statement).await {
            Ok(_) => {
                self.written.lock().unwrap_or_else(|p| p.into_inner()).insert(key);
            }
            Err(e) => tracing::warn!(error = %e, area = %key, "sandbox area not registered"),
        }
    }

    /// The site answering for `host` (any case, with or without `www.`, a port is ignored).
    pub async fn site_for_host(&self, host: &str) -> Option<SiteEntry> {
        self.refresh().await;
        let domain = domain_of(host);
        self.index.read().await.hosts.get(&domain).cloned()
    }

    /// Every registered company, registration order.
    pub async fn companies(&self) -> Vec<Arc<SandboxCompany>> {
        self.refresh().await;
        self.index.read().await.companies.clone()
    }

    /// Rebuilds the index when the table has rows this process has not indexed yet.
    async fn refresh(&self) {
        let backend = self.db.get_database_backend();
        let count =
            match self.db.query_one(portable_statement(backend, "SELECT COUNT(*) AS n FROM sandbox_areas", [])).await {
                Ok(Some(row)) => row.try_get::<i64>("", "n").unwrap_or(0),
                Ok(None) => 0,
                Err(e) => {
                    tracing::warn!(error = %e, "sandbox areas unreadable");
                    return;
                }
            };
        if self.index.read().await.rows == count {
            return;
        }
        let _one_at_a_time = self.refreshing.lock().await;
        if self.index.read().await.rows == count {
            return;
        }
        let rows = match self.db.query_all(portable_statement(backend, "SELECT area FROM sandbox_areas", [])).await {
            Ok(rows) => rows,
            Err(e) => {
                tracing::warn!(error = %e, "sandbox areas unreadable");
                return;
            }
        };
        let known = self.index.read().await.areas.clone();
        let mut fresh: Vec<String> =
            rows.iter().filter_map(|r| r.try_get::<String>("", "area").ok()).filter(|a| !known.contains(a)).collect();
        fresh.sort();
        // Generating a département's companies takes a while: off the async threads.
        let built = tokio::task::spawn_blocking(move || {
            fresh
                .into_iter()
                .map(|area| {
                    let companies = companies_of_area(&area);
                    (area, companies)
                })
                .collect::<Vec<_>>()
        })
        .await
        .unwrap_or_default();
        let mut index = self.index.write().await;
        for (area, companies) in built {
            index.areas.insert(area);
            for company in companies {
                add_company(&mut index, company);
            }
        }
        index.rows = count;
    }
}

fn companies_of_area(area: &str) -> Vec<SandboxCompany> {
    let Some((naf, place)) = area.split_once('|') else { return Vec::new() };
    match place.strip_prefix("dep:") {
        Some(dep) => companies_of_departement(naf, dep),
        None => companies_for(naf, place),
    }
}

fn add_company(index: &mut Index, company: SandboxCompany) {
    if index.companies.iter().any(|c| c.siren == company.siren) {
        return;
    }
    let company = Arc::new(company);
    index.companies.push(company.clone());
    if let Some(site) = site_of(&company) {
        insert_host(index, SiteEntry { company: company.clone(), site: Arc::new(site) });
    }
    if let Some(site) = homonym_site_of(&company) {
        insert_host(index, SiteEntry { company, site: Arc::new(site) });
    }
}

/// Two entries for one domain (the same trade name in two registered communes): a company's own
/// site beats a homonym's, then the smaller SIREN wins, so the answer never depends on the
/// order areas were registered in.
fn insert_host(index: &mut Index, entry: SiteEntry) {
    let domain = entry.site.domain.clone();
    let wins = |new: &SiteEntry, old: &SiteEntry| {
        (new.site.homonym, new.company.siren.as_str()) < (old.site.homonym, old.company.siren.as_str())
    };
    match index.hosts.get(&domain) {
        Some(old) if !wins(&entry, old) => {}
        _ => {
            index.hosts.insert(domain, entry);
        }
    }
}

/// "WWW.Dupont.fr:8080" → "dupont.fr".
fn domain_of(host: &str) -> String {
    let host = host.trim().trim_end_matches('.').to_ascii_lowercase();
    let host = match host.rsplit_once(':') {
        Some((h, port)) if port.bytes().all(|b| b.is_ascii_digit()) && !h.contains(':') => h.to_string(),
        _ => host,
    };
    host.strip_prefix("www.").unwrap_or(&host).to_string()
}

#[async_trait]
impl Zone for SiteDirectory {
    async fn answer(&self, name: &str, kind: RecordKind) -> ZoneAnswer {
        let name = name.trim_end_matches('.').to_ascii_lowercase();
        if MAIL_PROVIDERS.contains(&name.as_str()) || name == DISPOSABLE_PROVIDER {
            return match kind {
                RecordKind::Mx => ZoneAnswer::Mx(vec![(10, format!("mx1.{name}")), (20, format!("mx2.{name}"))]),
                RecordKind::A => ZoneAnswer::A(vec![Ipv4Addr::LOCALHOST]),
                RecordKind::Txt => ZoneAnswer::NoData,
            };
        }
        // The mail exchangers the MX answers name.
        if let Some(rest) = name.strip_prefix("mx.")
            && let Some(entry) = self.site_for_host(rest).await
            && entry.site.status == SiteStatus::Live
            && entry.site.mx
        {
            return if kind == RecordKind::A { ZoneAnswer::A(vec![Ipv4Addr::LOCALHOST]) } else { ZoneAnswer::NoData };
        }
        let Some(entry) = self.site_for_host(&name).await else { return ZoneAnswer::NxDomain };
        let site = &entry.site;
        // `www.` of a bare-domain site and the bare domain of a www site both answer.
        match (site.status, kind) {
            (SiteStatus::Dead, _) => ZoneAnswer::NxDomain,
            (_, RecordKind::A) => ZoneAnswer::A(vec![Ipv4Addr::LOCALHOST]),
            (SiteStatus::Live, RecordKind::Mx) if site.mx && !name.starts_with("www.") => {
                ZoneAnswer::Mx(vec![(10, format!("mx.{}", site.domain))])
            }
            (_, RecordKind::Mx | RecordKind::Txt) => ZoneAnswer::NoData,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Host dispatch

/// State of the [`dispatch`] middleware.
#[derive(Clone)]
pub struct HostDispatch {
    directory: SiteDirectory,
    app_host: String,
}

impl HostDispatch {
    /// `public_url` is the app's own URL: requests for its host are the app's.
    pub fn new(directory: SiteDirectory, public_url: &str) -> HostDispatch {
        let rest = public_url.split_once("://").map_or(public_url, |(_, r)| r);
        let host = rest.split('/').next().unwrap_or("");
        HostDispatch { directory, app_host: strip_port(host).to_ascii_lowercase() }
    }

    fn is_app(&self, host: &str) -> bool {
        matches!(host, "" | "localhost" | "127.0.0.1" | "[::1]" | "::1") || host == self.app_host
    }
}

fn strip_port(host: &str) -> &str {
    if host.starts_with('[') {
        return host.split_once(']').map_or(host, |(h, _)| &host[..h.len() + 1]);
    }
    host.split(':').next().unwrap_or(host)
}

/// Sandbox only: a request whose `Host` is a registered site's gets the simulated site; any
/// other goes on to the app.
pub async fn dispatch(State(state): State<HostDispatch>, request: Request, next: Next) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_string)
        .or_else(|| request.uri().host().map(str::to_string))
        .unwrap_or_default();
    let host = strip_port(host.trim()).trim_end_matches('.').to_ascii_lowercase();
    if state.is_app(&host) {
        return next.run(request).await;
    }
    let Some(entry) = state.directory.site_for_host(&host).await else { return next.run(request).await };
    let path = request.uri().path_and_query().map_or("/", |p| p.as_str()).to_string();
    let page = match *request.method() {
        Method::GET | Method::HEAD => render::render(&entry.site, &path),
        Method::POST => render::submit(&entry.site, &path),
        _ => return StatusCode::METHOD_NOT_ALLOWED.into_response(),
    };
    let Some(page) = page else {
        // A dead domain: its name does not resolve, nothing should get here.
        return (StatusCode::NOT_FOUND, "not found").into_response();
    };
    let head = request.method() == Method::HEAD;
    let mut builder = Response::builder()
        .status(StatusCode::from_u16(page.status).unwrap_or(StatusCode::OK))
        .header(header::CONTENT_TYPE, page.content_type);
    if let Some(location) = &page.location {
        builder = builder.header(header::LOCATION, location);
    }
    let body = if head { Body::empty() } else { Body::from(page.body) };
    builder.body(body).unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}
