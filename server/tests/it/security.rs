use crate::both_databases;
use crate::support::{Backend, PASSWORD, TestApp};
use prospecta_app::accounts::api::ShellInfo;
use prospecta_server::accounts::create_admin;
use prospecta_shared::AppError;
use prospecta_shared::error::ValidationCode;
use prospecta_shared::jobs::{AdminOverview, JobRow, SandboxMail};

both_databases!(
    pages_carry_a_content_security_policy_with_their_nonce,
    admin_area_is_guarded_on_the_server,
    cross_site_requests_are_refused,
    unknown_session_cookies_are_anonymous
);

async fn admin_area_is_guarded_on_the_server(backend: Backend) {
    let app = TestApp::start(backend).await;
    let client = app.signed_up("client@martin.fr", "Martin").await;

    // Anonymous: to the login page, and back to /admin afterwards.
    let (status, _, headers) = app.client().get("/admin/taches").await;
    assert!(status.is_redirection(), "{status}");
    assert_eq!(headers["location"], "/connexion?suivant=/admin/taches");

    // A client: the 403 page, with a 403 status, and no admin data.
    for page in ["/admin", "/admin/indicateurs", "/admin/journal", "/admin/taches", "/admin/courriels", "/admin/offres"]
    {
        let (status, html, _) = client.get(page).await;
        assert_eq!(status, 403, "{page}");
        assert!(html.contains("Accès refusé"), "{page}");
        assert!(!html.contains("Organisations clientes") && !html.contains("Revenu mensuel"), "{page}");
    }
    for endpoint in ["admin/overview", "admin/mails", "admin/kpis"] {
        assert_eq!(client.call::<serde_json::Value>(endpoint, &[]).await, Err(AppError::Forbidden), "{endpoint}");
    }
    assert_eq!(client.call::<serde_json::Value>("admin/actions", &[("page", "1")]).await, Err(AppError::Forbidden));
    assert_eq!(client.call::<serde_json::Value>("admin/jobs", &[("state", "")]).await, Err(AppError::Forbidden));
    assert_eq!(client.call::<serde_json::Value>("admin/retry-job", &[("id", "1")]).await, Err(AppError::Forbidden));
    assert_eq!(app.client().call::<serde_json::Value>("admin/overview", &[]).await, Err(AppError::Unauthenticated));

    // An agency admin (as `prospecta admin create` makes one) gets in.
    assert_eq!(
        create_admin(app.db(), "pas-un-email", PASSWORD).await,
        Err(AppError::validation("email", ValidationCode::InvalidEmail))
    );
    assert_eq!(
        create_admin(app.db(), "admin@prospecta.fr", "court").await,
        Err(AppError::validation("password", ValidationCode::TooShort { min: 10 }))
    );
    create_admin(app.db(), "admin@prospecta.fr", PASSWORD).await.unwrap();
    assert_eq!(
        create_admin(app.db(), "admin@prospecta.fr", PASSWORD).await,
        Err(AppError::validation("email", ValidationCode::EmailTaken))
    );
    let admin = app.client_from("203.0.113.200");
    admin
        .call::<()>("accounts/login", &[("email", "admin@prospecta.fr"), ("password", PASSWORD), ("next", "/admin")])
        .await
        .unwrap();
    let info: ShellInfo = admin.call("accounts/shell", &[]).await.unwrap();
    assert!(info.user.unwrap().is_admin);
    let (status, html, _) = admin.get("/admin").await;
    assert_eq!(status, 200);
    assert!(!html.contains("Accès refusé"));
    let overview: AdminOverview = admin.call("admin/overview", &[]).await.unwrap();
    assert_eq!(overview.organizations, 1, "the agency's own organisation is no client");
    assert!(
        overview.organizations_list.iter().all(|o| o.name != "Prospecta (agence)"),
        "{:?}",
        overview.organizations_list
    );
    assert_eq!(overview.users, 2);
    let _: Vec<JobRow> = admin.call("admin/jobs", &[("state", "dead")]).await.unwrap();
    assert_eq!(admin.call::<Vec<JobRow>>("admin/jobs", &[("state", "n'importe-quoi")]).await, Err(AppError::NotFound));
    let _: Vec<SandboxMail> = admin.call("admin/mails", &[]).await.unwrap();
    assert_eq!(admin.call::<()>("admin/retry-job", &[("id", "999999")]).await, Err(AppError::NotFound));
}

async fn cross_site_requests_are_refused(backend: Backend) {
    let app = TestApp::start(backend).await;
    let client = app.signed_up("camille@martin.fr", "Martin").await;
    let post = |origin: Option<&'static str>, fetch_site: Option<&'static str>| {
        let mut request =
            client.http.post(format!("{}/api/accounts/invite", app.base)).form(&[("email", "pirate@evil.example")]);
        if let Some(o) = origin {
            request = request.header("origin", o);
        }
        if let Some(s) = fetch_site {
            request = request.header("sec-fetch-site", s);
        }
        request.send()
    };
    assert_eq!(post(Some("https://evil.example"), None).await.unwrap().status(), 403);
    assert_eq!(post(Some("null"), None).await.unwrap().status(), 403);
    assert_eq!(post(None, Some("cross-site")).await.unwrap().status(), 403);
    assert_eq!(app.count("invitations").await, 0, "nothing done for a forged request");
    let same_origin = app.base.clone();
    let ok = client
        .http
        .post(format!("{}/api/accounts/invite", app.base))
        .header("origin", same_origin)
        .header("sec-fetch-site", "same-origin")
        .form(&[("email", "lea@martin.fr")])
        .send()
        .await
        .unwrap();
    assert!(ok.status().is_success(), "{}", ok.status());
    assert_eq!(app.count("invitations").await, 1);
}

async fn unknown_session_cookies_are_anonymous(backend: Backend) {
    let app = TestApp::start(backend).await;
    let forged = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let response = forged
        .get(format!("{}/app", app.base))
        .header("cookie", "prospecta_session=invente-de-toutes-pieces")
        .send()
        .await
        .unwrap();
    assert!(response.status().is_redirection());
    let shell: ShellInfo = serde_json::from_str(
        &forged
            .post(format!("{}/api/accounts/shell", app.base))
            .header("cookie", "prospecta_session=invente-de-toutes-pieces")
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    )
    .unwrap();
    assert!(shell.user.is_none());
}

/// Pages allow only this site's scripts and their own inline scripts, marked with the nonce of
/// this response; other responses allow no inline script at all.
async fn pages_carry_a_content_security_policy_with_their_nonce(backend: Backend) {
    let app = TestApp::start(backend).await;
    let (status, html, headers) = app.client().get("/").await;
    assert_eq!(status, 200);
    let policy = headers["content-security-policy"].to_str().unwrap().to_string();
    assert!(policy.contains("default-src 'self'") && policy.contains("frame-ancestors 'none'"), "{policy}");
    assert!(policy.contains("object-src 'none'") && policy.contains("base-uri 'self'"), "{policy}");
    let nonce = policy.split("'nonce-").nth(1).and_then(|rest| rest.split('\'').next()).expect("a nonce").to_string();
    assert!(nonce.len() >= 16, "{nonce}");
    let scripts: Vec<&str> = html.split("<script").skip(1).map(|s| s.split('>').next().unwrap_or("")).collect();
    assert!(!scripts.is_empty(), "the page hydrates");
    for tag in &scripts {
        assert!(
            tag.contains(&format!("nonce=\"{nonce}\"")),
            "inline script without this response's nonce: <script{tag}>"
        );
    }
    // A new nonce for every response.
    let (_, _, again) = app.client().get("/").await;
    assert_ne!(again["content-security-policy"], headers["content-security-policy"]);
    // Server functions and 404 pages are covered too.
    let response = app.client().http.post(format!("{}/api/accounts/shell", app.base)).send().await.unwrap();
    let policy = response.headers()["content-security-policy"].to_str().unwrap();
    assert!(policy.contains("script-src 'self' 'wasm-unsafe-eval'") && !policy.contains("nonce"), "{policy}");
    let (status, _, headers) = app.client().get("/nulle-part").await;
    assert_eq!(status, 404);
    assert!(headers["content-security-policy"].to_str().unwrap().contains("'nonce-"));
}
