//! `/mot-de-passe-oublie`: asking for a reset link.

use super::AuthLayout;
use crate::accounts::api::RequestPasswordReset;
use crate::ui::{Alert, AlertTone, Button, Field, FormAlert, FormErrors};
use leptos::prelude::*;

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let action = ServerAction::<RequestPasswordReset>::new();
    let errors = FormErrors::new(action.value());
    let sent = move || matches!(action.value().get(), Some(Ok(())));
    view! {
        <AuthLayout title="Mot de passe oublié" subtitle="Indiquez votre adresse e-mail : nous vous envoyons un lien pour choisir un nouveau mot de passe.">
            <Show
                when=sent
                fallback=move || view! {
                    <ActionForm action attr:class="space-y-5" attr:novalidate="true">
                        <FormAlert message=errors.general(&["email"])/>
                        <Field label="Adresse e-mail" name="email" input_type="email" autocomplete="email" required=true error=errors.field("email")/>
                        <Button button_type="submit" full_width=true loading=action.pending()>"Recevoir le lien"</Button>
                    </ActionForm>
                }
            >
                <Alert tone=AlertTone::Success>
                    "Si un compte existe avec cette adresse, un e-mail vient de partir. Le lien est valable une heure."
                </Alert>
            </Show>
            <p class="mt-8 text-center text-sm text-ink-600">
                <a href="/connexion" class="font-semibold text-brand-700 hover:underline">"Retour à la connexion"</a>
            </p>
        </AuthLayout>
    }
}
