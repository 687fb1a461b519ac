//! `/inscription`: creating an account and its organisation.

use super::AuthLayout;
use crate::accounts::api::SignUp;
use crate::ui::{Button, Field, FormAlert, FormErrors};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use prospecta_shared::accounts::PASSWORD_MIN;
use prospecta_shared::billing::PlanChoice;
use prospecta_shared::format::{capitalize, integer_fr};

#[component]
pub fn SignupPage() -> impl IntoView {
    let action = ServerAction::<SignUp>::new();
    let errors = FormErrors::new(action.value());
    // The offer picked on the landing page rides along the form, for the subscription page.
    let query = use_query_map();
    let offre = query.with_untracked(|q| q.get("offre"));
    let contacts = query.with_untracked(|q| q.get("contacts"));
    let picked = PlanChoice::from_query(offre.as_deref(), contacts.as_deref()).map(|choice| match choice {
        PlanChoice::Plan(code) => format!("Offre choisie : {}", capitalize(&code)),
        PlanChoice::Volume(n) => format!("Offre choisie : {} entreprises contactées par mois", integer_fr(n)),
    });
    view! {
        <AuthLayout title="Créer votre compte" subtitle="Des crédits offerts pour découvrir Prospecta. Sans carte bancaire, sans engagement.">
            <ActionForm action attr:class="space-y-5" attr:novalidate="true">
                {picked.map(|p| view! {
                    <p class="rounded-lg bg-brand-50 px-4 py-3 text-sm text-brand-900 ring-1 ring-brand-200" data-testid="picked-offer">
                        {p}". Vous la retrouverez dans « Abonnement », à souscrire quand vous le souhaitez."
                    </p>
                })}
                {offre.map(|o| view! { <input type="hidden" name="offre" value=o/> })}
                {contacts.map(|c| view! { <input type="hidden" name="contacts" value=c/> })}
                <FormAlert message=errors.general(&["email", "password", "company", "first_name", "last_name"])/>
                <div class="grid gap-5 sm:grid-cols-2">
                    <Field label="Prénom" name="first_name" autocomplete="given-name" required=true maxlength=80 error=errors.field("first_name")/>
                    <Field label="Nom" name="last_name" autocomplete="family-name" required=true maxlength=80 error=errors.field("last_name")/>
                </div>
                <Field label="Entreprise" name="company" autocomplete="organization" required=true maxlength=120 error=errors.field("company")/>
                <Field label="Adresse e-mail professionnelle" name="email" input_type="email" autocomplete="email" required=true error=errors.field("email")/>
                <Field
                    label="Mot de passe"
                    name="password"
                    input_type="password"
                    autocomplete="new-password"
                    required=true
                    hint=format!("Au moins {PASSWORD_MIN} caractères. Une phrase facile à retenir fait un excellent mot de passe.")
                    error=errors.field("password")
                />
                <Button button_type="submit" full_width=true loading=action.pending()>"Créer mon compte"</Button>
                <p class="text-xs text-ink-500">
                    "En créant un compte, vous acceptez nos "
                    <a href="/cgu" class="underline">"conditions générales"</a>" et notre "
                    <a href="/confidentialite" class="underline">"politique de confidentialité"</a>"."
                </p>
            </ActionForm>
            <p class="mt-8 text-center text-sm text-ink-600">
                "Déjà client ? " <a href="/connexion" class="font-semibold text-brand-700 hover:underline">"Se connecter"</a>
            </p>
        </AuthLayout>
    }
}
