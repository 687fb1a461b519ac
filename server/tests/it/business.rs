//! The business profile and the offers through their server functions, on both databases: the
//! wizard saved step by step with its refusals (nothing half-saved), the first offer made from
//! the profile, offers scoping databases, campaigns and figures, tenant isolation, and the
//! migration that moved existing databases and campaigns into a first offer.

use crate::both_databases;
use crate::campaigns::{app, database, draft};
use crate::support::{Backend, Client, TestDb};
use prospecta_migrations::{Migrator, MigratorTrait};
use prospecta_shared::AppError;
use prospecta_shared::business::{
    AgentPrompt, AgentRole, DiffLine, Objective, Offer, OfferContext, OfferPrompts, Onboarding, OnboardingStep,
    PromptState, Tone, diff_lines,
};
use prospecta_shared::campaigns::VariantDraft;
use prospecta_shared::dashboard::DashboardFigures;
use prospecta_shared::error::ValidationCode;
use prospecta_shared::ids::OfferId;
use prospecta_shared::prospecting::{DatabaseSummary, SampleProspect};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};

fn field_of(result: Result<impl std::fmt::Debug, AppError>) -> String {
    match result {
        Err(AppError::Validation { field, .. }) => field,
        other => panic!("expected a validation error, got {other:?}"),
    }
}

async fn onboarding(client: &Client) -> Onboarding {
    client.call("business/onboarding", &[]).await.expect("onboarding")
}

async fn offers(client: &Client) -> Vec<Offer> {
    client.call("business/offers", &[]).await.expect("offers")
}

fn offer_form<'a>(id: &'a str, name: &'a str, objective: &'a str, url: &'a str) -> Vec<(&'static str, &'a str)> {
    vec![
        ("offer_id", id),
        ("name", name),
        ("description", "Rondes et télésurveillance des magasins"),
        ("target_sector", "Commerces de détail"),
        ("target_area", "Lyon"),
        ("persona", "Camille Martin, responsable commerciale"),
        ("tone", "formal"),
        ("objective", objective),
        ("objective_url", url),
        ("objective_detail", ""),
    ]
}

async fn the_wizard_saves_each_step_and_makes_the_first_offer(backend: Backend) {
    let app = app(backend).await;
    let client = app.signed_up("camille@gardiennage-martin.fr", "Gardiennage Martin").await;
    let start = onboarding(&client).await;
    assert_eq!(start.progress.resume_at(), Some(OnboardingStep::Company));
    assert!(!start.progress.is_complete());

    // A step with a missing answer is refused on that field, and nothing of it is kept.
    let missing = client
        .call::<Onboarding>(
            "business/save-activity",
            &[
                ("activity", "Agent de sécurité"),
                ("offering", "Gardiennage de magasins\nRondes de nuit"),
                ("customers", " "),
                ("business_model", "recurring"),
                ("price_range", ""),
            ],
        )
        .await;
    assert_eq!(field_of(missing), "customers");
    assert_eq!(onboarding(&client).await, start);
    let unknown_model = client
        .call::<Onboarding>(
            "business/save-activity",
            &[
                ("activity", "Agent de sécurité"),
                ("offering", "Gardiennage"),
                ("customers", "Commerces"),
                ("business_model", "troc"),
                ("price_range", ""),
            ],
        )
        .await;
    assert_eq!(field_of(unknown_model), "business_model");

    for step in ["company", "person"] {
        client.call::<Onboarding>("business/complete-step", &[("step", step)]).await.expect("confirmed");
    }
    // Only the steps the settings' forms answer can be confirmed without answers.
    assert_eq!(field_of(client.call::<Onboarding>("business/complete-step", &[("step", "objective")]).await), "step");

    let saved: Onboarding = client
        .call(
            "business/save-activity",
            &[
                ("activity", "Agent de sécurité"),
                ("offering", "Gardiennage de magasins\nRondes de nuit et télésurveillance"),
                ("customers", "Commerces de détail du Rhône"),
                ("business_model", "recurring"),
                ("price_range", "De 800 € à 3 000 € par mois"),
            ],
        )
        .await
        .expect("activity");
    assert_eq!(saved.profile.activity.as_deref(), Some("Agent de sécurité"));
    assert_eq!(saved.progress.resume_at(), Some(OnboardingStep::Arguments));

    // An objection without its answer is refused on the answer.
    let half = client
        .call::<Onboarding>(
            "business/save-arguments",
            &[
                ("differentiators", "Agents formés SSIAP"),
                ("objection_1", "C'est trop cher"),
                ("answer_1", ""),
                ("objection_2", ""),
                ("answer_2", ""),
                ("objection_3", ""),
                ("answer_3", ""),
                ("objection_4", ""),
                ("answer_4", ""),
                ("objection_5", ""),
                ("answer_5", ""),
            ],
        )
        .await;
    assert_eq!(field_of(half), "answer_1");
    let skipped: Onboarding = client.call("business/skip-step", &[("step", "arguments")]).await.expect("skipped");
    assert_eq!(skipped.progress.skipped, vec![OnboardingStep::Arguments]);
    assert_eq!(skipped.progress.resume_at(), Some(OnboardingStep::Style));

    client
        .call::<Onboarding>(
            "business/save-style",
            &[("tone", "direct"), ("preferences", "Rendez-vous le matin"), ("never_promise", "Un prix sans visite")],
        )
        .await
        .expect("style");
    // A landing page without its address, then one that is not a site.
    assert_eq!(
        field_of(
            client
                .call::<Onboarding>(
                    "business/save-objective",
                    &[("objective", "landing_page"), ("objective_url", ""), ("objective_detail", "")],
                )
                .await
        ),
        "objective_url"
    );
    assert!(matches!(
        client
            .call::<Onboarding>(
                "business/save-objective",
                &[("objective", "landing_page"), ("objective_url", "http://127.0.0.1/offre"), ("objective_detail", "")],
            )
            .await,
        Err(AppError::Validation { code: ValidationCode::WebsiteIpAddress, .. })
    ));
    let done: Onboarding = client
        .call(
            "business/save-objective",
            &[
                ("objective", "landing_page"),
                ("objective_url", "www.gardiennage-martin.fr/devis"),
                ("objective_detail", ""),
            ],
        )
        .await
        .expect("objective");
    // Everything but the skipped step: the wizard comes back to it.
    assert_eq!(done.progress.remaining(), vec![OnboardingStep::Arguments]);
    assert_eq!(done.progress.resume_at(), Some(OnboardingStep::Arguments));

    // The first offer is made from the profile.
    let list = offers(&client).await;
    assert_eq!(list.len(), 1);
    let first = &list[0];
    assert_eq!(first.name, "Gardiennage de magasins");
    assert_eq!(first.target_sector.as_deref(), Some("Commerces de détail du Rhône"));
    assert_eq!(first.tone, Tone::Direct);
    assert_eq!(first.objective, Objective::LandingPage { url: "https://www.gardiennage-martin.fr/devis".into() });

    // The skipped step answered at last: the profile is complete and read back whole.
    let complete: Onboarding = client
        .call(
            "business/save-arguments",
            &[
                ("differentiators", "Agents formés SSIAP"),
                ("objection_1", "C'est trop cher"),
                ("answer_1", "Le premier mois est à l'essai"),
                ("objection_2", ""),
                ("answer_2", ""),
                ("objection_3", "Nous avons déjà un prestataire"),
                ("answer_3", "Comparez nos délais d'intervention"),
                ("objection_4", ""),
                ("answer_4", ""),
                ("objection_5", ""),
                ("answer_5", ""),
            ],
        )
        .await
        .expect("arguments");
    assert!(complete.progress.is_complete());
    assert!(complete.progress.skipped.is_empty());
    assert_eq!(complete.profile.objections.len(), 2);
    assert_eq!(onboarding(&client).await, complete);
}

async fn offers_scope_databases_campaigns_and_figures(backend: Backend) {
    let app = app(backend).await;
    let client = app.signed_up("anne@securite-lyon.fr", "Sécurité Lyon").await;
    let first = database(&app, &client, 2).await;
    let context: OfferContext = client.call("business/offer-context", &[]).await.expect("context");
    assert_eq!(context.offers.len(), 1);
    let main_offer = context.current;

    let second: Offer = client
        .call("business/save-offer", &offer_form("", "Interventions d'urgence nocturnes", "call_back", ""))
        .await
        .expect("second offer");
    assert_eq!(second.objective, Objective::CallBack);
    assert_eq!(second.tone, Tone::Formal);
    // Two offers never share a name, whatever the case.
    assert!(matches!(
        client
            .call::<Offer>("business/save-offer", &offer_form("", "INTERVENTIONS D'URGENCE NOCTURNES", "meeting", ""))
            .await,
        Err(AppError::Conflict(_))
    ));
    assert_eq!(
        field_of(client.call::<Offer>("business/save-offer", &offer_form("", "Sans objectif", "", "")).await),
        "objective"
    );

    client.call::<()>("business/choose-offer", &[("offer_id", &second.id.to_string())]).await.expect("chosen");
    let context: OfferContext = client.call("business/offer-context", &[]).await.expect("context");
    assert_eq!(context.current, second.id);
    // The second offer's lists and figures start empty.
    let listed: Vec<DatabaseSummary> = client.call("prospecting/databases", &[]).await.expect("databases");
    assert!(listed.is_empty());
    let figures: DashboardFigures = client.call("workspace/dashboard", &[]).await.expect("figures");
    assert_eq!((figures.databases, figures.prospects), (0, 0));
    // A campaign of this offer cannot use the other offer's database.
    let refused = client.call_json::<Value>("campaigns/create", &json!({ "draft": draft(first.id) })).await;
    assert_eq!(field_of(refused), "databases");

    let own: DatabaseSummary =
        client.call("prospecting/create", &crate::databases::target("69266", "Urgences")).await.expect("database");
    let listed: Vec<DatabaseSummary> = client.call("prospecting/databases", &[]).await.expect("databases");
    assert_eq!(listed.iter().map(|d| d.id).collect::<Vec<_>>(), vec![own.id]);
    client.call_json::<Value>("campaigns/create", &json!({ "draft": draft(own.id) })).await.expect("campaign");

    client.call::<()>("business/choose-offer", &[("offer_id", &main_offer.to_string())]).await.expect("back");
    let listed: Vec<DatabaseSummary> = client.call("prospecting/databases", &[]).await.expect("databases");
    assert_eq!(listed.iter().map(|d| d.id).collect::<Vec<_>>(), vec![first.id]);
    let campaigns: Vec<Value> = client.call("campaigns/list", &[]).await.expect("campaigns");
    assert!(campaigns.is_empty());
    let figures: DashboardFigures = client.call("workspace/dashboard", &[]).await.expect("figures");
    assert_eq!(figures.databases, 1);
    assert!(figures.prospects > 0);

    let counts: Vec<(String, u64, u64)> =
        offers(&client).await.into_iter().map(|o| (o.name, o.databases, o.campaigns)).collect();
    assert_eq!(counts, vec![("Offre principale".into(), 1, 0), ("Interventions d'urgence nocturnes".into(), 1, 1)]);

    // Renamed and re-aimed, it keeps its databases.
    let changed: Offer = client
        .call(
            "business/save-offer",
            &offer_form(&second.id.to_string(), "Urgences de nuit", "landing_page", "urgences-lyon.fr"),
        )
        .await
        .expect("changed");
    assert_eq!(changed.name, "Urgences de nuit");
    assert_eq!(changed.objective, Objective::LandingPage { url: "https://urgences-lyon.fr/".into() });
    assert_eq!(changed.databases, 1);

    // Another organisation sees none of it, and cannot choose or change it.
    let other = app.signed_up("paul@autre.fr", "Autre").await;
    assert_eq!(offers(&other).await.len(), 1);
    assert!(matches!(
        other.call::<()>("business/choose-offer", &[("offer_id", &second.id.to_string())]).await,
        Err(AppError::NotFound)
    ));
    assert!(matches!(
        other.call::<Offer>("business/save-offer", &offer_form(&second.id.to_string(), "Volée", "meeting", "")).await,
        Err(AppError::NotFound)
    ));
    assert!(matches!(
        other.call::<Offer>("business/offer", &[("offer_id", &second.id.to_string())]).await,
        Err(AppError::NotFound)
    ));
    assert_eq!(offers(&client).await[1].name, "Urgences de nuit");
    // Signed out: nothing.
    assert!(matches!(app.client().call::<Vec<Offer>>("business/offers", &[]).await, Err(AppError::Unauthenticated)));
}

/// An offer row as the migration wrote it.
struct MigratedOffer {
    id: i64,
    organization_id: i64,
    position: i32,
    name: String,
    target_sector: Option<String>,
    target_area: Option<String>,
    tone: String,
    objective_kind: String,
}

/// The migration's data: every organisation gets its first offer, aimed at a meeting, its target
/// read from its latest database, and its databases and campaigns move into it.
async fn existing_databases_and_campaigns_move_into_a_first_offer(backend: Backend) {
    let test_db = TestDb::create(backend).await;
    let db = prospecta_server::db::connect(&test_db.url).await.expect("connect");
    Migrator::up(&db, Some(13)).await.expect("migrations up to 13");
    let now = "2026-11-30T10:00:00+00:00";
    let statements = [
        format!("INSERT INTO organizations (name, created_at) VALUES ('Plomberie Martin', '{now}')"),
        format!("INSERT INTO organizations (name, created_at) VALUES ('Sans base', '{now}')"),
        format!(
            "INSERT INTO prospect_databases (organization_id, name, sector, place_kind, place_code, radius_km, \
             target_label, status, pages_fetched, pages_expected, companies_found, merged, stored, created_at, \
             updated_at) VALUES (1, 'Ancienne', 'plombier', 'commune', '69266', 0, 'Plombier · Villeurbanne', \
             'ready', 0, 0, 0, 0, 0, '2026-11-01T10:00:00+00:00', '{now}')"
        ),
        format!(
            "INSERT INTO prospect_databases (organization_id, name, sector, place_kind, place_code, radius_km, \
             target_label, status, pages_fetched, pages_expected, companies_found, merged, stored, created_at, \
             updated_at) VALUES (1, 'Récente', 'chauffagiste', 'departement', '69', 0, 'Chauffagiste · Rhône', \
             'ready', 0, 0, 0, 0, 0, '2026-11-20T10:00:00+00:00', '{now}')"
        ),
        format!(
            "INSERT INTO campaigns (organization_id, name, status, sender, sending_window, daily_pace, \
             follow_up_days, max_follow_ups, min_sample, created_at, updated_at) VALUES (1, 'Printemps', 'draft', \
             '{{}}', '{{}}', 50, 7, 2, 30, '{now}', '{now}')"
        ),
    ];
    for sql in &statements {
        db.execute(Statement::from_string(db.get_database_backend(), sql.clone())).await.expect(sql);
    }
    Migrator::up(&db, None).await.expect("the rest of the migrations");

    let rows = db
        .query_all(Statement::from_string(
            db.get_database_backend(),
            "SELECT id, organization_id, position, name, target_sector, target_area, tone, objective_kind FROM offers \
             ORDER BY organization_id"
                .to_string(),
        ))
        .await
        .expect("offers");
    let offers: Vec<MigratedOffer> = rows
        .iter()
        .map(|r| MigratedOffer {
            id: r.try_get("", "id").unwrap(),
            organization_id: r.try_get("", "organization_id").unwrap(),
            position: r.try_get("", "position").unwrap(),
            name: r.try_get("", "name").unwrap(),
            target_sector: r.try_get("", "target_sector").unwrap(),
            target_area: r.try_get("", "target_area").unwrap(),
            tone: r.try_get("", "tone").unwrap(),
            objective_kind: r.try_get("", "objective_kind").unwrap(),
        })
        .collect();
    assert_eq!(offers.len(), 2, "one first offer per organisation");
    let first = &offers[0];
    assert_eq!((first.organization_id, first.position, first.name.as_str()), (1, 1, "Offre principale"));
    assert_eq!(
        (first.target_sector.as_deref(), first.target_area.as_deref()),
        (Some("chauffagiste"), Some("Chauffagiste · Rhône"))
    );
    assert_eq!((first.tone.as_str(), first.objective_kind.as_str()), ("warm", "meeting"));
    assert_eq!((offers[1].organization_id, offers[1].target_sector.clone()), (2, None));
    let first_id = first.id;

    for table in ["prospect_databases", "campaigns"] {
        let unmoved = db
            .query_one(Statement::from_string(
                db.get_database_backend(),
                format!("SELECT COUNT(*) AS n FROM {table} WHERE offer_id IS NULL OR offer_id <> {first_id}"),
            ))
            .await
            .unwrap()
            .unwrap()
            .try_get::<i64>("", "n")
            .unwrap();
        assert_eq!(unmoved, 0, "every row of {table} is in the first offer");
    }
    // Going back down and up again keeps working (the migration is reversible).
    Migrator::down(&db, Some(1)).await.expect("down");
    Migrator::up(&db, None).await.expect("up again");
}

async fn prompts(client: &Client, offer: OfferId) -> Result<OfferPrompts, AppError> {
    client.call("business/prompts", &[("offer_id", &offer.to_string())]).await
}

fn agent(prompts: &OfferPrompts, role: AgentRole) -> &AgentPrompt {
    prompts.agents.iter().find(|a| a.role == role).expect("role")
}

async fn the_prompt_agent_writes_versions_and_a_change_proposes_one(backend: Backend) {
    let app = app(backend).await;
    let client = app.signed_up("lea@urgences-plomberie.fr", "Urgences Plomberie").await;
    client
        .call::<Onboarding>(
            "business/save-style",
            &[("tone", "formal"), ("preferences", ""), ("never_promise", "Une intervention en moins d'une heure")],
        )
        .await
        .expect("style");
    let context: OfferContext = client.call("business/offer-context", &[]).await.expect("context");
    let offer = context.current;
    let empty = prompts(&client, offer).await.expect("prompts");
    assert!(empty.agents.iter().all(|a| a.history.is_empty()));
    assert!(!empty.outdated);

    // The month's budget too small for the question: refused before any call, nothing written.
    let org: i64 = crate::support::scalar(&app, "SELECT id AS n FROM organizations").await;
    prospecta_server::llm::budget::set_cap(app.db(), prospecta_shared::ids::OrgId(org), 10).await.expect("cap");
    let refused = client.call::<OfferPrompts>("business/generate-prompts", &[("offer_id", &offer.to_string())]).await;
    assert!(matches!(&refused, Err(AppError::LanguageModel(reason)) if reason.contains("budget")), "{refused:?}");
    assert_eq!(app.count("offer_prompts").await, 0);
    prospecta_server::llm::budget::set_cap(app.db(), prospecta_shared::ids::OrgId(org), 1_000_000).await.expect("cap");

    // The first generation is put in use, written from the profile and the offer.
    let written: OfferPrompts =
        client.call("business/generate-prompts", &[("offer_id", &offer.to_string())]).await.expect("generated");
    let conversation = agent(&written, AgentRole::Conversation).active.clone().expect("in use");
    assert_eq!((conversation.version, conversation.author.as_str()), (1, "Agent de prompts"));
    assert!(
        conversation.body.contains("Ne promets jamais : Une intervention en moins d'une heure"),
        "{}",
        conversation.body
    );
    assert!(conversation.body.contains("Soutenu"), "{}", conversation.body);
    assert!(agent(&written, AgentRole::Writer).active.as_ref().is_some_and(|w| w.body.contains("{{societe}}")));
    let metered =
        crate::support::scalar(&app, "SELECT COUNT(*) AS n FROM llm_usage WHERE purpose = 'write_prompts'").await;
    assert_eq!(metered, 1);
    // A step skipped, or the company confirmed, changes no answer: the prompts are not out of date.
    client.call::<Onboarding>("business/skip-step", &[("step", "arguments")]).await.expect("skipped");
    client.call::<Onboarding>("business/complete-step", &[("step", "company")]).await.expect("confirmed");
    assert!(!prompts(&client, offer).await.unwrap().outdated);

    // Edited to empty: refused, nothing saved; edited for real: a new version in use, by its author.
    let offer_id = offer.to_string();
    let empty_edit = client
        .call::<OfferPrompts>(
            "business/edit-prompt",
            &[("offer_id", &offer_id), ("role", "conversation"), ("body", "  \n ")],
        )
        .await;
    assert_eq!(field_of(empty_edit), "body");
    let edited_body = format!("{}\nVouvoie toujours le prospect.", conversation.body);
    let edited: OfferPrompts = client
        .call("business/edit-prompt", &[("offer_id", &offer_id), ("role", "conversation"), ("body", &edited_body)])
        .await
        .expect("edited");
    let now_active = agent(&edited, AgentRole::Conversation).active.clone().expect("in use");
    assert_eq!((now_active.version, now_active.author.as_str()), (2, "Camille Martin"));
    let states: Vec<PromptState> = agent(&edited, AgentRole::Conversation).history.iter().map(|v| v.state).collect();
    assert_eq!(states, vec![PromptState::Active, PromptState::Archived]);
    let diff = diff_lines(&conversation.body, &now_active.body);
    assert_eq!(diff.last(), Some(&DiffLine::Added("Vouvoie toujours le prospect.".into())));

    // The profile changes: the prompts say so, and a new generation is only proposed.
    client
        .call::<Onboarding>("business/save-style", &[("tone", "direct"), ("preferences", ""), ("never_promise", "")])
        .await
        .expect("style changed");
    assert!(prompts(&client, offer).await.unwrap().outdated);
    let proposed: OfferPrompts =
        client.call("business/generate-prompts", &[("offer_id", &offer_id)]).await.expect("proposed");
    assert!(!proposed.outdated);
    let conv = agent(&proposed, AgentRole::Conversation);
    assert_eq!(conv.active.as_ref().map(|v| v.version), Some(2), "the version in use is not overwritten");
    let new = conv.proposed.clone().expect("a proposal");
    assert!(new.body.contains("Direct et concis") && !new.body.contains("Ne promets jamais"));
    // Adopted: in use, the edited one archived; set aside for the writer: its version stays.
    let adopted: OfferPrompts = client
        .call("business/settle-proposal", &[("offer_id", &offer_id), ("role", "conversation"), ("adopt", "true")])
        .await
        .expect("adopted");
    assert_eq!(agent(&adopted, AgentRole::Conversation).active.as_ref().map(|v| v.version), Some(new.version));
    let dismissed: OfferPrompts = client
        .call("business/settle-proposal", &[("offer_id", &offer_id), ("role", "writer"), ("adopt", "false")])
        .await
        .expect("dismissed");
    let writer = agent(&dismissed, AgentRole::Writer);
    assert_eq!(writer.active.as_ref().map(|v| v.version), Some(1));
    assert!(writer.proposed.is_none());
    assert!(matches!(
        client
            .call::<OfferPrompts>(
                "business/settle-proposal",
                &[("offer_id", &offer_id), ("role", "writer"), ("adopt", "true")]
            )
            .await,
        Err(AppError::Conflict(_))
    ));

    // Another organisation can neither read, generate nor edit them.
    let other = app.signed_up("paul@ailleurs.fr", "Ailleurs").await;
    assert!(matches!(prompts(&other, offer).await, Err(AppError::NotFound)));
    assert!(matches!(
        other.call::<OfferPrompts>("business/generate-prompts", &[("offer_id", &offer_id)]).await,
        Err(AppError::NotFound)
    ));
    assert!(matches!(
        other
            .call::<OfferPrompts>(
                "business/edit-prompt",
                &[("offer_id", &offer_id), ("role", "writer"), ("body", "Vole")]
            )
            .await,
        Err(AppError::NotFound)
    ));
    assert_eq!(agent(&prompts(&client, offer).await.unwrap(), AgentRole::Writer).history.len(), 2);
}

/// The message studio's two reads: the writer's three variants for the offer in use (under its
/// writer prompt once there is one), and a real unlocked prospect to preview them with.
async fn the_writer_proposes_variants_and_a_real_prospect_previews_them(backend: Backend) {
    let app = app(backend).await;
    let client = app.signed_up("hugo@chauffage-hugo.fr", "Chauffage Hugo").await;
    client
        .call::<Onboarding>(
            "business/save-objective",
            &[("objective", "call_back"), ("objective_url", ""), ("objective_detail", "")],
        )
        .await
        .expect("objective");
    let variants: Vec<VariantDraft> = client.call("business/propose-variants", &[]).await.expect("variants");
    assert_eq!(variants.len(), 3);
    for v in &variants {
        prospecta_shared::outreach::check_template(&v.body).expect("known variables only");
        assert!(v.body.contains("appeler"), "the call-back objective asks for a call: {}", v.body);
    }
    // Under the writer prompt in service: what the client wrote there reaches the writer.
    let offer = client.call::<OfferContext>("business/offer-context", &[]).await.unwrap().current.to_string();
    client.call::<OfferPrompts>("business/generate-prompts", &[("offer_id", &offer)]).await.expect("prompts");
    let metered = |purpose: &'static str| {
        let app = &app;
        async move {
            crate::support::scalar(app, &format!("SELECT COUNT(*) AS n FROM llm_usage WHERE purpose = '{purpose}'"))
                .await
        }
    };
    client.call::<Vec<VariantDraft>>("business/propose-variants", &[]).await.expect("variants again");
    assert_eq!(metered("write_variants").await, 2);
    // Used up for the hour: a clear refusal, no call.
    crate::support::exec(&app, "UPDATE rate_counters SET hits = 1000 WHERE bucket LIKE 'AiWriting:%'").await;
    let refused = client.call::<Vec<VariantDraft>>("business/propose-variants", &[]).await;
    assert!(matches!(refused, Err(AppError::TooMany { .. })), "{refused:?}");
    assert_eq!(metered("write_variants").await, 2);

    // Nothing unlocked: no preview prospect; two unlocked: the best one.
    let empty: DatabaseSummary =
        client.call("prospecting/create", &crate::databases::target("69266", "Vide")).await.expect("database");
    app.run_jobs().await;
    let none: Option<SampleProspect> =
        client.call("prospecting/sample-prospect", &[("database_id", &empty.id.to_string())]).await.unwrap();
    assert_eq!(none, None);
    let unlocked = database(&app, &client, 2).await;
    let sample: SampleProspect = client
        .call::<Option<SampleProspect>>("prospecting/sample-prospect", &[("database_id", &unlocked.id.to_string())])
        .await
        .unwrap()
        .expect("a prospect");
    assert_eq!(sample.sector, "plombier");
    let best_sql = format!(
        "SELECT c.name AS s FROM database_rows r JOIN companies c ON c.id = r.company_id \
         WHERE r.database_id = {} AND r.unlocked_at IS NOT NULL ORDER BY r.quality DESC, r.id LIMIT 1",
        unlocked.id
    );
    let best: String = app
        .db()
        .query_one(Statement::from_string(app.db().get_database_backend(), best_sql))
        .await
        .unwrap()
        .unwrap()
        .try_get("", "s")
        .unwrap();
    assert_eq!(sample.name, best);
    // Another organisation's database reads as missing.
    let other = app.signed_up("zoe@ailleurs.fr", "Ailleurs").await;
    assert!(matches!(
        other
            .call::<Option<SampleProspect>>("prospecting/sample-prospect", &[("database_id", &unlocked.id.to_string())])
            .await,
        Err(AppError::NotFound)
    ));
}

both_databases!(
    the_writer_proposes_variants_and_a_real_prospect_previews_them,
    the_prompt_agent_writes_versions_and_a_change_proposes_one,
    the_wizard_saves_each_step_and_makes_the_first_offer,
    offers_scope_databases_campaigns_and_figures,
    existing_databases_and_campaigns_move_into_a_first_offer,
);
