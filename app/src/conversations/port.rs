use async_trait::async_trait;
use prospecta_shared::AppError;
use prospecta_shared::accounts::SessionUser;
use prospecta_shared::conversations::{ConversationStage, Inbox, Thread};
use prospecta_shared::ids::{ConversationId, MessageId, OfferId};

/// The conversations capability, implemented by the server, scoped to the actor's organisation.
#[async_trait]
pub trait Conversations: Send + Sync {
    /// One tab of the offer's inbox.
    async fn inbox(&self, actor: &SessionUser, offer: OfferId, stage: ConversationStage) -> Result<Inbox, AppError>;
    async fn thread(&self, actor: &SessionUser, id: ConversationId) -> Result<Thread, AppError>;
    /// Send the agent's draft from the organisation's mailbox (the client's approval).
    async fn send_draft(&self, actor: &SessionUser, message_id: MessageId) -> Result<(), AppError>;
    /// Set the agent's draft aside.
    async fn discard_draft(&self, actor: &SessionUser, message_id: MessageId) -> Result<(), AppError>;
    /// Correct the agent from one of its messages: a versioned instruction of the offer (AGENT-5);
    /// returns its version.
    async fn correct_agent(
        &self,
        actor: &SessionUser,
        message_id: MessageId,
        instruction: String,
    ) -> Result<u32, AppError>;
    /// Answer the agent's question: the answer joins the knowledge base and the agent answers.
    async fn answer_question(&self, actor: &SessionUser, id: ConversationId, answer: String) -> Result<(), AppError>;
    /// Book a meeting with the conversation's prospect at a free slot (RFC 3339).
    async fn book_meeting(&self, actor: &SessionUser, id: ConversationId, starts_at: String) -> Result<(), AppError>;
}
