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

#[test]
fn other_shapes_of_bounces_and_auto_replies() {
    use super::MailKind;
    // qmail: a plain notice, the copy of our message pasted under it.
    let qmail = "From: MAILER-DAEMON@mx.garage-leroy.fr\nTo: bounces@mail.prospecta.fr\nSubject: failure notice\n\n\
                 Hi. This is the qmail-send program at mx.garage-leroy.fr.\nI'm afraid I wasn't able to deliver your \
                 message to the following addresses.\n\n<contact@garage-leroy.fr>:\n550 5.1.1 mailbox unavailable\n\n\
                 --- Below this line is a copy of the message.\n\nReturn-Path: <bounces@mail.prospecta.fr>\n\
                 Message-ID: <c9.a77@mail.prospecta.fr>\nSubject: Une question pour le Garage Leroy\n\nBonjour,\n";
    let mail = parse(qmail.as_bytes()).expect("read");
    assert_eq!(mail.kind, MailKind::Bounce);
    let bounce = mail.bounce.expect("bounce");
    assert_eq!((bounce.hard, bounce.status.as_str()), (true, "5.1.1"));
    assert_eq!(bounce.recipient.as_deref(), Some("contact@garage-leroy.fr"));
    assert_eq!(mail.in_reply_to.as_deref(), Some("<c9.a77@mail.prospecta.fr>"));
    assert!(!mail.new_text.contains("Une question pour"), "{}", mail.new_text);
    // A full mailbox: transient, suppresses nothing.
    let full = "From: Mail Delivery System <postmaster@x.fr>\nSubject: Undelivered Mail\n\n\
                <compta@x.fr>: 452 4.2.2 Mailbox full\n";
    let bounce = parse(full.as_bytes()).expect("read").bounce.expect("bounce");
    assert_eq!((bounce.hard, bounce.status.as_str()), (false, "4.2.2"));
    // An out-of-office without any header: its subject and its wording.
    let away =
        "From: contact@fleurs.fr\nSubject: Absence du bureau\n\nBonjour, je suis absente jusqu'au 15 novembre.\n";
    assert_eq!(parse(away.as_bytes()).expect("read").kind, MailKind::AutoReply);
    // A person who mentions an absence in a reply is still a person.
    let person = "From: contact@fleurs.fr\nSubject: Re: Une question pour Fleurs\n\n\
                  Je serai absente la semaine prochaine, rappelez-moi le 20.\n";
    assert_eq!(parse(person.as_bytes()).expect("read").kind, MailKind::Reply);
    // A postmaster's message that names no failure is not a bounce.
    let note = "From: postmaster@x.fr\nSubject: Re: votre question\n\nBonjour, c'est bien moi qui gère le site.\n";
    assert_eq!(parse(note.as_bytes()).expect("read").kind, MailKind::Reply);
}
