//! The e-mail leg of a campaign (FORM-8, issue 15): the first message of a contact whose form
//! could not be used, and follow-ups when an address is known, sent from the organisation's own
//! mailbox through the same gate as forms (at most once), the same credit path and the same
//! 7-day platform guard.

use super::super::db_retry;
use super::super::entities::{attempt, campaign, contact};
use super::super::states::{AttemptState, Channel, ContactOutcome, ContactState};
use super::{
    Letter, Reached, Submission, SubmitContact, finish_failed, mark_interrupted, mark_sending, recently_contacted,
    record_sent, release, waiting_state,
};
use crate::db::begin_write;
use crate::jobs::JobError;
use crate::mailboxes::{MESSAGE_ID_DOMAIN, Outbound, SendError};
use crate::opposition::LinkTarget;
use crate::prospecting::outreach_view::ProspectCard;
use crate::state::AppState;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

/// Sends the step's message by e-mail (the caller checked opposition and the 7-day guard).
pub(super) async fn send(
    app: &AppState,
    k: &contact::Model,
    c: &campaign::Model,
    card: &ProspectCard,
    job: &SubmitContact,
    letter: Letter,
) -> Result<(), JobError> {
    let db = &app.db;
    let Some(to) = card.email.clone() else {
        let why = "aucune adresse e-mail connue pour cette entreprise";
        return finish_failed(app, k, job, ContactOutcome::Undeliverable, why, None).await;
    };
    if crate::mailboxes::is_suppressed(db, &to).await.map_err(db_retry)? {
        let why = "cette adresse a déjà été rejetée par son serveur : aucun e-mail ne lui est envoyé";
        return finish_failed(app, k, job, ContactOutcome::Undeliverable, why, None).await;
    }
    if !crate::mailboxes::is_active(db, k.organization_id).await.map_err(db_retry)? {
        let why = "aucune messagerie active : connectez-la dans Paramètres pour envoyer cet e-mail";
        return release(db, k, None, Some(why.into())).await.map_err(db_retry);
    }
    let previous = crate::mailboxes::last_message_to(db, k.organization_id, &to).await.map_err(db_retry)?;
    let message = Outbound {
        subject: match &previous {
            Some(_) if !letter.subject.to_lowercase().starts_with("re:") => format!("Re: {}", letter.subject),
            _ => letter.subject,
        },
        text: format!("{}\n\n{}", letter.body.trim_end(), letter.notice),
        message_id: format!("c{}.s{}.r{}@{MESSAGE_ID_DOMAIN}", k.id, job.step, job.reservation),
        in_reply_to: previous.clone(),
        references: previous.into_iter().collect(),
        unsubscribe_url: crate::opposition::one_click_link_for(
            &app.config.public_url,
            &app.config.opposition_secret,
            &LinkTarget { email: card.email.clone(), siren: card.siren.clone(), domain: card.domain.clone() },
        ),
        campaign: Some(k.campaign_id),
        to,
    };
    if !mark_sending(app, &Submission::of(k, job, Channel::Email)).await.map_err(db_retry)? {
        // Paused meanwhile, contacted by another client meanwhile, or reserved again.
        let later = recently_contacted(db, k.company_id, Utc::now()).await.map_err(db_retry)?;
        return release(db, k, later, None).await.map_err(db_retry);
    }
    let now = Utc::now();
    match crate::mailboxes::send(app, k.organization_id, &message).await {
        Ok(sent) => {
            let evidence = format!("E-mail envoyé à {} depuis {}", message.to, sent.from);
            let how =
                Reached { evidence: &evidence, contact_url: k.contact_url.clone(), screenshot: k.screenshot.clone() };
            record_sent(app, k, c, card, job, how).await
        }
        Err(SendError::NoMailbox) => {
            let why = "la messagerie a été mise en pause : l'e-mail attend qu'elle reprenne (Paramètres)";
            not_sent(app, k, job, None, why).await
        }
        Err(SendError::DailyLimit { limit }) => {
            let tomorrow = crate::outreach::schedule::paris_day_start(
                crate::outreach::schedule::paris_day(now) + chrono::Days::new(1),
            );
            let why = format!("limite du jour de la messagerie atteinte ({limit} e-mails) : envoi reporté à demain");
            not_sent(app, k, job, Some(tomorrow), &why).await
        }
        Err(SendError::Unavailable(why)) => {
            let why = format!("messagerie indisponible ({why}) : nouvel essai dans 30 minutes");
            not_sent(app, k, job, Some(now + Duration::minutes(30)), &why).await
        }
        Err(SendError::Rejected(why)) => {
            let why = format!("e-mail refusé par le serveur : {why}");
            finish_failed(app, k, job, ContactOutcome::Undeliverable, &why, None).await
        }
        Err(SendError::Unknown(why)) => {
            tracing::warn!(contact_id = %k.id, "e-mail d'issue inconnue : {why}");
            mark_interrupted(app, k).await.map_err(db_retry)
        }
        // Past the gate: the job's retry finds the contact `sending` and records it unknown.
        Err(SendError::Db(e)) => Err(db_retry(e)),
    }
}

/// The gate passed but nothing left (no mailbox any more, today's limit, the server down):
/// the contact waits again, for `at` if given, and the attempt no longer counts as a contact.
async fn not_sent(
    app: &AppState,
    k: &contact::Model,
    job: &SubmitContact,
    at: Option<DateTime<Utc>>,
    why: &str,
) -> Result<(), JobError> {
    let tx = begin_write(&app.db).await.map_err(db_retry)?;
    let open = attempt::Entity::update_many()
        .filter(attempt::Column::ContactId.eq(k.id))
        .filter(attempt::Column::Step.eq(job.step))
        .filter(attempt::Column::State.eq(AttemptState::Sending));
    if k.channel == Channel::Email && job.step <= 1 {
        // The first message still waits for e-mail, as before the reservation.
        open.col_expr(attempt::Column::State, Expr::value(AttemptState::Queued))
            .col_expr(attempt::Column::Detail, Expr::value(why))
            .exec(&tx)
            .await
            .map_err(db_retry)?;
    } else {
        attempt::Entity::delete_many()
            .filter(attempt::Column::ContactId.eq(k.id))
            .filter(attempt::Column::Step.eq(job.step))
            .filter(attempt::Column::State.eq(AttemptState::Sending))
            .exec(&tx)
            .await
            .map_err(db_retry)?;
    }
    contact::Entity::update_many()
        .col_expr(contact::Column::State, Expr::value(waiting_state(k)))
        .col_expr(contact::Column::NextActionAt, Expr::value(at))
        .col_expr(contact::Column::Detail, Expr::value(why))
        .col_expr(contact::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(contact::Column::Id.eq(k.id))
        .filter(contact::Column::State.eq(ContactState::Sending))
        .exec(&tx)
        .await
        .map_err(db_retry)?;
    tx.commit().await.map_err(db_retry)
}
