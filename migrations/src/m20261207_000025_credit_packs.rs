//! Credit packs (SUB-7): a one-off purchase that refills one quota for an active subscription,
//! beyond what the plan includes. `payments.pack_id` names the pack a charge pays for.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum CreditPacks {
    Table,
    Id,
    Unit,
    Units,
    PriceCents,
    Archived,
}

#[derive(DeriveIden)]
enum Payments {
    Table,
    PackId,
}

/// (quota, units, price in cents excluding VAT): a little dearer per unit than the plans, as
/// overage is.
const PACKS: [(&str, i64, i64); 3] = [("contacts", 100, 9_900), ("contacts", 500, 44_900), ("prospects", 250, 4_900)];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(CreditPacks::Table)
                .col(crate::cols::id(CreditPacks::Id))
                .col(crate::cols::text(CreditPacks::Unit))
                .col(crate::cols::big_int(CreditPacks::Units))
                .col(crate::cols::big_int(CreditPacks::PriceCents))
                .col(crate::cols::boolean(CreditPacks::Archived))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Payments::Table)
                .add_column(ColumnDef::new(Payments::PackId).big_integer().null())
                .to_owned(),
        )
        .await?;
        for (unit, units, price) in PACKS {
            m.exec_stmt(
                Query::insert()
                    .into_table(CreditPacks::Table)
                    .columns([CreditPacks::Unit, CreditPacks::Units, CreditPacks::PriceCents, CreditPacks::Archived])
                    .values_panic([unit.into(), units.into(), price.into(), false.into()])
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(Payments::Table).drop_column(Payments::PackId).to_owned()).await?;
        m.drop_table(Table::drop().table(CreditPacks::Table).to_owned()).await
    }
}
