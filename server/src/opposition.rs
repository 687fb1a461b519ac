//! The platform-wide opposition list (right to object, FORM-* and PRODUCT.md "Legal frame"):
//! every first message carries a personal link; opening it records the objection at once, for
//! the address and for the company, and no client ever contacts them again.
//!
//! Nothing readable is stored: each entry is an HMAC-SHA-256 of the normalised address (or
//! SIREN, or domain) under the deployment's hash key (`OPPOSITION_HASH_KEY`), so the list can
//! answer "has this one objected?" without being a list of addresses anyone could reuse. The
//! links are signed with another secret (`OPPOSITION_SECRET`), so they need no table and cannot
//! be forged for someone else; rotating that secret (a leak) keeps every objection recorded.

use crate::db::entity;
use crate::error::capability_error;
use async_trait::async_trait;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::Utc;
use prospecta_app::opposition::port::Opposition;
use prospecta_shared::AppError;
use prospecta_shared::error::ValidationCode;
use prospecta_shared::opposition::OppositionRecorded;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, PaginatorTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

entity!(opposition_entry, "oppositions", {
    key_hash: String,
    kind: String,
    created_at: DateTimeUtc,
});

capability_error! {
    /// What the public page fails with; `Refused` carries an invalid link or address.
    pub enum OppositionError logged as "opposition" {}
}

const BLOCK: usize = 64;

/// HMAC-SHA-256 (RFC 2104), with sha2 alone.
fn hmac(secret: &[u8], message: &[u8]) -> [u8; 32] {
    let mut key = [0u8; BLOCK];
    if secret.len() > BLOCK {
        key[..32].copy_from_slice(&Sha256::digest(secret));
    } else {
        key[..secret.len()].copy_from_slice(secret);
    }
    let pad = |byte: u8| key.iter().map(|k| k ^ byte).collect::<Vec<u8>>();
    let inner = Sha256::new().chain_update(pad(0x36)).chain_update(message).finalize();
    Sha256::new().chain_update(pad(0x5c)).chain_update(inner).finalize().into()
}

/// What can object: an address, a company (SIREN), a website domain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject<'a> {
    Email(&'a str),
    Siren(&'a str),
    Domain(&'a str),
}

impl Subject<'_> {
    fn kind(&self) -> &'static str {
        match self {
            Subject::Email(_) => "email",
            Subject::Siren(_) => "siren",
            Subject::Domain(_) => "domain",
        }
    }

    fn key_hash(&self, secret: &str) -> String {
        let value = match self {
            Subject::Email(v) | Subject::Domain(v) => v.trim().to_lowercase(),
            Subject::Siren(v) => v.chars().filter(char::is_ascii_digit).collect(),
        };
        hex::encode(hmac(secret.as_bytes(), format!("{}:{value}", self.kind()).as_bytes()))
    }
}

/// Who a link was sent to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkTarget {
    #[serde(rename = "e")]
    pub email: Option<String>,
    #[serde(rename = "s")]
    pub siren: Option<String>,
    #[serde(rename = "d")]
    pub domain: Option<String>,
}

/// The personal opt-out token of a message: payload and signature, URL-safe.
pub fn token_for(secret: &str, target: &LinkTarget) -> String {
    let payload = serde_json::to_vec(target).unwrap_or_default();
    let signature = hmac(secret.as_bytes(), &payload);
    format!("{}.{}", URL_SAFE_NO_PAD.encode(&payload), URL_SAFE_NO_PAD.encode(&signature[..16]))
}

/// The public URL of that token.
pub fn link_for(public_url: &str, secret: &str, target: &LinkTarget) -> String {
    format!("{public_url}/opposition?jeton={}", token_for(secret, target))
}

/// The address of `List-Unsubscribe` (RFC 8058): a POST records the objection at once, without
/// a page; opened in a browser, it leads to the page of [`link_for`].
pub fn one_click_link_for(public_url: &str, secret: &str, target: &LinkTarget) -> String {
    format!("{public_url}/opposition/un-clic?jeton={}", token_for(secret, target))
}

fn read_token(secret: &str, token: &str) -> Option<LinkTarget> {
    let (payload, signature) = token.trim().split_once('.')?;
    let payload = URL_SAFE_NO_PAD.decode(payload).ok()?;
    let signature = URL_SAFE_NO_PAD.decode(signature).ok()?;
    let expected = hmac(secret.as_bytes(), &payload);
    // Constant-time comparison: the signature is the only secret-dependent value here.
    let same =
        signature.len() == 16 && signature.iter().zip(&expected[..16]).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0;
    if !same {
        return None;
    }
    serde_json::from_slice(&payload).ok()
}

/// Record objections (idempotent: objecting twice keeps one entry), under the list's hash key.
pub async fn record(db: &DatabaseConnection, hash_key: &str, subjects: &[Subject<'_>]) -> Result<(), DbErr> {
    let now = Utc::now();
    for subject in subjects {
        let entry = opposition_entry::ActiveModel {
            key_hash: Set(subject.key_hash(hash_key)),
            kind: Set(subject.kind().to_string()),
            created_at: Set(now),
            ..Default::default()
        };
        opposition_entry::Entity::insert(entry)
            .on_conflict(OnConflict::column(opposition_entry::Column::KeyHash).do_nothing().to_owned())
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// Whether any of these objected: checked before every contact, whoever the client.
pub async fn is_opposed(db: &DatabaseConnection, hash_key: &str, subjects: &[Subject<'_>]) -> Result<bool, DbErr> {
    let hashes: Vec<String> = subjects.iter().map(|s| s.key_hash(hash_key)).collect();
    if hashes.is_empty() {
        return Ok(false);
    }
    let found =
        opposition_entry::Entity::find().filter(opposition_entry::Column::KeyHash.is_in(hashes)).count(db).await?;
    Ok(found > 0)
}

/// The public page's port.
pub struct OppositionService {
    db: DatabaseConnection,
    /// Verifies the links' signatures.
    link_secret: String,
    /// Keys the list's hashes.
    hash_key: String,
}

impl OppositionService {
    pub fn new(db: DatabaseConnection, link_secret: String, hash_key: String) -> Self {
        OppositionService { db, link_secret, hash_key }
    }
}

fn masked(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => format!("{}***@{domain}", local.chars().next().unwrap_or('*')),
        None => "***".into(),
    }
}

/// The port. Each method's work fails with `OppositionError`, which becomes the `AppError` the
/// visitor sees as the method answers.
#[async_trait]
impl Opposition for OppositionService {
    async fn object_by_token(&self, token: &str) -> Result<OppositionRecorded, AppError> {
        OppositionError::answer(async move {
            let target = read_token(&self.link_secret, token)
                .ok_or_else(|| AppError::validation("jeton", ValidationCode::ExpiredLink))?;
            let mut subjects = Vec::new();
            subjects.extend(target.email.as_deref().map(Subject::Email));
            subjects.extend(target.siren.as_deref().map(Subject::Siren));
            subjects.extend(target.domain.as_deref().map(Subject::Domain));
            record(&self.db, &self.hash_key, &subjects).await?;
            Ok(OppositionRecorded { masked_email: target.email.map(|e| masked(&e.trim().to_lowercase())) })
        })
        .await
    }

    async fn object_by_email(&self, email: &str) -> Result<OppositionRecorded, AppError> {
        OppositionError::answer(async move {
            let email = prospecta_shared::accounts::Email::parse("email", email)?;
            record(&self.db, &self.hash_key, &[Subject::Email(email.as_str())]).await?;
            Ok(OppositionRecorded { masked_email: Some(masked(email.as_str())) })
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_rfc_4231() {
        // Test case 2 of RFC 4231.
        let mac = hmac(b"Jefe", b"what do ya want for nothing?");
        assert_eq!(hex::encode(mac), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    #[test]
    fn tokens_are_signed_and_keys_normalised() {
        let target =
            LinkTarget { email: Some("Contact@Dupont.fr".into()), siren: Some("732829320".into()), domain: None };
        let token = token_for("s3cret", &target);
        assert_eq!(read_token("s3cret", &token), Some(target.clone()));
        assert_eq!(read_token("other", &token), None);
        let (payload, _) = token.split_once('.').unwrap();
        let forged = token_for("guess", &LinkTarget { email: Some("x@y.fr".into()), siren: None, domain: None });
        assert_eq!(read_token("s3cret", &format!("{payload}.{}", forged.split_once('.').unwrap().1)), None);
        assert_eq!(read_token("s3cret", "n'importe quoi"), None);
        assert_eq!(
            Subject::Email(" Contact@Dupont.FR ").key_hash("k"),
            Subject::Email("contact@dupont.fr").key_hash("k")
        );
        assert_ne!(Subject::Email("a@b.fr").key_hash("k"), Subject::Domain("a@b.fr").key_hash("k"));
        assert_eq!(masked("contact@dupont.fr"), "c***@dupont.fr");
    }
}
