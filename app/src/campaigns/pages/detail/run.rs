//! PLAY / PAUSE (FORM-4): the campaign's status and the button that starts, pauses or resumes
//! it.

use crate::campaigns::api::set_campaign_running;
use crate::campaigns::pages::status_tone;
use crate::ui::{ActionToast, Badge, Button, ButtonSize, Icon, IconName};
use leptos::prelude::*;
use prospecta_shared::campaigns::{CampaignLive, CampaignStatus};
use prospecta_shared::ids::CampaignId;

/// The status badge and the run button of the page header.
#[component]
pub(super) fn RunToggle(id: CampaignId, live: RwSignal<CampaignLive>) -> impl IntoView {
    let run = Action::new(move |running: &bool| set_campaign_running(id, *running));
    let switching = run.pending();
    ActionToast::new(&run)
        .success_with(|fresh: &CampaignLive| match fresh.status {
            CampaignStatus::Running => "Campagne démarrée : les envois suivent la plage et le rythme choisis.",
            _ => "Campagne en pause : plus aucun envoi jusqu'à la reprise.",
        })
        .then(move |fresh| live.set(fresh))
        .install();
    let status = Memo::new(move |_| live.with(|l| l.status));
    let running = Signal::derive(move || status.get() == CampaignStatus::Running);
    view! {
        <span data-testid="campaign-status" data-status=move || status.get().as_str()>
            {move || { let s = status.get(); view! { <Badge tone=status_tone(s)>{s.label_fr()}</Badge> } }}
        </span>
        <Button
            size=ButtonSize::Large
            loading=switching
            on_click=move |_| { run.dispatch(!running.get_untracked()); }
            attr:data-testid="run-toggle"
        >
            {move || if running.get() {
                view! { <Icon name=IconName::Pause class="size-5"/>"Mettre en pause" }.into_any()
            } else if status.get() == CampaignStatus::Draft {
                view! { <Icon name=IconName::Play class="size-5"/>"Démarrer" }.into_any()
            } else {
                view! { <Icon name=IconName::Play class="size-5"/>"Reprendre" }.into_any()
            }}
        </Button>
    }
}
