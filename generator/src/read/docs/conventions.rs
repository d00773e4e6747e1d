//! The conventions of Graph's doc pages, shared by both readers.
//!
//! A markdown source page and the rendered text of the same page say the same
//! things in the same words: the section headings, the HTTP methods, the
//! permission-table labels and their order, the wordings for "no permission",
//! the title that names an action or function, the status line of a response,
//! the primitive type words. Each of those is decided here, once; the readers
//! only find the text (a markdown heading or table cell, a rendered line) and
//! ask. The table tests in `tests/doc_conventions.rs` run every case through
//! both formats.

use super::{DocType, Header, HttpLine, PermissionOrder};

/// HTTP methods an API page's request block may use.
pub const METHODS: [&str; 5] = ["GET", "POST", "PATCH", "PUT", "DELETE"];

/// `GET`, `post`, ... → the upper-case method, if it is one of [`METHODS`].
pub fn method(word: &str) -> Option<&'static str> {
    METHODS
        .iter()
        .copied()
        .find(|m| m.eq_ignore_ascii_case(word))
}

/// What a section heading announces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Heading {
    /// "Permissions".
    Permissions,
    /// "HTTP request".
    Http,
    /// "Request headers".
    Headers,
    /// "Request body", "Parameters", "Function parameters": rows are parameters.
    Body,
    /// "Response".
    Response,
    /// "Example", "Examples", "Example 2: Get a user".
    Example,
    /// "Request", inside the examples.
    Request,
    /// "Properties".
    Properties,
    /// "Relationships".
    Relationships,
    /// An enum page's "Members".
    Members,
    /// A heading pages use that announces nothing we read.
    Other,
}

/// Headings longer than this are prose, not headings.
const MAX_HEADING: usize = 80;

/// Lowercase, whitespace collapsed, without a trailing colon or backticks.
pub fn normalise(text: &str) -> String {
    let mut s = String::new();
    for w in text.split_whitespace() {
        if !s.is_empty() {
            s.push(' ');
        }
        s.push_str(&w.to_lowercase());
    }
    s.trim_end_matches(':')
        .trim_end()
        .trim_matches('`')
        .to_owned()
}

/// The heading a text is, if it is one of the known headings as a whole
/// (case, spacing and a trailing colon aside). Rendered text uses this: any
/// line may be a heading, so only a whole known heading counts.
pub fn heading(text: &str) -> Option<Heading> {
    if text.len() > MAX_HEADING {
        return None;
    }
    known_heading(&normalise(text))
}

/// The known heading a normalised text is, if any.
fn known_heading(h: &str) -> Option<Heading> {
    Some(match h {
        "permissions" => Heading::Permissions,
        "http request" | "http requests" => Heading::Http,
        "request headers" | "request header" | "optional request headers" => Heading::Headers,
        "request body"
        | "parameters"
        | "function parameters"
        | "action parameters"
        | "request parameters" => Heading::Body,
        "response" | "responses" => Heading::Response,
        "example" | "examples" => Heading::Example,
        "request" => Heading::Request,
        "properties" => Heading::Properties,
        "relationships" => Heading::Relationships,
        "members" => Heading::Members,
        "optional query parameters" | "path parameters" | "methods" | "json representation" => {
            Heading::Other
        }
        _ => {
            // "Example 1" or "Example 2: Get a user".
            let rest = h.strip_prefix("example ")?;
            let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            let after = rest.get(digits..).unwrap_or_default();
            if digits > 0 && (after.is_empty() || after.starts_with(':')) {
                Heading::Example
            } else {
                return None;
            }
        }
    })
}

/// The heading a text marked as a heading announces (a markdown `##`): a
/// known heading, or by its words: "HTTP request (beta)", "Example: get the
/// items", "Permissions for a shared drive"; anything else is `Other`.
pub fn marked_heading(text: &str) -> Heading {
    let h = normalise(text);
    if let Some(known) = known_heading(&h) {
        known
    } else if h.starts_with("http request") {
        Heading::Http
    } else if h.starts_with("example") {
        Heading::Example
    } else if h.contains("permission") {
        Heading::Permissions
    } else {
        Heading::Other
    }
}

/// Words a note paragraph starts with ("Note: ...").
const NOTE_PREFIXES: [&str; 5] = ["note:", "important:", "caution:", "warning:", "tip:"];

/// `t` without `prefix`, compared without regard to ASCII case.
pub fn strip_prefix_ci<'t>(t: &'t str, prefix: &str) -> Option<&'t str> {
    let head = t.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| t.get(prefix.len()..))
        .flatten()
}

/// Whether a paragraph is a note rather than the page's description.
pub fn is_note(text: &str) -> bool {
    let t = text.trim_start().trim_start_matches(['*', '_']);
    NOTE_PREFIXES
        .iter()
        .any(|p| strip_prefix_ci(t, p).is_some())
}

/// The `Namespace: microsoft.graph` line under a title: the namespace, empty
/// when the line names none.
pub fn namespace_line(text: &str) -> Option<&str> {
    let rest = strip_prefix_ci(text.trim(), "namespace:")?;
    Some(rest.split_whitespace().next().unwrap_or_default())
}

/// Which list of a permissions table a row fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PermissionKind {
    /// "Delegated (work or school account)".
    DelegatedWork,
    /// "Delegated (personal Microsoft account)".
    DelegatedPersonal,
    /// "Application".
    Application,
}

/// Row labels, as their letters: what a label must start with.
const PERMISSION_LABELS: [(&str, PermissionKind); 4] = [
    ("delegatedworkorschool", PermissionKind::DelegatedWork),
    (
        "delegatedpersonalmicrosoft",
        PermissionKind::DelegatedPersonal,
    ),
    (
        "delegatedmicrosoftaccount",
        PermissionKind::DelegatedPersonal,
    ),
    ("application", PermissionKind::Application),
];

/// A permissions row's label (a markdown cell), tolerant of case, spacing,
/// markup and a missing parenthesis: "Delegated (work or school account)",
/// "**Application-only**".
pub fn permission_label(label: &str) -> Option<PermissionKind> {
    let l = letters(label);
    PERMISSION_LABELS
        .iter()
        .find(|(want, _)| l.starts_with(want))
        .map(|(_, kind)| *kind)
}

/// A line that starts with a permissions row's label (rendered text): the
/// kind and the rest of the line after the label. The label ends at a word's
/// end: "Applications can ..." is not a label.
pub fn permission_label_at(line: &str) -> Option<(PermissionKind, &str)> {
    for (want, kind) in PERMISSION_LABELS {
        let Some(end) = letters_end(line, want) else {
            continue;
        };
        // The label's remaining words: "account)", "Microsoft account)".
        let mut rest = line.get(end..).unwrap_or_default();
        if let Some(close) = rest.find(')') {
            let inside = rest.get(..close).unwrap_or_default();
            if line.get(..end).is_some_and(|l| l.contains('('))
                && inside
                    .chars()
                    .all(|c| c.is_alphabetic() || c.is_whitespace())
            {
                rest = rest.get(close + 1..).unwrap_or_default();
            }
        }
        // "Application-only": the label's word goes on with a hyphen.
        if let Some(more) = rest.strip_prefix('-') {
            let word = more.find(char::is_whitespace).unwrap_or(more.len());
            if more
                .get(..word)
                .is_some_and(|w| w.chars().all(|c| c.is_alphabetic()))
            {
                rest = more.get(word..).unwrap_or_default();
            }
        }
        if rest.is_empty() || rest.starts_with(char::is_whitespace) {
            return Some((kind, rest.trim()));
        }
    }
    None
}

/// The byte offset in `text` just after its ASCII letters spell `want`
/// (other characters skipped), if they start with it.
fn letters_end(text: &str, want: &str) -> Option<usize> {
    let mut want = want.bytes().peekable();
    for (i, c) in text.char_indices() {
        if !c.is_ascii_alphabetic() {
            continue;
        }
        match want.next() {
            Some(w) if c.to_ascii_lowercase() == char::from(w) => {
                if want.peek().is_none() {
                    return Some(i + c.len_utf8());
                }
            }
            _ => return None,
        }
    }
    None
}

/// The order a permissions table's header announces: "Permissions (from
/// least to most privileged)", "Least privileged permissions | Higher
/// privileged permissions", "... (from most to least privileged)".
pub fn permission_order(header: &str) -> PermissionOrder {
    let h = header.to_ascii_lowercase();
    if h.contains("most to least") {
        PermissionOrder::MostToLeast
    } else if h.contains("least to most") || h.contains("least privileged") {
        PermissionOrder::LeastToMost
    } else {
        PermissionOrder::Unstated
    }
}

/// Whether a header cell is the first of a permissions table ("Permission type").
pub fn is_permission_header(text: &str) -> bool {
    normalise(text).contains("permission")
}

/// Words standing for "no permission" in a cell, as their letters.
const NO_PERMISSION: [&[&str]; 5] = [
    &["not", "supported"],
    &["not", "available"],
    &["not", "applicable"],
    &["none"],
    &["na"],
];

/// Words that join alternative names in a cell ("A.Read or B.Read"), which is
/// what the list means anyway. Combinations ("A.Read and B.Read", "plus")
/// are not: they are reported with the other words.
const CONNECTIVES: [&str; 2] = ["or", "either"];

/// The permission names of a cell, in the cell's order, and the words that
/// are not permission names ([`is_permission_name`]). Names are separated by
/// commas or spaces; "Not supported." (or "Not available", "None", "N/A") is
/// no name, and "or" joins names.
pub fn permission_names(cell: &str) -> (Vec<String>, Vec<String>) {
    let tokens: Vec<&str> = cell
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        // Markup and punctuation around a word: `**A.Read**`, `(also`, `B.Read.`.
        .map(|t| t.trim_matches(['`', '*', '(', ')', '"', ':', '.']))
        .filter(|t| !t.is_empty())
        .collect();
    let mut names = Vec::new();
    let mut other = Vec::new();
    let mut i = 0;
    while let Some(&token) = tokens.get(i) {
        let none = NO_PERMISSION.iter().find(|words| {
            words.iter().enumerate().all(|(k, w)| {
                tokens
                    .get(i + k)
                    .is_some_and(|t| letters(t) == *w && !t.contains('.'))
            })
        });
        if let Some(words) = none {
            i += words.len();
            continue;
        }
        if CONNECTIVES.iter().any(|c| c.eq_ignore_ascii_case(token)) {
            i += 1;
            continue;
        }
        if is_permission_name(token) {
            if !names.iter().any(|n| n == token) {
                names.push(token.to_owned());
            }
        } else {
            other.push(token.to_owned());
        }
        i += 1;
    }
    (names, other)
}

/// OpenID Connect scopes: the permission names without a dot.
const OPENID_SCOPES: [&str; 4] = ["openid", "profile", "email", "offline_access"];

/// `User.Read`, `Sites.ReadWrite.All`, `offline_access`: dotted words of
/// letters, digits, `_` and `-`, each starting with a letter, or an OpenID scope. Prose around names
/// ("For **user** resource:") is not a name.
pub fn is_permission_name(token: &str) -> bool {
    // Each part starts with a letter ("v1.0" is no name) and the last is a
    // word ("i.e" is none either).
    let part = |p: &str| {
        p.starts_with(|c: char| c.is_ascii_alphabetic())
            && p.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
    };
    let last_is_word = token.rsplit('.').next().is_some_and(|p| p.len() > 1);
    (token.contains('.') && last_is_word && token.split('.').all(part))
        || OPENID_SCOPES.contains(&token)
}

/// Only ASCII letters, lowercased: robust matching of labels with stray markup.
pub fn letters(text: &str) -> String {
    text.chars()
        .filter(char::is_ascii_alphabetic)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The operation an action or function page's title names: "executeAction
/// action" and "reportRoot: getX function" give the name; "user: delta" gives
/// `delta` when a documented path ends in it; other titles give `None`.
pub fn operation_name(title: &str, http: &[HttpLine]) -> Option<String> {
    let t = title.trim();
    let single = |n: &str| !n.is_empty() && !n.contains(char::is_whitespace);
    if let Some((name, kind)) = t.rsplit_once(char::is_whitespace) {
        if kind.eq_ignore_ascii_case("action") || kind.eq_ignore_ascii_case("function") {
            let name = name.rsplit_once(':').map_or(name, |(_, n)| n);
            let name = name.trim().trim_matches('`');
            // "microsoft.graph.getX function": the name without its namespace.
            let name = name.rsplit('.').next().unwrap_or(name);
            return single(name).then(|| name.to_owned());
        }
    }
    let (_, name) = t.rsplit_once(':')?;
    let name = name.trim().trim_matches('`');
    if !single(name) {
        return None;
    }
    http.iter().find_map(|h| {
        let last = last_segment(&h.path);
        last.eq_ignore_ascii_case(name).then(|| last.to_owned())
    })
}

/// A documented path's last segment without its parameters or namespace:
/// `/users/{id}/microsoft.graph.delta()` → `delta`.
fn last_segment(path: &str) -> &str {
    let path = path.split('?').next().unwrap_or_default();
    let last = path
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or_default();
    let last = last.split('(').next().unwrap_or_default();
    last.rsplit('.').next().unwrap_or_default()
}

/// The first HTTP status code in `text` and its offset, as in `200 OK`,
/// `201 Created`, `204 No Content`: three digits starting 1–5, not inside a
/// number, then a space or comma and a capitalised reason phrase.
pub fn find_status(text: &str) -> Option<(u16, usize)> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i + 3 <= bytes.len() {
        let digits = bytes.get(i..i + 3).unwrap_or_default();
        let before_ok = i == 0
            || bytes
                .get(i - 1)
                .is_some_and(|b| !b.is_ascii_alphanumeric() && *b != b'.');
        let after = bytes.get(i + 3..).unwrap_or_default();
        if before_ok
            && digits.iter().all(u8::is_ascii_digit)
            && digits.first().is_some_and(|d| (b'1'..=b'5').contains(d))
            && reason_follows(after)
        {
            let code = text.get(i..i + 3)?.parse().ok()?;
            return Some((code, i));
        }
        i += 1;
    }
    None
}

/// After a status code: ` OK`, ` Created`, `, Created`, `,Created`, `  OK`, ` (Created)`.
fn reason_follows(rest: &[u8]) -> bool {
    let after = match rest {
        [b',' | b' ', r @ ..] => r,
        _ => return false,
    };
    // Any spaces, then the phrase, in parentheses or not: `201  Created`, `201 (Created)`.
    let start = after.iter().position(|b| *b != b' ').unwrap_or(after.len());
    let after = after.get(start..).unwrap_or_default();
    let after = after.strip_prefix(b"(").unwrap_or(after);
    after.first().is_some_and(u8::is_ascii_uppercase)
}

/// The method of a line that reads as an example's request line, a method
/// then a path or URL: `GET https://graph.microsoft.com/beta/me HTTP/1.1`.
/// Rendered text needs the URL to tell a request from prose ("GET me").
pub fn request_line(line: &str) -> Option<&'static str> {
    let (word, url) = line.trim().split_once(char::is_whitespace)?;
    let url = url.trim_start();
    let method = method(word)?;
    (url.starts_with('/') || url.get(..4).is_some_and(|h| h.eq_ignore_ascii_case("http")))
        .then_some(method)
}

/// An example's status line: `HTTP/1.1 201 Created` → 201.
pub fn status_line(line: &str) -> Option<u16> {
    let t = line.trim();
    if !t.starts_with("HTTP/") {
        return None;
    }
    t.split_whitespace().nth(1)?.parse().ok()
}

/// A rendered request-headers table's header line ("Header Value").
pub fn is_header_table_header(line: &str) -> bool {
    matches!(
        normalise(line).as_str(),
        "header value" | "name value" | "header value description" | "name description"
    )
}

/// A request-headers row's name cell: the header's name, and the value
/// when the cell gives one (`Prefer: outlook.timezone`); `None` when the
/// cell is not a header name.
pub fn header_cell(cell: &str) -> Option<(&str, Option<&str>)> {
    let (name, value) = match cell.split_once(':') {
        Some((n, v)) => (n.trim(), Some(v.trim()).filter(|v| !v.is_empty())),
        None => (cell.trim(), None),
    };
    // "Authorization (required)": the name, then a note.
    let (name, note) = match name.find(|c: char| c.is_whitespace() || c == '(') {
        Some(at) => (
            name.get(..at).unwrap_or_default(),
            name.get(at..).map(str::trim).filter(|n| !n.is_empty()),
        ),
        None => (name, None),
    };
    is_header_name(name).then_some((name, value.or(note)))
}

/// A request-headers row: its name cell ([`header_cell`]) and the other
/// cells that describe it; the value is what the name cell gives, then those
/// cells, without empty ones, whitespace collapsed.
pub fn header_row(name_cell: &str, cells: &[&str]) -> Option<Header> {
    let (name, given) = header_cell(name_cell)?;
    let words: Vec<&str> = given
        .into_iter()
        .chain(cells.iter().copied())
        .flat_map(str::split_whitespace)
        .collect();
    Some(Header {
        name: name.to_owned(),
        value: words.join(" "),
    })
}

/// What a permissions row says beside its names, as the warning words it.
pub fn left_out_of_permissions(other: &[String]) -> String {
    format!(
        "words that are not permission names (conditions or combinations; the list keeps the names only): {}",
        other.join(" ")
    )
}

/// An HTTP header's name: letters, digits and `-`.
pub fn is_header_name(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// Headers every request carries, which the runtime sets: a page's table
/// of them says nothing about the operation.
pub const STANDARD_HEADERS: [&str; 4] =
    ["authorization", "content-type", "accept", "content-length"];

/// Whether a documented request header is one the runtime sets anyway.
pub fn is_standard_header(name: &str) -> bool {
    STANDARD_HEADERS
        .iter()
        .any(|h| h.eq_ignore_ascii_case(name.trim()))
}

/// A table's name column header: "Property", "Parameter name", "Name", ...
pub fn is_name_header(h: &str) -> bool {
    let h = normalise(h);
    matches!(
        h.as_str(),
        "property"
            | "properties"
            | "parameter"
            | "parameters"
            | "name"
            | "relationship"
            | "member"
            | "field"
    ) || ["property name", "parameter name", "relationship name"]
        .iter()
        .any(|p| h.starts_with(p))
        || h.starts_with("required parameter")
        || h.starts_with("optional parameter")
}

/// A table's type column header: "Type", "Data type", ...
pub fn is_type_header(h: &str) -> bool {
    let h = normalise(h);
    matches!(h.as_str(), "type" | "data type" | "value type" | "types") || h.starts_with("type ")
}

/// A rendered table's header line: a name header, a type header, then
/// "Description" ("Property Type Description", "Parameter name Type Description").
pub fn is_typed_table_header(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    let Some((last, rest)) = words.split_last() else {
        return false;
    };
    if !last.eq_ignore_ascii_case("description") {
        return false;
    }
    (1..rest.len()).any(|at| {
        let (name, ty) = rest.split_at(at);
        is_name_header(&name.join(" ")) && is_type_header(&ty.join(" "))
    })
}

/// A members table's header: "Member | Value | Description", "Name | Description".
pub fn is_member_header(h: &str) -> bool {
    matches!(normalise(h).as_str(), "member" | "name" | "members")
}

/// A rendered members table's header line.
pub fn is_member_table_header(line: &str) -> bool {
    matches!(
        normalise(line).as_str(),
        "member value description" | "member description" | "name value description"
    )
}

/// Map a doc table's primitive type word to its Edm name (`String` → `Edm.String`).
pub fn edm_name(word: &str) -> Option<&'static str> {
    Some(match word.to_ascii_lowercase().as_str() {
        "string" => "Edm.String",
        "boolean" | "bool" => "Edm.Boolean",
        "int32" | "integer" | "int" => "Edm.Int32",
        "int64" | "long" => "Edm.Int64",
        "int16" => "Edm.Int16",
        "byte" => "Edm.Byte",
        "sbyte" => "Edm.SByte",
        "double" => "Edm.Double",
        "single" | "float" => "Edm.Single",
        "decimal" => "Edm.Decimal",
        "datetimeoffset" => "Edm.DateTimeOffset",
        "date" => "Edm.Date",
        "timeofday" => "Edm.TimeOfDay",
        "duration" => "Edm.Duration",
        "guid" => "Edm.Guid",
        "binary" => "Edm.Binary",
        "stream" => "Edm.Stream",
        _ => return None,
    })
}

/// Parse a type cell's plain text: `String collection`, `Collection(Edm.String)`,
/// `managedDeviceRemoteAction`, `microsoft.graph.user collection`.
pub fn parse_type_text(text: &str) -> Option<DocType> {
    let t = text.trim().trim_matches('`').trim();
    if t.is_empty() {
        return None;
    }
    let (inner, collection) = if let Some(i) = t
        .strip_prefix("Collection(")
        .and_then(|r| r.strip_suffix(')'))
    {
        (i.trim(), true)
    } else if let Some(i) = t
        .strip_suffix(" collection")
        .or_else(|| t.strip_suffix(" Collection"))
    {
        (i.trim(), true)
    } else {
        (t, false)
    };
    let inner = inner.trim_start_matches("Edm.");
    if inner.is_empty() || inner.contains(char::is_whitespace) {
        return None;
    }
    let name = match edm_name(inner) {
        Some(edm) => edm.to_owned(),
        None => inner.to_owned(),
    };
    Some(DocType { name, collection })
}

/// Whether a front matter `description` is only the page's file name in
/// title case, as some Intune pages have it ("Intune Devices Manageddevice
/// Executeaction Api ."): three or more words, each one capital and then
/// lower case or digits, ending in ` .` or `Api`. Such text describes nothing;
/// the page's own first paragraph is used instead.
pub fn is_file_name_description(text: &str) -> bool {
    let t = text.trim();
    let (words, dotted) = match t.strip_suffix('.') {
        Some(rest) if rest.ends_with(' ') => (rest.trim_end(), true),
        _ => (t, false),
    };
    let words: Vec<&str> = words.split_whitespace().collect();
    let title_case = |w: &&str| {
        let mut chars = w.chars();
        chars.next().is_some_and(|c| c.is_ascii_uppercase())
            && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    };
    words.len() >= 3 && words.iter().all(title_case) && (dotted || words.last() == Some(&"Api"))
}

/// The names a description lists after "Possible values are" (or "The possible
/// values are"), with or without a colon and backticks, up to the sentence's
/// period or the end: ``Possible values are: `a`, `b`, and `c`.`` gives `[a, b, c]`.
/// Items that are not identifier-like ("any other string") are left out; no
/// such phrase gives an empty list.
pub fn possible_values(description: &str) -> Vec<String> {
    const PHRASE: &str = "possible values are";
    let lower = description.to_ascii_lowercase();
    let Some(at) = lower.find(PHRASE) else {
        return Vec::new();
    };
    let rest = description.get(at + PHRASE.len()..).unwrap_or_default();
    let rest = rest.trim_start().strip_prefix(':').unwrap_or(rest);
    // The list ends at a period outside backticks that ends the sentence.
    let mut end = rest.len();
    let mut in_code = false;
    let mut chars = rest.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '`' => in_code = !in_code,
            '.' | ';'
                if !in_code && !matches!(chars.peek(), Some((_, n)) if !n.is_whitespace()) =>
            {
                end = i;
                break;
            }
            '\n' | '|' if !in_code => {
                end = i;
                break;
            }
            _ => {}
        }
    }
    let list = rest.get(..end).unwrap_or_default();
    let mut out: Vec<String> = Vec::new();
    let items = list
        .split(',')
        .flat_map(|i| i.split(" or "))
        .flat_map(|i| i.split(" and "));
    for item in items {
        let mut item = item.trim();
        for prefix in ["and ", "or "] {
            if let Some(r) = item.strip_prefix(prefix) {
                item = r.trim_start();
            }
        }
        // "always (default)", "ipp (IPP Service)": the name before a note.
        if let Some((name, note)) = item.split_once(" (") {
            if note.ends_with(')') {
                item = name;
            }
        }
        let item =
            item.trim_matches(|c: char| matches!(c, '`' | '"' | '\'' | '*') || c.is_whitespace());
        let identifier = item
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && item
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
        if identifier && !out.iter().any(|o| o == item) {
            out.push(item.to_owned());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_whole_and_marked() {
        assert_eq!(heading("HTTP Request"), Some(Heading::Http));
        assert_eq!(heading("Example 2: Get a user"), Some(Heading::Example));
        assert_eq!(heading("Examples"), Some(Heading::Example));
        assert_eq!(heading("Example request for a user"), None);
        assert_eq!(heading("Permissions required to call"), None);
        assert_eq!(
            marked_heading("Permissions required to call"),
            Heading::Permissions
        );
        assert_eq!(
            marked_heading("Example request for a user"),
            Heading::Example
        );
        assert_eq!(marked_heading("See also"), Heading::Other);
    }

    #[test]
    fn permission_labels_in_cells_and_lines() {
        assert_eq!(
            permission_label("Delegated (personal Microsoft account"),
            Some(PermissionKind::DelegatedPersonal)
        );
        assert_eq!(
            permission_label(" **Application-only** "),
            Some(PermissionKind::Application)
        );
        assert_eq!(permission_label("Supported resource"), None);
        assert_eq!(
            permission_label_at("Delegated (work or school account) User.Read"),
            Some((PermissionKind::DelegatedWork, "User.Read"))
        );
        assert_eq!(
            permission_label_at("Application Not supported."),
            Some((PermissionKind::Application, "Not supported."))
        );
        assert_eq!(permission_label_at("Applications can call this"), None);
        assert_eq!(
            permission_label_at("Application-only User.Read"),
            Some((PermissionKind::Application, "User.Read"))
        );
    }

    #[test]
    fn permission_cells() {
        let (names, other) = permission_names("Not Supported");
        assert!(names.is_empty() && other.is_empty());
        let (names, _) = permission_names("A.Read, B.Read.");
        assert_eq!(names, ["A.Read", "B.Read"]);
        let (names, other) = permission_names("A.Read (see note)");
        assert_eq!(names, ["A.Read"]);
        assert_eq!(other, ["see", "note"]);
        let (names, other) = permission_names("For **user** resource: A.Read (also B.Read.All)");
        assert_eq!(names, ["A.Read", "B.Read.All"]);
        assert_eq!(other, ["For", "user", "resource", "also"]);
        let (names, _) = permission_names("User.Read, offline_access, openid");
        assert_eq!(names, ["User.Read", "offline_access", "openid"]);
        let (names, other) = permission_names("Mail.Read;Mail.Send (i.e. both) v1.0");
        assert_eq!(names, ["Mail.Read", "Mail.Send"]);
        assert_eq!(other, ["i.e", "both", "v1.0"]);
        let (names, _) = permission_names("None.Special, Not.Here");
        assert_eq!(names, ["None.Special", "Not.Here"]);
    }

    #[test]
    fn status_and_request_lines() {
        assert_eq!(
            find_status("returns a 201 Created response"),
            Some((201, 10))
        );
        assert_eq!(find_status("version 1.201 Created"), None);
        assert_eq!(find_status("returns 200  OK"), Some((200, 8)));
        assert_eq!(find_status("returns 201 (Created)"), Some((201, 8)));
        assert_eq!(find_status("a 200-series code"), None);
        assert_eq!(
            header_cell("Authorization (required)"),
            Some(("Authorization", Some("(required)")))
        );
        assert_eq!(
            header_cell("Prefer: return=minimal"),
            Some(("Prefer", Some("return=minimal")))
        );
        assert_eq!(header_cell("(none)"), None);
        assert_eq!(
            request_line("post https://graph.microsoft.com/beta/me HTTP/1.1"),
            Some("POST")
        );
        assert_eq!(request_line("PATCH /me"), Some("PATCH"));
        assert_eq!(request_line("GET me"), None);
        assert_eq!(status_line("HTTP/1.1 204 No Content"), Some(204));
    }

    #[test]
    fn table_headers() {
        assert!(is_typed_table_header("Property Type Description"));
        assert!(is_typed_table_header(
            "Parameter name Data type Description"
        ));
        assert!(!is_typed_table_header("Name Value"));
        assert!(is_member_table_header("Member  Value Description"));
    }
}
