//! `cargo xtask`: argument parsing only; the work is in the generator library.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod bench_compile;
mod bench_parse;
mod bench_regen;
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
    about = "Generate the Microsoft Graph beta crate from CSDL"
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

#[derive(Subcommand)]
enum Command {
    /// Regenerate the Rust crate from the CSDL.
    Regenerate {
        #[command(flatten)]
        inputs: Inputs,
        /// Where the crate is written. Default: generated/
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Do not write; exit 1 and name the stale files if the output differs.
        #[arg(long)]
        check: bool,
    },
    /// Dump the intermediate model.
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
    /// Time whole `regenerate` processes against Python's bare
    /// `xml.etree.ElementTree.parse` of the same CSDL, in alternating pairs,
    /// and print the ratio. Default inputs: the corpus's 2021 beta CSDL with
    /// the 2020 doc pages.
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

/// The generated crate depends on the runtime by a relative path when it is
/// written to the workspace's `generated/`, by an absolute one elsewhere.
fn options_for(out: &std::path::Path) -> generator::emit::Options {
    let mut options = generator::emit::Options::default();
    let parent = out.parent().and_then(|p| p.canonicalize().ok());
    if parent != root().canonicalize().ok() {
        let runtime = root().join("runtime");
        let runtime = runtime.canonicalize().unwrap_or(runtime);
        options.runtime_dependency = format!("{{ path = {:?} }}", runtime.display().to_string());
    }
    options
}

fn main() -> ExitCode {
    keep_freed_memory();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Regenerate {
            inputs: i,
            out,
            check,
        } => {
            let out = out.unwrap_or_else(|| root().join("generated"));
            let (metadata, docs) = inputs(i);
            pipeline::run_regenerate(
                &metadata,
                &docs,
                &out,
                check,
                &options_for(&out),
                &mut std::io::stderr(),
            )
        }
        Command::Model {
            inputs: i, json, ..
        } => {
            let (metadata, docs) = inputs(i);
            pipeline::run_model(&metadata, &docs, &json, &mut std::io::stderr())
        }
        Command::Drift {
            inputs: i,
            json,
            strict,
        } => {
            let (metadata, docs) = inputs(i);
            pipeline::run_drift(
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
            pipeline::run_bench(
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
            pipeline::report(&diags, &mut std::io::stderr());
            return 1;
        }
    };
    let (rows, found) = pipeline::areas(&model, find);
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
