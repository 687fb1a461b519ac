use leptos::prelude::*;
use prospecta_shared::AppError;

fn input_classes(invalid: bool) -> String {
    format!(
        "mt-1.5 block w-full rounded-lg border-0 bg-white px-3.5 py-2.5 text-ink-900 shadow-sm ring-1 ring-inset \
         placeholder:text-ink-400 focus:ring-2 focus:ring-inset focus:ring-brand-600 disabled:cursor-not-allowed \
         disabled:bg-ink-50 disabled:text-ink-500 sm:text-sm {}",
        if invalid { "ring-danger-500" } else { "ring-ink-300" }
    )
}

/// A field's label, with the mark of a required one.
#[component]
fn FieldLabel(id: String, label: String, required: bool) -> impl IntoView {
    view! {
        <label for=id class="block text-sm font-medium text-ink-800">
            {label}
            {required.then(|| view! { <span class="text-danger-600" aria-hidden="true">" *"</span> })}
        </label>
    }
}

/// Under a field: its hint, then its error (ids the input's `aria-describedby` names).
#[component]
fn FieldNotes(hint: Option<String>, hint_id: String, error: Signal<Option<String>>, error_id: String) -> impl IntoView {
    view! {
        {hint.map(|h| view! { <p id=hint_id class="mt-1.5 text-xs text-ink-500">{h}</p> })}
        <Show when=move || error.get().is_some()>
            <p id=error_id.clone() class="mt-1.5 text-sm text-danger-700">{move || error.get()}</p>
        </Show>
    }
}

/// `aria-describedby` for an input with an optional hint and an optional error.
fn described_by(
    hint_id: Option<String>,
    error_id: String,
    error: Signal<Option<String>>,
) -> impl Fn() -> Option<String> {
    move || {
        let ids: Vec<String> = hint_id.iter().cloned().chain(error.get().is_some().then(|| error_id.clone())).collect();
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

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
    /// The input's id when two forms of one page post a field of the same name (`f-{name}`
    /// otherwise).
    #[prop(optional, into)]
    id: Option<String>,
) -> impl IntoView {
    let id = id.unwrap_or_else(|| format!("f-{name}"));
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described = described_by(hint.is_some().then(|| hint_id.clone()), error_id.clone(), error);
    view! {
        <div>
            <FieldLabel id=id.clone() label required/>
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
                class=move || input_classes(error.get().is_some())
            />
            <FieldNotes hint hint_id error error_id/>
        </div>
    }
}

/// The look of a multi-line input, shared by every textarea.
pub fn textarea_classes(invalid: bool) -> String {
    format!(
        "mt-1.5 block w-full rounded-lg border-0 bg-white px-3.5 py-2.5 text-ink-900 shadow-sm ring-1 ring-inset \
         placeholder:text-ink-400 focus:ring-2 focus:ring-inset focus:ring-brand-600 sm:text-sm {}",
        if invalid { "ring-danger-500" } else { "ring-ink-300" }
    )
}

/// A labelled multi-line input posted with its form, with its hint and its error (wired like
/// [`Field`]'s).
#[component]
pub fn TextArea(
    #[prop(into)] label: String,
    #[prop(into)] name: String,
    #[prop(optional, into)] placeholder: Option<String>,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(optional, into)] error: Signal<Option<String>>,
    #[prop(optional, into)] value: Option<String>,
    #[prop(optional)] required: bool,
    #[prop(optional)] maxlength: Option<usize>,
    #[prop(default = 4)] rows: u32,
) -> impl IntoView {
    let id = format!("f-{name}");
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described = described_by(hint.is_some().then(|| hint_id.clone()), error_id.clone(), error);
    view! {
        <div>
            <FieldLabel id=id.clone() label required/>
            <textarea
                id=id
                name=name
                rows=rows.to_string()
                placeholder=placeholder
                required=required
                maxlength=maxlength.map(|m| m.to_string())
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=described
                class=move || textarea_classes(error.get().is_some())
            >
                {value}
            </textarea>
            <FieldNotes hint hint_id error error_id/>
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

/// A labelled input whose value lives in a signal (forms driven by the page rather than posted
/// as they are: filters, previews). Same look, hint and error wiring as [`Field`].
#[component]
pub fn ControlledField(
    #[prop(into)] label: String,
    /// The input's id (unique on the page); also its `name` unless `name` is given.
    #[prop(into)]
    id: String,
    value: RwSignal<String>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional, into)] name: Option<String>,
    #[prop(optional, into)] placeholder: Option<String>,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(optional, into)] error: Signal<Option<String>>,
    #[prop(optional, into)] disabled: Signal<bool>,
    #[prop(optional)] required: bool,
    #[prop(optional)] min: Option<&'static str>,
    #[prop(optional)] max: Option<&'static str>,
    #[prop(optional)] step: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] maxlength: Option<usize>,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described = described_by(hint.is_some().then(|| hint_id.clone()), error_id.clone(), error);
    let name = name.unwrap_or_else(|| id.clone());
    view! {
        <div>
            <FieldLabel id=id.clone() label required/>
            <input
                id=id
                name=name
                type=input_type
                autocomplete=autocomplete
                inputmode=inputmode
                placeholder=placeholder
                min=min
                max=max
                step=step
                required=required
                maxlength=maxlength.map(|m| m.to_string())
                disabled=move || disabled.get()
                value=value.get_untracked()
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=described
                class=move || input_classes(error.get().is_some())
            />
            <FieldNotes hint hint_id error error_id/>
        </div>
    }
}

/// A labelled select whose value comes from the page (a URL filter, a sort order) and whose
/// changes go back through `on_change`.
#[component]
pub fn ControlledSelect(
    #[prop(into)] label: String,
    #[prop(into)] id: String,
    options: Vec<SelectOption>,
    #[prop(into)] value: Signal<String>,
    on_change: Callback<String>,
) -> impl IntoView {
    view! {
        <div>
            <label for=id.clone() class="block text-sm font-medium text-ink-800">{label}</label>
            <select
                id=id.clone()
                name=id
                prop:value=move || value.get()
                on:change=move |ev| on_change.run(event_target_value(&ev))
                class="mt-1.5 block w-full rounded-lg border-0 bg-white py-2.5 pl-3.5 pr-10 text-ink-900 shadow-sm ring-1 ring-inset ring-ink-300 focus:ring-2 focus:ring-brand-600 sm:text-sm"
            >
                {options.into_iter().map(|o| {
                    let v = o.value.clone();
                    view! { <option value=o.value selected=move || value.get() == v>{o.label}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

/// The error of the last submission, for one field or for the whole form.
#[derive(Clone, Copy)]
pub struct FormErrors {
    last: Signal<Option<AppError>>,
}

impl FormErrors {
    pub fn new<S>(value: S) -> Self
    where
        S: Get<Value = Option<Result<(), AppError>>> + Send + Sync + 'static,
    {
        FormErrors { last: Signal::derive(move || value.get().and_then(|r| r.err())) }
    }

    /// The errors of an action whose success carries a value.
    pub fn of<I, T>(action: &Action<I, Result<T, AppError>>) -> Self
    where
        I: Send + Sync + 'static,
        T: Clone + Send + Sync + 'static,
    {
        let value = action.value();
        FormErrors { last: Signal::derive(move || value.get().and_then(|r| r.err())) }
    }

    pub fn field(self, name: &'static str) -> Signal<Option<String>> {
        Signal::derive(move || self.last.get().filter(|e| e.field() == Some(name)).map(|e| e.message_fr()))
    }

    /// Errors that belong to no field (wrong password, rate limit, server down...).
    pub fn general(self, fields: &'static [&'static str]) -> Signal<Option<String>> {
        Signal::derive(move || {
            self.last.get().filter(|e| e.field().is_none_or(|f| !fields.contains(&f))).map(|e| e.message_fr())
        })
    }
}

/// Empties a form once its action succeeded (the next entry starts blank).
pub fn reset_form(form: NodeRef<leptos::html::Form>) {
    if let Some(form) = form.get_untracked() {
        form.reset();
    }
}
