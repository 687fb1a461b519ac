//! `prospecta mail parse FILE.eml` as operators run it: no database, no configuration, one JSON
//! object per message (every case of the fixtures is compared in the parser's own tests).

use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output};

fn case(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/fixtures/mail").join(format!("{name}.eml"))
}

fn parse(file: &std::path::Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_prospecta"))
        .args(["mail", "parse"])
        .arg(file)
        .env("DATABASE_URL", "postgres://nobody@127.0.0.1:1/nowhere")
        .output()
        .expect("run prospecta")
}

fn json(output: &Output) -> Value {
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let text = String::from_utf8(output.stdout.clone()).expect("utf-8");
    assert_eq!(text.trim().lines().count(), 1, "one JSON object on one line: {text}");
    serde_json::from_str(&text).expect("json")
}

#[test]
fn a_reply_an_auto_reply_and_a_bounce_are_printed_as_one_json_object() {
    let stop = json(&parse(&case("06-iphone-stop")));
    assert_eq!(stop["kind"], "reply");
    assert_eq!(stop["opt_out"], true);
    assert!(stop["subject"].as_str().is_some_and(|s| !s.is_empty()));
    assert!(!stop["new_text"].as_str().unwrap().contains("iPhone"));

    let away = json(&parse(&case("17-gmail-reponse-vacances")));
    assert_eq!((away["kind"].as_str(), away["opt_out"].as_bool()), (Some("auto_reply"), Some(false)));

    let bounce = json(&parse(&case("21-postfix-5.1.1-inconnu")));
    assert_eq!(bounce["kind"], "bounce");
    assert_eq!(bounce["bounce"]["status"], "5.1.1");
    assert_eq!(bounce["bounce"]["hard"], true);
    assert_eq!(bounce["in_reply_to"], "<c123.a536@mail.prospecta.fr>");
}

#[test]
fn what_cannot_be_read_is_said_in_french() {
    let missing = parse(std::path::Path::new("/nonexistent/message.eml"));
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("lecture de"));
    let dir = std::env::temp_dir().join(format!("prospecta-mail-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let garbage = dir.join("binary.eml");
    std::fs::write(&garbage, [0xffu8, 0xfe, 0x00, 0x01, 0x02]).expect("write");
    let refused = parse(&garbage);
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("n'est pas un message"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
}
