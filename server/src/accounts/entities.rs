//! The accounts tables. Only this module reads or writes them.

use crate::db::entity;

entity!(organization, "organizations", prospecta_shared::ids::OrgId, {
    name: String,
    created_at: DateTimeUtc,
    legal_name: Option<String>,
    siret: Option<String>,
    street: Option<String>,
    postcode: Option<String>,
    city: Option<String>,
    naf_code: Option<String>,
    vat_number: Option<String>,
});

entity!(user, "users", prospecta_shared::ids::UserId, {
    organization_id: prospecta_shared::ids::OrgId,
    email: String,
    password_hash: String,
    first_name: String,
    last_name: String,
    role: prospecta_shared::accounts::OrgRole,
    is_admin: bool,
    created_at: DateTimeUtc,
    // When the address was confirmed (sign-up link, or the invitation link that reached it).
    email_verified_at: Option<DateTimeUtc>,
    // When the guided tour was seen (finished or skipped); `None`: on the next dashboard visit.
    tour_seen_at: Option<DateTimeUtc>,
});

entity!(email_verification, "email_verifications", {
    user_id: prospecta_shared::ids::UserId,
    token_hash: String,
    created_at: DateTimeUtc,
    expires_at: DateTimeUtc,
    used_at: Option<DateTimeUtc>,
});

entity!(session, "sessions", {
    token_hash: String,
    user_id: prospecta_shared::ids::UserId,
    created_at: DateTimeUtc,
    last_seen_at: DateTimeUtc,
    expires_at: DateTimeUtc,
    ip: Option<String>,
    user_agent: Option<String>,
});

entity!(login_attempt, "login_attempts", { email: String, ip: String, succeeded: bool, attempted_at: DateTimeUtc });

entity!(password_reset, "password_resets", {
    user_id: prospecta_shared::ids::UserId,
    token_hash: String,
    created_at: DateTimeUtc,
    expires_at: DateTimeUtc,
    used_at: Option<DateTimeUtc>,
});

entity!(invitation, "invitations", {
    organization_id: prospecta_shared::ids::OrgId,
    email: String,
    token_hash: String,
    invited_by: prospecta_shared::ids::UserId,
    created_at: DateTimeUtc,
    expires_at: DateTimeUtc,
    accepted_at: Option<DateTimeUtc>,
});

entity!(notification, "notifications", {
    organization_id: prospecta_shared::ids::OrgId,
    user_id: Option<prospecta_shared::ids::UserId>,
    title: String,
    body: String,
    link: Option<String>,
    created_at: DateTimeUtc,
    read_at: Option<DateTimeUtc>,
    kind: prospecta_shared::notifications::NotificationKind,
});

entity!(notification_preference, "notification_preferences", {
    user_id: prospecta_shared::ids::UserId,
    kind: prospecta_shared::notifications::NotificationKind,
    delivery: prospecta_shared::notifications::Delivery,
});

entity!(notification_email, "notification_emails", {
    user_id: prospecta_shared::ids::UserId,
    // `notification:42`: what was e-mailed (unique per person).
    key: String,
    created_at: DateTimeUtc,
});
