//! The text a message carries: its plain part when it has one, else its HTML part read as
//! text. Attachments and returned messages are not text.

use super::html;
use mail_parser::{Message, MessagePart, MimeHeaders, PartType};

fn is(part: &MessagePart<'_>, ctype: &str, subtype: &str) -> bool {
    part.content_type().is_some_and(|t| {
        t.ctype().eq_ignore_ascii_case(ctype) && t.subtype().is_some_and(|s| s.eq_ignore_ascii_case(subtype))
    }) || (part.content_type().is_none() && ctype == "text" && subtype == "plain")
}

fn is_attachment(part: &MessagePart<'_>) -> bool {
    part.content_disposition().is_some_and(|d| d.is_attachment())
}

/// `format=flowed` (RFC 3676): a line ending in a space goes on with the next one at the same
/// quote depth; `DelSp=yes` drops that space.
fn unflow(text: &str, delsp: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut open: Option<usize> = None;
    for line in text.lines() {
        let depth = line.chars().take_while(|c| *c == '>').count();
        let mut content = &line[depth..];
        // Space-stuffing: one leading space added by the sender.
        if content.starts_with(' ') {
            content = &content[1..];
        }
        match open {
            Some(d) if d == depth => {}
            Some(_) => out.push('\n'),
            None => {}
        }
        if open.is_none_or(|d| d != depth) {
            out.push_str(&">".repeat(depth));
            if depth > 0 {
                out.push(' ');
            }
        }
        let soft = content.ends_with(' ') && content.trim() != "--";
        if soft {
            out.push_str(if delsp { &content[..content.len() - 1] } else { content });
            open = Some(depth);
        } else {
            out.push_str(content);
            out.push('\n');
            open = None;
        }
    }
    out
}

fn plain(part: &MessagePart<'_>) -> Option<String> {
    let text = match &part.body {
        PartType::Text(t) => t.as_ref(),
        _ => return None,
    };
    let flowed =
        part.content_type().and_then(|t| t.attribute("format")).is_some_and(|f| f.eq_ignore_ascii_case("flowed"));
    if flowed {
        let delsp =
            part.content_type().and_then(|t| t.attribute("delsp")).is_some_and(|d| d.eq_ignore_ascii_case("yes"));
        Some(unflow(text, delsp))
    } else {
        Some(text.to_string())
    }
}

/// The message's own text parts (those of nested messages excluded), plain first.
pub(super) fn text(message: &Message<'_>) -> String {
    let parts = |ids: &[u32]| -> Vec<&MessagePart<'_>> { ids.iter().filter_map(|id| message.part(*id)).collect() };
    let plains: Vec<String> = parts(&message.text_body)
        .into_iter()
        .filter(|p| is(p, "text", "plain") && !is_attachment(p))
        .filter_map(plain)
        .filter(|t| !t.trim().is_empty())
        .collect();
    if !plains.is_empty() {
        return plains.join("\n");
    }
    parts(&message.html_body)
        .into_iter()
        .filter_map(|p| match &p.body {
            PartType::Html(h) => Some(html::to_text(h)),
            PartType::Text(t) => Some(t.to_string()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every text part of the message itself, plain or HTML, as text: what a delivery notice says
/// (its returned message is a nested message, not one of these).
pub(super) fn notices(message: &Message<'_>) -> Vec<String> {
    message
        .parts
        .iter()
        .filter_map(|p| match &p.body {
            PartType::Text(t) if is(p, "text", "plain") => Some(plain(p).unwrap_or_else(|| t.to_string())),
            PartType::Html(h) => Some(html::to_text(h)),
            _ => None,
        })
        .collect()
}

/// Parts of the message by type (`message/delivery-status`, `text/rfc822-headers`…), as text.
pub(super) fn parts_of<'a>(message: &'a Message<'a>, ctype: &str, subtype: &str) -> Vec<String> {
    message
        .parts
        .iter()
        .filter(|p| is(p, ctype, subtype))
        .map(|p| String::from_utf8_lossy(p.contents()).into_owned())
        .collect()
}

/// The nested messages (`message/rfc822`).
pub(super) fn nested<'a>(message: &'a Message<'a>) -> Vec<&'a Message<'a>> {
    message.parts.iter().filter_map(|p| p.message()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flowed_lines_are_joined() {
        assert_eq!(
            unflow("Oui je suis \nint\u{e9}ress\u{e9}.\n-- \nYves\n", false),
            "Oui je suis int\u{e9}ress\u{e9}.\n-- \nYves\n"
        );
        assert_eq!(unflow("> a \n> b\nc\n", false), "> a b\nc\n");
    }
}
