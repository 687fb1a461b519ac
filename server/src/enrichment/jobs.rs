//! Enrichment as durable jobs. A filled database enqueues [`EnrichDatabase`], which fans out
//! one [`EnrichCompany`] per company: several workers, on several machines, enrich one database
//! in parallel, while the crawler's per-host slots (shared through the database) keep each site
//! visited politely. A company enriched less than the freshness period ago (for any client) is
//! not visited again: its outcome is shared, like the sources' pages.

use super::discovery::Identity;
use super::pipeline::CompanyInput;
use super::storage;
use crate::jobs::{Job, JobContext, JobError, enqueue};
use crate::llm::usage::Caller;
use crate::prospecting::generation::companies_to_enrich;
use crate::prospecting::store::identity_for_enrichment;
use crate::state::AppState;
use async_trait::async_trait;
use chrono::Utc;
use prospecta_shared::ids::OrgId;
use prospecta_shared::ids::{CompanyId, DatabaseId};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EnrichDatabase {
    pub database_id: DatabaseId,
    pub organization_id: OrgId,
}

#[async_trait]
impl Job for EnrichDatabase {
    const KIND: &'static str = "enrichment.enrich_database";
    type State = AppState;

    fn idempotency_key(&self) -> Option<String> {
        Some(format!("enrich-database:{}", self.database_id))
    }

    fn organization_id(&self) -> Option<prospecta_shared::ids::OrgId> {
        Some(self.organization_id)
    }

    async fn run(&self, ctx: &JobContext<AppState>) -> Result<(), JobError> {
        let db = &ctx.app.db;
        for company_id in companies_to_enrich(db, self.database_id).await? {
            let job =
                EnrichCompany { company_id, database_id: self.database_id, organization_id: self.organization_id };
            enqueue(db, &job).await?;
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EnrichCompany {
    pub company_id: CompanyId,
    /// The database that asked (idempotency), and the organisation its LLM tokens are billed to.
    pub database_id: DatabaseId,
    pub organization_id: OrgId,
}

#[async_trait]
impl Job for EnrichCompany {
    const KIND: &'static str = "enrichment.enrich_company";
    type State = AppState;
    const MAX_ATTEMPTS: i32 = 3;

    fn idempotency_key(&self) -> Option<String> {
        Some(format!("enrich-company:{}:{}", self.database_id, self.company_id))
    }

    fn organization_id(&self) -> Option<prospecta_shared::ids::OrgId> {
        Some(self.organization_id)
    }

    async fn run(&self, ctx: &JobContext<AppState>) -> Result<(), JobError> {
        let app = &ctx.app;
        let db = &app.db;
        let fresh_since = Utc::now()
            - chrono::Duration::from_std(app.config.prospecting.freshness).unwrap_or(chrono::Duration::days(90));
        if storage::enriched_at(db, self.company_id).await?.is_some_and(|at| at > fresh_since) {
            return Ok(());
        }
        let Some(company) = identity_for_enrichment(db, self.company_id).await? else {
            // Deleted, or a private/canary record: nothing to enrich.
            return Ok(());
        };
        let engine = super::engine::engine(app).await.map_err(|e| JobError::Retry(e.to_string()))?;
        let input = CompanyInput {
            identity: Identity {
                name: company.name.clone(),
                other_names: company.legal_name.iter().cloned().collect(),
                postcode: company.postcode.clone(),
                city: company.city.clone(),
                phones: company.phones.clone(),
                siren: company.siren.clone(),
            },
            listed_website: company.listed_website.clone(),
            caller: Caller { organization_id: Some(self.organization_id), company_id: Some(self.company_id) },
        };
        let outcome = engine.enrich(&input).await;
        storage::save(db, self.company_id, company.siren.as_deref(), &outcome).await?;
        Ok(())
    }
}
