//! [`FormEngine`]: one headless Chromium (Debian's, through headless_chrome), one fresh tab per
//! site. headless_chrome is blocking, so each site runs in `spawn_blocking`, bounded by a
//! per-site deadline; a pool of engines or tabs can drive it later without changing this API.

use super::chromium::{self, ChromiumIdentity, Sandbox};
use super::classify::{
    FieldKind, FormCandidate, SenderProfile, choose_option, classify_form, is_math_question, is_message_form,
    pick_contact_form, value_for,
};
use super::outcome::{
    AfterSubmit, CaptchaKind, Outcome, RequestSeen, cap, decide_after_submit, is_block_page, refusal_notice,
};
use super::page;
use crate::enrichment::contact_rank::{LinkFeatures, LinkPlace, navigation_pages, rank};
use crate::enrichment::extract::resolve_url;
use crate::net::proxy::GuardProxy;
use crate::net::{Guard, NetPolicy};
use headless_chrome::protocol::cdp::Page::CaptureScreenshotFormatOption;
use headless_chrome::{Browser, LaunchOptions, Tab};
use prospecta_shared::outreach::fit_message;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Failures of the engine itself (a site's problems are [`Outcome`]s, not errors).
#[derive(Debug, thiserror::Error)]
pub enum FormEngineError {
    #[error("impossible de lancer Chromium ({path}) : {reason}")]
    BrowserLaunch { path: String, reason: String },
    #[error("impossible d'ouvrir un onglet : {0}")]
    NewTab(String),
    #[error("dossier des captures d'écran inaccessible ({path}) : {reason}")]
    ScreenshotDir { path: String, reason: String },
    #[error("proxy du navigateur impossible à démarrer : {0}")]
    Proxy(String),
}

/// How the engine is started.
#[derive(Debug, Clone)]
pub struct EngineConfig {
    /// The Chromium binary (`CHROMIUM_PATH`, else `/usr/bin/chromium`).
    pub chromium_path: PathBuf,
    /// Where screenshots are written.
    pub screenshot_dir: PathBuf,
    /// More Chromium flags.
    pub extra_args: Vec<String>,
    /// What the browser may reach: every request of every page goes through a proxy applying
    /// this guard.
    pub net: Guard,
    /// Chromium's sandbox and the unprivileged user a root process drops to.
    pub identity: ChromiumIdentity,
}

impl Default for EngineConfig {
    /// Production's network policy with the system's resolver (tests serving pages on loopback
    /// set a permissive guard), `CHROMIUM_PATH`, `CHROMIUM_SANDBOX`, `CHROMIUM_USER`.
    fn default() -> Self {
        let chromium_path =
            std::env::var_os("CHROMIUM_PATH").map(PathBuf::from).unwrap_or_else(|| "/usr/bin/chromium".into());
        EngineConfig {
            chromium_path,
            screenshot_dir: std::env::temp_dir().join("prospecta-forms"),
            extra_args: Vec::new(),
            net: Guard::system(NetPolicy::production()),
            identity: ChromiumIdentity::from_env().unwrap_or_default(),
        }
    }
}

/// Asked on the browser's thread just before the submit click: `false` cancels the submission
/// (campaign paused, prospect contacted meanwhile). A campaign records "about to submit" here, so
/// that a process dying during the submission leaves a trace instead of a second send.
#[derive(Clone)]
pub struct SubmitGate(pub Arc<dyn Fn() -> bool + Send + Sync>);

impl std::fmt::Debug for SubmitGate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SubmitGate")
    }
}

/// What to do on one site.
#[derive(Debug, Clone)]
pub struct RunOptions {
    pub profile: SenderProfile,
    pub message: String,
    /// Appended to the message and always kept whole (the legal notice with the opt-out link):
    /// when the site limits the length, the message is cut at a sentence, never the notice.
    pub tail: String,
    pub gate: Option<SubmitGate>,
    /// Written in a free-text subject field.
    pub subject: String,
    /// Fill but do not submit.
    pub dry_run: bool,
    /// Everything for this site, navigation included (default 60 s).
    pub timeout: Duration,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            profile: SenderProfile::sample(),
            message: DEFAULT_MESSAGE.to_string(),
            tail: String::new(),
            gate: None,
            subject: "Demande d'information".to_string(),
            dry_run: false,
            timeout: Duration::from_secs(60),
        }
    }
}

pub const DEFAULT_MESSAGE: &str = "Bonjour, je me permets de vous contacter pour vous présenter brièvement notre activité \
et savoir à qui m'adresser chez vous. Pourriez-vous me recontacter par e-mail ? Bien cordialement.";

/// One field as reported: its key (name, else id), kind and the value put in it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct FieldReport {
    pub name: String,
    pub kind: FieldKind,
    pub value: String,
}

/// The result for one site (the JSON printed by `prospecta forms run`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FormRun {
    pub outcome: Outcome,
    pub contact_url: Option<String>,
    pub fields: Vec<FieldReport>,
    pub captcha: Option<CaptchaKind>,
    pub evidence: String,
    pub screenshot: Option<String>,
    /// What the engine changed to fit the site ("message shortened to 500 characters").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notices: Vec<String>,
    /// The gate refused the submission: nothing was sent.
    #[serde(skip)]
    pub cancelled: bool,
    /// The submit click happened (or was about to): the message may have reached the site.
    #[serde(skip)]
    pub submit_attempted: bool,
}

impl FormRun {
    /// The network policy refused the site: nothing was loaded.
    pub fn forbidden(reason: &str) -> Self {
        FormRun::new(Outcome::ForbiddenAddress, reason)
    }

    fn new(outcome: Outcome, evidence: impl Into<String>) -> Self {
        FormRun {
            outcome,
            contact_url: None,
            fields: Vec::new(),
            captcha: None,
            evidence: evidence.into(),
            screenshot: None,
            notices: Vec::new(),
            cancelled: false,
            submit_attempted: false,
        }
    }
}

/// One browser; [`FormEngine::run`] visits one site in a fresh tab.
pub struct FormEngine {
    /// Always `Some` until dropped.
    browser: Option<Browser>,
    config: EngineConfig,
    profile_dir: PathBuf,
    /// The launcher that drops to the unprivileged user, when this process is root.
    wrapper: Option<PathBuf>,
    /// Chromium's only way out; stopped after the browser.
    _proxy: GuardProxy,
}

impl Drop for FormEngine {
    fn drop(&mut self) {
        // Chromium first (dropping the last `Browser` kills it), then its profile: Chromium
        // writes into the profile until it exits.
        self.browser.take();
        for _ in 0..10 {
            if std::fs::remove_dir_all(&self.profile_dir).is_ok() || !self.profile_dir.exists() {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        if let Some(wrapper) = &self.wrapper {
            let _ = std::fs::remove_file(wrapper);
        }
    }
}

impl FormEngine {
    /// Starts Chromium headless, with its sandbox, as an unprivileged user (see [`chromium`]),
    /// no GPU, no background networking so that it never calls home, a fresh profile, and every
    /// request through the guard's proxy. Call it from a tokio runtime (a blocking task is fine):
    /// the proxy runs on it.
    pub fn launch(config: EngineConfig) -> Result<Self, FormEngineError> {
        std::fs::create_dir_all(&config.screenshot_dir).map_err(|e| FormEngineError::ScreenshotDir {
            path: config.screenshot_dir.display().to_string(),
            reason: e.to_string(),
        })?;
        let nanos =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
        let name = format!("prospecta-chromium-{}-{nanos}", std::process::id());
        let profile_dir = std::env::temp_dir().join(&name);
        let runtime = tokio::runtime::Handle::try_current().map_err(|e| FormEngineError::Proxy(e.to_string()))?;
        let proxy =
            GuardProxy::start(config.net.clone(), &runtime).map_err(|e| FormEngineError::Proxy(e.to_string()))?;
        let wrapper_path = std::env::temp_dir().join(format!("{name}.sh"));
        match Self::start_browser(&config, &profile_dir, &wrapper_path, &proxy) {
            Ok((browser, wrapper)) => {
                Ok(FormEngine { browser: Some(browser), config, profile_dir, wrapper, _proxy: proxy })
            }
            Err(e) => {
                let _ = std::fs::remove_file(&wrapper_path);
                let _ = std::fs::remove_dir_all(&profile_dir);
                Err(e)
            }
        }
    }

    /// Chromium in `profile_dir`, through the launcher written at `wrapper_path` when this process
    /// is root (returned, to be removed with the engine).
    fn start_browser(
        config: &EngineConfig,
        profile_dir: &Path,
        wrapper_path: &Path,
        proxy: &GuardProxy,
    ) -> Result<(Browser, Option<PathBuf>), FormEngineError> {
        let launch_err = |reason: String| FormEngineError::BrowserLaunch {
            path: config.chromium_path.display().to_string(),
            reason,
        };
        std::fs::create_dir_all(profile_dir).map_err(|e| launch_err(e.to_string()))?;
        let launch = chromium::prepare(&config.identity, &config.chromium_path, wrapper_path, profile_dir)
            .map_err(launch_err)?;
        let wrapper = launch.owner.map(|_| wrapper_path.to_path_buf());
        if let Some(ids) = launch.owner {
            std::os::unix::fs::chown(profile_dir, Some(ids.uid), Some(ids.gid))
                .map_err(|e| launch_err(format!("profil de Chromium : {e}")))?;
        }
        let proxy_arg = format!("--proxy-server={}", proxy.url());
        let mut args: Vec<&OsStr> = [
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--lang=fr-FR",
            // Loopback too goes through the proxy (Chromium bypasses it for loopback otherwise).
            "--proxy-bypass-list=<-loopback>",
            // WebRTC would send UDP around the proxy.
            "--force-webrtc-ip-handling-policy=disable_non_proxied_udp",
            "--webrtc-ip-handling-policy=disable_non_proxied_udp",
        ]
        .iter()
        .map(OsStr::new)
        .collect();
        args.push(OsStr::new(&proxy_arg));
        args.extend(config.extra_args.iter().map(OsStr::new));
        let options = LaunchOptions::default_builder()
            .path(Some(launch.program.clone()))
            .sandbox(config.identity.sandbox == Sandbox::On)
            .headless(true)
            .window_size(Some((1280, 1000)))
            .user_data_dir(Some(profile_dir.to_path_buf()))
            .args(args)
            // The transport closes after this long without any DevTools event; a pool keeps the
            // browser between sites.
            .idle_browser_timeout(Duration::from_secs(3600))
            .build()
            .map_err(|e| launch_err(e.to_string()))?;
        Browser::new(options).map(|browser| (browser, wrapper)).map_err(|e| {
            // Chromium exits at once when its sandbox cannot start (no user namespaces).
            let hint = match config.identity.sandbox {
                Sandbox::On => {
                    " ; si le noyau interdit les espaces de noms utilisateur (unshare -Ur true échoue \
                     pour cet utilisateur), voir CHROMIUM_SANDBOX"
                }
                Sandbox::Off => "",
            };
            launch_err(format!("{e}{hint}"))
        })
    }

    /// The Chromium process id: a pool watches it to tell a dead browser from a slow site, and
    /// to measure the browser's memory.
    pub fn process_id(&self) -> Option<u32> {
        self.browser.as_ref().and_then(Browser::get_process_id)
    }

    /// Visits `url` (a home page, or directly a contact page) and returns the outcome. Never
    /// panics on a site's behaviour; the deadline bounds the whole visit.
    pub async fn run(&self, url: &str, opts: &RunOptions) -> Result<FormRun, FormEngineError> {
        let browser = self.browser.clone().ok_or_else(|| FormEngineError::NewTab("navigateur arrêté".into()))?;
        let tab = tokio::task::spawn_blocking(move || browser.new_tab())
            .await
            .map_err(|e| FormEngineError::NewTab(e.to_string()))?
            .map_err(|e| FormEngineError::NewTab(e.to_string()))?;
        let url = normalize_start_url(url);
        // Schemes the proxy never sees (file:, chrome:) and refused addresses stop here.
        if let Err(refused) = self.config.net.policy().check_url(&url) {
            let closer = tab.clone();
            drop(tokio::task::spawn_blocking(move || closer.close(false)));
            return Ok(FormRun::new(Outcome::ForbiddenAddress, refused.to_string()));
        }
        let deadline = Instant::now() + opts.timeout;
        let (t, o, dir) = (tab.clone(), opts.clone(), self.config.screenshot_dir.clone());
        let home_loaded = Arc::new(AtomicBool::new(false));
        let loaded = home_loaded.clone();
        let submit_started = Arc::new(AtomicBool::new(false));
        let started = submit_started.clone();
        let abandoned = Arc::new(AtomicBool::new(false));
        let given_up = abandoned.clone();
        let work = tokio::task::spawn_blocking(move || {
            let mut visit = Visit {
                tab: t,
                deadline,
                opts: o,
                screenshot_dir: dir,
                home_loaded: loaded,
                submit_started: started,
                abandoned: given_up,
                shortened_to: std::cell::Cell::new(None),
            };
            let mut run = visit.run(&url);
            run.screenshot = visit.screenshot();
            run
        });
        // A little grace over the deadline for the screenshot; past it, the tab is closed, which
        // makes every pending DevTools call of the blocking task fail quickly.
        let result = tokio::time::timeout(opts.timeout + Duration::from_secs(5), work).await;
        // Not awaited: closing a tab stuck on a hung site may itself wait for a DevTools timeout.
        // A page frozen in a script (`for (;;) {}`) answers no DevTools call, and headless_chrome
        // waits for an answer as long as the browser lives: the visit's thread would stay blocked.
        // Stopping the page's script (V8 can be interrupted from outside the page) lets that
        // pending call fail, and the thread end, before the tab goes.
        // The visit makes no new call once abandoned; the one in flight is answered once the
        // script stops, so the tab only goes a moment later (a call left waiting on a closed
        // tab is never answered either).
        let timed_out = result.is_err();
        abandoned.store(true, Ordering::SeqCst);
        let closer = tab.clone();
        drop(tokio::task::spawn_blocking(move || {
            if timed_out {
                let _ = closer.call_method(headless_chrome::protocol::cdp::Runtime::TerminateExecution(None));
                std::thread::sleep(Duration::from_secs(2));
            }
            closer.close(false)
        }));
        // Past the submit click, a visit that panicked or ran out of time may have sent the
        // message: it says so, so that nobody sends it again.
        let after_click =
            |evidence: String| FormRun { submit_attempted: true, ..FormRun::new(Outcome::Unknown, evidence) };
        Ok(match result {
            Ok(Ok(run)) => run,
            Ok(Err(join)) if submit_started.load(Ordering::SeqCst) => {
                after_click(format!("erreur interne après la validation du formulaire : {join}"))
            }
            Ok(Err(join)) => FormRun::new(Outcome::Unknown, format!("erreur interne pendant la visite : {join}")),
            Err(_) if submit_started.load(Ordering::SeqCst) => after_click(format!(
                "délai de {} s dépassé après la validation du formulaire : l'envoi a peut-être abouti",
                opts.timeout.as_secs()
            )),
            Err(_) if !home_loaded.load(Ordering::SeqCst) => FormRun::new(
                Outcome::SiteDown,
                format!("la page d'accueil ne s'est pas chargée en {} s", opts.timeout.as_secs()),
            ),
            Err(_) => FormRun::new(Outcome::Unknown, format!("délai de {} s dépassé", opts.timeout.as_secs())),
        })
    }
}

/// Navigation pages visited, at most, when no link of the home page reads like a contact link.
const MAX_NAVIGATION_PAGES: usize = 4;
/// Polls (400 ms apart) for a form rendered late on a page expected to hold one.
const FORM_WAIT_ROUNDS: usize = 16;
/// Polls on a navigation page that may well hold no form: a shorter wait.
const NAVIGATION_WAIT_ROUNDS: usize = 4;

fn normalize_start_url(url: &str) -> String {
    let url = url.trim();
    if url.contains("://") { url.to_string() } else { format!("https://{url}") }
}

/// The host of a URL, lower case, without `www.` (ports kept).
pub(crate) fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next().unwrap_or("").to_ascii_lowercase();
    host.strip_prefix("www.").unwrap_or(&host).to_string()
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct PageInfo {
    url: String,
    title: String,
    ready: String,
    status: u16,
    text: String,
    mailto: Vec<String>,
    tel: Vec<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct LinkInfo {
    href: String,
    text: String,
    title: String,
    aria_label: String,
    place: LinkPlace,
    button_like: bool,
}

impl LinkInfo {
    /// The link's features for the ranking, `url` being its absolute form.
    fn features<'a>(&'a self, url: &'a str) -> LinkFeatures<'a> {
        LinkFeatures {
            url,
            text: &self.text,
            title: &self.title,
            aria_label: &self.aria_label,
            place: self.place,
            button_like: self.button_like,
        }
    }
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct FormsInfo {
    forms: Vec<FormCandidate>,
    captcha: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct Snapshot {
    url: String,
    mark: bool,
    lines: Vec<String>,
    form_present: bool,
    form_visible: bool,
    challenge: bool,
    captcha: Option<String>,
    requests: Vec<RequestSeen>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct SubmitInfo {
    how: String,
    invalid: Vec<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct Filled {
    pf: String,
    value: Option<String>,
}

/// One site's visit, on the blocking side.
struct Visit {
    tab: Arc<Tab>,
    deadline: Instant,
    opts: RunOptions,
    screenshot_dir: PathBuf,
    /// Set once the home page answered: a visit cut by the deadline before that is a site down.
    home_loaded: Arc<AtomicBool>,
    /// Set once the gate let the submission through, just before the click: whatever happens
    /// to the visit afterwards, the message may have reached the site.
    submit_started: Arc<AtomicBool>,
    /// Set when the caller gave up on the visit (deadline passed): no DevTools call is made any
    /// more, so the thread ends instead of waiting on a tab about to close.
    abandoned: Arc<AtomicBool>,
    /// The site's length limit the message was cut to, if it was.
    shortened_to: std::cell::Cell<Option<usize>>,
}

impl Visit {
    fn left(&self) -> Duration {
        self.deadline.saturating_duration_since(Instant::now())
    }

    fn expired(&self) -> bool {
        self.left().is_zero()
    }

    fn sleep(&self, ms: u64) {
        std::thread::sleep(Duration::from_millis(ms).min(self.left()));
    }

    fn abandoned(&self) -> bool {
        self.abandoned.load(Ordering::SeqCst)
    }

    /// Runs one script command; `None` when the page is navigating or gone.
    fn call<T: for<'de> Deserialize<'de>>(&self, command: &str, arg: Value) -> Option<T> {
        if self.abandoned() {
            return None;
        }
        let remote = self.tab.evaluate(&page::call(command, &arg), false).ok()?;
        let text = remote.value?.as_str()?.to_string();
        serde_json::from_str(&text).ok()
    }

    /// Runs an async script (`script` is a function of one argument returning a promise of
    /// JSON text).
    fn call_async<T: for<'de> Deserialize<'de>>(&self, script: &str, arg: Value) -> Option<T> {
        if self.abandoned() {
            return None;
        }
        let remote = self.tab.evaluate(&format!("({script})({arg})"), true).ok()?;
        let text = remote.value?.as_str()?.to_string();
        serde_json::from_str(&text).ok()
    }

    /// Navigates and waits for the load, bounded by the deadline.
    fn open(&self, url: &str) -> Result<PageInfo, String> {
        if self.abandoned() {
            return Err("visite abandonnée (délai dépassé)".into());
        }
        self.tab.set_default_timeout(self.left().min(Duration::from_secs(25)).max(Duration::from_millis(100)));
        self.tab.navigate_to(url).map_err(|e| e.to_string())?;
        self.tab.wait_until_navigated().map_err(|e| e.to_string())?;
        self.settle();
        self.call::<PageInfo>("page", Value::Null).ok_or_else(|| "page illisible".to_string())
    }

    /// Waits until the document is loaded (scripts that render late are polled for separately).
    fn settle(&self) {
        for _ in 0..20 {
            if self.expired() {
                return;
            }
            if let Some(p) = self.call::<PageInfo>("page", Value::Null)
                && p.ready == "complete"
            {
                break;
            }
            self.sleep(150);
        }
        self.sleep(200);
    }

    fn screenshot(&self) -> Option<String> {
        if self.abandoned() {
            return None;
        }
        // A page still loading must not hold the visit past its deadline for a picture.
        self.tab.set_default_timeout(Duration::from_secs(5));
        let png = self.tab.capture_screenshot(CaptureScreenshotFormatOption::Png, None, None, true).ok()?;
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).ok()?.as_nanos();
        let host: String = host_of(&self.tab.get_url())
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() || c == '.' { c } else { '_' })
            .collect();
        let path = self.screenshot_dir.join(format!("{host}-{nanos}.png"));
        std::fs::write(&path, png).ok()?;
        Some(path.display().to_string())
    }

    /// Why a loaded page is not the site: the outcome to report, if any.
    fn page_problem(&self, info: &PageInfo) -> Option<FormRun> {
        if info.url.starts_with("chrome-error:") {
            return Some(FormRun::new(Outcome::SiteDown, "le site ne répond pas (page d'erreur du navigateur)"));
        }
        if info.status == 403 && info.text.trim_start().starts_with(crate::net::proxy::REFUSAL_PREFIX) {
            return Some(FormRun::new(Outcome::ForbiddenAddress, cap(info.text.trim())));
        }
        if is_block_page(&info.title, &info.text) || matches!(info.status, 403 | 429) {
            let first: String = info.text.chars().take(300).collect();
            return Some(FormRun::new(
                Outcome::Blocked,
                cap(&format!("HTTP {} — {} {}", info.status, info.title, first).replace("HTTP 0 — ", "")),
            ));
        }
        if info.status >= 500 || matches!(info.status, 404 | 410) {
            return Some(FormRun::new(Outcome::SiteDown, format!("HTTP {}", info.status)));
        }
        None
    }

    fn run(&mut self, start: &str) -> FormRun {
        let home = match self.open(start) {
            Ok(info) => info,
            Err(e) => return FormRun::new(Outcome::SiteDown, format!("page d'accueil injoignable : {e}")),
        };
        self.home_loaded.store(true, Ordering::SeqCst);
        if let Some(problem) = self.page_problem(&home) {
            return problem;
        }
        // Contact links, waiting a little for a menu rendered by script.
        let home_url = home.url.clone();
        let home_host = host_of(&home_url);
        let home_key = home_url.split('#').next().unwrap_or(&home_url).to_string();
        let mut same_site: Vec<(String, LinkInfo)> = Vec::new();
        for _ in 0..12 {
            let links: Vec<LinkInfo> = self.call("links", Value::Null).unwrap_or_default();
            same_site = links
                .into_iter()
                .filter_map(|l| resolve_url(&home_url, &l.href).map(|u| (u, l)))
                .filter(|(u, _)| host_of(u) == home_host && *u != home_key)
                .collect();
            if same_site.iter().any(|(u, l)| rank(&l.features(u)) > 0) || self.expired() {
                break;
            }
            self.sleep(250);
        }
        // Every same-site link ranked by its features; ties keep the page order.
        let mut candidates: Vec<(String, u8)> = Vec::new();
        for (url, l) in &same_site {
            let score = rank(&l.features(url));
            if score == 0 {
                continue;
            }
            match candidates.iter_mut().find(|(u, _)| u == url) {
                Some(c) => c.1 = c.1.max(score),
                None => candidates.push((url.clone(), score)),
            }
        }
        candidates.sort_by_key(|c| std::cmp::Reverse(c.1));
        let nothing_reads_like_contact = candidates.is_empty();

        // A contact form on the home page itself is the fallback (or the answer, for one-page
        // sites whose menu points to `#contact`).
        let home_forms = self.find_forms(if candidates.is_empty() { FORM_WAIT_ROUNDS } else { 1 });
        if candidates.is_empty() && home_forms.is_none() {
            candidates = self.sitemap_candidates(&home_url, &home_host);
        }
        let mut visited: Vec<String> = vec![home_key.clone()];
        // The first contact page read: where the written alternatives are looked for.
        let mut contact_page: Option<PageInfo> = None;
        for (url, _) in candidates.iter().take(3) {
            if self.expired() {
                break;
            }
            visited.push(url.clone());
            let info = match self.open(url) {
                Ok(i) => i,
                Err(_) => continue,
            };
            if self.page_problem(&info).is_some() {
                continue;
            }
            if let Some(found) = self.find_forms(FORM_WAIT_ROUNDS) {
                return self.handle_form(info, found);
            }
            if contact_page.is_none() {
                contact_page = self.call::<PageInfo>("page", Value::Null).or(Some(info));
            }
        }
        if home_forms.is_some()
            && let Ok(info) = self.open(&home_url)
            && let Some(found) = self.find_forms(FORM_WAIT_ROUNDS)
        {
            return self.handle_form(info, found);
        }
        // No link reads like a contact link ("Le cabinet", "Nos services"…): the menu's pages,
        // a few, and the first holding a form with a message box and an e-mail field.
        if nothing_reads_like_contact {
            let features: Vec<LinkFeatures<'_>> = same_site.iter().map(|(u, l)| l.features(u)).collect();
            let pages = navigation_pages(&features, MAX_NAVIGATION_PAGES + visited.len());
            for url in pages.iter().filter(|u| !visited.contains(u)).take(MAX_NAVIGATION_PAGES) {
                if self.expired() {
                    break;
                }
                let Ok(info) = self.open(url) else { continue };
                if self.page_problem(&info).is_some() {
                    continue;
                }
                if let Some((forms, idx)) = self.find_forms(NAVIGATION_WAIT_ROUNDS)
                    && is_message_form(&forms.forms[idx])
                {
                    return self.handle_form(info, (forms, idx));
                }
            }
        }
        // No form: report the written alternatives the contact page offers.
        let contact_url = contact_page.as_ref().map(|p| p.url.clone());
        let info = contact_page.unwrap_or(home);
        let mut evidence = String::from("aucun formulaire de contact trouvé");
        if let Some(mail) = info.mailto.first() {
            evidence.push_str(&format!(" ; e-mail : {mail}"));
        }
        if let Some(tel) = info.tel.first() {
            evidence.push_str(&format!(" ; téléphone : {tel}"));
        }
        let mut run = FormRun::new(Outcome::NoForm, evidence);
        run.contact_url = contact_url.or(Some(info.url)).filter(|u| !u.is_empty());
        run
    }

    /// Contact pages named in the sitemap (a sitemap index is followed one level, pages
    /// first), for sites whose menu is an image or a script we could not read. Read with the
    /// page's own `fetch` from the home page: no navigation, and whatever content type the
    /// server gives it.
    fn sitemap_candidates(&self, home_url: &str, home_host: &str) -> Vec<(String, u8)> {
        let origin: String = match home_url.find("://").and_then(|i| home_url[i + 3..].find('/').map(|j| i + 3 + j)) {
            Some(end) => home_url[..end].to_string(),
            None => home_url.trim_end_matches('/').to_string(),
        };
        let mut urls = vec![format!("{origin}/sitemap.xml"), format!("{origin}/wp-sitemap.xml")];
        let mut found: Vec<(String, u8)> = Vec::new();
        for _level in 0..2 {
            if urls.is_empty() || self.left() < Duration::from_secs(15) {
                break;
            }
            let locs: Vec<String> = self.call_async(page::SITEMAP_SCRIPT, json!(urls)).unwrap_or_default();
            urls = Vec::new();
            for loc in locs {
                if host_of(&loc) != home_host {
                    continue;
                }
                if loc.ends_with(".xml") {
                    if loc.contains("page") && urls.len() < 3 {
                        urls.push(loc);
                    }
                    continue;
                }
                let score = rank(&LinkFeatures { url: &loc, ..LinkFeatures::default() });
                if score > 0 && !found.iter().any(|(u, _)| *u == loc) {
                    found.push((loc, score));
                }
            }
            if !found.is_empty() {
                break;
            }
        }
        found.sort_by_key(|c| std::cmp::Reverse(c.1));
        found
    }

    /// The page's contact form, polling `rounds` times for forms rendered late by script.
    fn find_forms(&self, rounds: usize) -> Option<(FormsInfo, usize)> {
        for i in 0..rounds {
            if let Some(info) = self.call::<FormsInfo>("forms", Value::Null)
                && let Some(idx) = pick_contact_form(&info.forms)
            {
                return Some((info, idx));
            }
            if self.expired() || i + 1 == rounds {
                break;
            }
            self.sleep(400);
        }
        None
    }

    fn handle_form(&mut self, info: PageInfo, (forms, idx): (FormsInfo, usize)) -> FormRun {
        let form = forms.forms[idx].clone();
        let mut run = FormRun::new(Outcome::Unknown, String::new());
        run.contact_url = Some(info.url.clone());
        let mut plan = self.plan(&form);
        run.fields = plan.iter().map(|p| p.report.clone()).collect();

        if let Some(notice) = refusal_notice(&info.text) {
            run.outcome = Outcome::RefusedSolicitation;
            run.evidence = notice;
            return run;
        }
        let math = plan.iter().any(|p| p.report.kind == FieldKind::Captcha && p.math);
        let captcha = forms.captcha.as_deref().and_then(CaptchaKind::from_marker).or(if math {
            Some(CaptchaKind::MathQuestion)
        } else if plan.iter().any(|p| p.report.kind == FieldKind::Captcha) {
            Some(CaptchaKind::Other)
        } else {
            None
        });
        if let Some(kind) = captcha {
            run.outcome = Outcome::Captcha;
            run.captcha = Some(kind);
            run.evidence = format!(
                "CAPTCHA détecté ({}) : le formulaire n'est pas envoyé",
                serde_json::to_value(kind).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
            );
            return run;
        }

        // Fill, step by step when the form reveals its fields in steps.
        let mut filled_pf: Vec<String> = Vec::new();
        for _step in 0..5 {
            let todo: Vec<&Planned> =
                plan.iter().filter(|p| p.op.is_some() && p.visible && !filled_pf.contains(&p.pf)).collect();
            let ops: Vec<Value> = todo
                .iter()
                .map(|p| json!({"pf": p.pf, "op": p.op, "value": p.value, "label": p.option_label}))
                .collect();
            let done: Vec<Filled> = self.call("fill", Value::Array(ops)).unwrap_or_default();
            for d in done {
                if let Some(p) = plan.iter_mut().find(|p| p.pf == d.pf) {
                    if let Some(v) = d.value {
                        p.report.value = v;
                    }
                    filled_pf.push(d.pf);
                }
            }
            let next: bool = self.call("next", json!(form.pf)).unwrap_or(false);
            if !next {
                break;
            }
            self.sleep(500);
            // The next step's fields are now shown: classify again with what is visible.
            let Some((again, j)) = self.find_forms(1) else { break };
            let same = again.forms.iter().position(|f| f.pf == form.pf).unwrap_or(j);
            let fresh = self.plan(&again.forms[same]);
            for f in fresh {
                match plan.iter_mut().find(|p| p.pf == f.pf) {
                    Some(p) if !filled_pf.contains(&p.pf) => *p = f,
                    Some(_) => {}
                    None => plan.push(f),
                }
            }
        }
        run.fields = plan.iter().map(|p| p.report.clone()).collect();
        if let Some(max) = self.shortened_to.get() {
            run.notices.push(format!(
                "message raccourci à {max} caractères (limite du site), coupé à la fin d'une phrase, mention légale conservée"
            ));
        }
        if self.opts.dry_run {
            run.evidence = "--dry-run : formulaire rempli, non envoyé".to_string();
            return run;
        }

        let before: Snapshot = self.call("snapshot", json!({"form": form.pf})).unwrap_or_default();
        if let Some(gate) = &self.opts.gate
            && !(gate.0)()
        {
            run.cancelled = true;
            run.evidence = "envoi annulé juste avant validation".to_string();
            return run;
        }
        run.submit_attempted = true;
        self.submit_started.store(true, Ordering::SeqCst);
        let submitted: SubmitInfo = self.call("submit", json!(form.pf)).unwrap_or_default();
        if submitted.how == "none" || submitted.how == "missing" {
            run.evidence = "aucun moyen d'envoyer le formulaire (pas de bouton)".to_string();
            return run;
        }
        // Poll what the page shows until a decision, at most 12 s (or the deadline).
        let poll_end = Instant::now() + Duration::from_secs(12);
        let mut last_seen: Option<Snapshot> = None;
        loop {
            self.sleep(400);
            let last = Instant::now() >= poll_end || self.left() < Duration::from_secs(2);
            if let Some(now) = self.call::<Snapshot>("snapshot", json!({"form": form.pf})) {
                let state = AfterSubmit {
                    before_lines: before.lines.clone(),
                    before_url: before.url.clone(),
                    after_lines: now.lines.clone(),
                    after_url: now.url.clone(),
                    reloaded: before.mark && !now.mark,
                    form_visible: now.form_present && now.form_visible,
                    captcha_after: if now.challenge {
                        now.captcha.as_deref().and_then(CaptchaKind::from_marker)
                    } else {
                        None
                    },
                    invalid_messages: submitted.invalid.clone(),
                    requests: now.requests.clone(),
                };
                if let Some((outcome, evidence)) = decide_after_submit(&state, last) {
                    run.outcome = outcome;
                    run.evidence = evidence;
                    if outcome == Outcome::Captcha {
                        run.captcha = state.captcha_after;
                    }
                    return run;
                }
                last_seen = Some(now);
            } else if last {
                break;
            }
            if last {
                break;
            }
        }
        run.outcome = Outcome::Unknown;
        run.evidence = match last_seen {
            Some(_) => "aucune réponse lisible du site après l'envoi".to_string(),
            None => "page illisible après l'envoi".to_string(),
        };
        run
    }

    /// What to do with each fillable control of the form.
    fn plan(&self, form: &FormCandidate) -> Vec<Planned> {
        let kinds = classify_form(&form.fields);
        let p = &self.opts.profile;
        let mut out = Vec::new();
        let mut radio_groups_done: Vec<String> = Vec::new();
        for (i, kind) in kinds {
            let f = &form.fields[i];
            let key = f.key().to_string();
            let math = kind == FieldKind::Captcha
                && [&f.label, &f.placeholder, &f.aria_label, &f.context].iter().any(|t| is_math_question(t));
            let mut planned = Planned {
                pf: f.pf.clone(),
                visible: f.visible,
                op: None,
                value: String::new(),
                option_label: String::new(),
                math,
                report: FieldReport { name: key.clone(), kind, value: String::new() },
            };
            if f.input_type == "radio" {
                // One choice per required group; the first is as good as any for a first contact.
                if f.required && !radio_groups_done.contains(&f.name) && f.visible {
                    radio_groups_done.push(f.name.clone());
                    planned.op = Some("check");
                }
                if !f.required {
                    continue;
                }
                out.push(planned);
                continue;
            }
            match kind {
                FieldKind::Consent => planned.op = Some("check"),
                FieldKind::SelectSubject | FieldKind::Other if f.tag == "select" => {
                    if (kind == FieldKind::SelectSubject || f.required)
                        && let Some(o) = choose_option(&f.options)
                    {
                        planned.op = Some("select");
                        planned.value = o.value.clone();
                        planned.option_label = o.label.clone();
                        // Reported as posted: the option's value.
                        planned.report.value = o.value.clone();
                    }
                }
                FieldKind::Other if f.required => {
                    planned.op = Some("text");
                    planned.value = match f.input_type.as_str() {
                        "number" => "1".to_string(),
                        "date" => "2026-12-01".to_string(),
                        _ => self.opts.subject.clone(),
                    };
                    planned.report.value = planned.value.clone();
                }
                FieldKind::Message => {
                    let fitted = fit_message(&self.opts.message, &self.opts.tail, f.max_length.map(|m| m as usize));
                    if fitted.truncated {
                        self.shortened_to.set(f.max_length.map(|m| m as usize));
                    }
                    planned.op = Some("text");
                    planned.report.value = fitted.text.clone();
                    planned.value = fitted.text;
                }
                _ => {
                    if let Some(v) = value_for(kind, p, &self.opts.subject, &self.opts.message) {
                        planned.op = Some("text");
                        planned.report.value = v.clone();
                        planned.value = v;
                    }
                }
            }
            out.push(planned);
        }
        out
    }
}

struct Planned {
    pf: String,
    visible: bool,
    op: Option<&'static str>,
    value: String,
    option_label: String,
    math: bool,
    report: FieldReport,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_ignore_www_and_ports_stay() {
        assert_eq!(host_of("https://www.Example.fr/contact"), "example.fr");
        assert_eq!(host_of("http://127.0.0.1:8080/a/b"), "127.0.0.1:8080");
        assert_eq!(normalize_start_url("example.fr"), "https://example.fr");
    }
}
