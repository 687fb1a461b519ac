//! Database connection: SQLite by default, PostgreSQL when `DATABASE_URL` says so. Migrations
//! run at start-up.

use prospecta_migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr};
use std::time::Duration;

pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    let mut options = ConnectOptions::new(url.to_string());
    options.sqlx_logging(false).connect_timeout(Duration::from_secs(10)).acquire_timeout(Duration::from_secs(30));
    if url.starts_with("sqlite:") {
        // One writer at a time is SQLite's rule; a small pool avoids lock storms.
        options.max_connections(8).min_connections(1);
    } else {
        options.max_connections(20).min_connections(1);
    }
    let db = Database::connect(options).await?;
    if db.get_database_backend() == DbBackend::Sqlite {
        // WAL (a property of the file) lets readers run while a worker writes. sqlx already
        // turns foreign keys on and waits 5 s on a busy database for every connection.
        db.execute_unprepared("PRAGMA journal_mode=WAL").await?;
    }
    Ok(db)
}

/// Runs `select_for_update` (a `SELECT … WHERE id = $1 FOR UPDATE` of the caller's own table)
/// on PostgreSQL, so the row stays locked until the transaction ends. SQLite needs nothing: its
/// one writer already serialises a transaction opened with [`begin_write`].
pub async fn lock_row<C: ConnectionTrait>(
    tx: &C,
    select_for_update: &str,
    id: impl Into<sea_orm::Value>,
) -> Result<(), DbErr> {
    if tx.get_database_backend() == DbBackend::Postgres {
        tx.execute(portable_statement(DbBackend::Postgres, select_for_update, [id.into()])).await?;
    }
    Ok(())
}

/// Serialises, until the transaction ends, every transaction that asks for the same `name`:
/// a PostgreSQL advisory lock, for work that has no row of its own to lock. SQLite needs
/// nothing, as for [`lock_row`].
pub async fn lock_name<C: ConnectionTrait>(tx: &C, name: &str) -> Result<(), DbErr> {
    if tx.get_database_backend() == DbBackend::Postgres {
        let sql = "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))";
        tx.execute(portable_statement(DbBackend::Postgres, sql, [name.into()])).await?;
    }
    Ok(())
}

/// A transaction that will write, holding SQLite's write lock from its first statement.
///
/// SQLite (WAL) starts a transaction as a reader; if another connection commits before our
/// first write, that write fails at once with "database is locked" (`SQLITE_BUSY_SNAPSHOT`: the
/// busy timeout cannot help a stale snapshot). Concurrent jobs merging companies hit exactly
/// that. SeaORM has no `BEGIN IMMEDIATE`, so the transaction opens with a write that changes
/// nothing: taking the write lock then waits politely (busy timeout) instead of failing later.
/// PostgreSQL needs nothing of the sort.
pub async fn begin_write(db: &DatabaseConnection) -> Result<sea_orm::DatabaseTransaction, DbErr> {
    use sea_orm::TransactionTrait;
    let tx = db.begin().await?;
    if tx.get_database_backend() == DbBackend::Sqlite {
        tx.execute_unprepared("DELETE FROM seaql_migrations WHERE 1 = 0").await?;
    }
    Ok(tx)
}

/// A statement for either backend, written with PostgreSQL's `$n` placeholders: SQLite gets
/// `?n`, which also lets one value appear twice.
pub fn portable_statement<I>(backend: DbBackend, sql: &str, values: I) -> sea_orm::Statement
where
    I: IntoIterator<Item = sea_orm::Value>,
{
    let sql = if backend == DbBackend::Postgres { sql.to_string() } else { sql.replace('$', "?") };
    sea_orm::Statement::from_sql_and_values(backend, sql, values)
}

pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}

pub async fn connect_and_migrate(url: &str) -> Result<DatabaseConnection, DbErr> {
    let db = connect(url).await?;
    migrate(&db).await?;
    Ok(db)
}

/// A SeaORM entity with a primary key `id` (an `i64`, or the id type given after the table's
/// name) and the given columns, in one line per table.
macro_rules! entity {
    ($module:ident, $table:literal, { $($field:ident : $ty:ty),* $(,)? }) => {
        $crate::db::entity!($module, $table, i64, { $($field: $ty),* });
    };
    ($module:ident, $table:literal, $id:ty, { $($field:ident : $ty:ty),* $(,)? }) => {
        pub mod $module {
            use sea_orm::entity::prelude::*;

            #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
            #[sea_orm(table_name = $table)]
            pub struct Model {
                #[sea_orm(primary_key)]
                pub id: $id,
                $(pub $field: $ty,)*
            }

            #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
            pub enum Relation {}

            impl ActiveModelBehavior for ActiveModel {}
        }
    };
}
pub(crate) use entity;
