//! The Factur-X XML of a document: a UN/CEFACT Cross Industry Invoice (D16B) at the EN 16931
//! profile, the structured twin of the PDF that French e-invoicing reads. The integration tests
//! validate what the PDFs carry against the official schema kept in
//! `server/schemas/factur-x-en16931/` (`server/tests/it/billing_invoices.rs`).

use super::{Document, Party};
use chrono::NaiveDate;
use prospecta_shared::billing::InvoiceKind;
use prospecta_shared::format::escape_markup as esc;
use std::fmt::Write;

/// The EN 16931 profile's guideline id (BT-24).
const GUIDELINE: &str = "urn:cen.eu:en16931:2017";
/// The attachment's name that Factur-X readers look for.
pub const FILE_NAME: &str = "factur-x.xml";

/// Cents as CII amounts: a point and two decimals.
fn amount(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", cents.abs() / 100, cents.abs() % 100)
}

fn date(day: NaiveDate) -> String {
    format!(r#"<udt:DateTimeString format="102">{}</udt:DateTimeString>"#, day.format("%Y%m%d"))
}

fn party(out: &mut String, tag: &str, p: &Party) {
    let _ = write!(out, "<ram:{tag}><ram:Name>{}</ram:Name>", esc(&p.name));
    if let Some(siren) = &p.siren {
        // 0002: the SIRENE register (ISO 6523).
        let _ = write!(
            out,
            r#"<ram:SpecifiedLegalOrganization><ram:ID schemeID="0002">{}</ram:ID></ram:SpecifiedLegalOrganization>"#,
            esc(siren)
        );
    }
    out.push_str("<ram:PostalTradeAddress>");
    if let Some(postcode) = &p.postcode {
        let _ = write!(out, "<ram:PostcodeCode>{}</ram:PostcodeCode>", esc(postcode));
    }
    if let Some(street) = &p.street {
        let _ = write!(out, "<ram:LineOne>{}</ram:LineOne>", esc(street));
    }
    if let Some(city) = &p.city {
        let _ = write!(out, "<ram:CityName>{}</ram:CityName>", esc(city));
    }
    out.push_str("<ram:CountryID>FR</ram:CountryID></ram:PostalTradeAddress>");
    if let Some(email) = &p.email {
        let _ = write!(
            out,
            r#"<ram:URIUniversalCommunication><ram:URIID schemeID="EM">{}</ram:URIID></ram:URIUniversalCommunication>"#,
            esc(email)
        );
    }
    if let Some(vat) = &p.vat_number {
        let _ = write!(
            out,
            r#"<ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">{}</ram:ID></ram:SpecifiedTaxRegistration>"#,
            esc(vat)
        );
    }
    let _ = write!(out, "</ram:{tag}>");
}

fn period(out: &mut String, doc: &Document) {
    if let Some((from, to)) = doc.period {
        let _ = write!(
            out,
            "<ram:BillingSpecifiedPeriod><ram:StartDateTime>{}</ram:StartDateTime>\
             <ram:EndDateTime>{}</ram:EndDateTime></ram:BillingSpecifiedPeriod>",
            date(from),
            date(to)
        );
    }
}

/// The notes French invoices carry (BR-FR: penalties, fixed indemnity, no discount).
pub const LEGAL_NOTES: [(&str, &str); 3] = [
    (
        "PMD",
        "En cas de retard de paiement, des pénalités sont exigibles au taux de trois fois le taux d'intérêt légal.",
    ),
    (
        "PMT",
        "Indemnité forfaitaire pour frais de recouvrement en cas de retard de paiement : 40 € (art. L441-10 et D441-5 du Code de commerce).",
    ),
    ("AAB", "Pas d'escompte pour paiement anticipé."),
];

/// The document as a Cross Industry Invoice.
pub fn cross_industry_invoice(doc: &Document) -> String {
    let mut out = String::with_capacity(4096);
    out.push_str(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" xmlns:qdt="urn:un:unece:uncefact:data:standard:QualifiedDataType:100" xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100" xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">"#,
    );
    let _ = write!(
        out,
        "<rsm:ExchangedDocumentContext><ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>{GUIDELINE}</ram:ID>\
         </ram:GuidelineSpecifiedDocumentContextParameter></rsm:ExchangedDocumentContext>"
    );
    // 380: commercial invoice; 381: credit note.
    let type_code = match doc.kind {
        InvoiceKind::Invoice => "380",
        InvoiceKind::CreditNote => "381",
    };
    let _ = write!(
        out,
        "<rsm:ExchangedDocument><ram:ID>{}</ram:ID><ram:TypeCode>{type_code}</ram:TypeCode>\
         <ram:IssueDateTime>{}</ram:IssueDateTime>",
        esc(&doc.reference),
        date(doc.issued_on())
    );
    for (code, text) in LEGAL_NOTES {
        let _ = write!(
            out,
            "<ram:IncludedNote><ram:Content>{}</ram:Content><ram:SubjectCode>{code}</ram:SubjectCode></ram:IncludedNote>",
            esc(text)
        );
    }
    out.push_str("</rsm:ExchangedDocument><rsm:SupplyChainTradeTransaction>");
    let rate = format!("{}.00", doc.vat_percent);
    let _ = write!(
        out,
        "<ram:IncludedSupplyChainTradeLineItem>\
         <ram:AssociatedDocumentLineDocument><ram:LineID>1</ram:LineID></ram:AssociatedDocumentLineDocument>\
         <ram:SpecifiedTradeProduct><ram:Name>{}</ram:Name></ram:SpecifiedTradeProduct>\
         <ram:SpecifiedLineTradeAgreement><ram:NetPriceProductTradePrice><ram:ChargeAmount>{net}</ram:ChargeAmount>\
         </ram:NetPriceProductTradePrice></ram:SpecifiedLineTradeAgreement>\
         <ram:SpecifiedLineTradeDelivery><ram:BilledQuantity unitCode=\"C62\">1</ram:BilledQuantity></ram:SpecifiedLineTradeDelivery>\
         <ram:SpecifiedLineTradeSettlement><ram:ApplicableTradeTax><ram:TypeCode>VAT</ram:TypeCode>\
         <ram:CategoryCode>S</ram:CategoryCode><ram:RateApplicablePercent>{rate}</ram:RateApplicablePercent></ram:ApplicableTradeTax>",
        esc(&doc.description),
        net = amount(doc.net_cents),
    );
    period(&mut out, doc);
    let _ = write!(
        out,
        "<ram:SpecifiedTradeSettlementLineMonetarySummation><ram:LineTotalAmount>{}</ram:LineTotalAmount>\
         </ram:SpecifiedTradeSettlementLineMonetarySummation></ram:SpecifiedLineTradeSettlement>\
         </ram:IncludedSupplyChainTradeLineItem>",
        amount(doc.net_cents)
    );
    out.push_str("<ram:ApplicableHeaderTradeAgreement>");
    party(&mut out, "SellerTradeParty", &doc.seller);
    party(&mut out, "BuyerTradeParty", &doc.buyer);
    out.push_str("</ram:ApplicableHeaderTradeAgreement><ram:ApplicableHeaderTradeDelivery/>");
    let _ = write!(
        out,
        "<ram:ApplicableHeaderTradeSettlement><ram:InvoiceCurrencyCode>{currency}</ram:InvoiceCurrencyCode>\
         <ram:ApplicableTradeTax><ram:CalculatedAmount>{vat}</ram:CalculatedAmount><ram:TypeCode>VAT</ram:TypeCode>\
         <ram:BasisAmount>{net}</ram:BasisAmount><ram:CategoryCode>S</ram:CategoryCode>\
         <ram:RateApplicablePercent>{rate}</ram:RateApplicablePercent></ram:ApplicableTradeTax>",
        currency = esc(&doc.currency),
        vat = amount(doc.vat_cents),
        net = amount(doc.net_cents),
    );
    period(&mut out, doc);
    // Paid at the checkout or by the mandate: nothing is due.
    let _ = write!(
        out,
        "<ram:SpecifiedTradePaymentTerms><ram:Description>{}</ram:Description></ram:SpecifiedTradePaymentTerms>\
         <ram:SpecifiedTradeSettlementHeaderMonetarySummation><ram:LineTotalAmount>{net}</ram:LineTotalAmount>\
         <ram:TaxBasisTotalAmount>{net}</ram:TaxBasisTotalAmount>\
         <ram:TaxTotalAmount currencyID=\"{currency}\">{vat}</ram:TaxTotalAmount>\
         <ram:GrandTotalAmount>{gross}</ram:GrandTotalAmount><ram:TotalPrepaidAmount>{gross}</ram:TotalPrepaidAmount>\
         <ram:DuePayableAmount>0.00</ram:DuePayableAmount></ram:SpecifiedTradeSettlementHeaderMonetarySummation>",
        esc(&settlement_fr(doc)),
        net = amount(doc.net_cents),
        vat = amount(doc.vat_cents),
        gross = amount(doc.gross_cents),
        currency = esc(&doc.currency),
    );
    if let Some(corrected) = &doc.corrects {
        let _ = write!(
            out,
            "<ram:InvoiceReferencedDocument><ram:IssuerAssignedID>{}</ram:IssuerAssignedID></ram:InvoiceReferencedDocument>",
            esc(corrected)
        );
    }
    out.push_str(
        "</ram:ApplicableHeaderTradeSettlement></rsm:SupplyChainTradeTransaction></rsm:CrossIndustryInvoice>\n",
    );
    out
}

/// How the document was settled, in words (the PDF says the same).
pub fn settlement_fr(doc: &Document) -> String {
    let day = doc.issued_on().format("%d/%m/%Y");
    match doc.kind {
        InvoiceKind::Invoice => format!("Facture acquittée le {day} : aucun montant ne reste dû."),
        InvoiceKind::CreditNote => format!("Montant remboursé le {day} sur le moyen de paiement d'origine."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::billing::invoices::{Party, split_gross};
    use chrono::TimeZone;

    fn sample(kind: InvoiceKind) -> Document {
        let (net, vat) = split_gross(71_88);
        Document {
            kind,
            reference: crate::billing::invoices::reference(kind, 42),
            corrects: (kind == InvoiceKind::CreditNote).then(|| "F-000041".to_string()),
            issued_at: chrono::Utc.with_ymd_and_hms(2026, 12, 7, 10, 0, 0).unwrap(),
            seller: Party::seller(&crate::config::SellerConfig::sandbox()),
            buyer: Party {
                name: "Plomberie Martin & Fils <SARL>".into(),
                legal_form: None,
                street: Some("12 rue des Lilas".into()),
                postcode: Some("59590".into()),
                city: Some("Raismes".into()),
                siren: Some("552100554".into()),
                vat_number: prospecta_shared::organization::vat_number("552100554"),
                registry: None,
                email: None,
            },
            description: "Abonnement Essentiel du 07/12/2026 au 06/01/2027".into(),
            period: Some((NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(), NaiveDate::from_ymd_opt(2027, 1, 6).unwrap())),
            net_cents: net,
            vat_cents: vat,
            gross_cents: 71_88,
            vat_percent: 20,
            currency: "EUR".into(),
            sandbox: true,
        }
    }

    #[test]
    fn amounts_parties_and_the_corrected_invoice_are_written() {
        let xml = cross_industry_invoice(&sample(InvoiceKind::CreditNote));
        assert!(xml.contains("<ram:TypeCode>381</ram:TypeCode>"));
        assert!(xml.contains("<ram:IssuerAssignedID>F-000041</ram:IssuerAssignedID>"));
        assert!(xml.contains("<ram:TaxBasisTotalAmount>59.90</ram:TaxBasisTotalAmount>"));
        assert!(xml.contains(r#"<ram:TaxTotalAmount currencyID="EUR">11.98</ram:TaxTotalAmount>"#));
        assert!(xml.contains("<ram:GrandTotalAmount>71.88</ram:GrandTotalAmount>"));
        assert!(xml.contains("Plomberie Martin &amp; Fils &lt;SARL&gt;"));
        assert!(xml.contains(r#"<ram:ID schemeID="0002">552100554</ram:ID>"#));
        assert!(xml.contains(r#"<ram:ID schemeID="VA">FR"#));
        assert!(xml.contains("<udt:DateTimeString format=\"102\">20270106</udt:DateTimeString>"));
        for (code, _) in LEGAL_NOTES {
            assert!(xml.contains(&format!("<ram:SubjectCode>{code}</ram:SubjectCode>")));
        }
    }

    #[test]
    fn gross_amounts_split_into_net_and_vat_that_add_up() {
        assert_eq!(split_gross(71_88), (59_90, 11_98));
        assert_eq!(split_gross(119), (99, 20));
        for net in [1, 99, 4_900, 59_900, 123_457] {
            let gross = prospecta_shared::billing::with_vat(net);
            assert_eq!(split_gross(gross).0, net, "net {net}");
        }
    }
}
