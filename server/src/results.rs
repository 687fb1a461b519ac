//! The client's results (`Results` port, ONB-7, X-5): the funnel from prospects to signatures
//! per campaign, variant and offer, what Prospecta cost against what was signed, and the trend
//! over time. Each capability answers for its own records (the campaigns' contacts, the
//! conversations' links to them, the meetings and their outcome, the invoices, the offers'
//! names); they are put together here, counted by the date of each event, in Paris time.

use crate::error::capability_error;
use crate::outreach::campaigns::figures::ContactEvents;
use crate::state::AppState;
use async_trait::async_trait;
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use prospecta_app::results::port::Results;
use prospecta_shared::AppError;
use prospecta_shared::accounts::SessionUser;
use prospecta_shared::ids::{CampaignId, ContactId, ConversationId, OfferId, OrgId};
use prospecta_shared::results::{Funnel, FunnelLine, ResultsPeriod, ResultsView, TrendPoint};
use std::collections::HashMap;

capability_error! {
    /// What reading the results fails with: the database only.
    pub enum ResultsError logged as "results" {}
}

/// Everything the results are counted from, for one organisation.
#[derive(Debug, Clone, Default)]
pub struct History {
    pub contacts: Vec<ContactEvents>,
    pub campaigns: Vec<(CampaignId, String, OfferId)>,
    pub variants: Vec<(i64, CampaignId, String)>,
    pub offers: Vec<(OfferId, String)>,
    pub conversations: Vec<(ConversationId, ContactId)>,
    pub meetings: Vec<crate::meetings::MeetingOutcome>,
    /// Paid to Prospecta, HT, dated (credit notes negative).
    pub spend: Vec<(DateTime<Utc>, i64)>,
}

impl History {
    pub async fn read(app: &AppState, org: OrgId) -> Result<History, sea_orm::DbErr> {
        let db = &app.db;
        let (campaigns, variants) = crate::outreach::campaigns::figures::campaign_names(db, org).await?;
        Ok(History {
            contacts: crate::outreach::campaigns::figures::contact_events(db, org).await?,
            campaigns,
            variants,
            offers: crate::business::offer_names(db, org).await?,
            conversations: crate::conversations::contacts_of(db, org).await?,
            meetings: crate::meetings::outcomes(db, org).await?,
            spend: crate::billing::invoices::spend(db, org).await?,
        })
    }

    /// The first day anything happened (the start of "since the beginning").
    fn first_day(&self) -> Option<NaiveDate> {
        let contacts = self.contacts.iter().map(|c| c.added_at);
        let meetings = self.meetings.iter().map(|m| m.booked_at);
        let spend = self.spend.iter().map(|(at, _)| *at);
        contacts.chain(meetings).chain(spend).min().map(crate::time::paris_day)
    }
}

/// The trend's steps: days, weeks or months, each with its start and label.
struct Buckets {
    starts: Vec<DateTime<Utc>>,
    labels: Vec<String>,
    end: DateTime<Utc>,
}

const MONTHS_SHORT_FR: [&str; 12] =
    ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."];

fn month_start(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

fn next_month(day: NaiveDate) -> NaiveDate {
    month_start(day + Duration::days(32))
}

impl Buckets {
    fn of(period: ResultsPeriod, today: NaiveDate, first: Option<NaiveDate>) -> Buckets {
        let end = crate::time::paris_day_start(today + Duration::days(1));
        let mut days: Vec<(NaiveDate, String)> = Vec::new();
        match period {
            ResultsPeriod::Last30Days => {
                for n in (0..30).rev() {
                    let day = today - Duration::days(n);
                    days.push((day, day.format("%d/%m").to_string()));
                }
            }
            ResultsPeriod::Last3Months => {
                let monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
                for n in (0..13).rev() {
                    let day = monday - Duration::weeks(n);
                    days.push((day, format!("sem. du {}", day.format("%d/%m"))));
                }
            }
            ResultsPeriod::Last12Months | ResultsPeriod::AllTime => {
                let last = month_start(today);
                let mut month = match period {
                    ResultsPeriod::AllTime => month_start(first.unwrap_or(today).min(today)),
                    _ => (0..11).fold(last, |m, _| month_start(m - Duration::days(1))),
                };
                while month <= last {
                    days.push((month, format!("{} {}", MONTHS_SHORT_FR[month.month0() as usize], month.year())));
                    month = next_month(month);
                }
            }
        }
        Buckets {
            starts: days.iter().map(|(d, _)| crate::time::paris_day_start(*d)).collect(),
            labels: days.into_iter().map(|(_, l)| l).collect(),
            end,
        }
    }

    /// The step `at` falls in; none outside the period.
    fn index(&self, at: DateTime<Utc>) -> Option<usize> {
        if at >= self.end || self.starts.first().is_none_or(|s| at < *s) {
            return None;
        }
        Some(self.starts.partition_point(|s| *s <= at) - 1)
    }
}

/// Where one contact's events are counted: its campaign, variant and offer lines.
#[derive(Clone, Copy)]
struct Place {
    campaign: CampaignId,
    variant: Option<i64>,
    offer: Option<OfferId>,
}

#[derive(Default)]
struct Tally {
    total: Funnel,
    trend: Vec<Funnel>,
    by_campaign: HashMap<CampaignId, Funnel>,
    by_variant: HashMap<i64, Funnel>,
    by_offer: HashMap<OfferId, Funnel>,
}

impl Tally {
    /// Counts one event at `at` (if within the period) with `apply`, everywhere it belongs.
    fn count(&mut self, buckets: &Buckets, at: DateTime<Utc>, place: Option<Place>, apply: impl Fn(&mut Funnel)) {
        let Some(step) = buckets.index(at) else { return };
        apply(&mut self.total);
        apply(&mut self.trend[step]);
        if let Some(place) = place {
            apply(self.by_campaign.entry(place.campaign).or_default());
            if let Some(variant) = place.variant {
                apply(self.by_variant.entry(variant).or_default());
            }
            if let Some(offer) = place.offer {
                apply(self.by_offer.entry(offer).or_default());
            }
        }
    }
}

/// The lines with something in the period, the most meetings first, then the most contacted.
fn lines<K: Eq + std::hash::Hash>(
    counts: &HashMap<K, Funnel>,
    named: impl Iterator<Item = (K, String, Option<String>)>,
) -> Vec<FunnelLine> {
    let mut out: Vec<FunnelLine> = named
        .filter_map(|(key, label, detail)| {
            counts.get(&key).filter(|f| **f != Funnel::default()).map(|f| FunnelLine { label, detail, funnel: *f })
        })
        .collect();
    out.sort_by(|a, b| {
        (b.funnel.signed, b.funnel.meetings, b.funnel.contacted).cmp(&(
            a.funnel.signed,
            a.funnel.meetings,
            a.funnel.contacted,
        ))
    });
    out
}

/// The results of `history` over `period`, as of `now`.
pub fn compute(history: &History, period: ResultsPeriod, now: DateTime<Utc>) -> ResultsView {
    let today = crate::time::paris_day(now);
    let buckets = Buckets::of(period, today, history.first_day());
    let mut tally = Tally { trend: vec![Funnel::default(); buckets.starts.len()], ..Tally::default() };
    let mut cost_trend = vec![0i64; buckets.starts.len()];
    let offer_of: HashMap<CampaignId, OfferId> = history.campaigns.iter().map(|(id, _, offer)| (*id, *offer)).collect();
    let mut place_of: HashMap<ContactId, Place> = HashMap::new();
    for c in &history.contacts {
        let place =
            Place { campaign: c.campaign_id, variant: c.variant_id, offer: offer_of.get(&c.campaign_id).copied() };
        place_of.insert(c.contact_id, place);
        tally.count(&buckets, c.added_at, Some(place), |f| f.prospects += 1);
        if let Some(at) = c.first_sent_at {
            tally.count(&buckets, at, Some(place), |f| f.contacted += 1);
        }
        if let Some(at) = c.replied_at {
            tally.count(&buckets, at, Some(place), |f| f.replied += 1);
            if c.positive {
                tally.count(&buckets, at, Some(place), |f| f.interested += 1);
            }
        }
    }
    let contact_of: HashMap<ConversationId, ContactId> = history.conversations.iter().copied().collect();
    for m in &history.meetings {
        let place = m.conversation_id.and_then(|c| contact_of.get(&c)).and_then(|c| place_of.get(c)).copied();
        tally.count(&buckets, m.booked_at, place, |f| f.meetings += 1);
        if let Some((at, amount)) = m.signed {
            tally.count(&buckets, at, place, |f| {
                f.signed += 1;
                f.revenue_cents += amount;
            });
        }
    }
    let mut cost = 0;
    for (at, amount) in &history.spend {
        if let Some(step) = buckets.index(*at) {
            cost += amount;
            cost_trend[step] += amount;
        }
    }
    let campaign_name: HashMap<CampaignId, &str> =
        history.campaigns.iter().map(|(id, name, _)| (*id, name.as_str())).collect();
    let by_campaign =
        lines(&tally.by_campaign, history.campaigns.iter().map(|(id, name, _)| (*id, name.clone(), None)));
    let by_variant = lines(
        &tally.by_variant,
        history.variants.iter().map(|(id, campaign, label)| {
            (*id, format!("Variante {label}"), campaign_name.get(campaign).map(|n| n.to_string()))
        }),
    );
    let by_offer = lines(&tally.by_offer, history.offers.iter().map(|(id, name)| (*id, name.clone(), None)));
    let first = buckets.starts.first().map_or(today, |s| crate::time::paris_day(*s));
    let trend = buckets
        .labels
        .iter()
        .zip(tally.trend)
        .zip(cost_trend)
        .map(|((label, funnel), cost_cents)| TrendPoint { label: label.clone(), funnel, cost_cents })
        .collect();
    ResultsView {
        period,
        span_label: format!("du {} au {}", first.format("%d/%m/%Y"), today.format("%d/%m/%Y")),
        total: tally.total,
        cost_cents: cost,
        by_campaign,
        by_variant,
        by_offer,
        trend,
    }
}

pub struct ResultsService {
    app: AppState,
}

impl ResultsService {
    pub fn new(app: AppState) -> Self {
        ResultsService { app }
    }
}

#[async_trait]
impl Results for ResultsService {
    async fn results(&self, actor: &SessionUser, period: ResultsPeriod) -> Result<ResultsView, AppError> {
        let history = History::read(&self.app, actor.organization_id).await.map_err(ResultsError::from)?;
        Ok(compute(&history, period, Utc::now()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap()
    }

    fn contact(id: i64, campaign: i64, variant: i64, added: DateTime<Utc>) -> ContactEvents {
        ContactEvents {
            contact_id: ContactId(id),
            campaign_id: CampaignId(campaign),
            variant_id: Some(variant),
            added_at: added,
            first_sent_at: None,
            replied_at: None,
            positive: false,
        }
    }

    fn meeting(
        conversation: Option<i64>,
        booked: DateTime<Utc>,
        signed: Option<(DateTime<Utc>, i64)>,
    ) -> crate::meetings::MeetingOutcome {
        crate::meetings::MeetingOutcome { conversation_id: conversation.map(ConversationId), booked_at: booked, signed }
    }

    /// A known history over two offers, two campaigns and three variants, with events before
    /// and inside the period, and every figure of the results checked.
    #[test]
    fn every_figure_is_counted_from_the_dated_events() {
        let now = at(2026, 12, 7, 15);
        let old = at(2026, 10, 1, 9); // before the 30 days
        let d1 = at(2026, 11, 20, 9);
        let d2 = at(2026, 12, 1, 9);
        let sent = |mut c: ContactEvents, at: DateTime<Utc>| {
            c.first_sent_at = Some(at);
            c
        };
        let replied = |mut c: ContactEvents, at: DateTime<Utc>, positive: bool| {
            c.replied_at = Some(at);
            c.positive = positive;
            c
        };
        let history = History {
            contacts: vec![
                // Campaign 1 (offer 10), variant 100: three contacted, two replied (one
                // interested), one added before the period but contacted in it.
                replied(sent(contact(1, 1, 100, d1), d1), d2, true),
                replied(sent(contact(2, 1, 100, d1), d1), d2, false),
                sent(contact(3, 1, 101, old), d2),
                // Campaign 2 (offer 20): one added, not contacted yet; one entirely before.
                contact(4, 2, 200, d2),
                replied(sent(contact(5, 2, 200, old), old), old, true),
            ],
            campaigns: vec![
                (CampaignId(1), "Plombiers Lyon".into(), OfferId(10)),
                (CampaignId(2), "Plombiers Nantes".into(), OfferId(20)),
            ],
            variants: vec![
                (100, CampaignId(1), "A".into()),
                (101, CampaignId(1), "B".into()),
                (200, CampaignId(2), "A".into()),
            ],
            offers: vec![(OfferId(10), "Entretien".into()), (OfferId(20), "Dépannage".into())],
            conversations: vec![(ConversationId(7), ContactId(1)), (ConversationId(9), ContactId(5))],
            meetings: vec![
                // Booked in the period from contact 1's conversation, signed for 2 400 €.
                meeting(Some(7), d2, Some((at(2026, 12, 5, 10), 240_000))),
                // Contact 5's: booked before the period, signed in it (1 000 €).
                meeting(Some(9), old, Some((d2, 100_000))),
                // Booked by hand, no conversation: in the total only.
                meeting(None, d1, None),
            ],
            spend: vec![(old, 14_900), (d1, 14_900), (d2, -4_900)],
        };
        let r = compute(&history, ResultsPeriod::Last30Days, now);
        assert_eq!(r.span_label, "du 08/11/2026 au 07/12/2026");
        let funnel = |prospects, contacted, replied, interested, meetings, signed, revenue_cents| Funnel {
            prospects,
            contacted,
            replied,
            interested,
            meetings,
            signed,
            revenue_cents,
        };
        assert_eq!(r.total, funnel(3, 3, 2, 1, 2, 2, 340_000));
        assert_eq!(r.cost_cents, 10_000, "an invoice less a credit note; the old one is out");
        assert_eq!(
            (r.cost_per_meeting(), r.cost_per_signature(), r.roi_percent()),
            (Some(5_000), Some(5_000), Some(3_300))
        );
        let line = |label: &str, detail: Option<&str>, f: Funnel| FunnelLine {
            label: label.into(),
            detail: detail.map(str::to_string),
            funnel: f,
        };
        assert_eq!(
            r.by_campaign,
            [
                line("Plombiers Lyon", None, funnel(2, 3, 2, 1, 1, 1, 240_000)),
                line("Plombiers Nantes", None, funnel(1, 0, 0, 0, 0, 1, 100_000)),
            ]
        );
        assert_eq!(
            r.by_variant,
            [
                line("Variante A", Some("Plombiers Lyon"), funnel(2, 2, 2, 1, 1, 1, 240_000)),
                line("Variante A", Some("Plombiers Nantes"), funnel(1, 0, 0, 0, 0, 1, 100_000)),
                line("Variante B", Some("Plombiers Lyon"), funnel(0, 1, 0, 0, 0, 0, 0)),
            ]
        );
        assert_eq!(
            r.by_offer,
            [
                line("Entretien", None, funnel(2, 3, 2, 1, 1, 1, 240_000)),
                line("Dépannage", None, funnel(1, 0, 0, 0, 0, 1, 100_000)),
            ]
        );
        assert_eq!(r.trend.len(), 30);
        let day = |label: &str| r.trend.iter().find(|p| p.label == label).unwrap();
        assert_eq!((day("20/11").funnel, day("20/11").cost_cents), (funnel(2, 2, 0, 0, 1, 0, 0), 14_900));
        assert_eq!((day("01/12").funnel, day("01/12").cost_cents), (funnel(1, 1, 2, 1, 1, 1, 100_000), -4_900));
        assert_eq!(day("05/12").funnel, funnel(0, 0, 0, 0, 0, 1, 240_000));
        let mut summed = Funnel::default();
        r.trend.iter().for_each(|p| summed.add(&p.funnel));
        assert_eq!(summed, r.total, "the trend adds up to the total");

        // Since the beginning: everything, by month.
        let all = compute(&history, ResultsPeriod::AllTime, now);
        assert_eq!(all.total, funnel(5, 4, 3, 2, 3, 2, 340_000));
        assert_eq!(all.cost_cents, 24_900);
        assert_eq!(
            all.trend.iter().map(|p| p.label.as_str()).collect::<Vec<_>>(),
            ["oct. 2026", "nov. 2026", "déc. 2026"]
        );
        // Nothing yet: zeros, no ratio.
        let empty = compute(&History::default(), ResultsPeriod::Last12Months, now);
        assert_eq!((empty.total, empty.cost_cents, empty.roi_percent()), (Funnel::default(), 0, None));
        assert!(empty.by_campaign.is_empty());
    }

    #[test]
    fn steps_cover_the_period_in_paris_time() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        let days = Buckets::of(ResultsPeriod::Last30Days, today, None);
        assert_eq!((days.starts.len(), days.labels[29].as_str()), (30, "07/12"));
        // 23:30 UTC on 7 December is 8 December in Paris: outside.
        assert_eq!(days.index(at(2026, 12, 7, 23) + Duration::minutes(30)), None);
        assert_eq!(days.index(at(2026, 12, 6, 23) + Duration::minutes(30)), Some(29), "Paris' 7 December");
        assert_eq!(days.index(at(2026, 11, 7, 12)), None, "before the 30 days");
        let weeks = Buckets::of(ResultsPeriod::Last3Months, today, None);
        assert_eq!((weeks.starts.len(), weeks.labels[12].as_str()), (13, "sem. du 07/12"));
        let months = Buckets::of(ResultsPeriod::Last12Months, today, None);
        assert_eq!((months.labels[0].as_str(), months.labels[11].as_str()), ("janv. 2026", "déc. 2026"));
        let all = Buckets::of(ResultsPeriod::AllTime, today, NaiveDate::from_ymd_opt(2025, 11, 20));
        assert_eq!((all.labels.len(), all.labels[0].as_str()), (14, "nov. 2025"));
    }
}
