//! The `business` capability: the business profile with the onboarding wizard's progress
//! (`business_profiles`, one per organisation), the offers (`offers`), the offer each person
//! works in (`offer_choices`), the versions of each offer's prompts (`offer_prompts`), and the
//! offer every database and campaign belongs to.
//!
//! Data: every organisation gets its first offer ("Offre principale", position 1, aimed at a
//! meeting, its target read from its latest database), and its existing databases and campaigns
//! move into it. From then on the application gives every new organisation its first offer
//! before anything can belong to one.
use crate::cols::*;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Organizations {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum BusinessProfiles {
    Table,
    Id,
    OrganizationId,
    Activity,
    Offering,
    Customers,
    BusinessModel,
    PriceRange,
    Differentiators,
    Objections,
    Tone,
    Preferences,
    NeverPromise,
    ObjectiveKind,
    ObjectiveDetail,
    StepsDone,
    StepsSkipped,
    UpdatedBy,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Offers {
    Table,
    Id,
    OrganizationId,
    Position,
    Name,
    Description,
    TargetSector,
    TargetArea,
    Persona,
    Tone,
    ObjectiveKind,
    ObjectiveDetail,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum OfferPrompts {
    Table,
    Id,
    OrganizationId,
    OfferId,
    Role,
    Version,
    Body,
    State,
    AuthorId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum OfferChoices {
    Table,
    Id,
    UserId,
    OfferId,
}

#[derive(DeriveIden)]
enum ProspectDatabases {
    Table,
    OfferId,
}

#[derive(DeriveIden)]
enum Campaigns {
    Table,
    OfferId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(BusinessProfiles::Table)
                .col(id(BusinessProfiles::Id))
                .col(big_int(BusinessProfiles::OrganizationId))
                .col(text_null(BusinessProfiles::Activity))
                .col(ColumnDef::new(BusinessProfiles::Offering).text().null())
                .col(ColumnDef::new(BusinessProfiles::Customers).text().null())
                .col(text_null(BusinessProfiles::BusinessModel))
                .col(text_null(BusinessProfiles::PriceRange))
                .col(ColumnDef::new(BusinessProfiles::Differentiators).text().null())
                // JSON: [{objection, answer}].
                .col(ColumnDef::new(BusinessProfiles::Objections).text().not_null().default("[]"))
                .col(text_null(BusinessProfiles::Tone))
                .col(ColumnDef::new(BusinessProfiles::Preferences).text().null())
                .col(ColumnDef::new(BusinessProfiles::NeverPromise).text().null())
                .col(text_null(BusinessProfiles::ObjectiveKind))
                .col(text_null(BusinessProfiles::ObjectiveDetail))
                // Step keys, comma-separated.
                .col(ColumnDef::new(BusinessProfiles::StepsDone).string().not_null().default(""))
                .col(ColumnDef::new(BusinessProfiles::StepsSkipped).string().not_null().default(""))
                .col(big_int_null(BusinessProfiles::UpdatedBy))
                .col(timestamp(BusinessProfiles::UpdatedAt))
                .foreign_key(&mut cascade(
                    BusinessProfiles::Table,
                    BusinessProfiles::OrganizationId,
                    Organizations::Table,
                    Organizations::Id,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_business_profiles_org")
                .table(BusinessProfiles::Table)
                .col(BusinessProfiles::OrganizationId)
                .unique()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Offers::Table)
                .col(id(Offers::Id))
                .col(big_int(Offers::OrganizationId))
                .col(int(Offers::Position))
                .col(text(Offers::Name))
                .col(ColumnDef::new(Offers::Description).text().null())
                .col(text_null(Offers::TargetSector))
                .col(text_null(Offers::TargetArea))
                .col(text_null(Offers::Persona))
                .col(text(Offers::Tone))
                .col(text(Offers::ObjectiveKind))
                .col(text_null(Offers::ObjectiveDetail))
                .col(timestamp(Offers::CreatedAt))
                .col(timestamp(Offers::UpdatedAt))
                .foreign_key(&mut cascade(
                    Offers::Table,
                    Offers::OrganizationId,
                    Organizations::Table,
                    Organizations::Id,
                ))
                .to_owned(),
        )
        .await?;
        // Two requests creating an organisation's first offer at once: one wins, the other reads it.
        m.create_index(
            Index::create()
                .name("ux_offers_org_position")
                .table(Offers::Table)
                .col(Offers::OrganizationId)
                .col(Offers::Position)
                .unique()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(OfferChoices::Table)
                .col(id(OfferChoices::Id))
                .col(big_int(OfferChoices::UserId))
                .col(big_int(OfferChoices::OfferId))
                .foreign_key(&mut cascade(OfferChoices::Table, OfferChoices::UserId, Users::Table, Users::Id))
                .foreign_key(&mut cascade(OfferChoices::Table, OfferChoices::OfferId, Offers::Table, Offers::Id))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_offer_choices_user")
                .table(OfferChoices::Table)
                .col(OfferChoices::UserId)
                .unique()
                .to_owned(),
        )
        .await?;

        // Every version of the prompts of each offer's sub-agents; `author_id` NULL: written by the
        // prompt agent.
        m.create_table(
            Table::create()
                .table(OfferPrompts::Table)
                .col(id(OfferPrompts::Id))
                .col(big_int(OfferPrompts::OrganizationId))
                .col(big_int(OfferPrompts::OfferId))
                .col(text(OfferPrompts::Role))
                .col(int(OfferPrompts::Version))
                .col(ColumnDef::new(OfferPrompts::Body).text().not_null())
                .col(text(OfferPrompts::State))
                .col(big_int_null(OfferPrompts::AuthorId))
                .col(timestamp(OfferPrompts::CreatedAt))
                .foreign_key(&mut cascade(OfferPrompts::Table, OfferPrompts::OfferId, Offers::Table, Offers::Id))
                .foreign_key(&mut cascade(
                    OfferPrompts::Table,
                    OfferPrompts::OrganizationId,
                    Organizations::Table,
                    Organizations::Id,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_offer_prompts_version")
                .table(OfferPrompts::Table)
                .col(OfferPrompts::OfferId)
                .col(OfferPrompts::Role)
                .col(OfferPrompts::Version)
                .unique()
                .to_owned(),
        )
        .await?;

        // SQLite adds a column without a foreign key: the offer is checked by the application.
        m.alter_table(
            Table::alter()
                .table(ProspectDatabases::Table)
                .add_column(big_int_null(ProspectDatabases::OfferId))
                .to_owned(),
        )
        .await?;
        m.alter_table(Table::alter().table(Campaigns::Table).add_column(big_int_null(Campaigns::OfferId)).to_owned())
            .await?;
        for (name, table) in
            [("ix_prospect_databases_offer", "prospect_databases"), ("ix_campaigns_offer", "campaigns")]
        {
            m.create_index(Index::create().name(name).table(Alias::new(table)).col(Alias::new("offer_id")).to_owned())
                .await?;
        }

        // Standard SQL, the same on both backends. The first offer dates from the organisation.
        let connection = m.get_connection();
        connection
            .execute_unprepared(
                "INSERT INTO offers (organization_id, position, name, target_sector, target_area, tone, \
                 objective_kind, created_at, updated_at) \
                 SELECT o.id, 1, 'Offre principale', \
                 (SELECT d.sector FROM prospect_databases d WHERE d.organization_id = o.id \
                  ORDER BY d.created_at DESC, d.id DESC LIMIT 1), \
                 (SELECT d.target_label FROM prospect_databases d WHERE d.organization_id = o.id \
                  ORDER BY d.created_at DESC, d.id DESC LIMIT 1), \
                 'warm', 'meeting', o.created_at, o.created_at FROM organizations o",
            )
            .await?;
        for table in ["prospect_databases", "campaigns"] {
            connection
                .execute_unprepared(&format!(
                    "UPDATE {table} SET offer_id = (SELECT f.id FROM offers f \
                     WHERE f.organization_id = {table}.organization_id AND f.position = 1)"
                ))
                .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (name, table) in
            [("ix_prospect_databases_offer", "prospect_databases"), ("ix_campaigns_offer", "campaigns")]
        {
            m.drop_index(Index::drop().name(name).table(Alias::new(table)).to_owned()).await?;
        }
        m.alter_table(Table::alter().table(Campaigns::Table).drop_column(Campaigns::OfferId).to_owned()).await?;
        m.alter_table(
            Table::alter().table(ProspectDatabases::Table).drop_column(ProspectDatabases::OfferId).to_owned(),
        )
        .await?;
        m.drop_table(Table::drop().table(OfferChoices::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(OfferPrompts::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(Offers::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(BusinessProfiles::Table).to_owned()).await
    }
}
