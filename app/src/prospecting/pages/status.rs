//! Where a database's generation and enrichment stand, for the list's cards and the database's
//! page.

use super::{count_fr, int_fr};
use crate::ui::{Badge, BadgeTone};
use leptos::prelude::*;
use prospecta_shared::prospecting::{DatabaseStatus, DatabaseSummary};

/// Generating or waiting for a source: the page keeps polling.
pub(super) fn is_active(status: &DatabaseStatus) -> bool {
    matches!(status, DatabaseStatus::Generating | DatabaseStatus::Waiting { .. })
}

/// Filled, and its companies' websites and e-mails are still being looked for.
pub(super) fn is_enriching(summary: &DatabaseSummary) -> bool {
    summary.status == DatabaseStatus::Ready && summary.enrichment.total > 0 && !summary.enrichment.done()
}

/// Anything still moving: the page keeps polling.
pub(super) fn is_working(summary: &DatabaseSummary) -> bool {
    is_active(&summary.status) || is_enriching(summary)
}

/// "37 / 88 entreprises enrichies · 21 sites · 14 e-mails"
pub(super) fn enrichment_line(summary: &DatabaseSummary) -> String {
    let e = &summary.enrichment;
    format!(
        "{} / {} · {} · {}",
        int_fr(e.enriched as i64),
        count_fr(e.total, "entreprise enrichie", "entreprises enrichies"),
        count_fr(e.with_site, "site web", "sites web"),
        count_fr(e.with_email, "e-mail", "e-mails")
    )
}

fn status_badge(status: &DatabaseStatus) -> (BadgeTone, &'static str) {
    match status {
        DatabaseStatus::Generating => (BadgeTone::Brand, "Génération en cours"),
        DatabaseStatus::Waiting { .. } => (BadgeTone::Warning, "En attente"),
        DatabaseStatus::Ready => (BadgeTone::Success, "Prête"),
        DatabaseStatus::Failed { .. } => (BadgeTone::Danger, "Échec"),
    }
}

/// A short badge; waiting and failed databases also get their explanation (`label_fr`) beside.
#[component]
pub(super) fn StatusBadge(#[prop(into)] status: Signal<DatabaseStatus>) -> impl IntoView {
    move || {
        let (tone, text) = status_badge(&status.get());
        view! { <Badge tone>{text}</Badge> }
    }
}

/// Pages read and companies found so far, for the list's cards.
pub(super) fn progress_line(summary: &DatabaseSummary) -> String {
    let p = &summary.progress;
    format!(
        "{} · {}",
        count_fr(u64::from(p.pages_fetched), "page", "pages"),
        count_fr(u64::from(p.companies_found), "entreprise", "entreprises")
    )
}

/// A ready database's bar is full whatever the last progress report said.
pub(super) fn shown_percent(summary: &DatabaseSummary) -> u8 {
    if summary.status == DatabaseStatus::Ready { 100 } else { summary.progress.percent.min(100) }
}
