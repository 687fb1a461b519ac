//! The onboarding agent (ONB-3, the chat way): it asks one question at a time and reads each
//! answer into the profile by structured extraction. Every answer the model reports is read by
//! the very rules of the wizard's form ([`BusinessProfile::set`]); one it breaks is sent back
//! once for repair. A turn is one transaction: the answers, the client's message and the
//! agent's reply are saved together, or, when the model could not answer (the month's budget
//! reached, a timeout…), nothing is, and the client's message stays in the composer.

use super::Result;
use super::entities::onboarding_chat_message as message;
use super::offers::first_offer;
use super::profile::{self, change_in, mark_answered};
use crate::db::begin_write;
use crate::llm::structured::Question;
use crate::llm::usage::{Caller, LlmFeature};
use crate::llm::{Llm, LlmError};
use chrono::Utc;
use prospecta_shared::accounts::SessionUser;
use prospecta_shared::business::chat::{ChatAuthor, ChatMessage, OnboardingChat, opening_fr};
use prospecta_shared::business::{ANSWER_KEYS, Answer, BusinessProfile, ObjectionAnswer, ProfileField};
use prospecta_shared::ids::OrgId;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder,
};
use serde::Deserialize;
use serde_json::{Value, json};

/// Longest reply the agent may write.
const REPLY_MAX: usize = 1200;
/// How many past messages the model reads (the profile carries the rest).
const HISTORY: usize = 12;

/// What the model heard in the client's last message: only what it says or corrects.
#[derive(Debug, Default, Deserialize)]
struct Heard {
    activity: Option<String>,
    offering: Option<String>,
    customers: Option<String>,
    business_model: Option<String>,
    price_range: Option<String>,
    differentiators: Option<String>,
    objections: Option<Vec<ObjectionAnswer>>,
    tone: Option<String>,
    preferences: Option<String>,
    never_promise: Option<String>,
    objective: Option<String>,
    objective_url: Option<String>,
    objective_detail: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Turn {
    fields: Heard,
    asks: Option<String>,
    reply: String,
}

fn given(value: &Option<String>) -> Option<String> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_string)
}

impl Heard {
    /// The answers heard, as the form would post them. New objections join the known ones (an
    /// objection heard again replaces its answer); nothing heard clears a field.
    fn answers(&self, known: &BusinessProfile) -> Vec<(ProfileField, Answer)> {
        let texts = [
            (ProfileField::Activity, &self.activity),
            (ProfileField::Offering, &self.offering),
            (ProfileField::Customers, &self.customers),
            (ProfileField::BusinessModel, &self.business_model),
            (ProfileField::PriceRange, &self.price_range),
            (ProfileField::Differentiators, &self.differentiators),
            (ProfileField::Tone, &self.tone),
            (ProfileField::Preferences, &self.preferences),
            (ProfileField::NeverPromise, &self.never_promise),
        ];
        let mut answers: Vec<(ProfileField, Answer)> =
            texts.into_iter().filter_map(|(field, value)| Some((field, Answer::Text(given(value)?)))).collect();
        if let Some(heard) = self.objections.as_ref().filter(|o| !o.is_empty()) {
            let mut pairs: Vec<ObjectionAnswer> = known.objections.clone();
            for pair in heard {
                let same = |o: &ObjectionAnswer| o.objection.trim().eq_ignore_ascii_case(pair.objection.trim());
                match pairs.iter_mut().find(|o| same(o)) {
                    Some(known) => known.answer = pair.answer.clone(),
                    None => pairs.push(pair.clone()),
                }
            }
            answers.push((
                ProfileField::Objections,
                Answer::Objections(pairs.into_iter().map(|p| (p.objection, p.answer)).collect()),
            ));
        }
        if let Some(kind) = given(&self.objective) {
            let url = given(&self.objective_url).unwrap_or_default();
            let detail = given(&self.objective_detail).unwrap_or_default();
            answers.push((ProfileField::Objective, Answer::Objective { kind, url, detail }));
        }
        answers
    }
}

/// The turn as the model must give it: a reply, a field or none, and answers the form accepts.
fn check(turn: &Turn, known: &BusinessProfile) -> std::result::Result<(), String> {
    let reply = turn.reply.trim();
    if reply.is_empty() {
        return Err("reply est vide".into());
    }
    if reply.chars().count() > REPLY_MAX {
        return Err(format!("reply dépasse {REPLY_MAX} caractères"));
    }
    if let Some(asks) = given(&turn.asks)
        && ProfileField::parse(&asks).is_none()
    {
        let keys: Vec<&str> = ProfileField::ALL.iter().map(|f| f.as_str()).collect();
        return Err(format!("asks vaut « {asks} » au lieu de l'un de : {} (ou null)", keys.join(", ")));
    }
    let mut profile = known.clone();
    for (field, answer) in turn.fields.answers(known) {
        profile.set(field, answer).map_err(|e| format!("{} : {}", field.as_str(), e.message_fr()))?;
    }
    Ok(())
}

fn instructions() -> String {
    "Tu es l'assistant de démarrage de Prospecta. Tu aides le dirigeant d'une TPE ou PME française à décrire \
     son activité, pour que ses messages de prospection et son agent commercial parlent en son nom. Tu vouvoies, \
     tu es bref et chaleureux, et tu poses une seule question à la fois.\n\
     Dans `fields`, reporte uniquement ce que le dernier message du client dit ou corrige, reformulé proprement \
     mais sans rien inventer ; null pour tout le reste. Les champs : activity (le métier, une ligne), offering \
     (ce qui est vendu), customers (à qui : secteurs, tailles, zone), business_model (one_off, recurring, \
     products ou mixed), price_range (une ligne), differentiators (ce qui le distingue), objections (seulement \
     des paires complètes {objection, answer}), tone (formal, warm ou direct), preferences (préférences \
     commerciales), never_promise (ce qu'il ne faut jamais promettre), objective (meeting, call_back, \
     landing_page, purchase ou other), objective_url (l'adresse de la page, pour landing_page), \
     objective_detail (la description, pour other).\n\
     Dans `asks`, mets le champ sur lequel porte ta prochaine question : le premier de la liste « À demander » \
     (ou le même champ si la réponse était inutilisable et mérite d'être reformulée), null quand la liste est \
     vide. Si le client ne sait pas ou préfère passer, passe à la suite.\n\
     Dans `reply`, accuse réception en une phrase, puis pose la question ; quand il ne reste rien à demander, \
     remercie et dis que le profil est prêt et qu'il peut le corriger à côté."
        .to_string()
}

fn schema() -> Value {
    let text = json!({"type": ["string", "null"]});
    let mut fields = serde_json::Map::new();
    for key in ANSWER_KEYS.into_iter().filter(|k| *k != "objections") {
        fields.insert(key.into(), text.clone());
    }
    fields.insert(
        "objections".into(),
        json!({
            "type": ["array", "null"],
            "items": {
                "type": "object",
                "properties": {"objection": {"type": "string"}, "answer": {"type": "string"}},
                "required": ["objection", "answer"],
                "additionalProperties": false
            }
        }),
    );
    let required: Vec<String> = fields.keys().cloned().collect();
    json!({
        "type": "object",
        "properties": {
            "fields": {"type": "object", "properties": fields, "required": required, "additionalProperties": false},
            "asks": {"type": ["string", "null"]},
            "reply": {"type": "string"}
        },
        "required": ["fields", "asks", "reply"],
        "additionalProperties": false
    })
}

/// What the model reads: the profile so far, what is left to ask, the exchange, the message.
fn brief(
    profile: &BusinessProfile,
    to_ask: &[ProfileField],
    last_asked: Option<ProfileField>,
    history: &[ChatMessage],
    text: &str,
) -> String {
    let mut out = String::from("Profil connu :\n");
    for field in ProfileField::ALL {
        let value = profile.shown_fr(field).map_or_else(|| "non renseigné".to_string(), |v| v.replace('\n', " ; "));
        out += &format!("- {} ({}) : {value}\n", field.as_str(), field.label_fr());
    }
    let keys: Vec<&str> = to_ask.iter().map(|f| f.as_str()).collect();
    out += &format!("À demander, dans l'ordre : {}\n", if keys.is_empty() { "rien".into() } else { keys.join(", ") });
    out += &format!("Ta dernière question portait sur : {}\n", last_asked.map_or("rien", |f| f.as_str()));
    out += "Échange jusqu'ici :\n";
    for m in history {
        let who = match m.author {
            ChatAuthor::Agent => "Assistant",
            ChatAuthor::Client => "Client",
        };
        out += &format!("{who} : {}\n", m.text.replace('\n', " "));
    }
    out += &format!("Dernier message du client :\n{text}");
    out
}

async fn stored<C: ConnectionTrait>(db: &C, organization_id: OrgId) -> Result<Vec<message::Model>> {
    Ok(message::Entity::find()
        .filter(message::Column::OrganizationId.eq(organization_id))
        .order_by_asc(message::Column::Id)
        .all(db)
        .await?)
}

fn view(m: &message::Model) -> ChatMessage {
    ChatMessage {
        author: m.author,
        text: m.body.clone(),
        filled: m.filled.split(',').filter_map(ProfileField::parse).collect(),
    }
}

/// The agent's opening when the chat has not started: our greeting and the first question.
fn opening(actor: &SessionUser, profile: &BusinessProfile) -> (ChatMessage, Option<ProfileField>) {
    let asks = ProfileField::ALL.into_iter().find(|f| !profile.is_set(*f));
    let text = opening_fr(&actor.first_name, asks);
    (ChatMessage { author: ChatAuthor::Agent, text, filled: Vec::new() }, asks)
}

pub(super) async fn read(db: &DatabaseConnection, llm: Option<&Llm>, actor: &SessionUser) -> Result<OnboardingChat> {
    let messages = stored(db, actor.organization_id).await?;
    let onboarding = profile::onboarding(db, actor.organization_id).await?;
    let available = llm.is_some();
    if messages.is_empty() {
        let (first, asks) = opening(actor, &onboarding.profile);
        return Ok(OnboardingChat { messages: vec![first], onboarding, finished: asks.is_none(), available });
    }
    let finished = messages.last().is_some_and(|m| m.author == ChatAuthor::Agent && m.asks.is_none());
    Ok(OnboardingChat { messages: messages.iter().map(view).collect(), onboarding, finished, available })
}

fn new_message(
    organization_id: OrgId,
    author: ChatAuthor,
    body: String,
    asks: Option<ProfileField>,
) -> message::ActiveModel {
    message::ActiveModel {
        organization_id: Set(organization_id),
        author: Set(author),
        body: Set(body),
        asks: Set(asks),
        filled: Set(String::new()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
}

/// The client's message `text` (checked by the caller), answered.
pub(super) async fn reply(
    db: &DatabaseConnection,
    llm: Option<&Llm>,
    actor: &SessionUser,
    text: String,
) -> Result<OnboardingChat> {
    let llm = llm.ok_or(LlmError::NotConfigured)?;
    let organization_id = actor.organization_id;
    let messages = stored(db, organization_id).await?;
    let known = profile::onboarding(db, organization_id).await?.profile;
    let (opened, opening_asks) = opening(actor, &known);
    let mut history: Vec<ChatMessage> = messages.iter().map(view).collect();
    let mut asked: Vec<ProfileField> = messages.iter().filter_map(|m| m.asks).collect();
    let last_asked = if messages.is_empty() {
        history.push(opened.clone());
        asked.extend(opening_asks);
        opening_asks
    } else {
        messages.iter().rev().find(|m| m.author == ChatAuthor::Agent).and_then(|m| m.asks)
    };
    // Each question once: an answer the client did not give stays for the fields beside the chat.
    let to_ask: Vec<ProfileField> =
        ProfileField::ALL.into_iter().filter(|f| !known.is_set(*f) && !asked.contains(f)).collect();
    let recent = &history[history.len().saturating_sub(HISTORY)..];
    let question = Question::single(
        "onboarding_chat",
        instructions(),
        brief(&known, &to_ask, last_asked, recent, &text),
        schema(),
    )
    .max_output_tokens(700);
    let turn = llm
        .ask::<Turn>(Caller::organization(organization_id), LlmFeature::OnboardingChat, &question, &|t: &Turn| {
            check(t, &known)
        })
        .await?
        .answer;

    let first = first_offer(db, organization_id).await?;
    let tx = begin_write(db).await?;
    let (_, filled) = change_in(&tx, actor, first, |onboarding| {
        let mut filled = Vec::new();
        for (field, answer) in turn.fields.answers(&onboarding.profile) {
            let before = onboarding.profile.shown_fr(field);
            onboarding.profile.set(field, answer)?;
            if onboarding.profile.shown_fr(field) != before {
                filled.push(field);
            }
        }
        mark_answered(onboarding);
        Ok(filled)
    })
    .await?;
    // Under the profile's lock: a teammate's first message sent at the same moment finds the
    // opening already there.
    let started =
        message::Entity::find().filter(message::Column::OrganizationId.eq(organization_id)).count(&tx).await? > 0;
    if !started {
        new_message(organization_id, ChatAuthor::Agent, opened.text, opening_asks).insert(&tx).await?;
    }
    let mut client = new_message(organization_id, ChatAuthor::Client, text, None);
    client.user_id = Set(Some(actor.user_id));
    client.insert(&tx).await?;
    let mut agent = new_message(
        organization_id,
        ChatAuthor::Agent,
        turn.reply.trim().to_string(),
        given(&turn.asks).and_then(|a| ProfileField::parse(&a)),
    );
    agent.filled = Set(filled.iter().map(|f| f.as_str()).collect::<Vec<_>>().join(","));
    agent.insert(&tx).await?;
    tx.commit().await?;
    read(db, Some(llm), actor).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn turn(value: Value) -> Turn {
        serde_json::from_value(value).expect("turn")
    }

    #[test]
    fn answers_are_read_like_the_form_reads_them() {
        let known = BusinessProfile {
            objections: vec![ObjectionAnswer { objection: "C'est trop cher".into(), answer: "Devis gratuit".into() }],
            ..BusinessProfile::default()
        };
        let heard = turn(json!({
            "fields": {
                "activity": " Plombier ", "offering": "", "business_model": "recurring",
                "objections": [
                    {"objection": "c'est trop cher", "answer": "Le prix est ferme"},
                    {"objection": "Pas le temps", "answer": "Dix minutes suffisent"}
                ],
                "objective": "landing_page", "objective_url": "plomberie.fr/offre"
            },
            "asks": "customers",
            "reply": "Merci ! À qui vendez-vous ?"
        }));
        assert_eq!(check(&heard, &known), Ok(()));
        let mut profile = known.clone();
        for (field, answer) in heard.fields.answers(&known) {
            profile.set(field, answer).expect("read");
        }
        assert_eq!(profile.activity.as_deref(), Some("Plombier"));
        assert_eq!(profile.offering, None, "an empty answer clears nothing");
        assert_eq!(profile.objections.len(), 2);
        assert_eq!(profile.objections[0].answer, "Le prix est ferme", "an objection heard again is replaced");
        assert_eq!(
            profile.shown_fr(ProfileField::Objective).as_deref(),
            Some("Faire visiter https://plomberie.fr/offre")
        );
    }

    #[test]
    fn a_turn_the_form_would_refuse_is_sent_back() {
        let known = BusinessProfile::default();
        let bad_model = turn(json!({"fields": {"business_model": "troc"}, "asks": null, "reply": "Merci"}));
        assert!(check(&bad_model, &known).unwrap_err().starts_with("business_model"));
        let half = turn(json!({
            "fields": {"objections": [{"objection": "Trop cher", "answer": " "}]}, "asks": null, "reply": "Merci"
        }));
        assert!(check(&half, &known).unwrap_err().starts_with("objections"));
        let no_url = turn(json!({"fields": {"objective": "landing_page"}, "asks": null, "reply": "Merci"}));
        assert!(check(&no_url, &known).unwrap_err().starts_with("objective"));
        let unknown = turn(json!({"fields": {}, "asks": "budget", "reply": "Merci"}));
        assert!(check(&unknown, &known).unwrap_err().contains("budget"));
        let silent = turn(json!({"fields": {}, "asks": null, "reply": "  "}));
        assert!(check(&silent, &known).is_err());
    }
}
