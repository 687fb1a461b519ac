use crate::both_databases;
use crate::support::{Backend, TestApp};
use prospecta_shared::AppError;
use prospecta_shared::error::ValidationCode;
use prospecta_shared::prospecting::{PlaceKind, PlaceSuggestion, SectorSuggestion};

both_databases!(autocompletes_answer_signed_in_users_only);

async fn autocompletes_answer_signed_in_users_only(backend: Backend) {
    let app = TestApp::start(backend).await;
    assert_eq!(
        app.client().call::<Vec<PlaceSuggestion>>("prospecting/places", &[("query", "lyon")]).await,
        Err(AppError::Unauthenticated)
    );
    let client = app.signed_up("camille@martin.fr", "Martin").await;
    let places: Vec<PlaceSuggestion> = client.call("prospecting/places", &[("query", "st etienne")]).await.unwrap();
    assert_eq!(
        (places[0].kind, places[0].code.as_str(), places[0].name.as_str()),
        (PlaceKind::Commune, "42218", "Saint-Étienne")
    );
    let sectors: Vec<SectorSuggestion> = client.call("prospecting/sectors", &[("query", "ebeniste")]).await.unwrap();
    assert_eq!((sectors[0].label.as_str(), sectors[0].naf_code.as_str()), ("ébéniste", "31.09B"));
    let long = "a".repeat(101);
    assert_eq!(
        client.call::<Vec<SectorSuggestion>>("prospecting/sectors", &[("query", &long)]).await,
        Err(AppError::validation("query", ValidationCode::TooLong { max: 100 }))
    );
    let none: Vec<PlaceSuggestion> = client.call("prospecting/places", &[("query", "")]).await.unwrap();
    assert!(none.is_empty());
}
