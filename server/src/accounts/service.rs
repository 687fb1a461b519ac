use super::entities::{invitation, login_attempt, notification, organization, password_reset, session, user};
use super::secrets::{decoy_hash, hash_password, new_token, token_hash, verify_password};
use crate::error::internal;
use crate::jobs::enqueue;
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
use prospecta_shared::error::ValidationCode;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DbErr,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
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

/// Unique-index races (two sign-ups with one e-mail at the same instant) surface as DB errors.
fn is_unique_violation(e: &DbErr) -> bool {
    let msg = e.to_string().to_lowercase();
    msg.contains("unique") || msg.contains("duplicate key")
}

#[derive(Clone)]
pub struct AccountsService {
    app: AppState,
}

impl AccountsService {
    pub fn new(app: AppState) -> Self {
        AccountsService { app }
    }

    fn db(&self) -> &DatabaseConnection {
        &self.app.db
    }

    async fn open_session<C: ConnectionTrait>(&self, db: &C, user_id: i64, client: &ClientInfo) -> Result<NewSession> {
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
        Ok(NewSession { token, max_age_secs: ttl.as_secs() as i64 })
    }

    /// The user behind a session cookie, if the session exists and has not expired. Sessions
    /// slide: activity pushes the expiry forward (at most one write an hour per session).
    pub async fn resolve_session(&self, token: &str) -> Result<Option<SessionUser>> {
        let now = Utc::now();
        let Some(s) = session::Entity::find()
            .filter(session::Column::TokenHash.eq(token_hash(token)))
            .filter(session::Column::ExpiresAt.gt(now))
            .one(self.db())
            .await?
        else {
            return Ok(None);
        };
        let Some(u) = user::Entity::find_by_id(s.user_id).one(self.db()).await? else { return Ok(None) };
        let Some(org) = organization::Entity::find_by_id(u.organization_id).one(self.db()).await? else {
            return Ok(None);
        };
        if now - s.last_seen_at > ChronoDuration::hours(1) {
            session::Entity::update_many()
                .col_expr(session::Column::LastSeenAt, Expr::value(now))
                .col_expr(session::Column::ExpiresAt, Expr::value(now + to_chrono(self.app.config.auth.session_ttl)))
                .filter(session::Column::Id.eq(s.id))
                .exec(self.db())
                .await?;
        }
        Ok(Some(session_user(u, org)))
    }

    /// Refuse when this IP or this account had too many failures in the window. The wait is
    /// counted from the oldest failure still in the window.
    async fn check_rate_limit(&self, email: &str, ip: &str) -> Result<()> {
        let auth = &self.app.config.auth;
        let since = Utc::now() - to_chrono(auth.failure_window);
        // A successful login clears the account's counter, not the IP's.
        let last_success = login_attempt::Entity::find()
            .filter(login_attempt::Column::Email.eq(email))
            .filter(login_attempt::Column::Succeeded.eq(true))
            .filter(login_attempt::Column::AttemptedAt.gt(since))
            .order_by_desc(login_attempt::Column::AttemptedAt)
            .one(self.db())
            .await?
            .map(|a| a.attempted_at);
        let by_email = Condition::all()
            .add(login_attempt::Column::Email.eq(email))
            .add(login_attempt::Column::AttemptedAt.gt(last_success.unwrap_or(since).max(since)));
        let by_ip =
            Condition::all().add(login_attempt::Column::Ip.eq(ip)).add(login_attempt::Column::AttemptedAt.gt(since));
        for scope in [by_email, by_ip] {
            let failures = login_attempt::Entity::find()
                .filter(scope)
                .filter(login_attempt::Column::Succeeded.eq(false))
                .order_by_desc(login_attempt::Column::AttemptedAt)
                .limit(auth.max_failures)
                .all(self.db())
                .await?;
            if failures.len() as u64 >= auth.max_failures {
                // The limit lifts when the oldest of the last N failures leaves the window.
                let oldest = failures.last().map(|a| a.attempted_at).unwrap_or_else(Utc::now);
                let wait = (oldest + to_chrono(auth.failure_window) - Utc::now()).num_seconds().max(1) as u64;
                return Err(AppError::RateLimited { retry_after_secs: wait }.into());
            }
        }
        Ok(())
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

    async fn email_exists<C: ConnectionTrait>(db: &C, email: &str) -> Result<bool> {
        Ok(user::Entity::find().filter(user::Column::Email.eq(email)).count(db).await? > 0)
    }
}

fn session_user(u: user::Model, org: organization::Model) -> SessionUser {
    SessionUser {
        user_id: u.id,
        organization_id: org.id,
        organization_name: org.name,
        email: u.email,
        first_name: u.first_name,
        last_name: u.last_name,
        role: OrgRole::parse(&u.role).unwrap_or(OrgRole::Member),
        is_admin: u.is_admin,
    }
}

async fn notify<C: ConnectionTrait>(
    db: &C,
    organization_id: i64,
    user_id: Option<i64>,
    title: &str,
    body: &str,
    link: Option<&str>,
) -> Result<()> {
    post_notification(db, organization_id, user_id, title, body, link).await?;
    Ok(())
}

/// A notification in the bell of one user (`user_id`) or of the whole organisation (`None`).
/// Other capabilities tell clients things through this.
pub async fn post_notification<C: ConnectionTrait>(
    db: &C,
    organization_id: i64,
    user_id: Option<i64>,
    title: &str,
    body: &str,
    link: Option<&str>,
) -> std::result::Result<(), DbErr> {
    notification::ActiveModel {
        organization_id: Set(organization_id),
        user_id: Set(user_id),
        title: Set(title.into()),
        body: Set(body.into()),
        link: Set(link.map(Into::into)),
        created_at: Set(Utc::now()),
        read_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Agency staff, as (user id, organisation id): who gets security alerts.
pub async fn agency_admins<C: ConnectionTrait>(db: &C) -> std::result::Result<Vec<(i64, i64)>, DbErr> {
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
        role: Set(OrgRole::Owner.as_str().into()),
        is_admin: Set(is_admin),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .map_err(|e| if is_unique_violation(&e) { email_taken() } else { e.into() })?;
    // Every organisation starts with its trial credits, in the transaction that creates it.
    crate::prospecting::credits::grant_trial(db, org.id).await?;
    Ok(u)
}

/// `prospecta admin create`: an agency admin, in the agency's own organisation.
pub async fn create_admin(db: &DatabaseConnection, email: &str, password: &str) -> std::result::Result<i64, AppError> {
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

#[async_trait]
impl Accounts for AccountsService {
    async fn signup(&self, form: Signup, client: &ClientInfo) -> std::result::Result<NewSession, AppError> {
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
            "Votre espace est prêt. Commencez par générer votre première base de prospects.",
            Some("/app"),
        )
        .await?;
        let session = self.open_session(&txn, u.id, client).await?;
        txn.commit().await.map_err(AccountsError::from)?;
        tracing::info!(user_id = u.id, organization_id = u.organization_id, "sign-up");
        Ok(session)
    }

    async fn login(
        &self,
        email: &str,
        password: &str,
        client: &ClientInfo,
    ) -> std::result::Result<NewSession, AppError> {
        let email = email.trim().to_lowercase();
        self.check_rate_limit(&email, &client.ip).await?;
        let found = user::Entity::find()
            .filter(user::Column::Email.eq(email.as_str()))
            .one(self.db())
            .await
            .map_err(AccountsError::from)?;
        let hash = found.as_ref().map(|u| u.password_hash.clone()).unwrap_or_else(|| decoy_hash().to_string());
        let valid = verify_password(password.to_string(), hash).await && found.is_some();
        self.record_attempt(&email, &client.ip, valid).await?;
        match found {
            Some(u) if valid => Ok(self.open_session(self.db(), u.id, client).await?),
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
        let Some(u) = user::Entity::find()
            .filter(user::Column::Email.eq(email.as_str()))
            .one(self.db())
            .await
            .map_err(AccountsError::from)?
        else {
            return Ok(());
        };
        let now = Utc::now();
        // At most three links an hour per account: enough for a lost mail, useless for spamming.
        let recent = password_reset::Entity::find()
            .filter(password_reset::Column::UserId.eq(u.id))
            .filter(password_reset::Column::CreatedAt.gt(now - ChronoDuration::hours(1)))
            .count(self.db())
            .await
            .map_err(AccountsError::from)?;
        if recent >= 3 {
            return Ok(());
        }
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

    async fn team(&self, actor: &SessionUser) -> std::result::Result<Team, AppError> {
        let members = user::Entity::find()
            .filter(user::Column::OrganizationId.eq(actor.organization_id))
            .order_by_asc(user::Column::CreatedAt)
            .all(self.db())
            .await
            .map_err(AccountsError::from)?;
        let names: std::collections::HashMap<i64, String> =
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
                    role: OrgRole::parse(&m.role).unwrap_or(OrgRole::Member),
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
            role: Set(OrgRole::Member.as_str().into()),
            is_admin: Set(false),
            created_at: Set(now),
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
        let session = self.open_session(&txn, u.id, client).await?;
        txn.commit().await.map_err(AccountsError::from)?;
        Ok(session)
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
}

/// Who joins the organisation is the owner's decision.
fn require_owner(actor: &SessionUser) -> std::result::Result<(), AppError> {
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
    Ok(n)
}
