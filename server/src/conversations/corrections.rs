//! The client corrects the agent (AGENT-5): a comment on any of its messages ("trop formel",
//! "nous n'intervenons pas le dimanche") becomes a persistent, versioned instruction of the
//! offer, read by the agent on every later reply; a draft commented is rewritten with it.

use super::agent::in_force;
use super::entities::{agent_correction, conversation_message};
use super::internal;
use crate::state::AppState;
use chrono::Utc;
use prospecta_shared::AppError;
use prospecta_shared::accounts::SessionUser;
use prospecta_shared::conversations::{CORRECTION_MAX, Correction, MessageStatus};
use prospecta_shared::error::ValidationCode;
use prospecta_shared::ids::MessageId;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

pub fn shown(corrections: Vec<agent_correction::Model>) -> Vec<Correction> {
    corrections
        .into_iter()
        .map(|c| Correction {
            version: c.version.max(0) as u32,
            instruction: c.instruction,
            at: crate::time::datetime_fr(c.created_at),
        })
        .collect()
}

/// Records the instruction; a draft commented is set aside and written again with it.
pub async fn correct(
    app: &AppState,
    actor: &SessionUser,
    message_id: MessageId,
    instruction: &str,
) -> Result<u32, AppError> {
    let instruction = instruction.trim();
    if instruction.is_empty() {
        return Err(AppError::validation("instruction", ValidationCode::Required));
    }
    if instruction.chars().count() > CORRECTION_MAX {
        return Err(AppError::validation("instruction", ValidationCode::TooLong { max: CORRECTION_MAX as u32 }));
    }
    let org = actor.organization_id;
    let db = &app.db;
    let (message, c) = super::agent_message_of(db, org, message_id).await?;
    super::limit_agent_writing(app, org).await?;
    let tx = crate::db::begin_write(db).await.map_err(internal)?;
    let version = in_force(&tx, org, c.offer_id).await.map_err(internal)?.first().map_or(1, |last| last.version + 1);
    let correction = agent_correction::Entity::insert(agent_correction::ActiveModel {
        organization_id: Set(org),
        offer_id: Set(c.offer_id),
        version: Set(version),
        instruction: Set(instruction.to_string()),
        message_id: Set(Some(message.id)),
        author_id: Set(Some(actor.user_id)),
        created_at: Set(Utc::now()),
        ..Default::default()
    })
    .exec(&tx)
    .await
    .map_err(internal)?
    .last_insert_id;
    if message.status == MessageStatus::Draft {
        conversation_message::Entity::update_many()
            .col_expr(conversation_message::Column::Status, Expr::value(MessageStatus::Discarded))
            .filter(conversation_message::Column::Id.eq(message.id))
            .filter(conversation_message::Column::Status.eq(MessageStatus::Draft))
            .exec(&tx)
            .await
            .map_err(internal)?;
        super::agent::read_again(&tx, c.id, org, format!("correction-{correction}")).await.map_err(internal)?;
    }
    tx.commit().await.map_err(internal)?;
    Ok(version as u32)
}
