//! Deterministic, plausible French companies for a (NAF code, commune) pair: the one population
//! both simulated sources draw from, so that a company has the same SIREN, address and postcode
//! on the simulated PagesJaunes and in the simulated recherche-entreprises, and the store can
//! merge them as it would merge the real ones.
//!
//! Everything derives from a fixed hash (FNV-1a, then SplitMix64) of the inputs, never from a
//! random seed or a map's iteration order: the same request gives the same companies on every
//! run and every machine, without a database.

use crate::prospecting::taxonomy::{Commune, Taxonomy, normalize};
use prospecta_shared::format::capitalize;
use prospecta_shared::prospecting::SectorSuggestion;
use serde::Serialize;
use std::collections::HashSet;

/// Legal form of the unité légale, with its INSEE `nature_juridique` code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum LegalForm {
    /// Entrepreneur individuel: the legal name is the person's.
    Ei,
    Eurl,
    Sarl,
    Sas,
    Sasu,
}

impl LegalForm {
    pub fn abbreviation(self) -> &'static str {
        match self {
            LegalForm::Ei => "EI",
            LegalForm::Eurl => "EURL",
            LegalForm::Sarl => "SARL",
            LegalForm::Sas => "SAS",
            LegalForm::Sasu => "SASU",
        }
    }

    /// INSEE "catégorie juridique" (niveau III), as the registers print it.
    pub fn nature_juridique(self) -> &'static str {
        match self {
            LegalForm::Ei => "1000",
            LegalForm::Eurl => "5498",
            LegalForm::Sarl => "5499",
            LegalForm::Sas => "5710",
            LegalForm::Sasu => "5720",
        }
    }
}

/// The pieces of an address as the SIRENE register stores them; PagesJaunes prints them in
/// mixed case ("ZI des Platières, 3 allée des Frênes CS 30012"), the API in capitals.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AddressParts {
    /// Building or business-park line: "ZI des Platières", "Immeuble Le Britannia".
    pub complement: Option<String>,
    pub number: Option<u32>,
    /// Indice de répétition: `B` (bis) or `T` (ter).
    pub repetition: Option<char>,
    /// Lower case as printed: "rue", "avenue", "allée".
    pub way_type: &'static str,
    /// "de la République", "Jean Jaurès".
    pub way_name: String,
    /// Distribution spéciale: "CS 30012", "BP 214".
    pub special: Option<String>,
}

/// The person behind the company: the entrepreneur of an EI, else its manager.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Person {
    pub first_name: String,
    pub last_name: String,
    /// "1975-04": the registers publish the month only.
    pub born: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SandboxCompany {
    /// 9 digits, Luhn-valid.
    pub siren: String,
    /// SIREN + NIC, 14 digits, Luhn-valid.
    pub siret: String,
    pub legal_form: LegalForm,
    /// Upper case as registered: "SARL DUPONT PLOMBERIE", or "JEAN DUPONT" for an EI.
    pub legal_name: String,
    /// The name PagesJaunes shows: "Dupont Plomberie", "L'Atelier du Chauffage".
    pub trade_name: String,
    /// NAF rév. 2 subclass, "43.22A".
    pub naf: String,
    /// As PagesJaunes prints it, before the postcode.
    pub street: String,
    /// One of the commune's postcodes, or a CEDEX code of the département.
    pub postal_code: String,
    /// As PagesJaunes prints it: "Lyon", "Lyon CEDEX 03", "Saint-Priest CEDEX".
    pub city: String,
    /// The commune's name, without CEDEX.
    pub commune_name: String,
    /// The commune the company was generated for (69123 for every Lyon company).
    pub insee: String,
    /// The register's commune code: the arrondissement in Paris, Lyon and Marseille (69383).
    pub geo_code: String,
    pub departement: String,
    pub region: String,
    pub address: AddressParts,
    pub latitude: f64,
    pub longitude: f64,
    /// E.164, `+33…`, page order; fax excluded.
    pub phones: Vec<String>,
    pub fax: Option<String>,
    pub website: Option<String>,
    /// Only set when PagesJaunes shows it (in the pro's description): rare, as on the real site.
    pub email: Option<String>,
    /// PagesJaunes establishment code, 8 digits, leading zeros kept.
    pub pj_id: String,
    /// INSEE tranche d'effectif: "NN", "00", "01", "02", "03", "11", "12", "21".
    pub headcount_band: String,
    /// YYYY-MM-DD.
    pub created_on: String,
    pub closed_on: Option<String>,
    pub closed: bool,
    /// "Opposé aux opérations de marketing" pictogram next to its numbers.
    pub marketing_opposition: bool,
    /// Appears on the simulated PagesJaunes (closed ones never do).
    pub pj_listed: bool,
    /// Appears in the simulated recherche-entreprises.
    pub open_data_listed: bool,
    pub manager: Person,
    /// RGE certified (shown by the API's `complements`).
    pub rge: bool,
}

// ---------------------------------------------------------------------------------------------
// Public entry points

/// Every company of one NAF subclass in one commune, in a stable order. An arrondissement code
/// of Paris, Lyon or Marseille gives the part of its commune's companies located there; an
/// unknown commune or a malformed NAF code gives none.
pub fn companies_for(naf: &str, insee: &str) -> Vec<SandboxCompany> {
    let Some(naf) = canonical_naf(naf) else { return Vec::new() };
    let parent = parent_commune(insee);
    let Some(commune) = Taxonomy::get().commune_record(parent) else { return Vec::new() };
    let vocab = Vocab::for_naf(&naf);
    let all = generate(&naf, commune, &vocab);
    if parent == insee { all } else { all.into_iter().filter(|c| c.geo_code == insee).collect() }
}

/// Every company of one NAF subclass in a département: its communes' companies concatenated,
/// biggest commune first (ties by INSEE code), arrondissements counted once through their
/// commune.
pub fn companies_of_departement(naf: &str, departement: &str) -> Vec<SandboxCompany> {
    let Some(naf) = canonical_naf(naf) else { return Vec::new() };
    let vocab = Vocab::for_naf(&naf);
    departement_communes(departement).into_iter().flat_map(|c| generate(&naf, c, &vocab)).collect()
}

/// The communes of a département in the order both simulated sources list them.
pub(crate) fn departement_communes(departement: &str) -> Vec<&'static Commune> {
    let mut communes: Vec<&'static Commune> = Taxonomy::get()
        .communes_of_departement(departement)
        .into_iter()
        .filter(|c| !is_arrondissement(&c.insee))
        .collect();
    communes.sort_by(|a, b| b.population.cmp(&a.population).then_with(|| a.insee.cmp(&b.insee)));
    communes
}

/// The sector people mean by some words ("plombier", "plomberie chauffage", "artisan
/// plombier"): the taxonomy's best match for all the words, else for the longest word that
/// matches on its own, as the real site reads "quoi, qui ?" loosely.
pub fn sector_for(words: &str) -> Option<SectorSuggestion> {
    let taxonomy = Taxonomy::get();
    if let Some(best) = taxonomy.search_sectors(words, 1).into_iter().next() {
        return Some(best);
    }
    let mut single: Vec<&str> = words.split_whitespace().filter(|w| w.chars().count() >= 4).collect();
    single.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
    single.into_iter().find_map(|w| taxonomy.search_sectors(w, 1).into_iter().next())
}

/// "4322a", "43.22A", "43 22 A" → "43.22A"; anything else is not a NAF subclass code.
pub fn canonical_naf(raw: &str) -> Option<String> {
    let compact: String = raw.chars().filter(|c| !matches!(c, '.' | ' ')).collect::<String>().to_uppercase();
    let b = compact.as_bytes();
    let ok = b.len() == 5 && b[..4].iter().all(u8::is_ascii_digit) && b[4].is_ascii_uppercase();
    ok.then(|| format!("{}.{}", &compact[..2], &compact[2..]))
}

/// Paris, Lyon and Marseille arrondissements (75101–75120, 69381–69389, 13201–13216).
pub fn is_arrondissement(insee: &str) -> bool {
    parent_commune(insee) != insee
}

/// The commune an arrondissement municipal belongs to (75101 → 75056), else the code itself.
pub fn parent_commune(insee: &str) -> &str {
    crate::prospecting::taxonomy::Taxonomy::get().parent_commune(insee)
}

pub use prospecta_shared::company::luhn_valid;

/// `prefix` plus the one digit that makes it Luhn-valid.
pub(crate) fn luhn_complete(prefix: &str) -> String {
    (0..10).map(|d| format!("{prefix}{d}")).find(|s| luhn_valid(s)).unwrap_or_else(|| format!("{prefix}0"))
}

pub use prospecta_shared::company::phone_display;

/// Upper case without accents, as the SIRENE register writes names and addresses.
pub fn register_case(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            'à' | 'â' | 'ä' | 'á' | 'À' | 'Â' | 'Ä' => out.push('A'),
            'ç' | 'Ç' => out.push('C'),
            'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => out.push('E'),
            'î' | 'ï' | 'Î' | 'Ï' => out.push('I'),
            'ô' | 'ö' | 'Ô' | 'Ö' => out.push('O'),
            'ù' | 'û' | 'ü' | 'Ù' | 'Û' | 'Ü' => out.push('U'),
            'ÿ' | 'Ÿ' => out.push('Y'),
            'œ' | 'Œ' => out.push_str("OE"),
            'æ' | 'Æ' => out.push_str("AE"),
            c => out.extend(c.to_uppercase()),
        }
    }
    out
}

/// The register's commune label: "LYON 3EME", "PARIS 15", "MARSEILLE 1ER", else the name.
pub fn register_commune_label(geo_code: &str, commune_name: &str) -> String {
    let n: u32 = geo_code.parse().unwrap_or(0);
    match n {
        75101..=75120 => format!("PARIS {}", n - 75100),
        69381..=69389 => arrondissement_label("LYON", n - 69380),
        13201..=13216 => arrondissement_label("MARSEILLE", n - 13200),
        _ => register_case(commune_name),
    }
}

fn arrondissement_label(city: &str, n: u32) -> String {
    if n == 1 { format!("{city} 1ER") } else { format!("{city} {n}EME") }
}

// ---------------------------------------------------------------------------------------------
// Deterministic dice

fn fnv1a(parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.bytes().chain(std::iter::once(0xff)) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    hash
}

fn splitmix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A SplitMix64 stream seeded by a fixed hash of its inputs.
pub(crate) struct Dice(u64);

impl Dice {
    pub(crate) fn new(parts: &[&str]) -> Dice {
        Dice(splitmix(fnv1a(parts)))
    }

    pub(crate) fn roll(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        splitmix(self.0)
    }

    pub(crate) fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.roll() % n }
    }

    /// Uniform in [0, 1).
    pub(crate) fn unit(&mut self) -> f64 {
        (self.roll() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub(crate) fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    pub(crate) fn pick<T: Copy, const N: usize>(&mut self, items: &[T; N]) -> T {
        const { assert!(N > 0) };
        items[self.below(N as u64) as usize]
    }

    /// An item of a slice that may be empty.
    pub(crate) fn pick_in<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len() as u64) as usize)
    }

    pub(crate) fn weighted<T: Copy, const N: usize>(&mut self, items: &[(T, u32); N]) -> T {
        const { assert!(N > 0) };
        let total: u64 = items.iter().map(|(_, w)| u64::from(*w)).sum();
        let mut roll = self.below(total);
        for (item, weight) in items {
            if roll < u64::from(*weight) {
                return *item;
            }
            roll -= u64::from(*weight);
        }
        items[N - 1].0
    }

    pub(crate) fn digits(&mut self, n: usize) -> String {
        (0..n).map(|_| char::from(b'0' + self.below(10) as u8)).collect()
    }
}

// ---------------------------------------------------------------------------------------------
// Sector vocabulary

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    /// Artisans: "Dupont Plomberie", "L'Atelier du Chauffage".
    Trade,
    /// Shops, restaurants, salons: "Le Comptoir du Marché", "Boulangerie Martin".
    Venue,
    /// Offices: "Cabinet Moreau", "Horizon Immobilier".
    Office,
}

struct Sector {
    naf: &'static str,
    /// Companies per 1 000 inhabitants (before the rural boost).
    density: f64,
    style: Style,
    nouns: &'static [&'static str],
    agent: &'static str,
    themes: &'static [&'static str],
    rubric: &'static str,
    blurbs: &'static [&'static str],
    tags: &'static [&'static str],
    venues: &'static [&'static str],
}

const SECTORS: &[Sector] = &[
    Sector {
        naf: "43.22A",
        density: 0.6,
        style: Style::Trade,
        nouns: &["Plomberie", "Sanitaire", "Plomberie Chauffage", "Dépannage Plomberie", "Plomberie Services"],
        agent: "Plombier",
        themes: &["du Sanitaire", "de l'Eau", "du Robinet", "de la Plomberie"],
        rubric: "plombiers",
        blurbs: &[
            "Plomberie, chauffage et dépannage 7j/7",
            "Recherche de fuite, remplacement de chauffe-eau, débouchage",
            "Artisan plombier, devis gratuit",
            "Rénovation de salles de bains clés en main",
        ],
        tags: &["dépannage plomberie", "chauffe-eau", "recherche de fuite", "débouchage", "salle de bains"],
        venues: &[],
    },
    Sector {
        naf: "43.22B",
        density: 0.3,
        style: Style::Trade,
        nouns: &["Chauffage", "Climatisation", "Thermique", "Chauffage Sanitaire", "Énergies"],
        agent: "Chauffagiste",
        themes: &["du Chauffage", "du Confort", "de la Chaleur"],
        rubric: "chauffage, climatisation (installation, entretien)",
        blurbs: &[
            "Installation et entretien de chaudières",
            "Pompes à chaleur et climatisation, certifié RGE",
            "Contrats d'entretien annuels",
        ],
        tags: &["pompe à chaleur", "chaudière", "climatisation", "entretien"],
        venues: &[],
    },
    Sector {
        naf: "43.21A",
        density: 0.8,
        style: Style::Trade,
        nouns: &["Électricité", "Électricité Générale", "Élec", "Électricité Services"],
        agent: "Électricien",
        themes: &["de l'Électricité", "du Courant"],
        rubric: "électricité générale (entreprises)",
        blurbs: &[
            "Installation et mise aux normes électriques",
            "Dépannage électrique rapide",
            "Domotique, bornes de recharge",
        ],
        tags: &["mise aux normes", "dépannage électrique", "domotique", "borne de recharge"],
        venues: &[],
    },
    Sector {
        naf: "43.99C",
        density: 0.9,
        style: Style::Trade,
        nouns: &["Maçonnerie", "Bâtiment", "Construction", "BTP", "Rénovation"],
        agent: "Maçon",
        themes: &["de la Pierre", "du Bâtiment"],
        rubric: "maçonnerie, gros œuvre (entreprises)",
        blurbs: &["Maçonnerie générale et rénovation", "Extensions, dalles, murs de clôture"],
        tags: &["rénovation", "extension", "dallage", "gros œuvre"],
        venues: &[],
    },
    Sector {
        naf: "43.34Z",
        density: 0.6,
        style: Style::Trade,
        nouns: &["Peinture", "Décoration", "Peinture et Décoration", "Revêtements"],
        agent: "Peintre",
        themes: &["de la Couleur", "du Décor"],
        rubric: "peinture, revêtements (entreprises)",
        blurbs: &["Peinture intérieure et extérieure, ravalement", "Revêtements muraux et sols souples"],
        tags: &["peinture intérieure", "ravalement de façade", "papier peint"],
        venues: &[],
    },
    Sector {
        naf: "43.32A",
        density: 0.5,
        style: Style::Trade,
        nouns: &["Menuiserie", "Agencement", "Fermetures", "Menuiserie Bois"],
        agent: "Menuisier",
        themes: &["du Bois", "de la Fenêtre"],
        rubric: "menuiserie (entreprises)",
        blurbs: &["Fenêtres, portes et volets sur mesure", "Agencement intérieur, escaliers"],
        tags: &["fenêtres", "volets", "agencement", "escaliers"],
        venues: &[],
    },
    Sector {
        naf: "43.32B",
        density: 0.2,
        style: Style::Trade,
        nouns: &["Serrurerie", "Métallerie", "Ferronnerie"],
        agent: "Serrurier",
        themes: &["de la Clé", "du Métal"],
        rubric: "serrurerie, métallerie",
        blurbs: &["Ouverture de porte, blindage, portails"],
        tags: &["ouverture de porte", "blindage", "portail"],
        venues: &[],
    },
    Sector {
        naf: "43.91B",
        density: 0.3,
        style: Style::Trade,
        nouns: &["Couverture", "Toiture", "Zinguerie", "Couverture Zinguerie"],
        agent: "Couvreur",
        themes: &["du Toit"],
        rubric: "couverture, zinguerie",
        blurbs: &["Réfection de toitures, zinguerie, démoussage"],
        tags: &["toiture", "zinguerie", "démoussage"],
        venues: &[],
    },
    Sector {
        naf: "43.33Z",
        density: 0.3,
        style: Style::Trade,
        nouns: &["Carrelage", "Revêtements de Sols", "Carrelage Faïence"],
        agent: "Carreleur",
        themes: &["du Carrelage"],
        rubric: "carrelage, dallage",
        blurbs: &["Pose de carrelage et faïence"],
        tags: &["carrelage", "faïence", "mosaïque"],
        venues: &[],
    },
    Sector {
        naf: "43.31Z",
        density: 0.25,
        style: Style::Trade,
        nouns: &["Plâtrerie", "Isolation", "Plâtrerie Peinture"],
        agent: "Plaquiste",
        themes: &["du Plâtre"],
        rubric: "plâtrerie, plaquisterie",
        blurbs: &["Cloisons, faux plafonds, isolation"],
        tags: &["cloisons", "faux plafonds", "isolation"],
        venues: &[],
    },
    Sector {
        naf: "81.30Z",
        density: 0.5,
        style: Style::Trade,
        nouns: &["Paysage", "Jardins", "Espaces Verts"],
        agent: "Paysagiste",
        themes: &["du Jardin", "des Jardins"],
        rubric: "paysagistes",
        blurbs: &["Création et entretien de jardins", "Élagage, clôtures, arrosage automatique"],
        tags: &["élagage", "entretien de jardin", "clôtures"],
        venues: &[],
    },
    Sector {
        naf: "45.20A",
        density: 0.6,
        style: Style::Trade,
        nouns: &["Garage", "Automobiles", "Auto Services", "Carrosserie"],
        agent: "Mécanique",
        themes: &["de l'Automobile"],
        rubric: "garages automobiles, réparation",
        blurbs: &["Entretien et réparation toutes marques", "Vidange, freins, pneumatiques"],
        tags: &["vidange", "pneus", "carrosserie", "climatisation auto"],
        venues: &[],
    },
    Sector {
        naf: "56.10A",
        density: 1.6,
        style: Style::Venue,
        nouns: &["Restaurant", "Brasserie", "Bistrot", "Pizzeria", "Crêperie"],
        agent: "Restaurant",
        themes: &[],
        rubric: "restaurants",
        blurbs: &["Cuisine traditionnelle faite maison", "Menu du jour, terrasse", "Spécialités régionales"],
        tags: &["cuisine traditionnelle", "terrasse", "fait maison", "groupes"],
        venues: &["Le Bistrot", "Le Comptoir", "La Brasserie", "L'Auberge", "Le Relais", "La Table", "Le Bouchon"],
    },
    Sector {
        naf: "56.30Z",
        density: 0.6,
        style: Style::Venue,
        nouns: &["Bar", "Café", "Bar Tabac", "Café Brasserie"],
        agent: "Bar",
        themes: &[],
        rubric: "bars",
        blurbs: &["Bar d'ambiance, retransmissions sportives", "Café, tabac, presse"],
        tags: &["terrasse", "happy hour", "retransmissions"],
        venues: &["Le Café", "Le Comptoir", "Le Zinc", "Le Bar", "L'Escale"],
    },
    Sector {
        naf: "10.71C",
        density: 0.5,
        style: Style::Venue,
        nouns: &["Boulangerie", "Boulangerie Pâtisserie", "Fournil"],
        agent: "Boulanger",
        themes: &[],
        rubric: "boulangeries, pâtisseries",
        blurbs: &["Pains au levain, viennoiseries pur beurre", "Pâtisseries et gâteaux sur commande"],
        tags: &["pain au levain", "viennoiseries", "pâtisseries"],
        venues: &["Le Fournil", "Au Pain Doré", "La Mie", "Aux Délices"],
    },
    Sector {
        naf: "96.02A",
        density: 1.3,
        style: Style::Venue,
        nouns: &["Coiffure", "Salon de Coiffure", "Coiffure Mixte", "Barbier"],
        agent: "Coiffeur",
        themes: &[],
        rubric: "coiffeurs",
        blurbs: &["Coupes, couleurs, mèches, avec ou sans rendez-vous", "Barbier et coiffure homme"],
        tags: &["coloration", "coupe homme", "coupe femme", "barbe"],
        venues: &["L'Atelier", "Le Salon", "Studio", "L'Instant"],
    },
    Sector {
        naf: "96.02B",
        density: 0.8,
        style: Style::Venue,
        nouns: &["Institut de Beauté", "Esthétique", "Beauté"],
        agent: "Esthéticienne",
        themes: &[],
        rubric: "instituts de beauté",
        blurbs: &["Soins du visage et du corps, épilations", "Onglerie, maquillage"],
        tags: &["épilation", "soins du visage", "manucure"],
        venues: &["L'Institut", "L'Instant Beauté", "Bulle de Beauté"],
    },
    Sector {
        naf: "47.73Z",
        density: 0.33,
        style: Style::Venue,
        nouns: &["Pharmacie"],
        agent: "Pharmacie",
        themes: &[],
        rubric: "pharmacies",
        blurbs: &["Orthopédie, matériel médical, préparations"],
        tags: &["orthopédie", "matériel médical", "homéopathie"],
        venues: &["Pharmacie", "Grande Pharmacie"],
    },
    Sector {
        naf: "69.20Z",
        density: 0.3,
        style: Style::Office,
        nouns: &["Expertise Comptable", "Audit", "Conseil", "Expertise"],
        agent: "Expert-Comptable",
        themes: &[],
        rubric: "experts-comptables",
        blurbs: &["Comptabilité, fiscalité, paie pour TPE et PME", "Création et reprise d'entreprise"],
        tags: &["création d'entreprise", "paie", "fiscalité"],
        venues: &[],
    },
    Sector {
        naf: "68.31Z",
        density: 0.6,
        style: Style::Office,
        nouns: &["Immobilier", "Immo", "Transactions"],
        agent: "Immobilier",
        themes: &[],
        rubric: "agences immobilières",
        blurbs: &["Achat, vente, location et gestion", "Estimation gratuite de votre bien"],
        tags: &["vente", "location", "estimation gratuite"],
        venues: &[],
    },
    Sector {
        naf: "69.10Z",
        density: 0.5,
        style: Style::Office,
        nouns: &["Avocats", "Avocat", "Juris"],
        agent: "Avocat",
        themes: &[],
        rubric: "avocats",
        blurbs: &["Droit des affaires, droit du travail", "Droit de la famille, droit immobilier"],
        tags: &["droit du travail", "droit des affaires", "divorce"],
        venues: &[],
    },
    Sector {
        naf: "62.01Z",
        density: 0.8,
        style: Style::Office,
        nouns: &["Digital", "Web", "Informatique", "Solutions"],
        agent: "Développeur",
        themes: &[],
        rubric: "création de sites internet",
        blurbs: &["Sites vitrines et e-commerce, référencement", "Applications web et mobiles sur mesure"],
        tags: &["site vitrine", "e-commerce", "référencement"],
        venues: &[],
    },
    Sector {
        naf: "70.22Z",
        density: 1.0,
        style: Style::Office,
        nouns: &["Conseil", "Consulting", "Stratégie", "Management"],
        agent: "Consultant",
        themes: &[],
        rubric: "conseil en organisation, gestion management",
        blurbs: &["Accompagnement des dirigeants de PME", "Stratégie, organisation, financement"],
        tags: &["stratégie", "organisation", "financement"],
        venues: &[],
    },
    Sector {
        naf: "71.11Z",
        density: 0.4,
        style: Style::Office,
        nouns: &["Architecture", "Architectes", "Atelier d'Architecture"],
        agent: "Architecte",
        themes: &[],
        rubric: "architectes",
        blurbs: &["Maisons individuelles, extensions, réhabilitation"],
        tags: &["permis de construire", "extension", "réhabilitation"],
        venues: &[],
    },
    Sector {
        naf: "86.21Z",
        density: 0.9,
        style: Style::Office,
        nouns: &["Cabinet Médical", "Médecine Générale"],
        agent: "Médecin",
        themes: &[],
        rubric: "médecins généralistes",
        blurbs: &["Consultations sur rendez-vous, visites à domicile"],
        tags: &["consultations", "visites à domicile"],
        venues: &[],
    },
    Sector {
        naf: "47.76Z",
        density: 0.25,
        style: Style::Venue,
        nouns: &["Fleurs", "Fleuriste", "Art Floral"],
        agent: "Fleuriste",
        themes: &[],
        rubric: "fleuristes",
        blurbs: &["Compositions florales, mariages, deuil", "Plantes et livraison à domicile"],
        tags: &["bouquets", "mariages", "livraison"],
        venues: &["Au Jardin", "L'Atelier Floral", "La Fleur"],
    },
    Sector {
        naf: "47.11B",
        density: 0.3,
        style: Style::Venue,
        nouns: &["Épicerie", "Alimentation", "Supérette"],
        agent: "Épicerie",
        themes: &[],
        rubric: "épiceries, alimentation générale",
        blurbs: &["Produits frais et locaux, ouvert 7j/7"],
        tags: &["produits locaux", "fruits et légumes"],
        venues: &["L'Épicerie", "Le Panier", "Au Marché"],
    },
    Sector {
        naf: "47.22Z",
        density: 0.2,
        style: Style::Venue,
        nouns: &["Boucherie", "Boucherie Charcuterie"],
        agent: "Boucher",
        themes: &[],
        rubric: "boucheries, charcuteries",
        blurbs: &["Viandes d'origine française, plats cuisinés"],
        tags: &["viande locale", "traiteur", "volailles"],
        venues: &["La Boucherie", "Au Bon Boucher"],
    },
    Sector {
        naf: "81.21Z",
        density: 0.4,
        style: Style::Trade,
        nouns: &["Nettoyage", "Propreté", "Services Propreté"],
        agent: "Nettoyage",
        themes: &["de la Propreté"],
        rubric: "nettoyage (entreprises)",
        blurbs: &["Nettoyage de bureaux, copropriétés, vitrerie"],
        tags: &["bureaux", "vitres", "fin de chantier"],
        venues: &[],
    },
    Sector {
        naf: "41.20A",
        density: 0.15,
        style: Style::Trade,
        nouns: &["Maisons", "Constructions", "Habitat"],
        agent: "Constructeur",
        themes: &["de la Maison"],
        rubric: "constructeurs de maisons individuelles",
        blurbs: &["Maisons individuelles sur mesure, clés en main"],
        tags: &["maison neuve", "clés en main"],
        venues: &[],
    },
];

/// What names, descriptions and the PagesJaunes rubric of one NAF subclass are made of.
pub(crate) struct Vocab {
    pub(crate) naf: String,
    pub(crate) style: Style,
    pub(crate) density: f64,
    pub(crate) nouns: Vec<String>,
    pub(crate) agent: String,
    pub(crate) themes: &'static [&'static str],
    pub(crate) rubric: String,
    pub(crate) blurbs: &'static [&'static str],
    pub(crate) tags: &'static [&'static str],
    pub(crate) venues: &'static [&'static str],
}

impl Vocab {
    pub(crate) fn for_naf(naf: &str) -> Vocab {
        if let Some(s) = SECTORS.iter().find(|s| s.naf == naf) {
            return Vocab {
                naf: naf.to_string(),
                style: s.style,
                density: s.density,
                nouns: s.nouns.iter().map(|n| n.to_string()).collect(),
                agent: s.agent.to_string(),
                themes: s.themes,
                rubric: s.rubric.to_string(),
                blurbs: s.blurbs,
                tags: s.tags,
                venues: s.venues,
            };
        }
        // Not curated: the taxonomy's everyday word for the code ("ramonage"), else the
        // official label's head ("Fabrication"), and a density from the code's hash.
        let sectors = Taxonomy::get().search_sectors(naf, 12);
        let everyday = sectors.iter().find(|s| s.naf_code == naf && s.everyday_word).map(|s| s.label.clone());
        let official = sectors.iter().find(|s| s.naf_code == naf).map(|s| s.naf_label.clone());
        let word =
            everyday.clone().or_else(|| official.as_deref().map(label_head)).unwrap_or_else(|| "Services".into());
        let noun = capitalize(&word);
        let division: u32 = naf.get(..2).and_then(|d| d.parse().ok()).unwrap_or(0);
        let style = match division {
            10 | 47 | 55 | 56 | 96 => Style::Venue,
            58..=75 | 86 => Style::Office,
            _ => Style::Trade,
        };
        let mut dice = Dice::new(&["density", naf]);
        Vocab {
            naf: naf.to_string(),
            style,
            density: 0.02 + 0.38 * dice.unit(),
            nouns: vec![noun.clone()],
            agent: noun,
            themes: &[],
            rubric: everyday.or(official).unwrap_or(word).to_lowercase(),
            blurbs: &[],
            tags: &[],
            venues: &[],
        }
    }
}

/// "Fabrication de meubles de bureau" → "Fabrication"; short labels stay whole.
fn label_head(label: &str) -> String {
    let head = label.split([',', '(']).next().unwrap_or(label).trim();
    if head.split_whitespace().count() <= 3 {
        return head.to_string();
    }
    head.split_whitespace().next().unwrap_or(head).to_string()
}

// ---------------------------------------------------------------------------------------------
// Name material

#[rustfmt::skip]
const SURNAMES: [&str; 120] = [
    "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau", "Laurent", "Simon",
    "Michel", "Lefèvre", "Leroy", "Roux", "David", "Bertrand", "Morel", "Fournier", "Girard", "Bonnet", "Dupont",
    "Lambert", "Fontaine", "Rousseau", "Vincent", "Muller", "Faure", "André", "Mercier", "Blanc", "Guérin", "Boyer",
    "Garnier", "Chevalier", "François", "Legrand", "Gauthier", "Garcia", "Perrin", "Robin", "Clément", "Morin",
    "Nicolas", "Henry", "Roussel", "Mathieu", "Masson", "Marchand", "Duval", "Denis", "Dumont", "Lemaire", "Noël",
    "Meyer", "Dufour", "Meunier", "Brun", "Blanchard", "Giraud", "Joly", "Rivière", "Lucas", "Brunet", "Gaillard",
    "Barbier", "Arnaud", "Martinez", "Gérard", "Roche", "Renard", "Schmitt", "Roy", "Leroux", "Colin", "Vidal",
    "Caron", "Picard", "Roger", "Fabre", "Aubert", "Lemoine", "Renaud", "Dumas", "Lacroix", "Olivier", "Philippe",
    "Bourgeois", "Pierre", "Benoît", "Rey", "Leclerc", "Payet", "Rolland", "Guillaume", "Lecomte", "Lopez",
    "Dupuy", "Guillot", "Hubert", "Berger", "Carpentier", "Sanchez", "Dupuis", "Moulin", "Deschamps", "Huet",
    "Vasseur", "Perez", "Boucher", "Fleury", "Royer", "Klein", "Jacquet", "Bonnard", "Ménard", "Lefebvre",
    "Dubœuf", "Perrot", "Besson",
];

#[rustfmt::skip]
const FIRST_NAMES: [&str; 60] = [
    "Jean", "Pierre", "Michel", "André", "Philippe", "Alain", "Nicolas", "Christophe", "Stéphane", "Laurent",
    "Julien", "Sébastien", "Thomas", "David", "Éric", "Franck", "Olivier", "Patrick", "Frédéric", "Mathieu",
    "Antoine", "Hervé", "Gérard", "Bruno", "Céline", "Nathalie", "Isabelle", "Sandrine", "Valérie", "Sophie",
    "Marie", "Émilie", "Aurélie", "Claire", "Hélène", "Camille", "Karim", "Mehdi", "Yannick", "Loïc", "Gaëtan",
    "François", "Joël", "Cédric", "Maxime", "Benoît", "Jérôme", "Rémi", "Julie", "Léa", "Manon", "Sarah",
    "Inès", "Lucas", "Hugo", "Romain", "Kevin", "Anthony", "Damien", "Fabien",
];

const QUARTERS: [&str; 10] = [
    "du Centre",
    "de la Gare",
    "du Marché",
    "de la Place",
    "des Halles",
    "du Port",
    "de l'Église",
    "du Château",
    "des Arts",
    "du Parc",
];

#[rustfmt::skip]
const BRAND_PREFIXES: [&str; 10] =
    ["Rénov", "Thermi", "Éco", "Aqua", "Multi", "Azur", "Alp", "Proxi", "Top", "Confort"];
const BRAND_SUFFIXES: [&str; 8] = ["Confort", "Services", "Habitat", "Bât", "Pro", "Expert", "Dépannage", "Énergie"];
#[rustfmt::skip]
const OFFICE_BRANDS: [&str; 12] = [
    "Axiome", "Horizon", "Synergie", "Optima", "Alliance", "Avenir", "Équinoxe", "Atlas", "Sextant", "Boréal",
    "Vertical", "Cap",
];
#[rustfmt::skip]
const BISTRO_WORDS: [&str; 8] =
    ["L'Escale", "L'Instant", "L'Épicurien", "L'Authentique", "L'Ardoise", "L'Étape", "L'Annexe", "L'Atelier"];

fn initials(dice: &mut Dice) -> String {
    const LETTERS: [char; 16] = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'J', 'L', 'M', 'N', 'P', 'R', 'S', 'T'];
    let n = 3 + dice.below(2) as usize;
    (0..n).map(|_| dice.pick(&LETTERS)).collect()
}

/// Initials of a name's capitalised words: "Bron Sanitaire Chauffage" → "BSC".
fn acronym(name: &str) -> String {
    name.split([' ', '-']).filter_map(|w| w.chars().next()).filter(|c| c.is_uppercase()).collect()
}

// ---------------------------------------------------------------------------------------------
// Places

const WAY_NAMES: [&str; 40] = [
    "de la République",
    "Jean Jaurès",
    "Victor Hugo",
    "Pasteur",
    "Gambetta",
    "de la Gare",
    "du Général de Gaulle",
    "Émile Zola",
    "de la Mairie",
    "des Écoles",
    "du Moulin",
    "de l'Église",
    "Voltaire",
    "Jean Moulin",
    "Carnot",
    "du Maréchal Foch",
    "de la Paix",
    "des Lilas",
    "du Stade",
    "de Verdun",
    "Louis Pasteur",
    "des Acacias",
    "Pierre et Marie Curie",
    "Anatole France",
    "du 8 Mai 1945",
    "du 11 Novembre 1918",
    "des Tilleuls",
    "de la Liberté",
    "Paul Bert",
    "Garibaldi",
    "de l'Industrie",
    "des Frênes",
    "Irène Joliot-Curie",
    "du Commerce",
    "des Vignes",
    "Saint-Jean",
    "de Bellevue",
    "des Peupliers",
    "Jules Ferry",
    "du Docteur Roux",
];

const ROUTE_TARGETS: [&str; 6] = ["de Paris", "de la Gare", "de la Forêt", "Nationale", "de Bellevue", "des Crêtes"];

const BUSINESS_PARKS: [&str; 9] = [
    "ZI des Platières",
    "ZA du Chapotin",
    "ZI Nord",
    "ZA des Bruyères",
    "ZAC de la Plaine",
    "Parc d'activités des Chesnes",
    "Parc Technologique",
    "Espace Entreprises",
    "ZA Les Marches",
];

/// Big cities have office buildings rather than industrial zones.
const BUILDINGS: [&str; 5] =
    ["Immeuble Le Britannia", "Bâtiment B", "Les Bureaux du Lac", "Le Forum", "Immeuble Le Président"];

/// The trunk digit of fixed lines by département (01 Île-de-France … 05 Sud-Ouest).
fn fixed_prefix(departement: &str) -> &'static str {
    match departement {
        "971" => "590",
        "972" => "596",
        "973" => "594",
        "974" => "262",
        "976" => "269",
        "75" | "77" | "78" | "91" | "92" | "93" | "94" | "95" => "1",
        "14" | "18" | "22" | "27" | "28" | "29" | "35" | "36" | "37" | "41" | "44" | "45" | "49" | "50" | "53"
        | "56" | "61" | "72" | "76" | "85" => "2",
        "02" | "08" | "10" | "21" | "25" | "39" | "51" | "52" | "54" | "55" | "57" | "58" | "59" | "60" | "62"
        | "67" | "68" | "70" | "71" | "80" | "88" | "89" | "90" => "3",
        "09" | "12" | "16" | "17" | "19" | "23" | "24" | "31" | "32" | "33" | "40" | "46" | "47" | "64" | "65"
        | "79" | "81" | "82" | "86" | "87" => "5",
        _ => "4",
    }
}

pub(crate) fn fixed_number(dice: &mut Dice, departement: &str) -> String {
    let prefix = fixed_prefix(departement);
    let rest = 9 - prefix.len();
    // No fixed number starts "0X 0…": keep the first subscriber digit non-zero.
    let first = char::from(b'1' + dice.below(9) as u8);
    format!("+33{prefix}{first}{}", dice.digits(rest - 1))
}

/// 06 and 07 mobiles, within the ranges actually allocated in mainland France (06 1–8, 07 3–8).
fn mobile_number(dice: &mut Dice) -> String {
    let prefix = if dice.chance(0.7) { format!("6{}", 1 + dice.below(8)) } else { format!("7{}", 3 + dice.below(6)) };
    format!("+33{prefix}{}", dice.digits(7))
}

/// A CEDEX code of the département: its number + 3 digits (2 for the overseas ones).
fn cedex_code(dice: &mut Dice, departement: &str) -> String {
    let head = match departement {
        "2A" | "2B" => "20",
        d => d,
    };
    let first = dice.pick(&['3', '4', '7', '9']);
    let digits = 5usize.saturating_sub(head.len() + 1);
    format!("{head}{first}{}", dice.digits(digits))
}

// ---------------------------------------------------------------------------------------------
// Generation

/// How many companies of `vocab`'s sector a commune has: population × density, boosted in the
/// countryside (village artisans serve the surrounding area), with a per-pair jitter.
fn company_count(vocab: &Vocab, insee: &str, population: u64) -> usize {
    let mut dice = Dice::new(&["count", &vocab.naf, insee]);
    let boost = match population {
        0..2_000 => 1.8,
        2_000..10_000 => 1.3,
        _ => 1.0,
    };
    let expected = population as f64 / 1000.0 * vocab.density * boost * (0.85 + 0.3 * dice.unit());
    (expected + dice.unit()).floor() as usize
}

/// Identifiers already handed out in one generated set; a clash re-rolls.
#[derive(Default)]
struct Taken {
    names: HashSet<String>,
    sirens: HashSet<String>,
    pj_ids: HashSet<String>,
}

fn generate(naf: &str, commune: &Commune, vocab: &Vocab) -> Vec<SandboxCompany> {
    let population = commune.population;
    let count = company_count(vocab, &commune.insee, population);
    let mut taken = Taken::default();
    (0..count).map(|i| build(naf, commune, population, vocab, i, &mut taken)).collect()
}

fn build(
    naf: &str,
    commune: &Commune,
    population: u64,
    vocab: &Vocab,
    index: usize,
    taken: &mut Taken,
) -> SandboxCompany {
    let insee = commune.insee.as_str();
    let departement = commune.departement.clone();
    let index_text = index.to_string();
    let mut dice = Dice::new(&["company", naf, insee, &index_text]);

    let manager = Person {
        first_name: dice.pick(&FIRST_NAMES).to_string(),
        last_name: dice.pick(&SURNAMES).to_string(),
        born: format!("{}-{:02}", 1950 + dice.below(50), 1 + dice.below(12)),
    };
    let legal_form = dice.weighted(&[
        (LegalForm::Ei, 25),
        (LegalForm::Sarl, 30),
        (LegalForm::Sas, 20),
        (LegalForm::Sasu, 15),
        (LegalForm::Eurl, 10),
    ]);
    let short_commune = (commune.name.chars().count() <= 18).then_some(commune.name.as_str());

    let trade_name = unique_trade_name(&mut taken.names, [naf, insee, &index_text], vocab, &manager, short_commune);
    let legal_name = legal_name_for(&mut dice, legal_form, &trade_name, &manager, vocab);

    let created_year = 2025 - (48.0 * dice.unit().powf(1.7)) as u64;
    let created_on = format!("{created_year}-{:02}-{:02}", 1 + dice.below(12), 1 + dice.below(28));
    // SIRENs are handed out roughly in sequence: recent companies start with 8 or 9.
    let siren_heads: &[char] = match created_year {
        2014.. => &['8', '9'],
        2000..2014 => &['4', '5'],
        1985..2000 => &['3', '4'],
        _ => &['3', '7'],
    };
    let siren = unique(&mut taken.sirens, &mut dice, |d| {
        let first = d.pick_in(siren_heads).copied().unwrap_or('8');
        luhn_complete(&format!("{first}{}", d.digits(7)))
    });
    let nic_head = dice.weighted(&[("0001", 70), ("0002", 18), ("0003", 8), ("0004", 4)]);
    let siret = luhn_complete(&format!("{siren}{nic_head}"));
    let pj_id = unique(&mut taken.pj_ids, &mut dice, |d| format!("{:08}", d.below(100_000_000)));

    let cedex = dice.chance(0.05);
    let address = address_for(&mut dice, population, cedex);
    let street = pj_street(&address);

    let home_postcode = dice
        .pick_in(&commune.postcodes)
        .cloned()
        .unwrap_or_else(|| format!("{}000", departement.get(..2).unwrap_or("00")));
    let geo_code = arrondissement_of(insee, &home_postcode).unwrap_or_else(|| insee.to_string());
    let (postal_code, city) = if cedex {
        let suffix = if population > 100_000 { format!(" CEDEX {:02}", 1 + dice.below(9)) } else { " CEDEX".into() };
        (cedex_code(&mut dice, &departement), format!("{}{suffix}", commune.name))
    } else {
        (home_postcode, commune.name.clone())
    };

    let spread = 0.002 + (population as f64).sqrt() / 40_000.0;
    let latitude = commune.lat + (2.0 * dice.unit() - 1.0) * spread;
    let longitude = commune.lon + (2.0 * dice.unit() - 1.0) * spread * 1.4;

    // Contact details.
    let phone_count = dice.weighted(&[(0usize, 15), (1, 55), (2, 22), (3, 8)]);
    let mut phones: Vec<String> = Vec::new();
    for slot in 0..phone_count {
        let mobile = dice.chance(if slot == 0 { 0.35 } else { 0.5 });
        let number = if mobile { mobile_number(&mut dice) } else { fixed_number(&mut dice, &departement) };
        if !phones.contains(&number) {
            phones.push(number);
        }
    }
    let fax = dice.chance(0.12).then(|| fixed_number(&mut dice, &departement));
    let website = dice.chance(0.6).then(|| website_for(&mut dice, &trade_name, &commune.name));
    let email = dice.chance(0.05).then(|| email_for(&mut dice, &trade_name, website.as_deref()));

    // Register facts.
    let headcount_band = dice
        .weighted(&[("NN", 30), ("00", 18), ("01", 20), ("02", 13), ("03", 9), ("11", 6), ("12", 3), ("21", 1)])
        .to_string();
    let closed = dice.chance(0.04);
    let closed_on = closed.then(|| {
        let year = created_year + dice.below(2025 - created_year + 1);
        if year == created_year {
            format!("{year}-12-31")
        } else {
            format!("{year}-{:02}-{:02}", 1 + dice.below(12), 1 + dice.below(28))
        }
    });
    let marketing_opposition = dice.chance(0.1);
    let mut pj_listed = dice.chance(0.85);
    let open_data_listed = dice.chance(0.95);
    if !pj_listed && !open_data_listed {
        // A company neither source shows would exist for nobody.
        pj_listed = true;
    }
    let rge = naf.starts_with("43") && dice.chance(0.2);

    SandboxCompany {
        siren,
        siret,
        legal_form,
        legal_name,
        trade_name,
        naf: naf.to_string(),
        street,
        postal_code,
        city,
        commune_name: commune.name.clone(),
        insee: insee.to_string(),
        geo_code,
        departement,
        region: commune.region.clone(),
        address,
        latitude,
        longitude,
        phones,
        fax,
        website,
        email,
        pj_id,
        headcount_band,
        created_on,
        closed_on,
        closed,
        marketing_opposition,
        pj_listed,
        open_data_listed,
        manager,
        rge,
    }
}

/// A trade name no other company of the set has (compared without accents and case): fresh
/// draws first, then a surname appended, then a number as the last resort.
fn unique_trade_name(
    taken: &mut HashSet<String>,
    seed: [&str; 3],
    vocab: &Vocab,
    manager: &Person,
    commune: Option<&str>,
) -> String {
    for attempt in 0..24u32 {
        let mut dice = Dice::new(&["name", seed[0], seed[1], seed[2], &attempt.to_string()]);
        let mut candidate = trade_name_for(&mut dice, vocab, manager, commune);
        if attempt >= 12 {
            candidate = format!("{candidate} {}", dice.pick(&SURNAMES));
        }
        if taken.insert(normalize(&candidate)) {
            return candidate;
        }
    }
    let noun = vocab.nouns.first().map_or("Services", String::as_str);
    let mut n = 2;
    loop {
        let candidate = format!("{noun} {} {n}", manager.last_name);
        if taken.insert(normalize(&candidate)) {
            return candidate;
        }
        n += 1;
    }
}

/// A value from `make` not yet in `taken` (re-rolled on the rare clash).
fn unique(taken: &mut HashSet<String>, dice: &mut Dice, make: impl Fn(&mut Dice) -> String) -> String {
    let mut value = make(dice);
    while !taken.insert(value.clone()) {
        value = make(dice);
    }
    value
}

/// A plausible address: bigger towns have boulevards and office buildings, villages chemins
/// and routes; CEDEX deliveries come with a CS or BP box.
fn address_for(dice: &mut Dice, population: u64, cedex: bool) -> AddressParts {
    let business_park = dice.chance(if population > 5_000 { 0.1 } else { 0.04 });
    let complement = (business_park || (cedex && dice.chance(0.5)))
        .then(|| if population > 300_000 { dice.pick(&BUILDINGS) } else { dice.pick(&BUSINESS_PARKS) }.to_string());
    let way_type = if complement.is_some() {
        dice.weighted(&[("rue", 40), ("allée", 30), ("avenue", 20), ("chemin", 10)])
    } else if population > 20_000 {
        dice.weighted(&[
            ("rue", 50),
            ("avenue", 16),
            ("boulevard", 9),
            ("place", 5),
            ("cours", 3),
            ("quai", 3),
            ("allée", 5),
            ("impasse", 5),
            ("chemin", 4),
        ])
    } else {
        dice.weighted(&[
            ("rue", 45),
            ("avenue", 8),
            ("place", 6),
            ("chemin", 14),
            ("route", 12),
            ("allée", 7),
            ("impasse", 8),
        ])
    };
    let way_name =
        if way_type == "route" { dice.pick(&ROUTE_TARGETS).to_string() } else { dice.pick(&WAY_NAMES).to_string() };
    let number = (way_type != "place" || dice.chance(0.8)).then(|| {
        let n = if dice.chance(0.7) { 1 + dice.below(60) } else { 1 + dice.below(240) };
        n as u32
    });
    let repetition = number.and_then(|_| dice.chance(0.04).then(|| dice.pick(&['B', 'T'])));
    let special = cedex.then(|| {
        if dice.chance(0.8) {
            format!("CS {}{}", dice.pick(&['1', '2', '3', '5', '6', '7', '8', '9']), dice.digits(4))
        } else {
            format!("BP {}", 10 + dice.below(990))
        }
    });
    AddressParts { complement, number, repetition, way_type, way_name, special }
}

/// The arrondissement of a Paris, Lyon or Marseille address, from its postcode.
fn arrondissement_of(insee: &str, postcode: &str) -> Option<String> {
    let n: u32 = postcode.get(3..)?.parse().ok()?;
    match insee {
        "75056" if postcode.starts_with("75") => {
            Some(if postcode == "75116" { "75116".into() } else { format!("751{n:02}") })
        }
        "69123" if postcode.starts_with("690") => Some(format!("6938{}", n % 10)),
        "13055" if postcode.starts_with("130") => Some(format!("132{n:02}")),
        _ => None,
    }
}

/// The street as PagesJaunes prints it: "ZI des Platières, 3 allée des Frênes CS 30012".
fn pj_street(a: &AddressParts) -> String {
    let mut out = String::new();
    if let Some(c) = &a.complement {
        out.push_str(c);
        out.push_str(", ");
    }
    if let Some(n) = a.number {
        out.push_str(&n.to_string());
        match a.repetition {
            Some('B') => out.push_str(" Bis"),
            Some('T') => out.push_str(" Ter"),
            _ => {}
        }
        out.push(' ');
    }
    out.push_str(a.way_type);
    out.push(' ');
    out.push_str(&a.way_name);
    if let Some(s) = &a.special {
        out.push(' ');
        out.push_str(s);
    }
    out
}

fn trade_name_for(dice: &mut Dice, vocab: &Vocab, manager: &Person, commune: Option<&str>) -> String {
    let noun = dice.pick_in(&vocab.nouns).map_or("Services", String::as_str).to_string();
    // Most businesses carry their owner's name.
    let surname = if dice.chance(0.7) { manager.last_name.clone() } else { dice.pick(&SURNAMES).to_string() };
    let other = dice.pick(&SURNAMES);
    let first = dice.pick(&FIRST_NAMES);
    let commune = commune.unwrap_or("");
    match vocab.style {
        Style::Trade => {
            let theme = dice.pick_in(vocab.themes).copied();
            let pattern = dice.weighted(&[
                (0u8, 18),
                (1, 16),
                (2, 5),
                (3, 3),
                (4, if theme.is_some() { 5 } else { 0 }),
                (5, if commune.is_empty() { 0 } else { 6 }),
                (6, if commune.is_empty() { 0 } else { 3 }),
                (7, 8),
                (8, 4),
                (9, 5),
                (10, if commune.is_empty() { 0 } else { 2 }),
                (11, 2),
                (12, 4),
                (13, 3),
            ]);
            match pattern {
                0 => format!("{surname} {noun}"),
                1 => format!("{noun} {surname}"),
                2 => format!("{noun} {surname} & Fils"),
                3 => format!("{surname} & Fils"),
                4 => format!("L'Atelier {}", theme.unwrap_or("du Bâtiment")),
                5 => format!("{commune} {noun}"),
                6 => format!("{commune} {noun} Services"),
                7 => format!("{} {} {}", manager.first_name, manager.last_name, vocab.agent),
                8 => {
                    if dice.chance(0.5) {
                        format!("Éts {surname}")
                    } else {
                        format!("Établissements {surname}-{other}")
                    }
                }
                9 => {
                    let prefix = dice.pick(&BRAND_PREFIXES);
                    let suffix = dice.pick(&BRAND_SUFFIXES);
                    if dice.chance(0.6) { format!("{prefix}'{suffix}") } else { format!("{prefix} {noun}") }
                }
                10 => {
                    let base = format!("{commune} {noun}");
                    format!("{base} ({})", acronym(&base))
                }
                11 => format!("{} Express 24/7", vocab.agent),
                12 => format!("{surname}-{other} {noun}"),
                _ => format!("SARL {}'{}", dice.pick(&BRAND_PREFIXES), dice.pick(&BRAND_SUFFIXES)),
            }
        }
        Style::Venue => {
            let venue = dice.pick_in(vocab.venues).copied();
            let eatery = vocab.naf.starts_with("56");
            let quarter = dice.pick(&QUARTERS);
            let pattern = dice.weighted(&[
                (0u8, if venue.is_some() { 16 } else { 0 }),
                (1, if venue.is_some() { 8 } else { 0 }),
                (2, if eatery { 8 } else { 0 }),
                (3, if eatery { 4 } else { 0 }),
                (4, 20),
                (5, 12),
                (6, if commune.is_empty() { 0 } else { 6 }),
                (7, if eatery { 4 } else { 0 }),
                (8, if eatery { 5 } else { 0 }),
                (9, if venue.is_some() { 8 } else { 0 }),
                (10, 6),
            ]);
            let venue = venue.unwrap_or("Chez");
            match pattern {
                0 => format!("{venue} {quarter}"),
                1 => format!("{venue} de {first}"),
                2 => format!("Chez {first}"),
                3 => format!("La Table de {first}"),
                4 => format!("{noun} {surname}"),
                5 => format!("{noun} {quarter}"),
                6 => format!("{noun} {commune}"),
                7 => format!("Le {}", 2 + dice.below(98)),
                8 => dice.pick(&BISTRO_WORDS).to_string(),
                9 => format!("{venue} {surname}"),
                _ => format!("{noun} {first} {surname}"),
            }
        }
        Style::Office => {
            let pattern = dice.weighted(&[
                (0u8, 14),
                (1, 10),
                (2, 16),
                (3, if commune.is_empty() { 0 } else { 6 }),
                (4, 8),
                (5, 14),
                (6, 10),
                (7, 6),
            ]);
            match pattern {
                0 => format!("Cabinet {surname}"),
                1 => format!("{surname} & Associés"),
                2 => format!("{surname} {noun}"),
                3 => format!("{commune} {noun}"),
                4 => format!("{} {noun}", initials(dice)),
                5 => format!("{} {}", manager.first_name, manager.last_name),
                6 => format!("{} {noun}", dice.pick(&OFFICE_BRANDS)),
                _ => format!("{surname}-{other} {noun}"),
            }
        }
    }
}

fn legal_name_for(dice: &mut Dice, form: LegalForm, trade: &str, manager: &Person, vocab: &Vocab) -> String {
    if form == LegalForm::Ei {
        return register_case(&format!("{} {}", manager.first_name, manager.last_name));
    }
    let noun = register_case(vocab.nouns.first().map_or("Services", String::as_str));
    let surname = register_case(&manager.last_name);
    let base = match dice.weighted(&[(0u8, 50), (1, 22), (2, 14), (3, 14)]) {
        0 => register_case(trade),
        1 => format!("{surname} {noun}"),
        2 if vocab.style == Style::Office => {
            if dice.chance(0.5) {
                format!("CABINET {surname}")
            } else {
                format!("{surname} ET ASSOCIES")
            }
        }
        2 => {
            if dice.chance(0.5) {
                format!("{surname} ET FILS")
            } else {
                format!("ETS {surname}")
            }
        }
        _ => initials(dice),
    };
    let abbreviation = form.abbreviation();
    let already = base.split_whitespace().next() == Some(abbreviation);
    if !already && dice.chance(0.35) { format!("{abbreviation} {base}") } else { base }
}

/// "http://www.dupont-plomberie.fr/", sometimes .com, a path or a query string. Sandbox sites
/// are plain http (the simulated web has no TLS); the scheme roll stays so that every later
/// draw, and so the rest of the population, is unchanged.
fn website_for(dice: &mut Dice, trade: &str, commune: &str) -> String {
    let mut slug = normalize(trade).split(' ').filter(|w| !w.is_empty()).collect::<Vec<_>>().join("-");
    if dice.chance(0.15) {
        slug = format!("{slug}-{}", normalize(commune).replace(' ', "-"));
    }
    let slug: String = slug.chars().take(50).collect::<String>().trim_end_matches('-').to_string();
    let slug = if slug.is_empty() { "entreprise".to_string() } else { slug };
    let _https_on_the_real_web = dice.chance(0.85);
    let scheme = "http";
    let www = if dice.chance(0.75) { "www." } else { "" };
    let tld = if dice.chance(0.7) { "fr" } else { "com" };
    let tail =
        dice.weighted(&[("/", 60), ("", 20), ("/?lang=fr", 5), ("/?utm_source=pagesjaunes", 5), ("/accueil", 10)]);
    format!("{scheme}://{www}{slug}.{tld}{tail}")
}

fn email_for(dice: &mut Dice, trade: &str, website: Option<&str>) -> String {
    let domain = website.and_then(|w| {
        let host = w.split("://").nth(1)?.split(['/', '?']).next()?;
        Some(host.trim_start_matches("www.").to_string())
    });
    let local = normalize(trade).split(' ').filter(|w| !w.is_empty()).collect::<Vec<_>>().join(".");
    let local: String = local.chars().take(30).collect::<String>().trim_end_matches('.').to_string();
    match domain {
        Some(d) if dice.chance(0.7) => format!("{}@{d}", dice.pick(&["contact", "info", "devis", "accueil"])),
        _ => format!("{local}@{}", dice.pick(&["orange.fr", "gmail.com", "wanadoo.fr", "free.fr", "sfr.fr"])),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn sandbox_luhn_and_codes() {
        assert!(luhn_valid("732829320")); // a real SIREN
        assert!(luhn_valid("73282932000074"));
        assert!(!luhn_valid("732829321"));
        assert!(!luhn_valid(""));
        assert_eq!(canonical_naf("4322a").as_deref(), Some("43.22A"));
        assert_eq!(canonical_naf(" 43.22A").as_deref(), Some("43.22A"));
        assert_eq!(canonical_naf("43.2A"), None);
        assert_eq!(parent_commune("69383"), "69123");
        assert_eq!(parent_commune("75116"), "75056");
        assert_eq!(parent_commune("2A004"), "2A004");
        assert_eq!(register_commune_label("69381", "Lyon"), "LYON 1ER");
        assert_eq!(register_commune_label("75115", "Paris"), "PARIS 15");
        assert_eq!(register_commune_label("69266", "Villeurbanne"), "VILLEURBANNE");
        assert_eq!(register_case("Éts Gérard Lefèvre & Dubœuf"), "ETS GERARD LEFEVRE & DUBOEUF");
        assert_eq!(phone_display("+33478601234"), "04 78 60 12 34");
    }

    #[test]
    fn sandbox_lyon_plumbers_are_plausible_valid_and_stable() {
        let lyon = companies_for("43.22A", "69123");
        assert!((200..=450).contains(&lyon.len()), "{} plumbers in Lyon", lyon.len());
        assert_eq!(lyon, companies_for("4322a", "69123"), "same input, same companies");

        let mut names = HashSet::new();
        for c in &lyon {
            assert!(luhn_valid(&c.siren) && c.siren.len() == 9, "{}", c.siren);
            assert!(luhn_valid(&c.siret) && c.siret.len() == 14 && c.siret.starts_with(&c.siren), "{}", c.siret);
            assert!(names.insert(normalize(&c.trade_name)), "duplicate name {}", c.trade_name);
            assert!(c.pj_id.len() == 8 && c.pj_id.bytes().all(|b| b.is_ascii_digit()));
            assert_eq!(c.insee, "69123");
            assert!(c.geo_code.starts_with("6938"), "{}", c.geo_code);
            assert!(c.phones.len() <= 3);
            for p in c.phones.iter().chain(&c.fax) {
                assert_eq!(crate::prospecting::pagesjaunes::normalize_phone(p).as_deref(), Some(p.as_str()));
            }
            if !c.city.contains("CEDEX") {
                assert!(c.postal_code.starts_with("6900"), "{}", c.postal_code);
            }
            assert_eq!(c.trade_name.trim(), c.trade_name);
            assert!(!c.trade_name.contains("  ") && !c.street.contains("  "));
        }
        let share =
            |f: &dyn Fn(&SandboxCompany) -> bool| lyon.iter().filter(|c| f(c)).count() as f64 / lyon.len() as f64;
        assert!((0.45..0.75).contains(&share(&|c| c.website.is_some())));
        assert!((0.75..0.95).contains(&share(&|c| c.pj_listed)));
        assert!(share(&|c| c.closed) < 0.1);
        assert!(share(&|c| c.city.contains("CEDEX")) > 0.0);
        assert!(share(&|c| c.legal_form == LegalForm::Ei) > 0.1);

        let third = companies_for("43.22A", "69383");
        assert!(!third.is_empty() && third.iter().all(|c| c.geo_code == "69383"));
    }

    #[test]
    fn sandbox_villages_have_few_and_unknowns_none() {
        // Villages of a few hundred inhabitants: mostly none, never many.
        let villages = ["01002", "01006", "01008", "01009", "01010", "01011", "01012"];
        let counts: Vec<usize> = villages.iter().map(|v| companies_for("43.22A", v).len()).collect();
        assert!(counts.iter().all(|n| *n <= 3), "{counts:?}");
        assert!(companies_for("43.22A", "99999").is_empty());
        assert!(companies_for("plombier", "69123").is_empty());
    }

    #[test]
    fn sandbox_a_departement_generates_quickly() {
        let _ = Taxonomy::get();
        let _ = companies_of_departement("43.22A", "01");
        let started = std::time::Instant::now();
        let ain = companies_of_departement("43.22A", "01");
        let elapsed = started.elapsed();
        assert!(ain.len() > 100, "{}", ain.len());
        // Debug builds are several times slower than the release binary the budget is for.
        let budget = if cfg!(debug_assertions) { 400 } else { 100 };
        assert!(elapsed.as_millis() < budget, "{} companies in {elapsed:?}", ain.len());
        let sirens: HashSet<&str> = ain.iter().map(|c| c.siren.as_str()).collect();
        assert_eq!(sirens.len(), ain.len(), "SIRENs unique across the département");
        assert!(ain.iter().all(|c| c.departement == "01"));
    }
}
