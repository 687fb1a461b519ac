//! Sign-up, login, password reset and invitation pages. Every form is a real `<form>` posting to
//! its server function, so it works before hydration and without JavaScript.

use super::api::{
    AcceptInvitation, Login, RequestPasswordReset, ResendVerification, ResetPassword, SignUp, VerifyEmail,
    load_invitation, sandbox_inbox,
};
use crate::public::Logo;
use crate::ui::{Alert, AlertTone, Button, ButtonLink, Field, FormErrors, Icon, IconName, SkeletonRows};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use prospecta_shared::accounts::PASSWORD_MIN;

#[component]
fn GeneralError(message: Signal<Option<String>>) -> impl IntoView {
    view! {
        <Show when=move || message.get().is_some()>
            <Alert tone=AlertTone::Error>{move || message.get()}</Alert>
        </Show>
    }
}

/// Two columns on desktop: the form, and a brand panel that says what the product does.
#[component]
fn AuthLayout(#[prop(into)] title: String, #[prop(into)] subtitle: String, children: Children) -> impl IntoView {
    view! {
        <Title text=title.clone()/>
        <crate::shell::SandboxBannerIfEnabled/>
        <div class="flex min-h-screen">
            <main class="flex flex-1 flex-col px-6 py-8 sm:px-12">
                <Logo/>
                <div class="mx-auto flex w-full max-w-md flex-1 flex-col justify-center py-10">
                    <h1 class="text-2xl font-semibold tracking-tight text-ink-900 sm:text-3xl">{title}</h1>
                    <p class="mt-2 text-sm text-ink-600">{subtitle}</p>
                    <div class="mt-8">{children()}</div>
                </div>
                <p class="text-xs text-ink-500">
                    "© 2026 Prospecta · " <a class="underline hover:text-ink-700" href="/mentions-legales">"Mentions légales"</a>
                    " · " <a class="underline hover:text-ink-700" href="/confidentialite">"Confidentialité"</a>
                </p>
            </main>
            <aside class="relative hidden w-[44%] overflow-hidden bg-brand-900 p-12 text-white lg:flex lg:flex-col lg:justify-center">
                <div class="absolute -right-24 -top-24 size-96 rounded-full bg-brand-600/40 blur-3xl" aria-hidden="true"></div>
                <div class="relative max-w-md">
                    <p class="text-sm font-semibold uppercase tracking-widest text-brand-200">"Prospection B2B automatisée"</p>
                    <p class="mt-4 text-3xl font-semibold leading-tight">"Des rendez-vous qualifiés, sans passer vos journées à prospecter."</p>
                    <ul class="mt-8 space-y-4 text-brand-100">
                        {[
                            "Des bases d'entreprises vérifiées, par secteur et par zone",
                            "Un premier contact via le formulaire de chaque site",
                            "Bientôt\u{a0}: un agent IA qui mène les échanges jusqu'au rendez-vous",
                        ].into_iter().map(|t| view! {
                            <li class="flex gap-3"><Icon name=IconName::CheckCircle class="mt-0.5 size-5 shrink-0 text-brand-300"/>{t}</li>
                        }).collect_view()}
                    </ul>
                </div>
            </aside>
        </div>
    }
}

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
        } else {
            None
        }
    };
    view! {
        <AuthLayout title="Connexion" subtitle="Heureux de vous revoir. Connectez-vous à votre espace Prospecta.">
            <ActionForm action attr:class="space-y-5" attr:novalidate="true">
                {move || notice().map(|n| view! { <Alert tone=AlertTone::Success>{n}</Alert> })}
                <GeneralError message=errors.general(&["email", "password"])/>
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

#[component]
pub fn SignupPage() -> impl IntoView {
    let action = ServerAction::<SignUp>::new();
    let errors = FormErrors::new(action.value());
    view! {
        <AuthLayout title="Créer votre compte" subtitle="Des crédits offerts pour découvrir Prospecta. Sans carte bancaire, sans engagement.">
            <ActionForm action attr:class="space-y-5" attr:novalidate="true">
                <GeneralError message=errors.general(&["email", "password", "company", "first_name", "last_name"])/>
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
                        <GeneralError message=errors.general(&["email"])/>
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

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let action = ServerAction::<ResetPassword>::new();
    let errors = FormErrors::new(action.value());
    let query = use_query_map();
    let token = move || query.read().get("jeton").unwrap_or_default();
    view! {
        <AuthLayout title="Nouveau mot de passe" subtitle="Choisissez un mot de passe d'au moins 10 caractères.">
            <ActionForm action attr:class="space-y-5" attr:novalidate="true">
                <GeneralError message=errors.general(&["password", "confirm"])/>
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
                                <GeneralError message=errors.general(&["first_name", "last_name", "password"])/>
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
                <GeneralError message=errors.general(&[])/>
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
    let toasts = expect_context::<crate::ui::Toasts>();
    Effect::new(move |_| match resend.value().get() {
        Some(Ok(())) => toasts.push(AlertTone::Success, "Nouvel e-mail de confirmation envoyé."),
        Some(Err(e)) => toasts.push(AlertTone::Error, e.message_fr()),
        None => {}
    });
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
                            <Button button_type="submit" size=crate::ui::ButtonSize::Small loading=resend.pending()>"Renvoyer l'e-mail"</Button>
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

/// Sandbox only: the simulated mail sent to the signed-in user's own address.
#[component]
pub fn SandboxInboxPage() -> impl IntoView {
    let mails = Resource::new(|| (), |_| sandbox_inbox());
    view! {
        <Title text="Boîte de test (bac à sable)"/>
        <crate::ui::PageHeader
            title="Vos e-mails (mode bac à sable)"
            description="En mode bac à sable, aucun e-mail ne quitte cet ordinateur : ceux envoyés à votre adresse arrivent ici, liens compris."
        />
        <Suspense fallback=|| view! { <SkeletonRows rows=3/> }>
            {move || Suspend::new(async move {
                match mails.await {
                    Ok(list) if list.is_empty() => view! {
                        <div class="space-y-4">
                            <crate::ui::EmptyState icon=IconName::Mail title="Aucun e-mail pour l'instant" description="L'envoi prend quelques secondes : actualisez la page."/>
                            <ButtonLink href="/app/boite-de-test">"Actualiser"</ButtonLink>
                        </div>
                    }.into_any(),
                    Ok(list) => view! { <crate::ui::MailCards mails=list/> }.into_any(),
                    Err(e) => view! { <Alert tone=AlertTone::Error>{e.message_fr()}</Alert> }.into_any(),
                }
            })}
        </Suspense>
    }
}
