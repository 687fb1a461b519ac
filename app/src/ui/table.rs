use leptos::prelude::*;

/// A responsive table: scrolls horizontally inside its card on small screens instead of
/// stretching the page.
#[component]
pub fn DataTable(
    #[prop(into)] caption: String,
    columns: Vec<&'static str>,
    /// Tighter cells, for tables with many columns.
    #[prop(optional)]
    dense: bool,
    children: Children,
) -> impl IntoView {
    let table_class = if dense {
        "min-w-full divide-y divide-ink-200 text-sm [&_td]:px-3 [&_th]:px-3"
    } else {
        "min-w-full divide-y divide-ink-200 text-sm"
    };
    view! {
        // `relative`: absolutely placed helpers in cells (screen-reader text, tooltips) stay inside
        // the scroll box instead of widening the page on phones.
        <div class="relative overflow-x-auto rounded-xl bg-white shadow-card ring-1 ring-ink-200/70">
            <table class=table_class>
                <caption class="sr-only">{caption}</caption>
                <thead class="bg-ink-50"><tr>{columns.into_iter().map(|c| view! { <Th>{c}</Th> }).collect_view()}</tr></thead>
                <tbody class="divide-y divide-ink-100">{children()}</tbody>
            </table>
        </div>
    }
}

#[component]
pub fn Th(children: Children) -> impl IntoView {
    view! { <th scope="col" class="whitespace-nowrap px-4 py-3 text-left text-xs font-semibold uppercase tracking-wide text-ink-600">{children()}</th> }
}

#[component]
pub fn Td(#[prop(optional, into)] class: String, children: Children) -> impl IntoView {
    view! { <td class=format!("px-4 py-3 text-ink-800 {class}")>{children()}</td> }
}
