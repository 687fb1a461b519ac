//! Capability boundaries, checked on the source text (in the spirit of rust-analyzer's
//! `xtask/src/tidy.rs`): a capability's tables are its own — no other capability imports its
//! `entities` or names its tables in SQL — and the sandbox is wired in at start-up only.
//!
//! The boundaries that still leak are listed in `KNOWN`, each with why; a new leak fails, and
//! so does a listed one that no longer occurs (remove it from the list).
//!
//! The imports between modules (`crate::…` and `super::…` paths) form no circle, and the
//! infrastructure (`INFRASTRUCTURE`) imports no capability: each depends downwards only. The
//! composition (`WIRING`: the state, the configuration, the job registry and schedule, the web
//! layer, the sandbox) may name anything, and is what a capability receives as its context.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// (file, what it names, why it is still there).
const KNOWN: &[(&str, &str, &str)] = &[];

/// Files that wire the sandbox in at start-up.
const SANDBOX_WIRING: &[&str] = &["main.rs", "web/mod.rs", "state.rs", "config.rs", "lib.rs"];

/// The composition of the application: free to name every capability.
const WIRING: &[&str] = &["main", "lib", "state", "config", "wiring", "web", "sandbox"];

/// What every capability builds on; it never imports a capability or the composition.
const INFRASTRUCTURE: &[&str] = &["db", "net", "jobs", "observability", "time", "error", "limits", "trusted_proxies"];

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

/// A file's module path: `outreach/campaigns/mod.rs` → `outreach::campaigns`.
fn module_of(file: &str) -> String {
    let path = file.trim_end_matches(".rs");
    path.strip_suffix("/mod").unwrap_or(path).replace('/', "::")
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Every module path a file's code names, absolute (`crate::` and `super::` resolved, the
/// names of a `{…}` group each appended to its prefix).
fn named_paths(module: &str, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for start in ["crate::", "super::"] {
        for (at, _) in text.match_indices(start) {
            if at > 0 && text[..at].ends_with(|c: char| is_ident(c) || c == ':') {
                continue; // `super::super::x` is read from its first `super`; `a::crate::` is no path.
            }
            let rest = &text[at..];
            let path: String = rest.chars().take_while(|c| is_ident(*c) || *c == ':').collect();
            let path = path.trim_end_matches(':');
            let mut parts: Vec<&str> = path.split("::").collect();
            let mut base: Vec<&str> = if parts[0] == "crate" {
                parts.remove(0);
                Vec::new()
            } else {
                let mut base: Vec<&str> = module.split("::").collect();
                while parts.first() == Some(&"super") {
                    parts.remove(0);
                    base.pop();
                }
                base
            };
            base.extend(parts);
            let prefix = base.join("::");
            // `prefix::{a, b::c}`: each name of the group.
            if let Some(group) = rest[path.len()..].strip_prefix("::{") {
                for name in group.split('}').next().unwrap_or("").split(',') {
                    let name: String = name.trim().chars().take_while(|c| is_ident(*c) || *c == ':').collect();
                    if !name.is_empty() {
                        out.push(format!("{prefix}::{name}"));
                    }
                }
            }
            out.push(prefix);
        }
    }
    out
}

/// The imports between modules: (importer, imported), each the deepest module a path names;
/// a module and its own ancestors or descendants are one unit and make no edge.
fn imports(sources: &[(String, String)]) -> BTreeSet<(String, String)> {
    let modules: BTreeSet<String> = sources.iter().map(|(file, _)| module_of(file)).collect();
    let mut edges = BTreeSet::new();
    for (file, text) in sources {
        let from = module_of(file);
        for path in named_paths(&from, text) {
            let parts: Vec<&str> = path.split("::").collect();
            let Some(to) = (1..=parts.len()).rev().map(|n| parts[..n].join("::")).find(|m| modules.contains(m)) else {
                continue;
            };
            let related = |a: &str, b: &str| a == b || a.starts_with(&format!("{b}::"));
            if !related(&from, &to) && !related(&to, &from) {
                edges.insert((from.clone(), to));
            }
        }
    }
    edges
}

fn top(module: &str) -> &str {
    module.split("::").next().unwrap_or(module)
}

/// A circle of imports among the modules outside the composition, if there is one.
fn circle(edges: &BTreeSet<(String, String)>) -> Option<Vec<String>> {
    let mut next: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (from, to) in edges {
        if !WIRING.contains(&top(from)) && !WIRING.contains(&top(to)) {
            next.entry(from.as_str()).or_default().push(to.as_str());
        }
    }
    // Depth-first search; a module met again on the current path closes a circle.
    fn visit<'a>(
        node: &'a str,
        next: &BTreeMap<&'a str, Vec<&'a str>>,
        path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| *n == node) {
            let mut found: Vec<String> = path[at..].iter().map(|n| n.to_string()).collect();
            found.push(node.to_string());
            return Some(found);
        }
        if !done.insert(node) {
            return None;
        }
        path.push(node);
        for to in next.get(node).into_iter().flatten() {
            if let Some(found) = visit(to, next, path, done) {
                return Some(found);
            }
        }
        path.pop();
        None
    }
    let mut done = BTreeSet::new();
    let starts: Vec<&str> = next.keys().copied().collect();
    starts.into_iter().find_map(|start| visit(start, &next, &mut Vec::new(), &mut done))
}

/// Imports from the infrastructure up to a capability or the composition.
fn upward(edges: &BTreeSet<(String, String)>) -> Vec<(String, String)> {
    edges
        .iter()
        .filter(|(from, to)| INFRASTRUCTURE.contains(&top(from)) && !INFRASTRUCTURE.contains(&top(to)))
        .cloned()
        .collect()
}

#[test]
fn modules_import_downwards_only() {
    let edges = imports(&sources());
    assert!(edges.len() > 50, "the checker reads the imports: {} found", edges.len());
    assert_eq!(
        circle(&edges),
        None,
        "an import circle (cut it: move what both need lower, or let the composition link them)"
    );
    assert_eq!(upward(&edges), Vec::<(String, String)>::new(), "the infrastructure imports a capability");
}

#[test]
fn the_import_checker_sees_circles_and_upward_imports() {
    let files: Vec<(String, String)> = [
        ("outreach/campaigns/dispatch.rs", "use super::jobs::Submit;\nuse crate::prospecting::{store, credits};"),
        ("outreach/campaigns/jobs.rs", "use super::{dispatch::run, entities};"),
        ("outreach/campaigns/entities.rs", "use super::super::schedule;"),
        ("outreach/campaigns/mod.rs", "pub mod jobs; pub use jobs::Submit; fn f() { super::schedule::x(); }"),
        ("outreach/schedule.rs", "fn g() {}"),
        ("prospecting/store.rs", "fn h() {}"),
        ("prospecting/credits.rs", "fn h() {}"),
        ("jobs/worker.rs", "use crate::state::AppState;"),
        ("state.rs", "use crate::outreach::campaigns::LiveBoard;"),
    ]
    .iter()
    .map(|(f, t)| (f.to_string(), code_only(t)))
    .collect();
    let edges = imports(&files);
    let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
    assert!(edges.contains(&pair("outreach::campaigns::dispatch", "prospecting::credits")));
    assert!(edges.contains(&pair("outreach::campaigns::entities", "outreach::schedule")));
    assert!(edges.contains(&pair("outreach::campaigns", "outreach::schedule")));
    assert!(!edges.iter().any(|(from, to)| from == "outreach::campaigns" && to.starts_with("outreach::campaigns::")));
    let found = circle(&edges).expect("dispatch and jobs import each other");
    assert!(found.contains(&"outreach::campaigns::dispatch".to_string()), "{found:?}");
    assert!(found.contains(&"outreach::campaigns::jobs".to_string()), "{found:?}");
    assert_eq!(upward(&edges), vec![pair("jobs::worker", "state")]);
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
