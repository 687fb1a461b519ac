//! The wire to a model, behind our own small interface ([`LlmProvider`]): rig-core's API
//! changes between minor versions, and tests and the sandbox point it at a local server
//! speaking OpenAI's Chat Completions format.
//!
//! One [`LlmProvider::complete`] is one billed exchange: the provider retries a rate limit, a
//! 5xx or a dropped connection itself (with backoff, honouring `Retry-After`), so the caller
//! meters what the model answered, never the attempts that failed before it answered.

use super::LlmError;
use async_trait::async_trait;
use rig_core::completion::{CompletionRequest, Message};
use rig_core::error::ProviderError;
use rig_core::providers::openai::OpenAIConfig;
use rig_core::providers::openai::wire::{MISTRAL, OPENAI};
use serde_json::Value;
use std::time::Duration;

/// Tokens one exchange (or one piece of work) cost.
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
    /// For one attempt.
    pub timeout: Duration,
    /// Attempts after the first on a rate limit, a 5xx or a dropped connection.
    pub retries: u32,
    /// The first pause between attempts; it doubles at each retry.
    pub backoff: Duration,
}

impl LlmConfig {
    /// The sandbox's simulated model, served by this very server.
    pub fn sandbox(public_url: &str) -> Self {
        LlmConfig {
            kind: LlmKind::OpenAiCompatible,
            base_url: format!("{public_url}/sandbox/llm/v1"),
            api_key: "none".into(),
            model: "sandbox-llm".into(),
            timeout: Duration::from_secs(30),
            retries: 2,
            backoff: Duration::from_millis(500),
        }
    }
}

/// Who speaks a turn of a conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Speaker {
    User,
    Assistant,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Turn {
    pub speaker: Speaker,
    pub text: String,
}

impl Turn {
    pub fn user(text: impl Into<String>) -> Self {
        Turn { speaker: Speaker::User, text: text.into() }
    }

    pub fn assistant(text: impl Into<String>) -> Self {
        Turn { speaker: Speaker::Assistant, text: text.into() }
    }
}

/// One exchange: instructions, the conversation so far (its last turn is the user's), and the
/// JSON schema the answer must follow, if any.
#[derive(Debug, Clone)]
pub struct Exchange {
    pub system: String,
    pub turns: Vec<Turn>,
    /// `(name, schema)`: sent as the provider's structured-output format.
    pub schema: Option<(String, Value)>,
    pub max_output_tokens: u64,
    pub temperature: f64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub text: String,
    pub usage: LlmUsage,
}

#[async_trait]
pub trait LlmProvider: Send + Sync {
    /// The model's name, as the price table and the metering know it.
    fn model(&self) -> &str;
    async fn complete(&self, exchange: &Exchange) -> Result<Reply, LlmError>;
}

/// The provider through rig-core's OpenAI-shaped client (Mistral's API has the same shape).
pub struct RigProvider {
    client: rig_core::providers::openai::OpenAI,
    config: LlmConfig,
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
        RigProvider { client, config: config.clone() }
    }

    fn request(exchange: &Exchange) -> Result<CompletionRequest, LlmError> {
        let mut turns = exchange.turns.iter().map(|turn| match turn.speaker {
            Speaker::User => Message::user(turn.text.clone()),
            Speaker::Assistant => Message::assistant(turn.text.clone()),
        });
        let Some(prompt) = turns.next_back() else {
            return Err(LlmError::Malformed("conversation vide".into()));
        };
        let mut request = CompletionRequest::new(prompt)
            .messages(turns)
            .preamble(exchange.system.clone())
            .temperature(exchange.temperature)
            .max_tokens(exchange.max_output_tokens);
        if let Some((name, schema)) = &exchange.schema {
            let mut schema = schema.clone();
            if let Some(object) = schema.as_object_mut() {
                object.insert("title".into(), Value::String(name.clone()));
            }
            let schema =
                rig_core::schemars::Schema::try_from(schema).map_err(|e| LlmError::Malformed(e.to_string()))?;
            request = request.output_schema(schema);
        }
        Ok(request)
    }

    async fn attempt(&self, request: CompletionRequest) -> Result<Reply, Failure> {
        let model = self.client.chat(self.config.model.clone());
        let response = tokio::time::timeout(self.config.timeout, model.call(request))
            .await
            // A timed-out question is not asked again: the caller already waited as long as it would.
            .map_err(|_| Failure { error: LlmError::Timeout, retry: false, wait: None })?
            .map_err(|e| classify(&e))?;
        Ok(Reply {
            text: response.text(),
            usage: LlmUsage {
                input_tokens: response.usage.input_tokens.unwrap_or(0),
                output_tokens: response.usage.output_tokens.unwrap_or(0),
            },
        })
    }
}

/// A failed attempt: what to report, whether another attempt may succeed, and how long the
/// provider asked us to wait.
struct Failure {
    error: LlmError,
    retry: bool,
    wait: Option<Duration>,
}

/// The longest `Retry-After` we honour: past it, the caller is better told now.
const MAX_WAIT: Duration = Duration::from_secs(20);

fn classify(error: &ProviderError) -> Failure {
    let report = error.report();
    let wait = report
        .provider_response
        .as_ref()
        .and_then(|r| r.headers.as_ref())
        .and_then(|h| h.get("retry-after"))
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(Duration::from_secs);
    let detail: String = report.message.chars().take(200).collect();
    match report.http_status {
        Some(429) => Failure { error: LlmError::RateLimited, retry: true, wait },
        Some(status) if status >= 500 => {
            Failure { error: LlmError::Unavailable(format!("HTTP {status}")), retry: true, wait }
        }
        Some(status) => Failure { error: LlmError::Rejected(format!("HTTP {status} : {detail}")), retry: false, wait },
        None => Failure { error: LlmError::Unavailable(detail), retry: error.is_retryable(), wait },
    }
}

#[async_trait]
impl LlmProvider for RigProvider {
    fn model(&self) -> &str {
        &self.config.model
    }

    #[tracing::instrument(name = "llm.complete", skip_all, fields(model = %self.config.model))]
    async fn complete(&self, exchange: &Exchange) -> Result<Reply, LlmError> {
        let request = Self::request(exchange)?;
        let mut pause = self.config.backoff;
        let mut attempt = 0;
        loop {
            let failure = match self.attempt(request.clone()).await {
                Ok(reply) => return Ok(reply),
                Err(failure) => failure,
            };
            if !failure.retry || attempt >= self.config.retries {
                return Err(failure.error);
            }
            let wait = match failure.wait {
                Some(asked) if asked > MAX_WAIT => return Err(failure.error),
                Some(asked) => asked.max(pause),
                None => pause,
            };
            tracing::warn!(error = %failure.error, attempt, wait_ms = wait.as_millis() as u64, "LLM attempt failed, retrying");
            tokio::time::sleep(wait).await;
            pause *= 2;
            attempt += 1;
        }
    }
}
