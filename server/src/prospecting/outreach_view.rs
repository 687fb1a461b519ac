//! What outreach may read of the prospecting tables: which companies a client may contact (its
//! unlocked, live rows) and the details a message and a visit need. Thin, read-only glue, so the
//! campaigns module never touches these tables directly.

use super::entities::{company, company_fact, database_row, prospect_database};
use super::sources::SourceId;
use super::states::FactSource;
use super::store;
use prospecta_shared::ids::{CompanyId, DatabaseId, OfferId, OrgId, RowId};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

/// One contactable row: the row and its company.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContactableRow {
    pub row_id: RowId,
    pub company_id: CompanyId,
}

/// Unlocked, not deleted rows of these databases of the organisation, one per company. Canary
/// records (DB-10: invented companies that trace leaks) are never contacted.
pub async fn contactable_rows<C: ConnectionTrait>(
    db: &C,
    organization_id: OrgId,
    database_ids: &[DatabaseId],
) -> Result<Vec<ContactableRow>, DbErr> {
    let rows: Vec<(RowId, CompanyId)> = database_row::Entity::find()
        .select_only()
        .column(database_row::Column::Id)
        .column(database_row::Column::CompanyId)
        .filter(database_row::Column::OrganizationId.eq(organization_id))
        .filter(database_row::Column::DatabaseId.is_in(database_ids.to_vec()))
        .filter(database_row::Column::UnlockedAt.is_not_null())
        .filter(database_row::Column::DeletedAt.is_null())
        .order_by_asc(database_row::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    let company_ids: Vec<CompanyId> = rows.iter().map(|(_, c)| *c).collect();
    let canaries: std::collections::HashSet<CompanyId> = company::Entity::find()
        .select_only()
        .column(company::Column::Id)
        .filter(company::Column::Id.is_in(company_ids))
        .filter(company::Column::CanaryOrgId.is_not_null())
        .into_tuple::<CompanyId>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let mut seen = canaries;
    Ok(rows
        .into_iter()
        .filter(|(_, company)| seen.insert(*company))
        .map(|(row_id, company_id)| ContactableRow { row_id, company_id })
        .collect())
}

/// The companies an address belongs to: those whose e-mail it is, or (`by_domain`, for an
/// address at a company's own domain, never a webmail's) whose site is on its domain. A reply
/// may come from a colleague of the person written to.
pub async fn companies_of_address<C: ConnectionTrait>(
    db: &C,
    address: &str,
    by_domain: bool,
) -> Result<Vec<CompanyId>, DbErr> {
    let address = address.trim().to_lowercase();
    let mut condition = sea_orm::Condition::any().add(company::Column::Email.eq(address.as_str()));
    if by_domain && let Some((_, domain)) = address.split_once('@') {
        condition = condition.add(company::Column::Domain.eq(domain));
    }
    company::Entity::find()
        .select_only()
        .column(company::Column::Id)
        .filter(condition)
        .limit(50)
        .into_tuple()
        .all(db)
        .await
}

/// The organisation's databases among `ids` (name by id), to check a campaign's targets.
pub async fn database_names<C: ConnectionTrait>(
    db: &C,
    organization_id: OrgId,
    ids: &[DatabaseId],
) -> Result<Vec<(DatabaseId, String)>, DbErr> {
    names_where(db, organization_id, ids, None).await
}

/// Those of `ids` that belong to the offer, with their names.
pub async fn offer_database_names<C: ConnectionTrait>(
    db: &C,
    organization_id: OrgId,
    offer_id: OfferId,
    ids: &[DatabaseId],
) -> Result<Vec<(DatabaseId, String)>, DbErr> {
    names_where(db, organization_id, ids, Some(offer_id)).await
}

async fn names_where<C: ConnectionTrait>(
    db: &C,
    organization_id: OrgId,
    ids: &[DatabaseId],
    offer_id: Option<OfferId>,
) -> Result<Vec<(DatabaseId, String)>, DbErr> {
    let mut query = prospect_database::Entity::find()
        .select_only()
        .column(prospect_database::Column::Id)
        .column(prospect_database::Column::Name)
        .filter(prospect_database::Column::OrganizationId.eq(organization_id))
        .filter(prospect_database::Column::Id.is_in(ids.to_vec()));
    if let Some(offer_id) = offer_id {
        query = query.filter(prospect_database::Column::OfferId.eq(offer_id));
    }
    query.order_by_asc(prospect_database::Column::Id).into_tuple().all(db).await
}

/// What a message and a visit need to know of a company.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProspectCard {
    pub name: String,
    pub city: Option<String>,
    pub website: Option<String>,
    pub domain: Option<String>,
    pub email: Option<String>,
    pub siren: Option<String>,
    /// The sector of the client's database the row belongs to.
    pub sector: String,
    /// Where the company's data came from, for the notice of every first message.
    pub sources: DataSources,
}

/// Which sources gave facts about a company (its shared record's provenance).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DataSources {
    pub pagesjaunes: bool,
    /// The state's company register (Annuaire des entreprises).
    pub register: bool,
    /// The company's own website, read by enrichment.
    pub website: bool,
    /// Typed by the client itself (a manual row).
    pub manual: bool,
}

impl DataSources {
    fn of(sources: impl IntoIterator<Item = FactSource>) -> Self {
        let mut out = DataSources::default();
        for source in sources {
            match source {
                FactSource::PagesJaunes => out.pagesjaunes = true,
                FactSource::OpenData => out.register = true,
                FactSource::Enrichment => out.website = true,
                FactSource::Manual => out.manual = true,
                FactSource::Canary => {}
            }
        }
        out
    }

    /// The sources in French, most official first: "PagesJaunes", "Annuaire des entreprises
    /// (État)", "son site web", "saisie par l'expéditeur".
    pub fn labels_fr(&self) -> Vec<&'static str> {
        [
            (self.register, SourceId::OpenData.label_fr()),
            (self.pagesjaunes, SourceId::PagesJaunes.label_fr()),
            (self.website, "son site web"),
            (self.manual, "saisie par l'expéditeur"),
        ]
        .into_iter()
        .filter_map(|(on, label)| on.then_some(label))
        .collect()
    }
}

/// The sources of a company's facts. A website enrichment rejected (someone else's, parked)
/// gave no data about the company: it is not a source.
async fn data_sources<C: ConnectionTrait>(db: &C, company_id: CompanyId) -> Result<DataSources, DbErr> {
    let sources: Vec<FactSource> = company_fact::Entity::find()
        .select_only()
        .column(company_fact::Column::Source)
        .distinct()
        .filter(company_fact::Column::CompanyId.eq(company_id))
        .filter(company_fact::Column::Field.ne(store::REJECTED_WEBSITE))
        .into_tuple()
        .all(db)
        .await?;
    Ok(DataSources::of(sources))
}

pub async fn prospect_card<C: ConnectionTrait>(db: &C, row_id: RowId) -> Result<Option<ProspectCard>, DbErr> {
    let Some(row) = database_row::Entity::find_by_id(row_id).one(db).await? else { return Ok(None) };
    let Some(c) = company::Entity::find_by_id(row.company_id).one(db).await? else { return Ok(None) };
    let sector =
        prospect_database::Entity::find_by_id(row.database_id).one(db).await?.map(|d| d.sector).unwrap_or_default();
    let sources = data_sources(db, c.id).await?;
    Ok(Some(ProspectCard {
        name: c.name,
        city: c.city,
        website: c.website,
        domain: c.domain,
        email: c.email,
        siren: c.siren,
        sector,
        sources,
    }))
}

/// Company names and cities by id, for the campaign's contacts table.
pub async fn company_labels<C: ConnectionTrait>(
    db: &C,
    company_ids: &[CompanyId],
) -> Result<std::collections::HashMap<CompanyId, (String, Option<String>)>, DbErr> {
    let rows: Vec<(CompanyId, String, Option<String>)> = company::Entity::find()
        .select_only()
        .column(company::Column::Id)
        .column(company::Column::Name)
        .column(company::Column::City)
        .filter(company::Column::Id.is_in(company_ids.to_vec()))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|(id, name, city)| (id, (name, city))).collect())
}

/// The best unlocked prospect of a database (its highest quality, then the first added), for the
/// message editor's preview; `None` when nothing is unlocked.
pub(super) async fn sample_prospect<C: ConnectionTrait>(
    db: &C,
    database: &prospect_database::Model,
) -> Result<Option<prospecta_shared::prospecting::SampleProspect>, DbErr> {
    let Some(row) = database_row::Entity::find()
        .filter(database_row::Column::DatabaseId.eq(database.id))
        .filter(database_row::Column::UnlockedAt.is_not_null())
        .filter(database_row::Column::DeletedAt.is_null())
        .order_by_desc(database_row::Column::Quality)
        .order_by_asc(database_row::Column::Id)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let Some(company) = company::Entity::find_by_id(row.company_id).one(db).await? else { return Ok(None) };
    Ok(Some(prospecta_shared::prospecting::SampleProspect {
        name: company.name,
        city: company.city,
        sector: database.sector.clone(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fact_sources_name_the_data_sources() {
        let all = DataSources::of(FactSource::ALL);
        assert_eq!(all, DataSources { pagesjaunes: true, register: true, website: true, manual: true });
        assert_eq!(
            all.labels_fr(),
            ["Annuaire des entreprises (État)", "PagesJaunes", "son site web", "saisie par l'expéditeur"]
        );
        assert_eq!(DataSources::of([FactSource::Enrichment]).labels_fr(), ["son site web"]);
        assert!(DataSources::of([FactSource::Canary]).labels_fr().is_empty());
    }
}
