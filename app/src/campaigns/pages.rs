//! The campaign pages (FORM-1 … FORM-8): the organisation's campaigns, the creation form
//! (target databases, A/B/C variants with live checks and writing advice, follow-up, sender
//! profile, sending window and pace), and one campaign's live page (PLAY / PAUSE, counters,
//! failures by reason, variants, contacts with their status).

use super::api::{
    campaign_live, create_campaign, get_campaign, list_campaigns, list_contacts, record_reply, set_campaign_running,
    set_variant_active,
};
use crate::prospecting::api::list_databases;
use crate::shell::CurrentUser;
use crate::ui::{
    Alert, AlertTone, Badge, BadgeTone, Button, ButtonLink, ButtonSize, ButtonVariant, CardsSkeleton, ControlledField,
    ControlledSelect, DataTable, EmptyState, Icon, IconName, PageHeader, Pagination, ProgressBar, SelectOption,
    Skeleton, SkeletonRows, Td, Toasts, debounced, poll_while,
};
use leptos::html;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use prospecta_shared::AppError;
use prospecta_shared::campaigns::{
    BODY_MAX, CampaignDetail, CampaignDraft, CampaignLive, CampaignStatus, CampaignSummary, ContactFilter, ContactPage,
    ContactRow, DAY_NAMES_FR, DEFAULT_FOLLOW_UP_DAYS, FOLLOW_UP_DAYS_MAX, FailureCount, MAX_FOLLOW_UPS, NAME_MAX,
    PACE_MAX, SUBJECT_MAX, SendingWindow, StatusTone, VariantDraft, VariantStats,
};
use prospecta_shared::error::ValidationCode;
use prospecta_shared::format::integer_fr;
use prospecta_shared::outreach::{Advice, SenderDetails, Severity, VARIABLES, advise, check_template};
use prospecta_shared::prospecting::{DatabaseStatus, DatabaseSummary};
use std::time::Duration;

/// How often the campaign page asks for fresh figures when the live stream is unavailable.
const LIVE_POLL: Duration = Duration::from_secs(3);
/// The default daily pace of a new campaign.
const DEFAULT_PACE: u32 = 40;

// ---------------------------------------------------------------------------------------------
// French figures

fn int_fr(n: u64) -> String {
    integer_fr(i64::try_from(n).unwrap_or(i64::MAX))
}

/// "1 réponse", "0 réponse", "12 réponses" (French: singular up to 1).
fn count_fr(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", int_fr(n), if n <= 1 { one } else { many })
}

/// "12,5 %"
fn percent_fr(value: f64) -> String {
    format!("{value:.1}\u{a0}%").replace('.', ",")
}

/// `done` out of `total`, as a whole percentage for a progress bar.
fn share(done: u64, total: u64) -> u8 {
    (done.saturating_mul(100)).checked_div(total).unwrap_or(0).min(100) as u8
}

fn status_tone(status: CampaignStatus) -> BadgeTone {
    match status {
        CampaignStatus::Draft => BadgeTone::Brand,
        CampaignStatus::Running => BadgeTone::Success,
        CampaignStatus::Paused => BadgeTone::Warning,
    }
}

#[component]
fn BackLink() -> impl IntoView {
    view! {
        <a href="/app/campagnes" class="mb-4 inline-flex items-center gap-1.5 rounded text-sm font-medium text-ink-600 hover:text-ink-900">
            <span aria-hidden="true">"←"</span>"Toutes mes campagnes"
        </a>
    }
}

// =============================================================================================
// /app/campagnes

#[component]
pub fn CampaignsPage() -> impl IntoView {
    let campaigns = Resource::new(|| (), |_| list_campaigns());
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
            {move || Suspend::new(async move {
                match campaigns.await {
                    Ok(list) if list.is_empty() => view! {
                        <EmptyState
                            icon=IconName::Megaphone
                            title="Aucune campagne pour le moment"
                            description="Une campagne écrit à chaque entreprise débloquée de vos bases via le formulaire de contact de son site, teste plusieurs messages et relance celles qui ne répondent pas."
                            action_label="Créer une campagne"
                            action_href="/app/campagnes/nouvelle"
                        />
                    }.into_any(),
                    Ok(list) => view! {
                        <ul class="grid gap-4 lg:grid-cols-2" aria-label="Vos campagnes">
                            {list.into_iter().map(|campaign| view! { <CampaignCard campaign/> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => view! { <Alert tone=AlertTone::Error>{e.message_fr()}</Alert> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// One small figure: a label over a number.
#[component]
fn Figure(
    label: &'static str,
    #[prop(into)] value: Signal<String>,
    #[prop(optional)] testid: Option<&'static str>,
    /// A line under the value, for a figure that needs a caveat to stay true.
    #[prop(optional)]
    note: Option<&'static str>,
) -> impl IntoView {
    view! {
        <div class="min-w-0 rounded-lg bg-ink-50 px-3 py-2">
            <dt class="text-xs text-ink-500">{label}</dt>
            <dd class="mt-0.5 font-semibold tabular-nums text-ink-900" data-testid=testid>{move || value.get()}</dd>
            {note.map(|n| view! { <dd class="mt-0.5 text-xs text-ink-500">{n}</dd> })}
        </div>
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

// =============================================================================================
// /app/campagnes/nouvelle

const DEFAULT_SUBJECT_A: &str = "Une question pour {{societe}}";
const DEFAULT_BODY_A: &str = "Bonjour,

Je suis {{prenom_expediteur}} {{nom_expediteur}}, de {{societe_expediteur}}. Nous travaillons déjà avec plusieurs entreprises de votre secteur à {{ville}}, et je pense que nous pourrions être utiles à {{societe}}.

Auriez-vous 15 minutes cette semaine pour en parler ?

Bien cordialement,
{{prenom_expediteur}} {{nom_expediteur}}
{{societe_expediteur}} · {{telephone_expediteur}}";

const DEFAULT_SUBJECT_B: &str = "{{societe}} : une question rapide";
const DEFAULT_BODY_B: &str = "Bonjour,

{{societe_expediteur}} accompagne des entreprises proches de {{societe}}. Je vous présenterais volontiers en quelques minutes ce que nous faisons pour elles.

Êtes-vous la bonne personne pour en parler, ou à qui puis-je m'adresser ?

Merci d'avance,
{{prenom_expediteur}} {{nom_expediteur}} · {{telephone_expediteur}}";

const DEFAULT_SUBJECT_C: &str = "Pour {{societe}}, à {{ville}}";
const DEFAULT_BODY_C: &str = "Bonjour,

Je contacte {{societe}} car nous aidons déjà des entreprises de {{ville}} dans votre domaine, avec de bons résultats.

Puis-je vous appeler 10 minutes cette semaine pour vous en dire plus ?

Cordialement,
{{prenom_expediteur}} {{nom_expediteur}}
{{societe_expediteur}}";

const DEFAULT_SUBJECT_FOLLOW_UP: &str = "Suite à mon message";
const DEFAULT_BODY_FOLLOW_UP: &str = "Bonjour,

Je me permets de revenir vers vous au sujet de mon précédent message à {{societe}}. Est-ce un sujet qui vous intéresse en ce moment, ou préférez-vous que je vous recontacte plus tard ?

Bonne journée,
{{prenom_expediteur}} {{nom_expediteur}}";

/// Every field the form shows an error on; anything else goes to the summary banner only.
const FORM_FIELDS: [&str; 14] = [
    "name",
    "databases",
    "variant_a",
    "variant_b",
    "variant_c",
    "follow_up",
    "subject",
    "sender_name",
    "sender_company",
    "sender_email",
    "sender_phone",
    "window",
    "daily_pace",
    "follow_up_days",
];

/// One message being written: its subject, its body and the body's text area (to insert
/// variables where the cursor is).
#[derive(Clone, Copy)]
struct Editor {
    /// "Message A", "Relance"…
    title: &'static str,
    /// The id prefix of its inputs: "message-a" → "message-a-objet", "message-a-corps".
    key: &'static str,
    /// The field name errors use.
    field: &'static str,
    subject: RwSignal<String>,
    body: RwSignal<String>,
    node: NodeRef<html::Textarea>,
    /// The text area has had the focus: its cursor position means something.
    touched: RwSignal<bool>,
}

impl Editor {
    fn new(title: &'static str, key: &'static str, field: &'static str, subject: &str, body: &str) -> Self {
        Editor {
            title,
            key,
            field,
            subject: RwSignal::new(subject.to_string()),
            body: RwSignal::new(body.to_string()),
            node: NodeRef::new(),
            touched: RwSignal::new(false),
        }
    }

    fn draft(&self) -> VariantDraft {
        VariantDraft {
            subject: self.subject.get_untracked().trim().to_string(),
            body: self.body.get_untracked().trim().to_string(),
        }
    }
}

/// The byte offset of a UTF-16 position (what the browser's selection counts in).
fn byte_offset(text: &str, utf16: u32) -> usize {
    let mut seen = 0_u32;
    for (i, ch) in text.char_indices() {
        if seen >= utf16 {
            return i;
        }
        seen += ch.len_utf16() as u32;
    }
    text.len()
}

/// Puts `{{name}}` where the cursor is in the editor's text area (replacing the selection), or
/// at the end when the text area has never been focused, then gives the focus back.
fn insert_variable(editor: Editor, name: &str) {
    let token = format!("{{{{{name}}}}}");
    let text = editor.body.get_untracked();
    let length = text.encode_utf16().count() as u32;
    let element = editor.node.get_untracked();
    let (start, end) = element
        .as_ref()
        .filter(|_| editor.touched.get_untracked())
        .map(|el| (el.selection_start().ok().flatten(), el.selection_end().ok().flatten()))
        .unwrap_or((None, None));
    let start = start.unwrap_or(length).min(length);
    let end = end.unwrap_or(start).clamp(start, length);
    let updated = format!("{}{token}{}", &text[..byte_offset(&text, start)], &text[byte_offset(&text, end)..]);
    editor.body.set(updated.clone());
    if let Some(el) = element {
        let caret = start + token.encode_utf16().count() as u32;
        el.set_value(&updated);
        let _ = el.focus();
        let _ = el.set_selection_range(caret, caret);
    }
}

/// What is wrong with a message body right now (shown as the client types).
fn body_problem(field: &str, body: &str) -> Option<String> {
    match check_template(body) {
        Err(e) => Some(e.to_string()),
        Ok(()) if body.chars().count() > BODY_MAX => {
            Some(AppError::validation(field, ValidationCode::TooLong { max: BODY_MAX as u32 }).message_fr())
        }
        Ok(()) => None,
    }
}

/// What is wrong with a subject right now (it may stay empty).
fn subject_problem(subject: &str) -> Option<String> {
    if subject.trim().is_empty() {
        return None;
    }
    if subject.chars().count() > SUBJECT_MAX {
        return Some(AppError::validation("subject", ValidationCode::TooLong { max: SUBJECT_MAX as u32 }).message_fr());
    }
    check_template(subject).err().map(|e| e.to_string())
}

/// The id of the input that shows a field's error, to move the focus there.
fn field_input_id(field: &str) -> &'static str {
    match field {
        "name" => "campagne-nom",
        "databases" => "campagne-bases",
        "variant_a" => "message-a-corps",
        "variant_b" => "message-b-corps",
        "variant_c" => "message-c-corps",
        "follow_up" => "relance-corps",
        "sender_name" => "expediteur-prenom",
        "sender_company" => "expediteur-societe",
        "sender_email" => "expediteur-email",
        "sender_phone" => "expediteur-telephone",
        "window" => "plage-envoi",
        "daily_pace" => "rythme-quotidien",
        "follow_up_days" => "relance-delai",
        _ => "",
    }
}

/// Moves the focus (and the view) to the element with this id. Browser only.
fn focus_element(id: &str) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        if let Some(el) = document().get_element_by_id(id).and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = el.focus();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}

/// "≈ un envoi toutes les 14 minutes" for a pace spread over the window's hours.
fn pace_line(window: &SendingWindow, pace: Option<u32>) -> String {
    let Some(pace) = pace.filter(|p| (1..=PACE_MAX).contains(p)) else {
        return format!("Indiquez un nombre d'envois par jour entre 1 et {PACE_MAX}.");
    };
    if !window.is_valid() {
        return "Choisissez une plage d'envoi valide pour estimer l'intervalle entre deux envois.".into();
    }
    let seconds = u32::from(window.end_hour - window.start_hour) * 3600 / pace;
    let days = window.days.iter().filter(|d| **d).count() as u64;
    let per_week = format!(" · jusqu'à {} par semaine", count_fr(u64::from(pace) * days, "envoi", "envois"));
    let every = match seconds {
        0..=59 => format!("≈ un envoi toutes les {} secondes", seconds.max(1)),
        60..=89 => "≈ un envoi par minute".to_string(),
        _ => format!("≈ un envoi toutes les {} minutes", (seconds + 30) / 60),
    };
    format!("{every}{per_week}")
}

#[component]
pub fn NewCampaignPage() -> impl IntoView {
    let toasts = expect_context::<Toasts>();
    let navigate = use_navigate();
    let query = use_query_map();
    let preselected: Vec<i64> =
        query.with_untracked(|q| q.get("base").and_then(|v| v.parse::<i64>().ok()).into_iter().collect());
    let databases = Resource::new(|| (), |_| list_databases());

    let name = RwSignal::new(String::new());
    let selected = RwSignal::new(preselected);
    let editors = [
        Editor::new("Message A", "message-a", "variant_a", DEFAULT_SUBJECT_A, DEFAULT_BODY_A),
        Editor::new("Message B", "message-b", "variant_b", DEFAULT_SUBJECT_B, DEFAULT_BODY_B),
        Editor::new("Message C", "message-c", "variant_c", DEFAULT_SUBJECT_C, DEFAULT_BODY_C),
        Editor::new("Relance", "relance", "follow_up", DEFAULT_SUBJECT_FOLLOW_UP, DEFAULT_BODY_FOLLOW_UP),
    ];
    let has_c = RwSignal::new(false);
    // The editor variables go into: the last message text area that had the focus.
    let active = RwSignal::new(0_usize);
    let follow_up_days = RwSignal::new(DEFAULT_FOLLOW_UP_DAYS.to_string());

    // FORM-2: the client's own details fill the forms; prefilled from the signed-in user.
    let me = use_context::<CurrentUser>().map(|u| u.0);
    let first_name = RwSignal::new(me.as_ref().map(|u| u.first_name.clone()).unwrap_or_default());
    let last_name = RwSignal::new(me.as_ref().map(|u| u.last_name.clone()).unwrap_or_default());
    let company = RwSignal::new(me.as_ref().map(|u| u.organization_name.clone()).unwrap_or_default());
    let email = RwSignal::new(me.as_ref().map(|u| u.email.clone()).unwrap_or_default());
    let phone = RwSignal::new(String::new());
    let address = RwSignal::new(String::new());
    let website = RwSignal::new(String::new());

    let defaults = SendingWindow::default();
    let days = RwSignal::new(defaults.days);
    let start_hour = RwSignal::new(defaults.start_hour);
    let end_hour = RwSignal::new(defaults.end_hour);
    let skip_holidays = RwSignal::new(defaults.skip_holidays);
    let window = Memo::new(move |_| SendingWindow {
        days: days.get(),
        start_hour: start_hour.get(),
        end_hour: end_hour.get(),
        skip_holidays: skip_holidays.get(),
    });
    let pace = RwSignal::new(DEFAULT_PACE.to_string());
    let pace_estimate = move || pace_line(&window.get(), pace.with(|p| p.trim().parse::<u32>().ok()));

    let create = Action::new(|draft: &CampaignDraft| create_campaign(draft.clone()));
    let creating = create.pending();
    let error = RwSignal::new(None::<AppError>);
    let show_error = move |e: AppError| {
        let target = match e.field() {
            // "subject" names no variant: the first subject with a problem.
            Some("subject") => editors
                .iter()
                .take(if has_c.get_untracked() { 3 } else { 2 })
                .chain(std::iter::once(&editors[3]))
                .find(|ed| ed.subject.with_untracked(|s| subject_problem(s).is_some()))
                .map(|ed| format!("{}-objet", ed.key))
                .unwrap_or_default(),
            Some(field) => field_input_id(field).to_string(),
            None => String::new(),
        };
        error.set(Some(e));
        if !target.is_empty() {
            focus_element(&target);
        }
    };
    Effect::new(move |_| match create.value().get() {
        Some(Ok(campaign)) => {
            toasts.push(
                AlertTone::Success,
                "Campagne créée. Vérifiez-la puis cliquez sur « Démarrer » pour lancer les envois.",
            );
            navigate(&format!("/app/campagnes/{}", campaign.id), NavigateOptions::default());
        }
        Some(Err(e)) => show_error(e),
        None => {}
    });
    let field_error = move |field: &'static str| {
        Signal::derive(move || {
            error.with(|e| e.as_ref().filter(|e| e.field() == Some(field)).map(AppError::message_fr))
        })
    };
    let banner = Signal::derive(move || {
        error.with(|e| {
            e.as_ref().map(|e| {
                if e.field().is_some_and(|f| FORM_FIELDS.contains(&f)) {
                    format!("Vérifiez le formulaire : {}", e.message_fr())
                } else {
                    e.message_fr()
                }
            })
        })
    });
    // "Le nom de l'expéditeur" covers two inputs: the error goes under the empty one.
    let sender_name_error = field_error("sender_name");
    let first_name_error =
        Signal::derive(move || sender_name_error.get().filter(|_| first_name.with(|f| f.trim().is_empty())));
    let last_name_error =
        Signal::derive(move || sender_name_error.get().filter(|_| !first_name.with(|f| f.trim().is_empty())));

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if creating.get_untracked() {
            return;
        }
        let variant_count = if has_c.get_untracked() { 3 } else { 2 };
        let draft = CampaignDraft {
            name: name.get_untracked().trim().to_string(),
            database_ids: selected.get_untracked(),
            variants: editors[..variant_count].iter().map(Editor::draft).collect(),
            follow_up: editors[3].draft(),
            sender: SenderDetails {
                first_name: first_name.get_untracked().trim().to_string(),
                last_name: last_name.get_untracked().trim().to_string(),
                company: company.get_untracked().trim().to_string(),
                email: email.get_untracked().trim().to_string(),
                phone: phone.get_untracked().trim().to_string(),
                address: address.get_untracked().trim().to_string(),
                website: website.get_untracked().trim().to_string(),
            },
            window: window.get_untracked(),
            daily_pace: pace.with_untracked(|p| p.trim().parse().unwrap_or(0)),
            follow_up_days: follow_up_days.with_untracked(|d| d.trim().parse().unwrap_or(0)),
        };
        // The same checks as the server's, at once; the server checks again anyway.
        match draft.validate() {
            Ok(()) => {
                error.set(None);
                create.dispatch(draft);
            }
            Err(e) => show_error(e),
        }
    };
    let add_c = move |_| {
        has_c.set(true);
        active.set(2);
        // The new text area exists once this handler returns.
        request_animation_frame(move || focus_element("message-c-objet"));
    };
    let remove_c = Callback::new(move |()| {
        has_c.set(false);
        if active.get_untracked() == 2 {
            active.set(0);
        }
        focus_element("ajouter-variante-c");
    });

    view! {
        <Title text="Nouvelle campagne"/>
        <BackLink/>
        <PageHeader
            title="Nouvelle campagne"
            description="Choisissez vos bases, écrivez deux ou trois messages à tester et réglez le rythme d'envoi. Rien n'est envoyé avant que vous démarriez la campagne."
        />
        <form class="space-y-6" on:submit=on_submit novalidate>
            // ---- name and targets
            <section class="rounded-xl bg-white p-5 shadow-card ring-1 ring-ink-200/70 sm:p-6" aria-labelledby="cibles-titre">
                <h2 id="cibles-titre" class="text-base font-semibold text-ink-900">"Nom et cibles"</h2>
                <div class="mt-4 max-w-xl">
                    <ControlledField
                        label="Nom de la campagne"
                        id="campagne-nom"
                        value=name
                        placeholder="Boulangeries de Lyon · printemps"
                        hint="Pour vous seulement : vos prospects ne le voient pas."
                        error=field_error("name")
                        maxlength=NAME_MAX
                        required=true
                    />
                </div>
                <fieldset
                    id="campagne-bases"
                    tabindex="-1"
                    class="mt-6 rounded-lg focus-visible:outline-2 focus-visible:outline-offset-4 focus-visible:outline-brand-600"
                    aria-describedby="campagne-bases-hint"
                >
                    <legend class="text-sm font-medium text-ink-800">
                        "Bases à contacter"<span class="text-danger-600" aria-hidden="true">" *"</span>
                    </legend>
                    <p id="campagne-bases-hint" class="mt-1 text-xs text-ink-500">
                        "Seules les lignes débloquées sont contactées : débloquez d'abord, dans chaque base, les entreprises à contacter."
                    </p>
                    <Suspense fallback=|| view! { <div class="mt-3"><SkeletonRows rows=2/></div> }>
                        {move || Suspend::new(async move {
                            match databases.await {
                                Ok(list) => view! { <DatabaseChoices list selected/> }.into_any(),
                                Err(e) => view! { <div class="mt-3"><Alert tone=AlertTone::Error>{e.message_fr()}</Alert></div> }.into_any(),
                            }
                        })}
                    </Suspense>
                    <FieldError id="campagne-bases-error" error=field_error("databases")/>
                </fieldset>
            </section>

            // ---- messages
            <section class="rounded-xl bg-white p-5 shadow-card ring-1 ring-ink-200/70 sm:p-6" aria-labelledby="messages-titre">
                <h2 id="messages-titre" class="text-base font-semibold text-ink-900">"Messages"</h2>
                <p class="mt-1 max-w-3xl text-sm text-ink-600">
                    "Écrivez deux ou trois versions du premier message : elles sont envoyées à parts égales au début, puis la plus efficace est envoyée de plus en plus souvent. Les textes proposés sont volontairement génériques : adaptez-les à votre offre."
                </p>
                <div class="mt-5 grid gap-6 lg:grid-cols-3">
                    <div class="space-y-8 lg:col-span-2">
                        <MessageEditor editor=editors[0] index=0 active server_error=field_error(editors[0].field)/>
                        <MessageEditor editor=editors[1] index=1 active server_error=field_error(editors[1].field)/>
                        <Show
                            when=move || has_c.get()
                            fallback=move || view! {
                                <Button variant=ButtonVariant::Secondary on_click=add_c attr:id="ajouter-variante-c">
                                    <Icon name=IconName::Plus class="size-4"/>"Ajouter une variante C"
                                </Button>
                            }
                        >
                            <MessageEditor editor=editors[2] index=2 active server_error=field_error(editors[2].field) on_remove=remove_c/>
                        </Show>
                        <SubjectError error=field_error("subject")/>
                        <div class="border-t border-ink-100 pt-6">
                            <h3 class="text-sm font-semibold text-ink-900">"Relance"</h3>
                            <p class="mt-1 text-sm text-ink-600">
                                {format!(
                                    "Sans réponse, nous relançons l'entreprise par son formulaire de contact avec le message ci-dessous (l'envoi d'e-mails n'est pas encore actif). Au plus {MAX_FOLLOW_UPS} relances par entreprise."
                                )}
                            </p>
                            <div class="mt-4 max-w-xs">
                                <ControlledField
                                    label="Relancer après (jours)"
                                    id="relance-delai"
                                    input_type="number"
                                    value=follow_up_days
                                    min="1"
                                    max="60"
                                    step="1"
                                    inputmode="numeric"
                                    hint=format!("De 1 à {FOLLOW_UP_DAYS_MAX} jours ; {DEFAULT_FOLLOW_UP_DAYS} par défaut.")
                                    error=field_error("follow_up_days")
                                    required=true
                                />
                            </div>
                            <div class="mt-5">
                                <MessageEditor editor=editors[3] index=3 active server_error=field_error(editors[3].field)/>
                            </div>
                        </div>
                    </div>
                    <div>
                        <VariablesPanel editors active has_c/>
                    </div>
                </div>
            </section>

            // ---- sender
            <section class="rounded-xl bg-white p-5 shadow-card ring-1 ring-ink-200/70 sm:p-6" aria-labelledby="expediteur-titre">
                <h2 id="expediteur-titre" class="text-base font-semibold text-ink-900">"Expéditeur"</h2>
                <p class="mt-1 max-w-3xl text-sm text-ink-600">
                    "Ces coordonnées remplissent les champs des formulaires (nom, société, e-mail, téléphone…) : c'est à vous que les prospects répondront."
                </p>
                <div class="mt-4 grid gap-5 sm:grid-cols-2">
                    <ControlledField label="Prénom" id="expediteur-prenom" value=first_name autocomplete="given-name" error=first_name_error required=true/>
                    <ControlledField label="Nom" id="expediteur-nom" value=last_name autocomplete="family-name" error=last_name_error required=true/>
                    <ControlledField label="Société" id="expediteur-societe" value=company autocomplete="organization" error=field_error("sender_company") maxlength=NAME_MAX required=true/>
                    <ControlledField label="E-mail" id="expediteur-email" input_type="email" value=email autocomplete="email" hint="Les réponses arrivent à cette adresse." error=field_error("sender_email") required=true/>
                    <ControlledField label="Téléphone" id="expediteur-telephone" input_type="tel" value=phone autocomplete="tel" placeholder="04 78 60 12 34" error=field_error("sender_phone")/>
                    <ControlledField label="Site web" id="expediteur-site" value=website autocomplete="url" placeholder="www.votre-entreprise.fr"/>
                    <div class="sm:col-span-2">
                        <ControlledField label="Adresse postale" id="expediteur-adresse" value=address autocomplete="street-address" placeholder="12 rue de la République, 69002 Lyon" hint="Certains formulaires la demandent."/>
                    </div>
                </div>
            </section>

            // ---- window and pace
            <section class="rounded-xl bg-white p-5 shadow-card ring-1 ring-ink-200/70 sm:p-6" aria-labelledby="rythme-titre">
                <h2 id="rythme-titre" class="text-base font-semibold text-ink-900">"Plage et rythme d'envoi"</h2>
                <p class="mt-1 max-w-3xl text-sm text-ink-600">
                    "Les envois sont étalés régulièrement sur la plage choisie (heure de Paris), comme le ferait une personne."
                </p>
                <WindowPicker days start_hour end_hour skip_holidays window error=field_error("window")/>
                <div class="mt-6 grid gap-5 sm:grid-cols-2">
                    <div>
                        <ControlledField
                            label="Envois par jour au maximum"
                            id="rythme-quotidien"
                            input_type="number"
                            value=pace
                            min="1"
                            max="2000"
                            step="1"
                            inputmode="numeric"
                            hint=format!("Entre 1 et {}. {DEFAULT_PACE} par jour est un bon départ.", int_fr(u64::from(PACE_MAX)))
                            error=field_error("daily_pace")
                            required=true
                        />
                        <p class="mt-2 text-sm font-medium text-ink-700" aria-live="polite">{pace_estimate}</p>
                    </div>
                </div>
            </section>

            <div class="space-y-4 rounded-xl bg-white p-5 shadow-card ring-1 ring-ink-200/70 sm:p-6">
                <Show when=move || banner.get().is_some()>
                    <Alert tone=AlertTone::Error>
                        <strong>"La campagne n'a pas été créée. "</strong>{move || banner.get()}
                    </Alert>
                </Show>
                <div class="flex flex-wrap items-center gap-x-4 gap-y-2">
                    <Button button_type="submit" size=ButtonSize::Large loading=creating>
                        <Icon name=IconName::Check class="size-5"/>"Créer la campagne"
                    </Button>
                    <p class="text-sm text-ink-500">"Elle est créée à l'arrêt : vous la démarrez depuis sa page."</p>
                </div>
            </div>
        </form>
    }
}

/// An error line under a group of inputs (a fieldset, the subjects).
#[component]
fn FieldError(id: &'static str, error: Signal<Option<String>>) -> impl IntoView {
    view! {
        <Show when=move || error.get().is_some()>
            <p id=id class="mt-2 text-sm text-danger-700">{move || error.get()}</p>
        </Show>
    }
}

/// The server's "subject" error names no variant: it is shown under the messages.
#[component]
fn SubjectError(error: Signal<Option<String>>) -> impl IntoView {
    view! {
        <Show when=move || error.get().is_some()>
            <Alert tone=AlertTone::Error>{move || error.get()}</Alert>
        </Show>
    }
}

/// The organisation's ready databases as checkboxes, with their unlocked rows (the only ones a
/// campaign contacts).
#[component]
fn DatabaseChoices(list: Vec<DatabaseSummary>, selected: RwSignal<Vec<i64>>) -> impl IntoView {
    let ready: Vec<DatabaseSummary> = list.into_iter().filter(|d| d.status == DatabaseStatus::Ready).collect();
    if ready.is_empty() {
        return view! {
            <div class="mt-3 rounded-lg bg-ink-50 p-4 text-sm text-ink-700">
                <p>"Aucune base prête pour le moment. Une campagne contacte les entreprises d'une base terminée, dont vous avez débloqué les lignes."</p>
                <div class="mt-3"><ButtonLink href="/app/bases" variant=ButtonVariant::Secondary size=ButtonSize::Small>"Voir mes bases"</ButtonLink></div>
            </div>
        }
        .into_any();
    }
    // A database without unlocked rows cannot be chosen (and is unticked if it came from the URL).
    let usable: Vec<i64> = ready.iter().filter(|d| d.rows_unlocked > 0).map(|d| d.id).collect();
    selected.update(|s| s.retain(|id| usable.contains(id)));
    let unlocked: Vec<(i64, u64)> = ready.iter().map(|d| (d.id, d.rows_unlocked)).collect();
    let reached =
        move || selected.with(|s| unlocked.iter().filter(|(id, _)| s.contains(id)).map(|(_, n)| *n).sum::<u64>());
    view! {
        <ul class="mt-3 grid gap-3 sm:grid-cols-2">
            {ready.into_iter().map(|d| {
                let DatabaseSummary { id, name, target_label, rows_unlocked, rows_total, .. } = d;
                let input_id = format!("base-{id}");
                let empty = rows_unlocked == 0;
                view! {
                    <li class=move || format!(
                        "flex items-start gap-3 rounded-lg p-3 ring-1 ring-inset {}",
                        if selected.with(|s| s.contains(&id)) { "bg-brand-50 ring-brand-600" } else { "ring-ink-200" }
                    )>
                        <input
                            id=input_id.clone()
                            type="checkbox"
                            class="mt-0.5 size-4 shrink-0 rounded border-ink-300 text-brand-600 focus:ring-brand-600 disabled:opacity-50"
                            disabled=empty
                            prop:checked=move || selected.with(|s| s.contains(&id))
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                selected.update(|s| {
                                    s.retain(|x| *x != id);
                                    if on {
                                        s.push(id);
                                    }
                                });
                            }
                        />
                        <div class="min-w-0 text-sm">
                            <label for=input_id class=if empty { "block font-medium text-ink-500" } else { "block cursor-pointer font-medium text-ink-900" }>
                                {name}
                            </label>
                            <p class="truncate text-xs text-ink-500">{target_label}</p>
                            {if empty {
                                view! {
                                    <p class="mt-1 text-xs text-ink-600">
                                        "Aucune ligne débloquée · "
                                        <a href=format!("/app/bases/{id}") class="font-medium text-brand-700 hover:underline">"Débloquer des lignes"</a>
                                    </p>
                                }.into_any()
                            } else {
                                view! {
                                    <p class="mt-1 text-xs font-medium text-ink-700">
                                        {format!("{} sur {}", count_fr(rows_unlocked, "ligne débloquée", "lignes débloquées"), int_fr(rows_total))}
                                    </p>
                                }.into_any()
                            }}
                        </div>
                    </li>
                }
            }).collect_view()}
        </ul>
        <p class="mt-3 text-sm text-ink-700" aria-live="polite">
            {move || match reached() {
                0 => "Cochez au moins une base.".to_string(),
                n => format!("Jusqu'à {} à contacter.", count_fr(n, "entreprise", "entreprises")),
            }}
        </p>
    }
    .into_any()
}

fn textarea_classes(invalid: bool) -> String {
    format!(
        "mt-1.5 block w-full rounded-lg border-0 bg-white px-3.5 py-2.5 text-ink-900 shadow-sm ring-1 ring-inset \
         placeholder:text-ink-400 focus:ring-2 focus:ring-inset focus:ring-brand-600 sm:text-sm {}",
        if invalid { "ring-danger-500" } else { "ring-ink-300" }
    )
}

/// One message: subject, body with its live check (FORM-1 advice under it).
#[component]
fn MessageEditor(
    editor: Editor,
    index: usize,
    active: RwSignal<usize>,
    server_error: Signal<Option<String>>,
    #[prop(optional, into)] on_remove: Option<Callback<()>>,
) -> impl IntoView {
    let Editor { title, key, field, subject, body, node, touched } = editor;
    let body_id = format!("{key}-corps");
    let count_id = format!("{key}-compte");
    let error_id = format!("{key}-erreur");
    let advice_id = format!("{key}-conseils");
    let subject_error = Signal::derive(move || subject.with(|s| subject_problem(s)));
    let live_error = Memo::new(move |_| body.with(|b| body_problem(field, b)));
    // What the client is typing wins over an older answer of the server.
    let error = Signal::derive(move || live_error.get().or_else(|| server_error.get()));
    let settled: Signal<String> = debounced(body.into(), Duration::from_millis(400));
    let advice = Memo::new(move |_| advise(&settled.get()));
    let length = move || body.with(|b| b.chars().count());
    let described = {
        let (count_id, error_id, advice_id) = (count_id.clone(), error_id.clone(), advice_id.clone());
        move || {
            let mut ids = vec![count_id.clone()];
            if error.get().is_some() {
                ids.push(error_id.clone());
            }
            if !advice.with(Vec::is_empty) {
                ids.push(advice_id.clone());
            }
            ids.join(" ")
        }
    };
    let is_active = move || active.get() == index;
    view! {
        <div class="space-y-4" role="group" aria-labelledby=format!("{key}-titre")>
            <div class="flex flex-wrap items-center justify-between gap-2">
                <h3 id=format!("{key}-titre") class="flex items-center gap-2 text-sm font-semibold text-ink-900">
                    {title}
                    <Show when=is_active>
                        <Badge tone=BadgeTone::Brand>"Variables insérées ici"</Badge>
                    </Show>
                </h3>
                {on_remove.map(|remove| view! {
                    <Button size=ButtonSize::Small variant=ButtonVariant::Ghost on_click=move |_| remove.run(()) aria_label="Retirer la variante C">
                        <Icon name=IconName::Close class="size-4"/>"Retirer"
                    </Button>
                })}
            </div>
            <ControlledField
                label="Objet"
                id=format!("{key}-objet")
                value=subject
                hint="Facultatif : utilisé quand le formulaire demande un objet."
                error=subject_error
                maxlength=SUBJECT_MAX
            />
            <div>
                <div class="flex flex-wrap items-baseline justify-between gap-x-3">
                    <label for=body_id.clone() class="block text-sm font-medium text-ink-800">
                        "Message"<span class="text-danger-600" aria-hidden="true">" *"</span>
                    </label>
                    <span
                        id=count_id
                        class=move || {
                            if length() > BODY_MAX { "text-xs tabular-nums text-danger-700" } else { "text-xs tabular-nums text-ink-500" }
                        }
                    >
                        {move || format!("{} / {} caractères", int_fr(length() as u64), int_fr(BODY_MAX as u64))}
                    </span>
                </div>
                <textarea
                    id=body_id.clone()
                    name=body_id
                    node_ref=node
                    rows="10"
                    required=true
                    aria-invalid=move || error.get().is_some().then_some("true")
                    aria-describedby=described
                    class=move || textarea_classes(error.get().is_some())
                    prop:value=move || body.get()
                    on:input=move |ev| body.set(event_target_value(&ev))
                    on:focus=move |_| {
                        active.set(index);
                        touched.set(true);
                    }
                >
                    {body.get_untracked()}
                </textarea>
                <Show when=move || error.get().is_some()>
                    <p id=error_id.clone() class="mt-1.5 flex items-start gap-1.5 text-sm text-danger-700">
                        <Icon name=IconName::Alert class="mt-0.5 size-4 shrink-0"/>{move || error.get()}
                    </p>
                </Show>
                <AdviceList id=advice_id advice has_error=Signal::derive(move || error.get().is_some())/>
            </div>
        </div>
    }
}

/// The writing tips of FORM-1 for the text as it stands.
#[component]
fn AdviceList(id: String, advice: Memo<Vec<Advice>>, has_error: Signal<bool>) -> impl IntoView {
    view! {
        <Show
            when=move || !advice.with(Vec::is_empty)
            fallback=move || view! {
                <Show when=move || !has_error.get()>
                    <p class="mt-2 flex items-center gap-1.5 text-xs text-success-700">
                        <Icon name=IconName::CheckCircle class="size-4 shrink-0"/>"Rien à redire sur ce message."
                    </p>
                </Show>
            }
        >
            <div id=id.clone() class="mt-2 rounded-lg bg-ink-50 px-3 py-2">
                <p class="text-xs font-semibold text-ink-700">"Conseils de rédaction"</p>
                <ul class="mt-1 space-y-1">
                    {move || advice.get().into_iter().map(|a| {
                        let (icon, colour) = match a.severity {
                            Severity::Warning => (IconName::Alert, "text-warning-800"),
                            _ => (IconName::Info, "text-ink-600"),
                        };
                        view! {
                            <li class=format!("flex items-start gap-1.5 text-xs {colour}")>
                                <Icon name=icon class="mt-px size-3.5 shrink-0"/><span>{a.message}</span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </div>
        </Show>
    }
}

/// The variables a message may hold; a click inserts one where the cursor is in the last message
/// edited.
#[component]
fn VariablesPanel(editors: [Editor; 4], active: RwSignal<usize>, has_c: RwSignal<bool>) -> impl IntoView {
    let target = move || {
        let i = active.get();
        // Message C removed: back to A.
        if i == 2 && !has_c.get() { editors[0] } else { editors[i.min(3)] }
    };
    view! {
        <aside class="rounded-xl bg-ink-50 p-4 ring-1 ring-inset ring-ink-200 lg:sticky lg:top-6" aria-labelledby="variables-titre">
            <h3 id="variables-titre" class="text-sm font-semibold text-ink-900">"Variables"</h3>
            <p class="mt-1 text-xs text-ink-600">
                "Remplacées pour chaque entreprise au moment de l'envoi. Cliquez pour insérer dans : "
                <strong class="text-ink-900">{move || target().title}</strong>
            </p>
            <ul class="mt-3 space-y-2">
                {VARIABLES.iter().map(|(name, description)| {
                    let token = format!("{{{{{name}}}}}");
                    let label = format!("Insérer {token} ({description})");
                    view! {
                        <li class="flex flex-wrap items-baseline gap-x-2 gap-y-0.5">
                            <button
                                type="button"
                                class="rounded-md bg-white px-2 py-1 font-mono text-xs text-brand-800 ring-1 ring-inset ring-brand-200 hover:bg-brand-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
                                aria-label=label
                                // Keep the cursor in the text area on a mouse click.
                                on:mousedown=|ev| ev.prevent_default()
                                on:click=move |_| insert_variable(target(), name)
                            >
                                {token}
                            </button>
                            <span class="text-xs text-ink-500">{*description}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <p class="mt-4 border-t border-ink-200 pt-3 text-xs text-ink-600">
                "Un bon premier message est court, personnalisé avec le nom de l'entreprise, et se termine par une seule question simple."
            </p>
        </aside>
    }
}

const DAY_SHORT: [&str; 7] = ["Lun", "Mar", "Mer", "Jeu", "Ven", "Sam", "Dim"];

fn hour_options(range: std::ops::RangeInclusive<u8>) -> Vec<SelectOption> {
    range.map(|h| SelectOption { value: h.to_string(), label: format!("{h} h") }).collect()
}

/// Days (Monday first), hours and holidays of the sending window.
#[component]
fn WindowPicker(
    days: RwSignal<[bool; 7]>,
    start_hour: RwSignal<u8>,
    end_hour: RwSignal<u8>,
    skip_holidays: RwSignal<bool>,
    window: Memo<SendingWindow>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let day_class = move |on: bool| {
        format!(
            "rounded-lg px-0 py-2 text-sm sm:min-w-12 sm:px-3 font-medium transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 {}",
            if on {
                "bg-brand-600 text-white shadow-sm hover:bg-brand-700"
            } else {
                "bg-white text-ink-700 ring-1 ring-inset ring-ink-300 hover:bg-ink-50"
            }
        )
    };
    let invalid = Signal::derive(move || !window.with(SendingWindow::is_valid));
    view! {
        <fieldset
            id="plage-envoi"
            tabindex="-1"
            class="mt-4 rounded-lg focus-visible:outline-2 focus-visible:outline-offset-4 focus-visible:outline-brand-600"
            aria-describedby="plage-envoi-resume"
        >
            <legend class="text-sm font-medium text-ink-800">"Jours d'envoi"</legend>
            <div class="mt-2 grid grid-cols-7 gap-1 sm:flex sm:flex-wrap sm:gap-1.5">
                {(0..7).map(|i| view! {
                    <button
                        type="button"
                        class=move || day_class(days.with(|d| d[i]))
                        aria-pressed=move || days.with(|d| d[i]).to_string()
                        on:click=move |_| days.update(|d| d[i] = !d[i])
                    >
                        <span aria-hidden="true">{DAY_SHORT[i]}</span>
                        <span class="sr-only">{DAY_NAMES_FR[i]}</span>
                    </button>
                }).collect_view()}
            </div>
            <div class="mt-4 grid max-w-md grid-cols-2 gap-4">
                <ControlledSelect
                    label="De"
                    id="plage-debut"
                    options=hour_options(0..=23)
                    value=Signal::derive(move || start_hour.get().to_string())
                    on_change=Callback::new(move |v: String| {
                        if let Ok(h) = v.parse() {
                            start_hour.set(h)
                        }
                    })
                />
                <ControlledSelect
                    label="À"
                    id="plage-fin"
                    options=hour_options(1..=24)
                    value=Signal::derive(move || end_hour.get().to_string())
                    on_change=Callback::new(move |v: String| {
                        if let Ok(h) = v.parse() {
                            end_hour.set(h)
                        }
                    })
                />
            </div>
            <label class="mt-4 inline-flex items-center gap-2 text-sm text-ink-800">
                <input
                    type="checkbox"
                    class="size-4 rounded border-ink-300 text-brand-600 focus:ring-brand-600"
                    prop:checked=move || skip_holidays.get()
                    on:change=move |ev| skip_holidays.set(event_target_checked(&ev))
                />
                "Exclure les jours fériés"
            </label>
            <p id="plage-envoi-resume" class="mt-3 flex items-start gap-1.5 text-sm text-ink-700" aria-live="polite">
                <Icon name=IconName::Clock class="mt-0.5 size-4 shrink-0 text-ink-500"/>
                <span>
                    {move || if invalid.get() {
                        "Choisissez au moins un jour et une heure de fin après l'heure de début.".to_string()
                    } else {
                        window.with(SendingWindow::label_fr)
                    }}
                </span>
            </p>
            <FieldError id="plage-envoi-erreur" error/>
        </fieldset>
    }
}

// =============================================================================================
// /app/campagnes/:id

#[component]
pub fn CampaignPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok())));
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
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(detail) => view! { <CampaignView detail contacts filter page contacts_version/> }.into_any(),
                    Err(e) => view! {
                        <Title text="Campagne introuvable"/>
                        <PageHeader title="Campagne introuvable"/>
                        <Alert tone=AlertTone::Error>{e.message_fr()}</Alert>
                    }.into_any(),
                }
            })}
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

/// The live stream of the campaign's figures (server-sent events, event "live", JSON
/// `CampaignLive`). On any error the stream is closed and the page polls instead.
#[cfg(feature = "hydrate")]
fn open_stream(campaign_id: i64, live: RwSignal<CampaignLive>, failed: RwSignal<bool>) {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;

    let Ok(source) = web_sys::EventSource::new(&format!("/app/campagnes/{campaign_id}/flux")) else {
        failed.set(true);
        return;
    };
    let on_live = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
        if let Some(text) = ev.data().as_string()
            && let Ok(fresh) = serde_json::from_str::<CampaignLive>(&text)
        {
            let _ = live.try_set(fresh);
        }
    });
    let _ = source.add_event_listener_with_callback("live", on_live.as_ref().unchecked_ref());
    // Unnamed events too, in case the server sends them without an event name.
    source.set_onmessage(Some(on_live.as_ref().unchecked_ref()));
    let closing = source.clone();
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| {
        closing.close();
        let _ = failed.try_set(true);
    });
    source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    // Cleanups run before this owner's values are dropped: the stream is closed on leaving.
    let held = StoredValue::new_local(Some((source, on_live, on_error)));
    on_cleanup(move || {
        if let Some(Some((source, _on_live, _on_error))) = held.try_update_value(Option::take) {
            source.close();
        }
    });
}

#[component]
fn CampaignView(
    detail: CampaignDetail,
    contacts: Resource<Result<ContactPage, AppError>>,
    filter: RwSignal<ContactFilter>,
    page: RwSignal<u32>,
    contacts_version: RwSignal<u32>,
) -> impl IntoView {
    let toasts = expect_context::<Toasts>();
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
    let live = RwSignal::new(first);

    // ---- live figures: server-sent events, or polling when the stream is unavailable
    let refresh = Action::new(move |_: &()| campaign_live(id));
    let refreshing = refresh.pending();
    Effect::new(move |_| {
        if let Some(Ok(fresh)) = refresh.value().get() {
            live.set(fresh);
        }
    });
    let stream_failed = RwSignal::new(false);
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        open_stream(id, live, stream_failed);
    });
    poll_while(
        LIVE_POLL,
        move || stream_failed.get(),
        move || {
            if !refreshing.get_untracked() {
                refresh.dispatch(());
            }
        },
    );
    // New sends, failures or replies: the contacts table follows.
    let counts = Memo::new(move |_| live.with(|l| (l.sent_total, l.failures_total, l.replies, l.pending)));
    Effect::new(move |previous: Option<(u64, u64, u64, u64)>| {
        let now = counts.get();
        if previous.is_some_and(|p| p != now) {
            contacts_version.update(|v| *v += 1);
        }
        now
    });

    // ---- PLAY / PAUSE (FORM-4)
    let run = Action::new(move |running: &bool| set_campaign_running(id, *running));
    let switching = run.pending();
    Effect::new(move |_| match run.value().get() {
        Some(Ok(fresh)) => {
            toasts.push(
                AlertTone::Success,
                match fresh.status {
                    CampaignStatus::Running => "Campagne démarrée : les envois suivent la plage et le rythme choisis.",
                    _ => "Campagne en pause : plus aucun envoi jusqu'à la reprise.",
                },
            );
            live.set(fresh);
        }
        Some(Err(e)) => toasts.push(AlertTone::Error, e.message_fr()),
        None => {}
    });
    let status = Memo::new(move |_| live.with(|l| l.status));
    let running = Signal::derive(move || status.get() == CampaignStatus::Running);

    // ---- variants (FORM-3)
    let toggle = Action::new(move |input: &(i64, bool)| set_variant_active(id, input.0, input.1));
    let toggling = toggle.pending();
    let busy_variant = RwSignal::new(None::<i64>);
    Effect::new(move |_| match toggle.value().get() {
        Some(Ok(fresh)) => {
            live.set(fresh);
            busy_variant.set(None);
        }
        Some(Err(e)) => {
            toasts.push(AlertTone::Error, e.message_fr());
            busy_variant.set(None);
        }
        None => {}
    });
    let on_toggle = Callback::new(move |(variant, active): (i64, bool)| {
        if !toggling.get_untracked() {
            busy_variant.set(Some(variant));
            toggle.dispatch((variant, active));
        }
    });
    let busy = Signal::derive(move || if toggling.get() { busy_variant.get() } else { None });

    // ---- replies recorded by hand
    let reply = Action::new(|input: &(i64, bool)| record_reply(input.0, input.1));
    let replying = reply.pending();
    let busy_contact = RwSignal::new(None::<i64>);
    Effect::new(move |_| match reply.value().get() {
        Some(Ok(())) => {
            toasts.push(AlertTone::Success, "Réponse enregistrée.");
            busy_contact.set(None);
            contacts_version.update(|v| *v += 1);
            refresh.dispatch(());
        }
        Some(Err(e)) => {
            toasts.push(AlertTone::Error, e.message_fr());
            busy_contact.set(None);
        }
        None => {}
    });
    let on_reply = Callback::new(move |(contact, positive): (i64, bool)| {
        if !replying.get_untracked() {
            busy_contact.set(Some(contact));
            reply.dispatch((contact, positive));
        }
    });
    let replying_to = Signal::derive(move || if replying.get() { busy_contact.get() } else { None });

    let window_label = window.label_fr();
    let pace_label = format!(
        "{} par jour au maximum · relance après {}",
        count_fr(u64::from(daily_pace), "envoi", "envois"),
        count_fr(u64::from(follow_up_days), "jour", "jours")
    );
    let figure = move |f: fn(&CampaignLive) -> u64| Signal::derive(move || live.with(f));

    view! {
        <Title text=title.clone()/>
        <PageHeader
            title=title
            description=bases
            actions=Box::new(move || view! {
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
            }.into_any())
        />
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

            // ---- counters (FORM-5)
            <dl class="grid grid-cols-2 gap-3 sm:grid-cols-3 sm:gap-4 lg:grid-cols-5">
                <Counter label="Envoyés aujourd'hui" testid="sent-today" value=figure(|l| l.sent_today)>
                    {move || live.with(|l| (l.in_flight > 0).then(|| count_fr(l.in_flight, "envoi en cours", "envois en cours")))}
                </Counter>
                <Counter label="Prévus aujourd'hui" testid="planned-today" value=figure(|l| l.planned_today)>
                    {move || live.with(|l| if l.in_window { "Dans la plage d'envoi".to_string() } else { "Hors plage d'envoi".to_string() })}
                </Counter>
                <Counter label="En attente" testid="pending" value=figure(|l| l.pending)>
                    {move || live.with(|l| format!("sur {}", count_fr(l.targets, "cible", "cibles")))}
                </Counter>
                <Counter label="Réponses" testid="replies" value=figure(|l| l.replies)>
                    "dont "<span data-testid="positive-replies">{move || live.with(|l| int_fr(l.positive_replies))}</span>
                    {move || live.with(|l| if l.positive_replies <= 1 { " positive" } else { " positives" })}
                </Counter>
                <Counter label="Échecs" testid="failures-total" value=figure(|l| l.failures_total)>
                    "Non décompté de votre quota"
                </Counter>
            </dl>

            <div class="grid gap-6 lg:grid-cols-2">
                <ProgressCard live/>
                <FailuresCard live/>
            </div>

            <VariantsSection live on_toggle busy/>

            <ContactsSection contacts filter page on_reply replying_to/>
        </div>
    }
}

/// A live figure of the campaign, with a stable `data-testid` (its raw value in `data-value`).
#[component]
fn Counter(
    label: &'static str,
    testid: &'static str,
    value: Signal<u64>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    view! {
        <div class="min-w-0 rounded-xl bg-white p-4 shadow-card ring-1 ring-ink-200/70 sm:p-5">
            <dt class="text-sm font-medium text-ink-500">{label}</dt>
            <dd
                class="mt-1 text-2xl font-semibold tracking-tight tabular-nums text-ink-900 sm:text-3xl"
                data-testid=testid
                data-value=move || value.get().to_string()
            >
                {move || int_fr(value.get())}
            </dd>
            {children.map(|c| view! { <dd class="mt-1 text-xs text-ink-500">{c()}</dd> })}
        </div>
    }
}

/// Today's sends and the month's quota, and when the next send happens.
#[component]
fn ProgressCard(live: RwSignal<CampaignLive>) -> impl IntoView {
    let today = Signal::derive(move || live.with(|l| share(l.sent_today, l.sent_today + l.planned_today)));
    let today_detail = Signal::derive(move || {
        live.with(|l| {
            format!(
                "{} sur {} prévus aujourd'hui",
                int_fr(l.sent_today),
                count_fr(l.sent_today + l.planned_today, "envoi", "envois")
            )
        })
    });
    let month = Signal::derive(move || live.with(|l| share(l.period_done, l.period_quota)));
    let month_detail = Signal::derive(move || {
        live.with(|l| {
            format!("{} sur {} ce mois-ci", int_fr(l.period_done), count_fr(l.period_quota, "envoi", "envois"))
        })
    });
    let figure = move |f: fn(&CampaignLive) -> String| Signal::derive(move || live.with(f));
    view! {
        <section class="rounded-xl bg-white p-5 shadow-card ring-1 ring-ink-200/70" aria-labelledby="avancement-titre">
            <h2 id="avancement-titre" class="text-base font-semibold text-ink-900">"Avancement"</h2>
            <div class="mt-4 space-y-5">
                <ProgressBar label="Aujourd'hui" percent=today detail=today_detail/>
                <ProgressBar label="Quota du mois" percent=month detail=month_detail/>
            </div>
            <p class="mt-4 flex items-start gap-1.5 text-sm text-ink-700" data-testid="next-send" aria-live="polite">
                <Icon name=IconName::Clock class="mt-0.5 size-4 shrink-0 text-ink-500"/>
                {move || live.with(|l| match (&l.next_send, l.status) {
                    (Some(next), _) => next.clone(),
                    (None, CampaignStatus::Running) if l.pending == 0 => "Toutes les entreprises ont été contactées.".to_string(),
                    (None, CampaignStatus::Running) => "Prochain envoi en préparation.".to_string(),
                    (None, CampaignStatus::Paused) => "Aucun envoi pendant la pause.".to_string(),
                    (None, CampaignStatus::Draft) => "Aucun envoi avant le démarrage de la campagne.".to_string(),
                })}
            </p>
            <dl class="mt-4 grid grid-cols-2 gap-3 text-sm sm:grid-cols-3">
                <Figure label="Envoyés au total" value=figure(|l| format!("{} / {}", int_fr(l.sent_total), int_fr(l.targets)))/>
                <Figure label="Relances envoyées" value=figure(|l| int_fr(l.follow_ups_sent))/>
                <Figure
                    label="E-mails non envoyés"
                    value=figure(|l| int_fr(l.email_queue))
                    testid="emails-non-envoyes"
                    note="Envoi d'e-mails pas encore actif."
                />
            </dl>
        </section>
    }
}

/// Failures by reason as horizontal bars (FORM-7).
#[component]
fn FailuresCard(live: RwSignal<CampaignLive>) -> impl IntoView {
    let failures = Memo::new(move |_| {
        let mut list: Vec<FailureCount> = live.with(|l| l.failures.iter().filter(|f| f.count > 0).cloned().collect());
        list.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
        list
    });
    view! {
        <section class="rounded-xl bg-white p-5 shadow-card ring-1 ring-ink-200/70" aria-labelledby="echecs-titre">
            <h2 id="echecs-titre" class="text-base font-semibold text-ink-900">"Échecs par motif"</h2>
            <p class="mt-1 text-sm text-ink-600">
                "Un échec n'est pas décompté de votre quota d'entreprises contactées. Les erreurs passagères (site indisponible…) sont réessayées automatiquement."
            </p>
            <Show
                when=move || !failures.with(Vec::is_empty)
                fallback=|| view! { <p class="mt-4 text-sm text-ink-500">"Aucun échec pour le moment."</p> }
            >
                <ul class="mt-4 space-y-3">
                    {move || {
                        let list = failures.get();
                        let max = list.iter().map(|f| f.count).max().unwrap_or(1).max(1);
                        list.into_iter().map(|f| {
                            let width = (f.count.saturating_mul(100) / max).max(2);
                            view! {
                                <li data-testid=format!("failure-{}", f.outcome)>
                                    <div class="flex items-baseline justify-between gap-3 text-sm">
                                        <span class="min-w-0 text-ink-700">{f.label}</span>
                                        <span class="shrink-0 font-medium tabular-nums text-ink-900">{int_fr(f.count)}</span>
                                    </div>
                                    <div class="mt-1 h-2 rounded-full bg-ink-100" aria-hidden="true">
                                        <div class="h-2 rounded-full bg-danger-500 transition-[width] duration-500" style=format!("width: {width}%")></div>
                                    </div>
                                </li>
                            }
                        }).collect_view()
                    }}
                </ul>
            </Show>
        </section>
    }
}

/// "En tête" for the bandit's favourite, the win probability once every variant has its sample.
#[component]
fn VariantsSection(
    live: RwSignal<CampaignLive>,
    on_toggle: Callback<(i64, bool)>,
    busy: Signal<Option<i64>>,
) -> impl IntoView {
    let first_ids = move || live.with(|l| l.variants.iter().filter(|v| !v.follow_up).map(|v| v.id).collect::<Vec<_>>());
    let follow_up_ids =
        move || live.with(|l| l.variants.iter().filter(|v| v.follow_up).map(|v| v.id).collect::<Vec<_>>());
    let active_first =
        Memo::new(move |_| live.with(|l| l.variants.iter().filter(|v| !v.follow_up && v.active).count()));
    view! {
        <section class="space-y-4" aria-labelledby="variantes-titre">
            <div>
                <h2 id="variantes-titre" class="text-lg font-semibold text-ink-900">"Messages testés"</h2>
                <p class="mt-1 max-w-3xl text-sm text-ink-600">
                    {move || format!(
                        "Répartition équilibrée jusqu'à {} envois par variante, puis la meilleure est favorisée (échantillonnage de Thompson).",
                        live.with(|l| l.min_sample)
                    )}
                </p>
            </div>
            <ul class="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
                <For each=first_ids key=|id| *id let:vid>
                    <VariantCard vid live on_toggle busy last_active=Signal::derive(move || active_first.get() <= 1)/>
                </For>
            </ul>
            <Show when=move || !follow_up_ids().is_empty()>
                <h3 class="pt-2 text-sm font-semibold text-ink-900">"Message de relance"</h3>
                <ul class="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
                    <For each=follow_up_ids key=|id| *id let:vid>
                        <VariantCard vid live on_toggle busy last_active=Signal::derive(|| false)/>
                    </For>
                </ul>
            </Show>
        </section>
    }
}

#[component]
fn VariantCard(
    vid: i64,
    live: RwSignal<CampaignLive>,
    on_toggle: Callback<(i64, bool)>,
    busy: Signal<Option<i64>>,
    /// The only first-message variant still sent: it cannot be stopped.
    last_active: Signal<bool>,
) -> impl IntoView {
    let current = Memo::new(move |_| live.with(|l| l.variants.iter().find(|v| v.id == vid).cloned()));
    let Some(first) = current.get_untracked() else { return ().into_any() };
    let variant = Signal::derive(move || current.get().unwrap_or_else(|| first.clone()));
    let VariantStats { label, follow_up, subject, body, .. } = variant.get_untracked();
    let title = if !follow_up {
        format!("Variante {label}")
    } else if label.to_lowercase().starts_with("relance") {
        label.clone()
    } else {
        format!("Relance {label}")
    };
    let title_id = format!("variante-{vid}-titre");
    let heading_id = title_id.clone();
    let active = Signal::derive(move || variant.with(|v| v.active));
    let leader = Signal::derive(move || variant.with(|v| v.leader && !v.follow_up));
    let figure = move |f: fn(&VariantStats) -> String| Signal::derive(move || variant.with(f));
    let cannot_stop = Signal::derive(move || active.get() && !follow_up && last_active.get());
    view! {
        <li
            data-testid=format!("variant-{label}")
            data-active=move || active.get().to_string()
            data-leader=move || leader.get().to_string()
            class=move || format!(
                "flex flex-col rounded-xl bg-white p-5 shadow-card ring-1 {}",
                if leader.get() { "ring-2 ring-success-600" } else { "ring-ink-200/70" }
            )
        >
            <div class="flex flex-wrap items-start justify-between gap-2">
                <h3 id=heading_id class="text-base font-semibold text-ink-900">{title}</h3>
                <div class="flex flex-wrap gap-1.5">
                    <Show when=move || leader.get()>
                        <Badge tone=BadgeTone::Success>"En tête"</Badge>
                    </Show>
                    <Show when=move || !active.get()>
                        <Badge tone=BadgeTone::Neutral>"Arrêtée"</Badge>
                    </Show>
                </div>
            </div>
            <p class="mt-1 break-words text-sm text-ink-600">
                {if subject.trim().is_empty() { "Sans objet".to_string() } else { format!("Objet : {subject}") }}
            </p>
            <dl class="mt-4 grid grid-cols-2 gap-3 text-sm">
                <Figure label="Envois" value=figure(|v| int_fr(v.sent)) testid="variant-sent"/>
                <Figure label="Réponses" value=figure(|v| format!("{} ({} pos.)", int_fr(v.replies), int_fr(v.positive))) testid="variant-replies"/>
                <Figure label="Taux positif" value=figure(|v| percent_fr(v.positive_rate)) testid="variant-positive-rate"/>
                {(!follow_up).then(|| view! {
                    <Figure
                        label="Chance d'être la meilleure"
                        value=figure(|v| match v.win_probability {
                            // A probability (0–1); tolerate a server that already sends a percentage.
                            Some(p) => percent_fr(if p <= 1.0 { p * 100.0 } else { p }),
                            None => "—".to_string(),
                        })
                        testid="variant-win"
                    />
                })}
            </dl>
            <details class="mt-3 text-sm">
                <summary class="cursor-pointer rounded font-medium text-brand-700 hover:underline">"Voir le message"</summary>
                <p class="mt-2 whitespace-pre-line break-words rounded-lg bg-ink-50 p-3 text-ink-700">{body}</p>
            </details>
            <div class="mt-4 flex flex-wrap items-center gap-2 border-t border-ink-100 pt-4">
                <Button
                    size=ButtonSize::Small
                    variant=ButtonVariant::Secondary
                    loading=Signal::derive(move || busy.get() == Some(vid))
                    disabled=cannot_stop
                    aria_describedby=title_id
                    on_click=move |_| on_toggle.run((vid, !active.get_untracked()))
                >
                    {move || if active.get() { "Arrêter" } else { "Réactiver" }}
                </Button>
                <Show when=move || cannot_stop.get()>
                    <p class="text-xs text-ink-500">"Au moins une variante doit rester active."</p>
                </Show>
            </div>
        </li>
    }
    .into_any()
}

const FILTERS: [(ContactFilter, &str); 5] = [
    (ContactFilter::All, "Tous"),
    (ContactFilter::Sent, "Envoyés"),
    (ContactFilter::Failed, "Échecs"),
    (ContactFilter::Waiting, "En attente"),
    (ContactFilter::Replied, "Réponses"),
];

fn tone_dot(tone: StatusTone) -> &'static str {
    match tone {
        StatusTone::Neutral => "bg-ink-400",
        StatusTone::Progress => "bg-brand-500",
        StatusTone::Success => "bg-success-600",
        StatusTone::Warning => "bg-warning-400",
        StatusTone::Danger => "bg-danger-500",
    }
}

/// The companies targeted, by status (FORM-6), with their failure reason (FORM-7).
#[component]
fn ContactsSection(
    contacts: Resource<Result<ContactPage, AppError>>,
    filter: RwSignal<ContactFilter>,
    page: RwSignal<u32>,
    on_reply: Callback<(i64, bool)>,
    replying_to: Signal<Option<i64>>,
) -> impl IntoView {
    let tab_class = move |on: bool| {
        format!(
            "rounded-md px-3 py-1.5 text-sm font-medium transition-colors focus-visible:outline-2 focus-visible:outline-brand-600 {}",
            if on { "bg-white text-ink-900 shadow-sm" } else { "text-ink-600 hover:text-ink-900" }
        )
    };
    let pending = RwSignal::new(false);
    view! {
        <section class="space-y-4" aria-labelledby="contacts-titre">
            <div class="flex flex-wrap items-center justify-between gap-3">
                <h2 id="contacts-titre" class="text-lg font-semibold text-ink-900">"Entreprises ciblées"</h2>
                <div class="flex flex-wrap gap-1 rounded-lg bg-ink-100 p-1" role="group" aria-label="Entreprises affichées">
                    {FILTERS.into_iter().map(|(f, label)| view! {
                        <button
                            type="button"
                            class=move || tab_class(filter.get() == f)
                            aria-pressed=move || (filter.get() == f).to_string()
                            data-testid=format!("filter-{}", f.as_str())
                            on:click=move |_| {
                                filter.set(f);
                                page.set(1);
                            }
                        >
                            {label}
                        </button>
                    }).collect_view()}
                </div>
            </div>
            <div class=move || if pending.get() { "opacity-60 transition-opacity" } else { "transition-opacity" } aria-busy=move || pending.get().to_string()>
                <Transition fallback=|| view! { <SkeletonRows rows=6/> } set_pending=pending.write_only()>
                    {move || Suspend::new(async move {
                        match contacts.await {
                            Err(e) => view! { <Alert tone=AlertTone::Error>{e.message_fr()}</Alert> }.into_any(),
                            Ok(p) if p.rows.is_empty() => view! {
                                <div class="rounded-xl bg-white p-6 text-center text-sm text-ink-600 shadow-card ring-1 ring-ink-200/70">
                                    {if p.page > 1 {
                                        "Plus aucune entreprise sur cette page."
                                    } else if filter.get_untracked() == ContactFilter::All {
                                        "Aucune entreprise ciblée : les bases choisies n'ont pas encore de ligne débloquée."
                                    } else {
                                        "Aucune entreprise dans cette catégorie pour le moment."
                                    }}
                                </div>
                            }.into_any(),
                            Ok(p) => {
                                let pages = (p.total.div_ceil(u64::from(p.page_size.max(1))) as u32).max(1);
                                let current = p.page.max(1);
                                view! {
                                    <ContactsTable rows=p.rows on_reply replying_to/>
                                    <Pagination
                                        page=current
                                        pages
                                        total_label=count_fr(p.total, "entreprise", "entreprises")
                                        on_change=Callback::new(move |n: u32| page.set(n))
                                    />
                                }.into_any()
                            }
                        }
                    })}
                </Transition>
            </div>
        </section>
    }
}

#[component]
fn ContactsTable(
    rows: Vec<ContactRow>,
    on_reply: Callback<(i64, bool)>,
    replying_to: Signal<Option<i64>>,
) -> impl IntoView {
    view! {
        <DataTable
            caption="Entreprises ciblées par la campagne"
            dense=true
            columns=vec!["Entreprise", "Ville", "Variante", "Statut", "Détail", "Réponse"]
        >
            {rows.into_iter().map(|r| {
                let ContactRow { id, company, city, variant, status, tone, detail, follow_ups, can_record_reply } = r;
                let name_id = format!("contact-{id}-nom");
                let (positive_for, negative_for) = (name_id.clone(), name_id.clone());
                let busy = Signal::derive(move || replying_to.get() == Some(id));
                let relances = (follow_ups > 0).then(|| count_fr(u64::from(follow_ups), "relance", "relances"));
                view! {
                    <tr data-testid=format!("contact-{id}")>
                        <Td class="min-w-40 font-medium"><span id=name_id>{company}</span></Td>
                        <Td class="whitespace-nowrap text-ink-600">{city.unwrap_or_else(|| "—".into())}</Td>
                        <Td class="whitespace-nowrap">{variant.unwrap_or_else(|| "—".into())}</Td>
                        <Td class="min-w-44">
                            <span class="inline-flex items-center gap-2">
                                <span class=format!("size-2 shrink-0 rounded-full {}", tone_dot(tone)) aria-hidden="true"></span>
                                <span>{status}</span>
                            </span>
                        </Td>
                        <Td class="min-w-40 text-ink-600">
                            {match (detail, relances) {
                                (None, None) => view! { <span class="text-ink-400">"—"</span> }.into_any(),
                                (detail, relances) => view! {
                                    {detail.map(|d| view! { <span class="block">{d}</span> })}
                                    {relances.map(|r| view! { <span class="block text-xs text-ink-500">{r}</span> })}
                                }.into_any(),
                            }}
                        </Td>
                        <Td>
                            {can_record_reply.then(|| {
                                view! {
                                    <div class="flex flex-wrap gap-1.5">
                                        <Button size=ButtonSize::Small variant=ButtonVariant::Secondary loading=busy aria_describedby=positive_for on_click=move |_| on_reply.run((id, true))>
                                            "Réponse positive"
                                        </Button>
                                        <Button size=ButtonSize::Small variant=ButtonVariant::Ghost disabled=busy aria_describedby=negative_for on_click=move |_| on_reply.run((id, false))>
                                            "Réponse négative"
                                        </Button>
                                    </div>
                                }
                            })}
                        </Td>
                    </tr>
                }
            }).collect_view()}
        </DataTable>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selection_offsets_count_utf16_units() {
        let text = "Été 😀 ok";
        assert_eq!(byte_offset(text, 0), 0);
        assert_eq!(byte_offset(text, 1), "É".len());
        // The emoji is two UTF-16 units.
        assert_eq!(byte_offset(text, 6), "Été 😀".len());
        assert_eq!(byte_offset(text, 99), text.len());
    }

    #[test]
    fn pace_reads_as_an_interval() {
        let w = SendingWindow::default();
        assert_eq!(pace_line(&w, Some(40)), "≈ un envoi toutes les 14 minutes · jusqu'à 200 envois par semaine");
        assert_eq!(pace_line(&w, Some(540)), "≈ un envoi par minute · jusqu'à 2\u{202f}700 envois par semaine");
        assert!(pace_line(&w, Some(2000)).starts_with("≈ un envoi toutes les 16 secondes"));
        assert!(pace_line(&w, Some(0)).starts_with("Indiquez"));
        assert!(pace_line(&w, None).starts_with("Indiquez"));
        let closed = SendingWindow { days: [false; 7], ..w };
        assert!(pace_line(&closed, Some(40)).starts_with("Choisissez"));
    }

    #[test]
    fn figures_in_french() {
        assert_eq!(percent_fr(12.345), "12,3\u{a0}%");
        assert_eq!(share(3, 4), 75);
        assert_eq!(share(5, 0), 0);
        assert_eq!(share(9, 4), 100);
        assert_eq!(count_fr(1, "réponse", "réponses"), "1 réponse");
    }

    #[test]
    fn live_problems_are_caught_as_the_client_types() {
        assert!(body_problem("variant_a", "Bonjour {{societe}}, un échange ?").is_none());
        assert!(body_problem("variant_a", "   ").is_some());
        assert!(body_problem("variant_a", "Bonjour {{societe").is_some());
        assert!(body_problem("variant_a", &"a".repeat(BODY_MAX + 1)).is_some());
        assert!(subject_problem("").is_none());
        assert!(subject_problem("Pour {{inconnue}}").is_some());
    }

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
                    id: 9,
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
