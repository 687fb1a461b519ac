//! The pace of a running campaign: which contact goes next, when, with which variant.
//!
//! `dispatch` runs in one write transaction per campaign, so two dispatchers (two processes, a
//! PLAY and a tick) never reserve the same slot: the campaign row's `next_send_at` is the
//! slot, and a contact is reserved by moving it from `pending` to `queued` before its
//! [`super::submission::SubmitContact`] job is enqueued in the same transaction.

use super::entities::{attempt, campaign, contact, variant};
use super::states::{AttemptState, Channel, ContactState, VariantKind};
use crate::billing::pacing::Pace;
use crate::credits;
use crate::db::begin_write;
use crate::jobs::enqueue;
use crate::outreach::ab;
use crate::outreach::schedule::{self, WindowClock};
use crate::prospecting::outreach_view;
use crate::state::AppState;
use chrono::{DateTime, Duration, Utc};
use prospecta_shared::campaigns::CampaignStatus;
use prospecta_shared::campaigns::SendingWindow;
use prospecta_shared::credits::Quota;
use prospecta_shared::ids::{CampaignId, CompanyId, ContactId, DatabaseId};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel,
    PaginatorTrait, QueryFilter, QueryOrder, TransactionTrait,
};

pub fn window_of(c: &campaign::Model) -> SendingWindow {
    serde_json::from_str(&c.sending_window).unwrap_or_default()
}

/// Adds a contact for every unlocked row of the campaign's databases not yet in it (rows
/// unlocked after the start join the campaign too). Returns how many were added.
pub async fn sync_contacts<C: ConnectionTrait>(db: &C, c: &campaign::Model) -> Result<u64, DbErr> {
    let database_ids: Vec<DatabaseId> = super::entities::campaign_database::Entity::find()
        .filter(super::entities::campaign_database::Column::CampaignId.eq(c.id))
        .all(db)
        .await?
        .into_iter()
        .map(|d| d.database_id)
        .collect();
    let rows = outreach_view::contactable_rows(db, c.organization_id, &database_ids).await?;
    let known: std::collections::HashSet<CompanyId> = contact::Entity::find()
        .filter(contact::Column::CampaignId.eq(c.id))
        .all(db)
        .await?
        .into_iter()
        .map(|k| k.company_id)
        .collect();
    let now = Utc::now();
    let fresh: Vec<contact::ActiveModel> = rows
        .iter()
        .filter(|r| !known.contains(&r.company_id))
        .map(|r| contact::ActiveModel {
            campaign_id: Set(c.id),
            organization_id: Set(c.organization_id),
            company_id: Set(r.company_id),
            database_row_id: Set(r.row_id),
            variant_id: Set(None),
            state: Set(ContactState::Pending),
            step: Set(0),
            outcome: Set(None),
            detail: Set(None),
            transient: Set(0),
            contact_url: Set(None),
            screenshot: Set(None),
            first_sent_at: Set(None),
            last_sent_at: Set(None),
            next_action_at: Set(None),
            replied_at: Set(None),
            reply_positive: Set(false),
            created_at: Set(now),
            updated_at: Set(now),
            reservations: Set(0),
            channel: Set(Channel::Form),
            ..Default::default()
        })
        .collect();
    let added = fresh.len() as u64;
    for chunk in fresh.chunks(200) {
        contact::Entity::insert_many(chunk.to_vec())
            .on_conflict(
                OnConflict::columns([contact::Column::CampaignId, contact::Column::CompanyId]).do_nothing().to_owned(),
            )
            .exec_without_returning(db)
            .await?;
    }
    Ok(added)
}

/// Contacts reserved or made today (Paris day) that count against the daily pace: sends by form
/// or e-mail, sends in flight, and those whose fate is unknown. Failures did not reach anyone: they don't.
pub async fn used_today<C: ConnectionTrait>(db: &C, campaign_id: CampaignId, now: DateTime<Utc>) -> Result<u64, DbErr> {
    let day_start = schedule::paris_day_start(schedule::paris_day(now));
    let made = attempt::Entity::find()
        .filter(attempt::Column::CampaignId.eq(campaign_id))
        .filter(attempt::Column::State.is_in(AttemptState::REACHING))
        .filter(attempt::Column::StartedAt.gte(day_start))
        .count(db)
        .await?;
    let queued = contact::Entity::find()
        .filter(contact::Column::CampaignId.eq(campaign_id))
        .filter(contact::Column::State.eq(ContactState::Queued))
        .count(db)
        .await?;
    Ok(made + queued)
}

/// Per initial variant: contacts given it that were (or are being) contacted, and positive
/// replies. Failed contacts never read the message: they are not trials.
pub async fn variant_trials<C: ConnectionTrait>(
    db: &C,
    campaign_id: CampaignId,
) -> Result<Vec<ab::VariantStats>, DbErr> {
    let variants = variant::Entity::find()
        .filter(variant::Column::CampaignId.eq(campaign_id))
        .filter(variant::Column::Kind.eq(VariantKind::Initial))
        .order_by_asc(variant::Column::Id)
        .all(db)
        .await?;
    let mut out = Vec::new();
    for v in variants {
        let of = || contact::Entity::find().filter(contact::Column::VariantId.eq(v.id));
        let sent = of()
            .filter(contact::Column::State.is_in([
                ContactState::Queued,
                ContactState::Sending,
                ContactState::Sent,
                ContactState::Replied,
                ContactState::Unknown,
            ]))
            .count(db)
            .await?;
        let positive = of().filter(contact::Column::ReplyPositive.eq(true)).count(db).await?;
        out.push(ab::VariantStats { id: v.id, sent: sent as u32, positive: positive as u32, active: v.active });
    }
    Ok(out)
}

/// Pause a campaign for a reason the client reads (credits exhausted, no variant left).
async fn pause_with<C: ConnectionTrait>(db: &C, c: &campaign::Model, reason: &str) -> Result<(), DbErr> {
    let mut active = c.clone().into_active_model();
    active.status = Set(CampaignStatus::Paused);
    active.pause_reason = Set(Some(reason.into()));
    active.next_send_at = Set(None);
    active.updated_at = Set(Utc::now());
    active.update(db).await?;
    crate::accounts::post_notification(
        db,
        c.organization_id,
        None,
        prospecta_shared::notifications::NotificationKind::Other,
        "Campagne en pause",
        &format!("« {} » : {reason}", c.name),
        Some(&format!("/app/campagnes/{}", c.id)),
    )
    .await
}

/// What one dispatch did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dispatched {
    /// Not running: nothing to do, no next run.
    Idle,
    /// Come back at this time (window closed, quota of the day used, next slot).
    Later(DateTime<Utc>),
    /// A contact was reserved and its job enqueued; the next slot is at this time.
    Reserved { contact_id: ContactId, next: DateTime<Utc> },
    /// Nobody left to contact for now.
    Exhausted,
}

/// One step of a campaign's pace (see the module's doc).
pub async fn dispatch(app: &AppState, campaign_id: CampaignId, now: DateTime<Utc>) -> Result<Dispatched, DbErr> {
    let tx = begin_write(&app.db).await?;
    if tx.get_database_backend() == sea_orm::DbBackend::Postgres {
        tx.execute(crate::db::portable_statement(
            sea_orm::DbBackend::Postgres,
            "SELECT id FROM campaigns WHERE id = $1 FOR UPDATE",
            [campaign_id.into()],
        ))
        .await?;
    }
    let Some(c) = campaign::Entity::find_by_id(campaign_id).one(&tx).await? else {
        tx.commit().await?;
        return Ok(Dispatched::Idle);
    };
    if c.status != CampaignStatus::Running {
        tx.commit().await?;
        return Ok(Dispatched::Idle);
    }
    let window = window_of(&c);
    let result = dispatch_in(&tx, &c, &window, now).await?;
    tx.commit().await?;
    Ok(result)
}

async fn dispatch_in<C: ConnectionTrait + TransactionTrait>(
    tx: &C,
    c: &campaign::Model,
    window: &SendingWindow,
    now: DateTime<Utc>,
) -> Result<Dispatched, DbErr> {
    let set_next = |next: Option<DateTime<Utc>>| {
        let mut active = c.clone().into_active_model();
        active.next_send_at = Set(next);
        active.updated_at = Set(now);
        active
    };
    if !window.is_open(now) {
        let Some(next) = window.next_open(now) else { return Ok(Dispatched::Idle) };
        set_next(Some(next)).update(tx).await?;
        return Ok(Dispatched::Later(next));
    }
    if let Some(slot) = c.next_send_at
        && slot > now
    {
        return Ok(Dispatched::Later(slot));
    }
    let follow_variant = variant::Entity::find()
        .filter(variant::Column::CampaignId.eq(c.id))
        .filter(variant::Column::Kind.eq(VariantKind::FollowUp))
        .one(tx)
        .await?;
    // With a subscription, the plan sets the pace (SUB-4); during the trial, the campaign's own.
    let plan = crate::billing::pacing::pace_today(tx, c.organization_id, now).await?;
    let pace = match plan {
        Pace::Suspended => {
            // A late payment's grace is over: nothing goes until it is paid; checked again hourly.
            let next = now + Duration::hours(1);
            set_next(Some(next)).update(tx).await?;
            return Ok(Dispatched::Later(next));
        }
        Pace::Plan { target, .. } => target.max(1) as u32,
        Pace::Own => c.daily_pace.max(1) as u32,
    };
    let used = used_today(tx, c.id, now).await? as u32;
    if used >= pace {
        let next = schedule::next_send_at(window, now, pace, used).unwrap_or(now + Duration::hours(1));
        set_next(Some(next)).update(tx).await?;
        return Ok(Dispatched::Later(next));
    }
    // Follow-ups first (they are due), then first contacts. The submission decides the channel
    // (a follow-up goes by e-mail when an address is known and the mailbox sends). A stopped
    // follow-up variant stops the follow-ups.
    let follow_variant = follow_variant.filter(|v| v.active);
    let follow_up = match &follow_variant {
        None => None,
        Some(_) => due_follow_ups(c, now).filter(ready(now)).order_by_asc(contact::Column::LastSentAt).one(tx).await?,
    };
    let (chosen, step, variant_id) = match follow_up {
        Some(k) => (k.clone(), k.step + 1, follow_variant.map(|v| v.id)),
        None => {
            // A first contact spends one company of the contacts quota; follow-ups are included.
            if credits::balance(tx, c.organization_id, Quota::Contacts).await? <= 0 {
                pause_with(tx, c, "quota d'entreprises à contacter épuisé : rechargez-le puis relancez la campagne.")
                    .await?;
                return Ok(Dispatched::Idle);
            }
            if let Pace::Plan { target, done } = plan
                && done >= target
            {
                // Today's share of the plan is sent (or today is no business day): follow-ups
                // still go, first contacts resume on the next business day.
                let next = now + Duration::hours(1);
                set_next(Some(next)).update(tx).await?;
                return Ok(Dispatched::Later(next));
            }
            // Contacts whose first message goes by e-mail wait for the organisation's mailbox.
            let mut waiting = vec![ContactState::Pending];
            if crate::mailboxes::is_active(tx, c.organization_id).await? {
                waiting.push(ContactState::Email);
            }
            let next = contact::Entity::find()
                .filter(contact::Column::CampaignId.eq(c.id))
                .filter(contact::Column::State.is_in(waiting))
                .filter(ready(now))
                .order_by_asc(contact::Column::NextActionAt)
                .order_by_asc(contact::Column::Id)
                .one(tx)
                .await?;
            let Some(k) = next else {
                set_next(None).update(tx).await?;
                super::finished::notice(tx, c).await?;
                return Ok(Dispatched::Exhausted);
            };
            let trials = variant_trials(tx, c.id).await?;
            let keep = k.variant_id.filter(|id| trials.iter().any(|t| t.id == *id && t.active));
            let chosen_variant = match keep {
                Some(id) => Some(id),
                None => ab::choose_variant(&trials, c.min_sample.max(1) as u32, &mut rand::rng()),
            };
            let Some(variant_id) = chosen_variant else {
                pause_with(tx, c, "toutes les variantes sont arrêtées : réactivez-en une pour reprendre.").await?;
                return Ok(Dispatched::Idle);
            };
            let step = k.step + 1;
            (k, step, Some(variant_id))
        }
    };
    let reservation = chosen.reservations + 1;
    let mut reserved = chosen.clone().into_active_model();
    reserved.state = Set(ContactState::Queued);
    reserved.reservations = Set(reservation);
    if step == 1 {
        reserved.variant_id = Set(variant_id);
    }
    reserved.updated_at = Set(now);
    reserved.update(tx).await?;
    enqueue(
        tx,
        &super::submission::SubmitContact {
            contact_id: chosen.id,
            organization_id: c.organization_id,
            step,
            variant_id,
            reservation,
        },
    )
    .await?;
    let next = schedule::next_send_at(window, now, pace, used + 1).unwrap_or(now + Duration::hours(1));
    set_next(Some(next)).update(tx).await?;
    Ok(Dispatched::Reserved { contact_id: chosen.id, next })
}

/// Contacts sent at least `follow_up_days` ago, with follow-ups left (FORM-8).
fn due_follow_ups(c: &campaign::Model, now: DateTime<Utc>) -> sea_orm::Select<contact::Entity> {
    let due = now - Duration::days(i64::from(c.follow_up_days.max(1)));
    contact::Entity::find()
        .filter(contact::Column::CampaignId.eq(c.id))
        .filter(contact::Column::State.eq(ContactState::Sent))
        .filter(contact::Column::Step.gte(1))
        .filter(contact::Column::Step.lte(c.max_follow_ups))
        .filter(contact::Column::LastSentAt.lte(due))
}

/// Contacts with no later date set (a retry, the 7-day guard) or whose date has come.
fn ready(now: DateTime<Utc>) -> sea_orm::Condition {
    sea_orm::Condition::any().add(contact::Column::NextActionAt.is_null()).add(contact::Column::NextActionAt.lte(now))
}
