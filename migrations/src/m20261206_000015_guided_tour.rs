//! The guided tour (ONB-2): when each person saw it (`users.tour_seen_at`; NULL: it opens on
//! their first visit of the dashboard). People who signed up before the tour existed are past
//! their first visit: theirs is set to their sign-up date.
use crate::cols::*;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    TourSeenAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(Users::Table).add_column(timestamp_null(Users::TourSeenAt)).to_owned())
            .await?;
        m.get_connection().execute_unprepared("UPDATE users SET tour_seen_at = created_at").await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(Users::Table).drop_column(Users::TourSeenAt).to_owned()).await
    }
}
