#![recursion_limit = "256"]
use anyhow::Context;
use axum::serve::ListenerExt;
use clap::{Parser, Subcommand};
use prospecta_server::config::{Config, Mode};
use prospecta_server::jobs::{Worker, start_scheduler};
use prospecta_server::prospecting::pagesjaunes;
use prospecta_server::state::AppState;
use prospecta_server::wiring;
use prospecta_server::{accounts, conversations, db, install_crypto_provider, observability, web};
use std::net::SocketAddr;
use std::path::PathBuf;
use tokio::sync::watch;

/// Prospecta: B2B prospecting for French SMBs.
#[derive(Parser)]
#[command(name = "prospecta", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web app and run the job workers and the scheduler in this process.
    Serve,
    /// Run job workers only (scale out: several processes on one PostgreSQL).
    Worker,
    /// Apply the database migrations and exit.
    Migrate,
    /// Agency administration.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// PagesJaunes tools for operators (no database needed).
    Pj {
        #[command(subcommand)]
        command: PjCommand,
    },
    /// Enrichment tools for operators (no database needed).
    Enrich {
        #[command(subcommand)]
        command: EnrichCommand,
    },
    /// Contact-form tools for operators (no database needed).
    Forms {
        #[command(subcommand)]
        command: FormsCommand,
    },
    /// Inbound-mail tools for operators (no database needed).
    Mail {
        #[command(subcommand)]
        command: MailCommand,
    },
}

#[derive(Subcommand)]
enum MailCommand {
    /// Read one raw message (.eml) as the reply mailboxes do and print one JSON object: kind
    /// (reply, auto_reply, bounce), from, in_reply_to, references, subject, new_text, bounce,
    /// opt_out.
    Parse { file: PathBuf },
}

#[derive(Subcommand)]
enum FormsCommand {
    /// Find the contact form of a site (URL of its home page), fill it with a sender profile and
    /// submit it; print one JSON object: outcome, contact_url, fields, captcha, evidence,
    /// screenshot.
    Run {
        url: String,
        /// Sender profile, JSON: first_name, last_name, company, email, phone, postal_code,
        /// city, website (a built-in sample when absent).
        #[arg(long)]
        profile: Option<PathBuf>,
        /// The message written in the form (a neutral sample when absent).
        #[arg(long)]
        message: Option<String>,
        /// Fill the form but do not submit it.
        #[arg(long)]
        dry_run: bool,
        /// Time allowed for the whole site, in seconds.
        #[arg(long, default_value_t = 60)]
        timeout: u64,
        /// Where to write the screenshot (default: the system's temporary folder).
        #[arg(long)]
        screenshot_dir: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum EnrichCommand {
    /// Crawl a company website politely (robots.txt, same host, at most 10 pages) and print one
    /// JSON object: e-mails, best e-mail, phones, SIREN, contact page.
    Url { url: String },
}

#[derive(Subcommand)]
enum PjCommand {
    /// Parse a saved PagesJaunes page and print one JSON object.
    Parse { file: PathBuf },
    /// Search PagesJaunes (the configured site: PAGESJAUNES_BASE_URL) politely, following
    /// pagination, and print one JSON line per listing.
    Search {
        /// Activity words, as typed in PagesJaunes' "Quoi, qui ?" box.
        #[arg(long)]
        what: String,
        /// A commune or département ("Lyon", "Rhône", "69").
        #[arg(long = "where")]
        place: String,
        #[arg(long)]
        max_pages: Option<u32>,
    },
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Create an agency admin (access to /admin).
    Create {
        #[arg(long)]
        email: String,
        #[arg(long)]
        password: String,
    },
    /// Grant units of one quota to an organisation (until billing does it each period).
    Credits {
        /// The organisation's id (shown in /admin).
        #[arg(long)]
        org: prospecta_shared::ids::OrgId,
        /// `prospects` (rows unlocked) or `contacts` (companies contacted).
        #[arg(long, default_value = "prospects")]
        quota: String,
        #[arg(long, allow_hyphen_values = true)]
        amount: i64,
        #[arg(long, default_value = "Accordé par l'agence")]
        reason: String,
    },
    /// Show an organisation's language-model spending this month, and set its monthly token
    /// cap with --tokens (it replaces the server's default, LLM_MONTHLY_TOKENS).
    LlmBudget {
        #[arg(long)]
        org: prospecta_shared::ids::OrgId,
        #[arg(long)]
        tokens: Option<i64>,
    },
}

#[tokio::main]
async fn main() {
    // Operators read a one-line reason, not a backtrace.
    if let Err(e) = run().await {
        eprintln!("prospecta : {e:#}");
        std::process::exit(1);
    }
}

async fn run() -> anyhow::Result<()> {
    let cli = parse_cli();
    // Operators run `pj` on a laptop with saved pages: no configuration, no database.
    let command = match cli.command {
        Command::Pj { command: PjCommand::Parse { file } } => return parse_saved_page(file),
        Command::Pj { command: PjCommand::Search { what, place, max_pages } } => {
            return search_pagesjaunes(&what, &place, max_pages).await;
        }
        Command::Enrich { command: EnrichCommand::Url { url } } => return enrich_url(&url).await,
        Command::Mail { command: MailCommand::Parse { file } } => return parse_mail(file),
        Command::Forms { command: FormsCommand::Run { url, profile, message, dry_run, timeout, screenshot_dir } } => {
            return forms_run(&url, profile, message, dry_run, timeout, screenshot_dir).await;
        }
        other => other,
    };
    install_crypto_provider();
    observability::init_logging(observability::LogFormat::from_env().map_err(|e| anyhow::anyhow!(e))?);
    let config = Config::from_env().context("configuration")?;
    let db = db::connect_and_migrate(&config.database_url)
        .await
        .with_context(|| format!("database {}", redact(&config.database_url)))?;
    match command {
        Command::Pj { .. } | Command::Enrich { .. } | Command::Forms { .. } | Command::Mail { .. } => {
            unreachable!("handled before the database")
        }
        Command::Migrate => {
            println!("migrations applied");
            Ok(())
        }
        Command::Admin { command: AdminCommand::Credits { org, quota, amount, reason } } => {
            use prospecta_server::credits;
            use prospecta_shared::credits::Quota;
            let Some(quota) = Quota::parse(quota.trim()) else {
                anyhow::bail!("--quota : prospects ou contacts");
            };
            if amount == 0 {
                anyhow::bail!("--amount doit être différent de 0");
            }
            credits::grant(&db, org, quota, amount, &reason, None).await.context("credit ledger")?;
            let left = credits::balance(&db, org, quota).await?;
            println!("organisation #{org} : {} : {left}", quota.remaining_label_fr());
            Ok(())
        }
        Command::Admin { command: AdminCommand::LlmBudget { org, tokens } } => {
            use prospecta_server::llm::budget;
            let Some(settings) = &config.llm else {
                anyhow::bail!("aucun modèle de langage n'est configuré (LLM_PROVIDER)");
            };
            if let Some(tokens) = tokens {
                if tokens < 0 {
                    anyhow::bail!("--tokens doit être positif ou nul");
                }
                budget::set_cap(&db, org, tokens).await.context("llm budget")?;
            }
            let allowance = budget::allowance(&db, org, settings.monthly_tokens, chrono::Utc::now()).await?;
            println!(
                "organisation #{org} : {} jetons utilisés ce mois sur {} ({:.2} € estimés)",
                allowance.spent.tokens(),
                allowance.monthly_tokens,
                allowance.spent.cost_micro_eur as f64 / 1e6
            );
            Ok(())
        }
        Command::Admin { command: AdminCommand::Create { email, password } } => {
            match accounts::create_admin(&db, &email, &password).await {
                Ok(id) => {
                    println!("agency admin created (user #{id}): {email}");
                    Ok(())
                }
                Err(e) => anyhow::bail!(e.message_fr()),
            }
        }
        Command::Worker => {
            let app = AppState::new(config, db);
            start_metrics(&app).await?;
            let (stop, stopped) = watch::channel(false);
            let watcher = tokio::spawn(conversations::watch::run(
                app.clone(),
                conversations::watch::watcher_name(),
                stopped.clone(),
            ));
            let worker = tokio::spawn(Worker::new(app, wiring::registry()).run(stopped));
            shutdown_signal().await;
            let _ = stop.send(true);
            worker.await?;
            watcher.await?;
            Ok(())
        }
        Command::Serve => serve(AppState::new(config, db)).await,
    }
}

fn parse_saved_page(file: PathBuf) -> anyhow::Result<()> {
    let bytes = std::fs::read(&file).with_context(|| format!("read {}", file.display()))?;
    // Saved pages are sometimes re-encoded by browsers or cut short: parse what is there.
    let html = String::from_utf8_lossy(&bytes);
    let parsed = pagesjaunes::parse_page(&html, pagesjaunes::PAGESJAUNES_BASE_URL);
    println!("{}", serde_json::to_string(&parsed).context("serialise the parsed page")?);
    Ok(())
}

fn parse_mail(file: PathBuf) -> anyhow::Result<()> {
    use prospecta_server::conversations::inbound;
    let raw = std::fs::read(&file).with_context(|| format!("lecture de {}", file.display()))?;
    let mail = inbound::parse(&raw).with_context(|| file.display().to_string())?;
    println!("{}", serde_json::to_string(&mail).context("serialise the message")?);
    Ok(())
}

/// One listing of `pj search`, in the shape of `pj parse`'s listings.
#[derive(serde::Serialize)]
struct SearchLine<'a> {
    name: &'a str,
    street: Option<&'a str>,
    postal_code: Option<&'a str>,
    city: Option<&'a str>,
    phones: &'a [prospecta_shared::company::Phone],
    website: Option<&'a str>,
    email: Option<&'a str>,
    pj_id: Option<&'a str>,
    page: u32,
}

async fn search_pagesjaunes(what: &str, place: &str, max_pages: Option<u32>) -> anyhow::Result<()> {
    use prospecta_server::prospecting::sources::pagesjaunes::PagesJaunes;
    use prospecta_server::prospecting::sources::{HostThrottle, Source, SourceError, http_client};
    install_crypto_provider();
    if what.trim().is_empty() {
        anyhow::bail!("--what est vide : indiquez une activité (par exemple « plombier »)");
    }
    let config = Config::from_env().context("configuration")?;
    let cfg = &config.prospecting;
    let source = PagesJaunes::new(
        &cfg.pagesjaunes_url,
        http_client(cfg.http_timeout, &prospecta_server::net::Guard::system(config.net.clone())),
        HostThrottle::local(),
        cfg.pagesjaunes_interval,
    );
    let max_pages = max_pages.unwrap_or(cfg.max_pages).max(1);
    let mut url = Some(source.place_url(what, place));
    let mut page = 1;
    let mut listed = 0;
    while let Some(current) = url.take() {
        if page > max_pages {
            break;
        }
        match source.fetch(&current).await {
            Ok(result) => {
                for c in &result.companies {
                    let line = SearchLine {
                        name: &c.name,
                        street: c.street.as_deref(),
                        postal_code: c.postal_code.as_deref(),
                        city: c.city.as_deref(),
                        phones: &c.phones,
                        website: c.website.as_ref().map(|w| w.as_str()),
                        email: c.email.as_deref(),
                        pj_id: c.pj_id.as_deref(),
                        page,
                    };
                    println!("{}", serde_json::to_string(&line)?);
                    listed += 1;
                }
                if result.companies.is_empty() && page == 1 {
                    eprintln!("prospecta : aucun résultat pour « {what} » à « {place} »");
                }
                url = result.next_url;
            }
            Err(SourceError::Blocked { retry_at }) => {
                anyhow::bail!(
                    "PagesJaunes refuse nos requêtes (page anti-robot ou 403/429) à la page {page} ; \
                     nouvel essai conseillé après {} ({listed} fiches lues)",
                    prospecta_server::time::datetime_fr(retry_at)
                )
            }
            Err(e) => anyhow::bail!("page {page} : {e} ({listed} fiches lues)"),
        }
        page += 1;
    }
    eprintln!("prospecta : {listed} fiches sur {} page(s)", page - 1);
    Ok(())
}

/// A whole number from the environment, or `default` when unset; a malformed value is an error.
fn env_number(name: &str, default: u64) -> anyhow::Result<u64> {
    match std::env::var(name) {
        Ok(v) if !v.trim().is_empty() => {
            v.trim().parse().with_context(|| format!("{name} doit être un nombre entier (reçu « {v} »)"))
        }
        _ => Ok(default),
    }
}

/// The output of `enrich url`, in this key order.
#[derive(serde::Serialize)]
struct EnrichOutput<'a> {
    website: &'a str,
    emails: Vec<EnrichEmail<'a>>,
    best_email: Option<&'a str>,
    phones: &'a [String],
    siren: Option<&'a str>,
    contact_page: Option<&'a str>,
    has_form: bool,
}

#[derive(serde::Serialize)]
struct EnrichEmail<'a> {
    value: &'a str,
    source_url: &'a str,
    confidence: u8,
}

/// The network policy of the operator commands (`PROSPECTA_PRIVATE_NETWORKS`,
/// `PROSPECTA_ALLOWED_PORTS`; unset, `PROSPECTA_MODE` decides), with the system's resolver.
fn operator_guard() -> anyhow::Result<prospecta_server::net::Guard> {
    use prospecta_server::net::{Guard, NetPolicy};
    let mode = Mode::from_env().context("configuration")?;
    let policy = NetPolicy::from_env(mode == Mode::Production).map_err(|e| anyhow::anyhow!(e))?;
    Ok(Guard::system(policy))
}

/// What `enrich url` prints when the network policy refuses the address: nothing was sent.
#[derive(serde::Serialize)]
struct Refused<'a> {
    outcome: &'static str,
    url: &'a str,
    reason: String,
}

/// Prints the refusal as JSON (stdout) and a line for the operator (stderr), exits 1.
fn exit_refused(json: &str, reason: &str) -> ! {
    use std::io::Write;
    println!("{json}");
    eprintln!("prospecta : adresse refusée : {reason}");
    let _ = std::io::stdout().flush();
    std::process::exit(1)
}

async fn enrich_url(url: &str) -> anyhow::Result<()> {
    use prospecta_server::enrichment::crawl::{CrawlError, CrawlLimits, crawl_client, crawl_site};
    use prospecta_server::prospecting::sources::HostThrottle;
    use std::time::Duration;
    install_crypto_provider();
    let guard = operator_guard()?;
    let timeout = Duration::from_secs(env_number("ENRICH_TIMEOUT_SECS", 15)?.max(1));
    let interval = Duration::from_millis(env_number("ENRICH_INTERVAL_MS", 500)?);
    let limits = CrawlLimits {
        max_pages: env_number("ENRICH_MAX_PAGES", 10)?.max(1) as usize,
        total_budget: Duration::from_secs(env_number("ENRICH_BUDGET_SECS", 60)?.max(1)),
        ..CrawlLimits::default()
    };
    let url = url.trim();
    let url = if url.contains("://") { url.to_string() } else { format!("https://{url}") };
    let refused = |reason: String| {
        let json = serde_json::to_string(&Refused { outcome: "forbidden_address", url: &url, reason: reason.clone() });
        exit_refused(&json.unwrap_or_default(), &reason)
    };
    if let Err(e) = guard.policy().check_url(&url).map_err(|e| (e.is_refusal(), e.to_string()))
        && e.0
    {
        refused(e.1);
    }
    let report = match crawl_site(&crawl_client(timeout, &guard), &HostThrottle::local(), interval, &url, limits).await
    {
        Ok(report) => report,
        Err(CrawlError::Forbidden(reason)) => refused(reason),
        Err(e) => anyhow::bail!("impossible de lire la page d'accueil {url} : {e}"),
    };
    let out = EnrichOutput {
        website: &report.website,
        emails: report
            .emails
            .iter()
            .map(|e| EnrichEmail { value: &e.value, source_url: &e.source_url, confidence: e.confidence })
            .collect(),
        best_email: report.best_email.as_deref(),
        phones: &report.phones,
        siren: report.siren.as_deref(),
        contact_page: report.contact_page.as_deref(),
        has_form: report.has_form,
    };
    println!("{}", serde_json::to_string(&out)?);
    Ok(())
}

/// clap's own messages are English; operators of `forms run` get a French one (exit code 2,
/// as clap does). Help and version print as usual.
fn parse_cli() -> Cli {
    match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind;
            let forms = std::env::args().nth(1).as_deref() == Some("forms");
            if !forms
                || matches!(
                    e.kind(),
                    ErrorKind::DisplayHelp
                        | ErrorKind::DisplayVersion
                        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
                )
            {
                e.exit();
            }
            eprintln!(
                "prospecta : arguments invalides pour « prospecta forms run URL [--profile FICHIER] [--message TEXTE] [--dry-run] »\n{e}"
            );
            std::process::exit(2);
        }
    }
}

/// `forms run`: the form engine on one site. Outcomes are results (exit 0); only bad arguments
/// or a browser that cannot start end in error.
async fn forms_run(
    url: &str,
    profile: Option<PathBuf>,
    message: Option<String>,
    dry_run: bool,
    timeout: u64,
    screenshot_dir: Option<PathBuf>,
) -> anyhow::Result<()> {
    use prospecta_server::net::ConnectError;
    use prospecta_server::outreach::forms::engine::{EngineConfig, RunOptions};
    use prospecta_server::outreach::forms::{FormEngine, SenderProfile};
    let url = url.trim();
    let valid_url = !url.is_empty()
        && !url.chars().any(char::is_whitespace)
        && (url.starts_with("http://") || url.starts_with("https://") || !url.contains("://"))
        && url.split("://").last().is_some_and(|rest| rest.split('/').next().is_some_and(|h| !h.is_empty()));
    if !valid_url {
        anyhow::bail!("adresse invalide « {url} » : donnez l'URL de la page d'accueil (http:// ou https://)");
    }
    let profile = match profile {
        None => SenderProfile::sample(),
        Some(path) => {
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("impossible de lire le profil {}", path.display()))?;
            serde_json::from_str::<SenderProfile>(&text).with_context(|| {
                format!(
                    "profil {} invalide : un objet JSON avec first_name, last_name, company, email, phone, postal_code, city, website est attendu",
                    path.display()
                )
            })?
        }
    };
    if profile.email.trim().is_empty() || !profile.email.contains('@') {
        anyhow::bail!("profil invalide : l'e-mail de l'expéditeur est obligatoire");
    }
    let mut opts = RunOptions {
        profile,
        dry_run,
        timeout: std::time::Duration::from_secs(timeout.max(5)),
        ..RunOptions::default()
    };
    if let Some(message) = message {
        if message.trim().is_empty() {
            anyhow::bail!("le message ne peut pas être vide");
        }
        opts.message = message;
    }
    let guard = operator_guard()?;
    // Nothing is launched for a refused address: the URL, then the addresses its name resolves
    // to (the browser's proxy checks every later request the same way).
    let start = if url.contains("://") { url.to_string() } else { format!("https://{url}") };
    let refusal = match guard.policy().check_url(&start) {
        Err(e) => e.is_refusal().then(|| e.to_string()),
        Ok(parsed) => {
            let host = parsed.host_str().unwrap_or_default();
            let port = parsed.port_or_known_default().unwrap_or(443);
            match guard.resolve_checked(host, port, parsed.port().is_some()).await {
                Err(ConnectError::Refused(e)) => Some(e.to_string()),
                // An unknown name is the engine's to report (site down), as before the guard.
                _ => None,
            }
        }
    };
    if let Some(reason) = refusal {
        let json = serde_json::to_string(&prospecta_server::outreach::forms::FormRun::forbidden(&reason))?;
        exit_refused(&json, &reason);
    }
    let identity =
        prospecta_server::outreach::forms::chromium::ChromiumIdentity::from_env().map_err(|e| anyhow::anyhow!(e))?;
    let mut config = EngineConfig { net: guard, identity, ..EngineConfig::default() };
    if let Some(dir) = screenshot_dir {
        config.screenshot_dir = dir;
    }
    let engine = tokio::task::spawn_blocking(move || FormEngine::launch(config)).await??;
    let run = engine.run(url, &opts).await?;
    println!("{}", serde_json::to_string(&run)?);
    // Stops Chromium and removes its profile; then exit without waiting for a blocking call
    // still stuck on a hung site (the runtime would wait for it at shutdown).
    drop(engine);
    use std::io::Write;
    let _ = std::io::stdout().flush();
    std::process::exit(0)
}

async fn serve(app: AppState) -> anyhow::Result<()> {
    let addr = app.config.bind;
    if app.config.mode == Mode::Sandbox {
        tracing::info!("SANDBOX mode: simulated web and mail sink; nothing leaves this machine");
    }
    if app.config.mode == Mode::Production && app.config.net.allows_private() {
        tracing::warn!(
            "PROSPECTA_PRIVATE_NETWORKS=allow in production: fetched addresses may reach this machine's network"
        );
    }
    // Parse the taxonomies now rather than on the first keystroke of the first client.
    tokio::task::spawn_blocking(prospecta_server::prospecting::taxonomy::Taxonomy::get);
    if app.config.is_sandbox() {
        // The sandbox's mail servers belong to this process: the demo mailboxes follow them.
        use prospecta_server::mailboxes::{DemoMail, follow_demo_servers};
        match app.servers().await {
            Ok(servers) => match follow_demo_servers(&app, servers).await {
                Ok(moved) if moved > 0 => tracing::info!(moved, "messageries de démonstration rebranchées"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "messageries de démonstration non rebranchées"),
            },
            Err(e) => tracing::warn!(error = %e, "serveurs de messagerie du bac à sable indisponibles"),
        }
    }
    let (stop, stopped) = watch::channel(false);
    let watcher =
        tokio::spawn(conversations::watch::run(app.clone(), conversations::watch::watcher_name(), stopped.clone()));
    let worker = tokio::spawn(Worker::new(app.clone(), wiring::registry()).run(stopped));
    let mut scheduler = start_scheduler(app.db.clone(), wiring::schedule()).await.context("scheduler")?;
    start_metrics(&app).await?;
    let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| format!("bind {addr}"))?;
    tracing::info!("listening on http://{addr}");
    // Without TCP_NODELAY, the last small segment of a response waits for the client's delayed
    // ACK on keep-alive connections (tens of milliseconds a stylesheet).
    let listener = listener.tap_io(|tcp| {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::debug!(error = %e, "TCP_NODELAY not set");
        }
    });
    axum::serve(listener, web::router(app).into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    let _ = stop.send(true);
    let _ = scheduler.shutdown().await;
    worker.await?;
    watcher.await?;
    Ok(())
}

/// `PROSPECTA_METRICS_BIND`: the Prometheus endpoint, on its own address, for the life of the
/// process. A bind failure stops the start-up: an operator who asked for metrics wants to know.
async fn start_metrics(app: &AppState) -> anyhow::Result<()> {
    let Some(addr) = app.config.metrics_bind else { return Ok(()) };
    let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| format!("bind metrics {addr}"))?;
    tracing::info!("metrics on http://{addr}/metrics");
    let db = app.db.clone();
    tokio::spawn(async move {
        if let Err(e) = observability::serve_metrics(listener, db).await {
            tracing::error!(error = %e, "metrics endpoint stopped");
        }
    });
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).expect("SIGTERM handler");
        tokio::select! { _ = ctrl_c => {}, _ = term.recv() => {} }
    }
    #[cfg(not(unix))]
    let _ = ctrl_c.await;
}

fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => format!("{}://***{}", &url[..scheme], &url[at..]),
        _ => url.to_string(),
    }
}
