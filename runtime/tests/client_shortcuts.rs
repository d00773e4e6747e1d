//! The short forms generated code calls (`Node::nav`, `by_id`, `cast_to`,
//! the CRUD requests, `$value`, `$ref`, `$count`, `Property<T>`), checked as
//! the `http::Request`s they build, without I/O.

mod common;

use common::client;
use msgraph_runtime::{Node, Property, Request};
use serde_json::{json, Value};

fn header<'a>(request: &'a http::Request<Vec<u8>>, name: &str) -> Option<&'a str> {
    request.headers().get(name).and_then(|v| v.to_str().ok())
}

fn built<T>(r: &Request<T>) -> (http::Method, String, Value, http::Request<Vec<u8>>) {
    let h = r.to_http().expect("builds");
    let body = if h.body().is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(h.body()).expect("JSON body")
    };
    (h.method().clone(), h.uri().to_string(), body, h)
}

const BASE: &str = "https://graph.microsoft.com/beta";

/// A typed reference as generated code makes them: a newtype over a node.
struct DeviceRef(Node);
impl From<Node> for DeviceRef {
    fn from(node: Node) -> Self {
        DeviceRef(node)
    }
}

#[test]
fn navigation_key_and_cast_build_the_path() {
    let root = client().root();
    let dm: DeviceRef = root.nav("deviceManagement");
    assert_eq!(dm.0.path(), "/deviceManagement");
    let one: DeviceRef = dm.0.segment("managedDevices").by_id("a b/#");
    assert_eq!(
        one.0.path(),
        "/deviceManagement/managedDevices('a%20b%2F%23')"
    );
    let cast: DeviceRef = one.0.cast_to("microsoft.graph.windowsDevice");
    assert_eq!(
        cast.0.path(),
        "/deviceManagement/managedDevices('a%20b%2F%23')/microsoft.graph.windowsDevice"
    );
    let plain: DeviceRef = dm.0.segment("managedDevices").by_id(String::from("d-1"));
    assert_eq!(plain.0.path(), "/deviceManagement/managedDevices/d-1");
}

#[test]
fn crud_requests_have_their_method_and_body() {
    let node = client().root().segment("users");
    let (m, url, body, _) = built(&node.post::<_, Value>(&json!({"displayName": "x"})));
    assert_eq!(
        (m, url.as_str()),
        (http::Method::POST, "https://graph.microsoft.com/beta/users")
    );
    assert_eq!(body, json!({"displayName": "x"}));
    let user = node.key("u1");
    let (m, url, body, _) = built(&user.get::<Value>());
    assert_eq!(
        (m, url, body),
        (http::Method::GET, format!("{BASE}/users/u1"), Value::Null)
    );
    let (m, _, body, h) = built(&user.patch(&json!({"city": null})));
    assert_eq!((m, body), (http::Method::PATCH, json!({"city": null})));
    assert_eq!(header(&h, "content-type"), Some("application/json"));
    let (m, _, _, _) = built(&user.delete());
    assert_eq!(m, http::Method::DELETE);
    let (m, url, _, _) = built(&user.action("revoke", msgraph_runtime::decode::unit));
    assert_eq!(
        (m, url),
        (http::Method::POST, format!("{BASE}/users/u1/revoke"))
    );
}

#[test]
fn media_streams_references_and_counts_use_dollar_segments() {
    let photo = client().root().segment("users").key("u1").segment("photo");
    let (m, url, _, h) = built(&photo.get_value());
    assert_eq!(
        (m, url),
        (http::Method::GET, format!("{BASE}/users/u1/photo/$value"))
    );
    assert_eq!(header(&h, "accept"), Some("*/*"));
    let put = photo
        .put_value(vec![1, 2, 3], "image/png")
        .to_http()
        .expect("builds");
    assert_eq!(put.method(), http::Method::PUT);
    assert_eq!(put.body(), &vec![1, 2, 3]);
    assert_eq!(header(&put, "content-type"), Some("image/png"));

    let members = client()
        .root()
        .segment("groups")
        .key("g1")
        .segment("members");
    let (m, url, body, _) = built(&members.add_ref("https://graph.microsoft.com/beta/users/u1"));
    assert_eq!(
        (m, url),
        (http::Method::POST, format!("{BASE}/groups/g1/members/$ref"))
    );
    assert_eq!(
        body,
        json!({"@odata.id": "https://graph.microsoft.com/beta/users/u1"})
    );
    let (m, url, _, _) = built(&members.key("u1").remove_ref());
    assert_eq!(
        (m, url),
        (
            http::Method::DELETE,
            format!("{BASE}/groups/g1/members/u1/$ref")
        )
    );

    let (m, url, _, h) = built(&members.count());
    assert_eq!(
        (m, url),
        (
            http::Method::GET,
            format!("{BASE}/groups/g1/members/$count")
        )
    );
    assert_eq!(header(&h, "consistencylevel"), Some("eventual"));
    let count = members.count();
    let ok = http::Response::builder()
        .status(200)
        .body(b"42".to_vec())
        .expect("response");
    assert_eq!(count.parse(ok).expect("a number"), 42);
    let bad = http::Response::builder()
        .status(200)
        .body(b"many".to_vec())
        .expect("response");
    assert!(count.parse(bad).is_err());
}

#[test]
fn a_property_reads_and_patches_its_own_url() {
    #[derive(Debug, PartialEq, serde::Deserialize, serde::Serialize)]
    struct Settings {
        #[serde(rename = "timeZone")]
        time_zone: String,
    }
    let settings: Property<Settings> = client().root().segment("me").nav("mailboxSettings");
    let get: Request<Option<Settings>> = settings.get();
    let (m, url, _, _) = built(&get);
    assert_eq!(
        (m, url),
        (http::Method::GET, format!("{BASE}/me/mailboxSettings"))
    );
    let answer = http::Response::builder()
        .status(200)
        .body(br#"{"@odata.context":"x","timeZone":"UTC"}"#.to_vec())
        .expect("response");
    assert_eq!(
        get.parse(answer).expect("parses"),
        Some(Settings {
            time_zone: "UTC".into()
        })
    );
    // A null property: 204, an empty body, `null`, or `{"value": null}`.
    for (status, body) in [
        (204, ""),
        (200, ""),
        (200, "null"),
        (200, r#"{"@odata.context":"x","value":null}"#),
    ] {
        let answer = http::Response::builder()
            .status(status)
            .body(body.as_bytes().to_vec())
            .expect("response");
        assert_eq!(
            get.parse(answer).expect("parses"),
            None,
            "{status} {body:?}"
        );
    }
    let (m, _, body, _) = built(&settings.update(&Settings {
        time_zone: "CET".into(),
    }));
    assert_eq!((m, body), (http::Method::PATCH, json!({"timeZone": "CET"})));
}
