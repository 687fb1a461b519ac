use leptos::prelude::*;

#[component]
pub fn Card(
    #[prop(optional, into)] title: Option<String>,
    #[prop(optional, into)] subtitle: Option<String>,
    #[prop(optional, into)] class: String,
    children: Children,
) -> impl IntoView {
    view! {
        <section class=format!("rounded-xl bg-white shadow-card ring-1 ring-ink-200/70 {class}")>
            {title.map(|t| view! {
                <header class="border-b border-ink-100 px-5 py-4">
                    <h2 class="text-base font-semibold text-ink-900">{t}</h2>
                    {subtitle.map(|s| view! { <p class="mt-0.5 text-sm text-ink-500">{s}</p> })}
                </header>
            })}
            <div class="p-5">{children()}</div>
        </section>
    }
}

/// A key figure with its label and a short hint ("+12 % ce mois-ci", "Aucune donnée encore").
#[component]
pub fn StatCard(
    #[prop(into)] label: String,
    #[prop(into)] value: Signal<String>,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(optional)] icon: Option<super::IconName>,
) -> impl IntoView {
    view! {
        <div class="min-w-0 rounded-xl bg-white p-4 shadow-card ring-1 ring-ink-200/70 sm:p-5">
            <div class="flex items-start justify-between gap-2">
                <p class="text-sm font-medium text-ink-500">{label}</p>
                {icon.map(|i| view! {
                    <span class="hidden rounded-lg bg-brand-50 p-2 text-brand-700 sm:block"><super::Icon name=i class="size-5"/></span>
                })}
            </div>
            <p class="mt-2 text-2xl font-semibold tracking-tight text-ink-900 sm:text-3xl">{move || value.get()}</p>
            {hint.map(|h| view! { <p class="mt-1 text-xs text-ink-500">{h}</p> })}
        </div>
    }
}

/// The title block at the top of every page of the client area.
#[component]
pub fn PageHeader(
    #[prop(into)] title: String,
    #[prop(optional, into)] description: Option<String>,
    #[prop(optional)] actions: Option<Children>,
) -> impl IntoView {
    view! {
        <div class="mb-6 flex flex-col gap-4 sm:flex-row sm:items-end sm:justify-between">
            <div>
                <h1 class="text-2xl font-semibold tracking-tight text-ink-900">{title}</h1>
                {description.map(|d| view! { <p class="mt-1 max-w-2xl text-sm text-ink-500">{d}</p> })}
            </div>
            {actions.map(|a| view! { <div class="flex flex-wrap items-center gap-2 sm:shrink-0">{a()}</div> })}
        </div>
    }
}

/// The link back to a list, over the header of one of its items' pages.
#[component]
pub fn BackLink(href: &'static str, label: &'static str) -> impl IntoView {
    view! {
        <a href=href class="mb-4 inline-flex items-center gap-1.5 rounded text-sm font-medium text-ink-600 hover:text-ink-900">
            <span aria-hidden="true">"←"</span>{label}
        </a>
    }
}
