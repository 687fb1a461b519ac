//! What the three legal pages share: one layout, a readable prose column styled without a
//! typography plugin, the tabs between them and the date of their last update.

use crate::public::chrome::{PublicFooter, PublicHeader};
use crate::public::static_html::{ServerHtml, StaticBlock};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

#[cfg(feature = "ssr")]
const UPDATED: &str = "25/11/2026";

#[cfg(feature = "ssr")]
const LEGAL_PAGES: [(&str, &str); 3] =
    [("/mentions-legales", "Mentions légales"), ("/confidentialite", "Confidentialité"), ("/cgu", "CGU")];

/// The prose styles, applied to the descendants of the article (h2, h3, p, lists, links).
#[cfg(feature = "ssr")]
const PROSE: &str = "text-base leading-7 text-ink-700 \
    [&_h2]:mt-12 [&_h2]:scroll-mt-24 [&_h2]:border-t [&_h2]:border-ink-200 [&_h2]:pt-10 [&_h2]:text-xl [&_h2]:font-semibold [&_h2]:tracking-tight [&_h2]:text-ink-900 \
    [&_h2:first-child]:mt-0 [&_h2:first-child]:border-t-0 [&_h2:first-child]:pt-0 \
    [&_h3]:mt-8 [&_h3]:text-base [&_h3]:font-semibold [&_h3]:text-ink-900 \
    [&_p]:mt-4 [&_ul]:mt-4 [&_ul]:list-disc [&_ul]:space-y-2 [&_ul]:pl-6 [&_li]:pl-1 [&_li]:marker:text-brand-600 \
    [&_strong]:font-semibold [&_strong]:text-ink-900 \
    [&_a]:font-medium [&_a]:text-brand-700 [&_a]:underline [&_a]:decoration-brand-300 [&_a]:underline-offset-4 [&_a:hover]:decoration-brand-700";

/// A legal page: its title and description, the public header, its content as the server
/// renders it ([`content`]), the footer.
#[component]
pub(super) fn LegalPage(title: &'static str, description: &'static str, block: StaticBlock) -> impl IntoView {
    view! {
        <Title text=title/>
        <Meta name="description" content=description/>
        <div class="flex min-h-screen flex-col bg-white">
            <PublicHeader/>
            <main class="flex-1">
                <ServerHtml block=block/>
            </main>
            <PublicFooter/>
        </div>
    }
    .into_any()
}

/// The title block with the date of the last update and the tabs between legal pages, then the
/// prose column: rendered by the server only.
#[cfg(feature = "ssr")]
pub(super) fn content(
    path: &'static str,
    title: &'static str,
    intro: &'static str,
    prose: impl IntoView,
) -> impl IntoView {
    view! {
        <div class="border-b border-ink-200 bg-ink-50">
            <div class="mx-auto max-w-3xl px-4 pb-10 pt-12 sm:px-6 sm:pt-16">
                <p class="text-sm font-semibold uppercase tracking-widest text-brand-700">"Informations légales"</p>
                <h1 class="mt-3 text-3xl font-semibold tracking-tight text-balance text-ink-950 sm:text-4xl">{title}</h1>
                <p class="mt-4 text-lg leading-8 text-ink-600">{intro}</p>
                <p class="mt-4 text-sm text-ink-500">{format!("Dernière mise à jour\u{a0}: {UPDATED}")}</p>
                <nav aria-label="Pages légales" class="mt-8">
                    <ul class="flex flex-wrap gap-2">
                        {LEGAL_PAGES
                            .into_iter()
                            .map(|(href, label)| {
                                let current = href == path;
                                let look = if current {
                                    "bg-ink-900 text-white"
                                } else {
                                    "bg-white text-ink-700 ring-1 ring-ink-200 hover:bg-ink-100 hover:text-ink-900"
                                };
                                view! {
                                    <li>
                                        <a
                                            href=href
                                            aria-current=current.then_some("page")
                                            class=format!("inline-flex rounded-full px-3.5 py-1.5 text-sm font-medium transition-colors {look}")
                                        >
                                            {label}
                                        </a>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </nav>
            </div>
        </div>
        <article class=format!("mx-auto max-w-3xl px-4 py-12 sm:px-6 sm:py-16 {PROSE}")>{prose}</article>
    }
}
