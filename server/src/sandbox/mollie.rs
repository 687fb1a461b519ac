//! The sandbox's payment provider: Mollie's v2 API as its documentation describes it (bearer
//! keys, `application/hal+json`, amounts as strings, errors as `{status, title, detail, field}`,
//! `Idempotency-Key`), serving customers, payments, mandates, subscriptions and refunds, and a
//! checkout page that says the payment is simulated. Paying there creates the mandate and
//! calls the payment's webhook with its id, as Mollie does. Objects are rows
//! (`sandbox_mollie`), so a restart forgets nothing.
//!
//! One addition that Mollie does not have: `POST …/subscriptions/{id}/charge?outcome=…` makes
//! the subscription's next monthly charge happen now (a sandbox cannot wait a month): `paid`,
//! `failed` (refused that once: a later charge on the mandate goes through), or `declined`
//! (the account keeps refusing: every recurring charge fails until the client pays at the
//! checkout, which sets up a new mandate).

use crate::db::entity;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chrono::{Months, NaiveDate, Utc};
use rand::Rng;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, DatabaseConnection, DbErr, EntityTrait};
use serde_json::{Value, json};
use std::collections::HashMap;

entity!(sandbox_object, "sandbox_mollie", String, {
    kind: String,
    body: String,
    created_at: DateTimeUtc,
});

#[derive(Clone)]
struct Sandbox {
    db: DatabaseConnection,
    prefix: &'static str,
    http: reqwest::Client,
}

pub fn router(prefix: &'static str, db: DatabaseConnection) -> Router {
    let state = Sandbox { db, prefix, http: reqwest::Client::new() };
    Router::new()
        .route(&format!("{prefix}/v2/customers"), post(create_customer))
        .route(&format!("{prefix}/v2/customers/{{customer}}/mandates"), get(list_mandates))
        .route(&format!("{prefix}/v2/customers/{{customer}}/subscriptions"), post(create_subscription))
        .route(
            &format!("{prefix}/v2/customers/{{customer}}/subscriptions/{{id}}"),
            get(get_subscription).patch(update_subscription).delete(cancel_subscription),
        )
        .route(&format!("{prefix}/v2/customers/{{customer}}/subscriptions/{{id}}/charge"), post(charge_subscription))
        .route(&format!("{prefix}/v2/payments"), post(create_payment))
        .route(&format!("{prefix}/v2/payments/{{id}}"), get(get_payment))
        .route(&format!("{prefix}/v2/payments/{{id}}/refunds"), post(create_refund))
        .route(&format!("{prefix}/checkout/{{id}}"), get(checkout_page).post(checkout_answer))
        .with_state(state)
}

type Answer = Result<Response, ApiError>;

fn hal(status: StatusCode, body: Value) -> Response {
    (status, [(header::CONTENT_TYPE, "application/hal+json")], body.to_string()).into_response()
}

/// An error answer in Mollie's format.
struct ApiError {
    status: StatusCode,
    detail: String,
    field: Option<&'static str>,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut body = json!({
            "status": self.status.as_u16(),
            "title": self.status.canonical_reason().unwrap_or("Error"),
            "detail": self.detail,
            "_links": { "documentation": { "href": "https://docs.mollie.com/overview/handling-errors", "type": "text/html" } },
        });
        if let Some(field) = self.field {
            body["field"] = json!(field);
        }
        hal(self.status, body)
    }
}

fn error(status: StatusCode, detail: &str, field: Option<&'static str>) -> ApiError {
    ApiError { status, detail: detail.to_string(), field }
}

fn storage(e: DbErr) -> ApiError {
    tracing::error!(error = %e, "sandbox payment provider storage");
    error(StatusCode::INTERNAL_SERVER_ERROR, "Internal server error", None)
}

/// Test and live keys look like `test_…` / `live_…` followed by 30 characters.
fn authorize(headers: &HeaderMap) -> Result<(), ApiError> {
    let key = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
    match key {
        Some(k) if (k.starts_with("test_") || k.starts_with("live_")) && k.len() >= 30 => Ok(()),
        _ => Err(error(StatusCode::UNAUTHORIZED, "Missing authentication, or failed to authenticate", None)),
    }
}

fn new_id(prefix: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    let mut rng = rand::rng();
    let tail: String = (0..10).map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char).collect();
    format!("{prefix}_{tail}")
}

async fn load(db: &DatabaseConnection, id: &str) -> Result<Option<Value>, ApiError> {
    let row = sandbox_object::Entity::find_by_id(id.to_string()).one(db).await.map_err(storage)?;
    Ok(row.and_then(|r| serde_json::from_str(&r.body).ok()))
}

async fn save(db: &DatabaseConnection, kind: &str, object: &Value) -> Result<(), ApiError> {
    let id = object.get("id").and_then(Value::as_str).unwrap_or_default().to_string();
    sandbox_object::Entity::insert(sandbox_object::ActiveModel {
        id: Set(id),
        kind: Set(kind.to_string()),
        body: Set(object.to_string()),
        created_at: Set(Utc::now()),
    })
    .on_conflict(OnConflict::column(sandbox_object::Column::Id).update_column(sandbox_object::Column::Body).to_owned())
    .exec_without_returning(db)
    .await
    .map_err(storage)?;
    Ok(())
}

async fn found(db: &DatabaseConnection, id: &str, kind: &str, what: &str) -> Result<Value, ApiError> {
    match load(db, id).await? {
        Some(object) if object.get("resource").and_then(Value::as_str) == Some(kind) => Ok(object),
        _ => Err(error(StatusCode::NOT_FOUND, &format!("No {what} exists with token {id}."), None)),
    }
}

/// A request already answered under its `Idempotency-Key` gets that answer again.
async fn replayed(db: &DatabaseConnection, headers: &HeaderMap) -> Result<Option<Value>, ApiError> {
    let Some(key) = headers.get("idempotency-key").and_then(|v| v.to_str().ok()) else { return Ok(None) };
    let Some(record) = load(db, &format!("idem_{key}")).await? else { return Ok(None) };
    let id = record.get("object").and_then(Value::as_str).unwrap_or_default();
    load(db, id).await
}

async fn remember(db: &DatabaseConnection, headers: &HeaderMap, object: &Value) -> Result<(), ApiError> {
    if let Some(key) = headers.get("idempotency-key").and_then(|v| v.to_str().ok()) {
        save(db, "idempotency", &json!({ "id": format!("idem_{key}"), "object": object["id"] })).await?;
    }
    Ok(())
}

fn json_body(body: &[u8]) -> Result<Value, ApiError> {
    serde_json::from_slice::<Value>(body)
        .ok()
        .filter(Value::is_object)
        .ok_or_else(|| error(StatusCode::BAD_REQUEST, "The request body is not valid JSON", None))
}

/// An amount as Mollie checks it: a known currency, a value with exactly two decimals.
fn checked_amount(body: &Value, field: &'static str) -> Result<(String, i64), ApiError> {
    let refuse = |detail: &str| error(StatusCode::UNPROCESSABLE_ENTITY, detail, Some(field));
    let amount = body.get(field).ok_or_else(|| refuse("The amount is required"))?;
    let currency = amount.get("currency").and_then(Value::as_str).unwrap_or_default();
    if currency.len() != 3 || !currency.chars().all(|c| c.is_ascii_uppercase()) {
        return Err(refuse("The currency is invalid"));
    }
    let value = amount.get("value").and_then(Value::as_str).unwrap_or_default();
    let money = crate::billing::mollie::parse_amount(amount).map_err(|_| refuse("The amount value is invalid"))?;
    if !value.contains('.') || value.split('.').nth(1).map(str::len) != Some(2) {
        return Err(refuse("The amount value must have two decimals"));
    }
    if money.cents < 1 {
        return Err(refuse("The amount is lower than the minimum"));
    }
    Ok((money.currency, money.cents))
}

fn valid_mandate(customer: &Value) -> Option<Value> {
    customer
        .get("mandates")
        .and_then(Value::as_array)
        .and_then(|m| m.iter().find(|m| m.get("status").and_then(Value::as_str) == Some("valid")).cloned())
}

async fn create_customer(State(s): State<Sandbox>, headers: HeaderMap, body: axum::body::Bytes) -> Answer {
    authorize(&headers)?;
    if let Some(object) = replayed(&s.db, &headers).await? {
        return Ok(hal(StatusCode::CREATED, public_customer(&object)));
    }
    let body = json_body(&body)?;
    let customer = json!({
        "resource": "customer",
        "id": new_id("cst"),
        "mode": "test",
        "name": body.get("name").cloned().unwrap_or(Value::Null),
        "email": body.get("email").cloned().unwrap_or(Value::Null),
        "locale": body.get("locale").cloned().unwrap_or(Value::Null),
        "metadata": body.get("metadata").cloned().unwrap_or(Value::Null),
        "createdAt": Utc::now().to_rfc3339(),
        "mandates": [],
    });
    save(&s.db, "customer", &customer).await?;
    remember(&s.db, &headers, &customer).await?;
    Ok(hal(StatusCode::CREATED, public_customer(&customer)))
}

/// The customer without the sandbox's own bookkeeping (its mandates are listed separately).
fn public_customer(customer: &Value) -> Value {
    let mut public = customer.clone();
    if let Some(map) = public.as_object_mut() {
        map.remove("mandates");
        map.remove("declining");
    }
    public
}

async fn list_mandates(State(s): State<Sandbox>, headers: HeaderMap, Path(customer): Path<String>) -> Answer {
    authorize(&headers)?;
    let customer = found(&s.db, &customer, "customer", "customer").await?;
    let mandates = customer.get("mandates").cloned().unwrap_or(json!([]));
    let count = mandates.as_array().map_or(0, Vec::len);
    Ok(hal(StatusCode::OK, json!({ "count": count, "_embedded": { "mandates": mandates } })))
}

async fn create_payment(State(s): State<Sandbox>, headers: HeaderMap, body: axum::body::Bytes) -> Answer {
    authorize(&headers)?;
    if let Some(object) = replayed(&s.db, &headers).await? {
        return Ok(hal(StatusCode::CREATED, object));
    }
    let body = json_body(&body)?;
    let (currency, cents) = checked_amount(&body, "amount")?;
    let description = body.get("description").and_then(Value::as_str).unwrap_or_default();
    if description.trim().is_empty() {
        return Err(error(StatusCode::UNPROCESSABLE_ENTITY, "The description is required", Some("description")));
    }
    let sequence = body.get("sequenceType").and_then(Value::as_str).unwrap_or("oneoff");
    let customer_id = body.get("customerId").and_then(Value::as_str);
    let customer =
        match customer_id {
            Some(id) => Some(found(&s.db, id, "customer", "customer").await.map_err(|_| {
                error(StatusCode::UNPROCESSABLE_ENTITY, "The customer id is invalid", Some("customerId"))
            })?),
            None => None,
        };
    let id = new_id("tr");
    let mut payment = json!({
        "resource": "payment",
        "id": id,
        "mode": "test",
        "createdAt": Utc::now().to_rfc3339(),
        "amount": crate::billing::mollie::amount_json(&crate::billing::provider::Money { currency, cents }),
        "description": description,
        "method": Value::Null,
        "metadata": body.get("metadata").cloned().unwrap_or(Value::Null),
        "status": "open",
        "sequenceType": sequence,
        "customerId": customer_id,
        "mandateId": Value::Null,
        "redirectUrl": body.get("redirectUrl").cloned().unwrap_or(Value::Null),
        "webhookUrl": body.get("webhookUrl").cloned().unwrap_or(Value::Null),
    });
    match sequence {
        "recurring" => {
            let mandate = customer.as_ref().and_then(valid_mandate).ok_or_else(|| {
                error(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "The customer does not have a valid mandate",
                    Some("customerId"),
                )
            })?;
            payment["mandateId"] = mandate["id"].clone();
            payment["method"] = mandate["method"].clone();
            // A card or a direct debit on file: the sandbox settles it at once, unless the
            // account keeps refusing (`charge?outcome=declined`).
            let declining = customer.as_ref().is_some_and(|c| c["declining"] == json!(true));
            payment["status"] = json!(if declining { "failed" } else { "paid" });
        }
        "first" if customer.is_none() => {
            return Err(error(
                StatusCode::UNPROCESSABLE_ENTITY,
                "A first payment needs a customer",
                Some("customerId"),
            ));
        }
        _ => {
            if body.get("redirectUrl").and_then(Value::as_str).is_none() {
                return Err(error(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "The redirect URL is required",
                    Some("redirectUrl"),
                ));
            }
            let origin = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("127.0.0.1");
            payment["_links"] = json!({
                "checkout": { "href": format!("http://{origin}{}/checkout/{id}", s.prefix), "type": "text/html" },
            });
        }
    }
    save(&s.db, "payment", &payment).await?;
    remember(&s.db, &headers, &payment).await?;
    if payment["status"] != "open" {
        notify(&s, &payment);
    }
    Ok(hal(StatusCode::CREATED, payment))
}

async fn get_payment(State(s): State<Sandbox>, headers: HeaderMap, Path(id): Path<String>) -> Answer {
    authorize(&headers)?;
    Ok(hal(StatusCode::OK, found(&s.db, &id, "payment", "payment").await?))
}

async fn create_refund(
    State(s): State<Sandbox>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Answer {
    authorize(&headers)?;
    if let Some(answer) = replayed(&s.db, &headers).await? {
        return Ok(hal(StatusCode::CREATED, answer));
    }
    let body = json_body(&body)?;
    let mut payment = found(&s.db, &id, "payment", "payment").await?;
    if payment["status"] != "paid" {
        return Err(error(StatusCode::UNPROCESSABLE_ENTITY, "The payment is not refundable", None));
    }
    let (currency, cents) = checked_amount(&body, "amount")?;
    let paid = crate::billing::mollie::parse_amount(&payment["amount"])
        .map_err(|_| storage(DbErr::Custom("amount".into())))?;
    let refunded = match payment.get("amountRefunded") {
        Some(a) if !a.is_null() => crate::billing::mollie::parse_amount(a).map(|m| m.cents).unwrap_or(0),
        _ => 0,
    };
    if currency != paid.currency || cents > paid.cents - refunded {
        return Err(error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "The amount is higher than the refundable amount",
            Some("amount"),
        ));
    }
    let money = |cents| {
        crate::billing::mollie::amount_json(&crate::billing::provider::Money { currency: currency.clone(), cents })
    };
    payment["amountRefunded"] = money(refunded + cents);
    save(&s.db, "payment", &payment).await?;
    let refund = json!({
        "resource": "refund",
        "id": new_id("re"),
        "amount": money(cents),
        "status": "pending",
        "paymentId": id,
        "description": body.get("description").cloned().unwrap_or(Value::Null),
        "createdAt": Utc::now().to_rfc3339(),
    });
    save(&s.db, "refund", &refund).await?;
    remember(&s.db, &headers, &refund).await?;
    Ok(hal(StatusCode::CREATED, refund))
}

async fn create_subscription(
    State(s): State<Sandbox>,
    headers: HeaderMap,
    Path(customer_id): Path<String>,
    body: axum::body::Bytes,
) -> Answer {
    authorize(&headers)?;
    if let Some(object) = replayed(&s.db, &headers).await? {
        return Ok(hal(StatusCode::CREATED, object));
    }
    let body = json_body(&body)?;
    let customer = found(&s.db, &customer_id, "customer", "customer").await?;
    let mandate = valid_mandate(&customer)
        .ok_or_else(|| error(StatusCode::UNPROCESSABLE_ENTITY, "The customer does not have a valid mandate", None))?;
    let (currency, cents) = checked_amount(&body, "amount")?;
    let interval = body.get("interval").and_then(Value::as_str).unwrap_or_default();
    if interval != "1 month" {
        return Err(error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "The sandbox supports the interval \"1 month\"",
            Some("interval"),
        ));
    }
    let start = body
        .get("startDate")
        .and_then(Value::as_str)
        .map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d"))
        .transpose()
        .map_err(|_| error(StatusCode::UNPROCESSABLE_ENTITY, "The start date is invalid", Some("startDate")))?
        .unwrap_or_else(|| Utc::now().date_naive());
    let subscription = json!({
        "resource": "subscription",
        "id": new_id("sub"),
        "mode": "test",
        "status": "active",
        "amount": crate::billing::mollie::amount_json(&crate::billing::provider::Money { currency, cents }),
        "interval": interval,
        "startDate": start.format("%Y-%m-%d").to_string(),
        "nextPaymentDate": start.format("%Y-%m-%d").to_string(),
        "description": body.get("description").cloned().unwrap_or(Value::Null),
        "mandateId": body.get("mandateId").cloned().unwrap_or(mandate["id"].clone()),
        "customerId": customer_id,
        "webhookUrl": body.get("webhookUrl").cloned().unwrap_or(Value::Null),
        "metadata": body.get("metadata").cloned().unwrap_or(Value::Null),
        "createdAt": Utc::now().to_rfc3339(),
    });
    save(&s.db, "subscription", &subscription).await?;
    remember(&s.db, &headers, &subscription).await?;
    Ok(hal(StatusCode::CREATED, subscription))
}

async fn customer_subscription(s: &Sandbox, customer: &str, id: &str) -> Result<Value, ApiError> {
    let subscription = found(&s.db, id, "subscription", "subscription").await?;
    if subscription["customerId"] != customer {
        return Err(error(StatusCode::NOT_FOUND, &format!("No subscription exists with token {id}."), None));
    }
    Ok(subscription)
}

async fn get_subscription(
    State(s): State<Sandbox>,
    headers: HeaderMap,
    Path((customer, id)): Path<(String, String)>,
) -> Answer {
    authorize(&headers)?;
    Ok(hal(StatusCode::OK, customer_subscription(&s, &customer, &id).await?))
}

async fn update_subscription(
    State(s): State<Sandbox>,
    headers: HeaderMap,
    Path((customer, id)): Path<(String, String)>,
    body: axum::body::Bytes,
) -> Answer {
    authorize(&headers)?;
    let body = json_body(&body)?;
    let mut subscription = customer_subscription(&s, &customer, &id).await?;
    if subscription["status"] != "active" {
        return Err(error(StatusCode::UNPROCESSABLE_ENTITY, "The subscription is not active", None));
    }
    if body.get("amount").is_some() {
        let (currency, cents) = checked_amount(&body, "amount")?;
        subscription["amount"] =
            crate::billing::mollie::amount_json(&crate::billing::provider::Money { currency, cents });
    }
    save(&s.db, "subscription", &subscription).await?;
    Ok(hal(StatusCode::OK, subscription))
}

async fn cancel_subscription(
    State(s): State<Sandbox>,
    headers: HeaderMap,
    Path((customer, id)): Path<(String, String)>,
) -> Answer {
    authorize(&headers)?;
    let mut subscription = customer_subscription(&s, &customer, &id).await?;
    if subscription["status"] == "canceled" {
        return Err(error(StatusCode::UNPROCESSABLE_ENTITY, "The subscription has been canceled", None));
    }
    subscription["status"] = json!("canceled");
    subscription["canceledAt"] = json!(Utc::now().to_rfc3339());
    subscription["nextPaymentDate"] = Value::Null;
    save(&s.db, "subscription", &subscription).await?;
    Ok(hal(StatusCode::OK, subscription))
}

/// The sandbox's clock for renewals: the subscription's next charge, now, paid or failed.
async fn charge_subscription(
    State(s): State<Sandbox>,
    headers: HeaderMap,
    Path((customer_id, id)): Path<(String, String)>,
    Query(query): Query<HashMap<String, String>>,
) -> Answer {
    authorize(&headers)?;
    let mut subscription = customer_subscription(&s, &customer_id, &id).await?;
    if subscription["status"] != "active" {
        return Err(error(StatusCode::UNPROCESSABLE_ENTITY, "The subscription is not active", None));
    }
    let outcome = query.get("outcome").map(String::as_str);
    let failed = matches!(outcome, Some("failed" | "declined"));
    if outcome == Some("declined") {
        let mut customer = found(&s.db, &customer_id, "customer", "customer").await?;
        customer["declining"] = json!(true);
        save(&s.db, "customer", &customer).await?;
    }
    let payment = json!({
        "resource": "payment",
        "id": new_id("tr"),
        "mode": "test",
        "createdAt": Utc::now().to_rfc3339(),
        "amount": subscription["amount"],
        "description": subscription["description"],
        "metadata": subscription["metadata"],
        "status": if failed { "failed" } else { "paid" },
        "sequenceType": "recurring",
        "customerId": customer_id,
        "mandateId": subscription["mandateId"],
        "subscriptionId": id,
        "webhookUrl": subscription["webhookUrl"],
    });
    save(&s.db, "payment", &payment).await?;
    let next = subscription["nextPaymentDate"]
        .as_str()
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .and_then(|d| d.checked_add_months(Months::new(1)));
    if let Some(next) = next {
        subscription["nextPaymentDate"] = json!(next.format("%Y-%m-%d").to_string());
        save(&s.db, "subscription", &subscription).await?;
    }
    notify(&s, &payment);
    Ok(hal(StatusCode::CREATED, payment))
}

/// Calls the payment's webhook with its id only, in the background, as Mollie does.
fn notify(s: &Sandbox, payment: &Value) {
    let (Some(url), Some(id)) = (payment["webhookUrl"].as_str(), payment["id"].as_str()) else { return };
    let (http, url, id) = (s.http.clone(), url.to_string(), id.to_string());
    tokio::spawn(async move {
        let body = format!("id={}", prospecta_shared::format::percent_encode(&id, b""));
        let request = http.post(&url).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded").body(body);
        if let Err(e) = request.send().await {
            tracing::warn!(error = %e, "sandbox payment webhook not delivered");
        }
    });
}

async fn checkout_page(State(s): State<Sandbox>, Path(id): Path<String>) -> Answer {
    let payment = found(&s.db, &id, "payment", "payment").await?;
    let amount = crate::billing::mollie::parse_amount(&payment["amount"]).map(|m| m.cents).unwrap_or(0);
    let description = prospecta_shared::format::escape_markup(payment["description"].as_str().unwrap_or_default());
    let open = payment["status"] == "open";
    let body = if open {
        format!(
            r#"<form method="post" class="space-y-4">
  <fieldset class="space-y-2"><legend class="text-sm font-medium text-ink-900">Moyen de paiement</legend>
    <label class="flex items-center gap-3 rounded-lg p-3 ring-1 ring-ink-200"><input type="radio" name="method" value="creditcard" checked> Carte bancaire</label>
    <label class="flex items-center gap-3 rounded-lg p-3 ring-1 ring-ink-200"><input type="radio" name="method" value="directdebit"> Prélèvement SEPA</label>
  </fieldset>
  <button name="outcome" value="paid" class="w-full rounded-lg bg-brand-600 px-4 py-3 font-semibold text-white hover:bg-brand-700">Payer {price}</button>
  <button name="outcome" value="failed" class="w-full rounded-lg px-4 py-3 font-semibold text-ink-700 ring-1 ring-ink-300 hover:bg-ink-50">Simuler un paiement refusé</button>
  <button name="outcome" value="canceled" class="w-full rounded-lg px-4 py-2 text-sm text-ink-600 hover:text-ink-900">Annuler et revenir</button>
</form>"#,
            price = prospecta_shared::format::euros(amount)
        )
    } else {
        r#"<p class="text-ink-700">Ce paiement n'est plus en attente.</p>"#.to_string()
    };
    Ok(Html(format!(
        r#"<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Paiement simulé · Prospecta</title><link rel="stylesheet" href="/pkg/prospecta.css"></head>
<body class="min-h-screen bg-ink-50 font-sans text-ink-900">
<main class="mx-auto max-w-md px-4 py-12">
  <p class="rounded-lg bg-warning-50 px-4 py-3 text-sm font-medium text-warning-900 ring-1 ring-warning-200">Mode bac à sable : paiement simulé, aucune somme n'est prélevée.</p>
  <div class="mt-6 rounded-2xl bg-white p-6 shadow-sm ring-1 ring-ink-200">
    <h1 class="text-xl font-semibold">Paiement simulé</h1>
    <p class="mt-1 text-sm text-ink-600">{description}</p>
    <p class="mt-4 text-3xl font-semibold tabular-nums">{price} <span class="text-base font-normal text-ink-600">TTC</span></p>
    <div class="mt-6">{body}</div>
  </div>
</main></body></html>"#,
        price = prospecta_shared::format::euros(amount),
    ))
    .into_response())
}

async fn checkout_answer(
    State(s): State<Sandbox>,
    Path(id): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Answer {
    let mut payment = found(&s.db, &id, "payment", "payment").await?;
    let back = payment["redirectUrl"].as_str().unwrap_or("/").to_string();
    if payment["status"] != "open" {
        return Ok(Redirect::to(&back).into_response());
    }
    let outcome = match form.get("outcome").map(String::as_str) {
        Some("paid") => "paid",
        Some("failed") => "failed",
        _ => "canceled",
    };
    let method = match form.get("method").map(String::as_str) {
        Some("directdebit") => "directdebit",
        _ => "creditcard",
    };
    payment["status"] = json!(outcome);
    payment["method"] = json!(method);
    if outcome == "paid"
        && payment["sequenceType"] == "first"
        && let Some(customer_id) = payment["customerId"].as_str()
    {
        let mut customer = found(&s.db, customer_id, "customer", "customer").await?;
        let mandate = json!({
            "resource": "mandate",
            "id": new_id("mdt"),
            "status": "valid",
            "method": method,
            "createdAt": Utc::now().to_rfc3339(),
        });
        payment["mandateId"] = mandate["id"].clone();
        if let Some(list) = customer["mandates"].as_array_mut() {
            list.push(mandate);
        }
        // A new card or account: charges on it go through.
        customer["declining"] = json!(false);
        save(&s.db, "customer", &customer).await?;
    }
    payment["paidAt"] = if outcome == "paid" { json!(Utc::now().to_rfc3339()) } else { Value::Null };
    save(&s.db, "payment", &payment).await?;
    notify(&s, &payment);
    Ok(Redirect::to(&back).into_response())
}
