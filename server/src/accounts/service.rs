use super::entities::{
    email_verification, invitation, login_attempt, notification, organization, password_reset, session, user,
};
use super::secrets::{decoy_hash, hash_password, new_token, token_hash, verify_password};
use crate::error::internal;
use crate::jobs::enqueue;
use crate::limits::{self, LimitError};
use crate::mail::{OutgoingMail, SendEmail};
use crate::state::AppState;
use crate::time::{date_fr, datetime_fr};
use async_trait::async_trait;
use chrono::{DateTime, Duration as ChronoDuration, Utc};
use prospecta_app::accounts::port::{Accounts, ClientInfo, NewSession};
use prospecta_shared::AppError;
use prospecta_shared::accounts::{
    Email, InvitationPreview, Member, Notification, OrgRole, Password, PendingInvitation, SessionUser, Signup, Team,
};
use prospecta_shared::error::{LimitedAction, ValidationCode};
use prospecta_shared::ids::{OrgId, UserId};
use prospecta_shared::jobs::SandboxMail;
use prospecta_shared::notifications::NotificationKind;
use prospecta_shared::organization::OrganizationDetails;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DbErr,
    EntityTrait, JoinType, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};

#[derive(Debug, thiserror::Error)]
pub enum AccountsError {
    #[error(transparent)]
    Db(#[from] DbErr),
    #[error(transparent)]
    Secret(#[from] super::secrets::SecretError),
    #[error("{0}")]
    Refused(AppError),
}

impl From<AccountsError> for AppError {
    fn from(e: AccountsError) -> Self {
        match e {
            AccountsError::Refused(app) => app,
            AccountsError::Db(e) => internal("accounts.db", e),
            AccountsError::Secret(e) => internal("accounts.secret", e),
        }
    }
}

impl From<AppError> for AccountsError {
    fn from(e: AppError) -> Self {
        AccountsError::Refused(e)
    }
}

type Result<T> = std::result::Result<T, AccountsError>;

fn to_chrono(d: std::time::Duration) -> ChronoDuration {
    ChronoDuration::from_std(d).unwrap_or(ChronoDuration::days(1))
}

fn email_taken() -> AccountsError {
    AccountsError::Refused(AppError::validation("email", ValidationCode::EmailTaken))
}

fn expired_link() -> AccountsError {
    AccountsError::Refused(AppError::validation("token", ValidationCode::ExpiredLink))
}

/// Unique-index races (two sign-ups with one e-mail at the same instant) surface as DB errors;
/// SeaORM reads the driver's error code (SQLite 2067, PostgreSQL 23505), never the message.
fn is_unique_violation(e: &DbErr) -> bool {
    matches!(e.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_)))
}

#[derive(Clone)]
pub struct AccountsService {
    pub(super) app: AppState,
}

impl AccountsService {
    pub fn new(app: AppState) -> Self {
        AccountsService { app }
    }

    pub(super) fn db(&self) -> &DatabaseConnection {
        &self.app.db
    }

    async fn open_session<C: ConnectionTrait>(
        &self,
        db: &C,
        user_id: UserId,
        organization_id: prospecta_shared::ids::OrgId,
        client: &ClientInfo,
    ) -> Result<NewSession> {
        let token = new_token();
        let now = Utc::now();
        let ttl = self.app.config.auth.session_ttl;
        session::ActiveModel {
            token_hash: Set(token_hash(&token)),
            user_id: Set(user_id),
            created_at: Set(now),
            last_seen_at: Set(now),
            expires_at: Set(now + to_chrono(ttl)),
            ip: Set(Some(client.ip.chars().take(64).collect())),
            user_agent: Set(client.user_agent.as_ref().map(|ua| ua.chars().take(255).collect())),
            ..Default::default()
        }
        .insert(db)
        .await?;
        Ok(NewSession { token, max_age_secs: ttl.as_secs() as i64, organization_id })
    }

    /// The user behind a session cookie, if the session exists and has not expired. Sessions
    /// slide: activity pushes the expiry forward (at most one write an hour per session).
    pub async fn resolve_session(&self, token: &str) -> Result<Option<SessionUser>> {
        let now = Utc::now();
        // One query for the session, its user and their organisation: every request of a
        // signed-in page and every second of a live stream asks.
        let Some(found) = session::Entity::find()
            .select_only()
            .column_as(session::Column::Id, "session_id")
            .column(session::Column::LastSeenAt)
            .column_as(user::Column::Id, "user_id")
            .column(user::Column::OrganizationId)
            .column_as(organization::Column::Name, "organization_name")
            .column(user::Column::Email)
            .column(user::Column::FirstName)
            .column(user::Column::LastName)
            .column(user::Column::Role)
            .column(user::Column::IsAdmin)
            .column(user::Column::EmailVerifiedAt)
            .join(
                JoinType::InnerJoin,
                session::Entity::belongs_to(user::Entity).from(session::Column::UserId).to(user::Column::Id).into(),
            )
            .join(
                JoinType::InnerJoin,
                user::Entity::belongs_to(organization::Entity)
                    .from(user::Column::OrganizationId)
                    .to(organization::Column::Id)
                    .into(),
            )
            .filter(session::Column::TokenHash.eq(token_hash(token)))
            .filter(session::Column::ExpiresAt.gt(now))
            .into_model::<SessionRow>()
            .one(self.db())
            .await?
        else {
            return Ok(None);
        };
        if now - found.last_seen_at > ChronoDuration::hours(1) {
            session::Entity::update_many()
                .col_expr(session::Column::LastSeenAt, Expr::value(now))
                .col_expr(session::Column::ExpiresAt, Expr::value(now + to_chrono(self.app.config.auth.session_ttl)))
                .filter(session::Column::Id.eq(found.session_id))
                .exec(self.db())
                .await?;
        }
        Ok(Some(SessionUser {
            user_id: found.user_id,
            organization_id: found.organization_id,
            organization_name: found.organization_name,
            email: found.email,
            first_name: found.first_name,
            last_name: found.last_name,
            role: found.role,
            is_admin: found.is_admin,
            email_verified: found.email_verified_at.is_some(),
        }))
    }

    /// Count this login attempt before any password is checked, atomically, per account and
    /// IP: of a parallel burst only the first `max_failures` are evaluated, the rest refused.
    /// The key holds the IP so a stranger's failures never lock the owner's own connection;
    /// each lock of the day doubles the wait (15 min, 30 min, 1 h… at most a day). The IP's
    /// failures on every address are capped too (a spray over many accounts).
    async fn admit_login(&self, email: &str, ip: &str) -> Result<()> {
        let auth = &self.app.config.auth;
        let ip_failures = limits::peek(self.db(), &ip_bucket(ip)).await?;
        if ip_failures.count >= auth.max_failures * IP_FAILURE_FACTOR {
            return Err(AppError::RateLimited { retry_after_secs: ip_failures.retry_after_secs() }.into());
        }
        let bucket = login_bucket(email, ip);
        let hit = limits::hit(self.db(), &bucket, auth.failure_window).await?;
        if hit.count <= auth.max_failures {
            return Ok(());
        }
        let mut resets_at = hit.resets_at;
        if hit.count == auth.max_failures + 1 {
            // The first refusal of this window starts a lock, longer than the previous one.
            let strikes = limits::hit(self.db(), &format!("{bucket}#locks"), STRIKE_MEMORY).await?.count;
            let doubled = auth.failure_window.as_secs().saturating_mul(1 << strikes.saturating_sub(1).min(10));
            resets_at = Utc::now().timestamp() + doubled.min(STRIKE_MEMORY.as_secs()) as i64;
            limits::extend(self.db(), &bucket, resets_at).await?;
        }
        let wait = (resets_at - Utc::now().timestamp()).max(1) as u64;
        Err(AppError::RateLimited { retry_after_secs: wait }.into())
    }

    async fn record_attempt(&self, email: &str, ip: &str, succeeded: bool) -> Result<()> {
        login_attempt::ActiveModel {
            email: Set(email.chars().take(254).collect()),
            ip: Set(ip.to_string()),
            succeeded: Set(succeeded),
            attempted_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(self.db())
        .await?;
        if succeeded {
            // A success clears this account's count from this IP, not its lock history.
            limits::clear(self.db(), &login_bucket(email, ip)).await?;
        } else {
            limits::hit(self.db(), &ip_bucket(ip), self.app.config.auth.failure_window).await?;
        }
        Ok(())
    }

    fn link(&self, path: &str, token: &str) -> String {
        format!("{}{path}?jeton={token}", self.app.config.public_url)
    }

    async fn find_valid_invitation(&self, token: &str) -> Result<invitation::Model> {
        invitation::Entity::find()
            .filter(invitation::Column::TokenHash.eq(token_hash(token)))
            .filter(invitation::Column::AcceptedAt.is_null())
            .filter(invitation::Column::ExpiresAt.gt(Utc::now()))
            .one(self.db())
            .await?
            .ok_or_else(expired_link)
    }

    /// A single-use link that confirms `u`'s address, mailed in the caller's transaction.
    async fn send_verification<C: ConnectionTrait>(&self, db: &C, u: &user::Model) -> Result<()> {
        let token = new_token();
        let now = Utc::now();
        email_verification::ActiveModel {
            user_id: Set(u.id),
            token_hash: Set(token_hash(&token)),
            created_at: Set(now),
            expires_at: Set(now + to_chrono(self.app.config.auth.verification_link_ttl)),
            used_at: Set(None),
            ..Default::default()
        }
        .insert(db)
        .await?;
        let mail = OutgoingMail {
            to: u.email.clone(),
            subject: VERIFICATION_SUBJECT.into(),
            text: format!(
                "Bonjour {},\n\nConfirmez votre adresse e-mail pour activer votre essai Prospecta en ouvrant ce lien (valable 48 heures) :\n\n{}\n\nSi vous n'avez pas créé de compte, ignorez ce message.\n\nL'équipe Prospecta",
                u.first_name,
                self.link("/confirmer-email", &token)
            ),
        };
        enqueue(db, &SendEmail { mail, organization_id: Some(u.organization_id) }).await?;
        Ok(())
    }

    async fn email_exists<C: ConnectionTrait>(db: &C, email: &str) -> Result<bool> {
        Ok(user::Entity::find().filter(user::Column::Email.eq(email)).count(db).await? > 0)
    }
}

/// Failures one IP may make over every address, as a multiple of the per-account limit.
const IP_FAILURE_FACTOR: u64 = 4;
/// How long the locks of one account and IP are remembered to make the next one longer.
const STRIKE_MEMORY: std::time::Duration = std::time::Duration::from_secs(24 * 3600);

fn login_bucket(email: &str, ip: &str) -> String {
    format!("login:{email}|{ip}")
}

fn ip_bucket(ip: &str) -> String {
    format!("login-ip:{ip}")
}

impl From<LimitError> for AccountsError {
    fn from(e: LimitError) -> Self {
        match e {
            LimitError::Db(e) => AccountsError::Db(e),
            refused => AccountsError::Refused(refused.into()),
        }
    }
}

/// A live session joined to its user and organisation ([`AccountsService::resolve_session`]).
#[derive(sea_orm::FromQueryResult)]
struct SessionRow {
    session_id: i64,
    last_seen_at: DateTime<Utc>,
    user_id: UserId,
    organization_id: OrgId,
    organization_name: String,
    email: String,
    first_name: String,
    last_name: String,
    role: OrgRole,
    is_admin: bool,
    email_verified_at: Option<DateTime<Utc>>,
}

async fn notify<C: ConnectionTrait>(
    db: &C,
    organization_id: OrgId,
    user_id: Option<UserId>,
    title: &str,
    body: &str,
    link: Option<&str>,
) -> Result<()> {
    post_notification(db, organization_id, user_id, NotificationKind::Other, title, body, link).await?;
    Ok(())
}

/// A notification in the bell of one user (`user_id`) or of the whole organisation (`None`),
/// e-mailed to whoever chose to get its `kind` by e-mail at once (`notify`). Other capabilities
/// tell clients things through this.
pub async fn post_notification<C: ConnectionTrait>(
    db: &C,
    organization_id: OrgId,
    user_id: Option<UserId>,
    kind: NotificationKind,
    title: &str,
    body: &str,
    link: Option<&str>,
) -> std::result::Result<(), DbErr> {
    let posted = notification::ActiveModel {
        organization_id: Set(organization_id),
        user_id: Set(user_id),
        kind: Set(kind),
        title: Set(title.into()),
        body: Set(body.into()),
        link: Set(link.map(Into::into)),
        created_at: Set(Utc::now()),
        read_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    enqueue(db, &super::notify::EmailNotification { notification_id: posted.id, organization_id }).await?;
    Ok(())
}

/// Agency staff, as (user id, organisation id): who gets security alerts.
pub async fn agency_admins<C: ConnectionTrait>(db: &C) -> std::result::Result<Vec<(UserId, OrgId)>, DbErr> {
    user::Entity::find()
        .filter(user::Column::IsAdmin.eq(true))
        .select_only()
        .columns([user::Column::Id, user::Column::OrganizationId])
        .into_tuple()
        .all(db)
        .await
}

/// Create an organisation and its first user, in one transaction.
async fn insert_org_and_user<C: ConnectionTrait>(
    db: &C,
    company: &str,
    email: &str,
    password_hash: String,
    first_name: &str,
    last_name: &str,
    is_admin: bool,
) -> Result<user::Model> {
    let now = Utc::now();
    let org = organization::ActiveModel { name: Set(company.into()), created_at: Set(now), ..Default::default() }
        .insert(db)
        .await?;
    let u = user::ActiveModel {
        organization_id: Set(org.id),
        email: Set(email.into()),
        password_hash: Set(password_hash),
        first_name: Set(first_name.into()),
        last_name: Set(last_name.into()),
        role: Set(OrgRole::Owner),
        is_admin: Set(is_admin),
        created_at: Set(now),
        // Agency staff are created on the server by someone who knows the address.
        email_verified_at: Set(is_admin.then_some(now)),
        ..Default::default()
    }
    .insert(db)
    .await
    .map_err(|e| if is_unique_violation(&e) { email_taken() } else { e.into() })?;
    // A client's organisation gets its trial once its owner confirms the address.
    if is_admin {
        crate::credits::grant_trial(db, org.id).await?;
    }
    Ok(u)
}

/// `prospecta admin create`: an agency admin, in the agency's own organisation.
pub async fn create_admin(
    db: &DatabaseConnection,
    email: &str,
    password: &str,
) -> std::result::Result<UserId, AppError> {
    let email = Email::parse("email", email)?;
    let password = Password::parse("password", password)?;
    let hash = hash_password(password.expose().to_string()).await.map_err(|e| internal("admin.create", e))?;
    let txn = db.begin().await.map_err(|e| internal("admin.create", e))?;
    if AccountsService::email_exists(&txn, email.as_str()).await? {
        return Err(AppError::validation("email", ValidationCode::EmailTaken));
    }
    let u = insert_org_and_user(&txn, "Prospecta (agence)", email.as_str(), hash, "Équipe", "Prospecta", true).await?;
    txn.commit().await.map_err(|e| internal("admin.create", e))?;
    Ok(u.id)
}

const VERIFICATION_SUBJECT: &str = "Confirmez votre adresse e-mail Prospecta";

#[async_trait]
impl Accounts for AccountsService {
    async fn signup(&self, form: Signup, client: &ClientInfo) -> std::result::Result<NewSession, AppError> {
        let limits = &self.app.config.limits;
        limits::check(self.db(), LimitedAction::Signup, &client.ip, limits.signups_per_ip)
            .await
            .map_err(AccountsError::from)?;
        if Self::email_exists(self.db(), form.email.as_str()).await? {
            return Err(email_taken().into());
        }
        let hash = hash_password(form.password.expose().to_string()).await.map_err(AccountsError::from)?;
        let txn = self.db().begin().await.map_err(AccountsError::from)?;
        let u = insert_org_and_user(
            &txn,
            &form.company,
            form.email.as_str(),
            hash,
            &form.first_name,
            &form.last_name,
            false,
        )
        .await?;
        notify(
            &txn,
            u.organization_id,
            None,
            "Bienvenue sur Prospecta !",
            "Confirmez votre adresse e-mail avec le lien que nous venons de vous envoyer : votre essai démarre aussitôt.",
            Some("/app"),
        )
        .await?;
        self.send_verification(&txn, &u).await?;
        let session = self.open_session(&txn, u.id, u.organization_id, client).await?;
        txn.commit().await.map_err(AccountsError::from)?;
        tracing::info!(user_id = %u.id, organization_id = %u.organization_id, "sign-up");
        Ok(session)
    }

    async fn login(
        &self,
        email: &str,
        password: &str,
        client: &ClientInfo,
    ) -> std::result::Result<NewSession, AppError> {
        let email = email.trim().to_lowercase();
        self.admit_login(&email, &client.ip).await?;
        let found = user::Entity::find()
            .filter(user::Column::Email.eq(email.as_str()))
            .one(self.db())
            .await
            .map_err(AccountsError::from)?;
        let hash = found.as_ref().map(|u| u.password_hash.clone()).unwrap_or_else(|| decoy_hash().to_string());
        let valid = verify_password(password.to_string(), hash).await && found.is_some();
        self.record_attempt(&email, &client.ip, valid).await?;
        match found {
            Some(u) if valid => Ok(self.open_session(self.db(), u.id, u.organization_id, client).await?),
            _ => Err(AppError::InvalidCredentials),
        }
    }

    async fn logout(&self, session_token: &str) -> std::result::Result<(), AppError> {
        session::Entity::delete_many()
            .filter(session::Column::TokenHash.eq(token_hash(session_token)))
            .exec(self.db())
            .await
            .map_err(AccountsError::from)?;
        Ok(())
    }

    async fn request_password_reset(&self, email: Email) -> std::result::Result<(), AppError> {
        // Counted for any address, known or not: the answer reveals nothing about accounts.
        let limits = &self.app.config.limits;
        limits::check(self.db(), LimitedAction::PasswordReset, email.as_str(), limits.resets_per_address)
            .await
            .map_err(AccountsError::from)?;
        let Some(u) = user::Entity::find()
            .filter(user::Column::Email.eq(email.as_str()))
            .one(self.db())
            .await
            .map_err(AccountsError::from)?
        else {
            return Ok(());
        };
        let now = Utc::now();
        let token = new_token();
        let txn = self.db().begin().await.map_err(AccountsError::from)?;
        password_reset::ActiveModel {
            user_id: Set(u.id),
            token_hash: Set(token_hash(&token)),
            created_at: Set(now),
            expires_at: Set(now + to_chrono(self.app.config.auth.reset_link_ttl)),
            used_at: Set(None),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(AccountsError::from)?;
        let mail = OutgoingMail {
            to: u.email.clone(),
            subject: "Réinitialisation de votre mot de passe Prospecta".into(),
            text: format!(
                "Bonjour {},\n\nVous avez demandé à changer votre mot de passe. Choisissez-en un nouveau en ouvrant ce lien (valable une heure) :\n\n{}\n\nSi vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre mot de passe reste inchangé.\n\nL'équipe Prospecta",
                u.first_name,
                self.link("/reinitialiser-mot-de-passe", &token)
            ),
        };
        enqueue(&txn, &SendEmail { mail, organization_id: Some(u.organization_id) })
            .await
            .map_err(AccountsError::from)?;
        txn.commit().await.map_err(AccountsError::from)?;
        Ok(())
    }

    async fn reset_password(&self, token: &str, password: Password) -> std::result::Result<(), AppError> {
        let now = Utc::now();
        let reset = password_reset::Entity::find()
            .filter(password_reset::Column::TokenHash.eq(token_hash(token)))
            .filter(password_reset::Column::UsedAt.is_null())
            .filter(password_reset::Column::ExpiresAt.gt(now))
            .one(self.db())
            .await
            .map_err(AccountsError::from)?
            .ok_or_else(expired_link)?;
        let hash = hash_password(password.expose().to_string()).await.map_err(AccountsError::from)?;
        let txn = self.db().begin().await.map_err(AccountsError::from)?;
        // Guarded on `used_at IS NULL`: two concurrent uses of one link, only one wins.
        let used = password_reset::Entity::update_many()
            .col_expr(password_reset::Column::UsedAt, Expr::value(now))
            .filter(password_reset::Column::Id.eq(reset.id))
            .filter(password_reset::Column::UsedAt.is_null())
            .exec(&txn)
            .await
            .map_err(AccountsError::from)?;
        if used.rows_affected != 1 {
            return Err(expired_link().into());
        }
        user::Entity::update_many()
            .col_expr(user::Column::PasswordHash, Expr::value(hash))
            .filter(user::Column::Id.eq(reset.user_id))
            .exec(&txn)
            .await
            .map_err(AccountsError::from)?;
        // Whoever knew the old password is signed out everywhere.
        session::Entity::delete_many()
            .filter(session::Column::UserId.eq(reset.user_id))
            .exec(&txn)
            .await
            .map_err(AccountsError::from)?;
        txn.commit().await.map_err(AccountsError::from)?;
        Ok(())
    }

    async fn update_profile(
        &self,
        actor: &SessionUser,
        first_name: String,
        last_name: String,
    ) -> std::result::Result<(), AppError> {
        Ok(self.rename(actor, first_name, last_name).await?)
    }

    async fn change_password(
        &self,
        actor: &SessionUser,
        keep_session: &str,
        current: &str,
        password: Password,
    ) -> std::result::Result<(), AppError> {
        Ok(self.replace_password(actor, keep_session, current, password).await?)
    }

    async fn change_role(
        &self,
        actor: &SessionUser,
        member: UserId,
        role: OrgRole,
    ) -> std::result::Result<(), AppError> {
        Ok(self.assign_role(actor, member, role).await?)
    }

    async fn transfer_ownership(&self, actor: &SessionUser, member: UserId) -> std::result::Result<(), AppError> {
        Ok(self.hand_over(actor, member).await?)
    }

    async fn remove_member(&self, actor: &SessionUser, member: UserId) -> std::result::Result<(), AppError> {
        Ok(self.remove(actor, member).await?)
    }

    async fn organization(&self, actor: &SessionUser) -> std::result::Result<OrganizationDetails, AppError> {
        Ok(self.identity_of(actor).await?)
    }

    async fn save_organization(
        &self,
        actor: &SessionUser,
        details: OrganizationDetails,
    ) -> std::result::Result<(), AppError> {
        Ok(self.save_identity(actor, details).await?)
    }

    async fn close_account(&self, actor: &SessionUser, current: &str) -> std::result::Result<(), AppError> {
        Ok(self.close(actor, current).await?)
    }

    async fn team(&self, actor: &SessionUser) -> std::result::Result<Team, AppError> {
        let members = user::Entity::find()
            .filter(user::Column::OrganizationId.eq(actor.organization_id))
            .order_by_asc(user::Column::CreatedAt)
            .all(self.db())
            .await
            .map_err(AccountsError::from)?;
        let names: std::collections::HashMap<UserId, String> =
            members.iter().map(|m| (m.id, format!("{} {}", m.first_name, m.last_name))).collect();
        let invitations = invitation::Entity::find()
            .filter(invitation::Column::OrganizationId.eq(actor.organization_id))
            .filter(invitation::Column::AcceptedAt.is_null())
            .filter(invitation::Column::ExpiresAt.gt(Utc::now()))
            .order_by_desc(invitation::Column::CreatedAt)
            .all(self.db())
            .await
            .map_err(AccountsError::from)?;
        Ok(Team {
            invitations: invitations
                .into_iter()
                .map(|i| PendingInvitation {
                    id: i.id,
                    email: i.email,
                    invited_by: names.get(&i.invited_by).cloned().unwrap_or_default(),
                    expires_on: date_fr(i.expires_at),
                })
                .collect(),
            members: members
                .into_iter()
                .map(|m| Member {
                    user_id: m.id,
                    role: m.role,
                    email: m.email,
                    first_name: m.first_name,
                    last_name: m.last_name,
                    joined_on: date_fr(m.created_at),
                })
                .collect(),
        })
    }

    async fn invite(&self, actor: &SessionUser, email: Email) -> std::result::Result<(), AppError> {
        require_owner(actor)?;
        let limits = &self.app.config.limits;
        let org = actor.organization_id.to_string();
        limits::check(self.db(), LimitedAction::Invitation, &org, limits.invitations_per_org)
            .await
            .map_err(AccountsError::from)?;
        if Self::email_exists(self.db(), email.as_str()).await? {
            return Err(AppError::Conflict("cette personne a déjà un compte Prospecta".into()));
        }
        let token = new_token();
        let now = Utc::now();
        let txn = self.db().begin().await.map_err(AccountsError::from)?;
        // A new invitation replaces a pending one for the same address.
        invitation::Entity::delete_many()
            .filter(invitation::Column::OrganizationId.eq(actor.organization_id))
            .filter(invitation::Column::Email.eq(email.as_str()))
            .filter(invitation::Column::AcceptedAt.is_null())
            .exec(&txn)
            .await
            .map_err(AccountsError::from)?;
        invitation::ActiveModel {
            organization_id: Set(actor.organization_id),
            email: Set(email.as_str().into()),
            token_hash: Set(token_hash(&token)),
            invited_by: Set(actor.user_id),
            created_at: Set(now),
            expires_at: Set(now + to_chrono(self.app.config.auth.invitation_ttl)),
            accepted_at: Set(None),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(AccountsError::from)?;
        let mail = OutgoingMail {
            to: email.as_str().into(),
            subject: format!("{} vous invite sur Prospecta", actor.display_name()),
            text: format!(
                "Bonjour,\n\n{} vous invite à rejoindre l'espace Prospecta de {}.\n\nCréez votre accès en ouvrant ce lien (valable 7 jours) :\n\n{}\n\nL'équipe Prospecta",
                actor.display_name(),
                actor.organization_name,
                self.link("/invitation", &token)
            ),
        };
        enqueue(&txn, &SendEmail { mail, organization_id: Some(actor.organization_id) })
            .await
            .map_err(AccountsError::from)?;
        txn.commit().await.map_err(AccountsError::from)?;
        Ok(())
    }

    async fn revoke_invitation(&self, actor: &SessionUser, invitation_id: i64) -> std::result::Result<(), AppError> {
        require_owner(actor)?;
        let r = invitation::Entity::delete_many()
            .filter(invitation::Column::Id.eq(invitation_id))
            .filter(invitation::Column::OrganizationId.eq(actor.organization_id))
            .filter(invitation::Column::AcceptedAt.is_null())
            .exec(self.db())
            .await
            .map_err(AccountsError::from)?;
        if r.rows_affected == 0 { Err(AppError::NotFound) } else { Ok(()) }
    }

    async fn invitation_preview(&self, token: &str) -> std::result::Result<InvitationPreview, AppError> {
        let inv = self.find_valid_invitation(token).await?;
        let org = organization::Entity::find_by_id(inv.organization_id)
            .one(self.db())
            .await
            .map_err(AccountsError::from)?
            .ok_or_else(expired_link)?;
        let inviter = user::Entity::find_by_id(inv.invited_by).one(self.db()).await.map_err(AccountsError::from)?;
        Ok(InvitationPreview {
            organization_name: org.name,
            email: inv.email,
            invited_by: inviter
                .map(|u| format!("{} {}", u.first_name, u.last_name))
                .unwrap_or_else(|| "Votre équipe".into()),
        })
    }

    async fn accept_invitation(
        &self,
        token: &str,
        first_name: String,
        last_name: String,
        password: Password,
        client: &ClientInfo,
    ) -> std::result::Result<NewSession, AppError> {
        let inv = self.find_valid_invitation(token).await?;
        if Self::email_exists(self.db(), &inv.email).await? {
            return Err(email_taken().into());
        }
        let hash = hash_password(password.expose().to_string()).await.map_err(AccountsError::from)?;
        let now = Utc::now();
        let txn = self.db().begin().await.map_err(AccountsError::from)?;
        let accepted = invitation::Entity::update_many()
            .col_expr(invitation::Column::AcceptedAt, Expr::value(now))
            .filter(invitation::Column::Id.eq(inv.id))
            .filter(invitation::Column::AcceptedAt.is_null())
            .exec(&txn)
            .await
            .map_err(AccountsError::from)?;
        if accepted.rows_affected != 1 {
            return Err(expired_link().into());
        }
        let u = user::ActiveModel {
            organization_id: Set(inv.organization_id),
            email: Set(inv.email.clone()),
            password_hash: Set(hash),
            first_name: Set(first_name.clone()),
            last_name: Set(last_name.clone()),
            role: Set(OrgRole::Member),
            is_admin: Set(false),
            created_at: Set(now),
            // The invitation reached this address: opening its link confirms it.
            email_verified_at: Set(Some(now)),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(|e| if is_unique_violation(&e) { email_taken() } else { e.into() })?;
        notify(
            &txn,
            inv.organization_id,
            None,
            "Un collègue a rejoint l'équipe",
            &format!("{first_name} {last_name} a accepté votre invitation."),
            Some("/app/parametres#equipe"),
        )
        .await?;
        let session = self.open_session(&txn, u.id, u.organization_id, client).await?;
        txn.commit().await.map_err(AccountsError::from)?;
        Ok(session)
    }

    async fn verify_email(&self, token: &str) -> std::result::Result<(), AppError> {
        let now = Utc::now();
        let link = email_verification::Entity::find()
            .filter(email_verification::Column::TokenHash.eq(token_hash(token)))
            .filter(email_verification::Column::UsedAt.is_null())
            .filter(email_verification::Column::ExpiresAt.gt(now))
            .one(self.db())
            .await
            .map_err(AccountsError::from)?
            .ok_or_else(expired_link)?;
        let txn = crate::db::begin_write(self.db()).await.map_err(AccountsError::from)?;
        // Guarded on `used_at IS NULL`: a link works once, even opened twice at the same instant.
        let used = email_verification::Entity::update_many()
            .col_expr(email_verification::Column::UsedAt, Expr::value(now))
            .filter(email_verification::Column::Id.eq(link.id))
            .filter(email_verification::Column::UsedAt.is_null())
            .exec(&txn)
            .await
            .map_err(AccountsError::from)?;
        if used.rows_affected != 1 {
            return Err(expired_link().into());
        }
        let confirmed = user::Entity::update_many()
            .col_expr(user::Column::EmailVerifiedAt, Expr::value(now))
            .filter(user::Column::Id.eq(link.user_id))
            .filter(user::Column::EmailVerifiedAt.is_null())
            .exec(&txn)
            .await
            .map_err(AccountsError::from)?;
        let u = user::Entity::find_by_id(link.user_id).one(&txn).await.map_err(AccountsError::from)?;
        // The trial goes to the organisation once, when its owner first confirms.
        if let Some(u) = u.filter(|u| confirmed.rows_affected == 1 && u.role == OrgRole::Owner) {
            crate::credits::grant_trial(&txn, u.organization_id).await.map_err(AccountsError::from)?;
            let trial =
                crate::credits::TRIAL.iter().map(|(quota, n)| quota.count_fr(*n)).collect::<Vec<_>>().join(" et ");
            notify(
                &txn,
                u.organization_id,
                None,
                "Adresse confirmée : votre essai commence",
                &format!("Votre essai comprend {trial}. Commencez par générer votre première base de prospects."),
                Some("/app/bases/nouvelle"),
            )
            .await?;
        }
        txn.commit().await.map_err(AccountsError::from)?;
        Ok(())
    }

    async fn resend_verification(&self, actor: &SessionUser) -> std::result::Result<(), AppError> {
        if actor.email_verified {
            return Ok(());
        }
        let limits = &self.app.config.limits;
        let key = actor.user_id.to_string();
        limits::check(self.db(), LimitedAction::VerificationEmail, &key, limits.verification_mails_per_user)
            .await
            .map_err(AccountsError::from)?;
        let u = user::Entity::find_by_id(actor.user_id)
            .one(self.db())
            .await
            .map_err(AccountsError::from)?
            .ok_or(AppError::Unauthenticated)?;
        let txn = self.db().begin().await.map_err(AccountsError::from)?;
        self.send_verification(&txn, &u).await?;
        txn.commit().await.map_err(AccountsError::from)?;
        Ok(())
    }

    async fn sandbox_inbox(&self, actor: &SessionUser) -> std::result::Result<Vec<SandboxMail>, AppError> {
        // Only the simulated mail of the sandbox, and only what was sent to the caller.
        if !self.app.config.is_sandbox() {
            return Err(AppError::NotFound);
        }
        Ok(crate::mail::sink::latest(self.db(), Some(actor.email.as_str()), 20).await.map_err(AccountsError::from)?)
    }

    async fn notifications(&self, actor: &SessionUser) -> std::result::Result<Vec<Notification>, AppError> {
        let rows = notification::Entity::find()
            .filter(for_actor(actor))
            .order_by_desc(notification::Column::CreatedAt)
            .order_by_desc(notification::Column::Id)
            .limit(20)
            .all(self.db())
            .await
            .map_err(AccountsError::from)?;
        Ok(rows
            .into_iter()
            .map(|n| Notification {
                id: n.id,
                title: n.title,
                body: n.body,
                link: n.link,
                created_at: datetime_fr(n.created_at),
                read: n.read_at.is_some(),
            })
            .collect())
    }

    async fn tour_pending(&self, actor: &SessionUser) -> std::result::Result<bool, AppError> {
        let me = user::Entity::find_by_id(actor.user_id).one(self.db()).await.map_err(AccountsError::from)?;
        Ok(me.is_some_and(|u| u.tour_seen_at.is_none()))
    }

    async fn tour_seen(&self, actor: &SessionUser) -> std::result::Result<(), AppError> {
        user::Entity::update_many()
            .col_expr(user::Column::TourSeenAt, sea_orm::sea_query::Expr::value(Utc::now()))
            .filter(user::Column::Id.eq(actor.user_id))
            .filter(user::Column::TourSeenAt.is_null())
            .exec(self.db())
            .await
            .map_err(AccountsError::from)?;
        Ok(())
    }

    fn tutorial_video(&self) -> Option<String> {
        self.app.config.tutorial_video.clone()
    }

    async fn unread_notifications(&self, actor: &SessionUser) -> std::result::Result<u64, AppError> {
        Ok(notification::Entity::find()
            .filter(for_actor(actor))
            .filter(notification::Column::ReadAt.is_null())
            .count(self.db())
            .await
            .map_err(AccountsError::from)?)
    }

    async fn mark_notification_read(
        &self,
        actor: &SessionUser,
        notification_id: i64,
    ) -> std::result::Result<(), AppError> {
        let found = notification::Entity::find()
            .filter(notification::Column::Id.eq(notification_id))
            .filter(for_actor(actor))
            .count(self.db())
            .await
            .map_err(AccountsError::from)?;
        if found == 0 {
            return Err(AppError::NotFound);
        }
        mark_read(self.db(), Condition::all().add(notification::Column::Id.eq(notification_id)).add(for_actor(actor)))
            .await
    }

    async fn mark_all_notifications_read(&self, actor: &SessionUser) -> std::result::Result<(), AppError> {
        mark_read(self.db(), for_actor(actor)).await
    }

    async fn notification_preferences(
        &self,
        actor: &SessionUser,
    ) -> std::result::Result<Vec<prospecta_shared::notifications::NotificationPreference>, AppError> {
        super::notify::preferences(self.db(), actor.user_id).await.map_err(|e| AccountsError::from(e).into())
    }

    async fn set_notification_preference(
        &self,
        actor: &SessionUser,
        kind: &str,
        delivery: &str,
    ) -> std::result::Result<(), AppError> {
        use prospecta_shared::notifications::Delivery;
        // Payment issues are not chosen: billing e-mails the owners its notices.
        let kind = NotificationKind::parse(kind)
            .filter(|k| *k != NotificationKind::PaymentIssue)
            .ok_or(AppError::validation("kind", ValidationCode::Required))?;
        let delivery = Delivery::parse(delivery).ok_or(AppError::validation("delivery", ValidationCode::Required))?;
        super::notify::set_preference(self.db(), actor.user_id, kind, delivery)
            .await
            .map_err(|e| AccountsError::from(e).into())
    }
}

/// Who joins the organisation is the owner's decision.
pub(super) fn require_owner(actor: &SessionUser) -> std::result::Result<(), AppError> {
    if actor.role == OrgRole::Owner { Ok(()) } else { Err(AppError::Forbidden) }
}

/// Notifications an actor may see: their organisation's, addressed to all or to them.
fn for_actor(actor: &SessionUser) -> Condition {
    Condition::all().add(notification::Column::OrganizationId.eq(actor.organization_id)).add(
        Condition::any()
            .add(notification::Column::UserId.is_null())
            .add(notification::Column::UserId.eq(actor.user_id)),
    )
}

async fn mark_read(db: &DatabaseConnection, scope: Condition) -> std::result::Result<(), AppError> {
    notification::Entity::update_many()
        .col_expr(notification::Column::ReadAt, Expr::value(Utc::now()))
        .filter(scope)
        .filter(notification::Column::ReadAt.is_null())
        .exec(db)
        .await
        .map_err(AccountsError::from)?;
    Ok(())
}

/// Delete what no longer serves: expired sessions, old login attempts, spent links.
pub(super) async fn purge_expired(db: &DatabaseConnection, now: DateTime<Utc>) -> std::result::Result<u64, DbErr> {
    let day_ago = now - ChronoDuration::days(1);
    let mut n = session::Entity::delete_many().filter(session::Column::ExpiresAt.lt(now)).exec(db).await?.rows_affected;
    n += login_attempt::Entity::delete_many()
        .filter(login_attempt::Column::AttemptedAt.lt(day_ago))
        .exec(db)
        .await?
        .rows_affected;
    n += password_reset::Entity::delete_many()
        .filter(password_reset::Column::ExpiresAt.lt(day_ago))
        .exec(db)
        .await?
        .rows_affected;
    n += email_verification::Entity::delete_many()
        .filter(email_verification::Column::ExpiresAt.lt(day_ago))
        .exec(db)
        .await?
        .rows_affected;
    n += crate::limits::purge(db).await?;
    Ok(n)
}
