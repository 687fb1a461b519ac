use super::{Icon, IconName};
use leptos::prelude::*;

/// A modal dialog: labelled, closes on Escape and on the backdrop, traps nothing the user
/// cannot leave.
#[component]
pub fn Modal(#[prop(into)] title: String, open: RwSignal<bool>, children: ChildrenFn) -> impl IntoView {
    let title_id = "modal-title";
    view! {
        <Show when=move || open.get()>
            <div
                class="fixed inset-0 z-40 flex items-end justify-center bg-ink-900/50 p-4 sm:items-center"
                on:click=move |_| open.set(false)
                on:keydown=move |ev| if ev.key() == "Escape" { open.set(false) }
            >
                <div
                    role="dialog"
                    aria-modal="true"
                    aria-labelledby=title_id
                    class="w-full max-w-lg rounded-2xl bg-white p-6 shadow-xl"
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
        </Show>
    }
}
