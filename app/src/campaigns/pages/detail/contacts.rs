//! The companies targeted, by status (FORM-6), with their failure reason (FORM-7), and the
//! replies recorded by hand.

use crate::campaigns::api::record_reply;
use crate::campaigns::pages::count_fr;
use crate::ui::{ActionToast, Button, ButtonSize, ButtonVariant, DataTable, Failable, Pagination, SkeletonRows, Td};
use leptos::prelude::*;
use prospecta_shared::AppError;
use prospecta_shared::campaigns::{CampaignLive, ContactFilter, ContactPage, ContactRow, StatusTone};
use prospecta_shared::ids::ContactId;

/// The contacts section, with the reply buttons wired to the server: a recorded reply reloads
/// the table and the figures.
#[component]
pub(super) fn CampaignContacts(
    contacts: Resource<Result<ContactPage, AppError>>,
    filter: RwSignal<ContactFilter>,
    page: RwSignal<u32>,
    contacts_version: RwSignal<u32>,
    refresh: Action<(), Result<CampaignLive, AppError>>,
) -> impl IntoView {
    let reply = Action::new(|input: &(ContactId, bool)| record_reply(input.0, input.1));
    let replying = reply.pending();
    let busy_contact = RwSignal::new(None::<ContactId>);
    ActionToast::new(&reply)
        .success("Réponse enregistrée.")
        .then(move |()| {
            busy_contact.set(None);
            contacts_version.update(|v| *v += 1);
            refresh.dispatch(());
        })
        .on_error(move |_| busy_contact.set(None))
        .install();
    let on_reply = Callback::new(move |(contact, positive): (ContactId, bool)| {
        if !replying.get_untracked() {
            busy_contact.set(Some(contact));
            reply.dispatch((contact, positive));
        }
    });
    let replying_to = Signal::derive(move || if replying.get() { busy_contact.get() } else { None });
    view! { <ContactsSection contacts filter page on_reply replying_to/> }
}

const FILTERS: [(ContactFilter, &str); 5] = [
    (ContactFilter::All, "Tous"),
    (ContactFilter::Sent, "Envoyés"),
    (ContactFilter::Failed, "Échecs"),
    (ContactFilter::Waiting, "En attente"),
    (ContactFilter::Replied, "Réponses"),
];

fn tone_dot(tone: StatusTone) -> &'static str {
    match tone {
        StatusTone::Neutral => "bg-ink-400",
        StatusTone::Progress => "bg-brand-500",
        StatusTone::Success => "bg-success-600",
        StatusTone::Warning => "bg-warning-400",
        StatusTone::Danger => "bg-danger-500",
    }
}

/// The companies targeted, by status (FORM-6), with their failure reason (FORM-7).
#[component]
fn ContactsSection(
    contacts: Resource<Result<ContactPage, AppError>>,
    filter: RwSignal<ContactFilter>,
    page: RwSignal<u32>,
    on_reply: Callback<(ContactId, bool)>,
    replying_to: Signal<Option<ContactId>>,
) -> impl IntoView {
    let tab_class = move |on: bool| {
        format!(
            "rounded-md px-3 py-1.5 text-sm font-medium transition-colors focus-visible:outline-2 focus-visible:outline-brand-600 {}",
            if on { "bg-white text-ink-900 shadow-sm" } else { "text-ink-600 hover:text-ink-900" }
        )
    };
    let pending = RwSignal::new(false);
    view! {
        <section class="space-y-4" aria-labelledby="contacts-titre">
            <div class="flex flex-wrap items-center justify-between gap-3">
                <h2 id="contacts-titre" class="text-lg font-semibold text-ink-900">"Entreprises ciblées"</h2>
                <div class="flex flex-wrap gap-1 rounded-lg bg-ink-100 p-1" role="group" aria-label="Entreprises affichées">
                    {FILTERS.into_iter().map(|(f, label)| view! {
                        <button
                            type="button"
                            class=move || tab_class(filter.get() == f)
                            aria-pressed=move || (filter.get() == f).to_string()
                            data-testid=format!("filter-{}", f.as_str())
                            on:click=move |_| {
                                filter.set(f);
                                page.set(1);
                            }
                        >
                            {label}
                        </button>
                    }).collect_view()}
                </div>
            </div>
            <div class=move || if pending.get() { "opacity-60 transition-opacity" } else { "transition-opacity" } aria-busy=move || pending.get().to_string()>
                <Transition fallback=|| view! { <SkeletonRows rows=6/> } set_pending=pending.write_only()>
                    <Failable>
                        {move || Suspend::new(async move {
                            contacts.await.map(|contacts| view! { <ContactsShown contacts filter page on_reply replying_to/> })
                        })}
                    </Failable>
                </Transition>
            </div>
        </section>
    }
}

/// One page of the contacts, or why there is none.
#[component]
fn ContactsShown(
    contacts: ContactPage,
    filter: RwSignal<ContactFilter>,
    page: RwSignal<u32>,
    on_reply: Callback<(ContactId, bool)>,
    replying_to: Signal<Option<ContactId>>,
) -> impl IntoView {
    let p = contacts;
    if p.rows.is_empty() {
        return view! {
            <div class="rounded-xl bg-white p-6 text-center text-sm text-ink-600 shadow-card ring-1 ring-ink-200/70">
                {if p.page > 1 {
                    "Plus aucune entreprise sur cette page."
                } else if filter.get_untracked() == ContactFilter::All {
                    "Aucune entreprise ciblée : les bases choisies n'ont pas encore de ligne débloquée."
                } else {
                    "Aucune entreprise dans cette catégorie pour le moment."
                }}
            </div>
        }
        .into_any();
    }
    let pages = (p.total.div_ceil(u64::from(p.page_size.max(1))) as u32).max(1);
    let current = p.page.max(1);
    view! {
        <ContactsTable rows=p.rows on_reply replying_to/>
        <Pagination
            page=current
            pages
            total_label=count_fr(p.total, "entreprise", "entreprises")
            on_change=Callback::new(move |n: u32| page.set(n))
        />
    }
    .into_any()
}

#[component]
pub(super) fn ContactsTable(
    rows: Vec<ContactRow>,
    on_reply: Callback<(ContactId, bool)>,
    replying_to: Signal<Option<ContactId>>,
) -> impl IntoView {
    view! {
        <DataTable
            caption="Entreprises ciblées par la campagne"
            dense=true
            columns=vec!["Entreprise", "Ville", "Variante", "Statut", "Détail", "Réponse"]
        >
            {rows.into_iter().map(|r| {
                let ContactRow { id, company, city, variant, status, tone, detail, follow_ups, can_record_reply } = r;
                let name_id = format!("contact-{id}-nom");
                let (positive_for, negative_for) = (name_id.clone(), name_id.clone());
                let busy = Signal::derive(move || replying_to.get() == Some(id));
                let relances = (follow_ups > 0).then(|| count_fr(u64::from(follow_ups), "relance", "relances"));
                view! {
                    <tr data-testid=format!("contact-{id}")>
                        <Td class="min-w-40 font-medium"><span id=name_id>{company}</span></Td>
                        <Td class="whitespace-nowrap text-ink-600">{city.unwrap_or_else(|| "—".into())}</Td>
                        <Td class="whitespace-nowrap">{variant.unwrap_or_else(|| "—".into())}</Td>
                        <Td class="min-w-44">
                            <span class="inline-flex items-center gap-2">
                                <span class=format!("size-2 shrink-0 rounded-full {}", tone_dot(tone)) aria-hidden="true"></span>
                                <span>{status}</span>
                            </span>
                        </Td>
                        <Td class="min-w-40 text-ink-600">
                            {match (detail, relances) {
                                (None, None) => view! { <span class="text-ink-400">"—"</span> }.into_any(),
                                (detail, relances) => view! {
                                    {detail.map(|d| view! { <span class="block">{d}</span> })}
                                    {relances.map(|r| view! { <span class="block text-xs text-ink-500">{r}</span> })}
                                }.into_any(),
                            }}
                        </Td>
                        <Td>
                            {can_record_reply.then(|| {
                                view! {
                                    <div class="flex flex-wrap gap-1.5">
                                        <Button size=ButtonSize::Small variant=ButtonVariant::Secondary loading=busy aria_describedby=positive_for on_click=move |_| on_reply.run((id, true))>
                                            "Réponse positive"
                                        </Button>
                                        <Button size=ButtonSize::Small variant=ButtonVariant::Ghost disabled=busy aria_describedby=negative_for on_click=move |_| on_reply.run((id, false))>
                                            "Réponse négative"
                                        </Button>
                                    </div>
                                }
                            })}
                        </Td>
                    </tr>
                }
            }).collect_view()}
        </DataTable>
    }
}
