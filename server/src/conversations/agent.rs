//! The conversation agent (AGENT-1 … AGENT-9): for each human reply, with the offer's
//! conversation prompt, the profile, the objective and the thread, the model tags the reply,
//! sets the stage and a 1–10 score of closeness to the objective, explains itself in a sentence,
//! and drafts the answer — or, when the answer needs something only the client knows, asks the
//! client first (the conversation waits in "Questions pour vous"). The draft waits for the
//! client's approval, until the client approved [`AUTO_SEND_AFTER`] of the offer's: then the
//! agent's replies leave on their own. At the cap of agent messages the conversation is handed
//! to the client.

use super::entities::{agent_correction, conversation, conversation_message, knowledge_entry};
use super::threads::{last_from_prospect, merged_tags, reply_subject, tags_json};
use crate::jobs::{Job, JobContext, JobError};
use crate::llm::LlmError;
use crate::llm::structured::Question;
use crate::llm::usage::{Caller, LlmFeature};
use crate::meetings::Agenda;
use crate::meetings::slots::label_fr;
use crate::state::AppState;
use async_trait::async_trait;
use chrono::Utc;
use prospecta_shared::business::ReplySending;
use prospecta_shared::conversations::{AGENT_MESSAGES_MAX, ConversationStage, MessageAuthor, MessageStatus, Tag};
use prospecta_shared::credits::Quota;
use prospecta_shared::ids::{ConversationId, MessageId, OrgId};
use prospecta_shared::notifications::NotificationKind;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect,
};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// The client's latest answers the agent reads.
const KNOWLEDGE_MAX: u64 = 40;

/// The longest draft kept.
pub const DRAFT_MAX: usize = 3000;

/// What the agent answers for one reply.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Reading {
    pub tags: Vec<String>,
    /// `open`, `won` (the objective is reached) or `lost` (a clear refusal).
    pub stage: String,
    pub score: u8,
    pub reasoning: String,
    /// The drafted answer; empty when the client must be asked first.
    pub reply: String,
    /// What the agent needs to know from the client before answering; empty otherwise.
    pub question_for_client: String,
    /// When the objective is reached (AGENT-8): who, which company, the need, the objections
    /// met, what was agreed, the next step; empty otherwise.
    pub debrief: String,
    /// The key of the free slot the prospect accepted ("C2"), to book; empty otherwise.
    #[serde(default)]
    pub book_slot: String,
    /// The prospect cancels the meeting booked with them.
    #[serde(default)]
    pub cancel_meeting: bool,
}

const SYSTEM: &str = "Tu es l'agent de conversation de Prospecta : tu lis la réponse d'un prospect à un message \
de prospection et tu prépares la suite, en français, pour le compte du client. Tu étiquettes la réponse (interested, \
question, objection, not_now, wrong_person, meeting_request, opt_out, other), tu dis où en est la conversation \
(open, won quand l'objectif est atteint, lost pour un refus net), tu notes de 1 à 10 sa proximité avec l'objectif, tu \
expliques ton choix en une phrase, et tu rédiges la réponse. Quand l'objectif est atteint, tu écris aussi un court \
compte rendu (qui, quelle entreprise, son besoin, les objections rencontrées, ce qui a été convenu, la prochaine \
étape). Tu ne promets jamais ce que le client interdit ; si la \
réponse demande une information que tu n'as pas (un prix, un détail technique), tu n'inventes \
rien : tu laisses la réponse vide et tu poses ta question au client. Pour un rendez-vous, tu ne proposes que des \
créneaux libres de l'agenda du client, avec leur libellé exact ; quand le prospect en accepte un, tu mets sa clé dans \
book_slot et ta réponse le confirme ; s'il annule le rendez-vous prévu, cancel_meeting vaut true ; pour le déplacer, \
tu proposes d'autres créneaux puis réserves celui qu'il choisit (l'ancien est alors annulé). Sans agenda ni créneau \
libre, tu ne proposes aucune heure : tu demandes ses disponibilités. Réponds en JSON.";

fn schema() -> serde_json::Value {
    let tags: Vec<&str> = Tag::BY_AGENT.iter().map(|t| t.as_str()).collect();
    json!({
        "type": "object",
        "properties": {
            "tags": {"type": "array", "items": {"type": "string", "enum": tags}},
            "stage": {"type": "string", "enum": ["open", "won", "lost"]},
            "score": {"type": "integer", "minimum": 1, "maximum": 10},
            "reasoning": {"type": "string"},
            "reply": {"type": "string"},
            "question_for_client": {"type": "string"},
            "debrief": {"type": "string"},
            "book_slot": {"type": "string"},
            "cancel_meeting": {"type": "boolean"}
        },
        "required": ["tags", "stage", "score", "reasoning", "reply", "question_for_client", "debrief", "book_slot",
            "cancel_meeting"],
        "additionalProperties": false
    })
}

/// The items of "what must never be promised", one per line or separated by `;` or `,`, as
/// lower-case phrases of at least two words or one long word (a single short word would match
/// too much).
pub fn forbidden_phrases(never_promise: Option<&str>) -> Vec<String> {
    never_promise
        .unwrap_or_default()
        .split(['\n', ';', ','])
        .map(|item| item.trim().trim_start_matches(['-', '•', '*']).trim().trim_end_matches('.').to_lowercase())
        .filter(|item| item.split_whitespace().count() >= 2 || item.chars().count() >= 6)
        .collect()
}

/// The draft says none of the forbidden phrases (AGENT-6: never a promise the prompts forbid).
pub fn check_promises(reading: &Reading, forbidden: &[String]) -> Result<(), String> {
    let reply = reading.reply.to_lowercase();
    match forbidden.iter().find(|phrase| reply.contains(phrase.as_str())) {
        Some(phrase) => Err(format!("la réponse promet « {phrase} », ce que le client interdit")),
        None => Ok(()),
    }
}

/// The model's answer is used only if it holds together.
pub fn check(reading: &Reading) -> Result<(), String> {
    if reading.tags.iter().any(|t| Tag::by_agent(t).is_none()) {
        return Err(format!("étiquette inconnue dans {:?}", reading.tags));
    }
    if !matches!(reading.stage.as_str(), "open" | "won" | "lost") {
        return Err(format!("étape inconnue « {} »", reading.stage));
    }
    if !(1..=10).contains(&reading.score) {
        return Err(format!("score hors de 1 à 10 : {}", reading.score));
    }
    let (reply, question) = (reading.reply.trim(), reading.question_for_client.trim());
    if reply.is_empty() == question.is_empty() && reading.stage != "lost" {
        return Err("il faut soit une réponse, soit une question au client".into());
    }
    if reading.stage == "won" && reading.debrief.trim().is_empty() {
        return Err("objectif atteint sans compte rendu".into());
    }
    if reply.chars().count() > DRAFT_MAX {
        return Err(format!("réponse de plus de {DRAFT_MAX} caractères"));
    }
    Ok(())
}

/// The slot to book names one of the free slots the agent was given.
pub fn check_meeting(reading: &Reading, agenda: &Agenda) -> Result<(), String> {
    let key = reading.book_slot.trim();
    if !key.is_empty() && agenda.slot(key).is_none() {
        return Err(format!("le créneau « {key} » n'est pas parmi les créneaux libres donnés"));
    }
    Ok(())
}

/// What the agent is told of the client's calendar.
fn agenda_text(agenda: &Agenda) -> String {
    const NONE: &str = "ne propose aucune date ni heure, demande ses disponibilités au prospect.";
    if !agenda.connected {
        return format!("Agenda : aucun agenda connecté ; {NONE}\n");
    }
    let mut text = String::new();
    if let Some((_, start)) = agenda.booked {
        text += &format!("Rendez-vous déjà prévu avec ce prospect : {}\n", label_fr(start));
    }
    if agenda.slots.is_empty() {
        text += &format!("Agenda : aucun créneau libre dans les trois semaines ; {NONE}\n");
    } else {
        text += "Créneaux libres (clé : libellé) :\n";
        for (n, start) in agenda.slots.iter().enumerate() {
            text += &format!("- {} : {}\n", Agenda::key(n), label_fr(*start));
        }
    }
    text
}

/// What the model is told: the agent's instructions, the offer, the calendar, the thread.
fn brief(
    agenda: &Agenda,
    context: &crate::business::agent_context::AgentContext,
    corrections: &[agent_correction::Model],
    knowledge: &[knowledge_entry::Model],
    thread: &[conversation_message::Model],
) -> String {
    let mut text = String::new();
    if let Some((_, prompt)) = &context.prompt {
        text += &format!("Tes instructions pour cette offre :\n{prompt}\n\n");
    }
    if !corrections.is_empty() {
        text += "Corrections du client, à respecter (la plus récente prime) :\n";
        for c in corrections {
            text += &format!("- v{} : {}\n", c.version, c.instruction.replace('\n', " "));
        }
        text += "\n";
    }
    if !knowledge.is_empty() {
        text += "Ce que le client t'a appris :\n";
        for entry in knowledge {
            text += &format!("- {} → {}\n", entry.question.replace('\n', " "), entry.answer.replace('\n', " "));
        }
        text += "\n";
    }
    text += &format!("Objectif : {}\n", context.objective);
    if let Some(never) = context.never_promise.as_deref().filter(|n| !n.trim().is_empty()) {
        text += &format!("À ne jamais promettre : {never}\n");
    }
    text += &format!("Signature : {}\n", context.signature);
    text += &agenda_text(agenda);
    text += &format!("\nProfil et offre :\n{}\nÉchange jusqu'ici :\n", context.brief);
    for m in thread {
        let who = match m.author {
            MessageAuthor::Prospect => "Prospect",
            _ => "Nous",
        };
        text += &format!("{who} : {}\n", m.body.replace('\n', " "));
    }
    text += "\nDernier message du prospect : ";
    text += thread.iter().rev().find(|m| m.author == MessageAuthor::Prospect).map_or("", |m| m.body.as_str());
    text
}

/// Reads one human reply of a conversation (`message_id`: its row).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AgentTurn {
    pub conversation_id: ConversationId,
    pub organization_id: OrgId,
    pub message_id: MessageId,
    /// Empty for the first reading; what makes the agent read it again otherwise (the
    /// client's answer to its question, a correction of its draft), unique to that cause.
    #[serde(default)]
    pub reason: String,
}

fn retry(e: impl std::fmt::Display) -> JobError {
    JobError::Retry(e.to_string())
}

#[async_trait]
impl Job for AgentTurn {
    const KIND: &'static str = "conversations.agent_turn";
    type State = AppState;
    const MAX_ATTEMPTS: i32 = 4;

    fn idempotency_key(&self) -> Option<String> {
        Some(format!("agent-turn:{}:{}", self.message_id, self.reason))
    }

    fn organization_id(&self) -> Option<OrgId> {
        Some(self.organization_id)
    }

    async fn run(&self, ctx: &JobContext<AppState>) -> Result<(), JobError> {
        let app = &ctx.app;
        let db = &app.db;
        let Some(c) = conversation::Entity::find_by_id(self.conversation_id).one(db).await.map_err(retry)? else {
            return Ok(());
        };
        if c.stage == ConversationStage::Lost {
            return Ok(());
        }
        let agenda = crate::meetings::agenda(app, c.organization_id, c.id, Utc::now()).await.map_err(retry)?;
        // Once the objective is reached, the agent answers only about the meeting still to come
        // (moved or called off); the rest is the client's.
        if c.stage == ConversationStage::Won && agenda.booked.is_none() {
            return Ok(());
        }
        if c.agent_messages >= AGENT_MESSAGES_MAX as i32 {
            return hand_over(app, &c, "le plafond de messages de l'agent est atteint").await;
        }
        // No reply could leave: the client takes over rather than the model spending tokens.
        if crate::credits::balance(db, c.organization_id, Quota::AgentMessages).await.map_err(retry)? <= 0 {
            return hand_over(
                app,
                &c,
                "les réponses de l'agent de votre offre sont épuisées, rechargez-les dans Abonnement",
            )
            .await;
        }
        let Some(offer) = c.offer_id else { return Ok(()) };
        let Some(context) =
            crate::business::agent_context::agent_context(db, c.organization_id, offer).await.map_err(retry)?
        else {
            return Ok(());
        };
        let thread = conversation_message::Entity::find()
            .filter(conversation_message::Column::ConversationId.eq(c.id))
            .filter(conversation_message::Column::Status.ne(MessageStatus::Discarded))
            .filter(conversation_message::Column::Status.ne(MessageStatus::Draft))
            .order_by_asc(conversation_message::Column::Id)
            .all(db)
            .await
            .map_err(retry)?;
        if repeats_itself(&thread) {
            // A responder the reading did not recognise, answering each of our messages alike:
            // the agent stops after its first answer instead of talking to a machine.
            return hand_over(app, &c, "le prospect a renvoyé deux fois le même message, sans doute automatique").await;
        }
        let knowledge = knowledge_entry::Entity::find()
            .filter(knowledge_entry::Column::OrganizationId.eq(c.organization_id))
            .order_by_desc(knowledge_entry::Column::Id)
            .limit(KNOWLEDGE_MAX)
            .all(db)
            .await
            .map_err(retry)?;
        let corrections = in_force(db, c.organization_id, c.offer_id).await.map_err(retry)?;
        let Some(llm) = app.llm.as_ref() else {
            return hand_over(app, &c, "aucun modèle de langage n'est configuré").await;
        };
        let forbidden = forbidden_phrases(context.never_promise.as_deref());
        let brief = brief(&agenda, &context, &corrections, &knowledge, &thread);
        let question = Question::single("conversation_turn", SYSTEM, brief, schema()).max_output_tokens(900);
        let answered = match llm
            .ask::<Reading>(Caller::organization(c.organization_id), LlmFeature::ConversationAgent, &question, &|r| {
                check(r).and_then(|()| check_promises(r, &forbidden)).and_then(|()| check_meeting(r, &agenda))
            })
            .await
        {
            Ok(answered) => answered,
            Err(LlmError::Timeout | LlmError::RateLimited | LlmError::Unavailable(_) | LlmError::Storage(_))
                if ctx.attempt < Self::MAX_ATTEMPTS =>
            {
                return Err(JobError::Retry("modèle indisponible".into()));
            }
            // The month's budget, an answer unusable twice, a refusal: the client takes over.
            Err(e) => return hand_over(app, &c, &e.to_string()).await,
        };
        // The slot is held before the reply confirming it is written; a slot that could not be
        // held leaves the answer to the client rather than confirming what is not booked.
        if let Err(why) = apply_meeting(app, &c, &agenda, &answered.answer).await {
            return hand_over(app, &c, &why).await;
        }
        let metered = Metered { tokens: answered.usage.total() as i32, prompt_version: context.prompt.map(|p| p.0) };
        record(app, &c, self.message_id, answered.answer, metered, context.reply_sending).await.map_err(retry)
    }
}

/// Books the slot the prospect accepted (the meeting already booked is then cancelled: a
/// move), or cancels the meeting the prospect calls off (RDV-1).
async fn apply_meeting(
    app: &AppState,
    c: &conversation::Model,
    agenda: &Agenda,
    reading: &Reading,
) -> Result<(), String> {
    let org = c.organization_id;
    let chosen = agenda.slot(&reading.book_slot);
    if let Some(start) = chosen
        && let Err(e) = crate::meetings::book(app, org, &super::booking(c, start, None)).await
    {
        let why = prospecta_shared::AppError::from(e).message_fr();
        return Err(format!("le créneau choisi par le prospect ({}) n'a pas pu être réservé : {why}", label_fr(start)));
    }
    let Some((old, start)) = agenda.booked.filter(|_| chosen.is_some() || reading.cancel_meeting) else {
        return Ok(());
    };
    if let Err(e) = crate::meetings::cancel(app, org, old).await {
        let why = prospecta_shared::AppError::from(e).message_fr();
        return Err(format!("le rendez-vous du {} n'a pas pu être annulé : {why}", label_fr(start)));
    }
    let (title, body) = match chosen {
        Some(new) => {
            ("Rendez-vous déplacé", format!("{} : du {} au {}.", c.prospect_name, label_fr(start), label_fr(new)))
        }
        None => ("Rendez-vous annulé", format!("{} annule le rendez-vous du {}.", c.prospect_name, label_fr(start))),
    };
    crate::accounts::post_notification(
        &app.db,
        org,
        None,
        NotificationKind::MeetingBooked,
        title,
        &body,
        Some("/app/rendez-vous"),
    )
    .await
    .map_err(|e| e.to_string())
}

/// What a reading cost and which prompt version wrote it (AGENT-2).
struct Metered {
    tokens: i32,
    prompt_version: Option<i32>,
}

/// Stores what the agent read and drafted, in one transaction.
async fn record(
    app: &AppState,
    c: &conversation::Model,
    message_id: MessageId,
    reading: Reading,
    Metered { tokens, prompt_version }: Metered,
    sending: ReplySending,
) -> Result<(), sea_orm::DbErr> {
    let tx = crate::db::begin_write(&app.db).await?;
    let tags: Vec<Tag> = reading.tags.iter().filter_map(|t| Tag::by_agent(t)).collect();
    if let Some(read) = conversation_message::Entity::find_by_id(message_id).one(&tx).await? {
        let mut active = read.into_active_model();
        active.tags = Set(tags_json(&tags));
        active.update(&tx).await?;
    }
    let question = reading.question_for_client.trim().to_string();
    let stage = match reading.stage.as_str() {
        "won" => ConversationStage::Won,
        "lost" => ConversationStage::Lost,
        _ if !question.is_empty() => ConversationStage::Question,
        _ => ConversationStage::Open,
    };
    let now = Utc::now();
    let draft = reading.reply.trim().to_string();
    let mut drafted = None;
    if question.is_empty() && !draft.is_empty() {
        let inserted = conversation_message::Entity::insert(conversation_message::ActiveModel {
            conversation_id: Set(c.id),
            organization_id: Set(c.organization_id),
            author: Set(MessageAuthor::Agent),
            dedupe_key: Set(None),
            message_id: Set(None),
            subject: Set(reply_subject(&c.subject)),
            body: Set(draft),
            tags: Set(tags_json(&[])),
            reasoning: Set(Some(reading.reasoning.trim().to_string())),
            tokens: Set(tokens),
            prompt_version: Set(prompt_version),
            status: Set(MessageStatus::Draft),
            sent_at: Set(None),
            created_at: Set(now),
            ..Default::default()
        })
        .exec(&tx)
        .await?;
        drafted = Some(inserted.last_insert_id);
    }
    let all = merged_tags(&c.tags, tags);
    let mut active = c.clone().into_active_model();
    active.tags = Set(tags_json(&all));
    active.score = Set(Some(i32::from(reading.score)));
    active.stage = Set(stage);
    active.question = Set((!question.is_empty()).then(|| question.clone()));
    if stage == ConversationStage::Won {
        active.debrief = Set(Some(reading.debrief.trim().to_string()));
    }
    active.updated_at = Set(now);
    active.update(&tx).await?;
    // A/B from real replies (FORM-3): an interested answer, a meeting asked or the objective
    // reached is a positive outcome for the variant that opened the thread.
    let positive =
        stage == ConversationStage::Won || all.iter().any(|t| matches!(t, Tag::Interested | Tag::MeetingRequest));
    if let Some(contact) = c.contact_id.filter(|_| positive) {
        crate::outreach::campaigns::replies::record_reply(&tx, contact, Some(true), now).await?;
    }
    // A question waits for the client; an objective reached or an interested prospect is a hot
    // lead (ONB-12), whatever else the reply needs.
    let hot = if positive { NotificationKind::HotLead } else { NotificationKind::Other };
    let (kind, title, body) = match stage {
        ConversationStage::Question => {
            (NotificationKind::AgentQuestion, "Une question pour vous", format!("{} : {question}", c.prospect_name))
        }
        ConversationStage::Won => {
            (hot, "Objectif atteint", format!("{} : l'objectif de l'offre est atteint.", c.prospect_name))
        }
        ConversationStage::Lost => {
            (NotificationKind::Other, "Conversation close", format!("{} ne donne pas suite.", c.prospect_name))
        }
        _ if positive => (
            hot,
            "Prospect intéressé",
            format!("{} est intéressé : l'agent a préparé une réponse à valider.", c.prospect_name),
        ),
        _ => (
            NotificationKind::Other,
            "Réponse à valider",
            format!("L'agent a préparé une réponse à {}.", c.prospect_name),
        ),
    };
    // The offer says whether the reply waits for the client (by default: until enough of its
    // replies were approved).
    let automatic = match (drafted, c.offer_id) {
        (Some(_), Some(offer)) => sending.sends_alone(super::drafts::approvals(&tx, offer).await?),
        _ => false,
    };
    match (drafted, automatic) {
        (Some(message_id), true) => {
            let send = super::drafts::SendApproved { organization_id: c.organization_id, message_id };
            crate::jobs::enqueue(&tx, &send).await?;
        }
        _ => {
            let link = Some(link(c.id, stage));
            crate::accounts::post_notification(&tx, c.organization_id, None, kind, title, &body, link.as_deref())
                .await?;
        }
    }
    tx.commit().await
}

/// Has the agent read the prospect's last message again (the client answered its question or
/// corrected its draft); `reason` makes this reading distinct from the earlier ones.
pub async fn read_again<C: sea_orm::ConnectionTrait>(
    db: &C,
    conversation_id: ConversationId,
    organization_id: OrgId,
    reason: String,
) -> Result<(), sea_orm::DbErr> {
    if let Some(last) = last_from_prospect(db, conversation_id).await? {
        let turn = AgentTurn { conversation_id, organization_id, message_id: last.id, reason };
        crate::jobs::enqueue(db, &turn).await?;
    }
    Ok(())
}

/// The client's instructions to the offer's agent (AGENT-5), the latest first.
pub async fn in_force<C: sea_orm::ConnectionTrait>(
    db: &C,
    org: OrgId,
    offer: Option<prospecta_shared::ids::OfferId>,
) -> Result<Vec<agent_correction::Model>, sea_orm::DbErr> {
    agent_correction::Entity::find()
        .filter(agent_correction::Column::OrganizationId.eq(org))
        .filter(match offer {
            Some(offer) => agent_correction::Column::OfferId.eq(offer),
            None => agent_correction::Column::OfferId.is_null(),
        })
        .order_by_desc(agent_correction::Column::Version)
        .all(db)
        .await
}

fn link(id: ConversationId, stage: ConversationStage) -> String {
    let tab = match stage {
        ConversationStage::Question => "questions",
        ConversationStage::Won => "gagnes",
        ConversationStage::Lost => "perdus",
        _ => "en-conversation",
    };
    format!("/app/conversations?onglet={tab}&id={id}")
}

/// The prospect's last two messages say the same thing, word for word (whatever the spacing and
/// case), with ours in between: a machine answering. Short answers ("Oui") are a person's.
const MACHINE_TEXT_MIN: usize = 30;

fn repeats_itself(thread: &[conversation_message::Model]) -> bool {
    let normal = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    let mut theirs = thread.iter().rev().filter(|m| m.author == MessageAuthor::Prospect);
    match (theirs.next(), theirs.next()) {
        (Some(last), Some(before)) => {
            let ours_between =
                thread.iter().any(|m| m.id > before.id && m.id < last.id && m.author == MessageAuthor::Agent);
            let text = normal(&last.body);
            ours_between && text.chars().count() >= MACHINE_TEXT_MIN && text == normal(&before.body)
        }
        _ => false,
    }
}

/// The agent stops here: the client answers by hand (AGENT-9).
async fn hand_over(app: &AppState, c: &conversation::Model, why: &str) -> Result<(), JobError> {
    tracing::info!(conversation_id = %c.id, why, "conversation confiée au client");
    crate::accounts::post_notification(
        &app.db,
        c.organization_id,
        None,
        NotificationKind::AgentQuestion,
        "Conversation à reprendre",
        &format!("{} attend votre réponse : l'agent ne répond pas ({why}).", c.prospect_name),
        Some(&link(c.id, c.stage)),
    )
    .await
    .map_err(retry)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn said(id: i64, author: MessageAuthor, body: &str) -> conversation_message::Model {
        conversation_message::Model {
            id: MessageId(id),
            conversation_id: ConversationId(1),
            organization_id: OrgId(1),
            author,
            dedupe_key: None,
            message_id: None,
            subject: String::new(),
            body: body.into(),
            tags: "[]".into(),
            reasoning: None,
            tokens: 0,
            prompt_version: None,
            status: MessageStatus::Sent,
            sent_at: None,
            created_at: Utc::now(),
        }
    }

    #[test]
    fn a_prospect_repeating_the_same_message_after_our_answer_is_a_machine() {
        use MessageAuthor::{Agent, Platform, Prospect};
        let robot = "Merci pour votre message.\nNous vous répondrons sous 48 h.";
        let looping = [
            said(1, Prospect, robot),
            said(2, Agent, "Bonjour, avec plaisir."),
            said(3, Prospect, &format!("  {robot} ")),
        ];
        assert!(repeats_itself(&looping));
        let person = [said(1, Prospect, "Oui"), said(2, Agent, "Jeudi ?"), said(3, Prospect, "Oui")];
        assert!(!repeats_itself(&person), "a short answer given twice is a person's");
        let asked = [said(1, Prospect, robot), said(2, Agent, "Bonjour"), said(3, Prospect, "Et le prix ?")];
        assert!(!repeats_itself(&asked));
        let twice_without_us = [said(1, Prospect, robot), said(2, Platform, "Confirmation"), said(3, Prospect, robot)];
        assert!(!repeats_itself(&twice_without_us), "a redelivery without an answer of ours is no loop");
        assert!(!repeats_itself(&[said(1, Prospect, robot)]));
    }

    fn reading() -> Reading {
        Reading {
            tags: vec!["interested".into()],
            stage: "open".into(),
            score: 7,
            reasoning: "Il demande un rappel.".into(),
            reply: "Bonjour, avec plaisir.".into(),
            question_for_client: String::new(),
            debrief: String::new(),
            book_slot: String::new(),
            cancel_meeting: false,
        }
    }

    #[test]
    fn an_answer_that_does_not_hold_together_is_refused() {
        assert_eq!(check(&reading()), Ok(()));
        assert!(check(&Reading { tags: vec!["ravi".into()], ..reading() }).is_err());
        assert!(check(&Reading { stage: "gagné".into(), ..reading() }).is_err());
        assert!(check(&Reading { score: 0, ..reading() }).is_err());
        assert!(check(&Reading { score: 11, ..reading() }).is_err());
        assert!(check(&Reading { reply: String::new(), ..reading() }).is_err(), "neither a reply nor a question");
        assert!(
            check(&Reading { question_for_client: "Quel est votre tarif ?".into(), ..reading() }).is_err(),
            "both a reply and a question"
        );
        assert!(check(&Reading { reply: String::new(), question_for_client: "Tarif ?".into(), ..reading() }).is_ok());
        assert!(check(&Reading { reply: "x".repeat(DRAFT_MAX + 1), ..reading() }).is_err());
        assert!(check(&Reading { stage: "lost".into(), reply: String::new(), ..reading() }).is_ok());
        assert!(check(&Reading { stage: "won".into(), ..reading() }).is_err(), "a won conversation has its debrief");
        assert!(check(&Reading { stage: "won".into(), debrief: "Qui : Jean Perrin".into(), ..reading() }).is_ok());
    }

    #[test]
    fn the_agent_books_only_a_slot_it_was_given_and_never_invents_one() {
        use chrono::TimeZone;
        let tuesday = Utc.with_ymd_and_hms(2026, 12, 8, 9, 0, 0).unwrap();
        let agenda =
            Agenda { connected: true, slots: vec![tuesday, tuesday + chrono::Duration::days(1)], booked: None };
        let booking = |key: &str| Reading { book_slot: key.into(), ..reading() };
        assert_eq!(check_meeting(&booking("C2"), &agenda), Ok(()));
        assert_eq!(check_meeting(&booking(""), &agenda), Ok(()));
        assert!(check_meeting(&booking("C3"), &agenda).is_err(), "a third slot was never given");
        assert!(check_meeting(&booking("mardi 10 h"), &agenda).is_err());
        assert!(check_meeting(&booking("C1"), &Agenda::default()).is_err(), "no calendar, no booking");
        let text = agenda_text(&agenda);
        assert!(text.contains("- C1 : mardi 08/12 à 10 h 00\n- C2 : mercredi 09/12 à 10 h 00"), "{text}");
        assert!(agenda_text(&Agenda::default()).contains("ne propose aucune date ni heure"));
        let full =
            Agenda { connected: true, slots: vec![], booked: Some((prospecta_shared::ids::MeetingId(4), tuesday)) };
        let text = agenda_text(&full);
        assert!(text.contains("Rendez-vous déjà prévu avec ce prospect : mardi 08/12 à 10 h 00"), "{text}");
        assert!(text.contains("aucun créneau libre"), "{text}");
    }

    #[test]
    fn a_draft_promising_what_the_client_forbids_is_refused() {
        let forbidden =
            forbidden_phrases(Some("- Intervention le dimanche\n- un prix ferme sans visite ; délai de 24 h, gratuit"));
        assert_eq!(forbidden, ["intervention le dimanche", "un prix ferme sans visite", "délai de 24 h", "gratuit"]);
        let promising = Reading { reply: "Pas de souci, INTERVENTION LE DIMANCHE possible.".into(), ..reading() };
        assert!(check_promises(&promising, &forbidden).unwrap_err().contains("intervention le dimanche"));
        assert!(check_promises(&reading(), &forbidden).is_ok());
        assert_eq!(forbidden_phrases(Some("non, oui")), Vec::<String>::new(), "short words match nothing");
        assert!(forbidden_phrases(None).is_empty());
    }
}
