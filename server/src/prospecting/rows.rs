//! The rows of a client's databases: adding, deleting, restoring and unlocking them, and the
//! table that lists them.
//!
//! What the table filters and sorts on ([`RowKeys`]) is copied onto each row from the company it
//! shows, when the row is added and whenever the company changes (`store::sync_rows`): filtering,
//! sorting and counting then read `database_rows` alone, through partial indexes per database
//! (migration 10), and only the page's rows are joined with their companies. Every change to a
//! database's rows bumps its `rows_revision` ([`touch`], after the change), under which the
//! counts per filter are cached ([`CountCache`]): a count is computed once per state of the
//! database, whatever the number of pages read or processes serving them.

use super::entities::{company, database_row, prospect_database};
use super::masking::MASKED_POSTCODE_DIGITS;
use super::states::RowStatus;
use super::store::RowKeys;
use crate::db::portable_statement;
use chrono::{DateTime, Duration, Utc};
use prospecta_shared::ids::OrgId;
use prospecta_shared::ids::{CompanyId, DatabaseId, RowId};
use prospecta_shared::prospecting::{RowCursor, RowFilter, RowSort};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter,
    Value,
};
use std::collections::HashMap;
use std::sync::Mutex;

/// How long a deleted row stays in the bin, restorable.
pub const RESTORE_DAYS: i64 = 30;

/// A new row of `database_id` for `company`.
fn new_row(
    organization_id: OrgId,
    database_id: DatabaseId,
    company: &company::Model,
    now: DateTime<Utc>,
) -> database_row::ActiveModel {
    let mut row = database_row::ActiveModel {
        organization_id: Set(organization_id),
        database_id: Set(database_id),
        company_id: Set(company.id),
        manual: Set(false),
        status: Set(RowStatus::New),
        unlocked_at: Set(None),
        deleted_at: Set(None),
        added_at: Set(now),
        ..Default::default()
    };
    RowKeys::of(company).set_on(&mut row);
    row
}

/// The database's rows changed: cached counts of its previous revision no longer apply. Called
/// after the change (a count read in between is cached under the old revision, never read again).
pub async fn touch<C: ConnectionTrait>(db: &C, database_id: DatabaseId) -> Result<(), DbErr> {
    prospect_database::Entity::update_many()
        .col_expr(prospect_database::Column::RowsRevision, Expr::col(prospect_database::Column::RowsRevision).add(1))
        .filter(prospect_database::Column::Id.eq(database_id))
        .exec(db)
        .await
        .map(|_| ())
}

/// Add companies to a database as locked rows; a company already there is left as it is.
pub async fn add_rows<C: ConnectionTrait>(
    db: &C,
    organization_id: OrgId,
    database_id: DatabaseId,
    company_ids: &[CompanyId],
) -> Result<(), DbErr> {
    let now = Utc::now();
    for chunk in company_ids.chunks(200) {
        let companies = company::Entity::find().filter(company::Column::Id.is_in(chunk.to_vec())).all(db).await?;
        if companies.is_empty() {
            continue;
        }
        let rows = companies.iter().map(|c| new_row(organization_id, database_id, c, now));
        database_row::Entity::insert_many(rows)
            .on_conflict(
                OnConflict::columns([database_row::Column::DatabaseId, database_row::Column::CompanyId])
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(db)
            .await?;
    }
    touch(db, database_id).await
}

/// A row the client typed: unlocked from the start, marked manual.
pub async fn add_manual_row<C: ConnectionTrait>(
    db: &C,
    organization_id: OrgId,
    database_id: DatabaseId,
    company: &company::Model,
) -> Result<database_row::Model, DbErr> {
    let now = Utc::now();
    let mut row = new_row(organization_id, database_id, company, now);
    row.manual = Set(true);
    // The client typed it: nothing to unlock.
    row.unlocked_at = Set(Some(now));
    let row = row.insert(db).await?;
    touch(db, database_id).await?;
    Ok(row)
}

/// Puts a row in the bin (`Some(now)`) or takes it out (`None`).
pub async fn set_deleted<C: ConnectionTrait>(
    db: &C,
    row: &database_row::Model,
    deleted_at: Option<DateTime<Utc>>,
) -> Result<(), DbErr> {
    database_row::Entity::update_many()
        .col_expr(database_row::Column::DeletedAt, Expr::value(deleted_at))
        .filter(database_row::Column::Id.eq(row.id))
        .filter(database_row::Column::OrganizationId.eq(row.organization_id))
        .exec(db)
        .await?;
    touch(db, row.database_id).await
}

/// Unlocks rows of one database (those still locked).
pub async fn unlock<C: ConnectionTrait>(
    db: &C,
    database_id: DatabaseId,
    row_ids: &[RowId],
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    for chunk in row_ids.chunks(500) {
        database_row::Entity::update_many()
            .col_expr(database_row::Column::UnlockedAt, Expr::value(now))
            .filter(database_row::Column::DatabaseId.eq(database_id))
            .filter(database_row::Column::Id.is_in(chunk.to_vec()))
            .filter(database_row::Column::UnlockedAt.is_null())
            .exec(db)
            .await?;
    }
    touch(db, database_id).await
}

/// Live rows (not in the bin) and, among them, the unlocked ones.
pub async fn row_counts<C: ConnectionTrait>(db: &C, database_id: DatabaseId) -> Result<(u64, u64), DbErr> {
    let live = || {
        database_row::Entity::find()
            .filter(database_row::Column::DatabaseId.eq(database_id))
            .filter(database_row::Column::DeletedAt.is_null())
    };
    let total = live().count(db).await?;
    let unlocked = live().filter(database_row::Column::UnlockedAt.is_not_null()).count(db).await?;
    Ok((total, unlocked))
}

/// One line of the table: the row and what its company shows.
#[derive(Debug, Clone)]
pub struct RowRecord {
    pub id: RowId,
    pub company_id: CompanyId,
    pub manual: bool,
    pub unlocked_at: Option<DateTime<Utc>>,
    pub deleted_at: Option<DateTime<Utc>>,
    pub name: String,
    pub street: Option<String>,
    pub postal_code: Option<String>,
    pub city: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub quality: i32,
    /// The row's own sort keys, for the cursors of the page it ends or starts.
    sort_name: String,
    city_key: String,
    added_at: DateTime<Utc>,
}

impl RowRecord {
    /// The same line, from a row and its company already loaded.
    pub fn of(row: &database_row::Model, company: &company::Model) -> Self {
        RowRecord {
            id: row.id,
            company_id: row.company_id,
            manual: row.manual,
            unlocked_at: row.unlocked_at,
            deleted_at: row.deleted_at,
            name: company.name.clone(),
            street: company.street.clone(),
            postal_code: company.postal_code.clone(),
            city: company.city.clone(),
            phone: company.phone.clone(),
            email: company.email.clone(),
            website: company.website.clone(),
            quality: company.quality,
            sort_name: row.sort_name.clone(),
            city_key: row.city_key.clone(),
            added_at: row.added_at,
        }
    }

    /// This row's place in the table's order under `sort`.
    pub fn cursor(&self, sort: RowSort) -> RowCursor {
        let key = match sort {
            RowSort::Name => self.sort_name.clone(),
            RowSort::City => self.city_key.clone(),
            RowSort::Quality => self.quality.to_string(),
            RowSort::Added => self.added_at.to_rfc3339(),
        };
        RowCursor { key, id: self.id }
    }

    fn read(r: &sea_orm::QueryResult) -> Result<Self, DbErr> {
        Ok(RowRecord {
            id: r.try_get("", "id")?,
            company_id: r.try_get("", "company_id")?,
            manual: r.try_get("", "manual")?,
            unlocked_at: r.try_get("", "unlocked_at")?,
            deleted_at: r.try_get("", "deleted_at")?,
            name: r.try_get("", "name")?,
            street: r.try_get("", "street")?,
            postal_code: r.try_get("", "postal_code")?,
            city: r.try_get("", "city")?,
            phone: r.try_get("", "phone")?,
            email: r.try_get("", "email")?,
            website: r.try_get("", "website")?,
            quality: r.try_get("", "quality")?,
            sort_name: r.try_get("", "sort_name")?,
            city_key: r.try_get("", "city_key")?,
            added_at: r.try_get("", "added_at")?,
        })
    }
}

/// The WHERE clause of the table for `filter`, on the rows alone, with its values.
fn row_conditions(
    organization_id: OrgId,
    database_id: DatabaseId,
    filter: &RowFilter,
    now: DateTime<Utc>,
) -> (String, Vec<Value>) {
    let mut values: Vec<Value> = vec![database_id.into(), organization_id.into()];
    let mut clauses = vec!["r.database_id = $1".to_string(), "r.organization_id = $2".to_string()];
    let param = |values: &mut Vec<Value>, v: Value| {
        values.push(v);
        format!("${}", values.len())
    };
    if filter.deleted {
        let p = param(&mut values, (now - Duration::days(RESTORE_DAYS)).into());
        clauses.push(format!("r.deleted_at IS NOT NULL AND r.deleted_at > {p}"));
    } else {
        // Written exactly as the partial indexes' condition, so both backends use them.
        clauses.push("r.deleted_at IS NULL".into());
    }
    let search = super::store::normalized_name(&filter.search);
    if !search.is_empty() {
        let p = param(&mut values, format!("%{}%", search.replace(['%', '_'], "")).into());
        clauses.push(format!("r.sort_name LIKE {p}"));
    }
    if !filter.city.is_empty() {
        let p = param(&mut values, format!("%{}%", filter.city.to_lowercase().replace(['%', '_'], "")).into());
        clauses.push(format!("r.city_key LIKE {p}"));
    }
    let postcode: String = filter.postal_code.chars().filter(char::is_ascii_digit).collect();
    if !postcode.is_empty() {
        // A locked row shows the first three digits of its postcode (`690**`): it is filtered on
        // those only, or narrowing the filter digit by digit would reveal the rest.
        let visible: String = postcode.chars().take(MASKED_POSTCODE_DIGITS).collect();
        let full = param(&mut values, format!("{postcode}%").into());
        let prefix = param(&mut values, format!("{visible}%").into());
        clauses.push(format!(
            "((r.unlocked_at IS NOT NULL AND r.postal_code LIKE {full}) \
              OR (r.unlocked_at IS NULL AND r.postal_code LIKE {prefix}))"
        ));
    }
    for (wanted, column) in
        [(filter.has_website, "r.has_website"), (filter.has_email, "r.has_email"), (filter.has_phone, "r.has_phone")]
    {
        match wanted {
            Some(true) => clauses.push(format!("{column} = {}", param(&mut values, true.into()))),
            Some(false) => clauses.push(format!("{column} = {}", param(&mut values, false.into()))),
            None => {}
        }
    }
    match filter.unlocked {
        Some(true) => clauses.push("r.unlocked_at IS NOT NULL".into()),
        Some(false) => clauses.push("r.unlocked_at IS NULL".into()),
        None => {}
    }
    if filter.min_quality > 0 {
        let p = param(&mut values, i32::from(filter.min_quality).into());
        clauses.push(format!("r.quality >= {p}"));
    }
    (clauses.join(" AND "), values)
}

/// The rows' own column the table sorts on (a sort index's column).
fn sort_column(sort: RowSort) -> &'static str {
    match sort {
        RowSort::Name => "r.sort_name",
        RowSort::City => "r.city_key",
        RowSort::Quality => "r.quality",
        RowSort::Added => "r.added_at",
    }
}

/// A cursor's key read back as the sort column's value; `None` for one that cannot be (the
/// address was edited by hand): the page is then found by counting rows.
fn cursor_value(sort: RowSort, key: &str) -> Option<Value> {
    match sort {
        RowSort::Name | RowSort::City => Some(key.into()),
        RowSort::Quality => key.parse::<i32>().ok().map(Into::into),
        RowSort::Added => DateTime::parse_from_rfc3339(key).ok().map(|at| at.with_timezone(&Utc).into()),
    }
}

/// What the count of a filter depends on, beyond the database and its revision.
fn count_key(filter: &RowFilter) -> String {
    let RowFilter { search, city, postal_code, has_website, has_email, has_phone, unlocked, min_quality, .. } = filter;
    format!(
        "{search}\u{1f}{city}\u{1f}{postal_code}\u{1f}{has_website:?}{has_email:?}{has_phone:?}{unlocked:?}{min_quality}"
    )
}

/// Counts per (database, revision, filter), for this process. A revision never comes back, so
/// an entry is exact for as long as it can be asked for; the map is emptied when it grows large.
#[derive(Default)]
pub struct CountCache {
    counts: Mutex<HashMap<(DatabaseId, i64, String), u64>>,
}

const CACHED_COUNTS: usize = 10_000;

impl CountCache {
    fn get(&self, key: &(DatabaseId, i64, String)) -> Option<u64> {
        self.counts.lock().ok()?.get(key).copied()
    }

    fn put(&self, key: (DatabaseId, i64, String), count: u64) {
        if let Ok(mut counts) = self.counts.lock() {
            if counts.len() >= CACHED_COUNTS {
                counts.clear();
            }
            counts.insert(key, count);
        }
    }
}

/// One page of the table and the number of rows the filter matches.
pub async fn table_page<C: ConnectionTrait>(
    db: &C,
    counts: &CountCache,
    database: &prospect_database::Model,
    filter: &RowFilter,
) -> Result<(Vec<RowRecord>, u64), DbErr> {
    let backend = db.get_database_backend();
    let (conditions, values) = row_conditions(database.organization_id, database.id, filter, Utc::now());
    // The bin's content changes with time alone (rows leave it after 30 days): not cached.
    let key = (!filter.deleted).then(|| (database.id, database.rows_revision, count_key(filter)));
    let cached = key.as_ref().and_then(|k| counts.get(k));
    let count = async {
        if let Some(total) = cached {
            return Ok(total);
        }
        let sql = format!("SELECT COUNT(*) AS n FROM database_rows r WHERE {conditions}");
        let row = db.query_one(portable_statement(backend, &sql, values.clone())).await?;
        let total = row.map(|r| r.try_get::<i64>("", "n")).transpose()?.unwrap_or(0).max(0) as u64;
        if let Some(key) = key {
            counts.put(key, total);
        }
        Ok::<u64, DbErr>(total)
    };
    // The page's ids come from the rows' own sort index; only those rows meet their companies.
    // A page reached from its neighbour starts right after (or ends right before) the cursor's
    // row, read straight from the index; any other page skips the rows before it.
    let column = sort_column(filter.sort);
    let (mut page_conditions, mut page_values) = (conditions.clone(), values.clone());
    let mut backwards = false;
    let mut offset = u64::from(filter.page - 1) * u64::from(filter.page_size);
    let cursor = filter.after.as_ref().map(|c| (c, true)).or(filter.before.as_ref().map(|c| (c, false)));
    if let Some((cursor, after)) = cursor
        && let Some(key) = cursor_value(filter.sort, &cursor.key)
    {
        page_values.push(key);
        page_values.push(cursor.id.into());
        let (k, id) = (page_values.len() - 1, page_values.len());
        let comparison = if after != filter.descending { ">" } else { "<" };
        page_conditions = format!("{page_conditions} AND ({column}, r.id) {comparison} (${k}, ${id})");
        backwards = !after;
        offset = 0;
    }
    let direction = if filter.descending != backwards { "DESC" } else { "ASC" };
    let order = format!("{column} {direction}, r.id {direction}");
    let sql = format!(
        "SELECT r.id, r.company_id, r.manual, r.unlocked_at, r.deleted_at, r.sort_name, r.city_key, r.added_at, \
         c.name, c.street, c.postal_code, c.city, c.phone, c.email, c.website, c.quality \
         FROM (SELECT r.id FROM database_rows r WHERE {page_conditions} ORDER BY {order} LIMIT {} OFFSET {offset}) page \
         JOIN database_rows r ON r.id = page.id JOIN companies c ON c.id = r.company_id ORDER BY {order}",
        filter.page_size,
    );
    let page = db.query_all(portable_statement(backend, &sql, page_values));
    // A new filter's count and its first page are read side by side, on two connections.
    let (total, rows) = futures::try_join!(count, page)?;
    let mut records = rows.iter().map(RowRecord::read).collect::<Result<Vec<_>, _>>()?;
    if backwards {
        records.reverse();
    }
    Ok((records, total))
}
