//! Text helpers for reading mail: lines compared without case, accents, typographic
//! apostrophes or odd spaces, as people and mail clients write them.

/// Lower case, without accents, `’` as `'`, every run of spaces (no-break ones included) as one.
pub(super) fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'à' | 'â' | 'ä' | 'á' | 'ã' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' | 'í' => 'i',
            'ô' | 'ö' | 'ó' => 'o',
            'ù' | 'û' | 'ü' | 'ú' => 'u',
            'ç' => 'c',
            'ÿ' => 'y',
            '’' | '‘' | '`' | '´' => '\'',
            '\u{a0}' | '\u{202f}' | '\u{2009}' | '\t' => ' ',
            'œ' => {
                out.push('o');
                'e'
            }
            c => c,
        };
        if c == ' ' {
            if !space {
                out.push(' ');
            }
            space = true;
        } else {
            out.push(c);
            space = false;
        }
    }
    out.trim().to_string()
}

/// A line of the quoted history (`>`, `|` in some webmails).
pub(super) fn is_quoted(line: &str) -> bool {
    line.trim_start().starts_with('>')
}

pub(super) fn is_blank(line: &str) -> bool {
    line.chars().all(|c| c.is_whitespace() || c == '\u{feff}' || c == '\u{200b}')
}

/// An e-mail address somewhere in the line.
pub(super) fn has_address(line: &str) -> bool {
    line.split(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '(' | ')' | '[' | ']' | ',' | ';' | '"')).any(
        |w| {
            let w = w.trim_start_matches("mailto:");
            w.split_once('@').is_some_and(|(l, d)| !l.is_empty() && d.contains('.'))
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_compare_as_people_write_them() {
        assert_eq!(fold("Ne plus  me CONTACTER\u{a0}: l’équipe"), "ne plus me contacter : l'equipe");
        assert!(has_address("Le 3 nov., Sophie <s.lambert@x.fr> a écrit :"));
        assert!(!has_address("rendez-vous @ 10h"));
    }
}
