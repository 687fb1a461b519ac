//! What the capabilities built on prospecting (enrichment, outreach) add to it. Prospecting
//! never imports them: the composition (`crate::wiring`) plugs an implementation of
//! [`Downstream`] into the application state, so the dependency points one way only.

use async_trait::async_trait;
use prospecta_shared::ids::OrgId;
use prospecta_shared::ids::{CompanyId, DatabaseId};
use prospecta_shared::prospecting::EnrichmentProgress;
use sea_orm::DbErr;
use std::collections::HashMap;

#[async_trait]
pub trait Downstream: Send + Sync {
    /// A database was filled: start what follows it (the enrichment). Idempotent.
    async fn database_filled(&self, organization_id: OrgId, database_id: DatabaseId) -> Result<(), DbErr>;

    /// How far the enrichment of a database went, for its progress bar.
    async fn enrichment_progress(&self, database_id: DatabaseId) -> Result<EnrichmentProgress, DbErr>;

    /// The outreach status of the rows whose company a campaign touched, by company id.
    async fn row_statuses(
        &self,
        organization_id: OrgId,
        company_ids: &[CompanyId],
    ) -> Result<HashMap<CompanyId, String>, DbErr>;
}
