//! Prospect databases: the shared company store (`companies`, `company_facts`, `source_pages`)
//! and what belongs to one organisation (`prospect_databases`, `database_rows`, credits,
//! viewing quotas, the reveal audit log). `host_slots` spaces requests to one host across
//! every process.
use crate::cols::*;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Organizations {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Companies {
    Table,
    Id,
    DedupKey,
    OwnerOrgId,
    CanaryOrgId,
    Name,
    NormalizedName,
    LegalName,
    Siren,
    Siret,
    Street,
    PostalCode,
    City,
    InseeCode,
    NafCode,
    Headcount,
    CreatedOn,
    Phone,
    Phones,
    Website,
    Domain,
    Email,
    PjId,
    MarketingOpposition,
    Quality,
    ProbableDuplicateOf,
    FirstSeenAt,
    RefreshedAt,
}

#[derive(DeriveIden)]
enum CompanyFacts {
    Table,
    Id,
    CompanyId,
    Field,
    Value,
    Source,
    SourceUrl,
    Confidence,
    ObservedAt,
}

#[derive(DeriveIden)]
enum SourcePages {
    Table,
    Id,
    Source,
    QueryKey,
    Page,
    Status,
    TotalResults,
    NextUrl,
    CompanyIds,
    FetchedAt,
}

#[derive(DeriveIden)]
enum ProspectDatabases {
    Table,
    Id,
    OrganizationId,
    CreatedBy,
    Name,
    Sector,
    NafCode,
    PlaceKind,
    PlaceCode,
    RadiusKm,
    TargetLabel,
    Status,
    StatusDetail,
    RetryAt,
    PagesFetched,
    PagesExpected,
    CompaniesFound,
    Merged,
    Stored,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum DatabaseRows {
    Table,
    Id,
    OrganizationId,
    DatabaseId,
    CompanyId,
    Manual,
    Status,
    UnlockedAt,
    DeletedAt,
    AddedAt,
}

#[derive(DeriveIden)]
enum CreditLedger {
    Table,
    Id,
    OrganizationId,
    Delta,
    Reason,
    ActorUserId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum RowViews {
    Table,
    Id,
    UserId,
    HourStart,
    Viewed,
    Alerted,
}

#[derive(DeriveIden)]
enum RevealAudit {
    Table,
    Id,
    OrganizationId,
    UserId,
    DatabaseRowId,
    CompanyId,
    Kind,
    Fields,
    Ip,
    CreatedAt,
}

#[derive(DeriveIden)]
enum HostSlots {
    Table,
    Host,
    /// Milliseconds since the epoch: integer arithmetic is the same in SQLite and PostgreSQL.
    NextMs,
}

fn small<T: IntoIden>(name: T) -> ColumnDef {
    ColumnDef::new(name).integer().not_null().default(0).to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Companies::Table)
                .col(id(Companies::Id))
                .col(text(Companies::DedupKey))
                .col(big_int_null(Companies::OwnerOrgId))
                .col(big_int_null(Companies::CanaryOrgId))
                .col(text(Companies::Name))
                .col(text(Companies::NormalizedName))
                .col(text_null(Companies::LegalName))
                .col(text_null(Companies::Siren))
                .col(text_null(Companies::Siret))
                .col(text_null(Companies::Street))
                .col(text_null(Companies::PostalCode))
                .col(text_null(Companies::City))
                .col(text_null(Companies::InseeCode))
                .col(text_null(Companies::NafCode))
                .col(text_null(Companies::Headcount))
                .col(text_null(Companies::CreatedOn))
                .col(text_null(Companies::Phone))
                .col(ColumnDef::new(Companies::Phones).text().null())
                .col(text_null(Companies::Website))
                .col(text_null(Companies::Domain))
                .col(text_null(Companies::Email))
                .col(text_null(Companies::PjId))
                .col(boolean(Companies::MarketingOpposition))
                .col(small(Companies::Quality))
                .col(big_int_null(Companies::ProbableDuplicateOf))
                .col(timestamp(Companies::FirstSeenAt))
                .col(timestamp(Companies::RefreshedAt))
                .to_owned(),
        )
        .await?;
        // Concurrent jobs merging the same company race on this key, not on a read-then-insert.
        m.create_index(
            Index::create()
                .name("ux_companies_dedup")
                .table(Companies::Table)
                .col(Companies::DedupKey)
                .unique()
                .to_owned(),
        )
        .await?;
        for (name, col) in [
            ("ix_companies_siren", Companies::Siren),
            ("ix_companies_domain", Companies::Domain),
            ("ix_companies_phone", Companies::Phone),
            ("ix_companies_pj", Companies::PjId),
        ] {
            m.create_index(Index::create().name(name).table(Companies::Table).col(col).to_owned()).await?;
        }
        m.create_index(
            Index::create()
                .name("ix_companies_name_postcode")
                .table(Companies::Table)
                .col(Companies::NormalizedName)
                .col(Companies::PostalCode)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(CompanyFacts::Table)
                .col(id(CompanyFacts::Id))
                .col(big_int(CompanyFacts::CompanyId))
                .col(text(CompanyFacts::Field))
                .col(text(CompanyFacts::Value))
                .col(text(CompanyFacts::Source))
                .col(text_null(CompanyFacts::SourceUrl))
                .col(small(CompanyFacts::Confidence))
                .col(timestamp(CompanyFacts::ObservedAt))
                .foreign_key(&mut cascade(
                    CompanyFacts::Table,
                    CompanyFacts::CompanyId,
                    Companies::Table,
                    Companies::Id,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_company_facts")
                .table(CompanyFacts::Table)
                .col(CompanyFacts::CompanyId)
                .col(CompanyFacts::Field)
                .col(CompanyFacts::Source)
                .col(CompanyFacts::Value)
                .unique()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(SourcePages::Table)
                .col(id(SourcePages::Id))
                .col(text(SourcePages::Source))
                .col(text(SourcePages::QueryKey))
                .col(int(SourcePages::Page))
                .col(text(SourcePages::Status))
                .col(ColumnDef::new(SourcePages::TotalResults).integer().null())
                .col(ColumnDef::new(SourcePages::NextUrl).text().null())
                .col(long_text(SourcePages::CompanyIds))
                .col(timestamp(SourcePages::FetchedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_source_pages")
                .table(SourcePages::Table)
                .col(SourcePages::Source)
                .col(SourcePages::QueryKey)
                .col(SourcePages::Page)
                .unique()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(ProspectDatabases::Table)
                .col(id(ProspectDatabases::Id))
                .col(big_int(ProspectDatabases::OrganizationId))
                .col(big_int_null(ProspectDatabases::CreatedBy))
                .col(text(ProspectDatabases::Name))
                .col(text(ProspectDatabases::Sector))
                .col(text_null(ProspectDatabases::NafCode))
                .col(text(ProspectDatabases::PlaceKind))
                .col(text(ProspectDatabases::PlaceCode))
                .col(int(ProspectDatabases::RadiusKm))
                .col(text(ProspectDatabases::TargetLabel))
                .col(text(ProspectDatabases::Status))
                .col(ColumnDef::new(ProspectDatabases::StatusDetail).text().null())
                .col(timestamp_null(ProspectDatabases::RetryAt))
                .col(small(ProspectDatabases::PagesFetched))
                .col(small(ProspectDatabases::PagesExpected))
                .col(small(ProspectDatabases::CompaniesFound))
                .col(small(ProspectDatabases::Merged))
                .col(small(ProspectDatabases::Stored))
                .col(timestamp(ProspectDatabases::CreatedAt))
                .col(timestamp(ProspectDatabases::UpdatedAt))
                .foreign_key(&mut cascade(
                    ProspectDatabases::Table,
                    ProspectDatabases::OrganizationId,
                    Organizations::Table,
                    Organizations::Id,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_prospect_databases_org")
                .table(ProspectDatabases::Table)
                .col(ProspectDatabases::OrganizationId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(DatabaseRows::Table)
                .col(id(DatabaseRows::Id))
                .col(big_int(DatabaseRows::OrganizationId))
                .col(big_int(DatabaseRows::DatabaseId))
                .col(big_int(DatabaseRows::CompanyId))
                .col(boolean(DatabaseRows::Manual))
                .col(text(DatabaseRows::Status))
                .col(timestamp_null(DatabaseRows::UnlockedAt))
                .col(timestamp_null(DatabaseRows::DeletedAt))
                .col(timestamp(DatabaseRows::AddedAt))
                .foreign_key(&mut cascade(
                    DatabaseRows::Table,
                    DatabaseRows::DatabaseId,
                    ProspectDatabases::Table,
                    ProspectDatabases::Id,
                ))
                .foreign_key(&mut cascade(
                    DatabaseRows::Table,
                    DatabaseRows::CompanyId,
                    Companies::Table,
                    Companies::Id,
                ))
                .to_owned(),
        )
        .await?;
        // A company appears once per database, whatever the retries and resumptions.
        m.create_index(
            Index::create()
                .name("ux_database_rows")
                .table(DatabaseRows::Table)
                .col(DatabaseRows::DatabaseId)
                .col(DatabaseRows::CompanyId)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_database_rows_company")
                .table(DatabaseRows::Table)
                .col(DatabaseRows::CompanyId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(CreditLedger::Table)
                .col(id(CreditLedger::Id))
                .col(big_int(CreditLedger::OrganizationId))
                .col(big_int(CreditLedger::Delta))
                .col(text(CreditLedger::Reason))
                .col(big_int_null(CreditLedger::ActorUserId))
                .col(timestamp(CreditLedger::CreatedAt))
                .foreign_key(&mut cascade(
                    CreditLedger::Table,
                    CreditLedger::OrganizationId,
                    Organizations::Table,
                    Organizations::Id,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_credit_ledger_org")
                .table(CreditLedger::Table)
                .col(CreditLedger::OrganizationId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(RowViews::Table)
                .col(id(RowViews::Id))
                .col(big_int(RowViews::UserId))
                .col(timestamp(RowViews::HourStart))
                .col(big_int(RowViews::Viewed))
                .col(boolean(RowViews::Alerted))
                .foreign_key(&mut cascade(RowViews::Table, RowViews::UserId, Users::Table, Users::Id))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_row_views")
                .table(RowViews::Table)
                .col(RowViews::UserId)
                .col(RowViews::HourStart)
                .unique()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(RevealAudit::Table)
                .col(id(RevealAudit::Id))
                .col(big_int(RevealAudit::OrganizationId))
                .col(big_int(RevealAudit::UserId))
                .col(big_int(RevealAudit::DatabaseRowId))
                .col(big_int(RevealAudit::CompanyId))
                .col(text(RevealAudit::Kind))
                .col(text(RevealAudit::Fields))
                .col(text(RevealAudit::Ip))
                .col(timestamp(RevealAudit::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_reveal_audit_org")
                .table(RevealAudit::Table)
                .col(RevealAudit::OrganizationId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(HostSlots::Table)
                .col(ColumnDef::new(HostSlots::Host).string().not_null().primary_key())
                .col(big_int(HostSlots::NextMs))
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            HostSlots::Table.into_iden(),
            RevealAudit::Table.into_iden(),
            RowViews::Table.into_iden(),
            CreditLedger::Table.into_iden(),
            DatabaseRows::Table.into_iden(),
            ProspectDatabases::Table.into_iden(),
            SourcePages::Table.into_iden(),
            CompanyFacts::Table.into_iden(),
            Companies::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
