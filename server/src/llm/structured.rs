//! Typed answers: a question names the JSON schema of its answer and the Rust type it must
//! deserialize into. An answer that does not parse, or that the question's own check refuses,
//! is sent back once with what was wrong ("repair"); a second miss is a typed error.

use super::LlmError;
use super::provider::{Exchange, LlmProvider, LlmUsage, Turn};
use serde::de::DeserializeOwned;
use serde_json::Value;

/// One structured question.
#[derive(Debug, Clone)]
pub struct Question {
    /// Names the schema for the provider (`[a-z_]+`).
    pub name: &'static str,
    pub system: String,
    /// The conversation so far; the last turn is the user's.
    pub turns: Vec<Turn>,
    pub schema: Value,
    pub max_output_tokens: u64,
}

impl Question {
    /// A question of one user turn.
    pub fn single(name: &'static str, system: impl Into<String>, user: impl Into<String>, schema: Value) -> Self {
        Question { name, system: system.into(), turns: vec![Turn::user(user)], schema, max_output_tokens: 400 }
    }

    pub fn max_output_tokens(mut self, tokens: u64) -> Self {
        self.max_output_tokens = tokens;
        self
    }

    /// The exchange as sent: deterministic (temperature 0) for an extraction.
    pub(crate) fn exchange(&self, turns: Vec<Turn>) -> Exchange {
        Exchange {
            system: self.system.clone(),
            turns,
            schema: Some((self.name.to_string(), self.schema.clone())),
            max_output_tokens: self.max_output_tokens,
            temperature: 0.0,
        }
    }

    /// Characters sent, for the budget's estimate before the call.
    pub(crate) fn input_chars(&self) -> usize {
        self.system.chars().count()
            + self.schema.to_string().len()
            + self.turns.iter().map(|t| t.text.chars().count()).sum::<usize>()
    }
}

/// The JSON object of an answer, tolerating the code fences and the prose small models add.
pub fn parse_json_answer(text: &str) -> Option<Value> {
    let start = text.find('{')?;
    let end = text.rfind('}')?;
    serde_json::from_str(text.get(start..=end)?).ok().filter(Value::is_object)
}

/// The answer as `T`, or why it is not one (in words the model can act on).
fn read<T: DeserializeOwned>(text: &str, check: &dyn Fn(&T) -> Result<(), String>) -> Result<T, String> {
    let value = parse_json_answer(text).ok_or_else(|| "la réponse n'est pas un objet JSON".to_string())?;
    let answer: T = serde_json::from_value(value).map_err(|e| format!("l'objet ne suit pas le schéma : {e}"))?;
    check(&answer)?;
    Ok(answer)
}

/// What one exchange cost, reported as soon as it is known (the caller meters it even if the
/// answer is then refused).
pub type OnUsage<'a> = &'a mut (dyn FnMut(LlmUsage) + Send);

/// Ask `question`; on a malformed answer, ask once more with the fault pointed out.
pub async fn ask<T: DeserializeOwned>(
    provider: &dyn LlmProvider,
    question: &Question,
    check: &(dyn Fn(&T) -> Result<(), String> + Sync),
    on_usage: OnUsage<'_>,
) -> Result<T, LlmError> {
    let reply = provider.complete(&question.exchange(question.turns.clone())).await?;
    on_usage(reply.usage);
    let fault = match read(&reply.text, check) {
        Ok(answer) => return Ok(answer),
        Err(fault) => fault,
    };
    tracing::warn!(question = question.name, %fault, "malformed LLM answer, asking for a repair");
    let mut turns = question.turns.clone();
    turns.push(Turn::assistant(reply.text));
    turns.push(Turn::user(format!(
        "Ta réponse est inutilisable : {fault}. Réponds de nouveau, uniquement avec l'objet JSON conforme au schéma."
    )));
    let repaired = provider.complete(&question.exchange(turns)).await?;
    on_usage(repaired.usage);
    read(&repaired.text, check).map_err(|fault| {
        let excerpt: String = repaired.text.chars().take(160).collect();
        LlmError::Malformed(format!("{fault} — « {excerpt} »"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn answers_are_read_through_fences_and_noise() {
        assert_eq!(parse_json_answer("```json\n{\"choice\": 1}\n```"), Some(json!({"choice": 1})));
        assert_eq!(parse_json_answer("Voici : {\"email\": null} !"), Some(json!({"email": null})));
        assert_eq!(parse_json_answer("[1, 2]"), None);
        assert_eq!(parse_json_answer("rien"), None);
    }

    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct Pick {
        choice: u8,
    }

    #[test]
    fn a_fault_is_named_for_the_model() {
        let none = |_: &Pick| Ok(());
        assert_eq!(read::<Pick>("{\"choice\": 2}", &none), Ok(Pick { choice: 2 }));
        assert!(read::<Pick>("deux", &none).unwrap_err().contains("pas un objet JSON"));
        assert!(read::<Pick>("{\"choix\": 2}", &none).unwrap_err().contains("choice"));
        let small = |p: &Pick| if p.choice < 2 { Ok(()) } else { Err("choice doit valoir 0 ou 1".into()) };
        assert_eq!(read::<Pick>("{\"choice\": 2}", &small), Err("choice doit valoir 0 ou 1".into()));
    }
}
