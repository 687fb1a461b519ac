//! Outreach campaigns through contact forms (FORM-1 … FORM-8): what the client writes when
//! creating one, and what the campaign pages show. The message templates themselves (variables,
//! length fitting, writing advice) live in [`crate::outreach`].

use crate::AppError;
use crate::accounts::{Email, required_text, single_line};
use crate::error::ValidationCode;
use crate::ids::{CampaignId, DatabaseId};
use crate::outreach::{SenderDetails, TemplateError, check_template};
use serde::{Deserialize, Serialize};

pub const NAME_MAX: usize = 100;
pub const SUBJECT_MAX: usize = 150;
pub const BODY_MAX: usize = 4000;
pub const PACE_MAX: u32 = 10_000;
pub const FOLLOW_UP_DAYS_MAX: u32 = 60;
/// Sends per variant before the bandit starts favouring the best one.
pub const DEFAULT_MIN_SAMPLE: u32 = 20;
pub const DEFAULT_FOLLOW_UP_DAYS: u32 = 7;
pub const MAX_FOLLOW_UPS: u32 = 2;

crate::stored_enum! {
    /// A campaign's status (`campaigns.status`).
    #[derive(Serialize, Deserialize)]
    pub enum CampaignStatus {
        Draft = "draft",
        Running = "running",
        Paused = "paused",
    }
}

impl CampaignStatus {
    pub fn label_fr(self) -> &'static str {
        match self {
            CampaignStatus::Draft => "Prête à démarrer",
            CampaignStatus::Running => "En cours",
            CampaignStatus::Paused => "En pause",
        }
    }
}

/// When forms may be sent, in Paris time: chosen days (Monday first), an hour range (end
/// excluded), French public holidays excluded or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SendingWindow {
    pub days: [bool; 7],
    pub start_hour: u8,
    pub end_hour: u8,
    pub skip_holidays: bool,
}

impl Default for SendingWindow {
    fn default() -> Self {
        SendingWindow {
            days: [true, true, true, true, true, false, false],
            start_hour: 9,
            end_hour: 18,
            skip_holidays: true,
        }
    }
}

use crate::format::{WEEKDAYS_FR as DAY_NAMES_FR, WEEKDAYS_SHORT_FR as DAY_SHORT_FR};

impl SendingWindow {
    pub fn is_valid(&self) -> bool {
        self.days.iter().any(|d| *d) && self.start_hour < self.end_hour && self.end_hour <= 24
    }

    /// "Du lundi au vendredi, 9 h – 18 h, hors jours fériés".
    pub fn label_fr(&self) -> String {
        let chosen: Vec<usize> = (0..7).filter(|i| self.days[*i]).collect();
        let contiguous = chosen.windows(2).all(|w| w[1] == w[0] + 1);
        let days = match chosen.as_slice() {
            [] => "Aucun jour".to_string(),
            all if all.len() == 7 => "Tous les jours".to_string(),
            [one] => format!("Le {}", DAY_NAMES_FR[*one]),
            [first, .., last] if contiguous => format!("Du {} au {}", DAY_NAMES_FR[*first], DAY_NAMES_FR[*last]),
            some => {
                let names: Vec<&str> = some.iter().map(|i| DAY_SHORT_FR[*i]).collect();
                let mut text = names.join(", ");
                text[..1].make_ascii_uppercase();
                text
            }
        };
        format!(
            "{days}, {} h – {} h{}",
            self.start_hour,
            self.end_hour,
            if self.skip_holidays { ", hors jours fériés" } else { "" }
        )
    }
}

/// One message: the subject (for forms that ask one) and the body with its variables.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct VariantDraft {
    pub subject: String,
    pub body: String,
}

/// Everything the client fills to create a campaign.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignDraft {
    pub name: String,
    pub database_ids: Vec<DatabaseId>,
    /// 2 or 3 first-message variants (A, B, C).
    pub variants: Vec<VariantDraft>,
    /// The follow-up sent by form when no e-mail is known.
    pub follow_up: VariantDraft,
    pub sender: SenderDetails,
    pub window: SendingWindow,
    pub daily_pace: u32,
    pub follow_up_days: u32,
}

pub const VARIANT_LABELS: [&str; 3] = ["A", "B", "C"];
const VARIANT_FIELDS: [&str; 3] = ["variant_a", "variant_b", "variant_c"];

fn check_body(field: &str, body: &str) -> Result<(), AppError> {
    check_template(body).map_err(|e| {
        AppError::validation(
            field,
            match e {
                TemplateError::Empty => ValidationCode::Required,
                TemplateError::UnknownVariable(_) => ValidationCode::UnknownVariable,
                TemplateError::Unclosed => ValidationCode::TemplateSyntax,
            },
        )
    })?;
    if body.chars().count() > BODY_MAX {
        return Err(AppError::validation(field, ValidationCode::TooLong { max: BODY_MAX as u32 }));
    }
    Ok(())
}

fn check_subject(subject: &str) -> Result<(), AppError> {
    single_line("subject", subject.trim())?;
    if subject.chars().count() > SUBJECT_MAX {
        return Err(AppError::validation("subject", ValidationCode::TooLong { max: SUBJECT_MAX as u32 }));
    }
    check_template(subject).or_else(|e| if e == TemplateError::Empty { Ok(()) } else { Err(e) }).map_err(|e| {
        AppError::validation(
            "subject",
            if matches!(e, TemplateError::Unclosed) {
                ValidationCode::TemplateSyntax
            } else {
                ValidationCode::UnknownVariable
            },
        )
    })
}

impl CampaignDraft {
    /// The first problem, on the field it belongs to (the server checks again whatever the
    /// browser did).
    pub fn validate(&self) -> Result<(), AppError> {
        required_text("name", &self.name, NAME_MAX)?;
        if self.database_ids.is_empty() {
            return Err(AppError::validation("databases", ValidationCode::Required));
        }
        if !(2..=3).contains(&self.variants.len()) {
            let field = if self.variants.len() < 2 { "variant_b" } else { "variant_c" };
            return Err(AppError::validation(field, ValidationCode::OutOfRange { min: 2, max: 3 }));
        }
        for (variant, field) in self.variants.iter().zip(VARIANT_FIELDS) {
            check_subject(&variant.subject)?;
            check_body(field, &variant.body)?;
        }
        check_subject(&self.follow_up.subject)?;
        check_body("follow_up", &self.follow_up.body)?;
        let s = &self.sender;
        if s.first_name.trim().is_empty() || s.last_name.trim().is_empty() {
            return Err(AppError::validation("sender_name", ValidationCode::Required));
        }
        single_line("sender_name", s.first_name.trim())?;
        single_line("sender_name", s.last_name.trim())?;
        single_line("sender_phone", s.phone.trim())?;
        required_text("sender_company", &s.company, NAME_MAX)?;
        if s.email.trim().is_empty() {
            return Err(AppError::validation("sender_email", ValidationCode::Required));
        }
        Email::parse("sender_email", &s.email)?;
        if s.phone.chars().filter(char::is_ascii_digit).count() < 9 && !s.phone.trim().is_empty() {
            return Err(AppError::validation("sender_phone", ValidationCode::InvalidPhone));
        }
        if !self.window.is_valid() {
            return Err(AppError::validation("window", ValidationCode::InvalidWindow));
        }
        if !(1..=PACE_MAX).contains(&self.daily_pace) {
            return Err(AppError::validation("daily_pace", ValidationCode::OutOfRange { min: 1, max: PACE_MAX }));
        }
        if !(1..=FOLLOW_UP_DAYS_MAX).contains(&self.follow_up_days) {
            return Err(AppError::validation(
                "follow_up_days",
                ValidationCode::OutOfRange { min: 1, max: FOLLOW_UP_DAYS_MAX },
            ));
        }
        Ok(())
    }
}

/// A campaign in the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignSummary {
    pub id: CampaignId,
    pub name: String,
    pub status: CampaignStatus,
    pub pause_reason: Option<String>,
    pub databases: Vec<String>,
    pub targets: u64,
    pub sent: u64,
    pub failures: u64,
    pub replies: u64,
    pub created_on: String,
}

/// One variant's results (FORM-3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VariantStats {
    pub id: i64,
    pub label: String,
    pub follow_up: bool,
    pub subject: String,
    pub body: String,
    pub active: bool,
    pub sent: u64,
    pub replies: u64,
    pub positive: u64,
    /// Positive replies per 100 sends.
    pub positive_rate: f64,
    /// Probability of being the best, once every variant has its minimum sample.
    pub win_probability: Option<f64>,
    pub leader: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailureCount {
    pub outcome: String,
    pub label: String,
    pub count: u64,
}

/// What the campaign page shows and updates live (FORM-5).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CampaignLive {
    pub status: CampaignStatus,
    pub pause_reason: Option<String>,
    pub sent_today: u64,
    /// Contacts still to make today within the pace.
    pub planned_today: u64,
    pub in_flight: u64,
    pub pending: u64,
    pub targets: u64,
    pub sent_total: u64,
    pub failures: Vec<FailureCount>,
    pub failures_total: u64,
    pub replies: u64,
    pub positive_replies: u64,
    pub follow_ups_sent: u64,
    /// Contacts whose form could not be used but whose e-mail is known: nothing was sent to
    /// them, since e-mail sending does not exist yet (the page says so).
    pub email_queue: u64,
    /// Sends this month against the month's planned quota (pace × open days).
    pub period_done: u64,
    pub period_quota: u64,
    /// "Prochain envoi vers 14 h 32", "Reprise lundi à 9 h"…
    pub next_send: Option<String>,
    pub in_window: bool,
    pub variants: Vec<VariantStats>,
    pub min_sample: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CampaignDetail {
    pub summary: CampaignSummary,
    pub sender: SenderDetails,
    pub window: SendingWindow,
    pub daily_pace: u32,
    pub follow_up_days: u32,
    pub live: CampaignLive,
}

/// How a status reads at a glance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StatusTone {
    Neutral,
    Progress,
    Success,
    Warning,
    Danger,
}

/// One targeted company in the campaign's table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactRow {
    pub id: crate::ids::ContactId,
    pub company: String,
    pub city: Option<String>,
    pub variant: Option<String>,
    pub status: String,
    pub tone: StatusTone,
    pub detail: Option<String>,
    pub follow_ups: u32,
    pub can_record_reply: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactPage {
    pub rows: Vec<ContactRow>,
    pub total: u64,
    pub page: u32,
    pub page_size: u32,
}

/// The filters of the contacts table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum ContactFilter {
    #[default]
    All,
    Sent,
    Failed,
    Waiting,
    Replied,
}

impl ContactFilter {
    pub fn as_str(self) -> &'static str {
        match self {
            ContactFilter::All => "all",
            ContactFilter::Sent => "sent",
            ContactFilter::Failed => "failed",
            ContactFilter::Waiting => "waiting",
            ContactFilter::Replied => "replied",
        }
    }

    pub fn parse(s: &str) -> Self {
        [ContactFilter::Sent, ContactFilter::Failed, ContactFilter::Waiting, ContactFilter::Replied]
            .into_iter()
            .find(|f| f.as_str() == s)
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> CampaignDraft {
        CampaignDraft {
            name: "Boulangeries Lyon".into(),
            database_ids: vec![DatabaseId(1)],
            variants: vec![
                VariantDraft { subject: "Partenariat".into(), body: "Bonjour {{societe}}, un échange ?".into() },
                VariantDraft { subject: String::new(), body: "Bonjour, à {{ville}} ?".into() },
            ],
            follow_up: VariantDraft { subject: String::new(), body: "Je me permets de relancer {{societe}}.".into() },
            sender: SenderDetails {
                first_name: "Camille".into(),
                last_name: "Martin".into(),
                company: "Atelier Martin".into(),
                email: "camille@atelier-martin.fr".into(),
                phone: "06 12 34 56 78".into(),
                address: String::new(),
                website: String::new(),
            },
            window: SendingWindow::default(),
            daily_pace: 40,
            follow_up_days: 7,
        }
    }

    fn field_of(d: &CampaignDraft) -> (String, ValidationCode) {
        match d.validate() {
            Err(AppError::Validation { field, code }) => (field, code),
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn a_complete_draft_is_valid() {
        assert_eq!(draft().validate(), Ok(()));
    }

    #[test]
    fn bad_drafts_name_their_field() {
        let mut d = draft();
        d.variants[1].body = "Bonjour {{socite}}".into();
        assert_eq!(field_of(&d), ("variant_b".into(), ValidationCode::UnknownVariable));
        let mut d = draft();
        d.variants[0].body = "   ".into();
        assert_eq!(field_of(&d), ("variant_a".into(), ValidationCode::Required));
        let mut d = draft();
        d.follow_up.body = "Bonjour {{societe".into();
        assert_eq!(field_of(&d), ("follow_up".into(), ValidationCode::TemplateSyntax));
        let mut d = draft();
        d.sender.email = String::new();
        assert_eq!(field_of(&d), ("sender_email".into(), ValidationCode::Required));
        let mut d = draft();
        d.variants.truncate(1);
        assert_eq!(field_of(&d).0, "variant_b");
        let mut d = draft();
        d.window.days = [false; 7];
        assert_eq!(field_of(&d), ("window".into(), ValidationCode::InvalidWindow));
        let mut d = draft();
        d.window.start_hour = 18;
        d.window.end_hour = 9;
        assert_eq!(field_of(&d).1, ValidationCode::InvalidWindow);
        let mut d = draft();
        d.daily_pace = 0;
        assert_eq!(field_of(&d).0, "daily_pace");
        let mut d = draft();
        d.database_ids.clear();
        assert_eq!(field_of(&d).0, "databases");
    }

    #[test]
    fn windows_read_naturally() {
        assert_eq!(SendingWindow::default().label_fr(), "Du lundi au vendredi, 9 h – 18 h, hors jours fériés");
        let w = SendingWindow {
            days: [true, false, true, false, false, false, false],
            start_hour: 8,
            end_hour: 12,
            skip_holidays: false,
        };
        assert_eq!(w.label_fr(), "Lun., mer., 8 h – 12 h");
        let all = SendingWindow { days: [true; 7], start_hour: 0, end_hour: 24, skip_holidays: false };
        assert_eq!(all.label_fr(), "Tous les jours, 0 h – 24 h");
    }
}
