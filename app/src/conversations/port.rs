use async_trait::async_trait;
use prospecta_shared::AppError;
use prospecta_shared::accounts::SessionUser;
use prospecta_shared::conversations::{ConversationStage, Inbox, Thread};
use prospecta_shared::ids::{ConversationId, OfferId};

/// The conversations capability, implemented by the server, scoped to the actor's organisation.
#[async_trait]
pub trait Conversations: Send + Sync {
    /// One tab of the offer's inbox.
    async fn inbox(&self, actor: &SessionUser, offer: OfferId, stage: ConversationStage) -> Result<Inbox, AppError>;
    async fn thread(&self, actor: &SessionUser, id: ConversationId) -> Result<Thread, AppError>;
}
