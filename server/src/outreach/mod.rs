//! Outreach: contacting prospects through their own website (issue 6).
//!
//! `forms` drives a headless Chromium over a company site: it finds the contact page and its
//! form, classifies and fills the fields from a sender profile, submits, and decides the outcome
//! from what the page shows. Campaigns, the tab pool and politeness sit on top of it later.

pub mod ab;
pub mod campaigns;
pub mod forms;
pub mod schedule;
