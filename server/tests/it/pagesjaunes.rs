//! `prospecta pj parse FILE` against the hand-written PagesJaunes fixtures: the real binary,
//! compared with `expected.json` exactly.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository sits beside `shared/`, which holds the fixtures.
fn fixtures_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/fixtures/pagesjaunes");
    assert!(
        dir.join("expected.json").is_file(),
        "PagesJaunes fixtures missing: expected {}/expected.json (the repository must sit beside shared/)",
        dir.display()
    );
    dir
}

fn pj_parse(file: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_prospecta"))
        .args(["pj", "parse"])
        .arg(file)
        // `pj parse` must not need the database nor any configuration.
        .env("DATABASE_URL", "postgres://nobody@127.0.0.1:1/nowhere")
        .output()
        .expect("run prospecta")
}

fn parsed_json(file: &Path) -> Value {
    let output = pj_parse(file);
    assert!(
        output.status.success(),
        "prospecta pj parse {} failed: {}",
        file.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!("stdout of pj parse {} is not JSON ({e}): {}", file.display(), String::from_utf8_lossy(&output.stdout))
    })
}

fn temp_file(name: &str, bytes: &[u8]) -> PathBuf {
    let path = std::env::temp_dir().join(format!("prospecta-pj-{}-{name}", std::process::id()));
    std::fs::write(&path, bytes).expect("write temp file");
    path
}

#[test]
fn every_fixture_parses_exactly_as_expected() {
    let dir = fixtures_dir();
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).expect("read expected.json"))
            .expect("expected.json is JSON");
    let expected = expected.as_object().expect("expected.json maps file names to pages");
    assert!(!expected.is_empty(), "expected.json lists no fixture");
    let mut failures = Vec::new();
    for (file, want) in expected {
        let got = parsed_json(&dir.join(file));
        if &got != want {
            failures.push(format!(
                "{file}:\n  expected {}\n  got      {}",
                serde_json::to_string(want).unwrap_or_default(),
                serde_json::to_string(&got).unwrap_or_default()
            ));
        }
    }
    assert!(failures.is_empty(), "{} fixture(s) differ:\n{}", failures.len(), failures.join("\n"));
}

/// The real pages saved from pagesjaunes.fr (third-party markup with its tooltips and modules):
/// every listing's name, postcode, exact phone set and website domain, plus street and SIRET on
/// the detail page, as `pagesjaunes-real/expected.json` says.
#[test]
fn real_pages_give_every_listing_right() {
    let dir = fixtures_dir().join("../pagesjaunes-real");
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).expect("read expected.json"))
            .expect("expected.json is JSON");
    let mut failures = Vec::new();
    let mut checked = 0;
    for (file, want) in expected.as_object().expect("pages by file") {
        let got = parsed_json(&dir.join(file));
        if got["page"] != want["page"] {
            failures.push(format!("{file}: page {} (expected {})", got["page"], want["page"]));
            continue;
        }
        let listings = got["listings"].as_array().cloned().unwrap_or_default();
        for w in want["listings"].as_array().into_iter().flatten() {
            checked += 1;
            let Some(g) = listings.iter().find(|g| g["pj_id"] == w["pj_id"]) else {
                failures.push(format!("{file}: listing {} missing", w["pj_id"]));
                continue;
            };
            let phones = |v: &Value| {
                let mut p: Vec<String> =
                    v.as_array().into_iter().flatten().filter_map(|x| x.as_str().map(str::to_string)).collect();
                p.sort();
                p
            };
            let domain = g["website"].as_str().and_then(prospecta_shared::company::website_domain);
            let mut problems = Vec::new();
            for key in ["name", "postal_code"] {
                if g[key] != w[key] {
                    problems.push(format!("{key} {} (expected {})", g[key], w[key]));
                }
            }
            for key in ["street", "siret"] {
                if w.get(key).is_some() && g[key] != w[key] {
                    problems.push(format!("{key} {} (expected {})", g[key], w[key]));
                }
            }
            if phones(&g["phones"]) != phones(&w["phones"]) {
                problems.push(format!("phones {} (expected {})", g["phones"], w["phones"]));
            }
            if domain.as_deref() != w["website_domain"].as_str() {
                problems.push(format!("website {:?} (expected {})", domain, w["website_domain"]));
            }
            if !problems.is_empty() {
                failures.push(format!("{file} {}: {}", w["pj_id"], problems.join("; ")));
            }
        }
    }
    assert!(checked > 0, "no real listing checked");
    assert!(failures.is_empty(), "{} listing(s) wrong:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn truncated_and_garbage_files_do_not_panic() {
    let page = std::fs::read(fixtures_dir().join("plombier-lyon-p1.html")).expect("read p1");
    let truncated = temp_file("truncated.html", &page[..3000.min(page.len())]);
    let garbage: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    let garbage = temp_file("garbage.bin", &garbage);
    for file in [&truncated, &garbage] {
        let json = parsed_json(file);
        assert!(json["page"].is_string() && json["listings"].is_array(), "{}: {json}", file.display());
    }
    assert_eq!(parsed_json(&truncated)["page"], "blocked");
    let _ = std::fs::remove_file(truncated);
    let _ = std::fs::remove_file(garbage);
}

#[test]
fn a_missing_file_is_a_clear_error() {
    let output = pj_parse(Path::new("/nonexistent/page.html"));
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("prospecta : read /nonexistent/page.html"), "{stderr}");
}
