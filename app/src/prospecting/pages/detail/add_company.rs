//! Adding a company by hand (DB-2): a real form posting to `add_row`, with each server-side
//! validation error under its field.

use crate::prospecting::api::AddRow;
use crate::ui::{ActionToast, Button, Field, FormAlert, FormErrors, Modal};
use leptos::prelude::*;
use prospecta_shared::ids::DatabaseId;
use prospecta_shared::prospecting::RowView;

/// The "Ajouter une entreprise" dialog: a real form posting to `add_row`, with each server-side
/// validation error under its field.
#[component]
pub(super) fn AddCompanyModal(
    database_id: DatabaseId,
    open: RwSignal<bool>,
    on_added: Callback<RowView>,
) -> impl IntoView {
    let add = ServerAction::<AddRow>::new();
    let outcome = Signal::derive(move || add.value().get().map(|r| r.map(|_| ())));
    let errors = FormErrors::new(outcome);
    // A fresh form each time the dialog opens.
    Effect::new(move |_| {
        if open.get() {
            add.clear();
        }
    });
    ActionToast::new(&add)
        .success("Entreprise ajoutée")
        .then(move |row| {
            open.set(false);
            on_added.run(row);
        })
        // The form shows the error under its field.
        .errors_to(|_| ())
        .install();
    const FIELDS: &[&str] = &["name", "siret", "street", "postal_code", "city", "phone", "email", "website"];
    view! {
        <Modal title="Nouvelle entreprise" open>
            <ActionForm action=add attr:class="space-y-4" attr:novalidate="true">
                <p class="text-sm text-ink-600">
                    "Une entreprise que vous connaissez déjà : elle rejoint la base, débloquée, sans rien décompter de votre quota."
                </p>
                <FormAlert message=errors.general(FIELDS)/>
                <input type="hidden" name="database_id" value=database_id.to_string()/>
                <Field label="Nom" name="name" required=true maxlength=240 autocomplete="organization" error=errors.field("name")/>
                <Field label="SIRET" name="siret" hint="14 chiffres, facultatif." autocomplete="off" error=errors.field("siret")/>
                <Field label="Adresse" name="street" autocomplete="street-address" error=errors.field("street")/>
                <div class="grid gap-4 sm:grid-cols-3">
                    <Field label="Code postal" name="postal_code" required=true autocomplete="postal-code" error=errors.field("postal_code")/>
                    <div class="sm:col-span-2">
                        <Field label="Ville" name="city" required=true autocomplete="address-level2" error=errors.field("city")/>
                    </div>
                </div>
                <div class="grid gap-4 sm:grid-cols-2">
                    <Field label="Téléphone" name="phone" input_type="tel" autocomplete="tel" error=errors.field("phone")/>
                    <Field label="E-mail" name="email" input_type="email" autocomplete="email" error=errors.field("email")/>
                </div>
                <Field label="Site web" name="website" placeholder="www.entreprise.fr" autocomplete="url" error=errors.field("website")/>
                <div class="flex justify-end gap-2 pt-2">
                    <Button variant=crate::ui::ButtonVariant::Secondary on_click=move |_| open.set(false)>"Annuler"</Button>
                    <Button button_type="submit" loading=add.pending()>"Enregistrer"</Button>
                </div>
            </ActionForm>
        </Modal>
    }
}
