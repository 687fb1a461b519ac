//! Delivery reports about our messages: a `multipart/report` with its `message/delivery-status`
//! (DSN, RFC 3464), or a plain-text notice from a mail server. What failed (the recipient and
//! the enhanced status code), whether for good (5.x.x) or for now (4.x.x, a delay), and which of
//! our messages came back.

use super::body::{nested, notices, parts_of};
use super::text::{fold, has_address};
use super::{BounceReport, ids};
use mail_parser::{Message, MimeHeaders};

pub(super) struct Read {
    pub bounce: BounceReport,
    pub returned_id: Option<String>,
    pub notification: String,
}

/// An enhanced status code (`5.1.1`) standing alone in `text`.
fn enhanced_codes(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .map(|t| t.trim_end_matches('.'))
        .filter(|t| {
            let parts: Vec<&str> = t.split('.').collect();
            parts.len() == 3
                && matches!(parts[0], "2" | "4" | "5")
                && parts[1..].iter().all(|p| (1..=3).contains(&p.len()) && p.chars().all(|c| c.is_ascii_digit()))
        })
        .map(str::to_string)
        .collect()
}

/// A basic SMTP reply code (`550`, `452`) at the start of a word.
fn basic_code(text: &str) -> Option<char> {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .find(|w| w.len() == 3 && matches!(w.as_bytes()[0], b'4' | b'5') && w.chars().all(|c| c.is_ascii_digit()))
        .and_then(|w| w.chars().next())
}

/// `Field: value` of a report block (a DSN's, a feedback report's), case-insensitive.
pub(super) fn field<'a>(block: &'a str, name: &str) -> Option<&'a str> {
    block.lines().find_map(|l| {
        let (n, v) = l.split_once(':')?;
        n.trim().eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

/// `rfc822; x@y` → `x@y`.
fn address_of(value: &str) -> String {
    value.rsplit(';').next().unwrap_or(value).trim().trim_matches(['<', '>']).to_lowercase()
}

struct Failure {
    recipient: Option<String>,
    status: Option<String>,
    delayed: bool,
}

/// The first recipient block of a delivery-status part that has a status.
fn from_status_part(status: &str) -> Option<Failure> {
    let normalized = status.replace("\r\n", "\n");
    let blocks: Vec<&str> = normalized.split("\n\n").collect();
    let block = blocks.iter().find(|b| field(b, "Status").is_some() || field(b, "Final-Recipient").is_some())?;
    let recipient = field(block, "Final-Recipient").or_else(|| field(block, "Original-Recipient")).map(address_of);
    let status = field(block, "Status").and_then(|s| enhanced_codes(s).into_iter().next());
    let delayed = field(block, "Action").is_some_and(|a| a.eq_ignore_ascii_case("delayed"));
    Some(Failure { recipient, status, delayed })
}

fn is_report(message: &Message<'_>) -> bool {
    let root = message.content_type().is_some_and(|t| {
        t.ctype().eq_ignore_ascii_case("multipart")
            && t.subtype().is_some_and(|s| s.eq_ignore_ascii_case("report"))
            && t.attribute("report-type").is_some_and(|r| r.eq_ignore_ascii_case("delivery-status"))
    });
    root || !parts_of(message, "message", "delivery-status").is_empty()
}

fn from_daemon(message: &Message<'_>, from: Option<&str>, subject: &str) -> bool {
    let local = from.and_then(|f| f.split('@').next()).unwrap_or_default();
    let name = message.from().and_then(|a| a.first()).and_then(|a| a.name()).map(fold).unwrap_or_default();
    let subject = fold(subject);
    let daemon = matches!(local, "mailer-daemon" | "postmaster" | "mail-daemon" | "mailerdaemon")
        || name.contains("mail delivery")
        || name.contains("mailer-daemon");
    const SUBJECTS: [&str; 14] = [
        "undelivered mail",
        "undeliverable",
        "delivery status notification",
        "mail delivery failed",
        "returned mail",
        "failure notice",
        "delivery failure",
        "delivery has failed",
        "non remis",
        "echec de la remise",
        "message non delivre",
        "non distribuable",
        "delayed mail",
        "warning: could not send message",
    ];
    daemon || SUBJECTS.iter().any(|s| subject.contains(s))
}

/// A plain notice's text without the copy of our message it carries.
fn without_returned_message(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let header_like = |l: &str| {
        let Some((name, _)) = l.split_once(':') else { return false };
        let name = name.trim().to_ascii_lowercase();
        !name.is_empty()
            && !name.contains(' ')
            && matches!(
                name.as_str(),
                "return-path"
                    | "received"
                    | "message-id"
                    | "from"
                    | "to"
                    | "subject"
                    | "date"
                    | "mime-version"
                    | "content-type"
                    | "reply-to"
                    | "list-unsubscribe"
            )
    };
    let cut = lines.iter().enumerate().position(|(i, l)| {
        let folded = fold(l);
        let separator = folded.contains("copy of the message")
            || folded.contains("original message")
            || folded.contains("message d'origine")
            || folded.contains("message original")
            || folded.contains("copie du message")
            || folded.contains("returned message")
            || folded.contains("undelivered message");
        let headers = header_like(l) && lines[i + 1..].iter().take(3).any(|n| header_like(n));
        (separator && folded.len() < 100) || headers
    });
    lines[..cut.unwrap_or(lines.len())].join("\n").trim().to_string()
}

/// The Message-ID line of pasted headers.
fn pasted_id(text: &str) -> Option<String> {
    text.lines()
        .find(|l| l.trim_start().to_ascii_lowercase().starts_with("message-id:"))
        .and_then(|l| ids(Some(l)).into_iter().next())
}

pub(super) fn read(message: &Message<'_>, from: Option<&str>, subject: &str) -> Option<Read> {
    let report = is_report(message);
    if !report && !from_daemon(message, from, subject) {
        return None;
    }
    let whole = notices(message).join("\n");
    let notification = without_returned_message(&whole);
    let status_part = parts_of(message, "message", "delivery-status").into_iter().find_map(|s| from_status_part(&s));
    let folded = fold(&notification);
    let delayed_words =
        ["delayed", "still being retried", "will retry", "retard", "temporairement", "nouvelle tentative"]
            .iter()
            .any(|w| folded.contains(w));
    let notified_code = enhanced_codes(&notification).into_iter().find(|c| !c.starts_with('2'));
    let status = status_part
        .as_ref()
        .and_then(|f| f.status.clone())
        .or(notified_code)
        .or_else(|| basic_code(&notification).map(|c| format!("{c}.0.0")));
    // A notice that names no failure is not a bounce (a daemon's other messages).
    let status = match status {
        Some(s) => s,
        None if report => {
            if delayed_words {
                "4.0.0".into()
            } else {
                "5.0.0".into()
            }
        }
        None => return None,
    };
    let delayed = status_part.as_ref().is_some_and(|f| f.delayed) || (status.starts_with('4'));
    let failed_header =
        message.header_raw("X-Failed-Recipients").map(|v| v.split(',').next().unwrap_or(v).trim().to_lowercase());
    let recipient =
        status_part.and_then(|f| f.recipient).or(failed_header).or_else(|| named_recipient(&notification, from));
    let returned_id = nested(message)
        .into_iter()
        .find_map(|m| m.message_id().map(|id| format!("<{id}>")))
        .or_else(|| parts_of(message, "text", "rfc822-headers").iter().find_map(|h| pasted_id(h)))
        .or_else(|| pasted_id(&whole));
    Some(Read {
        bounce: BounceReport { hard: status.starts_with('5') && !delayed, recipient, status },
        returned_id,
        notification,
    })
}

/// The address a notice says failed: the first one it names that is not the daemon's nor ours.
fn named_recipient(notification: &str, from: Option<&str>) -> Option<String> {
    notification.lines().filter(|l| has_address(l)).find_map(|l| {
        l.split(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '(' | ')' | '[' | ']' | ',' | ';' | '"' | '\''))
            .map(|w| w.trim_start_matches("mailto:").trim_end_matches([':', '.']).to_lowercase())
            .find(|w| {
                w.split_once('@').is_some_and(|(l, d)| !l.is_empty() && d.contains('.'))
                    && Some(w.as_str()) != from
                    && !w.ends_with("prospecta.fr")
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_codes_are_read_from_their_words() {
        assert_eq!(enhanced_codes("said: 550 5.1.1 <x@y.fr>: host [198.51.100.17]"), vec!["5.1.1"]);
        assert_eq!(basic_code("SMTP error from remote: 550 No Such User Here"), Some('5'));
        let dsn = "Reporting-MTA: dns; x\n\nFinal-Recipient: rfc822; Contact@Cave.fr\nAction: failed\nStatus: 5.0.0\n";
        let failure = from_status_part(dsn).unwrap();
        assert_eq!((failure.recipient.as_deref(), failure.status.as_deref()), (Some("contact@cave.fr"), Some("5.0.0")));
    }
}
