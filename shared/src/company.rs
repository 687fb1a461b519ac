//! Company identifiers and contact values that parse: SIREN/SIRET (Luhn), French phone numbers
//! (E.164), websites. Used by the manual-add form (browser and server) and by every source.

use crate::AppError;
use crate::error::ValidationCode;
use serde::{Deserialize, Serialize};

/// A checked value of the domain: built only by its `parse` (where a value enters: a form, a
/// source's page) and carried typed from there, so nothing downstream parses it again. It
/// serialises as its text, and reading it back from JSON checks it again (a server function's
/// arguments come from the browser).
macro_rules! checked_text {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = AppError;
            fn try_from(raw: String) -> Result<Self, AppError> {
                $name::parse(stringify!($name), &raw)
            }
        }
    };
}

checked_text! {
    /// A SIRET: 14 digits passing INSEE's checksum.
    Siret
}

checked_text! {
    /// A French phone number in E.164 (`+33123456789`).
    Phone
}

checked_text! {
    /// A company's website: an absolute http(s) URL on a domain name (see [`WebsiteUrl::parse`]).
    WebsiteUrl
}

/// Luhn checksum over ASCII digits. SIREN and SIRET use it (INSEE), with one exception below.
pub fn luhn_valid(digits: &str) -> bool {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let d2 = d * 2;
                if d2 > 9 { d2 - 9 } else { d2 }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// La Poste's establishments share SIREN 356000000 and their SIRETs are not Luhn-valid; INSEE
/// checks them with the plain digit sum instead.
const LA_POSTE_SIREN: &str = "356000000";

pub fn siren_valid(siren: &str) -> bool {
    siren.len() == 9 && luhn_valid(siren)
}

pub fn siret_valid(siret: &str) -> bool {
    if siret.len() != 14 || !siret.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    if siret.starts_with(LA_POSTE_SIREN) {
        return siret.bytes().map(|b| u32::from(b - b'0')).sum::<u32>() % 5 == 0;
    }
    luhn_valid(siret)
}

impl Siret {
    /// A SIRET as typed ("123 456 789 00012") → its 14 digits, checked.
    pub fn parse(field: &str, raw: &str) -> Result<Siret, AppError> {
        let digits: String = raw.chars().filter(|c| !c.is_whitespace() && *c != '.' && *c != '-').collect();
        if !siret_valid(&digits) {
            return Err(AppError::validation(field, ValidationCode::InvalidSiret));
        }
        Ok(Siret(digits))
    }

    /// The company's SIREN: the establishment number's first nine digits.
    pub fn siren(&self) -> &str {
        &self.0[..9]
    }
}

/// One French number to E.164: "01 23 45 67 89", "01.23.45.67.89", "+33 (0)1 23 45 67 89",
/// "0033 1 23 45 67 89" → "+33123456789". Anything else (too short, letters, foreign
/// formats it cannot check) is `None`.
pub fn normalize_phone(raw: &str) -> Option<String> {
    let raw = raw.trim().replace("(0)", "");
    if raw.chars().any(|c| c.is_alphabetic()) {
        return None;
    }
    let plus = raw.trim_start().starts_with('+');
    if raw.chars().filter(|c| *c == '+').count() > usize::from(plus) {
        return None;
    }
    let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
    let national = if plus {
        digits.strip_prefix("33")?.to_string()
    } else if let Some(rest) = digits.strip_prefix("0033") {
        rest.to_string()
    } else {
        digits.strip_prefix('0')?.to_string()
    };
    // "+33 0 1 23 45 67 89" (trunk zero written after the country code).
    let national = if national.len() == 10 { national.strip_prefix('0')?.to_string() } else { national };
    let valid = national.len() == 9 && national.bytes().next().is_some_and(|b| (b'1'..=b'9').contains(&b));
    valid.then(|| format!("+33{national}"))
}

impl Phone {
    /// A number as typed, in any of the forms [`normalize_phone`] reads.
    pub fn parse(field: &str, raw: &str) -> Result<Phone, AppError> {
        normalize_phone(raw).map(Phone).ok_or_else(|| AppError::validation(field, ValidationCode::InvalidPhone))
    }
}

/// "+33478601234" → "04 78 60 12 34", the way French people read numbers.
pub fn phone_display(e164: &str) -> String {
    match e164.strip_prefix("+33") {
        Some(national) if national.len() == 9 => {
            let digits = format!("0{national}");
            digits.as_bytes().chunks(2).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join(" ")
        }
        _ => e164.to_string(),
    }
}

impl WebsiteUrl {
    /// A website as typed ("www.dupont.fr", "https://dupont.fr/contact") → an absolute http(s)
    /// URL whose host is a domain name: a dot, only host characters, neither an IP address nor
    /// `localhost` (the product visits these sites; an internal address is never a company's
    /// site).
    pub fn parse(field: &str, raw: &str) -> Result<WebsiteUrl, AppError> {
        parse_website(field, raw).map(WebsiteUrl)
    }
}

fn parse_website(field: &str, raw: &str) -> Result<String, AppError> {
    let raw = raw.trim();
    let invalid = || AppError::validation(field, ValidationCode::InvalidUrl);
    let (scheme, rest) = match raw.split_once("://") {
        Some((s, rest)) if s.eq_ignore_ascii_case("http") || s.eq_ignore_ascii_case("https") => {
            (s.to_ascii_lowercase(), rest)
        }
        Some(_) => return Err(AppError::validation(field, ValidationCode::WebsiteScheme)),
        None if has_other_scheme(raw) => return Err(AppError::validation(field, ValidationCode::WebsiteScheme)),
        None => ("https".to_string(), raw),
    };
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (host, path) = rest.split_at(host_end);
    let host = host.to_ascii_lowercase();
    let name = host.rsplit_once(':').map_or(host.as_str(), |(name, port)| {
        if port.bytes().all(|b| b.is_ascii_digit()) { name } else { host.as_str() }
    });
    let name = name.trim_end_matches('.');
    if name.starts_with('[') || is_ip_like(name) {
        return Err(AppError::validation(field, ValidationCode::WebsiteIpAddress));
    }
    if name == "localhost" || name.ends_with(".localhost") {
        return Err(AppError::validation(field, ValidationCode::WebsiteLocalHost));
    }
    let host_ok = host.contains('.')
        && !host.starts_with('.')
        && !host.ends_with('.')
        && !host.contains("..")
        && host.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == ':');
    if !host_ok || path.chars().any(char::is_whitespace) || raw.len() > 500 {
        return Err(invalid());
    }
    Ok(format!("{scheme}://{host}{}", if path.is_empty() { "/" } else { path }))
}

/// `mailto:…`, `javascript:…`, `file:/…`: a scheme without `//` (a host name never has `:`
/// before its first `/` except for a port, which is digits).
fn has_other_scheme(raw: &str) -> bool {
    let head = raw.split(['/', '?', '#']).next().unwrap_or("");
    head.split_once(':').is_some_and(|(scheme, rest)| {
        !scheme.is_empty() && (rest.is_empty() || !rest.bytes().all(|b| b.is_ascii_digit()))
    })
}

/// A host browsers read as an IPv4 address: its last label is a number (decimal, `0x` hex or
/// octal), as in `127.0.0.1`, `0x7f.1` or `2130706433`; no top-level domain is numeric.
fn is_ip_like(host: &str) -> bool {
    let last = host.rsplit('.').next().unwrap_or("");
    let digits = last.strip_prefix("0x").unwrap_or(last);
    !last.is_empty()
        && (last.bytes().all(|b| b.is_ascii_digit())
            || (last.starts_with("0x") && digits.bytes().all(|b| b.is_ascii_hexdigit())))
}

/// The registrable-looking host of a URL without `www.`, for duplicate detection.
pub fn website_domain(url: &str) -> Option<String> {
    let rest = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    let host = rest.split(['/', '?', '#', ':']).next()?.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    host.contains('.').then_some(host)
}

pub fn parse_postcode(field: &str, raw: &str) -> Result<String, AppError> {
    let code: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() == 5 && code.bytes().all(|b| b.is_ascii_digit()) {
        Ok(code)
    } else {
        Err(AppError::validation(field, ValidationCode::InvalidPostcode))
    }
}

/// INSEE headcount bands ("tranche d'effectif salarié") in words; `None` for unknown codes.
pub fn headcount_label(code: &str) -> Option<&'static str> {
    Some(match code {
        "NN" => "Non renseigné",
        "00" => "0 salarié",
        "01" => "1 ou 2 salariés",
        "02" => "3 à 5 salariés",
        "03" => "6 à 9 salariés",
        "11" => "10 à 19 salariés",
        "12" => "20 à 49 salariés",
        "21" => "50 à 99 salariés",
        "22" => "100 à 199 salariés",
        "31" => "200 à 249 salariés",
        "32" => "250 à 499 salariés",
        "41" => "500 à 999 salariés",
        "42" => "1 000 à 1 999 salariés",
        "51" => "2 000 à 4 999 salariés",
        "52" => "5 000 à 9 999 salariés",
        "53" => "10 000 salariés et plus",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn siret_luhn_accepts_real_and_refuses_typos() {
        // SIRET of INSEE's head office, public.
        assert!(siret_valid("12002701600357"));
        assert!(!siret_valid("12002701600358"));
        assert!(siren_valid("732829320"));
        assert!(!siren_valid("732829321"));
        assert_eq!(Siret::parse("siret", "120 027 016 00357").unwrap().as_str(), "12002701600357");
        assert_eq!(Siret::parse("siret", "120 027 016 00357").unwrap().siren(), "120027016");
        assert!(Siret::parse("siret", "1200270160035").is_err());
        assert!(Siret::parse("siret", "12002701600358").is_err());
        // What crosses from the browser is checked again on the way in.
        assert!(Siret::try_from("12002701600358".to_string()).is_err());
        assert!(Phone::try_from("+33478601234".to_string()).is_ok());
        assert!(WebsiteUrl::try_from("http://127.0.0.1/".to_string()).is_err());
        // La Poste: digit sum multiple of 5.
        assert!(siret_valid("35600000000047"));
        assert!(!siret_valid("35600000000048"));
    }

    #[test]
    fn phones_become_e164_and_display_in_pairs() {
        assert_eq!(normalize_phone("04 78 60 12 34").as_deref(), Some("+33478601234"));
        assert_eq!(normalize_phone("+33 (0)6 12 34 56 78").as_deref(), Some("+33612345678"));
        assert_eq!(normalize_phone("0033 1 23 45 67 89").as_deref(), Some("+33123456789"));
        assert_eq!(normalize_phone("12 34"), None);
        assert_eq!(normalize_phone("+44 20 7946 0958"), None);
        assert_eq!(phone_display("+33478601234"), "04 78 60 12 34");
    }

    #[test]
    fn websites_are_completed_and_checked() {
        assert_eq!(parse_website("w", "www.Dupont.fr").unwrap(), "https://www.dupont.fr/");
        assert_eq!(parse_website("w", "http://dupont.fr/contact?x=1").unwrap(), "http://dupont.fr/contact?x=1");
        assert!(parse_website("w", "ftp://dupont.fr").is_err());
        assert!(parse_website("w", "dupont").is_err());
        assert!(parse_website("w", "https://du pont.fr").is_err());
        assert_eq!(parse_website("w", "dupont.fr:8080").unwrap(), "https://dupont.fr:8080/");
    }

    #[test]
    fn websites_that_are_not_a_company_site_are_refused_with_their_reason() {
        let code = |raw: &str| match parse_website("website", raw) {
            Err(AppError::Validation { code, .. }) => code,
            other => panic!("{raw}: {other:?}"),
        };
        for raw in [
            "http://169.254.169.254/latest/meta-data/",
            "127.0.0.1",
            "https://10.0.0.1:8443/",
            "http://0x7f.0.0.1/",
            "http://2130706433/",
            "http://[::1]/",
            "http://192.168.1.1./admin",
        ] {
            assert_eq!(code(raw), ValidationCode::WebsiteIpAddress, "{raw}");
        }
        for raw in ["localhost", "http://localhost:8080/", "https://admin.localhost/", "LOCALHOST."] {
            assert_eq!(code(raw), ValidationCode::WebsiteLocalHost, "{raw}");
        }
        for raw in ["ftp://dupont.fr", "file:///etc/passwd", "javascript:alert(1)", "gopher://dupont.fr/"] {
            assert_eq!(code(raw), ValidationCode::WebsiteScheme, "{raw}");
        }
        let message = AppError::validation("website", ValidationCode::WebsiteIpAddress).message_fr();
        assert!(message.contains("pas une adresse IP"), "{message}");
        assert_eq!(website_domain("https://www.dupont.fr/contact").as_deref(), Some("dupont.fr"));
    }

    #[test]
    fn postcodes_are_five_digits() {
        assert_eq!(parse_postcode("p", "69 003").unwrap(), "69003");
        assert!(parse_postcode("p", "6900").is_err());
        assert!(parse_postcode("p", "2A004").is_err());
    }
}
