//! Prospect databases: what the generation form's autocompletes offer.

use serde::{Deserialize, Serialize};

crate::stored_enum! {
    /// What kind of place a target names (`prospect_databases.place_kind`).
    #[derive(Serialize, Deserialize)]
    pub enum PlaceKind {
        Commune = "commune",
        Departement = "departement",
        Region = "region",
    }
}

impl PlaceKind {
    pub fn label_fr(self) -> &'static str {
        match self {
            PlaceKind::Commune => "Commune",
            PlaceKind::Departement => "Département",
            PlaceKind::Region => "Région",
        }
    }
}

/// A place the client can target: commune (INSEE code), département or région (COG code).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlaceSuggestion {
    pub kind: PlaceKind,
    pub code: String,
    pub name: String,
    /// "69001, 69002…" for a commune, "Auvergne-Rhône-Alpes" for a département.
    pub detail: String,
    pub population: u64,
}

/// A sector: an everyday activity word mapped to its NAF code, or a NAF subclass itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectorSuggestion {
    pub label: String,
    pub naf_code: String,
    pub naf_label: String,
    /// `true` for an everyday word ("plombier"), `false` for the official NAF label.
    pub everyday_word: bool,
}

// ---------------------------------------------------------------------------------------------
// Targets, previews and the client's databases

use crate::AppError;
use crate::company::{Phone, Siret, WebsiteUrl, normalize_phone, parse_postcode};
use crate::error::ValidationCode;
use crate::ids::RowId;

/// Beyond this a "local" database stops being local, and the sources' area filters stop helping.
pub const RADIUS_MAX_KM: u32 = 100;
/// Server-side pagination cap (DB-10): no page of the table holds more rows than this.
pub const PAGE_SIZE_MAX: u32 = 100;
pub const NAME_MAX: usize = 120;

/// What the client asks for: a sector (an activity word, optionally mapped to NAF) in an area.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    pub sector: String,
    pub naf_code: Option<String>,
    pub place_kind: PlaceKind,
    pub place_code: String,
    /// Around a commune only; 0 for the commune itself.
    pub radius_km: u32,
}

impl Target {
    /// The form's raw fields, checked for shape. Whether the place exists is the server's call.
    pub fn parse(
        sector: &str,
        naf_code: &str,
        place_kind: &str,
        place_code: &str,
        radius_km: &str,
    ) -> Result<Self, AppError> {
        let sector = sector.trim();
        if sector.is_empty() {
            return Err(AppError::validation("sector", ValidationCode::Required));
        }
        if sector.chars().count() > NAME_MAX {
            return Err(AppError::validation("sector", ValidationCode::TooLong { max: NAME_MAX as u32 }));
        }
        let naf_code = naf_code.trim();
        let naf_ok = naf_code.len() == 6
            && naf_code.as_bytes()[2] == b'.'
            && naf_code.bytes().enumerate().all(|(i, b)| match i {
                2 => true,
                5 => b.is_ascii_uppercase(),
                _ => b.is_ascii_digit(),
            });
        let naf_code = naf_ok.then(|| naf_code.to_string());
        let place_code = place_code.trim();
        let Some(place_kind) = PlaceKind::parse(place_kind.trim()).filter(|_| !place_code.is_empty()) else {
            return Err(AppError::validation("place", ValidationCode::UnknownPlace));
        };
        let radius_km = match radius_km.trim() {
            "" => 0,
            r => r.parse::<u32>().map_err(|_| {
                AppError::validation("radius_km", ValidationCode::OutOfRange { min: 0, max: RADIUS_MAX_KM })
            })?,
        };
        if radius_km > RADIUS_MAX_KM {
            return Err(AppError::validation("radius_km", ValidationCode::OutOfRange { min: 0, max: RADIUS_MAX_KM }));
        }
        let radius_km = if place_kind == PlaceKind::Commune { radius_km } else { 0 };
        Ok(Target { sector: sector.to_string(), naf_code, place_kind, place_code: place_code.to_string(), radius_km })
    }
}

/// Share (0–100) of the rows expected to carry each contact field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldShares {
    pub phone: u8,
    pub website: u8,
    pub email: u8,
    pub address: u8,
}

/// A row as a client may see it before paying for it: names in clear, the rest masked on the
/// server (`12 rue de la R*** 690**`, `****`). `None` means the source has no such value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MaskedRow {
    pub name: String,
    pub address: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceCount {
    pub source: String,
    /// `None` when the source could not answer now (see `note`).
    pub count: Option<u32>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatabasePreview {
    pub target: Target,
    pub target_label: String,
    pub suggested_name: String,
    pub expected_count: u32,
    pub sources: Vec<SourceCount>,
    pub shares: FieldShares,
    pub sample: Vec<MaskedRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum DatabaseStatus {
    Generating,
    /// A source refused or failed for now; the job retries by itself at `retry_at` (Paris time).
    Waiting {
        retry_at: String,
    },
    Ready,
    Failed {
        message: String,
    },
}

impl DatabaseStatus {
    pub fn label_fr(&self) -> String {
        match self {
            DatabaseStatus::Generating => "Génération en cours".into(),
            DatabaseStatus::Waiting { retry_at } => {
                format!("Source momentanément indisponible, nouvel essai à {retry_at}")
            }
            DatabaseStatus::Ready => "Prête".into(),
            DatabaseStatus::Failed { message } => format!("Échec : {message}"),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GenerationProgress {
    pub pages_fetched: u32,
    /// Known once each source told its result count; 0 before.
    pub pages_expected: u32,
    pub companies_found: u32,
    pub merged: u32,
    pub stored: u32,
    pub percent: u8,
}

/// How far the enrichment of a database's companies has gone (DB-6).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrichmentProgress {
    /// Rows the enrichment works on (the sources' companies, not rows typed by hand).
    pub total: u64,
    pub enriched: u64,
    pub with_site: u64,
    pub with_email: u64,
}

impl EnrichmentProgress {
    pub fn percent(&self) -> u8 {
        (self.enriched * 100).checked_div(self.total).map_or(100, |p| p.min(100) as u8)
    }

    pub fn done(&self) -> bool {
        self.enriched >= self.total
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatabaseSummary {
    pub id: crate::ids::DatabaseId,
    pub name: String,
    pub target_label: String,
    pub status: DatabaseStatus,
    pub created_on: String,
    pub rows_total: u64,
    pub rows_unlocked: u64,
    pub progress: GenerationProgress,
    pub enrichment: EnrichmentProgress,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum RowSort {
    #[default]
    Name,
    City,
    Quality,
    Added,
}

impl RowSort {
    /// The value of `tri` in the table's address ("" for the default, by name).
    pub fn as_query(self) -> &'static str {
        match self {
            RowSort::Name => "",
            RowSort::City => "ville",
            RowSort::Quality => "qualite",
            RowSort::Added => "ajout",
        }
    }

    pub fn from_query(raw: &str) -> RowSort {
        [RowSort::City, RowSort::Quality, RowSort::Added].into_iter().find(|s| s.as_query() == raw).unwrap_or_default()
    }
}

/// A row's place in the table's order: the value it is sorted on (as text) and its id, which
/// breaks ties. Written `apres=<value>~<id>` or `avant=…` in the address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowCursor {
    pub key: String,
    pub id: RowId,
}

impl RowCursor {
    fn as_query(&self) -> String {
        format!("{}~{}", self.key, self.id)
    }

    fn from_query(raw: &str) -> Option<RowCursor> {
        let (key, id) = raw.rsplit_once('~')?;
        Some(RowCursor { key: key.chars().take(NAME_MAX).collect(), id: id.parse().ok()? })
    }
}

/// The minimum qualities the table offers.
pub const QUALITY_STEPS: [u8; 3] = [30, 60, 100];

/// Rows shown per page by default.
pub const PAGE_SIZE_DEFAULT: u32 = 50;

/// Which rows of a database the table shows. One type from the address bar to the query: the
/// page reads it from its address ([`RowFilter::from_query`]), writes it back
/// ([`RowFilter::to_query`]) and sends that same query string to the server, which reads it
/// with the same function; anything unknown falls back to its default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowFilter {
    pub search: String,
    pub city: String,
    pub postal_code: String,
    pub has_website: Option<bool>,
    pub has_email: Option<bool>,
    pub has_phone: Option<bool>,
    /// `Some(true)` unlocked only, `Some(false)` locked only.
    pub unlocked: Option<bool>,
    pub min_quality: u8,
    pub sort: RowSort,
    pub descending: bool,
    pub page: u32,
    pub page_size: u32,
    /// The bin: rows deleted in the last 30 days, restorable.
    pub deleted: bool,
    /// Keyset paging: the page starts after this row (reached by "Page suivante") or ends
    /// before it ("Page précédente"). Only meaningful past page 1, with the same filter and sort.
    pub after: Option<RowCursor>,
    pub before: Option<RowCursor>,
}

impl Default for RowFilter {
    fn default() -> Self {
        RowFilter {
            search: String::new(),
            city: String::new(),
            postal_code: String::new(),
            has_website: None,
            has_email: None,
            has_phone: None,
            unlocked: None,
            min_quality: 0,
            sort: RowSort::Name,
            descending: false,
            page: 1,
            page_size: PAGE_SIZE_DEFAULT,
            deleted: false,
            after: None,
            before: None,
        }
    }
}

/// A presence filter in the address: `avec`, `sans`, or nothing.
pub fn presence_as_query(wanted: Option<bool>) -> &'static str {
    match wanted {
        Some(true) => "avec",
        Some(false) => "sans",
        None => "",
    }
}

pub fn presence_from_query(raw: &str) -> Option<bool> {
    match raw {
        "avec" => Some(true),
        "sans" => Some(false),
        _ => None,
    }
}

/// The unlocked filter in the address: `debloquees`, `verrouillees`, or nothing.
pub fn unlocked_as_query(wanted: Option<bool>) -> &'static str {
    match wanted {
        Some(true) => "debloquees",
        Some(false) => "verrouillees",
        None => "",
    }
}

pub fn unlocked_from_query(raw: &str) -> Option<bool> {
    [Some(true), Some(false)].into_iter().find(|w| unlocked_as_query(*w) == raw).flatten()
}

impl RowFilter {
    /// Reads the table's address query (`q=dupont&site=avec&page=2`, with or without its `?`;
    /// French keys and values, so a shared or bookmarked address stays readable).
    pub fn from_query(query: &str) -> RowFilter {
        let pairs = query.trim_start_matches('?').split('&').filter_map(|pair| pair.split_once('='));
        RowFilter::from_pairs(pairs.map(|(k, v)| (crate::format::percent_decode(k), crate::format::percent_decode(v))))
    }

    /// The same from pairs already decoded (a router's parameters).
    pub fn from_pairs<K: AsRef<str>, V: AsRef<str>>(pairs: impl IntoIterator<Item = (K, V)>) -> RowFilter {
        let clip = |s: &str| s.trim().chars().take(NAME_MAX).collect::<String>();
        let mut f = RowFilter::default();
        for (key, value) in pairs {
            let value = value.as_ref().trim();
            match key.as_ref() {
                "q" => f.search = clip(value),
                "ville" => f.city = clip(value),
                "cp" => f.postal_code = clip(value),
                "site" => f.has_website = presence_from_query(value),
                "email" => f.has_email = presence_from_query(value),
                "tel" => f.has_phone = presence_from_query(value),
                "statut" => f.unlocked = unlocked_from_query(value),
                "qualite" => f.min_quality = value.parse().ok().filter(|q| QUALITY_STEPS.contains(q)).unwrap_or(0),
                "tri" => f.sort = RowSort::from_query(value),
                "ordre" => f.descending = value == "desc",
                "page" => f.page = value.parse::<u32>().unwrap_or(1).max(1),
                "taille" => f.page_size = value.parse::<u32>().unwrap_or(PAGE_SIZE_DEFAULT).clamp(1, PAGE_SIZE_MAX),
                "corbeille" => f.deleted = value == "1",
                "apres" => f.after = RowCursor::from_query(value),
                "avant" => f.before = RowCursor::from_query(value),
                _ => {}
            }
        }
        if f.page == 1 || f.after.is_some() {
            f.before = None;
        }
        if f.page == 1 {
            f.after = None;
        }
        f
    }

    /// `?q=dupont&site=avec&page=2`, or "" when everything is at its default.
    pub fn to_query(&self) -> String {
        let (page, size, quality) = (self.page.to_string(), self.page_size.to_string(), self.min_quality.to_string());
        let (after, before) = (
            self.after.as_ref().map(RowCursor::as_query).unwrap_or_default(),
            self.before.as_ref().map(RowCursor::as_query).unwrap_or_default(),
        );
        let pairs = [
            ("q", self.search.as_str()),
            ("ville", &self.city),
            ("cp", &self.postal_code),
            ("site", presence_as_query(self.has_website)),
            ("email", presence_as_query(self.has_email)),
            ("tel", presence_as_query(self.has_phone)),
            ("statut", unlocked_as_query(self.unlocked)),
            ("qualite", if self.min_quality > 0 { &quality } else { "" }),
            ("tri", self.sort.as_query()),
            ("ordre", if self.descending { "desc" } else { "" }),
            ("page", if self.page > 1 { &page } else { "" }),
            ("taille", if self.page_size != PAGE_SIZE_DEFAULT { &size } else { "" }),
            ("corbeille", if self.deleted { "1" } else { "" }),
            ("apres", &after),
            ("avant", &before),
        ];
        let parts: Vec<String> = pairs
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}={}", crate::format::percent_encode(v, b"")))
            .collect();
        if parts.is_empty() { String::new() } else { format!("?{}", parts.join("&")) }
    }

    /// Whether anything narrows the rows (sort, page and tab do not).
    pub fn is_filtered(&self) -> bool {
        let unfiltered =
            RowFilter { sort: self.sort, descending: self.descending, deleted: self.deleted, ..Default::default() };
        RowFilter { page: 1, page_size: PAGE_SIZE_DEFAULT, after: None, before: None, ..self.clone() } != unfiltered
    }

    /// Page `page` of the same view, reached from `from` (the page shown): one step forward or
    /// back follows `from`'s cursor, any other jump counts rows.
    pub fn at_page(&self, page: u32, from: Option<&RowPage>) -> Self {
        let step = from.filter(|p| p.page == self.page);
        let (after, before) = match step {
            Some(p) if page == self.page + 1 => (p.next.clone(), None),
            Some(p) if page + 1 == self.page && page > 1 => (None, p.previous.clone()),
            _ => (None, None),
        };
        RowFilter { page: page.max(1), after, before, ..self.clone() }
    }

    /// The same view without any filter (sort, page size and tab kept), back on page 1.
    pub fn cleared(&self) -> Self {
        RowFilter {
            sort: self.sort,
            descending: self.descending,
            deleted: self.deleted,
            page_size: self.page_size,
            ..RowFilter::default()
        }
    }
}

/// One row of a client's database. Locked rows carry masked values only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowView {
    pub id: RowId,
    pub name: String,
    pub street: Option<String>,
    pub postal_code: Option<String>,
    pub city: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    /// 0–100: verified e-mail, website and phone weigh most.
    pub quality: u8,
    pub locked: bool,
    pub manual: bool,
    /// "Nouveau", later "Formulaire envoyé le …" (outreach).
    pub status: String,
    /// For the bin: "supprimée le 12/11/2026, restaurable jusqu'au 12/12/2026".
    pub deleted_note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowPage {
    pub rows: Vec<RowView>,
    pub total: u64,
    pub page: u32,
    pub page_size: u32,
    /// Where the next page starts (after this page's last row), and where the previous one
    /// ends (before its first row): following them costs the same on page 2 or page 2 000.
    pub next: Option<RowCursor>,
    pub previous: Option<RowCursor>,
}

impl RowPage {
    pub fn pages(&self) -> u32 {
        (self.total.div_ceil(u64::from(self.page_size.max(1))) as u32).max(1)
    }
}

/// Where a value comes from, shown in the detail panel (DB-6 provenance).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FactView {
    pub field: String,
    pub value: String,
    pub source: String,
    pub observed_on: String,
    pub confidence: u8,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyDetail {
    pub row: RowView,
    pub legal_name: Option<String>,
    pub siren: Option<String>,
    pub siret: Option<String>,
    pub naf: Option<String>,
    pub headcount: Option<String>,
    pub created_on: Option<String>,
    pub facts: Vec<FactView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnlockOutcome {
    pub unlocked: u32,
    /// What is left of the prospects quota after this unlock.
    pub prospects_left: i64,
}

/// A company typed by hand into a database, checked field by field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManualCompany {
    pub name: String,
    pub siret: Option<Siret>,
    pub street: Option<String>,
    pub postal_code: String,
    pub city: String,
    pub phone: Option<Phone>,
    pub email: Option<String>,
    pub website: Option<WebsiteUrl>,
}

fn optional(v: &str) -> Option<&str> {
    Some(v.trim()).filter(|v| !v.is_empty())
}

impl ManualCompany {
    #[allow(clippy::too_many_arguments)]
    pub fn parse(
        name: &str,
        siret: &str,
        street: &str,
        postal_code: &str,
        city: &str,
        phone: &str,
        email: &str,
        website: &str,
    ) -> Result<Self, AppError> {
        let required = |field: &str, v: &str| -> Result<String, AppError> {
            let v = v.trim();
            if v.is_empty() {
                return Err(AppError::validation(field, ValidationCode::Required));
            }
            if v.chars().count() > NAME_MAX * 2 {
                return Err(AppError::validation(field, ValidationCode::TooLong { max: (NAME_MAX * 2) as u32 }));
            }
            crate::accounts::single_line(field, v)?;
            Ok(v.to_string())
        };
        Ok(ManualCompany {
            name: required("name", name)?,
            siret: optional(siret).map(|s| Siret::parse("siret", s)).transpose()?,
            street: optional(street).map(|s| s.chars().take(NAME_MAX * 2).collect()),
            postal_code: parse_postcode("postal_code", postal_code)?,
            city: required("city", city)?,
            phone: optional(phone).map(|p| Phone::parse("phone", p)).transpose()?,
            email: optional(email)
                .map(|e| crate::accounts::Email::parse("email", e).map(|e| e.as_str().to_string()))
                .transpose()?,
            website: optional(website).map(|w| WebsiteUrl::parse("website", w)).transpose()?,
        })
    }
}

/// `true` when the phone text is a real French number (for the table's "has phone" badges).
pub fn is_phone(raw: &str) -> bool {
    normalize_phone(raw).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_refuse_empty_sector_unknown_place_and_big_radius() {
        assert!(matches!(
            Target::parse("", "", "commune", "69123", "0"),
            Err(AppError::Validation { ref field, code: ValidationCode::Required }) if field == "sector"
        ));
        assert!(matches!(
            Target::parse("plombier", "", "", "", "0"),
            Err(AppError::Validation { code: ValidationCode::UnknownPlace, .. })
        ));
        assert!(matches!(
            Target::parse("plombier", "43.22A", "commune", "69123", "150"),
            Err(AppError::Validation { code: ValidationCode::OutOfRange { max: 100, .. }, .. })
        ));
        let t = Target::parse(" plombier ", "43.22A", "commune", "69123", "20").unwrap();
        assert_eq!((t.sector.as_str(), t.naf_code.as_deref(), t.radius_km), ("plombier", Some("43.22A"), 20));
        // A radius only makes sense around a commune; free text keeps no NAF code.
        let t = Target::parse("fabricant de bougies", "n/a", "departement", "69", "20").unwrap();
        assert_eq!((t.naf_code, t.radius_km), (None, 0));
    }

    #[test]
    fn row_filters_round_trip_through_the_address() {
        let f = RowFilter {
            search: "C&A Lyon+".into(),
            has_website: Some(true),
            has_phone: Some(false),
            unlocked: Some(false),
            min_quality: 60,
            sort: RowSort::Quality,
            descending: true,
            page: 3,
            ..RowFilter::default()
        };
        let query = f.to_query();
        assert_eq!(
            query,
            "?q=C%26A%20Lyon%2B&site=avec&tel=sans&statut=verrouillees&qualite=60&tri=qualite&ordre=desc&page=3"
        );
        assert_eq!(RowFilter::from_query(&query), f);
        assert!(f.is_filtered());
        assert!(!f.cleared().is_filtered());
        assert_eq!(f.cleared().to_query(), "?tri=qualite&ordre=desc");
        assert_eq!(RowFilter::default().to_query(), "");
        assert!(!RowFilter { page: 4, deleted: true, ..RowFilter::default() }.is_filtered());
    }

    #[test]
    fn pages_reached_one_step_at_a_time_carry_a_cursor() {
        let shown = RowPage {
            rows: Vec::new(),
            total: 500,
            page: 3,
            page_size: 50,
            next: Some(RowCursor { key: "dupont~fils".into(), id: RowId(42) }),
            previous: Some(RowCursor { key: "bernard".into(), id: RowId(7) }),
        };
        let at3 = RowFilter { page: 3, ..RowFilter::default() };
        let next = at3.at_page(4, Some(&shown));
        assert_eq!((next.after.clone(), next.before.clone()), (shown.next.clone(), None));
        assert_eq!(next.to_query(), "?page=4&apres=dupont~fils~42");
        assert_eq!(RowFilter::from_query(&next.to_query()), next, "a key holding the separator survives");
        assert_eq!(at3.at_page(2, Some(&shown)).before, shown.previous);
        assert_eq!(at3.at_page(1, Some(&shown)).to_query(), "", "page 1 needs no cursor");
        assert_eq!(at3.at_page(9, Some(&shown)).after, None, "a jump counts rows");
        // A cursor on page 1, or both at once, is dropped.
        assert_eq!(RowFilter::from_query("apres=a~1"), RowFilter::default());
        assert_eq!(RowFilter::from_query("page=2&apres=a~1&avant=b~2").before, None);
        assert_eq!(RowFilter::from_query("page=2&apres=sans-id").after, None);
    }

    #[test]
    fn row_filters_fall_back_to_defaults_and_clamp_pages_to_the_cap() {
        let odd = RowFilter::from_query("site=peut-etre&page=-2&taille=5000&qualite=250&tri=prix&statut=x&inconnu=1");
        assert_eq!(odd, RowFilter { page_size: PAGE_SIZE_MAX, ..RowFilter::default() });
        assert_eq!(RowFilter::from_query("page=0").page, 1);
        let long = "x".repeat(500);
        assert_eq!(RowFilter::from_query(&format!("q={long}")).search.chars().count(), NAME_MAX);
    }

    #[test]
    fn manual_companies_check_every_field() {
        let ok =
            ManualCompany::parse("Dupont", "120 027 016 00357", "", "69003", "Lyon", "0478601234", "", "dupont.fr")
                .unwrap();
        assert_eq!(ok.siret.as_ref().map(Siret::as_str), Some("12002701600357"));
        assert_eq!(ok.phone.as_ref().map(Phone::as_str), Some("+33478601234"));
        assert_eq!(ok.website.as_ref().map(WebsiteUrl::as_str), Some("https://dupont.fr/"));
        let bad_siret = ManualCompany::parse("Dupont", "12002701600358", "", "69003", "Lyon", "", "", "");
        assert_eq!(bad_siret, Err(AppError::validation("siret", ValidationCode::InvalidSiret)));
        let bad_phone = ManualCompany::parse("Dupont", "", "", "69003", "Lyon", "12", "", "");
        assert_eq!(bad_phone, Err(AppError::validation("phone", ValidationCode::InvalidPhone)));
        let no_name = ManualCompany::parse(" ", "", "", "69003", "Lyon", "", "", "");
        assert_eq!(no_name, Err(AppError::validation("name", ValidationCode::Required)));
    }
}

/// A real unlocked prospect of a database, to preview a message as it will read (what the
/// message's `{{societe}}`, `{{ville}}` and `{{secteur}}` become).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SampleProspect {
    pub name: String,
    pub city: Option<String>,
    pub sector: String,
}
