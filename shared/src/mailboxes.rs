//! The organisation's sending mailbox (issue 15, sending): what the client types to connect it,
//! parsed once here, and what the settings page shows of it. The password crosses the wire
//! once, inbound; nothing here ever carries it back.

use crate::accounts::Email;
use crate::error::{AppError, ValidationCode};
use serde::{Deserialize, Serialize};

/// The daily cap a mailbox gets unless the client sets another.
pub const DEFAULT_DAILY_CAP: u32 = 150;
/// The bounds of the daily cap a client may set.
pub const DAILY_CAP_RANGE: (u32, u32) = (10, 1000);
/// The first day of sending allows this many messages, each later day [`WARM_UP_STEP`] more,
/// until the daily cap: a new mailbox that suddenly sends hundreds of messages looks like spam
/// to the receiving servers.
pub const WARM_UP_START: u32 = 20;
pub const WARM_UP_STEP: u32 = 10;
/// A mailbox pauses itself when its hard bounces exceed this share of its last
/// [`BOUNCE_WINDOW`] messages.
pub const BOUNCE_WINDOW: u32 = 200;
pub const BOUNCE_PERCENT_MAX: u32 = 2;

crate::stored_enum! {
    /// How the connection to a mail server is protected.
    #[derive(Serialize, Deserialize)]
    pub enum MailSecurity {
        /// TLS from the first byte (ports 465 and 993).
        Tls = "tls",
        /// A plain connection upgraded by STARTTLS (ports 587 and 143).
        StartTls = "starttls",
        /// No encryption: only for a server on this machine or its private network (tests, the
        /// sandbox); refused in production.
        Plain = "plain",
    }
}

impl MailSecurity {
    pub fn label_fr(self) -> &'static str {
        match self {
            MailSecurity::Tls => "SSL/TLS",
            MailSecurity::StartTls => "STARTTLS",
            MailSecurity::Plain => "Aucun (réseau local uniquement)",
        }
    }
}

crate::stored_enum! {
    /// Whether the mailbox sends.
    #[derive(Serialize, Deserialize)]
    pub enum MailboxStatus {
        Active = "active",
        /// Paused by itself (too many hard bounces, a password refused) or by the client: the
        /// reason says which; nothing is sent until it is connected again.
        Paused = "paused",
    }
}

/// One server of the mailbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailServer {
    pub host: MailHost,
    pub port: u16,
    pub security: MailSecurity,
}

/// A mail server's name (or IP address), as the client typed it minus spaces and case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct MailHost(String);

impl MailHost {
    pub fn parse(field: &str, raw: &str) -> Result<Self, AppError> {
        let value = raw.trim().trim_end_matches('.').to_lowercase();
        if value.is_empty() {
            return Err(AppError::validation(field, ValidationCode::Required));
        }
        if value.len() > 253 {
            return Err(AppError::validation(field, ValidationCode::TooLong { max: 253 }));
        }
        let bare = value.trim_start_matches('[').trim_end_matches(']');
        if bare.parse::<std::net::IpAddr>().is_ok() {
            return Ok(MailHost(bare.to_string()));
        }
        let labels_ok = value.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
        if !labels_ok {
            return Err(AppError::validation(field, ValidationCode::InvalidMailHost));
        }
        Ok(MailHost(value))
    }

    /// A host read back from storage, where only parsed hosts are written.
    pub fn stored(raw: &str) -> Self {
        MailHost(raw.to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What the client types to connect the mailbox, as the form sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailboxInput {
    pub from_name: String,
    pub from_address: String,
    pub login: String,
    pub password: String,
    pub smtp_host: String,
    pub smtp_port: String,
    pub smtp_security: String,
    pub imap_host: String,
    pub imap_port: String,
    pub imap_security: String,
    pub daily_cap: String,
}

/// The settings, parsed: every field valid, the password not empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailboxSettings {
    pub from_name: String,
    pub from_address: Email,
    pub login: String,
    pub password: String,
    pub smtp: MailServer,
    pub imap: MailServer,
    pub daily_cap: u32,
}

impl MailboxInput {
    /// Every field checked; the first refusal is returned.
    pub fn parse(&self) -> Result<MailboxSettings, AppError> {
        let from_name = one_line("from_name", &self.from_name, 80)?;
        let from_address = Email::parse("from_address", &self.from_address)?;
        let login = one_line("login", &self.login, 254)?;
        if self.password.is_empty() {
            return Err(AppError::validation("mailbox_password", ValidationCode::Required));
        }
        if self.password.len() > 512 {
            return Err(AppError::validation("mailbox_password", ValidationCode::TooLong { max: 512 }));
        }
        if self.password.chars().any(|c| c == '\r' || c == '\n') {
            return Err(AppError::validation("mailbox_password", ValidationCode::MultiLine));
        }
        let server = |host: &str, port: &str, security: &str, prefix: &str| -> Result<MailServer, AppError> {
            let host = MailHost::parse(&format!("{prefix}_host"), host)?;
            let port_field = format!("{prefix}_port");
            let port =
                port.trim().parse::<u16>().ok().filter(|p| *p > 0).ok_or_else(|| {
                    AppError::validation(&port_field, ValidationCode::OutOfRange { min: 1, max: 65535 })
                })?;
            let security = MailSecurity::parse(security.trim())
                .ok_or_else(|| AppError::validation(&format!("{prefix}_security"), ValidationCode::Required))?;
            Ok(MailServer { host, port, security })
        };
        let smtp = server(&self.smtp_host, &self.smtp_port, &self.smtp_security, "smtp")?;
        let imap = server(&self.imap_host, &self.imap_port, &self.imap_security, "imap")?;
        let (min, max) = DAILY_CAP_RANGE;
        let daily_cap = match self.daily_cap.trim() {
            "" => DEFAULT_DAILY_CAP,
            raw => raw
                .parse::<u32>()
                .ok()
                .filter(|n| (min..=max).contains(n))
                .ok_or(AppError::validation("daily_cap", ValidationCode::OutOfRange { min, max }))?,
        };
        Ok(MailboxSettings { from_name, from_address, login, password: self.password.clone(), smtp, imap, daily_cap })
    }
}

fn one_line(field: &str, raw: &str, max: usize) -> Result<String, AppError> {
    let value = raw.trim();
    if value.is_empty() {
        return Err(AppError::validation(field, ValidationCode::Required));
    }
    if value.chars().count() > max {
        return Err(AppError::validation(field, ValidationCode::TooLong { max: max as u32 }));
    }
    if value.chars().any(char::is_control) {
        return Err(AppError::validation(field, ValidationCode::MultiLine));
    }
    Ok(value.to_string())
}

/// How many messages the mailbox may send on its `day`-th day of sending (1 for the first),
/// with its daily cap.
pub fn warm_up_limit(day: u32, daily_cap: u32) -> u32 {
    WARM_UP_START.saturating_add(WARM_UP_STEP.saturating_mul(day.saturating_sub(1))).min(daily_cap)
}

/// The mailbox as the settings page shows it: never its password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailboxView {
    pub from_name: String,
    pub from_address: String,
    pub login: String,
    pub smtp: MailServer,
    pub imap: MailServer,
    pub status: MailboxStatus,
    /// Why it is paused, in French.
    pub pause_reason: Option<String>,
    pub daily_cap: u32,
    /// Today's limit with the warm-up ramp, and what was sent today (Paris day).
    pub today_limit: u32,
    pub sent_today: u32,
    /// Hard bounces among the last messages, and how many messages that is.
    pub recent_sent: u32,
    pub recent_hard_bounces: u32,
    /// When the connection was last tested successfully, in French.
    pub checked_at: String,
    pub reply_addressing: ReplyAddressing,
}

/// Whether each campaign's messages carry their own reply address (`camille+c12@atelier.fr`,
/// in Reply-To), so that a reply whose threading headers were lost still finds its campaign.
/// The provider must deliver such tagged addresses to the mailbox: a test message tells.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReplyAddressing {
    /// The test message to a tagged address has not come back yet.
    Checking { test_address: String },
    /// It came back: each campaign replies to its own address.
    Tagged { example: String },
    /// It never came back: replies go to the sending address, and are filed by their headers
    /// and their sender.
    Untagged,
}

/// The campaign's reply address on `address` (`camille@x.fr` → `camille+c12@x.fr`).
pub fn campaign_reply_address(address: &str, campaign: crate::ids::CampaignId) -> Option<String> {
    let (local, domain) = address.trim().split_once('@')?;
    (!local.is_empty() && !domain.is_empty()).then(|| format!("{local}+c{campaign}@{domain}"))
}

/// The campaign a reply address names (`camille+c12@x.fr` → 12), whatever the case.
pub fn campaign_of_reply_address(address: &str) -> Option<crate::ids::CampaignId> {
    let (local, _) = address.trim().split_once('@')?;
    let (_, tag) = local.rsplit_once('+')?;
    let digits = tag.strip_prefix('c').or_else(|| tag.strip_prefix('C'))?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|id: &i64| *id > 0).map(crate::ids::CampaignId)
}

/// How a record of the sending domain stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Verdict {
    /// Published and doing its job.
    Good,
    /// Published, but something should be fixed.
    Weak,
    /// Not found.
    Missing,
    /// The lookup failed: nothing can be said.
    Unknown,
}

impl Verdict {
    pub fn label_fr(self) -> &'static str {
        match self {
            Verdict::Good => "Conforme",
            Verdict::Weak => "À corriger",
            Verdict::Missing => "Absent",
            Verdict::Unknown => "Non vérifié",
        }
    }
}

/// One record (SPF, DKIM or DMARC) of the sending domain, as found in the DNS.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordCheck {
    pub verdict: Verdict,
    /// The record as published (or where it was looked for).
    pub record: Option<String>,
    /// What was found, in French.
    pub summary: String,
    /// What to change, in French, when something should.
    pub fix: Option<String>,
}

/// The sending domain's authentication records, checked in the DNS on request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DomainCheck {
    pub domain: String,
    /// The address belongs to a mailbox provider (gmail.com, orange.fr…), which manages the
    /// records: the client cannot change them.
    pub provider_domain: bool,
    pub spf: RecordCheck,
    pub dkim: RecordCheck,
    pub dmarc: RecordCheck,
}

/// A DKIM selector the client names (optional): DNS labels only.
pub fn dkim_selector(raw: &str) -> Result<Option<String>, AppError> {
    let selector = raw.trim().trim_end_matches("._domainkey").to_ascii_lowercase();
    if selector.is_empty() {
        return Ok(None);
    }
    let valid = selector.len() <= 63
        && selector
            .split('.')
            .all(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
    if valid {
        Ok(Some(selector))
    } else {
        Err(AppError::validation("dkim_selector", ValidationCode::InvalidDkimSelector))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dkim_selectors_are_dns_labels() {
        assert_eq!(dkim_selector("  ").unwrap(), None);
        assert_eq!(dkim_selector("Selector1._domainkey").unwrap().as_deref(), Some("selector1"));
        assert_eq!(dkim_selector("s1.mail").unwrap().as_deref(), Some("s1.mail"));
        for bad in ["sel ector", "a@b", "x/y", "a..b"] {
            assert!(dkim_selector(bad).is_err(), "{bad}");
        }
    }

    fn input() -> MailboxInput {
        MailboxInput {
            from_name: "Camille Martin".into(),
            from_address: "camille@atelier-martin.fr".into(),
            login: "camille@atelier-martin.fr".into(),
            password: "s3cret pass".into(),
            smtp_host: "ssl0.ovh.net".into(),
            smtp_port: "465".into(),
            smtp_security: "tls".into(),
            imap_host: " SSL0.OVH.NET ".into(),
            imap_port: "993".into(),
            imap_security: "tls".into(),
            daily_cap: String::new(),
        }
    }

    #[test]
    fn parses_a_complete_form() {
        let s = input().parse().unwrap();
        assert_eq!(s.imap.host.as_str(), "ssl0.ovh.net");
        assert_eq!((s.smtp.port, s.smtp.security), (465, MailSecurity::Tls));
        assert_eq!(s.daily_cap, DEFAULT_DAILY_CAP);
        assert_eq!(s.password, "s3cret pass", "a password is kept as typed, spaces included");
    }

    #[test]
    fn refuses_each_bad_field_by_its_name() {
        let refused = |f: fn(&mut MailboxInput), field: &str| {
            let mut i = input();
            f(&mut i);
            let e = i.parse().unwrap_err();
            assert_eq!(e.field(), Some(field), "{e:?}");
        };
        refused(|i| i.from_name = " ".into(), "from_name");
        refused(|i| i.from_name = "Camille\r\nBcc: x@y.fr".into(), "from_name");
        refused(|i| i.from_address = "camille".into(), "from_address");
        refused(|i| i.login = String::new(), "login");
        refused(|i| i.password = String::new(), "mailbox_password");
        refused(|i| i.password = "a\nb".into(), "mailbox_password");
        refused(|i| i.smtp_host = "smtp://ovh.net".into(), "smtp_host");
        refused(|i| i.smtp_host = "ssl0 ovh.net".into(), "smtp_host");
        refused(|i| i.smtp_port = "0".into(), "smtp_port");
        refused(|i| i.smtp_port = "70000".into(), "smtp_port");
        refused(|i| i.imap_security = "ssl3".into(), "imap_security");
        refused(|i| i.daily_cap = "5".into(), "daily_cap");
        refused(|i| i.daily_cap = "beaucoup".into(), "daily_cap");
    }

    #[test]
    fn an_ip_address_is_a_host() {
        assert_eq!(MailHost::parse("h", "[127.0.0.1]").unwrap().as_str(), "127.0.0.1");
        assert_eq!(MailHost::parse("h", "::1").unwrap().as_str(), "::1");
    }

    #[test]
    fn the_warm_up_ramp_climbs_to_the_cap() {
        assert_eq!(warm_up_limit(1, 150), 20);
        assert_eq!(warm_up_limit(2, 150), 30);
        assert_eq!(warm_up_limit(14, 150), 150);
        assert_eq!(warm_up_limit(400, 150), 150);
        assert_eq!(warm_up_limit(1, 10), 10);
        assert_eq!(warm_up_limit(0, 150), 20);
    }

    #[test]
    fn a_campaign_reply_address_names_its_campaign_and_nothing_else_does() {
        use crate::ids::CampaignId;
        let tagged = campaign_reply_address("camille@atelier.fr", CampaignId(12)).unwrap();
        assert_eq!(tagged, "camille+c12@atelier.fr");
        assert_eq!(campaign_of_reply_address(&tagged), Some(CampaignId(12)));
        assert_eq!(campaign_of_reply_address("Camille+C12@Atelier.fr"), Some(CampaignId(12)));
        // An address that already has a tag keeps it; the campaign's comes last.
        let tagged = campaign_reply_address("camille+pro@atelier.fr", CampaignId(7)).unwrap();
        assert_eq!(campaign_of_reply_address(&tagged), Some(CampaignId(7)));
        for other in
            ["camille@atelier.fr", "camille+pro@atelier.fr", "camille+c@x.fr", "camille+c0@x.fr", "c+c1x@x.fr", "x"]
        {
            assert_eq!(campaign_of_reply_address(other), None, "{other}");
        }
        assert_eq!(campaign_reply_address("pas-une-adresse", CampaignId(1)), None);
    }
}
