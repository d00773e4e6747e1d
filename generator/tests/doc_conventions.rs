//! The page conventions (`read::docs::conventions`) through both readers:
//! every case is written once, as a markdown source page and as the text a
//! browser renders of it, and both readers must read the same facts.

use generator::read::docs::{markdown, rendered, DocPage, Permissions, Vocabulary};

/// A page's parts, written in both formats by [`md`] and [`txt`].
struct Page<'a> {
    title: &'a str,
    /// The permissions table's second header cell and its rows (label, cell).
    permissions: Option<(&'a str, &'a [(&'a str, &'a str)])>,
    /// The HTTP request section's heading and lines.
    http: (&'a str, &'a [&'a str]),
    /// The response section's sentence.
    response: &'a str,
}

impl Default for Page<'_> {
    fn default() -> Self {
        Page {
            title: "Get widget",
            permissions: None,
            http: ("HTTP request", &["GET /widgets/{id}"]),
            response: "",
        }
    }
}

fn md(p: &Page) -> String {
    let mut s = format!(
        "---\ntitle: \"{}\"\ndoc_type: apiPageType\n---\n\n# {}\n\nNamespace: microsoft.graph\n\nGets a widget.\n\n",
        p.title, p.title
    );
    if let Some((header, rows)) = p.permissions {
        s.push_str("## Permissions\n\n");
        s.push_str(&format!("|Permission type|{header}|\n|:---|:---|\n"));
        for (label, cell) in rows {
            s.push_str(&format!("|{label}|{cell}|\n"));
        }
        s.push('\n');
    }
    s.push_str(&format!("## {}\n\n```http\n", p.http.0));
    for line in p.http.1 {
        s.push_str(line);
        s.push('\n');
    }
    s.push_str("```\n\n");
    if !p.response.is_empty() {
        s.push_str(&format!("## Response\n\n{}\n", p.response));
    }
    s
}

fn txt(p: &Page) -> String {
    let mut s = format!(
        "{}\nNamespace: microsoft.graph\n\nGets a widget.\n\n",
        p.title
    );
    if let Some((header, rows)) = p.permissions {
        s.push_str(&format!("Permissions\nPermission type {header}\n"));
        for (label, cell) in rows {
            s.push_str(&format!("{label} {cell}\n"));
        }
        s.push('\n');
    }
    s.push_str(&format!("{}\n\n", p.http.0));
    for line in p.http.1 {
        s.push_str(line);
        s.push('\n');
    }
    s.push('\n');
    if !p.response.is_empty() {
        s.push_str(&format!("Response\n{}\n", p.response));
    }
    s
}

/// The page read by each reader: (markdown, rendered).
fn both(p: &Page) -> (DocPage, DocPage) {
    let vocab = Vocabulary {
        types: ["widget"].map(String::from).into(),
        properties: Default::default(),
    };
    let (m, _) = markdown::parse("case.md", "case.md", &md(p));
    let (r, _) = rendered::parse("case.txt", "case.txt", &txt(p), &vocab);
    let m = m.unwrap_or_else(|| panic!("markdown reads:\n{}", md(p)));
    let r = r.unwrap_or_else(|| panic!("rendered reads:\n{}", txt(p)));
    (m, r)
}

type Lists = (
    Option<Vec<String>>,
    Option<Vec<String>>,
    Option<Vec<String>>,
);

/// Label and cell of a permissions row.
type PermissionRow<'a> = (&'a str, &'a str);

/// Method and path of a documented request.
type Request<'a> = (&'a str, &'a str);

fn lists(p: &Option<Permissions>) -> Lists {
    match p {
        Some(p) => (
            p.delegated_work.clone(),
            p.delegated_personal.clone(),
            p.application.clone(),
        ),
        None => (None, None, None),
    }
}

fn names(v: &[&str]) -> Option<Vec<String>> {
    Some(v.iter().map(|s| (*s).to_owned()).collect())
}

const WORK: &str = "Delegated (work or school account)";
const PERSONAL: &str = "Delegated (personal Microsoft account)";
const APP: &str = "Application";
const LEAST: &str = "Permissions (from least to most privileged)";

#[test]
fn permission_tables_read_alike() {
    let cases: &[(&str, &[PermissionRow], Lists)] = &[
        (
            LEAST,
            &[
                (WORK, "A.Read, A.ReadWrite"),
                (PERSONAL, "Not supported."),
                (APP, "A.Read.All"),
            ],
            (
                names(&["A.Read", "A.ReadWrite"]),
                names(&[]),
                names(&["A.Read.All"]),
            ),
        ),
        // Most to least: the lists are turned to least → most.
        (
            "Permissions (from most to least privileged)",
            &[(WORK, "A.ReadWrite, A.Read"), (APP, "Not available")],
            (names(&["A.Read", "A.ReadWrite"]), None, names(&[])),
        ),
        // "None", "N/A" and "or" between alternatives.
        (
            LEAST,
            &[
                (WORK, "A.Read or A.ReadWrite"),
                (PERSONAL, "None"),
                (APP, "N/A"),
            ],
            (names(&["A.Read", "A.ReadWrite"]), names(&[]), names(&[])),
        ),
        // Prose around the names is left out, the names kept.
        (
            LEAST,
            &[(
                WORK,
                "For **user** resource: A.Read (also needs B.Read.All)",
            )],
            (names(&["A.Read", "B.Read.All"]), None, None),
        ),
        // A label with a missing parenthesis; the older personal wording.
        (
            LEAST,
            &[
                ("Delegated (work or school account", "A.Read"),
                ("Delegated (Microsoft account)", "B.Read"),
            ],
            (names(&["A.Read"]), names(&["B.Read"]), None),
        ),
        // "Application-only", and names separated by semicolons.
        (
            LEAST,
            &[("Application-only", "A.Read.All; B.Read.All")],
            (None, None, names(&["A.Read.All", "B.Read.All"])),
        ),
    ];
    for (header, rows, want) in cases {
        let page = Page {
            permissions: Some((header, rows)),
            ..Page::default()
        };
        let (m, r) = both(&page);
        assert_eq!(&lists(&m.permissions), want, "markdown:\n{}", md(&page));
        assert_eq!(&lists(&r.permissions), want, "rendered:\n{}", txt(&page));
    }
}

#[test]
fn titles_name_operations_alike() {
    let cases: &[(&str, &str, Option<&str>)] = &[
        (
            "managedDevice: executeAction action",
            "POST /deviceManagement/managedDevices/executeAction",
            Some("executeAction"),
        ),
        (
            "reportRoot: getOffice365ActiveUserCounts function",
            "GET /reports/getOffice365ActiveUserCounts(period='D7')",
            Some("getOffice365ActiveUserCounts"),
        ),
        (
            "microsoft.graph.getX function",
            "GET /reports/getX()",
            Some("getX"),
        ),
        (
            "`wipe` action",
            "POST /deviceManagement/managedDevices/{id}/wipe",
            Some("wipe"),
        ),
        ("user: delta", "GET /users/delta", Some("delta")),
        (
            "user: delta",
            "GET /users('{id}')/microsoft.graph.delta()",
            Some("delta"),
        ),
        ("user: delta", "GET /users", None),
        ("Get widget", "GET /widgets/{id}", None),
    ];
    for (title, http, want) in cases {
        let lines = [*http];
        let page = Page {
            title,
            http: ("HTTP request", &lines),
            ..Page::default()
        };
        let (m, r) = both(&page);
        assert_eq!(m.operation.as_deref(), *want, "markdown: {title}");
        assert_eq!(r.operation.as_deref(), *want, "rendered: {title}");
    }
}

#[test]
fn headings_and_methods_read_alike() {
    let cases: &[(&str, &[&str], &[Request])] = &[
        ("HTTP request", &["GET /widgets"], &[("GET", "/widgets")]),
        (
            "HTTP Requests",
            &["get /widgets", "POST /widgets"],
            &[("GET", "/widgets"), ("POST", "/widgets")],
        ),
        (
            "http request:",
            &["PATCH /widgets/{id}"],
            &[("PATCH", "/widgets/{id}")],
        ),
        (
            "HTTP request",
            &["DELETE /widgets/{id}", "PUT /widgets/{id}"],
            &[("DELETE", "/widgets/{id}"), ("PUT", "/widgets/{id}")],
        ),
        // An unknown method is left out by both.
        (
            "HTTP request",
            &["FETCH /widgets", "GET /widgets"],
            &[("GET", "/widgets")],
        ),
    ];
    for (heading, lines, want) in cases {
        let page = Page {
            http: (heading, lines),
            ..Page::default()
        };
        let (m, r) = both(&page);
        for (format, page) in [("markdown", &m), ("rendered", &r)] {
            let got: Vec<(&str, &str)> = page
                .http
                .iter()
                .map(|h| (h.method.as_str(), h.path.as_str()))
                .collect();
            assert_eq!(&got, want, "{format}: {heading} {lines:?}");
        }
    }
}

#[test]
fn response_status_reads_alike() {
    let cases: &[(&str, Option<u16>)] = &[
        ("If successful, this method returns a `200 OK` response code and a widget object in the response body.", Some(200)),
        ("If successful, this method returns `204 No Content` response code.", Some(204)),
        ("If successful, this action returns a 201, Created response code.", Some(201)),
        ("If successful, this method returns a 201 (Created) response code.", Some(201)),
        ("If successful, this method returns a 200-series response code.", None),
    ];
    for (sentence, want) in cases {
        let page = Page {
            response: sentence,
            ..Page::default()
        };
        let (m, r) = both(&page);
        assert_eq!(
            m.response.as_ref().map(|r| r.status),
            *want,
            "markdown: {sentence}"
        );
        assert_eq!(
            r.response.as_ref().map(|r| r.status),
            *want,
            "rendered: {sentence}"
        );
    }
}

#[test]
fn description_and_namespace_read_alike() {
    let (m, r) = both(&Page::default());
    assert_eq!(m.namespace.as_deref(), Some("microsoft.graph"));
    assert_eq!(r.namespace, m.namespace);
    assert_eq!(m.description.as_deref(), Some("Gets a widget."));
    assert_eq!(r.description, m.description);
}

#[test]
fn request_headers_read_alike() {
    let md = "# Get widget\n\n## HTTP request\n\n```http\nGET /widgets\n```\n\n## Request headers\n\n| Header | Value |\n|:---|:---|\n| Authorization | Bearer {token}. Required. |\n| Prefer: outlook.timezone | The time zone. |\n| ConsistencyLevel | eventual |\n";
    let txt = "Get widget\n\nHTTP request\nGET /widgets\n\nRequest headers\nHeader Value\nAuthorization Bearer {token}. Required.\nPrefer: outlook.timezone The time zone.\nConsistencyLevel eventual\n";
    let (m, _) = markdown::parse("h.md", "h.md", md);
    let (r, _) = rendered::parse("h.txt", "h.txt", txt, &Vocabulary::default());
    let want = [
        ("Authorization", "Bearer {token}. Required."),
        ("Prefer", "outlook.timezone The time zone."),
        ("ConsistencyLevel", "eventual"),
    ];
    for (format, page) in [("markdown", m), ("rendered", r)] {
        let page = page.expect("a page");
        let got: Vec<(&str, &str)> = page
            .headers
            .iter()
            .map(|h| (h.name.as_str(), h.value.as_str()))
            .collect();
        assert_eq!(got, want, "{format}");
    }
}
