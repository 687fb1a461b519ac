//! Web search behind one small interface, so discovery does not care which engine answers.
//! [`BraveSearch`] speaks Brave Search API's wire format (`GET /res/v1/web/search`, key in
//! `X-Subscription-Token`); the sandbox serves the same format from its simulated web.

use crate::prospecting::sources::{HostThrottle, encode, host_of, read_body};
use async_trait::async_trait;
use serde::Deserialize;
use std::time::Duration;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchHit {
    pub url: String,
    pub title: String,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SearchError {
    #[error("clé du moteur de recherche refusée (HTTP {0})")]
    Unauthorized(u16),
    #[error("quota du moteur de recherche atteint")]
    RateLimited,
    #[error("moteur de recherche indisponible ({0})")]
    Unavailable(String),
    #[error("réponse illisible du moteur de recherche ({0})")]
    Malformed(String),
}

#[async_trait]
pub trait WebSearch: Send + Sync {
    async fn search(&self, query: &str, count: usize) -> Result<Vec<SearchHit>, SearchError>;
}

/// Brave Search API (or anything speaking its wire format at `base_url`).
pub struct BraveSearch {
    base_url: String,
    api_key: String,
    http: crate::net::HttpClient,
    throttle: HostThrottle,
    interval: Duration,
}

impl BraveSearch {
    pub fn new(
        base_url: &str,
        api_key: &str,
        http: crate::net::HttpClient,
        throttle: HostThrottle,
        interval: Duration,
    ) -> Self {
        BraveSearch {
            base_url: base_url.trim_end_matches('/').to_string(),
            api_key: api_key.to_string(),
            http,
            throttle,
            interval,
        }
    }
}

#[derive(Deserialize)]
struct BraveResponse {
    #[serde(default)]
    web: Option<BraveWeb>,
}

#[derive(Deserialize)]
struct BraveWeb {
    #[serde(default)]
    results: Vec<BraveResult>,
}

#[derive(Deserialize)]
struct BraveResult {
    url: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    description: String,
}

/// Brave marks query terms in titles and snippets with `<strong>`; we match on plain text.
fn strip_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&").replace("&#39;", "'").replace("&quot;", "\"")
}

/// The hits of a Brave response body.
pub fn parse_brave(body: &str) -> Result<Vec<SearchHit>, SearchError> {
    let parsed: BraveResponse = serde_json::from_str(body).map_err(|e| SearchError::Malformed(e.to_string()))?;
    Ok(parsed
        .web
        .map(|w| w.results)
        .unwrap_or_default()
        .into_iter()
        .filter(|r| r.url.starts_with("http://") || r.url.starts_with("https://"))
        .map(|r| SearchHit { url: r.url, title: strip_tags(&r.title), description: strip_tags(&r.description) })
        .collect())
}

#[async_trait]
impl WebSearch for BraveSearch {
    async fn search(&self, query: &str, count: usize) -> Result<Vec<SearchHit>, SearchError> {
        let url = format!("{}/res/v1/web/search", self.base_url);
        self.throttle
            .wait_turn(&host_of(&url), self.interval)
            .await
            .map_err(|e| SearchError::Unavailable(e.to_string()))?;
        let url = format!("{url}?q={}&count={}&country=fr&search_lang=fr", encode(query), count.clamp(1, 20));
        let response = self
            .http
            .get(&url)
            .map_err(|refused| SearchError::Unavailable(refused.to_string()))?
            .header("X-Subscription-Token", &self.api_key)
            .header(reqwest::header::ACCEPT, "application/json")
            .send()
            .await
            .map_err(|e| SearchError::Unavailable(e.to_string()))?;
        match response.status().as_u16() {
            200 => {}
            401 | 403 => return Err(SearchError::Unauthorized(response.status().as_u16())),
            429 => return Err(SearchError::RateLimited),
            status => return Err(SearchError::Unavailable(format!("HTTP {status}"))),
        }
        let body = read_body(response).await.map_err(SearchError::Unavailable)?;
        parse_brave(&body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brave_bodies_parse_leniently() {
        let body = r#"{"type":"search","query":{"original":"dupont plomberie lyon"},"web":{"type":"search","results":[
            {"title":"<strong>Dupont</strong> Plomberie &amp; fils","url":"https://www.dupont-plomberie.fr/","description":"Plombier à <strong>Lyon</strong>","profile":{"name":"Dupont"}},
            {"title":"no url scheme","url":"ftp://x.fr/","description":""},
            {"url":"https://www.pagesjaunes.fr/pros/123"}]}}"#;
        let hits = parse_brave(body).unwrap();
        assert_eq!(hits.len(), 2);
        assert_eq!(hits[0].title, "Dupont Plomberie & fils");
        assert_eq!(hits[0].description, "Plombier à Lyon");
        assert_eq!(hits[1].title, "");
        assert_eq!(parse_brave(r#"{"type":"search"}"#).unwrap(), vec![]);
        assert!(matches!(parse_brave("<html>"), Err(SearchError::Malformed(_))));
    }
}
