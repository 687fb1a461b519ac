//! `/app/bases/:id`: one database. Its generation and enrichment progress (`cards`), unlocking
//! (`unlock`), the rows with their filters in the address bar (`rows`, `filters`), the company
//! panel (`company`) and adding a company by hand (`add_company`).

mod add_company;
mod cards;
mod company;
mod filters;
mod rows;
mod unlock;

use super::status::is_working;
use super::{BackLink, int_fr};
use crate::prospecting::api::{credits_balance, get_database};
use crate::ui::{
    Button, ButtonLink, ButtonVariant, Failable, Icon, IconName, PageHeader, Skeleton, SkeletonRows, StatCard,
    refresh_while,
};
use add_company::AddCompanyModal;
use cards::{EnrichmentCard, GenerationCard};
use company::CompanyDrawer;
use filters::{AddressFilters, fetch_rows};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use prospecta_shared::AppError;
use prospecta_shared::ids::{DatabaseId, RowId};
use prospecta_shared::prospecting::{DatabaseStatus, DatabaseSummary, RowFilter, RowPage, RowView, UnlockOutcome};
use rows::RowsSection;
use std::time::Duration;
use unlock::UnlockSection;

/// How often the page refreshes a database that is being generated.
const DETAIL_POLL: Duration = Duration::from_millis(1500);

#[component]
pub fn DatabasePage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|v| v.parse::<DatabaseId>().ok())));
    let data = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => (get_database(id).await, credits_balance().await),
                None => (Err(AppError::NotFound), Err(AppError::NotFound)),
            }
        },
    );
    // The table's filters live in the address bar. The rows resource is created here, outside
    // the Suspense, so that the server and the browser give it the same place (hydration).
    let query_map = use_query_map();
    let query = Memo::new(move |_| query_map.with(|map| RowFilter::from_pairs(map.latest_values())));
    let rows_version = RwSignal::new(0_u32);
    let rows = Resource::new(
        move || (id.get(), query.get(), rows_version.get()),
        |(id, q, _)| async move {
            match id {
                Some(id) => fetch_rows(id, q).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <BackLink/>
        <Suspense fallback=|| view! { <DatabaseSkeleton/> }>
            <Failable title="Base introuvable">
                {move || Suspend::new(async move {
                    let (summary, credits) = data.await;
                    summary.map(|summary| view! { <DatabaseView summary credits=credits.ok().map(|b| b.prospects) query rows rows_version/> })
                })}
            </Failable>
        </Suspense>
    }
}

#[component]
fn DatabaseSkeleton() -> impl IntoView {
    view! {
        <div class="space-y-6" role="status" aria-label="Chargement…">
            <div class="space-y-2"><Skeleton class="h-8 w-72"/><Skeleton class="h-4 w-56"/></div>
            <Skeleton class="h-36 w-full rounded-xl"/>
            <div class="grid grid-cols-2 gap-4 lg:grid-cols-3">{(0..3).map(|_| view! { <Skeleton class="h-24 rounded-xl"/> }).collect_view()}</div>
            <SkeletonRows rows=6/>
        </div>
    }
}

/// The database's progress, polled until it is ready or failed; then the rows reload. Returns
/// whether it is still moving, and the refresh.
fn follow_generation(
    summary: RwSignal<DatabaseSummary>,
    rows_version: RwSignal<u32>,
) -> (Memo<bool>, Action<(), Result<DatabaseSummary, AppError>>) {
    let id = summary.with_untracked(|s| s.id);
    let active = Memo::new(move |_| summary.with(is_working));
    let refresh = refresh_while(summary, DETAIL_POLL, move || active.get(), move || get_database(id));
    // The table follows the database: when the work ends, and whenever its number of rows
    // changes while it runs (rows arrive during the generation; the list must not keep saying
    // they will come once they are there).
    Effect::new(move |previous: Option<(bool, u64)>| {
        let now = (active.get(), summary.with(|s| s.rows_total));
        if let Some((was_active, was_total)) = previous
            && ((was_active && !now.0) || was_total != now.1)
        {
            rows_version.update(|v| *v += 1);
        }
        now
    });
    (active, refresh)
}

#[component]
fn DatabaseView(
    summary: DatabaseSummary,
    credits: Option<i64>,
    query: Memo<RowFilter>,
    rows: Resource<Result<RowPage, AppError>>,
    rows_version: RwSignal<u32>,
) -> impl IntoView {
    let id = summary.id;
    let (title, target_label) = (summary.name.clone(), summary.target_label.clone());
    let summary = RwSignal::new(summary);
    let credits = RwSignal::new(credits);
    let selected = RwSignal::new(Vec::<RowId>::new());
    let open_row = RwSignal::new(None::<(RowId, String)>);
    let panel_error = RwSignal::new(None::<String>);
    let company_version = RwSignal::new(0_u32);
    let add_open = RwSignal::new(false);
    let (active, refresh) = follow_generation(summary, rows_version);
    let filters = AddressFilters::new(id, query);
    let reload = Callback::new(move |()| {
        rows_version.update(|v| *v += 1);
        refresh.dispatch(());
    });
    let after_unlock = Callback::new(move |o: UnlockOutcome| {
        credits.set(Some(o.prospects_left));
        selected.set(Vec::new());
        company_version.update(|v| *v += 1);
        reload.run(());
    });
    let on_open = Callback::new(move |row: (RowId, String)| {
        panel_error.set(None);
        open_row.set(Some(row));
    });

    view! {
        <Title text=title.clone()/>
        <PageHeader
            title=title
            description=target_label
            actions=Box::new(move || view! {
                <Button variant=ButtonVariant::Secondary on_click=move |_| add_open.set(true)>
                    <Icon name=IconName::Plus class="size-4"/>"Ajouter une entreprise"
                </Button>
                <Show when=move || summary.with(|s| s.rows_unlocked > 0)>
                    <ButtonLink href=format!("/app/campagnes/nouvelle?base={id}")>
                        <Icon name=IconName::Megaphone class="size-4"/>"Lancer une campagne"
                    </ButtonLink>
                </Show>
            }.into_any())
        />
        <div class="space-y-6">
            <GenerationCard summary/>
            <Show when=move || summary.with(|s| s.status == DatabaseStatus::Ready && s.enrichment.total > 0)>
                <EnrichmentCard summary/>
            </Show>
            <DatabaseFigures summary credits/>
            <UnlockSection database_id=id summary active selected after_unlock/>
            <RowsSection query rows summary selected filters on_open reload/>
        </div>
        <CompanyDrawer database_id=id open_row panel_error company_version after_unlock/>
        <AddCompanyModal database_id=id open=add_open on_added=Callback::new(move |_: RowView| reload.run(()))/>
    }
}

/// The database's three key figures.
#[component]
fn DatabaseFigures(summary: RwSignal<DatabaseSummary>, credits: RwSignal<Option<i64>>) -> impl IntoView {
    view! {
        <div class="grid grid-cols-2 gap-3 sm:gap-4 lg:grid-cols-3">
            <StatCard
                label="Entreprises dans la base"
                value=Signal::derive(move || summary.with(|s| int_fr(s.rows_total as i64)))
                icon=IconName::Database
            />
            <StatCard
                label="Lignes débloquées"
                value=Signal::derive(move || summary.with(|s| int_fr(s.rows_unlocked as i64)))
                hint="Coordonnées visibles en clair"
                icon=IconName::Eye
            />
            <StatCard
                label="Prospects à débloquer"
                value=Signal::derive(move || credits.get().map(int_fr).unwrap_or_else(|| "—".into()))
                hint="Votre quota : 1 ligne débloquée = 1 prospect"
                icon=IconName::Sparkles
            />
        </div>
    }
}
