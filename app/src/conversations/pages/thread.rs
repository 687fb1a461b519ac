//! One conversation, chat-style (AGENT-3): the prospect's messages on the left, ours on the
//! right, each with its tags; the stage, the score and the debrief above.

use super::{ScoreChip, tag_tone};
use crate::conversations::api::load_thread;
use crate::ui::{Badge, BadgeTone, Card, Failable, SkeletonRows};
use leptos::prelude::*;
use prospecta_shared::conversations::{MessageAuthor, Thread, ThreadMessage};
use prospecta_shared::ids::ConversationId;

#[component]
pub(super) fn ThreadPanel(id: ConversationId) -> impl IntoView {
    let thread = Resource::new(move || id, load_thread);
    view! {
        <Suspense fallback=|| view! { <Card><SkeletonRows rows=5/></Card> }>
            <Failable>
                {move || Suspend::new(async move { thread.await.map(|t| view! { <ThreadView thread=t/> }) })}
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
fn ThreadView(thread: Thread) -> impl IntoView {
    let s = thread.summary;
    view! {
        <section class="rounded-xl bg-white shadow-sm ring-1 ring-ink-200" aria-label="Conversation" data-testid="thread">
            <header class="border-b border-ink-100 px-5 py-4">
                <div class="flex flex-wrap items-center gap-2">
                    <h2 class="text-base font-semibold text-ink-900">{s.prospect_name.clone()}</h2>
                    <Badge tone=BadgeTone::Brand>{s.stage.label_fr()}</Badge>
                    {s.score.map(|score| view! { <ScoreChip score/> })}
                </div>
                <p class="mt-1 break-all text-sm text-ink-500">{format!("{} · {}", s.prospect_address, s.subject)}</p>
            </header>
            {thread.debrief.map(|debrief| view! {
                <div class="border-b border-ink-100 bg-emerald-50 px-5 py-4">
                    <h3 class="text-sm font-semibold text-emerald-900">"Compte rendu"</h3>
                    <p class="mt-1 whitespace-pre-line text-sm text-emerald-900">{debrief}</p>
                </div>
            })}
            <ol class="space-y-4 px-5 py-5">
                {thread.messages.into_iter().map(|m| view! { <Bubble message=m/> }).collect_view()}
            </ol>
        </section>
    }
}

#[component]
fn Bubble(message: ThreadMessage) -> impl IntoView {
    let theirs = message.author == MessageAuthor::Prospect;
    let (align, colours) = if theirs {
        ("items-start", "bg-ink-50 text-ink-900 ring-ink-200")
    } else {
        ("items-end", "bg-brand-50 text-ink-900 ring-brand-200")
    };
    view! {
        <li class=format!("flex flex-col {align}")>
            <div class=format!("max-w-[90%] rounded-2xl px-4 py-3 ring-1 ring-inset {colours}")>
                // Text, never HTML: Leptos escapes it; line breaks kept by the CSS.
                <p class="whitespace-pre-line break-words text-sm">{message.body}</p>
            </div>
            <div class="mt-1 flex flex-wrap items-center gap-1.5 text-xs text-ink-500">
                <span>{format!("{} · {}", author_fr(message.author), message.at)}</span>
                {message.tags.into_iter().map(|t| view! { <Badge tone=tag_tone(t)>{t.label_fr()}</Badge> }).collect_view()}
            </div>
        </li>
    }
}
