//! Durable jobs as the UI and the admin see them.

use serde::{Deserialize, Serialize};

crate::stored_enum! {
    /// A durable job's state (`jobs.state`).
    #[derive(Serialize, Deserialize)]
    pub enum JobState {
        Queued = "queued",
        Running = "running",
        Succeeded = "succeeded",
        Dead = "dead",
        Cancelled = "cancelled",
    }
}

impl JobState {
    pub fn label_fr(self) -> &'static str {
        match self {
            JobState::Queued => "En attente",
            JobState::Running => "En cours",
            JobState::Succeeded => "Terminée",
            JobState::Dead => "Échec définitif",
            JobState::Cancelled => "Annulée",
        }
    }
}

/// Progress a long job reports, shown as a progress bar.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobProgress {
    pub done: u64,
    pub total: Option<u64>,
    pub label: Option<String>,
}

impl JobProgress {
    /// 0..=100 when the total is known.
    pub fn percent(&self) -> Option<u8> {
        self.total.filter(|t| *t > 0).map(|t| ((self.done.min(t) * 100) / t) as u8)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobRow {
    pub id: i64,
    pub kind: String,
    pub state: JobState,
    pub attempts: i32,
    pub max_attempts: i32,
    pub last_error: Option<String>,
    pub run_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SandboxMail {
    pub id: i64,
    pub to: String,
    pub subject: String,
    pub body_text: String,
    pub sent_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminOverview {
    pub organizations: u64,
    pub users: u64,
    pub signups_last_7_days: u64,
    pub jobs_by_state: Vec<(JobState, u64)>,
    pub recent_dead_jobs: Vec<JobRow>,
    pub organizations_list: Vec<OrgSummary>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgSummary {
    pub id: crate::ids::OrgId,
    pub name: String,
    pub members: u64,
    pub created_on: String,
    /// What is left of each quota (DB-5, SUB "Units").
    pub balances: crate::credits::Balances,
    /// LLM tokens (in + out) the enrichment of its databases has cost.
    pub llm_tokens: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_percent_is_bounded() {
        assert_eq!(JobProgress { done: 5, total: Some(10), label: None }.percent(), Some(50));
        assert_eq!(JobProgress { done: 15, total: Some(10), label: None }.percent(), Some(100));
        assert_eq!(JobProgress { done: 1, total: Some(0), label: None }.percent(), None);
        assert_eq!(JobProgress::default().percent(), None);
    }

    #[test]
    fn states_round_trip() {
        for s in JobState::ALL {
            assert_eq!(JobState::parse(s.as_str()), Some(s));
        }
    }
}
