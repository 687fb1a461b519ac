//! What enrichment keeps: the facts with their provenance (through the prospecting store, which
//! owns the company tables), one outcome row per company (`company_enrichments`, read by the
//! outreach engine for the contact page and form) with the tokens its model questions cost (each
//! question is also metered on its own by the `llm` capability, when it is asked).

use super::pipeline::Enrichment;
use crate::db::entity;
use crate::prospecting::states::{FactMethod, FactSource};
use crate::prospecting::store::{self, ObservedFact, REJECTED_WEBSITE};
use chrono::{DateTime, Utc};
use prospecta_shared::ids::{CompanyId, DatabaseId};
use prospecta_shared::prospecting::EnrichmentProgress;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, PaginatorTrait, QueryFilter,
};

entity!(company_enrichment, "company_enrichments", {
    company_id: prospecta_shared::ids::CompanyId,
    status: crate::enrichment::pipeline::EnrichStatus,
    detail: Option<String>,
    website: Option<String>,
    website_method: Option<crate::enrichment::pipeline::SiteMethod>,
    website_confidence: Option<i32>,
    email: Option<String>,
    email_confidence: Option<i32>,
    contact_page: Option<String>,
    has_form: bool,
    pages_read: i32,
    tokens_in: i64,
    tokens_out: i64,
    enriched_at: DateTimeUtc,
});

/// Every field enrichment writes facts for: cleared before each new outcome.
const FIELDS: &[&str] = &["website", "email", "phone", "siren", REJECTED_WEBSITE];

fn facts_of(outcome: &Enrichment, identity_siren: Option<&str>) -> Vec<ObservedFact> {
    let mut facts = Vec::new();
    if let Some(site) = &outcome.site {
        facts.push(ObservedFact {
            field: "website",
            value: site.url.clone(),
            source_url: Some(site.url.clone()),
            method: Some(site.method.into()),
            confidence: i32::from(site.confidence),
        });
    }
    if let Some(listed) = &outcome.rejected_listed_website
        && outcome.site.is_none()
    {
        facts.push(ObservedFact {
            field: REJECTED_WEBSITE,
            value: listed.clone(),
            source_url: None,
            method: Some(FactMethod::Verification),
            confidence: 90,
        });
    }
    for (i, email) in outcome.emails.iter().enumerate() {
        // The chosen address must win the row even when another was read with more certainty.
        let bonus = if i == 0 && outcome.best_email.is_some() { 100 } else { 0 };
        facts.push(ObservedFact {
            field: "email",
            value: email.value.clone(),
            source_url: Some(email.source_url.clone()),
            method: Some(email.method),
            confidence: (i32::from(email.confidence) + bonus).min(99) - i32::from(i > 0),
        });
    }
    if let Some(report) = &outcome.report {
        for phone in &report.phones {
            facts.push(ObservedFact {
                field: "phone",
                value: phone.clone(),
                source_url: Some(report.website.clone()),
                method: Some(FactMethod::Site),
                confidence: 70,
            });
        }
        if identity_siren.is_none()
            && let Some(siren) = &report.siren
        {
            facts.push(ObservedFact {
                field: "siren",
                value: siren.clone(),
                source_url: Some(report.website.clone()),
                method: Some(FactMethod::LegalNotice),
                confidence: 70,
            });
        }
    }
    facts
}

/// Store one company's outcome, in one transaction: a crash leaves either
/// the old outcome or the new one, never half of it.
pub async fn save(
    db: &DatabaseConnection,
    company_id: CompanyId,
    company_siren: Option<&str>,
    outcome: &Enrichment,
) -> Result<(), DbErr> {
    let txn = crate::db::begin_write(db).await?;
    let now = Utc::now();
    store::forget_facts(&txn, company_id, FactSource::Enrichment, FIELDS).await?;
    store::record_facts(&txn, company_id, FactSource::Enrichment, &facts_of(outcome, company_siren)).await?;
    let usage = outcome.usage();
    let row = company_enrichment::ActiveModel {
        company_id: Set(company_id),
        status: Set(outcome.status),
        detail: Set(outcome.detail.clone()),
        website: Set(outcome.site.as_ref().map(|s| s.url.clone())),
        website_method: Set(outcome.site.as_ref().map(|s| s.method)),
        website_confidence: Set(outcome.site.as_ref().map(|s| i32::from(s.confidence))),
        email: Set(outcome.best_email.as_ref().map(|e| e.value.clone())),
        email_confidence: Set(outcome.best_email.as_ref().map(|e| i32::from(e.confidence))),
        contact_page: Set(outcome.report.as_ref().and_then(|r| r.contact_page.clone())),
        has_form: Set(outcome.report.as_ref().is_some_and(|r| r.has_form)),
        pages_read: Set(outcome.report.as_ref().map_or(0, |r| r.pages.len() as i32)),
        tokens_in: Set(usage.input_tokens as i64),
        tokens_out: Set(usage.output_tokens as i64),
        enriched_at: Set(now),
        ..Default::default()
    };
    company_enrichment::Entity::insert(row)
        .on_conflict(
            OnConflict::column(company_enrichment::Column::CompanyId)
                .update_columns([
                    company_enrichment::Column::Status,
                    company_enrichment::Column::Detail,
                    company_enrichment::Column::Website,
                    company_enrichment::Column::WebsiteMethod,
                    company_enrichment::Column::WebsiteConfidence,
                    company_enrichment::Column::Email,
                    company_enrichment::Column::EmailConfidence,
                    company_enrichment::Column::ContactPage,
                    company_enrichment::Column::HasForm,
                    company_enrichment::Column::PagesRead,
                    company_enrichment::Column::TokensIn,
                    company_enrichment::Column::TokensOut,
                    company_enrichment::Column::EnrichedAt,
                ])
                .to_owned(),
        )
        .exec_without_returning(&txn)
        .await?;
    txn.commit().await
}

/// When the company was last enriched, if ever.
/// The contact page with a form that enrichment found on the company's site, if any: the form
/// engine starts there instead of looking for it again.
pub async fn contact_page_of<C: ConnectionTrait>(db: &C, company_id: CompanyId) -> Result<Option<String>, DbErr> {
    Ok(company_enrichment::Entity::find()
        .filter(company_enrichment::Column::CompanyId.eq(company_id))
        .one(db)
        .await?
        .filter(|e| e.has_form)
        .and_then(|e| e.contact_page))
}

pub async fn enriched_at(db: &DatabaseConnection, company_id: CompanyId) -> Result<Option<DateTime<Utc>>, DbErr> {
    Ok(company_enrichment::Entity::find()
        .filter(company_enrichment::Column::CompanyId.eq(company_id))
        .one(db)
        .await?
        .map(|r| r.enriched_at))
}

/// Enrichment progress of one client database: rows, rows enriched since the database was
/// filled, with a site, with an e-mail. Counted from the rows (never from a job's own counter),
/// so it stays true across crashes and across workers.
pub async fn progress_of(db: &DatabaseConnection, database_id: DatabaseId) -> Result<EnrichmentProgress, DbErr> {
    use crate::prospecting::figures::{enrichable_companies, enrichable_count};
    let outcomes = || {
        company_enrichment::Entity::find()
            .filter(company_enrichment::Column::CompanyId.in_subquery(enrichable_companies(database_id)))
    };
    Ok(EnrichmentProgress {
        total: enrichable_count(db, database_id).await?,
        enriched: outcomes().count(db).await?,
        with_site: outcomes().filter(company_enrichment::Column::Website.is_not_null()).count(db).await?,
        with_email: outcomes().filter(company_enrichment::Column::Email.is_not_null()).count(db).await?,
    })
}
