//! The message writer (ONB-4, FORM-1): three variants of an offer's first outreach message,
//! written by the language model under the offer's writer prompt (the one in service, or the
//! brief the prompt agent would start from when none was written yet). They come back to the
//! campaign editor, where the client edits them before saving them as the campaign's variants.

use super::Result;
use super::offers::owned;
use super::prompts::{brief, in_service};
use crate::llm::structured::Question;
use crate::llm::usage::{Caller, LlmFeature};
use crate::llm::{Llm, LlmError};
use prospecta_shared::accounts::SessionUser;
use prospecta_shared::business::{AgentRole, BusinessProfile};
use prospecta_shared::campaigns::{BODY_MAX, SUBJECT_MAX, VariantDraft};
use prospecta_shared::ids::OfferId;
use prospecta_shared::outreach::{VARIABLES, check_template};
use sea_orm::DatabaseConnection;
use serde::Deserialize;
use serde_json::json;

/// How many variants the writer proposes.
pub const VARIANTS: usize = 3;

#[derive(Debug, Deserialize)]
struct Written {
    variants: Vec<VariantDraft>,
}

/// What the writer must respect whatever its prompt says: three variants, the editor's variables
/// only, the editor's lengths.
fn instructions() -> String {
    let variables: Vec<String> = VARIABLES.iter().map(|(v, d)| format!("{{{{{v}}}}} ({d})")).collect();
    format!(
        "Propose trois variantes du premier message, différentes par leur angle (présentation, point fort, \
         question directe). Chaque variante a un objet (moins de {SUBJECT_MAX} caractères) et un corps de 300 à \
         900 caractères qui se termine par une seule question. Variables possibles, écrites exactement ainsi : {}. \
         Réponds en JSON : {{\"variants\": [{{\"subject\": \"…\", \"body\": \"…\"}}]}}.",
        variables.join(", ")
    )
}

fn check(written: &Written) -> std::result::Result<(), String> {
    if written.variants.len() != VARIANTS {
        return Err(format!("il faut exactement {VARIANTS} variantes, pas {}", written.variants.len()));
    }
    for (i, v) in written.variants.iter().enumerate() {
        let n = i + 1;
        if v.body.trim().is_empty() {
            return Err(format!("le corps de la variante {n} est vide"));
        }
        if v.body.chars().count() > BODY_MAX || v.subject.chars().count() > SUBJECT_MAX {
            return Err(format!("la variante {n} est trop longue"));
        }
        check_template(&v.subject).and_then(|()| check_template(&v.body)).map_err(|e| format!("variante {n} : {e}"))?;
    }
    Ok(())
}

pub(super) async fn propose(
    db: &DatabaseConnection,
    llm: Option<&Llm>,
    actor: &SessionUser,
    offer_id: OfferId,
    profile: &BusinessProfile,
) -> Result<Vec<VariantDraft>> {
    let llm = llm.ok_or(LlmError::NotConfigured)?;
    let found = owned(db, actor.organization_id, offer_id).await?;
    let written_by = in_service(db, offer_id, AgentRole::Writer).await?.unwrap_or_else(|| {
        "Tu rédiges les messages de prospection d'une entreprise française, envoyés par le formulaire de contact \
         de chaque prospect."
            .to_string()
    });
    let system = format!("{written_by}\n\n{}", instructions());
    let schema = json!({
        "type": "object",
        "properties": {
            "variants": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"subject": {"type": "string"}, "body": {"type": "string"}},
                    "required": ["subject", "body"],
                    "additionalProperties": false
                }
            }
        },
        "required": ["variants"],
        "additionalProperties": false
    });
    let question =
        Question::single("message_variants", system, brief(&actor.organization_name, profile, &found), schema)
            .max_output_tokens(1500);
    let written = llm
        .ask::<Written>(Caller::organization(actor.organization_id), LlmFeature::WriteVariants, &question, &check)
        .await?
        .answer;
    Ok(written
        .variants
        .into_iter()
        .map(|v| VariantDraft { subject: v.subject.trim().to_string(), body: v.body.trim().to_string() })
        .collect())
}
