//! Every case of `../shared/fixtures/mail/` (ours) and `../shared/fixtures/peer-mail/` (other
//! projects' test messages), read in place and compared with its `expected.json` as their
//! README says: kind, from, in_reply_to, references, bounce and opt_out equal; every
//! `new_text_contains` phrase in the new text and no `new_text_excludes` one.

use super::{InboundMail, parse};
use serde_json::{Value, json};
use std::path::PathBuf;
use unicode_normalization::UnicodeNormalization;

fn fixtures(set: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/fixtures").join(set)
}

fn phrase(text: &str) -> String {
    let lower: String = text.nfc().collect::<String>().to_lowercase().replace('’', "'");
    lower
        .split(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{202f}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// What is wrong with `mail` against `expected`, if anything.
fn faults(mail: &InboundMail, expected: &Value) -> Vec<String> {
    let got = serde_json::to_value(mail).expect("serialise");
    let mut faults = Vec::new();
    for key in ["kind", "from", "in_reply_to", "references", "bounce", "opt_out"] {
        if got[key] != expected[key] {
            faults.push(format!("{key}: got {} expected {}", got[key], expected[key]));
        }
    }
    let text = phrase(&mail.new_text);
    for p in expected["new_text_contains"].as_array().into_iter().flatten().filter_map(Value::as_str) {
        if !text.contains(&phrase(p)) {
            faults.push(format!("new_text lacks « {p} »"));
        }
    }
    for p in expected["new_text_excludes"].as_array().into_iter().flatten().filter_map(Value::as_str) {
        if text.contains(&phrase(p)) {
            faults.push(format!("new_text holds « {p} »"));
        }
    }
    if !faults.is_empty() {
        faults.push(format!("new_text was: {}", json!(mail.new_text)));
    }
    faults
}

/// (cases, failures with their faults)
fn run(set: &str) -> (usize, Vec<(String, Vec<String>)>) {
    let dir = fixtures(set);
    let expected: serde_json::Map<String, Value> =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).expect("expected.json"))
            .expect("json");
    let mut failures = Vec::new();
    for (name, want) in &expected {
        let raw = std::fs::read(dir.join(format!("{name}.eml"))).expect("case");
        let faults = match parse(&raw) {
            Ok(mail) => faults(&mail, want),
            Err(e) => vec![format!("unreadable: {e}")],
        };
        if !faults.is_empty() {
            failures.push((name.clone(), faults));
        }
    }
    (expected.len(), failures)
}

fn report(set: &str, failures: &[(String, Vec<String>)]) -> String {
    failures.iter().map(|(n, f)| format!("{set}/{n}:\n  {}", f.join("\n  "))).collect::<Vec<_>>().join("\n")
}

#[test]
fn every_case_of_ours_is_read_right() {
    let (cases, failures) = run("mail");
    assert_eq!(cases, 26);
    assert!(failures.is_empty(), "{} of {cases} wrong:\n{}", failures.len(), report("mail", &failures));
}

#[test]
fn other_projects_cases_are_read_right() {
    let (cases, failures) = run("peer-mail");
    assert_eq!(cases, 60);
    assert!(failures.is_empty(), "{} of {cases} wrong:\n{}", failures.len(), report("peer-mail", &failures));
}

#[test]
fn what_is_not_a_message_is_refused() {
    assert!(parse(b"").is_err());
    assert!(parse(&[0xff, 0xfe, 0x00, 0x01]).is_err());
}

#[test]
fn bad_input_gives_what_can_be_read_never_a_panic() {
    // A 30 MB attachment: not text, not in the new text.
    let attachment = "QUJD".repeat(30 * 1024 * 1024 / 4);
    let big = format!(
        "From: a@b.fr\r\nSubject: Re: devis\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n\
         --b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nVoici le plan.\r\n--b\r\nContent-Type: application/pdf\r\n\
         Content-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=plan.pdf\r\n\r\n{attachment}\r\n--b--\r\n"
    );
    let mail = parse(big.as_bytes()).expect("read");
    assert_eq!(mail.new_text, "Voici le plan.");
    // An unknown charset, a truncated multipart, a header without a body, raw 8-bit bytes.
    for raw in [
        &b"From: a@b.fr\nContent-Type: text/plain; charset=x-inconnu\n\nBonjour, oui.\n"[..],
        b"From: a@b.fr\nContent-Type: multipart/alternative; boundary=zz\n\n--zz\nContent-Type: text/plain\n\nOui",
        b"From: a@b.fr\nSubject: vide",
        b"From: a@b.fr\nSubject: \xe9t\xe9\n\nD'accord pour l'\xe9t\xe9.\n",
    ] {
        let mail = parse(raw).expect("read");
        assert_eq!(mail.kind, super::MailKind::Reply, "{raw:?}");
    }
    // HTML only: read as text, without its markup.
    let html = parse(
        b"From: a@b.fr\nContent-Type: text/html\n\n<p>Oui <b>mardi</b> &agrave; 10&nbsp;h</p><script>x()</script>",
    )
    .expect("read");
    assert_eq!(html.new_text, "Oui mardi à 10\u{a0}h");
}
