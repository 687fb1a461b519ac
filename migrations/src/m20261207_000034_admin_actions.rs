//! The agency's audit log (ADM): every action an admin takes in the back office (credits
//! granted, a job retried, plans, packs and price bands edited), who took it, when, on which
//! organisation.
use crate::cols::*;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AdminActions {
    Table,
    Id,
    AdminUserId,
    AdminEmail,
    Action,
    Detail,
    OrganizationId,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // No foreign keys: the log outlives the admin's account and the organisation acted on.
        m.create_table(
            Table::create()
                .table(AdminActions::Table)
                .col(id(AdminActions::Id))
                .col(big_int(AdminActions::AdminUserId))
                .col(text(AdminActions::AdminEmail))
                .col(text(AdminActions::Action))
                .col(long_text(AdminActions::Detail))
                .col(big_int_null(AdminActions::OrganizationId))
                .col(timestamp(AdminActions::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_admin_actions_created")
                .table(AdminActions::Table)
                .col(AdminActions::CreatedAt)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(AdminActions::Table).to_owned()).await
    }
}
