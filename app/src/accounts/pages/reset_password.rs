//! `/reinitialiser-mot-de-passe`: choosing a new password from the e-mailed link.

use super::AuthLayout;
use crate::accounts::api::ResetPassword;
use crate::ui::{Button, Field, FormAlert, FormErrors};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let action = ServerAction::<ResetPassword>::new();
    let errors = FormErrors::new(action.value());
    let query = use_query_map();
    let token = move || query.read().get("jeton").unwrap_or_default();
    view! {
        <AuthLayout title="Nouveau mot de passe" subtitle="Choisissez un mot de passe d'au moins 10 caractères.">
            <ActionForm action attr:class="space-y-5" attr:novalidate="true">
                <FormAlert message=errors.general(&["password", "confirm"])/>
                <input type="hidden" name="token" value=token/>
                <Field label="Nouveau mot de passe" name="password" input_type="password" autocomplete="new-password" required=true error=errors.field("password")/>
                <Field label="Confirmez le mot de passe" name="confirm" input_type="password" autocomplete="new-password" required=true error=errors.field("confirm")/>
                <Button button_type="submit" full_width=true loading=action.pending()>"Enregistrer"</Button>
            </ActionForm>
            <p class="mt-8 text-center text-sm text-ink-600">
                <a href="/mot-de-passe-oublie" class="font-semibold text-brand-700 hover:underline">"Demander un nouveau lien"</a>
            </p>
        </AuthLayout>
    }
}
