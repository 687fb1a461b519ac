//! The campaigns port: creation, PLAY/PAUSE, live figures, variants, contacts, replies. Every
//! read and write is scoped to the caller's organisation.

use super::contact_status::{FollowUpsSent, status_of};
use super::dispatch::{sync_contacts, variant_trials, window_of};
use super::entities::{attempt, campaign, campaign_database, contact, variant};
use super::error::{CampaignError, Result};
use super::jobs::schedule_dispatch;
use super::states::{AttemptState, Channel, ContactOutcome, ContactState, VariantKind};
use crate::outreach::ab;
use crate::outreach::schedule::{self, WindowClock};
use crate::prospecting::outreach_view::{company_labels, database_names, offer_database_names};
use crate::state::AppState;
use async_trait::async_trait;
use chrono::{Datelike, Duration, Utc};
use prospecta_app::campaigns::port::Campaigns;
use prospecta_shared::AppError;
use prospecta_shared::accounts::SessionUser;
use prospecta_shared::campaigns::{
    CampaignDetail, CampaignDraft, CampaignLive, CampaignStatus, CampaignSummary, ContactFilter, ContactPage,
    ContactRow, DEFAULT_MIN_SAMPLE, FailureCount, MAX_FOLLOW_UPS, VARIANT_LABELS, VariantStats,
};
use prospecta_shared::error::ValidationCode;
use prospecta_shared::ids::{CampaignId, CompanyId, ContactId, DatabaseId, OfferId, OrgId};
use prospecta_shared::outreach::SenderDetails;
use sea_orm::{
    ActiveEnum, ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};

const CONTACTS_PAGE: u32 = 25;

pub struct CampaignService {
    app: AppState,
}

impl CampaignService {
    pub fn new(app: AppState) -> Self {
        CampaignService { app }
    }
}

/// The caller's organisation's campaign; another organisation's reads as one that does not exist.
async fn owned(db: &impl ConnectionTrait, actor: &SessionUser, id: CampaignId) -> Result<campaign::Model> {
    let found = campaign::Entity::find_by_id(id)
        .filter(campaign::Column::OrganizationId.eq(actor.organization_id))
        .one(db)
        .await?;
    Ok(found.ok_or(AppError::NotFound)?)
}

async fn summary(db: &impl ConnectionTrait, c: &campaign::Model) -> Result<CampaignSummary, DbErr> {
    let ids: Vec<DatabaseId> = campaign_database::Entity::find()
        .filter(campaign_database::Column::CampaignId.eq(c.id))
        .all(db)
        .await?
        .into_iter()
        .map(|d| d.database_id)
        .collect();
    let names = database_names(db, c.organization_id, &ids).await?.into_iter().map(|(_, n)| n).collect();
    let of = || contact::Entity::find().filter(contact::Column::CampaignId.eq(c.id));
    Ok(CampaignSummary {
        id: c.id,
        name: c.name.clone(),
        status: c.status,
        pause_reason: c.pause_reason.clone(),
        databases: names,
        targets: of().count(db).await?,
        sent: of().filter(contact::Column::FirstSentAt.is_not_null()).count(db).await?,
        failures: of().filter(contact::Column::State.is_in(ContactState::NOT_SENT_BY_FORM)).count(db).await?,
        replies: of().filter(contact::Column::RepliedAt.is_not_null()).count(db).await?,
        created_on: crate::time::date_fr(c.created_at),
    })
}

/// The live figures of a campaign (FORM-5), computed from the contacts and attempts.
pub async fn live_of(db: &impl ConnectionTrait, c: &campaign::Model) -> Result<CampaignLive, DbErr> {
    let now = Utc::now();
    let window = window_of(c);
    let of = || contact::Entity::find().filter(contact::Column::CampaignId.eq(c.id));
    let attempts = || attempt::Entity::find().filter(attempt::Column::CampaignId.eq(c.id));
    let today = schedule::paris_day(now);
    let day_start = schedule::paris_day_start(today);
    let sent_today = attempts()
        .filter(attempt::Column::Channel.eq(Channel::Form))
        .filter(attempt::Column::State.eq(AttemptState::Sent))
        .filter(attempt::Column::StartedAt.gte(day_start))
        .count(db)
        .await?;
    let in_flight =
        of().filter(contact::Column::State.is_in([ContactState::Queued, ContactState::Sending])).count(db).await?;
    let pending = of().filter(contact::Column::State.eq(ContactState::Pending)).count(db).await?;
    let status = c.status;
    let used = super::dispatch::used_today(db, c.id, now).await?;
    let open_today = window.open_days_between(today, today) > 0;
    let planned_today = if status == CampaignStatus::Running && open_today {
        (c.daily_pace.max(0) as u64).saturating_sub(used).min(pending)
    } else {
        0
    };
    let failed: Vec<contact::Model> =
        of().filter(contact::Column::State.is_in(ContactState::NOT_SENT_BY_FORM)).all(db).await?;
    let mut failures: Vec<FailureCount> = Vec::new();
    for k in &failed {
        let outcome = k.outcome.unwrap_or(ContactOutcome::Unknown);
        let code = outcome.to_value();
        match failures.iter_mut().find(|f| f.outcome == code) {
            Some(f) => f.count += 1,
            None => failures.push(FailureCount { label: outcome.label().into(), outcome: code, count: 1 }),
        }
    }
    failures.sort_by(|a, b| b.count.cmp(&a.count).then(a.label.cmp(&b.label)));
    let month_start_day = today.with_day(1).unwrap_or(today);
    let next_month = if today.month() == 12 {
        chrono::NaiveDate::from_ymd_opt(today.year() + 1, 1, 1)
    } else {
        chrono::NaiveDate::from_ymd_opt(today.year(), today.month() + 1, 1)
    }
    .unwrap_or(today);
    let period_done = attempts()
        .filter(attempt::Column::State.eq(AttemptState::Sent))
        .filter(attempt::Column::StartedAt.gte(schedule::paris_day_start(month_start_day)))
        .count(db)
        .await?;
    let open_days = window.open_days_between(month_start_day, next_month - Duration::days(1));
    let suspended = crate::billing::pacing::sending_suspended(db, c.organization_id).await?;
    let next_send = match (status, c.next_send_at) {
        (CampaignStatus::Running, _) if suspended => {
            Some("Envois suspendus : le paiement de l'abonnement est en retard".into())
        }
        (CampaignStatus::Running, Some(at)) if at > now + Duration::seconds(5) => {
            Some(if schedule::paris_day(at) == today {
                format!("Prochain envoi vers {}", crate::time::time_fr(at))
            } else {
                format!("Reprise le {} à {}", crate::time::date_fr(at), crate::time::time_fr(at))
            })
        }
        (CampaignStatus::Running, _) if pending + in_flight > 0 => Some("Envoi en cours".into()),
        (CampaignStatus::Running, _) => Some("Tous les prospects ont été contactés".into()),
        _ => None,
    };
    let variants = variant_stats(db, c).await?;
    Ok(CampaignLive {
        status,
        pause_reason: c.pause_reason.clone(),
        sent_today,
        planned_today,
        in_flight,
        pending,
        targets: of().count(db).await?,
        sent_total: of().filter(contact::Column::FirstSentAt.is_not_null()).count(db).await?,
        failures_total: failed.len() as u64,
        failures,
        replies: of().filter(contact::Column::RepliedAt.is_not_null()).count(db).await?,
        positive_replies: of().filter(contact::Column::ReplyPositive.eq(true)).count(db).await?,
        follow_ups_sent: attempts()
            .filter(attempt::Column::Step.gte(2))
            .filter(attempt::Column::State.eq(AttemptState::Sent))
            .count(db)
            .await?,
        // Prospects only an e-mail could reach: nothing was sent to them.
        email_queue: of().filter(contact::Column::State.eq(ContactState::Email)).count(db).await?,
        period_done,
        period_quota: u64::from(open_days) * c.daily_pace.max(0) as u64,
        next_send,
        in_window: window.is_open(now),
        variants,
        min_sample: c.min_sample.max(1) as u32,
    })
}

async fn variant_stats(db: &impl ConnectionTrait, c: &campaign::Model) -> Result<Vec<VariantStats>, DbErr> {
    let trials = variant_trials(db, c.id).await?;
    let min_sample = c.min_sample.max(1) as u32;
    let (probabilities, leader) = {
        // Seeded by the counts: the same state gives the same figures (and the same JSON).
        let mut rng = ab::rng_for_figures(&trials);
        let sampled = trials.iter().filter(|t| t.active).all(|t| t.sent >= min_sample);
        let probabilities = if sampled { ab::win_probabilities(&trials, 4000, &mut rng) } else { Vec::new() };
        (probabilities, ab::leader(&trials, min_sample, &mut rng).map(|(id, _)| id))
    };
    let variants = variant::Entity::find()
        .filter(variant::Column::CampaignId.eq(c.id))
        .order_by_asc(variant::Column::Id)
        .all(db)
        .await?;
    let mut out = Vec::new();
    for v in variants {
        let follow_up = v.kind == VariantKind::FollowUp;
        let (sent, replies, positive) = if follow_up {
            let sent = attempt::Entity::find()
                .filter(attempt::Column::CampaignId.eq(c.id))
                .filter(attempt::Column::VariantId.eq(v.id))
                .filter(attempt::Column::State.eq(AttemptState::Sent))
                .count(db)
                .await?;
            (sent, 0, 0)
        } else {
            let of = || contact::Entity::find().filter(contact::Column::VariantId.eq(v.id));
            (
                of().filter(contact::Column::FirstSentAt.is_not_null()).count(db).await?,
                of().filter(contact::Column::RepliedAt.is_not_null()).count(db).await?,
                of().filter(contact::Column::ReplyPositive.eq(true)).count(db).await?,
            )
        };
        out.push(VariantStats {
            id: v.id,
            label: v.label.clone(),
            follow_up,
            subject: v.subject.clone(),
            body: v.body.clone(),
            active: v.active,
            sent,
            replies,
            positive,
            positive_rate: if sent > 0 { positive as f64 * 100.0 / sent as f64 } else { 0.0 },
            win_probability: probabilities.iter().find(|(id, _)| *id == v.id).map(|(_, p)| *p),
            leader: leader == Some(v.id),
        });
    }
    Ok(out)
}

/// The follow-ups that really left, per contact (see [`FollowUpsSent`]).
async fn follow_ups_sent(
    db: &impl ConnectionTrait,
    contact_ids: &[ContactId],
) -> Result<std::collections::HashMap<ContactId, FollowUpsSent>, DbErr> {
    let sent: Vec<(ContactId, chrono::DateTime<Utc>)> = attempt::Entity::find()
        .select_only()
        .column(attempt::Column::ContactId)
        .column(attempt::Column::StartedAt)
        .filter(attempt::Column::ContactId.is_in(contact_ids.to_vec()))
        .filter(attempt::Column::Channel.eq(Channel::Form))
        .filter(attempt::Column::Step.gte(2))
        .filter(attempt::Column::State.eq(AttemptState::Sent))
        .into_tuple()
        .all(db)
        .await?;
    let mut out: std::collections::HashMap<ContactId, FollowUpsSent> = Default::default();
    for (contact_id, at) in sent {
        out.entry(contact_id).or_default().add(at);
    }
    Ok(out)
}

/// What a database row shows for outreach (FORM-6): the status of the organisation's most
/// recent campaign contact of each company.
pub async fn row_statuses(
    db: &impl ConnectionTrait,
    organization_id: OrgId,
    company_ids: &[CompanyId],
) -> Result<std::collections::HashMap<CompanyId, String>, DbErr> {
    if company_ids.is_empty() {
        return Ok(Default::default());
    }
    let contacts = contact::Entity::find()
        .filter(contact::Column::OrganizationId.eq(organization_id))
        .filter(contact::Column::CompanyId.is_in(company_ids.to_vec()))
        .order_by_asc(contact::Column::UpdatedAt)
        .all(db)
        .await?;
    let ids: Vec<ContactId> = contacts.iter().map(|k| k.id).collect();
    let sent = follow_ups_sent(db, &ids).await?;
    let mut out = std::collections::HashMap::new();
    for k in contacts {
        if k.state == ContactState::Pending && k.next_action_at.is_none() {
            continue;
        }
        let (status, _, _) = status_of(&k, sent.get(&k.id).copied().unwrap_or_default());
        out.insert(k.company_id, status);
    }
    Ok(out)
}

#[async_trait]
impl Campaigns for CampaignService {
    async fn campaigns(&self, actor: &SessionUser, offer_id: OfferId) -> Result<Vec<CampaignSummary>, AppError> {
        CampaignError::answer(async move {
            let db = &self.app.db;
            let list = campaign::Entity::find()
                .filter(campaign::Column::OrganizationId.eq(actor.organization_id))
                .filter(campaign::Column::OfferId.eq(offer_id))
                .order_by_desc(campaign::Column::Id)
                .limit(200)
                .all(db)
                .await?;
            let mut out = Vec::new();
            for c in &list {
                out.push(summary(db, c).await?);
            }
            Ok(out)
        })
        .await
    }

    async fn create_campaign(
        &self,
        actor: &SessionUser,
        offer_id: OfferId,
        draft: CampaignDraft,
    ) -> Result<CampaignSummary, AppError> {
        CampaignError::answer(async move {
            actor.require_verified()?;
            draft.validate()?;
            let db = &self.app.db;
            let mut ids = draft.database_ids.clone();
            ids.sort_unstable();
            ids.dedup();
            let found = offer_database_names(db, actor.organization_id, offer_id, &ids).await?;
            if found.len() != ids.len() {
                // Another organisation's database, or another offer's, reads as one that does not
                // exist.
                return Err(AppError::validation("databases", ValidationCode::Required).into());
            }
            let now = Utc::now();
            let tx = crate::db::begin_write(db).await?;
            let sender = SenderDetails {
                first_name: draft.sender.first_name.trim().into(),
                last_name: draft.sender.last_name.trim().into(),
                company: draft.sender.company.trim().into(),
                email: draft.sender.email.trim().to_lowercase(),
                phone: draft.sender.phone.trim().into(),
                address: draft.sender.address.trim().into(),
                website: draft.sender.website.trim().into(),
            };
            let c = campaign::ActiveModel {
                organization_id: Set(actor.organization_id),
                offer_id: Set(offer_id),
                created_by: Set(Some(actor.user_id)),
                name: Set(draft.name.trim().into()),
                status: Set(CampaignStatus::Draft),
                pause_reason: Set(None),
                sender: Set(serde_json::to_string(&sender).unwrap_or_default()),
                sending_window: Set(serde_json::to_string(&draft.window).unwrap_or_default()),
                daily_pace: Set(draft.daily_pace as i32),
                follow_up_days: Set(draft.follow_up_days as i32),
                max_follow_ups: Set(MAX_FOLLOW_UPS as i32),
                min_sample: Set(DEFAULT_MIN_SAMPLE as i32),
                next_send_at: Set(None),
                started_at: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&tx)
            .await?;
            for id in &ids {
                campaign_database::ActiveModel { campaign_id: Set(c.id), database_id: Set(*id), ..Default::default() }
                    .insert(&tx)
                    .await?;
            }
            let follow_up = std::iter::once(("Relance", VariantKind::FollowUp, &draft.follow_up));
            let initial = draft.variants.iter().zip(VARIANT_LABELS).map(|(v, label)| (label, VariantKind::Initial, v));
            for (label, kind, v) in initial.chain(follow_up) {
                variant::ActiveModel {
                    campaign_id: Set(c.id),
                    label: Set(label.into()),
                    kind: Set(kind),
                    subject: Set(v.subject.trim().into()),
                    body: Set(v.body.trim().into()),
                    active: Set(true),
                    created_at: Set(now),
                    ..Default::default()
                }
                .insert(&tx)
                .await?;
            }
            sync_contacts(&tx, &c).await?;
            tx.commit().await?;
            Ok(summary(db, &c).await?)
        })
        .await
    }

    async fn campaign(&self, actor: &SessionUser, campaign_id: CampaignId) -> Result<CampaignDetail, AppError> {
        CampaignError::answer(async move {
            let db = &self.app.db;
            let c = owned(db, actor, campaign_id).await?;
            Ok(CampaignDetail {
                summary: summary(db, &c).await?,
                sender: serde_json::from_str(&c.sender).unwrap_or_default(),
                window: window_of(&c),
                daily_pace: c.daily_pace.max(0) as u32,
                follow_up_days: c.follow_up_days.max(0) as u32,
                live: live_of(db, &c).await?,
            })
        })
        .await
    }

    async fn live(&self, actor: &SessionUser, campaign_id: CampaignId) -> Result<CampaignLive, AppError> {
        CampaignError::answer(async move {
            let db = &self.app.db;
            let c = owned(db, actor, campaign_id).await?;
            Ok(live_of(db, &c).await?)
        })
        .await
    }

    async fn set_running(
        &self,
        actor: &SessionUser,
        campaign_id: CampaignId,
        running: bool,
    ) -> Result<CampaignLive, AppError> {
        CampaignError::answer(async move {
            if running {
                actor.require_verified()?;
            }
            let db = &self.app.db;
            let c = owned(db, actor, campaign_id).await?;
            let now = Utc::now();
            let mut active = c.clone().into_active_model();
            if running {
                let added = sync_contacts(db, &c).await?;
                let targets = contact::Entity::find().filter(contact::Column::CampaignId.eq(c.id)).count(db).await?;
                if added + targets == 0 {
                    return Err(AppError::Conflict(
                        "aucun prospect débloqué dans les bases de cette campagne : débloquez des lignes d'abord"
                            .into(),
                    )
                    .into());
                }
                active.status = Set(CampaignStatus::Running);
                active.pause_reason = Set(None);
                active.next_send_at = Set(None);
                if c.started_at.is_none() {
                    active.started_at = Set(Some(now));
                }
            } else {
                active.status = Set(CampaignStatus::Paused);
                active.pause_reason = Set(None);
                active.next_send_at = Set(None);
            }
            active.updated_at = Set(now);
            let c = active.update(db).await?;
            if running {
                // The first slot is now: the dispatcher runs within the worker's poll interval.
                schedule_dispatch(&self.app, c.id, now).await?;
            }
            Ok(live_of(db, &c).await?)
        })
        .await
    }

    async fn set_variant_active(
        &self,
        actor: &SessionUser,
        campaign_id: CampaignId,
        variant_id: i64,
        active: bool,
    ) -> Result<CampaignLive, AppError> {
        CampaignError::answer(async move {
            let db = &self.app.db;
            let c = owned(db, actor, campaign_id).await?;
            let v = variant::Entity::find_by_id(variant_id)
                .filter(variant::Column::CampaignId.eq(c.id))
                .one(db)
                .await?
                .ok_or(AppError::NotFound)?;
            if !active && v.kind == VariantKind::Initial {
                let others = variant::Entity::find()
                    .filter(variant::Column::CampaignId.eq(c.id))
                    .filter(variant::Column::Kind.eq(VariantKind::Initial))
                    .filter(variant::Column::Active.eq(true))
                    .filter(variant::Column::Id.ne(v.id))
                    .count(db)
                    .await?;
                if others == 0 {
                    return Err(AppError::Conflict("au moins une variante doit rester active".into()).into());
                }
            }
            let mut model = v.into_active_model();
            model.active = Set(active);
            model.update(db).await?;
            Ok(live_of(db, &c).await?)
        })
        .await
    }

    async fn contacts(
        &self,
        actor: &SessionUser,
        campaign_id: CampaignId,
        filter: ContactFilter,
        page: u32,
    ) -> Result<ContactPage, AppError> {
        CampaignError::answer(async move {
            let db = &self.app.db;
            let c = owned(db, actor, campaign_id).await?;
            let mut query = contact::Entity::find().filter(contact::Column::CampaignId.eq(c.id));
            query = match filter {
                ContactFilter::All => query,
                ContactFilter::Sent => query.filter(contact::Column::State.eq(ContactState::Sent)),
                ContactFilter::Failed => query.filter(contact::Column::State.is_in(ContactState::NOT_SENT_BY_FORM)),
                ContactFilter::Waiting => query.filter(contact::Column::State.is_in([
                    ContactState::Pending,
                    ContactState::Queued,
                    ContactState::Sending,
                ])),
                ContactFilter::Replied => query.filter(contact::Column::State.eq(ContactState::Replied)),
            };
            let total = query.clone().count(db).await?;
            let page = page.max(1);
            let rows = query
                .order_by_desc(contact::Column::UpdatedAt)
                .order_by_asc(contact::Column::Id)
                .offset(u64::from(page - 1) * u64::from(CONTACTS_PAGE))
                .limit(u64::from(CONTACTS_PAGE))
                .all(db)
                .await?;
            let ids: Vec<CompanyId> = rows.iter().map(|k| k.company_id).collect();
            let labels = company_labels(db, &ids).await?;
            let variants: std::collections::HashMap<i64, String> = variant::Entity::find()
                .filter(variant::Column::CampaignId.eq(c.id))
                .all(db)
                .await?
                .into_iter()
                .map(|v| (v.id, v.label))
                .collect();
            let contact_ids: Vec<ContactId> = rows.iter().map(|k| k.id).collect();
            let sent = follow_ups_sent(db, &contact_ids).await?;
            let rows = rows
                .iter()
                .map(|k| {
                    let follow_ups = sent.get(&k.id).copied().unwrap_or_default();
                    let (status, tone, detail) = status_of(k, follow_ups);
                    let (company, city) = labels.get(&k.company_id).cloned().unwrap_or_default();
                    ContactRow {
                        id: k.id,
                        company,
                        city,
                        variant: k.variant_id.and_then(|id| variants.get(&id).cloned()),
                        status,
                        tone,
                        detail,
                        follow_ups: follow_ups.count,
                        // `email` contacts were never written to: no reply to record.
                        can_record_reply: matches!(k.state, ContactState::Sent | ContactState::Unknown),
                    }
                })
                .collect();
            Ok(ContactPage { rows, total, page, page_size: CONTACTS_PAGE })
        })
        .await
    }

    async fn record_reply(&self, actor: &SessionUser, contact_id: ContactId, positive: bool) -> Result<(), AppError> {
        CampaignError::answer(async move {
            let db = &self.app.db;
            let k = contact::Entity::find_by_id(contact_id)
                .filter(contact::Column::OrganizationId.eq(actor.organization_id))
                .one(db)
                .await?
                .ok_or(AppError::NotFound)?;
            if !matches!(k.state, ContactState::Sent | ContactState::Unknown | ContactState::Replied) {
                return Err(AppError::Conflict("ce prospect n'a pas encore été contacté".into()).into());
            }
            let mut active = k.into_active_model();
            // A reply stops the follow-ups (FORM-8): the dispatcher only follows up `sent` contacts.
            active.state = Set(ContactState::Replied);
            active.replied_at = Set(Some(Utc::now()));
            active.reply_positive = Set(positive);
            active.updated_at = Set(Utc::now());
            active.update(db).await?;
            Ok(())
        })
        .await
    }
}
