//! The onboarding agent, simulated: it reads the client's last message into the field its last
//! question was about, with plain reading rules (a trade after "je suis", a business model or a
//! tone by its words, an address for a landing page, "objection → answer" pairs), then asks the
//! first field the brief still lists, in our own wording. A message it cannot read fills
//! nothing; "je ne sais pas" passes.

use prospecta_shared::business::{ANSWER_KEYS, ANSWER_MAX, BusinessModel, LINE_MAX, ObjectiveKind, ProfileField, Tone};
use prospecta_shared::format::capitalize;
use serde_json::{Map, Value, json};

fn line_after<'a>(brief: &'a str, label: &str) -> Option<&'a str> {
    brief.lines().find_map(|l| l.strip_prefix(label)).map(str::trim)
}

/// Lower case, typographic apostrophes made straight, end punctuation dropped.
fn plain(text: &str) -> String {
    text.to_lowercase().replace('’', "'").trim().trim_end_matches(['.', '!', '?', '…', ' ']).to_string()
}

fn declines(text: &str) -> bool {
    let said = plain(text);
    const WHOLE: [&str; 16] = [
        "non",
        "rien",
        "aucun",
        "aucune",
        "aucune idée",
        "pas d'idée",
        "je sais pas",
        "passer",
        "je passe",
        "on passe",
        "suivant",
        "pas pour l'instant",
        "plus tard",
        "sans objet",
        "pas vraiment",
        "je ne sais pas encore",
    ];
    WHOLE.contains(&said.as_str())
        || ["je ne sais pas", "je préfère passer", "passons"].iter().any(|p| said.starts_with(p))
}

/// At most `max` characters, cut between words.
fn bounded(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    cut.rsplit_once(' ').map_or(cut.clone(), |(head, _)| head.to_string()).trim_end_matches([',', ';']).to_string()
}

fn one_line(text: &str, max: usize) -> String {
    let first = text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("");
    bounded(capitalize(first.trim_end_matches('.')).as_str(), max)
}

/// "Je suis plombier chauffagiste." → "Plombier chauffagiste".
fn trade(text: &str) -> String {
    let said = text.trim().replace('’', "'");
    let lower = said.to_lowercase();
    let mut rest = said.as_str();
    for lead in ["je suis ", "nous sommes ", "on est ", "mon métier est ", "notre métier est ", "c'est "] {
        if lower.starts_with(lead) {
            rest = &said[lead.len()..];
            break;
        }
    }
    for article in ["un ", "une ", "des "] {
        if rest.to_lowercase().starts_with(article) {
            rest = &rest[article.len()..];
            break;
        }
    }
    one_line(rest, LINE_MAX)
}

/// The key whose words come first in `text`.
fn earliest<'a>(text: &str, words: &[(&'a str, &[&str])]) -> Option<&'a str> {
    let said = plain(text);
    words
        .iter()
        .filter_map(|(key, ws)| ws.iter().filter_map(|w| said.find(w)).min().map(|at| (at, *key)))
        .min()
        .map(|(_, key)| key)
}

fn business_model(text: &str) -> Option<&'static str> {
    let said = plain(text);
    if ["un peu de tout", "mixte", "les deux", "mélange"].iter().any(|w| said.contains(w)) {
        return Some("mixed");
    }
    let kinds: [(&str, &[&str]); 3] = [
        ("recurring", &["abonnement", "récurrent", "contrat", "mensuel", "annuel"]),
        ("products", &["produit", "vente de", "boutique", "matériel"]),
        ("one_off", &["ponctuel", "devis", "chantier", "mission", "prestation", "intervention"]),
    ];
    let hits: Vec<&str> = kinds.iter().filter(|(_, ws)| ws.iter().any(|w| said.contains(w))).map(|(k, _)| *k).collect();
    match hits.as_slice() {
        [one] => Some(one),
        [] => None,
        _ => Some("mixed"),
    }
}

fn tone(text: &str) -> Option<&'static str> {
    earliest(
        text,
        &[
            ("formal", &["soutenu", "vouvo", "formel", "classique"]),
            ("direct", &["direct", "concis", "court", "franc"]),
            ("warm", &["cordial", "chaleureux", "sympa", "amical", "professionnel", "convivial"]),
        ],
    )
}

/// A web address written in the message.
fn address(text: &str) -> Option<String> {
    text.split_whitespace()
        .map(|w| w.trim_matches(|c: char| matches!(c, '«' | '»' | '"' | '(' | ')' | ',' | ';' | '!' | '?')))
        .map(|w| w.trim_end_matches('.'))
        .find(|w| w.starts_with("http://") || w.starts_with("https://") || w.starts_with("www."))
        .map(str::to_string)
}

fn objective(text: &str, fields: &mut Map<String, Value>) -> String {
    if let Some(url) = address(text) {
        fields.insert("objective".into(), json!("landing_page"));
        fields.insert("objective_url".into(), json!(url));
        return format!("faire visiter {url}");
    }
    let kind = earliest(
        text,
        &[
            ("meeting", &["rendez-vous", "rdv", "rencontre", "réunion", "visio"]),
            ("call_back", &["appel", "rappel", "téléphon", "appeler"]),
            ("purchase", &["achat", "commande", "acheter", "commander"]),
        ],
    );
    match kind {
        Some(kind) => {
            fields.insert("objective".into(), json!(kind));
            ObjectiveKind::parse(kind).map_or_else(String::new, |k| k.label_fr().to_string())
        }
        None => {
            let description = one_line(text, LINE_MAX * 2);
            fields.insert("objective".into(), json!("other"));
            fields.insert("objective_detail".into(), json!(description));
            description
        }
    }
}

fn unquoted(text: &str) -> String {
    let text = text.trim().trim_start_matches(['-', '•', '*']).trim();
    capitalize(text.trim_matches(|c: char| matches!(c, '«' | '»' | '"' | '“' | '”') || c.is_whitespace()))
}

/// "C'est trop cher → Le devis est gratuit ; Pas le temps : dix minutes suffisent".
fn objections(text: &str) -> Vec<Value> {
    const SEPARATORS: [&str; 10] =
        ["→", "->", "=>", " : ", " – ", " — ", " - ", ", je réponds que ", ", nous répondons que ", " je réponds que "];
    text.split(['\n', ';'])
        .filter_map(|segment| {
            let (at, separator) =
                SEPARATORS.iter().filter_map(|s| segment.find(s).map(|at| (at, *s))).min_by_key(|(at, _)| *at)?;
            let objection = unquoted(&segment[..at]);
            let answer = unquoted(&segment[at + separator.len()..]);
            (!objection.is_empty() && !answer.is_empty()).then(
                || json!({"objection": bounded(&objection, LINE_MAX * 3), "answer": bounded(&answer, ANSWER_MAX / 2)}),
            )
        })
        .take(5)
        .collect()
}

/// Reads `text` into `field`; what was understood, to say so, or `None`.
fn read(field: ProfileField, text: &str, fields: &mut Map<String, Value>) -> Option<String> {
    let key = field.as_str();
    let heard = match field {
        ProfileField::Activity => trade(text),
        ProfileField::PriceRange => one_line(text, LINE_MAX),
        ProfileField::BusinessModel => {
            let model = business_model(text)?;
            fields.insert(key.into(), json!(model));
            return BusinessModel::parse(model).map(|m| m.label_fr().to_string());
        }
        ProfileField::Tone => {
            let tone = tone(text)?;
            fields.insert(key.into(), json!(tone));
            return Tone::parse(tone).map(|t| t.label_fr().to_string());
        }
        ProfileField::Objective => return Some(objective(text, fields)),
        ProfileField::Objections => {
            let pairs = objections(text);
            if pairs.is_empty() {
                return None;
            }
            let count = pairs.len();
            fields.insert(key.into(), Value::Array(pairs));
            return Some(format!("{count} objection(s) et vos réponses"));
        }
        ProfileField::Offering
        | ProfileField::Customers
        | ProfileField::Differentiators
        | ProfileField::Preferences
        | ProfileField::NeverPromise => bounded(&capitalize(text.trim()), ANSWER_MAX),
    };
    if heard.is_empty() {
        return None;
    }
    fields.insert(key.into(), json!(heard));
    Some(heard)
}

/// The onboarding agent's answer to the brief of `crate::business::chat`.
pub(super) fn answer(brief: &str) -> Value {
    let asked = line_after(brief, "Ta dernière question portait sur : ").and_then(ProfileField::parse);
    let to_ask: Vec<ProfileField> = line_after(brief, "À demander, dans l'ordre : ")
        .map(|l| l.split(", ").filter_map(ProfileField::parse).collect())
        .unwrap_or_default();
    let text = brief.split_once("Dernier message du client :\n").map_or("", |(_, t)| t).trim();
    let mut fields: Map<String, Value> = ANSWER_KEYS.iter().map(|k| (k.to_string(), Value::Null)).collect();
    let passed = declines(text);
    let heard = asked.filter(|_| !passed).and_then(|field| read(field, text, &mut fields));
    let acknowledgement = match (heard, passed) {
        (Some(heard), _) => format!("Merci, c'est noté : « {} ».", bounded(&heard.replace('\n', " "), 80)),
        (None, true) => "Entendu, passons à la suite.".to_string(),
        (None, false) => {
            "Je n'ai pas su lire une réponse dans votre message : vous pourrez compléter ce point à côté de la \
             discussion."
                .to_string()
        }
    };
    let asks = to_ask.first().copied();
    let reply = match asks {
        Some(field) => format!("{acknowledgement} {}", field.question_fr()),
        None => format!(
            "{acknowledgement} Votre profil est prêt : relisez-le à côté de cette discussion et corrigez ce qui \
             doit l'être."
        ),
    };
    json!({"fields": fields, "asks": asks.map(ProfileField::as_str), "reply": reply})
}

#[cfg(test)]
mod tests {
    use super::*;

    fn brief(asked: &str, to_ask: &str, text: &str) -> String {
        format!(
            "Profil connu :\n- activity (Métier) : non renseigné\nÀ demander, dans l'ordre : {to_ask}\n\
             Ta dernière question portait sur : {asked}\nÉchange jusqu'ici :\nAssistant : …\n\
             Dernier message du client :\n{text}"
        )
    }

    #[test]
    fn each_answer_is_read_into_the_field_asked() {
        let turn = answer(&brief("activity", "offering, customers", "Je suis plombier chauffagiste."));
        assert_eq!(turn["fields"]["activity"], "Plombier chauffagiste");
        assert_eq!(turn["asks"], "offering");
        assert!(turn["reply"].as_str().unwrap().contains(ProfileField::Offering.question_fr()));

        let turn = answer(&brief("business_model", "price_range", "Surtout des contrats d'entretien annuels"));
        assert_eq!(turn["fields"]["business_model"], "recurring");
        let turn = answer(&brief("business_model", "", "Des chantiers ponctuels et des contrats d'entretien"));
        assert_eq!(turn["fields"]["business_model"], "mixed");
        assert_eq!(turn["asks"], Value::Null);

        let turn = answer(&brief("tone", "preferences", "Plutôt direct, mais toujours professionnel"));
        assert_eq!(turn["fields"]["tone"], "direct");

        let turn = answer(&brief("objective", "", "Qu'ils visitent https://plomberie-martin.fr/urgences."));
        assert_eq!(turn["fields"]["objective"], "landing_page");
        assert_eq!(turn["fields"]["objective_url"], "https://plomberie-martin.fr/urgences");
        let turn = answer(&brief("objective", "", "Un rendez-vous sur place"));
        assert_eq!(turn["fields"]["objective"], "meeting");

        let turn = answer(&brief(
            "objections",
            "tone",
            "C'est trop cher → Le devis est gratuit\nOn a déjà quelqu'un : nous intervenons en deux heures",
        ));
        let pairs = turn["fields"]["objections"].as_array().unwrap();
        assert_eq!(pairs.len(), 2);
        assert_eq!(pairs[1]["objection"], "On a déjà quelqu'un");
        assert_eq!(pairs[1]["answer"], "Nous intervenons en deux heures");
    }

    #[test]
    fn a_declined_or_unreadable_answer_fills_nothing() {
        let passed = answer(&brief("price_range", "differentiators", "Je ne sais pas trop"));
        assert_eq!(passed["fields"]["price_range"], Value::Null);
        assert!(passed["reply"].as_str().unwrap().starts_with("Entendu"));
        let unreadable = answer(&brief("tone", "", "Bonne question !"));
        assert_eq!(unreadable["fields"]["tone"], Value::Null);
        // "Pas de…" can be a real answer.
        let never = answer(&brief("never_promise", "", "Pas de dépannage le dimanche"));
        assert_eq!(never["fields"]["never_promise"], "Pas de dépannage le dimanche");
    }
}
