//! `/app`: the dashboard: the prospection's figures, the getting-started steps and the funnel.

use crate::business::offer_scope;
use crate::business::pages::OnboardingRecall;
use crate::shell::current_user;
use crate::ui::{
    Alert, AlertTone, ButtonLink, Card, Failable, Icon, IconName, PageHeader, ProgressBar, Skeleton, StatCard,
};
use crate::workspace::api::dashboard_figures;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use prospecta_shared::dashboard::{DashboardFigures, Step};
use prospecta_shared::format::integer_fr;

struct StepCopy {
    title: &'static str,
    description: &'static str,
    href: &'static str,
    cta: &'static str,
}

fn copy(step: Step) -> StepCopy {
    match step {
        Step::Account => StepCopy {
            title: "Créer votre compte",
            description: "C'est fait. Bienvenue chez Prospecta !",
            href: "/app/parametres",
            cta: "Voir mon profil",
        },
        Step::Database => StepCopy {
            title: "Générer votre première base",
            description: "Choisissez un secteur d'activité et une zone : nous trouvons les entreprises et leurs coordonnées.",
            href: "/app/bases/nouvelle",
            cta: "Créer une base",
        },
        Step::Unlock => StepCopy {
            title: "Débloquer vos premiers prospects",
            description: "Chaque fiche débloquée compte dans vos « Prospects à débloquer » : les meilleures d'abord (e-mail, site, téléphone).",
            href: "/app/bases",
            cta: "Voir mes bases",
        },
        Step::Campaign => StepCopy {
            title: "Lancer votre première campagne",
            description: "Rédigez 2 ou 3 variantes de message : nous testons laquelle obtient le plus de réponses.",
            href: "/app/campagnes/nouvelle",
            cta: "Préparer une campagne",
        },
        Step::Invite => StepCopy {
            title: "Inviter un collègue",
            description: "Partagez l'espace avec la personne qui suivra les réponses.",
            href: "/app/parametres#equipe",
            cta: "Inviter",
        },
    }
}

fn count(n: u64) -> String {
    integer_fr(n as i64)
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    let user = current_user();
    let query = use_query_map();
    let welcome = move || query.read().get("bienvenue").is_some();
    let figures = Resource::new(offer_scope, |_| dashboard_figures());
    view! {
        <Title text="Tableau de bord"/>
        <PageHeader
            title=format!("Bonjour {}", user.first_name)
            description="L'activité de l'offre en cours, calculée à partir de ses bases et de ses campagnes."
        />
        <OnboardingRecall/>
        <Show when=welcome>
            <div class="mb-6"><Alert tone=AlertTone::Success>"Votre compte est prêt. Suivez les étapes ci-dessous pour lancer votre première campagne."</Alert></div>
        </Show>
        <Suspense fallback=|| view! { <DashboardSkeleton/> }>
            <Failable>
                {move || Suspend::new(async move { figures.await.map(|f| view! { <Dashboard f/> }) })}
            </Failable>
        </Suspense>
        <crate::billing::PacingCard/>
    }
}

#[component]
fn Dashboard(f: DashboardFigures) -> impl IntoView {
    let prospects_hint = match f.databases {
        0 => "Aucune base pour l'instant".to_string(),
        n => format!("{} débloqués · {} base{}", count(f.unlocked), n, if n > 1 { "s" } else { "" }),
    };
    let replies_hint = match f.reply_rate() {
        Some(rate) => format!("Taux de réponse\u{a0}: {rate}\u{a0}%"),
        None => "Taux de réponse\u{a0}: —".to_string(),
    };
    let positive_hint = match f.positive_rate() {
        Some(rate) => format!("{rate}\u{a0}% des réponses"),
        None => "Aucune réponse pour l'instant".to_string(),
    };
    let cta = match (f.databases, f.campaigns) {
        (0, _) => ("/app/bases/nouvelle", "Créer ma première base"),
        (_, 0) => ("/app/campagnes/nouvelle", "Préparer une campagne"),
        _ => ("/app/campagnes", "Voir mes campagnes"),
    };
    view! {
        <div class="grid grid-cols-2 gap-3 sm:gap-4 xl:grid-cols-4" data-testid="dashboard-figures">
            <StatCard label="Prospects dans vos bases" value=count(f.prospects) hint=prospects_hint icon=IconName::Database/>
            <StatCard label="Entreprises contactées" value=count(f.contacted_this_month) hint="Ce mois-ci" icon=IconName::Form/>
            <StatCard label="Réponses reçues" value=count(f.replies) hint=replies_hint icon=IconName::Chat/>
            <StatCard label="Réponses positives" value=count(f.positive_replies) hint=positive_hint icon=IconName::Check/>
        </div>
        <div class="mt-6 grid gap-6 lg:grid-cols-5">
            <GettingStarted f/>
            <Card title="Votre entonnoir" subtitle="Depuis votre première base" class="lg:col-span-2">
                <Funnel f/>
                <p class="mt-4 text-xs text-ink-500">
                    "Rendez-vous, contrats signés et retour sur investissement : "
                    <a class="font-semibold text-brand-700 hover:underline" href="/app/resultats">"voir vos résultats"</a>"."
                </p>
                <div class="mt-6"><ButtonLink href=cta.0 full_width=true>{cta.1}</ButtonLink></div>
            </Card>
        </div>
    }
}

#[component]
fn GettingStarted(f: DashboardFigures) -> impl IntoView {
    let total = Step::ALL.len();
    let done = Step::ALL.iter().filter(|s| f.done(**s)).count();
    let percent = (done * 100 / total) as u8;
    let detail = format!(
        "{done} étape{} sur {total} terminée{}",
        if done > 1 { "s" } else { "" },
        if done > 1 { "s" } else { "" }
    );
    view! {
        <Card title="Bien démarrer" subtitle=format!("{total} étapes pour lancer votre prospection") class="lg:col-span-3">
            <ProgressBar label="Mise en route" percent=percent detail=Signal::derive(move || detail.clone())/>
            <ol class="mt-6 space-y-4">
                {Step::ALL.into_iter().enumerate().map(|(i, step)| {
                    let s = copy(step);
                    let done = f.done(step);
                    view! {
                        <li class="flex gap-4" data-done=done.to_string()>
                            <span class=format!(
                                "grid size-8 shrink-0 place-items-center rounded-full text-sm font-semibold {}",
                                if done { "bg-success-100 text-success-700" } else { "bg-ink-100 text-ink-700" }
                            )>
                                {if done {
                                    view! { <Icon name=IconName::Check class="size-4"/><span class="sr-only">"Terminé"</span> }.into_any()
                                } else {
                                    (i + 1).to_string().into_any()
                                }}
                            </span>
                            <div class="flex min-w-0 flex-1 flex-col gap-1 sm:flex-row sm:items-center sm:gap-4">
                                <div class="min-w-0 flex-1">
                                    <p class="font-medium text-ink-900">{s.title}</p>
                                    <p class="text-sm text-ink-600">{s.description}</p>
                                </div>
                                {(!done).then(|| view! {
                                    <a href=s.href class="text-sm font-semibold text-brand-700 hover:underline sm:whitespace-nowrap">{s.cta}</a>
                                })}
                            </div>
                        </li>
                    }
                }).collect_view()}
            </ol>
        </Card>
    }
}

/// The conversion funnel: each bar's width is its value relative to the largest stage.
#[component]
fn Funnel(f: DashboardFigures) -> impl IntoView {
    let stages = f.funnel();
    let empty = stages.iter().all(|s| s.value == 0);
    view! {
        <ul class="space-y-3" aria-label="Entonnoir de conversion">
            {stages.into_iter().map(|s| view! {
                <li>
                    <div class="flex justify-between gap-3 text-sm">
                        <span class="text-ink-700">{s.label}</span>
                        <span class="tabular-nums text-ink-500">{count(s.value)}</span>
                    </div>
                    <div class="mt-1 h-2 rounded-full bg-ink-100">
                        <div class="h-2 rounded-full bg-brand-500" style=format!("width: {}%", s.width)></div>
                    </div>
                </li>
            }).collect_view()}
        </ul>
        {empty.then(|| view! {
            <p class="mt-4 text-sm text-ink-600">"Votre entonnoir se remplit dès votre première base générée."</p>
        })}
    }
}

/// The dashboard's shape while its figures load.
#[component]
fn DashboardSkeleton() -> impl IntoView {
    view! {
        <div role="status" aria-label="Chargement…">
            <div class="grid grid-cols-2 gap-3 sm:gap-4 xl:grid-cols-4">
                {(0..4).map(|_| view! {
                    <div class="space-y-3 rounded-xl bg-white p-4 shadow-card ring-1 ring-ink-200/70 sm:p-5">
                        <Skeleton class="h-3 w-2/3"/>
                        <Skeleton class="h-8 w-1/3"/>
                        <Skeleton class="h-3 w-1/2"/>
                    </div>
                }).collect_view()}
            </div>
            <div class="mt-6 grid gap-6 lg:grid-cols-5">
                <div class="space-y-4 rounded-xl bg-white p-5 shadow-card ring-1 ring-ink-200/70 lg:col-span-3">
                    <Skeleton class="h-5 w-1/3"/>
                    <Skeleton class="h-2.5 w-full"/>
                    {(0..5).map(|_| view! { <Skeleton class="h-10 w-full"/> }).collect_view()}
                </div>
                <div class="space-y-4 rounded-xl bg-white p-5 shadow-card ring-1 ring-ink-200/70 lg:col-span-2">
                    <Skeleton class="h-5 w-1/2"/>
                    {(0..4).map(|_| view! { <Skeleton class="h-6 w-full"/> }).collect_view()}
                </div>
            </div>
        </div>
    }
}
