//! Parser for saved PagesJaunes pages (results, no results, anti-bot interstitial, detail "fiche").
//!
//! PagesJaunes redesigns its markup every few years, so each field is read from several signals:
//! today's class names first, then the older ones seen in public scrapers, then signals that
//! survive redesigns (JSON-LD, `tel:` / `mailto:` links, visible labels, postcode + city text,
//! `data-pjlb` encoded links, `/pros/<8 digits>` ids). Nothing here may panic on page data: a
//! malformed or truncated page degrades to fewer fields, or to `blocked`.

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use scraper::{ElementRef, Html, Node, Selector};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// Where relative PagesJaunes links point to.
pub const PAGESJAUNES_BASE_URL: &str = "https://www.pagesjaunes.fr";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PageKind {
    Results,
    NoResults,
    Blocked,
    Detail,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Listing {
    pub name: Option<String>,
    pub street: Option<String>,
    pub postal_code: Option<String>,
    pub city: Option<String>,
    /// E.164, page order, no duplicates, fax numbers excluded.
    pub phones: Vec<String>,
    pub website: Option<String>,
    pub email: Option<String>,
    /// The 8-digit establishment code, leading zeros kept.
    pub pj_id: Option<String>,
    /// Only detail pages show a SIRET: `None` on a results page (the field is absent from the
    /// JSON), `Some(None)` on a detail page without one (the field is `null`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub siret: Option<Option<String>>,
    /// "Opposé aux opérations de marketing" pictogram: the listing stays, outreach must not
    /// treat it as a marketing target. Kept out of the operator JSON on purpose.
    #[serde(skip)]
    pub marketing_opposition: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParsedPage {
    pub page: PageKind,
    pub listings: Vec<Listing>,
    pub next_page: Option<String>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PjlbError {
    #[error("data-pjlb is not JSON: {0}")]
    Json(String),
    #[error("data-pjlb has no \"url\" string")]
    MissingUrl,
    #[error("data-pjlb url is not base64")]
    Base64,
    #[error("data-pjlb url is not UTF-8")]
    Utf8,
}

/// Parses one saved page. `base_url` resolves relative links (normally [`PAGESJAUNES_BASE_URL`]).
pub fn parse_page(html: &str, base_url: &str) -> ParsedPage {
    let doc = Html::parse_document(html);
    let root = doc.root_element();
    let ld = JsonLd::read(root);

    let containers = result_containers(root);
    let mut listings: Vec<Listing> = containers.iter().filter_map(|c| listing_from(*c, &ld, base_url, false)).collect();
    if !listings.is_empty() {
        return ParsedPage { page: PageKind::Results, listings, next_page: next_page(root, base_url) };
    }

    if looks_like_detail(root) {
        let scope = first(root, &["main", "#main-content", "body"]).unwrap_or(root);
        if let Some(mut listing) = listing_from(scope, &ld, base_url, true) {
            // The name and the fiche id can live outside `main` (header, canonical link).
            if listing.name.is_none() {
                listing.name = first(root, &[".denom h1", "h1"]).and_then(heading_text);
            }
            // The canonical link names the fiche itself; links inside may point to other pros.
            listing.pj_id = canonical_pj_id(root).or(listing.pj_id).or_else(|| pj_id_in_links(root, base_url));
            fill_from_ld(&mut listing, &ld);
            if listing.name.is_some() {
                return ParsedPage { page: PageKind::Detail, listings: vec![listing], next_page: None };
            }
        }
    }

    if has_no_results_wording(root) {
        return ParsedPage { page: PageKind::NoResults, listings: Vec::new(), next_page: None };
    }

    // A layout none of the selectors know: the JSON-LD item list still names every listing.
    listings = ld.in_order.iter().filter_map(|id| ld.by_id.get(id)).map(LdBusiness::to_listing).collect();
    if !listings.is_empty() {
        return ParsedPage { page: PageKind::Results, listings, next_page: next_page(root, base_url) };
    }

    // Neither listings nor the no-results wording: an anti-bot page (DataDome, CAPTCHA) or a
    // broken download. Scrapers treat both the same way: back off and retry later.
    ParsedPage { page: PageKind::Blocked, listings: Vec::new(), next_page: None }
}

// ---------------------------------------------------------------------------------------------
// Page structure

fn selector(css: &str) -> Option<Selector> {
    Selector::parse(css).ok()
}

fn select_all<'a>(scope: ElementRef<'a>, css: &str) -> Vec<ElementRef<'a>> {
    match selector(css) {
        Some(s) => scope.select(&s).collect(),
        None => Vec::new(),
    }
}

fn first<'a>(scope: ElementRef<'a>, css_list: &[&str]) -> Option<ElementRef<'a>> {
    css_list.iter().find_map(|css| select_all(scope, css).into_iter().next())
}

fn has_class(el: ElementRef<'_>, class: &str) -> bool {
    el.value().classes().any(|c| c.eq_ignore_ascii_case(class))
}

fn is_listing_id(id: &str) -> bool {
    let digits = id.strip_prefix("bi-bloc-").or_else(|| id.strip_prefix("bi-"));
    digits.is_some_and(is_pj_id)
}

/// One element per listing, outermost wins (older layouts nest `.bi-bloc` inside `article`).
fn result_containers(root: ElementRef<'_>) -> Vec<ElementRef<'_>> {
    const CANDIDATES: &str = "li.bi, li[id^='bi-'], article[id^='bi-'], div[id^='bi-bloc-'], .bi-bloc, .bi-pro, \
                              #listResults article, #listResults li.bi";
    let found: Vec<ElementRef<'_>> = select_all(root, CANDIDATES)
        .into_iter()
        .filter(|el| {
            let id_ok = el.value().id().is_some_and(is_listing_id);
            let class_ok = ["bi", "bi-bloc", "bi-pro"].iter().any(|c| has_class(*el, c));
            let in_list = el.value().name() == "article";
            id_ok || class_ok || in_list
        })
        .collect();
    let ids: HashSet<_> = found.iter().map(|el| el.id()).collect();
    found.into_iter().filter(|el| !el.ancestors().any(|a| ids.contains(&a.id()))).collect()
}

fn looks_like_detail(root: ElementRef<'_>) -> bool {
    canonical_pj_id(root).is_some()
        || first(root, &["body.pj-fd", "#zoneB2B", ".zone-fantomas", ".denom h1", "#coord-liste-numero_1"]).is_some()
}

fn has_no_results_wording(root: ElementRef<'_>) -> bool {
    if first(root, &[".wording-no-responses", ".no-response"]).is_some() {
        return true;
    }
    let text = visible_text(root).to_lowercase().replace('’', "'");
    ["pas trouvé de résultat", "aucun résultat", "aucun professionnel ne correspond"].iter().any(|w| text.contains(w))
}

// ---------------------------------------------------------------------------------------------
// One listing

fn listing_from(scope: ElementRef<'_>, ld: &JsonLd, base_url: &str, detail: bool) -> Option<Listing> {
    let name = listing_name(scope, detail);
    let pj_id = if detail { None } else { container_pj_id(scope) }.or_else(|| pj_id_in_links(scope, base_url));
    if name.is_none() && pj_id.is_none() {
        return None;
    }
    let (street, postal_code, city) = address(scope).unwrap_or((None, None, None));
    let (phones, marketing_opposition) = phones(scope, base_url);
    let mut listing = Listing {
        name,
        street,
        postal_code,
        city,
        phones,
        website: website(scope, base_url),
        email: email(scope),
        pj_id,
        siret: detail.then(|| siret(scope)),
        marketing_opposition,
    };
    if !detail {
        fill_from_ld(&mut listing, ld);
    }
    Some(listing)
}

fn listing_name(scope: ElementRef<'_>, detail: bool) -> Option<String> {
    let css: &[&str] = if detail {
        &[".denom h1", "h1", "[itemprop='name']"]
    } else {
        &[".bi-denomination h3", "a.denomination-links", ".denomination-links", "h3", "h2", "[itemprop='name']"]
    };
    css.iter().flat_map(|c| select_all(scope, c)).find_map(heading_text)
}

/// A heading's own text: what it says itself, not what the widgets nested in it say (a
/// "contenu édité par le professionnel" tooltip, a badge, a "En savoir plus" link, an icon, a
/// screen-reader helper). Decided by structure, not by wording: interactive descendants
/// (links, buttons, form controls), hidden ones and decorations are left out. A heading whose
/// whole text is a link (`<h3><a>Nom</a></h3>`, results pages) keeps the link's text.
fn heading_text(el: ElementRef<'_>) -> Option<String> {
    own_text(el, true).or_else(|| own_text(el, false))
}

fn own_text(el: ElementRef<'_>, skip_interactive: bool) -> Option<String> {
    let skip = |e: &scraper::node::Element| {
        let interactive = matches!(e.name(), "a" | "button" | "input" | "select" | "textarea" | "label");
        is_decoration(e) || (skip_interactive && interactive)
    };
    let mut out = String::new();
    collect_text(el, &skip, &mut out);
    non_empty(out.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Elements nested in a heading or a contact line that are not its content: scripts, icons and
/// images, hidden or screen-reader-only text, tooltips, badges, pop-ins.
fn is_decoration(e: &scraper::node::Element) -> bool {
    if matches!(e.name(), "script" | "style" | "noscript" | "template" | "svg" | "img" | "i" | "picture") {
        return true;
    }
    if e.attr("hidden").is_some() || e.attr("aria-hidden").is_some_and(|v| v.eq_ignore_ascii_case("true")) {
        return true;
    }
    if e.attr("role")
        .is_some_and(|r| ["tooltip", "button", "dialog", "status", "img"].iter().any(|x| r.eq_ignore_ascii_case(x)))
    {
        return true;
    }
    let style = e.attr("style").unwrap_or("").replace(' ', "").to_ascii_lowercase();
    if style.contains("display:none") || style.contains("visibility:hidden") {
        return true;
    }
    // Class tokens by family: "tooltip-text", "container-tootlip" (sic), "bi-badge",
    // "icon-phone", "sr-only", "screenreader", "visually-hidden", "hidden-phone"…
    const FAMILIES: &[&str] = &[
        "tooltip",
        "tootlip",
        "badge",
        "icon",
        "sr-only",
        "screenreader",
        "visually-hidden",
        "visuallyhidden",
        "popin",
        "popover",
    ];
    e.classes().any(|c| {
        let c = c.to_ascii_lowercase();
        // "hidden-phone" / "hidden-tablet" hide on small screens only: still the content.
        c == "hidden" || c == "d-none" || FAMILIES.iter().any(|f| c.contains(f))
    })
}

fn container_pj_id(scope: ElementRef<'_>) -> Option<String> {
    let from_id = scope.value().id().and_then(|id| {
        let digits = id.strip_prefix("bi-bloc-").or_else(|| id.strip_prefix("bi-"))?;
        is_pj_id(digits).then(|| digits.to_string())
    });
    // Older layouts: `data-pjtoggleclasshisto='{"idbloc":{"id_bloc":"…"}}'`.
    from_id.or_else(|| {
        let raw = scope.value().attr("data-pjtoggleclasshisto")?;
        let value: serde_json::Value = serde_json::from_str(raw).ok()?;
        let id = value.pointer("/idbloc/id_bloc")?.as_str()?;
        is_pj_id(id).then(|| id.to_string())
    })
}

fn canonical_pj_id(root: ElementRef<'_>) -> Option<String> {
    select_all(root, "link[rel='canonical']").into_iter().filter_map(|l| l.value().attr("href")).find_map(find_pj_id)
}

/// The first `/pros/<id>` or `code_etablissement=<id>` in a link, plain or encoded.
fn pj_id_in_links(scope: ElementRef<'_>, base_url: &str) -> Option<String> {
    {
        scope.descendants().filter_map(ElementRef::wrap).find_map(|el| {
            let v = el.value();
            let attrs = [v.attr("href"), v.attr("data-pjpopin"), v.attr("data-pjhref")];
            attrs
                .into_iter()
                .flatten()
                .find_map(find_pj_id)
                .or_else(|| link_target(el, base_url).and_then(|u| find_pj_id(&u)))
                .or_else(|| {
                    let raw = v.attr("data-pjhistofantomas")?;
                    let value: serde_json::Value = serde_json::from_str(raw).ok()?;
                    let id = value.get("data")?.as_str()?;
                    is_pj_id(id).then(|| id.to_string())
                })
        })
    }
}

fn is_pj_id(s: &str) -> bool {
    s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit())
}

/// Finds an establishment code in a URL or any text: `/pros/<8 digits>` or
/// `code_etablissement=<8 digits>`, not part of a longer number.
pub fn find_pj_id(text: &str) -> Option<String> {
    for marker in ["/pros/", "code_etablissement="] {
        for (pos, _) in text.match_indices(marker) {
            let rest = &text[pos + marker.len()..];
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            if is_pj_id(&digits) {
                return Some(digits);
            }
        }
    }
    None
}

type Address = (Option<String>, Option<String>, Option<String>);

fn address(scope: ElementRef<'_>) -> Option<Address> {
    const CSS: &[&str] = &[
        ".bi-address a",
        "a.adresse",
        "a.address",
        ".streetAddress",
        "[itemprop='address']",
        ".address",
        ".adresse",
        ".bi-address",
        ".address-container",
    ];
    let skip = &["screenreader", "label-adresse", "icon", "icon-marketing"];
    CSS.iter()
        .flat_map(|c| select_all(scope, c))
        .filter(|el| !has_class(*el, "bi-website"))
        .find_map(|el| clean_text(el, skip).and_then(|t| split_address(&t)))
}

/// Splits "14 rue Paul Bert 69003 Lyon CEDEX 03" at the postcode: the last 5-digit token
/// followed by a word (so that "CS 60321 69792 Saint-Priest" keeps `CS 60321` in the street).
pub fn split_address(text: &str) -> Option<Address> {
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let is_postcode = |t: &str| t.len() == 5 && t.bytes().all(|b| b.is_ascii_digit());
    let at = (0..tokens.len()).rev().find(|&i| {
        is_postcode(tokens[i])
            && tokens.get(i + 1).is_some_and(|next| next.chars().next().is_some_and(char::is_alphabetic))
    })?;
    let street = tokens[..at].join(" ");
    let street = street.trim_end_matches([',', ' ', '-']).trim().to_string();
    // The detail page follows the address with "- Y aller"; a lone dash ends the commune.
    let city_tokens: Vec<&str> =
        tokens[at + 1..].iter().copied().take_while(|t| !matches!(*t, "-" | "–" | "|" | "•")).collect();
    let city = strip_cedex(&city_tokens.join(" "));
    Some((non_empty(street), Some(tokens[at].to_string()), non_empty(city)))
}

/// "Lyon CEDEX 03" → "Lyon": CEDEX is a delivery mode, not part of the commune's name.
pub fn strip_cedex(city: &str) -> String {
    let mut tokens: Vec<&str> = city.split_whitespace().collect();
    if let [.., cedex, number] = tokens.as_slice()
        && cedex.eq_ignore_ascii_case("cedex")
        && number.chars().all(|c| c.is_ascii_digit())
    {
        tokens.truncate(tokens.len() - 2);
    } else if tokens.last().is_some_and(|t| t.eq_ignore_ascii_case("cedex")) {
        tokens.pop();
    }
    tokens.join(" ").trim_end_matches(',').to_string()
}

fn siret(scope: ElementRef<'_>) -> Option<String> {
    // `#zoneB2B dl.info-etablissement` today; any "SIRET" term elsewhere in older fiches.
    let terms = select_all(scope, "dt, th");
    let from_dl = terms
        .into_iter()
        .filter(|dt| dt.text().collect::<String>().trim().eq_ignore_ascii_case("siret"))
        .find_map(|dt| {
            let dd =
                dt.next_siblings().filter_map(ElementRef::wrap).find(|e| matches!(e.value().name(), "dd" | "td"))?;
            siret_digits(&dd.text().collect::<String>())
        });
    from_dl.or_else(|| {
        // Older fiches print "SIRET : 812 345 678 00024" as plain text.
        let text = visible_text(scope);
        let pos = text.find("SIRET")?;
        let after: String = text[pos + 5..].chars().take(40).collect();
        let digits: String = after
            .trim_start_matches(|c: char| !c.is_ascii_digit())
            .chars()
            .take_while(|c| c.is_ascii_digit() || c.is_whitespace())
            .collect();
        siret_digits(&digits)
    })
}

fn siret_digits(text: &str) -> Option<String> {
    let digits: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    (digits.len() == 14 && digits.bytes().all(|b| b.is_ascii_digit())).then_some(digits)
}

// ---------------------------------------------------------------------------------------------
// Phones

const PHONE_CLASSES: &[&str] = &["number-contact", "coord-numero", "num", "bi-contact-tel", "tel", "telephone"];

fn phones(scope: ElementRef<'_>, base_url: &str) -> (Vec<String>, bool) {
    let candidates = phone_candidates(scope, base_url);
    // The company's own contact block: the numbers the page marks up as its contact numbers
    // (classes, `itemprop`) and the call links right beside them. A `tel:` link elsewhere on a
    // detail page belongs to a module (an EV-charging map, an ad, a partner's widget).
    let block: Vec<ElementRef<'_>> = candidates.iter().filter(|c| c.marked).map(|c| c.el).collect();
    let mut found: Vec<String> = Vec::new();
    for c in &candidates {
        let in_block = block.is_empty() || c.marked || block.iter().any(|b| near(c.el, *b, scope));
        if !in_block || !matches!(number_label(c.el, scope), NumberLabel::Phone) {
            continue;
        }
        c.numbers.iter().for_each(|n| push_unique(&mut found, n.clone()));
    }
    if found.is_empty() {
        found = labelled_phones(&visible_text(scope));
    }
    let marketing =
        first(scope, &[".icon-marketing"]).is_some() || visible_text(scope).to_lowercase().contains(MARKETING_WORDING);
    (found, marketing)
}

struct PhoneCandidate<'a> {
    el: ElementRef<'a>,
    numbers: Vec<String>,
    /// Marked up as a contact number (class or `itemprop`), not merely a `tel:` link.
    marked: bool,
}

fn phone_candidates<'a>(scope: ElementRef<'a>, base_url: &str) -> Vec<PhoneCandidate<'a>> {
    let mut out = Vec::new();
    for el in scope.descendants().filter_map(ElementRef::wrap) {
        let v = el.value();
        let (numbers, marked) = if let Some(tel) = v.attr("href").and_then(|h| h.strip_prefix("tel:")) {
            (normalize_phone(tel).into_iter().collect(), false)
        } else if let Some(tel) = link_target(el, base_url).and_then(|u| u.strip_prefix("tel:").map(str::to_string)) {
            (normalize_phone(&tel).into_iter().collect(), false)
        } else if PHONE_CLASSES.iter().any(|c| has_class(el, c)) || v.attr("itemprop") == Some("telephone") {
            let text = clean_text(el, &["screenreader", "icon-marketing"]).unwrap_or_default();
            let mut numbers = extract_phones(&text);
            if numbers.is_empty()
                && let Some(title) = v.attr("title")
            {
                numbers = extract_phones(title);
            }
            (numbers, true)
        } else {
            continue;
        };
        if !numbers.is_empty() {
            out.push(PhoneCandidate { el, numbers, marked });
        }
    }
    out
}

/// Whether two elements sit in the same small block: their closest common ancestor is at most
/// three levels above each (a number and its "Appeler" button share a container; a module
/// further down the page does not).
fn near(a: ElementRef<'_>, b: ElementRef<'_>, scope: ElementRef<'_>) -> bool {
    let ua: Vec<_> = std::iter::once(a.id()).chain(a.ancestors().map(|n| n.id())).take(4).collect();
    let ub: Vec<_> = std::iter::once(b.id()).chain(b.ancestors().map(|n| n.id())).take(4).collect();
    ua.iter().any(|id| *id != scope.id() && ub.contains(id))
}

const MARKETING_WORDING: &str = "opposé aux opérations de marketing";

fn push_unique(list: &mut Vec<String>, item: String) {
    if !list.contains(&item) {
        list.push(item);
    }
}

/// What the label of a number says it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NumberLabel {
    Phone,
    Fax,
    /// Another organisation's line shown on the page: a module's or a platform's support,
    /// hotline, customer service.
    Support,
}

/// The label of a number is the nearest text around it that is not the number itself
/// ("Tél :", "Mobile", "Fax", "N° de tel (support)"); screen-reader helpers are not labels.
fn number_label(el: ElementRef<'_>, scope: ElementRef<'_>) -> NumberLabel {
    let mut current = Some(el);
    for _ in 0..4 {
        let Some(node) = current else { break };
        let text = clean_text(node, &["screenreader", "icon-marketing"]).unwrap_or_default().to_lowercase();
        let label: String = text.chars().filter(|c| c.is_alphabetic() || *c == ' ').collect();
        if !label.trim().is_empty() {
            let support = label.split_whitespace().any(|w| matches!(w, "support" | "assistance" | "hotline" | "sav"))
                || label.contains("service client");
            if support {
                return NumberLabel::Support;
            }
            // "Tél/Fax" is still a phone; "Fax" and "Télécopie" alone are not.
            let label = label.replace(' ', "");
            let fax = label.contains("télécopi") || (label.contains("fax") && !label.contains("tél"));
            return if fax { NumberLabel::Fax } else { NumberLabel::Phone };
        }
        if node.id() == scope.id() {
            break;
        }
        current = node.parent().and_then(ElementRef::wrap);
    }
    NumberLabel::Phone
}

/// Last resort for unknown layouts: numbers right after a visible "Tél" / "Mobile" label.
fn labelled_phones(text: &str) -> Vec<String> {
    let lower = text.to_lowercase();
    let mut out = Vec::new();
    for label in ["tél", "tel.", "tel :", "téléphone", "mobile", "portable"] {
        for (pos, _) in lower.match_indices(label) {
            let after: String = lower[pos + label.len()..].chars().take(30).collect();
            let after = after.trim_start_matches(|c: char| !c.is_ascii_digit() && c != '+');
            if let Some(n) = extract_phones(after).into_iter().next()
                && !out.contains(&n)
            {
                out.push(n);
            }
        }
    }
    out
}

/// Every French phone number in a text, E.164, in order. Numbers are runs of digits and the
/// separators PagesJaunes and pros use (spaces, dots, dashes, "+33 (0)").
pub fn extract_phones(text: &str) -> Vec<String> {
    let is_phone_char =
        |c: char| c.is_ascii_digit() || c.is_whitespace() || matches!(c, '.' | '-' | '+' | '(' | ')' | '/');
    let mut out = Vec::new();
    let mut run = String::new();
    for c in text.chars().chain(std::iter::once('\n')) {
        if is_phone_char(c) && c != '\n' {
            run.push(c);
            continue;
        }
        // Several numbers can sit in one run ("04 78 37 18 18 04 78 37 18 19"): grow token by
        // token until a complete number appears.
        let mut acc = String::new();
        for token in run.split_whitespace() {
            acc.push_str(token);
            if let Some(n) = normalize_phone(&acc) {
                if !out.contains(&n) {
                    out.push(n);
                }
                acc.clear();
            } else if acc.chars().filter(char::is_ascii_digit).count() > 13 {
                acc.clear();
            }
        }
        run.clear();
    }
    out
}

pub use prospecta_shared::company::normalize_phone;

// ---------------------------------------------------------------------------------------------
// Website, e-mail, next page

/// Hosts that are never the pro's own site: PagesJaunes itself, social networks, the booking
/// and quote platforms behind "Prendre RDV" buttons.
const NOT_A_WEBSITE: &[&str] = &[
    "pagesjaunes.fr",
    "pagesblanches.fr",
    "solocal.com",
    "facebook.com",
    "instagram.com",
    "twitter.com",
    "x.com",
    "linkedin.com",
    "youtube.com",
    "tiktok.com",
    "pinterest.",
    "doctolib.fr",
    "planity.com",
    "google.",
];
const SOCIAL_CLASSES: &[&str] =
    &["FACEBOOK", "INSTAGRAM", "TWITTER", "LINKEDIN", "YOUTUBE", "PINTEREST", "btn_external_link"];

fn website(scope: ElementRef<'_>, base_url: &str) -> Option<String> {
    const SITE_LINKS: &[&str] = &[
        "a.bi-website",
        ".site-internet a",
        ".SEL-internet a",
        "a.SITE_EXTERNE",
        ".lvs-container a",
        "[id^='bi-sites-internet-'] a",
        "a[itemprop='url']",
    ];
    let accept = |el: ElementRef<'_>| {
        if SOCIAL_CLASSES.iter().any(|c| has_class(el, c)) {
            return None;
        }
        let url = link_target(el, base_url)?;
        is_external_site(&url).then_some(url)
    };
    SITE_LINKS.iter().flat_map(|c| select_all(scope, c)).find_map(accept).or_else(|| {
        // Unknown layout: any link that says it is the pro's site.
        select_all(scope, "a").into_iter().find_map(|el| {
            let label = format!("{} {}", el.value().attr("title").unwrap_or(""), el.text().collect::<String>());
            let label = label.to_lowercase();
            let says_site = ["site web", "site internet", "accéder au site"].iter().any(|w| label.contains(w));
            if says_site { accept(el) } else { None }
        })
    })
}

fn is_external_site(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    let Some(rest) = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://")) else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit('@').next().unwrap_or(host).split(':').next().unwrap_or(host);
    // "google." stands for every country domain; other entries match the domain and its
    // subdomains only (so "wix.com" is not caught by "x.com").
    let listed = |h: &&str| match h.strip_suffix('.') {
        Some(name) => host.starts_with(*h) || host.contains(&format!(".{name}.")),
        None => host == *h || host.ends_with(&format!(".{h}")),
    };
    !host.is_empty() && !NOT_A_WEBSITE.iter().any(listed)
}

fn email(scope: ElementRef<'_>) -> Option<String> {
    let from_link = select_all(scope, "a[href^='mailto:'], a[href^='MAILTO:']").into_iter().find_map(|a| {
        let href = a.value().attr("href")?;
        let address = href.get(7..)?.split('?').next()?.trim();
        find_email(address)
    });
    from_link.or_else(|| find_email(&visible_text(scope)))
}

/// The first e-mail address in free text ("Devis gratuit : contact@exemple.fr").
pub fn find_email(text: &str) -> Option<String> {
    let is_local = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-');
    let is_domain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-');
    for (at, _) in text.match_indices('@') {
        let Some(local_start) =
            text[..at].char_indices().rev().take_while(|(_, c)| is_local(*c)).last().map(|(i, _)| i)
        else {
            continue;
        };
        let local = text[local_start..at].trim_start_matches('.');
        let domain_len = text[at + 1..].chars().take_while(|c| is_domain(*c)).map(char::len_utf8).sum::<usize>();
        let domain = text[at + 1..at + 1 + domain_len].trim_end_matches(['.', '-']);
        let tld_ok =
            domain.rsplit('.').next().is_some_and(|t| t.len() >= 2 && t.chars().all(|c| c.is_ascii_alphabetic()));
        if !local.is_empty() && domain.contains('.') && tld_ok && !domain.ends_with("pagesjaunes.fr") {
            return Some(format!("{local}@{domain}"));
        }
    }
    None
}

fn next_page(root: ElementRef<'_>, base_url: &str) -> Option<String> {
    const CSS: &[&str] = &[
        "a#pagination-next",
        "a.link_pagination.next",
        ".pagination a.next",
        "a[rel='next']",
        "link[rel='next']",
        "a",
    ];
    CSS.iter().flat_map(|c| select_all(root, c)).find_map(|el| {
        if has_class(el, "disabled") {
            return None;
        }
        let is_next = el.value().id() == Some("pagination-next")
            || has_class(el, "next")
            || el.value().attr("rel") == Some("next")
            || {
                let label = format!("{} {}", el.value().attr("title").unwrap_or(""), el.text().collect::<String>());
                let label = label.trim().to_lowercase();
                label.starts_with("page suivante") || label == "suivant"
            };
        if !is_next {
            return None;
        }
        link_target(el, base_url).filter(|u| u.starts_with("http"))
    })
}

// ---------------------------------------------------------------------------------------------
// Links

/// Where a link really goes: its `href` when it is a real one, else its `data-pjlb`, joined
/// with `base_url` when relative.
fn link_target(el: ElementRef<'_>, base_url: &str) -> Option<String> {
    let v = el.value();
    let href = v
        .attr("href")
        .map(str::trim)
        .filter(|h| !h.is_empty() && !h.starts_with('#') && !h.to_ascii_lowercase().starts_with("javascript:"));
    let target = match href {
        Some(h) => h.to_string(),
        None => decode_pjlb(v.attr("data-pjlb")?).ok()?,
    };
    let lower = target.to_ascii_lowercase();
    if lower.starts_with("javascript:") || target.is_empty() {
        return None;
    }
    Some(join_url(base_url, &target))
}

/// `data-pjlb='{"url":"<base64>","ucod":"b64u8"}'`: PHP-encoded JSON (so `\/` inside the
/// base64), then base64 of UTF-8, padding optional, standard or URL-safe alphabet.
pub fn decode_pjlb(attr: &str) -> Result<String, PjlbError> {
    let value: serde_json::Value = serde_json::from_str(attr).map_err(|e| PjlbError::Json(e.to_string()))?;
    let encoded = value.get("url").and_then(serde_json::Value::as_str).ok_or(PjlbError::MissingUrl)?;
    let encoded: String = encoded.chars().filter(|c| !c.is_whitespace()).collect();
    let trimmed = encoded.trim_end_matches('=');
    let bytes = [&STANDARD, &URL_SAFE]
        .into_iter()
        .find_map(|engine| engine.decode(&encoded).ok())
        .or_else(|| [&STANDARD_NO_PAD, &URL_SAFE_NO_PAD].into_iter().find_map(|engine| engine.decode(trimmed).ok()))
        .ok_or(PjlbError::Base64)?;
    String::from_utf8(bytes).map_err(|_| PjlbError::Utf8)
}

/// Joins a decoded link with the site: absolute URLs and other schemes (`tel:`, `mailto:`)
/// stay as they are.
pub fn join_url(base_url: &str, link: &str) -> String {
    let link = link.trim();
    if let Some(rest) = link.strip_prefix("//") {
        return format!("https://{rest}");
    }
    let has_scheme = link.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    });
    if has_scheme {
        return link.to_string();
    }
    let origin = match base_url.find("://") {
        Some(i) => {
            let after = &base_url[i + 3..];
            let host_end = after.find('/').map_or(base_url.len(), |j| i + 3 + j);
            &base_url[..host_end]
        }
        None => base_url.trim_end_matches('/'),
    };
    if link.starts_with('/') { format!("{origin}{link}") } else { format!("{origin}/{link}") }
}

// ---------------------------------------------------------------------------------------------
// Text

/// Visible text of an element, whitespace collapsed (including `&nbsp;`), skipping scripts,
/// styles and descendants carrying one of `skip_classes`.
fn clean_text(el: ElementRef<'_>, skip_classes: &[&str]) -> Option<String> {
    let skip = |e: &scraper::node::Element| e.classes().any(|c| skip_classes.contains(&c));
    let mut out = String::new();
    collect_text(el, &skip, &mut out);
    non_empty(out.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// The text under `el`, leaving out scripts and the elements `skip` says (with everything in
/// them). Iterative on purpose: a hostile or broken page can nest elements deeper than the stack.
fn collect_text(el: ElementRef<'_>, skip: &dyn Fn(&scraper::node::Element) -> bool, out: &mut String) {
    let mut skipped = HashSet::new();
    for node in el.descendants().skip(1) {
        if node.parent().is_some_and(|p| skipped.contains(&p.id())) {
            skipped.insert(node.id());
            continue;
        }
        match node.value() {
            Node::Text(t) => {
                // Element boundaries separate words that the markup glues together.
                if node.prev_sibling().is_some() {
                    out.push(' ');
                }
                out.push_str(t);
            }
            Node::Element(e) => {
                if matches!(e.name(), "script" | "style" | "noscript" | "template") || skip(e) {
                    skipped.insert(node.id());
                } else {
                    out.push(' ');
                }
            }
            _ => {}
        }
    }
}

fn visible_text(el: ElementRef<'_>) -> String {
    clean_text(el, &[]).unwrap_or_default()
}

fn non_empty(s: String) -> Option<String> {
    let s = s.trim().to_string();
    (!s.is_empty()).then_some(s)
}

// ---------------------------------------------------------------------------------------------
// JSON-LD

#[derive(Debug, Default, Clone)]
struct LdBusiness {
    pj_id: String,
    name: Option<String>,
    street: Option<String>,
    postal_code: Option<String>,
    city: Option<String>,
    telephone: Option<String>,
    email: Option<String>,
}

impl LdBusiness {
    fn to_listing(&self) -> Listing {
        Listing {
            name: self.name.clone(),
            street: self.street.clone(),
            postal_code: self.postal_code.clone(),
            city: self.city.clone(),
            phones: self.telephone.as_deref().map(extract_phones).unwrap_or_default(),
            website: None,
            email: self.email.clone(),
            pj_id: Some(self.pj_id.clone()),
            siret: None,
            marketing_opposition: false,
        }
    }
}

/// Businesses of the page's JSON-LD by establishment code. PagesJaunes abbreviates the street
/// there ("1 rue Auber" → "1 Auber"), so it only fills what the HTML lacks.
#[derive(Debug, Default)]
struct JsonLd {
    by_id: HashMap<String, LdBusiness>,
    in_order: Vec<String>,
}

impl JsonLd {
    fn read(root: ElementRef<'_>) -> Self {
        let mut ld = JsonLd::default();
        for script in select_all(root, "script[type='application/ld+json']") {
            let text: String = script.text().collect();
            if let Ok(value) = serde_json::from_str::<serde_json::Value>(&text) {
                ld.walk(&value, 0);
            }
        }
        ld
    }

    fn walk(&mut self, value: &serde_json::Value, depth: usize) {
        // Bounded: the JSON comes from the page.
        if depth > 12 {
            return;
        }
        match value {
            serde_json::Value::Array(items) => items.iter().for_each(|v| self.walk(v, depth + 1)),
            serde_json::Value::Object(map) => {
                let str_of = |v: Option<&serde_json::Value>| {
                    v.and_then(|v| v.as_str()).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
                };
                let url = str_of(map.get("url")).or_else(|| str_of(map.get("@id")));
                if let Some(pj_id) = url.as_deref().and_then(find_pj_id)
                    && map.contains_key("name")
                    && !self.by_id.contains_key(&pj_id)
                {
                    let address = map.get("address");
                    let business = LdBusiness {
                        pj_id: pj_id.clone(),
                        name: str_of(map.get("name")),
                        street: str_of(address.and_then(|a| a.get("streetAddress"))),
                        postal_code: str_of(address.and_then(|a| a.get("postalCode"))),
                        city: str_of(address.and_then(|a| a.get("addressLocality"))).map(|c| strip_cedex(&c)),
                        telephone: str_of(map.get("telephone")),
                        email: str_of(map.get("email")),
                    };
                    self.in_order.push(pj_id.clone());
                    self.by_id.insert(pj_id, business);
                }
                map.values().for_each(|v| self.walk(v, depth + 1));
            }
            _ => {}
        }
    }
}

fn fill_from_ld(listing: &mut Listing, ld: &JsonLd) {
    let Some(b) = listing.pj_id.as_ref().and_then(|id| ld.by_id.get(id)) else { return };
    if listing.name.is_none() {
        listing.name = b.name.clone();
    }
    if listing.postal_code.is_none() {
        listing.postal_code = b.postal_code.clone();
        listing.street = listing.street.take().or_else(|| b.street.clone());
    }
    if listing.city.is_none() {
        listing.city = b.city.clone();
    }
    if listing.phones.is_empty()
        && let Some(tel) = &b.telephone
    {
        listing.phones = extract_phones(tel);
    }
    if listing.email.is_none() {
        listing.email = b.email.clone();
    }
}

/// The result count a results page announces (`#SEL-nbresultat`, "15 422"), for progress bars
/// and previews. `None` when the page does not say.
pub fn result_count(html: &str) -> Option<u32> {
    let doc = Html::parse_document(html);
    let el = first(doc.root_element(), &["#SEL-nbresultat", ".pjts_nbresultat", ".denombrement"])?;
    let digits: String =
        el.text().collect::<String>().chars().take_while(|c| !c.is_alphabetic()).filter(char::is_ascii_digit).collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_are_normalised_to_e164() {
        for raw in [
            "01 23 45 67 89",
            "01.23.45.67.89",
            "01-23-45-67-89",
            "0123456789",
            "+33 (0)1 23 45 67 89",
            "+33 1 23 45 67 89",
            "0033 1 23 45 67 89",
            "+33 0 1 23 45 67 89",
        ] {
            assert_eq!(normalize_phone(raw).as_deref(), Some("+33123456789"), "{raw}");
        }
        assert_eq!(normalize_phone("06 12 48 77 90").as_deref(), Some("+33612487790"));
    }

    #[test]
    fn bad_phones_are_rejected() {
        for raw in [
            "",
            "Afficher le N°",
            "01 23 45 67",
            "01 23 45 67 89 10",
            "00 23 45 67 89",
            "+44 20 7946 0958",
            "12345",
            "01 23 45 67 8a",
            "++33123456789",
        ] {
            assert_eq!(normalize_phone(raw), None, "{raw}");
        }
    }

    #[test]
    fn phones_are_extracted_from_text_without_duplicates() {
        assert_eq!(extract_phones("Tél : 04 78 37 18 18 04 78 37 18 19"), vec!["+33478371818", "+33478371819"]);
        assert_eq!(extract_phones("Tél : 04 78 37 18 18 / 04.78.37.18.18"), vec!["+33478371818"]);
        assert!(extract_phones("Plombier Express 24/7").is_empty());
    }

    #[test]
    fn labelled_phones_skip_unlabelled_numbers() {
        assert_eq!(
            labelled_phones("Depuis 1987. Tél. 04 72 33 45 10 — Mobile : 06 12 48 77 90"),
            vec!["+33472334510", "+33612487790"]
        );
    }

    #[test]
    fn pjlb_is_json_then_base64() {
        // PHP escapes "/" inside the base64 as "\/".
        let attr = r#"{"url":"aHR0cHM6Ly9jaGF1ZmZhZ2UtZHVib2V1Zi5mci8\/bGFuZz1mcg==","ucod":"b64u8"}"#;
        assert_eq!(decode_pjlb(attr).as_deref(), Ok("https://chauffage-duboeuf.fr/?lang=fr"));
        let unpadded = r#"{"url":"aHR0cHM6Ly9jaGF1ZmZhZ2UtZHVib2V1Zi5mci8_bGFuZz1mcg"}"#;
        assert_eq!(decode_pjlb(unpadded).as_deref(), Ok("https://chauffage-duboeuf.fr/?lang=fr"));
        assert_eq!(decode_pjlb(r#"{"url":"L3Byb3MvMDcwMTIzNDU="}"#).as_deref(), Ok("/pros/07012345"));
    }

    #[test]
    fn malformed_pjlb_is_an_error() {
        assert!(matches!(decode_pjlb("{\"url\":"), Err(PjlbError::Json(_))));
        assert_eq!(decode_pjlb(r#"{"ucod":"b64u8"}"#), Err(PjlbError::MissingUrl));
        assert_eq!(decode_pjlb(r#"{"url":42}"#), Err(PjlbError::MissingUrl));
        assert_eq!(decode_pjlb(r#"{"url":"%%%not base64"}"#), Err(PjlbError::Base64));
        assert_eq!(decode_pjlb(r#"{"url":"//79"}"#), Err(PjlbError::Utf8));
    }

    #[test]
    fn relative_links_are_joined() {
        assert_eq!(join_url(PAGESJAUNES_BASE_URL, "/pros/07012345"), "https://www.pagesjaunes.fr/pros/07012345");
        assert_eq!(join_url("https://www.pagesjaunes.fr/annuaire/x", "pros/1"), "https://www.pagesjaunes.fr/pros/1");
        assert_eq!(join_url(PAGESJAUNES_BASE_URL, "http://a.fr/b?c=d"), "http://a.fr/b?c=d");
        assert_eq!(join_url(PAGESJAUNES_BASE_URL, "tel:0478601234"), "tel:0478601234");
    }

    #[test]
    fn only_the_pros_own_site_is_a_website() {
        assert!(is_external_site("https://www.plomberie-martin-lyon.fr/"));
        assert!(is_external_site("https://monplombier.wix.com/accueil"));
        assert!(!is_external_site("https://www.facebook.com/plombier"));
        assert!(!is_external_site("https://www.pagesjaunes.fr/pros/07012345"));
        assert!(!is_external_site("https://www.google.fr/maps"));
        assert!(!is_external_site("/carte/07012345"));
        assert!(!is_external_site("javascript:"));
    }

    #[test]
    fn cedex_is_stripped_from_the_city() {
        assert_eq!(strip_cedex("Lyon CEDEX 03"), "Lyon");
        assert_eq!(strip_cedex("Saint-Priest CEDEX"), "Saint-Priest");
        assert_eq!(strip_cedex("Paris Cedex"), "Paris");
        assert_eq!(strip_cedex("Cedexville"), "Cedexville");
        assert_eq!(strip_cedex("Lyon"), "Lyon");
    }

    #[test]
    fn addresses_split_at_the_postcode() {
        let parts = split_address("Parc Technologique, 12 allée Irène Joliot-Curie CS 60321 69792 Saint-Priest CEDEX");
        assert_eq!(
            parts,
            Some((
                Some("Parc Technologique, 12 allée Irène Joliot-Curie CS 60321".into()),
                Some("69792".into()),
                Some("Saint-Priest".into())
            ))
        );
        assert_eq!(split_address("2 rue Garibaldi 69006 Lyon - Y aller").map(|a| a.2), Some(Some("Lyon".into())));
        assert_eq!(split_address("Voir le plan"), None);
    }

    #[test]
    fn ids_and_emails_are_found_in_text() {
        assert_eq!(find_pj_id("/pros/detail?code_etablissement=52900114&x=1").as_deref(), Some("52900114"));
        assert_eq!(find_pj_id("https://www.pagesjaunes.fr/pros/00318877#zone").as_deref(), Some("00318877"));
        assert_eq!(find_pj_id("/pros/123456789"), None);
        assert_eq!(
            find_email("Devis gratuit : croixrousse.plomberie@orange.fr").as_deref(),
            Some("croixrousse.plomberie@orange.fr")
        );
        assert_eq!(find_email("© PagesJaunes @ 2026."), None);
        assert_eq!(find_email("a @ b, puis x@y.fr").as_deref(), Some("x@y.fr"));
    }

    #[test]
    fn garbage_is_blocked_not_a_panic() {
        for html in
            ["", "\u{0}\u{1}<<<>>>", "<html><body><li id=\"bi-\"><h3>", "<script type=\"application/ld+json\">[{"]
        {
            let parsed = parse_page(html, PAGESJAUNES_BASE_URL);
            assert_eq!(parsed.page, PageKind::Blocked, "{html:?}");
        }
    }

    #[test]
    fn deeply_nested_pages_do_not_overflow_the_stack() {
        // A small stack stands in for a much deeper page: html5ever itself is quadratic in the
        // nesting depth, so the test keeps the depth modest and shrinks the stack instead.
        let html = format!("{}<h3>x</h3>{}", "<div>".repeat(3_000), "</div>".repeat(3_000));
        let handle = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || parse_page(&html, PAGESJAUNES_BASE_URL).page)
            .expect("spawn parser thread");
        assert_eq!(handle.join().ok(), Some(PageKind::Blocked));
    }

    #[test]
    fn older_layouts_still_parse() {
        let html = r#"<div id="listResults"><article id="bi-bloc-01234567" class="bi-bloc blocs">
            <a class="denomination-links" href="/pros/01234567">Vieux Plombier</a>
            <a class="adresse pj-lb pj-link">3 rue du Port 13002 Marseille</a>
            <div class="item bi-contact-tel"><span>Fax</span> <strong class="num">04 91 00 00 01</strong></div>
            <div class="item bi-contact-tel"><span>Tél</span> <strong class="num">04 91 00 00 02</strong></div>
            <ul><li class="item hidden-phone site-internet SEL-internet"><a href="http://vieux-plombier.fr" title="Accéder à vieux-plombier.fr nouvelle fenêtre">Site</a></li></ul>
            <p>Contact : <a href="mailto:contact@vieux-plombier.fr?subject=devis">écrire</a></p>
            </article></div>"#;
        let parsed = parse_page(html, PAGESJAUNES_BASE_URL);
        assert_eq!(parsed.page, PageKind::Results);
        let l = &parsed.listings[0];
        assert_eq!(l.name.as_deref(), Some("Vieux Plombier"));
        assert_eq!(l.pj_id.as_deref(), Some("01234567"));
        assert_eq!(
            (l.street.as_deref(), l.postal_code.as_deref(), l.city.as_deref()),
            (Some("3 rue du Port"), Some("13002"), Some("Marseille"))
        );
        assert_eq!(l.phones, vec!["+33491000002"]);
        assert_eq!(l.website.as_deref(), Some("http://vieux-plombier.fr"));
        assert_eq!(l.email.as_deref(), Some("contact@vieux-plombier.fr"));
        assert_eq!(l.siret, None);
    }

    /// The shape of a real fiche: a tooltip, a link and a button nested in the heading, the
    /// company's number in its contact block (with its "Appeler" button), and further down a
    /// third-party module showing its own support line as a `tel:` link.
    #[test]
    fn detail_name_is_the_headings_own_text_and_phones_come_from_the_contact_block() {
        let html = r#"<html><head><link rel="canonical" href="https://www.pagesjaunes.fr/pros/12345678"></head>
            <body><main>
            <div class="denom"><h1 class="x"> Boulangerie   Martin
              <span class="wrap-tip"><a href="/badge"><span class="value">En savoir plus</span></a>
                <button aria-expanded="false"><span>Ouvrir</span></button>
                <span class="tip-text" role="tooltip">Contenu édité par le professionnel</span></span>
              <span class="sr-only">Certifié</span></h1></div>
            <div class="zone-coord"><div class="num-box"><span class="coord-numero">04 78 00 11 22</span>
              <span><a href="tel:0478001122">Appeler</a></span></div></div>
            <section class="module-bornes"><div><div><div>
              <p>Borne de recharge — N° de tel (support) : <a href="tel:+33969322300">+33969322300</a></p>
            </div></div></div></section>
            <aside><div><div><p>Hotline : <a href="tel:0800123456">0800 12 34 56</a></p></div></div></aside>
            </main></body></html>"#;
        let parsed = parse_page(html, PAGESJAUNES_BASE_URL);
        assert_eq!(parsed.page, PageKind::Detail);
        let l = &parsed.listings[0];
        assert_eq!(l.name.as_deref(), Some("Boulangerie Martin"));
        assert_eq!(l.phones, vec!["+33478001122"]);
    }

    #[test]
    fn a_support_line_is_not_the_companys_phone_even_alone() {
        // No marked-up contact block: the `tel:` links are all there is, and the label decides.
        let html = r#"<ul><li class="bi" id="bi-12345678"><h3><a href="/pros/12345678">Pro <i class="icon-x">★</i></a></h3>
            <p>Tél : <a href="tel:0123456789">01 23 45 67 89</a></p>
            <p>Service client de la plateforme : <a href="tel:0969000000">09 69 00 00 00</a></p></li></ul>"#;
        let parsed = parse_page(html, PAGESJAUNES_BASE_URL);
        assert_eq!(parsed.listings[0].name.as_deref(), Some("Pro"));
        assert_eq!(parsed.listings[0].phones, vec!["+33123456789"]);
    }

    #[test]
    fn fax_is_not_a_phone_and_marketing_is_flagged() {
        let html = r#"<ul><li class="bi" id="bi-12345678"><h3>Pro</h3>
            <div class="number-contact">Tél : <span class="icon-marketing"><span class="screenreader">Opposé aux opérations de marketing</span></span> 01 23 45 67 89</div>
            <div class="number-contact">Fax : 01 23 45 67 80</div></li></ul>"#;
        let parsed = parse_page(html, PAGESJAUNES_BASE_URL);
        assert_eq!(parsed.listings[0].phones, vec!["+33123456789"]);
        assert!(parsed.listings[0].marketing_opposition);
    }
}
