//! `prospecta forms run URL` against the 26 contact-form fixtures (real builders' markup), served
//! like `shared/fixtures/serve.py` does (GET and POST answer the file): the real binary and a real
//! headless Chromium, compared with `expected.json`. Two cases run at a time (2 CPUs).

use super::enrich::{serve_file, serve_pages};
use axum::Router;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;
use std::time::{Duration, Instant};

pub(super) fn corpus_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/fixtures/contact-forms");
    assert!(
        dir.join("expected.json").is_file(),
        "contact-form fixtures missing: expected {}/expected.json (the repository must sit beside shared/)",
        dir.display()
    );
    dir
}

pub(super) async fn start_corpus_server() -> u16 {
    let app = Router::new().fallback(serve_file).with_state(corpus_dir());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    port
}

fn forms_run(args: &[&str], screenshots: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_prospecta"))
        .args(["forms", "run"])
        .args(args)
        .arg("--screenshot-dir")
        .arg(screenshots)
        // `forms` must not need the database nor any configuration.
        .env("DATABASE_URL", "postgres://nobody@127.0.0.1:1/nowhere")
        .output()
        .expect("run prospecta")
}

pub(super) fn text(v: &Value) -> String {
    v.as_str().unwrap_or("").to_string()
}

/// What differs between the binary's answer and the case's truth.
fn check_case(output: &Output, exp: &Value) -> Vec<String> {
    if !output.status.success() {
        return vec![format!("exit {:?}: {}", output.status.code(), String::from_utf8_lossy(&output.stderr).trim())];
    }
    let got: Value = match serde_json::from_slice(&output.stdout) {
        Ok(v) => v,
        Err(e) => {
            return vec![format!("stdout is not one JSON object ({e}): {}", String::from_utf8_lossy(&output.stdout))];
        }
    };
    let mut problems = Vec::new();
    let outcome = text(&got["outcome"]);
    let expected = text(&exp["outcome"]);
    let acceptable: Vec<String> = exp["also_acceptable"].as_array().into_iter().flatten().map(text).collect();
    if outcome != expected && !acceptable.contains(&outcome) {
        problems.push(format!("outcome {outcome} (expected {expected}); evidence: {}", text(&got["evidence"])));
    }
    let fields = got["fields"].as_array().cloned().unwrap_or_default();
    for (key, kind) in exp["fields"].as_object().into_iter().flatten() {
        match fields.iter().find(|f| f["name"] == *key) {
            None => problems.push(format!("field {key} ({}) not reported", text(kind))),
            Some(f) if f["kind"] != *kind => {
                problems.push(format!("field {key}: kind {} (expected {})", text(&f["kind"]), text(kind)))
            }
            Some(f) if kind == "honeypot_leave_empty" && !text(&f["value"]).is_empty() => {
                problems.push(format!("honeypot {key} filled with {}", f["value"]))
            }
            Some(_) => {}
        }
    }
    for (key, choices) in exp["select_choice"].as_object().into_iter().flatten() {
        let value = fields.iter().find(|f| f["name"] == *key).map(|f| text(&f["value"])).unwrap_or_default();
        let ok = choices.as_array().into_iter().flatten().any(|c| text(c) == value);
        if outcome == "submitted" && !ok {
            problems.push(format!("select {key}: chose {value:?}, expected one of {choices}"));
        }
    }
    if expected == "captcha" {
        if outcome != "captcha" {
            problems.push("a CAPTCHA form was not recognised (and may have been submitted)".into());
        }
        if got["captcha"] != exp["captcha"] {
            problems.push(format!("captcha kind {} (expected {})", got["captcha"], exp["captcha"]));
        }
    }
    if outcome == "submitted" {
        let success = text(&exp["success_text"]).to_lowercase();
        if !text(&got["evidence"]).to_lowercase().contains(&success) {
            problems.push(format!("evidence {:?} does not contain {success:?}", text(&got["evidence"])));
        }
    }
    let contact_path = text(&exp["contact_path"]);
    let contact_path = contact_path.strip_suffix("index.html").unwrap_or(&contact_path);
    let contact_url = text(&got["contact_url"]);
    let contact_url = contact_url.split('#').next().unwrap_or("");
    let contact_url = contact_url.strip_suffix("index.html").unwrap_or(contact_url);
    if !contact_url.ends_with(&format!("/{contact_path}")) {
        problems.push(format!("contact_url {contact_url} (expected …/{contact_path})"));
    }
    match got["screenshot"].as_str() {
        Some(path) if Path::new(path).is_file() => {}
        other => problems.push(format!("no screenshot file ({other:?})")),
    }
    problems
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forms_run_matches_the_contact_form_corpus() {
    let port = start_corpus_server().await;
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(corpus_dir().join("expected.json")).expect("read"))
            .expect("json");
    let screenshots = std::env::temp_dir().join(format!("prospecta-forms-test-{}", std::process::id()));
    std::fs::create_dir_all(&screenshots).expect("screenshot dir");
    let cases: Vec<(String, Value)> =
        expected.as_object().expect("object").iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    // Two cases at a time: each runs its own Chromium, and the machine has 2 CPUs.
    let permits = Arc::new(tokio::sync::Semaphore::new(2));
    let mut handles = Vec::new();
    for (name, exp) in cases {
        let permits = permits.clone();
        let screenshots = screenshots.clone();
        handles.push(tokio::spawn(async move {
            let _permit = permits.acquire_owned().await.expect("semaphore");
            let url = format!("http://127.0.0.1:{port}/{name}/{}", text(&exp["home_path"]));
            let started = Instant::now();
            let output = tokio::task::spawn_blocking(move || forms_run(&[&url], &screenshots)).await.expect("join");
            let elapsed = started.elapsed();
            let problems = check_case(&output, &exp);
            (name, elapsed, problems, String::from_utf8_lossy(&output.stdout).to_string())
        }));
    }
    let mut failures = Vec::new();
    for h in handles {
        let (name, elapsed, problems, stdout) = h.await.expect("case task");
        let outcome: String =
            serde_json::from_str::<Value>(&stdout).ok().map(|v| text(&v["outcome"])).unwrap_or_default();
        eprintln!(
            "{name:<28} {:>5.1} s  {outcome:<22} {}",
            elapsed.as_secs_f64(),
            if problems.is_empty() { "ok" } else { "FAIL" }
        );
        if elapsed > Duration::from_secs(70) {
            failures.push(format!("{name}: took {elapsed:?} (bound 60 s + launch)"));
        }
        if !problems.is_empty() {
            failures.push(format!("{name}:\n  - {}\n  output: {stdout}", problems.join("\n  - ")));
        }
    }
    let _ = std::fs::remove_dir_all(&screenshots);
    assert!(failures.is_empty(), "{} case(s) failed:\n{}", failures.len(), failures.join("\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forms_run_reports_an_unreachable_site_and_refuses_bad_arguments() {
    let screenshots = std::env::temp_dir().join(format!("prospecta-forms-test-down-{}", std::process::id()));
    // A port nobody listens on: a result (site_down, exit 0), not an error.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port();
    let url = format!("http://127.0.0.1:{closed}/");
    let out = tokio::task::spawn_blocking({
        let s = screenshots.clone();
        move || forms_run(&[&url, "--timeout", "20"], &s)
    })
    .await
    .expect("join");
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    let got: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(got["outcome"], "site_down", "{got}");

    let bad = tokio::task::spawn_blocking({
        let s = screenshots.clone();
        move || forms_run(&["pas une adresse"], &s)
    })
    .await
    .expect("join");
    assert!(!bad.status.success());
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("adresse invalide"),
        "{}",
        String::from_utf8_lossy(&bad.stderr)
    );

    let missing = tokio::task::spawn_blocking({
        let s = screenshots.clone();
        move || forms_run(&["http://127.0.0.1:1/", "--profile", "/nonexistent/profil.json"], &s)
    })
    .await
    .expect("join");
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("impossible de lire le profil"));
    let _ = std::fs::remove_dir_all(&screenshots);
}

/// Markup the corpus lacks, written for the engine's general paths: a form inside a same-origin
/// iframe posting to a thank-you page in the frame, a two-step form, controls without `<form>`
/// sent by a styled `div` (English wording, a required select), hCaptcha, an anti-bot page, a
/// contact page found only through the sitemap.
const EXTRA_PAGES: &[(&str, &str)] = &[
    (
        "blocked/index.html",
        r#"<!DOCTYPE html><html><head><meta charset="utf-8"><title>Just a moment...</title></head><body><h1>Checking your browser before accessing the site.</h1></body></html>"#,
    ),
    (
        "divbtn/get-in-touch/index.html",
        r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Contact</title></head><body>
<div class="contact"><input id="n" placeholder="Your name"><input id="e" placeholder="Email address"><input id="p" placeholder="Phone number"><select id="t" required><option value="">Select a topic</option><option>Careers</option><option>General enquiry</option></select><textarea id="m" placeholder="How can we help?"></textarea>
<label><input type="checkbox" id="nl"> Subscribe to our newsletter</label>
<div class="btn" id="go" role="button">Send message</div></div><p id="r"></p>
<script>document.getElementById('go').addEventListener('click',function(){var ok=document.getElementById('e').value.indexOf('@')>0&&document.getElementById('t').value==='General enquiry';document.getElementById('r').textContent=ok?'Thank you! We will get back to you shortly.':'Please fill in all required fields.';});</script></body></html>"#,
    ),
    (
        "divbtn/index.html",
        r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Shop</title></head><body><nav><a href="/divbtn/get-in-touch">Get in touch</a></nav></body></html>"#,
    ),
    (
        "hcap/contact.html",
        r#"<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><script src="https://js.hcaptcha.com/1/api.js" async></script></head><body><form><input name="name" placeholder="Nom"><input name="email" type="email"><textarea name="message"></textarea><div class="h-captcha" data-sitekey="x"></div><button>Envoyer</button></form></body></html>"#,
    ),
    (
        "hcap/index.html",
        r#"<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"></head><body><a href="contact.html">Contact</a></body></html>"#,
    ),
    (
        "iframe/contact.html",
        r#"<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Contact</title></head><body><h1>Contact</h1><iframe src="frame-form.html" width="600" height="600" title="Formulaire"></iframe></body></html>"#,
    ),
    (
        "iframe/frame-form.html",
        r#"<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"></head><body>
<form id="f" action="frame-merci.html" method="post">
<label>Prénom <input name="fn" required></label><br><label>Nom <input name="ln" required></label><br>
<label>Courriel <input name="em" type="email" required></label><br><label>Code postal <input name="zip"></label><br><label>Ville <input name="town"></label><br>
<label>Votre demande<textarea name="body" required></textarea></label>
<button>Envoyer</button></form></body></html>"#,
    ),
    (
        "iframe/frame-merci.html",
        r#"<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"></head><body><p>Merci, votre demande a bien été transmise.</p></body></html>"#,
    ),
    (
        "iframe/index.html",
        r#"<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Atelier</title></head><body><header><nav><a href="index.html">Accueil</a> <a href="contact.html">Contactez-nous</a></nav></header><main><h1>Bienvenue</h1></main></body></html>"#,
    ),
    (
        "steps/ecrire.html",
        r#"<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Nous écrire</title><style>.step{display:none}.step.on{display:block}</style></head><body>
<form id="ms"><div class="step on" id="s1"><label for="a">Nom complet</label><input id="a" name="nom" required><label for="b">E-mail</label><input id="b" name="mail" type="email" required><button type="button" id="nx">Suivant</button></div>
<div class="step" id="s2"><label for="c">Société</label><input id="c" name="soc"><label for="d">Message</label><textarea id="d" name="msg" required></textarea><button type="submit">Envoyer ma demande</button></div></form>
<div id="ok" style="display:none">Merci ! Votre message a bien été envoyé.</div>
<script>document.getElementById('nx').onclick=function(){if(!document.getElementById('a').value||!document.getElementById('b').value)return;document.getElementById('s1').classList.remove('on');document.getElementById('s2').classList.add('on');};
document.getElementById('ms').onsubmit=function(e){e.preventDefault();if(document.getElementById('d').value.length<20||!document.getElementById('c').value)return;this.style.display='none';document.getElementById('ok').style.display='block';};</script></body></html>"#,
    ),
    (
        "steps/index.html",
        r#"<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Steps</title></head><body><footer><a href="ecrire.html">Nous écrire</a></footer></body></html>"#,
    ),
    (
        "smap/index.html",
        r#"<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Plombier</title></head><body><h1>Plomberie Durand</h1><p>Dépannage 7j/7.</p></body></html>"#,
    ),
    (
        "smap/nous-contacter.html",
        r#"<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Contact</title></head><body><form action="merci.html" method="post"><label>Nom <input name="nom"></label><label>E-mail <input type="email" name="email"></label><label>Message <textarea name="message"></textarea></label><button>Envoyer</button></form></body></html>"#,
    ),
    (
        "smap/merci.html",
        r#"<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Merci</title></head><body><p>Merci, nous avons bien reçu votre message.</p></body></html>"#,
    ),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forms_run_handles_iframes_steps_formless_controls_and_anti_bot_pages() {
    let (root, port) = serve_pages("extra", EXTRA_PAGES).await;
    // No link at all on smap/'s home page: the sitemap (absolute URLs, so written now) names it.
    let sitemap = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>http://127.0.0.1:{port}/smap/index.html</loc></url><url><loc>http://127.0.0.1:{port}/smap/nous-contacter.html</loc></url></urlset>"#
    );
    std::fs::write(root.join("sitemap.xml"), sitemap).expect("write sitemap");
    let shots = root.join("shots");
    // (home page, outcome, [(field, kind, value or "")], text the evidence must hold)
    type Case<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str, &'a str)], &'a str);
    let cases: &[Case] = &[
        (
            "iframe/index.html",
            "submitted",
            &[
                ("fn", "first_name", ""),
                ("ln", "last_name", ""),
                ("em", "email", ""),
                ("zip", "postal_code", ""),
                ("town", "city", ""),
                ("body", "message", ""),
            ],
            "bien été transmise",
        ),
        (
            "steps/index.html",
            "submitted",
            &[("nom", "full_name", ""), ("soc", "company", ""), ("msg", "message", "")],
            "bien été envoyé",
        ),
        (
            "divbtn/index.html",
            "submitted",
            &[
                ("n", "full_name", ""),
                ("e", "email", ""),
                ("p", "phone", ""),
                ("t", "select_subject", "General enquiry"),
                ("nl", "leave_unchecked", ""),
            ],
            "Thank you",
        ),
        ("hcap/index.html", "captcha", &[("email", "email", "")], "hcaptcha"),
        ("smap/index.html", "submitted", &[("nom", "full_name", ""), ("message", "message", "")], "bien reçu"),
        ("blocked/index.html", "blocked", &[], "Just a moment"),
        ("nowhere/index.html", "site_down", &[], ""),
    ];
    let mut failures = Vec::new();
    for (home, outcome, fields, evidence) in cases {
        let url = format!("http://127.0.0.1:{port}/{home}");
        let s = shots.clone();
        let out = tokio::task::spawn_blocking(move || forms_run(&[&url], &s)).await.expect("join");
        let got: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
        let mut problems = Vec::new();
        if got["outcome"] != *outcome {
            problems.push(format!("outcome {} (expected {outcome})", got["outcome"]));
        }
        if !text(&got["evidence"]).to_lowercase().contains(&evidence.to_lowercase()) {
            problems.push(format!("evidence {} lacks {evidence:?}", got["evidence"]));
        }
        let reported = got["fields"].as_array().cloned().unwrap_or_default();
        for (name, kind, value) in fields.iter() {
            match reported.iter().find(|f| f["name"] == *name) {
                Some(f) if f["kind"] == *kind && (value.is_empty() || f["value"] == *value) => {}
                other => problems.push(format!("field {name}: {other:?} (expected {kind} {value})")),
            }
        }
        if !problems.is_empty() {
            failures.push(format!("{home}: {} — {}", problems.join("; "), String::from_utf8_lossy(&out.stdout)));
        }
    }
    let _ = std::fs::remove_dir_all(&root);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_over_the_sites_limit_is_cut_at_a_sentence_and_said() {
    let port = start_corpus_server().await;
    let screenshots = std::env::temp_dir().join(format!("prospecta-forms-test-long-{}", std::process::id()));
    // 60 sentences of 45 characters: 2 700 characters for a textarea of maxlength 2000.
    let message: String = (1..=60).map(|i| format!("Voici la phrase numéro {i:02} de ce message. ")).collect();
    let url = format!("http://127.0.0.1:{port}/01-cf7-ajax/");
    let out = tokio::task::spawn_blocking({
        let (s, m) = (screenshots.clone(), message.clone());
        move || forms_run(&[&url, "--dry-run", "--message", m.trim_end()], &s)
    })
    .await
    .expect("join");
    let got: Value = serde_json::from_slice(&out.stdout).expect("json");
    let sent = got["fields"]
        .as_array()
        .and_then(|f| f.iter().find(|f| f["kind"] == "message"))
        .map(|f| text(&f["value"]))
        .expect("a message field");
    assert!(sent.chars().count() <= 2000, "{} characters", sent.chars().count());
    assert!(sent.chars().count() > 1900, "cut at the last sentence that fits, not far before");
    assert!(sent.ends_with("message."), "ends on a whole sentence: {:?}", &sent[sent.len() - 40..]);
    assert!(message.starts_with(&sent), "a prefix of the message, nothing invented");
    let notices = got["notices"].as_array().cloned().unwrap_or_default();
    assert!(notices.iter().any(|n| text(n).contains("raccourci à 2000 caractères")), "{got}");
    let _ = std::fs::remove_dir_all(&screenshots);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_site_that_never_answers_is_bounded() {
    // Accepts connections and never answers: the visit must end by its deadline.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().flatten() {
            held.push(stream);
        }
    });
    let screenshots = std::env::temp_dir().join(format!("prospecta-forms-test-hang-{}", std::process::id()));
    let url = format!("http://127.0.0.1:{port}/");
    let started = Instant::now();
    let out = tokio::task::spawn_blocking({
        let s = screenshots.clone();
        move || forms_run(&[&url, "--timeout", "10"], &s)
    })
    .await
    .expect("join");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let got: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(got["outcome"], "site_down", "{got}");
    assert!(started.elapsed() < Duration::from_secs(40), "bounded: {:?}", started.elapsed());
    let _ = std::fs::remove_dir_all(&screenshots);
}

/// The message form of the discovery sites: one step, or two (name and e-mail, then the
/// message), posting to `merci.html`.
macro_rules! discovery_form {
    (single) => {
        r#"<form action="merci.html" method="post"><label>Nom <input name="nom" required></label>
<label>E-mail <input type="email" name="email" required></label><label>Votre message <textarea name="message" required></textarea></label>
<button type="submit">Envoyer</button></form>"#
    };
    (two_steps) => {
        r#"<style>.step{display:none}.step.on{display:block}</style>
<form id="ms" action="merci.html" method="post"><div class="step on" id="s1"><label for="a">Nom complet</label><input id="a" name="nom" required>
<label for="b">E-mail</label><input id="b" name="email" type="email" required><button type="button" id="nx">Suivant</button></div>
<div class="step" id="s2"><label for="d">Votre message</label><textarea id="d" name="message" required></textarea><button type="submit">Envoyer</button></div></form>
<script>document.getElementById('nx').onclick=function(){if(!document.getElementById('a').value||!document.getElementById('b').value)return;document.getElementById('s1').classList.remove('on');document.getElementById('s2').classList.add('on');};</script>"#
    };
}

const THANKS: &str = r#"<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Merci</title></head><body><p>Merci, votre message a bien été envoyé.</p></body></html>"#;

/// Sites written for contact-page discovery: contact links that do not say "contact", and a site
/// whose form is only reachable through an ordinary menu page (after a page without a form and
/// one with a newsletter form only), one and two steps.
const DISCOVERY_PAGES: &[(&str, &str)] = &[
    (
        "question/index.html",
        r#"<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Fromagerie</title></head><body><header><nav><a href="index.html">Accueil</a> <a href="fromages.html">Nos fromages</a> <a class="btn btn-primary" href="aide.html">Une question ?</a></nav></header><main><h1>Fromagerie du Pilat</h1></main></body></html>"#,
    ),
    ("question/fromages.html", r#"<!DOCTYPE html><html lang="fr"><body><h1>Nos fromages</h1></body></html>"#),
    (
        "question/aide.html",
        concat!(
            r#"<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Aide</title></head><body><h1>Posez votre question</h1>"#,
            discovery_form!(single),
            "</body></html>"
        ),
    ),
    ("question/merci.html", THANKS),
    (
        "ecrivez/index.html",
        r#"<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Cordonnerie</title></head><body><main><h1>Cordonnerie Morel</h1><p>Clés, talons, semelles.</p></main><footer><a href="plan-du-site.html">Plan du site</a> · <a href="ecrivez-nous.html">Écrivez-nous</a></footer></body></html>"#,
    ),
    (
        "ecrivez/ecrivez-nous.html",
        concat!(
            r#"<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Écrivez-nous</title></head><body>"#,
            discovery_form!(single),
            "</body></html>"
        ),
    ),
    ("ecrivez/merci.html", THANKS),
    (
        "devis/index.html",
        r#"<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Piscines</title></head><body><header><a href="index.html"><img alt="Piscines Artois"></a><nav><a href="realisations.html">Réalisations</a></nav><a class="cta" href="offre.html">Devis gratuit</a></header><main><h1>Piscines sur mesure</h1></main></body></html>"#,
    ),
    (
        "devis/offre.html",
        concat!(
            r#"<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Votre projet</title></head><body>"#,
            discovery_form!(two_steps),
            "</body></html>"
        ),
    ),
    ("devis/merci.html", THANKS),
    (
        "rdv/index.html",
        r#"<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Ostéopathe</title></head><body><nav role="navigation"><a href="index.html">Accueil</a> <a href="seances.html">Les séances</a> <a href="agenda.html">Prendre rendez-vous</a></nav><main><h1>Cabinet d'ostéopathie</h1></main></body></html>"#,
    ),
    (
        "rdv/agenda.html",
        concat!(
            r#"<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Rendez-vous</title></head><body>"#,
            discovery_form!(single),
            "</body></html>"
        ),
    ),
    ("rdv/merci.html", THANKS),
    (
        "nav/index.html",
        r#"<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Cabinet Roussel</title></head><body><header><nav><a href="index.html">Accueil</a> <a href="cabinet.html">Le cabinet</a> <a href="lettre.html">La lettre</a> <a href="equipe.html">L'équipe</a> <a href="tarifs.html">Tarifs</a></nav></header><main><h1>Cabinet Roussel, expertise comptable</h1></main><footer><a href="mentions-legales.html">Mentions légales</a></footer></body></html>"#,
    ),
    (
        "nav/cabinet.html",
        r#"<!DOCTYPE html><html lang="fr"><body><h1>Le cabinet</h1><p>Depuis 1990.</p></body></html>"#,
    ),
    (
        "nav/lettre.html",
        r#"<!DOCTYPE html><html lang="fr"><body><h1>La lettre</h1><form action="merci.html"><label>E-mail <input type="email" name="nl"></label><button>S'abonner à la newsletter</button></form></body></html>"#,
    ),
    (
        "nav/equipe.html",
        concat!(
            r#"<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>L'équipe</title></head><body><h1>L'équipe</h1><p>Une demande ? Laissez-nous un mot.</p>"#,
            discovery_form!(two_steps),
            "</body></html>"
        ),
    ),
    ("nav/merci.html", THANKS),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn contact_pages_are_found_whatever_their_link_says() {
    let (root, port) = serve_pages("discovery", DISCOVERY_PAGES).await;
    let shots = root.join("shots");
    // (home page, contact page the form is on)
    let cases = [
        ("question/index.html", "question/aide.html"),
        ("ecrivez/index.html", "ecrivez/ecrivez-nous.html"),
        ("devis/index.html", "devis/offre.html"),
        ("rdv/index.html", "rdv/agenda.html"),
        ("nav/index.html", "nav/equipe.html"),
    ];
    let mut failures = Vec::new();
    for (home, contact) in cases {
        let url = format!("http://127.0.0.1:{port}/{home}");
        let s = shots.clone();
        let out = tokio::task::spawn_blocking(move || forms_run(&[&url], &s)).await.expect("join");
        let got: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
        let mut problems = Vec::new();
        if got["outcome"] != "submitted" || !text(&got["evidence"]).contains("bien été envoyé") {
            problems.push(format!("outcome {} — {}", got["outcome"], got["evidence"]));
        }
        if !text(&got["contact_url"]).ends_with(&format!("/{contact}")) {
            problems.push(format!("contact_url {} (expected …/{contact})", got["contact_url"]));
        }
        let kinds: Vec<String> = got["fields"].as_array().into_iter().flatten().map(|f| text(&f["kind"])).collect();
        if !kinds.iter().any(|k| k == "message") || !kinds.iter().any(|k| k == "email") {
            problems.push(format!("fields {kinds:?}"));
        }
        if !problems.is_empty() {
            failures.push(format!("{home}: {}", problems.join("; ")));
        }
    }
    let _ = std::fs::remove_dir_all(&root);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
