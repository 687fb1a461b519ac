//! The guided tour (ONB-2): a step-by-step presentation of the client area's main sections, each
//! highlighted in the menu. It opens by itself on a person's first visit of the dashboard, can be
//! skipped at any step, and is opened again from the help menu of the top bar. Finished or
//! skipped, it is marked seen on the server, for that person.

use crate::accounts::api::mark_tour_seen;
use crate::ui::{Button, ButtonSize, ButtonVariant, Icon, IconName};
use leptos::prelude::*;
use leptos_router::hooks::use_location;

struct TourStep {
    /// The menu entry it highlights (none: the welcome and the help steps).
    href: Option<&'static str>,
    title: &'static str,
    text: &'static str,
}

const STEPS: &[TourStep] = &[
    TourStep {
        href: None,
        title: "Bienvenue dans Prospecta",
        text: "En une minute, voici où se trouve chaque chose. Vous pouvez passer la visite à tout moment et la revoir depuis le menu Aide.",
    },
    TourStep {
        href: Some("/app/offres"),
        title: "Vos offres",
        text: "Une offre par prestation ou par cible, chacune avec son ton, son objectif et les prompts de ses agents. L'offre en cours se choisit en haut de l'écran.",
    },
    TourStep {
        href: Some("/app/bases"),
        title: "Vos bases de prospects",
        text: "Choisissez un secteur et une zone : nous trouvons les entreprises et leurs coordonnées. Vous débloquez les fiches à contacter.",
    },
    TourStep {
        href: Some("/app/campagnes"),
        title: "Vos campagnes",
        text: "Vos messages, testés en 2 ou 3 variantes, partent par le formulaire de contact du site de chaque prospect. Vous les démarrez et les mettez en pause quand vous voulez.",
    },
    TourStep {
        href: Some("/app/conversations"),
        title: "Les conversations",
        text: "C'est ici que seront rassemblées les réponses de vos prospects. Pour l'instant, vous enregistrez les réponses reçues sur la page de chaque campagne.",
    },
    TourStep {
        href: Some("/app"),
        title: "Votre tableau de bord",
        text: "Les chiffres de l'offre en cours : prospects, entreprises contactées, réponses, et les prochaines étapes pour bien démarrer.",
    },
];

/// The tour's state, shared by the frame (highlight, help menu) and the card.
#[derive(Clone, Copy)]
pub struct Tour {
    open: RwSignal<bool>,
    step: RwSignal<usize>,
    pending: RwSignal<bool>,
    video: StoredValue<Option<String>>,
}

impl Tour {
    /// Provided by the client area's frame; `pending`: it opens on the first dashboard visit.
    pub fn provide(pending: bool, video: Option<String>) -> Tour {
        let tour = Tour {
            open: RwSignal::new(false),
            step: RwSignal::new(0),
            pending: RwSignal::new(pending),
            video: StoredValue::new(video),
        };
        provide_context(tour);
        let location = use_location();
        // In the browser only (effects do not run on the server): the page is drawn first.
        Effect::new(move |_| {
            let path = location.pathname.get();
            if tour.pending.get() && (path == "/app" || path == "/app/") {
                tour.start();
            }
        });
        tour
    }

    pub fn start(self) {
        self.step.set(0);
        self.open.set(true);
    }

    /// The menu entry to highlight now.
    pub fn highlighted(self) -> Option<&'static str> {
        if self.open.get() { STEPS.get(self.step.get()).and_then(|s| s.href) } else { None }
    }

    fn close(self) {
        self.open.set(false);
        if self.pending.get_untracked() {
            self.pending.set(false);
            leptos::task::spawn_local(async move {
                // Not being able to record it only means the tour opens again next time.
                let _ = mark_tour_seen().await;
            });
        }
    }
}

pub fn use_tour() -> Option<Tour> {
    use_context::<Tour>()
}

/// The tour's card, beside the menu on large screens and at the bottom on small ones. It does not
/// block the page: the highlighted section can be opened from the menu meanwhile.
#[component]
pub fn TourCard() -> impl IntoView {
    let Some(tour) = use_tour() else { return ().into_any() };
    let last = STEPS.len() - 1;
    view! {
        <Show when=move || tour.open.get()>
            {move || {
                let at = tour.step.get().min(last);
                let step = &STEPS[at];
                let video = tour.video.get_value().filter(|_| at == 0);
                view! {
                    <div
                        role="dialog"
                        aria-modal="false"
                        aria-labelledby="visite-titre"
                        data-testid="guided-tour"
                        class="fixed inset-x-4 bottom-4 z-50 rounded-xl bg-white p-5 shadow-2xl ring-1 ring-ink-200 sm:inset-x-auto sm:left-4 sm:w-[26rem] lg:left-[17rem] lg:bottom-8"
                    >
                        <p class="text-xs font-semibold uppercase tracking-wide text-brand-700">{format!("Visite guidée · {} sur {}", at + 1, STEPS.len())}</p>
                        <h2 id="visite-titre" class="mt-1 text-base font-semibold text-ink-900">{step.title}</h2>
                        <p class="mt-2 text-sm text-ink-700">{step.text}</p>
                        {step.href.map(|_| view! {
                            <p class="mt-2 flex items-center gap-1.5 text-xs text-ink-500 lg:hidden">
                                <Icon name=IconName::Menu class="size-4"/>"Dans le menu, en haut à gauche."
                            </p>
                        })}
                        {video.map(|url| view! {
                            <a href=url target="_blank" rel="noopener" class="mt-3 inline-flex items-center gap-1.5 text-sm font-semibold text-brand-700 hover:underline">
                                <Icon name=IconName::Play class="size-4"/>"Voir la vidéo de présentation"
                            </a>
                        })}
                        <div class="mt-4 flex items-center justify-between gap-2">
                            <Button size=ButtonSize::Small variant=ButtonVariant::Ghost on_click=move |_| tour.close()>
                                {if at == last { "Fermer" } else { "Passer la visite" }}
                            </Button>
                            <div class="flex gap-2">
                                {(at > 0).then(|| view! {
                                    <Button size=ButtonSize::Small variant=ButtonVariant::Secondary on_click=move |_| tour.step.update(|s| *s = s.saturating_sub(1))>
                                        "Précédent"
                                    </Button>
                                })}
                                {if at == last {
                                    view! { <Button size=ButtonSize::Small on_click=move |_| tour.close()>"Terminer"</Button> }.into_any()
                                } else {
                                    view! { <Button size=ButtonSize::Small on_click=move |_| tour.step.update(|s| *s += 1)>"Suivant"</Button> }.into_any()
                                }}
                            </div>
                        </div>
                    </div>
                }
            }}
        </Show>
    }
    .into_any()
}

/// The help menu of the top bar: the tour again, the video when there is one, the onboarding
/// questionnaire.
#[component]
pub fn HelpMenu() -> impl IntoView {
    let Some(tour) = use_tour() else { return ().into_any() };
    let open = RwSignal::new(false);
    let video = tour.video.get_value();
    view! {
        <div class="relative">
            <button
                type="button"
                class="rounded-full p-2 text-ink-600 hover:bg-ink-100 hover:text-ink-900"
                aria-label="Aide"
                aria-expanded=move || open.get().to_string()
                aria-controls="menu-aide"
                on:click=move |_| open.update(|o| *o = !*o)
            >
                <Icon name=IconName::Info class="size-6"/>
            </button>
            <Show when=move || open.get()>
                <div id="menu-aide" class="absolute right-0 z-40 mt-2 w-64 rounded-xl bg-white p-2 shadow-xl ring-1 ring-ink-200">
                    <button type="button" class="block w-full rounded-lg px-3 py-2 text-left text-sm text-ink-800 hover:bg-ink-50"
                        on:click=move |_| { open.set(false); tour.start(); }>
                        "Revoir la visite guidée"
                    </button>
                    <a href="/app/demarrage" class="block rounded-lg px-3 py-2 text-sm text-ink-800 hover:bg-ink-50" on:click=move |_| open.set(false)>
                        "Questionnaire de démarrage"
                    </a>
                    {video.clone().map(|url| view! {
                        <a href=url target="_blank" rel="noopener" class="block rounded-lg px-3 py-2 text-sm text-ink-800 hover:bg-ink-50">
                            "Vidéo de présentation"
                        </a>
                    })}
                </div>
            </Show>
        </div>
    }
    .into_any()
}
