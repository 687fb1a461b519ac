//! `/app/bases/nouvelle`: the generation form. The sector and place come from autocompletes
//! (`pickers`); "Voir l'aperçu" shows a free masked preview (`preview`), and only its
//! validation launches the generation.

mod pickers;
mod preview;

use super::BackLink;
use crate::prospecting::api::{create_database, preview_database};
use crate::ui::{ActionToast, Button, ControlledField, FormAlert, Icon, IconName, PageHeader};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;
use pickers::{PlaceField, PlacePicker, SectorField, SectorPicker};
use preview::{PreviewResult, PreviewSkeleton};
use prospecta_shared::AppError;
use prospecta_shared::prospecting::{RADIUS_MAX_KM, Target};

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

/// The message of an error that belongs to one of the form's fields.
fn field_message(error: &Option<AppError>, field: &str) -> Option<String> {
    error.as_ref().filter(|e| e.field() == Some(field)).map(AppError::message_fr)
}

/// An error that belongs to none of the form's fields, for the banner.
fn general_error(errors: RwSignal<Option<AppError>>) -> Signal<Option<String>> {
    Signal::derive(move || {
        errors.with(|e| {
            e.as_ref().filter(|e| e.field().is_none_or(|f| !FORM_FIELDS.contains(&f))).map(AppError::message_fr)
        })
    })
}

#[component]
pub fn NewDatabasePage() -> impl IntoView {
    let navigate = use_navigate();
    let sector = SectorPicker::new();
    let place = PlacePicker::new();
    let radius = RwSignal::new("0".to_string());
    let name = RwSignal::new(String::new());
    let criteria = Memo::new(move |_| {
        let chosen = place.chosen.get();
        Criteria {
            sector: sector.text.get().trim().to_string(),
            naf_code: sector.chosen.get().map(|s| s.naf_code).unwrap_or_default(),
            place_kind: chosen.as_ref().map(|p| p.kind.as_str().to_string()).unwrap_or_default(),
            place_code: chosen.map(|p| p.code).unwrap_or_default(),
            radius_km: if place.is_commune.get() { radius.get().trim().to_string() } else { "0".into() },
        }
    });

    let preview = Action::new(|c: &Criteria| {
        let c = c.clone();
        async move { preview_database(c.sector, c.naf_code, c.place_kind, c.place_code, c.radius_km).await }
    });
    let create = Action::new(|input: &(Target, String)| {
        let (t, name) = input.clone();
        async move {
            let (kind, radius) = (t.place_kind.as_str().to_string(), t.radius_km.to_string());
            create_database(t.sector, t.naf_code.unwrap_or_default(), kind, t.place_code, radius, name).await
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
    ActionToast::new(&create)
        .success("Génération lancée : les entreprises arrivent dans quelques instants.")
        .then(move |db| navigate(&format!("/app/bases/{}", db.id), NavigateOptions::default()))
        .errors_to(move |e| create_error.set(Some(e)))
        .install();

    let field_error = move |field: &'static str| {
        Signal::derive(move || {
            create_error.with(|e| field_message(e, field)).or_else(|| preview_error.with(|e| field_message(e, field)))
        })
    };
    let preview_general = general_error(preview_error);
    let create_general = general_error(create_error);
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
    let is_commune = place.is_commune;

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
                    <SectorField picker=sector error=field_error("sector")/>
                    <PlaceField picker=place error=field_error("place")/>
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
                <FormAlert message=preview_general class="mt-4"/>
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
