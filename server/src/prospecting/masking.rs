//! Masking (DB-9, DB-5): what a client sees of a row it has not unlocked. Done here, on the
//! server: the clear value never leaves it.

/// Words of a street that say what kind of street it is, kept in clear.
const STREET_WORDS: &[&str] = &[
    "rue",
    "avenue",
    "av",
    "boulevard",
    "bd",
    "place",
    "pl",
    "chemin",
    "allee",
    "allée",
    "impasse",
    "route",
    "rte",
    "quai",
    "cours",
    "square",
    "voie",
    "passage",
    "zi",
    "za",
    "zac",
    "zone",
    "parc",
    "lieu",
    "dit",
    "de",
    "du",
    "des",
    "la",
    "le",
    "les",
    "l",
    "d",
    "et",
    "bis",
    "ter",
    "cs",
    "bp",
];

/// `12 rue de la République` → `12 rue de la R***`: the number and the street type stay, the
/// names keep their initial only.
pub fn mask_street(street: &str) -> String {
    street
        .split_whitespace()
        .map(|word| {
            let bare: String = word.chars().filter(|c| c.is_alphanumeric()).collect::<String>().to_lowercase();
            if bare.is_empty() || bare.chars().all(|c| c.is_ascii_digit()) || STREET_WORDS.contains(&bare.as_str()) {
                word.to_string()
            } else {
                let initial: String = word.chars().filter(|c| c.is_alphanumeric()).take(1).collect();
                format!("{initial}***")
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Digits of a postcode a locked row shows.
pub const MASKED_POSTCODE_DIGITS: usize = 3;

/// `69003` → `690**`.
pub fn mask_postcode(postcode: &str) -> String {
    let keep: String = postcode.chars().take(MASKED_POSTCODE_DIGITS).collect();
    format!("{keep}{}", "*".repeat(postcode.chars().count().saturating_sub(MASKED_POSTCODE_DIGITS)))
}

/// `****` when there is a value, nothing when there is none (so the client still sees which
/// rows have a phone, an e-mail, a site).
pub fn mask_present(value: &Option<String>) -> Option<String> {
    value.as_ref().map(|_| "****".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streets_keep_number_and_type_only() {
        assert_eq!(mask_street("12 rue de la République"), "12 rue de la R***");
        assert_eq!(mask_street("ZI des Platières, 3 allée Newton"), "ZI des P*** 3 allée N***");
        assert_eq!(mask_postcode("69003"), "690**");
        assert_eq!(mask_present(&Some("+33478601234".into())).as_deref(), Some("****"));
        assert_eq!(mask_present(&None), None);
    }
}
