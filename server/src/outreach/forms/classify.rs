//! Field classification: what a form control asks for, from what a human would read (label,
//! placeholder, group legend, surrounding text) and what a browser's autofill would use
//! (`autocomplete`, `type`), then the control's name or id. Pure: the engine gathers a
//! [`FieldInfo`] per control with one injected script, this module decides.
//!
//! Order of trust: visibility first (a field a human cannot see is a trap, whatever it says:
//! builders label their honeypots "Email" or "Phone" on purpose), then the autofill hint, the
//! input type, the visible wording, and only then the name (often opaque: `input_1.3`,
//! `form_fields[field_3a1c2f0]`).

use serde::{Deserialize, Serialize};

/// One form control as the page shows it (gathered by `page.rs`'s script).
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(default)]
pub struct FieldInfo {
    /// The engine's handle on the element (`data-pf` attribute), not a page attribute.
    pub pf: String,
    /// `input`, `select` or `textarea` (lower case).
    pub tag: String,
    /// The `type` attribute of an input (lower case; `text` when absent).
    #[serde(rename = "type")]
    pub input_type: String,
    pub name: String,
    pub id: String,
    /// Text of the `<label>`s (for= or wrapping) and `aria-labelledby`, controls excluded.
    pub label: String,
    /// Legend of the enclosing fieldset, or the label of a multi-control field group.
    pub group_label: String,
    /// Text around the control when nothing labels it (a sibling `div` next to a checkbox).
    pub context: String,
    pub placeholder: String,
    pub aria_label: String,
    pub autocomplete: String,
    pub class_name: String,
    pub required: bool,
    /// Rendered and not transparent (for a checkbox: the box or its label).
    pub visible: bool,
    /// Positioned outside the page (the `left: -9999px` trick) or clipped to a pixel.
    pub offscreen: bool,
    /// Inside an `aria-hidden="true"` subtree: hidden from assistive technology.
    pub aria_hidden: bool,
    pub tabindex: Option<i32>,
    pub checked: bool,
    pub value: String,
    pub options: Vec<SelectOption>,
    /// The `maxlength` of a text control, when the site sets one.
    pub max_length: Option<u32>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(default)]
pub struct SelectOption {
    pub value: String,
    pub label: String,
    pub disabled: bool,
}

impl FieldInfo {
    /// The key reported for the field: its name, or its id when it has none.
    pub fn key(&self) -> &str {
        if self.name.is_empty() { &self.id } else { &self.name }
    }

    fn is_checkbox(&self) -> bool {
        self.tag == "input" && (self.input_type == "checkbox" || self.input_type == "radio")
    }

    /// Controls a sender never fills: buttons, hidden inputs, files.
    pub fn is_fillable(&self) -> bool {
        match self.tag.as_str() {
            "textarea" | "select" => true,
            "input" => !matches!(
                self.input_type.as_str(),
                "hidden" | "submit" | "button" | "image" | "reset" | "file" | "range" | "color"
            ),
            _ => false,
        }
    }
}

/// What a field asks for. The names are the corpus's (`shared/fixtures/contact-forms/README.md`)
/// plus `website` (a visible "your site" field) and `other` (unrecognised; filled only when the
/// form requires it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    FirstName,
    LastName,
    FullName,
    Email,
    Phone,
    Company,
    Subject,
    SelectSubject,
    Message,
    PostalCode,
    City,
    Consent,
    LeaveUnchecked,
    HoneypotLeaveEmpty,
    Captcha,
    Website,
    Other,
}

impl FieldKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FieldKind::FirstName => "first_name",
            FieldKind::LastName => "last_name",
            FieldKind::FullName => "full_name",
            FieldKind::Email => "email",
            FieldKind::Phone => "phone",
            FieldKind::Company => "company",
            FieldKind::Subject => "subject",
            FieldKind::SelectSubject => "select_subject",
            FieldKind::Message => "message",
            FieldKind::PostalCode => "postal_code",
            FieldKind::City => "city",
            FieldKind::Consent => "consent",
            FieldKind::LeaveUnchecked => "leave_unchecked",
            FieldKind::HoneypotLeaveEmpty => "honeypot_leave_empty",
            FieldKind::Captcha => "captcha",
            FieldKind::Website => "website",
            FieldKind::Other => "other",
        }
    }
}

/// Who writes: the sender's identity, read from `--profile FILE` (JSON).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SenderProfile {
    pub first_name: String,
    pub last_name: String,
    pub company: String,
    pub email: String,
    pub phone: String,
    pub postal_code: String,
    pub city: String,
    #[serde(default)]
    pub website: String,
}

impl SenderProfile {
    /// The built-in sample used when the operator gives no profile (an invented sender on a
    /// reserved domain: nothing real is contacted in its name).
    pub fn sample() -> Self {
        SenderProfile {
            first_name: "Camille".into(),
            last_name: "Martin".into(),
            company: "Prospecta Démo".into(),
            email: "camille.martin@example.fr".into(),
            phone: "06 12 34 56 78".into(),
            postal_code: "69002".into(),
            city: "Lyon".into(),
            website: "https://www.example.fr".into(),
        }
    }
}

/// Lower case, accents removed, typographic apostrophes straightened, every non-alphanumeric
/// run turned into one space, and padded with spaces so that `has(" nom ")` matches words only.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push(' ');
    let mut prev_space = true;
    let mut prev_lower = false;
    for c in text.chars() {
        // Split camelCase names (`firstName`) into words.
        if c.is_uppercase() && prev_lower && !prev_space {
            out.push(' ');
        }
        prev_lower = c.is_lowercase();
        let mapped: &str = match c {
            'à' | 'â' | 'ä' | 'á' | 'À' | 'Â' | 'Ä' | 'Á' => "a",
            'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => "e",
            'î' | 'ï' | 'í' | 'Î' | 'Ï' => "i",
            'ô' | 'ö' | 'ó' | 'Ô' | 'Ö' => "o",
            'ù' | 'û' | 'ü' | 'ú' | 'Ù' | 'Û' | 'Ü' => "u",
            'ç' | 'Ç' => "c",
            'œ' | 'Œ' => "oe",
            'æ' => "ae",
            _ => "",
        };
        if !mapped.is_empty() {
            out.push_str(mapped);
            prev_space = false;
        } else if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
            prev_space = false;
        } else if !prev_space {
            out.push(' ');
            prev_space = true;
        }
    }
    if !prev_space {
        out.push(' ');
    }
    out
}

/// Does the normalised text hold one of these words or phrases (whole words)?
fn has_any(norm: &str, words: &[&str]) -> bool {
    words.iter().any(|w| norm.contains(&format!(" {w} ")))
}

/// "7 + 5 =", "3 x 4", "combien font 2 plus 3": an arithmetic CAPTCHA question.
pub fn is_math_question(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if !matches!(c, '+' | '×' | 'x' | '*' | '−' | '-') {
            continue;
        }
        let before = chars[..i].iter().rev().find(|c| !c.is_whitespace());
        let after = chars[i + 1..].iter().find(|c| !c.is_whitespace());
        if !(before.is_some_and(|c| c.is_ascii_digit()) && after.is_some_and(|c| c.is_ascii_digit())) {
            continue;
        }
        // "06-12-34" or "2x4 m" are not sums: a question ends with "=" or "?", or a "+" stands
        // between spaces.
        let asked = text.contains('=') || text.contains('?');
        let spaced = i > 0 && chars[i - 1].is_whitespace() && chars.get(i + 1).is_some_and(|c| c.is_whitespace());
        if asked || (spaced && *c == '+') {
            return true;
        }
    }
    let n = normalize(text);
    has_any(&n, &["combien font", "combien fait", "what is", "resultat de"]) && n.chars().any(|c| c.is_ascii_digit())
}

/// Marketing opt-ins and "copy to me" boxes: never ticked unless the form insists.
const OPT_IN_WORDS: &[&str] = &[
    "newsletter",
    "newsletters",
    "lettre d information",
    "offres",
    "promotions",
    "promotion",
    "actualites",
    "autres communications",
    "communications commerciales",
    "informations commerciales",
    "marketing",
    "abonner",
    "m abonner",
    "inscrire",
    "subscribe",
    "copie",
    "copy",
    "evenements",
    "other communications",
];

const CONSENT_WORDS: &[&str] = &[
    "accepte",
    "j accepte",
    "consens",
    "consent",
    "consentement",
    "rgpd",
    "gdpr",
    "donnees personnelles",
    "mes donnees",
    "mes informations",
    "confidentialite",
    "privacy",
    "agree",
    "conditions",
    "cgu",
    "j ai lu",
    "traitement",
    "autorise",
];

/// Trap names builders and hand-written forms give their honeypots.
const TRAP_WORDS: &[&str] = &[
    "honeypot",
    "honey",
    "hp",
    "hpot",
    "gotcha",
    "trap",
    "botcheck",
    "bot field",
    "leave blank",
    "leave empty",
    "do not fill",
    "ne pas remplir",
    "laisser vide",
    "laissez vide",
    "nospam",
];

/// A name part whose meaning depends on the form: "Nom" is the last name next to a "Prénom"
/// field, and the full name otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Guess {
    Kind(FieldKind),
    BareName,
}

/// Keyword rules over visible wording or names, most specific first.
fn keyword_guess(norm: &str) -> Option<Guess> {
    use FieldKind::*;
    if norm.trim().is_empty() {
        return None;
    }
    if has_any(
        norm,
        &["captcha", "recaptcha", "anti spam", "antispam", "anti robot", "code de securite", "security code"],
    ) {
        return Some(Guess::Kind(Captcha));
    }
    if has_any(norm, &["e mail", "email", "mail", "courriel", "adresse electronique", "emailaddress"]) {
        return Some(Guess::Kind(Email));
    }
    if has_any(
        norm,
        &[
            "telephone",
            "tel",
            "phone",
            "portable",
            "mobile",
            "gsm",
            "telefone",
            "numero de telephone",
            "tlf",
            "phonenumber",
        ],
    ) {
        return Some(Guess::Kind(Phone));
    }
    if has_any(norm, &["code postal", "cp", "postal", "postcode", "zip", "zipcode", "codepostal", "postal code"]) {
        return Some(Guess::Kind(PostalCode));
    }
    if has_any(norm, &["ville", "city", "commune", "localite", "town"]) {
        return Some(Guess::Kind(City));
    }
    if has_any(
        norm,
        &[
            "societe",
            "entreprise",
            "company",
            "organisation",
            "organization",
            "organisme",
            "raison sociale",
            "structure",
            "etablissement",
            "business",
            "employeur",
            "enseigne",
        ],
    ) {
        return Some(Guess::Kind(Company));
    }
    if has_any(norm, &["site web", "site internet", "website", "url", "site", "web"]) {
        return Some(Guess::Kind(Website));
    }
    if has_any(
        norm,
        &[
            "nom complet",
            "nom et prenom",
            "nom prenom",
            "prenom et nom",
            "prenom nom",
            "nom prenom",
            "full name",
            "fullname",
            "nom et prenoms",
            "identite",
        ],
    ) {
        return Some(Guess::Kind(FullName));
    }
    if has_any(norm, &["prenom", "first name", "firstname", "given name", "fname", "first", "forename"]) {
        return Some(Guess::Kind(FirstName));
    }
    if has_any(
        norm,
        &["nom de famille", "last name", "lastname", "surname", "family name", "lname", "last", "nom d usage"],
    ) {
        return Some(Guess::Kind(LastName));
    }
    if has_any(norm, &["nom", "name", "votre nom", "your name", "noms"]) {
        return Some(Guess::BareName);
    }
    if has_any(
        norm,
        &[
            "objet",
            "sujet",
            "subject",
            "motif",
            "titre",
            "topic",
            "object",
            "type de demande",
            "nature de la demande",
            "raison",
        ],
    ) {
        return Some(Guess::Kind(Subject));
    }
    if has_any(
        norm,
        &[
            "message",
            "commentaire",
            "commentaires",
            "comment",
            "comments",
            "question",
            "questions",
            "precisions",
            "demande",
            "details",
            "description",
            "besoin",
            "votre projet",
            "msg",
            "texte",
            "enquiry",
            "inquiry",
        ],
    ) {
        return Some(Guess::Kind(Message));
    }
    None
}

fn autocomplete_guess(hint: &str) -> Option<Guess> {
    use FieldKind::*;
    // "section-x shipping email": the last token is the field name.
    let token = hint.split_whitespace().last().unwrap_or("").to_ascii_lowercase();
    let kind = match token.as_str() {
        "given-name" => FirstName,
        "family-name" => LastName,
        "name" => FullName,
        "email" => Email,
        "tel" | "tel-national" | "tel-local" => Phone,
        "organization" => Company,
        "postal-code" => PostalCode,
        "address-level2" => City,
        "url" => Website,
        _ => return None,
    };
    Some(Guess::Kind(kind))
}

/// Is this control a trap a human would never fill?
fn is_honeypot(f: &FieldInfo) -> bool {
    let trap_name = has_any(&normalize(&format!("{} {} {}", f.name, f.id, f.class_name)), TRAP_WORDS)
        || has_any(
            &normalize(&f.label),
            &[
                "leave blank",
                "leave empty",
                "do not fill",
                "ne pas remplir",
                "laisser vide",
                "laissez vide",
                "ne pas renseigner",
                "ne rien saisir",
            ],
        );
    if f.is_checkbox() {
        // Custom-styled boxes hide the native input; `visible` already counts their label.
        return !f.visible || trap_name;
    }
    !f.visible || f.offscreen || f.aria_hidden || f.tabindex.is_some_and(|t| t < 0) || trap_name
}

fn checkbox_kind(f: &FieldInfo) -> FieldKind {
    let text = normalize(&format!("{} {} {} {} {}", f.label, f.context, f.aria_label, f.group_label, f.value));
    let names = normalize(&format!("{} {}", f.name, f.id));
    let opt_in = has_any(&text, OPT_IN_WORDS)
        || has_any(&names, &["newsletter", "optin", "opt in", "subscribe", "subscription", "copie", "copy"]);
    if f.required {
        // The form will not go without it; a required marketing box is rare and then unavoidable.
        return FieldKind::Consent;
    }
    if opt_in {
        return FieldKind::LeaveUnchecked;
    }
    if has_any(&text, CONSENT_WORDS)
        || has_any(&names, &["consent", "rgpd", "gdpr", "acceptance", "privacy", "accept", "terms"])
    {
        return FieldKind::Consent;
    }
    FieldKind::LeaveUnchecked
}

fn raw_guess(f: &FieldInfo) -> Guess {
    if is_honeypot(f) {
        return Guess::Kind(FieldKind::HoneypotLeaveEmpty);
    }
    let names = format!("{} {} {}", f.name, f.id, f.class_name);
    let wording = format!("{} {} {}", f.label, f.aria_label, f.placeholder);
    let wording = if wording.trim().is_empty() { format!("{} {}", f.context, f.group_label) } else { wording };
    if has_any(&normalize(&names), &["captcha", "recaptcha", "hcaptcha", "turnstile"]) || is_math_question(&wording) {
        return Guess::Kind(FieldKind::Captcha);
    }
    if f.is_checkbox() {
        return Guess::Kind(checkbox_kind(f));
    }
    if f.tag == "select" {
        let w = normalize(&format!("{wording} {names}"));
        if has_any(
            &w,
            &["civilite", "civility", "pays", "country", "titre de civilite", "salutation", "genre", "gender"],
        ) {
            return Guess::Kind(FieldKind::Other);
        }
        return Guess::Kind(FieldKind::SelectSubject);
    }
    if f.tag == "textarea" {
        return Guess::Kind(FieldKind::Message);
    }
    if let Some(g) = autocomplete_guess(&f.autocomplete) {
        return g;
    }
    match f.input_type.as_str() {
        "email" => return Guess::Kind(FieldKind::Email),
        "tel" => return Guess::Kind(FieldKind::Phone),
        "url" => return Guess::Kind(FieldKind::Website),
        "number" | "date" | "time" | "datetime-local" | "month" | "week" | "password" | "search" => {
            return Guess::Kind(FieldKind::Other);
        }
        _ => {}
    }
    // The label a human reads first; the placeholder when the label is screen-reader-only or
    // absent; then names.
    for text in [&f.label, &f.aria_label, &f.placeholder, &f.context, &f.group_label, &f.name, &f.id] {
        if let Some(g) = keyword_guess(&normalize(text)) {
            return g;
        }
    }
    Guess::Kind(FieldKind::Other)
}

/// The kind of one control seen alone (a bare "Nom" is taken as the full name).
pub fn classify_field(f: &FieldInfo) -> FieldKind {
    match raw_guess(f) {
        Guess::Kind(k) => k,
        Guess::BareName => FieldKind::FullName,
    }
}

/// The kinds of a form's fillable controls, in order, with the context a lone field lacks:
/// a bare "Nom" next to a first-name field is the last name.
pub fn classify_form(fields: &[FieldInfo]) -> Vec<(usize, FieldKind)> {
    let guesses: Vec<(usize, Guess)> =
        fields.iter().enumerate().filter(|(_, f)| f.is_fillable()).map(|(i, f)| (i, raw_guess(f))).collect();
    let has_first = guesses.iter().any(|(_, g)| *g == Guess::Kind(FieldKind::FirstName));
    let has_last = guesses.iter().any(|(_, g)| *g == Guess::Kind(FieldKind::LastName));
    guesses
        .into_iter()
        .map(|(i, g)| {
            let kind = match g {
                Guess::Kind(k) => k,
                Guess::BareName if has_first && !has_last => FieldKind::LastName,
                Guess::BareName if has_last && !has_first => FieldKind::FirstName,
                Guess::BareName => FieldKind::FullName,
            };
            (i, kind)
        })
        .collect()
}

/// Is this option the "choose one" placeholder rather than a real choice?
pub fn is_placeholder_option(o: &SelectOption, index: usize) -> bool {
    if o.disabled {
        return true;
    }
    let v = o.value.trim();
    let l = normalize(&o.label);
    let placeholder_words = has_any(
        &l,
        &["choisir", "choisissez", "selectionnez", "selectionner", "veuillez", "choose", "select", "please", "choix"],
    ) || o.label.contains("--")
        || o.label.contains('—')
        || o.label.trim().ends_with('*')
        || o.label.trim().is_empty();
    if v.is_empty() {
        return true;
    }
    (v == "0" || v == "-1" || v.eq_ignore_ascii_case("none")) && (index == 0 || placeholder_words)
        || (index == 0 && placeholder_words && !has_any(&l, &["information", "autre", "other"]))
}

/// The option closest to a first commercial contact: a request for information first, then a
/// partnership or supplier proposal, then "other", then a quote; never the placeholder and, when
/// anything else exists, never jobs, after-sales or complaints.
pub fn choose_option(options: &[SelectOption]) -> Option<&SelectOption> {
    let score = |o: &SelectOption| -> i32 {
        let t = normalize(&format!("{} {}", o.label, o.value));
        if has_any(
            &t,
            &[
                "recrutement",
                "candidature",
                "emploi",
                "job",
                "jobs",
                "stage",
                "alternance",
                "sav",
                "apres vente",
                "reclamation",
                "reclamations",
                "plainte",
                "facturation",
                "support",
                "careers",
                "complaint",
            ],
        ) {
            return 0;
        }
        if has_any(
            &t,
            &[
                "information",
                "informations",
                "renseignement",
                "renseignements",
                "info",
                "infos",
                "question",
                "general",
                "generale",
                "contact",
            ],
        ) {
            return 100;
        }
        if has_any(
            &t,
            &[
                "partenariat",
                "partenaire",
                "partenaires",
                "fournisseur",
                "fournisseurs",
                "prestataire",
                "collaboration",
                "commercial",
                "commerciale",
                "proposition",
                "partnership",
                "business",
            ],
        ) {
            return 80;
        }
        if has_any(&t, &["autre", "autres", "other", "divers"]) {
            return 60;
        }
        if has_any(&t, &["devis", "quote", "projet"]) {
            return 40;
        }
        10
    };
    options
        .iter()
        .enumerate()
        .filter(|(i, o)| !is_placeholder_option(o, *i))
        .max_by_key(|(i, o)| (score(o), -(*i as i32)))
        .map(|(_, o)| o)
}

/// One form found on a page, as the script reports it.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct FormCandidate {
    pub pf: String,
    /// Whether the form lives in a (same-origin) iframe.
    pub in_frame: bool,
    /// A `<form>` element, or the container of controls rendered without one.
    pub is_form: bool,
    pub role_search: bool,
    /// The form's own visible text (labels, buttons), capped.
    pub text: String,
    pub fields: Vec<FieldInfo>,
    pub has_submit: bool,
    pub visible: bool,
}

/// How much a form looks like a contact form; `None` when it is not one (site search,
/// newsletter signup, login).
pub fn contact_form_score(c: &FormCandidate) -> Option<i32> {
    let visible: Vec<&FieldInfo> = c.fields.iter().filter(|f| f.is_fillable() && f.visible && !f.offscreen).collect();
    let later_textarea = c.fields.iter().any(|f| !f.visible && is_message_box(f));
    let textareas = visible.iter().filter(|f| f.tag == "textarea").count() as i32 + i32::from(later_textarea);
    let text_like = visible
        .iter()
        .filter(|f| f.tag == "textarea" || (f.tag == "input" && !matches!(f.input_type.as_str(), "checkbox" | "radio")))
        .count() as i32;
    let has_email = visible.iter().any(|f| f.input_type == "email" || classify_field(f) == FieldKind::Email);
    let has_password = visible.iter().any(|f| f.input_type == "password");
    let text = normalize(&c.text);
    let search = c.role_search
        || visible.iter().any(|f| f.input_type == "search")
        || (text_like <= 1
            && visible.iter().any(|f| matches!(f.name.as_str(), "s" | "q" | "search" | "recherche" | "query")));
    let newsletter = has_any(
        &text,
        &["newsletter", "inscrivez vous", "abonnez vous", "subscribe", "lettre d information", "inscription"],
    );
    if search || has_password || (text_like == 0 && !later_textarea) {
        return None;
    }
    if textareas == 0 && (text_like < 3 || newsletter || !has_email) {
        return None;
    }
    let mut score = textareas * 10 + text_like + if has_email { 3 } else { 0 };
    if has_any(&text, &["contact", "message", "envoyer", "send", "demande"]) {
        score += 2;
    }
    if !c.visible {
        score -= 5;
    }
    Some(score)
}

/// A textarea that is a message box: visible, or still hidden because the form reveals it in a
/// later step, but not the hidden answer boxes CAPTCHA widgets add.
fn is_message_box(f: &FieldInfo) -> bool {
    f.tag == "textarea" && !has_any(&normalize(&format!("{} {}", f.name, f.id)), &["captcha", "recaptcha", "response"])
}

/// A form someone can write to the company with: a message box (in any step) and an e-mail
/// field. What a page reached without a contact-like link must hold to be the contact page.
pub fn is_message_form(c: &FormCandidate) -> bool {
    contact_form_score(c).is_some()
        && c.fields.iter().any(is_message_box)
        && c.fields.iter().any(|f| f.input_type == "email" || classify_field(f) == FieldKind::Email)
}

/// The contact form among a page's forms.
pub fn pick_contact_form(candidates: &[FormCandidate]) -> Option<usize> {
    candidates
        .iter()
        .enumerate()
        .filter_map(|(i, c)| contact_form_score(c).map(|s| (i, s)))
        .max_by_key(|(i, s)| (*s, -(*i as i32)))
        .map(|(i, _)| i)
}

/// What to put in a field of this kind (`None`: leave it alone).
pub fn value_for(kind: FieldKind, profile: &SenderProfile, subject: &str, message: &str) -> Option<String> {
    let v = match kind {
        FieldKind::FirstName => profile.first_name.clone(),
        FieldKind::LastName => profile.last_name.clone(),
        FieldKind::FullName => format!("{} {}", profile.first_name, profile.last_name),
        FieldKind::Email => profile.email.clone(),
        FieldKind::Phone => profile.phone.clone(),
        FieldKind::Company => profile.company.clone(),
        FieldKind::Subject => subject.to_string(),
        FieldKind::Message => message.to_string(),
        FieldKind::PostalCode => profile.postal_code.clone(),
        FieldKind::City => profile.city.clone(),
        FieldKind::Website => profile.website.clone(),
        FieldKind::Consent => "on".to_string(),
        FieldKind::SelectSubject
        | FieldKind::LeaveUnchecked
        | FieldKind::HoneypotLeaveEmpty
        | FieldKind::Captcha
        | FieldKind::Other => return None,
    };
    Some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(name: &str, label: &str) -> FieldInfo {
        FieldInfo {
            tag: "input".into(),
            input_type: "text".into(),
            name: name.into(),
            label: label.into(),
            visible: true,
            ..Default::default()
        }
    }

    #[test]
    fn normalizes_accents_apostrophes_and_camel_case() {
        assert_eq!(normalize("Téléphone"), " telephone ");
        assert_eq!(normalize("Demande d’information"), " demande d information ");
        assert_eq!(normalize("firstName"), " first name ");
        assert_eq!(normalize("wpforms[fields][0][first]"), " wpforms fields 0 first ");
    }

    #[test]
    fn classifies_from_labels_types_and_autocomplete() {
        assert_eq!(classify_field(&input("your-email", "Votre e-mail *")), FieldKind::Email);
        let mut divi = input("et_pb_contact_email_0", "");
        divi.placeholder = "Adresse e-mail".into();
        assert_eq!(classify_field(&divi), FieldKind::Email);
        let mut tel = input("field_3a1c2f0", "");
        tel.input_type = "tel".into();
        assert_eq!(classify_field(&tel), FieldKind::Phone);
        let mut given = input("input_1.3", "Prénom");
        given.autocomplete = "given-name".into();
        assert_eq!(classify_field(&given), FieldKind::FirstName);
        assert_eq!(classify_field(&input("societe", "Société")), FieldKind::Company);
        assert_eq!(classify_field(&input("x", "Nom de l’entreprise")), FieldKind::Company);
        assert_eq!(classify_field(&input("nom_complet", "Votre nom *")), FieldKind::FullName);
        assert_eq!(classify_field(&input("cp", "Code postal")), FieldKind::PostalCode);
        assert_eq!(classify_field(&input("ville", "Ville")), FieldKind::City);
        assert_eq!(classify_field(&input("your-subject", "Objet *")), FieldKind::Subject);
        assert_eq!(classify_field(&input("contact[telephone]", "")), FieldKind::Phone);
        let ta = FieldInfo { tag: "textarea".into(), name: "question".into(), visible: true, ..Default::default() };
        assert_eq!(classify_field(&ta), FieldKind::Message);
    }

    #[test]
    fn bare_nom_is_last_name_next_to_a_first_name() {
        let fields = vec![input("nom", "Nom"), input("prenom", "Prénom"), input("mail", "E-mail")];
        let kinds: Vec<FieldKind> = classify_form(&fields).into_iter().map(|(_, k)| k).collect();
        assert_eq!(kinds, vec![FieldKind::LastName, FieldKind::FirstName, FieldKind::Email]);
        let alone = vec![input("nom", "Nom *"), input("email", "E-mail")];
        assert_eq!(classify_form(&alone)[0].1, FieldKind::FullName);
    }

    #[test]
    fn hidden_offscreen_and_trap_fields_are_honeypots_whatever_their_label() {
        let mut gravity = input("input_8", "Email");
        gravity.visible = false;
        assert_eq!(classify_field(&gravity), FieldKind::HoneypotLeaveEmpty);
        let mut off = input("site_web", "Votre site web");
        off.offscreen = true;
        assert_eq!(classify_field(&off), FieldKind::HoneypotLeaveEmpty);
        let mut tab = input("fax", "Fax");
        tab.tabindex = Some(-1);
        assert_eq!(classify_field(&tab), FieldKind::HoneypotLeaveEmpty);
        assert_eq!(classify_field(&input("wpforms[hp]", "Phone")), FieldKind::HoneypotLeaveEmpty);
    }

    #[test]
    fn checkboxes_consent_versus_opt_in() {
        let mut rgpd = input("acceptance-rgpd", "J’accepte que mes données soient utilisées pour traiter ma demande.");
        rgpd.input_type = "checkbox".into();
        assert_eq!(classify_field(&rgpd), FieldKind::Consent);
        let mut news = input("wpforms[fields][7][]", "Je souhaite recevoir la newsletter");
        news.input_type = "checkbox".into();
        assert_eq!(classify_field(&news), FieldKind::LeaveUnchecked);
        let mut copy = input("copie", "Recevoir une copie de mon message");
        copy.input_type = "checkbox".into();
        assert_eq!(classify_field(&copy), FieldKind::LeaveUnchecked);
        let mut req = input("LEGAL_CONSENT.processing", "");
        req.input_type = "checkbox".into();
        req.required = true;
        assert_eq!(classify_field(&req), FieldKind::Consent);
        // A styled box: the native input is invisible but its label shows (visible = true).
        let mut styled = rgpd.clone();
        styled.offscreen = true;
        assert_eq!(classify_field(&styled), FieldKind::Consent);
    }

    #[test]
    fn math_questions_are_captchas() {
        assert!(is_math_question("7 + 5 ="));
        assert!(is_math_question("Combien font 3 + 4 ?"));
        assert!(!is_math_question("06 12 34 56 78"));
        assert!(!is_math_question("Téléphone"));
        let mut q = input("et_pb_contact_captcha_0", "");
        q.label = "7 + 5 =".into();
        assert_eq!(classify_field(&q), FieldKind::Captcha);
    }

    fn opt(value: &str, label: &str) -> SelectOption {
        SelectOption { value: value.into(), label: label.into(), disabled: false }
    }

    #[test]
    fn chooses_information_then_partnership_then_other_never_the_placeholder() {
        let mut ph = opt("", "— Choisissez l’objet —");
        ph.disabled = true;
        let a = [
            ph,
            opt("devis", "Demande de devis"),
            opt("info", "Demande d’information"),
            opt("sav", "Service après-vente"),
        ];
        assert_eq!(choose_option(&a).unwrap().value, "info");
        let b = [
            opt("", "Sélectionnez un objet"),
            opt("x", "Tenue comptable"),
            opt("p", "Partenariat / fournisseur"),
            opt("a", "Autre demande"),
        ];
        assert_eq!(choose_option(&b).unwrap().value, "p");
        let c = [opt("", "Votre projet *"), opt("1", "Acheter un bien"), opt("2", "Autre demande")];
        assert_eq!(choose_option(&c).unwrap().value, "2");
        let d = [opt("0", "-- Choisissez --"), opt("devis", "Demande de devis"), opt("autre", "Autre")];
        assert_eq!(choose_option(&d).unwrap().value, "autre");
    }

    #[test]
    fn search_and_newsletter_forms_are_not_contact_forms() {
        let mut search = input("s", "Rechercher");
        search.input_type = "search".into();
        let s = FormCandidate { fields: vec![search], visible: true, ..Default::default() };
        assert_eq!(contact_form_score(&s), None);
        let mut mail = input("EMAIL", "Votre e-mail");
        mail.input_type = "email".into();
        let n = FormCandidate {
            fields: vec![mail.clone()],
            text: "Newsletter".into(),
            visible: true,
            ..Default::default()
        };
        assert_eq!(contact_form_score(&n), None);
        let ta = FieldInfo { tag: "textarea".into(), name: "message".into(), visible: true, ..Default::default() };
        let c = FormCandidate { fields: vec![input("nom", "Nom"), mail, ta], visible: true, ..Default::default() };
        assert!(contact_form_score(&c).is_some());
        assert_eq!(pick_contact_form(&[s, n, c]), Some(2));
    }
}
