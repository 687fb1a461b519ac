//! Changing plan mid-period: a prorated upgrade is a payment of its own, which carries the offer
//! it moves to (a copy, as subscriptions copy what they buy) until the provider says it is
//! paid; then the subscription takes that offer.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Payments {
    Table,
    ChangeTo,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Payments::Table)
                .add_column(ColumnDef::new(Payments::ChangeTo).text().null())
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(Payments::Table).drop_column(Payments::ChangeTo).to_owned()).await
    }
}
