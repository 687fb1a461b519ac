//! `/app/boite-de-test`, sandbox only: the simulated mail sent to the signed-in user's own
//! address.

use crate::accounts::api::sandbox_inbox;
use crate::ui::{ButtonLink, EmptyState, Failable, IconName, MailCards, PageHeader, SkeletonRows};
use leptos::prelude::*;
use leptos_meta::Title;

/// Sandbox only: the simulated mail sent to the signed-in user's own address.
#[component]
pub fn SandboxInboxPage() -> impl IntoView {
    let mails = Resource::new(|| (), |_| sandbox_inbox());
    view! {
        <Title text="Boîte de test (bac à sable)"/>
        <PageHeader
            title="Vos e-mails (mode bac à sable)"
            description="En mode bac à sable, aucun e-mail ne quitte cet ordinateur : ceux envoyés à votre adresse arrivent ici, liens compris."
        />
        <Suspense fallback=|| view! { <SkeletonRows rows=3/> }>
            <Failable>
                {move || Suspend::new(async move {
                    mails.await.map(|list| if list.is_empty() {
                        view! {
                            <div class="space-y-4">
                                <EmptyState icon=IconName::Mail title="Aucun e-mail pour l'instant" description="L'envoi prend quelques secondes : actualisez la page."/>
                                <ButtonLink href="/app/boite-de-test">"Actualiser"</ButtonLink>
                            </div>
                        }.into_any()
                    } else {
                        view! { <MailCards mails=list/> }.into_any()
                    })
                })}
            </Failable>
        </Suspense>
    }
}
