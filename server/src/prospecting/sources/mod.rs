//! Where companies come from. Every source speaks its own wire format behind one [`Source`]
//! interface: it turns a target area into queries, and a query page into [`SourceCompany`]
//! records plus the way to the next page. Sources never write to the database; the generation
//! job stores what they return.

pub mod open_data;
pub mod pagesjaunes;
mod throttle;

pub use throttle::HostThrottle;

use super::area::Area;
use crate::net::{Guard, HttpClient, Redirects, refusal};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use prospecta_shared::company::{Phone, Siret, WebsiteUrl};
use std::time::Duration;

prospecta_shared::stored_enum! {
    /// An outside source of companies (`source_pages.source`, and the `source` of its facts).
    pub enum SourceId {
        PagesJaunes = "pagesjaunes",
        OpenData = "recherche_entreprises",
    }
}

impl SourceId {
    pub fn label_fr(self) -> &'static str {
        match self {
            SourceId::PagesJaunes => "PagesJaunes",
            SourceId::OpenData => "Annuaire des entreprises (État)",
        }
    }
}

/// One company as a source describes it. Empty values are `None`, never `""`. The SIRET, the
/// phones and the website are checked where the source's page is read (each source's adapter):
/// a value that does not parse (a SIRET failing INSEE's checksum, a foreign number, a link to an
/// IP address) is left out rather than stored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceCompany {
    pub name: String,
    pub legal_name: Option<String>,
    /// Other names the company is known by (trade names), for matching across sources.
    pub other_names: Vec<String>,
    pub siren: Option<String>,
    pub siret: Option<Siret>,
    pub street: Option<String>,
    pub postal_code: Option<String>,
    pub city: Option<String>,
    pub insee_code: Option<String>,
    pub naf_code: Option<String>,
    pub headcount: Option<String>,
    pub created_on: Option<String>,
    pub phones: Vec<Phone>,
    pub website: Option<WebsiteUrl>,
    pub email: Option<String>,
    pub pj_id: Option<String>,
    pub marketing_opposition: bool,
    /// The page the record was read on (provenance).
    pub source_url: String,
}

impl SourceCompany {
    /// The company's SIREN: the source's, or the first nine digits of its SIRET.
    pub fn siren_or_from_siret(&self) -> Option<String> {
        self.siren.clone().or_else(|| self.siret.as_ref().map(|s| s.siren().to_string()))
    }
}

/// One page of one query.
#[derive(Debug, Clone, Default)]
pub struct SourcePage {
    pub companies: Vec<SourceCompany>,
    /// What the source says the whole query holds, when it says it.
    pub total_results: Option<u32>,
    pub next_url: Option<String>,
}

/// A query a source runs for an area: a stable key (for resumption and reuse across clients)
/// and the URL of its first page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceQuery {
    pub key: String,
    pub first_url: String,
    /// Results per page, to turn a total into a page count for the progress bar.
    pub page_size: u32,
}

/// Why a source did not give a page. Each maps to a job status the client can read.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum SourceError {
    /// Anti-bot page, 403 or 429: the source asks us to slow down. Come back at `retry_at`.
    #[error("source blocked us until {retry_at}")]
    Blocked { retry_at: DateTime<Utc> },
    /// Timeout, 5xx, connection refused: try again later.
    #[error("source unavailable ({reason}), retry at {retry_at}")]
    Unavailable { reason: String, retry_at: DateTime<Utc> },
    /// The request itself is wrong (400): retrying will not help.
    #[error("source refused the query: {0}")]
    Refused(String),
}

impl SourceError {
    pub fn retry_at(&self) -> Option<DateTime<Utc>> {
        match self {
            SourceError::Blocked { retry_at } | SourceError::Unavailable { retry_at, .. } => Some(*retry_at),
            SourceError::Refused(_) => None,
        }
    }
}

#[async_trait]
pub trait Source: Send + Sync {
    fn id(&self) -> SourceId;
    /// The queries that cover `area` for `sector` (an activity word) / `naf_code`.
    fn queries(&self, sector: &str, naf_code: Option<&str>, area: &Area) -> Vec<SourceQuery>;
    /// Fetch and read one page. Politeness (per-host spacing) happens inside.
    async fn fetch(&self, url: &str) -> Result<SourcePage, SourceError>;
}

/// The HTTP client every source uses: a real browser's headers, bounded time, no cookies kept
/// between requests (each page is a fresh visit), redirects followed through the guard.
pub fn http_client(timeout: Duration, guard: &Guard) -> HttpClient {
    HttpClient::new(
        guard,
        timeout,
        "text/html,application/xhtml+xml,application/xml;q=0.9,application/json;q=0.8,*/*;q=0.7",
        Redirects::Follow(5),
    )
}

/// Largest body we read from a source: a real results page is ~300 kB.
pub const MAX_BODY: usize = 5 * 1024 * 1024;

/// The body of a response, at most [`MAX_BODY`] bytes, decoded as UTF-8 with replacement.
/// Time and size are bounded so a slow drip or a huge page cannot hold a worker.
pub async fn read_body(mut response: reqwest::Response) -> Result<String, String> {
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| e.to_string())? {
        body.extend_from_slice(&chunk);
        if body.len() > MAX_BODY {
            return Err(format!("réponse trop volumineuse (> {} Mo)", MAX_BODY / 1024 / 1024));
        }
    }
    Ok(String::from_utf8_lossy(&body).into_owned())
}

/// What an HTTP status means for a source: 403 and 429 are "you are going too fast", honouring
/// `Retry-After` when given; 5xx are outages.
pub fn classify_status(response: &reqwest::Response) -> Option<SourceError> {
    let status = response.status();
    let retry_after = response
        .headers()
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<i64>().ok())
        .map(|secs| secs.clamp(1, 24 * 3600));
    if status.as_u16() == 403 || status.as_u16() == 429 {
        let wait = retry_after.unwrap_or(BLOCKED_WAIT_SECS);
        return Some(SourceError::Blocked { retry_at: Utc::now() + chrono::Duration::seconds(wait) });
    }
    if status.is_server_error() {
        let wait = retry_after.unwrap_or(UNAVAILABLE_WAIT_SECS);
        return Some(SourceError::Unavailable {
            reason: format!("HTTP {}", status.as_u16()),
            retry_at: Utc::now() + chrono::Duration::seconds(wait),
        });
    }
    if status.is_client_error() && status.as_u16() != 404 {
        return Some(SourceError::Refused(format!("HTTP {}", status.as_u16())));
    }
    None
}

/// Wait for our turn on the URL's host, GET it and read the body. `Ok(None)` is a 404 (nothing
/// there); every other failure is typed for the job's status.
pub async fn polite_get(
    http: &HttpClient,
    throttle: &HostThrottle,
    interval: Duration,
    url: &str,
    accept: &'static str,
) -> Result<Option<String>, SourceError> {
    // A refused address costs no turn of the host's throttle.
    let request = http.get(url).map_err(|refused| SourceError::Refused(refused.to_string()))?;
    throttle.wait_turn(&host_of(url), interval).await.map_err(|e| unavailable(format!("base : {e}")))?;
    let response = request.header(reqwest::header::ACCEPT, accept).send().await.map_err(|e| match refusal(&e) {
        Some(refused) => SourceError::Refused(refused.to_string()),
        None if e.is_timeout() => unavailable("délai dépassé"),
        None => unavailable(format!("connexion : {e}")),
    })?;
    if let Some(error) = classify_status(&response) {
        return Err(error);
    }
    if response.status().as_u16() == 404 {
        return Ok(None);
    }
    read_body(response).await.map(Some).map_err(unavailable)
}

/// `scheme://host[:port]`, lower-case; `None` unless http(s).
pub fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let host = rest.split(['/', '?', '#']).next()?.to_ascii_lowercase();
    let host = host.rsplit_once('@').map_or(host.as_str(), |(_, h)| h).to_string();
    (!host.is_empty()).then(|| format!("{scheme}://{host}"))
}

/// The host (and port) of a URL, lower-case: the key of per-host politeness.
pub fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    rest.split(['/', '?', '#']).next().unwrap_or(rest).to_ascii_lowercase()
}

/// An anti-bot wall usually lifts within the quarter hour; hammering it only extends it.
pub const BLOCKED_WAIT_SECS: i64 = 15 * 60;
pub const UNAVAILABLE_WAIT_SECS: i64 = 5 * 60;

pub fn unavailable(reason: impl std::fmt::Display) -> SourceError {
    SourceError::Unavailable {
        reason: reason.to_string(),
        retry_at: Utc::now() + chrono::Duration::seconds(UNAVAILABLE_WAIT_SECS),
    }
}

/// `lyon`, `saint-etienne`: PagesJaunes' place slugs, also used in our query keys.
pub fn slug(text: &str) -> String {
    super::taxonomy::normalize(text).split(' ').filter(|w| !w.is_empty()).collect::<Vec<_>>().join("-")
}

/// Percent-encoding for query-string values (RFC 3986 unreserved characters kept).
pub fn encode(value: &str) -> String {
    prospecta_shared::format::percent_encode(value, b"")
}
