//! Quotas (DB-5, PRODUCT.md SUB "Units"): an append-only ledger per organisation, one line per
//! grant or consumption, each against one quota (`Quota`); a balance is the sum of its quota's
//! lines. The billing capability will credit each period; until then agency admins grant by
//! hand, and every organisation gets a trial allowance once its owner's e-mail is confirmed.
//!
//! Every consumption goes through `consume`, which serialises per organisation and writes the
//! debit only if the balance covers it, so a balance never goes negative however many
//! consumers race (tested with 20 of them for the last 5 units).

mod entities;

use chrono::Utc;
use entities::credit_entry;
use prospecta_shared::credits::{Balances, Quota};
use prospecta_shared::ids::{OrgId, UserId};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect};

/// What an organisation gets to try the product: enough prospects for a first database and
/// contacts for a first campaign, without giving away a month of the smallest plan.
/// The agent's replies: enough to carry the replies a first campaign of 50 brings.
pub const TRIAL: [(Quota, i64); 3] = [(Quota::Prospects, 100), (Quota::Contacts, 50), (Quota::AgentMessages, 20)];

fn trial_reason(quota: Quota) -> &'static str {
    match quota {
        Quota::Prospects => "Prospects d'essai",
        Quota::Contacts => "Contacts d'essai",
        Quota::AgentMessages => "Réponses de l'agent d'essai",
    }
}

/// The credits capability's error. Its reads and grants fail only with the database (`DbErr`);
/// a consumption the balance does not cover is refused, and nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum CreditsError {
    #[error("insufficient {quota:?}: {available} available, {needed} needed")]
    Insufficient { quota: Quota, available: i64, needed: i64 },
    #[error(transparent)]
    Db(#[from] DbErr),
}

impl From<CreditsError> for prospecta_shared::AppError {
    fn from(e: CreditsError) -> Self {
        match e {
            CreditsError::Insufficient { quota, available, needed } => {
                prospecta_shared::AppError::InsufficientCredits { quota, available, needed }
            }
            CreditsError::Db(e) => crate::error::internal("credits", e),
        }
    }
}

pub async fn balance<C: ConnectionTrait>(db: &C, organization_id: OrgId, quota: Quota) -> Result<i64, DbErr> {
    sum_of(db, organization_id, quota, None).await
}

/// The balance of `quota` just before `at`.
pub async fn balance_before<C: ConnectionTrait>(
    db: &C,
    organization_id: OrgId,
    quota: Quota,
    at: chrono::DateTime<Utc>,
) -> Result<i64, DbErr> {
    sum_of(db, organization_id, quota, Some(at)).await
}

/// The sum of the lines of `quota`, those written before `before` when given.
async fn sum_of<C: ConnectionTrait>(
    db: &C,
    organization_id: OrgId,
    quota: Quota,
    before: Option<chrono::DateTime<Utc>>,
) -> Result<i64, DbErr> {
    let mut lines = credit_entry::Entity::find()
        .filter(credit_entry::Column::OrganizationId.eq(organization_id))
        .filter(credit_entry::Column::Unit.eq(quota));
    if let Some(before) = before {
        lines = lines.filter(credit_entry::Column::CreatedAt.lt(before));
    }
    // PostgreSQL sums BIGINT into NUMERIC: cast back so both backends answer an i64.
    let total: Option<Option<i64>> = lines
        .select_only()
        .column_as(Expr::cust("CAST(COALESCE(SUM(delta), 0) AS BIGINT)"), "total")
        .into_tuple::<Option<i64>>()
        .one(db)
        .await?;
    Ok(total.flatten().unwrap_or(0))
}

/// One line of the ledger as the pacing reads it: when, how much, and whether it was spent
/// (a consumption has no cause; every grant has one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Movement {
    pub at: chrono::DateTime<Utc>,
    pub delta: i64,
    pub consumption: bool,
}

/// The lines of `quota` from `from` on, oldest first.
pub async fn movements_since<C: ConnectionTrait>(
    db: &C,
    organization_id: OrgId,
    quota: Quota,
    from: chrono::DateTime<Utc>,
) -> Result<Vec<Movement>, DbErr> {
    use sea_orm::QueryOrder;
    Ok(credit_entry::Entity::find()
        .filter(credit_entry::Column::OrganizationId.eq(organization_id))
        .filter(credit_entry::Column::Unit.eq(quota))
        .filter(credit_entry::Column::CreatedAt.gte(from))
        .order_by_asc(credit_entry::Column::CreatedAt)
        .order_by_asc(credit_entry::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|e| Movement { at: e.created_at, delta: e.delta, consumption: e.delta < 0 && e.cause.is_none() })
        .collect())
}

/// One line of the ledger as a statement prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub at: chrono::DateTime<Utc>,
    pub quota: Quota,
    pub delta: i64,
    pub reason: String,
    /// Spent through [`consume`] (every other line is a grant or a staff correction).
    pub consumption: bool,
}

/// Every line written from `from` (included) to `to` (excluded, none: up to now), oldest first.
pub async fn lines_between<C: ConnectionTrait>(
    db: &C,
    organization_id: OrgId,
    from: chrono::DateTime<Utc>,
    to: Option<chrono::DateTime<Utc>>,
) -> Result<Vec<Line>, DbErr> {
    use sea_orm::QueryOrder;
    let mut lines = credit_entry::Entity::find()
        .filter(credit_entry::Column::OrganizationId.eq(organization_id))
        .filter(credit_entry::Column::CreatedAt.gte(from));
    if let Some(to) = to {
        lines = lines.filter(credit_entry::Column::CreatedAt.lt(to));
    }
    Ok(lines
        .order_by_asc(credit_entry::Column::CreatedAt)
        .order_by_asc(credit_entry::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|e| Line {
            at: e.created_at,
            quota: e.unit,
            delta: e.delta,
            consumption: e.delta < 0 && e.cause.is_none(),
            reason: e.reason,
        })
        .collect())
}

pub async fn balances<C: ConnectionTrait>(db: &C, organization_id: OrgId) -> Result<Balances, DbErr> {
    let mut all = Balances::default();
    for quota in Quota::ALL {
        all.set(quota, balance(db, organization_id, quota).await?);
    }
    Ok(all)
}

/// Serialise the quota work of one organisation until the transaction ends. PostgreSQL takes a
/// transaction-scoped advisory lock named after the organisation's ledger (no other
/// capability's row is involved); SQLite has one writer, whose lock a transaction opened with
/// `crate::db::begin_write` already holds (and a plain one takes at its first write).
pub async fn lock<C: ConnectionTrait>(tx: &C, organization_id: OrgId) -> Result<(), DbErr> {
    crate::db::lock_name(tx, &format!("credit_ledger:{organization_id}")).await
}

/// The one way to spend: `n` units of `quota` for `cause`, inside the caller's transaction.
/// The debit is written only if the balance covers it, by one guarded statement after the
/// organisation's lock, so concurrent consumers can never drive the balance below zero.
pub async fn consume<C: ConnectionTrait>(
    tx: &C,
    organization_id: OrgId,
    quota: Quota,
    n: i64,
    cause: &str,
    actor: Option<UserId>,
) -> Result<(), CreditsError> {
    if n <= 0 {
        return Ok(());
    }
    lock(tx, organization_id).await?;
    let backend = tx.get_database_backend();
    let statement = crate::db::portable_statement(
        backend,
        "INSERT INTO credit_ledger (organization_id, unit, delta, reason, actor_user_id, created_at) \
         SELECT $1, $2, $3, $4, $5, $6 \
         WHERE (SELECT COALESCE(SUM(delta), 0) FROM credit_ledger WHERE organization_id = $1 AND unit = $2) >= $7",
        [
            organization_id.into(),
            quota.as_str().into(),
            (-n).into(),
            cause.chars().take(200).collect::<String>().into(),
            actor.into(),
            Utc::now().into(),
            n.into(),
        ],
    );
    if tx.execute(statement).await?.rows_affected() == 1 {
        Ok(())
    } else {
        let available = balance(tx, organization_id, quota).await?;
        Err(CreditsError::Insufficient { quota, available, needed: n })
    }
}

/// A grant (or, negative, a withdrawal by agency staff, which may leave the balance below zero
/// on purpose: staff correct mistakes, clients never spend that way). Its cause is unique to
/// it: only the lines of [`consume`] have none, which is how [`consumed_between`] tells what was
/// delivered from what staff withdrew.
pub async fn grant<C: ConnectionTrait>(
    db: &C,
    organization_id: OrgId,
    quota: Quota,
    delta: i64,
    reason: &str,
    actor: Option<UserId>,
) -> Result<(), DbErr> {
    credit_entry::Entity::insert(credit_entry::ActiveModel {
        organization_id: Set(organization_id),
        unit: Set(quota),
        delta: Set(delta),
        reason: Set(reason.chars().take(200).collect()),
        actor_user_id: Set(actor),
        cause: Set(Some(format!("grant:{}", uuid::Uuid::new_v4().simple()))),
        created_at: Set(Utc::now()),
        ..Default::default()
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// A grant written at most once for its `cause` (a payment's period, a pack): processing the
/// same cause again (a replayed webhook, a job run twice) writes nothing. Returns whether this
/// call wrote it.
pub async fn grant_once<C: ConnectionTrait>(
    db: &C,
    organization_id: OrgId,
    quota: Quota,
    delta: i64,
    reason: &str,
    cause: &str,
) -> Result<bool, DbErr> {
    let written = credit_entry::Entity::insert(credit_entry::ActiveModel {
        organization_id: Set(organization_id),
        unit: Set(quota),
        delta: Set(delta),
        reason: Set(reason.chars().take(200).collect()),
        actor_user_id: Set(None),
        cause: Set(Some(cause.to_string())),
        created_at: Set(Utc::now()),
        ..Default::default()
    })
    .on_conflict(sea_orm::sea_query::OnConflict::column(credit_entry::Column::Cause).do_nothing().to_owned())
    .exec_without_returning(db)
    .await?;
    Ok(written == 1)
}

/// The trial allowance, recorded when the owner's e-mail address is confirmed.
pub async fn grant_trial<C: ConnectionTrait>(db: &C, organization_id: OrgId) -> Result<(), DbErr> {
    for (quota, amount) in TRIAL {
        grant(db, organization_id, quota, amount, trial_reason(quota), None).await?;
    }
    Ok(())
}

/// What was delivered of `quota` between `from` (included) and `to` (excluded): the units
/// consumed, whatever balance they came from. Staff withdrawals are not deliveries.
pub async fn consumed_between<C: ConnectionTrait>(
    db: &C,
    organization_id: OrgId,
    quota: Quota,
    from: chrono::DateTime<Utc>,
    to: chrono::DateTime<Utc>,
) -> Result<i64, DbErr> {
    let total: Option<Option<i64>> = credit_entry::Entity::find()
        .filter(credit_entry::Column::OrganizationId.eq(organization_id))
        .filter(credit_entry::Column::Unit.eq(quota))
        .filter(credit_entry::Column::Delta.lt(0))
        .filter(credit_entry::Column::Cause.is_null())
        .filter(credit_entry::Column::CreatedAt.gte(from))
        .filter(credit_entry::Column::CreatedAt.lt(to))
        .select_only()
        .column_as(Expr::cust("CAST(COALESCE(-SUM(delta), 0) AS BIGINT)"), "total")
        .into_tuple::<Option<i64>>()
        .one(db)
        .await?;
    Ok(total.flatten().unwrap_or(0))
}

pub fn trial(quota: Quota) -> i64 {
    TRIAL.iter().find(|(q, _)| *q == quota).map(|(_, n)| *n).unwrap_or(0)
}
