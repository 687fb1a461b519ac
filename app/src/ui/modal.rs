use super::focus::{focus_first_field, return_focus_on_close, trap_tab};
use super::{Icon, IconName};
use leptos::prelude::*;

/// A modal dialog: labelled, closes on Escape and on the backdrop. Focus moves to its first field
/// when it opens, Tab stays inside it, and focus returns to what opened it when it closes.
#[component]
pub fn Modal(#[prop(into)] title: String, open: RwSignal<bool>, children: ChildrenFn) -> impl IntoView {
    let title_id = "modal-title";
    let dialog = NodeRef::<leptos::html::Div>::new();
    return_focus_on_close(open.into());
    Effect::new(move |_| {
        if let Some(el) = dialog.get() {
            focus_first_field(&el);
        }
    });
    view! {
        <Show when=move || open.get()>
            <div
                class="fixed inset-0 z-40 overflow-y-auto bg-ink-900/50"
                on:keydown=move |ev| {
                    if ev.key() == "Escape" {
                        open.set(false)
                    } else if let Some(el) = dialog.get_untracked() {
                        trap_tab(&ev, &el)
                    }
                }
            >
            <div class="flex min-h-full items-end justify-center p-4 sm:items-center" on:click=move |_| open.set(false)>
                <div
                    node_ref=dialog
                    role="dialog"
                    aria-modal="true"
                    aria-labelledby=title_id
                    tabindex="-1"
                    class="w-full max-w-lg rounded-2xl bg-white p-6 shadow-xl outline-none"
                    on:click=|ev| ev.stop_propagation()
                >
                    <div class="flex items-start justify-between gap-4">
                        <h2 id=title_id class="text-lg font-semibold text-ink-900">{title.clone()}</h2>
                        <button type="button" class="rounded-md p-1 text-ink-500 hover:bg-ink-100 focus-visible:outline-2 focus-visible:outline-brand-600" aria-label="Fermer" on:click=move |_| open.set(false)>
                            <Icon name=IconName::Close class="size-5"/>
                        </button>
                    </div>
                    <div class="mt-4">{children()}</div>
                </div>
            </div>
            </div>
        </Show>
    }
}
