//! Bad input must fail cleanly: exit code 1, a `file:line:col: error[code]`
//! diagnostic naming the offending place, no panic, and the output directory
//! left exactly as it was.

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use generator::diag::Severity;
use generator::emit::Options;
use generator::pipeline::{self, Timings};

const SENTINEL: &str = "keep.txt";
const SENTINEL_TEXT: &str = "previous output";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/bad")
        .join(name)
}

/// Every file under `dir`, relative path -> bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).expect("read_dir") {
            let path = e.expect("dir entry").path();
            if path.is_dir() {
                walk(base, &path, out);
            } else {
                let rel = path.strip_prefix(base).unwrap().to_string_lossy();
                let bytes = std::fs::read(&path).expect("read file");
                out.insert(rel.replace('\\', "/"), bytes);
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Run `regenerate` on `input`, catching panics. Returns (exit code, diagnostics text).
fn regenerate(input: &Path, out: &Path) -> (u8, String) {
    let inputs = [input.to_path_buf()];
    let options = Options::default();
    let result = catch_unwind(AssertUnwindSafe(|| {
        pipeline::regenerate(&pipeline::Regenerate::new(
            &inputs,
            &[],
            out,
            false,
            &options,
        ))
    }))
    .unwrap_or_else(|_| panic!("the generator panicked on {}", input.display()));
    match result {
        Ok(_) => (0, String::new()),
        Err(pipeline::Refused::Diagnostics(diags)) => {
            let mut text = Vec::new();
            generator::diag::report(&diags, &mut text);
            (1, String::from_utf8(text).expect("diagnostics are UTF-8"))
        }
        Err(other) => (1, format!("{other:?}")),
    }
}

/// Regenerate from `input` into an output directory holding only a sentinel
/// file; assert exit code 1, the diagnostic `input:line:col: error[code]`
/// (`col: None` accepts any column), and that the output is untouched.
/// Returns the diagnostics text.
fn assert_rejected(input: &Path, line: u32, col: Option<u32>, code: &str) -> String {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join(SENTINEL), SENTINEL_TEXT).unwrap();

    let (exit, text) = regenerate(input, &out);

    assert_eq!(
        exit,
        1,
        "exit code for {}; output:\n{text}",
        input.display()
    );
    let file = input.display().to_string();
    let wanted_code = format!(": error[{code}]: ");
    let found = text.lines().any(|l| {
        let Some(rest) = l.strip_prefix(&file) else {
            return false;
        };
        let Some(rest) = rest.strip_prefix(&format!(":{line}:")) else {
            return false;
        };
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        if digits == 0 || !rest[digits..].starts_with(&wanted_code) {
            return false;
        }
        col.is_none_or(|c| rest[..digits] == c.to_string())
    });
    let col_text = col.map_or("<col>".to_owned(), |c| c.to_string());
    assert!(
        found,
        "expected `{file}:{line}:{col_text}: error[{code}]` in:\n{text}"
    );
    assert!(!text.contains("panicked"), "panic text in:\n{text}");

    // The output directory still holds exactly the sentinel, unchanged ...
    let after = snapshot(&out);
    let expected = BTreeMap::from([(SENTINEL.to_owned(), SENTINEL_TEXT.as_bytes().to_vec())]);
    assert_eq!(after, expected, "the output directory was modified");
    // ... and no temporary sibling was left behind.
    let siblings: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        siblings,
        ["out"],
        "stray files next to the output directory"
    );
    text
}

#[test]
fn empty_file() {
    // No root element at all: reported at the start of the file.
    let text = assert_rejected(&fixture("empty.xml"), 1, Some(1), "not-xml");
    assert!(text.contains("found end of file"), "{text}");
}

/// A fixed pseudo-random byte sequence (a 32-bit LCG, top byte of each state).
fn lcg_bytes(n: usize) -> Vec<u8> {
    let mut state: u32 = 0x1234_5678;
    (0..n)
        .map(|_| {
            state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (state >> 24) as u8
        })
        .collect()
}

#[test]
fn random_bytes() {
    let bytes = lcg_bytes(256);
    // The sequence starts 0x75 ('u'), 0xCD, 0x25: 0xCD opens a two-byte UTF-8
    // sequence but 0x25 is not a continuation byte, so the file stops being
    // UTF-8 at byte 1, which is line 1, column 2.
    assert_eq!(bytes[..3], [0x75, 0xCD, 0x25]);
    assert!(std::str::from_utf8(&bytes).is_err());
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("random.xml");
    std::fs::write(&input, &bytes).unwrap();
    assert_rejected(&input, 1, Some(2), "not-utf8");
}

#[test]
fn truncated_xml() {
    // The file ends inside the start tag `<Property Name="na` on line 6,
    // which begins at column 32.
    let text = assert_rejected(&fixture("truncated.xml"), 6, Some(32), "xml-syntax");
    assert!(text.contains("malformed XML"), "{text}");
}

#[test]
fn truncated_between_elements() {
    // The file ends after line 5 with <Schema> (line 4, column 5) still open:
    // reported at the end of the file, naming where the open element started.
    let path = fixture("truncated_between_elements.xml");
    let text = assert_rejected(&path, 6, Some(1), "truncated");
    let opened = format!(
        "</Schema> to close the element opened at {}:4:5",
        path.display()
    );
    assert!(text.contains(&opened), "expected `{opened}` in:\n{text}");
}

#[test]
fn mismatched_end_tag() {
    // `<EnumType>` on line 5 is closed by `</EntityType>` at line 7, column 7.
    let text = assert_rejected(&fixture("mismatched_end_tag.xml"), 7, Some(7), "xml-syntax");
    assert!(text.contains("EntityType"), "{text}");
}

#[test]
fn doctype_with_entity_expansion() {
    let text = assert_rejected(&fixture("doctype.xml"), 2, Some(1), "doctype");
    // Rejected before any entity is expanded.
    assert!(!text.contains("lollol"), "{text}");
}

#[test]
fn not_edmx() {
    let text = assert_rejected(&fixture("not_edmx.xml"), 2, Some(1), "not-edmx");
    assert!(text.contains("<html>"), "{text}");
}

#[test]
fn dangling_type() {
    // Column 63 counts characters: `é` earlier on the line is two bytes.
    let text = assert_rejected(&fixture("dangling_type.xml"), 7, Some(63), "dangling-type");
    assert!(text.contains("graph.nothing"), "{text}");
}

#[test]
fn cyclic_base_type() {
    let path = fixture("cyclic_base_type.xml");
    let text = assert_rejected(&path, 5, Some(7), "cyclic-base-type");
    // Both types of the cycle are reported.
    let second = format!("{}:6:7: error[cyclic-base-type]", path.display());
    assert!(text.contains(&second), "expected `{second}` in:\n{text}");
}

#[test]
fn duplicate_type() {
    let text = assert_rejected(&fixture("duplicate_type.xml"), 7, Some(7), "duplicate-name");
    // The message points back at the first declaration.
    assert!(text.contains("duplicate_type.xml:6:7"), "{text}");
}

#[test]
fn bad_enum_value() {
    let text = assert_rejected(&fixture("bad_enum_value.xml"), 7, Some(9), "bad-enum-value");
    assert!(text.contains("`one`"), "{text}");
}

#[test]
fn bound_without_parameter() {
    assert_rejected(
        &fixture("bound_without_parameter.xml"),
        6,
        Some(7),
        "bound-without-parameter",
    );
}

#[test]
fn nested_collection() {
    assert_rejected(
        &fixture("nested_collection.xml"),
        7,
        Some(9),
        "nested-collection",
    );
}

#[test]
fn unknown_namespace() {
    let text = assert_rejected(
        &fixture("unknown_namespace.xml"),
        6,
        Some(31),
        "unknown-namespace",
    );
    assert!(text.contains("`nowhere`"), "{text}");
}

#[test]
fn bad_input_after_valid_input_keeps_the_first_output() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");

    let (exit, text) = regenerate(&fixture("valid.xml"), &out);
    assert_eq!(exit, 0, "valid input failed:\n{text}");
    let before = snapshot(&out);
    assert!(!before.is_empty(), "nothing was generated");

    let bad = fixture("dangling_type.xml");
    let (exit, text) = regenerate(&bad, &out);
    assert_eq!(exit, 1, "{text}");
    assert!(text.contains("error[dangling-type]"), "{text}");

    assert_eq!(snapshot(&out), before, "the bad run changed the output");
}

#[test]
fn warnings_are_not_fatal() {
    let input = fixture("warnings.xml");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let (exit, text) = regenerate(&input, &out);
    assert_eq!(exit, 0, "warnings failed the run:\n{text}");
    assert!(!text.contains(": error"), "{text}");

    let model = pipeline::load(std::slice::from_ref(&input), &mut Timings::default())
        .unwrap_or_else(|d| panic!("load failed: {d:?}"));
    let file = input.display().to_string();
    let find = |code: &str| {
        model
            .diagnostics
            .iter()
            .find(|d| d.code == code)
            .unwrap_or_else(|| panic!("no `{code}` warning in {:?}", model.diagnostics))
    };
    let element = find("unknown-element");
    assert_eq!(element.severity, Severity::Warning);
    assert_eq!(element.location.to_string(), format!("{file}:6:7"));
    assert!(element.message.contains("Foo"), "{element}");

    let attribute = find("unknown-attribute");
    assert_eq!(attribute.severity, Severity::Warning);
    assert_eq!(attribute.location.to_string(), format!("{file}:7:7"));
    assert!(
        attribute.message.contains("ags:OwnerService"),
        "{attribute}"
    );

    assert!(
        model.diagnostics.iter().all(|d| !d.is_error()),
        "{:?}",
        model.diagnostics
    );
}

/// A CSDL like `valid.xml` with `inner` as the body of an annotation on its
/// first entity type, written to a temporary file; (its directory, the file,
/// the line `inner` starts on).
fn with_annotation(inner: &str) -> (tempfile::TempDir, PathBuf, u32) {
    let valid = std::fs::read_to_string(fixture("valid.xml")).unwrap();
    let at = valid
        .find("<EntityType ")
        .expect("valid.xml has an entity type");
    let end = at + valid[at..].find('>').unwrap() + 1;
    let line = valid[..end].lines().count() as u32 + 1;
    let text = format!(
        "{}\n<Annotation Term=\"Org.OData.Core.V1.Description\">{inner}</Annotation>{}",
        &valid[..end],
        &valid[end..]
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deep.xml");
    std::fs::write(&path, text).unwrap();
    (dir, path, line)
}

/// Hundreds of thousands of nested elements, in an annotation expression
/// and in elements the reader does not know: a positioned error, never a
/// stack overflow (which would abort the test process).
#[test]
fn deep_nesting_is_an_error_not_an_abort() {
    let depth = 300_000;
    for (open, close) in [
        ("<Collection>", "</Collection>"),
        (
            "<Record><PropertyValue Property=\"p\">",
            "</PropertyValue></Record>",
        ),
        ("<Unknown>", "</Unknown>"),
    ] {
        let inner = format!("{}{}", open.repeat(depth), close.repeat(depth));
        let (_dir, path, line) = with_annotation(&inner);
        // The element that goes past the limit is on the annotation's line.
        let text = assert_rejected(&path, line, None, "too-deep");
        assert!(text.contains("at most 100"), "{text}");
    }
}
