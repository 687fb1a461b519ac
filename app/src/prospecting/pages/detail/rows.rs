//! The rows of a database: the "Entreprises" section with its tabs (in the base / bin),
//! filters, table and pages. Locked rows can be ticked for unlocking; deleted rows stay 30 days
//! in the bin.

use super::filters::{AddressFilters, FilterBar};
use crate::prospecting::api::{delete_row, restore_row};
use crate::prospecting::pages::count_fr;
use crate::prospecting::pages::status::is_active;
use crate::prospecting::pages::values::{Contact, QualityMeter, address_lines, contact_value};
use crate::ui::{
    ActionToast, Alert, AlertTone, Badge, BadgeTone, Button, ButtonSize, ButtonVariant, DataTable, EmptyState,
    Failable, Icon, IconName, Pagination, SkeletonRows, Td,
};
use leptos::prelude::*;
use prospecta_shared::AppError;
use prospecta_shared::ids::RowId;
use prospecta_shared::prospecting::{DatabaseSummary, RowFilter, RowPage, RowView};

/// The "Entreprises" section.
#[component]
pub(super) fn RowsSection(
    query: Memo<RowFilter>,
    rows: Resource<Result<RowPage, AppError>>,
    summary: RwSignal<DatabaseSummary>,
    selected: RwSignal<Vec<RowId>>,
    filters: AddressFilters,
    /// Opens the company panel of a row (its id and name).
    on_open: Callback<(RowId, String)>,
    /// Reloads the rows and the figures.
    reload: Callback<()>,
) -> impl IntoView {
    let delete = Action::new(|row: &RowId| delete_row(*row));
    ActionToast::new(&delete)
        .success("Entreprise supprimée. Vous la retrouverez 30 jours dans l'onglet dédié.")
        .then(move |()| reload.run(()))
        .install();
    let restore = Action::new(|row: &RowId| restore_row(*row));
    ActionToast::new(&restore).success("Entreprise remise dans la base.").then(move |()| reload.run(())).install();
    let on_delete = Callback::new(move |row: RowId| {
        selected.update(|s| s.retain(|r| *r != row));
        delete.dispatch(row);
    });
    let on_restore = Callback::new(move |row: RowId| {
        restore.dispatch(row);
    });
    let on_filters = Callback::new(move |q: RowFilter| filters.set_query.run((q, false)));
    let show_bin = move |bin: bool| {
        selected.set(Vec::new());
        filters.set_query.run((RowFilter { deleted: bin, ..query.get_untracked() }.at_page(1, None), false));
    };
    let tab_class = move |on: bool| {
        format!(
            "rounded-md px-3 py-1.5 text-sm font-medium transition-colors {}",
            if on { "bg-white text-ink-900 shadow-sm" } else { "text-ink-600 hover:text-ink-900" }
        )
    };
    let rows_pending = RwSignal::new(false);
    view! {
        <section class="space-y-4" aria-labelledby="entreprises-titre">
            <div class="flex flex-wrap items-center justify-between gap-3">
                <h2 id="entreprises-titre" class="text-lg font-semibold text-ink-900">"Entreprises"</h2>
                <div class="inline-flex rounded-lg bg-ink-100 p-1" role="group" aria-label="Lignes affichées">
                    <button type="button" class=move || tab_class(!query.with(|q| q.deleted))
                        aria-pressed=move || (!query.with(|q| q.deleted)).to_string() on:click=move |_| show_bin(false)>
                        "Dans la base"
                    </button>
                    <button type="button" class=move || tab_class(query.with(|q| q.deleted))
                        aria-pressed=move || query.with(|q| q.deleted).to_string() on:click=move |_| show_bin(true)>
                        "Corbeille"
                    </button>
                </div>
            </div>
            <FilterBar query search=filters.search city=filters.city postal_code=filters.postal_code on_change=on_filters/>
            <div class=move || if rows_pending.get() { "opacity-60 transition-opacity" } else { "transition-opacity" } aria-busy=move || rows_pending.get().to_string()>
                <Transition fallback=|| view! { <SkeletonRows rows=6/> } set_pending=rows_pending.write_only()>
                    <Failable>
                        {move || Suspend::new(async move {
                            match rows.await {
                                // The hourly viewing limit is a wait, not a fault: a warning.
                                Err(e @ AppError::ViewLimit { .. }) => {
                                    Ok(view! { <Alert tone=AlertTone::Warning>{e.message_fr()}</Alert> }.into_any())
                                }
                                result => result.map(|page| {
                                    view! { <RowsShown page query summary selected filters on_open on_delete on_restore/> }.into_any()
                                }),
                            }
                        })}
                    </Failable>
                </Transition>
            </div>
        </section>
    }
}

/// One page of rows with its pagination, or why there is none.
#[component]
fn RowsShown(
    page: RowPage,
    query: Memo<RowFilter>,
    summary: RwSignal<DatabaseSummary>,
    selected: RwSignal<Vec<RowId>>,
    filters: AddressFilters,
    on_open: Callback<(RowId, String)>,
    on_delete: Callback<RowId>,
    on_restore: Callback<RowId>,
) -> impl IntoView {
    let q = query.get_untracked();
    if page.rows.is_empty() {
        let generating = summary.with_untracked(|s| is_active(&s.status));
        return view! { <NoRows q generating reset=filters.reset/> }.into_any();
    }
    let set_query = filters.set_query;
    // "Page suivante" and "Page précédente" follow this page's cursors (see `RowFilter::at_page`).
    let shown = page.clone();
    let go_to = Callback::new(move |n: u32| set_query.run((query.get_untracked().at_page(n, Some(&shown)), false)));
    view! {
        <RowsTable page=page.clone() bin=q.deleted selected on_open on_delete on_restore/>
        <Pagination page=page.page pages=page.pages() total_label=count_fr(page.total, "ligne", "lignes") on_change=go_to/>
    }
    .into_any()
}

/// What the table area shows when the page of rows is empty.
#[component]
fn NoRows(q: RowFilter, generating: bool, reset: Callback<()>) -> impl IntoView {
    if q.deleted {
        return view! {
            <EmptyState
                icon=IconName::Database
                title="Aucune entreprise supprimée"
                description="Une entreprise supprimée reste ici 30 jours : vous pouvez la remettre dans la base pendant ce délai."
            />
        }
        .into_any();
    }
    if q.is_filtered() {
        return view! {
            <EmptyState
                icon=IconName::Search
                title="Aucune entreprise ne correspond à ces filtres"
                description="Élargissez la recherche ou retirez un filtre pour revoir toute la base."
            >
                <Button variant=ButtonVariant::Secondary on_click=move |_| reset.run(())>"Réinitialiser les filtres"</Button>
            </EmptyState>
        }
        .into_any();
    }
    if generating {
        return view! {
            <div class="rounded-xl bg-white p-5 shadow-card ring-1 ring-ink-200/70">
                <p class="mb-4 text-sm text-ink-600">"Les entreprises apparaîtront ici dès la fin de la génération."</p>
                <SkeletonRows rows=5/>
            </div>
        }
        .into_any();
    }
    view! {
        <EmptyState
            icon=IconName::Database
            title="Cette base ne contient aucune entreprise"
            description="Les sources n'ont rien trouvé pour ces critères. Vous pouvez ajouter vous-même les entreprises que vous connaissez avec « Ajouter une entreprise »."
        />
    }
    .into_any()
}

/// One page of rows. Locked rows can be ticked for unlocking; their masked cells cannot be
/// selected for copying. There is deliberately no export and no "copy all" (DB-3).
#[component]
fn RowsTable(
    page: RowPage,
    bin: bool,
    selected: RwSignal<Vec<RowId>>,
    on_open: Callback<(RowId, String)>,
    on_delete: Callback<RowId>,
    on_restore: Callback<RowId>,
) -> impl IntoView {
    if bin {
        return view! { <BinTable rows=page.rows on_restore/> }.into_any();
    }
    let locked_ids: Vec<RowId> = page.rows.iter().filter(|r| r.locked).map(|r| r.id).collect();
    let all_ticked = {
        let ids = locked_ids.clone();
        move || !ids.is_empty() && selected.with(|s| ids.iter().all(|id| s.contains(id)))
    };
    let has_locked = !locked_ids.is_empty();
    view! {
        <div class="mb-3 flex flex-wrap items-center justify-between gap-3 text-sm">
            {has_locked.then(|| {
                let ids = locked_ids.clone();
                view! {
                    <label class="inline-flex items-center gap-2 text-ink-700">
                        <input
                            type="checkbox"
                            class="size-4 rounded border-ink-300 text-brand-600 focus:ring-brand-600"
                            prop:checked=all_ticked.clone()
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                selected.update(|s| {
                                    s.retain(|id| !ids.contains(id));
                                    if on {
                                        s.extend(ids.iter().copied());
                                    }
                                });
                            }
                        />
                        "Sélectionner les lignes verrouillées de cette page"
                    </label>
                }
            })}
            <Show when=move || !selected.with(Vec::is_empty)>
                <p class="text-ink-600">
                    {move || count_fr(selected.with(Vec::len) as u64, "ligne sélectionnée", "lignes sélectionnées")}
                    " · "
                    <button type="button" class="font-medium text-brand-700 hover:underline" on:click=move |_| selected.set(Vec::new())>
                        "Tout désélectionner"
                    </button>
                </p>
            </Show>
        </div>
        <DataTable
            caption="Entreprises de la base"
            dense=true
            columns=vec!["Choix", "Entreprise", "Adresse", "Téléphone", "E-mail", "Site web", "Qualité", "Action"]
        >
            {page.rows.into_iter().map(|r| {
                let RowView { id: row_id, name, street, postal_code, city, phone, email, website, quality, locked, manual, status, .. } = r;
                let name_id = format!("ligne-{row_id}-nom");
                let described = name_id.clone();
                let cell = if locked { "select-none" } else { "" };
                let open_name = name.clone();
                let tick_label = format!("Sélectionner {name}");
                view! {
                    <tr class=if locked { "bg-ink-50/40" } else { "" }>
                        <Td>
                            {locked.then(|| view! {
                                <input
                                    type="checkbox"
                                    class="size-4 rounded border-ink-300 text-brand-600 focus:ring-brand-600"
                                    aria-label=tick_label
                                    prop:checked=move || selected.with(|s| s.contains(&row_id))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        selected.update(|s| {
                                            s.retain(|id| *id != row_id);
                                            if on {
                                                s.push(row_id);
                                            }
                                        });
                                    }
                                />
                            })}
                        </Td>
                        <Td class="min-w-40">
                            <button
                                type="button"
                                id=name_id
                                class="rounded text-left font-medium text-brand-700 hover:underline"
                                on:click=move |_| on_open.run((row_id, open_name.clone()))
                            >
                                {name}
                            </button>
                            <span class="mt-1 flex flex-wrap items-center gap-1.5 text-xs">
                                {if locked {
                                    view! {
                                        <span class="inline-flex items-center gap-1 text-ink-500">
                                            <Icon name=IconName::Lock class="size-3"/>{status}
                                        </span>
                                    }.into_any()
                                } else {
                                    view! { <Badge tone=BadgeTone::Success>{status}</Badge> }.into_any()
                                }}
                                {manual.then(|| view! { <Badge tone=BadgeTone::Brand>"Ajoutée à la main"</Badge> })}
                            </span>
                        </Td>
                        <Td class=format!("min-w-32 {cell}")>{address_lines(street, postal_code, city)}</Td>
                        <Td class=format!("whitespace-nowrap {cell}")>{contact_value(phone, locked, Contact::Phone, true)}</Td>
                        <Td class=cell>{contact_value(email, locked, Contact::Email, true)}</Td>
                        <Td class=cell>{contact_value(website, locked, Contact::Website, true)}</Td>
                        <Td class="whitespace-nowrap"><QualityMeter quality/></Td>
                        <Td>
                            <Button size=ButtonSize::Small variant=ButtonVariant::Ghost aria_describedby=described on_click=move |_| on_delete.run(row_id)>
                                "Supprimer"
                            </Button>
                        </Td>
                    </tr>
                }
            }).collect_view()}
        </DataTable>
    }
    .into_any()
}

/// The bin: deleted rows, each with its "Restaurer" button.
#[component]
fn BinTable(rows: Vec<RowView>, on_restore: Callback<RowId>) -> impl IntoView {
    view! {
        <DataTable caption="Entreprises supprimées" columns=vec!["Entreprise", "Adresse", "Suppression", "Action"]>
            {rows.into_iter().map(|r| {
                let (row_id, locked) = (r.id, r.locked);
                let name_id = format!("ligne-{row_id}-nom");
                let described = name_id.clone();
                let cell = if locked { "select-none" } else { "" };
                view! {
                    <tr>
                        <Td class="font-medium"><span id=name_id>{r.name}</span></Td>
                        <Td class=cell>{address_lines(r.street, r.postal_code, r.city)}</Td>
                        <Td class="text-ink-600">{r.deleted_note.unwrap_or_default()}</Td>
                        <Td>
                            <Button size=ButtonSize::Small variant=ButtonVariant::Secondary aria_describedby=described on_click=move |_| on_restore.run(row_id)>
                                "Restaurer"
                            </Button>
                        </Td>
                    </tr>
                }
            }).collect_view()}
        </DataTable>
    }
}
