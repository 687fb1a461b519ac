//! The subscription pages, one file a route.

mod admin_plans;
mod invoices;
mod statement;
mod subscription;

pub use admin_plans::AdminPlansPage;
pub use invoices::InvoicesPage;
pub use statement::StatementPage;
pub use subscription::SubscriptionPage;
