use crate::both_databases;
use crate::support::{Backend, Client, PASSWORD, TestApp, assert_hidden_from_other_tenant, mailed_token};
use prospecta_app::accounts::api::ShellInfo;
use prospecta_server::accounts::entities::{password_reset, user};
use prospecta_server::mail::sink;
use prospecta_shared::AppError;
use prospecta_shared::accounts::{InvitationPreview, Notification, OrgRole, Team};
use prospecta_shared::error::ValidationCode;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

both_databases!(
    sign_up_creates_an_organisation_owned_by_its_user,
    sign_up_refuses_bad_input_without_writing_anything,
    simultaneous_sign_ups_with_one_address_make_one_account,
    login_and_logout,
    password_reset_by_e_mail_link,
    invitations_bring_colleagues_into_the_organisation,
    notifications_are_private_to_their_organisation,
    an_unknown_stored_role_fails_to_load,
    a_person_renames_themselves_and_changes_their_password,
    owners_manage_roles_ownership_and_membership,
    the_organisation_is_filled_from_the_register_and_saved_by_its_owners,
    closing_an_account_erases_its_data,
    the_guided_tour_is_pending_until_seen_by_each_person,
    a_page_of_the_client_area_is_drawn_the_same_way_every_time,
);

/// The frame of the signed-in areas is drawn with the data the server read before the page, so
/// the page is drawn once: the same resources, numbered the same way, on every load (the browser
/// hydrates with that numbering). When the frame waited behind a suspense, the page was drawn
/// two or three times on the server, depending on timing, and the first drawings' resources
/// were sent too, as errors: the browser then failed to hydrate the page now and then.
async fn a_page_of_the_client_area_is_drawn_the_same_way_every_time(backend: Backend) {
    let app = TestApp::start(backend).await;
    let client = app.signed_up("claire@cadre.fr", "Cadre").await;
    let resources = |html: &str| -> Vec<String> {
        html.match_indices("__RESOLVED_RESOURCES[")
            .map(|(at, _)| html[at..].split(']').next().unwrap_or_default().to_string())
            .collect()
    };
    for path in ["/app/campagnes/nouvelle", "/app/conversations?onglet=gagnes", "/app/parametres"] {
        let mut seen = std::collections::BTreeSet::new();
        for _ in 0..12 {
            let (status, html, _) = client.get(path).await;
            assert_eq!(status, 200, "{path}");
            assert!(html.contains("Navigation principale"), "{path}: the frame is drawn by the server");
            assert!(!html.contains("no-port"), "{path}: a resource answered outside its page: {html}");
            seen.insert(resources(&html));
        }
        assert_eq!(seen.len(), 1, "{path}: drawn in several ways: {seen:?}");
    }
}

/// The guided tour opens for each new person until they finish or skip it; a teammate's own
/// tour is theirs; no one signed out can mark it.
async fn the_guided_tour_is_pending_until_seen_by_each_person(backend: Backend) {
    let app = TestApp::start(backend).await;
    let owner = app.signed_up("claire@visite.fr", "Visite").await;
    let first = shell(&owner).await;
    assert!(first.tour_pending);
    assert_eq!(first.tutorial_video, None, "no video configured: none mentioned");
    let mate = colleague(&app, &owner, "paul@visite.fr", "Paul").await;
    owner.call::<()>("accounts/tour-seen", &[]).await.expect("seen");
    assert!(!shell(&owner).await.tour_pending);
    assert!(shell(&mate).await.tour_pending, "a teammate's tour is their own");
    // Seen twice: the first date stays.
    owner.call::<()>("accounts/tour-seen", &[]).await.expect("seen again");
    assert!(matches!(app.client().call::<()>("accounts/tour-seen", &[]).await, Err(AppError::Unauthenticated)));
}

/// A second session of an existing account, opened from its own client.
async fn logged_in(app: &TestApp, email: &str, password: &str) -> Result<Client, AppError> {
    let client = app.client();
    client.call::<()>("accounts/login", &[("email", email), ("password", password), ("next", "")]).await?;
    Ok(client)
}

/// A colleague invited by `owner` who accepted: their signed-in client.
pub(crate) async fn colleague(app: &TestApp, owner: &Client, email: &str, first_name: &str) -> Client {
    owner.call::<()>("accounts/invite", &[("email", email)]).await.unwrap();
    let token = mailed_token(app, email, "/invitation").await;
    let client = app.client();
    client
        .call::<()>(
            "accounts/accept-invitation",
            &[("token", &token), ("first_name", first_name), ("last_name", "Durand"), ("password", PASSWORD)],
        )
        .await
        .unwrap();
    client
}

async fn a_person_renames_themselves_and_changes_their_password(backend: Backend) {
    let app = TestApp::start(backend).await;
    let me = app.signed_up("camille@martin.fr", "Plomberie Martin").await;
    let laptop = logged_in(&app, "camille@martin.fr", PASSWORD).await.unwrap();

    // The name.
    assert_eq!(
        me.call::<()>("accounts/profile", &[("first_name", "  "), ("last_name", "Martin")]).await,
        Err(AppError::validation("first_name", ValidationCode::Required))
    );
    assert_eq!(
        me.call::<()>("accounts/profile", &[("first_name", "Camille"), ("last_name", "Mar\ntin")]).await,
        Err(AppError::validation("last_name", ValidationCode::MultiLine))
    );
    me.call::<()>("accounts/profile", &[("first_name", " Camille "), ("last_name", "Martin-Lefèvre")]).await.unwrap();
    let user = shell(&me).await.user.unwrap();
    assert_eq!((user.first_name.as_str(), user.last_name.as_str()), ("Camille", "Martin-Lefèvre"));

    // The password: every bad input refused, nothing changed.
    let change = |current: &'static str, password: &'static str, confirm: &'static str| {
        let me = &me;
        async move {
            me.call::<()>(
                "accounts/change-password",
                &[("current", current), ("password", password), ("confirm", confirm)],
            )
            .await
        }
    };
    assert_eq!(
        change("", "nouveau-secret-42", "nouveau-secret-42").await,
        Err(AppError::validation("current", ValidationCode::Required))
    );
    assert_eq!(
        change(PASSWORD, "court", "court").await,
        Err(AppError::validation("password", ValidationCode::TooShort { min: 10 }))
    );
    assert_eq!(
        change(PASSWORD, "nouveau-secret-42", "nouveau-secret-43").await,
        Err(AppError::validation("confirm", ValidationCode::PasswordsDiffer))
    );
    assert_eq!(
        change("pas-le-bon-mot", "nouveau-secret-42", "nouveau-secret-42").await,
        Err(AppError::validation("current", ValidationCode::WrongPassword))
    );
    assert!(shell(&laptop).await.user.is_some(), "a refused change closes nothing");

    // Changed: this session stays, the other one is closed, only the new password opens one.
    change(PASSWORD, "nouveau-secret-42", "nouveau-secret-42").await.unwrap();
    assert!(shell(&me).await.user.is_some());
    assert!(shell(&laptop).await.user.is_none(), "the other session is closed");
    assert_eq!(logged_in(&app, "camille@martin.fr", PASSWORD).await.err(), Some(AppError::InvalidCredentials));
    logged_in(&app, "camille@martin.fr", "nouveau-secret-42").await.unwrap();

    // Guessing the current password through a stolen session is limited like a login.
    for _ in 0..5 {
        assert_eq!(
            change("devine-encore", "autre-secret-99", "autre-secret-99").await,
            Err(AppError::validation("current", ValidationCode::WrongPassword))
        );
    }
    assert!(matches!(
        change("nouveau-secret-42", "autre-secret-99", "autre-secret-99").await,
        Err(AppError::RateLimited { .. })
    ));
    assert!(matches!(
        app.client()
            .call::<()>(
                "accounts/change-password",
                &[("current", "x"), ("password", "autre-secret-99"), ("confirm", "autre-secret-99")]
            )
            .await,
        Err(AppError::Unauthenticated)
    ));
}

async fn owners_manage_roles_ownership_and_membership(backend: Backend) {
    let app = TestApp::start(backend).await;
    let owner = app.signed_up("camille@martin.fr", "Plomberie Martin").await;
    let lea = colleague(&app, &owner, "lea@martin.fr", "Léa").await;
    let hugo = colleague(&app, &owner, "hugo@martin.fr", "Hugo").await;
    let outsider = app.signed_up("bob@ailleurs.fr", "Ailleurs").await;
    let id_of =
        |team: &Team, email: &str| team.members.iter().find(|m| m.email == email).unwrap().user_id.0.to_string();
    let team: Team = owner.call("accounts/team", &[]).await.unwrap();
    let (me, lea_id, hugo_id) =
        (id_of(&team, "camille@martin.fr"), id_of(&team, "lea@martin.fr"), id_of(&team, "hugo@martin.fr"));
    let role_of = |team: &Team, email: &str| team.members.iter().find(|m| m.email == email).unwrap().role;

    // Members manage nothing; another organisation sees nothing.
    assert_eq!(
        lea.call::<()>("accounts/member-role", &[("member", &hugo_id), ("role", "owner")]).await,
        Err(AppError::Forbidden)
    );
    assert_eq!(lea.call::<()>("accounts/remove-member", &[("member", &hugo_id)]).await, Err(AppError::Forbidden));
    assert_eq!(lea.call::<()>("accounts/transfer-ownership", &[("member", &lea_id)]).await, Err(AppError::Forbidden));
    assert_hidden_from_other_tenant(&app, &outsider, "accounts/remove-member", &[("member", &hugo_id)]).await;
    assert_hidden_from_other_tenant(
        &app,
        &outsider,
        "accounts/member-role",
        &[("member", &hugo_id), ("role", "owner")],
    )
    .await;

    // The last owner cannot step down, nor leave through removal.
    assert!(matches!(
        owner.call::<()>("accounts/member-role", &[("member", &me), ("role", "member")]).await,
        Err(AppError::Conflict(_))
    ));
    assert!(matches!(owner.call::<()>("accounts/remove-member", &[("member", &me)]).await, Err(AppError::Conflict(_))));
    assert_eq!(
        owner.call::<()>("accounts/member-role", &[("member", &hugo_id), ("role", "chef")]).await,
        Err(AppError::validation("role", ValidationCode::Required))
    );

    // A second owner, then back to member.
    owner.call::<()>("accounts/member-role", &[("member", &hugo_id), ("role", "owner")]).await.unwrap();
    assert_eq!(role_of(&owner.call("accounts/team", &[]).await.unwrap(), "hugo@martin.fr"), OrgRole::Owner);
    assert_eq!(shell(&hugo).await.user.unwrap().role, OrgRole::Owner, "the role holds from the next request");
    owner.call::<()>("accounts/member-role", &[("member", &hugo_id), ("role", "member")]).await.unwrap();

    // Ownership handed to Léa: she manages the team, Camille no longer does.
    owner.call::<()>("accounts/transfer-ownership", &[("member", &lea_id)]).await.unwrap();
    let team: Team = lea.call("accounts/team", &[]).await.unwrap();
    assert_eq!(
        (role_of(&team, "lea@martin.fr"), role_of(&team, "camille@martin.fr")),
        (OrgRole::Owner, OrgRole::Member)
    );
    assert_eq!(owner.call::<()>("accounts/remove-member", &[("member", &hugo_id)]).await, Err(AppError::Forbidden));

    // Hugo removed: his account and its sessions are gone, the team says so.
    lea.call::<()>("accounts/remove-member", &[("member", &hugo_id)]).await.unwrap();
    assert!(shell(&hugo).await.user.is_none());
    assert_eq!(logged_in(&app, "hugo@martin.fr", PASSWORD).await.err(), Some(AppError::InvalidCredentials));
    let team: Team = lea.call("accounts/team", &[]).await.unwrap();
    assert_eq!(team.members.len(), 2);
    assert_eq!(lea.call::<()>("accounts/remove-member", &[("member", &hugo_id)]).await, Err(AppError::NotFound));
}

async fn shell(client: &Client) -> ShellInfo {
    client.call("accounts/shell", &[]).await.expect("shell")
}

fn signup_form<'a>(email: &'a str, password: &'a str, company: &'a str) -> Vec<(&'static str, &'a str)> {
    vec![
        ("email", email),
        ("password", password),
        ("company", company),
        ("first_name", "Camille"),
        ("last_name", "Martin"),
    ]
}

async fn sign_up_creates_an_organisation_owned_by_its_user(backend: Backend) {
    let app = TestApp::start(backend).await;
    let client = app.client();
    let response = client
        .http
        .post(format!("{}/api/accounts/signup", app.base))
        .form(&signup_form("  Camille.Martin@Plomberie-Martin.FR ", PASSWORD, "Plomberie Martin"))
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success() || response.status().is_redirection(), "{}", response.status());
    let cookie = response.headers().get("set-cookie").expect("session cookie").to_str().unwrap().to_string();
    assert!(cookie.starts_with("prospecta_session="), "{cookie}");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");

    let info = shell(&client).await;
    let me = info.user.expect("signed in after sign-up");
    assert_eq!(me.email, "camille.martin@plomberie-martin.fr");
    assert_eq!(me.organization_name, "Plomberie Martin");
    assert_eq!(me.role, OrgRole::Owner);
    assert!(!me.is_admin);
    assert!(!me.email_verified, "confirmed only through the mailed link");
    assert!(info.sandbox);
    assert_eq!(info.unread_notifications, 1, "a welcome notification");

    let stored = user::Entity::find().one(app.db()).await.unwrap().unwrap();
    assert!(stored.password_hash.starts_with("$argon2id$"), "argon2id hash expected");
    assert!(!stored.password_hash.contains(PASSWORD));
    // The dashboard is reachable with the session.
    let (status, html, _) = client.get("/app").await;
    assert_eq!(status, 200);
    assert!(html.contains("Bonjour Camille"), "dashboard greets the user");
}

async fn sign_up_refuses_bad_input_without_writing_anything(backend: Backend) {
    let app = TestApp::start(backend).await;
    app.signed_up("deja@client.fr", "Déjà Client").await;
    let (orgs, users) = (app.count("organizations").await, app.count("users").await);
    let client = app.client();
    let long = "x".repeat(200);
    type Case<'a> = (Vec<(&'a str, &'a str)>, &'a str, ValidationCode);
    let cases: Vec<Case> = vec![
        (signup_form("", PASSWORD, "ACME"), "email", ValidationCode::Required),
        (signup_form("pas-une-adresse", PASSWORD, "ACME"), "email", ValidationCode::InvalidEmail),
        (signup_form("a@b.fr", "court", "ACME"), "password", ValidationCode::TooShort { min: 10 }),
        (signup_form("a@b.fr", PASSWORD, &long), "company", ValidationCode::TooLong { max: 120 }),
        (signup_form("a@b.fr", PASSWORD, "   "), "company", ValidationCode::Required),
        (signup_form("DEJA@client.fr", PASSWORD, "Autre"), "email", ValidationCode::EmailTaken),
    ];
    for (form, field, code) in cases {
        let err = client.call::<()>("accounts/signup", &form).await.unwrap_err();
        assert_eq!(err, AppError::validation(field, code), "{form:?}");
        assert!(!err.message_fr().is_empty());
    }
    assert_eq!(app.count("organizations").await, orgs, "no half-written organisation");
    assert_eq!(app.count("users").await, users);
    assert!(shell(&client).await.user.is_none());
}

/// Eight sign-ups with one address at the same instant all pass the "already taken" check; the
/// unique index stops all but one, and each of those gets the same French refusal, not a 500.
async fn simultaneous_sign_ups_with_one_address_make_one_account(backend: Backend) {
    let app = TestApp::start(backend).await;
    let attempts = (0..8).map(|i| {
        let client = app.client();
        async move {
            let company = format!("Course {i}");
            client.call::<()>("accounts/signup", &signup_form("course@client.fr", PASSWORD, &company)).await
        }
    });
    let results = futures::future::join_all(attempts).await;
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1, "{results:?}");
    for refused in results.iter().filter_map(|r| r.as_ref().err()) {
        assert_eq!(refused, &AppError::validation("email", ValidationCode::EmailTaken));
    }
    assert_eq!(app.count("users").await, 1);
}

async fn login_and_logout(backend: Backend) {
    let app = TestApp::start(backend).await;
    app.signed_up("camille@martin.fr", "Martin").await;
    let client = app.client();

    let err = client
        .call::<()>(
            "accounts/login",
            &[("email", "camille@martin.fr"), ("password", "mauvais-mot-de-passe"), ("next", "/app")],
        )
        .await;
    assert_eq!(err, Err(AppError::InvalidCredentials));
    assert_eq!(AppError::InvalidCredentials.message_fr(), "E-mail ou mot de passe incorrect.");
    // Unknown account: the very same answer.
    let err = client
        .call::<()>("accounts/login", &[("email", "personne@nulle-part.fr"), ("password", PASSWORD), ("next", "/app")])
        .await;
    assert_eq!(err, Err(AppError::InvalidCredentials));
    assert!(shell(&client).await.user.is_none());

    client
        .call::<()>(
            "accounts/login",
            &[("email", " CAMILLE@martin.fr"), ("password", PASSWORD), ("next", "//evil.example")],
        )
        .await
        .unwrap();
    assert_eq!(shell(&client).await.user.unwrap().email, "camille@martin.fr");
    let sessions_before = app.count("sessions").await;

    client.call::<()>("accounts/logout", &[]).await.unwrap();
    assert!(shell(&client).await.user.is_none(), "logged out");
    assert_eq!(app.count("sessions").await, sessions_before - 1, "the session is deleted on the server");
    let (status, _, headers) = client.get("/app/parametres").await;
    assert!(status.is_redirection());
    assert_eq!(headers["location"], "/connexion?suivant=/app/parametres");
}

async fn password_reset_by_e_mail_link(backend: Backend) {
    let app = TestApp::start(backend).await;
    app.signed_up("camille@martin.fr", "Martin").await;
    let client = app.client();

    client
        .call::<()>("accounts/forgot", &[("email", "inconnu@martin.fr")])
        .await
        .expect("same answer for unknown addresses");
    assert_eq!(
        client.call::<()>("accounts/forgot", &[("email", "pas un e-mail")]).await,
        Err(AppError::validation("email", ValidationCode::InvalidEmail))
    );
    client.call::<()>("accounts/forgot", &[("email", "Camille@Martin.fr")]).await.unwrap();
    let token = mailed_token(&app, "camille@martin.fr", "/reinitialiser-mot-de-passe").await;
    let to_unknown = sink::Entity::find().filter(sink::Column::ToAddress.eq("inconnu@martin.fr")).all(app.db()).await;
    assert!(to_unknown.unwrap().is_empty(), "no mail for the unknown address");

    let reset = |password: &'static str, confirm: &'static str, token: String| {
        let client = &client;
        async move {
            client
                .call::<()>(
                    "accounts/reset",
                    &[("token", token.as_str()), ("password", password), ("confirm", confirm)],
                )
                .await
        }
    };
    assert_eq!(
        reset("nouveau-secret-42", "autre-chose-42", token.clone()).await,
        Err(AppError::validation("confirm", ValidationCode::PasswordsDiffer))
    );
    assert_eq!(
        reset("court", "court", token.clone()).await,
        Err(AppError::validation("password", ValidationCode::TooShort { min: 10 }))
    );
    assert_eq!(
        reset("nouveau-secret-42", "nouveau-secret-42", "jeton-inconnu".into()).await,
        Err(AppError::validation("token", ValidationCode::ExpiredLink))
    );
    reset("nouveau-secret-42", "nouveau-secret-42", token.clone()).await.unwrap();
    assert_eq!(
        reset("encore-un-autre-1", "encore-un-autre-1", token).await,
        Err(AppError::validation("token", ValidationCode::ExpiredLink)),
        "single use"
    );

    let login = |password: &'static str| {
        let client = &client;
        async move {
            client
                .call::<()>("accounts/login", &[("email", "camille@martin.fr"), ("password", password), ("next", "")])
                .await
        }
    };
    assert_eq!(login(PASSWORD).await, Err(AppError::InvalidCredentials), "old password no longer works");
    login("nouveau-secret-42").await.unwrap();

    // An expired link is refused.
    client.call::<()>("accounts/forgot", &[("email", "camille@martin.fr")]).await.unwrap();
    let token = mailed_token(&app, "camille@martin.fr", "/reinitialiser-mot-de-passe").await;
    password_reset::Entity::update_many()
        .col_expr(password_reset::Column::ExpiresAt, Expr::value(chrono::Utc::now() - chrono::Duration::minutes(1)))
        .exec(app.db())
        .await
        .unwrap();
    assert_eq!(
        reset("nouveau-secret-43", "nouveau-secret-43", token).await,
        Err(AppError::validation("token", ValidationCode::ExpiredLink))
    );
}

async fn invitations_bring_colleagues_into_the_organisation(backend: Backend) {
    let app = TestApp::start(backend).await;
    let owner = app.signed_up("camille@martin.fr", "Plomberie Martin").await;
    app.signed_up("deja@ailleurs.fr", "Ailleurs").await;

    assert_eq!(
        owner.call::<()>("accounts/invite", &[("email", "nul")]).await,
        Err(AppError::validation("email", ValidationCode::InvalidEmail))
    );
    assert!(matches!(
        owner.call::<()>("accounts/invite", &[("email", "deja@ailleurs.fr")]).await,
        Err(AppError::Conflict(_))
    ));
    owner.call::<()>("accounts/invite", &[("email", "Lea@Martin.fr")]).await.unwrap();
    let team: Team = owner.call("accounts/team", &[]).await.unwrap();
    assert_eq!(team.invitations.len(), 1);
    assert_eq!(team.invitations[0].email, "lea@martin.fr");
    assert_eq!(team.invitations[0].invited_by, "Camille Martin");

    let token = mailed_token(&app, "lea@martin.fr", "/invitation").await;
    let colleague = app.client_from("203.0.113.77");
    let preview: InvitationPreview = colleague.call("accounts/invitation", &[("token", &token)]).await.unwrap();
    assert_eq!(preview.organization_name, "Plomberie Martin");
    assert_eq!(preview.email, "lea@martin.fr");
    assert_eq!(
        colleague
            .call::<()>(
                "accounts/accept-invitation",
                &[("token", &token), ("first_name", "Léa"), ("last_name", ""), ("password", PASSWORD)]
            )
            .await,
        Err(AppError::validation("last_name", ValidationCode::Required))
    );
    colleague
        .call::<()>(
            "accounts/accept-invitation",
            &[("token", &token), ("first_name", "Léa"), ("last_name", "Durand"), ("password", PASSWORD)],
        )
        .await
        .unwrap();
    let me = shell(&colleague).await.user.unwrap();
    assert_eq!((me.organization_name.as_str(), me.role), ("Plomberie Martin", OrgRole::Member));
    assert_eq!(
        colleague.call::<()>("accounts/invite", &[("email", "autre@martin.fr")]).await,
        Err(AppError::Forbidden),
        "members do not invite"
    );
    let team: Team = owner.call("accounts/team", &[]).await.unwrap();
    assert_eq!(team.members.len(), 2);
    assert!(team.invitations.is_empty());
    assert_eq!(
        colleague.call::<InvitationPreview>("accounts/invitation", &[("token", &token)]).await,
        Err(AppError::validation("token", ValidationCode::ExpiredLink)),
        "an invitation is used once"
    );
}

async fn notifications_are_private_to_their_organisation(backend: Backend) {
    let app = TestApp::start(backend).await;
    let alice = app.signed_up("alice@a-corp.fr", "A Corp").await;
    let bob = app.signed_up("bob@b-corp.fr", "B Corp").await;
    alice.call::<()>("accounts/invite", &[("email", "recrue@a-corp.fr")]).await.unwrap();

    let alices: Vec<Notification> = alice.call("accounts/notifications", &[]).await.unwrap();
    // The welcome, then the confirmed address that opened the trial.
    assert_eq!(alices.len(), 2);
    assert_eq!(alices[0].title, "Adresse confirmée : votre essai commence");
    let alice_notification = alices[0].id.to_string();
    let team: Team = alice.call("accounts/team", &[]).await.unwrap();
    let alice_invitation = team.invitations[0].id.to_string();

    // Bob can neither change nor see A Corp's data.
    assert_hidden_from_other_tenant(&app, &bob, "accounts/notification-read", &[("id", &alice_notification)]).await;
    assert_hidden_from_other_tenant(&app, &bob, "accounts/revoke-invitation", &[("id", &alice_invitation)]).await;
    let bobs_team: Team = bob.call("accounts/team", &[]).await.unwrap();
    assert!(bobs_team.members.iter().all(|m| m.email == "bob@b-corp.fr") && bobs_team.invitations.is_empty());
    let bobs: Vec<Notification> = bob.call("accounts/notifications", &[]).await.unwrap();
    assert!(bobs.iter().all(|n| n.id != alices[0].id));
    // Untouched for Alice.
    assert_eq!(shell(&alice).await.unread_notifications, 2);
    assert_eq!(alice.call::<Team>("accounts/team", &[]).await.unwrap().invitations.len(), 1);

    // Alice can.
    alice.call::<()>("accounts/notification-read", &[("id", &alice_notification)]).await.unwrap();
    assert_eq!(shell(&alice).await.unread_notifications, 1);
    alice.call::<()>("accounts/revoke-invitation", &[("id", &alice_invitation)]).await.unwrap();
    assert!(alice.call::<Team>("accounts/team", &[]).await.unwrap().invitations.is_empty());
    // Anonymous callers are told to sign in.
    assert_eq!(app.client().call::<Team>("accounts/team", &[]).await, Err(AppError::Unauthenticated));
}

/// A stored enum holding a value the code does not know (a typo in a hand-written migration, a
/// row written by a newer version) is an error where it is read, never a default: a user whose
/// role reads `chef` is not silently a member with a member's rights.
async fn an_unknown_stored_role_fails_to_load(backend: Backend) {
    let app = TestApp::start(backend).await;
    let client = app.signed_up("anne@plomberie-conseil.fr", "Plomberie Conseil").await;
    let anne = user::Entity::find().filter(user::Column::Email.eq("anne@plomberie-conseil.fr"));
    assert_eq!(anne.clone().one(app.db()).await.unwrap().expect("user").role, OrgRole::Owner);
    user::Entity::update_many()
        .col_expr(user::Column::Role, Expr::value("chef"))
        .filter(user::Column::Email.eq("anne@plomberie-conseil.fr"))
        .exec(app.db())
        .await
        .unwrap();
    let loaded = anne.one(app.db()).await;
    assert!(loaded.is_err(), "an unknown role must not load: {loaded:?}");
    // Requests are then served as signed out (the lookup failed and was logged), never with a
    // guessed role.
    let shell = shell(&client).await;
    assert!(shell.user.is_none(), "a user whose role cannot be read is not signed in: {:?}", shell.user);
}

async fn the_organisation_is_filled_from_the_register_and_saved_by_its_owners(backend: Backend) {
    use prospecta_shared::organization::{OrganizationDetails, RegisteredCompany};
    let app = TestApp::start(backend).await;
    let owner = app.signed_up("camille@martin.fr", "Plomberie Martin").await;
    let lea = colleague(&app, &owner, "lea@martin.fr", "Léa").await;
    let lookup = |number: &'static str| {
        let owner = &owner;
        async move { owner.call::<Option<RegisteredCompany>>("prospecting/lookup-company", &[("number", number)]).await }
    };

    // Numbers that cannot be a company's are refused before asking the register.
    assert_eq!(lookup("12345").await, Err(AppError::validation("siret", ValidationCode::InvalidSiret)));
    assert_eq!(
        lookup("123456789").await,
        Err(AppError::validation("siret", ValidationCode::InvalidSiret)),
        "check digit"
    );
    assert_eq!(lookup("").await, Err(AppError::validation("siret", ValidationCode::Required)));
    assert_eq!(
        app.client().call::<Option<RegisteredCompany>>("prospecting/lookup-company", &[("number", "404833048")]).await,
        Err(AppError::Unauthenticated)
    );

    // A SIREN: the head office, through the register's wire format (the sandbox's register).
    let head = lookup("404 833 048").await.unwrap().expect("the register knows it");
    let siret = head.siret.clone().expect("its head office's SIRET");
    assert!(siret.starts_with("404833048") && prospecta_shared::company::siret_valid(&siret), "{siret}");
    assert_eq!(head.vat_number, "FR83404833048");
    assert!(!head.legal_name.is_empty() && head.postcode.as_deref().is_some_and(|p| p.len() == 5), "{head:?}");
    assert!(head.naf_code.is_some());
    // Its SIRET finds the same establishment.
    let by_siret = owner
        .call::<Option<RegisteredCompany>>("prospecting/lookup-company", &[("number", siret.as_str())])
        .await
        .unwrap()
        .unwrap();
    assert_eq!(by_siret, head);

    // Saved by the owner, corrected where needed; the VAT number follows the SIRET.
    fn form<'a>(name: &'a str, siret: &'a str, postcode: &'a str) -> Vec<(&'static str, &'a str)> {
        vec![
            ("name", name),
            ("legal_name", "SARL Plomberie Martin"),
            ("siret", siret),
            ("street", "3 rue de la République"),
            ("postcode", postcode),
            ("city", "Lyon"),
            ("naf_code", "43.22A"),
        ]
    }
    assert_eq!(
        owner.call::<()>("accounts/save-organization", &form("Martin & fils", &siret, "6900")).await,
        Err(AppError::validation("postcode", ValidationCode::InvalidPostcode))
    );
    assert_eq!(
        owner.call::<()>("accounts/save-organization", &form("Martin & fils", "40483304800023", "69003")).await,
        Err(AppError::validation("siret", ValidationCode::InvalidSiret))
    );
    assert_eq!(
        owner.call::<()>("accounts/save-organization", &form(" ", &siret, "69003")).await,
        Err(AppError::validation("name", ValidationCode::Required))
    );
    assert_eq!(
        lea.call::<()>("accounts/save-organization", &form("Pris par Léa", &siret, "69003")).await,
        Err(AppError::Forbidden),
        "members read, owners edit"
    );
    let untouched: OrganizationDetails = lea.call("accounts/organization", &[]).await.unwrap();
    assert_eq!((untouched.name.as_str(), untouched.siret), ("Plomberie Martin", None));

    owner.call::<()>("accounts/save-organization", &form("Martin & fils", &siret, "69003")).await.unwrap();
    let saved: OrganizationDetails = lea.call("accounts/organization", &[]).await.unwrap();
    assert_eq!(saved.name, "Martin & fils");
    assert_eq!(saved.siret.as_deref(), Some(siret.as_str()));
    assert_eq!(saved.vat_number.as_deref(), Some("FR83404833048"));
    assert_eq!((saved.postcode.as_deref(), saved.naf_code.as_deref()), (Some("69003"), Some("43.22A")));
    assert_eq!(shell(&lea).await.user.unwrap().organization_name, "Martin & fils", "the frame shows the new name");
}

async fn closing_an_account_erases_its_data(backend: Backend) {
    use crate::support::{exec, scalar};
    use prospecta_server::llm::provider::LlmUsage;
    use prospecta_server::llm::usage::{Caller, LlmFeature};
    use prospecta_shared::ids::OrgId;
    let app = TestApp::start(backend).await;
    let owner = app.signed_up("camille@martin.fr", "Plomberie Martin").await;
    let lea = colleague(&app, &owner, "lea@martin.fr", "Léa").await;
    let outsider = app.signed_up("bob@ailleurs.fr", "Ailleurs").await;
    let org = OrgId(scalar(&app, "SELECT organization_id AS n FROM users WHERE email = 'camille@martin.fr'").await);
    async fn close(client: &Client, current: &str) -> Result<(), AppError> {
        client.call::<()>("accounts/close", &[("current", current)]).await
    }

    // A teammate leaves: their account only.
    assert_eq!(close(&lea, "").await, Err(AppError::validation("current", ValidationCode::Required)));
    assert_eq!(close(&lea, "pas-le-bon").await, Err(AppError::validation("current", ValidationCode::WrongPassword)));
    close(&lea, PASSWORD).await.unwrap();
    assert!(shell(&lea).await.user.is_none());
    assert_eq!(logged_in(&app, "lea@martin.fr", PASSWORD).await.err(), Some(AppError::InvalidCredentials));
    assert_eq!(scalar(&app, "SELECT COUNT(*) AS n FROM sandbox_mails WHERE to_address = 'lea@martin.fr'").await, 0);
    let team: Team = owner.call("accounts/team", &[]).await.unwrap();
    assert_eq!(team.members.len(), 1);

    // The last owner of a team hands it over first.
    let hugo = colleague(&app, &owner, "hugo@martin.fr", "Hugo").await;
    assert!(matches!(close(&owner, PASSWORD).await, Err(AppError::Conflict(_))));
    assert!(shell(&owner).await.user.is_some(), "nothing closed");
    let hugo_id = team_member(&owner, "hugo@martin.fr").await;
    owner.call::<()>("accounts/remove-member", &[("member", &hugo_id)]).await.unwrap();
    drop(hugo);

    // The last person: the organisation goes, with everything that names it.
    prospecta_server::llm::budget::set_cap(app.db(), org, 5_000).await.unwrap();
    let prices = prospecta_server::llm::prices::PriceTable::default_table();
    let usage = LlmUsage { input_tokens: 10, output_tokens: 5 };
    prospecta_server::llm::usage::record(
        app.db(),
        &prices,
        Caller::organization(org),
        LlmFeature::ChooseSite,
        "m",
        usage,
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    let mail = prospecta_server::mail::SendEmail {
        mail: prospecta_server::mail::OutgoingMail { to: "x@exemple.fr".into(), subject: "s".into(), text: "t".into() },
        organization_id: Some(org),
    };
    prospecta_server::jobs::enqueue(app.db(), &mail).await.unwrap();
    exec(&app, &format!(
        "INSERT INTO reveal_audit (organization_id, user_id, database_row_id, company_id, kind, fields, ip, created_at) \
         VALUES ({org}, 1, 1, 1, 'unlock', 'email', '127.0.0.1', '2026-12-06T10:00:00Z')"
    ))
    .await;
    let tables = ["users", "notifications", "credit_ledger", "llm_usage", "llm_budgets", "jobs", "reveal_audit"];
    for table in tables {
        let n = scalar(&app, &format!("SELECT COUNT(*) AS n FROM {table} WHERE organization_id = {org}")).await;
        assert!(n > 0, "{table} holds the organisation's rows before");
    }
    let others_before = scalar(&app, &format!("SELECT COUNT(*) AS n FROM users WHERE organization_id <> {org}")).await;
    close(&owner, PASSWORD).await.unwrap();
    assert!(shell(&owner).await.user.is_none());
    assert_eq!(scalar(&app, &format!("SELECT COUNT(*) AS n FROM organizations WHERE id = {org}")).await, 0);
    for table in tables {
        let n = scalar(&app, &format!("SELECT COUNT(*) AS n FROM {table} WHERE organization_id = {org}")).await;
        assert_eq!(n, 0, "{table} keeps nothing of a closed organisation");
    }
    assert_eq!(scalar(&app, "SELECT COUNT(*) AS n FROM sandbox_mails WHERE to_address = 'camille@martin.fr'").await, 0);
    assert_eq!(scalar(&app, "SELECT COUNT(*) AS n FROM login_attempts WHERE email = 'camille@martin.fr'").await, 0);
    // Another organisation keeps everything.
    assert_eq!(
        scalar(&app, &format!("SELECT COUNT(*) AS n FROM users WHERE organization_id <> {org}")).await,
        others_before
    );
    assert!(shell(&outsider).await.user.is_some());
}

/// A teammate's user id, as the team list gives it.
async fn team_member(owner: &Client, email: &str) -> String {
    let team: Team = owner.call("accounts/team", &[]).await.unwrap();
    team.members.iter().find(|m| m.email == email).unwrap().user_id.0.to_string()
}
