use super::{Button, ButtonSize, ButtonVariant};
use leptos::prelude::*;

/// "Page 2 sur 14 · 1 372 lignes" with previous / next buttons, for server-side pagination.
#[component]
pub fn Pagination(
    #[prop(into)] page: Signal<u32>,
    #[prop(into)] pages: Signal<u32>,
    /// What the whole list holds, e.g. "1 372 lignes".
    #[prop(optional, into)]
    total_label: Option<Signal<String>>,
    on_change: Callback<u32>,
) -> impl IntoView {
    let at_start = Signal::derive(move || page.get() <= 1);
    let at_end = Signal::derive(move || page.get() >= pages.get());
    view! {
        <nav aria-label="Pagination" class="flex flex-col gap-3 px-1 py-3 text-sm sm:flex-row sm:items-center sm:justify-between">
            <p class="text-ink-600" aria-live="polite">
                {move || format!("Page {} sur {}", page.get(), pages.get().max(1))}
                {total_label.map(|t| view! { <span class="text-ink-500">{move || format!(" · {}", t.get())}</span> })}
            </p>
            <div class="flex gap-2">
                <Button
                    variant=ButtonVariant::Secondary
                    size=ButtonSize::Small
                    disabled=at_start
                    on_click=move |_| on_change.run(page.get_untracked().saturating_sub(1).max(1))
                >
                    "Page précédente"
                </Button>
                <Button
                    variant=ButtonVariant::Secondary
                    size=ButtonSize::Small
                    disabled=at_end
                    on_click=move |_| on_change.run((page.get_untracked() + 1).min(pages.get_untracked().max(1)))
                >
                    "Page suivante"
                </Button>
            </div>
        </nav>
    }
}
