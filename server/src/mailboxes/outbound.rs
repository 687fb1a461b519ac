//! The bytes of a message we send: threading headers so replies come back to their
//! conversation, and the one-click unsubscription of RFC 8058 beside the notice in the text.

use mail_send::mail_builder::MessageBuilder;
use mail_send::mail_builder::headers::raw::Raw;

/// One message to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outbound {
    pub to: String,
    pub subject: String,
    /// The whole text, legal notice included.
    pub text: String,
    /// Without angle brackets (`c12.a34@mail.prospecta.fr`).
    pub message_id: String,
    pub in_reply_to: Option<String>,
    pub references: Vec<String>,
    /// The https address that records the objection on a POST (RFC 8058).
    pub unsubscribe_url: String,
    /// The campaign the message belongs to: its replies go to the campaign's own address when
    /// the mailbox's provider delivers tagged addresses (see `ReplyAddressing`).
    pub campaign: Option<prospecta_shared::ids::CampaignId>,
}

/// The message as sent: From the mailbox, Reply-To the campaign's address when there is one,
/// our Message-ID, threading headers when it answers, `List-Unsubscribe` with
/// `List-Unsubscribe-Post: List-Unsubscribe=One-Click`, plain text.
pub fn compose(from_name: &str, from_address: &str, reply_to: Option<&str>, message: &Outbound) -> Vec<u8> {
    // Ids read from received mail keep their angle brackets; the builder adds its own.
    let bare = |id: &str| id.trim().trim_start_matches('<').trim_end_matches('>').to_string();
    let mut builder = MessageBuilder::new()
        .from((from_name, from_address))
        .to(message.to.as_str())
        .subject(message.subject.as_str())
        .message_id(bare(&message.message_id))
        .text_body(message.text.as_str());
    // A message to oneself (the test of reply addresses) has nobody to unsubscribe.
    if !message.unsubscribe_url.is_empty() {
        builder = builder
            .header("List-Unsubscribe", Raw::new(format!("<{}>", message.unsubscribe_url)))
            .header("List-Unsubscribe-Post", Raw::new("List-Unsubscribe=One-Click"));
    }
    if let Some(reply_to) = reply_to {
        builder = builder.reply_to((from_name, reply_to));
    }
    if let Some(parent) = &message.in_reply_to {
        builder = builder.in_reply_to(bare(parent));
    }
    if !message.references.is_empty() {
        builder = builder.references(message.references.iter().map(|id| bare(id)).collect::<Vec<_>>());
    }
    builder.write_to_vec().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threading_and_unsubscription_headers_are_written() {
        let message = Outbound {
            to: "contact@ets-perrin.fr".into(),
            subject: "Votre atelier".into(),
            text: "Bonjour,\n\nÀ bientôt.".into(),
            message_id: "c12.a34@mail.prospecta.fr".into(),
            in_reply_to: Some("<CAF1@mail.gmail.com>".into()),
            references: vec!["c12.a30@mail.prospecta.fr".into(), "CAF1@mail.gmail.com".into()],
            unsubscribe_url: "https://app.prospecta.fr/opposition/un-clic?jeton=abc".into(),
            campaign: Some(prospecta_shared::ids::CampaignId(3)),
        };
        let raw =
            String::from_utf8(compose("Camille Martin", "camille@atelier.fr", Some("camille+c3@atelier.fr"), &message))
                .unwrap();
        let parsed = mail_parser::MessageParser::default().parse(raw.as_bytes()).unwrap();
        assert_eq!(parsed.message_id(), Some("c12.a34@mail.prospecta.fr"));
        assert_eq!(parsed.in_reply_to().as_text(), Some("CAF1@mail.gmail.com"));
        assert_eq!(
            parsed.references().as_text_list().unwrap_or_default(),
            vec!["c12.a30@mail.prospecta.fr", "CAF1@mail.gmail.com"]
        );
        assert!(raw.contains("List-Unsubscribe: <https://app.prospecta.fr/opposition/un-clic?jeton=abc>"), "{raw}");
        assert!(raw.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"), "{raw}");
        assert_eq!(parsed.from().and_then(|a| a.first()).and_then(|a| a.address()), Some("camille@atelier.fr"));
        assert_eq!(parsed.reply_to().and_then(|a| a.first()).and_then(|a| a.address()), Some("camille+c3@atelier.fr"));
        let untagged = compose("Camille Martin", "camille@atelier.fr", None, &message);
        let untagged = mail_parser::MessageParser::default().parse(&untagged).unwrap();
        assert!(untagged.reply_to().is_none(), "no campaign address without one");
        assert_eq!(parsed.body_text(0).map(|t| t.replace("\r\n", "\n")).as_deref(), Some("Bonjour,\n\nÀ bientôt."));
    }
}
