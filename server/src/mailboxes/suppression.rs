//! The addresses no message may be sent to any more, whoever the client: a hard bounce
//! suppresses its address at once.

use super::SuppressionReason;
use super::entities::mail_suppression;
use chrono::Utc;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

/// No message goes to `address` any more (idempotent).
pub async fn suppress<C: ConnectionTrait>(db: &C, address: &str, reason: SuppressionReason) -> Result<(), DbErr> {
    mail_suppression::Entity::insert(mail_suppression::ActiveModel {
        address: Set(address.trim().to_lowercase()),
        reason: Set(reason),
        inbound_message_id: Set(None),
        created_at: Set(Utc::now()),
        ..Default::default()
    })
    .on_conflict(OnConflict::column(mail_suppression::Column::Address).do_nothing().to_owned())
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Whether no message may be sent to `address` any more.
pub async fn is_suppressed<C: ConnectionTrait>(db: &C, address: &str) -> Result<bool, DbErr> {
    let address = address.trim().to_lowercase();
    Ok(mail_suppression::Entity::find().filter(mail_suppression::Column::Address.eq(address)).one(db).await?.is_some())
}
