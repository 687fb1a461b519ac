//! Server functions of meetings.

use leptos::prelude::*;
use prospecta_shared::AppError;
use prospecta_shared::ids::MeetingId;
use prospecta_shared::meetings::{Availability, CalendarInput, MeetingsOverview, SlotView};

#[cfg(feature = "ssr")]
use {
    super::port::Meetings,
    crate::server_ctx::{port, require_user},
};

#[server(endpoint = "meetings/overview")]
pub async fn load_meetings(week: i32) -> Result<MeetingsOverview, AppError> {
    let actor = require_user()?;
    port::<dyn Meetings>()?.overview(&actor, week).await
}

#[server(endpoint = "meetings/connect")]
pub async fn connect_calendar(kind: String, url: String, username: String, password: String) -> Result<(), AppError> {
    let actor = require_user()?;
    port::<dyn Meetings>()?.connect_calendar(&actor, CalendarInput { kind, url, username, password }).await
}

#[server(endpoint = "meetings/disconnect")]
pub async fn disconnect_calendar() -> Result<(), AppError> {
    let actor = require_user()?;
    port::<dyn Meetings>()?.disconnect_calendar(&actor).await
}

#[server(endpoint = "meetings/sync")]
pub async fn sync_calendar() -> Result<(), AppError> {
    let actor = require_user()?;
    port::<dyn Meetings>()?.sync_calendar(&actor).await
}

#[server(endpoint = "meetings/availability")]
pub async fn save_availability(
    days: Vec<u8>,
    from_minute: u16,
    to_minute: u16,
    slot_minutes: u16,
    notice_hours: u16,
) -> Result<(), AppError> {
    let actor = require_user()?;
    let rules = Availability { days, from_minute, to_minute, slot_minutes, notice_hours };
    port::<dyn Meetings>()?.save_availability(&actor, rules).await
}

#[server(endpoint = "meetings/free-slots")]
pub async fn load_free_slots() -> Result<Vec<SlotView>, AppError> {
    let actor = require_user()?;
    port::<dyn Meetings>()?.free_slots(&actor).await
}

#[server(endpoint = "meetings/cancel")]
pub async fn cancel_meeting(id: MeetingId) -> Result<(), AppError> {
    let actor = require_user()?;
    port::<dyn Meetings>()?.cancel(&actor, id).await
}

#[server(endpoint = "meetings/mark")]
pub async fn mark_meeting(id: MeetingId, outcome: String, amount: String) -> Result<(), AppError> {
    let actor = require_user()?;
    port::<dyn Meetings>()?.mark(&actor, id, outcome, amount).await
}
