//! Sandbox mode's mail: a small SMTP server and a small IMAP server on loopback, served by the
//! product itself, so that a client's "mailbox" in the sandbox goes through the real sending
//! and polling code (mail-send, async-imap, the guard). Simulated prospects ([`prospect`])
//! answer what reaches them: each company has a character (interested, a question about price,
//! an objection, a refusal, an out-of-office, an address that does not exist, a request to stop)
//! and answers the agent's replies in turn. The mailboxes' messages are rows
//! (`sandbox_inbox_messages`), so every process serves the same ones.

mod imap;
pub mod prospect;
mod smtp;

use crate::db::entity;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};
use std::net::SocketAddr;

entity!(inbox_message, "sandbox_inbox_messages", {
    address: String,
    raw: String,
    created_at: DateTimeUtc,
});

/// The password of every sandbox mailbox (said on the settings page in sandbox mode).
pub const PASSWORD: &str = "bac-a-sable";

/// Where the sandbox's mail servers listen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MailServers {
    pub smtp: SocketAddr,
    pub imap: SocketAddr,
}

/// Starts both servers on loopback (ports chosen by the system).
pub async fn serve(db: DatabaseConnection) -> std::io::Result<MailServers> {
    let smtp = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let imap = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let servers = MailServers { smtp: smtp.local_addr()?, imap: imap.local_addr()? };
    tokio::spawn(smtp::serve(smtp, db.clone()));
    tokio::spawn(imap::serve(imap, db));
    Ok(servers)
}

/// The mailbox an address delivers to: a tagged address (`camille+c12@…`) to its owner's, as
/// most providers do.
fn mailbox_of(address: &str) -> String {
    let address = address.trim().to_lowercase();
    match address.split_once('@') {
        Some((local, domain)) => format!("{}@{domain}", local.split_once('+').map_or(local, |(owner, _)| owner)),
        None => address,
    }
}

/// Puts a message in `address`'s inbox.
pub async fn deliver(db: &DatabaseConnection, address: &str, raw: &str) -> Result<(), DbErr> {
    inbox_message::Entity::insert(inbox_message::ActiveModel {
        address: Set(mailbox_of(address)),
        raw: Set(raw.to_string()),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// How many messages `address`'s inbox holds (what IDLE watches, without reading them).
async fn inbox_size(db: &DatabaseConnection, address: &str) -> Result<u64, DbErr> {
    inbox_message::Entity::find().filter(inbox_message::Column::Address.eq(mailbox_of(address))).count(db).await
}

/// `address`'s messages, oldest first: `(uid, raw)`.
async fn inbox(db: &DatabaseConnection, address: &str) -> Result<Vec<(u32, String)>, DbErr> {
    Ok(inbox_message::Entity::find()
        .filter(inbox_message::Column::Address.eq(mailbox_of(address)))
        .order_by_asc(inbox_message::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.id as u32, m.raw))
        .collect())
}
