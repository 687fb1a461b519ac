#![recursion_limit = "256"]
//! Prospecta's web application: routes, pages, components and server functions.
//! Server functions are thin: they take the caller's identity and call a capability's port,
//! implemented by the `server` crate (see `ARCHITECTURE` in the README).

// One build is either the server's (`ssr`) or the browser's (`hydrate`). Both at once happens
// when the frontend joins a host build (`cargo test --workspace`): effects then run during
// server rendering and pages fail with a `spawn_local` panic far from the cause.
#[cfg(all(feature = "ssr", feature = "hydrate"))]
compile_error!(
    "prospecta_app built with both `ssr` and `hydrate`: build the frontend alone for wasm32, and \
     leave it out of host builds (`cargo test`, not `cargo test --workspace`)"
);

pub mod accounts;
pub mod admin;
pub mod billing;
pub mod business;
pub mod campaigns;
pub mod conversations;
pub mod mailboxes;
pub mod meetings;
pub mod opposition;
pub mod prospecting;
pub mod public;
pub mod results;
mod routes;
#[cfg(feature = "ssr")]
pub mod server_ctx;
mod shell;
mod tour;
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
                <link rel="stylesheet" href=stylesheet_href(&options)/>
                // Chart.js (ui::Chart) before the app's module, which may draw on hydrating.
                <script defer src="/vendor/chart.umd.js" nonce=leptos::nonce::use_nonce()></script>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The stylesheet's address: `/pkg/prospecta.<hash>.css` when the production build hashed the
/// bundle (`hash.txt` beside the binary, the file Leptos reads for the script and the WASM),
/// `/pkg/prospecta.css` otherwise. Read once: the bundle does not change under a running process.
fn stylesheet_href(options: &LeptosOptions) -> String {
    static HREF: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HREF.get_or_init(|| {
        let name = &options.output_name;
        match options.hash_files.then(|| bundle_hash(&options.hash_file, "css")).flatten() {
            Some(hash) => format!("/pkg/{name}.{hash}.css"),
            None => format!("/pkg/{name}.css"),
        }
    })
    .clone()
}

/// One line (`css: 3f2a…`) of the hash file beside the running binary.
fn bundle_hash(hash_file: &str, kind: &str) -> Option<String> {
    let path = std::env::current_exe().ok()?.parent()?.join(hash_file);
    let text = std::fs::read_to_string(path).ok()?;
    text.lines()
        .filter_map(|line| line.split_once(':'))
        .find(|(k, _)| k.trim() == kind)
        .map(|(_, hash)| hash.trim().to_string())
        .filter(|hash| !hash.is_empty() && hash.chars().all(|c| c.is_ascii_alphanumeric()))
}
