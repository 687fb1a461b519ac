//! The life of a contact, and how each outcome reads in French (FORM-6, FORM-7); with the other
//! values the campaign tables store as text. Each is an enum the entities use as a column type
//! (`stored_enum!`): the strings are the ones stored since the tables exist, so rows read back
//! as they are.

use crate::outreach::forms::Outcome;

prospecta_shared::stored_enum! {
    /// What a message variant is for (`campaign_variants.kind`).
    pub enum VariantKind {
        /// A first message, one of the A/B test's.
        Initial = "initial",
        /// The campaign's one follow-up.
        FollowUp = "follow_up",
    }
}

prospecta_shared::stored_enum! {
    /// How an attempt reaches the prospect (`contact_attempts.channel`).
    pub enum Channel {
        /// Its website's contact form.
        Form = "form",
        /// An e-mail, from the organisation's own mailbox.
        Email = "email",
    }
}

prospecta_shared::stored_enum! {
    /// A contact's state (`campaign_contacts.state`). Transitions: `Pending` → `Queued` (the
    /// dispatcher reserved it) → `Sending` (written just before the submit click) → `Sent` |
    /// `Failed` | `Unknown`; a transient failure goes back to `Pending` with a later
    /// `next_action_at`; a reply makes it `Replied`.
    pub enum ContactState {
        Pending = "pending",
        Queued = "queued",
        Sending = "sending",
        Sent = "sent",
        Failed = "failed",
        Unknown = "unknown",
        /// The form could not be used but an e-mail is known: the first message waits for the
        /// organisation's mailbox (the dispatcher takes it once one is connected).
        Email = "email",
        Replied = "replied",
    }
}

impl ContactState {
    /// The failures the client sees: the form could not be used, or its fate is unknown.
    pub const NOT_SENT_BY_FORM: [ContactState; 3] = [ContactState::Failed, ContactState::Email, ContactState::Unknown];
}

prospecta_shared::stored_enum! {
    /// The state of one attempt (`contact_attempts.state`): the log the 7-day platform guard, the
    /// daily pace and the figures count.
    pub enum AttemptState {
        /// The gate passed: the form is being submitted.
        Sending = "sending",
        Sent = "sent",
        /// Submitted, but whether the site got it is unknown: never sent again.
        Unknown = "unknown",
        /// A transient failure before anything was sent: the contact is tried again later.
        Retry = "retry",
        Failed = "failed",
        /// An e-mail attempt waiting for the organisation's mailbox.
        Queued = "queued",
    }
}

impl AttemptState {
    /// The attempts that may have reached the prospect: sent, being sent, or of unknown fate.
    pub const REACHING: [AttemptState; 3] = [AttemptState::Sent, AttemptState::Sending, AttemptState::Unknown];
}

prospecta_shared::stored_enum! {
    /// What became of a contact's attempt (`campaign_contacts.outcome`,
    /// `contact_attempts.outcome`): the form engine's outcome on the site, under the engine's own
    /// name, or a reason of ours not to visit the site at all.
    pub enum ContactOutcome {
        Submitted = "submitted",
        Captcha = "captcha",
        NoForm = "no_form",
        ValidationError = "validation_error",
        SiteDown = "site_down",
        Blocked = "blocked",
        RefusedSolicitation = "refused_solicitation",
        ForbiddenAddress = "forbidden_address",
        Unknown = "unknown",
        /// No website is known, or the row left its database: nothing to visit.
        NoSite = "no_site",
        /// The prospect objected to solicitation: its site is never visited.
        Opposed = "opposed",
        /// The address bounced for good (now or before): no e-mail goes to it.
        Undeliverable = "undeliverable",
    }
}

/// How a failure reads when no outcome says more.
pub const FAILURE_LABEL: &str = "Échec de l'envoi";

impl ContactOutcome {
    /// The French reason of a failure with this outcome.
    pub fn label(self) -> &'static str {
        match self {
            ContactOutcome::Captcha => "Formulaire protégé par un CAPTCHA",
            ContactOutcome::NoForm => "Aucun formulaire de contact trouvé",
            ContactOutcome::ValidationError => "Formulaire refusé par le site",
            ContactOutcome::SiteDown => "Site indisponible",
            ContactOutcome::Blocked => "Site inaccessible (protection anti-robot)",
            ContactOutcome::RefusedSolicitation => "Le site refuse la prospection commerciale",
            ContactOutcome::ForbiddenAddress => "Adresse du site refusée (réseau interne, port ou protocole interdit)",
            ContactOutcome::Unknown => "Résultat de l'envoi inconnu",
            ContactOutcome::NoSite => "Aucun site web connu",
            ContactOutcome::Opposed => "Opposition à la prospection enregistrée",
            ContactOutcome::Undeliverable => "Adresse e-mail refusée par le serveur du destinataire",
            // Never the reason of a failure: should it be read as one, it names none.
            ContactOutcome::Submitted => FAILURE_LABEL,
        }
    }

    /// Transient outcomes are retried (twice, with backoff); the others are final.
    pub fn is_transient(self) -> bool {
        matches!(self, ContactOutcome::SiteDown | ContactOutcome::Unknown)
    }
}

impl From<Outcome> for ContactOutcome {
    fn from(outcome: Outcome) -> Self {
        match outcome {
            Outcome::Submitted => ContactOutcome::Submitted,
            Outcome::Captcha => ContactOutcome::Captcha,
            Outcome::NoForm => ContactOutcome::NoForm,
            Outcome::ValidationError => ContactOutcome::ValidationError,
            Outcome::SiteDown => ContactOutcome::SiteDown,
            Outcome::Blocked => ContactOutcome::Blocked,
            Outcome::RefusedSolicitation => ContactOutcome::RefusedSolicitation,
            Outcome::ForbiddenAddress => ContactOutcome::ForbiddenAddress,
            Outcome::Unknown => ContactOutcome::Unknown,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::{ActiveEnum, Iterable};

    #[test]
    fn a_shared_enum_is_stored_under_the_name_it_parses_from() {
        use prospecta_shared::accounts::OrgRole;
        use prospecta_shared::campaigns::CampaignStatus;
        use prospecta_shared::jobs::JobState;
        fn check<E>(as_str: fn(E) -> &'static str, parse: fn(&str) -> Option<E>)
        where
            E: ActiveEnum<Value = String> + Iterable + Copy + PartialEq + std::fmt::Debug,
        {
            for e in E::iter() {
                assert_eq!(e.to_value(), as_str(e));
                assert_eq!(parse(as_str(e)), Some(e));
            }
        }
        check(CampaignStatus::as_str, CampaignStatus::parse);
        check(JobState::as_str, JobState::parse);
        check(OrgRole::as_str, OrgRole::parse);
    }

    #[test]
    fn an_engine_outcome_is_stored_under_the_name_the_engine_gives_it() {
        for stored in ContactOutcome::iter() {
            match serde_json::from_value::<Outcome>(serde_json::Value::String(stored.to_value())) {
                Ok(engine) => assert_eq!(ContactOutcome::from(engine), stored),
                Err(_) => assert!(
                    matches!(stored, ContactOutcome::NoSite | ContactOutcome::Opposed | ContactOutcome::Undeliverable),
                    "{stored:?}"
                ),
            }
        }
    }
}
