#![recursion_limit = "256"]
//! The browser entry point: hydrate the server-rendered page.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Asynchronous hydration: a lazy route (`#[lazy_route]`) first loads its chunk of the
    // bundle (the server's `<link rel=preload>` has already started fetching it), then the page
    // is hydrated.
    let _ = any_spawner::Executor::init_wasm_bindgen();
    leptos::task::spawn_local(async {
        let body = leptos::prelude::document().body().expect("a page has a body");
        leptos::mount::hydrate_from_async(body, prospecta_app::App).await.forget();
        // A mark the end-to-end tests and the first-visit benchmark wait for: from here on,
        // clicks go through Leptos.
        if let Some(root) = leptos::prelude::document().document_element() {
            let _ = root.set_attribute("data-hydrated", "");
        }
    });
}
