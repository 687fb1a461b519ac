//! `/app/conversations`: the inbox's five tabs (`?onglet=`) and the thread opened beside the
//! list (`?id=`). Prospect text is shown as text, never as HTML.

mod thread;

use super::api::load_inbox;
use crate::ui::{Alert, AlertTone, Badge, BadgeTone, Card, EmptyState, Failable, IconName, PageHeader, SkeletonRows};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use prospecta_shared::conversations::{
    AwaitingReply, ConversationStage, ConversationSummary, Inbox, InboxCounts, Tag, score_tone,
};
use prospecta_shared::ids::ConversationId;
use thread::{OpenedThread, ThreadPanel};

/// The tabs, in the order of a conversation's life, with their address.
const TABS: [(ConversationStage, &str); 5] = [
    (ConversationStage::Contacted, "contactes"),
    (ConversationStage::Open, "en-conversation"),
    (ConversationStage::Question, "questions"),
    (ConversationStage::Won, "gagnes"),
    (ConversationStage::Lost, "perdus"),
];

fn count_of(counts: &InboxCounts, stage: ConversationStage) -> u64 {
    match stage {
        ConversationStage::Contacted => counts.contacted,
        ConversationStage::Open => counts.open,
        ConversationStage::Question => counts.questions,
        ConversationStage::Won => counts.won,
        ConversationStage::Lost => counts.lost,
    }
}

pub(super) fn tag_tone(tag: Tag) -> BadgeTone {
    match tag {
        Tag::Interested | Tag::MeetingRequest => BadgeTone::Success,
        Tag::OptOut | Tag::Bounce | Tag::Complaint => BadgeTone::Danger,
        Tag::Objection | Tag::NotNow | Tag::WrongPerson => BadgeTone::Warning,
        Tag::Question => BadgeTone::Brand,
        Tag::OutOfOffice | Tag::Other => BadgeTone::Neutral,
    }
}

/// The closeness to the objective, red → green (AGENT-4).
#[component]
pub(super) fn ScoreChip(score: u8) -> impl IntoView {
    let classes = match score_tone(score) {
        "danger" => "bg-red-100 text-red-800 ring-red-200",
        "warning" => "bg-amber-100 text-amber-800 ring-amber-200",
        _ => "bg-emerald-100 text-emerald-800 ring-emerald-200",
    };
    view! {
        <span class=format!("inline-flex items-center rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ring-inset {classes}")
            title="Proximité de l'objectif, de 1 à 10">
            {format!("{score}/10")}
        </span>
    }
}

#[component]
pub fn ConversationsPage() -> impl IntoView {
    let query = use_query_map();
    let stage = Memo::new(move |_| {
        let asked = query.read().get("onglet");
        TABS.iter().find(|(_, key)| Some(*key) == asked.as_deref()).map_or(ConversationStage::Open, |(s, _)| *s)
    });
    let opened = Memo::new(move |_| query.read().get("id").and_then(|id| id.parse::<i64>().ok()).map(ConversationId));
    let inbox = Resource::new(move || stage.get(), load_inbox);
    let opened = OpenedThread::new(opened);
    view! {
        <Title text="Conversations"/>
        <PageHeader title="Conversations" description="Les réponses de vos prospects, rangées par étape, et les échanges en cours."/>
        <Suspense fallback=|| view! { <Card><SkeletonRows rows=6/></Card> }>
            <Failable>
                {move || Suspend::new(async move {
                    inbox.await.map(|inbox| view! { <InboxView inbox stage=stage.get_untracked() opened/> })
                })}
            </Failable>
        </Suspense>
    }
}

#[component]
fn InboxView(inbox: Inbox, stage: ConversationStage, opened: OpenedThread) -> impl IntoView {
    let counts = inbox.counts.clone();
    view! {
        <div class="space-y-5">
            {(!inbox.mailbox_active).then(|| view! {
                <Alert tone=AlertTone::Warning>
                    "Votre messagerie n'est pas connectée : aucune réponse n'est lue et aucun e-mail ne part. "
                    <a class="font-semibold underline" href="/app/parametres#messagerie">"Connecter ma messagerie"</a>
                </Alert>
            })}
            <nav aria-label="Étapes des conversations" class="-mx-1 flex gap-1 overflow-x-auto pb-1">
                {TABS.iter().map(|(tab, key)| {
                    let current = *tab == stage;
                    let classes = if current {
                        "bg-brand-600 text-white"
                    } else {
                        "bg-white text-ink-700 ring-1 ring-inset ring-ink-200 hover:bg-ink-50"
                    };
                    view! {
                        <a href=format!("/app/conversations?onglet={key}") aria-current=current.then_some("page")
                            class=format!("shrink-0 rounded-lg px-3 py-2 text-sm font-medium {classes}")>
                            {tab.label_fr()}
                            " "
                            <span class="ml-1 tabular-nums opacity-80">{count_of(&counts, *tab)}</span>
                        </a>
                    }
                }).collect_view()}
            </nav>
            {if stage == ConversationStage::Contacted {
                view! { <AwaitingList awaiting=inbox.awaiting/> }.into_any()
            } else {
                view! { <ConversationList conversations=inbox.conversations stage opened/> }.into_any()
            }}
        </div>
    }
}

fn empty_text(stage: ConversationStage) -> (&'static str, &'static str) {
    match stage {
        ConversationStage::Contacted => (
            "Personne n'attend de réponse",
            "Les prospects contactés par vos campagnes apparaissent ici tant qu'ils n'ont pas répondu.",
        ),
        ConversationStage::Open => (
            "Aucune conversation en cours",
            "Dès qu'un prospect répond à un message de vos campagnes, l'échange apparaît ici.",
        ),
        ConversationStage::Question => (
            "Aucune question pour vous",
            "Quand une réponse demande une information que vous seul connaissez, elle vous attend ici.",
        ),
        ConversationStage::Won => (
            "Aucun objectif atteint pour l'instant",
            "Les conversations qui atteignent l'objectif de votre offre arrivent ici.",
        ),
        ConversationStage::Lost => {
            ("Aucun refus", "Les refus, les demandes de désinscription et les adresses invalides sont rangés ici.")
        }
    }
}

#[component]
fn ConversationList(
    conversations: Vec<ConversationSummary>,
    stage: ConversationStage,
    opened: OpenedThread,
) -> impl IntoView {
    if conversations.is_empty() {
        let (title, description) = empty_text(stage);
        return view! { <EmptyState icon=IconName::Chat title description/> }.into_any();
    }
    let key = TABS.iter().find(|(s, _)| *s == stage).map_or("en-conversation", |(_, k)| *k);
    view! {
        <div class="grid gap-5 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
            <ul class="divide-y divide-ink-100 self-start overflow-hidden rounded-xl bg-white shadow-sm ring-1 ring-ink-200" data-testid="conversation-list">
                {conversations.into_iter().map(|c| {
                    let id = c.id;
                    let selected = move || opened.id.get() == Some(id);
                    view! {
                        <li>
                            <a href=format!("/app/conversations?onglet={key}&id={}", c.id)
                                aria-current=move || selected().then_some("true")
                                class=move || format!("block px-4 py-3 hover:bg-ink-50 {}", if selected() { "bg-brand-50" } else { "" })>
                                <div class="flex items-start justify-between gap-3">
                                    <span class="min-w-0 truncate font-semibold text-ink-900">{c.prospect_name.clone()}</span>
                                    <span class="shrink-0 text-xs text-ink-500">{c.last_message_at.clone()}</span>
                                </div>
                                <p class="mt-1 line-clamp-2 text-sm text-ink-600">{c.excerpt.clone()}</p>
                                <div class="mt-2 flex flex-wrap items-center gap-1.5">
                                    {c.score.map(|score| view! { <ScoreChip score/> })}
                                    {c.tags.clone().into_iter().map(|t| view! { <Badge tone=tag_tone(t)>{t.label_fr()}</Badge> }).collect_view()}
                                </div>
                            </a>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <div>
                {move || match opened.id.get() {
                    Some(_) => view! { <ThreadPanel opened/> }.into_any(),
                    None => view! {
                        <div class="hidden rounded-xl border border-dashed border-ink-300 p-10 text-center text-sm text-ink-500 lg:block">
                            "Choisissez une conversation pour lire l'échange."
                        </div>
                    }.into_any(),
                }}
            </div>
        </div>
    }
    .into_any()
}

fn follow_ups_fr(n: u32) -> String {
    if n == 1 { "1 relance envoyée".into() } else { format!("{n} relances envoyées") }
}

/// The prospects contacted and not answering: where each sequence stands (ONB-8).
#[component]
fn AwaitingList(awaiting: Vec<AwaitingReply>) -> impl IntoView {
    if awaiting.is_empty() {
        let (title, description) = empty_text(ConversationStage::Contacted);
        return view! { <EmptyState icon=IconName::Chat title description/> }.into_any();
    }
    view! {
        <ul class="divide-y divide-ink-100 overflow-hidden rounded-xl bg-white shadow-sm ring-1 ring-ink-200" data-testid="awaiting-list">
            {awaiting.into_iter().map(|a| view! {
                <li class="flex flex-wrap items-center justify-between gap-2 px-4 py-3 text-sm">
                    <div class="min-w-0">
                        <p class="truncate font-semibold text-ink-900">{a.prospect_name}</p>
                        <p class="text-ink-500">{format!("{} · {} le {}", a.campaign_name, a.channel, a.first_sent_at)}</p>
                    </div>
                    <p class="text-ink-600">
                        {match (a.follow_ups, a.next_follow_up) {
                            (0, Some(next)) => format!("Relance prévue le {next}"),
                            (n, Some(next)) => format!("{} · prochaine le {next}", follow_ups_fr(n)),
                            (0, None) => "Sans relance".to_string(),
                            (n, None) => format!("{}, séquence terminée", follow_ups_fr(n)),
                        }}
                    </p>
                </li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}
