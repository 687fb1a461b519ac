//! The back-office pages, one file a route: the overview with the organisations and their
//! quotas, the background jobs, and the sandbox's outgoing mail.

mod jobs;
mod mails;
mod overview;

pub use jobs::AdminJobsPage;
pub use mails::AdminMailsPage;
pub use overview::AdminOverviewPage;
