//! HTML of the simulated company sites, in the markup of the builders small French companies
//! use (WordPress with Contact Form 7, WPForms, Elementor or Divi; Wix; Jimdo; hand-written
//! pages), with the e-mail placements and traps documented in
//! `/work/shared/fixtures/company-sites/README.md` and the form markup of
//! `/work/shared/fixtures/contact-forms/README.md`.

use super::{AGENCIES, Builder, Captcha, EmailStyle, PhoneStyle, SandboxSite, SirenStyle, SiteStatus};
use crate::sandbox::companies::{Dice, luhn_complete, phone_display};
use crate::sandbox::web::esc;
use prospecta_shared::format::capitalize;
use std::fmt::Write as _;

/// One HTTP answer of a simulated site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SitePage {
    pub status: u16,
    pub content_type: &'static str,
    pub body: String,
    /// `Location` of a redirect.
    pub location: Option<String>,
}

const HTML: &str = "text/html; charset=UTF-8";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Page {
    Home,
    Contact,
    Legal,
    About,
    Services,
    Realisations,
    Thanks,
}

/// The answer of `site` to `GET path` (a query string is ignored). `None` for a dead domain,
/// which no request can reach.
pub fn render(site: &SandboxSite, path: &str) -> Option<SitePage> {
    match site.status {
        SiteStatus::Dead => None,
        SiteStatus::Parked => Some(ok(parked_html(site))),
        SiteStatus::Live => Some(live(site, path)),
    }
}

/// The answer to a form submission (`POST path`).
pub fn submit(site: &SandboxSite, path: &str) -> Option<SitePage> {
    match site.status {
        SiteStatus::Dead => None,
        SiteStatus::Parked => Some(ok(parked_html(site))),
        SiteStatus::Live => Some(submitted(site, path)),
    }
}

/// Every page path the site links to (what a crawler may read), home first.
pub fn page_paths(site: &SandboxSite) -> Vec<String> {
    let mut pages = vec![Page::Home, Page::Contact, Page::Legal];
    if site.about_page {
        pages.push(Page::About);
    }
    if site.services_page {
        pages.push(Page::Services);
    }
    if site.realisations_page {
        pages.push(Page::Realisations);
    }
    pages.into_iter().map(|p| path_of(site, p)).collect()
}

fn ok(body: String) -> SitePage {
    SitePage { status: 200, content_type: HTML, body, location: None }
}

fn redirect(status: u16, to: String) -> SitePage {
    let body = format!(
        "<!DOCTYPE html><html><head><title>Redirection</title></head><body><a href=\"{0}\">{0}</a></body></html>",
        esc(&to)
    );
    SitePage { status, content_type: HTML, body, location: Some(to) }
}

fn path_of(site: &SandboxSite, page: Page) -> String {
    let slug = site.contact_slug;
    let (home, contact, legal, about, services, realisations, thanks) = match site.builder {
        b if b.is_wordpress() => (
            "/".to_string(),
            format!("/{slug}/"),
            "/mentions-legales/",
            "/qui-sommes-nous/",
            "/nos-services/",
            "/realisations/",
            "/merci/",
        ),
        Builder::Wix => (
            "/".to_string(),
            format!("/{slug}"),
            "/mentions-legales",
            "/a-propos",
            "/services",
            "/realisations",
            "/merci",
        ),
        Builder::Jimdo => (
            "/".to_string(),
            format!("/{slug}/"),
            "/mentions-legales/",
            "/qui-sommes-nous/",
            "/prestations/",
            "/galerie/",
            "/merci/",
        ),
        _ => (
            "/index.html".to_string(),
            format!("/{slug}.html"),
            "/mentions-legales.html",
            "/entreprise.html",
            "/services.html",
            "/realisations.html",
            "/merci.html",
        ),
    };
    let home = if site.home_redirect { "/accueil".to_string() } else { home };
    match page {
        Page::Home => home,
        Page::Contact => contact,
        Page::Legal => legal.to_string(),
        Page::About => about.to_string(),
        Page::Services => services.to_string(),
        Page::Realisations => realisations.to_string(),
        Page::Thanks => thanks.to_string(),
    }
}

fn page_at(site: &SandboxSite, path: &str) -> Option<Page> {
    let all = [Page::Home, Page::Contact, Page::Legal, Page::About, Page::Services, Page::Realisations, Page::Thanks];
    let present = |p: &Page| match p {
        Page::About => site.about_page,
        Page::Services => site.services_page,
        Page::Realisations => site.realisations_page,
        _ => true,
    };
    all.into_iter().filter(present).find(|p| path_of(site, *p) == path)
}

fn live(site: &SandboxSite, raw_path: &str) -> SitePage {
    let path = raw_path.split(['?', '#']).next().unwrap_or("/");
    let path = if path.is_empty() { "/" } else { path };
    if path == "/robots.txt" {
        return match robots(site) {
            Some(text) => {
                SitePage { status: 200, content_type: "text/plain; charset=UTF-8", body: text, location: None }
            }
            None => not_found(site),
        };
    }
    if path == "/" || path == "/accueil" || path == "/accueil/" || path == "/index.html" || path == "/index.php" {
        if path == "/" && site.home_redirect {
            return redirect(302, "/accueil".into());
        }
        return ok(home_html(site));
    }
    if let Some(page) = page_at(site, path) {
        return ok(page_html(site, page));
    }
    // WordPress answers a folder URL without its slash with a 301; Jimdo and Wix serve both.
    let slashed = format!("{path}/");
    if let Some(page) = page_at(site, &slashed) {
        return if site.builder.is_wordpress() { redirect(301, slashed) } else { ok(page_html(site, page)) };
    }
    if let Some(page) = path.strip_suffix('/').and_then(|p| page_at(site, p)) {
        return ok(page_html(site, page));
    }
    not_found(site)
}

fn page_html(site: &SandboxSite, page: Page) -> String {
    match page {
        Page::Home => home_html(site),
        Page::Contact => contact_html(site),
        Page::Legal => legal_html(site),
        Page::About => about_html(site),
        Page::Services => services_html(site),
        Page::Realisations => realisations_html(site),
        Page::Thanks => thanks_html(site, "Merci ! Votre message a bien été envoyé. Nous vous répondrons rapidement."),
    }
}

fn not_found(site: &SandboxSite) -> SitePage {
    let body = layout(
        site,
        "Page introuvable",
        "<h1>Oups ! Cette page est introuvable.</h1><p>La page que vous cherchez n’existe pas ou a été déplacée.</p>",
    );
    SitePage { status: 404, content_type: HTML, body, location: None }
}

fn robots(site: &SandboxSite) -> Option<String> {
    if !site.robots {
        return None;
    }
    let text = match site.builder {
        b if b.is_wordpress() => format!(
            "User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n\nSitemap: http://{}/wp-sitemap.xml\n",
            site.host
        ),
        Builder::Wix => format!(
            "# By Wix\nUser-agent: *\nAllow: /\n\n# Optimization for Google Ads Bot\nUser-agent: AdsBot-Google-Mobile\nUser-agent: AdsBot-Google\nDisallow: /_api/*\nDisallow: /_partials*\nDisallow: /pro-gallery-webapp/v1/galleries/*\n\nSitemap: http://{}/sitemap.xml\n",
            site.host
        ),
        _ => "User-agent: *\nDisallow: /admin/\nDisallow: /cgi-bin/\n".to_string(),
    };
    Some(text)
}

// ---------------------------------------------------------------------------------------------
// Layout

fn layout(site: &SandboxSite, title: &str, main: &str) -> String {
    let id = &site.identity;
    let full_title = format!("{title} | {}", id.trade_name);
    let mut html = String::with_capacity(8_000);
    html.push_str("<!DOCTYPE html>\n");
    let (lang, generator, extra_head, body_class) = match site.builder {
        Builder::ContactForm7 | Builder::WpForms | Builder::Elementor | Builder::Divi => (
            "fr-FR",
            "WordPress 6.6.2",
            wordpress_head(site),
            match site.builder {
                Builder::Elementor => "page-template-default page elementor-default elementor-kit-7",
                Builder::Divi => "page-template-default page et_pb_pagebuilder_layout et_divi_theme",
                _ => "page-template-default page ast-page-builder-template",
            },
        ),
        Builder::Wix => (
            "fr",
            "Wix.com Website Builder",
            "<script src=\"https://static.parastorage.com/services/wix-thunderbolt/dist/main.d7c4a8f0.bundle.min.js\" async></script>\n".to_string(),
            "wix-site",
        ),
        Builder::Jimdo => (
            "fr-FR",
            "Jimdo Creator",
            "<link rel=\"stylesheet\" href=\"https://assets.jimstatic.com/web.css.f4b19a8c.css\">\n".to_string(),
            "jtpl-main cc-page",
        ),
        Builder::Handmade => ("fr", "", "<style>.piege{position:absolute;left:-5000px}</style>\n".to_string(), "site"),
    };
    let _ = write!(
        html,
        "<html lang=\"{lang}\">\n<head>\n<meta charset=\"UTF-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<meta name=\"description\" content=\"{} : {} à {}.\">\n",
        esc(&full_title),
        esc(&id.trade_name),
        esc(&id.rubric),
        esc(&id.city)
    );
    if !generator.is_empty() {
        let _ = writeln!(html, "<meta name=\"generator\" content=\"{generator}\">");
    }
    html.push_str(&extra_head);
    let _ = write!(html, "</head>\n<body class=\"{body_class}\">\n");
    html.push_str(&header(site));
    let _ = write!(html, "<main id=\"content\" class=\"site-main\">\n{main}\n</main>\n");
    html.push_str(&footer(site));
    if site.email_style == EmailStyle::Cloudflare {
        html.push_str("<script data-cfasync=\"false\" src=\"/cdn-cgi/scripts/5c5dd728/cloudflare-static/email-decode.min.js\"></script>\n");
    }
    html.push_str("</body>\n</html>\n");
    html
}

fn wordpress_head(site: &SandboxSite) -> String {
    let mut head = String::from(
        "<link rel='stylesheet' id='astra-theme-css-css' href='/wp-content/themes/astra/assets/css/minified/main.min.css?ver=4.6.4' media='all' />\n",
    );
    match site.builder {
        Builder::ContactForm7 => head.push_str("<link rel='stylesheet' id='contact-form-7-css' href='/wp-content/plugins/contact-form-7/includes/css/styles.css?ver=5.9.8' media='all' />\n"),
        Builder::WpForms => head.push_str("<style>.wpforms-field-hp{display:none!important;position:absolute!important;left:-9000px!important}</style>\n"),
        Builder::Elementor => head.push_str("<link rel='stylesheet' id='elementor-frontend-css' href='/wp-content/plugins/elementor/assets/css/frontend.min.css?ver=3.21.5' media='all' />\n"),
        Builder::Divi => head.push_str("<link rel='stylesheet' id='divi-style-css' href='/wp-content/themes/Divi/style.min.css?ver=4.25.1' media='all' />\n"),
        _ => {}
    }
    let _ = writeln!(head, "<link rel=\"https://api.w.org/\" href=\"http://{}/wp-json/\" />", site.host);
    head
}

fn header(site: &SandboxSite) -> String {
    let mut nav = String::new();
    let _ = write!(nav, "<li><a href=\"{}\">Accueil</a></li>", home_link(site));
    if site.about_page {
        let label = if site.builder == Builder::Wix { "À propos" } else { "Qui sommes-nous ?" };
        let _ = write!(nav, "<li><a href=\"{}\">{label}</a></li>", path_of(site, Page::About));
    }
    if site.services_page {
        let _ = write!(nav, "<li><a href=\"{}\">Nos services</a></li>", path_of(site, Page::Services));
    }
    if site.realisations_page {
        let _ = write!(nav, "<li><a href=\"{}\">Réalisations</a></li>", path_of(site, Page::Realisations));
    }
    let _ = write!(nav, "<li><a href=\"{}\">{}</a></li>", path_of(site, Page::Contact), esc(site.contact_label));
    format!(
        "<header id=\"masthead\" class=\"site-header\">\n<div class=\"site-branding\"><a href=\"{}\" class=\"custom-logo-link\" rel=\"home\"><img src=\"/images/logo.png\" alt=\"{}\" width=\"180\" height=\"60\"></a></div>\n<nav class=\"main-navigation\" aria-label=\"Menu principal\"><ul class=\"menu\">{nav}</ul></nav>\n</header>\n",
        home_link(site),
        esc(&site.identity.trade_name)
    )
}

fn home_link(site: &SandboxSite) -> String {
    if site.home_redirect {
        "/accueil".into()
    } else if site.builder == Builder::Handmade {
        "/index.html".into()
    } else {
        "/".into()
    }
}

fn footer(site: &SandboxSite) -> String {
    let id = &site.identity;
    let mut f = String::from("<footer class=\"site-footer\">\n");
    let _ = writeln!(
        f,
        "<div class=\"footer-address\"><p><strong>{}</strong></p><p>{}, {} {}</p></div>",
        esc(&id.trade_name),
        esc(&id.street),
        esc(&id.postal_code),
        esc(&id.city)
    );
    if let Some(phone) = id.phones.first() {
        let _ = writeln!(f, "<p class=\"footer-phone\">Tél. : {}</p>", phone_html(site.phone_style, phone));
    }
    if site.footer_email
        && let Some(e) = &site.role_email
    {
        let _ = writeln!(f, "<p class=\"footer-mail\"><a href=\"mailto:{0}\">{0}</a></p>", esc(e));
    }
    let _ = writeln!(
        f,
        "<p class=\"footer-links\"><a href=\"{}\">Mentions légales</a> – <a href=\"{}\">{}</a></p>",
        path_of(site, Page::Legal),
        path_of(site, Page::Contact),
        esc(site.contact_label)
    );
    let _ = writeln!(f, "<p class=\"copyright\">© 2025 {} – Tous droits réservés</p>", esc(&id.trade_name));
    if let Some(agency) = site.agency.map(agency) {
        // One line: the label comes first, so an extractor drops what follows it.
        let _ = writeln!(
            f,
            "<p class=\"site-credit\">Site réalisé par <a href=\"https://www.{0}/\" target=\"_blank\" rel=\"noopener\">{1}</a> – <a href=\"mailto:{2}\">{2}</a></p>",
            agency.domain,
            esc(agency.name),
            agency.email
        );
    }
    f.push_str("</footer>\n");
    f
}

// ---------------------------------------------------------------------------------------------
// Pages

fn home_html(site: &SandboxSite) -> String {
    let id = &site.identity;
    let mut main = String::new();
    let _ = writeln!(
        main,
        "<section class=\"hero\"><h1>{}</h1><p class=\"tagline\">{} à {} et alentours depuis {}.</p></section>",
        esc(&id.trade_name),
        esc(&capitalize(&id.rubric)),
        esc(&id.city),
        esc(&id.created_year)
    );
    if !id.blurb.is_empty() {
        let _ = writeln!(main, "<section class=\"intro\"><p>{}.</p>", esc(&id.blurb));
    } else {
        main.push_str("<section class=\"intro\">");
    }
    let _ = write!(
        main,
        "<p>Entreprise familiale installée à {}, nous intervenons chez les particuliers comme chez les professionnels. Devis gratuit et sans engagement.</p>\n<p><a class=\"button\" href=\"{}\">{}</a></p></section>\n",
        esc(&id.city),
        path_of(site, Page::Contact),
        esc(site.contact_label)
    );
    if let Some(phone) = id.phones.first() {
        let _ = writeln!(
            main,
            "<section class=\"call\"><h2>Une urgence ?</h2><p>Appelez-nous au {}</p></section>",
            phone_html(site.phone_style, phone)
        );
    }
    layout(site, "Accueil", &main)
}

fn contact_html(site: &SandboxSite) -> String {
    let id = &site.identity;
    let mut main = String::new();
    let _ = writeln!(main, "<h1>{}</h1>", esc(site.contact_label));
    main.push_str("<section class=\"coordonnees\">\n<h2>Nos coordonnées</h2>\n");
    let _ = writeln!(
        main,
        "<address>{}<br>{}<br>{} {}</address>",
        esc(&id.trade_name),
        esc(&id.street),
        esc(&id.postal_code),
        esc(&id.city)
    );
    for (i, phone) in id.phones.iter().enumerate() {
        let label = if i == 0 { "Tél." } else { "Portable" };
        let _ = writeln!(main, "<p>{label} : {}</p>", phone_html(site.phone_style, phone));
    }
    match site.email_style {
        EmailStyle::LegalOnly | EmailStyle::FormOnly => {}
        EmailStyle::Words => {
            if let Some(local) = site.role_email.as_deref().and_then(|e| e.split('@').next()) {
                let _ = writeln!(
                    main,
                    "<p>Pour nous écrire : tapez « {} », ajoutez l’arobase, puis le nom de ce site sans le « www ».</p>",
                    esc(local)
                );
            }
        }
        _ => {
            if let Some(e) = &site.role_email {
                let _ = writeln!(main, "<p>E-mail : {}</p>", email_html(site, e, "courriel-contact"));
            }
            if let Some(e) = &site.named_email {
                let _ = writeln!(
                    main,
                    "<p>Direction : {} {} – <a href=\"mailto:{2}\">{2}</a></p>",
                    esc(&id.manager_first),
                    esc(&id.manager_last),
                    esc(e)
                );
            }
        }
    }
    main.push_str("<p>Du lundi au vendredi, de 8 h à 18 h.</p>\n</section>\n");
    if let Some(e) = site.disposable_email.as_ref().filter(|_| !site.about_page) {
        let _ = writeln!(main, "<p>Candidatures spontanées : {}</p>", esc(e));
    }
    if site.form {
        main.push_str("<section class=\"formulaire\">\n<h2>Écrivez-nous</h2>\n");
        if site.no_solicitation {
            main.push_str("<p class=\"notice-demarchage\"><strong>Démarchage commercial interdit :</strong> ce formulaire est réservé aux demandes de nos clients. Nous ne donnons pas suite aux sollicitations commerciales.</p>\n");
        }
        main.push_str(&form_html(site));
        main.push_str("</section>\n");
    }
    layout(site, site.contact_label, &main)
}

fn legal_html(site: &SandboxSite) -> String {
    let id = &site.identity;
    let mut main = String::from("<h1>Mentions légales</h1>\n<section class=\"editeur\">\n<h2>Éditeur du site</h2>\n");
    let _ = writeln!(
        main,
        "<p>Le site {} est édité par {} ({}), {}, {} {}.</p>",
        esc(&site.host),
        esc(&id.legal_name),
        esc(id.legal_form),
        esc(&id.street),
        esc(&id.postal_code),
        esc(&id.city)
    );
    let rcs_city = id.city.split(" CEDEX").next().unwrap_or(&id.city);
    let siren = spaced_siren(&id.siren);
    let siret = format!("{siren} {}", id.siret.get(9..).unwrap_or(""));
    match site.siren_style {
        SirenStyle::Absent => {}
        SirenStyle::Siret => {
            let _ = writeln!(main, "<p>SIRET : {siret}</p>");
        }
        SirenStyle::Rcs => {
            let _ = writeln!(main, "<p>RCS {} B {siren}</p>", esc(rcs_city));
        }
        SirenStyle::RcsAndSiret => {
            let _ = writeln!(main, "<p>Immatriculée au RCS de {} – SIRET : {siret}</p>", esc(rcs_city));
        }
    }
    if let Some(phone) = id.phones.first() {
        let _ = writeln!(main, "<p>Téléphone : {}</p>", phone_html(site.phone_style, phone));
    }
    match (site.email_style, &site.role_email) {
        (EmailStyle::LegalOnly, Some(e)) => {
            let _ = writeln!(main, "<p>Courriel : {}</p>", esc(e));
        }
        (EmailStyle::FormOnly | EmailStyle::Words, _) | (_, None) => {
            let _ = writeln!(
                main,
                "<p>Contact : par le <a href=\"{}\">formulaire de contact</a>.</p>",
                path_of(site, Page::Contact)
            );
        }
        (_, Some(e)) => {
            let _ = writeln!(main, "<p>Courriel : {}</p>", email_html(site, e, "courriel-mentions"));
        }
    }
    let _ = writeln!(
        main,
        "<p>Directeur de la publication : {} {}</p>\n</section>",
        esc(&id.manager_first),
        esc(&id.manager_last)
    );
    let _ = writeln!(
        main,
        "<section class=\"hebergeur\">\n<h2>Hébergeur</h2>\n<p>{}</p>\n</section>",
        hosting(site.hosting)
    );
    if let Some(agency) = site.agency.map(agency) {
        let _ = writeln!(
            main,
            "<section class=\"credits\">\n<h2>Conception et réalisation</h2>\n<p>{0} – {1} – <a href=\"mailto:{2}\">{2}</a> – {3}</p>\n</section>",
            esc(agency.name),
            agency.address,
            agency.email,
            agency.phone
        );
    }
    main.push_str("<section class=\"propriete\">\n<h2>Propriété intellectuelle</h2>\n<p>L’ensemble des contenus de ce site (textes, photos, logo) est protégé par le droit d’auteur. Toute reproduction sans autorisation est interdite.</p>\n</section>\n");
    main.push_str("<section class=\"donnees\">\n<h2>Données personnelles</h2>\n<p>Les informations recueillies par le formulaire de contact servent uniquement à répondre à vos demandes. Conformément au RGPD, vous disposez d’un droit d’accès, de rectification et d’effacement de vos données. Vous pouvez introduire une réclamation auprès de la CNIL.</p>\n</section>\n");
    layout(site, "Mentions légales", &main)
}

fn about_html(site: &SandboxSite) -> String {
    let id = &site.identity;
    let mut main = String::from("<h1>Qui sommes-nous ?</h1>\n");
    let _ = writeln!(
        main,
        "<p>Fondée en {} par {} {}, {} met son savoir-faire au service des habitants de {} et des environs.</p>",
        esc(&id.created_year),
        esc(&id.manager_first),
        esc(&id.manager_last),
        esc(&id.trade_name),
        esc(&id.city)
    );
    main.push_str("<p>Notre équipe vous accompagne de l’étude de votre projet jusqu’à sa réalisation, avec des matériaux de qualité et des délais tenus.</p>\n");
    if let Some(e) = &site.disposable_email {
        let _ = writeln!(main, "<p>Vous souhaitez nous rejoindre ? Envoyez votre candidature à {}</p>", esc(e));
    }
    layout(site, "Qui sommes-nous ?", &main)
}

fn services_html(site: &SandboxSite) -> String {
    let mut main = String::from("<h1>Nos services</h1>\n<ul class=\"services\">\n");
    for item in [
        "Dépannage rapide",
        "Installation et mise en service",
        "Rénovation",
        "Entretien annuel",
        "Conseil et devis gratuit",
    ] {
        let _ = writeln!(main, "<li>{item}</li>");
    }
    main.push_str("</ul>\n");
    let _ =
        writeln!(main, "<p>Besoin d’un devis ? <a href=\"{}\">Contactez-nous</a>.</p>", path_of(site, Page::Contact));
    layout(site, "Nos services", &main)
}

fn realisations_html(site: &SandboxSite) -> String {
    let mut main = String::from("<h1>Nos réalisations</h1>\n<div class=\"gallery\">\n");
    for (i, caption) in
        ["Rénovation complète d’une maison", "Chantier pour un commerce du centre-ville", "Intervention d’urgence"]
            .iter()
            .enumerate()
    {
        let _ = writeln!(
            main,
            "<figure><img src=\"/images/chantier-{i}.jpg\" srcset=\"/images/chantier-{i}@2x.jpg 2x\" alt=\"{caption}\"><figcaption>{caption}</figcaption></figure>"
        );
    }
    main.push_str("</div>\n");
    layout(site, "Réalisations", &main)
}

fn thanks_html(site: &SandboxSite, message: &str) -> String {
    let main = format!("<h1>Merci !</h1>\n<div class=\"alert alert-success\"><p>{}</p></div>\n", esc(message));
    layout(site, "Merci", &main)
}

fn parked_html(site: &SandboxSite) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"UTF-8\">\n<title>{0} – Ce nom de domaine est à vendre</title>\n</head>\n<body class=\"parking\">\n<h1>{0}</h1>\n<p>Ce nom de domaine est à vendre !</p>\n<p>Vous souhaitez acquérir {0} ? <a href=\"https://www.domaines-a-vendre.example/offre?domaine={0}\">Faites une offre</a>.</p>\n<ul class=\"related\"><li><a href=\"https://www.domaines-a-vendre.example/recherche?q=artisan\">Artisan</a></li><li><a href=\"https://www.domaines-a-vendre.example/recherche?q=devis\">Devis gratuit</a></li></ul>\n</body>\n</html>\n",
        esc(&site.domain)
    )
}

fn submitted(site: &SandboxSite, raw_path: &str) -> SitePage {
    let path = raw_path.split(['?', '#']).next().unwrap_or("/");
    let json =
        |body: String| SitePage { status: 200, content_type: "application/json; charset=UTF-8", body, location: None };
    if site.captcha.is_some() {
        let main = "<h1>Erreur</h1>\n<div class=\"alert alert-danger\"><p>La vérification anti-robot a échoué. Veuillez réessayer.</p></div>\n";
        return ok(layout(site, "Erreur", main));
    }
    if let Some(rest) = path.strip_prefix("/wp-json/contact-form-7/v1/contact-forms/") {
        let id = rest.split('/').next().unwrap_or("0");
        return json(format!(
            "{{\"contact_form_id\":{},\"status\":\"mail_sent\",\"message\":\"Merci pour votre message. Il a été envoyé.\",\"posted_data_hash\":\"5c2b1e0b7f1d4c3a9e8f6d2a1b0c9e7f\",\"into\":\"#wpcf7-f{}-o1\",\"invalid_fields\":[]}}",
            id.parse::<u64>().unwrap_or(0),
            id.parse::<u64>().unwrap_or(0)
        ));
    }
    if path.ends_with("/admin-ajax.php") {
        return json("{\"success\":true,\"data\":{\"confirmation\":\"<div class=\\\"wpforms-confirmation-container-full\\\"><p>Merci de nous avoir contactés ! Nous vous répondrons rapidement.<\\/p><\\/div>\"}}".into());
    }
    let message = match site.builder {
        Builder::ContactForm7 => "Merci pour votre message. Il a été envoyé.",
        Builder::WpForms => "Merci de nous avoir contactés ! Nous vous répondrons rapidement.",
        Builder::Elementor => "Votre message a bien été envoyé.",
        Builder::Divi => "Merci de nous avoir contactés",
        Builder::Wix => "Merci, votre message a bien été envoyé.",
        Builder::Jimdo => "Votre message a bien été envoyé.",
        Builder::Handmade => "Merci ! Votre message a bien été envoyé. Nous vous répondrons rapidement.",
    };
    ok(thanks_html(site, message))
}

// ---------------------------------------------------------------------------------------------
// Phones and e-mails

fn phone_html(style: PhoneStyle, e164: &str) -> String {
    let display = phone_display(e164);
    match style {
        PhoneStyle::Spaced | PhoneStyle::Absent => display,
        PhoneStyle::Dotted => display.replace(' ', "."),
        PhoneStyle::International => match display.strip_prefix('0') {
            Some(rest) => format!("+33 (0){rest}"),
            None => display,
        },
        PhoneStyle::TelLink => format!("<a href=\"tel:{e164}\">{display}</a>"),
    }
}

/// The address as this site writes it. `slot` names the element a script fills in.
fn email_html(site: &SandboxSite, email: &str, slot: &str) -> String {
    let (local, domain) = email.split_once('@').unwrap_or((email, ""));
    match site.email_style {
        EmailStyle::Brackets => {
            let (name, tld) = domain.rsplit_once('.').unwrap_or((domain, ""));
            if email.len().is_multiple_of(2) {
                format!("{} [at] {} [point] {}", esc(local), esc(name), esc(tld))
            } else {
                format!("{} (arobase) {} (point) {}", esc(local), esc(name), esc(tld))
            }
        }
        EmailStyle::Entities => {
            let href: String = format!("mailto:{email}").chars().map(|c| format!("&#{};", u32::from(c))).collect();
            let text = format!("{}&#64;{}", esc(local), esc(domain).replace('.', "&#46;"));
            format!("<a href=\"{href}\">{text}</a>")
        }
        EmailStyle::ScriptReversed => {
            let reversed: String = email.chars().rev().collect();
            format!(
                "<span id=\"{slot}\"></span><script>document.getElementById(\"{slot}\").textContent = \"{reversed}\".split(\"\").reverse().join(\"\");</script>"
            )
        }
        EmailStyle::Cloudflare => {
            let hex = cloudflare_encode(email, cf_key(email));
            format!(
                "<a href=\"/cdn-cgi/l/email-protection#{hex}\"><span class=\"__cf_email__\" data-cfemail=\"{hex}\">[email&#160;protected]</span></a>"
            )
        }
        _ => format!("<a href=\"mailto:{0}\">{0}</a>", esc(email)),
    }
}

fn cf_key(email: &str) -> u8 {
    let mut dice = Dice::new(&["cfemail", email]);
    (16 + dice.below(224)) as u8
}

/// Cloudflare's e-mail protection: the key byte, then each byte XOR the key, in hex.
pub(crate) fn cloudflare_encode(email: &str, key: u8) -> String {
    let mut hex = format!("{key:02x}");
    for b in email.bytes() {
        let _ = write!(hex, "{:02x}", b ^ key);
    }
    hex
}

fn spaced_siren(siren: &str) -> String {
    let s: Vec<char> = siren.chars().collect();
    s.chunks(3).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join(" ")
}

// ---------------------------------------------------------------------------------------------
// Third parties

struct Agency {
    name: &'static str,
    domain: &'static str,
    email: &'static str,
    address: &'static str,
    phone: &'static str,
}

const AGENCY_LIST: [Agency; AGENCIES] = [
    Agency {
        name: "Agence Pixel & Co",
        domain: "pixel-et-co.fr",
        email: "contact@pixel-et-co.fr",
        address: "12 rue des Imprimeurs, 69002 Lyon",
        phone: "04 26 18 44 90",
    },
    Agency {
        name: "WebCréa Studio",
        domain: "webcrea-studio.fr",
        email: "bonjour@webcrea-studio.fr",
        address: "5 place du Marché, 44000 Nantes",
        phone: "02 52 10 77 31",
    },
    Agency {
        name: "Les Artisans du Web",
        domain: "artisansduweb.com",
        email: "hello@artisansduweb.com",
        address: "31 avenue de la Libération, 33000 Bordeaux",
        phone: "05 57 22 61 08",
    },
    Agency {
        name: "Site Express Pro",
        domain: "site-express-pro.fr",
        email: "contact@site-express-pro.fr",
        address: "8 rue Pasteur, 59000 Lille",
        phone: "03 62 27 15 49",
    },
];

fn agency(index: usize) -> &'static Agency {
    &AGENCY_LIST[index % AGENCIES]
}

fn hosting(index: usize) -> String {
    match index {
        0 => "OVH SAS, 2 rue Kellermann, 59100 Roubaix – Tél. : 1007".into(),
        1 => "IONOS SARL, 7 place de la Gare, BP 70109, 57201 Sarreguemines Cedex".into(),
        3 => "Wix.com Ltd., 40 Namal Tel Aviv St., Tel Aviv 6350671, Israël".into(),
        4 => "Jimdo GmbH, Stresemannstraße 375, 22761 Hambourg, Allemagne".into(),
        // An invented regional host with its own SIREN, phone and e-mail: a trap.
        _ => format!(
            "Azur Hébergement SAS, 14 chemin des Oliviers, 06600 Antibes – RCS Antibes {} – Tél. : 04 93 65 20 18 – support@azur-hebergement.fr",
            spaced_siren(&luhn_complete("41285637"))
        ),
    }
}

// ---------------------------------------------------------------------------------------------
// Contact forms

fn form_html(site: &SandboxSite) -> String {
    let mut dice = Dice::new(&["form", &site.domain]);
    let id = 100 + dice.below(9000);
    let post = 10 + dice.below(400);
    let mut form = match site.builder {
        Builder::ContactForm7 => cf7_form(site, id, post),
        Builder::WpForms => wpforms_form(site, id),
        Builder::Elementor => elementor_form(post, dice.below(1 << 28)),
        Builder::Divi => divi_form(site),
        Builder::Wix => wix_form(dice.below(1 << 28)),
        Builder::Jimdo => jimdo_form(site, id),
        Builder::Handmade => handmade_form(site),
    };
    if let Some(captcha) = site.captcha {
        let marker = match captcha {
            Captcha::RecaptchaV2 => {
                "<div class=\"g-recaptcha\" data-sitekey=\"6LdT8xQpAAAAAMq3vKc0hZ2s4yRb1fN7uE5wJ9oX\"></div>\n<script src=\"https://www.google.com/recaptcha/api.js\" async defer></script>\n"
            }
            Captcha::Turnstile => {
                "<div class=\"cf-turnstile\" data-sitekey=\"0x4AAAAAAAB3kP9q2Lr7sT1v\"></div>\n<script src=\"https://challenges.cloudflare.com/turnstile/v0/api.js\" async defer></script>\n"
            }
        };
        // Just before the closing tag of the form, where plugins print it.
        if let Some(at) = form.rfind("</form>") {
            form.insert_str(at, marker);
        }
    }
    form
}

fn cf7_form(site: &SandboxSite, id: u64, post: u64) -> String {
    let unit = format!("wpcf7-f{id}-p{post}-o1");
    let field = |label: &str, name: &str, kind: &str, required: bool| {
        let req = if required { " wpcf7-validates-as-required\" aria-required=\"true" } else { "" };
        let class = match kind {
            "email" => "wpcf7-email",
            "tel" => "wpcf7-tel",
            _ => "wpcf7-text",
        };
        format!(
            "<p><label> {label}<br><span class=\"wpcf7-form-control-wrap\" data-name=\"{name}\"><input size=\"40\" maxlength=\"400\" class=\"wpcf7-form-control {class}{req}\" aria-invalid=\"false\" value=\"\" type=\"{kind}\" name=\"{name}\"></span></label></p>\n"
        )
    };
    let mut f = format!(
        "<div class=\"wpcf7 no-js\" id=\"{unit}\" lang=\"fr-FR\" dir=\"ltr\">\n<div class=\"screen-reader-response\"><p role=\"status\" aria-live=\"polite\" aria-atomic=\"true\"></p><ul></ul></div>\n<form action=\"{}#{unit}\" method=\"post\" class=\"wpcf7-form init\" aria-label=\"Formulaire de contact\" novalidate=\"novalidate\" data-status=\"init\">\n<div style=\"display: none;\">\n<input type=\"hidden\" name=\"_wpcf7\" value=\"{id}\">\n<input type=\"hidden\" name=\"_wpcf7_version\" value=\"5.9.8\">\n<input type=\"hidden\" name=\"_wpcf7_locale\" value=\"fr_FR\">\n<input type=\"hidden\" name=\"_wpcf7_unit_tag\" value=\"{unit}\">\n<input type=\"hidden\" name=\"_wpcf7_container_post\" value=\"{post}\">\n</div>\n",
        path_of(site, Page::Contact)
    );
    f.push_str(&field("Votre nom", "your-name", "text", true));
    f.push_str(&field("Votre e-mail", "your-email", "email", true));
    f.push_str(&field("Téléphone", "your-tel", "tel", false));
    f.push_str(&field("Objet", "your-subject", "text", false));
    f.push_str("<p><label> Votre message<br><span class=\"wpcf7-form-control-wrap\" data-name=\"your-message\"><textarea cols=\"40\" rows=\"10\" maxlength=\"2000\" class=\"wpcf7-form-control wpcf7-textarea wpcf7-validates-as-required\" aria-required=\"true\" aria-invalid=\"false\" name=\"your-message\"></textarea></span></label></p>\n");
    f.push_str("<p><span class=\"wpcf7-form-control-wrap\" data-name=\"rgpd\"><span class=\"wpcf7-form-control wpcf7-acceptance\"><span class=\"wpcf7-list-item\"><label><input type=\"checkbox\" name=\"rgpd\" value=\"1\" aria-invalid=\"false\"><span class=\"wpcf7-list-item-label\">J’accepte que mes données soient utilisées pour répondre à ma demande.</span></label></span></span></span></p>\n");
    f.push_str("<p><input class=\"wpcf7-form-control wpcf7-submit has-spinner\" type=\"submit\" value=\"Envoyer\"></p>\n<div class=\"wpcf7-response-output\" aria-hidden=\"true\"></div>\n</form>\n</div>\n");
    f
}

fn wpforms_form(site: &SandboxSite, id: u64) -> String {
    format!(
        "<div class=\"wpforms-container wpforms-container-full\" id=\"wpforms-{id}\">\n<form id=\"wpforms-form-{id}\" class=\"wpforms-validate wpforms-form wpforms-ajax-form\" data-formid=\"{id}\" method=\"post\" enctype=\"multipart/form-data\" action=\"{action}\">\n<noscript class=\"wpforms-error-noscript\">Veuillez activer JavaScript dans votre navigateur pour remplir ce formulaire.</noscript>\n<div class=\"wpforms-field-container\">\n<div id=\"wpforms-{id}-field_0-container\" class=\"wpforms-field wpforms-field-name\" data-field-id=\"0\"><label class=\"wpforms-field-label\">Nom <span class=\"wpforms-required-label\">*</span></label><div class=\"wpforms-field-row wpforms-field-medium\"><div class=\"wpforms-field-row-block wpforms-first wpforms-one-half\"><input type=\"text\" id=\"wpforms-{id}-field_0\" class=\"wpforms-field-name-first wpforms-field-required\" name=\"wpforms[fields][0][first]\" required><label for=\"wpforms-{id}-field_0\" class=\"wpforms-field-sublabel after\">Prénom</label></div><div class=\"wpforms-field-row-block wpforms-one-half\"><input type=\"text\" id=\"wpforms-{id}-field_0-last\" class=\"wpforms-field-name-last wpforms-field-required\" name=\"wpforms[fields][0][last]\" required><label for=\"wpforms-{id}-field_0-last\" class=\"wpforms-field-sublabel after\">Nom</label></div></div></div>\n<div id=\"wpforms-{id}-field_1-container\" class=\"wpforms-field wpforms-field-email\" data-field-id=\"1\"><label class=\"wpforms-field-label\" for=\"wpforms-{id}-field_1\">E-mail <span class=\"wpforms-required-label\">*</span></label><input type=\"email\" id=\"wpforms-{id}-field_1\" class=\"wpforms-field-medium wpforms-field-required\" name=\"wpforms[fields][1]\" spellcheck=\"false\" required></div>\n<div id=\"wpforms-{id}-field_3-container\" class=\"wpforms-field wpforms-field-phone\" data-field-id=\"3\"><label class=\"wpforms-field-label\" for=\"wpforms-{id}-field_3\">Téléphone</label><input type=\"tel\" id=\"wpforms-{id}-field_3\" class=\"wpforms-field-medium\" name=\"wpforms[fields][3]\"></div>\n<div id=\"wpforms-{id}-field_2-container\" class=\"wpforms-field wpforms-field-textarea\" data-field-id=\"2\"><label class=\"wpforms-field-label\" for=\"wpforms-{id}-field_2\">Message <span class=\"wpforms-required-label\">*</span></label><textarea id=\"wpforms-{id}-field_2\" class=\"wpforms-field-medium wpforms-field-required\" name=\"wpforms[fields][2]\" required></textarea></div>\n</div>\n<div class=\"wpforms-field wpforms-field-hp\"><label for=\"wpforms-{id}-field-hp\" class=\"wpforms-field-label\">Phone</label><input type=\"text\" name=\"wpforms[hp]\" id=\"wpforms-{id}-field-hp\" class=\"wpforms-field-medium\"></div>\n<div class=\"wpforms-submit-container\"><input type=\"hidden\" name=\"wpforms[id]\" value=\"{id}\"><input type=\"hidden\" name=\"page_title\" value=\"Contact\"><button type=\"submit\" name=\"wpforms[submit]\" id=\"wpforms-submit-{id}\" class=\"wpforms-submit\" data-alt-text=\"Envoi en cours…\" data-submit-text=\"Envoyer\" aria-live=\"assertive\" value=\"wpforms-submit\">Envoyer</button></div>\n</form>\n</div>\n",
        action = path_of(site, Page::Contact)
    )
}

fn elementor_form(post: u64, field: u64) -> String {
    format!(
        "<div class=\"elementor-element elementor-widget elementor-widget-form\" data-widget_type=\"form.default\"><div class=\"elementor-widget-container\">\n<form class=\"elementor-form\" method=\"post\" name=\"Contact\" aria-label=\"Contact\">\n<input type=\"hidden\" name=\"post_id\" value=\"{post}\"><input type=\"hidden\" name=\"form_id\" value=\"{field:07x}\"><input type=\"hidden\" name=\"referer_title\" value=\"Contact\"><input type=\"hidden\" name=\"queried_id\" value=\"{post}\">\n<div class=\"elementor-form-fields-wrapper elementor-labels-\">\n<div class=\"elementor-field-type-text elementor-field-group elementor-column elementor-field-group-name elementor-col-100 elementor-field-required\"><label for=\"form-field-name\" class=\"elementor-field-label elementor-screen-only\">Nom</label><input size=\"1\" type=\"text\" name=\"form_fields[name]\" id=\"form-field-name\" class=\"elementor-field elementor-size-sm elementor-field-textual\" placeholder=\"Nom\" required aria-required=\"true\"></div>\n<div class=\"elementor-field-type-email elementor-field-group elementor-column elementor-field-group-email elementor-col-100 elementor-field-required\"><label for=\"form-field-email\" class=\"elementor-field-label elementor-screen-only\">E-mail</label><input size=\"1\" type=\"email\" name=\"form_fields[email]\" id=\"form-field-email\" class=\"elementor-field elementor-size-sm elementor-field-textual\" placeholder=\"E-mail\" required aria-required=\"true\"></div>\n<div class=\"elementor-field-type-tel elementor-field-group elementor-column elementor-field-group-field_{field:07x} elementor-col-100\"><label for=\"form-field-field_{field:07x}\" class=\"elementor-field-label elementor-screen-only\">Téléphone</label><input size=\"1\" type=\"tel\" name=\"form_fields[field_{field:07x}]\" id=\"form-field-field_{field:07x}\" class=\"elementor-field elementor-size-sm elementor-field-textual\" placeholder=\"Téléphone\"></div>\n<div class=\"elementor-field-type-textarea elementor-field-group elementor-column elementor-field-group-message elementor-col-100\"><label for=\"form-field-message\" class=\"elementor-field-label elementor-screen-only\">Message</label><textarea class=\"elementor-field elementor-field-textual elementor-size-sm\" name=\"form_fields[message]\" id=\"form-field-message\" rows=\"4\" placeholder=\"Message\"></textarea></div>\n<div class=\"elementor-field-type-text\"><input size=\"1\" type=\"text\" name=\"form_fields[field_hp]\" id=\"form-field-field_hp\" class=\"elementor-field elementor-size-sm\" style=\"display:none !important;\"></div>\n<div class=\"elementor-field-group elementor-column elementor-field-type-submit elementor-col-100 e-form__buttons\"><button type=\"submit\" class=\"elementor-button elementor-size-sm\"><span><span class=\"elementor-button-text\">Envoyer</span></span></button></div>\n</div>\n</form>\n</div></div>\n"
    )
}

fn divi_form(site: &SandboxSite) -> String {
    format!(
        "<div id=\"et_pb_contact_form_0\" class=\"et_pb_module et_pb_contact_form_0 et_pb_contact_form_container clearfix\" data-form_unique_num=\"0\">\n<h2 class=\"et_pb_contact_main_title\">Demande de devis</h2>\n<div class=\"et-pb-contact-message\"></div>\n<div class=\"et_pb_contact\">\n<form class=\"et_pb_contact_form clearfix\" method=\"post\" action=\"{}\">\n<p class=\"et_pb_contact_field et_pb_contact_field_0 et_pb_contact_field_half\" data-id=\"name\" data-type=\"input\"><label for=\"et_pb_contact_name_0\" class=\"et_pb_contact_form_label\">Nom</label><input type=\"text\" id=\"et_pb_contact_name_0\" class=\"input\" value=\"\" name=\"et_pb_contact_name_0\" data-required_mark=\"required\" data-field_type=\"input\" data-original_id=\"name\" placeholder=\"Nom\"></p>\n<p class=\"et_pb_contact_field et_pb_contact_field_1 et_pb_contact_field_half et_pb_contact_field_last\" data-id=\"email\" data-type=\"email\"><label for=\"et_pb_contact_email_0\" class=\"et_pb_contact_form_label\">Adresse e-mail</label><input type=\"text\" id=\"et_pb_contact_email_0\" class=\"input\" value=\"\" name=\"et_pb_contact_email_0\" data-required_mark=\"required\" data-field_type=\"email\" data-original_id=\"email\" placeholder=\"Adresse e-mail\"></p>\n<p class=\"et_pb_contact_field et_pb_contact_field_2 et_pb_contact_field_last\" data-id=\"telephone\" data-type=\"input\"><label for=\"et_pb_contact_telephone_0\" class=\"et_pb_contact_form_label\">Téléphone</label><input type=\"text\" id=\"et_pb_contact_telephone_0\" class=\"input\" value=\"\" name=\"et_pb_contact_telephone_0\" data-required_mark=\"required\" data-field_type=\"input\" data-original_id=\"telephone\" placeholder=\"Téléphone\"></p>\n<p class=\"et_pb_contact_field et_pb_contact_field_3 et_pb_contact_field_last\" data-id=\"message\" data-type=\"text\"><label for=\"et_pb_contact_message_0\" class=\"et_pb_contact_form_label\">Message</label><textarea name=\"et_pb_contact_message_0\" id=\"et_pb_contact_message_0\" class=\"et_pb_contact_message input\" data-required_mark=\"required\" data-field_type=\"text\" data-original_id=\"message\" placeholder=\"Message\"></textarea></p>\n<input type=\"hidden\" value=\"et_contact_proccess\" name=\"et_pb_contactform_submit_0\">\n<div class=\"et_contact_bottom_container\"><button type=\"submit\" name=\"et_builder_submit_button\" class=\"et_pb_contact_submit et_pb_button\">Envoyer</button></div>\n<input type=\"hidden\" id=\"_wpnonce-et-pb-contact-form-submitted-0\" name=\"_wpnonce-et-pb-contact-form-submitted-0\" value=\"3f9a1c7e2b\">\n</form>\n</div>\n</div>\n",
        path_of(site, Page::Contact)
    )
}

fn wix_form(comp: u64) -> String {
    format!(
        "<form id=\"comp-l{comp:07x}\" class=\"wixui-form\" aria-label=\"Formulaire de contact\">\n<div class=\"wixui-text-input\"><label for=\"input_comp-l{comp:07x}1\">Nom</label><input id=\"input_comp-l{comp:07x}1\" class=\"wixui-text-input__input\" type=\"text\" placeholder=\"Nom\" aria-required=\"true\"></div>\n<div class=\"wixui-text-input\"><label for=\"input_comp-l{comp:07x}2\">E-mail</label><input id=\"input_comp-l{comp:07x}2\" class=\"wixui-text-input__input\" type=\"email\" placeholder=\"E-mail\" aria-required=\"true\"></div>\n<div class=\"wixui-text-input\"><label for=\"input_comp-l{comp:07x}3\">Téléphone</label><input id=\"input_comp-l{comp:07x}3\" class=\"wixui-text-input__input\" type=\"tel\" placeholder=\"Téléphone\"></div>\n<div class=\"wixui-text-box\"><label for=\"textarea_comp-l{comp:07x}4\">Message</label><textarea id=\"textarea_comp-l{comp:07x}4\" class=\"wixui-text-box__input\" placeholder=\"Votre message\"></textarea></div>\n<button class=\"wixui-button\" data-testid=\"buttonElement\" type=\"submit\"><span class=\"wixui-button__label\">Envoyer</span></button>\n<div class=\"wixui-rich-text\" hidden><p>Merci, votre message a bien été envoyé.</p></div>\n</form>\n"
    )
}

fn jimdo_form(site: &SandboxSite, id: u64) -> String {
    let field = |n: u64, label: &str, kind: &str| {
        format!(
            "<div class=\"cc-m-form-view-element cc-m-form-text\"><label for=\"m{id}{n}\"><div>{label}</div></label><div class=\"cc-m-form-view-input-wrapper\"><input type=\"{kind}\" name=\"m{id}{n}\" id=\"m{id}{n}\" value=\"\"></div></div>\n"
        )
    };
    let mut f = format!(
        "<div id=\"cc-m-{id}\" class=\"j-module n j-formnew\">\n<form class=\"cc-m-form cc-m-form-layout-1\" action=\"{}\" method=\"post\" id=\"cc-m-form-{id}\">\n<div class=\"cc-m-form-view-sortable\">\n",
        path_of(site, Page::Contact)
    );
    f.push_str(&field(1, "Nom *", "text"));
    f.push_str(&field(2, "E-mail *", "email"));
    f.push_str(&field(3, "Téléphone", "tel"));
    let _ = write!(
        f,
        "<div class=\"cc-m-form-view-element cc-m-form-textarea\"><label for=\"m{id}4\"><div>Message *</div></label><div class=\"cc-m-form-view-input-wrapper\"><textarea name=\"m{id}4\" id=\"m{id}4\" rows=\"6\"></textarea></div></div>\n<div class=\"cc-m-form-view-element cc-m-form-checkgroup\"><label><input type=\"checkbox\" name=\"m{id}5\" value=\"1\"> J’accepte la déclaration de protection des données.</label></div>\n</div>\n<div class=\"cc-m-form-submit\"><input type=\"submit\" value=\"Envoyer\"></div>\n<div class=\"cc-m-form-loading\"></div>\n</form>\n</div>\n"
    );
    f
}

fn handmade_form(site: &SandboxSite) -> String {
    format!(
        "<form method=\"post\" action=\"{}\" id=\"formulaire-contact\">\n<table class=\"form\">\n<tr><td><label for=\"nom\">Nom :</label></td><td><input type=\"text\" name=\"nom\" id=\"nom\" required></td></tr>\n<tr><td><label for=\"email\">E-mail :</label></td><td><input type=\"email\" name=\"email\" id=\"email\" required></td></tr>\n<tr><td><label for=\"tel\">Téléphone :</label></td><td><input type=\"tel\" name=\"tel\" id=\"tel\"></td></tr>\n<tr><td><label for=\"message\">Message :</label></td><td><textarea name=\"message\" id=\"message\" rows=\"8\" cols=\"40\" required></textarea></td></tr>\n</table>\n<p class=\"piege\"><label for=\"site_web\">Votre site web</label><input type=\"text\" name=\"site_web\" id=\"site_web\" tabindex=\"-1\" autocomplete=\"off\"></p>\n<p><input type=\"submit\" value=\"Envoyer\"> <input type=\"reset\" value=\"Effacer\"></p>\n</form>\n",
        path_of(site, Page::Thanks)
    )
}
