//! The prospects table at 100 000 rows: what the table filters and sorts on is copied onto the
//! client's rows (from the shared company they show), so that filtering, sorting and counting
//! read `database_rows` alone, through indexes per database; and each database carries a
//! revision, bumped by every change to its rows, under which the counts per filter are cached.
//!
//! The sort indexes are partial (`deleted_at IS NULL`: the bin is small and has its own), and
//! lead with the database and its organisation, so that a page, deep or not, is read from the
//! index in order.

use crate::cols::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261206_000010_row_table_columns"
    }
}

#[derive(DeriveIden)]
enum DatabaseRows {
    Table,
    Id,
    OrganizationId,
    DatabaseId,
    DeletedAt,
    AddedAt,
    SortName,
    CityKey,
    PostalCode,
    HasWebsite,
    HasEmail,
    HasPhone,
    Quality,
}

#[derive(DeriveIden)]
enum ProspectDatabases {
    Table,
    RowsRevision,
}

/// (index name, sort column).
const SORT_INDEXES: [(&str, DatabaseRows); 4] = [
    ("ix_database_rows_by_name", DatabaseRows::SortName),
    ("ix_database_rows_by_city", DatabaseRows::CityKey),
    ("ix_database_rows_by_quality", DatabaseRows::Quality),
    ("ix_database_rows_by_added", DatabaseRows::AddedAt),
];

fn new_columns() -> Vec<ColumnDef> {
    vec![
        ColumnDef::new(DatabaseRows::SortName).string().not_null().default("").to_owned(),
        // "" when the town is unknown: NULLs sort first in SQLite and last in PostgreSQL.
        ColumnDef::new(DatabaseRows::CityKey).string().not_null().default("").to_owned(),
        text_null(DatabaseRows::PostalCode),
        boolean(DatabaseRows::HasWebsite),
        boolean(DatabaseRows::HasEmail),
        boolean(DatabaseRows::HasPhone),
        ColumnDef::new(DatabaseRows::Quality).integer().not_null().default(0).to_owned(),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one thing at a time.
        for column in new_columns() {
            m.alter_table(Table::alter().table(DatabaseRows::Table).add_column(column).to_owned()).await?;
        }
        m.alter_table(
            Table::alter()
                .table(ProspectDatabases::Table)
                .add_column(ColumnDef::new(ProspectDatabases::RowsRevision).big_integer().not_null().default(0))
                .to_owned(),
        )
        .await?;
        // Existing rows take their company's values (standard SQL, the same on both backends).
        m.get_connection()
            .execute_unprepared(
                "UPDATE database_rows SET \
                 sort_name = (SELECT c.normalized_name FROM companies c WHERE c.id = database_rows.company_id), \
                 city_key = (SELECT COALESCE(LOWER(c.city), '') FROM companies c WHERE c.id = database_rows.company_id), \
                 postal_code = (SELECT c.postal_code FROM companies c WHERE c.id = database_rows.company_id), \
                 has_website = (SELECT c.website IS NOT NULL FROM companies c WHERE c.id = database_rows.company_id), \
                 has_email = (SELECT c.email IS NOT NULL FROM companies c WHERE c.id = database_rows.company_id), \
                 has_phone = (SELECT c.phone IS NOT NULL FROM companies c WHERE c.id = database_rows.company_id), \
                 quality = (SELECT c.quality FROM companies c WHERE c.id = database_rows.company_id)",
            )
            .await?;
        for (name, column) in SORT_INDEXES {
            m.create_index(
                Index::create()
                    .name(name)
                    .table(DatabaseRows::Table)
                    .col(DatabaseRows::DatabaseId)
                    .col(DatabaseRows::OrganizationId)
                    .col(column)
                    .col(DatabaseRows::Id)
                    .and_where(Expr::col(DatabaseRows::DeletedAt).is_null())
                    .to_owned(),
            )
            .await?;
        }
        m.create_index(
            Index::create()
                .name("ix_database_rows_bin")
                .table(DatabaseRows::Table)
                .col(DatabaseRows::DatabaseId)
                .col(DatabaseRows::DeletedAt)
                .and_where(Expr::col(DatabaseRows::DeletedAt).is_not_null())
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for name in SORT_INDEXES.map(|(name, _)| name).into_iter().chain(["ix_database_rows_bin"]) {
            m.drop_index(Index::drop().name(name).table(DatabaseRows::Table).to_owned()).await?;
        }
        for column in [
            DatabaseRows::SortName,
            DatabaseRows::CityKey,
            DatabaseRows::PostalCode,
            DatabaseRows::HasWebsite,
            DatabaseRows::HasEmail,
            DatabaseRows::HasPhone,
            DatabaseRows::Quality,
        ] {
            m.alter_table(Table::alter().table(DatabaseRows::Table).drop_column(column).to_owned()).await?;
        }
        m.alter_table(
            Table::alter().table(ProspectDatabases::Table).drop_column(ProspectDatabases::RowsRevision).to_owned(),
        )
        .await
    }
}
