//! One typed configuration, read from the environment (and an optional `.env` file is left to
//! the shell). Every variable is documented in `.env.example`.

pub use crate::jobs::JobsConfig;
use crate::limits::Limit;
pub use crate::mail::SmtpConfig;
use crate::trusted_proxies::TrustedProxies;
use std::net::SocketAddr;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Simulated web, mail sink, no keys: the product runs offline on a laptop.
    Sandbox,
    /// Real endpoints; missing keys stop the start-up with a clear message.
    Production,
}

impl Mode {
    /// `PROSPECTA_MODE` (default: sandbox).
    pub fn from_env() -> Result<Mode, ConfigError> {
        match var("PROSPECTA_MODE").as_deref() {
            None | Some("sandbox") => Ok(Mode::Sandbox),
            Some("production") => Ok(Mode::Production),
            Some(other) => Err(ConfigError::Invalid {
                name: "PROSPECTA_MODE",
                reason: format!("{other:?} (expected sandbox or production)"),
            }),
        }
    }
}

#[derive(Debug, Clone)]
pub enum MailTransport {
    /// Mail lands in the `sandbox_mails` table, visible at /admin/courriels.
    Sink,
    Smtp(SmtpConfig),
}

#[derive(Debug, Clone)]
pub struct AuthConfig {
    pub session_ttl: Duration,
    /// Password checks allowed per account and IP in `failure_window`; then a lock that doubles
    /// with each new lock of the day (`failure_window`, twice that, … at most a day).
    pub max_failures: u64,
    pub failure_window: Duration,
    pub reset_link_ttl: Duration,
    pub invitation_ttl: Duration,
    /// How long the link that confirms an e-mail address stays valid.
    pub verification_link_ttl: Duration,
}

/// Anti-abuse limits (`LIMIT_*`), counted in the database across processes (`crate::limits`).
#[derive(Debug, Clone)]
pub struct LimitsConfig {
    pub signups_per_ip: Limit,
    pub invitations_per_org: Limit,
    pub resets_per_address: Limit,
    pub verification_mails_per_user: Limit,
    pub previews_per_org: Limit,
    pub generations_per_org: Limit,
    /// Prompts and message variants written by the model on request.
    pub ai_writing_per_org: Limit,
    /// Messages to the onboarding chat (each one asks the model).
    pub onboarding_chat_per_org: Limit,
}

impl Default for LimitsConfig {
    fn default() -> Self {
        LimitsConfig {
            signups_per_ip: Limit::per_hour(5),
            invitations_per_org: Limit::per_day(20),
            resets_per_address: Limit::per_hour(3),
            verification_mails_per_user: Limit::per_hour(5),
            previews_per_org: Limit::per_hour(30),
            generations_per_org: Limit::per_hour(10),
            ai_writing_per_org: Limit::per_hour(20),
            onboarding_chat_per_org: Limit::per_hour(60),
        }
    }
}

impl LimitsConfig {
    fn from_env() -> Result<Self, ConfigError> {
        let d = LimitsConfig::default();
        let with = |limit: Limit, max: u32| Limit { max, ..limit };
        Ok(LimitsConfig {
            signups_per_ip: with(d.signups_per_ip, parsed("LIMIT_SIGNUPS_PER_IP_HOUR", d.signups_per_ip.max)?),
            invitations_per_org: with(
                d.invitations_per_org,
                parsed("LIMIT_INVITATIONS_PER_ORG_DAY", d.invitations_per_org.max)?,
            ),
            resets_per_address: with(
                d.resets_per_address,
                parsed("LIMIT_RESETS_PER_ADDRESS_HOUR", d.resets_per_address.max)?,
            ),
            verification_mails_per_user: with(
                d.verification_mails_per_user,
                parsed("LIMIT_VERIFICATION_MAILS_PER_HOUR", d.verification_mails_per_user.max)?,
            ),
            previews_per_org: with(d.previews_per_org, parsed("LIMIT_PREVIEWS_PER_ORG_HOUR", d.previews_per_org.max)?),
            generations_per_org: with(
                d.generations_per_org,
                parsed("LIMIT_GENERATIONS_PER_ORG_HOUR", d.generations_per_org.max)?,
            ),
            ai_writing_per_org: with(
                d.ai_writing_per_org,
                parsed("LIMIT_AI_WRITING_PER_ORG_HOUR", d.ai_writing_per_org.max)?,
            ),
            onboarding_chat_per_org: with(
                d.onboarding_chat_per_org,
                parsed("LIMIT_ONBOARDING_CHAT_PER_ORG_HOUR", d.onboarding_chat_per_org.max)?,
            ),
        })
    }
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

/// The enrichment engine's outside services and politeness.
#[derive(Debug, Clone)]
pub struct EnrichmentConfig {
    /// Enrich every database once filled (`ENRICHMENT_ENABLED`, default on).
    pub enabled: bool,
    /// Web search (Brave Search API wire format); `None`: discovery by domain guesses only.
    pub search: Option<SearchConfig>,
    /// The LLM fallback; `None`: deterministic steps only.
    /// Name servers for MX checks and the crawler; none given: the system's (production) or
    /// the sandbox's own DNS (sandbox).
    pub dns: crate::net::dns::DnsConfig,
    /// Between two requests to one company site, across every process.
    pub interval: Duration,
    pub page_timeout: Duration,
    pub max_pages: usize,
    /// A whole site visit.
    pub site_budget: Duration,
    /// Schemes tried for a guessed domain.
    pub guess_schemes: Vec<&'static str>,
}

#[derive(Debug, Clone)]
pub struct SearchConfig {
    pub base_url: String,
    pub api_key: String,
    /// Brave's free plan allows one query per second.
    pub interval: Duration,
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
    /// Our own reverse proxies (`PROSPECTA_TRUSTED_PROXIES`); `X-Forwarded-For` is read only
    /// when the peer is one of them. Empty by default: the peer is the client.
    pub trusted_proxies: TrustedProxies,
    pub limits: LimitsConfig,
    pub prospecting: ProspectingConfig,
    pub enrichment: EnrichmentConfig,
    /// The language model every feature asks (`LLM_PROVIDER`…); none in production without one.
    pub llm: Option<crate::llm::LlmSettings>,
    /// Signs the personal opt-out links (`OPPOSITION_SECRET`; rotating it invalidates the links
    /// already sent, never the objections recorded).
    pub opposition_secret: String,
    /// Keys the opposition list's hashes (`OPPOSITION_HASH_KEY`): never rotated, or the list
    /// forgets every objection. Distinct from the link secret so that one can rotate.
    pub opposition_hash_key: String,
    pub outreach: OutreachConfig,
    /// What outbound requests may reach (`PROSPECTA_PRIVATE_NETWORKS`, `PROSPECTA_ALLOWED_PORTS`).
    pub net: crate::net::NetPolicy,
    /// Where `GET /metrics` is served (`PROSPECTA_METRICS_BIND`); none by default. Keep it off
    /// the public interface: the figures are for operators.
    pub metrics_bind: Option<SocketAddr>,
    /// The tutorial video the guided tour and the help menu link to
    /// (`PROSPECTA_TUTORIAL_VIDEO_URL`, an https address); none: no video is mentioned.
    pub tutorial_video: Option<String>,
    /// The bearer token mail providers present to `POST /webhooks/mail/inbound`
    /// (`INBOUND_MAIL_TOKEN`, at least 32 characters); none: the endpoint does not exist.
    pub inbound_mail_token: Option<String>,
    /// Seals the clients' mailbox passwords at rest (`MAILBOX_SECRET_KEY`, at least 32
    /// characters): changing it makes every connected mailbox ask for its password again.
    pub mailbox_secret_key: String,
    /// The payment provider (`MOLLIE_API_BASE`, `MOLLIE_API_KEY`) and the seller on invoices.
    pub billing: BillingConfig,
}

/// Where payments go. The sandbox points at its own simulated Mollie (same wire format); in
/// production without `MOLLIE_API_KEY` the subscription page says online payment is not open.
#[derive(Debug, Clone, PartialEq)]
pub struct BillingConfig {
    pub mollie_api_base: String,
    pub mollie_api_key: Option<String>,
    pub timeout: Duration,
    /// Who issues the invoices; required in production as soon as payments are open.
    pub seller: Option<SellerConfig>,
}

/// The agency's legal identity, printed on every invoice (`SELLER_LEGAL_NAME`,
/// `SELLER_LEGAL_FORM`, `SELLER_STREET`, `SELLER_POSTCODE`, `SELLER_CITY`, `SELLER_SIREN`,
/// `SELLER_RCS`, `SELLER_EMAIL`). Its VAT number is derived from the SIREN.
#[derive(Debug, Clone, PartialEq)]
pub struct SellerConfig {
    pub legal_name: String,
    /// Legal form and share capital, "SAS au capital de 10 000 €".
    pub legal_form: String,
    pub street: String,
    pub postcode: String,
    pub city: String,
    pub siren: String,
    /// The trade register and its town, "RCS Paris".
    pub registry: String,
    /// Where clients write about an invoice.
    pub email: String,
}

impl SellerConfig {
    /// The sandbox's seller: fictitious, and every document it issues says so.
    pub fn sandbox() -> Self {
        SellerConfig {
            legal_name: "Prospecta (bac à sable)".into(),
            legal_form: "Société fictive de démonstration".into(),
            street: "1 rue de la Démonstration".into(),
            postcode: "75001".into(),
            city: "Paris".into(),
            siren: "900000001".into(),
            registry: "RCS fictif".into(),
            email: "facturation@prospecta.invalid".into(),
        }
    }

    /// From `SELLER_*`: none when none is set, every one required when one is.
    fn from_env() -> Result<Option<Self>, ConfigError> {
        const NAMES: [&str; 8] = [
            "SELLER_LEGAL_NAME",
            "SELLER_LEGAL_FORM",
            "SELLER_STREET",
            "SELLER_POSTCODE",
            "SELLER_CITY",
            "SELLER_SIREN",
            "SELLER_RCS",
            "SELLER_EMAIL",
        ];
        if NAMES.iter().all(|name| var(name).is_none()) {
            return Ok(None);
        }
        let mut values = Vec::with_capacity(NAMES.len());
        for name in NAMES {
            values.push(var(name).map(|v| v.trim().to_string()).ok_or(ConfigError::Missing { name })?);
        }
        let [legal_name, legal_form, street, postcode, city, siren, registry, email] =
            <[String; 8]>::try_from(values).map_err(|_| ConfigError::Missing { name: "SELLER_LEGAL_NAME" })?;
        let siren: String = siren.chars().filter(|c| !c.is_whitespace()).collect();
        if !prospecta_shared::company::siren_valid(&siren) {
            return Err(ConfigError::Invalid { name: "SELLER_SIREN", reason: "not a valid SIREN".into() });
        }
        Ok(Some(SellerConfig { legal_name, legal_form, street, postcode, city, siren, registry, email }))
    }
}

impl BillingConfig {
    /// The sandbox's simulated Mollie, served by this process.
    pub fn sandbox(public_url: &str) -> Self {
        BillingConfig {
            // `crate::sandbox::MOLLIE_PREFIX`, spelled out like the other simulated services'.
            mollie_api_base: format!("{public_url}/sandbox/mollie/v2"),
            mollie_api_key: Some("test_sandbox0000000000000000000000".into()),
            timeout: Duration::from_secs(20),
            seller: Some(SellerConfig::sandbox()),
        }
    }
}

/// The browser pool that fills contact forms, and the campaigns' defaults.
#[derive(Debug, Clone)]
pub struct OutreachConfig {
    /// Tabs open at once in one process (`FORMS_TABS`).
    pub tabs: usize,
    /// Chromium is restarted between sites above this resident memory (`FORMS_MEMORY_CAP_MB`).
    pub memory_cap_mb: u64,
    /// Between two visits to one host (`FORMS_HOST_GAP_SECS`).
    pub host_gap: Duration,
    /// A whole site visit, navigation included (`FORMS_SITE_TIMEOUT_SECS`, default 60).
    pub site_timeout: Duration,
    pub chromium_path: std::path::PathBuf,
    pub screenshot_dir: std::path::PathBuf,
    /// Chromium's sandbox and the unprivileged user a root process runs it as
    /// (`CHROMIUM_SANDBOX`, `CHROMIUM_USER`).
    pub chromium: crate::outreach::forms::chromium::ChromiumIdentity,
}

impl OutreachConfig {
    /// The sandbox's pool. Its Chromium reaches the simulated company sites through the guard's
    /// proxy, which resolves names with the sandbox's own DNS (every simulated site is served by
    /// this server, on its own port).
    pub fn sandbox() -> Self {
        OutreachConfig {
            tabs: 2,
            memory_cap_mb: 1500,
            host_gap: Duration::from_secs(1),
            site_timeout: Duration::from_secs(60),
            chromium_path: "/usr/bin/chromium".into(),
            screenshot_dir: std::env::temp_dir().join("prospecta-forms"),
            chromium: Default::default(),
        }
    }

    fn from_env(mode: Mode) -> Result<Self, ConfigError> {
        let defaults = match mode {
            Mode::Sandbox => OutreachConfig::sandbox(),
            Mode::Production => OutreachConfig { host_gap: Duration::from_secs(10), ..OutreachConfig::sandbox() },
        };
        Ok(OutreachConfig {
            tabs: parsed("FORMS_TABS", defaults.tabs)?.clamp(1, 16),
            memory_cap_mb: parsed("FORMS_MEMORY_CAP_MB", defaults.memory_cap_mb)?,
            host_gap: Duration::from_secs(parsed("FORMS_HOST_GAP_SECS", defaults.host_gap.as_secs())?),
            site_timeout: Duration::from_secs(
                parsed("FORMS_SITE_TIMEOUT_SECS", defaults.site_timeout.as_secs())?.clamp(5, 300),
            ),
            chromium_path: var("CHROMIUM_PATH").map(Into::into).unwrap_or(defaults.chromium_path),
            screenshot_dir: var("FORMS_SCREENSHOT_DIR").map(Into::into).unwrap_or(defaults.screenshot_dir),
            chromium: crate::outreach::forms::chromium::ChromiumIdentity::from_env()
                .map_err(|reason| ConfigError::Invalid { name: "CHROMIUM_SANDBOX", reason })?,
        })
    }
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

/// A secret of at least 32 characters: required in production, a fixed value in the sandbox.
fn secret(name: &'static str, mode: Mode, sandbox_default: &str) -> Result<String, ConfigError> {
    match var(name) {
        Some(secret) if secret.len() >= 32 => Ok(secret),
        Some(_) => Err(ConfigError::Invalid { name, reason: "at least 32 characters".into() }),
        None if mode == Mode::Production => Err(ConfigError::Missing { name }),
        None => Ok(sandbox_default.into()),
    }
}

impl Config {
    pub fn from_env() -> Result<Self, ConfigError> {
        let mode = Mode::from_env()?;
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
        let enrichment = enrichment_config(mode, &public_url)?;
        let llm = llm_settings(mode, &public_url)?;
        // The sandbox contacts nobody real: fixed secrets keep its links and list valid across
        // restarts. The hash key's default is the one secret of earlier versions, so a sandbox
        // database keeps its list.
        let opposition_secret = secret("OPPOSITION_SECRET", mode, "sandbox-opt-out-links-not-for-production")?;
        let opposition_hash_key = secret("OPPOSITION_HASH_KEY", mode, "sandbox-opposition-secret-not-for-production")?;
        if opposition_secret == opposition_hash_key {
            return Err(ConfigError::Invalid {
                name: "OPPOSITION_HASH_KEY",
                reason: "must differ from OPPOSITION_SECRET (the link secret rotates, the hash key never)".into(),
            });
        }
        if mode == Mode::Production && !public_url.starts_with("https://") {
            return Err(ConfigError::Invalid {
                name: "PROSPECTA_PUBLIC_URL",
                reason: format!("{public_url:?}: production needs the https:// address users reach us at"),
            });
        }
        let outreach = OutreachConfig::from_env(mode)?;
        let net = crate::net::NetPolicy::from_env(mode == Mode::Production)
            .map_err(|reason| ConfigError::Invalid { name: "PROSPECTA_PRIVATE_NETWORKS", reason })?;
        let metrics_bind = match var("PROSPECTA_METRICS_BIND") {
            None => None,
            Some(v) => Some(v.trim().parse().map_err(|e: std::net::AddrParseError| ConfigError::Invalid {
                name: "PROSPECTA_METRICS_BIND",
                reason: e.to_string(),
            })?),
        };
        let tutorial_video = match var("PROSPECTA_TUTORIAL_VIDEO_URL") {
            None => None,
            Some(v) => Some(
                prospecta_shared::company::WebsiteUrl::parse("video", &v)
                    .map_err(|e| ConfigError::Invalid { name: "PROSPECTA_TUTORIAL_VIDEO_URL", reason: e.message_fr() })?
                    .as_str()
                    .to_string(),
            ),
        };
        let mailbox_secret_key = secret("MAILBOX_SECRET_KEY", mode, "sandbox-mailbox-passwords-not-for-production")?;
        let inbound_mail_token = match var("INBOUND_MAIL_TOKEN") {
            None => None,
            Some(token) if token.len() >= 32 => Some(token),
            Some(_) => {
                return Err(ConfigError::Invalid {
                    name: "INBOUND_MAIL_TOKEN",
                    reason: "at least 32 characters".into(),
                });
            }
        };
        let billing = match mode {
            Mode::Sandbox => {
                let defaults = BillingConfig::sandbox(&public_url);
                BillingConfig {
                    mollie_api_base: var("MOLLIE_API_BASE").unwrap_or(defaults.mollie_api_base),
                    mollie_api_key: var("MOLLIE_API_KEY").or(defaults.mollie_api_key),
                    seller: SellerConfig::from_env()?.or(defaults.seller),
                    ..defaults
                }
            }
            Mode::Production => BillingConfig {
                mollie_api_base: var("MOLLIE_API_BASE").unwrap_or_else(|| "https://api.mollie.com/v2".into()),
                mollie_api_key: var("MOLLIE_API_KEY"),
                timeout: Duration::from_secs(20),
                seller: SellerConfig::from_env()?,
            },
        };
        let billing =
            BillingConfig { mollie_api_base: billing.mollie_api_base.trim_end_matches('/').to_string(), ..billing };
        // Money is taken only with someone to invoice it: payments open with the seller's identity.
        if billing.mollie_api_key.is_some() && billing.seller.is_none() {
            return Err(ConfigError::Missing { name: "SELLER_LEGAL_NAME" });
        }
        Ok(Config {
            billing,
            llm,
            outreach,
            net,
            metrics_bind,
            tutorial_video,
            inbound_mail_token,
            mailbox_secret_key,
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
                verification_link_ttl: Duration::from_secs(48 * 3600),
            },
            trusted_proxies: TrustedProxies::parse(&var("PROSPECTA_TRUSTED_PROXIES").unwrap_or_default())
                .map_err(|e| ConfigError::Invalid { name: "PROSPECTA_TRUSTED_PROXIES", reason: e.to_string() })?,
            limits: LimitsConfig::from_env()?,
            prospecting,
            enrichment,
            opposition_secret,
            opposition_hash_key,
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

impl EnrichmentConfig {
    /// Sandbox defaults: the simulated search engine and LLM of this very server, its own DNS.
    pub fn sandbox(public_url: &str) -> Self {
        EnrichmentConfig {
            enabled: true,
            search: Some(SearchConfig {
                base_url: format!("{public_url}/sandbox/search"),
                api_key: "sandbox".into(),
                interval: Duration::ZERO,
            }),
            dns: crate::net::dns::DnsConfig::default(),
            interval: Duration::from_millis(20),
            page_timeout: Duration::from_secs(15),
            max_pages: 10,
            site_budget: Duration::from_secs(60),
            guess_schemes: vec!["http"],
        }
    }
}

fn enrichment_config(mode: Mode, public_url: &str) -> Result<EnrichmentConfig, ConfigError> {
    let sandbox = mode == Mode::Sandbox;
    let defaults = EnrichmentConfig::sandbox(public_url);
    let search = match var("SEARCH_API_KEY") {
        Some(api_key) => Some(SearchConfig {
            base_url: var("SEARCH_BASE_URL")
                .unwrap_or_else(|| "https://api.search.brave.com".into())
                .trim_end_matches('/')
                .to_string(),
            api_key,
            interval: Duration::from_millis(parsed("SEARCH_INTERVAL_MS", 1100)?),
        }),
        // The sandbox's simulated engine accepts any key; production has none without a key.
        None if sandbox => defaults.search.clone(),
        None => None,
    };
    let dns =
        crate::net::dns::DnsConfig::from_values(var("DNS_SERVERS").as_deref(), var("DNS_TIMEOUT_SECS").as_deref())
            .map_err(|e| ConfigError::Invalid { name: "DNS_SERVERS", reason: e.to_string() })?;
    // Our own loopback server in the sandbox; two seconds between pages of a real site.
    let interval_ms = if sandbox { defaults.interval.as_millis() as u64 } else { 2000 };
    Ok(EnrichmentConfig {
        enabled: parsed("ENRICHMENT_ENABLED", true)?,
        search,
        dns,
        interval: Duration::from_millis(parsed("ENRICH_INTERVAL_MS", interval_ms)?),
        page_timeout: Duration::from_secs(parsed("ENRICH_TIMEOUT_SECS", 15)?.max(1)),
        max_pages: parsed::<usize>("ENRICH_MAX_PAGES", 10)?.clamp(1, 10),
        site_budget: Duration::from_secs(parsed("ENRICH_BUDGET_SECS", 60)?.max(1)),
        guess_schemes: if sandbox { defaults.guess_schemes } else { vec!["https", "http"] },
    })
}

/// The model (`LLM_PROVIDER`, `LLM_BASE_URL`, `LLM_API_KEY`, `LLM_MODEL`), its timeouts and
/// retries, the price table and the organisations' default monthly budget. The sandbox's
/// simulated model by default in sandbox mode; none in production unless configured.
fn llm_settings(mode: Mode, public_url: &str) -> Result<Option<crate::llm::LlmSettings>, ConfigError> {
    use crate::llm::LlmSettings;
    use crate::llm::prices::PriceTable;
    use crate::llm::provider::{LlmConfig, LlmKind};
    let sandbox = mode == Mode::Sandbox;
    let kind = match var("LLM_PROVIDER").as_deref() {
        None if sandbox => Some(LlmKind::OpenAiCompatible),
        None | Some("none") => None,
        Some("openai") => Some(LlmKind::OpenAi),
        Some("mistral") => Some(LlmKind::Mistral),
        Some("openai-compatible") => Some(LlmKind::OpenAiCompatible),
        Some(other) => {
            return Err(ConfigError::Invalid {
                name: "LLM_PROVIDER",
                reason: format!("{other:?} (expected openai, mistral, openai-compatible or none)"),
            });
        }
    };
    Ok(match kind {
        None => None,
        Some(kind) => {
            let sandbox_llm =
                Some(LlmConfig::sandbox(public_url)).filter(|_| sandbox && kind == LlmKind::OpenAiCompatible);
            let (default_url, default_model) = match (kind, &sandbox_llm) {
                (LlmKind::OpenAi, _) => (Some("https://api.openai.com/v1".to_string()), "gpt-4o-mini".to_string()),
                (LlmKind::Mistral, _) => (Some("https://api.mistral.ai/v1".to_string()), "mistral-small-latest".into()),
                (LlmKind::OpenAiCompatible, Some(l)) => (Some(l.base_url.clone()), l.model.clone()),
                (LlmKind::OpenAiCompatible, None) => (None, "default".to_string()),
            };
            let base_url = var("LLM_BASE_URL").or(default_url).ok_or(ConfigError::Missing { name: "LLM_BASE_URL" })?;
            let api_key = match var("LLM_API_KEY") {
                Some(key) => key,
                // Local servers (llama.cpp, the sandbox) take any key.
                None if kind == LlmKind::OpenAiCompatible => "none".into(),
                None => return Err(ConfigError::Missing { name: "LLM_API_KEY" }),
            };
            let prices = match var("LLM_PRICE_TABLE") {
                None => PriceTable::default_table(),
                Some(path) => {
                    let text = std::fs::read_to_string(&path).map_err(|e| ConfigError::Invalid {
                        name: "LLM_PRICE_TABLE",
                        reason: format!("{path}: {e}"),
                    })?;
                    PriceTable::parse(&text)
                        .map_err(|e| ConfigError::Invalid { name: "LLM_PRICE_TABLE", reason: format!("{path}: {e}") })?
                }
            };
            Some(LlmSettings {
                provider: LlmConfig {
                    kind,
                    base_url: base_url.trim_end_matches('/').to_string(),
                    api_key,
                    model: var("LLM_MODEL").unwrap_or(default_model),
                    timeout: Duration::from_secs(parsed("LLM_TIMEOUT_SECS", 30)?.max(1)),
                    retries: parsed("LLM_RETRIES", 2)?,
                    backoff: Duration::from_millis(parsed("LLM_RETRY_BACKOFF_MS", 500)?),
                },
                prices,
                monthly_tokens: parsed("LLM_MONTHLY_TOKENS", crate::llm::DEFAULT_MONTHLY_TOKENS)?,
            })
        }
    })
}
