//! Capability boundaries, checked on the source text (in the spirit of rust-analyzer's
//! `xtask/src/tidy.rs`): a capability's tables are its own — no other capability imports its
//! `entities` or names its tables in SQL — and the sandbox is wired in at start-up only.
//!
//! The boundaries that still leak are listed in `KNOWN`, each with why; a new leak fails, and
//! so does a listed one that no longer occurs (remove it from the list).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// (file, what it names, why it is still there).
const KNOWN: &[(&str, &str, &str)] = &[];

/// Files that wire the sandbox in at start-up.
const SANDBOX_WIRING: &[&str] = &["main.rs", "web/mod.rs", "state.rs", "config.rs", "lib.rs"];

fn sources() -> Vec<(String, String)> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    walk(&root, &mut files);
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let relative = path.strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/");
            (relative, code_only(&std::fs::read_to_string(&path).unwrap()))
        })
        .collect()
}

/// The code before a file's `#[cfg(test)]` module (tests may set up whatever they need),
/// without its comment lines (prose may name anything).
fn code_only(text: &str) -> String {
    let code = match text.find("#[cfg(test)]\nmod tests") {
        Some(at) => &text[..at],
        None => text,
    };
    code.lines().filter(|line| !line.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n")
}

/// The capability a file belongs to: its first path component (`outreach/forms/x.rs` →
/// `outreach`), or the file's own stem at the top level (`admin.rs` → `admin`).
fn capability(file: &str) -> &str {
    file.split('/').next().unwrap().trim_end_matches(".rs")
}

/// Every table and the capability that declares it (`entity!(x, "table", …)` or
/// `#[sea_orm(table_name = "table")]`).
fn table_owners(sources: &[(String, String)]) -> BTreeMap<String, String> {
    let mut owners = BTreeMap::new();
    for (file, text) in sources {
        for marker in ["entity!(", "table_name = \""] {
            for (at, _) in text.match_indices(marker) {
                let rest = &text[at + marker.len()..];
                let rest = if marker == "entity!(" { rest.split_once('"').map(|(_, r)| r) } else { Some(rest) };
                if let Some(table) = rest.and_then(|r| r.split('"').next())
                    && !table.is_empty()
                    && table.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                {
                    owners.insert(table.to_string(), capability(file).to_string());
                }
            }
        }
    }
    owners
}

/// What each file names across a boundary: (file, what).
fn leaks(sources: &[(String, String)]) -> BTreeSet<(String, String)> {
    let owners = table_owners(sources);
    let mut found = BTreeSet::new();
    for (file, text) in sources {
        let own = capability(file);
        // `crate::<capability>[::…]::entities` of another capability.
        for (at, _) in text.match_indices("::entities") {
            let path_start =
                text[..at].rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':')).unwrap_or(0);
            let path = &text[path_start + 1..at];
            if let Some(target) = path.strip_prefix("crate::")
                && let Some(owner) = target.split("::").next()
                && owner != own
            {
                found.insert((file.clone(), format!("{owner}::entities")));
            }
        }
        // SQL (written upper case here) naming another capability's table.
        for keyword in ["FROM ", "JOIN ", "INTO ", "UPDATE "] {
            for (at, _) in text.match_indices(keyword) {
                let table: String =
                    text[at + keyword.len()..].chars().take_while(|c| c.is_ascii_lowercase() || *c == '_').collect();
                if let Some(owner) = owners.get(&table)
                    && owner != own
                {
                    found.insert((file.clone(), table));
                }
            }
        }
        // The sandbox, outside the start-up wiring and the sandbox itself.
        if own != "sandbox" && !SANDBOX_WIRING.contains(&file.as_str()) && text.contains("crate::sandbox") {
            found.insert((file.clone(), "sandbox".to_string()));
        }
    }
    found
}

#[test]
fn capabilities_keep_to_their_own_tables_and_the_sandbox_to_start_up() {
    let found = leaks(&sources());
    let known: BTreeSet<(String, String)> = KNOWN.iter().map(|(f, w, _)| (f.to_string(), w.to_string())).collect();
    let new: Vec<_> = found.difference(&known).collect();
    assert!(new.is_empty(), "new boundary leaks (use what the capability exposes instead): {new:#?}");
    let fixed: Vec<_> = known.difference(&found).collect();
    assert!(fixed.is_empty(), "these leaks are gone: remove them from KNOWN in tidy.rs: {fixed:#?}");
}

#[test]
fn the_checker_sees_each_kind_of_leak() {
    let files = vec![
        ("billing/entities.rs".to_string(), "entity!(invoice, \"invoices\", { id: i64 });".to_string()),
        ("billing/service.rs".to_string(), "let n = \"SELECT 1 FROM invoices\";".to_string()),
        ("outreach/x.rs".to_string(), "use crate::billing::entities::invoice;".to_string()),
        ("outreach/y.rs".to_string(), "\"UPDATE invoices SET paid = 1\"".to_string()),
        ("mail/z.rs".to_string(), "use crate::sandbox::dns;".to_string()),
        ("main.rs".to_string(), "crate::sandbox::router()".to_string()),
        ("outreach/t.rs".to_string(), "fn f() {}\n#[cfg(test)]\nmod tests { use crate::sandbox::dns; }".to_string()),
        ("outreach/u.rs".to_string(), "//! Like [`crate::sandbox::dns`], FROM invoices.\nfn g() {}".to_string()),
    ];
    let files: Vec<(String, String)> = files.into_iter().map(|(f, t)| (f, code_only(&t))).collect();
    let found: Vec<(String, String)> = leaks(&files).into_iter().collect();
    let expected: Vec<(String, String)> =
        [("mail/z.rs", "sandbox"), ("outreach/x.rs", "billing::entities"), ("outreach/y.rs", "invoices")]
            .iter()
            .map(|(f, w)| (f.to_string(), w.to_string()))
            .collect();
    assert_eq!(found, expected);
}
