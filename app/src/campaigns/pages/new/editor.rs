//! One message being written (subject and body with its live checks and FORM-1 writing
//! advice), and the panel of variables it may hold.

use crate::campaigns::pages::int_fr;
use crate::ui::{
    Badge, BadgeTone, Button, ButtonSize, ButtonVariant, ControlledField, Icon, IconName, debounced, textarea_classes,
};
use leptos::html;
use leptos::prelude::*;
use prospecta_shared::AppError;
use prospecta_shared::campaigns::{BODY_MAX, SUBJECT_MAX, VariantDraft};
use prospecta_shared::error::ValidationCode;
use prospecta_shared::outreach::{Advice, Severity, TemplateVars, VARIABLES, advise, check_template, render};
use std::time::Duration;

/// One message being written: its subject, its body and the body's text area (to insert
/// variables where the cursor is).
#[derive(Clone, Copy)]
pub(super) struct Editor {
    /// "Message A", "Relance"…
    pub title: &'static str,
    /// The id prefix of its inputs: "message-a" → "message-a-objet", "message-a-corps".
    pub key: &'static str,
    /// The field name errors use.
    pub field: &'static str,
    pub subject: RwSignal<String>,
    pub body: RwSignal<String>,
    pub node: NodeRef<html::Textarea>,
    /// The text area has had the focus: its cursor position means something.
    pub touched: RwSignal<bool>,
}

impl Editor {
    pub(super) fn new(title: &'static str, key: &'static str, field: &'static str, subject: &str, body: &str) -> Self {
        Editor {
            title,
            key,
            field,
            subject: RwSignal::new(subject.to_string()),
            body: RwSignal::new(body.to_string()),
            node: NodeRef::new(),
            touched: RwSignal::new(false),
        }
    }

    pub(super) fn draft(&self) -> VariantDraft {
        VariantDraft {
            subject: self.subject.get_untracked().trim().to_string(),
            body: self.body.get_untracked().trim().to_string(),
        }
    }
}

/// The byte offset of a UTF-16 position (what the browser's selection counts in).
fn byte_offset(text: &str, utf16: u32) -> usize {
    let mut seen = 0_u32;
    for (i, ch) in text.char_indices() {
        if seen >= utf16 {
            return i;
        }
        seen += ch.len_utf16() as u32;
    }
    text.len()
}

/// Puts `{{name}}` where the cursor is in the editor's text area (replacing the selection), or
/// at the end when the text area has never been focused, then gives the focus back.
fn insert_variable(editor: Editor, name: &str) {
    let token = format!("{{{{{name}}}}}");
    let text = editor.body.get_untracked();
    let length = text.encode_utf16().count() as u32;
    let element = editor.node.get_untracked();
    let (start, end) = element
        .as_ref()
        .filter(|_| editor.touched.get_untracked())
        .map(|el| (el.selection_start().ok().flatten(), el.selection_end().ok().flatten()))
        .unwrap_or((None, None));
    let start = start.unwrap_or(length).min(length);
    let end = end.unwrap_or(start).clamp(start, length);
    let updated = format!("{}{token}{}", &text[..byte_offset(&text, start)], &text[byte_offset(&text, end)..]);
    editor.body.set(updated.clone());
    if let Some(el) = element {
        let caret = start + token.encode_utf16().count() as u32;
        el.set_value(&updated);
        let _ = el.focus();
        let _ = el.set_selection_range(caret, caret);
    }
}

/// What is wrong with a message body right now (shown as the client types).
fn body_problem(field: &str, body: &str) -> Option<String> {
    match check_template(body) {
        Err(e) => Some(e.to_string()),
        Ok(()) if body.chars().count() > BODY_MAX => {
            Some(AppError::validation(field, ValidationCode::TooLong { max: BODY_MAX as u32 }).message_fr())
        }
        Ok(()) => None,
    }
}

/// What is wrong with a subject right now (it may stay empty).
pub(super) fn subject_problem(subject: &str) -> Option<String> {
    if subject.trim().is_empty() {
        return None;
    }
    if subject.chars().count() > SUBJECT_MAX {
        return Some(AppError::validation("subject", ValidationCode::TooLong { max: SUBJECT_MAX as u32 }).message_fr());
    }
    check_template(subject).err().map(|e| e.to_string())
}

/// One message: subject, body with its live check (FORM-1 advice under it).
#[component]
pub(super) fn MessageEditor(
    editor: Editor,
    index: usize,
    active: RwSignal<usize>,
    server_error: Signal<Option<String>>,
    /// A real prospect's values to preview the message with (`None`: nothing unlocked yet).
    #[prop(into)]
    preview: Signal<Option<TemplateVars>>,
    #[prop(optional, into)] on_remove: Option<Callback<()>>,
) -> impl IntoView {
    let Editor { title, key, field, subject, body, node, touched } = editor;
    let body_id = format!("{key}-corps");
    let count_id = format!("{key}-compte");
    let error_id = format!("{key}-erreur");
    let advice_id = format!("{key}-conseils");
    let subject_error = Signal::derive(move || subject.with(|s| subject_problem(s)));
    let live_error = Memo::new(move |_| body.with(|b| body_problem(field, b)));
    // What the client is typing wins over an older answer of the server.
    let error = Signal::derive(move || live_error.get().or_else(|| server_error.get()));
    let settled: Signal<String> = debounced(body.into(), Duration::from_millis(400));
    let advice = Memo::new(move |_| advise(&settled.get()));
    let length = move || body.with(|b| b.chars().count());
    let described = {
        let (count_id, error_id, advice_id) = (count_id.clone(), error_id.clone(), advice_id.clone());
        move || {
            let mut ids = vec![count_id.clone()];
            if error.get().is_some() {
                ids.push(error_id.clone());
            }
            if !advice.with(Vec::is_empty) {
                ids.push(advice_id.clone());
            }
            ids.join(" ")
        }
    };
    let is_active = move || active.get() == index;
    view! {
        <div class="space-y-4" role="group" aria-labelledby=format!("{key}-titre")>
            <div class="flex flex-wrap items-center justify-between gap-2">
                <h3 id=format!("{key}-titre") class="flex items-center gap-2 text-sm font-semibold text-ink-900">
                    {title}
                    <Show when=is_active>
                        <Badge tone=BadgeTone::Brand>"Variables insérées ici"</Badge>
                    </Show>
                </h3>
                {on_remove.map(|remove| view! {
                    <Button size=ButtonSize::Small variant=ButtonVariant::Ghost on_click=move |_| remove.run(()) aria_label="Retirer la variante C">
                        <Icon name=IconName::Close class="size-4"/>"Retirer"
                    </Button>
                })}
            </div>
            <ControlledField
                label="Objet"
                id=format!("{key}-objet")
                value=subject
                hint="Facultatif : utilisé quand le formulaire demande un objet."
                error=subject_error
                maxlength=SUBJECT_MAX
            />
            <div>
                <div class="flex flex-wrap items-baseline justify-between gap-x-3">
                    <label for=body_id.clone() class="block text-sm font-medium text-ink-800">
                        "Message"<span class="text-danger-600" aria-hidden="true">" *"</span>
                    </label>
                    <span
                        id=count_id
                        class=move || {
                            if length() > BODY_MAX { "text-xs tabular-nums text-danger-700" } else { "text-xs tabular-nums text-ink-500" }
                        }
                    >
                        {move || format!("{} / {} caractères", int_fr(length() as u64), int_fr(BODY_MAX as u64))}
                    </span>
                </div>
                <textarea
                    id=body_id.clone()
                    name=body_id
                    node_ref=node
                    rows="10"
                    required=true
                    aria-invalid=move || error.get().is_some().then_some("true")
                    aria-describedby=described
                    class=move || textarea_classes(error.get().is_some())
                    prop:value=move || body.get()
                    on:input=move |ev| body.set(event_target_value(&ev))
                    on:focus=move |_| {
                        active.set(index);
                        touched.set(true);
                    }
                >
                    {body.get_untracked()}
                </textarea>
                <Show when=move || error.get().is_some()>
                    <p id=error_id.clone() class="mt-1.5 flex items-start gap-1.5 text-sm text-danger-700">
                        <Icon name=IconName::Alert class="mt-0.5 size-4 shrink-0"/>{move || error.get()}
                    </p>
                </Show>
                <AdviceList id=advice_id advice has_error=Signal::derive(move || error.get().is_some())/>
            </div>
            <Preview subject body preview/>
        </div>
    }
}

/// The message as the first unlocked prospect of the chosen database will read it.
#[component]
fn Preview(subject: RwSignal<String>, body: RwSignal<String>, preview: Signal<Option<TemplateVars>>) -> impl IntoView {
    view! {
        <div class="rounded-lg ring-1 ring-inset ring-ink-200" data-testid="apercu">
            {move || match preview.get() {
                None => view! {
                    <p class="px-3 py-2 text-xs text-ink-500">
                        "Aperçu : choisissez une base où au moins une entreprise est débloquée pour lire ce message tel que votre prospect le recevra."
                    </p>
                }.into_any(),
                Some(vars) => {
                    let whom = if vars.ville.is_empty() { vars.societe.clone() } else { format!("{} ({})", vars.societe, vars.ville) };
                    let subject = subject.with(|s| render(s, &vars));
                    let text = body.with(|b| render(b, &vars));
                    view! {
                        <p class="border-b border-ink-100 px-3 py-2 text-xs font-medium text-ink-600">{format!("Aperçu pour {whom}")}</p>
                        <div class="px-3 py-2 text-sm text-ink-800">
                            {(!subject.is_empty()).then(|| view! { <p class="font-semibold">{subject}</p> })}
                            <p class="mt-1 whitespace-pre-line break-words">{text}</p>
                        </div>
                    }.into_any()
                }
            }}
        </div>
    }
}

/// The writing tips of FORM-1 for the text as it stands.
#[component]
fn AdviceList(id: String, advice: Memo<Vec<Advice>>, has_error: Signal<bool>) -> impl IntoView {
    view! {
        <Show
            when=move || !advice.with(Vec::is_empty)
            fallback=move || view! {
                <Show when=move || !has_error.get()>
                    <p class="mt-2 flex items-center gap-1.5 text-xs text-success-700">
                        <Icon name=IconName::CheckCircle class="size-4 shrink-0"/>"Rien à redire sur ce message."
                    </p>
                </Show>
            }
        >
            <div id=id.clone() class="mt-2 rounded-lg bg-ink-50 px-3 py-2">
                <p class="text-xs font-semibold text-ink-700">"Conseils de rédaction"</p>
                <ul class="mt-1 space-y-1">
                    {move || advice.get().into_iter().map(|a| {
                        let (icon, colour) = match a.severity {
                            Severity::Warning => (IconName::Alert, "text-warning-800"),
                            _ => (IconName::Info, "text-ink-600"),
                        };
                        view! {
                            <li class=format!("flex items-start gap-1.5 text-xs {colour}")>
                                <Icon name=icon class="mt-px size-3.5 shrink-0"/>
                                <div>
                                    <span>{a.message}</span>
                                    <details class="mt-0.5">
                                        <summary class="cursor-pointer font-medium text-brand-700">"Pourquoi ?"</summary>
                                        <p class="mt-1 text-ink-600">{a.kind.explanation_fr()}</p>
                                    </details>
                                </div>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </div>
        </Show>
    }
}

/// The variables a message may hold; a click inserts one where the cursor is in the last message
/// edited.
#[component]
pub(super) fn VariablesPanel(editors: [Editor; 4], active: RwSignal<usize>, has_c: RwSignal<bool>) -> impl IntoView {
    let target = move || {
        let i = active.get();
        // Message C removed: back to A.
        if i == 2 && !has_c.get() { editors[0] } else { editors[i.min(3)] }
    };
    view! {
        <aside class="rounded-xl bg-ink-50 p-4 ring-1 ring-inset ring-ink-200 lg:sticky lg:top-6" aria-labelledby="variables-titre">
            <h3 id="variables-titre" class="text-sm font-semibold text-ink-900">"Variables"</h3>
            <p class="mt-1 text-xs text-ink-600">
                "Remplacées pour chaque entreprise au moment de l'envoi. Cliquez pour insérer dans : "
                <strong class="text-ink-900">{move || target().title}</strong>
            </p>
            <ul class="mt-3 space-y-2">
                {VARIABLES.iter().map(|(name, description)| {
                    let token = format!("{{{{{name}}}}}");
                    let label = format!("Insérer {token} ({description})");
                    view! {
                        <li class="flex flex-wrap items-baseline gap-x-2 gap-y-0.5">
                            <button
                                type="button"
                                class="rounded-md bg-white px-2 py-1 font-mono text-xs text-brand-800 ring-1 ring-inset ring-brand-200 hover:bg-brand-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
                                aria-label=label
                                // Keep the cursor in the text area on a mouse click.
                                on:mousedown=|ev| ev.prevent_default()
                                on:click=move |_| insert_variable(target(), name)
                            >
                                {token}
                            </button>
                            <span class="text-xs text-ink-500">{*description}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <p class="mt-4 border-t border-ink-200 pt-3 text-xs text-ink-600">
                "Un bon premier message est court, personnalisé avec le nom de l'entreprise, et se termine par une seule question simple."
            </p>
        </aside>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selection_offsets_count_utf16_units() {
        let text = "Été 😀 ok";
        assert_eq!(byte_offset(text, 0), 0);
        assert_eq!(byte_offset(text, 1), "É".len());
        // The emoji is two UTF-16 units.
        assert_eq!(byte_offset(text, 6), "Été 😀".len());
        assert_eq!(byte_offset(text, 99), text.len());
    }

    #[test]
    fn live_problems_are_caught_as_the_client_types() {
        assert!(body_problem("variant_a", "Bonjour {{societe}}, un échange ?").is_none());
        assert!(body_problem("variant_a", "   ").is_some());
        assert!(body_problem("variant_a", "Bonjour {{societe").is_some());
        assert!(body_problem("variant_a", &"a".repeat(BODY_MAX + 1)).is_some());
        assert!(subject_problem("").is_none());
        assert!(subject_problem("Pour {{inconnue}}").is_some());
    }
}
