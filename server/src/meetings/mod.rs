//! Meetings (RDV-1, RDV-2, ONB-9): the organisation's calendar (a CalDAV collection, read and
//! written, or an ICS feed, read only), the hours it takes meetings in, its busy times mirrored
//! every quarter of an hour, free slots, booking without double booking, and the outcome the
//! client marks afterwards (held or not, then signed with an amount or not), with a daily
//! reminder until it is marked. Conversations book through [`book`]; this capability reads no
//! other's tables.

mod entities;
pub mod ical;
pub mod jobs;
mod service;
pub mod slots;
pub mod source;

use crate::state::AppState;
use chrono::{DateTime, Duration, Utc};
use entities::{calendar, calendar_busy, meeting};
use prospecta_shared::AppError;
use prospecta_shared::ids::{ConversationId, MeetingId, OrgId};
use prospecta_shared::meetings::{Availability, CalendarInput, CalendarKind, MeetingStatus};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, TransactionTrait,
};
pub use service::MeetingsService;
use source::{Source, SourceError};

crate::error::capability_error! {
    /// What the meetings capability fails with.
    pub enum MeetingsError logged as "meetings" {
        Source(SourceError),
    }
}

impl From<SourceError> for AppError {
    fn from(e: SourceError) -> Self {
        AppError::Conflict(e.to_string())
    }
}

/// How far ahead the calendar is mirrored, and how far back (the week view shows the week).
const MIRROR_AHEAD_DAYS: i64 = 35;
const MIRROR_BEHIND_DAYS: i64 = 7;

fn guard(app: &AppState) -> crate::net::Guard {
    crate::net::Guard::system(app.config.net.clone())
}

fn vault(app: &AppState) -> crate::mailboxes::PasswordBox {
    crate::mailboxes::PasswordBox::new(&app.config.mailbox_secret_key)
}

async fn calendar_of<C: ConnectionTrait>(db: &C, org: OrgId) -> Result<Option<calendar::Model>, sea_orm::DbErr> {
    calendar::Entity::find().filter(calendar::Column::OrganizationId.eq(org)).one(db).await
}

fn availability_of(c: &calendar::Model) -> Availability {
    serde_json::from_str(&c.availability).unwrap_or_default()
}

/// How to reach the organisation's calendar (its password opened).
fn source_of(app: &AppState, c: &calendar::Model) -> Result<Source, MeetingsError> {
    let password = match &c.password_sealed {
        Some(sealed) => Some(
            vault(app)
                .open(c.organization_id, sealed)
                .map_err(|e| AppError::Conflict(format!("{e} : reconnectez l'agenda")))?,
        ),
        None => None,
    };
    Ok(Source { kind: c.kind, url: c.url.clone(), username: c.username.clone(), password })
}

/// The calendar as typed, checked: a known kind, an http(s) address, credentials for CalDAV.
fn parse_input(input: &CalendarInput) -> Result<Source, AppError> {
    use prospecta_shared::error::ValidationCode;
    let kind = CalendarKind::parse(input.kind.trim()).ok_or(AppError::validation("kind", ValidationCode::Required))?;
    let url = input.url.trim();
    let parsed = reqwest::Url::parse(url).map_err(|_| AppError::validation("url", ValidationCode::InvalidUrl))?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return Err(AppError::validation("url", ValidationCode::InvalidUrl));
    }
    let (username, password) = match kind {
        CalendarKind::CalDav => {
            if input.username.trim().is_empty() {
                return Err(AppError::validation("username", ValidationCode::Required));
            }
            if input.password.is_empty() {
                return Err(AppError::validation("password", ValidationCode::Required));
            }
            (Some(input.username.trim().to_string()), Some(input.password.clone()))
        }
        // A feed's address is its secret: no login.
        CalendarKind::IcsFeed => (None, None),
    };
    Ok(Source { kind, url: parsed.to_string(), username, password })
}

/// Replaces the mirror of the calendar's busy times with what was just read.
async fn mirror<C: ConnectionTrait>(db: &C, org: OrgId, busy: &[ical::Busy]) -> Result<(), sea_orm::DbErr> {
    calendar_busy::Entity::delete_many().filter(calendar_busy::Column::OrganizationId.eq(org)).exec(db).await?;
    for chunk in busy.chunks(200) {
        calendar_busy::Entity::insert_many(chunk.iter().map(|b| calendar_busy::ActiveModel {
            organization_id: Set(org),
            uid: Set(b.uid.chars().take(300).collect()),
            summary: Set(b.summary.chars().take(200).collect()),
            starts_at: Set(b.start),
            ends_at: Set(b.end),
            ..Default::default()
        }))
        .exec_without_returning(db)
        .await?;
    }
    Ok(())
}

fn window(now: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
    (now - Duration::days(MIRROR_BEHIND_DAYS), now + Duration::days(MIRROR_AHEAD_DAYS))
}

/// Connects the calendar: it is read first (a wrong address, password or server is refused
/// with its reason and nothing is saved), then kept with its busy times.
pub async fn connect(app: &AppState, org: OrgId, input: &CalendarInput) -> Result<(), MeetingsError> {
    let source = parse_input(input)?;
    let now = Utc::now();
    let (from, to) = window(now);
    let busy = source.busy(&guard(app), from, to).await?;
    let tx = crate::db::begin_write(&app.db).await?;
    let sealed = source.password.as_deref().map(|p| vault(app).seal(org, p));
    match calendar_of(&tx, org).await? {
        Some(existing) => {
            let mut row = existing.into_active_model();
            row.kind = Set(source.kind);
            row.url = Set(source.url.clone());
            row.username = Set(source.username.clone());
            row.password_sealed = Set(sealed);
            row.last_error = Set(None);
            row.synced_at = Set(Some(now));
            row.updated_at = Set(now);
            row.update(&tx).await?;
        }
        None => {
            calendar::ActiveModel {
                organization_id: Set(org),
                kind: Set(source.kind),
                url: Set(source.url.clone()),
                username: Set(source.username.clone()),
                password_sealed: Set(sealed),
                availability: Set(serde_json::to_string(&Availability::default()).unwrap_or_default()),
                last_error: Set(None),
                synced_at: Set(Some(now)),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&tx)
            .await?;
        }
    }
    mirror(&tx, org, &busy).await?;
    tx.commit().await?;
    tracing::info!(organization_id = %org, kind = source.kind.as_str(), busy = busy.len(), "agenda connecté");
    Ok(())
}

/// Forgets the calendar and its mirror (the meetings stay).
pub async fn disconnect(app: &AppState, org: OrgId) -> Result<(), MeetingsError> {
    let tx = app.db.begin().await?;
    calendar_busy::Entity::delete_many().filter(calendar_busy::Column::OrganizationId.eq(org)).exec(&tx).await?;
    calendar::Entity::delete_many().filter(calendar::Column::OrganizationId.eq(org)).exec(&tx).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn save_availability(app: &AppState, org: OrgId, rules: &Availability) -> Result<(), MeetingsError> {
    if let Err((field, message)) = rules.validate() {
        return Err(AppError::Conflict(format!("{message} ({field})")).into());
    }
    let c =
        calendar_of(&app.db, org).await?.ok_or_else(|| AppError::Conflict("connectez d'abord votre agenda".into()))?;
    let mut row = c.into_active_model();
    row.availability = Set(serde_json::to_string(rules).unwrap_or_default());
    row.updated_at = Set(Utc::now());
    row.update(&app.db).await?;
    Ok(())
}

/// Reads the calendar again; a failure is kept on the row (the page says it) and the last
/// mirror stays.
pub async fn sync(app: &AppState, org: OrgId) -> Result<(), MeetingsError> {
    let Some(c) = calendar_of(&app.db, org).await? else { return Ok(()) };
    let now = Utc::now();
    let (from, to) = window(now);
    let read = match source_of(app, &c) {
        Ok(source) => source.busy(&guard(app), from, to).await.map_err(|e| e.to_string()),
        Err(e) => Err(AppError::from(e).message_fr()),
    };
    let tx = crate::db::begin_write(&app.db).await?;
    let mut row = c.into_active_model();
    match read {
        Ok(busy) => {
            mirror(&tx, org, &busy).await?;
            row.last_error = Set(None);
            row.synced_at = Set(Some(now));
        }
        Err(why) => {
            tracing::warn!(organization_id = %org, "agenda illisible : {why}");
            row.last_error = Set(Some(why));
        }
    }
    row.updated_at = Set(now);
    row.update(&tx).await?;
    tx.commit().await?;
    Ok(())
}

/// What is taken from `from` on: the mirrored busy times and the meetings booked.
async fn taken<C: ConnectionTrait>(
    db: &C,
    org: OrgId,
    from: DateTime<Utc>,
) -> Result<Vec<slots::Taken>, sea_orm::DbErr> {
    let mut taken: Vec<slots::Taken> = calendar_busy::Entity::find()
        .filter(calendar_busy::Column::OrganizationId.eq(org))
        .filter(calendar_busy::Column::EndsAt.gt(from))
        .all(db)
        .await?
        .into_iter()
        .map(|b| (b.starts_at, b.ends_at))
        .collect();
    taken.extend(
        meeting::Entity::find()
            .filter(meeting::Column::OrganizationId.eq(org))
            .filter(meeting::Column::Status.eq(MeetingStatus::Booked))
            .filter(meeting::Column::EndsAt.gt(from))
            .all(db)
            .await?
            .into_iter()
            .map(|m| (m.starts_at, m.ends_at)),
    );
    Ok(taken)
}

/// The next free slots (none without a calendar).
pub async fn free_slots(
    app: &AppState,
    org: OrgId,
    now: DateTime<Utc>,
    max: usize,
) -> Result<Vec<DateTime<Utc>>, MeetingsError> {
    let Some(c) = calendar_of(&app.db, org).await? else { return Ok(Vec::new()) };
    let taken = taken(&app.db, org, now).await?;
    Ok(slots::free(&availability_of(&c), &taken, now, 21, max, 2))
}

/// A meeting to book with a prospect.
#[derive(Debug, Clone)]
pub struct Booking {
    pub conversation_id: Option<ConversationId>,
    pub prospect_name: String,
    pub prospect_email: String,
    pub start: DateTime<Utc>,
    /// What the event says of the offer ("Présentation de …").
    pub subject: String,
    /// The client's address, as the event's organiser.
    pub organizer_email: Option<String>,
}

fn slot_taken() -> AppError {
    AppError::Conflict("ce créneau vient d'être pris : choisissez-en un autre".into())
}

/// Books a slot: it must still be free in the rules, in the calendar read now and among the
/// meetings (a unique index settles two bookings racing for it), then the event is written in
/// a CalDAV calendar with the prospect invited. Nothing is kept if the calendar refuses it.
pub async fn book(app: &AppState, org: OrgId, booking: &Booking) -> Result<MeetingId, MeetingsError> {
    let now = Utc::now();
    let c = calendar_of(&app.db, org)
        .await?
        .ok_or_else(|| AppError::Conflict("connectez d'abord votre agenda dans Rendez-vous".into()))?;
    let rules = availability_of(&c);
    let end = booking.start + Duration::minutes(i64::from(rules.slot_minutes));
    // The slot as the rules give it (the same walk as the proposal, so a slot proposed is one
    // accepted).
    let offered = slots::free(&rules, &[], now, 60, usize::MAX, usize::MAX);
    if !offered.contains(&booking.start) {
        return Err(AppError::Conflict("ce créneau n'est pas dans vos heures de rendez-vous".into()).into());
    }
    let source = source_of(app, &c)?;
    let fresh = source.busy(&guard(app), booking.start, end).await?;
    if !fresh.is_empty() || slots::overlaps(&taken(&app.db, org, booking.start).await?, booking.start, end) {
        return Err(slot_taken().into());
    }
    let uid = format!("prospecta-{}@{}", uuid::Uuid::new_v4().simple(), crate::mailboxes::MESSAGE_ID_DOMAIN);
    let row = meeting::ActiveModel {
        organization_id: Set(org),
        conversation_id: Set(booking.conversation_id),
        prospect_name: Set(booking.prospect_name.clone()),
        prospect_email: Set(booking.prospect_email.clone()),
        starts_at: Set(booking.start),
        ends_at: Set(end),
        uid: Set(uid.clone()),
        status: Set(MeetingStatus::Booked),
        in_calendar: Set(false),
        attendance: Set(None),
        deal: Set(None),
        amount_cents: Set(None),
        marked_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    let inserted = match row.insert(&app.db).await {
        Ok(m) => m,
        Err(e) if matches!(e.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_))) => {
            return Err(slot_taken().into());
        }
        Err(e) => return Err(e.into()),
    };
    if c.kind == CalendarKind::CalDav {
        let event = ical::invitation(&ical::Invitation {
            uid: &uid,
            start: booking.start,
            end,
            summary: &format!("Rendez-vous avec {}", booking.prospect_name),
            description: &format!(
                "{}\nContact : {} <{}>\nRendez-vous pris par Prospecta.",
                booking.subject, booking.prospect_name, booking.prospect_email
            ),
            organizer_email: booking.organizer_email.as_deref(),
            attendee_name: &booking.prospect_name,
            attendee_email: &booking.prospect_email,
            stamp: now,
        });
        if let Err(e) = source.put(&guard(app), &uid, event).await {
            meeting::Entity::delete_by_id(inserted.id).exec(&app.db).await?;
            return Err(e.into());
        }
        let mut written = inserted.clone().into_active_model();
        written.in_calendar = Set(true);
        written.update(&app.db).await?;
        // The mirror knows it at once, not at the next reading.
        calendar_busy::ActiveModel {
            organization_id: Set(org),
            uid: Set(uid),
            summary: Set(format!("Rendez-vous avec {}", booking.prospect_name)),
            starts_at: Set(booking.start),
            ends_at: Set(end),
            ..Default::default()
        }
        .insert(&app.db)
        .await?;
    }
    crate::accounts::post_notification(
        &app.db,
        org,
        None,
        prospecta_shared::notifications::NotificationKind::MeetingBooked,
        "Rendez-vous réservé",
        &format!("{} : {}.", booking.prospect_name, slots::label_fr(booking.start)),
        Some("/app/rendez-vous"),
    )
    .await?;
    tracing::info!(organization_id = %org, meeting_id = %inserted.id, "rendez-vous réservé");
    Ok(inserted.id)
}

/// Cancels a meeting still to come: our event leaves the calendar first (if the calendar
/// refuses, nothing changes and the reason is said), then the meeting is cancelled and its slot
/// freed.
pub async fn cancel(app: &AppState, org: OrgId, id: MeetingId) -> Result<(), MeetingsError> {
    let m = meeting::Entity::find_by_id(id)
        .filter(meeting::Column::OrganizationId.eq(org))
        .one(&app.db)
        .await?
        .ok_or(AppError::NotFound)?;
    if m.status != MeetingStatus::Booked {
        return Err(AppError::Conflict("ce rendez-vous est déjà annulé".into()).into());
    }
    if m.starts_at <= Utc::now() {
        return Err(
            AppError::Conflict("ce rendez-vous a déjà commencé : marquez plutôt ce qu'il a donné".into()).into()
        );
    }
    if m.in_calendar
        && let Some(c) = calendar_of(&app.db, org).await?.filter(|c| c.kind == CalendarKind::CalDav)
    {
        source_of(app, &c)?.delete(&guard(app), &m.uid).await?;
    }
    let tx = crate::db::begin_write(&app.db).await?;
    let cancelled = meeting::Entity::update_many()
        .col_expr(meeting::Column::Status, sea_orm::sea_query::Expr::value(MeetingStatus::Cancelled))
        .col_expr(meeting::Column::UpdatedAt, sea_orm::sea_query::Expr::value(Utc::now()))
        .filter(meeting::Column::Id.eq(id))
        .filter(meeting::Column::Status.eq(MeetingStatus::Booked))
        .exec(&tx)
        .await?;
    if cancelled.rows_affected == 0 {
        return Err(AppError::Conflict("ce rendez-vous vient d'être annulé".into()).into());
    }
    calendar_busy::Entity::delete_many()
        .filter(calendar_busy::Column::OrganizationId.eq(org))
        .filter(calendar_busy::Column::Uid.eq(m.uid.clone()))
        .exec(&tx)
        .await?;
    tx.commit().await?;
    tracing::info!(organization_id = %org, meeting_id = %id, "rendez-vous annulé");
    Ok(())
}

/// What the conversation agent knows of the calendar when it answers a prospect: whether one
/// is connected, the next free slots (each with the key the agent names it by), and the
/// meeting already booked with this conversation's prospect.
#[derive(Debug, Clone, Default)]
pub struct Agenda {
    pub connected: bool,
    pub slots: Vec<DateTime<Utc>>,
    pub booked: Option<(MeetingId, DateTime<Utc>)>,
}

/// How many slots the agent is given to choose from.
const AGENDA_SLOTS: usize = 6;

impl Agenda {
    /// "C1", "C2"…: the key of the `n`th slot (from 0).
    pub fn key(n: usize) -> String {
        format!("C{}", n + 1)
    }

    /// The slot named by `key`.
    pub fn slot(&self, key: &str) -> Option<DateTime<Utc>> {
        let n: usize = key.trim().strip_prefix('C')?.parse().ok()?;
        self.slots.get(n.checked_sub(1)?).copied()
    }
}

/// The calendar as the agent sees it for one conversation.
pub async fn agenda(
    app: &AppState,
    org: OrgId,
    conversation: ConversationId,
    now: DateTime<Utc>,
) -> Result<Agenda, MeetingsError> {
    let Some(c) = calendar_of(&app.db, org).await? else { return Ok(Agenda::default()) };
    let booked = meeting::Entity::find()
        .filter(meeting::Column::OrganizationId.eq(org))
        .filter(meeting::Column::ConversationId.eq(conversation))
        .filter(meeting::Column::Status.eq(MeetingStatus::Booked))
        .filter(meeting::Column::StartsAt.gt(now))
        .order_by_asc(meeting::Column::StartsAt)
        .one(&app.db)
        .await?
        .map(|m| (m.id, m.starts_at));
    let taken = taken(&app.db, org, now).await?;
    let slots = slots::free(&availability_of(&c), &taken, now, 21, AGENDA_SLOTS, 2);
    Ok(Agenda { connected: true, slots, booked })
}

/// What the client marks after a meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Attendance(prospecta_shared::meetings::Attendance),
    Deal(prospecta_shared::meetings::Deal, Option<i64>),
}

/// Marks a meeting's outcome, once each: whether it was held, then (held) whether it was
/// signed, with the amount. Marking again is refused with what was marked.
pub async fn mark(app: &AppState, org: OrgId, id: MeetingId, what: Mark) -> Result<(), MeetingsError> {
    use prospecta_shared::meetings::{Attendance, Deal};
    let now = Utc::now();
    let m = meeting::Entity::find_by_id(id)
        .filter(meeting::Column::OrganizationId.eq(org))
        .one(&app.db)
        .await?
        .ok_or(AppError::NotFound)?;
    if m.status != MeetingStatus::Booked || m.starts_at > now {
        return Err(AppError::Conflict("ce rendez-vous n'a pas encore eu lieu".into()).into());
    }
    let mut row = m.clone().into_active_model();
    match what {
        Mark::Attendance(attendance) => {
            if let Some(marked) = m.attendance {
                return Err(
                    AppError::Conflict(format!("ce rendez-vous est déjà marqué « {} »", marked.label_fr())).into()
                );
            }
            row.attendance = Set(Some(attendance));
        }
        Mark::Deal(deal, amount) => {
            if m.attendance != Some(Attendance::Held) {
                return Err(AppError::Conflict("marquez d'abord le rendez-vous comme tenu".into()).into());
            }
            if let Some(marked) = m.deal {
                return Err(
                    AppError::Conflict(format!("ce rendez-vous est déjà marqué « {} »", marked.label_fr())).into()
                );
            }
            let amount = match (deal, amount) {
                (Deal::Signed, Some(cents)) if cents > 0 => Some(cents),
                (Deal::Signed, _) => {
                    return Err(
                        AppError::validation("amount", prospecta_shared::error::ValidationCode::InvalidAmount).into()
                    );
                }
                (Deal::NotSigned, _) => None,
            };
            row.deal = Set(Some(deal));
            row.amount_cents = Set(amount);
        }
    }
    row.marked_at = Set(Some(now));
    row.updated_at = Set(now);
    // Two clicks at once: only the first write finds the outcome still empty.
    let column = match what {
        Mark::Attendance(_) => meeting::Column::Attendance,
        Mark::Deal(..) => meeting::Column::Deal,
    };
    let result = meeting::Entity::update_many()
        .set(row)
        .filter(meeting::Column::Id.eq(id))
        .filter(column.is_null())
        .exec(&app.db)
        .await?;
    if result.rows_affected == 0 {
        return Err(AppError::Conflict("ce rendez-vous vient d'être marqué".into()).into());
    }
    Ok(())
}

/// The organisations whose past meetings still wait for their outcome, with how many.
pub async fn unmarked(app: &AppState, now: DateTime<Utc>) -> Result<Vec<(OrgId, usize)>, sea_orm::DbErr> {
    let rows = meeting::Entity::find()
        .filter(meeting::Column::Status.eq(MeetingStatus::Booked))
        .filter(meeting::Column::EndsAt.lte(now))
        .filter(
            sea_orm::Condition::any().add(meeting::Column::Attendance.is_null()).add(
                sea_orm::Condition::all()
                    .add(meeting::Column::Attendance.eq(prospecta_shared::meetings::Attendance::Held))
                    .add(meeting::Column::Deal.is_null()),
            ),
        )
        .order_by_asc(meeting::Column::OrganizationId)
        .all(&app.db)
        .await?;
    let mut out: Vec<(OrgId, usize)> = Vec::new();
    for m in rows {
        match out.last_mut() {
            Some((org, n)) if *org == m.organization_id => *n += 1,
            _ => out.push((m.organization_id, 1)),
        }
    }
    Ok(out)
}

/// A meeting as the results count it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingOutcome {
    pub conversation_id: Option<ConversationId>,
    pub booked_at: DateTime<Utc>,
    /// When it was marked signed, and for how much (cents HT).
    pub signed: Option<(DateTime<Utc>, i64)>,
}

/// The organisation's meetings, cancelled ones left out.
pub async fn outcomes<C: ConnectionTrait>(db: &C, org: OrgId) -> Result<Vec<MeetingOutcome>, sea_orm::DbErr> {
    use prospecta_shared::meetings::Deal;
    Ok(meeting::Entity::find()
        .filter(meeting::Column::OrganizationId.eq(org))
        .filter(meeting::Column::Status.eq(MeetingStatus::Booked))
        .all(db)
        .await?
        .into_iter()
        .map(|m| MeetingOutcome {
            conversation_id: m.conversation_id,
            booked_at: m.created_at,
            signed: match (m.deal, m.marked_at) {
                (Some(Deal::Signed), Some(at)) => Some((at, m.amount_cents.unwrap_or(0))),
                _ => None,
            },
        })
        .collect())
}

/// The organisations with a calendar (what the periodic reading walks).
pub async fn calendars(app: &AppState) -> Result<Vec<OrgId>, sea_orm::DbErr> {
    use sea_orm::QuerySelect;
    calendar::Entity::find().select_only().column(calendar::Column::OrganizationId).into_tuple().all(&app.db).await
}
