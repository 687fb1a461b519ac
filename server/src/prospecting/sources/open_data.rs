//! The French state's company search (recherche-entreprises.api.gouv.fr, "Annuaire des
//! entreprises"): establishments by NAF code and commune or département, with SIREN/SIRET,
//! legal and trade names, address, headcount band and creation date. Closed ones are dropped.

use super::{HostThrottle, Source, SourceCompany, SourceError, SourceId, SourcePage, SourceQuery};
use super::{encode, polite_get, unavailable};
use crate::prospecting::area::Area;
use async_trait::async_trait;
use prospecta_shared::company::Siret;
use prospecta_shared::organization::{CompanyNumber, RegisteredCompany, vat_number};
use serde::Deserialize;
use std::time::Duration;

/// The API's maximum page size.
const PAGE_SIZE: u32 = 25;
/// Communes per query when an area is asked commune by commune.
const COMMUNES_PER_QUERY: usize = 20;

pub struct OpenData {
    base_url: String,
    http: crate::net::HttpClient,
    throttle: HostThrottle,
    interval: Duration,
    max_pages: u32,
}

#[derive(Debug, Deserialize)]
struct SearchResponse {
    #[serde(default)]
    results: Vec<Unit>,
    total_results: Option<u32>,
    page: Option<u32>,
    total_pages: Option<u32>,
}

#[derive(Debug, Deserialize)]
struct Unit {
    siren: Option<String>,
    nom_complet: Option<String>,
    nom_raison_sociale: Option<String>,
    etat_administratif: Option<String>,
    activite_principale: Option<String>,
    tranche_effectif_salarie: Option<String>,
    date_creation: Option<String>,
    #[serde(default)]
    matching_etablissements: Vec<Establishment>,
    siege: Option<Establishment>,
}

#[derive(Debug, Clone, Deserialize)]
struct Establishment {
    siret: Option<String>,
    adresse: Option<String>,
    code_postal: Option<String>,
    commune: Option<String>,
    libelle_commune: Option<String>,
    etat_administratif: Option<String>,
    activite_principale: Option<String>,
    #[serde(default)]
    liste_enseignes: Option<Vec<String>>,
    nom_commercial: Option<String>,
    tranche_effectif_salarie: Option<String>,
    date_creation: Option<String>,
}

fn non_empty(s: Option<String>) -> Option<String> {
    s.map(|v| v.trim().to_string()).filter(|v| !v.is_empty())
}

/// "DUPONT PLOMBERIE" → "Dupont Plomberie": the register shouts, people do not.
pub fn title_case(name: &str) -> String {
    let small = ["de", "du", "des", "la", "le", "les", "et", "en", "d", "l", "a", "au", "aux", "sur"];
    let mut out = String::with_capacity(name.len());
    let mut word = String::new();
    let mut first_word = true;
    let flush = |word: &mut String, out: &mut String, first: &mut bool| {
        if word.is_empty() {
            return;
        }
        let lower = word.to_lowercase();
        let keep_upper = word.chars().count() <= 4 && word.chars().all(|c| c.is_uppercase()) && is_acronym(word);
        if keep_upper {
            out.push_str(word);
        } else if !*first && small.contains(&lower.as_str()) {
            out.push_str(&lower);
        } else {
            let mut chars = lower.chars();
            if let Some(c) = chars.next() {
                out.extend(c.to_uppercase());
                out.push_str(chars.as_str());
            }
        }
        *first = false;
        word.clear();
    };
    for c in name.trim().chars() {
        if c.is_alphanumeric() {
            word.push(c);
        } else {
            flush(&mut word, &mut out, &mut first_word);
            out.push(c);
        }
    }
    flush(&mut word, &mut out, &mut first_word);
    out
}

/// Legal forms and initialisms read better in capitals ("SARL", "SAS", "EDF").
fn is_acronym(word: &str) -> bool {
    ["SARL", "SAS", "SASU", "EURL", "SA", "SCI", "SNC", "EI", "EIRL", "SCOP", "GIE"].contains(&word)
        || !word.chars().any(|c| "AEIOUY".contains(c))
}

/// The street part of a one-line address: "12 RUE DE LA REPUBLIQUE 69003 LYON" → "12 Rue de la
/// Republique".
fn street_of(address: &str, postal_code: Option<&str>) -> Option<String> {
    let cut = postal_code.and_then(|p| address.find(p)).unwrap_or(address.len());
    let street = address[..cut].trim().trim_end_matches(',').trim();
    (!street.is_empty()).then(|| title_case(street))
}

impl OpenData {
    pub fn new(
        base_url: &str,
        http: crate::net::HttpClient,
        throttle: HostThrottle,
        interval: Duration,
        max_pages: u32,
    ) -> Self {
        OpenData { base_url: base_url.trim_end_matches('/').to_string(), http, throttle, interval, max_pages }
    }

    fn url(&self, activity: &str, place: &str, page: u32) -> String {
        format!("{}/search?{activity}&{place}&etat_administratif=A&per_page={PAGE_SIZE}&page={page}", self.base_url)
    }

    fn read(&self, body: &str, url: &str) -> Result<SourcePage, SourceError> {
        let response: SearchResponse =
            serde_json::from_str(body).map_err(|e| unavailable(format!("réponse illisible : {e}")))?;
        let mut companies = Vec::new();
        for unit in response.results {
            if unit.etat_administratif.as_deref().is_some_and(|s| s != "A") {
                continue;
            }
            let establishments = if unit.matching_etablissements.is_empty() {
                unit.siege.clone().into_iter().collect()
            } else {
                unit.matching_etablissements.clone()
            };
            for e in establishments {
                if e.etat_administratif.as_deref().is_some_and(|s| s != "A") {
                    continue;
                }
                if let Some(company) = to_company(&unit, e, url) {
                    companies.push(company);
                }
            }
        }
        let page = response.page.unwrap_or(1);
        let next_url = match response.total_pages {
            Some(total) if page < total && page < self.max_pages => Some(next_page_url(url, page + 1)),
            _ => None,
        };
        Ok(SourcePage { companies, total_results: response.total_results, next_url })
    }
}

impl OpenData {
    /// The register's entry for a SIRET (that establishment) or a SIREN (its head office), if
    /// the company is active and known: the API's full-text search finds a unit by its number.
    pub async fn lookup(&self, number: &CompanyNumber) -> Result<Option<RegisteredCompany>, SourceError> {
        let siren = number.siren();
        let url = format!("{}/search?q={siren}&per_page=5&page=1", self.base_url);
        let Some(body) = polite_get(&self.http, &self.throttle, self.interval, &url, "application/json").await? else {
            return Ok(None);
        };
        let response: SearchResponse =
            serde_json::from_str(&body).map_err(|e| unavailable(format!("réponse illisible : {e}")))?;
        let Some(unit) = response.results.into_iter().find(|u| u.siren.as_deref() == Some(siren)) else {
            return Ok(None);
        };
        let establishment = match number {
            CompanyNumber::Siret(siret) => unit
                .matching_etablissements
                .iter()
                .chain(unit.siege.iter())
                .find(|e| e.siret.as_deref() == Some(siret.as_str()))
                .cloned(),
            CompanyNumber::Siren(_) => unit.siege.clone(),
        };
        let Some(establishment) = establishment else { return Ok(None) };
        let Some(company) = to_company(&unit, establishment, &url) else { return Ok(None) };
        Ok(Some(RegisteredCompany {
            legal_name: company.legal_name.map(|n| title_case(&n)).unwrap_or(company.name),
            siret: company.siret.map(|s| s.as_str().to_string()),
            street: company.street,
            postcode: company.postal_code,
            city: company.city,
            naf_code: company.naf_code,
            vat_number: vat_number(siren).unwrap_or_default(),
        }))
    }
}

fn next_page_url(url: &str, page: u32) -> String {
    match url.rfind("&page=") {
        Some(i) => {
            let rest = &url[i + 6..];
            let tail = rest.find('&').map(|j| &rest[j..]).unwrap_or("");
            format!("{}&page={page}{tail}", &url[..i])
        }
        None => format!("{url}&page={page}"),
    }
}

fn to_company(unit: &Unit, e: Establishment, url: &str) -> Option<SourceCompany> {
    // Sole traders have no `nom_raison_sociale`; `nom_complet` then reads "JEAN DUPONT (DUPONT
    // PLOMBERIE)": the person's name, then the trade name in parentheses.
    let legal_name = non_empty(unit.nom_raison_sociale.clone())
        .or_else(|| non_empty(unit.nom_complet.clone()).map(|n| n.split(" (").next().unwrap_or(&n).trim().to_string()));
    let trade_name = non_empty(e.nom_commercial.clone())
        .or_else(|| e.liste_enseignes.clone().unwrap_or_default().into_iter().find(|n| !n.trim().is_empty()));
    let shown = trade_name.clone().or_else(|| legal_name.clone())?;
    let postal_code = non_empty(e.code_postal.clone());
    let mut other_names: Vec<String> = Vec::new();
    for name in [legal_name.as_ref(), trade_name.as_ref()].into_iter().flatten() {
        other_names.push(title_case(name));
    }
    Some(SourceCompany {
        name: title_case(&shown),
        legal_name: legal_name.clone(),
        other_names,
        siren: non_empty(unit.siren.clone()),
        siret: non_empty(e.siret).and_then(|s| Siret::parse("siret", &s).ok()),
        street: e.adresse.as_deref().and_then(|a| street_of(a, postal_code.as_deref())),
        postal_code,
        city: non_empty(e.libelle_commune).map(|c| title_case(&c)),
        insee_code: non_empty(e.commune),
        naf_code: non_empty(e.activite_principale).or_else(|| non_empty(unit.activite_principale.clone())),
        headcount: non_empty(e.tranche_effectif_salarie).or_else(|| non_empty(unit.tranche_effectif_salarie.clone())),
        created_on: non_empty(e.date_creation).or_else(|| non_empty(unit.date_creation.clone())),
        source_url: url.to_string(),
        ..Default::default()
    })
}

#[async_trait]
impl Source for OpenData {
    fn id(&self) -> SourceId {
        SourceId::OpenData
    }

    fn queries(&self, sector: &str, naf_code: Option<&str>, area: &Area) -> Vec<SourceQuery> {
        let activity = match naf_code {
            Some(naf) => format!("activite_principale={}", encode(naf)),
            // Free-text sector: the API's full-text search over names and activities.
            None => format!("q={}", encode(sector.trim())),
        };
        let places: Vec<String> = if area.by_commune() {
            let codes: Vec<&String> = area.communes.iter().collect();
            codes
                .chunks(COMMUNES_PER_QUERY)
                .map(|chunk| format!("code_commune={}", chunk.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(",")))
                .collect()
        } else {
            area.departements.iter().map(|d| format!("departement={d}")).collect()
        };
        places
            .into_iter()
            .map(|place| SourceQuery {
                key: format!("od|{activity}|{place}"),
                first_url: self.url(&activity, &place, 1),
                page_size: PAGE_SIZE,
            })
            .collect()
    }

    async fn fetch(&self, url: &str) -> Result<SourcePage, SourceError> {
        let Some(body) = polite_get(&self.http, &self.throttle, self.interval, url, "application/json").await? else {
            return Ok(SourcePage::default());
        };
        self.read(&body, url)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_their_capitals_but_not_their_acronyms() {
        assert_eq!(title_case("DUPONT PLOMBERIE"), "Dupont Plomberie");
        assert_eq!(title_case("SARL L'ATELIER DU CHAUFFAGE"), "SARL L'Atelier du Chauffage");
        assert_eq!(
            street_of("12 RUE DE LA REPUBLIQUE 69003 LYON", Some("69003")).as_deref(),
            Some("12 Rue de la Republique")
        );
    }

    #[test]
    fn next_page_replaces_the_page_parameter() {
        let url =
            "http://x/search?activite_principale=43.22A&code_commune=69123&etat_administratif=A&per_page=25&page=1";
        assert!(next_page_url(url, 2).ends_with("&per_page=25&page=2"));
    }
}
