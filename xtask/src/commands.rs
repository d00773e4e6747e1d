//! The commands' printing and exit codes: the library returns results
//! (`generator::pipeline`), and these say what happened and what comes next.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use generator::diag::report;
use generator::pipeline::{
    generate_with_docs, load_with_docs, write_output, Checked, DriftReport, Refused, Regenerate,
    Regenerated, Timings, Written, SHOWN_WARNINGS,
};

/// `cargo xtask regenerate`: run it with the output's lock as read
/// (`previous`), print what happened. `hint` is the command that regenerates
/// what `--check` or `--locked` refused.
pub fn regenerate(
    r: &Regenerate<'_>,
    previous: Option<&generator::lock::Lock>,
    hint: &str,
    err: &mut dyn Write,
) -> u8 {
    let out = r.out;
    match generator::pipeline::regenerate_locked(r, previous) {
        Ok(Regenerated::Checked(c)) => checked(out, &c, hint, err),
        Ok(Regenerated::Written(w)) => {
            written(r, &w, err);
            match &w.release_failed {
                Some(d) => {
                    let _ = writeln!(err, "{d}");
                    1
                }
                None => 0,
            }
        }
        Err(Refused::Diagnostics(diags)) => {
            report(&diags, err);
            let _ = writeln!(
                err,
                "error: nothing was written; {} is unchanged",
                out.display()
            );
            1
        }
        Err(Refused::NoLock) => {
            let _ = writeln!(
                err,
                "error: --locked: {} has no {}",
                out.display(),
                generator::lock::LOCK_FILE
            );
            1
        }
        Err(Refused::InputsChanged(lines)) => {
            for line in &lines {
                let _ = writeln!(err, "input: {line}");
            }
            let _ = writeln!(
                err,
                "error: --locked: the inputs differ from {}/{}; nothing was written. To generate from them and update the lock, run `{hint}`",
                out.display(),
                generator::lock::LOCK_FILE,
            );
            1
        }
        Err(Refused::Write(d)) => {
            let _ = writeln!(err, "{d}");
            1
        }
    }
}

/// `--check`: what differs, and the command that fixes it.
fn checked(out: &Path, c: &Checked, hint: &str, err: &mut dyn Write) -> u8 {
    if c.no_lock {
        let _ = writeln!(
            err,
            "error: {} has no {}",
            out.display(),
            generator::lock::LOCK_FILE
        );
    }
    for line in &c.input_changes {
        let _ = writeln!(err, "input: {line}");
    }
    if !c.input_changes.is_empty() {
        let _ = writeln!(
            err,
            "error: the inputs no longer match {}/{}",
            out.display(),
            generator::lock::LOCK_FILE
        );
    }
    for s in &c.stale {
        let _ = writeln!(err, "stale: {}/{s}", out.display());
    }
    if !c.stale.is_empty() {
        let _ = writeln!(
            err,
            "error: {} file(s) in {} are stale",
            c.stale.len(),
            out.display()
        );
    }
    if !c.up_to_date() {
        let _ = writeln!(err, "to fix: run `{hint}` and commit");
        return 1;
    }
    let _ = writeln!(
        err,
        "{} is up to date ({} files, inputs as locked)",
        out.display(),
        c.files
    );
    0
}

/// A written crate: counts, pages read, the first warnings and where all are,
/// how to build it, and what `--bump` decided.
fn written(r: &Regenerate<'_>, w: &Written, err: &mut dyn Write) {
    let out = r.out;
    let generated = &w.generated;
    let s = &generated.output.stats;
    let _ = writeln!(
        err,
        "{}: {} files ({} written, {} removed, the rest unchanged): {} structs, {} enums, {} polymorphic enums, {} aliases, {} operations",
        out.display(),
        generated.output.files.len(),
        w.written,
        w.removed,
        s.structs,
        s.enums,
        s.polymorphic,
        s.aliases,
        generated.model.operations.len()
    );
    let shown = |paths: &[PathBuf], flag: &str| -> String {
        paths
            .iter()
            .map(|p| format!(" {flag} {}", p.display()))
            .collect()
    };
    let _ = if r.docs.is_empty() {
        writeln!(err, "doc pages: none read (no --docs)")
    } else {
        writeln!(
            err,
            "doc pages: {} read from{}",
            generated.pages,
            shown(r.docs, "").replacen("  ", " ", 1)
        )
    };
    if generated.warnings == 0 {
        let _ = writeln!(err, "0 warnings");
    } else {
        let _ = writeln!(
            err,
            "{} warning(s) from the CSDL and doc pages{}:",
            generated.warnings,
            if generated.warnings > SHOWN_WARNINGS {
                format!(", the first {SHOWN_WARNINGS}")
            } else {
                String::new()
            }
        );
        for w in &generated.first_warnings {
            let _ = writeln!(err, "  {w}");
        }
        let _ = writeln!(
            err,
            "all of them: `cargo xtask model{} --json -` (the CSDL's, under `diagnostics`){}",
            shown(r.metadata, "--metadata"),
            if r.docs.is_empty() {
                String::new()
            } else {
                format!(
                    " and `cargo xtask drift{}{}` (the doc pages')",
                    shown(r.metadata, "--metadata"),
                    shown(r.docs, "--docs")
                )
            }
        );
    }
    let _ = writeln!(
        err,
        "build it: cargo build --manifest-path {}",
        out.join("Cargo.toml").display()
    );
    if let (Some(b), None) = (&w.bumped, &w.release_failed) {
        let _ = match &b.report {
            Some(r) if r.changes.is_empty() => {
                writeln!(err, "--bump: no API change; the version stays {}", b.to)
            }
            Some(r) => writeln!(
                err,
                "--bump: {} change(s), verdict {}: version {} -> {}; CHANGELOG.md has the entry",
                r.changes.len(),
                r.verdict.name(),
                b.from,
                b.to
            ),
            None => writeln!(
                err,
                "--bump: recorded the API of version {} ({}); later bumps compare with it",
                b.to,
                generator::diff::API_FILE
            ),
        };
    }
}

/// Write `text` and a newline to the file `path`, or to standard output for
/// `-`; a failure is said on `err`. A closed pipe (`| head`) is no failure.
pub fn write_text(path: &Path, text: &str, err: &mut dyn Write) -> bool {
    if path.as_os_str() == "-" {
        let _ = writeln!(std::io::stdout().lock(), "{text}");
        return true;
    }
    match std::fs::write(path, format!("{text}\n")) {
        Ok(()) => true,
        Err(e) => {
            let _ = writeln!(err, "{}: error: cannot write: {e}", path.display());
            false
        }
    }
}

/// `cargo xtask model --json FILE|-`. Returns the process exit code.
pub fn run_model(
    inputs: &[PathBuf],
    docs: &[PathBuf],
    json: &Path,
    err: &mut dyn std::io::Write,
) -> u8 {
    let model = match load_with_docs(inputs, docs, &mut Timings::default()) {
        Ok(l) => l.model,
        Err(diags) => {
            report(&diags, err);
            return 1;
        }
    };
    let text = generator::model::json::to_json(&model);
    u8::from(!write_text(json, &text, err))
}

/// Peak resident memory of this process in MiB (Linux; 0 elsewhere).
pub fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map(|kb| kb / 1024.0)
        .unwrap_or(0.0)
}

/// `cargo xtask bench`: regenerate into a scratch directory and print timings.
pub fn run_bench(
    inputs: &[PathBuf],
    docs: &[PathBuf],
    runs: u32,
    scratch_parent: Option<&Path>,
    out: &mut dyn std::io::Write,
) -> u8 {
    let parent = scratch_parent
        .map(Path::to_path_buf)
        .unwrap_or_else(std::env::temp_dir);
    let scratch = parent.join(format!("msgraph-bench-{}", std::process::id()));
    let mut best: Option<(Duration, Timings)> = None;
    for _ in 0..runs.max(1) {
        let mut t = Timings::default();
        // Measure a first write into an empty directory: the costliest case.
        // Clearing the previous run's output is not part of the measurement.
        let _ = std::fs::remove_dir_all(&scratch);
        let start = Instant::now();
        let generated =
            match generate_with_docs(inputs, docs, &generator::emit::Options::default(), &mut t) {
                Ok(g) => g,
                Err(diags) => {
                    report(&diags, out);
                    return 1;
                }
            };
        let w = Instant::now();
        if let Err(d) = write_output(&generated.output.files, &scratch, true) {
            let _ = writeln!(out, "{d}");
            return 1;
        }
        t.write = w.elapsed();
        let total = start.elapsed();
        if best.as_ref().is_none_or(|(b, _)| total < *b) {
            best = Some((total, t));
        }
    }
    let _ = std::fs::remove_dir_all(&scratch);
    if let Some((total, t)) = best {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let _ = writeln!(
            out,
            "inputs: {}",
            inputs
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
        let _ = writeln!(out, "read    {:8.1} ms", ms(t.read));
        let _ = writeln!(out, "model   {:8.1} ms", ms(t.model));
        let _ = writeln!(
            out,
            "docs    {:8.1} ms (of which merge {:.1} ms)",
            ms(t.docs),
            ms(t.docs_merge)
        );
        let _ = writeln!(out, "emit    {:8.1} ms", ms(t.emit));
        let _ = writeln!(out, "format  {:8.1} ms", ms(t.format));
        let _ = writeln!(out, "write   {:8.1} ms", ms(t.write));
        let _ = writeln!(
            out,
            "        (emit and format run on several threads; CPU: emit {:.1} ms, format {:.1} ms)",
            ms(t.emit_cpu),
            ms(t.format_cpu)
        );
        let _ = writeln!(out, "total   {:8.1} ms (best of {runs})", ms(total));
        let _ = writeln!(out, "peak RSS {:7.1} MiB", peak_rss_mib());
        let _ = writeln!(out, "output written under {}", parent.display());
    }
    0
}

/// `cargo xtask drift`: the disagreements between doc pages and metadata.
/// Exit 1 if any entry is an error, or with `strict` if there is any entry.
pub fn run_drift(
    inputs: &[PathBuf],
    docs: &[PathBuf],
    json: Option<&Path>,
    strict: bool,
    out: &mut dyn std::io::Write,
) -> u8 {
    let loaded = match load_with_docs(inputs, docs, &mut Timings::default()) {
        Ok(l) => l,
        Err(diags) => {
            report(&diags, out);
            return 1;
        }
    };
    let report = DriftReport::new(&loaded);
    let (s, share, counts) = (report.stats, report.matched_share, &report.counts);
    if let Some(path) = json {
        let text = serde_json::to_string_pretty(&report).unwrap_or_default();
        if !write_text(path, &text, &mut std::io::stderr()) {
            return 1;
        }
    } else {
        for d in &loaded.doc_warnings {
            let _ = writeln!(out, "{d}");
        }
        for d in &loaded.drift {
            let sev = if d.severity == generator::diag::Severity::Error {
                "error"
            } else {
                "warning"
            };
            let _ = writeln!(
                out,
                "{}:{}: {sev}[{}]: {}",
                d.file, d.line, d.code, d.message
            );
        }
        let _ = writeln!(
            out,
            "\npages: {}, API pages with paths: {}, matched to an operation: {} ({share:.1}%)",
            s.pages, s.api_pages, s.matched
        );
        let present = s.api_pages.saturating_sub(s.absent);
        let share_present = if present == 0 {
            0.0
        } else {
            100.0 * s.matched as f64 / present as f64
        };
        let _ = writeln!(
            out,
            "API pages whose paths name something the CSDL lacks entirely: {}; matched among the rest: {share_present:.1}%",
            s.absent
        );
        let _ = writeln!(
            out,
            "resource pages matched: {}, enum pages matched: {}",
            s.resources_matched, s.enums_matched
        );
        let _ = writeln!(
            out,
            "unreadable pages or parts: {}",
            loaded.doc_warnings.len()
        );
        for (code, n) in counts {
            let _ = writeln!(out, "{n:6}  {code}");
        }
    }
    if s.pages == 0 {
        let _ = writeln!(
            out,
            "error: no doc pages were read ({}), so nothing was compared; name a directory of Graph doc pages with --docs",
            if docs.is_empty() {
                "no --docs given".to_owned()
            } else {
                docs.iter().map(|d| d.display().to_string()).collect::<Vec<_>>().join(", ")
            }
        );
        return 1;
    }
    let errors = loaded
        .drift
        .iter()
        .any(|d| d.severity == generator::diag::Severity::Error);
    // With --strict, unreadable pages count too: they are what the check could not see.
    let unclean = !loaded.drift.is_empty() || !loaded.doc_warnings.is_empty();
    if strict && unclean {
        let _ = writeln!(
            out,
            "error: --strict: {} drift entr(ies) and {} unreadable page(s) or parts",
            loaded.drift.len(),
            loaded.doc_warnings.len()
        );
    }
    u8::from(errors || (strict && unclean))
}
