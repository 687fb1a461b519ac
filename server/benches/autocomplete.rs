//! Autocomplete latency: every prefix of realistic queries, as a user types them.
//! `cargo bench -p prospecta_server --bench autocomplete` prints p50 / p99 / max per search.

use prospecta_server::prospecting::taxonomy::Taxonomy;
use std::time::{Duration, Instant};

const PLACES: &[&str] = &[
    "Saint-Étienne",
    "st etienne",
    "Lyon",
    "Marseille",
    "Aix-en-Provence",
    "Rhône",
    "69",
    "42100",
    "Île-de-France",
    "Villeurbanne",
    "l'hay les roses",
    "Bourg-en-Bresse",
];
const SECTORS: &[&str] = &[
    "plombier",
    "expert-comptable",
    "salon de coiffure",
    "ebeniste",
    "43.22",
    "restaurant",
    "travaux de menuiserie",
    "agence immobilière",
];

fn prefixes(words: &[&str]) -> Vec<String> {
    words.iter().flat_map(|w| (1..=w.chars().count()).map(move |n| w.chars().take(n).collect::<String>())).collect()
}

fn measure(label: &str, queries: &[String], search: impl Fn(&str) -> usize) {
    let mut samples: Vec<Duration> = Vec::new();
    for _ in 0..20 {
        for q in queries {
            let start = Instant::now();
            std::hint::black_box(search(q));
            samples.push(start.elapsed());
        }
    }
    samples.sort();
    let pct = |p: f64| samples[((samples.len() as f64 * p) as usize).min(samples.len() - 1)];
    println!(
        "{label}: {} searches, p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        samples.len(),
        pct(0.50).as_secs_f64() * 1e3,
        pct(0.99).as_secs_f64() * 1e3,
        samples.last().unwrap().as_secs_f64() * 1e3
    );
}

fn main() {
    let start = Instant::now();
    let taxonomy = Taxonomy::get();
    let (sectors, places) = taxonomy.counts();
    println!("taxonomy loaded in {:.0} ms ({sectors} sectors, {places} places)", start.elapsed().as_secs_f64() * 1e3);
    measure("places", &prefixes(PLACES), |q| taxonomy.search_places(q, 8).len());
    measure("sectors", &prefixes(SECTORS), |q| taxonomy.search_sectors(q, 8).len());
}
