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
    /// The language model, metered and capped; `None` when none is configured.
    pub llm: Option<crate::llm::Llm>,
    /// Built on first use by `enrichment::engine` (it may start the sandbox's DNS server).
    pub enricher: tokio::sync::OnceCell<Arc<crate::enrichment::pipeline::Enricher>>,
    /// The contact-form browser pool; Chromium starts on the first campaign submission.
    pub forms: tokio::sync::OnceCell<Arc<crate::outreach::forms::FormPool>>,
    /// The campaign pages' live figures, computed once per campaign for all its viewers.
    pub live: crate::outreach::campaigns::LiveBoard,
    /// The payment provider (Mollie, or the sandbox's simulated Mollie: same client).
    pub payments: Arc<dyn crate::billing::provider::PaymentProvider>,
    /// What enrichment and outreach add to prospecting (see `crate::wiring`).
    pub downstream: Arc<dyn crate::prospecting::Downstream>,
    /// Sandbox mode: the nameserver of the simulated web, started on first use and kept for the
    /// life of the process (see [`AppState::sandbox_nameserver`]).
    sandbox_dns: tokio::sync::OnceCell<crate::sandbox::dns::LocalDns>,
    /// Sandbox mode: its SMTP and IMAP servers, started on first use.
    sandbox_mail: tokio::sync::OnceCell<crate::sandbox::mail::MailServers>,
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
        let downstream = Arc::new(crate::wiring::Links::new(db.clone(), config.enrichment.enabled));
        let llm = config.llm.as_ref().map(|settings| crate::llm::Llm::new(settings, db.clone()));
        let simulated = config.billing.mollie_api_base.contains(crate::sandbox::MOLLIE_PREFIX);
        let payments = Arc::new(crate::billing::mollie::MollieClient::new(
            &config.billing.mollie_api_base,
            config.billing.mollie_api_key.clone(),
            config.billing.timeout,
            simulated,
        ));
        AppState(Arc::new(Inner {
            llm,
            payments,
            downstream,
            config,
            db,
            mailer,
            enricher: tokio::sync::OnceCell::new(),
            forms: tokio::sync::OnceCell::new(),
            live: Default::default(),
            sandbox_dns: tokio::sync::OnceCell::new(),
            sandbox_mail: tokio::sync::OnceCell::new(),
        }))
    }

    /// The address of the sandbox's nameserver, which answers for every simulated site's name
    /// (the sites themselves are served by this process). The sandbox is wired in here, at the
    /// composition of the application, never inside a capability.
    pub async fn sandbox_nameserver(&self) -> std::io::Result<std::net::SocketAddr> {
        let dns = self
            .sandbox_dns
            .get_or_try_init(|| async {
                let zone = Arc::new(crate::sandbox::sites::SiteDirectory::new(self.db.clone()));
                crate::sandbox::dns::serve(std::net::SocketAddr::from(([127, 0, 0, 1], 0)), zone).await
            })
            .await?;
        Ok(dns.addr)
    }
}

impl AppState {
    /// The resolver of the product's own lookups (the crawler's and the guard's, the e-mail
    /// checks', the sending domain's records): the configured name servers, or in the sandbox,
    /// unless others are configured, the sandbox's nameserver, which answers for the simulated
    /// web.
    pub async fn resolver(&self) -> Result<crate::net::dns::Dns, crate::net::dns::DnsError> {
        use crate::net::dns::{Dns, DnsConfig, DnsError};
        let cfg = &self.config.enrichment.dns;
        if self.config.is_sandbox() && cfg.nameservers.is_empty() {
            let nameserver = self
                .sandbox_nameserver()
                .await
                .map_err(|e| DnsError::Config(format!("serveur DNS du bac à sable : {e}")))?;
            return Dns::new(&DnsConfig { nameservers: vec![nameserver], timeout: cfg.timeout });
        }
        Dns::new(cfg)
    }
}

impl AppState {
    /// The sandbox's mail servers, started on first use and kept for the life of the process.
    pub async fn sandbox_mail(&self) -> std::io::Result<crate::sandbox::mail::MailServers> {
        self.sandbox_mail.get_or_try_init(|| crate::sandbox::mail::serve(self.db.clone())).await.copied()
    }
}

/// The mailboxes' demo mailbox is the sandbox's mail servers.
#[async_trait::async_trait]
impl crate::mailboxes::DemoMail for AppState {
    async fn servers(&self) -> std::io::Result<(std::net::SocketAddr, std::net::SocketAddr, &'static str)> {
        let servers = self.sandbox_mail().await?;
        Ok((servers.smtp, servers.imap, crate::sandbox::mail::PASSWORD))
    }
}

impl AppState {
    /// What the capabilities keep of an organisation outside its own rows (those go with the
    /// organisation through foreign keys): erased with it when its account is closed.
    pub async fn forget_organization<C: sea_orm::ConnectionTrait>(
        &self,
        db: &C,
        organization_id: prospecta_shared::ids::OrgId,
    ) -> Result<(), sea_orm::DbErr> {
        crate::prospecting::retention::forget_organization(db, organization_id).await?;
        crate::jobs::forget_organization(db, organization_id).await
    }
}

/// The job runtime runs every job with the application state.
impl crate::jobs::Runtime for AppState {
    fn db(&self) -> &DatabaseConnection {
        &self.db
    }

    fn jobs_config(&self) -> &crate::jobs::JobsConfig {
        &self.config.jobs
    }
}

impl AppState {
    /// The process's form pool, built from the configuration on first use. Its browser's proxy
    /// uses the enrichment's guard: the same policy and resolver as the crawler (in the sandbox,
    /// the sandbox's DNS, which leads every simulated site to this server).
    pub async fn form_pool(&self) -> Arc<crate::outreach::forms::FormPool> {
        use crate::outreach::forms::{FormPool, PoolConfig, engine::EngineConfig};
        self.forms
            .get_or_init(|| async {
                let o = &self.config.outreach;
                let net = match crate::enrichment::engine::engine(self).await {
                    Ok(enricher) => enricher.http.guard().clone(),
                    Err(e) => {
                        tracing::error!("résolveur de l'enrichissement indisponible, résolveur du système : {e}");
                        crate::net::Guard::system(self.config.net.clone())
                    }
                };
                Arc::new(FormPool::new(PoolConfig {
                    tabs: o.tabs,
                    memory_cap_mb: o.memory_cap_mb,
                    host_gap: o.host_gap,
                    engine: EngineConfig {
                        chromium_path: o.chromium_path.clone(),
                        screenshot_dir: o.screenshot_dir.clone(),
                        extra_args: Vec::new(),
                        net,
                        identity: o.chromium.clone(),
                    },
                }))
            })
            .await
            .clone()
    }
}
