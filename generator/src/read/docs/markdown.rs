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

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::{
    edm_name, parse_type_text, warning, DocMember, DocPage, DocResponse, DocType, Example, Header,
    HttpLine, PageKind, PermissionOrder, Permissions, Row,
};
use crate::diag::Diagnostic;

/// Methods an "HTTP request" block may use.
const METHODS: [&str; 5] = ["GET", "POST", "PATCH", "PUT", "DELETE"];

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
// Lines and front matter
// ---------------------------------------------------------------------------

/// Byte offset → 1-based line, for the whole page text.
struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        Lines { starts }
    }

    fn line(&self, offset: usize) -> u32 {
        let n = self.starts.partition_point(|s| *s <= offset).max(1);
        u32::try_from(n).unwrap_or(u32::MAX)
    }
}

/// The page's front matter: `key: value` pairs and where the markdown starts.
#[derive(Debug, Default)]
struct FrontMatter {
    fields: Vec<(String, String)>,
    /// Byte offset of the first line after the closing `---` (0 without front matter).
    body_start: usize,
    /// The opening line, when the block is never closed.
    unterminated: Option<u32>,
}

impl FrontMatter {
    fn get(&self, key: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.is_empty())
    }
}

/// Split `---` ... `---` off the top of the page (a leading BOM is already gone).
fn split_front_matter(text: &str) -> FrontMatter {
    let mut lines = text.split_inclusive('\n');
    let mut offset = 0;
    match lines.next() {
        Some(first) if first.trim_end() == "---" => offset += first.len(),
        _ => return FrontMatter::default(),
    }
    let mut fields = Vec::new();
    for line in lines {
        offset += line.len();
        let trimmed = line.trim();
        if trimmed == "---" || trimmed == "..." {
            return FrontMatter {
                fields,
                body_start: offset,
                unterminated: None,
            };
        }
        if line.starts_with(char::is_whitespace) || trimmed.starts_with('#') {
            continue; // nested YAML or a comment: not needed
        }
        if let Some((key, value)) = trimmed.split_once(':') {
            fields.push((key.trim().to_owned(), unquote(value.trim()).to_owned()));
        }
    }
    FrontMatter {
        fields: Vec::new(),
        body_start: 0,
        unterminated: Some(1),
    }
}

fn unquote(v: &str) -> &str {
    for q in ['"', '\''] {
        if let Some(inner) = v.strip_prefix(q).and_then(|r| r.strip_suffix(q)) {
            return inner.trim();
        }
    }
    v
}

// ---------------------------------------------------------------------------
// Pass 1: events → blocks
// ---------------------------------------------------------------------------

/// Inline text with markup stripped and whitespace collapsed, plus its links.
#[derive(Debug, Default, Clone)]
struct Inline {
    text: String,
    links: Vec<Link>,
    open: Vec<(String, usize)>,
}

#[derive(Debug, Clone)]
struct Link {
    text: String,
    href: String,
    /// Byte range of the link text in [`Inline::text`].
    start: usize,
    end: usize,
}

impl Inline {
    fn push(&mut self, s: &str) {
        for c in s.chars() {
            if c.is_whitespace() {
                if !self.text.is_empty() && !self.text.ends_with(' ') {
                    self.text.push(' ');
                }
            } else {
                self.text.push(c);
            }
        }
    }

    fn open_link(&mut self, href: &str) {
        self.open.push((href.to_owned(), self.text.len()));
    }

    fn close_link(&mut self) {
        if let Some((href, start)) = self.open.pop() {
            let end = self.text.len();
            let text = self
                .text
                .get(start..end)
                .unwrap_or_default()
                .trim()
                .to_owned();
            self.links.push(Link {
                text,
                href,
                start,
                end,
            });
        }
    }

    fn finish(mut self) -> Self {
        let len = self.text.trim_end().len();
        self.text.truncate(len);
        for link in &mut self.links {
            link.start = link.start.min(len);
            link.end = link.end.min(len);
        }
        self.open.clear();
        self
    }
}

/// A table row's cells and its line.
type CellRow = (Vec<Inline>, u32);

#[derive(Debug)]
enum Block {
    Heading {
        level: u8,
        inline: Inline,
        /// `# Title` rather than an underlined (setext) heading.
        atx: bool,
    },
    Paragraph {
        inline: Inline,
        line: u32,
        /// Inside a block quote (notes, warnings).
        quoted: bool,
    },
    Table {
        header: Vec<Inline>,
        rows: Vec<CellRow>,
        line: u32,
    },
    Code {
        text: String,
        /// Line of the first line of `text`.
        first_line: u32,
        /// Line of the opening fence (or of the first line, for indented blocks).
        line: u32,
    },
    Html {
        text: String,
    },
}

fn level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Tabs in table lines (`|` first) become spaces: pulldown-cmark does not take
/// a delimiter row with tabs (`|---\t|`), which Graph pages sometimes have.
/// One byte for one byte, so offsets and lines are unchanged.
fn untab_table_lines(body: &str) -> std::borrow::Cow<'_, str> {
    let is_table_line = |l: &str| l.trim_start_matches([' ', '\t']).starts_with('|');
    if !body
        .split_inclusive('\n')
        .any(|l| is_table_line(l) && l.contains('\t'))
    {
        return std::borrow::Cow::Borrowed(body);
    }
    let mut out = String::with_capacity(body.len());
    for line in body.split_inclusive('\n') {
        if is_table_line(line) {
            out.push_str(&line.replace('\t', " "));
        } else {
            out.push_str(line);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Walk the markdown `body` (starting at byte `base` of the page) into blocks.
fn blocks(body: &str, base: usize, lines: &Lines) -> Vec<Block> {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let body = untab_table_lines(body);
    let body = body.as_ref();
    let mut out = Vec::new();
    let mut inline: Option<Inline> = None;
    let mut heading: Option<(u8, bool)> = None;
    let mut paragraph: Option<u32> = None;
    let mut quote_depth = 0usize;
    let mut table: Option<(Vec<Inline>, Vec<CellRow>, u32)> = None;
    let mut row: Option<CellRow> = None;
    let mut code: Option<(String, u32, u32)> = None;
    let mut html: Option<String> = None;

    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        let line = lines.line(base + range.start);
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let source = body.get(range.clone()).unwrap_or_default();
                heading = Some((level_number(level), source.trim_start().starts_with('#')));
                inline = Some(Inline::default());
            }
            Event::End(TagEnd::Heading(_)) => {
                if let (Some((level, atx)), Some(text)) = (heading.take(), inline.take()) {
                    out.push(Block::Heading {
                        level,
                        inline: text.finish(),
                        atx,
                    });
                }
            }
            Event::Start(Tag::Paragraph) if table.is_none() && heading.is_none() => {
                paragraph = Some(line);
                inline = Some(Inline::default());
            }
            Event::End(TagEnd::Paragraph) => {
                if let (Some(line), Some(text)) = (paragraph.take(), inline.take()) {
                    out.push(Block::Paragraph {
                        inline: text.finish(),
                        line,
                        quoted: quote_depth > 0,
                    });
                }
            }
            Event::Start(Tag::BlockQuote(_)) => quote_depth += 1,
            Event::End(TagEnd::BlockQuote(_)) => quote_depth = quote_depth.saturating_sub(1),
            Event::Start(Tag::CodeBlock(kind)) => {
                let first_line = match kind {
                    CodeBlockKind::Fenced(_) => line.saturating_add(1),
                    CodeBlockKind::Indented => line,
                };
                code = Some((String::new(), first_line, line));
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((text, first_line, line)) = code.take() {
                    out.push(Block::Code {
                        text,
                        first_line,
                        line,
                    });
                }
            }
            Event::Start(Tag::HtmlBlock) => html = Some(String::new()),
            Event::End(TagEnd::HtmlBlock) => {
                if let Some(text) = html.take() {
                    out.push(Block::Html { text });
                }
            }
            Event::Html(t) => {
                if let Some(h) = html.as_mut() {
                    h.push_str(&t);
                }
            }
            Event::Start(Tag::Table(_)) => table = Some((Vec::new(), Vec::new(), line)),
            Event::End(TagEnd::Table) => {
                if let Some((header, rows, line)) = table.take() {
                    out.push(Block::Table { header, rows, line });
                }
            }
            Event::Start(Tag::TableHead) | Event::Start(Tag::TableRow) => {
                row = Some((Vec::new(), line))
            }
            Event::End(TagEnd::TableHead) => {
                if let (Some(t), Some((cells, _))) = (table.as_mut(), row.take()) {
                    t.0 = cells;
                }
            }
            Event::End(TagEnd::TableRow) => {
                if let (Some(t), Some(r)) = (table.as_mut(), row.take()) {
                    t.1.push(r);
                }
            }
            Event::Start(Tag::TableCell) => inline = Some(Inline::default()),
            Event::End(TagEnd::TableCell) => {
                if let (Some(r), Some(cell)) = (row.as_mut(), inline.take()) {
                    r.0.push(cell.finish());
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                if let Some(i) = inline.as_mut() {
                    i.open_link(&dest_url);
                }
            }
            Event::End(TagEnd::Link) => {
                if let Some(i) = inline.as_mut() {
                    i.close_link();
                }
            }
            Event::Text(t) => {
                if let Some((c, _, _)) = code.as_mut() {
                    c.push_str(&t);
                } else if let Some(i) = inline.as_mut() {
                    i.push(&t);
                }
            }
            Event::Code(t) => {
                if let Some(i) = inline.as_mut() {
                    i.push(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(i) = inline.as_mut() {
                    i.push(" ");
                }
            }
            // `<br>`, `<br/>`, `<br />` separate words; other inline HTML is markup.
            Event::InlineHtml(t) if t.get(..3).is_some_and(|p| p.eq_ignore_ascii_case("<br")) => {
                if let Some(i) = inline.as_mut() {
                    i.push(" ");
                }
            }
            _ => {}
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Pass 2: blocks → facts
// ---------------------------------------------------------------------------

/// Heading text for matching: lowercase, collapsed, without a trailing colon.
fn norm(text: &str) -> String {
    let mut s = String::new();
    for w in text.split_whitespace() {
        if !s.is_empty() {
            s.push(' ');
        }
        s.push_str(&w.to_lowercase());
    }
    s.trim_end_matches(':').trim_end().to_owned()
}

/// Only ASCII letters, lowercased: robust matching of labels with stray markup.
fn letters(text: &str) -> String {
    text.chars()
        .filter(char::is_ascii_alphabetic)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// What a section's heading announces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Permissions,
    HttpRequest,
    RequestHeaders,
    Parameters,
    Response,
    Example,
    Properties,
    Relationships,
    Members,
    Other,
}

fn section_of(heading: &str) -> Section {
    match heading {
        "http request" | "http requests" => Section::HttpRequest,
        "request headers" | "optional request headers" | "request header" => {
            Section::RequestHeaders
        }
        "request body"
        | "parameters"
        | "function parameters"
        | "action parameters"
        | "request parameters" => Section::Parameters,
        "response" | "responses" => Section::Response,
        "properties" => Section::Properties,
        "relationships" => Section::Relationships,
        "members" => Section::Members,
        h if h.starts_with("http request") => Section::HttpRequest,
        h if h.starts_with("example") => Section::Example,
        h if h.contains("permission") => Section::Permissions,
        _ => Section::Other,
    }
}

/// Which column of a table holds what.
struct Columns {
    name: usize,
    ty: Option<usize>,
    value: Option<usize>,
    description: Option<usize>,
}

fn find_column(header: &[Inline], pred: impl Fn(&str) -> bool) -> Option<usize> {
    header.iter().position(|h| pred(&norm(&h.text)))
}

fn is_name_header(h: &str) -> bool {
    matches!(
        h,
        "property"
            | "properties"
            | "parameter"
            | "parameters"
            | "name"
            | "relationship"
            | "member"
            | "field"
    ) || h.starts_with("property name")
        || h.starts_with("parameter name")
        || h.starts_with("relationship name")
        || h.starts_with("required parameter")
        || h.starts_with("optional parameter")
}

fn is_type_header(h: &str) -> bool {
    matches!(h, "type" | "data type" | "value type" | "types") || h.starts_with("type ")
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

/// `GET`, `post`, ... → the upper-case method, if it is one of [`METHODS`].
fn method(word: &str) -> Option<&'static str> {
    METHODS
        .iter()
        .copied()
        .find(|m| m.eq_ignore_ascii_case(word))
}

/// The first HTTP status code in `text`, as in `200 OK`, `201 Created`,
/// `204 No Content`: three digits starting 1–5, then a space and a capital.
fn find_status(text: &str) -> Option<(u16, usize)> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i + 3 <= bytes.len() {
        let digits = bytes.get(i..i + 3).unwrap_or_default();
        let before_ok = i == 0
            || bytes
                .get(i - 1)
                .is_some_and(|b| !b.is_ascii_alphanumeric() && *b != b'.');
        if before_ok
            && digits.iter().all(u8::is_ascii_digit)
            && digits.first().is_some_and(|d| (b'1'..=b'5').contains(d))
            && reason_follows(bytes.get(i + 3..).unwrap_or_default())
        {
            let code = text.get(i..i + 3)?.parse().ok()?;
            return Some((code, i));
        }
        i += 1;
    }
    None
}

/// After a status code: ` OK`, ` Created`, `, Created` or `,Created` (a reason phrase).
fn reason_follows(rest: &[u8]) -> bool {
    let after = match rest {
        [b',', b' ', r @ ..] | [b',' | b' ', r @ ..] => r,
        _ => return false,
    };
    after.first().is_some_and(u8::is_ascii_uppercase)
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
    /// Open sections: level and normalised heading text.
    stack: Vec<(u8, String)>,
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
        self.stack
            .iter()
            .any(|(_, h)| section_of(h) == Section::Example)
    }

    /// The innermost section's kind (`Other` outside any section).
    fn innermost(&self) -> Section {
        self.stack
            .last()
            .map(|(_, h)| section_of(h))
            .unwrap_or(Section::Other)
    }

    /// True when some open section is `s` (and we are not in an example).
    fn within(&self, s: Section) -> bool {
        !self.in_example() && self.stack.iter().any(|(_, h)| section_of(h) == s)
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
        while self.stack.last().is_some_and(|(l, _)| *l >= level) {
            self.stack.pop();
        }
        self.heading_text = inline.text.trim().to_owned();
        let h = norm(&inline.text);
        if section_of(&h) == Section::HttpRequest && !self.in_example() {
            self.has_http_section = true;
        }
        self.stack.push((level, h));
        self.pending_block_type = None;
    }

    fn paragraph(&mut self, inline: &Inline, line: u32) {
        let text = inline.text.as_str();
        let table_section = !matches!(
            self.innermost(),
            Section::Other | Section::Example | Section::Response
        );
        if text.starts_with('|') && table_section && !self.in_example() {
            self.warn(
                line,
                "doc-table-malformed",
                "this looks like a table, but its delimiter row does not match its header row; not read",
            );
            return;
        }
        if let Some(ns) = text.strip_prefix("Namespace:") {
            if self.page.namespace.is_none() && self.stack.is_empty() {
                self.page.namespace = Some(ns.trim().to_owned()).filter(|n| !n.is_empty());
            }
            return;
        }
        if self.stack.is_empty() && self.first_paragraph.is_none() {
            let lower = text.to_ascii_lowercase();
            let skip = text.is_empty()
                || text.starts_with("[!")
                || ["note:", "important:", "caution:", "warning:", "tip:"]
                    .iter()
                    .any(|p| lower.starts_with(p));
            if !skip {
                self.first_paragraph = Some(text.to_owned());
            }
        }
        if self.page.response.is_none() && self.within(Section::Response) {
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
        let first = header.first().map(|h| norm(&h.text)).unwrap_or_default();
        let labels_in_header = header
            .iter()
            .skip(1)
            .filter(|h| permission_row(&h.text).is_some())
            .count();
        let labels_in_rows = rows
            .iter()
            .filter(|(c, _)| c.first().is_some_and(|c| permission_row(&c.text).is_some()))
            .count();
        let in_permissions =
            self.innermost() == Section::Permissions || self.within(Section::Permissions);
        let permission_header =
            first.contains("permission") && (in_permissions || labels_in_rows > 0);
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
            Section::RequestHeaders => self.headers(header, rows),
            Section::Parameters => {
                let rows = self.rows(header, rows, line);
                self.page.parameters.extend(rows);
            }
            Section::Properties => {
                let rows = self.rows(header, rows, line);
                self.page.properties.extend(rows);
            }
            Section::Relationships => {
                let rows = self.rows(header, rows, line);
                self.page.relationships.extend(rows);
            }
            Section::Members => {
                let members = self.members(header, rows, line);
                self.page.members.extend(members);
            }
            _ => {
                if first == "member" {
                    let members = self.members(header, rows, line);
                    let heading = self.heading_text.clone();
                    self.member_tables.push((heading, line, members));
                }
            }
        }
    }

    fn permissions(&mut self, header: &[Inline], rows: &[CellRow], line: u32) {
        let heading = header
            .get(1)
            .map(|h| h.text.to_ascii_lowercase())
            .unwrap_or_default();
        let order = if heading.contains("least to most") {
            PermissionOrder::LeastToMost
        } else if heading.contains("most to least") {
            PermissionOrder::MostToLeast
        } else {
            PermissionOrder::Unstated
        };
        let mut p = Permissions {
            order: Some(order),
            line,
            ..Permissions::default()
        };
        // Intune pages split a type into areas: a type row with an empty cell,
        // then one row per area ("Policy Set"); their lists are joined.
        let mut group: Option<PermissionRow> = None;
        for (cells, row_line) in rows {
            let label = cells.first().map(|c| c.text.as_str()).unwrap_or_default();
            let cell = cell_text(cells, Some(1));
            let mut list = permission_list(&cell);
            if order == PermissionOrder::MostToLeast {
                list.reverse();
            }
            let (which, area) = match (permission_row(label), group) {
                (Some(which), _) => {
                    group = cell.is_empty().then_some(which);
                    (which, false)
                }
                (None, Some(which)) => (which, true),
                (None, None) => {
                    if !label.is_empty() || !cell.is_empty() {
                        self.warn(
                            *row_line,
                            "doc-permission-row",
                            format!("unknown permission type `{label}`; row ignored"),
                        );
                    }
                    continue;
                }
            };
            let slot = match which {
                PermissionRow::DelegatedWork => &mut p.delegated_work,
                PermissionRow::DelegatedPersonal => &mut p.delegated_personal,
                PermissionRow::Application => &mut p.application,
            };
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
            let name = cell_text(cells, Some(0));
            if name.is_empty() {
                continue;
            }
            let parts: Vec<String> = if value.is_some() || description.is_some() {
                vec![cell_text(cells, value), cell_text(cells, description)]
            } else {
                cells.iter().skip(1).map(|c| c.text.clone()).collect()
            };
            let value = parts
                .into_iter()
                .filter(|t| !t.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            self.page.headers.push(Header { name, value });
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
                type_text,
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
            find_column(header, is_name_header)
        } else {
            find_column(header, |h| matches!(h, "member" | "name" | "members"))
        };
        let ty = find_column(header, is_type_header);
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
        } else if self.within(Section::HttpRequest) {
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
        let (word, rest) = first.split_once(char::is_whitespace).unwrap_or((first, ""));
        let sub = self
            .stack
            .last()
            .map(|(_, h)| h.as_str())
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
            let (method, url) = match method(word) {
                Some(m) => {
                    let url = rest.trim();
                    let url = url.strip_suffix("HTTP/1.1").unwrap_or(url).trim_end();
                    (
                        Some(m.to_owned()),
                        Some(url.to_owned()).filter(|u| !u.is_empty()),
                    )
                }
                None => (None, None),
            };
            self.page.requests.push(Example {
                method,
                url,
                status: None,
                body,
                line,
            });
        } else {
            let status = first
                .starts_with("HTTP/")
                .then(|| first.split_whitespace().nth(1).and_then(|s| s.parse().ok()))
                .flatten();
            self.page.responses.push(Example {
                method: None,
                url: None,
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
            page.operation = page.title.as_deref().and_then(|t| operation(t, &page.http));
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

/// The operation name of an action or function page, from its title.
fn operation(title: &str, http: &[HttpLine]) -> Option<String> {
    let t = title.trim();
    let single = |n: &str| !n.is_empty() && !n.contains(char::is_whitespace);
    // "executeAction action", "reportRoot: getX function".
    if let Some(name) = t
        .strip_suffix(" action")
        .or_else(|| t.strip_suffix(" function"))
    {
        let name = name.rsplit_once(':').map_or(name, |(_, n)| n);
        let name = name.trim().trim_matches('`');
        return single(name).then(|| name.to_owned());
    }
    // "user: delta" when a documented path ends in `delta`.
    let (_, name) = t.rsplit_once(':')?;
    let name = name.trim().trim_matches('`');
    if !single(name) {
        return None;
    }
    http.iter().find_map(|h| {
        let path = h
            .path
            .split('?')
            .next()
            .unwrap_or_default()
            .trim_end_matches('/');
        let last = path.rsplit('/').next().unwrap_or_default();
        let last = last.split('(').next().unwrap_or_default();
        let last = last.rsplit('.').next().unwrap_or_default();
        last.eq_ignore_ascii_case(name).then(|| last.to_owned())
    })
}

#[derive(Debug, Clone, Copy)]
enum PermissionRow {
    DelegatedWork,
    DelegatedPersonal,
    Application,
}

/// A permissions table's row label, tolerant of case, spacing, markup and a
/// missing parenthesis.
fn permission_row(label: &str) -> Option<PermissionRow> {
    let l = letters(label);
    if l.starts_with("delegatedworkorschool") {
        Some(PermissionRow::DelegatedWork)
    } else if l.starts_with("delegatedpersonalmicrosoft")
        || l.starts_with("delegatedmicrosoftaccount")
    {
        Some(PermissionRow::DelegatedPersonal)
    } else if l.starts_with("application") {
        Some(PermissionRow::Application)
    } else {
        None
    }
}

/// A permissions cell: comma-separated names; "Not supported." is empty.
fn permission_list(cell: &str) -> Vec<String> {
    let l = letters(cell);
    if matches!(
        l.as_str(),
        "notsupported" | "none" | "notapplicable" | "na" | ""
    ) {
        return Vec::new();
    }
    cell.split(',')
        .map(|s| s.trim().trim_end_matches('.').trim())
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_codes() {
        assert_eq!(find_status("returns a 200 OK response"), Some((200, 10)));
        assert_eq!(find_status("returns `204 No Content`"), Some((204, 9)));
        assert_eq!(find_status("a 200-series response code"), None);
        assert_eq!(
            find_status("returns a `201, Created` code"),
            Some((201, 11))
        );
        assert_eq!(find_status("version 1.200 OK"), None);
    }

    #[test]
    fn labels() {
        assert!(matches!(
            permission_row("Delegated (personal Microsoft account"),
            Some(PermissionRow::DelegatedPersonal)
        ));
        assert!(matches!(
            permission_row(" **Application-only** "),
            Some(PermissionRow::Application)
        ));
        assert!(permission_row("Supported resource").is_none());
        assert_eq!(permission_list("Not Supported"), Vec::<String>::new());
        assert_eq!(permission_list("A.Read, B.Read."), vec!["A.Read", "B.Read"]);
    }

    #[test]
    fn operations() {
        let http = vec![HttpLine {
            method: "GET".into(),
            path: "/users/{id}/reminderView(a=b)".into(),
            line: 1,
        }];
        assert_eq!(
            operation("executeAction action", &[]).as_deref(),
            Some("executeAction")
        );
        assert_eq!(
            operation("user: reminderview", &http).as_deref(),
            Some("reminderView")
        );
        assert_eq!(operation("user: delta", &http), None);
        assert_eq!(operation("Create user", &http), None);
        assert_eq!(
            operation("reportRoot: getX function", &[]).as_deref(),
            Some("getX")
        );
        let http = vec![HttpLine {
            method: "GET".into(),
            path: "/worksheets/{id}/range(address={address})/visibleView".into(),
            line: 1,
        }];
        assert_eq!(
            operation("workbookRange: visibleView", &http).as_deref(),
            Some("visibleView")
        );
    }

    #[test]
    fn front_matter_lines() {
        let text = "---\ntitle: \"x\"\ndoc_type: apiPageType\n---\n\n# x action\n";
        let f = split_front_matter(text);
        assert_eq!(f.get("title"), Some("x"));
        let lines = Lines::new(text);
        assert_eq!(lines.line(f.body_start), 5);
        assert_eq!(lines.line(0), 1);
        assert_eq!(lines.line(text.len()), 7);
    }
}
