//! Server functions of the inbox.

use leptos::prelude::*;
use prospecta_shared::AppError;
use prospecta_shared::conversations::{ConversationStage, Inbox, Thread};
use prospecta_shared::ids::{ConversationId, MessageId};

#[cfg(feature = "ssr")]
use {
    super::port::Conversations,
    crate::server_ctx::{port, require_user},
};

#[server(endpoint = "conversations/inbox")]
pub async fn load_inbox(stage: ConversationStage) -> Result<Inbox, AppError> {
    let actor = require_user()?;
    let offer = crate::business::api::current_offer(&actor).await?;
    port::<dyn Conversations>()?.inbox(&actor, offer, stage).await
}

#[server(endpoint = "conversations/thread")]
pub async fn load_thread(id: ConversationId) -> Result<Thread, AppError> {
    let actor = require_user()?;
    port::<dyn Conversations>()?.thread(&actor, id).await
}

#[server(endpoint = "conversations/send-draft")]
pub async fn send_draft(message_id: MessageId) -> Result<(), AppError> {
    let actor = require_user()?;
    port::<dyn Conversations>()?.send_draft(&actor, message_id).await
}

#[server(endpoint = "conversations/discard-draft")]
pub async fn discard_draft(message_id: MessageId) -> Result<(), AppError> {
    let actor = require_user()?;
    port::<dyn Conversations>()?.discard_draft(&actor, message_id).await
}

#[server(endpoint = "conversations/answer")]
pub async fn answer_question(id: ConversationId, answer: String) -> Result<(), AppError> {
    let actor = require_user()?;
    port::<dyn Conversations>()?.answer_question(&actor, id, answer).await
}

#[server(endpoint = "conversations/correct")]
pub async fn correct_agent(message_id: MessageId, instruction: String) -> Result<u32, AppError> {
    let actor = require_user()?;
    port::<dyn Conversations>()?.correct_agent(&actor, message_id, instruction).await
}

/// Books a meeting with the conversation's prospect at a free slot.
#[server(endpoint = "conversations/book-meeting")]
pub async fn book_meeting(id: ConversationId, starts_at: String) -> Result<(), AppError> {
    let actor = require_user()?;
    port::<dyn Conversations>()?.book_meeting(&actor, id, starts_at).await
}
