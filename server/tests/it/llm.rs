//! The `llm` capability against a local server speaking OpenAI's Chat Completions wire format:
//! typed answers, the repair retry, retries with backoff on 429/5xx, timeouts, metering with
//! the estimated cost, and the monthly budget refusing before any call.

use crate::both_databases;
use crate::support::{Backend, TestApp, scalar};
use axum::Json;
use axum::Router;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use prospecta_server::llm::provider::{LlmConfig, LlmKind, LlmUsage, RigProvider};
use prospecta_server::llm::structured::Question;
use prospecta_server::llm::usage::{Caller, LlmFeature};
use prospecta_server::llm::{Llm, LlmError, LlmSettings, budget};
use prospecta_shared::ids::OrgId;
use serde_json::{Value, json};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

both_databases!(
    a_structured_answer_is_typed_metered_and_priced,
    a_malformed_answer_is_repaired_once_then_refused,
    rate_limits_and_outages_are_retried_refusals_are_not,
    the_monthly_budget_refuses_before_any_call,
);

/// What the scripted model does for one request.
#[derive(Clone, Debug)]
enum Scripted {
    Answer(&'static str),
    Status(u16, Option<u64>),
    Hang,
}

struct Script {
    replies: Mutex<VecDeque<Scripted>>,
    seen: Mutex<Vec<Value>>,
}

impl Script {
    fn requests(&self) -> Vec<Value> {
        self.seen.lock().unwrap().clone()
    }
}

/// A model on loopback answering `replies` in order (the last one again once they run out).
async fn scripted(replies: &[Scripted]) -> (String, Arc<Script>) {
    let script = Arc::new(Script { replies: Mutex::new(replies.iter().cloned().collect()), seen: Mutex::default() });
    let state = script.clone();
    let app = Router::new().route(
        "/v1/chat/completions",
        post(move |Json(body): Json<Value>| {
            let script = state.clone();
            async move {
                script.seen.lock().unwrap().push(body);
                let reply = {
                    let mut replies = script.replies.lock().unwrap();
                    if replies.len() > 1 { replies.pop_front() } else { replies.front().cloned() }
                };
                match reply.expect("a scripted reply") {
                    Scripted::Status(code, retry_after) => {
                        let mut response = (StatusCode::from_u16(code).unwrap(), "{\"error\":{\"message\":\"busy\"}}")
                            .into_response();
                        if let Some(seconds) = retry_after {
                            response.headers_mut().insert("retry-after", seconds.into());
                        }
                        response
                    }
                    Scripted::Hang => {
                        tokio::time::sleep(Duration::from_secs(30)).await;
                        StatusCode::OK.into_response()
                    }
                    Scripted::Answer(content) => {
                        let answer: Response = Json(json!({
                            "id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "gpt-4o-mini",
                            "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
                            "usage": {"prompt_tokens": 1000, "completion_tokens": 200, "total_tokens": 1200}
                        }))
                        .into_response();
                        answer
                    }
                }
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}/v1"), script)
}

fn settings(base_url: String, monthly_tokens: i64) -> LlmSettings {
    LlmSettings {
        provider: LlmConfig {
            kind: LlmKind::OpenAiCompatible,
            base_url,
            api_key: "test-key".into(),
            // A model of the price table: its calls cost something.
            model: "gpt-4o-mini".into(),
            timeout: Duration::from_millis(700),
            retries: 2,
            backoff: Duration::from_millis(20),
        },
        monthly_tokens,
        ..LlmSettings::sandbox("http://127.0.0.1:1")
    }
}

async fn model(app: &TestApp, replies: &[Scripted]) -> (Llm, Arc<Script>) {
    let (url, script) = scripted(replies).await;
    let settings = settings(url, 1_000_000);
    (Llm::with_provider(Arc::new(RigProvider::new(&settings.provider)), &settings, app.db().clone()), script)
}

#[derive(serde::Deserialize, Debug, PartialEq)]
struct Objective {
    kind: String,
    detail: Option<String>,
}

const KINDS: [&str; 3] = ["rendez_vous", "rappel", "autre"];

fn question() -> Question {
    let schema = json!({
        "type": "object",
        "properties": {"kind": {"type": "string", "enum": KINDS}, "detail": {"type": ["string", "null"]}},
        "required": ["kind", "detail"],
        "additionalProperties": false
    });
    Question::single(
        "objective",
        "Tu lis l'objectif commercial d'un client. Réponds en JSON.",
        "Je veux des rendez-vous.",
        schema,
    )
    .max_output_tokens(50)
}

fn known_kind(answer: &Objective) -> Result<(), String> {
    if KINDS.contains(&answer.kind.as_str()) { Ok(()) } else { Err(format!("kind doit être l'un de {KINDS:?}")) }
}

async fn organization(app: &TestApp) -> OrgId {
    app.signed_up("gerante@exemple.fr", "Garde Nuit SARL").await;
    OrgId(scalar(app, "SELECT id AS n FROM organizations").await)
}

async fn a_structured_answer_is_typed_metered_and_priced(backend: Backend) {
    let app = TestApp::start(backend).await;
    let org = organization(&app).await;
    let (llm, script) =
        model(&app, &[Scripted::Answer("```json\n{\"kind\": \"rendez_vous\", \"detail\": null}\n```")]).await;
    let answered = llm.ask(Caller::organization(org), LlmFeature::ChooseSite, &question(), &known_kind).await.unwrap();
    assert_eq!(answered.answer, Objective { kind: "rendez_vous".into(), detail: None });
    assert_eq!(answered.usage, LlmUsage { input_tokens: 1000, output_tokens: 200 });

    let sent = &script.requests()[0];
    assert_eq!(sent["model"], "gpt-4o-mini");
    assert_eq!(sent["response_format"]["type"], "json_schema", "{sent}");
    assert_eq!(sent["max_tokens"].as_u64().or(sent["max_completion_tokens"].as_u64()), Some(50), "{sent}");
    assert!(sent["messages"].to_string().contains("Je veux des rendez-vous."));

    // One row: the organisation, the feature, the model, the tokens and the price table's cost
    // (gpt-4o-mini: 0.14 € and 0.55 € per million tokens: 140 + 110 micro-euros).
    assert_eq!(app.count("llm_usage").await, 1);
    let row = format!("{org}");
    assert_eq!(scalar(&app, &format!("SELECT COUNT(*) AS n FROM llm_usage WHERE organization_id = {row} AND purpose = 'choose_site' AND model = 'gpt-4o-mini' AND tokens_in = 1000 AND tokens_out = 200")).await, 1);
    assert_eq!(scalar(&app, "SELECT cost_micro_eur AS n FROM llm_usage").await, 250);
    let spent = llm.allowance(org).await.unwrap().spent;
    assert_eq!((spent.tokens(), spent.cost_micro_eur), (1200, 250));
}

async fn a_malformed_answer_is_repaired_once_then_refused(backend: Backend) {
    let app = TestApp::start(backend).await;
    let org = organization(&app).await;
    let caller = Caller::organization(org);

    // Prose, then a kind outside the list: both pointed out, the second answer is used.
    let (llm, script) = model(
        &app,
        &[
            Scripted::Answer("Le client veut des rendez-vous."),
            Scripted::Answer("{\"kind\": \"rappel\", \"detail\": \"sous 24 h\"}"),
        ],
    )
    .await;
    let answered = llm.ask(caller, LlmFeature::ChooseSite, &question(), &known_kind).await.unwrap();
    assert_eq!(answered.answer.kind, "rappel");
    assert_eq!(answered.usage.total(), 2400, "both exchanges count");
    let repair = script.requests()[1]["messages"].to_string();
    assert!(repair.contains("Le client veut des rendez-vous."), "the bad answer is sent back: {repair}");
    assert!(repair.contains("pas un objet JSON"), "with what was wrong: {repair}");

    // Twice out of the schema's list: a typed error, nothing more asked, both exchanges metered.
    let (llm, script) = model(&app, &[Scripted::Answer("{\"kind\": \"visite\", \"detail\": null}")]).await;
    let error = llm.ask(caller, LlmFeature::ChooseSite, &question(), &known_kind).await.unwrap_err();
    let LlmError::Malformed(reason) = &error else { panic!("{error:?}") };
    assert!(reason.contains("kind doit être"), "{reason}");
    assert!(error.to_string().starts_with("réponse du modèle de langage inutilisable"), "{error}");
    assert_eq!(script.requests().len(), 2);
    assert!(script.requests()[1]["messages"].to_string().contains("kind doit être"));
    assert_eq!(app.count("llm_usage").await, 4);
}

async fn rate_limits_and_outages_are_retried_refusals_are_not(backend: Backend) {
    let app = TestApp::start(backend).await;
    let caller = Caller::organization(organization(&app).await);
    let ok = Scripted::Answer("{\"kind\": \"autre\", \"detail\": \"un devis\"}");

    // A 429 (asking for no wait), then a 503: retried, answered, metered once.
    let (llm, script) = model(&app, &[Scripted::Status(429, Some(0)), Scripted::Status(503, None), ok.clone()]).await;
    let answered = llm.ask(caller, LlmFeature::ChooseSite, &question(), &known_kind).await.unwrap();
    assert_eq!(answered.answer.detail.as_deref(), Some("un devis"));
    assert_eq!(script.requests().len(), 3);
    assert_eq!(app.count("llm_usage").await, 1, "failed attempts cost nothing");

    // Always 500: the first attempt and two retries, then a typed error.
    let (llm, script) = model(&app, &[Scripted::Status(500, None)]).await;
    let error = llm.ask(caller, LlmFeature::ChooseSite, &question(), &known_kind).await.unwrap_err();
    assert!(matches!(error, LlmError::Unavailable(_)), "{error:?}");
    assert_eq!(script.requests().len(), 3);

    // Still rate limited after the retries: said so.
    let (llm, _) = model(&app, &[Scripted::Status(429, None)]).await;
    assert_eq!(
        llm.ask(caller, LlmFeature::ChooseSite, &question(), &known_kind).await.unwrap_err(),
        LlmError::RateLimited
    );

    // A provider asking to wait longer than anyone would: told at once.
    let (llm, script) = model(&app, &[Scripted::Status(429, Some(3600)), ok.clone()]).await;
    let started = Instant::now();
    assert_eq!(
        llm.ask(caller, LlmFeature::ChooseSite, &question(), &known_kind).await.unwrap_err(),
        LlmError::RateLimited
    );
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(script.requests().len(), 1);

    // A refusal (a bad key) is not asked again.
    let (llm, script) = model(&app, &[Scripted::Status(401, None), ok]).await;
    let error = llm.ask(caller, LlmFeature::ChooseSite, &question(), &known_kind).await.unwrap_err();
    assert!(matches!(&error, LlmError::Rejected(detail) if detail.contains("401")), "{error:?}");
    assert_eq!(script.requests().len(), 1);

    // A model that does not answer: a timeout, in bounded time, not retried.
    let (llm, script) = model(&app, &[Scripted::Hang]).await;
    let started = Instant::now();
    assert_eq!(llm.ask(caller, LlmFeature::ChooseSite, &question(), &known_kind).await.unwrap_err(), LlmError::Timeout);
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(script.requests().len(), 1);
    assert_eq!(app.count("llm_usage").await, 1, "nothing answered, nothing metered");
}

async fn the_monthly_budget_refuses_before_any_call(backend: Backend) {
    let app = TestApp::start(backend).await;
    let org = organization(&app).await;
    let caller = Caller::organization(org);
    let ok = Scripted::Answer("{\"kind\": \"rendez_vous\", \"detail\": null}");
    let (url, script) = scripted(&[ok]).await;
    // The server's default: room for one call of 1 200 tokens and the estimate of the next
    // (its ~150 characters of question and its 50 tokens of answer), not for that next call.
    let settings = settings(url, 1_300);
    let llm = Llm::with_provider(Arc::new(RigProvider::new(&settings.provider)), &settings, app.db().clone());
    llm.ask(caller, LlmFeature::ChooseSite, &question(), &known_kind).await.unwrap();
    let error = llm.ask(caller, LlmFeature::ChooseSite, &question(), &known_kind).await.unwrap_err();
    assert_eq!(error, LlmError::BudgetExhausted { used: 1200, cap: 1300 });
    assert!(error.to_string().contains("budget d'IA du mois atteint (1200 jetons utilisés sur 1300)"), "{error}");
    assert_eq!(script.requests().len(), 1, "refused before calling");

    // The agency raises this organisation's cap: asked again.
    budget::set_cap(app.db(), org, 10_000).await.unwrap();
    llm.ask(caller, LlmFeature::ChooseSite, &question(), &known_kind).await.unwrap();
    assert_eq!(llm.allowance(org).await.unwrap().remaining(), 10_000 - 2_400);

    // Last month's spending does not count against this month.
    exec_backdated(&app).await;
    assert_eq!(llm.allowance(org).await.unwrap().spent.tokens(), 0);

    // The operator's own calls (no organisation) are metered, never capped.
    budget::set_cap(app.db(), org, 0).await.unwrap();
    assert!(llm.ask(caller, LlmFeature::ChooseSite, &question(), &known_kind).await.is_err());
    llm.ask(Caller::default(), LlmFeature::ChooseSite, &question(), &known_kind).await.unwrap();
}

/// Move every metered call to the previous month.
async fn exec_backdated(app: &TestApp) {
    use sea_orm::{ConnectionTrait, Statement};
    let earlier = budget::month_start(chrono::Utc::now()) - chrono::Duration::days(2);
    let backend = app.db().get_database_backend();
    let sql = if backend == sea_orm::DbBackend::Postgres {
        "UPDATE llm_usage SET created_at = $1"
    } else {
        "UPDATE llm_usage SET created_at = ?"
    };
    app.db().execute(Statement::from_sql_and_values(backend, sql, [earlier.into()])).await.unwrap();
}
