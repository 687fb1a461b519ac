//! The sending mailbox against real servers on loopback (Dovecot for IMAP, aiosmtpd for SMTP),
//! on both databases: connected only once both servers accept the settings (each refusal named
//! on its field, nothing saved), its password sealed and never shown back, hidden from other
//! organisations; then a campaign's first message without a usable form really leaves by
//! e-mail from it, once, charged once, with its threading and one-click unsubscription headers,
//! an address the server refuses failing without a charge, and the one-click link honoured.

use crate::both_databases;
use crate::campaigns::{app, contact_state, create, database, play, reserve};
use crate::mail_peers::{Dovecot, SmtpPeer};
use crate::support::{Backend, Client, TestApp, exec, scalar, scalar_text};
use prospecta_server::conversations::poll::{PollMailboxes, poll_one};
use prospecta_server::credits;
use prospecta_server::opposition::{Subject, is_opposed};
use prospecta_server::outreach::campaigns::dispatch::Dispatched;
use prospecta_shared::AppError;
use prospecta_shared::campaigns::ContactPage;
use prospecta_shared::credits::Quota;
use prospecta_shared::error::ValidationCode;
use prospecta_shared::ids::{ContactId, OrgId};
use prospecta_shared::mailboxes::{MailboxStatus, MailboxView};
use sea_orm::ConnectionTrait;

pub(crate) const LOGIN: &str = "camille@atelier-martin.fr";
pub(crate) const PASSWORD: &str = "un mot de passe solide";

pub(crate) fn settings(smtp: u16, imap: u16, password: &str) -> Vec<(&'static str, String)> {
    vec![
        ("from_name", "Camille Martin".into()),
        ("from_address", LOGIN.into()),
        ("login", LOGIN.into()),
        ("mailbox_password", password.into()),
        ("smtp_host", "127.0.0.1".into()),
        ("smtp_port", smtp.to_string()),
        ("smtp_security", "plain".into()),
        ("imap_host", "127.0.0.1".into()),
        ("imap_port", imap.to_string()),
        ("imap_security", "plain".into()),
        ("daily_cap", String::new()),
    ]
}

pub(crate) async fn connect(client: &Client, form: &[(&'static str, String)]) -> Result<(), AppError> {
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    client.call("mailboxes/connect", &form).await
}

fn refused(result: Result<(), AppError>, field: &str, code: ValidationCode) {
    match result {
        Err(AppError::Validation { field: f, code: c }) => assert_eq!((f.as_str(), c), (field, code)),
        other => panic!("expected {field} {code:?}, got {other:?}"),
    }
}

async fn a_mailbox_is_saved_only_once_both_servers_accept_it(backend: Backend) {
    let smtp = SmtpPeer::start(LOGIN, PASSWORD).await;
    let imap = Dovecot::start(LOGIN, PASSWORD).await;
    let app = TestApp::start(backend).await;
    let client = app.signed_up("camille@atelier-martin.fr", "Atelier Martin").await;

    refused(
        connect(&client, &settings(smtp.port, imap.port, "mauvais")).await,
        "mailbox_password",
        ValidationCode::MailLoginRefused,
    );
    let nobody = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    refused(
        connect(&client, &settings(smtp.port, nobody, PASSWORD)).await,
        "imap_host",
        ValidationCode::MailUnreachable,
    );
    refused(
        connect(&client, &settings(nobody, imap.port, PASSWORD)).await,
        "smtp_host",
        ValidationCode::MailUnreachable,
    );
    let mut bad_host = settings(smtp.port, imap.port, PASSWORD);
    bad_host[4].1 = "smtp://ssl0.ovh.net".into();
    refused(connect(&client, &bad_host).await, "smtp_host", ValidationCode::InvalidMailHost);
    // An IMAP port that speaks SMTP.
    refused(
        connect(&client, &settings(smtp.port, smtp.port, PASSWORD)).await,
        "imap_host",
        ValidationCode::MailProtocol,
    );
    assert_eq!(app.count("mailboxes").await, 0, "nothing saved after a failed test");
    assert!(smtp.to_itself().is_empty(), "nor any test message sent");

    connect(&client, &settings(smtp.port, imap.port, PASSWORD)).await.expect("connect");
    let view: Option<MailboxView> = client.call("mailboxes/view", &[]).await.unwrap();
    let view = view.expect("connected");
    assert_eq!((view.from_address.as_str(), view.status), (LOGIN, MailboxStatus::Active));
    assert_eq!((view.today_limit, view.sent_today, view.daily_cap), (20, 0, 150), "day one of the warm-up");
    let (_, page, _) = client.get("/app/parametres").await;
    assert!(!page.contains(PASSWORD), "the password is never shown back");
    let sealed = scalar_text(&app, "SELECT secret AS t FROM mailboxes").await;
    assert!(sealed.starts_with("v1:") && !sealed.contains("solide"), "{sealed}");

    // Another organisation sees none of it and cannot change it.
    let other = app.signed_up("paul@menuiserie-paul.fr", "Menuiserie Paul").await;
    let none: Option<MailboxView> = other.call("mailboxes/view", &[]).await.unwrap();
    assert_eq!(none, None);
    other.call::<()>("mailboxes/disconnect", &[]).await.unwrap();
    assert_eq!(app.count("mailboxes").await, 1);

    // A production policy refuses a server on this machine, whatever the password.
    let strict = TestApp::start_with(backend, |c| c.net = prospecta_server::net::NetPolicy::production()).await;
    let client = strict.signed_up("camille@atelier-martin.fr", "Atelier Martin").await;
    refused(
        connect(&client, &settings(smtp.port, imap.port, PASSWORD)).await,
        "smtp_host",
        ValidationCode::MailForbiddenHost,
    );
    assert!(smtp.messages().is_empty(), "testing the connection writes to nobody but the mailbox itself");
}

async fn org_of(app: &TestApp) -> OrgId {
    OrgId(scalar(app, "SELECT MIN(id) AS n FROM organizations").await)
}

/// A campaign of three contacts: those at `addresses` wait for e-mail (their form had a
/// CAPTCHA), the others are done; playing, its pace driven by hand.
pub(crate) async fn campaign_waiting_for_email(
    app: &TestApp,
    client: &Client,
    addresses: &[&str],
) -> (prospecta_shared::campaigns::CampaignSummary, Vec<ContactId>) {
    let db = database(app, client, 3).await;
    let campaign = create(client, db.id).await;
    let contacts: ContactPage =
        client.call("campaigns/contacts", &[("campaign_id", &campaign.id.to_string())]).await.unwrap();
    let ids: Vec<ContactId> = contacts.rows.iter().map(|r| r.id).collect();
    for (i, contact) in ids.iter().enumerate() {
        match addresses.get(i) {
            Some(address) => {
                exec(app, &format!("UPDATE campaign_contacts SET state = 'email', channel = 'email', outcome = 'captcha' WHERE id = {contact}")).await;
                exec(app, &format!("UPDATE companies SET email = '{address}' WHERE id = (SELECT company_id FROM campaign_contacts WHERE id = {contact})")).await;
            }
            None => exec(app, &format!("UPDATE campaign_contacts SET state = 'failed' WHERE id = {contact}")).await,
        }
    }
    play(app, client, campaign.id).await;
    (campaign, ids[..addresses.len()].to_vec())
}

/// Reserves and sends until nobody is left.
pub(crate) async fn send_all(app: &TestApp, campaign: prospecta_shared::ids::CampaignId) {
    for _ in 0..5 {
        if !matches!(reserve(app, campaign).await, Dispatched::Reserved { .. }) {
            break;
        }
        app.run_jobs().await;
    }
}

async fn a_first_message_without_a_usable_form_leaves_by_email_once(backend: Backend) {
    let smtp = SmtpPeer::start(LOGIN, PASSWORD).await;
    let imap = Dovecot::start(LOGIN, PASSWORD).await;
    let app = app(backend).await;
    let client = app.signed_up("camille@atelier-martin.fr", "Atelier Martin").await;
    let org = org_of(&app).await;
    let (campaign, ids) =
        campaign_waiting_for_email(&app, &client, &["contact@ets-perrin.fr", "rejet@ets-durand.fr"]).await;
    let [by_email, refused_address] = [ids[0], ids[1]];
    // Without a mailbox they wait.
    assert_eq!(reserve(&app, campaign.id).await, Dispatched::Exhausted);
    assert_eq!(contact_state(&app, by_email).await, "email");

    connect(&client, &settings(smtp.port, imap.port, PASSWORD)).await.expect("connect");
    let before = credits::balance(app.db(), org, Quota::Contacts).await.unwrap();
    send_all(&app, campaign.id).await;
    let sent = smtp.messages();
    assert_eq!(sent.len(), 1, "one message left: {sent:?}");
    let (envelope, raw) = &sent[0];
    assert_eq!(envelope["to"], serde_json::json!(["contact@ets-perrin.fr"]));
    assert_eq!(envelope["from"], LOGIN);
    let reservation =
        scalar(&app, &format!("SELECT CAST(reservations AS BIGINT) AS n FROM campaign_contacts WHERE id = {by_email}"))
            .await;
    assert!(raw.contains(&format!("Message-ID: <c{by_email}.s1.r{reservation}@mail.prospecta.fr>")), "{raw}");
    assert!(raw.contains("From: \"Camille Martin\" <camille@atelier-martin.fr>"), "{raw}");
    assert!(raw.contains(&format!("List-Unsubscribe: <{}/opposition/un-clic?jeton=", app.base)), "{raw}");
    assert!(raw.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"), "{raw}");
    let parsed = mail_parser::MessageParser::default().parse(raw.as_bytes()).unwrap();
    let text = parsed.body_text(0).unwrap().to_string();
    assert!(text.contains("Pour ne plus être sollicité"), "the legal notice closes the message: {text}");

    assert_eq!(contact_state(&app, by_email).await, "sent");
    assert_eq!(contact_state(&app, refused_address).await, "failed");
    assert_eq!(
        scalar_text(&app, &format!("SELECT outcome AS t FROM campaign_contacts WHERE id = {refused_address}")).await,
        "undeliverable"
    );
    assert_eq!(
        scalar(
            &app,
            "SELECT COUNT(*) AS n FROM contact_attempts WHERE channel = 'email' AND state = 'sent' AND charged"
        )
        .await,
        1
    );
    assert_eq!(
        credits::balance(app.db(), org, Quota::Contacts).await.unwrap(),
        before - 1,
        "one charge, the refusal free"
    );
    let rows: ContactPage =
        client.call("campaigns/contacts", &[("campaign_id", &campaign.id.to_string())]).await.unwrap();
    let shown = rows.rows.iter().find(|r| r.id == by_email).unwrap();
    assert!(shown.status.starts_with("E-mail envoyé le "), "{shown:?}");
    let view: Option<MailboxView> = client.call("mailboxes/view", &[]).await.unwrap();
    assert_eq!(view.unwrap().sent_today, 1);

    // At most once: nothing left to reserve, nothing sent again.
    assert_eq!(reserve(&app, campaign.id).await, Dispatched::Exhausted);
    app.run_jobs().await;
    assert_eq!(smtp.messages().len(), 1);

    // The one-click unsubscription of the header works without a page.
    let url = raw.split("List-Unsubscribe: <").nth(1).unwrap().split('>').next().unwrap().replace("=\r\n", "");
    let response = reqwest::Client::new()
        .post(&url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), reqwest::StatusCode::OK);
    let hash_key = &app.state.config.opposition_hash_key;
    assert!(is_opposed(app.db(), hash_key, &[Subject::Email("contact@ets-perrin.fr")]).await.unwrap());
    let forged = reqwest::Client::new().post(url.replace("jeton=", "jeton=x")).send().await.unwrap();
    assert_eq!(forged.status(), reqwest::StatusCode::BAD_REQUEST);
}

pub(crate) fn fixture(name: &str) -> Vec<u8> {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/fixtures/mail").join(format!("{name}.eml"));
    std::fs::read(path).expect("fixture")
}

async fn replies_are_read_from_the_inbox_once(backend: Backend) {
    let smtp = SmtpPeer::start(LOGIN, PASSWORD).await;
    let imap = Dovecot::start(LOGIN, PASSWORD).await;
    let app = TestApp::start(backend).await;
    let client = app.signed_up("camille@atelier-martin.fr", "Atelier Martin").await;
    // Mail already there when the mailbox is connected is not the platform's to read.
    imap.deliver(LOGIN, &fixture("01-gmail-fr-tarif"));
    connect(&client, &settings(smtp.port, imap.port, PASSWORD)).await.expect("connect");
    let id = prospecta_shared::ids::MailboxId(scalar(&app, "SELECT MIN(id) AS n FROM mailboxes").await);
    assert_eq!(poll_one(&app.state, id).await.unwrap(), 0);

    imap.deliver(LOGIN, &fixture("06-iphone-stop"));
    assert_eq!(poll_one(&app.state, id).await.unwrap(), 1);
    assert_eq!(app.count("inbound_messages").await, 1);
    let sender = scalar_text(&app, "SELECT from_address AS t FROM inbound_messages").await;
    let hash_key = &app.state.config.opposition_hash_key;
    assert!(is_opposed(app.db(), hash_key, &[Subject::Email(&sender)]).await.unwrap(), "STOP honoured at once");
    // Read once: the next poll finds nothing new.
    assert_eq!(poll_one(&app.state, id).await.unwrap(), 0);
    imap.deliver(LOGIN, &fixture("07-outlook-mac-pdf-joint"));
    assert_eq!(poll_one(&app.state, id).await.unwrap(), 1);
    assert_eq!(app.count("inbound_messages").await, 2);
    // The scheduled job reads every active mailbox the same way, and finds nothing new either.
    app.db().execute_unprepared("DELETE FROM jobs").await.unwrap();
    prospecta_server::jobs::enqueue(app.db(), &PollMailboxes { tick: "t".into() }).await.unwrap();
    app.run_jobs().await;
    assert_eq!(app.count("inbound_messages").await, 2);

    // The password changed at the provider: the mailbox pauses itself and says why.
    let org = org_of(&app).await;
    let wrong = prospecta_server::mailboxes::PasswordBox::new(&app.state.config.mailbox_secret_key).seal(org, "ancien");
    exec(&app, &format!("UPDATE mailboxes SET secret = '{wrong}'")).await;
    assert!(matches!(poll_one(&app.state, id).await, Err(prospecta_server::mailboxes::PollError::Inactive)));
    let view: Option<MailboxView> = client.call("mailboxes/view", &[]).await.unwrap();
    let view = view.unwrap();
    assert_eq!(view.status, MailboxStatus::Paused);
    assert!(view.pause_reason.unwrap_or_default().contains("refuse désormais"), "the reason is told");
    assert_eq!(scalar(&app, "SELECT COUNT(*) AS n FROM notifications WHERE title = 'Messagerie en pause'").await, 1);
    // Paused: nothing is read any more, until the owner reconnects or resumes it.
    assert_eq!(prospecta_server::mailboxes::active(app.db()).await.unwrap(), vec![]);
}

/// Each campaign's own reply address: used once the provider is seen to deliver tagged
/// addresses (the test message sent on connecting, read back from the inbox), then written as
/// Reply-To, and a reply that lost its threading headers is filed by it.
async fn each_campaign_has_its_reply_address_once_the_provider_delivers_it(backend: Backend) {
    use prospecta_shared::mailboxes::ReplyAddressing;
    let smtp = SmtpPeer::start(LOGIN, PASSWORD).await;
    let imap = Dovecot::start(LOGIN, PASSWORD).await;
    let app = app(backend).await;
    let client = app.signed_up("camille@atelier-martin.fr", "Atelier Martin").await;
    let (campaign, ids) = campaign_waiting_for_email(&app, &client, &["contact@ets-perrin.fr"]).await;
    connect(&client, &settings(smtp.port, imap.port, PASSWORD)).await.expect("connect");
    let view: Option<MailboxView> = client.call("mailboxes/view", &[]).await.unwrap();
    assert_eq!(
        view.unwrap().reply_addressing,
        ReplyAddressing::Checking { test_address: "camille+verification@atelier-martin.fr".into() }
    );
    let probes = smtp.to_itself();
    assert_eq!(probes.len(), 1, "{probes:?}");
    assert_eq!(probes[0].0["to"], serde_json::json!(["camille+verification@atelier-martin.fr"]));

    // Before it comes back, campaigns' messages carry no tagged address.
    send_all(&app, campaign.id).await;
    let first =
        mail_parser::MessageParser::default().parse(smtp.messages()[0].1.as_bytes()).unwrap().reply_to().is_none();
    assert!(first, "no campaign address before the provider is seen to deliver it");

    // The provider delivers it: the reading of replies takes it, and never files it.
    imap.deliver(LOGIN, probes[0].1.as_bytes());
    let id = prospecta_shared::ids::MailboxId(scalar(&app, "SELECT MIN(id) AS n FROM mailboxes").await);
    assert_eq!(poll_one(&app.state, id).await.unwrap(), 0, "the test message is no reply");
    assert_eq!(app.count("inbound_messages").await, 0);
    let view: Option<MailboxView> = client.call("mailboxes/view", &[]).await.unwrap();
    assert!(matches!(view.unwrap().reply_addressing, ReplyAddressing::Tagged { .. }));

    // A second campaign wrote to the same company later: by its address alone, a reply would go
    // there. The agent's answer in the first campaign's conversation carries that campaign's
    // address; a reply to it without threading headers is filed in the first campaign.
    let second = crate::campaigns::create(
        &client,
        prospecta_shared::ids::DatabaseId(scalar(&app, "SELECT MIN(id) AS n FROM prospect_databases").await),
    )
    .await;
    let company = scalar(&app, &format!("SELECT company_id AS n FROM campaign_contacts WHERE id = {}", ids[0])).await;
    let later = sea_orm::sea_query::Query::update()
        .table(sea_orm::sea_query::Alias::new("campaign_contacts"))
        .values([
            (sea_orm::sea_query::Alias::new("state"), "sent".into()),
            (sea_orm::sea_query::Alias::new("step"), 1.into()),
            (sea_orm::sea_query::Alias::new("last_sent_at"), (chrono::Utc::now() + chrono::Duration::hours(1)).into()),
        ])
        .and_where(sea_orm::sea_query::Expr::col(sea_orm::sea_query::Alias::new("campaign_id")).eq(second.id.0))
        .and_where(sea_orm::sea_query::Expr::col(sea_orm::sea_query::Alias::new("company_id")).eq(company))
        .to_owned();
    let db = app.db();
    db.execute(db.get_database_backend().build(&later)).await.unwrap();
    let reply = format!(
        "From: Ets Perrin <contact@ets-perrin.fr>\r\nTo: Camille Martin <camille+c{}@atelier-martin.fr>\r\n\
         Subject: Votre atelier\r\nDate: Mon, 7 Dec 2026 10:00:00 +0100\r\nMessage-ID: <r1@ets-perrin.fr>\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\r\nBonjour,\r\n\r\nOui, rappelez-moi demain.\r\n",
        campaign.id
    );
    imap.deliver(LOGIN, reply.as_bytes());
    assert_eq!(poll_one(&app.state, id).await.unwrap(), 1);
    let filed = scalar(&app, "SELECT campaign_id AS n FROM conversations").await;
    assert_eq!(filed, campaign.id.0, "filed in the campaign whose address it answers, not the latest");

    // Its later messages carry the campaign's reply address.
    let thread_id = scalar(&app, "SELECT id AS n FROM conversations").await.to_string();
    app.run_jobs().await;
    let thread: prospecta_shared::conversations::Thread =
        client.call("conversations/thread", &[("id", &thread_id)]).await.unwrap();
    let draft = thread
        .messages
        .iter()
        .find(|m| m.status == prospecta_shared::conversations::MessageStatus::Draft)
        .expect("the agent's draft");
    client.call::<()>("conversations/send-draft", &[("message_id", &draft.id.to_string())]).await.unwrap();
    let answer = smtp.messages().pop().unwrap().1;
    assert!(
        answer.contains(&format!("Reply-To: \"Camille Martin\" <camille+c{}@atelier-martin.fr>", campaign.id)),
        "{answer}"
    );
}

/// The owner asks for the sending domain's records: read from the DNS the product resolves with
/// (here a local authoritative server for the client's domain).
async fn the_sending_domain_s_records_are_read_with_what_to_fix(backend: Backend) {
    use prospecta_server::sandbox::dns::{StaticZone, serve};
    use prospecta_shared::mailboxes::{DomainCheck, Verdict};
    let zone = StaticZone::new()
        // The sending server (127.0.0.1 here) is allowed through an include.
        .txt("atelier-martin.fr", "v=spf1 include:_spf.atelier-martin.fr -all")
        .txt("_spf.atelier-martin.fr", "v=spf1 ip4:127.0.0.0/8 -all")
        .txt("mx2026._domainkey.atelier-martin.fr", "v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA")
        .txt("_dmarc.atelier-martin.fr", "v=DMARC1; p=none");
    let local = serve(std::net::SocketAddr::from(([127, 0, 0, 1], 0)), std::sync::Arc::new(zone)).await.unwrap();
    let smtp = SmtpPeer::start(LOGIN, PASSWORD).await;
    let imap = Dovecot::start(LOGIN, PASSWORD).await;
    let app = TestApp::start_with(backend, |c| c.enrichment.dns.nameservers = vec![local.addr]).await;
    let client = app.signed_up(LOGIN, "Atelier Martin").await;
    let none = client.call::<DomainCheck>("mailboxes/check-domain", &[("selector", "")]).await;
    assert!(matches!(none, Err(AppError::NotFound)), "no mailbox yet: {none:?}");
    connect(&client, &settings(smtp.port, imap.port, PASSWORD)).await.expect("connect");

    let first: DomainCheck = client.call("mailboxes/check-domain", &[("selector", "")]).await.unwrap();
    assert_eq!(first.domain, "atelier-martin.fr");
    assert!(!first.provider_domain);
    assert_eq!(first.spf.verdict, Verdict::Good, "{:?}", first.spf);
    assert_eq!(first.dkim.verdict, Verdict::Missing, "an unusual selector is not guessed: {:?}", first.dkim);
    assert_eq!(first.dmarc.verdict, Verdict::Weak, "p=none only watches: {:?}", first.dmarc);
    assert!(first.dmarc.fix.is_some_and(|f| f.contains("p=quarantine")));
    let named: DomainCheck = client.call("mailboxes/check-domain", &[("selector", "MX2026")]).await.unwrap();
    assert_eq!(named.dkim.verdict, Verdict::Good, "{:?}", named.dkim);
    let bad = client.call::<DomainCheck>("mailboxes/check-domain", &[("selector", "mx 2026")]).await;
    refused(bad.map(|_| ()), "dkim_selector", ValidationCode::InvalidDkimSelector);
}

both_databases!(
    a_mailbox_is_saved_only_once_both_servers_accept_it,
    a_first_message_without_a_usable_form_leaves_by_email_once,
    replies_are_read_from_the_inbox_once,
    each_campaign_has_its_reply_address_once_the_provider_delivers_it,
    the_sending_domain_s_records_are_read_with_what_to_fix
);
