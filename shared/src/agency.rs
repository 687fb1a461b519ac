//! The agency's platform indicators (ADM): its clients (the agency's own organisation left
//! out), the recurring revenue, the activity of the last 30 days, the language model's use per
//! client and feature, and the success of every client's prospecting, the figures the agency
//! can publish.

use crate::results::Funnel;
use serde::{Deserialize, Serialize};

/// One day of activity across the clients.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayActivity {
    /// "07/12"
    pub label: String,
    /// First messages and follow-ups left by contact form.
    pub forms: u64,
    /// E-mails that left the clients' mailboxes (first messages, follow-ups, the agent's replies).
    pub emails: u64,
}

/// The language model's use by one client or one feature over the last 30 days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LlmLine {
    pub label: String,
    pub tokens: i64,
    /// Estimated at each call, micro-euros.
    pub cost_micro_eur: i64,
}

/// A commune on the map of clients.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MapPoint {
    /// "Lyon : 2 clients"
    pub label: String,
    pub lat: f64,
    pub lon: f64,
    pub clients: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlatformKpis {
    pub clients: u64,
    /// Clients whose subscription is paid (or in its grace).
    pub paying: u64,
    /// Clients whose latest subscription was cancelled.
    pub churned: u64,
    /// Monthly recurring revenue, HT.
    pub mrr_cents_ht: i64,
    pub days: Vec<DayActivity>,
    pub llm_by_client: Vec<LlmLine>,
    pub llm_by_feature: Vec<LlmLine>,
    /// Every client's funnel since the beginning (revenue: amounts signed, HT).
    pub success: Funnel,
    /// The clients' communes (from their address), the most clients first.
    pub map: Vec<MapPoint>,
    /// Clients whose address names no commune we know (none given yet, or abroad).
    pub unplaced: u64,
}

impl PlatformKpis {
    /// Cancelled among those who ever paid, in whole percent.
    pub fn churn_rate(&self) -> Option<u8> {
        crate::results::rate(self.churned, self.paying + self.churned)
    }
}

crate::stored_enum! {
    /// An action taken in the back office, kept in the audit log.
    #[derive(Serialize, Deserialize)]
    pub enum AdminAction {
        GrantCredits = "grant_credits",
        RetryJob = "retry_job",
        CreatePlan = "create_plan",
        ArchivePlan = "archive_plan",
        CreatePack = "create_pack",
        ArchivePack = "archive_pack",
        SaveBands = "save_bands",
    }
}

impl AdminAction {
    pub fn label_fr(self) -> &'static str {
        match self {
            AdminAction::GrantCredits => "Crédits accordés ou retirés",
            AdminAction::RetryJob => "Tâche relancée",
            AdminAction::CreatePlan => "Offre créée",
            AdminAction::ArchivePlan => "Offre archivée",
            AdminAction::CreatePack => "Pack créé",
            AdminAction::ArchivePack => "Pack archivé",
            AdminAction::SaveBands => "Paliers de prix enregistrés",
        }
    }
}

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminActionRow {
    /// "07/12/2026 à 22:40", Paris time.
    pub at: String,
    pub admin_email: String,
    pub action: AdminAction,
    pub detail: String,
    /// The organisation acted on, by name, when there is one (and it still exists).
    pub organization: Option<String>,
}

/// One page of the audit log, the newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminActionsPage {
    pub rows: Vec<AdminActionRow>,
    /// From 1.
    pub page: u64,
    pub pages: u64,
    pub total: u64,
}
