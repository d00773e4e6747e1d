//! Markdown source pages (Graph's docs repository format), read with pulldown-cmark.
//!
//! Two passes: [`blocks`] walks pulldown-cmark's events into a flat list of
//! headings, paragraphs, tables, code blocks and HTML comments, each with its
//! 1-based line; [`Reader`] then walks that list keeping the stack of open
//! sections, and takes facts from the blocks of the sections it knows
//! ("Permissions", "HTTP request", "Request body", "Response", "Example",
//! "Properties", ...). Front matter is split off by hand first.
//!
//! Graph pages have a few conventions the reader knows about:
//! - `[!INCLUDE [...](...)]` paragraphs (skipped for descriptions);
//! - `<!-- { "blockType": "request" } -->` comments before code blocks, which
//!   classify the block;
//! - tab headings `# [HTTP](#tab/http)` inside examples, which are neither the
//!   title nor sections.

mod blocks;

use super::conventions::{
    self, find_status, marked_heading, method, normalise, permission_label, permission_names,
    permission_order, Heading, PermissionKind,
};
use super::{
    edm_name, parse_type_text, warning, DocMember, DocPage, DocResponse, DocType, Example,
    HttpLine, PageKind, PermissionOrder, Permissions, Row,
};
use crate::diag::Diagnostic;
use blocks::{blocks, split_front_matter, Block, CellRow, FrontMatter, Inline, Lines};

/// Read a markdown page. `shown` names the file in warnings, `rel` is its docs-relative path.
pub fn parse(shown: &str, rel: &str, text: &str) -> (Option<DocPage>, Vec<Diagnostic>) {
    let lines = Lines::new(text);
    let mut warnings = Vec::new();
    let front = split_front_matter(text);
    if let Some(line) = front.unterminated {
        warnings.push(warning(
            shown,
            line,
            "doc-front-matter",
            "the front matter has no closing `---`; read as markdown",
        ));
    }
    let body = text.get(front.body_start..).unwrap_or_default();
    let blocks = blocks(body, front.body_start, &lines);
    let mut reader = Reader::new(shown, rel);
    for block in &blocks {
        reader.block(block);
    }
    let page = reader.finish(&front);
    warnings.extend(reader.warnings);
    (Some(page), warnings)
}

// ---------------------------------------------------------------------------
// Pass 2: blocks → facts
// ---------------------------------------------------------------------------

/// Which column of a table holds what.
struct Columns {
    name: usize,
    ty: Option<usize>,
    value: Option<usize>,
    description: Option<usize>,
}

fn find_column(header: &[Inline], pred: impl Fn(&str) -> bool) -> Option<usize> {
    header.iter().position(|h| pred(&normalise(&h.text)))
}

fn cell(cells: &[Inline], i: Option<usize>) -> Option<&Inline> {
    i.and_then(|i| cells.get(i))
}

fn cell_text(cells: &[Inline], i: Option<usize>) -> String {
    cell(cells, i).map(|c| c.text.clone()).unwrap_or_default()
}

/// A code block's `blockType` comment.
fn block_type(html: &str) -> Option<String> {
    let at = html.find("\"blockType\"")?;
    let rest = html
        .get(at + "\"blockType\"".len()..)?
        .trim_start()
        .strip_prefix(':')?
        .trim_start();
    let rest = rest.strip_prefix('"')?;
    let end = rest.find('"')?;
    Some(rest.get(..end)?.trim().to_ascii_lowercase())
}

/// The start (byte offset) of the sentence containing `to`.
fn sentence_start(text: &str, to: usize) -> usize {
    let before = text.get(..to).unwrap_or_default();
    before.rfind(". ").map(|i| i + 2).unwrap_or(0)
}

/// The end (byte offset) of the sentence containing `from`.
fn sentence_end(text: &str, from: usize) -> usize {
    let rest = text.get(from..).unwrap_or_default();
    rest.find(". ").map(|i| from + i + 1).unwrap_or(text.len())
}

/// A type word named in prose: "a String collection in the response body".
fn primitive_before_body(sentence: &str) -> Option<DocType> {
    let at = sentence.find(" in the response body")?;
    let mut words: Vec<&str> = sentence.get(..at)?.split_whitespace().collect();
    if words
        .last()
        .is_some_and(|w| matches!(*w, "object" | "objects" | "value" | "values"))
    {
        words.pop();
    }
    let collection = words
        .last()
        .is_some_and(|w| w.eq_ignore_ascii_case("collection"));
    if collection {
        words.pop();
    }
    let word = words.last()?.trim_matches('`');
    let name = edm_name(word)?;
    Some(DocType {
        name: name.to_owned(),
        collection,
    })
}

struct Reader<'a> {
    shown: &'a str,
    page: DocPage,
    warnings: Vec<Diagnostic>,
    /// Open sections: level, what the heading announces, its normalised text.
    stack: Vec<(u8, Heading, String)>,
    title_seen: bool,
    has_http_section: bool,
    first_paragraph: Option<String>,
    pending_block_type: Option<String>,
    /// Enum member tables outside a "Members" section: the heading over each
    /// (as written), its line and its members.
    member_tables: Vec<(String, u32, Vec<DocMember>)>,
    /// The innermost heading's text as written.
    heading_text: String,
}

impl<'a> Reader<'a> {
    fn new(shown: &'a str, rel: &str) -> Self {
        Reader {
            shown,
            page: DocPage::new(rel, super::PageFormat::Markdown),
            warnings: Vec::new(),
            stack: Vec::new(),
            title_seen: false,
            has_http_section: false,
            first_paragraph: None,
            pending_block_type: None,
            member_tables: Vec::new(),
            heading_text: String::new(),
        }
    }

    fn warn(&mut self, line: u32, code: &'static str, message: impl Into<String>) {
        self.warnings.push(warning(self.shown, line, code, message));
    }

    fn in_example(&self) -> bool {
        self.stack.iter().any(|(_, h, _)| *h == Heading::Example)
    }

    /// The innermost section's kind (`Other` outside any section).
    fn innermost(&self) -> Heading {
        self.stack
            .last()
            .map(|(_, h, _)| *h)
            .unwrap_or(Heading::Other)
    }

    /// True when some open section is `s` (and we are not in an example).
    fn within(&self, s: Heading) -> bool {
        !self.in_example() && self.stack.iter().any(|(_, h, _)| *h == s)
    }

    fn block(&mut self, block: &Block) {
        match block {
            Block::Heading { level, inline, atx } => self.heading(*level, inline, *atx),
            Block::Paragraph {
                inline,
                line,
                quoted,
            } => {
                if !quoted {
                    self.paragraph(inline, *line);
                }
            }
            Block::Table { header, rows, line } => self.table(header, rows, *line),
            Block::Code {
                text,
                first_line,
                line,
            } => {
                let block_type = self.pending_block_type.take();
                self.code(text, *first_line, *line, block_type.as_deref());
            }
            Block::Html { text } => {
                if let Some(t) = block_type(text) {
                    self.pending_block_type = Some(t);
                }
            }
        }
    }

    fn heading(&mut self, level: u8, inline: &Inline, atx: bool) {
        // Tab headings (`# [HTTP](#tab/http)`) and underlined headings (often an
        // accidental `---` under a line) are not structure.
        if !atx || inline.links.iter().any(|l| l.href.starts_with("#tab/")) {
            return;
        }
        if level == 1 {
            if !self.title_seen && !inline.text.is_empty() {
                self.title_seen = true;
                self.page.title = Some(inline.text.clone());
            }
            return;
        }
        while self.stack.last().is_some_and(|(l, _, _)| *l >= level) {
            self.stack.pop();
        }
        self.heading_text = inline.text.trim().to_owned();
        let kind = marked_heading(&inline.text);
        if kind == Heading::Http && !self.in_example() {
            self.has_http_section = true;
        }
        self.stack.push((level, kind, normalise(&inline.text)));
        self.pending_block_type = None;
    }

    fn paragraph(&mut self, inline: &Inline, line: u32) {
        let text = inline.text.as_str();
        let table_section = !matches!(
            self.innermost(),
            Heading::Other | Heading::Example | Heading::Request | Heading::Response
        );
        if text.starts_with('|') && table_section && !self.in_example() {
            self.warn(
                line,
                "doc-table-malformed",
                "this looks like a table, but its delimiter row does not match its header row; not read",
            );
            return;
        }
        if let Some(ns) = conventions::namespace_line(text) {
            if self.page.namespace.is_none() && self.stack.is_empty() {
                self.page.namespace = Some(ns.to_owned()).filter(|n| !n.is_empty());
            }
            return;
        }
        if self.stack.is_empty() && self.first_paragraph.is_none() {
            let skip = text.is_empty() || text.starts_with("[!") || conventions::is_note(text);
            if !skip {
                self.first_paragraph = Some(text.to_owned());
            }
        }
        if self.page.response.is_none() && self.within(Heading::Response) {
            self.response(inline, line);
        }
    }

    /// The status code (first one), and the type: the first link to a resource
    /// page after it in the paragraph, a collection when its sentence says so;
    /// without a link, a primitive named before "in the response body".
    fn response(&mut self, inline: &Inline, line: u32) {
        let text = inline.text.as_str();
        let Some((status, at)) = find_status(text) else {
            return;
        };
        let link = inline
            .links
            .iter()
            .find(|l| l.start >= at && l.href.contains("resources/") && !l.text.is_empty());
        let ty = match link {
            Some(l) => {
                let from = sentence_start(text, l.start).max(at);
                let end = sentence_end(text, l.end);
                let sentence = text.get(from..end).unwrap_or_default().to_ascii_lowercase();
                let after = text
                    .get(l.end..end)
                    .unwrap_or_default()
                    .trim_start()
                    .to_ascii_lowercase();
                let collection = sentence.contains("collection of")
                    || sentence.contains("array of")
                    || sentence.contains("list of")
                    || ["collection", "objects", "resources", "entities"]
                        .iter()
                        .any(|w| after.starts_with(w));
                parse_type_text(&l.text).map(|t| DocType {
                    collection: t.collection || collection,
                    ..t
                })
            }
            None => primitive_before_body(text.get(at..sentence_end(text, at)).unwrap_or_default()),
        };
        self.page.response = Some(DocResponse { status, ty, line });
    }

    fn table(&mut self, header: &[Inline], rows: &[CellRow], line: u32) {
        if self.in_example() {
            return;
        }
        let first = header.first().map(|h| h.text.as_str()).unwrap_or_default();
        let first_is_member = normalise(first) == "member";
        let labels_in_header = header
            .iter()
            .skip(1)
            .filter(|h| permission_label(&h.text).is_some())
            .count();
        let labels_in_rows = rows
            .iter()
            .filter(|(c, _)| {
                c.first()
                    .is_some_and(|c| permission_label(&c.text).is_some())
            })
            .count();
        let in_permissions =
            self.innermost() == Heading::Permissions || self.within(Heading::Permissions);
        let permission_header =
            conventions::is_permission_header(first) && (in_permissions || labels_in_rows > 0);
        if permission_header || (in_permissions && labels_in_rows > 0) {
            if self.page.permissions.is_none() {
                self.permissions(header, rows, line);
            }
            return;
        }
        if in_permissions && labels_in_header > 0 {
            self.warn(
                line,
                "doc-permission-table",
                "the permissions table has a column per permission type (one row per resource); not read",
            );
            return;
        }
        match self.innermost() {
            Heading::Headers => self.headers(header, rows),
            Heading::Body => {
                let rows = self.rows(header, rows, line);
                self.page.parameters.extend(rows);
            }
            Heading::Properties => {
                let rows = self.rows(header, rows, line);
                self.page.properties.extend(rows);
            }
            Heading::Relationships => {
                let rows = self.rows(header, rows, line);
                self.page.relationships.extend(rows);
            }
            Heading::Members => {
                let members = self.members(header, rows, line);
                self.page.members.extend(members);
            }
            _ => {
                if first_is_member {
                    let members = self.members(header, rows, line);
                    let heading = self.heading_text.clone();
                    self.member_tables.push((heading, line, members));
                }
            }
        }
    }

    fn permissions(&mut self, header: &[Inline], rows: &[CellRow], line: u32) {
        // "Permissions (from least to most privileged)", or a column per
        // privilege ("Least privileged permissions | Higher privileged permissions").
        let announced: Vec<&str> = header.iter().skip(1).map(|h| h.text.as_str()).collect();
        let order = permission_order(&announced.join(" "));
        let mut p = Permissions {
            line,
            ..Permissions::default()
        };
        // Intune pages split a type into areas: a type row with an empty cell,
        // then one row per area ("Policy Set"); their lists are joined.
        let mut group: Option<PermissionKind> = None;
        for (cells, row_line) in rows {
            let label = cells.first().map(|c| c.text.as_str()).unwrap_or_default();
            let values: Vec<&str> = cells.iter().skip(1).map(|c| c.text.trim()).collect();
            let empty = values.iter().all(|v| v.is_empty());
            let (mut list, other) = permission_names(&values.join(", "));
            if order == PermissionOrder::MostToLeast {
                list.reverse();
            }
            let (which, area) = match (permission_label(label), group) {
                (Some(which), _) => {
                    group = empty.then_some(which);
                    (which, false)
                }
                (None, Some(which)) => (which, true),
                (None, None) => {
                    if !label.is_empty() || !empty {
                        self.warn(
                            *row_line,
                            "doc-permission-row",
                            format!("unknown permission type `{label}`; row ignored"),
                        );
                    }
                    continue;
                }
            };
            if !other.is_empty() {
                self.warn(
                    *row_line,
                    "doc-permission-row",
                    conventions::left_out_of_permissions(&other),
                );
            }
            let slot = p.list_mut(which);
            match slot {
                Some(existing) if area => {
                    for name in list {
                        if !existing.contains(&name) {
                            existing.push(name);
                        }
                    }
                }
                Some(_) => {} // a repeated type row: the first one wins
                None => *slot = Some(list),
            }
        }
        self.page.permissions = Some(p);
    }

    /// Header rows: the name (first column), then the Value and Description
    /// columns (a Type column, as in `Name | Type | Description`, is left out);
    /// without either, every other cell.
    fn headers(&mut self, header: &[Inline], rows: &[CellRow]) {
        let value = find_column(header, |h| h == "value" || h == "values");
        let description = find_column(header, |h| h.starts_with("description"));
        for (cells, _) in rows {
            let parts: Vec<&str> = if value.is_some() || description.is_some() {
                [value, description]
                    .iter()
                    .filter_map(|&i| cell(cells, i))
                    .map(|c| c.text.as_str())
                    .collect()
            } else {
                cells.iter().skip(1).map(|c| c.text.as_str()).collect()
            };
            let name = cell(cells, Some(0))
                .map(|c| c.text.as_str())
                .unwrap_or_default();
            self.page
                .headers
                .extend(conventions::header_row(name, &parts));
        }
    }

    /// Name | Type | Description rows; a table without a name or type column is a warning.
    fn rows(&mut self, header: &[Inline], rows: &[CellRow], line: u32) -> Vec<Row> {
        let Some(cols) = self.columns(header, line, true) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (cells, row_line) in rows {
            let name = cell_text(cells, Some(cols.name));
            if name.is_empty() {
                continue;
            }
            let type_text = cell_text(cells, cols.ty);
            out.push(Row {
                name,
                ty: parse_type_text(&type_text),
                description: cell_text(cells, cols.description),
                line: *row_line,
            });
        }
        out
    }

    fn members(&mut self, header: &[Inline], rows: &[CellRow], line: u32) -> Vec<DocMember> {
        let Some(cols) = self.columns(header, line, false) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (cells, row_line) in rows {
            let name = cell_text(cells, Some(cols.name));
            if name.is_empty() {
                continue;
            }
            out.push(DocMember {
                name,
                value: cell(cells, cols.value).and_then(|c| parse_int(&c.text)),
                description: cell_text(cells, cols.description),
                line: *row_line,
            });
        }
        out
    }

    /// Find the columns by their header names. `typed`: a type column is required
    /// (property tables); otherwise a value column is optional (member tables).
    fn columns(&mut self, header: &[Inline], line: u32, typed: bool) -> Option<Columns> {
        let name = if typed {
            find_column(header, conventions::is_name_header)
        } else {
            find_column(header, conventions::is_member_header)
        };
        let ty = find_column(header, conventions::is_type_header);
        let value = find_column(header, |h| h == "value");
        let description = find_column(header, |h| h.starts_with("description"));
        let shown: Vec<&str> = header.iter().map(|h| h.text.as_str()).collect();
        match (name, ty) {
            (Some(name), Some(ty)) if typed => Some(Columns {
                name,
                ty: Some(ty),
                value,
                description,
            }),
            (Some(name), _) if !typed => Some(Columns {
                name,
                ty,
                value,
                description,
            }),
            (None, _) => {
                let wanted = if typed {
                    "name column (Property, Parameter or Name)"
                } else {
                    "a Member column"
                };
                self.warn(
                    line,
                    "doc-table-columns",
                    format!("table `{}` has no {wanted}; skipped", shown.join(" | ")),
                );
                None
            }
            (Some(_), _) => {
                self.warn(
                    line,
                    "doc-table-columns",
                    format!("table `{}` has no Type column; skipped", shown.join(" | ")),
                );
                None
            }
        }
    }

    fn code(&mut self, text: &str, first_line: u32, line: u32, block_type: Option<&str>) {
        if self.in_example() {
            self.example(text, line, block_type);
        } else if self.within(Heading::Http) {
            self.http(text, first_line);
        }
    }

    fn http(&mut self, text: &str, first_line: u32) {
        for (i, raw) in text.lines().enumerate() {
            let l = raw.trim();
            if l.is_empty() {
                continue;
            }
            let line = first_line.saturating_add(u32::try_from(i).unwrap_or(u32::MAX));
            let (word, rest) = l.split_once(char::is_whitespace).unwrap_or((l, ""));
            let path = rest.trim();
            match method(word) {
                Some(m) if !path.is_empty() => {
                    self.page.http.push(HttpLine {
                        method: m.to_owned(),
                        path: path.to_owned(),
                        line,
                    });
                }
                _ => self.warn(
                    line,
                    "doc-http-method",
                    format!(
                        "`{l}` is not `METHOD /path` with GET, POST, PATCH, PUT or DELETE; skipped"
                    ),
                ),
            }
        }
    }

    fn example(&mut self, text: &str, line: u32, block_type: Option<&str>) {
        let first = text
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .unwrap_or_default();
        let word = first.split_whitespace().next().unwrap_or_default();
        let sub = self
            .stack
            .last()
            .map(|(_, _, h)| h.as_str())
            .unwrap_or_default();
        let is_request = match block_type {
            Some("request") => true,
            Some("response") => false,
            _ if method(word).is_some() => true,
            _ if first.starts_with("HTTP/") => false,
            _ if sub.contains("response") => false,
            _ if sub.contains("request") => true,
            _ => return,
        };
        let body = json_body(text);
        if is_request {
            // A code block marked as a request: its method even where the URL
            // is not written out (`GET me`).
            let method = method(word).map(str::to_owned);
            self.page.requests.push(Example {
                method,
                status: None,
                body,
                line,
            });
        } else {
            let status = conventions::status_line(first);
            self.page.responses.push(Example {
                method: None,
                status,
                body,
                line,
            });
        }
    }

    fn finish(&mut self, front: &FrontMatter) -> DocPage {
        let mut page = std::mem::replace(
            &mut self.page,
            DocPage::new("", super::PageFormat::Markdown),
        );
        page.kind = match front
            .get("doc_type")
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("apipagetype") => PageKind::Api,
            Some("resourcepagetype") => PageKind::Resource,
            Some("enumpagetype") => PageKind::Enum,
            Some(_) => PageKind::Other,
            None if self.has_http_section => PageKind::Api,
            None => PageKind::Other,
        };
        page.description = front
            .get("description")
            .filter(|d| !super::is_file_name_description(d))
            .map(str::to_owned)
            .or_else(|| self.first_paragraph.take());
        if page.members.is_empty() && page.kind == PageKind::Enum {
            if self.member_tables.len() == 1 {
                page.members = self.member_tables.pop().map(|t| t.2).unwrap_or_default();
            } else {
                page.enums = std::mem::take(&mut self.member_tables)
                    .into_iter()
                    .filter_map(|(heading, line, members)| {
                        enum_heading(&heading).map(|name| super::DocEnum {
                            name,
                            line,
                            members,
                        })
                    })
                    .collect();
            }
        }
        if page.kind == PageKind::Api {
            page.operation = page
                .title
                .as_deref()
                .and_then(|t| conventions::operation_name(t, &page.http));
        }
        page
    }
}

/// The enum a heading names on a page of several: "attachmentType values",
/// "`status` enum values", or a bare name.
fn enum_heading(heading: &str) -> Option<String> {
    let h = heading.trim();
    let name = [" enum values", " values", " enum"]
        .iter()
        .find_map(|s| h.strip_suffix(s))
        .unwrap_or(h)
        .trim()
        .trim_matches('`');
    let ident = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.');
    ident.then(|| name.to_owned())
}

/// The text from the first line starting with `{` or `[` to the end of the block.
fn json_body(text: &str) -> Option<String> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        if t.starts_with('{') || t.starts_with('[') {
            let body = text.get(offset..).unwrap_or_default().trim_end();
            return Some(body.to_owned());
        }
        offset += line.len();
    }
    None
}

fn parse_int(text: &str) -> Option<i64> {
    let t = text.trim();
    if let Some(hex) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        return i64::from_str_radix(hex, 16).ok();
    }
    t.parse().ok()
}
