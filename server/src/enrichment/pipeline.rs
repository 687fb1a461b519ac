//! Enriching one company, from what the sources said to a verified website, e-mail and phones,
//! each with its provenance. Deterministic steps first; the LLM only when they leave a doubt
//! (weak candidates, or a contact page whose address is written in words).
//!
//! The outcome is always a value ([`Enrichment`]): a dead site, a search outage or an LLM
//! timeout are recorded in it, never raised, so one bad company cannot stall a database.

use super::crawl::{CrawlError, CrawlLimits, SiteReport, crawl_site};
use super::discovery::{Evidence, Identity, Rejection, assess, domain_guesses, is_directory_host};
use super::email_check::{EmailChecker, MAILBOX_PROVIDERS};
use super::extract::choose_best_email;
use super::llm::{CompanyBrief, SiteExcerpt, choose_site, find_email};
use super::search::WebSearch;
use crate::llm::Llm;
use crate::llm::provider::LlmUsage;
use crate::llm::usage::{Caller, LlmFeature};
use crate::net::dns::Dns;
use crate::prospecting::sources::{HostThrottle, host_of, origin_of};
use crate::prospecting::states::FactMethod;
use prospecta_shared::company::website_domain;
use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

/// Everything one enrichment needs; built once per process (see `engine`).
pub struct Enricher {
    pub http: crate::net::HttpClient,
    pub throttle: HostThrottle,
    /// Between two requests to one host.
    pub interval: Duration,
    /// For the company's site once chosen (and for the site the sources gave).
    pub limits: CrawlLimits,
    /// Pages read per candidate while verifying (home, contact, legal notice first).
    pub candidate_pages: usize,
    pub dns: Dns,
    pub emails: EmailChecker,
    pub search: Option<Arc<dyn WebSearch>>,
    /// The model, asked only when the deterministic steps fail.
    pub llm: Option<Llm>,
    /// Schemes tried for a guessed domain, in order (`https` then `http` on the real web).
    pub guess_schemes: Vec<&'static str>,
    pub max_search_hits: usize,
    pub max_guesses: usize,
}

/// What the sources know of the company.
#[derive(Debug, Clone, Default)]
pub struct CompanyInput {
    pub identity: Identity,
    pub listed_website: Option<String>,
    /// Whom the model questions are metered on (and capped for).
    pub caller: Caller,
}

prospecta_shared::stored_enum! {
    /// How the website was found (`company_enrichments.website_method`, and the `method` of the
    /// website fact).
    pub enum SiteMethod {
        /// Given by a source (PagesJaunes, the register), then verified.
        Source = "source",
        Search = "search",
        Guess = "domain_guess",
        /// Weak candidates, settled by the LLM.
        Llm = "llm",
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptSite {
    pub url: String,
    pub method: SiteMethod,
    /// 0–100.
    pub confidence: u8,
    pub evidence: Vec<&'static str>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptEmail {
    pub value: String,
    pub source_url: String,
    /// How it was read: a link, the text, a decoded obfuscation, the LLM…
    pub method: FactMethod,
    /// 0–100, after the MX check.
    pub confidence: u8,
}

impl From<SiteMethod> for FactMethod {
    fn from(method: SiteMethod) -> Self {
        match method {
            SiteMethod::Source => FactMethod::Source,
            SiteMethod::Search => FactMethod::Search,
            SiteMethod::Guess => FactMethod::DomainGuess,
            SiteMethod::Llm => FactMethod::Llm,
        }
    }
}

prospecta_shared::stored_enum! {
    /// The outcome of one company (`company_enrichments.status`).
    pub enum EnrichStatus {
        /// A verified site was read (it may still hold no e-mail).
        Enriched = "enriched",
        /// No site could be verified.
        NoWebsite = "no_website",
    }
}

#[derive(Debug, Clone)]
pub struct Enrichment {
    pub status: EnrichStatus,
    /// Why there is no site, or what went wrong on the way, in French.
    pub detail: Option<String>,
    pub site: Option<KeptSite>,
    pub report: Option<SiteReport>,
    /// Usable addresses, best first.
    pub emails: Vec<KeptEmail>,
    pub best_email: Option<KeptEmail>,
    /// Addresses read but refused (another organisation's, syntax, disposable, no mail server),
    /// with the reason in French.
    pub refused_emails: Vec<(String, String)>,
    /// The source's website when verification refused it.
    pub rejected_listed_website: Option<String>,
    /// Every candidate refused, with the reason in French.
    pub rejected: Vec<(String, String)>,
    /// `(feature, usage)` of each model question.
    pub llm_calls: Vec<(LlmFeature, LlmUsage)>,
}

impl Enrichment {
    pub fn usage(&self) -> LlmUsage {
        let mut total = LlmUsage::default();
        for (_, u) in &self.llm_calls {
            total.add(*u);
        }
        total
    }
}

struct Candidate {
    url: String,
    method: SiteMethod,
}

struct Verified {
    url: String,
    method: SiteMethod,
    report: SiteReport,
    evidence: Evidence,
}

/// The key a candidate is tried once under: `www.Dupont.fr` and `dupont.fr` are one site.
fn host_key(url: &str) -> String {
    website_domain(url).unwrap_or_else(|| host_of(url))
}

/// The site's home page for a URL the sources or the search engine gave (a deep link to
/// `/contact` or a tracking query still means the site).
fn home_of(url: &str) -> Option<String> {
    origin_of(url.trim()).map(|o| format!("{o}/"))
}

fn brief(identity: &Identity) -> CompanyBrief {
    CompanyBrief {
        name: identity.name.clone(),
        city: identity.city.clone(),
        postcode: identity.postcode.clone(),
        phone: identity.phones.first().cloned(),
        siren: identity.siren.clone(),
    }
}

/// Words that say an address is written out for humans ("contact arobase …").
const SPELLED_EMAIL_HINTS: &[&str] = &["arobase", " at ", "(at)", "[at]", "chez ", "@"];

impl Enricher {
    async fn crawl(&self, url: &str, pages: usize) -> Result<SiteReport, CrawlError> {
        let limits = CrawlLimits { max_pages: pages.max(1), ..self.limits };
        crawl_site(&self.http, &self.throttle, self.interval, url, limits).await
    }

    /// Enrich one company. Never fails: every problem is part of the outcome.
    pub async fn enrich(&self, input: &CompanyInput) -> Enrichment {
        let identity = &input.identity;
        let mut out = Enrichment {
            status: EnrichStatus::NoWebsite,
            detail: None,
            site: None,
            report: None,
            emails: Vec::new(),
            best_email: None,
            refused_emails: Vec::new(),
            rejected_listed_website: None,
            rejected: Vec::new(),
            llm_calls: Vec::new(),
        };
        let mut tried: HashSet<String> = HashSet::new();
        let mut weak: Vec<Verified> = Vec::new();
        let mut chosen: Option<Verified> = None;

        // 1. The site the sources give.
        if let Some(listed) = input.listed_website.as_deref().and_then(home_of) {
            tried.insert(host_key(&listed));
            if is_directory_host(&host_of(&listed)) {
                out.rejected.push((listed.clone(), Rejection::Directory.label_fr()));
                out.rejected_listed_website = input.listed_website.clone();
            } else {
                match self.verify(identity, &listed, SiteMethod::Source, self.limits.max_pages).await {
                    // The source vouches for the site: a name or a postcode on it is enough.
                    Ok(v) => chosen = Some(v),
                    Err(reason) => {
                        out.rejected.push((listed.clone(), reason));
                        out.rejected_listed_website = input.listed_website.clone();
                    }
                }
            }
        }

        // 2. Search hits, then guesses from the name.
        if chosen.is_none() {
            let candidates = self.candidates(identity, &mut tried, &mut out).await;
            for candidate in candidates {
                match self.verify(identity, &candidate.url, candidate.method, self.candidate_pages).await {
                    Ok(v) if v.evidence.is_strong() => {
                        let better = chosen.as_ref().is_none_or(|c| v.evidence.confidence() > c.evidence.confidence());
                        if better {
                            chosen = Some(v);
                        }
                        if chosen.as_ref().is_some_and(|c| c.evidence.siren || c.evidence.phone) {
                            break;
                        }
                    }
                    Ok(v) => weak.push(v),
                    Err(reason) => out.rejected.push((candidate.url, reason)),
                }
            }
        }

        // 3. Only weak candidates: the LLM settles, or nothing is kept.
        if chosen.is_none() && !weak.is_empty() {
            chosen = self.settle_with_llm(identity, input.caller, &mut weak, &mut out).await;
            for w in weak {
                out.rejected.push((w.url, "correspondance trop faible (nom seul)".into()));
            }
        }

        let Some(mut site) = chosen else {
            if out.detail.is_none() {
                out.detail = Some(if out.rejected.is_empty() {
                    "aucun site trouvé".to_string()
                } else {
                    format!("aucun site vérifié ({} candidat(s) écarté(s))", out.rejected.len())
                });
            }
            return out;
        };

        // A candidate was read with few pages; the chosen site deserves the full visit.
        if site.report.pages.len() >= self.candidate_pages
            && self.candidate_pages < self.limits.max_pages
            && let Ok(full) = self.crawl(&site.url, self.limits.max_pages).await
        {
            site.report = full;
        }
        let confidence = match site.method {
            SiteMethod::Source => site.evidence.confidence().max(75),
            SiteMethod::Llm => 65,
            _ => site.evidence.confidence(),
        };
        out.status = EnrichStatus::Enriched;
        out.site = Some(KeptSite {
            url: site.report.website.clone(),
            method: site.method,
            confidence,
            evidence: site.evidence.labels(),
        });
        self.choose_emails(identity, input.caller, &site.report, &mut out).await;
        out.report = Some(site.report);
        out
    }

    /// Crawl and match one candidate; `Err` carries the French reason it was refused.
    async fn verify(
        &self,
        identity: &Identity,
        url: &str,
        method: SiteMethod,
        pages: usize,
    ) -> Result<Verified, String> {
        let report = self.crawl(url, pages).await.map_err(|e| e.to_string())?;
        let final_host = host_of(&report.website);
        if is_directory_host(&final_host) {
            return Err(Rejection::Directory.label_fr());
        }
        // `assess` refuses a site that is neither strongly nor weakly the company's.
        let evidence = assess(identity, &report).map_err(|r| r.label_fr())?;
        Ok(Verified { url: url.to_string(), method, report, evidence })
    }

    async fn candidates(
        &self,
        identity: &Identity,
        tried: &mut HashSet<String>,
        out: &mut Enrichment,
    ) -> Vec<Candidate> {
        let mut list = Vec::new();
        if let Some(search) = &self.search {
            let query = match &identity.city {
                Some(city) => format!("{} {city}", identity.name),
                None => identity.name.clone(),
            };
            match search.search(&query, 10).await {
                Ok(hits) => {
                    for hit in hits {
                        let host = host_of(&hit.url);
                        if is_directory_host(&host) {
                            continue;
                        }
                        let Some(home) = home_of(&hit.url) else { continue };
                        if tried.insert(host_key(&home)) {
                            list.push(Candidate { url: home, method: SiteMethod::Search });
                        }
                        if list.len() >= self.max_search_hits {
                            break;
                        }
                    }
                }
                Err(e) => out.detail = Some(format!("recherche web : {e}")),
            }
        }
        for host in domain_guesses(identity, self.max_guesses) {
            if !tried.insert(host_key(&host)) {
                continue;
            }
            // A name that does not resolve costs one DNS query, not a connection timeout.
            let resolving = match self.dns.lookup_ip(&host).await {
                Ok(_) => Some(host.clone()),
                Err(_) => {
                    let www = format!("www.{host}");
                    self.dns.lookup_ip(&www).await.ok().map(|_| www)
                }
            };
            if let Some(h) = resolving {
                for scheme in &self.guess_schemes {
                    list.push(Candidate { url: format!("{scheme}://{h}/"), method: SiteMethod::Guess });
                }
            }
        }
        list
    }

    async fn settle_with_llm(
        &self,
        identity: &Identity,
        caller: Caller,
        weak: &mut Vec<Verified>,
        out: &mut Enrichment,
    ) -> Option<Verified> {
        let llm = self.llm.as_ref()?;
        weak.truncate(4);
        let excerpts: Vec<SiteExcerpt> = weak
            .iter()
            .map(|w| SiteExcerpt {
                url: w.report.website.clone(),
                excerpt: w.report.texts.iter().map(|(_, t)| t.as_str()).collect::<Vec<_>>().join(" "),
            })
            .collect();
        match choose_site(llm, caller, &brief(identity), &excerpts).await {
            Ok((choice, usage)) => {
                out.llm_calls.push((LlmFeature::ChooseSite, usage));
                let mut picked = choice.map(|i| weak.remove(i))?;
                picked.method = SiteMethod::Llm;
                Some(picked)
            }
            Err(e) => {
                out.detail = Some(format!("repli LLM : {e}"));
                None
            }
        }
    }

    /// Keep an address read on the site if the checks allow it (its confidence scaled by the
    /// verdict), else note why it was refused.
    async fn check_email(&self, candidate: KeptEmail, out: &mut Enrichment) {
        let verdict = self.emails.verify(&candidate.value).await;
        if verdict.is_usable() {
            let confidence = (f32::from(candidate.confidence) * verdict.confidence_factor()).round() as u8;
            out.emails.push(KeptEmail { confidence, ..candidate });
        } else {
            out.refused_emails.push((candidate.value, verdict.label_fr().to_string()));
        }
    }

    async fn choose_emails(&self, identity: &Identity, caller: Caller, report: &SiteReport, out: &mut Enrichment) {
        for (value, party) in &report.refused_emails {
            out.refused_emails.push((value.clone(), party.label_fr().to_string()));
        }
        for found in &report.emails {
            let candidate = KeptEmail {
                value: found.value.clone(),
                source_url: found.source_url.clone(),
                method: found.method.into(),
                confidence: found.confidence,
            };
            self.check_email(candidate, out).await;
        }
        let domain = website_domain(&report.website);
        if out.emails.is_empty()
            && let Some(llm) = &self.llm
            && let Some((url, text)) = spelled_out_address(report)
        {
            match find_email(llm, caller, &brief(identity), url, text).await {
                Ok((email, usage)) => {
                    out.llm_calls.push((LlmFeature::FindEmail, usage));
                    if let Some(email) = email.filter(|e| plausible_for_site(e, domain.as_deref())) {
                        // Read by a model, not decoded: less sure than anything the extractor reads.
                        let candidate = KeptEmail {
                            value: email,
                            source_url: url.to_string(),
                            method: FactMethod::Llm,
                            confidence: 60,
                        };
                        self.check_email(candidate, out).await;
                    }
                }
                Err(e) => out.detail = Some(format!("repli LLM : {e}")),
            }
        }
        let values: Vec<String> = out.emails.iter().map(|e| e.value.clone()).collect();
        let best = choose_best_email(&values, domain.as_deref());
        out.emails.sort_by_key(|e| (Some(&e.value) != best.as_ref(), std::cmp::Reverse(e.confidence)));
        out.best_email = out.emails.first().filter(|e| Some(&e.value) == best.as_ref()).cloned();
    }
}

/// A page whose text seems to spell an address out, preferring the contact page.
fn spelled_out_address(report: &SiteReport) -> Option<(&str, &str)> {
    let pages = report.texts.iter().filter(|(_, text)| {
        let lower = text.to_lowercase();
        SPELLED_EMAIL_HINTS.iter().any(|h| lower.contains(h))
    });
    let mut best = None;
    for (url, text) in pages {
        if report.contact_page.as_deref() == Some(url.as_str()) {
            return Some((url, text));
        }
        best.get_or_insert((url.as_str(), text.as_str()));
    }
    best
}

/// An address the LLM read must belong to the site's domain or be a mailbox provider's:
/// anything else may be a hallucination or a third party.
fn plausible_for_site(email: &str, site_domain: Option<&str>) -> bool {
    let Some((_, domain)) = email.rsplit_once('@') else { return false };
    site_domain.is_some_and(|d| d == domain || domain.ends_with(&format!(".{d}")))
        || MAILBOX_PROVIDERS.contains(&domain)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn llm_addresses_must_belong_to_the_site_or_a_mailbox_provider() {
        assert!(plausible_for_site("contact@dupont.fr", Some("dupont.fr")));
        assert!(plausible_for_site("dupont.plomberie@orange.fr", Some("dupont.fr")));
        assert!(!plausible_for_site("contact@agence-web.fr", Some("dupont.fr")));
        assert!(!plausible_for_site("pas-une-adresse", Some("dupont.fr")));
    }

    #[test]
    fn homes_of_deep_links() {
        assert_eq!(home_of("https://www.dupont.fr/contact?utm=pj").as_deref(), Some("https://www.dupont.fr/"));
        assert_eq!(host_key("https://WWW.Dupont.fr/"), "dupont.fr");
        assert_eq!(home_of("mailto:x@y.fr"), None);
    }
}
