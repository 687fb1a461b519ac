//! The right to object, on both databases: a personal link records the objection at once
//! without an account, hashed; every later check sees it; a forged link records nothing.

use crate::both_databases;
use crate::support::{Backend, TestApp};
use prospecta_server::opposition::{LinkTarget, Subject, is_opposed, link_for};
use sea_orm::{ConnectionTrait, Statement};

/// The link secret and the list's hash key of `support::test_config`.
const SECRET: &str = "test-opposition-secret-0123456789abcdef";
const HASH_KEY: &str = "test-opposition-hash-key-0123456789abcdef";

async fn a_personal_link_records_the_objection_at_once(backend: Backend) {
    let app = TestApp::start(backend).await;
    let target = LinkTarget {
        email: Some("Contact@Dupont-Plomberie.fr".into()),
        siren: Some("732829320".into()),
        domain: Some("dupont-plomberie.fr".into()),
    };
    let link = link_for(&app.base, SECRET, &target);
    let path = link.strip_prefix(&app.base).unwrap();
    let db = app.db();
    let dupont = [Subject::Email("contact@dupont-plomberie.fr")];
    assert!(!is_opposed(db, HASH_KEY, &dupont).await.unwrap());

    // No account, no click: opening the link is enough.
    let (status, body, _) = app.client().get(path).await;
    assert_eq!(status, 200);
    assert!(body.contains("Votre opposition est enregistrée"), "{body}");
    assert!(
        body.contains("c***@dupont-plomberie.fr"),
        "{}",
        &body[body.find("enregistr").unwrap_or(0)..][..300.min(body.len())]
    );
    assert!(is_opposed(db, HASH_KEY, &dupont).await.unwrap());
    assert!(is_opposed(db, HASH_KEY, &[Subject::Siren("732 829 320")]).await.unwrap());
    assert!(is_opposed(db, HASH_KEY, &[Subject::Domain("DUPONT-PLOMBERIE.FR")]).await.unwrap());
    assert!(!is_opposed(db, HASH_KEY, &[Subject::Email("contact@martin.fr")]).await.unwrap());

    // Stored hashed: the address, the SIREN and the domain appear nowhere.
    let rows = db
        .query_all(Statement::from_string(db.get_database_backend(), "SELECT key_hash, kind FROM oppositions"))
        .await
        .unwrap();
    assert_eq!(rows.len(), 3);
    for row in &rows {
        let hash: String = row.try_get("", "key_hash").unwrap();
        assert!(!hash.contains("dupont") && !hash.contains("732829320") && hash.len() == 64, "{hash}");
    }

    // Opening it again changes nothing.
    app.client().get(path).await;
    assert_eq!(app.count("oppositions").await, 3);

    // A forged or damaged link records nothing and says so in French.
    let forged = link_for(
        &app.base,
        "not-the-secret-0123456789abcdefgh",
        &LinkTarget { email: Some("victim@example.fr".into()), siren: None, domain: None },
    );
    let (status, body, _) = app.client().get(forged.strip_prefix(&app.base).unwrap()).await;
    assert_eq!(status, 200);
    assert!(body.contains("Ce lien n&#x27;est plus valable") || body.contains("Ce lien n'est plus valable"), "{body}");
    assert_eq!(app.count("oppositions").await, 3);

    // Another address typed on the page, through its server function.
    let client = app.client();
    let _: prospecta_shared::opposition::OppositionRecorded =
        client.call("opposition/email", &[("email", "Gerant@Dupont-Plomberie.fr")]).await.expect("object");
    assert!(is_opposed(db, HASH_KEY, &[Subject::Email("gerant@dupont-plomberie.fr")]).await.unwrap());
    let refused = client
        .call::<prospecta_shared::opposition::OppositionRecorded>("opposition/email", &[("email", "pas une adresse")])
        .await;
    assert!(refused.is_err());
}

/// A leaked link secret is rotated: links already sent stop working, every objection recorded
/// stays (the list is keyed by the other secret).
async fn rotating_the_link_secret_keeps_every_objection(backend: Backend) {
    use prospecta_app::opposition::port::Opposition;
    use prospecta_server::opposition::{OppositionService, token_for};
    let app = TestApp::start(backend).await;
    let db = app.db();
    let target = LinkTarget { email: Some("contact@dupont.fr".into()), siren: Some("732829320".into()), domain: None };
    let before = OppositionService::new(db.clone(), SECRET.into(), HASH_KEY.into());
    before.object_by_token(&token_for(SECRET, &target)).await.expect("objection recorded");
    let subjects = [Subject::Email("contact@dupont.fr"), Subject::Siren("732829320")];
    assert!(is_opposed(db, HASH_KEY, &subjects[..1]).await.unwrap());

    let rotated_secret = "rotated-link-secret-after-a-leak-0123456789";
    let after = OppositionService::new(db.clone(), rotated_secret.into(), HASH_KEY.into());
    for subject in &subjects {
        assert!(is_opposed(db, HASH_KEY, std::slice::from_ref(subject)).await.unwrap(), "{subject:?} still opposed");
    }
    // The old links no longer verify; new ones do, and add nothing twice.
    assert!(after.object_by_token(&token_for(SECRET, &target)).await.is_err());
    after.object_by_token(&token_for(rotated_secret, &target)).await.expect("new link works");
    assert_eq!(app.count("oppositions").await, 2);
    // The hashes really are keyed by the hash key, not by the link secret.
    assert!(!is_opposed(db, SECRET, &subjects[..1]).await.unwrap());
}

both_databases!(a_personal_link_records_the_objection_at_once, rotating_the_link_secret_keeps_every_objection);
