//! Doc pages are best-effort enrichment: bad pages are warnings with
//! `file:line`, and generation still succeeds with the CSDL's facts.

use std::path::{Path, PathBuf};

use generator::pipeline::{load_with_docs, regenerate, Regenerate, Timings};

fn metadata() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../metadata/graph-beta-intune.xml")
}

const PAGE: &str = "---\ntitle: \"deprovision action\"\ndoc_type: apiPageType\n---\n\n# deprovision action\n\nNamespace: microsoft.graph\n\n## Permissions\n\n|Permission type|Permissions (from least to most privileged)|\n|:---|:---|\n|Delegated (work or school account)|A.Read.All|\n|Delegated (carrier pigeon)|B.Read.All|\n|Application|A.Read.All|\n\n## HTTP request\n\n```http\nPOST /deviceManagement/managedDevices/{id}/deprovision\nPOST /nowhere/{id}/deprovision\nFETCH /deviceManagement/managedDevices/{id}/deprovision\n```\n\n## Request body\n\n|Property|Description|\n|:---|:---|\n|deprovisionReason|Why.|\n\n## Response\n\nIf successful, this action returns a `204 No Content` response code.\n\n## Example\n\n### Request\n\n```http\nPOST https://graph.microsoft.com/beta/deviceManagement/managedDevices/{id}/deprovision\nContent-type: application/json\n\n{ \"deprovisionReason\": \"broken\", }\n```\n";

fn docs_dir(dir: &Path) -> PathBuf {
    let docs = dir.join("docs/api");
    std::fs::create_dir_all(&docs).unwrap();
    std::fs::write(docs.join("deprovision.md"), PAGE).unwrap();
    std::fs::write(
        docs.join("no-tables.md"),
        "# Just a title\n\nSome words and nothing else.\n",
    )
    .unwrap();
    std::fs::write(docs.join("latin1.md"), b"# caf\xe9\n\n| a | b |\n").unwrap();
    dir.join("docs")
}

#[test]
fn bad_pages_are_warnings_and_the_rest_still_merges() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = docs_dir(tmp.path());
    let loaded = load_with_docs(&[metadata()], &[docs], &mut Timings::default())
        .expect("docs never fail the load");
    let codes = |code: &str| loaded.drift.iter().filter(|d| d.code == code).count();
    let warnings: Vec<&str> = loaded.doc_warnings.iter().map(|d| d.code).collect();
    // A page that is not UTF-8: skipped with a warning naming the file.
    assert!(warnings.contains(&"doc-not-utf8"), "{warnings:?}");
    assert!(loaded
        .doc_warnings
        .iter()
        .any(|d| d.location.file.ends_with("latin1.md") && d.location.line == 1));
    // An unknown permission row and an unknown HTTP method: warnings with their lines.
    let at = |code: &str| {
        loaded
            .doc_warnings
            .iter()
            .find(|d| d.code == code)
            .map(|d| d.location.line)
    };
    assert_eq!(
        at("doc-permission-row"),
        Some(15),
        "{:#?}",
        loaded.doc_warnings
    );
    assert_eq!(at("doc-http-method"), Some(23));
    // A table with a missing column (no Type): reported, not fatal.
    assert!(warnings.contains(&"doc-table-columns"), "{warnings:?}");
    // A path that matches nothing, and an example with invalid JSON: drift entries.
    assert_eq!(codes("path-unresolved"), 1, "{:#?}", loaded.drift);
    let bad_path = loaded
        .drift
        .iter()
        .find(|d| d.code == "path-unresolved")
        .unwrap();
    assert_eq!(
        (bad_path.file.as_str(), bad_path.line),
        ("api/deprovision.md", 22)
    );
    assert_eq!(codes("example-invalid-json"), 1);
    // The page still matched its operation and gave it its facts.
    assert_eq!(loaded.stats.matched, 1);
    let op = loaded
        .model
        .operations
        .iter()
        .find(|o| o.name == "deprovision")
        .unwrap();
    assert_eq!(
        op.http.paths,
        ["/deviceManagement/managedDevices/{id}/deprovision"]
    );
    assert_eq!(
        op.permissions.as_ref().and_then(|p| p.application.clone()),
        Some(vec!["A.Read.All".to_owned()])
    );
    assert_eq!(op.doc.as_deref(), Some("api/deprovision.md"));
}

#[test]
fn regenerate_succeeds_with_bad_pages() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = docs_dir(tmp.path());
    let out = tmp.path().join("out");
    let (inputs, docs, options) = ([metadata()], [docs], Default::default());
    let result = regenerate(&Regenerate::new(&inputs, &docs, &out, false, &options));
    assert!(result.is_ok(), "{:?}", result.err());
    let ops = std::fs::read_to_string(out.join("src/operations/managed_device.rs")).unwrap();
    assert!(
        ops.contains("\"A.Read.All\""),
        "the page's permissions reach the generated crate"
    );
}

/// A doc directory with a symbolic link back to itself (and one to a
/// sibling) is read to the end, each page once.
#[cfg(unix)]
#[test]
fn a_link_loop_in_the_doc_directory_ends() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = docs_dir(tmp.path());
    std::os::unix::fs::symlink(&docs, docs.join("api/loop")).unwrap();
    std::os::unix::fs::symlink(docs.join("api"), docs.join("again")).unwrap();
    let files = generator::read::docs::page_files(&docs).unwrap();
    assert_eq!(files.len(), 3, "{files:?}");
    let loaded = load_with_docs(&[metadata()], &[docs], &mut Timings::default()).unwrap();
    assert_eq!(
        loaded.stats.pages, 2,
        "the latin-1 page is unreadable, the other two are read once"
    );
}

/// Two pages document one operation and disagree on its permissions: both
/// are kept with their own facts, the drift says so, and the generated
/// OperationInfo lists each page.
#[test]
fn pages_that_disagree_are_both_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = docs_dir(tmp.path());
    let other = PAGE.replace("|Application|A.Read.All|", "|Application|C.ReadWrite.All|");
    std::fs::write(docs.join("api/deprovision-again.md"), other).unwrap();
    let loaded = load_with_docs(
        &[metadata()],
        std::slice::from_ref(&docs),
        &mut Timings::default(),
    )
    .unwrap();
    let op = loaded
        .model
        .operations
        .iter()
        .find(|o| o.name == "deprovision")
        .unwrap();
    let pages: Vec<&str> = op.pages.iter().map(|p| p.page.as_str()).collect();
    assert_eq!(pages, ["api/deprovision-again.md", "api/deprovision.md"]);
    let apps: Vec<_> = op
        .pages
        .iter()
        .map(|p| p.permissions.as_ref().and_then(|x| x.application.clone()))
        .collect();
    assert_eq!(
        apps,
        [
            Some(vec!["C.ReadWrite.All".to_owned()]),
            Some(vec!["A.Read.All".to_owned()])
        ]
    );
    assert!(
        loaded.drift.iter().any(|d| d.code == "pages-disagree"),
        "{:?}",
        loaded.drift
    );

    let g = generator::pipeline::generate_with_docs(
        &[metadata()],
        &[docs],
        &Default::default(),
        &mut Timings::default(),
    )
    .unwrap();
    let ops = &g.output.files["src/operations/managed_device.rs"];
    assert!(ops.contains("The doc pages disagree; each says:"), "{ops}");
    assert!(ops.contains(r#"doc: "api/deprovision-again.md","#), "{ops}");
}

/// The type a page's response section names is checked against the CSDL's
/// return type: a wrong one is a `response-type-mismatch` drift; the right
/// one (or a base or derived type of it) is not.
#[test]
fn the_documented_response_type_is_checked() {
    let page = |ty: &str| {
        format!(
            "---\ntitle: \"executeAction action\"\ndoc_type: apiPageType\n---\n\n# executeAction action\n\nNamespace: microsoft.graph\n\n## HTTP request\n\n```http\nPOST /deviceManagement/managedDevices/executeAction\n```\n\n## Response\n\nIf successful, this action returns a `200 OK` response code and a [{ty}](../resources/{ty}.md) object in the response body.\n"
        )
    };
    for (ty, wrong) in [("user", true), ("bulkManagedDeviceActionResult", false)] {
        let tmp = tempfile::tempdir().unwrap();
        let docs = tmp.path().join("docs/api");
        std::fs::create_dir_all(&docs).unwrap();
        std::fs::write(docs.join("executeaction.md"), page(ty)).unwrap();
        let loaded = load_with_docs(
            &[metadata()],
            &[tmp.path().join("docs")],
            &mut Timings::default(),
        )
        .unwrap();
        assert_eq!(loaded.stats.matched, 1, "{ty}");
        let found = loaded
            .drift
            .iter()
            .any(|d| d.code == "response-type-mismatch");
        assert_eq!(found, wrong, "{ty}: {:?}", loaded.drift);
    }
}

/// A page checked against itself: a title naming another operation than its
/// paths reach, an example request with a method the page does not document,
/// and an example response whose success status is not the documented one
/// are each a drift entry with its line; agreeing pages give none.
#[test]
fn a_page_that_contradicts_itself_is_drift() {
    let page = |title: &str, method: &str, status: &str| {
        format!(
            "---\ntitle: \"{title}\"\ndoc_type: apiPageType\n---\n\n# {title}\n\nNamespace: microsoft.graph\n\n## HTTP request\n\n```http\nPOST /deviceManagement/managedDevices/executeAction\n```\n\n## Response\n\nIf successful, this action returns a `200 OK` response code.\n\n## Example\n\n### Request\n\n```http\n{method} https://graph.microsoft.com/beta/deviceManagement/managedDevices/executeAction\n```\n\n### Response\n\n```http\nHTTP/1.1 {status}\n```\n"
        )
    };
    let cases = [
        ("executeAction action", "POST", "200 OK", vec![]),
        (
            "wipe action",
            "POST",
            "200 OK",
            vec![("title-operation-mismatch", 1)],
        ),
        (
            "executeAction action",
            "PATCH",
            "200 OK",
            vec![("example-method-mismatch", 24)],
        ),
        (
            "executeAction action",
            "POST",
            "202 Accepted",
            vec![("example-status-mismatch", 30)],
        ),
        // An error example is not a disagreement.
        ("executeAction action", "POST", "400 Bad Request", vec![]),
    ];
    for (title, method, status, want) in cases {
        let tmp = tempfile::tempdir().unwrap();
        let docs = tmp.path().join("docs/api");
        std::fs::create_dir_all(&docs).unwrap();
        std::fs::write(docs.join("executeaction.md"), page(title, method, status)).unwrap();
        let loaded = load_with_docs(
            &[metadata()],
            &[tmp.path().join("docs")],
            &mut Timings::default(),
        )
        .unwrap();
        let got: Vec<(&str, u32)> = loaded
            .drift
            .iter()
            .filter(|d| {
                matches!(
                    d.code,
                    "title-operation-mismatch"
                        | "example-method-mismatch"
                        | "example-status-mismatch"
                )
            })
            .map(|d| (d.code, d.line))
            .collect();
        assert_eq!(got, want, "{title} / {method} / {status}");
    }
}
