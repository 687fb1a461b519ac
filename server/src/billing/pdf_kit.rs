//! What the billing's PDFs are drawn with: A4 pages, DejaVu Sans embedded in two weights (PDF/A
//! embeds every glyph it shows), text measured to align right and to wrap, and the colours of
//! the design system.

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::num::NormalizedF32;
use krilla::paint::Fill;
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use skrifa::MetadataProvider;
use skrifa::instance::{LocationRef, Size};

/// A4 in points.
pub const WIDTH: f32 = 595.28;
pub const HEIGHT: f32 = 841.89;
pub const MARGIN: f32 = 50.0;

#[derive(Debug, thiserror::Error)]
#[error("PDF: {0}")]
pub struct PdfError(pub String);

pub const INK: (u8, u8, u8) = (17, 24, 39);
pub const MUTED: (u8, u8, u8) = (100, 116, 139);
pub const BRAND: (u8, u8, u8) = (79, 70, 229);
pub const WARNING: (u8, u8, u8) = (180, 83, 9);
pub const RULE: (u8, u8, u8) = (226, 232, 240);

/// The two weights, with what measures their text.
pub struct Fonts {
    pub regular: Font,
    pub bold: Font,
}

impl Fonts {
    pub fn load() -> Result<Self, PdfError> {
        let load = |data: &'static [u8]| Font::new(data.into(), 0).ok_or_else(|| PdfError("font unreadable".into()));
        Ok(Fonts { regular: load(dejavu::sans::regular())?, bold: load(dejavu::sans::bold())? })
    }
}

/// The width of `text` at `size` points in one of the two fonts.
pub fn width(bold: bool, size: f32, text: &str) -> f32 {
    let data = if bold { dejavu::sans::bold() } else { dejavu::sans::regular() };
    let Ok(font) = skrifa::FontRef::new(data) else { return 0.0 };
    let charmap = font.charmap();
    let metrics = font.glyph_metrics(Size::new(size), LocationRef::default());
    text.chars().filter_map(|c| charmap.map(c)).filter_map(|glyph| metrics.advance_width(glyph)).sum()
}

/// Characters DejaVu Sans lacks become their nearest kin (the narrow no-break space that French
/// number formatting uses, typographic quotes), so nothing prints as a missing-glyph box.
pub fn printable(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{202f}' => '\u{a0}',
            c => c,
        })
        .collect()
}

pub struct Page<'a, 'b> {
    pub surface: &'a mut Surface<'b>,
    pub fonts: &'a Fonts,
}

impl Page<'_, '_> {
    pub fn color(&mut self, (r, g, b): (u8, u8, u8)) {
        self.surface.set_fill(Some(Fill {
            paint: rgb::Color::new(r, g, b).into(),
            opacity: NormalizedF32::ONE,
            rule: Default::default(),
        }));
    }

    pub fn text(&mut self, x: f32, y: f32, size: f32, bold: bool, color: (u8, u8, u8), text: &str) {
        self.color(color);
        let font = if bold { self.fonts.bold.clone() } else { self.fonts.regular.clone() };
        self.surface.draw_text(Point::from_xy(x, y), font, size, &printable(text), false, TextDirection::Auto);
    }

    /// Text whose right edge is at `right`.
    pub fn text_right(&mut self, right: f32, y: f32, size: f32, bold: bool, color: (u8, u8, u8), text: &str) {
        let x = right - width(bold, size, &printable(text));
        self.text(x, y, size, bold, color, text);
    }

    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, color: (u8, u8, u8)) {
        let Some(rect) = Rect::from_xywh(x, y, w, h) else { return };
        let mut builder = PathBuilder::new();
        builder.push_rect(rect);
        if let Some(path) = builder.finish() {
            self.color(color);
            self.surface.draw_path(&path);
        }
    }

    /// Lines of `text` no wider than `max`, broken at spaces.
    pub fn wrap(size: f32, bold: bool, text: &str, max: f32) -> Vec<String> {
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
    pub fn paragraph(&mut self, x: f32, y: f32, size: f32, color: (u8, u8, u8), text: &str, max: f32) -> f32 {
        let mut y = y;
        for line in Self::wrap(size, false, text, max) {
            self.text(x, y, size, false, color, &line);
            y += size * 1.4;
        }
        y
    }
}

/// A PDF's date (its metadata and attachments), in UTC.
pub fn pdf_datetime(at: chrono::DateTime<chrono::Utc>) -> krilla::metadata::DateTime {
    use chrono::{Datelike, Timelike};
    krilla::metadata::DateTime::new(at.year() as u16)
        .month(at.month() as u8)
        .day(at.day() as u8)
        .hour(at.hour() as u8)
        .minute(at.minute() as u8)
        .second(at.second() as u8)
        .utc_offset_hour(0)
        .utc_offset_minute(0)
}

/// Draws a PDF off the async threads and answers it as a private download.
pub async fn download<F>(file_name: String, what: &'static str, draw: F) -> axum::response::Response
where
    F: FnOnce() -> Result<Vec<u8>, PdfError> + Send + 'static,
{
    use axum::http::{StatusCode, header};
    use axum::response::IntoResponse;
    match tokio::task::spawn_blocking(draw).await {
        Ok(Ok(bytes)) => (
            [
                (header::CONTENT_TYPE, "application/pdf".to_string()),
                (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file_name}\"")),
                (header::CACHE_CONTROL, "private, no-store".to_string()),
            ],
            bytes,
        )
            .into_response(),
        Ok(Err(e)) => {
            tracing::error!(error = %e, what, "PDF not drawn");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, what, "PDF task failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
