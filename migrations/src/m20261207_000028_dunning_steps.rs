//! Dunning (SUB-5): the steps taken after a failed charge (the notice of day 0, the retries and
//! reminders of days 3 and 6, the suspension at the end of the grace), one row each, unique per
//! subscription, grace and step, so a step is taken once however often the hourly job runs.
use crate::cols::*;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Subscriptions {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum DunningSteps {
    Table,
    Id,
    SubscriptionId,
    // The grace's start, in seconds since the epoch: one dunning cycle.
    Cycle,
    Step,
    DoneAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(DunningSteps::Table)
                .col(id(DunningSteps::Id))
                .col(big_int(DunningSteps::SubscriptionId))
                .col(big_int(DunningSteps::Cycle))
                .col(int(DunningSteps::Step))
                .col(timestamp(DunningSteps::DoneAt))
                .foreign_key(&mut cascade(
                    DunningSteps::Table,
                    DunningSteps::SubscriptionId,
                    Subscriptions::Table,
                    Subscriptions::Id,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_dunning_steps_once")
                .table(DunningSteps::Table)
                .col(DunningSteps::SubscriptionId)
                .col(DunningSteps::Cycle)
                .col(DunningSteps::Step)
                .unique()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(DunningSteps::Table).to_owned()).await
    }
}
