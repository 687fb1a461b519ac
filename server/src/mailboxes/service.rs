//! The settings page's port: the organisation's mailbox, for its members to read and its
//! owners to change.

use crate::state::AppState;
use async_trait::async_trait;
use prospecta_app::mailboxes::port::Mailboxes;
use prospecta_shared::AppError;
use prospecta_shared::accounts::{OrgRole, SessionUser};
use prospecta_shared::mailboxes::{MailboxInput, MailboxView};

pub struct MailboxService {
    app: AppState,
}

impl MailboxService {
    pub fn new(app: AppState) -> Self {
        MailboxService { app }
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
