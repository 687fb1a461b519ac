//! What the owners are told while a payment is late (SUB-5), and the steps of a grace: the
//! notices of [`super::dunning`]'s steps and of the payment that ends the grace
//! ([`super::sync`]), an e-mail to each owner and a line in the organisation's bell, once per
//! step of a grace.

use super::entities::{payment, subscription};
use crate::jobs::{Job, JobContext, JobError, enqueue};
use crate::state::AppState;
use async_trait::async_trait;
use chrono::{DateTime, Duration, Utc};
use prospecta_shared::format::euros;
use prospecta_shared::ids::SubscriptionId;
use sea_orm::EntityTrait;
use serde::{Deserialize, Serialize};

/// How long a client keeps sending after a failed renewal (SUB-5).
pub const GRACE_DAYS: i64 = 7;

/// A step of a grace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Step {
    /// Day 0: the charge failed.
    Failed,
    /// Day 3: a new charge, and a reminder.
    Retry,
    /// Day 6: the last new charge, and the last reminder.
    LastRetry,
    /// Day 7: the grace is over unpaid, sending stops.
    Suspended,
    /// Paid again: sending resumes.
    Recovered,
}

impl Step {
    /// The steps a grace walks, in order.
    pub(super) const WALK: [Step; 4] = [Step::Failed, Step::Retry, Step::LastRetry, Step::Suspended];

    /// Days after the failure.
    pub(super) fn day(self) -> i64 {
        match self {
            Step::Failed | Step::Recovered => 0,
            Step::Retry => 3,
            Step::LastRetry => 6,
            Step::Suspended => GRACE_DAYS,
        }
    }

    pub(super) fn code(self) -> i32 {
        match self {
            Step::Failed => 0,
            Step::Retry => 3,
            Step::LastRetry => 6,
            Step::Suspended => 7,
            Step::Recovered => 100,
        }
    }
}

/// When the grace that ends at `grace_until` began: its dunning cycle.
pub(super) fn cycle_start(grace_until: DateTime<Utc>) -> DateTime<Utc> {
    grace_until - Duration::days(GRACE_DAYS)
}

/// Tells the owners where a grace stands: an e-mail each and the organisation's bell. Once per
/// step of a cycle.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DunningNotice {
    pub subscription_id: SubscriptionId,
    pub cycle: i64,
    pub step: Step,
}

#[async_trait]
impl Job for DunningNotice {
    const KIND: &'static str = "billing.dunning_notice";
    type State = AppState;
    const MAX_ATTEMPTS: i32 = 6;

    fn idempotency_key(&self) -> Option<String> {
        Some(format!("dunning-notice:{}:{}:{}", self.subscription_id, self.cycle, self.step.code()))
    }

    async fn run(&self, ctx: &JobContext<AppState>) -> Result<(), JobError> {
        let app = &ctx.app;
        let Some(s) = subscription::Entity::find_by_id(self.subscription_id).one(&app.db).await? else {
            return Ok(());
        };
        let start = DateTime::from_timestamp(self.cycle, 0).unwrap_or_else(Utc::now);
        let failed = super::checkout::last_failed_renewal(&app.db, &s).await?;
        let Some((title, body)) = notice_text(self.step, &s, failed.as_ref(), start) else { return Ok(()) };
        let link = "/app/abonnement";
        let tx = crate::db::begin_write(&app.db).await?;
        // Billing e-mails its notices to the owners just below: the notification's kind keeps
        // them from being e-mailed twice.
        let kind = prospecta_shared::notifications::NotificationKind::PaymentIssue;
        crate::accounts::post_notification(&tx, s.organization_id, None, kind, title, &body, Some(link)).await?;
        for to in crate::accounts::directory::owner_emails(&tx, s.organization_id).await? {
            let mail = crate::mail::OutgoingMail {
                to,
                subject: format!("Prospecta · {title}"),
                text: format!(
                    "Bonjour,\n\n{body}\n\nVotre abonnement : {}{link}\n\nL'équipe Prospecta",
                    app.config.public_url
                ),
            };
            enqueue(&tx, &crate::mail::SendEmail { mail, organization_id: Some(s.organization_id) }).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

/// The notice of a step: its title and its text, in French.
fn notice_text(
    step: Step,
    s: &subscription::Model,
    failed: Option<&payment::Model>,
    start: DateTime<Utc>,
) -> Option<(&'static str, String)> {
    let date = crate::time::date_fr;
    let day = |n: i64| date(start + Duration::days(n));
    let what = failed.map_or_else(
        || format!("de votre abonnement {}", s.plan_name),
        |p| {
            format!(
                "de {} pour votre abonnement {} (du {} au {})",
                euros(p.amount_cents),
                s.plan_name,
                date(p.period_start),
                super::checkout::last_day_fr(p.period_end)
            )
        },
    );
    let suspension = day(GRACE_DAYS);
    let pay = "Vous pouvez aussi régler dès maintenant par carte ou prélèvement SEPA depuis la page Abonnement.";
    Some(match step {
        Step::Failed => (
            "Paiement de l'abonnement refusé",
            format!(
                "Le prélèvement {what} a été refusé le {}. Vos envois continuent pendant 7 jours : nous tenterons un nouveau prélèvement le {} et le {}. Sans paiement d'ici le {suspension}, vos envois seront suspendus (vos données et votre compte restent accessibles). {pay}",
                day(0),
                day(3),
                day(6)
            ),
        ),
        Step::Retry => (
            "Paiement toujours en attente",
            format!(
                "Le prélèvement {what} n'est toujours pas réglé : nous en tentons un nouveau aujourd'hui. Sans paiement d'ici le {suspension}, vos envois seront suspendus. {pay}"
            ),
        ),
        Step::LastRetry => (
            "Dernier rappel avant la suspension de vos envois",
            format!(
                "Le prélèvement {what} n'est toujours pas réglé : nous en tentons un dernier aujourd'hui. Sans paiement, vos envois seront suspendus le {suspension}. {pay}"
            ),
        ),
        Step::Suspended => (
            "Envois suspendus : paiement en retard",
            format!(
                "Le prélèvement {what} n'a pas pu être réglé : vos envois (formulaires, e-mails, réponses de l'agent) sont suspendus. Vos données et votre compte restent accessibles. Dès le paiement reçu, les envois reprennent et le quota du mois est réparti sur les jours ouvrés restants. {pay}"
            ),
        ),
        Step::Recovered => (
            "Paiement reçu : abonnement rétabli",
            format!(
                "Merci : le paiement de votre abonnement {} est reçu. Vos envois reprennent ; ce qui reste du quota du mois est réparti sur ses jours ouvrés restants.",
                s.plan_name
            ),
        ),
    })
}
