//! The client's results (ONB-7, X-5): the funnel from prospects to signatures per campaign,
//! variant and offer over a period, what it cost against what was signed, and its trend over
//! time. Every figure is counted from the event records (a contact's first message, its reply,
//! a meeting booked, a signature marked, an invoice issued) dated within the period.

use serde::{Deserialize, Serialize};

crate::stored_enum! {
    /// The span of time the results cover, ending today (Paris time).
    #[derive(Serialize, Deserialize)]
    pub enum ResultsPeriod {
        Last30Days = "30j",
        Last3Months = "3m",
        Last12Months = "12m",
        AllTime = "tout",
    }
}

impl ResultsPeriod {
    pub fn label_fr(self) -> &'static str {
        match self {
            ResultsPeriod::Last30Days => "30 derniers jours",
            ResultsPeriod::Last3Months => "3 derniers mois",
            ResultsPeriod::Last12Months => "12 derniers mois",
            ResultsPeriod::AllTime => "Depuis le début",
        }
    }
}

/// One funnel: each stage counts the events of the period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Funnel {
    /// Companies added to a campaign.
    pub prospects: u64,
    /// Companies whose first message left.
    pub contacted: u64,
    /// Contacts that replied.
    pub replied: u64,
    /// Replies read as interested (or a meeting asked).
    pub interested: u64,
    /// Meetings booked (cancelled ones excluded).
    pub meetings: u64,
    /// Meetings marked signed.
    pub signed: u64,
    /// What was signed, euros HT in cents.
    pub revenue_cents: i64,
}

/// Whole percent of `part` in `whole`; none when there is no whole.
pub fn rate(part: u64, whole: u64) -> Option<u8> {
    (whole > 0).then(|| ((part * 100 + whole / 2) / whole).min(100) as u8)
}

impl Funnel {
    /// The stages, labelled, in order.
    pub fn stages(&self) -> [(&'static str, u64); 6] {
        [
            ("Prospects", self.prospects),
            ("Contactés", self.contacted),
            ("Réponses", self.replied),
            ("Intéressés", self.interested),
            ("Rendez-vous", self.meetings),
            ("Signés", self.signed),
        ]
    }

    pub fn reply_rate(&self) -> Option<u8> {
        rate(self.replied, self.contacted)
    }

    pub fn meeting_rate(&self) -> Option<u8> {
        rate(self.meetings, self.contacted)
    }

    pub fn signature_rate(&self) -> Option<u8> {
        rate(self.signed, self.meetings)
    }

    pub fn add(&mut self, other: &Funnel) {
        self.prospects += other.prospects;
        self.contacted += other.contacted;
        self.replied += other.replied;
        self.interested += other.interested;
        self.meetings += other.meetings;
        self.signed += other.signed;
        self.revenue_cents += other.revenue_cents;
    }
}

/// One line of a breakdown: a campaign, a variant or an offer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FunnelLine {
    pub label: String,
    /// What the line belongs to (a variant's campaign).
    pub detail: Option<String>,
    pub funnel: Funnel,
}

/// One point of the trend: a day, a week or a month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrendPoint {
    /// "07/12", "sem. du 07/12", "déc. 2026"
    pub label: String,
    pub funnel: Funnel,
    /// Paid to Prospecta (invoices less credit notes), euros HT in cents.
    pub cost_cents: i64,
}

/// The "Résultats" page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultsView {
    pub period: ResultsPeriod,
    /// "du 08/11/2026 au 07/12/2026"
    pub span_label: String,
    pub total: Funnel,
    /// Paid to Prospecta over the period, euros HT in cents.
    pub cost_cents: i64,
    pub by_campaign: Vec<FunnelLine>,
    pub by_variant: Vec<FunnelLine>,
    pub by_offer: Vec<FunnelLine>,
    pub trend: Vec<TrendPoint>,
}

impl ResultsView {
    /// The subscription's cost per meeting booked; none without a meeting or a cost.
    pub fn cost_per_meeting(&self) -> Option<i64> {
        per(self.cost_cents, self.total.meetings)
    }

    pub fn cost_per_signature(&self) -> Option<i64> {
        per(self.cost_cents, self.total.signed)
    }

    /// What was signed for each euro paid, less that euro, in whole percent: (revenue − cost) /
    /// cost. None before anything was paid.
    pub fn roi_percent(&self) -> Option<i64> {
        (self.cost_cents > 0).then(|| {
            let gain = (self.total.revenue_cents - self.cost_cents) as i128 * 100;
            let cost = self.cost_cents as i128;
            (if gain >= 0 { (gain + cost / 2) / cost } else { (gain - cost / 2) / cost }) as i64
        })
    }
}

fn per(cost: i64, count: u64) -> Option<i64> {
    (cost > 0 && count > 0).then(|| (cost + count as i64 / 2) / count as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_and_costs_are_rounded_and_absent_without_a_base() {
        assert_eq!(rate(1, 3), Some(33));
        assert_eq!(rate(2, 3), Some(67));
        assert_eq!(rate(0, 0), None);
        let view = |cost, revenue, meetings, signed| ResultsView {
            period: ResultsPeriod::AllTime,
            span_label: String::new(),
            total: Funnel { meetings, signed, revenue_cents: revenue, ..Funnel::default() },
            cost_cents: cost,
            by_campaign: vec![],
            by_variant: vec![],
            by_offer: vec![],
            trend: vec![],
        };
        let v = view(30_000, 240_000, 4, 1);
        assert_eq!(
            (v.cost_per_meeting(), v.cost_per_signature(), v.roi_percent()),
            (Some(7_500), Some(30_000), Some(700))
        );
        let loss = view(30_000, 10_000, 0, 1);
        assert_eq!((loss.cost_per_meeting(), loss.roi_percent()), (None, Some(-67)));
        assert_eq!(view(0, 10_000, 2, 1).roi_percent(), None, "nothing paid, no ratio");
    }
}
