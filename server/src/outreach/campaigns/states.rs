//! The life of a contact, and how each outcome reads in French (FORM-6, FORM-7).

/// A contact's state. Transitions: `pending` → `queued` (the dispatcher reserved it) →
/// `sending` (written just before the submit click) → `sent` | `failed` | `unknown`; a transient
/// failure goes back to `pending` with a later `next_action_at`; a reply makes it `replied`.
/// `email` means the form could not be used but an e-mail is known: nothing was sent, and nothing
/// will be until e-mail sending exists (the row says so).
pub mod state {
    pub const PENDING: &str = "pending";
    pub const QUEUED: &str = "queued";
    pub const SENDING: &str = "sending";
    pub const SENT: &str = "sent";
    pub const FAILED: &str = "failed";
    pub const UNKNOWN: &str = "unknown";
    pub const EMAIL: &str = "email";
    pub const REPLIED: &str = "replied";
    /// The failures the client sees: the form could not be used, or its fate is unknown.
    pub const NOT_SENT_BY_FORM: [&str; 3] = [FAILED, EMAIL, UNKNOWN];
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
