//! `/invitation`: joining a team from an invitation link.

use super::AuthLayout;
use crate::accounts::api::{AcceptInvitation, load_invitation};
use crate::ui::{Alert, AlertTone, Button, ButtonLink, Field, FormAlert, FormErrors, SkeletonRows};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AcceptInvitationPage() -> impl IntoView {
    let query = use_query_map();
    let token = move || query.read().get("jeton").unwrap_or_default();
    let preview = Resource::new(token, load_invitation);
    let action = ServerAction::<AcceptInvitation>::new();
    let errors = FormErrors::new(action.value());
    view! {
        <AuthLayout title="Rejoindre votre équipe" subtitle="Créez votre accès à l'espace Prospecta de votre entreprise.">
            <Suspense fallback=|| view! { <SkeletonRows rows=3/> }>
                {move || Suspend::new(async move {
                    match preview.await {
                        Ok(p) => view! {
                            <ActionForm action attr:class="space-y-5" attr:novalidate="true">
                                <Alert>
                                    {format!("{} vous invite à rejoindre {} avec l'adresse {}.", p.invited_by, p.organization_name, p.email)}
                                </Alert>
                                <FormAlert message=errors.general(&["first_name", "last_name", "password"])/>
                                <input type="hidden" name="token" value=token/>
                                <div class="grid gap-5 sm:grid-cols-2">
                                    <Field label="Prénom" name="first_name" autocomplete="given-name" required=true error=errors.field("first_name")/>
                                    <Field label="Nom" name="last_name" autocomplete="family-name" required=true error=errors.field("last_name")/>
                                </div>
                                <Field label="Mot de passe" name="password" input_type="password" autocomplete="new-password" required=true hint="Au moins 10 caractères." error=errors.field("password")/>
                                <Button button_type="submit" full_width=true loading=action.pending()>"Rejoindre l'équipe"</Button>
                            </ActionForm>
                        }.into_any(),
                        Err(e) => view! {
                            <div class="space-y-6">
                                <Alert tone=AlertTone::Error>{e.message_fr()}</Alert>
                                <ButtonLink href="/connexion">"Aller à la connexion"</ButtonLink>
                            </div>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </AuthLayout>
    }
}
