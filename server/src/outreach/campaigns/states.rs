//! The life of a contact, and how each state reads in French (FORM-6, FORM-7).

use crate::time::date_fr;
use chrono::{DateTime, Utc};
use prospecta_shared::campaigns::StatusTone;

/// A contact's state. Transitions: `pending` → `queued` (the dispatcher reserved it) →
/// `sending` (written just before the submit click) → `sent` | `failed` | `unknown`; a transient
/// failure goes back to `pending` with a later `next_action_at`; a reply makes it `replied`.
/// `email` means the form could not be used but an e-mail is known: the mail layer takes over.
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

fn date_time_fr(at: DateTime<Utc>) -> String {
    format!("{} à {}", date_fr(at), crate::time::time_fr(at))
}

/// What a contact row shows: the status, its tone, and the detail (the site's message, the
/// retry date…).
pub fn status_of(c: &super::entities::contact::Model) -> (String, StatusTone, Option<String>) {
    let outcome = c.outcome.as_deref().unwrap_or("");
    let detail = c.detail.clone().filter(|d| !d.is_empty());
    match c.state.as_str() {
        state::SENT => {
            let first = c.first_sent_at.map(date_fr).unwrap_or_default();
            let status = match (c.step, c.last_sent_at) {
                (s, Some(last)) if s > 1 => {
                    format!("Formulaire envoyé le {first} · relance {} le {}", s - 1, date_fr(last))
                }
                _ => format!("Formulaire envoyé le {first}"),
            };
            (status, StatusTone::Success, detail)
        }
        state::REPLIED => {
            let on = c.replied_at.map(date_fr).unwrap_or_default();
            let text = if c.reply_positive { "Réponse positive le" } else { "Réponse reçue le" };
            (format!("{text} {on}"), if c.reply_positive { StatusTone::Success } else { StatusTone::Neutral }, detail)
        }
        state::QUEUED | state::SENDING => ("Envoi en cours".into(), StatusTone::Progress, None),
        state::FAILED => (outcome_label(outcome).into(), StatusTone::Danger, detail),
        state::UNKNOWN => (
            "Résultat inconnu : à vérifier".into(),
            StatusTone::Warning,
            detail.or(Some("L'envoi a été interrompu : il n'est jamais renvoyé automatiquement.".into())),
        ),
        state::EMAIL => (
            format!("{} : relais par e-mail", outcome_label(outcome)),
            StatusTone::Warning,
            Some("Le prospect sera contacté par e-mail dès que la messagerie sera branchée.".into()),
        ),
        _ => match c.next_action_at {
            Some(at) if at > Utc::now() => {
                (format!("Nouvel essai prévu le {}", date_time_fr(at)), StatusTone::Neutral, detail)
            }
            _ => ("En attente d'envoi".into(), StatusTone::Neutral, None),
        },
    }
}
