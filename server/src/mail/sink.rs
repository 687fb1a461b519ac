use sea_orm::entity::prelude::*;
use sea_orm::{QueryOrder, QuerySelect};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sandbox_mails")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub to_address: String,
    pub from_address: String,
    pub subject: String,
    pub body_text: String,
    pub sent_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// The newest simulated mails, all of them (`to: None`, the agency's view) or those sent to one
/// address (a newcomer's own inbox), as the UI shows them.
pub async fn latest<C: ConnectionTrait>(
    db: &C,
    to: Option<&str>,
    limit: u64,
) -> Result<Vec<prospecta_shared::jobs::SandboxMail>, DbErr> {
    let mut query = Entity::find().order_by_desc(Column::Id).limit(limit);
    if let Some(to) = to {
        query = query.filter(Column::ToAddress.eq(to));
    }
    Ok(query
        .all(db)
        .await?
        .into_iter()
        .map(|m| prospecta_shared::jobs::SandboxMail {
            id: m.id,
            to: m.to_address,
            subject: m.subject,
            body_text: m.body_text,
            sent_at: crate::time::datetime_fr(m.sent_at),
        })
        .collect())
}

/// Forget the simulated mail sent to these addresses (their accounts are closed).
pub async fn forget_addresses<C: ConnectionTrait>(db: &C, addresses: &[String]) -> Result<(), DbErr> {
    Entity::delete_many().filter(Column::ToAddress.is_in(addresses.iter().cloned())).exec(db).await?;
    Ok(())
}
