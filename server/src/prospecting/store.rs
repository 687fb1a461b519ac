//! The shared company store (DB-7): one record per real company, merged from every source.
//! Each value is a *fact* (field, value, source, page, time, confidence); the company row holds,
//! per field, the value of its most trusted fact, so a better source later simply wins and
//! nothing is lost.
//!
//! Identity, in order: SIREN, PagesJaunes id, normalised name + postcode (any of the company's
//! names). A shared website domain or phone number with another record only *flags* a probable
//! duplicate: franchises and accountants' shared switchboards make those unsafe to merge.

use super::entities::{company, company_fact, database_row};
use super::sources::{SourceCompany, SourceId};
use super::states::{FactMethod, FactSource};
use super::taxonomy::normalize;
use crate::db::portable_statement;
use chrono::{DateTime, Utc};
use prospecta_shared::company::website_domain;
use prospecta_shared::ids::{CompanyId, OrgId};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::HashMap;

/// A website a source listed that enrichment found not to be the company's (parked, dead,
/// someone else's): the row stops showing it.
pub const REJECTED_WEBSITE: &str = "rejected_website";

/// Words that say what a company *is* legally, not who it is: "SARL Dupont" is "Dupont".
const LEGAL_FORMS: &[&str] =
    &["sarl", "sas", "sasu", "eurl", "sa", "sci", "snc", "ei", "eirl", "scop", "ets", "etablissements", "societe"];

pub fn normalized_name(name: &str) -> String {
    normalize(name).split(' ').filter(|w| !w.is_empty() && !LEGAL_FORMS.contains(w)).collect::<Vec<_>>().join(" ")
}

/// How much each source is trusted for each field (0–100). The state's register is the
/// authority on identity and address; PagesJaunes on how to reach the company.
fn confidence(source: FactSource, field: &str) -> i32 {
    use FactSource::{Canary, Manual, OpenData, PagesJaunes};
    match (source, field) {
        (Manual, _) | (Canary, _) => 100,
        (OpenData, "siren" | "siret" | "legal_name" | "naf_code" | "headcount" | "created_on") => 95,
        (OpenData, "street" | "postal_code" | "city" | "insee_code") => 90,
        (OpenData, _) => 70,
        (PagesJaunes, "pj_id") => 95,
        (PagesJaunes, "name") => 85,
        (PagesJaunes, "siret") => 85,
        (PagesJaunes, "phone" | "street" | "postal_code" | "city") => 80,
        (PagesJaunes, "website") => 75,
        (_, _) => 60,
    }
}

/// Quality score 0–100 (DB-5: unlock best first): an e-mail weighs most, then site and phone.
pub fn quality(email: bool, website: bool, phone: bool) -> i32 {
    i32::from(email) * 40 + i32::from(website) * 30 + i32::from(phone) * 30
}

fn facts_of(c: &SourceCompany) -> Vec<(&'static str, String)> {
    let mut facts: Vec<(&'static str, String)> = vec![("name", c.name.clone())];
    let single = [
        ("legal_name", &c.legal_name),
        ("siren", &c.siren),
        ("street", &c.street),
        ("postal_code", &c.postal_code),
        ("city", &c.city),
        ("insee_code", &c.insee_code),
        ("naf_code", &c.naf_code),
        ("headcount", &c.headcount),
        ("created_on", &c.created_on),
        ("email", &c.email),
        ("pj_id", &c.pj_id),
    ];
    for (field, value) in single {
        if let Some(v) = value.as_ref().map(|v| v.trim()).filter(|v| !v.is_empty()) {
            facts.push((field, v.to_string()));
        }
    }
    if let Some(siret) = &c.siret {
        facts.push(("siret", siret.to_string()));
    }
    if c.siren.is_none()
        && let Some(siren) = c.siren_or_from_siret()
    {
        facts.push(("siren", siren));
    }
    if let Some(website) = &c.website {
        facts.push(("website", website.to_string()));
    }
    for phone in &c.phones {
        facts.push(("phone", phone.to_string()));
    }
    if c.marketing_opposition {
        facts.push(("marketing_opposition", "1".into()));
    }
    facts
}

/// What merging one source record did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merged {
    pub company_id: CompanyId,
    /// `true` when the record joined an existing company rather than creating one.
    pub existing: bool,
}

/// Merge one source record into the store, inside the caller's transaction.
pub async fn merge<C: ConnectionTrait>(db: &C, source: SourceId, record: &SourceCompany) -> Result<Merged, DbErr> {
    merge_as(db, source.into(), record, None).await
}

/// Merge with an explicit source name; `owner` makes a private record (typed by hand by one
/// organisation, never shared with the others).
pub async fn merge_as<C: ConnectionTrait>(
    db: &C,
    source: FactSource,
    record: &SourceCompany,
    owner: Option<OrgId>,
) -> Result<Merged, DbErr> {
    let now = Utc::now();
    let existing = match owner {
        Some(_) => None,
        None => find_existing(db, record).await?,
    };
    let (company_id, existed) = match existing {
        Some(id) => (id, true),
        None => (insert_new(db, record, owner, now).await?, false),
    };
    let source_url = Some(record.source_url.clone()).filter(|u| !u.is_empty());
    let facts: Vec<ObservedFact> = facts_of(record)
        .into_iter()
        .map(|(field, value)| ObservedFact {
            field,
            value,
            source_url: source_url.clone(),
            method: None,
            confidence: confidence(source, field),
        })
        .collect();
    upsert_facts(db, company_id, source, &facts, now).await?;
    refresh(db, company_id, now).await?;
    if !existed {
        flag_probable_duplicate(db, company_id).await?;
    }
    Ok(Merged { company_id, existing: existed })
}

/// One value observed outside the sources, with its provenance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObservedFact {
    pub field: &'static str,
    pub value: String,
    pub source_url: Option<String>,
    pub method: Option<FactMethod>,
    /// 0–100.
    pub confidence: i32,
}

/// Record facts from `source` (upserted: observing the same value again refreshes its time,
/// page, method and confidence), then recompute the company row.
pub async fn record_facts<C: ConnectionTrait>(
    db: &C,
    company_id: CompanyId,
    source: FactSource,
    facts: &[ObservedFact],
) -> Result<(), DbErr> {
    let now = Utc::now();
    upsert_facts(db, company_id, source, facts, now).await?;
    refresh(db, company_id, now).await
}

async fn upsert_facts<C: ConnectionTrait>(
    db: &C,
    company_id: CompanyId,
    source: FactSource,
    facts: &[ObservedFact],
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    for fact in facts {
        let row = company_fact::ActiveModel {
            company_id: Set(company_id),
            field: Set(fact.field.to_string()),
            value: Set(fact.value.clone()),
            source: Set(source),
            source_url: Set(fact.source_url.clone()),
            confidence: Set(fact.confidence.clamp(0, 100)),
            observed_at: Set(now),
            method: Set(fact.method),
            ..Default::default()
        };
        company_fact::Entity::insert(row)
            .on_conflict(
                OnConflict::columns([
                    company_fact::Column::CompanyId,
                    company_fact::Column::Field,
                    company_fact::Column::Source,
                    company_fact::Column::Value,
                ])
                .update_columns([
                    company_fact::Column::ObservedAt,
                    company_fact::Column::SourceUrl,
                    company_fact::Column::Confidence,
                    company_fact::Column::Method,
                ])
                .to_owned(),
            )
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// Drop earlier observations of `field` by `source` that are not in `keep`: a re-enrichment
/// that no longer finds an address must not leave the old one on the row.
pub async fn forget_facts<C: ConnectionTrait>(
    db: &C,
    company_id: CompanyId,
    source: FactSource,
    fields: &[&str],
) -> Result<(), DbErr> {
    company_fact::Entity::delete_many()
        .filter(company_fact::Column::CompanyId.eq(company_id))
        .filter(company_fact::Column::Source.eq(source))
        .filter(company_fact::Column::Field.is_in(fields.iter().copied()))
        .exec(db)
        .await?;
    Ok(())
}

/// What enrichment needs to know of a shared company (private and canary rows are not
/// enriched: the former belong to one client, the latter are synthetic).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompanyIdentity {
    pub id: CompanyId,
    pub name: String,
    pub legal_name: Option<String>,
    pub postcode: Option<String>,
    pub city: Option<String>,
    pub phones: Vec<String>,
    pub siren: Option<String>,
    /// The website the sources give (even one a previous enrichment rejected).
    pub listed_website: Option<String>,
}

pub async fn identity_for_enrichment<C: ConnectionTrait>(
    db: &C,
    company_id: CompanyId,
) -> Result<Option<CompanyIdentity>, DbErr> {
    let Some(c) = company::Entity::find_by_id(company_id).filter(shared_only()).one(db).await? else {
        return Ok(None);
    };
    let listed_website = company_fact::Entity::find()
        .filter(company_fact::Column::CompanyId.eq(company_id))
        .filter(company_fact::Column::Field.eq("website"))
        .filter(company_fact::Column::Source.ne(FactSource::Enrichment))
        .order_by_desc(company_fact::Column::Confidence)
        .one(db)
        .await?
        .map(|f| f.value);
    Ok(Some(CompanyIdentity {
        id: c.id,
        name: c.name,
        legal_name: c.legal_name,
        postcode: c.postal_code,
        city: c.city,
        phones: c.phones.map(|p| p.split(',').map(str::to_string).collect()).unwrap_or_default(),
        siren: c.siren,
        listed_website,
    }))
}

fn shared_only() -> sea_orm::Condition {
    sea_orm::Condition::all().add(company::Column::OwnerOrgId.is_null()).add(company::Column::CanaryOrgId.is_null())
}

async fn find_existing<C: ConnectionTrait>(db: &C, record: &SourceCompany) -> Result<Option<CompanyId>, DbErr> {
    let first = |q: sea_orm::Select<company::Entity>| async move {
        q.filter(shared_only()).select_only().column(company::Column::Id).into_tuple::<CompanyId>().one(db).await
    };
    let siren = record.siren_or_from_siret();
    if let Some(siren) = siren
        && let Some(id) = first(company::Entity::find().filter(company::Column::Siren.eq(siren))).await?
    {
        return Ok(Some(id));
    }
    if let Some(pj) = &record.pj_id
        && let Some(id) = first(company::Entity::find().filter(company::Column::PjId.eq(pj.as_str()))).await?
    {
        return Ok(Some(id));
    }
    if let Some(postcode) = &record.postal_code {
        let mut names: Vec<String> =
            std::iter::once(&record.name).chain(&record.other_names).map(|n| normalized_name(n)).collect();
        names.retain(|n| !n.is_empty());
        names.dedup();
        if !names.is_empty() {
            let found = first(
                company::Entity::find()
                    .filter(company::Column::NormalizedName.is_in(names))
                    .filter(company::Column::PostalCode.eq(postcode.as_str())),
            )
            .await?;
            if found.is_some() {
                return Ok(found);
            }
        }
    }
    Ok(None)
}

fn dedup_key(record: &SourceCompany) -> String {
    if let Some(siren) = record.siren_or_from_siret() {
        return format!("siren:{siren}");
    }
    let name = normalized_name(&record.name);
    match (&record.postal_code, &record.pj_id) {
        (Some(postcode), _) if !name.is_empty() => format!("np:{name}|{postcode}"),
        (_, Some(pj)) => format!("pj:{pj}"),
        _ => format!("np:{name}|?"),
    }
}

async fn insert_new<C: ConnectionTrait>(
    db: &C,
    record: &SourceCompany,
    owner: Option<OrgId>,
    now: DateTime<Utc>,
) -> Result<CompanyId, DbErr> {
    let key = match owner {
        // Private records never collide with shared ones, nor with each other.
        Some(org) => format!("org{org}:{}", uuid::Uuid::new_v4().simple()),
        None => dedup_key(record),
    };
    let row = company::ActiveModel {
        dedup_key: Set(key.clone()),
        owner_org_id: Set(owner),
        canary_org_id: Set(None),
        name: Set(record.name.clone()),
        normalized_name: Set(normalized_name(&record.name)),
        quality: Set(0),
        marketing_opposition: Set(false),
        first_seen_at: Set(now),
        refreshed_at: Set(now),
        ..Default::default()
    };
    company::Entity::insert(row)
        .on_conflict(OnConflict::column(company::Column::DedupKey).do_nothing().to_owned())
        .exec_without_returning(db)
        .await?;
    // Whoever won the race on the key, this is the company now.
    company::Entity::find()
        .filter(company::Column::DedupKey.eq(key))
        .select_only()
        .column(company::Column::Id)
        .into_tuple::<CompanyId>()
        .one(db)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("company just inserted".into()))
}

/// Recompute the company row from its facts: per field, the most trusted, most recent value.
/// Holds the company's row until the transaction ends, so that decisions about one company
/// across organisations (the 7-day platform guard) are taken one at a time. PostgreSQL locks
/// the row; SQLite's write transaction (`db::begin_write`) already serialises every writer.
pub async fn lock_company<C: ConnectionTrait>(tx: &C, company_id: CompanyId) -> Result<(), DbErr> {
    crate::db::lock_row(tx, "SELECT id FROM companies WHERE id = $1 FOR UPDATE", company_id).await
}

pub async fn refresh<C: ConnectionTrait>(db: &C, company_id: CompanyId, now: DateTime<Utc>) -> Result<(), DbErr> {
    let facts = company_fact::Entity::find()
        .filter(company_fact::Column::CompanyId.eq(company_id))
        .order_by_desc(company_fact::Column::Confidence)
        .order_by_desc(company_fact::Column::ObservedAt)
        .order_by_asc(company_fact::Column::Id)
        .all(db)
        .await?;
    let rejected: Vec<String> =
        facts.iter().filter(|f| f.field == REJECTED_WEBSITE).filter_map(|f| website_domain(&f.value)).collect();
    let mut best: HashMap<&str, &str> = HashMap::new();
    let mut phones: Vec<&str> = Vec::new();
    for fact in &facts {
        if fact.field == "website" && website_domain(&fact.value).is_some_and(|d| rejected.contains(&d)) {
            continue;
        }
        best.entry(fact.field.as_str()).or_insert(fact.value.as_str());
        if fact.field == "phone" && !phones.contains(&fact.value.as_str()) {
            phones.push(&fact.value);
        }
    }
    let get = |field: &str| best.get(field).map(|v| v.to_string());
    let Some(name) = get("name") else { return Ok(()) };
    let website = get("website");
    let email = get("email");
    let phone = phones.first().map(|p| p.to_string());
    let (city, postal_code) = (get("city"), get("postal_code"));
    let (has_website, has_email, has_phone) = (website.is_some(), email.is_some(), phone.is_some());
    let company_quality = quality(has_email, has_website, has_phone);
    company::Entity::update_many()
        .col_expr(company::Column::NormalizedName, Expr::value(normalized_name(&name)))
        .col_expr(company::Column::Name, Expr::value(name.clone()))
        .col_expr(company::Column::LegalName, Expr::value(get("legal_name")))
        .col_expr(company::Column::Siren, Expr::value(get("siren")))
        .col_expr(company::Column::Siret, Expr::value(get("siret")))
        .col_expr(company::Column::Street, Expr::value(get("street")))
        .col_expr(company::Column::PostalCode, Expr::value(postal_code.clone()))
        .col_expr(company::Column::City, Expr::value(city.clone()))
        .col_expr(company::Column::InseeCode, Expr::value(get("insee_code")))
        .col_expr(company::Column::NafCode, Expr::value(get("naf_code")))
        .col_expr(company::Column::Headcount, Expr::value(get("headcount")))
        .col_expr(company::Column::CreatedOn, Expr::value(get("created_on")))
        .col_expr(company::Column::PjId, Expr::value(get("pj_id")))
        .col_expr(company::Column::Quality, Expr::value(company_quality))
        .col_expr(company::Column::Domain, Expr::value(website.as_deref().and_then(website_domain)))
        .col_expr(company::Column::Website, Expr::value(website))
        .col_expr(company::Column::Email, Expr::value(email))
        .col_expr(company::Column::Phone, Expr::value(phone))
        .col_expr(company::Column::Phones, Expr::value((!phones.is_empty()).then(|| phones.join(","))))
        .col_expr(company::Column::MarketingOpposition, Expr::value(best.contains_key("marketing_opposition")))
        .col_expr(company::Column::RefreshedAt, Expr::value(now))
        .filter(company::Column::Id.eq(company_id))
        .exec(db)
        .await?;
    // The clients' rows filter and sort on a copy of these (see `rows`).
    let keys = RowKeys {
        sort_name: normalized_name(&name),
        city_key: city.as_deref().map(str::to_lowercase).unwrap_or_default(),
        postal_code,
        has_website,
        has_email,
        has_phone,
        quality: company_quality,
    };
    sync_rows(db, company_id, keys).await
}

/// What the table filters and sorts on, as the company shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowKeys {
    pub sort_name: String,
    /// The town in lower case, "" when unknown (so that both databases order it alike).
    pub city_key: String,
    pub postal_code: Option<String>,
    pub has_website: bool,
    pub has_email: bool,
    pub has_phone: bool,
    pub quality: i32,
}

impl RowKeys {
    pub fn of(c: &company::Model) -> Self {
        RowKeys {
            sort_name: c.normalized_name.clone(),
            city_key: c.city.as_deref().map(str::to_lowercase).unwrap_or_default(),
            postal_code: c.postal_code.clone(),
            has_website: c.website.is_some(),
            has_email: c.email.is_some(),
            has_phone: c.phone.is_some(),
            quality: c.quality,
        }
    }

    pub(super) fn set_on(self, row: &mut database_row::ActiveModel) {
        row.sort_name = Set(self.sort_name);
        row.city_key = Set(self.city_key);
        row.postal_code = Set(self.postal_code);
        row.has_website = Set(self.has_website);
        row.has_email = Set(self.has_email);
        row.has_phone = Set(self.has_phone);
        row.quality = Set(self.quality);
    }
}

/// The company changed: its rows, in every database, take its new keys.
async fn sync_rows<C: ConnectionTrait>(db: &C, company_id: CompanyId, keys: RowKeys) -> Result<(), DbErr> {
    let changed = database_row::Entity::update_many()
        .col_expr(database_row::Column::SortName, Expr::value(keys.sort_name))
        .col_expr(database_row::Column::CityKey, Expr::value(keys.city_key))
        .col_expr(database_row::Column::PostalCode, Expr::value(keys.postal_code))
        .col_expr(database_row::Column::HasWebsite, Expr::value(keys.has_website))
        .col_expr(database_row::Column::HasEmail, Expr::value(keys.has_email))
        .col_expr(database_row::Column::HasPhone, Expr::value(keys.has_phone))
        .col_expr(database_row::Column::Quality, Expr::value(keys.quality))
        .filter(database_row::Column::CompanyId.eq(company_id))
        .exec(db)
        .await?
        .rows_affected;
    if changed > 0 {
        let sql = "UPDATE prospect_databases SET rows_revision = rows_revision + 1 \
                   WHERE id IN (SELECT database_id FROM database_rows WHERE company_id = $1)";
        db.execute(portable_statement(db.get_database_backend(), sql, [company_id.into()])).await?;
    }
    Ok(())
}

async fn flag_probable_duplicate<C: ConnectionTrait>(db: &C, company_id: CompanyId) -> Result<(), DbErr> {
    let Some(me) = company::Entity::find_by_id(company_id).one(db).await? else { return Ok(()) };
    if me.owner_org_id.is_some() {
        return Ok(());
    }
    let mut clash = sea_orm::Condition::any();
    if let Some(domain) = &me.domain {
        clash = clash.add(company::Column::Domain.eq(domain.as_str()));
    }
    if let Some(phone) = &me.phone {
        clash = clash.add(company::Column::Phone.eq(phone.as_str()));
    }
    if clash.is_empty() {
        return Ok(());
    }
    let other = company::Entity::find()
        .filter(shared_only())
        .filter(company::Column::Id.ne(company_id))
        .filter(clash)
        .order_by_asc(company::Column::Id)
        .select_only()
        .column(company::Column::Id)
        .into_tuple::<CompanyId>()
        .one(db)
        .await?;
    if let Some(other) = other {
        company::Entity::update_many()
            .col_expr(company::Column::ProbableDuplicateOf, Expr::value(other))
            .filter(company::Column::Id.eq(company_id))
            .exec(db)
            .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_compared_without_legal_forms_accents_or_case() {
        assert_eq!(normalized_name("SARL Dupont Plomberie"), normalized_name("dupont plomberie"));
        assert_eq!(normalized_name("L'Atelier du Chauffage"), normalized_name("L’ATELIER DU CHAUFFAGE"));
        assert_ne!(normalized_name("Dupont Plomberie"), normalized_name("Dupond Plomberie"));
    }

    #[test]
    fn register_outranks_directory_on_identity_and_directory_on_phones() {
        use FactSource::{Manual, OpenData, PagesJaunes};
        assert!(confidence(OpenData, "street") > confidence(PagesJaunes, "street"));
        assert!(confidence(PagesJaunes, "name") > confidence(OpenData, "name"));
        assert!(confidence(Manual, "phone") > confidence(PagesJaunes, "phone"));
    }
}
