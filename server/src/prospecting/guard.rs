//! Anti-theft (DB-10): the data is the asset. Three guards:
//! - a per-user quota of rows viewed per hour; beyond it the table pauses and agency admins
//!   are alerted once per hour and user;
//! - an audit log of every reveal of a contact field (unlock, detail panel);
//! - canary companies: synthetic but plausible records, unique to one organisation, flagged on
//!   the server only and never contacted, so a leaked list names its source.

use super::entities::{company, database_row, reveal, row_view};
use super::error::ProspectingError;
use super::sources::SourceCompany;
use super::states::FactSource;
use super::states::RevealKind;
use super::store;
use crate::accounts::{agency_admins, post_notification};
use chrono::{DateTime, Duration as ChronoDuration, DurationRound, Utc};
use prospecta_shared::AppError;
use prospecta_shared::accounts::SessionUser;
use prospecta_shared::company::{Phone, WebsiteUrl};
use prospecta_shared::ids::OrgId;
use prospecta_shared::ids::{CompanyId, DatabaseId, RowId};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect};

fn hour_start(now: DateTime<Utc>) -> DateTime<Utc> {
    now.duration_trunc(ChronoDuration::hours(1)).unwrap_or(now)
}

/// Count `rows` more rows viewed by `actor` this hour, or refuse when that would pass `limit`.
pub async fn record_views<C: ConnectionTrait>(
    db: &C,
    actor: &SessionUser,
    rows: u64,
    limit: u32,
) -> Result<(), ProspectingError> {
    let now = Utc::now();
    let hour = hour_start(now);
    let current = row_view::Entity::find()
        .filter(row_view::Column::UserId.eq(actor.user_id))
        .filter(row_view::Column::HourStart.eq(hour))
        .one(db)
        .await?;
    let viewed = current.as_ref().map(|r| r.viewed.max(0) as u64).unwrap_or(0);
    if viewed + rows > u64::from(limit) {
        if !current.as_ref().is_some_and(|r| r.alerted) {
            alert_admins(db, actor, hour, limit).await?;
        }
        let retry_after_secs = (hour + ChronoDuration::hours(1) - now).num_seconds().max(1) as u64;
        return Err(AppError::ViewLimit { limit, retry_after_secs }.into());
    }
    row_view::Entity::insert(row_view::ActiveModel {
        user_id: Set(actor.user_id),
        hour_start: Set(hour),
        viewed: Set(rows as i64),
        alerted: Set(false),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([row_view::Column::UserId, row_view::Column::HourStart])
            .value(row_view::Column::Viewed, Expr::col((row_view::Entity, row_view::Column::Viewed)).add(rows as i64))
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

async fn alert_admins<C: ConnectionTrait>(
    db: &C,
    actor: &SessionUser,
    hour: DateTime<Utc>,
    limit: u32,
) -> Result<(), DbErr> {
    tracing::warn!(user_id = %actor.user_id, organization_id = %actor.organization_id, limit, "row view limit reached");
    row_view::Entity::insert(row_view::ActiveModel {
        user_id: Set(actor.user_id),
        hour_start: Set(hour),
        viewed: Set(0),
        alerted: Set(true),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([row_view::Column::UserId, row_view::Column::HourStart])
            .update_column(row_view::Column::Alerted)
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    let body = format!(
        "{} ({}, organisation « {} ») a atteint la limite de {limit} lignes consultées en une heure. \
         La consultation est suspendue jusqu'à l'heure suivante.",
        actor.email, actor.user_id, actor.organization_name
    );
    for (admin_id, admin_org) in agency_admins(db).await? {
        post_notification(
            db,
            admin_org,
            Some(admin_id),
            prospecta_shared::notifications::NotificationKind::Other,
            "Alerte : consultation anormale",
            &body,
            Some("/admin"),
        )
        .await?;
    }
    Ok(())
}

/// One audit line per revealed row, naming the contact fields it showed.
pub async fn audit_reveals<C: ConnectionTrait>(
    db: &C,
    actor: &SessionUser,
    ip: &str,
    kind: RevealKind,
    rows: &[(RowId, CompanyId, Vec<&'static str>)],
) -> Result<(), DbErr> {
    let now = Utc::now();
    let models: Vec<reveal::ActiveModel> = rows
        .iter()
        .filter(|(_, _, fields)| !fields.is_empty())
        .map(|(row_id, company_id, fields)| reveal::ActiveModel {
            organization_id: Set(actor.organization_id),
            user_id: Set(actor.user_id),
            database_row_id: Set(*row_id),
            company_id: Set(*company_id),
            kind: Set(kind),
            fields: Set(fields.join(",")),
            ip: Set(ip.chars().take(64).collect()),
            created_at: Set(now),
            ..Default::default()
        })
        .collect();
    for chunk in models.chunks(200) {
        reveal::Entity::insert_many(chunk.to_vec()).exec_without_returning(db).await?;
    }
    Ok(())
}

/// The contact fields a company has, i.e. what showing it in clear reveals.
pub fn contact_fields(c: &company::Model) -> Vec<&'static str> {
    let mut fields = Vec::new();
    if c.street.is_some() {
        fields.push("street");
    }
    if c.phone.is_some() {
        fields.push("phone");
    }
    if c.email.is_some() {
        fields.push("email");
    }
    if c.website.is_some() {
        fields.push("website");
    }
    fields
}

const SURNAMES: &[&str] = &[
    "Morvan",
    "Lemaître",
    "Caradec",
    "Fournel",
    "Bastide",
    "Perrot",
    "Vasseur",
    "Delaunay",
    "Chabert",
    "Gallet",
    "Rouvière",
    "Tessier",
    "Marchal",
    "Pelletier",
    "Guillou",
    "Baudry",
    "Carrière",
    "Lacombe",
    "Besnard",
    "Joubert",
];
const PATTERNS: &[&str] = &["{} & Fils", "Atelier {}", "{} Services", "Maison {}", "Ets {}", "{} et Associés"];
const STREETS: &[&str] = &[
    "rue des Tilleuls",
    "avenue Jean Jaurès",
    "rue du Moulin",
    "impasse des Lilas",
    "rue Pasteur",
    "chemin des Vignes",
    "rue de la Gare",
    "allée des Érables",
];

/// A stable 64-bit mix (splitmix64): canaries must be the same on every run and machine.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// The canary companies of one organisation's database: one or two, plausible for the place
/// of the database's other rows, unique to (organisation, database).
pub fn canaries_for(
    organization_id: OrgId,
    database_id: DatabaseId,
    postal_code: &str,
    city: &str,
) -> Vec<SourceCompany> {
    let seed = mix((organization_id.0 as u64) << 32 ^ database_id.0 as u64);
    let count = 1 + (seed % 2) as usize;
    (0..count)
        .map(|i| {
            let h = mix(seed.wrapping_add(i as u64 + 1));
            let surname = SURNAMES[(h % SURNAMES.len() as u64) as usize];
            let pattern = PATTERNS[((h >> 8) % PATTERNS.len() as u64) as usize];
            let name = pattern.replace("{}", surname);
            let number = 2 + (h >> 16) % 88;
            let street = STREETS[((h >> 24) % STREETS.len() as u64) as usize];
            let phone = format!("+339{:08}", (h >> 32) % 100_000_000);
            let slug: String = super::sources::slug(surname);
            SourceCompany {
                name,
                street: Some(format!("{number} {street}")),
                postal_code: Some(postal_code.to_string()),
                city: Some(city.to_string()),
                // Both always parse ("+339" and eight digits; a .fr domain): no canary lacks them.
                phones: Phone::parse("phone", &phone).ok().into_iter().collect(),
                website: WebsiteUrl::parse("website", &format!("https://www.{slug}-{:04x}.fr/", (h >> 48) & 0xffff))
                    .ok(),
                email: Some(format!("contact@{slug}-{:04x}.fr", (h >> 48) & 0xffff)),
                source_url: String::new(),
                ..Default::default()
            }
        })
        .collect()
}

/// Plant the canaries in a database (once: their keys are stable, rows are unique).
pub async fn plant_canaries<C: ConnectionTrait>(
    db: &C,
    organization_id: OrgId,
    database_id: DatabaseId,
) -> Result<(), DbErr> {
    // Borrow the place of a real row so the canary blends in.
    let some_rows: Vec<i64> = database_row::Entity::find()
        .filter(database_row::Column::DatabaseId.eq(database_id))
        .select_only()
        .column(database_row::Column::CompanyId)
        .limit(50)
        .into_tuple()
        .all(db)
        .await?;
    let place: Option<(String, String)> = company::Entity::find()
        .filter(company::Column::Id.is_in(some_rows))
        .filter(company::Column::PostalCode.is_not_null())
        .filter(company::Column::City.is_not_null())
        .select_only()
        .columns([company::Column::PostalCode, company::Column::City])
        .into_tuple()
        .one(db)
        .await?;
    let Some((postal_code, city)) = place else { return Ok(()) };
    for (i, canary) in canaries_for(organization_id, database_id, &postal_code, &city).iter().enumerate() {
        let key = format!("canary:{organization_id}:{database_id}:{i}");
        if company::Entity::find().filter(company::Column::DedupKey.eq(key.as_str())).one(db).await?.is_some() {
            continue;
        }
        let merged = store::merge_as(db, FactSource::Canary, canary, Some(organization_id)).await?;
        company::Entity::update_many()
            .col_expr(company::Column::DedupKey, Expr::value(key))
            .col_expr(company::Column::CanaryOrgId, Expr::value(organization_id))
            .filter(company::Column::Id.eq(merged.company_id))
            .exec(db)
            .await?;
        super::rows::add_rows(db, organization_id, database_id, &[merged.company_id]).await?;
    }
    Ok(())
}

/// Which organisation a leaked record betrays, if it is one of our canaries.
pub async fn trace_leak<C: ConnectionTrait>(db: &C, name: &str, postal_code: &str) -> Result<Option<i64>, DbErr> {
    company::Entity::find()
        .filter(company::Column::CanaryOrgId.is_not_null())
        .filter(company::Column::NormalizedName.eq(store::normalized_name(name)))
        .filter(company::Column::PostalCode.eq(postal_code))
        .select_only()
        .column(company::Column::CanaryOrgId)
        .into_tuple::<Option<i64>>()
        .one(db)
        .await
        .map(Option::flatten)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canaries_are_stable_and_differ_between_organisations() {
        let a = canaries_for(OrgId(1), DatabaseId(10), "69003", "Lyon");
        let b = canaries_for(OrgId(2), DatabaseId(10), "69003", "Lyon");
        assert_eq!(a, canaries_for(OrgId(1), DatabaseId(10), "69003", "Lyon"));
        assert!((1..=2).contains(&a.len()));
        assert_ne!(a.iter().map(|c| &c.email).collect::<Vec<_>>(), b.iter().map(|c| &c.email).collect::<Vec<_>>());
        assert!(a.iter().all(|c| c.phones[0].as_str().starts_with("+339") && c.phones[0].as_str().len() == 12));
    }
}
