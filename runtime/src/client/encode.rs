//! Percent-encoding of path segments, key predicates, function-parameter
//! literals and query components.
//!
//! Every function here encodes each byte of the UTF-8 text that is not in its
//! small set of kept ASCII characters as `%XX` with upper-case hexadecimal digits.
//! The kept sets never contain `/`, `?`, `#`, `%`, `&`, `=`, `+` or space, so
//! encoded text can never change the structure of the URL it is put into.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// What path segments encode: everything but the RFC 3986 unreserved
/// characters (ASCII letters, digits, `-`, `.`, `_`, `~`); non-ASCII bytes
/// are always encoded.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Literals in a call keep `'` (string delimiters) and `:` (times).
const LITERAL: &AsciiSet = &SEGMENT.remove(b'\'').remove(b':');

/// Query option names keep `$` (`$select`) and `@` (parameter aliases).
const QUERY_NAME: &AsciiSet = &SEGMENT.remove(b'$').remove(b'@');

/// Query values keep `(`, `)`, `,` and `:`, readable in `$filter`.
const QUERY_VALUE: &AsciiSet = &SEGMENT.remove(b'(').remove(b')').remove(b',').remove(b':');

/// Appends `text` to `out`, percent-encoding (upper-case hexadecimal) every
/// byte in `set` and every non-ASCII byte.
fn encode_into(out: &mut String, text: &str, set: &'static AsciiSet) {
    out.extend(utf8_percent_encode(text, set));
}

/// Percent-encodes `text` for use as one path segment.
///
/// Only ASCII letters, digits, `-`, `.`, `_` and `~` are kept; every other byte
/// (including `/`, `?`, `#`, `'`, `$`, `%`, `(`, `)`, `,`, `=`, `&`, `+`, `:`, `@`,
/// space and all non-ASCII bytes) becomes `%XX`. The dot segments `.` and `..` are
/// encoded as `%2E` and `%2E%2E`, although URL parsers still treat those as dot
/// segments: [`Node`](crate::Node) therefore refuses to build a request whose
/// path holds an empty, `.` or `..` segment.
///
/// ```
/// assert_eq!(msgraph_runtime::encode_segment("a/b?c#d"), "a%2Fb%3Fc%23d");
/// assert_eq!(msgraph_runtime::encode_segment("microsoft.graph.user"), "microsoft.graph.user");
/// ```
pub fn encode_segment(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    match text {
        // Dot segments: encoded although parsers still read them (see above).
        "." => out.push_str("%2E"),
        ".." => out.push_str("%2E%2E"),
        _ => encode_into(&mut out, text, SEGMENT),
    }
    out
}

/// Percent-encodes the text of an OData literal for use inside a function call in
/// a path, such as the `'it''s'` of `f(p='it''s')`.
///
/// Like [`encode_segment`], except that `'` (which delimits string literals) and
/// `:` (found in date and time literals) are kept. The characters that carry
/// structure in a URL (`/ ? # % &`, space, ...) and in a call (`( ) , =`) are
/// all encoded, so the result can never add a path segment, a query or a
/// fragment to the URL.
///
/// That alone does not make any text one safe literal: OData services
/// percent-decode the path before they parse the call, so `x),q=(y` would still
/// close the parenthesis and add a parameter there. `text` must already be a
/// well-formed OData literal, such as a string literal with its quotes doubled;
/// the [`Param`](crate::Param) constructors only ever make such literals.
///
/// ```
/// assert_eq!(msgraph_runtime::encode_literal("'a),b=(c'"), "'a%29%2Cb%3D%28c'");
/// assert_eq!(msgraph_runtime::encode_literal("2024-01-02T03:04:05Z"), "2024-01-02T03:04:05Z");
/// ```
pub fn encode_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    encode_into(&mut out, text, LITERAL);
    out
}

/// The OData key predicate for `key`: `(`, the key as a string literal (between
/// single quotes, every `'` doubled), `)`, as in `('it''s (x)')`, with everything
/// between the two enclosing quotes percent-encoded except the unreserved
/// characters: `('it%27%27s%20%28x%29')`.
///
/// As the doubled quotes, parentheses, commas and `$` inside are all encoded, no
/// key can end the literal early or change the path, whether a service parses
/// the predicate before or after percent-decoding it.
pub(crate) fn encode_key_predicate(key: &str) -> String {
    let mut quoted = String::with_capacity(key.len() + 2);
    for c in key.chars() {
        if c == '\'' {
            quoted.push('\'');
        }
        quoted.push(c);
    }
    let mut out = String::with_capacity(quoted.len() + 4);
    out.push_str("('");
    encode_into(&mut out, &quoted, SEGMENT);
    out.push_str("')");
    out
}

/// Percent-encodes the name of a query option: like [`encode_segment`], except
/// that `$` (of system query options such as `$select`) and `@` (of parameter
/// aliases such as `@p`) are kept.
pub(crate) fn encode_query_name(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    encode_into(&mut out, text, QUERY_NAME);
    out
}

/// Percent-encodes the value of a query option: like [`encode_segment`], except
/// that `(`, `)`, `,` and `:` are kept, as they mean nothing to the splitting of
/// a query string and keep `$filter` and `$orderby` expressions readable.
pub(crate) fn encode_query_value(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    encode_into(&mut out, text, QUERY_VALUE);
    out
}

/// Encodes each of `items` as a query value, joined by literal commas, as in
/// `$select=id,displayName`.
pub(crate) fn encode_query_list<I, S>(items: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut out = String::new();
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        encode_into(&mut out, item.as_ref(), SEGMENT);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segment_keeps_only_unreserved() {
        assert_eq!(encode_segment("abc-._~XYZ09"), "abc-._~XYZ09");
        assert_eq!(
            encode_segment("#'$/?% (),=&+:@"),
            "%23%27%24%2F%3F%25%20%28%29%2C%3D%26%2B%3A%40"
        );
        assert_eq!(encode_segment("é"), "%C3%A9");
        assert_eq!(encode_segment(""), "");
        assert_eq!(encode_segment("."), "%2E");
        assert_eq!(encode_segment(".."), "%2E%2E");
        assert_eq!(encode_segment("..."), "...");
    }

    #[test]
    fn literal_keeps_quotes_and_colons() {
        assert_eq!(encode_literal("'it''s'"), "'it''s'");
        assert_eq!(encode_literal("a/b?c#d&e"), "a%2Fb%3Fc%23d%26e");
        assert_eq!(encode_literal("+01:00"), "%2B01:00");
    }

    #[test]
    fn key_predicates_quote_and_encode_everything_inside() {
        assert_eq!(encode_key_predicate(""), "('')");
        assert_eq!(encode_key_predicate("abc"), "('abc')");
        assert_eq!(encode_key_predicate("it's (x)"), "('it%27%27s%20%28x%29')");
        assert_eq!(
            encode_key_predicate("a,b/c?d#e%f$g"),
            "('a%2Cb%2Fc%3Fd%23e%25f%24g')"
        );
        assert_eq!(encode_key_predicate("delta()"), "('delta%28%29')");
    }

    #[test]
    fn query_parts() {
        assert_eq!(encode_query_name("$select"), "$select");
        assert_eq!(encode_query_name("@p&x=1"), "@p%26x%3D1");
        assert_eq!(
            encode_query_value("startswith(name,'a b')&x=#"),
            "startswith(name,%27a%20b%27)%26x%3D%23"
        );
        assert_eq!(encode_query_list(["id", "a,b", "c&d"]), "id,a%2Cb,c%26d");
    }
}
