use super::{ButtonLink, Icon, IconName};
use leptos::prelude::*;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AlertTone {
    #[default]
    Info,
    Success,
    Warning,
    Error,
}

impl AlertTone {
    fn classes(self) -> &'static str {
        match self {
            AlertTone::Info => "bg-brand-50 text-brand-900 ring-brand-200",
            AlertTone::Success => "bg-success-50 text-success-800 ring-success-200",
            AlertTone::Warning => "bg-warning-50 text-warning-800 ring-warning-200",
            AlertTone::Error => "bg-danger-50 text-danger-800 ring-danger-200",
        }
    }
    fn icon(self) -> IconName {
        match self {
            AlertTone::Info => IconName::Info,
            AlertTone::Success => IconName::CheckCircle,
            AlertTone::Warning | AlertTone::Error => IconName::Alert,
        }
    }
}

/// A message box. Errors use `role="alert"` so screen readers announce them at once.
#[component]
pub fn Alert(#[prop(optional)] tone: AlertTone, children: Children) -> impl IntoView {
    let role = if tone == AlertTone::Error { "alert" } else { "status" };
    view! {
        <div role=role class=format!("flex gap-3 rounded-lg px-4 py-3 text-sm ring-1 ring-inset {}", tone.classes())>
            <Icon name=tone.icon() class="mt-0.5 size-4 shrink-0"/>
            <div>{children()}</div>
        </div>
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum BadgeTone {
    #[default]
    Neutral,
    Brand,
    Success,
    Warning,
    Danger,
}

#[component]
pub fn Badge(#[prop(optional)] tone: BadgeTone, children: Children) -> impl IntoView {
    let look = match tone {
        BadgeTone::Neutral => "bg-ink-100 text-ink-700",
        BadgeTone::Brand => "bg-brand-100 text-brand-800",
        BadgeTone::Success => "bg-success-100 text-success-800",
        BadgeTone::Warning => "bg-warning-100 text-warning-800",
        BadgeTone::Danger => "bg-danger-100 text-danger-800",
    };
    view! { <span class=format!("inline-flex items-center rounded-full px-2.5 py-0.5 text-xs font-medium {look}")>{children()}</span> }
}

/// What a section shows before it has data: what it is for, and the one next step.
#[component]
pub fn EmptyState(
    icon: IconName,
    #[prop(into)] title: String,
    #[prop(into)] description: String,
    #[prop(optional, into)] action_label: Option<String>,
    #[prop(optional, into)] action_href: Option<String>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    view! {
        <div class="flex flex-col items-center rounded-xl border border-dashed border-ink-300 bg-white px-6 py-14 text-center">
            <span class="rounded-2xl bg-brand-50 p-4 text-brand-700"><Icon name=icon class="size-8"/></span>
            <h2 class="mt-5 text-lg font-semibold text-ink-900">{title}</h2>
            <p class="mt-2 max-w-md text-sm text-ink-600">{description}</p>
            {action_label.zip(action_href).map(|(label, href)| view! {
                <div class="mt-6"><ButtonLink href=href>{label}</ButtonLink></div>
            })}
            {children.map(|c| view! { <div class="mt-6 w-full max-w-lg">{c()}</div> })}
        </div>
    }
}

/// A determinate progress bar for long jobs, with an accessible value.
#[component]
pub fn ProgressBar(
    #[prop(into)] label: String,
    /// 0..=100
    #[prop(into)]
    percent: Signal<u8>,
    #[prop(optional, into)] detail: Option<Signal<String>>,
) -> impl IntoView {
    let label_for_aria = label.clone();
    view! {
        <div>
            <div class="mb-1.5 flex items-baseline justify-between text-sm">
                <span class="font-medium text-ink-800">{label}</span>
                <span class="tabular-nums text-ink-500">{move || format!("{} %", percent.get())}</span>
            </div>
            <div
                class="h-2.5 w-full overflow-hidden rounded-full bg-ink-100"
                role="progressbar"
                aria-label=label_for_aria
                aria-valuemin="0"
                aria-valuemax="100"
                aria-valuenow=move || percent.get().to_string()
            >
                <div class="h-full rounded-full bg-brand-600 transition-[width] duration-500" style=move || format!("width: {}%", percent.get().min(100))></div>
            </div>
            {detail.map(|d| view! { <p class="mt-1.5 text-xs text-ink-500">{move || d.get()}</p> })}
        </div>
    }
}

/// A grey pulsing placeholder with the size of what is loading.
#[component]
pub fn Skeleton(#[prop(optional, into)] class: String) -> impl IntoView {
    view! { <div class=format!("animate-pulse rounded-md bg-ink-200/70 {class}") aria-hidden="true"></div> }
}

/// Placeholder rows for a table or list while its data loads.
#[component]
pub fn SkeletonRows(#[prop(default = 4)] rows: usize) -> impl IntoView {
    view! {
        <div class="space-y-3" role="status" aria-label="Chargement…">
            {(0..rows).map(|i| view! {
                <div class="flex items-center gap-4">
                    <Skeleton class="size-9 rounded-full"/>
                    <div class="flex-1 space-y-2">
                        <Skeleton class=if i % 2 == 0 { "h-3 w-1/3" } else { "h-3 w-1/2" }/>
                        <Skeleton class="h-3 w-2/3"/>
                    </div>
                </div>
            }).collect_view()}
        </div>
    }
}

/// A full-page error: 403, 404, 500. Always offers a way back.
#[component]
pub fn ErrorPage(
    #[prop(into)] code: String,
    #[prop(into)] title: String,
    #[prop(into)] message: String,
) -> impl IntoView {
    view! {
        <main class="flex min-h-[70vh] flex-col items-center justify-center px-6 py-16 text-center">
            <p class="text-sm font-semibold tracking-widest text-brand-700">{format!("ERREUR {code}")}</p>
            <h1 class="mt-3 text-3xl font-semibold tracking-tight text-ink-900 sm:text-4xl">{title}</h1>
            <p class="mt-4 max-w-lg text-ink-600">{message}</p>
            <div class="mt-8 flex flex-wrap justify-center gap-3">
                <ButtonLink href="/app">"Retour au tableau de bord"</ButtonLink>
                <ButtonLink href="/" variant=super::ButtonVariant::Secondary>"Page d'accueil"</ButtonLink>
            </div>
        </main>
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Toast {
    pub id: u64,
    pub message: String,
    pub tone: AlertTone,
}

/// The toast queue, provided once at the root. `push` shows a message for a few seconds.
#[derive(Clone, Copy)]
pub struct Toasts {
    items: RwSignal<Vec<Toast>>,
    next: StoredValue<u64>,
}

impl Toasts {
    pub fn provide() -> Self {
        let toasts = Toasts { items: RwSignal::new(Vec::new()), next: StoredValue::new(0) };
        provide_context(toasts);
        toasts
    }

    pub fn push(&self, tone: AlertTone, message: impl Into<String>) {
        let id = self.next.get_value();
        self.next.set_value(id + 1);
        self.items.update(|v| v.push(Toast { id, message: message.into(), tone }));
        let items = self.items;
        set_timeout(move || items.update(|v| v.retain(|t| t.id != id)), std::time::Duration::from_secs(5));
    }

    pub fn dismiss(&self, id: u64) {
        self.items.update(|v| v.retain(|t| t.id != id));
    }
}

#[component]
pub fn ToastHost() -> impl IntoView {
    let toasts = expect_context::<Toasts>();
    view! {
        <div aria-live="polite" class="pointer-events-none fixed inset-x-0 bottom-4 z-50 flex flex-col items-center gap-2 px-4 sm:items-end sm:px-6">
            <For each=move || toasts.items.get() key=|t| t.id let:toast>
                <div class="pointer-events-auto flex w-full max-w-sm items-start gap-3 rounded-xl bg-ink-900 px-4 py-3 text-sm text-white shadow-lg">
                    <Icon name=toast.tone.icon() class="mt-0.5 size-4 shrink-0"/>
                    <p class="flex-1">{toast.message.clone()}</p>
                    <button type="button" class="rounded text-ink-300 hover:text-white focus-visible:outline-2 focus-visible:outline-white" aria-label="Fermer" on:click=move |_| toasts.dismiss(toast.id)>
                        <Icon name=IconName::Close class="size-4"/>
                    </button>
                </div>
            </For>
        </div>
    }
}

/// The loading state of a grid of cards (lists of databases, of campaigns).
#[component]
pub fn CardsSkeleton(#[prop(default = 4)] cards: usize) -> impl IntoView {
    view! {
        <div class="grid gap-4 lg:grid-cols-2" role="status" aria-label="Chargement…">
            {(0..cards).map(|_| view! {
                <div class="space-y-3 rounded-xl bg-white p-5 shadow-card ring-1 ring-ink-200/70">
                    <Skeleton class="h-5 w-1/2"/>
                    <Skeleton class="h-3 w-1/3"/>
                    <Skeleton class="h-10 w-full"/>
                </div>
            }).collect_view()}
        </div>
    }
}
