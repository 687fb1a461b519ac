use super::focus::{return_focus_on_close, trap_tab};
use super::{Icon, IconName};
use leptos::prelude::*;

/// A side panel for the details of one item: from the right on desktop, full screen on mobile.
/// It is a modal dialog: focus moves into it, Tab stays inside, Escape or the backdrop close it,
/// and focus goes back to what opened it.
#[component]
pub fn Drawer(
    /// The panel's heading (and its accessible name).
    #[prop(into)]
    title: Signal<String>,
    #[prop(optional, into)] subtitle: Option<Signal<String>>,
    #[prop(into)] open: Signal<bool>,
    on_close: Callback<()>,
    /// Unique on the page: the heading's id derives from it.
    #[prop(default = "panneau")]
    id: &'static str,
    children: ChildrenFn,
) -> impl IntoView {
    let panel = NodeRef::<leptos::html::Div>::new();
    let title_id = format!("{id}-titre");
    return_focus_on_close(open);
    Effect::new(move |_| {
        if let Some(el) = panel.get() {
            let _ = el.focus();
        }
    });
    let children = StoredValue::new(children);
    view! {
        <Show when=move || open.get()>
            <div class="fixed inset-0 z-40" on:keydown=move |ev| {
                if ev.key() == "Escape" {
                    ev.stop_propagation();
                    on_close.run(());
                } else if let Some(el) = panel.get_untracked() {
                    trap_tab(&ev, &el);
                }
            }>
                <div class="absolute inset-0 bg-ink-900/40" aria-hidden="true" on:click=move |_| on_close.run(())></div>
                <div
                    node_ref=panel
                    id=id
                    role="dialog"
                    aria-modal="true"
                    aria-labelledby=title_id.clone()
                    tabindex="-1"
                    class="absolute inset-0 flex flex-col bg-white shadow-xl outline-none sm:left-auto sm:w-full sm:max-w-xl"
                >
                    <header class="flex items-start justify-between gap-4 border-b border-ink-100 px-5 py-4 sm:px-6">
                        <div class="min-w-0">
                            <h2 id=title_id.clone() class="break-words text-lg font-semibold text-ink-900">{move || title.get()}</h2>
                            {subtitle.map(|s| view! { <p class="mt-0.5 text-sm text-ink-500">{move || s.get()}</p> })}
                        </div>
                        <button
                            type="button"
                            class="shrink-0 rounded-md p-1.5 text-ink-500 hover:bg-ink-100 hover:text-ink-900 focus-visible:outline-2 focus-visible:outline-brand-600"
                            aria-label="Fermer le panneau"
                            on:click=move |_| on_close.run(())
                        >
                            <Icon name=IconName::Close class="size-5"/>
                        </button>
                    </header>
                    <div class="flex-1 overflow-y-auto px-5 py-5 sm:px-6">{move || children.with_value(|c| c())}</div>
                </div>
            </div>
        </Show>
    }
}
