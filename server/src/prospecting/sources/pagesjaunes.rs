//! The PagesJaunes source: search URLs per (activity, place), polite fetching, and the page
//! parser of `prospecting::pagesjaunes` for reading.

use super::{
    BLOCKED_WAIT_SECS, HostThrottle, Source, SourceCompany, SourceError, SourceId, SourcePage, SourceQuery, encode,
    origin_of, polite_get, slug,
};
use crate::prospecting::area::Area;
use crate::prospecting::pagesjaunes::{Listing, PageKind, parse_page, result_count};
use crate::prospecting::taxonomy::{Taxonomy, normalize};
use async_trait::async_trait;
use chrono::Utc;
use prospecta_shared::company::{Phone, Siret, WebsiteUrl};
use prospecta_shared::prospecting::PlaceKind;
use std::time::Duration;

/// What Chrome sends for a page.
const BROWSER_ACCEPT: &str = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

/// PagesJaunes shows 20 listings a page.
const PAGE_SIZE: u32 = 20;

pub struct PagesJaunes {
    base_url: String,
    http: crate::net::HttpClient,
    throttle: HostThrottle,
    interval: Duration,
}

impl PagesJaunes {
    pub fn new(base_url: &str, http: crate::net::HttpClient, throttle: HostThrottle, interval: Duration) -> Self {
        PagesJaunes { base_url: base_url.trim_end_matches('/').to_string(), http, throttle, interval }
    }

    /// The search URL for free words and a PagesJaunes place (`lyon-69`, `rhone-69`).
    pub fn search_url(&self, words: &str, ou: &str, id_ou: Option<&str>) -> String {
        let mut url =
            format!("{}/annuaire/chercherlespros?quoiqui={}&ou={}", self.base_url, encode(words.trim()), encode(ou));
        if let Some(id) = id_ou {
            url.push_str(&format!("&idOu={}", encode(id)));
        }
        url
    }

    /// `--where` of the operator command: a commune or département name as people type it,
    /// resolved through the taxonomy (best match), else used as PagesJaunes' own free text.
    pub fn place_url(&self, words: &str, place: &str) -> String {
        let taxonomy = Taxonomy::get();
        match taxonomy.search_places(place, 1).into_iter().next() {
            Some(p) if p.kind == PlaceKind::Commune => match taxonomy.commune_record(&p.code) {
                Some(c) => {
                    self.search_url(words, &format!("{}-{}", slug(&c.name), c.departement), Some(&id_ou(&c.insee)))
                }
                None => self.search_url(words, &slug(place), None),
            },
            Some(p) if p.kind == PlaceKind::Departement => {
                let name = taxonomy.departement_name(&p.code).unwrap_or(&p.name);
                self.search_url(words, &format!("{}-{}", slug(name), p.code), None)
            }
            _ => self.search_url(words, &slug(place), None),
        }
    }
}

/// PagesJaunes' place code: `L0` + INSEE code + `00` (Lyon 69123 → `L06912300`).
fn id_ou(insee: &str) -> String {
    format!("L0{insee}00")
}

/// The parser's listing is the page as it reads (what `pj parse` prints, a SIRET as printed
/// even when its checksum fails); the company a source gives is checked here, at the edge.
fn listing_to_company(listing: Listing, source_url: &str) -> Option<SourceCompany> {
    Some(SourceCompany {
        name: listing.name?,
        siret: listing.siret.flatten().and_then(|s| Siret::parse("siret", &s).ok()),
        street: listing.street,
        postal_code: listing.postal_code,
        city: listing.city,
        phones: listing.phones.iter().filter_map(|p| Phone::parse("phone", p).ok()).collect(),
        website: listing.website.and_then(|w| WebsiteUrl::parse("website", &w).ok()),
        email: listing.email,
        pj_id: listing.pj_id,
        marketing_opposition: listing.marketing_opposition,
        source_url: source_url.to_string(),
        ..Default::default()
    })
}

#[async_trait]
impl Source for PagesJaunes {
    fn id(&self) -> SourceId {
        SourceId::PagesJaunes
    }

    fn queries(&self, sector: &str, _naf_code: Option<&str>, area: &Area) -> Vec<SourceQuery> {
        let taxonomy = Taxonomy::get();
        let words = sector.trim().to_lowercase();
        let places: Vec<(String, Option<String>)> = match area.kind {
            PlaceKind::Commune => area
                .query_communes
                .iter()
                .map(|c| (format!("{}-{}", slug(&c.name), c.departement), Some(id_ou(&c.insee))))
                .collect(),
            PlaceKind::Departement | PlaceKind::Region => area
                .departements
                .iter()
                .map(|d| (format!("{}-{d}", slug(taxonomy.departement_name(d).unwrap_or(d))), None))
                .collect(),
        };
        places
            .into_iter()
            .map(|(ou, id)| SourceQuery {
                key: format!("pj|{}|{ou}", normalize(&words)),
                first_url: self.search_url(&words, &ou, id.as_deref()),
                page_size: PAGE_SIZE,
            })
            .collect()
    }

    async fn fetch(&self, url: &str) -> Result<SourcePage, SourceError> {
        let Some(html) = polite_get(&self.http, &self.throttle, self.interval, url, BROWSER_ACCEPT).await? else {
            return Ok(SourcePage::default());
        };
        let parsed = parse_page(&html, &origin_of(url).unwrap_or_default());
        match parsed.page {
            PageKind::Blocked => {
                Err(SourceError::Blocked { retry_at: Utc::now() + chrono::Duration::seconds(BLOCKED_WAIT_SECS) })
            }
            PageKind::NoResults => Ok(SourcePage { total_results: Some(0), ..Default::default() }),
            PageKind::Results | PageKind::Detail => Ok(SourcePage {
                total_results: result_count(&html),
                next_url: parsed.next_page.filter(|next| next != url),
                companies: parsed.listings.into_iter().filter_map(|l| listing_to_company(l, url)).collect(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_and_hosts() {
        assert_eq!(
            origin_of("http://127.0.0.1:3000/sandbox/pagesjaunes/x?y").as_deref(),
            Some("http://127.0.0.1:3000")
        );
        assert_eq!(super::super::host_of("https://www.pagesjaunes.fr/annuaire?x=1"), "www.pagesjaunes.fr");
        assert_eq!(id_ou("69123"), "L06912300");
    }
}
