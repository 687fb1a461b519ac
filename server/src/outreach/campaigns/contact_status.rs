//! What a contact row shows (FORM-6, FORM-7): its status in French, its tone and its detail.

use super::states::{Channel, ContactOutcome, ContactState, FAILURE_LABEL};
use crate::time::date_fr;
use chrono::{DateTime, Utc};
use prospecta_shared::campaigns::StatusTone;

/// What a contact whose first message waits for e-mail is told.
pub const EMAIL_WAITING: &str = "Son adresse e-mail est connue : le premier message lui partira par e-mail depuis \
     votre messagerie, dans le rythme de la campagne. Sans messagerie connectée (Paramètres), il attend.";

fn date_time_fr(at: DateTime<Utc>) -> String {
    format!("{} à {}", date_fr(at), crate::time::time_fr(at))
}

/// The follow-ups of one contact that really left: its form attempts of step ≥ 2 marked sent.
/// The contact's `step` also counts follow-ups that failed, so it cannot say this alone.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FollowUpsSent {
    pub count: u32,
    pub last: Option<DateTime<Utc>>,
}

impl FollowUpsSent {
    pub fn add(&mut self, at: DateTime<Utc>) {
        self.count += 1;
        self.last = Some(self.last.map_or(at, |last| last.max(at)));
    }
}

/// What a contact row shows: the status, its tone, and the detail (the site's message, the
/// retry date…).
pub fn status_of(c: &super::entities::contact::Model, sent: FollowUpsSent) -> (String, StatusTone, Option<String>) {
    let reason = c.outcome.map_or(FAILURE_LABEL, ContactOutcome::label);
    let detail = c.detail.clone().filter(|d| !d.is_empty());
    match c.state {
        ContactState::Sent => {
            let first = c.first_sent_at.map(date_fr).unwrap_or_default();
            let how = if c.channel == Channel::Email { "E-mail envoyé" } else { "Formulaire envoyé" };
            let status = match sent.last {
                Some(last) if sent.count > 0 => {
                    format!("{how} le {first} · relance {} le {}", sent.count, date_fr(last))
                }
                _ => format!("{how} le {first}"),
            };
            (status, StatusTone::Success, detail)
        }
        ContactState::Replied => {
            let on = c.replied_at.map(date_fr).unwrap_or_default();
            let text = if c.reply_positive { "Réponse positive le" } else { "Réponse reçue le" };
            (format!("{text} {on}"), if c.reply_positive { StatusTone::Success } else { StatusTone::Neutral }, detail)
        }
        ContactState::Queued | ContactState::Sending => ("Envoi en cours".into(), StatusTone::Progress, None),
        ContactState::Failed => (reason.into(), StatusTone::Danger, detail),
        ContactState::Unknown => (
            "Résultat inconnu : à vérifier".into(),
            StatusTone::Warning,
            detail.or(Some("L'envoi a été interrompu : il n'est jamais renvoyé automatiquement.".into())),
        ),
        ContactState::Email => {
            (format!("{reason} : e-mail en attente"), StatusTone::Warning, Some(EMAIL_WAITING.into()))
        }
        ContactState::Pending => match c.next_action_at {
            Some(at) if at > Utc::now() => {
                (format!("Nouvel essai prévu le {}", date_time_fr(at)), StatusTone::Neutral, detail)
            }
            _ => ("En attente d'envoi".into(), StatusTone::Neutral, None),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outreach::campaigns::entities::contact;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn sent(step: i32) -> contact::Model {
        contact::Model {
            id: prospecta_shared::ids::ContactId(1),
            campaign_id: prospecta_shared::ids::CampaignId(1),
            organization_id: prospecta_shared::ids::OrgId(1),
            company_id: prospecta_shared::ids::CompanyId(1),
            database_row_id: prospecta_shared::ids::RowId(1),
            variant_id: None,
            state: ContactState::Sent,
            step,
            outcome: Some(ContactOutcome::Submitted),
            detail: None,
            transient: 0,
            contact_url: None,
            screenshot: None,
            first_sent_at: Some(at("2026-11-20T10:00:00Z")),
            last_sent_at: Some(at("2026-11-20T10:00:00Z")),
            next_action_at: None,
            replied_at: None,
            reply_positive: false,
            created_at: at("2026-11-19T10:00:00Z"),
            updated_at: at("2026-11-20T10:00:00Z"),
            reservations: 1,
            channel: Channel::Form,
        }
    }

    #[test]
    fn a_follow_up_is_named_only_once_it_left() {
        // Its follow-up failed: the step moved on, but only the first message left.
        let failed = contact::Model { detail: Some("Relance 1 impossible : CAPTCHA".into()), ..sent(2) };
        let (status, _, detail) = status_of(&failed, FollowUpsSent::default());
        assert_eq!(status, "Formulaire envoyé le 20/11/2026");
        assert_eq!(detail.as_deref(), Some("Relance 1 impossible : CAPTCHA"));
        let mut one = FollowUpsSent::default();
        one.add(at("2026-11-28T09:00:00Z"));
        let (status, tone, _) = status_of(&sent(2), one);
        assert_eq!(status, "Formulaire envoyé le 20/11/2026 · relance 1 le 28/11/2026");
        assert_eq!(tone, StatusTone::Success);
    }

    #[test]
    fn a_contact_left_to_e_mail_says_nothing_was_sent() {
        let k = contact::Model { state: ContactState::Email, outcome: Some(ContactOutcome::Captcha), ..sent(0) };
        let (status, tone, detail) = status_of(&k, FollowUpsSent::default());
        assert_eq!(status, "Formulaire protégé par un CAPTCHA : e-mail en attente");
        assert_eq!(tone, StatusTone::Warning);
        assert!(detail.unwrap().contains("Sans messagerie connectée (Paramètres), il attend."));
        let by_email = contact::Model { channel: Channel::Email, ..sent(1) };
        assert_eq!(status_of(&by_email, FollowUpsSent::default()).0, "E-mail envoyé le 20/11/2026");
    }
}
