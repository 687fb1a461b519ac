//! The product mock of the hero: a drawn dashboard (figures, funnel, weekly chart, A/B test,
//! notifications) so the landing shows the product without a screenshot to keep up to date.

use crate::ui::{Icon, IconName};
use leptos::prelude::*;

const FUNNEL: [(&str, &str, &str, u8); 4] = [
    ("Prospects", "400", "100\u{a0}%", 100),
    ("Contactés", "372", "93\u{a0}%", 93),
    ("Réponses", "46", "12,4\u{a0}%", 38),
    ("Rendez-vous", "14", "3,8\u{a0}%", 16),
];

const WEEKS: [(&str, u8); 8] =
    [("S1", 6), ("S2", 33), ("S3", 33), ("S4", 66), ("S5", 50), ("S6", 66), ("S7", 100), ("S8", 83)];

/// A dashboard drawn in HTML: a campaign, its funnel, meetings per week and an A/B test.
/// Exposed to assistive technologies as one image with a description. Split in small
/// components returning `AnyView` to keep the view types shallow.
#[component]
pub(super) fn ProductMock() -> impl IntoView {
    view! {
        <div class="relative mx-auto mt-16 max-w-5xl sm:mt-20">
            <div
                class="absolute -inset-4 -z-10 rounded-[2rem] bg-linear-to-b from-brand-200/70 via-brand-100/40 to-transparent blur-2xl"
                aria-hidden="true"
            ></div>
            <div
                role="img"
                aria-label="Aperçu du tableau de bord Prospecta\u{a0}: une campagne auprès de plombiers chauffagistes autour de Lyon, 400 prospects, 372 contactés, 46 réponses et 14 rendez-vous, avec l'évolution des rendez-vous par semaine et un test A/B."
                class="relative rounded-2xl bg-white/60 p-1.5 shadow-2xl shadow-brand-900/15 ring-1 ring-ink-200 backdrop-blur sm:p-2"
            >
                <div class="overflow-hidden rounded-xl bg-white ring-1 ring-ink-200">
                    <MockWindowBar/>
                    <div class="grid lg:grid-cols-[13rem_1fr]">
                        <MockSidebar/>
                        <MockDashboard/>
                    </div>
                </div>
            </div>
            <MockNotifications/>
        </div>
    }
    .into_any()
}

#[component]
fn MockWindowBar() -> impl IntoView {
    view! {
        <div class="flex items-center gap-3 border-b border-ink-100 bg-ink-50 px-4 py-2.5">
            <div class="flex gap-1.5">
                <span class="size-2.5 rounded-full bg-ink-300"></span>
                <span class="size-2.5 rounded-full bg-ink-300"></span>
                <span class="size-2.5 rounded-full bg-ink-300"></span>
            </div>
            <div class="mx-auto flex min-w-0 items-center gap-1.5 rounded-md bg-white px-3 py-1 text-xs text-ink-500 ring-1 ring-ink-200">
                <Icon name=IconName::Lock class="size-3 shrink-0"/>
                <span class="truncate">"app.prospecta.fr/tableau-de-bord"</span>
            </div>
            <div class="hidden w-12 sm:block"></div>
        </div>
    }
    .into_any()
}

#[component]
fn MockDashboard() -> impl IntoView {
    view! {
        <div class="min-w-0 p-4 text-left sm:p-6">
            <div class="flex flex-wrap items-start justify-between gap-3">
                <div class="min-w-0">
                    <p class="text-xs font-medium text-ink-500">"Campagne · Objectif\u{a0}: rendez-vous"</p>
                    <p class="mt-0.5 text-base font-semibold text-ink-900 sm:text-lg">"Plombiers chauffagistes · Lyon + 20 km"</p>
                </div>
                <span class="inline-flex items-center gap-1.5 rounded-full bg-success-50 px-2.5 py-1 text-xs font-medium text-success-800 ring-1 ring-success-200">
                    <span class="relative flex size-2">
                        <span class="absolute inline-flex size-full animate-ping rounded-full bg-success-600 opacity-60 motion-reduce:animate-none"></span>
                        <span class="relative inline-flex size-2 rounded-full bg-success-600"></span>
                    </span>
                    "En cours"
                </span>
            </div>
            <div class="mt-5 grid grid-cols-2 gap-3 sm:grid-cols-4">
                <MockStat label="Formulaires envoyés" value="372" hint="+38 cette semaine"/>
                <MockStat label="Taux de réponse" value="12,4\u{a0}%" hint="Variante B en tête"/>
                <MockStat label="Rendez-vous" value="14" hint="5 signés"/>
                <MockStat label="CA signé" value="18\u{a0}400\u{a0}€" hint="ROI × 20,5"/>
            </div>
            <div class="mt-4 grid gap-4 md:grid-cols-5">
                <MockFunnel/>
                <MockWeeklyChart/>
            </div>
            <MockAbTest/>
        </div>
    }
    .into_any()
}

#[component]
fn MockFunnel() -> impl IntoView {
    view! {
        <div class="rounded-lg p-4 ring-1 ring-ink-200 md:col-span-3">
            <p class="text-sm font-semibold text-ink-900">"Entonnoir de conversion"</p>
            <div class="mt-4 space-y-3">
                {FUNNEL
                    .into_iter()
                    .enumerate()
                    .map(|(i, (label, value, rate, width))| {
                        let bar = match i {
                            0 => "bg-brand-200",
                            1 => "bg-brand-300",
                            2 => "bg-brand-500",
                            _ => "bg-brand-700",
                        };
                        view! {
                            <div>
                                <div class="flex items-baseline justify-between text-xs">
                                    <span class="font-medium text-ink-700">{label}</span>
                                    <span class="tabular-nums text-ink-500">
                                        <span class="font-semibold text-ink-900">{value}</span>
                                        " · "
                                        {rate}
                                    </span>
                                </div>
                                <div class="mt-1.5 h-2.5 rounded-full bg-ink-100">
                                    <div class=format!("h-full rounded-full {bar}") style=format!("width: {width}%")></div>
                                </div>
                            </div>
                        }
                    })
                    .collect_view()}
            </div>
        </div>
    }
    .into_any()
}

#[component]
fn MockWeeklyChart() -> impl IntoView {
    view! {
        <div class="flex flex-col rounded-lg p-4 ring-1 ring-ink-200 md:col-span-2">
            <div class="flex items-baseline justify-between">
                <p class="text-sm font-semibold text-ink-900">"Rendez-vous / semaine"</p>
                <span class="text-xs font-medium text-success-700">"+50\u{a0}%"</span>
            </div>
            <div class="mt-4 flex h-32 items-end gap-2 border-b border-ink-200 md:h-auto md:min-h-32 md:flex-1">
                {WEEKS
                    .into_iter()
                    .enumerate()
                    .map(|(i, (_, h))| {
                        let tone = if i >= 6 { "bg-brand-600" } else { "bg-brand-300" };
                        view! {
                            <div class="flex h-full flex-1 items-end">
                                <div class=format!("w-full rounded-t-md {tone}") style=format!("height: {h}%")></div>
                            </div>
                        }
                    })
                    .collect_view()}
            </div>
            <div class="mt-1.5 flex gap-2 text-[10px] text-ink-500">
                {WEEKS.into_iter().map(|(w, _)| view! { <span class="flex-1 text-center">{w}</span> }).collect_view()}
            </div>
        </div>
    }
    .into_any()
}

#[component]
fn MockAbTest() -> impl IntoView {
    view! {
        <div class="mt-4 flex flex-col gap-3 rounded-lg bg-ink-50 p-4 ring-1 ring-ink-200 sm:flex-row sm:items-center">
            <div class="flex items-center gap-2 sm:w-44">
                <span class="rounded-md bg-brand-100 p-1.5 text-brand-700">
                    <Icon name=IconName::Split class="size-4"/>
                </span>
                <p class="text-sm font-semibold text-ink-900">"Test A/B"</p>
            </div>
            <div class="grid flex-1 gap-2 text-xs">
                <MockVariant name="A · «\u{a0}Bonjour, je me permets…\u{a0}»" rate="8,1\u{a0}%" width=52 winner=false/>
                <MockVariant name="B · «\u{a0}Une question rapide…\u{a0}»" rate="12,9\u{a0}%" width=83 winner=true/>
            </div>
        </div>
    }
    .into_any()
}

/// Floating notifications around the mock, only on wide screens where there is room.
#[component]
fn MockNotifications() -> impl IntoView {
    view! {
        <div
            class="absolute -right-10 -top-8 hidden w-64 rounded-xl bg-white p-4 shadow-xl shadow-ink-900/10 ring-1 ring-ink-200 xl:block"
            aria-hidden="true"
        >
            <div class="flex items-start gap-3">
                <span class="rounded-lg bg-success-100 p-2 text-success-700">
                    <Icon name=IconName::Calendar class="size-4"/>
                </span>
                <div class="min-w-0 text-left">
                    <p class="text-sm font-semibold text-ink-900">"Nouveau rendez-vous"</p>
                    <p class="mt-0.5 text-xs text-ink-600">"Jeudi 14 h 30 · Durand Chauffage"</p>
                    <p class="mt-2 text-xs font-medium text-brand-700">"Fiche de préparation prête"</p>
                </div>
            </div>
        </div>
        <div
            class="absolute -left-12 bottom-10 hidden w-60 rounded-xl bg-white p-4 shadow-xl shadow-ink-900/10 ring-1 ring-ink-200 xl:block"
            aria-hidden="true"
        >
            <div class="flex items-center gap-2">
                <span class="grid size-6 place-items-center rounded-full bg-brand-600 text-white">
                    <Icon name=IconName::Sparkles class="size-3.5"/>
                </span>
                <p class="text-xs font-semibold text-ink-900">"Agent IA · réponse envoyée"</p>
            </div>
            <p class="mt-2 rounded-lg bg-brand-50 px-3 py-2 text-left text-xs leading-5 text-ink-700">
                "«\u{a0}Avec plaisir\u{a0}! Je vous propose jeudi 14 h 30 ou vendredi 10 h\u{a0}: qu'est-ce qui vous arrange le mieux\u{a0}?\u{a0}»"
            </p>
        </div>
    }
    .into_any()
}

#[component]
fn MockSidebar() -> impl IntoView {
    let items = [
        (IconName::Home, "Tableau de bord", true),
        (IconName::Database, "Bases de prospects", false),
        (IconName::Megaphone, "Campagnes", false),
        (IconName::Chat, "Conversations", false),
        (IconName::Calendar, "Rendez-vous", false),
    ];
    view! {
        <div class="hidden border-r border-ink-100 bg-ink-50/60 p-3 lg:block">
            <div class="space-y-0.5">
                {items
                    .into_iter()
                    .map(|(icon, label, active)| {
                        let look = if active {
                            "bg-white text-ink-900 shadow-card ring-1 ring-ink-200"
                        } else {
                            "text-ink-600"
                        };
                        view! {
                            <div class=format!("flex items-center gap-2.5 rounded-md px-2.5 py-2 text-sm font-medium {look}")>
                                <Icon name=icon class="size-4"/>
                                {label}
                            </div>
                        }
                    })
                    .collect_view()}
            </div>
            <div class="mt-6 rounded-lg bg-white p-3 ring-1 ring-ink-200">
                <p class="text-xs font-medium text-ink-500">"Entreprises contactées ce mois"</p>
                <p class="mt-1 text-sm font-semibold text-ink-900">"262 / 400"</p>
                <div class="mt-2 h-1.5 rounded-full bg-ink-100">
                    <div class="h-full w-2/3 rounded-full bg-brand-600"></div>
                </div>
            </div>
        </div>
    }
}

#[component]
fn MockStat(label: &'static str, value: &'static str, hint: &'static str) -> impl IntoView {
    view! {
        <div class="rounded-lg p-3 ring-1 ring-ink-200">
            <p class="text-xs font-medium text-ink-500">{label}</p>
            <p class="mt-1 text-lg font-semibold tracking-tight text-ink-900 tabular-nums sm:text-xl">{value}</p>
            <p class="mt-0.5 truncate text-[11px] text-ink-500">{hint}</p>
        </div>
    }
}

#[component]
fn MockVariant(name: &'static str, rate: &'static str, width: u8, winner: bool) -> impl IntoView {
    let bar = if winner { "bg-success-600" } else { "bg-ink-400" };
    view! {
        <div class="flex items-center gap-3">
            <span class="w-32 shrink-0 truncate text-ink-700 sm:w-48">{name}</span>
            <div class="h-2 flex-1 rounded-full bg-white ring-1 ring-ink-200">
                <div class=format!("h-full rounded-full {bar}") style=format!("width: {width}%")></div>
            </div>
            <span class="w-12 text-right font-semibold tabular-nums text-ink-900">{rate}</span>
        </div>
    }
}
