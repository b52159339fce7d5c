//! Fingerprints the wire schema: the source of the messages and of the model
//! types they carry. Bincode sends no field names, so two builds whose types
//! differ would misread each other's messages; the hello carries this
//! fingerprint and each side refuses a peer built from different types.

use std::path::{Path, PathBuf};
use std::{env, fs};

fn main() {
    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let model = manifest.join("../../core/model/src");
    let mut sources = vec![manifest.join("src/message.rs")];
    let mut model_files: Vec<PathBuf> = fs::read_dir(&model)
        .unwrap_or_else(|err| panic!("reading {}: {err}", model.display()))
        .map(|entry| entry.expect("readable directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
        .collect();
    model_files.sort();
    sources.extend(model_files);

    let mut hash = Fnv1a::default();
    for path in &sources {
        println!("cargo:rerun-if-changed={}", path.display());
        hash.add_source(path);
    }
    println!("cargo:rerun-if-changed={}", model.display());
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("set by cargo")).join("schema.rs");
    fs::write(out, format!("{:#018x}", hash.0)).expect("writing the schema fingerprint");
}

/// 64-bit FNV-1a: small, stable across Rust versions (unlike `DefaultHasher`).
struct Fnv1a(u64);

impl Default for Fnv1a {
    fn default() -> Self {
        Fnv1a(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv1a {
    fn add(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0 ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    /// Adds a source file without its blank lines, comments and tests, so
    /// documentation edits do not split builds that speak the same messages.
    fn add_source(&mut self, path: &Path) {
        let text = fs::read_to_string(path)
            .unwrap_or_else(|err| panic!("reading {}: {err}", path.display()));
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        for line in code.lines().map(str::trim) {
            if !line.is_empty() && !line.starts_with("//") {
                self.add(line.as_bytes());
                self.add(b"\n");
            }
        }
    }
}
