//! The client answering the agent's question (AGENT-6): the answer joins the knowledge base,
//! and the agent answers the prospect with it.

use super::entities::{conversation, knowledge_entry};
use super::internal;
use crate::state::AppState;
use chrono::Utc;
use prospecta_shared::AppError;
use prospecta_shared::conversations::{ANSWER_MAX, ConversationStage};
use prospecta_shared::error::ValidationCode;
use prospecta_shared::ids::{ConversationId, OrgId};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

/// The client's answer to the agent's question: kept in the knowledge base, the question
/// cleared, and the agent reads the prospect's last message again with it.
pub async fn answer_question(app: &AppState, org: OrgId, id: ConversationId, answer: &str) -> Result<(), AppError> {
    let answer = answer.trim();
    if answer.is_empty() {
        return Err(AppError::validation("answer", ValidationCode::Required));
    }
    if answer.chars().count() > ANSWER_MAX {
        return Err(AppError::validation("answer", ValidationCode::TooLong { max: ANSWER_MAX as u32 }));
    }
    let db = &app.db;
    let c = conversation::Entity::find_by_id(id)
        .filter(conversation::Column::OrganizationId.eq(org))
        .one(db)
        .await
        .map_err(internal)?
        .ok_or(AppError::NotFound)?;
    let Some(question) = c.question.clone().filter(|_| c.stage == ConversationStage::Question) else {
        return Err(AppError::Conflict("l'agent n'attend plus de réponse dans cette conversation".into()));
    };
    super::limit_agent_writing(app, org).await?;
    let tx = crate::db::begin_write(db).await.map_err(internal)?;
    let entry = knowledge_entry::Entity::insert(knowledge_entry::ActiveModel {
        organization_id: Set(org),
        offer_id: Set(c.offer_id),
        question: Set(question),
        answer: Set(answer.to_string()),
        created_at: Set(Utc::now()),
        ..Default::default()
    })
    .exec(&tx)
    .await
    .map_err(internal)?
    .last_insert_id;
    conversation::Entity::update_many()
        .col_expr(conversation::Column::Question, Expr::value(Option::<String>::None))
        .col_expr(conversation::Column::Stage, Expr::value(ConversationStage::Open))
        .col_expr(conversation::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(conversation::Column::Id.eq(c.id))
        .exec(&tx)
        .await
        .map_err(internal)?;
    super::agent::read_again(&tx, c.id, org, format!("knowledge-{entry}")).await.map_err(internal)?;
    tx.commit().await.map_err(internal)
}

/// Books a meeting with the conversation's prospect at `starts_at` (RFC 3339), through the
/// meetings capability; the event names the conversation's subject.
pub async fn book_meeting(
    app: &AppState,
    actor: &prospecta_shared::accounts::SessionUser,
    id: ConversationId,
    starts_at: &str,
) -> Result<(), AppError> {
    let org = actor.organization_id;
    let start = chrono::DateTime::parse_from_rfc3339(starts_at)
        .map_err(|_| AppError::validation("starts_at", ValidationCode::Required))?
        .with_timezone(&Utc);
    let c = conversation::Entity::find_by_id(id)
        .filter(conversation::Column::OrganizationId.eq(org))
        .one(&app.db)
        .await
        .map_err(internal)?
        .ok_or(AppError::NotFound)?;
    crate::meetings::book(app, org, &super::booking(&c, start, Some(actor.email.clone()))).await?;
    Ok(())
}
