//! The prospecting tables. Only this module's siblings read or write them.

use crate::db::entity;

entity!(company, "companies", prospecta_shared::ids::CompanyId, {
    dedup_key: String,
    owner_org_id: Option<prospecta_shared::ids::OrgId>,
    canary_org_id: Option<prospecta_shared::ids::OrgId>,
    name: String,
    normalized_name: String,
    legal_name: Option<String>,
    siren: Option<String>,
    siret: Option<String>,
    street: Option<String>,
    postal_code: Option<String>,
    city: Option<String>,
    insee_code: Option<String>,
    naf_code: Option<String>,
    headcount: Option<String>,
    created_on: Option<String>,
    phone: Option<String>,
    phones: Option<String>,
    website: Option<String>,
    domain: Option<String>,
    email: Option<String>,
    pj_id: Option<String>,
    marketing_opposition: bool,
    quality: i32,
    probable_duplicate_of: Option<prospecta_shared::ids::CompanyId>,
    first_seen_at: DateTimeUtc,
    refreshed_at: DateTimeUtc,
});

entity!(company_fact, "company_facts", {
    company_id: prospecta_shared::ids::CompanyId,
    field: String,
    value: String,
    source: crate::prospecting::states::FactSource,
    source_url: Option<String>,
    confidence: i32,
    observed_at: DateTimeUtc,
    // How an enrichment read it (`mailto`, `cloudflare`, `llm`…); `None` for the sources.
    method: Option<crate::prospecting::states::FactMethod>,
});

entity!(source_page, "source_pages", {
    source: crate::prospecting::sources::SourceId,
    query_key: String,
    page: i32,
    status: crate::prospecting::states::PageOutcome,
    total_results: Option<i32>,
    next_url: Option<String>,
    company_ids: String,
    fetched_at: DateTimeUtc,
});

entity!(prospect_database, "prospect_databases", prospecta_shared::ids::DatabaseId, {
    organization_id: prospecta_shared::ids::OrgId,
    created_by: Option<prospecta_shared::ids::UserId>,
    name: String,
    sector: String,
    naf_code: Option<String>,
    place_kind: prospecta_shared::prospecting::PlaceKind,
    place_code: String,
    radius_km: i32,
    target_label: String,
    status: crate::prospecting::states::GenerationState,
    status_detail: Option<String>,
    retry_at: Option<DateTimeUtc>,
    pages_fetched: i32,
    pages_expected: i32,
    companies_found: i32,
    merged: i32,
    stored: i32,
    created_at: DateTimeUtc,
    updated_at: DateTimeUtc,
    // Bumped by every change to the database's rows (`rows::touch`): the key of cached counts.
    rows_revision: i64,    // The offer it belongs to (the `business` capability's).
    offer_id: prospecta_shared::ids::OfferId,
});

entity!(database_row, "database_rows", prospecta_shared::ids::RowId, {
    organization_id: prospecta_shared::ids::OrgId,
    database_id: prospecta_shared::ids::DatabaseId,
    company_id: prospecta_shared::ids::CompanyId,
    manual: bool,
    status: crate::prospecting::states::RowStatus,
    unlocked_at: Option<DateTimeUtc>,
    deleted_at: Option<DateTimeUtc>,
    added_at: DateTimeUtc,
    // What the table filters and sorts on, copied from the company (`rows::RowKeys`).
    sort_name: String,
    city_key: String,
    postal_code: Option<String>,
    has_website: bool,
    has_email: bool,
    has_phone: bool,
    quality: i32,
});

entity!(row_view, "row_views", {
    user_id: prospecta_shared::ids::UserId,
    hour_start: DateTimeUtc,
    viewed: i64,
    alerted: bool,
});

entity!(reveal, "reveal_audit", {
    organization_id: prospecta_shared::ids::OrgId,
    user_id: prospecta_shared::ids::UserId,
    database_row_id: prospecta_shared::ids::RowId,
    company_id: prospecta_shared::ids::CompanyId,
    kind: crate::prospecting::states::RevealKind,
    fields: String,
    ip: String,
    created_at: DateTimeUtc,
});
