#![recursion_limit = "256"]
//! Prospecta's web application: routes, pages, components and server functions.
//! Server functions are thin: they take the caller's identity and call a capability's port,
//! implemented by the `server` crate (see `ARCHITECTURE` in the README).

pub mod accounts;
pub mod admin;
pub mod campaigns;
pub mod opposition;
pub mod prospecting;
pub mod public;
mod routes;
#[cfg(feature = "ssr")]
pub mod server_ctx;
mod shell;
pub mod ui;
pub mod workspace;

pub use routes::App;

use leptos::prelude::*;
use leptos_meta::MetaTags;

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="fr">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#4338ca"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <link rel="stylesheet" href="/pkg/prospecta.css"/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}
