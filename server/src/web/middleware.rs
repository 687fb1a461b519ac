use crate::accounts::AccountsService;
use crate::state::AppState;
use crate::trusted_proxies::TrustedProxies;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use prospecta_app::server_ctx::{RequestIdentity, RequestShell, SESSION_COOKIE};
use prospecta_shared::AppError;
use std::net::SocketAddr;

/// CSRF defence for server functions and any other state-changing request. Session cookies are
/// `SameSite=Lax` already; on top of that, a request that a browser marks as coming from
/// another site (`Origin` naming another host, or `Sec-Fetch-Site: cross-site`) is refused.
/// Requests without those headers come from non-browser clients, which carry no ambient cookies.
pub async fn reject_cross_site(req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) || same_site(req.headers()) {
        next.run(req).await
    } else {
        tracing::warn!(path = %req.uri().path(), origin = ?req.headers().get(header::ORIGIN), "cross-site request refused");
        (StatusCode::FORBIDDEN, axum::Json(AppError::Forbidden)).into_response()
    }
}

/// Leptos answers every server-function error with 500; the error itself (`AppError`, JSON)
/// says what it is, so the status is set from it: 400 for a refused input, 401, 404, 429…, and
/// 5xx only for our own faults. The hydrated app reads any 4xx/5xx body as the error.
pub async fn server_function_status(req: Request, next: Next) -> Response {
    let is_server_function = req.uri().path().starts_with("/api/");
    let response = next.run(req).await;
    if !is_server_function || response.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    // Error bodies are a few hundred bytes; anything larger is left as it was.
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = StatusCode::from_u16(error.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
}

fn same_site(headers: &HeaderMap) -> bool {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) {
        // `Origin: null` (sandboxed iframes, some redirects) is never ours.
        let origin_host = origin.split_once("://").map(|(_, rest)| rest.trim_end_matches('/'));
        return matches!((origin_host, host), (Some(o), Some(h)) if o.eq_ignore_ascii_case(h));
    }
    headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()).is_none_or(|site| site != "cross-site")
}

/// The caller's IP: the socket's peer, or, when that peer is one of our own proxies, the
/// rightmost `X-Forwarded-For` hop that is not (`crate::trusted_proxies`).
pub fn client_ip(req: &Request, proxies: &TrustedProxies) -> String {
    let Some(peer) = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip()) else {
        return "unknown".into();
    };
    let forwarded = req.headers().get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok());
    proxies.client_ip(peer, forwarded).to_string()
}

fn session_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, value)| *name == SESSION_COOKIE && !value.is_empty())
        .map(|(_, value)| value.to_string())
}

/// Resolve the session cookie once, for the whole request (pages and server functions).
pub async fn resolve_identity(State(app): State<AppState>, mut req: Request, next: Next) -> Response {
    let token = session_cookie(req.headers());
    let user = match &token {
        Some(t) => match AccountsService::new(app.clone()).resolve_session(t).await {
            Ok(user) => user,
            Err(e) => {
                tracing::error!(error = %e, "session lookup failed");
                None
            }
        },
        None => None,
    };
    if let Some(user) = &user {
        crate::observability::record_organization(user.organization_id);
    }
    let identity = RequestIdentity {
        user,
        session_token: token,
        ip: client_ip(&req, &app.config.trusted_proxies),
        user_agent: req.headers().get(header::USER_AGENT).and_then(|v| v.to_str().ok()).map(str::to_string),
        secure_cookies: app.config.secure_cookies(),
        sandbox: app.config.is_sandbox(),
    };
    req.extensions_mut().insert(identity);
    next.run(req).await
}

/// A page of the signed-in areas is drawn with its frame's data at once (the app's
/// `GuardedFrame`): read here, before the drawing, for a signed-in caller. The live event streams
/// of the area go on without it.
pub async fn load_frame(State(app): State<AppState>, mut req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let page = req.method() == Method::GET
        && (in_area(path, "/app") || in_area(path, "/admin"))
        && !req
            .headers()
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|a| a.contains("text/event-stream"));
    let identity = req.extensions().get::<RequestIdentity>().filter(|i| i.user.is_some()).cloned();
    if let (true, Some(identity)) = (page, identity) {
        match prospecta_app::accounts::api::shell_info(&AccountsService::new(app.clone()), identity).await {
            Ok(info) => {
                req.extensions_mut().insert(RequestShell(info));
            }
            // The browser reads it itself then.
            Err(e) => tracing::warn!(error = %e.message_fr(), "données du cadre illisibles"),
        }
    }
    next.run(req).await
}

fn in_area(path: &str, area: &str) -> bool {
    path == area || path.starts_with(&format!("{area}/"))
}

/// Pages of the client area need a session; pages of `/admin` need an agency admin. Anonymous
/// visitors are sent to the login page (and back afterwards); signed-in clients opening
/// `/admin` get the 403 page, with a real 403 status.
pub async fn guard_areas(req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let admin_area = in_area(&path, "/admin");
    if req.method() != Method::GET || !(admin_area || in_area(&path, "/app")) {
        return next.run(req).await;
    }
    let Some(identity) = req.extensions().get::<RequestIdentity>().cloned() else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    match identity.user {
        None => {
            let next_path = req.uri().path_and_query().map(|p| p.as_str()).unwrap_or("/app");
            let target = format!("/connexion?suivant={}", urlencode(next_path));
            Redirect::to(&target).into_response()
        }
        Some(user) if admin_area && !user.is_admin => {
            tracing::warn!(user_id = %user.user_id, %path, "client refused from the admin area");
            let mut response = next.run(req).await;
            *response.status_mut() = StatusCode::FORBIDDEN;
            response
        }
        Some(_) => next.run(req).await,
    }
}

fn urlencode(s: &str) -> String {
    prospecta_shared::format::percent_encode(s, b"/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn origin_must_match_host() {
        assert!(same_site(&headers(&[("host", "127.0.0.1:3000"), ("origin", "http://127.0.0.1:3000")])));
        assert!(!same_site(&headers(&[("host", "127.0.0.1:3000"), ("origin", "https://evil.example")])));
        assert!(!same_site(&headers(&[("host", "127.0.0.1:3000"), ("origin", "null")])));
        assert!(!same_site(&headers(&[("host", "app.fr"), ("sec-fetch-site", "cross-site")])));
        assert!(same_site(&headers(&[("host", "app.fr"), ("sec-fetch-site", "same-origin")])));
        assert!(same_site(&headers(&[("host", "app.fr")])));
    }

    #[test]
    fn finds_the_session_cookie_among_others() {
        let h = headers(&[("cookie", "a=1; prospecta_session=abc; b=2")]);
        assert_eq!(session_cookie(&h).as_deref(), Some("abc"));
        assert_eq!(session_cookie(&headers(&[("cookie", "prospecta_session=")])), None);
    }

    #[test]
    fn next_parameter_is_encoded() {
        assert_eq!(urlencode("/admin/taches?x=1&y"), "/admin/taches%3Fx%3D1%26y");
    }
}
