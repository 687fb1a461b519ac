use leptos::prelude::*;

/// A labelled input with its hint and its error. The error is tied to the input with
/// `aria-describedby` and `aria-invalid`, so assistive technologies read it.
#[component]
pub fn Field(
    #[prop(into)] label: String,
    #[prop(into)] name: String,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional, into)] autocomplete: Option<&'static str>,
    #[prop(optional, into)] placeholder: Option<String>,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(optional, into)] error: Signal<Option<String>>,
    #[prop(optional, into)] value: Option<String>,
    #[prop(optional)] required: bool,
    #[prop(optional)] maxlength: Option<usize>,
) -> impl IntoView {
    let id = format!("f-{name}");
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described = {
        let (hint_id, error_id, has_hint) = (hint_id.clone(), error_id.clone(), hint.is_some());
        move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(hint_id.clone());
            }
            if error.get().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div>
            <label for=id.clone() class="block text-sm font-medium text-ink-800">
                {label}
                {required.then(|| view! { <span class="text-danger-600" aria-hidden="true">" *"</span> })}
            </label>
            <input
                id=id
                name=name
                type=input_type
                autocomplete=autocomplete
                placeholder=placeholder
                value=value
                required=required
                maxlength=maxlength.map(|m| m.to_string())
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=described
                class=move || format!(
                    "mt-1.5 block w-full rounded-lg border-0 bg-white px-3.5 py-2.5 text-ink-900 shadow-sm ring-1 ring-inset \
                     placeholder:text-ink-400 focus:ring-2 focus:ring-inset focus:ring-brand-600 sm:text-sm {}",
                    if error.get().is_some() { "ring-danger-500" } else { "ring-ink-300" }
                )
            />
            {hint.map(|h| view! { <p id=hint_id class="mt-1.5 text-xs text-ink-500">{h}</p> })}
            <Show when=move || error.get().is_some()>
                <p id=error_id.clone() class="mt-1.5 text-sm text-danger-700">{move || error.get()}</p>
            </Show>
        </div>
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SelectOption {
    pub value: String,
    pub label: String,
}

#[component]
pub fn SelectField(
    #[prop(into)] label: String,
    #[prop(into)] name: String,
    options: Vec<SelectOption>,
    #[prop(optional, into)] selected: Option<String>,
    #[prop(optional, into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let id = format!("f-{name}");
    view! {
        <div>
            <label for=id.clone() class="block text-sm font-medium text-ink-800">{label}</label>
            <select
                id=id
                name=name
                aria-invalid=move || error.get().is_some().then_some("true")
                class="mt-1.5 block w-full rounded-lg border-0 bg-white py-2.5 pl-3.5 pr-10 text-ink-900 shadow-sm ring-1 ring-inset ring-ink-300 focus:ring-2 focus:ring-brand-600 sm:text-sm"
            >
                {options.into_iter().map(|o| {
                    let is_selected = selected.as_deref() == Some(o.value.as_str());
                    view! { <option value=o.value selected=is_selected>{o.label}</option> }
                }).collect_view()}
            </select>
            <Show when=move || error.get().is_some()>
                <p class="mt-1.5 text-sm text-danger-700">{move || error.get()}</p>
            </Show>
        </div>
    }
}
