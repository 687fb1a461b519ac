//! Mollie's v2 API (<https://docs.mollie.com/reference>): JSON over HTTPS with a bearer key,
//! amounts as `{"currency": "EUR", "value": "149.00"}`, errors as
//! `{"status": 422, "title": …, "detail": …, "field": …}`. The base address is configuration
//! (`MOLLIE_API_BASE`), so the sandbox's simulated Mollie and the tests' serve this very client.

use super::provider::{
    Money, NewPayment, NewSubscription, PaymentProvider, ProviderError, ProviderMandate, ProviderPayment,
    ProviderRefund, ProviderSubscription, Sequence,
};
use async_trait::async_trait;
use chrono::NaiveDate;
use prospecta_shared::billing::PaymentStatus;
use reqwest::Method;
use serde::Deserialize;
use serde_json::{Value, json};
use std::time::Duration;

pub struct MollieClient {
    http: reqwest::Client,
    base: String,
    key: Option<String>,
    simulated: bool,
}

impl MollieClient {
    pub fn new(base: &str, key: Option<String>, timeout: Duration, simulated: bool) -> MollieClient {
        // The provider's address is operator configuration, never data from a page: it does
        // not go through the outbound guard (like the language model's).
        let http = reqwest::Client::builder().timeout(timeout).build().unwrap_or_else(|_| reqwest::Client::new());
        MollieClient { http, base: base.trim_end_matches('/').to_string(), key, simulated }
    }

    async fn call(&self, method: Method, path: &str, body: Option<Value>) -> Result<Value, ProviderError> {
        self.call_once(method, path, body, None).await
    }

    /// A creation that must not happen twice: Mollie answers a repeated `Idempotency-Key` with
    /// the first answer, so a job re-run after a crash does not charge or subscribe twice.
    async fn call_once(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
        idempotency_key: Option<&str>,
    ) -> Result<Value, ProviderError> {
        let key = self.key.as_deref().ok_or(ProviderError::NotConfigured)?;
        let mut request = self.http.request(method, format!("{}{path}", self.base)).bearer_auth(key);
        if let Some(idempotency_key) = idempotency_key {
            request = request.header("Idempotency-Key", idempotency_key);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.map_err(|e| ProviderError::Unreachable(e.without_url().to_string()))?;
        let status = response.status();
        let bytes = response.bytes().await.map_err(|e| ProviderError::Unreachable(e.without_url().to_string()))?;
        if status == reqwest::StatusCode::NO_CONTENT {
            return Ok(Value::Null);
        }
        let value: Value = serde_json::from_slice(&bytes).map_err(|e| {
            if status.is_server_error() {
                ProviderError::Unreachable(format!("HTTP {}", status.as_u16()))
            } else {
                ProviderError::Malformed(e.to_string())
            }
        })?;
        if status.is_success() {
            return Ok(value);
        }
        let detail = value.get("detail").and_then(Value::as_str).unwrap_or("").to_string();
        let field = value.get("field").and_then(Value::as_str).map(|f| format!(" [{f}]")).unwrap_or_default();
        Err(match status.as_u16() {
            404 | 410 => ProviderError::NotFound,
            429 | 500..=599 => ProviderError::Unreachable(format!("HTTP {}", status.as_u16())),
            code => ProviderError::Refused(format!("HTTP {code} : {detail}{field}")),
        })
    }
}

/// `{"currency": "EUR", "value": "149.00"}`.
pub fn amount_json(money: &Money) -> Value {
    json!({ "currency": money.currency, "value": format!("{}.{:02}", money.cents / 100, money.cents % 100) })
}

/// Reads an amount; its value has the currency's decimals ("149.00", "1500" for yens).
pub fn parse_amount(value: &Value) -> Result<Money, ProviderError> {
    #[derive(Deserialize)]
    struct Raw {
        currency: String,
        value: String,
    }
    let raw: Raw =
        serde_json::from_value(value.clone()).map_err(|e| ProviderError::Malformed(format!("amount: {e}")))?;
    let cents = prospecta_shared::billing::decimal_cents(&raw.value)
        .ok_or_else(|| ProviderError::Malformed(format!("amount value {:?}", raw.value)))?;
    Ok(Money { currency: raw.currency, cents })
}

fn text(value: &Value, key: &str) -> Option<String> {
    value.get(key).and_then(Value::as_str).map(str::to_string)
}

fn required(value: &Value, key: &str) -> Result<String, ProviderError> {
    text(value, key).ok_or_else(|| ProviderError::Malformed(format!("{key} missing")))
}

pub fn parse_payment(value: &Value) -> Result<ProviderPayment, ProviderError> {
    let status = required(value, "status")?;
    Ok(ProviderPayment {
        id: required(value, "id")?,
        status: PaymentStatus::parse(&status).ok_or_else(|| ProviderError::Malformed(format!("status {status:?}")))?,
        amount: parse_amount(value.get("amount").unwrap_or(&Value::Null))?,
        customer_id: text(value, "customerId"),
        mandate_id: text(value, "mandateId"),
        subscription_id: text(value, "subscriptionId"),
        sequence_first: value.get("sequenceType").and_then(Value::as_str) == Some("first"),
        checkout_url: value.pointer("/_links/checkout/href").and_then(Value::as_str).map(str::to_string),
        reference: value.pointer("/metadata/reference").and_then(Value::as_str).map(str::to_string),
        refunded_cents: match value.get("amountRefunded") {
            Some(amount) if !amount.is_null() => parse_amount(amount)?.cents,
            _ => 0,
        },
    })
}

fn parse_subscription(value: &Value) -> Result<ProviderSubscription, ProviderError> {
    Ok(ProviderSubscription {
        id: required(value, "id")?,
        status: required(value, "status")?,
        amount: parse_amount(value.get("amount").unwrap_or(&Value::Null))?,
        next_payment: text(value, "nextPaymentDate").and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
    })
}

#[async_trait]
impl PaymentProvider for MollieClient {
    fn simulated(&self) -> bool {
        self.simulated
    }

    async fn simulate_next_charge(
        &self,
        customer_id: &str,
        subscription_id: &str,
        declined: bool,
    ) -> Result<(), ProviderError> {
        // Only the sandbox's Mollie has this clock; Mollie itself would answer 404.
        if !self.simulated {
            return Err(ProviderError::NotConfigured);
        }
        let outcome = if declined { "declined" } else { "paid" };
        let path = format!("/customers/{customer_id}/subscriptions/{subscription_id}/charge?outcome={outcome}");
        self.call(Method::POST, &path, None).await.map(|_| ())
    }

    async fn create_customer(&self, name: &str, email: &str, reference: &str) -> Result<String, ProviderError> {
        let body = json!({ "name": name, "email": email, "locale": "fr_FR", "metadata": { "reference": reference } });
        let customer = self.call_once(Method::POST, "/customers", Some(body), Some(reference)).await?;
        required(&customer, "id")
    }

    async fn create_payment(&self, payment: &NewPayment) -> Result<ProviderPayment, ProviderError> {
        let mut body = json!({
            "amount": amount_json(&payment.amount),
            "description": payment.description,
            "customerId": payment.customer_id,
            "sequenceType": match payment.sequence { Sequence::First => "first", Sequence::Recurring => "recurring" },
            "webhookUrl": payment.webhook_url,
            "locale": "fr_FR",
            "metadata": { "reference": payment.reference },
        });
        if let Some(redirect) = &payment.redirect_url {
            body["redirectUrl"] = json!(redirect);
        }
        parse_payment(&self.call_once(Method::POST, "/payments", Some(body), Some(&payment.reference)).await?)
    }

    async fn payment(&self, id: &str) -> Result<ProviderPayment, ProviderError> {
        // An id is only ever a Mollie id (`tr_…`): anything else cannot name one of ours, and
        // must not reach the API's path.
        if !id.starts_with("tr_") || id.len() > 64 || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(ProviderError::NotFound);
        }
        parse_payment(&self.call(Method::GET, &format!("/payments/{id}"), None).await?)
    }

    async fn create_subscription(&self, s: &NewSubscription) -> Result<ProviderSubscription, ProviderError> {
        let mut body = json!({
            "amount": amount_json(&s.amount),
            "interval": "1 month",
            "startDate": s.start.format("%Y-%m-%d").to_string(),
            "description": s.description,
            "webhookUrl": s.webhook_url,
            "metadata": { "reference": s.reference },
        });
        if let Some(mandate) = &s.mandate_id {
            body["mandateId"] = json!(mandate);
        }
        let path = format!("/customers/{}/subscriptions", s.customer_id);
        parse_subscription(&self.call_once(Method::POST, &path, Some(body), Some(&s.reference)).await?)
    }

    async fn update_subscription_amount(
        &self,
        customer_id: &str,
        subscription_id: &str,
        amount: &Money,
    ) -> Result<ProviderSubscription, ProviderError> {
        let body = json!({ "amount": amount_json(amount) });
        let path = format!("/customers/{customer_id}/subscriptions/{subscription_id}");
        parse_subscription(&self.call(Method::PATCH, &path, Some(body)).await?)
    }

    async fn cancel_subscription(&self, customer_id: &str, subscription_id: &str) -> Result<(), ProviderError> {
        let path = format!("/customers/{customer_id}/subscriptions/{subscription_id}");
        self.call(Method::DELETE, &path, None).await.map(|_| ())
    }

    async fn mandates(&self, customer_id: &str) -> Result<Vec<ProviderMandate>, ProviderError> {
        let list = self.call(Method::GET, &format!("/customers/{customer_id}/mandates"), None).await?;
        let items = list.pointer("/_embedded/mandates").and_then(Value::as_array).cloned().unwrap_or_default();
        items
            .iter()
            .map(|m| {
                Ok(ProviderMandate {
                    id: required(m, "id")?,
                    valid: m.get("status").and_then(Value::as_str) == Some("valid"),
                    method: text(m, "method").unwrap_or_default(),
                })
            })
            .collect()
    }

    async fn refund(
        &self,
        payment_id: &str,
        amount: &Money,
        description: &str,
        reference: &str,
    ) -> Result<ProviderRefund, ProviderError> {
        let body = json!({ "amount": amount_json(amount), "description": description });
        let path = format!("/payments/{payment_id}/refunds");
        let refund = self.call_once(Method::POST, &path, Some(body), Some(reference)).await?;
        Ok(ProviderRefund {
            id: required(&refund, "id")?,
            payment_id: text(&refund, "paymentId").unwrap_or_else(|| payment_id.to_string()),
            amount: parse_amount(refund.get("amount").unwrap_or(&Value::Null))?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_round_trip_and_odd_values_are_refused() {
        for cents in [0, 5, 99, 100, 14_900, 17_880, 123_456_789] {
            assert_eq!(parse_amount(&amount_json(&Money::eur(cents))).unwrap(), Money::eur(cents));
        }
        assert_eq!(parse_amount(&json!({"currency": "EUR", "value": "10.5"})).unwrap().cents, 1050);
        assert_eq!(
            parse_amount(&json!({"currency": "JPY", "value": "1500"})).unwrap(),
            Money { currency: "JPY".into(), cents: 150_000 }
        );
        for bad in ["", "1.234", "abc", "1.-5", "99999999999999999999.00"] {
            assert!(parse_amount(&json!({"currency": "EUR", "value": bad})).is_err(), "{bad}");
        }
        assert!(parse_amount(&json!({"value": "1.00"})).is_err());
    }

    #[test]
    fn a_payment_is_read_from_mollies_format() {
        let body = json!({
            "resource": "payment", "id": "tr_7UhSN1zuXS", "mode": "test", "status": "paid",
            "amount": {"value": "178.80", "currency": "EUR"}, "sequenceType": "first",
            "customerId": "cst_8wmqcHMN4U", "mandateId": "mdt_h3gAaD5zP", "metadata": {"reference": "pay-12"},
            "_links": {"checkout": {"href": "https://www.mollie.com/checkout/select-method/7UhSN1zuXS", "type": "text/html"}}
        });
        let p = parse_payment(&body).unwrap();
        assert_eq!(p.id, "tr_7UhSN1zuXS");
        assert_eq!(p.status, PaymentStatus::Paid);
        assert_eq!(p.amount, Money::eur(17_880));
        assert!(p.sequence_first);
        assert_eq!(p.mandate_id.as_deref(), Some("mdt_h3gAaD5zP"));
        assert_eq!(p.reference.as_deref(), Some("pay-12"));
        assert!(
            parse_payment(&json!({"id": "tr_x", "status": "weird", "amount": {"value": "1.00", "currency": "EUR"}}))
                .is_err()
        );
    }
}
