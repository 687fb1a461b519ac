//! The browser's liveness and memory as the kernel reports them under `/proc`. Chromium is a tree
//! of processes (browser, zygote, one renderer per site, utilities): its cost is the sum over
//! the tree, and a leak shows in the renderers as much as in the browser process.
//!
//! The sum is of PSS (each shared page divided among the processes mapping it), not of VmRSS:
//! Chromium's processes share most of the browser binary and V8's snapshot, and summing VmRSS
//! counts those once per process. Measured here on an idle headless Chromium 156 (9
//! processes): VmRSS summed 938 MB, PSS 380 MB; a cap on the VmRSS sum restarted a 4-tab pool
//! six times in 26 sites although the machine had used far less.

use std::collections::HashMap;

/// Whether `pid` still runs. A killed Chromium stays a zombie until headless_chrome reaps it
/// (when its `Browser` is dropped), so a zombie counts as dead.
pub fn is_running(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|stat| state_and_parent(&stat))
        .is_some_and(|(state, _)| !matches!(state, 'Z' | 'X' | 'x'))
}

/// Memory of `root` and all its descendants, in kB (PSS, else VmRSS where the kernel has no
/// `smaps_rollup`). `None` when `root` is gone.
pub fn tree_memory_kb(root: u32) -> Option<u64> {
    let mut children: HashMap<u32, Vec<u32>> = HashMap::new();
    for entry in std::fs::read_dir("/proc").ok()?.flatten() {
        let Some(pid) = entry.file_name().to_str().and_then(|n| n.parse::<u32>().ok()) else { continue };
        // A process may exit while we walk: skip it.
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else { continue };
        if let Some((_, parent)) = state_and_parent(&stat) {
            children.entry(parent).or_default().push(pid);
        }
    }
    let mut total = memory_kb(root)?;
    let mut todo = children.remove(&root).unwrap_or_default();
    while let Some(pid) = todo.pop() {
        total += memory_kb(pid).unwrap_or(0);
        todo.extend(children.remove(&pid).unwrap_or_default());
    }
    Some(total)
}

/// State letter and parent pid from `/proc/<pid>/stat`. The command name (second field) may
/// hold spaces and parentheses, so the fields are read after its last `)`.
fn state_and_parent(stat: &str) -> Option<(char, u32)> {
    let rest = &stat[stat.rfind(')')? + 1..];
    let mut fields = rest.split_whitespace();
    let state = fields.next()?.chars().next()?;
    let parent = fields.next()?.parse().ok()?;
    Some((state, parent))
}

/// One process's PSS in kB, else its VmRSS; absent for zombies and kernel threads.
fn memory_kb(pid: u32) -> Option<u64> {
    let field = |file: &str, name: &str| -> Option<u64> {
        let text = std::fs::read_to_string(format!("/proc/{pid}/{file}")).ok()?;
        text.lines().find_map(|l| l.strip_prefix(name)).and_then(|v| v.split_whitespace().next()?.parse().ok())
    };
    field("smaps_rollup", "Pss:").or_else(|| field("status", "VmRSS:"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stat_fields_are_read_after_the_command_name() {
        let stat = "4242 (Web Content (x)) S 4200 4242 4200 0 -1 4194560";
        assert_eq!(state_and_parent(stat), Some(('S', 4200)));
        assert_eq!(state_and_parent("garbage"), None);
    }

    #[test]
    fn this_process_runs_and_has_memory() {
        let me = std::process::id();
        assert!(is_running(me));
        assert!(tree_memory_kb(me).is_some_and(|kb| kb > 0));
        assert!(!is_running(u32::MAX));
        assert_eq!(tree_memory_kb(u32::MAX), None);
    }
}
