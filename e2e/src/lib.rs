//! End-to-end tests of the generated `msgraph-beta` client live in `tests/`.
//! This library holds the README's code, compiled as doctests, and the
//! corpus lookup the tests share.

#![doc = include_str!("../../README.md")]

use std::path::PathBuf;

/// The corpus directory: `$MSGRAPH_CORPUS`, or `../shared/corpus` beside the
/// checkout. `None` (after printing why) when it is missing outside CI; a
/// panic when it is missing in CI, where it must be present.
pub fn corpus() -> Option<PathBuf> {
    let dir = std::env::var_os("MSGRAPH_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus"));
    if dir.join("docs/seeds").is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "the corpus is missing at {} (set MSGRAPH_CORPUS); CI requires it",
        dir.display()
    );
    eprintln!(
        "skipped: no corpus at {} (set MSGRAPH_CORPUS to run this test)",
        dir.display()
    );
    None
}
