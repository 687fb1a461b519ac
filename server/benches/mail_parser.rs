//! Inbound mail parser throughput (`prospecta mail parse`'s work) on every fixture message, ours
//! and other projects'. `cargo bench -p prospecta_server --bench mail_parser` prints messages/s
//! and MB/s, then the slowest messages.

use prospecta_server::conversations::inbound::parse;
use std::path::Path;
use std::time::Instant;

fn main() {
    let mut messages: Vec<(String, Vec<u8>)> = Vec::new();
    for set in ["mail", "peer-mail"] {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/fixtures").join(set);
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("fixtures missing at {}: {e}", dir.display())) {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|x| x == "eml") {
                let name = format!("{set}/{}", path.file_name().unwrap_or_default().to_string_lossy());
                messages.push((name, std::fs::read(&path).expect("read")));
            }
        }
    }
    messages.sort();
    let bytes: usize = messages.iter().map(|(_, raw)| raw.len()).sum();
    for (_, raw) in &messages {
        let _ = std::hint::black_box(parse(raw));
    }
    let passes = 50;
    let start = Instant::now();
    for _ in 0..passes {
        for (_, raw) in &messages {
            let _ = std::hint::black_box(parse(raw));
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "mail parser: {} messages × {passes} passes: {:.0} messages/s, {:.1} MB/s",
        messages.len(),
        (messages.len() * passes) as f64 / secs,
        (bytes * passes) as f64 / secs / 1e6
    );
    let mut each: Vec<(f64, &str, usize)> = messages
        .iter()
        .map(|(name, raw)| {
            let start = Instant::now();
            for _ in 0..20 {
                let _ = std::hint::black_box(parse(raw));
            }
            (start.elapsed().as_secs_f64() * 1e3 / 20.0, name.as_str(), raw.len())
        })
        .collect();
    each.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (ms, name, size) in each.iter().take(5) {
        println!("  {name}: {ms:.3} ms ({} kB)", size / 1024);
    }
}
