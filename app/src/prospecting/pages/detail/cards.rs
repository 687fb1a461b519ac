//! The progress cards of a database: its generation and the enrichment of its contacts (DB-6).

use crate::prospecting::pages::int_fr;
use crate::prospecting::pages::status::{StatusBadge, shown_percent};
use crate::ui::{Alert, AlertTone, Badge, BadgeTone, ProgressBar};
use leptos::prelude::*;
use prospecta_shared::prospecting::{DatabaseStatus, DatabaseSummary};

/// One figure of a progress card: a small label over a number.
#[component]
fn Figure(label: &'static str, #[prop(into)] value: Signal<String>) -> impl IntoView {
    view! {
        <div class="rounded-lg bg-ink-50 px-3 py-2">
            <dt class="text-xs text-ink-500">{label}</dt>
            <dd class="mt-0.5 font-semibold tabular-nums text-ink-900">{move || value.get()}</dd>
        </div>
    }
}

/// The generation card of a database: progress bar, figures and what happens next.
#[component]
pub(super) fn GenerationCard(#[prop(into)] summary: Signal<DatabaseSummary>) -> impl IntoView {
    let percent = Signal::derive(move || summary.with(shown_percent));
    // The badge already names the status; the bar says where the work stands.
    let status_text = Signal::derive(move || {
        summary.with(|s| match &s.status {
            DatabaseStatus::Generating if s.progress.pages_expected == 0 => "Interrogation des sources…".to_string(),
            DatabaseStatus::Generating => "Lecture des annuaires et des données publiques…".to_string(),
            DatabaseStatus::Waiting { .. } => "En pause : une source ne répond pas pour le moment".to_string(),
            DatabaseStatus::Ready => "Génération terminée".to_string(),
            DatabaseStatus::Failed { .. } => "Génération interrompue".to_string(),
        })
    });
    let figure = move |label: &'static str, value: Box<dyn Fn(&DatabaseSummary) -> String + Send + Sync>| {
        view! { <Figure label value=Signal::derive(move || summary.with(|s| value(s)))/> }
    };
    view! {
        <section class="rounded-xl bg-white p-5 shadow-card ring-1 ring-ink-200/70" aria-labelledby="generation-titre">
            <div class="mb-4 flex flex-wrap items-center justify-between gap-2">
                <h2 id="generation-titre" class="text-base font-semibold text-ink-900">"Génération de la base"</h2>
                <StatusBadge status=Signal::derive(move || summary.with(|s| s.status.clone()))/>
            </div>
            <ProgressBar label="Progression de la génération" percent detail=status_text/>
            <dl class="mt-4 grid grid-cols-2 gap-3 text-sm sm:grid-cols-4">
                {figure("Pages lues", Box::new(|s| {
                    let p = &s.progress;
                    if p.pages_expected > 0 {
                        format!("{} / {}", int_fr(p.pages_fetched.into()), int_fr(p.pages_expected.into()))
                    } else {
                        int_fr(p.pages_fetched.into())
                    }
                }))}
                {figure("Entreprises trouvées", Box::new(|s| int_fr(s.progress.companies_found.into())))}
                {figure("Doublons fusionnés", Box::new(|s| int_fr(s.progress.merged.into())))}
                {figure("Enregistrées", Box::new(|s| int_fr(s.progress.stored.into())))}
            </dl>
            {move || match summary.with(|s| s.status.clone()) {
                DatabaseStatus::Generating => Some(view! {
                    <p class="mt-4 text-sm text-ink-600">
                        "Vous pouvez quitter cette page : la génération continue et les entreprises apparaissent dans le tableau dès qu'elle est terminée."
                    </p>
                }.into_any()),
                status @ DatabaseStatus::Waiting { .. } => Some(view! {
                    <div class="mt-4"><Alert tone=AlertTone::Warning>{status.label_fr()}". Rien à faire de votre côté : la génération reprendra seule."</Alert></div>
                }.into_any()),
                status @ DatabaseStatus::Failed { .. } => Some(view! {
                    <div class="mt-4"><Alert tone=AlertTone::Error>{status.label_fr()}</Alert></div>
                }.into_any()),
                DatabaseStatus::Ready => None,
            }}
        </section>
    }
}

/// The enrichment card of a filled database: progress and what was found (DB-6).
#[component]
pub(super) fn EnrichmentCard(#[prop(into)] summary: Signal<DatabaseSummary>) -> impl IntoView {
    let percent = Signal::derive(move || summary.with(|s| s.enrichment.percent()));
    let detail = Signal::derive(move || {
        summary.with(|s| {
            if s.enrichment.done() {
                "Enrichissement terminé : sites vérifiés, e-mails et téléphones relevés sur les sites des entreprises"
                    .to_string()
            } else {
                "Recherche et vérification des sites web, lecture des pages contact et mentions légales…".to_string()
            }
        })
    });
    let share = move |n: u64, total: u64| (n * 100).checked_div(total).unwrap_or(0) as i64;
    let figure = move |label: &'static str, value: Box<dyn Fn(&DatabaseSummary) -> String + Send + Sync>| {
        view! { <Figure label value=Signal::derive(move || summary.with(|s| value(s)))/> }
    };
    view! {
        <section class="rounded-xl bg-white p-5 shadow-card ring-1 ring-ink-200/70" aria-labelledby="enrichissement-titre">
            <div class="mb-4 flex flex-wrap items-center justify-between gap-2">
                <h2 id="enrichissement-titre" class="text-base font-semibold text-ink-900">"Enrichissement des coordonnées"</h2>
                {move || if summary.with(|s| s.enrichment.done()) {
                    view! { <Badge tone=BadgeTone::Success>"Terminé"</Badge> }.into_any()
                } else {
                    view! { <Badge tone=BadgeTone::Brand>"En cours"</Badge> }.into_any()
                }}
            </div>
            <ProgressBar label="Entreprises enrichies" percent detail/>
            <dl class="mt-4 grid grid-cols-2 gap-3 text-sm sm:grid-cols-4">
                {figure("Enrichies", Box::new(|s| format!("{} / {}", int_fr(s.enrichment.enriched as i64), int_fr(s.enrichment.total as i64))))}
                {figure("Avec site web", Box::new(move |s| format!("{} ({} %)", int_fr(s.enrichment.with_site as i64), share(s.enrichment.with_site, s.enrichment.enriched))))}
                {figure("Avec e-mail", Box::new(move |s| format!("{} ({} %)", int_fr(s.enrichment.with_email as i64), share(s.enrichment.with_email, s.enrichment.enriched))))}
                {figure("Sans site trouvé", Box::new(|s| int_fr(s.enrichment.enriched.saturating_sub(s.enrichment.with_site) as i64)))}
            </dl>
            <Show when=move || !summary.with(|s| s.enrichment.done())>
                <p class="mt-4 text-sm text-ink-600">
                    "Les coordonnées trouvées s'ajoutent au tableau à la fin de l'enrichissement. Seules les adresses publiées par l'entreprise elle-même sont retenues."
                </p>
            </Show>
        </section>
    }
}
