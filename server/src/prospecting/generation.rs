//! Filling a client's database from the sources, as a durable job (`GenerateDatabase`), and
//! the preview that precedes it.
//!
//! Resumption without duplicates: every page read is stored (`source_pages`: the company ids it
//! gave, the next page's URL) in the same transaction as the companies it merged and the rows it
//! added. A job that dies and restarts walks the same queries, finds the pages it already read
//! (they are fresh), re-adds their rows (a no-op: one row per company per database) and fetches
//! only what is missing. Another client asking for the same target within 90 days reuses the
//! same pages (DB-7).

use super::area::Area;
use super::entities::{company, database_row, prospect_database, source_page};
use super::sources::open_data::OpenData;
use super::sources::pagesjaunes::PagesJaunes;
use super::sources::{HostThrottle, Source, SourceError, SourceId, SourceQuery, http_client};
use super::states::{GenerationState, PageOutcome};
use super::store;
use crate::jobs::{Job, JobContext, JobError};
use crate::state::AppState;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use prospecta_shared::ids::{CompanyId, DatabaseId, OrgId};
use prospecta_shared::prospecting::Target;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// The HTTP client and the per-host throttle every source shares.
fn source_client(app: &AppState) -> (crate::net::HttpClient, HostThrottle) {
    let http = http_client(app.config.prospecting.http_timeout, &crate::net::Guard::system(app.config.net.clone()));
    (http, HostThrottle::new(app.db.clone()))
}

/// Both sources, configured for this deployment (real sites or the sandbox's simulated web).
pub fn sources(app: &AppState) -> Vec<Box<dyn Source>> {
    let cfg = &app.config.prospecting;
    let (http, throttle) = source_client(app);
    vec![
        Box::new(PagesJaunes::new(&cfg.pagesjaunes_url, http.clone(), throttle.clone(), cfg.pagesjaunes_interval)),
        Box::new(OpenData::new(&cfg.open_data_url, http, throttle, cfg.open_data_interval, cfg.max_pages)),
    ]
}

/// The company register alone (the open data API), for looking one company up.
pub fn register(app: &AppState) -> OpenData {
    let cfg = &app.config.prospecting;
    let (http, throttle) = source_client(app);
    OpenData::new(&cfg.open_data_url, http, throttle, cfg.open_data_interval, 1)
}

/// One page of one query, read now or earlier.
#[derive(Debug, Clone)]
pub struct PageRead {
    pub company_ids: Vec<CompanyId>,
    pub total_results: Option<u32>,
    pub next_url: Option<String>,
    /// Companies of this page that joined an existing record.
    pub merged: u32,
}

fn ids_to_text(ids: &[CompanyId]) -> String {
    ids.iter().map(CompanyId::to_string).collect::<Vec<_>>().join(",")
}

fn ids_from_text(text: &str) -> Vec<CompanyId> {
    text.split(',').filter_map(|s| s.trim().parse().ok()).collect()
}

/// Page `page` of `query`: from the store when read less than `freshness` ago, else fetched
/// from `url`, merged into the company store and recorded, all in one transaction.
pub async fn read_page(
    db: &DatabaseConnection,
    source: &dyn Source,
    query: &SourceQuery,
    page: u32,
    url: &str,
    freshness: std::time::Duration,
) -> Result<Result<PageRead, SourceError>, DbErr> {
    let fresh_since = Utc::now() - chrono::Duration::from_std(freshness).unwrap_or(chrono::Duration::days(90));
    let cached = source_page::Entity::find()
        .filter(source_page::Column::Source.eq(source.id()))
        .filter(source_page::Column::QueryKey.eq(query.key.as_str()))
        .filter(source_page::Column::Page.eq(page as i32))
        .one(db)
        .await?;
    if let Some(p) = cached.as_ref().filter(|p| p.fetched_at > fresh_since) {
        return Ok(Ok(PageRead {
            company_ids: ids_from_text(&p.company_ids),
            total_results: p.total_results.map(|t| t.max(0) as u32),
            next_url: p.next_url.clone(),
            merged: 0,
        }));
    }
    let fetched = match source.fetch(url).await {
        Ok(page) => page,
        Err(e) => return Ok(Err(e)),
    };
    let tx = crate::db::begin_write(db).await?;
    let mut ids = Vec::with_capacity(fetched.companies.len());
    let mut merged = 0;
    for record in &fetched.companies {
        let m = store::merge(&tx, source.id(), record).await?;
        merged += u32::from(m.existing);
        ids.push(m.company_id);
    }
    let row = source_page::ActiveModel {
        source: Set(source.id()),
        query_key: Set(query.key.clone()),
        page: Set(page as i32),
        status: Set(if fetched.companies.is_empty() { PageOutcome::NoResults } else { PageOutcome::Results }),
        total_results: Set(fetched.total_results.map(|t| t.min(i32::MAX as u32) as i32)),
        next_url: Set(fetched.next_url.clone()),
        company_ids: Set(ids_to_text(&ids)),
        fetched_at: Set(Utc::now()),
        ..Default::default()
    };
    source_page::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([
                source_page::Column::Source,
                source_page::Column::QueryKey,
                source_page::Column::Page,
            ])
            .update_columns([
                source_page::Column::Status,
                source_page::Column::TotalResults,
                source_page::Column::NextUrl,
                source_page::Column::CompanyIds,
                source_page::Column::FetchedAt,
            ])
            .to_owned(),
        )
        .exec_without_returning(&tx)
        .await?;
    tx.commit().await?;
    Ok(Ok(PageRead { company_ids: ids, total_results: fetched.total_results, next_url: fetched.next_url, merged }))
}

/// The companies among `ids` located inside `area`.
pub async fn in_area<C: ConnectionTrait>(db: &C, ids: &[CompanyId], area: &Area) -> Result<Vec<CompanyId>, DbErr> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    // (id, INSEE code, postcode, town)
    type Located = (CompanyId, Option<String>, Option<String>, Option<String>);
    let located: Vec<Located> = company::Entity::find()
        .filter(company::Column::Id.is_in(ids.to_vec()))
        .select_only()
        .columns([company::Column::Id, company::Column::InseeCode, company::Column::PostalCode, company::Column::City])
        .into_tuple()
        .all(db)
        .await?;
    Ok(located
        .into_iter()
        .filter(|(_, insee, postcode, city)| area.contains(insee.as_deref(), postcode.as_deref(), city.as_deref()))
        .map(|(id, ..)| id)
        .collect())
}

/// Tell the organisation its database is ready (the bell), with the number of companies.
pub async fn notify_ready(app: &AppState, organization_id: OrgId, database_id: DatabaseId) -> Result<(), DbErr> {
    let Some(model) = prospect_database::Entity::find_by_id(database_id).one(&app.db).await? else { return Ok(()) };
    let (total, _) = super::rows::row_counts(&app.db, database_id).await?;
    crate::accounts::post_notification(
        &app.db,
        organization_id,
        None,
        prospecta_shared::notifications::NotificationKind::DatabaseReady,
        "Base prête",
        &format!(
            "Votre base « {} » est prête : {total} entreprises, à débloquer sur votre quota de prospects.",
            model.name
        ),
        Some(&format!("/app/bases/{database_id}")),
    )
    .await
}

pub fn target_of(db: &prospect_database::Model) -> Target {
    Target {
        sector: db.sector.clone(),
        naf_code: db.naf_code.clone(),
        place_kind: db.place_kind,
        place_code: db.place_code.clone(),
        radius_km: db.radius_km.max(0) as u32,
    }
}

#[derive(Debug, Default)]
struct Counters {
    pages_fetched: u32,
    pages_expected: u32,
    companies_found: u32,
    seen: HashSet<CompanyId>,
}

impl Counters {
    fn merged(&self) -> u32 {
        self.companies_found.saturating_sub(self.seen.len() as u32)
    }
}

/// Fill one database from every source. Idempotent and resumable (see the module doc).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GenerateDatabase {
    pub database_id: DatabaseId,
    pub organization_id: OrgId,
}

#[async_trait]
impl Job for GenerateDatabase {
    const KIND: &'static str = "prospecting.generate_database";
    type State = AppState;
    const MAX_ATTEMPTS: i32 = 8;

    fn idempotency_key(&self) -> Option<String> {
        Some(format!("generate-database:{}", self.database_id))
    }

    fn organization_id(&self) -> Option<prospecta_shared::ids::OrgId> {
        Some(self.organization_id)
    }

    async fn run(&self, ctx: &JobContext<AppState>) -> Result<(), JobError> {
        let app = &ctx.app;
        let db = &app.db;
        let Some(record) = prospect_database::Entity::find_by_id(self.database_id)
            .filter(prospect_database::Column::OrganizationId.eq(self.organization_id))
            .one(db)
            .await?
        else {
            // Deleted meanwhile: nothing to fill.
            return Ok(());
        };
        let target = target_of(&record);
        let area = match Area::resolve(&target) {
            Ok(area) => area,
            Err(e) => {
                set_status(db, self.database_id, GenerationState::Failed, Some(e.message_fr()), None).await?;
                return Err(JobError::Permanent(format!("zone introuvable : {}", target.place_code)));
            }
        };
        set_status(db, self.database_id, GenerationState::Generating, None, None).await?;
        let freshness = app.config.prospecting.freshness;
        let max_pages = app.config.prospecting.max_pages;
        let sources = sources(app);
        let plans: Vec<(&dyn Source, SourceQuery)> = sources
            .iter()
            .flat_map(|s| {
                s.queries(&target.sector, target.naf_code.as_deref(), &area).into_iter().map(move |q| (s.as_ref(), q))
            })
            .collect();
        let mut counters = Counters { pages_expected: plans.len() as u32, ..Default::default() };

        // First page of every query first: their totals make the progress bar honest early.
        let mut next: Vec<Option<String>> = Vec::with_capacity(plans.len());
        let mut expected_per_query: Vec<u32> = vec![1; plans.len()];
        for (i, (source, query)) in plans.iter().enumerate() {
            let page = self.step(ctx, *source, query, 1, &query.first_url, &area, freshness, &mut counters).await?;
            expected_per_query[i] = page
                .total_results
                .map(|t| t.div_ceil(query.page_size.max(1)).clamp(1, max_pages))
                .unwrap_or(if page.next_url.is_some() { 2 } else { 1 });
            counters.pages_expected = expected_per_query.iter().sum();
            next.push(page.next_url);
        }
        for (i, (source, query)) in plans.iter().enumerate() {
            let mut page_no = 2;
            let mut url = next[i].take();
            while let Some(u) = url {
                if page_no > max_pages {
                    break;
                }
                let page = self.step(ctx, *source, query, page_no, &u, &area, freshness, &mut counters).await?;
                if page_no > expected_per_query[i] {
                    expected_per_query[i] = page_no + u32::from(page.next_url.is_some());
                    counters.pages_expected = expected_per_query.iter().sum();
                }
                url = page.next_url;
                page_no += 1;
            }
        }
        super::guard::plant_canaries(db, self.organization_id, self.database_id).await?;
        counters.pages_expected = counters.pages_fetched;
        self.save_progress(db, &counters).await?;
        set_status(db, self.database_id, GenerationState::Ready, None, None).await?;
        // What follows a filled database (the enrichment) is not ours to know: the capabilities
        // built on prospecting are told (idempotent: a rerun starts nothing new).
        app.downstream.database_filled(self.organization_id, self.database_id).await?;
        notify_ready(app, self.organization_id, self.database_id).await?;
        Ok(())
    }
}

impl GenerateDatabase {
    #[allow(clippy::too_many_arguments)]
    async fn step(
        &self,
        ctx: &JobContext<AppState>,
        source: &dyn Source,
        query: &SourceQuery,
        page_no: u32,
        url: &str,
        area: &Area,
        freshness: std::time::Duration,
        counters: &mut Counters,
    ) -> Result<PageRead, JobError> {
        let db = &ctx.app.db;
        let page = match read_page(db, source, query, page_no, url, freshness).await? {
            Ok(page) => page,
            Err(SourceError::Refused(reason)) => {
                // A query the source rejects will not get better: skip it, keep the others.
                tracing::warn!(source = source.id().as_str(), query = %query.key, %reason, "query refused");
                return Ok(PageRead { company_ids: Vec::new(), total_results: Some(0), next_url: None, merged: 0 });
            }
            Err(e) => {
                let until = e.retry_at().unwrap_or_else(|| Utc::now() + chrono::Duration::minutes(5));
                let detail = format!("{} : {e}", source.id().label_fr());
                set_status(db, self.database_id, GenerationState::Waiting, Some(detail.clone()), Some(until)).await?;
                return Err(JobError::Wait { until, reason: detail });
            }
        };
        let inside = in_area(db, &page.company_ids, area).await?;
        super::rows::add_rows(db, self.organization_id, self.database_id, &inside).await?;
        counters.pages_fetched += 1;
        counters.companies_found += page.company_ids.len() as u32;
        counters.seen.extend(page.company_ids.iter().copied());
        if counters.pages_expected < counters.pages_fetched {
            counters.pages_expected = counters.pages_fetched;
        }
        self.save_progress(db, counters).await?;
        if source.id() == SourceId::PagesJaunes || page_no == 1 {
            tracing::debug!(database = %self.database_id, query = %query.key, page = page_no, "page read");
        }
        Ok(page)
    }

    async fn save_progress(&self, db: &DatabaseConnection, c: &Counters) -> Result<(), DbErr> {
        let stored = database_row::Entity::find()
            .filter(database_row::Column::DatabaseId.eq(self.database_id))
            .count(db)
            .await?;
        prospect_database::Entity::update_many()
            .col_expr(prospect_database::Column::PagesFetched, Expr::value(c.pages_fetched as i32))
            .col_expr(prospect_database::Column::PagesExpected, Expr::value(c.pages_expected as i32))
            .col_expr(prospect_database::Column::CompaniesFound, Expr::value(c.companies_found as i32))
            .col_expr(prospect_database::Column::Merged, Expr::value(c.merged() as i32))
            .col_expr(prospect_database::Column::Stored, Expr::value(stored.min(i32::MAX as u64) as i32))
            .col_expr(prospect_database::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(prospect_database::Column::Id.eq(self.database_id))
            .exec(db)
            .await?;
        Ok(())
    }
}

use sea_orm::PaginatorTrait;

pub async fn set_status(
    db: &DatabaseConnection,
    database_id: DatabaseId,
    status: GenerationState,
    detail: Option<String>,
    retry_at: Option<DateTime<Utc>>,
) -> Result<(), DbErr> {
    prospect_database::Entity::update_many()
        .col_expr(prospect_database::Column::Status, Expr::value(status))
        .col_expr(prospect_database::Column::StatusDetail, Expr::value(detail))
        .col_expr(prospect_database::Column::RetryAt, Expr::value(retry_at))
        .col_expr(prospect_database::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(prospect_database::Column::Id.eq(database_id))
        .exec(db)
        .await?;
    Ok(())
}

/// The shared companies of a database that enrichment works on (not rows typed by hand, not
/// canaries, not rows in the bin), in row order.
pub async fn companies_to_enrich(db: &DatabaseConnection, database_id: DatabaseId) -> Result<Vec<CompanyId>, DbErr> {
    database_row::Entity::find()
        .filter(database_row::Column::DatabaseId.eq(database_id))
        .filter(database_row::Column::Manual.eq(false))
        .filter(database_row::Column::DeletedAt.is_null())
        .filter(
            database_row::Column::CompanyId.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(company::Column::Id)
                    .from(company::Entity)
                    .and_where(company::Column::OwnerOrgId.is_null())
                    .and_where(company::Column::CanaryOrgId.is_null())
                    .to_owned(),
            ),
        )
        .order_by_asc(database_row::Column::Id)
        .select_only()
        .column(database_row::Column::CompanyId)
        .into_tuple::<CompanyId>()
        .all(db)
        .await
}
