//! French formatting: dates `dd/mm/yyyy`, amounts `1 234,56 €`, durations in words.

/// "3 minutes", "1 minute", "45 secondes", "2 heures".
pub fn duration_fr(secs: u64) -> String {
    fn plural(n: u64, one: &str, many: &str) -> String {
        format!("{n} {}", if n > 1 { many } else { one })
    }
    if secs < 60 {
        plural(secs.max(1), "seconde", "secondes")
    } else if secs < 3600 {
        plural(secs.div_ceil(60), "minute", "minutes")
    } else {
        plural(secs.div_ceil(3600), "heure", "heures")
    }
}

/// "1 250": thousands grouped with a narrow no-break space, the French way.
pub fn integer_fr(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + 4);
    if n < 0 {
        out.push('-');
    }
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{202f}');
        }
        out.push(ch);
    }
    out
}

/// A movement of a balance: `+500`, `−12` (a true minus sign), `0`.
pub fn signed_fr(n: i64) -> String {
    match n {
        0 => "0".into(),
        n if n > 0 => format!("+{}", integer_fr(n)),
        n => format!("−{}", integer_fr(-n)),
    }
}

/// "42 %", or a dash when there is no rate (no base to take it from).
pub fn percent_fr(rate: Option<u8>) -> String {
    rate.map_or_else(|| "—".to_string(), |r| format!("{r}\u{a0}%"))
}

/// A figure that may not apply: the number, or a dash.
pub fn optional_integer_fr(n: Option<i64>) -> String {
    n.map_or_else(|| "—".into(), integer_fr)
}

/// The days of the week, Monday first, and their abbreviations.
pub const WEEKDAYS_FR: [&str; 7] = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"];
pub const WEEKDAYS_SHORT_FR: [&str; 7] = ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."];

/// Euros from integer cents, French style with a narrow no-break space as thousands separator.
pub fn euros(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    format!("{sign}{},{:02}\u{a0}€", integer_fr((abs / 100) as i64), abs % 100)
}

/// `dd/mm/yyyy` for a date already converted to the viewer's zone.
pub fn date_fr(date: chrono::NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// The first character in upper case, the rest as it is ("plomberie du Rhône" → "Plomberie du
/// Rhône").
pub fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// Percent-encoding (RFC 3986): every byte but the unreserved characters (letters, digits,
/// `-_.~`) and those of `keep` becomes `%XX`. Query values keep nothing; a path keeps `/`.
pub fn percent_encode(text: &str, keep: &[u8]) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') || keep.contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The inverse of [`percent_encode`] for a query value: `%XX` becomes its byte and `+` a space;
/// a malformed escape is kept as it is, and bytes that are not UTF-8 become U+FFFD.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                i += 3;
            }
            (b'+', ..) => {
                out.push(b' ');
                i += 1;
            }
            (b, ..) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Lower case without accents ("Étienne" → "etienne", "Œuvre" → "oeuvre"), for matching what
/// people type against names; every other character is kept.
pub fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for ch in text.chars().flat_map(char::to_lowercase) {
        match ch {
            'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' => folded.push('a'),
            'ç' => folded.push('c'),
            'é' | 'è' | 'ê' | 'ë' => folded.push('e'),
            'î' | 'ï' | 'í' | 'ì' => folded.push('i'),
            'ô' | 'ö' | 'ó' | 'ò' | 'õ' => folded.push('o'),
            'ù' | 'û' | 'ü' | 'ú' => folded.push('u'),
            'ÿ' | 'ý' => folded.push('y'),
            'ñ' => folded.push('n'),
            'œ' => folded.push_str("oe"),
            'æ' => folded.push_str("ae"),
            c => folded.push(c),
        }
    }
    folded
}

/// Text made safe inside HTML or XML content and attribute values: the five markup characters
/// escaped (the apostrophe as `&#39;`), and control characters XML 1.0 forbids turned into
/// spaces.
pub fn escape_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' && c != '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decoding_undoes_percent_encoding() {
        for text in ["C&A Lyon+", "Société Générale", "50 %", "a=b&c"] {
            assert_eq!(percent_decode(&percent_encode(text, b"")), text);
        }
        assert_eq!(percent_decode("Saint+%C3%89tienne"), "Saint Étienne");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
    }

    #[test]
    fn capitalizes_the_first_character_only() {
        assert_eq!(capitalize("élagage du Rhône"), "Élagage du Rhône");
        assert_eq!(capitalize(""), "");
    }

    #[test]
    fn percent_encodes_all_but_unreserved_and_kept_bytes() {
        assert_eq!(percent_encode("l'Épée & co", b""), "l%27%C3%89p%C3%A9e%20%26%20co");
        assert_eq!(percent_encode("/admin/taches?x=1", b"/"), "/admin/taches%3Fx%3D1");
    }

    #[test]
    fn formats_euros_the_french_way() {
        assert_eq!(euros(123456), "1\u{202f}234,56\u{a0}€");
        assert_eq!(euros(5), "0,05\u{a0}€");
        assert_eq!(euros(-100000), "-1\u{202f}000,00\u{a0}€");
    }

    #[test]
    fn integers_group_thousands() {
        assert_eq!(integer_fr(1250), "1\u{202f}250");
        assert_eq!(integer_fr(-1_000_000), "-1\u{202f}000\u{202f}000");
        assert_eq!(integer_fr(7), "7");
    }

    #[test]
    fn durations_round_up_to_the_unit() {
        assert_eq!(duration_fr(30), "30 secondes");
        assert_eq!(duration_fr(61), "2 minutes");
        assert_eq!(duration_fr(60), "1 minute");
        assert_eq!(duration_fr(900), "15 minutes");
    }

    #[test]
    fn dates_are_day_month_year() {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 3, 7).unwrap();
        assert_eq!(date_fr(d), "07/03/2026");
    }

    #[test]
    fn markup_is_escaped_and_control_characters_dropped() {
        assert_eq!(
            escape_markup("Martin & Fils <\"l'atelier\">"),
            "Martin &amp; Fils &lt;&quot;l&#39;atelier&quot;&gt;"
        );
        assert_eq!(escape_markup("a\u{0}b\u{1b}c\nd"), "a b c\nd");
    }
}
