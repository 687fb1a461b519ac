//! The monthly token budget of an organisation: every call on an organisation is refused once
//! its tokens this month (Paris time) plus the call's estimate would pass the cap. The default
//! cap is the server's (`LLM_MONTHLY_TOKENS`); the agency raises or lowers one organisation's
//! with `prospecta llm-budget`. Concurrent calls may pass the cap by at most their own answers:
//! a call's cost is only known once answered, and refusing on an estimate is enough to bound it.

use super::usage::{Spent, spent_since};
use crate::db::entity;
use chrono::{DateTime, Datelike, TimeZone, Utc};
use chrono_tz::Europe::Paris;
use prospecta_shared::ids::OrgId;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

entity!(llm_budget, "llm_budgets", {
    organization_id: prospecta_shared::ids::OrgId,
    monthly_tokens: i64,
    updated_at: DateTimeUtc,
});

/// Midnight on the first day of `now`'s month, in Paris.
pub fn month_start(now: DateTime<Utc>) -> DateTime<Utc> {
    let local = now.with_timezone(&Paris);
    Paris
        .with_ymd_and_hms(local.year(), local.month(), 1, 0, 0, 0)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or(now)
}

/// Where an organisation stands this month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Allowance {
    pub spent: Spent,
    pub monthly_tokens: i64,
}

impl Allowance {
    pub fn remaining(&self) -> i64 {
        (self.monthly_tokens - self.spent.tokens()).max(0)
    }

    /// Whether a call estimated at `estimate` tokens may be made.
    pub fn allows(&self, estimate: i64) -> bool {
        self.spent.tokens() + estimate <= self.monthly_tokens
    }
}

/// The organisation's own cap, if the agency set one.
pub async fn own_cap<C: ConnectionTrait>(db: &C, organization_id: OrgId) -> Result<Option<i64>, DbErr> {
    Ok(llm_budget::Entity::find()
        .filter(llm_budget::Column::OrganizationId.eq(organization_id))
        .one(db)
        .await?
        .map(|b| b.monthly_tokens))
}

pub async fn allowance<C: ConnectionTrait>(
    db: &C,
    organization_id: OrgId,
    default_monthly_tokens: i64,
    now: DateTime<Utc>,
) -> Result<Allowance, DbErr> {
    Ok(Allowance {
        spent: spent_since(db, organization_id, month_start(now)).await?,
        monthly_tokens: own_cap(db, organization_id).await?.unwrap_or(default_monthly_tokens),
    })
}

/// Set an organisation's monthly cap (the agency's decision; it replaces the default).
pub async fn set_cap<C: ConnectionTrait>(db: &C, organization_id: OrgId, monthly_tokens: i64) -> Result<(), DbErr> {
    llm_budget::Entity::insert(llm_budget::ActiveModel {
        organization_id: Set(organization_id),
        monthly_tokens: Set(monthly_tokens.max(0)),
        updated_at: Set(Utc::now()),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::column(llm_budget::Column::OrganizationId)
            .update_columns([llm_budget::Column::MonthlyTokens, llm_budget::Column::UpdatedAt])
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_month_starts_at_midnight_in_paris() {
        // 30 November 23:30 UTC is already 1 December in Paris.
        let late = Utc.with_ymd_and_hms(2026, 11, 30, 23, 30, 0).unwrap();
        assert_eq!(month_start(late), Utc.with_ymd_and_hms(2026, 11, 30, 23, 0, 0).unwrap());
        let summer = Utc.with_ymd_and_hms(2026, 7, 15, 12, 0, 0).unwrap();
        assert_eq!(month_start(summer), Utc.with_ymd_and_hms(2026, 6, 30, 22, 0, 0).unwrap());
    }

    #[test]
    fn the_estimate_counts_against_the_cap() {
        let allowance =
            Allowance { spent: Spent { tokens_in: 900, tokens_out: 50, cost_micro_eur: 0 }, monthly_tokens: 1_000 };
        assert_eq!(allowance.remaining(), 50);
        assert!(allowance.allows(50));
        assert!(!allowance.allows(51));
    }
}
