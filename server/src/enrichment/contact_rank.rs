//! Which link of a site leads to its contact page, shared by the enrichment crawler and the form
//! engine. Every same-site link is ranked by its features: where it sits (header and navigation,
//! footer, body), what its URL path, text, `title` and `aria-label` say, and whether it is drawn
//! as a call-to-action button. A site whose contact item reads "Une question ?", "Écrivez-nous",
//! "Devis gratuit" or "Prendre rendez-vous" ranks like one reading "Contact"; a site whose menu
//! says nothing of the kind is left to [`navigation_pages`], which the form engine visits
//! (bounded) looking for the page holding a message form.

/// Where a link sits on its page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkPlace {
    /// `header`, `nav`, `role=banner` / `role=navigation`: the site's menu.
    Header,
    /// `footer`, `role=contentinfo`.
    Footer,
    #[default]
    Body,
}

/// What a link shows of itself.
#[derive(Debug, Clone, Copy, Default)]
pub struct LinkFeatures<'a> {
    /// Absolute URL.
    pub url: &'a str,
    pub text: &'a str,
    pub title: &'a str,
    pub aria_label: &'a str,
    pub place: LinkPlace,
    /// Drawn as a button (`btn`, `button`, `cta` classes, `role=button`).
    pub button_like: bool,
}

/// Lower-case, accents folded, every non-alphanumeric a space, padded with spaces so that
/// `" mot "` matches whole words.
fn normalize(s: &str) -> String {
    let folded = prospecta_shared::format::fold(s);
    let words: Vec<&str> = folded.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    format!(" {} ", words.join(" "))
}

/// The intents a contact link can express, strongest first: (word starts, score). A word start
/// matches a word beginning with it (" ecri" matches "écrivez", "écrire").
const INTENTS: &[(&[&str], u8)] = &[
    (&[" contact", " nous joindre ", " get in touch ", " write to us ", " ecrivez ", " ecrire ", " nous ecrire "], 90),
    (&[" question", " demande d information", " renseignement", " message ", " formulaire ", " rappel"], 80),
    (&[" devis ", " quote ", " rendez vous ", " rdv ", " prendre rendez", " estimation "], 75),
    (
        &[" parlons ", " discutons ", " echangeons ", " votre projet ", " un projet ", " let s talk ", " talk to us "],
        60,
    ),
    (&[" acces ", " plan d acces ", " coordonnees ", " nous trouver ", " find us ", " ou nous trouver "], 55),
];

/// Path words of a contact page (last segment of the URL).
const PATH_INTENTS: &[(&[&str], u8)] = &[
    (&["contact"], 70),
    (&["ecri", "joindre", "question", "devis", "rendez", "rdv", "demande", "formulaire", "message", "rappel"], 60),
    (&["nous-trouver", "coordonnees", "acces"], 40),
];

/// Pages a contact link never is: legal texts, accounts, carts, news, FAQs ("Questions
/// fréquentes" answers questions, it does not take them), files.
const NOT_CONTACT: &[&str] = &[
    "faq",
    "frequent",
    "mentions",
    "legal",
    "cgv",
    "cgu",
    "conditions",
    "confidentialite",
    "privacy",
    "cookie",
    "rgpd",
    "login",
    "connexion",
    "compte",
    "account",
    "panier",
    "cart",
    "checkout",
    "wp-admin",
    "feed",
    "tag",
    "author",
];

fn last_segment(url: &str) -> String {
    let path = url.split_once("://").map_or(url, |(_, r)| r).split_once('/').map_or("", |(_, p)| p);
    let path = path.split(['?', '#']).next().unwrap_or("").to_lowercase();
    path.trim_end_matches('/').rsplit('/').next().unwrap_or("").to_string()
}

/// Whether the link leads somewhere a contact form never is (judged on the page's own name,
/// the last path segment: folders above it say where the page sits, not what it is).
fn excluded(url: &str, label: &str) -> bool {
    let last = last_segment(url);
    let words: Vec<&str> = last.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let label_words: Vec<&str> = label.split_whitespace().collect();
    NOT_CONTACT.iter().any(|n| words.iter().any(|w| w.starts_with(n)) || label_words.iter().any(|w| w.starts_with(n)))
        || is_file(url)
}

fn is_file(url: &str) -> bool {
    let last = last_segment(url);
    last.rsplit_once('.').is_some_and(|(_, ext)| {
        matches!(ext, "pdf" | "jpg" | "jpeg" | "png" | "gif" | "webp" | "zip" | "doc" | "docx" | "xls" | "xlsx" | "mp4")
    })
}

/// How much a link looks like the way to the contact page: 0 = not at all, else up to 100.
/// What the link says (text, title, aria-label, URL) decides whether it is a contact link;
/// where it sits and how it is drawn order the contact links among themselves.
pub fn rank(f: &LinkFeatures<'_>) -> u8 {
    let label = normalize(&format!("{} {} {}", f.text, f.title, f.aria_label));
    if excluded(f.url, &label) {
        return 0;
    }
    // A long paragraph that happens to say "votre projet" or "question" is not a menu item.
    let short = f.text.split_whitespace().count() <= 6;
    let mut intent = 0u8;
    for (words, score) in INTENTS {
        if words.iter().any(|w| label.contains(w)) && (short || *score >= 90) {
            intent = intent.max(*score);
        }
    }
    let last = last_segment(f.url);
    for (words, score) in PATH_INTENTS {
        if words.iter().any(|w| last.contains(w)) {
            intent = intent.max(*score);
        }
    }
    if intent == 0 {
        return 0;
    }
    let place = match f.place {
        LinkPlace::Header => 6,
        LinkPlace::Footer => 3,
        LinkPlace::Body => 0,
    };
    let button = if f.button_like { 3 } else { 0 };
    intent.saturating_add(place).saturating_add(button).min(100)
}

/// Navigation pages worth visiting when no link reads like a contact link: the menu's items,
/// then the footer's, in page order, without legal pages, accounts or files, at most `max`.
/// `links` are `(features)` of same-site links other than the page itself.
pub fn navigation_pages(links: &[LinkFeatures<'_>], max: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for place in [LinkPlace::Header, LinkPlace::Footer] {
        for l in links.iter().filter(|l| l.place == place) {
            let label = normalize(&format!("{} {} {}", l.text, l.title, l.aria_label));
            let url = l.url.split('#').next().unwrap_or(l.url);
            if out.len() >= max {
                return out;
            }
            if excluded(url, &label) || out.iter().any(|u| u == url) {
                continue;
            }
            out.push(url.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link<'a>(text: &'a str, url: &'a str, place: LinkPlace) -> LinkFeatures<'a> {
        LinkFeatures { url, text, place, ..LinkFeatures::default() }
    }

    #[test]
    fn contact_links_of_every_wording_rank() {
        for (text, url) in [
            ("Une question ?", "http://x.fr/aide"),
            ("Écrivez-nous", "http://x.fr/ecrivez-nous"),
            ("Devis gratuit", "http://x.fr/estimation-offerte"),
            ("Prendre rendez-vous", "http://x.fr/rdv"),
            ("Nous contacter", "http://x.fr/nous-contacter.html"),
            ("", "http://x.fr/contact/"),
            ("Parlons de votre projet", "http://x.fr/projet.html"),
        ] {
            assert!(rank(&link(text, url, LinkPlace::Header)) > 0, "{text} {url}");
        }
        let with_aria =
            LinkFeatures { aria_label: "Contactez-nous", ..link("✉", "http://x.fr/p12", LinkPlace::Header) };
        assert!(rank(&with_aria) >= 90);
    }

    #[test]
    fn position_and_buttons_order_contact_links_and_other_pages_do_not_rank() {
        let header = rank(&link("Contact", "http://x.fr/contact", LinkPlace::Header));
        let footer = rank(&link("Contact", "http://x.fr/contact", LinkPlace::Footer));
        let body = rank(&link("Contact", "http://x.fr/contact", LinkPlace::Body));
        assert!(header > footer && footer > body, "{header} {footer} {body}");
        let cta = LinkFeatures { button_like: true, ..link("Devis gratuit", "http://x.fr/devis", LinkPlace::Header) };
        assert!(rank(&cta) > rank(&link("Devis gratuit", "http://x.fr/devis", LinkPlace::Header)));
        assert_eq!(rank(&link("Nos réalisations", "http://x.fr/realisations", LinkPlace::Header)), 0);
        assert_eq!(rank(&link("Questions fréquentes", "http://x.fr/aide", LinkPlace::Header)), 0);
        assert_eq!(rank(&link("Projets", "http://x.fr/projets.html", LinkPlace::Header)), 0);
        assert_eq!(rank(&link("Mentions légales", "http://x.fr/mentions-legales", LinkPlace::Footer)), 0);
        assert_eq!(rank(&link("Contact", "http://x.fr/plaquette-contact.pdf", LinkPlace::Body)), 0);
        let paragraph = "Vous avez une question sur nos tarifs ou sur la livraison de votre commande en Bretagne";
        assert_eq!(rank(&link(paragraph, "http://x.fr/livraison", LinkPlace::Body)), 0);
    }

    #[test]
    fn navigation_pages_are_the_menu_then_the_footer_bounded() {
        let links = [
            link("Accueil", "http://x.fr/", LinkPlace::Header),
            link("Savoir-faire", "http://x.fr/savoir-faire", LinkPlace::Header),
            link("Mentions légales", "http://x.fr/mentions-legales", LinkPlace::Footer),
            link("L'atelier", "http://x.fr/atelier#haut", LinkPlace::Footer),
            link("Lire l'article", "http://x.fr/blog/1", LinkPlace::Body),
            link("Savoir-faire", "http://x.fr/savoir-faire", LinkPlace::Footer),
        ];
        assert_eq!(navigation_pages(&links, 4), ["http://x.fr/", "http://x.fr/savoir-faire", "http://x.fr/atelier"]);
        assert_eq!(navigation_pages(&links, 1), ["http://x.fr/"]);
    }
}
