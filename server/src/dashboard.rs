//! The client dashboard (`Dashboard` port): every figure read from the capabilities' records,
//! scoped to the caller's organisation and the offer they work in (the team's size is the
//! organisation's). Each capability answers for its own tables.

use crate::error::capability_error;
use crate::state::AppState;
use async_trait::async_trait;
use chrono::Utc;
use prospecta_app::workspace::port::Dashboard;
use prospecta_shared::AppError;
use prospecta_shared::accounts::SessionUser;
use prospecta_shared::dashboard::DashboardFigures;
use prospecta_shared::ids::{OfferId, OrgId};

capability_error! {
    /// What reading the figures fails with: the database only.
    pub enum DashboardError logged as "dashboard" {}
}

pub struct DashboardService {
    app: AppState,
}

impl DashboardService {
    pub fn new(app: AppState) -> Self {
        DashboardService { app }
    }

    async fn read(&self, organization_id: OrgId, offer_id: OfferId) -> Result<DashboardFigures, DashboardError> {
        let db = &self.app.db;
        let bases = crate::prospecting::figures::of_offer(db, organization_id, offer_id).await?;
        let outreach = crate::outreach::campaigns::figures::of_offer(db, organization_id, offer_id, Utc::now()).await?;
        let (members, invitations) = crate::accounts::figures::team_counts(db, organization_id).await?;
        Ok(DashboardFigures {
            databases: bases.databases,
            prospects: bases.prospects,
            unlocked: bases.unlocked,
            contacted_this_month: outreach.contacted_this_month,
            contacted_total: outreach.contacted_total,
            replies: outreach.replies,
            positive_replies: outreach.positive_replies,
            campaigns: outreach.campaigns,
            campaigns_started: outreach.campaigns_started,
            members,
            invitations,
        })
    }
}

#[async_trait]
impl Dashboard for DashboardService {
    async fn figures(&self, actor: &SessionUser, offer_id: OfferId) -> Result<DashboardFigures, AppError> {
        Ok(self.read(actor.organization_id, offer_id).await?)
    }
}
