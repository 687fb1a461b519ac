#![recursion_limit = "256"]
use anyhow::Context;
use clap::{Parser, Subcommand};
use prospecta_server::config::{Config, Mode};
use prospecta_server::jobs::{Registry, Worker, start_scheduler};
use prospecta_server::prospecting::pagesjaunes;
use prospecta_server::state::AppState;
use prospecta_server::{accounts, db, install_crypto_provider, web};
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
}

#[derive(Subcommand)]
enum PjCommand {
    /// Parse a saved PagesJaunes page and print one JSON object.
    Parse { file: PathBuf },
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
    let cli = Cli::parse();
    // Operators run `pj` on a laptop with saved pages: no configuration, no database.
    let command = match cli.command {
        Command::Pj { command } => return run_pj(command),
        other => other,
    };
    install_crypto_provider();
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn,sea_orm=warn".into()),
        )
        .init();
    let config = Config::from_env().context("configuration")?;
    let db = db::connect_and_migrate(&config.database_url)
        .await
        .with_context(|| format!("database {}", redact(&config.database_url)))?;
    match command {
        Command::Pj { command } => run_pj(command),
        Command::Migrate => {
            println!("migrations applied");
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
            let (stop, stopped) = watch::channel(false);
            let worker = tokio::spawn(Worker::new(app, Registry::standard()).run(stopped));
            shutdown_signal().await;
            let _ = stop.send(true);
            worker.await?;
            Ok(())
        }
        Command::Serve => serve(AppState::new(config, db)).await,
    }
}

fn run_pj(command: PjCommand) -> anyhow::Result<()> {
    match command {
        PjCommand::Parse { file } => {
            let bytes = std::fs::read(&file).with_context(|| format!("read {}", file.display()))?;
            // Saved pages are sometimes re-encoded by browsers or cut short: parse what is there.
            let html = String::from_utf8_lossy(&bytes);
            let parsed = pagesjaunes::parse_page(&html, pagesjaunes::PAGESJAUNES_BASE_URL);
            println!("{}", serde_json::to_string(&parsed).context("serialise the parsed page")?);
            Ok(())
        }
    }
}

async fn serve(app: AppState) -> anyhow::Result<()> {
    let addr = app.config.bind;
    if app.config.mode == Mode::Sandbox {
        tracing::info!("SANDBOX mode: simulated web and mail sink; nothing leaves this machine");
    }
    // Parse the taxonomies now rather than on the first keystroke of the first client.
    tokio::task::spawn_blocking(|| prospecta_server::prospecting::taxonomy::Taxonomy::get());
    let (stop, stopped) = watch::channel(false);
    let worker = tokio::spawn(Worker::new(app.clone(), Registry::standard()).run(stopped));
    let mut scheduler = start_scheduler(app.clone()).await.context("scheduler")?;
    let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| format!("bind {addr}"))?;
    tracing::info!("listening on http://{addr}");
    axum::serve(listener, web::router(app).into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    let _ = stop.send(true);
    let _ = scheduler.shutdown().await;
    worker.await?;
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
