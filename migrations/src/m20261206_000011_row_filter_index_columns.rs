//! The prospects table's filters answered from its sort indexes: the presence flags and the
//! unlock state become trailing columns of the four sort indexes of migration 10.
//!
//! With them, a count under a filter those indexes did not cover ("without e-mail", "unlocked
//! only") and a page jumped to deep inside a filter (`OFFSET`) check each row in the index
//! instead of reading it from the table: SQLite defers the table read until a column outside
//! the index is needed, PostgreSQL checks index columns during the scan. Trailing after the id,
//! they change no order; the cost is wider index entries on every write of a row.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261206_000011_row_filter_index_columns"
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum DatabaseRows {
    Table,
    Id,
    OrganizationId,
    DatabaseId,
    DeletedAt,
    AddedAt,
    SortName,
    CityKey,
    Quality,
    HasWebsite,
    HasEmail,
    HasPhone,
    UnlockedAt,
}

/// (migration 10's index, this migration's, sort column).
const SORT_INDEXES: [(&str, &str, DatabaseRows); 4] = [
    ("ix_database_rows_by_name", "ix_database_rows_by_name_filtered", DatabaseRows::SortName),
    ("ix_database_rows_by_city", "ix_database_rows_by_city_filtered", DatabaseRows::CityKey),
    ("ix_database_rows_by_quality", "ix_database_rows_by_quality_filtered", DatabaseRows::Quality),
    ("ix_database_rows_by_added", "ix_database_rows_by_added_filtered", DatabaseRows::AddedAt),
];

const FILTERS: [DatabaseRows; 4] =
    [DatabaseRows::HasWebsite, DatabaseRows::HasEmail, DatabaseRows::HasPhone, DatabaseRows::UnlockedAt];

/// A sort index: the database, its organisation, the sort column and the id (the page's order),
/// then `filters`.
fn sort_index(name: &str, column: DatabaseRows, filters: &[DatabaseRows]) -> IndexCreateStatement {
    let mut index = Index::create();
    index
        .name(name)
        .table(DatabaseRows::Table)
        .col(DatabaseRows::DatabaseId)
        .col(DatabaseRows::OrganizationId)
        .col(column)
        .col(DatabaseRows::Id);
    for filter in filters {
        index.col(*filter);
    }
    index.and_where(Expr::col(DatabaseRows::DeletedAt).is_null()).to_owned()
}

/// The new index under its own name, then the old one dropped: never two statements about one
/// name (SQLite checks a name when it prepares a statement, and a pooled connection may prepare
/// it against the schema it last read).
async fn replace(m: &SchemaManager<'_>, create: IndexCreateStatement, drop: &str) -> Result<(), DbErr> {
    m.create_index(create).await?;
    m.drop_index(Index::drop().name(drop).table(DatabaseRows::Table).to_owned()).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (old, new, column) in SORT_INDEXES {
            replace(m, sort_index(new, column, &FILTERS), old).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (old, new, column) in SORT_INDEXES {
            replace(m, sort_index(old, column, &[]), new).await?;
        }
        Ok(())
    }
}
