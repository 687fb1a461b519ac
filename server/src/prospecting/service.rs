use super::taxonomy::Taxonomy;
use async_trait::async_trait;
use prospecta_app::prospecting::port::Prospecting;
use prospecta_shared::AppError;
use prospecta_shared::prospecting::{PlaceSuggestion, SectorSuggestion};

/// Suggestions per autocomplete: what fits a dropdown without scrolling.
const SUGGESTIONS: usize = 8;

#[derive(Clone, Default)]
pub struct ProspectingService;

#[async_trait]
impl Prospecting for ProspectingService {
    async fn search_sectors(&self, query: &str) -> Result<Vec<SectorSuggestion>, AppError> {
        Ok(Taxonomy::get().search_sectors(query, SUGGESTIONS))
    }

    async fn search_places(&self, query: &str) -> Result<Vec<PlaceSuggestion>, AppError> {
        Ok(Taxonomy::get().search_places(query, SUGGESTIONS))
    }
}
