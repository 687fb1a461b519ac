//! `/app/bases`: the organisation's databases as cards, refreshed while one is being generated.

use super::int_fr;
use super::status::{StatusBadge, enrichment_line, is_active, is_enriching, is_working, progress_line, shown_percent};
use crate::business::offer_scope;
use crate::prospecting::api::{credits_balance, list_databases};
use crate::ui::{
    ButtonLink, CardsSkeleton, EmptyState, Failable, Icon, IconName, PageHeader, ProgressBar, Skeleton, refresh_while,
};
use leptos::prelude::*;
use leptos_meta::Title;
use prospecta_shared::credits::Quota;
use prospecta_shared::ids::DatabaseId;
use prospecta_shared::prospecting::{DatabaseStatus, DatabaseSummary};
use std::time::Duration;

/// How often the list refreshes while a database is being generated.
const LIST_POLL: Duration = Duration::from_secs(2);

#[component]
pub fn DatabasesPage() -> impl IntoView {
    let databases = Resource::new(offer_scope, |_| list_databases());
    let credits = Resource::new(|| (), |_| credits_balance());
    view! {
        <Title text="Bases de données"/>
        <PageHeader
            title="Bases de données"
            description="Vos bases de prospects, construites à partir d'un secteur d'activité et d'une zone géographique."
            actions=Box::new(move || view! {
                <Suspense fallback=|| view! { <Skeleton class="h-9 w-52 self-center"/> }>
                    {move || Suspend::new(async move { view! { <CreditsPill credits=credits.await.ok().map(|b| b.prospects)/> } })}
                </Suspense>
                <ButtonLink href="/app/bases/nouvelle"><Icon name=IconName::Plus class="size-4"/>"Nouvelle base"</ButtonLink>
            }.into_any())
        />
        <Suspense fallback=|| view! { <CardsSkeleton cards=4/> }>
            <Failable>
                {move || Suspend::new(async move {
                    databases.await.map(|list| view! { <DatabaseList initial=list/> })
                })}
            </Failable>
        </Suspense>
    }
}

/// "Prospects à débloquer : 1 250", for page headers.
#[component]
fn CreditsPill(#[prop(into)] credits: Signal<Option<i64>>) -> impl IntoView {
    view! {
        <p class="inline-flex items-center gap-2 self-center rounded-lg bg-brand-50 px-3 py-2 text-sm text-brand-900 ring-1 ring-inset ring-brand-200">
            <Icon name=IconName::Sparkles class="size-4"/>
            {format!("{} : ", Quota::Prospects.remaining_label_fr())}
            <strong class="tabular-nums">{move || credits.get().map(int_fr).unwrap_or_else(|| "—".into())}</strong>
        </p>
    }
}

/// The cards, refreshed every 2 s while a database is being generated. Each card reads its own
/// database from the list, so a refresh only updates the figures that changed (focus stays put).
#[component]
fn DatabaseList(initial: Vec<DatabaseSummary>) -> impl IntoView {
    let list = RwSignal::new(initial);
    let any_active = Memo::new(move |_| list.with(|l| l.iter().any(is_working)));
    refresh_while(list, LIST_POLL, move || any_active.get(), list_databases);
    let ids = move || list.with(|l| l.iter().map(|d| d.id).collect::<Vec<_>>());
    view! {
        <Show
            when=move || !list.with(Vec::is_empty)
            fallback=|| view! {
                <EmptyState
                    icon=IconName::Database
                    title="Aucune base pour le moment"
                    description="Indiquez un secteur d'activité et une zone géographique : nous trouvons les entreprises correspondantes, avec un aperçu gratuit avant de lancer la génération."
                    action_label="Créer ma première base"
                    action_href="/app/bases/nouvelle"
                />
            }
        >
            <ul class="grid gap-4 lg:grid-cols-2" aria-label="Vos bases de prospects">
                <For each=ids key=|id| *id let:id>
                    <DatabaseCard id list/>
                </For>
            </ul>
        </Show>
    }
}

#[component]
fn DatabaseCard(id: DatabaseId, list: RwSignal<Vec<DatabaseSummary>>) -> impl IntoView {
    let current = Memo::new(move |_| list.with(|l| l.iter().find(|d| d.id == id).cloned()));
    let Some(first) = current.get_untracked() else { return ().into_any() };
    let summary = Signal::derive(move || current.get().unwrap_or_else(|| first.clone()));
    let DatabaseSummary { name, target_label, created_on, .. } = summary.get_untracked();
    let href = format!("/app/bases/{id}");
    let active = Signal::derive(move || summary.with(|s| is_active(&s.status)));
    view! {
        <li class="relative flex flex-col rounded-xl bg-white p-5 shadow-card ring-1 ring-ink-200/70 transition-shadow hover:ring-brand-300">
            <div class="flex items-start justify-between gap-3">
                <div class="min-w-0">
                    <h2 class="truncate text-base font-semibold text-ink-900">
                        // The whole card is clickable through this link's ::after.
                        <a href=href class="rounded after:absolute after:inset-0 after:content-['']">{name}</a>
                    </h2>
                    <p class="mt-0.5 flex items-center gap-1.5 text-sm text-ink-500">
                        <Icon name=IconName::Target class="size-4 shrink-0"/><span class="truncate">{target_label}</span>
                    </p>
                </div>
                <StatusBadge status=Signal::derive(move || summary.with(|s| s.status.clone()))/>
            </div>
            <Show when=move || active.get()>
                <div class="mt-4">
                    <ProgressBar
                        label="Génération"
                        percent=Signal::derive(move || summary.with(shown_percent))
                        detail=Signal::derive(move || summary.with(progress_line))
                    />
                </div>
            </Show>
            <Show when=move || summary.with(is_enriching)>
                <div class="mt-4">
                    <ProgressBar
                        label="Enrichissement"
                        percent=Signal::derive(move || summary.with(|s| s.enrichment.percent()))
                        detail=Signal::derive(move || summary.with(enrichment_line))
                    />
                </div>
            </Show>
            {move || summary.with(|s| match &s.status {
                DatabaseStatus::Waiting { .. } | DatabaseStatus::Failed { .. } => Some(view! {
                    <p class="mt-3 text-sm text-ink-600">{s.status.label_fr()}</p>
                }),
                _ => None,
            })}
            <dl class="mt-4 grid grid-cols-3 gap-3 border-t border-ink-100 pt-4 text-sm">
                <div>
                    <dt class="text-xs text-ink-500">"Entreprises"</dt>
                    <dd class="mt-0.5 font-semibold tabular-nums text-ink-900">{move || summary.with(|s| int_fr(s.rows_total as i64))}</dd>
                </div>
                <div>
                    <dt class="text-xs text-ink-500">"Débloquées"</dt>
                    <dd class="mt-0.5 font-semibold tabular-nums text-ink-900">{move || summary.with(|s| int_fr(s.rows_unlocked as i64))}</dd>
                </div>
                <div>
                    <dt class="text-xs text-ink-500">"Créée le"</dt>
                    <dd class="mt-0.5 font-semibold tabular-nums text-ink-900">{created_on}</dd>
                </div>
            </dl>
        </li>
    }
    .into_any()
}
