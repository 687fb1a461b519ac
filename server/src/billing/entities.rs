//! The billing tables. Only the billing capability reads or writes them.

use crate::db::entity;

entity!(plan, "plans", prospecta_shared::ids::PlanId, {
    code: String,
    name: String,
    pitch: String,
    monthly_price_cents: i64,
    prospects: i64,
    contacts: i64,
    agent_messages: i64,
    llm_tokens: i64,
    highlighted: bool,
    // A custom plan's organisation; none for a public tier.
    organization_id: Option<prospecta_shared::ids::OrgId>,
    position: i32,
    archived: bool,
});

entity!(price_band, "price_bands", {
    from_contacts: i64,
    cents_per_contact: i64,
});

entity!(billing_account, "billing_accounts", {
    organization_id: prospecta_shared::ids::OrgId,
    provider_customer_id: Option<String>,
    // The offer picked before signing up, as its address parameters (`offre=croissance`).
    choice: Option<String>,
    updated_at: DateTimeUtc,
});

entity!(subscription, "subscriptions", prospecta_shared::ids::SubscriptionId, {
    organization_id: prospecta_shared::ids::OrgId,
    plan_id: Option<prospecta_shared::ids::PlanId>,
    plan_name: String,
    // The slider's contacts a month, for a volume plan.
    volume: Option<i64>,
    monthly_price_cents: i64,
    prospects: i64,
    contacts: i64,
    agent_messages: i64,
    llm_tokens: i64,
    status: prospecta_shared::billing::SubscriptionStatus,
    provider_mandate_id: Option<String>,
    provider_subscription_id: Option<String>,
    period_start: Option<DateTimeUtc>,
    period_end: Option<DateTimeUtc>,
    cancel_at_period_end: bool,
    grace_until: Option<DateTimeUtc>,
    created_at: DateTimeUtc,
    updated_at: DateTimeUtc,
});

entity!(payment, "payments", prospecta_shared::ids::PaymentId, {
    organization_id: prospecta_shared::ids::OrgId,
    subscription_id: prospecta_shared::ids::SubscriptionId,
    provider_payment_id: Option<String>,
    kind: prospecta_shared::billing::PaymentKind,
    // What we asked, VAT included.
    amount_cents: i64,
    currency: String,
    status: prospecta_shared::billing::PaymentStatus,
    period_start: DateTimeUtc,
    period_end: DateTimeUtc,
    checkout_url: Option<String>,
    // Why a payment the provider reports was not applied (another currency, another amount).
    anomaly: Option<String>,
    // When its effect (credits, activation) was applied: once.
    applied_at: Option<DateTimeUtc>,
    // The credit pack it pays for, for a pack.
    pack_id: Option<i64>,
    // Paid back in full (a first payment for a choice replaced while another was paid).
    refunded_at: Option<DateTimeUtc>,
    // For a prorated upgrade: the offer it moves to (JSON of `change::ChangeTo`).
    change_to: Option<String>,
    // The offer it was asked for, as it was then: its name, and its quotas (JSON of
    // `PlanQuotas`); none for the payments asked before they were kept.
    plan_name: Option<String>,
    plan_quotas: Option<String>,
    created_at: DateTimeUtc,
    updated_at: DateTimeUtc,
});

entity!(credit_pack, "credit_packs", {
    unit: prospecta_shared::credits::Quota,
    units: i64,
    price_cents: i64,
    archived: bool,
});

entity!(invoice, "invoices", prospecta_shared::ids::InvoiceId, {
    // None once the client's organisation is erased: the invoice itself is kept.
    organization_id: Option<prospecta_shared::ids::OrgId>,
    payment_id: Option<prospecta_shared::ids::PaymentId>,
    kind: prospecta_shared::billing::InvoiceKind,
    seller_siren: String,
    series: String,
    number: i64,
    // `F-000042`: the number as printed.
    reference: String,
    // A credit note's invoice.
    corrects_reference: Option<String>,
    issued_at: DateTimeUtc,
    // Both parties as they were on the day of issue (JSON of `invoices::Party`).
    seller: String,
    buyer: String,
    description: String,
    period_start: Option<DateTimeUtc>,
    period_end: Option<DateTimeUtc>,
    net_cents: i64,
    vat_cents: i64,
    gross_cents: i64,
    vat_percent: i32,
    currency: String,
    sandbox: bool,
    // What it is issued for, unique: `payment:42`, `refund:42`, `change:…`.
    source: String,
});

entity!(dunning_step, "dunning_steps", {
    subscription_id: prospecta_shared::ids::SubscriptionId,
    // The grace's start, in seconds since the epoch: one dunning cycle.
    cycle: i64,
    step: i32,
    done_at: DateTimeUtc,
});
