//! Period statements (SUB-2): what the plan included against what was delivered, for each month
//! the subscription was paid, read from the ledger's lines (and from the model's metering for
//! tokens). A month's statement runs from its start to the next paid month's start, so a time
//! without subscription after it (a cancellation, a month not paid yet) is on it too and no
//! line is on two statements or on none; the time before the first month has its own.

pub mod download;
pub mod pdf;

use super::entities::payment;
use crate::credits::{self, Line};
use chrono::{DateTime, Utc};
use chrono_tz::Europe::Paris;
use prospecta_shared::billing::{
    PaymentKind, PaymentStatus, PlanQuotas, Statement, StatementLine, StatementPeriod, StatementRow, StatementSummary,
};
use prospecta_shared::credits::Quota;
use prospecta_shared::ids::OrgId;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};

/// The stretch of time one statement covers.
struct Window {
    period: StatementPeriod,
    from: DateTime<Utc>,
    /// Excluded; none: up to now.
    to: Option<DateTime<Utc>>,
    label: String,
    plan_name: Option<String>,
    quotas: Option<PlanQuotas>,
}

/// Every statement's window, oldest first.
async fn windows<C: ConnectionTrait>(db: &C, organization_id: OrgId, now: DateTime<Utc>) -> Result<Vec<Window>, DbErr> {
    let mut months: Vec<payment::Model> = payment::Entity::find()
        .filter(payment::Column::OrganizationId.eq(organization_id))
        .filter(payment::Column::Kind.is_in([PaymentKind::First, PaymentKind::Renewal]))
        .filter(payment::Column::Status.eq(PaymentStatus::Paid))
        .order_by_asc(payment::Column::PeriodStart)
        .order_by_asc(payment::Column::Id)
        .all(db)
        .await?;
    // A month paid twice (a replaced checkout paid back) is one month.
    months.dedup_by_key(|p| p.period_start);
    let mut windows = Vec::with_capacity(months.len() + 1);
    let first_start = months.first().map(|p| p.period_start);
    let before_first = match first_start {
        None => true,
        Some(start) => {
            !credits::lines_between(db, organization_id, DateTime::<Utc>::UNIX_EPOCH, Some(start)).await?.is_empty()
        }
    };
    if before_first {
        windows.push(Window {
            period: StatementPeriod::BeforeSubscription,
            from: DateTime::<Utc>::UNIX_EPOCH,
            to: first_start,
            label: if first_start.is_some() { "Avant l'abonnement" } else { "Depuis l'ouverture du compte" }.into(),
            plan_name: None,
            quotas: None,
        });
    }
    for (i, month) in months.iter().enumerate() {
        let to = months.get(i + 1).map(|next| next.period_start);
        let mut label = format!(
            "Du {} au {}",
            crate::time::date_fr(month.period_start),
            super::checkout::last_day_fr(month.period_end)
        );
        // What runs past the paid month until the next one (or today) is on this statement.
        let runs_to = to.unwrap_or(now);
        if runs_to > month.period_end {
            let last = if to.is_some() { super::checkout::last_day_fr(runs_to) } else { crate::time::date_fr(now) };
            label.push_str(&format!(", puis sans période payée jusqu'au {last}"));
        }
        windows.push(Window {
            period: StatementPeriod::Month(month.id),
            from: month.period_start,
            to,
            label,
            plan_name: month.plan_name.clone(),
            quotas: month.plan_quotas.as_deref().and_then(|json| serde_json::from_str(json).ok()),
        });
    }
    Ok(windows)
}

/// A window's totals and its ledger lines.
async fn summarize<C: ConnectionTrait>(
    db: &C,
    organization_id: OrgId,
    window: &Window,
    now: DateTime<Utc>,
) -> Result<(StatementSummary, Vec<Line>), DbErr> {
    let lines = credits::lines_between(db, organization_id, window.from, window.to).await?;
    let mut rows = Vec::with_capacity(Quota::ALL.len() + 1);
    for quota in Quota::ALL {
        let opening = credits::balance_before(db, organization_id, quota, window.from).await?;
        let of_quota = lines.iter().filter(|l| l.quota == quota);
        let granted: i64 = of_quota.clone().filter(|l| !l.consumption).map(|l| l.delta).sum();
        let delivered: i64 = -of_quota.filter(|l| l.consumption).map(|l| l.delta).sum::<i64>();
        rows.push(StatementRow {
            unit: quota.delivered_label_fr().into(),
            included: window.quotas.map(|q| q.of(quota)),
            opening: Some(opening),
            granted: Some(granted),
            delivered,
            closing: Some(opening + granted - delivered),
        });
    }
    let tokens = crate::llm::usage::spent_between(db, organization_id, window.from, window.to).await?.tokens();
    rows.push(StatementRow {
        unit: "Jetons d'IA".into(),
        included: window.quotas.map(|q| q.llm_tokens),
        opening: None,
        granted: None,
        delivered: tokens,
        closing: None,
    });
    let summary = StatementSummary {
        period: window.period,
        label: window.label.clone(),
        plan_name: window.plan_name.clone(),
        current: window.from <= now && window.to.is_none_or(|to| now < to),
        rows,
    };
    Ok((summary, lines))
}

/// Every statement of the organisation, newest first.
pub async fn list<C: ConnectionTrait>(db: &C, organization_id: OrgId) -> Result<Vec<StatementSummary>, DbErr> {
    let now = Utc::now();
    let mut summaries = Vec::new();
    for window in windows(db, organization_id, now).await?.iter().rev() {
        summaries.push(summarize(db, organization_id, window, now).await?.0);
    }
    Ok(summaries)
}

/// The lines as a statement prints them: each grant or correction on its own with its reason,
/// and each day's deliveries of one unit on one line ("12 entreprises contactées"), so a month
/// of thousands of contacts stays readable. Days are Paris days.
fn printed(lines: &[Line]) -> Vec<StatementLine> {
    let mut out = Vec::new();
    let mut day: Option<chrono::NaiveDate> = None;
    let mut delivered = [0i64; Quota::ALL.len()];
    let flush = |out: &mut Vec<StatementLine>, day: chrono::NaiveDate, delivered: &mut [i64; Quota::ALL.len()]| {
        for (quota, n) in Quota::ALL.into_iter().zip(delivered.iter_mut()) {
            if *n > 0 {
                out.push(StatementLine {
                    date: prospecta_shared::format::date_fr(day),
                    label: quota.count_fr(*n),
                    unit: quota.delivered_label_fr().into(),
                    delta: -*n,
                });
            }
            *n = 0;
        }
    };
    for line in lines {
        let today = line.at.with_timezone(&Paris).date_naive();
        if let Some(previous) = day.filter(|d| *d != today) {
            flush(&mut out, previous, &mut delivered);
        }
        day = Some(today);
        if line.consumption {
            if let Some(i) = Quota::ALL.iter().position(|q| *q == line.quota) {
                delivered[i] -= line.delta;
            }
        } else {
            out.push(StatementLine {
                date: prospecta_shared::format::date_fr(today),
                label: line.reason.clone(),
                unit: line.quota.delivered_label_fr().into(),
                delta: line.delta,
            });
        }
    }
    if let Some(last) = day {
        flush(&mut out, last, &mut delivered);
    }
    out
}

/// One statement of the organisation with its lines, for the page and the PDF; none if it has
/// no such period (another organisation's payment included).
pub async fn document<C: ConnectionTrait>(
    db: &C,
    organization_id: OrgId,
    organization_name: String,
    period: StatementPeriod,
    simulated: bool,
) -> Result<Option<Statement>, DbErr> {
    let now = Utc::now();
    let windows = windows(db, organization_id, now).await?;
    let Some(window) = windows.iter().find(|w| w.period == period) else { return Ok(None) };
    let (summary, lines) = summarize(db, organization_id, window, now).await?;
    Ok(Some(Statement { summary, lines: printed(&lines), organization_name, simulated }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn line(day: u32, hour: u32, quota: Quota, delta: i64, reason: &str) -> Line {
        Line {
            at: Utc.with_ymd_and_hms(2026, 12, day, hour, 0, 0).unwrap(),
            quota,
            delta,
            reason: reason.into(),
            consumption: delta < 0 && reason.is_empty(),
        }
    }

    #[test]
    fn grants_stay_alone_and_a_days_deliveries_are_summed_per_unit() {
        let lines = [
            line(1, 9, Quota::Contacts, 500, "Abonnement Croissance"),
            line(1, 10, Quota::Contacts, -1, ""),
            line(1, 11, Quota::Prospects, -3, ""),
            line(1, 12, Quota::Contacts, -1, ""),
            // 23:30 UTC on the 1st is the 2nd in Paris.
            line(1, 23, Quota::Contacts, -1, ""),
            line(2, 8, Quota::Contacts, -100, "Retrait par l'équipe"),
        ];
        let printed = printed(&lines);
        let shown: Vec<_> = printed.iter().map(|l| (l.date.as_str(), l.label.as_str(), l.delta)).collect();
        assert_eq!(
            shown,
            vec![
                ("01/12/2026", "Abonnement Croissance", 500),
                ("01/12/2026", "3 prospects débloqués", -3),
                ("01/12/2026", "2 entreprises contactées", -2),
                ("02/12/2026", "Retrait par l'équipe", -100),
                ("02/12/2026", "1 entreprise contactée", -1),
            ]
        );
    }
}
