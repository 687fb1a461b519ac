//! IMAP polling of the reply mailboxes: every minute, each active mailbox's new messages are
//! read and received like a pushed message ([`super::receive::receive`]: stored once, an
//! opt-out honoured, a hard bounce suppressed and counted). The position moves only after its
//! messages are stored, so a process that dies mid-poll reads them again (and the store keeps
//! one of each).

use super::receive::{ReceiveError, receive};
use crate::jobs::{Job, JobContext, JobError};
use crate::mailboxes::{self, PollError};
use crate::state::AppState;
use async_trait::async_trait;
use serde::{Deserialize, Serialize};

/// Messages read from one mailbox per poll; the rest wait for the next minute.
const PER_POLL: usize = 100;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PollMailboxes {
    pub tick: String,
}

#[async_trait]
impl Job for PollMailboxes {
    const KIND: &'static str = "conversations.poll";
    type State = AppState;

    fn idempotency_key(&self) -> Option<String> {
        Some(format!("conversations-poll:{}", self.tick))
    }

    async fn run(&self, ctx: &JobContext<AppState>) -> Result<(), JobError> {
        let app = &ctx.app;
        let ids = mailboxes::active(&app.db).await.map_err(|e| JobError::Retry(e.to_string()))?;
        for id in ids {
            // One mailbox down does not hold the others back: it is read again next minute.
            if let Err(e) = poll_one(app, id).await {
                tracing::warn!(mailbox_id = %id, "relève de la messagerie impossible : {e}");
            }
        }
        Ok(())
    }
}

/// Reads one mailbox's new messages; returns how many were received.
pub async fn poll_one(app: &AppState, id: prospecta_shared::ids::MailboxId) -> Result<usize, PollError> {
    let (organization, mail) = mailboxes::new_mail(app, id, PER_POLL).await?;
    let mut last = None;
    for (uid, raw) in &mail.messages {
        match receive(&app.db, &app.config.opposition_hash_key, raw, Some(organization)).await {
            Ok(_) => {}
            // Not a message at all: nothing to keep, nothing to retry.
            Err(ReceiveError::NotAMessage(e)) => tracing::warn!(uid, "message illisible ignoré : {e}"),
            Err(ReceiveError::Db(e)) => return Err(PollError::Db(e)),
        }
        last = Some(*uid);
    }
    if let Some(uid) = last {
        mailboxes::mark_read(&app.db, id, mail.uid_validity, uid).await?;
    }
    Ok(mail.messages.len())
}
