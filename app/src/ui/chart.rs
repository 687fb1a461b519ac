//! A chart drawn by Chart.js, the maintained chart library the pages load once
//! (`/vendor/chart.umd.js`, from its npm package), on a canvas. The server renders the canvas
//! empty with its figures as a table for screen readers; the browser draws the chart into it
//! once the page is live. Without the library (a blocked script), the table is what remains.

use leptos::prelude::*;

/// `config`: Chart.js' configuration as JSON (type, data, options), without functions.
/// `children`: the same figures as a table, read by screen readers.
#[component]
pub fn Chart(#[prop(into)] label: String, config: String, children: Children) -> impl IntoView {
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        if let Some(element) = canvas.get() {
            draw(&element, &config);
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = config;
    view! {
        <div class="relative h-64 sm:h-72">
            <canvas node_ref=canvas role="img" aria-label=label></canvas>
        </div>
        <div class="sr-only">{children()}</div>
    }
}

/// `new Chart(canvas, config)`, through the global the library's UMD build defines.
#[cfg(feature = "hydrate")]
fn draw(canvas: &web_sys::HtmlCanvasElement, config: &str) {
    use wasm_bindgen::JsCast;
    let Some(window) = web_sys::window() else { return };
    let Ok(constructor) = js_sys::Reflect::get(&window, &"Chart".into()) else { return };
    let Ok(constructor) = constructor.dyn_into::<js_sys::Function>() else {
        leptos::logging::warn!("Chart.js n'est pas chargé : le graphique reste sous forme de tableau");
        return;
    };
    let Ok(config) = js_sys::JSON::parse(config) else { return };
    if let Err(e) = js_sys::Reflect::construct(&constructor, &js_sys::Array::of2(canvas, &config)) {
        leptos::logging::warn!("graphique non dessiné : {e:?}");
    }
}
