//! What a server function knows about its caller. The `server` crate's middleware resolves the
//! session cookie once per request and stores a [`RequestIdentity`] in the request extensions;
//! server functions read it here, so none of them parses cookies itself.

use http::header::{HeaderValue, SET_COOKIE};
use leptos::prelude::*;
use leptos_axum::ResponseOptions;
use prospecta_shared::AppError;
use prospecta_shared::accounts::SessionUser;
use std::sync::Arc;

pub const SESSION_COOKIE: &str = "prospecta_session";

#[derive(Clone, Debug)]
pub struct RequestIdentity {
    pub user: Option<SessionUser>,
    /// The raw cookie value, to end the session on logout.
    pub session_token: Option<String>,
    pub ip: String,
    pub user_agent: Option<String>,
    /// Production serves over HTTPS: cookies are `Secure` there.
    pub secure_cookies: bool,
    pub sandbox: bool,
}

pub fn identity() -> Result<RequestIdentity, AppError> {
    use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<RequestIdentity>().cloned())
        .ok_or_else(|| AppError::Internal { reference: "no-identity".into() })
}

pub fn require_user() -> Result<SessionUser, AppError> {
    identity()?.user.ok_or(AppError::Unauthenticated)
}

/// Agency staff only. Checked here, on the server, whatever the client shows.
pub fn require_admin() -> Result<SessionUser, AppError> {
    let user = require_user()?;
    if user.is_admin { Ok(user) } else { Err(AppError::Forbidden) }
}

/// A capability's port, provided by the server as `Arc<dyn Trait>`.
pub fn port<T: ?Sized + Send + Sync + 'static>() -> Result<Arc<T>, AppError> {
    use_context::<Arc<T>>().ok_or_else(|| AppError::Internal { reference: "no-port".into() })
}

pub fn set_session_cookie(token: &str, max_age_secs: i64) {
    let secure = identity().map(|i| i.secure_cookies).unwrap_or(true);
    write_cookie(&format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{}",
        if secure { "; Secure" } else { "" }
    ));
}

pub fn clear_session_cookie() {
    write_cookie(&format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0"));
}

fn write_cookie(value: &str) {
    if let (Some(response), Ok(value)) = (use_context::<ResponseOptions>(), HeaderValue::from_str(value)) {
        response.append_header(SET_COOKIE, value);
    }
}

/// Only local paths: `?suivant=` must never send a user to another site.
pub fn safe_next(next: Option<String>, default: &str) -> String {
    match next {
        Some(p) if p.starts_with('/') && !p.starts_with("//") && !p.contains('\\') => p,
        _ => default.to_string(),
    }
}
