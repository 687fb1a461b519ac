//! `/admin/taches`: the durable job queue by state, with a retry for the dead ones.

use crate::admin::api::{admin_jobs, admin_retry_job};
use crate::ui::{
    ActionToast, Badge, BadgeTone, Button, ButtonSize, ButtonVariant, DataTable, EmptyState, Failable, IconName,
    PageHeader, SkeletonRows, Td,
};
use leptos::prelude::*;
use leptos_meta::Title;
use prospecta_shared::AppError;
use prospecta_shared::jobs::{JobRow, JobState};

fn state_tone(state: JobState) -> BadgeTone {
    match state {
        JobState::Queued => BadgeTone::Neutral,
        JobState::Running => BadgeTone::Brand,
        JobState::Succeeded => BadgeTone::Success,
        JobState::Dead => BadgeTone::Danger,
        JobState::Cancelled => BadgeTone::Warning,
    }
}

#[component]
pub fn AdminJobsPage() -> impl IntoView {
    let filter = RwSignal::new(String::new());
    let retry = Action::new(|id: &i64| admin_retry_job(*id));
    let jobs = Resource::new(move || (filter.get(), retry.version().get()), |(f, _)| admin_jobs(f));
    ActionToast::new(&retry).success("Tâche remise en file d'attente.").install();
    let tabs: Vec<(String, &'static str)> = std::iter::once((String::new(), "Toutes"))
        .chain(JobState::ALL.into_iter().map(|s| (s.as_str().to_string(), s.label_fr())))
        .collect();
    view! {
        <Title text="Tâches de fond"/>
        <PageHeader title="Tâches de fond" description="File d'attente durable : envois de courriels, collectes, enrichissements. Les tâches en échec définitif gardent leur erreur."/>
        <div class="mb-4 flex flex-wrap gap-2" role="group" aria-label="Filtrer par état">
            {tabs.into_iter().map(|(value, label)| {
                let selected = { let value = value.clone(); Signal::derive(move || filter.get() == value) };
                view! {
                    <button
                        type="button"
                        aria-pressed=move || selected.get().to_string()
                        class=move || format!("rounded-full px-3 py-1.5 text-sm font-medium {}", if selected.get() { "bg-brand-600 text-white" } else { "bg-white text-ink-700 ring-1 ring-ink-200 hover:bg-ink-50" })
                        on:click=move |_| filter.set(value.clone())
                    >{label}</button>
                }
            }).collect_view()}
        </div>
        <Suspense fallback=|| view! { <SkeletonRows rows=6/> }>
            <Failable>
                {move || Suspend::new(async move { jobs.await.map(|list| view! { <JobsTable list retry/> }) })}
            </Failable>
        </Suspense>
    }
}

/// The jobs of the state chosen, each dead one with its "Relancer" button.
#[component]
fn JobsTable(list: Vec<JobRow>, retry: Action<i64, Result<(), AppError>>) -> impl IntoView {
    if list.is_empty() {
        return view! { <EmptyState icon=IconName::Clock title="Aucune tâche" description="Aucune tâche dans cet état pour le moment."/> }.into_any();
    }
    view! {
        <DataTable caption="Tâches" columns=vec!["#", "Type", "État", "Tentatives", "Mise à jour", "Erreur", "Actions"]>
            {list.into_iter().map(|j| {
                let id = j.id;
                let can_retry = j.state == JobState::Dead;
                view! {
                    <tr>
                        <Td class="tabular-nums">{j.id}</Td>
                        <Td class="font-mono text-xs">{j.kind}</Td>
                        <Td><Badge tone=state_tone(j.state)>{j.state.label_fr()}</Badge></Td>
                        <Td class="tabular-nums">{format!("{}/{}", j.attempts, j.max_attempts)}</Td>
                        <Td class="whitespace-nowrap tabular-nums">{j.updated_at}</Td>
                        <Td class="max-w-xs truncate text-ink-600">{j.last_error.unwrap_or_default()}</Td>
                        <Td>{can_retry.then(|| view! {
                            <Button size=ButtonSize::Small variant=ButtonVariant::Secondary on_click=move |_| { retry.dispatch(id); }>"Relancer"</Button>
                        })}</Td>
                    </tr>
                }
            }).collect_view()}
        </DataTable>
    }
    .into_any()
}
