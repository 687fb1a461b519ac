//! Period statements (SUB-2), on both databases: before any subscription one statement covers
//! the account; each paid month then has its own, with what the plan included, the balance
//! carried in, what was granted, what was delivered (from the ledger, and the model's tokens
//! from the metering) and the balance carried out; its lines name each grant and sum each
//! day's deliveries; the same statement downloads as a PDF; another organisation sees none of it.

use crate::billing::{account, answer_checkout, checkout, deliver, org_of, subscriber};
use crate::billing_invoices::{Scratch, run};
use crate::both_databases;
use crate::support::{Backend, TestApp, assert_hidden_from_other_tenant};
use prospecta_server::credits;
use prospecta_server::llm::prices::PriceTable;
use prospecta_server::llm::provider::LlmUsage;
use prospecta_server::llm::usage::{Caller, LlmFeature};
use prospecta_shared::billing::{Statement, StatementPeriod, StatementRow, StatementSummary};
use prospecta_shared::credits::Quota;

fn row<'a>(summary: &'a StatementSummary, unit: &str) -> &'a StatementRow {
    summary.rows.iter().find(|r| r.unit == unit).unwrap_or_else(|| panic!("no {unit} in {summary:?}"))
}

/// (included, carried in, granted, delivered, carried out)
fn figures(row: &StatementRow) -> (Option<i64>, Option<i64>, Option<i64>, i64, Option<i64>) {
    (row.included, row.opening, row.granted, row.delivered, row.closing)
}

async fn each_period_has_its_statement_of_plan_against_delivered(backend: Backend) {
    let app = TestApp::start(backend).await;
    let email = "lea@menuiserie-blanc.fr";
    let client = subscriber(&app, email, "Menuiserie Blanc").await;
    let org = org_of(&app, email).await;
    let db = app.db();
    credits::consume(db, org, Quota::Prospects, 30, "Déblocage de 30 lignes", None).await.unwrap();

    // On the trial: one statement, since the account opened, with nothing "included".
    let statements = account(&client).await.statements;
    assert_eq!(statements.len(), 1, "{statements:?}");
    let trial = &statements[0];
    assert_eq!(trial.period, StatementPeriod::BeforeSubscription);
    assert_eq!(
        (trial.label.as_str(), trial.current, trial.plan_name.clone()),
        ("Depuis l'ouverture du compte", true, None)
    );
    assert_eq!(figures(row(trial, "Prospects débloqués")), (None, Some(0), Some(100), 30, Some(70)));
    assert_eq!(figures(row(trial, "Réponses de l'agent envoyées")), (None, Some(0), Some(20), 0, Some(20)));

    // Subscribed: the month has its own statement, the trial's is closed.
    let url = checkout(&client, &[("offre", "croissance")]).await.expect("checkout");
    answer_checkout(&url, "paid").await;
    deliver(&app, 1).await;
    let plan = account(&client).await.subscription.expect("subscription").quotas;
    for _ in 0..3 {
        credits::consume(db, org, Quota::Contacts, 1, "Contact par formulaire : Ets Perrin", None).await.unwrap();
    }
    credits::consume(db, org, Quota::Prospects, 2, "Déblocage de 2 lignes", None).await.unwrap();
    credits::consume(db, org, Quota::AgentMessages, 1, "Réponse à Ets Perrin", None).await.unwrap();
    // A consumption refused (the balance does not cover it) is on no statement.
    assert!(credits::consume(db, org, Quota::AgentMessages, 1_000_000, "Trop", None).await.is_err());
    let usage = LlmUsage { input_tokens: 1_200, output_tokens: 300 };
    let prices = PriceTable::default_table();
    prospecta_server::llm::usage::record(
        db,
        &prices,
        Caller::organization(org),
        LlmFeature::ConversationAgent,
        "m",
        usage,
        chrono::Utc::now(),
    )
    .await
    .unwrap();

    let statements = account(&client).await.statements;
    assert_eq!(statements.len(), 2, "{statements:?}");
    let (month, before) = (&statements[0], &statements[1]);
    assert!(matches!(month.period, StatementPeriod::Month(_)), "newest first: {statements:?}");
    assert!(month.label.starts_with("Du "), "{}", month.label);
    assert_eq!((month.plan_name.as_deref(), month.current), (Some("Croissance"), true));
    assert_eq!(
        figures(row(month, "Entreprises contactées")),
        (Some(plan.contacts), Some(50), Some(plan.contacts), 3, Some(50 + plan.contacts - 3))
    );
    assert_eq!(
        figures(row(month, "Prospects débloqués")),
        (Some(plan.prospects), Some(70), Some(plan.prospects), 2, Some(70 + plan.prospects - 2))
    );
    assert_eq!(
        figures(row(month, "Réponses de l'agent envoyées")),
        (Some(plan.agent_messages), Some(20), Some(plan.agent_messages), 1, Some(20 + plan.agent_messages - 1))
    );
    assert_eq!(figures(row(month, "Jetons d'IA")), (Some(plan.llm_tokens), None, None, 1_500, None));
    assert_eq!((before.label.as_str(), before.current), ("Avant l'abonnement", false));
    assert_eq!(figures(row(before, "Prospects débloqués")), (None, Some(0), Some(100), 30, Some(70)));
    // The ledger balances: what a statement carries out is what is left.
    assert_eq!(
        row(month, "Entreprises contactées").closing,
        Some(credits::balance(db, org, Quota::Contacts).await.unwrap())
    );

    // Its lines: each grant with its reason, each day's deliveries of a unit summed.
    let key = month.period.key();
    let statement: Statement = client.call("billing/statement", &[("period", &key)]).await.expect("statement");
    let lines: Vec<_> = statement.lines.iter().map(|l| (l.label.as_str(), l.delta)).collect();
    assert!(
        lines.iter().any(|(label, delta)| label.starts_with("Abonnement Croissance · du ") && *delta == plan.contacts),
        "{lines:?}"
    );
    for expected in
        [("3 entreprises contactées", -3), ("2 prospects débloqués", -2), ("1 réponse de l'agent envoyée", -1)]
    {
        assert!(lines.contains(&expected), "{expected:?} in {lines:?}");
    }
    assert!(statement.simulated);

    // The same as a PDF.
    let response = client.http.get(format!("{}/app/factures/releves/{key}/pdf", client.base)).send().await.unwrap();
    assert_eq!(response.status(), reqwest::StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "application/pdf");
    let pdf = response.bytes().await.unwrap();
    let scratch = Scratch::new();
    let file = scratch.0.join("statement.pdf");
    std::fs::write(&file, &pdf).unwrap();
    let text = run("pdftotext", &["-layout", file.to_str().unwrap(), "-"]);
    assert!(text.status.success(), "{}", String::from_utf8_lossy(&text.stderr));
    let text = String::from_utf8_lossy(&text.stdout).split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        "RELEVÉ DE CONSOMMATION",
        "Menuiserie Blanc",
        "Offre Croissance",
        "Abonnement Croissance",
        "3 entreprises contactées",
        "1 réponse de l'agent envoyée",
        "bac à sable",
    ] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
    let unknown = client.http.get(format!("{}/app/factures/releves/abc/pdf", client.base)).send().await.unwrap();
    assert_eq!(unknown.status(), reqwest::StatusCode::NOT_FOUND);

    // Another organisation: neither the statement nor its PDF.
    let outsider = app.signed_up("paul@garage-morel.fr", "Garage Morel").await;
    assert_hidden_from_other_tenant(&app, &outsider, "billing/statement", &[("period", &key)]).await;
    let theirs = outsider.http.get(format!("{}/app/factures/releves/{key}/pdf", outsider.base)).send().await.unwrap();
    assert_eq!(theirs.status(), reqwest::StatusCode::NOT_FOUND);
    let signed_out =
        app.client().http.get(format!("{}/app/factures/releves/{key}/pdf", app.base)).send().await.unwrap();
    assert_ne!(signed_out.status(), reqwest::StatusCode::OK);
}

both_databases!(each_period_has_its_statement_of_plan_against_delivered);
