//! Even pacing (SUB-4): the companies a subscription may still contact are spread over the
//! business days left in its period (French public holidays excluded), so a plan is not burnt
//! on day one and deliverability stays good. Each day's target is what remains at the start of
//! that day divided by the business days left, so a late start, a pack bought mid-period or a
//! month paid late (SUB-5's catch-up) raises the following days' targets: nothing is lost,
//! nothing is counted twice. Everything is read from the credit ledger, so the figures shown
//! are the ones the campaigns obey.

use super::entities::subscription;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use prospecta_shared::billing::{PacingDay, PacingView, SubscriptionStatus};
use prospecta_shared::credits::Quota;
use prospecta_shared::ids::OrgId;
use sea_orm::{ConnectionTrait, DbErr};

use crate::time::{is_business_day, paris_day, paris_day_start};

/// How an organisation's first contacts are paced today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pace {
    /// No subscription in force (the trial): each campaign's own daily pace.
    Own,
    /// The plan's pace: `target` first contacts today, `done` so far.
    Plan { target: u64, done: u64 },
    /// A late payment's grace is over: nothing is sent until it is paid (SUB-5).
    Suspended,
}

/// One day of a period's pacing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayPlan {
    pub day: NaiveDate,
    pub planned: u64,
    pub done: u64,
    /// After today: a projection from what remains.
    pub projected: bool,
}

/// Business days from `from` to `last`, both included.
fn business_days(from: NaiveDate, last: NaiveDate) -> u64 {
    from.iter_days().take_while(|d| *d <= last).filter(|d| is_business_day(*d)).count() as u64
}

fn share(balance: i64, days_left: u64) -> u64 {
    if days_left == 0 { 0 } else { (balance.max(0) as u64).div_ceil(days_left) }
}

/// The period's days, from its first to its last (inclusive, Paris days): what each day had to
/// reach and what it did, from the balance before the period and the ledger's lines since
/// (`(day, delta, consumption)`, oldest first).
pub fn plan_days(
    first: NaiveDate,
    last: NaiveDate,
    today: NaiveDate,
    balance_before: i64,
    movements: &[(NaiveDate, i64, bool)],
) -> Vec<DayPlan> {
    let mut days = Vec::new();
    let mut balance = balance_before + movements.iter().filter(|(d, _, _)| *d < first).map(|(_, n, _)| n).sum::<i64>();
    for day in first.iter_days().take_while(|d| *d <= last) {
        let of_day = movements.iter().filter(|(d, _, _)| *d == day);
        let done = (-of_day.clone().filter(|(_, _, spent)| *spent).map(|(_, n, _)| n).sum::<i64>()).max(0) as u64;
        // Grants of the day (a pack, a month paid late) count from that day on.
        let granted: i64 = of_day.clone().filter(|(_, n, _)| *n > 0).map(|(_, n, _)| n).sum();
        let planned = if is_business_day(day) { share(balance + granted, business_days(day, last)) } else { 0 };
        if day <= today {
            days.push(DayPlan { day, planned, done, projected: false });
            balance += of_day.map(|(_, n, _)| n).sum::<i64>();
            if day == today {
                // What today still has to send is spent before the projection starts.
                balance -= planned.saturating_sub(done) as i64;
            }
        } else {
            days.push(DayPlan { day, planned, done: 0, projected: true });
            balance -= planned as i64;
        }
    }
    days
}

/// The subscription whose period paces the organisation, if any.
async fn pacing_subscription<C: ConnectionTrait>(
    db: &C,
    organization_id: OrgId,
) -> Result<Option<subscription::Model>, DbErr> {
    Ok(super::checkout::current(db, organization_id).await?.filter(|s| {
        matches!(s.status, SubscriptionStatus::Active | SubscriptionStatus::PastDue | SubscriptionStatus::Suspended)
    }))
}

/// Whether the organisation's sending is suspended (a late payment's grace is over).
pub async fn sending_suspended<C: ConnectionTrait>(db: &C, organization_id: OrgId) -> Result<bool, DbErr> {
    Ok(pacing_subscription(db, organization_id).await?.is_some_and(|s| s.status == SubscriptionStatus::Suspended))
}

/// What a suspended organisation is told when something would be sent.
pub const SUSPENDED_FR: &str =
    "envois suspendus : le paiement de votre abonnement est en retard ; régularisez-le dans Abonnement pour reprendre";

/// Today's pace of the organisation's first contacts.
pub async fn pace_today<C: ConnectionTrait>(db: &C, organization_id: OrgId, now: DateTime<Utc>) -> Result<Pace, DbErr> {
    let Some(s) = pacing_subscription(db, organization_id).await? else { return Ok(Pace::Own) };
    if s.status == SubscriptionStatus::Suspended {
        return Ok(Pace::Suspended);
    }
    let Some(end) = s.period_end else { return Ok(Pace::Own) };
    let today = paris_day(now);
    let last = paris_day(end - Duration::seconds(1)).max(today);
    let day_start = paris_day_start(today);
    let balance = crate::credits::balance_before(db, organization_id, Quota::Contacts, day_start).await?;
    // Today's lines: its grants all count (a pack, a month paid late), its consumptions so far.
    let today_lines: Vec<_> = crate::credits::movements_since(db, organization_id, Quota::Contacts, day_start)
        .await?
        .into_iter()
        .filter(|m| !m.consumption || m.at <= now)
        .map(|m| (today, m.delta, m.consumption))
        .collect();
    // The same rule as the dashboard's days: today is the first day of what is left.
    let Some(plan) = plan_days(today, last, today, balance, &today_lines).into_iter().next() else {
        return Ok(Pace::Plan { target: 0, done: 0 });
    };
    Ok(Pace::Plan { target: plan.planned, done: plan.done })
}

/// The current period's pacing, day by day, for the dashboard; none without a subscription.
pub async fn view<C: ConnectionTrait>(
    db: &C,
    organization_id: OrgId,
    now: DateTime<Utc>,
) -> Result<Option<PacingView>, DbErr> {
    let Some(s) = pacing_subscription(db, organization_id).await? else { return Ok(None) };
    let (Some(start), Some(end)) = (s.period_start, s.period_end) else { return Ok(None) };
    // A month paid ahead of its start (the sandbox's renewal clock) is paced from today, as the
    // campaigns pace it.
    let today = paris_day(now);
    let first = paris_day(start).min(today);
    let last = paris_day(end - Duration::seconds(1));
    let from = paris_day_start(first);
    let balance_before = crate::credits::balance_before(db, organization_id, Quota::Contacts, from).await?;
    let movements: Vec<_> = crate::credits::movements_since(db, organization_id, Quota::Contacts, from)
        .await?
        .into_iter()
        .map(|m| (paris_day(m.at), m.delta, m.consumption))
        .collect();
    let days = plan_days(first, last, today, balance_before, &movements);
    let today_row = days.iter().find(|d| d.day == today);
    Ok(Some(PacingView {
        plan_name: s.plan_name.clone(),
        included: s.contacts,
        target_today: today_row.map_or(0, |d| d.planned),
        done_today: today_row.map_or(0, |d| d.done),
        business_days_left: business_days(today, last.max(today)) as u32,
        suspended: s.status == SubscriptionStatus::Suspended,
        days: days
            .into_iter()
            .map(|d| PacingDay {
                label: d.day.format("%d/%m").to_string(),
                business_day: is_business_day(d.day),
                planned: d.planned,
                done: d.done,
                projected: d.projected,
                today: d.day == today,
            })
            .collect(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    #[test]
    fn a_period_is_spread_over_its_business_days_holidays_excluded() {
        // 01/12 → 31/12/2026: 22 business days (25/12 is a holiday, weekends off).
        assert_eq!(business_days(day(12, 1), day(12, 31)), 22);
        let days = plan_days(day(12, 1), day(12, 31), day(12, 1), 0, &[(day(12, 1), 440, false)]);
        assert_eq!(days.len(), 31);
        assert_eq!(days[0].planned, 20, "440 over 22 days");
        let christmas = days.iter().find(|d| d.day == day(12, 25)).unwrap();
        assert_eq!(christmas.planned, 0);
        let saturday = days.iter().find(|d| d.day == day(12, 5)).unwrap();
        assert_eq!(saturday.planned, 0);
        // Projected evenly: the whole quota is planned once, nothing twice.
        assert_eq!(days.iter().map(|d| d.planned).sum::<u64>(), 440);
        assert!(days[1..].iter().all(|d| d.projected));
    }

    #[test]
    fn what_was_not_sent_is_caught_up_over_the_days_left() {
        // Nothing sent for the first two weeks (a late payment): the rest is spread over the
        // 11 business days left from the 15th, so the targets rise and the total stays.
        let granted = [(day(12, 1), 440, false)];
        let days = plan_days(day(12, 1), day(12, 31), day(12, 15), 0, &granted);
        let fifteenth = days.iter().find(|d| d.day == day(12, 15)).unwrap();
        assert_eq!(business_days(day(12, 15), day(12, 31)), 12);
        assert_eq!(fifteenth.planned, 37, "440 over 12 days, rounded up");
        let rest: u64 = days.iter().filter(|d| d.day >= day(12, 15)).map(|d| d.planned).sum();
        assert_eq!(rest, 440);
        // Days that sent what they planned leave the following targets even.
        let mut lines = granted.to_vec();
        for d in day(12, 1).iter_days().take_while(|d| *d < day(12, 15)).filter(|d| is_business_day(*d)) {
            lines.push((d, -20, true));
        }
        let on_time = plan_days(day(12, 1), day(12, 31), day(12, 15), 0, &lines);
        assert!(on_time.iter().filter(|d| d.planned > 0).all(|d| d.planned == 20), "{on_time:?}");
        assert_eq!(on_time.iter().map(|d| d.done).sum::<u64>(), 20 * 10);
    }

    #[test]
    fn a_pack_bought_mid_period_raises_the_days_after() {
        let without = plan_days(day(12, 1), day(12, 31), day(12, 16), 0, &[(day(12, 1), 220, false)]);
        let with =
            plan_days(day(12, 1), day(12, 31), day(12, 16), 0, &[(day(12, 1), 220, false), (day(12, 16), 100, false)]);
        let on = |days: &[DayPlan], d: NaiveDate| days.iter().find(|p| p.day == d).unwrap().planned;
        assert_eq!(on(&without, day(12, 15)), on(&with, day(12, 15)), "the days before are as they were");
        assert!(on(&with, day(12, 16)) > on(&without, day(12, 16)));
        assert_eq!(with.iter().filter(|d| d.day >= day(12, 16)).map(|d| d.planned).sum::<u64>(), 320);
    }
}
