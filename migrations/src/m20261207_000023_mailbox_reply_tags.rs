//! Per-campaign reply addresses (`camille+c12@atelier.fr`): the test message sent to a tagged
//! address when a mailbox is connected (`reply_probe`, its Message-ID, and when it left), and
//! when it was read back from the inbox (`reply_tags_verified_at`). Only a mailbox whose
//! provider delivers tagged addresses gets them as Reply-To.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Mailboxes {
    Table,
    ReplyProbe,
    ReplyProbeSentAt,
    ReplyTagsVerifiedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one at a time.
        for column in [
            ColumnDef::new(Mailboxes::ReplyProbe).text().null().to_owned(),
            ColumnDef::new(Mailboxes::ReplyProbeSentAt).timestamp_with_time_zone().null().to_owned(),
            ColumnDef::new(Mailboxes::ReplyTagsVerifiedAt).timestamp_with_time_zone().null().to_owned(),
        ] {
            m.alter_table(Table::alter().table(Mailboxes::Table).add_column(column).to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for column in [Mailboxes::ReplyTagsVerifiedAt, Mailboxes::ReplyProbeSentAt, Mailboxes::ReplyProbe] {
            m.alter_table(Table::alter().table(Mailboxes::Table).drop_column(column).to_owned()).await?;
        }
        Ok(())
    }
}
