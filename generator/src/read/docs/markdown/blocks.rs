//! Pass 1 of the markdown reader: the page's text, without its front
//! matter, walked from pulldown-cmark's events into a flat list of headings,
//! paragraphs, tables, code blocks and HTML comments, each with its 1-based
//! line.

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

// ---------------------------------------------------------------------------
// Lines and front matter
// ---------------------------------------------------------------------------

/// Byte offset → 1-based line, for the whole page text.
pub(super) struct Lines {
    pub(super) starts: Vec<usize>,
}

impl Lines {
    pub(super) fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        Lines { starts }
    }

    pub(super) fn line(&self, offset: usize) -> u32 {
        let n = self.starts.partition_point(|s| *s <= offset).max(1);
        u32::try_from(n).unwrap_or(u32::MAX)
    }
}

/// The page's front matter: `key: value` pairs and where the markdown starts.
#[derive(Debug, Default)]
pub(super) struct FrontMatter {
    pub(super) fields: Vec<(String, String)>,
    /// Byte offset of the first line after the closing `---` (0 without front matter).
    pub(super) body_start: usize,
    /// The opening line, when the block is never closed.
    pub(super) unterminated: Option<u32>,
}

impl FrontMatter {
    pub(super) fn get(&self, key: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.is_empty())
    }
}

/// Split `---` ... `---` off the top of the page (a leading BOM is already gone).
pub(super) fn split_front_matter(text: &str) -> FrontMatter {
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
pub(super) struct Inline {
    pub(super) text: String,
    pub(super) links: Vec<Link>,
    pub(super) open: Vec<(String, usize)>,
}

#[derive(Debug, Clone)]
pub(super) struct Link {
    pub(super) text: String,
    pub(super) href: String,
    /// Byte range of the link text in [`Inline::text`].
    pub(super) start: usize,
    pub(super) end: usize,
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
pub(super) type CellRow = (Vec<Inline>, u32);

#[derive(Debug)]
pub(super) enum Block {
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
pub(super) fn blocks(body: &str, base: usize, lines: &Lines) -> Vec<Block> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
