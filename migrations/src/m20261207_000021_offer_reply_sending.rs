//! How the agent's replies of an offer leave (`offers.reply_sending`): after the client's
//! approval of the first ten then on their own (`approval_first`, what every offer did so far),
//! always after approval (`approval`), or on their own from the first (`automatic`).
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Offers {
    Table,
    ReplySending,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Offers::Table)
                .add_column(ColumnDef::new(Offers::ReplySending).text().not_null().default("approval_first"))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(Offers::Table).drop_column(Offers::ReplySending).to_owned()).await
    }
}
