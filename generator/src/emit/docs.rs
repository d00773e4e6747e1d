//! Descriptions from the CSDL become doc comments. Graph's descriptions are
//! free text, so they are made inert for rustdoc: nothing in them can become
//! a doctest, an intra-doc link, an HTML tag or a heading.

use proc_macro2::TokenStream;
use quote::quote;

/// Sanitise free text into lines of markdown that rustdoc renders as plain text.
pub fn sanitize(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for raw in text.lines() {
        // Leading whitespace would make an indented code block (a doctest).
        let line = raw.trim();
        let mut s = String::with_capacity(line.len() + 8);
        // A line of `=` or `-` under text would make a (setext) heading.
        if !line.is_empty() && line.chars().all(|c| c == '=' || c == '-' || c == ' ') {
            s.push('\\');
        }
        for word in split_keep_spaces(line) {
            if let Some(at) = url_start(word) {
                // Bare URLs trip rustdoc's `bare_urls` lint; wrap them.
                escape_into(&mut s, &word[..at]);
                let (url, tail) = split_url_tail(&word[at..]);
                s.push('<');
                s.push_str(url);
                s.push('>');
                escape_into(&mut s, tail);
            } else {
                escape_into(&mut s, word);
            }
        }
        out.push(s);
    }
    // Drop blank lines at both ends.
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    while out.first().is_some_and(|l| l.is_empty()) {
        out.remove(0);
    }
    out
}

fn split_keep_spaces(line: &str) -> impl Iterator<Item = &str> {
    line.split_inclusive(' ')
}

fn url_start(word: &str) -> Option<usize> {
    word.find("https://").or_else(|| word.find("http://"))
}

/// Trailing punctuation is not part of a URL.
fn split_url_tail(word: &str) -> (&str, &str) {
    let trimmed = word.trim_end_matches([' ', '.', ',', ';', ':', ')', '\'', '"']);
    let end = trimmed.len();
    let url = &word[..end];
    let url = url.trim_end_matches(|c: char| !c.is_alphanumeric() && c != '/');
    let end = url.len();
    (url, &word[end..])
}

fn escape_into(out: &mut String, text: &str) {
    for (i, c) in text.char_indices() {
        match c {
            '\\' | '`' | '[' | ']' | '<' | '>' | '*' | '_' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            // A `#` starting a line would be a heading.
            '#' if i == 0 && out.is_empty() => out.push_str("\\#"),
            '&' => out.push_str("&amp;"),
            _ => out.push(c),
        }
    }
}

/// `#[doc = ...]` attributes for paragraphs of free text and generated notes.
/// `free` is sanitised; `notes` are written by the generator and kept as they are.
pub fn doc_attrs(free: &[Option<&str>], notes: &[String]) -> TokenStream {
    let mut lines: Vec<String> = Vec::new();
    for text in free.iter().flatten() {
        let para = sanitize(text);
        if para.is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(para);
    }
    // Notes are paragraphs; a note's own line breaks are kept (lists).
    for note in notes {
        if !lines.is_empty() && !note.starts_with("- ") {
            lines.push(String::new());
        }
        lines.extend(note.lines().map(str::to_owned));
    }
    let lines = lines.iter().map(|l| {
        if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        }
    });
    quote! { #( #[doc = #lines] )* }
}

#[cfg(test)]
mod tests {
    use super::sanitize;

    #[test]
    fn nothing_becomes_code_links_or_html() {
        let got = sanitize(
            "Use `x` and [link] with <b>bold</b>.\n    indented code\n```rust\nfn main() {}\n```",
        );
        assert_eq!(
            got,
            [
                "Use \\`x\\` and \\[link\\] with \\<b\\>bold\\</b\\>.",
                "indented code",
                "\\`\\`\\`rust",
                "fn main() {}",
                "\\`\\`\\`",
            ]
        );
    }

    #[test]
    fn urls_are_wrapped() {
        assert_eq!(
            sanitize("See https://aka.ms/x_y. Or (http://a.b/c)"),
            ["See <https://aka.ms/x_y>. Or (<http://a.b/c>)"]
        );
    }

    #[test]
    fn headings_and_entities_are_inert() {
        assert_eq!(
            sanitize("# not a heading & more"),
            ["\\# not a heading &amp; more"]
        );
    }
}
