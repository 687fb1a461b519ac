use async_trait::async_trait;
use prospecta_shared::AppError;
use prospecta_shared::prospecting::{PlaceSuggestion, SectorSuggestion};

#[async_trait]
pub trait Prospecting: Send + Sync {
    async fn search_sectors(&self, query: &str) -> Result<Vec<SectorSuggestion>, AppError>;
    async fn search_places(&self, query: &str) -> Result<Vec<PlaceSuggestion>, AppError>;
}
