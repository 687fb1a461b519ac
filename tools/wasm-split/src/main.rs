//! The browser bundle's splitter: cuts the WASM that rustc linked at its lazy routes (Leptos'
//! `#[lazy_route]`, `#[lazy]`) into a main module and chunks fetched on demand, and names the
//! pieces after their content for production.
//!
//! `split` runs on rustc's output, before wasm-bindgen (it needs the relocations that
//! `--emit-relocs` keeps, see `.cargo/config.toml`); `finalize` runs on the bundle once
//! wasm-bindgen and wasm-opt are done. Every build that links the browser bundle splits, the
//! debug one too: once a route is lazy, an unsplit module imports a loader that does not exist
//! and the page never hydrates.

use anyhow::{Context, Result, anyhow, bail};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The loader's name as Leptos expects it without hashed names; 22 underscores, the length of
/// the bundle hash that replaces them, so the name can be rewritten inside the WASM binaries
/// without changing their layout.
const PLACEHOLDER_LOADER: &str = "__wasm_split.______________________.js";
const MANIFEST: &str = "__wasm_split_manifest.json";
const HASH_LEN: usize = 22;

fn main() {
    if let Err(e) = run(std::env::args().skip(1).collect()) {
        eprintln!("prospecta-wasm-split: {e:#}");
        std::process::exit(1);
    }
}

fn run(args: Vec<String>) -> Result<()> {
    match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["split", input, out_dir, main_out, out_name] => split(input, out_dir, main_out, out_name),
        ["finalize", dir, out_name] => {
            println!("{}", finalize(Path::new(dir), out_name)?);
            Ok(())
        }
        _ => bail!(
            "usage: prospecta-wasm-split split <rustc.wasm> <out_dir> <main_out.wasm> <out_name>\n\
             \x20      prospecta-wasm-split finalize <bundle_dir> <out_name>"
        ),
    }
}

/// Cut `input` into `main_out` (for wasm-bindgen) and, in `out_dir`, the chunks, their loader
/// and the manifest the server reads to preload a page's chunks.
fn split(input: &str, out_dir: &str, main_out: &str, out_name: &str) -> Result<()> {
    let bytes = std::fs::read(input).with_context(|| format!("reading {input}"))?;
    let out_dir = Path::new(out_dir);
    // The chunks of an earlier build: their numbering changes from one build to the next.
    for stale in pieces(out_dir)? {
        std::fs::remove_file(&stale).with_context(|| format!("removing {}", stale.display()))?;
    }
    let main_module = format!("./{out_name}.js");
    let link_name = format!("./{PLACEHOLDER_LOADER}");
    let mut options = wasm_split_cli_support::Options::new(&bytes);
    options.output_dir = out_dir;
    options.main_out_path = Path::new(main_out);
    options.main_module = &main_module;
    options.link_name = &link_name;
    options.target.web();
    let split = wasm_split_cli_support::transform(options).map_err(|e| anyhow!("{e:?}"))?;
    // Sorted, so that the same code gives the same bytes (and the same bundle hash).
    let manifest: BTreeMap<String, Vec<String>> = split.prefetch_map.into_iter().collect();
    std::fs::write(out_dir.join(MANIFEST), serde_json::to_string_pretty(&manifest)?)?;
    for module in &split.split_modules {
        eprintln!("  split: {}", module.display());
    }
    Ok(())
}

/// The chunk files (`split_*.wasm`, `chunk_*.wasm`) in `dir`, sorted.
fn pieces(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    if !dir.exists() {
        return Ok(found);
    }
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if (name.starts_with("split_") || name.starts_with("chunk_")) && name.ends_with(".wasm") {
            found.push(path);
        }
    }
    found.sort();
    Ok(found)
}

/// Replace every occurrence of `from` by `to` (same length) in `bytes`; how many there were.
fn patch(bytes: &mut [u8], from: &[u8], to: &[u8]) -> usize {
    assert_eq!(from.len(), to.len(), "a same-length rewrite");
    let mut count = 0;
    let mut at = 0;
    while let Some(offset) = bytes[at..].windows(from.len()).position(|w| w == from) {
        let start = at + offset;
        bytes[start..start + to.len()].copy_from_slice(to);
        count += 1;
        at = start + to.len();
    }
    count
}

/// Name every piece of the bundle in `dir` after one hash of all of them (chunks only work with
/// the main module they were cut from, so they change name together) and rewrite the names
/// they give each other. Prints the hash for `hash.txt`.
fn finalize(dir: &Path, out_name: &str) -> Result<String> {
    let glue = dir.join(format!("{out_name}.js"));
    let main = dir.join(format!("{out_name}_bg.wasm"));
    let loader = dir.join(PLACEHOLDER_LOADER);
    let manifest = dir.join(MANIFEST);
    let chunks = pieces(dir)?;

    let mut hasher = Sha256::new();
    for path in [&glue, &main, &loader, &manifest].into_iter().chain(&chunks) {
        let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
        hasher.update(path.file_name().unwrap_or_default().as_encoded_bytes());
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(&bytes);
    }
    let hash: String = hasher.finalize().iter().map(|b| format!("{b:02x}")).collect::<String>()[..HASH_LEN].to_string();
    let loader_name = format!("__wasm_split.{hash}.js");
    debug_assert_eq!(loader_name.len(), PLACEHOLDER_LOADER.len());

    let text = std::fs::read_to_string(&glue)?;
    if !text.contains(PLACEHOLDER_LOADER) {
        bail!("{} does not import the loader: was the bundle split?", glue.display());
    }
    std::fs::write(dir.join(format!("{out_name}.{hash}.js")), text.replace(PLACEHOLDER_LOADER, &loader_name))?;

    let mut bytes = std::fs::read(&main)?;
    if patch(&mut bytes, PLACEHOLDER_LOADER.as_bytes(), loader_name.as_bytes()) == 0 {
        bail!("{} never names the loader", main.display());
    }
    std::fs::write(dir.join(format!("{out_name}.{hash}.wasm")), bytes)?;

    let mut loader_text = std::fs::read_to_string(&loader)?
        .replace(&format!("\"./{out_name}.js\""), &format!("\"./{out_name}.{hash}.js\""));
    for chunk in &chunks {
        let stem = chunk.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        let mut bytes = std::fs::read(chunk)?;
        patch(&mut bytes, PLACEHOLDER_LOADER.as_bytes(), loader_name.as_bytes());
        std::fs::write(dir.join(format!("{stem}.{hash}.wasm")), bytes)?;
        // Exact, quoted names: `chunk_1` must not rewrite `chunk_12`.
        loader_text = loader_text.replace(&format!("\"./{stem}.wasm\""), &format!("\"./{stem}.{hash}.wasm\""));
    }
    std::fs::write(dir.join(&loader_name), loader_text)?;

    let map: BTreeMap<String, Vec<String>> = serde_json::from_str(&std::fs::read_to_string(&manifest)?)?;
    let map: BTreeMap<String, Vec<String>> = map
        .into_iter()
        .map(|(split, stems)| (split, stems.into_iter().map(|s| format!("{s}.{hash}")).collect()))
        .collect();
    std::fs::write(dir.join(format!("__wasm_split_manifest.{hash}.json")), serde_json::to_string_pretty(&map)?)?;

    for original in [glue, main, loader, manifest].into_iter().chain(chunks) {
        std::fs::remove_file(&original)?;
    }
    Ok(hash)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_patch_keeps_the_length_and_counts() {
        let mut bytes = b"a__b__a__".to_vec();
        assert_eq!(patch(&mut bytes, b"a__", b"xyz"), 2);
        assert_eq!(bytes, b"xyzb__xyz");
        assert_eq!(patch(&mut bytes, b"qqq", b"rrr"), 0);
    }
}
