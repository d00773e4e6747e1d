//! The markdown doc page reader: snapshots of the facts read from real pages
//! (the seed pages and a dozen 2020 pages of different shapes), field-by-field
//! checks of one seed, a pass over the whole 2020 corpus, and bad input.
//! Review snapshot changes like code: `cargo insta review`.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use generator::diag::Diagnostic;
use generator::read::docs::{
    markdown, read_dir, read_page, DocPage, PageFormat, PageKind, Vocabulary,
};

/// Read `rel` under `dir` through `read_page`; warnings name the file by `rel`.
fn read(dir: &Path, rel: &str) -> (DocPage, Vec<Diagnostic>) {
    let bytes = std::fs::read(dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let (page, warnings) = read_page(rel, rel, &bytes, &Vocabulary::default());
    (
        page.unwrap_or_else(|| panic!("{rel}: no page; {warnings:#?}")),
        warnings,
    )
}

/// Read a markdown text given inline.
fn read_text(text: &str) -> (Option<DocPage>, Vec<Diagnostic>) {
    read_page(
        "test.md",
        "test.md",
        text.as_bytes(),
        &Vocabulary::default(),
    )
}

/// The page as pretty JSON, then its warnings, one a line.
fn render(page: &DocPage, warnings: &[Diagnostic]) -> String {
    let mut out = serde_json::to_string_pretty(page).expect("DocPage serialises");
    out.push_str("\n---- warnings\n");
    for w in warnings {
        out.push_str(&format!("{w}\n"));
    }
    out
}

/// The seed page whose name starts with `prefix` (`000_`).
fn seed(corpus: &Path, prefix: &str) -> String {
    let dir = corpus.join("docs/seeds");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("seeds dir")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(prefix))
        .collect();
    names.sort();
    names
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("no seed {prefix}*"))
}

macro_rules! snapshot_seed {
    ($test:ident, $prefix:literal) => {
        #[test]
        fn $test() {
            let Some(corpus) = common::corpus() else {
                return;
            };
            let rel = seed(&corpus, $prefix);
            let (page, warnings) = read(&corpus.join("docs/seeds"), &rel);
            assert_eq!(page.format, PageFormat::Markdown);
            assert!(warnings.is_empty(), "{warnings:#?}");
            insta::assert_snapshot!(stringify!($test), render(&page, &warnings));
        }
    };
}

snapshot_seed!(seed_000, "000_");
snapshot_seed!(seed_001, "001_");
snapshot_seed!(seed_003, "003_");
snapshot_seed!(seed_004, "004_");

macro_rules! snapshot_2020 {
    ($test:ident, $rel:literal) => {
        #[test]
        fn $test() {
            let Some(corpus) = common::corpus() else {
                return;
            };
            let (page, warnings) = read(&corpus.join("docs/beta-2020-05"), $rel);
            insta::assert_snapshot!(stringify!($test), render(&page, &warnings));
        }
    };
}

// An action with a body, "from most to least privileged" under "Prerequisites".
snapshot_2020!(
    y2020_action_wipe,
    "api/intune-devices-manageddevice-wipe.md"
);
// A function with "Function parameters", titled "user: reminderView".
snapshot_2020!(y2020_function_reminderview, "api/user-reminderview.md");
// A delta function: "X: delta", query parameters (not function parameters).
snapshot_2020!(y2020_function_delta, "api/directoryrole-delta.md");
// CRUD.
snapshot_2020!(y2020_create, "api/group-post-groups.md");
snapshot_2020!(y2020_get, "api/intune-devices-manageddevice-get.md");
snapshot_2020!(y2020_list, "api/application-list.md");
snapshot_2020!(y2020_update, "api/intune-devices-manageddevice-update.md");
snapshot_2020!(y2020_delete, "api/application-delete.md");
// Resources: properties and relationships; "Possible values are"; an enum.
snapshot_2020!(
    y2020_resource_manageddevice,
    "resources/intune-devices-manageddevice.md"
);
snapshot_2020!(y2020_resource_possible_values, "resources/phone.md");
snapshot_2020!(y2020_resource_small, "resources/reminder.md");
snapshot_2020!(
    y2020_enum,
    "resources/intune-androidforwork-androidforworkbindstatus.md"
);

#[test]
fn seed_000_fields() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let rel = seed(&corpus, "000_");
    let (page, warnings) = read(&corpus.join("docs/seeds"), &rel);
    assert!(warnings.is_empty(), "{warnings:#?}");

    assert_eq!(page.kind, PageKind::Api);
    assert_eq!(page.title.as_deref(), Some("executeAction action"));
    assert_eq!(page.operation.as_deref(), Some("executeAction"));
    assert_eq!(page.namespace.as_deref(), Some("microsoft.graph"));
    // The front matter's "Intune Devices Manageddevice Executeaction Api ." is
    // the file name in title case, and the page has no paragraph of its own.
    assert_eq!(page.description, None);

    let paths: Vec<(&str, &str)> = page
        .http
        .iter()
        .map(|h| (h.method.as_str(), h.path.as_str()))
        .collect();
    assert_eq!(
        paths,
        [
            ("POST", "/deviceManagement/managedDevices/executeAction"),
            ("POST", "/deviceManagement/comanagedDevices/executeAction"),
            ("POST", "/deviceManagement/deviceManagementScripts/{deviceManagementScriptId}/deviceRunStates/{deviceManagementScriptDeviceStateId}/managedDevice/users/{userId}/managedDevices/executeAction"),
            ("POST", "/deviceManagement/deviceManagementScripts/{deviceManagementScriptId}/deviceRunStates/{deviceManagementScriptDeviceStateId}/managedDevice/detectedApps/{detectedAppId}/managedDevices/executeAction"),
        ]
    );
    let lines: Vec<u32> = page.http.iter().map(|h| h.line).collect();
    assert_eq!(lines, [38, 39, 40, 41]);

    let p = page.permissions.as_ref().expect("permissions");
    let least_to_most = vec![
        "DeviceManagementConfiguration.Read.All".to_owned(),
        "DeviceManagementManagedDevices.Read.All".to_owned(),
        "DeviceManagementManagedDevices.PrivilegedOperations.All".to_owned(),
    ];
    assert_eq!(p.delegated_work.as_ref(), Some(&least_to_most));
    assert_eq!(p.delegated_personal, Some(vec![]));
    assert_eq!(p.application.as_ref(), Some(&least_to_most));
    assert_eq!(p.line, 26);

    let names: Vec<&str> = page.headers.iter().map(|h| h.name.as_str()).collect();
    assert_eq!(names, ["Authorization", "Accept"]);

    assert_eq!(page.parameters.len(), 11);
    let action = &page.parameters[0];
    assert_eq!(action.name, "actionName");
    let ty = action.ty.as_ref().expect("actionName type");
    assert_eq!(
        (ty.name.as_str(), ty.collection),
        ("managedDeviceRemoteAction", false)
    );
    let ids = page
        .parameters
        .iter()
        .find(|r| r.name == "deviceIds")
        .expect("deviceIds");
    let ty = ids.ty.as_ref().expect("deviceIds type");
    assert_eq!((ty.name.as_str(), ty.collection), ("Edm.String", true));
    assert_eq!(ids.line, 61);

    let r = page.response.as_ref().expect("response");
    assert_eq!(r.status, 200);
    let ty = r.ty.as_ref().expect("response type");
    assert_eq!(
        (ty.name.as_str(), ty.collection),
        ("bulkManagedDeviceActionResult", false)
    );

    assert_eq!(page.requests.len(), 1);
    let req = &page.requests[0];
    assert_eq!(req.method.as_deref(), Some("POST"));
    let body = req.body.as_deref().expect("request body");
    let json: serde_json::Value = serde_json::from_str(body).expect("the body is JSON");
    assert_eq!(json["actionName"], "delete");

    assert_eq!(page.responses.len(), 1);
    assert_eq!(page.responses[0].status, Some(200));
    let body = page.responses[0].body.as_deref().expect("response body");
    assert!(serde_json::from_str::<serde_json::Value>(body).is_ok());
}

/// Every 2020 page reads without panicking, and most API pages yield facts.
#[test]
fn corpus_2020() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let dir: PathBuf = corpus.join("docs/beta-2020-05");
    if !dir.is_dir() {
        eprintln!("skipped: no 2020 docs at {}", dir.display());
        return;
    }
    let (pages, warnings) = read_dir(&dir, &Vocabulary::default());
    assert_eq!(pages.len(), 6216, "every page is read");

    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    for p in &pages {
        *kinds.entry(format!("{:?}", p.kind)).or_default() += 1;
    }
    let api: Vec<&DocPage> = pages.iter().filter(|p| p.kind == PageKind::Api).collect();
    let with_paths = api.iter().filter(|p| !p.http.is_empty()).count();
    let with_perms = api.iter().filter(|p| p.permissions.is_some()).count();
    let with_status = api.iter().filter(|p| p.response.is_some()).count();
    let with_type = api
        .iter()
        .filter(|p| p.response.as_ref().is_some_and(|r| r.ty.is_some()))
        .count();
    let with_examples = api.iter().filter(|p| !p.requests.is_empty()).count();
    let with_operation = api.iter().filter(|p| p.operation.is_some()).count();
    let resources: Vec<&DocPage> = pages
        .iter()
        .filter(|p| p.kind == PageKind::Resource)
        .collect();
    let with_props = resources
        .iter()
        .filter(|p| !p.properties.is_empty())
        .count();
    let with_rels = resources
        .iter()
        .filter(|p| !p.relationships.is_empty())
        .count();
    let enums: Vec<&DocPage> = pages.iter().filter(|p| p.kind == PageKind::Enum).collect();
    let with_members = enums.iter().filter(|p| !p.members.is_empty()).count();
    let mut codes: BTreeMap<&str, usize> = BTreeMap::new();
    for w in &warnings {
        *codes.entry(w.code).or_default() += 1;
    }
    let pct = |n: usize, of: usize| 100.0 * n as f64 / of.max(1) as f64;
    eprintln!("pages by kind: {kinds:?}");
    eprintln!("api pages: {}", api.len());
    eprintln!(
        "  with paths: {with_paths} ({:.1}%)",
        pct(with_paths, api.len())
    );
    eprintln!(
        "  with permissions: {with_perms} ({:.1}%)",
        pct(with_perms, api.len())
    );
    eprintln!(
        "  with response status: {with_status} ({:.1}%)",
        pct(with_status, api.len())
    );
    eprintln!(
        "  with response type: {with_type} ({:.1}%)",
        pct(with_type, api.len())
    );
    eprintln!(
        "  with request examples: {with_examples} ({:.1}%)",
        pct(with_examples, api.len())
    );
    eprintln!("  with operation name: {with_operation}");
    eprintln!(
        "resource pages: {}, with properties {with_props}, with relationships {with_rels}",
        resources.len()
    );
    eprintln!("enum pages: {}, with members {with_members}", enums.len());
    eprintln!("warnings by code: {codes:?}");

    assert!(
        pct(with_paths, api.len()) >= 95.0,
        "only {with_paths} of {} API pages have HTTP paths",
        api.len()
    );
    for p in &api {
        if let Some(perms) = &p.permissions {
            assert!(
                perms.delegated_work.is_some()
                    || perms.delegated_personal.is_some()
                    || perms.application.is_some(),
                "{}: a permissions table without any known row",
                p.path
            );
        }
    }
}

// ---------------------------------------------------------------------------
// Bad input: warnings with lines, no panic, and whatever can be read.
// ---------------------------------------------------------------------------

fn codes(warnings: &[Diagnostic]) -> Vec<(&'static str, u32)> {
    warnings.iter().map(|w| (w.code, w.location.line)).collect()
}

#[test]
fn no_tables_no_sections() {
    let (page, warnings) = read_text("# Just a title\n\nSome words, no sections.\n");
    let page = page.expect("a page");
    assert!(warnings.is_empty());
    assert_eq!(page.kind, PageKind::Other);
    assert_eq!(page.title.as_deref(), Some("Just a title"));
    assert_eq!(
        page.description.as_deref(),
        Some("Some words, no sections.")
    );
    assert!(page.permissions.is_none() && page.http.is_empty() && page.properties.is_empty());

    // An API page with sections but no tables: paths still read, nothing else.
    let text = "---\ndoc_type: apiPageType\n---\n# Get thing\n\n## Permissions\nNone.\n\n## HTTP request\n```http\nGET /things/{id}\n```\n\n## Response\nIt works.\n";
    let (page, warnings) = read_text(text);
    let page = page.expect("a page");
    assert!(warnings.is_empty(), "{warnings:#?}");
    assert_eq!(page.kind, PageKind::Api);
    assert_eq!(page.http.len(), 1);
    assert_eq!(page.http[0].line, 11);
    assert!(page.permissions.is_none() && page.response.is_none() && page.operation.is_none());
}

#[test]
fn table_missing_a_column() {
    let text = "# do action\n\n## Request body\n\n|Property|Description|\n|:--|:--|\n|a|b|\n\n## Properties\n|Property|Type|Description|\n|---|---|---|\n|x|String||\n";
    let (page, warnings) = read_text(text);
    let page = page.expect("a page");
    assert_eq!(codes(&warnings), [("doc-table-columns", 5)]);
    assert!(page.parameters.is_empty());
    assert_eq!(page.properties.len(), 1, "the other table is still read");
}

#[test]
fn unknown_http_method() {
    let text = "# get\n\n## HTTP request\n```http\nGET /a\nFETCH /x\n\nDELETE /b/{id}\nGET\n```\n";
    let (page, warnings) = read_text(text);
    let page = page.expect("a page");
    assert_eq!(
        codes(&warnings),
        [("doc-http-method", 6), ("doc-http-method", 9)]
    );
    let paths: Vec<(&str, &str, u32)> = page
        .http
        .iter()
        .map(|h| (h.method.as_str(), h.path.as_str(), h.line))
        .collect();
    assert_eq!(paths, [("GET", "/a", 5), ("DELETE", "/b/{id}", 8)]);
    assert_eq!(
        page.kind,
        PageKind::Api,
        "no doc_type, but an HTTP request section"
    );
}

#[test]
fn unknown_permission_row() {
    let text = "# x\n\n## Permissions\n\n| Permission type | Permissions (from most to least privileged) |\n|:--|:--|\n| Delegated (work or school account) | B.All, A.Read |\n| Robot | X.All |\n| application | Not supported |\n";
    let (page, warnings) = read_text(text);
    let page = page.expect("a page");
    assert_eq!(codes(&warnings), [("doc-permission-row", 8)]);
    let p = page.permissions.expect("permissions");
    assert_eq!(
        p.delegated_work,
        Some(vec!["A.Read".to_owned(), "B.All".to_owned()]),
        "reversed to least → most"
    );
    assert_eq!(p.delegated_personal, None);
    assert_eq!(p.application, Some(vec![]));
    assert_eq!(p.line, 5);
}

#[test]
fn not_utf8() {
    let bytes = b"---\ntitle: x\n---\n# x\n\xff\xfe broken\n";
    let (page, warnings) = read_page("bad.md", "bad.md", bytes, &Vocabulary::default());
    assert!(page.is_none());
    assert_eq!(codes(&warnings), [("doc-not-utf8", 5)]);
}

#[test]
fn invalid_json_example_is_kept() {
    let text = "# x\n\n## Example\n### Request\n```http\nPOST https://graph.microsoft.com/beta/things\nContent-type: application/json\n\n{ \"a\": 1,, }\n```\n### Response\n```http\nHTTP/1.1 201 Created\n\n{ broken\n```\n";
    let (page, warnings) = read_text(text);
    let page = page.expect("a page");
    assert!(warnings.is_empty(), "{warnings:#?}");
    assert_eq!(page.requests.len(), 1);
    assert_eq!(page.requests[0].body.as_deref(), Some("{ \"a\": 1,, }"));
    assert_eq!(page.requests[0].line, 5);
    assert_eq!(page.responses.len(), 1);
    assert_eq!(page.responses[0].status, Some(201));
    assert_eq!(page.responses[0].body.as_deref(), Some("{ broken"));
}

#[test]
fn unterminated_front_matter() {
    let (page, warnings) =
        read_text("---\ntitle: x\n# y action\n\n## HTTP request\n```\nPOST /y\n```\n");
    let page = page.expect("a page");
    assert_eq!(codes(&warnings), [("doc-front-matter", 1)]);
    assert_eq!(page.http.len(), 1);
    assert_eq!(page.http[0].line, 7);
}

#[test]
fn tab_headings_and_block_types() {
    let text = "\
# thing: delta

Namespace: microsoft.graph

[!INCLUDE [beta](x.md)]

Gets things.

## HTTP request
<!-- { \"blockType\": \"ignored\" } -->
```http
GET /things/delta
```

## Examples
### Example 1
# [HTTP](#tab/http)
<!-- {
  \"blockType\": \"request\"
}-->
```msgraph-interactive
GET https://graph.microsoft.com/beta/things/delta
```
# [C#](#tab/csharp)
[!INCLUDE [sample-code](x.md)]

---

<!-- { \"blockType\": \"response\" } -->
```json
{ \"value\": [] }
```
";
    let (page, warnings) = read_text(text);
    let page = page.expect("a page");
    assert!(warnings.is_empty(), "{warnings:#?}");
    assert_eq!(page.title.as_deref(), Some("thing: delta"));
    assert_eq!(page.description.as_deref(), Some("Gets things."));
    assert_eq!(page.operation.as_deref(), Some("delta"));
    assert_eq!(page.requests.len(), 1);
    assert_eq!(page.requests[0].method.as_deref(), Some("GET"));
    assert_eq!(page.responses.len(), 1);
    assert_eq!(page.responses[0].status, None);
    assert_eq!(page.responses[0].body.as_deref(), Some("{ \"value\": [] }"));
}

/// Every prefix of a real page (cut at each character) reads without panicking.
#[test]
fn truncated_pages_never_panic() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let rel = seed(&corpus, "000_");
    let text = std::fs::read_to_string(corpus.join("docs/seeds").join(&rel)).expect("seed");
    for (i, _) in text.char_indices() {
        let (page, _) = markdown::parse("seed.md", "seed.md", text.get(..i).unwrap_or_default());
        assert!(page.is_some());
    }
}

#[test]
fn permission_areas_and_per_resource_tables() {
    // Intune: a type row with an empty cell, then one row per area.
    let text = "# x\n\n## Prerequisites\n|Permission type|Permissions (from most to least privileged)|\n|:---|:---|\n|Delegated (work or school account)||\n| &nbsp; &nbsp; **Apps** | B.All, A.Read|\n| &nbsp; &nbsp; **Policy Set** | B.All, C.Read|\n|Delegated (personal Microsoft account|Not supported.|\n|Application-only|None.|\n";
    let (page, warnings) = read_text(text);
    assert!(warnings.is_empty(), "{warnings:#?}");
    let p = page.expect("a page").permissions.expect("permissions");
    let names = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    assert_eq!(
        p.delegated_work,
        Some(names(&["A.Read", "B.All", "C.Read"]))
    );
    assert_eq!(p.delegated_personal, Some(vec![]));
    assert_eq!(p.application, Some(vec![]));

    // One row per resource, one column per type: not read, a warning.
    let text = "# x\n\n## Permissions\n| Supported resource | Delegated (work or school account) | Application |\n|:--|:--|:--|\n| [calendar](../resources/calendar.md) | Calendars.Read | Calendars.Read |\n";
    let (page, warnings) = read_text(text);
    assert_eq!(codes(&warnings), [("doc-permission-table", 4)]);
    assert!(page.expect("a page").permissions.is_none());
}

/// A page of several enums gives one entry per "### name values" table, with
/// the table's members (a page of one enum keeps `members`).
#[test]
fn several_enums_on_one_page() {
    let text = "---\ndoc_type: enumPageType\n---\n# Enum values\n\nNamespace: microsoft.graph\n\n\
### attachmentType values\n\n| Member\n|:---\n| file\n| item\n\n\
### contactRelationship values\n\n| Member | Value | Description |\n|:--|:--|:--|\n| parent | 0 | The user's parent. |\n| aide | 2 | An aide. |\n";
    let (page, warnings) = read_text(text);
    let page = page.expect("page");
    assert!(warnings.is_empty(), "{warnings:#?}");
    assert_eq!(page.kind, PageKind::Enum);
    assert!(page.members.is_empty());
    let names: Vec<&str> = page.enums.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["attachmentType", "contactRelationship"]);
    let first: Vec<&str> = page.enums[0]
        .members
        .iter()
        .map(|m| m.name.as_str())
        .collect();
    assert_eq!(first, ["file", "item"]);
    let aide = &page.enums[1].members[1];
    assert_eq!((aide.name.as_str(), aide.value), ("aide", Some(2)));
    assert_eq!(aide.description, "An aide.");
    assert_eq!(page.enums[1].line, 17);
}

/// The 2020 `enums.md` documents over a hundred enums, each with members.
#[test]
fn y2020_enums_page_lists_each_enum() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let (page, _) = read(&corpus.join("docs/beta-2020-05"), "resources/enums.md");
    assert!(page.enums.len() >= 100, "{} enums", page.enums.len());
    assert!(page.enums.iter().all(|e| !e.members.is_empty()));
    let rel = page
        .enums
        .iter()
        .find(|e| e.name == "contactRelationship")
        .expect("contactRelationship");
    assert_eq!(rel.members[0].name, "parent");
    assert_eq!(rel.members[0].value, Some(0));
}
