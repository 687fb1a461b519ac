//! Replies filed into conversations, read from the client's mailbox (real Dovecot) after a
//! campaign e-mail really left (real SMTP), on both databases: a reply to our Message-ID opens
//! its contact's conversation and stops the follow-ups; a request to stop from the address we
//! wrote to — no threading headers — closes it as lost, puts the address on the opposition list
//! and gets one short confirmation, nothing else; a message from an address we never wrote to is
//! kept unfiled; another organisation's mailbox never files into this one's threads.

use crate::both_databases;
use crate::calendar_peer::{PASSWORD as CALENDAR_PASSWORD, Radicale, USER as CALENDAR_USER};
use crate::campaigns::{app, contact_state};
use crate::mail_peers::{Dovecot, SmtpPeer};
use crate::mailboxes::{LOGIN, PASSWORD, campaign_waiting_for_email, connect, send_all, settings};
use crate::support::{Backend, TestApp, assert_hidden_from_other_tenant, exec, scalar, scalar_text};
use prospecta_server::conversations::poll::poll_one;
use prospecta_server::credits;
use prospecta_server::opposition::{Subject, is_opposed};
use prospecta_shared::AppError;
use prospecta_shared::business::{OfferPrompts, ReplySending};
use prospecta_shared::conversations::{Inbox, InboxCounts, MessageAuthor, MessageStatus, Tag, Thread};
use prospecta_shared::credits::Quota;
use prospecta_shared::ids::{ContactId, MailboxId};
use prospecta_shared::meetings::{MeetingsOverview, SlotView};

pub(crate) fn reply(from: &str, in_reply_to: Option<&str>, id: &str, body: &str) -> Vec<u8> {
    let threading = in_reply_to.map(|p| format!("In-Reply-To: <{p}>\r\nReferences: <{p}>\r\n")).unwrap_or_default();
    format!(
        "From: {from}\r\nTo: {LOGIN}\r\nSubject: Re: Votre atelier\r\nMessage-ID: <{id}>\r\n{threading}\
         Date: Mon, 7 Dec 2026 10:00:00 +0100\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
    )
    .into_bytes()
}

async fn mailbox_id(app: &TestApp) -> MailboxId {
    MailboxId(scalar(app, "SELECT MIN(id) AS n FROM mailboxes").await)
}

async fn replies_are_filed_into_their_conversations(backend: Backend) {
    let smtp = SmtpPeer::start(LOGIN, PASSWORD).await;
    let imap = Dovecot::start(LOGIN, PASSWORD).await;
    let app = app(backend).await;
    let client = app.signed_up("camille@atelier-martin.fr", "Atelier Martin").await;
    connect(&client, &settings(smtp.port, imap.port, PASSWORD)).await.expect("connect");
    let (campaign, ids) =
        campaign_waiting_for_email(&app, &client, &["contact@ets-perrin.fr", "direction@ets-durand.fr"]).await;
    send_all(&app, campaign.id).await;
    assert_eq!(smtp.messages().len(), 2, "both first messages left");
    let ours =
        scalar_text(&app, "SELECT message_id AS t FROM mailbox_sends WHERE recipient = 'contact@ets-perrin.fr'").await;
    let mailbox = mailbox_id(&app).await;

    // An interested answer to our message: its contact's conversation opens, follow-ups stop.
    let body = "Bonjour,\n\nOui, ça m'intéresse. Pouvez-vous me rappeler jeudi ?\n\nJean Perrin";
    imap.deliver(LOGIN, &reply("Jean Perrin <contact@ets-perrin.fr>", Some(&ours), "r1@ets-perrin.fr", body));
    // A request to stop from the other address, without any threading header.
    imap.deliver(LOGIN, &reply("direction@ets-durand.fr", None, "r2@ets-durand.fr", "STOP"));
    // Someone we never wrote to.
    imap.deliver(LOGIN, &reply("inconnu@ailleurs.fr", None, "r3@ailleurs.fr", "Bonjour, qui êtes-vous ?"));
    assert_eq!(poll_one(&app.state, mailbox).await.unwrap(), 3);

    assert_eq!(app.count("conversations").await, 2, "the stranger's message is kept unfiled");
    assert_eq!(app.count("inbound_messages").await, 3);
    let stage = |contact: ContactId| {
        let sql = format!("SELECT stage AS t FROM conversations WHERE contact_id = {contact}");
        let app = &app;
        async move { scalar_text(app, &sql).await }
    };
    assert_eq!(stage(ids[0]).await, "open");
    assert_eq!(contact_state(&app, ids[0]).await, "replied", "no follow-up after an answer");
    let text = scalar_text(&app, &format!("SELECT m.body AS t FROM conversation_messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.contact_id = {}", ids[0])).await;
    assert_eq!(text, "Bonjour,\n\nOui, ça m'intéresse. Pouvez-vous me rappeler jeudi ?");

    assert_eq!(stage(ids[1]).await, "lost");
    assert_eq!(
        scalar_text(&app, &format!("SELECT tags AS t FROM conversations WHERE contact_id = {}", ids[1])).await,
        "[\"opt_out\"]"
    );
    let hash_key = &app.state.config.opposition_hash_key;
    assert!(is_opposed(app.db(), hash_key, &[Subject::Email("direction@ets-durand.fr")]).await.unwrap());
    // One short confirmation, from the client's mailbox, in the thread; then nothing else.
    app.run_jobs().await;
    let sent = smtp.messages();
    assert_eq!(sent.len(), 3, "{sent:?}");
    let (envelope, raw) = &sent[2];
    assert_eq!(envelope["to"], serde_json::json!(["direction@ets-durand.fr"]));
    assert!(raw.contains("In-Reply-To: <r2@ets-durand.fr>"), "{raw}");
    let confirmation = mail_parser::MessageParser::default().parse(raw.as_bytes()).unwrap();
    assert!(confirmation.body_text(0).unwrap().contains("vous ne recevrez plus aucun message"), "{raw}");
    // The same request again (a second STOP): no second confirmation.
    imap.deliver(LOGIN, &reply("direction@ets-durand.fr", None, "r4@ets-durand.fr", "STOP svp"));
    poll_one(&app.state, mailbox).await.unwrap();
    app.run_jobs().await;
    assert_eq!(smtp.messages().len(), 3);

    // The inbox: the tabs' counts, the conversation's line, its thread as text.
    app.run_jobs().await;
    let open: Inbox = client.call("conversations/inbox", &[("stage", "Open")]).await.unwrap();
    assert_eq!((open.counts.open, open.counts.lost, open.counts.contacted), (1, 1, 0), "{open:?}");
    assert!(open.mailbox_active);
    let line = &open.conversations[0];
    assert!(line.excerpt.starts_with("Bonjour, Oui, ça m'intéresse."), "{line:?}");
    let id = line.id.to_string();
    let thread: Thread = client.call("conversations/thread", &[("id", &id)]).await.unwrap();
    assert_eq!(thread.messages[0].author, MessageAuthor::Prospect);
    // The agent read it (the sandbox's simulated model): tags, score, a draft with its reasoning.
    assert_eq!(thread.summary.score, Some(8), "{thread:?}");
    assert!(thread.summary.tags.contains(&Tag::MeetingRequest), "{thread:?}");
    let draft = &thread.messages[1];
    assert_eq!((draft.author, draft.status), (MessageAuthor::Agent, MessageStatus::Draft));
    assert!(draft.body.contains("quelles sont vos disponibilités"), "no calendar, no time made up: {draft:?}");
    assert!(draft.reasoning.as_deref().is_some_and(|r| !r.is_empty()));
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) AS n FROM llm_usage WHERE purpose = 'conversation_agent'").await,
        1,
        "metered"
    );
    assert_eq!(smtp.messages().len(), 3, "a draft waits for the client's approval");
    // A/B from real replies: a positive outcome for the variant that opened the thread.
    let positive = format!("SELECT COUNT(*) AS n FROM campaign_contacts WHERE id = {} AND reply_positive", ids[0]);
    assert_eq!(scalar(&app, &positive).await, 1);
    // Approved, with no agent reply left in the quota: refused, and the draft waits.
    let org = crate::billing::org_of(&app, "camille@atelier-martin.fr").await;
    let agent_replies = || credits::balance(app.db(), org, Quota::AgentMessages);
    let trial = agent_replies().await.unwrap();
    assert_eq!(trial, credits::trial(Quota::AgentMessages));
    credits::grant(app.db(), org, Quota::AgentMessages, -trial, "Retrait pour le test", None).await.unwrap();
    let draft_id = draft.id.to_string();
    let spent = client.call::<()>("conversations/send-draft", &[("message_id", &draft_id)]).await;
    assert!(
        matches!(spent, Err(AppError::InsufficientCredits { quota: Quota::AgentMessages, available: 0, needed: 1 })),
        "{spent:?}"
    );
    assert_eq!(smtp.messages().len(), 3, "nothing left");
    credits::grant(app.db(), org, Quota::AgentMessages, trial, "Rendu après le test", None).await.unwrap();
    // Approved: it leaves from the client's mailbox, in the prospect's thread, once, and costs
    // one agent reply of the quota.
    client.call::<()>("conversations/send-draft", &[("message_id", &draft_id)]).await.unwrap();
    assert_eq!(agent_replies().await.unwrap(), trial - 1);
    let again = client.call::<()>("conversations/send-draft", &[("message_id", &draft_id)]).await;
    assert!(matches!(again, Err(AppError::Conflict(_))), "{again:?}");
    let sent = smtp.messages();
    assert_eq!(sent.len(), 4);
    assert_eq!(sent[3].0["to"], serde_json::json!(["contact@ets-perrin.fr"]));
    assert!(sent[3].1.contains("In-Reply-To: <r1@ets-perrin.fr>"), "{}", sent[3].1);
    let thread: Thread = client.call("conversations/thread", &[("id", &id)]).await.unwrap();
    assert_eq!((thread.messages[1].status, thread.agent_messages), (MessageStatus::Sent, 1));
    assert_eq!(agent_replies().await.unwrap(), trial - 1, "a refused second click costs nothing");

    // A meeting booked from the conversation (RDV-1): in the client's calendar (a real CalDAV
    // server), the prospect invited, linked to its conversation.
    let no_calendar =
        client.call::<()>("conversations/book-meeting", &[("id", &id), ("starts_at", "2027-01-05T09:00:00Z")]).await;
    assert!(matches!(&no_calendar, Err(AppError::Conflict(m)) if m.contains("connectez d'abord")), "{no_calendar:?}");
    let radicale = Radicale::start().await;
    let calendar = radicale.make_calendar("agenda").await;
    let calendar_form =
        [("kind", "caldav"), ("url", calendar.as_str()), ("username", CALENDAR_USER), ("password", CALENDAR_PASSWORD)];
    client.call::<()>("meetings/connect", &calendar_form).await.expect("calendar connected");
    let slots: Vec<SlotView> = client.call("meetings/free-slots", &[]).await.unwrap();
    client
        .call::<()>("conversations/book-meeting", &[("id", &id), ("starts_at", &slots[0].starts_at)])
        .await
        .expect("booked");
    let meetings: MeetingsOverview = client.call("meetings/overview", &[("week", "0")]).await.unwrap();
    let booked = &meetings.upcoming[0];
    assert_eq!(
        (booked.conversation_id.map(|c| c.to_string()), booked.prospect_email.as_str()),
        (Some(id.clone()), "contact@ets-perrin.fr")
    );
    let uid = scalar_text(&app, "SELECT uid AS t FROM meetings").await;
    let event = radicale.get(&calendar, &uid).await.expect("the event is in the calendar");
    assert!(event.contains("mailto:contact@ets-perrin.fr"), "{event}");

    // A question the agent cannot answer goes to the client first (AGENT-6).
    let price = "Et quel est votre tarif pour un contrat annuel ?";
    imap.deliver(LOGIN, &reply("contact@ets-perrin.fr", Some("m2@mail.prospecta.fr"), "r6@ets-perrin.fr", price));
    poll_one(&app.state, mailbox).await.unwrap();
    app.run_jobs().await;
    let questions: Inbox = client.call("conversations/inbox", &[("stage", "Question")]).await.unwrap();
    assert_eq!(questions.counts.questions, 1);
    let asked: Thread = client.call("conversations/thread", &[("id", &id)]).await.unwrap();
    assert!(asked.question.as_deref().is_some_and(|q| q.contains("prix")), "{asked:?}");
    assert!(asked.messages.iter().all(|m| m.status != MessageStatus::Draft), "nothing drafted before the answer");
    let empty = client.call::<()>("conversations/answer", &[("id", &id), ("answer", " ")]).await;
    assert!(matches!(empty, Err(AppError::Validation { .. })), "{empty:?}");
    let known = "Notre contrat annuel est à 480 € HT, entretien compris.";
    client.call::<()>("conversations/answer", &[("id", &id), ("answer", known)]).await.unwrap();
    app.run_jobs().await;
    let answered: Thread = client.call("conversations/thread", &[("id", &id)]).await.unwrap();
    assert_eq!(answered.question, None);
    let draft = answered.messages.iter().find(|m| m.status == MessageStatus::Draft).expect("a draft now");
    assert!(draft.body.contains(known), "the answer is used: {draft:?}");
    assert_eq!(scalar(&app, "SELECT COUNT(*) AS n FROM knowledge_entries").await, 1, "kept for the next prospects");
    // The client corrects the agent on this draft (AGENT-5): a versioned instruction of the
    // offer, and the draft written again with it.
    let draft_id = draft.id.to_string();
    let empty = client.call::<u32>("conversations/correct", &[("message_id", &draft_id), ("instruction", "")]).await;
    assert!(matches!(empty, Err(AppError::Validation { .. })), "{empty:?}");
    let version: u32 = client
        .call(
            "conversations/correct",
            &[("message_id", &draft_id), ("instruction", "Trop formel, soyez plus chaleureux.")],
        )
        .await
        .unwrap();
    assert_eq!(version, 1);
    app.run_jobs().await;
    let corrected: Thread = client.call("conversations/thread", &[("id", &id)]).await.unwrap();
    assert_eq!(corrected.corrections.len(), 1);
    assert_eq!(corrected.corrections[0].instruction, "Trop formel, soyez plus chaleureux.");
    let old = corrected.messages.iter().find(|m| m.id == draft.id).unwrap();
    assert_eq!(old.status, MessageStatus::Discarded, "the commented draft is set aside");
    let draft = corrected.messages.iter().find(|m| m.status == MessageStatus::Draft).expect("written again");
    assert!(draft.body.contains("À très bientôt") && draft.body.contains(known), "{draft:?}");
    client.call::<()>("conversations/send-draft", &[("message_id", &draft.id.to_string())]).await.unwrap();

    // The prospect accepts: objective reached, the debrief written, the conversation won.
    imap.deliver(LOGIN, &reply("contact@ets-perrin.fr", None, "r7@ets-perrin.fr", "D'accord pour jeudi 10 h."));
    poll_one(&app.state, mailbox).await.unwrap();
    app.run_jobs().await;
    let won: Inbox = client.call("conversations/inbox", &[("stage", "Won")]).await.unwrap();
    assert_eq!(won.counts.won, 1, "{won:?}");
    let done: Thread = client.call("conversations/thread", &[("id", &id)]).await.unwrap();
    assert!(done.debrief.as_deref().is_some_and(|d| d.contains("Prochaine étape")), "{done:?}");
    assert_eq!(done.summary.score, Some(10));

    // After ten approved replies for the offer, the agent's replies leave on their own.
    let before = smtp.messages().len();
    let conversation = done.summary.id;
    for n in 0..8 {
        exec(&app, &format!("INSERT INTO conversation_messages (conversation_id, organization_id, author, subject, body, tags, tokens, status, created_at) SELECT id, organization_id, 'agent', 'Re', 'Réponse validée {n}', '[]', 0, 'sent', last_message_at FROM conversations WHERE id = {conversation}")).await;
    }
    exec(&app, &format!("UPDATE conversations SET stage = 'open' WHERE id = {conversation}")).await;
    imap.deliver(LOGIN, &reply("contact@ets-perrin.fr", None, "r8@ets-perrin.fr", "Pouvez-vous me rappeler demain ?"));
    poll_one(&app.state, mailbox).await.unwrap();
    app.run_jobs().await;
    let sent = smtp.messages();
    assert_eq!(sent.len(), before + 1, "sent without approval");
    assert!(sent[before].1.contains("In-Reply-To: <r8@ets-perrin.fr>"), "{}", sent[before].1);
    let auto: Thread = client.call("conversations/thread", &[("id", &id)]).await.unwrap();
    assert!(auto.approvals >= 10, "{}", auto.approvals);
    let last = auto.messages.last().unwrap();
    assert_eq!((last.author, last.status), (MessageAuthor::Agent, MessageStatus::Sent), "{last:?}");
    assert_eq!(auto.reply_sending, ReplySending::ApprovalFirst);
    // The offer set to "always approve": the next reply waits, however many were approved.
    let offer = scalar(&app, &format!("SELECT offer_id AS n FROM conversations WHERE id = {conversation}")).await;
    let mode = [("offer_id", offer.to_string()), ("mode", "Approval".to_string())];
    let mode: Vec<(&str, &str)> = mode.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let outsider = app.signed_up("lea@ailleurs.fr", "Ailleurs").await;
    let refused = outsider.call::<OfferPrompts>("business/reply-sending", &mode).await;
    assert!(matches!(refused, Err(AppError::NotFound)), "another organisation's offer: {refused:?}");
    let prompts: OfferPrompts = client.call("business/reply-sending", &mode).await.unwrap();
    assert_eq!(prompts.reply_sending, ReplySending::Approval);
    imap.deliver(LOGIN, &reply("contact@ets-perrin.fr", None, "r9@ets-perrin.fr", "Et vendredi matin, possible ?"));
    poll_one(&app.state, mailbox).await.unwrap();
    app.run_jobs().await;
    assert_eq!(smtp.messages().len(), before + 1, "held for approval");
    let held: Thread = client.call("conversations/thread", &[("id", &id)]).await.unwrap();
    assert_eq!(held.reply_sending, ReplySending::Approval);
    let waiting = held.messages.last().unwrap();
    assert_eq!((waiting.author, waiting.status), (MessageAuthor::Agent, MessageStatus::Draft), "{waiting:?}");

    // Answers and corrections have the agent write again: they share the hourly allowance of
    // texts written on request (20 by default; two used above).
    let sent_id = last.id.to_string();
    for n in 0..18 {
        let instruction = format!("Consigne {n}");
        client
            .call::<u32>("conversations/correct", &[("message_id", &sent_id), ("instruction", &instruction)])
            .await
            .unwrap();
    }
    let over =
        client.call::<u32>("conversations/correct", &[("message_id", &sent_id), ("instruction", "Encore")]).await;
    assert!(matches!(over, Err(AppError::TooMany { .. })), "{over:?}");
    let lost: Inbox = client.call("conversations/inbox", &[("stage", "Lost")]).await.unwrap();
    let stop_id = lost.conversations[0].id.to_string();
    let stop: Thread = client.call("conversations/thread", &[("id", &stop_id)]).await.unwrap();
    assert_eq!(
        stop.messages.iter().map(|m| m.author).collect::<Vec<_>>(),
        [MessageAuthor::Prospect, MessageAuthor::Platform, MessageAuthor::Prospect],
        "the request, the one confirmation, the request repeated (not confirmed again)"
    );

    // Another organisation's mailbox receiving a message that names this one's thread.
    let other_imap = Dovecot::start("paul@menuiserie-paul.fr", PASSWORD).await;
    let other_smtp = SmtpPeer::start("paul@menuiserie-paul.fr", PASSWORD).await;
    let other = app.signed_up("paul@menuiserie-paul.fr", "Menuiserie Paul").await;
    let mut other_settings = settings(other_smtp.port, other_imap.port, PASSWORD);
    for (key, value) in other_settings.iter_mut() {
        if matches!(*key, "from_address" | "login") {
            *value = "paul@menuiserie-paul.fr".into();
        }
    }
    connect(&other, &other_settings).await.expect("connect the other mailbox");
    let other_mailbox = MailboxId(scalar(&app, "SELECT MAX(id) AS n FROM mailboxes").await);
    other_imap
        .deliver("paul@menuiserie-paul.fr", &reply("contact@ets-perrin.fr", Some(&ours), "r5@ets-perrin.fr", "Faux"));
    assert_eq!(poll_one(&app.state, other_mailbox).await.unwrap(), 1);
    assert_hidden_from_other_tenant(&app, &other, "conversations/thread", &[("id", &id)]).await;
    assert_hidden_from_other_tenant(
        &app,
        &other,
        "conversations/correct",
        &[("message_id", &draft_id), ("instruction", "x")],
    )
    .await;
    assert_hidden_from_other_tenant(&app, &other, "conversations/answer", &[("id", &id), ("answer", "x")]).await;
    assert_hidden_from_other_tenant(
        &app,
        &other,
        "conversations/book-meeting",
        &[("id", &id), ("starts_at", &slots[1].starts_at)],
    )
    .await;
    let theirs: Inbox = other.call("conversations/inbox", &[("stage", "Open")]).await.unwrap();
    assert_eq!(theirs.counts, InboxCounts::default());
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) AS n FROM conversation_messages WHERE body = 'Faux'").await,
        0,
        "never filed into another organisation's conversation"
    );
}

both_databases!(replies_are_filed_into_their_conversations);

/// The agent and the client's calendar (RDV-1), through the real mail path and a real CalDAV
/// server: asked for a call, the agent proposes free slots of the calendar (never a time made
/// up); the prospect's choice is booked in the calendar before the reply confirming it; asked
/// to move it, the agent proposes others and the new choice replaces the old meeting, whose
/// event leaves the calendar; called off, the meeting is cancelled and the conversation open
/// again. Each step is said to the client.
async fn the_agent_proposes_free_slots_and_books_moves_and_cancels(backend: Backend) {
    let smtp = SmtpPeer::start(LOGIN, PASSWORD).await;
    let imap = Dovecot::start(LOGIN, PASSWORD).await;
    let radicale = Radicale::start().await;
    let calendar = radicale.make_calendar("agenda").await;
    let app = app(backend).await;
    let client = app.signed_up("camille@atelier-martin.fr", "Atelier Martin").await;
    connect(&client, &settings(smtp.port, imap.port, PASSWORD)).await.expect("connect");
    let calendar_form =
        [("kind", "caldav"), ("url", calendar.as_str()), ("username", CALENDAR_USER), ("password", CALENDAR_PASSWORD)];
    client.call::<()>("meetings/connect", &calendar_form).await.expect("calendar connected");
    let (campaign, _) = campaign_waiting_for_email(&app, &client, &["contact@ets-perrin.fr"]).await;
    send_all(&app, campaign.id).await;
    let ours =
        scalar_text(&app, "SELECT message_id AS t FROM mailbox_sends WHERE recipient = 'contact@ets-perrin.fr'").await;
    let mailbox = mailbox_id(&app).await;
    let slots: Vec<SlotView> = client.call("meetings/free-slots", &[]).await.unwrap();
    assert!(slots.len() >= 4, "{slots:?}");
    let says = |from: &str, n: u32, body: &str| reply(from, Some(&ours), &format!("r{n}@ets-perrin.fr"), body);
    let prospect = "Jean Perrin <contact@ets-perrin.fr>";
    let turn = |n: u32, body: String| {
        let (imap, app, client) = (&imap, &app, &client);
        let raw = says(prospect, n, &body);
        async move {
            imap.deliver(LOGIN, &raw);
            poll_one(&app.state, mailbox).await.unwrap();
            app.run_jobs().await;
            let inbox: Inbox = client.call("conversations/inbox", &[("stage", "Open")]).await.unwrap();
            let won: Inbox = client.call("conversations/inbox", &[("stage", "Won")]).await.unwrap();
            let id = inbox.conversations.iter().chain(&won.conversations).next().expect("the conversation").id;
            let thread: Thread = client.call("conversations/thread", &[("id", &id.to_string())]).await.unwrap();
            thread
        }
    };
    let last_draft = |thread: &Thread| {
        let draft = thread.messages.iter().rev().find(|m| m.status == MessageStatus::Draft).expect("a draft");
        draft.body.clone()
    };
    let booked = || async {
        let o: MeetingsOverview = client.call("meetings/overview", &[("week", "0")]).await.unwrap();
        o.upcoming
    };

    // Asked for a call: two of the calendar's free slots, on two days.
    let asked = turn(1, "Bonjour, pouvez-vous me rappeler pour en parler ?".into()).await;
    let proposal = last_draft(&asked);
    let day = |label: &str| label.split(" à ").next().unwrap().to_string();
    let other_day = slots.iter().find(|s| day(&s.label) != day(&slots[0].label)).expect("two days");
    assert!(
        proposal.contains(&format!("je vous propose {} ou {}", slots[0].label, other_day.label)),
        "{proposal} / {slots:?}"
    );
    assert!(booked().await.is_empty(), "a proposal books nothing");

    // The prospect takes the second: booked in the calendar, the reply confirms it, won.
    let accepted = turn(2, format!("D'accord pour {}, à bientôt.", slots[2].label)).await;
    assert!(last_draft(&accepted).contains(&format!("C'est noté pour {}", slots[2].label)), "{accepted:?}");
    assert_eq!(accepted.summary.stage, prospecta_shared::conversations::ConversationStage::Won);
    let meetings = booked().await;
    assert_eq!(meetings.len(), 1, "{meetings:?}");
    assert_eq!(meetings[0].conversation_id, Some(accepted.summary.id));
    let start = chrono::DateTime::parse_from_rfc3339(&slots[2].starts_at).unwrap().with_timezone(&chrono::Utc);
    assert_eq!(meetings[0].when, prospecta_server::meetings::slots::label_with_year_fr(start));
    let first_uid = scalar_text(&app, "SELECT uid AS t FROM meetings WHERE status = 'booked'").await;
    let event = radicale.get(&calendar, &first_uid).await.expect("written in the calendar");
    assert!(event.contains("mailto:contact@ets-perrin.fr"), "{event}");

    // Asked to move it: other slots (the booked one is no longer free), then the new choice
    // replaces it.
    let moving = turn(3, "J'ai un empêchement, peut-on décaler ?".into()).await;
    let second = last_draft(&moving);
    assert!(second.contains("je vous propose") && !second.contains(&slots[2].label), "{second}");
    let again: Vec<SlotView> = client.call("meetings/free-slots", &[]).await.unwrap();
    let moved = turn(4, format!("D'accord pour {}, merci.", again[0].label)).await;
    assert!(last_draft(&moved).contains(&format!("C'est noté pour {}", again[0].label)), "{moved:?}");
    let meetings = booked().await;
    assert_eq!(meetings.len(), 1, "the old meeting is replaced: {meetings:?}");
    let new_start = chrono::DateTime::parse_from_rfc3339(&again[0].starts_at).unwrap().with_timezone(&chrono::Utc);
    assert_eq!(meetings[0].when, prospecta_server::meetings::slots::label_with_year_fr(new_start));
    assert_eq!(radicale.get(&calendar, &first_uid).await, None, "the old event left the calendar");
    assert_eq!(scalar(&app, "SELECT COUNT(*) AS n FROM meetings WHERE status = 'cancelled'").await, 1);

    // Called off: cancelled, out of the calendar, the conversation open again.
    let second_uid = scalar_text(&app, "SELECT uid AS t FROM meetings WHERE status = 'booked'").await;
    let called_off = turn(5, "Finalement je dois annuler notre rendez-vous, désolé.".into()).await;
    assert!(last_draft(&called_off).contains("j'annule notre rendez-vous"), "{called_off:?}");
    assert!(booked().await.is_empty());
    assert_eq!(radicale.get(&calendar, &second_uid).await, None);
    assert_eq!(called_off.summary.stage, prospecta_shared::conversations::ConversationStage::Open);
    let notes = |title: &'static str| {
        let app = &app;
        async move { scalar(app, &format!("SELECT COUNT(*) AS n FROM notifications WHERE title = '{title}'")).await }
    };
    assert_eq!((notes("Rendez-vous réservé").await, notes("Rendez-vous déplacé").await), (2, 1));
    assert_eq!(notes("Rendez-vous annulé").await, 1);
    assert_eq!(smtp.messages().len(), 1, "every reply waited for the client's approval");
}

both_databases!(the_agent_proposes_free_slots_and_books_moves_and_cancels);

/// A feedback-loop report (ARF) as Microsoft's sends them: the recipient redacted, our message
/// returned with its Message-ID.
fn spam_complaint(ours: &str) -> Vec<u8> {
    format!(
        "From: staff@hotmail.com\r\nTo: {LOGIN}\r\nSubject: complaint about message from 192.0.2.1\r\n\
         Message-ID: <fbl-1@hotmail.com>\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/report; report-type=feedback-report; boundary=\"arf\"\r\n\r\n\
         --arf\r\nContent-Type: text/plain\r\n\r\nThis is an email abuse report for an email message received.\r\n\
         --arf\r\nContent-Type: message/feedback-report\r\n\r\nFeedback-Type: abuse\r\nUser-Agent: Hotmail FBL\r\nVersion: 1\r\n\
         --arf\r\nContent-Type: message/rfc822\r\n\r\nFrom: {LOGIN}\r\nTo: redacted@garage-roux.fr\r\n\
         Subject: Votre atelier\r\nMessage-ID: <{ours}>\r\n\r\nBonjour\r\n--arf--\r\n"
    )
    .into_bytes()
}

async fn a_spam_complaint_suppresses_and_objects_without_an_answer(backend: Backend) {
    let smtp = SmtpPeer::start(LOGIN, PASSWORD).await;
    let imap = Dovecot::start(LOGIN, PASSWORD).await;
    let app = app(backend).await;
    let client = app.signed_up("camille@atelier-martin.fr", "Atelier Martin").await;
    connect(&client, &settings(smtp.port, imap.port, PASSWORD)).await.expect("connect");
    let (campaign, ids) = campaign_waiting_for_email(&app, &client, &["accueil@garage-roux.fr"]).await;
    send_all(&app, campaign.id).await;
    assert_eq!(smtp.messages().len(), 1);
    let ours = scalar_text(&app, "SELECT message_id AS t FROM mailbox_sends").await;

    imap.deliver(LOGIN, &spam_complaint(&ours));
    assert_eq!(poll_one(&app.state, mailbox_id(&app).await).await.unwrap(), 1);
    app.run_jobs().await;
    // Our message named the address the report redacted: suppressed, and objected to for
    // everyone on the platform.
    assert_eq!(
        scalar_text(&app, "SELECT reason AS t FROM mail_suppressions WHERE address = 'accueil@garage-roux.fr'").await,
        "complaint"
    );
    let hash_key = &app.state.config.opposition_hash_key;
    assert!(is_opposed(app.db(), hash_key, &[Subject::Email("accueil@garage-roux.fr")]).await.unwrap());
    let sql = format!("SELECT stage AS t FROM conversations WHERE contact_id = {}", ids[0]);
    assert_eq!(scalar_text(&app, &sql).await, "lost");
    let sql = format!("SELECT tags AS t FROM conversations WHERE contact_id = {}", ids[0]);
    assert_eq!(scalar_text(&app, &sql).await, "[\"complaint\"]");
    assert_eq!(smtp.messages().len(), 1, "a complaint is never answered");
    assert_eq!(scalar(&app, "SELECT COUNT(*) AS n FROM jobs WHERE kind = 'conversations.agent_turn'").await, 0);
}

both_databases!(a_spam_complaint_suppresses_and_objects_without_an_answer);

/// IMAP IDLE: a process watching the mailbox reads a reply within seconds, without the
/// minute's poll; one watcher per mailbox across processes.
async fn a_watched_inbox_is_read_as_soon_as_mail_arrives(backend: Backend) {
    let smtp = SmtpPeer::start(LOGIN, PASSWORD).await;
    let imap = Dovecot::start(LOGIN, PASSWORD).await;
    let app = app(backend).await;
    let client = app.signed_up("camille@atelier-martin.fr", "Atelier Martin").await;
    connect(&client, &settings(smtp.port, imap.port, PASSWORD)).await.expect("connect");
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let watcher =
        tokio::spawn(prospecta_server::conversations::watch::run(app.state.clone(), "veilleur-1".into(), stopped));
    let received = |n: i64| {
        let app = &app;
        async move {
            for _ in 0..400 {
                if app.count("inbound_messages").await >= n {
                    return true;
                }
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
            false
        }
    };
    imap.deliver(LOGIN, &reply("inconnu@ailleurs.fr", None, "w1@ailleurs.fr", "Bonjour, première question."));
    assert!(received(1).await, "read when the watch began");
    assert_eq!(scalar_text(&app, "SELECT watcher AS t FROM mailboxes").await, "veilleur-1");
    let other =
        prospecta_server::mailboxes::claim_watches(app.db(), "veilleur-2", std::time::Duration::from_secs(90), 10);
    assert_eq!(other.await.unwrap(), vec![], "held by the first process");
    // Now the inbox is held open: the next reply is read on the server's notice (the next
    // IDLE round or poll would be minutes away).
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    imap.deliver(LOGIN, &reply("inconnu@ailleurs.fr", None, "w2@ailleurs.fr", "Et une seconde."));
    assert!(received(2).await, "read on the IDLE notice");
    stop.send(true).unwrap();
    watcher.await.unwrap();
    assert_eq!(scalar(&app, "SELECT COUNT(*) AS n FROM mailboxes WHERE watcher IS NULL").await, 1, "let go on stop");
}

both_databases!(a_watched_inbox_is_read_as_soon_as_mail_arrives);
