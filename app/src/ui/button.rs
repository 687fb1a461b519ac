use leptos::prelude::*;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ButtonVariant {
    #[default]
    Primary,
    Secondary,
    Ghost,
    Danger,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ButtonSize {
    Small,
    #[default]
    Medium,
    Large,
}

fn classes(variant: ButtonVariant, size: ButtonSize, full: bool) -> String {
    let base = "inline-flex items-center justify-center gap-2 rounded-lg font-semibold transition-colors \
                focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 \
                disabled:cursor-not-allowed disabled:opacity-60";
    let look = match variant {
        ButtonVariant::Primary => "bg-brand-600 text-white shadow-sm hover:bg-brand-700",
        ButtonVariant::Secondary => "bg-white text-ink-900 ring-1 ring-inset ring-ink-200 shadow-sm hover:bg-ink-50",
        ButtonVariant::Ghost => "text-ink-700 hover:bg-ink-100",
        ButtonVariant::Danger => "bg-danger-600 text-white shadow-sm hover:bg-danger-700",
    };
    let dims = match size {
        ButtonSize::Small => "px-3 py-1.5 text-sm",
        ButtonSize::Medium => "px-4 py-2.5 text-sm",
        ButtonSize::Large => "px-6 py-3 text-base",
    };
    format!("{base} {look} {dims}{}", if full { " w-full" } else { "" })
}

/// A button. `loading` disables it and shows a spinner, so a double click never sends twice.
#[component]
pub fn Button(
    #[prop(optional)] variant: ButtonVariant,
    #[prop(optional)] size: ButtonSize,
    #[prop(optional, into)] button_type: Option<&'static str>,
    #[prop(optional, into)] loading: Signal<bool>,
    /// Greyed out and inert (e.g. "Page suivante" on the last page), without a spinner.
    #[prop(optional, into)]
    disabled: Signal<bool>,
    #[prop(optional)] full_width: bool,
    #[prop(optional, into)] on_click: Option<Callback<leptos::ev::MouseEvent>>,
    #[prop(optional, into)] aria_label: Option<String>,
    /// Id of the text that gives context to a short label ("Supprimer" → the row's name).
    #[prop(optional, into)]
    aria_describedby: Option<String>,
    children: Children,
) -> impl IntoView {
    view! {
        <button
            type=button_type.unwrap_or("button")
            class=classes(variant, size, full_width)
            disabled=move || loading.get() || disabled.get()
            aria-busy=move || loading.get().then_some("true")
            aria-label=aria_label
            aria-describedby=aria_describedby
            on:click=move |ev| {
                if let Some(cb) = on_click {
                    cb.run(ev)
                }
            }
        >
            <Show when=move || loading.get()>
                <span class="size-4 animate-spin rounded-full border-2 border-current border-r-transparent" aria-hidden="true"></span>
            </Show>
            {children()}
        </button>
    }
}

/// A file to download (a PDF the server draws): outside the router, named for screen readers.
#[component]
pub fn DownloadLink(
    #[prop(into)] href: String,
    /// What it downloads, for screen readers ("Télécharger la facture F-000042 (PDF)").
    #[prop(into)]
    label: String,
    #[prop(optional, into)] class: String,
    children: Children,
) -> impl IntoView {
    view! {
        <a
            class=format!("inline-flex items-center gap-1.5 rounded-md px-2 py-1 text-sm font-semibold text-brand-700 hover:bg-brand-50 focus-visible:outline focus-visible:outline-2 focus-visible:outline-brand-600 {class}")
            href=href
            download=""
            aria-label=label
            rel="external"
        >
            {children()}
        </a>
    }
}

/// A link that looks like a button (navigation, not an action).
#[component]
pub fn ButtonLink(
    #[prop(into)] href: String,
    #[prop(optional)] variant: ButtonVariant,
    #[prop(optional)] size: ButtonSize,
    #[prop(optional)] full_width: bool,
    children: Children,
) -> impl IntoView {
    view! { <a href=href class=classes(variant, size, full_width)>{children()}</a> }
}
