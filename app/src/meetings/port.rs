use async_trait::async_trait;
use prospecta_shared::AppError;
use prospecta_shared::accounts::SessionUser;
use prospecta_shared::ids::MeetingId;
use prospecta_shared::meetings::{Availability, CalendarInput, MeetingsOverview, SlotView};

/// The meetings capability, implemented by the server; every method is for the caller's
/// organisation.
#[async_trait]
pub trait Meetings: Send + Sync {
    /// The "Rendez-vous" page, the week `week` weeks from the current one.
    async fn overview(&self, actor: &SessionUser, week: i32) -> Result<MeetingsOverview, AppError>;
    /// Connects the calendar once it could be read.
    async fn connect_calendar(&self, actor: &SessionUser, input: CalendarInput) -> Result<(), AppError>;
    async fn disconnect_calendar(&self, actor: &SessionUser) -> Result<(), AppError>;
    /// Reads the calendar again now.
    async fn sync_calendar(&self, actor: &SessionUser) -> Result<(), AppError>;
    async fn save_availability(&self, actor: &SessionUser, rules: Availability) -> Result<(), AppError>;
    /// The next free slots.
    async fn free_slots(&self, actor: &SessionUser) -> Result<Vec<SlotView>, AppError>;
    /// Marks an outcome: `held`, `no_show`, `signed` (with `amount` in euros) or `not_signed`.
    async fn mark(&self, actor: &SessionUser, id: MeetingId, outcome: String, amount: String) -> Result<(), AppError>;
    /// Cancels a meeting still to come (its event leaves the calendar).
    async fn cancel(&self, actor: &SessionUser, id: MeetingId) -> Result<(), AppError>;
}
