//! An HTML body read as text: blocks on their own lines, `<blockquote>` lines prefixed with
//! `> ` like a plain-text quote, the history blocks webmails mark (Gmail, Outlook, Yahoo…)
//! announced by [`HISTORY`], a signature block by `-- `; markup, styles and scripts dropped,
//! entities decoded.

use ego_tree::NodeRef;
use scraper::{Html, Node};

/// A line that says "what follows is the quoted history" (never written by people).
pub(super) const HISTORY: &str = "\u{2063}-----history-----";

/// Elements whose start is the quoted history, by class or id.
const HISTORY_MARKS: [&str; 8] = [
    "gmail_quote",
    "yahoo_quoted",
    "divrplyfwdmsg",
    "olk_src_body_section",
    "outlookmessageheader",
    "moz-forward-container",
    "zmail_extra",
    "appendonsend",
];

const BLOCKS: [&str; 24] = [
    "p", "div", "br", "li", "ul", "ol", "tr", "table", "tbody", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "section",
    "article", "header", "footer", "center", "address", "dl", "dt",
];

struct Writer {
    out: String,
}

impl Writer {
    fn newline(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
    }

    fn text(&mut self, text: &str, pre: bool) {
        if pre {
            self.out.push_str(text);
            return;
        }
        for (i, word) in text.split(|c: char| c.is_whitespace() && c != '\u{a0}').enumerate() {
            if i > 0 && !self.out.ends_with([' ', '\n']) && !self.out.is_empty() {
                self.out.push(' ');
            }
            self.out.push_str(word);
        }
    }
}

fn marks_history(element: &scraper::node::Element) -> bool {
    let id = element.id().unwrap_or_default().to_ascii_lowercase();
    let classes: Vec<String> = element.classes().map(|c| c.to_ascii_lowercase()).collect();
    HISTORY_MARKS.iter().any(|m| id.contains(m) || classes.iter().any(|c| c.contains(m)))
        || (element.name() == "blockquote" && element.attr("type").is_some_and(|t| t.eq_ignore_ascii_case("cite")))
}

/// The text of a node and its descendants.
fn text_of(node: NodeRef<'_, Node>) -> String {
    node.descendants().filter_map(|n| if let Node::Text(t) = n.value() { Some(t.to_string()) } else { None }).collect()
}

/// A block that turns into the history at its `<hr>` (Zimbra, some webmails): a header block
/// (`From:`, `De :`) right after the rule.
fn turns_into_history(node: NodeRef<'_, Node>) -> bool {
    let mut after = String::new();
    let mut seen_rule = false;
    for child in node.children() {
        match child.value() {
            Node::Element(e) if e.name() == "hr" => seen_rule = true,
            _ if seen_rule => {
                after.push_str(&text_of(child));
                if after.trim().len() > 12 {
                    break;
                }
            }
            _ => {}
        }
    }
    let folded = super::text::fold(&after);
    seen_rule && ["from:", "from :", "de :", "de:", "von:", "fra:", "da:"].iter().any(|h| folded.starts_with(h))
}

fn walk(node: NodeRef<'_, Node>, w: &mut Writer, pre: bool) {
    match node.value() {
        Node::Text(text) => w.text(text, pre),
        Node::Element(element) => {
            let name = element.name();
            if matches!(name, "head" | "style" | "script" | "title" | "template" | "noscript") {
                return;
            }
            let classes: Vec<String> = element.classes().map(|c| c.to_ascii_lowercase()).collect();
            if marks_history(element) || (name == "div" && turns_into_history(node)) {
                w.newline();
                w.out.push_str(HISTORY);
                w.out.push('\n');
            }
            if classes.iter().any(|c| c.contains("signature")) && !classes.iter().any(|c| c.contains("quote")) {
                w.newline();
                w.out.push_str("-- \n");
            }
            match name {
                "br" => {
                    w.out.push('\n');
                    return;
                }
                "hr" => {
                    w.newline();
                    w.out.push_str("________________________________\n");
                    return;
                }
                "blockquote" => {
                    let mut inner = Writer { out: String::new() };
                    for child in node.children() {
                        walk(child, &mut inner, pre);
                    }
                    w.newline();
                    for line in inner.out.trim_matches('\n').lines() {
                        w.out.push_str("> ");
                        w.out.push_str(line);
                        w.out.push('\n');
                    }
                    return;
                }
                "td" | "th" if !w.out.ends_with(['\n', ' ']) && !w.out.is_empty() => w.out.push(' '),
                _ => {}
            }
            let block = BLOCKS.contains(&name);
            if block {
                w.newline();
            }
            for child in node.children() {
                walk(child, w, pre || name == "pre");
            }
            if block {
                w.newline();
                if name == "p" {
                    w.out.push('\n');
                }
            }
        }
        Node::Document | Node::Fragment => {
            for child in node.children() {
                walk(child, w, pre);
            }
        }
        _ => {}
    }
}

pub(super) fn to_text(html: &str) -> String {
    let document = Html::parse_document(html);
    let mut writer = Writer { out: String::new() };
    walk(document.tree.root(), &mut writer, false);
    // Lines made only of spaces (from `&nbsp;` paragraphs) are blank.
    writer
        .out
        .lines()
        .map(
            |l| if l.trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}').is_empty() { "" } else { l.trim_end() },
        )
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_reads_as_text_with_its_quotes_marked() {
        let text = to_text(
            "<html><head><style>p{}</style></head><body><div>Bonjour,</div><div>Oui&nbsp;!<br>Merci</div>\
             <div class=\"gmail_quote\"><div>Le lun., X a écrit :</div><blockquote>Notre offre</blockquote></div></body></html>",
        );
        assert_eq!(text, format!("Bonjour,\nOui\u{a0}!\nMerci\n{HISTORY}\nLe lun., X a écrit :\n> Notre offre"));
    }
}
