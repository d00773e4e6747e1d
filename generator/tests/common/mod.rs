//! Shared helpers for tests that read the real corpus.
#![allow(dead_code)] // each test file uses a different subset

use std::path::PathBuf;

/// The corpus directory: `$MSGRAPH_CORPUS`, or `../shared/corpus` beside the
/// checkout. `None` (after printing why) when it is missing outside CI; a
/// panic when it is missing in CI, where it must be present.
pub fn corpus() -> Option<PathBuf> {
    let dir = std::env::var_os("MSGRAPH_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus"));
    if dir.join("csdl").is_dir() {
        return Some(dir);
    }
    if std::env::var_os("CI").is_some() {
        panic!(
            "the corpus is missing at {} (set MSGRAPH_CORPUS); CI requires it",
            dir.display()
        );
    }
    eprintln!(
        "skipped: no corpus at {} (set MSGRAPH_CORPUS to run this test)",
        dir.display()
    );
    None
}

/// Every CSDL file of the corpus, in name order.
pub fn corpus_csdl(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir.join("csdl"))
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("xml" | "csdl")));
    files.sort();
    files
}

/// Count start tags `<Name ` or `<Name>` in raw XML text, independently of the reader.
pub fn count_elements(text: &str, name: &str) -> usize {
    let open = format!("<{name}");
    text.match_indices(&open)
        .filter(|(i, _)| {
            matches!(
                text.as_bytes().get(i + open.len()),
                Some(b' ' | b'>' | b'/' | b'\n' | b'\t' | b'\r')
            )
        })
        .count()
}
