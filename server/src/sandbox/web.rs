//! Small HTTP helpers shared by the simulated sites: lenient query parsing, percent-encoding,
//! HTML escaping, PagesJaunes' encoded links.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

/// `a=1&b=x%20y` → pairs, percent-decoded (`+` is a space), invalid UTF-8 replaced: a query
/// string from outside must never make a handler fail before our own validation runs.
pub(crate) fn parse_query(raw: &str) -> Vec<(String, String)> {
    raw.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(key), decode(value))
        })
        .collect()
}

/// The last value of a parameter: PHP (PagesJaunes) and Starlette (the state's API) both keep
/// the last one when a parameter is repeated.
pub(crate) fn query_value<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub(crate) use crate::prospecting::sources::encode;

/// Text and attribute escaping; apostrophes as `&#039;` like PagesJaunes' PHP templates.
pub(crate) fn esc(text: &str) -> String {
    prospecta_shared::format::escape_markup(text).replace("&#39;", "&#039;")
}

/// The `data-pjlb` attribute value of an encoded link: PHP-encoded JSON, so a `/` inside the
/// base64 appears as `\/`, exactly as on the real site.
pub(crate) fn pjlb(target: &str) -> String {
    let encoded = STANDARD.encode(target.as_bytes()).replace('/', "\\/");
    format!("{{\"url\":\"{encoded}\",\"ucod\":\"b64u8\"}}")
}

/// JSON for an inline `<script>`, PHP-style: `\/` keeps `</script>` out of the markup.
pub(crate) fn script_json(value: &serde_json::Value) -> String {
    value.to_string().replace('/', "\\/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sandbox_queries_decode_leniently() {
        let pairs = parse_query("quoiqui=plomb+chauffage&ou=lyon-69&x=%E9%ZZ&page=2&page=3&flag");
        assert_eq!(query_value(&pairs, "quoiqui"), Some("plomb chauffage"));
        assert_eq!(query_value(&pairs, "page"), Some("3"));
        assert_eq!(query_value(&pairs, "flag"), Some(""));
        assert_eq!(query_value(&pairs, "x"), Some("\u{FFFD}%ZZ"));
        assert_eq!(encode("l'Épée & co"), "l%27%C3%89p%C3%A9e%20%26%20co");
        assert_eq!(esc("L'Atelier <b>&"), "L&#039;Atelier &lt;b&gt;&amp;");
    }

    #[test]
    fn sandbox_pjlb_matches_the_real_encoding() {
        // From plombier-lyon-p1.html: base64 with a `/` written `\/`.
        let real = r#"{"url":"aHR0cHM6Ly9jaGF1ZmZhZ2UtZHVib2V1Zi5mci8\/bGFuZz1mcg==","ucod":"b64u8"}"#;
        assert_eq!(pjlb("https://chauffage-duboeuf.fr/?lang=fr"), real);
        let decoded = crate::prospecting::pagesjaunes::decode_pjlb(real);
        assert_eq!(decoded.as_deref(), Ok("https://chauffage-duboeuf.fr/?lang=fr"));
    }
}
