//! Invoices and credit notes (ONB-5). Numbers are gap-free per seller and series: the next one
//! is taken from `invoice_sequences` inside the transaction that writes the document, so a
//! rollback gives it back and two writers wait for each other's row. A document keeps a copy of
//! both parties' identities and of what it bills: an invoice never changes once issued, and it
//! outlives the client's organisation (kept ten years, art. L123-22 du Code de commerce), so
//! the organisation and the payment are set to null when they go instead of taking it along.
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
enum Payments {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum InvoiceSequences {
    Table,
    Id,
    SellerSiren,
    Series,
    LastNumber,
}

#[derive(DeriveIden)]
enum Invoices {
    Table,
    Id,
    OrganizationId,
    PaymentId,
    Kind,
    SellerSiren,
    Series,
    Number,
    Reference,
    CorrectsReference,
    IssuedAt,
    Seller,
    Buyer,
    Description,
    PeriodStart,
    PeriodEnd,
    NetCents,
    VatCents,
    GrossCents,
    VatPercent,
    Currency,
    Sandbox,
    Source,
}

fn set_null(
    table: Invoices,
    column: Invoices,
    parent: impl IntoIden + 'static,
    key: impl IntoIden,
) -> ForeignKeyCreateStatement {
    ForeignKey::create().from(table, column).to(parent, key).on_delete(ForeignKeyAction::SetNull).to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(InvoiceSequences::Table)
                .col(id(InvoiceSequences::Id))
                .col(text(InvoiceSequences::SellerSiren))
                .col(text(InvoiceSequences::Series))
                .col(big_int(InvoiceSequences::LastNumber))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_invoice_sequences_seller_series")
                .table(InvoiceSequences::Table)
                .col(InvoiceSequences::SellerSiren)
                .col(InvoiceSequences::Series)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Invoices::Table)
                .col(id(Invoices::Id))
                .col(big_int_null(Invoices::OrganizationId))
                .col(big_int_null(Invoices::PaymentId))
                .col(text(Invoices::Kind))
                .col(text(Invoices::SellerSiren))
                .col(text(Invoices::Series))
                .col(big_int(Invoices::Number))
                .col(text(Invoices::Reference))
                .col(text_null(Invoices::CorrectsReference))
                .col(timestamp(Invoices::IssuedAt))
                .col(long_text(Invoices::Seller))
                .col(long_text(Invoices::Buyer))
                .col(long_text(Invoices::Description))
                .col(timestamp_null(Invoices::PeriodStart))
                .col(timestamp_null(Invoices::PeriodEnd))
                .col(big_int(Invoices::NetCents))
                .col(big_int(Invoices::VatCents))
                .col(big_int(Invoices::GrossCents))
                .col(int(Invoices::VatPercent))
                .col(text(Invoices::Currency))
                .col(boolean(Invoices::Sandbox))
                .col(text(Invoices::Source))
                .foreign_key(&mut set_null(
                    Invoices::Table,
                    Invoices::OrganizationId,
                    Organizations::Table,
                    Organizations::Id,
                ))
                .foreign_key(&mut set_null(Invoices::Table, Invoices::PaymentId, Payments::Table, Payments::Id))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_invoices_number")
                .table(Invoices::Table)
                .col(Invoices::SellerSiren)
                .col(Invoices::Series)
                .col(Invoices::Number)
                .unique()
                .to_owned(),
        )
        .await?;
        // What a document is issued for (`payment:42`, `refund:42`, `change:…`): once, however
        // often its cause is processed.
        m.create_index(
            Index::create().name("ux_invoices_source").table(Invoices::Table).col(Invoices::Source).unique().to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("ix_invoices_org").table(Invoices::Table).col(Invoices::OrganizationId).to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Invoices::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(InvoiceSequences::Table).to_owned()).await
    }
}
