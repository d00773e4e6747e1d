//! Rendered text pages: what a browser shows of a Graph doc page.
//!
//! Headings are plain lines ("Permissions", "HTTP Request", ...), table rows
//! are lines whose cells are separated by single spaces, and code blocks are
//! plain lines. Sections are recognised by whole-line headings; table cells
//! are split using what the CSDL knows ([`Vocabulary`]): a row's type is the
//! run of words after the name that forms a known type.
//!
//! Everything is best effort: unknown content is skipped, doubtful content is
//! a warning with its line, and no input makes the reader panic.

use super::conventions::{
    self, heading, method, permission_label_at, permission_names, permission_order,
    strip_prefix_ci, Heading,
};
use super::{
    edm_name, parse_type_text, warning, DocMember, DocPage, DocResponse, DocType, Example,
    HttpLine, PageKind, PermissionOrder, Permissions, Row, Vocabulary,
};
use crate::diag::Diagnostic;

/// Read a rendered-text page, splitting table cells with `vocab`.
pub fn parse(
    shown: &str,
    rel: &str,
    text: &str,
    vocab: &Vocabulary,
) -> (Option<DocPage>, Vec<Diagnostic>) {
    if text.trim().is_empty() {
        return (
            None,
            vec![warning(shown, 1, "doc-empty", "the page is empty; skipped")],
        );
    }
    let mut reader = Reader::new(shown, rel, vocab);
    for (i, raw) in text.lines().enumerate() {
        let line = u32::try_from(i + 1).unwrap_or(u32::MAX);
        reader.line(line, raw);
    }
    reader.finish()
}

/// The section a line belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    /// Before the first heading: title, namespace, notes, description.
    Preamble,
    Permissions,
    Http,
    Headers,
    /// "Request body" or function parameters: rows are parameters.
    Body,
    /// The success response sentence.
    Response,
    ExampleRequest,
    ExampleResponse,
    Properties,
    Relationships,
    /// An enum page's "Members" table.
    Members,
    /// A heading we know but take nothing from.
    Other,
}

/// Which example list an example block is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ExampleKind {
    Request,
    Response,
}

/// A JSON body being collected, until its braces balance.
#[derive(Debug)]
struct Body {
    kind: ExampleKind,
    index: usize,
    start: u32,
    depth: i64,
    lines: Vec<String>,
}

impl Body {
    /// Add a line; true when the braces balance after it.
    fn feed(&mut self, raw: &str) -> bool {
        let mut in_string = false;
        let mut escaped = false;
        for c in raw.chars() {
            if in_string {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == '"' {
                    in_string = false;
                }
            } else {
                match c {
                    '"' => in_string = true,
                    '{' | '[' => self.depth += 1,
                    '}' | ']' => self.depth -= 1,
                    _ => {}
                }
            }
        }
        self.lines.push(raw.trim_end().to_owned());
        self.depth <= 0
    }
}

/// The description paragraph's progress in the preamble.
#[derive(Debug, PartialEq, Eq)]
enum Description {
    NotStarted,
    /// Inside a paragraph that is not the description (a note).
    Skipping,
    Reading(Vec<String>),
    Done,
}

struct Reader<'a> {
    shown: &'a str,
    vocab: &'a Vocabulary,
    page: DocPage,
    warnings: Vec<Diagnostic>,
    section: Section,
    /// An "Example" heading (or "Request") was seen: "Response" is an example.
    in_examples: bool,
    /// Whether the current section's table header was seen and no blank line since.
    in_table: bool,
    /// The order the permissions table's header announced.
    order: Option<PermissionOrder>,
    description: Description,
    /// The example that may still receive a JSON body.
    pending: Option<(ExampleKind, usize)>,
    body: Option<Body>,
}

impl<'a> Reader<'a> {
    fn new(shown: &'a str, rel: &str, vocab: &'a Vocabulary) -> Self {
        Reader {
            shown,
            vocab,
            page: DocPage::new(rel, super::PageFormat::RenderedText),
            warnings: Vec::new(),
            section: Section::Preamble,
            in_examples: false,
            in_table: false,
            order: None,
            description: Description::NotStarted,
            pending: None,
            body: None,
        }
    }

    fn warn(&mut self, line: u32, code: &'static str, message: impl Into<String>) {
        self.warnings.push(warning(self.shown, line, code, message));
    }

    fn line(&mut self, line: u32, raw: &str) {
        let t = raw.trim();
        if let Some(mut body) = self.body.take() {
            if heading(t).is_some() {
                // A heading never occurs inside JSON: the body was cut short.
                self.warn(
                    body.start,
                    "doc-json-unbalanced",
                    "the JSON body's braces do not balance before the next heading",
                );
                self.store_body(body);
            } else if body.feed(raw) {
                self.store_body(body);
                return;
            } else {
                self.body = Some(body);
                return;
            }
        }
        if t.is_empty() {
            self.in_table = false;
            if let Description::Reading(_) | Description::Skipping = self.description {
                self.end_paragraph();
            }
            return;
        }
        if let Some(h) = heading(t) {
            self.enter(h);
            return;
        }
        if self.page.title.is_none() {
            self.page.title = Some(collapse(t));
            return;
        }
        match self.section {
            Section::Preamble => self.preamble(t),
            Section::Permissions => self.permissions(line, t),
            Section::Http => self.http(line, t),
            Section::Headers => self.header(t),
            Section::Body | Section::Properties | Section::Relationships => self.table_row(line, t),
            Section::Members => self.member(line, t),
            Section::Response => self.response(line, t),
            Section::ExampleRequest | Section::ExampleResponse => self.example(line, raw, t),
            Section::Other => {}
        }
    }

    /// Switch to the section a heading opens.
    fn enter(&mut self, h: Heading) {
        if self.section == Section::Preamble {
            self.end_paragraph();
            self.description = Description::Done;
        }
        self.in_table = false;
        self.pending = None;
        self.section = match h {
            Heading::Permissions => Section::Permissions,
            Heading::Http => Section::Http,
            Heading::Headers => Section::Headers,
            Heading::Body => Section::Body,
            Heading::Response if self.in_examples => Section::ExampleResponse,
            Heading::Response => Section::Response,
            Heading::Example => {
                self.in_examples = true;
                Section::Other
            }
            Heading::Request => {
                self.in_examples = true;
                Section::ExampleRequest
            }
            Heading::Properties => Section::Properties,
            Heading::Relationships => Section::Relationships,
            Heading::Members => Section::Members,
            Heading::Other => Section::Other,
        };
    }

    fn end_paragraph(&mut self) {
        match std::mem::replace(&mut self.description, Description::NotStarted) {
            Description::Reading(lines) => {
                self.page.description = Some(lines.join(" "));
                self.description = Description::Done;
            }
            Description::Done => self.description = Description::Done,
            Description::NotStarted | Description::Skipping => {}
        }
    }

    /// Namespace, notes and the description paragraph.
    fn preamble(&mut self, t: &str) {
        if let Some(ns) = conventions::namespace_line(t) {
            if self.page.namespace.is_none() && !ns.is_empty() {
                self.page.namespace = Some(ns.to_owned());
            }
            return;
        }
        let note = conventions::is_note(t);
        let cloud = t.contains("national cloud deployments") || starts_with_ci(t, "Global service");
        match &mut self.description {
            Description::Reading(lines) if !note && !cloud => lines.push(collapse(t)),
            Description::Reading(_) => self.end_paragraph(),
            Description::NotStarted if note || cloud => self.description = Description::Skipping,
            Description::NotStarted => self.description = Description::Reading(vec![collapse(t)]),
            Description::Skipping | Description::Done => {}
        }
    }

    /// The permissions table: a "Permission type ..." header, then one row per known label.
    fn permissions(&mut self, line: u32, t: &str) {
        if let Some(announced) = strip_prefix_ci(t, "Permission type") {
            let perms = self
                .page
                .permissions
                .get_or_insert_with(Permissions::default);
            if self.order.is_none() {
                self.order = Some(permission_order(announced));
                perms.line = line;
            }
            self.in_table = true;
            return;
        }
        let Some((kind, rest)) = permission_label_at(t) else {
            if self.in_table {
                self.warn(
                    line,
                    "doc-permission-row",
                    format!("unknown permissions row: {t}"),
                );
            }
            return;
        };
        let (mut list, other) = permission_names(rest);
        if !self.in_table && !other.is_empty() {
            // A label-like line of prose outside a table.
            return;
        }
        if !other.is_empty() {
            self.warn(
                line,
                "doc-permission-row",
                conventions::left_out_of_permissions(&other),
            );
        }
        let perms = self.page.permissions.get_or_insert_with(|| Permissions {
            line,
            ..Permissions::default()
        });
        if self.order == Some(PermissionOrder::MostToLeast) {
            list.reverse();
        }
        let target = perms.list_mut(kind);
        if target.is_none() {
            *target = Some(list);
        }
        self.in_table = true;
    }

    /// `METHOD /path` lines; prose is skipped.
    fn http(&mut self, line: u32, t: &str) {
        let mut words = t.split_whitespace();
        let (Some(word), Some(path)) = (words.next(), words.next()) else {
            return;
        };
        if !path.starts_with('/') {
            return;
        }
        let path = t.get(word.len()..).unwrap_or_default().trim();
        if let Some(method) = method(word) {
            self.page.http.push(HttpLine {
                method: method.to_owned(),
                path: path.to_owned(),
                line,
            });
        } else {
            self.warn(
                line,
                "doc-http-method",
                format!("unknown HTTP method `{word}` before {path}"),
            );
        }
    }

    /// Request header rows, after the "Header Value" line.
    fn header(&mut self, t: &str) {
        if conventions::is_header_table_header(t) {
            self.in_table = true;
            return;
        }
        if !self.in_table {
            return;
        }
        let Some(first) = t.split_whitespace().next() else {
            return;
        };
        let rest = t.get(first.len()..).unwrap_or_default();
        self.page
            .headers
            .extend(conventions::header_row(first, &[rest]));
    }

    /// Rows of a "Property|Parameter|Name|Relationship Type Description" table.
    fn table_row(&mut self, line: u32, t: &str) {
        if conventions::is_typed_table_header(t) {
            self.in_table = true;
            return;
        }
        if !self.in_table {
            return;
        }
        let row = self.split_row(line, t);
        match self.section {
            Section::Body => self.page.parameters.push(row),
            Section::Properties => self.page.properties.push(row),
            Section::Relationships => self.page.relationships.push(row),
            _ => {}
        }
    }

    /// Rows of an enum page's "Member Value Description" table.
    fn member(&mut self, line: u32, t: &str) {
        if conventions::is_member_table_header(t) {
            self.in_table = true;
            return;
        }
        if !self.in_table {
            return;
        }
        let words = words_at(t);
        let Some(&(_, name)) = words.first() else {
            return;
        };
        let value = words.get(1).and_then(|(_, w)| w.parse::<i64>().ok());
        let skip = if value.is_some() { 2 } else { 1 };
        let description = match words.get(skip) {
            Some(&(at, _)) => t.get(at..).unwrap_or_default().trim().to_owned(),
            None => String::new(),
        };
        self.page.members.push(DocMember {
            name: name.to_owned(),
            value,
            description,
            line,
        });
    }

    /// Split a row into name, type and description with the vocabulary.
    fn split_row(&mut self, line: u32, t: &str) -> Row {
        let words = words_at(t);
        let Some(&(_, name)) = words.first() else {
            return Row {
                name: String::new(),
                ty: None,
                description: String::new(),
                line,
            };
        };
        if !self.vocab.properties.is_empty()
            && !self.vocab.properties.contains(name)
            && !name.starts_with('@')
        {
            self.warn(
                line,
                "doc-rendered-unknown-name",
                format!("`{name}` is not a property or parameter the CSDL knows"),
            );
        }
        let rest = words.get(1..).unwrap_or_default();
        let count = type_words(rest, self.vocab);
        let type_text = rest
            .iter()
            .take(count)
            .map(|(_, w)| *w)
            .collect::<Vec<_>>()
            .join(" ");
        let description = match rest.get(count) {
            Some(&(at, _)) => t.get(at..).unwrap_or_default().trim().to_owned(),
            None => String::new(),
        };
        let ty = if count == 0 {
            None
        } else {
            parse_type_text(&type_text)
        };
        if ty.is_none() {
            self.warn(
                line,
                "doc-rendered-cell",
                format!("no known type after the name in: {t}"),
            );
        }
        Row {
            name: name.to_owned(),
            ty,
            description,
            line,
        }
    }

    /// The success sentence: "... returns a 201 Created response code and a X object ...".
    fn response(&mut self, line: u32, t: &str) {
        if t.starts_with("HTTP/") {
            self.in_examples = true;
            self.section = Section::ExampleResponse;
            self.example(line, t, t);
            return;
        }
        if self.page.response.is_some() {
            return;
        }
        if let Some((status, ty)) = response_sentence(t, self.vocab) {
            self.page.response = Some(DocResponse { status, ty, line });
        }
    }

    /// Example blocks: a request or status line, header lines, then a JSON body.
    fn example(&mut self, line: u32, raw: &str, t: &str) {
        let first = t.split_whitespace().next().unwrap_or_default();
        if self.section == Section::ExampleRequest && method(first).is_some() {
            let Some(method) = conventions::request_line(t) else {
                self.pending = None;
                return;
            };
            self.page.requests.push(Example {
                method: Some(method.to_owned()),
                status: None,
                body: None,
                line,
            });
            self.pending = Some((ExampleKind::Request, self.page.requests.len() - 1));
            return;
        }
        if self.section == Section::ExampleResponse && first.starts_with("HTTP/") {
            self.page.responses.push(Example {
                method: None,
                status: conventions::status_line(t),
                body: None,
                line,
            });
            self.pending = Some((ExampleKind::Response, self.page.responses.len() - 1));
            return;
        }
        let Some((kind, index)) = self.pending else {
            return;
        };
        if t.starts_with('{') || t.starts_with('[') {
            self.pending = None;
            let mut body = Body {
                kind,
                index,
                start: line,
                depth: 0,
                lines: Vec::new(),
            };
            if body.feed(raw) {
                self.store_body(body);
            } else {
                self.body = Some(body);
            }
        } else if !is_header_line(t) {
            // Prose or code that is not this example's JSON.
            self.pending = None;
        }
    }

    fn store_body(&mut self, body: Body) {
        let list = match body.kind {
            ExampleKind::Request => &mut self.page.requests,
            ExampleKind::Response => &mut self.page.responses,
        };
        if let Some(example) = list.get_mut(body.index) {
            example.body = Some(body.lines.join("\n"));
        }
    }

    fn finish(mut self) -> (Option<DocPage>, Vec<Diagnostic>) {
        if let Some(body) = self.body.take() {
            self.warn(
                body.start,
                "doc-json-unbalanced",
                "the JSON body's braces do not balance at the end of the page",
            );
            self.store_body(body);
        }
        if self.section == Section::Preamble {
            self.end_paragraph();
        }
        let page = &mut self.page;
        page.kind = if !page.http.is_empty() {
            PageKind::Api
        } else if !page.properties.is_empty() || !page.relationships.is_empty() {
            PageKind::Resource
        } else if !page.members.is_empty() {
            PageKind::Enum
        } else {
            PageKind::Other
        };
        if page.kind == PageKind::Api {
            page.operation = page
                .title
                .as_deref()
                .and_then(|t| conventions::operation_name(t, &page.http));
        }
        (Some(self.page), self.warnings)
    }
}

/// How many of `words` form a type: an Edm word or a known type, optionally
/// followed by `collection`; 0 when the first word is neither.
fn type_words(words: &[(usize, &str)], vocab: &Vocabulary) -> usize {
    let Some(&(_, first)) = words.first() else {
        return 0;
    };
    if !is_type_word(first, vocab) {
        return 0;
    }
    match words.get(1) {
        Some(&(_, "collection")) => 2,
        Some(&(_, "Collection")) => match words.get(2) {
            // "Collection of ..." starts the description.
            Some(&(_, next)) if next.eq_ignore_ascii_case("of") => 1,
            _ => 2,
        },
        _ => 1,
    }
}

/// `String`, `Edm.String`, `Collection(Edm.String)`, `remoteAction`, `microsoft.graph.remoteAction`.
fn is_type_word(word: &str, vocab: &Vocabulary) -> bool {
    let inner = word
        .strip_prefix("Collection(")
        .and_then(|w| w.strip_suffix(')'))
        .unwrap_or(word);
    if let Some(edm) = inner.strip_prefix("Edm.") {
        return edm_name(edm).is_some();
    }
    if edm_name(inner).is_some() || vocab.types.contains(inner) {
        return true;
    }
    match inner.rsplit_once('.') {
        Some((namespace, local)) => !namespace.is_empty() && vocab.types.contains(local),
        None => false,
    }
}

/// Status code and returned type of a response sentence.
fn response_sentence(t: &str, vocab: &Vocabulary) -> Option<(u16, Option<DocType>)> {
    let lower = t.to_ascii_lowercase();
    if !lower.contains("response code") && !lower.contains("returns") {
        return None;
    }
    let (status, at) = conventions::find_status(t)?;
    // The words after the code: the reason phrase, then what is returned.
    let after: Vec<&str> = t
        .get(at + 3..)
        .unwrap_or_default()
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !(c.is_alphanumeric() || c == '_')))
        .filter(|w| !w.is_empty())
        .collect();
    let after = after.as_slice();
    let is_collection = |i: usize| {
        let before = after.get(..i).unwrap_or_default();
        before
            .iter()
            .any(|w| w.eq_ignore_ascii_case("collection") || w.eq_ignore_ascii_case("array"))
            || after
                .get(i + 1)
                .is_some_and(|w| w.eq_ignore_ascii_case("collection"))
    };
    let known = after.iter().position(|w| {
        !is_stop_word(w)
            && (vocab.types.contains(*w)
                || (w.starts_with(|c: char| c.is_ascii_uppercase()) && edm_name(w).is_some()))
    });
    let named = known.or_else(|| {
        after.iter().enumerate().find_map(|(i, w)| {
            let next = after.get(i + 1)?;
            let marks = ["object", "objects", "collection"]
                .iter()
                .any(|m| next.eq_ignore_ascii_case(m));
            let ident = w.starts_with(|c: char| c.is_ascii_lowercase())
                && w.chars().all(|c| c.is_ascii_alphanumeric());
            (marks && ident && !is_stop_word(w)).then_some(i)
        })
    });
    let ty = named.and_then(|i| {
        let word = after.get(i)?;
        let name = match edm_name(word) {
            Some(edm) if word.starts_with(|c: char| c.is_ascii_uppercase()) => edm.to_owned(),
            _ => (*word).to_owned(),
        };
        Some(DocType {
            name,
            collection: is_collection(i),
        })
    });
    Some((status, ty))
}

/// Words of a response sentence that never name its type.
fn is_stop_word(w: &str) -> bool {
    const STOP: &[&str] = &[
        "a",
        "an",
        "the",
        "and",
        "in",
        "of",
        "ok",
        "created",
        "accepted",
        "no",
        "content",
        "response",
        "code",
        "body",
        "object",
        "objects",
        "collection",
        "returns",
        "this",
        "method",
        "if",
        "successful",
        "new",
        "updated",
        "json",
        "empty",
        "array",
        "that",
        "with",
        "same",
    ];
    STOP.iter().any(|s| s.eq_ignore_ascii_case(w))
}

/// `Name: value` lines of an example block.
fn is_header_line(t: &str) -> bool {
    t.split_once(':')
        .is_some_and(|(name, _)| conventions::is_header_name(name))
}

/// Whitespace-separated words with their byte offsets.
fn words_at(t: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in t.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                out.extend(t.get(s..i).map(|w| (s, w)));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.extend(t.get(s..).map(|w| (s, w)));
    }
    out
}

/// Runs of whitespace as single spaces.
fn collapse(t: &str) -> String {
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn starts_with_ci(t: &str, prefix: &str) -> bool {
    strip_prefix_ci(t, prefix).is_some()
}
