//! The real `xtask` binary on small CSDL fixtures.

use std::path::Path;
use std::process::{Command, Output};

const DANGLING: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../generator/tests/fixtures/bad/dangling_type.xml"
);
const VALID: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../generator/tests/fixtures/bad/valid.xml"
);

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .expect("run the xtask binary")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("UTF-8 temp path")
}

#[test]
fn dangling_type_fails_with_a_positioned_error() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = xtask(&[
        "regenerate",
        "--metadata",
        DANGLING,
        "--out",
        path_str(&out),
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "stderr:\n{err}");
    assert!(
        err.contains("dangling_type.xml:7:63: error[dangling-type]"),
        "stderr:\n{err}"
    );
    assert!(!err.contains("panicked"), "stderr:\n{err}");
    assert!(!out.exists(), "the output directory was created");
}

#[test]
fn model_json_to_stdout() {
    let o = xtask(&["model", "--metadata", VALID, "--json", "-"]);
    assert_eq!(o.status.code(), Some(0), "stderr:\n{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).expect("stdout is JSON");
    assert_eq!(json["ir_version"], 1);
    let ops = json["operations"].as_array().expect("operations array");
    let paint = ops
        .iter()
        .find(|op| op["name"] == "paint")
        .unwrap_or_else(|| panic!("no `paint` in {ops:?}"));
    assert_eq!(paint["kind"], "action");
    assert_eq!(
        paint["binding"],
        serde_json::json!({"type": "microsoft.graph.thing", "collection": false})
    );
}

#[test]
fn check_names_stale_files() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let out_s = path_str(&out);
    let o = xtask(&["regenerate", "--metadata", VALID, "--out", out_s]);
    assert_eq!(o.status.code(), Some(0), "stderr:\n{}", stderr(&o));

    // Up to date right after generating.
    let o = xtask(&["regenerate", "--metadata", VALID, "--out", out_s, "--check"]);
    assert_eq!(o.status.code(), Some(0), "stderr:\n{}", stderr(&o));

    let lib = out.join("src/lib.rs");
    let mut text = std::fs::read_to_string(&lib).expect("src/lib.rs was generated");
    text.push_str("// edited by hand\n");
    std::fs::write(&lib, &text).unwrap();

    let o = xtask(&["regenerate", "--metadata", VALID, "--out", out_s, "--check"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "stderr:\n{err}");
    assert!(err.contains("src/lib.rs"), "stderr:\n{err}");
    // The hint is the same command without --check.
    assert!(
        err.contains(&format!(
            "run `cargo xtask regenerate --metadata {VALID} --out {out_s}` and commit"
        )),
        "stderr:\n{err}"
    );
    // --check never writes.
    assert_eq!(std::fs::read_to_string(&lib).unwrap(), text);
}

/// What a new user meets: the result, whether pages were read, the
/// warnings (or "0 warnings"), and how to build what was written.
#[test]
fn regenerate_says_what_happened_and_what_comes_next() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = xtask(&["regenerate", "--metadata", VALID, "--out", path_str(&out)]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "stderr:\n{err}");
    assert!(err.contains("doc pages: none read (no --docs)"), "{err}");
    assert!(err.contains("0 warnings"), "{err}");
    assert!(
        err.contains(&format!(
            "build it: cargo build --manifest-path {}",
            out.join("Cargo.toml").display()
        )),
        "{err}"
    );
}

/// A --docs directory that does not exist is an error, not a crate without
/// permissions; drift with no pages at all fails rather than reporting 0%.
#[test]
fn missing_docs_are_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let nowhere = tmp.path().join("no-such-docs");
    let o = xtask(&[
        "regenerate",
        "--metadata",
        VALID,
        "--docs",
        path_str(&nowhere),
        "--out",
        path_str(&out),
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "stderr:\n{err}");
    assert!(err.contains("error[docs-missing]"), "{err}");
    assert!(!out.exists());

    let o = xtask(&["drift", "--metadata", VALID, "--strict"]);
    let text = String::from_utf8_lossy(&o.stdout).into_owned();
    assert_eq!(o.status.code(), Some(1), "{text}");
    assert!(text.contains("no doc pages were read"), "{text}");
}

#[test]
fn version_and_examples() {
    let o = xtask(&["--version"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("cargo xtask "));
    for cmd in [
        "regenerate",
        "diff",
        "fetch-metadata",
        "drift",
        "model",
        "areas",
    ] {
        let o = xtask(&[cmd, "--help"]);
        let help = String::from_utf8_lossy(&o.stdout).into_owned();
        assert!(help.contains("Usage: cargo xtask"), "{cmd}: {help}");
        assert!(
            help.contains(&format!("\n  cargo xtask {cmd}")),
            "{cmd} has no example:\n{help}"
        );
    }
}
