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

/// The frame's data the server computed for this page request (`None` for other requests, or
/// when it could not be read): the frame is drawn with it at once.
#[derive(Clone, Debug)]
pub struct RequestShell(pub crate::accounts::api::ShellInfo);

pub fn request_shell() -> Option<crate::accounts::api::ShellInfo> {
    use_context::<http::request::Parts>().and_then(|parts| parts.extensions.get::<RequestShell>().map(|s| s.0.clone()))
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
        Some(p) if is_local_path(&p, 3) => p,
        _ => default.to_string(),
    }
}

/// A path of this site, in every form a browser could read it: browsers treat `\` as `/` and
/// drop tabs and line breaks inside URLs, so `/\evil.fr`, `/<TAB>/evil.fr` and `//evil.fr` all
/// lead elsewhere; `%2F` or `%5C` may be decoded by a proxy or a later redirect, so the path
/// must also be local once decoded (a few times over, for double encoding).
fn is_local_path(p: &str, decodings: u8) -> bool {
    let local = p.len() <= 2048
        && p.starts_with('/')
        && !p.starts_with("//")
        && !p.chars().any(|c| c == '\\' || c.is_control() || c.is_whitespace());
    if !local {
        return false;
    }
    match percent_decoded(p) {
        Some(decoded) if decoded != p => decodings > 0 && is_local_path(&decoded, decodings - 1),
        Some(_) => true,
        // Not valid UTF-8 once decoded, or a broken escape: not a path we send anyone to.
        None => false,
    }
}

fn percent_decoded(p: &str) -> Option<String> {
    let bytes = p.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = p.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    fn next(p: &str) -> String {
        safe_next(Some(p.to_string()), "/app")
    }

    #[test]
    fn local_paths_are_kept() {
        for p in ["/app", "/app/bases/12?page=2&tri=nom", "/admin/taches", "/app/recherche?q=caf%C3%A9", "/"] {
            assert_eq!(next(p), p);
        }
        assert_eq!(safe_next(None, "/app"), "/app");
    }

    #[test]
    fn anything_that_can_leave_the_site_is_refused() {
        for p in [
            "//evil.fr",
            "/\\evil.fr",
            "/\tevil",
            "/\t/evil.fr",
            "/\n/evil.fr",
            "/\r//evil.fr",
            " /app",
            "/%2Fevil.fr",
            "/%2fevil.fr",
            "/%5Cevil.fr",
            "/%252F%252Fevil.fr",
            "/%09/evil.fr",
            "/%",
            "/%zz",
            "https://evil.fr",
            "javascript:alert(1)",
            "evil.fr",
            "",
        ] {
            assert_eq!(next(p), "/app", "{p:?} must be refused");
        }
    }
}
