//! The table's filters, sort, page and tab, kept in the address bar so that a shared or
//! bookmarked address shows the same rows; the text boxes are debounced into it.

use crate::prospecting::api::list_rows;
use crate::ui::{Button, ButtonSize, ControlledField, ControlledSelect, Icon, IconName, SelectOption, debounced};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;
use prospecta_shared::AppError;
use prospecta_shared::ids::DatabaseId;
use prospecta_shared::prospecting::{
    RowFilter, RowPage, RowSort, presence_as_query, presence_from_query, unlocked_as_query, unlocked_from_query,
};
use std::time::Duration;

/// The page always asks for this many rows (the address may say otherwise: `taille`).
pub(super) async fn fetch_rows(database_id: DatabaseId, filter: RowFilter) -> Result<RowPage, AppError> {
    list_rows(database_id, filter.to_query()).await
}

/// The filters' text boxes and the ways to change the address.
#[derive(Clone, Copy)]
pub(super) struct AddressFilters {
    pub search: RwSignal<String>,
    pub city: RwSignal<String>,
    pub postal_code: RwSignal<String>,
    /// Goes to this query (`true`: replacing the current history entry).
    pub set_query: Callback<(RowFilter, bool)>,
    /// Empties every filter.
    pub reset: Callback<()>,
}

impl AddressFilters {
    /// The text boxes start from the address and follow it (back, forward, "Effacer les
    /// filtres"); what is typed reaches the address 300 ms after the last key.
    pub(super) fn new(database_id: DatabaseId, query: Memo<RowFilter>) -> Self {
        let navigate = use_navigate();
        let set_query = Callback::new(move |(q, replace): (RowFilter, bool)| {
            navigate(
                &format!("/app/bases/{database_id}{}", q.to_query()),
                NavigateOptions { replace, scroll: false, ..Default::default() },
            );
        });
        let start = query.get_untracked();
        let search = RwSignal::new(start.search);
        let city = RwSignal::new(start.city);
        let postal_code = RwSignal::new(start.postal_code);
        let typed = Memo::new(move |_| {
            (search.get().trim().to_string(), city.get().trim().to_string(), postal_code.get().trim().to_string())
        });
        let settled = debounced(typed.into(), Duration::from_millis(300));
        Effect::new(move |_| {
            let (s, c, p) = settled.get();
            let current = query.get_untracked();
            if (s.as_str(), c.as_str(), p.as_str())
                != (current.search.as_str(), current.city.as_str(), current.postal_code.as_str())
            {
                set_query.run((RowFilter { search: s, city: c, postal_code: p, ..current }.at_page(1, None), true));
            }
        });
        // Back, forward or "Effacer les filtres": the text boxes follow the address.
        Effect::new(move |_| {
            let q = query.get();
            let (s, c, p) = settled.get_untracked();
            if q.search != s {
                search.set(q.search.clone());
            }
            if q.city != c {
                city.set(q.city.clone());
            }
            if q.postal_code != p {
                postal_code.set(q.postal_code.clone());
            }
        });
        let reset = Callback::new(move |()| {
            search.set(String::new());
            city.set(String::new());
            postal_code.set(String::new());
            set_query.run((query.get_untracked().cleared(), false));
        });
        AddressFilters { search, city, postal_code, set_query, reset }
    }
}

fn options(items: &[(&str, &str)]) -> Vec<SelectOption> {
    items.iter().map(|(value, label)| SelectOption { value: value.to_string(), label: label.to_string() }).collect()
}

/// Search, place, presence, status, quality and sort filters. Text boxes are owned by the page
/// (they are debounced into the URL); selects write the URL at once through `on_change`.
#[component]
pub(super) fn FilterBar(
    #[prop(into)] query: Signal<RowFilter>,
    search: RwSignal<String>,
    city: RwSignal<String>,
    postal_code: RwSignal<String>,
    on_change: Callback<RowFilter>,
) -> impl IntoView {
    let presence = options(&[("", "Tous"), ("avec", "Avec"), ("sans", "Sans")]);
    let set = move |apply: fn(&mut RowFilter, String)| {
        Callback::new(move |v: String| {
            let mut q = query.get_untracked();
            apply(&mut q, v);
            on_change.run(q.at_page(1, None));
        })
    };
    view! {
        <div class="rounded-xl bg-white p-4 shadow-card ring-1 ring-ink-200/70" role="search" aria-label="Filtrer les entreprises">
            <div class="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
                <div class="sm:col-span-2">
                    <ControlledField label="Rechercher une entreprise" id="filtre-recherche" input_type="search" value=search placeholder="Dupont, Plomberie…"/>
                </div>
                <ControlledField label="Ville" id="filtre-ville" value=city/>
                <ControlledField label="Code postal" id="filtre-cp" value=postal_code inputmode="numeric" maxlength=5/>
                <ControlledSelect label="Site web" id="filtre-site" options=presence.clone()
                    value=Signal::derive(move || query.with(|q| presence_as_query(q.has_website).to_string()))
                    on_change=set(|q, v| q.has_website = presence_from_query(&v))/>
                <ControlledSelect label="E-mail" id="filtre-email" options=presence.clone()
                    value=Signal::derive(move || query.with(|q| presence_as_query(q.has_email).to_string()))
                    on_change=set(|q, v| q.has_email = presence_from_query(&v))/>
                <ControlledSelect label="Téléphone" id="filtre-tel" options=presence
                    value=Signal::derive(move || query.with(|q| presence_as_query(q.has_phone).to_string()))
                    on_change=set(|q, v| q.has_phone = presence_from_query(&v))/>
                <ControlledSelect label="Statut" id="filtre-statut"
                    options=options(&[("", "Toutes"), ("debloquees", "Débloquées"), ("verrouillees", "Verrouillées")])
                    value=Signal::derive(move || query.with(|q| unlocked_as_query(q.unlocked).to_string()))
                    on_change=set(|q, v| q.unlocked = unlocked_from_query(&v))/>
                <ControlledSelect label="Qualité min." id="filtre-qualite"
                    options=options(&[("", "Toutes"), ("30", "30 % et plus"), ("60", "60 % et plus"), ("100", "100 %")])
                    value=Signal::derive(move || query.with(|q| if q.min_quality > 0 { q.min_quality.to_string() } else { String::new() }))
                    on_change=set(|q, v| q.min_quality = v.parse().unwrap_or(0))/>
                <ControlledSelect label="Trier par" id="filtre-tri"
                    options=options(&[("", "Nom"), ("ville", "Ville"), ("qualite", "Qualité"), ("ajout", "Ajout")])
                    value=Signal::derive(move || query.with(|q| q.sort.as_query().to_string()))
                    on_change=set(|q, v| q.sort = RowSort::from_query(&v))/>
                <div class="flex items-end">
                    <button
                        type="button"
                        class="inline-flex w-full items-center justify-center gap-2 rounded-lg bg-white px-3.5 py-2.5 text-sm font-medium text-ink-800 shadow-sm ring-1 ring-inset ring-ink-300 hover:bg-ink-50"
                        aria-pressed=move || query.with(|q| q.descending).to_string()
                        title="Inverser l'ordre de tri"
                        on:click=move |_| {
                            let mut q = query.get_untracked();
                            q.descending = !q.descending;
                            on_change.run(q.at_page(1, None));
                        }
                    >
                        <span class=move || if query.with(|q| q.descending) { "inline-flex" } else { "inline-flex rotate-180" }>
                            <Icon name=IconName::ChevronDown class="size-4"/>
                        </span>
                        {move || if query.with(|q| q.descending) { "Ordre décroissant" } else { "Ordre croissant" }}
                    </button>
                </div>
            </div>
            <Show when=move || query.with(RowFilter::is_filtered)>
                <div class="mt-3 flex justify-end">
                    <Button variant=crate::ui::ButtonVariant::Ghost size=ButtonSize::Small on_click=move |_| {
                        search.set(String::new());
                        city.set(String::new());
                        postal_code.set(String::new());
                        on_change.run(query.get_untracked().cleared());
                    }>
                        "Effacer les filtres"
                    </Button>
                </div>
            </Show>
        </div>
    }
}
