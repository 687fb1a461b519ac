//! Contact-form campaign messages: `{{variable}}` templates, fitting a message into a form's
//! length limit without ever cutting the legal notice, and writing advice (FORM-1).
//!
//! Pure text work, shared by the editor in the browser (live checks and preview) and the server
//! (which renders and fits the message it actually submits), so both always agree.

use crate::format::fold;
use serde::{Deserialize, Serialize};

/// The variables a template may use, with the French description the editor shows.
pub const VARIABLES: &[(&str, &str)] = &[
    ("societe", "Nom de l'entreprise prospectée"),
    ("ville", "Ville de l'entreprise prospectée"),
    ("secteur", "Secteur d'activité de la base de prospects"),
    ("prenom_expediteur", "Votre prénom"),
    ("nom_expediteur", "Votre nom"),
    ("societe_expediteur", "Le nom de votre entreprise"),
    ("email_expediteur", "Votre adresse e-mail"),
    ("telephone_expediteur", "Votre numéro de téléphone"),
    ("site_expediteur", "L'adresse de votre site web"),
];

/// Who sends the campaign: fills the `*_expediteur` variables and the form fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct SenderDetails {
    pub first_name: String,
    pub last_name: String,
    pub company: String,
    pub email: String,
    pub phone: String,
    /// Not a template variable: some forms ask for it, messages rarely need it.
    pub address: String,
    pub website: String,
}

/// The values substituted into a template for one prospect.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct TemplateVars {
    pub societe: String,
    pub ville: String,
    pub secteur: String,
    pub sender: SenderDetails,
}

impl TemplateVars {
    /// The value of a known variable (name already normalised), `None` for an unknown one.
    fn value(&self, name: &str) -> Option<&str> {
        let value = match name {
            "societe" => &self.societe,
            "ville" => &self.ville,
            "secteur" => &self.secteur,
            "prenom_expediteur" => &self.sender.first_name,
            "nom_expediteur" => &self.sender.last_name,
            "societe_expediteur" => &self.sender.company,
            "email_expediteur" => &self.sender.email,
            "telephone_expediteur" => &self.sender.phone,
            "site_expediteur" => &self.sender.website,
            _ => return None,
        };
        Some(value.trim())
    }
}

#[derive(thiserror::Error, Debug, Clone, PartialEq, Eq)]
pub enum TemplateError {
    #[error("Le message est vide.")]
    Empty,
    /// Holds the name as the user wrote it, so the message quotes their own text.
    #[error("Variable inconnue : {{{{{0}}}}}. Variables possibles : {list}.", list = variable_list())]
    UnknownVariable(String),
    #[error("Accolades non fermées : écrivez {{{{variable}}}}.")]
    Unclosed,
}

/// "{{societe}}, {{ville}}, …" for error messages.
fn variable_list() -> String {
    VARIABLES.iter().map(|(name, _)| format!("{{{{{name}}}}}")).collect::<Vec<_>>().join(", ")
}

/// A template cut into what is copied verbatim and what is substituted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece<'a> {
    Text(&'a str),
    /// `whole` is the `{{ … }}` as written (kept when the variable is unknown), `name` its
    /// trimmed inside.
    Variable {
        whole: &'a str,
        name: &'a str,
    },
    /// A `{{` never closed or a `}}` never opened: copied verbatim, refused by `check_template`.
    Stray(&'a str),
}

fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let open = rest.find("{{");
        let close = rest.find("}}");
        if let Some(close) = close
            && open.is_none_or(|open| close < open)
        {
            // A "}}" before any "{{": nothing opened it.
            push_text(&mut pieces, &rest[..close]);
            pieces.push(Piece::Stray(&rest[close..close + 2]));
            rest = &rest[close + 2..];
        } else if let Some(open) = open {
            push_text(&mut pieces, &rest[..open]);
            let after = &rest[open + 2..];
            match after.find("}}") {
                // "{{a {{societe}}": the first "{{" is the one left open.
                Some(end) if !after[..end].contains("{{") => {
                    pieces.push(Piece::Variable { whole: &rest[open..open + end + 4], name: after[..end].trim() });
                    rest = &after[end + 2..];
                }
                _ => {
                    pieces.push(Piece::Stray(&rest[open..open + 2]));
                    rest = after;
                }
            }
        } else {
            pieces.push(Piece::Text(rest));
            break;
        }
    }
    pieces
}

fn push_text<'a>(pieces: &mut Vec<Piece<'a>>, text: &'a str) {
    if !text.is_empty() {
        pieces.push(Piece::Text(text));
    }
}

/// Variable names are matched without case or accents: `{{Société}}` is `{{societe}}`.
fn variable_key(name: &str) -> String {
    fold(name)
}

fn is_known(name: &str) -> bool {
    let key = variable_key(name);
    VARIABLES.iter().any(|(known, _)| *known == key)
}

/// Refuses what would be sent wrong: an empty message, an unknown variable (it would reach the
/// prospect as `{{xyz}}`), unbalanced braces. Reports the first problem in reading order.
pub fn check_template(text: &str) -> Result<(), TemplateError> {
    if text.trim().is_empty() {
        return Err(TemplateError::Empty);
    }
    for piece in pieces(text) {
        match piece {
            Piece::Text(_) => {}
            Piece::Variable { name, .. } if is_known(name) => {}
            Piece::Variable { name, .. } => return Err(TemplateError::UnknownVariable(name.to_string())),
            Piece::Stray(_) => return Err(TemplateError::Unclosed),
        }
    }
    Ok(())
}

/// Substitutes the variables. Unknown variables and stray braces are left as written
/// (`check_template` refuses them before a campaign starts). An empty value — a prospect without
/// a city — must not show: the spaces around it collapse to one, and disappear before `,` `.` `)`
/// `…`, at a line start or end, so "à {{ville}}, nous" reads "à, nous" and not "à , nous".
/// The text the user typed is otherwise left untouched (French "disponible ?" keeps its space).
pub fn render(text: &str, vars: &TemplateVars) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    // An empty value was just substituted: the next text must be joined cleanly.
    let mut gap = false;
    for piece in pieces(text) {
        let literal = match piece {
            Piece::Text(literal) | Piece::Stray(literal) => literal,
            Piece::Variable { whole, name } => match vars.value(&variable_key(name)) {
                Some("") => {
                    gap = true;
                    continue;
                }
                Some(value) => value,
                None => whole,
            },
        };
        if gap && literal.trim_start_matches(is_space).is_empty() {
            // Only spaces between two values: wait for what follows the next one.
            if !out.ends_with(is_space) {
                out.push(' ');
            }
            continue;
        }
        if gap {
            join_after_gap(&mut out, literal);
        } else {
            out.push_str(literal);
        }
        gap = false;
    }
    if gap {
        trim_end_spaces(&mut out);
    }
    out
}

fn is_space(ch: char) -> bool {
    matches!(ch, ' ' | '\t' | '\u{a0}' | '\u{202f}')
}

fn trim_end_spaces(out: &mut String) {
    let kept = out.trim_end_matches(is_space).len();
    out.truncate(kept);
}

/// Appends `next` where an empty value was removed, merging the spaces on both sides.
fn join_after_gap(out: &mut String, next: &str) {
    let had_space = out.ends_with(is_space);
    let next_trimmed = next.trim_start_matches(is_space);
    let had_space = had_space || next_trimmed.len() != next.len();
    trim_end_spaces(out);
    let at_line_start = out.is_empty() || out.ends_with('\n');
    let closes = next_trimmed.is_empty()
        || next_trimmed.starts_with(['\n', '\r', ',', '.', ')', '…'])
        || next_trimmed.starts_with(is_space);
    if had_space && !at_line_start && !closes {
        out.push(' ');
    }
    out.push_str(next_trimmed);
}

/// The message as submitted, and whether the body had to be shortened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FittedMessage {
    pub text: String,
    pub truncated: bool,
}

const SEPARATOR: &str = "\n\n";

/// Builds `body + "\n\n" + tail` within a form's length limit. The tail (legal notice and
/// opt-out link) is a legal obligation and is never cut while it fits on its own; the body is
/// shortened instead, at the last sentence end that fits so the message still reads as written.
/// A sentence cut that would keep less than half the room (typically only "Bonjour,") loses the
/// point of the message, so a word cut ending in "…" is preferred then. Lengths are counted in
/// characters, as forms count them, not in bytes.
pub fn fit_message(body: &str, tail: &str, max_chars: Option<usize>) -> FittedMessage {
    let body = body.trim_end();
    let tail = tail.trim();
    let whole = join(body, tail);
    let Some(max) = max_chars else {
        return FittedMessage { text: whole, truncated: false };
    };
    if whole.chars().count() <= max {
        return FittedMessage { text: whole, truncated: false };
    }
    if tail.is_empty() {
        return FittedMessage { text: shorten(body, max), truncated: true };
    }
    let tail_len = tail.chars().count();
    if tail_len > max {
        return FittedMessage { text: cut_at_word(tail, max).unwrap_or_default(), truncated: true };
    }
    let budget = max.saturating_sub(tail_len + SEPARATOR.chars().count());
    let short = shorten(body, budget);
    FittedMessage { text: join(&short, tail), truncated: true }
}

fn join(body: &str, tail: &str) -> String {
    match (body.is_empty(), tail.is_empty()) {
        (_, true) => body.to_string(),
        (true, false) => tail.to_string(),
        (false, false) => format!("{body}{SEPARATOR}{tail}"),
    }
}

/// `text` within `budget` characters: at a sentence end, else at a word with "…", else cut hard.
fn shorten(text: &str, budget: usize) -> String {
    if text.chars().count() <= budget {
        return text.to_string();
    }
    let sentence = cut_at_sentence(text, budget);
    let sentence_len = sentence.map_or(0, |s| s.chars().count());
    if sentence.is_some() && sentence_len * 2 >= budget {
        return sentence.unwrap_or_default().to_string();
    }
    match (cut_at_word(text, budget), sentence) {
        (Some(word), _) => word,
        (None, Some(sentence)) => sentence.to_string(),
        (None, None) => cut_hard(text, budget),
    }
}

/// The longest prefix within `budget` characters ending a sentence (". ", "! ", "? ", "…", or a
/// line break), trailing spaces removed; `None` when no sentence ends in time.
fn cut_at_sentence(text: &str, budget: usize) -> Option<&str> {
    let mut best = None;
    let mut chars = text.char_indices().enumerate().peekable();
    while let Some((position, (byte, ch))) = chars.next() {
        let next = chars.peek().map(|(_, (_, next))| *next);
        let (kept_chars, end) = match ch {
            '.' | '!' | '?' if next.is_some_and(char::is_whitespace) => (position + 1, byte + 1),
            '…' => (position + 1, byte + ch.len_utf8()),
            '\n' => (position, byte),
            _ => continue,
        };
        if kept_chars > budget {
            break;
        }
        let prefix = text[..end].trim_end();
        if !prefix.is_empty() {
            best = Some(prefix);
        }
    }
    best
}

/// The longest prefix ending between words that, with "…", fits in `budget` characters.
fn cut_at_word(text: &str, budget: usize) -> Option<String> {
    let room = budget.checked_sub(1)?;
    let mut best = None;
    for (position, (byte, ch)) in text.char_indices().enumerate() {
        if position > room {
            break;
        }
        if ch.is_whitespace() {
            let prefix = text[..byte].trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':'));
            if !prefix.is_empty() {
                best = Some(prefix);
            }
        }
    }
    best.map(|prefix| format!("{prefix}…"))
}

/// Last resort for a single word longer than the room (a long URL): cut inside it.
fn cut_hard(text: &str, budget: usize) -> String {
    if budget < 2 {
        return String::new();
    }
    let kept: String = text.chars().take(budget - 1).collect();
    format!("{}…", kept.trim_end())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Severity {
    Info,
    Warning,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AdviceKind {
    TooShort,
    TooLong,
    NoPersonalisation,
    NoCallToAction,
    SpamWords,
    Shouting,
}

impl AdviceKind {
    /// Why the advice is given: what it changes for the prospect who reads the message.
    pub fn explanation_fr(self) -> &'static str {
        match self {
            AdviceKind::TooShort => {
                "Un message trop court ressemble à un envoi automatique : le prospect ne sait ni qui lui écrit, ni \
                 pourquoi lui, ni ce qu'on attend de lui, et il ne répond pas."
            }
            AdviceKind::TooLong => {
                "Un formulaire de contact est lu vite, souvent sur mobile ; beaucoup limitent aussi la longueur du \
                 champ message, et nous devrions alors raccourcir le vôtre avant l'envoi."
            }
            AdviceKind::NoPersonalisation => {
                "Un message qui nomme l'entreprise ou sa ville montre qu'il lui est destiné : c'est ce qui fait la \
                 différence avec la prospection de masse, pour le lecteur comme pour les filtres anti-spam."
            }
            AdviceKind::NoCallToAction => {
                "Sans demande précise, le prospect intéressé ne sait pas quoi répondre. Une seule question simple \
                 (un appel, un rendez-vous) obtient bien plus de réponses qu'une formule de politesse."
            }
            AdviceKind::SpamWords => {
                "Ces mots sont ceux des publicités de masse : les filtres des messageries et les lecteurs méfiants \
                 classent le message comme indésirable avant d'avoir lu votre offre."
            }
            AdviceKind::Shouting => {
                "Les majuscules et les points d'exclamation se lisent comme des cris : le ton paraît agressif et \
                 le message est plus souvent marqué comme indésirable."
            }
        }
    }
}

/// A writing recommendation shown next to the template editor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Advice {
    pub kind: AdviceKind,
    pub message: String,
    pub severity: Severity,
}

/// Below this, a message rarely says who writes, why, and what is asked.
pub const SHORT_MESSAGE_CHARS: usize = 250;
/// Above this, prospects stop reading and many forms cut the message.
pub const LONG_MESSAGE_CHARS: usize = 1200;

/// Words that invite a reply; a question mark counts too. Matched without accents on word
/// boundaries; a trailing `*` matches any ending ("échang*" finds "échangeons"). "appel" is
/// spelt out because "je m'appelle" invites nothing.
const CALL_TO_ACTION_WORDS: &[&str] = &[
    "rendez-vous",
    "rdv",
    "appel",
    "appels",
    "appeler",
    "appelez",
    "appelons",
    "rappel*",
    "echang*",
    "disponib*",
    "repond*",
    "reponse*",
    "call",
    "visio*",
    "discut*",
    "contactez",
    "contacter",
    "joindre",
    "reunion*",
    "demo",
    "demonstration",
    "entretien*",
    "rencontr*",
];

/// Phrases that spam filters and wary readers associate with junk. Matched as whole words,
/// without case or accents. Legitimate B2B words ("garantie décennale") are deliberately absent.
pub const SPAM_WORDS: &[&str] = &[
    "gratuit",
    "gratuite",
    "gratuitement",
    "urgent",
    "100 %",
    "promo",
    "promotion",
    "gagnez",
    "cliquez ici",
    "offre exclusive",
    "offre spéciale",
    "offre limitée",
    "sans engagement",
    "meilleur prix",
    "prix imbattable",
    "argent",
    "garanti",
    "félicitations",
    "satisfait ou remboursé",
    "dernière chance",
    "opportunité unique",
    "sans frais",
    "cadeau",
    "€€€",
    "!!!",
    "free",
    "click here",
    "act now",
    "winner",
    "cash",
];

/// Capitalised words that are names, not shouting.
const ACRONYMS: &[&str] =
    &["SIRET", "SIREN", "RGPD", "CNIL", "SARL", "SASU", "EURL", "URSSAF", "INSEE", "TPE", "PME", "HTML", "SEO"];

/// Writing recommendations for a campaign template, in a fixed order (length, personalisation,
/// call to action, spam, shouting) so the editor's list does not jump around while typing.
pub fn advise(body: &str) -> Vec<Advice> {
    let mut advice = Vec::new();
    let length = body.trim().chars().count();
    if length < SHORT_MESSAGE_CHARS {
        advice.push(Advice {
            kind: AdviceKind::TooShort,
            message: format!(
                "Message court ({length} caractères) : présentez-vous, dites ce que vous proposez à \
                 l'entreprise et ce que vous attendez d'elle (au moins {SHORT_MESSAGE_CHARS} caractères)."
            ),
            severity: Severity::Info,
        });
    } else if length > LONG_MESSAGE_CHARS {
        advice.push(Advice {
            kind: AdviceKind::TooLong,
            message: format!(
                "Message long ({length} caractères) : raccourcissez-le sous {LONG_MESSAGE_CHARS} caractères ; \
                 beaucoup de formulaires limitent la longueur et les prospects lisent en diagonale."
            ),
            severity: Severity::Warning,
        });
    }

    let variables: Vec<String> = pieces(body)
        .into_iter()
        .filter_map(|piece| match piece {
            Piece::Variable { name, .. } => Some(variable_key(name)),
            _ => None,
        })
        .collect();
    if !variables.iter().any(|name| matches!(name.as_str(), "societe" | "ville" | "secteur")) {
        advice.push(Advice {
            kind: AdviceKind::NoPersonalisation,
            message: "Message identique pour tous : citez l'entreprise avec {{societe}}, ou sa ville \
                      ({{ville}}) ou son secteur ({{secteur}}), pour montrer que vous vous adressez à elle."
                .to_string(),
            severity: Severity::Info,
        });
    }

    let text = without_variables(body);
    let folded = fold_for_matching(&text);
    let invites_reply = text.contains('?')
        || CALL_TO_ACTION_WORDS.iter().any(|word| match word.strip_suffix('*') {
            Some(stem) => find_word(&folded, stem, false).is_some(),
            None => find_word(&folded, word, true).is_some(),
        });
    if !invites_reply {
        advice.push(Advice {
            kind: AdviceKind::NoCallToAction,
            message: "Aucune demande claire : terminez par une question ou une proposition concrète \
                      (« Seriez-vous disponible pour un appel de 15 minutes cette semaine ? »)."
                .to_string(),
            severity: Severity::Warning,
        });
    }

    let spam: Vec<&str> = SPAM_WORDS
        .iter()
        .copied()
        .filter(|word| find_word(&folded, &fold_for_matching(word), true).is_some())
        .collect();
    if !spam.is_empty() {
        let quoted: Vec<String> = spam.iter().map(|word| format!("« {word} »")).collect();
        advice.push(Advice {
            kind: AdviceKind::SpamWords,
            message: format!(
                "Termes qui font penser à du démarchage de masse : {}. Reformulez-les sobrement.",
                quoted.join(", ")
            ),
            severity: Severity::Warning,
        });
    }

    let shouted = shouted_words(&text);
    let exclamations = text.matches('!').count();
    if !shouted.is_empty() || exclamations > 2 {
        let mut details = Vec::new();
        if !shouted.is_empty() {
            details.push(format!("mots en majuscules ({})", shouted.join(", ")));
        }
        if exclamations > 2 {
            details.push(format!("{exclamations} points d'exclamation"));
        }
        advice.push(Advice {
            kind: AdviceKind::Shouting,
            message: format!(
                "Ton trop insistant : {}. Écrivez en minuscules et gardez au plus un point d'exclamation.",
                details.join(" et ")
            ),
            severity: Severity::Warning,
        });
    }
    advice
}

/// The template with its `{{variables}}` removed, so their names never count as written words.
fn without_variables(body: &str) -> String {
    pieces(body)
        .into_iter()
        .map(|piece| match piece {
            Piece::Text(text) | Piece::Stray(text) => text,
            Piece::Variable { .. } => " ",
        })
        .collect()
}

/// `fold`, plus spacing made uniform: non-breaking spaces become spaces, runs collapse, and the
/// space before "%" goes, so "100 %", "100 %" and "100%" all read "100%".
fn fold_for_matching(text: &str) -> String {
    let folded = fold(text);
    let mut out = String::with_capacity(folded.len());
    for ch in folded.chars() {
        let ch = if ch.is_whitespace() { ' ' } else { ch };
        if ch == ' ' && out.ends_with(' ') {
            continue;
        }
        if ch == '%' && out.ends_with(' ') {
            out.pop();
        }
        out.push(ch);
    }
    out
}

/// Where `needle` occurs starting on a word boundary (and, if `whole`, ending on one). Sides of
/// the needle that are punctuation ("!!!", "€€€") need no boundary.
fn find_word(haystack: &str, needle: &str, whole: bool) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    let starts_alnum = needle.chars().next().is_some_and(char::is_alphanumeric);
    let ends_alnum = needle.chars().next_back().is_some_and(char::is_alphanumeric);
    haystack.match_indices(needle).map(|(at, _)| at).find(|&at| {
        let before = haystack[..at].chars().next_back();
        let after = haystack[at + needle.len()..].chars().next();
        let start_ok = !starts_alnum || !before.is_some_and(char::is_alphanumeric);
        let end_ok = !whole || !ends_alnum || !after.is_some_and(char::is_alphanumeric);
        start_ok && end_ok
    })
}

/// Words of four letters or more written in capitals, acronyms excepted, each listed once.
fn shouted_words(text: &str) -> Vec<String> {
    let mut shouted: Vec<String> = Vec::new();
    for word in text.split(|c: char| !c.is_alphabetic()) {
        let letters = word.chars().count();
        let capitals = word.chars().all(char::is_uppercase);
        if letters >= 4 && capitals && !ACRONYMS.contains(&word) && !shouted.iter().any(|w| w == word) {
            shouted.push(word.to_string());
        }
    }
    shouted
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars() -> TemplateVars {
        TemplateVars {
            societe: "Boulangerie Martin".into(),
            ville: "Lyon".into(),
            secteur: "boulangerie".into(),
            sender: SenderDetails {
                first_name: "Claire".into(),
                last_name: "Durand".into(),
                company: "Pain Conseil".into(),
                email: "claire@painconseil.fr".into(),
                phone: "06 12 34 56 78".into(),
                address: "3 rue des Lilas, 69001 Lyon".into(),
                website: "https://painconseil.fr".into(),
            },
        }
    }

    // ---- check_template ----

    #[test]
    fn every_listed_variable_is_accepted_and_rendered() {
        for (name, description) in VARIABLES {
            assert!(!description.is_empty());
            let template = format!("Valeur : {{{{{name}}}}}");
            assert_eq!(check_template(&template), Ok(()), "{name}");
            let rendered = render(&template, &vars());
            assert!(!rendered.contains("{{"), "{name} not substituted: {rendered}");
        }
    }

    #[test]
    fn variables_tolerate_spaces_case_and_accents() {
        assert_eq!(check_template("Bonjour {{ societe }}, {{VILLE}} et {{Société}}"), Ok(()));
        assert_eq!(
            render("{{ Societe }} à {{ VILLE }} ({{Prénom_Expéditeur}})", &vars()),
            "Boulangerie Martin à Lyon (Claire)"
        );
    }

    #[test]
    fn blank_templates_are_empty() {
        assert_eq!(check_template(""), Err(TemplateError::Empty));
        assert_eq!(check_template("  \n\t "), Err(TemplateError::Empty));
        assert_eq!(TemplateError::Empty.to_string(), "Le message est vide.");
    }

    #[test]
    fn unknown_variables_are_refused_with_the_list_of_known_ones() {
        let error = check_template("Bonjour {{ville}}, {{ Nom }} !").unwrap_err();
        assert_eq!(error, TemplateError::UnknownVariable("Nom".into()));
        let message = error.to_string();
        assert!(message.starts_with("Variable inconnue : {{Nom}}. Variables possibles : {{societe}}, {{ville}}, "));
        assert!(message.contains("{{site_expediteur}}"));
        assert_eq!(check_template("{{}}"), Err(TemplateError::UnknownVariable(String::new())));
    }

    #[test]
    fn unbalanced_braces_are_unclosed() {
        for template in ["Bonjour {{societe", "Bonjour societe}}", "{{a {{societe}}", "{{ville}} et }} puis"] {
            assert_eq!(check_template(template), Err(TemplateError::Unclosed), "{template}");
        }
        assert_eq!(TemplateError::Unclosed.to_string(), "Accolades non fermées : écrivez {{variable}}.");
        // Single braces are ordinary text.
        assert_eq!(check_template("Un tarif {forfaitaire} pour {{societe}}"), Ok(()));
    }

    #[test]
    fn the_first_problem_in_reading_order_is_reported() {
        assert_eq!(check_template("{{xyz}} puis {{ville"), Err(TemplateError::UnknownVariable("xyz".into())));
        assert_eq!(check_template("{{ville puis {{xyz}}"), Err(TemplateError::Unclosed));
    }

    // ---- render ----

    #[test]
    fn renders_a_full_message() {
        let template = "Bonjour,\n\nJe contacte {{societe}} ({{ville}}) car nous aidons le secteur {{secteur}}.\n\
                        {{prenom_expediteur}} {{nom_expediteur}} — {{societe_expediteur}}\n\
                        {{email_expediteur}} · {{telephone_expediteur}} · {{site_expediteur}}";
        assert_eq!(
            render(template, &vars()),
            "Bonjour,\n\nJe contacte Boulangerie Martin (Lyon) car nous aidons le secteur boulangerie.\n\
             Claire Durand — Pain Conseil\n\
             claire@painconseil.fr · 06 12 34 56 78 · https://painconseil.fr"
        );
    }

    #[test]
    fn unknown_variables_and_stray_braces_are_left_as_written() {
        assert_eq!(render("{{ xyz }} pour {{societe}} {{ville", &vars()), "{{ xyz }} pour Boulangerie Martin {{ville");
        assert_eq!(render("fin }} {{societe}}", &vars()), "fin }} Boulangerie Martin");
    }

    #[test]
    fn values_are_trimmed() {
        let mut vars = vars();
        vars.societe = "  Garage Dupont \n".into();
        assert_eq!(render("Chez {{societe}}, bonjour", &vars), "Chez Garage Dupont, bonjour");
    }

    #[test]
    fn an_empty_value_leaves_no_double_space_nor_space_before_punctuation() {
        let mut vars = vars();
        vars.ville = String::new();
        vars.secteur = "  ".into();
        assert_eq!(render("Votre entreprise {{ville}} nous intéresse", &vars), "Votre entreprise nous intéresse");
        assert_eq!(render("Basée à {{ville}}, votre société", &vars), "Basée à, votre société");
        assert_eq!(render("Vous êtes à {{ville}}.", &vars), "Vous êtes à.");
        assert_eq!(render("{{societe}} {{ville}} ({{secteur}})", &vars), "Boulangerie Martin ()");
        assert_eq!(render("{{societe}} {{ville}} {{secteur}} !", &vars), "Boulangerie Martin !");
        assert_eq!(render("Ligne {{ville}}\n{{ville}} suite", &vars), "Ligne\nsuite");
        assert_eq!(render("Fin {{ville}}", &vars), "Fin");
        assert_eq!(render("{{ville}}Collé", &vars), "Collé");
        // Two empty values in a row still leave a single space.
        assert_eq!(render("Votre {{ville}} {{secteur}} entreprise", &vars), "Votre entreprise");
        assert_eq!(render("Votre {{ville}} {{secteur}}entreprise", &vars), "Votre entreprise");
        assert_eq!(render("À {{ville}} {{secteur}}, merci", &vars), "À, merci");
    }

    #[test]
    fn french_spacing_typed_by_the_user_is_kept() {
        assert_eq!(
            render("Êtes-vous disponible ?  Merci {{societe}} !", &vars()),
            "Êtes-vous disponible ?  Merci Boulangerie Martin !"
        );
    }

    // ---- fit_message ----

    #[test]
    fn joins_body_and_tail_when_there_is_room() {
        let fitted = fit_message("Bonjour.  \n", "Mentions légales.", Some(100));
        assert_eq!(fitted, FittedMessage { text: "Bonjour.\n\nMentions légales.".into(), truncated: false });
        assert_eq!(fit_message("Bonjour.", "Mentions.", None).text, "Bonjour.\n\nMentions.");
        assert_eq!(fit_message("Bonjour.", "   ", None).text, "Bonjour.");
        assert_eq!(fit_message("", "Mentions.", Some(9)).text, "Mentions.");
    }

    #[test]
    fn an_exact_fit_is_not_truncated() {
        let fitted = fit_message("abc", "de", Some(7));
        assert_eq!(fitted, FittedMessage { text: "abc\n\nde".into(), truncated: false });
    }

    #[test]
    fn lengths_are_counted_in_characters_not_bytes() {
        // 10 characters, 20 bytes.
        let body = "éééééééééé";
        let fitted = fit_message(body, "à", Some(13));
        assert!(!fitted.truncated);
        assert_eq!(fitted.text.chars().count(), 13);
    }

    #[test]
    fn the_body_is_cut_at_the_last_sentence_that_fits_and_the_tail_is_kept() {
        let body = "Première phrase ici. Deuxième phrase ici ! Troisième phrase ici ? Quatrième phrase.";
        let tail = "STOP : https://x.fr/o/abc";
        // Room for the body: 45 characters, the first two sentences take 42.
        let max = 45 + 2 + tail.chars().count();
        let fitted = fit_message(body, tail, Some(max));
        assert!(fitted.truncated);
        assert_eq!(fitted.text, format!("Première phrase ici. Deuxième phrase ici !\n\n{tail}"));
        assert!(fitted.text.chars().count() <= max);
    }

    #[test]
    fn line_breaks_and_ellipses_are_sentence_ends() {
        let body = "Une idée pour vous… Voici le détail\nqui suit sur une autre ligne bien plus longue";
        let fitted = fit_message(body, "", Some(40));
        assert_eq!(fitted.text, "Une idée pour vous… Voici le détail");
        let fitted = fit_message(body, "", Some(25));
        assert_eq!(fitted.text, "Une idée pour vous…");
    }

    #[test]
    fn without_a_sentence_end_the_body_is_cut_at_a_word_with_an_ellipsis() {
        let body = "Nous accompagnons les artisans boulangers dans leur transition numérique depuis dix ans";
        let tail = "Mentions";
        let fitted = fit_message(body, tail, Some(41));
        assert!(fitted.truncated);
        assert_eq!(fitted.text, "Nous accompagnons les artisans…\n\nMentions");
        // One character less and "artisans" no longer fits.
        assert_eq!(fit_message(body, tail, Some(40)).text, "Nous accompagnons les…\n\nMentions");
    }

    #[test]
    fn a_greeting_alone_is_not_an_acceptable_cut() {
        let body = "Bonjour,\nnous accompagnons les artisans boulangers dans leur transition numérique depuis dix ans";
        let fitted = fit_message(body, "", Some(50));
        assert_eq!(fitted.text, "Bonjour,\nnous accompagnons les artisans…");
    }

    #[test]
    fn punctuation_is_not_left_before_the_ellipsis() {
        let fitted = fit_message("Alpha beta, gamma delta epsilon", "", Some(13));
        assert_eq!(fitted.text, "Alpha beta…");
    }

    #[test]
    fn a_single_overlong_word_is_cut_inside() {
        let fitted = fit_message("https://exemple.fr/une/tres/longue/adresse", "", Some(10));
        assert_eq!(fitted.text, "https://e…");
        assert_eq!(fitted.text.chars().count(), 10);
    }

    #[test]
    fn when_only_the_tail_fits_the_body_goes() {
        let tail = "Pour ne plus être contacté : https://x.fr/o/abc";
        let len = tail.chars().count();
        for max in [len, len + 1, len + 2, len + 3] {
            let fitted = fit_message("Un message bien trop long pour la place restante.", tail, Some(max));
            assert!(fitted.truncated);
            assert_eq!(fitted.text, tail, "max {max}");
        }
    }

    #[test]
    fn a_tail_longer_than_the_limit_is_cut_at_a_word() {
        let fitted = fit_message("Corps", "Pour ne plus être contacté, répondez STOP", Some(20));
        assert!(fitted.truncated);
        assert_eq!(fitted.text, "Pour ne plus être…");
        assert!(fitted.text.chars().count() <= 20);
    }

    #[test]
    fn fitted_messages_never_exceed_the_limit() {
        let body = "Bonjour, je suis Claire. Nous aidons les boulangeries ! Un appel ? Merci… À bientôt\nClaire";
        let tail = "Opposition : https://x.fr/o/1";
        for max in 0..=140 {
            let fitted = fit_message(body, tail, Some(max));
            assert!(fitted.text.chars().count() <= max, "max {max}: {:?}", fitted.text);
            if max >= tail.chars().count() {
                assert!(fitted.text.ends_with(tail), "max {max}: {:?}", fitted.text);
            }
        }
    }

    // ---- advise ----

    fn kinds(body: &str) -> Vec<AdviceKind> {
        advise(body).into_iter().map(|advice| advice.kind).collect()
    }

    const GOOD: &str = "Bonjour,\n\nJe m'appelle Claire Durand, de Pain Conseil. Nous aidons les boulangeries comme \
                        {{societe}} à {{ville}} à réduire leurs pertes de fin de journée grâce à un outil de \
                        prévision des ventes, utilisé aujourd'hui par une quarantaine d'artisans de la région.\n\n\
                        Seriez-vous disponible pour un appel de quinze minutes la semaine prochaine ?\n\n\
                        Bien cordialement,\nClaire";

    #[test]
    fn a_well_written_message_gets_no_advice() {
        assert_eq!(advise(GOOD), vec![]);
    }

    #[test]
    fn length_advice() {
        assert_eq!(kinds("Bonjour {{societe}}, un appel ?"), vec![AdviceKind::TooShort]);
        let long = format!("{GOOD} {}", "Encore une phrase de présentation. ".repeat(40));
        assert_eq!(kinds(&long), vec![AdviceKind::TooLong]);
        let advice = advise(&long);
        assert_eq!(advice[0].severity, Severity::Warning);
        assert!(advice[0].message.contains("1200"));
    }

    #[test]
    fn personalisation_needs_company_city_or_sector() {
        let generic = GOOD.replace("{{societe}}", "votre boulangerie").replace("{{ville}}", "chez vous");
        assert_eq!(kinds(&generic), vec![AdviceKind::NoPersonalisation]);
        let with_sector = GOOD.replace("{{societe}}", "la vôtre").replace("{{ville}}", "{{ SECTEUR }}");
        assert_eq!(kinds(&with_sector), vec![]);
        // A sender variable is not personalisation.
        let sender_only = generic.replace("Claire Durand", "{{prenom_expediteur}}");
        assert_eq!(kinds(&sender_only), vec![AdviceKind::NoPersonalisation]);
    }

    #[test]
    fn a_message_without_question_nor_invitation_lacks_a_call_to_action() {
        let flat =
            GOOD.replace("Seriez-vous disponible pour un appel de quinze minutes la semaine prochaine ?", "Merci.");
        assert_eq!(kinds(&flat), vec![AdviceKind::NoCallToAction]);
        for invitation in
            ["Prenons rendez-vous.", "Échangeons-en.", "Je vous rappellerai.", "Book a call.", "Une démo."]
        {
            let body = flat.replace("Merci.", invitation);
            assert_eq!(kinds(&body), vec![], "{invitation}");
        }
    }

    #[test]
    fn spam_words_are_found_whatever_the_case_accents_or_spacing() {
        let body = format!("{GOOD} Offre SPECIALE, c'est GRATUIT et 100 % garanti. Felicitations !!!");
        let advice = advise(&body);
        let spam = advice.iter().find(|a| a.kind == AdviceKind::SpamWords).unwrap();
        for word in ["« gratuit »", "« 100 % »", "« offre spéciale »", "« garanti »", "« félicitations »", "« !!! »"]
        {
            assert!(spam.message.contains(word), "{word} missing in {}", spam.message);
        }
        assert!(!spam.message.contains("« gratuite »"));
        assert_eq!(spam.severity, Severity::Warning);
        assert!(advise(&format!("{GOOD} Satisfaction 100%.")).iter().any(|a| a.kind == AdviceKind::SpamWords));
    }

    #[test]
    fn spam_words_match_whole_words_only() {
        // "garantie", "argenterie", "cashmere", "promotions" contain a listed word but are not it.
        let body = format!("{GOOD} Garantie décennale, argenterie, cashmere, promotions.");
        assert!(!kinds(&body).contains(&AdviceKind::SpamWords));
    }

    #[test]
    fn capitals_and_exclamations_are_shouting() {
        let advice = advise(&format!("{GOOD} C'est une offre VRAIMENT unique, VRAIMENT."));
        let shouting = advice.iter().find(|a| a.kind == AdviceKind::Shouting).unwrap();
        assert!(shouting.message.contains("(VRAIMENT)"), "{}", shouting.message);
        assert!(kinds(&format!("{GOOD} Super ! Génial ! Bravo !")).contains(&AdviceKind::Shouting));
        assert!(!kinds(&format!("{GOOD} Super ! Génial !")).contains(&AdviceKind::Shouting));
    }

    #[test]
    fn acronyms_short_capitals_and_variable_names_are_not_shouting() {
        let body = format!("{GOOD} Conforme au RGPD, numéro SIRET fourni, TVA incluse. {{{{SOCIETE}}}}");
        assert!(!kinds(&body).contains(&AdviceKind::Shouting));
    }

    #[test]
    fn advice_messages_are_in_french() {
        let advice = advise("CLIQUEZ ICI !!!");
        let found: Vec<AdviceKind> = advice.iter().map(|a| a.kind).collect();
        assert_eq!(
            found,
            vec![
                AdviceKind::TooShort,
                AdviceKind::NoPersonalisation,
                AdviceKind::NoCallToAction,
                AdviceKind::SpamWords,
                AdviceKind::Shouting
            ]
        );
        assert!(advice.iter().all(|a| !a.message.is_empty()));
        assert!(advice[3].message.contains("« cliquez ici »"));
    }
}
