//! The results (ONB-7, X-5) from real records, on both databases: a campaign's two e-mails
//! really sent, one prospect's reply read by the agent, the slot it accepts booked by the agent
//! in a real CalDAV calendar, the meeting marked held then signed, the subscription paid through
//! the (simulated) provider and invoiced: the funnel, the costs, the return on them, the lines
//! per campaign, variant and offer and the trend all say so. Another organisation sees none of
//! it; an unknown period is refused.

use crate::billing::{answer_checkout, checkout, deliver, identify};
use crate::both_databases;
use crate::calendar_peer::{PASSWORD as CALENDAR_PASSWORD, Radicale, USER as CALENDAR_USER};
use crate::campaigns::app;
use crate::conversations::reply;
use crate::mail_peers::{Dovecot, SmtpPeer};
use crate::mailboxes::{LOGIN, PASSWORD, campaign_waiting_for_email, connect, send_all, settings};
use crate::support::{Backend, scalar};
use chrono::{Duration, Utc};
use prospecta_server::conversations::poll::poll_one;
use prospecta_shared::AppError;
use prospecta_shared::ids::{MailboxId, MeetingId};
use prospecta_shared::meetings::SlotView;
use prospecta_shared::results::{Funnel, ResultsView};

const PERRIN: &str = "Jean Perrin <contact@ets-perrin.fr>";

async fn results_are_counted_from_the_real_records(backend: Backend) {
    let smtp = SmtpPeer::start(LOGIN, PASSWORD).await;
    let imap = Dovecot::start(LOGIN, PASSWORD).await;
    let radicale = Radicale::start().await;
    let calendar = radicale.make_calendar("agenda").await;
    let app = app(backend).await;
    let client = app.signed_up("camille@atelier-martin.fr", "Atelier Martin").await;
    identify(&client, "Atelier Martin").await;
    connect(&client, &settings(smtp.port, imap.port, PASSWORD)).await.expect("mailbox");
    let calendar_form =
        [("kind", "caldav"), ("url", calendar.as_str()), ("username", CALENDAR_USER), ("password", CALENDAR_PASSWORD)];
    client.call::<()>("meetings/connect", &calendar_form).await.expect("calendar");
    let results = |period: &'static str| {
        let client = &client;
        async move { client.call::<ResultsView>("results/overview", &[("period", period)]).await }
    };
    let empty = results("30j").await.unwrap();
    assert_eq!((empty.total, empty.cost_cents), (Funnel::default(), 0), "nothing yet");

    // Two companies contacted by e-mail; one answers, asks for a call, takes a slot.
    let (campaign, _) =
        campaign_waiting_for_email(&app, &client, &["contact@ets-perrin.fr", "direction@ets-durand.fr"]).await;
    send_all(&app, campaign.id).await;
    let ours = crate::support::scalar_text(
        &app,
        "SELECT message_id AS t FROM mailbox_sends WHERE recipient = 'contact@ets-perrin.fr'",
    )
    .await;
    let mailbox = MailboxId(scalar(&app, "SELECT MIN(id) AS n FROM mailboxes").await);
    // Every first message tried: the client is told the campaign is finished, once.
    app.run_jobs().await;
    let finished = crate::support::scalar_text(
        &app,
        "SELECT body AS t FROM notifications WHERE title = 'Campagne terminée' AND kind = 'campaign_finished'",
    )
    .await;
    assert!(finished.contains("2 entreprises contactées sur 3"), "{finished}");
    send_all(&app, campaign.id).await;
    app.run_jobs().await;
    assert_eq!(scalar(&app, "SELECT COUNT(*) AS n FROM notifications WHERE title = 'Campagne terminée'").await, 1);
    imap.deliver(LOGIN, &reply(PERRIN, Some(&ours), "r1@ets-perrin.fr", "Bonjour, pouvez-vous me rappeler ?"));
    poll_one(&app.state, mailbox).await.unwrap();
    app.run_jobs().await;
    let slots: Vec<SlotView> = client.call("meetings/free-slots", &[]).await.unwrap();
    let accepted = format!("D'accord pour {}, à bientôt.", slots[1].label);
    imap.deliver(LOGIN, &reply(PERRIN, Some(&ours), "r2@ets-perrin.fr", &accepted));
    poll_one(&app.state, mailbox).await.unwrap();
    app.run_jobs().await;
    let meeting = MeetingId(scalar(&app, "SELECT MIN(id) AS n FROM meetings").await);

    // The meeting took place (the clock moved on), held and signed for 2 400 € HT.
    crate::meetings::move_meeting(&app, meeting, Utc::now() - Duration::hours(3)).await;
    let id = meeting.to_string();
    client.call::<()>("meetings/mark", &[("id", &id), ("outcome", "held"), ("amount", "")]).await.unwrap();
    client.call::<()>("meetings/mark", &[("id", &id), ("outcome", "signed"), ("amount", "2 400")]).await.unwrap();

    // The subscription paid and invoiced.
    let url = checkout(&client, &[("offre", "essentiel")]).await.expect("checkout");
    answer_checkout(&url, "paid").await;
    deliver(&app, 1).await;
    let paid = scalar(&app, "SELECT CAST(SUM(net_cents) AS BIGINT) AS n FROM invoices").await;
    assert!(paid > 0);

    let r = results("30j").await.unwrap();
    // The database's third company has no e-mail address: in the campaign, never contacted.
    let expected = Funnel {
        prospects: 3,
        contacted: 2,
        replied: 1,
        interested: 1,
        meetings: 1,
        signed: 1,
        revenue_cents: 240_000,
    };
    assert_eq!(r.total, expected, "{r:?}");
    assert_eq!(r.cost_cents, paid);
    assert_eq!((r.cost_per_meeting(), r.cost_per_signature()), (Some(paid), Some(paid)));
    assert_eq!(r.roi_percent(), Some(((240_000 - paid) * 100 + paid / 2) / paid));
    assert_eq!(r.by_campaign.len(), 1);
    assert_eq!((r.by_campaign[0].label.as_str(), r.by_campaign[0].funnel), (campaign.name.as_str(), expected));
    assert_eq!(r.by_offer.len(), 1);
    assert_eq!(r.by_offer[0].funnel, expected);
    let mut variants = Funnel::default();
    r.by_variant.iter().for_each(|l| variants.add(&l.funnel));
    assert_eq!(
        (variants.contacted, variants.replied, variants.meetings, variants.signed, variants.revenue_cents),
        (2, 1, 1, 1, 240_000),
        "each first message's variant: {:?}",
        r.by_variant
    );
    assert!(
        r.by_variant
            .iter()
            .all(|l| l.label.starts_with("Variante ") && l.detail.as_deref() == Some(campaign.name.as_str()))
    );
    let today = r.trend.last().unwrap();
    assert_eq!(
        (today.label.clone(), today.funnel, today.cost_cents),
        (Utc::now().with_timezone(&chrono_tz::Europe::Paris).format("%d/%m").to_string(), expected, paid)
    );
    for period in ["3m", "12m", "tout"] {
        let wider = results(period).await.unwrap();
        assert_eq!((wider.total, wider.cost_cents), (expected, paid), "{period}");
    }

    // Another organisation sees none of it; an unknown period is refused.
    let outsider = app.signed_up("paul@garage-morel.fr", "Garage Morel").await;
    let theirs: ResultsView = outsider.call("results/overview", &[("period", "tout")]).await.unwrap();
    assert_eq!((theirs.total, theirs.cost_cents, theirs.by_campaign.len()), (Funnel::default(), 0, 0));
    let unknown = client.call::<ResultsView>("results/overview", &[("period", "hier")]).await;
    assert_eq!(unknown, Err(AppError::NotFound));
}

both_databases!(results_are_counted_from_the_real_records);
