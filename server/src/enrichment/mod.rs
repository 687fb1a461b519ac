//! Enrichment: for each company of a prospect database, find and verify its website, e-mail
//! address and phone number, keeping the provenance of every value (which page, which decoding,
//! how confident) so that the outreach only ever uses addresses the company itself publishes.
//!
//! This module starts with the extraction brick ([`extract`]): pure functions that read one page
//! (HTML text + its URL, no network) and report the company facts it holds — e-mails (decoded
//! from the usual obfuscations), phones in E.164 (fax left out), SIRENs, contact links, contact
//! form, social and vCard links — while leaving out third parties' coordinates (host, web agency,
//! mediator, DPO, resellers). [`crawl`] fetches a site politely (robots.txt, one host, a few
//! pages, contact and legal pages first) and aggregates what the pages say.

pub mod crawl;
pub mod extract;
