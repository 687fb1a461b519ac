//! `/admin`: the platform's activity, all clients together, and each organisation's quotas with
//! a form to grant more.

use crate::admin::api::{admin_grant_credits, load_admin_overview};
use crate::ui::{
    ActionToast, Button, ButtonSize, ButtonVariant, Card, DataTable, Failable, IconName, PageHeader, SkeletonRows,
    StatCard, Td,
};
use leptos::prelude::*;
use leptos_meta::Title;
use prospecta_shared::credits::{Balances, Quota};
use prospecta_shared::format::integer_fr;
use prospecta_shared::ids::OrgId;
use prospecta_shared::jobs::AdminOverview;

#[component]
pub fn AdminOverviewPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_admin_overview());
    view! {
        <Title text="Back-office"/>
        <PageHeader title="Vue d'ensemble" description="L'activité de la plateforme, tous clients confondus."/>
        <Suspense fallback=|| view! { <SkeletonRows rows=6/> }>
            <Failable>
                {move || Suspend::new(async move { data.await.map(|overview| view! { <Overview overview/> }) })}
            </Failable>
        </Suspense>
    }
}

/// The overview's figures, jobs, failures and organisations.
#[component]
fn Overview(overview: AdminOverview) -> impl IntoView {
    let o = overview;
    let max = o.jobs_by_state.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    view! {
        <div class="grid gap-4 sm:grid-cols-3">
            <StatCard label="Organisations clientes" value=o.organizations.to_string() icon=IconName::Users/>
            <StatCard label="Utilisateurs" value=o.users.to_string() icon=IconName::Users/>
            <StatCard label="Inscriptions (7 jours)" value=o.signups_last_7_days.to_string() icon=IconName::Sparkles/>
        </div>
        <div class="mt-6 grid gap-6 lg:grid-cols-2">
            <Card title="Tâches de fond" subtitle="Répartition par état">
                <ul class="space-y-3">
                    {o.jobs_by_state.into_iter().map(|(state, n)| view! {
                        <li>
                            <div class="flex justify-between text-sm"><span>{state.label_fr()}</span><span class="tabular-nums text-ink-600">{n}</span></div>
                            <div class="mt-1 h-2 rounded-full bg-ink-100"><div class="h-2 rounded-full bg-brand-600" style=format!("width: {}%", n * 100 / max)></div></div>
                        </li>
                    }).collect_view()}
                </ul>
            </Card>
            <Card title="Derniers échecs définitifs" subtitle="Tâches abandonnées après toutes leurs tentatives">
                {if o.recent_dead_jobs.is_empty() {
                    view! { <p class="text-sm text-ink-500">"Aucun échec. Tout tourne."</p> }.into_any()
                } else {
                    view! {
                        <ul class="divide-y divide-ink-100 text-sm">
                            {o.recent_dead_jobs.into_iter().map(|j| view! {
                                <li class="py-2"><p class="font-medium">{format!("#{} · {}", j.id, j.kind)}</p><p class="break-words text-ink-600">{j.last_error.unwrap_or_default()}</p></li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </Card>
        </div>
        <div class="mt-6">
            <DataTable caption="Organisations" columns=vec!["Organisation", "Membres", "Créée le", "Jetons IA", "Prospects à débloquer", "Entreprises à contacter", "Réponses de l'agent à envoyer", "Accorder"]>
                {o.organizations_list.into_iter().map(|org| { let shown = org.name.clone(); view! {
                    <tr>
                        <Td class="font-medium">{shown}</Td>
                        <Td>{org.members}</Td>
                        <Td class="tabular-nums">{org.created_on}</Td>
                        <Td class="tabular-nums">{integer_fr(org.llm_tokens)}</Td>
                        <GrantCredits organization_id=org.id organization_name=org.name balances=org.balances/>
                    </tr>
                }}).collect_view()}
            </DataTable>
        </div>
    }
}

/// The quota cells of one organisation: what is left of each quota and a small form to grant
/// more of one (DB-5, until billing credits each period).
#[component]
fn GrantCredits(organization_id: OrgId, organization_name: String, balances: Balances) -> impl IntoView {
    let balances = RwSignal::new(balances);
    let amount = RwSignal::new(String::from("100"));
    let quota = RwSignal::new(Quota::Prospects);
    let grant = Action::new(move |(quota, amount): &(Quota, String)| {
        admin_grant_credits(organization_id, quota.as_str().to_string(), amount.clone())
    });
    ActionToast::new(&grant)
        .success_with(move |new_balance: &i64| {
            format!("Quota mis à jour : {} : {}.", quota.get_untracked().remaining_label_fr(), integer_fr(*new_balance))
        })
        .then(move |new_balance| balances.update(|b| b.set(quota.get_untracked(), new_balance)))
        .install();
    let input_id = format!("credits-{organization_id}");
    let select_id = format!("quota-{organization_id}");
    view! {
        <Td class="tabular-nums font-medium">{move || integer_fr(balances.get().prospects)}</Td>
        <Td class="tabular-nums font-medium">{move || integer_fr(balances.get().contacts)}</Td>
        <Td class="tabular-nums font-medium">{move || integer_fr(balances.get().agent_messages)}</Td>
        <Td>
            <form class="flex items-center gap-2" on:submit=move |ev| { ev.prevent_default(); grant.dispatch((quota.get_untracked(), amount.get_untracked())); }>
                <label for=select_id.clone() class="sr-only">{format!("Quota à recharger pour {organization_name}")}</label>
                <select
                    id=select_id
                    class="rounded-lg border border-ink-200 px-2 py-1 text-sm focus:outline-none focus:ring-2 focus:ring-brand-500"
                    on:change=move |ev| quota.set(Quota::parse(&event_target_value(&ev)).unwrap_or(Quota::Prospects))
                >
                    {Quota::ALL.into_iter().map(|q| view! { <option value=q.as_str()>{q.remaining_label_fr()}</option> }).collect_view()}
                </select>
                <label for=input_id.clone() class="sr-only">{format!("Nombre à accorder à {organization_name}")}</label>
                <input
                    id=input_id
                    type="number"
                    inputmode="numeric"
                    class="w-24 rounded-lg border border-ink-200 px-2 py-1 text-sm focus:outline-none focus:ring-2 focus:ring-brand-500"
                    prop:value=move || amount.get()
                    on:input=move |ev| amount.set(event_target_value(&ev))
                />
                <Button variant=ButtonVariant::Secondary size=ButtonSize::Small button_type="submit" loading=grant.pending()>"Accorder"</Button>
            </form>
        </Td>
    }
}
