//! A real CalDAV server on loopback for the meetings tests: Debian's Radicale, started per test
//! with one user and its own folder (the test command installs it, `scripts/lib.sh`).

use crate::mail_peers::{free_port, listening, scratch};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

pub const USER: &str = "lea";
pub const PASSWORD: &str = "un-secret-d-agenda";

pub struct Radicale {
    pub port: u16,
    dir: PathBuf,
    child: Option<Child>,
    http: reqwest::Client,
}

impl Radicale {
    pub async fn start() -> Radicale {
        let port = free_port();
        let dir = scratch("radicale");
        std::fs::write(dir.join("users"), format!("{USER}:{PASSWORD}\n")).expect("users");
        let config = format!(
            "[server]\nhosts = 127.0.0.1:{port}\n[auth]\ntype = htpasswd\nhtpasswd_filename = {users}\nhtpasswd_encryption = plain\n\
             [storage]\nfilesystem_folder = {collections}\n[rights]\ntype = owner_only\n[logging]\nlevel = warning\n",
            users = dir.join("users").display(),
            collections = dir.join("collections").display(),
        );
        std::fs::write(dir.join("config"), config).expect("config");
        let child = Command::new("/usr/bin/python3")
            .args(["-m", "radicale", "--config"])
            .arg(dir.join("config"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("radicale (installed by scripts/lib.sh)");
        listening(port, "Radicale").await;
        Radicale { port, dir, child: Some(child), http: reqwest::Client::new() }
    }

    /// The address of one of the user's calendars.
    pub fn calendar_url(&self, name: &str) -> String {
        format!("http://127.0.0.1:{}/{USER}/{name}/", self.port)
    }

    /// Creates a calendar collection.
    pub async fn make_calendar(&self, name: &str) -> String {
        let url = self.calendar_url(name);
        let made = self
            .http
            .request(reqwest::Method::from_bytes(b"MKCALENDAR").unwrap(), &url)
            .basic_auth(USER, Some(PASSWORD))
            .send()
            .await
            .expect("MKCALENDAR");
        assert_eq!(made.status().as_u16(), 201, "calendar created");
        url
    }

    /// Puts an event in a calendar, as the client's own calendar application would.
    pub async fn put(&self, calendar: &str, uid: &str, ics: &str) {
        let response = self
            .http
            .put(format!("{calendar}{uid}.ics"))
            .basic_auth(USER, Some(PASSWORD))
            .header("Content-Type", "text/calendar")
            .body(ics.to_string())
            .send()
            .await
            .expect("PUT");
        assert!(response.status().is_success(), "{}", response.status());
    }

    /// An event of the calendar as stored, if there.
    pub async fn get(&self, calendar: &str, uid: &str) -> Option<String> {
        let response =
            self.http.get(format!("{calendar}{uid}.ics")).basic_auth(USER, Some(PASSWORD)).send().await.expect("GET");
        response.status().is_success().then_some(response.text().await.expect("body"))
    }

    /// Stops the server (the calendar is down).
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for Radicale {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// One busy event from `start` for `minutes`, in UTC.
pub fn event(uid: &str, start: chrono::DateTime<chrono::Utc>, minutes: i64, summary: &str) -> String {
    let end = start + chrono::Duration::minutes(minutes);
    format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//FR\r\nBEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20261201T090000Z\r\n\
         DTSTART:{}\r\nDTEND:{}\r\nSUMMARY:{summary}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        start.format("%Y%m%dT%H%M%SZ"),
        end.format("%Y%m%dT%H%M%SZ")
    )
}
