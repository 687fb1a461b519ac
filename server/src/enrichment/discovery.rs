//! Website discovery and verification: which candidate sites to try (the sources' website,
//! search hits, guesses from the name), which never to keep (the deny list), and whether a
//! crawled site belongs to the company (its SIREN, phone, postcode, name).

use super::crawl::SiteReport;
use crate::prospecting::store::normalized_name;
use crate::prospecting::taxonomy::normalize;
use std::collections::HashSet;
use std::sync::LazyLock;

static DIRECTORY_HOSTS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("../../data/directory_hosts.txt")
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
        .collect()
});

/// Builders whose *home* is denied but whose subdomains are their customers' sites.
const BUILDER_HOSTS: &[&str] = &["wix.com", "jimdo.com"];

/// A directory, marketplace, social or search host (or a subdomain of one).
pub fn is_directory_host(host: &str) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    if DIRECTORY_HOSTS.contains(host) {
        return true;
    }
    let mut rest = host;
    while let Some((_, parent)) = rest.split_once('.') {
        if DIRECTORY_HOSTS.contains(parent) && !BUILDER_HOSTS.contains(&parent) {
            return true;
        }
        rest = parent;
    }
    // Every country site of the big engines and networks: google.de, fr-fr.facebook.com…
    ["google.", "facebook.", "linkedin.", "pagesjaunes.", "societe."].iter().any(|p| host.contains(p))
}

/// What we know of the company, to match sites against.
#[derive(Debug, Clone, Default)]
pub struct Identity {
    pub name: String,
    /// Legal name and other names (EI: the person's name).
    pub other_names: Vec<String>,
    pub postcode: Option<String>,
    pub city: Option<String>,
    /// E.164.
    pub phones: Vec<String>,
    pub siren: Option<String>,
}

/// Words that say what a company does or is, not which one it is: a site saying "plomberie"
/// and "Lyon" is not thereby Dupont Plomberie's.
const GENERIC_WORDS: &[&str] = &[
    "le",
    "la",
    "les",
    "l",
    "de",
    "du",
    "des",
    "d",
    "et",
    "a",
    "au",
    "aux",
    "en",
    "sur",
    "chez",
    "pour",
    "un",
    "une",
    "plomberie",
    "plombier",
    "chauffage",
    "chauffagiste",
    "electricite",
    "electricien",
    "menuiserie",
    "menuisier",
    "maconnerie",
    "macon",
    "peinture",
    "peintre",
    "renovation",
    "batiment",
    "travaux",
    "services",
    "service",
    "habitat",
    "artisan",
    "entreprise",
    "groupe",
    "fils",
    "freres",
    "cie",
    "compagnie",
    "atelier",
    "boulangerie",
    "patisserie",
    "coiffure",
    "restaurant",
    "garage",
    "cabinet",
    "agence",
    "conseil",
    "france",
    "sud",
    "nord",
    "est",
    "ouest",
    "centre",
    "maison",
    "societe",
    "ets",
    "etablissements",
    "sarl",
    "sas",
    "sasu",
    "eurl",
    "ei",
    "sa",
    "sci",
];

/// The words of a name that identify the company (at least one, the longest, when all are
/// generic: "Plomberie Chauffage" still has to appear).
pub fn distinctive_words(name: &str) -> Vec<String> {
    let normalized = normalized_name(name);
    let words: Vec<&str> = normalized.split(' ').filter(|w| !w.is_empty()).collect();
    let distinct: Vec<String> =
        words.iter().filter(|w| w.len() >= 2 && !GENERIC_WORDS.contains(w)).map(|w| w.to_string()).collect();
    if !distinct.is_empty() {
        return distinct;
    }
    let longest = words.iter().map(|w| w.len()).max().unwrap_or(0);
    words.iter().find(|w| w.len() == longest).map(|w| vec![w.to_string()]).unwrap_or_default()
}

/// Domain guesses from the company's names: `dupont-plomberie.fr`, `dupontplomberie.fr`,
/// `.com`, with the town, at most `max`. Hosts only, most likely first.
pub fn domain_guesses(identity: &Identity, max: usize) -> Vec<String> {
    let mut slugs: Vec<String> = Vec::new();
    let mut push = |slug: String| {
        let slug = slug.trim_matches('-').to_string();
        if slug.len() >= 3 && slug.len() <= 63 && !slugs.contains(&slug) {
            slugs.push(slug);
        }
    };
    let names = std::iter::once(&identity.name).chain(identity.other_names.iter());
    for name in names {
        let words: Vec<String> = normalized_name(name)
            .split(' ')
            .filter(|w| !w.is_empty() && !["l", "d", "le", "la", "les", "de", "du", "des", "et"].contains(w))
            .map(str::to_string)
            .collect();
        if words.is_empty() {
            continue;
        }
        push(words.join("-"));
        push(words.join(""));
    }
    let city = identity.city.as_deref().map(|c| normalize(c).replace(' ', "-")).filter(|c| !c.is_empty());
    let mut hosts = Vec::new();
    for slug in slugs.iter().take(2) {
        hosts.push(format!("{slug}.fr"));
        hosts.push(format!("{slug}.com"));
    }
    if let (Some(city), Some(first)) = (city, slugs.first()) {
        hosts.push(format!("{first}-{city}.fr"));
    }
    for slug in slugs.iter().skip(2) {
        hosts.push(format!("{slug}.fr"));
    }
    hosts.truncate(max);
    hosts
}

/// Why a crawled site is not the company's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rejection {
    Directory,
    /// The site publishes another company's SIREN.
    OtherSiren(String),
    /// A domain for sale, a host's placeholder.
    Parked,
    /// Nothing on the site points to the company.
    NoMatch,
}

impl Rejection {
    pub fn label_fr(&self) -> String {
        match self {
            Rejection::Directory => "annuaire ou réseau social".into(),
            Rejection::OtherSiren(s) => format!("site d'une autre entreprise (SIREN {s})"),
            Rejection::Parked => "nom de domaine parqué ou à vendre".into(),
            Rejection::NoMatch => "aucun élément ne correspond à l'entreprise".into(),
        }
    }
}

/// What matched between a site and the company.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Evidence {
    pub siren: bool,
    pub phone: bool,
    pub postcode: bool,
    pub city: bool,
    /// Every distinctive word of one of the company's names.
    pub name: bool,
    /// Another postcode appears in an address-like position and ours does not.
    pub other_postcode: bool,
}

impl Evidence {
    /// Verified without doubt (SIREN or phone), or name + place.
    pub fn is_strong(&self) -> bool {
        self.siren || self.phone || (self.name && (self.postcode || self.city) && !self.other_postcode)
    }

    /// Something points to the company, not enough to be sure.
    pub fn is_weak(&self) -> bool {
        !self.is_strong() && (self.name || self.postcode)
    }

    /// 0–100.
    pub fn confidence(&self) -> u8 {
        if self.siren {
            98
        } else if self.phone && self.name {
            95
        } else if self.phone {
            88
        } else if self.name && self.postcode {
            85
        } else if self.name && self.city {
            78
        } else if self.name {
            55
        } else {
            30
        }
    }

    pub fn labels(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        for (on, label) in [
            (self.siren, "siren"),
            (self.phone, "phone"),
            (self.postcode, "postcode"),
            (self.city, "city"),
            (self.name, "name"),
        ] {
            if on {
                out.push(label);
            }
        }
        out
    }
}

const PARKED_MARKERS: &[&str] = &[
    "nom de domaine est a vendre",
    "ce domaine est a vendre",
    "domaine a vendre",
    "this domain is for sale",
    "domain is for sale",
    "buy this domain",
    "domain may be for sale",
    "ce nom de domaine a ete reserve",
    "domaine reserve",
    "page de parking",
    "parked free",
    "sedo",
    "site en cours de construction",
];

fn all_text(report: &SiteReport) -> String {
    let mut text = String::new();
    for (_, page) in &report.texts {
        text.push_str(&normalize(page));
        text.push(' ');
    }
    text
}

fn contains_word_seq(haystack: &str, words: &[String]) -> bool {
    let padded = format!(" {haystack} ");
    words.iter().all(|w| padded.contains(&format!(" {w} ")))
}

/// 5-digit groups that look like French postcodes in the text.
fn postcodes_in(text: &str) -> HashSet<&str> {
    text.split(' ').filter(|w| w.len() == 5 && w.bytes().all(|b| b.is_ascii_digit()) && !w.starts_with("00")).collect()
}

/// Match a crawled site against the company: the evidence, or why it is not its site.
pub fn assess(identity: &Identity, report: &SiteReport) -> Result<Evidence, Rejection> {
    let text = all_text(report);
    let mut evidence = Evidence::default();
    if let Some(siren) = &identity.siren {
        if report.sirens.contains(siren) {
            evidence.siren = true;
        } else if let Some(other) = &report.siren {
            // The legal notice names another company: a homonym, or a reseller's page.
            return Err(Rejection::OtherSiren(other.clone()));
        }
    }
    evidence.phone = report.phones.iter().any(|p| identity.phones.contains(p));
    let names = std::iter::once(&identity.name).chain(identity.other_names.iter());
    evidence.name = names.map(|n| distinctive_words(n)).any(|w| !w.is_empty() && contains_word_seq(&text, &w));
    if let Some(postcode) = &identity.postcode {
        let codes = postcodes_in(&text);
        evidence.postcode = codes.contains(postcode.as_str());
        // Same département prefix is a neighbour's office or a CEDEX, not another company.
        evidence.other_postcode =
            !evidence.postcode && codes.iter().any(|c| !c.starts_with(&postcode[..2.min(postcode.len())]));
    }
    if let Some(city) = &identity.city {
        let city = normalize(city.split(" CEDEX").next().unwrap_or(city).split(" cedex").next().unwrap_or(city));
        evidence.city = !city.is_empty() && format!(" {text} ").contains(&format!(" {city} "));
    }
    // A parking page repeats the domain, hence often the company's name: only the company's own
    // SIREN or phone outweighs its "for sale" notice.
    if !evidence.siren && !evidence.phone && PARKED_MARKERS.iter().any(|m| text.contains(m)) {
        return Err(Rejection::Parked);
    }
    if !evidence.is_strong() && !evidence.is_weak() {
        return Err(Rejection::NoMatch);
    }
    Ok(evidence)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(texts: &[&str], phones: &[&str], sirens: &[&str]) -> SiteReport {
        SiteReport {
            website: "http://www.dupont-plomberie.fr/".into(),
            phones: phones.iter().map(|p| p.to_string()).collect(),
            sirens: sirens.iter().map(|s| s.to_string()).collect(),
            siren: sirens.first().map(|s| s.to_string()),
            texts: texts.iter().map(|t| ("http://x/".to_string(), t.to_string())).collect(),
            ..SiteReport::default()
        }
    }

    fn dupont() -> Identity {
        Identity {
            name: "Dupont Plomberie".into(),
            other_names: vec!["SARL DUPONT PLOMBERIE".into()],
            postcode: Some("69003".into()),
            city: Some("Lyon".into()),
            phones: vec!["+33478123456".into()],
            siren: Some("732829320".into()),
        }
    }

    #[test]
    fn the_deny_list_covers_directories_social_sites_and_their_subdomains() {
        for host in ["www.pagesjaunes.fr", "societe.com", "fr-fr.facebook.com", "fr.linkedin.com", "www.google.de"] {
            assert!(is_directory_host(host), "{host}");
        }
        // A builder's customers are on its subdomains; a name merely starting like a network's is not it.
        for host in ["www.dupont-plomberie.fr", "dupont.wixsite.com", "dupont-plomberie.jimdo.com", "facebookless.fr"] {
            assert!(!is_directory_host(host), "{host}");
        }
        assert!(is_directory_host("jimdo.com"));
    }

    #[test]
    fn guesses_come_from_the_distinctive_name() {
        let guesses = domain_guesses(&dupont(), 6);
        assert_eq!(&guesses[..3], ["dupont-plomberie.fr", "dupont-plomberie.com", "dupontplomberie.fr"]);
        assert!(guesses.contains(&"dupont-plomberie-lyon.fr".to_string()));
        assert!(guesses.len() <= 6);
        let apostrophe = Identity { name: "L'Atelier du Bois".into(), ..Identity::default() };
        assert_eq!(domain_guesses(&apostrophe, 1), ["atelier-bois.fr"]);
    }

    #[test]
    fn a_site_is_verified_by_siren_phone_or_name_and_place() {
        let me = dupont();
        let by_siren = assess(&me, &report(&["Mentions légales"], &[], &["732829320"])).unwrap();
        assert!(by_siren.siren && by_siren.is_strong() && by_siren.confidence() >= 95);
        let by_phone = assess(&me, &report(&["Appelez-nous"], &["+33478123456"], &[])).unwrap();
        assert!(by_phone.is_strong());
        let by_place = assess(&me, &report(&["Dupont Plomberie, 12 rue Garibaldi 69003 Lyon"], &[], &[])).unwrap();
        assert!(by_place.is_strong() && by_place.postcode && by_place.name);
        let name_only = assess(&me, &report(&["Dupont Plomberie, votre artisan"], &[], &[])).unwrap();
        assert!(name_only.is_weak() && !name_only.is_strong());
    }

    #[test]
    fn homonyms_parked_domains_and_strangers_are_rejected() {
        let me = dupont();
        let homonym = report(&["Dupont Plomberie, 4 quai Duguay 29200 Brest"], &["+33298000000"], &["552100554"]);
        assert_eq!(assess(&me, &homonym), Err(Rejection::OtherSiren("552100554".into())));
        // A homonym without legal notice: the other town's postcode keeps it from being strong.
        let e = assess(&me, &report(&["Dupont Plomberie 29200 Brest"], &["+33298000000"], &[])).unwrap();
        assert!(!e.is_strong() && e.other_postcode);
        let parked = report(&["Ce nom de domaine est à vendre ! Contactez Sedo"], &[], &[]);
        assert_eq!(assess(&me, &parked), Err(Rejection::Parked));
        let named =
            report(&["dupont-plomberie.fr – Ce nom de domaine est à vendre", "Dupont Plomberie 69003"], &[], &[]);
        assert_eq!(assess(&me, &named), Err(Rejection::Parked));
        assert_eq!(assess(&me, &report(&["Boulangerie Martin, pains"], &[], &[])), Err(Rejection::NoMatch));
    }

    #[test]
    fn generic_names_still_need_their_words() {
        assert_eq!(distinctive_words("Plomberie Chauffage Services"), ["plomberie"]);
        assert_eq!(distinctive_words("SARL Dupont Plomberie"), ["dupont"]);
    }
}
