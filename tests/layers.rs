//! The crate's layers depend one way, top to bottom:
//!
//! `main` → `cli` → `http` → `app` → `pages` → `components` → `api` → `server` → `model` →
//! `domain` → `error`
//!
//! A module may name the layers below its own, never one above: this test reads every source
//! file and fails on a `crate::…` path that points upward.

use std::path::{Path, PathBuf};

const LAYERS: &[&str] = &["cli", "http", "app", "pages", "components", "api", "server", "model", "domain", "error"];

fn rank(layer: &str) -> Option<usize> {
    LAYERS.iter().position(|l| *l == layer)
}

/// The layer a source file belongs to: its first path component under `src/`.
fn layer_of(file: &Path, src: &Path) -> Option<&'static str> {
    let relative = file.strip_prefix(src).ok()?;
    let first = relative.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    LAYERS.iter().find(|l| **l == name).copied()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable source directory") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every top-level module a text names through `crate::`, including grouped imports
/// (`crate::{api::x, domain::y}`).
fn named_modules(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    for (at, _) in text.match_indices("crate::") {
        let rest = &text[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0;
            let mut segment_start = true;
            let mut current = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => segment_start = true,
                    c if segment_start && (c.is_alphanumeric() || c == '_') => current.push(c),
                    _ if segment_start && !current.is_empty() => {
                        names.push(std::mem::take(&mut current));
                        segment_start = false;
                    }
                    _ => {}
                }
            }
            if !current.is_empty() {
                names.push(current);
            }
        } else {
            names.push(rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect());
        }
    }
    names
}

#[test]
fn no_module_names_a_layer_above_its_own() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut upward = Vec::new();
    for file in &files {
        let Some(layer) = layer_of(file, &src) else { continue };
        let own = rank(layer).expect("a known layer");
        let text = std::fs::read_to_string(file).expect("readable source file");
        for (n, line) in text.lines().enumerate() {
            for name in named_modules(line) {
                if rank(&name).is_some_and(|named| named < own) {
                    upward.push(format!("{}:{}: {layer} names crate::{name}", file.display(), n + 1));
                }
            }
        }
    }
    assert!(upward.is_empty(), "imports that point up the layers:\n{}", upward.join("\n"));
}

#[test]
fn every_source_file_sits_in_a_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let loose: Vec<_> = files
        .iter()
        .filter(|f| layer_of(f, &src).is_none())
        .filter(|f| !["lib.rs", "main.rs"].contains(&f.file_name().and_then(|n| n.to_str()).unwrap_or_default()))
        .map(|f| f.display().to_string())
        .collect();
    assert!(loose.is_empty(), "source files outside the layers: {loose:?}");
}

#[test]
fn grouped_imports_are_read_per_module() {
    assert_eq!(named_modules("use crate::{api::x, domain::{a, b}, error::AppError};"), ["api", "domain", "error"]);
    assert_eq!(named_modules("let s = crate::server::state()?;"), ["server"]);
    assert_eq!(named_modules("no paths here"), Vec::<String>::new());
}
