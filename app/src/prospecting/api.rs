use leptos::prelude::*;
use prospecta_shared::AppError;
use prospecta_shared::prospecting::{PlaceSuggestion, SectorSuggestion};

#[cfg(feature = "ssr")]
use {
    super::port::Prospecting,
    crate::server_ctx::{port, require_user},
    prospecta_shared::error::ValidationCode,
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
