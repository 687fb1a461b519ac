//! The sending domain's SPF, DKIM and DMARC records, read in the DNS when the client asks, with
//! what to fix.

use crate::mailboxes::api::CheckDomain;
use crate::shell::is_sandbox;
use crate::ui::{Badge, BadgeTone, Button, ButtonVariant, Field, FormAlert, FormErrors};
use leptos::prelude::*;
use prospecta_shared::mailboxes::{DomainCheck, RecordCheck, Verdict};

fn tone(verdict: Verdict) -> BadgeTone {
    match verdict {
        Verdict::Good => BadgeTone::Success,
        Verdict::Weak => BadgeTone::Warning,
        Verdict::Missing => BadgeTone::Danger,
        Verdict::Unknown => BadgeTone::Neutral,
    }
}

#[component]
pub fn DomainPanel(#[prop(into)] domain: String) -> impl IntoView {
    let check = ServerAction::<CheckDomain>::new();
    let outcome = Signal::derive(move || check.value().get().map(|r| r.map(|_| ())));
    let errors = FormErrors::new(outcome);
    let report = move || check.value().get().and_then(Result::ok);
    view! {
        <section class="rounded-lg bg-ink-50 p-4 ring-1 ring-inset ring-ink-200" data-testid="domain-check" aria-live="polite">
            <h3 class="text-sm font-semibold text-ink-900">{format!("Authentification de {domain}")}</h3>
            <p class="mt-1 text-sm text-ink-600">
                "Sans SPF, DKIM et DMARC, vos e-mails de prospection ont toutes les chances d'arriver en indésirables. Nous lisons les enregistrements publiés dans le DNS de votre domaine."
            </p>
            <Show when=is_sandbox>
                <p class="mt-1 text-sm text-ink-600">
                    "Mode démonstration : la vérification interroge le DNS simulé de cet ordinateur, qui ne publie aucun enregistrement pour votre domaine."
                </p>
            </Show>
            <ActionForm action=check attr:class="mt-3 flex flex-wrap items-end gap-3" attr:novalidate="true">
                <div class="min-w-48 flex-1">
                    <Field label="Sélecteur DKIM (facultatif)" name="selector" placeholder="selector1"
                        hint="Si votre fournisseur vous l'a indiqué." autocomplete="off" maxlength=63
                        error=errors.field("dkim_selector")/>
                </div>
                <Button button_type="submit" variant=ButtonVariant::Secondary loading=check.pending()>
                    "Vérifier le domaine"
                </Button>
            </ActionForm>
            <div class="mt-3"><FormAlert message=errors.general(&["dkim_selector"])/></div>
            {move || report().map(|r| view! { <DomainReport report=r/> })}
        </section>
    }
}

#[component]
fn DomainReport(report: DomainCheck) -> impl IntoView {
    view! {
        <div class="mt-4 space-y-3">
            {report.provider_domain.then(|| view! {
                <p class="text-sm text-ink-700">
                    {format!("Votre adresse est chez un fournisseur grand public (@{}) : ses enregistrements sont gérés par lui et vous ne pouvez pas les modifier. Pour prospecter, une adresse à votre propre nom de domaine inspire davantage confiance et se règle ici.", report.domain)}
                </p>
            })}
            <RecordRow name="SPF" check=report.spf/>
            <RecordRow name="DKIM" check=report.dkim/>
            <RecordRow name="DMARC" check=report.dmarc/>
        </div>
    }
}

#[component]
fn RecordRow(name: &'static str, check: RecordCheck) -> impl IntoView {
    view! {
        <div class="rounded-lg bg-white p-3 ring-1 ring-inset ring-ink-200" data-testid=format!("record-{}", name.to_lowercase())>
            <div class="flex flex-wrap items-center gap-2">
                <span class="text-sm font-semibold text-ink-900">{name}</span>
                <Badge tone=tone(check.verdict)>{check.verdict.label_fr()}</Badge>
            </div>
            <p class="mt-1 text-sm text-ink-700">{check.summary}</p>
            {check.record.map(|r| view! {
                <p class="mt-1 whitespace-pre-line break-all font-mono text-xs text-ink-500">{r}</p>
            })}
            {check.fix.map(|f| view! { <p class="mt-1 text-sm font-medium text-ink-900">{f}</p> })}
        </div>
    }
}
