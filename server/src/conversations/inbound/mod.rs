//! The inbound mail parser (`prospecta mail parse`): one raw message in, one [`InboundMail`]
//! out. Pure: no I/O, no model; a malformed message gives what can be read of it, never a panic.
//!
//! - [`body`]: the text the sender wrote, from the plain part or the HTML one ([`html`]);
//! - [`history`]: the new text, without the quoted history, signatures, footers and our lines;
//! - [`bounce`]: delivery reports (DSN or plain-text notices) and their failed recipient;
//! - [`auto_reply`]: out-of-office notices and acknowledgements, by their headers or wording;
//! - [`complaint`]: feedback-loop reports (ARF) of a recipient who marked our message as spam;
//! - [`opt_out`]: an explicit request never to be contacted again, decided from the new text.

mod auto_reply;
mod body;
mod bounce;
mod complaint;
mod history;
mod html;
mod opt_out;
mod text;

use super::MESSAGE_ID_DOMAIN;
pub use complaint::Complaint;
use mail_parser::{Message, MessageParser};
use serde::Serialize;

/// What a message is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, sea_orm::EnumIter, sea_orm::DeriveActiveEnum)]
#[serde(rename_all = "snake_case")]
#[sea_orm(rs_type = "String", db_type = "Text")]
pub enum MailKind {
    /// A person wrote it, whatever it says.
    #[sea_orm(string_value = "reply")]
    Reply,
    /// A machine answered our message (out of office, ticket acknowledgement).
    #[sea_orm(string_value = "auto_reply")]
    AutoReply,
    /// A delivery report about our message.
    #[sea_orm(string_value = "bounce")]
    Bounce,
}

/// A delivery failure: permanent (`hard`, status 5.x.x) or transient.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BounceReport {
    pub hard: bool,
    /// The address that failed, lower-case.
    pub recipient: Option<String>,
    /// The enhanced status code `X.Y.Z`.
    pub status: String,
}

/// One inbound message, read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InboundMail {
    pub kind: MailKind,
    /// The `From` address, lower-case.
    pub from: Option<String>,
    /// The Message-ID of our message this one answers (or, for a bounce, of our returned one).
    pub in_reply_to: Option<String>,
    /// Every id of `References`, in order.
    pub references: Vec<String>,
    pub subject: String,
    /// What the sender wrote in this message, as plain text.
    pub new_text: String,
    pub bounce: Option<BounceReport>,
    /// The sender asks never to be contacted again (replies only).
    pub opt_out: bool,
    /// A feedback-loop report: the recipient marked our message as spam. Read as an
    /// `auto_reply` (a machine's report on our message), not printed by `mail parse`.
    #[serde(skip)]
    pub complaint: Option<Complaint>,
    /// This message's own Message-ID (not printed: a delivery's identity, for storage).
    #[serde(skip)]
    pub message_id: Option<String>,
    /// The campaign whose own reply address (`camille+c12@…`) the message was sent to, if any
    /// (not printed: where it was delivered, for filing).
    #[serde(skip)]
    pub campaign: Option<prospecta_shared::ids::CampaignId>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InboundError {
    #[error("ce fichier n'est pas un message électronique (aucun en-tête lisible)")]
    NotAMessage,
}

/// The `<id>`s of a header's raw value, in order.
fn ids(raw: Option<&str>) -> Vec<String> {
    let Some(raw) = raw else { return Vec::new() };
    let mut out = Vec::new();
    let mut rest = raw;
    while let Some(open) = rest.find('<') {
        let Some(close) = rest[open..].find('>') else { break };
        let id: String = rest[open..open + close + 1].chars().filter(|c| !c.is_whitespace()).collect();
        if id.len() > 2 && id.contains('@') {
            out.push(id);
        }
        rest = &rest[open + close + 1..];
    }
    out
}

pub fn is_ours(id: &str) -> bool {
    id.trim_end_matches('>').to_ascii_lowercase().ends_with(&format!("@{MESSAGE_ID_DOMAIN}"))
}

/// Our message a reply answers: its `In-Reply-To` when ours, else the last of ours in
/// `References`.
fn answered(message: &Message<'_>, references: &[String]) -> Option<String> {
    ids(message.header_raw("In-Reply-To"))
        .into_iter()
        .find(|id| is_ours(id))
        .or_else(|| references.iter().rev().find(|id| is_ours(id)).cloned())
}

/// The campaign a recipient's tagged address names: in `To` or `Cc` as written, or in the
/// headers a delivering server adds (`Delivered-To`, `X-Original-To`) when the message came as
/// a blind copy or through a forward.
fn campaign_named(message: &Message<'_>) -> Option<prospecta_shared::ids::CampaignId> {
    use prospecta_shared::mailboxes::campaign_of_reply_address;
    let listed = [message.to(), message.cc()]
        .into_iter()
        .flatten()
        .flat_map(|list| list.iter())
        .filter_map(|a| a.address().map(str::to_string));
    let delivered = ["Delivered-To", "X-Original-To"]
        .into_iter()
        .flat_map(|h| message.header_values(h))
        .filter_map(|v| v.as_text().map(|t| t.trim().trim_start_matches('<').trim_end_matches('>').to_string()));
    listed.chain(delivered).find_map(|a| campaign_of_reply_address(&a))
}

fn from_address(message: &Message<'_>) -> Option<String> {
    message.from().and_then(|a| a.first()).and_then(|a| a.address()).map(|a| a.trim().to_lowercase())
}

/// Reads one raw message.
pub fn parse(raw: &[u8]) -> Result<InboundMail, InboundError> {
    let message = MessageParser::default().parse(raw).ok_or(InboundError::NotAMessage)?;
    let known = ["From", "To", "Subject", "Date", "Message-ID", "Received", "Return-Path", "Content-Type"];
    if !known.iter().any(|h| message.header_raw(*h).is_some()) {
        return Err(InboundError::NotAMessage);
    }
    let from = from_address(&message);
    let subject = message.subject().unwrap_or_default().trim().to_string();
    let references = ids(message.header_raw("References"));
    let message_id = ids(message.header_raw("Message-ID")).into_iter().next();
    let campaign = campaign_named(&message);
    // Before delivery reports: some feedback loops write from a postmaster address.
    if let Some(complaint) = complaint::read(&message) {
        return Ok(InboundMail {
            kind: MailKind::AutoReply,
            from,
            in_reply_to: complaint.returned_id.clone(),
            references,
            subject,
            new_text: body::notices(&message).into_iter().next().unwrap_or_default().trim().to_string(),
            bounce: None,
            opt_out: false,
            message_id,
            complaint: Some(complaint),
            campaign,
        });
    }
    if let Some(report) = bounce::read(&message, from.as_deref(), &subject) {
        return Ok(InboundMail {
            kind: MailKind::Bounce,
            from,
            in_reply_to: report.returned_id,
            references,
            subject,
            new_text: report.notification,
            bounce: Some(report.bounce),
            opt_out: false,
            message_id,
            complaint: None,
            campaign,
        });
    }
    let body = body::text(&message);
    let in_reply_to = answered(&message, &references);
    if auto_reply::is_auto_reply(&message, &subject, &body) {
        return Ok(InboundMail {
            kind: MailKind::AutoReply,
            from,
            in_reply_to,
            references,
            subject,
            new_text: history::without_quotes(&body),
            bounce: None,
            opt_out: false,
            message_id,
            complaint: None,
            campaign,
        });
    }
    let sender: Vec<String> = message
        .from()
        .and_then(|a| a.first())
        .and_then(|a| a.name())
        .map(|n| text::fold(n).split(' ').map(str::to_string).collect())
        .unwrap_or_default();
    let new_text = history::new_text(&body, &sender);
    let opt_out = opt_out::asks_to_stop(&new_text);
    Ok(InboundMail {
        kind: MailKind::Reply,
        from,
        in_reply_to,
        references,
        subject,
        new_text,
        bounce: None,
        opt_out,
        message_id,
        complaint: None,
        campaign,
    })
}

#[cfg(test)]
mod fixtures;
