//! The map of clients (ADM), drawn in the browser by Leaflet on an offline base layer
//! (`public/js/clients-map.js`, which this component calls), with the same communes listed for
//! screen readers and before the map is drawn.

use leptos::prelude::*;
use prospecta_shared::agency::MapPoint;

#[component]
pub fn ClientsMap(points: Vec<MapPoint>, unplaced: u64) -> impl IntoView {
    let element = NodeRef::<leptos::html::Div>::new();
    #[cfg(feature = "hydrate")]
    {
        let points = points.clone();
        Effect::new(move |_| {
            if let Some(div) = element.get() {
                draw(div, serde_json::to_string(&points).unwrap_or_default(), 0);
            }
        });
    }
    view! {
        <div node_ref=element class="h-80 w-full overflow-hidden rounded-lg bg-sky-50 sm:h-[28rem]" role="img" aria-label="Carte des clients par commune" data-testid="clients-map"></div>
        <ul class="mt-3 flex flex-wrap gap-2 text-xs text-ink-600" data-testid="clients-map-list">
            {points.into_iter().map(|p| view! { <li class="rounded-full bg-ink-100 px-2 py-1">{p.label}</li> }).collect_view()}
        </ul>
        {(unplaced > 0).then(|| view! {
            <p class="mt-2 text-xs text-ink-500">{format!("{unplaced} client{} sans adresse reconnue, hors de la carte.", if unplaced > 1 { "s" } else { "" })}</p>
        })}
    }
}

/// `prospectaClientsMap(div, points)`, tried again for a few seconds while the scripts load
/// (the admin area's head loads them, deferred; on a client-side navigation they come later).
#[cfg(feature = "hydrate")]
fn draw(div: web_sys::HtmlDivElement, points: String, attempt: u32) {
    use wasm_bindgen::JsCast;
    let drawn = web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &"prospectaClientsMap".into()).ok())
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .zip(js_sys::JSON::parse(&points).ok())
        .and_then(|(f, data)| f.call2(&wasm_bindgen::JsValue::NULL, &div, &data).ok())
        .is_some_and(|answer| answer.as_bool() == Some(true));
    if !drawn && attempt < 50 {
        set_timeout(move || draw(div, points, attempt + 1), std::time::Duration::from_millis(100));
    }
}
