//! Sandbox mode's mail through the real path, on both databases: the demo mailbox is the
//! sandbox's own SMTP and IMAP servers; a campaign's e-mails reach simulated prospects who
//! answer by their character (interest, a request to stop, an address that does not exist);
//! the replies are polled over IMAP, filed, read by the agent; the approved draft proposing a
//! time is accepted by the prospect, and the conversation is won with its debrief.

use crate::both_databases;
use crate::campaigns::app;
use crate::mailboxes::{campaign_waiting_for_email, send_all};
use crate::support::{Backend, scalar, scalar_text};
use prospecta_server::conversations::poll::poll_one;
use prospecta_server::opposition::{Subject, is_opposed};
use prospecta_server::sandbox::mail::prospect::{Character, character};
use prospecta_shared::conversations::{Inbox, MessageStatus, Thread};
use prospecta_shared::ids::MailboxId;
use prospecta_shared::mailboxes::{MailboxView, ReplyAddressing};
use sea_orm::ConnectionTrait;

/// An address of the simulated web whose company has this character.
fn address_of(who: Character) -> String {
    (0..).map(|i| format!("contact@societe-{i}.fr")).find(|a| character(a) == who).expect("every character occurs")
}

async fn simulated_prospects_answer_through_the_real_mail_path(backend: Backend) {
    let app = app(backend).await;
    let client = app.signed_up("camille@atelier-martin.fr", "Atelier Martin").await;
    client.call::<()>("mailboxes/connect-demo", &[]).await.expect("demo mailbox");
    let view: Option<MailboxView> = client.call("mailboxes/view", &[]).await.unwrap();
    assert_eq!(view.unwrap().smtp.host.as_str(), "127.0.0.1");

    let [interested, stop, unknown] =
        [address_of(Character::Interested), address_of(Character::OptsOut), address_of(Character::DoesNotExist)];
    let (campaign, ids) = campaign_waiting_for_email(&app, &client, &[&interested, &stop, &unknown]).await;
    let mailbox = MailboxId(scalar(&app, "SELECT MIN(id) AS n FROM mailboxes").await);
    // The inbox is watched with IMAP IDLE, as a real provider's: the answers wake it up. (The
    // test of tagged reply addresses is read first, then the wait begins.)
    assert_eq!(poll_one(&app.state, mailbox).await.unwrap(), 0, "the test message is no reply");
    let view: Option<MailboxView> = client.call("mailboxes/view", &[]).await.unwrap();
    assert!(matches!(view.unwrap().reply_addressing, ReplyAddressing::Tagged { .. }), "tagged addresses reach it");
    let state = app.state.clone();
    let woken = tokio::spawn(async move {
        prospecta_server::mailboxes::wait_for_mail(&state, mailbox, std::time::Duration::from_secs(60)).await
    });
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    send_all(&app, campaign.id).await;
    assert_eq!(scalar(&app, "SELECT COUNT(*) AS n FROM mailbox_sends").await, 3, "three e-mails really left");
    let woken = tokio::time::timeout(std::time::Duration::from_secs(20), woken).await.expect("woken before 20 s");
    assert_eq!(woken.unwrap().unwrap(), Some(true), "IDLE said new mail arrived");
    let sent: Vec<String> = {
        let db = app.db();
        let rows = db
            .query_all(sea_orm::Statement::from_string(
                db.get_database_backend(),
                "SELECT raw AS t FROM sandbox_inbox_messages ORDER BY id".to_string(),
            ))
            .await
            .unwrap();
        rows.iter().map(|r| r.try_get::<String>("", "t").unwrap()).collect()
    };
    let tagged = format!("camille+c{}@atelier-martin.fr", campaign.id);
    assert!(
        sent.iter().filter(|raw| raw.contains(&format!("To: {tagged}"))).count() == 2,
        "the two prospects who answered wrote to the campaign's own address: {sent:?}"
    );
    assert_eq!(poll_one(&app.state, mailbox).await.unwrap(), 3, "each prospect answered");
    app.run_jobs().await;

    let stage = |contact: prospecta_shared::ids::ContactId| {
        format!("SELECT stage AS t FROM conversations WHERE contact_id = {contact}")
    };
    assert_eq!(scalar_text(&app, &stage(ids[0])).await, "open");
    assert_eq!(scalar_text(&app, &stage(ids[1])).await, "lost");
    assert_eq!(scalar_text(&app, &stage(ids[2])).await, "lost");
    let hash_key = &app.state.config.opposition_hash_key;
    assert!(is_opposed(app.db(), hash_key, &[Subject::Email(&stop)]).await.unwrap(), "the request to stop is honoured");
    assert!(prospecta_server::mailboxes::is_suppressed(app.db(), &unknown).await.unwrap(), "the bounce suppresses");

    // The interested prospect's draft, approved, proposes a time: the prospect accepts.
    let open: Inbox = client.call("conversations/inbox", &[("stage", "Open")]).await.unwrap();
    let id = open.conversations[0].id.to_string();
    let thread: Thread = client.call("conversations/thread", &[("id", &id)]).await.unwrap();
    let draft = thread.messages.iter().find(|m| m.status == MessageStatus::Draft).expect("a draft");
    client.call::<()>("conversations/send-draft", &[("message_id", &draft.id.to_string())]).await.unwrap();
    assert_eq!(
        poll_one(&app.state, mailbox).await.unwrap(),
        1,
        "the prospect's acceptance; the confirmation sent to the one who asked to stop gets no answer"
    );
    app.run_jobs().await;
    // A restart: the sandbox's servers listen elsewhere; the demo mailbox follows them.
    crate::support::exec(&app, "UPDATE mailboxes SET smtp_port = 1, imap_port = 2").await;
    assert!(poll_one(&app.state, mailbox).await.is_err(), "the last process's ports answer no more");
    use prospecta_server::mailboxes::{DemoMail, follow_demo_servers};
    let servers = app.state.servers().await.unwrap();
    assert_eq!(follow_demo_servers(&app.state, servers).await.unwrap(), 1);
    assert_eq!(follow_demo_servers(&app.state, servers).await.unwrap(), 0);
    let won: Inbox = client.call("conversations/inbox", &[("stage", "Won")]).await.unwrap();
    assert_eq!(won.counts.won, 1, "{won:?}");
    let done: Thread = client.call("conversations/thread", &[("id", &id)]).await.unwrap();
    assert!(done.debrief.is_some(), "{done:?}");
}

both_databases!(simulated_prospects_answer_through_the_real_mail_path);
