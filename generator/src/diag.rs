//! Diagnostics: positioned errors and warnings shared by every stage.

use std::fmt;
use std::sync::Arc;

use serde::Serialize;

/// A position in an input file, printed as `file:line:col` (both 1-based).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Location {
    /// The file as the user named it.
    pub file: Arc<str>,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, counted in characters.
    pub col: u32,
}

impl Location {
    /// The start of the file (or directory) at `path`.
    pub fn of_path(path: &std::path::Path) -> Self {
        Location {
            file: path.display().to_string().into(),
            line: 1,
            col: 1,
        }
    }

    /// A location at the start of `file`.
    pub fn start_of(file: &Arc<str>) -> Self {
        Location {
            file: file.clone(),
            line: 1,
            col: 1,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.col)
    }
}

/// How bad a diagnostic is. Errors stop generation; warnings never do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Generation cannot produce correct output.
    Error,
    /// The generator handled it, but the input is unusual.
    Warning,
}

/// One finding, with a stable code and where it was found.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// A stable, kebab-case code, for example `dangling-type`.
    pub code: &'static str,
    /// What was found and what was expected.
    pub message: String,
    /// Where it was found.
    pub location: Location,
}

impl Diagnostic {
    /// An error.
    pub fn error(code: &'static str, location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            location,
        }
    }

    /// A warning.
    pub fn warning(code: &'static str, location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            code,
            message: message.into(),
            location,
        }
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{}: {sev}[{}]: {}",
            self.location, self.code, self.message
        )
    }
}

/// Maps byte offsets of one text to 1-based line and column.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Index the line starts of `text`.
    pub fn new(text: &[u8]) -> Self {
        let mut starts = vec![0];
        starts.extend(
            text.iter()
                .enumerate()
                .filter(|(_, b)| **b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex { starts }
    }

    /// The location of byte `offset` in `text` (the same text the index was built from).
    pub fn locate(&self, file: &Arc<str>, text: &[u8], offset: usize) -> Location {
        let offset = offset.min(text.len());
        let line = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = self.starts.get(line).copied().unwrap_or(0);
        let slice = text.get(start..offset).unwrap_or_default();
        // Count characters, not bytes: skip UTF-8 continuation bytes.
        let col = slice.iter().filter(|b| (**b & 0xC0) != 0x80).count();
        Location {
            file: file.clone(),
            line: (line + 1) as u32,
            col: (col + 1) as u32,
        }
    }
}

/// Print diagnostics, errors first, then a summary line. Returns true if any was an error.
pub fn report(diags: &[Diagnostic], out: &mut dyn std::io::Write) -> bool {
    let mut sorted: Vec<&Diagnostic> = diags.iter().collect();
    sorted.sort();
    let errors = sorted.iter().filter(|d| d.is_error()).count();
    let warnings = sorted.len() - errors;
    // Errors in full; warnings are many on real Graph CSDL, so show the first few.
    const SHOWN_WARNINGS: usize = 20;
    for d in sorted.iter().filter(|d| d.is_error()) {
        let _ = writeln!(out, "{d}");
    }
    for d in sorted.iter().filter(|d| !d.is_error()).take(SHOWN_WARNINGS) {
        let _ = writeln!(out, "{d}");
    }
    if warnings > SHOWN_WARNINGS {
        let _ = writeln!(
            out,
            "... and {} more warnings (see `cargo xtask model --json`)",
            warnings - SHOWN_WARNINGS
        );
    }
    if errors > 0 {
        let _ = writeln!(out, "{errors} error(s), {warnings} warning(s)");
    }
    errors > 0
}
