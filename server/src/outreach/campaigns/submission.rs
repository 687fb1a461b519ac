//! One submission per contact: the reservation's job (`SubmitContact`), its gate that makes a
//! contact sent at most once, and the release of reservations whose job was lost.

mod email;

use super::db_retry;
use super::entities::{attempt, campaign, contact, new_attempt, variant};
use super::states::{AttemptState, Channel, ContactOutcome, ContactState};
use crate::credits;
use crate::db::begin_write;
use crate::jobs::{Job, JobContext, JobError};
use crate::opposition::{self, LinkTarget, Subject};
use crate::outreach::forms::{FormRun, Outcome, RunOptions, SenderProfile, SubmitGate};
use crate::prospecting::outreach_view::{ProspectCard, prospect_card};
use crate::state::AppState;
use async_trait::async_trait;
use chrono::{DateTime, Duration, Utc};
use prospecta_shared::campaigns::CampaignStatus;
use prospecta_shared::credits::Quota;
use prospecta_shared::ids::{CampaignId, CompanyId, ContactId, OrgId};
use prospecta_shared::outreach::{SenderDetails, TemplateVars, render};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveEnum, ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder,
};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// No prospect hears from the platform twice within this, whoever the client (PRODUCT.md).
pub const PLATFORM_GAP_DAYS: i64 = 7;
/// Transient failures are retried this many times.
pub const TRANSIENT_RETRIES: i32 = 2;

/// A reservation older than this whose contact is still `queued` lost its submission job (dead
/// after its attempts, or never claimed): far beyond a visit (≤ 5 min) and the job's retries.
pub const STALE_RESERVATION: Duration = Duration::hours(2);

/// Gives contacts whose submission job was lost back to the queue, so that they neither wait
/// forever nor hold a slot of the daily pace. Safe against a job that still runs late: it
/// carries the old reservation number and the gate only lets a `queued` contact of the same
/// reservation through. Returns how many contacts were released.
pub async fn release_stale_reservations<C: ConnectionTrait>(db: &C, now: DateTime<Utc>) -> Result<u64, DbErr> {
    let mut released = 0;
    // A follow-up goes back to `sent` (the dispatcher finds it due again), a first contact to
    // `pending`, or to `email` when its first message goes by e-mail.
    let first = |channel: Channel| {
        sea_orm::Condition::all().add(contact::Column::Step.eq(0)).add(contact::Column::Channel.eq(channel))
    };
    for (steps, back_to) in [
        (first(Channel::Form), ContactState::Pending),
        (first(Channel::Email), ContactState::Email),
        (sea_orm::Condition::all().add(contact::Column::Step.gte(1)), ContactState::Sent),
    ] {
        released += contact::Entity::update_many()
            .col_expr(contact::Column::State, Expr::value(back_to))
            .col_expr(contact::Column::UpdatedAt, Expr::value(now))
            .filter(contact::Column::State.eq(ContactState::Queued))
            .filter(contact::Column::UpdatedAt.lt(now - STALE_RESERVATION))
            .filter(steps)
            .exec(db)
            .await?
            .rows_affected;
    }
    if released > 0 {
        tracing::warn!(released, "contacts whose submission job was lost are back in the queue");
    }
    Ok(released)
}

/// The contact's one submission for `step`. At most once: the contact moves to `sending` in the
/// gate, just before the click; a run that finds it `sending` is the re-run of a job whose
/// process died mid-submission, and records `unknown` instead of sending again.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SubmitContact {
    pub contact_id: ContactId,
    pub organization_id: OrgId,
    pub step: i32,
    pub variant_id: Option<i64>,
    /// Which reservation of the contact this job carries out (see the contact's
    /// `reservations`): a job of an earlier reservation finds a different number and does
    /// nothing. Jobs enqueued before the field existed carried `try_no`, always 0 then.
    #[serde(default, alias = "try_no")]
    pub reservation: i32,
}

#[async_trait]
impl Job for SubmitContact {
    const KIND: &'static str = "campaign.submit";
    type State = AppState;
    const MAX_ATTEMPTS: i32 = 3;

    fn idempotency_key(&self) -> Option<String> {
        Some(format!("campaign-contact:{}:{}:r{}", self.contact_id, self.step, self.reservation))
    }

    fn organization_id(&self) -> Option<prospecta_shared::ids::OrgId> {
        Some(self.organization_id)
    }

    async fn run(&self, ctx: &JobContext<AppState>) -> Result<(), JobError> {
        let app = &ctx.app;
        let db = &app.db;
        let Some(k) = contact::Entity::find_by_id(self.contact_id).one(db).await.map_err(db_retry)? else {
            return Ok(());
        };
        if k.reservations != self.reservation {
            // The contact was put back in the queue and reserved again since: that newer
            // reservation has its own job.
            return Ok(());
        }
        if k.state == ContactState::Sending {
            return mark_interrupted(app, &k).await.map_err(db_retry);
        }
        if k.state != ContactState::Queued {
            return Ok(());
        }
        let Some(c) = campaign::Entity::find_by_id(k.campaign_id).one(db).await.map_err(db_retry)? else {
            return Ok(());
        };
        let now = Utc::now();
        if c.status != CampaignStatus::Running {
            return release(db, &k, None, None).await.map_err(db_retry);
        }
        let Some(card) = prospect_card(db, k.database_row_id).await.map_err(db_retry)? else {
            return finish_failed(app, &k, self, ContactOutcome::NoSite, "ligne supprimée de la base", None).await;
        };
        if opposed(app, &card).await.map_err(db_retry)? {
            let why = "le prospect s'est opposé à la prospection";
            return finish_failed(app, &k, self, ContactOutcome::Opposed, why, None).await;
        }
        if let Some(until) = recently_contacted(db, k.company_id, now).await.map_err(db_retry)? {
            let why = format!(
                "déjà contacté par la plateforme il y a moins de {PLATFORM_GAP_DAYS} jours : envoi reporté au {}",
                crate::time::date_fr(until)
            );
            return release(db, &k, Some(until), Some(why)).await.map_err(db_retry);
        }
        let variant = match self.variant_id {
            Some(id) => variant::Entity::find_by_id(id).one(db).await.map_err(db_retry)?,
            None => None,
        };
        let Some(variant) = variant else {
            return release(db, &k, None, Some("variante introuvable".into())).await.map_err(db_retry);
        };
        let sender: SenderDetails = serde_json::from_str(&c.sender).unwrap_or_default();
        let letter = Letter::of(app, &variant, &sender, &card);
        if goes_by_email(db, &k, &card, self.step).await.map_err(db_retry)? {
            return email::send(app, &k, &c, &card, self, letter).await;
        }
        let Some(website) = card.website.clone() else {
            let why = "aucun site web connu pour cette entreprise";
            return finish_failed(app, &k, self, ContactOutcome::NoSite, why, None).await;
        };
        let opts = RunOptions {
            profile: profile_of(&sender),
            message: letter.body,
            subject: letter.subject,
            tail: letter.notice,
            gate: Some(gate(app.clone(), &k, self)),
            dry_run: false,
            timeout: app.config.outreach.site_timeout,
        };
        let start = start_page(db, k.company_id, &website).await.map_err(db_retry)?;
        let pool = app.form_pool().await;
        let run = match pool.run(&start, &opts).await {
            Ok(run) => run,
            Err(e) => {
                // The browser itself failed: nothing was sent. Retried by the job runtime; after
                // the last attempt the contact goes back to the queue for a later slot.
                if ctx.attempt >= Self::MAX_ATTEMPTS {
                    release(db, &k, Some(now + Duration::minutes(30)), Some(format!("navigateur indisponible : {e}")))
                        .await
                        .map_err(db_retry)?;
                    return Ok(());
                }
                return Err(JobError::Retry(e.to_string()));
            }
        };
        record_run(app, &k, &c, &card, self, run).await
    }
}

/// The message of one step for one prospect: the variant rendered, and the legal notice.
pub(super) struct Letter {
    pub subject: String,
    pub body: String,
    pub notice: String,
}

impl Letter {
    fn of(app: &AppState, variant: &variant::Model, sender: &SenderDetails, card: &ProspectCard) -> Letter {
        let vars = TemplateVars {
            societe: card.name.clone(),
            ville: card.city.clone().unwrap_or_default(),
            secteur: card.sector.clone(),
            sender: sender.clone(),
        };
        let subject = render(&variant.subject, &vars);
        Letter {
            subject: if subject.trim().is_empty() { "Demande d'information".into() } else { subject },
            body: render(&variant.body, &vars),
            notice: legal_notice(&app.config.public_url, &app.config.opposition_secret, sender, card),
        }
    }
}

/// A first message whose form could not be used goes by e-mail; a follow-up too, when an
/// address is known and the organisation's mailbox sends (FORM-8). Otherwise, the form.
async fn goes_by_email<C: ConnectionTrait>(
    db: &C,
    k: &contact::Model,
    card: &ProspectCard,
    step: i32,
) -> Result<bool, DbErr> {
    Ok(match (card.email.is_some(), k.channel) {
        (_, Channel::Email) if step <= 1 => true,
        (true, _) if step > 1 => crate::mailboxes::is_active(db, k.organization_id).await?,
        _ => false,
    })
}

/// Where the visit starts: the contact page enrichment found (with a form) on the company's own
/// site, else its home page.
async fn start_page<C: ConnectionTrait>(db: &C, company_id: CompanyId, website: &str) -> Result<String, DbErr> {
    Ok(choose_start(crate::enrichment::storage::contact_page_of(db, company_id).await?, website))
}

/// A contact page on another host (an old domain, a form provider) is not the company's current
/// site: the visit then starts from the home page and finds the form again.
fn choose_start(contact_page: Option<String>, website: &str) -> String {
    use crate::outreach::forms::engine::host_of;
    match contact_page {
        Some(page) if host_of(&page) == host_of(website) => page,
        _ => website.to_string(),
    }
}

/// The gate the engine calls on its blocking thread just before the click.
fn gate(app: AppState, k: &contact::Model, job: &SubmitContact) -> SubmitGate {
    let handle = tokio::runtime::Handle::current();
    let (contact_id, company_id, campaign_id, organization_id) = (k.id, k.company_id, k.campaign_id, k.organization_id);
    let (step, variant_id, reservation) = (job.step, job.variant_id, job.reservation);
    SubmitGate(Arc::new(move || {
        let app = app.clone();
        let submission = Submission {
            contact_id,
            company_id,
            campaign_id,
            organization_id,
            step,
            variant_id,
            reservation,
            channel: Channel::Form,
        };
        handle.block_on(async move { mark_sending(&app, &submission).await }).unwrap_or_else(|e| {
            tracing::warn!(contact_id = %contact_id, error = %e, "could not record the submission; not sending");
            false
        })
    }))
}

/// What the gate records: one reservation of one contact, about to be submitted.
#[derive(Clone, Copy)]
pub(super) struct Submission {
    pub contact_id: ContactId,
    pub company_id: CompanyId,
    pub campaign_id: CampaignId,
    pub organization_id: OrgId,
    pub step: i32,
    pub variant_id: Option<i64>,
    pub reservation: i32,
    pub channel: Channel,
}

impl Submission {
    pub fn of(k: &contact::Model, job: &SubmitContact, channel: Channel) -> Submission {
        Submission {
            contact_id: k.id,
            company_id: k.company_id,
            campaign_id: k.campaign_id,
            organization_id: k.organization_id,
            step: job.step,
            variant_id: job.variant_id,
            reservation: job.reservation,
            channel,
        }
    }
}

/// "About to submit", durably, or `false` when the submission must not happen (campaign paused
/// meanwhile, prospect contacted by another client meanwhile, contact no longer queued under
/// this reservation).
pub(super) async fn mark_sending(app: &AppState, s: &Submission) -> Result<bool, DbErr> {
    let Submission { contact_id, company_id, campaign_id, organization_id, step, variant_id, reservation, channel } =
        *s;
    let tx = begin_write(&app.db).await?;
    // The 7-day guard spans every organisation: serialise on the shared company.
    crate::prospecting::store::lock_company(&tx, company_id).await?;
    let now = Utc::now();
    let running =
        campaign::Entity::find_by_id(campaign_id).one(&tx).await?.is_some_and(|c| c.status == CampaignStatus::Running);
    if !running || recently_contacted(&tx, company_id, now).await?.is_some() {
        tx.rollback().await?;
        return Ok(false);
    }
    let moved = contact::Entity::update_many()
        .col_expr(contact::Column::State, Expr::value(ContactState::Sending))
        .col_expr(contact::Column::UpdatedAt, Expr::value(now))
        .filter(contact::Column::Id.eq(contact_id))
        .filter(contact::Column::State.eq(ContactState::Queued))
        .filter(contact::Column::Reservations.eq(reservation))
        .exec(&tx)
        .await?;
    if moved.rows_affected != 1 {
        tx.rollback().await?;
        return Ok(false);
    }
    // The e-mail that waited for the mailbox is this one: its queued attempt goes out.
    attempt::Entity::delete_many()
        .filter(attempt::Column::ContactId.eq(contact_id))
        .filter(attempt::Column::Step.eq(step))
        .filter(attempt::Column::State.eq(AttemptState::Queued))
        .exec(&tx)
        .await?;
    attempt::Entity::insert(new_attempt(
        contact_id,
        campaign_id,
        organization_id,
        company_id,
        variant_id,
        step,
        channel,
        AttemptState::Sending,
    ))
    .exec_without_returning(&tx)
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// When the prospect may next be contacted, if any contact by anyone on the platform (sent,
/// being sent, or of unknown fate) is younger than the gap.
pub async fn recently_contacted<C: ConnectionTrait>(
    db: &C,
    company_id: CompanyId,
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, DbErr> {
    let last = attempt::Entity::find()
        .filter(attempt::Column::CompanyId.eq(company_id))
        .filter(attempt::Column::State.is_in(AttemptState::REACHING))
        .filter(attempt::Column::StartedAt.gt(now - Duration::days(PLATFORM_GAP_DAYS)))
        .order_by_desc(attempt::Column::StartedAt)
        .one(db)
        .await?;
    Ok(last.map(|a| a.started_at + Duration::days(PLATFORM_GAP_DAYS)))
}

/// Whether the prospect objected (address, company or domain), for any client.
pub async fn opposed(app: &AppState, card: &ProspectCard) -> Result<bool, DbErr> {
    let mut subjects = Vec::new();
    if let Some(e) = &card.email {
        subjects.push(Subject::Email(e));
    }
    if let Some(s) = &card.siren {
        subjects.push(Subject::Siren(s));
    }
    if let Some(d) = &card.domain {
        subjects.push(Subject::Domain(d));
    }
    opposition::is_opposed(&app.db, &app.config.opposition_hash_key, &subjects).await
}

/// The notice every message ends with (PRODUCT.md, legal frame; RGPD art. 14): who writes, which
/// sources gave this prospect's details, its rights with the privacy page, and the personal
/// opt-out link, last.
pub fn legal_notice(public_url: &str, secret: &str, sender: &SenderDetails, card: &ProspectCard) -> String {
    let link = opposition::link_for(
        public_url,
        secret,
        &LinkTarget { email: card.email.clone(), siren: card.siren.clone(), domain: card.domain.clone() },
    );
    // Short: many forms cap the message near 500 characters and the notice is never cut.
    let sources = card.sources.labels_fr();
    let sources = if sources.is_empty() { "sources publiques".to_string() } else { sources.join(", ") };
    format!(
        "—\nMessage de {} {} ({}) via Prospecta. Sources des données de {} : {sources}. \
         Vos droits (accès, rectification, effacement, opposition) : {}/confidentialite. \
         Pour ne plus être sollicité : {link}",
        sender.first_name.trim(),
        sender.last_name.trim(),
        sender.company.trim(),
        card.name,
        public_url.trim_end_matches('/'),
    )
}

/// The engine's sender profile from the campaign's: postcode and city read from the address.
fn profile_of(s: &SenderDetails) -> SenderProfile {
    let words: Vec<&str> = s.address.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    let postcode_at = words.iter().rposition(|w| w.len() == 5 && w.chars().all(|c| c.is_ascii_digit()));
    let (postal_code, city) = match postcode_at {
        Some(i) => (words[i].to_string(), words[i + 1..].join(" ")),
        None => (String::new(), String::new()),
    };
    SenderProfile {
        first_name: s.first_name.trim().into(),
        last_name: s.last_name.trim().into(),
        company: s.company.trim().into(),
        email: s.email.trim().into(),
        phone: s.phone.trim().into(),
        postal_code,
        city,
        website: s.website.trim().into(),
    }
}

/// Back to the queue: for a later slot (`at`), with the reason shown on the row. Only while the
/// contact is still queued under this reservation: a contact that reached the gate (`sending`)
/// or was reserved again meanwhile is not touched.
pub(super) async fn release<C: ConnectionTrait>(
    db: &C,
    k: &contact::Model,
    at: Option<DateTime<Utc>>,
    why: Option<String>,
) -> Result<(), DbErr> {
    let back_to = waiting_state(k);
    let mut update = contact::Entity::update_many()
        .col_expr(contact::Column::State, Expr::value(back_to))
        .col_expr(contact::Column::NextActionAt, Expr::value(at))
        .col_expr(contact::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(contact::Column::Id.eq(k.id))
        .filter(contact::Column::State.eq(ContactState::Queued))
        .filter(contact::Column::Reservations.eq(k.reservations));
    if let Some(why) = why {
        update = update.col_expr(contact::Column::Detail, Expr::value(why));
    }
    update.exec(db).await?;
    Ok(())
}

/// Where a contact waits for its next message: a follow-up that cannot go now stays a sent
/// contact (the dispatcher finds it due again), a first message waits for its channel.
pub(super) fn waiting_state(k: &contact::Model) -> ContactState {
    match (k.step >= 1, k.channel) {
        (true, _) => ContactState::Sent,
        (false, Channel::Email) => ContactState::Email,
        (false, Channel::Form) => ContactState::Pending,
    }
}

/// A re-run found the contact `sending`: the process died during the submission. Whether the
/// site got the message is unknown; a human checks, the platform never sends it again.
pub(super) async fn mark_interrupted(app: &AppState, k: &contact::Model) -> Result<(), DbErr> {
    let tx = begin_write(&app.db).await?;
    let now = Utc::now();
    attempt::Entity::update_many()
        .col_expr(attempt::Column::State, Expr::value(AttemptState::Unknown))
        .col_expr(attempt::Column::Outcome, Expr::value(ContactOutcome::Unknown))
        .col_expr(attempt::Column::FinishedAt, Expr::value(now))
        .filter(attempt::Column::ContactId.eq(k.id))
        .filter(attempt::Column::State.eq(AttemptState::Sending))
        .exec(&tx)
        .await?;
    let mut active = k.clone().into_active_model();
    active.state = Set(ContactState::Unknown);
    active.outcome = Set(Some(ContactOutcome::Unknown));
    active.detail =
        Set(Some("Le traitement s'est interrompu pendant l'envoi : vérifiez sur le site avant toute relance.".into()));
    active.updated_at = Set(now);
    active.update(&tx).await?;
    tx.commit().await
}

/// Closes the `sending` attempt of this step (or records one for a failure before the gate).
pub(super) async fn close_attempt<C: ConnectionTrait>(
    db: &C,
    k: &contact::Model,
    job: &SubmitContact,
    attempt_state: AttemptState,
    outcome: ContactOutcome,
    detail: &str,
    charged: bool,
) -> Result<(), DbErr> {
    let now = Utc::now();
    let open = attempt::Entity::find()
        .filter(attempt::Column::ContactId.eq(k.id))
        .filter(attempt::Column::Step.eq(job.step))
        .filter(attempt::Column::State.eq(AttemptState::Sending))
        .one(db)
        .await?;
    let detail: String = detail.chars().take(500).collect();
    // Counted when the outcome is written; the rare transaction rolled back afterwards is
    // counted too (metrics watch the engine, the ledger is the records).
    crate::observability::metrics::form_finished(&attempt_state.to_value(), &outcome.to_value());
    match open {
        Some(a) => {
            let mut active = a.into_active_model();
            active.state = Set(attempt_state);
            active.outcome = Set(Some(outcome));
            active.detail = Set(Some(detail));
            active.charged = Set(charged);
            active.finished_at = Set(Some(now));
            active.update(db).await?;
        }
        None => {
            attempt::Entity::insert(attempt::ActiveModel {
                outcome: Set(Some(outcome)),
                detail: Set(Some(detail)),
                charged: Set(charged),
                finished_at: Set(Some(now)),
                ..new_attempt(
                    k.id,
                    k.campaign_id,
                    k.organization_id,
                    k.company_id,
                    job.variant_id,
                    job.step,
                    Channel::Form,
                    attempt_state,
                )
            })
            .exec_without_returning(db)
            .await?;
        }
    }
    Ok(())
}

/// A final failure: no credit spent; first contacts whose form cannot be used (CAPTCHA, no
/// form) go to e-mail outreach when an e-mail is known.
pub(super) async fn finish_failed(
    app: &AppState,
    k: &contact::Model,
    job: &SubmitContact,
    outcome: ContactOutcome,
    evidence: &str,
    run: Option<&FormRun>,
) -> Result<(), JobError> {
    let tx = begin_write(&app.db).await.map_err(db_retry)?;
    close_attempt(&tx, k, job, AttemptState::Failed, outcome, evidence, false).await.map_err(db_retry)?;
    let email_known = outcome != ContactOutcome::Opposed
        && prospect_card(&tx, k.database_row_id).await.map_err(db_retry)?.and_then(|c| c.email).is_some();
    let mut active = k.clone().into_active_model();
    let now = Utc::now();
    if job.step > 1 {
        // A follow-up that failed is not retried: the contact keeps its first send, and the next
        // follow-up (if any is left) waits the campaign's delay like after a follow-up that left.
        let delay = campaign::Entity::find_by_id(k.campaign_id)
            .one(&tx)
            .await
            .map_err(db_retry)?
            .map_or(1, |c| i64::from(c.follow_up_days.max(1)));
        active.state = Set(ContactState::Sent);
        active.step = Set(job.step);
        active.next_action_at = Set(Some(now + Duration::days(delay)));
        active.detail = Set(Some(format!("Relance {} impossible : {}", job.step - 1, outcome.label())));
    } else {
        let to_email =
            email_known && matches!(outcome, ContactOutcome::Captcha | ContactOutcome::NoForm | ContactOutcome::NoSite);
        active.state = Set(if to_email { ContactState::Email } else { ContactState::Failed });
        if to_email {
            active.channel = Set(Channel::Email);
        }
        active.outcome = Set(Some(outcome));
        active.detail = Set(Some(evidence.chars().take(500).collect()));
        if to_email {
            attempt::Entity::insert(attempt::ActiveModel {
                detail: Set(Some("premier message par e-mail, en attente de la messagerie".into())),
                ..new_attempt(
                    k.id,
                    k.campaign_id,
                    k.organization_id,
                    k.company_id,
                    job.variant_id,
                    job.step,
                    Channel::Email,
                    AttemptState::Queued,
                )
            })
            .exec_without_returning(&tx)
            .await
            .map_err(db_retry)?;
        }
    }
    if let Some(run) = run {
        active.contact_url = Set(run.contact_url.clone());
        active.screenshot = Set(run.screenshot.clone());
    }
    active.updated_at = Set(now);
    active.update(&tx).await.map_err(db_retry)?;
    tx.commit().await.map_err(db_retry)
}

/// What shows the message reached the prospect.
pub(super) struct Reached<'a> {
    pub evidence: &'a str,
    pub contact_url: Option<String>,
    pub screenshot: Option<String>,
}

/// The message of this step left: the contact is sent, its first message charged (FORM-7).
pub(super) async fn record_sent(
    app: &AppState,
    k: &contact::Model,
    c: &campaign::Model,
    card: &ProspectCard,
    job: &SubmitContact,
    how: Reached<'_>,
) -> Result<(), JobError> {
    let now = Utc::now();
    let tx = begin_write(&app.db).await.map_err(db_retry)?;
    // Only a first contact made costs one company of the contacts quota (FORM-7); its
    // follow-ups are included. The message already left: if a concurrent send took the last
    // unit, the fact is recorded all the same, uncharged, and the balance stays at zero.
    let charged = job.step == 1 && {
        let by = if k.channel == Channel::Email { "e-mail" } else { "formulaire" };
        let cause = format!("Contact par {by} : {}", card.name);
        match credits::consume(&tx, c.organization_id, Quota::Contacts, 1, &cause, None).await {
            Ok(()) => true,
            Err(credits::CreditsError::Insufficient { .. }) => {
                tracing::warn!(organization_id = %c.organization_id, "contact sent with the quota already spent");
                false
            }
            Err(credits::CreditsError::Db(e)) => return Err(db_retry(e)),
        }
    };
    close_attempt(&tx, k, job, AttemptState::Sent, ContactOutcome::Submitted, how.evidence, charged)
        .await
        .map_err(db_retry)?;
    let mut active = k.clone().into_active_model();
    active.state = Set(ContactState::Sent);
    active.step = Set(job.step);
    active.outcome = Set(Some(ContactOutcome::Submitted));
    active.detail = Set(Some(how.evidence.chars().take(500).collect()));
    active.transient = Set(0);
    if job.step == 1 {
        active.first_sent_at = Set(Some(now));
    }
    active.last_sent_at = Set(Some(now));
    active.next_action_at = Set(None);
    active.contact_url = Set(how.contact_url);
    active.screenshot = Set(how.screenshot);
    active.updated_at = Set(now);
    active.update(&tx).await.map_err(db_retry)?;
    tx.commit().await.map_err(db_retry)
}

/// Records what the engine did (FORM-6, FORM-7).
async fn record_run(
    app: &AppState,
    k: &contact::Model,
    c: &campaign::Model,
    card: &ProspectCard,
    job: &SubmitContact,
    run: FormRun,
) -> Result<(), JobError> {
    let db = &app.db;
    let now = Utc::now();
    if run.cancelled {
        // The pool retries a site whose browser died mid-visit: if that first visit had passed
        // the gate, the contact is `sending` and the retry's gate refused. The first click may
        // have reached the site: unknown, never queued again.
        let current = contact::Entity::find_by_id(k.id).one(db).await.map_err(db_retry)?;
        if let Some(current) = current.filter(|c| c.state == ContactState::Sending) {
            return mark_interrupted(app, &current).await.map_err(db_retry);
        }
        let later = recently_contacted(db, k.company_id, now).await.map_err(db_retry)?;
        return release(db, k, later, None).await.map_err(db_retry);
    }
    let outcome = ContactOutcome::from(run.outcome);
    let mut evidence = run.evidence.clone();
    if !run.notices.is_empty() {
        evidence = format!("{evidence} ({})", run.notices.join(" ; "));
    }
    if run.outcome == Outcome::Submitted {
        let how =
            Reached { evidence: &evidence, contact_url: run.contact_url.clone(), screenshot: run.screenshot.clone() };
        return record_sent(app, k, c, card, job, how).await;
    }
    // Whether the submission went past the gate: the engine says so, and the contact's state
    // says so too when the engine could not (a visit cut by the deadline or a panic).
    let past_gate = run.submit_attempted
        || contact::Entity::find_by_id(k.id)
            .one(db)
            .await
            .map_err(db_retry)?
            .is_some_and(|c| c.state == ContactState::Sending);
    if past_gate && matches!(run.outcome, Outcome::Unknown | Outcome::SiteDown) {
        // The click happened and nothing proves either way: never send it again.
        let tx = begin_write(db).await.map_err(db_retry)?;
        close_attempt(&tx, k, job, AttemptState::Unknown, outcome, &evidence, false).await.map_err(db_retry)?;
        let mut active = k.clone().into_active_model();
        active.state = Set(ContactState::Unknown);
        active.outcome = Set(Some(outcome));
        active.detail = Set(Some(evidence.chars().take(500).collect()));
        active.contact_url = Set(run.contact_url.clone());
        active.screenshot = Set(run.screenshot.clone());
        active.updated_at = Set(now);
        active.update(&tx).await.map_err(db_retry)?;
        return tx.commit().await.map_err(db_retry);
    }
    if outcome.is_transient() && job.step == 1 && k.transient < TRANSIENT_RETRIES {
        // Site down or too slow before anything was sent: two more tries, 15 min then 1 h later.
        let wait = Duration::minutes(15 * 4i64.pow(k.transient as u32));
        let tx = begin_write(db).await.map_err(db_retry)?;
        close_attempt(&tx, k, job, AttemptState::Retry, outcome, &evidence, false).await.map_err(db_retry)?;
        let mut active = k.clone().into_active_model();
        active.state = Set(ContactState::Pending);
        active.transient = Set(k.transient + 1);
        active.next_action_at = Set(Some(now + wait));
        active.detail = Set(Some(format!("{} : {}", outcome.label(), evidence.chars().take(300).collect::<String>())));
        active.updated_at = Set(now);
        active.update(&tx).await.map_err(db_retry)?;
        return tx.commit().await.map_err(db_retry);
    }
    let shown = match run.outcome {
        Outcome::ValidationError => format!("Message du site : {evidence}"),
        _ => evidence,
    };
    finish_failed(app, k, job, outcome, &shown, Some(&run)).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prospecting::outreach_view::DataSources;

    fn card() -> ProspectCard {
        ProspectCard {
            name: "Éts Perrin".into(),
            city: Some("Villeurbanne".into()),
            website: Some("http://ets-perrin.com".into()),
            domain: Some("ets-perrin.com".into()),
            email: Some("contact@ets-perrin.com".into()),
            siren: Some("878282201".into()),
            sector: "plombier".into(),
            sources: DataSources { pagesjaunes: true, register: true, website: true, manual: false },
        }
    }

    fn sender() -> SenderDetails {
        SenderDetails {
            first_name: "Camille".into(),
            last_name: "Martin".into(),
            company: "Atelier Martin".into(),
            email: "camille@atelier-martin.fr".into(),
            phone: "06 12 34 56 78".into(),
            address: "12 rue de la République, 69002 Lyon".into(),
            website: String::new(),
        }
    }

    const SECRET: &str = "secret-de-test-0123456789abcdefghij";

    #[test]
    fn the_notice_names_the_sender_the_sources_the_rights_and_the_personal_opt_out_link() {
        let notice = legal_notice("https://app.prospecta.fr", SECRET, &sender(), &card());
        assert!(notice.contains("Camille Martin (Atelier Martin)"), "{notice}");
        assert!(
            notice.contains(
                "Sources des données de Éts Perrin : Annuaire des entreprises (État), PagesJaunes, son site web."
            ),
            "{notice}"
        );
        assert!(
            notice.contains(
                "Vos droits (accès, rectification, effacement, opposition) : https://app.prospecta.fr/confidentialite."
            ),
            "{notice}"
        );
        let target = LinkTarget {
            email: Some("contact@ets-perrin.com".into()),
            siren: Some("878282201".into()),
            domain: Some("ets-perrin.com".into()),
        };
        let link = opposition::link_for("https://app.prospecta.fr", SECRET, &target);
        assert!(notice.ends_with(&link), "the personal link closes the notice: {notice}");
        // Short enough to fit the smallest message fields next to a real message.
        assert!(notice.chars().count() < 460, "{} characters", notice.chars().count());
    }

    #[test]
    fn the_notice_names_exactly_the_sources_of_this_prospect() {
        let expected = [
            ((false, false, false, false), "sources publiques"),
            ((true, false, false, false), "PagesJaunes"),
            ((false, true, false, false), "Annuaire des entreprises (État)"),
            ((false, false, true, false), "son site web"),
            ((true, true, false, false), "Annuaire des entreprises (État), PagesJaunes"),
            ((true, false, true, false), "PagesJaunes, son site web"),
            ((false, true, true, false), "Annuaire des entreprises (État), son site web"),
            ((true, true, true, false), "Annuaire des entreprises (État), PagesJaunes, son site web"),
            ((false, false, false, true), "saisie par l'expéditeur"),
            ((false, false, true, true), "son site web, saisie par l'expéditeur"),
        ];
        for ((pagesjaunes, register, website, manual), names) in expected {
            let card = ProspectCard { sources: DataSources { pagesjaunes, register, website, manual }, ..card() };
            let notice = legal_notice("https://app.prospecta.fr/", SECRET, &sender(), &card);
            let line = format!("Sources des données de Éts Perrin : {names}. Vos droits (accès");
            assert!(notice.contains(&line), "{names}: {notice}");
            assert!(notice.contains("https://app.prospecta.fr/confidentialite."), "{notice}");
            let unnamed = ["PagesJaunes", "Annuaire des entreprises", "son site web", "saisie par"]
                .into_iter()
                .filter(|n| !names.contains(n));
            for other in unnamed {
                assert!(!notice.contains(other), "{other} is not a source here: {notice}");
            }
        }
    }

    #[test]
    fn the_visit_starts_at_the_contact_page_enrichment_found_on_the_same_site() {
        let page = Some("https://www.ets-perrin.com/nous-contacter/".to_string());
        assert_eq!(choose_start(page.clone(), "http://ets-perrin.com"), "https://www.ets-perrin.com/nous-contacter/");
        assert_eq!(choose_start(page, "http://perrin-plomberie.fr"), "http://perrin-plomberie.fr");
        assert_eq!(choose_start(None, "http://ets-perrin.com"), "http://ets-perrin.com");
    }

    #[test]
    fn the_sender_address_gives_postcode_and_city() {
        let p = profile_of(&sender());
        assert_eq!((p.postal_code.as_str(), p.city.as_str()), ("69002", "Lyon"));
        let none = profile_of(&SenderDetails { address: "Lyon".into(), ..sender() });
        assert_eq!((none.postal_code.as_str(), none.city.as_str()), ("", ""));
    }
}
