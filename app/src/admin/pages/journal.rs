//! `/admin/journal`: the audit log (ADM), every action taken in the back office, the newest
//! first, fifty a page.

use crate::admin::api::load_admin_actions;
use crate::ui::{DataTable, EmptyState, Failable, IconName, PageHeader, Pagination, SkeletonRows, Td};
use leptos::prelude::*;
use leptos_meta::Title;
use prospecta_shared::agency::AdminActionsPage;

#[component]
pub fn AdminJournalPage() -> impl IntoView {
    let page = RwSignal::new(1u64);
    let data = Resource::new(move || page.get(), load_admin_actions);
    view! {
        <Title text="Journal"/>
        <PageHeader title="Journal" description="Chaque action du back-office : qui l'a faite, quand, sur quelle organisation."/>
        <Suspense fallback=|| view! { <SkeletonRows rows=8/> }>
            <Failable>
                {move || Suspend::new(async move { data.await.map(|p| view! { <Journal p page/> }) })}
            </Failable>
        </Suspense>
    }
}

#[component]
fn Journal(p: AdminActionsPage, page: RwSignal<u64>) -> impl IntoView {
    if p.rows.is_empty() {
        return view! {
            <EmptyState icon=IconName::Shield title="Aucune action pour l'instant" description="Les crédits accordés, les tâches relancées et les offres modifiées apparaîtront ici."/>
        }
        .into_any();
    }
    let total = format!("{} action{}", p.total, if p.total > 1 { "s" } else { "" });
    view! {
        <div data-testid="admin-journal">
            <DataTable caption="Journal du back-office" columns=vec!["Date", "Par", "Action", "Détail", "Organisation"]>
                {p.rows.into_iter().map(|r| view! {
                    <tr>
                        <Td class="whitespace-nowrap">{r.at}</Td>
                        <Td>{r.admin_email}</Td>
                        <Td class="font-medium">{r.action.label_fr()}</Td>
                        <Td>{r.detail}</Td>
                        <Td>{r.organization.unwrap_or_else(|| "—".into())}</Td>
                    </tr>
                }).collect_view()}
            </DataTable>
        </div>
        <Pagination
            page=Signal::derive(move || page.get() as u32)
            pages=p.pages as u32
            total_label=total
            on_change=Callback::new(move |n: u32| page.set(u64::from(n)))
        />
    }
    .into_any()
}
