use super::api::{admin_grant_credits, admin_jobs, admin_retry_job, admin_sandbox_mails, load_admin_overview};
use crate::ui::{
    AlertTone, Badge, BadgeTone, Button, ButtonSize, ButtonVariant, Card, DataTable, EmptyState, IconName, MailCards,
    PageHeader, SkeletonRows, StatCard, Td, Toasts,
};
use leptos::prelude::*;
use leptos_meta::Title;
use prospecta_shared::credits::{Balances, Quota};
use prospecta_shared::format::integer_fr;
use prospecta_shared::jobs::JobState;

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
pub fn AdminOverviewPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_admin_overview());
    view! {
        <Title text="Back-office"/>
        <PageHeader title="Vue d'ensemble" description="L'activité de la plateforme, tous clients confondus."/>
        <Suspense fallback=|| view! { <SkeletonRows rows=6/> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(o) => {
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
                                <DataTable caption="Organisations" columns=vec!["Organisation", "Membres", "Créée le", "Jetons IA", "Prospects à débloquer", "Entreprises à contacter", "Accorder"]>
                                    {o.organizations_list.into_iter().map(|org| { let shown = org.name.clone(); view! {
                                        <tr>
                                            <Td class="font-medium">{shown}</Td>
                                            <Td>{org.members}</Td>
                                            <Td class="tabular-nums">{org.created_on}</Td>
                                            <Td class="tabular-nums">{prospecta_shared::format::integer_fr(org.llm_tokens)}</Td>
                                            <GrantCredits organization_id=org.id organization_name=org.name balances=org.balances/>
                                        </tr>
                                    }}).collect_view()}
                                </DataTable>
                            </div>
                        }.into_any()
                    }
                    Err(e) => view! { <p class="text-danger-700">{e.message_fr()}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn AdminJobsPage() -> impl IntoView {
    let toasts = expect_context::<Toasts>();
    let filter = RwSignal::new(String::new());
    let retry = Action::new(|id: &i64| admin_retry_job(*id));
    let jobs = Resource::new(move || (filter.get(), retry.version().get()), |(f, _)| admin_jobs(f));
    Effect::new(move |_| match retry.value().get() {
        Some(Ok(())) => toasts.push(AlertTone::Success, "Tâche remise en file d'attente."),
        Some(Err(e)) => toasts.push(AlertTone::Error, e.message_fr()),
        None => {}
    });
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
            {move || Suspend::new(async move {
                match jobs.await {
                    Ok(list) if list.is_empty() => view! {
                        <EmptyState icon=IconName::Clock title="Aucune tâche" description="Aucune tâche dans cet état pour le moment."/>
                    }.into_any(),
                    Ok(list) => view! {
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
                    }.into_any(),
                    Err(e) => view! { <p class="text-danger-700">{e.message_fr()}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn AdminMailsPage() -> impl IntoView {
    let mails = Resource::new(|| (), |_| admin_sandbox_mails());
    view! {
        <Title text="Courriels (sandbox)"/>
        <PageHeader title="Courriels envoyés (sandbox)" description="En mode démonstration, aucun courriel ne quitte la machine : ils arrivent ici, liens compris."/>
        <Suspense fallback=|| view! { <SkeletonRows rows=4/> }>
            {move || Suspend::new(async move {
                match mails.await {
                    Ok(list) if list.is_empty() => view! {
                        <EmptyState icon=IconName::Mail title="Aucun courriel" description="Les courriels de réinitialisation de mot de passe et les invitations apparaîtront ici."/>
                    }.into_any(),
                    Ok(list) => view! { <MailCards mails=list/> }.into_any(),
                    Err(e) => view! { <p class="text-danger-700">{e.message_fr()}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The quota cells of one organisation: what is left of each quota and a small form to grant
/// more of one (DB-5, until billing credits each period).
#[component]
fn GrantCredits(organization_id: i64, organization_name: String, balances: Balances) -> impl IntoView {
    let toasts = expect_context::<Toasts>();
    let balances = RwSignal::new(balances);
    let amount = RwSignal::new(String::from("100"));
    let quota = RwSignal::new(Quota::Prospects);
    let grant = Action::new(move |(quota, amount): &(Quota, String)| {
        admin_grant_credits(organization_id, quota.as_str().to_string(), amount.clone())
    });
    Effect::new(move |_| match grant.value().get() {
        Some(Ok(new_balance)) => {
            let granted = quota.get_untracked();
            balances.update(|b| b.set(granted, new_balance));
            toasts.push(
                AlertTone::Success,
                format!("Quota mis à jour : {} : {}.", granted.remaining_label_fr(), integer_fr(new_balance)),
            );
        }
        Some(Err(e)) => toasts.push(AlertTone::Error, e.message_fr()),
        None => {}
    });
    let input_id = format!("credits-{organization_id}");
    let select_id = format!("quota-{organization_id}");
    view! {
        <Td class="tabular-nums font-medium">{move || integer_fr(balances.get().prospects)}</Td>
        <Td class="tabular-nums font-medium">{move || integer_fr(balances.get().contacts)}</Td>
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
