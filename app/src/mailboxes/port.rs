use async_trait::async_trait;
use prospecta_shared::AppError;
use prospecta_shared::accounts::SessionUser;
use prospecta_shared::mailboxes::{DomainCheck, MailboxInput, MailboxView};

/// The mailboxes capability, implemented by the server, scoped to the actor's organisation.
#[async_trait]
pub trait Mailboxes: Send + Sync {
    async fn mailbox(&self, actor: &SessionUser) -> Result<Option<MailboxView>, AppError>;
    /// Owners: test both servers with these settings, then save them.
    async fn connect(&self, actor: &SessionUser, input: MailboxInput) -> Result<(), AppError>;
    /// Owners, sandbox mode only: connect the sandbox's own mail servers, whose simulated
    /// prospects answer.
    async fn connect_demo(&self, actor: &SessionUser) -> Result<(), AppError>;
    /// Any member: the sending domain's SPF, DKIM and DMARC records, read now (`selector`: a
    /// DKIM selector to try first). `NotFound` without a mailbox.
    async fn check_domain(&self, actor: &SessionUser, selector: Option<String>) -> Result<DomainCheck, AppError>;
    /// Owners: resume a paused mailbox.
    async fn resume(&self, actor: &SessionUser) -> Result<(), AppError>;
    /// Owners: forget the mailbox and its password.
    async fn disconnect(&self, actor: &SessionUser) -> Result<(), AppError>;
}
