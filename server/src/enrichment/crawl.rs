//! The polite crawl of one company website: robots.txt first, then breadth-first over the same
//! origin (scheme + host + port), contact and legal-notice pages before the others, a few pages
//! at most, each read up to a size cap, the whole visit bounded in time. What the pages say
//! ([`PageFacts`]) is aggregated into one [`SiteReport`].
//!
//! Network data never panics the crawl: a page that fails is skipped; only the start page is
//! required, and its failure is a typed [`CrawlError`].

use super::extract::{
    FoundEmail, PageFacts, choose_best_email, decode_html_bytes, decode_windows_1252, extract, extract_vcard,
    resolve_url,
};
use super::ownership::{Owner, ThirdParty};
use crate::net::{Guard, HttpClient, Redirects, refusal};
use crate::prospecting::sources::{HostThrottle, host_of, origin_of};
use prospecta_shared::company::website_domain;
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// Bounds of one site visit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CrawlLimits {
    /// Pages read (HTML or vCard), the start page included.
    pub max_pages: usize,
    /// Bytes read per page; the rest is left unread.
    pub max_page_bytes: usize,
    /// The whole visit, robots.txt and throttling waits included.
    pub total_budget: Duration,
    /// HTTP redirects followed per request.
    pub max_redirects: usize,
}

impl Default for CrawlLimits {
    fn default() -> Self {
        CrawlLimits {
            max_pages: 10,
            max_page_bytes: 1024 * 1024,
            total_budget: Duration::from_secs(60),
            max_redirects: 5,
        }
    }
}

/// Everything the site says about its company.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SiteReport {
    /// The final URL of the start page (after HTTP redirects).
    pub website: String,
    /// No duplicates, discovery order; each with the first page it was read on and the best
    /// confidence seen.
    pub emails: Vec<FoundEmail>,
    /// Addresses read but another organisation's (the ownership stage), with whose.
    pub refused_emails: Vec<(String, ThirdParty)>,
    pub best_email: Option<String>,
    /// E.164, no duplicates.
    pub phones: Vec<String>,
    /// The company's SIREN: the only one found, or the one of the legal notice when several.
    pub siren: Option<String>,
    /// Every SIREN read, discovery order.
    pub sirens: Vec<String>,
    /// The best-scored contact link that was read, absolute (its final URL).
    pub contact_page: Option<String>,
    /// The contact page holds a contact form.
    pub has_form: bool,
    pub social_links: Vec<String>,
    /// The pages read, in order (final URLs).
    pub pages: Vec<String>,
    /// `(final URL, visible text)` of each HTML page read, in order.
    pub texts: Vec<(String, String)>,
}

/// Why the site could not be read (only the start page is required).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CrawlError {
    #[error("adresse invalide : {0}")]
    InvalidUrl(String),
    #[error("nom de domaine introuvable ({0})")]
    Dns(String),
    #[error("connexion sécurisée (TLS) impossible ({0})")]
    Tls(String),
    #[error("connexion impossible ({0})")]
    Connect(String),
    #[error("délai dépassé")]
    Timeout,
    #[error("le site répond HTTP {0}")]
    HttpStatus(u16),
    #[error("la page n'est pas du HTML ({0})")]
    NotHtml(String),
    #[error("trop de redirections ou redirection invalide ({0})")]
    Redirect(String),
    #[error("robots.txt interdit la lecture de cette page")]
    Disallowed,
    #[error("lecture interrompue ({0})")]
    Body(String),
    /// The network policy refused the address (private network, port, scheme): nothing sent.
    #[error("adresse refusée : {0}")]
    Forbidden(String),
}

/// A client for crawling: the sources' browser headers and timeouts, but redirects are not
/// followed by the client (the crawler follows them itself, checking the host and the guard at
/// each hop). `guard` resolves names (the configured resolver: a local one in the sandbox and
/// in tests) and refuses what the network policy forbids.
pub fn crawl_client(timeout: Duration, guard: &Guard) -> HttpClient {
    HttpClient::new(
        guard,
        timeout,
        "text/html,application/xhtml+xml,text/vcard;q=0.9,text/plain;q=0.8,*/*;q=0.7",
        Redirects::Manual,
    )
}

// ---------------------------------------------------------------------------------------------
// URLs

/// The path and query of an absolute URL (`/` when empty).
fn path_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let rest = rest.split('#').next().unwrap_or("");
    match rest.find(['/', '?']) {
        Some(i) if rest[i..].starts_with('/') => rest[i..].to_string(),
        Some(i) => format!("/{}", &rest[i..]),
        None => "/".to_string(),
    }
}

/// The key under which a page is visited once: `dir/` and `dir/index.html` are one page.
fn canonical(url: &str) -> String {
    let url = url.split('#').next().unwrap_or(url);
    for index in ["index.html", "index.htm"] {
        if let Some(dir) = url.strip_suffix(index)
            && dir.ends_with('/')
        {
            return dir.to_string();
        }
    }
    url.to_string()
}

/// The registrable-ish domain of the site for choosing the best address; an IP address or a
/// bare host name has none.
fn site_domain(url: &str) -> Option<String> {
    let domain = website_domain(url)?;
    if domain.chars().all(|c| c.is_ascii_digit() || c == '.') || domain.starts_with('[') {
        return None;
    }
    Some(domain)
}

const SKIPPED_EXTENSIONS: &[&str] = &[
    ".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".ico", ".bmp", ".tif", ".tiff", ".avif", ".pdf", ".zip", ".rar",
    ".7z", ".gz", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".odt", ".mp3", ".mp4", ".avi", ".mov", ".webm",
    ".ogg", ".wav", ".css", ".js", ".json", ".xml", ".woff", ".woff2", ".ttf", ".eot", ".exe", ".dmg",
];

fn looks_like_document(url: &str) -> bool {
    let path = path_of(url).to_ascii_lowercase();
    let path = path.split('?').next().unwrap_or("");
    !SKIPPED_EXTENSIONS.iter().any(|e| path.ends_with(e)) && !path.starts_with("/cdn-cgi/")
}

fn is_vcard_url(url: &str) -> bool {
    let path = path_of(url).to_ascii_lowercase();
    let path = path.split('?').next().unwrap_or("");
    path.ends_with(".vcf") || path.ends_with(".vcard")
}

// ---------------------------------------------------------------------------------------------
// robots.txt (RFC 9309, the `*` group)

/// The rules of the `User-agent: *` group. Empty = everything allowed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Robots {
    /// (allow, pattern)
    rules: Vec<(bool, String)>,
}

impl Robots {
    pub fn allow_all() -> Self {
        Robots::default()
    }

    pub fn parse(text: &str) -> Self {
        let mut rules = Vec::new();
        let mut in_star_group = false;
        // A run of user-agent lines opens a group; a rule line ends the run.
        let mut reading_agents = false;
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            let Some((key, value)) = line.split_once(':') else { continue };
            let key = key.trim().to_ascii_lowercase();
            let value = value.trim();
            match key.as_str() {
                "user-agent" => {
                    if !reading_agents {
                        in_star_group = false;
                        reading_agents = true;
                    }
                    if value == "*" {
                        in_star_group = true;
                    }
                }
                "allow" | "disallow" => {
                    reading_agents = false;
                    if in_star_group && !value.is_empty() {
                        rules.push((key == "allow", value.to_string()));
                    }
                }
                _ => {}
            }
        }
        Robots { rules }
    }

    /// Whether `url` may be read: the longest matching rule wins, Allow on a tie.
    pub fn allows(&self, url: &str) -> bool {
        let path = path_of(url);
        let path = percent_decode_unreserved(&path);
        let mut best: Option<(usize, bool)> = None;
        for (allow, pattern) in &self.rules {
            let pattern_dec = percent_decode_unreserved(pattern);
            if pattern_matches(&pattern_dec, &path) {
                let len = pattern_dec.len();
                match best {
                    Some((l, a)) if l > len || (l == len && a) => {}
                    _ => best = Some((len, *allow)),
                }
            }
        }
        best.is_none_or(|(_, allow)| allow)
    }
}

fn percent_decode_unreserved(s: &str) -> String {
    // Compare paths byte for byte after decoding %XX of unreserved characters (enough for
    // `%7E` vs `~`); anything else stays as written.
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && bytes[i + 1].is_ascii_hexdigit()
            && bytes[i + 2].is_ascii_hexdigit()
            && let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16)
            && (v.is_ascii_alphanumeric() || b"-._~".contains(&v))
        {
            out.push(v as char);
            i += 3;
            continue;
        }
        let c = s[i..].chars().next().unwrap_or('?');
        out.push(c);
        i += c.len_utf8().max(1);
    }
    out
}

/// Prefix match with `*` (any run) and a final `$` (end of path).
fn pattern_matches(pattern: &str, path: &str) -> bool {
    let (pattern, anchored) = match pattern.strip_suffix('$') {
        Some(p) => (p, true),
        None => (pattern, false),
    };
    let parts: Vec<&str> = pattern.split('*').collect();
    let mut pos = 0;
    for (i, part) in parts.iter().enumerate() {
        if i == 0 {
            if !path.starts_with(part) {
                return false;
            }
            pos = part.len();
            continue;
        }
        let is_last = i == parts.len() - 1;
        if is_last && anchored {
            return path.len() >= pos + part.len() && path.ends_with(part);
        }
        match path[pos..].find(part) {
            Some(j) => pos += j + part.len(),
            None => return false,
        }
    }
    !anchored || pos == path.len()
}

// ---------------------------------------------------------------------------------------------
// Fetching

struct Fetched {
    final_url: String,
    content_type: String,
    bytes: Vec<u8>,
}

struct Fetcher<'a> {
    http: &'a HttpClient,
    throttle: &'a HostThrottle,
    interval: Duration,
    limits: CrawlLimits,
    deadline: Instant,
}

fn classify(error: &reqwest::Error) -> CrawlError {
    if let Some(refused) = refusal(error) {
        return CrawlError::Forbidden(refused.to_string());
    }
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(s) = source {
        text.push_str(" : ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    let text = text.replace(['\n', '\r'], " ");
    let lower = text.to_lowercase();
    if error.is_timeout() {
        CrawlError::Timeout
    } else if lower.contains("dns") || lower.contains("lookup address") || lower.contains("name or service") {
        CrawlError::Dns(text)
    } else if lower.contains("certificate")
        || lower.contains("tls")
        || lower.contains("ssl")
        || lower.contains("handshake")
    {
        CrawlError::Tls(text)
    } else if error.is_body() || error.is_decode() {
        CrawlError::Body(text)
    } else {
        CrawlError::Connect(text)
    }
}

impl Fetcher<'_> {
    fn remaining(&self) -> Option<Duration> {
        self.deadline.checked_duration_since(Instant::now()).filter(|d| !d.is_zero())
    }

    /// GET `url`, following redirects itself; with `origin`, every hop must stay on it.
    async fn get(&self, url: &str, origin: Option<&str>) -> Result<Fetched, CrawlError> {
        let mut current = url.to_string();
        let mut hops = 0;
        loop {
            if origin_of(&current).is_none() {
                return Err(CrawlError::InvalidUrl(current));
            }
            if let Some(o) = origin
                && origin_of(&current).as_deref() != Some(o)
            {
                return Err(CrawlError::Redirect(format!("vers un autre site : {current}")));
            }
            // Checked before waiting for the host's turn: a refused hop costs no turn.
            let request = self.http.get(&current).map_err(|refused| CrawlError::Forbidden(refused.to_string()))?;
            let remaining = self.remaining().ok_or(CrawlError::Timeout)?;
            let host = host_of(&current);
            match tokio::time::timeout(remaining, self.throttle.wait_turn(&host, self.interval)).await {
                Err(_) => return Err(CrawlError::Timeout),
                Ok(Err(e)) => return Err(CrawlError::Connect(format!("file d'attente : {e}"))),
                Ok(Ok(())) => {}
            }
            let remaining = self.remaining().ok_or(CrawlError::Timeout)?;
            let response = match tokio::time::timeout(remaining, request.send()).await {
                Err(_) => return Err(CrawlError::Timeout),
                Ok(Err(e)) => return Err(classify(&e)),
                Ok(Ok(r)) => r,
            };
            let final_url = response.url().to_string();
            if let Some(o) = origin
                && origin_of(&final_url).as_deref() != Some(o)
            {
                return Err(CrawlError::Redirect(format!("vers un autre site : {final_url}")));
            }
            let status = response.status();
            if status.is_redirection() {
                let location =
                    response.headers().get(reqwest::header::LOCATION).and_then(|v| v.to_str().ok()).map(str::to_string);
                let Some(next) = location.and_then(|l| resolve_url(&final_url, &l)) else {
                    return Err(CrawlError::Redirect(format!("HTTP {} sans Location valide", status.as_u16())));
                };
                hops += 1;
                if hops > self.limits.max_redirects {
                    return Err(CrawlError::Redirect(format!("plus de {} redirections", self.limits.max_redirects)));
                }
                current = next;
                continue;
            }
            if !status.is_success() {
                return Err(CrawlError::HttpStatus(status.as_u16()));
            }
            let content_type = response
                .headers()
                .get(reqwest::header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_ascii_lowercase();
            let remaining = self.remaining().ok_or(CrawlError::Timeout)?;
            let bytes = match tokio::time::timeout(remaining, read_capped(response, self.limits.max_page_bytes)).await {
                Err(_) => return Err(CrawlError::Timeout),
                Ok(r) => r?,
            };
            return Ok(Fetched { final_url, content_type, bytes });
        }
    }
}

/// At most `cap` bytes of the body; the rest is left unread (not an error).
async fn read_capped(mut response: reqwest::Response, cap: usize) -> Result<Vec<u8>, CrawlError> {
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| classify(&e))? {
        let room = cap.saturating_sub(body.len());
        body.extend_from_slice(&chunk[..chunk.len().min(room)]);
        if body.len() >= cap {
            break;
        }
    }
    Ok(body)
}

/// Text of a page: the Content-Type charset when it names a legacy single-byte encoding, else
/// UTF-8 when valid, else windows-1252. A UTF-8 sequence cut by the size cap is dropped.
fn decode_page(bytes: &[u8], content_type: &str) -> String {
    let charset = content_type
        .split(';')
        .filter_map(|p| p.trim().strip_prefix("charset="))
        .next()
        .map(|c| c.trim_matches(['"', '\'', ' ']).to_ascii_lowercase());
    if let Some(c) = charset.as_deref()
        && matches!(c, "windows-1252" | "cp1252" | "iso-8859-1" | "iso8859-1" | "latin1" | "latin-1" | "us-ascii")
    {
        return decode_windows_1252(bytes);
    }
    match std::str::from_utf8(bytes) {
        Err(e) if e.error_len().is_none() => decode_html_bytes(&bytes[..e.valid_up_to()]),
        _ => decode_html_bytes(bytes),
    }
}

enum Kind {
    Html,
    VCard,
    Other,
}

fn kind_of(content_type: &str, url: &str) -> Kind {
    let mime = content_type.split(';').next().unwrap_or("").trim();
    if mime.contains("vcard") || mime == "text/directory" || mime == "text/x-vcard" {
        return Kind::VCard;
    }
    if mime.is_empty() || mime.contains("html") {
        return Kind::Html;
    }
    if is_vcard_url(url) && (mime.starts_with("text/") || mime == "application/octet-stream") {
        return Kind::VCard;
    }
    Kind::Other
}

// ---------------------------------------------------------------------------------------------
// Priorities

const LEGAL_WORDS: &[&str] = &["mentions", "legal", "légal", "cgv", "informations-legales"];
const ABOUT_WORDS: &[&str] =
    &["qui-sommes-nous", "qui sommes-nous", "qui sommes nous", "a-propos", "à propos", "a propos", "about", "societe"];

fn is_legal(text: &str, url: &str) -> bool {
    let t = text.to_lowercase();
    let p = path_of(url).to_lowercase();
    LEGAL_WORDS.iter().any(|w| t.contains(w) || p.contains(w))
}

/// How early to read a link: contact pages (their score), vCards, legal notice, about pages.
fn link_priority(text: &str, url: &str, contact_score: u8) -> u8 {
    let mut p = contact_score;
    if is_vcard_url(url) {
        p = p.max(88);
    }
    if is_legal(text, url) {
        p = p.max(85);
    }
    let t = text.to_lowercase();
    let path = path_of(url).to_lowercase();
    if ABOUT_WORDS.iter().any(|w| t.contains(w) || path.contains(w)) {
        p = p.max(50);
    }
    p
}

/// The text of each `a`/`area` link of the page, by absolute URL (texts of one URL joined).
fn link_texts(html: &str, page_url: &str) -> HashMap<String, String> {
    let doc = scraper::Html::parse_document(html);
    let mut texts: HashMap<String, String> = HashMap::new();
    let Ok(selector) = scraper::Selector::parse("a[href], area[href]") else { return texts };
    for el in doc.select(&selector) {
        let Some(href) = el.value().attr("href") else { continue };
        let Some(url) = resolve_url(page_url, href) else { continue };
        let mut text: String = el.text().collect::<Vec<_>>().join(" ");
        for attr in ["title", "aria-label"] {
            if let Some(v) = el.value().attr(attr) {
                text.push(' ');
                text.push_str(v);
            }
        }
        let entry = texts.entry(canonical(&url)).or_default();
        entry.push(' ');
        entry.push_str(&text);
    }
    texts
}

/// Links waiting to be read, at most (contact and legal links are always kept).
const MAX_FRONTIER: usize = 500;

struct Candidate {
    url: String,
    priority: u8,
    depth: usize,
    seq: usize,
}

// ---------------------------------------------------------------------------------------------
// The crawl

struct Page {
    key: String,
    url: String,
    facts: PageFacts,
    legal: bool,
}

/// Crawl one company site from `start_url` (see the module doc). Only the start page must be
/// readable; later failures are skipped.
pub async fn crawl_site(
    http: &HttpClient,
    throttle: &HostThrottle,
    interval: Duration,
    start_url: &str,
    limits: CrawlLimits,
) -> Result<SiteReport, CrawlError> {
    let start_url = start_url.trim();
    let start_origin = origin_of(start_url).ok_or_else(|| CrawlError::InvalidUrl(start_url.to_string()))?;
    let fetcher = Fetcher { http, throttle, interval, limits, deadline: Instant::now() + limits.total_budget };

    let mut robots = fetch_robots(&fetcher, &start_origin).await;
    if !robots.allows(start_url) {
        return Err(CrawlError::Disallowed);
    }
    let start = fetcher.get(start_url, None).await?;
    let site_origin = origin_of(&start.final_url).ok_or_else(|| CrawlError::InvalidUrl(start.final_url.clone()))?;
    if site_origin != start_origin {
        robots = fetch_robots(&fetcher, &site_origin).await;
        if !robots.allows(&start.final_url) {
            return Err(CrawlError::Disallowed);
        }
    }
    if !matches!(kind_of(&start.content_type, &start.final_url), Kind::Html) {
        return Err(CrawlError::NotHtml(start.content_type.clone()));
    }

    let mut frontier: Vec<Candidate> = Vec::new();
    let mut visited: Vec<String> = vec![canonical(start_url), canonical(&start.final_url)];
    let mut pages: Vec<Page> = Vec::new();
    let mut legal_keys: Vec<String> = Vec::new();
    let mut contact_scores: Vec<(String, String, u8)> = Vec::new(); // (key, url, score)
    let mut seq = 0;

    let mut enqueue_page = |fetched: &Fetched,
                            depth: usize,
                            frontier: &mut Vec<Candidate>,
                            pages: &mut Vec<Page>,
                            legal_keys: &mut Vec<String>,
                            contact_scores: &mut Vec<(String, String, u8)>,
                            is_vcard: bool| {
        let text = decode_page(&fetched.bytes, &fetched.content_type);
        let url = fetched.final_url.clone();
        let key = canonical(&url);
        if is_vcard {
            let facts = extract_vcard(&text, &url);
            pages.push(Page { key, url, facts, legal: false });
            return;
        }
        let facts = extract(&text, &url);
        let texts = link_texts(&text, &url);
        for (link, score) in &facts.contact_links {
            let k = canonical(link);
            if !contact_scores.iter().any(|(ck, _, s)| *ck == k && s >= score) {
                contact_scores.retain(|(ck, _, _)| *ck != k);
                contact_scores.push((k, link.clone(), *score));
            }
        }
        let links = facts.links.iter().chain(facts.vcard_links.iter());
        for link in links {
            if origin_of(link).as_deref() != Some(site_origin.as_str()) || !looks_like_document(link) {
                continue;
            }
            let k = canonical(link);
            let text = texts.get(&k).map(String::as_str).unwrap_or("");
            if is_legal(text, link) && !legal_keys.contains(&k) {
                legal_keys.push(k.clone());
            }
            let contact = facts.contact_links.iter().filter(|(u, _)| canonical(u) == k).map(|(_, s)| *s).max();
            let priority = link_priority(text, link, contact.unwrap_or(0));
            let full = frontier.len() >= MAX_FRONTIER;
            match frontier.iter_mut().find(|c| canonical(&c.url) == k) {
                Some(c) => c.priority = c.priority.max(priority),
                // A page with thousands of links must not make the frontier quadratic.
                None if full && priority == 0 => {}
                None => {
                    seq += 1;
                    frontier.push(Candidate { url: link.clone(), priority, depth: depth + 1, seq });
                }
            }
        }
        let legal = legal_keys.contains(&key) || is_legal("", &url);
        pages.push(Page { key, url, facts, legal });
    };

    enqueue_page(&start, 0, &mut frontier, &mut pages, &mut legal_keys, &mut contact_scores, false);

    let mut attempts = 0;
    while pages.len() < limits.max_pages && attempts < limits.max_pages * 3 && fetcher.remaining().is_some() {
        frontier.retain(|c| !visited.contains(&canonical(&c.url)));
        let Some(best) = frontier
            .iter()
            .enumerate()
            .min_by_key(|(_, c)| (std::cmp::Reverse(c.priority), c.depth, c.seq))
            .map(|(i, _)| i)
        else {
            break;
        };
        let candidate = frontier.swap_remove(best);
        visited.push(canonical(&candidate.url));
        if !robots.allows(&candidate.url) {
            continue;
        }
        attempts += 1;
        let Ok(fetched) = fetcher.get(&candidate.url, Some(&site_origin)).await else { continue };
        let final_key = canonical(&fetched.final_url);
        if final_key != canonical(&candidate.url) {
            if pages.iter().any(|p| p.key == final_key) || !robots.allows(&fetched.final_url) {
                continue;
            }
            visited.push(final_key);
        }
        let vcard = match kind_of(&fetched.content_type, &fetched.final_url) {
            Kind::Html => false,
            Kind::VCard => true,
            Kind::Other => continue,
        };
        enqueue_page(&fetched, candidate.depth, &mut frontier, &mut pages, &mut legal_keys, &mut contact_scores, vcard);
    }

    Ok(aggregate(start.final_url.clone(), pages, &legal_keys, contact_scores))
}

async fn fetch_robots(fetcher: &Fetcher<'_>, origin: &str) -> Robots {
    let url = format!("{origin}/robots.txt");
    match fetcher.get(&url, Some(origin)).await {
        Ok(fetched) => {
            let mime = fetched.content_type.split(';').next().unwrap_or("").trim().to_string();
            if mime.contains("html") {
                // A soft 404 (an HTML page served for every path) is no robots.txt.
                Robots::allow_all()
            } else {
                Robots::parse(&decode_page(&fetched.bytes, &fetched.content_type))
            }
        }
        Err(_) => Robots::allow_all(),
    }
}

fn aggregate(
    website: String,
    pages: Vec<Page>,
    legal_keys: &[String],
    contact_scores: Vec<(String, String, u8)>,
) -> SiteReport {
    let mut report = SiteReport { website, ..SiteReport::default() };
    let mut siren_on_legal: Option<String> = None;
    for page in &pages {
        report.pages.push(page.url.clone());
        if !page.facts.text.is_empty() {
            report.texts.push((page.url.clone(), page.facts.text.clone()));
        }
        for e in &page.facts.emails {
            match report.emails.iter_mut().find(|x| x.value == e.value) {
                Some(x) => {
                    if e.confidence > x.confidence {
                        x.confidence = e.confidence;
                        x.method = e.method;
                    }
                }
                None => report.emails.push(e.clone()),
            }
        }
        for p in &page.facts.phones {
            if !report.phones.contains(p) {
                report.phones.push(p.clone());
            }
        }
        for s in &page.facts.sirens {
            if !report.sirens.contains(s) {
                report.sirens.push(s.clone());
            }
            if (page.legal || legal_keys.contains(&page.key)) && siren_on_legal.is_none() {
                siren_on_legal = Some(s.clone());
            }
        }
        for s in &page.facts.social_links {
            if !report.social_links.contains(s) {
                report.social_links.push(s.clone());
            }
        }
    }
    // The ownership stage again, site-wide: a domain one page attributes to a third party (the
    // maker's credit on the legal notice) disowns its addresses read on every other page.
    let mut owner = Owner::new(&report.website);
    for page in &pages {
        owner.absorb(&page.facts.third_party_domains);
    }
    for (value, party) in pages.iter().flat_map(|p| p.facts.refused_emails.iter()) {
        if !report.refused_emails.iter().any(|(v, _)| v == value) {
            report.refused_emails.push((value.clone(), *party));
        }
    }
    let mut kept = Vec::new();
    for e in std::mem::take(&mut report.emails) {
        match owner.judge(&e.value, None) {
            _ if report.refused_emails.iter().any(|(v, _)| *v == e.value) => {}
            Ok(()) => kept.push(e),
            Err(party) => report.refused_emails.push((e.value, party)),
        }
    }
    report.emails = kept;
    report.siren = match report.sirens.len() {
        0 => None,
        1 => report.sirens.first().cloned(),
        _ => siren_on_legal.or_else(|| report.sirens.first().cloned()),
    };
    // The best-scored contact link that was read (first seen on a tie).
    let mut best: Option<(&Page, u8)> = None;
    for (key, _, score) in &contact_scores {
        if let Some(page) = pages.iter().find(|p| p.key == *key || canonical(&p.url) == *key)
            && best.is_none_or(|(_, s)| *score > s)
        {
            best = Some((page, *score));
        }
    }
    if let Some((page, _)) = best {
        report.contact_page = Some(page.url.clone());
        report.has_form = page.facts.has_form;
    }
    let values: Vec<String> = report.emails.iter().map(|e| e.value.clone()).collect();
    report.best_email = choose_best_email(&values, site_domain(&report.website).as_deref());
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_domain_one_page_attributes_to_a_third_party_disowns_its_addresses_on_every_page() {
        let email = |value: &str| FoundEmail {
            value: value.into(),
            source_url: "https://x.fr/equipe".into(),
            method: super::super::extract::EmailMethod::Text,
            confidence: 90,
        };
        let page = |url: &str, facts: PageFacts| Page { key: canonical(url), url: url.into(), facts, legal: false };
        let home = PageFacts {
            third_party_domains: vec!["pixel.fr".into()],
            refused_emails: vec![("bonjour@pixel.fr".into(), ThirdParty::MakerOrHost)],
            ..PageFacts::default()
        };
        let team = PageFacts {
            emails: vec![email("studio@pixel.fr"), email("contact@x.fr"), email("bonjour@pixel.fr")],
            ..PageFacts::default()
        };
        let pages = vec![page("https://x.fr/", home), page("https://x.fr/equipe", team)];
        let report = aggregate("https://x.fr/".into(), pages, &[], Vec::new());
        assert_eq!(report.emails.iter().map(|e| e.value.as_str()).collect::<Vec<_>>(), ["contact@x.fr"]);
        assert_eq!(
            report.refused_emails,
            [
                ("bonjour@pixel.fr".to_string(), ThirdParty::MakerOrHost),
                ("studio@pixel.fr".to_string(), ThirdParty::ThirdPartyDomain)
            ]
        );
        assert_eq!(report.best_email.as_deref(), Some("contact@x.fr"));
    }

    #[test]
    fn robots_rules_of_the_star_group() {
        let r = Robots::parse(
            "User-agent: Googlebot\nDisallow: /\n\nUser-agent: *\nDisallow: /a/espace-pro/\nAllow: /a/espace-pro/public\nDisallow: /*.pdf$\n",
        );
        assert!(r.allows("http://h.fr/"));
        assert!(r.allows("http://h.fr/a/contact.html"));
        assert!(!r.allows("http://h.fr/a/espace-pro/"));
        assert!(!r.allows("http://h.fr/a/espace-pro/x.html"));
        assert!(r.allows("http://h.fr/a/espace-pro/public.html"));
        assert!(!r.allows("http://h.fr/doc/tarifs.pdf"));
        assert!(r.allows("http://h.fr/doc/tarifs.pdf?x"));
        assert!(Robots::parse("").allows("http://h.fr/x"));
        assert!(Robots::parse("User-agent: *\nDisallow:\n").allows("http://h.fr/x"));
        assert!(!Robots::parse("User-agent: *\nDisallow: /\n").allows("http://h.fr/x"));
    }

    #[test]
    fn urls_and_priorities() {
        assert_eq!(origin_of("HTTP://Ex.fr:8080/a?b").as_deref(), Some("http://ex.fr:8080"));
        assert_eq!(origin_of("mailto:a@b.fr"), None);
        assert_eq!(path_of("http://h.fr"), "/");
        assert_eq!(path_of("http://h.fr/a/b?c=1#d"), "/a/b?c=1");
        assert_eq!(canonical("http://h.fr/a/index.html"), "http://h.fr/a/");
        assert_eq!(site_domain("http://127.0.0.1:8080/x/"), None);
        assert_eq!(site_domain("https://www.dupont.fr/").as_deref(), Some("dupont.fr"));
        assert!(
            link_priority("Mentions légales", "http://h.fr/ml.html", 0)
                > link_priority("Nos services", "http://h.fr/s.html", 0)
        );
        assert!(!looks_like_document("http://h.fr/logo.png"));
        assert!(!looks_like_document("http://h.fr/cdn-cgi/l/email-protection"));
    }

    #[test]
    fn page_decoding_honours_the_header_and_the_cap() {
        assert_eq!(decode_page(b"caf\xe9", "text/html; charset=ISO-8859-1"), "café");
        assert_eq!(decode_page("café".as_bytes(), "text/html"), "café");
        // "é" cut in the middle by the size cap: the page stays UTF-8.
        assert_eq!(decode_page(&"caféé".as_bytes()[..6], "text/html"), "café");
        assert_eq!(decode_page(b"caf\xe9 ok", "text/html"), "café ok");
    }
}
