//! The quota ledger. Only the credits module reads or writes it.

use crate::db::entity;

entity!(credit_entry, "credit_ledger", {
    organization_id: prospecta_shared::ids::OrgId,
    // Which quota the line counts against.
    unit: prospecta_shared::credits::Quota,
    delta: i64,
    reason: String,
    actor_user_id: Option<prospecta_shared::ids::UserId>,
    // What the line is for, unique when set (`payment:tr_…:contacts`): a grant keyed by its
    // cause is written once however often its cause is processed.
    cause: Option<String>,
    created_at: DateTimeUtc,
});
