//! The metering: one `llm_usage` row per exchange with a model — who asked (organisation,
//! company when the question was about one), for what feature, which model, the tokens both
//! ways and the estimated cost from the price table at the time of the call.

use super::prices::PriceTable;
use super::provider::LlmUsage;
use crate::db::{entity, portable_statement};
use chrono::{DateTime, Utc};
use prospecta_shared::ids::{CompanyId, OrgId};
use sea_orm::{ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait};

prospecta_shared::stored_enum! {
    /// What a model was asked for (`llm_usage.purpose`, and the metrics' label).
    pub enum LlmFeature {
        /// Enrichment: settle between weak website candidates.
        ChooseSite = "choose_site",
        /// Enrichment: read a contact page for the company's address.
        FindEmail = "find_email",
        /// The prompt agent: write an offer's sub-agents' system prompts from the profile.
        WritePrompts = "write_prompts",
        /// The message writer: three variants of an offer's first message.
        WriteVariants = "write_variants",
        /// The onboarding agent: read the client's answer into the profile, ask the next question.
        OnboardingChat = "onboarding_chat",
        /// The conversation agent: read a prospect's reply, draft the answer (AGENT-1 … AGENT-6).
        ConversationAgent = "conversation_agent",
    }
}

impl LlmFeature {
    pub fn label_fr(self) -> &'static str {
        match self {
            LlmFeature::ChooseSite => "Enrichissement : choix du site",
            LlmFeature::FindEmail => "Enrichissement : lecture des pages de contact",
            LlmFeature::WritePrompts => "Agent de prompts",
            LlmFeature::WriteVariants => "Rédaction des messages",
            LlmFeature::OnboardingChat => "Assistant de démarrage",
            LlmFeature::ConversationAgent => "Agent de conversation",
        }
    }
}

entity!(llm_usage, "llm_usage", {
    organization_id: Option<prospecta_shared::ids::OrgId>,
    company_id: Option<prospecta_shared::ids::CompanyId>,
    purpose: crate::llm::usage::LlmFeature,
    model: String,
    tokens_in: i64,
    tokens_out: i64,
    // Estimated at the time of the call; `None` for the calls metered before prices were.
    cost_micro_eur: Option<i64>,
    created_at: DateTimeUtc,
});

/// Who a call is on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Caller {
    /// `None` for the operator's own commands (`enrich url`): metered, never capped.
    pub organization_id: Option<OrgId>,
    pub company_id: Option<CompanyId>,
}

impl Caller {
    pub fn organization(organization_id: OrgId) -> Self {
        Caller { organization_id: Some(organization_id), company_id: None }
    }
}

pub async fn record<C: ConnectionTrait>(
    db: &C,
    prices: &PriceTable,
    caller: Caller,
    feature: LlmFeature,
    model: &str,
    usage: LlmUsage,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    crate::observability::metrics::llm_tokens_spent(feature.as_str(), usage.input_tokens, usage.output_tokens);
    llm_usage::Entity::insert(llm_usage::ActiveModel {
        organization_id: Set(caller.organization_id),
        company_id: Set(caller.company_id),
        purpose: Set(feature),
        model: Set(model.to_string()),
        tokens_in: Set(usage.input_tokens as i64),
        tokens_out: Set(usage.output_tokens as i64),
        cost_micro_eur: Set(Some(prices.cost_micro_eur(model, usage))),
        created_at: Set(at),
        ..Default::default()
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// What an organisation spent since `since`: tokens both ways and the estimated cost in
/// micro-euros (calls from before the price table count for their tokens only).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Spent {
    pub tokens_in: i64,
    pub tokens_out: i64,
    pub cost_micro_eur: i64,
}

impl Spent {
    pub fn tokens(&self) -> i64 {
        self.tokens_in + self.tokens_out
    }
}

pub async fn spent_since<C: ConnectionTrait>(
    db: &C,
    organization_id: OrgId,
    since: DateTime<Utc>,
) -> Result<Spent, DbErr> {
    spent_between(db, organization_id, since, None).await
}

/// What an organisation spent from `from` (included) to `to` (excluded, none: up to now).
pub async fn spent_between<C: ConnectionTrait>(
    db: &C,
    organization_id: OrgId,
    from: DateTime<Utc>,
    to: Option<DateTime<Utc>>,
) -> Result<Spent, DbErr> {
    // "Up to now" as a bound far enough, in the same statement on both backends (SQLite
    // compares the stored text: a four-digit year keeps the order).
    let to = to.unwrap_or_else(|| Utc::now() + chrono::Duration::days(3650));
    let row = db
        .query_one(portable_statement(
            db.get_database_backend(),
            "SELECT CAST(COALESCE(SUM(tokens_in), 0) AS BIGINT) AS i, CAST(COALESCE(SUM(tokens_out), 0) AS BIGINT) AS o, \
                    CAST(COALESCE(SUM(cost_micro_eur), 0) AS BIGINT) AS c \
             FROM llm_usage WHERE organization_id = $1 AND created_at >= $2 AND created_at < $3",
            [organization_id.into(), from.into(), to.into()],
        ))
        .await?;
    Ok(row
        .map(|r| Spent {
            tokens_in: r.try_get("", "i").unwrap_or(0),
            tokens_out: r.try_get("", "o").unwrap_or(0),
            cost_micro_eur: r.try_get("", "c").unwrap_or(0),
        })
        .unwrap_or_default())
}

/// Everything an organisation ever spent.
pub async fn spent_ever<C: ConnectionTrait>(db: &C, organization_id: OrgId) -> Result<Spent, DbErr> {
    spent_since(db, organization_id, DateTime::<Utc>::UNIX_EPOCH).await
}
