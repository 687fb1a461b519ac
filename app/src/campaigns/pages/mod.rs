//! The campaign pages (FORM-1 … FORM-8), one file a route: the organisation's campaigns
//! (`list`), the creation form (`new`: target databases, A/B/C variants with live checks and
//! writing advice, follow-up, sender profile, sending window and pace), and one campaign's live
//! page (`detail`: PLAY / PAUSE, counters, failures by reason, variants, contacts with their
//! status). What several of them show lives here.

mod detail;
mod list;
mod new;

pub use detail::CampaignPage;
pub use list::CampaignsPage;
pub use new::NewCampaignPage;

use crate::ui::BadgeTone;
use leptos::prelude::*;
use prospecta_shared::campaigns::CampaignStatus;
use prospecta_shared::format::integer_fr;

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

/// The link back to the list, over each page of this capability but the list.
#[component]
fn BackLink() -> impl IntoView {
    view! { <crate::ui::BackLink href="/app/campagnes" label="Toutes mes campagnes"/> }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_in_french() {
        assert_eq!(percent_fr(12.345), "12,3\u{a0}%");
        assert_eq!(share(3, 4), 75);
        assert_eq!(share(5, 0), 0);
        assert_eq!(share(9, 4), 100);
        assert_eq!(count_fr(1, "réponse", "réponses"), "1 réponse");
    }
}
