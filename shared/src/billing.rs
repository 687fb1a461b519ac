//! Plans, prices and subscriptions (SUB-3, SUB-6, SUB-7, PRODUCT.md SUB "Units"): a plan carries
//! separate monthly quotas (prospects, contacts, agent messages, LLM tokens) for a monthly
//! price. Three public tiers and custom plans are rows an agency admin edits; the slider's plan
//! is computed from the contacts per month the client picks and the price bands, which are
//! rows too. Prices are integer cents, excluding VAT (`HT`), as French B2B prices are shown.

use crate::ids::{PlanId, SubscriptionId};
use serde::{Deserialize, Serialize};

/// The slider's range of contacts per month, and its step.
pub const SLIDER_MIN: i64 = 50;
pub const SLIDER_MAX: i64 = 10_000;
pub const SLIDER_STEP: i64 = 50;

/// French VAT on the service, in percent: invoices and charges add it to the `HT` price.
pub const VAT_PERCENT: i64 = 20;

/// What a plan includes each month.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanQuotas {
    pub prospects: i64,
    pub contacts: i64,
    pub agent_messages: i64,
    pub llm_tokens: i64,
}

impl PlanQuotas {
    /// The quotas of the slider's plan for `contacts` a month: as many prospects to unlock as
    /// companies to contact, two agent messages per company contacted (an answer and a
    /// follow-up of the conversation), and the model's tokens those messages need with margin.
    pub fn for_volume(contacts: i64) -> PlanQuotas {
        PlanQuotas { prospects: contacts, contacts, agent_messages: contacts * 2, llm_tokens: contacts * 10_000 }
    }

    /// What it includes of one of the ledger's quotas (tokens are metered apart).
    pub fn of(&self, quota: crate::credits::Quota) -> i64 {
        use crate::credits::Quota;
        match quota {
            Quota::Prospects => self.prospects,
            Quota::Contacts => self.contacts,
            Quota::AgentMessages => self.agent_messages,
        }
    }
}

/// A plan as the chooser and the landing page show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanView {
    pub id: PlanId,
    /// The address name of a public tier (`croissance`), `sur-mesure-12` for a custom plan.
    pub code: String,
    pub name: String,
    pub pitch: String,
    pub monthly_price_cents: i64,
    pub quotas: PlanQuotas,
    /// The tier the landing page puts forward.
    pub highlighted: bool,
    /// A custom plan made for one organisation by the agency.
    pub custom: bool,
}

impl PlanView {
    /// What one company contacted costs on this plan, in cents (rounded to the nearest cent).
    pub fn cents_per_contact(&self) -> Option<i64> {
        per_unit_cents(self.monthly_price_cents, self.quotas.contacts)
    }
}

/// What one unit costs when `units` cost `total_cents`, rounded to the nearest cent.
pub fn per_unit_cents(total_cents: i64, units: i64) -> Option<i64> {
    (units > 0).then(|| (total_cents * 2 + units) / (units * 2))
}

/// One band of the slider: from `from_contacts` on, each further contact costs
/// `cents_per_contact`. The price is progressive like an income tax: each contact is priced at
/// its own band's rate, so the total always rises with the volume while the average price per
/// contact falls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceBand {
    pub from_contacts: i64,
    pub cents_per_contact: i64,
}

/// Why a set of bands cannot be saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum BandsError {
    #[error("aucune tranche de prix")]
    Empty,
    #[error("la première tranche doit commencer à {SLIDER_MIN} contacts")]
    FirstBand,
    #[error("les tranches doivent commencer à des volumes croissants")]
    NotIncreasing,
    #[error("un prix par contact doit être positif")]
    NonPositivePrice,
    #[error("le prix par contact doit baisser d'une tranche à la suivante")]
    NotDegressive,
}

/// Checks that bands start at the slider's minimum, rise in volume and fall in price.
pub fn check_bands(bands: &[PriceBand]) -> Result<(), BandsError> {
    let first = bands.first().ok_or(BandsError::Empty)?;
    if first.from_contacts != SLIDER_MIN {
        return Err(BandsError::FirstBand);
    }
    if bands.iter().any(|b| b.cents_per_contact <= 0) {
        return Err(BandsError::NonPositivePrice);
    }
    for pair in bands.windows(2) {
        if pair[1].from_contacts <= pair[0].from_contacts {
            return Err(BandsError::NotIncreasing);
        }
        if pair[1].cents_per_contact >= pair[0].cents_per_contact {
            return Err(BandsError::NotDegressive);
        }
    }
    Ok(())
}

/// The monthly price, in cents excluding VAT, of `contacts` a month on the slider.
pub fn volume_price_cents(bands: &[PriceBand], contacts: i64) -> i64 {
    let mut total = 0;
    for (i, band) in bands.iter().enumerate() {
        let end = bands.get(i + 1).map_or(i64::MAX, |next| next.from_contacts);
        // The first band also prices what lies below its start (there is nothing cheaper).
        let start = if i == 0 { 0 } else { band.from_contacts };
        let in_band = contacts.min(end) - start;
        if in_band > 0 {
            total += in_band * band.cents_per_contact;
        }
    }
    total
}

/// A volume on the slider, clamped to its range and rounded to its step.
pub fn snap_volume(contacts: i64) -> i64 {
    let clamped = contacts.clamp(SLIDER_MIN, SLIDER_MAX);
    ((clamped + SLIDER_STEP / 2) / SLIDER_STEP * SLIDER_STEP).clamp(SLIDER_MIN, SLIDER_MAX)
}

/// A price including VAT, from the price excluding it.
pub fn with_vat(cents_ht: i64) -> i64 {
    cents_ht + (cents_ht * VAT_PERCENT + 50) / 100
}

/// The public tiers and the slider's bands: what the landing page and the chooser show.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Pricing {
    pub plans: Vec<PlanView>,
    pub bands: Vec<PriceBand>,
}

impl Pricing {
    /// The plan the slider makes for `contacts` a month (snapped to the slider).
    pub fn volume_plan(&self, contacts: i64) -> VolumePlan {
        let contacts = snap_volume(contacts);
        VolumePlan {
            contacts,
            monthly_price_cents: volume_price_cents(&self.bands, contacts),
            quotas: PlanQuotas::for_volume(contacts),
        }
    }
}

/// The slider's plan for one volume.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct VolumePlan {
    pub contacts: i64,
    pub monthly_price_cents: i64,
    pub quotas: PlanQuotas,
}

/// What a visitor picked before signing up, carried in addresses (`?offre=croissance` or
/// `?contacts=750`) so that it survives the sign-up and preselects the chooser.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PlanChoice {
    /// A plan by its code (a public tier, or the organisation's custom plan).
    Plan(String),
    /// The slider's plan for this many contacts a month.
    Volume(i64),
}

impl PlanChoice {
    /// From an address's `offre` and `contacts` parameters; anything unreadable is no choice.
    pub fn from_query(offre: Option<&str>, contacts: Option<&str>) -> Option<PlanChoice> {
        if let Some(n) = contacts.and_then(|c| c.trim().parse::<i64>().ok()) {
            return Some(PlanChoice::Volume(snap_volume(n)));
        }
        let code = offre?.trim();
        let valid = !code.is_empty() && code.len() <= 40 && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        valid.then(|| PlanChoice::Plan(code.to_ascii_lowercase()))
    }

    /// Back from [`PlanChoice::to_query`]'s text.
    pub fn from_stored_query(query: &str) -> Option<PlanChoice> {
        match query.split_once('=')? {
            ("offre", value) => PlanChoice::from_query(Some(value), None),
            ("contacts", value) => PlanChoice::from_query(None, Some(value)),
            _ => None,
        }
    }

    /// The address parameters that carry it.
    pub fn to_query(&self) -> String {
        match self {
            PlanChoice::Plan(code) => format!("offre={code}"),
            PlanChoice::Volume(n) => format!("contacts={n}"),
        }
    }
}

crate::stored_enum! {
    /// Where a subscription stands.
    #[derive(Serialize, Deserialize)]
    pub enum SubscriptionStatus {
        /// Chosen, its first payment not made yet.
        Pending = "pending",
        /// Paid for the current period.
        Active = "active",
        /// A renewal failed: the 7-day grace, sending continues (SUB-5).
        PastDue = "past_due",
        /// The grace ran out unpaid: sending is paused, data kept, login works.
        Suspended = "suspended",
        /// Ended by the client (at a period's end) or never paid.
        Canceled = "canceled",
    }
}

impl SubscriptionStatus {
    pub fn label_fr(self) -> &'static str {
        match self {
            SubscriptionStatus::Pending => "En attente du premier paiement",
            SubscriptionStatus::Active => "Actif",
            SubscriptionStatus::PastDue => "Paiement en retard",
            SubscriptionStatus::Suspended => "Suspendu (impayé)",
            SubscriptionStatus::Canceled => "Résilié",
        }
    }
}

crate::stored_enum! {
    /// A charge as the payment provider reports it.
    #[derive(Serialize, Deserialize)]
    pub enum PaymentStatus {
        Open = "open",
        Pending = "pending",
        Authorized = "authorized",
        Paid = "paid",
        Failed = "failed",
        Canceled = "canceled",
        Expired = "expired",
    }
}

impl PaymentStatus {
    /// A status that will not change any more.
    pub fn is_final(self) -> bool {
        matches!(self, PaymentStatus::Paid | PaymentStatus::Failed | PaymentStatus::Canceled | PaymentStatus::Expired)
    }

    pub fn label_fr(self) -> &'static str {
        match self {
            PaymentStatus::Open | PaymentStatus::Pending | PaymentStatus::Authorized => "En cours",
            PaymentStatus::Paid => "Payé",
            PaymentStatus::Failed => "Échoué",
            PaymentStatus::Canceled => "Annulé",
            PaymentStatus::Expired => "Expiré",
        }
    }
}

crate::stored_enum! {
    /// What a charge pays for.
    #[derive(Serialize, Deserialize)]
    pub enum PaymentKind {
        /// The first month, paid at the checkout; it sets up the mandate.
        First = "first",
        /// A month charged by the provider's subscription.
        Renewal = "renewal",
        /// A credit pack, paid once.
        Pack = "pack",
        /// A prorated upgrade, paid once on the mandate.
        Change = "change",
    }
}

/// A credit pack on sale: `units` more of one quota, for a price excluding VAT.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackView {
    pub id: i64,
    pub quota: crate::credits::Quota,
    pub units: i64,
    pub price_cents: i64,
}

impl PackView {
    /// "+100 entreprises contactées".
    pub fn label_fr(&self) -> String {
        format!("+{}", self.quota.count_fr(self.units))
    }
}

/// The subscription page's account: the current subscription, if any, and its last charges.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubscriptionView {
    pub id: SubscriptionId,
    pub plan_name: String,
    pub status: SubscriptionStatus,
    pub monthly_price_cents: i64,
    pub quotas: PlanQuotas,
    /// The current period, `dd/mm/yyyy`, when one was paid.
    pub period: Option<(String, String)>,
    /// Cancelled: the last day it is active, `dd/mm/yyyy`.
    pub ends_on: Option<String>,
    /// Late: the failed charge's date and the period it was for, `dd/mm/yyyy`.
    pub failed_charge: Option<(String, String, String)>,
    /// What was delivered in the current period (prospects unlocked, companies contacted,
    /// language-model tokens), against `quotas`.
    pub delivered: Delivered,
}

/// What a period delivered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delivered {
    pub prospects: i64,
    pub contacts: i64,
    pub agent_messages: i64,
    pub llm_tokens: i64,
}

/// One charge, as the payment history lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentRow {
    /// When it was asked, `dd/mm/yyyy`.
    pub date: String,
    pub plan_name: String,
    pub kind: PaymentKind,
    /// What it is for, in words: "premier mois", "renouvellement", "+100 entreprises contactées".
    pub what: String,
    /// VAT included.
    pub amount_cents: i64,
    pub status: PaymentStatus,
    /// Paid back in full.
    pub refunded: bool,
    /// The month it pays for, `dd/mm/yyyy` (none for a pack).
    pub period: Option<(String, String)>,
}

/// What the chooser needs: the offers, the subscription, what was picked before sign-up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillingAccount {
    pub pricing: Pricing,
    /// The organisation's custom plans.
    pub custom_plans: Vec<PlanView>,
    pub subscription: Option<SubscriptionView>,
    pub chosen: Option<PlanChoice>,
    /// The charges made at the provider, newest first.
    pub payments: Vec<PaymentRow>,
    /// The credit packs on sale (for an active subscription).
    pub packs: Vec<PackView>,
    /// The invoices and credit notes issued, newest first.
    pub invoices: Vec<InvoiceRow>,
    /// The period statements, newest first (SUB-2).
    pub statements: Vec<StatementSummary>,
    /// The organisation has a legal name and an address to invoice (needed to subscribe).
    pub buyer_identified: bool,
    /// The payments are simulated (sandbox mode).
    pub simulated: bool,
}

/// What changing to another offer now would do (shown before it is confirmed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeQuote {
    pub plan_name: String,
    /// The new monthly price, excluding VAT, from the next renewal on.
    pub monthly_price_cents: i64,
    /// Charged now (an upgrade) or paid back now (a downgrade), VAT included: the price
    /// difference for the part of the period left.
    pub now_cents: i64,
    pub refund: bool,
    /// Days left in the period (what the difference is prorated on).
    pub days_left: u32,
    /// Prorated change of this period's quotas (negative for a downgrade).
    pub prospects_delta: i64,
    pub contacts_delta: i64,
    pub agent_messages_delta: i64,
    /// The next renewal, `dd/mm/yyyy`.
    pub next_renewal: String,
}

/// A late payment, as the banner across the client area says it (SUB-5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LateNotice {
    /// The grace is over: sending is suspended.
    pub suspended: bool,
    /// When the charge failed, `dd/mm/yyyy`.
    pub failed_on: String,
    /// When sending is (or was) suspended, `dd/mm/yyyy`.
    pub suspends_on: String,
    pub amount_cents: Option<i64>,
}

/// One day of the period's pacing, as the dashboard's chart draws it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PacingDay {
    /// `dd/mm`.
    pub label: String,
    pub business_day: bool,
    /// First contacts the day had to reach (none on weekends and public holidays).
    pub planned: u64,
    pub done: u64,
    /// After today: a projection of what remains.
    pub projected: bool,
    pub today: bool,
}

/// The current period's pacing (SUB-4): the plan's contacts spread over its business days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PacingView {
    pub plan_name: String,
    /// Companies the plan includes per month.
    pub included: i64,
    pub target_today: u64,
    pub done_today: u64,
    pub business_days_left: u32,
    /// Sending is suspended until a late payment is settled.
    pub suspended: bool,
    pub days: Vec<PacingDay>,
}

crate::stored_enum! {
    /// A billing document: an invoice for money received, or a credit note for money paid back.
    #[derive(Serialize, Deserialize)]
    pub enum InvoiceKind {
        Invoice = "invoice",
        CreditNote = "credit_note",
    }
}

impl InvoiceKind {
    /// The document's French title.
    pub fn title_fr(self) -> &'static str {
        match self {
            InvoiceKind::Invoice => "Facture",
            InvoiceKind::CreditNote => "Avoir",
        }
    }

    /// The prefix of its numbers: invoices and credit notes are two gap-free series.
    pub fn series(self) -> &'static str {
        match self {
            InvoiceKind::Invoice => "F",
            InvoiceKind::CreditNote => "AV",
        }
    }
}

/// One issued document as "Factures" lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceRow {
    pub id: crate::ids::InvoiceId,
    pub kind: InvoiceKind,
    /// Its legal number, `F-000042` or `AV-000003`.
    pub reference: String,
    /// Issued on, `dd/mm/yyyy`.
    pub date: String,
    pub description: String,
    pub net_cents: i64,
    pub vat_cents: i64,
    pub gross_cents: i64,
    /// For a credit note: the invoice it cancels.
    pub corrects: Option<String>,
    /// Issued in sandbox mode: no legal value.
    pub sandbox: bool,
}

/// The back office's view of the catalogue: every plan (public tiers and custom plans, with
/// the organisation each custom plan is for) and the slider's bands.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AdminPricing {
    pub plans: Vec<(PlanView, Option<crate::ids::OrgId>)>,
    pub bands: Vec<PriceBand>,
    /// The credit packs on sale.
    pub packs: Vec<PackView>,
}

/// A plan as an agency admin types it: a price in euros, quotas as numbers, and the
/// organisation a custom plan is for (none: a public tier).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PlanInput {
    pub name: String,
    pub pitch: String,
    pub monthly_price: String,
    pub prospects: String,
    pub contacts: String,
    pub agent_messages: String,
    pub llm_tokens: String,
    pub organization_id: Option<crate::ids::OrgId>,
}

/// Euros as a French admin types them ("149", "149,50", "1 490.00") into cents.
pub fn parse_euros(text: &str) -> Option<i64> {
    let cleaned: String =
        text.chars().filter(|c| !c.is_whitespace() && *c != '€' && *c != '\u{a0}' && *c != '\u{202f}').collect();
    decimal_cents(&cleaned.replace(',', "."))
}

/// A plain decimal with at most two decimals ("149", "149.5", "149.50") into hundredths; no
/// sign, no separator, nothing around it.
pub fn decimal_cents(text: &str) -> Option<i64> {
    let (units, decimals) = text.split_once('.').unwrap_or((text, ""));
    if units.is_empty()
        || !units.chars().all(|c| c.is_ascii_digit())
        || decimals.len() > 2
        || !decimals.chars().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let units: i64 = units.parse().ok()?;
    let decimals: i64 = if decimals.is_empty() { 0 } else { format!("{decimals:0<2}").parse().ok()? };
    units.checked_mul(100)?.checked_add(decimals)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bands() -> Vec<PriceBand> {
        [(50, 99), (200, 69), (500, 55), (1000, 45)]
            .into_iter()
            .map(|(from_contacts, cents_per_contact)| PriceBand { from_contacts, cents_per_contact })
            .collect()
    }

    #[test]
    fn the_volume_price_is_progressive_and_its_average_falls() {
        let b = bands();
        assert_eq!(volume_price_cents(&b, 50), 50 * 99);
        assert_eq!(volume_price_cents(&b, 200), 200 * 99);
        assert_eq!(volume_price_cents(&b, 300), 200 * 99 + 100 * 69);
        assert_eq!(volume_price_cents(&b, 2000), 200 * 99 + 300 * 69 + 500 * 55 + 1000 * 45);
        let mut last_total = 0;
        let mut last_average = f64::MAX;
        for n in (SLIDER_MIN..=SLIDER_MAX).step_by(SLIDER_STEP as usize) {
            let total = volume_price_cents(&b, n);
            let average = total as f64 / n as f64;
            assert!(total > last_total, "{n}: the total must rise");
            assert!(average <= last_average, "{n}: the average must not rise");
            (last_total, last_average) = (total, average);
        }
    }

    #[test]
    fn bands_are_checked() {
        assert_eq!(check_bands(&bands()), Ok(()));
        assert_eq!(check_bands(&[]), Err(BandsError::Empty));
        let mut b = bands();
        b[0].from_contacts = 100;
        assert_eq!(check_bands(&b), Err(BandsError::FirstBand));
        let mut b = bands();
        b[2].from_contacts = 150;
        assert_eq!(check_bands(&b), Err(BandsError::NotIncreasing));
        let mut b = bands();
        b[2].cents_per_contact = 70;
        assert_eq!(check_bands(&b), Err(BandsError::NotDegressive));
        let mut b = bands();
        b[3].cents_per_contact = 0;
        assert_eq!(check_bands(&b), Err(BandsError::NonPositivePrice));
    }

    #[test]
    fn a_choice_travels_in_the_address() {
        assert_eq!(PlanChoice::from_query(Some("Croissance"), None), Some(PlanChoice::Plan("croissance".into())));
        assert_eq!(PlanChoice::from_query(None, Some("733")), Some(PlanChoice::Volume(750)));
        assert_eq!(PlanChoice::from_query(None, Some("999999")), Some(PlanChoice::Volume(SLIDER_MAX)));
        assert_eq!(PlanChoice::from_query(None, Some("-4")), Some(PlanChoice::Volume(SLIDER_MIN)));
        assert_eq!(PlanChoice::from_query(Some("<script>"), None), None);
        assert_eq!(PlanChoice::from_query(None, None), None);
        for choice in [PlanChoice::Plan("essentiel".into()), PlanChoice::Volume(1500)] {
            assert_eq!(PlanChoice::from_stored_query(&choice.to_query()), Some(choice));
        }
        assert_eq!(PlanChoice::from_stored_query("plan=essentiel"), None);
    }

    #[test]
    fn euros_as_typed() {
        assert_eq!(parse_euros("149"), Some(14_900));
        assert_eq!(parse_euros("149,5"), Some(14_950));
        assert_eq!(parse_euros(" 1 490,00 € "), Some(149_000));
        assert_eq!(parse_euros("0.99"), Some(99));
        for bad in ["", "abc", "-3", "1,234", "1.2.3", "€"] {
            assert_eq!(parse_euros(bad), None, "{bad}");
        }
    }

    #[test]
    fn vat_and_price_per_contact() {
        assert_eq!(with_vat(14_900), 17_880);
        assert_eq!(with_vat(4_950), 5_940);
        let plan = PlanView {
            id: PlanId(1),
            code: "essentiel".into(),
            name: "Essentiel".into(),
            pitch: String::new(),
            monthly_price_cents: 14_900,
            quotas: PlanQuotas { prospects: 150, contacts: 150, agent_messages: 300, llm_tokens: 1_500_000 },
            highlighted: false,
            custom: false,
        };
        assert_eq!(plan.cents_per_contact(), Some(99));
    }
}

/// The stretch of time a statement covers (SUB-2): a paid month of the subscription (with the
/// time without subscription that follows it, if any), or everything before the first one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum StatementPeriod {
    BeforeSubscription,
    Month(crate::ids::PaymentId),
}

impl StatementPeriod {
    /// Its name in addresses: `essai`, or the id of the payment of the month.
    pub fn key(&self) -> String {
        match self {
            StatementPeriod::BeforeSubscription => "essai".into(),
            StatementPeriod::Month(id) => id.0.to_string(),
        }
    }

    pub fn parse(key: &str) -> Option<StatementPeriod> {
        match key {
            "essai" => Some(StatementPeriod::BeforeSubscription),
            _ => key.parse::<i64>().ok().filter(|n| *n > 0).map(|n| StatementPeriod::Month(crate::ids::PaymentId(n))),
        }
    }
}

/// One unit of a statement: what the plan included, the balance carried in, what was granted
/// or corrected in the period (plan, packs, gifts, prorated changes), what was delivered, and
/// the balance carried out. The model's tokens are metered apart from the ledger: only what
/// was included and what was spent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementRow {
    /// "Entreprises contactées", "Jetons d'IA"…
    pub unit: String,
    pub included: Option<i64>,
    pub opening: Option<i64>,
    pub granted: Option<i64>,
    pub delivered: i64,
    pub closing: Option<i64>,
}

/// A statement's heading and totals, as the list of statements shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementSummary {
    pub period: StatementPeriod,
    /// "Du 01/12/2026 au 31/12/2026", "Avant l'abonnement".
    pub label: String,
    /// The offer of the month.
    pub plan_name: Option<String>,
    /// The period is not over: its figures are as of now.
    pub current: bool,
    pub rows: Vec<StatementRow>,
}

/// One line of a statement: a grant or a correction as the ledger has it, or one day's
/// deliveries of one unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementLine {
    /// `dd/mm/yyyy`
    pub date: String,
    pub label: String,
    /// "Entreprises contactées"…
    pub unit: String,
    pub delta: i64,
}

/// A whole statement: its totals and its lines, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statement {
    pub summary: StatementSummary,
    pub lines: Vec<StatementLine>,
    /// The organisation it is for, as its settings name it.
    pub organization_name: String,
    pub simulated: bool,
}
