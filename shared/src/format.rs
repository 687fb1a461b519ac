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

#[cfg(test)]
mod tests {
    use super::*;

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
}
