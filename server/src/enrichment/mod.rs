//! Enrichment (DB-6): for each company of a prospect database, find and verify its website,
//! e-mail address and phone number, keeping the provenance of every value (which page, which
//! decoding, how confident) so that the outreach only ever uses addresses the company itself
//! publishes.
//!
//! - [`extract`]: what one page says (e-mails decoded from the usual obfuscations, phones in
//!   E.164 without faxes, SIRENs, contact links and form), third parties' coordinates left out;
//! - [`crawl`]: one site, politely (robots.txt, one host, ≤ 10 pages, contact and legal pages
//!   first, size and time caps);
//! - [`discovery`]: candidate sites (search hits, domain guesses), the deny list, and matching a
//!   crawled site against the company;
//! - [`search`], [`llm`], [`email_check`]: the outside services behind small interfaces;
//! - [`pipeline`]: one company from start to finish; [`engine`]: the configured pipeline of this
//!   process; [`jobs`] and [`storage`]: the durable jobs and what they keep.

pub mod contact_rank;
pub mod crawl;
pub mod discovery;
pub mod email_check;
pub mod engine;
pub mod extract;
pub mod jobs;
pub mod llm;
pub mod ownership;
pub mod pipeline;
pub mod search;
pub mod storage;
