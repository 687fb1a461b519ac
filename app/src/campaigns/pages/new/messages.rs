//! The messages: A and B (and C when added) tested against each other, and the follow-up.

use super::FormSection;
use super::editor::{MessageEditor, VariablesPanel};
use super::form::{CampaignForm, FormError, focus_element};
use crate::ui::{Button, ButtonVariant, ControlledField, FormAlert, Icon, IconName};
use leptos::prelude::*;
use prospecta_shared::campaigns::{DEFAULT_FOLLOW_UP_DAYS, FOLLOW_UP_DAYS_MAX, MAX_FOLLOW_UPS};

/// The "Messages" section.
#[component]
pub(super) fn MessagesSection(form: CampaignForm, error: FormError) -> impl IntoView {
    let CampaignForm { editors, has_c, active, follow_up_days, .. } = form;
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
            <div class="mt-5 grid gap-6 lg:grid-cols-3">
                <div class="space-y-8 lg:col-span-2">
                    <MessageEditor editor=editors[0] index=0 active server_error=error.field(editors[0].field)/>
                    <MessageEditor editor=editors[1] index=1 active server_error=error.field(editors[1].field)/>
                    <Show
                        when=move || has_c.get()
                        fallback=move || view! {
                            <Button variant=ButtonVariant::Secondary on_click=add_c attr:id="ajouter-variante-c">
                                <Icon name=IconName::Plus class="size-4"/>"Ajouter une variante C"
                            </Button>
                        }
                    >
                        <MessageEditor editor=editors[2] index=2 active server_error=error.field(editors[2].field) on_remove=remove_c/>
                    </Show>
                    <FormAlert message=error.field("subject")/>
                    <div class="border-t border-ink-100 pt-6">
                        <h3 class="text-sm font-semibold text-ink-900">"Relance"</h3>
                        <p class="mt-1 text-sm text-ink-600">
                            {format!(
                                "Sans réponse, nous relançons l'entreprise par son formulaire de contact avec le message ci-dessous (l'envoi d'e-mails n'est pas encore actif). Au plus {MAX_FOLLOW_UPS} relances par entreprise."
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
                            <MessageEditor editor=editors[3] index=3 active server_error=error.field(editors[3].field)/>
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
