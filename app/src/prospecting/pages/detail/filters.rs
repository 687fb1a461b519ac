//! The table's filters, sort, page and tab, kept in the address bar so that a shared or
//! bookmarked address shows the same rows; the text boxes are debounced into it.

use crate::prospecting::api::list_rows;
use crate::ui::{Button, ButtonSize, ControlledField, ControlledSelect, Icon, IconName, SelectOption, debounced};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;
use leptos_router::params::ParamsMap;
use prospecta_shared::AppError;
use prospecta_shared::prospecting::RowPage;
use std::time::Duration;

/// The table's filters, sort, page and tab as they appear in the query string (French keys and
/// values, so a shared or bookmarked address stays readable).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct RowQuery {
    pub search: String,
    pub city: String,
    pub postal_code: String,
    /// "" | "avec" | "sans"
    pub website: String,
    pub email: String,
    pub phone: String,
    /// "" | "debloquees" | "verrouillees"
    pub status: String,
    /// "" | "30" | "60" | "100"
    pub min_quality: String,
    /// "" (name) | "ville" | "qualite" | "ajout"
    pub sort: String,
    pub descending: bool,
    pub page: u32,
    pub bin: bool,
}

pub(super) const PAGE_SIZE: u32 = 50;

/// Percent-encoding of a query value (everything but unreserved characters).
fn url_encode(v: &str) -> String {
    prospecta_shared::format::percent_encode(v, b"")
}

impl RowQuery {
    pub(super) fn from_map(map: &ParamsMap) -> Self {
        let get = |k: &str| map.get(k).map(|v| v.trim().to_string()).unwrap_or_default();
        let pick = |k: &str, allowed: &[&str]| {
            let v = get(k);
            if allowed.contains(&v.as_str()) { v } else { String::new() }
        };
        RowQuery {
            search: get("q"),
            city: get("ville"),
            postal_code: get("cp"),
            website: pick("site", &["avec", "sans"]),
            email: pick("email", &["avec", "sans"]),
            phone: pick("tel", &["avec", "sans"]),
            status: pick("statut", &["debloquees", "verrouillees"]),
            min_quality: pick("qualite", &["30", "60", "100"]),
            sort: pick("tri", &["ville", "qualite", "ajout"]),
            descending: get("ordre") == "desc",
            page: get("page").parse().unwrap_or(1).max(1),
            bin: get("corbeille") == "1",
        }
    }

    /// "?q=dupont&site=avec&page=2", or "" when everything is at its default.
    pub(super) fn to_query(&self) -> String {
        let page = if self.page > 1 { self.page.to_string() } else { String::new() };
        let pairs = [
            ("q", self.search.as_str()),
            ("ville", &self.city),
            ("cp", &self.postal_code),
            ("site", &self.website),
            ("email", &self.email),
            ("tel", &self.phone),
            ("statut", &self.status),
            ("qualite", &self.min_quality),
            ("tri", &self.sort),
            ("ordre", if self.descending { "desc" } else { "" }),
            ("page", &page),
            ("corbeille", if self.bin { "1" } else { "" }),
        ];
        let parts: Vec<String> =
            pairs.iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| format!("{k}={}", url_encode(v))).collect();
        if parts.is_empty() { String::new() } else { format!("?{}", parts.join("&")) }
    }

    /// Whether anything narrows the rows (sort, page and tab do not).
    pub(super) fn is_filtered(&self) -> bool {
        [&self.search, &self.city, &self.postal_code, &self.website, &self.email, &self.phone, &self.status]
            .iter()
            .any(|v| !v.is_empty())
            || !self.min_quality.is_empty()
    }

    /// The same view without any filter (sort and tab kept), back on page 1.
    pub(super) fn cleared(&self) -> Self {
        RowQuery { sort: self.sort.clone(), descending: self.descending, bin: self.bin, ..RowQuery::default() }
    }

    fn api_presence(v: &str) -> String {
        match v {
            "avec" => "oui",
            "sans" => "non",
            _ => "",
        }
        .to_string()
    }

    pub(super) fn api_website(&self) -> String {
        Self::api_presence(&self.website)
    }

    pub(super) fn api_email(&self) -> String {
        Self::api_presence(&self.email)
    }

    pub(super) fn api_phone(&self) -> String {
        Self::api_presence(&self.phone)
    }

    pub(super) fn api_unlocked(&self) -> String {
        match self.status.as_str() {
            "debloquees" => "oui",
            "verrouillees" => "non",
            _ => "",
        }
        .to_string()
    }

    pub(super) fn api_sort(&self) -> String {
        match self.sort.as_str() {
            "ville" => "city",
            "qualite" => "quality",
            "ajout" => "added",
            _ => "name",
        }
        .to_string()
    }
}

pub(super) async fn fetch_rows(database_id: i64, q: RowQuery) -> Result<RowPage, AppError> {
    list_rows(
        database_id,
        q.search.clone(),
        q.city.clone(),
        q.postal_code.clone(),
        q.api_website(),
        q.api_email(),
        q.api_phone(),
        q.api_unlocked(),
        q.min_quality.clone(),
        q.api_sort(),
        q.descending,
        q.page,
        PAGE_SIZE,
        q.bin,
    )
    .await
}

/// The filters' text boxes and the ways to change the address.
#[derive(Clone, Copy)]
pub(super) struct AddressFilters {
    pub search: RwSignal<String>,
    pub city: RwSignal<String>,
    pub postal_code: RwSignal<String>,
    /// Goes to this query (`true`: replacing the current history entry).
    pub set_query: Callback<(RowQuery, bool)>,
    /// Empties every filter.
    pub reset: Callback<()>,
}

impl AddressFilters {
    /// The text boxes start from the address and follow it (back, forward, "Effacer les
    /// filtres"); what is typed reaches the address 300 ms after the last key.
    pub(super) fn new(database_id: i64, query: Memo<RowQuery>) -> Self {
        let navigate = use_navigate();
        let set_query = Callback::new(move |(q, replace): (RowQuery, bool)| {
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
                set_query.run((RowQuery { search: s, city: c, postal_code: p, page: 1, ..current }, true));
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
    #[prop(into)] query: Signal<RowQuery>,
    search: RwSignal<String>,
    city: RwSignal<String>,
    postal_code: RwSignal<String>,
    on_change: Callback<RowQuery>,
) -> impl IntoView {
    let presence = options(&[("", "Tous"), ("avec", "Avec"), ("sans", "Sans")]);
    let set = move |apply: fn(&mut RowQuery, String)| {
        Callback::new(move |v: String| {
            let mut q = query.get_untracked();
            apply(&mut q, v);
            q.page = 1;
            on_change.run(q);
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
                    value=Signal::derive(move || query.with(|q| q.website.clone())) on_change=set(|q, v| q.website = v)/>
                <ControlledSelect label="E-mail" id="filtre-email" options=presence.clone()
                    value=Signal::derive(move || query.with(|q| q.email.clone())) on_change=set(|q, v| q.email = v)/>
                <ControlledSelect label="Téléphone" id="filtre-tel" options=presence
                    value=Signal::derive(move || query.with(|q| q.phone.clone())) on_change=set(|q, v| q.phone = v)/>
                <ControlledSelect label="Statut" id="filtre-statut"
                    options=options(&[("", "Toutes"), ("debloquees", "Débloquées"), ("verrouillees", "Verrouillées")])
                    value=Signal::derive(move || query.with(|q| q.status.clone())) on_change=set(|q, v| q.status = v)/>
                <ControlledSelect label="Qualité min." id="filtre-qualite"
                    options=options(&[("", "Toutes"), ("30", "30 % et plus"), ("60", "60 % et plus"), ("100", "100 %")])
                    value=Signal::derive(move || query.with(|q| q.min_quality.clone())) on_change=set(|q, v| q.min_quality = v)/>
                <ControlledSelect label="Trier par" id="filtre-tri"
                    options=options(&[("", "Nom"), ("ville", "Ville"), ("qualite", "Qualité"), ("ajout", "Ajout")])
                    value=Signal::derive(move || query.with(|q| q.sort.clone())) on_change=set(|q, v| q.sort = v)/>
                <div class="flex items-end">
                    <button
                        type="button"
                        class="inline-flex w-full items-center justify-center gap-2 rounded-lg bg-white px-3.5 py-2.5 text-sm font-medium text-ink-800 shadow-sm ring-1 ring-inset ring-ink-300 hover:bg-ink-50"
                        aria-pressed=move || query.with(|q| q.descending).to_string()
                        title="Inverser l'ordre de tri"
                        on:click=move |_| {
                            let mut q = query.get_untracked();
                            q.descending = !q.descending;
                            q.page = 1;
                            on_change.run(q);
                        }
                    >
                        <span class=move || if query.with(|q| q.descending) { "inline-flex" } else { "inline-flex rotate-180" }>
                            <Icon name=IconName::ChevronDown class="size-4"/>
                        </span>
                        {move || if query.with(|q| q.descending) { "Ordre décroissant" } else { "Ordre croissant" }}
                    </button>
                </div>
            </div>
            <Show when=move || query.with(RowQuery::is_filtered)>
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

#[cfg(test)]
mod tests {
    use super::*;
    use leptos_router::params::ParamsMap;

    #[test]
    fn row_queries_round_trip_through_the_url() {
        let q = RowQuery {
            search: "dupont".into(),
            website: "avec".into(),
            status: "verrouillees".into(),
            sort: "qualite".into(),
            descending: true,
            page: 3,
            ..RowQuery::default()
        };
        let qs = q.to_query();
        assert_eq!(qs, "?q=dupont&site=avec&statut=verrouillees&tri=qualite&ordre=desc&page=3");
        let map: ParamsMap = qs
            .trim_start_matches('?')
            .split('&')
            .filter_map(|kv| kv.split_once('='))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        assert_eq!(RowQuery::from_map(&map), q);
        assert_eq!((q.api_website(), q.api_unlocked(), q.api_sort()), ("oui".into(), "non".into(), "quality".into()));
        assert!(q.is_filtered());
        assert!(!q.cleared().is_filtered());
        assert_eq!(RowQuery::default().to_query(), "");
        let spaced = RowQuery { search: "C&A Lyon+".into(), ..RowQuery::default() };
        assert_eq!(spaced.to_query(), "?q=C%26A%20Lyon%2B");
        // Unknown values fall back to the defaults instead of reaching the server.
        let odd: ParamsMap = [("site", "peut-etre"), ("page", "-2")].into_iter().collect();
        assert_eq!(RowQuery::from_map(&odd), RowQuery { page: 1, ..RowQuery::default() });
    }
}
