//! The client's calendar at its server: a CalDAV collection (read with a `calendar-query`
//! REPORT, written with a PUT of our event) or a published ICS feed (read only). Every request
//! goes through the guarded HTTP client; failures come back as [`SourceError`], in French.

use super::ical::{self, Busy};
use crate::net::client::{HttpClient, Redirects, refusal};
use crate::net::{Guard, NetError};
use chrono::{DateTime, Utc};
use prospecta_shared::meetings::CalendarKind;
use reqwest::{Method, StatusCode};
use std::time::Duration;

/// Why the calendar could not be read or written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SourceError {
    #[error("{0}")]
    Refused(NetError),
    #[error("le serveur de l'agenda ne répond pas ({0})")]
    Unreachable(String),
    #[error("identifiant ou mot de passe refusé par le serveur de l'agenda")]
    Credentials,
    #[error("cette adresse n'est pas un agenda (réponse {0})")]
    NotACalendar(u16),
    #[error("le serveur de l'agenda a refusé l'événement (réponse {0})")]
    Write(u16),
    /// The event's name is taken at the server: an event of ours already there.
    #[error("l'événement existe déjà dans l'agenda")]
    Exists,
}

/// How to reach one calendar.
#[derive(Debug, Clone)]
pub struct Source {
    pub kind: CalendarKind,
    pub url: String,
    pub username: Option<String>,
    pub password: Option<String>,
}

/// Calendar servers are answered within seconds; a feed may be a few megabytes.
const TIMEOUT: Duration = Duration::from_secs(20);

fn client(guard: &Guard) -> HttpClient {
    HttpClient::new(guard, TIMEOUT, "text/calendar, application/xml, */*", Redirects::Follow(3))
}

fn failed(e: reqwest::Error) -> SourceError {
    match refusal(&e) {
        Some(refused) => SourceError::Refused(refused),
        None if e.is_timeout() => SourceError::Unreachable("délai dépassé".into()),
        None => SourceError::Unreachable(if e.is_connect() { "connexion impossible".into() } else { e.to_string() }),
    }
}

/// A time as CalDAV's time ranges write it.
fn utc(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// The collection's address with its final slash (CalDAV members are named under it).
fn collection(url: &str) -> String {
    if url.ends_with('/') { url.to_string() } else { format!("{url}/") }
}

impl Source {
    fn request(&self, http: &HttpClient, method: Method, url: &str) -> Result<reqwest::RequestBuilder, SourceError> {
        let request = http.request(method, url).map_err(SourceError::Refused)?;
        Ok(match &self.username {
            Some(user) => request.basic_auth(user, self.password.as_deref()),
            None => request,
        })
    }

    fn status(status: StatusCode) -> Result<(), SourceError> {
        match status.as_u16() {
            200..=299 => Ok(()),
            401 | 403 => Err(SourceError::Credentials),
            other => Err(SourceError::NotACalendar(other)),
        }
    }

    /// The busy times between `from` and `to`.
    pub async fn busy(&self, guard: &Guard, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<Busy>, SourceError> {
        let http = client(guard);
        let text = match self.kind {
            CalendarKind::IcsFeed => {
                let response = self.request(&http, Method::GET, &self.url)?.send().await.map_err(failed)?;
                Self::status(response.status())?;
                response.text().await.map_err(failed)?
            }
            CalendarKind::CalDav => {
                let query = format!(
                    r#"<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop><C:calendar-data/></D:prop>
  <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">
    <C:time-range start="{}" end="{}"/>
  </C:comp-filter></C:comp-filter></C:filter>
</C:calendar-query>"#,
                    utc(from),
                    utc(to)
                );
                let report = Method::from_bytes(b"REPORT").map_err(|e| SourceError::Unreachable(e.to_string()))?;
                let response = self
                    .request(&http, report, &collection(&self.url))?
                    .header("Depth", "1")
                    .header("Content-Type", "application/xml; charset=utf-8")
                    .body(query)
                    .send()
                    .await
                    .map_err(failed)?;
                Self::status(response.status())?;
                let xml = response.text().await.map_err(failed)?;
                if !xml.contains("multistatus") {
                    return Err(SourceError::NotACalendar(200));
                }
                calendar_data(&xml)
            }
        };
        Ok(ical::busy(&text, from, to))
    }

    /// Writes our event as `{uid}.ics` in the collection; refuses to replace one already there.
    pub async fn put(&self, guard: &Guard, uid: &str, ics: String) -> Result<(), SourceError> {
        let http = client(guard);
        let url = format!("{}{uid}.ics", collection(&self.url));
        let response = self
            .request(&http, Method::PUT, &url)?
            .header("Content-Type", "text/calendar; charset=utf-8")
            .header("If-None-Match", "*")
            .body(ics)
            .send()
            .await
            .map_err(failed)?;
        match response.status().as_u16() {
            200..=299 => Ok(()),
            401 | 403 => Err(SourceError::Credentials),
            412 => Err(SourceError::Exists),
            other => Err(SourceError::Write(other)),
        }
    }
}

impl Source {
    /// Removes our event `{uid}.ics` from the collection; an event already gone is removed.
    pub async fn delete(&self, guard: &Guard, uid: &str) -> Result<(), SourceError> {
        let http = client(guard);
        let url = format!("{}{uid}.ics", collection(&self.url));
        let response = self.request(&http, Method::DELETE, &url)?.send().await.map_err(failed)?;
        match response.status().as_u16() {
            200..=299 | 404 | 410 => Ok(()),
            401 | 403 => Err(SourceError::Credentials),
            other => Err(SourceError::Write(other)),
        }
    }
}

/// Every `calendar-data` of a multistatus answer, their XML escapes undone, one after another.
fn calendar_data(xml: &str) -> String {
    let mut out = String::new();
    let mut rest = xml;
    while let Some(open) = rest.find("calendar-data") {
        let after = &rest[open..];
        let Some(start) = after.find('>') else { break };
        let body = &after[start + 1..];
        // A self-closing element (`<C:calendar-data/>`) has no data.
        if after[..start].ends_with('/') {
            rest = body;
            continue;
        }
        let Some(end) = body.find("</") else { break };
        out.push_str(&unescape_xml(&body[..end]));
        out.push('\n');
        rest = &body[end..];
        // Skip the closing tag's own name.
        rest = rest.find('>').map_or("", |i| &rest[i + 1..]);
    }
    out
}

fn unescape_xml(text: &str) -> String {
    let text = text.trim();
    let text = text.strip_prefix("<![CDATA[").and_then(|t| t.strip_suffix("]]>")).unwrap_or(text);
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&#13;", "\r")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_data_is_taken_from_each_response() {
        let xml = "<multistatus xmlns=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><response><propstat><prop>\
<C:calendar-data>BEGIN:VCALENDAR\nSUMMARY:R&amp;D &lt;1&gt;\nEND:VCALENDAR\n</C:calendar-data></prop></propstat></response>\
<response><propstat><prop><cal:calendar-data xmlns:cal=\"urn:ietf:params:xml:ns:caldav\"><![CDATA[BEGIN:VCALENDAR\nEND:VCALENDAR]]></cal:calendar-data>\
</prop></propstat></response></multistatus>";
        let data = calendar_data(xml);
        assert!(data.contains("SUMMARY:R&D <1>"), "{data}");
        assert_eq!(data.matches("BEGIN:VCALENDAR").count(), 2, "{data}");
    }
}
