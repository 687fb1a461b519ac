//! The sector and place autocompletes of the generation form: what the user typed, the
//! suggestions for it, and the suggestion it designates.

use crate::prospecting::api::{search_places, search_sectors};
use crate::prospecting::pages::count_fr;
use crate::ui::{ComboOption, Combobox, debounced};
use leptos::prelude::*;
use prospecta_shared::AppError;
use prospecta_shared::prospecting::{PlaceKind, PlaceSuggestion, SectorSuggestion};
use std::time::Duration;

fn place_detail(p: &PlaceSuggestion) -> Option<String> {
    let mut parts = Vec::new();
    if !p.detail.is_empty() {
        parts.push(p.detail.clone());
    }
    if p.population > 0 {
        parts.push(count_fr(p.population, "habitant", "habitants"));
    }
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// The suggestions for what the user typed, with the text they answer. Fetched from the browser
/// only (an effect), so server rendering never waits on them; a late answer to an older text
/// never replaces the answer to the current one.
fn suggestions<T, Fut>(query: Signal<String>, fetch: fn(String) -> Fut) -> RwSignal<(String, Vec<T>)>
where
    T: Send + Sync + 'static,
    Fut: Future<Output = Result<Vec<T>, AppError>> + 'static,
{
    let results = RwSignal::new((String::new(), Vec::new()));
    Effect::new(move |_| {
        let q = query.get().trim().to_string();
        if q.is_empty() {
            results.set((q, Vec::new()));
            return;
        }
        let pending = fetch(q.clone());
        leptos::task::spawn_local(async move {
            let found = pending.await.unwrap_or_default();
            if query.try_get_untracked().is_some_and(|current| current.trim() == q) {
                results.try_set((q, found));
            }
        });
    });
    results
}

/// Sector: any text is accepted; a picked (or exactly typed) suggestion brings its NAF code.
#[derive(Clone, Copy)]
pub(super) struct SectorPicker {
    pub text: RwSignal<String>,
    pick: RwSignal<Option<SectorSuggestion>>,
    list: Memo<Vec<SectorSuggestion>>,
    loading: Signal<bool>,
    /// The suggestion the text designates, if any.
    pub chosen: Memo<Option<SectorSuggestion>>,
}

impl SectorPicker {
    pub(super) fn new() -> Self {
        let text = RwSignal::new(String::new());
        let pick = RwSignal::new(None::<SectorSuggestion>);
        let query: Signal<String> = debounced(text.into(), Duration::from_millis(150));
        let sectors = suggestions(query, search_sectors);
        let list = Memo::new(move |_| {
            let mut list = sectors.with(|(_, l)| l.clone());
            // Everyday words ("plombier") before official NAF labels, each group in the server's order.
            list.sort_by_key(|s| !s.everyday_word);
            list
        });
        let loading = Signal::derive(move || {
            let typed = text.with(|t| t.trim().to_string());
            !typed.is_empty() && sectors.with(|(q, _)| *q != typed)
        });
        let chosen = Memo::new(move |_| {
            let typed = text.with(|t| t.trim().to_lowercase());
            if typed.is_empty() {
                return None;
            }
            pick.get()
                .filter(|s| s.label.to_lowercase() == typed)
                .or_else(|| list.with(|l| l.iter().find(|s| s.label.to_lowercase() == typed).cloned()))
        });
        SectorPicker { text, pick, list, loading, chosen }
    }
}

/// Place: must be one of the suggestions (picked, or typed exactly when only one matches).
#[derive(Clone, Copy)]
pub(super) struct PlacePicker {
    text: RwSignal<String>,
    pick: RwSignal<Option<PlaceSuggestion>>,
    list: Memo<Vec<PlaceSuggestion>>,
    loading: Signal<bool>,
    /// The suggestion the text designates, if any.
    pub chosen: Memo<Option<PlaceSuggestion>>,
    /// A commune is chosen: the radius applies.
    pub is_commune: Signal<bool>,
}

impl PlacePicker {
    pub(super) fn new() -> Self {
        let text = RwSignal::new(String::new());
        let pick = RwSignal::new(None::<PlaceSuggestion>);
        let query: Signal<String> = debounced(text.into(), Duration::from_millis(150));
        let places = suggestions(query, search_places);
        let list = Memo::new(move |_| places.with(|(_, l)| l.clone()));
        let loading = Signal::derive(move || {
            let typed = text.with(|t| t.trim().to_string());
            !typed.is_empty() && places.with(|(q, _)| *q != typed)
        });
        let chosen = Memo::new(move |_| {
            let typed = text.with(|t| t.trim().to_lowercase());
            if typed.is_empty() {
                return None;
            }
            pick.get().filter(|p| p.name.to_lowercase() == typed).or_else(|| {
                list.with(|l| {
                    let mut exact = l.iter().filter(|p| p.name.to_lowercase() == typed);
                    match (exact.next(), exact.next()) {
                        (Some(p), None) => Some(p.clone()),
                        _ => None,
                    }
                })
            })
        });
        let is_commune =
            Signal::derive(move || chosen.with(|p| p.as_ref().is_some_and(|p| p.kind == PlaceKind::Commune)));
        PlacePicker { text, pick, list, loading, chosen, is_commune }
    }
}

/// The sector autocomplete, with what the search will use under it.
#[component]
pub(super) fn SectorField(picker: SectorPicker, error: Signal<Option<String>>) -> impl IntoView {
    let SectorPicker { text, pick, list, loading, chosen } = picker;
    let options = Signal::derive(move || {
        list.get()
            .into_iter()
            .map(|s| ComboOption {
                value: s.naf_code.clone(),
                detail: Some(format!("{} · {}", s.naf_code, s.naf_label)),
                badge: (!s.everyday_word).then(|| "Intitulé officiel".to_string()),
                label: s.label,
            })
            .collect::<Vec<_>>()
    });
    let note = move || match chosen.get() {
        Some(s) => format!("Code NAF retenu : {} ({})", s.naf_code, s.naf_label),
        None => {
            let typed = text.get();
            if typed.trim().is_empty() || loading.get() {
                String::new()
            } else {
                format!("Recherche libre : nous chercherons « {} » tel quel, sans code NAF.", typed.trim())
            }
        }
    };
    view! {
        <div>
            <Combobox
                label="Secteur d'activité"
                id="secteur"
                list_label="Suggestions de secteurs"
                text
                options
                loading
                on_select=Callback::new(move |o: ComboOption| {
                    pick.set(list.with_untracked(|l| {
                        l.iter().find(|s| s.label == o.label && s.naf_code == o.value).cloned()
                    }))
                })
                placeholder="plombier, restaurant, expert-comptable…"
                hint="Un métier ou une activité, avec vos mots. Choisir une suggestion cible le code NAF exact."
                empty_text="Aucune suggestion : nous chercherons votre saisie telle quelle."
                error
                required=true
            />
            <p class="mt-1.5 text-xs font-medium text-ink-700">{note}</p>
        </div>
    }
}

/// The place autocomplete.
#[component]
pub(super) fn PlaceField(picker: PlacePicker, error: Signal<Option<String>>) -> impl IntoView {
    let PlacePicker { text, pick, list, loading, .. } = picker;
    let options = Signal::derive(move || {
        list.get()
            .into_iter()
            .map(|p| ComboOption {
                value: format!("{}:{}", p.kind.as_str(), p.code),
                detail: place_detail(&p),
                badge: Some(p.kind.label_fr().to_string()),
                label: p.name,
            })
            .collect::<Vec<_>>()
    });
    view! {
        <Combobox
            label="Zone géographique"
            id="zone"
            list_label="Suggestions de lieux"
            text
            options
            loading
            on_select=Callback::new(move |o: ComboOption| {
                pick.set(list.with_untracked(|l| {
                    l.iter().find(|p| format!("{}:{}", p.kind.as_str(), p.code) == o.value).cloned()
                }))
            })
            placeholder="Lyon, Rhône, Bretagne…"
            hint="Une commune, un département ou une région : choisissez-la dans la liste."
            empty_text="Aucun lieu ne correspond. Vérifiez l'orthographe ou essayez le département."
            error
            required=true
        />
    }
}
