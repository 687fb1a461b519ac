//! The payment provider, as billing needs it: customers, payments (a first one that creates the
//! mandate, recurring ones on it), subscriptions, mandates and refunds. [`super::mollie`]
//! speaks Mollie's v2 API; the sandbox serves the same wire format, so the sandbox and the
//! tests run the real client.

use async_trait::async_trait;
use chrono::NaiveDate;
use prospecta_shared::billing::PaymentStatus;
use serde::{Deserialize, Serialize};

/// An amount as the provider states it: a currency and integer cents. Anything but euros is
/// an anomaly for us: our prices are in euros.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Money {
    pub currency: String,
    pub cents: i64,
}

impl Money {
    pub fn eur(cents: i64) -> Money {
        Money { currency: "EUR".into(), cents }
    }
}

/// Whether a payment sets up the mandate (the client is present, at the checkout) or charges an
/// existing one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sequence {
    First,
    Recurring,
}

/// A payment to create.
#[derive(Debug, Clone)]
pub struct NewPayment {
    pub amount: Money,
    pub description: String,
    pub customer_id: String,
    pub sequence: Sequence,
    /// Where the client lands after the checkout (first payments only).
    pub redirect_url: Option<String>,
    pub webhook_url: String,
    /// Our own reference, echoed back by the provider (never trusted for amounts).
    pub reference: String,
}

/// A payment as the provider reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderPayment {
    pub id: String,
    pub status: PaymentStatus,
    pub amount: Money,
    pub customer_id: Option<String>,
    pub mandate_id: Option<String>,
    pub subscription_id: Option<String>,
    pub sequence_first: bool,
    pub checkout_url: Option<String>,
    /// Our reference, when we created the payment.
    pub reference: Option<String>,
    /// Amount refunded so far.
    pub refunded_cents: i64,
}

/// A subscription to create at the provider: it charges `amount` every month from `start`.
#[derive(Debug, Clone)]
pub struct NewSubscription {
    pub customer_id: String,
    pub mandate_id: Option<String>,
    pub amount: Money,
    pub start: NaiveDate,
    pub description: String,
    pub webhook_url: String,
    pub reference: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderSubscription {
    pub id: String,
    pub status: String,
    pub amount: Money,
    pub next_payment: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderMandate {
    pub id: String,
    pub valid: bool,
    /// `directdebit` or `creditcard`.
    pub method: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderRefund {
    pub id: String,
    pub payment_id: String,
    pub amount: Money,
}

/// Why the provider could not do what was asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProviderError {
    /// No payment key is configured: online payment is not open on this server.
    #[error("le paiement en ligne n'est pas configuré sur ce serveur")]
    NotConfigured,
    /// The provider could not be reached, or answered 5xx: try again later. The detail (the
    /// transport's own words) goes to the logs, not to the client.
    #[error("le prestataire de paiement est injoignable")]
    Unreachable(String),
    /// The object does not exist (404): an unknown id.
    #[error("objet inconnu du prestataire de paiement")]
    NotFound,
    /// The provider refused the request (4xx) with its reason.
    #[error("le prestataire de paiement a refusé la demande ({0})")]
    Refused(String),
    /// The answer could not be read.
    #[error("réponse illisible du prestataire de paiement ({0})")]
    Malformed(String),
}

impl ProviderError {
    /// Worth trying again later (the job runtime retries).
    pub fn is_transient(&self) -> bool {
        matches!(self, ProviderError::Unreachable(_))
    }
}

impl From<ProviderError> for crate::jobs::JobError {
    /// A job that met the provider down runs again later; a refusal is final.
    fn from(e: ProviderError) -> Self {
        if e.is_transient() {
            crate::jobs::JobError::Retry(format!("{e:?}"))
        } else {
            crate::jobs::JobError::Permanent(format!("{e:?}"))
        }
    }
}

#[async_trait]
pub trait PaymentProvider: Send + Sync {
    /// Whether payments are simulated (the sandbox's provider): the screens say so.
    fn simulated(&self) -> bool;
    async fn create_customer(&self, name: &str, email: &str, reference: &str) -> Result<String, ProviderError>;
    async fn create_payment(&self, payment: &NewPayment) -> Result<ProviderPayment, ProviderError>;
    async fn payment(&self, id: &str) -> Result<ProviderPayment, ProviderError>;
    async fn create_subscription(&self, subscription: &NewSubscription) -> Result<ProviderSubscription, ProviderError>;
    /// Changes the amount of the following charges (an upgrade or a downgrade).
    async fn update_subscription_amount(
        &self,
        customer_id: &str,
        subscription_id: &str,
        amount: &Money,
    ) -> Result<ProviderSubscription, ProviderError>;
    async fn cancel_subscription(&self, customer_id: &str, subscription_id: &str) -> Result<(), ProviderError>;
    async fn mandates(&self, customer_id: &str) -> Result<Vec<ProviderMandate>, ProviderError>;
    /// Pays back `amount` of a payment; `reference` is the idempotency key, so asking again
    /// after a crash pays back once.
    async fn refund(
        &self,
        payment_id: &str,
        amount: &Money,
        description: &str,
        reference: &str,
    ) -> Result<ProviderRefund, ProviderError>;
    /// The sandbox's renewal clock: the subscription's next monthly charge, now, paid or refused
    /// (`declined`: the account keeps refusing). A real provider has no such thing.
    async fn simulate_next_charge(
        &self,
        _customer_id: &str,
        _subscription_id: &str,
        _declined: bool,
    ) -> Result<(), ProviderError> {
        Err(ProviderError::NotConfigured)
    }
}
