use super::Badge;
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use leptos::web_sys::HtmlElement;

/// One suggestion of a [`Combobox`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ComboOption {
    /// What the page needs back (a code); not shown.
    pub value: String,
    /// The option's name, written into the input when picked.
    pub label: String,
    /// A second line (code, region, postcodes…).
    pub detail: Option<String>,
    /// A short tag on the right ("Commune", "Code NAF").
    pub badge: Option<String>,
}

/// A text input with a list of suggestions, following the ARIA 1.2 combobox pattern: the input
/// keeps the focus, arrows move through the options (`aria-activedescendant`), Enter picks,
/// Escape closes (then clears). The page owns the text and the options, so it decides how to
/// search (debounce, server call) and whether free text is acceptable.
#[component]
pub fn Combobox(
    #[prop(into)] label: String,
    /// The input's id (unique on the page).
    #[prop(into)]
    id: String,
    /// What the input shows; typing writes here, picking writes the option's label here.
    text: RwSignal<String>,
    #[prop(into)] options: Signal<Vec<ComboOption>>,
    on_select: Callback<ComboOption>,
    /// True while the options do not match the text yet.
    #[prop(optional, into)]
    loading: Signal<bool>,
    #[prop(optional, into)] placeholder: Option<String>,
    #[prop(optional, into)] hint: Option<String>,
    /// Shown when the search found nothing; without it, the list just stays closed.
    #[prop(optional, into)]
    empty_text: Option<String>,
    #[prop(optional, into)] error: Signal<Option<String>>,
    #[prop(optional)] required: bool,
    /// The list's accessible name ("Suggestions de lieux"). Keep it distinct from `label`, so
    /// that the label designates the input alone.
    #[prop(optional, into)]
    list_label: Option<String>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let active = RwSignal::new(None::<usize>);
    let listbox = NodeRef::<leptos::html::Ul>::new();
    let listbox_id = format!("{id}-liste");
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let has_empty_text = empty_text.is_some();
    let typed = move || !text.with(|t| t.trim().is_empty());
    let expanded = Signal::derive(move || {
        open.get() && (options.with(|o| !o.is_empty()) || (typed() && (loading.get() || has_empty_text)))
    });
    // A new list of options: nothing is highlighted any more.
    Effect::new(move |_| {
        options.track();
        active.set(None);
    });
    keep_active_visible(active, listbox, id.clone());
    let choose = move |i: usize| {
        if let Some(opt) = options.with_untracked(|o| o.get(i).cloned()) {
            text.set(opt.label.clone());
            open.set(false);
            active.set(None);
            on_select.run(opt);
        }
    };
    let on_keydown =
        move |ev: leptos::ev::KeyboardEvent| on_key(&ev, KeyTargets { options, open, active, expanded, text, choose });
    let described = {
        let (hint_id, error_id, has_hint) = (hint_id.clone(), error_id.clone(), hint.is_some());
        move || {
            let ids: Vec<String> = has_hint
                .then(|| hint_id.clone())
                .into_iter()
                .chain(error.get().is_some().then(|| error_id.clone()))
                .collect();
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let activedescendant = {
        let id = id.clone();
        move || active.get().filter(|_| expanded.get()).map(|i| option_id(&id, i))
    };
    let status = move || status_line(expanded.get(), options.with(Vec::len), loading.get());
    view! {
        <div class="relative">
            <label for=id.clone() class="block text-sm font-medium text-ink-800">
                {label}
                {required.then(|| view! { <span class="text-danger-600" aria-hidden="true">" *"</span> })}
            </label>
            <div class="relative mt-1.5">
                <input
                    id=id.clone()
                    type="text"
                    role="combobox"
                    autocomplete="off"
                    spellcheck="false"
                    aria-autocomplete="list"
                    aria-controls=listbox_id.clone()
                    aria-expanded=move || expanded.get().to_string()
                    aria-activedescendant=activedescendant
                    aria-invalid=move || error.get().is_some().then_some("true")
                    aria-describedby=described
                    required=required
                    placeholder=placeholder
                    value=text.get_untracked()
                    prop:value=move || text.get()
                    on:input=move |ev| {
                        text.set(event_target_value(&ev));
                        open.set(true);
                    }
                    on:click=move |_| open.update(|o| *o = !*o)
                    on:keydown=on_keydown
                    on:blur=move |_| open.set(false)
                    class=move || format!(
                        "block w-full rounded-lg border-0 bg-white py-2.5 pl-3.5 pr-10 text-ink-900 shadow-sm ring-1 ring-inset \
                         placeholder:text-ink-400 focus:ring-2 focus:ring-inset focus:ring-brand-600 sm:text-sm {}",
                        if error.get().is_some() { "ring-danger-500" } else { "ring-ink-300" }
                    )
                />
                <span class="pointer-events-none absolute inset-y-0 right-3 flex items-center text-ink-400" aria-hidden="true">
                    <Show
                        when=move || loading.get() && typed()
                        fallback=|| view! { <super::Icon name=super::IconName::ChevronDown class="size-4"/> }
                    >
                        <span class="size-4 animate-spin rounded-full border-2 border-current border-r-transparent"></span>
                    </Show>
                </span>
            </div>
            <SuggestionList
                listbox
                listbox_id
                list_label=list_label.unwrap_or_else(|| "Suggestions".into())
                id=id.clone()
                options
                loading
                empty_text
                expanded
                active
                choose=Callback::new(choose)
            />
            <p class="sr-only" role="status" aria-live="polite">{status}</p>
            {hint.map(|h| view! { <p id=hint_id class="mt-1.5 text-xs text-ink-500">{h}</p> })}
            <Show when=move || error.get().is_some()>
                <p id=error_id.clone() class="mt-1.5 text-sm text-danger-700">{move || error.get()}</p>
            </Show>
        </div>
    }
}

/// The id of the `i`-th option of the combobox `id`.
fn option_id(id: &str, i: usize) -> String {
    format!("{id}-option-{i}")
}

/// Keeps the highlighted option visible inside the scrolling list.
fn keep_active_visible(active: RwSignal<Option<usize>>, listbox: NodeRef<leptos::html::Ul>, id: String) {
    Effect::new(move |_| {
        let (Some(i), Some(list)) = (active.get(), listbox.get()) else { return };
        let Some(item) =
            document().get_element_by_id(&option_id(&id, i)).and_then(|e| e.dyn_into::<HtmlElement>().ok())
        else {
            return;
        };
        let (top, bottom) = (item.offset_top(), item.offset_top() + item.offset_height());
        if top < list.scroll_top() {
            list.set_scroll_top(top);
        } else if bottom > list.scroll_top() + list.client_height() {
            list.set_scroll_top(bottom - list.client_height());
        }
    });
}

/// What the keyboard acts on.
struct KeyTargets<F> {
    options: Signal<Vec<ComboOption>>,
    open: RwSignal<bool>,
    active: RwSignal<Option<usize>>,
    expanded: Signal<bool>,
    text: RwSignal<String>,
    choose: F,
}

/// Arrows move through the options, Enter picks, Escape closes (then clears), Tab leaves.
fn on_key(ev: &leptos::ev::KeyboardEvent, targets: KeyTargets<impl Fn(usize)>) {
    let KeyTargets { options, open, active, expanded, text, choose } = targets;
    let n = options.with_untracked(Vec::len);
    match ev.key().as_str() {
        "ArrowDown" => {
            ev.prevent_default();
            open.set(true);
            if n > 0 {
                active.update(|a| *a = Some(a.map_or(0, |i| (i + 1) % n)));
            }
        }
        "ArrowUp" => {
            ev.prevent_default();
            open.set(true);
            if n > 0 {
                active.update(|a| *a = Some(a.map_or(n - 1, |i| (i + n - 1) % n)));
            }
        }
        "Enter" => {
            if let (true, Some(i)) = (expanded.get_untracked(), active.get_untracked()) {
                ev.prevent_default();
                choose(i);
            }
        }
        "Escape" => {
            if expanded.get_untracked() {
                ev.prevent_default();
                ev.stop_propagation();
                open.set(false);
                active.set(None);
            } else if !text.with_untracked(String::is_empty) {
                ev.prevent_default();
                text.set(String::new());
            }
        }
        "Tab" => open.set(false),
        _ => {}
    }
}

/// What a screen reader hears about the list.
fn status_line(expanded: bool, count: usize, loading: bool) -> String {
    if !expanded {
        return String::new();
    }
    match count {
        0 if loading => "Recherche…".to_string(),
        0 => String::new(),
        1 => "1 suggestion. Flèches haut et bas pour parcourir, Entrée pour choisir.".to_string(),
        n => format!("{n} suggestions. Flèches haut et bas pour parcourir, Entrée pour choisir."),
    }
}

/// The list of suggestions under the input.
#[component]
fn SuggestionList(
    listbox: NodeRef<leptos::html::Ul>,
    listbox_id: String,
    list_label: String,
    /// The combobox's id, for the options' ids.
    id: String,
    options: Signal<Vec<ComboOption>>,
    loading: Signal<bool>,
    empty_text: Option<String>,
    expanded: Signal<bool>,
    active: RwSignal<Option<usize>>,
    choose: Callback<usize>,
) -> impl IntoView {
    view! {
        <ul
            node_ref=listbox
            id=listbox_id
            role="listbox"
            aria-label=list_label
            class=move || format!(
                "absolute z-30 mt-1 max-h-80 w-full overflow-y-auto rounded-lg bg-white py-1 text-sm shadow-lg ring-1 ring-ink-200 {}",
                if expanded.get() { "" } else { "hidden" }
            )
            // Clicking an option must not blur the input first (which would close the list).
            on:mousedown=|ev| ev.prevent_default()
        >
            {move || {
                let list = options.get();
                if list.is_empty() {
                    let message = if loading.get() { Some("Recherche…".to_string()) } else { empty_text.clone() };
                    return message
                        .map(|m| view! { <li class="px-3.5 py-2.5 text-ink-500" role="presentation">{m}</li> })
                        .into_iter()
                        .collect_view()
                        .into_any();
                }
                list.into_iter().enumerate().map(|(i, opt)| {
                    let oid = option_id(&id, i);
                    let detail_id = format!("{oid}-detail");
                    let described = opt.detail.is_some().then(|| detail_id.clone());
                    let is_active = move || active.get() == Some(i);
                    view! {
                        <li
                            id=oid
                            role="option"
                            aria-selected=move || is_active().to_string()
                            aria-label=opt.label.clone()
                            aria-describedby=described
                            class=move || format!(
                                "cursor-pointer px-3.5 py-2 {}",
                                if is_active() { "bg-brand-50 text-brand-900" } else { "text-ink-900 hover:bg-ink-50" }
                            )
                            on:mousemove=move |_| if active.get_untracked() != Some(i) { active.set(Some(i)) }
                            on:click=move |_| choose.run(i)
                        >
                            <span class="flex items-center justify-between gap-3">
                                <span class="font-medium">{opt.label.clone()}</span>
                                {opt.badge.clone().map(|b| view! { <Badge>{b}</Badge> })}
                            </span>
                            {opt.detail.clone().map(|d| view! { <span id=detail_id class="mt-0.5 block text-xs text-ink-500">{d}</span> })}
                        </li>
                    }
                }).collect_view().into_any()
            }}
        </ul>
    }
}
