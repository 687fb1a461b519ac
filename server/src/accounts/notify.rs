//! Notifications by e-mail (ONB-12). Every notification is in the bell; each person chooses per
//! kind to also get it by e-mail at once, in the morning's digest, or not by e-mail. A
//! notification is e-mailed to one person at most once, whichever way: the e-mail is recorded
//! under the key `notification:{id}` (unique per person) in the transaction that queues it, so a
//! job run twice, a digest overlapping an immediate e-mail or two digests never send it again.
//! Payment issues are e-mailed to the owners by billing itself (its notices), so they are not
//! sent again here.

use super::entities::{notification, notification_email, notification_preference, user};
use crate::jobs::{Job, JobContext, JobError, enqueue};
use crate::mail::{OutgoingMail, SendEmail};
use crate::state::AppState;
use async_trait::async_trait;
use chrono::{Duration, Utc};
use prospecta_shared::ids::{OrgId, UserId};
use prospecta_shared::notifications::{Delivery, NotificationKind, NotificationPreference};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Whether billing e-mails this kind itself.
fn mailed_elsewhere(kind: NotificationKind) -> bool {
    kind == NotificationKind::PaymentIssue
}

/// One person's choices, every kind listed (the default where they chose nothing).
pub async fn preferences<C: ConnectionTrait>(db: &C, user_id: UserId) -> Result<Vec<NotificationPreference>, DbErr> {
    let chosen = chosen(db, &[user_id]).await?;
    Ok(NotificationKind::CHOSEN
        .into_iter()
        .filter(|k| !mailed_elsewhere(*k))
        .map(|kind| NotificationPreference { kind, delivery: delivery(&chosen, user_id, kind) })
        .collect())
}

/// Sets how one person hears of one kind.
pub async fn set_preference<C: ConnectionTrait>(
    db: &C,
    user_id: UserId,
    kind: NotificationKind,
    delivery: Delivery,
) -> Result<(), DbErr> {
    notification_preference::Entity::insert(notification_preference::ActiveModel {
        user_id: Set(user_id),
        kind: Set(kind),
        delivery: Set(delivery),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([notification_preference::Column::UserId, notification_preference::Column::Kind])
            .update_column(notification_preference::Column::Delivery)
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

type Chosen = HashMap<(UserId, NotificationKind), Delivery>;

async fn chosen<C: ConnectionTrait>(db: &C, users: &[UserId]) -> Result<Chosen, DbErr> {
    Ok(notification_preference::Entity::find()
        .filter(notification_preference::Column::UserId.is_in(users.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|p| ((p.user_id, p.kind), p.delivery))
        .collect())
}

fn delivery(chosen: &Chosen, user: UserId, kind: NotificationKind) -> Delivery {
    chosen.get(&(user, kind)).copied().unwrap_or_else(|| kind.default_delivery())
}

/// Who a notification is for: its one person, or everyone in the organisation.
async fn recipients<C: ConnectionTrait>(db: &C, n: &notification::Model) -> Result<Vec<user::Model>, DbErr> {
    let mut query = user::Entity::find().filter(user::Column::OrganizationId.eq(n.organization_id));
    if let Some(one) = n.user_id {
        query = query.filter(user::Column::Id.eq(one));
    }
    query.order_by_asc(user::Column::Id).all(db).await
}

/// Records that `user` is e-mailed about notification `id`; false when they already were.
async fn claim<C: ConnectionTrait>(db: &C, user: UserId, id: i64) -> Result<bool, DbErr> {
    let inserted = notification_email::Entity::insert(notification_email::ActiveModel {
        user_id: Set(user),
        key: Set(format!("notification:{id}")),
        created_at: Set(Utc::now()),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([notification_email::Column::UserId, notification_email::Column::Key])
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(inserted > 0)
}

fn link_line(app: &AppState, link: Option<&str>) -> String {
    link.map(|l| format!("\n{}{l}", app.config.public_url)).unwrap_or_default()
}

const SIGNATURE: &str =
    "\n\nL'équipe Prospecta\n(Vous choisissez quels avis vous recevez par e-mail dans Paramètres › Notifications.)";

/// Queued with each notification: it is e-mailed at once to the people who chose so.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EmailNotification {
    pub notification_id: i64,
    pub organization_id: OrgId,
}

#[async_trait]
impl Job for EmailNotification {
    const KIND: &'static str = "accounts.email_notification";
    type State = AppState;
    const MAX_ATTEMPTS: i32 = 5;

    fn idempotency_key(&self) -> Option<String> {
        Some(format!("{}:{}", Self::KIND, self.notification_id))
    }

    fn organization_id(&self) -> Option<OrgId> {
        Some(self.organization_id)
    }

    async fn run(&self, ctx: &JobContext<AppState>) -> Result<(), JobError> {
        let app = &ctx.app;
        let Some(n) = notification::Entity::find_by_id(self.notification_id).one(&app.db).await? else {
            return Ok(());
        };
        if mailed_elsewhere(n.kind) {
            return Ok(());
        }
        let people = recipients(&app.db, &n).await?;
        let chosen = chosen(&app.db, &people.iter().map(|u| u.id).collect::<Vec<_>>()).await?;
        for person in people.into_iter().filter(|u| delivery(&chosen, u.id, n.kind) == Delivery::Immediate) {
            let tx = crate::db::begin_write(&app.db).await?;
            if claim(&tx, person.id, n.id).await? {
                let mail = OutgoingMail {
                    to: person.email.clone(),
                    subject: format!("Prospecta · {}", n.title),
                    text: format!(
                        "Bonjour {},\n\n{}{}{SIGNATURE}",
                        person.first_name,
                        n.body,
                        link_line(app, n.link.as_deref())
                    ),
                };
                enqueue(&tx, &SendEmail { mail, organization_id: Some(n.organization_id) }).await?;
            }
            tx.commit().await?;
        }
        Ok(())
    }
}

/// How far back a digest looks: a day and its margin (a late run still finds the day's events;
/// the claim keeps any from being sent twice).
const DIGEST_LOOKBACK_HOURS: i64 = 36;

/// Each morning: to each person, one e-mail listing the unread notifications of the kinds they
/// chose to get in the digest, none when there are none.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SendDigests {
    pub tick: String,
}

#[async_trait]
impl Job for SendDigests {
    const KIND: &'static str = "accounts.send_digests";
    type State = AppState;
    const MAX_ATTEMPTS: i32 = 3;

    fn idempotency_key(&self) -> Option<String> {
        Some(format!("{}:{}", Self::KIND, self.tick))
    }

    async fn run(&self, ctx: &JobContext<AppState>) -> Result<(), JobError> {
        let app = &ctx.app;
        let since = Utc::now() - Duration::hours(DIGEST_LOOKBACK_HOURS);
        let recent = notification::Entity::find()
            .filter(notification::Column::CreatedAt.gte(since))
            .filter(notification::Column::ReadAt.is_null())
            .order_by_asc(notification::Column::Id)
            .all(&app.db)
            .await?;
        let mut by_org: HashMap<OrgId, Vec<notification::Model>> = HashMap::new();
        for n in recent.into_iter().filter(|n| !mailed_elsewhere(n.kind)) {
            by_org.entry(n.organization_id).or_default().push(n);
        }
        for (org, notifications) in by_org {
            let people = user::Entity::find().filter(user::Column::OrganizationId.eq(org)).all(&app.db).await?;
            let chosen = chosen(&app.db, &people.iter().map(|u| u.id).collect::<Vec<_>>()).await?;
            for person in people {
                let theirs: Vec<&notification::Model> = notifications
                    .iter()
                    .filter(|n| n.user_id.is_none_or(|u| u == person.id))
                    .filter(|n| delivery(&chosen, person.id, n.kind) == Delivery::Digest)
                    .collect();
                if theirs.is_empty() {
                    continue;
                }
                digest(app, &person, &theirs).await?;
            }
        }
        Ok(())
    }
}

/// One person's digest: the notifications not e-mailed to them yet, claimed and sent together.
async fn digest(app: &AppState, person: &user::Model, candidates: &[&notification::Model]) -> Result<(), DbErr> {
    let tx = crate::db::begin_write(&app.db).await?;
    let mut lines = Vec::new();
    for n in candidates {
        if claim(&tx, person.id, n.id).await? {
            lines.push(format!("• {} — {}{}", n.title, n.body, link_line(app, n.link.as_deref())));
        }
    }
    if !lines.is_empty() {
        let count = lines.len();
        let mail = OutgoingMail {
            to: person.email.clone(),
            subject: format!("Prospecta · votre résumé du jour ({count} avis)"),
            text: format!(
                "Bonjour {},\n\nVoici ce qui s'est passé depuis votre dernier résumé :\n\n{}{SIGNATURE}",
                person.first_name,
                lines.join("\n\n")
            ),
        };
        enqueue(&tx, &SendEmail { mail, organization_id: Some(person.organization_id) }).await?;
    }
    tx.commit().await
}
