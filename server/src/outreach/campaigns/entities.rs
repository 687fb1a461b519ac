//! The campaign tables. Only the campaigns module reads or writes them.
//!
//! The text columns that hold a state, an outcome, a kind or a channel are typed by the enums of
//! [`super::states`] (named `super::…` inside each table's module, which sits below this one).

use super::states::{AttemptState, Channel, ContactOutcome, ContactState, VariantKind};
use crate::db::entity;

entity!(campaign, "campaigns", prospecta_shared::ids::CampaignId, {
    organization_id: prospecta_shared::ids::OrgId,
    created_by: Option<prospecta_shared::ids::UserId>,
    name: String,
    status: prospecta_shared::campaigns::CampaignStatus,
    pause_reason: Option<String>,
    // JSON of `SenderDetails` and `SendingWindow`.
    sender: String,
    sending_window: String,
    daily_pace: i32,
    follow_up_days: i32,
    max_follow_ups: i32,
    min_sample: i32,
    next_send_at: Option<DateTimeUtc>,
    started_at: Option<DateTimeUtc>,
    created_at: DateTimeUtc,
    updated_at: DateTimeUtc,    // The offer it belongs to (the `business` capability's).
    offer_id: prospecta_shared::ids::OfferId,
});

entity!(campaign_database, "campaign_databases", {
    campaign_id: prospecta_shared::ids::CampaignId,
    database_id: prospecta_shared::ids::DatabaseId,
});

entity!(variant, "campaign_variants", {
    campaign_id: prospecta_shared::ids::CampaignId,
    label: String,
    kind: super::VariantKind,
    subject: String,
    body: String,
    active: bool,
    created_at: DateTimeUtc,
});

entity!(contact, "campaign_contacts", prospecta_shared::ids::ContactId, {
    campaign_id: prospecta_shared::ids::CampaignId,
    organization_id: prospecta_shared::ids::OrgId,
    company_id: prospecta_shared::ids::CompanyId,
    database_row_id: prospecta_shared::ids::RowId,
    variant_id: Option<i64>,
    state: super::ContactState,
    // Contacts made: 0 before the first message, 1 after it, 2 and 3 after the follow-ups.
    step: i32,
    outcome: Option<super::ContactOutcome>,
    detail: Option<String>,
    // Transient failures (site down, timeout) of the current step, for the retries.
    transient: i32,
    contact_url: Option<String>,
    screenshot: Option<String>,
    first_sent_at: Option<DateTimeUtc>,
    last_sent_at: Option<DateTimeUtc>,
    next_action_at: Option<DateTimeUtc>,
    replied_at: Option<DateTimeUtc>,
    reply_positive: bool,
    created_at: DateTimeUtc,
    updated_at: DateTimeUtc,
    // How many times the dispatcher reserved this contact: numbers each submission job, so a
    // contact put back in the queue gets a new job instead of the key of its finished one.
    reservations: i32,
    // How its first message goes: by form, or by e-mail when the form could not be used.
    channel: super::Channel,
});

entity!(attempt, "contact_attempts", {
    contact_id: prospecta_shared::ids::ContactId,
    campaign_id: prospecta_shared::ids::CampaignId,
    organization_id: prospecta_shared::ids::OrgId,
    company_id: prospecta_shared::ids::CompanyId,
    variant_id: Option<i64>,
    step: i32,
    channel: super::Channel,
    state: super::AttemptState,
    outcome: Option<super::ContactOutcome>,
    detail: Option<String>,
    charged: bool,
    started_at: DateTimeUtc,
    finished_at: Option<DateTimeUtc>,
});

/// A new attempt row of a contact (the caller sets what the attempt is about).
#[allow(clippy::too_many_arguments)]
pub fn new_attempt(
    contact_id: prospecta_shared::ids::ContactId,
    campaign_id: prospecta_shared::ids::CampaignId,
    organization_id: prospecta_shared::ids::OrgId,
    company_id: prospecta_shared::ids::CompanyId,
    variant_id: Option<i64>,
    step: i32,
    channel: Channel,
    state: AttemptState,
) -> attempt::ActiveModel {
    use sea_orm::ActiveValue::Set;
    attempt::ActiveModel {
        contact_id: Set(contact_id),
        campaign_id: Set(campaign_id),
        organization_id: Set(organization_id),
        company_id: Set(company_id),
        variant_id: Set(variant_id),
        step: Set(step),
        channel: Set(channel),
        state: Set(state),
        outcome: Set(None),
        detail: Set(None),
        charged: Set(false),
        started_at: Set(chrono::Utc::now()),
        finished_at: Set(None),
        ..Default::default()
    }
}
