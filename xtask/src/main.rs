//! `cargo xtask`: argument parsing only; the work is in the generator library.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod bench_compile;
mod bench_parse;
mod bench_regen;
mod commands;
use generator::pipeline;

// The generator allocates and frees millions of small token and syntax nodes
// on two threads; glibc's allocator spent about a third of the run there.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (its `mimalloc.h`, v3): how long freed
/// memory waits before it is given back to the system; -1 never.
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;

/// Keep freed memory for the life of the process. A regeneration frees and
/// reallocates a hundred MiB of tokens and syntax trees on two threads; given
/// back, each reuse faults in and zeroes fresh pages. (Transparent huge pages
/// are off too, by mimalloc's `no_thp` feature: with them, zeroing 2 MiB pages
/// on first touch took an eighth of a 2021 regeneration's CPU time, and peak
/// memory was 40 MiB higher. BENCHMARKS.md, "Regeneration", has the figures.)
fn keep_freed_memory() {
    // SAFETY: mi_option_set only stores the value in mimalloc's option table;
    // it is valid to call at any time, before or after the first allocation.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) }
}

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    bin_name = "cargo xtask",
    version,
    about = "Generate the Microsoft Graph beta crate from CSDL",
    after_help = "Examples:\n  cargo xtask regenerate\n  cargo xtask regenerate --check\n  cargo xtask fetch-metadata\n  cargo xtask diff old.xml new.xml --fail-on major\n\nEach command's --help has its own examples."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args)]
struct Inputs {
    /// CSDL file or directory of CSDL files (repeatable). Default: metadata/
    #[arg(long = "metadata", value_name = "FILE")]
    metadata: Vec<PathBuf>,
    /// Directory of Graph doc pages (repeatable). Default: metadata/docs/ when
    /// --metadata is not given, none otherwise.
    #[arg(long = "docs", value_name = "DIR")]
    docs: Vec<PathBuf>,
    /// Read no doc pages, not even the default ones.
    #[arg(long = "no-docs", conflicts_with = "docs")]
    no_docs: bool,
}

/// Options of the generated crate. Each one given is recorded in the lock
/// file and kept by later regenerations until given again.
#[derive(clap::Args)]
struct CrateOptions {
    /// The package name. Default: msgraph-beta.
    #[arg(long, value_name = "NAME")]
    crate_name: Option<String>,
    /// The package version. Default: 0.1.0.
    #[arg(long, value_name = "VERSION")]
    crate_version: Option<String>,
    /// The base URL of `Client::new`. Default: https://graph.microsoft.com/beta,
    /// or the directory of the `$metadata` URL the CSDL was fetched from.
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// The package's repository URL.
    #[arg(long, value_name = "URL")]
    repository: Option<String>,
    /// The package's documentation URL. Default: its docs.rs page.
    #[arg(long, value_name = "URL")]
    documentation: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate the Rust crate from the CSDL.
    #[command(
        after_help = "Examples:\n  cargo xtask regenerate\n  cargo xtask regenerate --check\n  cargo xtask regenerate --metadata metadata/fetched/graph-beta.xml --no-docs --out ../msgraph-beta --crate-name msgraph-beta\n  cargo xtask regenerate --out ../msgraph-beta --bump\n  cargo xtask regenerate --out ../msgraph-beta --locked"
    )]
    Regenerate {
        #[command(flatten)]
        inputs: Inputs,
        /// Where the crate is written. Default: generated/
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Do not write; exit 1 and name the stale files if the output differs,
        /// or the inputs differ from the lock file.
        #[arg(long)]
        check: bool,
        /// Regenerate from the inputs and options the output's msgraph-lock.json
        /// records; fail if those inputs changed.
        #[arg(long, conflicts_with_all = ["metadata", "docs", "no_docs", "crate_name", "crate_version", "base_url", "repository", "documentation"])]
        locked: bool,
        /// Compare the new API with the one recorded at the last bump
        /// (msgraph-api.json), set the version by the verdict (0.x: a major
        /// change bumps the minor number), record the new API and prepend the
        /// changes to CHANGELOG.md.
        #[arg(long, conflicts_with_all = ["check", "crate_version"])]
        bump: bool,
        /// Generate into a directory that has files but no msgraph-lock.json:
        /// generated files are written over, no other file is removed.
        #[arg(long)]
        adopt: bool,
        #[command(flatten)]
        crate_options: CrateOptions,
    },
    /// Dump the intermediate model.
    #[command(
        after_help = "Examples:\n  cargo xtask model --json -\n  cargo xtask model --metadata ../shared/corpus/csdl/beta-2021-07-13.xml --no-docs --json model.json"
    )]
    Model {
        #[command(flatten)]
        inputs: Inputs,
        /// Write the model as JSON to FILE, or `-` for standard output.
        #[arg(long, value_name = "FILE")]
        json: PathBuf,
        /// Accepted for symmetry with `regenerate`; unused.
        #[arg(long, value_name = "DIR", hide = true)]
        out: Option<PathBuf>,
    },
    /// Report where the doc pages and the metadata disagree.
    #[command(
        after_help = "Examples:\n  cargo xtask drift --strict\n  cargo xtask drift --metadata ../shared/corpus/csdl/beta-2020-05-19.xml --docs ../shared/corpus/docs/beta-2020-05 --json drift.json"
    )]
    Drift {
        #[command(flatten)]
        inputs: Inputs,
        /// Write the report as JSON to FILE, or `-` for standard output.
        #[arg(long, value_name = "FILE")]
        json: Option<PathBuf>,
        /// Exit 1 on warnings too, for use in CI.
        #[arg(long)]
        strict: bool,
    },
    /// List the generated crate's cargo features (areas): what each covers and
    /// how many types it compiles; with --find, which features include a type
    /// or an operation.
    #[command(
        after_help = "Examples:\n  cargo xtask areas --metadata ../shared/corpus/csdl/beta-mooncake-2022-10-05.csdl\n  cargo xtask areas --find managedDevice --find executeAction"
    )]
    Areas {
        #[command(flatten)]
        inputs: Inputs,
        /// A type or operation name (qualified or not, any case): print the
        /// features that include it, smallest area first. Repeatable.
        #[arg(long, value_name = "NAME")]
        find: Vec<String>,
    },
    /// Build the generated crate (from each CSDL: the seeds' areas, users and
    /// groups, every area, and `cargo check` of every area) and graph-rs-sdk
    /// 3.0.1 in one scratch workspace, in alternating rounds, and print the
    /// times, peak memory and ratios.
    #[command(
        name = "bench-compile",
        after_help = "Examples:\n  cargo xtask bench-compile --metadata ../shared/corpus/csdl/beta-mooncake-2022-10-05.csdl --rounds 3\n  cargo xtask bench-compile --metadata A.xml --metadata B.xml --passes"
    )]
    BenchCompile {
        /// A CSDL file to generate a crate from (repeatable).
        /// Default: the corpus's mooncake 2022 beta.
        #[arg(long = "metadata", value_name = "FILE")]
        metadata: Vec<PathBuf>,
        /// A crate generated beforehand (e.g. by an older generator) to build
        /// too, with its default features (repeatable).
        #[arg(long = "crate", value_name = "DIR")]
        crates: Vec<PathBuf>,
        /// How many rounds.
        #[arg(long, default_value_t = 3)]
        rounds: u32,
        /// The scratch workspace. Default: target/bench-compile
        #[arg(long, value_name = "DIR")]
        scratch: Option<PathBuf>,
        /// Leave graph-rs-sdk out (then no ratios are printed).
        #[arg(long)]
        no_graph_rs: bool,
        /// Also print rustc's passes (`-Z time-passes`) for each full build.
        #[arg(long)]
        passes: bool,
        /// Release builds, of `full` only (and graph-rs-sdk).
        #[arg(long)]
        release: bool,
    },
    /// Parse a list page of entities with every property filled through the
    /// typed client (`list().parse`), in a release build, against
    /// `serde_json::from_slice::<serde_json::Value>` on the same bytes.
    #[command(
        name = "bench-parse",
        after_help = "Example:\n  cargo xtask bench-parse --count 2000 --runs 10"
    )]
    BenchParse {
        /// The CSDL. Default: the corpus's mooncake 2022 beta.
        #[arg(long, value_name = "FILE")]
        metadata: Option<PathBuf>,
        /// The entity type of the items.
        #[arg(long = "type", default_value = "microsoft.graph.managedDevice")]
        type_name: String,
        /// The collection to list, as a path from the client.
        #[arg(long, default_value = "deviceManagement/managedDevices")]
        path: String,
        /// The cargo feature that includes it.
        #[arg(long, default_value = "device-management-managed-devices")]
        feature: String,
        /// How many items on the page.
        #[arg(long, default_value_t = 2000)]
        count: usize,
        /// Timed runs of each parser (the best is reported).
        #[arg(long, default_value_t = 10)]
        runs: u32,
        /// The scratch directory. Default: target/bench-parse
        #[arg(long, value_name = "DIR")]
        scratch: Option<PathBuf>,
        /// Leave `@odata.type` out of the items (Graph sends it first; this
        /// measures the fallback).
        #[arg(long)]
        no_odata_type: bool,
    },
    /// Runs a command and prints its wall time and peak memory (used by bench-compile).
    #[command(name = "measure-child", hide = true)]
    MeasureChild {
        /// The command and its arguments.
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        command: Vec<String>,
    },
    /// Download Graph's CSDL, check that it reads as CSDL, then put it in
    /// place with a record of its URL, SHA-256, size and time (FILE.fetch.json,
    /// which `regenerate` copies into the lock file). On any failure the
    /// previous file stays as it was.
    #[command(
        after_help = "Examples:\n  cargo xtask fetch-metadata\n  cargo xtask fetch-metadata --url https://graph.microsoft.us/beta/$metadata --out metadata/fetched/graph-usgov.xml"
    )]
    FetchMetadata {
        /// Where from. Graph's national clouds have their own (for example
        /// https://graph.microsoft.us/beta/$metadata); msgraph-metadata's raw
        /// files or a local server work too.
        #[arg(long, default_value = generator::fetch::DEFAULT_URL)]
        url: String,
        /// Where to. Default: metadata/fetched/graph-beta.xml
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Time limit for the whole download, in seconds.
        #[arg(long, default_value_t = 300)]
        timeout: u64,
        /// The largest body accepted, in MiB.
        #[arg(long, default_value_t = 512)]
        max_mib: u64,
    },
    /// Every change to the generated crate's public API between two models,
    /// classified major, minor or patch by what it does to callers, and the
    /// release's verdict. Prints a Markdown changelog entry.
    #[command(
        after_help = "Examples:\n  cargo xtask diff ../shared/corpus/csdl/beta-2020-05-19.xml ../shared/corpus/csdl/beta-2021-07-13.xml\n  cargo xtask diff ../msgraph-beta/msgraph-api.json metadata/fetched/graph-beta.xml --json changes.json --fail-on major"
    )]
    Diff {
        /// The old side: a CSDL file, a directory of them, or a `model --json` dump.
        old: PathBuf,
        /// The new side, likewise.
        new: PathBuf,
        /// Doc pages merged into the old side (CSDL only).
        #[arg(long, value_name = "DIR")]
        old_docs: Vec<PathBuf>,
        /// Doc pages merged into the new side (CSDL only).
        #[arg(long, value_name = "DIR")]
        new_docs: Vec<PathBuf>,
        /// Also write the report as JSON (`-` for standard output).
        #[arg(long, value_name = "FILE")]
        json: Option<PathBuf>,
        /// Exit 1 when the verdict is at least this: major, minor or patch.
        #[arg(long, value_name = "VERDICT", value_parser = ["major", "minor", "patch"])]
        fail_on: Option<String>,
    },
    /// Mutate real inputs (our fixtures and CSDL, our doc pages, and with
    /// --corpus a sample of the corpus) by truncation, byte flips, deletion,
    /// duplicated and swapped elements and attributes, splices and deep
    /// nesting, and run the pipeline on each: every mutant must end in
    /// success or positioned errors, within the time limit, leaving a failed
    /// regeneration's output as it was. Failing mutants stay in --save.
    #[command(
        after_help = "Examples:\n  cargo xtask fuzz --runs 2000 --seed 1\n  cargo xtask fuzz --runs 100000 --seed 7 --corpus --save target/fuzz-failures"
    )]
    Fuzz {
        /// How many mutants.
        #[arg(long, default_value_t = 1000)]
        runs: u64,
        /// The seed: the same seed gives the same mutants.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The longest one mutant may take, in milliseconds.
        #[arg(long, default_value_t = 5000)]
        time_limit_ms: u64,
        /// Where failing mutants are kept. Default: target/fuzz/failures
        #[arg(long, value_name = "DIR")]
        save: Option<PathBuf>,
        /// Also mutate the corpus's smallest CSDL and 200 of its doc pages.
        #[arg(long)]
        corpus: bool,
    },
    /// Time whole `regenerate` processes against Python's bare
    /// `xml.etree.ElementTree.parse` of the same CSDL, in alternating pairs,
    /// and print the ratio. Default inputs: the corpus's 2021 beta CSDL with
    /// the 2020 doc pages.
    #[command(after_help = "Example:\n  cargo xtask bench-regen --scratch /dev/shm --pairs 9")]
    BenchRegen {
        /// CSDL file (repeatable; Python parses the first).
        #[arg(long = "metadata", value_name = "FILE")]
        metadata: Vec<PathBuf>,
        /// Directory of doc pages (repeatable).
        #[arg(long = "docs", value_name = "DIR")]
        docs: Vec<PathBuf>,
        /// Read no doc pages.
        #[arg(long = "no-docs", conflicts_with = "docs")]
        no_docs: bool,
        /// How many pairs.
        #[arg(long, default_value_t = 9)]
        pairs: u32,
        /// Where the scratch output goes (default: the system temp directory).
        #[arg(long, value_name = "DIR")]
        scratch: Option<PathBuf>,
        /// The Python interpreter.
        #[arg(long, default_value = "python3")]
        python: String,
    },
    /// Regenerate into a scratch directory and print stage timings and peak memory.
    #[command(
        after_help = "Example:\n  cargo xtask bench --metadata ../shared/corpus/csdl/beta-2021-07-13.xml --docs ../shared/corpus/docs/beta-2020-05 --runs 5 --scratch /dev/shm"
    )]
    Bench {
        #[command(flatten)]
        inputs: Inputs,
        /// How many runs (the best is reported).
        #[arg(long, default_value_t = 3)]
        runs: u32,
        /// Where the scratch output goes (default: the system temp directory).
        /// Use a tmpfs such as /dev/shm to leave out the disk's cost of creating files.
        #[arg(long, value_name = "DIR")]
        scratch: Option<PathBuf>,
    },
}

fn root() -> PathBuf {
    // xtask lives in <root>/xtask.
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(PathBuf::from)
        .unwrap_or_default()
}

/// (CSDL inputs, doc directories), with the defaults filled in.
fn inputs(i: Inputs) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let default_metadata = i.metadata.is_empty();
    let metadata = if default_metadata {
        vec![root().join("metadata")]
    } else {
        i.metadata
    };
    let docs = if i.no_docs {
        Vec::new()
    } else if i.docs.is_empty() && default_metadata {
        let dir = root().join("metadata/docs");
        if dir.is_dir() {
            vec![dir]
        } else {
            Vec::new()
        }
    } else {
        i.docs
    };
    (metadata, docs)
}

/// The generated crate's dependency on the runtime: by version (what
/// crates.io sees) and by the path from `out` to this workspace's runtime.
fn runtime_dependency(out: &std::path::Path) -> String {
    let path = generator::lock::relative(out, &root().join("runtime"));
    format!(
        "{{ path = {path:?}, version = \"{}\" }}",
        generator::emit::RUNTIME_VERSION
    )
}

/// `cargo xtask fuzz`.
fn fuzz(runs: u64, seed: u64, time_limit_ms: u64, save: Option<PathBuf>, corpus: bool) -> u8 {
    // The `*.xml` files under a directory (doc pages are found as the readers find them).
    fn xml_files(dir: &std::path::Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let mut entries: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                xml_files(&p, out);
            } else if p
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| e == "xml")
            {
                out.push(p);
            }
        }
    }
    let root = root();
    let mut csdl = vec![root.join("metadata/graph-beta-intune.xml")];
    xml_files(&root.join("generator/tests/fixtures"), &mut csdl);
    let pages_under = |dir: PathBuf| generator::read::docs::page_files(&dir).unwrap_or_default();
    let mut pages = pages_under(root.join("metadata/docs"));
    if corpus {
        let c = root.join("../shared/corpus");
        csdl.push(c.join("csdl/beta-usnat-2026-08.csdl"));
        let all = pages_under(c.join("docs/beta-2020-05"));
        let step = (all.len() / 200).max(1);
        pages.extend(all.into_iter().step_by(step).take(200));
    }
    let seeds = generator::fuzz::Seeds {
        csdl,
        pages,
        metadata: root.join("metadata/graph-beta-intune.xml"),
    };
    let o = generator::fuzz::Options {
        runs,
        seed,
        time_limit: std::time::Duration::from_millis(time_limit_ms),
        save: save.unwrap_or_else(|| root.join("target/fuzz/failures")),
        scratch: root.join("target/fuzz/scratch"),
        write_every: 20,
    };
    // Panics are caught and reported per mutant; keep their default print quiet.
    std::panic::set_hook(Box::new(|_| {}));
    let start = std::time::Instant::now();
    let every = (runs / 10).max(1);
    let result = generator::fuzz::run(&seeds, &o, &mut |s| {
        if s.runs % every == 0 {
            eprintln!(
                "fuzz: {} mutants, {} ok, {} rejected, {} failed ({:.0} s)",
                s.runs,
                s.ok,
                s.rejected,
                s.failures.len(),
                start.elapsed().as_secs_f64()
            );
        }
    });
    let _ = std::panic::take_hook();
    let s = match result {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    let kinds: Vec<String> = s
        .by_mutation
        .iter()
        .map(|(k, n)| format!("{k} {n}"))
        .collect();
    println!(
        "fuzz: seed {seed}, {} mutants in {:.1} s ({}): {} generated or merged, {} rejected with positioned errors, {} full regenerations checked, slowest {:.0} ms; {} failure(s)",
        s.runs,
        start.elapsed().as_secs_f64(),
        kinds.join(", "),
        s.ok,
        s.rejected,
        s.written,
        s.slowest.as_secs_f64() * 1000.0,
        s.failures.len()
    );
    for (why, path) in &s.failures {
        println!("  {}: {why}", path.display());
    }
    u8::from(!s.failures.is_empty())
}

/// `cargo xtask diff`.
fn api_diff(
    old: &std::path::Path,
    new: &std::path::Path,
    old_docs: &[PathBuf],
    new_docs: &[PathBuf],
    json: Option<&std::path::Path>,
    fail_on: Option<&str>,
) -> u8 {
    let start = std::time::Instant::now();
    let side = |p: &std::path::Path, docs: &[PathBuf]| {
        pipeline::api_of(&[p.to_path_buf()], docs).map_err(|d| {
            generator::diag::report(&d, &mut std::io::stderr());
        })
    };
    let (Ok(a), Ok(b)) = (side(old, old_docs), side(new, new_docs)) else {
        return 1;
    };
    let report = generator::diff::diff(&a, &b);
    let title = format!("{} → {}", old.display(), new.display());
    print!("{}", report.markdown(&title));
    if let Some(path) = json {
        let text = serde_json::to_string_pretty(&report).unwrap_or_default();
        if !commands::write_text(path, &text, &mut std::io::stderr()) {
            return 1;
        }
    }
    eprintln!(
        "verdict: {} ({} changes) in {:.2} s",
        report.verdict.name(),
        report.changes.len(),
        start.elapsed().as_secs_f64()
    );
    match fail_on.and_then(generator::diff::Verdict::parse) {
        Some(limit) if report.verdict >= limit => {
            eprintln!(
                "error: the verdict is {}, at or above --fail-on {}",
                report.verdict.name(),
                limit.name()
            );
            1
        }
        _ => 0,
    }
}

/// A progress bar on a terminal; nothing otherwise.
struct Bar(Option<indicatif::ProgressBar>);

impl generator::fetch::Progress for Bar {
    fn advance(&mut self, done: u64, total: Option<u64>) {
        if let Some(bar) = &self.0 {
            if let Some(t) = total {
                bar.set_length(t);
            }
            bar.set_position(done);
        }
    }
}

/// `cargo xtask fetch-metadata`.
fn fetch_metadata(r: generator::fetch::Request) -> u8 {
    use std::io::IsTerminal as _;
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(0);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{msg} {bar:30} {bytes}/{total_bytes} {binary_bytes_per_sec} {elapsed}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar.set_message("downloading");
        bar
    });
    let mut progress = Bar(bar);
    let result = generator::fetch::fetch(&r, &mut progress);
    if let Some(bar) = progress.0 {
        bar.finish_and_clear();
    }
    match result {
        Ok(o) => {
            let (types, enums, ops) = o.counts;
            eprintln!(
                "{}: {} bytes from {}, SHA-256 {} ({}); {types} structured types, {enums} enums, {ops} operations",
                r.out.display(),
                o.record.size,
                o.record.url,
                o.record.sha256,
                if o.changed { "new content" } else { "unchanged" },
            );
            eprintln!(
                "next: cargo xtask regenerate --metadata {} --out DIR",
                r.out.display()
            );
            0
        }
        Err(e) => {
            eprintln!("error: {e}");
            let what = if r.out.exists() {
                "was not changed"
            } else {
                "was not written"
            };
            eprintln!("{} {what}", r.out.display());
            1
        }
    }
}

/// `cargo xtask regenerate`.
fn regenerate(i: Inputs, out: Option<PathBuf>, flags: [bool; 4], c: CrateOptions) -> u8 {
    let [check, locked, bump, adopt] = flags;
    let hint = regenerate_hint();
    let out = out.unwrap_or_else(|| root().join("generated"));
    let previous = match generator::lock::Lock::read(&out) {
        Ok(p) => p,
        Err(d) => {
            eprintln!("{d}");
            return 1;
        }
    };
    let (metadata, docs) = if locked {
        match &previous {
            Some(p) => p.input_paths(&out),
            None => {
                eprintln!(
                    "error: --locked: {} has no {}; run `cargo xtask regenerate --out {}` with its inputs first",
                    out.display(),
                    generator::lock::LOCK_FILE,
                    out.display()
                );
                return 1;
            }
        }
    } else {
        inputs(i)
    };
    let overrides = generator::lock::Overrides {
        crate_name: c.crate_name,
        crate_version: c.crate_version,
        base_url: c.base_url,
        repository: c.repository,
        documentation: c.documentation,
    };
    let options = generator::lock::resolve_options(
        previous.as_ref(),
        &overrides,
        &metadata,
        runtime_dependency(&out),
    );
    commands::regenerate(
        &pipeline::Regenerate {
            metadata: &metadata,
            docs: &docs,
            out: &out,
            check,
            adopt,
            locked,
            bump,
            options: &options,
        },
        previous.as_ref(),
        &hint,
        &mut std::io::stderr(),
    )
}

/// The command that regenerates what this one checks: the same arguments
/// without `--check`.
fn regenerate_hint() -> String {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--check")
        .map(|a| {
            if a.is_empty() || a.contains(|c: char| c.is_whitespace() || "'\"$\\".contains(c)) {
                format!("'{}'", a.replace('\'', "'\\''"))
            } else {
                a
            }
        })
        .collect();
    format!("cargo xtask {}", args.join(" "))
}

fn main() -> ExitCode {
    keep_freed_memory();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Regenerate {
            inputs: i,
            out,
            check,
            locked,
            bump,
            adopt,
            crate_options: c,
        } => regenerate(i, out, [check, locked, bump, adopt], c),
        Command::Model {
            inputs: i, json, ..
        } => {
            let (metadata, docs) = inputs(i);
            commands::run_model(&metadata, &docs, &json, &mut std::io::stderr())
        }
        Command::Drift {
            inputs: i,
            json,
            strict,
        } => {
            let (metadata, docs) = inputs(i);
            commands::run_drift(
                &metadata,
                &docs,
                json.as_deref(),
                strict,
                &mut std::io::stdout(),
            )
        }
        Command::BenchCompile {
            metadata,
            crates,
            rounds,
            scratch,
            no_graph_rs,
            passes,
            release,
        } => {
            let metadata = if metadata.is_empty() && crates.is_empty() {
                vec![root().join("../shared/corpus/csdl/beta-mooncake-2022-10-05.csdl")]
            } else {
                metadata
            };
            bench_compile::run(&bench_compile::Options {
                metadata,
                crates,
                rounds: rounds.max(1),
                scratch: scratch.unwrap_or_else(|| root().join("target/bench-compile")),
                graph_rs: !no_graph_rs,
                passes,
                release,
                root: root(),
            })
        }
        Command::BenchParse {
            metadata,
            type_name,
            path,
            feature,
            count,
            runs,
            scratch,
            no_odata_type,
        } => bench_parse::run(&bench_parse::Options {
            metadata: metadata.unwrap_or_else(|| {
                root().join("../shared/corpus/csdl/beta-mooncake-2022-10-05.csdl")
            }),
            type_name,
            path,
            feature,
            count,
            runs: runs.max(1),
            no_odata_type,
            scratch: scratch.unwrap_or_else(|| root().join("target/bench-parse")),
            root: root(),
        }),
        Command::MeasureChild { command } => {
            let command: Vec<String> = command.into_iter().skip_while(|a| a == "--").collect();
            bench_compile::measure_child(&command)
        }
        Command::Areas { inputs: i, find } => {
            let (metadata, docs) = inputs(i);
            areas(&metadata, &docs, &find)
        }
        Command::Diff {
            old,
            new,
            old_docs,
            new_docs,
            json,
            fail_on,
        } => api_diff(
            &old,
            &new,
            &old_docs,
            &new_docs,
            json.as_deref(),
            fail_on.as_deref(),
        ),
        Command::Fuzz {
            runs,
            seed,
            time_limit_ms,
            save,
            corpus,
        } => fuzz(runs, seed, time_limit_ms, save, corpus),
        Command::FetchMetadata {
            url,
            out,
            timeout,
            max_mib,
        } => fetch_metadata(generator::fetch::Request {
            url,
            out: out.unwrap_or_else(|| root().join(generator::fetch::DEFAULT_OUT)),
            timeout: std::time::Duration::from_secs(timeout.max(1)),
            max_bytes: max_mib.saturating_mul(1024 * 1024),
        }),
        Command::BenchRegen {
            metadata,
            docs,
            no_docs,
            pairs,
            scratch,
            python,
        } => {
            let corpus = root().join("../shared/corpus");
            let defaults = metadata.is_empty();
            bench_regen::run(&bench_regen::Options {
                metadata: if defaults {
                    vec![corpus.join("csdl/beta-2021-07-13.xml")]
                } else {
                    metadata
                },
                docs: if no_docs {
                    Vec::new()
                } else if docs.is_empty() && defaults {
                    vec![corpus.join("docs/beta-2020-05")]
                } else {
                    docs
                },
                pairs,
                scratch: scratch.unwrap_or_else(std::env::temp_dir),
                python,
            })
        }
        Command::Bench {
            inputs: i,
            runs,
            scratch,
        } => {
            let (metadata, docs) = inputs(i);
            commands::run_bench(
                &metadata,
                &docs,
                runs,
                scratch.as_deref(),
                &mut std::io::stdout(),
            )
        }
    };
    ExitCode::from(result)
}

/// `cargo xtask areas`: print the table (and what `--find` asked for).
fn areas(metadata: &[PathBuf], docs: &[PathBuf], find: &[String]) -> u8 {
    use std::io::Write as _;
    let model = match pipeline::load_with_docs(metadata, docs, &mut Default::default()) {
        Ok(l) => l.model,
        Err(diags) => {
            generator::diag::report(&diags, &mut std::io::stderr());
            return 1;
        }
    };
    let (rows, found) = generator::emit::features::areas(&model, find);
    let mut out = std::io::stdout().lock();
    if find.is_empty() {
        let width = rows
            .iter()
            .map(|r| r.feature.len())
            .max()
            .unwrap_or(7)
            .max(7);
        let _ = writeln!(
            out,
            "{:width$}  {:>6}  {:>6}  {:>5}  entry point",
            "feature", "types", "total", "ops"
        );
        for r in &rows {
            let _ = writeln!(
                out,
                "{:width$}  {:>6}  {:>6}  {:>5}  /{}",
                r.feature, r.types, r.total_types, r.operations, r.path
            );
        }
        let _ = writeln!(
            out,
            "{} features (plus `full`); `total` counts the types a feature compiles with the one it extends",
            rows.len()
        );
    }
    for (what, features) in &found {
        if features.is_empty() {
            let _ = writeln!(out, "{what}");
        } else {
            let _ = writeln!(out, "{what}: {}", features.join(", "));
        }
    }
    0
}
