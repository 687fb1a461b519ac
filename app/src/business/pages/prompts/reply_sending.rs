//! The offer's choice of how the conversation agent's replies leave: after the client's
//! approval of the first ones (the default), always after approval, or on their own.

use crate::business::api::set_reply_sending;
use crate::ui::{ActionToast, Card};
use leptos::prelude::*;
use prospecta_shared::business::{OfferPrompts, ReplySending};
use prospecta_shared::ids::OfferId;

#[component]
pub fn ReplySendingCard(offer_id: OfferId, state: RwSignal<OfferPrompts>) -> impl IntoView {
    let choose = Action::new(move |mode: &ReplySending| set_reply_sending(offer_id, *mode));
    ActionToast::new(&choose)
        .success_with(|p: &OfferPrompts| match p.reply_sending {
            ReplySending::Automatic => "L'agent enverra désormais ses réponses sans attendre votre validation.",
            ReplySending::Approval => "Chaque réponse de l'agent attendra votre validation.",
            ReplySending::ApprovalFirst => "Vous validerez les premières réponses, puis l'agent répondra seul.",
        })
        .then(move |p| state.set(p))
        .install();
    let current = move || state.with(|s| s.reply_sending);
    view! {
        <Card title="Envoi des réponses de l'agent"
            subtitle="Quand un prospect répond, l'agent de conversation prépare une réponse. Choisissez si elle part seule ou après votre validation.">
            <fieldset data-testid="reply-sending" disabled=move || choose.pending().get()>
                <legend class="sr-only">"Envoi des réponses de l'agent"</legend>
                <div class="grid gap-2">
                    {ReplySending::ALL.iter().map(|mode| {
                        let mode = *mode;
                        let id = format!("envoi-{}", mode.as_str());
                        let label_for = id.clone();
                        view! {
                            <label for=label_for class=move || format!(
                                "flex cursor-pointer items-center gap-3 rounded-lg px-3.5 py-3 text-sm ring-1 ring-inset {}",
                                if current() == mode { "bg-brand-50 font-medium text-brand-800 ring-brand-500" } else { "bg-white text-ink-800 ring-ink-300 hover:bg-ink-50" }
                            )>
                                <input id=id type="radio" name="reply_sending" value=mode.as_str()
                                    prop:checked=move || current() == mode
                                    class="size-4 text-brand-600 focus:ring-brand-600"
                                    on:change=move |_| { choose.dispatch(mode); }/>
                                {mode.label_fr()}
                            </label>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
            <p class="mt-3 text-xs text-ink-500">
                "Quel que soit ce choix, une réponse qui promettrait ce que votre profil interdit n'est jamais envoyée : la conversation vous est confiée."
            </p>
        </Card>
    }
}
