use crate::cols::*;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Organizations {
    Table,
    Id,
    Name,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    OrganizationId,
    Email,
    PasswordHash,
    FirstName,
    LastName,
    Role,
    IsAdmin,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    Id,
    TokenHash,
    UserId,
    CreatedAt,
    LastSeenAt,
    ExpiresAt,
    Ip,
    UserAgent,
}

#[derive(DeriveIden)]
enum LoginAttempts {
    Table,
    Id,
    Email,
    Ip,
    Succeeded,
    AttemptedAt,
}

#[derive(DeriveIden)]
enum PasswordResets {
    Table,
    Id,
    UserId,
    TokenHash,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}

#[derive(DeriveIden)]
enum Invitations {
    Table,
    Id,
    OrganizationId,
    Email,
    TokenHash,
    InvitedBy,
    CreatedAt,
    ExpiresAt,
    AcceptedAt,
}

#[derive(DeriveIden)]
enum Notifications {
    Table,
    Id,
    OrganizationId,
    UserId,
    Title,
    Body,
    Link,
    CreatedAt,
    ReadAt,
}

#[derive(DeriveIden)]
enum SandboxMails {
    Table,
    Id,
    ToAddress,
    FromAddress,
    Subject,
    BodyText,
    SentAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Organizations::Table)
                .col(id(Organizations::Id))
                .col(text(Organizations::Name))
                .col(timestamp(Organizations::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Users::Table)
                .col(id(Users::Id))
                .col(big_int(Users::OrganizationId))
                .col(text(Users::Email))
                .col(text(Users::PasswordHash))
                .col(text(Users::FirstName))
                .col(text(Users::LastName))
                .col(text(Users::Role))
                .col(boolean(Users::IsAdmin))
                .col(timestamp(Users::CreatedAt))
                .foreign_key(&mut cascade(Users::Table, Users::OrganizationId, Organizations::Table, Organizations::Id))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("ux_users_email").table(Users::Table).col(Users::Email).unique().to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Sessions::Table)
                .col(id(Sessions::Id))
                .col(text(Sessions::TokenHash))
                .col(big_int(Sessions::UserId))
                .col(timestamp(Sessions::CreatedAt))
                .col(timestamp(Sessions::LastSeenAt))
                .col(timestamp(Sessions::ExpiresAt))
                .col(text_null(Sessions::Ip))
                .col(text_null(Sessions::UserAgent))
                .foreign_key(&mut cascade(Sessions::Table, Sessions::UserId, Users::Table, Users::Id))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_sessions_token")
                .table(Sessions::Table)
                .col(Sessions::TokenHash)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(LoginAttempts::Table)
                .col(id(LoginAttempts::Id))
                .col(text(LoginAttempts::Email))
                .col(text(LoginAttempts::Ip))
                .col(boolean(LoginAttempts::Succeeded))
                .col(timestamp(LoginAttempts::AttemptedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_login_attempts_email")
                .table(LoginAttempts::Table)
                .col(LoginAttempts::Email)
                .col(LoginAttempts::AttemptedAt)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_login_attempts_ip")
                .table(LoginAttempts::Table)
                .col(LoginAttempts::Ip)
                .col(LoginAttempts::AttemptedAt)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(PasswordResets::Table)
                .col(id(PasswordResets::Id))
                .col(big_int(PasswordResets::UserId))
                .col(text(PasswordResets::TokenHash))
                .col(timestamp(PasswordResets::CreatedAt))
                .col(timestamp(PasswordResets::ExpiresAt))
                .col(timestamp_null(PasswordResets::UsedAt))
                .foreign_key(&mut cascade(PasswordResets::Table, PasswordResets::UserId, Users::Table, Users::Id))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_password_resets_token")
                .table(PasswordResets::Table)
                .col(PasswordResets::TokenHash)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Invitations::Table)
                .col(id(Invitations::Id))
                .col(big_int(Invitations::OrganizationId))
                .col(text(Invitations::Email))
                .col(text(Invitations::TokenHash))
                .col(big_int(Invitations::InvitedBy))
                .col(timestamp(Invitations::CreatedAt))
                .col(timestamp(Invitations::ExpiresAt))
                .col(timestamp_null(Invitations::AcceptedAt))
                .foreign_key(&mut cascade(
                    Invitations::Table,
                    Invitations::OrganizationId,
                    Organizations::Table,
                    Organizations::Id,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_invitations_token")
                .table(Invitations::Table)
                .col(Invitations::TokenHash)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Notifications::Table)
                .col(id(Notifications::Id))
                .col(big_int(Notifications::OrganizationId))
                .col(big_int_null(Notifications::UserId))
                .col(text(Notifications::Title))
                .col(long_text(Notifications::Body))
                .col(text_null(Notifications::Link))
                .col(timestamp(Notifications::CreatedAt))
                .col(timestamp_null(Notifications::ReadAt))
                .foreign_key(&mut cascade(
                    Notifications::Table,
                    Notifications::OrganizationId,
                    Organizations::Table,
                    Organizations::Id,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_notifications_org")
                .table(Notifications::Table)
                .col(Notifications::OrganizationId)
                .col(Notifications::CreatedAt)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(SandboxMails::Table)
                .col(id(SandboxMails::Id))
                .col(text(SandboxMails::ToAddress))
                .col(text(SandboxMails::FromAddress))
                .col(text(SandboxMails::Subject))
                .col(long_text(SandboxMails::BodyText))
                .col(timestamp(SandboxMails::SentAt))
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            SandboxMails::Table.into_iden(),
            Notifications::Table.into_iden(),
            Invitations::Table.into_iden(),
            PasswordResets::Table.into_iden(),
            LoginAttempts::Table.into_iden(),
            Sessions::Table.into_iden(),
            Users::Table.into_iden(),
            Organizations::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
