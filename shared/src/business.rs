//! The business profile (ONB-3), the onboarding wizard's steps and the offers (multi-activity
//! clients, AGENT-7): what the client tells us about its business, which the conversation agent
//! and the message writer read.

use crate::accounts::required_text;
use crate::company::WebsiteUrl;
use crate::error::{AppError, ValidationCode};
use crate::ids::OfferId;
use crate::organization::optional_text;
use serde::{Deserialize, Serialize};

pub mod chat;

/// Longest free answer of the questionnaire (a paragraph or two).
pub const ANSWER_MAX: usize = 2000;
/// Longest one-line answer (a price range, an offer's name).
pub const LINE_MAX: usize = 120;
/// How many objections the questionnaire keeps.
pub const OBJECTIONS_MAX: usize = 5;

crate::stored_enum! {
    /// How the client earns its money.
    #[derive(Serialize, Deserialize)]
    pub enum BusinessModel {
        OneOff = "one_off",
        Recurring = "recurring",
        Products = "products",
        Mixed = "mixed",
    }
}

impl BusinessModel {
    pub fn label_fr(self) -> &'static str {
        match self {
            BusinessModel::OneOff => "Prestations ponctuelles (devis, chantiers, missions)",
            BusinessModel::Recurring => "Contrats récurrents ou abonnements",
            BusinessModel::Products => "Vente de produits",
            BusinessModel::Mixed => "Un peu de tout",
        }
    }
}

crate::stored_enum! {
    /// How the messages and the agent speak.
    #[derive(Serialize, Deserialize)]
    pub enum Tone {
        Formal = "formal",
        Warm = "warm",
        Direct = "direct",
    }
}

impl Tone {
    pub fn label_fr(self) -> &'static str {
        match self {
            Tone::Formal => "Soutenu (vouvoiement, formules de politesse)",
            Tone::Warm => "Cordial et professionnel",
            Tone::Direct => "Direct et concis",
        }
    }
}

crate::stored_enum! {
    /// How the agent's replies of an offer leave: after the client's approval, or on their own.
    #[derive(Serialize, Deserialize, Default)]
    pub enum ReplySending {
        /// The first [`AUTO_SEND_AFTER`](crate::conversations::AUTO_SEND_AFTER) replies approved
        /// one by one, then automatic (the default: the client sees how the agent writes first).
        #[default]
        ApprovalFirst = "approval_first",
        Approval = "approval",
        Automatic = "automatic",
    }
}

impl ReplySending {
    pub fn label_fr(self) -> &'static str {
        match self {
            ReplySending::ApprovalFirst => "Valider les 10 premières réponses, puis envoi automatique",
            ReplySending::Approval => "Toujours valider avant l'envoi",
            ReplySending::Automatic => "Envoi automatique dès la première réponse",
        }
    }

    /// Whether a reply of the agent leaves without the client, `approvals` replies of the
    /// offer having been approved so far.
    pub fn sends_alone(self, approvals: u32) -> bool {
        match self {
            ReplySending::ApprovalFirst => approvals >= crate::conversations::AUTO_SEND_AFTER,
            ReplySending::Approval => false,
            ReplySending::Automatic => true,
        }
    }

    /// What the thread says about the reply waiting or leaving, in French.
    pub fn status_fr(self, approvals: u32) -> String {
        let after = crate::conversations::AUTO_SEND_AFTER;
        match self {
            ReplySending::ApprovalFirst if approvals >= after => {
                format!("Envoi automatique : vous avez validé {approvals} réponses de l'agent pour cette offre.")
            }
            ReplySending::ApprovalFirst => format!(
                "Chaque réponse attend votre validation ({approvals} sur {after} validées pour cette offre ; ensuite l'agent répond seul)."
            ),
            ReplySending::Approval => {
                "Chaque réponse de l'agent attend votre validation (réglage de l'offre).".to_string()
            }
            ReplySending::Automatic => "Envoi automatique : l'agent répond seul pour cette offre.".to_string(),
        }
    }
}

crate::stored_enum! {
    /// What a conversation aims at (AGENT-7).
    #[derive(Serialize, Deserialize)]
    pub enum ObjectiveKind {
        Meeting = "meeting",
        CallBack = "call_back",
        LandingPage = "landing_page",
        Purchase = "purchase",
        Other = "other",
    }
}

impl ObjectiveKind {
    pub fn label_fr(self) -> &'static str {
        match self {
            ObjectiveKind::Meeting => "Obtenir un rendez-vous",
            ObjectiveKind::CallBack => "Obtenir un appel téléphonique",
            ObjectiveKind::LandingPage => "Faire visiter une page de votre site",
            ObjectiveKind::Purchase => "Déclencher un achat",
            ObjectiveKind::Other => "Autre objectif",
        }
    }
}

/// An objective with what it needs: the page's address for a landing-page visit, a description
/// for "other".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Objective {
    Meeting,
    CallBack,
    LandingPage { url: String },
    Purchase,
    Other { description: String },
}

impl Objective {
    /// The form's three fields: the kind, the page's address, the description.
    pub fn parse(kind: &str, url: &str, description: &str) -> Result<Self, AppError> {
        let kind =
            ObjectiveKind::parse(kind.trim()).ok_or(AppError::validation("objective", ValidationCode::Required))?;
        Ok(match kind {
            ObjectiveKind::Meeting => Objective::Meeting,
            ObjectiveKind::CallBack => Objective::CallBack,
            ObjectiveKind::Purchase => Objective::Purchase,
            ObjectiveKind::LandingPage => {
                if url.trim().is_empty() {
                    return Err(AppError::validation("objective_url", ValidationCode::Required));
                }
                Objective::LandingPage { url: WebsiteUrl::parse("objective_url", url)?.as_str().to_string() }
            }
            ObjectiveKind::Other => {
                Objective::Other { description: required_text("objective_detail", description, LINE_MAX * 2)? }
            }
        })
    }

    /// From the stored kind and detail.
    pub fn from_parts(kind: ObjectiveKind, detail: Option<String>) -> Self {
        let detail = detail.unwrap_or_default();
        match kind {
            ObjectiveKind::Meeting => Objective::Meeting,
            ObjectiveKind::CallBack => Objective::CallBack,
            ObjectiveKind::Purchase => Objective::Purchase,
            ObjectiveKind::LandingPage => Objective::LandingPage { url: detail },
            ObjectiveKind::Other => Objective::Other { description: detail },
        }
    }

    pub fn kind(&self) -> ObjectiveKind {
        match self {
            Objective::Meeting => ObjectiveKind::Meeting,
            Objective::CallBack => ObjectiveKind::CallBack,
            Objective::LandingPage { .. } => ObjectiveKind::LandingPage,
            Objective::Purchase => ObjectiveKind::Purchase,
            Objective::Other { .. } => ObjectiveKind::Other,
        }
    }

    /// The stored detail: the address or the description.
    pub fn detail(&self) -> Option<&str> {
        match self {
            Objective::LandingPage { url } => Some(url),
            Objective::Other { description } => Some(description),
            _ => None,
        }
    }

    /// One line for a card: "Obtenir un rendez-vous", "Faire visiter https://…".
    pub fn summary_fr(&self) -> String {
        match self {
            Objective::LandingPage { url } => format!("Faire visiter {url}"),
            Objective::Other { description } => description.clone(),
            other => other.kind().label_fr().to_string(),
        }
    }
}

/// A usual objection of the client's prospects and the client's best answer to it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObjectionAnswer {
    pub objection: String,
    pub answer: String,
}

/// The business questionnaire's answers (ONB-3). Every answer is optional until given: the
/// wizard saves one step at a time and a step may be skipped.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BusinessProfile {
    /// The trade ("Plombier chauffagiste").
    pub activity: Option<String>,
    /// What is sold.
    pub offering: Option<String>,
    /// To whom: sectors, company sizes, area.
    pub customers: Option<String>,
    pub business_model: Option<BusinessModel>,
    pub price_range: Option<String>,
    pub differentiators: Option<String>,
    pub objections: Vec<ObjectionAnswer>,
    pub tone: Option<Tone>,
    /// Commercial preferences: meeting slots, on site or by video, what to propose first.
    pub preferences: Option<String>,
    /// What the agent must never promise (prices, deadlines, guarantees).
    pub never_promise: Option<String>,
    pub objective: Option<Objective>,
}

/// A paragraph answer: trimmed, bounded, line breaks allowed; empty is `None`.
pub fn optional_paragraph(field: &str, raw: &str, max: usize) -> Result<Option<String>, AppError> {
    let value = raw.trim();
    if value.is_empty() {
        return Ok(None);
    }
    if value.chars().count() > max {
        return Err(AppError::validation(field, ValidationCode::TooLong { max: max as u32 }));
    }
    Ok(Some(value.replace("\r\n", "\n")))
}

/// A paragraph answer that may not be left empty.
pub fn required_paragraph(field: &str, raw: &str, max: usize) -> Result<String, AppError> {
    optional_paragraph(field, raw, max)?.ok_or(AppError::validation(field, ValidationCode::Required))
}

/// The objections as typed in pairs (`objection_N`, `answer_N`): a pair with neither is dropped,
/// an objection without its answer (or the reverse) is refused on the missing one.
pub fn parse_objections(pairs: &[(String, String)]) -> Result<Vec<ObjectionAnswer>, AppError> {
    let mut out = Vec::new();
    for (i, (objection, answer)) in pairs.iter().enumerate().take(OBJECTIONS_MAX) {
        let (o, a) = (objection.trim(), answer.trim());
        match (o.is_empty(), a.is_empty()) {
            (true, true) => continue,
            (false, true) => return Err(AppError::validation(&format!("answer_{}", i + 1), ValidationCode::Required)),
            (true, false) => {
                return Err(AppError::validation(&format!("objection_{}", i + 1), ValidationCode::Required));
            }
            (false, false) => out.push(ObjectionAnswer {
                objection: optional_paragraph(&format!("objection_{}", i + 1), o, LINE_MAX * 3)?.unwrap_or_default(),
                answer: optional_paragraph(&format!("answer_{}", i + 1), a, ANSWER_MAX / 2)?.unwrap_or_default(),
            }),
        }
    }
    Ok(out)
}

crate::stored_enum! {
    /// One answer of the questionnaire, as the onboarding chat fills it and the client corrects
    /// it one at a time. The keys are the form's field names.
    #[derive(Serialize, Deserialize)]
    pub enum ProfileField {
        Activity = "activity",
        Offering = "offering",
        Customers = "customers",
        BusinessModel = "business_model",
        PriceRange = "price_range",
        Differentiators = "differentiators",
        Objections = "objections",
        Tone = "tone",
        Preferences = "preferences",
        NeverPromise = "never_promise",
        Objective = "objective",
    }
}

impl ProfileField {
    pub fn label_fr(self) -> &'static str {
        match self {
            ProfileField::Activity => "Métier",
            ProfileField::Offering => "Ce que vous vendez",
            ProfileField::Customers => "À qui",
            ProfileField::BusinessModel => "Modèle économique",
            ProfileField::PriceRange => "Fourchette de prix",
            ProfileField::Differentiators => "Ce qui vous distingue",
            ProfileField::Objections => "Objections",
            ProfileField::Tone => "Ton",
            ProfileField::Preferences => "Préférences commerciales",
            ProfileField::NeverPromise => "À ne jamais promettre",
            ProfileField::Objective => "Objectif",
        }
    }

    /// The wizard's step that asks it.
    pub fn step(self) -> OnboardingStep {
        match self {
            ProfileField::Activity
            | ProfileField::Offering
            | ProfileField::Customers
            | ProfileField::BusinessModel
            | ProfileField::PriceRange => OnboardingStep::Activity,
            ProfileField::Differentiators | ProfileField::Objections => OnboardingStep::Arguments,
            ProfileField::Tone | ProfileField::Preferences | ProfileField::NeverPromise => OnboardingStep::Style,
            ProfileField::Objective => OnboardingStep::Objective,
        }
    }

    /// Whether its step is answered without it (the form refuses the step while it is empty).
    pub fn is_required(self) -> bool {
        !matches!(
            self,
            ProfileField::PriceRange
                | ProfileField::Objections
                | ProfileField::Preferences
                | ProfileField::NeverPromise
        )
    }

    /// The fields a step asks.
    pub fn of_step(step: OnboardingStep) -> impl Iterator<Item = ProfileField> {
        ProfileField::ALL.into_iter().filter(move |f| f.step() == step)
    }

    /// Our own wording of the question (the chat's opening, and the simulated model's).
    pub fn question_fr(self) -> &'static str {
        match self {
            ProfileField::Activity => "Quel est votre métier ?",
            ProfileField::Offering => {
                "Que vendez-vous, concrètement ? Vos principales prestations ou produits suffisent."
            }
            ProfileField::Customers => {
                "À qui vendez-vous : quels secteurs, quelles tailles d'entreprise, dans quelle zone ?"
            }
            ProfileField::BusinessModel => {
                "Vos ventes sont-elles plutôt des prestations ponctuelles, des contrats récurrents, de la vente de \
                 produits, ou un peu de tout ?"
            }
            ProfileField::PriceRange => "Quelle est votre fourchette de prix habituelle ?",
            ProfileField::Differentiators => "Qu'est-ce qui vous distingue de vos concurrents ?",
            ProfileField::Objections => {
                "Quelles objections entendez-vous le plus souvent, et que répondez-vous ? Par exemple : « C'est \
                 trop cher → Le devis est gratuit »."
            }
            ProfileField::Tone => {
                "Quel ton doit-on employer en votre nom : soutenu, cordial et professionnel, ou direct et concis ?"
            }
            ProfileField::Preferences => {
                "Avez-vous des préférences commerciales : créneaux de rendez-vous, sur place ou en visio, ce qu'il \
                 faut proposer d'abord ?"
            }
            ProfileField::NeverPromise => "Qu'est-ce qu'il ne faut jamais promettre à un prospect ?",
            ProfileField::Objective => {
                "Enfin, qu'attendez-vous d'un prospect intéressé : un rendez-vous, un appel, la visite d'une page \
                 de votre site (donnez son adresse), un achat, ou autre chose ?"
            }
        }
    }
}

/// The keys of the answers as forms post them and the onboarding agent reports them: the
/// profile's fields, the objective with its page's address and its description.
pub const ANSWER_KEYS: [&str; 13] = [
    "activity",
    "offering",
    "customers",
    "business_model",
    "price_range",
    "differentiators",
    "objections",
    "tone",
    "preferences",
    "never_promise",
    "objective",
    "objective_url",
    "objective_detail",
];

/// One answer as typed, before it is read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Answer {
    Text(String),
    /// The objective's kind (`ObjectiveKind` key), the page's address, the description.
    Objective {
        kind: String,
        url: String,
        detail: String,
    },
    /// Objection and answer pairs.
    Objections(Vec<(String, String)>),
}

impl BusinessProfile {
    /// Sets `field` from `answer`, read exactly as the wizard's form reads it: a required answer
    /// left empty is refused, an optional one is cleared.
    pub fn set(&mut self, field: ProfileField, answer: Answer) -> Result<(), AppError> {
        let name = field.as_str();
        let text = |answer: &Answer| match answer {
            Answer::Text(t) => Ok(t.clone()),
            _ => Err(AppError::validation(name, ValidationCode::Required)),
        };
        match field {
            ProfileField::Activity => self.activity = Some(required_text(name, &text(&answer)?, LINE_MAX)?),
            ProfileField::Offering => self.offering = Some(required_paragraph(name, &text(&answer)?, ANSWER_MAX)?),
            ProfileField::Customers => self.customers = Some(required_paragraph(name, &text(&answer)?, ANSWER_MAX)?),
            ProfileField::Differentiators => {
                self.differentiators = Some(required_paragraph(name, &text(&answer)?, ANSWER_MAX)?)
            }
            ProfileField::PriceRange => self.price_range = optional_text(name, &text(&answer)?, LINE_MAX)?,
            ProfileField::Preferences => self.preferences = optional_paragraph(name, &text(&answer)?, ANSWER_MAX)?,
            ProfileField::NeverPromise => self.never_promise = optional_paragraph(name, &text(&answer)?, ANSWER_MAX)?,
            ProfileField::BusinessModel => {
                let raw = text(&answer)?;
                self.business_model =
                    Some(BusinessModel::parse(raw.trim()).ok_or(AppError::validation(name, ValidationCode::Required))?)
            }
            ProfileField::Tone => {
                let raw = text(&answer)?;
                self.tone = Some(Tone::parse(raw.trim()).ok_or(AppError::validation(name, ValidationCode::Required))?)
            }
            ProfileField::Objective => match answer {
                Answer::Objective { kind, url, detail } => {
                    self.objective = Some(Objective::parse(&kind, &url, &detail)?)
                }
                _ => return Err(AppError::validation(name, ValidationCode::Required)),
            },
            ProfileField::Objections => match answer {
                Answer::Objections(pairs) => self.objections = parse_objections(&pairs)?,
                _ => return Err(AppError::validation("objection_1", ValidationCode::Required)),
            },
        }
        Ok(())
    }

    /// Copies `field` from `other`.
    pub fn take(&mut self, field: ProfileField, other: &BusinessProfile) {
        match field {
            ProfileField::Activity => self.activity = other.activity.clone(),
            ProfileField::Offering => self.offering = other.offering.clone(),
            ProfileField::Customers => self.customers = other.customers.clone(),
            ProfileField::BusinessModel => self.business_model = other.business_model,
            ProfileField::PriceRange => self.price_range = other.price_range.clone(),
            ProfileField::Differentiators => self.differentiators = other.differentiators.clone(),
            ProfileField::Objections => self.objections = other.objections.clone(),
            ProfileField::Tone => self.tone = other.tone,
            ProfileField::Preferences => self.preferences = other.preferences.clone(),
            ProfileField::NeverPromise => self.never_promise = other.never_promise.clone(),
            ProfileField::Objective => self.objective = other.objective.clone(),
        }
    }

    /// The answer as a client reads it; `None` while not given.
    pub fn shown_fr(&self, field: ProfileField) -> Option<String> {
        match field {
            ProfileField::Activity => self.activity.clone(),
            ProfileField::Offering => self.offering.clone(),
            ProfileField::Customers => self.customers.clone(),
            ProfileField::BusinessModel => self.business_model.map(|m| m.label_fr().to_string()),
            ProfileField::PriceRange => self.price_range.clone(),
            ProfileField::Differentiators => self.differentiators.clone(),
            ProfileField::Objections => (!self.objections.is_empty()).then(|| {
                self.objections.iter().map(|o| format!("{} → {}", o.objection, o.answer)).collect::<Vec<_>>().join("\n")
            }),
            ProfileField::Tone => self.tone.map(|t| t.label_fr().to_string()),
            ProfileField::Preferences => self.preferences.clone(),
            ProfileField::NeverPromise => self.never_promise.clone(),
            ProfileField::Objective => self.objective.as_ref().map(Objective::summary_fr),
        }
    }

    pub fn is_set(&self, field: ProfileField) -> bool {
        self.shown_fr(field).is_some()
    }

    /// The questionnaire's steps whose required answers are all given.
    pub fn answered_steps(&self) -> Vec<OnboardingStep> {
        let mut steps: Vec<OnboardingStep> = ProfileField::ALL.iter().map(|f| f.step()).collect();
        steps.dedup();
        steps.retain(|s| ProfileField::of_step(*s).all(|f| !f.is_required() || self.is_set(f)));
        steps
    }
}

crate::stored_enum! {
    /// The onboarding wizard's steps, in order.
    #[derive(Serialize, Deserialize, PartialOrd, Ord)]
    pub enum OnboardingStep {
        Company = "company",
        Person = "person",
        Activity = "activity",
        Arguments = "arguments",
        Style = "style",
        Objective = "objective",
    }
}

impl OnboardingStep {
    pub fn label_fr(self) -> &'static str {
        match self {
            OnboardingStep::Company => "Entreprise",
            OnboardingStep::Person => "Vous",
            OnboardingStep::Activity => "Activité",
            OnboardingStep::Arguments => "Arguments",
            OnboardingStep::Style => "Style",
            OnboardingStep::Objective => "Objectif",
        }
    }

    pub fn next(self) -> Option<OnboardingStep> {
        let at = OnboardingStep::ALL.iter().position(|s| *s == self)?;
        OnboardingStep::ALL.get(at + 1).copied()
    }

    /// The step's place in the indicator, from 1.
    pub fn number(self) -> usize {
        OnboardingStep::ALL.iter().position(|s| *s == self).unwrap_or(0) + 1
    }
}

/// Where the organisation is in the wizard: the steps answered and those skipped (recalled on
/// the dashboard until answered).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OnboardingProgress {
    pub done: Vec<OnboardingStep>,
    pub skipped: Vec<OnboardingStep>,
}

impl OnboardingProgress {
    pub fn is_complete(&self) -> bool {
        OnboardingStep::ALL.iter().all(|s| self.done.contains(s))
    }

    /// The step to open: the first one neither answered nor skipped, else the first one not
    /// answered.
    pub fn resume_at(&self) -> Option<OnboardingStep> {
        OnboardingStep::ALL
            .iter()
            .find(|s| !self.done.contains(s) && !self.skipped.contains(s))
            .or_else(|| OnboardingStep::ALL.iter().find(|s| !self.done.contains(s)))
            .copied()
    }

    pub fn remaining(&self) -> Vec<OnboardingStep> {
        OnboardingStep::ALL.iter().filter(|s| !self.done.contains(s)).copied().collect()
    }
}

/// The profile and the wizard's progress, as the wizard and the dashboard read them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Onboarding {
    pub profile: BusinessProfile,
    pub progress: OnboardingProgress,
}

/// One offer of the organisation: what is sold to whom, in which voice, toward which objective.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Offer {
    pub id: OfferId,
    pub name: String,
    /// What the offer is, in the client's words.
    pub description: Option<String>,
    pub target_sector: Option<String>,
    pub target_area: Option<String>,
    /// Who the agent writes as, and how it presents itself.
    pub persona: Option<String>,
    pub tone: Tone,
    pub objective: Objective,
    pub databases: u64,
    pub campaigns: u64,
}

/// An offer as typed in its form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferDraft {
    pub name: String,
    pub description: Option<String>,
    pub target_sector: Option<String>,
    pub target_area: Option<String>,
    pub persona: Option<String>,
    pub tone: Tone,
    pub objective: Objective,
}

/// The offer form's fields as posted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferForm {
    pub name: String,
    pub description: String,
    pub target_sector: String,
    pub target_area: String,
    pub persona: String,
    pub tone: String,
    pub objective: String,
    pub objective_url: String,
    pub objective_detail: String,
}

impl OfferDraft {
    pub fn parse(form: &OfferForm) -> Result<Self, AppError> {
        Ok(OfferDraft {
            name: required_text("offer_name", &form.name, LINE_MAX)?,
            description: optional_paragraph("description", &form.description, ANSWER_MAX)?,
            target_sector: optional_text("target_sector", &form.target_sector, LINE_MAX)?,
            target_area: optional_text("target_area", &form.target_area, LINE_MAX)?,
            persona: optional_text("persona", &form.persona, LINE_MAX * 2)?,
            tone: Tone::parse(form.tone.trim()).ok_or(AppError::validation("tone", ValidationCode::Required))?,
            objective: Objective::parse(&form.objective, &form.objective_url, &form.objective_detail)?,
        })
    }
}

/// The offer the client works in, and the others it can switch to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferContext {
    pub current: OfferId,
    pub offers: Vec<(OfferId, String)>,
}

impl OfferContext {
    pub fn current_name(&self) -> &str {
        self.offers.iter().find(|(id, _)| *id == self.current).map(|(_, n)| n.as_str()).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replies_wait_for_approval_as_the_offer_says() {
        let after = crate::conversations::AUTO_SEND_AFTER;
        assert_eq!(ReplySending::default(), ReplySending::ApprovalFirst);
        assert!(!ReplySending::ApprovalFirst.sends_alone(after - 1));
        assert!(ReplySending::ApprovalFirst.sends_alone(after));
        assert!(!ReplySending::Approval.sends_alone(after * 10));
        assert!(ReplySending::Automatic.sends_alone(0));
        assert!(ReplySending::ApprovalFirst.status_fr(3).contains("3 sur 10"));
    }

    #[test]
    fn an_objective_needs_its_detail() {
        assert_eq!(Objective::parse("meeting", "", "").unwrap(), Objective::Meeting);
        assert_eq!(
            Objective::parse("landing_page", "www.exemple.fr/offre", "").unwrap(),
            Objective::LandingPage { url: "https://www.exemple.fr/offre".into() }
        );
        assert_eq!(Objective::parse("landing_page", "", "").unwrap_err().field(), Some("objective_url"));
        assert_eq!(Objective::parse("landing_page", "ftp://x.fr", "").unwrap_err().field(), Some("objective_url"));
        assert_eq!(Objective::parse("other", "", " ").unwrap_err().field(), Some("objective_detail"));
        assert_eq!(Objective::parse("nope", "", "").unwrap_err().field(), Some("objective"));
        let other = Objective::parse("other", "", "Faire remplir un devis").unwrap();
        assert_eq!(Objective::from_parts(other.kind(), other.detail().map(str::to_string)), other);
    }

    #[test]
    fn objections_come_in_pairs() {
        let pair = |o: &str, a: &str| (o.to_string(), a.to_string());
        let parsed = parse_objections(&[pair("C'est trop cher", "Nous chiffrons gratuitement"), pair("", "")]).unwrap();
        assert_eq!(parsed.len(), 1);
        assert_eq!(parse_objections(&[pair("", ""), pair("Pas le temps", " ")]).unwrap_err().field(), Some("answer_2"));
        assert_eq!(parse_objections(&[pair("", "Réponse")]).unwrap_err().field(), Some("objection_1"));
    }

    #[test]
    fn an_answer_is_read_like_the_form_reads_it() {
        let text = |t: &str| Answer::Text(t.to_string());
        let mut profile = BusinessProfile::default();
        profile.set(ProfileField::Activity, text(" Plombier ")).unwrap();
        assert_eq!(profile.activity.as_deref(), Some("Plombier"));
        assert_eq!(profile.set(ProfileField::Activity, text(" ")).unwrap_err().field(), Some("activity"));
        assert_eq!(profile.set(ProfileField::Activity, text("a\nb")).unwrap_err().field(), Some("activity"));
        assert_eq!(profile.set(ProfileField::Tone, text("gentil")).unwrap_err().field(), Some("tone"));
        assert_eq!(profile.set(ProfileField::Objective, text("meeting")).unwrap_err().field(), Some("objective"));
        profile.set(ProfileField::PriceRange, text("100 €")).unwrap();
        profile.set(ProfileField::PriceRange, text("")).unwrap();
        assert_eq!(profile.price_range, None, "an optional answer left empty is cleared");
        assert!(profile.answered_steps().is_empty());
        for (field, value) in [
            (ProfileField::Offering, "Dépannage"),
            (ProfileField::Customers, "Syndics"),
            (ProfileField::BusinessModel, "one_off"),
            (ProfileField::Tone, "warm"),
        ] {
            profile.set(field, text(value)).unwrap();
        }
        assert_eq!(profile.answered_steps(), vec![OnboardingStep::Activity, OnboardingStep::Style]);
        assert_eq!(profile.shown_fr(ProfileField::Tone).as_deref(), Some(Tone::Warm.label_fr()));
    }

    #[test]
    fn the_wizard_resumes_where_it_stopped() {
        let mut progress = OnboardingProgress::default();
        assert_eq!(progress.resume_at(), Some(OnboardingStep::Company));
        progress.done.push(OnboardingStep::Company);
        progress.skipped.push(OnboardingStep::Person);
        assert_eq!(progress.resume_at(), Some(OnboardingStep::Activity));
        progress.done.extend([
            OnboardingStep::Activity,
            OnboardingStep::Arguments,
            OnboardingStep::Style,
            OnboardingStep::Objective,
        ]);
        // Everything else answered: the skipped step comes back.
        assert_eq!(progress.resume_at(), Some(OnboardingStep::Person));
        assert_eq!(progress.remaining(), vec![OnboardingStep::Person]);
        assert!(!progress.is_complete());
        progress.done.push(OnboardingStep::Person);
        assert!(progress.is_complete());
        assert_eq!(OnboardingStep::Style.next(), Some(OnboardingStep::Objective));
        assert_eq!(OnboardingStep::Objective.next(), None);
    }

    #[test]
    fn an_offer_form_is_checked() {
        let form = OfferForm {
            name: "Gardiennage de magasins".into(),
            tone: "warm".into(),
            objective: "call_back".into(),
            ..OfferForm::default()
        };
        let draft = OfferDraft::parse(&form).unwrap();
        assert_eq!(draft.objective, Objective::CallBack);
        assert_eq!(draft.tone, Tone::Warm);
        assert_eq!(
            OfferDraft::parse(&OfferForm { name: " ".into(), ..form.clone() }).unwrap_err().field(),
            Some("offer_name")
        );
        assert_eq!(OfferDraft::parse(&OfferForm { tone: "".into(), ..form }).unwrap_err().field(), Some("tone"));
    }
}

/// The longest prompt kept (about 2 000 tokens).
pub const PROMPT_MAX: usize = 8000;

crate::stored_enum! {
    /// The sub-agents of an offer whose system prompt the prompt agent writes.
    #[derive(Serialize, Deserialize)]
    pub enum AgentRole {
        /// Answers the prospects' e-mails toward the offer's objective.
        Conversation = "conversation",
        /// Writes the outreach messages and their variants.
        Writer = "writer",
    }
}

impl AgentRole {
    pub fn label_fr(self) -> &'static str {
        match self {
            AgentRole::Conversation => "Agent de conversation",
            AgentRole::Writer => "Rédacteur de messages",
        }
    }

    pub fn description_fr(self) -> &'static str {
        match self {
            AgentRole::Conversation => {
                "Ses instructions pour répondre aux prospects qui vous écrivent, jusqu'à l'objectif de l'offre."
            }
            AgentRole::Writer => "Ses instructions pour rédiger vos messages de prospection et leurs variantes.",
        }
    }
}

crate::stored_enum! {
    /// Where a prompt version stands: the one in use, one proposed after a change of the profile
    /// or the offer, one replaced, one proposed and set aside.
    #[derive(Serialize, Deserialize)]
    pub enum PromptState {
        Active = "active",
        Proposed = "proposed",
        Archived = "archived",
        Dismissed = "dismissed",
    }
}

/// One version of a prompt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PromptVersion {
    pub id: i64,
    pub version: u32,
    pub body: String,
    pub state: PromptState,
    /// "Agent de prompts" for a generated version, the person's name for an edited one.
    pub author: String,
    /// dd/mm/yyyy à HHhMM, Paris.
    pub created_at: String,
}

/// One sub-agent's prompt: the version in use, the one proposed, every version newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentPrompt {
    pub role: AgentRole,
    pub active: Option<PromptVersion>,
    pub proposed: Option<PromptVersion>,
    pub history: Vec<PromptVersion>,
}

/// The prompts of one offer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferPrompts {
    pub offer_id: OfferId,
    pub offer_name: String,
    pub agents: Vec<AgentPrompt>,
    /// The profile or the offer changed after the last generated version: a new version should
    /// be proposed.
    pub outdated: bool,
    /// How the conversation agent's replies leave.
    pub reply_sending: ReplySending,
}

/// A prompt as edited by the client: trimmed, not empty, bounded.
pub fn prompt_body(raw: &str) -> Result<String, AppError> {
    required_paragraph("body", raw, PROMPT_MAX)
}

/// One line of a comparison between two versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum DiffLine {
    Same(String),
    Added(String),
    Removed(String),
}

/// The lines of `new` against those of `old`: the longest common subsequence kept, the rest
/// removed then added (prompts are a few dozen lines: the quadratic table is small).
pub fn diff_lines(old: &str, new: &str) -> Vec<DiffLine> {
    let (a, b): (Vec<&str>, Vec<&str>) = (old.lines().collect(), new.lines().collect());
    let mut common = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            common[i][j] = if a[i] == b[j] { common[i + 1][j + 1] + 1 } else { common[i + 1][j].max(common[i][j + 1]) };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            out.push(DiffLine::Same(a[i].to_string()));
            (i, j) = (i + 1, j + 1);
        } else if i < a.len() && (j == b.len() || common[i + 1][j] >= common[i][j + 1]) {
            // On a tie the old line goes first, as diffs read.
            out.push(DiffLine::Removed(a[i].to_string()));
            i += 1;
        } else {
            out.push(DiffLine::Added(b[j].to_string()));
            j += 1;
        }
    }
    out
}

#[cfg(test)]
mod prompt_tests {
    use super::*;

    #[test]
    fn a_diff_keeps_the_common_lines() {
        let old = "Ton : cordial\nObjectif : rendez-vous\nNe promets rien";
        let new = "Ton : soutenu\nObjectif : rendez-vous\nNe promets rien\nVouvoie toujours";
        assert_eq!(
            diff_lines(old, new),
            vec![
                DiffLine::Removed("Ton : cordial".into()),
                DiffLine::Added("Ton : soutenu".into()),
                DiffLine::Same("Objectif : rendez-vous".into()),
                DiffLine::Same("Ne promets rien".into()),
                DiffLine::Added("Vouvoie toujours".into()),
            ]
        );
        assert!(diff_lines("a\nb", "a\nb").iter().all(|l| matches!(l, DiffLine::Same(_))));
        assert_eq!(diff_lines("", "x"), vec![DiffLine::Added("x".into())]);
    }

    #[test]
    fn an_empty_prompt_is_refused() {
        assert_eq!(prompt_body("  \n ").unwrap_err().field(), Some("body"));
        assert_eq!(prompt_body(&"x".repeat(PROMPT_MAX + 1)).unwrap_err().field(), Some("body"));
        assert_eq!(prompt_body(" Réponds poliment. ").unwrap(), "Réponds poliment.");
    }
}
