//! The simulated web of sandbox mode: which (NAF, area) pairs the simulated sources have
//! served, so that every server process knows which company websites exist.

use crate::cols::*;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SandboxAreas {
    Table,
    /// `"<naf>|<insee>"` or `"<naf>|dep:<code>"`.
    Area,
    RegisteredAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(SandboxAreas::Table)
                .col(ColumnDef::new(SandboxAreas::Area).string().not_null().primary_key())
                .col(timestamp(SandboxAreas::RegisteredAt))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(SandboxAreas::Table).to_owned()).await
    }
}
