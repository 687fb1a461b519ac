//! The mailbox card of `/app/parametres#messagerie`.

mod domain;
mod form;

use super::api::{DisconnectMailbox, ResumeMailbox, load_mailbox};
use crate::shell::current_user;
use crate::ui::{
    ActionToast, Alert, AlertTone, Badge, BadgeTone, Button, ButtonVariant, Card, Failable, ProgressBar, SkeletonRows,
};
use domain::DomainPanel;
use form::MailboxForm;
use leptos::prelude::*;
use prospecta_shared::accounts::OrgRole;
use prospecta_shared::mailboxes::{MailServer, MailboxStatus, MailboxView, ReplyAddressing};

/// What the client is told of the campaigns' own reply addresses.
fn reply_addressing_fr(addressing: &ReplyAddressing) -> String {
    match addressing {
        ReplyAddressing::Checking { test_address } => format!(
            "Vérification en cours : un message de test est parti vers {test_address}. Dès qu'il arrive dans votre \
             boîte de réception, chaque campagne reçoit ses réponses à sa propre adresse."
        ),
        ReplyAddressing::Tagged { example } => format!(
            "Active : chaque campagne reçoit ses réponses à sa propre adresse (par exemple {example}), dans votre \
             boîte habituelle."
        ),
        ReplyAddressing::Untagged => "Non disponible chez votre fournisseur (le message de test n'est pas arrivé) : \
             les réponses arrivent à votre adresse d'envoi et sont rattachées à leur campagne par leurs en-têtes et leur \
             expéditeur."
            .to_string(),
    }
}

#[component]
pub fn MailboxCard() -> impl IntoView {
    let mailbox = Resource::new(|| (), |_| load_mailbox());
    let editing = RwSignal::new(false);
    let refetch = Callback::new(move |_: ()| {
        editing.set(false);
        mailbox.refetch();
    });
    view! {
        <div id="messagerie">
            <Card
                title="Messagerie d'envoi"
                subtitle="Les e-mails de vos campagnes partent de votre propre boîte : le premier message quand le site n'a pas de formulaire utilisable, et les relances quand l'adresse est connue. Les réponses y arrivent."
            >
                <Suspense fallback=|| view! { <SkeletonRows rows=4/> }>
                    <Failable>
                        {move || Suspend::new(async move {
                            mailbox.await.map(|current| {
                                view! {
                                    {move || match (current.clone(), editing.get()) {
                                        (Some(view), false) => view! { <MailboxPanel view editing on_change=refetch/> }.into_any(),
                                        (current, _) => view! { <MailboxForm current on_saved=refetch on_cancel=Callback::new(move |_| editing.set(false))/> }.into_any(),
                                    }}
                                }
                            })
                        })}
                    </Failable>
                </Suspense>
            </Card>
        </div>
    }
}

fn server_fr(server: &MailServer) -> String {
    format!("{}:{} · {}", server.host.as_str(), server.port, server.security.label_fr())
}

/// The connected mailbox: what it sends today, its bounces, and the owner's actions.
#[component]
fn MailboxPanel(view: MailboxView, editing: RwSignal<bool>, on_change: Callback<()>) -> impl IntoView {
    let is_owner = current_user().role == OrgRole::Owner;
    let resume = ServerAction::<ResumeMailbox>::new();
    let disconnect = ServerAction::<DisconnectMailbox>::new();
    ActionToast::new(&resume)
        .success("Messagerie réactivée : les envois reprennent.")
        .then(move |_| on_change.run(()))
        .install();
    ActionToast::new(&disconnect)
        .success("Messagerie déconnectée : son mot de passe est effacé.")
        .then(move |_| on_change.run(()))
        .install();
    let confirming = RwSignal::new(false);
    let paused = view.status == MailboxStatus::Paused;
    let percent = (u64::from(view.sent_today) * 100 / u64::from(view.today_limit.max(1))).min(100) as u8;
    let ramp = if view.today_limit < view.daily_cap {
        format!(
            "{} / {} aujourd'hui · montée en charge progressive jusqu'à {} par jour",
            view.sent_today, view.today_limit, view.daily_cap
        )
    } else {
        format!("{} / {} aujourd'hui (plafond quotidien)", view.sent_today, view.today_limit)
    };
    view! {
        <div class="space-y-5" data-testid="mailbox-panel">
            <div class="flex flex-wrap items-center gap-3">
                <span class="text-base font-semibold text-ink-900 break-all">{format!("{} <{}>", view.from_name, view.from_address)}</span>
                {if paused {
                    view! { <Badge tone=BadgeTone::Warning>"En pause"</Badge> }.into_any()
                } else {
                    view! { <Badge tone=BadgeTone::Success>"Active"</Badge> }.into_any()
                }}
            </div>
            {view.pause_reason.clone().map(|reason| view! {
                <Alert tone=AlertTone::Warning>{format!("Aucun e-mail ne part : {reason}")}</Alert>
            })}
            <ProgressBar label="Envois du jour" percent=Signal::derive(move || percent) detail=Signal::derive(move || ramp.clone())/>
            <dl class="grid gap-4 text-sm sm:grid-cols-2">
                <div><dt class="text-ink-500">"Serveur d'envoi (SMTP)"</dt><dd class="mt-1 break-all font-medium text-ink-900">{server_fr(&view.smtp)}</dd></div>
                <div><dt class="text-ink-500">"Serveur de réception (IMAP)"</dt><dd class="mt-1 break-all font-medium text-ink-900">{server_fr(&view.imap)}</dd></div>
                <div><dt class="text-ink-500">"Identifiant"</dt><dd class="mt-1 break-all font-medium text-ink-900">{view.login.clone()}</dd></div>
                <div>
                    <dt class="text-ink-500">"Adresses rejetées définitivement"</dt>
                    <dd class="mt-1 font-medium text-ink-900">
                        {if view.recent_sent == 0 {
                            "Aucun envoi pour l'instant".to_string()
                        } else {
                            format!("{} sur les {} derniers envois (pause au-delà de 2 %)", view.recent_hard_bounces, view.recent_sent)
                        }}
                    </dd>
                </div>
                <div class="sm:col-span-2" data-testid="reply-addressing">
                    <dt class="text-ink-500">"Adresse de réponse de chaque campagne"</dt>
                    <dd class="mt-1 text-ink-900">{reply_addressing_fr(&view.reply_addressing)}</dd>
                </div>
            </dl>
            <p class="text-xs text-ink-500">{format!("Connexion vérifiée le {}. Le mot de passe est chiffré et n'est jamais réaffiché.", view.checked_at)}</p>
            <DomainPanel domain=view.from_address.rsplit_once('@').map(|(_, d)| d.to_string()).unwrap_or_default()/>
            <Show when=move || is_owner fallback=|| view! { <p class="text-sm text-ink-600">"Seul le propriétaire du compte peut modifier la messagerie."</p> }>
                <div class="flex flex-wrap gap-3">
                    <Show when=move || paused>
                        <Button loading=resume.pending() on_click=Callback::new(move |_| { resume.dispatch(ResumeMailbox {}); })>"Reprendre les envois"</Button>
                    </Show>
                    <Button variant=ButtonVariant::Secondary on_click=Callback::new(move |_| editing.set(true))>"Modifier les réglages"</Button>
                    <Show
                        when=move || confirming.get()
                        fallback=move || view! {
                            <Button variant=ButtonVariant::Ghost on_click=Callback::new(move |_| confirming.set(true))>"Déconnecter la messagerie"</Button>
                        }
                    >
                        <Button variant=ButtonVariant::Danger loading=disconnect.pending() on_click=Callback::new(move |_| { disconnect.dispatch(DisconnectMailbox {}); })>
                            "Confirmer : plus aucun e-mail ne partira"
                        </Button>
                    </Show>
                </div>
            </Show>
        </div>
    }
}
