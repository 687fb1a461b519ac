//! `/confirmer-email`: confirming the address from the e-mailed link, and the banner that asks
//! for it on every page of the client area until then.

use super::AuthLayout;
use crate::accounts::api::{ResendVerification, VerifyEmail};
use crate::ui::{ActionToast, Alert, AlertTone, Button, ButtonSize, FormAlert, FormErrors};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The link of the confirmation e-mail lands here; one click confirms the address.
#[component]
pub fn VerifyEmailPage() -> impl IntoView {
    let action = ServerAction::<VerifyEmail>::new();
    let errors = FormErrors::new(action.value());
    let query = use_query_map();
    let token = move || query.read().get("jeton").unwrap_or_default();
    view! {
        <AuthLayout title="Confirmer votre adresse e-mail" subtitle="Un clic et votre essai démarre.">
            <ActionForm action attr:class="space-y-5" attr:novalidate="true">
                <FormAlert message=errors.general(&[])/>
                <input type="hidden" name="token" value=token/>
                <Button button_type="submit" full_width=true loading=action.pending()>"Confirmer mon adresse"</Button>
            </ActionForm>
            <p class="mt-8 text-center text-sm text-ink-600">
                "Lien expiré ? Connectez-vous : la bannière de votre espace permet d'en demander un nouveau."
            </p>
        </AuthLayout>
    }
}

/// Shown on every page of the client area until the address is confirmed: what is waiting for
/// it, a way to get the mail again, and in the sandbox the simulated inbox.
#[component]
pub fn VerifyEmailBanner(email: String, sandbox: bool) -> impl IntoView {
    let resend = ServerAction::<ResendVerification>::new();
    ActionToast::new(&resend).success("Nouvel e-mail de confirmation envoyé.").install();
    view! {
        <div class="mb-6" data-testid="verification-banner">
            <Alert tone=AlertTone::Warning>
                <div class="space-y-2">
                    <p>
                        <strong>"Confirmez votre adresse e-mail. "</strong>
                        {format!("Nous avons envoyé un lien à {email}. Votre essai démarre dès la confirmation ; en attendant, aperçus, générations et campagnes restent fermés.")}
                    </p>
                    <div class="flex flex-wrap items-center gap-3">
                        <ActionForm action=resend>
                            <Button button_type="submit" size=ButtonSize::Small loading=resend.pending()>"Renvoyer l'e-mail"</Button>
                        </ActionForm>
                        {sandbox.then(|| view! {
                            <a href="/app/boite-de-test" class="font-semibold text-warning-900 underline">
                                "Mode bac à sable : ouvrir l'e-mail reçu"
                            </a>
                        })}
                    </div>
                </div>
            </Alert>
        </div>
    }
}
