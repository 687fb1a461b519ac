//! The sending domain's authentication records, read from the DNS when the owner asks: SPF
//! (is the sending server allowed to send for the domain?), DKIM (is a signing key published?)
//! and DMARC (what receivers are told to do with mail that fails both), each with what to fix in
//! French. Receivers file unauthenticated prospecting mail as spam, so this is the first thing
//! to get right before a campaign's e-mails leave.
//!
//! SPF is evaluated for the sending server's addresses (RFC 7208: `ip4`, `ip6`, `a`, `mx`,
//! `include`, `redirect`, `all`, at most 10 lookups); for the large providers, whose sending
//! addresses are not the submission server's, the provider's own `include` is what counts.

use crate::net::dns::{Dns, DnsError, MailStatus};
use crate::trusted_proxies::IpNet;
use prospecta_shared::mailboxes::{DomainCheck, RecordCheck, Verdict};
use std::future::Future;
use std::net::IpAddr;
use std::pin::Pin;

/// RFC 7208 §4.6.4: more DNS lookups than this is a permanent error.
const SPF_LOOKUPS_MAX: u32 = 10;

/// Selectors tried when the client names none (the common defaults of providers and tools).
const COMMON_SELECTORS: [&str; 10] =
    ["default", "dkim", "mail", "selector1", "selector2", "google", "k1", "s1", "s2", "smtp"];

/// A provider known by its submission server: its SPF `include` and DKIM selectors.
struct Provider {
    name: &'static str,
    smtp_suffixes: &'static [&'static str],
    spf_include: &'static str,
    dkim_selectors: &'static [&'static str],
}

const PROVIDERS: [Provider; 4] = [
    Provider {
        name: "Google",
        smtp_suffixes: &["gmail.com", "google.com", "googlemail.com"],
        spf_include: "_spf.google.com",
        dkim_selectors: &["google"],
    },
    Provider {
        name: "Microsoft 365",
        smtp_suffixes: &["office365.com", "outlook.com"],
        spf_include: "spf.protection.outlook.com",
        dkim_selectors: &["selector1", "selector2"],
    },
    Provider { name: "OVHcloud", smtp_suffixes: &["ovh.net"], spf_include: "mx.ovh.com", dkim_selectors: &[] },
    Provider {
        name: "IONOS",
        smtp_suffixes: &["ionos.fr", "ionos.com", "ionos.de"],
        spf_include: "_spf-eu.ionos.com",
        dkim_selectors: &[],
    },
];

fn provider_of(smtp_host: &str) -> Option<&'static Provider> {
    let host = smtp_host.trim_end_matches('.').to_ascii_lowercase();
    PROVIDERS.iter().find(|p| p.smtp_suffixes.iter().any(|s| host == *s || host.ends_with(&format!(".{s}"))))
}

/// Checks the domain of `from_address`, sending through `smtp_host`; `selector`: the DKIM
/// selector the client named, tried first.
pub async fn check(dns: &Dns, from_address: &str, smtp_host: &str, selector: Option<&str>) -> DomainCheck {
    let domain = from_address.rsplit_once('@').map(|(_, d)| d).unwrap_or(from_address).trim().to_lowercase();
    let provider_domain = crate::enrichment::email_check::MAILBOX_PROVIDERS.contains(&domain.as_str());
    let provider = provider_of(smtp_host);
    let (spf, dkim, dmarc) = tokio::join!(
        spf(dns, &domain, smtp_host, provider),
        dkim(dns, &domain, selector, provider),
        dmarc(dns, &domain)
    );
    DomainCheck { domain, provider_domain, spf, dkim, dmarc }
}

fn unknown(what: &str, e: &DnsError) -> RecordCheck {
    RecordCheck {
        verdict: Verdict::Unknown,
        record: None,
        summary: format!("Impossible de lire {what} : {e}. Réessayez dans un instant."),
        fix: None,
    }
}

/// The records of `name` starting with `tag` (`v=spf1`, `v=DMARC1`), case-insensitive.
async fn tagged(dns: &Dns, name: &str, tag: &str) -> Result<Vec<String>, DnsError> {
    match dns.txt(name).await {
        Ok(texts) => Ok(texts
            .into_iter()
            .filter(|t| t.trim_start().to_ascii_lowercase().starts_with(&tag.to_ascii_lowercase()))
            .collect()),
        Err(DnsError::NotFound) => Ok(Vec::new()),
        Err(e) => Err(e),
    }
}

async fn spf(dns: &Dns, domain: &str, smtp_host: &str, provider: Option<&Provider>) -> RecordCheck {
    let mechanism = match provider {
        Some(p) => format!("include:{}", p.spf_include),
        None => format!("a:{smtp_host}"),
    };
    let records = match tagged(dns, domain, "v=spf1").await {
        Ok(records) => records,
        Err(e) => return unknown("l'enregistrement SPF", &e),
    };
    let record = match records.as_slice() {
        [] => {
            return RecordCheck {
                verdict: Verdict::Missing,
                record: None,
                summary: format!(
                    "Aucun enregistrement SPF sur {domain} : les messages envoyés en son nom ne peuvent pas être authentifiés."
                ),
                fix: Some(format!("Ajoutez sur {domain} un enregistrement TXT : v=spf1 {mechanism} ~all")),
            };
        }
        [one] => one.clone(),
        _ => {
            return RecordCheck {
                verdict: Verdict::Weak,
                record: Some(records.join("\n")),
                summary: format!(
                    "{domain} publie {} enregistrements SPF : les serveurs de réception les ignorent alors tous.",
                    records.len()
                ),
                fix: Some("Fusionnez-les en un seul enregistrement « v=spf1 … ».".into()),
            };
        }
    };
    let ips = match dns.lookup_ip(smtp_host).await {
        Ok(ips) => ips,
        Err(_) => smtp_host.parse::<IpAddr>().map(|ip| vec![ip]).unwrap_or_default(),
    };
    let mut evaluation = Evaluation { dns, lookups: 0, includes: Vec::new() };
    // The record read above is evaluated as it is, not looked up a second time.
    let result = evaluation.evaluate_record(domain.to_string(), record.clone(), &ips).await;
    let weak = |summary: String, fix: Option<String>| RecordCheck {
        verdict: Verdict::Weak,
        record: Some(record.clone()),
        summary,
        fix,
    };
    let add = Some(format!("Ajoutez « {mechanism} » avant la fin de l'enregistrement (« ~all » ou « -all »)."));
    let good =
        |summary: String| RecordCheck { verdict: Verdict::Good, record: Some(record.clone()), summary, fix: None };
    let passes = match result {
        Err(SpfError::TooManyLookups) => {
            return weak(
                format!(
                    "L'enregistrement SPF demande plus de {SPF_LOOKUPS_MAX} consultations DNS : les serveurs de réception le considèrent comme invalide."
                ),
                Some("Retirez les « include » qui ne servent plus, ou remplacez-les par les adresses ip4: de vos serveurs.".into()),
            );
        }
        Err(SpfError::Dns(e)) => return unknown("l'enregistrement SPF en entier", &e),
        Ok(qualifier) => qualifier == Some('+'),
    };
    if record.split_whitespace().any(|t| t.eq_ignore_ascii_case("+all") || t.eq_ignore_ascii_case("all")) {
        return weak(
            "L'enregistrement SPF se termine par « +all » : il autorise n'importe quel serveur au monde à envoyer en votre nom.".into(),
            Some("Remplacez « +all » par « ~all » (ou « -all » une fois vos envois vérifiés).".into()),
        );
    }
    match provider {
        Some(p) if evaluation.includes.iter().any(|i| i == p.spf_include) => {
            good(format!("L'enregistrement SPF autorise les serveurs d'envoi de {}.", p.name))
        }
        Some(p) => weak(
            format!("L'enregistrement SPF n'autorise pas les serveurs de {} par qui vos messages partent.", p.name),
            add,
        ),
        None if passes => good(format!("L'enregistrement SPF autorise votre serveur d'envoi ({smtp_host}).")),
        None => weak(format!("L'enregistrement SPF n'autorise pas votre serveur d'envoi ({smtp_host})."), add),
    }
}

enum SpfError {
    TooManyLookups,
    Dns(DnsError),
}

/// One SPF evaluation: the lookups spent, the domains included on the way.
struct Evaluation<'a> {
    dns: &'a Dns,
    lookups: u32,
    includes: Vec<String>,
}

type Evaluated<'b> = Pin<Box<dyn Future<Output = Result<Option<char>, SpfError>> + Send + 'b>>;

impl Evaluation<'_> {
    fn spend(&mut self) -> Result<(), SpfError> {
        self.lookups += 1;
        if self.lookups > SPF_LOOKUPS_MAX { Err(SpfError::TooManyLookups) } else { Ok(()) }
    }

    /// The qualifier of the first mechanism of `domain`'s record matching one of `ips`
    /// (`None`: nothing matched, or no record).
    async fn evaluate(&mut self, domain: String, ips: &[IpAddr]) -> Result<Option<char>, SpfError> {
        let records = tagged(self.dns, &domain, "v=spf1").await.map_err(SpfError::Dns)?;
        match <[String; 1]>::try_from(records) {
            Ok([record]) => self.evaluate_record(domain, record, ips).await,
            Err(_) => Ok(None),
        }
    }

    /// [`Self::evaluate`] of `domain`'s record, already read.
    fn evaluate_record<'b>(&'b mut self, domain: String, record: String, ips: &'b [IpAddr]) -> Evaluated<'b> {
        Box::pin(async move {
            let mut redirect = None;
            for term in record.split_whitespace().skip(1) {
                if let Some(target) = term.strip_prefix("redirect=") {
                    redirect = Some(target.to_ascii_lowercase());
                    continue;
                }
                let (qualifier, mechanism) = match term.chars().next() {
                    Some(q @ ('+' | '-' | '~' | '?')) => (q, &term[1..]),
                    _ => ('+', term),
                };
                if self.matches(&domain, mechanism, ips).await? {
                    return Ok(Some(qualifier));
                }
            }
            match redirect {
                Some(target) => {
                    self.spend()?;
                    self.includes.push(target.clone());
                    self.evaluate(target, ips).await
                }
                None => Ok(None),
            }
        })
    }

    async fn matches(&mut self, domain: &str, mechanism: &str, ips: &[IpAddr]) -> Result<bool, SpfError> {
        let lower = mechanism.to_ascii_lowercase();
        let (name, rest) = lower.split_once(':').map_or((lower.as_str(), None), |(n, r)| (n, Some(r)));
        let (name, prefix) = match name.split_once('/') {
            Some((n, p)) => (n, p.parse::<u8>().ok()),
            None => (name, None),
        };
        let (target, prefix) =
            match rest.map(|r| r.split_once('/').map_or((r, None), |(t, p)| (t, p.parse::<u8>().ok()))) {
                Some((t, p)) => (Some(t.to_string()), p.or(prefix)),
                None => (None, prefix),
            };
        let target_or_domain = || target.clone().unwrap_or_else(|| domain.to_string());
        match name {
            "all" => Ok(true),
            "ip4" | "ip6" => Ok(target
                .and_then(|t| t.parse::<IpAddr>().ok())
                .is_some_and(|network| any_within(network, prefix, ips))),
            "a" => {
                self.spend()?;
                let found = self.dns.lookup_ip(&target_or_domain()).await.unwrap_or_default();
                Ok(found.iter().any(|f| any_within(*f, prefix, ips)))
            }
            "mx" => {
                self.spend()?;
                let hosts = match self.dns.mail_status(&target_or_domain()).await {
                    Ok(MailStatus::Mx(hosts)) => hosts,
                    _ => Vec::new(),
                };
                for host in hosts {
                    let found = self.dns.lookup_ip(&host).await.unwrap_or_default();
                    if found.iter().any(|f| any_within(*f, prefix, ips)) {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            "include" => {
                let Some(target) = target else { return Ok(false) };
                self.spend()?;
                self.includes.push(target.clone());
                Ok(self.evaluate(target, ips).await? == Some('+'))
            }
            // `exists` and `ptr` cost a lookup; macros are not expanded: no match.
            "exists" | "ptr" => self.spend().map(|()| false),
            _ => Ok(false),
        }
    }
}

/// One of `ips` inside `network` with its first `prefix` bits (all of them without one; a
/// longer prefix than the address counts as all of them).
fn any_within(network: IpAddr, prefix: Option<u8>, ips: &[IpAddr]) -> bool {
    let max = if network.is_ipv4() { 32 } else { 128 };
    IpNet::new(network, Some(prefix.unwrap_or(max).min(max))).is_some_and(|net| ips.iter().any(|ip| net.contains(*ip)))
}

async fn dkim(dns: &Dns, domain: &str, named: Option<&str>, provider: Option<&Provider>) -> RecordCheck {
    let mut selectors: Vec<&str> = named.into_iter().collect();
    for s in provider.map(|p| p.dkim_selectors).unwrap_or_default().iter().chain(COMMON_SELECTORS.iter()) {
        if !selectors.contains(s) {
            selectors.push(s);
        }
    }
    for selector in &selectors {
        let name = format!("{selector}._domainkey.{domain}");
        let key = match dns.txt(&name).await {
            Ok(texts) => texts.into_iter().find(|t| t.to_ascii_lowercase().contains("p=")),
            Err(DnsError::NotFound) => None,
            Err(e) => return unknown(&format!("la clé DKIM {name}"), &e),
        };
        let Some(key) = key else { continue };
        let public_key = key.split(';').find_map(|tag| tag.trim().strip_prefix("p=").map(str::trim)).unwrap_or("");
        return if public_key.is_empty() {
            RecordCheck {
                verdict: Verdict::Weak,
                record: Some(format!("{name} : {key}")),
                summary: format!("La clé DKIM du sélecteur « {selector} » est révoquée (p= vide)."),
                fix: Some("Réactivez la signature DKIM chez votre fournisseur et publiez la nouvelle clé.".into()),
            }
        } else {
            RecordCheck {
                verdict: Verdict::Good,
                record: Some(format!("{name} : {}", shortened(&key))),
                summary: format!("Une clé DKIM est publiée (sélecteur « {selector} »)."),
                fix: None,
            }
        };
    }
    let at = match provider {
        Some(p) => format!("dans l'espace client de {}", p.name),
        None => "chez votre hébergeur de messagerie".into(),
    };
    RecordCheck {
        verdict: Verdict::Missing,
        record: None,
        summary: format!("Aucune clé DKIM trouvée sur {domain} (sélecteurs essayés : {}).", selectors.join(", ")),
        fix: Some(format!(
            "Activez la signature DKIM {at}, puis publiez l'enregistrement qu'il vous donne. Si votre clé utilise un autre sélecteur, indiquez-le et vérifiez à nouveau."
        )),
    }
}

/// A long key cut for display.
fn shortened(text: &str) -> String {
    match text.char_indices().nth(72) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

async fn dmarc(dns: &Dns, domain: &str) -> RecordCheck {
    let name = format!("_dmarc.{domain}");
    let records = match tagged(dns, &name, "v=DMARC1").await {
        Ok(records) => records,
        Err(e) => return unknown("l'enregistrement DMARC", &e),
    };
    let suggested = format!("v=DMARC1; p=none; rua=mailto:dmarc@{domain}");
    let record = match records.as_slice() {
        [] => {
            return RecordCheck {
                verdict: Verdict::Missing,
                record: None,
                summary: format!(
                    "Aucun enregistrement DMARC sur {name} : Gmail et Yahoo l'exigent des expéditeurs réguliers."
                ),
                fix: Some(format!(
                    "Ajoutez sur {name} un enregistrement TXT : {suggested}. Passez ensuite à « p=quarantine » quand les rapports sont bons."
                )),
            };
        }
        [one] => one.clone(),
        _ => {
            return RecordCheck {
                verdict: Verdict::Weak,
                record: Some(records.join(
                    "
",
                )),
                summary: format!(
                    "{name} publie plusieurs enregistrements DMARC : les serveurs de réception les ignorent."
                ),
                fix: Some("Gardez-en un seul.".into()),
            };
        }
    };
    let policy = record
        .split(';')
        .find_map(|tag| tag.trim().strip_prefix("p=").map(|p| p.trim().to_ascii_lowercase()))
        .unwrap_or_default();
    let (verdict, summary, fix) = match policy.as_str() {
        "quarantine" | "reject" => (
            Verdict::Good,
            format!("DMARC est publié avec la politique « {policy} » : les messages usurpant votre domaine sont écartés."),
            None,
        ),
        "none" => (
            Verdict::Weak,
            "DMARC est publié en observation seulement (« p=none ») : les messages usurpant votre domaine sont tout de même distribués.".into(),
            Some("Quand les rapports montrent que vos envois légitimes passent, passez à « p=quarantine ».".into()),
        ),
        _ => (
            Verdict::Weak,
            "L'enregistrement DMARC n'a pas de politique lisible (« p= »).".to_string(),
            Some(format!("Corrigez-le, par exemple : {suggested}")),
        ),
    };
    RecordCheck { verdict, record: Some(record), summary, fix }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::net::dns::DnsConfig;
    use crate::sandbox::dns::{LocalDns, StaticZone, serve};
    use std::sync::Arc;
    use std::time::Duration;

    async fn resolver(zone: StaticZone) -> (Dns, LocalDns) {
        let local = serve(std::net::SocketAddr::from(([127, 0, 0, 1], 0)), Arc::new(zone)).await.unwrap();
        let dns = Dns::new(&DnsConfig { nameservers: vec![local.addr], timeout: Duration::from_secs(2) }).unwrap();
        (dns, local)
    }

    async fn verdicts(zone: StaticZone, smtp: &str) -> DomainCheck {
        let (dns, _local) = resolver(zone.a("relais.fr", std::net::Ipv4Addr::new(192, 0, 2, 7))).await;
        check(&dns, "camille@atelier.fr", smtp, None).await
    }

    #[tokio::test]
    async fn spf_is_evaluated_for_the_sending_server() {
        let ok = StaticZone::new()
            .txt("atelier.fr", "v=spf1 include:_spf.relais.fr -all")
            .txt("_spf.relais.fr", "v=spf1 a:relais.fr ip4:198.51.100.0/24 ~all");
        assert_eq!(verdicts(ok.clone(), "relais.fr").await.spf.verdict, Verdict::Good);
        let elsewhere = verdicts(ok, "203.0.113.9").await.spf;
        assert_eq!(elsewhere.verdict, Verdict::Weak, "{elsewhere:?}");
        assert!(elsewhere.fix.unwrap().contains("a:203.0.113.9"));
        let missing = verdicts(StaticZone::new().txt("atelier.fr", "google-site-verification=x"), "relais.fr").await;
        assert_eq!(missing.spf.verdict, Verdict::Missing);
        assert_eq!(
            missing.spf.fix.as_deref(),
            Some("Ajoutez sur atelier.fr un enregistrement TXT : v=spf1 a:relais.fr ~all")
        );
        let two = StaticZone::new().txt("atelier.fr", "v=spf1 -all").txt("atelier.fr", "v=spf1 a -all");
        assert!(verdicts(two, "relais.fr").await.spf.summary.contains("2 enregistrements SPF"));
        let open = StaticZone::new().txt("atelier.fr", "v=spf1 +all");
        assert!(verdicts(open, "relais.fr").await.spf.summary.contains("n'importe quel serveur"));
        // A loop of includes spends the ten lookups.
        let looping = StaticZone::new()
            .txt("atelier.fr", "v=spf1 include:a.atelier.fr -all")
            .txt("a.atelier.fr", "v=spf1 include:atelier.fr -all");
        assert!(verdicts(looping, "relais.fr").await.spf.summary.contains("plus de 10 consultations"));
    }

    #[tokio::test]
    async fn a_known_provider_is_judged_by_its_include() {
        let with = StaticZone::new()
            .txt("atelier.fr", "v=spf1 include:_spf.google.com ~all")
            .txt("_spf.google.com", "v=spf1 ip4:172.217.0.0/16 ~all");
        let spf = verdicts(with, "smtp.gmail.com").await.spf;
        assert_eq!((spf.verdict, spf.summary.contains("Google")), (Verdict::Good, true), "{spf:?}");
        let without = StaticZone::new().txt("atelier.fr", "v=spf1 mx -all");
        let spf = verdicts(without, "smtp.gmail.com").await.spf;
        assert_eq!(spf.verdict, Verdict::Weak);
        assert!(spf.fix.unwrap().contains("include:_spf.google.com"));
    }

    #[tokio::test]
    async fn dkim_and_dmarc_are_read() {
        let key = format!("v=DKIM1; k=rsa; p={}", "A".repeat(400));
        let zone = StaticZone::new()
            .txt("mx2026._domainkey.atelier.fr", &key)
            .txt("selector1._domainkey.atelier.fr", "v=DKIM1; p=")
            .txt("_dmarc.atelier.fr", "v=DMARC1; p=quarantine; rua=mailto:d@atelier.fr");
        let (dns, _local) = resolver(zone).await;
        let named = check(&dns, "camille@atelier.fr", "relais.fr", Some("mx2026")).await;
        assert_eq!(named.dkim.verdict, Verdict::Good, "a key longer than one TXT string: {:?}", named.dkim);
        assert_eq!(named.dmarc.verdict, Verdict::Good);
        let guessed = check(&dns, "camille@atelier.fr", "relais.fr", None).await;
        assert_eq!(guessed.dkim.verdict, Verdict::Weak, "selector1's key is revoked: {:?}", guessed.dkim);
        let (bare, _local) = resolver(StaticZone::new().txt("_dmarc.autre.fr", "v=DMARC1; p=none")).await;
        let none = check(&bare, "lea@autre.fr", "relais.fr", None).await;
        assert_eq!((none.dkim.verdict, none.dmarc.verdict), (Verdict::Missing, Verdict::Weak));
        assert!(none.dkim.summary.contains("selector1, selector2"));
        let nothing = check(&bare, "lea@vide.fr", "relais.fr", None).await;
        assert_eq!(nothing.dmarc.verdict, Verdict::Missing);
        assert!(nothing.dmarc.fix.unwrap().contains("_dmarc.vide.fr"));
    }
}
