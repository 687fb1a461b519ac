//! Abuse and money (issue 12, items 4 and 5): quotas that never go negative, e-mail
//! verification before any spending, anti-abuse limits, the login limiter, trusted proxies and
//! the production start-up checks.

use crate::both_databases;
use crate::databases::target;
use crate::support::{Backend, Client, PASSWORD, TestApp, mailed_token, scalar, trust_loopback_proxy};
use prospecta_server::credits;
use prospecta_server::limits::Limit;
use prospecta_shared::AppError;
use prospecta_shared::credits::{Balances, Quota};
use prospecta_shared::error::{LimitedAction, ValidationCode};
use prospecta_shared::ids::{ContactId, OrgId};
use sea_orm::ConnectionTrait;

both_databases!(
    twenty_consumers_race_for_the_last_five_units,
    the_trial_waits_for_a_confirmed_address,
    sign_ups_are_limited_per_ip_whatever_the_forwarded_header,
    invitations_resets_previews_and_generations_are_limited,
    a_burst_of_wrong_passwords_checks_at_most_five,
    a_stranger_cannot_lock_the_owner_out_and_locks_grow,
    a_spent_contacts_quota_pauses_first_contacts_not_follow_ups,
);

async fn org_of(app: &TestApp, email: &str) -> OrgId {
    OrgId(scalar(app, &format!("SELECT organization_id AS n FROM users WHERE email = '{email}'")).await)
}

/// The only consumption path holds under a race: 20 consumers, 5 units left, exactly 5 win.
async fn twenty_consumers_race_for_the_last_five_units(backend: Backend) {
    let app = TestApp::start(backend).await;
    app.signed_up("course@martin.fr", "Martin").await;
    let org = org_of(&app, "course@martin.fr").await;
    let trial = credits::trial(Quota::Contacts);
    credits::grant(app.db(), org, Quota::Contacts, 5 - trial, "test", None).await.unwrap();
    assert_eq!(credits::balance(app.db(), org, Quota::Contacts).await.unwrap(), 5);

    let consumers = (0..20).map(|i| {
        let db = app.db().clone();
        tokio::spawn(async move {
            let tx = prospecta_server::db::begin_write(&db).await.unwrap();
            let spent = credits::consume(&tx, org, Quota::Contacts, 1, &format!("course {i}"), None).await;
            tx.commit().await.unwrap();
            spent
        })
    });
    let results = futures::future::join_all(consumers).await;
    let won = results.iter().filter(|r| matches!(r, Ok(Ok(())))).count();
    let refused = results
        .iter()
        .filter(|r| matches!(r, Ok(Err(credits::CreditsError::Insufficient { quota: Quota::Contacts, .. }))))
        .count();
    assert_eq!((won, refused), (5, 15), "{results:?}");
    assert_eq!(credits::balance(app.db(), org, Quota::Contacts).await.unwrap(), 0);
    // Never below zero at any point of the ledger either: exactly five debits were written.
    assert_eq!(scalar(&app, &format!("SELECT COUNT(*) AS n FROM credit_ledger WHERE organization_id = {org} AND unit = 'contacts' AND reason LIKE 'course%'")).await, 5);
    // The other quota is untouched.
    assert_eq!(credits::balance(app.db(), org, Quota::Prospects).await.unwrap(), credits::trial(Quota::Prospects));
    let refusal = credits::consume(app.db(), org, Quota::Contacts, 1, "encore", None).await.unwrap_err();
    let message = AppError::from(refusal).message_fr();
    assert!(message.contains("entreprises à contacter"), "{message}");
}

/// The confirmation link mailed at sign-up (as the sandbox sink received it).
async fn confirmation_token(app: &TestApp, to: &str) -> String {
    mailed_token(app, to, "/confirmer-email").await
}

async fn the_trial_waits_for_a_confirmed_address(backend: Backend) {
    let app = TestApp::start(backend).await;
    let client = app.signed_up_unverified("nouveau@martin.fr", "Martin").await;
    let shell: prospecta_app::accounts::api::ShellInfo = client.call("accounts/shell", &[]).await.unwrap();
    assert!(!shell.user.unwrap().email_verified);
    // No trial yet, and nothing that spends.
    assert_eq!(client.call::<Balances>("prospecting/credits", &[]).await, Ok(Balances::default()));
    let preview_form: Vec<(&str, &str)> = target("69266", "").into_iter().filter(|(k, _)| *k != "name").collect();
    let refused = client.call::<serde_json::Value>("prospecting/preview", &preview_form).await;
    assert_eq!(refused, Err(AppError::EmailNotVerified));
    assert!(refused.unwrap_err().message_fr().starts_with("Confirmez d'abord votre adresse e-mail"));
    assert_eq!(
        client.call::<serde_json::Value>("prospecting/create", &target("69266", "Plombiers")).await,
        Err(AppError::EmailNotVerified)
    );
    assert_eq!(app.count("prospect_databases").await, 0);
    let campaign = serde_json::json!({ "draft": crate::campaigns::draft(prospecta_shared::ids::DatabaseId(1)) });
    assert_eq!(
        client.call_json::<serde_json::Value>("campaigns/create", &campaign).await,
        Err(AppError::EmailNotVerified)
    );

    // The sandbox inbox shows the caller's own mail only.
    let token = confirmation_token(&app, "nouveau@martin.fr").await;
    let other = app.signed_up("autre@dupont.fr", "Dupont").await;
    let inbox: Vec<prospecta_shared::jobs::SandboxMail> = client.call("accounts/sandbox-inbox", &[]).await.unwrap();
    assert!(!inbox.is_empty() && inbox.iter().all(|m| m.to == "nouveau@martin.fr"), "{inbox:?}");
    assert!(inbox.iter().any(|m| m.body_text.contains(&token)));
    let theirs: Vec<prospecta_shared::jobs::SandboxMail> = other.call("accounts/sandbox-inbox", &[]).await.unwrap();
    assert!(theirs.iter().all(|m| m.to == "autre@dupont.fr" && !m.body_text.contains(&token)));

    // A wrong link confirms nothing; the mailed one does, once, and brings the trial.
    assert_eq!(
        client.call::<()>("accounts/verify-email", &[("token", "pas-le-bon-jeton")]).await,
        Err(AppError::validation("token", ValidationCode::ExpiredLink))
    );
    client.call::<()>("accounts/verify-email", &[("token", &token)]).await.expect("confirmed");
    let trial = Balances {
        prospects: credits::trial(Quota::Prospects),
        contacts: credits::trial(Quota::Contacts),
        agent_messages: credits::trial(Quota::AgentMessages),
    };
    assert_eq!(client.call::<Balances>("prospecting/credits", &[]).await, Ok(trial));
    assert_eq!(
        client.call::<()>("accounts/verify-email", &[("token", &token)]).await,
        Err(AppError::validation("token", ValidationCode::ExpiredLink)),
        "single use"
    );
    let shell: prospecta_app::accounts::api::ShellInfo = client.call("accounts/shell", &[]).await.unwrap();
    assert!(shell.user.unwrap().email_verified);
    assert!(client.call::<serde_json::Value>("prospecting/preview", &preview_form).await.is_ok());
    // The trial is granted once: a second confirmation link changes nothing.
    app.verify_email_of(&client, "nouveau@martin.fr").await;
    assert_eq!(client.call::<Balances>("prospecting/credits", &[]).await, Ok(trial));

    // An expired link is refused.
    let late = app.signed_up_unverified("tard@martin.fr", "Tard").await;
    let late_token = confirmation_token(&app, "tard@martin.fr").await;
    app.db()
        .execute_unprepared(&format!(
            "UPDATE email_verifications SET expires_at = created_at WHERE token_hash = '{}'",
            prospecta_server::accounts::token_hash(&late_token)
        ))
        .await
        .unwrap();
    assert_eq!(
        late.call::<()>("accounts/verify-email", &[("token", &late_token)]).await,
        Err(AppError::validation("token", ValidationCode::ExpiredLink))
    );
    // "Renvoyer l'e-mail": a new link works, and the resends are limited.
    late.call::<()>("accounts/resend-verification", &[]).await.expect("resent");
    let fresh = confirmation_token(&app, "tard@martin.fr").await;
    assert_ne!(fresh, late_token);
    late.call::<()>("accounts/verify-email", &[("token", &fresh)]).await.expect("confirmed with the new link");
    let unverified = app.signed_up_unverified("spam@martin.fr", "Spam").await;
    for _ in 0..5 {
        unverified.call::<()>("accounts/resend-verification", &[]).await.unwrap();
    }
    assert!(matches!(
        unverified.call::<()>("accounts/resend-verification", &[]).await,
        Err(AppError::TooMany { action: LimitedAction::VerificationEmail, limit: 5, .. })
    ));
}

async fn signup(client: &Client, email: &str) -> Result<(), AppError> {
    client
        .call::<()>(
            "accounts/signup",
            &[
                ("email", email),
                ("password", PASSWORD),
                ("company", "Société"),
                ("first_name", "Camille"),
                ("last_name", "Martin"),
            ],
        )
        .await
}

/// Tests run with the production default (no trusted proxy): a header a client writes does
/// not change the key the per-IP limit counts.
async fn sign_ups_are_limited_per_ip_whatever_the_forwarded_header(backend: Backend) {
    let app = TestApp::start_with(backend, |c| c.limits.signups_per_ip = Limit::per_hour(2)).await;
    signup(&app.client_from("192.0.2.1"), "un@exemple.fr").await.unwrap();
    signup(&app.client_from("192.0.2.2"), "deux@exemple.fr").await.unwrap();
    let refused = signup(&app.client_from("192.0.2.3"), "trois@exemple.fr").await;
    match &refused {
        Err(AppError::TooMany { action: LimitedAction::Signup, limit: 2, retry_after_secs }) => {
            assert!((3500..=3600).contains(retry_after_secs), "{retry_after_secs}");
        }
        other => panic!("the third sign-up from one peer must be refused: {other:?}"),
    }
    let message = refused.unwrap_err().message_fr();
    assert!(message.starts_with("Trop d'inscriptions depuis votre connexion (2 par heure au plus)."), "{message}");
    assert_eq!(app.count("users").await, 2, "nothing written for the refused sign-up");

    // Behind a trusted proxy, the forwarded address is the key.
    let proxied = TestApp::start_with(backend, |c| {
        trust_loopback_proxy(c);
        c.limits.signups_per_ip = Limit::per_hour(1);
    })
    .await;
    signup(&proxied.client_from("192.0.2.1"), "un@exemple.fr").await.unwrap();
    signup(&proxied.client_from("192.0.2.2"), "deux@exemple.fr").await.unwrap();
    assert!(matches!(
        signup(&proxied.client_from("192.0.2.1"), "trois@exemple.fr").await,
        Err(AppError::TooMany { action: LimitedAction::Signup, .. })
    ));
}

async fn invitations_resets_previews_and_generations_are_limited(backend: Backend) {
    let app = TestApp::start_with(backend, |c| {
        c.limits.invitations_per_org = Limit::per_day(2);
        c.limits.previews_per_org = Limit::per_hour(2);
        c.limits.generations_per_org = Limit::per_hour(1);
    })
    .await;
    let owner = app.signed_up("patron@martin.fr", "Martin").await;
    for who in ["a@martin.fr", "b@martin.fr"] {
        owner.call::<()>("accounts/invite", &[("email", who)]).await.unwrap();
    }
    let refused = owner.call::<()>("accounts/invite", &[("email", "c@martin.fr")]).await;
    assert!(
        matches!(refused, Err(AppError::TooMany { action: LimitedAction::Invitation, limit: 2, .. })),
        "{refused:?}"
    );
    let message = refused.unwrap_err().message_fr();
    assert!(message.starts_with("Votre organisation a atteint la limite de 2 invitations par jour."), "{message}");
    assert_eq!(app.count("invitations").await, 2);

    // Reset requests: three an hour per address, known or not, the same answer for both.
    let anonymous = app.client();
    for email in ["patron@martin.fr", "inconnu@martin.fr"] {
        for _ in 0..3 {
            anonymous.call::<()>("accounts/forgot", &[("email", email)]).await.unwrap();
        }
        let refused = anonymous.call::<()>("accounts/forgot", &[("email", email)]).await;
        assert!(
            matches!(refused, Err(AppError::TooMany { action: LimitedAction::PasswordReset, limit: 3, .. })),
            "{email}: {refused:?}"
        );
    }
    assert_eq!(app.count("password_resets").await, 3);

    let form: Vec<(&str, &str)> = target("69266", "").into_iter().filter(|(k, _)| *k != "name").collect();
    for _ in 0..2 {
        owner.call::<serde_json::Value>("prospecting/preview", &form).await.unwrap();
    }
    let refused = owner.call::<serde_json::Value>("prospecting/preview", &form).await;
    assert!(matches!(refused, Err(AppError::TooMany { action: LimitedAction::Preview, limit: 2, .. })), "{refused:?}");
    assert!(refused.unwrap_err().message_fr().starts_with("Limite de 2 aperçus par heure atteinte"));

    owner.call::<serde_json::Value>("prospecting/create", &target("69266", "Une")).await.unwrap();
    let refused = owner.call::<serde_json::Value>("prospecting/create", &target("69266", "Deux")).await;
    assert!(
        matches!(refused, Err(AppError::TooMany { action: LimitedAction::Generation, limit: 1, .. })),
        "{refused:?}"
    );
    assert_eq!(app.count("prospect_databases").await, 1);
    // Per organisation: another one is not affected.
    let other = app.signed_up("autre@dupont.fr", "Dupont").await;
    other.call::<serde_json::Value>("prospecting/preview", &form).await.unwrap();
}

async fn login(client: &Client, email: &str, password: &str) -> Result<(), AppError> {
    client.call::<()>("accounts/login", &[("email", email), ("password", password), ("next", "")]).await
}

/// The count is taken before the password is checked, atomically: of 20 parallel wrong
/// passwords, at most 5 are evaluated (each evaluation is one `login_attempts` row).
async fn a_burst_of_wrong_passwords_checks_at_most_five(backend: Backend) {
    let app = TestApp::start(backend).await;
    app.signed_up("cible@martin.fr", "Martin").await;
    let attacker = std::sync::Arc::new(app.client());
    let burst = (0..20).map(|_| {
        let attacker = attacker.clone();
        tokio::spawn(async move { login(&attacker, "cible@martin.fr", "mauvais-mot-de-passe").await })
    });
    let results: Vec<Result<(), AppError>> =
        futures::future::join_all(burst).await.into_iter().map(|r| r.unwrap()).collect();
    let checked = results.iter().filter(|r| **r == Err(AppError::InvalidCredentials)).count();
    let limited = results.iter().filter(|r| matches!(r, Err(AppError::RateLimited { .. }))).count();
    assert_eq!(checked + limited, 20, "{results:?}");
    assert!(checked <= 5, "{checked} passwords checked");
    let evaluated = scalar(&app, "SELECT COUNT(*) AS n FROM login_attempts WHERE email = 'cible@martin.fr'").await;
    assert_eq!(evaluated as usize, checked);
    assert!(evaluated <= 5);
}

async fn a_stranger_cannot_lock_the_owner_out_and_locks_grow(backend: Backend) {
    let app = TestApp::start_with(backend, trust_loopback_proxy).await;
    app.signed_up("cible@martin.fr", "Martin").await;
    let attacker = app.client_from("192.0.2.66");
    for _ in 0..5 {
        assert_eq!(login(&attacker, "cible@martin.fr", "essai-numero-x").await, Err(AppError::InvalidCredentials));
    }
    match login(&attacker, "cible@martin.fr", PASSWORD).await {
        Err(AppError::RateLimited { retry_after_secs }) => {
            assert!((800..=900).contains(&retry_after_secs), "{retry_after_secs}");
            let message = AppError::RateLimited { retry_after_secs }.message_fr();
            assert!(message.starts_with("Trop de tentatives") && message.contains("15 minutes"), "{message}");
        }
        other => panic!("locked even with the right password: {other:?}"),
    }
    // The owner, from their own connection, is not locked out by the stranger.
    login(&app.client_from("192.0.2.200"), "cible@martin.fr", PASSWORD).await.expect("owner signs in");

    // The lock ends; five more failures lock for twice as long.
    app.db()
        .execute_unprepared("UPDATE rate_counters SET resets_at = 0 WHERE bucket = 'login:cible@martin.fr|192.0.2.66'")
        .await
        .unwrap();
    for _ in 0..5 {
        assert_eq!(login(&attacker, "cible@martin.fr", "essai-numero-y").await, Err(AppError::InvalidCredentials));
    }
    match login(&attacker, "cible@martin.fr", "essai-numero-z").await {
        Err(AppError::RateLimited { retry_after_secs }) => {
            assert!((1700..=1800).contains(&retry_after_secs), "the second lock lasts 30 minutes: {retry_after_secs}")
        }
        other => panic!("{other:?}"),
    }

    // One IP spraying many addresses is capped too (4 × the per-account limit).
    let sprayer = app.client_from("192.0.2.99");
    for i in 0..20 {
        let _ = login(&sprayer, &format!("inconnu{i}@exemple.fr"), "essai-numero-x").await;
    }
    assert!(matches!(login(&sprayer, "cible@martin.fr", PASSWORD).await, Err(AppError::RateLimited { .. })));
}

/// `prospecta` in production mode refuses to start without an https public URL and explicit,
/// distinct secrets; it names what is missing.
#[test]
fn production_refuses_to_start_without_https_and_secrets() {
    let dir = std::env::temp_dir().join(format!("prospecta-prod-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let run = |vars: &[(&str, &str)]| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_prospecta"));
        cmd.arg("migrate").env_clear().env("PATH", std::env::var("PATH").unwrap_or_default());
        cmd.env("DATABASE_URL", format!("sqlite://{}/p.db?mode=rwc", dir.display()));
        cmd.env("PROSPECTA_MODE", "production").env("SMTP_HOST", "smtp.example.fr");
        for (k, v) in vars {
            cmd.env(k, v);
        }
        let out = cmd.output().expect("run prospecta");
        (out.status.success(), String::from_utf8_lossy(&out.stderr).to_string())
    };
    let link = ("OPPOSITION_SECRET", "a-link-secret-of-at-least-32-characters");
    let hash = ("OPPOSITION_HASH_KEY", "a-hash-key-of-at-least-32-characters-too");
    let https = ("PROSPECTA_PUBLIC_URL", "https://app.prospecta.fr");
    let mailbox = ("MAILBOX_SECRET_KEY", "a-mailbox-key-of-at-least-32-characters");

    let (ok, err) = run(&[mailbox, hash, https]);
    assert!(!ok && err.contains("OPPOSITION_SECRET is required in production mode"), "{err}");
    let (ok, err) = run(&[mailbox, link, https]);
    assert!(!ok && err.contains("OPPOSITION_HASH_KEY is required in production mode"), "{err}");
    let (ok, err) = run(&[mailbox, link, hash]);
    assert!(!ok && err.contains("PROSPECTA_PUBLIC_URL"), "no public URL: {err}");
    let (ok, err) = run(&[mailbox, link, hash, ("PROSPECTA_PUBLIC_URL", "http://app.prospecta.fr")]);
    assert!(!ok && err.contains("PROSPECTA_PUBLIC_URL") && err.contains("https"), "{err}");
    let (ok, err) = run(&[mailbox, link, ("OPPOSITION_HASH_KEY", link.1), https]);
    assert!(!ok && err.contains("must differ"), "{err}");
    let (ok, err) = run(&[mailbox, link, hash, https, ("PROSPECTA_TRUSTED_PROXIES", "proxy.interne")]);
    assert!(!ok && err.contains("PROSPECTA_TRUSTED_PROXIES"), "{err}");
    let (ok, err) = run(&[mailbox, link, hash, https, ("PROSPECTA_TRUSTED_PROXIES", "10.0.0.0/8")]);
    assert!(ok, "everything explicit: starts ({err})");
    let (ok, err) = run(&[link, hash, https]);
    assert!(!ok && err.contains("MAILBOX_SECRET_KEY is required in production mode"), "{err}");
    // Payments open only with a seller to invoice them, named in full with a valid SIREN.
    let mollie = ("MOLLIE_API_KEY", "live_0123456789abcdefghijklmnopqrstuv");
    let (ok, err) = run(&[mailbox, link, hash, https, mollie]);
    assert!(!ok && err.contains("SELLER_LEGAL_NAME is required in production mode"), "{err}");
    let seller = [
        ("SELLER_LEGAL_NAME", "Prospecta SAS"),
        ("SELLER_LEGAL_FORM", "SAS au capital de 10 000 €"),
        ("SELLER_STREET", "10 rue de la Paix"),
        ("SELLER_POSTCODE", "75002"),
        ("SELLER_CITY", "Paris"),
        ("SELLER_SIREN", "404833048"),
        ("SELLER_RCS", "RCS Paris"),
        ("SELLER_EMAIL", "facturation@prospecta.fr"),
    ];
    let (ok, err) = run(&[&[mailbox, link, hash, https, mollie], &seller[..7]].concat());
    assert!(!ok && err.contains("SELLER_EMAIL is required in production mode"), "one missing: {err}");
    let (ok, err) =
        run(&[&[mailbox, link, hash, https, mollie, ("SELLER_SIREN", "404833049")], &seller[..5], &seller[6..]]
            .concat());
    assert!(!ok && err.contains("SELLER_SIREN"), "a SIREN failing its check digit: {err}");
    let (ok, err) = run(&[&[mailbox, link, hash, https, mollie], &seller[..]].concat());
    assert!(ok, "payments with their seller: starts ({err})");
    let _ = std::fs::remove_dir_all(&dir);
}

/// First contacts spend the contacts quota; their follow-ups are included, so a spent quota
/// pauses the campaign's first contacts but a due follow-up still goes.
async fn a_spent_contacts_quota_pauses_first_contacts_not_follow_ups(backend: Backend) {
    use crate::campaigns::{app as campaign_app, create, database, exec, play, reserve};
    use prospecta_server::outreach::campaigns::dispatch::Dispatched;
    let app = campaign_app(backend).await;
    let client = app.signed_up("anne@plomberie-conseil.fr", "Plomberie Conseil").await;
    let db = database(&app, &client, 2).await;
    let campaign = create(&client, db.id).await;
    let cid = campaign.id;
    let org = org_of(&app, "anne@plomberie-conseil.fr").await;
    credits::grant(app.db(), org, Quota::Contacts, -credits::trial(Quota::Contacts), "test", None).await.unwrap();

    play(&app, &client, cid).await;
    assert!(matches!(reserve(&app, cid).await, Dispatched::Idle));
    let paused = scalar(&app, &format!("SELECT COUNT(*) AS n FROM campaigns WHERE id = {cid} AND status = 'paused' AND pause_reason LIKE 'quota d''entreprises à contacter épuisé%'")).await;
    assert_eq!(paused, 1, "paused with its reason");
    assert_eq!(scalar(&app, "SELECT COUNT(*) AS n FROM jobs WHERE kind = 'campaign.submit'").await, 0);

    // One prospect was contacted eight days ago (no e-mail known: a form follow-up is due).
    let eight_days = chrono::Utc::now() - chrono::Duration::days(8);
    let stamp = match backend {
        Backend::Postgres => format!("'{}'", eight_days.to_rfc3339()),
        Backend::Sqlite => format!("'{}'", eight_days.format("%Y-%m-%d %H:%M:%S%.f+00:00")),
    };
    let contacted =
        ContactId(scalar(&app, &format!("SELECT MIN(id) AS n FROM campaign_contacts WHERE campaign_id = {cid}")).await);
    exec(&app, &format!("UPDATE campaign_contacts SET state = 'sent', step = 1, first_sent_at = {stamp}, last_sent_at = {stamp}, variant_id = (SELECT MIN(id) FROM campaign_variants WHERE campaign_id = {cid}) WHERE id = {contacted}")).await;
    exec(&app, &format!("UPDATE companies SET email = NULL WHERE id = (SELECT company_id FROM campaign_contacts WHERE id = {contacted})")).await;
    play(&app, &client, cid).await;
    match reserve(&app, cid).await {
        Dispatched::Reserved { contact_id, .. } => assert_eq!(contact_id, contacted, "the follow-up goes"),
        other => panic!("a due follow-up needs no quota: {other:?}"),
    }
    assert_eq!(credits::balance(app.db(), org, Quota::Contacts).await.unwrap(), 0);
}
