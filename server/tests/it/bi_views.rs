//! The read-only views for a BI tool, on both databases: each answers; the agency's own
//! organisation is no client; a paying client adds its plan's price to the MRR, a client on
//! its trial nothing; the language model's use is counted per client, day and feature.

use crate::billing::{answer_checkout, checkout, deliver, org_of, subscriber};
use crate::both_databases;
use crate::support::{Backend, PASSWORD, TestApp};
use prospecta_server::llm::prices::PriceTable;
use prospecta_server::llm::provider::LlmUsage;
use prospecta_server::llm::usage::{Caller, LlmFeature};
use prospecta_shared::agency::PlatformKpis;
use sea_orm::{ConnectionTrait, Statement};

async fn rows(app: &TestApp, sql: &str) -> Vec<sea_orm::QueryResult> {
    let db = app.db();
    db.query_all(Statement::from_string(db.get_database_backend(), sql.to_string())).await.expect(sql)
}

async fn the_bi_views_count_clients_only(backend: Backend) {
    let app = TestApp::start(backend).await;
    let paying = subscriber(&app, "ines@plomberie-garnier.fr", "Plomberie Garnier").await;
    let url = checkout(&paying, &[("offre", "essentiel")]).await.expect("checkout");
    answer_checkout(&url, "paid").await;
    deliver(&app, 1).await;
    app.signed_up("paul@garage-morel.fr", "Garage Morel").await;
    prospecta_server::accounts::create_admin(app.db(), "admin@prospecta.fr", PASSWORD).await.unwrap();
    let garnier = org_of(&app, "ines@plomberie-garnier.fr").await;
    let agency = org_of(&app, "admin@prospecta.fr").await;
    let prices = PriceTable::default_table();
    for (org, tokens) in [(garnier, 1_000u64), (agency, 5_000)] {
        let usage = LlmUsage { input_tokens: tokens, output_tokens: 100 };
        let caller = Caller::organization(org);
        prospecta_server::llm::usage::record(
            app.db(),
            &prices,
            caller,
            LlmFeature::ConversationAgent,
            "m",
            usage,
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    }

    for view in
        ["bi_clients", "bi_daily_outreach", "bi_daily_emails", "bi_daily_llm", "bi_meetings", "bi_campaign_funnel"]
    {
        rows(&app, &format!("SELECT * FROM {view}")).await;
    }
    let clients = rows(
        &app,
        "SELECT organization_id, name, members, subscription_status, mrr_cents_ht FROM bi_clients ORDER BY name",
    )
    .await;
    let read: Vec<(i64, String, i64, Option<String>, i64)> = clients
        .iter()
        .map(|r| {
            (
                r.try_get("", "organization_id").unwrap(),
                r.try_get("", "name").unwrap(),
                r.try_get("", "members").unwrap(),
                r.try_get("", "subscription_status").unwrap(),
                r.try_get("", "mrr_cents_ht").unwrap(),
            )
        })
        .collect();
    let plan_price = crate::support::scalar(&app, "SELECT monthly_price_cents AS n FROM subscriptions").await;
    assert!(plan_price > 0);
    assert_eq!(read.len(), 2, "the agency is no client: {read:?}");
    assert_eq!((read[0].1.as_str(), read[0].3.as_deref(), read[0].4), ("Garage Morel", None, 0));
    assert_eq!((read[1].0, read[1].2, read[1].3.as_deref(), read[1].4), (garnier.0, 1, Some("active"), plan_price));
    let llm = rows(&app, "SELECT organization_id, day, feature, tokens_in, tokens_out FROM bi_daily_llm").await;
    assert_eq!(llm.len(), 1, "the agency's own use is left out");
    let day: String = llm[0].try_get("", "day").unwrap();
    assert_eq!(day, chrono::Utc::now().format("%Y-%m-%d").to_string());
    let feature: String = llm[0].try_get("", "feature").unwrap();
    assert_eq!(feature, LlmFeature::ConversationAgent.as_str());
    let tokens_in: i64 = llm[0].try_get("", "tokens_in").unwrap();
    assert_eq!(tokens_in, 1_000);

    // The back office's indicators read the same views.
    let admin = app.client();
    admin
        .call::<()>("accounts/login", &[("email", "admin@prospecta.fr"), ("password", PASSWORD), ("next", "/admin")])
        .await
        .unwrap();
    let kpis: PlatformKpis = admin.call("admin/kpis", &[]).await.unwrap();
    assert_eq!((kpis.clients, kpis.paying, kpis.churned, kpis.mrr_cents_ht), (2, 1, 0, plan_price));
    assert_eq!(kpis.days.len(), 30);
    assert_eq!(kpis.days.last().unwrap().label, chrono::Utc::now().format("%d/%m").to_string());
    assert_eq!(kpis.llm_by_client.len(), 1);
    assert_eq!((kpis.llm_by_client[0].label.as_str(), kpis.llm_by_client[0].tokens), ("Plomberie Garnier", 1_100));
    assert_eq!(kpis.llm_by_feature[0].label, "Agent de conversation");
    assert_eq!(kpis.success, prospecta_shared::results::Funnel::default(), "no campaign yet");
    // On the map: the paying client's commune (its address is in Lyon 2e); the other gave none.
    assert_eq!(kpis.map.len(), 1, "{:?}", kpis.map);
    assert_eq!(kpis.map[0].clients, 1);
    assert!(kpis.map[0].label.starts_with("Lyon") && kpis.map[0].label.ends_with(" : 1 client"), "{:?}", kpis.map);
    assert!((kpis.map[0].lat - 45.75).abs() < 0.1 && (kpis.map[0].lon - 4.83).abs() < 0.1, "{:?}", kpis.map);
    assert_eq!(kpis.unplaced, 1);
    assert_eq!(paying.call::<PlatformKpis>("admin/kpis", &[]).await, Err(prospecta_shared::AppError::Forbidden));
}

both_databases!(the_bi_views_count_clients_only);
