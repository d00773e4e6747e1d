//! The whole run as a library: load the inputs, merge the doc pages, build the
//! model, emit, and (with `regenerate`) write through `output`, returning what
//! happened; the commands' printing and exit codes are in `xtask`.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::diag::{Diagnostic, Location};
use crate::model::Model;
use crate::read::csdl;

/// Timings of the stages of one run.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    /// Reading and parsing the CSDL files.
    pub read: Duration,
    /// Resolving and validating the model.
    pub model: Duration,
    /// Building Rust syntax.
    pub emit: Duration,
    /// Pretty-printing.
    pub format: Duration,
    /// Reading the doc pages and merging them into the model.
    pub docs: Duration,
    /// Of `docs`, the merge alone.
    pub docs_merge: Duration,
    /// Writing or comparing files.
    pub write: Duration,
    /// CPU time of building syntax, summed over the emit threads.
    pub emit_cpu: Duration,
    /// CPU time of pretty-printing, summed over the emit threads.
    pub format_cpu: Duration,
}

/// The CSDL files named by `inputs`: files as given, directories expanded to
/// their `*.xml`, `*.csdl` and `*.edmx` files in name order.
pub fn csdl_files(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, Diagnostic> {
    let mut out = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let entries = std::fs::read_dir(input).map_err(|e| io_error(input, &e))?;
            let mut files: Vec<PathBuf> = entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| {
                    p.is_file()
                        && matches!(
                            p.extension().and_then(|e| e.to_str()),
                            Some("xml" | "csdl" | "edmx")
                        )
                })
                .collect();
            files.sort();
            if files.is_empty() {
                return Err(Diagnostic::error(
                    "no-input",
                    Location::of_path(input),
                    "the directory holds no CSDL file (*.xml, *.csdl, *.edmx)",
                ));
            }
            out.extend(files);
        } else {
            out.push(input.clone());
        }
    }
    Ok(out)
}

/// An I/O failure as a diagnostic on the file.
pub fn io_error(path: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error("io", Location::of_path(path), format!("cannot read: {e}"))
}

/// Read and resolve the CSDL files named by `inputs` into a model.
pub fn load(inputs: &[PathBuf], timings: &mut Timings) -> Result<Model, Vec<Diagnostic>> {
    let start = Instant::now();
    let files = csdl_files(inputs).map_err(|d| vec![d])?;
    let mut docs = Vec::new();
    let mut warnings = Vec::new();
    let mut errors = Vec::new();
    for file in &files {
        let name = file.display().to_string();
        let bytes = match std::fs::read(file) {
            Ok(b) => b,
            Err(e) => {
                errors.push(io_error(file, &e));
                continue;
            }
        };
        match csdl::parse(&name, &bytes) {
            Ok(parsed) => {
                warnings.extend(parsed.warnings);
                docs.push((name, parsed.document));
            }
            Err(d) => errors.push(d),
        }
    }
    timings.read = start.elapsed();
    if !errors.is_empty() {
        return Err(errors);
    }
    let start = Instant::now();
    let model = crate::model::build(&docs, warnings);
    timings.model = start.elapsed();
    model
}

/// The model with the doc pages merged in, and what the merge found.
pub struct Loaded {
    /// The model.
    pub model: Model,
    /// Counts of the merge (zero without docs).
    pub stats: crate::model::merge::MergeStats,
    /// Disagreements between docs and metadata.
    pub drift: Vec<crate::model::merge::Drift>,
    /// Pages that could not be read, or parts of them.
    pub doc_warnings: Vec<Diagnostic>,
    /// Each doc directory with its content hash and page count (for the
    /// lock file), from the bytes the readers read.
    pub doc_digests: Vec<(PathBuf, String, usize)>,
}

/// The names the CSDL knows, for reading rendered-text pages.
pub fn vocabulary(m: &Model) -> crate::read::docs::Vocabulary {
    let mut v = crate::read::docs::Vocabulary::default();
    v.types.extend(m.types.values().map(|t| t.local.clone()));
    v.types.extend(m.enums.values().map(|e| e.local.clone()));
    v.types
        .extend(m.type_definitions.values().map(|d| d.local.clone()));
    for t in m.types.values() {
        v.properties
            .extend(t.properties.iter().map(|p| p.name.clone()));
    }
    for o in &m.operations {
        v.properties
            .extend(o.parameters.iter().map(|p| p.name.clone()));
    }
    v
}

/// Load the CSDL, then read the doc pages under each of `docs` and merge them.
/// Doc problems are warnings; only CSDL errors fail.
pub fn load_with_docs(
    inputs: &[PathBuf],
    docs: &[PathBuf],
    timings: &mut Timings,
) -> Result<Loaded, Vec<Diagnostic>> {
    // Markdown pages need nothing from the CSDL: read them on other threads
    // while the CSDL is read and resolved.
    let start = Instant::now();
    let (model, early) = std::thread::scope(|s| {
        let early = s.spawn(|| {
            docs.iter()
                .filter(|d| d.is_dir())
                .map(|d| crate::read::docs::read_dir_early(d))
                .collect::<Vec<_>>()
        });
        let model = load(inputs, timings);
        (model, early.join())
    });
    let mut model = model?;
    let early = early.map_err(|_| {
        vec![Diagnostic::error(
            "internal",
            Location::of_path(docs.first().map(PathBuf::as_path).unwrap_or(Path::new("."))),
            "reading the doc pages failed: a reader thread panicked; please report this",
        )]
    })?;
    let csdl = timings.read + timings.model;
    if docs.is_empty() {
        return Ok(Loaded {
            model,
            stats: Default::default(),
            drift: Vec::new(),
            doc_warnings: Vec::new(),
            doc_digests: Vec::new(),
        });
    }
    let vocab = vocabulary(&model);
    let mut pages = Vec::new();
    let mut doc_warnings = Vec::new();
    let missing: Vec<Diagnostic> = docs
        .iter()
        .filter(|d| !d.is_dir())
        .map(|dir| {
            Diagnostic::error(
                "docs-missing",
                Location::of_path(dir),
                "no such directory of doc pages (without the pages the crate would lose every permission and documented path); check the --docs path, or pass --no-docs",
            )
        })
        .collect();
    if !missing.is_empty() {
        return Err(missing);
    }
    let dirs: Vec<&PathBuf> = docs.iter().filter(|d| d.is_dir()).collect();
    let mut doc_digests = Vec::new();
    for (e, dir) in early.into_iter().zip(dirs) {
        let (sha, n) = e.digest();
        doc_digests.push((dir.clone(), sha, n));
        let (p, w) = e.finish(&vocab);
        pages.extend(p);
        doc_warnings.extend(w);
    }
    // Doc problems are warnings; an error here is the generator's own failure.
    let failed: Vec<Diagnostic> = doc_warnings
        .iter()
        .filter(|d| d.severity == crate::diag::Severity::Error)
        .cloned()
        .collect();
    if !failed.is_empty() {
        return Err(failed);
    }
    let merge_start = Instant::now();
    let (stats, drift) = crate::model::merge::merge(&mut model, &pages);
    timings.docs_merge = merge_start.elapsed();
    // The docs stage is what reading and merging them added beyond the CSDL stages.
    timings.docs = start.elapsed().saturating_sub(csdl);
    Ok(Loaded {
        model,
        stats,
        drift,
        doc_warnings,
        doc_digests,
    })
}

/// The result of generating: files plus facts about the run.
pub struct Generated {
    /// The model that was generated from.
    pub model: Model,
    /// The crate's files.
    pub output: crate::emit::Output,
    /// Warnings from the CSDL and the doc pages, and how many drift entries the docs gave.
    pub warnings: usize,
    /// The first few of those, as lines.
    pub first_warnings: Vec<String>,
    /// Doc pages read.
    pub pages: usize,
}

/// How many warnings `regenerate` prints before pointing at the commands
/// that list them all.
pub const SHOWN_WARNINGS: usize = 8;

/// Load, build and emit, without touching the output directory.
pub fn generate(
    inputs: &[PathBuf],
    options: &crate::emit::Options,
    timings: &mut Timings,
) -> Result<Generated, Vec<Diagnostic>> {
    generate_with_docs(inputs, &[], options, timings)
}

/// Load the CSDL and the doc pages under `docs`, build, emit; writes nothing.
pub fn generate_with_docs(
    inputs: &[PathBuf],
    docs: &[PathBuf],
    options: &crate::emit::Options,
    timings: &mut Timings,
) -> Result<Generated, Vec<Diagnostic>> {
    let loaded = load_with_docs(inputs, docs, timings)?;
    emit_loaded(loaded, options, timings)
}

/// Emit a loaded model; writes nothing.
pub fn emit_loaded(
    loaded: Loaded,
    options: &crate::emit::Options,
    timings: &mut Timings,
) -> Result<Generated, Vec<Diagnostic>> {
    let warnings = loaded.model.diagnostics.len() + loaded.doc_warnings.len() + loaded.drift.len();
    let first_warnings: Vec<String> = loaded
        .model
        .diagnostics
        .iter()
        .chain(&loaded.doc_warnings)
        .map(|d| d.to_string())
        .chain(
            loaded
                .drift
                .iter()
                .map(|d| format!("{}:{}: warning[{}]: {}", d.file, d.line, d.code, d.message)),
        )
        .take(SHOWN_WARNINGS)
        .collect();
    let pages = loaded.stats.pages;
    let model = loaded.model;
    let start = Instant::now();
    let output = crate::emit::emit(&model, options)?;
    let wall = start.elapsed();
    // Emit and format run interleaved on several threads: split the wall time
    // in proportion to the CPU time each took.
    let cpu = output.emit_time + output.format_time;
    let share = if cpu.is_zero() {
        0.5
    } else {
        output.emit_time.as_secs_f64() / cpu.as_secs_f64()
    };
    timings.emit = wall.mul_f64(share);
    timings.format = wall.saturating_sub(timings.emit);
    timings.emit_cpu = output.emit_time;
    timings.format_cpu = output.format_time;
    Ok(Generated {
        model,
        output,
        warnings,
        first_warnings,
        pages,
    })
}

pub use crate::output::{diff, stale_files, write_output, Diff};

/// What `cargo xtask regenerate` was asked to do.
#[derive(Debug, Clone)]
pub struct Regenerate<'a> {
    /// The CSDL files and directories.
    pub metadata: &'a [PathBuf],
    /// The doc page directories.
    pub docs: &'a [PathBuf],
    /// The output directory.
    pub out: &'a Path,
    /// Write nothing; fail if the output or the inputs differ from the lock.
    pub check: bool,
    /// Generate into a directory with files but no lock file.
    pub adopt: bool,
    /// The inputs must be the ones the previous lock records (`--locked`).
    pub locked: bool,
    /// Set the version by the API diff with the last recorded API, record
    /// the new one, and prepend the changes to CHANGELOG.md (`--bump`).
    pub bump: bool,
    /// The crate's options.
    pub options: &'a crate::emit::Options,
}

impl<'a> Regenerate<'a> {
    /// Generate from `metadata` and `docs` into `out`, or with `check`
    /// compare only; no lock needed for an empty output.
    pub fn new(
        metadata: &'a [PathBuf],
        docs: &'a [PathBuf],
        out: &'a Path,
        check: bool,
        options: &'a crate::emit::Options,
    ) -> Self {
        Regenerate {
            metadata,
            docs,
            out,
            check,
            adopt: false,
            locked: false,
            bump: false,
            options,
        }
    }
}

/// What `--bump` decided.
#[derive(Debug, Clone)]
pub struct Bumped {
    /// The version before.
    pub from: String,
    /// The version now (the same when nothing changed).
    pub to: String,
    /// The changes since the recorded API, or `None` when none was recorded.
    pub report: Option<crate::diff::Report>,
}

/// The generated crate, its lock, and what `--bump` decided.
pub struct LockedCrate {
    /// The crate, the lock file among its files.
    pub generated: Generated,
    /// The lock.
    pub lock: crate::lock::Lock,
    /// With `bump`: the versions and the changes.
    pub bumped: Option<Bumped>,
}

/// Generate the crate and its lock file, hashing the inputs on another
/// thread while generating. With `bump`, the new model's API is compared
/// with the one recorded in `out` ([`crate::diff::API_FILE`]) first, the
/// version is set by the verdict, and the new API is recorded; without,
/// a recorded API is kept as it is (it stays the last release's).
pub fn generate_locked(
    metadata: &[PathBuf],
    docs: &[PathBuf],
    out: &Path,
    previous: Option<&crate::lock::Lock>,
    options: &crate::emit::Options,
    bump: bool,
    timings: &mut Timings,
) -> Result<LockedCrate, Vec<Diagnostic>> {
    let files = csdl_files(metadata).map_err(|d| vec![d])?;
    // The CSDL is hashed here; the doc pages as their readers read them.
    let (generated, hashed) = std::thread::scope(|s| {
        let hashing = s.spawn(|| crate::lock::hash_inputs(&files, &[], out));
        let generated = load_with_docs(metadata, docs, timings).and_then(|loaded| {
            let mut options = options.clone();
            let mut recorded = None;
            if bump {
                let (b, api) = bump_version(&loaded.model, out, &options)?;
                options.crate_version = b.to.clone();
                recorded = Some((b, api));
            }
            let dirs: Vec<crate::lock::DocsInput> = loaded
                .doc_digests
                .iter()
                .map(|(dir, sha, n)| crate::lock::docs_input(out, dir, sha.clone(), *n))
                .collect();
            emit_loaded(loaded, &options, timings).map(|g| (g, options, recorded, dirs))
        });
        let hashed = hashing.join().unwrap_or_else(|_| {
            Err(Diagnostic::error(
                "internal",
                Location::of_path(out),
                "hashing the inputs failed (a thread panicked)",
            ))
        });
        (generated, hashed)
    });
    let (mut generated, options, recorded, dirs) = generated?;
    let (inputs, _) = hashed.map_err(|d| vec![d])?;
    let api_file = crate::diff::API_FILE.to_owned();
    let bumped = match recorded {
        Some((b, api)) => {
            generated.output.files.insert(api_file, api);
            Some(b)
        }
        None => {
            // Keep the last release's API while its lock lists it.
            let listed = previous.is_some_and(|l| l.files.contains(&api_file));
            if let (true, Ok(text)) = (listed, std::fs::read_to_string(out.join(&api_file))) {
                generated.output.files.insert(api_file, text);
            }
            None
        }
    };
    let lock = crate::lock::Lock::new(inputs, dirs, &options, &generated.output.files);
    generated
        .output
        .files
        .insert(crate::lock::LOCK_FILE.to_owned(), lock.to_json());
    Ok(LockedCrate {
        generated,
        lock,
        bumped,
    })
}

/// `--bump`: the new version and the API file's text.
fn bump_version(
    model: &Model,
    out: &Path,
    options: &crate::emit::Options,
) -> Result<(Bumped, String), Vec<Diagnostic>> {
    let internal = |what: String| vec![Diagnostic::error("internal", Location::of_path(out), what)];
    let api = crate::diff::surface(&crate::model::json::to_value(model));
    let path = out.join(crate::diff::API_FILE);
    let previous = match std::fs::read_to_string(&path) {
        Ok(text) => Some(
            serde_json::from_str::<serde_json::Value>(&text).map_err(|e| {
                vec![crate::lock::json_error(
                    &path,
                    &e,
                    "the API recorded by `regenerate --bump`",
                )]
            })?,
        ),
        Err(_) => None,
    };
    let report = previous.map(|p| crate::diff::diff(&p, &api));
    let from = options.crate_version.clone();
    let to = match &report {
        Some(r) if !r.changes.is_empty() => crate::diff::next_version(&from, r.verdict)
            .ok_or_else(|| internal(format!("crate version {from:?} is not MAJOR.MINOR.PATCH")))?,
        _ => from.clone(),
    };
    let text = serde_json::to_string(&api).unwrap_or_default() + "\n";
    Ok((Bumped { from, to, report }, text))
}

/// What `--check` found; up to date when every list is empty.
#[derive(Debug, Clone, Default)]
pub struct Checked {
    /// The output has no lock file.
    pub no_lock: bool,
    /// How the inputs differ from the lock's, a line each.
    pub input_changes: Vec<String>,
    /// Files that differ or are not generated any more: `src/lib.rs (differs)`.
    pub stale: Vec<String>,
    /// How many files the inputs generate.
    pub files: usize,
}

impl Checked {
    /// Whether the output is what the inputs generate, as locked.
    pub fn up_to_date(&self) -> bool {
        !self.no_lock && self.input_changes.is_empty() && self.stale.is_empty()
    }
}

/// What a regeneration wrote.
pub struct Written {
    /// The crate generated (model, files, warnings).
    pub generated: Generated,
    /// Files written (new or changed).
    pub written: usize,
    /// Files removed (generated before, not any more).
    pub removed: usize,
    /// With `bump`: the versions and the changes.
    pub bumped: Option<Bumped>,
    /// With `bump`: the crate was written, but prepending the release to
    /// CHANGELOG.md failed (the changelog is as it was).
    pub release_failed: Option<Diagnostic>,
}

/// What [`regenerate`] did.
pub enum Regenerated {
    /// `check`: nothing written; what differs.
    Checked(Checked),
    /// The output was written.
    Written(Box<Written>),
}

/// Why [`regenerate`] wrote nothing: the output is as it was.
#[derive(Debug)]
pub enum Refused {
    /// Reading the lock, loading the inputs or generating failed.
    Diagnostics(Vec<Diagnostic>),
    /// `locked`: the output has no lock file.
    NoLock,
    /// `locked`: the inputs differ from the lock's, a line each.
    InputsChanged(Vec<String>),
    /// Writing the output failed (the previous output is kept).
    Write(Diagnostic),
}

/// `cargo xtask regenerate`: generate the crate and its lock, then write it
/// (only files the previous lock lists are replaced or removed), or with
/// `check` compare the output and the inputs with the lock.
pub fn regenerate(r: &Regenerate<'_>) -> Result<Regenerated, Refused> {
    let previous = crate::lock::Lock::read(r.out).map_err(|d| Refused::Diagnostics(vec![d]))?;
    regenerate_locked(r, previous.as_ref())
}

/// [`regenerate`] with the output's lock already read (`None`: it has none),
/// for a caller that read it to choose the options.
pub fn regenerate_locked(
    r: &Regenerate<'_>,
    previous: Option<&crate::lock::Lock>,
) -> Result<Regenerated, Refused> {
    let out = r.out;
    let mut timings = Timings::default();
    let LockedCrate {
        generated,
        lock,
        bumped,
    } = generate_locked(
        r.metadata,
        r.docs,
        out,
        previous,
        r.options,
        r.bump,
        &mut timings,
    )
    .map_err(Refused::Diagnostics)?;
    let files = &generated.output.files;
    if r.locked {
        let p = previous.ok_or(Refused::NoLock)?;
        let changes = p.input_changes(&lock.metadata, &lock.docs);
        if !changes.lines.is_empty() {
            return Err(Refused::InputsChanged(changes.lines));
        }
    }
    if r.check {
        let input_changes = previous
            .map(|p| p.input_changes(&lock.metadata, &lock.docs).lines)
            .unwrap_or_default();
        let owned =
            crate::output::owned_by(out, previous, true).unwrap_or(crate::output::Owned::Adopted);
        let stale = crate::output::stale_in(&crate::output::diff_owned(files, out, &owned));
        return Ok(Regenerated::Checked(Checked {
            no_lock: previous.is_none(),
            input_changes,
            stale,
            files: files.len(),
        }));
    }
    let (written, removed) = crate::output::owned_by(out, previous, r.adopt)
        .and_then(|owned| crate::output::write_owned(files, out, &owned))
        .map_err(Refused::Write)?;
    let release_failed = bumped
        .as_ref()
        .and_then(|b| record_release(out, b, &generated.model).err());
    Ok(Regenerated::Written(Box::new(Written {
        generated,
        written,
        removed,
        bumped,
        release_failed,
    })))
}

/// Prepend `b`'s entry to `out/CHANGELOG.md` (the maintainer's file: the
/// rest of it is kept as it is), unless nothing changed.
fn record_release(out: &Path, b: &Bumped, model: &Model) -> Result<(), Diagnostic> {
    let date = time::OffsetDateTime::now_utc().date();
    let entry = match &b.report {
        Some(r) if r.changes.is_empty() => return Ok(()),
        Some(r) => r.markdown(&format!("{} ({date})", b.to)),
        None => format!(
            "## {} ({date})\n\nThe first version whose API `regenerate --bump` recorded: {} types, {} enums, {} operations.\n\n",
            b.to,
            model.types.len(),
            model.enums.len(),
            model.operations.len()
        ),
    };
    let path = out.join("CHANGELOG.md");
    let old = std::fs::read_to_string(&path).unwrap_or_default();
    let title = "# Changelog\n\n";
    let rest = old.strip_prefix(title).unwrap_or(&old);
    let text = format!("{title}{entry}{rest}");
    let temp = out.join(".CHANGELOG.md.new");
    std::fs::write(&temp, text)
        .and_then(|_| std::fs::rename(&temp, &path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&temp);
            Diagnostic::error("io", Location::of_path(&path), format!("cannot write: {e}"))
        })
}

/// `cargo xtask drift --json`: version 1 of the drift report.
#[derive(Debug, serde::Serialize)]
pub struct DriftReport<'a> {
    /// The report's format version.
    pub version: u32,
    /// Pages read and matched.
    pub stats: &'a crate::model::merge::MergeStats,
    /// Percent of the API pages with paths that matched an operation.
    pub matched_share: f64,
    /// Entries per code.
    pub counts: std::collections::BTreeMap<&'static str, usize>,
    /// Every disagreement, sorted.
    pub entries: &'a [crate::model::merge::Drift],
    /// Pages or parts the readers could not read.
    pub unreadable: &'a [Diagnostic],
}

impl<'a> DriftReport<'a> {
    /// The report of a load with doc pages.
    pub fn new(loaded: &'a Loaded) -> Self {
        let mut counts = std::collections::BTreeMap::new();
        for d in &loaded.drift {
            *counts.entry(d.code).or_default() += 1;
        }
        let s = &loaded.stats;
        let matched_share = if s.api_pages == 0 {
            0.0
        } else {
            100.0 * s.matched as f64 / s.api_pages as f64
        };
        DriftReport {
            version: 1,
            stats: s,
            matched_share,
            counts,
            entries: &loaded.drift,
            unreadable: &loaded.doc_warnings,
        }
    }
}

/// One side of `cargo xtask diff`: a `model --json` dump (a `.json` file),
/// or CSDL files and directories loaded with the doc pages under `docs`,
/// as the model's JSON.
pub fn api_of(inputs: &[PathBuf], docs: &[PathBuf]) -> Result<serde_json::Value, Vec<Diagnostic>> {
    if let [one] = inputs {
        if one.extension().and_then(|e| e.to_str()) == Some("json") {
            let text = std::fs::read_to_string(one).map_err(|e| vec![io_error(one, &e)])?;
            return serde_json::from_str(&text).map_err(|e| {
                vec![crate::lock::json_error(
                    one,
                    &e,
                    "a `cargo xtask model --json` dump",
                )]
            });
        }
    }
    let loaded = load_with_docs(inputs, docs, &mut Timings::default())?;
    Ok(crate::model::json::to_value(&loaded.model))
}
