//! The sandbox's language model: an endpoint speaking OpenAI's Chat Completions wire format
//! (`POST /v1/chat/completions`, JSON-schema answers, token usage), so the product's real LLM
//! client (rig-core) runs unchanged offline. It is a simulated provider, like the simulated
//! PagesJaunes: it reads the questions the product asks and answers them with plain reading
//! rules from what they carry (a name and a town in an excerpt; an address spelled out in words;
//! the prompt agent's two prompts composed from the profile's lines; the onboarding agent's
//! reading of each answer; the conversation agent's reading of a prospect's reply). Token counts follow the
//! usual ~4 characters per token, so the cost figures stay meaningful.

mod conversation;
mod onboarding;

use crate::prospecting::taxonomy::normalize;
use axum::Json;
use axum::Router;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::{Value, json};

pub fn router(prefix: &str) -> Router {
    Router::new().route(&format!("{prefix}/v1/chat/completions"), post(completions))
}

fn tokens(text: &str) -> u64 {
    (text.chars().count() as u64).div_ceil(4).max(1)
}

/// Message contents are a string or a list of `{type: "text", text}` parts.
fn content_text(message: &Value) -> String {
    match message.get("content") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(parts)) => {
            parts.iter().filter_map(|p| p.get("text").and_then(Value::as_str)).collect::<Vec<_>>().join("\n")
        }
        _ => String::new(),
    }
}

async fn completions(body: axum::body::Bytes) -> Response {
    let Ok(request) = serde_json::from_slice::<Value>(&body) else {
        return error(StatusCode::BAD_REQUEST, "invalid JSON body");
    };
    let messages = request.get("messages").and_then(Value::as_array).cloned().unwrap_or_default();
    if messages.is_empty() {
        return error(StatusCode::BAD_REQUEST, "messages is required");
    }
    let system: String = messages
        .iter()
        .filter(|m| matches!(m.get("role").and_then(Value::as_str), Some("system" | "developer")))
        .map(content_text)
        .collect();
    let user = messages
        .iter()
        .rev()
        .find(|m| m.get("role").and_then(Value::as_str) == Some("user"))
        .map(content_text)
        .unwrap_or_default();
    // The question is known by its schema's name (the title the client gives it), or else by
    // its instructions: the most specific first, as a writer's prompt may mention e-mail addresses.
    let answer = match question_name(&request).as_deref() {
        Some("choose_site") => json!({ "choice": choose_site(&user) }),
        Some("find_email") => json!({ "email": find_email(&user) }),
        Some("offer_prompts") => write_prompts(&user),
        Some("message_variants") => write_variants(&user),
        Some("onboarding_chat") => onboarding::answer(&user),
        Some("conversation_turn") => conversation::answer(&user),
        _ if system.contains("agent de prompts") => write_prompts(&user),
        _ if system.contains("Propose trois variantes") => write_variants(&user),
        _ if system.contains("assistant de démarrage") => onboarding::answer(&user),
        _ if system.contains("agent de conversation") => conversation::answer(&user),
        _ if system.contains("sites web") => json!({ "choice": choose_site(&user) }),
        _ if system.contains("adresse e-mail") => json!({ "email": find_email(&user) }),
        _ => json!({}),
    };
    let content = answer.to_string();
    let prompt_tokens: u64 = messages.iter().map(|m| tokens(&content_text(m)) + 4).sum();
    let completion_tokens = tokens(&content);
    let model = request.get("model").and_then(Value::as_str).unwrap_or("sandbox-llm");
    Json(json!({
        "id": format!("chatcmpl-sandbox-{}", prompt_tokens),
        "object": "chat.completion",
        "created": chrono::Utc::now().timestamp(),
        "model": model,
        "choices": [{
            "index": 0,
            "message": {"role": "assistant", "content": content},
            "finish_reason": "stop"
        }],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens
        }
    }))
    .into_response()
}

/// The structured answer's name: OpenAI's `response_format.json_schema.name`, or the schema's
/// own title.
fn question_name(request: &Value) -> Option<String> {
    let format = request.get("response_format")?.get("json_schema")?;
    format
        .get("schema")
        .and_then(|schema| schema.get("title"))
        .or_else(|| format.get("name"))
        .and_then(Value::as_str)
        .map(str::to_string)
}

fn error(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({"error": {"message": message, "type": "invalid_request_error"}}))).into_response()
}

/// "Entreprise : Dupont Plomberie, 69003, Lyon, tél +33…" → (name words, postcode, town).
fn company_of(user: &str) -> (Vec<String>, Option<String>, Option<String>) {
    let line = user.lines().find_map(|l| l.strip_prefix("Entreprise : ")).unwrap_or("");
    let mut parts = line.split(", ");
    let name = parts.next().unwrap_or("");
    let mut postcode = None;
    let mut town = None;
    for part in parts {
        if part.len() == 5 && part.bytes().all(|b| b.is_ascii_digit()) {
            postcode = Some(part.to_string());
        } else if !part.starts_with("tél") && !part.starts_with("SIREN") && town.is_none() {
            town = Some(normalize(part));
        }
    }
    let words = crate::enrichment::discovery::distinctive_words(name);
    (words, postcode, town)
}

/// The candidate whose excerpt names the company and its town (or postcode); none otherwise.
fn choose_site(user: &str) -> Option<usize> {
    let (words, postcode, town) = company_of(user);
    for line in user.lines() {
        let Some(rest) = line.strip_prefix('[') else { continue };
        let Some((index, excerpt)) = rest.split_once(']') else { continue };
        let Ok(index) = index.parse::<usize>() else { continue };
        let text = format!(" {} ", normalize(excerpt));
        let named = !words.is_empty() && words.iter().all(|w| text.contains(&format!(" {w} ")));
        let placed = postcode.as_ref().is_some_and(|p| text.contains(p.as_str()))
            || town.as_ref().is_some_and(|t| !t.is_empty() && text.contains(&format!(" {t} ")));
        if named && placed {
            return Some(index);
        }
    }
    None
}

/// An address spelled out: "tapez « contact », ajoutez l'arobase, puis le nom de ce site", or
/// "contact arobase dupont point fr".
fn find_email(user: &str) -> Option<String> {
    let site_host = user
        .lines()
        .find_map(|l| l.strip_prefix("Site : "))
        .and_then(|u| u.split("://").nth(1))
        .and_then(|r| r.split(['/', ':', '?']).next())
        .map(|h| h.trim_start_matches("www.").to_lowercase());
    let text = user.split_once("Texte :").map_or(user, |(_, t)| t);
    let lower = text.to_lowercase();
    let at = lower.find("arobase")?;
    // A quoted local part before the word "arobase".
    if let Some(open) = lower[..at].rfind('«') {
        let after = &lower[open + '«'.len_utf8()..];
        let local = after.split('»').next()?.trim().to_string();
        let domain_by_site = lower[at..].contains("nom de ce site") || lower[at..].contains("nom du site");
        if !local.is_empty() && !local.contains(' ') && domain_by_site {
            return site_host.map(|h| format!("{local}@{h}"));
        }
    }
    // "x arobase y point z".
    let before: Vec<&str> = lower[..at].split_whitespace().collect();
    let local = before.last()?.trim_matches(|c: char| !c.is_alphanumeric() && c != '.' && c != '-');
    let after: Vec<&str> = lower[at + "arobase".len()..].split_whitespace().take(3).collect();
    match after.as_slice() {
        [name, "point", tld] if !local.is_empty() => {
            let tld = tld.trim_matches(|c: char| !c.is_alphanumeric());
            Some(format!("{local}@{name}.{tld}"))
        }
        _ => None,
    }
}

/// The brief's "Label : value" lines ("non renseigné" when the client left it empty).
fn brief_field<'a>(brief: &'a str, label: &str) -> Option<&'a str> {
    brief
        .lines()
        .find_map(|l| l.strip_prefix(label).and_then(|r| r.strip_prefix(" : ")))
        .map(str::trim)
        .filter(|v| !v.is_empty() && *v != "non renseigné")
}

/// The prompt agent's answer: both prompts written from the profile and the offer the brief
/// gives, each of its lines taken from one field (absent fields leave their line out).
fn write_prompts(brief: &str) -> Value {
    let field = |label| brief_field(brief, label);
    let company = field("Entreprise").unwrap_or("l'entreprise");
    let signer = field("Signataire").map_or_else(|| format!("l'équipe de {company}"), str::to_string);
    let objections: Vec<&str> = brief
        .split_once("Objections :")
        .map(|(_, rest)| rest.lines().filter_map(|l| l.strip_prefix("- ")).collect())
        .unwrap_or_default();
    let mut common = String::new();
    for (label, prefix) in [
        ("Description de l'offre", "Ce que nous proposons"),
        ("Cible", "Nos clients"),
        ("Points forts", "Nos points forts"),
        ("Fourchette de prix", "Nos prix"),
        ("Préférences commerciales", "Préférences du client"),
    ] {
        if let Some(value) = field(label) {
            common += &format!("{prefix} : {}\n", value.replace('\n', " ; "));
        }
    }
    if !objections.is_empty() {
        common += "Objections fréquentes et réponse à donner :\n";
        for pair in &objections {
            common += &format!("- {pair}\n");
        }
    }
    if let Some(never) = field("À ne jamais promettre") {
        common += &format!("Ne promets jamais : {never}\n");
    }
    let tone = field("Ton").unwrap_or("Cordial et professionnel");
    let objective = field("Objectif").unwrap_or("Obtenir un rendez-vous");
    let offer = field("Offre").unwrap_or("notre offre");
    let activity = field("Métier").map_or_else(String::new, |a| format!(" ({a})"));
    let conversation = format!(
        "Tu réponds par e-mail, au nom de {signer}, aux prospects qui ont répondu à un message de {company}{activity} \
         sur l'offre « {offer} ».\nObjectif : {objective}. Mène chaque échange vers cet objectif, sans insister.\n\
         Ton : {tone}.\n{common}Quand une information te manque, demande-la au client avant de répondre au prospect : \
         n'invente jamais."
    );
    let writer = format!(
        "Tu rédiges les messages de prospection de {company}{activity} pour l'offre « {offer} », envoyés par le \
         formulaire de contact de chaque prospect et signés {signer}.\nObjectif : {objective}.\nTon : {tone}.\n\
         {common}Écris moins de 600 caractères, personnalise avec {{{{societe}}}} et {{{{ville}}}}, termine par une \
         seule question simple."
    );
    json!({ "conversation": conversation, "writer": writer })
}

/// The ask a message ends on, from the offer's objective as the brief states it.
fn ask_for(objective: &str) -> String {
    let lower = objective.to_lowercase();
    if let Some(url) = objective.strip_prefix("Faire visiter ") {
        format!("Le détail est ici : {url}. Qu'en pensez-vous ?")
    } else if lower.contains("appel") {
        "Puis-je vous appeler dix minutes cette semaine ?".to_string()
    } else if lower.contains("rendez-vous") {
        "Seriez-vous disponible pour un rendez-vous de vingt minutes cette semaine ?".to_string()
    } else if lower.contains("achat") {
        "Voulez-vous que je vous envoie une proposition chiffrée ?".to_string()
    } else {
        format!("{objective} : est-ce envisageable pour {{{{societe}}}} ?")
    }
}

/// The message writer's answer: three variants built from the brief's offer, strengths and
/// objective, each with a different angle, personalised with the editor's variables.
fn write_variants(brief: &str) -> Value {
    let field = |label| brief_field(brief, label);
    // The offer's name unless it is still the default one: then the trade says it better.
    let offer = field("Offre").filter(|o| *o != "Offre principale").or(field("Métier")).unwrap_or("notre offre");
    let what = field("Description de l'offre").map_or_else(|| offer.to_lowercase(), |d| d.replace('\n', ", "));
    let strengths = field("Points forts").map(|s| s.replace('\n', ", "));
    let ask = ask_for(field("Objectif").unwrap_or("Obtenir un rendez-vous"));
    let signature = "{{prenom_expediteur}} {{nom_expediteur}}\n{{societe_expediteur}} · {{telephone_expediteur}}";
    let variants = [
        (
            format!("{offer} pour {{{{societe}}}}"),
            format!(
                "Bonjour,\n\nJe suis {{{{prenom_expediteur}}}} {{{{nom_expediteur}}}}, de {{{{societe_expediteur}}}}. \
                 Nous proposons aux entreprises de {{{{ville}}}} : {what}.\n\n{ask}\n\nBien cordialement,\n{signature}"
            ),
        ),
        (
            format!("{{{{societe}}}} : {}", offer.to_lowercase()),
            format!(
                "Bonjour,\n\n{}, c'est ce que nos clients du secteur {{{{secteur}}}} apprécient le plus. Je pense \
                 que {{{{societe}}}} pourrait en profiter aussi.\n\n{ask}\n\nMerci d'avance,\n{signature}",
                strengths.as_deref().map_or_else(|| format!("{offer}, simplement"), str::to_string)
            ),
        ),
        (
            "Une question pour {{societe}}".to_string(),
            format!(
                "Bonjour,\n\nUne question rapide : {{{{societe}}}} a-t-elle besoin de {}, à {{{{ville}}}} ? \
                 C'est notre métier chez {{{{societe_expediteur}}}}.\n\n{ask}\n\n{signature}",
                offer.to_lowercase()
            ),
        ),
    ];
    json!({ "variants": variants.iter().map(|(subject, body)| json!({"subject": subject, "body": body})).collect::<Vec<_>>() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sandbox_model_reads_names_towns_and_spelled_addresses() {
        let user = "Entreprise : Dupont Plomberie, 69003, Lyon, tél +33478123456\nCandidats :\n\
                    [0] http://dupont-plomberie.fr/ — Dupont Plomberie, votre plombier à Brest 29200\n\
                    [1] http://dupont-plomberie-lyon.fr/ — Dupont Plomberie — dépannage Lyon 3e\n";
        assert_eq!(choose_site(user), Some(1));
        assert_eq!(choose_site("Entreprise : Dupont Plomberie, 69003, Lyon\n[0] http://x.fr/ — Boulangerie"), None);
        let user = "Entreprise : Dupont\nSite : http://www.dupont.fr/contact\nTexte :\n\
                    Pour nous écrire : tapez « contact », ajoutez l’arobase, puis le nom de ce site sans le « www ».";
        assert_eq!(find_email(user).as_deref(), Some("contact@dupont.fr"));
        let user = "Entreprise : X\nSite : http://x.fr/\nTexte :\nécrivez à devis arobase dupont point fr merci";
        assert_eq!(find_email(user).as_deref(), Some("devis@dupont.fr"));
        assert_eq!(find_email("Entreprise : X\nTexte :\nrien ici"), None);
    }

    #[test]
    fn the_sandbox_writer_follows_the_offer_and_its_objective() {
        let brief = "Entreprise : Plomberie Martin\nOffre : Urgences de nuit\nPoints forts : Intervention en 2 heures\n\
                     Objectif : Faire visiter https://plomberie.fr/urgences\n";
        let variants = write_variants(brief);
        let list = variants["variants"].as_array().unwrap();
        assert_eq!(list.len(), 3);
        for v in list {
            let body = v["body"].as_str().unwrap();
            assert!(body.contains("https://plomberie.fr/urgences"), "{body}");
            prospecta_shared::outreach::check_template(body).unwrap();
            prospecta_shared::outreach::check_template(v["subject"].as_str().unwrap()).unwrap();
        }
        assert!(list[1]["body"].as_str().unwrap().starts_with("Bonjour,\n\nIntervention en 2 heures"));
        assert!(ask_for("Obtenir un appel téléphonique").contains("appeler"));
    }

    #[test]
    fn the_sandbox_prompt_agent_writes_from_the_brief() {
        let brief = "Entreprise : Plomberie Martin\nMétier : Plombier\nOffre : Urgences\nTon : Direct et concis\n\
                     Objectif : Obtenir un appel téléphonique\nÀ ne jamais promettre : non renseigné\n\
                     Objections :\n- C'est cher → Devis gratuit\n";
        let written = write_prompts(brief);
        let conversation = written["conversation"].as_str().unwrap();
        assert!(conversation.contains("Plomberie Martin (Plombier)"), "{conversation}");
        assert!(conversation.contains("Objectif : Obtenir un appel téléphonique"));
        assert!(conversation.contains("- C'est cher → Devis gratuit"));
        assert!(!conversation.contains("Ne promets jamais"), "an empty field leaves its line out");
        assert!(written["writer"].as_str().unwrap().contains("{{societe}}"));
    }
}
