//! `cargo xtask bench-compile`: how long the generated crate takes to build,
//! against graph-rs-sdk 3.0.1 (the untyped Graph SDK) built in the same run
//! on the same machine.
//!
//! Every crate is a dependency of a small consumer crate in one scratch
//! workspace, so that each is built as users build it: dependencies already
//! built (a first untimed build), then `cargo clean -p <crate>` and a timed
//! `cargo build -p <consumer>`, debug profile, `CARGO_INCREMENTAL=0` for all
//! (registry crates are never built incrementally; the generated crate is a
//! path dependency here and would be). Peak memory is the largest resident
//! set of any process of the build (rustc's, in practice). Rounds alternate
//! between the crates so that the machine's noise hits all of them; ratios
//! are taken within a round.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// The seven collections of `deviceManagement` that the five seed operations use.
pub const SEED_FEATURES: &[&str] = &[
    "device-management-managed-devices",
    "device-management-comanaged-devices",
    "device-management-remote-action-audits",
    "device-management-windows-driver-update-profiles",
    "device-management-device-management-scripts",
    "device-management-device-health-scripts",
    "device-management-device-compliance-scripts",
];

/// What one configuration builds.
struct Config {
    /// Shown in the table.
    label: String,
    /// The consumer package to build.
    consumer: String,
    /// The package `cargo clean -p` removes before each timed build.
    cleaned: String,
    /// `cargo check` instead of `cargo build`.
    check: bool,
}

/// Options of the bench.
pub struct Options {
    /// CSDL files, one generated crate each.
    pub metadata: Vec<PathBuf>,
    /// Crates generated beforehand (for example by an older generator) to build too, with their default features.
    pub crates: Vec<PathBuf>,
    /// Rounds.
    pub rounds: u32,
    /// The scratch workspace.
    pub scratch: PathBuf,
    /// Also build graph-rs-sdk 3.0.1.
    pub graph_rs: bool,
    /// Print rustc's passes for the full build of each generated crate.
    pub passes: bool,
    /// The release profile, and only `full` of each generated crate.
    pub release: bool,
    /// The project root (for the runtime's path).
    pub root: PathBuf,
}

/// One measurement: wall seconds and peak resident set in KiB.
#[derive(Clone, Copy)]
pub struct Sample {
    pub secs: f64,
    pub kib: u64,
}

/// Runs the bench, printing as it goes. Returns the exit code.
pub fn run(o: &Options) -> u8 {
    match bench(o) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("bench-compile: error: {e}");
            1
        }
    }
}

fn bench(o: &Options) -> Result<(), String> {
    std::fs::create_dir_all(&o.scratch).map_err(|e| format!("{}: {e}", o.scratch.display()))?;
    let scratch = o
        .scratch
        .canonicalize()
        .map_err(|e| format!("{}: {e}", o.scratch.display()))?;
    let runtime = o.root.join("runtime");
    let mut members = Vec::new();
    let mut configs = Vec::new();
    if o.graph_rs {
        let dep = r#"graph-rs-sdk = { version = "=3.0.1", default-features = false, features = ["rustls-tls"] }"#;
        consumer(&scratch, "use-graph-rs", dep)?;
        members.push("use-graph-rs".to_owned());
        configs.push(Config {
            label: "graph-rs-sdk 3.0.1 (rustls-tls)".into(),
            consumer: "use-graph-rs".into(),
            cleaned: "graph-rs-sdk".into(),
            check: false,
        });
    }
    let mut generated: Vec<(String, PathBuf)> = Vec::new();
    for csdl in &o.metadata {
        let stem = csdl
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "crate".into());
        let name = format!(
            "gen-{}",
            stem.to_ascii_lowercase()
                .replace(|c: char| !c.is_ascii_alphanumeric(), "-")
        );
        let dir = scratch.join(&name);
        let options = generator::emit::Options {
            crate_name: name.clone(),
            runtime_dependency: format!("{{ path = {:?} }}", runtime.display().to_string()),
            ..Default::default()
        };
        let start = Instant::now();
        let g = generator::pipeline::generate(
            std::slice::from_ref(csdl),
            &options,
            &mut Default::default(),
        )
        .map_err(|d| format!("{}: generation failed: {d:?}", csdl.display()))?;
        generator::pipeline::write_output(&g.output.files, &dir, true)
            .map_err(|d| d.to_string())?;
        println!(
            "generated {name} from {} in {:.1} s",
            csdl.display(),
            start.elapsed().as_secs_f64()
        );
        let features = crate_features(&g.output.files);
        generated.push((name.clone(), dir));
        let mut add =
            |label: &str, suffix: &str, features: &[&str], check: bool| -> Result<(), String> {
                let consumer_name = format!("use-{name}-{suffix}");
                let list: Vec<String> = features.iter().map(|f| format!("{f:?}")).collect();
                let dep = format!(
                "{name} = {{ path = \"../../{name}\", default-features = false, features = [{}] }}",
                list.join(", ")
            );
                if !members.contains(&consumer_name) {
                    consumer(&scratch, &consumer_name, &dep)?;
                    members.push(consumer_name.clone());
                }
                configs.push(Config {
                    label: format!("{name}: {label}"),
                    consumer: consumer_name,
                    cleaned: name.clone(),
                    check,
                });
                Ok(())
            };
        if o.release {
            add("full, release", "full", &["full", "reqwest"], false)?;
            continue;
        }
        if SEED_FEATURES
            .iter()
            .all(|f| features.iter().any(|x| x == f))
        {
            let mut f = SEED_FEATURES.to_vec();
            f.push("reqwest");
            add("the seeds' areas", "seeds", &f, false)?;
        }
        if ["users", "groups"]
            .iter()
            .all(|f| features.iter().any(|x| x == f))
        {
            add(
                "users + groups",
                "users-groups",
                &["users", "groups", "reqwest"],
                false,
            )?;
        }
        add("full", "full", &["full", "reqwest"], false)?;
        add("full, cargo check", "full", &["full", "reqwest"], true)?;
    }
    for dir in &o.crates {
        let name = package_name(dir)?;
        let consumer_name = format!("use-{name}-extra");
        let path = dir
            .canonicalize()
            .map_err(|e| format!("{}: {e}", dir.display()))?;
        consumer(
            &scratch,
            &consumer_name,
            &format!("{name} = {{ path = {:?} }}", path.display().to_string()),
        )?;
        members.push(consumer_name.clone());
        configs.push(Config {
            label: format!("{name} ({}), default features", dir.display()),
            consumer: consumer_name,
            cleaned: name,
            check: false,
        });
    }
    let mut list: Vec<String> = members
        .iter()
        .map(|m| format!("\"consumers/{m}\""))
        .collect();
    list.extend(generated.iter().map(|(name, _)| format!("{name:?}")));
    std::fs::write(
        scratch.join("Cargo.toml"),
        format!(
            "# Written by `cargo xtask bench-compile`.\n[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            list.join(", ")
        ),
    )
    .map_err(|e| e.to_string())?;
    // Each consumer alone, as it is timed: cargo unifies the features of
    // shared dependencies (tokio, reqwest, ...) over what one build selects.
    println!("building the dependencies (untimed) ...");
    let profile: &[&str] = if o.release { &["--release"] } else { &[] };
    for c in &configs {
        let verb = if c.check { "check" } else { "build" };
        cargo(
            &scratch,
            &[&[verb, "--quiet", "-p", &c.consumer], profile].concat(),
        )?;
    }
    let mut samples: Vec<Vec<Sample>> = vec![Vec::new(); configs.len()];
    for round in 1..=o.rounds {
        for (i, c) in configs.iter().enumerate() {
            cargo(
                &scratch,
                &[&["clean", "--quiet", "-p", &c.cleaned], profile].concat(),
            )?;
            let verb = if c.check { "check" } else { "build" };
            let s = measure(
                &scratch,
                &[&[verb, "--quiet", "-p", &c.consumer], profile].concat(),
            )?;
            println!(
                "round {round}: {:<60} {:>7.1} s {:>6} MiB",
                c.label,
                s.secs,
                s.kib / 1024
            );
            samples[i].push(s);
        }
    }
    println!();
    println!(
        "| crate and features | build (s), best of {} | peak RSS (MiB) | ratio to graph-rs-sdk (median of rounds) |",
        o.rounds
    );
    println!("|---|---|---|---|");
    let anchor = o.graph_rs.then(|| samples[0].clone());
    for (c, s) in configs.iter().zip(&samples) {
        let best = s.iter().map(|x| x.secs).fold(f64::INFINITY, f64::min);
        let peak = s.iter().map(|x| x.kib).max().unwrap_or(0) / 1024;
        let ratio = match &anchor {
            Some(a) => {
                let r = median(s.iter().zip(a).map(|(x, a)| x.secs / a.secs));
                format!("{r:.2}×")
            }
            None => "—".into(),
        };
        println!("| {} | {best:.1} | {peak} | {ratio} |", c.label);
    }
    if o.passes {
        for (name, _) in &generated {
            passes(&scratch, name)?;
        }
    }
    Ok(())
}

/// The feature names in a generated `Cargo.toml`.
fn crate_features(files: &std::collections::BTreeMap<String, String>) -> Vec<String> {
    let Some(toml) = files.get("Cargo.toml") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut inside = false;
    for line in toml.lines() {
        if line.starts_with('[') {
            inside = line.trim() == "[features]";
            continue;
        }
        if inside {
            if let Some((name, _)) = line.split_once(" = ") {
                if !name.starts_with('#') {
                    out.push(name.trim().to_owned());
                }
            }
        }
    }
    out
}

/// The package name in `dir/Cargo.toml`.
fn package_name(dir: &Path) -> Result<String, String> {
    let text = std::fs::read_to_string(dir.join("Cargo.toml"))
        .map_err(|e| format!("{}: {e}", dir.display()))?;
    text.lines()
        .find_map(|l| l.strip_prefix("name = "))
        .map(|n| n.trim().trim_matches('"').to_owned())
        .ok_or_else(|| format!("{}: no package name", dir.display()))
}

/// A consumer crate depending on `dependency` (one TOML line).
fn consumer(scratch: &Path, name: &str, dependency: &str) -> Result<(), String> {
    let dir = scratch.join("consumers").join(name);
    std::fs::create_dir_all(dir.join("src")).map_err(|e| e.to_string())?;
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\n{dependency}\n"
        ),
    )
    .map_err(|e| e.to_string())?;
    std::fs::write(dir.join("src/lib.rs"), "").map_err(|e| e.to_string())?;
    Ok(())
}

fn cargo_command(scratch: &Path, args: &[&str]) -> Command {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut c = Command::new(cargo);
    c.args(args)
        .current_dir(scratch)
        .env("CARGO_TARGET_DIR", scratch.join("target"))
        .env("CARGO_INCREMENTAL", "0")
        .env_remove("RUSTFLAGS");
    c
}

fn cargo(scratch: &Path, args: &[&str]) -> Result<(), String> {
    let status = cargo_command(scratch, args)
        .status()
        .map_err(|e| e.to_string())?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("cargo {} failed", args.join(" ")))
    }
}

/// Runs cargo in a child of a fresh copy of this program (`xtask
/// measure-child`), which reports the wall time and the peak resident set
/// of the largest process below it.
fn measure(scratch: &Path, args: &[&str]) -> Result<Sample, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut child = measured(&cargo)?;
    child
        .args(args)
        .current_dir(scratch)
        .env("CARGO_TARGET_DIR", scratch.join("target"))
        .env("CARGO_INCREMENTAL", "0")
        .env_remove("RUSTFLAGS");
    sample(&mut child).map_err(|e| format!("cargo {} failed:\n{e}", args.join(" ")))
}

/// A command that runs `program` under `xtask measure-child`; add its
/// arguments, then call [`sample`].
pub fn measured(program: &str) -> Result<Command, String> {
    let me = std::env::current_exe().map_err(|e| e.to_string())?;
    let mut c = Command::new(me);
    c.arg("measure-child").arg("--").arg(program);
    Ok(c)
}

/// Runs a command made by [`measured`]: its wall time and peak memory, or
/// its standard error.
pub fn sample(child: &mut Command) -> Result<Sample, String> {
    let out = child.output().map_err(|e| e.to_string())?;
    let text = String::from_utf8_lossy(&out.stdout);
    let mut words = text.split_whitespace();
    match (words.next(), words.next(), words.next()) {
        (Some("ok"), Some(secs), Some(kib)) => Ok(Sample {
            secs: secs.parse().map_err(|_| "bad time".to_owned())?,
            kib: kib.parse().map_err(|_| "bad rss".to_owned())?,
        }),
        _ => Err(String::from_utf8_lossy(&out.stderr).into_owned()),
    }
}

/// The hidden `measure-child` command: run `command`, then print `ok SECS KIB`
/// (or `failed ...`), KIB being the peak resident set of its largest process.
pub fn measure_child(command: &[String]) -> u8 {
    let Some((program, args)) = command.split_first() else {
        println!("failed no command");
        return 1;
    };
    let start = Instant::now();
    let status = Command::new(program).args(args).status();
    let secs = start.elapsed().as_secs_f64();
    let kib = children_peak_kib();
    match status {
        Ok(s) if s.success() => {
            println!("ok {secs:.3} {kib}");
            0
        }
        Ok(s) => {
            println!("failed {s}");
            1
        }
        Err(e) => {
            println!("failed {e}");
            1
        }
    }
}

/// The largest peak resident set of any waited-for descendant, in KiB.
fn children_peak_kib() -> u64 {
    // SAFETY: `getrusage` writes into the zeroed struct we pass and nothing else.
    let usage = unsafe {
        let mut u: libc::rusage = std::mem::zeroed();
        if libc::getrusage(libc::RUSAGE_CHILDREN, &mut u) != 0 {
            return 0;
        }
        u
    };
    u64::try_from(usage.ru_maxrss).unwrap_or(0)
}

/// rustc's passes for the full build of generated crate `name`, the largest first.
fn passes(scratch: &Path, name: &str) -> Result<(), String> {
    cargo(scratch, &["clean", "--quiet", "-p", name])?;
    let out = cargo_command(
        scratch,
        &[
            "rustc",
            "--quiet",
            "-p",
            name,
            "--lib",
            "--features",
            "full",
            "--",
            "-Z",
            "time-passes",
        ],
    )
    .env("RUSTC_BOOTSTRAP", "1")
    .output()
    .map_err(|e| e.to_string())?;
    let text = String::from_utf8_lossy(&out.stderr);
    let mut rows: Vec<(f64, String)> = text
        .lines()
        .filter_map(|l| {
            let rest = l.strip_prefix("time:")?;
            let (secs, tail) = rest.split_once(';')?;
            let secs: f64 = secs.trim().parse().ok()?;
            let name = tail.rsplit('\t').next()?.trim().to_owned();
            Some((secs, format!("{name} ({})", tail.trim())))
        })
        .collect();
    rows.sort_by(|a, b| b.0.total_cmp(&a.0));
    println!("\nrustc -Z time-passes, {name} with every area (the largest 14):");
    for (secs, what) in rows.iter().take(14) {
        println!("{secs:8.2} s  {what}");
    }
    Ok(())
}

/// The median of `v` (the mean of the middle two for an even count; 0 for none).
pub fn median(v: impl Iterator<Item = f64>) -> f64 {
    let mut v: Vec<f64> = v.collect();
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => 0.0,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}
