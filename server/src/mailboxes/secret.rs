//! Mailbox passwords at rest: AES-256-GCM under a key derived from `MAILBOX_SECRET_KEY`, each
//! sealed with a random nonce and bound to its organisation (the additional data), so a sealed
//! value copied onto another organisation's row does not open.

use aws_lc_rs::aead::{AES_256_GCM, Aad, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use aws_lc_rs::rand::{SecureRandom, SystemRandom};
use base64::Engine;
use base64::engine::general_purpose::STANDARD_NO_PAD;
use prospecta_shared::ids::OrgId;
use sha2::{Digest, Sha256};

/// The format of a sealed value, so a later key or algorithm can be told apart.
const VERSION: &str = "v1";

/// Seals and opens the passwords of one process.
pub struct PasswordBox {
    key: LessSafeKey,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SecretError {
    /// The value was not sealed by this key for this organisation (key rotated, row tampered).
    #[error("le mot de passe enregistré ne peut pas être déchiffré (clé MAILBOX_SECRET_KEY changée ?)")]
    Unreadable,
}

impl PasswordBox {
    /// The configured secret (at least 32 characters) stretched to a 256-bit key. A secret of
    /// that length has the entropy a key needs; SHA-256 only gives it the right shape.
    pub fn new(secret: &str) -> Self {
        let digest =
            Sha256::new().chain_update(b"prospecta mailbox passwords\0").chain_update(secret.as_bytes()).finalize();
        let key = UnboundKey::new(&AES_256_GCM, &digest).expect("a SHA-256 digest is an AES-256 key");
        PasswordBox { key: LessSafeKey::new(key) }
    }

    pub fn seal(&self, organization: OrgId, password: &str) -> String {
        let mut nonce = [0u8; NONCE_LEN];
        SystemRandom::new().fill(&mut nonce).expect("the system's random source");
        let mut sealed = password.as_bytes().to_vec();
        self.key
            .seal_in_place_append_tag(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(aad(organization).as_slice()),
                &mut sealed,
            )
            .expect("AES-GCM seals any password length we accept");
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        format!("{VERSION}:{}", STANDARD_NO_PAD.encode(out))
    }

    pub fn open(&self, organization: OrgId, sealed: &str) -> Result<String, SecretError> {
        let bytes = sealed
            .strip_prefix(VERSION)
            .and_then(|rest| rest.strip_prefix(':'))
            .and_then(|b64| STANDARD_NO_PAD.decode(b64).ok())
            .filter(|b| b.len() > NONCE_LEN)
            .ok_or(SecretError::Unreadable)?;
        let (nonce, ciphertext) = bytes.split_at(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(nonce).map_err(|_| SecretError::Unreadable)?;
        let mut in_out = ciphertext.to_vec();
        let plain = self
            .key
            .open_in_place(nonce, Aad::from(aad(organization).as_slice()), &mut in_out)
            .map_err(|_| SecretError::Unreadable)?;
        String::from_utf8(plain.to_vec()).map_err(|_| SecretError::Unreadable)
    }
}

fn aad(organization: OrgId) -> Vec<u8> {
    format!("mailbox:{}", organization.0).into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "a-test-key-of-at-least-thirty-two-characters";

    #[test]
    fn a_password_opens_with_its_key_and_organisation_only() {
        let vault = PasswordBox::new(KEY);
        let sealed = vault.seal(OrgId(7), "mot de passe é");
        assert!(!sealed.contains("mot de passe"), "{sealed}");
        assert_eq!(vault.open(OrgId(7), &sealed).unwrap(), "mot de passe é");
        assert_eq!(vault.open(OrgId(8), &sealed), Err(SecretError::Unreadable), "another organisation's row");
        let other_key = PasswordBox::new("another-key-of-at-least-thirty-two-characters");
        assert_eq!(other_key.open(OrgId(7), &sealed), Err(SecretError::Unreadable));
        assert_ne!(vault.seal(OrgId(7), "x"), vault.seal(OrgId(7), "x"), "a fresh nonce each time");
    }

    #[test]
    fn a_damaged_value_is_unreadable_not_a_panic() {
        let vault = PasswordBox::new(KEY);
        for bad in ["", "v1:", "v1:AAAA", "v2:abc", "v1:!!!", "clair"] {
            assert_eq!(vault.open(OrgId(1), bad), Err(SecretError::Unreadable), "{bad}");
        }
        let mut sealed = vault.seal(OrgId(1), "secret");
        // Another last character than the one sealed: for this length it carries two bits of the
        // random nonce's ciphertext, so it is 'A' one time in four.
        let last = sealed.pop();
        sealed.push(if last == Some('A') { 'B' } else { 'A' });
        assert_eq!(vault.open(OrgId(1), &sealed), Err(SecretError::Unreadable));
    }
}
