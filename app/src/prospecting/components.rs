//! Pieces of the prospect database pages: status and progress of a generation, masked values,
//! quality, the preview's figures, the company panel, the manual-add form, the row filters.

use super::api::AddRow;
use crate::ui::FormErrors;
use crate::ui::{
    Alert, AlertTone, Badge, BadgeTone, Button, ButtonSize, ControlledField, ControlledSelect, DataTable, Field, Icon,
    IconName, Modal, ProgressBar, SelectOption, Td, Toasts,
};
use leptos::prelude::*;
use leptos_router::params::ParamsMap;
use prospecta_shared::prospecting::{
    CompanyDetail, DatabaseStatus, DatabaseSummary, FactView, FieldShares, MaskedRow, RowView, SourceCount,
    UnlockOutcome,
};

// ---------------------------------------------------------------------------------------------
// French figures

use prospecta_shared::credits::Quota;
pub(crate) use prospecta_shared::format::integer_fr as int_fr;

/// "1 ligne", "0 ligne", "1 372 lignes" (French: singular up to 1).
pub(crate) fn count_fr(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", int_fr(n as i64), if n <= 1 { one } else { many })
}

/// The toast after an unlock: "20 prospects débloqués · encore 1 230 à débloquer".
pub(crate) fn unlock_message(outcome: &UnlockOutcome) -> String {
    if outcome.unlocked == 0 {
        return "Aucune ligne à débloquer : celles-ci sont déjà toutes débloquées.".into();
    }
    format!(
        "{} · encore {} à débloquer",
        Quota::Prospects.count_fr(i64::from(outcome.unlocked)),
        int_fr(outcome.prospects_left.max(0))
    )
}

// ---------------------------------------------------------------------------------------------
// Status of a database

/// Generating or waiting for a source: the page keeps polling.
pub(crate) fn is_active(status: &DatabaseStatus) -> bool {
    matches!(status, DatabaseStatus::Generating | DatabaseStatus::Waiting { .. })
}

/// Filled, and its companies' websites and e-mails are still being looked for.
pub(crate) fn is_enriching(summary: &DatabaseSummary) -> bool {
    summary.status == DatabaseStatus::Ready && summary.enrichment.total > 0 && !summary.enrichment.done()
}

/// Anything still moving: the page keeps polling.
pub(crate) fn is_working(summary: &DatabaseSummary) -> bool {
    is_active(&summary.status) || is_enriching(summary)
}

/// "37 / 88 entreprises enrichies · 21 sites · 14 e-mails"
pub(crate) fn enrichment_line(summary: &DatabaseSummary) -> String {
    let e = &summary.enrichment;
    format!(
        "{} / {} · {} · {}",
        int_fr(e.enriched as i64),
        count_fr(e.total, "entreprise enrichie", "entreprises enrichies"),
        count_fr(e.with_site, "site web", "sites web"),
        count_fr(e.with_email, "e-mail", "e-mails")
    )
}

fn status_badge(status: &DatabaseStatus) -> (BadgeTone, &'static str) {
    match status {
        DatabaseStatus::Generating => (BadgeTone::Brand, "Génération en cours"),
        DatabaseStatus::Waiting { .. } => (BadgeTone::Warning, "En attente"),
        DatabaseStatus::Ready => (BadgeTone::Success, "Prête"),
        DatabaseStatus::Failed { .. } => (BadgeTone::Danger, "Échec"),
    }
}

/// A short badge; waiting and failed databases also get their explanation (`label_fr`) beside.
#[component]
pub(crate) fn StatusBadge(#[prop(into)] status: Signal<DatabaseStatus>) -> impl IntoView {
    move || {
        let (tone, text) = status_badge(&status.get());
        view! { <Badge tone>{text}</Badge> }
    }
}

/// Pages read and companies found so far, for the list's cards.
pub(crate) fn progress_line(summary: &DatabaseSummary) -> String {
    let p = &summary.progress;
    format!(
        "{} · {}",
        count_fr(u64::from(p.pages_fetched), "page", "pages"),
        count_fr(u64::from(p.companies_found), "entreprise", "entreprises")
    )
}

/// A ready database's bar is full whatever the last progress report said.
pub(crate) fn shown_percent(summary: &DatabaseSummary) -> u8 {
    if summary.status == DatabaseStatus::Ready { 100 } else { summary.progress.percent.min(100) }
}

/// One figure of a progress card: a small label over a number.
#[component]
fn Figure(label: &'static str, #[prop(into)] value: Signal<String>) -> impl IntoView {
    view! {
        <div class="rounded-lg bg-ink-50 px-3 py-2">
            <dt class="text-xs text-ink-500">{label}</dt>
            <dd class="mt-0.5 font-semibold tabular-nums text-ink-900">{move || value.get()}</dd>
        </div>
    }
}

/// The generation card of a database: progress bar, figures and what happens next.
#[component]
pub(crate) fn GenerationCard(#[prop(into)] summary: Signal<DatabaseSummary>) -> impl IntoView {
    let percent = Signal::derive(move || summary.with(shown_percent));
    // The badge already names the status; the bar says where the work stands.
    let status_text = Signal::derive(move || {
        summary.with(|s| match &s.status {
            DatabaseStatus::Generating if s.progress.pages_expected == 0 => "Interrogation des sources…".to_string(),
            DatabaseStatus::Generating => "Lecture des annuaires et des données publiques…".to_string(),
            DatabaseStatus::Waiting { .. } => "En pause : une source ne répond pas pour le moment".to_string(),
            DatabaseStatus::Ready => "Génération terminée".to_string(),
            DatabaseStatus::Failed { .. } => "Génération interrompue".to_string(),
        })
    });
    let figure = move |label: &'static str, value: Box<dyn Fn(&DatabaseSummary) -> String + Send + Sync>| {
        view! { <Figure label value=Signal::derive(move || summary.with(|s| value(s)))/> }
    };
    view! {
        <section class="rounded-xl bg-white p-5 shadow-card ring-1 ring-ink-200/70" aria-labelledby="generation-titre">
            <div class="mb-4 flex flex-wrap items-center justify-between gap-2">
                <h2 id="generation-titre" class="text-base font-semibold text-ink-900">"Génération de la base"</h2>
                <StatusBadge status=Signal::derive(move || summary.with(|s| s.status.clone()))/>
            </div>
            <ProgressBar label="Progression de la génération" percent detail=status_text/>
            <dl class="mt-4 grid grid-cols-2 gap-3 text-sm sm:grid-cols-4">
                {figure("Pages lues", Box::new(|s| {
                    let p = &s.progress;
                    if p.pages_expected > 0 {
                        format!("{} / {}", int_fr(p.pages_fetched.into()), int_fr(p.pages_expected.into()))
                    } else {
                        int_fr(p.pages_fetched.into())
                    }
                }))}
                {figure("Entreprises trouvées", Box::new(|s| int_fr(s.progress.companies_found.into())))}
                {figure("Doublons fusionnés", Box::new(|s| int_fr(s.progress.merged.into())))}
                {figure("Enregistrées", Box::new(|s| int_fr(s.progress.stored.into())))}
            </dl>
            {move || match summary.with(|s| s.status.clone()) {
                DatabaseStatus::Generating => Some(view! {
                    <p class="mt-4 text-sm text-ink-600">
                        "Vous pouvez quitter cette page : la génération continue et les entreprises apparaissent dans le tableau dès qu'elle est terminée."
                    </p>
                }.into_any()),
                status @ DatabaseStatus::Waiting { .. } => Some(view! {
                    <div class="mt-4"><Alert tone=AlertTone::Warning>{status.label_fr()}". Rien à faire de votre côté : la génération reprendra seule."</Alert></div>
                }.into_any()),
                status @ DatabaseStatus::Failed { .. } => Some(view! {
                    <div class="mt-4"><Alert tone=AlertTone::Error>{status.label_fr()}</Alert></div>
                }.into_any()),
                DatabaseStatus::Ready => None,
            }}
        </section>
    }
}

/// The enrichment card of a filled database: progress and what was found (DB-6).
#[component]
pub(crate) fn EnrichmentCard(#[prop(into)] summary: Signal<DatabaseSummary>) -> impl IntoView {
    let percent = Signal::derive(move || summary.with(|s| s.enrichment.percent()));
    let detail = Signal::derive(move || {
        summary.with(|s| {
            if s.enrichment.done() {
                "Enrichissement terminé : sites vérifiés, e-mails et téléphones relevés sur les sites des entreprises"
                    .to_string()
            } else {
                "Recherche et vérification des sites web, lecture des pages contact et mentions légales…".to_string()
            }
        })
    });
    let share = move |n: u64, total: u64| (n * 100).checked_div(total).unwrap_or(0) as i64;
    let figure = move |label: &'static str, value: Box<dyn Fn(&DatabaseSummary) -> String + Send + Sync>| {
        view! { <Figure label value=Signal::derive(move || summary.with(|s| value(s)))/> }
    };
    view! {
        <section class="rounded-xl bg-white p-5 shadow-card ring-1 ring-ink-200/70" aria-labelledby="enrichissement-titre">
            <div class="mb-4 flex flex-wrap items-center justify-between gap-2">
                <h2 id="enrichissement-titre" class="text-base font-semibold text-ink-900">"Enrichissement des coordonnées"</h2>
                {move || if summary.with(|s| s.enrichment.done()) {
                    view! { <Badge tone=BadgeTone::Success>"Terminé"</Badge> }.into_any()
                } else {
                    view! { <Badge tone=BadgeTone::Brand>"En cours"</Badge> }.into_any()
                }}
            </div>
            <ProgressBar label="Entreprises enrichies" percent detail/>
            <dl class="mt-4 grid grid-cols-2 gap-3 text-sm sm:grid-cols-4">
                {figure("Enrichies", Box::new(|s| format!("{} / {}", int_fr(s.enrichment.enriched as i64), int_fr(s.enrichment.total as i64))))}
                {figure("Avec site web", Box::new(move |s| format!("{} ({} %)", int_fr(s.enrichment.with_site as i64), share(s.enrichment.with_site, s.enrichment.enriched))))}
                {figure("Avec e-mail", Box::new(move |s| format!("{} ({} %)", int_fr(s.enrichment.with_email as i64), share(s.enrichment.with_email, s.enrichment.enriched))))}
                {figure("Sans site trouvé", Box::new(|s| int_fr(s.enrichment.enriched.saturating_sub(s.enrichment.with_site) as i64)))}
            </dl>
            <Show when=move || !summary.with(|s| s.enrichment.done())>
                <p class="mt-4 text-sm text-ink-600">
                    "Les coordonnées trouvées s'ajoutent au tableau à la fin de l'enrichissement. Seules les adresses publiées par l'entreprise elle-même sont retenues."
                </p>
            </Show>
        </section>
    }
}

// ---------------------------------------------------------------------------------------------
// Values of a row

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Contact {
    Phone,
    Email,
    Website,
}

/// A contact value as the table and the panel show it: "—" when there is none, the masked
/// value with a padlock on a locked row, a link otherwise (the site opens in a new tab).
/// `compact` (table cells) cuts long values to one line; the full value is in the tooltip.
pub(crate) fn contact_value(value: Option<String>, locked: bool, kind: Contact, compact: bool) -> AnyView {
    match value {
        None => view! { <span class="text-ink-400">"—"<span class="sr-only">" non renseigné"</span></span> }.into_any(),
        Some(v) if locked => view! {
            <span class="inline-flex select-none items-center gap-1 whitespace-nowrap text-ink-500" title="Débloquez la ligne pour voir">
                <Icon name=IconName::Lock class="size-3.5 shrink-0"/>
                <span aria-hidden="true">{v}</span>
                <span class="sr-only">"Masqué : débloquez la ligne pour voir"</span>
            </span>
        }
        .into_any(),
        Some(v) => {
            let (href, text, external) = match kind {
                Contact::Phone => (format!("tel:{}", v.replace(' ', "")), v, false),
                Contact::Email => (format!("mailto:{v}"), v, false),
                Contact::Website => {
                    let text = v
                        .trim_start_matches("https://")
                        .trim_start_matches("http://")
                        .trim_start_matches("www.")
                        .trim_end_matches('/')
                        .to_string();
                    (v, text, true)
                }
            };
            let title = text.clone();
            view! {
                <a
                    href=href
                    title=title
                    class=if compact { "block max-w-28 truncate text-brand-700 hover:underline" } else { "break-all text-brand-700 hover:underline" }
                    target=external.then_some("_blank")
                    rel=external.then_some("noopener noreferrer")
                >
                    {text}
                    {external.then(|| view! { <span class="sr-only">" (nouvel onglet)"</span> })}
                </a>
            }
            .into_any()
        }
    }
}

/// "12 rue de la République" over "69003 Lyon"; masked parts stay as the server sent them.
pub(crate) fn address_lines(street: Option<String>, postal_code: Option<String>, city: Option<String>) -> AnyView {
    let town = [postal_code, city].into_iter().flatten().collect::<Vec<_>>().join(" ");
    if street.is_none() && town.is_empty() {
        return view! { <span class="text-ink-400">"—"</span> }.into_any();
    }
    view! {
        <span class="block">{street}</span>
        <span class="block text-ink-600">{town}</span>
    }
    .into_any()
}

fn quality_colour(q: u8) -> &'static str {
    match q {
        70.. => "bg-success-600",
        40..=69 => "bg-warning-400",
        _ => "bg-danger-500",
    }
}

/// The completeness score (0–100) as a small bar and a figure.
#[component]
pub(crate) fn QualityMeter(quality: u8) -> impl IntoView {
    let q = quality.min(100);
    view! {
        <span class="inline-flex items-center gap-2 whitespace-nowrap" title="Qualité : e-mail vérifié, site et téléphone comptent le plus">
            <span class="h-1.5 w-10 overflow-hidden rounded-full bg-ink-100" aria-hidden="true">
                <span class=format!("block h-full rounded-full {}", quality_colour(q)) style=format!("width: {q}%")></span>
            </span>
            <span class="tabular-nums text-xs text-ink-700"><span class="sr-only">"Qualité "</span>{format!("{q} %")}</span>
        </span>
    }
}

// ---------------------------------------------------------------------------------------------
// Preview

/// Share of rows expected to carry each contact field.
#[component]
pub(crate) fn ShareBars(shares: FieldShares) -> impl IntoView {
    let items = [
        ("Téléphone", shares.phone),
        ("Site web", shares.website),
        ("E-mail", shares.email),
        ("Adresse", shares.address),
    ];
    view! {
        <ul class="space-y-3">
            {items.into_iter().map(|(label, pct)| {
                let pct = pct.min(100);
                view! {
                    <li>
                        <div class="flex justify-between text-sm">
                            <span class="text-ink-700">{label}</span>
                            <span class="tabular-nums font-medium text-ink-900">{format!("{pct} %")}</span>
                        </div>
                        <div class="mt-1 h-2 rounded-full bg-ink-100" aria-hidden="true">
                            <div class="h-2 rounded-full bg-brand-600" style=format!("width: {pct}%")></div>
                        </div>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

/// What each source announced for the target (or why it could not answer now).
#[component]
pub(crate) fn SourceList(sources: Vec<SourceCount>) -> impl IntoView {
    view! {
        <ul class="divide-y divide-ink-100 text-sm">
            {sources.into_iter().map(|s| view! {
                <li class="py-2">
                    <div class="flex items-baseline justify-between gap-3">
                        <span class="font-medium text-ink-800">{s.source}</span>
                        <span class="whitespace-nowrap tabular-nums text-ink-700">
                            {match s.count {
                                Some(n) => count_fr(u64::from(n), "entreprise", "entreprises"),
                                None => "indisponible pour le moment".to_string(),
                            }}
                        </span>
                    </div>
                    {s.note.map(|n| view! { <p class="mt-0.5 text-xs text-ink-500">{n}</p> })}
                </li>
            }).collect_view()}
        </ul>
    }
}

/// The preview's sample: names in clear, everything else masked by the server.
#[component]
pub(crate) fn SampleTable(rows: Vec<MaskedRow>) -> impl IntoView {
    view! {
        <DataTable caption="Exemples d'entreprises, coordonnées masquées" columns=vec!["Entreprise", "Adresse", "Téléphone", "E-mail", "Site web"]>
            {rows.into_iter().map(|r| view! {
                <tr>
                    <Td class="font-medium">{r.name}</Td>
                    <Td class="select-none text-ink-600">{if r.address.is_empty() { "—".to_string() } else { r.address }}</Td>
                    <Td>{contact_value(r.phone, true, Contact::Phone, true)}</Td>
                    <Td>{contact_value(r.email, true, Contact::Email, true)}</Td>
                    <Td>{contact_value(r.website, true, Contact::Website, true)}</Td>
                </tr>
            }).collect_view()}
        </DataTable>
    }
}

// ---------------------------------------------------------------------------------------------
// Company panel

fn fact_label(field: &str) -> String {
    match field {
        "name" => "Nom",
        "legal_name" => "Raison sociale",
        "phone" => "Téléphone",
        "email" => "E-mail",
        "website" => "Site web",
        "street" | "address" => "Adresse",
        "postal_code" => "Code postal",
        "city" => "Ville",
        "siren" => "SIREN",
        "siret" => "SIRET",
        "naf" | "naf_code" => "Code NAF",
        "headcount" => "Effectif",
        "created_on" => "Date de création",
        other => other,
    }
    .to_string()
}

#[component]
fn FactList(facts: Vec<FactView>) -> impl IntoView {
    if facts.is_empty() {
        return view! { <p class="text-sm text-ink-500">"Aucune source enregistrée pour cette entreprise."</p> }
            .into_any();
    }
    view! {
        <ul class="divide-y divide-ink-100 rounded-lg ring-1 ring-ink-200">
            {facts.into_iter().map(|f| view! {
                <li class="px-3 py-2.5 text-sm">
                    <div class="flex items-baseline justify-between gap-3">
                        <span class="font-medium text-ink-800">{fact_label(&f.field)}</span>
                        <span class="shrink-0 text-xs tabular-nums text-ink-500">{format!("confiance {} %", f.confidence.min(100))}</span>
                    </div>
                    <p class="mt-0.5 break-words text-ink-700">{f.value}</p>
                    <p class="mt-0.5 text-xs text-ink-500">{format!("Source : {} · relevé le {}", f.source, f.observed_on)}</p>
                </li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// The body of the detail panel of one company. Locked rows show masked values and offer to
/// unlock this row alone.
#[component]
pub(crate) fn CompanyPanel(
    detail: CompanyDetail,
    on_unlock: Callback<i64>,
    #[prop(into)] unlocking: Signal<bool>,
    #[prop(into)] unlock_error: Signal<Option<String>>,
) -> impl IntoView {
    let CompanyDetail { row, legal_name, siren, siret, naf, headcount, created_on, facts } = detail;
    let (row_id, locked) = (row.id, row.locked);
    let plain = |v: Option<String>| v.filter(|v| !v.trim().is_empty()).unwrap_or_else(|| "—".into());
    let item = |label: &'static str, value: AnyView| {
        view! {
            <div class="py-2.5 sm:grid sm:grid-cols-3 sm:gap-4">
                <dt class="text-sm text-ink-500">{label}</dt>
                <dd class="mt-0.5 text-sm text-ink-900 sm:col-span-2 sm:mt-0">{value}</dd>
            </div>
        }
    };
    let locked_class = if locked { "select-none" } else { "" };
    view! {
        <div class="space-y-6">
            <div class="flex flex-wrap items-center gap-2">
                {if locked {
                    view! { <Badge tone=BadgeTone::Neutral>"Verrouillée"</Badge> }.into_any()
                } else {
                    view! { <Badge tone=BadgeTone::Success>"Débloquée"</Badge> }.into_any()
                }}
                {row.manual.then(|| view! { <Badge tone=BadgeTone::Brand>"Ajoutée à la main"</Badge> })}
                <QualityMeter quality=row.quality/>
            </div>
            {locked.then(|| view! {
                <div class="space-y-3 rounded-xl bg-brand-50 p-4 ring-1 ring-brand-200">
                    <p class="text-sm text-brand-900">
                        "Les coordonnées de cette entreprise sont masquées. Débloquez la ligne pour voir son adresse complète, son téléphone, son e-mail et son site."
                    </p>
                    <Button loading=unlocking on_click=move |_| on_unlock.run(row_id)>
                        <Icon name=IconName::Lock class="size-4"/>"Débloquer cette ligne (1 prospect débloqué)"
                    </Button>
                    <Show when=move || unlock_error.get().is_some()>
                        <Alert tone=AlertTone::Error>{move || unlock_error.get()}</Alert>
                    </Show>
                </div>
            })}
            <section aria-labelledby="fiche-identite">
                <h3 id="fiche-identite" class="text-sm font-semibold text-ink-900">"Identité"</h3>
                <dl class="mt-1 divide-y divide-ink-100">
                    {item("Raison sociale", plain(legal_name).into_any())}
                    {item("SIREN", plain(siren).into_any())}
                    {item("SIRET", plain(siret).into_any())}
                    {item("Activité (NAF)", plain(naf).into_any())}
                    {item("Effectif", plain(headcount).into_any())}
                    {item("Date de création", plain(created_on).into_any())}
                </dl>
            </section>
            <section aria-labelledby="fiche-contact" class=locked_class>
                <h3 id="fiche-contact" class="text-sm font-semibold text-ink-900">"Coordonnées"</h3>
                <dl class="mt-1 divide-y divide-ink-100">
                    {item("Adresse", address_lines(row.street, row.postal_code, row.city))}
                    {item("Téléphone", contact_value(row.phone, locked, Contact::Phone, false))}
                    {item("E-mail", contact_value(row.email, locked, Contact::Email, false))}
                    {item("Site web", contact_value(row.website, locked, Contact::Website, false))}
                    {item("Statut", view! { <span>{row.status}</span> }.into_any())}
                </dl>
            </section>
            <section aria-labelledby="fiche-sources">
                <h3 id="fiche-sources" class="text-sm font-semibold text-ink-900">"D'où viennent ces informations"</h3>
                <p class="mb-2 mt-0.5 text-xs text-ink-500">"Chaque valeur garde sa source, sa date de relevé et notre niveau de confiance."</p>
                <FactList facts/>
            </section>
        </div>
    }
}

// ---------------------------------------------------------------------------------------------
// Adding a company by hand

/// The "Ajouter une entreprise" dialog: a real form posting to `add_row`, with each server-side
/// validation error under its field.
#[component]
pub(crate) fn AddCompanyModal(database_id: i64, open: RwSignal<bool>, on_added: Callback<RowView>) -> impl IntoView {
    let toasts = expect_context::<Toasts>();
    let add = ServerAction::<AddRow>::new();
    let outcome = Signal::derive(move || add.value().get().map(|r| r.map(|_| ())));
    let errors = FormErrors::new(outcome);
    // A fresh form each time the dialog opens.
    Effect::new(move |_| {
        if open.get() {
            add.clear();
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(row)) = add.value().get() {
            open.set(false);
            toasts.push(AlertTone::Success, "Entreprise ajoutée");
            on_added.run(row);
        }
    });
    const FIELDS: &[&str] = &["name", "siret", "street", "postal_code", "city", "phone", "email", "website"];
    view! {
        <Modal title="Nouvelle entreprise" open>
            <ActionForm action=add attr:class="space-y-4" attr:novalidate="true">
                <p class="text-sm text-ink-600">
                    "Une entreprise que vous connaissez déjà : elle rejoint la base, débloquée, sans rien décompter de votre quota."
                </p>
                <Show when=move || errors.general(FIELDS).get().is_some()>
                    <Alert tone=AlertTone::Error>{move || errors.general(FIELDS).get()}</Alert>
                </Show>
                <input type="hidden" name="database_id" value=database_id.to_string()/>
                <Field label="Nom" name="name" required=true maxlength=240 autocomplete="organization" error=errors.field("name")/>
                <Field label="SIRET" name="siret" hint="14 chiffres, facultatif." autocomplete="off" error=errors.field("siret")/>
                <Field label="Adresse" name="street" autocomplete="street-address" error=errors.field("street")/>
                <div class="grid gap-4 sm:grid-cols-3">
                    <Field label="Code postal" name="postal_code" required=true autocomplete="postal-code" error=errors.field("postal_code")/>
                    <div class="sm:col-span-2">
                        <Field label="Ville" name="city" required=true autocomplete="address-level2" error=errors.field("city")/>
                    </div>
                </div>
                <div class="grid gap-4 sm:grid-cols-2">
                    <Field label="Téléphone" name="phone" input_type="tel" autocomplete="tel" error=errors.field("phone")/>
                    <Field label="E-mail" name="email" input_type="email" autocomplete="email" error=errors.field("email")/>
                </div>
                <Field label="Site web" name="website" placeholder="www.entreprise.fr" autocomplete="url" error=errors.field("website")/>
                <div class="flex justify-end gap-2 pt-2">
                    <Button variant=crate::ui::ButtonVariant::Secondary on_click=move |_| open.set(false)>"Annuler"</Button>
                    <Button button_type="submit" loading=add.pending()>"Enregistrer"</Button>
                </div>
            </ActionForm>
        </Modal>
    }
}

// ---------------------------------------------------------------------------------------------
// Filters of the table, kept in the URL

/// The table's filters, sort, page and tab as they appear in the query string (French keys and
/// values, so a shared or bookmarked address stays readable).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct RowQuery {
    pub search: String,
    pub city: String,
    pub postal_code: String,
    /// "" | "avec" | "sans"
    pub website: String,
    pub email: String,
    pub phone: String,
    /// "" | "debloquees" | "verrouillees"
    pub status: String,
    /// "" | "30" | "60" | "100"
    pub min_quality: String,
    /// "" (name) | "ville" | "qualite" | "ajout"
    pub sort: String,
    pub descending: bool,
    pub page: u32,
    pub bin: bool,
}

pub(crate) const PAGE_SIZE: u32 = 50;

/// Percent-encoding of a query value (everything but unreserved characters).
fn url_encode(v: &str) -> String {
    prospecta_shared::format::percent_encode(v, b"")
}

impl RowQuery {
    pub(crate) fn from_map(map: &ParamsMap) -> Self {
        let get = |k: &str| map.get(k).map(|v| v.trim().to_string()).unwrap_or_default();
        let pick = |k: &str, allowed: &[&str]| {
            let v = get(k);
            if allowed.contains(&v.as_str()) { v } else { String::new() }
        };
        RowQuery {
            search: get("q"),
            city: get("ville"),
            postal_code: get("cp"),
            website: pick("site", &["avec", "sans"]),
            email: pick("email", &["avec", "sans"]),
            phone: pick("tel", &["avec", "sans"]),
            status: pick("statut", &["debloquees", "verrouillees"]),
            min_quality: pick("qualite", &["30", "60", "100"]),
            sort: pick("tri", &["ville", "qualite", "ajout"]),
            descending: get("ordre") == "desc",
            page: get("page").parse().unwrap_or(1).max(1),
            bin: get("corbeille") == "1",
        }
    }

    /// "?q=dupont&site=avec&page=2", or "" when everything is at its default.
    pub(crate) fn to_query(&self) -> String {
        let page = if self.page > 1 { self.page.to_string() } else { String::new() };
        let pairs = [
            ("q", self.search.as_str()),
            ("ville", &self.city),
            ("cp", &self.postal_code),
            ("site", &self.website),
            ("email", &self.email),
            ("tel", &self.phone),
            ("statut", &self.status),
            ("qualite", &self.min_quality),
            ("tri", &self.sort),
            ("ordre", if self.descending { "desc" } else { "" }),
            ("page", &page),
            ("corbeille", if self.bin { "1" } else { "" }),
        ];
        let parts: Vec<String> =
            pairs.iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| format!("{k}={}", url_encode(v))).collect();
        if parts.is_empty() { String::new() } else { format!("?{}", parts.join("&")) }
    }

    /// Whether anything narrows the rows (sort, page and tab do not).
    pub(crate) fn is_filtered(&self) -> bool {
        [&self.search, &self.city, &self.postal_code, &self.website, &self.email, &self.phone, &self.status]
            .iter()
            .any(|v| !v.is_empty())
            || !self.min_quality.is_empty()
    }

    /// The same view without any filter (sort and tab kept), back on page 1.
    pub(crate) fn cleared(&self) -> Self {
        RowQuery { sort: self.sort.clone(), descending: self.descending, bin: self.bin, ..RowQuery::default() }
    }

    fn api_presence(v: &str) -> String {
        match v {
            "avec" => "oui",
            "sans" => "non",
            _ => "",
        }
        .to_string()
    }

    pub(crate) fn api_website(&self) -> String {
        Self::api_presence(&self.website)
    }

    pub(crate) fn api_email(&self) -> String {
        Self::api_presence(&self.email)
    }

    pub(crate) fn api_phone(&self) -> String {
        Self::api_presence(&self.phone)
    }

    pub(crate) fn api_unlocked(&self) -> String {
        match self.status.as_str() {
            "debloquees" => "oui",
            "verrouillees" => "non",
            _ => "",
        }
        .to_string()
    }

    pub(crate) fn api_sort(&self) -> String {
        match self.sort.as_str() {
            "ville" => "city",
            "qualite" => "quality",
            "ajout" => "added",
            _ => "name",
        }
        .to_string()
    }
}

fn options(items: &[(&str, &str)]) -> Vec<SelectOption> {
    items.iter().map(|(value, label)| SelectOption { value: value.to_string(), label: label.to_string() }).collect()
}

/// Search, place, presence, status, quality and sort filters. Text boxes are owned by the page
/// (they are debounced into the URL); selects write the URL at once through `on_change`.
#[component]
pub(crate) fn FilterBar(
    #[prop(into)] query: Signal<RowQuery>,
    search: RwSignal<String>,
    city: RwSignal<String>,
    postal_code: RwSignal<String>,
    on_change: Callback<RowQuery>,
) -> impl IntoView {
    let presence = options(&[("", "Tous"), ("avec", "Avec"), ("sans", "Sans")]);
    let set = move |apply: fn(&mut RowQuery, String)| {
        Callback::new(move |v: String| {
            let mut q = query.get_untracked();
            apply(&mut q, v);
            q.page = 1;
            on_change.run(q);
        })
    };
    view! {
        <div class="rounded-xl bg-white p-4 shadow-card ring-1 ring-ink-200/70" role="search" aria-label="Filtrer les entreprises">
            <div class="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
                <div class="sm:col-span-2">
                    <ControlledField label="Rechercher une entreprise" id="filtre-recherche" input_type="search" value=search placeholder="Dupont, Plomberie…"/>
                </div>
                <ControlledField label="Ville" id="filtre-ville" value=city/>
                <ControlledField label="Code postal" id="filtre-cp" value=postal_code inputmode="numeric" maxlength=5/>
                <ControlledSelect label="Site web" id="filtre-site" options=presence.clone()
                    value=Signal::derive(move || query.with(|q| q.website.clone())) on_change=set(|q, v| q.website = v)/>
                <ControlledSelect label="E-mail" id="filtre-email" options=presence.clone()
                    value=Signal::derive(move || query.with(|q| q.email.clone())) on_change=set(|q, v| q.email = v)/>
                <ControlledSelect label="Téléphone" id="filtre-tel" options=presence
                    value=Signal::derive(move || query.with(|q| q.phone.clone())) on_change=set(|q, v| q.phone = v)/>
                <ControlledSelect label="Statut" id="filtre-statut"
                    options=options(&[("", "Toutes"), ("debloquees", "Débloquées"), ("verrouillees", "Verrouillées")])
                    value=Signal::derive(move || query.with(|q| q.status.clone())) on_change=set(|q, v| q.status = v)/>
                <ControlledSelect label="Qualité min." id="filtre-qualite"
                    options=options(&[("", "Toutes"), ("30", "30 % et plus"), ("60", "60 % et plus"), ("100", "100 %")])
                    value=Signal::derive(move || query.with(|q| q.min_quality.clone())) on_change=set(|q, v| q.min_quality = v)/>
                <ControlledSelect label="Trier par" id="filtre-tri"
                    options=options(&[("", "Nom"), ("ville", "Ville"), ("qualite", "Qualité"), ("ajout", "Ajout")])
                    value=Signal::derive(move || query.with(|q| q.sort.clone())) on_change=set(|q, v| q.sort = v)/>
                <div class="flex items-end">
                    <button
                        type="button"
                        class="inline-flex w-full items-center justify-center gap-2 rounded-lg bg-white px-3.5 py-2.5 text-sm font-medium text-ink-800 shadow-sm ring-1 ring-inset ring-ink-300 hover:bg-ink-50"
                        aria-pressed=move || query.with(|q| q.descending).to_string()
                        title="Inverser l'ordre de tri"
                        on:click=move |_| {
                            let mut q = query.get_untracked();
                            q.descending = !q.descending;
                            q.page = 1;
                            on_change.run(q);
                        }
                    >
                        <span class=move || if query.with(|q| q.descending) { "inline-flex" } else { "inline-flex rotate-180" }>
                            <Icon name=IconName::ChevronDown class="size-4"/>
                        </span>
                        {move || if query.with(|q| q.descending) { "Ordre décroissant" } else { "Ordre croissant" }}
                    </button>
                </div>
            </div>
            <Show when=move || query.with(RowQuery::is_filtered)>
                <div class="mt-3 flex justify-end">
                    <Button variant=crate::ui::ButtonVariant::Ghost size=ButtonSize::Small on_click=move |_| {
                        search.set(String::new());
                        city.set(String::new());
                        postal_code.set(String::new());
                        on_change.run(query.get_untracked().cleared());
                    }>
                        "Effacer les filtres"
                    </Button>
                </div>
            </Show>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_figures() {
        assert_eq!(int_fr(1250), "1\u{202f}250");
        assert_eq!(int_fr(999), "999");
        assert_eq!(int_fr(-1234567), "-1\u{202f}234\u{202f}567");
        assert_eq!(count_fr(1, "ligne", "lignes"), "1 ligne");
        assert_eq!(count_fr(1372, "ligne", "lignes"), "1\u{202f}372 lignes");
        let o = UnlockOutcome { unlocked: 20, prospects_left: 1230 };
        assert_eq!(unlock_message(&o), "20 prospects débloqués · encore 1\u{202f}230 à débloquer");
    }

    #[test]
    fn row_queries_round_trip_through_the_url() {
        let q = RowQuery {
            search: "dupont".into(),
            website: "avec".into(),
            status: "verrouillees".into(),
            sort: "qualite".into(),
            descending: true,
            page: 3,
            ..RowQuery::default()
        };
        let qs = q.to_query();
        assert_eq!(qs, "?q=dupont&site=avec&statut=verrouillees&tri=qualite&ordre=desc&page=3");
        let map: ParamsMap = qs
            .trim_start_matches('?')
            .split('&')
            .filter_map(|kv| kv.split_once('='))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        assert_eq!(RowQuery::from_map(&map), q);
        assert_eq!((q.api_website(), q.api_unlocked(), q.api_sort()), ("oui".into(), "non".into(), "quality".into()));
        assert!(q.is_filtered());
        assert!(!q.cleared().is_filtered());
        assert_eq!(RowQuery::default().to_query(), "");
        let spaced = RowQuery { search: "C&A Lyon+".into(), ..RowQuery::default() };
        assert_eq!(spaced.to_query(), "?q=C%26A%20Lyon%2B");
        // Unknown values fall back to the defaults instead of reaching the server.
        let odd: ParamsMap = [("site", "peut-etre"), ("page", "-2")].into_iter().collect();
        assert_eq!(RowQuery::from_map(&odd), RowQuery { page: 1, ..RowQuery::default() });
    }
}
