//! The language-model capability: every feature that asks a model goes through [`Llm`].
//!
//! - [`provider`]: the wire (rig-core, OpenAI's and Mistral's APIs and any compatible server),
//!   retries with backoff on 429/5xx, a timeout per attempt;
//! - [`structured`]: typed answers to a JSON schema, with one repair retry;
//! - [`usage`]: one metered row per exchange (organisation, feature, model, tokens, cost);
//! - [`prices`]: the price table the cost is estimated from, kept as data;
//! - [`budget`]: the monthly token cap per organisation, checked before every call.
//!
//! The sandbox's simulated model (`crate::sandbox::llm`) speaks the same wire format, so the
//! sandbox and the tests run this very code.

pub mod budget;
pub mod prices;
pub mod provider;
pub mod structured;
pub mod usage;

use chrono::Utc;
use prices::PriceTable;
use provider::{LlmConfig, LlmProvider, LlmUsage, RigProvider};
use sea_orm::DatabaseConnection;
use serde::de::DeserializeOwned;
use std::sync::Arc;
use structured::Question;
use usage::{Caller, LlmFeature};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LlmError {
    #[error("le modèle de langage n'a pas répondu à temps")]
    Timeout,
    #[error("le modèle de langage reçoit trop de demandes en ce moment : réessayez dans une minute")]
    RateLimited,
    #[error("modèle de langage indisponible ({0})")]
    Unavailable(String),
    #[error("le fournisseur du modèle de langage a refusé la demande ({0})")]
    Rejected(String),
    #[error("réponse du modèle de langage inutilisable ({0})")]
    Malformed(String),
    #[error(
        "budget d'IA du mois atteint ({used} jetons utilisés sur {cap}) : il se renouvelle le 1er du mois, \
         et votre agence peut le relever"
    )]
    BudgetExhausted { used: i64, cap: i64 },
    #[error("aucun modèle de langage n'est configuré sur ce serveur")]
    NotConfigured,
    #[error("suivi de la consommation d'IA indisponible ({0})")]
    Storage(String),
}

impl From<sea_orm::DbErr> for LlmError {
    fn from(e: sea_orm::DbErr) -> Self {
        LlmError::Storage(e.to_string())
    }
}

/// How the server reaches its model and what it lets each organisation spend.
#[derive(Debug, Clone, PartialEq)]
pub struct LlmSettings {
    pub provider: LlmConfig,
    pub prices: PriceTable,
    /// Tokens (both ways) an organisation may spend per calendar month unless the agency set
    /// its own cap (`LLM_MONTHLY_TOKENS`).
    pub monthly_tokens: i64,
}

impl LlmSettings {
    /// The sandbox's simulated model, served by this very server.
    pub fn sandbox(public_url: &str) -> Self {
        LlmSettings {
            provider: LlmConfig::sandbox(public_url),
            prices: PriceTable::default_table(),
            monthly_tokens: DEFAULT_MONTHLY_TOKENS,
        }
    }
}

/// Two million tokens: a few hundred onboarding conversations and thousands of replies on the
/// small models we use, a few euros.
pub const DEFAULT_MONTHLY_TOKENS: i64 = 2_000_000;

/// An answer and what it cost.
#[derive(Debug, Clone, PartialEq)]
pub struct Answered<T> {
    pub answer: T,
    pub usage: LlmUsage,
}

/// The model, metered and capped. Cheap to clone.
#[derive(Clone)]
pub struct Llm {
    provider: Arc<dyn LlmProvider>,
    db: DatabaseConnection,
    prices: Arc<PriceTable>,
    monthly_tokens: i64,
}

impl Llm {
    pub fn new(settings: &LlmSettings, db: DatabaseConnection) -> Self {
        Self::with_provider(Arc::new(RigProvider::new(&settings.provider)), settings, db)
    }

    pub fn with_provider(provider: Arc<dyn LlmProvider>, settings: &LlmSettings, db: DatabaseConnection) -> Self {
        Llm { provider, db, prices: Arc::new(settings.prices.clone()), monthly_tokens: settings.monthly_tokens }
    }

    pub fn model(&self) -> &str {
        self.provider.model()
    }

    /// Where the organisation stands this month.
    pub async fn allowance(
        &self,
        organization_id: prospecta_shared::ids::OrgId,
    ) -> Result<budget::Allowance, LlmError> {
        Ok(budget::allowance(&self.db, organization_id, self.monthly_tokens, Utc::now()).await?)
    }

    /// Ask `question` for `caller`: refused before any call if the organisation's budget
    /// cannot cover it; every exchange is metered, the repair included, and even when the
    /// answer is then refused.
    #[tracing::instrument(name = "llm.ask", skip_all, fields(feature = feature.as_str(), question = question.name))]
    pub async fn ask<T: DeserializeOwned>(
        &self,
        caller: Caller,
        feature: LlmFeature,
        question: &Question,
        check: &(dyn Fn(&T) -> Result<(), String> + Sync),
    ) -> Result<Answered<T>, LlmError> {
        if let Some(organization_id) = caller.organization_id {
            // About four characters per token, and the longest answer the question allows.
            let estimate = (question.input_chars() as i64 + 3) / 4 + question.max_output_tokens as i64;
            let allowance = self.allowance(organization_id).await?;
            if !allowance.allows(estimate) {
                return Err(LlmError::BudgetExhausted {
                    used: allowance.spent.tokens(),
                    cap: allowance.monthly_tokens,
                });
            }
        }
        let mut exchanges: Vec<LlmUsage> = Vec::new();
        let mut on_usage = |usage: LlmUsage| exchanges.push(usage);
        let answer = structured::ask(self.provider.as_ref(), question, check, &mut on_usage).await;
        let mut total = LlmUsage::default();
        let now = Utc::now();
        for usage in exchanges {
            total.add(usage);
            usage::record(&self.db, &self.prices, caller, feature, self.model(), usage, now).await?;
        }
        Ok(Answered { answer: answer?, usage: total })
    }
}
