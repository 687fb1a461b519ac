//! [`HttpClient`]: the only way the product builds an HTTP client for addresses it fetches
//! (sources, crawler, search). A real browser's headers, bounded time, no system proxy (a proxy
//! would resolve names itself, out of the guard's sight), names resolved through the
//! [`Guard`], each URL checked before its request and each redirect hop checked again.

use super::{Guard, NetError};
use std::sync::Arc;
use std::time::Duration;

/// What the client does with redirects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Redirects {
    /// Followed up to this many hops, each one checked by the guard.
    Follow(usize),
    /// Returned to the caller, which follows them itself (the crawler, which also keeps to one
    /// site) and checks each hop with [`HttpClient::get`].
    Manual,
}

/// A guarded client, cheap to clone.
#[derive(Clone, Debug)]
pub struct HttpClient {
    inner: reqwest::Client,
    guard: Guard,
}

const USER_AGENT: &str =
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

impl HttpClient {
    /// A client that looks like Chrome in French, with the given `Accept`.
    pub fn new(guard: &Guard, timeout: Duration, accept: &'static str, redirects: Redirects) -> Self {
        use reqwest::header::{ACCEPT, ACCEPT_LANGUAGE, HeaderMap, HeaderValue};
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static(accept));
        headers.insert(ACCEPT_LANGUAGE, HeaderValue::from_static("fr-FR,fr;q=0.9,en;q=0.6"));
        let redirect = match redirects {
            Redirects::Manual => reqwest::redirect::Policy::none(),
            Redirects::Follow(max) => {
                let policy = guard.policy.clone();
                reqwest::redirect::Policy::custom(move |attempt| {
                    if attempt.previous().len() >= max {
                        return attempt.error(format!("plus de {max} redirections"));
                    }
                    match policy.check_parsed(attempt.url()) {
                        Ok(()) => attempt.follow(),
                        Err(refused) => {
                            tracing::warn!(url = %attempt.url(), "redirection refusée : {refused}");
                            attempt.error(refused)
                        }
                    }
                })
            }
        };
        let builder = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .default_headers(headers)
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(10)))
            .redirect(redirect)
            .no_proxy()
            .dns_resolver(Arc::new(guard.clone()));
        // Building only fails on a TLS backend that cannot start; then requests fail one by one
        // with that reason rather than the process panicking.
        let inner = builder.build().unwrap_or_else(|e| {
            tracing::error!("client HTTP impossible à construire : {e}");
            reqwest::Client::builder()
                .no_proxy()
                .dns_resolver(Arc::new(guard.clone()))
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap_or_default()
        });
        HttpClient { inner, guard: guard.clone() }
    }

    /// A GET to `url` once the URL passes the guard (scheme, port, IP literal, `localhost`);
    /// names are checked when the request resolves them.
    pub fn get(&self, url: &str) -> Result<reqwest::RequestBuilder, NetError> {
        self.request(reqwest::Method::GET, url)
    }

    /// A request of any method (CalDAV's PUT and REPORT) to `url`, checked like [`Self::get`].
    pub fn request(&self, method: reqwest::Method, url: &str) -> Result<reqwest::RequestBuilder, NetError> {
        let parsed = self.guard.policy().check_url(url).inspect_err(|refused| {
            tracing::warn!(url, "requête sortante refusée : {refused}");
        })?;
        Ok(self.inner.request(method, parsed))
    }

    pub fn guard(&self) -> &Guard {
        &self.guard
    }
}

/// The guard's refusal behind a failed request (refused address at resolution, refused
/// redirect hop), if that is why it failed.
pub fn refusal(error: &reqwest::Error) -> Option<NetError> {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = source {
        if let Some(refused) = e.downcast_ref::<NetError>() {
            return Some(refused.clone());
        }
        source = e.source();
    }
    None
}
