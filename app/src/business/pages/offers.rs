//! `/app/offres`: the organisation's offers (what is sold to whom, in which voice, toward which
//! objective), made and changed in a side panel; the one in use is the frame's switcher's.

use super::choices::{ObjectiveFields, ToneSelect};
use crate::business::api::{ChooseOffer, SaveOffer, load_offer_context, load_offers};
use crate::business::{offer_scope, offers_changed};
use crate::ui::{
    ActionToast, Badge, BadgeTone, Button, ButtonLink, ButtonSize, ButtonVariant, CardsSkeleton, Drawer, EmptyState,
    Failable, Field, FormAlert, FormErrors, Icon, IconName, PageHeader, TextArea,
};
use leptos::prelude::*;
use leptos_meta::Title;
use prospecta_shared::business::{ANSWER_MAX, LINE_MAX, Offer};
use prospecta_shared::ids::OfferId;

/// The panel: closed, a new offer, or one offer being changed.
#[derive(Clone, PartialEq)]
enum Editing {
    Closed,
    New,
    Offer(Box<Offer>),
}

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n > 1 { many } else { one })
}

#[component]
pub fn OffersPage() -> impl IntoView {
    let offers = Resource::new(offer_scope, |_| load_offers());
    let context = Resource::new(offer_scope, |_| load_offer_context());
    let editing = RwSignal::new(Editing::Closed);
    view! {
        <Title text="Offres"/>
        <PageHeader
            title="Offres"
            description="Une offre par prestation ou par cible : chacune a ses bases, ses campagnes, son ton et son objectif."
            actions=Box::new(move || view! {
                <Button on_click=move |_| editing.set(Editing::New)><Icon name=IconName::Plus class="size-4"/>"Nouvelle offre"</Button>
            }.into_any())
        />
        <Suspense fallback=|| view! { <CardsSkeleton/> }>
            <Failable>
                {move || Suspend::new(async move {
                    let current = context.await.map(|c| c.current);
                    offers.await.and_then(|offers| current.map(|current| (offers, current))).map(|(offers, current)| {
                        if offers.is_empty() {
                            view! {
                                <EmptyState icon=IconName::Target title="Aucune offre" description="Créez votre première offre pour y ranger vos bases et vos campagnes."/>
                            }.into_any()
                        } else {
                            view! {
                                <ul class="grid gap-4 lg:grid-cols-2" aria-label="Vos offres">
                                    {offers.into_iter().map(|offer| view! { <OfferCard offer current editing/> }).collect_view()}
                                </ul>
                            }.into_any()
                        }
                    })
                })}
            </Failable>
        </Suspense>
        <OfferPanel editing/>
    }
}

#[component]
fn OfferCard(offer: Offer, current: OfferId, editing: RwSignal<Editing>) -> impl IntoView {
    let is_current = offer.id == current;
    let choose = ServerAction::<ChooseOffer>::new();
    ActionToast::new(&choose)
        .success_with({
            let name = offer.name.clone();
            move |_| format!("Vous travaillez maintenant dans l'offre « {name} ».")
        })
        .then(|_| offers_changed())
        .install();
    let target = match (&offer.target_sector, &offer.target_area) {
        (Some(s), Some(a)) => format!("{s} · {a}"),
        (Some(s), None) => s.clone(),
        (None, Some(a)) => a.clone(),
        (None, None) => "Cible à préciser".into(),
    };
    let id = offer.id;
    let edited = offer.clone();
    view! {
        <li class="flex flex-col rounded-xl bg-white p-5 shadow-sm ring-1 ring-ink-200" aria-current=is_current.then_some("true")>
            <div class="flex items-start justify-between gap-3">
                <h2 class="min-w-0 break-words text-base font-semibold text-ink-900">{offer.name.clone()}</h2>
                {is_current.then(|| view! { <span class="shrink-0 whitespace-nowrap"><Badge tone=BadgeTone::Brand>"Offre en cours"</Badge></span> })}
            </div>
            {offer.description.clone().map(|d| view! { <p class="mt-1 line-clamp-2 whitespace-pre-line text-sm text-ink-600">{d}</p> })}
            <dl class="mt-4 grid gap-3 text-sm sm:grid-cols-2">
                <div><dt class="text-ink-500">"Cible"</dt><dd class="mt-0.5 font-medium text-ink-900">{target}</dd></div>
                <div><dt class="text-ink-500">"Objectif"</dt><dd class="mt-0.5 break-words font-medium text-ink-900">{offer.objective.summary_fr()}</dd></div>
                <div><dt class="text-ink-500">"Ton"</dt><dd class="mt-0.5 font-medium text-ink-900">{offer.tone.label_fr()}</dd></div>
                <div><dt class="text-ink-500">"Contenu"</dt><dd class="mt-0.5 font-medium text-ink-900">
                    {format!("{} · {}", plural(offer.databases, "base", "bases"), plural(offer.campaigns, "campagne", "campagnes"))}
                </dd></div>
            </dl>
            <div class="mt-5 flex flex-wrap gap-2 border-t border-ink-100 pt-4">
                <Button size=ButtonSize::Small variant=ButtonVariant::Secondary on_click=move |_| editing.set(Editing::Offer(Box::new(edited.clone())))>
                    "Modifier"
                </Button>
                <ButtonLink size=ButtonSize::Small variant=ButtonVariant::Secondary href=format!("/app/offres/{id}/prompts")>
                    "Prompts des agents"
                </ButtonLink>
                {(!is_current).then(|| view! {
                    <Button size=ButtonSize::Small variant=ButtonVariant::Ghost loading=choose.pending()
                        on_click=move |_| { choose.dispatch(ChooseOffer { offer_id: id }); }>
                        "Travailler dans cette offre"<Icon name=IconName::ArrowRight class="size-4"/>
                    </Button>
                })}
            </div>
        </li>
    }
}

#[component]
fn OfferPanel(editing: RwSignal<Editing>) -> impl IntoView {
    let title = Signal::derive(move || match editing.get() {
        Editing::Offer(o) => format!("Modifier « {} »", o.name),
        _ => "Nouvelle offre".into(),
    });
    view! {
        <Drawer title open=Signal::derive(move || editing.get() != Editing::Closed) on_close=Callback::new(move |_| editing.set(Editing::Closed)) id="offre">
            {move || {
                let offer = match editing.get() {
                    Editing::Offer(o) => Some(*o),
                    _ => None,
                };
                view! { <OfferForm offer editing/> }
            }}
        </Drawer>
    }
}

#[component]
fn OfferForm(offer: Option<Offer>, editing: RwSignal<Editing>) -> impl IntoView {
    let save = ServerAction::<SaveOffer>::new();
    let is_new = offer.is_none();
    ActionToast::new(&save)
        .success(if is_new { "Offre créée." } else { "Offre enregistrée." })
        .then(move |_| {
            editing.set(Editing::Closed);
            offers_changed();
        })
        .errors_to(|_| ())
        .install();
    let errors = FormErrors::of(&save);
    let text = |f: fn(&Offer) -> Option<String>| offer.as_ref().and_then(f).unwrap_or_default();
    let (name, description) = (text(|o| Some(o.name.clone())), text(|o| o.description.clone()));
    let (target_sector, target_area, persona) =
        (text(|o| o.target_sector.clone()), text(|o| o.target_area.clone()), text(|o| o.persona.clone()));
    let offer_id = offer.as_ref().map(|o| o.id.to_string()).unwrap_or_default();
    let (tone, objective) = (offer.as_ref().map(|o| o.tone), offer.as_ref().map(|o| o.objective.clone()));
    view! {
        <ActionForm action=save attr:class="space-y-5" attr:novalidate="true">
            <FormAlert message=errors.general(&["offer_name", "description", "target_sector", "target_area", "persona", "tone", "objective", "objective_url", "objective_detail"])/>
            <input type="hidden" name="offer_id" value=offer_id/>
            <Field label="Nom de l'offre" name="name" required=true maxlength=LINE_MAX value=name
                placeholder="Gardiennage de magasins" error=errors.field("offer_name")/>
            <TextArea label="Description" name="description" maxlength=ANSWER_MAX value=description
                placeholder="Ce que vous proposez dans cette offre, en quelques phrases." rows=3 error=errors.field("description")/>
            <div class="grid gap-5 sm:grid-cols-2">
                <Field label="Secteur ciblé" name="target_sector" maxlength=LINE_MAX value=target_sector
                    placeholder="Commerces de détail" error=errors.field("target_sector")/>
                <Field label="Zone ciblée" name="target_area" maxlength=LINE_MAX value=target_area
                    placeholder="Lyon et 30 km autour" error=errors.field("target_area")/>
            </div>
            <Field label="Au nom de qui écrire" name="persona" maxlength=LINE_MAX * 2 value=persona
                placeholder="Camille Martin, responsable commerciale" hint="Le nom et la fonction sous lesquels vos messages sont signés."
                error=errors.field("persona")/>
            <ToneSelect selected=tone errors/>
            <ObjectiveFields selected=objective errors/>
            <div class="flex flex-col-reverse gap-3 border-t border-ink-100 pt-5 sm:flex-row sm:justify-end">
                <Button variant=ButtonVariant::Ghost on_click=move |_| editing.set(Editing::Closed)>"Annuler"</Button>
                <Button button_type="submit" loading=save.pending()>{if is_new { "Créer l'offre" } else { "Enregistrer l'offre" }}</Button>
            </div>
        </ActionForm>
    }
}
