//! The rendered-text doc page reader: the real seed page (read from the
//! corpus at test time) and small synthetic pages.

mod common;

use std::path::Path;

use generator::diag::Diagnostic;
use generator::read::docs::{rendered, DocPage, DocType, PageKind, Vocabulary};

const SEED: &str = "docs/seeds/002_bfc490aa50af9fc3.txt";

/// Every type, enum and type definition name and every property and
/// parameter name of the mooncake CSDL.
fn vocabulary(corpus: &Path) -> Vocabulary {
    let model = generator::pipeline::load(
        &[corpus.join("csdl/beta-mooncake-2022-10-05.csdl")],
        &mut Default::default(),
    )
    .unwrap_or_else(|e| panic!("the mooncake CSDL loads: {e:?}"));
    let mut vocab = Vocabulary::default();
    for t in model.types.values() {
        vocab.types.insert(t.local.clone());
        vocab
            .properties
            .extend(t.properties.iter().map(|p| p.name.clone()));
    }
    vocab
        .types
        .extend(model.enums.values().map(|e| e.local.clone()));
    vocab
        .types
        .extend(model.type_definitions.values().map(|d| d.local.clone()));
    for op in &model.operations {
        vocab
            .properties
            .extend(op.parameters.iter().map(|p| p.name.clone()));
    }
    vocab
}

/// The seed page, its text and its warnings.
fn seed(corpus: &Path) -> (String, DocPage, Vec<Diagnostic>) {
    let text = std::fs::read_to_string(corpus.join(SEED)).expect("the seed page is readable");
    let vocab = vocabulary(corpus);
    let (page, warnings) = rendered::parse(SEED, "seeds/002_bfc490aa50af9fc3.txt", &text, &vocab);
    (text, page.expect("the seed page is read"), warnings)
}

fn parse(text: &str) -> (Option<DocPage>, Vec<Diagnostic>) {
    let vocab = Vocabulary {
        types: ["remoteAction", "widget"].map(String::from).into(),
        properties: ["id", "action", "size"].map(String::from).into(),
    };
    rendered::parse("synthetic.txt", "synthetic.txt", text, &vocab)
}

fn codes(warnings: &[Diagnostic]) -> Vec<(&'static str, u32)> {
    warnings.iter().map(|w| (w.code, w.location.line)).collect()
}

/// The JSON between the first line that is exactly `open` at or after
/// `from` and the next line that is exactly `close`, read straight from the page.
fn json_block(text: &str, from: usize) -> serde_json::Value {
    let lines: Vec<&str> = text.lines().collect();
    let start = (from..lines.len())
        .find(|&i| lines[i] == "{")
        .expect("a JSON block");
    let end = (start..lines.len())
        .find(|&i| lines[i] == "}")
        .expect("its end");
    serde_json::from_str(&lines[start..=end].join("\n")).expect("the page's JSON parses")
}

#[test]
fn seed_page_snapshot() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let (_, page, warnings) = seed(&corpus);
    let mut json = serde_json::to_string_pretty(&page).expect("serialises");
    json.push_str("\n\nwarnings:\n");
    for w in &warnings {
        json.push_str(&format!(
            "{}:{} {}: {}\n",
            w.location.line, w.location.col, w.code, w.message
        ));
    }
    insta::assert_snapshot!(json);
}

#[test]
fn seed_page_facts() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let (text, page, warnings) = seed(&corpus);
    assert!(warnings.is_empty(), "{warnings:#?}");

    assert_eq!(page.title.as_deref(), Some("Create remoteActionAudit"));
    assert_eq!(page.namespace.as_deref(), Some("microsoft.graph"));
    assert_eq!(
        page.description.as_deref(),
        Some("Create a new remoteActionAudit object.")
    );
    assert_eq!(page.kind, PageKind::Api);
    assert_eq!(page.operation, None);

    assert_eq!(page.http.len(), 1);
    assert_eq!(page.http[0].method, "POST");
    assert_eq!(page.http[0].path, "/deviceManagement/remoteActionAudits");
    assert_eq!(page.http[0].line, 26);

    let perms = page.permissions.as_ref().expect("a permissions table");
    let both = vec![
        "DeviceManagementConfiguration.ReadWrite.All".to_owned(),
        "DeviceManagementManagedDevices.ReadWrite.All".to_owned(),
    ];
    assert_eq!(perms.delegated_work.as_ref(), Some(&both));
    assert_eq!(perms.delegated_personal, Some(vec![]));
    assert_eq!(perms.application.as_ref(), Some(&both));
    assert_eq!(perms.line, 19);

    let headers: Vec<(&str, &str)> = page
        .headers
        .iter()
        .map(|h| (h.name.as_str(), h.value.as_str()))
        .collect();
    assert_eq!(
        headers,
        [
            (
                "Authorization",
                "Bearer {token}. Required. Learn more about authentication and authorization."
            ),
            ("Accept", "application/json"),
        ]
    );

    let names: Vec<&str> = page.parameters.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "id",
            "deviceDisplayName",
            "userName",
            "initiatedByUserPrincipalName",
            "action",
            "requestDateTime",
            "deviceOwnerUserPrincipalName",
            "deviceIMEI",
            "actionState",
            "managedDeviceId",
        ]
    );
    let ty = |name: &str| {
        page.parameters
            .iter()
            .find(|r| r.name == name)
            .and_then(|r| r.ty.clone())
    };
    let single = |name: &str| {
        Some(DocType {
            name: name.into(),
            collection: false,
        })
    };
    assert_eq!(ty("action"), single("remoteAction"));
    assert_eq!(ty("actionState"), single("actionState"));
    assert_eq!(ty("requestDateTime"), single("Edm.DateTimeOffset"));
    assert_eq!(ty("id"), single("Edm.String"));
    for row in &page.parameters {
        assert!(row.ty.is_some(), "{row:?}");
        assert!(!row.description.is_empty(), "{row:?}");
        // The row's line holds its name, type and description, in order.
        let line = text
            .lines()
            .nth(row.line as usize - 1)
            .expect("the row's line");
        assert!(line.starts_with(&format!("{} ", row.name)), "{line}");
        assert!(line.ends_with(&format!(" {}", row.description)), "{line}");
        assert!(row.ty.is_some(), "{line}");
    }
    let state = &page.parameters[8];
    assert_eq!(state.ty, single("actionState"));
    assert_eq!(
        state.description,
        "Action state. Possible values are: none, pending, canceled, active, done, failed, notSupported."
    );
    assert_eq!(
        page.parameters[2].description,
        "[deprecated] Please use InitiatedByUserPrincipalName instead."
    );
    let action = &page.parameters[4];
    assert!(action
        .description
        .starts_with("The action name. Possible values are: unknown, factoryReset,"));
    assert!(action
        .description
        .ends_with(", initiateDeviceAttestation, changeAssignments, delete."));

    let response = page.response.as_ref().expect("a response");
    assert_eq!(response.status, 201);
    assert_eq!(response.ty, single("remoteActionAudit"));
    assert_eq!(response.line, 54);

    assert_eq!(page.requests.len(), 1);
    let request = &page.requests[0];
    assert_eq!(request.method.as_deref(), Some("POST"));
    assert_eq!(request.status, None);
    assert_eq!(request.line, 62);
    let body: serde_json::Value =
        serde_json::from_str(request.body.as_deref().expect("a request body"))
            .expect("the request body parses");
    assert_eq!(body, json_block(&text, 62));
    assert_eq!(body["action"], "factoryReset");

    assert_eq!(page.responses.len(), 1);
    let example = &page.responses[0];
    assert_eq!(example.status, Some(201));
    assert_eq!(example.method, None);
    assert_eq!(example.line, 83);
    let body: serde_json::Value =
        serde_json::from_str(example.body.as_deref().expect("a response body"))
            .expect("the response body parses");
    assert_eq!(body, json_block(&text, 83));
    assert_eq!(body["id"], "477f8d24-8d24-477f-248d-7f47248d7f47");

    assert!(page.properties.is_empty() && page.relationships.is_empty() && page.members.is_empty());
}

#[test]
fn unknown_type_is_a_warning_and_the_row_is_kept() {
    let text = "Update widget\n\nRequest body\n\nProperty Type Description\nid String The id.\nsize mysteryType How big it is.\naction remoteAction collection Actions to run.\nsize\n";
    let (page, warnings) = parse(text);
    let page = page.expect("a page");
    assert_eq!(
        codes(&warnings),
        [("doc-rendered-cell", 7), ("doc-rendered-cell", 9)]
    );
    let rows = &page.parameters;
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[1].name, "size");
    assert_eq!(rows[1].ty, None);
    assert_eq!(rows[1].description, "mysteryType How big it is.");
    assert_eq!(
        rows[2].ty,
        Some(DocType {
            name: "remoteAction".into(),
            collection: true
        })
    );
    assert_eq!(rows[2].description, "Actions to run.");
    assert_eq!(
        (rows[3].ty.as_ref(), rows[3].description.as_str()),
        (None, "")
    );
}

#[test]
fn collection_markers_and_unknown_names() {
    let text = "widget resource type\n\nProperties\n\nProperty Type Description\nid String collection Ids.\nsize Int32 Collection of sizes.\ncolour Edm.String The colour.\nshape microsoft.graph.widget Collection The shape.\n";
    let (page, warnings) = parse(text);
    let page = page.expect("a page");
    assert_eq!(page.kind, PageKind::Resource);
    let types: Vec<(String, bool, &str)> = page
        .properties
        .iter()
        .map(|r| {
            let t = r.ty.clone().expect("a type");
            (t.name, t.collection, r.description.as_str())
        })
        .collect();
    assert_eq!(
        types,
        [
            ("Edm.String".to_owned(), true, "Ids."),
            ("Edm.Int32".to_owned(), false, "Collection of sizes."),
            ("Edm.String".to_owned(), false, "The colour."),
            ("microsoft.graph.widget".to_owned(), true, "The shape."),
        ]
    );
    assert_eq!(
        codes(&warnings),
        [
            ("doc-rendered-unknown-name", 8),
            ("doc-rendered-unknown-name", 9)
        ]
    );
}

#[test]
fn unknown_http_method_is_a_warning() {
    let text = "Get widget\n\nHTTP Request\n\nGET /widgets/{id}\nFETCH /widgets/{id}\nUse this call to read a widget.\n";
    let (page, warnings) = parse(text);
    let page = page.expect("a page");
    assert_eq!(codes(&warnings), [("doc-http-method", 6)]);
    assert_eq!(page.http.len(), 1);
    assert_eq!(page.http[0].path, "/widgets/{id}");
    assert_eq!(page.kind, PageKind::Api);
}

#[test]
fn unknown_permission_row_is_a_warning() {
    let text = "spin action\n\nPermissions\n\nPermission type Permissions (from most to least privileged)\nDelegated (work or school account) Widget.ReadWrite.All, Widget.Read.All\nRobots Widget.Read.All\nApplication Not supported.\n\nHTTP Request\n\nPOST /widgets/{id}/spin\n\nResponse\n\nIf successful, this action returns a 200 OK response code and a collection of widget objects in the response body.\n";
    let (page, warnings) = parse(text);
    let page = page.expect("a page");
    assert_eq!(codes(&warnings), [("doc-permission-row", 7)]);
    assert_eq!(page.operation.as_deref(), Some("spin"));
    let perms = page.permissions.expect("a permissions table");
    assert_eq!(
        perms.delegated_work,
        Some(vec![
            "Widget.Read.All".to_owned(),
            "Widget.ReadWrite.All".to_owned()
        ])
    );
    assert_eq!(perms.delegated_personal, None);
    assert_eq!(perms.application, Some(vec![]));
    let response = page.response.expect("a response");
    assert_eq!(response.status, 200);
    assert_eq!(
        response.ty,
        Some(DocType {
            name: "widget".into(),
            collection: true
        })
    );
}

#[test]
fn unbalanced_json_stops_at_the_next_heading() {
    let text = "Create widget\n\nExample\n\nRequest\n\nPOST https://graph.microsoft.com/beta/widgets\nContent-type: application/json\n\n{\n  \"name\": \"a } in a string\",\n  \"size\": [1, 2\n\nResponse\n\nHTTP/1.1 204 No Content\n";
    let (page, warnings) = parse(text);
    let page = page.expect("a page");
    assert_eq!(codes(&warnings), [("doc-json-unbalanced", 10)]);
    assert_eq!(page.requests.len(), 1);
    assert_eq!(
        page.requests[0].body.as_deref(),
        Some("{\n  \"name\": \"a } in a string\",\n  \"size\": [1, 2\n")
    );
    assert_eq!(page.responses.len(), 1);
    assert_eq!(page.responses[0].status, Some(204));
    assert_eq!(page.responses[0].body, None);
}

#[test]
fn empty_page_is_skipped() {
    for text in ["", "\n\n  \n", "\u{a0}\t"] {
        let (page, warnings) = parse(text);
        assert!(page.is_none());
        assert_eq!(codes(&warnings), [("doc-empty", 1)]);
    }
}

#[test]
fn random_text_does_not_panic() {
    let (page, _) =
        parse("Lorem ipsum dolor sit amet.\nconsectetur adipiscing elit\n\nsed do eiusmod");
    let page = page.expect("a page");
    assert_eq!(page.title.as_deref(), Some("Lorem ipsum dolor sit amet."));
    assert_eq!(
        page.description.as_deref(),
        Some("consectetur adipiscing elit")
    );
    assert_eq!(page.kind, PageKind::Other);
    assert!(page.http.is_empty() && page.parameters.is_empty() && page.permissions.is_none());

    // Pseudo-random lines built from the page's own vocabulary and punctuation.
    let pieces = [
        "Permissions",
        "HTTP Request",
        "Request body",
        "Response",
        "Example",
        "Request",
        "Property Type Description",
        "Permission type Permissions",
        "Header Value",
        "Application",
        "Delegated (work or school account)",
        "{",
        "}",
        "[",
        "\"",
        "\\",
        "POST",
        "/x",
        "HTTP/1.1",
        "999",
        "returns a",
        "Not supported.",
        "String",
        "collection",
        "Collection(",
        "é",
        "\u{a0}",
        "日本",
        "Example 1:",
        "Namespace:",
        "",
        " ",
    ];
    let mut state = 0x2545_f491_u64;
    for _ in 0..300 {
        let mut text = String::new();
        for _ in 0..40 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let piece = pieces[(state % pieces.len() as u64) as usize];
            text.push_str(piece);
            text.push(if state % 4 == 1 { '\n' } else { ' ' });
        }
        let _ = parse(&text);
    }
}

#[test]
fn enum_members_and_delta_titles() {
    let text = "widgetKind enum type\n\nMembers\n\nMember Value Description\nround 0 A round widget.\nsquare 1\nunknownFutureValue Evolvable enumeration sentinel value.\n";
    let (page, warnings) = parse(text);
    let page = page.expect("a page");
    assert!(warnings.is_empty(), "{warnings:#?}");
    assert_eq!(page.kind, PageKind::Enum);
    let members: Vec<(&str, Option<i64>, &str, u32)> = page
        .members
        .iter()
        .map(|m| (m.name.as_str(), m.value, m.description.as_str(), m.line))
        .collect();
    assert_eq!(
        members,
        [
            ("round", Some(0), "A round widget.", 6),
            ("square", Some(1), "", 7),
            (
                "unknownFutureValue",
                None,
                "Evolvable enumeration sentinel value.",
                8
            ),
        ]
    );

    let text = "widget: delta\n\nHTTP Request\n\nget /widgets/delta\n";
    let page = parse(text).0.expect("a page");
    assert_eq!(page.operation.as_deref(), Some("delta"));
    assert_eq!(page.http[0].method, "GET");
}
