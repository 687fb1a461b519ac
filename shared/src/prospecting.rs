//! Prospect databases: what the generation form's autocompletes offer.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PlaceKind {
    Commune,
    Departement,
    Region,
}

impl PlaceKind {
    pub fn label_fr(self) -> &'static str {
        match self {
            PlaceKind::Commune => "Commune",
            PlaceKind::Departement => "Département",
            PlaceKind::Region => "Région",
        }
    }
}

/// A place the client can target: commune (INSEE code), département or région (COG code).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlaceSuggestion {
    pub kind: PlaceKind,
    pub code: String,
    pub name: String,
    /// "69001, 69002…" for a commune, "Auvergne-Rhône-Alpes" for a département.
    pub detail: String,
    pub population: u64,
}

/// A sector: an everyday activity word mapped to its NAF code, or a NAF subclass itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectorSuggestion {
    pub label: String,
    pub naf_code: String,
    pub naf_label: String,
    /// `true` for an everyday word ("plombier"), `false` for the official NAF label.
    pub everyday_word: bool,
}
