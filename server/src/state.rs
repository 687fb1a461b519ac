use crate::config::{Config, MailTransport};
use crate::mail::{Mailer, SandboxMailSink, SmtpMailer};
use sea_orm::DatabaseConnection;
use std::ops::Deref;
use std::sync::Arc;

/// Everything a request handler or a job needs, cheap to clone.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

pub struct Inner {
    pub config: Config,
    pub db: DatabaseConnection,
    pub mailer: Arc<dyn Mailer>,
    /// Built on first use by `enrichment::engine` (it may start the sandbox's DNS server).
    pub enricher: tokio::sync::OnceCell<Arc<crate::enrichment::pipeline::Enricher>>,
}

impl Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl AppState {
    pub fn new(config: Config, db: DatabaseConnection) -> Self {
        let mailer: Arc<dyn Mailer> = match &config.mail {
            MailTransport::Sink => Arc::new(SandboxMailSink::new(db.clone())),
            MailTransport::Smtp(smtp) => Arc::new(SmtpMailer::new(smtp.clone(), config.mail_from.clone())),
        };
        AppState(Arc::new(Inner { config, db, mailer, enricher: tokio::sync::OnceCell::new() }))
    }
}
