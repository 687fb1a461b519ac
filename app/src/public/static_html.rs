//! Static content the server renders and the browser never builds: the landing page's sections,
//! the legal pages' content and the public pages' footer. It is most of the public site's copy
//! and markup; compiled into the WebAssembly bundle it would be downloaded by every visitor of
//! every page, for views that never change and hold nothing interactive (their links are plain
//! `<a>`, which the router follows like any other).
//!
//! The server renders each block once (it never changes while the process runs) into the page's
//! HTML. The browser hydrates an element whose content it leaves alone; when it reaches the page
//! by a navigation inside the app instead, it asks the server for the block's HTML.

use crate::ui::{Alert, AlertTone, Skeleton};
use leptos::prelude::*;
use prospecta_shared::AppError;
use serde::{Deserialize, Serialize};

/// A block of static content the server renders.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum StaticBlock {
    Footer,
    Landing,
    /// The landing page's sections after its pricing.
    LandingEnd,
    LegalNotice,
    Privacy,
    Terms,
}

/// The block's HTML, for a page the browser reached without loading it from the server.
#[server(endpoint = "public/static-html")]
pub async fn static_html(block: StaticBlock) -> Result<String, AppError> {
    Ok(rendered(block).to_string())
}

/// Rendered once per process: the views are constants.
#[cfg(feature = "ssr")]
fn rendered(block: StaticBlock) -> &'static str {
    use std::sync::OnceLock;
    static RENDERED: [OnceLock<String>; 6] = [const { OnceLock::new() }; 6];
    let slot = match block {
        StaticBlock::Footer => 0,
        StaticBlock::Landing => 1,
        StaticBlock::LegalNotice => 2,
        StaticBlock::Privacy => 3,
        StaticBlock::Terms => 4,
        StaticBlock::LandingEnd => 5,
    };
    RENDERED[slot].get_or_init(|| {
        // Its own owner: the block is rendered outside the page it first appears in.
        Owner::new().with(|| {
            use super::pages;
            match block {
                StaticBlock::Footer => super::chrome::footer().to_html(),
                StaticBlock::Landing => pages::landing_sections().to_html(),
                StaticBlock::LandingEnd => pages::landing_closing_sections().to_html(),
                StaticBlock::LegalNotice => pages::legal_notice_content().to_html(),
                StaticBlock::Privacy => pages::privacy_content().to_html(),
                StaticBlock::Terms => pages::terms_content().to_html(),
            }
        })
    })
}

/// The block, inside a `div`: its HTML as the server rendered it.
#[component]
pub fn ServerHtml(block: StaticBlock) -> impl IntoView {
    #[cfg(feature = "ssr")]
    let html = RwSignal::new(rendered(block).to_string());
    // While the page hydrates, an `inner_html` leaves the server's content in place.
    #[cfg(not(feature = "ssr"))]
    let html = RwSignal::new(String::new());
    // Both false while the page hydrates, on both sides: what they show must match.
    let (loading, failed) = (RwSignal::new(false), RwSignal::new(false));
    let node = NodeRef::<leptos::html::Div>::new();
    // Reached by a navigation inside the app: the element holds no element (the renderer may
    // leave a comment marker in it), fetch the block.
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        if let Some(element) = node.get()
            && element.child_element_count() == 0
        {
            loading.set(true);
            leptos::task::spawn_local(async move {
                let answer = static_html(block).await;
                loading.set(false);
                match answer {
                    Ok(rendered) => html.set(rendered),
                    Err(_) => failed.set(true),
                }
            });
        }
    });
    view! {
        <div node_ref=node inner_html=move || html.get()></div>
        <Show when=move || loading.get()>
            <div class="mx-auto max-w-3xl space-y-4 px-4 py-12" aria-hidden="true">
                <Skeleton class="h-8 w-2/3"/>
                <Skeleton class="h-4 w-full"/>
                <Skeleton class="h-4 w-5/6"/>
            </div>
        </Show>
        <Show when=move || failed.get()>
            <div class="mx-auto max-w-3xl px-4 py-12">
                <Alert tone=AlertTone::Error>
                    "Cette page n'a pas pu être chargée. Vérifiez votre connexion, puis rechargez la page."
                </Alert>
            </div>
        </Show>
    }
}
