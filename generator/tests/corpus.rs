//! The real corpus: every CSDL in `../shared/corpus/csdl/` loads, validates and
//! emits one struct per entity/complex type and one enum per enum type; the
//! mooncake CSDL has the seeds' five operations; and (ignored by default, run
//! by `.ci/run`) every emitted crate passes `cargo check`.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use generator::emit::Options;
use generator::model::{Model, OpKind};
use generator::pipeline::{generate, write_output, Timings};

#[test]
fn every_corpus_csdl_emits_every_type_and_enum() {
    let Some(dir) = common::corpus() else { return };
    let files = common::corpus_csdl(&dir);
    assert!(
        files.len() >= 6,
        "expected the six corpus CSDL files, found {files:?}"
    );
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let generated = generate(
            std::slice::from_ref(&file),
            &Options::default(),
            &mut Timings::default(),
        )
        .unwrap_or_else(|d| panic!("{} failed:\n{}", file.display(), render(&d)));
        let stats = &generated.output.stats;
        let structs = common::count_elements(&text, "EntityType")
            + common::count_elements(&text, "ComplexType");
        let enums = common::count_elements(&text, "EnumType");
        assert_eq!(
            stats.structs,
            structs,
            "{}: structs vs EntityType+ComplexType",
            file.display()
        );
        assert_eq!(stats.enums, enums, "{}: enums vs EnumType", file.display());
        let struct_files = generated
            .output
            .files
            .iter()
            .filter(|(path, _)| !path.starts_with("src/operations/") && *path != "src/client.rs")
            .filter(|(_, t)| t.contains("\npub struct "))
            .count();
        assert_eq!(
            struct_files,
            structs,
            "{}: one file per struct",
            file.display()
        );
        assert!(generated.model.diagnostics.iter().all(|d| !d.is_error()));
    }
}

fn render(d: &[generator::diag::Diagnostic]) -> String {
    d.iter().take(20).map(|d| format!("{d}\n")).collect()
}

fn op<'m>(
    m: &'m Model,
    name: &str,
    binding: &str,
    collection: bool,
) -> &'m generator::model::Operation {
    m.operations
        .iter()
        .find(|o| {
            o.name == name
                && o.binding
                    .as_ref()
                    .is_some_and(|b| b.type_name == binding && b.collection == collection)
        })
        .unwrap_or_else(|| panic!("no {name} bound to {binding} (collection: {collection})"))
}

fn params(o: &generator::model::Operation) -> Vec<(String, String, bool, bool)> {
    o.parameters
        .iter()
        .map(|p| {
            (
                p.name.clone(),
                p.ty.name.clone(),
                p.ty.collection,
                p.nullable,
            )
        })
        .collect()
}

#[test]
fn mooncake_has_the_seed_operations() {
    let Some(dir) = common::corpus() else { return };
    let file = dir.join("csdl/beta-mooncake-2022-10-05.csdl");
    let m = generator::pipeline::load(&[file], &mut Timings::default())
        .unwrap_or_else(|d| panic!("{}", render(&d)));
    let s = |x: &str| x.to_owned();

    let bulk = op(&m, "executeAction", "microsoft.graph.managedDevice", true);
    assert_eq!(bulk.kind, OpKind::Action);
    let p = params(bulk);
    assert_eq!(
        p[0],
        (
            s("actionName"),
            s("microsoft.graph.managedDeviceRemoteAction"),
            false,
            false
        )
    );
    assert_eq!(p[4], (s("deviceIds"), s("Edm.String"), true, true));
    assert_eq!(p.len(), 11);
    assert_eq!(
        bulk.returns.as_ref().map(|r| r.name.as_str()),
        Some("microsoft.graph.bulkManagedDeviceActionResult")
    );
    assert_eq!((bulk.http.method, bulk.http.success_status), ("POST", 200));
    assert!(
        bulk.http
            .paths
            .contains(&s("/deviceManagement/managedDevices/executeAction")),
        "{:?}",
        bulk.http.paths
    );
    assert!(bulk
        .http
        .paths
        .contains(&s("/deviceManagement/comanagedDevices/executeAction")));

    let driver = op(
        &m,
        "executeAction",
        "microsoft.graph.windowsDriverUpdateProfile",
        false,
    );
    assert_eq!(
        params(driver),
        [
            (
                s("actionName"),
                s("microsoft.graph.driverApprovalAction"),
                false,
                false
            ),
            (s("driverIds"), s("Edm.String"), true, true),
            (s("deploymentDate"), s("Edm.DateTimeOffset"), false, true),
        ]
    );
    assert_eq!(
        driver.returns.as_ref().map(|r| r.name.as_str()),
        Some("microsoft.graph.bulkDriverActionResult")
    );
    assert!(driver
        .http
        .paths
        .contains(&s("/deviceManagement/windowsDriverUpdateProfiles/{windowsDriverUpdateProfile-id}/executeAction")));

    let deprovision = op(&m, "deprovision", "microsoft.graph.managedDevice", false);
    assert_eq!(
        params(deprovision),
        [(s("deprovisionReason"), s("Edm.String"), false, false)]
    );
    assert!(deprovision.returns.is_none());
    assert_eq!(deprovision.http.success_status, 204);
    assert!(deprovision.http.paths.contains(&s(
        "/deviceManagement/managedDevices/{managedDevice-id}/deprovision"
    )));

    let trigger = op(
        &m,
        "triggerConfigurationManagerAction",
        "microsoft.graph.managedDevice",
        false,
    );
    assert_eq!(
        params(trigger),
        [(
            s("configurationManagerAction"),
            s("microsoft.graph.configurationManagerAction"),
            false,
            false
        )]
    );

    // remoteActionAudits: contained in deviceManagement, created by POST to the collection.
    let dm = m
        .types
        .get("microsoft.graph.deviceManagement")
        .expect("deviceManagement type");
    let audits = dm
        .properties
        .iter()
        .find(|p| p.name == "remoteActionAudits")
        .expect("remoteActionAudits");
    assert!(audits.navigation && audits.contains_target && audits.ty.collection);
    assert_eq!(audits.ty.name, "microsoft.graph.remoteActionAudit");
    for e in [
        "remoteAction",
        "actionState",
        "managedDeviceRemoteAction",
        "driverApprovalAction",
        "configurationManagerActionType",
    ] {
        assert!(
            m.enums.contains_key(&format!("microsoft.graph.{e}")),
            "enum {e}"
        );
    }
    for t in [
        "configurationManagerAction",
        "bulkManagedDeviceActionResult",
        "bulkDriverActionResult",
        "remoteActionAudit",
    ] {
        assert!(
            m.types.contains_key(&format!("microsoft.graph.{t}")),
            "type {t}"
        );
    }
    // The seeds also appear in the JSON dump.
    let json = generator::model::json::to_json(&m);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["ir_version"], 1);
    let names: Vec<&str> = v["operations"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|o| o["name"].as_str())
        .collect();
    for n in [
        "executeAction",
        "deprovision",
        "triggerConfigurationManagerAction",
    ] {
        assert!(names.contains(&n), "{n} missing from model JSON");
    }
}

/// Generate a crate per corpus CSDL (and per construct fixture) into one
/// scratch workspace and `cargo check` each, printing the time each took.
/// Slow (minutes): run with `cargo test -p msgraph-generator --test corpus -- --ignored`.
#[test]
#[ignore = "slow: cargo check of six generated crates; .ci/run runs it"]
fn every_generated_crate_compiles() {
    let Some(dir) = common::corpus() else { return };
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let root = root.canonicalize().unwrap();
    let scratch = root.join("target/corpus-check");
    let mut inputs: Vec<PathBuf> = common::corpus_csdl(&dir);
    let fixtures = root.join("generator/tests/fixtures/constructs");
    let mut fx: Vec<PathBuf> = std::fs::read_dir(&fixtures)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    fx.sort();
    inputs.extend(fx);
    let runtime = format!(
        "{{ path = {:?} }}",
        root.join("runtime").display().to_string()
    );
    let mut members = Vec::new();
    for input in &inputs {
        let stem = input
            .file_name()
            .unwrap()
            .to_string_lossy()
            .replace(['.', '-'], "_")
            .to_lowercase();
        let name = format!("check_{stem}");
        let options = Options {
            crate_name: name.clone(),
            runtime_dependency: runtime.clone(),
            ..Options::default()
        };
        let g = generate(
            std::slice::from_ref(input),
            &options,
            &mut Timings::default(),
        )
        .unwrap_or_else(|d| panic!("{}: {}", input.display(), render(&d)));
        let lines = |f: &dyn Fn(&str) -> bool| -> usize {
            g.output
                .files
                .iter()
                .filter(|(p, _)| f(p))
                .map(|(_, t)| t.lines().count())
                .sum()
        };
        eprintln!(
            "{name}: {} lines of Rust ({} in operations/, {} in client.rs)",
            lines(&|p| p.ends_with(".rs")),
            lines(&|p| p.starts_with("src/operations/")),
            lines(&|p| p == "src/client.rs"),
        );
        write_output(&g.output.files, &scratch.join(&name), true).unwrap();
        members.push(name);
    }
    let manifest = format!(
        "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
        members
            .iter()
            .map(|m| format!("{m:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    std::fs::write(scratch.join("Cargo.toml"), manifest).unwrap();
    let _ = std::fs::copy(root.join("Cargo.lock"), scratch.join("Cargo.lock"));
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let check = |package: &str| {
        let start = Instant::now();
        let status = Command::new(&cargo)
            .args(["check", "--quiet", "--package", package])
            .current_dir(&scratch)
            .env("CARGO_TARGET_DIR", scratch.join("target"))
            // One-shot checks: incremental state would only fill the disk (5 GB for the corpus).
            .env("CARGO_INCREMENTAL", "0")
            .env("RUSTFLAGS", "-D warnings")
            .status()
            .unwrap();
        (status, start.elapsed())
    };
    // Dependencies first, so each crate's time is its own.
    let (status, t) = check("msgraph-runtime");
    assert!(status.success(), "runtime failed to check");
    eprintln!("dependencies: {:.1} s", t.as_secs_f64());
    let mut failed = Vec::new();
    for m in &members {
        let (status, t) = check(m);
        eprintln!(
            "cargo check {m}: {:.1} s ({})",
            t.as_secs_f64(),
            if status.success() { "ok" } else { "FAILED" }
        );
        if !status.success() {
            failed.push(m.clone());
        }
    }
    assert!(
        failed.is_empty(),
        "these generated crates do not compile: {failed:?}"
    );
    let _ = Path::new(&scratch);
}

/// Features are additive: the committed crate and the mooncake crate compile
/// (`cargo check`, `-D warnings`) with no area, with areas alone, with several
/// together, and with every one. Slow: run with `--ignored` (`.ci/run` does).
#[test]
#[ignore = "slow: cargo check of feature combinations; .ci/run runs it"]
fn feature_combinations_compile() {
    let Some(dir) = common::corpus() else { return };
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .unwrap();
    let scratch = root.join("target/features-check");
    let runtime = format!(
        "{{ path = {:?} }}",
        root.join("runtime").display().to_string()
    );
    let g = generate(
        &[dir.join("csdl/beta-mooncake-2022-10-05.csdl")],
        &Options {
            crate_name: "features_mooncake".into(),
            runtime_dependency: runtime,
            ..Options::default()
        },
        &mut Timings::default(),
    )
    .unwrap_or_else(|d| panic!("mooncake: {}", render(&d)));
    write_output(&g.output.files, &scratch.join("features_mooncake"), true).unwrap();
    let seeds = [
        "device-management-managed-devices",
        "device-management-comanaged-devices",
        "device-management-remote-action-audits",
        "device-management-windows-driver-update-profiles",
        "device-management-device-management-scripts",
        "device-management-device-health-scripts",
        "device-management-device-compliance-scripts",
    ]
    .join(",");
    // (consumer, crate path, features)
    let committed = root.join("generated");
    let mooncake = scratch.join("features_mooncake");
    let cases: Vec<(String, &Path, String)> = vec![
        ("ours_none".into(), &committed, String::new()),
        ("ours_users".into(), &committed, "users".into()),
        (
            "ours_managed_devices".into(),
            &committed,
            "device-management-managed-devices".into(),
        ),
        (
            "ours_directory_objects".into(),
            &committed,
            "directory-objects".into(),
        ),
        (
            "ours_two".into(),
            &committed,
            "users,device-management-remote-action-audits".into(),
        ),
        ("ours_full".into(), &committed, "full,reqwest".into()),
        ("moon_none".into(), &mooncake, String::new()),
        ("moon_seeds".into(), &mooncake, seeds),
        ("moon_users_groups".into(), &mooncake, "users,groups".into()),
        (
            "moon_device_configurations".into(),
            &mooncake,
            "device-management-device-configurations".into(),
        ),
        ("moon_drives".into(), &mooncake, "drives".into()),
    ];
    let mut members = Vec::new();
    for (name, path, features) in &cases {
        let pkg = std::fs::read_to_string(path.join("Cargo.toml")).unwrap();
        let pkg = pkg
            .lines()
            .find_map(|l| l.strip_prefix("name = "))
            .unwrap()
            .trim_matches('"')
            .to_owned();
        let list: Vec<String> = features
            .split(',')
            .filter(|f| !f.is_empty())
            .map(|f| format!("{f:?}"))
            .collect();
        let dir = scratch.join("consumers").join(name);
        std::fs::create_dir_all(dir.join("src")).unwrap();
        std::fs::write(
            dir.join("Cargo.toml"),
            format!(
                "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\n{pkg} = {{ path = {:?}, default-features = false, features = [{}] }}\n",
                path.display().to_string(),
                list.join(", ")
            ),
        )
        .unwrap();
        std::fs::write(dir.join("src/lib.rs"), "").unwrap();
        members.push(format!("\"consumers/{name}\""));
    }
    std::fs::write(
        scratch.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    )
    .unwrap();
    let _ = std::fs::copy(root.join("Cargo.lock"), scratch.join("Cargo.lock"));
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut failed = Vec::new();
    for (name, _, features) in &cases {
        let start = Instant::now();
        let status = Command::new(&cargo)
            .args(["check", "--quiet", "--package", name])
            .current_dir(&scratch)
            .env("CARGO_TARGET_DIR", scratch.join("target"))
            // One-shot checks: incremental state would only fill the disk (5 GB for the corpus).
            .env("CARGO_INCREMENTAL", "0")
            .env("RUSTFLAGS", "-D warnings")
            .status()
            .unwrap();
        eprintln!(
            "cargo check {name} [{features}]: {:.1} s ({})",
            start.elapsed().as_secs_f64(),
            if status.success() { "ok" } else { "FAILED" }
        );
        if !status.success() {
            failed.push(name.clone());
        }
    }
    assert!(
        failed.is_empty(),
        "these feature sets do not compile: {failed:?}"
    );
}
