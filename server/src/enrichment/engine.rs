//! The enrichment engine of this process, built once from the configuration: the resolver
//! (the sandbox's own DNS server when in sandbox mode), the crawler's client, the search
//! provider and the LLM.

use super::crawl::{CrawlLimits, crawl_client};
use super::email_check::EmailChecker;
use super::pipeline::Enricher;
use super::search::{BraveSearch, WebSearch};
use crate::net::Guard;
use crate::net::dns::DnsError;
use crate::prospecting::sources::{HostThrottle, http_client};
use crate::state::AppState;
use std::sync::Arc;

#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error(transparent)]
    Dns(#[from] DnsError),
}

/// The engine of this process (built on first use, then shared by every job).
pub async fn engine(app: &AppState) -> Result<Arc<Enricher>, EngineError> {
    app.enricher.get_or_try_init(|| build(app)).await.cloned()
}

async fn build(app: &AppState) -> Result<Arc<Enricher>, EngineError> {
    let cfg = &app.config.enrichment;
    let dns = app.resolver().await?;
    // In the sandbox every simulated site is reached on this server's port, as the real crawler
    // would reach port 80/443.
    let dns = if app.config.is_sandbox() { dns.with_http_port(app.config.bind.port()) } else { dns };
    let throttle = HostThrottle::new(app.db.clone());
    // One guard for the crawler and the browser's proxy: the configured resolver, the policy.
    let guard = Guard::with_dns(app.config.net.clone(), dns.clone());
    let search: Option<Arc<dyn WebSearch>> = cfg.search.as_ref().map(|s| {
        Arc::new(BraveSearch::new(
            &s.base_url,
            &s.api_key,
            http_client(cfg.page_timeout, &guard),
            throttle.clone(),
            s.interval,
        )) as Arc<dyn WebSearch>
    });
    Ok(Arc::new(Enricher {
        http: crawl_client(cfg.page_timeout, &guard),
        throttle,
        interval: cfg.interval,
        limits: CrawlLimits { max_pages: cfg.max_pages, total_budget: cfg.site_budget, ..CrawlLimits::default() },
        candidate_pages: cfg.max_pages.min(5),
        emails: EmailChecker::new(dns.clone()),
        dns,
        search,
        llm: app.llm.clone(),
        guess_schemes: cfg.guess_schemes.clone(),
        max_search_hits: 4,
        max_guesses: 6,
    }))
}
