//! Accounts and organisations: the newtypes that parse user input, and the DTOs the UI shows.

use crate::error::{AppError, ValidationCode};
use crate::ids::{OrgId, UserId};
use serde::{Deserialize, Serialize};

pub const PASSWORD_MIN: usize = 10;
/// Argon2 happily hashes megabytes; we don't.
pub const PASSWORD_MAX: usize = 128;
pub const EMAIL_MAX: usize = 254;
pub const NAME_MAX: usize = 80;
pub const COMPANY_MAX: usize = 120;

/// A syntactically valid e-mail address, trimmed and lower-cased.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    pub fn parse(field: &str, raw: &str) -> Result<Self, AppError> {
        let value = raw.trim().to_lowercase();
        if value.is_empty() {
            return Err(AppError::validation(field, ValidationCode::Required));
        }
        if value.chars().count() > EMAIL_MAX {
            return Err(AppError::validation(field, ValidationCode::TooLong { max: EMAIL_MAX as u32 }));
        }
        if !looks_like_email(&value) {
            return Err(AppError::validation(field, ValidationCode::InvalidEmail));
        }
        Ok(Email(value))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Deliberately conservative: one `@`, a non-empty local part without spaces, a domain with a
/// dot, labels of letters, digits and hyphens not at the ends. Deliverability is checked elsewhere.
fn looks_like_email(value: &str) -> bool {
    let Some((local, domain)) = value.split_once('@') else { return false };
    if local.is_empty() || local.len() > 64 || domain.contains('@') {
        return false;
    }
    let local_ok = local.chars().all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c))
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..");
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
        && labels.last().is_some_and(|tld| tld.chars().count() >= 2 && tld.chars().all(char::is_alphabetic));
    local_ok && domain_ok
}

/// A password that meets our policy. Never logged, never serialised.
#[derive(Clone)]
pub struct Password(String);

impl Password {
    /// A new password typed twice: parsed, and the second field (`confirm`) must repeat it.
    pub fn confirmed(field: &str, raw: &str, confirm: &str) -> Result<Self, AppError> {
        let password = Self::parse(field, raw)?;
        if confirm != password.expose() {
            return Err(AppError::validation("confirm", ValidationCode::PasswordsDiffer));
        }
        Ok(password)
    }

    pub fn parse(field: &str, raw: &str) -> Result<Self, AppError> {
        let n = raw.chars().count();
        if n == 0 {
            return Err(AppError::validation(field, ValidationCode::Required));
        }
        if n < PASSWORD_MIN {
            return Err(AppError::validation(field, ValidationCode::TooShort { min: PASSWORD_MIN as u32 }));
        }
        if n > PASSWORD_MAX {
            return Err(AppError::validation(field, ValidationCode::TooLong { max: PASSWORD_MAX as u32 }));
        }
        Ok(Password(raw.to_string()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

/// Refuses line breaks and other control characters (Unicode line and paragraph separators
/// included) in a value meant to stay on one line: names travel into e-mail headers and notices.
pub fn single_line(field: &str, value: &str) -> Result<(), AppError> {
    if value.chars().any(|c| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')) {
        return Err(AppError::validation(field, ValidationCode::MultiLine));
    }
    Ok(())
}

/// A required, trimmed, bounded, one-line piece of text (names, company).
pub fn required_text(field: &str, raw: &str, max: usize) -> Result<String, AppError> {
    let value = raw.trim();
    if value.is_empty() {
        return Err(AppError::validation(field, ValidationCode::Required));
    }
    single_line(field, value)?;
    if value.chars().count() > max {
        return Err(AppError::validation(field, ValidationCode::TooLong { max: max as u32 }));
    }
    Ok(value.to_string())
}

/// A sign-up form, validated as a whole so the first bad field is reported.
#[derive(Debug, Clone)]
pub struct Signup {
    pub email: Email,
    pub password: Password,
    pub company: String,
    pub first_name: String,
    pub last_name: String,
}

impl Signup {
    pub fn parse(
        email: &str,
        password: &str,
        company: &str,
        first_name: &str,
        last_name: &str,
    ) -> Result<Self, AppError> {
        Ok(Signup {
            first_name: required_text("first_name", first_name, NAME_MAX)?,
            last_name: required_text("last_name", last_name, NAME_MAX)?,
            company: required_text("company", company, COMPANY_MAX)?,
            email: Email::parse("email", email)?,
            password: Password::parse("password", password)?,
        })
    }
}

crate::stored_enum! {
    /// A role inside one organisation.
    #[derive(Serialize, Deserialize)]
    pub enum OrgRole {
        Owner = "owner",
        Member = "member",
    }
}

impl OrgRole {
    pub fn label_fr(self) -> &'static str {
        match self {
            OrgRole::Owner => "Propriétaire",
            OrgRole::Member => "Membre",
        }
    }
}

/// Who is signed in, as the UI needs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionUser {
    pub user_id: UserId,
    pub organization_id: OrgId,
    pub organization_name: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub role: OrgRole,
    /// Agency staff (global back office).
    pub is_admin: bool,
    /// The address is confirmed: until then, no trial, no generation, no campaign.
    pub email_verified: bool,
}

impl SessionUser {
    /// Spending actions (previews, generations, campaigns) need a confirmed address.
    pub fn require_verified(&self) -> Result<(), crate::AppError> {
        if self.email_verified { Ok(()) } else { Err(crate::AppError::EmailNotVerified) }
    }
}

impl SessionUser {
    pub fn initials(&self) -> String {
        self.first_name.chars().take(1).chain(self.last_name.chars().take(1)).collect::<String>().to_uppercase()
    }
    pub fn display_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub user_id: UserId,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub role: OrgRole,
    pub joined_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingInvitation {
    pub id: i64,
    pub email: String,
    pub invited_by: String,
    pub expires_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Team {
    pub members: Vec<Member>,
    pub invitations: Vec<PendingInvitation>,
}

/// What the invitation page shows before the colleague chooses a password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationPreview {
    pub organization_name: String,
    pub email: String,
    pub invited_by: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notification {
    pub id: i64,
    pub title: String,
    pub body: String,
    pub link: Option<String>,
    pub created_at: String,
    pub read: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(Email::parse("email", "  Jean.Dupont@Exemple.FR ").unwrap().as_str(), "jean.dupont@exemple.fr");
        for bad in [
            "",
            "   ",
            "jean",
            "jean@",
            "@exemple.fr",
            "jean@exemple",
            "jean dupont@exemple.fr",
            "a@b@c.fr",
            "jean@-x.fr",
            "jean@exemple.f",
            "jean..d@exemple.fr",
        ] {
            assert!(Email::parse("email", bad).is_err(), "{bad:?} should be refused");
        }
        let long = format!("{}@exemple.fr", "a".repeat(300));
        assert_eq!(
            Email::parse("email", &long),
            Err(AppError::validation("email", ValidationCode::TooLong { max: 254 }))
        );
    }

    #[test]
    fn passwords_need_ten_characters() {
        assert_eq!(
            Password::parse("password", "court").unwrap_err(),
            AppError::validation("password", ValidationCode::TooShort { min: 10 })
        );
        assert!(Password::parse("password", "dix-caract").is_ok());
        assert!(Password::parse("password", &"x".repeat(129)).is_err());
        assert_eq!(format!("{:?}", Password::parse("p", "secret-secret").unwrap()), "Password(***)");
    }

    #[test]
    fn signup_reports_each_bad_field_in_french() {
        let err = Signup::parse("a@b.fr", "motdepasse-long", "  ", "Jean", "Dupont").unwrap_err();
        assert_eq!(err.field(), Some("company"));
        assert_eq!(err.message_fr(), "Le nom de l'entreprise est obligatoire.");
        let err = Signup::parse("a@b.fr", "motdepasse-long", "ACME", "Jean", &"x".repeat(81)).unwrap_err();
        assert_eq!(err.message_fr(), "Le nom ne peut pas dépasser 80 caractères.");
    }

    #[test]
    fn names_with_line_breaks_are_refused() {
        for (company, first, last, field) in [
            ("ACME\r\nBcc: victime@exemple.fr", "Jean", "Dupont", "company"),
            ("ACME", "Jean\nMarie", "Dupont", "first_name"),
            ("ACME", "Jean", "Du\tpont", "last_name"),
            ("ACME", "Jean", "Dupont\u{2028}x", "last_name"),
        ] {
            let err = Signup::parse("a@b.fr", "motdepasse-long", company, first, last).unwrap_err();
            assert_eq!(err, AppError::validation(field, ValidationCode::MultiLine), "{company:?} {first:?} {last:?}");
        }
        let err = required_text("company", "ACME\nSARL", 80).unwrap_err();
        assert_eq!(
            err.message_fr(),
            "Le nom de l'entreprise doit tenir sur une seule ligne (sans retour à la ligne ni tabulation)."
        );
        // Surrounding whitespace, line breaks included, is trimmed as before.
        assert_eq!(required_text("company", "  ACME SARL \n", 80).unwrap(), "ACME SARL");
    }
}
