use async_trait::async_trait;
use prospecta_shared::AppError;
use prospecta_shared::accounts::{
    Email, InvitationPreview, Notification, OrgRole, Password, SessionUser, Signup, Team,
};
use prospecta_shared::ids::UserId;
use prospecta_shared::organization::OrganizationDetails;

/// Where a request comes from, for rate limits and the session list.
#[derive(Clone, Debug)]
pub struct ClientInfo {
    pub ip: String,
    pub user_agent: Option<String>,
}

/// A freshly opened session: the cookie value and its lifetime.
#[derive(Clone, Debug)]
pub struct NewSession {
    pub token: String,
    pub max_age_secs: i64,
    /// The organisation the session works in.
    pub organization_id: prospecta_shared::ids::OrgId,
}

/// The accounts capability, implemented by the server. Every method that touches an
/// organisation's data takes the acting user and scopes to their organisation.
#[async_trait]
pub trait Accounts: Send + Sync {
    async fn signup(&self, form: Signup, client: &ClientInfo) -> Result<NewSession, AppError>;
    async fn login(&self, email: &str, password: &str, client: &ClientInfo) -> Result<NewSession, AppError>;
    async fn logout(&self, session_token: &str) -> Result<(), AppError>;
    async fn request_password_reset(&self, email: Email) -> Result<(), AppError>;
    async fn reset_password(&self, token: &str, password: Password) -> Result<(), AppError>;
    /// Change one's own name (it signs the messages sent for the organisation).
    async fn update_profile(&self, actor: &SessionUser, first_name: String, last_name: String) -> Result<(), AppError>;
    /// Change one's password, knowing the current one (checked and limited like a login);
    /// every other session of the account ends, `keep_session` stays open.
    async fn change_password(
        &self,
        actor: &SessionUser,
        keep_session: &str,
        current: &str,
        password: Password,
    ) -> Result<(), AppError>;
    /// Owners: a teammate's role; the organisation always keeps an owner.
    async fn change_role(&self, actor: &SessionUser, member: UserId, role: OrgRole) -> Result<(), AppError>;
    /// Owners: make a teammate the owner and become a member.
    async fn transfer_ownership(&self, actor: &SessionUser, member: UserId) -> Result<(), AppError>;
    /// Owners: remove a teammate's account (what they did stays the organisation's).
    async fn remove_member(&self, actor: &SessionUser, member: UserId) -> Result<(), AppError>;
    /// The organisation's legal identity.
    async fn organization(&self, actor: &SessionUser) -> Result<OrganizationDetails, AppError>;
    /// Owners: replace the organisation's identity (its name included).
    async fn save_organization(&self, actor: &SessionUser, details: OrganizationDetails) -> Result<(), AppError>;
    /// Close one's own account, the current password given again: their data erased, and the
    /// organisation's with it when they are its last person (the last owner of a team must
    /// hand ownership over first).
    async fn close_account(&self, actor: &SessionUser, current: &str) -> Result<(), AppError>;
    async fn team(&self, actor: &SessionUser) -> Result<Team, AppError>;
    async fn invite(&self, actor: &SessionUser, email: Email) -> Result<(), AppError>;
    async fn revoke_invitation(&self, actor: &SessionUser, invitation_id: i64) -> Result<(), AppError>;
    async fn invitation_preview(&self, token: &str) -> Result<InvitationPreview, AppError>;
    async fn accept_invitation(
        &self,
        token: &str,
        first_name: String,
        last_name: String,
        password: Password,
        client: &ClientInfo,
    ) -> Result<NewSession, AppError>;
    /// Confirm an address with the link mailed at sign-up (single use, expiring).
    async fn verify_email(&self, token: &str) -> Result<(), AppError>;
    /// Mail a new confirmation link (limited per hour).
    async fn resend_verification(&self, actor: &SessionUser) -> Result<(), AppError>;
    /// Sandbox only: the simulated mail sent to the caller's own address.
    async fn sandbox_inbox(&self, actor: &SessionUser) -> Result<Vec<prospecta_shared::jobs::SandboxMail>, AppError>;
    async fn notifications(&self, actor: &SessionUser) -> Result<Vec<Notification>, AppError>;
    async fn unread_notifications(&self, actor: &SessionUser) -> Result<u64, AppError>;
    /// The guided tour has not been seen (finished or skipped) yet.
    async fn tour_pending(&self, actor: &SessionUser) -> Result<bool, AppError>;
    async fn tour_seen(&self, actor: &SessionUser) -> Result<(), AppError>;
    /// The tutorial video's address, when the server has one.
    fn tutorial_video(&self) -> Option<String>;
    async fn mark_notification_read(&self, actor: &SessionUser, notification_id: i64) -> Result<(), AppError>;
    async fn mark_all_notifications_read(&self, actor: &SessionUser) -> Result<(), AppError>;
    /// How the actor hears of each kind of notification (ONB-12).
    async fn notification_preferences(
        &self,
        actor: &SessionUser,
    ) -> Result<Vec<prospecta_shared::notifications::NotificationPreference>, AppError>;
    /// `kind` and `delivery` as stored (`hot_lead`, `digest`…).
    async fn set_notification_preference(
        &self,
        actor: &SessionUser,
        kind: &str,
        delivery: &str,
    ) -> Result<(), AppError>;
}
