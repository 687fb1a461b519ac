//! The chrome shared by every public page: the logo, the sticky header with its mobile menu,
//! and the footer.

use super::static_html::{ServerHtml, StaticBlock};
use crate::ui::{ButtonLink, ButtonSize, ButtonVariant, Icon, IconName};
use leptos::prelude::*;

/// The sections of the landing page, in page order. Absolute (`/#…`) so that they also work
/// from the legal pages and the sign-in pages.
const NAV_LINKS: [(&str, &str); 4] = [
    ("/#fonctionnalites", "Fonctionnalités"),
    ("/#comment", "Comment ça marche"),
    ("/#tarifs", "Tarifs"),
    ("/#faq", "FAQ"),
];

/// The Prospecta mark (a "P" whose bowl is a target) and the word mark, linking home.
#[component]
pub fn Logo(#[prop(optional)] light: bool) -> impl IntoView {
    let text = if light { "text-white" } else { "text-ink-900" };
    let dot = if light { "fill-brand-300" } else { "fill-brand-200" };
    view! {
        <a
            href="/"
            class=format!("inline-flex shrink-0 items-center gap-2.5 rounded-lg font-semibold tracking-tight {text}")
            aria-label="Prospecta, accueil"
        >
            <svg class="size-8 shrink-0" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
                <rect width="32" height="32" rx="9" class="fill-brand-600"></rect>
                <path
                    d="M11 24V8.5h6.25a5.75 5.75 0 0 1 0 11.5H11"
                    fill="none"
                    stroke="white"
                    stroke-width="3"
                    stroke-linecap="round"
                    stroke-linejoin="round"
                ></path>
                <circle cx="17.25" cy="14.25" r="1.9" class=dot></circle>
            </svg>
            <span class="text-lg">"Prospecta"</span>
        </a>
    }
}

/// The sticky top bar of the public site. Below `md` the links move into a panel that a menu
/// button opens and closes (Escape closes it too).
#[component]
pub fn PublicHeader() -> impl IntoView {
    let open = RwSignal::new(false);
    let close = move |_| open.set(false);

    view! {
        <crate::shell::SandboxBannerIfEnabled/>
        <header
            class="sticky top-0 z-40 border-b border-ink-200/70 bg-white/85 backdrop-blur-md supports-[backdrop-filter]:bg-white/75"
            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                if ev.key() == "Escape" {
                    open.set(false);
                }
            }
        >
            <div class="mx-auto flex h-16 max-w-7xl items-center justify-between gap-4 px-4 sm:px-6 lg:px-8">
                <Logo/>

                <nav aria-label="Navigation principale" class="hidden md:block">
                    <ul class="flex items-center gap-1">
                        {NAV_LINKS
                            .into_iter()
                            .map(|(href, label)| {
                                view! {
                                    <li>
                                        <a
                                            href=href
                                            class="rounded-lg px-3 py-2 text-sm font-medium text-ink-600 transition-colors hover:bg-ink-100 hover:text-ink-900"
                                        >
                                            {label}
                                        </a>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </nav>

                <div class="flex items-center gap-2">
                    <a
                        href="/connexion"
                        class="hidden rounded-lg px-3 py-2 text-sm font-medium text-ink-700 transition-colors hover:bg-ink-100 hover:text-ink-900 md:inline-flex"
                    >
                        "Connexion"
                    </a>
                    <ButtonLink href="/inscription" size=ButtonSize::Small>
                        "Essai gratuit"
                    </ButtonLink>
                    <button
                        type="button"
                        class="-mr-1 inline-flex size-10 items-center justify-center rounded-lg text-ink-700 transition-colors hover:bg-ink-100 hover:text-ink-900 md:hidden"
                        aria-label="Ouvrir le menu"
                        aria-controls="menu-public"
                        aria-expanded=move || if open.get() { "true" } else { "false" }
                        on:click=move |_| open.update(|o| *o = !*o)
                    >
                        <Show
                            when=move || open.get()
                            fallback=|| view! { <Icon name=IconName::Menu class="size-6"/> }
                        >
                            <Icon name=IconName::Close class="size-6"/>
                        </Show>
                    </button>
                </div>
            </div>

            <div id="menu-public" class="border-t border-ink-200/70 bg-white md:hidden" class:hidden=move || !open.get()>
                <nav aria-label="Navigation mobile" class="mx-auto max-w-7xl px-4 pb-5 pt-3 sm:px-6">
                    <ul class="space-y-1">
                        {NAV_LINKS
                            .into_iter()
                            .map(|(href, label)| {
                                view! {
                                    <li>
                                        <a
                                            href=href
                                            on:click=close
                                            class="flex items-center justify-between rounded-lg px-3 py-3 text-base font-medium text-ink-800 hover:bg-ink-50"
                                        >
                                            {label}
                                            <Icon name=IconName::ArrowRight class="size-4 text-ink-500"/>
                                        </a>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                    <div class="mt-4 grid grid-cols-2 gap-3 border-t border-ink-100 pt-4">
                        <ButtonLink href="/connexion" variant=ButtonVariant::Secondary full_width=true>
                            "Connexion"
                        </ButtonLink>
                        <ButtonLink href="/inscription" full_width=true>
                            "Essai gratuit"
                        </ButtonLink>
                    </div>
                </nav>
            </div>
        </header>
    }
    .into_any()
}

/// One column of footer links.
#[cfg(feature = "ssr")]
#[component]
fn FooterColumn(title: &'static str, links: &'static [(&'static str, &'static str)]) -> impl IntoView {
    view! {
        <div>
            <h2 class="text-sm font-semibold text-white">{title}</h2>
            <ul class="mt-4 space-y-3">
                {links
                    .iter()
                    .map(|(href, label)| {
                        view! {
                            <li>
                                <a
                                    href=*href
                                    class="rounded text-sm text-ink-300 transition-colors hover:text-white focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-white"
                                >
                                    {*label}
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </div>
    }
}

#[cfg(feature = "ssr")]
const FOOTER_PRODUCT: &[(&str, &str)] = &[
    ("/#fonctionnalites", "Fonctionnalités"),
    ("/#comment", "Comment ça marche"),
    ("/#tarifs", "Tarifs"),
    ("/#faq", "Questions fréquentes"),
];

#[cfg(feature = "ssr")]
const FOOTER_COMPANY: &[(&str, &str)] = &[
    ("/#conformite", "Notre engagement RGPD"),
    ("/inscription", "Créer un compte"),
    ("/connexion", "Connexion"),
    ("/mentions-legales", "Nous contacter"),
];

#[cfg(feature = "ssr")]
const FOOTER_LEGAL: &[(&str, &str)] = &[
    ("/mentions-legales", "Mentions légales"),
    ("/confidentialite", "Politique de confidentialité"),
    ("/cgu", "Conditions générales d'utilisation"),
];

/// The public pages' footer: static links and copy, rendered by the server alone
/// ([`ServerHtml`]).
#[component]
pub fn PublicFooter() -> impl IntoView {
    view! { <ServerHtml block=StaticBlock::Footer/> }
}

#[cfg(feature = "ssr")]
pub(super) fn footer() -> impl IntoView {
    view! {
        <footer class="bg-brand-950 text-ink-300">
            <div class="mx-auto max-w-7xl px-4 pb-10 pt-16 sm:px-6 lg:px-8">
                <div class="grid gap-12 lg:grid-cols-[1.4fr_2fr]">
                    <div class="max-w-sm">
                        <Logo light=true/>
                        <p class="mt-5 text-sm leading-6 text-ink-300">
                            "La prospection B2B qui construit votre base, contacte vos prospects et mène les échanges jusqu'au rendez-vous, dans le respect du RGPD."
                        </p>
                        <div class="mt-6">
                            <ButtonLink href="/inscription" variant=ButtonVariant::Secondary size=ButtonSize::Small>
                                "Essai gratuit"
                                <Icon name=IconName::ArrowRight class="size-4"/>
                            </ButtonLink>
                        </div>
                    </div>
                    <nav aria-label="Pied de page" class="grid grid-cols-2 gap-10 sm:grid-cols-3">
                        <FooterColumn title="Produit" links=FOOTER_PRODUCT/>
                        <FooterColumn title="Entreprise" links=FOOTER_COMPANY/>
                        <FooterColumn title="Légal" links=FOOTER_LEGAL/>
                    </nav>
                </div>
                <div class="mt-14 flex flex-col gap-4 border-t border-white/10 pt-8 text-sm sm:flex-row sm:items-center sm:justify-between">
                    <p>"© 2026 Prospecta SAS"</p>
                    <p class="inline-flex items-center gap-2">
                        <Icon name=IconName::Shield class="size-4 text-brand-300"/>
                        "Hébergé en France · Conforme RGPD"
                    </p>
                </div>
            </div>
        </footer>
    }
    .into_any()
}
