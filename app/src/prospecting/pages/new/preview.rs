//! The masked preview of a database (DB-4, DB-8, DB-9): the companies expected, by source,
//! the share of each contact field, a sample with masked contacts, and the button that launches
//! the generation.

use crate::prospecting::pages::count_fr;
use crate::prospecting::pages::values::{Contact, contact_value};
use crate::ui::{
    Alert, AlertTone, Button, ControlledField, DataTable, FormAlert, Icon, IconName, Skeleton, SkeletonRows, Td,
};
use leptos::prelude::*;
use prospecta_shared::prospecting::{DatabasePreview, FieldShares, MaskedRow, SourceCount};

#[component]
pub(super) fn PreviewSkeleton() -> impl IntoView {
    view! {
        <div class="rounded-xl bg-white p-5 shadow-card ring-1 ring-ink-200/70 sm:p-6" role="status">
            <p class="flex items-center gap-3 text-sm font-medium text-ink-800">
                <span class="size-4 animate-spin rounded-full border-2 border-brand-600 border-r-transparent" aria-hidden="true"></span>
                "Interrogation des sources…"
            </p>
            <p class="mt-1 text-xs text-ink-500">"Nous comptons les entreprises dans les annuaires et les données publiques : quelques secondes."</p>
            <div class="mt-6 grid gap-6 lg:grid-cols-3" aria-hidden="true">
                <div class="space-y-3"><Skeleton class="h-4 w-32"/><Skeleton class="h-10 w-48"/><Skeleton class="h-3 w-40"/></div>
                <div class="space-y-4 lg:col-span-2">{(0..4).map(|_| view! { <Skeleton class="h-3 w-full"/> }).collect_view()}</div>
            </div>
            <div class="mt-6"><SkeletonRows rows=3/></div>
        </div>
    }
}

#[component]
pub(super) fn PreviewResult(
    preview: DatabasePreview,
    #[prop(into)] stale: Signal<bool>,
    name: RwSignal<String>,
    #[prop(into)] name_error: Signal<Option<String>>,
    #[prop(into)] creating: Signal<bool>,
    #[prop(into)] create_error: Signal<Option<String>>,
    on_validate: Callback<()>,
) -> impl IntoView {
    let DatabasePreview { target_label, expected_count, sources, shares, sample, .. } = preview;
    let expected = if expected_count == 0 {
        "Aucune entreprise trouvée pour l'instant".to_string()
    } else {
        format!("≈ {}", count_fr(u64::from(expected_count), "entreprise", "entreprises"))
    };
    view! {
        <section class="space-y-6" aria-labelledby="apercu-titre">
            <div class="rounded-xl bg-white p-5 shadow-card ring-1 ring-ink-200/70 sm:p-6">
                <h2 id="apercu-titre" class="text-base font-semibold text-ink-900">"Aperçu de votre base"</h2>
                <p class="mt-0.5 text-sm text-ink-500">{target_label}</p>
                <Show when=move || stale.get()>
                    <div class="mt-4">
                        <Alert tone=AlertTone::Warning>
                            "Vous avez modifié vos critères depuis cet aperçu : cliquez de nouveau sur « Voir l'aperçu » pour le mettre à jour."
                        </Alert>
                    </div>
                </Show>
                <div class="mt-6 grid gap-8 lg:grid-cols-3">
                    <div>
                        <p class="text-sm text-ink-500">"Entreprises attendues"</p>
                        <p class="mt-1 text-3xl font-semibold tracking-tight text-ink-900 tabular-nums sm:text-4xl">{expected}</p>
                        <h3 class="mb-1 mt-5 text-sm font-semibold text-ink-900">"Par source"</h3>
                        <SourceList sources/>
                    </div>
                    <div class="lg:col-span-2">
                        <h3 class="text-sm font-semibold text-ink-900">"Informations disponibles"</h3>
                        <p class="mb-4 mt-0.5 text-xs text-ink-500">
                            "Part des entreprises pour lesquelles les sources donnent déjà chaque information. L'enrichissement après validation complète les sites et les e-mails."
                        </p>
                        <ShareBars shares/>
                    </div>
                </div>
            </div>
            <Alert>
                <strong>"Aperçu masqué, gratuit. "</strong>
                "Les noms sont en clair ; adresses, téléphones, e-mails et sites restent masqués jusqu'à la validation de la base, puis jusqu'au déblocage de chaque ligne (1 ligne = 1 prospect débloqué)."
            </Alert>
            {if sample.is_empty() {
                view! { <p class="text-sm text-ink-500">"Pas d'exemple à montrer pour le moment."</p> }.into_any()
            } else {
                view! {
                    <div>
                        <h3 class="mb-3 text-sm font-semibold text-ink-900">"Quelques entreprises de la base"</h3>
                        <SampleTable rows=sample/>
                    </div>
                }.into_any()
            }}
            <div class="rounded-xl bg-white p-5 shadow-card ring-1 ring-ink-200/70 sm:p-6">
                <h2 class="text-base font-semibold text-ink-900">"Lancer la génération"</h2>
                <p class="mt-1 text-sm text-ink-600">
                    "La génération prend quelques minutes et continue même si vous quittez la page. Les entreprises arrivent verrouillées : vous choisissez ensuite lesquelles débloquer sur votre quota de prospects."
                </p>
                <div class="mt-4 max-w-md">
                    <ControlledField label="Nom de la base" id="nom-base" value=name error=name_error maxlength=120 required=true/>
                </div>
                <div class="mt-5 flex flex-wrap items-center gap-3">
                    <Button loading=creating disabled=stale on_click=move |_| on_validate.run(())>
                        <Icon name=IconName::Check class="size-4"/>"Valider et générer"
                    </Button>
                </div>
                <FormAlert message=create_error class="mt-4"/>
            </div>
        </section>
    }
}

/// Share of rows expected to carry each contact field.
#[component]
fn ShareBars(shares: FieldShares) -> impl IntoView {
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
fn SourceList(sources: Vec<SourceCount>) -> impl IntoView {
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
fn SampleTable(rows: Vec<MaskedRow>) -> impl IntoView {
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
