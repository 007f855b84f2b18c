//! The counting fingerprint: a hash of the sources that count report figures (this crate and
//! `domain`), so that report parts kept by one build are trusted after a restart of the same
//! build and forgotten by any other (`figure_cache_reset.rs`).

use std::hash::{DefaultHasher, Hasher};
use std::path::{Path, PathBuf};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let here = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?);
    let roots = [here.join("src"), here.join("../domain/src")];
    let mut files = Vec::new();
    for root in &roots {
        println!("cargo:rerun-if-changed={}", root.display());
        collect(root, &mut files);
    }
    files.sort();
    let mut hasher = DefaultHasher::new();
    for file in &files {
        let name = file.strip_prefix(&here).unwrap_or(file);
        hasher.write(name.to_string_lossy().as_bytes());
        hasher.write(&std::fs::read(file)?);
    }
    println!(
        "cargo:rustc-env=ASKEL_COUNTING_FINGERPRINT={:016x}",
        hasher.finish()
    );
    Ok(())
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}
