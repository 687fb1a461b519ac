//! The messages: A and B (and C when added) tested against each other, and the follow-up.

use super::FormSection;
use super::editor::{MessageEditor, VariablesPanel};
use super::form::{CampaignForm, FormError, focus_element};
use crate::business::api::propose_variants;
use crate::prospecting::api::sample_prospect;
use crate::ui::{ActionToast, Button, ButtonVariant, ControlledField, FormAlert, Icon, IconName, after_hydration};
use leptos::prelude::*;
use prospecta_shared::campaigns::VariantDraft;
use prospecta_shared::campaigns::{DEFAULT_FOLLOW_UP_DAYS, FOLLOW_UP_DAYS_MAX, MAX_FOLLOW_UPS};
use prospecta_shared::outreach::TemplateVars;

/// The "Messages" section.
#[component]
pub(super) fn MessagesSection(form: CampaignForm, error: FormError) -> impl IntoView {
    let CampaignForm { editors, has_c, active, follow_up_days, selected, sender, .. } = form;
    // The first unlocked prospect of the first database ticked, read in the browser only (the
    // preview follows the ticks and the typing), never holding up the page's hydration.
    let sample = after_hydration(
        move || selected.get().first().copied(),
        |database| async move {
            match database {
                Some(id) => sample_prospect(id).await.ok().flatten(),
                None => None,
            }
        },
    );
    let preview = Signal::derive(move || {
        let sample = sample.get().flatten()?;
        Some(TemplateVars {
            societe: sample.name,
            ville: sample.city.unwrap_or_default(),
            secteur: sample.sector,
            sender: sender.tracked(),
        })
    });
    let add_c = move |_| {
        has_c.set(true);
        active.set(2);
        // The new text area exists once this handler returns.
        request_animation_frame(move || focus_element("message-c-objet"));
    };
    let remove_c = Callback::new(move |()| {
        has_c.set(false);
        if active.get_untracked() == 2 {
            active.set(0);
        }
        focus_element("ajouter-variante-c");
    });
    view! {
        <FormSection
            heading_id="messages-titre"
            title="Messages"
            description="Écrivez deux ou trois versions du premier message : elles sont envoyées à parts égales au début, puis la plus efficace est envoyée de plus en plus souvent. Les textes proposés sont volontairement génériques : adaptez-les à votre offre."
        >
            <WriterProposals form/>
            <div class="mt-5 grid gap-6 lg:grid-cols-3">
                <div class="space-y-8 lg:col-span-2">
                    <MessageEditor editor=editors[0] index=0 active server_error=error.field(editors[0].field) preview/>
                    <MessageEditor editor=editors[1] index=1 active server_error=error.field(editors[1].field) preview/>
                    <Show
                        when=move || has_c.get()
                        fallback=move || view! {
                            <Button variant=ButtonVariant::Secondary on_click=add_c attr:id="ajouter-variante-c">
                                <Icon name=IconName::Plus class="size-4"/>"Ajouter une variante C"
                            </Button>
                        }
                    >
                        <MessageEditor editor=editors[2] index=2 active server_error=error.field(editors[2].field) preview on_remove=remove_c/>
                    </Show>
                    <FormAlert message=error.field("subject")/>
                    <div class="border-t border-ink-100 pt-6">
                        <h3 class="text-sm font-semibold text-ink-900">"Relance"</h3>
                        <p class="mt-1 text-sm text-ink-600">
                            {format!(
                                "Sans réponse, nous relançons l'entreprise avec le message ci-dessous : par e-mail quand son adresse est connue et votre messagerie connectée (Paramètres), sinon par son formulaire de contact. Au plus {MAX_FOLLOW_UPS} relances par entreprise."
                            )}
                        </p>
                        <div class="mt-4 max-w-xs">
                            <ControlledField
                                label="Relancer après (jours)"
                                id="relance-delai"
                                input_type="number"
                                value=follow_up_days
                                min="1"
                                max="60"
                                step="1"
                                inputmode="numeric"
                                hint=format!("De 1 à {FOLLOW_UP_DAYS_MAX} jours ; {DEFAULT_FOLLOW_UP_DAYS} par défaut.")
                                error=error.field("follow_up_days")
                                required=true
                            />
                        </div>
                        <div class="mt-5">
                            <MessageEditor editor=editors[3] index=3 active server_error=error.field(editors[3].field) preview/>
                        </div>
                    </div>
                </div>
                <div>
                    <VariablesPanel editors active has_c/>
                </div>
            </div>
        </FormSection>
    }
}

/// "Proposer 3 variantes": the message writer's variants for the offer in use, read here, then
/// put in A, B and C to edit before the campaign is saved.
#[component]
fn WriterProposals(form: CampaignForm) -> impl IntoView {
    let CampaignForm { editors, has_c, .. } = form;
    let propose = Action::new(|_: &()| propose_variants());
    let proposals = RwSignal::new(Vec::<VariantDraft>::new());
    ActionToast::new(&propose).then(move |variants| proposals.set(variants)).install();
    let use_them = move |_| {
        for (editor, variant) in editors.iter().zip(proposals.get_untracked()) {
            editor.subject.set(variant.subject);
            editor.body.set(variant.body);
        }
        has_c.set(true);
        proposals.set(Vec::new());
        focus_element("message-a-corps");
    };
    view! {
        <div class="mt-5 rounded-lg bg-brand-50 p-4 ring-1 ring-inset ring-brand-200">
            <div class="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
                <p class="text-sm text-ink-700">
                    "Le rédacteur de messages écrit trois variantes à partir de votre offre, de son objectif et de vos arguments. Vous les relisez et les adaptez avant d'enregistrer."
                </p>
                <Button variant=ButtonVariant::Secondary loading=propose.pending() on_click=move |_| { propose.dispatch(()); }>
                    <Icon name=IconName::Sparkles class="size-4"/>"Proposer 3 variantes"
                </Button>
            </div>
            <Show when=move || !proposals.with(Vec::is_empty)>
                <section class="mt-4 space-y-3" aria-labelledby="propositions-titre">
                    <h3 id="propositions-titre" class="text-sm font-semibold text-ink-900">"Variantes proposées"</h3>
                    <ol class="grid gap-3 lg:grid-cols-3">
                        {move || proposals.get().into_iter().enumerate().map(|(i, v)| view! {
                            <li class="rounded-lg bg-white p-3 text-sm ring-1 ring-ink-200">
                                <p class="text-xs font-semibold uppercase tracking-wide text-ink-500">{format!("Variante {}", ["A", "B", "C"][i.min(2)])}</p>
                                <p class="mt-1 font-medium text-ink-900">{v.subject}</p>
                                <p class="mt-1 line-clamp-6 whitespace-pre-line text-ink-700">{v.body}</p>
                            </li>
                        }).collect_view()}
                    </ol>
                    <div class="flex flex-wrap gap-2">
                        <Button on_click=use_them>"Utiliser ces 3 variantes"</Button>
                        <Button variant=ButtonVariant::Ghost on_click=move |_| proposals.set(Vec::new())>"Ignorer"</Button>
                    </div>
                    <p class="text-xs text-ink-600">"Elles remplacent les messages A, B et C ci-dessous ; la relance reste la vôtre."</p>
                </section>
            </Show>
        </div>
    }
}
