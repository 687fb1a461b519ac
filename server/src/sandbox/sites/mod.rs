//! The simulated company websites of the sandbox, and the ground truth of what they show.
//!
//! Every sandbox company may own a website: the one PagesJaunes lists (`company.website`), or,
//! for about 45 % of the companies without a listed site, one that only a web search or a
//! domain guess finds. Some listed domains are parked or dead; about 15 % of the companies have
//! a homonym in another city that owns the most obvious guessable domain (`<slug>.fr`), with
//! its own phone, postcode and SIREN, which the enrichment must reject.
//!
//! Everything derives from the company (seeded by its SIREN, [`Dice`]), never from a random
//! seed: [`site_of`] and [`truth`] are pure functions, and the pages ([`render`]) and the truth
//! are computed from the same [`SandboxSite`] spec, never one from the other.

pub mod directory;
pub mod render;
pub mod search;

pub use directory::{HostDispatch, SiteDirectory, SiteEntry, dispatch};
pub use render::{SitePage, render};

use super::companies::{Dice, LegalForm, SandboxCompany, Vocab, fixed_number, luhn_complete};
use crate::prospecting::taxonomy::normalize;

/// Whether the domain answers, and with what.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SiteStatus {
    /// A real site of the company (or of its homonym).
    Live,
    /// "Ce nom de domaine est à vendre": one generic page for any path.
    Parked,
    /// The domain lapsed: NXDOMAIN.
    Dead,
}

/// What the markup imitates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Builder {
    ContactForm7,
    WpForms,
    Elementor,
    Divi,
    Wix,
    Jimdo,
    Handmade,
}

impl Builder {
    pub fn is_wordpress(self) -> bool {
        matches!(self, Builder::ContactForm7 | Builder::WpForms | Builder::Elementor | Builder::Divi)
    }
}

/// Where and how the company's e-mail address is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmailStyle {
    /// A `mailto:` link on the contact page (and sometimes in the footer).
    Mailto,
    /// Only in the legal notice, as plain text.
    LegalOnly,
    /// "contact [at] dupont-plomberie [point] fr".
    Brackets,
    /// `mailto:` written in decimal character references, `&#64;` in the text.
    Entities,
    /// Stored reversed in a script, turned round by `.reverse()`.
    ScriptReversed,
    /// Cloudflare's `data-cfemail` and `/cdn-cgi/l/email-protection#…` links.
    Cloudflare,
    /// No address anywhere: the contact form only.
    FormOnly,
    /// A role address and a named one (plus the web agency's in the footer, not the company's).
    Several,
    /// The business uses a free-mail address (orange.fr, gmail.com…).
    FreeMail,
    /// Written in words no regular expression decodes ("contact, arobase, puis le nom du site").
    Words,
}

impl EmailStyle {
    pub fn label(self) -> &'static str {
        match self {
            EmailStyle::Mailto => "mailto",
            EmailStyle::LegalOnly => "legal-only",
            EmailStyle::Brackets => "obfuscated-brackets",
            EmailStyle::Entities => "obfuscated-entities",
            EmailStyle::ScriptReversed => "obfuscated-script",
            EmailStyle::Cloudflare => "cfemail",
            EmailStyle::FormOnly => "form-only",
            EmailStyle::Several => "several",
            EmailStyle::FreeMail => "freemail",
            EmailStyle::Words => "words",
        }
    }
}

/// How the phone numbers are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhoneStyle {
    /// "04 78 12 34 56"
    Spaced,
    /// "04.78.12.34.56"
    Dotted,
    /// "+33 (0)4 78 12 34 56"
    International,
    /// `<a href="tel:+33478123456">04 78 12 34 56</a>`
    TelLink,
    /// No number on the site.
    Absent,
}

/// How the legal notice names the register entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SirenStyle {
    Absent,
    Siret,
    Rcs,
    RcsAndSiret,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Captcha {
    RecaptchaV2,
    Turnstile,
}

/// The facts about the site's owner the pages print: the company's, or its homonym's.
#[derive(Debug, Clone, PartialEq)]
pub struct Identity {
    pub trade_name: String,
    pub legal_name: String,
    pub legal_form: &'static str,
    pub siren: String,
    pub siret: String,
    pub street: String,
    pub postal_code: String,
    pub city: String,
    pub manager_first: String,
    pub manager_last: String,
    /// E.164, the ones the site prints (page order).
    pub phones: Vec<String>,
    /// "plombiers", "chauffagistes": the PagesJaunes rubric, lower case.
    pub rubric: String,
    pub blurb: String,
    pub created_year: String,
}

/// Everything a simulated site is rendered from.
#[derive(Debug, Clone, PartialEq)]
pub struct SandboxSite {
    /// As in its URL, lower case: "www.dupont-plomberie.fr".
    pub host: String,
    /// The host without `www.`: what e-mails and MX records use.
    pub domain: String,
    /// `http://<host>/`.
    pub home_url: String,
    pub status: SiteStatus,
    /// The site belongs to the company's homonym in another city.
    pub homonym: bool,
    pub identity: Identity,
    pub builder: Builder,
    pub email_style: EmailStyle,
    /// The role address on the site's domain (or the free-mail one for [`EmailStyle::FreeMail`]).
    pub role_email: Option<String>,
    /// A person's address on the site's domain ([`EmailStyle::Several`]).
    pub named_email: Option<String>,
    /// A disposable address shown for job applications (must never be kept).
    pub disposable_email: Option<String>,
    /// The role address also sits in every footer (as a `mailto:`).
    pub footer_email: bool,
    pub phone_style: PhoneStyle,
    pub siren_style: SirenStyle,
    /// The domain has an MX record (its own-domain addresses can receive mail).
    pub mx: bool,
    /// `/` answers 302 to `/accueil`.
    pub home_redirect: bool,
    pub robots: bool,
    pub about_page: bool,
    pub services_page: bool,
    pub realisations_page: bool,
    /// Index into the web agencies credited in the footer, if any.
    pub agency: Option<usize>,
    /// Index into the hosting providers named in the legal notice.
    pub hosting: usize,
    /// The contact page holds a contact form.
    pub form: bool,
    pub captcha: Option<Captcha>,
    /// "Pas de démarchage commercial" next to the form.
    pub no_solicitation: bool,
    /// The home page's link text to the contact page.
    pub contact_label: &'static str,
    /// The contact page's path slug ("contact", "nous-contacter"…).
    pub contact_slug: &'static str,
}

/// The ground truth for the enrichment benchmark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteTruth {
    /// Canonical home URL the enrichment should find; None if no real site (none, parked, dead).
    pub website: Option<String>,
    /// The company's own addresses shown anywhere on the site, lower case.
    pub emails_shown: Vec<String>,
    /// The one an ideal picker keeps: own-domain role address first, else named, else free-mail
    /// (never a disposable one, never one on a domain without MX).
    pub best_email: Option<String>,
    /// E.164.
    pub phones_shown: Vec<String>,
    pub siren_shown: bool,
    /// Short label of the variant: "cfemail", "legal-only", "homonym", "parked"…
    pub kind: &'static str,
    /// What the sources show.
    pub listed_website: Option<String>,
}

/// Mail providers whose domains have MX records in the sandbox DNS.
pub const MAIL_PROVIDERS: [&str; 9] = [
    "gmail.com",
    "orange.fr",
    "wanadoo.fr",
    "free.fr",
    "sfr.fr",
    "laposte.net",
    "hotmail.fr",
    "outlook.fr",
    "yahoo.fr",
];
/// A disposable-address provider: it has an MX, the enrichment's disposable list must reject it.
pub const DISPOSABLE_PROVIDER: &str = "yopmail.com";

/// Shares (per mille of live company sites) of each e-mail style.
const EMAIL_STYLES: [(EmailStyle, u32); 10] = [
    (EmailStyle::Mailto, 300),
    (EmailStyle::LegalOnly, 110),
    (EmailStyle::Brackets, 60),
    (EmailStyle::Entities, 40),
    (EmailStyle::ScriptReversed, 30),
    (EmailStyle::Cloudflare, 80),
    (EmailStyle::FormOnly, 100),
    (EmailStyle::Several, 120),
    (EmailStyle::FreeMail, 120),
    (EmailStyle::Words, 40),
];

/// Share of companies without a listed website that still have one.
const UNLISTED_SITE_SHARE: f64 = 0.45;
/// Shares of listed domains that are parked or dead.
const PARKED_SHARE: f64 = 0.05;
const DEAD_SHARE: f64 = 0.05;
/// Chance of a homonym among companies whose obvious domain is free (tuned for ~15 % overall).
const HOMONYM_CHANCE: f64 = 0.24;
/// Live own-domain sites without MX.
const NO_MX_SHARE: f64 = 0.07;
/// Live sites that show a disposable address for job applications.
const DISPOSABLE_SHARE: f64 = 0.03;

/// Cities a homonym can live in (name, postcode, département).
const HOMONYM_CITIES: [(&str, &str, &str); 12] = [
    ("Nantes", "44000", "44"),
    ("Bordeaux", "33000", "33"),
    ("Lille", "59000", "59"),
    ("Toulouse", "31000", "31"),
    ("Rennes", "35000", "35"),
    ("Strasbourg", "67000", "67"),
    ("Montpellier", "34000", "34"),
    ("Dijon", "21000", "21"),
    ("Reims", "51100", "51"),
    ("Angers", "49000", "49"),
    ("Grenoble", "38000", "38"),
    ("Limoges", "87000", "87"),
];

/// The company's own website, if it has one (parked and dead domains included).
pub fn site_of(company: &SandboxCompany) -> Option<SandboxSite> {
    let mut dice = Dice::new(&["site", &company.siren]);
    let status_roll = dice.unit();
    let unlisted_roll = dice.unit();
    let domain_choice = dice.below(5);
    let (host, status) = match company.website.as_deref().and_then(host_of_url) {
        Some(host) => {
            let status = if status_roll < PARKED_SHARE {
                SiteStatus::Parked
            } else if status_roll < PARKED_SHARE + DEAD_SHARE {
                SiteStatus::Dead
            } else {
                SiteStatus::Live
            };
            (host, status)
        }
        None if unlisted_roll < UNLISTED_SITE_SHARE => {
            let www = if domain_choice.is_multiple_of(2) { "www." } else { "" };
            (format!("{www}{}", unlisted_domain(company, domain_choice)), SiteStatus::Live)
        }
        None => return None,
    };
    let identity = identity_of(company);
    Some(build_site(host, status, false, identity, &company.siren, company.email.as_deref()))
}

/// The homonym's site: same trade name, another city, the obvious `<slug>.fr` domain.
pub fn homonym_site_of(company: &SandboxCompany) -> Option<SandboxSite> {
    let obvious = obvious_domain(&company.trade_name);
    let own = site_of(company).map(|s| s.domain);
    if own.as_deref() == Some(obvious.as_str()) {
        // The company owns its obvious domain itself: no room for a homonym there.
        return None;
    }
    let mut dice = Dice::new(&["homonym", &company.siren]);
    if !dice.chance(HOMONYM_CHANCE) {
        return None;
    }
    let candidates: Vec<&(&str, &str, &str)> =
        HOMONYM_CITIES.iter().filter(|(_, _, dep)| *dep != company.departement).collect();
    let &&(city, postcode, departement) = dice.pick_in(&candidates)?;
    let siren = luhn_complete(&format!("{}{}", dice.pick(&['4', '5', '7', '8', '9']), dice.digits(7)));
    let siret = luhn_complete(&format!("{siren}0001"));
    let phone = fixed_number(&mut dice, departement);
    let first = dice.pick(&["Julien", "Thierry", "Nathalie", "Sébastien", "Karine", "Olivier", "Sandrine", "Éric"]);
    let last = dice.pick(&["Garnier", "Chevalier", "Perrin", "Masson", "Marchand", "Brun", "Blanc", "Guérin"]);
    let form = dice.pick(&[LegalForm::Sarl, LegalForm::Sas, LegalForm::Eurl]);
    let number = 1 + dice.below(120);
    let way =
        dice.pick(&["rue de la Paix", "avenue Victor Hugo", "rue Nationale", "boulevard Gambetta", "rue des Lilas"]);
    let vocab = Vocab::for_naf(&company.naf);
    let identity = Identity {
        trade_name: company.trade_name.clone(),
        legal_name: format!("{} {}", form.abbreviation(), super::companies::register_case(&company.trade_name)),
        legal_form: form.abbreviation(),
        siret,
        siren,
        street: format!("{number} {way}"),
        postal_code: postcode.to_string(),
        city: city.to_string(),
        manager_first: first.to_string(),
        manager_last: last.to_string(),
        phones: vec![phone],
        rubric: vocab.rubric.clone(),
        blurb: vocab.blurbs.first().map_or_else(String::new, |b| b.to_string()),
        created_year: format!("{}", 1995 + dice.below(28)),
    };
    let host = if dice.chance(0.6) { format!("www.{obvious}") } else { obvious };
    let seed = format!("homonym-{}", company.siren);
    Some(build_site(host, SiteStatus::Live, true, identity, &seed, None))
}

/// The ground truth for `company`, from the same specs the pages are rendered from.
pub fn truth(company: &SandboxCompany) -> SiteTruth {
    let site = site_of(company);
    let homonym = homonym_site_of(company).is_some();
    let listed_website = company.website.clone();
    let live = site.as_ref().filter(|s| s.status == SiteStatus::Live);
    let kind = match (&site, homonym) {
        (_, true) => "homonym",
        (None, false) => "none",
        (Some(s), false) => match s.status {
            SiteStatus::Parked => "parked",
            SiteStatus::Dead => "dead",
            SiteStatus::Live => s.email_style.label(),
        },
    };
    let Some(site) = live else {
        return SiteTruth {
            website: None,
            emails_shown: Vec::new(),
            best_email: None,
            phones_shown: Vec::new(),
            siren_shown: false,
            kind,
            listed_website,
        };
    };
    SiteTruth {
        website: Some(site.home_url.clone()),
        emails_shown: emails_shown(site),
        best_email: best_email(site),
        phones_shown: site.identity.phones.clone(),
        siren_shown: site.siren_style != SirenStyle::Absent,
        kind,
        listed_website,
    }
}

/// Every address of the owner the site shows, in some form.
pub fn emails_shown(site: &SandboxSite) -> Vec<String> {
    if site.status != SiteStatus::Live {
        return Vec::new();
    }
    let mut out: Vec<String> = Vec::new();
    for e in [&site.role_email, &site.named_email, &site.disposable_email].into_iter().flatten() {
        if !out.contains(e) {
            out.push(e.clone());
        }
    }
    out
}

/// What an ideal picker keeps: own-domain role address first, else named, else free-mail;
/// never a disposable address, never an address on a domain without MX.
pub fn best_email(site: &SandboxSite) -> Option<String> {
    let deliverable = |e: &&String| {
        let domain = e.split_once('@').map_or("", |(_, d)| d);
        domain != DISPOSABLE_PROVIDER && (MAIL_PROVIDERS.contains(&domain) || (domain == site.domain && site.mx))
    };
    [&site.role_email, &site.named_email].into_iter().flatten().find(deliverable).cloned()
}

// ---------------------------------------------------------------------------------------------
// Building the spec

fn identity_of(company: &SandboxCompany) -> Identity {
    let vocab = Vocab::for_naf(&company.naf);
    let mut dice = Dice::new(&["site-identity", &company.siren]);
    let blurb = dice.pick_in(vocab.blurbs).map_or_else(String::new, |b| b.to_string());
    let shown = if dice.chance(0.1) {
        Vec::new()
    } else {
        let count = if dice.chance(0.5) { 2 } else { 1 };
        company.phones.iter().take(count).cloned().collect()
    };
    Identity {
        trade_name: company.trade_name.clone(),
        legal_name: company.legal_name.clone(),
        legal_form: company.legal_form.abbreviation(),
        siren: company.siren.clone(),
        siret: company.siret.clone(),
        street: company.street.clone(),
        postal_code: company.postal_code.clone(),
        city: company.city.clone(),
        manager_first: company.manager.first_name.clone(),
        manager_last: company.manager.last_name.clone(),
        phones: shown,
        rubric: vocab.rubric.clone(),
        blurb,
        created_year: company.created_on.get(..4).unwrap_or("2010").to_string(),
    }
}

fn build_site(
    host: String,
    status: SiteStatus,
    homonym: bool,
    identity: Identity,
    seed: &str,
    listed_email: Option<&str>,
) -> SandboxSite {
    let mut dice = Dice::new(&["site-spec", seed]);
    let domain = host.strip_prefix("www.").unwrap_or(&host).to_string();
    let builder = dice.weighted(&[
        (Builder::ContactForm7, 26),
        (Builder::WpForms, 12),
        (Builder::Elementor, 14),
        (Builder::Divi, 8),
        (Builder::Wix, 14),
        (Builder::Jimdo, 10),
        (Builder::Handmade, 16),
    ]);
    // A homonym's site is plain: its address is on its own domain, where a picker would find it.
    let email_style = if homonym { EmailStyle::Mailto } else { dice.weighted(&EMAIL_STYLES) };
    let role_local = dice.pick(&["contact", "contact", "info", "accueil", "bonjour", "devis"]);
    let listed_own = listed_email.filter(|e| e.ends_with(&format!("@{domain}")));
    let listed_free =
        listed_email.filter(|e| MAIL_PROVIDERS.iter().any(|p| e.ends_with(&format!("@{p}")))).map(str::to_string);
    let own_role = listed_own.map_or_else(|| format!("{role_local}@{domain}"), str::to_string);
    let named = format!("{}@{domain}", named_local(&identity, &mut dice));
    let free = listed_free.unwrap_or_else(|| {
        let provider =
            dice.pick(&["orange.fr", "gmail.com", "wanadoo.fr", "free.fr", "sfr.fr", "laposte.net", "hotmail.fr"]);
        format!("{}@{provider}", free_local(&identity.trade_name))
    });
    let (role_email, named_email) = match email_style {
        EmailStyle::FormOnly => (None, None),
        EmailStyle::FreeMail => (Some(free), None),
        EmailStyle::Several => (Some(own_role), Some(named)),
        _ => (Some(own_role), None),
    };
    let disposable_email = (!homonym && role_email.is_some() && dice.chance(DISPOSABLE_SHARE))
        .then(|| format!("recrutement.{}@{DISPOSABLE_PROVIDER}", free_local(&identity.trade_name).replace('.', "")));
    let footer_email = email_style == EmailStyle::Mailto && dice.chance(0.4);
    let phone_style = if identity.phones.is_empty() {
        PhoneStyle::Absent
    } else {
        dice.weighted(&[
            (PhoneStyle::Spaced, 45),
            (PhoneStyle::Dotted, 15),
            (PhoneStyle::International, 10),
            (PhoneStyle::TelLink, 30),
        ])
    };
    let siren_style = dice.weighted(&[
        (SirenStyle::Absent, 10),
        (SirenStyle::Siret, 35),
        (SirenStyle::Rcs, 35),
        (SirenStyle::RcsAndSiret, 20),
    ]);
    let mx = homonym || !dice.chance(NO_MX_SHARE);
    let home_redirect = !builder.is_wordpress() && dice.chance(0.15);
    let robots = dice.chance(if builder.is_wordpress() || builder == Builder::Wix { 0.7 } else { 0.2 });
    let about_page = dice.chance(0.7);
    let services_page = dice.chance(0.5);
    let realisations_page = dice.chance(0.3);
    let agency = (email_style == EmailStyle::Several || dice.chance(0.3)).then(|| dice.below(AGENCIES as u64) as usize);
    let hosting = match builder {
        Builder::Wix => 3,
        Builder::Jimdo => 4,
        _ => dice.below(3) as usize,
    };
    let form =
        matches!(email_style, EmailStyle::FormOnly | EmailStyle::LegalOnly | EmailStyle::Words) || !dice.chance(0.2);
    let captcha = dice.chance(0.15).then(|| if dice.chance(0.6) { Captcha::RecaptchaV2 } else { Captcha::Turnstile });
    let no_solicitation = dice.chance(0.08);
    let (contact_label, contact_slug) = dice.pick(&[
        ("Contact", "contact"),
        ("Contact", "contact"),
        ("Nous contacter", "nous-contacter"),
        ("Contactez-nous", "contactez-nous"),
        ("Devis gratuit", "devis-gratuit"),
    ]);
    SandboxSite {
        home_url: format!("http://{host}/"),
        host,
        domain,
        status,
        homonym,
        identity,
        builder,
        email_style,
        role_email,
        named_email,
        disposable_email,
        footer_email,
        phone_style,
        siren_style,
        mx,
        home_redirect,
        robots,
        about_page,
        services_page,
        realisations_page,
        agency,
        hosting,
        form,
        captcha,
        no_solicitation,
        contact_label,
        contact_slug,
    }
}

/// Number of web agencies [`render`] knows.
pub(crate) const AGENCIES: usize = 4;

/// "jean.dupont", "jdupont", "p.martin": never a local part extractors take for a placeholder.
fn named_local(identity: &Identity, dice: &mut Dice) -> String {
    let first = ascii_slug(&identity.manager_first, "");
    let last = ascii_slug(&identity.manager_last, "");
    let initial = first.chars().next().unwrap_or('x');
    let local = match dice.below(3) {
        0 => format!("{first}.{last}"),
        1 => format!("{initial}{last}"),
        _ => format!("{initial}.{last}"),
    };
    if placeholder_like(&local) { format!("{last}.{first}") } else { local }
}

/// "dupont.plomberie" for a free-mail box, from the trade name.
fn free_local(trade: &str) -> String {
    let local = ascii_slug(trade, ".");
    let local: String = local.chars().take(30).collect::<String>().trim_end_matches('.').to_string();
    let local = if local.is_empty() { "entreprise".to_string() } else { local };
    if placeholder_like(&local) { format!("ets.{local}") } else { local }
}

/// Local parts extractors drop as placeholders ("jean.x@gmail.com", "nom@…", "votre…").
fn placeholder_like(local: &str) -> bool {
    let head = local.split(['.', '_', '-']).next().unwrap_or("");
    matches!(head, "jean" | "john" | "nom" | "votre" | "vous" | "user" | "name" | "prenom" | "email" | "adresse")
}

/// Lower-case ASCII words joined by `sep`.
pub(crate) fn ascii_slug(text: &str, sep: &str) -> String {
    normalize(text).split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(sep)
}

/// `<trade-name-slug>.fr`: the first domain anyone guesses.
pub fn obvious_domain(trade: &str) -> String {
    let slug: String = ascii_slug(trade, "-").chars().take(50).collect::<String>().trim_end_matches('-').to_string();
    let slug = if slug.is_empty() { "entreprise".to_string() } else { slug };
    format!("{slug}.fr")
}

/// A domain only search or a less obvious guess finds: never the obvious `<slug>.fr`.
fn unlisted_domain(company: &SandboxCompany, choice: u64) -> String {
    let slug = ascii_slug(&company.trade_name, "-");
    let slug: String = slug.chars().take(40).collect::<String>().trim_end_matches('-').to_string();
    let city = ascii_slug(&company.commune_name, "-");
    let words: Vec<&str> = slug.split('-').filter(|w| !w.is_empty()).collect();
    match choice {
        0 => format!("{slug}-{city}.fr"),
        1 if words.len() >= 2 => {
            let mut reversed = words.clone();
            reversed.reverse();
            format!("{}.fr", reversed.join("-"))
        }
        2 => format!("{}.com", words.concat()),
        3 => format!("{slug}.com"),
        _ => format!("{slug}-{}.fr", company.departement.to_lowercase()),
    }
}

/// "http://www.x.fr/accueil?lang=fr" → "www.x.fr".
fn host_of_url(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#', ':']).next()?.to_ascii_lowercase();
    host.contains('.').then_some(host)
}

#[cfg(test)]
mod tests;
