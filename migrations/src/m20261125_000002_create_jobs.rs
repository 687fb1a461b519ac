use crate::cols::*;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Jobs {
    Table,
    Id,
    Kind,
    Queue,
    Payload,
    OrganizationId,
    IdempotencyKey,
    State,
    Priority,
    RunAt,
    Attempts,
    MaxAttempts,
    LeaseOwner,
    LeaseExpiresAt,
    HeartbeatAt,
    Progress,
    LastError,
    CreatedAt,
    UpdatedAt,
    FinishedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Jobs::Table)
                .col(id(Jobs::Id))
                .col(text(Jobs::Kind))
                .col(text(Jobs::Queue))
                .col(long_text(Jobs::Payload))
                .col(big_int_null(Jobs::OrganizationId))
                .col(text_null(Jobs::IdempotencyKey))
                .col(text(Jobs::State))
                .col(int(Jobs::Priority))
                .col(timestamp(Jobs::RunAt))
                .col(int(Jobs::Attempts))
                .col(int(Jobs::MaxAttempts))
                .col(text_null(Jobs::LeaseOwner))
                .col(timestamp_null(Jobs::LeaseExpiresAt))
                .col(timestamp_null(Jobs::HeartbeatAt))
                .col(ColumnDef::new(Jobs::Progress).text().null())
                .col(ColumnDef::new(Jobs::LastError).text().null())
                .col(timestamp(Jobs::CreatedAt))
                .col(timestamp(Jobs::UpdatedAt))
                .col(timestamp_null(Jobs::FinishedAt))
                .to_owned(),
        )
        .await?;
        // NULL keys never collide, so only keyed jobs are deduplicated.
        m.create_index(
            Index::create()
                .name("ux_jobs_idempotency")
                .table(Jobs::Table)
                .col(Jobs::IdempotencyKey)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("ix_jobs_claim").table(Jobs::Table).col(Jobs::State).col(Jobs::RunAt).to_owned(),
        )
        .await?;
        m.create_index(Index::create().name("ix_jobs_org").table(Jobs::Table).col(Jobs::OrganizationId).to_owned())
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Jobs::Table).to_owned()).await
    }
}
