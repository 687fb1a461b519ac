//! The two questions enrichment asks a model, only when the deterministic steps fail (see
//! `pipeline`): short prompts, a JSON-schema answer, through the `llm` capability (metered,
//! capped by the organisation's monthly budget).

use crate::llm::provider::LlmUsage;
use crate::llm::structured::Question;
use crate::llm::usage::{Caller, LlmFeature};
use crate::llm::{Llm, LlmError};
use serde::Deserialize;
use serde_json::json;

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

pub const CHOOSE_SITE_SYSTEM: &str = "Tu vérifies des sites web d'entreprises françaises. Réponds en JSON. \
Choisis le site qui appartient à l'entreprise décrite (même nom ET même ville ou même téléphone), ou null si aucun.";

#[derive(Deserialize)]
struct SiteChoice {
    choice: Option<usize>,
}

/// Which candidate (index) is the company's own site, if any.
pub async fn choose_site(
    llm: &Llm,
    caller: Caller,
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
    let question = Question::single("choose_site", CHOOSE_SITE_SYSTEM, user, schema).max_output_tokens(20);
    let count = candidates.len();
    let in_range = |answer: &SiteChoice| match answer.choice {
        Some(i) if i >= count => Err(format!("choice doit être null ou un indice de 0 à {}", count - 1)),
        _ => Ok(()),
    };
    let answered = llm.ask(caller, LlmFeature::ChooseSite, &question, &in_range).await?;
    Ok((answered.answer.choice, answered.usage))
}

pub const FIND_EMAIL_SYSTEM: &str = "Tu lis le texte d'une page de contact d'une entreprise française. Réponds en JSON. \
Donne l'adresse e-mail de l'entreprise si le texte la donne, même écrite en toutes lettres, sinon null. N'invente rien.";

#[derive(Deserialize)]
struct FoundEmail {
    email: Option<String>,
}

/// The company's address written in a way the extractor could not decode, if the text gives one.
pub async fn find_email(
    llm: &Llm,
    caller: Caller,
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
    let question = Question::single("find_email", FIND_EMAIL_SYSTEM, user, schema).max_output_tokens(30);
    let answered = llm.ask(caller, LlmFeature::FindEmail, &question, &|_: &FoundEmail| Ok(())).await?;
    let email = answered.answer.email.map(|e| e.trim().to_lowercase()).filter(|e| e.contains('@'));
    Ok((email, answered.usage))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prompts_stay_short() {
        let long = "mot ".repeat(5_000);
        assert!(shorten(&long, EXCERPT_CHARS).chars().count() <= EXCERPT_CHARS);
        let brief = CompanyBrief { name: "Dupont".into(), city: Some("Lyon".into()), ..Default::default() };
        assert_eq!(brief.line(), "Dupont, Lyon");
    }
}
