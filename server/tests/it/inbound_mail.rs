//! The inbound-mail webhook on both databases: a provider's deliveries refused without the
//! token, a request to stop put at once on the platform-wide opposition list (the address and
//! the company's own domain, never a webmail's), a hard bounce suppressing its address and a
//! soft one nothing, every message stored once whatever the redeliveries, and a body that is no
//! message refused with nothing stored.

use crate::both_databases;
use crate::support::{Backend, INBOUND_MAIL_TOKEN, TestApp};
use prospecta_server::mailboxes::is_suppressed;
use prospecta_server::opposition::{Subject, is_opposed};
use reqwest::StatusCode;
use serde_json::Value;

fn fixture(name: &str) -> Vec<u8> {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/fixtures/mail").join(format!("{name}.eml"));
    std::fs::read(path).expect("fixture")
}

async fn deliver(app: &TestApp, token: Option<&str>, raw: Vec<u8>) -> (StatusCode, Value) {
    let mut request = reqwest::Client::new()
        .post(format!("{}/webhooks/mail/inbound", app.base))
        .header("content-type", "message/rfc822")
        .body(raw);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.expect("deliver");
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn inbound_mail_is_received_once_and_acted_on(backend: Backend) {
    let app = TestApp::start(backend).await;
    let db = app.db();
    let hash_key = &app.state.config.opposition_hash_key;
    let stop = fixture("06-iphone-stop");

    // Without the token, or with another: refused, nothing read.
    assert_eq!(deliver(&app, None, stop.clone()).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(
        deliver(&app, Some("not-the-token-0123456789abcdef0123456789"), stop.clone()).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(app.count("inbound_messages").await, 0);

    // "STOP": on the opposition list at once, for every client of the platform.
    let (status, receipt) = deliver(&app, Some(INBOUND_MAIL_TOKEN), stop.clone()).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{receipt}");
    assert_eq!((receipt["kind"].as_str(), receipt["opposition_recorded"].as_bool()), (Some("reply"), Some(true)));
    let sender = crate::support::scalar_text(&app, "SELECT from_address AS t FROM inbound_messages").await;
    assert!(is_opposed(db, hash_key, &[Subject::Email(&sender)]).await.unwrap(), "{sender}");
    let domain = sender.split('@').nth(1).unwrap().to_string();
    let webmail = ["gmail.com", "orange.fr", "icloud.com", "wanadoo.fr"].contains(&domain.as_str());
    assert_eq!(is_opposed(db, hash_key, &[Subject::Domain(&domain)]).await.unwrap(), !webmail);
    // Delivered again: nothing done twice, one row.
    let (_, again) = deliver(&app, Some(INBOUND_MAIL_TOKEN), stop).await;
    assert_eq!(again["duplicate"], true);
    assert_eq!(app.count("inbound_messages").await, 1);

    // A question is stored and changes no list.
    let (_, question) = deliver(&app, Some(INBOUND_MAIL_TOKEN), fixture("01-gmail-fr-tarif")).await;
    assert_eq!((question["opposition_recorded"].as_bool(), question["suppressed"].is_null()), (Some(false), true));
    assert!(!is_opposed(db, hash_key, &[Subject::Email("boulangerie.moreau37@gmail.com")]).await.unwrap());

    // A hard bounce suppresses its address; a delay suppresses nothing.
    let (_, hard) = deliver(&app, Some(INBOUND_MAIL_TOKEN), fixture("21-postfix-5.1.1-inconnu")).await;
    assert_eq!(hard["suppressed"], "contact@boucherie-lemaire.fr");
    assert!(is_suppressed(db, "Contact@Boucherie-Lemaire.fr").await.unwrap());
    let (_, soft) = deliver(&app, Some(INBOUND_MAIL_TOKEN), fixture("24-postfix-retard-4.4.1")).await;
    assert_eq!((soft["kind"].as_str(), soft["suppressed"].is_null()), (Some("bounce"), true));
    assert_eq!(app.count("mail_suppressions").await, 1);
    assert_eq!(app.count("inbound_messages").await, 4);

    // No message at all: refused in French, nothing stored.
    let (status, refused) = deliver(&app, Some(INBOUND_MAIL_TOKEN), vec![0xff, 0xfe, 0x00]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(refused["error"].as_str().is_some_and(|e| e.contains("n'est pas un message")), "{refused}");
    assert_eq!(app.count("inbound_messages").await, 4);
}

both_databases!(inbound_mail_is_received_once_and_acted_on);
