//! A target's area, resolved from the taxonomy: which communes and départements it covers, its
//! label, and whether an address falls inside it.

use super::taxonomy::{Commune, Taxonomy};
use prospecta_shared::AppError;
use prospecta_shared::error::ValidationCode;
use prospecta_shared::prospecting::{PlaceKind, Target};
use std::collections::BTreeSet;

/// Beyond this many communes a radius query asks the sources by département instead of by
/// commune (fewer, larger queries), then keeps only the communes inside the circle.
const COMMUNE_QUERY_LIMIT: usize = 40;

#[derive(Debug, Clone)]
pub struct Area {
    pub kind: PlaceKind,
    /// The commune, département or région code the client chose.
    pub code: String,
    pub label: String,
    /// Every INSEE code inside (arrondissements included); empty for a département/région.
    pub communes: BTreeSet<String>,
    /// Every département touched.
    pub departements: BTreeSet<String>,
    /// The communes worth a PagesJaunes query of their own, biggest first: the commune itself,
    /// plus the bigger towns of a radius.
    pub query_communes: Vec<Commune>,
}

impl Area {
    pub fn resolve(target: &Target) -> Result<Area, AppError> {
        let taxonomy = Taxonomy::get();
        let unknown = || AppError::validation("place", ValidationCode::UnknownPlace);
        match target.place_kind {
            PlaceKind::Commune => {
                let centre = taxonomy.commune_record(&target.place_code).ok_or_else(unknown)?;
                let inside = taxonomy.communes_within(&centre.insee, f64::from(target.radius_km));
                let communes: BTreeSet<String> = inside.iter().map(|c| c.insee.clone()).collect();
                let departements = inside.iter().map(|c| c.departement.clone()).collect();
                // Arrondissements are searched through their commune.
                let mut query_communes: Vec<Commune> = inside
                    .iter()
                    .filter(|c| taxonomy.parent_commune(&c.insee) == c.insee.as_str())
                    .map(|c| (*c).clone())
                    .collect();
                query_communes.sort_by_key(|c| std::cmp::Reverse(c.population));
                query_communes.retain(|c| c.insee == centre.insee || c.population >= 2_000);
                query_communes.truncate(12);
                let label = if target.radius_km > 0 {
                    format!("{} ({}) + {} km", centre.name, centre.departement, target.radius_km)
                } else {
                    format!("{} ({})", centre.name, centre.departement)
                };
                Ok(Area {
                    kind: PlaceKind::Commune,
                    code: centre.insee.clone(),
                    label,
                    communes,
                    departements,
                    query_communes,
                })
            }
            PlaceKind::Departement => {
                let name = taxonomy.departement_name(&target.place_code).ok_or_else(unknown)?;
                Ok(Area {
                    kind: PlaceKind::Departement,
                    code: target.place_code.clone(),
                    label: format!("{name} ({})", target.place_code),
                    communes: BTreeSet::new(),
                    departements: BTreeSet::from([target.place_code.clone()]),
                    query_communes: Vec::new(),
                })
            }
            PlaceKind::Region => {
                let name = taxonomy.region_name(&target.place_code).ok_or_else(unknown)?;
                let departements: BTreeSet<String> =
                    taxonomy.departements_of_region(&target.place_code).into_iter().map(str::to_string).collect();
                if departements.is_empty() {
                    return Err(unknown());
                }
                Ok(Area {
                    kind: PlaceKind::Region,
                    code: target.place_code.clone(),
                    label: name.to_string(),
                    communes: BTreeSet::new(),
                    departements,
                    query_communes: Vec::new(),
                })
            }
        }
    }

    /// Whether the sources should be asked commune by commune (small areas) or by département.
    pub fn by_commune(&self) -> bool {
        !self.communes.is_empty() && self.communes.len() <= COMMUNE_QUERY_LIMIT
    }

    /// Does an address belong to the area? Sources return neighbours ("plombier à Lyon" lists
    /// Villeurbanne too); the client asked for a place and gets that place.
    pub fn contains(&self, insee_code: Option<&str>, postal_code: Option<&str>, city: Option<&str>) -> bool {
        let taxonomy = Taxonomy::get();
        let insee = match insee_code {
            Some(code) => Some(code.to_string()),
            None => match (postal_code, city) {
                (Some(p), Some(c)) => taxonomy.find_commune(p, c).map(|c| c.insee.clone()),
                _ => None,
            },
        };
        if !self.communes.is_empty() {
            return insee.is_some_and(|code| {
                self.communes.contains(&code) || self.communes.contains(taxonomy.parent_commune(&code))
            });
        }
        let departement = match &insee {
            Some(code) => taxonomy.commune_record(code).map(|c| c.departement.clone()),
            None => postal_code.and_then(|p| taxonomy.departement_of_postcode(p)).map(str::to_string),
        };
        departement.is_some_and(|d| self.departements.contains(&d))
    }
}
