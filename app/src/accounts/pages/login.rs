//! `/connexion`: signing in, back to where the visitor was going.

use super::AuthLayout;
use crate::accounts::api::Login;
use crate::ui::{Alert, AlertTone, Button, Field, FormAlert, FormErrors};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn LoginPage() -> impl IntoView {
    let action = ServerAction::<Login>::new();
    let errors = FormErrors::new(action.value());
    let query = use_query_map();
    let next = move || query.read().get("suivant").unwrap_or_else(|| "/app".into());
    let notice = move || {
        let q = query.read();
        if q.get("reinitialise").is_some() {
            Some("Votre mot de passe a été modifié. Connectez-vous avec le nouveau.")
        } else if q.get("deconnecte").is_some() {
            Some("Vous êtes déconnecté. À bientôt !")
        } else if q.get("compte-ferme").is_some() {
            Some("Votre compte est fermé et ses données sont effacées. Merci d'avoir utilisé Prospecta.")
        } else {
            None
        }
    };
    view! {
        <AuthLayout title="Connexion" subtitle="Heureux de vous revoir. Connectez-vous à votre espace Prospecta.">
            <ActionForm action attr:class="space-y-5" attr:novalidate="true">
                {move || notice().map(|n| view! { <Alert tone=AlertTone::Success>{n}</Alert> })}
                <FormAlert message=errors.general(&["email", "password"])/>
                <input type="hidden" name="next" value=next/>
                <Field label="Adresse e-mail" name="email" input_type="email" autocomplete="email" required=true error=errors.field("email")/>
                <Field label="Mot de passe" name="password" input_type="password" autocomplete="current-password" required=true error=errors.field("password")/>
                <div class="flex justify-end text-sm">
                    <a href="/mot-de-passe-oublie" class="font-medium text-brand-700 hover:underline">"Mot de passe oublié ?"</a>
                </div>
                <Button button_type="submit" full_width=true loading=action.pending()>"Se connecter"</Button>
            </ActionForm>
            <p class="mt-8 text-center text-sm text-ink-600">
                "Pas encore de compte ? " <a href="/inscription" class="font-semibold text-brand-700 hover:underline">"Créer un compte"</a>
            </p>
        </AuthLayout>
    }
}
