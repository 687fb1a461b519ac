//! The client's side of a conversation: approving the agent's draft (it leaves from the
//! organisation's mailbox, at most once, in the prospect's thread) and answering the agent's
//! question (the answer joins the knowledge base, and the agent answers the prospect).

use super::agent::AgentTurn;
use super::entities::{conversation, conversation_message, knowledge_entry};
use super::internal;
use crate::mailboxes::{MESSAGE_ID_DOMAIN, Outbound, SendError};
use crate::opposition::LinkTarget;
use crate::state::AppState;
use chrono::Utc;
use prospecta_shared::AppError;
use prospecta_shared::conversations::{
    AGENT_MESSAGES_MAX, ANSWER_MAX, ConversationStage, MessageAuthor, MessageStatus,
};
use prospecta_shared::error::ValidationCode;
use prospecta_shared::ids::{ConversationId, OrgId};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

/// Sends the draft. Claimed first (draft → sent), so two clicks send once; given back as a
/// draft when nothing left (no mailbox, today's limit, the server down, a refusal).
pub async fn send_draft(app: &AppState, org: OrgId, message_id: i64) -> Result<(), AppError> {
    let db = &app.db;
    let draft = conversation_message::Entity::find_by_id(message_id)
        .filter(conversation_message::Column::OrganizationId.eq(org))
        .filter(conversation_message::Column::Author.eq(MessageAuthor::Agent))
        .one(db)
        .await
        .map_err(internal)?
        .ok_or(AppError::NotFound)?;
    let c = conversation::Entity::find_by_id(draft.conversation_id)
        .one(db)
        .await
        .map_err(internal)?
        .ok_or(AppError::NotFound)?;
    if c.agent_messages >= AGENT_MESSAGES_MAX as i32 {
        return Err(AppError::Conflict(format!(
            "l'agent a déjà envoyé {AGENT_MESSAGES_MAX} messages dans cette conversation : répondez vous-même depuis votre messagerie"
        )));
    }
    let claimed = conversation_message::Entity::update_many()
        .col_expr(conversation_message::Column::Status, Expr::value(MessageStatus::Sent))
        .filter(conversation_message::Column::Id.eq(message_id))
        .filter(conversation_message::Column::Status.eq(MessageStatus::Draft))
        .exec(db)
        .await
        .map_err(internal)?;
    if claimed.rows_affected == 0 {
        return Err(AppError::Conflict("ce brouillon a déjà été envoyé ou écarté".into()));
    }
    let parent = conversation_message::Entity::find()
        .filter(conversation_message::Column::ConversationId.eq(c.id))
        .filter(conversation_message::Column::Author.eq(MessageAuthor::Prospect))
        .order_by_desc(conversation_message::Column::Id)
        .one(db)
        .await
        .map_err(internal)?
        .and_then(|m| m.message_id);
    let link = crate::opposition::link_for(
        &app.config.public_url,
        &app.config.opposition_secret,
        &LinkTarget { email: Some(c.prospect_address.clone()), siren: None, domain: None },
    );
    let message = Outbound {
        to: c.prospect_address.clone(),
        subject: draft.subject.clone(),
        text: format!("{}\n\n—\nPour ne plus être sollicité : {link}", draft.body.trim_end()),
        message_id: format!("m{}@{MESSAGE_ID_DOMAIN}", draft.id),
        in_reply_to: parent.clone(),
        references: parent.into_iter().collect(),
        unsubscribe_url: crate::opposition::one_click_link_for(
            &app.config.public_url,
            &app.config.opposition_secret,
            &LinkTarget { email: Some(c.prospect_address.clone()), siren: None, domain: None },
        ),
    };
    let refused = match crate::mailboxes::send(app, org, &message).await {
        Ok(_) | Err(SendError::Unknown(_)) => None,
        Err(SendError::NoMailbox) => {
            Some(AppError::Conflict("aucune messagerie active : connectez-la dans Paramètres".into()))
        }
        Err(SendError::DailyLimit { limit }) => Some(AppError::Conflict(format!(
            "la limite du jour de votre messagerie est atteinte ({limit} e-mails) : réessayez demain"
        ))),
        Err(SendError::Unavailable(_)) => Some(AppError::Unavailable),
        Err(SendError::Rejected(why)) => Some(AppError::Conflict(format!("le serveur a refusé l'e-mail : {why}"))),
        Err(SendError::Db(e)) => Some(internal(e)),
    };
    if let Some(refused) = refused {
        conversation_message::Entity::update_many()
            .col_expr(conversation_message::Column::Status, Expr::value(MessageStatus::Draft))
            .filter(conversation_message::Column::Id.eq(message_id))
            .exec(db)
            .await
            .map_err(internal)?;
        return Err(refused);
    }
    let now = Utc::now();
    conversation_message::Entity::update_many()
        .col_expr(conversation_message::Column::SentAt, Expr::value(now))
        .col_expr(conversation_message::Column::MessageId, Expr::value(format!("<{}>", message.message_id)))
        .col_expr(conversation_message::Column::Body, Expr::value(message.text.clone()))
        .filter(conversation_message::Column::Id.eq(message_id))
        .exec(db)
        .await
        .map_err(internal)?;
    conversation::Entity::update_many()
        .col_expr(conversation::Column::AgentMessages, Expr::col(conversation::Column::AgentMessages).add(1))
        .col_expr(conversation::Column::LastMessageAt, Expr::value(now))
        .col_expr(conversation::Column::UpdatedAt, Expr::value(now))
        .filter(conversation::Column::Id.eq(c.id))
        .exec(db)
        .await
        .map_err(internal)?;
    Ok(())
}

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
    let last = conversation_message::Entity::find()
        .filter(conversation_message::Column::ConversationId.eq(c.id))
        .filter(conversation_message::Column::Author.eq(MessageAuthor::Prospect))
        .order_by_desc(conversation_message::Column::Id)
        .one(&tx)
        .await
        .map_err(internal)?;
    if let Some(last) = last {
        let turn = AgentTurn { conversation_id: c.id, organization_id: org, message_id: last.id, round: entry };
        crate::jobs::enqueue(&tx, &turn).await.map_err(internal)?;
    }
    tx.commit().await.map_err(internal)
}
