//! Snapshots of the emitted code for small fixtures, one per CSDL construct,
//! plus name collisions and Rust keywords, and of the seeds' area model.
//! Review changes to these like code: `cargo insta review`.

use std::path::PathBuf;

use generator::emit::Options;
use generator::pipeline::{generate, Timings};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/constructs")
        .join(name)
}

/// Every emitted Rust file of a fixture, each under a `==== path` line.
fn render(name: &str) -> String {
    let generated = match generate(
        &[fixture(name)],
        &Options::default(),
        &mut Timings::default(),
    ) {
        Ok(g) => g,
        Err(diags) => panic!("{name} failed: {diags:#?}"),
    };
    let mut out = String::new();
    for (path, text) in &generated.output.files {
        if path.ends_with(".rs") {
            // The header names the absolute fixture path; keep snapshots portable.
            let body = text.split_once('\n').map(|(_, rest)| rest).unwrap_or(text);
            out.push_str(&format!("==== {path}\n{body}\n"));
        }
    }
    out
}

/// Every fixture in `tests/fixtures/constructs/`, found there (add a file to
/// add a snapshot): `snapshots__construct@<file stem>.snap`.
#[test]
fn every_construct_fixture() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/constructs");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".xml"))
        .collect();
    names.sort();
    assert!(names.len() >= 12, "{names:?}");
    for name in names {
        let stem = name.trim_end_matches(".xml").to_owned();
        insta::with_settings!({ snapshot_suffix => stem }, {
            insta::assert_snapshot!("construct", render(&name));
        });
    }
}

/// The operations fixture's model, as `cargo xtask model --json` prints it.
#[test]
fn operations_model_json() {
    let model = generator::pipeline::load(&[fixture("operations.xml")], &mut Timings::default())
        .unwrap_or_else(|d| panic!("{d:#?}"));
    let json = generator::model::json::to_json(&model);
    let portable = json.replace(
        &fixture("operations.xml").display().to_string(),
        "operations.xml",
    );
    insta::assert_snapshot!(portable);
}

/// The seeds' area: the model of the embedded default `metadata/`.
#[test]
fn seed_area_model_json() {
    let metadata = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../metadata");
    let model = generator::pipeline::load(std::slice::from_ref(&metadata), &mut Timings::default())
        .unwrap_or_else(|d| panic!("{d:#?}"));
    let json = generator::model::json::to_json(&model);
    let prefix = format!("{}/", metadata.display());
    insta::assert_snapshot!(json.replace(&prefix, "metadata/"));
}
