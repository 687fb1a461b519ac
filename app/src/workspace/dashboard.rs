use crate::shell::current_user;
use crate::ui::{Alert, AlertTone, ButtonLink, Card, Icon, IconName, PageHeader, ProgressBar, StatCard};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

struct Step {
    title: &'static str,
    description: &'static str,
    href: &'static str,
    cta: &'static str,
    done: bool,
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    let user = current_user();
    let query = use_query_map();
    let welcome = move || query.read().get("bienvenue").is_some();
    let steps = [
        Step {
            title: "Créer votre compte",
            description: "C'est fait. Bienvenue chez Prospecta !",
            href: "/app/parametres",
            cta: "Voir mon profil",
            done: true,
        },
        Step {
            title: "Générer votre première base",
            description: "Choisissez un secteur d'activité et une zone : nous trouvons les entreprises et leurs coordonnées.",
            href: "/app/bases/nouvelle",
            cta: "Créer une base",
            done: false,
        },
        Step {
            title: "Préparer votre message",
            description: "Rédigez 2 ou 3 variantes : nous testons laquelle obtient le plus de réponses.",
            href: "/app/campagnes",
            cta: "Préparer une campagne",
            done: false,
        },
        Step {
            title: "Inviter un collègue",
            description: "Partagez l'espace avec la personne qui prendra les rendez-vous.",
            href: "/app/parametres#equipe",
            cta: "Inviter",
            done: false,
        },
    ];
    let done = steps.iter().filter(|s| s.done).count();
    let percent = (done * 100 / steps.len()) as u8;
    view! {
        <Title text="Tableau de bord"/>
        <PageHeader
            title=format!("Bonjour {}", user.first_name)
            description="Voici l'activité de votre prospection. Les chiffres se mettent à jour en direct dès votre première campagne."
        />
        <Show when=welcome>
            <div class="mb-6"><Alert tone=AlertTone::Success>"Votre compte est prêt. Suivez les étapes ci-dessous pour lancer votre première campagne."</Alert></div>
        </Show>
        <div class="grid grid-cols-2 gap-3 sm:gap-4 xl:grid-cols-4">
            <StatCard label="Prospects dans vos bases" value="0" hint="Aucune base pour l'instant" icon=IconName::Database/>
            <StatCard label="Entreprises contactées" value="0" hint="Ce mois-ci" icon=IconName::Form/>
            <StatCard label="Réponses reçues" value="0" hint="Taux de réponse : —" icon=IconName::Chat/>
            <StatCard label="Rendez-vous obtenus" value="0" hint="Taux de signature : —" icon=IconName::Calendar/>
        </div>
        <div class="mt-6 grid gap-6 lg:grid-cols-5">
            <Card title="Bien démarrer" subtitle="Quatre étapes pour vos premiers rendez-vous" class="lg:col-span-3">
                <ProgressBar label="Mise en route" percent=percent detail=Signal::derive(move || format!("{done} étape sur 4 terminée"))/>
                <ol class="mt-6 space-y-4">
                    {steps.into_iter().enumerate().map(|(i, s)| view! {
                        <li class="flex gap-4">
                            <span class=format!(
                                "grid size-8 shrink-0 place-items-center rounded-full text-sm font-semibold {}",
                                if s.done { "bg-success-100 text-success-700" } else { "bg-ink-100 text-ink-700" }
                            )>
                                {if s.done { view! { <Icon name=IconName::Check class="size-4"/> }.into_any() } else { (i + 1).to_string().into_any() }}
                            </span>
                            <div class="flex min-w-0 flex-1 flex-col gap-1 sm:flex-row sm:items-center sm:gap-4">
                                <div class="min-w-0 flex-1">
                                    <p class="font-medium text-ink-900">{s.title}</p>
                                    <p class="text-sm text-ink-600">{s.description}</p>
                                </div>
                                {(!s.done).then(|| view! {
                                    <a href=s.href class="text-sm font-semibold text-brand-700 hover:underline sm:whitespace-nowrap">{s.cta}</a>
                                })}
                            </div>
                        </li>
                    }).collect_view()}
                </ol>
            </Card>
            <Card title="Votre entonnoir" subtitle="De la base au contrat signé" class="lg:col-span-2">
                <Funnel/>
                <div class="mt-6"><ButtonLink href="/app/bases/nouvelle" full_width=true>"Créer ma première base"</ButtonLink></div>
            </Card>
        </div>
    }
}

/// The conversion funnel, drawn with bars. Empty until the first campaign runs.
#[component]
fn Funnel() -> impl IntoView {
    let stages = ["Prospects", "Contactés", "Réponses", "Intéressés", "Rendez-vous", "Signés"];
    view! {
        <ul class="space-y-3" aria-label="Entonnoir de conversion">
            {stages.into_iter().enumerate().map(|(i, s)| view! {
                <li>
                    <div class="flex justify-between text-sm"><span class="text-ink-700">{s}</span><span class="tabular-nums text-ink-500">"0"</span></div>
                    <div class="mt-1 h-2 rounded-full bg-ink-100">
                        <div class="h-2 rounded-full bg-brand-200" style=format!("width: {}%", 100 - i * 15)></div>
                    </div>
                </li>
            }).collect_view()}
        </ul>
    }
}
