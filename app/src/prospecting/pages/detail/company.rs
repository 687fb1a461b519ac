//! The company panel: one row's identity, contacts and sources, and unlocking that row alone.

use super::unlock::unlock_message;
use crate::prospecting::api::{get_company, unlock_rows};
use crate::prospecting::pages::values::{Contact, QualityMeter, address_lines, contact_value};
use crate::ui::{ActionToast, Badge, BadgeTone, Button, Drawer, Failable, FormAlert, Icon, IconName, SkeletonRows};
use leptos::prelude::*;
use prospecta_shared::ids::{DatabaseId, RowId};
use prospecta_shared::prospecting::{CompanyDetail, FactView, UnlockOutcome};

/// The side panel of the row whose name was clicked (`open_row`: its id and name).
#[component]
pub(super) fn CompanyDrawer(
    database_id: DatabaseId,
    open_row: RwSignal<Option<(RowId, String)>>,
    /// The panel's unlock error, cleared when another row opens.
    panel_error: RwSignal<Option<String>>,
    /// Bumped after an unlock: the panel reloads.
    company_version: RwSignal<u32>,
    after_unlock: Callback<UnlockOutcome>,
) -> impl IntoView {
    let unlock_one = Action::new(move |row: &RowId| unlock_rows(database_id, 0, row.to_string()));
    let unlocking_one = unlock_one.pending();
    ActionToast::new(&unlock_one)
        .success_with(unlock_message)
        .then(move |outcome| {
            panel_error.set(None);
            after_unlock.run(outcome);
        })
        .errors_to(move |e| panel_error.set(Some(e.message_fr())))
        .install();
    view! {
        <Drawer
            id="fiche-entreprise"
            title=Signal::derive(move || open_row.with(|r| r.as_ref().map(|r| r.1.clone()).unwrap_or_default()))
            subtitle=Signal::derive(|| "Fiche entreprise".to_string())
            open=Signal::derive(move || open_row.with(Option::is_some))
            on_close=Callback::new(move |()| open_row.set(None))
        >
            {move || open_row.get().map(|(row, _)| view! {
                <CompanyLoader
                    row
                    version=company_version
                    on_unlock=Callback::new(move |row: RowId| {
                        panel_error.set(None);
                        unlock_one.dispatch(row);
                    })
                    unlocking=unlocking_one
                    unlock_error=panel_error
                />
            })}
        </Drawer>
    }
}

/// The detail panel's content for one row, loaded when the panel opens (in the browser only:
/// the panel is never part of the server-rendered page) and again after an unlock.
#[component]
fn CompanyLoader(
    row: RowId,
    version: RwSignal<u32>,
    on_unlock: Callback<RowId>,
    #[prop(into)] unlocking: Signal<bool>,
    #[prop(into)] unlock_error: Signal<Option<String>>,
) -> impl IntoView {
    let company = LocalResource::new(move || {
        version.track();
        get_company(row)
    });
    view! {
        <Transition fallback=|| view! { <SkeletonRows rows=6/> }>
            <Failable>
                {move || Suspend::new(async move {
                    company.await.map(|detail| view! { <CompanyPanel detail on_unlock unlocking unlock_error/> })
                })}
            </Failable>
        </Transition>
    }
}

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
fn CompanyPanel(
    detail: CompanyDetail,
    on_unlock: Callback<RowId>,
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
                    <FormAlert message=unlock_error/>
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
