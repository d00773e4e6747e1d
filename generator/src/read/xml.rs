//! A thin streaming layer over quick-xml: elements with positions, attributes
//! that remember whether they were read, and errors that carry `file:line:col`.
//!
//! DOCTYPE declarations are rejected outright, so no entity can ever be
//! expanded; only XML's five predefined entities and character references
//! are understood.

use std::borrow::Cow;
use std::cell::Cell;
use std::sync::Arc;

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use crate::diag::{Diagnostic, LineIndex, Location};

/// How deeply elements may nest. The readers above walk nested elements
/// recursively (skipping unknown ones, annotation expressions), so the depth
/// bounds their stack; Graph's CSDL nests about a dozen deep.
pub const MAX_DEPTH: usize = 100;

/// An element's start tag: its local name, attributes and position.
pub struct Element<'a> {
    /// The name without its namespace prefix, for example `EntityType`.
    pub name: &'a str,
    /// The prefix, if any (`edmx` in `edmx:Edmx`).
    pub prefix: Option<&'a str>,
    /// Where the `<` of the start tag is.
    pub loc: Location,
    /// True for `<X/>`.
    pub empty: bool,
    attrs: Vec<Attr<'a>>,
}

struct Attr<'a> {
    key: &'a str,
    value: Cow<'a, str>,
    used: Cell<bool>,
}

impl<'a> Element<'a> {
    /// The value of an unprefixed attribute, marking it as read.
    pub fn attr(&self, key: &str) -> Option<&str> {
        self.attrs.iter().find(|a| a.key == key).map(|a| {
            a.used.set(true);
            a.value.as_ref()
        })
    }

    /// A required attribute, or a positioned error naming it.
    pub fn req(&self, key: &str) -> Result<String, Diagnostic> {
        self.attr(key).map(str::to_owned).ok_or_else(|| {
            Diagnostic::error(
                "missing-attribute",
                self.loc.clone(),
                format!("<{}> is missing the required attribute `{key}`", self.name),
            )
        })
    }

    /// An optional attribute as an owned string.
    pub fn opt(&self, key: &str) -> Option<String> {
        self.attr(key).map(str::to_owned)
    }

    /// A boolean attribute (`true`/`false`); anything else is an error.
    pub fn bool_attr(&self, key: &str) -> Result<Option<bool>, Diagnostic> {
        match self.attr(key) {
            None => Ok(None),
            Some("true") => Ok(Some(true)),
            Some("false") => Ok(Some(false)),
            Some(other) => Err(Diagnostic::error(
                "bad-attribute",
                self.loc.clone(),
                format!(
                    "attribute `{key}` of <{}> must be `true` or `false`, found `{other}`",
                    self.name
                ),
            )),
        }
    }

    /// Attributes nobody read, as `(name, value)`. Namespace declarations are not listed.
    pub fn unread(&self) -> impl Iterator<Item = (&str, &str)> {
        self.attrs
            .iter()
            .filter(|a| !a.used.get())
            .map(|a| (a.key, a.value.as_ref()))
    }
}

/// What the next piece of the document is, seen from inside an element.
pub enum Next<'a> {
    /// A child element.
    Child(Element<'a>),
    /// Character data (already unescaped, never only whitespace).
    Text(String, Location),
    /// The end tag of the current element.
    End,
}

/// A streaming reader over one document held in memory.
pub struct XmlReader<'a> {
    reader: Reader<&'a [u8]>,
    text: &'a str,
    lines: LineIndex,
    file: Arc<str>,
    open: Vec<(&'a str, Location)>,
}

impl<'a> XmlReader<'a> {
    /// A reader over `text`, whose positions are reported in `file`.
    pub fn new(file: Arc<str>, text: &'a str) -> Self {
        let mut reader = Reader::from_str(text);
        let config = reader.config_mut();
        config.check_end_names = true;
        config.trim_text(false);
        XmlReader {
            reader,
            text,
            lines: LineIndex::new(text.as_bytes()),
            file,
            open: Vec::new(),
        }
    }

    /// The location of a byte offset.
    pub fn locate(&self, offset: usize) -> Location {
        self.lines.locate(&self.file, self.text.as_bytes(), offset)
    }

    fn err(&self, offset: usize, code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(code, self.locate(offset), message)
    }

    /// The root element. Anything but a prolog before it is an error.
    pub fn root(&mut self) -> Result<Element<'a>, Diagnostic> {
        match self.next_node()? {
            Next::Child(e) => Ok(e),
            Next::Text(_, loc) => Err(Diagnostic::error(
                "not-xml",
                loc,
                "expected the root element <edmx:Edmx>, found text",
            )),
            Next::End => Err(self.err(
                0,
                "not-xml",
                "expected the root element <edmx:Edmx>, found end of file",
            )),
        }
    }

    /// The next child, text or end tag inside the element being read.
    /// Whitespace, comments and processing instructions are skipped.
    pub fn next_node(&mut self) -> Result<Next<'a>, Diagnostic> {
        loop {
            let before = self.reader.buffer_position() as usize;
            let event = match self.reader.read_event() {
                Ok(ev) => ev,
                Err(e) => {
                    let at = self.reader.error_position() as usize;
                    return Err(self.err(at, "xml-syntax", format!("malformed XML: {e}")));
                }
            };
            match event {
                Event::Start(start) => {
                    let el = self.element(&start, before, false)?;
                    if self.open.len() >= MAX_DEPTH {
                        return Err(Diagnostic::error(
                            "too-deep",
                            el.loc,
                            format!(
                                "<{}> is nested {} elements deep; at most {MAX_DEPTH} are read \
                                 (Graph's CSDL needs about a dozen)",
                                el.name,
                                self.open.len() + 1
                            ),
                        ));
                    }
                    self.open.push((el.name, el.loc.clone()));
                    return Ok(Next::Child(el));
                }
                Event::Empty(start) => return Ok(Next::Child(self.element(&start, before, true)?)),
                Event::End(_) => {
                    self.open.pop();
                    return Ok(Next::End);
                }
                Event::Text(t) => {
                    let content = t.xml_content(XmlVersion::Implicit1_0);
                    if !content.trim().is_empty() {
                        return Ok(Next::Text(content.into_owned(), self.locate(before)));
                    }
                }
                Event::CData(t) => {
                    return Ok(Next::Text(t.into_inner().into_owned(), self.locate(before)));
                }
                Event::GeneralRef(r) => {
                    let resolved = match r.resolve_char_ref() {
                        Ok(Some(c)) => Some(c),
                        Ok(None) => match r.as_ref() {
                            "amp" => Some('&'),
                            "lt" => Some('<'),
                            "gt" => Some('>'),
                            "quot" => Some('"'),
                            "apos" => Some('\''),
                            _ => None,
                        },
                        Err(_) => None,
                    };
                    match resolved {
                        Some(c) => return Ok(Next::Text(c.to_string(), self.locate(before))),
                        None => {
                            return Err(self.err(
                                before,
                                "xml-entity",
                                format!(
                                "unknown entity `&{};`: only XML's predefined entities are allowed",
                                r.as_ref()
                            ),
                            ))
                        }
                    }
                }
                Event::Comment(_) | Event::PI(_) | Event::Decl(_) => {}
                Event::DocType(_) => return Err(self.err(
                    before,
                    "doctype",
                    "DOCTYPE declarations are not allowed in CSDL (entity expansion is rejected)",
                )),
                Event::Eof => {
                    return match self.open.last() {
                        Some((name, loc)) => Err(self.err(
                            self.text.len(),
                            "truncated",
                            format!(
                                "unexpected end of file: expected </{name}> to close the element opened at {loc}"
                            ),
                        )),
                        None => Ok(Next::End),
                    };
                }
            }
        }
    }

    /// Skip the rest of an element whose start tag was just read.
    pub fn skip(&mut self, el: &Element<'a>) -> Result<(), Diagnostic> {
        if el.empty {
            return Ok(());
        }
        loop {
            match self.next_node()? {
                Next::Child(child) => self.skip(&child)?,
                Next::Text(..) => {}
                Next::End => return Ok(()),
            }
        }
    }

    /// The text content of an element whose start tag was just read. Child
    /// elements are skipped.
    pub fn text_content(&mut self, el: &Element<'a>) -> Result<String, Diagnostic> {
        let mut out = String::new();
        if el.empty {
            return Ok(out);
        }
        loop {
            match self.next_node()? {
                Next::Child(child) => self.skip(&child)?,
                Next::Text(t, _) => out.push_str(&t),
                Next::End => return Ok(out.trim().to_owned()),
            }
        }
    }

    fn element(
        &self,
        start: &BytesStart<'a>,
        offset: usize,
        empty: bool,
    ) -> Result<Element<'a>, Diagnostic> {
        let loc = self.locate(offset);
        let full = slice_of(self.text, start.name().into_inner()).unwrap_or_default();
        let (prefix, name) = match full.split_once(':') {
            Some((p, n)) => (Some(p), n),
            None => (None, full),
        };
        let mut attrs = Vec::new();
        for attr in start.attributes().with_checks(true) {
            let attr = attr.map_err(|e| {
                Diagnostic::error(
                    "xml-syntax",
                    loc.clone(),
                    format!("malformed attribute: {e}"),
                )
            })?;
            let key = slice_of(self.text, attr.key.into_inner()).unwrap_or_default();
            if key == "xmlns" || key.starts_with("xmlns:") {
                continue;
            }
            let value = attr
                .normalized_value(XmlVersion::Implicit1_0)
                .map_err(|e| {
                    Diagnostic::error(
                        "xml-syntax",
                        loc.clone(),
                        format!("bad value for attribute `{key}`: {e}"),
                    )
                })?;
            // Re-borrow from the document where possible; unescaped values are owned.
            let value = match value {
                Cow::Borrowed(v) => match slice_of(self.text, v) {
                    Some(v) => Cow::Borrowed(v),
                    None => Cow::Owned(v.to_owned()),
                },
                Cow::Owned(v) => Cow::Owned(v),
            };
            attrs.push(Attr {
                key,
                value,
                used: Cell::new(false),
            });
        }
        Ok(Element {
            name,
            prefix,
            loc,
            empty,
            attrs,
        })
    }
}

/// Re-borrow a sub-slice of `text` with `text`'s lifetime (quick-xml hands out
/// slices of the input, so this always succeeds for its names).
fn slice_of<'a>(text: &'a str, part: &str) -> Option<&'a str> {
    let base = text.as_ptr() as usize;
    let start = (part.as_ptr() as usize).checked_sub(base)?;
    text.get(start..start + part.len())
}
