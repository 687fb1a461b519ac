//! `/app/campagnes`: the organisation's campaigns as cards.

use super::{Figure, count_fr, int_fr, share, status_tone};
use crate::business::offer_scope;
use crate::campaigns::api::list_campaigns;
use crate::ui::{Badge, ButtonLink, CardsSkeleton, EmptyState, Failable, Icon, IconName, PageHeader, ProgressBar};
use leptos::prelude::*;
use leptos_meta::Title;
use prospecta_shared::campaigns::CampaignSummary;

#[component]
pub fn CampaignsPage() -> impl IntoView {
    let campaigns = Resource::new(offer_scope, |_| list_campaigns());
    view! {
        <Title text="Campagnes"/>
        <PageHeader
            title="Campagnes"
            description="Vos prises de contact via les formulaires des sites de vos prospects, avec tests A/B et relances."
            actions=Box::new(|| view! {
                <ButtonLink href="/app/campagnes/nouvelle"><Icon name=IconName::Plus class="size-4"/>"Nouvelle campagne"</ButtonLink>
            }.into_any())
        />
        <Suspense fallback=|| view! { <CardsSkeleton cards=2/> }>
            <Failable>
                {move || Suspend::new(async move {
                    campaigns.await.map(|list| if list.is_empty() {
                        view! {
                            <EmptyState
                                icon=IconName::Megaphone
                                title="Aucune campagne pour le moment"
                                description="Une campagne écrit à chaque entreprise débloquée de vos bases via le formulaire de contact de son site, teste plusieurs messages et relance celles qui ne répondent pas."
                                action_label="Créer une campagne"
                                action_href="/app/campagnes/nouvelle"
                            />
                        }.into_any()
                    } else {
                        view! {
                            <ul class="grid gap-4 lg:grid-cols-2" aria-label="Vos campagnes">
                                {list.into_iter().map(|campaign| view! { <CampaignCard campaign/> }).collect_view()}
                            </ul>
                        }.into_any()
                    })
                })}
            </Failable>
        </Suspense>
    }
}

#[component]
fn CampaignCard(campaign: CampaignSummary) -> impl IntoView {
    let CampaignSummary { id, name, status, pause_reason, databases, targets, sent, failures, replies, created_on } =
        campaign;
    let bases = if databases.is_empty() { "Aucune base".to_string() } else { databases.join(", ") };
    view! {
        <li class="relative flex flex-col rounded-xl bg-white p-5 shadow-card ring-1 ring-ink-200/70 transition-shadow hover:ring-brand-300">
            <div class="flex items-start justify-between gap-3">
                <div class="min-w-0">
                    <h2 class="truncate text-base font-semibold text-ink-900">
                        // The whole card is clickable through this link's ::after.
                        <a href=format!("/app/campagnes/{id}") class="rounded after:absolute after:inset-0 after:content-['']">{name}</a>
                    </h2>
                    <p class="mt-0.5 flex items-center gap-1.5 text-sm text-ink-500">
                        <Icon name=IconName::Database class="size-4 shrink-0"/><span class="truncate">{bases}</span>
                    </p>
                </div>
                <Badge tone=status_tone(status)>{status.label_fr()}</Badge>
            </div>
            {pause_reason.map(|r| view! {
                <p class="mt-3 flex items-start gap-1.5 text-sm text-warning-800">
                    <Icon name=IconName::Alert class="mt-0.5 size-4 shrink-0"/>{r}
                </p>
            })}
            <div class="mt-4">
                <ProgressBar
                    label="Entreprises contactées"
                    percent=share(sent, targets)
                    detail=format!("{} sur {}", int_fr(sent), count_fr(targets, "cible", "cibles"))
                />
            </div>
            <dl class="mt-4 grid grid-cols-2 gap-3 border-t border-ink-100 pt-4 text-sm sm:grid-cols-4">
                <Figure label="Cibles" value=int_fr(targets)/>
                <Figure label="Envoyés" value=int_fr(sent)/>
                <Figure label="Échecs" value=int_fr(failures)/>
                <Figure label="Réponses" value=int_fr(replies)/>
            </dl>
            <p class="mt-3 text-xs text-ink-500">{format!("Créée le {created_on}")}</p>
        </li>
    }
}
