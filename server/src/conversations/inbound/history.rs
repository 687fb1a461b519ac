//! The new text of a message: what its sender wrote, without the quoted history (`>` lines,
//! attributions, header blocks, separators, unprefixed copies), the signature, mobile footers,
//! legal disclaimers and any line of our own messages. Answers written between quoted lines are
//! all kept.

use super::html::HISTORY;
use super::text::{fold, has_address, is_blank, is_quoted};

/// How an attribution line ends, in the languages our clients' prospects write in.
const ATTRIBUTION_ENDS: [&str; 16] = [
    "a ecrit :",
    "a ecrit:",
    "a ecrit",
    "wrote:",
    "wrote :",
    "schrieb:",
    "escribio:",
    "ha scritto:",
    "skrev:",
    "schreef:",
    "napisal:",
    "написал:",
    "написал(а):",
    "пишет:",
    "kirjoitti:",
    "irta:",
];

/// First fields of a quoted header block, then the fields that follow it.
const HEADER_FIRST: [&str; 9] = ["de", "from", "von", "fra", "da", "od", "van", "fran", "expediteur"];
const HEADER_NEXT: [&str; 22] = [
    "envoye",
    "envoye le",
    "sent",
    "date",
    "a",
    "to",
    "objet",
    "subject",
    "cc",
    "copie a",
    "gesendet",
    "an",
    "betreff",
    "emne",
    "til",
    "sendt",
    "datum",
    "onderwerp",
    "para",
    "asunto",
    "pour",
    "destinataire",
];

/// Separator lines' words (a forward, an original message).
const SEPARATORS: [&str; 14] = [
    "message d'origine",
    "original message",
    "mail original",
    "message transfere",
    "forwarded message",
    "message reexpedie",
    "debut du message",
    "begin forwarded message",
    "ursprungliche nachricht",
    "oorspronkelijk bericht",
    "mensaje original",
    "messaggio originale",
    "videresendt besked",
    "oprindelig meddelelse",
];

/// The field name of a header-like line (`De : …`, `*From:* …`), folded.
fn header_field(line: &str) -> Option<String> {
    let line = line.trim().trim_start_matches('*').trim_start();
    let (name, _) = line.split_once(':')?;
    let name = fold(name.trim_end_matches('*'));
    if name.is_empty() || name.len() > 20 || name.split(' ').count() > 2 {
        return None;
    }
    Some(name)
}

fn header_block_at(lines: &[&str], i: usize) -> bool {
    let Some(first) = header_field(lines[i]) else { return false };
    if !HEADER_FIRST.contains(&first.as_str()) {
        return false;
    }
    lines[i + 1..].iter().take(6).filter_map(|l| header_field(l)).any(|f| HEADER_NEXT.contains(&f.as_str()))
}

fn is_separator(line: &str) -> bool {
    let folded = fold(line);
    if folded == fold(HISTORY) {
        return true;
    }
    let t = line.trim();
    if t.len() >= 8 && t.chars().all(|c| c == '_') {
        return true;
    }
    folded.len() < 90
        && SEPARATORS.iter().any(|s| folded.contains(s))
        && (t.starts_with('-') || t.starts_with('=') || t.starts_with('*') || t.ends_with(':') || t.ends_with('-'))
        || folded.starts_with("message du ") && folded.chars().any(|c| c.is_ascii_digit()) && folded.len() < 40
        || folded.starts_with("begin forwarded message")
        || folded.starts_with("debut du message reexpedie")
}

/// Whether a line ends an attribution (`… a écrit :`, `… wrote:`, `… <x@y>:` after a date).
fn ends_attribution(line: &str) -> bool {
    let folded = fold(line);
    ATTRIBUTION_ENDS.iter().any(|e| folded.ends_with(e))
        || (folded.ends_with(">:") && has_address(&folded) && folded.chars().any(|c| c.is_ascii_digit()))
}

/// An attribution (`Le 3 nov. 2025 à 10:12, X <x@y> a écrit :`, `On …, X wrote:`) ending on
/// line `end`, possibly wrapped over up to three lines: where it starts. The lines before its
/// last one belong to it when they carry its date or address, not when they are a sentence.
fn attribution_ending_at(lines: &[&str], end: usize) -> Option<usize> {
    // The last words may be wrapped alone onto the last line (`… <x@y> a` / `écrit :`).
    let tail = if ends_attribution(lines[end]) {
        end
    } else if end > 0
        && lines[end].trim().chars().count() < 25
        && ends_attribution(&format!("{} {}", lines[end - 1].trim(), lines[end].trim()))
    {
        end - 1
    } else {
        return None;
    };
    let mut start = tail;
    while start > 0 && tail - start < 2 {
        let previous = lines[start - 1].trim();
        let carries = previous.chars().any(|c| c.is_ascii_digit()) || previous.contains('@') || previous.ends_with('<');
        if is_blank(previous) || is_quoted(previous) || previous.ends_with(['.', '!', '?', ':']) || !carries {
            break;
        }
        start -= 1;
    }
    let span = fold(&lines[start..=end].join(" "));
    (span.chars().any(|c| c.is_ascii_digit()) || has_address(&span) || span.len() < 120).then_some(start)
}

/// Where the history starts (an unquoted marker), and how many lines the marker takes.
fn history_start(lines: &[&str]) -> Option<(usize, usize)> {
    (0..lines.len()).find_map(|i| {
        let line = lines[i];
        if is_quoted(line) || is_blank(line) {
            return None;
        }
        if is_separator(line) || header_block_at(lines, i) {
            return Some((i, 1));
        }
        attribution_ending_at(lines, i).map(|start| (start, i - start + 1))
    })
}

/// A line of our own messages, wherever it appears.
fn is_ours(line: &str) -> bool {
    let folded = fold(line);
    folded.contains("prospecta.fr/opposition")
        || folded.contains("pour ne plus etre contacte")
        || folded.contains("vous recevez ce message car votre adresse professionnelle")
}

/// Mobile and app footers.
fn is_footer(line: &str) -> bool {
    let folded = fold(line);
    let starts = [
        "envoye de ",
        "envoye depuis ",
        "envoye a partir de ",
        "envoye avec ",
        "envoye sans fil par",
        "sent from ",
        "sent with ",
        "sent wirelessly from",
        "get outlook for ",
        "telecharger outlook",
        "obtenir outlook pour",
        "provenance : courrier pour windows",
    ];
    // "Sent from my desk, is much easier…" is a sentence, not a footer.
    folded.chars().count() < 90 && !folded.contains(',') && starts.iter().any(|s| folded.starts_with(s))
}

/// A legal or environmental disclaimer paragraph.
fn is_disclaimer(paragraph: &str) -> bool {
    let folded = fold(paragraph);
    (folded.contains("confidenti")
        && ["destinataire", "intended", "recipient", "message", "courriel", "e-mail"]
            .iter()
            .any(|w| folded.contains(w))
        && folded.len() > 80)
        || folded.contains("avant d'imprimer")
        || folded.contains("before printing")
        || folded.contains("pensez a l'environnement")
}

/// A closing formula on a line of its own: what follows it is the signature.
fn is_closing(line: &str) -> bool {
    let folded = fold(line);
    let words: String = folded.trim_end_matches([',', '.', '!', ' ', ';']).to_string();
    if words.is_empty() || words.len() > 45 {
        return false;
    }
    const CLOSINGS: [&str; 40] = [
        "cordialement",
        "bien cordialement",
        "tres cordialement",
        "cdlt",
        "bien a vous",
        "bien a toi",
        "salutations",
        "sinceres salutations",
        "meilleures salutations",
        "bonne journee",
        "bonne fin de journee",
        "bonne soiree",
        "belle journee",
        "merci",
        "merci beaucoup",
        "merci d'avance",
        "merci par avance",
        "a bientot",
        "amicalement",
        "bien amicalement",
        "respectueusement",
        "regards",
        "best regards",
        "kind regards",
        "best",
        "cheers",
        "thanks",
        "thank you",
        "sincerely",
        "bonne journee a vous",
        "au plaisir",
        "a tres vite",
        "hilsen",
        "mvh",
        "med venlig hilsen",
        "gruss",
        "mit freundlichen grussen",
        "saludos",
        "cordiali saluti",
        "groeten",
    ];
    CLOSINGS.iter().any(|c| words == *c || (words.starts_with(c) && words.len() <= c.len() + 12))
}

/// An opening salutation ("Bonjour Madame,", "Hi Bob,").
fn is_greeting(line: &str) -> bool {
    let folded = fold(line);
    folded.chars().count() <= 40
        && ["bonjour", "bonsoir", "hello", "hi", "salut", "madame", "monsieur", "cher", "chere", "dear", "hey"]
            .iter()
            .any(|g| folded.split([' ', ',']).next() == Some(*g))
}

/// Short lines with no sentence in them: a signature.
fn signature_like(lines: &[&str]) -> bool {
    let filled: Vec<&&str> = lines.iter().filter(|l| !is_blank(l)).collect();
    filled.len() <= 10 && filled.iter().all(|l| l.chars().count() <= 80)
}

/// A last paragraph that is a name with an address, a phone or a title under it.
fn is_signature_block(lines: &[&str]) -> bool {
    if !(2..=7).contains(&lines.len()) {
        return false;
    }
    let name_like = {
        let words: Vec<&str> = lines[0].split_whitespace().collect();
        let capitalised = words.iter().filter(|w| w.chars().next().is_some_and(|c| c.is_uppercase())).count();
        (1..=5).contains(&words.len())
            && words[0].chars().next().is_some_and(|c| c.is_uppercase())
            && capitalised * 2 >= words.len()
            && !lines[0].trim_end().ends_with(['.', '?', '!', ':', ','])
    };
    let contact = lines.iter().any(|l| {
        let digits = l.chars().filter(char::is_ascii_digit).count();
        digits >= 5 || has_address(l) || fold(l).contains("www.") || fold(l).contains("http")
    });
    name_like && contact && lines.iter().all(|l| l.chars().count() <= 70 && !l.trim_end().ends_with(['?', '!']))
}

fn paragraphs<'a>(lines: &[&'a str]) -> Vec<Vec<&'a str>> {
    let mut out: Vec<Vec<&str>> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in lines {
        if is_blank(line) {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

fn split_lines(body: &str) -> Vec<String> {
    body.replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace(['\u{feff}', '\u{200b}'], "")
        .lines()
        .map(|l| l.trim_end().to_string())
        .collect()
}

/// The lines before the history; or, when the sender answered between the quoted lines (the
/// history opens the message and unquoted lines follow quoted ones), every unquoted line.
fn before_history<'a>(lines: &[&'a str]) -> Vec<&'a str> {
    let Some((start, marker)) = history_start(lines) else {
        return lines.iter().copied().filter(|l| !is_quoted(l)).collect();
    };
    let before: Vec<&str> = lines[..start].iter().copied().filter(|l| !is_quoted(l)).collect();
    // Only a greeting above the attribution ("Hi,"): the answers may be below, between quotes.
    let filled: Vec<&&str> = before.iter().filter(|l| !is_blank(l)).collect();
    let greeting = |l: &str| {
        let folded = fold(l);
        folded.chars().count() <= 30
            && (folded.ends_with(',')
                || ["hi", "hello", "bonjour", "salut", "hey", "dear", "madame", "monsieur", "cher", "chere"]
                    .iter()
                    .any(|g| folded.split(' ').next() == Some(*g)))
    };
    if filled.len() > 1 || filled.iter().any(|l| !greeting(l)) {
        return before;
    }
    let after = &lines[start + marker..];
    let first_quote = after.iter().position(|l| is_quoted(l));
    let is_delimiter = |l: &&str| matches!(l.trim(), "--" | "—");
    let answered_inside = first_quote.is_some_and(|q| {
        after[q..].iter().take_while(|l| !is_delimiter(l)).any(|l| !is_quoted(l) && !is_blank(l) && !is_separator(l))
    });
    if answered_inside {
        // The answers are what is neither quoted nor a further history.
        let end = history_start(&after[first_quote.unwrap_or(0)..])
            .map_or(after.len(), |(s, _)| first_quote.unwrap_or(0) + s);
        // Every line of a further attribution (they may span three lines) is history too.
        let mut attribution = vec![false; end];
        for i in 0..end {
            if let Some(start) = attribution_ending_at(after, i) {
                attribution[start..=i].iter_mut().for_each(|a| *a = true);
            }
        }
        let answers = (0..end).filter(|i| !is_quoted(after[*i]) && !is_separator(after[*i]) && !attribution[*i]);
        return before.into_iter().chain(answers.map(|i| after[i])).collect();
    }
    before
}

fn tidy(lines: Vec<&str>) -> String {
    let mut out: Vec<&str> = Vec::new();
    for line in lines {
        if is_blank(line) && out.last().is_none_or(|l| is_blank(l)) {
            continue;
        }
        out.push(line);
    }
    while out.last().is_some_and(|l| is_blank(l)) {
        out.pop();
    }
    out.iter().map(|l| if is_blank(l) { "" } else { l }).collect::<Vec<_>>().join("\n")
}

/// The body without its quoted history and our lines (an auto-reply keeps its whole wording).
pub(super) fn without_quotes(body: &str) -> String {
    let owned = split_lines(body);
    let lines: Vec<&str> = owned.iter().map(String::as_str).collect();
    tidy(before_history(&lines).into_iter().filter(|l| !is_ours(l)).collect())
}

/// A line that is only (part of) the sender's name: a sign-off.
fn is_sender_name(line: &str, sender: &[String]) -> bool {
    let words: Vec<String> = fold(line).split(' ').map(|w| w.trim_matches([',', '.', '-']).to_string()).collect();
    !sender.is_empty()
        && line.chars().count() <= 40
        && !words.is_empty()
        && words.iter().all(|w| !w.is_empty() && sender.contains(w))
}

/// What the sender wrote in this message; `sender` is the words of their name, folded.
pub(super) fn new_text(body: &str, sender: &[String]) -> String {
    let owned = split_lines(body);
    let lines: Vec<&str> = owned.iter().map(String::as_str).collect();
    let mut kept: Vec<&str> = before_history(&lines).into_iter().filter(|l| !is_ours(l) && !is_footer(l)).collect();
    // The `-- ` delimiter: the signature follows.
    if let Some(at) = kept.iter().position(|l| matches!(l.trim(), "--" | "-- " | "—" | "___")) {
        kept.truncate(at);
    }
    // Disclaimers, paragraph by paragraph.
    let mut cleaned: Vec<&str> = Vec::new();
    for paragraph in paragraphs(&kept) {
        if !is_disclaimer(&paragraph.join(" ")) {
            cleaned.extend(paragraph);
            cleaned.push("");
        }
    }
    // After a closing formula that follows what was said (not right under the greeting), short
    // lines only: the signature.
    let said_before = |at: usize| cleaned[..at].iter().any(|l| !is_blank(l) && !is_greeting(l));
    if let Some(at) = cleaned.iter().position(|l| is_closing(l))
        && said_before(at)
        && signature_like(&cleaned[at + 1..])
    {
        cleaned.truncate(at + 1);
    }
    // The sender's name signing off.
    while let Some(last) = cleaned.iter().rposition(|l| !is_blank(l))
        && last > 0
        && is_sender_name(cleaned[last], sender)
    {
        cleaned.truncate(last);
    }
    // A last paragraph that is a name with contact details, under the text.
    let blocks = paragraphs(&cleaned);
    if blocks.len() > 1 && blocks.last().is_some_and(|b| is_signature_block(b)) {
        let keep: Vec<&str> = blocks[..blocks.len() - 1].iter().flat_map(|b| b.iter().copied().chain([""])).collect();
        return tidy(keep);
    }
    tidy(cleaned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_history_and_signature_are_left_out() {
        let body = "Oui, mardi 10 h.\n\nCordialement,\nJean Martin\nGérant\n06 12 34 56 78\n\n\
                    Le lun. 3 nov. 2025 à 10:12, Sophie Lambert <\ns.lambert@x.fr> a écrit :\n> Bonjour\n";
        assert_eq!(new_text(body, &[]), "Oui, mardi 10 h.\n\nCordialement,");
        let outlook = "Non merci.\n\nDe : Sophie <s@x.fr>\nEnvoyé : mardi\nÀ : moi\nObjet : Offre\n\nBonjour";
        assert_eq!(new_text(outlook, &[]), "Non merci.");
    }

    #[test]
    fn answers_between_quoted_lines_are_all_kept() {
        let body = "Le jeu. 6 nov. 2025, Nicolas <n@x.fr> a écrit :\n\n> Une question ?\n\nOui.\n\n> Et une autre ?\n\nNon.\n\n-- \nErwan";
        assert_eq!(new_text(body, &[]), "Oui.\n\nNon.");
        let signed = "Je transmets.\n\nHilsen\nSøren\n";
        assert_eq!(new_text(signed, &["søren".into(), "sørensen".into()]), "Je transmets.\n\nHilsen");
    }

    #[test]
    fn a_thank_you_under_the_greeting_is_not_a_closing() {
        let body = "Bonjour,\nMerci !\nOui, mardi à 10 h.\nJean\n";
        assert_eq!(new_text(body, &[]), "Bonjour,\nMerci !\nOui, mardi à 10 h.\nJean");
    }

    #[test]
    fn a_short_thank_you_is_not_a_signature() {
        assert_eq!(
            new_text(
                "Merci.\n\nPouvez-vous me rappeler demain ? Je suis à l'atelier tout l'après-midi, \
                             entre deux rendez-vous, au 06 12 34 56 78 ou au bureau.\n",
                &[]
            ),
            "Merci.\n\nPouvez-vous me rappeler demain ? Je suis à l'atelier tout l'après-midi, entre deux rendez-vous, au 06 12 34 56 78 ou au bureau."
        );
    }
}
