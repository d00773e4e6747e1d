//! `generated/` must be exactly what the generator writes from `metadata/`
//! (the rust-analyzer way: a test regenerates in check mode), and generation
//! must be deterministic.

mod common;

use std::path::PathBuf;

use generator::emit::Options;
use generator::pipeline::{generate, run_regenerate, Timings};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// What `cargo xtask regenerate` reads by default besides `metadata/`.
fn default_docs() -> Vec<PathBuf> {
    let docs = root().join("metadata/docs");
    if docs.is_dir() {
        vec![docs]
    } else {
        Vec::new()
    }
}

#[test]
fn generated_crate_is_up_to_date() {
    let mut out = Vec::new();
    let code = run_regenerate(
        &[root().join("metadata")],
        &default_docs(),
        &root().join("generated"),
        true,
        &Options::default(),
        &mut out,
    );
    let text = String::from_utf8_lossy(&out);
    assert_eq!(
        code, 0,
        "generated/ is stale: run `cargo xtask regenerate` and commit.\n{text}"
    );
}

#[test]
fn check_mode_names_stale_files_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("crate");
    let inputs = [root().join("metadata")];
    assert_eq!(
        run_regenerate(
            &inputs,
            &[],
            &out,
            false,
            &Options::default(),
            &mut Vec::new()
        ),
        0
    );
    let lib = out.join("src/lib.rs");
    std::fs::write(&lib, "// edited by hand\n").unwrap();
    std::fs::write(out.join("src/extra.rs"), "").unwrap();
    let mut err = Vec::new();
    assert_eq!(
        run_regenerate(&inputs, &[], &out, true, &Options::default(), &mut err),
        1
    );
    let text = String::from_utf8_lossy(&err);
    assert!(text.contains("src/lib.rs (differs)"), "{text}");
    assert!(
        text.contains("src/extra.rs (not generated any more)"),
        "{text}"
    );
    assert!(
        text.contains("run `cargo xtask regenerate` and commit"),
        "{text}"
    );
    // Check mode never writes.
    assert_eq!(
        std::fs::read_to_string(&lib).unwrap(),
        "// edited by hand\n"
    );
}

#[test]
fn output_is_deterministic() {
    let inputs = [root().join("metadata")];
    let a = generate(&inputs, &Options::default(), &mut Timings::default()).unwrap();
    let b = generate(&inputs, &Options::default(), &mut Timings::default()).unwrap();
    assert_eq!(a.output.files, b.output.files);
}

#[test]
fn corpus_output_is_deterministic() {
    let Some(dir) = common::corpus() else { return };
    let input = [dir.join("csdl/beta-usnat-2026-08.csdl")];
    let a = generate(&input, &Options::default(), &mut Timings::default()).unwrap();
    let b = generate(&input, &Options::default(), &mut Timings::default()).unwrap();
    assert_eq!(a.output.files.len(), b.output.files.len());
    for (path, text) in &a.output.files {
        assert!(
            b.output.files.get(path) == Some(text),
            "{path} differs between two runs"
        );
    }
}
