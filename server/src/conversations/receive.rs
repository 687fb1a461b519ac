//! Receiving one inbound message: read it ([`super::inbound`]), store it once (a provider that
//! delivers it again finds it), and act at once on what cannot wait: an explicit request to stop
//! goes on the platform-wide opposition list (the address, and its domain when it is the
//! company's own), a hard bounce suppresses the address it failed for, and a spam complaint
//! (a feedback-loop report) both suppresses its recipient and records their objection. The actions are
//! idempotent and done before the row is written, so a process that dies in between leaves
//! nothing half-done: the provider's next delivery completes it.

use super::entities::inbound_message;
use super::inbound::{self, InboundError, InboundMail, MailKind};
use crate::enrichment::email_check::MAILBOX_PROVIDERS;
use crate::opposition::{self, Subject};
use chrono::Utc;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// Why a message could not be received.
#[derive(Debug, thiserror::Error)]
pub enum ReceiveError {
    /// The body is no message: the sender gets a 400 and nothing is stored.
    #[error(transparent)]
    NotAMessage(#[from] InboundError),
    #[error("stockage du message impossible : {0}")]
    Db(#[from] sea_orm::DbErr),
}

/// What was done with a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Receipt {
    pub kind: MailKind,
    /// Already received: nothing was done again.
    pub duplicate: bool,
    /// The sender's request to stop was recorded on the opposition list.
    pub opposition_recorded: bool,
    /// The address a hard bounce or a complaint suppressed.
    pub suppressed: Option<String>,
    /// The conversation the message was filed into, when it answers one of our messages.
    pub conversation: Option<prospecta_shared::ids::ConversationId>,
}

fn dedupe_key(mail: &InboundMail, raw: &[u8]) -> String {
    mail.message_id.clone().unwrap_or_else(|| {
        let digest = Sha256::digest(raw);
        format!("sha256:{}", digest.iter().map(|b| format!("{b:02x}")).collect::<String>())
    })
}

async fn already_received<C: ConnectionTrait>(db: &C, key: &str) -> Result<bool, sea_orm::DbErr> {
    Ok(inbound_message::Entity::find().filter(inbound_message::Column::DedupeKey.eq(key)).one(db).await?.is_some())
}

/// An explicit request to stop: the address, and its domain when it is the company's own.
async fn record_opposition(db: &DatabaseConnection, hash_key: &str, from: &str) -> Result<(), sea_orm::DbErr> {
    let mut subjects = vec![Subject::Email(from)];
    if let Some((_, domain)) = from.split_once('@')
        // A mailbox provider's domain (gmail.com…) says nothing about a company.
        && !MAILBOX_PROVIDERS.contains(&domain)
    {
        subjects.push(Subject::Domain(domain));
    }
    opposition::record(db, hash_key, &subjects).await
}

/// Reads, acts on and stores one raw message.
#[tracing::instrument(name = "mail.receive", skip_all, fields(bytes = raw.len()))]
///
/// `organization`: the mailbox's organisation when the message was read from a client's own
/// mailbox (IMAP); `None` when a provider pushed it.
pub async fn receive(
    db: &DatabaseConnection,
    hash_key: &str,
    raw: &[u8],
    organization: Option<prospecta_shared::ids::OrgId>,
) -> Result<Receipt, ReceiveError> {
    let mail = inbound::parse(raw)?;
    let key = dedupe_key(&mail, raw);
    let mut receipt =
        Receipt { kind: mail.kind, duplicate: false, opposition_recorded: false, suppressed: None, conversation: None };
    if already_received(db, &key).await? {
        receipt.duplicate = true;
        return Ok(receipt);
    }
    if let (MailKind::Reply, true, Some(from)) = (mail.kind, mail.opt_out, mail.from.as_deref()) {
        record_opposition(db, hash_key, from).await?;
        receipt.opposition_recorded = true;
    }
    if let Some(recipient) = mail.bounce.as_ref().filter(|b| b.hard).and_then(|b| b.recipient.as_deref()) {
        crate::mailboxes::suppress(db, recipient, crate::mailboxes::SuppressionReason::HardBounce).await?;
        // Counted against the mailbox that sent it, which pauses itself past 2 %.
        crate::mailboxes::record_hard_bounce(db, mail.in_reply_to.as_deref(), recipient).await?;
        receipt.suppressed = Some(recipient.to_string());
    }
    if let Some(complaint) = mail.complaint.as_ref().filter(|c| c.is_objection()) {
        // A redacted report still names our message, hence the address it went to.
        let recipient = match (&complaint.recipient, complaint.returned_id.as_deref()) {
            (Some(address), _) => Some(address.clone()),
            (None, Some(ours)) => crate::mailboxes::recipient_of(db, ours).await?,
            (None, None) => None,
        };
        if let Some(recipient) = recipient {
            crate::mailboxes::suppress(db, &recipient, crate::mailboxes::SuppressionReason::Complaint).await?;
            // Marking a message as spam objects to being written to, by anyone on the platform.
            opposition::record(db, hash_key, &[Subject::Email(&recipient)]).await?;
            receipt.opposition_recorded = true;
            receipt.suppressed = Some(recipient);
        }
    }
    // Filed once whatever the redeliveries (by its dedupe key), before the row like the actions.
    let filed = super::threads::file(db, &mail, &key, organization).await?;
    receipt.conversation = filed.map(|f| f.conversation_id);
    if let Some(filed) = filed.filter(|f| f.new && mail.kind == MailKind::Reply && !mail.opt_out)
        && let Some(message) = filed.message
    {
        // The agent reads each human reply (idempotent by message).
        let turn = super::agent::AgentTurn {
            conversation_id: filed.conversation_id,
            organization_id: filed.organization_id,
            message_id: message,
            reason: String::new(),
        };
        crate::jobs::enqueue(db, &turn).await?;
    }
    // A request to stop is confirmed; a spam complaint is not answered at all.
    if let Some(filed) = filed.filter(|_| receipt.opposition_recorded && mail.opt_out) {
        // Idempotent by conversation: one confirmation, whatever the redeliveries.
        let confirm = super::opt_out::ConfirmOptOut {
            conversation_id: filed.conversation_id,
            organization_id: filed.organization_id,
        };
        crate::jobs::enqueue(db, &confirm).await?;
    }
    let bounce = mail.bounce.as_ref();
    let row = inbound_message::ActiveModel {
        dedupe_key: Set(key),
        message_id: Set(mail.message_id.clone()),
        kind: Set(mail.kind),
        from_address: Set(mail.from.clone()),
        in_reply_to: Set(mail.in_reply_to.clone()),
        subject: Set(mail.subject.clone()),
        new_text: Set(mail.new_text.clone()),
        bounce_hard: Set(bounce.map(|b| b.hard)),
        bounce_recipient: Set(bounce.and_then(|b| b.recipient.clone())),
        bounce_status: Set(bounce.map(|b| b.status.clone())),
        opt_out: Set(mail.opt_out),
        received_at: Set(Utc::now()),
        ..Default::default()
    };
    // Two deliveries at once: one row, the other reads as a duplicate.
    let inserted = inbound_message::Entity::insert(row)
        .on_conflict(OnConflict::column(inbound_message::Column::DedupeKey).do_nothing().to_owned())
        .exec_without_returning(db)
        .await?;
    receipt.duplicate = inserted == 0;
    tracing::info!(kind = ?mail.kind, duplicate = receipt.duplicate, opt_out = mail.opt_out, "inbound mail received");
    Ok(receipt)
}
