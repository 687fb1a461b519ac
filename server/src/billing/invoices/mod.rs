//! Invoices and credit notes (ONB-5). Money received is invoiced in the transaction that
//! records it ([`super::sync`]), money paid back gets a credit note in the transaction that
//! records the refund. Each document copies both parties and what it bills on the day it is
//! issued and never changes afterwards; its PDF ([`pdf`]) and its Factur-X XML ([`facturx`])
//! are drawn from that copy whenever they are downloaded, so they always agree.

pub mod download;
pub mod facturx;
pub mod numbering;
pub mod pdf;

use super::entities::{invoice, payment};
use crate::config::SellerConfig;
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Europe::Paris;
use prospecta_shared::billing::{InvoiceKind, InvoiceRow, VAT_PERCENT};
use prospecta_shared::ids::{InvoiceId, OrgId};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};

/// One side of a document, as printed on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Party {
    pub name: String,
    /// Legal form and capital (the seller's).
    pub legal_form: Option<String>,
    pub street: Option<String>,
    pub postcode: Option<String>,
    pub city: Option<String>,
    pub siren: Option<String>,
    pub vat_number: Option<String>,
    /// Trade register (the seller's), "RCS Paris".
    pub registry: Option<String>,
    pub email: Option<String>,
}

impl Party {
    pub fn seller(config: &SellerConfig) -> Self {
        Party {
            name: config.legal_name.clone(),
            legal_form: Some(config.legal_form.clone()),
            street: Some(config.street.clone()),
            postcode: Some(config.postcode.clone()),
            city: Some(config.city.clone()),
            siren: Some(config.siren.clone()),
            vat_number: prospecta_shared::organization::vat_number(&config.siren),
            registry: Some(config.registry.clone()),
            email: Some(config.email.clone()),
        }
    }

    /// The client's organisation: its legal name when it gave one, its SIREN from its SIRET.
    pub fn buyer(details: prospecta_shared::organization::OrganizationDetails) -> Self {
        Party {
            name: details.legal_name.unwrap_or(details.name),
            legal_form: None,
            street: details.street,
            postcode: details.postcode,
            city: details.city,
            siren: details.siret.as_deref().and_then(|siret| siret.get(..9)).map(str::to_string),
            vat_number: details.vat_number,
            registry: None,
            email: None,
        }
    }

    /// "75001 Paris", when both are known.
    pub fn town(&self) -> Option<String> {
        match (&self.postcode, &self.city) {
            (Some(postcode), Some(city)) => Some(format!("{postcode} {city}")),
            (None, Some(city)) => Some(city.clone()),
            _ => None,
        }
    }
}

/// Whether the organisation's identity is enough to invoice it: a legal name and an address.
pub async fn buyer_identified<C: ConnectionTrait>(db: &C, organization_id: OrgId) -> Result<bool, DbErr> {
    let details = crate::accounts::directory::organization_details(db, organization_id).await?;
    Ok(details.is_some_and(|d| {
        let given = |v: &Option<String>| v.as_deref().is_some_and(|v| !v.trim().is_empty());
        given(&d.legal_name) && given(&d.street) && given(&d.postcode) && given(&d.city)
    }))
}

/// Who issues the documents, and whether they are the sandbox's (no legal value).
#[derive(Debug, Clone)]
pub struct Issuer {
    pub seller: SellerConfig,
    pub sandbox: bool,
}

impl Issuer {
    /// The configured seller; none while payments are not open.
    pub fn of(app: &crate::state::AppState) -> Option<Self> {
        let seller = app.config.billing.seller.clone()?;
        Some(Issuer { seller, sandbox: app.config.mode == crate::config::Mode::Sandbox })
    }
}

/// A document as it was issued: what the PDF and the XML are drawn from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub kind: InvoiceKind,
    pub reference: String,
    pub corrects: Option<String>,
    pub issued_at: DateTime<Utc>,
    pub seller: Party,
    pub buyer: Party,
    pub description: String,
    /// First and last day billed (inclusive), Paris time.
    pub period: Option<(NaiveDate, NaiveDate)>,
    pub net_cents: i64,
    pub vat_cents: i64,
    pub gross_cents: i64,
    pub vat_percent: i64,
    pub currency: String,
    pub sandbox: bool,
}

impl Document {
    fn from_row(row: invoice::Model) -> Result<Self, DbErr> {
        let party =
            |json: &str| serde_json::from_str::<Party>(json).map_err(|e| DbErr::Custom(format!("invoice party: {e}")));
        let day = |at: DateTime<Utc>| at.with_timezone(&Paris).date_naive();
        Ok(Document {
            seller: party(&row.seller)?,
            buyer: party(&row.buyer)?,
            period: row
                .period_start
                .zip(row.period_end)
                .map(|(from, to)| (day(from), day(to - chrono::Duration::days(1)))),
            kind: row.kind,
            reference: row.reference,
            corrects: row.corrects_reference,
            issued_at: row.issued_at,
            description: row.description,
            net_cents: row.net_cents,
            vat_cents: row.vat_cents,
            gross_cents: row.gross_cents,
            vat_percent: i64::from(row.vat_percent),
            currency: row.currency,
            sandbox: row.sandbox,
        })
    }

    /// The day of issue, Paris time.
    pub fn issued_on(&self) -> NaiveDate {
        self.issued_at.with_timezone(&Paris).date_naive()
    }

    /// The download's file name, `facture-F-000042.pdf`.
    pub fn file_name(&self) -> String {
        let kind = match self.kind {
            InvoiceKind::Invoice => "facture",
            InvoiceKind::CreditNote => "avoir",
        };
        format!("{kind}-{}.pdf", self.reference)
    }
}

/// The net and VAT parts of an amount paid VAT included, at the French standard rate: the
/// VAT is what remains once the net is rounded to the cent, so the parts always add up.
pub fn split_gross(gross_cents: i64) -> (i64, i64) {
    let net = (gross_cents * 100 + (100 + VAT_PERCENT) / 2) / (100 + VAT_PERCENT);
    (net, gross_cents - net)
}

/// What a paid payment bills.
pub struct Billed {
    pub description: String,
    pub period: Option<(DateTime<Utc>, DateTime<Utc>)>,
}

/// The invoice of a paid payment, issued once: a replay finds it and issues nothing.
pub async fn invoice_payment<C: ConnectionTrait>(
    tx: &C,
    issuer: &Issuer,
    paid: &payment::Model,
    billed: Billed,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let source = format!("payment:{}", paid.id);
    if by_source(tx, &source).await?.is_some() {
        return Ok(());
    }
    let details = crate::accounts::directory::organization_details(tx, paid.organization_id)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("invoiced organisation".into()))?;
    let (net, vat) = split_gross(paid.amount_cents);
    let number = numbering::next(tx, &issuer.seller.siren, InvoiceKind::Invoice).await?;
    insert(
        tx,
        invoice::ActiveModel {
            organization_id: Set(Some(paid.organization_id)),
            payment_id: Set(Some(paid.id)),
            kind: Set(InvoiceKind::Invoice),
            corrects_reference: Set(None),
            seller: Set(json(&Party::seller(&issuer.seller))?),
            buyer: Set(json(&Party::buyer(details))?),
            description: Set(billed.description),
            period_start: Set(billed.period.map(|(from, _)| from)),
            period_end: Set(billed.period.map(|(_, to)| to)),
            net_cents: Set(net),
            vat_cents: Set(vat),
            gross_cents: Set(paid.amount_cents),
            currency: Set(paid.currency.clone()),
            source: Set(source),
            ..numbered(issuer, InvoiceKind::Invoice, number, now)
        },
    )
    .await
}

/// The credit note of a payment paid back in full, issued once, cancelling its invoice (none
/// when the payment was never invoiced).
pub async fn credit_refund<C: ConnectionTrait>(
    tx: &C,
    issuer: &Issuer,
    refunded: &payment::Model,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let Some(original) = by_source(tx, &format!("payment:{}", refunded.id)).await? else { return Ok(()) };
    let description = format!("Remboursement : {}", original.description);
    let gross = original.gross_cents;
    credit(tx, issuer, original, gross, description, format!("refund:{}", refunded.id), now).await
}

/// A credit note for part of a payment paid back (a downgrade's prorated difference), once per
/// `source`.
pub async fn credit_part<C: ConnectionTrait>(
    tx: &C,
    issuer: &Issuer,
    paid: &payment::Model,
    gross_cents: i64,
    description: &str,
    source: &str,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let Some(original) = by_source(tx, &format!("payment:{}", paid.id)).await? else { return Ok(()) };
    credit(tx, issuer, original, gross_cents, description.to_string(), format!("change:{source}"), now).await
}

/// How much of a payment credit notes already paid back, VAT included.
pub async fn credited<C: ConnectionTrait>(tx: &C, paid: &payment::Model) -> Result<i64, DbErr> {
    Ok(invoice::Entity::find()
        .filter(invoice::Column::PaymentId.eq(paid.id))
        .filter(invoice::Column::Kind.eq(InvoiceKind::CreditNote))
        .all(tx)
        .await?
        .iter()
        .map(|row| row.gross_cents)
        .sum())
}

/// The amount (VAT included) of the credit note issued for a downgrade's part `source`, if any.
pub async fn credited_part<C: ConnectionTrait>(tx: &C, source: &str) -> Result<Option<i64>, DbErr> {
    Ok(by_source(tx, &format!("change:{source}")).await?.map(|row| row.gross_cents))
}

async fn credit<C: ConnectionTrait>(
    tx: &C,
    issuer: &Issuer,
    original: invoice::Model,
    gross_cents: i64,
    description: String,
    source: String,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    if by_source(tx, &source).await?.is_some() {
        return Ok(());
    }
    let (net, vat) = split_gross(gross_cents);
    let number = numbering::next(tx, &issuer.seller.siren, InvoiceKind::CreditNote).await?;
    insert(
        tx,
        invoice::ActiveModel {
            organization_id: Set(original.organization_id),
            payment_id: Set(original.payment_id),
            kind: Set(InvoiceKind::CreditNote),
            corrects_reference: Set(Some(original.reference.clone())),
            seller: Set(json(&Party::seller(&issuer.seller))?),
            buyer: Set(original.buyer),
            description: Set(description),
            period_start: Set(original.period_start),
            period_end: Set(original.period_end),
            net_cents: Set(net),
            vat_cents: Set(vat),
            gross_cents: Set(gross_cents),
            currency: Set(original.currency),
            source: Set(source),
            ..numbered(issuer, InvoiceKind::CreditNote, number, now)
        },
    )
    .await
}

fn numbered(issuer: &Issuer, kind: InvoiceKind, number: i64, now: DateTime<Utc>) -> invoice::ActiveModel {
    invoice::ActiveModel {
        seller_siren: Set(issuer.seller.siren.clone()),
        series: Set(kind.series().to_string()),
        number: Set(number),
        reference: Set(reference(kind, number)),
        issued_at: Set(now),
        vat_percent: Set(VAT_PERCENT as i32),
        sandbox: Set(issuer.sandbox),
        ..Default::default()
    }
}

/// The number as printed: the series, then six digits (`F-000042`).
pub fn reference(kind: InvoiceKind, number: i64) -> String {
    format!("{}-{number:06}", kind.series())
}

async fn insert<C: ConnectionTrait>(tx: &C, row: invoice::ActiveModel) -> Result<(), DbErr> {
    let reference = row.reference.clone().unwrap();
    invoice::Entity::insert(row).exec_without_returning(tx).await?;
    tracing::info!(invoice = %reference, "billing document issued");
    Ok(())
}

fn json(party: &Party) -> Result<String, DbErr> {
    serde_json::to_string(party).map_err(|e| DbErr::Custom(format!("invoice party: {e}")))
}

async fn by_source<C: ConnectionTrait>(tx: &C, source: &str) -> Result<Option<invoice::Model>, DbErr> {
    invoice::Entity::find().filter(invoice::Column::Source.eq(source)).one(tx).await
}

/// What the organisation paid, HT, as dated amounts: each invoice, less each credit note.
pub async fn spend<C: ConnectionTrait>(db: &C, organization_id: OrgId) -> Result<Vec<(DateTime<Utc>, i64)>, DbErr> {
    Ok(invoice::Entity::find()
        .filter(invoice::Column::OrganizationId.eq(organization_id))
        .all(db)
        .await?
        .into_iter()
        .map(|row| match row.kind {
            InvoiceKind::Invoice => (row.issued_at, row.net_cents),
            InvoiceKind::CreditNote => (row.issued_at, -row.net_cents),
        })
        .collect())
}

/// The organisation's documents, newest first.
pub async fn list<C: ConnectionTrait>(db: &C, organization_id: OrgId) -> Result<Vec<InvoiceRow>, DbErr> {
    let rows = invoice::Entity::find()
        .filter(invoice::Column::OrganizationId.eq(organization_id))
        .order_by_desc(invoice::Column::IssuedAt)
        .order_by_desc(invoice::Column::Id)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|row| InvoiceRow {
            id: row.id,
            kind: row.kind,
            date: crate::time::date_fr(row.issued_at),
            reference: row.reference,
            description: row.description,
            net_cents: row.net_cents,
            vat_cents: row.vat_cents,
            gross_cents: row.gross_cents,
            corrects: row.corrects_reference,
            sandbox: row.sandbox,
        })
        .collect())
}

/// One of the organisation's documents; another organisation's is none, like one that does
/// not exist.
pub async fn document<C: ConnectionTrait>(
    db: &C,
    organization_id: OrgId,
    id: InvoiceId,
) -> Result<Option<Document>, DbErr> {
    invoice::Entity::find_by_id(id)
        .filter(invoice::Column::OrganizationId.eq(organization_id))
        .one(db)
        .await?
        .map(Document::from_row)
        .transpose()
}
