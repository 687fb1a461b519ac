//! Gap-free numbers per seller and series. The next number is taken by one `UPDATE … RETURNING`
//! inside the transaction that writes the document: PostgreSQL makes a second writer wait on
//! the sequence's row until the first commits or rolls back (SQLite has one writer anyway), and
//! a rollback gives the number back, so numbers follow each other with no hole and no double.

use crate::db::portable_statement;
use prospecta_shared::billing::InvoiceKind;
use sea_orm::{ConnectionTrait, DbErr};

pub async fn next<C: ConnectionTrait>(tx: &C, seller_siren: &str, kind: InvoiceKind) -> Result<i64, DbErr> {
    let backend = tx.get_database_backend();
    let key = || [seller_siren.into(), kind.series().into()];
    tx.execute(portable_statement(
        backend,
        "INSERT INTO invoice_sequences (seller_siren, series, last_number) VALUES ($1, $2, 0) \
         ON CONFLICT (seller_siren, series) DO NOTHING",
        key(),
    ))
    .await?;
    let row = tx
        .query_one(portable_statement(
            backend,
            "UPDATE invoice_sequences SET last_number = last_number + 1 \
             WHERE seller_siren = $1 AND series = $2 RETURNING last_number",
            key(),
        ))
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("invoice sequence".into()))?;
    row.try_get::<i64>("", "last_number")
}
