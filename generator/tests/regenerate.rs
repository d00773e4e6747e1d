//! `generated/` must be exactly what the generator writes from `metadata/`
//! (the rust-analyzer way: a test regenerates in check mode), and generation
//! must be deterministic.

mod common;

use std::path::PathBuf;

use generator::emit::Options;
use generator::lock::{Lock, LOCK_FILE};
use generator::pipeline::{
    generate, regenerate, Checked, Refused, Regenerate, Regenerated, Timings, Written,
};

/// Regenerate; refusals fail the test.
fn written(r: &Regenerate) -> Box<Written> {
    match regenerate(r) {
        Ok(Regenerated::Written(w)) => w,
        Ok(Regenerated::Checked(c)) => panic!("a check where a write was asked: {c:?}"),
        Err(e) => panic!("regenerate refused: {e:?}"),
    }
}

/// Check; refusals fail the test.
fn checked(r: &Regenerate) -> Checked {
    match regenerate(r) {
        Ok(Regenerated::Checked(c)) => c,
        Ok(Regenerated::Written(_)) => panic!("a write where a check was asked"),
        Err(e) => panic!("regenerate refused: {e:?}"),
    }
}

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
    let (metadata, docs, out) = (
        [root().join("metadata")],
        default_docs(),
        root().join("generated"),
    );
    let options = Options::default();
    let c = checked(&Regenerate::new(&metadata, &docs, &out, true, &options));
    assert!(
        c.up_to_date(),
        "generated/ is stale: run `cargo xtask regenerate` and commit.\n{c:?}"
    );
}

#[test]
fn check_mode_names_stale_files_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("crate");
    let inputs = [root().join("metadata")];
    let options = Options::default();
    written(&Regenerate::new(&inputs, &[], &out, false, &options));
    let lib = out.join("src/lib.rs");
    std::fs::write(&lib, "// edited by hand\n").unwrap();
    // A file of the maintainer's is not the generator's business.
    std::fs::write(out.join("src/extra.rs"), "").unwrap();
    // A file the lock lists but that is no longer generated is stale.
    let lock_path = out.join(LOCK_FILE);
    let mut lock: Lock =
        serde_json::from_str(&std::fs::read_to_string(&lock_path).unwrap()).unwrap();
    lock.files.push("src/gone.rs".into());
    std::fs::write(&lock_path, lock.to_json()).unwrap();
    std::fs::write(out.join("src/gone.rs"), "").unwrap();
    let c = checked(&Regenerate::new(&inputs, &[], &out, true, &options));
    assert!(!c.up_to_date());
    for stale in [
        "src/lib.rs (differs)",
        "src/gone.rs (not generated any more)",
    ] {
        assert!(c.stale.iter().any(|s| s == stale), "{stale}: {c:?}");
    }
    assert!(
        !c.stale.iter().any(|s| s.contains("extra.rs")),
        "the maintainer's src/extra.rs is not stale: {c:?}"
    );
    // Check mode never writes.
    assert_eq!(
        std::fs::read_to_string(&lib).unwrap(),
        "// edited by hand\n"
    );
}

/// What a maintainer keeps beside the generated files survives
/// regeneration; what the generator wrote before and no longer writes goes.
#[test]
fn regeneration_removes_only_its_own_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("crate");
    let inputs = [root().join("metadata")];
    let options = Options::default();
    let regen = |check: bool| Regenerate::new(&inputs, &[], &out, check, &options);
    written(&regen(false));
    let kept = [
        ("LICENSE", "MIT, by the maintainer\n"),
        ("CHANGELOG.md", "# Changes\n"),
        ("examples/list_devices.rs", "fn main() {}\n"),
        ("src/hand_written.rs", "// mine\n"),
    ];
    for (rel, text) in kept {
        let p = out.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, text).unwrap();
    }
    // Pretend an earlier generation wrote a file that is not generated now.
    let lock_path = out.join(LOCK_FILE);
    let mut lock: Lock =
        serde_json::from_str(&std::fs::read_to_string(&lock_path).unwrap()).unwrap();
    lock.files
        .push("src/microsoft_graph/retired_type.rs".into());
    std::fs::write(&lock_path, lock.to_json()).unwrap();
    std::fs::write(out.join("src/microsoft_graph/retired_type.rs"), "// old\n").unwrap();

    assert_eq!(written(&regen(false)).removed, 1);
    assert!(!out.join("src/microsoft_graph/retired_type.rs").exists());
    for (rel, text) in kept {
        assert_eq!(
            std::fs::read_to_string(out.join(rel)).unwrap(),
            text,
            "{rel}"
        );
    }
    // And the result is up to date, the maintainer's files notwithstanding.
    let c = checked(&regen(true));
    assert!(c.up_to_date(), "{c:?}");
}

/// A directory with files but no lock file is not the generator's: refused,
/// untouched, unless adopted.
#[test]
fn a_directory_without_a_lock_file_is_refused_unless_adopted() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("crate");
    std::fs::create_dir_all(out.join("src")).unwrap();
    std::fs::write(out.join("src/lib.rs"), "// someone's crate\n").unwrap();
    std::fs::write(out.join("notes.txt"), "keep me\n").unwrap();
    let inputs = [root().join("metadata")];
    let options = Options::default();
    let text = match regenerate(&Regenerate::new(&inputs, &[], &out, false, &options)) {
        Err(Refused::Write(d)) => d.to_string(),
        Err(e) => panic!("refused otherwise: {e:?}"),
        Ok(_) => panic!("a directory without a lock was written"),
    };
    assert!(text.contains("no msgraph-lock.json"), "{text}");
    assert!(text.contains("--adopt"), "{text}");
    assert_eq!(
        std::fs::read_to_string(out.join("src/lib.rs")).unwrap(),
        "// someone's crate\n"
    );
    assert!(!out.join(LOCK_FILE).exists());

    let adopted = Regenerate {
        adopt: true,
        ..Regenerate::new(&inputs, &[], &out, false, &options)
    };
    written(&adopted);
    assert!(out.join(LOCK_FILE).exists());
    assert_eq!(
        std::fs::read_to_string(out.join("notes.txt")).unwrap(),
        "keep me\n"
    );
    assert_ne!(
        std::fs::read_to_string(out.join("src/lib.rs")).unwrap(),
        "// someone's crate\n"
    );
}

/// `--check` fails when an input changed since the lock, even if the output
/// would not change, and names the input; `--locked` refuses to write.
#[test]
fn check_and_locked_hold_the_inputs_to_the_lock() {
    let dir = tempfile::tempdir().unwrap();
    let input_dir = dir.path().join("in");
    std::fs::create_dir_all(&input_dir).unwrap();
    let csdl = input_dir.join("graph.xml");
    let original = std::fs::read_to_string(root().join("metadata/graph-beta-intune.xml")).unwrap();
    std::fs::write(&csdl, &original).unwrap();
    let out = dir.path().join("crate");
    let inputs = [csdl.clone()];
    let options = Options::default();
    let run = |check: bool, locked: bool| {
        regenerate(&Regenerate {
            locked,
            ..Regenerate::new(&inputs, &[], &out, check, &options)
        })
    };
    assert!(matches!(run(false, false), Ok(Regenerated::Written(_))));
    let lock: Lock =
        serde_json::from_str(&std::fs::read_to_string(out.join(LOCK_FILE)).unwrap()).unwrap();
    assert_eq!(lock.metadata.len(), 1);
    assert_eq!(lock.metadata[0].path, "../in/graph.xml");
    assert_eq!(lock.metadata[0].size, original.len() as u64);

    // A comment changes the bytes but not the crate... except its lock.
    std::fs::write(&csdl, format!("{original}<!-- touched -->\n")).unwrap();
    let Ok(Regenerated::Checked(c)) = run(true, false) else {
        panic!("a check refused")
    };
    assert!(!c.up_to_date());
    assert_eq!(
        c.stale,
        ["msgraph-lock.json (differs)"],
        "only the lock would change"
    );
    assert!(
        c.input_changes
            .iter()
            .any(|l| l.contains("CSDL ../in/graph.xml changed")),
        "{c:?}"
    );
    let before = std::fs::read_to_string(out.join(LOCK_FILE)).unwrap();
    let Err(Refused::InputsChanged(lines)) = run(false, true) else {
        panic!("--locked wrote from changed inputs")
    };
    assert_eq!(lines, c.input_changes);
    assert_eq!(
        std::fs::read_to_string(out.join(LOCK_FILE)).unwrap(),
        before
    );

    // Regenerating updates the lock; then both pass.
    assert!(matches!(run(false, false), Ok(Regenerated::Written(_))));
    assert!(matches!(run(true, false), Ok(Regenerated::Checked(c)) if c.up_to_date()));
    assert!(matches!(run(false, true), Ok(Regenerated::Written(_))));
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

/// Generated crates ask for the runtime's own version.
#[test]
fn runtime_version_matches_the_runtime_crate() {
    let toml = std::fs::read_to_string(root().join("runtime/Cargo.toml")).unwrap();
    let version = toml
        .lines()
        .find_map(|l| l.strip_prefix("version = "))
        .map(|v| v.trim_matches('"'))
        .unwrap();
    assert_eq!(version, generator::emit::RUNTIME_VERSION);
}

/// A national cloud's crate: `Client::new` goes to its base URL; a bad
/// option is an error before anything is written.
#[test]
fn base_url_and_bad_options() {
    let inputs = [root().join("metadata")];
    let options = Options {
        base_url: "https://graph.microsoft.us/beta".into(),
        crate_name: "msgraph-usgov".into(),
        crate_version: "0.3.1".into(),
        repository: Some("https://example.org/msgraph-usgov".into()),
        ..Options::default()
    };
    let g = generate(&inputs, &options, &mut Timings::default()).unwrap();
    let client = &g.output.files["src/client.rs"];
    assert!(
        client.contains(r#"pub const BASE_URL: &'static str = "https://graph.microsoft.us/beta";"#),
        "{client}"
    );
    assert!(client.contains("rt::Client::new_at(Self::BASE_URL, token)"));
    let toml = &g.output.files["Cargo.toml"];
    for line in [
        r#"name = "msgraph-usgov""#,
        r#"version = "0.3.1""#,
        r#"repository = "https://example.org/msgraph-usgov""#,
        r#"documentation = "https://docs.rs/msgraph-usgov""#,
        r#"azure = ["msgraph-runtime/azure"]"#,
    ] {
        assert!(toml.lines().any(|l| l == line), "{line} in\n{toml}");
    }
    assert!(!toml.contains("publish = false"));

    for (bad, what) in [
        (
            Options {
                crate_name: "9lives".into(),
                ..Options::default()
            },
            "crate name",
        ),
        (
            Options {
                crate_version: "1.0".into(),
                ..Options::default()
            },
            "crate version",
        ),
        (
            Options {
                base_url: "http://graph.example.com/beta".into(),
                ..Options::default()
            },
            "base URL",
        ),
        (
            Options {
                base_url: "https://graph.microsoft.us/beta?x".into(),
                ..Options::default()
            },
            "base URL",
        ),
    ] {
        let e = generate(&inputs, &bad, &mut Timings::default())
            .err()
            .unwrap();
        assert!(e[0].to_string().contains(what), "{what}: {}", e[0]);
    }
}

/// Options: the command line's, else the lock's, else the default; a CSDL
/// fetched from a cloud's `$metadata` gives that cloud's base URL.
#[test]
fn options_come_from_flags_then_the_lock_then_the_fetch() {
    use generator::lock::{fetch_record_path, resolve_options, Overrides};
    let dir = tempfile::tempdir().unwrap();
    let csdl = dir.path().join("usnat.xml");
    std::fs::write(&csdl, "<x/>").unwrap();
    std::fs::write(
        fetch_record_path(&csdl),
        r#"{"url":"https://graph.microsoft.us/beta/$metadata","sha256":"0","size":4,"fetched":"2026-12-02T00:00:00Z"}"#,
    )
    .unwrap();
    let rt = || "{ path = \"../runtime\", version = \"0.1.0\" }".to_owned();
    let none = Overrides::default();
    let o = resolve_options(None, &none, std::slice::from_ref(&csdl), rt());
    assert_eq!(o.base_url, "https://graph.microsoft.us/beta");
    assert_eq!(o.crate_name, "msgraph-beta");

    let mut previous = Lock::new(Vec::new(), Vec::new(), &o, &Default::default());
    previous.options.crate_name = "from-the-lock".into();
    previous.options.base_url = "https://dod-graph.microsoft.us/beta".into();
    let o = resolve_options(Some(&previous), &none, std::slice::from_ref(&csdl), rt());
    assert_eq!(o.crate_name, "from-the-lock");
    assert_eq!(o.base_url, "https://dod-graph.microsoft.us/beta");

    let flags = Overrides {
        crate_name: Some("from-the-flag".into()),
        base_url: Some("https://graph.microsoft.com/beta/".into()),
        ..Overrides::default()
    };
    let o = resolve_options(Some(&previous), &flags, std::slice::from_ref(&csdl), rt());
    assert_eq!(o.crate_name, "from-the-flag");
    assert_eq!(o.base_url, "https://graph.microsoft.com/beta");
}

/// `--bump`: the first records the API; a change sets the version by its
/// verdict and prepends the entry to the maintainer's CHANGELOG.md; no
/// change keeps the version; a plain regeneration keeps the recorded API.
#[test]
fn bump_sets_the_version_by_the_verdict() {
    use generator::diff::{next_version, Verdict, API_FILE};
    assert_eq!(
        next_version("0.1.0", Verdict::Major).as_deref(),
        Some("0.2.0")
    );
    assert_eq!(
        next_version("0.1.3", Verdict::Minor).as_deref(),
        Some("0.1.4")
    );
    assert_eq!(
        next_version("1.4.2", Verdict::Major).as_deref(),
        Some("2.0.0")
    );
    assert_eq!(
        next_version("1.4.2", Verdict::Minor).as_deref(),
        Some("1.5.0")
    );
    assert_eq!(
        next_version("1.4.2-beta.1", Verdict::Patch).as_deref(),
        Some("1.4.3")
    );
    assert_eq!(next_version("1.4", Verdict::Patch), None);

    let dir = tempfile::tempdir().unwrap();
    let csdl = dir.path().join("g.xml");
    let original = std::fs::read_to_string(root().join("metadata/graph-beta-intune.xml")).unwrap();
    std::fs::write(&csdl, &original).unwrap();
    let out = dir.path().join("crate");
    let inputs = [csdl.clone()];
    // What --bump decided: (from, to, the verdict and count of changes).
    let run = |bump: bool, options: &Options| {
        let w = written(&Regenerate {
            bump,
            ..Regenerate::new(&inputs, &[], &out, false, options)
        });
        w.bumped.map(|b| {
            let changes = b.report.map(|r| (r.verdict.name(), r.changes.len()));
            (b.from, b.to, changes)
        })
    };
    let version = |out: &std::path::Path| {
        let lock: Lock =
            serde_json::from_str(&std::fs::read_to_string(out.join(LOCK_FILE)).unwrap()).unwrap();
        lock.options.crate_version
    };
    run(false, &Options::default());
    std::fs::write(
        out.join("CHANGELOG.md"),
        "# Changelog\n\nWritten by hand.\n",
    )
    .unwrap();
    let bumped = run(true, &Options::default());
    assert_eq!(
        bumped,
        Some(("0.1.0".into(), "0.1.0".into(), None)),
        "recorded the first API"
    );
    assert!(out.join(API_FILE).exists());

    // Remove a member (major) and add a property (minor).
    let changed = original
        .replacen(r#"<Member Name="pending" Value="1" />"#, "", 1)
        .replacen(
            r#"<Property Name="deviceName" "#,
            r#"<Property Name="brandNewProperty" Type="Edm.String" /><Property Name="deviceName" "#,
            1,
        );
    assert_ne!(changed, original);
    std::fs::write(&csdl, &changed).unwrap();
    // A plain regeneration keeps the recorded API (the last release's).
    let recorded = std::fs::read_to_string(out.join(API_FILE)).unwrap();
    let previous = generator::lock::Lock::read(&out).unwrap().unwrap();
    run(false, &previous.options);
    assert_eq!(
        std::fs::read_to_string(out.join(API_FILE)).unwrap(),
        recorded
    );
    assert_eq!(version(&out), "0.1.0");

    let previous = generator::lock::Lock::read(&out).unwrap().unwrap();
    let bumped = run(true, &previous.options);
    assert!(
        matches!(&bumped, Some((from, to, Some(("major", n)))) if from == "0.1.0" && to == "0.2.0" && *n > 0),
        "{bumped:?}"
    );
    assert_eq!(version(&out), "0.2.0");
    let toml = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(toml.contains("version = \"0.2.0\""), "{toml}");
    let log = std::fs::read_to_string(out.join("CHANGELOG.md")).unwrap();
    assert!(log.starts_with("# Changelog\n\n## 0.2.0 ("), "{log}");
    assert!(
        log.contains("`microsoft.graph.actionState.pending`"),
        "{log}"
    );
    assert!(
        log.contains("`microsoft.graph.managedDevice.brandNewProperty`"),
        "{log}"
    );
    assert!(log.ends_with("Written by hand.\n"), "{log}");

    // Nothing changed since: the version stays, no new entry.
    let previous = generator::lock::Lock::read(&out).unwrap().unwrap();
    let bumped = run(true, &previous.options);
    assert!(
        matches!(&bumped, Some((from, to, Some((_, 0)))) if from == "0.2.0" && to == "0.2.0"),
        "no API change, the version stays: {bumped:?}"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("CHANGELOG.md")).unwrap(),
        log
    );
}

/// The lock's doc hash, taken from the bytes the page readers read, is the
/// same as hashing the directory afresh.
#[test]
fn the_doc_hash_is_the_same_either_way() {
    let docs = root().join("metadata/docs");
    let lock: Lock = serde_json::from_str(
        &std::fs::read_to_string(root().join("generated").join(LOCK_FILE)).unwrap(),
    )
    .unwrap();
    let (_, fresh) = generator::lock::hash_inputs(&[], &[docs], &root().join("generated")).unwrap();
    assert_eq!(lock.docs, fresh);
}

/// `--bump` writes the crate first; a CHANGELOG.md that cannot be written
/// is reported beside the written crate, and the changelog is left alone.
#[test]
fn a_failed_changelog_write_is_reported_after_the_crate() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("crate");
    let inputs = [root().join("metadata")];
    let options = Options::default();
    written(&Regenerate::new(&inputs, &[], &out, false, &options));
    // A directory where the changelog should be: the rename onto it fails.
    std::fs::create_dir_all(out.join("CHANGELOG.md/keep")).unwrap();
    let w = written(&Regenerate {
        bump: true,
        ..Regenerate::new(&inputs, &[], &out, false, &options)
    });
    let failed = w.release_failed.expect("the changelog write failed");
    assert!(failed.to_string().contains("CHANGELOG.md"), "{failed}");
    assert!(w.bumped.is_some());
    assert!(
        out.join(generator::diff::API_FILE).exists(),
        "the crate and its API were written"
    );
    assert!(out.join("CHANGELOG.md/keep").is_dir());
    assert!(
        !out.join(".CHANGELOG.md.new").exists(),
        "no temporary file left"
    );
}
