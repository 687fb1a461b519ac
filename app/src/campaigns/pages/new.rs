//! `/app/campagnes/nouvelle`: the creation form. Each section is its own component over the
//! form's signals (`form`); the page checks the draft as the server would, sends it, and moves
//! the focus to the first field to correct.

mod editor;
mod form;
mod messages;
mod schedule;
mod sender;
mod targets;

use super::BackLink;
use crate::business::offer_scope;
use crate::campaigns::api::create_campaign;
use crate::prospecting::api::list_databases;
use crate::ui::{ActionToast, Alert, AlertTone, Button, ButtonSize, Icon, IconName, PageHeader};
use form::{CampaignForm, FormError, focus_element};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};
use messages::MessagesSection;
use prospecta_shared::AppError;
use prospecta_shared::campaigns::CampaignDraft;
use prospecta_shared::ids::DatabaseId;
use schedule::ScheduleSection;
use sender::SenderSection;
use targets::TargetsSection;

#[component]
pub fn NewCampaignPage() -> impl IntoView {
    let navigate = use_navigate();
    let query = use_query_map();
    let preselected: Vec<DatabaseId> =
        query.with_untracked(|q| q.get("base").and_then(|v| v.parse::<DatabaseId>().ok()).into_iter().collect());
    let databases = Resource::new(offer_scope, |_| list_databases());
    let form = CampaignForm::new(preselected);

    let create = Action::new(|draft: &CampaignDraft| create_campaign(draft.clone()));
    let creating = create.pending();
    let error = FormError(RwSignal::new(None::<AppError>));
    let show_error = move |e: AppError| {
        let target = form.input_for(&e);
        error.0.set(Some(e));
        if !target.is_empty() {
            focus_element(&target);
        }
    };
    ActionToast::new(&create)
        .success("Campagne créée. Vérifiez-la puis cliquez sur « Démarrer » pour lancer les envois.")
        .then(move |campaign| navigate(&format!("/app/campagnes/{}", campaign.id), NavigateOptions::default()))
        .errors_to(show_error)
        .install();

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if creating.get_untracked() {
            return;
        }
        let draft = form.draft();
        // The same checks as the server's, at once; the server checks again anyway.
        match draft.validate() {
            Ok(()) => {
                error.0.set(None);
                create.dispatch(draft);
            }
            Err(e) => show_error(e),
        }
    };

    view! {
        <Title text="Nouvelle campagne"/>
        <BackLink/>
        <PageHeader
            title="Nouvelle campagne"
            description="Choisissez vos bases, écrivez deux ou trois messages à tester et réglez le rythme d'envoi. Rien n'est envoyé avant que vous démarriez la campagne."
        />
        <form class="space-y-6" on:submit=on_submit novalidate>
            <TargetsSection form databases error/>
            <MessagesSection form error/>
            <SenderSection sender=form.sender error/>
            <ScheduleSection schedule=form.schedule error/>
            <SubmitBar banner=error.banner() creating/>
        </form>
    }
}

/// The refusal summary and the submit button.
#[component]
fn SubmitBar(banner: Signal<Option<String>>, creating: Memo<bool>) -> impl IntoView {
    view! {
        <div class="space-y-4 rounded-xl bg-white p-5 shadow-card ring-1 ring-ink-200/70 sm:p-6">
            <Show when=move || banner.get().is_some()>
                <Alert tone=AlertTone::Error>
                    <strong>"La campagne n'a pas été créée. "</strong>{move || banner.get()}
                </Alert>
            </Show>
            <div class="flex flex-wrap items-center gap-x-4 gap-y-2">
                <Button button_type="submit" size=ButtonSize::Large loading=creating>
                    <Icon name=IconName::Check class="size-5"/>"Créer la campagne"
                </Button>
                <p class="text-sm text-ink-500">"Elle est créée à l'arrêt : vous la démarrez depuis sa page."</p>
            </div>
        </div>
    }
}

/// An error line under a group of inputs (a fieldset, the subjects).
#[component]
fn FieldError(id: &'static str, error: Signal<Option<String>>) -> impl IntoView {
    view! {
        <Show when=move || error.get().is_some()>
            <p id=id class="mt-2 text-sm text-danger-700">{move || error.get()}</p>
        </Show>
    }
}

/// One titled section of the form (a white card with its heading and what it is for).
#[component]
fn FormSection(
    /// The heading's id, which names the section for assistive technologies.
    heading_id: &'static str,
    title: &'static str,
    #[prop(optional)] description: Option<&'static str>,
    children: Children,
) -> impl IntoView {
    view! {
        <section class="rounded-xl bg-white p-5 shadow-card ring-1 ring-ink-200/70 sm:p-6" aria-labelledby=heading_id>
            <h2 id=heading_id class="text-base font-semibold text-ink-900">{title}</h2>
            {description.map(|d| view! { <p class="mt-1 max-w-3xl text-sm text-ink-600">{d}</p> })}
            {children()}
        </section>
    }
}
