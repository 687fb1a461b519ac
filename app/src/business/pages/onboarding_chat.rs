//! The wizard's chat (`/app/demarrage?etape=discussion`): the onboarding agent asks one question
//! at a time; beside it, the profile fills in as the answers are read, each field correctable in
//! place (read by the form's rules). A message the agent could not answer stays in the composer.

use super::choices::{ARGUMENT_FIELDS, ObjectionFields, ObjectiveFields, model_options, tone_options};
use crate::business::api::{CorrectAnswer, CorrectObjections, CorrectObjective, chat_reply, load_onboarding_chat};
use crate::business::offers_changed;
use crate::ui::{
    ActionToast, Alert, AlertTone, Badge, BadgeTone, Button, ButtonLink, ButtonSize, ButtonVariant, Card, Field,
    FormAlert, FormErrors, Icon, IconName, ProgressBar, SelectField, SkeletonRows, TextArea, after_hydration,
    textarea_classes,
};
use leptos::prelude::*;
use prospecta_shared::AppError;
use prospecta_shared::business::chat::{CHAT_MESSAGE_MAX, ChatAuthor, ChatMessage, OnboardingChat};
use prospecta_shared::business::{ANSWER_KEYS, ANSWER_MAX, LINE_MAX, Onboarding, OnboardingStep, ProfileField};

/// Where the client goes on: the form (`form_href`) or the profile (`summary_href`).
#[derive(Clone)]
pub struct ChatLinks {
    pub form_href: String,
    pub summary_href: String,
}

#[component]
pub fn ChatScreen(state: RwSignal<Onboarding>, links: ChatLinks) -> impl IntoView {
    // Loaded once the page is live: the opening question follows the answers the form may have
    // saved a moment ago.
    let chat = after_hydration(|| (), |()| load_onboarding_chat());
    move || match chat.get() {
        None => view! { <Card><SkeletonRows rows=6/></Card> }.into_any(),
        Some(Err(error)) => view! { <Alert tone=AlertTone::Error>{error.message_fr()}</Alert> }.into_any(),
        Some(Ok(initial)) => view! { <ChatLayout initial state links=links.clone()/> }.into_any(),
    }
}

#[component]
fn ChatLayout(initial: OnboardingChat, state: RwSignal<Onboarding>, links: ChatLinks) -> impl IntoView {
    // `state` already holds the profile the wizard loaded: it changes with each reply, never
    // while rendering (a change during hydration would redraw what is being hydrated).
    let messages = RwSignal::new(initial.messages);
    let finished = RwSignal::new(initial.finished);
    let recent = RwSignal::new(Vec::<ProfileField>::new());
    let draft = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<AppError>);
    let send = Action::new(|text: &String| chat_reply(text.clone()));
    ActionToast::new(&send)
        .then(move |chat: OnboardingChat| {
            let filled = chat.messages.last().map(|m| m.filled.clone()).unwrap_or_default();
            // The first offer is named after what is sold: the switcher shows the new name.
            if filled.contains(&ProfileField::Offering) {
                offers_changed();
            }
            recent.set(filled);
            messages.set(chat.messages);
            finished.set(chat.finished);
            state.set(chat.onboarding);
            draft.set(String::new());
            failure.set(None);
        })
        .errors_to(move |e| failure.set(Some(e)))
        .install();
    let available = initial.available;
    let (form_href, summary_href) = (StoredValue::new(links.form_href), StoredValue::new(links.summary_href));
    view! {
        <div class="grid gap-6 lg:grid-cols-5 lg:items-start">
            <section aria-label="Discussion avec l'assistant" class="flex flex-col rounded-xl bg-white shadow-sm ring-1 ring-ink-200 lg:col-span-3">
                <header class="flex items-center gap-3 border-b border-ink-100 px-4 py-3 sm:px-5">
                    <span class="grid size-9 place-items-center rounded-full bg-brand-50 text-brand-700"><Icon name=IconName::Sparkles class="size-5"/></span>
                    <div>
                        <h2 class="text-sm font-semibold text-ink-900">"Assistant de démarrage"</h2>
                        <p class="text-xs text-ink-500">"Une question à la fois. Vos réponses remplissent votre profil."</p>
                    </div>
                </header>
                <Conversation messages pending=send.pending().into() sending=draft.into()/>
                <div class="space-y-3 px-4 sm:px-5">
                    {(!available).then(|| view! {
                        <Alert tone=AlertTone::Warning>"L'assistant n'est pas disponible sur ce serveur (aucun modèle de langage n'y est configuré). Répondez avec le formulaire : il remplit le même profil."</Alert>
                    })}
                    <Show when=move || failure.with(Option::is_some)>
                        <Alert tone=AlertTone::Error>
                            <p>{move || failure.get().map(|e| e.message_fr())}</p>
                            <p class="mt-1">"Vos réponses précédentes sont enregistrées, et votre message est resté ci-dessous. "
                                <a href=move || form_href.get_value() class="font-medium underline hover:no-underline">"Continuer avec le formulaire"</a>
                            </p>
                        </Alert>
                    </Show>
                    <Show when=move || finished.get()>
                        <div class="flex flex-col gap-3 rounded-lg bg-success-50 p-3 text-sm text-success-800 ring-1 ring-inset ring-success-200 sm:flex-row sm:items-center sm:justify-between">
                            <p class="flex items-center gap-2"><Icon name=IconName::CheckCircle class="size-4 shrink-0"/>"Votre profil est prêt. Relisez-le, corrigez ce qui doit l'être."</p>
                            <ButtonLink href=summary_href.get_value() size=ButtonSize::Small>"Voir le récapitulatif"</ButtonLink>
                        </div>
                    </Show>
                </div>
                <Composer draft send failure available/>
            </section>
            <AnswersPanel state recent/>
        </div>
    }
}

#[component]
fn Conversation(messages: RwSignal<Vec<ChatMessage>>, pending: Signal<bool>, sending: Signal<String>) -> impl IntoView {
    let log = NodeRef::<leptos::html::Ol>::new();
    // The newest message in view: after each answer, and while one is being written.
    Effect::new(move |_| {
        messages.track();
        pending.track();
        if let Some(list) = log.get() {
            list.set_scroll_top(list.scroll_height());
        }
    });
    view! {
        <ol node_ref=log role="log" aria-live="polite" aria-label="Messages"
            class="max-h-[26rem] min-h-[12rem] space-y-4 overflow-y-auto px-4 py-5 sm:px-5 lg:max-h-[34rem]">
            <For each=move || messages.get().into_iter().enumerate() key=|(i, m)| (*i, m.text.len()) let:((_, message))>
                <Bubble message/>
            </For>
            <Show when=move || pending.get()>
                <Bubble message=ChatMessage { author: ChatAuthor::Client, text: sending.get_untracked(), filled: Vec::new() }/>
                <li class="flex items-center gap-2 text-sm text-ink-500" aria-label="L'assistant écrit">
                    <span class="flex gap-1" aria-hidden="true">
                        <span class="size-2 animate-bounce rounded-full bg-ink-300"></span>
                        <span class="size-2 animate-bounce rounded-full bg-ink-300 [animation-delay:150ms]"></span>
                        <span class="size-2 animate-bounce rounded-full bg-ink-300 [animation-delay:300ms]"></span>
                    </span>
                    "L'assistant lit votre réponse…"
                </li>
            </Show>
        </ol>
    }
}

#[component]
fn Bubble(message: ChatMessage) -> impl IntoView {
    let agent = message.author == ChatAuthor::Agent;
    let filled: Vec<&'static str> = message.filled.iter().map(|f| f.label_fr()).collect();
    view! {
        <li class=if agent { "flex max-w-[92%] flex-col items-start gap-1.5" } else { "ml-auto flex max-w-[92%] flex-col items-end" }
            data-author=message.author.as_str()>
            <span class="sr-only">{if agent { "L'assistant : " } else { "Vous : " }}</span>
            <p class=if agent {
                "whitespace-pre-line rounded-2xl rounded-tl-sm bg-ink-50 px-4 py-2.5 text-sm text-ink-900 ring-1 ring-inset ring-ink-100"
            } else {
                "whitespace-pre-line rounded-2xl rounded-tr-sm bg-brand-600 px-4 py-2.5 text-sm text-white"
            }>{message.text}</p>
            {(!filled.is_empty()).then(|| view! {
                <p class="flex flex-wrap items-center gap-1.5 text-xs text-ink-500">
                    <Icon name=IconName::Check class="size-3.5 text-success-600"/>"Rempli : "
                    {filled.into_iter().map(|label| view! { <Badge tone=BadgeTone::Success>{label}</Badge> }).collect_view()}
                </p>
            })}
        </li>
    }
}

#[component]
fn Composer(
    draft: RwSignal<String>,
    send: Action<String, Result<OnboardingChat, AppError>>,
    failure: RwSignal<Option<AppError>>,
    available: bool,
) -> impl IntoView {
    let submit = move || {
        let text = draft.get_untracked();
        if text.trim().is_empty() || send.pending().get_untracked() {
            return;
        }
        failure.set(None);
        send.dispatch(text);
    };
    let invalid = move || failure.with(|f| f.as_ref().and_then(AppError::field) == Some("message"));
    view! {
        <form class="mt-3 border-t border-ink-100 p-3 sm:p-4" on:submit=move |ev| { ev.prevent_default(); submit(); }>
            <label for="chat-message" class="sr-only">"Votre réponse à l'assistant"</label>
            <div class="flex items-end gap-2">
                <textarea id="chat-message" name="message" rows="2" maxlength=CHAT_MESSAGE_MAX.to_string()
                    placeholder="Votre réponse…" disabled=!available
                    aria-invalid=move || invalid().then_some("true")
                    class=move || format!("{} mt-0 resize-none", textarea_classes(invalid()))
                    prop:value=move || draft.get()
                    on:input=move |ev| draft.set(event_target_value(&ev))
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                        // Enter sends; Shift+Enter goes to the line.
                        if ev.key() == "Enter" && !ev.shift_key() {
                            ev.prevent_default();
                            submit();
                        }
                    }
                ></textarea>
                <Button button_type="submit" loading=send.pending() disabled=!available aria_label="Envoyer">
                    <Icon name=IconName::ArrowRight class="size-4"/><span class="hidden sm:inline">"Envoyer"</span>
                </Button>
            </div>
            <p class="mt-1.5 hidden text-xs text-ink-500 sm:block">"Entrée pour envoyer · Maj + Entrée pour aller à la ligne"</p>
        </form>
    }
}

/// The questionnaire's steps, in the panel's order.
const GROUPS: [OnboardingStep; 4] =
    [OnboardingStep::Activity, OnboardingStep::Arguments, OnboardingStep::Style, OnboardingStep::Objective];

#[component]
fn AnswersPanel(state: RwSignal<Onboarding>, recent: RwSignal<Vec<ProfileField>>) -> impl IntoView {
    let editing = RwSignal::new(None::<ProfileField>);
    let given = move || state.with(|s| ProfileField::ALL.iter().filter(|f| s.profile.is_set(**f)).count());
    let total = ProfileField::ALL.len();
    let percent = Signal::derive(move || (given() * 100 / total) as u8);
    let detail = Signal::derive(move || format!("{} réponse(s) sur {total}", given()));
    view! {
        <aside aria-label="Votre profil" data-testid="chat-profile"
            class="rounded-xl bg-white p-4 shadow-sm ring-1 ring-ink-200 sm:p-5 lg:sticky lg:top-6 lg:col-span-2">
            <h2 class="text-base font-semibold text-ink-900">"Ce que l'assistant a compris"</h2>
            <p class="mt-1 text-sm text-ink-600">"Votre profil se remplit au fil de la discussion. Corrigez un champ à tout moment."</p>
            <div class="mt-4"><ProgressBar label="Profil rempli" percent detail/></div>
            {GROUPS.into_iter().map(|step| view! {
                <h3 class="mt-5 text-xs font-semibold uppercase tracking-wide text-ink-500">{step.label_fr()}</h3>
                <dl class="divide-y divide-ink-100">
                    {ProfileField::of_step(step).map(|field| view! { <AnswerRow field state recent editing/> }).collect_view()}
                </dl>
            }).collect_view()}
        </aside>
    }
}

#[component]
fn AnswerRow(
    field: ProfileField,
    state: RwSignal<Onboarding>,
    recent: RwSignal<Vec<ProfileField>>,
    editing: RwSignal<Option<ProfileField>>,
) -> impl IntoView {
    let value = move || state.with(|s| s.profile.shown_fr(field));
    let open = move || editing.get() == Some(field);
    view! {
        <div class="py-2.5" data-field=field.as_str()>
            <div class="flex items-center justify-between gap-3">
                <dt class="flex items-center gap-2 text-sm font-medium text-ink-600">
                    {field.label_fr()}
                    <Show when=move || recent.with(|r| r.contains(&field))><Badge tone=BadgeTone::Brand>"Nouveau"</Badge></Show>
                </dt>
                <Show when=move || !open()>
                    <button type="button" class="rounded text-sm font-medium text-brand-700 hover:text-brand-900 focus-visible:outline-2 focus-visible:outline-brand-600"
                        aria-label=move || format!("{} : {}", if value().is_some() { "Corriger" } else { "Compléter" }, field.label_fr())
                        on:click=move |_| editing.set(Some(field))>
                        {move || if value().is_some() { "Corriger" } else { "Compléter" }}
                    </button>
                </Show>
            </div>
            <dd class="mt-0.5 whitespace-pre-line text-sm">
                {move || match value() {
                    Some(v) => view! { <span class="text-ink-900">{v}</span> }.into_any(),
                    None => view! { <span class="italic text-ink-400">"À compléter"</span> }.into_any(),
                }}
            </dd>
            <Show when=open>
                <FieldEditor field state editing/>
            </Show>
        </div>
    }
}

/// What every correction does once saved: the profile updated, the editor closed.
fn on_corrected<I: Send + Sync + 'static>(
    action: &Action<I, Result<Onboarding, AppError>>,
    state: RwSignal<Onboarding>,
    editing: RwSignal<Option<ProfileField>>,
) -> FormErrors {
    ActionToast::new(action)
        .success("Correction enregistrée.")
        .then(move |saved| {
            if editing.get_untracked() == Some(ProfileField::Offering) {
                offers_changed();
            }
            state.set(saved);
            editing.set(None);
        })
        .errors_to(|_| ())
        .install();
    FormErrors::of(action)
}

#[component]
fn EditorActions(pending: Signal<bool>, editing: RwSignal<Option<ProfileField>>) -> impl IntoView {
    view! {
        <div class="flex justify-end gap-2">
            <Button variant=ButtonVariant::Ghost size=ButtonSize::Small on_click=move |_| editing.set(None)>"Annuler"</Button>
            <Button button_type="submit" size=ButtonSize::Small loading=pending>"Enregistrer"</Button>
        </div>
    }
}

#[component]
fn FieldEditor(
    field: ProfileField,
    state: RwSignal<Onboarding>,
    editing: RwSignal<Option<ProfileField>>,
) -> impl IntoView {
    let profile = state.get_untracked().profile;
    let box_classes = "mt-2 space-y-3 rounded-lg bg-ink-50 p-3 ring-1 ring-inset ring-ink-200";
    match field {
        ProfileField::Objective => {
            let save = ServerAction::<CorrectObjective>::new();
            let errors = on_corrected(&save, state, editing);
            view! {
                <ActionForm action=save attr:class=box_classes attr:novalidate="true">
                    <FormAlert message=errors.general(&ANSWER_KEYS)/>
                    <ObjectiveFields selected=profile.objective errors/>
                    <EditorActions pending=save.pending().into() editing/>
                </ActionForm>
            }
            .into_any()
        }
        ProfileField::Objections => {
            let save = ServerAction::<CorrectObjections>::new();
            let errors = on_corrected(&save, state, editing);
            view! {
                <ActionForm action=save attr:class=box_classes attr:novalidate="true">
                    <FormAlert message=errors.general(&ARGUMENT_FIELDS)/>
                    <ObjectionFields objections=profile.objections errors/>
                    <EditorActions pending=save.pending().into() editing/>
                </ActionForm>
            }
            .into_any()
        }
        _ => view! { <AnswerEditor field state editing/> }.into_any(),
    }
}

/// A text, a business model or a tone, corrected.
#[component]
fn AnswerEditor(
    field: ProfileField,
    state: RwSignal<Onboarding>,
    editing: RwSignal<Option<ProfileField>>,
) -> impl IntoView {
    let save = ServerAction::<CorrectAnswer>::new();
    let errors = on_corrected(&save, state, editing);
    let profile = state.get_untracked().profile;
    let label = field.label_fr();
    let error = errors.field(field.as_str());
    let current = profile.shown_fr(field).unwrap_or_default();
    let input = match field {
        ProfileField::BusinessModel => {
            let selected = profile.business_model.map(|m| m.as_str().to_string()).unwrap_or_default();
            view! { <SelectField label name="value" options=model_options() selected error/> }.into_any()
        }
        ProfileField::Tone => {
            let selected = profile.tone.map(|t| t.as_str().to_string()).unwrap_or_default();
            view! { <SelectField label name="value" options=tone_options() selected error/> }.into_any()
        }
        ProfileField::Activity | ProfileField::PriceRange => {
            view! { <Field label name="value" value=current maxlength=LINE_MAX error/> }.into_any()
        }
        _ => view! { <TextArea label name="value" value=current maxlength=ANSWER_MAX rows=3 error/> }.into_any(),
    };
    view! {
        <ActionForm action=save attr:class="mt-2 space-y-3 rounded-lg bg-ink-50 p-3 ring-1 ring-inset ring-ink-200" attr:novalidate="true">
            <FormAlert message=errors.general(&ANSWER_KEYS)/>
            <input type="hidden" name="field" value=field.as_str()/>
            {input}
            <EditorActions pending=save.pending().into() editing/>
        </ActionForm>
    }
}
