//! The funnel drawn as bars, shared by the client's results and the agency's indicators.

use leptos::prelude::*;
use prospecta_shared::format::{integer_fr, percent_fr as percent};
use prospecta_shared::results::{Funnel, rate};

/// The stages as bars, each with its count and its rate from the stage before.
#[component]
pub fn FunnelBars(funnel: Funnel) -> impl IntoView {
    let stages = funnel.stages();
    let widest = stages.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    view! {
        <ol class="space-y-3" aria-label="Entonnoir de conversion" data-testid="results-funnel">
            {stages.iter().enumerate().map(|(i, (label, value))| {
                // Shown only where the stage before has something to take a rate from.
                let from_previous = (i > 0).then(|| rate(*value, stages[i - 1].1)).flatten();
                let width = (*value * 100 / widest).max(u64::from(*value > 0));
                view! {
                    <li>
                        <div class="flex items-baseline justify-between gap-3 text-sm">
                            <span class="text-ink-700">{*label}</span>
                            <span class="tabular-nums">
                                <span class="font-semibold text-ink-900">{integer_fr(*value as i64)}</span>
                                {from_previous.map(|r| view! { <span class="ml-2 text-xs text-ink-500">{format!("{} de l'étape précédente", percent(Some(r)))}</span> })}
                            </span>
                        </div>
                        <div class="mt-1 h-2.5 rounded-full bg-ink-100">
                            <div class="h-2.5 rounded-full bg-brand-500" style=format!("width: {width}%")></div>
                        </div>
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}
