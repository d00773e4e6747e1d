//! The generated client beyond the seeds: a function with an OData string
//! literal, paging through a generated list, a PATCH that clears a property,
//! query options, and Graph's error body, each through generated code (sans-IO
//! where the request's exact shape is the point, reqwest to wiremock otherwise).

use msgraph_beta::microsoft_graph::ManagedDevice;
use msgraph_beta::Client;
use msgraph_runtime::{Error, Nullable, StaticToken};
use serde_json::json;
use wiremock::matchers::{header, method, path, path_regex, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "client-test-token";

fn client(base: &str) -> Client {
    Client::from_runtime(
        msgraph_runtime::Client::builder()
            .base_url(base)
            .token(StaticToken::new(TOKEN))
            .build()
            .expect("client"),
    )
}

#[test]
fn a_function_puts_its_string_parameter_in_the_url_as_an_odata_literal() {
    let g = client("https://graph.microsoft.com/beta");
    let request = g
        .device_management()
        .verify_windows_enrollment_auto_discovery("it's/(x).com")
        .to_http()
        .expect("builds");
    assert_eq!(request.method(), msgraph_runtime::http::Method::GET);
    let url = request.uri().to_string();
    let (prefix, literal) = url
        .split_once("verifyWindowsEnrollmentAutoDiscovery(domainName=")
        .expect("function call in the URL");
    assert_eq!(prefix, "https://graph.microsoft.com/beta/deviceManagement/");
    // The quote is doubled and nothing in the value can close the call or add a segment.
    assert!(literal.ends_with(')'), "{url}");
    let inner = &literal[..literal.len() - 1];
    assert!(!inner.contains(['/', '(', ')', ',', '?', '#']), "{url}");
    let decoded = inner
        .replace("%27", "'")
        .replace("%2F", "/")
        .replace("%28", "(")
        .replace("%29", ")");
    assert_eq!(decoded, "'it''s/(x).com'");
}

#[tokio::test]
async fn a_function_result_is_unwrapped_from_value() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path_regex(r"^/beta/deviceManagement/verifyWindowsEnrollmentAutoDiscovery\(domainName=.*contoso\.com.*\)$"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "@odata.context": "https://graph.microsoft.com/beta/$metadata#Edm.Boolean",
            "value": true
        })))
        .expect(1)
        .mount(&server)
        .await;
    let g = client(&format!("{}/beta", server.uri()));
    let ok = g
        .device_management()
        .verify_windows_enrollment_auto_discovery("contoso.com")
        .send()
        .await
        .expect("sent");
    assert!(ok);
}

#[tokio::test]
async fn a_generated_list_follows_next_links_across_three_pages() {
    let server = MockServer::start().await;
    let base = format!("{}/beta", server.uri());
    let page = |ids: &[&str], next: Option<&str>| {
        let value: Vec<_> = ids
            .iter()
            .map(|id| json!({"id": id, "deviceName": format!("name {id}")}))
            .collect();
        let mut body = json!({ "value": value });
        if let Some(n) = next {
            body["@odata.nextLink"] =
                json!(format!("{base}/deviceManagement/managedDevices?page={n}"));
        }
        ResponseTemplate::new(200).set_body_json(body)
    };
    Mock::given(method("GET"))
        .and(path("/beta/deviceManagement/managedDevices"))
        .and(query_param("$top", "2"))
        .respond_with(page(&["a", "b"], Some("2")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/beta/deviceManagement/managedDevices"))
        .and(query_param("page", "2"))
        .respond_with(page(&["c", "d"], Some("3")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/beta/deviceManagement/managedDevices"))
        .and(query_param("page", "3"))
        .respond_with(page(&["e"], None))
        .expect(1)
        .mount(&server)
        .await;
    let devices: Vec<ManagedDevice> = client(&base)
        .device_management()
        .managed_devices()
        .list()
        .top(2)
        .collect_all()
        .await
        .expect("three pages");
    let ids: Vec<_> = devices.iter().filter_map(|d| d.id.as_deref()).collect();
    assert_eq!(ids, ["a", "b", "c", "d", "e"]);
    assert_eq!(devices[4].device_name, Nullable::Value("name e".to_owned()));
    server.verify().await;
}

#[test]
fn update_sends_only_what_is_set_and_null_to_clear() {
    let g = client("https://graph.microsoft.com/beta");
    let mut patch = ManagedDevice::default();
    patch.device_name = Nullable::Null;
    patch.email_address = Nullable::Value("lab@contoso.com".to_owned());
    let request = g
        .device_management()
        .managed_devices()
        .by_id("d1")
        .update(&patch)
        .to_http()
        .expect("builds");
    assert_eq!(request.method(), msgraph_runtime::http::Method::PATCH);
    assert_eq!(
        request.uri().to_string(),
        "https://graph.microsoft.com/beta/deviceManagement/managedDevices/d1"
    );
    let body: serde_json::Value = serde_json::from_slice(request.body()).expect("JSON");
    assert_eq!(
        body,
        json!({"deviceName": null, "emailAddress": "lab@contoso.com"})
    );
}

#[test]
fn query_options_and_headers_of_a_list() {
    let g = client("https://graph.microsoft.com/beta");
    let request = g
        .device_management()
        .managed_devices()
        .list()
        .select(["id", "deviceName"])
        .filter("operatingSystem eq 'Windows'")
        .count(true)
        .to_http()
        .expect("builds");
    let url = request.uri().to_string();
    assert!(
        url.starts_with("https://graph.microsoft.com/beta/deviceManagement/managedDevices?"),
        "{url}"
    );
    assert!(url.contains("$select=id,deviceName"), "{url}");
    assert!(url.contains("$count=true"), "{url}");
    assert!(
        url.contains("$filter=operatingSystem%20eq%20%27Windows%27"),
        "{url}"
    );
    let h = |n: &str| request.headers().get(n).and_then(|v| v.to_str().ok());
    assert_eq!(h("consistencylevel"), Some("eventual"));
    assert_eq!(h("prefer"), Some("include-unknown-enum-members"));
    assert_eq!(
        h("authorization"),
        None,
        "sans-IO requests never hold the token"
    );
}

#[tokio::test]
async fn a_graph_error_body_becomes_a_typed_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/beta/deviceManagement/managedDevices/d1/deprovision"))
        .respond_with(ResponseTemplate::new(403).set_body_json(json!({
            "error": {
                "code": "Forbidden",
                "message": "Application is not authorized to perform this operation.",
                "innerError": {"request-id": "req-1", "date": "2026-11-23T10:00:00"}
            }
        })))
        .mount(&server)
        .await;
    let g = client(&format!("{}/beta", server.uri()));
    let err = g
        .device_management()
        .managed_devices()
        .by_id("d1")
        .deprovision("lost")
        .send()
        .await
        .expect_err("403");
    match err {
        Error::Graph(e) => {
            assert_eq!(e.status, 403);
            assert_eq!(e.code, "Forbidden");
            assert_eq!(e.request_id.as_deref(), Some("req-1"));
        }
        other => panic!("expected Error::Graph, got {other:?}"),
    }
}

#[test]
fn casts_are_typed_and_keep_base_members() {
    use msgraph_beta::microsoft_graph::{UserCollectionRef, UserRef};
    let g = client("https://graph.microsoft.com/beta");
    let user: UserRef = g.directory_objects().by_id("u1").cast::<UserRef>();
    assert_eq!(
        user.node().path(),
        "/directoryObjects/u1/microsoft.graph.user"
    );
    let users: UserCollectionRef = g.directory_objects().cast::<UserCollectionRef>();
    assert_eq!(
        users.node().path(),
        "/directoryObjects/microsoft.graph.user"
    );
    // Members of the base type stay reachable through `Deref`.
    let request = user.delete().to_http().expect("builds");
    assert_eq!(
        request.uri().to_string(),
        "https://graph.microsoft.com/beta/directoryObjects/u1/microsoft.graph.user"
    );
}

#[test]
fn query_options_are_checked_against_the_model_s_property_names() {
    let g = client("https://graph.microsoft.com/beta");
    let devices = g.device_management().managed_devices();
    let err = devices
        .list()
        .select(["id", "deviceNmae"])
        .to_http()
        .expect_err("a misspelt property");
    assert!(err.to_string().contains("deviceNmae"), "{err}");
    let err = devices
        .list()
        .orderby(["lastSyncTime desc"])
        .to_http()
        .expect_err("not a property");
    assert!(err.to_string().contains("lastSyncTime"), "{err}");
    // Known names (any case), navigation properties for $expand, and qualified names pass.
    assert!(devices
        .list()
        .select(["id", "DeviceName"])
        .expand(["users"])
        .orderby(["deviceName desc"])
        .to_http()
        .is_ok());
    assert!(devices
        .by_id("d1")
        .get()
        .select(["microsoft.graph.windowsManagedDevice/osVersion"])
        .to_http()
        .is_ok());
    assert!(devices
        .by_id("d1")
        .get()
        .select(["nope"])
        .to_http()
        .is_err());
}
