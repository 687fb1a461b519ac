//! E-mail verification before outreach: syntax, throw-away domains, then whether the domain
//! receives mail at all (MX, implicit MX, null MX). No SMTP probing: it is unreliable (catch-all
//! servers, greylisting) and gets the sending infrastructure blocklisted.

use crate::net::dns::{Dns, DnsError, MailStatus};
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, LazyLock, Mutex};
use tokio::sync::OnceCell;

/// Disposable e-mail domains; regenerate with `scripts/update-disposable-domains.sh`.
const DISPOSABLE_LIST: &str = include_str!("../../data/disposable_domains.txt");

static DISPOSABLE: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    DISPOSABLE_LIST.lines().map(str::trim).filter(|line| !line.is_empty() && !line.starts_with('#')).collect()
});

/// Practical RFC 5322 subset, the one real mailboxes use:
/// - local part: dot-atom (letters, digits, ``!#$%&'*+/=?^_`{|}~-``, dots but not leading,
///   trailing or doubled), 1 to 64 characters; no quoted strings or comments;
/// - domain: at least two labels of letters, digits and inner hyphens (1 to 63 characters), the
///   last one alphabetic (≥ 2) or an IDN TLD in punycode (`xn--…`); no IP literal, no bare host
///   (`x@localhost` is refused); all-digit labels are valid hostnames (`x@123.fr` is accepted);
///   Unicode domains must be converted to punycode first (`café.fr` → `xn--caf-dma.fr`);
/// - at most 254 characters. Case does not matter.
pub fn syntax_ok(email: &str) -> bool {
    if email.len() > 254 {
        return false;
    }
    match email.rsplit_once('@') {
        Some((local, domain)) => local_part_ok(local) && domain_ok(&domain.to_ascii_lowercase()),
        None => false,
    }
}

fn local_part_ok(local: &str) -> bool {
    const SPECIALS: &[u8] = b"!#$%&'*+/=?^_`{|}~-";
    (1..=64).contains(&local.len())
        && local
            .split('.')
            .all(|atom| !atom.is_empty() && atom.bytes().all(|b| b.is_ascii_alphanumeric() || SPECIALS.contains(&b)))
}

/// `domain` is lower case here.
fn domain_ok(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    let Some(tld) = labels.last() else { return false };
    domain.len() <= 253 && labels.len() >= 2 && labels.iter().all(|l| label_ok(l)) && tld_ok(tld)
}

fn label_ok(label: &str) -> bool {
    (1..=63).contains(&label.len())
        && !label.starts_with('-')
        && !label.ends_with('-')
        && label.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn tld_ok(tld: &str) -> bool {
    let alphabetic = tld.len() >= 2 && tld.bytes().all(|b| b.is_ascii_lowercase());
    let punycode = tld.len() > 4 && tld.starts_with("xn--");
    alphabetic || punycode
}

/// Whether `domain`, or a domain it belongs to, is a throw-away mail service
/// (`yopmail.com`, `x.yopmail.com`). Case and trailing dot do not matter.
pub fn is_disposable(domain: &str) -> bool {
    let domain = domain.trim().trim_end_matches('.').to_ascii_lowercase();
    // The domain itself, then each parent that still has a dot (a TLD alone is never listed).
    let mut candidate = domain.as_str();
    loop {
        if DISPOSABLE.contains(candidate) {
            return true;
        }
        match candidate.split_once('.') {
            Some((_, parent)) if parent.contains('.') => candidate = parent,
            _ => return false,
        }
    }
}

/// Mailbox providers French small businesses use for their professional address: an address
/// there is the company's own when its site shows it (and not a third party's domain).
pub const MAILBOX_PROVIDERS: &[&str] = &[
    "gmail.com",
    "orange.fr",
    "wanadoo.fr",
    "free.fr",
    "sfr.fr",
    "neuf.fr",
    "laposte.net",
    "hotmail.fr",
    "hotmail.com",
    "outlook.fr",
    "outlook.com",
    "live.fr",
    "yahoo.fr",
    "icloud.com",
    "bbox.fr",
    "aol.com",
];

/// The outcome of [`EmailChecker::verify`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EmailVerdict {
    /// The domain has MX records (exchanges by preference).
    Deliverable { exchanges: Vec<String> },
    /// No MX, only an address (RFC 5321 implicit MX). Not used for outreach: for a company
    /// site's domain it almost always means the mailbox was moved or never existed (web hosts
    /// answer on the A record, not for mail), and a bounce costs the sender's reputation.
    ImplicitMx,
    /// Not an address (see [`syntax_ok`]).
    InvalidSyntax,
    /// A throw-away mail service: never a company's address.
    Disposable,
    /// The domain does not exist, has neither MX nor address, or has a null MX (RFC 7505).
    NoMailServer,
    /// DNS failed (timeout, SERVFAIL…): we do not know. The address is kept, with less confidence,
    /// because a resolver hiccup says nothing about the address and dropping it would lose a
    /// real contact; it will be checked again on the next verification.
    Unverified(String),
}

impl EmailVerdict {
    /// Whether the address may be used for outreach. A definite or near-certain "no" makes it
    /// unusable: [`EmailVerdict::Unverified`] stays usable (see there) with a lower confidence.
    pub fn is_usable(&self) -> bool {
        !matches!(self, Self::InvalidSyntax | Self::Disposable | Self::NoMailServer | Self::ImplicitMx)
    }

    /// Multiplies the confidence of the address's provenance.
    pub fn confidence_factor(&self) -> f32 {
        match self {
            Self::Deliverable { .. } => 1.0,
            Self::Unverified(_) => 0.7,
            Self::InvalidSyntax | Self::Disposable | Self::NoMailServer | Self::ImplicitMx => 0.0,
        }
    }

    /// Label for the UI.
    pub fn label_fr(&self) -> &'static str {
        match self {
            Self::Deliverable { .. } => "Adresse valide : serveur de messagerie trouvé",
            Self::ImplicitMx => "Le domaine ne déclare aucun serveur de messagerie (MX)",
            Self::InvalidSyntax => "Adresse mal formée",
            Self::Disposable => "Adresse jetable",
            Self::NoMailServer => "Le domaine ne reçoit pas de courrier",
            Self::Unverified(_) => "Adresse non vérifiée : le DNS n'a pas répondu",
        }
    }
}

/// Verifies addresses, asking the DNS once per domain.
#[derive(Debug)]
pub struct EmailChecker {
    dns: Dns,
    /// Per domain, the mail status once known. A cell is shared by concurrent checks of one
    /// domain, so they wait for a single query. DNS failures are not stored: the next check of the
    /// domain asks again (a failure is transient, a status is not).
    cache: Mutex<HashMap<String, Arc<OnceCell<MailStatus>>>>,
}

impl EmailChecker {
    pub fn new(dns: Dns) -> Self {
        Self { dns, cache: Mutex::new(HashMap::new()) }
    }

    /// Syntax, then disposable domain, then the domain's mail servers.
    pub async fn verify(&self, email: &str) -> EmailVerdict {
        if !syntax_ok(email) {
            return EmailVerdict::InvalidSyntax;
        }
        let Some((_, domain)) = email.rsplit_once('@') else {
            return EmailVerdict::InvalidSyntax;
        };
        let domain = domain.to_ascii_lowercase();
        if is_disposable(&domain) {
            return EmailVerdict::Disposable;
        }
        match self.mail_status(&domain).await {
            Ok(MailStatus::Mx(exchanges)) => EmailVerdict::Deliverable { exchanges },
            Ok(MailStatus::ImplicitA) => EmailVerdict::ImplicitMx,
            Ok(MailStatus::NullMx | MailStatus::NoMailHost) => EmailVerdict::NoMailServer,
            Err(DnsError::NotFound | DnsError::InvalidName(_)) => EmailVerdict::NoMailServer,
            Err(e @ (DnsError::Failed(_) | DnsError::Config(_))) => EmailVerdict::Unverified(e.to_string()),
        }
    }

    async fn mail_status(&self, domain: &str) -> Result<MailStatus, DnsError> {
        let cell = self.cell(domain);
        cell.get_or_try_init(|| self.dns.mail_status(domain)).await.cloned()
    }

    fn cell(&self, domain: &str) -> Arc<OnceCell<MailStatus>> {
        // A poisoned lock only means another check panicked; the map itself is still consistent.
        let mut cache = self.cache.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        cache.entry(domain.to_owned()).or_default().clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::net::dns::DnsConfig;
    use crate::sandbox::dns::{LocalDns, RecordKind, StaticZone, Zone, ZoneAnswer, serve};
    use async_trait::async_trait;
    use std::net::Ipv4Addr;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    #[test]
    fn valid_addresses() {
        for email in [
            "contact@dupont-plomberie.fr",
            "Jean.Dupont@Dupont-Plomberie.FR",
            "devis+site@sarl-martin.paris",
            "o'brien@example.co.uk",
            "x@123.fr",
            "info@xn--caf-dma.fr",
            "info@exemple.xn--p1ai",
            "a_b-c@a.b.c.d.fr",
        ] {
            assert!(syntax_ok(email), "{email} should be valid");
        }
    }

    #[test]
    fn invalid_addresses() {
        let too_long_local = format!("{}@example.fr", "a".repeat(65));
        let too_long = format!("a@{}.fr", vec!["b".repeat(63); 4].join("."));
        for email in [
            "",
            "contact",
            "@dupont.fr",
            "contact@",
            "a..b@x.fr",
            ".a@x.fr",
            "a.@x.fr",
            "x@localhost",
            "x@1.2.3.4",
            "x@[192.0.2.1]",
            "x@-dupont.fr",
            "x@dupont-.fr",
            "x@dupont..fr",
            "x@dupont.f",
            "x@dupont.fr.",
            "jean dupont@x.fr",
            "\"jean\"@x.fr",
            "a@b@x.fr",
            "x@café.fr",
            too_long_local.as_str(),
            too_long.as_str(),
        ] {
            assert!(!syntax_ok(email), "{email} should be invalid");
        }
    }

    #[test]
    fn disposable_domains_and_their_subdomains() {
        assert!(is_disposable("yopmail.com"));
        assert!(is_disposable("YOPMAIL.COM."));
        assert!(is_disposable("mailinator.com"));
        assert!(is_disposable("boite.yopmail.com"));
        assert!(!is_disposable("gmail.com"));
        assert!(!is_disposable("orange.fr"));
        assert!(!is_disposable("dupont-plomberie.fr"));
        assert!(!is_disposable("com"));
        assert!(DISPOSABLE.len() > 1000, "the embedded list looks truncated");
    }

    #[test]
    fn usability_and_confidence() {
        let deliverable = EmailVerdict::Deliverable { exchanges: vec!["mx.ovh.net".into()] };
        assert!(deliverable.is_usable() && deliverable.confidence_factor() == 1.0);
        assert!(!EmailVerdict::ImplicitMx.is_usable());
        let unverified = EmailVerdict::Unverified("timeout".into());
        assert!(unverified.is_usable() && unverified.confidence_factor() == 0.7);
        for verdict in [EmailVerdict::InvalidSyntax, EmailVerdict::Disposable, EmailVerdict::NoMailServer] {
            assert!(!verdict.is_usable() && verdict.confidence_factor() == 0.0);
            assert!(!verdict.label_fr().is_empty());
        }
    }

    /// Counts the MX questions reaching the zone.
    struct Counting {
        inner: StaticZone,
        mx_questions: Arc<AtomicUsize>,
    }

    #[async_trait]
    impl Zone for Counting {
        async fn answer(&self, name: &str, kind: RecordKind) -> ZoneAnswer {
            if kind == RecordKind::Mx {
                self.mx_questions.fetch_add(1, Ordering::SeqCst);
            }
            self.inner.answer(name, kind).await
        }
    }

    async fn checker() -> (LocalDns, EmailChecker, Arc<AtomicUsize>) {
        let zone = StaticZone::new()
            .mx("dupont-plomberie.fr", 10, "mx1.mail.ovh.net")
            .mx("dupont-plomberie.fr", 20, "mx2.mail.ovh.net")
            .a("boulangerie-martin.fr", Ipv4Addr::new(192, 0, 2, 20))
            .mx("pas-de-courrier.fr", 0, ".")
            .a("www.vitrine-seule.fr", Ipv4Addr::new(192, 0, 2, 40))
            // Listed as disposable: the MX must not even be asked for.
            .mx("yopmail.com", 10, "mx.yopmail.com");
        let mx_questions = Arc::new(AtomicUsize::new(0));
        let zone = Counting { inner: zone, mx_questions: mx_questions.clone() };
        let server = serve("127.0.0.1:0".parse().unwrap(), Arc::new(zone)).await.unwrap();
        let cfg = DnsConfig { nameservers: vec![server.addr], timeout: Duration::from_secs(2) };
        (server, EmailChecker::new(Dns::new(&cfg).unwrap()), mx_questions)
    }

    #[tokio::test]
    async fn verdicts_against_the_local_dns() {
        let (_server, checker, _) = checker().await;
        let exchanges = vec!["mx1.mail.ovh.net".to_owned(), "mx2.mail.ovh.net".to_owned()];
        assert_eq!(checker.verify("contact@dupont-plomberie.fr").await, EmailVerdict::Deliverable { exchanges });
        assert_eq!(checker.verify("contact@boulangerie-martin.fr").await, EmailVerdict::ImplicitMx);
        assert_eq!(checker.verify("a..b@dupont-plomberie.fr").await, EmailVerdict::InvalidSyntax);
        assert_eq!(checker.verify("jean@yopmail.com").await, EmailVerdict::Disposable);
        assert_eq!(checker.verify("contact@pas-de-courrier.fr").await, EmailVerdict::NoMailServer);
        assert_eq!(checker.verify("contact@vitrine-seule.fr").await, EmailVerdict::NoMailServer);
        assert_eq!(checker.verify("contact@inconnu.fr").await, EmailVerdict::NoMailServer);
    }

    #[tokio::test]
    async fn one_query_per_domain() {
        let (_server, checker, mx_questions) = checker().await;
        let (a, b, c) = tokio::join!(
            checker.verify("contact@dupont-plomberie.fr"),
            checker.verify("devis@dupont-plomberie.fr"),
            checker.verify("JEAN@DUPONT-PLOMBERIE.FR"),
        );
        assert!(matches!(a, EmailVerdict::Deliverable { .. }));
        assert_eq!((&a, &b), (&b, &c));
        checker.verify("compta@dupont-plomberie.fr").await;
        checker.verify("jean@yopmail.com").await;
        assert_eq!(mx_questions.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn dns_failure_is_unverified_and_not_cached() {
        let silent = tokio::net::UdpSocket::bind("127.0.0.1:0").await.unwrap();
        let addr = silent.local_addr().unwrap();
        let sink = tokio::spawn(async move {
            let mut buf = [0u8; 512];
            while silent.recv_from(&mut buf).await.is_ok() {}
        });
        let cfg = DnsConfig { nameservers: vec![addr], timeout: Duration::from_millis(400) };
        let checker = EmailChecker::new(Dns::new(&cfg).unwrap());
        let verdict = checker.verify("contact@dupont-plomberie.fr").await;
        assert!(matches!(verdict, EmailVerdict::Unverified(_)), "{verdict:?}");
        assert!(verdict.is_usable());
        let cached = checker.cache.lock().unwrap().get("dupont-plomberie.fr").and_then(|c| c.get().cloned());
        assert_eq!(cached, None);
        sink.abort();
    }
}
