//! `/app/demarrage`: the onboarding wizard, right after sign-up. Six steps (company, person,
//! activity, arguments, style, objective), each saved on its own and skippable; the page opens
//! where the organisation stopped (`?etape=` opens a given step), and ends on the profile as
//! the agent and the message writer will read it.

use super::choices::{ARGUMENT_FIELDS, ObjectionFields, ObjectiveFields, ToneSelect, model_options};
use super::onboarding_chat::{ChatLinks, ChatScreen};
use crate::business::api::{
    SaveActivity, SaveArguments, SaveObjective, SaveStyle, complete_step, load_onboarding, skip_step,
};
use crate::business::offers_changed;
use crate::ui::{
    ActionToast, Alert, AlertTone, Badge, BadgeTone, Button, ButtonLink, ButtonVariant, Card, Failable, Field,
    FormAlert, FormErrors, Icon, IconName, PageHeader, ProgressBar, SelectField, SkeletonRows, TextArea,
};
use crate::workspace::{OrganizationCard, ProfileCard};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};
use prospecta_shared::AppError;
use prospecta_shared::business::{ANSWER_MAX, BusinessProfile, LINE_MAX, Onboarding, OnboardingStep, ProfileField};

/// What the wizard shows: one step, the chat that answers the questionnaire, or the profile.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Screen {
    Step(OnboardingStep),
    Chat,
    Summary,
}

const SUMMARY_KEY: &str = "recapitulatif";
const CHAT_KEY: &str = "discussion";

fn href(screen: Screen) -> String {
    match screen {
        Screen::Step(step) => format!("/app/demarrage?etape={}", step.as_str()),
        Screen::Chat => format!("/app/demarrage?etape={CHAT_KEY}"),
        Screen::Summary => format!("/app/demarrage?etape={SUMMARY_KEY}"),
    }
}

/// The questionnaire's steps: those the chat answers too.
fn in_questionnaire(step: OnboardingStep) -> bool {
    !matches!(step, OnboardingStep::Company | OnboardingStep::Person)
}

/// After `step`: the next step, or the profile when it was the last.
fn after(step: OnboardingStep) -> Screen {
    step.next().map_or(Screen::Summary, Screen::Step)
}

#[component]
pub fn OnboardingPage() -> impl IntoView {
    let onboarding = Resource::new(|| (), |_| load_onboarding());
    let query = use_query_map();
    let welcome = move || query.read().get("bienvenue").is_some();
    view! {
        <Title text="Démarrage"/>
        <PageHeader
            title="Configurons votre prospection"
            description="Six étapes courtes. Vos réponses décrivent votre activité et votre première offre. Vous pouvez passer une étape et y revenir plus tard."
        />
        <Show when=welcome>
            <div class="mb-6"><Alert tone=AlertTone::Success>"Votre compte est créé. Quelques questions sur votre activité, et vous pourrez générer votre première base."</Alert></div>
        </Show>
        <Suspense fallback=|| view! { <Card><SkeletonRows rows=6/></Card> }>
            <Failable>
                {move || Suspend::new(async move { onboarding.await.map(|o| view! { <Wizard initial=o/> }) })}
            </Failable>
        </Suspense>
    }
}

#[component]
fn Wizard(initial: Onboarding) -> impl IntoView {
    let state = RwSignal::new(initial);
    let query = use_query_map();
    let screen = Memo::new(move |_| {
        let asked = query.read().get("etape");
        match asked.as_deref() {
            Some(SUMMARY_KEY) => Screen::Summary,
            Some(CHAT_KEY) => Screen::Chat,
            Some(key) if OnboardingStep::parse(key).is_some() => {
                Screen::Step(OnboardingStep::parse(key).unwrap_or(OnboardingStep::Company))
            }
            _ => state.with_untracked(|s| s.progress.resume_at()).map_or(Screen::Summary, Screen::Step),
        }
    });
    let navigate = use_navigate();
    let go = Callback::new(move |(saved, to): (Onboarding, Screen)| {
        state.set(saved);
        navigate(&href(to), Default::default());
    });
    view! {
        <StepIndicator state screen/>
        <Show when=move || match screen.get() {
            Screen::Chat => true,
            Screen::Step(step) => in_questionnaire(step),
            Screen::Summary => false,
        }>
            <AnswerWay state screen/>
        </Show>
        <div class="mt-6">
            {move || match screen.get() {
                Screen::Summary => view! { <Summary state/> }.into_any(),
                Screen::Chat => {
                    let links = ChatLinks { form_href: form_href(state), summary_href: href(Screen::Summary) };
                    view! { <ChatScreen state links/> }.into_any()
                }
                Screen::Step(step) => {
                    let profile = state.with_untracked(|s| s.profile.clone());
                    view! { <StepBody step profile go/> }.into_any()
                }
            }}
        </div>
    }
}

/// The questionnaire's step to answer by the form: the first one not answered.
fn form_href(state: RwSignal<Onboarding>) -> String {
    let step = state.with_untracked(|s| {
        OnboardingStep::ALL
            .into_iter()
            .find(|st| in_questionnaire(*st) && !s.progress.done.contains(st))
            .unwrap_or(OnboardingStep::Activity)
    });
    href(Screen::Step(step))
}

/// The two ways to answer the questionnaire, which fill the same profile.
#[component]
fn AnswerWay(state: RwSignal<Onboarding>, screen: Memo<Screen>) -> impl IntoView {
    let chat = move || screen.get() == Screen::Chat;
    let tab = |active: bool| {
        format!(
            "flex flex-1 items-center justify-center gap-2 rounded-md px-3 py-2 text-sm font-medium sm:flex-none {}",
            if active { "bg-white text-ink-900 shadow-sm" } else { "text-ink-600 hover:text-ink-900" }
        )
    };
    view! {
        <div class="mt-4 flex flex-col gap-3 rounded-xl bg-white p-3 shadow-sm ring-1 ring-ink-200 sm:flex-row sm:items-center sm:justify-between sm:pl-5">
            <p class="text-sm text-ink-700">"Répondez comme vous préférez : les deux façons remplissent le même profil."</p>
            <nav aria-label="Façon de répondre" class="flex rounded-lg bg-ink-100 p-1">
                <a href=move || form_href(state) aria-current=move || (!chat()).then_some("page") class=move || tab(!chat())>
                    <Icon name=IconName::Form class="size-4"/>"Formulaire"
                </a>
                <a href=href(Screen::Chat) aria-current=move || chat().then_some("page") class=move || tab(chat())>
                    <Icon name=IconName::Sparkles class="size-4"/>"Discussion avec l'assistant"
                </a>
            </nav>
        </div>
    }
}

#[component]
fn StepIndicator(state: RwSignal<Onboarding>, screen: Memo<Screen>) -> impl IntoView {
    let done_count =
        move || state.with(|s| OnboardingStep::ALL.iter().filter(|st| s.progress.done.contains(st)).count());
    let percent = Signal::derive(move || (done_count() * 100 / OnboardingStep::ALL.len()) as u8);
    let detail =
        Signal::derive(move || format!("{} étape(s) sur {} terminée(s)", done_count(), OnboardingStep::ALL.len()));
    view! {
        <nav aria-label="Étapes de la configuration" class="rounded-xl bg-white p-4 shadow-sm ring-1 ring-ink-200 sm:p-5">
            <ProgressBar label="Configuration du compte" percent detail/>
            <ol class="mt-4 grid grid-cols-6 gap-1 sm:gap-2">
                {OnboardingStep::ALL.iter().map(|step| {
                    let step = *step;
                    let current = move || screen.get() == Screen::Step(step);
                    let done = move || state.with(|s| s.progress.done.contains(&step));
                    let skipped = move || state.with(|s| s.progress.skipped.contains(&step));
                    let status = move || if done() { "terminée" } else if skipped() { "passée" } else { "à faire" };
                    view! {
                        <li>
                            <a
                                href=href(Screen::Step(step))
                                aria-current=move || current().then_some("step")
                                class=move || format!(
                                    "flex flex-col items-center gap-1.5 rounded-lg px-1 py-2 text-center text-xs font-medium sm:flex-row sm:gap-2 sm:px-2 sm:text-left sm:text-sm {}",
                                    if current() { "bg-brand-50 text-brand-800" } else { "text-ink-600 hover:bg-ink-50" }
                                )
                            >
                                <span class=move || format!(
                                    "grid size-7 shrink-0 place-items-center rounded-full text-xs font-semibold {}",
                                    if done() { "bg-success-600 text-white" } else if current() { "bg-brand-600 text-white" } else { "bg-ink-100 text-ink-700" }
                                )>
                                    <Show when=done fallback=move || step.number().to_string()>
                                        <Icon name=IconName::Check class="size-4"/>
                                    </Show>
                                </span>
                                <span class="hidden sm:inline">{step.label_fr()}</span>
                                <span class="sr-only">{move || format!("{} : {}", step.label_fr(), status())}</span>
                            </a>
                        </li>
                    }
                }).collect_view()}
            </ol>
            <p class="mt-2 text-sm font-medium text-ink-800 sm:hidden">
                {move || match screen.get() {
                    Screen::Step(step) => format!("Étape {} sur {} · {}", step.number(), OnboardingStep::ALL.len(), step.label_fr()),
                    Screen::Chat => "Discussion avec l'assistant".to_string(),
                    Screen::Summary => "Récapitulatif".to_string(),
                }}
            </p>
        </nav>
    }
}

/// The buttons under every step: back, skip, save.
#[component]
fn StepActions(
    step: OnboardingStep,
    pending: Signal<bool>,
    go: Callback<(Onboarding, Screen)>,
    #[prop(default = "Enregistrer et continuer")] submit_label: &'static str,
) -> impl IntoView {
    let skip = Action::new(move |_: &()| skip_step(step.as_str().to_string()));
    ActionToast::new(&skip)
        .success("Étape passée : nous vous la rappellerons sur le tableau de bord.")
        .then(move |saved| go.run((saved, after(step))))
        .install();
    let previous = OnboardingStep::ALL
        .iter()
        .position(|s| *s == step)
        .and_then(|at| at.checked_sub(1))
        .map(|at| OnboardingStep::ALL[at]);
    view! {
        <div class="flex flex-col-reverse gap-3 border-t border-ink-100 pt-5 sm:flex-row sm:items-center sm:justify-between">
            <div>
                {previous.map(|p| view! {
                    <a href=href(Screen::Step(p)) class="text-sm font-medium text-ink-600 hover:text-ink-900">"← Étape précédente"</a>
                })}
            </div>
            <div class="flex flex-col-reverse gap-3 sm:flex-row">
                <Button variant=ButtonVariant::Ghost loading=skip.pending() on_click=move |_| { skip.dispatch(()); }>
                    "Passer cette étape"
                </Button>
                <Button button_type="submit" loading=pending>{submit_label}</Button>
            </div>
        </div>
    }
}

#[component]
fn StepBody(step: OnboardingStep, profile: BusinessProfile, go: Callback<(Onboarding, Screen)>) -> impl IntoView {
    match step {
        OnboardingStep::Company | OnboardingStep::Person => view! { <SettingsStep step go/> }.into_any(),
        OnboardingStep::Activity => view! { <ActivityStep profile go/> }.into_any(),
        OnboardingStep::Arguments => view! { <ArgumentsStep profile go/> }.into_any(),
        OnboardingStep::Style => view! { <StyleStep profile go/> }.into_any(),
        OnboardingStep::Objective => view! { <ObjectiveStep profile go/> }.into_any(),
    }
}

/// The company and the person are the settings' own cards: saved there, then confirmed here.
#[component]
fn SettingsStep(step: OnboardingStep, go: Callback<(Onboarding, Screen)>) -> impl IntoView {
    let confirm = Action::new(move |_: &()| complete_step(step.as_str().to_string()));
    ActionToast::new(&confirm).then(move |saved| go.run((saved, after(step)))).install();
    let (intro, card) = match step {
        OnboardingStep::Company => (
            "Vérifiez le nom de votre entreprise et, si vous le souhaitez, retrouvez ses informations légales au registre par son SIRET.",
            view! { <OrganizationCard/> }.into_any(),
        ),
        _ => ("Votre nom pré-remplit l'expéditeur de vos campagnes.", view! { <ProfileCard/> }.into_any()),
    };
    view! {
        <p class="mb-4 text-sm text-ink-600">{intro}</p>
        {card}
        <form class="mt-6" on:submit=move |ev| { ev.prevent_default(); confirm.dispatch(()); }>
            <StepActions step pending=confirm.pending().into() go submit_label="Continuer"/>
        </form>
    }
}

/// Installs what every step's save does: go on, or show the errors in place.
fn on_saved<I: Send + Sync + 'static>(
    action: &Action<I, Result<Onboarding, AppError>>,
    step: OnboardingStep,
    go: Callback<(Onboarding, Screen)>,
) -> FormErrors {
    ActionToast::new(action)
        .then(move |saved| {
            // The first offer is named after what is sold: the switcher shows the new name.
            if step == OnboardingStep::Activity {
                offers_changed();
            }
            go.run((saved, after(step)))
        })
        .errors_to(|_| ())
        .install();
    FormErrors::of(action)
}

#[component]
fn ActivityStep(profile: BusinessProfile, go: Callback<(Onboarding, Screen)>) -> impl IntoView {
    let save = ServerAction::<SaveActivity>::new();
    let errors = on_saved(&save, OnboardingStep::Activity, go);
    view! {
        <Card title="Votre activité" subtitle="Ce que vous vendez, à qui, et comment.">
            <ActionForm action=save attr:class="space-y-5" attr:novalidate="true">
                <FormAlert message=errors.general(&["activity", "offering", "customers", "business_model", "price_range"])/>
                <Field label="Votre métier" name="activity" required=true maxlength=LINE_MAX value=profile.activity.unwrap_or_default()
                    placeholder="Plombier chauffagiste" error=errors.field("activity")/>
                <TextArea label="Ce que vous vendez" name="offering" required=true maxlength=ANSWER_MAX value=profile.offering.unwrap_or_default()
                    placeholder="Dépannage, rénovation de salles de bains, entretien de chaudières…" hint="La première ligne donne son nom à votre première offre."
                    error=errors.field("offering")/>
                <TextArea label="À qui" name="customers" required=true maxlength=ANSWER_MAX value=profile.customers.unwrap_or_default()
                    placeholder="Syndics de copropriété et gestionnaires d'immeubles de la métropole lyonnaise"
                    error=errors.field("customers")/>
                <div class="grid gap-5 sm:grid-cols-2">
                    <SelectField label="Votre modèle économique" name="business_model" options=model_options()
                        selected=profile.business_model.map(|m| m.as_str().to_string()).unwrap_or_default() error=errors.field("business_model")/>
                    <Field label="Fourchette de prix" name="price_range" maxlength=LINE_MAX value=profile.price_range.unwrap_or_default()
                        placeholder="De 150 € à 8 000 € HT" error=errors.field("price_range")/>
                </div>
                <StepActions step=OnboardingStep::Activity pending=save.pending().into() go/>
            </ActionForm>
        </Card>
    }
}

#[component]
fn ArgumentsStep(profile: BusinessProfile, go: Callback<(Onboarding, Screen)>) -> impl IntoView {
    let save = ServerAction::<SaveArguments>::new();
    let errors = on_saved(&save, OnboardingStep::Arguments, go);
    view! {
        <Card title="Vos arguments" subtitle="Ce qui vous distingue, et ce que vous répondez aux objections habituelles.">
            <ActionForm action=save attr:class="space-y-5" attr:novalidate="true">
                <FormAlert message=errors.general(&ARGUMENT_FIELDS)/>
                <TextArea label="Ce qui vous distingue" name="differentiators" required=true maxlength=ANSWER_MAX
                    value=profile.differentiators.unwrap_or_default()
                    placeholder="Intervention en 2 heures, devis gratuit, artisans certifiés RGE…" error=errors.field("differentiators")/>
                <ObjectionFields objections=profile.objections errors/>
                <StepActions step=OnboardingStep::Arguments pending=save.pending().into() go/>
            </ActionForm>
        </Card>
    }
}

#[component]
fn StyleStep(profile: BusinessProfile, go: Callback<(Onboarding, Screen)>) -> impl IntoView {
    let save = ServerAction::<SaveStyle>::new();
    let errors = on_saved(&save, OnboardingStep::Style, go);
    view! {
        <Card title="Votre style" subtitle="Comment parler en votre nom, et ce qui ne doit jamais l'être.">
            <ActionForm action=save attr:class="space-y-5" attr:novalidate="true">
                <FormAlert message=errors.general(&["tone", "preferences", "never_promise"])/>
                <ToneSelect selected=profile.tone errors/>
                <TextArea label="Vos préférences commerciales" name="preferences" maxlength=ANSWER_MAX value=profile.preferences.unwrap_or_default()
                    placeholder="Rendez-vous le matin, sur place ou en visio ; toujours proposer un diagnostic gratuit d'abord."
                    error=errors.field("preferences")/>
                <TextArea label="Ce qu'il ne faut jamais promettre" name="never_promise" maxlength=ANSWER_MAX value=profile.never_promise.unwrap_or_default()
                    placeholder="Un prix sans visite, un délai d'intervention garanti le week-end."
                    error=errors.field("never_promise")/>
                <StepActions step=OnboardingStep::Style pending=save.pending().into() go/>
            </ActionForm>
        </Card>
    }
}

#[component]
fn ObjectiveStep(profile: BusinessProfile, go: Callback<(Onboarding, Screen)>) -> impl IntoView {
    let save = ServerAction::<SaveObjective>::new();
    let errors = on_saved(&save, OnboardingStep::Objective, go);
    view! {
        <Card title="Votre objectif" subtitle="Ce que vous attendez d'un prospect intéressé. Chaque offre peut avoir le sien.">
            <ActionForm action=save attr:class="space-y-5" attr:novalidate="true">
                <FormAlert message=errors.general(&["objective", "objective_url", "objective_detail"])/>
                <ObjectiveFields selected=profile.objective errors/>
                <StepActions step=OnboardingStep::Objective pending=save.pending().into() go/>
            </ActionForm>
        </Card>
    }
}

/// The profile as it stands, and what is left to answer.
#[component]
fn Summary(state: RwSignal<Onboarding>) -> impl IntoView {
    let onboarding = state.get_untracked();
    let remaining = onboarding.progress.remaining();
    let p = onboarding.profile;
    let rows: Vec<(&str, String)> = ProfileField::ALL
        .into_iter()
        .filter(|f| *f != ProfileField::Objections)
        .map(|f| (f.label_fr(), p.shown_fr(f).unwrap_or_else(|| "Non renseigné".into())))
        .collect();
    view! {
        <div class="space-y-6" data-testid="business-profile">
            {if remaining.is_empty() {
                view! {
                    <div class="flex items-start gap-3 rounded-xl bg-success-50 p-4 text-sm text-success-800 ring-1 ring-inset ring-success-200">
                        <Icon name=IconName::CheckCircle class="mt-0.5 size-5 shrink-0"/>
                        <p>"Votre profil est complet. Votre première offre en est tirée : vous pouvez l'ajuster, ou en créer d'autres si vous vendez plusieurs prestations."</p>
                    </div>
                }.into_any()
            } else {
                view! {
                    <div class="rounded-xl bg-warning-50 p-4 text-sm text-warning-900 ring-1 ring-inset ring-warning-200">
                        <p class="font-medium">{format!("Il reste {} étape(s) à compléter :", remaining.len())}</p>
                        <ul class="mt-2 flex flex-wrap gap-2">
                            {remaining.iter().map(|s| view! {
                                <li><a href=href(Screen::Step(*s)) class="underline hover:no-underline">{s.label_fr()}</a></li>
                            }).collect_view()}
                        </ul>
                    </div>
                }.into_any()
            }}
            <Card title="Votre profil commercial" subtitle="Ce que vos messages et votre agent sauront de vous.">
                <dl class="divide-y divide-ink-100">
                    {rows.into_iter().map(|(label, value)| view! {
                        <div class="grid gap-1 py-3 sm:grid-cols-3 sm:gap-4">
                            <dt class="text-sm font-medium text-ink-600">{label}</dt>
                            <dd class="whitespace-pre-line text-sm text-ink-900 sm:col-span-2">{value}</dd>
                        </div>
                    }).collect_view()}
                    <div class="grid gap-1 py-3 sm:grid-cols-3 sm:gap-4">
                        <dt class="text-sm font-medium text-ink-600">"Objections"</dt>
                        <dd class="text-sm text-ink-900 sm:col-span-2">
                            {if p.objections.is_empty() {
                                view! { <span>"Non renseigné"</span> }.into_any()
                            } else {
                                view! {
                                    <ul class="space-y-2">
                                        {p.objections.into_iter().map(|o| view! {
                                            <li><Badge tone=BadgeTone::Neutral>{o.objection}</Badge>" → "{o.answer}</li>
                                        }).collect_view()}
                                    </ul>
                                }.into_any()
                            }}
                        </dd>
                    </div>
                </dl>
                <div class="mt-4 flex flex-wrap gap-3">
                    <ButtonLink href=href(Screen::Step(OnboardingStep::Activity)) variant=ButtonVariant::Secondary>"Modifier mes réponses"</ButtonLink>
                    <ButtonLink href="/app/offres">"Voir mes offres"</ButtonLink>
                </div>
            </Card>
        </div>
    }
}
