//! `/app/parametres`: the user's profile and the organisation's team, with invitations.

use crate::accounts::api::{InviteMember, load_team, revoke_invitation};
use crate::shell::current_user;
use crate::ui::{
    ActionToast, Badge, BadgeTone, Button, ButtonSize, ButtonVariant, Card, DataTable, Failable, Field, FormErrors,
    PageHeader, SkeletonRows, Td,
};
use leptos::prelude::*;
use leptos_meta::Title;
use prospecta_shared::AppError;
use prospecta_shared::accounts::{OrgRole, Team};

#[component]
pub fn SettingsPage() -> impl IntoView {
    let user = current_user();
    view! {
        <Title text="Paramètres"/>
        <PageHeader title="Paramètres" description="Votre profil, votre entreprise et votre équipe."/>
        <div class="space-y-6">
            <Card title="Profil" subtitle="Ces informations signent vos messages de prospection.">
                <dl class="grid gap-4 text-sm sm:grid-cols-3">
                    <div><dt class="text-ink-500">"Nom"</dt><dd class="mt-1 font-medium text-ink-900">{user.display_name()}</dd></div>
                    <div><dt class="text-ink-500">"E-mail"</dt><dd class="mt-1 break-all font-medium text-ink-900">{user.email.clone()}</dd></div>
                    <div><dt class="text-ink-500">"Entreprise"</dt><dd class="mt-1 font-medium text-ink-900">{user.organization_name.clone()}</dd></div>
                    <div><dt class="text-ink-500">"Rôle"</dt><dd class="mt-1"><Badge tone=BadgeTone::Brand>{user.role.label_fr()}</Badge></dd></div>
                </dl>
            </Card>
            <TeamCard/>
        </div>
    }
}

#[component]
fn TeamCard() -> impl IntoView {
    let is_owner = current_user().role == OrgRole::Owner;
    let invite = ServerAction::<InviteMember>::new();
    let errors = FormErrors::new(invite.value());
    let revoke = Action::new(|id: &i64| revoke_invitation(*id));
    let data = Resource::new(move || (invite.version().get(), revoke.version().get()), |_| load_team());
    // The form shows an invitation's error under its field.
    ActionToast::new(&invite).success("Invitation envoyée.").errors_to(|_| ()).install();
    ActionToast::new(&revoke).success("Invitation annulée.").install();
    view! {
        <div id="equipe">
            <Card title="Équipe" subtitle="Les personnes qui ont accès à l'espace de votre entreprise.">
                <Show
                    when=move || is_owner
                    fallback=|| view! { <p class="text-sm text-ink-600">"Seul le propriétaire du compte peut inviter de nouveaux membres."</p> }
                >
                <ActionForm action=invite attr:class="flex flex-col gap-3 sm:flex-row sm:items-start" attr:novalidate="true">
                    <div class="flex-1">
                        <Field label="Inviter un collègue (adresse e-mail)" name="email" input_type="email" autocomplete="off" error=errors.field("email")/>
                        <Show when=move || errors.general(&["email"]).get().is_some()>
                            <p class="mt-1.5 text-sm text-danger-700" role="alert">{move || errors.general(&["email"]).get()}</p>
                        </Show>
                    </div>
                    <div class="sm:pt-7"><Button button_type="submit" loading=invite.pending()>"Envoyer l'invitation"</Button></div>
                </ActionForm>
                </Show>
                <div class="mt-6">
                    <Suspense fallback=|| view! { <SkeletonRows rows=3/> }>
                        <Failable>
                            {move || Suspend::new(async move { data.await.map(|team| view! { <TeamList team is_owner revoke/> }) })}
                        </Failable>
                    </Suspense>
                </div>
            </Card>
        </div>
    }
}

/// The members, and the invitations waiting for an answer (the owner can cancel them).
#[component]
fn TeamList(team: Team, is_owner: bool, revoke: Action<i64, Result<(), AppError>>) -> impl IntoView {
    let t = team;
    view! {
        <DataTable caption="Membres de l'équipe" columns=vec!["Membre", "Rôle", "Depuis le"]>
            {t.members.into_iter().map(|m| view! {
                <tr>
                    <Td><p class="font-medium">{format!("{} {}", m.first_name, m.last_name)}</p><p class="text-xs text-ink-500">{m.email}</p></Td>
                    <Td><Badge tone=BadgeTone::Neutral>{m.role.label_fr()}</Badge></Td>
                    <Td class="tabular-nums">{m.joined_on}</Td>
                </tr>
            }).collect_view()}
        </DataTable>
        {(!t.invitations.is_empty()).then(|| view! {
            <h3 class="mb-3 mt-6 text-sm font-semibold text-ink-900">"Invitations en attente"</h3>
            <ul class="divide-y divide-ink-100 rounded-xl ring-1 ring-ink-200">
                {t.invitations.into_iter().map(|i| {
                    let id = i.id;
                    view! {
                        <li class="flex flex-wrap items-center justify-between gap-3 px-4 py-3 text-sm">
                            <div>
                                <p class="font-medium text-ink-900">{i.email}</p>
                                <p class="text-xs text-ink-500">{format!("Invité par {} · expire le {}", i.invited_by, i.expires_on)}</p>
                            </div>
                            {is_owner.then(|| view! {
                                <Button variant=ButtonVariant::Secondary size=ButtonSize::Small on_click=move |_| { revoke.dispatch(id); }>"Annuler"</Button>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        })}
    }
}
