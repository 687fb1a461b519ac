//! Real mail servers on loopback for the mailbox tests, started per test: Dovecot (IMAP,
//! Debian's dovecot-imapd, `tests/peers/dovecot_peer.py`: a standalone configuration, one user,
//! Maildir) and an SMTP server (aiosmtpd, `tests/peers/smtp_peer.py`), both run by Debian's
//! Python. The test command installs both (`scripts/lib.sh`); the Playwright journey starts them
//! the same way.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub(crate) fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port()
}

pub(crate) fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("prospecta-{name}-{}-{}", std::process::id(), free_port()));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

pub(crate) async fn listening(port: u16, what: &str) {
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{what} did not start on port {port}");
}

/// An SMTP submission server that keeps what it accepts.
pub struct SmtpPeer {
    pub port: u16,
    outbox: PathBuf,
    child: Child,
}

impl SmtpPeer {
    pub async fn start(login: &str, password: &str) -> SmtpPeer {
        let port = free_port();
        let outbox = scratch("smtp");
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/peers/smtp_peer.py");
        let child = Command::new("/usr/bin/python3")
            .arg(script)
            .args([&port.to_string(), login, password, outbox.to_str().expect("path")])
            .stdout(Stdio::null())
            .spawn()
            .expect("python3-aiosmtpd (installed by scripts/lib.sh)");
        listening(port, "the SMTP peer").await;
        SmtpPeer { port, outbox, child }
    }

    /// Every message accepted for others than the mailbox itself, oldest first: its envelope
    /// (JSON) and its raw text.
    pub fn messages(&self) -> Vec<(serde_json::Value, String)> {
        self.accepted().into_iter().filter(|(envelope, _)| !to_itself(envelope)).collect()
    }

    /// The messages the mailbox sent to one of its own tagged addresses (the test of the
    /// campaigns' reply addresses, when it is connected).
    pub fn to_itself(&self) -> Vec<(serde_json::Value, String)> {
        self.accepted().into_iter().filter(|(envelope, _)| to_itself(envelope)).collect()
    }

    fn accepted(&self) -> Vec<(serde_json::Value, String)> {
        let mut names: Vec<PathBuf> = std::fs::read_dir(&self.outbox)
            .expect("outbox")
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "eml"))
            .collect();
        names.sort();
        names
            .into_iter()
            .map(|eml| {
                let envelope = std::fs::read_to_string(eml.with_extension("json")).expect("envelope");
                (serde_json::from_str(&envelope).expect("json"), std::fs::read_to_string(&eml).expect("message"))
            })
            .collect()
    }
}

impl Drop for SmtpPeer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.outbox);
    }
}

/// An IMAP server with one user.
pub struct Dovecot {
    pub port: u16,
    dir: PathBuf,
    child: Child,
}

impl Dovecot {
    pub async fn start(login: &str, password: &str) -> Dovecot {
        let port = free_port();
        let dir = scratch("dovecot");
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/peers/dovecot_peer.py");
        let child = Command::new("/usr/bin/python3")
            .arg(script)
            .args([&port.to_string(), login, password, dir.to_str().expect("path")])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("dovecot-imapd (installed by scripts/lib.sh)");
        listening(port, "Dovecot").await;
        Dovecot { port, dir, child }
    }

    /// Puts a message in the user's inbox, as a delivery would.
    pub fn deliver(&self, login: &str, raw: &[u8]) {
        let maildir = self.dir.join("mail").join(login);
        for sub in ["cur", "new", "tmp"] {
            std::fs::create_dir_all(maildir.join(sub)).expect("maildir");
        }
        let _ = Command::new("chmod").args(["-R", "777"]).arg(&maildir).status();
        let name = format!("{}.{}.test", chrono::Utc::now().timestamp_nanos_opt().unwrap_or_default(), free_port());
        std::fs::write(maildir.join("tmp").join(&name), raw).expect("write");
        std::fs::rename(maildir.join("tmp").join(&name), maildir.join("new").join(&name)).expect("deliver");
    }
}

impl Drop for Dovecot {
    fn drop(&mut self) {
        // SIGTERM: the master stops its login and auth processes with it.
        let _ = Command::new("kill").arg(self.child.id().to_string()).status();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Whether every recipient of the envelope is its sender's address, tagged or not.
fn to_itself(envelope: &serde_json::Value) -> bool {
    let owner = |address: &str| {
        let (local, domain) = address.split_once('@').unwrap_or((address, ""));
        format!("{}@{domain}", local.split('+').next().unwrap_or(local)).to_lowercase()
    };
    let from = owner(envelope["from"].as_str().unwrap_or_default());
    envelope["to"]
        .as_array()
        .is_some_and(|to| !to.is_empty() && to.iter().all(|t| owner(t.as_str().unwrap_or_default()) == from))
}
