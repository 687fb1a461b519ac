//! Notifications by e-mail (ONB-12): each notification has a kind (a question from the agent, a
//! hot lead, a meeting booked, a campaign finished, a database ready, a payment issue, or
//! another); each person chooses per kind to be e-mailed at once, in a daily digest, or only
//! in the app; every e-mail sent for a notification or a digest is recorded under a unique key
//! first, so no event is ever e-mailed twice to one person.
use crate::cols::*;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Notifications {
    Table,
    Kind,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum NotificationPreferences {
    Table,
    Id,
    UserId,
    Kind,
    Delivery,
}

#[derive(DeriveIden)]
enum NotificationEmails {
    Table,
    Id,
    UserId,
    Key,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Notifications::Table)
                .add_column(ColumnDef::new(Notifications::Kind).string().not_null().default("other"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(NotificationPreferences::Table)
                .col(id(NotificationPreferences::Id))
                .col(big_int(NotificationPreferences::UserId))
                .col(text(NotificationPreferences::Kind))
                .col(text(NotificationPreferences::Delivery))
                .foreign_key(&mut cascade(
                    NotificationPreferences::Table,
                    NotificationPreferences::UserId,
                    Users::Table,
                    Users::Id,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_notification_preferences_user_kind")
                .table(NotificationPreferences::Table)
                .col(NotificationPreferences::UserId)
                .col(NotificationPreferences::Kind)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(NotificationEmails::Table)
                .col(id(NotificationEmails::Id))
                .col(big_int(NotificationEmails::UserId))
                // `notification:42` or `digest:2026-12-07`: what the e-mail was for.
                .col(text(NotificationEmails::Key))
                .col(timestamp(NotificationEmails::CreatedAt))
                .foreign_key(&mut cascade(
                    NotificationEmails::Table,
                    NotificationEmails::UserId,
                    Users::Table,
                    Users::Id,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_notification_emails_user_key")
                .table(NotificationEmails::Table)
                .col(NotificationEmails::UserId)
                .col(NotificationEmails::Key)
                .unique()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(NotificationEmails::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(NotificationPreferences::Table).to_owned()).await?;
        m.alter_table(Table::alter().table(Notifications::Table).drop_column(Notifications::Kind).to_owned()).await
    }
}
