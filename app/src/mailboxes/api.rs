//! Server functions of the mailbox settings.

use leptos::prelude::*;
use prospecta_shared::AppError;
use prospecta_shared::mailboxes::MailboxView;

#[cfg(feature = "ssr")]
use {
    super::port::Mailboxes,
    crate::server_ctx::{port, require_user},
};

#[server(endpoint = "mailboxes/view")]
pub async fn load_mailbox() -> Result<Option<MailboxView>, AppError> {
    let actor = require_user()?;
    port::<dyn Mailboxes>()?.mailbox(&actor).await
}

#[allow(clippy::too_many_arguments)]
#[server(endpoint = "mailboxes/connect")]
pub async fn connect_mailbox(
    from_name: String,
    from_address: String,
    login: String,
    mailbox_password: String,
    smtp_host: String,
    smtp_port: String,
    smtp_security: String,
    imap_host: String,
    imap_port: String,
    imap_security: String,
    daily_cap: String,
) -> Result<(), AppError> {
    let actor = require_user()?;
    let input = prospecta_shared::mailboxes::MailboxInput {
        from_name,
        from_address,
        login,
        password: mailbox_password,
        smtp_host,
        smtp_port,
        smtp_security,
        imap_host,
        imap_port,
        imap_security,
        daily_cap,
    };
    port::<dyn Mailboxes>()?.connect(&actor, input).await
}

#[server(endpoint = "mailboxes/resume")]
pub async fn resume_mailbox() -> Result<(), AppError> {
    let actor = require_user()?;
    port::<dyn Mailboxes>()?.resume(&actor).await
}

#[server(endpoint = "mailboxes/disconnect")]
pub async fn disconnect_mailbox() -> Result<(), AppError> {
    let actor = require_user()?;
    port::<dyn Mailboxes>()?.disconnect(&actor).await
}

#[server(endpoint = "mailboxes/connect-demo")]
pub async fn connect_demo_mailbox() -> Result<(), AppError> {
    let actor = require_user()?;
    port::<dyn Mailboxes>()?.connect_demo(&actor).await
}

/// The sending domain's SPF, DKIM and DMARC records, read in the DNS now.
#[server(endpoint = "mailboxes/check-domain")]
pub async fn check_domain(selector: String) -> Result<prospecta_shared::mailboxes::DomainCheck, AppError> {
    let actor = require_user()?;
    let selector = prospecta_shared::mailboxes::dkim_selector(&selector)?;
    port::<dyn Mailboxes>()?.check_domain(&actor, selector).await
}
