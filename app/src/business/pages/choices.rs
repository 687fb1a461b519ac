//! The fields the wizard, the corrections beside the chat and the offer form share: the
//! objective (AGENT-7) with what it needs, the tone, the business model, the objections.

use crate::ui::{Button, ButtonVariant, Field, FormErrors, Icon, IconName, SelectField, SelectOption};
use leptos::prelude::*;
use prospecta_shared::business::{BusinessModel, OBJECTIONS_MAX, ObjectionAnswer, Objective, ObjectiveKind, Tone};

pub fn model_options() -> Vec<SelectOption> {
    std::iter::once(SelectOption { value: String::new(), label: "Choisissez…".into() })
        .chain(BusinessModel::ALL.iter().map(|m| SelectOption { value: m.as_str().into(), label: m.label_fr().into() }))
        .collect()
}

/// The objection pairs' field names, as the server functions take them.
const PAIRS: [(&str, &str); OBJECTIONS_MAX] = [
    ("objection_1", "answer_1"),
    ("objection_2", "answer_2"),
    ("objection_3", "answer_3"),
    ("objection_4", "answer_4"),
    ("objection_5", "answer_5"),
];

/// The arguments' fields (what distinguishes the client, the objection pairs): an error on
/// none of them is shown above the form.
pub const ARGUMENT_FIELDS: [&str; 1 + 2 * OBJECTIONS_MAX] = [
    "differentiators",
    "objection_1",
    "answer_1",
    "objection_2",
    "answer_2",
    "objection_3",
    "answer_3",
    "objection_4",
    "answer_4",
    "objection_5",
    "answer_5",
];

/// The objections and the client's answers: three pairs to start with (or as many as saved),
/// up to five.
#[component]
pub fn ObjectionFields(objections: Vec<ObjectionAnswer>, errors: FormErrors) -> impl IntoView {
    let shown = RwSignal::new(objections.len().clamp(3, OBJECTIONS_MAX));
    view! {
        <fieldset class="space-y-4">
            <legend class="text-sm font-medium text-ink-800">"Objections fréquentes et votre meilleure réponse"</legend>
            <p class="text-xs text-ink-500">"Facultatif, mais c'est ce qui aide le plus vos échanges avec les prospects."</p>
            {(1..=OBJECTIONS_MAX).map(|n| {
                let pair = objections.get(n - 1).cloned().unwrap_or_default();
                let (objection_field, answer_field): (&'static str, &'static str) = PAIRS[n - 1];
                view! {
                    <div class="grid gap-3 rounded-lg bg-ink-50 p-3 sm:grid-cols-2" class:hidden=move || { n > shown.get() }>
                        <Field label=format!("Objection {n}") name=objection_field value=pair.objection
                            placeholder="C'est trop cher" error=errors.field(objection_field)/>
                        <Field label=format!("Votre réponse {n}") name=answer_field value=pair.answer
                            placeholder="Le devis est gratuit et le prix ferme" error=errors.field(answer_field)/>
                    </div>
                }
            }).collect_view()}
            <Show when=move || { shown.get() < OBJECTIONS_MAX }>
                <Button variant=ButtonVariant::Secondary on_click=move |_| shown.update(|n| *n += 1)>
                    <Icon name=IconName::Plus class="size-4"/>"Ajouter une objection"
                </Button>
            </Show>
        </fieldset>
    }
}

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
