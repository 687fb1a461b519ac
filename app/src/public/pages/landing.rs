//! The landing page: hero with a product mock, key facts, how it works, features, compliance,
//! pricing, FAQ and a final call to action. The server renders the static sections
//! (`sections`); the browser hydrates the header and the pricing (its offers come from the
//! database, its slider moves).

use crate::public::chrome::{PublicFooter, PublicHeader};
use crate::public::static_html::{ServerHtml, StaticBlock};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

#[cfg(feature = "ssr")]
mod mock;
#[cfg(feature = "ssr")]
pub(in crate::public) mod sections;

#[component]
pub fn LandingPage() -> impl IntoView {
    view! {
        <Title text="Prospection B2B automatisée, du premier contact au rendez-vous"/>
        <Meta
            name="description"
            content="Prospecta construit votre base de prospects B2B, contacte chaque entreprise via le formulaire de son site et suit chaque envoi. Un agent IA mène les conversations qui suivent. Conforme RGPD, hébergé en France."
        />
        <div class="flex min-h-screen flex-col overflow-x-clip bg-white">
            <PublicHeader/>
            <main class="flex-1">
                <ServerHtml block=StaticBlock::Landing/>
                <crate::billing::PricingSection/>
                <ServerHtml block=StaticBlock::LandingEnd/>
            </main>
            <PublicFooter/>
        </div>
    }
    .into_any()
}
