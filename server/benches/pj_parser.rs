//! PagesJaunes parser throughput on the real-structure fixtures.
//! `cargo bench -p prospecta_server --bench pj_parser` prints pages/s and MB/s.

use prospecta_server::prospecting::pagesjaunes::{PAGESJAUNES_BASE_URL, parse_page};
use std::path::Path;
use std::time::Instant;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/fixtures/pagesjaunes");
    let mut pages: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("fixtures missing at {}: {e}", dir.display()))
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| (e.file_name().to_string_lossy().into_owned(), std::fs::read_to_string(e.path()).unwrap()))
        .collect();
    pages.sort();
    let bytes: usize = pages.iter().map(|(_, html)| html.len()).sum();
    // Warm up, then measure whole passes over every fixture.
    for (_, html) in &pages {
        std::hint::black_box(parse_page(html, PAGESJAUNES_BASE_URL));
    }
    let passes = 40;
    let start = Instant::now();
    let mut listings = 0;
    for _ in 0..passes {
        for (_, html) in &pages {
            listings += std::hint::black_box(parse_page(html, PAGESJAUNES_BASE_URL)).listings.len();
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let parsed = (passes * pages.len()) as f64;
    println!(
        "pj parser: {} fixtures × {passes} passes: {:.0} pages/s, {:.1} MB/s, {:.0} listings/s",
        pages.len(),
        parsed / secs,
        (bytes * passes) as f64 / secs / 1e6,
        listings as f64 / secs
    );
    for (name, html) in &pages {
        let start = Instant::now();
        for _ in 0..20 {
            std::hint::black_box(parse_page(html, PAGESJAUNES_BASE_URL));
        }
        println!("  {name}: {:.2} ms/page ({} kB)", start.elapsed().as_secs_f64() * 1e3 / 20.0, html.len() / 1024);
    }
}
