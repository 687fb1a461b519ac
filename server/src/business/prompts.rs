//! The prompt agent (ONB-3): from the business profile and one offer, the language model writes
//! the system prompts of that offer's sub-agents (the conversation agent, the message writer).
//! Every version is kept with its author. The first generation is put in use; a later one, made
//! because the profile or the offer changed, is *proposed* beside the version in use, which the
//! client adopts or sets aside after reading the differences. An edit by the client is a new
//! version in use.

use super::entities::{business_profile, offer, offer_prompt};
use super::offers::owned;
use super::{BusinessError, Result};
use crate::db::{begin_write, lock_name};
use crate::llm::structured::Question;
use crate::llm::usage::{Caller, LlmFeature};
use crate::llm::{Llm, LlmError};
use chrono::{DateTime, Utc};
use prospecta_shared::AppError;
use prospecta_shared::accounts::SessionUser;
use prospecta_shared::business::{
    AgentPrompt, AgentRole, BusinessProfile, ObjectionAnswer, Objective, OfferPrompts, PROMPT_MAX, PromptState,
    PromptVersion,
};
use prospecta_shared::ids::{OfferId, OrgId};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder,
};
use serde::Deserialize;
use serde_json::json;

/// Who wrote a generated version.
const PROMPT_AGENT: &str = "Agent de prompts";

impl From<LlmError> for BusinessError {
    fn from(e: LlmError) -> Self {
        match e {
            LlmError::Storage(reason) => BusinessError::Db(sea_orm::DbErr::Custom(reason)),
            other => BusinessError::Refused(AppError::LanguageModel(other.to_string())),
        }
    }
}

fn lock_key(offer_id: OfferId) -> String {
    format!("offer-prompts:{offer_id}")
}

async fn versions<C: ConnectionTrait>(db: &C, offer_id: OfferId) -> Result<Vec<offer_prompt::Model>> {
    Ok(offer_prompt::Entity::find()
        .filter(offer_prompt::Column::OfferId.eq(offer_id))
        .order_by_desc(offer_prompt::Column::Version)
        .all(db)
        .await?)
}

/// The prompts of an offer of the actor's organisation, with their authors' names.
pub(super) async fn read(
    db: &DatabaseConnection,
    actor: &SessionUser,
    offer_id: OfferId,
    profile: Option<&business_profile::Model>,
) -> Result<OfferPrompts> {
    let found = owned(db, actor.organization_id, offer_id).await?;
    let all = versions(db, offer_id).await?;
    let authors: Vec<_> = all.iter().filter_map(|v| v.author_id).collect();
    let names = crate::accounts::directory::member_names(db, actor.organization_id, &authors).await?;
    let view = |m: &offer_prompt::Model| PromptVersion {
        id: m.id,
        version: m.version.max(0) as u32,
        body: m.body.clone(),
        state: m.state,
        author: match m.author_id {
            None => PROMPT_AGENT.to_string(),
            Some(id) => names.get(&id).cloned().unwrap_or_else(|| "Ancien membre de l'équipe".into()),
        },
        created_at: crate::time::datetime_fr(m.created_at),
    };
    let agents = AgentRole::ALL
        .iter()
        .map(|role| {
            let of_role: Vec<&offer_prompt::Model> = all.iter().filter(|v| v.role == *role).collect();
            let find = |state| of_role.iter().find(|v| v.state == state).map(|v| view(v));
            AgentPrompt {
                role: *role,
                active: find(PromptState::Active),
                proposed: find(PromptState::Proposed),
                history: of_role.iter().map(|v| view(v)).collect(),
            }
        })
        .collect();
    let last_generated = all.iter().filter(|v| v.author_id.is_none()).map(|v| v.created_at).max();
    let changed = profile.map(|p| p.updated_at).into_iter().chain([found.updated_at]).max();
    Ok(OfferPrompts {
        offer_id,
        offer_name: found.name,
        agents,
        outdated: matches!((last_generated, changed), (Some(made), Some(changed)) if changed > made),
        reply_sending: found.reply_sending,
    })
}

/// The text in service of one sub-agent of the offer, if it has one.
pub(super) async fn in_service(db: &DatabaseConnection, offer_id: OfferId, role: AgentRole) -> Result<Option<String>> {
    Ok(offer_prompt::Entity::find()
        .filter(offer_prompt::Column::OfferId.eq(offer_id))
        .filter(offer_prompt::Column::Role.eq(role))
        .filter(offer_prompt::Column::State.eq(PromptState::Active))
        .one(db)
        .await?
        .map(|v| v.body))
}

/// The two prompts as the model writes them.
#[derive(Debug, Deserialize)]
struct WrittenPrompts {
    conversation: String,
    writer: String,
}

fn line(label: &str, value: Option<&str>) -> String {
    format!("{label} : {}\n", value.map(str::trim).filter(|v| !v.is_empty()).unwrap_or("non renseigné"))
}

/// What the prompt agent is told: the profile and the offer, one field per line.
pub(super) fn brief(organization: &str, profile: &BusinessProfile, offer: &offer::Model) -> String {
    let objective = Objective::from_parts(offer.objective_kind, offer.objective_detail.clone());
    let target =
        [offer.target_sector.as_deref(), offer.target_area.as_deref()].into_iter().flatten().collect::<Vec<_>>();
    let mut text = String::new();
    text += &line("Entreprise", Some(organization));
    text += &line("Métier", profile.activity.as_deref());
    text += &line("Offre", Some(&offer.name));
    // The offer's own description and target: another offer of the organisation sells something
    // else, to someone else, than what the profile says of the first one.
    text += &line("Description de l'offre", offer.description.as_deref());
    text += &line("Cible", (!target.is_empty()).then(|| target.join(" · ")).as_deref());
    text += &line("Signataire", offer.persona.as_deref());
    text += &line("Ton", Some(offer.tone.label_fr()));
    text += &line("Objectif", Some(&objective.summary_fr()));
    text += &line("Fourchette de prix", profile.price_range.as_deref());
    text += &line("Points forts", profile.differentiators.as_deref());
    text += &line("Préférences commerciales", profile.preferences.as_deref());
    text += &line("À ne jamais promettre", profile.never_promise.as_deref());
    text += "Objections :\n";
    for ObjectionAnswer { objection, answer } in &profile.objections {
        text += &format!("- {} → {}\n", objection.replace('\n', " "), answer.replace('\n', " "));
    }
    text
}

const SYSTEM: &str = "Tu es l'agent de prompts de Prospecta. À partir du profil d'une entreprise française et d'une \
de ses offres, tu écris en français les instructions système de ses deux sous-agents : « conversation » (il répond \
par e-mail aux prospects qui ont répondu à un premier message, et les mène vers l'objectif de l'offre) et « writer » \
(il rédige les messages de prospection envoyés par les formulaires de contact). Chaque prompt reprend l'objectif, le \
ton, les points forts, les objections avec leur réponse, et ce qui ne doit jamais être promis ; il dit de demander au \
client quand une information manque plutôt que de l'inventer. Réponds en JSON.";

fn question(brief: String) -> Question {
    let schema = json!({
        "type": "object",
        "properties": {
            "conversation": {"type": "string", "description": "Prompt système de l'agent de conversation"},
            "writer": {"type": "string", "description": "Prompt système du rédacteur de messages"}
        },
        "required": ["conversation", "writer"],
        "additionalProperties": false
    });
    Question::single("offer_prompts", SYSTEM, brief, schema).max_output_tokens(2000)
}

fn check(written: &WrittenPrompts) -> std::result::Result<(), String> {
    for (name, body) in [("conversation", &written.conversation), ("writer", &written.writer)] {
        if body.trim().is_empty() {
            return Err(format!("le prompt « {name} » est vide"));
        }
        if body.chars().count() > PROMPT_MAX {
            return Err(format!("le prompt « {name} » dépasse {PROMPT_MAX} caractères"));
        }
    }
    Ok(())
}

/// Asks the prompt agent, then keeps its two prompts: in use if the role has none yet, proposed
/// otherwise (an earlier proposal is set aside). Nothing is written if the model fails.
pub(super) async fn generate(
    db: &DatabaseConnection,
    llm: Option<&Llm>,
    actor: &SessionUser,
    offer_id: OfferId,
    organization: &str,
    profile: &BusinessProfile,
) -> Result<()> {
    let llm = llm.ok_or(LlmError::NotConfigured)?;
    let found = owned(db, actor.organization_id, offer_id).await?;
    let written = llm
        .ask::<WrittenPrompts>(
            Caller::organization(actor.organization_id),
            LlmFeature::WritePrompts,
            &question(brief(organization, profile, &found)),
            &check,
        )
        .await?
        .answer;
    let (tx, existing) = begin_on(db, actor, offer_id).await?;
    let now = Utc::now();
    for (role, body) in [(AgentRole::Conversation, written.conversation), (AgentRole::Writer, written.writer)] {
        let has_active = existing.iter().any(|v| v.role == role && v.state == PromptState::Active);
        let state = if has_active { PromptState::Proposed } else { PromptState::Active };
        if has_active {
            set_state(&tx, offer_id, role, PromptState::Proposed, PromptState::Dismissed).await?;
        }
        insert(
            &tx,
            actor.organization_id,
            offer_id,
            role,
            next_version(&existing, role),
            body.trim(),
            state,
            None,
            now,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// A write on the offer's prompts: the offer checked to be the actor's, the prompts' lock held
/// until the transaction ends, and their versions as they are then.
async fn begin_on(
    db: &DatabaseConnection,
    actor: &SessionUser,
    offer_id: OfferId,
) -> Result<(sea_orm::DatabaseTransaction, Vec<offer_prompt::Model>)> {
    owned(db, actor.organization_id, offer_id).await?;
    let tx = begin_write(db).await?;
    lock_name(&tx, &lock_key(offer_id)).await?;
    let existing = versions(&tx, offer_id).await?;
    Ok((tx, existing))
}

fn next_version(existing: &[offer_prompt::Model], role: AgentRole) -> i32 {
    existing.iter().filter(|v| v.role == role).map(|v| v.version).max().unwrap_or(0) + 1
}

async fn set_state<C: ConnectionTrait>(
    tx: &C,
    offer_id: OfferId,
    role: AgentRole,
    from: PromptState,
    to: PromptState,
) -> Result<u64> {
    Ok(offer_prompt::Entity::update_many()
        .col_expr(offer_prompt::Column::State, Expr::value(to.as_str()))
        .filter(offer_prompt::Column::OfferId.eq(offer_id))
        .filter(offer_prompt::Column::Role.eq(role))
        .filter(offer_prompt::Column::State.eq(from))
        .exec(tx)
        .await?
        .rows_affected)
}

#[allow(clippy::too_many_arguments)]
async fn insert<C: ConnectionTrait>(
    tx: &C,
    organization_id: OrgId,
    offer_id: OfferId,
    role: AgentRole,
    version: i32,
    body: &str,
    state: PromptState,
    author: Option<prospecta_shared::ids::UserId>,
    at: DateTime<Utc>,
) -> Result<()> {
    offer_prompt::ActiveModel {
        organization_id: Set(organization_id),
        offer_id: Set(offer_id),
        role: Set(role),
        version: Set(version),
        body: Set(body.to_string()),
        state: Set(state),
        author_id: Set(author),
        created_at: Set(at),
        ..Default::default()
    }
    .insert(tx)
    .await?;
    Ok(())
}

/// The client's own text becomes the version in use; the one before is archived.
pub(super) async fn edit(
    db: &DatabaseConnection,
    actor: &SessionUser,
    offer_id: OfferId,
    role: AgentRole,
    body: String,
) -> Result<()> {
    let (tx, existing) = begin_on(db, actor, offer_id).await?;
    set_state(&tx, offer_id, role, PromptState::Active, PromptState::Archived).await?;
    insert(
        &tx,
        actor.organization_id,
        offer_id,
        role,
        next_version(&existing, role),
        &body,
        PromptState::Active,
        Some(actor.user_id),
        Utc::now(),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The proposed version put in use (`adopt`) or set aside.
pub(super) async fn settle_proposal(
    db: &DatabaseConnection,
    actor: &SessionUser,
    offer_id: OfferId,
    role: AgentRole,
    adopt: bool,
) -> Result<()> {
    let (tx, existing) = begin_on(db, actor, offer_id).await?;
    let proposed = existing.into_iter().find(|v| v.role == role && v.state == PromptState::Proposed);
    let Some(proposed) = proposed else {
        return Err(AppError::Conflict("aucune nouvelle version n'est proposée pour ce prompt".into()).into());
    };
    if adopt {
        set_state(&tx, offer_id, role, PromptState::Active, PromptState::Archived).await?;
    }
    offer_prompt::Entity::update_many()
        .col_expr(
            offer_prompt::Column::State,
            Expr::value(if adopt { PromptState::Active } else { PromptState::Dismissed }.as_str()),
        )
        .filter(offer_prompt::Column::Id.eq(proposed.id))
        .exec(&tx)
        .await?;
    tx.commit().await?;
    Ok(())
}
