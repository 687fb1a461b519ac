//! The sender's details: they fill the prospects' forms, and the replies come back to them.

use super::FormSection;
use super::form::{FormError, Sender};
use crate::ui::ControlledField;
use leptos::prelude::*;
use prospecta_shared::campaigns::NAME_MAX;

/// The "Expéditeur" section.
#[component]
pub(super) fn SenderSection(sender: Sender, error: FormError) -> impl IntoView {
    let Sender { first_name, last_name, company, email, phone, address, website } = sender;
    // "Le nom de l'expéditeur" covers two inputs: the error goes under the empty one.
    let sender_name_error = error.field("sender_name");
    let first_name_error =
        Signal::derive(move || sender_name_error.get().filter(|_| first_name.with(|f| f.trim().is_empty())));
    let last_name_error =
        Signal::derive(move || sender_name_error.get().filter(|_| !first_name.with(|f| f.trim().is_empty())));
    view! {
        <FormSection
            heading_id="expediteur-titre"
            title="Expéditeur"
            description="Ces coordonnées remplissent les champs des formulaires (nom, société, e-mail, téléphone…) : c'est à vous que les prospects répondront."
        >
            <div class="mt-4 grid gap-5 sm:grid-cols-2">
                <ControlledField label="Prénom" id="expediteur-prenom" value=first_name autocomplete="given-name" error=first_name_error required=true/>
                <ControlledField label="Nom" id="expediteur-nom" value=last_name autocomplete="family-name" error=last_name_error required=true/>
                <ControlledField label="Société" id="expediteur-societe" value=company autocomplete="organization" error=error.field("sender_company") maxlength=NAME_MAX required=true/>
                <ControlledField label="E-mail" id="expediteur-email" input_type="email" value=email autocomplete="email" hint="Les réponses arrivent à cette adresse." error=error.field("sender_email") required=true/>
                <ControlledField label="Téléphone" id="expediteur-telephone" input_type="tel" value=phone autocomplete="tel" placeholder="04 78 60 12 34" error=error.field("sender_phone")/>
                <ControlledField label="Site web" id="expediteur-site" value=website autocomplete="url" placeholder="www.votre-entreprise.fr"/>
                <div class="sm:col-span-2">
                    <ControlledField label="Adresse postale" id="expediteur-adresse" value=address autocomplete="street-address" placeholder="12 rue de la République, 69002 Lyon" hint="Certains formulaires la demandent."/>
                </div>
            </div>
        </FormSection>
    }
}
