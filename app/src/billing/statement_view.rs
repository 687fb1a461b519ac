//! The pieces of a period statement (SUB-2) that both "Factures" and a statement's own page show:
//! its totals, one unit a row.

use crate::ui::{Badge, BadgeTone, DataTable, Td};
use leptos::prelude::*;
use prospecta_shared::billing::{StatementRow, StatementSummary};
use prospecta_shared::format::{integer_fr, optional_integer_fr as figure, signed_fr as signed};

/// The statement's heading: its period, its offer, and whether it is still running.
#[component]
pub fn StatementHeading(summary: StatementSummary) -> impl IntoView {
    view! {
        <div class="flex flex-wrap items-center gap-2">
            <span class="font-semibold text-ink-900">{summary.label}</span>
            {summary.plan_name.map(|plan| view! { <span class="text-sm text-ink-500">{format!("Offre {plan}")}</span> })}
            {summary.current.then(|| view! { <Badge tone=BadgeTone::Brand>"En cours"</Badge> })}
        </div>
    }
}

/// Included, carried in, granted, delivered and carried out, one unit a row (on a phone, one
/// unit a block: six columns do not fit).
#[component]
pub fn StatementTotals(rows: Vec<StatementRow>) -> impl IntoView {
    let phone = rows.clone();
    view! {
        <div class="hidden sm:block">
            <DataTable caption="Prévu et consommé" columns=vec!["Unité", "Inclus dans l'offre", "Reporté", "Crédité", "Consommé", "Solde"]>
                {rows.into_iter().map(|row| view! {
                    <tr data-testid="statement-total">
                        <Td class="font-medium text-ink-900">{row.unit}</Td>
                        <Td class="whitespace-nowrap tabular-nums">{figure(row.included)}</Td>
                        <Td class="whitespace-nowrap tabular-nums">{figure(row.opening)}</Td>
                        <Td class="whitespace-nowrap tabular-nums">{row.granted.map_or_else(|| "—".into(), signed)}</Td>
                        <Td class="whitespace-nowrap tabular-nums font-semibold text-ink-900">{integer_fr(row.delivered)}</Td>
                        <Td class="whitespace-nowrap tabular-nums">{figure(row.closing)}</Td>
                    </tr>
                }).collect_view()}
            </DataTable>
        </div>
        <ul class="divide-y divide-ink-100 rounded-lg ring-1 ring-ink-200 sm:hidden" aria-label="Prévu et consommé">
            {phone.into_iter().map(|row| view! {
                <li class="p-3">
                    <p class="flex items-baseline justify-between gap-3">
                        <span class="font-medium text-ink-900">{row.unit}</span>
                        <span class="tabular-nums font-semibold text-ink-900">{integer_fr(row.delivered)}</span>
                    </p>
                    <dl class="mt-1 grid grid-cols-2 gap-x-3 text-xs text-ink-500">
                        <div class="flex justify-between"><dt>"Inclus"</dt><dd class="tabular-nums">{figure(row.included)}</dd></div>
                        <div class="flex justify-between"><dt>"Reporté"</dt><dd class="tabular-nums">{figure(row.opening)}</dd></div>
                        <div class="flex justify-between"><dt>"Crédité"</dt><dd class="tabular-nums">{row.granted.map_or_else(|| "—".into(), signed)}</dd></div>
                        <div class="flex justify-between"><dt>"Solde"</dt><dd class="tabular-nums">{figure(row.closing)}</dd></div>
                    </dl>
                </li>
            }).collect_view()}
        </ul>
    }
}
