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
use prospecta_shared::mailboxes::MailboxView;

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
    send_all(&app, campaign.id).await;
    assert_eq!(scalar(&app, "SELECT COUNT(*) AS n FROM mailbox_sends").await, 3, "three e-mails really left");
    let mailbox = MailboxId(scalar(&app, "SELECT MIN(id) AS n FROM mailboxes").await);
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
    let won: Inbox = client.call("conversations/inbox", &[("stage", "Won")]).await.unwrap();
    assert_eq!(won.counts.won, 1, "{won:?}");
    let done: Thread = client.call("conversations/thread", &[("id", &id)]).await.unwrap();
    assert!(done.debrief.is_some(), "{done:?}");
}

both_databases!(simulated_prospects_answer_through_the_real_mail_path);
