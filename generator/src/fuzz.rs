//! `cargo xtask fuzz`: mutate real inputs and run the pipeline on each
//! mutant. Every mutant must end in success or in positioned errors: no
//! panic, no abort, no hang, and a failed regeneration leaves its output
//! directory as it was.
//!
//! Runs on the stable toolchain, in process: each mutant is written to the
//! save folder before it runs and removed when it passes, so a mutant that
//! aborts the process (or hangs it past the time limit) is left there to
//! become a regression test. The random numbers are our own splitmix64, so
//! a seed gives the same mutants on every machine and every version of
//! every dependency.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::diag::Severity;

/// What the mutants are made from.
#[derive(Debug, Clone)]
pub struct Seeds {
    /// CSDL files.
    pub csdl: Vec<PathBuf>,
    /// Doc pages.
    pub pages: Vec<PathBuf>,
    /// The CSDL that doc-page mutants are merged into.
    pub metadata: PathBuf,
}

/// How to fuzz.
#[derive(Debug, Clone)]
pub struct Options {
    /// How many mutants.
    pub runs: u64,
    /// The seed.
    pub seed: u64,
    /// The longest one mutant may take.
    pub time_limit: Duration,
    /// Where mutants are written while they run, and failing ones kept.
    pub save: PathBuf,
    /// A scratch directory (regenerations write there).
    pub scratch: PathBuf,
    /// Every this many CSDL mutants, a full regeneration into a directory
    /// holding a sentinel file (the others generate without writing).
    pub write_every: u64,
}

/// What happened.
#[derive(Debug, Default, Clone)]
pub struct Summary {
    /// Mutants run.
    pub runs: u64,
    /// Mutants that generated (CSDL) or merged (pages).
    pub ok: u64,
    /// Mutants rejected with positioned errors.
    pub rejected: u64,
    /// Regenerations that wrote into a directory and were checked.
    pub written: u64,
    /// Failures: what went wrong and the saved mutant.
    pub failures: Vec<(String, PathBuf)>,
    /// The slowest mutant's time.
    pub slowest: Duration,
    /// Counts per mutation.
    pub by_mutation: std::collections::BTreeMap<&'static str, u64>,
}

/// splitmix64.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// In `0..n` (0 when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

const MUTATIONS: &[&str] = &[
    "truncate",
    "flip-bytes",
    "delete-range",
    "duplicate-element",
    "swap-lines",
    "delete-attribute",
    "duplicate-attribute",
    "deep-nesting",
    "splice",
];

/// Byte offsets of every `<` that opens a start tag.
fn tag_starts(b: &[u8]) -> Vec<usize> {
    (0..b.len())
        .filter(|&i| b[i] == b'<' && b.get(i + 1).is_some_and(|c| c.is_ascii_alphabetic()))
        .collect()
}

/// The end (exclusive) of the element whose start tag begins at `start`:
/// its `/>`, or its matching end tag by counting same-named tags; `None` if
/// there is none.
fn element_end(b: &[u8], start: usize) -> Option<usize> {
    let name_end = (start + 1..b.len())
        .find(|&i| !(b[i].is_ascii_alphanumeric() || b[i] == b':' || b[i] == b'_'))?;
    let name = &b[start + 1..name_end];
    let gt = (name_end..b.len()).find(|&i| b[i] == b'>')?;
    if b[gt - 1] == b'/' {
        return Some(gt + 1);
    }
    let mut depth = 1usize;
    let mut i = gt + 1;
    while i < b.len() {
        if b[i] == b'<' {
            let closing = b.get(i + 1) == Some(&b'/');
            let from = if closing { i + 2 } else { i + 1 };
            if b.get(from..from + name.len()) == Some(name)
                && b.get(from + name.len())
                    .is_some_and(|c| !c.is_ascii_alphanumeric())
            {
                if closing {
                    depth -= 1;
                    if depth == 0 {
                        return (i..b.len()).find(|&j| b[j] == b'>').map(|j| j + 1);
                    }
                } else {
                    let gt = (i..b.len()).find(|&j| b[j] == b'>')?;
                    if b[gt - 1] != b'/' {
                        depth += 1;
                    }
                }
            }
        }
        i += 1;
    }
    None
}

/// Spans of ` name="value"` attributes.
fn attributes(b: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i + 3 < b.len() {
        if b[i] == b'=' && b[i + 1] == b'"' {
            let mut s = i;
            while s > 0
                && (b[s - 1].is_ascii_alphanumeric() || b[s - 1] == b':' || b[s - 1] == b'_')
            {
                s -= 1;
            }
            if s > 0 && b[s - 1] == b' ' {
                if let Some(e) = (i + 2..b.len()).find(|&j| b[j] == b'"') {
                    out.push((s - 1, e + 1));
                    i = e;
                }
            }
        }
        i += 1;
    }
    out
}

/// One mutant of `input` (and the mutation's name). `other` is another
/// input, for splicing.
fn mutate(rng: &mut Rng, input: &[u8], other: &[u8]) -> (&'static str, Vec<u8>) {
    let mut b = input.to_vec();
    let kind = MUTATIONS[rng.below(MUTATIONS.len())];
    let n = b.len();
    match kind {
        "truncate" => b.truncate(rng.below(n + 1)),
        "flip-bytes" => {
            for _ in 0..=rng.below(8) {
                let i = rng.below(n);
                if let Some(x) = b.get_mut(i) {
                    *x ^= 1 << rng.below(8);
                }
            }
        }
        "delete-range" => {
            let s = rng.below(n + 1);
            let e = (s + rng.below(256) + 1).min(n);
            b.drain(s..e);
        }
        "duplicate-element" => {
            let starts = tag_starts(&b);
            if let Some(&s) = starts.get(rng.below(starts.len())) {
                if let Some(e) = element_end(&b, s) {
                    let copy = b[s..e].to_vec();
                    let at = if rng.below(2) == 0 { e } else { s };
                    b.splice(at..at, copy);
                }
            }
        }
        "swap-lines" => {
            let mut lines: Vec<Vec<u8>> = b.split(|&c| c == b'\n').map(<[u8]>::to_vec).collect();
            let (x, y) = (rng.below(lines.len()), rng.below(lines.len()));
            lines.swap(x, y);
            b = lines.join(&b'\n');
        }
        "delete-attribute" | "duplicate-attribute" => {
            let attrs = attributes(&b);
            if let Some(&(s, e)) = attrs.get(rng.below(attrs.len())) {
                if kind == "delete-attribute" {
                    b.drain(s..e);
                } else {
                    let copy = b[s..e].to_vec();
                    b.splice(e..e, copy);
                }
            }
        }
        "deep-nesting" => {
            // Inside a random element: thousands of nested ones.
            let depth = [50, 150, 5_000, 200_000][rng.below(4)];
            let gts: Vec<usize> = (0..n).filter(|&i| b[i] == b'>').collect();
            let at = gts.get(rng.below(gts.len())).map_or(0, |&i| i + 1);
            let name = [
                "Collection",
                "Record",
                "Annotation",
                "Unknown",
                "blockquote",
            ][rng.below(5)];
            let mut inner = format!("<{name}>").repeat(depth).into_bytes();
            if rng.below(2) == 0 {
                inner.extend(format!("</{name}>").repeat(depth).into_bytes());
            }
            if rng.below(3) == 0 {
                // For markdown pages: nested quotes and lists.
                inner = format!("\n{}x\n", "> ".repeat(depth)).into_bytes();
            }
            b.splice(at..at, inner);
        }
        _ => {
            // splice: the head of this input and the tail of another.
            let cut = rng.below(n + 1);
            let from = rng.below(other.len() + 1);
            b.truncate(cut);
            b.extend_from_slice(&other[from..]);
        }
    }
    (kind, b)
}

/// Run the fuzzer; `progress` is called after each mutant.
pub fn run(
    seeds: &Seeds,
    o: &Options,
    progress: &mut dyn FnMut(&Summary),
) -> Result<Summary, String> {
    let read = |paths: &[PathBuf]| -> Result<Vec<(PathBuf, Vec<u8>)>, String> {
        paths
            .iter()
            .map(|p| {
                std::fs::read(p)
                    .map(|b| (p.clone(), b))
                    .map_err(|e| format!("{}: {e}", p.display()))
            })
            .collect()
    };
    let csdl = read(&seeds.csdl)?;
    let pages = read(&seeds.pages)?;
    if csdl.is_empty() {
        return Err("no CSDL to mutate".into());
    }
    std::fs::create_dir_all(&o.save).map_err(|e| format!("{}: {e}", o.save.display()))?;
    std::fs::create_dir_all(&o.scratch).map_err(|e| format!("{}: {e}", o.scratch.display()))?;
    let mut rng = Rng(o.seed);
    let mut s = Summary::default();
    // A hang never returns: a watchdog ends the process, and the mutant
    // stays in the save folder.
    let epoch = Instant::now();
    let running = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    let hang = o.time_limit.saturating_mul(10).max(Duration::from_secs(10));
    {
        let running = running.clone();
        let save = o.save.clone();
        std::thread::spawn(move || loop {
            std::thread::sleep(Duration::from_millis(200));
            let started = running.load(std::sync::atomic::Ordering::Relaxed);
            if started > 0 && epoch.elapsed().as_millis() as u64 > started + hang.as_millis() as u64
            {
                eprintln!(
                    "fuzz: a mutant has run for over {} s: stopping; it is the newest file in {}",
                    hang.as_secs(),
                    save.display()
                );
                std::process::exit(3);
            }
        });
    }
    for i in 0..o.runs {
        let page = !pages.is_empty() && rng.below(4) == 0;
        let pool = if page { &pages } else { &csdl };
        let (path, input) = &pool[rng.below(pool.len())];
        let (_, other) = &pool[rng.below(pool.len())];
        let (kind, mutant) = mutate(&mut rng, input, other);
        *s.by_mutation.entry(kind).or_default() += 1;
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("xml");
        let stem = path.file_stem().and_then(|e| e.to_str()).unwrap_or("input");
        let saved = o
            .save
            .join(format!("{stem}-{kind}-seed{}-{i}.{ext}", o.seed));
        std::fs::write(&saved, &mutant).map_err(|e| format!("{}: {e}", saved.display()))?;
        let start = Instant::now();
        running.store(
            epoch.elapsed().as_millis().max(1) as u64,
            std::sync::atomic::Ordering::Relaxed,
        );
        let outcome = if page {
            run_page(&seeds.metadata, &saved, &o.scratch)
        } else if o.write_every > 0 && i % o.write_every == 0 {
            s.written += 1;
            run_regenerate(&saved, &o.scratch)
        } else {
            run_generate(&saved)
        };
        let took = start.elapsed();
        running.store(0, std::sync::atomic::Ordering::Relaxed);
        s.slowest = s.slowest.max(took);
        s.runs += 1;
        match outcome {
            Outcome::Ok => s.ok += 1,
            Outcome::Rejected => s.rejected += 1,
            Outcome::Failed(why) => {
                s.failures.push((format!("{kind}: {why}"), saved.clone()));
                progress(&s);
                continue;
            }
        }
        if took > o.time_limit {
            s.failures.push((
                format!(
                    "{kind}: took {:.1} s, over the limit of {:.1} s",
                    took.as_secs_f64(),
                    o.time_limit.as_secs_f64()
                ),
                saved.clone(),
            ));
        } else {
            let _ = std::fs::remove_file(&saved);
        }
        progress(&s);
    }
    Ok(s)
}

enum Outcome {
    Ok,
    Rejected,
    Failed(String),
}

/// Errors must carry a file and a line.
fn judge(result: Result<(), Vec<crate::diag::Diagnostic>>) -> Outcome {
    match result {
        Ok(()) => Outcome::Ok,
        Err(diags) if diags.is_empty() => Outcome::Failed("failed without a diagnostic".into()),
        Err(diags) => match diags.iter().find(|d| {
            d.severity == Severity::Error && (d.location.file.is_empty() || d.location.line == 0)
        }) {
            Some(d) => Outcome::Failed(format!("an error without a position: {d}")),
            None if diags.iter().any(|d| d.code == "internal") => {
                Outcome::Failed(format!("an internal error: {}", diags[0]))
            }
            None => Outcome::Rejected,
        },
    }
}

fn caught<F: FnOnce() -> Outcome>(f: F) -> Outcome {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(o) => o,
        Err(e) => {
            let what = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default();
            Outcome::Failed(format!("panicked: {what}"))
        }
    }
}

fn run_generate(csdl: &Path) -> Outcome {
    caught(|| {
        let r = crate::pipeline::generate(
            &[csdl.to_path_buf()],
            &Default::default(),
            &mut Default::default(),
        );
        judge(r.map(|_| ()))
    })
}

/// A regeneration into a directory holding only a sentinel (and a lock, so
/// that it may be written): on failure, both must be as they were.
fn run_regenerate(csdl: &Path, scratch: &Path) -> Outcome {
    caught(|| {
        let out = scratch.join("out");
        let _ = std::fs::remove_dir_all(&out);
        if std::fs::create_dir_all(&out).is_err() {
            return Outcome::Failed("cannot make the scratch output".into());
        }
        let sentinel = out.join("KEEP.txt");
        let _ = std::fs::write(&sentinel, "sentinel\n");
        let inputs = [csdl.to_path_buf()];
        let crate_options = crate::emit::Options::default();
        let mut options =
            crate::pipeline::Regenerate::new(&inputs, &[], &out, false, &crate_options);
        options.adopt = true;
        let result = crate::pipeline::regenerate(&options);
        if std::fs::read_to_string(&sentinel).ok().as_deref() != Some("sentinel\n") {
            return Outcome::Failed("the sentinel file in the output changed".into());
        }
        let diags = match result {
            Ok(_) => return Outcome::Ok,
            Err(crate::pipeline::Refused::Diagnostics(d)) => d,
            Err(other) => {
                return Outcome::Failed(format!("refused otherwise than by its input: {other:?}"))
            }
        };
        let listing: Vec<_> = std::fs::read_dir(&out)
            .map(|d| d.filter_map(Result::ok).map(|e| e.file_name()).collect())
            .unwrap_or_default();
        if listing.len() != 1 {
            return Outcome::Failed(format!(
                "a failed regeneration wrote into the output: {listing:?}"
            ));
        }
        judge(Err(diags))
    })
}

fn run_page(metadata: &Path, page: &Path, scratch: &Path) -> Outcome {
    caught(|| {
        let dir = scratch.join("docs");
        let _ = std::fs::remove_dir_all(&dir);
        let api = dir.join("api");
        if std::fs::create_dir_all(&api).is_err() {
            return Outcome::Failed("cannot make the scratch docs".into());
        }
        let name = page.extension().and_then(|e| e.to_str()).unwrap_or("md");
        if std::fs::copy(page, api.join(format!("page.{name}"))).is_err() {
            return Outcome::Failed("cannot copy the page".into());
        }
        let r = crate::pipeline::load_with_docs(
            &[metadata.to_path_buf()],
            &[dir],
            &mut Default::default(),
        );
        judge(r.map(|_| ()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seed_gives_the_same_mutants() {
        let input = br#"<a><b x="1"><b/></b><c y="2">t</c></a>"#;
        let run = |seed| {
            let mut rng = Rng(seed);
            (0..50)
                .map(|_| mutate(&mut rng, input, input))
                .collect::<Vec<_>>()
        };
        assert_eq!(run(3), run(3));
        assert_ne!(run(3), run(4));
    }

    #[test]
    fn elements_and_attributes_are_found() {
        let b = br#"<a><b x="1"><b/></b><c y="2">t</c></a>"#;
        let starts = tag_starts(b);
        assert_eq!(starts, [0, 3, 12, 20]);
        // <b x="1"> ... </b>, skipping the nested empty <b/>.
        assert_eq!(&b[3..element_end(b, 3).unwrap()], br#"<b x="1"><b/></b>"#);
        assert_eq!(&b[12..element_end(b, 12).unwrap()], b"<b/>");
        assert_eq!(element_end(b, 0), Some(b.len()));
        let attrs: Vec<&[u8]> = attributes(b).into_iter().map(|(s, e)| &b[s..e]).collect();
        assert_eq!(attrs, [&br#" x="1""#[..], &br#" y="2""#[..]]);
    }
}
