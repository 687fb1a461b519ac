//! Server functions of the prospect databases: 3–6 lines each — who calls, which port, which
//! organisation. Parsing of raw form fields happens in `prospecta_shared` types.

// The table's filters and the manual-add form reach the server as flat arguments (the query
// string, the form's fields). An `#[allow]` on the function does not reach the browser's call
// that `#[server]` generates from it, hence the whole file.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;
use prospecta_shared::AppError;
use prospecta_shared::ids::{DatabaseId, RowId};
use prospecta_shared::prospecting::{
    CompanyDetail, DatabasePreview, DatabaseSummary, PlaceSuggestion, RowPage, RowView, SectorSuggestion, UnlockOutcome,
};

#[cfg(feature = "ssr")]
use {
    super::port::Prospecting,
    crate::business::api::current_offer,
    crate::server_ctx::{port, require_user},
    prospecta_shared::error::ValidationCode,
    prospecta_shared::prospecting::{ManualCompany, RowFilter, Target},
};

/// Longer than any place or activity name: anything longer is not a search.
pub const QUERY_MAX: usize = 100;

#[cfg(feature = "ssr")]
fn checked(query: &str) -> Result<&str, AppError> {
    if query.chars().count() > QUERY_MAX {
        return Err(AppError::validation("query", ValidationCode::TooLong { max: QUERY_MAX as u32 }));
    }
    Ok(query)
}

#[server(endpoint = "prospecting/sectors")]
pub async fn search_sectors(query: String) -> Result<Vec<SectorSuggestion>, AppError> {
    require_user()?;
    port::<dyn Prospecting>()?.search_sectors(checked(&query)?).await
}

#[server(endpoint = "prospecting/places")]
pub async fn search_places(query: String) -> Result<Vec<PlaceSuggestion>, AppError> {
    require_user()?;
    port::<dyn Prospecting>()?.search_places(checked(&query)?).await
}

/// The register's entry for the SIRET or SIREN typed in the organisation's settings.
#[server(endpoint = "prospecting/lookup-company")]
pub async fn lookup_company(
    number: String,
) -> Result<Option<prospecta_shared::organization::RegisteredCompany>, AppError> {
    require_user()?;
    let number = prospecta_shared::organization::CompanyNumber::parse("siret", &number)?;
    port::<dyn Prospecting>()?.lookup_company(number).await
}

#[server(endpoint = "prospecting/preview")]
pub async fn preview_database(
    sector: String,
    naf_code: String,
    place_kind: String,
    place_code: String,
    radius_km: String,
) -> Result<DatabasePreview, AppError> {
    let user = require_user()?;
    let target = Target::parse(&sector, &naf_code, &place_kind, &place_code, &radius_km)?;
    port::<dyn Prospecting>()?.preview(&user, target).await
}

#[server(endpoint = "prospecting/create")]
pub async fn create_database(
    sector: String,
    naf_code: String,
    place_kind: String,
    place_code: String,
    radius_km: String,
    name: String,
) -> Result<DatabaseSummary, AppError> {
    let user = require_user()?;
    let target = Target::parse(&sector, &naf_code, &place_kind, &place_code, &radius_km)?;
    let offer = current_offer(&user).await?;
    port::<dyn Prospecting>()?.create_database(&user, offer, target, &name).await
}

#[server(endpoint = "prospecting/databases")]
pub async fn list_databases() -> Result<Vec<DatabaseSummary>, AppError> {
    let user = require_user()?;
    let offer = current_offer(&user).await?;
    port::<dyn Prospecting>()?.databases(&user, offer).await
}

#[server(endpoint = "prospecting/database")]
pub async fn get_database(database_id: DatabaseId) -> Result<DatabaseSummary, AppError> {
    let user = require_user()?;
    port::<dyn Prospecting>()?.database(&user, database_id).await
}

/// One page of a database's rows. `query` is the table's own address query (`site=avec&page=2`):
/// the server reads it with the very function the page used (`RowFilter::from_query`).
#[server(endpoint = "prospecting/rows")]
pub async fn list_rows(database_id: DatabaseId, #[server(default)] query: String) -> Result<RowPage, AppError> {
    let user = require_user()?;
    port::<dyn Prospecting>()?.rows(&user, database_id, RowFilter::from_query(&query)).await
}

#[server(endpoint = "prospecting/company")]
pub async fn get_company(row_id: RowId) -> Result<CompanyDetail, AppError> {
    let user = require_user()?;
    port::<dyn Prospecting>()?.company(&user, row_id).await
}

/// `row_ids`: comma-separated ids the client picked; empty to take the `count` best rows.
#[server(endpoint = "prospecting/unlock")]
pub async fn unlock_rows(
    database_id: DatabaseId,
    #[server(default)] count: u32,
    #[server(default)] row_ids: String,
) -> Result<UnlockOutcome, AppError> {
    let user = require_user()?;
    let ids: Vec<RowId> = row_ids.split(',').filter_map(|s| s.trim().parse().ok()).take(1000).collect();
    if ids.is_empty() && count == 0 {
        return Err(AppError::validation("count", ValidationCode::OutOfRange { min: 1, max: 10_000 }));
    }
    port::<dyn Prospecting>()?.unlock(&user, database_id, count, ids).await
}

#[server(endpoint = "prospecting/delete_row")]
pub async fn delete_row(row_id: RowId) -> Result<(), AppError> {
    let user = require_user()?;
    port::<dyn Prospecting>()?.delete_row(&user, row_id).await
}

#[server(endpoint = "prospecting/restore_row")]
pub async fn restore_row(row_id: RowId) -> Result<(), AppError> {
    let user = require_user()?;
    port::<dyn Prospecting>()?.restore_row(&user, row_id).await
}

#[server(endpoint = "prospecting/add_row")]
pub async fn add_row(
    database_id: DatabaseId,
    name: String,
    #[server(default)] siret: String,
    #[server(default)] street: String,
    postal_code: String,
    city: String,
    #[server(default)] phone: String,
    #[server(default)] email: String,
    #[server(default)] website: String,
) -> Result<RowView, AppError> {
    let user = require_user()?;
    let company = ManualCompany::parse(&name, &siret, &street, &postal_code, &city, &phone, &email, &website)?;
    port::<dyn Prospecting>()?.add_row(&user, database_id, company).await
}

#[server(endpoint = "prospecting/credits")]
pub async fn credits_balance() -> Result<prospecta_shared::credits::Balances, AppError> {
    let user = require_user()?;
    port::<dyn Prospecting>()?.credits(&user).await
}

/// A real unlocked prospect of one of the caller's databases (none when nothing is unlocked): the
/// campaign editor previews its messages for it.
#[server(endpoint = "prospecting/sample-prospect")]
pub async fn sample_prospect(
    database_id: DatabaseId,
) -> Result<Option<prospecta_shared::prospecting::SampleProspect>, AppError> {
    let user = require_user()?;
    port::<dyn Prospecting>()?.sample_prospect(&user, database_id).await
}
