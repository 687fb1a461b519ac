//! One conversation, chat-style (AGENT-3): the prospect's messages on the left, ours on the
//! right, each with its tags; the stage, the score and the debrief above.

use super::{ScoreChip, tag_tone};
use crate::conversations::api::{AnswerQuestion, CorrectAgent, DiscardDraft, SendDraft, book_meeting, load_thread};
use crate::ui::{
    ActionToast, Badge, BadgeTone, Button, ButtonSize, ButtonVariant, Card, Failable, FormAlert, FormErrors,
    SkeletonRows, TextArea,
};
use leptos::prelude::*;
use prospecta_shared::AppError;
use prospecta_shared::conversations::{
    AGENT_MESSAGES_MAX, ANSWER_MAX, CORRECTION_MAX, Correction, MessageAuthor, MessageStatus, Thread, ThreadMessage,
};
use prospecta_shared::ids::{ConversationId, MessageId};

/// The conversation named by the address (`?id=`), loaded by the page itself: a resource made
/// inside the inbox's own suspense would be numbered differently by the server and the browser,
/// and the page would fail to hydrate.
#[derive(Clone, Copy)]
pub(super) struct OpenedThread {
    pub id: Memo<Option<ConversationId>>,
    pub thread: Resource<Result<Option<Thread>, AppError>>,
}

impl OpenedThread {
    pub fn new(id: Memo<Option<ConversationId>>) -> Self {
        let thread = Resource::new(
            move || id.get(),
            |id| async move {
                match id {
                    Some(id) => load_thread(id).await.map(Some),
                    None => Ok(None),
                }
            },
        );
        OpenedThread { id, thread }
    }
}

#[component]
pub(super) fn ThreadPanel(opened: OpenedThread) -> impl IntoView {
    let thread = opened.thread;
    let refetch = Callback::new(move |_: ()| thread.refetch());
    view! {
        <Suspense fallback=|| view! { <Card><SkeletonRows rows=5/></Card> }>
            <Failable>
                {move || Suspend::new(async move {
                    thread.await.map(|t| t.map(|t| view! { <ThreadView thread=t on_change=refetch/> }))
                })}
            </Failable>
        </Suspense>
    }
}

fn author_fr(author: MessageAuthor) -> &'static str {
    match author {
        MessageAuthor::Prospect => "Prospect",
        MessageAuthor::Agent => "Agent IA",
        MessageAuthor::Client => "Vous",
        MessageAuthor::Platform => "Prospecta (automatique)",
    }
}

#[component]
fn ThreadView(thread: Thread, on_change: Callback<()>) -> impl IntoView {
    let s = thread.summary;
    let id = s.id;
    view! {
        <section class="rounded-xl bg-white shadow-sm ring-1 ring-ink-200" aria-label="Conversation" data-testid="thread">
            <header class="border-b border-ink-100 px-5 py-4">
                <div class="flex flex-wrap items-center gap-2">
                    <h2 class="text-base font-semibold text-ink-900">{s.prospect_name.clone()}</h2>
                    <Badge tone=BadgeTone::Brand>{s.stage.label_fr()}</Badge>
                    {s.score.map(|score| view! { <ScoreChip score/> })}
                </div>
                <p class="mt-1 break-words text-sm text-ink-500">{format!("{} · {}", s.prospect_address, s.subject)}</p>
            </header>
            {thread.question.map(|question| view! { <QuestionForm id question on_change/> })}
            {thread.debrief.map(|debrief| view! {
                <div class="border-b border-ink-100 bg-emerald-50 px-5 py-4">
                    <h3 class="text-sm font-semibold text-emerald-900">"Compte rendu"</h3>
                    <p class="mt-1 whitespace-pre-line text-sm text-emerald-900">{debrief}</p>
                </div>
            })}
            <ol class="space-y-4 px-5 py-5">
                {thread.messages.into_iter().map(|m| view! { <Bubble message=m on_change/> }).collect_view()}
            </ol>
            <Corrections corrections=thread.corrections/>
            <MeetingPlanner id on_change/>
            <p class="border-t border-ink-100 px-5 py-3 text-xs text-ink-500">
                {format!(
                    "Messages de l'agent envoyés : {} sur {AGENT_MESSAGES_MAX}. Au-delà, la conversation vous revient. {}",
                    thread.agent_messages,
                    thread.reply_sending.status_fr(thread.approvals),
                )}
            </p>
        </section>
    }
}

/// Booking a meeting with the prospect at one of the calendar's free slots (RDV-1).
#[component]
fn MeetingPlanner(id: ConversationId, on_change: Callback<()>) -> impl IntoView {
    let open = RwSignal::new(false);
    let slots = Resource::new(
        move || open.get(),
        |open| async move { if open { crate::meetings::api::load_free_slots().await.map(Some) } else { Ok(None) } },
    );
    let book = Action::new(move |(starts_at, _): &(String, String)| book_meeting(id, starts_at.clone()));
    ActionToast::new(&book)
        .success_with(move |_: &()| {
            let label = book.input().get_untracked().map(|(_, label)| label).unwrap_or_default();
            format!("Rendez-vous réservé : {label}.")
        })
        .then(move |()| {
            open.set(false);
            on_change.run(());
        })
        .install();
    view! {
        <div class="border-t border-ink-100 px-5 py-4" data-testid="meeting-planner">
            <Show when=move || open.get() fallback=move || view! {
                <Button variant=ButtonVariant::Secondary size=ButtonSize::Small on_click=move |_| open.set(true)>"Planifier un rendez-vous"</Button>
            }>
                <h3 class="text-sm font-semibold text-ink-900">"Choisissez un créneau libre de votre agenda"</h3>
                <Suspense fallback=|| view! { <p class="mt-2 text-sm text-ink-500">"Lecture de votre agenda…"</p> }>
                    {move || Suspend::new(async move {
                        match slots.await {
                            Ok(Some(list)) if !list.is_empty() => view! {
                                <ul class="mt-2 flex flex-wrap gap-2">
                                    {list.into_iter().map(|s| {
                                        let (at, label) = (s.starts_at.clone(), s.label.clone());
                                        view! {
                                            <li><Button variant=ButtonVariant::Secondary size=ButtonSize::Small loading=book.pending() on_click=move |_| { book.dispatch((at.clone(), label.clone())); }>{s.label}</Button></li>
                                        }
                                    }).collect_view()}
                                </ul>
                            }.into_any(),
                            Ok(_) => view! {
                                <p class="mt-2 text-sm text-ink-600">
                                    "Aucun créneau libre : "<a class="font-semibold text-brand-700 underline" href="/app/rendez-vous">"connectez votre agenda ou élargissez vos heures de rendez-vous"</a>"."
                                </p>
                            }.into_any(),
                            Err(e) => view! { <p class="mt-2 text-sm text-red-700">{e.message_fr()}</p> }.into_any(),
                        }
                    })}
                </Suspense>
            </Show>
        </div>
    }
}

/// The agent's question (AGENT-6): the client's answer joins the knowledge base.
#[component]
fn QuestionForm(id: ConversationId, question: String, on_change: Callback<()>) -> impl IntoView {
    let answer = ServerAction::<AnswerQuestion>::new();
    let errors = FormErrors::new(answer.value());
    ActionToast::new(&answer)
        .success("Merci : l'agent prépare sa réponse avec votre information.")
        .then(move |_| on_change.run(()))
        .errors_to(|_| ())
        .install();
    view! {
        <div class="border-b border-ink-100 bg-amber-50 px-5 py-4" data-testid="agent-question">
            <h3 class="text-sm font-semibold text-amber-900">"L'agent a besoin de vous avant de répondre"</h3>
            <p class="mt-1 whitespace-pre-line text-sm text-amber-900">{question}</p>
            <ActionForm action=answer attr:class="mt-3 space-y-3" attr:novalidate="true">
                <input type="hidden" name="id" value=id.to_string()/>
                <FormAlert message=errors.general(&["answer"])/>
                <TextArea label="Votre réponse" name="answer" required=true maxlength=ANSWER_MAX rows=3 hint="Elle rejoint la base de connaissances de l'agent : il s'en servira aussi pour les prochains prospects." error=errors.field("answer")/>
                <Button button_type="submit" loading=answer.pending()>"Répondre à l'agent"</Button>
            </ActionForm>
        </div>
    }
}

/// The instructions in force for the offer's agent (AGENT-5).
#[component]
fn Corrections(corrections: Vec<Correction>) -> impl IntoView {
    (!corrections.is_empty()).then(|| view! {
        <div class="border-t border-ink-100 px-5 py-3" data-testid="agent-corrections">
            <h3 class="text-xs font-semibold uppercase tracking-wide text-ink-500">"Vos consignes à l'agent pour cette offre"</h3>
            <ul class="mt-2 space-y-1 text-sm text-ink-700">
                {corrections.into_iter().map(|c| view! {
                    <li><span class="font-semibold">{format!("v{}", c.version)}</span>{format!(" · {} — {}", c.at, c.instruction)}</li>
                }).collect_view()}
            </ul>
        </div>
    })
}

/// A comment on one of the agent's messages, kept as an instruction of the offer.
#[component]
fn CorrectionForm(id: MessageId, on_change: Callback<()>) -> impl IntoView {
    let open = RwSignal::new(false);
    let correct = ServerAction::<CorrectAgent>::new();
    let errors = FormErrors::new(Signal::derive(move || correct.value().get().map(|r| r.map(|_| ()))));
    ActionToast::new(&correct)
        .success_with(|version: &u32| format!("Consigne v{version} enregistrée : l'agent l'appliquera désormais."))
        .then(move |_| {
            open.set(false);
            on_change.run(());
        })
        .errors_to(|_| ())
        .install();
    view! {
        <Show
            when=move || open.get()
            fallback=move || view! {
                <button type="button" class="mt-1 text-xs font-semibold text-brand-700 hover:underline" on:click=move |_| open.set(true)>
                    "Corriger l'agent"
                </button>
            }
        >
            <ActionForm action=correct attr:class="mt-2 w-full max-w-[90%] space-y-2" attr:novalidate="true">
                <input type="hidden" name="message_id" value=id.to_string()/>
                <FormAlert message=errors.general(&["instruction"])/>
                <TextArea label="Votre consigne" name="instruction" required=true maxlength=CORRECTION_MAX rows=2 placeholder="Ex. : trop formel ; nous n'intervenons pas le dimanche" hint="Elle vaut pour toutes les prochaines réponses de l'agent sur cette offre." error=errors.field("instruction")/>
                <div class="flex gap-2">
                    <Button button_type="submit" loading=correct.pending()>"Enregistrer la consigne"</Button>
                    <Button variant=ButtonVariant::Ghost on_click=Callback::new(move |_| open.set(false))>"Annuler"</Button>
                </div>
            </ActionForm>
        </Show>
    }
}

/// The agent's draft, waiting for the client's approval.
#[component]
fn DraftActions(id: MessageId, on_change: Callback<()>) -> impl IntoView {
    let send = ServerAction::<SendDraft>::new();
    let discard = ServerAction::<DiscardDraft>::new();
    ActionToast::new(&send)
        .success("Réponse envoyée depuis votre messagerie.")
        .then(move |_| on_change.run(()))
        .install();
    ActionToast::new(&discard).success("Brouillon écarté.").then(move |_| on_change.run(())).install();
    view! {
        <div class="mt-2 flex flex-wrap gap-2">
            <Button loading=send.pending() on_click=Callback::new(move |_| { send.dispatch(SendDraft { message_id: id }); })>"Envoyer cette réponse"</Button>
            <Button variant=ButtonVariant::Ghost loading=discard.pending() on_click=Callback::new(move |_| { discard.dispatch(DiscardDraft { message_id: id }); })>"Écarter"</Button>
        </div>
    }
}

#[component]
fn Bubble(message: ThreadMessage, on_change: Callback<()>) -> impl IntoView {
    let theirs = message.author == MessageAuthor::Prospect;
    let draft = message.status == MessageStatus::Draft;
    let discarded = message.status == MessageStatus::Discarded;
    let (align, colours) = if theirs {
        ("items-start", "bg-ink-50 text-ink-900 ring-ink-200")
    } else if draft {
        ("items-end", "border border-dashed border-brand-400 bg-white text-ink-900 ring-transparent")
    } else if discarded {
        ("items-end", "bg-ink-50 text-ink-500 line-through ring-ink-200")
    } else {
        ("items-end", "bg-brand-50 text-ink-900 ring-brand-200")
    };
    let id = message.id;
    view! {
        <li class=format!("flex flex-col {align}")>
            {draft.then(|| view! { <p class="mb-1 text-xs font-semibold text-brand-700">"Brouillon de l'agent, à valider"</p> })}
            <div class=format!("max-w-[90%] rounded-2xl px-4 py-3 ring-1 ring-inset {colours}")>
                // Text, never HTML: Leptos escapes it; line breaks kept by the CSS.
                <p class="whitespace-pre-line break-words text-sm">{message.body}</p>
            </div>
            {message.reasoning.clone().filter(|r| !r.is_empty()).map(|r| view! {
                <p class="mt-1 max-w-[90%] text-xs italic text-ink-500">{format!("Raisonnement de l'agent : {r}")}</p>
            })}
            {draft.then(|| view! { <DraftActions id on_change/> })}
            {(message.author == MessageAuthor::Agent && !discarded).then(|| view! { <CorrectionForm id on_change/> })}
            <div class="mt-1 flex flex-wrap items-center gap-1.5 text-xs text-ink-500">
                <span>{format!("{} · {}{}", author_fr(message.author), message.at, if discarded { " · écarté" } else { "" })}</span>
                {message.tags.into_iter().map(|t| view! { <Badge tone=tag_tone(t)>{t.label_fr()}</Badge> }).collect_view()}
            </div>
        </li>
    }
}
