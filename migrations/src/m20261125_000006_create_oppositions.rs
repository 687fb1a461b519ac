//! The platform-wide opposition list (right to object, PRODUCT.md "Legal frame"): keyed hashes
//! of the addresses and companies that objected, never the addresses themselves.
use crate::cols::*;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Oppositions {
    Table,
    Id,
    KeyHash,
    Kind,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Oppositions::Table)
                .col(id(Oppositions::Id))
                .col(text(Oppositions::KeyHash))
                .col(text(Oppositions::Kind))
                .col(timestamp(Oppositions::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_oppositions_key")
                .table(Oppositions::Table)
                .col(Oppositions::KeyHash)
                .unique()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Oppositions::Table).to_owned()).await
    }
}
