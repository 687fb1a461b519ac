//! Server-sent events: the campaign page's live figures (FORM-5). One stream per open page,
//! reading the figures every second and pushing them only when they changed.

use crate::outreach::campaigns::CampaignService;
use crate::state::AppState;
use axum::Extension;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures::Stream;
use prospecta_app::campaigns::port::Campaigns;
use prospecta_app::server_ctx::RequestIdentity;
use prospecta_shared::AppError;
use std::convert::Infallible;
use std::time::Duration;

const PERIOD: Duration = Duration::from_secs(1);

pub async fn campaign_stream(
    State(app): State<AppState>,
    Path(campaign_id): Path<i64>,
    identity: Option<Extension<RequestIdentity>>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, StatusCode> {
    let user = identity.and_then(|Extension(i)| i.user).ok_or(StatusCode::UNAUTHORIZED)?;
    let service = CampaignService::new(app);
    // Another organisation's campaign is a 404, like one that does not exist.
    let first = service.live(&user, campaign_id).await.map_err(|e| match e {
        AppError::NotFound => StatusCode::NOT_FOUND,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    })?;
    let first = serde_json::to_string(&first).unwrap_or_default();
    let state = (service, user, None::<String>, Some(first));
    let stream = futures::stream::unfold(state, move |(service, user, last, pending)| async move {
        if let Some(json) = pending {
            let event = Event::default().event("live").data(json.clone());
            return Some((Ok(event), (service, user, Some(json), None)));
        }
        loop {
            tokio::time::sleep(PERIOD).await;
            // The campaign went away or the database failed: end the stream; the page falls
            // back to polling and shows the error there.
            let live = service.live(&user, campaign_id).await.ok()?;
            let json = serde_json::to_string(&live).ok()?;
            if last.as_deref() != Some(json.as_str()) {
                let event = Event::default().event("live").data(json.clone());
                return Some((Ok(event), (service, user, Some(json), None)));
            }
        }
    });
    Ok(Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}
