//! The prospecting port: taxonomies, previews, the client's databases and their rows. Every
//! query names the caller's organisation; a row or database of another one is `NotFound`.

use super::area::Area;
use super::entities::{company, company_fact, database_row, prospect_database};
use super::error::{ProspectingError, Result};
use super::generation::{self, GenerateDatabase};
use super::guard;
use super::masking::{mask_postcode, mask_present, mask_street};
use super::rows::{self, RESTORE_DAYS, RowRecord, row_counts};
use super::sources::SourceCompany;
use super::states::{FactMethod, FactSource, GenerationState, RevealKind};
use super::store;
use super::taxonomy::Taxonomy;
use crate::credits;
use crate::db::portable_statement;
use crate::jobs::enqueue;
use crate::state::AppState;
use crate::time::{date_fr, time_fr};
use async_trait::async_trait;
use chrono::{Duration as ChronoDuration, Utc};
use prospecta_app::prospecting::port::Prospecting;
use prospecta_shared::AppError;
use prospecta_shared::accounts::SessionUser;
use prospecta_shared::company::phone_display;
use prospecta_shared::credits::{Balances, Quota};
use prospecta_shared::error::{LimitedAction, ValidationCode};
use prospecta_shared::ids::{CompanyId, DatabaseId, OfferId, RowId};
use prospecta_shared::organization::{CompanyNumber, RegisteredCompany};
use prospecta_shared::prospecting::{
    CompanyDetail, DatabasePreview, DatabaseStatus, DatabaseSummary, EnrichmentProgress, FactView, FieldShares,
    GenerationProgress, ManualCompany, MaskedRow, NAME_MAX, PlaceSuggestion, RowFilter, RowPage, RowView,
    SectorSuggestion, SourceCount, Target, UnlockOutcome,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
};
use std::collections::HashSet;

/// Suggestions per autocomplete: what fits a dropdown without scrolling.
const SUGGESTIONS: usize = 8;
/// Masked rows shown in a preview.
const PREVIEW_ROWS: usize = 8;
/// Queries a preview may run per source: a preview must answer in seconds, even politely.
const PREVIEW_QUERIES: usize = 2;

#[derive(Clone)]
pub struct ProspectingService {
    app: AppState,
    /// The table's counts per filter, shared by every request this service answers.
    counts: std::sync::Arc<rows::CountCache>,
}

impl ProspectingService {
    pub fn new(app: AppState) -> Self {
        ProspectingService { app, counts: Default::default() }
    }
}

/// "plombier" → "Plombier".
fn capitalized(text: &str) -> String {
    prospecta_shared::format::capitalize(text.trim())
}

async fn owned_database<C: ConnectionTrait>(
    db: &C,
    actor: &SessionUser,
    database_id: DatabaseId,
) -> Result<prospect_database::Model> {
    let found = prospect_database::Entity::find_by_id(database_id)
        .filter(prospect_database::Column::OrganizationId.eq(actor.organization_id))
        .one(db)
        .await?;
    Ok(found.ok_or(AppError::NotFound)?)
}

async fn owned_row<C: ConnectionTrait>(db: &C, actor: &SessionUser, row_id: RowId) -> Result<database_row::Model> {
    let found = database_row::Entity::find_by_id(row_id)
        .filter(database_row::Column::OrganizationId.eq(actor.organization_id))
        .one(db)
        .await?;
    Ok(found.ok_or(AppError::NotFound)?)
}

fn summary(
    model: &prospect_database::Model,
    rows_total: u64,
    rows_unlocked: u64,
    enrichment: EnrichmentProgress,
) -> DatabaseSummary {
    let status = match model.status {
        GenerationState::Ready => DatabaseStatus::Ready,
        GenerationState::Failed => DatabaseStatus::Failed {
            message: model.status_detail.clone().unwrap_or_else(|| "erreur inattendue".into()),
        },
        GenerationState::Waiting => {
            DatabaseStatus::Waiting { retry_at: model.retry_at.map(time_fr).unwrap_or_else(|| "bientôt".into()) }
        }
        GenerationState::Generating => DatabaseStatus::Generating,
    };
    let expected = model.pages_expected.max(model.pages_fetched).max(1) as u64;
    let percent = if status == DatabaseStatus::Ready {
        100
    } else {
        // Never 100 before the job says it is done: the last step (canaries, notification) remains.
        ((model.pages_fetched.max(0) as u64 * 100 / expected) as u8).min(99)
    };
    DatabaseSummary {
        id: model.id,
        name: model.name.clone(),
        target_label: model.target_label.clone(),
        status,
        created_on: date_fr(model.created_at),
        rows_total,
        rows_unlocked,
        progress: GenerationProgress {
            pages_fetched: model.pages_fetched.max(0) as u32,
            pages_expected: model.pages_expected.max(0) as u32,
            companies_found: model.companies_found.max(0) as u32,
            merged: model.merged.max(0) as u32,
            stored: model.stored.max(0) as u32,
            percent,
        },
        enrichment,
    }
}

/// A client's row as the table shows it: masked unless unlocked.
fn row_view(row: &RowRecord) -> RowView {
    let locked = row.unlocked_at.is_none();
    let deleted_note = row.deleted_at.map(|at| {
        format!(
            "Supprimée le {}, restaurable jusqu'au {}",
            date_fr(at),
            date_fr(at + ChronoDuration::days(RESTORE_DAYS))
        )
    });
    RowView {
        id: row.id,
        name: row.name.clone(),
        street: if locked { row.street.as_deref().map(mask_street) } else { row.street.clone() },
        postal_code: if locked { row.postal_code.as_deref().map(mask_postcode) } else { row.postal_code.clone() },
        city: row.city.clone(),
        phone: if locked { mask_present(&row.phone) } else { row.phone.as_deref().map(phone_display) },
        email: if locked { mask_present(&row.email) } else { row.email.clone() },
        website: if locked { mask_present(&row.website) } else { row.website.clone() },
        quality: row.quality.clamp(0, 100) as u8,
        locked,
        manual: row.manual,
        status: if locked { "Verrouillée".into() } else { "Nouveau".into() },
        deleted_note,
    }
}

/// The facts a locked row's detail may show: what identifies the company as its masked row
/// already does (name, town, activity, size, age), nothing that reaches it or looks it up.
const VISIBLE_WHEN_LOCKED: &[&str] = &["name", "legal_name", "city", "naf_code", "headcount", "created_on"];

impl ProspectingService {
    async fn query_rows(&self, database: &prospect_database::Model, filter: &RowFilter) -> Result<RowPage> {
        let (rows, total) = rows::table_page(&self.app.db, &self.counts, database, filter).await?;
        // Outreach owns the status column once a campaign touched the company (FORM-6).
        let ids: Vec<CompanyId> = rows.iter().filter(|r| r.unlocked_at.is_some()).map(|r| r.company_id).collect();
        let statuses = self.app.downstream.row_statuses(database.organization_id, &ids).await?;
        Ok(RowPage {
            rows: rows
                .iter()
                .map(|r| {
                    let mut view = row_view(r);
                    if let Some(status) = statuses.get(&r.company_id) {
                        view.status = status.clone();
                    }
                    view
                })
                .collect(),
            total,
            page: filter.page,
            page_size: filter.page_size,
            // Only past a full page is there a next one; only past page 1 a previous one.
            next: rows
                .last()
                .filter(|_| u64::from(filter.page) * u64::from(filter.page_size) < total)
                .map(|r| r.cursor(filter.sort)),
            previous: rows.first().filter(|_| filter.page > 1).map(|r| r.cursor(filter.sort)),
        })
    }

    async fn record_views(&self, actor: &SessionUser, rows: u64) -> Result<()> {
        guard::record_views(&self.app.db, actor, rows, self.app.config.prospecting.view_limit_per_hour).await
    }

    fn client_ip() -> String {
        prospecta_app::server_ctx::identity().map(|i| i.ip).unwrap_or_default()
    }

    async fn preview_inner(&self, target: Target, area: Area) -> Result<DatabasePreview> {
        let db = &self.app.db;
        let freshness = self.app.config.prospecting.freshness;
        let mut sources_out = Vec::new();
        let mut expected: u32 = 0;
        let mut seen: HashSet<CompanyId> = HashSet::new();
        let mut inside_ids: Vec<CompanyId> = Vec::new();
        for source in generation::sources(&self.app) {
            let queries = source.queries(&target.sector, target.naf_code.as_deref(), &area);
            let mut estimate = 0.0_f64;
            let mut visited = 0;
            let mut note = None;
            for query in queries.iter().take(PREVIEW_QUERIES) {
                match generation::read_page(db, source.as_ref(), query, 1, &query.first_url, freshness).await? {
                    Ok(page) => {
                        visited += 1;
                        let inside = generation::in_area(db, &page.company_ids, &area).await?;
                        let ratio = if page.company_ids.is_empty() {
                            0.0
                        } else {
                            inside.len() as f64 / page.company_ids.len() as f64
                        };
                        let total = page.total_results.unwrap_or(page.company_ids.len() as u32);
                        estimate += f64::from(total) * ratio;
                        for id in inside {
                            if seen.insert(id) {
                                inside_ids.push(id);
                            }
                        }
                    }
                    Err(e) => {
                        note = Some(match e.retry_at() {
                            Some(at) => format!("Source momentanément indisponible, nouvel essai à {}", time_fr(at)),
                            None => "Source indisponible pour cette recherche".to_string(),
                        });
                        break;
                    }
                }
            }
            let count = (visited > 0).then(|| (estimate * queries.len() as f64 / visited as f64).round() as u32);
            expected = expected.max(count.unwrap_or(0));
            sources_out.push(SourceCount { source: source.id().label_fr().to_string(), count, note });
        }
        let companies: Vec<company::Model> = if inside_ids.is_empty() {
            Vec::new()
        } else {
            company::Entity::find().filter(company::Column::Id.is_in(inside_ids.clone())).all(db).await?
        };
        let share = |f: &dyn Fn(&company::Model) -> bool| -> u8 {
            if companies.is_empty() {
                0
            } else {
                (companies.iter().filter(|c| f(c)).count() * 100 / companies.len()) as u8
            }
        };
        let shares = FieldShares {
            phone: share(&|c| c.phone.is_some()),
            website: share(&|c| c.website.is_some()),
            email: share(&|c| c.email.is_some()),
            address: share(&|c| c.street.is_some()),
        };
        let order: std::collections::HashMap<CompanyId, usize> =
            inside_ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        let mut sample: Vec<&company::Model> = companies.iter().collect();
        sample.sort_by_key(|c| order.get(&c.id).copied().unwrap_or(usize::MAX));
        let sample = sample
            .into_iter()
            .take(PREVIEW_ROWS)
            .map(|c| MaskedRow {
                name: c.name.clone(),
                address: [c.street.as_deref().map(mask_street), c.postal_code.as_deref().map(mask_postcode)]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" "),
                phone: mask_present(&c.phone),
                email: mask_present(&c.email),
                website: mask_present(&c.website),
            })
            .collect();
        let short_place = area.label.split(" (").next().unwrap_or(&area.label).to_string();
        Ok(DatabasePreview {
            suggested_name: format!("{} — {short_place}", capitalized(&target.sector)),
            target_label: format!("{} · {}", capitalized(&target.sector), area.label),
            target,
            expected_count: expected.max(inside_ids.len() as u32),
            sources: sources_out,
            shares,
            sample,
        })
    }
}

/// The port. Each method's work fails with `ProspectingError`, which becomes the `AppError`
/// the user sees as the method answers (a database failure logged once, with its reference).
#[async_trait]
impl Prospecting for ProspectingService {
    async fn search_sectors(&self, query: &str) -> Result<Vec<SectorSuggestion>, AppError> {
        Ok(Taxonomy::get().search_sectors(query, SUGGESTIONS))
    }

    async fn search_places(&self, query: &str) -> Result<Vec<PlaceSuggestion>, AppError> {
        Ok(Taxonomy::get().search_places(query, SUGGESTIONS))
    }

    async fn lookup_company(&self, number: CompanyNumber) -> Result<Option<RegisteredCompany>, AppError> {
        let register = super::generation::register(&self.app);
        register.lookup(&number).await.map_err(|e| {
            tracing::warn!(error = %e, "company register lookup failed");
            AppError::Unavailable
        })
    }

    async fn preview(&self, actor: &SessionUser, target: Target) -> Result<DatabasePreview, AppError> {
        actor.require_verified()?;
        let area = Area::resolve(&target)?;
        let limit = self.app.config.limits.previews_per_org;
        crate::limits::check(&self.app.db, LimitedAction::Preview, &actor.organization_id.to_string(), limit).await?;
        Ok(self.preview_inner(target, area).await?)
    }

    async fn create_database(
        &self,
        actor: &SessionUser,
        offer_id: OfferId,
        target: Target,
        name: &str,
    ) -> Result<DatabaseSummary, AppError> {
        ProspectingError::answer(async move {
            actor.require_verified()?;
            let area = Area::resolve(&target)?;
            let limit = self.app.config.limits.generations_per_org;
            crate::limits::check(&self.app.db, LimitedAction::Generation, &actor.organization_id.to_string(), limit)
                .await?;
            let name = name.trim();
            let name = if name.is_empty() {
                format!("{} — {}", capitalized(&target.sector), area.label)
            } else if name.chars().count() > NAME_MAX {
                return Err(AppError::validation("name", ValidationCode::TooLong { max: NAME_MAX as u32 }).into());
            } else if let Err(e) = prospecta_shared::accounts::single_line("name", name) {
                return Err(e.into());
            } else {
                name.to_string()
            };
            let now = Utc::now();
            let db = &self.app.db;
            let tx = crate::db::begin_write(db).await?;
            let model = prospect_database::ActiveModel {
                organization_id: Set(actor.organization_id),
                offer_id: Set(offer_id),
                created_by: Set(Some(actor.user_id)),
                name: Set(name),
                sector: Set(target.sector.clone()),
                naf_code: Set(target.naf_code.clone()),
                place_kind: Set(target.place_kind),
                place_code: Set(area.code.clone()),
                radius_km: Set(target.radius_km as i32),
                target_label: Set(format!("{} · {}", capitalized(&target.sector), area.label)),
                status: Set(GenerationState::Generating),
                status_detail: Set(None),
                retry_at: Set(None),
                pages_fetched: Set(0),
                pages_expected: Set(0),
                companies_found: Set(0),
                merged: Set(0),
                stored: Set(0),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&tx)
            .await?;
            enqueue(&tx, &GenerateDatabase { database_id: model.id, organization_id: actor.organization_id }).await?;
            tx.commit().await?;
            Ok(summary(&model, 0, 0, EnrichmentProgress::default()))
        })
        .await
    }

    async fn databases(&self, actor: &SessionUser, offer_id: OfferId) -> Result<Vec<DatabaseSummary>, AppError> {
        ProspectingError::answer(async move {
            let db = &self.app.db;
            let models = prospect_database::Entity::find()
                .filter(prospect_database::Column::OrganizationId.eq(actor.organization_id))
                .filter(prospect_database::Column::OfferId.eq(offer_id))
                .order_by_desc(prospect_database::Column::CreatedAt)
                .order_by_desc(prospect_database::Column::Id)
                .all(db)
                .await?;
            let mut out = Vec::with_capacity(models.len());
            for m in &models {
                let (total, unlocked) = row_counts(db, m.id).await?;
                let enrichment = self.app.downstream.enrichment_progress(m.id).await?;
                out.push(summary(m, total, unlocked, enrichment));
            }
            Ok(out)
        })
        .await
    }

    async fn database(&self, actor: &SessionUser, database_id: DatabaseId) -> Result<DatabaseSummary, AppError> {
        ProspectingError::answer(async move {
            let model = owned_database(&self.app.db, actor, database_id).await?;
            let (total, unlocked) = row_counts(&self.app.db, model.id).await?;
            let enrichment = self.app.downstream.enrichment_progress(model.id).await?;
            Ok(summary(&model, total, unlocked, enrichment))
        })
        .await
    }

    async fn rows(&self, actor: &SessionUser, database_id: DatabaseId, filter: RowFilter) -> Result<RowPage, AppError> {
        let database = owned_database(&self.app.db, actor, database_id).await?;
        let page = self.query_rows(&database, &filter).await?;
        self.record_views(actor, page.rows.len() as u64).await?;
        Ok(page)
    }

    async fn company(&self, actor: &SessionUser, row_id: RowId) -> Result<CompanyDetail, AppError> {
        ProspectingError::answer(async move {
            let db = &self.app.db;
            let row = owned_row(db, actor, row_id).await?;
            let company = company::Entity::find_by_id(row.company_id).one(db).await?.ok_or(AppError::NotFound)?;
            self.record_views(actor, 1).await?;
            let locked = row.unlocked_at.is_none();
            if !locked {
                let fields = guard::contact_fields(&company);
                guard::audit_reveals(
                    db,
                    actor,
                    &Self::client_ip(),
                    RevealKind::Detail,
                    &[(row.id, company.id, fields)],
                )
                .await?;
            }
            let record = RowRecord::of(&row, &company);
            let facts = company_fact::Entity::find()
                .filter(company_fact::Column::CompanyId.eq(company.id))
                .order_by_asc(company_fact::Column::Field)
                .order_by_desc(company_fact::Column::Confidence)
                .all(db)
                .await?;
            let facts = facts
                .into_iter()
                // Canary provenance would betray the canary; locked rows show only what their masked
                // row already shows (an allow-list: a field added later stays hidden until chosen).
                .filter(|f| f.source != FactSource::Canary)
                .filter(|f| !locked || VISIBLE_WHEN_LOCKED.contains(&f.field.as_str()))
                .filter(|f| f.field != "marketing_opposition" && f.field != store::REJECTED_WEBSITE)
                .map(|f| FactView {
                    field: fact_label(&f.field).to_string(),
                    value: if f.field == "phone" { phone_display(&f.value) } else { f.value.clone() },
                    source: fact_source_label(f.source, f.method),
                    observed_on: date_fr(f.observed_at),
                    confidence: f.confidence.clamp(0, 100) as u8,
                })
                .collect();
            let naf_label = company.naf_code.as_deref().map(|code| {
                let label = Taxonomy::get()
                    .search_sectors(code, 1)
                    .into_iter()
                    .find(|s| s.naf_code == code)
                    .map(|s| s.naf_label);
                match label {
                    Some(l) => format!("{code} · {l}"),
                    None => code.to_string(),
                }
            });
            Ok(CompanyDetail {
                row: row_view(&record),
                legal_name: company.legal_name.clone(),
                siren: if locked { None } else { company.siren.clone() },
                siret: if locked { None } else { company.siret.clone() },
                naf: naf_label,
                headcount: company.headcount.as_deref().map(headcount_label),
                created_on: company.created_on.clone().map(|d| iso_to_fr(&d)),
                facts,
            })
        })
        .await
    }

    async fn unlock(
        &self,
        actor: &SessionUser,
        database_id: DatabaseId,
        count: u32,
        row_ids: Vec<RowId>,
    ) -> Result<UnlockOutcome, AppError> {
        ProspectingError::answer(async move {
            let db = &self.app.db;
            let model = owned_database(db, actor, database_id).await?;
            let tx = crate::db::begin_write(db).await?;
            // One unlock at a time per organisation: the rows picked and the debit must not interleave.
            credits::lock(&tx, actor.organization_id).await?;
            let available = credits::balance(&tx, actor.organization_id, Quota::Prospects).await?;
            let backend = tx.get_database_backend();
            // (row id, company id) of this database's locked, live rows matching `condition`.
            let locked = |condition: String| {
                let sql = format!(
                    "SELECT r.id, r.company_id FROM database_rows r JOIN companies c ON c.id = r.company_id \
                     WHERE r.database_id = $1 AND r.organization_id = $2 AND r.unlocked_at IS NULL \
                     AND r.deleted_at IS NULL {condition}"
                );
                let statement = portable_statement(backend, &sql, [database_id.into(), actor.organization_id.into()]);
                let tx = &tx;
                async move {
                    tx.query_all(statement)
                        .await?
                        .iter()
                        .map(|r| Ok((r.try_get("", "id")?, r.try_get("", "company_id")?)))
                        .collect::<Result<Vec<(RowId, CompanyId)>, DbErr>>()
                }
            };
            let picked: Vec<(RowId, CompanyId)> = if row_ids.is_empty() {
                locked(format!(
                    "AND c.canary_org_id IS NULL ORDER BY c.quality DESC, r.id ASC LIMIT {}",
                    count.min(100_000)
                ))
                .await?
            } else {
                let rows = database_row::Entity::find()
                    .filter(database_row::Column::DatabaseId.eq(database_id))
                    .filter(database_row::Column::OrganizationId.eq(actor.organization_id))
                    .filter(database_row::Column::Id.is_in(row_ids.clone()))
                    .all(&tx)
                    .await?;
                // A picked id that is not a row of this database (or of this organisation).
                if rows.len() != row_ids.iter().collect::<HashSet<_>>().len() {
                    return Err(AppError::NotFound.into());
                }
                rows.into_iter()
                    .filter(|r| r.unlocked_at.is_none() && r.deleted_at.is_none())
                    .map(|r| (r.id, r.company_id))
                    .collect()
            };
            // Canaries cost nothing and open with the first paid rows, so they look like the rest.
            let canaries = locked("AND c.canary_org_id IS NOT NULL".to_string()).await?;
            let paid: Vec<(RowId, CompanyId)> = picked.into_iter().filter(|p| !canaries.contains(p)).collect();
            let needed = paid.len() as i64;
            if needed == 0 {
                tx.commit().await?;
                return Ok(UnlockOutcome { unlocked: 0, prospects_left: available });
            }
            if needed > available {
                return Err(AppError::InsufficientCredits { quota: Quota::Prospects, available, needed }.into());
            }
            let now = Utc::now();
            let all: Vec<(RowId, CompanyId)> = paid.iter().chain(canaries.iter()).copied().collect();
            let row_ids: Vec<RowId> = all.iter().map(|p| p.0).collect();
            rows::unlock(&tx, model.id, &row_ids, now).await?;
            credits::consume(
                &tx,
                actor.organization_id,
                Quota::Prospects,
                needed,
                &format!("Déblocage de {needed} lignes — {}", model.name),
                Some(actor.user_id),
            )
            .await?;
            let companies = company::Entity::find()
                .filter(company::Column::Id.is_in(all.iter().map(|p| p.1).collect::<Vec<_>>()))
                .all(&tx)
                .await?;
            let audit: Vec<(RowId, CompanyId, Vec<&'static str>)> = all
                .iter()
                .filter_map(|(row, cid)| {
                    companies.iter().find(|c| c.id == *cid).map(|c| (*row, *cid, guard::contact_fields(c)))
                })
                .collect();
            guard::audit_reveals(&tx, actor, &Self::client_ip(), RevealKind::Unlock, &audit).await?;
            tx.commit().await?;
            Ok(UnlockOutcome { unlocked: needed as u32, prospects_left: available - needed })
        })
        .await
    }

    async fn delete_row(&self, actor: &SessionUser, row_id: RowId) -> Result<(), AppError> {
        ProspectingError::answer(async move {
            let row = owned_row(&self.app.db, actor, row_id).await?;
            if row.deleted_at.is_some() {
                return Ok(());
            }
            Ok(rows::set_deleted(&self.app.db, &row, Some(Utc::now())).await?)
        })
        .await
    }

    async fn restore_row(&self, actor: &SessionUser, row_id: RowId) -> Result<(), AppError> {
        ProspectingError::answer(async move {
            let row = owned_row(&self.app.db, actor, row_id).await?;
            match row.deleted_at {
                None => Ok(()),
                Some(at) if at < Utc::now() - ChronoDuration::days(RESTORE_DAYS) => Err(AppError::NotFound.into()),
                Some(_) => Ok(rows::set_deleted(&self.app.db, &row, None).await?),
            }
        })
        .await
    }

    async fn add_row(
        &self,
        actor: &SessionUser,
        database_id: DatabaseId,
        input: ManualCompany,
    ) -> Result<RowView, AppError> {
        ProspectingError::answer(async move {
            let db = &self.app.db;
            owned_database(db, actor, database_id).await?;
            let insee = Taxonomy::get().find_commune(&input.postal_code, &input.city).map(|c| c.insee.clone());
            let record = SourceCompany {
                name: input.name.clone(),
                siren: input.siret.as_ref().map(|s| s.siren().to_string()),
                siret: input.siret.clone(),
                street: input.street.clone(),
                postal_code: Some(input.postal_code.clone()),
                city: Some(input.city.clone()),
                insee_code: insee,
                phones: input.phone.clone().into_iter().collect(),
                website: input.website.clone(),
                email: input.email.clone(),
                ..Default::default()
            };
            let tx = crate::db::begin_write(db).await?;
            // Typed by this client: private to the organisation, never merged into the shared store.
            let merged = store::merge_as(&tx, FactSource::Manual, &record, Some(actor.organization_id)).await?;
            let company = company::Entity::find_by_id(merged.company_id).one(&tx).await?.ok_or(AppError::NotFound)?;
            let row = rows::add_manual_row(&tx, actor.organization_id, database_id, &company).await?;
            tx.commit().await?;
            Ok(row_view(&RowRecord::of(&row, &company)))
        })
        .await
    }

    async fn sample_prospect(
        &self,
        actor: &SessionUser,
        database_id: DatabaseId,
    ) -> Result<Option<prospecta_shared::prospecting::SampleProspect>, AppError> {
        ProspectingError::answer(async move {
            // Another organisation's database reads as one that does not exist.
            let database = owned_database(&self.app.db, actor, database_id).await?;
            let sample = super::outreach_view::sample_prospect(&self.app.db, &database).await?;
            if sample.is_some() {
                self.record_views(actor, 1).await?;
            }
            Ok(sample)
        })
        .await
    }

    async fn credits(&self, actor: &SessionUser) -> Result<Balances, AppError> {
        ProspectingError::answer(async move {
            let db = &self.app.db;
            Ok(credits::balances(db, actor.organization_id).await?)
        })
        .await
    }
}

fn fact_label(field: &str) -> &str {
    match field {
        "name" => "Nom",
        "legal_name" => "Raison sociale",
        "siren" => "SIREN",
        "siret" => "SIRET",
        "street" => "Adresse",
        "postal_code" => "Code postal",
        "city" => "Ville",
        "insee_code" => "Code commune",
        "naf_code" => "Code NAF",
        "headcount" => "Effectif",
        "created_on" => "Création",
        "phone" => "Téléphone",
        "website" => "Site web",
        "email" => "E-mail",
        "pj_id" => "Fiche PagesJaunes",
        other => other,
    }
}

/// Where a fact comes from and, for what enrichment read, how: "Site de l'entreprise · lien mailto".
fn fact_source_label(source: FactSource, method: Option<FactMethod>) -> String {
    match method {
        Some(how) => format!("{} · {}", source.label_fr(), how.label_fr()),
        None => source.label_fr().to_string(),
    }
}

fn headcount_label(code: &str) -> String {
    prospecta_shared::company::headcount_label(code).map(str::to_string).unwrap_or_else(|| code.to_string())
}

/// "2014-03-07" → "07/03/2014"; anything else as it is.
fn iso_to_fr(date: &str) -> String {
    match chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d") {
        Ok(d) => prospecta_shared::format::date_fr(d),
        Err(_) => date.to_string(),
    }
}
