//! The onboarding chat through its server functions, on both databases, against the sandbox's
//! simulated model through the real client: one question at a time, each answer read into the
//! profile by the form's rules, the wizard's steps answered, corrections beside the chat, the
//! chat reopened where it stopped, and the refusals (an empty message, a correction the form
//! would refuse, the month's budget reached in the middle, the hourly limit) saving nothing.

use crate::both_databases;
use crate::support::{Backend, Client, TestApp};
use prospecta_server::limits::Limit;
use prospecta_shared::AppError;
use prospecta_shared::business::chat::{ChatAuthor, OnboardingChat};
use prospecta_shared::business::{BusinessModel, Objective, Offer, Onboarding, OnboardingStep, ProfileField, Tone};
use prospecta_shared::error::LimitedAction;
use prospecta_shared::ids::OrgId;

async fn app(backend: Backend) -> TestApp {
    // Eleven answers, the one the budget refuses, then one too many.
    TestApp::start_with(backend, |c| c.limits.onboarding_chat_per_org = Limit::per_hour(12)).await
}

async fn chat(client: &Client) -> OnboardingChat {
    client.call("business/onboarding-chat", &[]).await.expect("chat")
}

async fn say(client: &Client, text: &str) -> Result<OnboardingChat, AppError> {
    client.call("business/chat-reply", &[("message", text)]).await
}

async fn onboarding(client: &Client) -> Onboarding {
    client.call("business/onboarding", &[]).await.expect("onboarding")
}

fn field_of(result: Result<impl std::fmt::Debug, AppError>) -> String {
    match result {
        Err(AppError::Validation { field, .. }) => field,
        other => panic!("expected a validation error, got {other:?}"),
    }
}

async fn correct(client: &Client, field: &str, value: &str) -> Result<Onboarding, AppError> {
    client.call("business/correct-answer", &[("field", field), ("value", value)]).await
}

/// The client's answers, each to the question the agent asked before it.
const ANSWERS: [(ProfileField, &str); 11] = [
    (ProfileField::Activity, "Je suis plombier chauffagiste."),
    (ProfileField::Offering, "Dépannage, rénovation de salles de bains et entretien de chaudières"),
    (ProfileField::Customers, "Syndics de copropriété et gestionnaires d'immeubles de la métropole lyonnaise"),
    (ProfileField::BusinessModel, "Des chantiers ponctuels et des contrats d'entretien annuels"),
    (ProfileField::PriceRange, "Je ne sais pas"),
    (ProfileField::Differentiators, "Intervention en 2 heures, devis gratuit"),
    (
        ProfileField::Objections,
        "C'est trop cher → Le devis est gratuit\nOn a déjà un plombier : nous intervenons en deux heures",
    ),
    (ProfileField::Tone, "Direct et concis"),
    (ProfileField::Preferences, "Rendez-vous le matin, sur place"),
    (ProfileField::NeverPromise, "Un prix sans visite"),
    (ProfileField::Objective, "Un rendez-vous sur place pour établir le devis"),
];

async fn the_onboarding_chat_fills_the_profile_one_question_at_a_time(backend: Backend) {
    let app = app(backend).await;
    let client = app.signed_up("paul@plomberie-durand.fr", "Plomberie Durand").await;

    // Before the first answer: our opening, asking the first question; nothing stored yet.
    let start = chat(&client).await;
    assert!(start.available && !start.finished);
    assert_eq!(start.messages.len(), 1);
    assert_eq!(start.messages[0].author, ChatAuthor::Agent);
    assert!(start.messages[0].text.contains(ProfileField::Activity.question_fr()), "{}", start.messages[0].text);
    assert_eq!(app.count("onboarding_chat_messages").await, 0);
    assert_eq!(field_of(say(&client, "  \n ").await), "message");

    let mut last = start;
    for (i, (field, text)) in ANSWERS.iter().enumerate() {
        let asked = last.messages.last().expect("a question").text.clone();
        assert!(asked.contains(field.question_fr()), "answer {i} ({field:?}) to: {asked}");
        last = say(&client, text).await.unwrap_or_else(|e| panic!("answer {i}: {e:?}"));
        let reply = last.messages.last().expect("reply");
        assert_eq!(reply.author, ChatAuthor::Agent);
        // The answer passed ("je ne sais pas") fills nothing; every other fills its field.
        let expected: Vec<ProfileField> = if *field == ProfileField::PriceRange { vec![] } else { vec![*field] };
        assert_eq!(reply.filled, expected, "answer {i}: {}", reply.text);
    }
    assert!(last.finished, "{:?}", last.messages.last());
    assert_eq!(last.messages.len(), 1 + 2 * ANSWERS.len());
    let profile = &last.onboarding.profile;
    assert_eq!(profile.activity.as_deref(), Some("Plombier chauffagiste"));
    assert_eq!(profile.business_model, Some(BusinessModel::Mixed));
    assert_eq!(profile.price_range, None);
    assert_eq!(profile.objections.len(), 2);
    assert_eq!(profile.objections[1].answer, "Nous intervenons en deux heures");
    assert_eq!(profile.tone, Some(Tone::Direct));
    assert_eq!(profile.objective, Some(Objective::Meeting));
    // The questionnaire's steps are answered; the company and the person are the form's.
    let progress = &last.onboarding.progress;
    for step in [OnboardingStep::Activity, OnboardingStep::Arguments, OnboardingStep::Style, OnboardingStep::Objective]
    {
        assert!(progress.done.contains(&step), "{step:?} in {progress:?}");
    }
    assert_eq!(progress.resume_at(), Some(OnboardingStep::Company));
    // The first offer follows the profile, as with the form; every turn was metered.
    let offers: Vec<Offer> = client.call("business/offers", &[]).await.expect("offers");
    assert!(offers[0].name.starts_with("Dépannage"), "{}", offers[0].name);
    let metered =
        crate::support::scalar(&app, "SELECT COUNT(*) AS n FROM llm_usage WHERE purpose = 'onboarding_chat'").await;
    assert_eq!(metered, ANSWERS.len() as i64);

    // Corrections beside the chat, read by the form's rules: refused ones change nothing.
    let corrected = correct(&client, "tone", "formal").await.expect("tone");
    assert_eq!(corrected.profile.tone, Some(Tone::Formal));
    let corrected = correct(&client, "price_range", "De 150 € à 8 000 € HT").await.expect("price");
    assert_eq!(corrected.profile.price_range.as_deref(), Some("De 150 € à 8 000 € HT"));
    assert_eq!(field_of(correct(&client, "activity", " ").await), "activity");
    assert_eq!(field_of(correct(&client, "business_model", "troc").await), "business_model");
    assert_eq!(field_of(correct(&client, "budget", "12").await), "field");
    let half = client
        .call::<Onboarding>(
            "business/correct-objections",
            &[
                ("objection_1", "Trop cher"),
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
    let no_page = client
        .call::<Onboarding>(
            "business/correct-objective",
            &[("objective", "landing_page"), ("objective_url", ""), ("objective_detail", "")],
        )
        .await;
    assert_eq!(field_of(no_page), "objective_url");
    let kept = onboarding(&client).await;
    assert_eq!(kept.profile, corrected.profile);

    // Reopened: the chat where it stopped, with the profile as corrected.
    let reopened = chat(&client).await;
    assert_eq!(reopened.messages, last.messages);
    assert_eq!(reopened.onboarding, kept);

    // The month's budget reached in the middle: refused before any call, nothing saved.
    let org = OrgId(crate::support::scalar(&app, "SELECT id AS n FROM organizations").await);
    prospecta_server::llm::budget::set_cap(app.db(), org, 10).await.expect("cap");
    let refused = say(&client, "Nous sommes aussi serruriers").await;
    assert!(matches!(&refused, Err(AppError::LanguageModel(reason)) if reason.contains("budget")), "{refused:?}");
    assert!(refused.unwrap_err().message_fr().contains("Rien n'a été enregistré"));
    assert_eq!(app.count("onboarding_chat_messages").await, reopened.messages.len() as i64);
    assert_eq!(onboarding(&client).await, kept);

    // The hourly limit: refused, nothing saved either.
    prospecta_server::llm::budget::set_cap(app.db(), org, 1_000_000).await.expect("cap");
    let limited = say(&client, "Nous sommes aussi serruriers").await;
    assert!(
        matches!(limited, Err(AppError::TooMany { action: LimitedAction::OnboardingChat, limit: 12, .. })),
        "{limited:?}"
    );
    assert_eq!(app.count("onboarding_chat_messages").await, reopened.messages.len() as i64);

    // Another organisation sees none of it.
    let other = app.signed_up("lea@serrurerie-lea.fr", "Serrurerie Léa").await;
    let theirs = chat(&other).await;
    assert_eq!(theirs.messages.len(), 1);
    assert_eq!(theirs.onboarding, Onboarding::default());
}

both_databases!(the_onboarding_chat_fills_the_profile_one_question_at_a_time);
