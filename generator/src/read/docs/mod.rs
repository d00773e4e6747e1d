//! Graph's API and resource doc pages, read into facts with their lines.
//!
//! Two formats, both real:
//! - markdown source pages, as in the docs repository ([`markdown`], pulldown-cmark);
//! - rendered text pages, as a browser shows them ([`rendered`]), whose table
//!   cells are split using what the CSDL knows ([`Vocabulary`]).
//!
//! Docs are best-effort enrichment: problems are warnings with `file:line`,
//! never errors.

pub mod conventions;
pub mod markdown;
pub mod rendered;

pub use conventions::{edm_name, is_file_name_description, parse_type_text, possible_values};

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use crate::diag::{Diagnostic, Location};

/// Which source format a page was in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PageFormat {
    /// Markdown source with front matter.
    Markdown,
    /// Text as a browser renders the page.
    RenderedText,
}

/// What a page documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PageKind {
    /// An API call (`doc_type: apiPageType`, or an HTTP request section).
    Api,
    /// A resource (entity or complex type).
    Resource,
    /// An enum type.
    Enum,
    /// Anything else (conceptual pages).
    Other,
}

/// The order a permissions table's header announces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PermissionOrder {
    /// "from least to most privileged"
    LeastToMost,
    /// "from most to least privileged"
    MostToLeast,
    /// The header says neither.
    Unstated,
}

/// A permissions table, normalised to least → most privileged.
/// "Not supported." is an empty list; a row that is absent is `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Permissions {
    /// Delegated (work or school account).
    pub delegated_work: Option<Vec<String>>,
    /// Delegated (personal Microsoft account).
    pub delegated_personal: Option<Vec<String>>,
    /// Application.
    pub application: Option<Vec<String>>,
    /// Line of the table's header.
    pub line: u32,
}

/// One line of the "HTTP request" block.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct HttpLine {
    /// `GET`, `POST`, `PATCH`, `PUT` or `DELETE`.
    pub method: String,
    /// The path exactly as documented, placeholders included.
    pub path: String,
    /// Line in the page.
    pub line: u32,
}

/// A type as a doc table writes it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DocType {
    /// `Edm.String` for primitives; otherwise the linked or named type as
    /// written (`managedDeviceRemoteAction`, or qualified if the page qualified it).
    pub name: String,
    /// `String collection`, `Collection(x)` or `x collection`.
    pub collection: bool,
}

/// A row of a name | type | description table (properties, parameters, relationships).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Row {
    /// The name (first cell), without markup.
    pub name: String,
    /// The type, when the cell could be understood.
    pub ty: Option<DocType>,
    /// The description, without markup.
    pub description: String,
    /// Line in the page.
    pub line: u32,
}

/// A request header row.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Header {
    /// Header name.
    pub name: String,
    /// Value and notes, without markup.
    pub value: String,
}

/// What a call returns on success.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DocResponse {
    /// The status code, e.g. 200.
    pub status: u16,
    /// The returned type, if the page names one (`bulkManagedDeviceActionResult`).
    pub ty: Option<DocType>,
    /// Line of the sentence.
    pub line: u32,
}

/// An example request or response.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Example {
    /// The request's method.
    pub method: Option<String>,
    /// The response's status code.
    pub status: Option<u16>,
    /// The JSON body's text, if any.
    pub body: Option<String>,
    /// Line where the block starts.
    pub line: u32,
}

/// An enum member documented on a page.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DocMember {
    /// Name.
    pub name: String,
    /// Value, when a "Member | Value | Description" table gives one.
    pub value: Option<i64>,
    /// Description.
    pub description: String,
    /// Line in the page.
    pub line: u32,
}

/// One enum of a page that documents several (`enums.md`: a "### name values"
/// heading over each member table).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DocEnum {
    /// The enum's name, from the heading.
    pub name: String,
    /// Line of the member table.
    pub line: u32,
    /// Members.
    pub members: Vec<DocMember>,
}

/// Everything read from one page.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DocPage {
    /// Path relative to the docs directory, `/`-separated.
    pub path: String,
    /// Source format.
    pub format: PageFormat,
    /// What the page documents.
    pub kind: PageKind,
    /// The H1 title.
    pub title: Option<String>,
    /// The page's description (front matter, or the first paragraph).
    pub description: Option<String>,
    /// "Namespace: ..." under the title.
    pub namespace: Option<String>,
    /// The operation name for action/function pages ("executeAction action" → `executeAction`).
    pub operation: Option<String>,
    /// The permissions table.
    pub permissions: Option<Permissions>,
    /// The HTTP request block, in page order.
    pub http: Vec<HttpLine>,
    /// Request headers.
    pub headers: Vec<Header>,
    /// Request body parameters (or function parameters).
    pub parameters: Vec<Row>,
    /// The success response.
    pub response: Option<DocResponse>,
    /// Example requests.
    pub requests: Vec<Example>,
    /// Example responses.
    pub responses: Vec<Example>,
    /// Resource pages: the properties table.
    pub properties: Vec<Row>,
    /// Resource pages: the relationships table.
    pub relationships: Vec<Row>,
    /// Enum pages (or "Possible values are" lists): members.
    pub members: Vec<DocMember>,
    /// Pages that document several enums: one entry per enum.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub enums: Vec<DocEnum>,
}

impl Permissions {
    /// The list a row of `kind` fills.
    pub fn list_mut(&mut self, kind: conventions::PermissionKind) -> &mut Option<Vec<String>> {
        match kind {
            conventions::PermissionKind::DelegatedWork => &mut self.delegated_work,
            conventions::PermissionKind::DelegatedPersonal => &mut self.delegated_personal,
            conventions::PermissionKind::Application => &mut self.application,
        }
    }
}

impl DocPage {
    /// An empty page at `path`.
    pub fn new(path: &str, format: PageFormat) -> Self {
        DocPage {
            path: path.to_owned(),
            format,
            kind: PageKind::Other,
            title: None,
            description: None,
            namespace: None,
            operation: None,
            permissions: None,
            http: Vec::new(),
            headers: Vec::new(),
            parameters: Vec::new(),
            response: None,
            requests: Vec::new(),
            responses: Vec::new(),
            properties: Vec::new(),
            relationships: Vec::new(),
            members: Vec::new(),
            enums: Vec::new(),
        }
    }
}

/// Names the CSDL knows, used to split the cells of rendered-text tables
/// and to recognise type names in free text.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    /// Local names of every type and enum (`managedDevice`, `remoteAction`).
    pub types: BTreeSet<String>,
    /// Names of every property and parameter.
    pub properties: BTreeSet<String>,
}

/// A warning about a page at a line.
pub fn warning(
    file: &str,
    line: u32,
    code: &'static str,
    message: impl Into<String>,
) -> Diagnostic {
    Diagnostic::warning(
        code,
        Location {
            file: file.into(),
            line,
            col: 1,
        },
        message,
    )
}

/// Read every page under `dir` (recursively, `*.md` and `*.txt`), in path order.
/// Unreadable pages are warnings.
pub fn read_dir(dir: &Path, vocab: &Vocabulary) -> (Vec<DocPage>, Vec<Diagnostic>) {
    read_dir_early(dir).finish(vocab)
}

/// Pages read before the CSDL's names are known: markdown pages are parsed,
/// rendered-text pages wait for a [`Vocabulary`] (see [`Early::finish`]).
/// This lets the pages be read while the CSDL is still being resolved.
#[derive(Debug, Default)]
pub struct Early {
    pages: Vec<DocPage>,
    warnings: Vec<Diagnostic>,
    /// (shown, relative path, text) of rendered-text pages.
    rendered: Vec<(String, String, String)>,
    /// (relative path, SHA-256 hex) of every page file read, for the lock file.
    digests: Vec<(String, String)>,
}

impl Early {
    /// The directory's content hash, as the lock file records it (see
    /// [`crate::lock::docs_digest`]), and how many page files it has.
    pub fn digest(&self) -> (String, usize) {
        (
            crate::lock::docs_digest(self.digests.clone()),
            self.digests.len(),
        )
    }

    /// Parse the waiting rendered-text pages with `vocab`; all pages in path order.
    pub fn finish(mut self, vocab: &Vocabulary) -> (Vec<DocPage>, Vec<Diagnostic>) {
        for (shown, rel, text) in &self.rendered {
            let (page, w) = rendered::parse(shown, rel, text, vocab);
            self.warnings.extend(w);
            self.pages.extend(page);
        }
        self.pages.sort_by(|a, b| a.path.cmp(&b.path));
        (self.pages, self.warnings)
    }
}

/// The page files (`*.md`, `*.txt`) under `dir`, sorted: what
/// [`read_dir_early`] reads.
pub fn page_files(dir: &Path) -> std::io::Result<Vec<std::path::PathBuf>> {
    std::fs::read_dir(dir)?;
    let mut files = Vec::new();
    collect(dir, &mut files);
    files.sort();
    Ok(files)
}

/// Read and parse the markdown pages under `dir` on every core; keep the
/// rendered-text pages for [`Early::finish`].
pub fn read_dir_early(dir: &Path) -> Early {
    let mut files = Vec::new();
    collect(dir, &mut files);
    files.sort();
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 8);
    let chunk = files.len().div_ceil(threads).max(1);
    let parts: Vec<Early> = std::thread::scope(|s| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|part| (part, s.spawn(move || read_files(dir, part))))
            .collect();
        handles
            .into_iter()
            .map(|(part, h)| {
                h.join().unwrap_or_else(|_| {
                    // A bug, not a bad page: say so, and which pages were lost.
                    let first = part.first().map(|p| p.display().to_string()).unwrap_or_default();
                    let mut lost = Early::default();
                    lost.warnings.push(Diagnostic::error(
                        "internal",
                        Location::start_of(&Arc::from(first.as_str())),
                        format!(
                            "reading {} page(s) from here on failed: a reader thread panicked; please report this",
                            part.len()
                        ),
                    ));
                    lost
                })
            })
            .collect()
    });
    let mut all = Early::default();
    for p in parts {
        all.pages.extend(p.pages);
        all.warnings.extend(p.warnings);
        all.rendered.extend(p.rendered);
        all.digests.extend(p.digests);
    }
    all
}

fn read_files(dir: &Path, files: &[std::path::PathBuf]) -> Early {
    let mut early = Early::default();
    for file in files {
        let rel = file
            .strip_prefix(dir)
            .unwrap_or(file)
            .to_string_lossy()
            .replace('\\', "/");
        let shown = file.display().to_string();
        let bytes = match std::fs::read(file) {
            Ok(b) => {
                early
                    .digests
                    .push((rel.clone(), crate::lock::sha256_hex(&b)));
                b
            }
            Err(e) => {
                early.warnings.push(warning(
                    &shown,
                    1,
                    "doc-unreadable",
                    format!("cannot read: {e}"),
                ));
                continue;
            }
        };
        match decode(&shown, &bytes) {
            Err(w) => early.warnings.push(w),
            Ok(text) if looks_like_markdown(text) => {
                let (page, w) = markdown::parse(&shown, &rel, text);
                early.warnings.extend(w);
                early.pages.extend(page);
            }
            Ok(text) => early.rendered.push((shown, rel, text.to_owned())),
        }
    }
    early
}

/// The page files under `dir`, following symbolic links to directories but
/// entering each real directory once (a link loop ends there) and at most
/// [`MAX_DIR_DEPTH`] levels down.
fn collect(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let mut seen = std::collections::BTreeSet::new();
    collect_in(dir, out, &mut seen, 0);
}

/// How deep [`collect`] goes below a doc directory.
pub const MAX_DIR_DEPTH: usize = 32;

fn collect_in(
    dir: &Path,
    out: &mut Vec<std::path::PathBuf>,
    seen: &mut std::collections::BTreeSet<std::path::PathBuf>,
    depth: usize,
) {
    let real = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    if depth > MAX_DIR_DEPTH || !seen.insert(real) {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.filter_map(Result::ok) {
        let p = e.path();
        if p.is_dir() {
            collect_in(&p, out, seen, depth + 1);
        } else if matches!(p.extension().and_then(|e| e.to_str()), Some("md" | "txt")) {
            out.push(p);
        }
    }
}

/// The page's text: UTF-8, without a byte-order mark.
fn decode<'b>(shown: &str, bytes: &'b [u8]) -> Result<&'b str, Diagnostic> {
    match std::str::from_utf8(bytes) {
        Ok(t) => Ok(t.strip_prefix('\u{feff}').unwrap_or(t)),
        Err(e) => {
            let line = bytes
                .get(..e.valid_up_to())
                .unwrap_or_default()
                .iter()
                .filter(|b| **b == b'\n')
                .count() as u32
                + 1;
            Err(warning(
                shown,
                line,
                "doc-not-utf8",
                "the page is not UTF-8 text; skipped",
            ))
        }
    }
}

/// Read one page. `shown` names it in warnings; `rel` is its path relative to the docs dir.
pub fn read_page(
    shown: &str,
    rel: &str,
    bytes: &[u8],
    vocab: &Vocabulary,
) -> (Option<DocPage>, Vec<Diagnostic>) {
    let text = match decode(shown, bytes) {
        Ok(t) => t,
        Err(w) => return (None, vec![w]),
    };
    if looks_like_markdown(text) {
        markdown::parse(shown, rel, text)
    } else {
        rendered::parse(shown, rel, text, vocab)
    }
}

/// Markdown source pages start with front matter or have `#` headings or `|` tables.
fn looks_like_markdown(text: &str) -> bool {
    text.starts_with("---")
        || text
            .lines()
            .any(|l| l.starts_with("# ") || l.starts_with("## ") || l.starts_with('|'))
}

#[cfg(test)]
mod tests {
    use super::{is_file_name_description, possible_values};

    #[test]
    fn file_name_descriptions_are_recognised() {
        for placeholder in [
            "Intune Devices Manageddevice Executeaction Api .",
            "Intune Shared Remoteactionaudit Create Api .",
            "Intune Devices Windowsdriverupdateprofile Executeaction Api",
        ] {
            assert!(is_file_name_description(placeholder), "{placeholder}");
        }
        for real in [
            "Create a new remoteActionAudit object.",
            "Retire Device",
            "Get Managed Device.",
            "Update the properties of a managedDevice object.",
        ] {
            assert!(!is_file_name_description(real), "{real}");
        }
    }

    fn v(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn possible_values_with_backticks() {
        let d = "Ownership. Possible values are: `unknown`, `company`, `personal`. Read-only.";
        assert_eq!(possible_values(d), v(&["unknown", "company", "personal"]));
    }

    #[test]
    fn possible_values_plain_and_lowercase_phrase() {
        let d = "The theme. The possible values are: none, dark, light, unknownFutureValue.";
        assert_eq!(
            possible_values(d),
            v(&["none", "dark", "light", "unknownFutureValue"])
        );
    }

    #[test]
    fn possible_values_to_the_end_without_colon() {
        assert_eq!(
            possible_values("Possible values are `a`, `b`, and `c`"),
            v(&["a", "b", "c"])
        );
        assert_eq!(
            possible_values("Possible values are: x or y"),
            v(&["x", "y"])
        );
    }

    #[test]
    fn possible_values_dots_inside_names() {
        let d =
            "Possible values are: `microsoft.graph.user`, `v1.0`, `beta`. Other text, with commas.";
        assert_eq!(
            possible_values(d),
            v(&["microsoft.graph.user", "v1.0", "beta"])
        );
    }

    #[test]
    fn possible_values_skip_prose_items() {
        let d = "Visibility. Possible values are: Private, Public, HiddenMembership, or empty (which is interpreted as Public).";
        assert_eq!(
            possible_values(d),
            v(&["Private", "Public", "HiddenMembership", "empty"])
        );
        let d = "Possible values are: discovery (Discovery Service), ipp (IPP Service), and other.";
        assert_eq!(possible_values(d), v(&["discovery", "ipp", "other"]));
        assert_eq!(
            possible_values("Possible values are 1. \"sig\" (signature) 2. \"enc\""),
            v(&[])
        );
        assert_eq!(
            possible_values("Possible values are listed in the table below."),
            v(&[])
        );
    }

    #[test]
    fn possible_values_absent() {
        assert!(possible_values("").is_empty());
        assert!(possible_values("The name of the thing.").is_empty());
        assert!(possible_values("Possible values are").is_empty());
        assert!(possible_values("Possible values are:").is_empty());
    }
}
