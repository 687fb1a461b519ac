//! Which process holds a mailbox's inbox open with IMAP IDLE (`mailboxes.watcher`), and until
//! when its lease runs (`mailboxes.watch_until`): one watcher per mailbox across processes.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Mailboxes {
    Table,
    Watcher,
    WatchUntil,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Mailboxes::Table)
                .add_column(ColumnDef::new(Mailboxes::Watcher).text().null())
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Mailboxes::Table)
                .add_column(ColumnDef::new(Mailboxes::WatchUntil).timestamp_with_time_zone().null())
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(Mailboxes::Table).drop_column(Mailboxes::WatchUntil).to_owned()).await?;
        m.alter_table(Table::alter().table(Mailboxes::Table).drop_column(Mailboxes::Watcher).to_owned()).await
    }
}
