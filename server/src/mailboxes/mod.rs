//! Sending mailboxes (issue 15, sending): each organisation connects its own mailbox (SMTP to
//! send, IMAP to read the replies), tested before it is saved, its password sealed at rest.
//! Every e-mail a capability sends for a client goes through [`send`]: the mailbox's daily cap
//! with its warm-up ramp, the pause when hard bounces pass 2 % of the last 200 messages or the
//! password stops working, and the record of what left ([`record_hard_bounce`] closes the loop).

pub mod domain;
mod entities;
pub mod outbound;
mod reply_address;
pub mod secret;
mod service;
pub mod session;
pub mod suppression;

use crate::db::begin_write;
use crate::outreach::schedule::{paris_day, paris_day_start};
use crate::state::AppState;
use chrono::{DateTime, Utc};
use entities::{mailbox, mailbox_send};
pub use outbound::Outbound;
use prospecta_shared::AppError;
use prospecta_shared::ids::{MailboxId, OrgId};
use prospecta_shared::mailboxes::{
    BOUNCE_PERCENT_MAX, BOUNCE_WINDOW, MailHost, MailServer, MailboxSettings, MailboxStatus, MailboxView, warm_up_limit,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, TryIntoModel,
};
pub use secret::PasswordBox;
pub use service::{DemoMail, MailboxService};
pub use session::{ConnectFailure, Credentials, NewMail};
use session::{ImapSession, SendFailure, SmtpSession};
use std::time::Duration;
pub use suppression::{is_suppressed, suppress};

/// Why an address gets no more mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, sea_orm::EnumIter, sea_orm::DeriveActiveEnum)]
#[serde(rename_all = "snake_case")]
#[sea_orm(rs_type = "String", db_type = "Text")]
pub enum SuppressionReason {
    /// A permanent delivery failure (5.x.x).
    #[sea_orm(string_value = "hard_bounce")]
    HardBounce,
    /// The recipient marked our message as spam (a feedback-loop report).
    #[sea_orm(string_value = "complaint")]
    Complaint,
}

/// The domain of the Message-IDs of the messages we send (`<c12.s1.r1@mail.prospecta.fr>`):
/// any id ending in it is one of ours.
pub const MESSAGE_ID_DOMAIN: &str = "mail.prospecta.fr";

/// How long a mail server may take to answer one step.
pub const SERVER_TIMEOUT: Duration = Duration::from_secs(20);

#[derive(Debug, thiserror::Error)]
pub enum MailboxError {
    /// A server of the settings could not be used: the form field it belongs to and why.
    #[error("{field} : {failure}")]
    Connect { field: &'static str, failure: ConnectFailure },
    #[error(transparent)]
    Db(#[from] DbErr),
    /// The resolver could not be set up (its configuration).
    #[error(transparent)]
    Resolver(#[from] crate::net::dns::DnsError),
}

impl From<MailboxError> for AppError {
    fn from(e: MailboxError) -> Self {
        match e {
            MailboxError::Connect { field, failure } => {
                let field = if matches!(failure, ConnectFailure::LoginRefused(_)) { "mailbox_password" } else { field };
                AppError::validation(field, failure.code())
            }
            MailboxError::Db(e) => crate::error::internal("mailbox", e),
            MailboxError::Resolver(e) => crate::error::internal("mailbox", e),
        }
    }
}

fn vault(app: &AppState) -> PasswordBox {
    PasswordBox::new(&app.config.mailbox_secret_key)
}

fn guard(app: &AppState) -> crate::net::Guard {
    crate::net::Guard::system(app.config.net.clone())
}

/// Tests both servers with the settings, then saves them (replacing any earlier mailbox of the
/// organisation: its warm-up goes on). Nothing is saved when a test fails. Replies already in
/// the inbox are not read: only mail arriving from now on.
pub async fn connect(app: &AppState, org: OrgId, settings: MailboxSettings) -> Result<MailboxView, MailboxError> {
    let credentials = Credentials { login: &settings.login, password: &settings.password };
    let guard = guard(app);
    let mut smtp = SmtpSession::open(&guard, &settings.smtp, credentials, SERVER_TIMEOUT)
        .await
        .map_err(|failure| MailboxError::Connect { field: "smtp_host", failure })?;
    // The SMTP session stays open for the test message below; the IMAP test comes first.
    let position = async {
        let mut imap = ImapSession::open(&guard, &settings.imap, credentials, SERVER_TIMEOUT).await?;
        let position = imap.newest(SERVER_TIMEOUT).await;
        imap.logout().await;
        position
    }
    .await;
    let (uid_validity, last_uid) = match position {
        Ok(position) => position,
        Err(failure) => {
            smtp.quit().await;
            return Err(MailboxError::Connect { field: "imap_host", failure });
        }
    };
    // The test of tagged reply addresses leaves after the inbox's position was read, so the
    // reading of replies, which starts there, finds it.
    let probe_id = format!("probe.{org}.{:016x}@{MESSAGE_ID_DOMAIN}", rand::random::<u64>());
    let probe_sent = match reply_address::probe(&settings.from_name, settings.from_address.as_str(), &probe_id) {
        Some((to, bytes)) => match smtp.send(settings.from_address.as_str(), &to, &bytes).await {
            Ok(()) => true,
            Err(e) => {
                tracing::info!(organization_id = %org, "adresse de réponse étiquetée refusée : {e}");
                false
            }
        },
        None => false,
    };
    smtp.quit().await;
    let now = Utc::now();
    let existing = mailbox::Entity::find().filter(mailbox::Column::OrganizationId.eq(org)).one(&app.db).await?;
    let mut row = match existing {
        Some(row) => row.into_active_model(),
        None => mailbox::ActiveModel {
            organization_id: Set(org),
            first_send_at: Set(None),
            created_at: Set(now),
            ..Default::default()
        },
    };
    row.from_name = Set(settings.from_name.clone());
    row.from_address = Set(settings.from_address.as_str().to_string());
    row.login = Set(settings.login.clone());
    row.secret = Set(vault(app).seal(org, &settings.password));
    row.smtp_host = Set(settings.smtp.host.as_str().to_string());
    row.smtp_port = Set(i32::from(settings.smtp.port));
    row.smtp_security = Set(settings.smtp.security);
    row.imap_host = Set(settings.imap.host.as_str().to_string());
    row.imap_port = Set(i32::from(settings.imap.port));
    row.imap_security = Set(settings.imap.security);
    row.daily_cap = Set(settings.daily_cap as i32);
    row.status = Set(MailboxStatus::Active);
    row.pause_reason = Set(None);
    row.checked_at = Set(now);
    row.imap_uid_validity = Set(Some(i64::from(uid_validity)));
    row.imap_last_uid = Set(Some(i64::from(last_uid)));
    // Other servers may treat tagged addresses otherwise: tested again, untagged meanwhile.
    row.reply_probe = Set(probe_sent.then_some(probe_id));
    row.reply_probe_sent_at = Set(probe_sent.then_some(now));
    row.reply_tags_verified_at = Set(None);
    row.updated_at = Set(now);
    let saved = row.save(&app.db).await?.try_into_model()?;
    tracing::info!(organization_id = %org, "messagerie connectée");
    Ok(view_of(&app.db, &saved, now).await?)
}

/// The organisation's mailbox as the settings page shows it.
pub async fn view(app: &AppState, org: OrgId) -> Result<Option<MailboxView>, DbErr> {
    let Some(row) = mailbox::Entity::find().filter(mailbox::Column::OrganizationId.eq(org)).one(&app.db).await? else {
        return Ok(None);
    };
    Ok(Some(view_of(&app.db, &row, Utc::now()).await?))
}

/// Forgets the mailbox (and its password) and what it sent.
/// The SPF, DKIM and DMARC records of the connected mailbox's sending domain (`None`: no
/// mailbox). `selector`: a DKIM selector the owner names.
pub async fn check_domain(
    app: &AppState,
    org: OrgId,
    selector: Option<&str>,
) -> Result<Option<prospecta_shared::mailboxes::DomainCheck>, MailboxError> {
    let Some(row) = mailbox::Entity::find().filter(mailbox::Column::OrganizationId.eq(org)).one(&app.db).await? else {
        return Ok(None);
    };
    let dns = app.resolver().await?;
    Ok(Some(domain::check(&dns, &row.from_address, &row.smtp_host, selector).await))
}

pub async fn disconnect(app: &AppState, org: OrgId) -> Result<(), DbErr> {
    mailbox::Entity::delete_many().filter(mailbox::Column::OrganizationId.eq(org)).exec(&app.db).await?;
    Ok(())
}

/// The display name of the organisation's active mailbox, if it has one.
pub async fn sender_name<C: ConnectionTrait>(db: &C, org: OrgId) -> Result<Option<String>, DbErr> {
    Ok(mailbox::Entity::find()
        .filter(mailbox::Column::OrganizationId.eq(org))
        .filter(mailbox::Column::Status.eq(MailboxStatus::Active))
        .one(db)
        .await?
        .map(|m| m.from_name))
}

/// Whether the organisation has a mailbox that sends.
pub async fn is_active<C: ConnectionTrait>(db: &C, org: OrgId) -> Result<bool, DbErr> {
    Ok(mailbox::Entity::find()
        .filter(mailbox::Column::OrganizationId.eq(org))
        .filter(mailbox::Column::Status.eq(MailboxStatus::Active))
        .count(db)
        .await?
        > 0)
}

async fn view_of<C: ConnectionTrait>(db: &C, row: &mailbox::Model, now: DateTime<Utc>) -> Result<MailboxView, DbErr> {
    let (recent_sent, recent_hard_bounces) = bounce_window(db, row.id).await?;
    Ok(MailboxView {
        from_name: row.from_name.clone(),
        from_address: row.from_address.clone(),
        login: row.login.clone(),
        smtp: stored_server(&row.smtp_host, row.smtp_port, row.smtp_security),
        imap: stored_server(&row.imap_host, row.imap_port, row.imap_security),
        status: row.status,
        pause_reason: row.pause_reason.clone(),
        daily_cap: row.daily_cap.max(0) as u32,
        today_limit: today_limit(row, now),
        sent_today: sent_today(db, row.id, now).await?,
        recent_sent,
        recent_hard_bounces,
        checked_at: crate::time::datetime_fr(row.checked_at),
        reply_addressing: reply_address::addressing(row, now),
    })
}

/// Today's limit: the warm-up ramp from the first day of sending, within the daily cap.
fn today_limit(row: &mailbox::Model, now: DateTime<Utc>) -> u32 {
    let day = match row.first_send_at {
        Some(first) => (paris_day(now) - paris_day(first)).num_days().max(0) as u32 + 1,
        None => 1,
    };
    warm_up_limit(day, row.daily_cap.max(0) as u32)
}

async fn sent_today<C: ConnectionTrait>(db: &C, id: MailboxId, now: DateTime<Utc>) -> Result<u32, DbErr> {
    Ok(mailbox_send::Entity::find()
        .filter(mailbox_send::Column::MailboxId.eq(id))
        .filter(mailbox_send::Column::SentAt.gte(paris_day_start(paris_day(now))))
        .count(db)
        .await? as u32)
}

/// The last [`BOUNCE_WINDOW`] messages: how many, and how many bounced for good.
async fn bounce_window<C: ConnectionTrait>(db: &C, id: MailboxId) -> Result<(u32, u32), DbErr> {
    let recent: Vec<bool> = mailbox_send::Entity::find()
        .select_only()
        .column(mailbox_send::Column::HardBounce)
        .filter(mailbox_send::Column::MailboxId.eq(id))
        .order_by_desc(mailbox_send::Column::Id)
        .limit(u64::from(BOUNCE_WINDOW))
        .into_tuple()
        .all(db)
        .await?;
    Ok((recent.len() as u32, recent.iter().filter(|b| **b).count() as u32))
}

/// Whether this many hard bounces among this many messages pauses the mailbox: more than 2 %
/// of the window. Below 50 messages a rate says little, so the count must also exceed 2 % of a
/// full window (5 bounces): a first bad address does not stop a new mailbox.
pub fn too_many_bounces(sent: u32, hard: u32) -> bool {
    let over_full_window = hard * 100 > BOUNCE_PERCENT_MAX * BOUNCE_WINDOW;
    let over_rate = sent >= 50 && hard * 100 > BOUNCE_PERCENT_MAX * sent;
    over_full_window || over_rate
}

/// Why a message was not sent, and whether it may have left.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    /// No mailbox, or a paused one: nothing was sent.
    #[error("aucune messagerie active")]
    NoMailbox,
    /// Today's limit (warm-up or cap) is reached: nothing was sent; try again tomorrow.
    #[error("limite du jour atteinte ({limit} messages)")]
    DailyLimit { limit: u32 },
    /// The server could not be used right now: nothing was sent; try again later.
    #[error("messagerie indisponible : {0}")]
    Unavailable(String),
    /// The server refused this message for good (a 5xx): it was not sent, and will not be.
    #[error("{0}")]
    Rejected(String),
    /// The connection failed while the message was being handed over: it may have left.
    #[error("envoi interrompu, résultat inconnu : {0}")]
    Unknown(String),
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// What [`send`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    pub from: String,
    pub message_id: String,
}

/// Sends one message from the organisation's mailbox, within its daily limit. The caller has
/// already decided, durably, that the message may go (at most once).
pub async fn send(app: &AppState, org: OrgId, message: &Outbound) -> Result<Sent, SendError> {
    let db = &app.db;
    let Some(row) = mailbox::Entity::find()
        .filter(mailbox::Column::OrganizationId.eq(org))
        .filter(mailbox::Column::Status.eq(MailboxStatus::Active))
        .one(db)
        .await?
    else {
        return Err(SendError::NoMailbox);
    };
    if is_suppressed(db, &message.to).await? {
        return Err(SendError::Rejected("adresse rejetée définitivement par le passé : plus aucun envoi".into()));
    }
    let now = Utc::now();
    let limit = today_limit(&row, now);
    if sent_today(db, row.id, now).await? >= limit {
        return Err(SendError::DailyLimit { limit });
    }
    let Some(password) = password_of(db, app, &row).await? else { return Err(SendError::NoMailbox) };
    let smtp = stored_server(&row.smtp_host, row.smtp_port, row.smtp_security);
    let credentials = Credentials { login: &row.login, password: &password };
    let mut session = match SmtpSession::open(&guard(app), &smtp, credentials, SERVER_TIMEOUT).await {
        Ok(session) => session,
        Err(ConnectFailure::LoginRefused(why)) => {
            login_refused(db, &row, "d'envoi", &why).await?;
            return Err(SendError::NoMailbox);
        }
        Err(other) => return Err(SendError::Unavailable(other.to_string())),
    };
    let reply_to = reply_address::reply_to(&row, message.campaign);
    let bytes = outbound::compose(&row.from_name, &row.from_address, reply_to.as_deref(), message);
    let result = session.send(&row.from_address, &message.to, &bytes).await;
    session.quit().await;
    match result {
        Ok(()) => {
            record_send(db, &row, message, now, false).await?;
            Ok(Sent { from: row.from_address.clone(), message_id: message.message_id.clone() })
        }
        Err(SendFailure::Rejected(why)) => Err(SendError::Rejected(why)),
        Err(SendFailure::Temporary(why)) => Err(SendError::Unknown(why)),
    }
}

async fn record_send(
    db: &sea_orm::DatabaseConnection,
    row: &mailbox::Model,
    message: &Outbound,
    now: DateTime<Utc>,
    hard_bounce: bool,
) -> Result<(), DbErr> {
    let tx = begin_write(db).await?;
    mailbox_send::Entity::insert(mailbox_send::ActiveModel {
        mailbox_id: Set(row.id),
        organization_id: Set(row.organization_id),
        message_id: Set(message.message_id.clone()),
        recipient: Set(message.to.trim().to_lowercase()),
        sent_at: Set(now),
        hard_bounce: Set(hard_bounce),
        ..Default::default()
    })
    .exec_without_returning(&tx)
    .await?;
    if row.first_send_at.is_none() {
        mailbox::Entity::update_many()
            .col_expr(mailbox::Column::FirstSendAt, sea_orm::sea_query::Expr::value(now))
            .filter(mailbox::Column::Id.eq(row.id))
            .filter(mailbox::Column::FirstSendAt.is_null())
            .exec(&tx)
            .await?;
    }
    tx.commit().await
}

/// The Message-ID of the organisation's last message to this address, if any: a follow-up
/// answers it, so the prospect's mail program shows one thread.
pub async fn last_message_to<C: ConnectionTrait>(db: &C, org: OrgId, to: &str) -> Result<Option<String>, DbErr> {
    Ok(mailbox_send::Entity::find()
        .filter(mailbox_send::Column::OrganizationId.eq(org))
        .filter(mailbox_send::Column::Recipient.eq(to.trim().to_lowercase()))
        .order_by_desc(mailbox_send::Column::Id)
        .one(db)
        .await?
        .map(|sent| sent.message_id))
}

/// The message we sent under this Message-ID (with or without its angle brackets).
async fn sent_by_id<C: ConnectionTrait>(db: &C, message_id: &str) -> Result<Option<mailbox_send::Model>, DbErr> {
    let bare = message_id.trim().trim_start_matches('<').trim_end_matches('>');
    mailbox_send::Entity::find().filter(mailbox_send::Column::MessageId.eq(bare)).one(db).await
}

/// The address our message with this Message-ID went to.
pub async fn recipient_of<C: ConnectionTrait>(db: &C, message_id: &str) -> Result<Option<String>, DbErr> {
    Ok(sent_by_id(db, message_id).await?.map(|sent| sent.recipient))
}

/// A hard bounce of a message we sent (by its Message-ID, else the last message to the
/// address): counted against its mailbox, which pauses itself past the limit.
pub async fn record_hard_bounce(
    db: &sea_orm::DatabaseConnection,
    message_id: Option<&str>,
    recipient: &str,
) -> Result<(), DbErr> {
    let by_id = match message_id {
        Some(id) => sent_by_id(db, id).await?,
        None => None,
    };
    let sent = match by_id {
        Some(sent) => Some(sent),
        None => {
            mailbox_send::Entity::find()
                .filter(mailbox_send::Column::Recipient.eq(recipient.to_lowercase()))
                .order_by_desc(mailbox_send::Column::Id)
                .one(db)
                .await?
        }
    };
    let Some(sent) = sent else { return Ok(()) };
    if !sent.hard_bounce {
        let mut active = sent.clone().into_active_model();
        active.hard_bounce = Set(true);
        active.update(db).await?;
    }
    let (window, hard) = bounce_window(db, sent.mailbox_id).await?;
    if too_many_bounces(window, hard)
        && let Some(row) = mailbox::Entity::find_by_id(sent.mailbox_id).one(db).await?
        && row.status == MailboxStatus::Active
    {
        let reason = format!(
            "trop d'adresses invalides : {hard} rejets définitifs sur les {window} derniers envois (plus de \
             {BOUNCE_PERCENT_MAX} %). Vérifiez la qualité de vos bases, puis réactivez la messagerie."
        );
        pause(db, &row, &reason).await?;
    }
    Ok(())
}

/// A server as stored (its settings were checked when saved).
fn stored_server(host: &str, port: i32, security: prospecta_shared::mailboxes::MailSecurity) -> MailServer {
    MailServer { host: MailHost::stored(host), port: u16::try_from(port).unwrap_or_default(), security }
}

/// The mailbox's password; `None` once the mailbox is paused because it cannot be read (the
/// key changed).
async fn password_of(
    db: &sea_orm::DatabaseConnection,
    app: &AppState,
    row: &mailbox::Model,
) -> Result<Option<String>, DbErr> {
    match vault(app).open(row.organization_id, &row.secret) {
        Ok(password) => Ok(Some(password)),
        Err(e) => {
            pause(db, row, &format!("{e} : reconnectez la messagerie dans Paramètres.")).await?;
            Ok(None)
        }
    }
}

/// A server that accepted the login when the mailbox was connected refuses it now (a changed
/// password): the mailbox pauses until it is connected again.
async fn login_refused<C: ConnectionTrait>(db: &C, row: &mailbox::Model, server: &str, why: &str) -> Result<(), DbErr> {
    let reason = format!(
        "le serveur {server} refuse désormais l'identifiant ou le mot de passe ({why}) : reconnectez la \
         messagerie dans Paramètres."
    );
    pause(db, row, &reason).await
}

/// Stops the mailbox for a reason the client reads, and tells the organisation.
async fn pause<C: ConnectionTrait>(db: &C, row: &mailbox::Model, reason: &str) -> Result<(), DbErr> {
    let mut active = row.clone().into_active_model();
    active.status = Set(MailboxStatus::Paused);
    active.pause_reason = Set(Some(reason.to_string()));
    active.updated_at = Set(Utc::now());
    active.update(db).await?;
    tracing::warn!(organization_id = %row.organization_id, reason, "messagerie mise en pause");
    crate::accounts::post_notification(
        db,
        row.organization_id,
        None,
        prospecta_shared::notifications::NotificationKind::Other,
        "Messagerie en pause",
        &format!("Plus aucun e-mail ne part de {} : {reason}", row.from_address),
        Some("/app/parametres#messagerie"),
    )
    .await
}

/// Sandbox mode: the demo mailboxes (the sandbox's servers on loopback, its password) follow
/// the servers to the ports this process's own listen on, so that a restart does not leave
/// them pointing at the last process's. Returns how many were moved.
pub async fn follow_demo_servers(
    app: &AppState,
    (smtp, imap, password): (std::net::SocketAddr, std::net::SocketAddr, &str),
) -> Result<u64, DbErr> {
    let loopback = smtp.ip().to_string();
    let rows = mailbox::Entity::find()
        .filter(mailbox::Column::SmtpHost.eq(&loopback))
        .filter(mailbox::Column::ImapHost.eq(&loopback))
        .all(&app.db)
        .await?;
    let mut moved = 0;
    for row in rows {
        let elsewhere = row.smtp_port != i32::from(smtp.port()) || row.imap_port != i32::from(imap.port());
        if elsewhere && vault(app).open(row.organization_id, &row.secret).is_ok_and(|p| p == password) {
            mailbox::Entity::update_many()
                .col_expr(mailbox::Column::SmtpPort, sea_orm::sea_query::Expr::value(i32::from(smtp.port())))
                .col_expr(mailbox::Column::ImapPort, sea_orm::sea_query::Expr::value(i32::from(imap.port())))
                .filter(mailbox::Column::Id.eq(row.id))
                .exec(&app.db)
                .await?;
            moved += 1;
        }
    }
    Ok(moved)
}

/// The active mailboxes, for the IMAP polling.
pub async fn active<C: ConnectionTrait>(db: &C) -> Result<Vec<MailboxId>, DbErr> {
    mailbox::Entity::find()
        .select_only()
        .column(mailbox::Column::Id)
        .filter(mailbox::Column::Status.eq(MailboxStatus::Active))
        .into_tuple()
        .all(db)
        .await
}

/// Why a mailbox could not be read.
#[derive(Debug, thiserror::Error)]
pub enum PollError {
    /// Gone, paused, or its password no longer works (then paused, the client told).
    #[error("messagerie inactive")]
    Inactive,
    #[error("messagerie injoignable : {0}")]
    Unavailable(String),
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// The mailbox's inbox, logged in (an active mailbox whose password still works).
async fn open_inbox(app: &AppState, id: MailboxId) -> Result<(mailbox::Model, ImapSession), PollError> {
    let db = &app.db;
    let Some(row) = mailbox::Entity::find_by_id(id).one(db).await?.filter(|m| m.status == MailboxStatus::Active) else {
        return Err(PollError::Inactive);
    };
    let Some(password) = password_of(db, app, &row).await? else { return Err(PollError::Inactive) };
    let imap = stored_server(&row.imap_host, row.imap_port, row.imap_security);
    let credentials = Credentials { login: &row.login, password: &password };
    match ImapSession::open(&guard(app), &imap, credentials, SERVER_TIMEOUT).await {
        Ok(session) => Ok((row, session)),
        Err(ConnectFailure::LoginRefused(why)) => {
            login_refused(db, &row, "de réception", &why).await?;
            Err(PollError::Inactive)
        }
        Err(other) => Err(PollError::Unavailable(other.to_string())),
    }
}

/// The messages that arrived in the mailbox's inbox since the last [`mark_read`], at most
/// `limit`, oldest first, with the mailbox's organisation.
pub async fn new_mail(app: &AppState, id: MailboxId, limit: usize) -> Result<(OrgId, NewMail), PollError> {
    let (row, mut session) = open_inbox(app, id).await?;
    let position = match (row.imap_uid_validity, row.imap_last_uid) {
        (Some(validity), Some(uid)) => Some((validity as u32, uid as u32)),
        _ => None,
    };
    let found = session.new_mail(position, limit).await;
    session.logout().await;
    let mut mail = found.map_err(|e| PollError::Unavailable(e.to_string()))?;
    let newest = mail.messages.last().map(|(uid, _)| *uid);
    reply_address::take_probe(&app.db, &row, &mut mail.messages).await?;
    if let (Some(uid), true) = (newest, mail.messages.is_empty()) {
        // Only the test message was new: read, so that it is not fetched again. (With other
        // messages, reading them moves past it; marking it first could skip them in a crash.)
        mark_read(&app.db, id, mail.uid_validity, uid).await?;
    }
    Ok((row.organization_id, mail))
}

/// Holds the inbox open with IMAP IDLE until the server reports a change or `max` passes.
/// `None`: the server does not offer IDLE.
pub async fn wait_for_mail(app: &AppState, id: MailboxId, max: Duration) -> Result<Option<bool>, PollError> {
    let (_, session) = open_inbox(app, id).await?;
    session.idle(max).await.map_err(|e| PollError::Unavailable(e.to_string()))
}

/// Claims for `watcher` the active mailboxes nobody watches (or whose watcher's lease ran out),
/// and renews its own leases: one IDLE connection per mailbox across processes. Returns every
/// mailbox `watcher` now holds, at most `limit`.
pub async fn claim_watches<C: ConnectionTrait>(
    db: &C,
    watcher: &str,
    lease: Duration,
    limit: u64,
) -> Result<Vec<MailboxId>, DbErr> {
    let now = Utc::now();
    let until = now + chrono::Duration::from_std(lease).unwrap_or(chrono::Duration::seconds(90));
    let free = || {
        sea_orm::Condition::any()
            .add(mailbox::Column::Watcher.is_null())
            .add(mailbox::Column::WatchUntil.lt(now))
            .add(mailbox::Column::Watcher.eq(watcher))
    };
    let candidates: Vec<MailboxId> = mailbox::Entity::find()
        .select_only()
        .column(mailbox::Column::Id)
        .filter(mailbox::Column::Status.eq(MailboxStatus::Active))
        .filter(free())
        .order_by_asc(mailbox::Column::Id)
        .limit(limit)
        .into_tuple()
        .all(db)
        .await?;
    let mut held = Vec::with_capacity(candidates.len());
    for id in candidates {
        // Conditional: of two processes claiming at once, one updates the row.
        let claimed = mailbox::Entity::update_many()
            .col_expr(mailbox::Column::Watcher, sea_orm::sea_query::Expr::value(watcher))
            .col_expr(mailbox::Column::WatchUntil, sea_orm::sea_query::Expr::value(until))
            .filter(mailbox::Column::Id.eq(id))
            .filter(free())
            .exec(db)
            .await?;
        if claimed.rows_affected == 1 {
            held.push(id);
        }
    }
    Ok(held)
}

/// `watcher` stops watching the mailbox (it lets another process take it at once).
pub async fn release_watch<C: ConnectionTrait>(db: &C, watcher: &str, id: MailboxId) -> Result<(), DbErr> {
    mailbox::Entity::update_many()
        .col_expr(mailbox::Column::Watcher, sea_orm::sea_query::Expr::value(Option::<String>::None))
        .col_expr(mailbox::Column::WatchUntil, sea_orm::sea_query::Expr::value(Option::<DateTime<Utc>>::None))
        .filter(mailbox::Column::Id.eq(id))
        .filter(mailbox::Column::Watcher.eq(watcher))
        .exec(db)
        .await?;
    Ok(())
}

/// Everything up to `uid` was read (and stored by its reader): the next poll starts after it.
pub async fn mark_read<C: ConnectionTrait>(db: &C, id: MailboxId, uid_validity: u32, uid: u32) -> Result<(), DbErr> {
    mailbox::Entity::update_many()
        .col_expr(mailbox::Column::ImapUidValidity, sea_orm::sea_query::Expr::value(i64::from(uid_validity)))
        .col_expr(mailbox::Column::ImapLastUid, sea_orm::sea_query::Expr::value(i64::from(uid)))
        .filter(mailbox::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// The client resumes a paused mailbox (after fixing its lists, say).
pub async fn resume(app: &AppState, org: OrgId) -> Result<bool, DbErr> {
    let resumed = mailbox::Entity::update_many()
        .col_expr(mailbox::Column::Status, sea_orm::sea_query::Expr::value(MailboxStatus::Active))
        .col_expr(mailbox::Column::PauseReason, sea_orm::sea_query::Expr::value(Option::<String>::None))
        .col_expr(mailbox::Column::UpdatedAt, sea_orm::sea_query::Expr::value(Utc::now()))
        .filter(mailbox::Column::OrganizationId.eq(org))
        .filter(mailbox::Column::Status.eq(MailboxStatus::Paused))
        .exec(&app.db)
        .await?;
    Ok(resumed.rows_affected == 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mailbox_pauses_past_two_percent_of_its_last_two_hundred_messages() {
        assert!(!too_many_bounces(1, 1), "a first bad address does not stop a new mailbox");
        assert!(!too_many_bounces(40, 4));
        assert!(too_many_bounces(40, 5), "five bounces are more than 2 % of a full window");
        assert!(!too_many_bounces(50, 1));
        assert!(too_many_bounces(50, 2), "2 of 50 is 4 %");
        assert!(!too_many_bounces(200, 4), "exactly 2 % does not exceed it");
        assert!(too_many_bounces(200, 5));
    }
}
