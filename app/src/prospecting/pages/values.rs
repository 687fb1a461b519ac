//! A row's values as the tables and the company panel show them: contacts (masked on a locked
//! row), the address, the quality score.

use crate::ui::{Icon, IconName};
use leptos::prelude::*;

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Contact {
    Phone,
    Email,
    Website,
}

/// A contact value as the table and the panel show it: "—" when there is none, the masked
/// value with a padlock on a locked row, a link otherwise (the site opens in a new tab).
/// `compact` (table cells) cuts long values to one line; the full value is in the tooltip.
pub(super) fn contact_value(value: Option<String>, locked: bool, kind: Contact, compact: bool) -> AnyView {
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
pub(super) fn address_lines(street: Option<String>, postal_code: Option<String>, city: Option<String>) -> AnyView {
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
pub(super) fn QualityMeter(quality: u8) -> impl IntoView {
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
