//! The meetings port: the "Rendez-vous" page and its actions, for the caller's organisation.

use super::entities::{calendar_busy, meeting};
use super::{Mark, MeetingsError, availability_of, calendar_of, slots};
use crate::state::AppState;
use async_trait::async_trait;
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use chrono_tz::Europe::Paris;
use prospecta_shared::AppError;
use prospecta_shared::accounts::SessionUser;
use prospecta_shared::ids::{MeetingId, OrgId};
use prospecta_shared::meetings::{
    Attendance, Availability, CalendarInput, CalendarView, Deal, MeetingRow, MeetingStatus, MeetingsOverview, SlotView,
    WeekDay, WeekItem, hour_fr,
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

pub struct MeetingsService {
    app: AppState,
}

impl MeetingsService {
    pub fn new(app: AppState) -> Self {
        MeetingsService { app }
    }
}

fn row(m: meeting::Model, now: DateTime<Utc>) -> MeetingRow {
    MeetingRow {
        id: m.id,
        when: slots::label_with_year_fr(m.starts_at),
        prospect_name: m.prospect_name,
        prospect_email: m.prospect_email,
        status: m.status,
        attendance: m.attendance,
        deal: m.deal,
        amount_cents: m.amount_cents,
        conversation_id: m.conversation_id,
        past: m.starts_at <= now,
        in_calendar: m.in_calendar,
    }
}

/// Midnight of `day` in Paris.
fn midnight(day: NaiveDate) -> DateTime<Utc> {
    slots::at(day, 0).unwrap_or_else(Utc::now)
}

/// One item placed in the day's visible hours.
fn placed(
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    day: NaiveDate,
    (first, last): (u16, u16),
    title: String,
    meeting: bool,
) -> WeekItem {
    let span = i64::from(last - first).max(1);
    let day_start = midnight(day);
    let from = if start < day_start { 0 } else { i64::from(slots::minute_of(start)) };
    let to = if end >= day_start + Duration::days(1) { 24 * 60 } else { i64::from(slots::minute_of(end)) };
    let clamp = |m: i64| ((m - i64::from(first)).clamp(0, span) * 100 / span) as u8;
    let top = clamp(from);
    WeekItem {
        hours: format!("{} – {}", hour_fr(from as u16), hour_fr(to.min(24 * 60 - 1) as u16)),
        title,
        meeting,
        top,
        height: clamp(to).saturating_sub(top).max(4),
    }
}

async fn overview(app: &AppState, org: OrgId, week: i32) -> Result<MeetingsOverview, MeetingsError> {
    let now = Utc::now();
    let db = &app.db;
    let c = calendar_of(db, org).await?;
    let availability = c.as_ref().map(availability_of).unwrap_or_default();
    let today = now.with_timezone(&Paris).date_naive();
    let monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()))
        + Duration::weeks(i64::from(week.clamp(-52, 52)));
    let (week_start, week_end) = (midnight(monday), midnight(monday + Duration::days(7)));
    let hours = (availability.from_minute.min(8 * 60), availability.to_minute.max(19 * 60));
    let meetings = meeting::Entity::find()
        .filter(meeting::Column::OrganizationId.eq(org))
        .order_by_asc(meeting::Column::StartsAt)
        .all(db)
        .await?;
    let busy = calendar_busy::Entity::find()
        .filter(calendar_busy::Column::OrganizationId.eq(org))
        .filter(calendar_busy::Column::EndsAt.gt(week_start))
        .filter(calendar_busy::Column::StartsAt.lt(week_end))
        .order_by_asc(calendar_busy::Column::StartsAt)
        .all(db)
        .await?;
    let ours: std::collections::HashSet<&str> = meetings.iter().map(|m| m.uid.as_str()).collect();
    let days = (0..7)
        .map(|i| {
            let day = monday + Duration::days(i);
            let (start, end) = (midnight(day), midnight(day + Duration::days(1)));
            let mut items: Vec<WeekItem> = busy
                .iter()
                .filter(|b| b.starts_at < end && b.ends_at > start && !ours.contains(b.uid.as_str()))
                .map(|b| {
                    let title = if b.summary.is_empty() { "Occupé".to_string() } else { b.summary.clone() };
                    placed(b.starts_at, b.ends_at, day, hours, title, false)
                })
                .collect();
            items.extend(
                meetings
                    .iter()
                    .filter(|m| m.status == MeetingStatus::Booked && m.starts_at < end && m.ends_at > start)
                    .map(|m| placed(m.starts_at, m.ends_at, day, hours, m.prospect_name.clone(), true)),
            );
            items.sort_by_key(|i| i.top);
            WeekDay {
                label: day.format("%d/%m").to_string(),
                weekday: day.weekday().num_days_from_monday() as u8,
                today: day == today,
                items,
            }
        })
        .collect();
    let (mut to_mark, mut upcoming, mut past) = (Vec::new(), Vec::new(), Vec::new());
    for m in meetings.into_iter().filter(|m| m.status == MeetingStatus::Booked) {
        let waiting = m.ends_at <= now
            && (m.attendance.is_none() || (m.attendance == Some(Attendance::Held) && m.deal.is_none()));
        let ended = m.ends_at <= now;
        let r = row(m, now);
        if waiting {
            to_mark.push(r);
        } else if ended {
            past.push(r);
        } else {
            upcoming.push(r);
        }
    }
    past.reverse();
    let free_slots = super::free_slots(app, org, now, 6).await?.into_iter().map(slot_view).collect();
    Ok(MeetingsOverview {
        calendar: c.map(|c| CalendarView {
            kind: c.kind,
            url: c.url,
            username: c.username,
            last_error: c.last_error,
            synced_at: c.synced_at.map(crate::time::datetime_fr),
        }),
        availability,
        week_label: format!("Semaine du {}", monday.format("%d/%m/%Y")),
        week: days,
        week_hours: hours,
        to_mark,
        upcoming,
        past,
        free_slots,
    })
}

fn slot_view(start: DateTime<Utc>) -> SlotView {
    SlotView { starts_at: start.to_rfc3339(), label: slots::label_fr(start) }
}

#[async_trait]
impl prospecta_app::meetings::port::Meetings for MeetingsService {
    async fn overview(&self, actor: &SessionUser, week: i32) -> Result<MeetingsOverview, AppError> {
        MeetingsError::answer(overview(&self.app, actor.organization_id, week)).await
    }

    async fn connect_calendar(&self, actor: &SessionUser, input: CalendarInput) -> Result<(), AppError> {
        MeetingsError::answer(super::connect(&self.app, actor.organization_id, &input)).await
    }

    async fn disconnect_calendar(&self, actor: &SessionUser) -> Result<(), AppError> {
        MeetingsError::answer(super::disconnect(&self.app, actor.organization_id)).await
    }

    async fn sync_calendar(&self, actor: &SessionUser) -> Result<(), AppError> {
        MeetingsError::answer(super::sync(&self.app, actor.organization_id)).await
    }

    async fn save_availability(&self, actor: &SessionUser, rules: Availability) -> Result<(), AppError> {
        MeetingsError::answer(super::save_availability(&self.app, actor.organization_id, &rules)).await
    }

    async fn free_slots(&self, actor: &SessionUser) -> Result<Vec<SlotView>, AppError> {
        MeetingsError::answer(async {
            Ok(super::free_slots(&self.app, actor.organization_id, Utc::now(), 6)
                .await?
                .into_iter()
                .map(slot_view)
                .collect())
        })
        .await
    }

    async fn mark(&self, actor: &SessionUser, id: MeetingId, outcome: String, amount: String) -> Result<(), AppError> {
        let what =
            match outcome.as_str() {
                "held" => Mark::Attendance(Attendance::Held),
                "no_show" => Mark::Attendance(Attendance::NoShow),
                "not_signed" => Mark::Deal(Deal::NotSigned, None),
                "signed" => Mark::Deal(
                    Deal::Signed,
                    Some(prospecta_shared::billing::parse_euros(&amount).ok_or(AppError::validation(
                        "amount",
                        prospecta_shared::error::ValidationCode::InvalidAmount,
                    ))?),
                ),
                _ => return Err(AppError::NotFound),
            };
        MeetingsError::answer(super::mark(&self.app, actor.organization_id, id, what)).await
    }

    async fn cancel(&self, actor: &SessionUser, id: MeetingId) -> Result<(), AppError> {
        MeetingsError::answer(super::cancel(&self.app, actor.organization_id, id)).await
    }
}
