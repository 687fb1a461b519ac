//! The meetings capability's tables.

use crate::db::entity;

entity!(calendar, "calendars", {
    organization_id: prospecta_shared::ids::OrgId,
    kind: prospecta_shared::meetings::CalendarKind,
    url: String,
    username: Option<String>,
    // Sealed like a mailbox's password, bound to the organisation.
    password_sealed: Option<String>,
    // JSON of `Availability`.
    availability: String,
    last_error: Option<String>,
    synced_at: Option<DateTimeUtc>,
    created_at: DateTimeUtc,
    updated_at: DateTimeUtc,
});

entity!(calendar_busy, "calendar_busy", {
    organization_id: prospecta_shared::ids::OrgId,
    uid: String,
    summary: String,
    starts_at: DateTimeUtc,
    ends_at: DateTimeUtc,
});

entity!(meeting, "meetings", prospecta_shared::ids::MeetingId, {
    organization_id: prospecta_shared::ids::OrgId,
    conversation_id: Option<prospecta_shared::ids::ConversationId>,
    prospect_name: String,
    prospect_email: String,
    starts_at: DateTimeUtc,
    ends_at: DateTimeUtc,
    uid: String,
    status: prospecta_shared::meetings::MeetingStatus,
    in_calendar: bool,
    attendance: Option<prospecta_shared::meetings::Attendance>,
    deal: Option<prospecta_shared::meetings::Deal>,
    amount_cents: Option<i64>,
    marked_at: Option<DateTimeUtc>,
    created_at: DateTimeUtc,
    updated_at: DateTimeUtc,
});
