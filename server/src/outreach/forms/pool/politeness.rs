//! Per-host politeness: two visits to one site start at least `gap` apart, whichever campaign
//! jobs they come from, so that a client's prospects never see a burst of submissions.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;
use tokio::time::Instant;

/// The start instant reserved for the last visit of each host.
pub struct HostGate {
    gap: Duration,
    last_start: Mutex<HashMap<String, Instant>>,
}

impl HostGate {
    pub fn new(gap: Duration) -> Self {
        HostGate { gap, last_start: Mutex::new(HashMap::new()) }
    }

    /// Waits until `url`'s host may be visited. The slot is reserved before sleeping, so that
    /// concurrent callers for one host line up `gap` apart instead of all waking at once.
    pub async fn wait_turn(&self, url: &str) {
        if self.gap.is_zero() {
            return;
        }
        let key = host_key(url);
        let start = {
            // A poisoned map only means another visit panicked while holding it: the instants
            // in it are still sound.
            let mut last = self.last_start.lock().unwrap_or_else(|e| e.into_inner());
            let now = Instant::now();
            // Hosts whose gap is over need no entry: the map stays as small as the live set.
            last.retain(|_, t| *t + self.gap > now);
            let start = last.get(&key).map_or(now, |t| (*t + self.gap).max(now));
            last.insert(key, start);
            start
        };
        tokio::time::sleep_until(start).await;
    }
}

/// The politeness key of a URL: its host and port, lower-cased, without `www.` (the same site
/// under both names is one server).
pub fn host_key(url: &str) -> String {
    let url = url.trim();
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h).to_ascii_lowercase();
    host.strip_prefix("www.").map(str::to_string).unwrap_or(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_compare_without_www_case_or_path() {
        assert_eq!(host_key("https://www.Example.fr/contact"), "example.fr");
        assert_eq!(host_key("example.fr"), "example.fr");
        assert_eq!(host_key("http://user@www.example.fr:8080?q"), "example.fr:8080");
        assert_ne!(host_key("http://127.0.0.1:8080/a"), host_key("http://127.0.0.1:8081/a"));
    }

    #[tokio::test]
    async fn visits_to_one_host_line_up_and_other_hosts_do_not_wait() {
        let gap = Duration::from_millis(300);
        let gate = HostGate::new(gap);
        let t0 = Instant::now();
        gate.wait_turn("https://a.fr/").await;
        gate.wait_turn("https://b.fr/").await;
        assert!(t0.elapsed() < gap, "{:?}", t0.elapsed());
        let (x, y) = tokio::join!(
            async {
                gate.wait_turn("https://www.a.fr/contact").await;
                t0.elapsed()
            },
            async {
                gate.wait_turn("http://a.fr/devis").await;
                t0.elapsed()
            }
        );
        let (first, second) = (x.min(y), x.max(y));
        assert!(first >= gap, "{first:?}");
        assert!(second >= 2 * gap, "{second:?}");
    }
}
