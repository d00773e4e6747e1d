//! Writing the generated crate: only the files that changed, through a
//! staging directory, and removing only files the generator wrote before
//! (those its lock file lists). Everything else in the output directory (a
//! README of the maintainer's, LICENSE, CHANGELOG, `examples/`) is left alone.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::diag::{Diagnostic, Location};
use crate::lock::{Lock, LOCK_FILE};

/// Which files under the output directory the generator may replace or remove.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Owned {
    /// The directory does not exist or holds no files.
    Fresh,
    /// The files a lock file lists (and the lock file itself).
    Listed(BTreeSet<String>),
    /// A directory without a lock file that the user handed over (`--adopt`):
    /// generated files are written over, no other file is removed.
    Adopted,
}

impl Owned {
    /// Whether the generator wrote `rel` before and may remove it.
    fn removable(&self, rel: &str) -> bool {
        match self {
            Owned::Listed(files) => files.contains(rel),
            Owned::Fresh | Owned::Adopted => false,
        }
    }
}

/// What the generator owns in `out`: from its lock file; a directory with
/// files but no lock file is refused unless `adopt`.
pub fn owned(out: &Path, adopt: bool) -> Result<Owned, Diagnostic> {
    owned_by(out, Lock::read(out)?.as_ref(), adopt)
}

/// [`owned`] with `out`'s lock already read.
pub fn owned_by(out: &Path, lock: Option<&Lock>, adopt: bool) -> Result<Owned, Diagnostic> {
    if let Some(lock) = lock {
        let mut files: BTreeSet<String> = lock.files.iter().cloned().collect();
        files.insert(LOCK_FILE.to_owned());
        return Ok(Owned::Listed(files));
    }
    let existing = existing_files(out);
    if existing.is_empty() {
        return Ok(Owned::Fresh);
    }
    if adopt {
        return Ok(Owned::Adopted);
    }
    Err(Diagnostic::error(
        "not-generated",
        Location::of_path(out),
        format!(
            "the directory holds {} file(s) (such as {}) but no {LOCK_FILE}, so this generator \
             did not write it (or a version before lock files did): nothing was written. Pass \
             `--adopt` to generate into it anyway: generated files are written over, no other \
             file is removed",
            existing.len(),
            existing.first().map(String::as_str).unwrap_or_default()
        ),
    ))
}

/// Files under `dir` (relative, `/`-separated), ignoring `target/` and hidden entries.
fn existing_files(dir: &Path) -> Vec<String> {
    fn walk(base: &Path, dir: &Path, depth: usize, out: &mut Vec<String>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.filter_map(Result::ok) {
            let path = e.path();
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || name == "target" {
                continue;
            }
            // Symbolic links are listed, never followed (no loops).
            let is_dir = e.file_type().map(|t| t.is_dir()).unwrap_or(false);
            if is_dir {
                if depth < 64 {
                    walk(base, &path, depth + 1, out);
                }
            } else if let Ok(rel) = path.strip_prefix(base) {
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, 0, &mut out);
    out.sort();
    out
}

/// How the files on disk differ from the generated ones.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Diff {
    /// Generated files whose content on disk differs.
    pub changed: Vec<String>,
    /// Generated files that are not on disk.
    pub missing: Vec<String>,
    /// Files the generator wrote before that it does not write any more.
    pub extra: Vec<String>,
}

impl Diff {
    /// Nothing differs.
    pub fn is_empty(&self) -> bool {
        self.changed.is_empty() && self.missing.is_empty() && self.extra.is_empty()
    }
}

/// Compare `files` with what is on disk under `dir`; `extra` lists the files
/// on disk that the lock in `dir` names and `files` does not have.
pub fn diff(files: &BTreeMap<String, String>, dir: &Path) -> Diff {
    let owned = owned(dir, true).unwrap_or(Owned::Adopted);
    diff_owned(files, dir, &owned)
}

/// [`diff`] with what the generator owns in `dir` already known.
pub fn diff_owned(files: &BTreeMap<String, String>, dir: &Path, owned: &Owned) -> Diff {
    let mut d = Diff::default();
    for (rel, text) in files {
        match std::fs::read(dir.join(rel)) {
            Ok(bytes) if bytes == text.as_bytes() => {}
            Ok(_) => d.changed.push(rel.clone()),
            Err(_) => d.missing.push(rel.clone()),
        }
    }
    d.extra = existing_files(dir)
        .into_iter()
        .filter(|rel| !files.contains_key(rel) && owned.removable(rel))
        .collect();
    d
}

/// Files that differ between `files` and what is on disk under `dir`, each
/// with why: `(differs)`, `(missing)` or `(not generated any more)`.
pub fn stale_files(files: &BTreeMap<String, String>, dir: &Path) -> Vec<String> {
    stale_in(&diff(files, dir))
}

/// The lines of [`stale_files`] for a [`Diff`].
pub fn stale_in(d: &Diff) -> Vec<String> {
    let changed = d.changed.iter().map(|f| format!("{f} (differs)"));
    let missing = d.missing.iter().map(|f| format!("{f} (missing)"));
    let extra = d
        .extra
        .iter()
        .map(|f| format!("{f} (not generated any more)"));
    changed.chain(missing).chain(extra).collect()
}

/// Bring `out` to `files`, which must be complete (generation has
/// succeeded), removing the files the generator wrote before and no longer
/// writes (by `out`'s lock file) and no other. New and changed files are
/// written to a staging directory beside `out` first and moved into place
/// only when all are written; removals come last; unchanged files are not
/// touched. A failure while staging leaves `out` as it was. A directory with
/// files but no lock file is refused unless `adopt`. Returns how many files
/// were written and removed.
pub fn write_output(
    files: &BTreeMap<String, String>,
    out: &Path,
    adopt: bool,
) -> Result<(usize, usize), Diagnostic> {
    write_owned(files, out, &owned(out, adopt)?)
}

/// [`write_output`] with what the generator owns in `out` already known
/// (from [`owned_by`]).
pub fn write_owned(
    files: &BTreeMap<String, String>,
    out: &Path,
    owned: &Owned,
) -> Result<(usize, usize), Diagnostic> {
    let fail = |what: &str, p: &Path, e: std::io::Error| {
        Diagnostic::error("io", Location::of_path(p), format!("cannot {what}: {e}"))
    };
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "generated".into());
    std::fs::create_dir_all(parent).map_err(|e| fail("create the directory", parent, e))?;
    let fresh = !out.exists();
    let d = if fresh {
        Diff {
            missing: files.keys().cloned().collect(),
            ..Diff::default()
        }
    } else {
        diff_owned(files, out, owned)
    };
    if d.is_empty() {
        return Ok((0, 0));
    }
    let staging = parent.join(format!(".{name}.staging-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);
    let to_write: Vec<&String> = d.changed.iter().chain(&d.missing).collect();
    let staged = (|| {
        for rel in &to_write {
            let path = staging.join(rel);
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).map_err(|e| fail("create the directory", dir, e))?;
            }
            let text = files.get(*rel).map(String::as_str).unwrap_or_default();
            std::fs::write(&path, text).map_err(|e| fail("write", &path, e))?;
        }
        Ok(())
    })();
    if let Err(e) = staged {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e);
    }
    if fresh {
        // One rename puts the whole crate in place.
        return std::fs::rename(&staging, out)
            .map(|_| (to_write.len(), 0))
            .map_err(|e| fail("move into place", out, e));
    }
    for rel in &to_write {
        let target = out.join(rel);
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir).map_err(|e| fail("create the directory", dir, e))?;
        }
        std::fs::rename(staging.join(rel), &target)
            .map_err(|e| fail("move into place", &target, e))?;
    }
    let _ = std::fs::remove_dir_all(&staging);
    for rel in &d.extra {
        let path = out.join(rel);
        std::fs::remove_file(&path).map_err(|e| fail("remove", &path, e))?;
        // Drop directories this left empty (fails harmlessly when not empty).
        let mut dir = path.parent();
        while let Some(p) = dir.filter(|p| *p != out) {
            if std::fs::remove_dir(p).is_err() {
                break;
            }
            dir = p.parent();
        }
    }
    Ok((to_write.len(), d.extra.len()))
}
