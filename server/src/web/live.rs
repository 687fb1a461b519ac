//! Server-sent events: the campaign page's live figures (FORM-5). One stream per open page,
//! reading every second the figures shared by all viewers of the campaign
//! (`outreach::campaigns::LiveBoard`) and pushing them only when they changed.

use crate::accounts::AccountsService;
use crate::state::AppState;
use axum::Extension;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures::Stream;
use prospecta_app::server_ctx::RequestIdentity;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

const PERIOD: Duration = Duration::from_secs(1);

pub async fn campaign_stream(
    State(app): State<AppState>,
    Path(campaign_id): Path<prospecta_shared::ids::CampaignId>,
    identity: Option<Extension<RequestIdentity>>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, StatusCode> {
    let Some(Extension(identity)) = identity else { return Err(StatusCode::UNAUTHORIZED) };
    let (Some(user), Some(token)) = (identity.user, identity.session_token) else {
        return Err(StatusCode::UNAUTHORIZED);
    };
    let accounts = AccountsService::new(app.clone());
    // Another organisation's campaign is a 404, like one that does not exist: the figures are
    // read under the viewer's organisation.
    let first = app
        .live
        .figures(&app.db, user.organization_id, campaign_id)
        .await
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?
        .ok_or(StatusCode::NOT_FOUND)?;
    let state = (app, user, None::<Arc<str>>, Some(first));
    let stream = futures::stream::unfold(state, move |(app, user, last, pending)| {
        let (accounts, token) = (accounts.clone(), token.clone());
        async move {
            if let Some(json) = pending {
                let event = Event::default().event("live").data(&*json);
                return Some((Ok(event), (app, user, Some(json), None)));
            }
            loop {
                tokio::time::sleep(PERIOD).await;
                // The session is checked again at every read: a stream outlives neither a logout nor
                // a revoked session (the page then shows the login screen on its next request).
                if !session_still_valid(&accounts, &token, &user).await {
                    return None;
                }
                // The campaign went away or the database failed: end the stream; the page falls
                // back to polling and shows the error there.
                let json = app.live.figures(&app.db, user.organization_id, campaign_id).await.ok()??;
                // Shared figures are one `Arc` until they change: compare the pointer first.
                if last.as_ref().is_none_or(|last| !Arc::ptr_eq(last, &json) && **last != *json) {
                    let event = Event::default().event("live").data(&*json);
                    return Some((Ok(event), (app, user, Some(json), None)));
                }
            }
        }
    });
    Ok(Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}

/// Whether the session that opened the stream still belongs to the same user.
async fn session_still_valid(
    accounts: &AccountsService,
    token: &str,
    user: &prospecta_shared::accounts::SessionUser,
) -> bool {
    match accounts.resolve_session(token).await {
        Ok(Some(current)) => current.user_id == user.user_id && current.organization_id == user.organization_id,
        Ok(None) => false,
        // A database hiccup ends the stream too: the page falls back to polling, which checks
        // the session on every request.
        Err(_) => false,
    }
}
