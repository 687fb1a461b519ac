//! Sign-up, login, password reset and invitation pages, one file a route. Every form is a real
//! `<form>` posting to its server function, so it works before hydration and without
//! JavaScript. The layout and the form-wide error they share live here.

mod forgot_password;
mod invitation;
mod login;
mod reset_password;
mod sandbox_inbox;
mod signup;
mod verify_email;

pub use forgot_password::ForgotPasswordPage;
pub use invitation::AcceptInvitationPage;
pub use login::LoginPage;
pub use reset_password::ResetPasswordPage;
pub use sandbox_inbox::SandboxInboxPage;
pub use signup::SignupPage;
pub use verify_email::{VerifyEmailBanner, VerifyEmailPage};

use crate::public::Logo;
use crate::ui::{Icon, IconName};
use leptos::prelude::*;
use leptos_meta::Title;

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
