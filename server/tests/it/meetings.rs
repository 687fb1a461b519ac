//! Meetings (RDV-1, RDV-2) against a real CalDAV server (Radicale on loopback), on both
//! databases: a calendar is connected only once it reads (a wrong password or address is
//! refused with its reason); its busy times are mirrored and free slots avoid them; a booking
//! is written in the calendar with the prospect invited, once — the same slot twice, a slot
//! taken in the calendar meanwhile, a slot outside the hours and a calendar down are refused
//! and leave nothing; outcomes are marked once each, after the meeting; the reminder names what
//! is left to mark; another organisation sees and marks nothing.

use crate::billing::org_of;
use crate::both_databases;
use crate::calendar_peer::{PASSWORD, Radicale, USER, event};
use crate::support::{Backend, Client, TestApp, scalar};
use chrono::{DateTime, Duration, Utc};
use prospecta_server::meetings::{Booking, book};
use prospecta_shared::AppError;
use prospecta_shared::ids::MeetingId;
use prospecta_shared::meetings::{Attendance, Deal, MeetingsOverview};

async fn overview(client: &Client) -> MeetingsOverview {
    client.call("meetings/overview", &[("week", "0")]).await.expect("overview")
}

fn starts(o: &MeetingsOverview) -> Vec<DateTime<Utc>> {
    o.free_slots.iter().map(|s| DateTime::parse_from_rfc3339(&s.starts_at).unwrap().with_timezone(&Utc)).collect()
}

fn booking(start: DateTime<Utc>, name: &str) -> Booking {
    Booking {
        conversation_id: None,
        prospect_name: name.into(),
        prospect_email: "contact@ets-perrin.fr".into(),
        start,
        subject: "Présentation de nos services".into(),
        organizer_email: Some("camille@atelier-martin.fr".into()),
    }
}

async fn mark(client: &Client, id: MeetingId, outcome: &str, amount: &str) -> Result<(), AppError> {
    client.call::<()>("meetings/mark", &[("id", &id.to_string()), ("outcome", outcome), ("amount", amount)]).await
}

async fn a_caldav_calendar_is_read_booked_and_its_outcomes_marked(backend: Backend) {
    let mut radicale = Radicale::start().await;
    let calendar = radicale.make_calendar("agenda").await;
    let app = TestApp::start(backend).await;
    let email = "camille@atelier-martin.fr";
    let client = app.signed_up(email, "Atelier Martin").await;
    let org = org_of(&app, email).await;
    assert!(overview(&client).await.calendar.is_none());
    assert!(overview(&client).await.free_slots.is_empty(), "no slot without a calendar");

    // Refused with their reason, and nothing kept: a wrong password, an address that is no
    // calendar, a missing password.
    let connect = |url: String, password: &'static str| {
        let client = &client;
        async move {
            client
                .call::<()>(
                    "meetings/connect",
                    &[("kind", "caldav"), ("url", &url), ("username", USER), ("password", password)],
                )
                .await
        }
    };
    let wrong = connect(calendar.clone(), "mauvais").await;
    assert!(matches!(&wrong, Err(AppError::Conflict(m)) if m.contains("mot de passe refusé")), "{wrong:?}");
    let nowhere = connect(radicale.calendar_url("inconnu"), PASSWORD).await;
    assert!(matches!(&nowhere, Err(AppError::Conflict(m)) if m.contains("pas un agenda")), "{nowhere:?}");
    let missing = connect(calendar.clone(), "").await;
    assert!(matches!(&missing, Err(AppError::Validation { field, .. }) if field == "password"), "{missing:?}");
    assert_eq!(app.count("calendars").await, 0);

    connect(calendar.clone(), PASSWORD).await.expect("connected");
    let first = overview(&client).await;
    let connected = first.calendar.clone().expect("calendar");
    assert_eq!((connected.username.as_deref(), connected.last_error.clone()), (Some(USER), None));
    let slots = starts(&first);
    assert!(slots.len() >= 4, "{:?}", first.free_slots);
    assert!(slots.iter().all(|s| *s >= Utc::now() + Duration::hours(24)), "the notice is kept");
    // The password is sealed, not stored as typed.
    let sealed = crate::support::scalar_text(&app, "SELECT password_sealed AS t FROM calendars").await;
    assert!(!sealed.contains(PASSWORD));

    // The client's own appointment on the first slot: read again, the slot is gone.
    radicale.put(&calendar, "dentiste", &event("dentiste", slots[0], 30, "Dentiste")).await;
    client.call::<()>("meetings/sync", &[]).await.expect("read again");
    let read = overview(&client).await;
    assert!(!starts(&read).contains(&slots[0]), "{:?}", read.free_slots);
    let busy = scalar(&app, &format!("SELECT COUNT(*) AS n FROM calendar_busy WHERE organization_id = {org}")).await;
    assert_eq!(busy, 1);

    // Booked: in the calendar with the prospect invited, and in the list.
    let id = book(&app.state, org, &booking(slots[1], "Ets Perrin")).await.map_err(AppError::from).expect("booked");
    let stored = exec_uid(&app, id).await;
    let ics = radicale.get(&calendar, &stored).await.expect("the event is in the calendar");
    assert!(ics.contains("mailto:contact@ets-perrin.fr") && ics.contains("TZID=Europe/Paris"), "{ics}");
    let listed = overview(&client).await;
    assert_eq!(listed.upcoming.len(), 1);
    assert!(listed.upcoming[0].in_calendar);
    assert!(!starts(&listed).contains(&slots[1]), "a booked slot is no longer free");
    // The same slot again: refused, nothing doubled.
    let twice = book(&app.state, org, &booking(slots[1], "Ets Durand")).await.map_err(AppError::from);
    assert!(matches!(&twice, Err(AppError::Conflict(m)) if m.contains("vient d'être pris")), "{twice:?}");
    // Taken in the calendar meanwhile (the mirror does not know it yet): refused.
    let later = starts(&listed)[1];
    radicale.put(&calendar, "reunion", &event("reunion", later, 60, "Réunion")).await;
    let taken = book(&app.state, org, &booking(later, "Ets Durand")).await.map_err(AppError::from);
    assert!(matches!(&taken, Err(AppError::Conflict(m)) if m.contains("vient d'être pris")), "{taken:?}");
    // Outside the hours: refused.
    let night = slots[1] - Duration::hours(10);
    let refused = book(&app.state, org, &booking(night, "Ets Durand")).await.map_err(AppError::from);
    assert!(matches!(&refused, Err(AppError::Conflict(m)) if m.contains("heures de rendez-vous")), "{refused:?}");
    assert_eq!(app.count("meetings").await, 1);

    // Cancelled by the client: the event leaves the calendar, the slot is free again, once.
    let other_slot = starts(&overview(&client).await)[0];
    let other = book(&app.state, org, &booking(other_slot, "Ets Durand")).await.map_err(AppError::from).unwrap();
    let other_uid = exec_uid(&app, other).await;
    assert!(radicale.get(&calendar, &other_uid).await.is_some());
    let outsider = app.signed_up("paul@garage-morel.fr", "Garage Morel").await;
    assert_eq!(cancel(&outsider, other).await, Err(AppError::NotFound), "another organisation's meeting");
    cancel(&client, other).await.expect("cancelled");
    assert_eq!(radicale.get(&calendar, &other_uid).await, None, "the event left the calendar");
    let freed = overview(&client).await;
    assert!(starts(&freed).contains(&other_slot), "the slot is free again: {:?}", freed.free_slots);
    assert_eq!(freed.upcoming.len(), 1, "a cancelled meeting is no longer listed");
    let twice = cancel(&client, other).await;
    assert!(matches!(&twice, Err(AppError::Conflict(m)) if m.contains("déjà annulé")), "{twice:?}");

    // The calendar down: nothing booked; reading it again keeps the last mirror and says why.
    radicale.stop();
    let next = starts(&overview(&client).await)[0];
    let down = book(&app.state, org, &booking(next, "Ets Durand")).await.map_err(AppError::from);
    assert!(matches!(&down, Err(AppError::Conflict(m)) if m.contains("ne répond pas")), "{down:?}");
    assert_eq!(app.count("meetings").await, 2, "the booked one and the cancelled one");
    client.call::<()>("meetings/sync", &[]).await.expect("a failed reading is kept, not an error");
    let stale = overview(&client).await;
    assert!(stale.calendar.unwrap().last_error.is_some_and(|e| e.contains("ne répond pas")));
    assert!(scalar(&app, "SELECT COUNT(*) AS n FROM calendar_busy").await >= 2, "the mirror stays");

    // Outcomes: not before the meeting; then once each.
    let early = mark(&client, id, "held", "").await;
    assert!(matches!(&early, Err(AppError::Conflict(m)) if m.contains("pas encore eu lieu")), "{early:?}");
    let past = Utc::now() - Duration::days(2);
    move_meeting(&app, id, past).await;
    assert_eq!(overview(&client).await.to_mark.len(), 1);
    prospecta_server::jobs::enqueue(app.db(), &prospecta_server::meetings::jobs::RemindOutcomes { tick: "t1".into() })
        .await
        .unwrap();
    app.run_jobs().await;
    let reminders = scalar(&app, &format!("SELECT COUNT(*) AS n FROM notifications WHERE organization_id = {org} AND title = 'Issue de vos rendez-vous'")).await;
    assert_eq!(reminders, 1);
    let too_soon = mark(&client, id, "signed", "2400").await;
    assert!(matches!(&too_soon, Err(AppError::Conflict(m)) if m.contains("d'abord")), "{too_soon:?}");
    mark(&client, id, "held", "").await.expect("held");
    let again = mark(&client, id, "no_show", "").await;
    assert!(matches!(&again, Err(AppError::Conflict(m)) if m.contains("déjà marqué « Tenu »")), "{again:?}");
    let no_amount = mark(&client, id, "signed", "beaucoup").await;
    assert!(matches!(&no_amount, Err(AppError::Validation { field, .. }) if field == "amount"), "{no_amount:?}");
    mark(&client, id, "signed", "2 400,50").await.expect("signed");
    let done = overview(&client).await;
    assert!(done.to_mark.is_empty());
    let row = &done.past[0];
    assert_eq!(
        (row.attendance, row.deal, row.amount_cents),
        (Some(Attendance::Held), Some(Deal::Signed), Some(240_050))
    );
    let twice = mark(&client, id, "not_signed", "").await;
    assert!(matches!(&twice, Err(AppError::Conflict(m)) if m.contains("déjà marqué « Signé »")), "{twice:?}");
    let held = cancel(&client, id).await;
    assert!(matches!(&held, Err(AppError::Conflict(m)) if m.contains("déjà commencé")), "{held:?}");

    // Another organisation: marks nothing, sees nothing.
    assert_eq!(mark(&outsider, id, "held", "").await, Err(AppError::NotFound));
    let theirs = overview(&outsider).await;
    assert!(theirs.calendar.is_none() && theirs.past.is_empty() && theirs.upcoming.is_empty());
}

async fn cancel(client: &Client, id: MeetingId) -> Result<(), AppError> {
    client.call::<()>("meetings/cancel", &[("id", &id.to_string())]).await
}

async fn exec_uid(app: &TestApp, id: MeetingId) -> String {
    crate::support::scalar_text(app, &format!("SELECT uid AS t FROM meetings WHERE id = {id}")).await
}

/// Puts a meeting in the past (what the clock would do).
pub(crate) async fn move_meeting(app: &TestApp, id: MeetingId, start: DateTime<Utc>) {
    use sea_orm::ConnectionTrait;
    let db = app.db();
    let end = start + Duration::minutes(30);
    db.execute(sea_orm::Statement::from_sql_and_values(
        db.get_database_backend(),
        match db.get_database_backend() {
            sea_orm::DbBackend::Postgres => "UPDATE meetings SET starts_at = $1, ends_at = $2 WHERE id = $3",
            _ => "UPDATE meetings SET starts_at = ?, ends_at = ? WHERE id = ?",
        },
        [start.into(), end.into(), id.0.into()],
    ))
    .await
    .unwrap();
}

both_databases!(a_caldav_calendar_is_read_booked_and_its_outcomes_marked);
