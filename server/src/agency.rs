//! The agency's platform indicators (ADM), read from the views made for BI tools (migration 33:
//! client organisations only), so the back office and an external BI tool count alike. Callers
//! have checked the admin role.

use chrono::{Duration, Utc};
use prospecta_shared::agency::{DayActivity, LlmLine, MapPoint, PlatformKpis};
use prospecta_shared::results::Funnel;
use sea_orm::{ConnectionTrait, DbErr, QueryResult, Value};
use std::collections::BTreeMap;

/// How many clients the language-model table names, the most costly first.
const LLM_CLIENTS_SHOWN: usize = 10;

async fn rows<C: ConnectionTrait>(
    db: &C,
    sql: &str,
    values: impl IntoIterator<Item = Value>,
) -> Result<Vec<QueryResult>, DbErr> {
    db.query_all(crate::db::portable_statement(db.get_database_backend(), sql, values)).await
}

/// A count or a sum, whatever integer type the backend gives it (PostgreSQL sums as NUMERIC).
fn number(row: &QueryResult, column: &str) -> i64 {
    row.try_get::<i64>("", column)
        .or_else(|_| row.try_get::<Option<i64>>("", column).map(Option::unwrap_or_default))
        .unwrap_or_default()
}

pub async fn kpis<C: ConnectionTrait>(db: &C) -> Result<PlatformKpis, DbErr> {
    let totals = rows(
        db,
        "SELECT CAST(COUNT(*) AS BIGINT) AS clients, \
                CAST(SUM(CASE WHEN subscription_status IN ('active', 'past_due') THEN 1 ELSE 0 END) AS BIGINT) AS paying, \
                CAST(SUM(CASE WHEN subscription_status = 'canceled' THEN 1 ELSE 0 END) AS BIGINT) AS churned, \
                CAST(COALESCE(SUM(mrr_cents_ht), 0) AS BIGINT) AS mrr \
         FROM bi_clients",
        [],
    )
    .await?;
    let total = totals.first();
    let get = |column: &str| total.map_or(0, |r| number(r, column));

    // The last 30 days, today included (UTC days, as the views write them).
    let today = Utc::now().date_naive();
    let first = today - Duration::days(29);
    let mut days: BTreeMap<String, DayActivity> = (0..30)
        .map(|n| first + Duration::days(n))
        .map(|d| {
            (
                d.format("%Y-%m-%d").to_string(),
                DayActivity { label: d.format("%d/%m").to_string(), forms: 0, emails: 0 },
            )
        })
        .collect();
    let since: Value = first.format("%Y-%m-%d").to_string().into();
    for r in rows(
        db,
        "SELECT day, CAST(SUM(sent) AS BIGINT) AS n FROM bi_daily_outreach WHERE channel = 'form' AND day >= $1 GROUP BY day",
        [since.clone()],
    )
    .await?
    {
        let day: String = r.try_get("", "day")?;
        if let Some(d) = days.get_mut(&day) {
            d.forms = number(&r, "n").max(0) as u64;
        }
    }
    for r in rows(
        db,
        "SELECT day, CAST(SUM(sent) AS BIGINT) AS n FROM bi_daily_emails WHERE day >= $1 GROUP BY day",
        [since.clone()],
    )
    .await?
    {
        let day: String = r.try_get("", "day")?;
        if let Some(d) = days.get_mut(&day) {
            d.emails = number(&r, "n").max(0) as u64;
        }
    }

    let llm_line = |r: &QueryResult, label: String| LlmLine {
        label,
        tokens: number(r, "tokens"),
        cost_micro_eur: number(r, "cost"),
    };
    let mut llm_by_client = Vec::new();
    for r in rows(
        db,
        "SELECT c.name AS name, CAST(SUM(l.tokens_in + l.tokens_out) AS BIGINT) AS tokens, \
                CAST(SUM(l.cost_micro_eur) AS BIGINT) AS cost \
         FROM bi_daily_llm l JOIN bi_clients c ON c.organization_id = l.organization_id \
         WHERE l.day >= $1 GROUP BY c.organization_id, c.name ORDER BY cost DESC, tokens DESC",
        [since.clone()],
    )
    .await?
    .iter()
    .take(LLM_CLIENTS_SHOWN)
    {
        llm_by_client.push(llm_line(r, r.try_get("", "name")?));
    }
    let mut llm_by_feature = Vec::new();
    for r in rows(
        db,
        "SELECT feature, CAST(SUM(tokens_in + tokens_out) AS BIGINT) AS tokens, CAST(SUM(cost_micro_eur) AS BIGINT) AS cost \
         FROM bi_daily_llm WHERE day >= $1 GROUP BY feature ORDER BY cost DESC, tokens DESC",
        [since],
    )
    .await?
    {
        let feature: String = r.try_get("", "feature")?;
        let label = crate::llm::usage::LlmFeature::parse(&feature).map_or(feature.clone(), |f| f.label_fr().to_string());
        llm_by_feature.push(llm_line(&r, label));
    }

    let funnel = rows(
        db,
        "SELECT CAST(COALESCE(SUM(prospects), 0) AS BIGINT) AS prospects, CAST(COALESCE(SUM(contacted), 0) AS BIGINT) AS contacted, \
                CAST(COALESCE(SUM(replied), 0) AS BIGINT) AS replied, CAST(COALESCE(SUM(interested), 0) AS BIGINT) AS interested \
         FROM bi_campaign_funnel",
        [],
    )
    .await?;
    let meetings = rows(
        db,
        "SELECT CAST(COUNT(*) AS BIGINT) AS meetings, \
                CAST(SUM(CASE WHEN deal = 'signed' THEN 1 ELSE 0 END) AS BIGINT) AS signed, \
                CAST(COALESCE(SUM(CASE WHEN deal = 'signed' THEN signed_amount_cents_ht ELSE 0 END), 0) AS BIGINT) AS revenue \
         FROM bi_meetings WHERE status = 'booked'",
        [],
    )
    .await?;
    let count = |rows: &[QueryResult], column: &str| rows.first().map_or(0, |r| number(r, column)).max(0) as u64;
    let success = Funnel {
        prospects: count(&funnel, "prospects"),
        contacted: count(&funnel, "contacted"),
        replied: count(&funnel, "replied"),
        interested: count(&funnel, "interested"),
        meetings: count(&meetings, "meetings"),
        signed: count(&meetings, "signed"),
        revenue_cents: meetings.first().map_or(0, |r| number(r, "revenue")),
    };
    let (map, unplaced) = clients_map(db).await?;
    Ok(PlatformKpis {
        clients: get("clients").max(0) as u64,
        paying: get("paying").max(0) as u64,
        churned: get("churned").max(0) as u64,
        mrr_cents_ht: get("mrr"),
        days: days.into_values().collect(),
        llm_by_client,
        llm_by_feature,
        success,
        map,
        unplaced,
    })
}

/// The clients' communes from their postcode and city, each with how many clients it has.
async fn clients_map<C: ConnectionTrait>(db: &C) -> Result<(Vec<MapPoint>, u64), DbErr> {
    let taxonomy = crate::prospecting::taxonomy::Taxonomy::get();
    let mut communes: BTreeMap<String, MapPoint> = BTreeMap::new();
    let mut unplaced = 0;
    for r in rows(db, "SELECT postcode, city FROM bi_clients", []).await? {
        let postcode: Option<String> = r.try_get("", "postcode")?;
        let city: Option<String> = r.try_get("", "city")?;
        let found = match (postcode, city) {
            (Some(postcode), Some(city)) => taxonomy.find_commune(&postcode, &city),
            _ => None,
        };
        let Some(commune) = found else {
            unplaced += 1;
            continue;
        };
        let point = communes.entry(commune.insee.clone()).or_insert_with(|| MapPoint {
            label: commune.name.clone(),
            lat: commune.lat,
            lon: commune.lon,
            clients: 0,
        });
        point.clients += 1;
    }
    let mut points: Vec<MapPoint> = communes
        .into_values()
        .map(|mut p| {
            p.label = format!("{} : {} client{}", p.label, p.clients, if p.clients > 1 { "s" } else { "" });
            p
        })
        .collect();
    points.sort_by(|a, b| b.clients.cmp(&a.clients).then_with(|| a.label.cmp(&b.label)));
    Ok((points, unplaced))
}
