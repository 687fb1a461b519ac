//! At most once, for real: a visit cut off after the submit click ends `unknown` and is never
//! sent again; a contact put back in the queue (PAUSE then PLAY, the platform's 7-day guard) is
//! really sent later, once. Each case runs the real form engine against a small site served
//! here, which counts the submissions it receives.

use crate::both_databases;
use crate::campaigns::{app, contact_state, create, database, exec, play, reserve, run, scalar};
use crate::support::{Backend, TestApp};
use axum::Router;
use axum::extract::State;
use axum::response::Html;
use axum::routing::get;
use prospecta_server::outreach::campaigns::dispatch::Dispatched;
use prospecta_server::outreach::campaigns::submission::release_stale_reservations;
use prospecta_shared::ids::{CampaignId, ContactId};
use sea_orm::{ConnectionTrait, Statement};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// How a test site answers the submission.
#[derive(Clone, Copy)]
enum Answer {
    /// A thank-you page.
    ThankYou,
    /// The page's script posts the message, then the page freezes (a script that never ends):
    /// the visit runs out of time after the click.
    FreezeAfterPosting,
    /// The form is behind a reCAPTCHA: the engine never submits it.
    Captcha,
}

#[derive(Clone)]
struct Site {
    answer: Answer,
    submissions: Arc<AtomicUsize>,
}

const FORM: &str = r#"<form id="contact" action="/envoyer" method="post">
<p><label for="nom">Nom</label> <input id="nom" name="nom" required></p>
<p><label for="email">E-mail</label> <input id="email" name="email" type="email" required></p>
<p><label for="message">Message</label> <textarea id="message" name="message" required></textarea></p>
<p><button type="submit">Envoyer</button></p>
</form>"#;

async fn home(State(site): State<Site>) -> Html<String> {
    let script = match site.answer {
        Answer::ThankYou => "",
        Answer::Captcha => r#"<div class="g-recaptcha" data-sitekey="6Lc-test"></div>"#,
        Answer::FreezeAfterPosting => {
            r#"<script>
document.getElementById('contact').addEventListener('submit', function (e) {
  e.preventDefault();
  fetch('/envoyer', { method: 'POST', body: new URLSearchParams(new FormData(this)), keepalive: true });
  setTimeout(function () { for (;;) {} }, 300);
});
</script>"#
        }
    };
    Html(format!(
        "<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>Plomberie Test</title></head>\
         <body><h1>Plomberie Test</h1><h2>Contactez-nous</h2>{FORM}{script}</body></html>"
    ))
}

async fn submitted(State(site): State<Site>) -> Html<&'static str> {
    site.submissions.fetch_add(1, Ordering::SeqCst);
    Html(
        "<!doctype html><html lang=\"fr\"><body><h1>Merci !</h1><p>Votre message a bien été envoyé. Nous vous répondrons rapidement.</p></body></html>",
    )
}

/// Serves the site on loopback; returns its address and its submission counter.
async fn serve(answer: Answer) -> (String, Arc<AtomicUsize>) {
    let submissions = Arc::new(AtomicUsize::new(0));
    let site = Site { answer, submissions: submissions.clone() };
    let router = Router::new().route("/", get(home)).route("/envoyer", axum::routing::post(submitted)).with_state(site);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://127.0.0.1:{}/", listener.local_addr().expect("addr").port());
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    (url, submissions)
}

/// A client with a one-row database whose company's website is `site`, and a running campaign
/// on it (its dispatcher chain removed: the test reserves by hand).
async fn campaign_on(app: &TestApp, site: &str) -> (crate::support::Client, CampaignId, ContactId) {
    let client = app.signed_up("anne@plomberie-conseil.fr", "Plomberie Conseil").await;
    let db = database(app, &client, 1).await;
    let campaign = create(&client, db.id).await;
    let contact = ContactId(
        scalar(app, &format!("SELECT MIN(id) AS n FROM campaign_contacts WHERE campaign_id = {}", campaign.id)).await,
    );
    exec(app, &format!("UPDATE companies SET website = '{site}' WHERE id = (SELECT company_id FROM campaign_contacts WHERE id = {contact})")).await;
    play(app, &client, campaign.id).await;
    (client, campaign.id, contact)
}

async fn submissions_attempts(app: &TestApp, contact: ContactId) -> i64 {
    scalar(app, &format!("SELECT COUNT(*) AS n FROM contact_attempts WHERE contact_id = {contact}")).await
}

async fn a_visit_cut_off_after_the_click_is_unknown_and_never_sent_again(backend: Backend) {
    let app = TestApp::start_with(backend, |c| {
        c.prospecting.pagesjaunes_interval = Duration::from_millis(2);
        c.prospecting.open_data_interval = Duration::from_millis(1);
        c.outreach.host_gap = Duration::ZERO;
        c.outreach.site_timeout = Duration::from_secs(10);
    })
    .await;
    let (site, submissions) = serve(Answer::FreezeAfterPosting).await;
    let (_client, campaign, contact) = campaign_on(&app, &site).await;
    assert!(matches!(reserve(&app, campaign).await, Dispatched::Reserved { contact_id, .. } if contact_id == contact));
    app.run_jobs().await;
    assert_eq!(submissions.load(Ordering::SeqCst), 1, "the page's script posted the message once");
    assert_eq!(contact_state(&app, contact).await, "unknown", "cut off after the click: unknown, not retried");
    assert!(
        crate::observability::metric(&app, "prospecta_forms_total", &["state=\"unknown\""]).await >= 1.0,
        "the form's end is counted by state"
    );
    assert_eq!(
        scalar(
            &app,
            &format!("SELECT COUNT(*) AS n FROM contact_attempts WHERE contact_id = {contact} AND state = 'unknown'")
        )
        .await,
        1
    );
    // Even once any retry date would have come, nothing picks it up again.
    exec(&app, &format!("UPDATE campaign_contacts SET next_action_at = NULL WHERE id = {contact}")).await;
    assert_eq!(reserve(&app, campaign).await, Dispatched::Exhausted);
    app.run_jobs().await;
    assert_eq!(submissions.load(Ordering::SeqCst), 1, "never a second submission");
    assert_eq!(submissions_attempts(&app, contact).await, 1);
}

async fn a_paused_then_resumed_contact_is_sent_once(backend: Backend) {
    let app = app(backend).await;
    let (site, submissions) = serve(Answer::ThankYou).await;
    let (client, campaign, contact) = campaign_on(&app, &site).await;
    assert!(matches!(reserve(&app, campaign).await, Dispatched::Reserved { contact_id, .. } if contact_id == contact));
    run(&client, campaign, false).await.expect("pause");
    app.run_jobs().await;
    assert_eq!(contact_state(&app, contact).await, "pending", "the pause gave it back");
    assert_eq!(submissions.load(Ordering::SeqCst), 0);
    play(&app, &client, campaign).await;
    assert!(matches!(reserve(&app, campaign).await, Dispatched::Reserved { contact_id, .. } if contact_id == contact));
    app.run_jobs().await;
    assert_eq!(contact_state(&app, contact).await, "sent", "the second reservation really ran");
    assert_eq!(submissions.load(Ordering::SeqCst), 1);
    assert_eq!(
        scalar(
            &app,
            &format!("SELECT COUNT(*) AS n FROM contact_attempts WHERE contact_id = {contact} AND state = 'sent'")
        )
        .await,
        1
    );
    assert_eq!(
        scalar(
            &app,
            &format!("SELECT COUNT(*) AS n FROM campaign_contacts WHERE campaign_id = {campaign} AND state = 'queued'")
        )
        .await,
        0,
        "no slot of the daily pace held"
    );
}

/// Records that the platform contacted `company` at `at`, through another client's campaign.
async fn contacted_elsewhere(
    app: &TestApp,
    backend: Backend,
    company: i64,
    state: &str,
    at: chrono::DateTime<chrono::Utc>,
) {
    let paul = app.signed_up("paul@chauffage.fr", "Chauffage Paul").await;
    let theirs = database(app, &paul, 1).await;
    let their_campaign = create(&paul, theirs.id).await;
    // Their database holds the same shared company (the same best row of the same target).
    let their_contact = scalar(
        app,
        &format!(
            "SELECT MIN(id) AS n FROM campaign_contacts WHERE campaign_id = {} AND company_id = {company}",
            their_campaign.id
        ),
    )
    .await;
    let db = app.db();
    let sql = "INSERT INTO contact_attempts (contact_id, campaign_id, organization_id, company_id, variant_id, step, channel, state, charged, started_at) \
               SELECT id, campaign_id, organization_id, company_id, variant_id, 1, 'form', $1, false, $2 FROM campaign_contacts WHERE id = $3";
    let sql = if backend == Backend::Sqlite { sql.replace('$', "?") } else { sql.to_string() };
    db.execute(Statement::from_sql_and_values(
        db.get_database_backend(),
        &sql,
        [state.into(), at.into(), their_contact.into()],
    ))
    .await
    .expect("attempt");
}

async fn a_contact_postponed_by_the_platform_guard_is_sent_after_its_date(backend: Backend) {
    let app = app(backend).await;
    let (site, submissions) = serve(Answer::ThankYou).await;
    let (_client, campaign, contact) = campaign_on(&app, &site).await;
    let company = scalar(&app, &format!("SELECT company_id AS n FROM campaign_contacts WHERE id = {contact}")).await;
    contacted_elsewhere(&app, backend, company, "sent", chrono::Utc::now() - chrono::Duration::days(1)).await;
    assert!(matches!(reserve(&app, campaign).await, Dispatched::Reserved { contact_id, .. } if contact_id == contact));
    app.run_jobs().await;
    assert_eq!(contact_state(&app, contact).await, "pending");
    assert_eq!(submissions.load(Ordering::SeqCst), 0, "postponed, not sent");
    assert_eq!(reserve(&app, campaign).await, Dispatched::Exhausted, "not before its date");
    // Six days later: the other client's contact is over a week old and the date has come.
    let db = app.db();
    let sql = if backend == Backend::Sqlite {
        "UPDATE contact_attempts SET started_at = ?1 WHERE company_id = ?2"
    } else {
        "UPDATE contact_attempts SET started_at = $1 WHERE company_id = $2"
    };
    let week_ago = chrono::Utc::now() - chrono::Duration::days(8);
    db.execute(Statement::from_sql_and_values(db.get_database_backend(), sql, [week_ago.into(), company.into()]))
        .await
        .expect("age the other contact");
    exec(&app, &format!("UPDATE campaign_contacts SET next_action_at = NULL WHERE id = {contact}")).await;
    assert!(matches!(reserve(&app, campaign).await, Dispatched::Reserved { contact_id, .. } if contact_id == contact));
    app.run_jobs().await;
    assert_eq!(contact_state(&app, contact).await, "sent");
    assert_eq!(submissions.load(Ordering::SeqCst), 1);
}

/// The guard counts what is in flight and what is of unknown fate, not only what was sent.
async fn the_platform_guard_counts_in_flight_and_unknown_contacts(backend: Backend) {
    for state in ["sending", "unknown"] {
        let app = app(backend).await;
        let (site, submissions) = serve(Answer::ThankYou).await;
        let (_client, campaign, contact) = campaign_on(&app, &site).await;
        let company =
            scalar(&app, &format!("SELECT company_id AS n FROM campaign_contacts WHERE id = {contact}")).await;
        contacted_elsewhere(&app, backend, company, state, chrono::Utc::now() - chrono::Duration::minutes(5)).await;
        assert!(matches!(reserve(&app, campaign).await, Dispatched::Reserved { .. }));
        app.run_jobs().await;
        assert_eq!(
            contact_state(&app, contact).await,
            "pending",
            "another client's {state} contact postpones this one"
        );
        assert_eq!(submissions.load(Ordering::SeqCst), 0, "{state}");
    }
}

/// A reservation whose job was lost (dead after its attempts) does not hold the contact forever.
async fn a_lost_reservation_goes_back_to_the_queue(backend: Backend) {
    let app = app(backend).await;
    let (site, submissions) = serve(Answer::ThankYou).await;
    let (_client, campaign, contact) = campaign_on(&app, &site).await;
    assert!(matches!(reserve(&app, campaign).await, Dispatched::Reserved { .. }));
    exec(&app, "DELETE FROM jobs WHERE kind = 'campaign.submit'").await;
    let now = chrono::Utc::now();
    assert_eq!(release_stale_reservations(app.db(), now).await.unwrap(), 0, "a fresh reservation is left alone");
    let later = now + chrono::Duration::hours(3);
    assert_eq!(release_stale_reservations(app.db(), later).await.unwrap(), 1);
    assert_eq!(contact_state(&app, contact).await, "pending");
    assert!(matches!(reserve(&app, campaign).await, Dispatched::Reserved { contact_id, .. } if contact_id == contact));
    app.run_jobs().await;
    assert_eq!(contact_state(&app, contact).await, "sent");
    assert_eq!(submissions.load(Ordering::SeqCst), 1);
}

/// A follow-up whose form cannot be used is not retried, and the next one waits the campaign's
/// delay instead of leaving at once.
async fn a_failed_follow_up_waits_the_delay_before_the_next(backend: Backend) {
    let app = app(backend).await;
    let (site, submissions) = serve(Answer::Captcha).await;
    let (_client, campaign, contact) = campaign_on(&app, &site).await;
    let eight_days = chrono::Utc::now() - chrono::Duration::days(8);
    let db = app.db();
    let sql = if backend == Backend::Sqlite {
        "UPDATE campaign_contacts SET state = 'sent', step = 1, first_sent_at = ?1, last_sent_at = ?1 WHERE id = ?2"
    } else {
        "UPDATE campaign_contacts SET state = 'sent', step = 1, first_sent_at = $1, last_sent_at = $1 WHERE id = $2"
    };
    db.execute(Statement::from_sql_and_values(db.get_database_backend(), sql, [eight_days.into(), contact.into()]))
        .await
        .expect("first message a week ago");
    assert!(matches!(reserve(&app, campaign).await, Dispatched::Reserved { contact_id, .. } if contact_id == contact));
    app.run_jobs().await;
    assert_eq!(submissions.load(Ordering::SeqCst), 0, "a CAPTCHA is never passed");
    assert_eq!(contact_state(&app, contact).await, "sent", "the first message still stands");
    assert_eq!(
        scalar(&app, &format!("SELECT CAST(step AS BIGINT) AS n FROM campaign_contacts WHERE id = {contact}")).await,
        2
    );
    assert_eq!(reserve(&app, campaign).await, Dispatched::Exhausted, "the second follow-up waits the delay");
}

both_databases!(
    a_failed_follow_up_waits_the_delay_before_the_next,
    a_visit_cut_off_after_the_click_is_unknown_and_never_sent_again,
    a_paused_then_resumed_contact_is_sent_once,
    a_contact_postponed_by_the_platform_guard_is_sent_after_its_date,
    the_platform_guard_counts_in_flight_and_unknown_contacts,
    a_lost_reservation_goes_back_to_the_queue,
);
