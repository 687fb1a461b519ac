use async_trait::async_trait;
use prospecta_shared::AppError;
use prospecta_shared::accounts::SessionUser;
use prospecta_shared::ids::{DatabaseId, OfferId, RowId};
use prospecta_shared::organization::{CompanyNumber, RegisteredCompany};
use prospecta_shared::prospecting::{
    CompanyDetail, DatabasePreview, DatabaseSummary, ManualCompany, PlaceSuggestion, RowFilter, RowPage, RowView,
    SectorSuggestion, Target, UnlockOutcome,
};

/// The prospecting capability, implemented by the server. Every method that touches an
/// organisation's data takes the acting user and scopes to their organisation: an id of another
/// organisation answers `NotFound`, like an id that does not exist.
#[async_trait]
pub trait Prospecting: Send + Sync {
    async fn search_sectors(&self, query: &str) -> Result<Vec<SectorSuggestion>, AppError>;
    async fn search_places(&self, query: &str) -> Result<Vec<PlaceSuggestion>, AppError>;
    /// The company register's entry for a SIRET or SIREN (`None`: not found or closed).
    async fn lookup_company(&self, number: CompanyNumber) -> Result<Option<RegisteredCompany>, AppError>;
    /// Expected count and a masked sample, before anything is paid for (DB-9).
    async fn preview(&self, actor: &SessionUser, target: Target) -> Result<DatabasePreview, AppError>;
    /// The client validates: the database exists at once, in the offer, and fills in a
    /// background job.
    async fn create_database(
        &self,
        actor: &SessionUser,
        offer_id: OfferId,
        target: Target,
        name: &str,
    ) -> Result<DatabaseSummary, AppError>;
    /// The databases of one offer.
    async fn databases(&self, actor: &SessionUser, offer_id: OfferId) -> Result<Vec<DatabaseSummary>, AppError>;
    async fn database(&self, actor: &SessionUser, database_id: DatabaseId) -> Result<DatabaseSummary, AppError>;
    async fn rows(&self, actor: &SessionUser, database_id: DatabaseId, filter: RowFilter) -> Result<RowPage, AppError>;
    async fn company(&self, actor: &SessionUser, row_id: RowId) -> Result<CompanyDetail, AppError>;
    /// `row_ids` empty: the `count` best locked rows; otherwise exactly those rows.
    async fn unlock(
        &self,
        actor: &SessionUser,
        database_id: DatabaseId,
        count: u32,
        row_ids: Vec<RowId>,
    ) -> Result<UnlockOutcome, AppError>;
    async fn delete_row(&self, actor: &SessionUser, row_id: RowId) -> Result<(), AppError>;
    async fn restore_row(&self, actor: &SessionUser, row_id: RowId) -> Result<(), AppError>;
    async fn add_row(
        &self,
        actor: &SessionUser,
        database_id: DatabaseId,
        company: ManualCompany,
    ) -> Result<RowView, AppError>;
    /// A real unlocked prospect of the database, for the message editor's preview.
    async fn sample_prospect(
        &self,
        actor: &SessionUser,
        database_id: DatabaseId,
    ) -> Result<Option<prospecta_shared::prospecting::SampleProspect>, AppError>;
    /// What the organisation has left of each quota.
    async fn credits(&self, actor: &SessionUser) -> Result<prospecta_shared::credits::Balances, AppError>;
}
