//! A statement as an A4 PDF/A-2b: its totals, then its lines over as many pages as they need.

use crate::billing::pdf_kit::{
    BRAND, Fonts, HEIGHT, INK, MARGIN, MUTED, Page, PdfError, RULE, WARNING, WIDTH, pdf_datetime, width,
};
use krilla::configure::{Archival, ConfigurationBuilder};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::{Document as Pdf, SerializeSettings};
use prospecta_shared::billing::{Statement, StatementRow};
use prospecta_shared::format::{integer_fr, optional_integer_fr as figure, signed_fr as signed};

const ROW: f32 = 16.0;
/// The lines' columns: the movement (wrapped), then its unit.
const LABEL_WIDTH: f32 = 225.0;
const UNIT_X: f32 = MARGIN + 76.0 + LABEL_WIDTH + 12.0;

pub fn file_name(statement: &Statement) -> String {
    format!("releve-prospecta-{}.pdf", statement.summary.period.key())
}

/// `text` cut with an ellipsis to fit `max` points.
fn fitted(size: f32, text: &str, max: f32) -> String {
    if width(false, size, text) <= max {
        return text.to_string();
    }
    let mut cut: String = text.to_string();
    while !cut.is_empty() && width(false, size, &format!("{cut}…")) > max {
        cut.pop();
    }
    format!("{}…", cut.trim_end())
}

pub fn render(statement: &Statement) -> Result<Vec<u8>, PdfError> {
    let configuration = ConfigurationBuilder::new()
        .with_archival_validator(Archival::A2_B)
        .finish()
        .map_err(|e| PdfError(format!("{e:?}")))?;
    let mut pdf = Pdf::new_with(SerializeSettings { configuration, ..Default::default() });
    pdf.set_metadata(
        Metadata::new()
            .title(format!("Relevé de consommation · {}", statement.summary.label))
            .language("fr-FR".into())
            .authors(vec!["Prospecta".into()])
            .creator("Prospecta".into())
            .creation_date(pdf_datetime(chrono::Utc::now())),
    );
    let fonts = Fonts::load()?;
    let settings = PageSettings::from_wh(WIDTH, HEIGHT).ok_or_else(|| PdfError("page size".into()))?;
    let mut next = 0;
    let mut number = 1;
    loop {
        let mut page = pdf.start_page_with(settings.clone());
        let mut surface = page.surface();
        let mut p = Page { surface: &mut surface, fonts: &fonts };
        let mut y = if number == 1 { heading(&mut p, statement) } else { MARGIN + 10.0 };
        y = lines_head(&mut p, y);
        if statement.lines.is_empty() {
            p.text(MARGIN + 6.0, y, 9.5, false, MUTED, "Aucun mouvement sur cette période.");
        }
        while let Some(line) = statement.lines.get(next) {
            let label = Page::wrap(9.0, false, &line.label, LABEL_WIDTH);
            let height = ROW + 11.0 * (label.len().max(1) - 1) as f32;
            if y + height > HEIGHT - MARGIN - 20.0 {
                break;
            }
            let right = WIDTH - MARGIN;
            p.text(MARGIN + 6.0, y, 9.0, false, INK, &line.date);
            for (i, part) in label.iter().enumerate() {
                p.text(MARGIN + 76.0, y + 11.0 * i as f32, 9.0, false, INK, part);
            }
            p.text(UNIT_X, y, 9.0, false, MUTED, &fitted(9.0, &line.unit, right - 60.0 - UNIT_X));
            p.text_right(right - 6.0, y, 9.0, true, INK, &signed(line.delta));
            y += height;
            next += 1;
        }
        p.text_right(WIDTH - MARGIN, HEIGHT - MARGIN + 14.0, 8.0, false, MUTED, &format!("Page {number}"));
        surface.finish();
        page.finish();
        if next >= statement.lines.len() {
            break;
        }
        number += 1;
    }
    pdf.finish().map_err(|e| PdfError(format!("{e:?}")))
}

/// The title, the parties, the warning of the sandbox and the totals; returns the y below.
fn heading(p: &mut Page<'_, '_>, statement: &Statement) -> f32 {
    let right = WIDTH - MARGIN;
    let mut y = MARGIN + 18.0;
    p.text(MARGIN, y, 18.0, true, BRAND, "Prospecta");
    p.text_right(right, y, 16.0, true, INK, "RELEVÉ DE CONSOMMATION");
    y += 26.0;
    p.text(MARGIN, y, 10.5, true, INK, &statement.organization_name);
    p.text_right(right, y, 10.0, false, INK, &statement.summary.label);
    y += 15.0;
    if let Some(plan) = &statement.summary.plan_name {
        p.text_right(right, y, 10.0, false, INK, &format!("Offre {plan}"));
        y += 15.0;
    }
    if statement.summary.current {
        p.text_right(right, y, 9.0, false, MUTED, "Période en cours : chiffres à la date du relevé");
        y += 15.0;
    }
    y += 10.0;
    if statement.simulated {
        let warning = "Relevé du mode bac à sable : les paiements y sont simulés.";
        p.rect(MARGIN, y - 12.0, right - MARGIN, 20.0, (254, 243, 199));
        p.text(MARGIN + 8.0, y + 2.0, 8.5, true, WARNING, warning);
        y += 24.0;
    }
    // The totals: one unit a row.
    let columns = [right - 270.0, right - 205.0, right - 140.0, right - 70.0, right - 6.0];
    p.rect(MARGIN, y, right - MARGIN, 22.0, (241, 245, 249));
    p.text(MARGIN + 6.0, y + 15.0, 8.0, true, MUTED, "UNITÉ");
    for (x, title) in columns.iter().zip(["INCLUS", "REPORTÉ", "CRÉDITÉ", "CONSOMMÉ", "SOLDE"]) {
        p.text_right(*x, y + 15.0, 8.0, true, MUTED, title);
    }
    y += 38.0;
    for row in &statement.summary.rows {
        total_row(p, y, row, &columns);
        y += ROW + 2.0;
    }
    p.rect(MARGIN, y - 8.0, right - MARGIN, 0.8, RULE);
    y = p.paragraph(
        MARGIN,
        y + 8.0,
        8.0,
        MUTED,
        "Reporté : solde au début de la période. Crédité : attributions et corrections de la période (abonnement, recharges, gestes commerciaux, changements d'offre au prorata). Consommé : unités effectivement délivrées ; une prise de contact qui échoue n'est pas décomptée. Les jetons d'IA sont mesurés à chaque appel au modèle.",
        right - MARGIN,
    );
    y + 18.0
}

fn total_row(p: &mut Page<'_, '_>, y: f32, row: &StatementRow, columns: &[f32; 5]) {
    p.text(MARGIN + 6.0, y, 9.5, true, INK, &row.unit);
    let values = [
        figure(row.included),
        figure(row.opening),
        row.granted.map_or_else(|| "—".into(), signed),
        integer_fr(row.delivered),
        figure(row.closing),
    ];
    for (x, value) in columns.iter().zip(values) {
        p.text_right(*x, y, 9.5, false, INK, &value);
    }
}

/// The lines' header; returns the y of the first line.
fn lines_head(p: &mut Page<'_, '_>, y: f32) -> f32 {
    let right = WIDTH - MARGIN;
    p.rect(MARGIN, y, right - MARGIN, 22.0, (241, 245, 249));
    p.text(MARGIN + 6.0, y + 15.0, 8.0, true, MUTED, "DATE");
    p.text(MARGIN + 76.0, y + 15.0, 8.0, true, MUTED, "MOUVEMENT");
    p.text(UNIT_X, y + 15.0, 8.0, true, MUTED, "UNITÉ");
    p.text_right(right - 6.0, y + 15.0, 8.0, true, MUTED, "QUANTITÉ");
    y + 38.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use prospecta_shared::billing::{StatementLine, StatementPeriod, StatementSummary};

    fn statement(lines: usize) -> Statement {
        Statement {
            summary: StatementSummary {
                period: StatementPeriod::BeforeSubscription,
                label: "Depuis l'ouverture du compte".into(),
                plan_name: None,
                current: true,
                rows: vec![StatementRow {
                    unit: "Réponses de l'agent envoyées".into(),
                    included: None,
                    opening: Some(0),
                    granted: Some(20),
                    delivered: 3,
                    closing: Some(17),
                }],
            },
            lines: (0..lines)
                .map(|i| StatementLine {
                    date: "07/12/2026".into(),
                    // Long enough to wrap: a line may take two rows.
                    label: format!("Abonnement Croissance · du 07/12/2026 au 06/01/2027 · ligne {i}"),
                    unit: "Entreprises contactées".into(),
                    delta: 400,
                })
                .collect(),
            organization_name: "Atelier Martin".into(),
            simulated: false,
        }
    }

    fn pages(pdf: &[u8]) -> usize {
        pdf.windows(b"/Type/Page".len()).filter(|w| *w == b"/Type/Page").count()
            - pdf.windows(b"/Type/Pages".len()).filter(|w| *w == b"/Type/Pages").count()
    }

    #[test]
    fn lines_run_over_as_many_pages_as_they_need() {
        let short = render(&statement(0)).expect("an empty statement is drawn");
        assert!(short.starts_with(b"%PDF-"));
        assert_eq!(pages(&short), 1);
        let long = render(&statement(150)).expect("a long statement is drawn");
        // Each line takes two rows here, about twenty lines a page: five pages or more.
        assert!(pages(&long) >= 5, "{} pages", pages(&long));
    }
}
