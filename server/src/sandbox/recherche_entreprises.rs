//! The simulated recherche-entreprises API (the state's company search,
//! https://recherche-entreprises.api.gouv.fr): `GET /search` with the real parameter names,
//! validation messages (`{"erreur": …}`, HTTP 400) and JSON wire format, checked against the
//! API's own source (annuaire-entreprises-data-gouv-fr/search-api: `app/models/unite_legale.py`,
//! `app/service/formatters/etablissements.py`, `app/controller/search_params_model.py`).
//!
//! Faithful details a client must cope with: every value is a string where the API gives a
//! string (coordinates included), `liste_enseignes` is null when empty, `nom_complet` appends
//! the siège's `nom_commercial` in parentheses, an establishment's `commune` is the
//! arrondissement code in Paris, Lyon and Marseille (so `code_commune=69123` finds nothing, as
//! on the real API), and `total_results` stops at 10 000.
//!
//! Sandbox limits: a search needs a place (`code_commune`, `departement` or `code_postal`) and
//! an activity (`activite_principale`, or `q` read as a sector); the real API would search all
//! of France or every activity.

use super::companies::{
    LegalForm, SandboxCompany, canonical_naf, companies_for, companies_of_departement, luhn_complete, luhn_valid,
    parent_commune, register_case, register_commune_label, sector_for,
};
use super::sites::SiteDirectory;
use super::web::{parse_query, query_value};
use crate::prospecting::taxonomy::normalize;
use axum::Router;
use axum::extract::{RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::{Value, json};
use std::collections::HashSet;
use std::sync::OnceLock;

const NAF: &str = include_str!("../../data/taxonomy/naf.tsv");
const DEPARTEMENTS: &str = include_str!("../../data/taxonomy/departements.tsv");

/// The real API's limits (`NUMERIC_FIELD_LIMITS`).
const MAX_PAGE: u32 = 1000;
const MAX_PER_PAGE: u32 = 25;
const DEFAULT_PER_PAGE: u32 = 10;
const MAX_TOTAL: usize = 10_000;
/// When the register data was last refreshed, as the API reports it.
const UPDATED: &str = "2025-11-02T04:12:35";

/// The API, mounted under `prefix` (e.g. `/sandbox/recherche-entreprises`).
pub fn router(prefix: &'static str) -> Router {
    Router::new().route(&format!("{prefix}/search"), get(search))
}

/// The API, telling `directory` which (NAF, commune) areas it served, so that the simulated
/// company websites of the companies it showed become reachable.
pub fn router_registering(prefix: &'static str, directory: SiteDirectory) -> Router {
    Router::new().route(&format!("{prefix}/search"), get(search_registering)).with_state(directory)
}

async fn search(RawQuery(raw): RawQuery) -> Response {
    let (status, body, _) = search_response_and_areas(raw.as_deref().unwrap_or(""));
    (status, [(header::CONTENT_TYPE, "application/json")], body.to_string()).into_response()
}

async fn search_registering(State(directory): State<SiteDirectory>, RawQuery(raw): RawQuery) -> Response {
    let (status, body, areas) = search_response_and_areas(raw.as_deref().unwrap_or(""));
    for (naf, insee) in &areas {
        directory.register_area(naf, insee).await;
    }
    (status, [(header::CONTENT_TYPE, "application/json")], body.to_string()).into_response()
}

/// The answer to `GET /search?<query>`: 200 with the results payload, or 400 with
/// `{"erreur": "…"}`.
pub fn search_response(query: &str) -> (StatusCode, Value) {
    let (status, body, _) = search_response_and_areas(query);
    (status, body)
}

/// [`search_response`], plus the distinct (NAF, generation commune) pairs of the companies the
/// page shows.
pub fn search_response_and_areas(query: &str) -> (StatusCode, Value, Vec<(String, String)>) {
    match Params::parse(&parse_query(query)) {
        Ok(params) => {
            let (body, areas) = results(&params);
            (StatusCode::OK, body, areas)
        }
        Err(message) => (StatusCode::BAD_REQUEST, json!({ "erreur": message }), Vec::new()),
    }
}

// ---------------------------------------------------------------------------------------------
// Parameters

#[derive(Debug, Default)]
struct Params {
    q: Option<String>,
    /// `q` that is a SIREN or a SIRET: one company looked up by its number.
    number: Option<String>,
    nafs: Vec<String>,
    communes: Vec<String>,
    departements: Vec<String>,
    postcodes: Vec<String>,
    /// `A` (active) or `C` (ceased), unité légale level.
    etat: Option<String>,
    page: u32,
    per_page: u32,
}

fn naf_codes() -> &'static [&'static str] {
    static CODES: OnceLock<Vec<&'static str>> = OnceLock::new();
    CODES.get_or_init(|| {
        NAF.lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split('\t').next())
            .filter(|c| !c.is_empty())
            .collect()
    })
}

fn departement_codes() -> &'static [&'static str] {
    static CODES: OnceLock<Vec<&'static str>> = OnceLock::new();
    CODES.get_or_init(|| {
        DEPARTEMENTS
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split('\t').next())
            .filter(|c| !c.is_empty())
            .collect()
    })
}

/// The API's `clean_str` + `str_to_list`: dashes and spaces dropped, upper case, split on commas.
fn list(value: &str) -> Vec<String> {
    value.replace(['-', ' '], "").to_uppercase().split(',').map(str::to_string).collect()
}

/// Python's list repr, as the API prints valid values in its messages.
fn python_list(items: &[&str]) -> String {
    format!("[{}]", items.iter().map(|i| format!("'{i}'")).collect::<Vec<_>>().join(", "))
}

fn integer(value: &str, name: &str, min: u32, max: u32, default: u32) -> Result<u32, String> {
    let n: i64 = value.trim().parse().map_err(|_| format!("Veuillez indiquer un paramètre `{name}` entier."))?;
    if n < i64::from(min) || n > i64::from(max) {
        return Err(format!(
            "Veuillez indiquer un paramètre `{name}` entre `{min}` et `{max}`, par défaut `{default}`."
        ));
    }
    Ok(n as u32)
}

fn matches_commune(code: &str) -> bool {
    // `^([013-9]\d|2[AB1-9])\d{3}$`
    let b = code.as_bytes();
    if b.len() != 5 || !b[2..].iter().all(u8::is_ascii_digit) {
        return false;
    }
    match (b[0], b[1]) {
        (b'2', second) => matches!(second, b'A' | b'B' | b'1'..=b'9'),
        (first, second) => matches!(first, b'0' | b'1' | b'3'..=b'9') && second.is_ascii_digit(),
    }
}

fn matches_postcode(code: &str) -> bool {
    // `^((0[1-9])|([1-8][0-9])|(9[0-8])|(2A)|(2B))[0-9]{3}$`
    let b = code.as_bytes();
    if b.len() != 5 || !b[2..].iter().all(u8::is_ascii_digit) {
        return false;
    }
    match (b[0], b[1]) {
        (b'0', s) => (b'1'..=b'9').contains(&s),
        (b'2', b'A' | b'B') => true,
        (b'9', s) => (b'0'..=b'8').contains(&s),
        (f, s) => (b'1'..=b'8').contains(&f) && s.is_ascii_digit(),
    }
}

impl Params {
    /// Same checks, same order and same messages as the real API (a pydantic model whose
    /// validators raise on the first bad field).
    fn parse(pairs: &[(String, String)]) -> Result<Params, String> {
        let get = |name: &str| query_value(pairs, name);
        let mut p = Params { page: 1, per_page: DEFAULT_PER_PAGE, ..Params::default() };
        if let Some(v) = get("page") {
            p.page = integer(v, "page", 1, MAX_PAGE, 1)?;
        }
        if let Some(v) = get("per_page") {
            p.per_page = integer(v, "per_page", 1, MAX_PER_PAGE, DEFAULT_PER_PAGE)?;
        }
        if let Some(v) = get("q") {
            let digits: String = v.chars().filter(|c| !c.is_whitespace()).collect();
            if matches!(digits.len(), 9 | 14) && digits.bytes().all(|b| b.is_ascii_digit()) {
                p.number = Some(digits);
                return Ok(p);
            }
            p.q = Some(v.to_uppercase());
        }
        if let Some(v) = get("activite_principale") {
            let valid = naf_codes();
            let codes = list(v);
            if codes.iter().any(|c| !valid.contains(&c.as_str())) {
                return Err(format!(
                    "Au moins un paramètre `activite_principale` est non valide. Les valeurs valides : {}.",
                    python_list(valid)
                ));
            }
            p.nafs = codes;
        }
        if let Some(v) = get("code_commune") {
            p.communes = list(v);
            if !p.communes.iter().all(|c| matches_commune(c)) {
                return Err("Au moins une valeur du paramètre commune est non valide.".into());
            }
        }
        if let Some(v) = get("code_postal") {
            p.postcodes = list(v);
            if !p.postcodes.iter().all(|c| matches_postcode(c)) {
                return Err("Au moins une valeur du paramètre code_postal est non valide.".into());
            }
        }
        if let Some(v) = get("departement") {
            let valid = departement_codes();
            p.departements = list(v);
            if p.departements.iter().any(|d| !valid.contains(&d.as_str())) {
                return Err(format!(
                    "Au moins un paramètre `departement` est non valide. Les valeurs valides : {}.",
                    python_list(valid)
                ));
            }
        }
        if let Some(v) = get("etat_administratif") {
            let etat = v.to_uppercase();
            if etat != "A" && etat != "C" {
                return Err(
                    "Le paramètre `etat_administratif` doit prendre une des valeurs suivantes ['A', 'C'].".into()
                );
            }
            p.etat = Some(etat);
        }
        if (p.page as usize) * (p.per_page as usize) > MAX_TOTAL {
            return Err("Le nombre total de résultats est restreint à 10 000. Pour garantir cela, le produit du \
                        numéro de page (par défaut, page = 1) et du nombre de résultats par page (par défaut, \
                        per_page = 10), c'est-à-dire `page * per_page`, ne doit pas excéder 10 000."
                .into());
        }
        let has_place = !(p.communes.is_empty() && p.departements.is_empty() && p.postcodes.is_empty());
        let has_activity = !p.nafs.is_empty() || p.q.is_some();
        if !has_place && !has_activity && p.etat.is_none() {
            return Err("Veuillez indiquer au moins un paramètre de recherche.".into());
        }
        if !has_place {
            return Err("Bac à sable : indiquez un lieu (`code_commune`, `departement` ou `code_postal`), \
                        l'API simulée ne parcourt pas toute la France."
                .into());
        }
        if !has_activity {
            return Err("Bac à sable : indiquez une activité (`activite_principale` ou `q`), \
                        l'API simulée ne parcourt pas toutes les activités."
                .into());
        }
        Ok(p)
    }
}

// ---------------------------------------------------------------------------------------------
// Search

/// Départements a postcode can belong to ("20xxx" is either Corsica, "97x" overseas).
fn departements_of_postcode(postcode: &str) -> Vec<String> {
    match postcode.get(..2) {
        Some("20") => vec!["2A".into(), "2B".into()],
        Some("97") => postcode.get(..3).map(|d| vec![d.to_string()]).unwrap_or_default(),
        Some(d) => vec![d.to_string()],
        None => Vec::new(),
    }
}

fn matching_companies(p: &Params) -> Vec<SandboxCompany> {
    let nafs: Vec<String> = if p.nafs.is_empty() {
        // Free text: read as a sector, the way a prospect search means it.
        sector_for(p.q.as_deref().unwrap_or("")).into_iter().map(|s| s.naf_code).collect()
    } else {
        p.nafs.iter().filter_map(|n| canonical_naf(n)).collect()
    };
    let name_filter: Vec<String> = if p.nafs.is_empty() {
        Vec::new()
    } else {
        normalize(p.q.as_deref().unwrap_or("")).split(' ').filter(|w| !w.is_empty()).map(str::to_string).collect()
    };
    let mut seen: HashSet<String> = HashSet::new();
    let mut out = Vec::new();
    for naf in &nafs {
        let candidates: Vec<SandboxCompany> = if !p.communes.is_empty() {
            let mut parents: Vec<&str> = Vec::new();
            for code in &p.communes {
                let parent = parent_commune(code);
                if !parents.contains(&parent) {
                    parents.push(parent);
                }
            }
            parents.into_iter().flat_map(|parent| companies_for(naf, parent)).collect()
        } else {
            let mut departements: Vec<String> = if p.departements.is_empty() {
                p.postcodes.iter().flat_map(|pc| departements_of_postcode(pc)).collect()
            } else {
                p.departements.clone()
            };
            departements.dedup();
            departements.iter().flat_map(|d| companies_of_departement(naf, d)).collect()
        };
        for c in candidates {
            let keep = c.open_data_listed
                && (p.communes.is_empty() || p.communes.contains(&c.geo_code))
                && (p.departements.is_empty() || p.departements.contains(&c.departement))
                && (p.postcodes.is_empty() || p.postcodes.contains(&c.postal_code))
                && match p.etat.as_deref() {
                    Some("A") => !c.closed,
                    Some("C") => c.closed,
                    _ => true,
                }
                && (name_filter.is_empty() || {
                    let haystack = normalize(&format!(
                        "{} {} {} {} {} {}",
                        c.legal_name, c.trade_name, c.street, c.commune_name, c.manager.first_name, c.manager.last_name
                    ));
                    name_filter.iter().all(|w| haystack.split(' ').any(|h| h.starts_with(w.as_str())))
                });
            if keep && seen.insert(c.siret.clone()) {
                out.push(c);
            }
        }
    }
    out
}

/// The simulated register knows every valid SIREN, as the real one knows every company: the
/// number picks, deterministically, a sector and a département, whose first generated company
/// lends its name, address and activity to the number (its SIRET keeps the company's
/// establishment number, Luhn-completed). An invalid number is unknown.
fn registered(number: &str) -> Option<SandboxCompany> {
    let siren = &number[..9];
    if !luhn_valid(siren) || (number.len() == 14 && !luhn_valid(number)) {
        return None;
    }
    let seed: u64 = siren.parse().ok()?;
    let (nafs, departements) = (naf_codes(), departement_codes());
    (0..8u64).find_map(|step| {
        let naf = nafs[((seed + step * 7) % nafs.len() as u64) as usize];
        let departement = departements[((seed / 97 + step) % departements.len() as u64) as usize];
        let mut company =
            companies_of_departement(naf, departement).into_iter().find(|c| c.open_data_listed && !c.closed)?;
        company.siren = siren.to_string();
        company.siret = if number.len() == 14 {
            number.to_string()
        } else {
            luhn_complete(&format!("{siren}{}", &company.siret[9..13]))
        };
        Some(company)
    })
}

fn results(p: &Params) -> (Value, Vec<(String, String)>) {
    let companies = match &p.number {
        Some(number) => registered(number).into_iter().collect(),
        None => matching_companies(p),
    };
    let total = companies.len().min(MAX_TOTAL);
    let per_page = p.per_page as usize;
    let start = (p.page as usize - 1) * per_page;
    let shown: Vec<&SandboxCompany> = companies.iter().take(total).skip(start).take(per_page).collect();
    let mut areas: Vec<(String, String)> = Vec::new();
    for c in &shown {
        let area = (c.naf.clone(), c.insee.clone());
        if !areas.contains(&area) {
            areas.push(area);
        }
    }
    let results: Vec<Value> = shown.into_iter().map(unit_json).collect();
    let body = json!({
        "results": results,
        "total_results": total,
        "page": p.page,
        "per_page": p.per_page,
        "total_pages": total.div_ceil(per_page),
    });
    (body, areas)
}

// ---------------------------------------------------------------------------------------------
// Wire format

/// NAF division → section letter (INSEE NAF rév. 2).
fn section(naf: &str) -> Option<&'static str> {
    let division: u32 = naf.get(..2)?.parse().ok()?;
    Some(match division {
        1..=3 => "A",
        5..=9 => "B",
        10..=33 => "C",
        35 => "D",
        36..=39 => "E",
        41..=43 => "F",
        45..=47 => "G",
        49..=53 => "H",
        55..=56 => "I",
        58..=63 => "J",
        64..=66 => "K",
        68 => "L",
        69..=75 => "M",
        77..=82 => "N",
        84 => "O",
        85 => "P",
        86..=88 => "Q",
        90..=93 => "R",
        94..=96 => "S",
        97..=98 => "T",
        99 => "U",
        _ => return None,
    })
}

fn employer(band: &str) -> &'static str {
    if matches!(band, "NN" | "00") { "N" } else { "O" }
}

/// The one-line address the API builds: complement + number + indice + way + distribution
/// spéciale + (postcode + commune | cedex + libellé cedex), in capitals.
fn one_line_address(c: &SandboxCompany) -> String {
    let a = &c.address;
    let mut parts: Vec<String> = Vec::new();
    parts.extend(a.complement.as_deref().map(register_case));
    parts.extend(a.number.map(|n| n.to_string()));
    parts.extend(a.repetition.map(String::from));
    parts.push(register_case(a.way_type));
    parts.push(register_case(&a.way_name));
    parts.extend(a.special.clone());
    if is_cedex(c) {
        parts.push(c.postal_code.clone());
        parts.push(register_case(&c.city));
    } else {
        parts.push(c.postal_code.clone());
        parts.push(register_commune_label(&c.geo_code, &c.commune_name));
    }
    parts.join(" ")
}

fn is_cedex(c: &SandboxCompany) -> bool {
    c.city.to_uppercase().contains("CEDEX")
}

/// The trade name as the register holds it, when it is not just the legal name.
fn nom_commercial(c: &SandboxCompany) -> Option<String> {
    let trade = register_case(&c.trade_name);
    (trade != c.legal_name).then_some(trade)
}

fn establishment_json(c: &SandboxCompany, siege: bool) -> Value {
    let band = c.headcount_band.as_str();
    let mut e = json!({
        "activite_principale": c.naf,
        "activite_principale_naf25": null,
        "annee_tranche_effectif_salarie": (band != "NN").then_some("2023"),
        "adresse": one_line_address(c),
        "caractere_employeur": employer(band),
        "code_postal": c.postal_code,
        "commune": c.geo_code,
        "date_creation": c.created_on,
        "date_debut_activite": c.closed_on.as_deref().unwrap_or(&c.created_on),
        "date_fermeture": c.closed_on,
        "epci": null,
        "est_siege": true,
        "etat_administratif": if c.closed { "F" } else { "A" },
        "geo_id": null,
        "latitude": format!("{:.6}", c.latitude),
        "libelle_commune": register_commune_label(&c.geo_code, &c.commune_name),
        "liste_enseignes": [register_case(&c.trade_name)],
        "liste_finess": null,
        "liste_id_bio": null,
        "liste_idcc": null,
        "liste_id_organisme_formation": null,
        "liste_rge": c.rge.then(|| vec![format!("E{}", c.siret.get(5..13).unwrap_or("00000000"))]),
        "liste_uai": null,
        "longitude": format!("{:.6}", c.longitude),
        "nom_commercial": nom_commercial(c),
        "region": c.region,
        "siret": c.siret,
        "statut_diffusion_etablissement": "O",
        "tranche_effectif_salarie": band,
    });
    if siege && let Some(map) = e.as_object_mut() {
        let a = &c.address;
        let cedex = is_cedex(c);
        let extra = json!({
            "activite_principale_registre_metier": null,
            "cedex": cedex.then(|| c.postal_code.clone()),
            "code_pays_etranger": null,
            "complement_adresse": a.complement.as_deref().map(register_case),
            "coordonnees": format!("{:.6},{:.6}", c.latitude, c.longitude),
            "date_mise_a_jour": null,
            "date_mise_a_jour_insee": UPDATED,
            "departement": c.departement,
            "distribution_speciale": a.special,
            "geo_adresse": null,
            "indice_repetition": a.repetition.map(String::from),
            "libelle_cedex": cedex.then(|| register_case(&c.city)),
            "libelle_commune_etranger": null,
            "libelle_pays_etranger": null,
            "libelle_voie": register_case(&a.way_name),
            "numero_voie": a.number.map(|n| n.to_string()),
            "dernier_numero_voie": null,
            "type_voie": register_case(a.way_type),
        });
        if let Value::Object(extra) = extra {
            map.extend(extra);
        }
    }
    e
}

fn unit_json(c: &SandboxCompany) -> Value {
    let ei = c.legal_form == LegalForm::Ei;
    let nom_complet = match nom_commercial(c) {
        Some(trade) => format!("{} ({trade})", c.legal_name),
        None => c.legal_name.clone(),
    };
    let band = c.headcount_band.as_str();
    let dirigeants = if ei {
        json!([])
    } else {
        let qualite = match c.legal_form.abbreviation() {
            "SAS" | "SASU" => "Président",
            _ => "Gérant",
        };
        json!([{
            "nom": register_case(&c.manager.last_name),
            "prenoms": register_case(&c.manager.first_name),
            "annee_de_naissance": c.manager.born.get(..4),
            "date_de_naissance": c.manager.born,
            "qualite": qualite,
            "nationalite": "Française",
            "type_dirigeant": "personne physique",
        }])
    };
    json!({
        "siren": c.siren,
        "nom_complet": nom_complet,
        "nom_raison_sociale": (!ei).then(|| c.legal_name.clone()),
        "sigle": null,
        "nombre_etablissements": 1,
        "nombre_etablissements_ouverts": if c.closed { 0 } else { 1 },
        "siege": establishment_json(c, true),
        "activite_principale": c.naf,
        "activite_principale_naf25": null,
        "categorie_entreprise": "PME",
        "caractere_employeur": employer(band),
        "annee_categorie_entreprise": "2023",
        "date_creation": c.created_on,
        "date_fermeture": c.closed_on,
        "date_mise_a_jour": null,
        "date_mise_a_jour_insee": UPDATED,
        "date_mise_a_jour_rne": (!ei).then_some(UPDATED),
        "dirigeants": dirigeants,
        "etat_administratif": if c.closed { "C" } else { "A" },
        "nature_juridique": c.legal_form.nature_juridique(),
        "section_activite_principale": section(&c.naf),
        "tranche_effectif_salarie": band,
        "annee_tranche_effectif_salarie": (band != "NN").then_some("2023"),
        "statut_diffusion": "O",
        "matching_etablissements": [establishment_json(c, false)],
        "finances": null,
        "complements": {
            "collectivite_territoriale": null,
            "convention_collective_renseignee": false,
            "liste_idcc": null,
            "liste_finess_juridique": null,
            "egapro_renseignee": false,
            "est_achats_responsables": false,
            "est_alim_confiance": false,
            "est_association": false,
            "est_avocat": false,
            "est_bio": false,
            "est_entrepreneur_individuel": ei,
            "est_entrepreneur_spectacle": false,
            "est_ess": false,
            "est_finess": false,
            "est_organisme_formation": false,
            "est_qualiopi": false,
            "liste_id_organisme_formation": null,
            "est_rge": c.rge,
            "est_siae": false,
            "est_societe_mission": false,
            "est_uai": false,
            "est_patrimoine_vivant": false,
            "bilan_ges_renseigne": false,
            "identifiant_association": null,
            "statut_entrepreneur_spectacle": null,
            "type_siae": null,
            "a_aide_minimis": false,
            "a_aide_ademe": false,
            "est_administration": false,
        },
        "tva": null,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::companies::luhn_valid;

    fn get(query: &str) -> (StatusCode, Value) {
        search_response(query)
    }

    fn sirens(v: &Value) -> Vec<String> {
        v["results"].as_array().into_iter().flatten().filter_map(|r| r["siren"].as_str().map(str::to_string)).collect()
    }

    #[test]
    fn sandbox_api_payload_has_the_real_shape() {
        let (status, v) = get("activite_principale=43.22A&code_commune=69383&etat_administratif=A&per_page=25&page=1");
        assert_eq!(status, StatusCode::OK);
        for key in ["results", "total_results", "page", "per_page", "total_pages"] {
            assert!(v.get(key).is_some(), "{key}");
        }
        assert_eq!((v["page"].as_u64(), v["per_page"].as_u64()), (Some(1), Some(25)));
        let results = v["results"].as_array().expect("results");
        assert!(!results.is_empty());
        for r in results {
            for key in [
                "siren",
                "nom_complet",
                "nom_raison_sociale",
                "siege",
                "matching_etablissements",
                "activite_principale",
                "date_creation",
                "etat_administratif",
                "tranche_effectif_salarie",
                "nature_juridique",
                "dirigeants",
                "complements",
            ] {
                assert!(r.get(key).is_some(), "{key}");
            }
            assert!(r["siren"].as_str().is_some_and(luhn_valid));
            assert_eq!(r["etat_administratif"], "A");
            assert_eq!(r["activite_principale"], "43.22A");
            let e = &r["matching_etablissements"][0];
            for key in [
                "siret",
                "adresse",
                "code_postal",
                "commune",
                "libelle_commune",
                "etat_administratif",
                "activite_principale",
                "liste_enseignes",
                "est_siege",
                "date_creation",
                "tranche_effectif_salarie",
                "latitude",
                "longitude",
                "nom_commercial",
            ] {
                assert!(e.get(key).is_some(), "{key}");
            }
            let siret = e["siret"].as_str().expect("siret");
            assert!(luhn_valid(siret) && siret.starts_with(r["siren"].as_str().unwrap_or("-")));
            assert_eq!(e["commune"], "69383");
            assert_eq!(e["libelle_commune"], "LYON 3EME");
            assert!(e["latitude"].is_string() && e["longitude"].is_string() && e["code_postal"].is_string());
            assert!(e["est_siege"].is_boolean());
            let enseigne = e["liste_enseignes"][0].as_str().expect("enseigne");
            assert_eq!(enseigne, enseigne.to_uppercase());
            let address = e["adresse"].as_str().expect("adresse");
            assert!(address.contains(e["code_postal"].as_str().unwrap_or("-")), "{address}");
            let nom_complet = r["nom_complet"].as_str().expect("nom_complet");
            match e["nom_commercial"].as_str() {
                Some(trade) => assert!(nom_complet.ends_with(&format!(" ({trade})")), "{nom_complet}"),
                None => assert_eq!(nom_complet, r["nom_raison_sociale"].as_str().unwrap_or(nom_complet)),
            }
            assert_eq!(r["siege"]["siret"], e["siret"]);
        }
    }

    #[test]
    fn sandbox_api_pages_are_consistent_and_complete() {
        let query = |page: u32| {
            format!("activite_principale=43.22A&departement=69&etat_administratif=A&per_page=25&page={page}")
        };
        let (_, first) = get(&query(1));
        let total = first["total_results"].as_u64().expect("total") as usize;
        let pages = first["total_pages"].as_u64().expect("pages") as u32;
        assert_eq!(pages as usize, total.div_ceil(25));
        let mut all = Vec::new();
        for page in 1..=pages {
            let (status, v) = get(&query(page));
            assert_eq!(status, StatusCode::OK);
            assert_eq!(v["total_results"].as_u64(), Some(total as u64), "page {page}");
            all.extend(sirens(&v));
        }
        assert_eq!(all.len(), total);
        let expected: Vec<String> = companies_of_departement("43.22A", "69")
            .into_iter()
            .filter(|c| c.open_data_listed && !c.closed)
            .map(|c| c.siren)
            .collect();
        assert_eq!(all, expected);
        // Past the last page: an empty list, same totals.
        let (status, past) = get(&query(pages + 1));
        assert_eq!((status, past["results"].as_array().map(Vec::len)), (StatusCode::OK, Some(0)));
        assert_eq!(past["total_results"].as_u64(), Some(total as u64));
    }

    #[test]
    fn sandbox_api_closed_companies_follow_etat_administratif() {
        let lyon = "activite_principale=43.22A&code_commune=69381,69382,69383,69384,69385,69386,69387,69388,69389";
        let everything = get(lyon).1;
        let active = get(&format!("{lyon}&etat_administratif=A")).1;
        let ceased = get(&format!("{lyon}&etat_administratif=C")).1;
        let count = |v: &Value| v["total_results"].as_u64().unwrap_or(0);
        assert!(count(&ceased) > 0);
        assert_eq!(count(&everything), count(&active) + count(&ceased));
        let (_, v) = get(&format!("{lyon}&etat_administratif=C&per_page=25"));
        for r in v["results"].as_array().into_iter().flatten() {
            assert_eq!(r["etat_administratif"], "C");
            assert_eq!(r["matching_etablissements"][0]["etat_administratif"], "F");
            assert!(r["date_fermeture"].is_string());
        }
        // The register files Lyon under its arrondissements: the commune code alone finds nothing.
        assert_eq!(count(&get("activite_principale=43.22A&code_commune=69123").1), 0);
    }

    #[test]
    fn sandbox_api_agrees_with_pagesjaunes_on_shared_companies() {
        use crate::prospecting::pagesjaunes::{PageKind, parse_page};
        use crate::sandbox::pagesjaunes::{detail_page, results_page};

        let (_, html) = results_page("/p", "plombier", "villeurbanne-69", Some("L06926600"), 1);
        let parsed = parse_page(&html, "http://127.0.0.1");
        assert_eq!(parsed.page, PageKind::Results);
        let (_, api) = get("activite_principale=43.22A&code_commune=69266&per_page=25&page=1");
        let (_, api2) = get("activite_principale=43.22A&code_commune=69266&per_page=25&page=2");
        let units: Vec<&Value> =
            api["results"].as_array().into_iter().chain(api2["results"].as_array()).flatten().collect();
        let companies = companies_for("43.22A", "69266");
        let mut matched = 0;
        // Neighbours' listings (Lyon, Bron…) are on the page too: only Villeurbanne's are asked here.
        for listing in parsed.listings.iter().filter(|l| l.city.as_deref() == Some("Villeurbanne")) {
            let c = companies.iter().find(|c| Some(&c.pj_id) == listing.pj_id.as_ref()).expect("generated");
            let fiche = parse_page(&detail_page("/p", c).1, "http://127.0.0.1");
            let siret = fiche.listings[0].siret.clone().flatten().expect("siret on the fiche");
            if let Some(unit) = units.iter().find(|u| u["matching_etablissements"][0]["siret"] == siret.as_str()) {
                matched += 1;
                let e = &unit["matching_etablissements"][0];
                assert_eq!(e["code_postal"].as_str(), listing.postal_code.as_deref());
                assert_eq!(unit["siren"].as_str(), Some(&siret[..9]));
                let street = register_case(listing.street.as_deref().unwrap_or(""));
                let address = e["adresse"].as_str().unwrap_or("");
                let comparable = street.replace(" BIS ", " B ").replace(" TER ", " T ").replace(", ", " ");
                assert!(address.starts_with(&comparable), "{address} / {comparable}");
            }
        }
        assert!(matched >= 12, "{matched} of {} listings found in the API", parsed.listings.len());
    }

    #[test]
    fn sandbox_api_rejects_bad_parameters_like_the_real_one() {
        let cases = [
            ("activite_principale=43.22A&code_commune=69123&page=abc", "Veuillez indiquer un paramètre `page` entier."),
            (
                "activite_principale=43.22A&code_commune=69123&per_page=50",
                "Veuillez indiquer un paramètre `per_page` entre `1` et `25`, par défaut `10`.",
            ),
            (
                "activite_principale=43.22A&code_commune=69123&page=0",
                "Veuillez indiquer un paramètre `page` entre `1` et `1000`, par défaut `1`.",
            ),
            (
                "activite_principale=43.22A&code_commune=6912",
                "Au moins une valeur du paramètre commune est non valide.",
            ),
            (
                "activite_principale=43.22A&code_postal=99000",
                "Au moins une valeur du paramètre code_postal est non valide.",
            ),
            (
                "activite_principale=43.22A&code_commune=69123&etat_administratif=X",
                "Le paramètre `etat_administratif` doit prendre une des valeurs suivantes ['A', 'C'].",
            ),
            ("", "Veuillez indiquer au moins un paramètre de recherche."),
        ];
        for (query, message) in cases {
            let (status, v) = get(query);
            assert_eq!(status, StatusCode::BAD_REQUEST, "{query}");
            assert_eq!(v["erreur"].as_str(), Some(message), "{query}");
        }
        for query in [
            "activite_principale=99.99Q&code_commune=69123",
            "activite_principale=43.22A&departement=100",
            "activite_principale=43.22A&code_commune=69123&page=500&per_page=25",
            "activite_principale=43.22A",
            "departement=69",
            "activite_principale=%FF&departement=%00",
        ] {
            let (status, v) = get(query);
            assert_eq!(status, StatusCode::BAD_REQUEST, "{query}");
            assert!(v["erreur"].is_string(), "{query}");
        }
    }

    #[test]
    fn sandbox_api_free_text_postcodes_and_lists() {
        // `q` alone is read as a sector (the open-data client's fallback).
        let by_q = get("q=plombier&code_commune=69383&per_page=25").1;
        let by_naf = get("activite_principale=43.22A&code_commune=69383&per_page=25").1;
        assert_eq!(sirens(&by_q), sirens(&by_naf));
        // Several NAF codes, a postcode filter, lower-case input the API upper-cases.
        let count = |query: &str| get(query).1["total_results"].as_u64().unwrap_or(0);
        let both = count("activite_principale=43.22a,43.22B&code_postal=69003");
        let plumbers = count("activite_principale=43.22A&code_postal=69003");
        let heating = count("activite_principale=43.22B&code_postal=69003");
        assert!(plumbers > 0 && heating > 0);
        assert_eq!(both, plumbers + heating);
        let last = both.div_ceil(25);
        let page = get(&format!("activite_principale=43.22A,43.22B&code_postal=69003&per_page=25&page={last}")).1;
        let results: Vec<&Value> = page["results"].as_array().into_iter().flatten().collect();
        assert!(results.iter().all(|r| r["matching_etablissements"][0]["code_postal"] == "69003"));
        assert!(results.iter().any(|r| r["activite_principale"] == "43.22B"));
        // Defaults: page 1, 10 per page.
        let default = get("activite_principale=43.22A&code_commune=69383").1;
        assert_eq!((default["page"].as_u64(), default["per_page"].as_u64()), (Some(1), Some(10)));
        assert_eq!(sirens(&default), sirens(&by_naf)[..10].to_vec());
    }

    #[tokio::test]
    async fn sandbox_api_router_answers_json() {
        use axum::body::{Body, to_bytes};
        use axum::http::Request;
        use tower::ServiceExt as _;

        let app = router("/sandbox/recherche-entreprises");
        let uri = "/sandbox/recherche-entreprises/search?activite_principale=43.22A&departement=01\
                   &etat_administratif=A&per_page=25&page=1";
        let response =
            app.clone().oneshot(Request::get(uri).body(Body::empty()).expect("request")).await.expect("response");
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            response.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()),
            Some("application/json")
        );
        let body = to_bytes(response.into_body(), 10_000_000).await.expect("body");
        let v: Value = serde_json::from_slice(&body).expect("json");
        assert!(v["total_results"].as_u64().is_some_and(|n| n > 50));
        let bad = "/sandbox/recherche-entreprises/search?per_page=x";
        let response = app.oneshot(Request::get(bad).body(Body::empty()).expect("request")).await.expect("response");
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    }
}
