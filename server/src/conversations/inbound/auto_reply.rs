//! Auto-replies: out-of-office and vacation notices, helpdesk ticket acknowledgements, automatic
//! receipts. Their headers tell when they carry them (RFC 3834 `Auto-Submitted`, the
//! `X-Autoreply` family, `Precedence`, helpdesk headers); otherwise their subject and wording.

use super::text::fold;
use mail_parser::Message;

fn header(message: &Message<'_>, name: &str) -> Option<String> {
    message.header_raw(name).map(fold)
}

fn by_headers(message: &Message<'_>) -> bool {
    if header(message, "Auto-Submitted").is_some_and(|v| !v.is_empty() && !v.starts_with("no")) {
        return true;
    }
    if ["X-Autoreply", "X-Autorespond", "X-Autorespond-Origin", "X-Auto-Reply-From", "X-Mail-Autoreply"]
        .iter()
        .any(|h| header(message, h).is_some_and(|v| v != "no" && v != "false"))
    {
        return true;
    }
    if header(message, "Precedence").is_some_and(|v| matches!(v.as_str(), "auto_reply" | "bulk" | "junk")) {
        return true;
    }
    if header(message, "X-Auto-Response-Suppress").is_some()
        && header(message, "X-MS-Exchange-Inbox-Rules-Loop").is_some()
    {
        return true;
    }
    message.headers_raw().any(|(name, _)| {
        let name = name.to_ascii_lowercase();
        name.starts_with("x-zendesk")
            || name.starts_with("x-freshdesk")
            || name.starts_with("x-helpscout")
            || name.starts_with("x-autoreply")
            || name.starts_with("x-otrs")
            || name.starts_with("x-glpi")
    })
}

/// Subjects automatic answers carry (folded).
const SUBJECTS: [&str; 22] = [
    "reponse automatique",
    "automatic reply",
    "auto reply",
    "auto-reply",
    "autoreply",
    "auto:",
    "out of office",
    "out of the office",
    "absence",
    "absent du bureau",
    "message d'absence",
    "abwesenheit",
    "fuera de la oficina",
    "accuse de reception",
    "demande recue",
    "demande bien recue",
    "request received",
    "ticket",
    "[#",
    "conges",
    "vacances",
    "vacation",
];

/// Wording only machines use to answer.
const WORDING: [&str; 16] = [
    "je suis absent",
    "je suis actuellement absent",
    "je serai absent",
    "nous sommes absents",
    "je suis en conges",
    "nos bureaux sont fermes",
    "i am out of the office",
    "i am currently out",
    "i'm out of the office",
    "i will be out of the office",
    "out of office until",
    "votre demande a bien ete recue",
    "nous avons bien recu votre",
    "votre message a bien ete recu",
    "ceci est une reponse automatique",
    "this is an automated",
];

pub(super) fn is_auto_reply(message: &Message<'_>, subject: &str, body: &str) -> bool {
    if by_headers(message) {
        return true;
    }
    let subject = fold(subject);
    let replying = ["re:", "re :", "tr:", "fw:", "fwd:", "aw:", "sv:"].iter().any(|p| subject.starts_with(p));
    let subject_says = SUBJECTS.iter().any(|s| subject.contains(s));
    let head: String = fold(&body.chars().take(600).collect::<String>());
    let wording_says = WORDING.iter().any(|w| head.contains(w));
    // A person answering "Re: …" may mention an absence; a machine announces it up front.
    (subject_says && !replying) || (wording_says && (subject_says || !replying))
}
