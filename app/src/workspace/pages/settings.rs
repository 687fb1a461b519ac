//! `/app/parametres`: the user's profile and password, and the organisation's team: invitations,
//! roles, ownership, removal.

use crate::accounts::api::{
    ChangePassword, CloseAccount, InviteMember, SaveOrganization, UpdateProfile, change_member_role,
    load_notification_preferences, load_organization, load_team, remove_member, revoke_invitation,
    set_notification_preference, transfer_ownership,
};
use crate::prospecting::api::lookup_company;
use crate::shell::{current_user, refresh_frame};
use crate::ui::{
    ActionToast, Badge, BadgeTone, Button, ButtonSize, ButtonVariant, Card, ControlledField, DataTable, Failable,
    Field, FormAlert, FormErrors, Modal, PageHeader, SkeletonRows, Td, reset_form,
};
use leptos::prelude::*;
use leptos_meta::Title;
use prospecta_shared::AppError;
use prospecta_shared::accounts::{Member, OrgRole, Team};
use prospecta_shared::ids::UserId;
use prospecta_shared::organization::{OrganizationDetails, RegisteredCompany, vat_number};

#[component]
pub fn SettingsPage() -> impl IntoView {
    view! {
        <Title text="Paramètres"/>
        <PageHeader title="Paramètres" description="Votre profil, votre entreprise, votre messagerie et votre équipe."/>
        <div class="space-y-6">
            <ProfileCard/>
            <PasswordCard/>
            <NotificationsCard/>
            <OrganizationCard/>
            <crate::mailboxes::MailboxCard/>
            <TeamCard/>
            <CloseAccountCard/>
        </div>
    }
}

/// How the person hears of each kind of notification (ONB-12): each choice saved as it is made.
#[component]
fn NotificationsCard() -> impl IntoView {
    use prospecta_shared::notifications::{Delivery, NotificationPreference};
    let preferences = Resource::new(|| (), |_| load_notification_preferences());
    let save =
        Action::new(|(kind, delivery): &(String, String)| set_notification_preference(kind.clone(), delivery.clone()));
    ActionToast::new(&save).success("Préférence enregistrée.").install();
    view! {
        <div id="notifications">
            <Card title="Notifications" subtitle="Tout arrive dans la cloche de l'application ; choisissez ce qui vous est aussi envoyé par e-mail, tout de suite ou dans un résumé chaque matin.">
                <Suspense fallback=|| view! { <SkeletonRows rows=4/> }>
                    <Failable>
                        {move || Suspend::new(async move {
                            preferences.await.map(|list: Vec<NotificationPreference>| view! {
                                <ul class="divide-y divide-ink-100" data-testid="notification-preferences">
                                    {list.into_iter().map(|p| {
                                        let id = format!("notif-{}", p.kind.as_str());
                                        view! {
                                            <li class="flex flex-col gap-2 py-3 sm:flex-row sm:items-center sm:justify-between">
                                                <label for=id.clone() class="text-sm font-medium text-ink-800">{p.kind.label_fr()}</label>
                                                <select
                                                    id=id
                                                    class="rounded-lg border border-ink-200 bg-white px-3 py-2 text-sm text-ink-900 focus:outline-none focus:ring-2 focus:ring-brand-500 sm:w-64"
                                                    on:change=move |ev| { save.dispatch((p.kind.as_str().to_string(), event_target_value(&ev))); }
                                                >
                                                    {Delivery::ALL.into_iter().map(|d| view! {
                                                        <option value=d.as_str() selected=d == p.delivery>{d.label_fr()}</option>
                                                    }).collect_view()}
                                                </select>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                                <p class="mt-3 text-xs text-ink-500">"Les incidents de paiement sont toujours envoyés par e-mail aux propriétaires du compte. Un même avis ne vous est jamais envoyé deux fois."</p>
                            })
                        })}
                    </Failable>
                </Suspense>
            </Card>
        </div>
    }
}

/// A form whose success changes what the frame shows (a name): the frame and the page are drawn
/// again with the saved values; errors stay under the form's fields.
fn refresh_once_saved<I: Send + Sync + 'static>(action: &Action<I, Result<(), AppError>>, saved: &'static str) {
    ActionToast::new(action).success(saved).then(|_| refresh_frame()).errors_to(|_| ()).install();
}

/// The name the campaigns' sender is pre-filled with.
#[component]
pub(crate) fn ProfileCard() -> impl IntoView {
    let user = current_user();
    let save = ServerAction::<UpdateProfile>::new();
    let errors = FormErrors::new(save.value());
    refresh_once_saved(&save, "Profil enregistré.");
    view! {
        <Card title="Profil" subtitle="Votre nom pré-remplit l'expéditeur de vos campagnes.">
            <ActionForm action=save attr:class="space-y-4" attr:novalidate="true">
                <FormAlert message=errors.general(&["first_name", "last_name"])/>
                <div class="grid gap-4 sm:grid-cols-2">
                    <Field label="Prénom" name="first_name" autocomplete="given-name" required=true value=user.first_name.clone() error=errors.field("first_name")/>
                    <Field label="Nom" name="last_name" autocomplete="family-name" required=true value=user.last_name.clone() error=errors.field("last_name")/>
                </div>
                <dl class="grid gap-4 text-sm sm:grid-cols-3">
                    <div><dt class="text-ink-500">"E-mail"</dt><dd class="mt-1 break-all font-medium text-ink-900">{user.email.clone()}</dd></div>
                    <div><dt class="text-ink-500">"Entreprise"</dt><dd class="mt-1 font-medium text-ink-900">{user.organization_name.clone()}</dd></div>
                    <div><dt class="text-ink-500">"Rôle"</dt><dd class="mt-1"><Badge tone=BadgeTone::Brand>{user.role.label_fr()}</Badge></dd></div>
                </dl>
                <Button button_type="submit" loading=save.pending()>"Enregistrer le profil"</Button>
            </ActionForm>
        </Card>
    }
}

/// The current password is asked again; the other sessions are closed, this one stays.
#[component]
fn PasswordCard() -> impl IntoView {
    let change = ServerAction::<ChangePassword>::new();
    let errors = FormErrors::new(change.value());
    let form = NodeRef::<leptos::html::Form>::new();
    ActionToast::new(&change)
        .success("Mot de passe modifié. Vos autres sessions ont été fermées.")
        .then(move |_| reset_form(form))
        .errors_to(|_| ())
        .install();
    view! {
        <Card title="Mot de passe" subtitle="Au moins 10 caractères. Les autres appareils connectés à votre compte seront déconnectés.">
            <ActionForm action=change node_ref=form attr:class="space-y-4" attr:novalidate="true">
                <FormAlert message=errors.general(&["current", "password", "confirm"])/>
                <div class="grid gap-4 sm:grid-cols-3">
                    <Field label="Mot de passe actuel" name="current" input_type="password" autocomplete="current-password" required=true error=errors.field("current")/>
                    <Field label="Nouveau mot de passe" name="password" input_type="password" autocomplete="new-password" required=true error=errors.field("password")/>
                    <Field label="Confirmez le nouveau mot de passe" name="confirm" input_type="password" autocomplete="new-password" required=true error=errors.field("confirm")/>
                </div>
                <Button button_type="submit" loading=change.pending()>"Changer le mot de passe"</Button>
            </ActionForm>
        </Card>
    }
}

/// The organisation's legal identity: owners fill it in from the company register by its SIRET
/// (or SIREN) and correct what they need; members read it.
#[component]
pub(crate) fn OrganizationCard() -> impl IntoView {
    let details = Resource::new(|| (), |_| load_organization());
    view! {
        <div id="entreprise">
            <Card title="Entreprise" subtitle="L'identité légale de votre entreprise : raison sociale, SIRET, adresse, code NAF et numéro de TVA.">
                <Suspense fallback=|| view! { <SkeletonRows rows=4/> }>
                    <Failable>
                        {move || Suspend::new(async move { details.await.map(|d| view! { <OrganizationForm details=d/> }) })}
                    </Failable>
                </Suspense>
            </Card>
        </div>
    }
}

#[component]
fn OrganizationForm(details: OrganizationDetails) -> impl IntoView {
    let is_owner = current_user().role == OrgRole::Owner;
    let text = |v: Option<String>| RwSignal::new(v.unwrap_or_default());
    let name = RwSignal::new(details.name);
    let (legal_name, siret, street) = (text(details.legal_name), text(details.siret), text(details.street));
    let (postcode, city, naf_code) = (text(details.postcode), text(details.city), text(details.naf_code));
    // Derived from the SIRET as typed, as the server derives it when saving.
    let vat = Memo::new(move |_| {
        let digits: String = siret.get().chars().filter(char::is_ascii_digit).collect();
        digits.get(..9).and_then(vat_number)
    });
    let lookup = Action::new(|number: &String| lookup_company(number.clone()));
    let lookup_errors = FormErrors::new(Signal::derive(move || lookup.value().get().map(|r| r.map(|_| ()))));
    let found = Signal::derive(move || match lookup.value().get() {
        Some(Ok(Some(_))) => Some("Trouvée au registre : vérifiez les informations, puis enregistrez."),
        Some(Ok(None)) => {
            Some("Aucune entreprise en activité sous ce numéro au registre : saisissez ses informations.")
        }
        _ => None,
    });
    Effect::new(move |_| {
        if let Some(Ok(Some(company))) = lookup.value().get() {
            let RegisteredCompany { legal_name: l, siret: s, street: st, postcode: p, city: c, naf_code: n, .. } =
                company;
            legal_name.set(l);
            siret.set(s.unwrap_or_default());
            street.set(st.unwrap_or_default());
            postcode.set(p.unwrap_or_default());
            city.set(c.unwrap_or_default());
            naf_code.set(n.unwrap_or_default());
        }
    });
    let save = ServerAction::<SaveOrganization>::new();
    let errors = FormErrors::new(save.value());
    refresh_once_saved(&save, "Informations de l'entreprise enregistrées.");
    let disabled = Signal::derive(move || !is_owner);
    view! {
        <ActionForm action=save attr:class="space-y-4" attr:novalidate="true">
            <FormAlert message=errors.general(&["name", "legal_name", "siret", "street", "postcode", "city", "naf_code"])/>
            {(!is_owner).then(|| view! { <p class="text-sm text-ink-600">"Seul un propriétaire du compte peut modifier ces informations."</p> })}
            <div class="grid gap-4 sm:grid-cols-[1fr_auto] sm:items-start">
                <ControlledField label="SIRET (ou SIREN)" id="siret" value=siret inputmode="numeric" disabled
                    hint="14 chiffres : nous reprenons les informations du registre des entreprises."
                    error=Signal::derive(move || errors.field("siret").get().or_else(|| lookup_errors.field("siret").get()))/>
                {is_owner.then(|| view! {
                    <div class="sm:pt-7">
                        <Button variant=ButtonVariant::Secondary loading=lookup.pending() on_click=move |_| { lookup.dispatch(siret.get_untracked()); }>
                            "Rechercher au registre"
                        </Button>
                    </div>
                })}
            </div>
            <Show when=move || found.get().is_some()>
                <p class="text-sm text-ink-700" role="status">{move || found.get()}</p>
            </Show>
            <Show when=move || lookup_errors.general(&["siret"]).get().is_some()>
                <p class="text-sm text-danger-700" role="alert">{move || lookup_errors.general(&["siret"]).get()}</p>
            </Show>
            <div class="grid gap-4 sm:grid-cols-2">
                <ControlledField label="Nom commercial" id="name" value=name required=true disabled error=errors.field("name")/>
                <ControlledField label="Raison sociale" id="legal_name" value=legal_name disabled error=errors.field("legal_name")/>
                <ControlledField label="Adresse" id="street" value=street autocomplete="street-address" disabled error=errors.field("street")/>
                <div class="grid grid-cols-[8rem_1fr] gap-4">
                    <ControlledField label="Code postal" id="postcode" value=postcode inputmode="numeric" autocomplete="postal-code" disabled error=errors.field("postcode")/>
                    <ControlledField label="Ville" id="city" value=city autocomplete="address-level2" disabled error=errors.field("city")/>
                </div>
                <ControlledField label="Code NAF" id="naf_code" value=naf_code disabled error=errors.field("naf_code")/>
                <div>
                    <p class="text-sm font-medium text-ink-800">"N° de TVA intracommunautaire"</p>
                    <p class="mt-1.5 py-2.5 text-sm font-medium tabular-nums text-ink-900">
                        {move || vat.get().unwrap_or_else(|| "Calculé à partir du SIRET".into())}
                    </p>
                </div>
            </div>
            {is_owner.then(|| view! { <Button button_type="submit" loading=save.pending()>"Enregistrer l'entreprise"</Button> })}
        </ActionForm>
    }
}

/// Closing the account erases the person's data, and the organisation's when they are its last
/// person: said before, confirmed with the password.
#[component]
fn CloseAccountCard() -> impl IntoView {
    let close = ServerAction::<CloseAccount>::new();
    let errors = FormErrors::new(close.value());
    let open = RwSignal::new(false);
    view! {
        <Card title="Fermer mon compte" subtitle="Vos données personnelles sont effacées ; si vous êtes la dernière personne de votre entreprise, toutes ses données le sont aussi (bases, campagnes, historique).">
            <Button variant=ButtonVariant::Danger on_click=move |_| open.set(true)>"Fermer mon compte…"</Button>
            <Modal title="Fermer votre compte" open>
                <ActionForm action=close attr:class="mt-3 space-y-4" attr:novalidate="true">
                    <p class="text-sm text-ink-700">
                        "Cette action est définitive. Si vous êtes le dernier propriétaire d'une équipe, transférez d'abord la propriété."
                    </p>
                    <FormAlert message=errors.general(&["current"])/>
                    <Field label="Votre mot de passe, pour confirmer" name="current" id="close-current" input_type="password" autocomplete="current-password" required=true error=errors.field("current")/>
                    <div class="flex flex-wrap justify-end gap-3">
                        <Button variant=ButtonVariant::Secondary on_click=move |_| open.set(false)>"Annuler"</Button>
                        <Button button_type="submit" variant=ButtonVariant::Danger loading=close.pending()>"Fermer définitivement"</Button>
                    </div>
                </ActionForm>
            </Modal>
        </Card>
    }
}

/// What an owner asks to do to a teammate; the riskier ones are confirmed first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TeamChange {
    MakeOwner,
    MakeMember,
    TransferOwnership,
    Remove,
}

impl TeamChange {
    fn label(self) -> &'static str {
        match self {
            TeamChange::MakeOwner => "Nommer propriétaire",
            TeamChange::MakeMember => "Repasser membre",
            TeamChange::TransferOwnership => "Transférer la propriété",
            TeamChange::Remove => "Retirer de l'équipe",
        }
    }

    fn confirmation(self, name: &str) -> String {
        match self {
            TeamChange::MakeOwner => format!("{name} pourra inviter, retirer des membres et gérer l'abonnement."),
            TeamChange::MakeMember => format!("{name} ne pourra plus gérer l'équipe ni l'abonnement."),
            TeamChange::TransferOwnership => {
                format!("{name} devient propriétaire et vous devenez membre : vous ne pourrez plus gérer l'équipe.")
            }
            TeamChange::Remove => format!(
                "Le compte de {name} sera supprimé et ses sessions fermées. Les bases et campagnes qu'il a créées restent à votre entreprise."
            ),
        }
    }

    fn done(self) -> &'static str {
        match self {
            TeamChange::MakeOwner | TeamChange::MakeMember => "Rôle modifié.",
            TeamChange::TransferOwnership => "Propriété transférée.",
            TeamChange::Remove => "Membre retiré de l'équipe.",
        }
    }
}

async fn apply(change: TeamChange, member: UserId) -> Result<TeamChange, AppError> {
    let id = member.0;
    match change {
        TeamChange::MakeOwner => change_member_role(id, OrgRole::Owner.as_str().into()).await,
        TeamChange::MakeMember => change_member_role(id, OrgRole::Member.as_str().into()).await,
        TeamChange::TransferOwnership => transfer_ownership(id).await,
        TeamChange::Remove => remove_member(id).await,
    }?;
    Ok(change)
}

#[component]
fn TeamCard() -> impl IntoView {
    let is_owner = current_user().role == OrgRole::Owner;
    let invite = ServerAction::<InviteMember>::new();
    let errors = FormErrors::new(invite.value());
    let revoke = Action::new(|id: &i64| revoke_invitation(*id));
    let change = Action::new(|(what, member): &(TeamChange, UserId)| apply(*what, *member));
    let data = Resource::new(
        move || (invite.version().get(), revoke.version().get(), change.version().get()),
        |_| load_team(),
    );
    ActionToast::new(&change)
        .success_with(|done: &TeamChange| done.done())
        .then(|done| {
            // The actor is a member now: the frame and the page must say so.
            if done == TeamChange::TransferOwnership {
                refresh_frame();
            }
        })
        .install();
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
                            {move || Suspend::new(async move { data.await.map(|team| view! { <TeamList team is_owner revoke change/> }) })}
                        </Failable>
                    </Suspense>
                </div>
            </Card>
        </div>
    }
}

/// The members, and the invitations waiting for an answer (the owner can cancel them).
#[component]
fn TeamList(
    team: Team,
    is_owner: bool,
    revoke: Action<i64, Result<(), AppError>>,
    change: Action<(TeamChange, UserId), Result<TeamChange, AppError>>,
) -> impl IntoView {
    let t = team;
    let me = current_user().user_id;
    // What the dialog asks about; it stays set after the dialog closes (only shown while open).
    let asked: RwSignal<Option<(TeamChange, UserId, String)>> = RwSignal::new(None);
    let open = RwSignal::new(false);
    let columns =
        if is_owner { vec!["Membre", "Rôle", "Depuis le", "Actions"] } else { vec!["Membre", "Rôle", "Depuis le"] };
    view! {
        <DataTable caption="Membres de l'équipe" columns>
            {t.members.into_iter().map(|m| {
                let actions = (is_owner && m.user_id != me).then(|| member_actions(&m, asked, open));
                view! {
                    <tr>
                        <Td><p class="font-medium">{format!("{} {}", m.first_name, m.last_name)}</p><p class="text-xs text-ink-500">{m.email}</p></Td>
                        <Td><Badge tone=BadgeTone::Neutral>{m.role.label_fr()}</Badge></Td>
                        <Td class="tabular-nums">{m.joined_on}</Td>
                        {is_owner.then(|| view! { <Td>{actions}</Td> })}
                    </tr>
                }
            }).collect_view()}
        </DataTable>
        <Modal title="Confirmer la modification" open>
            <p class="mt-2 text-sm text-ink-700">{move || asked.get().map(|(what, _, name)| what.confirmation(&name))}</p>
            <div class="mt-6 flex flex-wrap justify-end gap-3">
                <Button variant=ButtonVariant::Secondary on_click=move |_| open.set(false)>"Annuler"</Button>
                <Button
                    variant=ButtonVariant::Danger
                    loading=change.pending()
                    on_click=move |_| {
                        if let Some((what, member, _)) = asked.get_untracked() {
                            change.dispatch((what, member));
                        }
                        open.set(false);
                    }
                >
                    {move || asked.get().map(|(what, _, _)| what.label()).unwrap_or_default()}
                </Button>
            </div>
        </Modal>
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

/// The changes an owner may ask for one teammate, each confirmed in the dialog.
fn member_actions(
    member: &Member,
    asked: RwSignal<Option<(TeamChange, UserId, String)>>,
    open: RwSignal<bool>,
) -> impl IntoView + use<> {
    let (id, name) = (member.user_id, format!("{} {}", member.first_name, member.last_name));
    let changes: &'static [TeamChange] = match member.role {
        OrgRole::Member => &[TeamChange::MakeOwner, TeamChange::TransferOwnership, TeamChange::Remove],
        OrgRole::Owner => &[TeamChange::MakeMember, TeamChange::Remove],
    };
    view! {
        <div class="flex flex-wrap gap-2">
            {changes.iter().map(|what| {
                let (what, name) = (*what, name.clone());
                view! {
                    <Button variant=ButtonVariant::Secondary size=ButtonSize::Small on_click=move |_| {
                        asked.set(Some((what, id, name.clone())));
                        open.set(true);
                    }>
                        {what.label()}
                    </Button>
                }
            }).collect_view()}
        </div>
    }
}
