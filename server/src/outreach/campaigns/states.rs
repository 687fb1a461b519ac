//! The life of a contact, and how each outcome reads in French (FORM-6, FORM-7); with the other
//! values the campaign tables store as text. Each is an enum the entities use as a column type
//! (`DeriveActiveEnum`): the strings are the ones stored since the tables exist, so rows read
//! back as they are.

use prospecta_shared::campaigns::CampaignStatus;
use sea_orm::entity::prelude::*;

/// A campaign's status (`campaigns.status`). The pages know it as the shared [`CampaignStatus`],
/// which has no database derive: the shared crate is also built for the browser.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum StoredCampaignStatus {
    #[sea_orm(string_value = "draft")]
    Draft,
    #[sea_orm(string_value = "running")]
    Running,
    #[sea_orm(string_value = "paused")]
    Paused,
}

impl From<StoredCampaignStatus> for CampaignStatus {
    fn from(status: StoredCampaignStatus) -> Self {
        match status {
            StoredCampaignStatus::Draft => CampaignStatus::Draft,
            StoredCampaignStatus::Running => CampaignStatus::Running,
            StoredCampaignStatus::Paused => CampaignStatus::Paused,
        }
    }
}

/// What a message variant is for (`campaign_variants.kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum VariantKind {
    /// A first message, one of the A/B test's.
    #[sea_orm(string_value = "initial")]
    Initial,
    /// The campaign's one follow-up.
    #[sea_orm(string_value = "follow_up")]
    FollowUp,
}

/// How an attempt reaches the prospect (`contact_attempts.channel`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum Channel {
    /// Its website's contact form.
    #[sea_orm(string_value = "form")]
    Form,
    /// An e-mail: queued only, until e-mail sending exists.
    #[sea_orm(string_value = "email")]
    Email,
}

/// A contact's state (`campaign_contacts.state`). Transitions: `Pending` → `Queued` (the
/// dispatcher reserved it) → `Sending` (written just before the submit click) → `Sent` |
/// `Failed` | `Unknown`; a transient failure goes back to `Pending` with a later
/// `next_action_at`; a reply makes it `Replied`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum ContactState {
    #[sea_orm(string_value = "pending")]
    Pending,
    #[sea_orm(string_value = "queued")]
    Queued,
    #[sea_orm(string_value = "sending")]
    Sending,
    #[sea_orm(string_value = "sent")]
    Sent,
    #[sea_orm(string_value = "failed")]
    Failed,
    #[sea_orm(string_value = "unknown")]
    Unknown,
    /// The form could not be used but an e-mail is known: nothing was sent, and nothing will be
    /// until e-mail sending exists (the row says so).
    #[sea_orm(string_value = "email")]
    Email,
    #[sea_orm(string_value = "replied")]
    Replied,
}

impl ContactState {
    /// The failures the client sees: the form could not be used, or its fate is unknown.
    pub const NOT_SENT_BY_FORM: [ContactState; 3] = [ContactState::Failed, ContactState::Email, ContactState::Unknown];
}

/// The state of one attempt (`contact_attempts.state`): the log the 7-day platform guard, the
/// daily pace and the figures count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum AttemptState {
    /// An e-mail attempt waiting for e-mail sending to exist.
    #[sea_orm(string_value = "queued")]
    Queued,
    /// The gate passed: the form is being submitted.
    #[sea_orm(string_value = "sending")]
    Sending,
    #[sea_orm(string_value = "sent")]
    Sent,
    #[sea_orm(string_value = "failed")]
    Failed,
    /// Submitted, but whether the site got it is unknown: never sent again.
    #[sea_orm(string_value = "unknown")]
    Unknown,
    /// A transient failure before anything was sent: the contact is tried again later.
    #[sea_orm(string_value = "retry")]
    Retry,
}

impl AttemptState {
    /// The attempts that may have reached the prospect: sent, being sent, or of unknown fate.
    pub const REACHING: [AttemptState; 3] = [AttemptState::Sent, AttemptState::Sending, AttemptState::Unknown];
}

/// Outcomes of our own, beside the engine's (`submitted`, `captcha`, `no_form`…).
pub mod outcome {
    pub const NO_SITE: &str = "no_site";
    pub const OPPOSED: &str = "opposed";
}

/// The French reason of a failure outcome.
pub fn outcome_label(outcome: &str) -> &'static str {
    match outcome {
        "captcha" => "Formulaire protégé par un CAPTCHA",
        "no_form" => "Aucun formulaire de contact trouvé",
        "validation_error" => "Formulaire refusé par le site",
        "site_down" => "Site indisponible",
        "blocked" => "Site inaccessible (protection anti-robot)",
        "refused_solicitation" => "Le site refuse la prospection commerciale",
        "forbidden_address" => "Adresse du site refusée (réseau interne, port ou protocole interdit)",
        "unknown" => "Résultat de l'envoi inconnu",
        outcome::NO_SITE => "Aucun site web connu",
        outcome::OPPOSED => "Opposition à la prospection enregistrée",
        _ => "Échec de l'envoi",
    }
}

/// Transient outcomes are retried (twice, with backoff); the others are final.
pub fn is_transient(outcome: &str) -> bool {
    matches!(outcome, "site_down" | "unknown")
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::Iterable;

    #[test]
    fn a_stored_campaign_status_is_the_pages_status_of_the_same_name() {
        for stored in StoredCampaignStatus::iter() {
            assert_eq!(stored.to_value(), CampaignStatus::from(stored).as_str());
        }
    }
}
