//! Server functions of the accounts capability. Each one: identity, port, call. Nothing else.

use leptos::prelude::*;
use prospecta_shared::AppError;
use prospecta_shared::accounts::{InvitationPreview, Notification, SessionUser, Team};
use prospecta_shared::organization::OrganizationDetails;
#[cfg(feature = "ssr")]
use prospecta_shared::{accounts::OrgRole, ids::UserId};
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use {
    super::port::{Accounts, ClientInfo},
    crate::server_ctx::{clear_session_cookie, identity, port, require_user, safe_next, set_session_cookie},
    prospecta_shared::accounts::{Email, NAME_MAX, Password, Signup, required_text},
    prospecta_shared::error::ValidationCode,
};

/// What the frame of every page needs: who is signed in, the mode, the unread count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShellInfo {
    pub user: Option<SessionUser>,
    pub sandbox: bool,
    pub unread_notifications: u64,
    /// The guided tour opens on the dashboard until it was seen.
    pub tour_pending: bool,
    pub tutorial_video: Option<String>,
}

#[cfg(feature = "ssr")]
fn client_info() -> Result<ClientInfo, AppError> {
    let id = identity()?;
    Ok(ClientInfo { ip: id.ip, user_agent: id.user_agent })
}

#[server(endpoint = "accounts/shell")]
pub async fn load_shell() -> Result<ShellInfo, AppError> {
    let id = identity()?;
    shell_info(port::<dyn Accounts>()?.as_ref(), id).await
}

/// The frame's data for a request's caller: what `load_shell` answers, and what the server
/// computes before drawing a page of the signed-in areas (see `shell::GuardedFrame`).
#[cfg(feature = "ssr")]
pub async fn shell_info(
    accounts: &dyn Accounts,
    id: crate::server_ctx::RequestIdentity,
) -> Result<ShellInfo, AppError> {
    let (unread, tour_pending) = match &id.user {
        Some(user) => (accounts.unread_notifications(user).await?, accounts.tour_pending(user).await?),
        None => (0, false),
    };
    Ok(ShellInfo {
        user: id.user,
        sandbox: id.sandbox,
        unread_notifications: unread,
        tour_pending,
        tutorial_video: accounts.tutorial_video(),
    })
}

/// The guided tour finished or skipped: it no longer opens by itself.
#[server(endpoint = "accounts/tour-seen")]
pub async fn mark_tour_seen() -> Result<(), AppError> {
    let user = require_user()?;
    port::<dyn Accounts>()?.tour_seen(&user).await
}

/// `offre` / `contacts`: the offer picked on the landing page, kept for the subscription page.
#[allow(clippy::too_many_arguments)]
#[server(endpoint = "accounts/signup")]
pub async fn sign_up(
    email: String,
    password: String,
    company: String,
    first_name: String,
    last_name: String,
    #[server(default)] offre: Option<String>,
    #[server(default)] contacts: Option<String>,
) -> Result<(), AppError> {
    let form = Signup::parse(&email, &password, &company, &first_name, &last_name)?;
    let session = port::<dyn Accounts>()?.signup(form, &client_info()?).await?;
    set_session_cookie(&session.token, session.max_age_secs);
    if let Some(choice) = prospecta_shared::billing::PlanChoice::from_query(offre.as_deref(), contacts.as_deref()) {
        // The account exists whatever happens here: a choice not remembered is only not preselected.
        let remembered =
            port::<dyn crate::billing::port::Billing>()?.remember_choice(session.organization_id, choice).await;
        if let Err(e) = remembered {
            leptos::logging::warn!("offer picked at sign-up not remembered: {e}");
        }
    }
    // A new organisation starts with the onboarding wizard (a teammate who joins one does not).
    leptos_axum::redirect("/app/demarrage?bienvenue=1");
    Ok(())
}

#[server(endpoint = "accounts/login")]
pub async fn login(email: String, password: String, next: String) -> Result<(), AppError> {
    if email.trim().is_empty() {
        return Err(AppError::validation("email", ValidationCode::Required));
    }
    if password.is_empty() {
        return Err(AppError::validation("password", ValidationCode::Required));
    }
    let session = port::<dyn Accounts>()?.login(&email, &password, &client_info()?).await?;
    set_session_cookie(&session.token, session.max_age_secs);
    leptos_axum::redirect(&safe_next(Some(next), "/app"));
    Ok(())
}

#[server(endpoint = "accounts/logout")]
pub async fn logout() -> Result<(), AppError> {
    if let Some(token) = identity()?.session_token {
        port::<dyn Accounts>()?.logout(&token).await?;
    }
    clear_session_cookie();
    leptos_axum::redirect("/connexion?deconnecte=1");
    Ok(())
}

/// Always answers the same way whether the address has an account or not, so the form
/// cannot be used to find out who is a client.
#[server(endpoint = "accounts/forgot")]
pub async fn request_password_reset(email: String) -> Result<(), AppError> {
    let email = Email::parse("email", &email)?;
    port::<dyn Accounts>()?.request_password_reset(email).await
}

#[server(endpoint = "accounts/reset")]
pub async fn reset_password(token: String, password: String, confirm: String) -> Result<(), AppError> {
    let password = Password::confirmed("password", &password, &confirm)?;
    port::<dyn Accounts>()?.reset_password(&token, password).await?;
    leptos_axum::redirect("/connexion?reinitialise=1");
    Ok(())
}

#[server(endpoint = "accounts/profile")]
pub async fn update_profile(first_name: String, last_name: String) -> Result<(), AppError> {
    let actor = require_user()?;
    let first_name = required_text("first_name", &first_name, NAME_MAX)?;
    let last_name = required_text("last_name", &last_name, NAME_MAX)?;
    port::<dyn Accounts>()?.update_profile(&actor, first_name, last_name).await
}

#[server(endpoint = "accounts/change-password")]
pub async fn change_password(current: String, password: String, confirm: String) -> Result<(), AppError> {
    let id = identity()?;
    let actor = id.user.ok_or(AppError::Unauthenticated)?;
    if current.is_empty() {
        return Err(AppError::validation("current", ValidationCode::Required));
    }
    let password = Password::confirmed("password", &password, &confirm)?;
    let keep = id.session_token.unwrap_or_default();
    port::<dyn Accounts>()?.change_password(&actor, &keep, &current, password).await
}

#[server(endpoint = "accounts/member-role")]
pub async fn change_member_role(member: i64, role: String) -> Result<(), AppError> {
    let role = OrgRole::parse(&role).ok_or_else(|| AppError::validation("role", ValidationCode::Required))?;
    port::<dyn Accounts>()?.change_role(&require_user()?, UserId(member), role).await
}

#[server(endpoint = "accounts/transfer-ownership")]
pub async fn transfer_ownership(member: i64) -> Result<(), AppError> {
    port::<dyn Accounts>()?.transfer_ownership(&require_user()?, UserId(member)).await
}

#[server(endpoint = "accounts/remove-member")]
pub async fn remove_member(member: i64) -> Result<(), AppError> {
    port::<dyn Accounts>()?.remove_member(&require_user()?, UserId(member)).await
}

#[server(endpoint = "accounts/organization")]
pub async fn load_organization() -> Result<OrganizationDetails, AppError> {
    port::<dyn Accounts>()?.organization(&require_user()?).await
}

#[server(endpoint = "accounts/save-organization")]
pub async fn save_organization(
    name: String,
    legal_name: String,
    siret: String,
    street: String,
    postcode: String,
    city: String,
    naf_code: String,
) -> Result<(), AppError> {
    let actor = require_user()?;
    let details = OrganizationDetails::parse(&name, &legal_name, &siret, &street, &postcode, &city, &naf_code)?;
    port::<dyn Accounts>()?.save_organization(&actor, details).await
}

#[server(endpoint = "accounts/close")]
pub async fn close_account(current: String) -> Result<(), AppError> {
    let actor = require_user()?;
    if current.is_empty() {
        return Err(AppError::validation("current", ValidationCode::Required));
    }
    port::<dyn Accounts>()?.close_account(&actor, &current).await?;
    clear_session_cookie();
    leptos_axum::redirect("/connexion?compte-ferme=1");
    Ok(())
}

#[server(endpoint = "accounts/team")]
pub async fn load_team() -> Result<Team, AppError> {
    port::<dyn Accounts>()?.team(&require_user()?).await
}

#[server(endpoint = "accounts/invite")]
pub async fn invite_member(email: String) -> Result<(), AppError> {
    let actor = require_user()?;
    let email = Email::parse("email", &email)?;
    port::<dyn Accounts>()?.invite(&actor, email).await
}

#[server(endpoint = "accounts/revoke-invitation")]
pub async fn revoke_invitation(id: i64) -> Result<(), AppError> {
    port::<dyn Accounts>()?.revoke_invitation(&require_user()?, id).await
}

#[server(endpoint = "accounts/invitation")]
pub async fn load_invitation(token: String) -> Result<InvitationPreview, AppError> {
    port::<dyn Accounts>()?.invitation_preview(&token).await
}

#[server(endpoint = "accounts/accept-invitation")]
pub async fn accept_invitation(
    token: String,
    first_name: String,
    last_name: String,
    password: String,
) -> Result<(), AppError> {
    let first_name = required_text("first_name", &first_name, NAME_MAX)?;
    let last_name = required_text("last_name", &last_name, NAME_MAX)?;
    let password = Password::parse("password", &password)?;
    let session =
        port::<dyn Accounts>()?.accept_invitation(&token, first_name, last_name, password, &client_info()?).await?;
    set_session_cookie(&session.token, session.max_age_secs);
    leptos_axum::redirect("/app?bienvenue=1");
    Ok(())
}

/// The link of the confirmation e-mail, confirmed by a click (a mail scanner that merely opens
/// the link spends nothing).
#[server(endpoint = "accounts/verify-email")]
pub async fn verify_email(token: String) -> Result<(), AppError> {
    port::<dyn Accounts>()?.verify_email(&token).await?;
    leptos_axum::redirect("/app?confirme=1");
    Ok(())
}

#[server(endpoint = "accounts/resend-verification")]
pub async fn resend_verification() -> Result<(), AppError> {
    port::<dyn Accounts>()?.resend_verification(&require_user()?).await
}

/// Sandbox only: the simulated mail sent to the caller's own address, so a newcomer can open
/// the confirmation link without an admin.
#[server(endpoint = "accounts/sandbox-inbox")]
pub async fn sandbox_inbox() -> Result<Vec<prospecta_shared::jobs::SandboxMail>, AppError> {
    port::<dyn Accounts>()?.sandbox_inbox(&require_user()?).await
}

#[server(endpoint = "accounts/notifications")]
pub async fn load_notifications() -> Result<Vec<Notification>, AppError> {
    port::<dyn Accounts>()?.notifications(&require_user()?).await
}

#[server(endpoint = "accounts/notification-read")]
pub async fn mark_notification_read(id: i64) -> Result<(), AppError> {
    port::<dyn Accounts>()?.mark_notification_read(&require_user()?, id).await
}

#[server(endpoint = "accounts/notification-preferences")]
pub async fn load_notification_preferences()
-> Result<Vec<prospecta_shared::notifications::NotificationPreference>, AppError> {
    port::<dyn Accounts>()?.notification_preferences(&require_user()?).await
}

#[server(endpoint = "accounts/set-notification-preference")]
pub async fn set_notification_preference(kind: String, delivery: String) -> Result<(), AppError> {
    port::<dyn Accounts>()?.set_notification_preference(&require_user()?, &kind, &delivery).await
}

#[server(endpoint = "accounts/notifications-read-all")]
pub async fn mark_all_notifications_read() -> Result<(), AppError> {
    port::<dyn Accounts>()?.mark_all_notifications_read(&require_user()?).await
}
