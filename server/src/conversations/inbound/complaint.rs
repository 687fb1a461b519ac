//! Feedback-loop reports (ARF, RFC 5965): a mailbox provider tells us that its user marked one
//! of our messages as unwanted. Read from the `message/feedback-report` part (or a
//! `multipart/report; report-type=feedback-report`), with the complaining recipient from
//! `Original-Rcpt-To`, else the `To` of the returned message, and which of our messages it was.
//! Providers often redact the recipient: the returned Message-ID then names it.

use super::body::{nested, parts_of};
use super::bounce::field;
use super::ids;
use mail_parser::{Message, MimeHeaders};

/// A complaint about one of our messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Complaint {
    /// `abuse`, `fraud`, `not-spam`…, lower-case (`abuse` when the report says nothing).
    pub feedback_type: String,
    /// The address that complained, lower-case, when the report shows it.
    pub recipient: Option<String>,
    /// Our message it is about.
    pub returned_id: Option<String>,
}

impl Complaint {
    /// "Not spam" reports withdraw nothing and ask nothing: only the others are complaints.
    pub fn is_objection(&self) -> bool {
        self.feedback_type != "not-spam"
    }
}

fn is_feedback_report(message: &Message<'_>) -> bool {
    message.content_type().is_some_and(|t| {
        t.ctype().eq_ignore_ascii_case("multipart")
            && t.subtype().is_some_and(|s| s.eq_ignore_ascii_case("report"))
            && t.attribute("report-type").is_some_and(|r| r.eq_ignore_ascii_case("feedback-report"))
    })
}

fn address(value: &str) -> Option<String> {
    let value = value.rsplit(';').next().unwrap_or(value);
    let inner = match (value.find('<'), value.rfind('>')) {
        (Some(open), Some(close)) if open < close => &value[open + 1..close],
        _ => value,
    };
    let address = inner.trim().to_lowercase();
    // Redacted recipients ("redacted@…", "xxxxx") name nobody.
    let (local, domain) = address.split_once('@')?;
    (!local.is_empty() && domain.contains('.') && !local.contains("redacted") && !local.chars().all(|c| c == 'x'))
        .then_some(address)
}

pub(super) fn read(message: &Message<'_>) -> Option<Complaint> {
    let report = parts_of(message, "message", "feedback-report").into_iter().next();
    if report.is_none() && !is_feedback_report(message) {
        return None;
    }
    let report = report.unwrap_or_default().replace("\r\n", "\n");
    let returned = nested(message);
    let returned_to =
        returned.iter().find_map(|m| m.to().and_then(|a| a.first()).and_then(|a| a.address()).and_then(address));
    let headers = parts_of(message, "text", "rfc822-headers");
    let pasted_to = headers.iter().find_map(|h| field(h, "To").and_then(address));
    let recipient = field(&report, "Original-Rcpt-To").and_then(address).or(returned_to).or(pasted_to);
    let returned_id = returned
        .iter()
        .find_map(|m| m.message_id().map(|id| format!("<{id}>")))
        .or_else(|| headers.iter().find_map(|h| ids(field(h, "Message-ID")).into_iter().next()));
    let feedback_type = field(&report, "Feedback-Type").unwrap_or("abuse").to_ascii_lowercase();
    Some(Complaint { feedback_type, recipient, returned_id })
}

#[cfg(test)]
mod tests {
    use super::super::parse;

    fn arf(report: &str, original: &str) -> String {
        format!(
            "From: staff@hotmail.com\r\nTo: fbl@atelier-martin.fr\r\nSubject: complaint about message from 192.0.2.1\r\n\
             Message-ID: <fbl-1@hotmail.com>\r\nMIME-Version: 1.0\r\n\
             Content-Type: multipart/report; report-type=feedback-report; boundary=\"b\"\r\n\r\n\
             --b\r\nContent-Type: text/plain\r\n\r\nThis is an email abuse report.\r\n\
             --b\r\nContent-Type: message/feedback-report\r\n\r\n{report}\r\n\
             --b\r\nContent-Type: message/rfc822\r\n\r\n{original}\r\n--b--\r\n"
        )
    }

    const ORIGINAL: &str = "From: Camille <camille@atelier-martin.fr>\r\nTo: <Contact@Ets-Perrin.fr>\r\n\
        Subject: Votre entretien\r\nMessage-ID: <c4.s1.r1@mail.prospecta.fr>\r\n\r\nBonjour\r\n";

    #[test]
    fn a_spam_complaint_names_its_recipient_and_our_message() {
        let raw = arf("Feedback-Type: abuse\r\nUser-Agent: Hotmail FBL\r\nVersion: 1", ORIGINAL);
        let mail = parse(raw.as_bytes()).unwrap();
        let complaint = mail.complaint.expect("a complaint");
        assert_eq!(complaint.recipient.as_deref(), Some("contact@ets-perrin.fr"));
        assert_eq!(complaint.returned_id.as_deref(), Some("<c4.s1.r1@mail.prospecta.fr>"));
        assert!(complaint.is_objection());
        assert_eq!(mail.in_reply_to.as_deref(), Some("<c4.s1.r1@mail.prospecta.fr>"));
        assert!(mail.bounce.is_none() && !mail.opt_out);
    }

    #[test]
    fn the_reported_recipient_wins_and_redacted_ones_name_nobody() {
        let raw = arf("Feedback-Type: abuse\r\nOriginal-Rcpt-To: <direction@ets-perrin.fr>\r\nVersion: 1", ORIGINAL);
        assert_eq!(
            parse(raw.as_bytes()).unwrap().complaint.unwrap().recipient.as_deref(),
            Some("direction@ets-perrin.fr")
        );
        let redacted = ORIGINAL.replace("<Contact@Ets-Perrin.fr>", "redacted@ets-perrin.fr");
        let raw = arf("Feedback-Type: abuse\r\nVersion: 1", &redacted);
        let complaint = parse(raw.as_bytes()).unwrap().complaint.unwrap();
        assert_eq!(complaint.recipient, None);
        assert_eq!(complaint.returned_id.as_deref(), Some("<c4.s1.r1@mail.prospecta.fr>"), "our id still names it");
    }

    #[test]
    fn a_not_spam_report_is_no_objection_and_a_delivery_report_no_complaint() {
        let raw = arf("Feedback-Type: not-spam\r\nVersion: 1", ORIGINAL);
        assert!(!parse(raw.as_bytes()).unwrap().complaint.unwrap().is_objection());
        let reply = "From: contact@ets-perrin.fr\r\nSubject: Re: Votre entretien\r\n\r\nMerci, pas intéressé.\r\n";
        assert_eq!(parse(reply.as_bytes()).unwrap().complaint, None);
    }
}
