//! `/app/campagnes/:id`: one campaign, live. Its figures follow the server (`live`), PLAY /
//! PAUSE is in the header (`run`), then the tested messages (`variants`) and the companies
//! targeted (`contacts`).

mod contacts;
mod live;
mod run;
mod variants;

use super::{BackLink, count_fr};
use crate::campaigns::api::{get_campaign, list_contacts};
use crate::ui::{Alert, AlertTone, Failable, Icon, IconName, PageHeader, Skeleton, SkeletonRows};
use contacts::CampaignContacts;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use live::{Counters, FailuresCard, ProgressCard, follow_live};
use prospecta_shared::AppError;
use prospecta_shared::campaigns::{CampaignDetail, CampaignStatus, ContactFilter, ContactPage};
use prospecta_shared::ids::CampaignId;
use run::RunToggle;
use variants::CampaignVariants;

#[component]
pub fn CampaignPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|v| v.parse::<CampaignId>().ok())));
    let detail = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => get_campaign(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    // The contacts resource is created here, outside the Suspense, so that the server and the
    // browser give it the same place (hydration).
    let filter = RwSignal::new(ContactFilter::All);
    let page = RwSignal::new(1_u32);
    let contacts_version = RwSignal::new(0_u32);
    let contacts = Resource::new(
        move || (id.get(), filter.get(), page.get(), contacts_version.get()),
        |(id, filter, page, _)| async move {
            match id {
                Some(id) => list_contacts(id, filter.as_str().to_string(), page).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <BackLink/>
        <Suspense fallback=|| view! { <CampaignSkeleton/> }>
            <Failable title="Campagne introuvable">
                {move || Suspend::new(async move {
                    detail.await.map(|detail| view! { <CampaignView detail contacts filter page contacts_version/> })
                })}
            </Failable>
        </Suspense>
    }
}

#[component]
fn CampaignSkeleton() -> impl IntoView {
    view! {
        <div class="space-y-6" role="status" aria-label="Chargement…">
            <div class="flex flex-wrap items-end justify-between gap-4">
                <div class="space-y-2"><Skeleton class="h-8 w-72"/><Skeleton class="h-4 w-56"/></div>
                <Skeleton class="h-12 w-44 rounded-lg"/>
            </div>
            <div class="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5">
                {(0..5).map(|_| view! { <Skeleton class="h-24 rounded-xl"/> }).collect_view()}
            </div>
            <Skeleton class="h-40 w-full rounded-xl"/>
            <SkeletonRows rows=6/>
        </div>
    }
}

#[component]
fn CampaignView(
    detail: CampaignDetail,
    contacts: Resource<Result<ContactPage, AppError>>,
    filter: RwSignal<ContactFilter>,
    page: RwSignal<u32>,
    contacts_version: RwSignal<u32>,
) -> impl IntoView {
    let CampaignDetail { summary, sender, window, daily_pace, follow_up_days, live: first } = detail;
    let sender_label =
        [format!("{} {}", sender.first_name, sender.last_name).trim().to_string(), sender.company, sender.email]
            .into_iter()
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join(" · ");
    let id = summary.id;
    let title = summary.name.clone();
    let bases = if summary.databases.is_empty() { "Aucune base".to_string() } else { summary.databases.join(", ") };
    let (live, refresh) = follow_live(id, first, contacts_version);
    let status = Memo::new(move |_| live.with(|l| l.status));
    let window_label = window.label_fr();
    let pace_label = format!(
        "{} par jour au maximum · relance après {}",
        count_fr(u64::from(daily_pace), "envoi", "envois"),
        count_fr(u64::from(follow_up_days), "jour", "jours")
    );

    view! {
        <Title text=title.clone()/>
        <PageHeader title=title description=bases actions=Box::new(move || view! { <RunToggle id live/> }.into_any())/>
        <div class="space-y-6">
            <div class="flex flex-col gap-1 text-sm text-ink-600 sm:flex-row sm:flex-wrap sm:gap-x-6">
                <p class="flex items-start gap-1.5"><Icon name=IconName::Clock class="mt-0.5 size-4 shrink-0 text-ink-500"/>{window_label}</p>
                <p class="flex items-start gap-1.5"><Icon name=IconName::Chart class="mt-0.5 size-4 shrink-0 text-ink-500"/>{pace_label}</p>
                <p class="flex min-w-0 items-start gap-1.5">
                    <Icon name=IconName::Users class="mt-0.5 size-4 shrink-0 text-ink-500"/>
                    <span class="min-w-0 break-words"><span class="sr-only">"Expéditeur : "</span>{sender_label}</span>
                </p>
            </div>
            {move || live.with(|l| l.pause_reason.clone()).map(|reason| view! {
                <Alert tone=AlertTone::Warning><strong>"Campagne en pause : "</strong>{reason}</Alert>
            })}
            <Show when=move || status.get() == CampaignStatus::Draft>
                <Alert>"La campagne est prête : cliquez sur « Démarrer » pour lancer les envois. Vous pourrez la mettre en pause à tout moment."</Alert>
            </Show>

            <Counters live/>

            <div class="grid gap-6 lg:grid-cols-2">
                <ProgressCard live/>
                <FailuresCard live/>
            </div>

            <CampaignVariants id live/>

            <CampaignContacts contacts filter page contacts_version refresh/>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::contacts::ContactsTable;
    use super::live::Counter;
    use super::variants::VariantsSection;
    use super::*;
    use prospecta_shared::campaigns::{CampaignLive, ContactRow, FailureCount, StatusTone, VariantStats};

    fn live() -> CampaignLive {
        let variant = |id: i64, label: &str, follow_up: bool, leader: bool| VariantStats {
            id,
            label: label.into(),
            follow_up,
            subject: "Objet".into(),
            body: "Bonjour {{societe}}".into(),
            active: true,
            sent: 25,
            replies: 3,
            positive: 2,
            positive_rate: 8.0,
            win_probability: Some(0.7),
            leader,
        };
        CampaignLive {
            status: CampaignStatus::Running,
            pause_reason: None,
            sent_today: 12,
            planned_today: 28,
            in_flight: 1,
            pending: 300,
            targets: 400,
            sent_total: 90,
            failures: vec![
                FailureCount { outcome: "no_form".into(), label: "Pas de formulaire".into(), count: 7 },
                FailureCount { outcome: "captcha".into(), label: "CAPTCHA".into(), count: 3 },
            ],
            failures_total: 10,
            replies: 5,
            positive_replies: 3,
            follow_ups_sent: 2,
            email_queue: 0,
            period_done: 90,
            period_quota: 880,
            next_send: Some("Prochain envoi vers 14 h 32".into()),
            in_window: true,
            variants: vec![variant(1, "A", false, true), variant(2, "B", false, false), variant(3, "R", true, false)],
            min_sample: 20,
        }
    }

    /// The live parts render on the server with their test ids.
    #[cfg(feature = "ssr")]
    #[test]
    fn live_parts_render_with_their_test_ids() {
        let owner = Owner::new();
        owner.set();
        let live = RwSignal::new(live());
        let figure = move |f: fn(&CampaignLive) -> u64| Signal::derive(move || live.with(f));
        let html = view! {
            <dl>
                <Counter label="Envoyés aujourd'hui" testid="sent-today" value=figure(|l| l.sent_today)/>
                <Counter label="Échecs" testid="failures-total" value=figure(|l| l.failures_total)>"x"</Counter>
            </dl>
            <ProgressCard live/>
            <FailuresCard live/>
            <VariantsSection live on_toggle=Callback::new(|_| ()) busy=Signal::derive(|| None)/>
            <ContactsTable
                rows=vec![ContactRow {
                    id: prospecta_shared::ids::ContactId(9),
                    company: "Boulangerie Martin".into(),
                    city: Some("Lyon".into()),
                    variant: Some("A".into()),
                    status: "Formulaire envoyé le 03/03/2026".into(),
                    tone: StatusTone::Success,
                    detail: None,
                    follow_ups: 1,
                    can_record_reply: true,
                }]
                on_reply=Callback::new(|_| ())
                replying_to=Signal::derive(|| None)
            />
        }
        .to_html();
        for needle in [
            r#"data-testid="sent-today""#,
            r#"data-value="12""#,
            r#"data-testid="failures-total""#,
            r#"data-testid="variant-A""#,
            r#"data-testid="variant-B""#,
            r#"data-testid="variant-R""#,
            r#"data-testid="failure-no_form""#,
            "En tête",
            "Quota du mois",
            "Réponse positive",
            "70,0\u{a0}%",
            "Prochain envoi vers 14 h 32",
        ] {
            assert!(html.contains(needle), "{needle} missing from {html}");
        }
    }
}
