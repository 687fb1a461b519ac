//! The organisation's legal identity: what its settings show and its owners edit, pre-filled
//! from the company register by its SIRET (or SIREN).

use crate::accounts::{COMPANY_MAX, required_text};
use crate::company::{Siret, parse_postcode, siren_valid};
use crate::error::{AppError, ValidationCode};
use serde::{Deserialize, Serialize};

/// Longest street line kept.
pub const STREET_MAX: usize = 200;

/// As stored and shown. The VAT number is derived from the SIRET's SIREN, never typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganizationDetails {
    /// The name the client uses (shown in the app, signs the messages).
    pub name: String,
    pub legal_name: Option<String>,
    pub siret: Option<String>,
    pub street: Option<String>,
    pub postcode: Option<String>,
    pub city: Option<String>,
    pub naf_code: Option<String>,
    pub vat_number: Option<String>,
}

/// What the register says of a SIRET or a SIREN (its head office for a SIREN), to pre-fill the
/// form; the owner may change any field before saving.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisteredCompany {
    pub legal_name: String,
    pub siret: Option<String>,
    pub street: Option<String>,
    pub postcode: Option<String>,
    pub city: Option<String>,
    pub naf_code: Option<String>,
    pub vat_number: String,
}

/// The French intra-EU VAT number of a SIREN: `FR`, a two-digit key, the SIREN
/// (key = (12 + 3 × (SIREN mod 97)) mod 97).
pub fn vat_number(siren: &str) -> Option<String> {
    if !siren_valid(siren) {
        return None;
    }
    let n: u64 = siren.parse().ok()?;
    Some(format!("FR{:02}{siren}", (12 + 3 * (n % 97)) % 97))
}

/// A number typed to look a company up: 14 digits (a SIRET) or 9 (a SIREN), spaces and dots
/// allowed; anything else is refused on `field`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CompanyNumber {
    Siret(Siret),
    Siren(String),
}

impl CompanyNumber {
    pub fn parse(field: &str, raw: &str) -> Result<Self, AppError> {
        let digits: String = raw.chars().filter(|c| !c.is_whitespace() && *c != '.' && *c != '-').collect();
        match digits.len() {
            9 if siren_valid(&digits) => Ok(CompanyNumber::Siren(digits)),
            14 => Ok(CompanyNumber::Siret(Siret::parse(field, &digits)?)),
            0 => Err(AppError::validation(field, ValidationCode::Required)),
            _ => Err(AppError::validation(field, ValidationCode::InvalidSiret)),
        }
    }

    pub fn siren(&self) -> &str {
        match self {
            CompanyNumber::Siret(siret) => siret.siren(),
            CompanyNumber::Siren(siren) => siren,
        }
    }
}

/// An optional one-line field: empty is `None`.
pub fn optional_text(field: &str, raw: &str, max: usize) -> Result<Option<String>, AppError> {
    if raw.trim().is_empty() { Ok(None) } else { required_text(field, raw, max).map(Some) }
}

impl OrganizationDetails {
    /// The form as typed: the name is required, the SIRET and postcode checked when given;
    /// the VAT number follows from the SIRET.
    #[allow(clippy::too_many_arguments)]
    pub fn parse(
        name: &str,
        legal_name: &str,
        siret: &str,
        street: &str,
        postcode: &str,
        city: &str,
        naf_code: &str,
    ) -> Result<Self, AppError> {
        let name = required_text("name", name, COMPANY_MAX)?;
        let legal_name = optional_text("legal_name", legal_name, COMPANY_MAX)?;
        let siret = if siret.trim().is_empty() { None } else { Some(Siret::parse("siret", siret)?) };
        let street = optional_text("street", street, STREET_MAX)?;
        let postcode = if postcode.trim().is_empty() { None } else { Some(parse_postcode("postcode", postcode)?) };
        let city = optional_text("city", city, COMPANY_MAX)?;
        let naf_code = optional_text("naf_code", naf_code, 10)?;
        Ok(OrganizationDetails {
            name,
            legal_name,
            vat_number: siret.as_ref().and_then(|s| vat_number(s.siren())),
            siret: siret.map(|s| s.as_str().to_string()),
            street,
            postcode,
            city,
            naf_code,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_vat_number_follows_from_the_siren() {
        // INSEE's own example SIREN, and a Luhn-valid one; an invalid SIREN has none.
        assert_eq!(vat_number("404833048").as_deref(), Some("FR83404833048"));
        assert_eq!(vat_number("732829320").as_deref(), Some("FR44732829320"));
        assert_eq!(vat_number("123456789"), None);
    }

    #[test]
    fn a_number_is_a_siret_or_a_siren() {
        assert_eq!(CompanyNumber::parse("n", "404 833 048").unwrap().siren(), "404833048");
        assert!(matches!(CompanyNumber::parse("n", "404 833 048 00022"), Ok(CompanyNumber::Siret(_))));
        assert_eq!(CompanyNumber::parse("n", "12345"), Err(AppError::validation("n", ValidationCode::InvalidSiret)));
        assert_eq!(CompanyNumber::parse("n", "  "), Err(AppError::validation("n", ValidationCode::Required)));
        assert_eq!(
            CompanyNumber::parse("n", "40483304800023"),
            Err(AppError::validation("n", ValidationCode::InvalidSiret)),
            "the check digit"
        );
    }

    #[test]
    fn the_form_is_checked_and_the_vat_derived() {
        let d = OrganizationDetails::parse("Martin", "", "404 833 048 00022", " 3 rue X ", "69003", "Lyon", "43.22A")
            .unwrap();
        assert_eq!(d.legal_name, None);
        assert_eq!((d.siret.as_deref(), d.vat_number.as_deref()), (Some("40483304800022"), Some("FR83404833048")));
        assert_eq!(d.street.as_deref(), Some("3 rue X"));
        assert_eq!(
            OrganizationDetails::parse("", "", "", "", "", "", ""),
            Err(AppError::validation("name", ValidationCode::Required))
        );
        assert_eq!(
            OrganizationDetails::parse("M", "", "", "", "6900", "", ""),
            Err(AppError::validation("postcode", ValidationCode::InvalidPostcode))
        );
    }
}
