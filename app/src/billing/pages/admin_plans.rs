//! `/admin/offres`: the catalogue (SUB-3, SUB-6). Agency admins see every plan on sale, create
//! public tiers and custom plans for one organisation, take plans off sale, edit the slider's
//! price bands, and put credit packs on sale or take them off.

use crate::admin::api::load_admin_overview;
use crate::billing::api::{ArchivePack, ArchivePlan, CreatePack, CreatePlan, SaveBands, load_admin_pricing};
use crate::ui::{
    ActionToast, Button, ButtonSize, ButtonVariant, Card, DataTable, Failable, Field, FormAlert, FormErrors,
    PageHeader, SelectField, SelectOption, SkeletonRows, Td, reset_form,
};
use leptos::prelude::*;
use leptos_meta::Title;
use prospecta_shared::billing::{AdminPricing, PackView, PriceBand, parse_euros};
use prospecta_shared::format::{euros, integer_fr};
use prospecta_shared::ids::OrgId;
use prospecta_shared::jobs::OrgSummary;

#[component]
pub fn AdminPlansPage() -> impl IntoView {
    let pricing = Resource::new(|| (), |_| load_admin_pricing());
    let overview = Resource::new(|| (), |_| load_admin_overview());
    let refresh = move || pricing.refetch();
    view! {
        <Title text="Offres et tarifs"/>
        <PageHeader title="Offres et tarifs" description="Les offres en vente, les offres sur mesure de vos clients et les tranches du curseur de la page d'accueil."/>
        <Suspense fallback=|| view! { <SkeletonRows rows=8/> }>
            <Failable>
                {move || Suspend::new(async move {
                    let pricing = pricing.await?;
                    let organizations = overview.await?.organizations_list;
                    Ok::<_, prospecta_shared::AppError>(view! { <Catalogue pricing organizations refresh/> })
                })}
            </Failable>
        </Suspense>
    }
}

#[component]
fn Catalogue(
    pricing: AdminPricing,
    organizations: Vec<OrgSummary>,
    refresh: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let names: std::collections::HashMap<OrgId, String> =
        organizations.iter().map(|o| (o.id, o.name.clone())).collect();
    let archive = ServerAction::<ArchivePlan>::new();
    ActionToast::new(&archive).success("Offre retirée de la vente.").then(move |_| refresh()).install();
    view! {
        <div class="space-y-6">
            <DataTable caption="Offres en vente" columns=vec!["Offre", "Pour", "Prix HT/mois", "Entreprises contactées", "Prospects", "Réponses de l'agent", "Jetons d'IA", ""] dense=true>
                {pricing.plans.into_iter().map(|(plan, org)| {
                    let whom = org.map(|id| names.get(&id).cloned().unwrap_or_else(|| format!("Organisation {id}"))).unwrap_or_else(|| "Tous (offre publique)".into());
                    let id = plan.id;
                    let label = format!("Retirer {} de la vente", plan.name);
                    view! {
                        <tr data-testid="admin-plan-row">
                            <Td><span class="font-medium text-ink-900">{plan.name.clone()}</span></Td>
                            <Td>{whom}</Td>
                            <Td class="tabular-nums">{euros(plan.monthly_price_cents)}</Td>
                            <Td class="tabular-nums">{integer_fr(plan.quotas.contacts)}</Td>
                            <Td class="tabular-nums">{integer_fr(plan.quotas.prospects)}</Td>
                            <Td class="tabular-nums">{integer_fr(plan.quotas.agent_messages)}</Td>
                            <Td class="tabular-nums">{integer_fr(plan.quotas.llm_tokens)}</Td>
                            <Td>
                                <Button variant=ButtonVariant::Ghost size=ButtonSize::Small loading=archive.pending() aria_label=label on_click=move |_| { archive.dispatch(ArchivePlan { id }); }>
                                    "Retirer"
                                </Button>
                            </Td>
                        </tr>
                    }
                }).collect_view()}
            </DataTable>
            <NewPlanCard organizations refresh/>
            <BandsCard bands=pricing.bands refresh/>
            <PacksCard packs=pricing.packs refresh/>
        </div>
    }
}

#[component]
fn NewPlanCard(organizations: Vec<OrgSummary>, refresh: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let create = ServerAction::<CreatePlan>::new();
    let errors = FormErrors::of(&create);
    let form = NodeRef::<leptos::html::Form>::new();
    ActionToast::new(&create)
        .success("Offre créée.")
        .then(move |_| {
            reset_form(form);
            refresh();
        })
        .errors_to(|_| ())
        .install();
    let mut options = vec![SelectOption { value: String::new(), label: "Tous les clients (offre publique)".into() }];
    options.extend(organizations.into_iter().map(|o| SelectOption { value: o.id.to_string(), label: o.name }));
    const FIELDS: &[&str] =
        &["name", "pitch", "monthly_price", "prospects", "contacts", "agent_messages", "llm_tokens", "organization_id"];
    view! {
        <Card title="Nouvelle offre" subtitle="Une offre publique s'affiche sur la page d'accueil ; une offre sur mesure n'est proposée qu'au client choisi.">
            <ActionForm action=create node_ref=form attr:class="space-y-4" attr:novalidate="true">
                <FormAlert message=errors.general(FIELDS)/>
                <div class="grid gap-4 sm:grid-cols-2">
                    <Field label="Nom de l'offre" name="name" required=true maxlength=60 error=errors.field("name")/>
                    <SelectField label="Pour" name="organization_id" options=options/>
                </div>
                <Field label="Description courte" name="pitch" maxlength=200 error=errors.field("pitch")/>
                <div class="grid gap-4 sm:grid-cols-3">
                    <Field label="Prix mensuel HT (€)" name="monthly_price" required=true error=errors.field("monthly_price")/>
                    <Field label="Entreprises contactées/mois" name="contacts" required=true error=errors.field("contacts")/>
                    <Field label="Prospects débloqués/mois" name="prospects" required=true error=errors.field("prospects")/>
                    <Field label="Réponses de l'agent/mois" name="agent_messages" required=true error=errors.field("agent_messages")/>
                    <Field label="Jetons d'IA/mois" name="llm_tokens" required=true error=errors.field("llm_tokens")/>
                </div>
                <Button button_type="submit" loading=create.pending()>"Créer l'offre"</Button>
            </ActionForm>
        </Card>
    }
}

/// One band being edited: its start and its price as typed.
#[derive(Clone)]
struct BandRow {
    key: usize,
    from: RwSignal<String>,
    price: RwSignal<String>,
}

#[component]
fn BandsCard(bands: Vec<PriceBand>, refresh: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let next_key = StoredValue::new(bands.len());
    let rows = RwSignal::new(
        bands
            .iter()
            .enumerate()
            .map(|(key, b)| BandRow {
                key,
                from: RwSignal::new(b.from_contacts.to_string()),
                price: RwSignal::new(
                    euros(b.cents_per_contact).replace('\u{a0}', "").trim_end_matches('€').to_string(),
                ),
            })
            .collect::<Vec<_>>(),
    );
    let save = ServerAction::<SaveBands>::new();
    let local_error = RwSignal::new(None::<String>);
    let errors = FormErrors::new(save.value());
    ActionToast::new(&save).success("Tranches enregistrées.").then(move |_| refresh()).errors_to(|_| ()).install();
    let submit = move |_| {
        let parsed: Option<Vec<PriceBand>> = rows.with(|rows| {
            rows.iter()
                .map(|r| {
                    Some(PriceBand {
                        from_contacts: r.from.get_untracked().trim().replace(' ', "").parse().ok()?,
                        cents_per_contact: parse_euros(&r.price.get_untracked())?,
                    })
                })
                .collect()
        });
        match parsed {
            Some(bands) => {
                local_error.set(None);
                save.dispatch(SaveBands { bands });
            }
            None => {
                local_error.set(Some("Chaque tranche doit avoir un nombre de contacts et un prix en euros.".into()))
            }
        }
    };
    let add = move |_| {
        let key = next_key.get_value();
        next_key.set_value(key + 1);
        rows.update(|r| {
            r.push(BandRow { key, from: RwSignal::new(String::new()), price: RwSignal::new(String::new()) })
        });
    };
    view! {
        <Card title="Tranches du curseur" subtitle="Chaque contact est facturé au prix de sa tranche : le total monte avec le volume, le prix moyen baisse. La première tranche commence à 50 contacts.">
            <div class="space-y-4">
                <FormAlert message=Signal::derive(move || local_error.get().or_else(|| errors.general(&["bands"]).get()))/>
                <ol class="space-y-3">
                    <For each=move || rows.get() key=|r| r.key let:row>
                        {
                            let key = row.key;
                            view! {
                                <li class="grid grid-cols-[1fr_1fr_auto] items-end gap-3" data-testid="band-row">
                                    <label class="text-sm">
                                        <span class="font-medium text-ink-800">"À partir de (contacts)"</span>
                                        <input class="mt-1 block w-full rounded-lg border-0 px-3 py-2 ring-1 ring-inset ring-ink-300 focus:ring-2 focus:ring-brand-600" inputmode="numeric" prop:value=move || row.from.get() on:input=move |ev| row.from.set(event_target_value(&ev))/>
                                    </label>
                                    <label class="text-sm">
                                        <span class="font-medium text-ink-800">"Prix par contact HT (€)"</span>
                                        <input class="mt-1 block w-full rounded-lg border-0 px-3 py-2 ring-1 ring-inset ring-ink-300 focus:ring-2 focus:ring-brand-600" inputmode="decimal" prop:value=move || row.price.get() on:input=move |ev| row.price.set(event_target_value(&ev))/>
                                    </label>
                                    <Button variant=ButtonVariant::Ghost size=ButtonSize::Small aria_label="Supprimer cette tranche" on_click=move |_| rows.update(|r| r.retain(|b| b.key != key))>"Supprimer"</Button>
                                </li>
                            }
                        }
                    </For>
                </ol>
                <div class="flex flex-wrap gap-3">
                    <Button variant=ButtonVariant::Secondary on_click=add>"Ajouter une tranche"</Button>
                    <Button loading=save.pending() on_click=submit>"Enregistrer les tranches"</Button>
                </div>
            </div>
        </Card>
    }
}

/// Credit packs for overage (SUB-7): one quota refilled once, for a price excluding VAT.
#[component]
fn PacksCard(packs: Vec<PackView>, refresh: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let create = ServerAction::<CreatePack>::new();
    let archive = ServerAction::<ArchivePack>::new();
    let errors = FormErrors::of(&create);
    let form = NodeRef::<leptos::html::Form>::new();
    ActionToast::new(&create)
        .success("Recharge mise en vente.")
        .then(move |_| {
            reset_form(form);
            refresh();
        })
        .errors_to(|_| ())
        .install();
    ActionToast::new(&archive).success("Recharge retirée de la vente.").then(move |_| refresh()).install();
    let quotas = vec![
        SelectOption { value: "contacts".into(), label: "Entreprises contactées".into() },
        SelectOption { value: "prospects".into(), label: "Prospects débloqués".into() },
    ];
    view! {
        <Card title="Recharges" subtitle="Des unités en plus d'un quota, payées une fois par les clients abonnés. Une recharge retirée reste acquise à ceux qui l'ont payée.">
            <div class="space-y-5">
                <ul class="divide-y divide-ink-100" data-testid="admin-packs">
                    {packs.into_iter().map(|pack| {
                        let id = pack.id;
                        let name = pack.label_fr();
                        let label = format!("Retirer la recharge {name} de la vente");
                        view! {
                            <li class="grid grid-cols-[1fr_auto_auto] items-center gap-6 py-2" data-testid="admin-pack-row">
                                <span class="font-medium text-ink-900">{name}</span>
                                <span class="tabular-nums text-ink-700">{format!("{} HT", euros(pack.price_cents))}</span>
                                <Button variant=ButtonVariant::Ghost size=ButtonSize::Small loading=archive.pending() aria_label=label on_click=move |_| { archive.dispatch(ArchivePack { id }); }>
                                    "Retirer"
                                </Button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                <ActionForm action=create node_ref=form attr:class="space-y-4" attr:novalidate="true">
                    <FormAlert message=errors.general(&["quota", "units", "price"])/>
                    <div class="grid gap-4 sm:grid-cols-3">
                        <SelectField label="Quota rechargé" name="quota" options=quotas/>
                        <Field label="Unités" name="units" required=true error=errors.field("units")/>
                        <Field label="Prix HT (€)" name="price" required=true error=errors.field("price")/>
                    </div>
                    <Button button_type="submit" loading=create.pending()>"Mettre la recharge en vente"</Button>
                </ActionForm>
            </div>
        </Card>
    }
}
