//! Conversations (issue 15): what comes back after a first contact, and the agent that
//! carries it toward the offer's objective.
//!
//! - [`inbound`]: every message that reaches a reply or bounce mailbox read into what it is (a
//!   reply, an auto-reply, a bounce), what it answers, what its sender newly wrote, and whether
//!   the sender asks never to be contacted again;
//! - [`receive`]: what is done on receiving one, whether a provider pushed it or the IMAP
//!   polling of the client's mailbox read it ([`poll`]): stored once, an opt-out put on the
//!   opposition list (and confirmed once, [`opt_out`]), a hard bounce's address suppressed, the
//!   message filed into its conversation ([`threads`]);
//! - [`agent`]: the conversation agent reading each human reply (tags, stage, score, a draft or
//!   a question for the client); [`drafts`]: a draft leaving, approved or on its own;
//!   `replies`: the client answering the agent's question; `corrections`: the client's
//!   versioned instructions to the agent; `service`: the inbox's port.

pub mod agent;
mod corrections;
pub mod drafts;
mod entities;
pub mod inbound;
pub mod opt_out;
pub mod poll;
pub mod receive;
mod replies;
mod service;
pub mod threads;
pub mod watch;

pub use service::ConversationService;

/// Which campaign contact each of the organisation's conversations answers (the results'
/// funnel attributes meetings through it).
pub async fn contacts_of<C: sea_orm::ConnectionTrait>(
    db: &C,
    organization: prospecta_shared::ids::OrgId,
) -> Result<Vec<(prospecta_shared::ids::ConversationId, prospecta_shared::ids::ContactId)>, sea_orm::DbErr> {
    use entities::conversation;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
    let rows: Vec<(prospecta_shared::ids::ConversationId, Option<prospecta_shared::ids::ContactId>)> =
        conversation::Entity::find()
            .select_only()
            .column(conversation::Column::Id)
            .column(conversation::Column::ContactId)
            .filter(conversation::Column::OrganizationId.eq(organization))
            .into_tuple()
            .all(db)
            .await?;
    Ok(rows.into_iter().filter_map(|(id, contact)| Some((id, contact?))).collect())
}

/// A meeting with the conversation's prospect at `start`, the event naming its subject.
fn booking(
    c: &entities::conversation::Model,
    start: chrono::DateTime<chrono::Utc>,
    organizer_email: Option<String>,
) -> crate::meetings::Booking {
    crate::meetings::Booking {
        conversation_id: Some(c.id),
        prospect_name: c.prospect_name.clone(),
        prospect_email: c.prospect_address.clone(),
        start,
        subject: c.subject.clone(),
        organizer_email,
    }
}

/// One of the agent's messages in the organisation, with its conversation.
async fn agent_message_of(
    db: &sea_orm::DatabaseConnection,
    organization: prospecta_shared::ids::OrgId,
    message_id: prospecta_shared::ids::MessageId,
) -> Result<(entities::conversation_message::Model, entities::conversation::Model), prospecta_shared::AppError> {
    use entities::{conversation, conversation_message};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let message = conversation_message::Entity::find_by_id(message_id)
        .filter(conversation_message::Column::OrganizationId.eq(organization))
        .filter(conversation_message::Column::Author.eq(prospecta_shared::conversations::MessageAuthor::Agent))
        .one(db)
        .await
        .map_err(internal)?
        .ok_or(prospecta_shared::AppError::NotFound)?;
    let c = conversation::Entity::find_by_id(message.conversation_id)
        .one(db)
        .await
        .map_err(internal)?
        .ok_or(prospecta_shared::AppError::NotFound)?;
    Ok((message, c))
}

/// The client's answers and corrections each have the agent write again (a model call): they
/// share the organisation's hourly allowance of texts written on request.
async fn limit_agent_writing(
    app: &crate::state::AppState,
    organization: prospecta_shared::ids::OrgId,
) -> Result<(), prospecta_shared::AppError> {
    let limit = app.config.limits.ai_writing_per_org;
    crate::limits::check(&app.db, prospecta_shared::error::LimitedAction::AiWriting, &organization.to_string(), limit)
        .await?;
    Ok(())
}

/// A database failure behind the inbox's port: logged with a reference the client can quote.
fn internal(e: sea_orm::DbErr) -> prospecta_shared::AppError {
    crate::error::internal("conversations", e)
}

/// Our Message-IDs end in this domain (owned by the mailboxes, which write them).
pub use crate::mailboxes::MESSAGE_ID_DOMAIN;
