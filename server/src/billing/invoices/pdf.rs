//! A document as a one-page A4 PDF/A-3b with its Factur-X XML attached (the hybrid invoice
//! French e-invoicing reads). Drawn by krilla with DejaVu Sans embedded: PDF/A embeds every
//! glyph it shows, and krilla refuses to write a file that breaks the standard.

use super::{Document, Party, facturx};
use krilla::color::rgb;
use krilla::configure::{Archival, ConfigurationBuilder};
use krilla::embed::{AssociationKind, EmbeddedFile, MimeType};
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::{DateTime, Metadata};
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::Fill;
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use krilla::{Document as Pdf, SerializeSettings};
use prospecta_shared::billing::InvoiceKind;
use prospecta_shared::format::euros;
use skrifa::MetadataProvider;
use skrifa::instance::{LocationRef, Size};

/// A4 in points.
const WIDTH: f32 = 595.28;
const HEIGHT: f32 = 841.89;
const MARGIN: f32 = 50.0;

#[derive(Debug, thiserror::Error)]
#[error("invoice PDF: {0}")]
pub struct PdfError(String);

const INK: (u8, u8, u8) = (17, 24, 39);
const MUTED: (u8, u8, u8) = (100, 116, 139);
const BRAND: (u8, u8, u8) = (79, 70, 229);
const WARNING: (u8, u8, u8) = (180, 83, 9);
const RULE: (u8, u8, u8) = (226, 232, 240);

/// The two weights, with what measures their text.
struct Fonts {
    regular: Font,
    bold: Font,
}

impl Fonts {
    fn load() -> Result<Self, PdfError> {
        let load = |data: &'static [u8]| Font::new(data.into(), 0).ok_or_else(|| PdfError("font unreadable".into()));
        Ok(Fonts { regular: load(dejavu::sans::regular())?, bold: load(dejavu::sans::bold())? })
    }
}

/// The width of `text` at `size` points in one of the two fonts.
fn width(bold: bool, size: f32, text: &str) -> f32 {
    let data = if bold { dejavu::sans::bold() } else { dejavu::sans::regular() };
    let Ok(font) = skrifa::FontRef::new(data) else { return 0.0 };
    let charmap = font.charmap();
    let metrics = font.glyph_metrics(Size::new(size), LocationRef::default());
    text.chars().filter_map(|c| charmap.map(c)).filter_map(|glyph| metrics.advance_width(glyph)).sum()
}

/// Characters DejaVu Sans lacks become their nearest kin (the narrow no-break space that French
/// number formatting uses, typographic quotes), so nothing prints as a missing-glyph box.
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{202f}' => '\u{a0}',
            c => c,
        })
        .collect()
}

struct Page<'a, 'b> {
    surface: &'a mut Surface<'b>,
    fonts: &'a Fonts,
}

impl Page<'_, '_> {
    fn color(&mut self, (r, g, b): (u8, u8, u8)) {
        self.surface.set_fill(Some(Fill {
            paint: rgb::Color::new(r, g, b).into(),
            opacity: NormalizedF32::ONE,
            rule: Default::default(),
        }));
    }

    fn text(&mut self, x: f32, y: f32, size: f32, bold: bool, color: (u8, u8, u8), text: &str) {
        self.color(color);
        let font = if bold { self.fonts.bold.clone() } else { self.fonts.regular.clone() };
        self.surface.draw_text(Point::from_xy(x, y), font, size, &printable(text), false, TextDirection::Auto);
    }

    /// Text whose right edge is at `right`.
    fn text_right(&mut self, right: f32, y: f32, size: f32, bold: bool, color: (u8, u8, u8), text: &str) {
        let x = right - width(bold, size, &printable(text));
        self.text(x, y, size, bold, color, text);
    }

    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, color: (u8, u8, u8)) {
        let Some(rect) = Rect::from_xywh(x, y, w, h) else { return };
        let mut builder = PathBuilder::new();
        builder.push_rect(rect);
        if let Some(path) = builder.finish() {
            self.color(color);
            self.surface.draw_path(&path);
        }
    }

    /// Lines of `text` no wider than `max`, broken at spaces.
    fn wrap(size: f32, bold: bool, text: &str, max: f32) -> Vec<String> {
        let mut lines = Vec::new();
        let mut line = String::new();
        for word in text.split(' ') {
            let candidate = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
            if !line.is_empty() && width(bold, size, &printable(&candidate)) > max {
                lines.push(std::mem::replace(&mut line, word.to_string()));
            } else {
                line = candidate;
            }
        }
        if !line.is_empty() {
            lines.push(line);
        }
        lines
    }

    /// A paragraph from `y`; returns the y below it.
    fn paragraph(&mut self, x: f32, y: f32, size: f32, color: (u8, u8, u8), text: &str, max: f32) -> f32 {
        let mut y = y;
        for line in Self::wrap(size, false, text, max) {
            self.text(x, y, size, false, color, &line);
            y += size * 1.4;
        }
        y
    }

    /// A party's block; returns the y below it.
    fn party(&mut self, x: f32, y: f32, title: &str, party: &Party, max: f32) -> f32 {
        self.text(x, y, 8.0, true, MUTED, title);
        let mut y = y + 16.0;
        for line in Self::wrap(10.5, true, &party.name, max) {
            self.text(x, y, 10.5, true, INK, &line);
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
            for part in Self::wrap(9.0, false, &line, max) {
                self.text(x, y, 9.0, false, INK, &part);
                y += 13.0;
            }
        }
        y
    }
}

fn pdf_date(doc: &Document) -> DateTime {
    use chrono::{Datelike, Timelike};
    let at = doc.issued_at;
    DateTime::new(at.year() as u16)
        .month(at.month() as u8)
        .day(at.day() as u8)
        .hour(at.hour() as u8)
        .minute(at.minute() as u8)
        .second(at.second() as u8)
        .utc_offset_hour(0)
        .utc_offset_minute(0)
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
    let below_seller = p.party(MARGIN, y + 6.0, "ÉMETTEUR", &doc.seller, column);
    let below_buyer = p.party(MARGIN + column + 30.0, y + 6.0, "CLIENT", &doc.buyer, column);
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
