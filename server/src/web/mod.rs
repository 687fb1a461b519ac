//! HTTP: the axum router around Leptos, and the middleware that every request crosses —
//! CSRF origin check, session resolution, and the guards of the signed-in areas.

mod inbound_mail;
mod live;
mod middleware;
mod one_click;

use crate::accounts::AccountsService;
use crate::admin::AdminService;
use crate::prospecting::ProspectingService;
use crate::state::AppState;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::routing::{get, post};
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, generate_route_list};
use prospecta_app::accounts::port::Accounts;
use prospecta_app::admin::port::Admin;
use prospecta_app::prospecting::port::Prospecting;
use prospecta_app::{App, shell};
use std::sync::Arc;
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;

pub use middleware::client_ip;

pub fn leptos_options(app: &AppState) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("prospecta")
        .site_root(app.config.site_root.as_str())
        .site_pkg_dir("pkg")
        .site_addr(app.config.bind)
        .hash_files(bundle_is_hashed())
        .build()
}

/// The production build (`scripts/build-release.sh`) names the bundle's files after their
/// content and writes their hashes to `hash.txt` beside the binary; Leptos then links those
/// names. A debug build has no such file.
fn bundle_is_hashed() -> bool {
    std::env::current_exe().ok().and_then(|exe| exe.parent().map(|dir| dir.join("hash.txt").is_file())).unwrap_or(false)
}

pub fn router(app: AppState) -> Router {
    let options = leptos_options(&app);
    let hashed_bundle = options.hash_files;
    let routes = generate_route_list(App);
    let accounts: Arc<dyn Accounts> = Arc::new(AccountsService::new(app.clone()));
    let admin: Arc<dyn Admin> = Arc::new(AdminService::new(app.db.clone()));
    let prospecting: Arc<dyn Prospecting> = Arc::new(ProspectingService::new(app.clone()));
    let opposition: Arc<dyn prospecta_app::opposition::port::Opposition> =
        Arc::new(crate::opposition::OppositionService::new(
            app.db.clone(),
            app.config.opposition_secret.clone(),
            app.config.opposition_hash_key.clone(),
        ));
    let campaigns: Arc<dyn prospecta_app::campaigns::port::Campaigns> =
        Arc::new(crate::outreach::campaigns::CampaignService::new(app.clone()));
    let dashboard: Arc<dyn prospecta_app::workspace::port::Dashboard> =
        Arc::new(crate::dashboard::DashboardService::new(app.clone()));
    let business: Arc<dyn prospecta_app::business::port::Business> = Arc::new(crate::business::BusinessService::new(
        app.clone(),
        Arc::new(crate::wiring::Links::new(app.db.clone(), app.config.enrichment.enabled)),
    ));
    let mailboxes: Arc<dyn prospecta_app::mailboxes::port::Mailboxes> =
        Arc::new(crate::mailboxes::MailboxService::new(
            app.clone(),
            app.config.is_sandbox().then(|| Arc::new(app.clone()) as Arc<dyn crate::mailboxes::DemoMail>),
        ));
    let conversations: Arc<dyn prospecta_app::conversations::port::Conversations> =
        Arc::new(crate::conversations::ConversationService::new(app.clone()));
    let billing: Arc<dyn prospecta_app::billing::port::Billing> =
        Arc::new(crate::billing::BillingService::new(app.clone()));
    let meetings: Arc<dyn prospecta_app::meetings::port::Meetings> =
        Arc::new(crate::meetings::MeetingsService::new(app.clone()));
    let results: Arc<dyn prospecta_app::results::port::Results> =
        Arc::new(crate::results::ResultsService::new(app.clone()));
    let context = move || {
        set_page_security_policy();
        provide_context(meetings.clone());
        provide_context(results.clone());
        provide_context(billing.clone());
        provide_context(mailboxes.clone());
        provide_context(conversations.clone());
        provide_context(business.clone());
        provide_context(dashboard.clone());
        provide_context(campaigns.clone());
        provide_context(opposition.clone());
        provide_context(accounts.clone());
        provide_context(admin.clone());
        provide_context(prospecting.clone());
    };
    let pages = Router::new()
        .leptos_routes_with_context(&options, routes, context, {
            let options = options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context(set_page_security_policy, shell))
        .with_state(options);
    let mut router = Router::new()
        .nest_service("/pkg", static_bundle(&app.config.site_root, hashed_bundle))
        .route("/healthz", get(health))
        .route("/app/campagnes/{id}/flux", get(live::campaign_stream))
        .route("/opposition/un-clic", get(one_click::page).post(one_click::object))
        .route(crate::billing::webhook::PATH, post(crate::billing::webhook::receive))
        .route(crate::billing::invoices::download::PATH, get(crate::billing::invoices::download::pdf))
        .route(crate::billing::statement::download::PATH, get(crate::billing::statement::download::pdf))
        .route(
            "/webhooks/mail/inbound",
            post(inbound_mail::inbound_mail).layer(DefaultBodyLimit::max(inbound_mail::MAX_MESSAGE_BYTES)),
        )
        .with_state(app.clone());
    let directory = app.config.is_sandbox().then(|| crate::sandbox::SiteDirectory::new(app.db.clone()));
    if let Some(directory) = &directory {
        // The simulated web the sources read in sandbox mode (PagesJaunes, the state's API,
        // the search engine).
        router = router.merge(crate::sandbox::router(directory.clone()));
    }
    let mut router = router
        .merge(pages)
        .layer(axum::middleware::from_fn_with_state(app.clone(), middleware::load_frame))
        .layer(axum::middleware::from_fn(middleware::guard_areas))
        .layer(axum::middleware::from_fn(middleware::server_function_status))
        .layer(axum::middleware::from_fn_with_state(app.clone(), middleware::resolve_identity))
        .layer(axum::middleware::from_fn(middleware::reject_cross_site))
        // Responses that are not pages (server functions, assets, streams) get the policy
        // without a nonce: no inline script at all. Inside the sandbox's host dispatch: the
        // simulated company sites keep the inline scripts real sites have.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_str(&content_security_policy(None)).expect("static policy"),
        ));
    if let Some(directory) = directory {
        // Outermost: a request for a simulated company site (its Host) never reaches the app's
        // session and CSRF layers; the app's own host passes through.
        let dispatch = crate::sandbox::sites::HostDispatch::new(directory, &app.config.public_url);
        router = router.layer(axum::middleware::from_fn_with_state(dispatch, crate::sandbox::sites::dispatch));
    }
    router
        .layer(SetResponseHeaderLayer::overriding(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ))
        // Pages, server-function answers, CSS, JS and WASM leave compressed (brotli or gzip, as
        // the browser asks); files already stored compressed, images and the live event stream
        // are left as they are. The fastest level: a page is compressed on every request, and
        // the large files have their twins compressed at the best level by the build.
        .layer(CompressionLayer::new().quality(tower_http::CompressionLevel::Fastest))
        // Outermost: the request's span covers every layer above and the handler.
        .layer(axum::middleware::from_fn(crate::observability::trace_request))
}

/// The browser bundle (`/pkg`: WASM, its JS loader, the stylesheet). A `.br` or `.gz` twin
/// written by the production build is sent as is to a browser that accepts it. Hashed names
/// (production) never change content, so browsers keep them a year without asking again;
/// a debug build's names are stable, so the browser revalidates each time (`no-cache`: a 304
/// when nothing changed) rather than keeping an old bundle.
fn static_bundle(site_root: &str, hashed: bool) -> axum::routing::MethodRouter {
    let files = tower_http::services::ServeDir::new(std::path::Path::new(site_root).join("pkg"))
        .precompressed_br()
        .precompressed_gzip();
    let cache = if hashed { "public, max-age=31536000, immutable" } else { "no-cache" };
    axum::routing::get_service(
        tower::ServiceBuilder::new()
            .layer(SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static(cache)))
            .service(files),
    )
}

/// The Content-Security-Policy of our own responses. Scripts come from this site only, plus the
/// inline scripts Leptos writes for hydration, which carry this response's nonce; WebAssembly
/// needs `wasm-unsafe-eval` to compile the bundle. Inline `style` attributes (progress bars,
/// chart widths) are allowed: a style cannot run code. Nothing may frame the app, and forms
/// post to this site only.
pub fn content_security_policy(nonce: Option<&str>) -> String {
    let scripts = match nonce {
        Some(n) => format!("'self' 'nonce-{n}' 'wasm-unsafe-eval'"),
        None => "'self' 'wasm-unsafe-eval'".to_string(),
    };
    format!(
        "default-src 'self'; script-src {scripts}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; \
         connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; \
         frame-ancestors 'none'"
    )
}

/// Pages: the policy with the nonce Leptos generated for this response (see
/// [`content_security_policy`]).
fn set_page_security_policy() {
    use leptos::prelude::use_context;
    if let (Some(nonce), Some(response)) = (leptos::nonce::use_nonce(), use_context::<leptos_axum::ResponseOptions>())
        && let Ok(value) = HeaderValue::from_str(&content_security_policy(Some(&nonce)))
    {
        response.insert_header(header::CONTENT_SECURITY_POLICY, value);
    }
}

async fn health(State(app): State<AppState>) -> (StatusCode, &'static str) {
    match app.db.ping().await {
        Ok(()) => (StatusCode::OK, "ok"),
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "database unavailable"),
    }
}
