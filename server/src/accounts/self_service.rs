//! What a signed-in person changes on their own account, and what an owner changes in the
//! team: name, password, roles, ownership, membership. Each change that touches the team runs
//! in one transaction holding the organisation's team lock, and re-reads the actor's role
//! inside it: two owners demoting each other at once cannot leave the organisation without one.

use super::entities::{login_attempt, notification, organization, session, user};
use super::secrets::{hash_password, token_hash, verify_password};
use super::service::{AccountsError, AccountsService, require_owner};
use crate::limits;
use prospecta_shared::AppError;
use prospecta_shared::accounts::{OrgRole, Password, SessionUser};
use prospecta_shared::error::ValidationCode;
use prospecta_shared::ids::UserId;
use prospecta_shared::organization::OrganizationDetails;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter,
};

type Result<T> = std::result::Result<T, AccountsError>;

fn keep_an_owner() -> AccountsError {
    AccountsError::Refused(AppError::Conflict("votre entreprise doit garder au moins un propriétaire".into()))
}

impl AccountsService {
    pub(super) async fn rename(&self, actor: &SessionUser, first_name: String, last_name: String) -> Result<()> {
        user::Entity::update_many()
            .col_expr(user::Column::FirstName, Expr::value(first_name))
            .col_expr(user::Column::LastName, Expr::value(last_name))
            .filter(user::Column::Id.eq(actor.user_id))
            .exec(self.db())
            .await?;
        Ok(())
    }

    /// The current password, asked again before a change that a stolen session must not be
    /// enough for: checked like a login, counted and limited per account.
    async fn check_current_password(&self, actor: &SessionUser, current: &str) -> Result<user::Model> {
        let auth = &self.app.config.auth;
        let bucket = format!("password-check:{}", actor.user_id);
        let hit = limits::hit(self.db(), &bucket, auth.failure_window).await?;
        if hit.count > auth.max_failures {
            return Err(AppError::RateLimited { retry_after_secs: hit.retry_after_secs() }.into());
        }
        let Some(me) = user::Entity::find_by_id(actor.user_id).one(self.db()).await? else {
            return Err(AppError::Unauthenticated.into());
        };
        if !verify_password(current.to_string(), me.password_hash.clone()).await {
            return Err(AppError::validation("current", ValidationCode::WrongPassword).into());
        }
        limits::clear(self.db(), &bucket).await?;
        Ok(me)
    }

    /// The other sessions end; this one stays.
    pub(super) async fn replace_password(
        &self,
        actor: &SessionUser,
        keep_session: &str,
        current: &str,
        password: Password,
    ) -> Result<()> {
        self.check_current_password(actor, current).await?;
        let hash = hash_password(password.expose().to_string()).await?;
        let txn = crate::db::begin_write(self.db()).await?;
        user::Entity::update_many()
            .col_expr(user::Column::PasswordHash, Expr::value(hash))
            .filter(user::Column::Id.eq(actor.user_id))
            .exec(&txn)
            .await?;
        session::Entity::delete_many()
            .filter(session::Column::UserId.eq(actor.user_id))
            .filter(session::Column::TokenHash.ne(token_hash(keep_session)))
            .exec(&txn)
            .await?;
        txn.commit().await?;
        Ok(())
    }

    /// A transaction holding the organisation's team lock, and the actor as an owner of it.
    async fn team_change(&self, actor: &SessionUser) -> Result<DatabaseTransaction> {
        let txn = crate::db::begin_write(self.db()).await?;
        crate::db::lock_name(&txn, &format!("team:{}", actor.organization_id)).await?;
        let me = user::Entity::find_by_id(actor.user_id).one(&txn).await?;
        if me.is_none_or(|me| me.role != OrgRole::Owner || me.organization_id != actor.organization_id) {
            return Err(AppError::Forbidden.into());
        }
        Ok(txn)
    }

    /// A member of the actor's organisation (never another organisation's: not found).
    async fn teammate(txn: &DatabaseTransaction, actor: &SessionUser, member: UserId) -> Result<user::Model> {
        user::Entity::find_by_id(member)
            .filter(user::Column::OrganizationId.eq(actor.organization_id))
            .one(txn)
            .await?
            .ok_or_else(|| AppError::NotFound.into())
    }

    async fn set_role(txn: &DatabaseTransaction, member: UserId, role: OrgRole) -> Result<()> {
        user::Entity::update_many()
            .col_expr(user::Column::Role, Expr::value(role))
            .filter(user::Column::Id.eq(member))
            .exec(txn)
            .await?;
        Ok(())
    }

    async fn owners(txn: &DatabaseTransaction, actor: &SessionUser) -> Result<u64> {
        Ok(user::Entity::find()
            .filter(user::Column::OrganizationId.eq(actor.organization_id))
            .filter(user::Column::Role.eq(OrgRole::Owner))
            .count(txn)
            .await?)
    }

    pub(super) async fn assign_role(&self, actor: &SessionUser, member: UserId, role: OrgRole) -> Result<()> {
        let txn = self.team_change(actor).await?;
        Self::teammate(&txn, actor, member).await?;
        Self::set_role(&txn, member, role).await?;
        if Self::owners(&txn, actor).await? == 0 {
            return Err(keep_an_owner());
        }
        txn.commit().await?;
        Ok(())
    }

    pub(super) async fn hand_over(&self, actor: &SessionUser, member: UserId) -> Result<()> {
        let txn = self.team_change(actor).await?;
        if member == actor.user_id {
            return Err(AppError::Conflict("vous êtes déjà propriétaire".into()).into());
        }
        Self::teammate(&txn, actor, member).await?;
        Self::set_role(&txn, member, OrgRole::Owner).await?;
        Self::set_role(&txn, actor.user_id, OrgRole::Member).await?;
        txn.commit().await?;
        Ok(())
    }

    /// The person's account is deleted (sessions with it); what they did for the organisation
    /// (databases, campaigns, audit lines) stays the organisation's.
    pub(super) async fn remove(&self, actor: &SessionUser, member: UserId) -> Result<()> {
        let txn = self.team_change(actor).await?;
        if member == actor.user_id {
            return Err(AppError::Conflict("vous ne pouvez pas vous retirer vous-même de l'équipe".into()).into());
        }
        Self::teammate(&txn, actor, member).await?;
        notification::Entity::delete_many().filter(notification::Column::UserId.eq(member)).exec(&txn).await?;
        user::Entity::delete_by_id(member).exec(&txn).await?;
        txn.commit().await?;
        Ok(())
    }

    pub(super) async fn identity_of(&self, actor: &SessionUser) -> Result<OrganizationDetails> {
        let org = organization::Entity::find_by_id(actor.organization_id)
            .one(self.db())
            .await?
            .ok_or(AccountsError::Refused(AppError::NotFound))?;
        Ok(super::directory::details(org))
    }

    /// Owners only; the whole identity is replaced at once.
    pub(super) async fn save_identity(&self, actor: &SessionUser, details: OrganizationDetails) -> Result<()> {
        require_owner(actor)?;
        organization::ActiveModel {
            id: sea_orm::ActiveValue::Unchanged(actor.organization_id),
            name: Set(details.name),
            legal_name: Set(details.legal_name),
            siret: Set(details.siret),
            street: Set(details.street),
            postcode: Set(details.postcode),
            city: Set(details.city),
            naf_code: Set(details.naf_code),
            vat_number: Set(details.vat_number),
            ..Default::default()
        }
        .update(self.db())
        .await?;
        Ok(())
    }

    /// Close the actor's account (RGPD erasure), the current password given again. A teammate's
    /// account goes alone; the last person of an organisation takes the organisation with them,
    /// all its data erased; the last owner of a team must hand ownership over first.
    pub(super) async fn close(&self, actor: &SessionUser, current: &str) -> Result<()> {
        self.check_current_password(actor, current).await?;
        let txn = crate::db::begin_write(self.db()).await?;
        crate::db::lock_name(&txn, &format!("team:{}", actor.organization_id)).await?;
        // Read again under the team lock: a role changed meanwhile counts.
        let me = user::Entity::find_by_id(actor.user_id)
            .one(&txn)
            .await?
            .ok_or(AccountsError::Refused(AppError::Unauthenticated))?;
        let people =
            user::Entity::find().filter(user::Column::OrganizationId.eq(actor.organization_id)).count(&txn).await?;
        let last_owner = me.role == OrgRole::Owner && Self::owners(&txn, actor).await? == 1;
        if people > 1 && last_owner {
            return Err(AppError::Conflict(
                "transférez la propriété à un membre de l'équipe, ou retirez les membres, avant de fermer votre compte"
                    .into(),
            )
            .into());
        }
        login_attempt::Entity::delete_many()
            .filter(login_attempt::Column::Email.eq(me.email.clone()))
            .exec(&txn)
            .await?;
        crate::mail::sink::forget_addresses(&txn, std::slice::from_ref(&me.email)).await?;
        if people == 1 {
            // Databases, rows, campaigns, ledger, usage, notifications, invitations and the
            // person go with the organisation (foreign keys); the rest is forgotten here.
            self.app.forget_organization(&txn, actor.organization_id).await?;
            organization::Entity::delete_by_id(actor.organization_id).exec(&txn).await?;
        } else {
            notification::Entity::delete_many().filter(notification::Column::UserId.eq(me.id)).exec(&txn).await?;
            user::Entity::delete_by_id(me.id).exec(&txn).await?;
        }
        txn.commit().await?;
        Ok(())
    }
}
