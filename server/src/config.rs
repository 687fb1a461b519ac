//! One typed configuration, read from the environment (and an optional `.env` file is left to
//! the shell). Every variable is documented in `.env.example`.

use std::net::SocketAddr;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Simulated web, mail sink, no keys: the product runs offline on a laptop.
    Sandbox,
    /// Real endpoints; missing keys stop the start-up with a clear message.
    Production,
}

#[derive(Debug, Clone)]
pub enum MailTransport {
    /// Mail lands in the `sandbox_mails` table, visible at /admin/courriels.
    Sink,
    Smtp(SmtpConfig),
}

#[derive(Debug, Clone)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    /// Implicit TLS (465) or STARTTLS; `false` only for a relay on loopback.
    pub tls: bool,
    pub username: Option<String>,
    pub password: Option<String>,
    pub timeout: Duration,
}

#[derive(Debug, Clone)]
pub struct JobsConfig {
    pub lease: Duration,
    pub poll_interval: Duration,
    pub concurrency: usize,
}

#[derive(Debug, Clone)]
pub struct AuthConfig {
    pub session_ttl: Duration,
    pub max_failures: u64,
    pub failure_window: Duration,
    pub reset_link_ttl: Duration,
    pub invitation_ttl: Duration,
}

/// Where prospect data comes from and how politely we ask for it.
#[derive(Debug, Clone)]
pub struct ProspectingConfig {
    /// `https://www.pagesjaunes.fr` in production; the simulated site in sandbox mode.
    pub pagesjaunes_url: String,
    /// `https://recherche-entreprises.api.gouv.fr` in production; the simulated API in sandbox mode.
    pub open_data_url: String,
    /// At most one request per this interval per host (jittered ±20 %), across every process.
    pub pagesjaunes_interval: Duration,
    pub open_data_interval: Duration,
    pub http_timeout: Duration,
    /// Hard cap per query, so a runaway pagination cannot loop forever.
    pub max_pages: u32,
    /// Shared store records younger than this are reused instead of fetched again (DB-7).
    pub freshness: Duration,
    /// Anti-theft: rows one user may view per hour (DB-10).
    pub view_limit_per_hour: u32,
}

impl ProspectingConfig {
    /// Sandbox defaults: the simulated web is served by this very server under `/sandbox`.
    pub fn sandbox(public_url: &str) -> Self {
        ProspectingConfig {
            pagesjaunes_url: format!("{public_url}/sandbox/pagesjaunes"),
            open_data_url: format!("{public_url}/sandbox/recherche-entreprises"),
            // Our own loopback server: politeness still applies, at a pace that keeps demos short.
            pagesjaunes_interval: Duration::from_millis(250),
            open_data_interval: Duration::from_millis(50),
            http_timeout: Duration::from_secs(20),
            max_pages: 100,
            freshness: Duration::from_secs(90 * 24 * 3600),
            view_limit_per_hour: 2000,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Config {
    pub mode: Mode,
    pub database_url: String,
    pub bind: SocketAddr,
    /// The address users reach us at; links in e-mails start with it.
    pub public_url: String,
    pub site_root: String,
    pub mail: MailTransport,
    pub mail_from: String,
    pub jobs: JobsConfig,
    pub auth: AuthConfig,
    /// Trust `X-Forwarded-For` (only behind our own reverse proxy).
    pub trust_proxy: bool,
    pub prospecting: ProspectingConfig,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{name} is invalid: {reason}")]
    Invalid { name: &'static str, reason: String },
    #[error("{name} is required in production mode")]
    Missing { name: &'static str },
}

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn parsed<T: std::str::FromStr>(name: &'static str, default: T) -> Result<T, ConfigError>
where
    T::Err: std::fmt::Display,
{
    match var(name) {
        None => Ok(default),
        Some(v) => v.trim().parse().map_err(|e: T::Err| ConfigError::Invalid { name, reason: e.to_string() }),
    }
}

impl Config {
    pub fn from_env() -> Result<Self, ConfigError> {
        let mode = match var("PROSPECTA_MODE").as_deref() {
            None | Some("sandbox") => Mode::Sandbox,
            Some("production") => Mode::Production,
            Some(other) => {
                return Err(ConfigError::Invalid {
                    name: "PROSPECTA_MODE",
                    reason: format!("{other:?} (expected sandbox or production)"),
                });
            }
        };
        let bind: SocketAddr = parsed("PROSPECTA_BIND", SocketAddr::from(([127, 0, 0, 1], 3000)))?;
        let public_url =
            var("PROSPECTA_PUBLIC_URL").unwrap_or_else(|| format!("http://{bind}")).trim_end_matches('/').to_string();
        let mail = match var("SMTP_HOST") {
            Some(host) => MailTransport::Smtp(SmtpConfig {
                host,
                port: parsed("SMTP_PORT", 587)?,
                tls: parsed("SMTP_TLS", true)?,
                username: var("SMTP_USERNAME"),
                password: var("SMTP_PASSWORD"),
                timeout: Duration::from_secs(parsed("SMTP_TIMEOUT_SECS", 30)?),
            }),
            None if mode == Mode::Production => return Err(ConfigError::Missing { name: "SMTP_HOST" }),
            None => MailTransport::Sink,
        };
        let sandbox = ProspectingConfig::sandbox(&public_url);
        let (pj_default, od_default, pj_interval_ms, od_interval_ms) = match mode {
            Mode::Sandbox => (sandbox.pagesjaunes_url.clone(), sandbox.open_data_url.clone(), 250, 50),
            // recherche-entreprises allows 7 requests/s per IP; stay under it.
            Mode::Production => (
                "https://www.pagesjaunes.fr".to_string(),
                "https://recherche-entreprises.api.gouv.fr".to_string(),
                3000,
                200,
            ),
        };
        let prospecting = ProspectingConfig {
            pagesjaunes_url: var("PAGESJAUNES_BASE_URL").unwrap_or(pj_default).trim_end_matches('/').to_string(),
            open_data_url: var("OPEN_DATA_BASE_URL").unwrap_or(od_default).trim_end_matches('/').to_string(),
            pagesjaunes_interval: Duration::from_millis(parsed("PAGESJAUNES_INTERVAL_MS", pj_interval_ms)?),
            open_data_interval: Duration::from_millis(parsed("OPEN_DATA_INTERVAL_MS", od_interval_ms)?),
            http_timeout: Duration::from_secs(parsed("SOURCES_TIMEOUT_SECS", 20)?),
            max_pages: parsed("SOURCES_MAX_PAGES", 100)?,
            freshness: Duration::from_secs(parsed::<u64>("COMPANY_FRESHNESS_DAYS", 90)? * 24 * 3600),
            view_limit_per_hour: parsed("VIEW_LIMIT_PER_HOUR", 2000)?,
        };
        Ok(Config {
            mode,
            database_url: var("DATABASE_URL").unwrap_or_else(|| "sqlite://prospecta.db?mode=rwc".into()),
            bind,
            public_url,
            site_root: var("LEPTOS_SITE_ROOT").unwrap_or_else(|| "target/site".into()),
            mail,
            mail_from: var("PROSPECTA_MAIL_FROM").unwrap_or_else(|| "Prospecta <bonjour@prospecta.fr>".into()),
            jobs: JobsConfig {
                lease: Duration::from_secs(parsed("PROSPECTA_JOB_LEASE_SECS", 60)?),
                poll_interval: Duration::from_millis(parsed("PROSPECTA_JOB_POLL_MS", 500)?),
                concurrency: parsed("PROSPECTA_WORKER_CONCURRENCY", 4)?,
            },
            auth: AuthConfig {
                session_ttl: Duration::from_secs(30 * 24 * 3600),
                max_failures: parsed("PROSPECTA_LOGIN_MAX_FAILURES", 5)?,
                failure_window: Duration::from_secs(15 * 60),
                reset_link_ttl: Duration::from_secs(3600),
                invitation_ttl: Duration::from_secs(7 * 24 * 3600),
            },
            trust_proxy: parsed("PROSPECTA_TRUST_PROXY", false)?,
            prospecting,
        })
    }

    pub fn is_sandbox(&self) -> bool {
        self.mode == Mode::Sandbox
    }

    /// Cookies are `Secure` whenever users reach us over HTTPS.
    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}
