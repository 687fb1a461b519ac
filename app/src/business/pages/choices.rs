//! The fields the wizard and the offer form share: the objective (AGENT-7) with what it needs,
//! and the tone.

use crate::ui::{Field, FormErrors, SelectField, SelectOption};
use leptos::prelude::*;
use prospecta_shared::business::{Objective, ObjectiveKind, Tone};

pub fn tone_options() -> Vec<SelectOption> {
    Tone::ALL.iter().map(|t| SelectOption { value: t.as_str().into(), label: t.label_fr().into() }).collect()
}

#[component]
pub fn ToneSelect(selected: Option<Tone>, errors: FormErrors) -> impl IntoView {
    view! {
        <SelectField label="Ton des messages" name="tone" options=tone_options()
            selected=selected.unwrap_or(Tone::Warm).as_str() error=errors.field("tone")/>
    }
}

/// The objective as radio cards; the page's address or the description appears with the choice
/// that needs it.
#[component]
pub fn ObjectiveFields(selected: Option<Objective>, errors: FormErrors) -> impl IntoView {
    let kind = RwSignal::new(selected.as_ref().map(Objective::kind).unwrap_or(ObjectiveKind::Meeting));
    let url = match &selected {
        Some(Objective::LandingPage { url }) => url.clone(),
        _ => String::new(),
    };
    let detail = match &selected {
        Some(Objective::Other { description }) => description.clone(),
        _ => String::new(),
    };
    view! {
        <fieldset>
            <legend class="text-sm font-medium text-ink-800">"Objectif de vos échanges avec les prospects"</legend>
            <div class="mt-2 grid gap-2 sm:grid-cols-2">
                {ObjectiveKind::ALL.iter().map(|k| {
                    let k = *k;
                    let id = format!("objectif-{}", k.as_str());
                    let label_for = id.clone();
                    view! {
                        <label for=label_for class=move || format!(
                            "flex cursor-pointer items-center gap-3 rounded-lg px-3.5 py-3 text-sm ring-1 ring-inset {}",
                            if kind.get() == k { "bg-brand-50 font-medium text-brand-800 ring-brand-500" } else { "bg-white text-ink-800 ring-ink-300 hover:bg-ink-50" }
                        )>
                            <input id=id type="radio" name="objective" value=k.as_str() checked=kind.get_untracked() == k
                                class="size-4 text-brand-600 focus:ring-brand-600"
                                on:change=move |_| kind.set(k)/>
                            {k.label_fr()}
                        </label>
                    }
                }).collect_view()}
            </div>
            <Show when=move || errors.field("objective").get().is_some()>
                <p class="mt-1.5 text-sm text-danger-700">{move || errors.field("objective").get()}</p>
            </Show>
        </fieldset>
        // Both stay in the form (hidden when not needed) so a value typed is not lost when the
        // choice changes back.
        <div class:hidden=move || kind.get() != ObjectiveKind::LandingPage>
            <Field label="Adresse de la page à faire visiter" name="objective_url" value=url
                placeholder="www.votre-site.fr/offre" error=errors.field("objective_url")/>
        </div>
        <div class:hidden=move || kind.get() != ObjectiveKind::Other>
            <Field label="Décrivez l'objectif" name="objective_detail" value=detail
                placeholder="Faire remplir une demande de devis" error=errors.field("objective_detail")/>
        </div>
    }
}
