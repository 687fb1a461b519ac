//! The settings page's port: the organisation's mailbox, for its members to read and its
//! owners to change.

use crate::state::AppState;
use async_trait::async_trait;
use prospecta_app::mailboxes::port::Mailboxes;
use prospecta_shared::AppError;
use prospecta_shared::accounts::{OrgRole, SessionUser};
use prospecta_shared::mailboxes::{DomainCheck, MailboxInput, MailboxView};

/// The sandbox's own mail servers (wired in sandbox mode only): their SMTP and IMAP addresses
/// and the password of its mailboxes.
#[async_trait]
pub trait DemoMail: Send + Sync {
    async fn servers(&self) -> std::io::Result<(std::net::SocketAddr, std::net::SocketAddr, &'static str)>;
}

pub struct MailboxService {
    app: AppState,
    demo: Option<std::sync::Arc<dyn DemoMail>>,
}

impl MailboxService {
    pub fn new(app: AppState, demo: Option<std::sync::Arc<dyn DemoMail>>) -> Self {
        MailboxService { app, demo }
    }
}

fn owner(actor: &SessionUser) -> Result<(), AppError> {
    if actor.role == OrgRole::Owner { Ok(()) } else { Err(AppError::Forbidden) }
}

fn internal(e: sea_orm::DbErr) -> AppError {
    crate::error::internal("mailbox", e)
}

#[async_trait]
impl Mailboxes for MailboxService {
    async fn mailbox(&self, actor: &SessionUser) -> Result<Option<MailboxView>, AppError> {
        super::view(&self.app, actor.organization_id).await.map_err(internal)
    }

    async fn connect(&self, actor: &SessionUser, input: MailboxInput) -> Result<(), AppError> {
        owner(actor)?;
        let settings = input.parse()?;
        super::connect(&self.app, actor.organization_id, settings).await?;
        Ok(())
    }

    async fn connect_demo(&self, actor: &SessionUser) -> Result<(), AppError> {
        owner(actor)?;
        let demo = self.demo.as_ref().ok_or(AppError::Forbidden)?;
        let (smtp, imap, password) = demo.servers().await.map_err(|e| crate::error::internal("demo mail", e))?;
        let port = |addr: std::net::SocketAddr| addr.port().to_string();
        let input = MailboxInput {
            from_name: format!("{} {}", actor.first_name, actor.last_name),
            from_address: actor.email.clone(),
            login: actor.email.clone(),
            password: password.to_string(),
            smtp_host: smtp.ip().to_string(),
            smtp_port: port(smtp),
            smtp_security: "plain".into(),
            imap_host: imap.ip().to_string(),
            imap_port: port(imap),
            imap_security: "plain".into(),
            daily_cap: String::new(),
        };
        super::connect(&self.app, actor.organization_id, input.parse()?).await?;
        Ok(())
    }

    async fn check_domain(&self, actor: &SessionUser, selector: Option<String>) -> Result<DomainCheck, AppError> {
        super::check_domain(&self.app, actor.organization_id, selector.as_deref()).await?.ok_or(AppError::NotFound)
    }

    async fn resume(&self, actor: &SessionUser) -> Result<(), AppError> {
        owner(actor)?;
        match super::resume(&self.app, actor.organization_id).await.map_err(internal)? {
            true => Ok(()),
            false => Err(AppError::Conflict("la messagerie n'est pas en pause".into())),
        }
    }

    async fn disconnect(&self, actor: &SessionUser) -> Result<(), AppError> {
        owner(actor)?;
        super::disconnect(&self.app, actor.organization_id).await.map_err(internal)
    }
}
