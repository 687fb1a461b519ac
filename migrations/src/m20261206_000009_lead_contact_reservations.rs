//! Each reservation of a campaign contact gets its own number, so that the submission job of a
//! contact put back in the queue (PAUSE then PLAY, a postponement, a browser failure before the
//! click) has a new idempotency key instead of colliding with the finished job of the earlier
//! reservation and being dropped.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261206_000009_lead_contact_reservations"
    }
}

#[derive(DeriveIden)]
enum CampaignContacts {
    Table,
    Reservations,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(CampaignContacts::Table)
                    .add_column(ColumnDef::new(CampaignContacts::Reservations).integer().not_null().default(0))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter().table(CampaignContacts::Table).drop_column(CampaignContacts::Reservations).to_owned(),
            )
            .await
    }
}
