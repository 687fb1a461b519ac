//! `/admin/courriels`: in the sandbox, the mail that never left the machine, links included.

use crate::admin::api::admin_sandbox_mails;
use crate::ui::{EmptyState, Failable, IconName, MailCards, PageHeader, SkeletonRows};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn AdminMailsPage() -> impl IntoView {
    let mails = Resource::new(|| (), |_| admin_sandbox_mails());
    view! {
        <Title text="Courriels (sandbox)"/>
        <PageHeader title="Courriels envoyés (sandbox)" description="En mode démonstration, aucun courriel ne quitte la machine : ils arrivent ici, liens compris."/>
        <Suspense fallback=|| view! { <SkeletonRows rows=4/> }>
            <Failable>
                {move || Suspend::new(async move {
                    mails.await.map(|list| if list.is_empty() {
                        view! {
                            <EmptyState icon=IconName::Mail title="Aucun courriel" description="Les courriels de réinitialisation de mot de passe et les invitations apparaîtront ici."/>
                        }.into_any()
                    } else {
                        view! { <MailCards mails=list/> }.into_any()
                    })
                })}
            </Failable>
        </Suspense>
    }
}
