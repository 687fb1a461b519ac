//! The simulated PagesJaunes: results pages, "no results" pages and detail pages ("fiches") in
//! the markup of the real site (2025-2026, see `/work/shared/fixtures/pagesjaunes/README.md`),
//! messiness included: encoded `data-pjlb` links, numbers hidden in `bi-fantomas`, fax lines,
//! the marketing-opposition pictogram, third-party "Prendre RDV" buttons, CEDEX addresses, a
//! last page that repeats a listing of the previous one. The real client and parser read it
//! unchanged.

use super::companies::{
    Dice, SandboxCompany, Style, Vocab, companies_for, companies_of_departement, departement_communes,
    is_arrondissement, phone_display, sector_for,
};
use super::sites::SiteDirectory;
use super::web::{encode, esc, parse_query, pjlb, query_value, script_json};
use crate::prospecting::taxonomy::{Taxonomy, normalize};
use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use prospecta_shared::format::capitalize;
use prospecta_shared::prospecting::PlaceKind;
use serde_json::json;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::{Arc, Mutex};

/// Listings per results page, as on the real site.
pub const PAGE_SIZE: usize = 20;
/// The real site never paginates past page 500 ("15 422 résultats", "Page 1 / 500").
pub const MAX_PAGES: usize = 500;

/// The site, mounted under `prefix` (e.g. `/sandbox/pagesjaunes`): every link it prints starts
/// with `prefix`, so a client joining them to the origin comes back here.
pub fn router(prefix: &'static str) -> Router {
    router_with(prefix, None)
}

/// The site, telling `directory` which (NAF, commune) areas its pages showed, so that the
/// simulated company websites of the listed companies become reachable.
pub fn router_registering(prefix: &'static str, directory: SiteDirectory) -> Router {
    router_with(prefix, Some(directory))
}

fn router_with(prefix: &'static str, directory: Option<SiteDirectory>) -> Router {
    let site = Arc::new(Site { prefix, listed: Mutex::new(HashMap::new()), directory });
    Router::new()
        .route(&format!("{prefix}/annuaire/chercherlespros"), get(search))
        .route(&format!("{prefix}/pros/detail"), get(detail_by_query))
        .route(&format!("{prefix}/pros/{{id}}"), get(detail_by_id))
        .with_state(site)
}

/// One results page (or the no-results page) for a search, as the handler serves it.
/// `page` is 1-based; 0 is an invalid page.
pub fn results_page(prefix: &str, quoiqui: &str, ou: &str, id_ou: Option<&str>, page: u32) -> (StatusCode, String) {
    let outcome = search_outcome(prefix, quoiqui, ou, id_ou, page);
    (outcome.status, outcome.html)
}

/// The detail page of a listed company (404 page for a closed or unlisted one).
pub fn detail_page(prefix: &str, company: &SandboxCompany) -> (StatusCode, String) {
    if !company.pj_listed || company.closed {
        return (StatusCode::NOT_FOUND, not_found_html(prefix));
    }
    (StatusCode::OK, detail_html(prefix, company))
}

// ---------------------------------------------------------------------------------------------
// HTTP

struct Site {
    prefix: &'static str,
    /// pj_id → (NAF, commune) of every listing served: a fiche URL carries nothing else, so the
    /// site remembers what it has shown, like the real site's database.
    listed: Mutex<HashMap<String, (String, String)>>,
    directory: Option<SiteDirectory>,
}

impl Site {
    fn remember(&self, listings: &[(String, String, String)]) {
        let mut listed = self.listed.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        for (pj_id, naf, insee) in listings {
            listed.insert(pj_id.clone(), (naf.clone(), insee.clone()));
        }
    }

    fn lookup(&self, pj_id: &str) -> Option<(String, String)> {
        self.listed.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).get(pj_id).cloned()
    }
}

fn html(status: StatusCode, body: String) -> Response {
    (status, [(header::CONTENT_TYPE, "text/html; charset=UTF-8")], body).into_response()
}

async fn search(State(site): State<Arc<Site>>, RawQuery(raw): RawQuery) -> Response {
    let pairs = parse_query(raw.as_deref().unwrap_or(""));
    let quoiqui = query_value(&pairs, "quoiqui").unwrap_or("");
    let ou = query_value(&pairs, "ou").unwrap_or("");
    let id_ou = query_value(&pairs, "idOu");
    // A page that is not a number is a broken link: the no-results page, never an error.
    let page = query_value(&pairs, "page").map_or(1, |p| p.trim().parse().unwrap_or(0));
    let outcome = search_outcome(site.prefix, quoiqui, ou, id_ou, page);
    site.remember(&outcome.listed);
    if let Some(directory) = &site.directory {
        let mut areas: Vec<(&str, &str)> = Vec::new();
        for (_, naf, insee) in &outcome.listed {
            if !areas.contains(&(naf.as_str(), insee.as_str())) {
                areas.push((naf, insee));
            }
        }
        for (naf, insee) in areas {
            directory.register_area(naf, insee).await;
        }
    }
    html(outcome.status, outcome.html)
}

async fn detail_by_id(State(site): State<Arc<Site>>, Path(id): Path<String>) -> Response {
    let company = site.lookup(&id).and_then(|(naf, insee)| find(&naf, &insee, &id));
    match company {
        Some(c) => {
            let (status, body) = detail_page(site.prefix, &c);
            html(status, body)
        }
        None => html(StatusCode::NOT_FOUND, not_found_html(site.prefix)),
    }
}

/// `/pros/detail?code_etablissement=<id>&code_localite=L0<insee>00&code_rubrique=<rubrique>`:
/// the long form of a fiche URL, which names the place and the rubric itself.
async fn detail_by_query(State(site): State<Arc<Site>>, RawQuery(raw): RawQuery) -> Response {
    let pairs = parse_query(raw.as_deref().unwrap_or(""));
    let id = query_value(&pairs, "code_etablissement").unwrap_or("").to_string();
    let from_url = query_value(&pairs, "code_rubrique")
        .and_then(naf_of_rubrique)
        .zip(query_value(&pairs, "code_localite").and_then(insee_of_localite));
    let company = from_url.or_else(|| site.lookup(&id)).and_then(|(naf, insee)| find(&naf, &insee, &id));
    match company {
        Some(c) => {
            let (status, body) = detail_page(site.prefix, &c);
            html(status, body)
        }
        None => html(StatusCode::NOT_FOUND, not_found_html(site.prefix)),
    }
}

fn find(naf: &str, insee: &str, pj_id: &str) -> Option<SandboxCompany> {
    companies_for(naf, insee).into_iter().find(|c| c.pj_id == pj_id)
}

// ---------------------------------------------------------------------------------------------
// Search

struct Outcome {
    status: StatusCode,
    html: String,
    /// (pj_id, NAF, commune) of the listings shown.
    listed: Vec<(String, String, String)>,
}

#[derive(Debug, Clone)]
enum Place {
    /// `code` may be an arrondissement (idOu=L06938300).
    Commune {
        code: String,
        name: String,
        departement: String,
    },
    Departement {
        code: String,
        name: String,
    },
}

impl Place {
    /// "Lyon (69)", "Rhône (69)".
    fn label(&self) -> String {
        match self {
            Place::Commune { name, departement, .. } => format!("{name} ({departement})"),
            Place::Departement { code, name } => format!("{name} ({code})"),
        }
    }
}

fn slug(text: &str) -> String {
    normalize(text).split(' ').filter(|w| !w.is_empty()).collect::<Vec<_>>().join("-")
}

/// `ou=lyon-69` (commune slug + département), `ou=rhone-69` (département), or free text;
/// `idOu=L06912300` (`L0` + INSEE + `00`) names the commune outright.
fn resolve_place(ou: &str, id_ou: Option<&str>) -> Option<Place> {
    let taxonomy = Taxonomy::get();
    let commune_place = |code: &str| {
        let c = taxonomy.commune_record(code)?;
        Some(Place::Commune { code: c.insee.clone(), name: c.name.clone(), departement: c.departement.clone() })
    };
    if let Some(id) = id_ou.map(str::trim).filter(|id| !id.is_empty()) {
        return insee_of_localite(id).and_then(|code| commune_place(&code));
    }
    let wanted = slug(ou);
    if wanted.is_empty() {
        return None;
    }
    let split = wanted.rsplit_once('-').map(|(head, tail)| (head.to_string(), tail.to_uppercase()));
    let (name_slug, departement) = match split {
        Some((head, tail)) if taxonomy.departement_name(&tail).is_some() => (head, tail),
        _ if taxonomy.departement_name(&wanted.to_uppercase()).is_some() => (String::new(), wanted.to_uppercase()),
        _ => {
            // Free text, as typed in the site's own search box.
            let best = taxonomy.search_places(ou, 1).into_iter().next()?;
            return match best.kind {
                PlaceKind::Commune => commune_place(&best.code),
                PlaceKind::Departement => departement_place(&best.code),
                PlaceKind::Region => None,
            };
        }
    };
    if let Some(c) = departement_communes(&departement).into_iter().find(|c| slug(&c.name) == name_slug) {
        return commune_place(&c.insee);
    }
    let departement_slug = slug(taxonomy.departement_name(&departement).unwrap_or(""));
    if name_slug.is_empty() || name_slug == departement_slug {
        return departement_place(&departement);
    }
    None
}

fn departement_place(code: &str) -> Option<Place> {
    let name = Taxonomy::get().departement_name(code)?;
    Some(Place::Departement { code: code.to_string(), name: name.to_string() })
}

/// `L06912300`, `06912300` → `69123`; `L02A00400` → `2A004`.
fn insee_of_localite(code: &str) -> Option<String> {
    let code = code.trim();
    let code = code.strip_prefix('L').or_else(|| code.strip_prefix('l')).unwrap_or(code);
    let insee = code.strip_prefix('0')?.strip_suffix("00")?.to_uppercase();
    let valid = insee.len() == 5 && insee.bytes().all(|b| b.is_ascii_digit() || b == b'A' || b == b'B');
    valid.then_some(insee)
}

/// Our rubric codes carry the NAF subclass (43.22A → 43220100), so a long fiche URL is
/// enough to find the company again.
fn rubrique(naf: &str) -> String {
    let digits: String = naf.chars().filter(char::is_ascii_digit).collect();
    let letter = naf.chars().last().filter(char::is_ascii_uppercase).map_or(0, |c| u32::from(c) - u32::from('A') + 1);
    format!("{digits}{letter:02}00")
}

fn naf_of_rubrique(code: &str) -> Option<String> {
    let b = code.as_bytes();
    if b.len() != 8 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let letter: u8 = code[4..6].parse().ok().filter(|n| (1..=26).contains(n))?;
    Some(format!("{}.{}{}", &code[..2], &code[2..4], char::from(b'A' + letter - 1)))
}

/// Everything a results page needs to print its links and headings.
struct Ctx<'a> {
    prefix: &'a str,
    quoiqui: &'a str,
    ou: &'a str,
    /// The place code the real site adds to its own links once it knows the commune.
    id_ou: Option<String>,
    sector_label: String,
    place: Place,
    vocab: Vocab,
    contexte: String,
}

impl Ctx<'_> {
    fn search_path(&self, page: usize) -> String {
        let mut path = format!(
            "{}/annuaire/chercherlespros?quoiqui={}&ou={}&quoiQuiInterprete={}&contexte={}",
            self.prefix,
            encode(self.quoiqui),
            encode(self.ou),
            encode(&self.sector_label),
            encode(&self.contexte)
        );
        if let Some(id) = &self.id_ou {
            let _ = write!(path, "&idOu={}", encode(id));
        }
        let _ = write!(path, "&page={page}");
        path
    }

    fn heading(&self) -> String {
        let what = capitalize(&self.sector_label);
        match &self.place {
            Place::Commune { name, departement, .. } => format!("{what} à {name} ({departement})"),
            Place::Departement { .. } => format!("{what} – {}", self.place.label()),
        }
    }
}

/// How many neighbouring communes a commune search borrows from, how far, and how much.
const NEIGHBOURS: usize = 6;
const NEIGHBOUR_RADIUS_KM: f64 = 8.0;
/// A neighbour lends this share of its listings (at most `NEIGHBOUR_MAX`).
const NEIGHBOUR_SHARE: usize = 6;
const NEIGHBOUR_MAX: usize = 8;

/// What the site lists for a place, in page order. A commune search mixes in a few companies
/// of its bigger neighbours, one in five listings, as the real "plombier à Lyon" lists
/// Villeurbanne and Bron: clients must filter by place themselves. A département lists its
/// communes' companies one commune after the other.
fn listed_for(naf: &str, place: &Place) -> Vec<SandboxCompany> {
    let listed = |c: &SandboxCompany| c.pj_listed && !c.closed;
    let code = match place {
        Place::Departement { code, .. } => {
            return companies_of_departement(naf, code).into_iter().filter(listed).collect();
        }
        Place::Commune { code, .. } => code,
    };
    let own: Vec<SandboxCompany> = companies_for(naf, code).into_iter().filter(listed).collect();
    if is_arrondissement(code) {
        return own;
    }
    let mut borrowed: Vec<SandboxCompany> = Vec::new();
    let nearby = Taxonomy::get().communes_within(code, NEIGHBOUR_RADIUS_KM);
    let neighbours =
        nearby.into_iter().filter(|c| c.insee != *code && !is_arrondissement(&c.insee) && c.population >= 2_000);
    for neighbour in neighbours.take(NEIGHBOURS) {
        let theirs: Vec<SandboxCompany> = companies_for(naf, &neighbour.insee).into_iter().filter(listed).collect();
        let lent = (theirs.len() / NEIGHBOUR_SHARE).min(NEIGHBOUR_MAX);
        borrowed.extend(theirs.into_iter().take(lent));
    }
    let mut out = Vec::with_capacity(own.len() + borrowed.len());
    let mut borrowed = borrowed.into_iter();
    for (i, c) in own.into_iter().enumerate() {
        out.push(c);
        if i % 4 == 3
            && let Some(n) = borrowed.next()
        {
            out.push(n);
        }
    }
    out.extend(borrowed);
    out
}

fn search_outcome(prefix: &str, quoiqui: &str, ou: &str, id_ou: Option<&str>, page: u32) -> Outcome {
    let no_results =
        || Outcome { status: StatusCode::OK, html: no_results_html(prefix, quoiqui, ou), listed: Vec::new() };
    if page == 0 || quoiqui.trim().is_empty() {
        return no_results();
    }
    let Some(sector) = sector_for(quoiqui) else { return no_results() };
    let Some(place) = resolve_place(ou, id_ou) else { return no_results() };
    let naf = sector.naf_code.clone();
    let companies = listed_for(&naf, &place);
    let total = companies.len();
    let pages = total.div_ceil(PAGE_SIZE).min(MAX_PAGES);
    let page = page as usize;
    if total == 0 || page > pages {
        return no_results();
    }

    let start = (page - 1) * PAGE_SIZE;
    let mut shown: Vec<&SandboxCompany> = companies[start..(start + PAGE_SIZE).min(total)].iter().collect();
    if page == pages && page > 1 {
        // The real last page repeats a listing of the previous one (merging is the store's job).
        let previous = &companies[start - PAGE_SIZE..start];
        let mut dice = Dice::new(&["repeat", &naf, ou, &page.to_string()]);
        if let Some(repeated) = dice.pick_in(previous) {
            shown.insert(1.min(shown.len()), repeated);
        }
    }

    let id_ou = match &place {
        Place::Commune { code, .. } => Some(format!("L0{code}00")),
        Place::Departement { .. } => None,
    };
    let mut dice = Dice::new(&["contexte", quoiqui, ou]);
    let token: Vec<u8> = (0..52).map(|_| dice.below(256) as u8).collect();
    let ctx = Ctx {
        prefix,
        quoiqui,
        ou,
        id_ou,
        sector_label: sector.label.clone(),
        vocab: Vocab::for_naf(&naf),
        place,
        contexte: STANDARD.encode(token),
    };
    let html = results_html(&ctx, &shown, total, page, pages);
    let listed = shown.iter().map(|c| (c.pj_id.clone(), c.naf.clone(), c.insee.clone())).collect();
    Outcome { status: StatusCode::OK, html, listed }
}

// ---------------------------------------------------------------------------------------------
// Markup
//
// Templates are raw strings laid out like the real pages; whitespace inside tags and between
// them is free in HTML, so lines are broken wherever it keeps the source readable.

/// "15422" → "15 422", with the plain space the real site uses.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

fn head(title: &str, canonical: &str, extra: &str) -> String {
    format!(
        r##"<!doctype html>
<html class="no-js" lang="fr">
<head id="head">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta charset="UTF-8">
<link rel="canonical" href="{canonical}"/>
<title id="metaTitle">
    {title}
</title>
<link rel="stylesheet" href="/assets/css/main-basics-abe573ec92.css" media="all" >
{extra}</head>
"##,
        canonical = esc(canonical),
        title = esc(title),
    )
}

fn header_html(prefix: &str, quoiqui: &str, ou: &str) -> String {
    format!(
        r##"<header id="header" class="header-main"><a class="pj-logo pj-link" href="{p}/"
 title="PagesJaunes, retour à l’accueil"><span class="screenreader">PagesJaunes</span></a>
<form action="{p}/annuaire/chercherlespros" method="get" class="pj-form search-form" id="form_motor_pagesjaunes">
  <input type="text" id="quoiqui" name="quoiqui" value="{q}" placeholder="Quoi, qui ?" autocomplete="off">
  <input type="text" id="ou" name="ou" value="{o}" placeholder="Où ?" autocomplete="off">
  <button type="submit" class="btn btn_primary"><span class="icon icon-search"></span><span
   class="screenreader">Trouver</span></button>
</form></header>
"##,
        p = esc(prefix),
        q = esc(quoiqui),
        o = esc(ou)
    )
}

const FOOTER: &str = r##"<footer id="footer" class="footer"><p>© PagesJaunes 2026 –
 <a href="/infoslegales/cgu/">Conditions générales d’utilisation</a></p></footer>
    <noscript id="SEL-idstatspage">
        <img width="1" height="1" alt=""
         src="https://at.pagesjaunes.fr/wa.pj?s=483323&amp;s2=_xtn2&amp;p=REPONSE::LR&amp;" />
    </noscript>
</body>
</html>
"##;

fn no_results_html(prefix: &str, quoiqui: &str, ou: &str) -> String {
    let mut out = head(&format!("{quoiqui} à {ou} - PagesJaunes"), &format!("{prefix}/annuaire"), "");
    out.push_str("<body class=\"pj-lr\">\n");
    out.push_str(&header_html(prefix, quoiqui, ou));
    let _ = write!(
        out,
        r##"<main id="main-content">
<div class="zone-resultats no-response">
  <h1 class="wording-no-responses">Oups… nous n’avons pas trouvé de résultats pour votre recherche</h1>
  <p class="marg-btm-m">« {q} » à {o}</p>
  <div class="no-response-advice">
    <h2 class="h4">Nos conseils pour améliorer votre recherche :</h2>
    <ul>
      <li>Vérifiez l’orthographe des mots saisis</li>
      <li>Essayez un terme plus général</li>
      <li>Élargissez la zone géographique</li>
    </ul>
  </div>
</div>
</main>
"##,
        q = esc(quoiqui),
        o = esc(ou)
    );
    out.push_str(FOOTER);
    out
}

fn not_found_html(prefix: &str) -> String {
    let mut out = head("Page introuvable - PagesJaunes", &format!("{prefix}/"), "");
    out.push_str("<body class=\"pj-error\">\n");
    out.push_str(&header_html(prefix, "", ""));
    out.push_str(
        r##"<main id="main-content"><div class="zone-erreur"><h1>Oups… cette page n’existe pas ou plus</h1>
<p>Le professionnel que vous cherchez n’est plus référencé.</p></div></main>
"##,
    );
    out.push_str(FOOTER);
    out
}

/// Per-listing presentation choices, fixed by the establishment code so that a listing looks
/// the same wherever it appears.
struct Look {
    propay: bool,
    encoded_name: bool,
    rating: Option<(u64, u64)>,
    description: Option<String>,
    tags: Vec<&'static str>,
    rdv: bool,
    facebook: bool,
    message: bool,
    json_ld: bool,
}

fn look(c: &SandboxCompany, vocab: &Vocab) -> Look {
    let mut dice = Dice::new(&["pj-look", &c.pj_id]);
    let mut look = Look {
        propay: dice.chance(0.3),
        encoded_name: dice.chance(0.15),
        rating: dice.chance(0.4).then(|| (30 + dice.below(21), 1 + dice.below(240))),
        description: None,
        tags: Vec::new(),
        rdv: vocab.style != Style::Office && dice.chance(0.08),
        facebook: dice.chance(0.1),
        message: dice.chance(0.15),
        json_ld: dice.chance(0.75),
    };
    // The e-mail is only ever visible in the pro's own description.
    if c.email.is_some() || dice.chance(0.55) {
        let mut text = match dice.pick_in(vocab.blurbs) {
            Some(blurb) => format!("{blurb} à {} et alentours.", c.commune_name),
            None => format!("{} à {}.", capitalize(&vocab.rubric), c.commune_name),
        };
        if dice.chance(0.3) {
            let _ = write!(text, " Entreprise fondée en {}.", c.created_on.get(..4).unwrap_or("2000"));
        }
        if let Some(email) = &c.email {
            let _ = write!(text, " Devis gratuit : {email}");
        }
        look.description = Some(text);
    }
    if !vocab.tags.is_empty() && dice.chance(0.35) {
        let n = 1 + dice.below(3) as usize;
        for _ in 0..n {
            if let Some(tag) = dice.pick_in(vocab.tags)
                && !look.tags.contains(tag)
            {
                look.tags.push(tag);
            }
        }
    }
    look
}

/// The schema.org `PostalAddress` of a listing, as PagesJaunes embeds it.
fn ld_address(c: &SandboxCompany) -> serde_json::Value {
    json!({
        "@type": "PostalAddress",
        "addressLocality": c.city,
        "postalCode": c.postal_code,
        "streetAddress": ld_street(c),
    })
}

/// JSON-LD's abbreviated street: the way's type, building and CS dropped ("14 Paul Bert").
fn ld_street(c: &SandboxCompany) -> String {
    let a = &c.address;
    match (a.number, a.repetition) {
        (Some(n), Some(r)) => format!("{n} {r} {}", a.way_name),
        (Some(n), None) => format!("{n} {}", a.way_name),
        _ => a.way_name.clone(),
    }
}

fn results_html(ctx: &Ctx<'_>, shown: &[&SandboxCompany], total: usize, page: usize, pages: usize) -> String {
    let heading = ctx.heading();
    let canonical = format!("{}/annuaire/{}/{}", ctx.prefix, slug(ctx.ou), slug(&ctx.sector_label));
    let mut items = Vec::new();
    for (i, c) in shown.iter().enumerate() {
        if look(c, &ctx.vocab).json_ld {
            let url = format!("{}/pros/{}#{}", ctx.prefix, c.pj_id, ctx.contexte.get(..10).unwrap_or(""));
            items.push(json!({
                "@type": "ListItem",
                "position": i + 1,
                "item": {
                    "@type": "LocalBusiness",
                    "@id": url,
                    "url": url,
                    "address": ld_address(c),
                    "name": c.trade_name,
                }
            }));
        }
    }
    let ld = json!([
        {
            "@context": "https://schema.org",
            "@type": "BreadcrumbList",
            "itemListElement": [{"@type": "ListItem", "position": 1, "item": {"@id": canonical, "name": heading}}]
        },
        {"@context": "https://schema.org", "@type": "ItemList", "name": heading, "itemListElement": items}
    ]);
    let (code_lieu, code_postal) = match &ctx.place {
        Place::Commune { code, .. } => (format!("L0{code}00"), shown.first().map(|c| c.postal_code.clone())),
        Place::Departement { code, .. } => (format!("D0{code}"), None),
    };
    let technical = format!("{}:64", STANDARD.encode(ctx.search_path(page)));
    let searchctx = json!({
        "566261573": {
            "form": {"quoiqui": ctx.quoiqui, "ou": ctx.ou},
            "search": {
                "technicalUrl": technical,
                "breadcrumb": "Retour aux résultats",
                "stats": {"idTag": "VERS-LR-RESULTATS"}
            },
            "lieu": {"code_lieu": code_lieu, "code_postal": code_postal, "libelle_lieu_recherche": ctx.place.label()}
        }
    });
    let mut extra = String::new();
    for c in shown.iter().take(2) {
        let _ = writeln!(
            extra,
            r##"<link rel="prefetch" fetchpriority="low" href="{}/pros/{}">"##,
            esc(ctx.prefix),
            c.pj_id
        );
    }
    let _ = writeln!(extra, "<script>\n    var pj_searchctx = {};\n</script>", script_json(&searchctx));
    let _ = writeln!(extra, "<script type=\"application/ld+json\">\n{}\n</script>", script_json(&ld));

    let title = format!("{heading} : trouvez un professionnel près de chez vous");
    let mut out = head(&title, &canonical, &extra);
    out.push_str("<body class=\"pj-lr\">\n");
    out.push_str(&header_html(ctx.prefix, ctx.quoiqui, &ctx.place.label()));
    let _ = write!(
        out,
        r##"<main id="main-content">
<div class="zone-resultats"><div class="pjts_header-listing"><h1 class="h3 no-margin">
                            {heading}
                            </h1><p class="pjts_nbresultat no-margin denombrement"><span
 id="SEL-nbresultat">{total}</span> {word}</p></div>
<div class="pjts_zone-tri zoneTri "><form action="{p}/annuaire/chercherlespros" class="pj-form pjts_bloc-tri bloc-tris"
 method="get"><input type='hidden' name='quoiqui' value='{q}' /><input type='hidden' name='ou' value='{o}' /><input
 type='hidden' name='quoiQuiInterprete' value='{s}' /><input type='hidden' name='univers' value='pagesjaunes' /><input
 type='hidden' name='contexte' value='{c}' /><label for="tri">Trier par</label><select id="tri" name="tri"><option
 value="PERTINENCE-ASC" selected>Pertinence</option><option value="NOTE_GLOBALE-DESC">Note</option></select></form>
</div>
<section class="results" id="listResults">
    <h2 class="screenreader">Liste des professionnels</h2>
<div >
    <ul class="bi-list">
"##,
        heading = esc(&heading),
        total = thousands(total),
        word = if total > 1 { "résultats" } else { "résultat" },
        p = esc(ctx.prefix),
        q = esc(ctx.quoiqui),
        o = esc(ctx.ou),
        s = esc(&ctx.sector_label),
        c = esc(&ctx.contexte)
    );
    for (i, c) in shown.iter().enumerate() {
        listing_html(&mut out, ctx, c, i + 1);
    }
    out.push_str(
        r##"    </ul>
</div>
</section>
            <footer class="result-footer trigger-pub-off">
<div class="cqlr text-center row ggg">
    <h2 class="marg-btm-s h3">Des améliorations ou suggestions sur ces résultats ?</h2>
    <a  id="cqlrEtab" class="btn btn_primary pj-link" href="javascript:">Ajouter un professionnel</a>
</div>
"##,
    );
    out.push_str(&pagination_html(ctx, page, pages));
    out.push_str("</footer>\n</div>\n</main>\n");
    out.push_str(FOOTER);
    out
}

fn pagination_html(ctx: &Ctx<'_>, page: usize, pages: usize) -> String {
    let mut out = String::from("<div class=\"pagination\">\n");
    if page > 1 {
        let _ = write!(
            out,
            r##"                <a  class="btn btn_ghost_1 link_pagination previous pj-lb pj-link" id="pagination-prev"
 title="Page précédente" aria-label="Page {prev} sur {pages}" href="#" data-pjlb='{link}'>
            <span class="icon-lt-arrow-left"></span>
            <span class="value">Précédent</span>
        </a>
"##,
            prev = page - 1,
            link = pjlb(&ctx.search_path(page - 1))
        );
    } else {
        out.push_str(
            r##"                <span class="btn btn_ghost_1 disabled previous ">
            <span class="icon-lt-arrow-left"></span>
            <span class="value">Précédent</span>
        </span>
"##,
        );
    }
    let _ = writeln!(
        out,
        r##"    <span id="SEL-compteur" class="pagination-compteur"><strong>Page {page}</strong> / {pages}</span>"##
    );
    if page < pages {
        let _ = write!(
            out,
            r##"                            <a  class="btn btn_ghost_1 link_pagination next pj-lb pj-link"
 id="pagination-next"
 title="Page suivante" aria-label="Page {next} sur {pages}" href="#" data-pjlb='{link}'>
            <span class="value">Suivant</span>
        <span class="icon icon-lt-arrow-right"></span>
    </a>
"##,
            next = page + 1,
            link = pjlb(&ctx.search_path(page + 1))
        );
    } else {
        out.push_str(
            r##"                <span class="btn btn_ghost_1 disabled next ">
            <span class="value">Suivant</span>
            <span class="icon icon-lt-arrow-right"></span>
        </span>
"##,
        );
    }
    out.push_str("            </div>\n");
    out
}

const MARKETING_ICON: &str = r##"<span class="icon-marketing pj-link"
   title="La présence de ce pictogramme signale une opposition aux opérations de marketing direct."><span
   class="screenreader">Opposé aux opérations de marketing</span></span>"##;

fn listing_html(out: &mut String, ctx: &Ctx<'_>, c: &SandboxCompany, pos: usize) {
    let id = &c.pj_id;
    let look = look(c, &ctx.vocab);
    let prefix = ctx.prefix;
    let localite = format!("L0{}00", c.insee);
    let rubrique = rubrique(&c.naf);
    let stats =
        |tag: &str| format!(r##"{{"idTag":"{tag}","numClient":"{id}","pos":{pos},"type_bi":"pro","genreBloc":"1"}}"##);
    let _ = write!(
        out,
        r##"            <li id="bi-{id}"
    class="bi bi-generic
                            {propay}
                                    ">
    <span class="ancre-google" id="epj-{id}"></span>
    <div class="bi-clic-mobile">
        <div class="bi-area">
    <span class="bi-activity-unit small">
    {rubric}
</span>
            <a  class="bi-activity-hours text-right pj-lb pj-link" title="Voir les horaires" data-pjsearchctx-sethref=""
             href="#" data-pjlb='{hours}' data-pjstats='{hours_stats}'>
            <span id="bi-hours-{id}" class="bi-hours small bi-hours-placeholder"></span>
            </a>
    </div>
        <div  class="bi-with-visual">
            <div class="bi-content">
                <div class="bi-header-title">
"##,
        propay = if look.propay { "bi-propay" } else { "" },
        rubric = esc(&ctx.vocab.rubric),
        hours = pjlb(&format!("{prefix}/pros/{id}#zoneHoraires")),
        hours_stats = stats("HORAIRES-PRO"),
    );
    if look.encoded_name {
        // A few real names link through the long fiche URL, encoded.
        let target =
            format!("{prefix}/pros/detail?code_etablissement={id}&code_localite={localite}&code_rubrique={rubrique}");
        let _ = writeln!(
            out,
            r##"    <a  class="bi-denomination pj-lb pj-link" data-pjsearchctx-sethref="" href="#" data-pjlb='{}'
     data-pjstats='{}'>"##,
            pjlb(&target),
            stats("DENOMINATION-EXACTE")
        );
    } else {
        let _ = writeln!(
            out,
            r##"    <a  class="bi-denomination pj-link" data-pjsearchctx-sethref="" href="{}/pros/{id}"
     data-pjstats='{}'>"##,
            esc(prefix),
            stats("DENOMINATION-EXACTE")
        );
    }
    let _ = write!(
        out,
        "        <h3  class=\"truncate-2-lines\" >{}</h3>\n            </a>\n                </div>\n",
        esc(&c.trade_name)
    );
    if let Some((note, reviews)) = look.rating {
        let note = format!("{}.{}", note / 10, note % 10);
        let _ = write!(
            out,
            r##"                <div class="bi-align-items">
    <a  title="Note globale {note} sur 5 pour {reviews} avis, lire les avis" class="bi-rating-container pj-lb pj-link"
     href="#" data-pjlb='{link}' data-pjstats='{stats}'>
    <span class="bi-note h4" aria-label="Note moyenne {note}/5">
        <span class="note_moyenne">{note}</span>
    </span>
    <span class="bi-rating">({reviews} avis)</span>    </a>
</div>
"##,
            link = pjlb(&format!("{prefix}/pros/{id}#ancreBlocAvis")),
            stats = stats("AVIS-PRO")
        );
    }
    let _ = write!(
        out,
        r##"                <div class="bi-address small">
                          <a  title="Voir le plan" class="pj-lb pj-link" href="#" data-pjlb='{map}'
                           data-pjstats='{stats}'>
                {street} {postcode} <span class="matched">&nbsp;{city}</span>
      <span class="icon icon-autour-meteo"></span>
          <span class="label-adresse">Voir le plan</span>      </a>
"##,
        map = pjlb(&format!("{prefix}/carte/{id}?code_localite={localite}&code_rubrique={rubrique}")),
        stats = stats("ADRESSE-PRO"),
        street = esc(&c.street),
        postcode = c.postal_code,
        city = esc(&c.city)
    );
    if let Some(site) = &c.website {
        let _ = write!(
            out,
            r##"                  <a  title="Site web nouvelle fenêtre" class="hidden-phone bi-website pj-lb pj-link"
                   target="_blank" href="#" data-pjlb='{}' rel="noopener">
<span class="icon icon-lien" aria-hidden="true"></span>
Site web
</a>
"##,
            pjlb(site)
        );
    }
    if look.facebook {
        let page = slug(&c.trade_name).replace('-', "");
        let _ = writeln!(
            out,
            r##"                  <a  title="Facebook nouvelle fenêtre"
                   class="hidden-phone bi-social FACEBOOK pj-lb pj-link"
                   target="_blank" href="#" data-pjlb='{}' rel="noopener"><span class="icon icon-facebook"
                   aria-hidden="true"></span></a>"##,
            pjlb(&format!("https://www.facebook.com/{page}"))
        );
    }
    out.push_str("                </div>\n");
    if let Some(text) = &look.description {
        let _ = writeln!(
            out,
            r##"                    <p class="bi-description small truncate-2-lines">{}</p>"##,
            esc(text)
        );
    }
    if !look.tags.is_empty() {
        out.push_str("                    <ul class=\"bi-tags-list\">\n");
        for tag in &look.tags {
            let _ = writeln!(out, r##"                            <li class="bi-tag tag ">{}</li>"##, esc(tag));
        }
        out.push_str("    </ul>\n");
    }
    out.push_str("            </div>\n        </div>\n    </div>\n        <div class=\"bi-ctas\">\n");
    if !c.phones.is_empty() {
        let _ = write!(
            out,
            r##"    <button  data-pjstats='{stats}' data-pjhistofantomas='{{"data":"{id}"}}'
             data-pjsetfocus='{{"ou":"#bi-fantomas-{id}"}}'
                 type="submit" data-pjtoggleclass="[
        {{&quot;klass&quot;:&quot;hidden&quot;}},
        {{&quot;sel&quot;:&quot;#bi-fantomas-{id}&quot;, &quot;klass&quot;:&quot;bi-fantomas-display&quot;}}
        ]"
 class="button btn btn_primary btn_full_mob btn_tel normal-button">
<span class="icon icon-phone"></span>
<span class="value" aria-label="Afficher le numéro">Afficher le N°</span>
</button>
"##,
            stats = stats("AFFICHER-NUMERO")
        );
    }
    if look.message {
        let _ = writeln!(
            out,
            r##"<a class="btn btn_primary btn_full_mob btn_ico_left btn_im pj-lb pj-link" target="_blank" href="#"
 data-pjlb='{}' rel="noopener"> <span class="icon icon-bulle"></span> <span class="value">Message</span> </a>"##,
            pjlb(&format!("{prefix}/utilisateur/instant-messaging/conversations?epj={id}"))
        );
    }
    if look.rdv {
        // Third-party booking and quote platforms: never the pro's own site.
        let platform = if pos.is_multiple_of(2) {
            "https://rdv.artisanconnect.fr/pro/"
        } else {
            "https://www.devis-travaux-express.fr/pro/"
        };
        let _ = write!(
            out,
            r##"                                                <a  class="btn btn_primary btn_full_mob btn_ico_left
 btn_external_link pj-lb pj-link" target="_blank" href="#" data-pjlb='{link}' data-pjstats='{stats}'
 rel="noopener">            <span class="icon icon-rdv"></span>
        <span class="value">Prendre RDV</span>
    </a>
"##,
            link = pjlb(&format!("{platform}{}", slug(&c.trade_name))),
            stats = stats("LIEN-EXTERNE")
        );
    }
    let _ = write!(out, r##"<div id="bi-fantomas-{id}" class="bi-fantomas ">"##);
    let padding = "                            ";
    for (i, phone) in c.phones.iter().enumerate() {
        let marketing = if i == 0 && c.marketing_opposition { MARKETING_ICON } else { "" };
        let _ = write!(
            out,
            r##"<div class="number-contact">{padding}Tél :{padding}{marketing}{}</div>"##,
            phone_display(phone)
        );
    }
    if let Some(fax) = &c.fax {
        let _ = write!(out, r##"<div class="number-contact">{padding}Fax :{padding}{}</div>"##, phone_display(fax));
    }
    out.push_str("</div>\n    </div>\n");
    if look.propay {
        out.push_str(
            "    <span class=\"bi-ranke\">\n    <span class=\"screenreader\">Professionnel ranké</span>\n</span>\n",
        );
    }
    out.push_str("</li>\n");
}

use prospecta_shared::company::headcount_label;

fn detail_html(prefix: &str, c: &SandboxCompany) -> String {
    let id = &c.pj_id;
    let vocab = Vocab::for_naf(&c.naf);
    let look = look(c, &vocab);
    let localite = format!("0{}00", c.insee);
    let rubrique = rubrique(&c.naf);
    let mut business = json!({
        "@context": "https://schema.org",
        "@type": "LocalBusiness",
        "url": format!("{prefix}/pros/{id}"),
        "address": ld_address(c),
        "name": c.trade_name,
        "openingHours": "Mo-Fr 08:00-19:00",
    });
    if let (Some(first), Some(map)) = (c.phones.first(), business.as_object_mut()) {
        map.insert("telephone".into(), json!(phone_display(first)));
    }
    let listing_url =
        format!("{prefix}/annuaire/{}-{}/{}", slug(&c.commune_name), c.departement.to_lowercase(), slug(&vocab.rubric));
    let ld = json!([
        {
            "@context": "https://schema.org",
            "@type": "BreadcrumbList",
            "itemListElement": [{"@type": "ListItem", "position": 1, "item": {
                "@id": listing_url,
                "name": format!("{} à {} ({})", capitalize(&vocab.rubric), c.commune_name, c.departement)
            }}]
        },
        business
    ]);
    let extra = format!("<script type=\"application/ld+json\">\n{}\n</script>\n", script_json(&ld));
    let title = format!("{} à {} - {} (adresse, avis)", c.trade_name, c.commune_name, vocab.rubric);
    let mut out = head(&title, &format!("{prefix}/pros/{id}"), &extra);
    out.push_str("<body class=\"pj-fd\">\n");
    out.push_str(&header_html(prefix, "", ""));
    let _ = write!(
        out,
        r##"<main id="main-content">
<a class="hidden-phone hidden-tablet link-buttoned retour-lr pj-link" href="#">Retour aux résultats</a>
<div class="header-qui-sticke pj-on-autoload teaser-header">
  <div class="row">
    <div class="col-sm-7 col-md-8 col-lg-9 denom">
                                                    <h1 class="noTrad no-margin">
    {name}
</h1>
      <span class="teaser-rub">{rubric}</span>
    </div>
  </div>
</div>
"##,
        name = esc(&c.trade_name),
        rubric = esc(&vocab.rubric)
    );
    if let Some(text) = &look.description {
        let _ = writeln!(
            out,
            r##"<div class="teaser-description fd-bloc"><div class="description-content"><p>{}</p></div></div>"##,
            esc(text)
        );
    }
    let _ = write!(
        out,
        r##"<div id="teaser-footer" class="teaser-footer fd-bloc with-map">
    <div>
        <div class="zone-coordonnees">
    <div class="zone-fantomas ">
    <a  title="Afficher le N°" class="fantomas btn hidden-phone btn_ico_left btn_primary pj-lb pj-link"
     data-pjhistofantomas='{{"data":"{id}"}}' href="#" data-pjlb='{js}'>
            <span class="icon icon-phone"></span>
        <span class="value">Afficher le numéro</span>
    </a>
"##,
        js = pjlb("javascript:")
    );
    let numbers = c.phones.iter().map(|p| (p, false)).chain(c.fax.iter().map(|f| (f, true)));
    for (i, (number, fax)) in numbers.enumerate() {
        let label = if fax {
            "Fax"
        } else if number.starts_with("+336") || number.starts_with("+337") {
            "Mobile"
        } else {
            "Tél"
        };
        let marketing = if i == 0 && !fax && c.marketing_opposition { MARKETING_ICON } else { "" };
        let display = phone_display(number);
        let _ = write!(
            out,
            r##"<div class="num-container teaser-item black-icon  ">
    <span class="nb-phone ">
    <span class="num-tel-label"><i class="icon icon-phone"><span
     class="screenreader">Numéro de Téléphone</span></i>{label}</span>
        <span class="coord-numero noTrad">{display}</span>{marketing}
    <span class="coord-numero-mobile noTrad">
        <a  title="Appeler {display}" class="btn btn_primary pj-lb pj-link" href="#" data-pjlb='{tel}'>
            <span class="coord-numero-inscription"></span>{display}
        </a>
    </span>
    </span>
</div>
"##,
            tel = pjlb(&format!("tel:{}", display.replace(' ', "")))
        );
    }
    out.push_str("            </div>\n");
    // The e-mail relay: PagesJaunes never prints the pro's address, it forwards a form.
    let relay = format!(
        "/pros/ajax/contacter_par_mail?code_rubrique={rubrique}&amp;code_etablissement={id}\
         &amp;nouvelle_gamme=0&amp;code_localite={localite}"
    );
    let popin = format!(r##"{{"ajax":{{"url":"{}"}}}}"##, relay.replace('/', "\\/"));
    let _ = write!(
        out,
        r##"   <a  id="ancreContacterParMail" title="Contacter par mail"
    class="btn btn_tertiary btn_mail btn_ico_left pj-lb pj-link" data-pjpopin='{popin}'
    data-pjanchor='{{"actions":{{"action":"pjpopin"}}}}' href="#" data-pjlb='{js}'>
            <span class="icon icon-email"></span>
        <span class="value">Contacter par mail</span>
    </a>
"##,
        js = pjlb("javascript:")
    );
    let map = format!("{prefix}/carte?code_etablissement={id}&code_localite={localite}&code_rubrique={rubrique}");
    let _ = write!(
        out,
        r##"                        <div class="address-container marg-btm-s"><a
 title="Ouvrir la carte pour géolocaliser ce pro" class="teaser-item black-icon address streetAddress map-click-zon
 pj-lb pj-link" data-pjsearchctx-sethref="" href="#" data-pjlb='{map}'><i class="icon icon-poi"><span
 class="screenreader">Localisation</span></i><span class="noTrad">{street} {postcode} {city}</span></a><span
>&nbsp;&nbsp;-&nbsp;&nbsp;</span><a  title="Itinéraire" class="btnCTAYaller  pj-lb pj-link" href="#"
 data-pjlb='{route}'><span class="value">Y aller</span></a></div>"##,
        map = pjlb(&map),
        street = esc(&c.street),
        postcode = c.postal_code,
        city = esc(&c.city),
        route = pjlb(&format!("{map}#itineraire"))
    );
    if let Some(site) = &c.website {
        let host = site.split("://").nth(1).unwrap_or(site);
        let shown = host.trim_start_matches("www.").split(['/', '?']).next().unwrap_or("");
        let _ = write!(
            out,
            r##"<div class="lvs-container marg-btm-s"><a  title="Site internet du professionnel nouvelle fenêtre"
 target="_blank" class="teaser-item black-icon pj-lb pj-link" href="#" data-pjlb='{}' rel="noopener"><span
 class="icon icon-lien"></span><span class="value">{}</span></a></div>"##,
            pjlb(site),
            esc(shown)
        );
    }
    out.push_str("\n        </div>\n    </div>\n</div>\n");
    let social_item = |class: &str, target: &str, label: &str| {
        format!(
            r##"                            <li class="marg-btm-xs premiere-visibilite">
            <a  target="_blank" title=" nouvelle fenêtre" class="{class} pj-lb pj-link" href="#" data-pjlb='{}'
             rel="noopener">            <span class="icon icon-lien"></span>
        <span class="value">{label}</span>
    </a>
        </li>
"##,
            pjlb(target)
        )
    };
    let mut social = String::new();
    if let Some(site) = &c.website {
        social.push_str(&social_item("SITE_EXTERNE", site, "Site internet"));
    }
    if look.facebook {
        let page = slug(&c.trade_name).replace('-', "");
        social.push_str(&social_item("FACEBOOK", &format!("https://www.facebook.com/{page}"), "Facebook"));
    }
    if social.is_empty() {
        out.push_str("<section class=\"fd-bloc\"></section>\n");
    } else {
        let _ = write!(
            out,
            r##"<section class="fd-bloc"><div class="bloc-info-sites-reseaux">
<h3 class="marg-btm-m">Sites et réseaux sociaux</h3>
<ul class="clearfix">
{social}</ul></div></section>
"##
        );
    }
    let naf_compact: String = c.naf.chars().filter(|ch| *ch != '.').collect();
    let mut etablissement = format!(
        "<dt>SIRET</dt> <dd> <strong> {} </strong> </dd>\n\
         <dt>Code NAF</dt> <dd> <strong> {naf_compact} </strong> </dd>\n",
        c.siret
    );
    if let Some(label) = headcount_label(&c.headcount_band) {
        let _ =
            writeln!(etablissement, "<dt>Effectif de l&#039;établissement</dt> <dd> <strong> {label} </strong> </dd>");
    }
    let _ = write!(
        out,
        r##"<section class="fd-bloc annonces-legales"><h2>Informations légales</h2>
<div id="zoneB2B">
<h3>Sur l&#039;établissement</h3>
<dl class="info-etablissement marg-btm-s zone-b2b txt_sm" tabindex="0">
{etablissement}</dl>
<h3>Sur l&#039;entreprise</h3>
<dl class="info-entreprise marg-btm-s zone-b2b txt_sm" tabindex="0"><dt>SIREN</dt><dd><strong>{siren}</strong></dd><dt
>Forme juridique</dt><dd><strong>{form}</strong></dd></dl>
</div></section>
</main>
"##,
        siren = c.siren,
        form = c.legal_form.nature_juridique()
    );
    out.push_str(FOOTER);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prospecting::pagesjaunes::{Listing, PageKind, ParsedPage, parse_page, result_count, strip_cedex};
    use crate::sandbox::web::parse_query;

    const PREFIX: &str = "/sandbox/pagesjaunes";
    const ORIGIN: &str = "http://127.0.0.1:3000";

    fn parse(html: &str) -> ParsedPage {
        parse_page(html, ORIGIN)
    }

    fn lyon() -> Place {
        Place::Commune { code: "69123".into(), name: "Lyon".into(), departement: "69".into() }
    }

    /// What "plombier à Lyon" lists: Lyon's plumbers with some neighbours mixed in.
    fn lyon_plumbers() -> Vec<SandboxCompany> {
        listed_for("43.22A", &lyon())
    }

    /// Every field the parser reads equals the generator's value.
    fn assert_listing_is(listing: &Listing, c: &SandboxCompany) {
        assert_eq!(listing.pj_id.as_deref(), Some(c.pj_id.as_str()));
        assert_eq!(listing.name.as_deref(), Some(c.trade_name.as_str()), "{}", c.pj_id);
        assert_eq!(listing.street.as_deref(), Some(c.street.as_str()), "{}", c.pj_id);
        assert_eq!(listing.postal_code.as_deref(), Some(c.postal_code.as_str()));
        assert_eq!(listing.city.as_deref(), Some(strip_cedex(&c.city).as_str()));
        assert_eq!(listing.city.as_deref(), Some(c.commune_name.as_str()));
        assert_eq!(listing.phones, c.phones, "{} fax {:?}", c.pj_id, c.fax);
        assert!(listing.phones.iter().all(|p| p.starts_with("+33") && p.len() == 12));
        assert_eq!(listing.website, c.website, "{}", c.pj_id);
        assert_eq!(listing.email, c.email, "{}", c.pj_id);
        assert_eq!(listing.marketing_opposition, c.marketing_opposition && !c.phones.is_empty(), "{}", c.pj_id);
    }

    #[test]
    fn sandbox_pj_first_page_parses_back_to_the_generator() {
        let (status, html) = results_page(PREFIX, "plombier", "lyon-69", Some("L06912300"), 1);
        assert_eq!(status, StatusCode::OK);
        let parsed = parse(&html);
        assert_eq!(parsed.page, PageKind::Results);
        assert_eq!(parsed.listings.len(), PAGE_SIZE);
        let expected = lyon_plumbers();
        assert_eq!(result_count(&html), Some(expected.len() as u32));
        for (listing, c) in parsed.listings.iter().zip(&expected) {
            assert_listing_is(listing, c);
        }
        // Like the real site, a few neighbours' listings are mixed in.
        let cities: Vec<&str> = parsed.listings.iter().filter_map(|l| l.city.as_deref()).collect();
        assert!(cities.iter().filter(|c| **c == "Lyon").count() >= 15, "{cities:?}");
        assert!(cities.iter().any(|c| *c != "Lyon"), "{cities:?}");
        // Page 1 shows some of everything the real pages show.
        assert!(parsed.listings.iter().any(|l| l.website.is_some()));
        assert!(parsed.listings.iter().any(|l| l.phones.len() >= 2));
        assert!(html.contains("Page 1</strong> / "));
        assert!(html.contains("disabled previous"));

        let next = parsed.next_page.expect("a next page");
        let prefix = format!("{ORIGIN}{PREFIX}/annuaire/chercherlespros?");
        let query = next.strip_prefix(&prefix).expect("next page under the sandbox prefix");
        let pairs = parse_query(query);
        assert_eq!(query_value(&pairs, "page"), Some("2"));
        assert_eq!(query_value(&pairs, "quoiqui"), Some("plombier"));
        assert_eq!(query_value(&pairs, "ou"), Some("lyon-69"));
        assert_eq!(query_value(&pairs, "idOu"), Some("L06912300"));
        // Following the link gives page 2.
        let (_, page2) = results_page(PREFIX, "plombier", "lyon-69", query_value(&pairs, "idOu"), 2);
        let parsed2 = parse(&page2);
        assert_eq!(parsed2.listings.len(), PAGE_SIZE);
        assert_eq!(parsed2.listings[0].pj_id.as_deref(), Some(expected[PAGE_SIZE].pj_id.as_str()));
        assert!(page2.contains("id=\"pagination-prev\""));
    }

    #[test]
    fn sandbox_pj_last_page_repeats_one_listing_and_stops() {
        let expected = lyon_plumbers();
        let pages = expected.len().div_ceil(PAGE_SIZE);
        assert!(pages > 2);
        let (status, html) = results_page(PREFIX, "plombier", "lyon-69", Some("L06912300"), pages as u32);
        assert_eq!(status, StatusCode::OK);
        let parsed = parse(&html);
        assert_eq!(parsed.page, PageKind::Results);
        assert_eq!(parsed.next_page, None);
        assert!(html.contains(&format!("Page {pages}</strong> / {pages}")));
        let rest = &expected[(pages - 1) * PAGE_SIZE..];
        assert_eq!(parsed.listings.len(), rest.len() + 1);
        let previous: Vec<&str> =
            expected[(pages - 2) * PAGE_SIZE..(pages - 1) * PAGE_SIZE].iter().map(|c| c.pj_id.as_str()).collect();
        let repeated: Vec<&Listing> =
            parsed.listings.iter().filter(|l| l.pj_id.as_deref().is_some_and(|id| previous.contains(&id))).collect();
        assert_eq!(repeated.len(), 1, "exactly one listing of the previous page");
        let unique: Vec<&Listing> = parsed.listings.iter().filter(|l| !repeated.contains(l)).collect();
        for (listing, c) in unique.iter().zip(rest) {
            assert_listing_is(listing, c);
        }
        // Past the end: the no-results page.
        let (status, past) = results_page(PREFIX, "plombier", "lyon-69", Some("L06912300"), pages as u32 + 1);
        assert_eq!((status, parse(&past).page), (StatusCode::OK, PageKind::NoResults));
    }

    #[test]
    fn sandbox_pj_all_pages_cover_every_listed_company() {
        let expected = lyon_plumbers();
        let mut seen = Vec::new();
        let mut page = 1;
        loop {
            let (_, html) = results_page(PREFIX, "plomberie", "lyon-69", None, page);
            let parsed = parse(&html);
            for l in &parsed.listings {
                if let Some(id) = &l.pj_id
                    && !seen.contains(id)
                {
                    seen.push(id.clone());
                }
            }
            if parsed.next_page.is_none() {
                break;
            }
            page += 1;
        }
        let ids: Vec<String> = expected.iter().map(|c| c.pj_id.clone()).collect();
        assert_eq!(seen, ids);
        // Every listed Lyon plumber is there; closed and unlisted ones never are.
        for c in companies_for("43.22A", "69123") {
            assert_eq!(seen.contains(&c.pj_id), c.pj_listed && !c.closed, "{}", c.pj_id);
        }
    }

    #[test]
    fn sandbox_pj_villages_unknown_words_and_places_and_bad_pages() {
        // Villages of a few hundred inhabitants: nothing, or a handful with a few neighbours.
        for (ou, id_ou) in
            [("l-abergement-de-varey-01", "L00100200"), ("ambleon-01", "L00100600"), ("aranc-01", "L00101200")]
        {
            let (_, html) = results_page(PREFIX, "plombier", ou, Some(id_ou), 1);
            let parsed = parse(&html);
            assert!(matches!(parsed.page, PageKind::NoResults | PageKind::Results));
            assert!(parsed.listings.len() <= 10, "{ou}: {}", parsed.listings.len());
        }

        for (quoiqui, ou, id_ou, page) in [
            ("zzkwx gramophones", "lyon-69", None, 1),
            ("plombier", "atlantide-69", None, 1),
            ("plombier", "lyon-69", Some("L09999900"), 1),
            ("plombier", "lyon-69", Some("garbage"), 1),
            ("plombier", "lyon-69", None, 0),
            ("", "lyon-69", None, 1),
            ("plombier", "", None, 1),
        ] {
            let (status, html) = results_page(PREFIX, quoiqui, ou, id_ou, page);
            assert_eq!(status, StatusCode::OK);
            assert_eq!(parse(&html).page, PageKind::NoResults, "{quoiqui:?} {ou:?} {id_ou:?} {page}");
        }
    }

    #[test]
    fn sandbox_pj_departements_and_free_text_places() {
        let (_, html) = results_page(PREFIX, "plombier", "rhone-69", None, 1);
        let parsed = parse(&html);
        assert_eq!(parsed.listings.len(), PAGE_SIZE);
        let rhone: Vec<SandboxCompany> =
            companies_of_departement("43.22A", "69").into_iter().filter(|c| c.pj_listed && !c.closed).collect();
        assert_eq!(result_count(&html), Some(rhone.len() as u32));
        assert_eq!(parsed.listings[0].pj_id.as_deref(), Some(rhone[0].pj_id.as_str()));
        let next = parsed.next_page.expect("next");
        assert!(next.contains("ou=rhone-69") && !next.contains("idOu"), "{next}");

        // "Lyon (69)" as typed in the form, and a slug without idOu, find the same commune.
        let (_, typed) = results_page(PREFIX, "plombier", "Lyon (69)", None, 1);
        let (_, slugged) = results_page(PREFIX, "plombier", "lyon-69", None, 1);
        let ids = |html: &str| parse(html).listings.into_iter().map(|l| l.pj_id).collect::<Vec<_>>();
        assert_eq!(ids(&typed), ids(&slugged));
        assert_eq!(ids(&slugged), ids(&results_page(PREFIX, "plombier", "lyon-69", Some("L06912300"), 1).1));
    }

    #[test]
    fn sandbox_pj_reads_what_people_type_loosely() {
        let ids = |quoiqui: &str| {
            let (_, html) = results_page(PREFIX, quoiqui, "lyon-69", Some("L06912300"), 1);
            parse(&html).listings.into_iter().map(|l| l.pj_id).collect::<Vec<_>>()
        };
        let plumbers = ids("plombier");
        assert_eq!(plumbers.len(), PAGE_SIZE);
        assert_eq!(ids("Plomberie"), plumbers);
        assert_eq!(ids("artisan plombier"), plumbers);
        assert_ne!(ids("électricien"), plumbers);
    }

    #[test]
    fn sandbox_pj_pages_are_deterministic() {
        let a = results_page(PREFIX, "plombier", "lyon-69", Some("L06912300"), 3);
        let b = results_page(PREFIX, "plombier", "lyon-69", Some("L06912300"), 3);
        assert_eq!(a, b);
    }

    #[test]
    fn sandbox_pj_detail_pages_show_the_siret() {
        let expected = lyon_plumbers();
        for c in expected.iter().take(30) {
            let (status, html) = detail_page(PREFIX, c);
            assert_eq!(status, StatusCode::OK);
            let parsed = parse(&html);
            assert_eq!(parsed.page, PageKind::Detail, "{}", c.pj_id);
            let l = &parsed.listings[0];
            assert_eq!(l.siret, Some(Some(c.siret.clone())));
            assert_eq!(l.pj_id.as_deref(), Some(c.pj_id.as_str()));
            assert_eq!(l.name.as_deref(), Some(c.trade_name.as_str()));
            assert_eq!(l.street.as_deref(), Some(c.street.as_str()));
            assert_eq!(l.postal_code.as_deref(), Some(c.postal_code.as_str()));
            assert_eq!(l.phones, c.phones, "{}", c.pj_id);
            assert_eq!(l.website, c.website);
            assert_eq!(l.email, c.email);
        }
        let closed = companies_for("43.22A", "69123").into_iter().find(|c| c.closed).expect("a closed one");
        assert_eq!(detail_page(PREFIX, &closed).0, StatusCode::NOT_FOUND);
    }

    #[test]
    fn sandbox_pj_rubric_and_localite_codes_round_trip() {
        assert_eq!(rubrique("43.22A"), "43220100");
        assert_eq!(naf_of_rubrique("43220100").as_deref(), Some("43.22A"));
        assert_eq!(naf_of_rubrique("69202600").as_deref(), Some("69.20Z"));
        assert_eq!(naf_of_rubrique("60503700"), None);
        assert_eq!(insee_of_localite("L06912300").as_deref(), Some("69123"));
        assert_eq!(insee_of_localite("06912300").as_deref(), Some("69123"));
        assert_eq!(insee_of_localite("L02A00400").as_deref(), Some("2A004"));
        assert_eq!(insee_of_localite("L0691230"), None);
        assert_eq!(thousands(15422), "15 422");
        assert_eq!(thousands(999), "999");
    }

    #[tokio::test]
    async fn sandbox_pj_router_serves_results_and_remembered_fiches() {
        use axum::body::{Body, to_bytes};
        use axum::http::Request;
        use tower::ServiceExt as _;

        let app = router(PREFIX);
        let get = |uri: String| {
            let app = app.clone();
            async move {
                let response =
                    app.oneshot(Request::get(uri).body(Body::empty()).expect("request")).await.expect("response");
                let status = response.status();
                let body = to_bytes(response.into_body(), 10_000_000).await.expect("body");
                (status, String::from_utf8_lossy(&body).into_owned())
            }
        };
        let (status, html) =
            get(format!("{PREFIX}/annuaire/chercherlespros?quoiqui=plombier&ou=lyon-69&idOu=L06912300")).await;
        assert_eq!(status, StatusCode::OK);
        let parsed = parse(&html);
        assert_eq!(parsed.listings.len(), PAGE_SIZE);
        let id = parsed.listings[3].pj_id.clone().expect("id");
        let (status, fiche) = get(format!("{PREFIX}/pros/{id}")).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(parse(&fiche).page, PageKind::Detail);
        // The long form needs no memory: it names the rubric and the place.
        let c = companies_for("43.22A", "69123").into_iter().filter(|c| c.pj_listed && !c.closed).nth(40).expect("c");
        let long = format!(
            "{PREFIX}/pros/detail?code_etablissement={}&code_localite=L06912300&code_rubrique=43220100",
            c.pj_id
        );
        assert_eq!(get(long).await.0, StatusCode::OK);
        assert_eq!(get(format!("{PREFIX}/pros/00000000")).await.0, StatusCode::NOT_FOUND);
        // Garbage never panics.
        let (status, html) = get(format!("{PREFIX}/annuaire/chercherlespros?quoiqui=%FF%FE&ou=%&page=-1&idOu=")).await;
        assert_eq!((status, parse(&html).page), (StatusCode::OK, PageKind::NoResults));
        let (status, html) =
            get(format!("{PREFIX}/annuaire/chercherlespros?quoiqui=plombier&ou=lyon-69&page=abc")).await;
        assert_eq!((status, parse(&html).page), (StatusCode::OK, PageKind::NoResults));
    }
}
