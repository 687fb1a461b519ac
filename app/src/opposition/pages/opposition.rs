//! `/opposition?jeton=…`: a prospect objects to being contacted, from the personal link of a
//! message or by typing an address.

use crate::opposition::api::{ObjectByEmail, object_by_link};
use crate::public::chrome::{PublicFooter, PublicHeader};
use crate::ui::{Alert, AlertTone, Button, Failable, Field, SkeletonRows};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// `/opposition?jeton=…`: records the objection on arrival and says so plainly.
#[component]
pub fn OppositionPage() -> impl IntoView {
    let query = use_query_map();
    let token = move || query.read().get("jeton").unwrap_or_default();
    let recorded =
        Resource::new(token, |t| async move { if t.is_empty() { None } else { Some(object_by_link(t).await) } });
    let other = ServerAction::<ObjectByEmail>::new();
    view! {
        <Title text="Opposition à la prospection — Prospecta"/>
        <div class="flex min-h-screen flex-col bg-ink-50">
            <PublicHeader/>
            <main class="flex-1">
            <section class="mx-auto max-w-xl px-4 py-16 sm:py-24">
                <h1 class="text-2xl font-semibold text-ink-900 sm:text-3xl">"Vous ne serez plus contacté"</h1>
                <div class="mt-6" aria-live="polite">
                    <Suspense fallback=|| view! { <SkeletonRows rows=2/> }>
                        <Failable>
                            {move || Suspend::new(async move {
                                match recorded.await {
                                    Some(result) => result.map(|r| view! {
                                        <Alert tone=AlertTone::Success>
                                            {match r.masked_email {
                                                Some(email) => format!("Votre opposition est enregistrée pour l'adresse {email} et votre entreprise."),
                                                None => "Votre opposition est enregistrée pour votre entreprise.".to_string(),
                                            }}
                                        </Alert>
                                    }.into_any()),
                                    None => Ok(view! {
                                        <Alert>"Indiquez ci-dessous l'adresse e-mail qui ne doit plus être contactée."</Alert>
                                    }.into_any()),
                                }
                            })}
                        </Failable>
                    </Suspense>
                </div>
                <p class="mt-6 text-sm leading-relaxed text-ink-700">
                    "Prospecta envoie des messages de prospection pour le compte de ses clients. Votre opposition vaut pour tous nos clients, sans limite de durée, dès maintenant. Nous ne gardons qu'une empreinte chiffrée de votre adresse, qui ne permet pas de la retrouver."
                </p>
                <div class="mt-10 rounded-xl bg-white p-5 shadow-card ring-1 ring-ink-200/70">
                    <h2 class="text-base font-semibold text-ink-900">"Une autre adresse ?"</h2>
                    <ActionForm action=other attr:class="mt-4 space-y-4" attr:novalidate="true">
                        <Field label="Adresse e-mail" name="email" input_type="email" autocomplete="email" required=true
                            error=Signal::derive(move || other.value().get().and_then(|r| r.err()).map(|e| e.message_fr()))/>
                        <Button button_type="submit" loading=other.pending()>"M'opposer pour cette adresse"</Button>
                    </ActionForm>
                    {move || other.value().get().and_then(|r| r.ok()).map(|r| view! {
                        <div class="mt-4"><Alert tone=AlertTone::Success>{format!("Opposition enregistrée pour {}.", r.masked_email.unwrap_or_default())}</Alert></div>
                    })}
                </div>
            </section>
            </main>
            <PublicFooter/>
        </div>
    }
}
