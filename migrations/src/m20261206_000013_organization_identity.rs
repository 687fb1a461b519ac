//! The organisation's legal identity, pre-filled from the company register and edited by its
//! owners: legal name, SIRET, address, NAF code and the VAT number derived from the SIREN. All
//! optional: an organisation signs up with its name alone.
use crate::cols::*;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Organizations {
    Table,
    LegalName,
    Siret,
    Street,
    Postcode,
    City,
    NafCode,
    VatNumber,
}

const COLUMNS: [Organizations; 7] = [
    Organizations::LegalName,
    Organizations::Siret,
    Organizations::Street,
    Organizations::Postcode,
    Organizations::City,
    Organizations::NafCode,
    Organizations::VatNumber,
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite's ALTER TABLE adds one at a time.
        for column in COLUMNS {
            m.alter_table(Table::alter().table(Organizations::Table).add_column(text_null(column)).to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for column in COLUMNS {
            m.alter_table(Table::alter().table(Organizations::Table).drop_column(column).to_owned()).await?;
        }
        Ok(())
    }
}
