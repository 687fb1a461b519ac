//! The prospect database pages: the organisation's databases, the generation form with its
//! masked preview (DB-4, DB-8, DB-9), and one database with its table, unlocking (DB-5), manual
//! additions and bin (DB-2), and no way to export anything (DB-3).

use super::api::{
    create_database, credits_balance, delete_row, get_company, get_database, list_databases, list_rows,
    preview_database, restore_row, search_places, search_sectors, unlock_rows,
};
use super::components::{
    AddCompanyModal, CompanyPanel, Contact, EnrichmentCard, FilterBar, GenerationCard, PAGE_SIZE, QualityMeter,
    RowQuery, SampleTable, ShareBars, SourceList, StatusBadge, address_lines, contact_value, count_fr, enrichment_line,
    int_fr, is_active, is_enriching, is_working, progress_line, shown_percent, unlock_message,
};
use crate::ui::{
    Alert, AlertTone, Badge, BadgeTone, Button, ButtonLink, ButtonSize, ButtonVariant, CardsSkeleton, ComboOption,
    Combobox, ControlledField, DataTable, Drawer, EmptyState, Icon, IconName, PageHeader, Pagination, ProgressBar,
    Skeleton, SkeletonRows, StatCard, Td, Toasts, debounced, poll_while,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use prospecta_shared::AppError;
use prospecta_shared::credits::Quota;
use prospecta_shared::error::ValidationCode;
use prospecta_shared::prospecting::{
    DatabasePreview, DatabaseStatus, DatabaseSummary, PlaceKind, PlaceSuggestion, RADIUS_MAX_KM, RowPage, RowView,
    SectorSuggestion, Target, UnlockOutcome,
};
use std::time::Duration;

/// How often a page refreshes a database that is being generated.
const LIST_POLL: Duration = Duration::from_secs(2);
const DETAIL_POLL: Duration = Duration::from_millis(1500);

#[component]
fn BackLink() -> impl IntoView {
    view! {
        <a href="/app/bases" class="mb-4 inline-flex items-center gap-1.5 rounded text-sm font-medium text-ink-600 hover:text-ink-900">
            <span aria-hidden="true">"←"</span>"Toutes mes bases"
        </a>
    }
}

/// "Prospects à débloquer : 1 250", for page headers.
#[component]
fn CreditsPill(#[prop(into)] credits: Signal<Option<i64>>) -> impl IntoView {
    view! {
        <p class="inline-flex items-center gap-2 self-center rounded-lg bg-brand-50 px-3 py-2 text-sm text-brand-900 ring-1 ring-inset ring-brand-200">
            <Icon name=IconName::Sparkles class="size-4"/>
            {format!("{} : ", Quota::Prospects.remaining_label_fr())}
            <strong class="tabular-nums">{move || credits.get().map(int_fr).unwrap_or_else(|| "—".into())}</strong>
        </p>
    }
}

// =============================================================================================
// /app/bases

#[component]
pub fn DatabasesPage() -> impl IntoView {
    let databases = Resource::new(|| (), |_| list_databases());
    let credits = Resource::new(|| (), |_| credits_balance());
    view! {
        <Title text="Bases de données"/>
        <PageHeader
            title="Bases de données"
            description="Vos bases de prospects, construites à partir d'un secteur d'activité et d'une zone géographique."
            actions=Box::new(move || view! {
                <Suspense fallback=|| view! { <Skeleton class="h-9 w-52 self-center"/> }>
                    {move || Suspend::new(async move { view! { <CreditsPill credits=credits.await.ok().map(|b| b.prospects)/> } })}
                </Suspense>
                <ButtonLink href="/app/bases/nouvelle"><Icon name=IconName::Plus class="size-4"/>"Nouvelle base"</ButtonLink>
            }.into_any())
        />
        <Suspense fallback=|| view! { <CardsSkeleton cards=4/> }>
            {move || Suspend::new(async move {
                match databases.await {
                    Ok(list) => view! { <DatabaseList initial=list/> }.into_any(),
                    Err(e) => view! { <Alert tone=AlertTone::Error>{e.message_fr()}</Alert> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The cards, refreshed every 2 s while a database is being generated. Each card reads its own
/// database from the list, so a refresh only updates the figures that changed (focus stays put).
#[component]
fn DatabaseList(initial: Vec<DatabaseSummary>) -> impl IntoView {
    let list = RwSignal::new(initial);
    let refresh = Action::new(|_: &()| list_databases());
    let refreshing = refresh.pending();
    Effect::new(move |_| {
        if let Some(Ok(fresh)) = refresh.value().get() {
            list.set(fresh);
        }
    });
    let any_active = Memo::new(move |_| list.with(|l| l.iter().any(is_working)));
    poll_while(
        LIST_POLL,
        move || any_active.get(),
        move || {
            if !refreshing.get_untracked() {
                refresh.dispatch(());
            }
        },
    );
    let ids = move || list.with(|l| l.iter().map(|d| d.id).collect::<Vec<_>>());
    view! {
        <Show
            when=move || !list.with(Vec::is_empty)
            fallback=|| view! {
                <EmptyState
                    icon=IconName::Database
                    title="Aucune base pour le moment"
                    description="Indiquez un secteur d'activité et une zone géographique : nous trouvons les entreprises correspondantes, avec un aperçu gratuit avant de lancer la génération."
                    action_label="Créer ma première base"
                    action_href="/app/bases/nouvelle"
                />
            }
        >
            <ul class="grid gap-4 lg:grid-cols-2" aria-label="Vos bases de prospects">
                <For each=ids key=|id| *id let:id>
                    <DatabaseCard id list/>
                </For>
            </ul>
        </Show>
    }
}

#[component]
fn DatabaseCard(id: i64, list: RwSignal<Vec<DatabaseSummary>>) -> impl IntoView {
    let current = Memo::new(move |_| list.with(|l| l.iter().find(|d| d.id == id).cloned()));
    let Some(first) = current.get_untracked() else { return ().into_any() };
    let summary = Signal::derive(move || current.get().unwrap_or_else(|| first.clone()));
    let DatabaseSummary { name, target_label, created_on, .. } = summary.get_untracked();
    let href = format!("/app/bases/{id}");
    let active = Signal::derive(move || summary.with(|s| is_active(&s.status)));
    view! {
        <li class="relative flex flex-col rounded-xl bg-white p-5 shadow-card ring-1 ring-ink-200/70 transition-shadow hover:ring-brand-300">
            <div class="flex items-start justify-between gap-3">
                <div class="min-w-0">
                    <h2 class="truncate text-base font-semibold text-ink-900">
                        // The whole card is clickable through this link's ::after.
                        <a href=href class="rounded after:absolute after:inset-0 after:content-['']">{name}</a>
                    </h2>
                    <p class="mt-0.5 flex items-center gap-1.5 text-sm text-ink-500">
                        <Icon name=IconName::Target class="size-4 shrink-0"/><span class="truncate">{target_label}</span>
                    </p>
                </div>
                <StatusBadge status=Signal::derive(move || summary.with(|s| s.status.clone()))/>
            </div>
            <Show when=move || active.get()>
                <div class="mt-4">
                    <ProgressBar
                        label="Génération"
                        percent=Signal::derive(move || summary.with(shown_percent))
                        detail=Signal::derive(move || summary.with(progress_line))
                    />
                </div>
            </Show>
            <Show when=move || summary.with(is_enriching)>
                <div class="mt-4">
                    <ProgressBar
                        label="Enrichissement"
                        percent=Signal::derive(move || summary.with(|s| s.enrichment.percent()))
                        detail=Signal::derive(move || summary.with(enrichment_line))
                    />
                </div>
            </Show>
            {move || summary.with(|s| match &s.status {
                DatabaseStatus::Waiting { .. } | DatabaseStatus::Failed { .. } => Some(view! {
                    <p class="mt-3 text-sm text-ink-600">{s.status.label_fr()}</p>
                }),
                _ => None,
            })}
            <dl class="mt-4 grid grid-cols-3 gap-3 border-t border-ink-100 pt-4 text-sm">
                <div>
                    <dt class="text-xs text-ink-500">"Entreprises"</dt>
                    <dd class="mt-0.5 font-semibold tabular-nums text-ink-900">{move || summary.with(|s| int_fr(s.rows_total as i64))}</dd>
                </div>
                <div>
                    <dt class="text-xs text-ink-500">"Débloquées"</dt>
                    <dd class="mt-0.5 font-semibold tabular-nums text-ink-900">{move || summary.with(|s| int_fr(s.rows_unlocked as i64))}</dd>
                </div>
                <div>
                    <dt class="text-xs text-ink-500">"Créée le"</dt>
                    <dd class="mt-0.5 font-semibold tabular-nums text-ink-900">{created_on}</dd>
                </div>
            </dl>
        </li>
    }
    .into_any()
}

// =============================================================================================
// /app/bases/nouvelle

/// What the form would send now, to tell whether the preview on screen still matches it.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Criteria {
    sector: String,
    naf_code: String,
    place_kind: String,
    place_code: String,
    radius_km: String,
}

const FORM_FIELDS: [&str; 4] = ["sector", "place", "radius_km", "name"];

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

#[component]
pub fn NewDatabasePage() -> impl IntoView {
    let toasts = expect_context::<Toasts>();
    let navigate = use_navigate();

    // Sector: any text is accepted; a picked (or exactly typed) suggestion brings its NAF code.
    let sector_text = RwSignal::new(String::new());
    let sector_pick = RwSignal::new(None::<SectorSuggestion>);
    let sector_query: Signal<String> = debounced(sector_text.into(), Duration::from_millis(150));
    let sectors = suggestions(sector_query, search_sectors);
    let sector_list = Memo::new(move |_| {
        let mut list = sectors.with(|(_, l)| l.clone());
        // Everyday words ("plombier") before official NAF labels, each group in the server's order.
        list.sort_by_key(|s| !s.everyday_word);
        list
    });
    let sector_loading = Signal::derive(move || {
        let typed = sector_text.with(|t| t.trim().to_string());
        !typed.is_empty() && sectors.with(|(q, _)| *q != typed)
    });
    let sector_options = Signal::derive(move || {
        sector_list
            .get()
            .into_iter()
            .map(|s| ComboOption {
                value: s.naf_code.clone(),
                detail: Some(format!("{} · {}", s.naf_code, s.naf_label)),
                badge: (!s.everyday_word).then(|| "Intitulé officiel".to_string()),
                label: s.label,
            })
            .collect::<Vec<_>>()
    });
    let chosen_sector = Memo::new(move |_| {
        let typed = sector_text.with(|t| t.trim().to_lowercase());
        if typed.is_empty() {
            return None;
        }
        sector_pick
            .get()
            .filter(|s| s.label.to_lowercase() == typed)
            .or_else(|| sector_list.with(|l| l.iter().find(|s| s.label.to_lowercase() == typed).cloned()))
    });

    // Place: must be one of the suggestions (picked, or typed exactly when only one matches).
    let place_text = RwSignal::new(String::new());
    let place_pick = RwSignal::new(None::<PlaceSuggestion>);
    let place_query: Signal<String> = debounced(place_text.into(), Duration::from_millis(150));
    let places = suggestions(place_query, search_places);
    let place_list = Memo::new(move |_| places.with(|(_, l)| l.clone()));
    let place_loading = Signal::derive(move || {
        let typed = place_text.with(|t| t.trim().to_string());
        !typed.is_empty() && places.with(|(q, _)| *q != typed)
    });
    let place_options = Signal::derive(move || {
        place_list
            .get()
            .into_iter()
            .map(|p| ComboOption {
                value: format!("{}:{}", p.kind.as_str(), p.code),
                detail: place_detail(&p),
                badge: Some(p.kind.label_fr().to_string()),
                label: p.name,
            })
            .collect::<Vec<_>>()
    });
    let chosen_place = Memo::new(move |_| {
        let typed = place_text.with(|t| t.trim().to_lowercase());
        if typed.is_empty() {
            return None;
        }
        place_pick.get().filter(|p| p.name.to_lowercase() == typed).or_else(|| {
            place_list.with(|l| {
                let mut exact = l.iter().filter(|p| p.name.to_lowercase() == typed);
                match (exact.next(), exact.next()) {
                    (Some(p), None) => Some(p.clone()),
                    _ => None,
                }
            })
        })
    });
    let is_commune =
        Signal::derive(move || chosen_place.with(|p| p.as_ref().is_some_and(|p| p.kind == PlaceKind::Commune)));
    let radius = RwSignal::new("0".to_string());
    let name = RwSignal::new(String::new());

    let criteria = Memo::new(move |_| {
        let place = chosen_place.get();
        Criteria {
            sector: sector_text.get().trim().to_string(),
            naf_code: chosen_sector.get().map(|s| s.naf_code).unwrap_or_default(),
            place_kind: place.as_ref().map(|p| p.kind.as_str().to_string()).unwrap_or_default(),
            place_code: place.map(|p| p.code).unwrap_or_default(),
            radius_km: if is_commune.get() { radius.get().trim().to_string() } else { "0".into() },
        }
    });

    let preview = Action::new(|c: &Criteria| {
        let c = c.clone();
        async move { preview_database(c.sector, c.naf_code, c.place_kind, c.place_code, c.radius_km).await }
    });
    let create = Action::new(|input: &(Target, String)| {
        let (t, name) = input.clone();
        async move {
            create_database(
                t.sector,
                t.naf_code.unwrap_or_default(),
                t.place_kind.as_str().to_string(),
                t.place_code,
                t.radius_km.to_string(),
                name,
            )
            .await
        }
    });
    let (previewing, creating) = (preview.pending(), create.pending());
    let previewed = RwSignal::new(None::<Criteria>);
    let preview_error = RwSignal::new(None::<AppError>);
    let create_error = RwSignal::new(None::<AppError>);
    Effect::new(move |_| match preview.value().get() {
        Some(Ok(p)) => {
            preview_error.set(None);
            name.set(p.suggested_name.clone());
        }
        Some(Err(e)) => preview_error.set(Some(e)),
        None => {}
    });
    Effect::new(move |_| match create.value().get() {
        Some(Ok(db)) => {
            toasts.push(AlertTone::Success, "Génération lancée : les entreprises arrivent dans quelques instants.");
            navigate(&format!("/app/bases/{}", db.id), NavigateOptions::default());
        }
        Some(Err(e)) => create_error.set(Some(e)),
        None => {}
    });

    let field_error = move |field: &'static str| {
        Signal::derive(move || {
            let of = |e: &Option<AppError>| e.as_ref().filter(|e| e.field() == Some(field)).map(AppError::message_fr);
            create_error.with(of).or_else(|| preview_error.with(of))
        })
    };
    let general = |errors: RwSignal<Option<AppError>>| {
        Signal::derive(move || {
            errors.with(|e| {
                e.as_ref().filter(|e| e.field().is_none_or(|f| !FORM_FIELDS.contains(&f))).map(AppError::message_fr)
            })
        })
    };
    let preview_general = general(preview_error);
    let create_general = general(create_error);
    let stale = Signal::derive(move || previewed.get().is_some_and(|c| c != criteria.get()));

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let c = criteria.get_untracked();
        previewed.set(Some(c.clone()));
        preview_error.set(None);
        create_error.set(None);
        preview.dispatch(c);
    };
    let on_validate = Callback::new(move |()| {
        if let Some(Ok(p)) = preview.value().get_untracked() {
            create_error.set(None);
            create.dispatch((p.target, name.get_untracked()));
        }
    });
    let sector_note = move || match chosen_sector.get() {
        Some(s) => format!("Code NAF retenu : {} ({})", s.naf_code, s.naf_label),
        None => {
            let typed = sector_text.get();
            if typed.trim().is_empty() || sector_loading.get() {
                String::new()
            } else {
                format!("Recherche libre : nous chercherons « {} » tel quel, sans code NAF.", typed.trim())
            }
        }
    };

    view! {
        <Title text="Nouvelle base"/>
        <BackLink/>
        <PageHeader
            title="Nouvelle base de prospects"
            description="Choisissez un secteur d'activité et une zone. Vous voyez d'abord un aperçu gratuit, coordonnées masquées, avant de lancer la génération."
        />
        <div class="space-y-6">
            <form class="rounded-xl bg-white p-5 shadow-card ring-1 ring-ink-200/70 sm:p-6" on:submit=on_submit novalidate>
                <div class="grid gap-5 lg:grid-cols-2">
                    <div>
                        <Combobox
                            label="Secteur d'activité"
                            id="secteur"
                            list_label="Suggestions de secteurs"
                            text=sector_text
                            options=sector_options
                            loading=sector_loading
                            on_select=Callback::new(move |o: ComboOption| {
                                sector_pick.set(sector_list.with_untracked(|l| {
                                    l.iter().find(|s| s.label == o.label && s.naf_code == o.value).cloned()
                                }))
                            })
                            placeholder="plombier, restaurant, expert-comptable…"
                            hint="Un métier ou une activité, avec vos mots. Choisir une suggestion cible le code NAF exact."
                            empty_text="Aucune suggestion : nous chercherons votre saisie telle quelle."
                            error=field_error("sector")
                            required=true
                        />
                        <p class="mt-1.5 text-xs font-medium text-ink-700">{sector_note}</p>
                    </div>
                    <Combobox
                        label="Zone géographique"
                        id="zone"
                        list_label="Suggestions de lieux"
                        text=place_text
                        options=place_options
                        loading=place_loading
                        on_select=Callback::new(move |o: ComboOption| {
                            place_pick.set(place_list.with_untracked(|l| {
                                l.iter().find(|p| format!("{}:{}", p.kind.as_str(), p.code) == o.value).cloned()
                            }))
                        })
                        placeholder="Lyon, Rhône, Bretagne…"
                        hint="Une commune, un département ou une région : choisissez-la dans la liste."
                        empty_text="Aucun lieu ne correspond. Vérifiez l'orthographe ou essayez le département."
                        error=field_error("place")
                        required=true
                    />
                </div>
                <div class="mt-5 grid gap-5 sm:grid-cols-2 lg:grid-cols-3">
                    <ControlledField
                        label="Rayon autour de la commune (km)"
                        id="rayon"
                        input_type="number"
                        value=radius
                        min="0"
                        max="100"
                        step="1"
                        inputmode="numeric"
                        disabled=Signal::derive(move || !is_commune.get())
                        hint=format!("De 0 (la commune seule) à {RADIUS_MAX_KM} km. Pour une commune uniquement.")
                        error=field_error("radius_km")
                    />
                </div>
                <div class="mt-6 flex flex-wrap items-center gap-x-4 gap-y-2">
                    <Button button_type="submit" loading=previewing><Icon name=IconName::Eye class="size-4"/>"Voir l'aperçu"</Button>
                    <p class="text-sm text-ink-500">"Gratuit : l'aperçu ne décompte rien de vos quotas."</p>
                </div>
                <Show when=move || preview_general.get().is_some()>
                    <div class="mt-4"><Alert tone=AlertTone::Error>{move || preview_general.get()}</Alert></div>
                </Show>
            </form>
            {move || {
                if previewing.get() {
                    return view! { <PreviewSkeleton/> }.into_any();
                }
                match preview.value().get() {
                    Some(Ok(p)) => view! {
                        <PreviewResult
                            preview=p
                            stale
                            name
                            name_error=field_error("name")
                            creating
                            create_error=create_general
                            on_validate
                        />
                    }.into_any(),
                    _ => ().into_any(),
                }
            }}
        </div>
    }
}

#[component]
fn PreviewSkeleton() -> impl IntoView {
    view! {
        <div class="rounded-xl bg-white p-5 shadow-card ring-1 ring-ink-200/70 sm:p-6" role="status">
            <p class="flex items-center gap-3 text-sm font-medium text-ink-800">
                <span class="size-4 animate-spin rounded-full border-2 border-brand-600 border-r-transparent" aria-hidden="true"></span>
                "Interrogation des sources…"
            </p>
            <p class="mt-1 text-xs text-ink-500">"Nous comptons les entreprises dans les annuaires et les données publiques : quelques secondes."</p>
            <div class="mt-6 grid gap-6 lg:grid-cols-3" aria-hidden="true">
                <div class="space-y-3"><Skeleton class="h-4 w-32"/><Skeleton class="h-10 w-48"/><Skeleton class="h-3 w-40"/></div>
                <div class="space-y-4 lg:col-span-2">{(0..4).map(|_| view! { <Skeleton class="h-3 w-full"/> }).collect_view()}</div>
            </div>
            <div class="mt-6"><SkeletonRows rows=3/></div>
        </div>
    }
}

#[component]
fn PreviewResult(
    preview: DatabasePreview,
    #[prop(into)] stale: Signal<bool>,
    name: RwSignal<String>,
    #[prop(into)] name_error: Signal<Option<String>>,
    #[prop(into)] creating: Signal<bool>,
    #[prop(into)] create_error: Signal<Option<String>>,
    on_validate: Callback<()>,
) -> impl IntoView {
    let DatabasePreview { target_label, expected_count, sources, shares, sample, .. } = preview;
    let expected = if expected_count == 0 {
        "Aucune entreprise trouvée pour l'instant".to_string()
    } else {
        format!("≈ {}", count_fr(u64::from(expected_count), "entreprise", "entreprises"))
    };
    view! {
        <section class="space-y-6" aria-labelledby="apercu-titre">
            <div class="rounded-xl bg-white p-5 shadow-card ring-1 ring-ink-200/70 sm:p-6">
                <h2 id="apercu-titre" class="text-base font-semibold text-ink-900">"Aperçu de votre base"</h2>
                <p class="mt-0.5 text-sm text-ink-500">{target_label}</p>
                <Show when=move || stale.get()>
                    <div class="mt-4">
                        <Alert tone=AlertTone::Warning>
                            "Vous avez modifié vos critères depuis cet aperçu : cliquez de nouveau sur « Voir l'aperçu » pour le mettre à jour."
                        </Alert>
                    </div>
                </Show>
                <div class="mt-6 grid gap-8 lg:grid-cols-3">
                    <div>
                        <p class="text-sm text-ink-500">"Entreprises attendues"</p>
                        <p class="mt-1 text-3xl font-semibold tracking-tight text-ink-900 tabular-nums sm:text-4xl">{expected}</p>
                        <h3 class="mb-1 mt-5 text-sm font-semibold text-ink-900">"Par source"</h3>
                        <SourceList sources/>
                    </div>
                    <div class="lg:col-span-2">
                        <h3 class="text-sm font-semibold text-ink-900">"Informations disponibles"</h3>
                        <p class="mb-4 mt-0.5 text-xs text-ink-500">
                            "Part des entreprises pour lesquelles les sources donnent déjà chaque information. L'enrichissement après validation complète les sites et les e-mails."
                        </p>
                        <ShareBars shares/>
                    </div>
                </div>
            </div>
            <Alert>
                <strong>"Aperçu masqué, gratuit. "</strong>
                "Les noms sont en clair ; adresses, téléphones, e-mails et sites restent masqués jusqu'à la validation de la base, puis jusqu'au déblocage de chaque ligne (1 ligne = 1 prospect débloqué)."
            </Alert>
            {if sample.is_empty() {
                view! { <p class="text-sm text-ink-500">"Pas d'exemple à montrer pour le moment."</p> }.into_any()
            } else {
                view! {
                    <div>
                        <h3 class="mb-3 text-sm font-semibold text-ink-900">"Quelques entreprises de la base"</h3>
                        <SampleTable rows=sample/>
                    </div>
                }.into_any()
            }}
            <div class="rounded-xl bg-white p-5 shadow-card ring-1 ring-ink-200/70 sm:p-6">
                <h2 class="text-base font-semibold text-ink-900">"Lancer la génération"</h2>
                <p class="mt-1 text-sm text-ink-600">
                    "La génération prend quelques minutes et continue même si vous quittez la page. Les entreprises arrivent verrouillées : vous choisissez ensuite lesquelles débloquer sur votre quota de prospects."
                </p>
                <div class="mt-4 max-w-md">
                    <ControlledField label="Nom de la base" id="nom-base" value=name error=name_error maxlength=120 required=true/>
                </div>
                <div class="mt-5 flex flex-wrap items-center gap-3">
                    <Button loading=creating disabled=stale on_click=move |_| on_validate.run(())>
                        <Icon name=IconName::Check class="size-4"/>"Valider et générer"
                    </Button>
                </div>
                <Show when=move || create_error.get().is_some()>
                    <div class="mt-4"><Alert tone=AlertTone::Error>{move || create_error.get()}</Alert></div>
                </Show>
            </div>
        </section>
    }
}

// =============================================================================================
// /app/bases/:id

#[component]
pub fn DatabasePage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok())));
    let data = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => (get_database(id).await, credits_balance().await),
                None => (Err(AppError::NotFound), Err(AppError::NotFound)),
            }
        },
    );
    // The table's filters live in the address bar. The rows resource is created here, outside
    // the Suspense, so that the server and the browser give it the same place (hydration).
    let query_map = use_query_map();
    let query = Memo::new(move |_| query_map.with(RowQuery::from_map));
    let rows_version = RwSignal::new(0_u32);
    let rows = Resource::new(
        move || (id.get(), query.get(), rows_version.get()),
        |(id, q, _)| async move {
            match id {
                Some(id) => fetch_rows(id, q).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <BackLink/>
        <Suspense fallback=|| view! { <DatabaseSkeleton/> }>
            {move || Suspend::new(async move {
                match data.await {
                    (Ok(summary), credits) => view! { <DatabaseView summary credits=credits.ok().map(|b| b.prospects) query rows rows_version/> }.into_any(),
                    (Err(e), _) => view! {
                        <Title text="Base introuvable"/>
                        <PageHeader title="Base introuvable"/>
                        <Alert tone=AlertTone::Error>{e.message_fr()}</Alert>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn DatabaseSkeleton() -> impl IntoView {
    view! {
        <div class="space-y-6" role="status" aria-label="Chargement…">
            <div class="space-y-2"><Skeleton class="h-8 w-72"/><Skeleton class="h-4 w-56"/></div>
            <Skeleton class="h-36 w-full rounded-xl"/>
            <div class="grid grid-cols-2 gap-4 lg:grid-cols-3">{(0..3).map(|_| view! { <Skeleton class="h-24 rounded-xl"/> }).collect_view()}</div>
            <SkeletonRows rows=6/>
        </div>
    }
}

async fn fetch_rows(database_id: i64, q: RowQuery) -> Result<RowPage, AppError> {
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

#[component]
fn DatabaseView(
    summary: DatabaseSummary,
    credits: Option<i64>,
    query: Memo<RowQuery>,
    rows: Resource<Result<RowPage, AppError>>,
    rows_version: RwSignal<u32>,
) -> impl IntoView {
    let toasts = expect_context::<Toasts>();
    let navigate = use_navigate();
    let id = summary.id;
    let (title, target_label) = (summary.name.clone(), summary.target_label.clone());
    let summary = RwSignal::new(summary);
    let credits = RwSignal::new(credits);
    let selected = RwSignal::new(Vec::<i64>::new());
    let open_row = RwSignal::new(None::<(i64, String)>);
    let company_version = RwSignal::new(0_u32);
    let add_open = RwSignal::new(false);

    // ---- generation progress: poll until ready or failed, then reload the rows
    let refresh = Action::new(move |_: &()| get_database(id));
    let refreshing = refresh.pending();
    Effect::new(move |_| {
        if let Some(Ok(fresh)) = refresh.value().get() {
            summary.set(fresh);
        }
    });
    let active = Memo::new(move |_| summary.with(is_working));
    poll_while(
        DETAIL_POLL,
        move || active.get(),
        move || {
            if !refreshing.get_untracked() {
                refresh.dispatch(());
            }
        },
    );
    Effect::new(move |was_active: Option<bool>| {
        let now = active.get();
        if was_active == Some(true) && !now {
            rows_version.update(|v| *v += 1);
        }
        now
    });

    // ---- filters in the address bar
    let set_query = Callback::new(move |(q, replace): (RowQuery, bool)| {
        navigate(
            &format!("/app/bases/{id}{}", q.to_query()),
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
    let on_filters = Callback::new(move |q: RowQuery| set_query.run((q, false)));
    let reset_filters = Callback::new(move |()| {
        search.set(String::new());
        city.set(String::new());
        postal_code.set(String::new());
        set_query.run((query.get_untracked().cleared(), false));
    });
    let reload = move || {
        rows_version.update(|v| *v += 1);
        refresh.dispatch(());
    };

    // ---- unlocking
    let on_unlocked = move |o: UnlockOutcome| {
        toasts.push(AlertTone::Success, unlock_message(&o));
        credits.set(Some(o.prospects_left));
        selected.set(Vec::new());
        company_version.update(|v| *v += 1);
        reload();
    };
    let unlock = Action::new(move |input: &(u32, String)| {
        let (count, ids) = input.clone();
        unlock_rows(id, count, ids)
    });
    let unlocking = unlock.pending();
    let unlock_error = RwSignal::new(None::<AppError>);
    Effect::new(move |_| match unlock.value().get() {
        Some(Ok(o)) => {
            unlock_error.set(None);
            on_unlocked(o);
        }
        Some(Err(e)) => unlock_error.set(Some(e)),
        None => {}
    });
    let unlock_one = Action::new(move |row: &i64| unlock_rows(id, 0, row.to_string()));
    let unlocking_one = unlock_one.pending();
    let panel_error = RwSignal::new(None::<String>);
    Effect::new(move |_| match unlock_one.value().get() {
        Some(Ok(o)) => {
            panel_error.set(None);
            on_unlocked(o);
        }
        Some(Err(e)) => panel_error.set(Some(e.message_fr())),
        None => {}
    });
    let count = RwSignal::new("10".to_string());
    let count_error = Signal::derive(move || {
        unlock_error.with(|e| e.as_ref().filter(|e| e.field() == Some("count")).map(AppError::message_fr))
    });
    let unlock_general = Signal::derive(move || {
        unlock_error.with(|e| e.as_ref().filter(|e| e.field() != Some("count")).map(AppError::message_fr))
    });
    let unlock_best = move |_| match count.get_untracked().trim().parse::<u32>() {
        Ok(n) if (1..=10_000).contains(&n) => {
            unlock_error.set(None);
            unlock.dispatch((n, String::new()));
        }
        _ => unlock_error.set(Some(AppError::validation("count", ValidationCode::OutOfRange { min: 1, max: 10_000 }))),
    };
    let unlock_selection = move |_| {
        let ids = selected.get_untracked();
        if !ids.is_empty() {
            unlock_error.set(None);
            unlock.dispatch((0, ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")));
        }
    };
    let locked_left = move || summary.with(|s| s.rows_total.saturating_sub(s.rows_unlocked));

    // ---- delete / restore
    let delete = Action::new(|row: &i64| delete_row(*row));
    Effect::new(move |_| match delete.value().get() {
        Some(Ok(())) => {
            toasts.push(AlertTone::Success, "Entreprise supprimée. Vous la retrouverez 30 jours dans l'onglet dédié.");
            reload();
        }
        Some(Err(e)) => toasts.push(AlertTone::Error, e.message_fr()),
        None => {}
    });
    let restore = Action::new(|row: &i64| restore_row(*row));
    Effect::new(move |_| match restore.value().get() {
        Some(Ok(())) => {
            toasts.push(AlertTone::Success, "Entreprise remise dans la base.");
            reload();
        }
        Some(Err(e)) => toasts.push(AlertTone::Error, e.message_fr()),
        None => {}
    });
    let on_delete = Callback::new(move |row: i64| {
        selected.update(|s| s.retain(|r| *r != row));
        delete.dispatch(row);
    });
    let on_restore = Callback::new(move |row: i64| {
        restore.dispatch(row);
    });
    let on_open = Callback::new(move |row: (i64, String)| {
        panel_error.set(None);
        open_row.set(Some(row));
    });

    let show_bin = move |bin: bool| {
        selected.set(Vec::new());
        set_query.run((RowQuery { bin, page: 1, ..query.get_untracked() }, false));
    };
    let tab_class = move |on: bool| {
        format!(
            "rounded-md px-3 py-1.5 text-sm font-medium transition-colors {}",
            if on { "bg-white text-ink-900 shadow-sm" } else { "text-ink-600 hover:text-ink-900" }
        )
    };
    let rows_pending = RwSignal::new(false);

    view! {
        <Title text=title.clone()/>
        <PageHeader
            title=title
            description=target_label
            actions=Box::new(move || view! {
                <Button variant=ButtonVariant::Secondary on_click=move |_| add_open.set(true)>
                    <Icon name=IconName::Plus class="size-4"/>"Ajouter une entreprise"
                </Button>
                <Show when=move || summary.with(|s| s.rows_unlocked > 0)>
                    <ButtonLink href=format!("/app/campagnes/nouvelle?base={id}")>
                        <Icon name=IconName::Megaphone class="size-4"/>"Lancer une campagne"
                    </ButtonLink>
                </Show>
            }.into_any())
        />
        <div class="space-y-6">
            <GenerationCard summary/>
            <Show when=move || summary.with(|s| s.status == DatabaseStatus::Ready && s.enrichment.total > 0)>
                <EnrichmentCard summary/>
            </Show>
            <div class="grid grid-cols-2 gap-3 sm:gap-4 lg:grid-cols-3">
                <StatCard
                    label="Entreprises dans la base"
                    value=Signal::derive(move || summary.with(|s| int_fr(s.rows_total as i64)))
                    icon=IconName::Database
                />
                <StatCard
                    label="Lignes débloquées"
                    value=Signal::derive(move || summary.with(|s| int_fr(s.rows_unlocked as i64)))
                    hint="Coordonnées visibles en clair"
                    icon=IconName::Eye
                />
                <StatCard
                    label="Prospects à débloquer"
                    value=Signal::derive(move || credits.get().map(int_fr).unwrap_or_else(|| "—".into()))
                    hint="Votre quota : 1 ligne débloquée = 1 prospect"
                    icon=IconName::Sparkles
                />
            </div>

            <section class="rounded-xl bg-white p-5 shadow-card ring-1 ring-ink-200/70" aria-labelledby="deblocage-titre">
                <div class="flex flex-wrap items-baseline justify-between gap-2">
                    <h2 id="deblocage-titre" class="text-base font-semibold text-ink-900">"Débloquer des lignes"</h2>
                    <p class="text-sm text-ink-500">
                        {move || if active.get() {
                            "Les lignes arrivent pendant la génération".to_string()
                        } else {
                            count_fr(locked_left(), "ligne encore verrouillée", "lignes encore verrouillées")
                        }}
                    </p>
                </div>
                <p class="mt-1 text-sm text-ink-600">
                    "Les lignes les plus complètes d'abord : e-mail, site, téléphone ; chaque ligne compte pour 1 prospect débloqué. Une ligne débloquée le reste pour toujours."
                </p>
                <div class="mt-4 flex flex-col gap-3 sm:flex-row sm:items-start">
                    <div class="sm:w-64">
                        <ControlledField
                            label="Nombre de lignes à débloquer"
                            id="nombre-deblocage"
                            input_type="number"
                            value=count
                            min="1"
                            max="10000"
                            step="1"
                            inputmode="numeric"
                            error=count_error
                        />
                    </div>
                    <div class="flex flex-wrap gap-2 sm:pt-7">
                        <Button loading=unlocking on_click=unlock_best>
                            <Icon name=IconName::Sparkles class="size-4"/>"Débloquer les meilleures"
                        </Button>
                        <Show when=move || !selected.with(Vec::is_empty)>
                            <Button variant=ButtonVariant::Secondary loading=unlocking on_click=unlock_selection>
                                {move || format!("Débloquer la sélection ({})", selected.with(Vec::len))}
                            </Button>
                        </Show>
                    </div>
                </div>
                <Show when=move || unlock_general.get().is_some()>
                    <div class="mt-4"><Alert tone=AlertTone::Error>{move || unlock_general.get()}</Alert></div>
                </Show>
            </section>

            <section class="space-y-4" aria-labelledby="entreprises-titre">
                <div class="flex flex-wrap items-center justify-between gap-3">
                    <h2 id="entreprises-titre" class="text-lg font-semibold text-ink-900">"Entreprises"</h2>
                    <div class="inline-flex rounded-lg bg-ink-100 p-1" role="group" aria-label="Lignes affichées">
                        <button type="button" class=move || tab_class(!query.with(|q| q.bin))
                            aria-pressed=move || (!query.with(|q| q.bin)).to_string() on:click=move |_| show_bin(false)>
                            "Dans la base"
                        </button>
                        <button type="button" class=move || tab_class(query.with(|q| q.bin))
                            aria-pressed=move || query.with(|q| q.bin).to_string() on:click=move |_| show_bin(true)>
                            "Corbeille"
                        </button>
                    </div>
                </div>
                <FilterBar query search city postal_code on_change=on_filters/>
                <div class=move || if rows_pending.get() { "opacity-60 transition-opacity" } else { "transition-opacity" } aria-busy=move || rows_pending.get().to_string()>
                    <Transition fallback=|| view! { <SkeletonRows rows=6/> } set_pending=rows_pending.write_only()>
                        {move || Suspend::new(async move {
                            let result = rows.await;
                            let q = query.get_untracked();
                            match result {
                                Err(e @ AppError::ViewLimit { .. }) => view! { <Alert tone=AlertTone::Warning>{e.message_fr()}</Alert> }.into_any(),
                                Err(e) => view! { <Alert tone=AlertTone::Error>{e.message_fr()}</Alert> }.into_any(),
                                Ok(page) if page.rows.is_empty() => {
                                    let generating = summary.with_untracked(|s| is_active(&s.status));
                                    view! { <NoRows q generating reset=reset_filters/> }.into_any()
                                }
                                Ok(page) => view! {
                                    <RowsTable page=page.clone() bin=q.bin selected on_open on_delete on_restore/>
                                    <Pagination
                                        page=page.page
                                        pages=page.pages()
                                        total_label=count_fr(page.total, "ligne", "lignes")
                                        on_change=Callback::new(move |n: u32| set_query.run((RowQuery { page: n, ..query.get_untracked() }, false)))
                                    />
                                }.into_any(),
                            }
                        })}
                    </Transition>
                </div>
            </section>
        </div>

        <Drawer
            id="fiche-entreprise"
            title=Signal::derive(move || open_row.with(|r| r.as_ref().map(|r| r.1.clone()).unwrap_or_default()))
            subtitle=Signal::derive(|| "Fiche entreprise".to_string())
            open=Signal::derive(move || open_row.with(Option::is_some))
            on_close=Callback::new(move |()| open_row.set(None))
        >
            {move || open_row.get().map(|(row, _)| view! {
                <CompanyLoader
                    row
                    version=company_version
                    on_unlock=Callback::new(move |row: i64| {
                        panel_error.set(None);
                        unlock_one.dispatch(row);
                    })
                    unlocking=unlocking_one
                    unlock_error=panel_error
                />
            })}
        </Drawer>
        <AddCompanyModal database_id=id open=add_open on_added=Callback::new(move |_: RowView| reload())/>
    }
}

/// The detail panel's content for one row, loaded when the panel opens (in the browser only:
/// the panel is never part of the server-rendered page) and again after an unlock.
#[component]
fn CompanyLoader(
    row: i64,
    version: RwSignal<u32>,
    on_unlock: Callback<i64>,
    #[prop(into)] unlocking: Signal<bool>,
    #[prop(into)] unlock_error: Signal<Option<String>>,
) -> impl IntoView {
    let company = LocalResource::new(move || {
        version.track();
        get_company(row)
    });
    view! {
        <Transition fallback=|| view! { <SkeletonRows rows=6/> }>
            {move || Suspend::new(async move {
                match company.await {
                    Ok(detail) => view! { <CompanyPanel detail on_unlock unlocking unlock_error/> }.into_any(),
                    Err(e) => view! { <Alert tone=AlertTone::Error>{e.message_fr()}</Alert> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// What the table area shows when the page of rows is empty.
#[component]
fn NoRows(q: RowQuery, generating: bool, reset: Callback<()>) -> impl IntoView {
    if q.bin {
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
    selected: RwSignal<Vec<i64>>,
    on_open: Callback<(i64, String)>,
    on_delete: Callback<i64>,
    on_restore: Callback<i64>,
) -> impl IntoView {
    if bin {
        return view! {
            <DataTable caption="Entreprises supprimées" columns=vec!["Entreprise", "Adresse", "Suppression", "Action"]>
                {page.rows.into_iter().map(|r| {
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
        .into_any();
    }
    let locked_ids: Vec<i64> = page.rows.iter().filter(|r| r.locked).map(|r| r.id).collect();
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
