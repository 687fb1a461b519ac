//! Campaigns (FORM-1 … FORM-8): a campaign targets the unlocked rows of some of the
//! organisation's databases, with 2–3 message variants, a sender profile, a sending window and a
//! daily pace.
//!
//! - `entities`: the tables; `states`: the values they store, typed (a contact's life, the
//!   outcomes and their French labels, the campaign status, the variant kinds and channels);
//! - `contact_status`: what a contact row shows;
//! - `dispatch`: the pace (one slot at a time, in a write transaction) and the A/B choice;
//! - `submission`: the submission of one contact through the form pool (at most once, the
//!   7-day platform guard, the opposition list, credits on success only, transient retries),
//!   or by e-mail from the organisation's mailbox (`submission::email`, FORM-8) through the
//!   same gate;
//! - `replies`: which contact an inbound message answers, and recording that it came;
//! - `jobs`: the dispatcher chain, the minute tick and the daily failure digest;
//! - `service`: the port the pages call, and the live figures the SSE stream pushes;
//!   `error`: what that port fails with (`CampaignError`);
//! - `figures`: one organisation's counts for the dashboard;
//! - `retention`: which companies campaigns still use, and forgetting the others' history.

pub mod contact_status;
pub mod dispatch;
pub mod entities;
pub mod error;
pub mod figures;
pub mod finished;
pub mod jobs;
pub mod live;
pub mod replies;
pub mod retention;
pub mod service;
pub mod states;
pub mod submission;

pub use jobs::{CampaignTick, DispatchCampaign, FailureDigest};
pub use live::LiveBoard;
pub use service::{CampaignService, live_of, row_statuses};
pub use submission::SubmitContact;

/// A database error inside a campaign job: worth another try.
fn db_retry(e: sea_orm::DbErr) -> crate::jobs::JobError {
    crate::jobs::JobError::Retry(format!("base de données : {e}"))
}
