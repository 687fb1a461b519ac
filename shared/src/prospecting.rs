//! Prospect databases: what the generation form's autocompletes offer.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PlaceKind {
    Commune,
    Departement,
    Region,
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
use crate::company::{normalize_phone, parse_phone, parse_postcode, parse_siret, parse_website};
use crate::error::ValidationCode;

/// Beyond this a "local" database stops being local, and the sources' area filters stop helping.
pub const RADIUS_MAX_KM: u32 = 100;
/// Server-side pagination cap (DB-10): no page of the table holds more rows than this.
pub const PAGE_SIZE_MAX: u32 = 100;
pub const NAME_MAX: usize = 120;

impl PlaceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PlaceKind::Commune => "commune",
            PlaceKind::Departement => "departement",
            PlaceKind::Region => "region",
        }
    }

    pub fn parse(raw: &str) -> Option<PlaceKind> {
        match raw {
            "commune" | "Commune" => Some(PlaceKind::Commune),
            "departement" | "Departement" => Some(PlaceKind::Departement),
            "region" | "Region" => Some(PlaceKind::Region),
            _ => None,
        }
    }
}

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
    pub id: i64,
    pub name: String,
    pub target_label: String,
    pub status: DatabaseStatus,
    pub created_on: String,
    pub rows_total: u64,
    pub rows_unlocked: u64,
    pub progress: GenerationProgress,
    pub enrichment: EnrichmentProgress,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RowSort {
    Name,
    City,
    Quality,
    Added,
}

impl RowSort {
    pub fn parse(raw: &str) -> RowSort {
        match raw {
            "city" => RowSort::City,
            "quality" => RowSort::Quality,
            "added" => RowSort::Added,
            _ => RowSort::Name,
        }
    }
}

/// Which rows of a database the table shows. Built from the table's query string.
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
}

fn tri_state(raw: &str) -> Option<bool> {
    match raw {
        "oui" | "true" | "1" => Some(true),
        "non" | "false" | "0" => Some(false),
        _ => None,
    }
}

impl RowFilter {
    #[allow(clippy::too_many_arguments)]
    pub fn parse(
        search: &str,
        city: &str,
        postal_code: &str,
        has_website: &str,
        has_email: &str,
        has_phone: &str,
        unlocked: &str,
        min_quality: &str,
        sort: &str,
        descending: bool,
        page: u32,
        page_size: u32,
        deleted: bool,
    ) -> RowFilter {
        let clip = |s: &str| s.trim().chars().take(NAME_MAX).collect::<String>();
        RowFilter {
            search: clip(search),
            city: clip(city),
            postal_code: clip(postal_code),
            has_website: tri_state(has_website),
            has_email: tri_state(has_email),
            has_phone: tri_state(has_phone),
            unlocked: tri_state(unlocked),
            min_quality: min_quality.trim().parse::<u8>().unwrap_or(0).min(100),
            sort: RowSort::parse(sort),
            descending,
            page: page.max(1),
            page_size: page_size.clamp(1, PAGE_SIZE_MAX),
            deleted,
        }
    }
}

/// One row of a client's database. Locked rows carry masked values only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowView {
    pub id: i64,
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
    pub siret: Option<String>,
    pub street: Option<String>,
    pub postal_code: String,
    pub city: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
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
            siret: optional(siret).map(|s| parse_siret("siret", s)).transpose()?,
            street: optional(street).map(|s| s.chars().take(NAME_MAX * 2).collect()),
            postal_code: parse_postcode("postal_code", postal_code)?,
            city: required("city", city)?,
            phone: optional(phone).map(|p| parse_phone("phone", p)).transpose()?,
            email: optional(email)
                .map(|e| crate::accounts::Email::parse("email", e).map(|e| e.as_str().to_string()))
                .transpose()?,
            website: optional(website).map(|w| parse_website("website", w)).transpose()?,
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
    fn row_filters_clamp_pages_to_the_cap() {
        let f = RowFilter::parse("", "", "", "oui", "", "non", "", "250", "quality", true, 0, 5000, false);
        assert_eq!((f.page, f.page_size, f.min_quality), (1, PAGE_SIZE_MAX, 100));
        assert_eq!((f.has_website, f.has_phone, f.has_email), (Some(true), Some(false), None));
    }

    #[test]
    fn manual_companies_check_every_field() {
        let ok =
            ManualCompany::parse("Dupont", "120 027 016 00357", "", "69003", "Lyon", "0478601234", "", "dupont.fr")
                .unwrap();
        assert_eq!(ok.siret.as_deref(), Some("12002701600357"));
        assert_eq!(ok.phone.as_deref(), Some("+33478601234"));
        assert_eq!(ok.website.as_deref(), Some("https://dupont.fr/"));
        let bad_siret = ManualCompany::parse("Dupont", "12002701600358", "", "69003", "Lyon", "", "", "");
        assert_eq!(bad_siret, Err(AppError::validation("siret", ValidationCode::InvalidSiret)));
        let bad_phone = ManualCompany::parse("Dupont", "", "", "69003", "Lyon", "12", "", "");
        assert_eq!(bad_phone, Err(AppError::validation("phone", ValidationCode::InvalidPhone)));
        let no_name = ManualCompany::parse(" ", "", "", "69003", "Lyon", "", "", "");
        assert_eq!(no_name, Err(AppError::validation("name", ValidationCode::Required)));
    }
}
