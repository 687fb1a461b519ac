//! Credits (DB-5): an append-only ledger per organisation; the balance is its sum. The billing
//! capability will credit each period; until then agency admins grant credits by hand, and every
//! new organisation starts with a trial allowance (recorded at sign-up) so it can try the whole
//! journey.

use super::entities::credit_entry;
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect};

/// Credits a new organisation gets to try the product (one credit unlocks one row).
pub const TRIAL_CREDITS: i64 = 100;
const TRIAL_REASON: &str = "Crédits d'essai";

pub async fn balance<C: ConnectionTrait>(db: &C, organization_id: i64) -> Result<i64, DbErr> {
    // PostgreSQL sums BIGINT into NUMERIC: cast back so both backends answer an i64.
    let total: Option<Option<i64>> = credit_entry::Entity::find()
        .filter(credit_entry::Column::OrganizationId.eq(organization_id))
        .select_only()
        .column_as(Expr::cust("CAST(COALESCE(SUM(delta), 0) AS BIGINT)"), "total")
        .into_tuple::<Option<i64>>()
        .one(db)
        .await?;
    Ok(total.flatten().unwrap_or(0))
}

pub async fn record<C: ConnectionTrait>(
    db: &C,
    organization_id: i64,
    delta: i64,
    reason: &str,
    actor: Option<i64>,
) -> Result<(), DbErr> {
    credit_entry::Entity::insert(credit_entry::ActiveModel {
        organization_id: Set(organization_id),
        delta: Set(delta),
        reason: Set(reason.chars().take(200).collect()),
        actor_user_id: Set(actor),
        created_at: Set(Utc::now()),
        ..Default::default()
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// The trial allowance, recorded when the organisation is created.
pub async fn grant_trial<C: ConnectionTrait>(db: &C, organization_id: i64) -> Result<(), DbErr> {
    record(db, organization_id, TRIAL_CREDITS, TRIAL_REASON, None).await
}
