//! The lock file of a generated crate, `msgraph-lock.json`: what it was
//! generated from (each CSDL file and doc directory with its SHA-256, and
//! where a fetched CSDL came from), by which generator, with which options,
//! and which files the generator wrote. It is written with the crate and is
//! one of its files, so `regenerate --check` holds it to the inputs too.
//!
//! The generator owns exactly the files the lock lists: a regeneration
//! removes those it no longer writes and leaves every other file alone.
//!
//! `cargo xtask fetch-metadata` leaves a small record beside the CSDL it
//! downloads (`FILE.fetch.json`: URL, SHA-256, size, time); when the CSDL
//! still has that hash, the lock copies the record.

use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::diag::{Diagnostic, Location};
use crate::emit::Options;

/// The lock file's name in the output directory.
pub const LOCK_FILE: &str = "msgraph-lock.json";

/// The version of the lock file's format.
pub const LOCK_VERSION: u32 = 1;

/// The generator that wrote a lock.
pub const GENERATOR: &str = concat!("msgraph-generator ", env!("CARGO_PKG_VERSION"));

/// The lock file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lock {
    /// [`LOCK_VERSION`].
    pub lock_version: u32,
    /// [`GENERATOR`] when it was written.
    pub generator: String,
    /// The CSDL files, in the order they were read.
    pub metadata: Vec<Input>,
    /// The doc page directories.
    pub docs: Vec<DocsInput>,
    /// Every option that shapes the output.
    pub options: Options,
    /// The files the generator wrote, relative to the crate's root, sorted
    /// (this lock file not included).
    pub files: Vec<String>,
}

/// One CSDL file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    /// The path, relative to the output directory when it can be.
    pub path: String,
    /// SHA-256 of the bytes, lower-case hex.
    pub sha256: String,
    /// Size in bytes.
    pub size: u64,
    /// Where it was downloaded from, if `fetch-metadata` fetched it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Fetched>,
}

/// What `fetch-metadata` records about a download.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fetched {
    /// The URL.
    pub url: String,
    /// SHA-256 of the body, lower-case hex.
    pub sha256: String,
    /// Size in bytes.
    pub size: u64,
    /// When (RFC 3339, UTC).
    pub fetched: String,
}

/// One directory of doc pages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocsInput {
    /// The path, relative to the output directory when it can be.
    pub path: String,
    /// SHA-256 over the sorted list of `relative/path SHA-256\n` lines of its pages.
    pub sha256: String,
    /// How many pages (`*.md`, `*.txt`).
    pub pages: usize,
}

/// How a set of inputs differs from the ones a lock records.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct InputChanges {
    /// One line per difference.
    pub lines: Vec<String>,
}

impl Lock {
    /// The lock for `files`, generated from `metadata` and `docs` with `options`.
    pub fn new(
        metadata: Vec<Input>,
        docs: Vec<DocsInput>,
        options: &Options,
        files: &std::collections::BTreeMap<String, String>,
    ) -> Lock {
        Lock {
            lock_version: LOCK_VERSION,
            generator: GENERATOR.to_owned(),
            metadata,
            docs,
            options: options.clone(),
            files: files.keys().filter(|f| *f != LOCK_FILE).cloned().collect(),
        }
    }

    /// The JSON text, ending in a newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }

    /// The lock in `dir`, if there is one: `Ok(None)` when there is no lock
    /// file, an error naming the file when it cannot be read.
    pub fn read(dir: &Path) -> Result<Option<Lock>, Diagnostic> {
        let path = dir.join(LOCK_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(diag(&path, 1, 1, format!("cannot read: {e}"))),
        };
        match serde_json::from_str::<Lock>(&text) {
            Ok(l) if l.lock_version == LOCK_VERSION => Ok(Some(l)),
            Ok(l) => Err(diag(
                &path,
                1,
                1,
                format!(
                    "lock_version {} is not one this generator reads (expected {LOCK_VERSION})",
                    l.lock_version
                ),
            )),
            Err(e) => Err(diag(
                &path,
                e.line(),
                e.column(),
                format!("expected a msgraph lock file: {e}"),
            )),
        }
    }

    /// The lock's CSDL and doc paths, resolved against the output directory `dir`.
    pub fn input_paths(&self, dir: &Path) -> (Vec<PathBuf>, Vec<PathBuf>) {
        let resolve = |p: &str| dir.join(p);
        (
            self.metadata.iter().map(|i| resolve(&i.path)).collect(),
            self.docs.iter().map(|d| resolve(&d.path)).collect(),
        )
    }

    /// How `metadata` and `docs` (hashed now) differ from what this lock
    /// records: added, removed or changed inputs.
    pub fn input_changes(&self, metadata: &[Input], docs: &[DocsInput]) -> InputChanges {
        let mut lines = Vec::new();
        compare(
            "CSDL",
            self.metadata.iter().map(|i| (&i.path, &i.sha256)),
            metadata.iter().map(|i| (&i.path, &i.sha256)),
            &mut lines,
        );
        compare(
            "doc directory",
            self.docs.iter().map(|i| (&i.path, &i.sha256)),
            docs.iter().map(|i| (&i.path, &i.sha256)),
            &mut lines,
        );
        InputChanges { lines }
    }
}

fn compare<'a>(
    what: &str,
    old: impl Iterator<Item = (&'a String, &'a String)>,
    new: impl Iterator<Item = (&'a String, &'a String)>,
    lines: &mut Vec<String>,
) {
    let old: std::collections::BTreeMap<_, _> = old.collect();
    let new: std::collections::BTreeMap<_, _> = new.collect();
    for (path, sha) in &old {
        match new.get(path) {
            None => lines.push(format!("{what} {path} is no longer an input")),
            Some(now) if now != sha => lines.push(format!(
                "{what} {path} changed (SHA-256 {} in the lock, {} now)",
                short(sha),
                short(now)
            )),
            Some(_) => {}
        }
    }
    for path in new.keys().filter(|p| !old.contains_key(*p)) {
        lines.push(format!("{what} {path} is a new input"));
    }
}

fn short(sha: &str) -> &str {
    sha.get(..12).unwrap_or(sha)
}

/// An error in `path` at a (1-based, as serde_json counts) line and column.
pub(crate) fn positioned(
    code: &'static str,
    path: &Path,
    line: usize,
    col: usize,
    message: String,
) -> Diagnostic {
    Diagnostic::error(
        code,
        Location {
            line: u32::try_from(line.max(1)).unwrap_or(u32::MAX),
            col: u32::try_from(col.max(1)).unwrap_or(u32::MAX),
            ..Location::of_path(path)
        },
        message,
    )
}

fn diag(path: &Path, line: usize, col: usize, message: String) -> Diagnostic {
    positioned("lock", path, line, col, message)
}

/// A JSON file that does not read as `expected`: positioned where serde_json stopped.
pub(crate) fn json_error(path: &Path, e: &serde_json::Error, expected: &str) -> Diagnostic {
    positioned(
        "json",
        path,
        e.line(),
        e.column(),
        format!("expected {expected}: {e}"),
    )
}

/// Options given on the command line, over those of the previous lock.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// `--crate-name`.
    pub crate_name: Option<String>,
    /// `--crate-version`.
    pub crate_version: Option<String>,
    /// `--base-url`.
    pub base_url: Option<String>,
    /// `--repository`.
    pub repository: Option<String>,
    /// `--documentation`.
    pub documentation: Option<String>,
}

/// The options of a regeneration: each given on the command line, else the
/// previous lock's, else the default. Without either, the base URL of a
/// CSDL fetched from a `.../$metadata` URL is that URL's directory (a
/// national cloud's CSDL gives a client of that cloud). The runtime
/// dependency is always `runtime_dependency` (it depends on where the
/// output is, not on a choice).
pub fn resolve_options(
    previous: Option<&Lock>,
    o: &Overrides,
    metadata: &[PathBuf],
    runtime_dependency: String,
) -> Options {
    let mut options = previous.map(|l| l.options.clone()).unwrap_or_else(|| {
        let mut d = Options::default();
        if let Some(base) = metadata.first().and_then(|m| fetched_base_url(m)) {
            d.base_url = base;
        }
        d
    });
    if let Some(n) = &o.crate_name {
        options.crate_name = n.clone();
    }
    if let Some(v) = &o.crate_version {
        options.crate_version = v.clone();
    }
    if let Some(b) = &o.base_url {
        options.base_url = b.trim_end_matches('/').to_owned();
    }
    if o.repository.is_some() {
        options.repository = o.repository.clone();
    }
    if o.documentation.is_some() {
        options.documentation = o.documentation.clone();
    }
    options.runtime_dependency = runtime_dependency;
    options
}

/// The service root a fetched CSDL came from: its URL without `/$metadata`.
fn fetched_base_url(csdl: &Path) -> Option<String> {
    let text = std::fs::read_to_string(fetch_record_path(csdl)).ok()?;
    let record: Fetched = serde_json::from_str(&text).ok()?;
    let base = record.url.split('?').next()?.strip_suffix("/$metadata")?;
    Some(base.trim_end_matches('/').to_owned())
}

/// Lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Lower-case hex of `bytes`.
pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    s
}

/// The record `fetch-metadata` keeps beside `csdl`.
pub fn fetch_record_path(csdl: &Path) -> PathBuf {
    let mut name = csdl.file_name().unwrap_or_default().to_os_string();
    name.push(".fetch.json");
    csdl.with_file_name(name)
}

/// Hash the CSDL files and doc directories, with paths relative to `out`.
pub fn hash_inputs(
    metadata: &[PathBuf],
    docs: &[PathBuf],
    out: &Path,
) -> Result<(Vec<Input>, Vec<DocsInput>), Diagnostic> {
    let mut inputs = Vec::new();
    for file in metadata {
        let bytes = std::fs::read(file).map_err(|e| crate::pipeline::io_error(file, &e))?;
        let sha256 = sha256_hex(&bytes);
        let source = std::fs::read_to_string(fetch_record_path(file))
            .ok()
            .and_then(|t| serde_json::from_str::<Fetched>(&t).ok())
            .filter(|f| f.sha256 == sha256);
        inputs.push(Input {
            path: relative(out, file),
            sha256,
            size: bytes.len() as u64,
            source,
        });
    }
    let mut dirs = Vec::new();
    for dir in docs {
        let files =
            crate::read::docs::page_files(dir).map_err(|e| crate::pipeline::io_error(dir, &e))?;
        let mut digests = Vec::new();
        for f in &files {
            let bytes = std::fs::read(f).map_err(|e| crate::pipeline::io_error(f, &e))?;
            let rel = f
                .strip_prefix(dir)
                .unwrap_or(f)
                .to_string_lossy()
                .replace('\\', "/");
            digests.push((rel, sha256_hex(&bytes)));
        }
        dirs.push(docs_input(out, dir, docs_digest(digests), files.len()));
    }
    Ok((inputs, dirs))
}

/// A doc directory's content hash: SHA-256 of its `relative/path sha256\n`
/// lines sorted by path (the pages' bytes, wherever the directory is).
pub fn docs_digest(mut digests: Vec<(String, String)>) -> String {
    digests.sort();
    let mut listing = String::new();
    for (rel, sha) in &digests {
        listing.push_str(rel);
        listing.push(' ');
        listing.push_str(sha);
        listing.push('\n');
    }
    sha256_hex(listing.as_bytes())
}

/// The lock's entry for doc directory `dir`.
pub fn docs_input(out: &Path, dir: &Path, sha256: String, pages: usize) -> DocsInput {
    DocsInput {
        path: relative(out, dir),
        sha256,
        pages,
    }
}

/// `to` as a `/`-separated path relative to the directory `from`, when both
/// are on one root; otherwise `to` made absolute. Neither needs to exist.
pub fn relative(from: &Path, to: &Path) -> String {
    let abs = |p: &Path| {
        std::path::absolute(p)
            .map(|p| normal(&p))
            .unwrap_or_else(|_| normal(p))
    };
    let (from, to) = (abs(from), abs(to));
    let f: Vec<Component> = from.components().collect();
    let t: Vec<Component> = to.components().collect();
    if f.first() != t.first() {
        return to.to_string_lossy().replace('\\', "/");
    }
    let common = f.iter().zip(&t).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_owned(); f.len() - common];
    parts.extend(
        t[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    if parts.is_empty() {
        ".".to_owned()
    } else {
        parts.join("/")
    }
}

/// `p` without `.` components and with `..` applied where it can be.
fn normal(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths() {
        assert_eq!(
            relative(Path::new("/a/b/out"), Path::new("/a/b/metadata/x.xml")),
            "../metadata/x.xml"
        );
        assert_eq!(
            relative(Path::new("/a/b/out"), Path::new("/a/b/out/in")),
            "in"
        );
        assert_eq!(
            relative(Path::new("/a/b/./out/"), Path::new("/a/c/../b/m")),
            "../m"
        );
        assert_eq!(relative(Path::new("/a"), Path::new("/a")), ".");
    }

    #[test]
    fn hex_of_a_known_digest() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn changes_name_each_input() {
        let input = |p: &str, s: &str| Input {
            path: p.into(),
            sha256: s.into(),
            size: 1,
            source: None,
        };
        let lock = Lock::new(
            vec![input("a.xml", "1111"), input("b.xml", "2222")],
            Vec::new(),
            &Options::default(),
            &Default::default(),
        );
        let c = lock.input_changes(&[input("a.xml", "1111"), input("c.xml", "3")], &[]);
        assert_eq!(
            c.lines,
            [
                "CSDL b.xml is no longer an input",
                "CSDL c.xml is a new input"
            ]
        );
        let c = lock.input_changes(&[input("a.xml", "9999"), input("b.xml", "2222")], &[]);
        assert_eq!(
            c.lines,
            ["CSDL a.xml changed (SHA-256 1111 in the lock, 9999 now)"]
        );
        assert!(lock
            .input_changes(&[input("a.xml", "1111"), input("b.xml", "2222")], &[])
            .lines
            .is_empty());
    }
}
