//! The creation form's state: every value as a signal (so each section takes the ones it
//! shows), the draft it sends, and the last refusal with the field it names.

use super::editor::{Editor, subject_problem};
use crate::shell::CurrentUser;
use leptos::prelude::*;
use prospecta_shared::AppError;
use prospecta_shared::accounts::SessionUser;
use prospecta_shared::campaigns::{CampaignDraft, DEFAULT_FOLLOW_UP_DAYS, SendingWindow};
use prospecta_shared::ids::DatabaseId;
use prospecta_shared::outreach::SenderDetails;

/// The default daily pace of a new campaign.
pub(super) const DEFAULT_PACE: u32 = 40;

const DEFAULT_SUBJECT_A: &str = "Une question pour {{societe}}";
const DEFAULT_BODY_A: &str = "Bonjour,

Je suis {{prenom_expediteur}} {{nom_expediteur}}, de {{societe_expediteur}}. Nous travaillons déjà avec plusieurs entreprises de votre secteur à {{ville}}, et je pense que nous pourrions être utiles à {{societe}}.

Auriez-vous 15 minutes cette semaine pour en parler ?

Bien cordialement,
{{prenom_expediteur}} {{nom_expediteur}}
{{societe_expediteur}} · {{telephone_expediteur}}";

const DEFAULT_SUBJECT_B: &str = "{{societe}} : une question rapide";
const DEFAULT_BODY_B: &str = "Bonjour,

{{societe_expediteur}} accompagne des entreprises proches de {{societe}}. Je vous présenterais volontiers en quelques minutes ce que nous faisons pour elles.

Êtes-vous la bonne personne pour en parler, ou à qui puis-je m'adresser ?

Merci d'avance,
{{prenom_expediteur}} {{nom_expediteur}} · {{telephone_expediteur}}";

const DEFAULT_SUBJECT_C: &str = "Pour {{societe}}, à {{ville}}";
const DEFAULT_BODY_C: &str = "Bonjour,

Je contacte {{societe}} car nous aidons déjà des entreprises de {{ville}} dans votre domaine, avec de bons résultats.

Puis-je vous appeler 10 minutes cette semaine pour vous en dire plus ?

Cordialement,
{{prenom_expediteur}} {{nom_expediteur}}
{{societe_expediteur}}";

const DEFAULT_SUBJECT_FOLLOW_UP: &str = "Suite à mon message";
const DEFAULT_BODY_FOLLOW_UP: &str = "Bonjour,

Je me permets de revenir vers vous au sujet de mon précédent message à {{societe}}. Est-ce un sujet qui vous intéresse en ce moment, ou préférez-vous que je vous recontacte plus tard ?

Bonne journée,
{{prenom_expediteur}} {{nom_expediteur}}";

/// The client's details that fill the prospects' forms (FORM-2).
#[derive(Clone, Copy)]
pub(super) struct Sender {
    pub first_name: RwSignal<String>,
    pub last_name: RwSignal<String>,
    pub company: RwSignal<String>,
    pub email: RwSignal<String>,
    pub phone: RwSignal<String>,
    pub address: RwSignal<String>,
    pub website: RwSignal<String>,
}

impl Sender {
    /// Prefilled from the signed-in user.
    fn new() -> Self {
        let me = use_context::<CurrentUser>().map(|u| u.0);
        let from_me = |value: fn(&SessionUser) -> &String| {
            RwSignal::new(me.as_ref().map(|u| value(u).clone()).unwrap_or_default())
        };
        Sender {
            first_name: from_me(|u| &u.first_name),
            last_name: from_me(|u| &u.last_name),
            company: from_me(|u| &u.organization_name),
            email: from_me(|u| &u.email),
            phone: RwSignal::new(String::new()),
            address: RwSignal::new(String::new()),
            website: RwSignal::new(String::new()),
        }
    }

    /// The details as typed now, tracked (the preview follows them).
    pub(super) fn tracked(&self) -> SenderDetails {
        SenderDetails {
            first_name: self.first_name.get(),
            last_name: self.last_name.get(),
            company: self.company.get(),
            email: self.email.get(),
            phone: self.phone.get(),
            address: self.address.get(),
            website: self.website.get(),
        }
    }

    fn details(&self) -> SenderDetails {
        let trimmed = |value: RwSignal<String>| value.get_untracked().trim().to_string();
        SenderDetails {
            first_name: trimmed(self.first_name),
            last_name: trimmed(self.last_name),
            company: trimmed(self.company),
            email: trimmed(self.email),
            phone: trimmed(self.phone),
            address: trimmed(self.address),
            website: trimmed(self.website),
        }
    }
}

/// The sending window (days, hours, holidays) and the daily pace.
#[derive(Clone, Copy)]
pub(super) struct Schedule {
    pub days: RwSignal<[bool; 7]>,
    pub start_hour: RwSignal<u8>,
    pub end_hour: RwSignal<u8>,
    pub skip_holidays: RwSignal<bool>,
    pub window: Memo<SendingWindow>,
    pub pace: RwSignal<String>,
}

impl Schedule {
    fn new() -> Self {
        let defaults = SendingWindow::default();
        let days = RwSignal::new(defaults.days);
        let start_hour = RwSignal::new(defaults.start_hour);
        let end_hour = RwSignal::new(defaults.end_hour);
        let skip_holidays = RwSignal::new(defaults.skip_holidays);
        let window = Memo::new(move |_| SendingWindow {
            days: days.get(),
            start_hour: start_hour.get(),
            end_hour: end_hour.get(),
            skip_holidays: skip_holidays.get(),
        });
        Schedule { days, start_hour, end_hour, skip_holidays, window, pace: RwSignal::new(DEFAULT_PACE.to_string()) }
    }
}

/// Everything the creation form holds.
#[derive(Clone, Copy)]
pub(super) struct CampaignForm {
    pub name: RwSignal<String>,
    /// The databases ticked.
    pub selected: RwSignal<Vec<DatabaseId>>,
    /// Messages A, B, C and the follow-up.
    pub editors: [Editor; 4],
    pub has_c: RwSignal<bool>,
    /// The editor variables go into: the last message text area that had the focus.
    pub active: RwSignal<usize>,
    pub follow_up_days: RwSignal<String>,
    pub sender: Sender,
    pub schedule: Schedule,
}

impl CampaignForm {
    pub(super) fn new(preselected: Vec<DatabaseId>) -> Self {
        CampaignForm {
            name: RwSignal::new(String::new()),
            selected: RwSignal::new(preselected),
            editors: [
                Editor::new("Message A", "message-a", "variant_a", DEFAULT_SUBJECT_A, DEFAULT_BODY_A),
                Editor::new("Message B", "message-b", "variant_b", DEFAULT_SUBJECT_B, DEFAULT_BODY_B),
                Editor::new("Message C", "message-c", "variant_c", DEFAULT_SUBJECT_C, DEFAULT_BODY_C),
                Editor::new("Relance", "relance", "follow_up", DEFAULT_SUBJECT_FOLLOW_UP, DEFAULT_BODY_FOLLOW_UP),
            ],
            has_c: RwSignal::new(false),
            active: RwSignal::new(0),
            follow_up_days: RwSignal::new(DEFAULT_FOLLOW_UP_DAYS.to_string()),
            sender: Sender::new(),
            schedule: Schedule::new(),
        }
    }

    /// A and B, and C when it was added.
    fn variant_count(&self) -> usize {
        if self.has_c.get_untracked() { 3 } else { 2 }
    }

    /// What the form would send now.
    pub(super) fn draft(&self) -> CampaignDraft {
        CampaignDraft {
            name: self.name.get_untracked().trim().to_string(),
            database_ids: self.selected.get_untracked(),
            variants: self.editors[..self.variant_count()].iter().map(Editor::draft).collect(),
            follow_up: self.editors[3].draft(),
            sender: self.sender.details(),
            window: self.schedule.window.get_untracked(),
            daily_pace: self.schedule.pace.with_untracked(|p| p.trim().parse().unwrap_or(0)),
            follow_up_days: self.follow_up_days.with_untracked(|d| d.trim().parse().unwrap_or(0)),
        }
    }

    /// The id of the input to move the focus to for this error ("" for none).
    pub(super) fn input_for(&self, error: &AppError) -> String {
        match error.field() {
            // "subject" names no variant: the first subject with a problem.
            Some("subject") => self.editors[..self.variant_count()]
                .iter()
                .chain(std::iter::once(&self.editors[3]))
                .find(|ed| ed.subject.with_untracked(|s| subject_problem(s).is_some()))
                .map(|ed| format!("{}-objet", ed.key))
                .unwrap_or_default(),
            Some(field) => field_input_id(field).to_string(),
            None => String::new(),
        }
    }
}

/// Every field the form shows an error on; anything else goes to the summary banner only.
const FORM_FIELDS: [&str; 14] = [
    "name",
    "databases",
    "variant_a",
    "variant_b",
    "variant_c",
    "follow_up",
    "subject",
    "sender_name",
    "sender_company",
    "sender_email",
    "sender_phone",
    "window",
    "daily_pace",
    "follow_up_days",
];

/// The last refusal of the form, from the browser's checks or from the server.
#[derive(Clone, Copy)]
pub(super) struct FormError(pub RwSignal<Option<AppError>>);

impl FormError {
    /// The message to show under one field.
    pub(super) fn field(self, field: &'static str) -> Signal<Option<String>> {
        let error = self.0;
        Signal::derive(move || {
            error.with(|e| e.as_ref().filter(|e| e.field() == Some(field)).map(AppError::message_fr))
        })
    }

    /// The summary over the submit button: every refusal, pointing to the form when a field
    /// shows it.
    pub(super) fn banner(self) -> Signal<Option<String>> {
        let error = self.0;
        Signal::derive(move || {
            error.with(|e| {
                e.as_ref().map(|e| {
                    if e.field().is_some_and(|f| FORM_FIELDS.contains(&f)) {
                        format!("Vérifiez le formulaire : {}", e.message_fr())
                    } else {
                        e.message_fr()
                    }
                })
            })
        })
    }
}

/// The id of the input that shows a field's error, to move the focus there.
fn field_input_id(field: &str) -> &'static str {
    match field {
        "name" => "campagne-nom",
        "databases" => "campagne-bases",
        "variant_a" => "message-a-corps",
        "variant_b" => "message-b-corps",
        "variant_c" => "message-c-corps",
        "follow_up" => "relance-corps",
        "sender_name" => "expediteur-prenom",
        "sender_company" => "expediteur-societe",
        "sender_email" => "expediteur-email",
        "sender_phone" => "expediteur-telephone",
        "window" => "plage-envoi",
        "daily_pace" => "rythme-quotidien",
        "follow_up_days" => "relance-delai",
        _ => "",
    }
}

/// Moves the focus (and the view) to the element with this id. Browser only.
pub(super) fn focus_element(id: &str) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        if let Some(el) = document().get_element_by_id(id).and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = el.focus();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}
