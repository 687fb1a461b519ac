//! Whose address is it? One stage every e-mail candidate passes through, whatever way it was
//! read (visible text, `mailto:` with its `cc`/`bcc`, Cloudflare or script decoding, JSON-LD,
//! microdata, vCard): the extractor says WHERE it found the address (a third party's block, a
//! JSON-LD `author` that is not the organisation…), the page says WHO the company is (its
//! domain) and which other organisations it names (the domains linked from the maker's credit,
//! the host's block, a partner's card…), and [`Owner::judge`] decides.
//!
//! The rules, in order:
//! 1. an address on the site's own domain is the company's (a maker does not write from it);
//! 2. an address read in a third party's place is not the company's;
//! 3. an address on a domain the site attributes to a third party is not the company's,
//!    wherever else it appears (the agency's address repeated on the legal notice's last line);
//!    mailbox providers (gmail.com, orange.fr…) are nobody's domain and never listed.

use super::email_check::MAILBOX_PROVIDERS;
use prospecta_shared::company::website_domain;

/// Social networks: a link there is the company's profile, never its site.
pub(crate) const SOCIAL_HOSTS: &[&str] = &[
    "facebook.com",
    "instagram.com",
    "linkedin.com",
    "twitter.com",
    "x.com",
    "youtube.com",
    "tiktok.com",
    "pinterest.com",
    "pinterest.fr",
];

/// Another organisation an address can belong to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThirdParty {
    /// The site's maker or host ("Site réalisé par", "Hébergeur", credits).
    MakerOrHost,
    /// A professional body, an authority, a mediator, a DPO service ("Ordre des…", chambre,
    /// fédération, CNIL, médiateur).
    Body,
    /// A partner, reseller, customer or testimonial.
    Partner,
    /// A JSON-LD or microdata `creator` / `author` / `publisher`… that is not the organisation.
    Author,
    /// On a domain the site attributes to one of the above.
    ThirdPartyDomain,
}

impl ThirdParty {
    /// Why an address was left out, in French (operator output).
    pub fn label_fr(self) -> &'static str {
        match self {
            ThirdParty::MakerOrHost => "adresse du créateur ou de l'hébergeur du site",
            ThirdParty::Body => "adresse d'un organisme cité (ordre, chambre, médiateur…)",
            ThirdParty::Partner => "adresse d'un partenaire, client ou témoignage",
            ThirdParty::Author => "adresse de l'auteur ou de l'éditeur déclaré, autre que l'entreprise",
            ThirdParty::ThirdPartyDomain => "domaine attribué par le site à un tiers",
        }
    }
}

/// The company as the site shows it, and the domains the site attributes to others.
#[derive(Debug, Clone, Default)]
pub struct Owner {
    /// The site's registrable host (`www.` stripped), if the URL has one.
    pub domain: Option<String>,
    third_party_domains: Vec<String>,
}

impl Owner {
    pub fn new(site_url: &str) -> Self {
        Owner { domain: website_domain(site_url), third_party_domains: Vec::new() }
    }

    /// Notes that a URL or an address (its part after `@`) belongs to a third party. The site's
    /// own domain, mailbox providers and social networks are nobody's in particular: ignored.
    pub fn attribute_to_third_party(&mut self, url_or_email: &str) {
        let domain = match url_or_email.rsplit_once('@') {
            Some((_, d)) if !url_or_email.contains("://") => Some(d.trim().to_ascii_lowercase()),
            _ => website_domain(url_or_email),
        };
        let Some(domain) = domain.filter(|d| d.contains('.')) else { return };
        if self.is_own(&domain) || is_shared_domain(&domain) || self.third_party_domains.contains(&domain) {
            return;
        }
        self.third_party_domains.push(domain);
    }

    pub fn third_party_domains(&self) -> &[String] {
        &self.third_party_domains
    }

    /// Merges what another page of the same site attributes to third parties.
    pub fn absorb(&mut self, domains: &[String]) {
        for d in domains {
            self.attribute_to_third_party(&format!("x@{d}"));
        }
    }

    fn is_own(&self, domain: &str) -> bool {
        self.domain.as_deref().is_some_and(|own| within(domain, own))
    }

    /// `Ok` when the address is the company's; else which third party it belongs to.
    /// `found_in` is the third party whose place the address was read in, if any.
    pub fn judge(&self, email: &str, found_in: Option<ThirdParty>) -> Result<(), ThirdParty> {
        let domain = email.rsplit_once('@').map_or("", |(_, d)| d);
        if self.is_own(domain) {
            return Ok(());
        }
        if let Some(party) = found_in {
            return Err(party);
        }
        if self.third_party_domains.iter().any(|d| within(domain, d)) {
            return Err(ThirdParty::ThirdPartyDomain);
        }
        Ok(())
    }
}

/// `mail.agence.fr` is within `agence.fr`.
fn within(domain: &str, parent: &str) -> bool {
    domain == parent || domain.strip_suffix(parent).is_some_and(|rest| rest.ends_with('.'))
}

/// Domains shared by unrelated people: an address there says nothing about who owns others.
fn is_shared_domain(domain: &str) -> bool {
    const LINK_SERVICES: &[&str] = &["google.com", "google.fr", "goo.gl", "wa.me"];
    MAILBOX_PROVIDERS.contains(&domain) || SOCIAL_HOSTS.iter().chain(LINK_SERVICES).any(|s| within(domain, s))
}

// ---------------------------------------------------------------------------------------------
// Who the organisation is, for structured data

/// The words of a name, lower-case, accents folded, short words and legal forms left out.
fn name_words(name: &str) -> Vec<String> {
    prospecta_shared::format::fold(name)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() >= 3 && !matches!(*w, "sas" | "sarl" | "eurl" | "sasu" | "the" | "les" | "des" | "and"))
        .map(str::to_string)
        .collect()
}

/// Whether `name` names the organisation the page presents (its title, `og:site_name`, its
/// main structured-data node): every significant word of the shorter one is in the other.
pub fn names_the_organisation(name: &str, identity_names: &[String]) -> bool {
    let words = name_words(name);
    if words.is_empty() {
        return false;
    }
    identity_names.iter().any(|id| {
        let id_words = name_words(id);
        !id_words.is_empty()
            && (words.iter().all(|w| id_words.contains(w)) || id_words.iter().all(|w| words.contains(w)))
    })
}

/// Structured-data properties whose value is another party unless it names the organisation.
pub const ROLE_PROPERTIES: &[&str] = &[
    "creator",
    "author",
    "publisher",
    "provider",
    "sponsor",
    "funder",
    "contributor",
    "editor",
    "copyrightHolder",
    "maintainer",
    "producer",
    "affiliation",
    "memberOf",
    "isPartOf",
];

/// Structured-data properties whose value is never the organisation (its customers speak).
pub const REVIEW_PROPERTIES: &[&str] = &["review", "reviews"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_domain_wins_and_third_party_places_and_domains_lose() {
        let mut owner = Owner::new("https://www.boulangerie-martin.fr/contact");
        owner.attribute_to_third_party("https://agence-pixel.fr/realisations");
        owner.attribute_to_third_party("contact@orange.fr");
        owner.attribute_to_third_party("https://www.boulangerie-martin.fr/");
        assert_eq!(owner.third_party_domains(), ["agence-pixel.fr"]);
        assert_eq!(owner.judge("contact@boulangerie-martin.fr", Some(ThirdParty::Partner)), Ok(()));
        assert_eq!(owner.judge("bonjour@agence-pixel.fr", None), Err(ThirdParty::ThirdPartyDomain));
        assert_eq!(owner.judge("studio@mail.agence-pixel.fr", None), Err(ThirdParty::ThirdPartyDomain));
        assert_eq!(owner.judge("martin.pain@orange.fr", None), Ok(()));
        assert_eq!(owner.judge("client@gmail.com", Some(ThirdParty::Partner)), Err(ThirdParty::Partner));
        assert!(!within("notagence-pixel.fr", "agence-pixel.fr"));
    }

    #[test]
    fn names_match_by_their_significant_words() {
        let ids = vec!["Boulangerie Martin – Pain au levain à Lyon".to_string()];
        assert!(names_the_organisation("Boulangerie Martin SARL", &ids));
        assert!(names_the_organisation("boulangerie martin", &ids));
        assert!(!names_the_organisation("Agence Pixel & Sel", &ids));
        assert!(!names_the_organisation("", &ids));
    }
}
