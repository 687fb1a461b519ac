//! The LLM fallback, behind our own small interface ([`LlmProvider`]): rig-core's API changes
//! between minor versions, and tests and the sandbox must be able to point it at a local server
//! speaking the OpenAI wire format.
//!
//! It is only asked when the deterministic steps fail (see `pipeline`), with short prompts and a
//! JSON-schema answer, and every call's tokens are returned to the caller for metering.

use async_trait::async_trait;
use rig_core::completion::CompletionRequest;
use rig_core::providers::openai::OpenAIConfig;
use rig_core::providers::openai::wire::{MISTRAL, OPENAI};
use serde_json::{Value, json};
use std::time::Duration;

/// Tokens one call (or one company) cost.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LlmUsage {
    pub input_tokens: u64,
    pub output_tokens: u64,
}

impl LlmUsage {
    pub fn add(&mut self, other: LlmUsage) {
        self.input_tokens += other.input_tokens;
        self.output_tokens += other.output_tokens;
    }

    pub fn total(&self) -> u64 {
        self.input_tokens + self.output_tokens
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LlmError {
    #[error("le modèle de langage n'a pas répondu à temps")]
    Timeout,
    #[error("modèle de langage indisponible ({0})")]
    Provider(String),
    #[error("réponse du modèle de langage hors format ({0})")]
    Malformed(String),
}

/// Which API family to speak.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LlmKind {
    OpenAi,
    Mistral,
    /// Any server speaking OpenAI's Chat Completions (llama.cpp, vLLM, the sandbox).
    OpenAiCompatible,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LlmConfig {
    pub kind: LlmKind,
    pub base_url: String,
    pub api_key: String,
    pub model: String,
    pub timeout: Duration,
}

/// One structured question: a system text, a user text, the JSON schema of the answer.
pub struct JsonQuestion<'a> {
    pub name: &'a str,
    pub system: &'a str,
    pub user: String,
    pub schema: Value,
    pub max_output_tokens: u64,
}

#[async_trait]
pub trait LlmProvider: Send + Sync {
    fn model(&self) -> &str;
    async fn ask_json(&self, question: JsonQuestion<'_>) -> Result<(Value, LlmUsage), LlmError>;
}

/// The provider through rig-core's OpenAI-shaped client (Mistral's API has the same shape).
pub struct RigProvider {
    client: rig_core::providers::openai::OpenAI,
    model: String,
    timeout: Duration,
}

impl RigProvider {
    pub fn new(config: &LlmConfig) -> Self {
        let dialect = match config.kind {
            LlmKind::Mistral => &MISTRAL,
            LlmKind::OpenAi | LlmKind::OpenAiCompatible => &OPENAI,
        };
        let client = OpenAIConfig::with_key(dialect, config.api_key.clone())
            .with_base_url(config.base_url.trim_end_matches('/').to_string())
            .client();
        RigProvider { client, model: config.model.clone(), timeout: config.timeout }
    }
}

#[async_trait]
impl LlmProvider for RigProvider {
    fn model(&self) -> &str {
        &self.model
    }

    async fn ask_json(&self, question: JsonQuestion<'_>) -> Result<(Value, LlmUsage), LlmError> {
        let mut schema = question.schema.clone();
        if let Some(object) = schema.as_object_mut() {
            object.insert("title".into(), Value::String(question.name.to_string()));
        }
        let schema = rig_core::schemars::Schema::try_from(schema).map_err(|e| LlmError::Malformed(e.to_string()))?;
        let request = CompletionRequest::new(question.user)
            .preamble(question.system)
            .temperature(0.0)
            .max_tokens(question.max_output_tokens)
            .output_schema(schema);
        let model = self.client.chat(self.model.clone());
        let response = tokio::time::timeout(self.timeout, model.call(request))
            .await
            .map_err(|_| LlmError::Timeout)?
            .map_err(|e| LlmError::Provider(e.to_string()))?;
        let usage = LlmUsage {
            input_tokens: response.usage.input_tokens.unwrap_or(0),
            output_tokens: response.usage.output_tokens.unwrap_or(0),
        };
        let text = response.text();
        let value = parse_json_answer(&text).ok_or_else(|| LlmError::Malformed(text.chars().take(200).collect()))?;
        Ok((value, usage))
    }
}

/// The JSON object of an answer, tolerating the code fences small models add.
pub fn parse_json_answer(text: &str) -> Option<Value> {
    let start = text.find('{')?;
    let end = text.rfind('}')?;
    serde_json::from_str(text.get(start..=end)?).ok().filter(Value::is_object)
}

// ---------------------------------------------------------------------------------------------
// The two questions the enrichment asks

/// Who we are looking for, as the prompts state it.
#[derive(Debug, Clone, Default)]
pub struct CompanyBrief {
    pub name: String,
    pub city: Option<String>,
    pub postcode: Option<String>,
    pub phone: Option<String>,
    pub siren: Option<String>,
}

impl CompanyBrief {
    fn line(&self) -> String {
        let mut parts = vec![self.name.clone()];
        parts.extend(self.postcode.iter().cloned());
        parts.extend(self.city.iter().cloned());
        parts.extend(self.phone.iter().map(|p| format!("tél {p}")));
        parts.extend(self.siren.iter().map(|s| format!("SIREN {s}")));
        parts.join(", ")
    }
}

/// A candidate site as the LLM sees it: its address and the start of its text.
#[derive(Debug, Clone)]
pub struct SiteExcerpt {
    pub url: String,
    pub excerpt: String,
}

/// Characters of page text per candidate: enough for a name, a town and a phone, short
/// enough that the average company stays far under the token budget.
const EXCERPT_CHARS: usize = 360;
const PAGE_CHARS: usize = 1_200;

fn shorten(text: &str, max: usize) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    flat.chars().take(max).collect()
}

prospecta_shared::stored_enum! {
    /// What an LLM call was for (`llm_usage.purpose`, and the metrics' label).
    pub enum LlmPurpose {
        /// Settle between weak website candidates.
        ChooseSite = "choose_site",
        /// Read a contact page for the company's address.
        FindEmail = "find_email",
    }
}

pub const CHOOSE_SITE_SYSTEM: &str = "Tu vérifies des sites web d'entreprises françaises. Réponds en JSON. \
Choisis le site qui appartient à l'entreprise décrite (même nom ET même ville ou même téléphone), ou null si aucun.";

/// Which candidate (index) is the company's own site, if any.
pub async fn choose_site(
    llm: &dyn LlmProvider,
    company: &CompanyBrief,
    candidates: &[SiteExcerpt],
) -> Result<(Option<usize>, LlmUsage), LlmError> {
    let mut user = format!("Entreprise : {}\nCandidats :\n", company.line());
    for (i, c) in candidates.iter().enumerate() {
        user.push_str(&format!("[{i}] {} — {}\n", c.url, shorten(&c.excerpt, EXCERPT_CHARS)));
    }
    let schema = json!({
        "type": "object",
        "properties": {"choice": {"type": ["integer", "null"]}},
        "required": ["choice"],
        "additionalProperties": false
    });
    let question =
        JsonQuestion { name: "choose_site", system: CHOOSE_SITE_SYSTEM, user, schema, max_output_tokens: 20 };
    let (value, usage) = llm.ask_json(question).await?;
    let choice = value.get("choice").and_then(Value::as_u64).map(|c| c as usize).filter(|c| *c < candidates.len());
    Ok((choice, usage))
}

pub const FIND_EMAIL_SYSTEM: &str = "Tu lis le texte d'une page de contact d'une entreprise française. Réponds en JSON. \
Donne l'adresse e-mail de l'entreprise si le texte la donne, même écrite en toutes lettres, sinon null. N'invente rien.";

/// The company's address written in a way the extractor could not decode, if the text gives one.
pub async fn find_email(
    llm: &dyn LlmProvider,
    company: &CompanyBrief,
    page_url: &str,
    page_text: &str,
) -> Result<(Option<String>, LlmUsage), LlmError> {
    let user =
        format!("Entreprise : {}\nSite : {page_url}\nTexte :\n{}", company.line(), shorten(page_text, PAGE_CHARS));
    let schema = json!({
        "type": "object",
        "properties": {"email": {"type": ["string", "null"]}},
        "required": ["email"],
        "additionalProperties": false
    });
    let question = JsonQuestion { name: "find_email", system: FIND_EMAIL_SYSTEM, user, schema, max_output_tokens: 30 };
    let (value, usage) = llm.ask_json(question).await?;
    let email = value.get("email").and_then(Value::as_str).map(|e| e.trim().to_lowercase()).filter(|e| e.contains('@'));
    Ok((email, usage))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_read_through_fences_and_noise() {
        assert_eq!(parse_json_answer("```json\n{\"choice\": 1}\n```"), Some(json!({"choice": 1})));
        assert_eq!(parse_json_answer("Voici : {\"email\": null} !"), Some(json!({"email": null})));
        assert_eq!(parse_json_answer("[1, 2]"), None);
        assert_eq!(parse_json_answer("rien"), None);
    }

    #[test]
    fn prompts_stay_short() {
        let long = "mot ".repeat(5_000);
        assert!(shorten(&long, EXCERPT_CHARS).chars().count() <= EXCERPT_CHARS);
        let brief = CompanyBrief { name: "Dupont".into(), city: Some("Lyon".into()), ..Default::default() };
        assert_eq!(brief.line(), "Dupont, Lyon");
    }
}
