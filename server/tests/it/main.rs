//! Integration tests: the real router on a real port, against SQLite and PostgreSQL.
//! One test binary (faster to link than one per file); each capability has its module.

mod support;

mod abuse;
mod accounts;
mod bi_views;
mod billing;
mod billing_change;
mod billing_dunning;
mod billing_invoices;
mod billing_statement;
mod business;
mod calendar_peer;
mod campaigns;
mod campaigns_once;
mod conversations;
mod dashboard;
mod databases;
mod enrich;
mod enrichment;
mod forms;
mod inbound_mail;
mod jobs;
mod llm;
mod mail_parse;
mod mail_peers;
mod mailboxes;
mod meetings;
mod net_guard;
mod notifications;
mod observability;
mod onboarding_chat;
mod opposition;
mod pagesjaunes;
mod pool;
mod prospecting;
mod results;
mod retention;
mod sandbox_mail;
mod security;
mod sources;
mod tidy;
