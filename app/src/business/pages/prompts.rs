//! `/app/offres/:id/prompts`: the system prompts of an offer's sub-agents, written by the prompt
//! agent from the profile and the offer. The client reads them, edits them (each edit is a new
//! version), compares any version with the one before, and adopts or sets aside the version the
//! agent proposes after the profile or the offer changed.

mod reply_sending;

use crate::business::api::{generate_prompts, load_prompts};
use crate::ui::{
    ActionToast, Alert, AlertTone, BackLink, Badge, BadgeTone, Button, ButtonSize, ButtonVariant, Card, EmptyState,
    Failable, FormErrors, IconName, PageHeader, SkeletonRows, textarea_classes,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use prospecta_shared::AppError;
use prospecta_shared::business::{
    AgentPrompt, AgentRole, DiffLine, OfferPrompts, PROMPT_MAX, PromptState, PromptVersion, diff_lines,
};
use prospecta_shared::ids::OfferId;

#[component]
pub fn PromptsPage() -> impl IntoView {
    let params = use_params_map();
    let offer_id = Memo::new(move |_| params.read().get("id").and_then(|id| id.parse::<i64>().ok()).map(OfferId));
    let prompts = Resource::new(
        move || offer_id.get(),
        |id| async move {
            match id {
                Some(id) => load_prompts(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Title text="Prompts de l'offre"/>
        <BackLink href="/app/offres" label="Offres"/>
        <Suspense fallback=|| view! { <Card><SkeletonRows rows=6/></Card> }>
            <Failable>
                {move || Suspend::new(async move { prompts.await.map(|p| view! { <Prompts initial=p/> }) })}
            </Failable>
        </Suspense>
    }
}

#[component]
fn Prompts(initial: OfferPrompts) -> impl IntoView {
    let offer_id = initial.offer_id;
    let title = format!("Prompts de « {} »", initial.offer_name);
    let state = RwSignal::new(initial);
    let generate = Action::new(move |_: &()| generate_prompts(offer_id));
    ActionToast::new(&generate)
        .success_with(|p: &OfferPrompts| {
            if p.agents.iter().any(|a| a.proposed.is_some()) {
                "Nouvelle version proposée : comparez-la avec celle en service avant de l'adopter."
            } else {
                "Prompts écrits par l'agent de prompts."
            }
        })
        .then(move |p| state.set(p))
        .install();
    let nothing_yet = move || state.with(|s| s.agents.iter().all(|a| a.history.is_empty()));
    view! {
        <PageHeader
            title=title
            description="Les instructions de vos agents pour cette offre, écrites à partir de votre profil et de l'offre. Vous pouvez les lire et les modifier : chaque version est conservée, avec son auteur."
        />
        <Show when=move || { state.with(|s| s.outdated) }>
            <div class="mb-6">
                <Alert tone=AlertTone::Warning>
                    <p>"Votre profil ou cette offre ont changé depuis la dernière version écrite par l'agent de prompts. Vos prompts en service restent inchangés tant que vous n'adoptez pas une nouvelle version."</p>
                    <div class="mt-3">
                        <Button size=ButtonSize::Small loading=generate.pending() on_click=move |_| { generate.dispatch(()); }>
                            "Proposer une nouvelle version"
                        </Button>
                    </div>
                </Alert>
            </div>
        </Show>
        <Show
            when=move || !nothing_yet()
            fallback=move || view! {
                <EmptyState icon=IconName::Sparkles title="Aucun prompt pour cette offre"
                    description="L'agent de prompts écrit les instructions de votre agent de conversation et de votre rédacteur de messages à partir de votre profil et de cette offre. Vous pourrez ensuite les modifier.">
                    <Button loading=generate.pending() on_click=move |_| { generate.dispatch(()); }>"Générer les prompts"</Button>
                </EmptyState>
            }
        >
            <div class="space-y-6">
                {AgentRole::ALL.iter().map(|role| {
                    let role = *role;
                    let agent = Signal::derive(move || state.with(|s| s.agents.iter().find(|a| a.role == role).cloned()));
                    view! { <AgentCard offer_id role agent state/> }
                }).collect_view()}
            </div>
        </Show>
        <div class="mt-6">
            <reply_sending::ReplySendingCard offer_id state/>
        </div>
    }
}

fn version_line(v: &PromptVersion) -> String {
    format!("Version {} · {} · {}", v.version, v.author, v.created_at)
}

#[component]
fn AgentCard(
    offer_id: OfferId,
    role: AgentRole,
    agent: Signal<Option<AgentPrompt>>,
    state: RwSignal<OfferPrompts>,
) -> impl IntoView {
    let editing = RwSignal::new(false);
    let draft = RwSignal::new(String::new());
    let save = Action::new(move |body: &String| {
        crate::business::api::edit_prompt(offer_id, role.as_str().to_string(), body.clone())
    });
    ActionToast::new(&save)
        .success("Nouvelle version enregistrée et mise en service.")
        .then(move |p| {
            state.set(p);
            editing.set(false);
        })
        .errors_to(|_| ())
        .install();
    let errors = FormErrors::of(&save);
    let settle = Action::new(move |adopt: &bool| {
        crate::business::api::settle_proposal(offer_id, role.as_str().to_string(), *adopt)
    });
    ActionToast::new(&settle).success_with(|_| "C'est noté.").then(move |p| state.set(p)).install();
    let error = errors.field("body");
    view! {
        <Card title=role.label_fr() subtitle=role.description_fr()>
            <div data-testid=format!("prompt-{}", role.as_str())>
            {move || agent.get().map(|a| {
                let body_id = format!("prompt-{}-texte", role.as_str());
                let active = a.active.clone();
                view! {
                    <div class="space-y-4">
                        {active.as_ref().map(|v| view! {
                            <p class="flex flex-wrap items-center gap-2 text-xs text-ink-500">
                                <Badge tone=BadgeTone::Success>"En service"</Badge>{version_line(v)}
                            </p>
                        })}
                        <Show
                            when=move || editing.get()
                            fallback={
                                let body = active.as_ref().map(|v| v.body.clone()).unwrap_or_default();
                                move || {
                                    let body = body.clone();
                                    view! {
                                        <pre class="max-h-96 overflow-y-auto whitespace-pre-wrap break-words rounded-lg bg-ink-50 p-4 font-sans text-sm text-ink-800">{body.clone()}</pre>
                                        <Button size=ButtonSize::Small variant=ButtonVariant::Secondary on_click=move |_| { draft.set(body.clone()); editing.set(true); }>
                                            "Modifier"
                                        </Button>
                                    }
                                }
                            }
                        >
                            <div>
                                <label for=body_id.clone() class="block text-sm font-medium text-ink-800">"Prompt"</label>
                                <textarea id=body_id.clone() rows="14" maxlength=PROMPT_MAX.to_string()
                                    aria-invalid=move || error.get().is_some().then_some("true")
                                    class=move || textarea_classes(error.get().is_some())
                                    prop:value=move || draft.get()
                                    on:input=move |ev| draft.set(event_target_value(&ev))
                                >{draft.get_untracked()}</textarea>
                                <Show when=move || error.get().is_some()>
                                    <p class="mt-1.5 text-sm text-danger-700" role="alert">{move || error.get()}</p>
                                </Show>
                                <div class="mt-3 flex flex-wrap gap-2">
                                    <Button size=ButtonSize::Small loading=save.pending() on_click=move |_| { save.dispatch(draft.get_untracked()); }>
                                        "Enregistrer une nouvelle version"
                                    </Button>
                                    <Button size=ButtonSize::Small variant=ButtonVariant::Ghost on_click=move |_| editing.set(false)>"Annuler"</Button>
                                </div>
                            </div>
                        </Show>
                        {a.proposed.clone().map(|p| {
                            let before = active.as_ref().map(|v| v.body.clone()).unwrap_or_default();
                            view! {
                                <section class="rounded-lg bg-brand-50 p-4 ring-1 ring-inset ring-brand-200" aria-label="Nouvelle version proposée">
                                    <h3 class="text-sm font-semibold text-ink-900">"Nouvelle version proposée"</h3>
                                    <p class="mt-0.5 text-xs text-ink-600">{version_line(&p)}" — les changements par rapport à la version en service :"</p>
                                    <div class="mt-3"><DiffView before after=p.body.clone()/></div>
                                    <div class="mt-3 flex flex-wrap gap-2">
                                        <Button size=ButtonSize::Small loading=settle.pending() on_click=move |_| { settle.dispatch(true); }>"Adopter cette version"</Button>
                                        <Button size=ButtonSize::Small variant=ButtonVariant::Ghost on_click=move |_| { settle.dispatch(false); }>"Écarter"</Button>
                                    </div>
                                </section>
                            }
                        })}
                        <History history=a.history.clone()/>
                    </div>
                }
            })}
            </div>
        </Card>
    }
}

fn state_label(state: PromptState) -> (&'static str, BadgeTone) {
    match state {
        PromptState::Active => ("En service", BadgeTone::Success),
        PromptState::Proposed => ("Proposée", BadgeTone::Brand),
        PromptState::Archived => ("Remplacée", BadgeTone::Neutral),
        PromptState::Dismissed => ("Écartée", BadgeTone::Warning),
    }
}

/// Every version, newest first; each can be compared with the one before it.
#[component]
fn History(history: Vec<PromptVersion>) -> impl IntoView {
    let count = history.len();
    let rows: Vec<(PromptVersion, String)> = history
        .iter()
        .enumerate()
        .map(|(i, v)| (v.clone(), history.get(i + 1).map(|p| p.body.clone()).unwrap_or_default()))
        .collect();
    view! {
        <details class="rounded-lg ring-1 ring-ink-200">
            <summary class="cursor-pointer px-4 py-3 text-sm font-medium text-ink-800">{format!("Historique ({count} version{})", if count > 1 { "s" } else { "" })}</summary>
            <ul class="divide-y divide-ink-100 border-t border-ink-100">
                {rows.into_iter().map(|(v, before)| {
                    let shown = RwSignal::new(false);
                    let (label, tone) = state_label(v.state);
                    let after = v.body.clone();
                    view! {
                        <li class="px-4 py-3">
                            <div class="flex flex-wrap items-center justify-between gap-2">
                                <p class="flex flex-wrap items-center gap-2 text-sm text-ink-700"><Badge tone>{label}</Badge>{version_line(&v)}</p>
                                <Button size=ButtonSize::Small variant=ButtonVariant::Ghost on_click=move |_| shown.update(|s| *s = !*s)>
                                    {move || if shown.get() { "Masquer les changements" } else { "Voir les changements" }}
                                </Button>
                            </div>
                            <Show when=move || shown.get()>
                                <div class="mt-3"><DiffView before=before.clone() after=after.clone()/></div>
                            </Show>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </details>
    }
}

/// Two versions line by line: removed lines struck in red, added ones in green.
#[component]
fn DiffView(before: String, after: String) -> impl IntoView {
    let lines = diff_lines(&before, &after);
    view! {
        <div class="max-h-96 overflow-y-auto rounded-lg bg-white p-3 font-mono text-xs leading-relaxed ring-1 ring-ink-200" data-testid="diff">
            {lines.into_iter().map(|line| match line {
                DiffLine::Same(text) => view! { <p class="whitespace-pre-wrap break-words text-ink-600">{format!("  {text}")}</p> }.into_any(),
                DiffLine::Added(text) => view! {
                    <p class="whitespace-pre-wrap break-words bg-success-50 text-success-800"><ins class="no-underline"><span class="sr-only">"Ajouté : "</span>{format!("+ {text}")}</ins></p>
                }.into_any(),
                DiffLine::Removed(text) => view! {
                    <p class="whitespace-pre-wrap break-words bg-danger-50 text-danger-800"><del><span class="sr-only">"Retiré : "</span>{format!("− {text}")}</del></p>
                }.into_any(),
            }).collect_view()}
        </div>
    }
}
