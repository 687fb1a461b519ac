//! Connecting the mailbox: a provider's usual servers filled in, every field checked by the
//! server, and both servers tested before anything is saved.

use crate::mailboxes::api::{ConnectDemoMailbox, ConnectMailbox};
use crate::shell::is_sandbox;
use crate::ui::{
    ActionToast, Button, ButtonVariant, ControlledField, ControlledSelect, Field, FormAlert, FormErrors, SelectOption,
};
use leptos::prelude::*;
use prospecta_shared::mailboxes::{DEFAULT_DAILY_CAP, MailSecurity, MailboxView};

/// A provider's usual servers: (label, SMTP host, port, security, IMAP host, port, security).
type Preset = (&'static str, &'static str, u16, MailSecurity, &'static str, u16, MailSecurity);

const PRESETS: [Preset; 7] = [
    ("OVHcloud (MX Plan, Email Pro)", "ssl0.ovh.net", 465, MailSecurity::Tls, "ssl0.ovh.net", 993, MailSecurity::Tls),
    ("Gmail / Google Workspace", "smtp.gmail.com", 465, MailSecurity::Tls, "imap.gmail.com", 993, MailSecurity::Tls),
    (
        "Outlook / Microsoft 365",
        "smtp.office365.com",
        587,
        MailSecurity::StartTls,
        "outlook.office365.com",
        993,
        MailSecurity::Tls,
    ),
    ("IONOS", "smtp.ionos.fr", 465, MailSecurity::Tls, "imap.ionos.fr", 993, MailSecurity::Tls),
    ("o2switch", "mail.o2switch.net", 465, MailSecurity::Tls, "mail.o2switch.net", 993, MailSecurity::Tls),
    ("Orange", "smtp.orange.fr", 465, MailSecurity::Tls, "imap.orange.fr", 993, MailSecurity::Tls),
    ("Free", "smtp.free.fr", 465, MailSecurity::Tls, "imap.free.fr", 993, MailSecurity::Tls),
];

fn security_options() -> Vec<SelectOption> {
    MailSecurity::ALL.iter().map(|s| SelectOption { value: s.as_str().into(), label: s.label_fr().into() }).collect()
}

/// One server's three settings, as signals a preset fills.
#[derive(Clone, Copy)]
struct ServerFields {
    host: RwSignal<String>,
    port: RwSignal<String>,
    security: RwSignal<String>,
}

impl ServerFields {
    fn new(host: &str, port: u16, security: MailSecurity) -> Self {
        ServerFields {
            host: RwSignal::new(host.into()),
            port: RwSignal::new(port.to_string()),
            security: RwSignal::new(security.as_str().into()),
        }
    }

    fn set(self, host: &str, port: u16, security: MailSecurity) {
        self.host.set(host.into());
        self.port.set(port.to_string());
        self.security.set(security.as_str().into());
    }
}

#[component]
pub(super) fn MailboxForm(
    current: Option<MailboxView>,
    on_saved: Callback<()>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let connect = ServerAction::<ConnectMailbox>::new();
    let errors = FormErrors::new(connect.value());
    ActionToast::new(&connect)
        .success("Messagerie connectée : envoi et réception vérifiés.")
        .then(move |_| on_saved.run(()))
        .errors_to(|_| ())
        .install();
    let editing = current.is_some();
    let smtp = match &current {
        Some(v) => ServerFields::new(v.smtp.host.as_str(), v.smtp.port, v.smtp.security),
        None => ServerFields::new("", 465, MailSecurity::Tls),
    };
    let imap = match &current {
        Some(v) => ServerFields::new(v.imap.host.as_str(), v.imap.port, v.imap.security),
        None => ServerFields::new("", 993, MailSecurity::Tls),
    };
    let preset = RwSignal::new(String::new());
    let choose = Callback::new(move |label: String| {
        if let Some((_, sh, sp, ss, ih, ip, is)) = PRESETS.iter().find(|p| p.0 == label) {
            smtp.set(sh, *sp, *ss);
            imap.set(ih, *ip, *is);
        }
        preset.set(label);
    });
    let mut presets = vec![SelectOption { value: String::new(), label: "Autre fournisseur (saisie manuelle)".into() }];
    presets.extend(PRESETS.iter().map(|p| SelectOption { value: p.0.into(), label: p.0.into() }));
    let (from_name, from_address, login, cap) = match &current {
        Some(v) => (v.from_name.clone(), v.from_address.clone(), v.login.clone(), v.daily_cap.to_string()),
        None => (String::new(), String::new(), String::new(), DEFAULT_DAILY_CAP.to_string()),
    };
    let general = errors.general(&[
        "from_name",
        "from_address",
        "login",
        "mailbox_password",
        "smtp_host",
        "smtp_port",
        "imap_host",
        "imap_port",
        "daily_cap",
    ]);
    view! {
        <Show when=move || is_sandbox() && !editing>
            <DemoMailbox on_saved/>
        </Show>
        <ActionForm action=connect attr:class="space-y-5" attr:novalidate="true">
            <FormAlert message=general/>
            <ControlledSelect label="Votre fournisseur" id="mailbox-provider" options=presets value=preset on_change=choose/>
            <div class="grid gap-4 sm:grid-cols-2">
                <Field label="Nom affiché" name="from_name" id="mailbox-from_name" required=true value=from_name placeholder="Camille Martin" error=errors.field("from_name")/>
                <Field label="Adresse d'envoi" name="from_address" id="mailbox-from_address" input_type="email" autocomplete="email" required=true value=from_address placeholder="camille@votre-entreprise.fr" error=errors.field("from_address")/>
                <Field label="Identifiant" name="login" id="mailbox-login" autocomplete="username" required=true value=login hint="Souvent l'adresse e-mail elle-même." error=errors.field("login")/>
                <Field
                    label="Mot de passe"
                    name="mailbox_password" id="mailbox-password"
                    input_type="password"
                    autocomplete="new-password"
                    required=true
                    hint=if editing { "Saisissez-le à nouveau : il n'est jamais réaffiché." } else { "Chiffré dès réception, jamais réaffiché. Gmail et Microsoft 365 demandent un mot de passe d'application." }
                    error=errors.field("mailbox_password")
                />
            </div>
            <ServerFieldset legend="Envoi (SMTP)" prefix="smtp" fields=smtp errors/>
            <ServerFieldset legend="Réception des réponses (IMAP)" prefix="imap" fields=imap errors/>
            <div class="max-w-xs">
                <Field label="Plafond d'e-mails par jour" name="daily_cap" id="mailbox-daily_cap" input_type="number" value=cap hint="De 10 à 1 000. Une boîte neuve commence à 20 par jour, puis 10 de plus chaque jour d'envoi." error=errors.field("daily_cap")/>
            </div>
            <div class="flex flex-wrap gap-3">
                <Button button_type="submit" loading=connect.pending()>"Tester et enregistrer"</Button>
                <Show when=move || editing>
                    <Button variant=ButtonVariant::Ghost on_click=Callback::new(move |_| on_cancel.run(()))>"Annuler"</Button>
                </Show>
            </div>
            <p class="text-xs text-ink-500">"Nous nous connectons aux deux serveurs avec ces réglages avant de les enregistrer. Seuls les e-mails reçus à partir de maintenant sont lus."</p>
        </ActionForm>
    }
}

/// Sandbox mode: the sandbox's own mail servers, whose simulated prospects answer.
#[component]
fn DemoMailbox(on_saved: Callback<()>) -> impl IntoView {
    let connect = ServerAction::<ConnectDemoMailbox>::new();
    ActionToast::new(&connect)
        .success("Messagerie de démonstration connectée : les prospects simulés vous répondront.")
        .then(move |_| on_saved.run(()))
        .install();
    view! {
        <div class="mb-5 rounded-lg bg-amber-50 p-4 ring-1 ring-inset ring-amber-200">
            <p class="text-sm text-amber-900">
                "Mode démonstration : utilisez la messagerie simulée de cet ordinateur. Vos e-mails y partent réellement (SMTP) et les réponses des prospects simulés y arrivent (IMAP) ; aucune entreprise réelle n'est contactée."
            </p>
            <div class="mt-3">
                <Button loading=connect.pending() on_click=Callback::new(move |_| { connect.dispatch(ConnectDemoMailbox {}); })>
                    "Utiliser la messagerie de démonstration"
                </Button>
            </div>
        </div>
    }
}

#[component]
fn ServerFieldset(
    legend: &'static str,
    prefix: &'static str,
    fields: ServerFields,
    errors: FormErrors,
) -> impl IntoView {
    let (host, port, security) = match prefix {
        "smtp" => ("smtp_host", "smtp_port", "smtp_security"),
        _ => ("imap_host", "imap_port", "imap_security"),
    };
    view! {
        <fieldset class="rounded-lg border border-ink-200 p-4">
            <legend class="px-1 text-sm font-semibold text-ink-900">{legend}</legend>
            <div class="grid gap-4 sm:grid-cols-[2fr_1fr_1.5fr]">
                <ControlledField label="Serveur" id=host value=fields.host required=true placeholder="ssl0.ovh.net" error=errors.field(host)/>
                <ControlledField label="Port" id=port value=fields.port input_type="number" inputmode="numeric" required=true error=errors.field(port)/>
                <ControlledSelect label="Chiffrement" id=security options=security_options() value=fields.security on_change=Callback::new(move |v| fields.security.set(v))/>
            </div>
        </fieldset>
    }
}
