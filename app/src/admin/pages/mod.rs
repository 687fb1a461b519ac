//! The back-office pages, one file a route: the overview with the organisations and their
//! quotas, the platform's indicators, the background jobs, and the sandbox's outgoing mail.

mod clients_map;
mod jobs;
mod journal;
mod kpis;
mod mails;
mod overview;

pub use jobs::AdminJobsPage;
pub use journal::AdminJournalPage;
pub use kpis::AdminKpisPage;
pub use mails::AdminMailsPage;
pub use overview::AdminOverviewPage;
