//! Outgoing mail: a `Mailer` port with two adapters (SMTP for production, a database sink for
//! sandbox mode) and the durable `SendEmail` job every capability uses to send.

use crate::jobs::{Job, JobContext, JobError};
use crate::state::AppState;
use async_trait::async_trait;
use chrono::Utc;
use prospecta_shared::ids::OrgId;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, DatabaseConnection};
use serde::{Deserialize, Serialize};

pub mod sink;

/// The relay production mail goes through (`SMTP_*`).
#[derive(Debug, Clone)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    /// Implicit TLS (465) or STARTTLS; `false` only for a relay on loopback.
    pub tls: bool,
    pub username: Option<String>,
    pub password: Option<String>,
    pub timeout: std::time::Duration,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutgoingMail {
    pub to: String,
    pub subject: String,
    pub text: String,
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// Network trouble or a 4xx from the relay: worth retrying.
    #[error("temporary mail failure: {0}")]
    Temporary(String),
    /// The relay refused the message for good (bad address...).
    #[error("mail rejected: {0}")]
    Rejected(String),
}

#[async_trait]
pub trait Mailer: Send + Sync {
    async fn send(&self, mail: &OutgoingMail) -> Result<(), MailError>;
}

/// Sandbox: mail is stored, shown at /admin/courriels, never sent.
pub struct SandboxMailSink {
    db: DatabaseConnection,
}

impl SandboxMailSink {
    pub fn new(db: DatabaseConnection) -> Self {
        SandboxMailSink { db }
    }
}

#[async_trait]
impl Mailer for SandboxMailSink {
    async fn send(&self, mail: &OutgoingMail) -> Result<(), MailError> {
        sink::ActiveModel {
            to_address: Set(mail.to.clone()),
            from_address: Set("Prospecta <bonjour@prospecta.fr>".into()),
            subject: Set(mail.subject.clone()),
            body_text: Set(mail.text.clone()),
            sent_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(&self.db)
        .await
        .map(|_| ())
        .map_err(|e| MailError::Temporary(e.to_string()))
    }
}

pub struct SmtpMailer {
    config: SmtpConfig,
    from: String,
}

impl SmtpMailer {
    pub fn new(config: SmtpConfig, from: String) -> Self {
        SmtpMailer { config, from }
    }
}

#[async_trait]
impl Mailer for SmtpMailer {
    async fn send(&self, mail: &OutgoingMail) -> Result<(), MailError> {
        use mail_send::SmtpClientBuilder;
        use mail_send::mail_builder::MessageBuilder;
        let (name, address) = split_mailbox(&self.from);
        let message = MessageBuilder::new()
            .from((name, address))
            .to(mail.to.as_str())
            .subject(mail.subject.as_str())
            .text_body(mail.text.as_str());
        let mut builder = SmtpClientBuilder::new(self.config.host.as_str(), self.config.port)
            .map_err(MailError::Temporary)?
            .implicit_tls(self.config.port == 465)
            .timeout(self.config.timeout);
        if let (Some(user), Some(password)) = (&self.config.username, &self.config.password) {
            builder = builder.credentials((user.as_str(), password.as_str()));
        }
        let result = if self.config.tls {
            builder.connect().await.map_err(classify)?.send(message).await
        } else {
            builder.connect_plain().await.map_err(classify)?.send(message).await
        };
        result.map(|_| ()).map_err(classify)
    }
}

fn classify(e: mail_send::Error) -> MailError {
    match &e {
        mail_send::Error::UnexpectedReply(r) if r.code() >= 500 => MailError::Rejected(e.to_string()),
        _ => MailError::Temporary(e.to_string()),
    }
}

/// "Prospecta <bonjour@prospecta.fr>" → ("Prospecta", "bonjour@prospecta.fr").
fn split_mailbox(mailbox: &str) -> (String, String) {
    match (mailbox.find('<'), mailbox.rfind('>')) {
        (Some(open), Some(close)) if open < close => {
            (mailbox[..open].trim().trim_matches('"').to_string(), mailbox[open + 1..close].trim().to_string())
        }
        _ => (String::new(), mailbox.trim().to_string()),
    }
}

/// Send one e-mail, durably: enqueued in the transaction that decides to send it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SendEmail {
    pub mail: OutgoingMail,
    pub organization_id: Option<OrgId>,
}

#[async_trait]
impl Job for SendEmail {
    const KIND: &'static str = "mail.send";
    type State = AppState;
    const MAX_ATTEMPTS: i32 = 6;

    fn organization_id(&self) -> Option<prospecta_shared::ids::OrgId> {
        self.organization_id
    }

    async fn run(&self, ctx: &JobContext<AppState>) -> Result<(), JobError> {
        ctx.app.mailer.send(&self.mail).await.map_err(|e| match e {
            MailError::Temporary(m) => JobError::Retry(m),
            MailError::Rejected(m) => JobError::Permanent(m),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::split_mailbox;

    #[test]
    fn splits_display_name_and_address() {
        assert_eq!(
            split_mailbox("Prospecta <bonjour@prospecta.fr>"),
            ("Prospecta".into(), "bonjour@prospecta.fr".into())
        );
        assert_eq!(split_mailbox("bonjour@prospecta.fr"), (String::new(), "bonjour@prospecta.fr".into()));
    }
}
