//! A document as a one-page A4 PDF/A-3b with its Factur-X XML attached (the hybrid invoice
//! French e-invoicing reads). Drawn by krilla with DejaVu Sans embedded: PDF/A embeds every
//! glyph it shows, and krilla refuses to write a file that breaks the standard.

use super::{Document, Party, facturx};
use crate::billing::pdf_kit::{
    BRAND, Fonts, HEIGHT, INK, MARGIN, MUTED, Page, PdfError, RULE, WARNING, WIDTH, pdf_datetime,
};
use krilla::configure::{Archival, ConfigurationBuilder};
use krilla::embed::{AssociationKind, EmbeddedFile, MimeType};
use krilla::metadata::{DateTime, Metadata};
use krilla::page::PageSettings;
use krilla::{Document as Pdf, SerializeSettings};
use prospecta_shared::billing::InvoiceKind;
use prospecta_shared::format::euros;

/// A party's block; returns the y below it.
fn party(p: &mut Page<'_, '_>, x: f32, y: f32, title: &str, party: &Party, max: f32) -> f32 {
    p.text(x, y, 8.0, true, MUTED, title);
    let mut y = y + 16.0;
    for line in Page::wrap(10.5, true, &party.name, max) {
        p.text(x, y, 10.5, true, INK, &line);
        y += 14.0;
    }
    let mut lines: Vec<String> = Vec::new();
    lines.extend(party.legal_form.clone());
    lines.extend(party.street.clone());
    lines.extend(party.town());
    lines.extend(party.siren.as_ref().map(|siren| match &party.registry {
        Some(registry) => format!("SIREN {siren} · {registry}"),
        None => format!("SIREN {siren}"),
    }));
    lines.extend(party.vat_number.as_ref().map(|vat| format!("TVA intracommunautaire {vat}")));
    lines.extend(party.email.clone());
    for line in lines {
        for part in Page::wrap(9.0, false, &line, max) {
            p.text(x, y, 9.0, false, INK, &part);
            y += 13.0;
        }
    }
    y
}

fn pdf_date(doc: &Document) -> DateTime {
    pdf_datetime(doc.issued_at)
}

fn day_fr(day: chrono::NaiveDate) -> String {
    day.format("%d/%m/%Y").to_string()
}

/// The document's PDF/A-3b, its Factur-X XML attached.
pub fn render(doc: &Document) -> Result<Vec<u8>, PdfError> {
    let configuration = ConfigurationBuilder::new()
        .with_archival_validator(Archival::A3_B)
        .finish()
        .map_err(|e| PdfError(format!("{e:?}")))?;
    let mut pdf = Pdf::new_with(SerializeSettings { configuration, ..Default::default() });
    let title = format!("{} {}", doc.kind.title_fr(), doc.reference);
    pdf.set_metadata(
        Metadata::new()
            .title(title.clone())
            .language("fr-FR".into())
            .authors(vec![doc.seller.name.clone()])
            .creator("Prospecta".into())
            .creation_date(pdf_date(doc)),
    );
    let fonts = Fonts::load()?;
    {
        let Some(settings) = PageSettings::from_wh(WIDTH, HEIGHT) else { return Err(PdfError("page size".into())) };
        let mut page = pdf.start_page_with(settings);
        let mut surface = page.surface();
        draw(&mut Page { surface: &mut surface, fonts: &fonts }, doc);
        surface.finish();
        page.finish();
    }
    let xml = facturx::cross_industry_invoice(doc);
    pdf.embed_file(EmbeddedFile {
        path: facturx::FILE_NAME.into(),
        mime_type: MimeType::new("text/xml"),
        description: Some("Factur-X (EN 16931)".into()),
        // Factur-X: the XML is an alternative representation of the invoice.
        association_kind: AssociationKind::Alternative,
        data: xml.into_bytes().into(),
        modification_date: Some(pdf_date(doc)),
        compress: Some(true),
        location: None,
    })
    .ok_or_else(|| PdfError("attachment refused".into()))?;
    pdf.finish().map_err(|e| PdfError(format!("{e:?}")))
}

fn draw(p: &mut Page<'_, '_>, doc: &Document) {
    let right = WIDTH - MARGIN;
    let mut y = MARGIN + 10.0;
    // Header: the seller on the left, the document's title and number on the right.
    p.text(MARGIN, y + 8.0, 18.0, true, BRAND, &doc.seller.name);
    p.text_right(right, y + 8.0, 20.0, true, INK, &doc.kind.title_fr().to_uppercase());
    y += 28.0;
    p.text_right(right, y, 10.0, false, INK, &format!("N° {}", doc.reference));
    // "une facture", "un avoir".
    let issued = match doc.kind {
        InvoiceKind::Invoice => "Émise le",
        InvoiceKind::CreditNote => "Émis le",
    };
    p.text_right(right, y + 14.0, 10.0, false, INK, &format!("{issued} {}", day_fr(doc.issued_on())));
    if let Some(corrected) = &doc.corrects {
        p.text_right(right, y + 28.0, 10.0, false, INK, &format!("Avoir sur la facture {corrected}"));
    }
    y += 48.0;
    if doc.sandbox {
        let warning =
            "Document simulé (mode bac à sable) : aucune somme n'a été prélevée ; sans valeur comptable ni fiscale.";
        let lines = Page::wrap(8.5, true, warning, right - MARGIN - 16.0);
        let height = 10.0 + 12.0 * lines.len() as f32;
        p.rect(MARGIN, y - 12.0, right - MARGIN, height, (254, 243, 199));
        for line in lines {
            p.text(MARGIN + 8.0, y + 2.0, 8.5, true, WARNING, &line);
            y += 12.0;
        }
        y += 14.0;
    }
    // The parties.
    let column = (right - MARGIN - 30.0) / 2.0;
    let below_seller = party(p, MARGIN, y + 6.0, "ÉMETTEUR", &doc.seller, column);
    let below_buyer = party(p, MARGIN + column + 30.0, y + 6.0, "CLIENT", &doc.buyer, column);
    y = below_seller.max(below_buyer) + 18.0;
    // The line billed.
    p.rect(MARGIN, y, right - MARGIN, 22.0, (241, 245, 249));
    let (qty_x, unit_x, vat_x) = (right - 250.0, right - 150.0, right - 85.0);
    p.text(MARGIN + 8.0, y + 15.0, 8.5, true, MUTED, "DÉSIGNATION");
    p.text_right(qty_x, y + 15.0, 8.5, true, MUTED, "QTÉ");
    p.text_right(unit_x, y + 15.0, 8.5, true, MUTED, "PRIX UNIT. HT");
    p.text_right(vat_x, y + 15.0, 8.5, true, MUTED, "TVA");
    p.text_right(right - 8.0, y + 15.0, 8.5, true, MUTED, "TOTAL HT");
    y += 38.0;
    let line_top = y;
    let mut description_y = y;
    for line in Page::wrap(10.0, false, &doc.description, qty_x - MARGIN - 40.0) {
        p.text(MARGIN + 8.0, description_y, 10.0, false, INK, &line);
        description_y += 14.0;
    }
    if let Some((from, to)) = doc.period {
        p.text(
            MARGIN + 8.0,
            description_y,
            8.5,
            false,
            MUTED,
            &format!("Période du {} au {}", day_fr(from), day_fr(to)),
        );
        description_y += 14.0;
    }
    p.text_right(qty_x, line_top, 10.0, false, INK, "1");
    p.text_right(unit_x, line_top, 10.0, false, INK, &euros(doc.net_cents));
    p.text_right(vat_x, line_top, 10.0, false, INK, &format!("{} %", doc.vat_percent));
    p.text_right(right - 8.0, line_top, 10.0, false, INK, &euros(doc.net_cents));
    y = description_y + 6.0;
    p.rect(MARGIN, y, right - MARGIN, 0.8, RULE);
    // Totals.
    y += 22.0;
    let label_x = right - 210.0;
    let settled = match doc.kind {
        InvoiceKind::Invoice => "Payé",
        InvoiceKind::CreditNote => "Remboursé",
    };
    let rows = [
        ("Total HT".to_string(), euros(doc.net_cents), false),
        (format!("TVA {} %", doc.vat_percent), euros(doc.vat_cents), false),
        ("Total TTC".to_string(), euros(doc.gross_cents), true),
        (settled.to_string(), euros(doc.gross_cents), false),
        ("Reste dû".to_string(), euros(0), true),
    ];
    for (label, value, bold) in rows {
        p.text(label_x, y, 10.0, bold, INK, &label);
        p.text_right(right - 8.0, y, 10.0, bold, INK, &value);
        y += 17.0;
    }
    y += 12.0;
    y = p.paragraph(MARGIN, y, 9.5, INK, &facturx::settlement_fr(doc), right - MARGIN);
    // The legal mentions, at the foot of the page.
    let mut foot = HEIGHT - MARGIN - 92.0;
    foot = foot.max(y + 20.0);
    p.rect(MARGIN, foot - 14.0, right - MARGIN, 0.8, RULE);
    for (_, text) in facturx::LEGAL_NOTES {
        foot = p.paragraph(MARGIN, foot, 8.0, MUTED, text, right - MARGIN);
    }
    p.paragraph(
        MARGIN,
        foot,
        8.0,
        MUTED,
        "Factur-X : la version structurée de ce document (profil EN 16931) est jointe au fichier (factur-x.xml).",
        right - MARGIN,
    );
}
