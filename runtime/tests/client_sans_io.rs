//! Requests built and responses read without any I/O; the client's retry and
//! origin rules on a fake transport; errors, decoders and redaction.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::{client, client_on, response, with_header, Counter, FakeTransport};
use msgraph_runtime::{
    decode, AccessToken, Client, Error, ListRequest, Node, Page, RetryPolicy, StaticToken, TokenFn,
};
use serde::Deserialize;
use serde_json::json;

const SECRET: &str = "SECRET-TOKEN";

fn header<'a>(request: &'a http::Request<Vec<u8>>, name: &str) -> Option<&'a str> {
    request.headers().get(name).map(|v| v.to_str().unwrap())
}

fn block_on<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
        .block_on(future)
}

// ---------------------------------------------------------------- to_http

#[test]
fn a_get_has_the_default_headers_and_no_token() {
    let request = client()
        .root()
        .segment("deviceManagement")
        .segment("managedDevices")
        .key("abc")
        .request(http::Method::GET, decode::json::<serde_json::Value>)
        .select(["id", "deviceName"])
        .expand(["users"])
        .to_http()
        .unwrap();
    assert_eq!(request.method(), http::Method::GET);
    assert_eq!(
        request.uri().to_string(),
        "https://graph.microsoft.com/beta/deviceManagement/managedDevices/abc?$select=id,deviceName&$expand=users"
    );
    assert_eq!(header(&request, "accept"), Some("application/json"));
    assert_eq!(
        header(&request, "prefer"),
        Some("include-unknown-enum-members")
    );
    assert_eq!(header(&request, "authorization"), None);
    assert_eq!(header(&request, "consistencylevel"), None);
    assert_eq!(header(&request, "content-type"), None);
    assert!(request.body().is_empty());
}

#[test]
fn a_json_body_sets_its_content_type() {
    let request = client()
        .root()
        .segment("users")
        .request(http::Method::POST, decode::unit)
        .json(&json!({"displayName": "A"}))
        .header("X-Custom", "1")
        .header("Prefer", "return=minimal")
        .to_http()
        .unwrap();
    assert_eq!(request.method(), http::Method::POST);
    assert_eq!(header(&request, "content-type"), Some("application/json"));
    assert_eq!(request.body(), br#"{"displayName":"A"}"#);
    assert_eq!(header(&request, "x-custom"), Some("1"));
    let prefer: Vec<_> = request.headers().get_all("prefer").iter().collect();
    assert_eq!(prefer, ["include-unknown-enum-members", "return=minimal"]);

    let raw = client()
        .root()
        .segment("photo")
        .dollar_value()
        .request(http::Method::PUT, decode::unit)
        .body(vec![1, 2, 3], "image/png")
        .header("Accept", "*/*")
        .to_http()
        .unwrap();
    assert_eq!(header(&raw, "content-type"), Some("image/png"));
    assert_eq!(header(&raw, "accept"), Some("*/*"));
    assert_eq!(raw.body(), &[1, 2, 3]);
    assert_eq!(raw.uri().path(), "/beta/photo/$value");
}

#[test]
fn builder_mistakes_surface_in_to_http() {
    let node = client().root().segment("users");
    let bad_name = node
        .request(http::Method::GET, decode::unit)
        .header("bad name", "x");
    assert!(matches!(bad_name.to_http(), Err(Error::InvalidRequest(_))));
    let bad_value = node
        .request(http::Method::GET, decode::unit)
        .header("X-Secret", "line\nbreak-hunter2");
    match bad_value.to_http() {
        Err(Error::InvalidRequest(message)) => assert!(!message.contains("hunter2")),
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
    let mut map = std::collections::HashMap::new();
    map.insert(vec![1], 1);
    let bad_body = node.request(http::Method::POST, decode::unit).json(&map);
    assert!(matches!(bad_body.to_http(), Err(Error::InvalidRequest(_))));
    let bad_type = node
        .request(http::Method::POST, decode::unit)
        .body(vec![], "a\nb");
    assert!(matches!(bad_type.to_http(), Err(Error::InvalidRequest(_))));
    // `send` reports the same mistake without sending anything.
    let fake = Arc::new(FakeTransport::default());
    let result = block_on(
        client_on(fake.clone())
            .root()
            .request(http::Method::POST, decode::unit)
            .json(&map)
            .send(),
    );
    assert!(matches!(result, Err(Error::InvalidRequest(_))));
    assert_eq!(fake.count(), 0);
}

#[test]
fn query_options_are_encoded() {
    let request = client()
        .root()
        .segment("users")
        .list::<serde_json::Value>()
        .filter("startswith(displayName,'a&b') and x eq '#1'")
        .orderby(["displayName desc", "id"])
        .top(5)
        .skip(10)
        .query("custom&x", "1=2")
        .to_http()
        .unwrap();
    assert_eq!(
        request.uri().query(),
        Some(
            "$filter=startswith(displayName,%27a%26b%27)%20and%20x%20eq%20%27%231%27\
             &$orderby=displayName%20desc,id&$top=5&$skip=10&custom%26x=1%3D2"
        )
    );
    // Setting an option again replaces it.
    let again = client()
        .root()
        .segment("users")
        .list::<serde_json::Value>()
        .top(5)
        .top(7)
        .to_http()
        .unwrap();
    assert_eq!(again.uri().query(), Some("$top=7"));
}

#[test]
fn consistency_level_only_with_search_or_count() {
    let users = client().root().segment("users");
    let plain = users
        .list::<serde_json::Value>()
        .filter("a eq 1")
        .to_http()
        .unwrap();
    assert_eq!(header(&plain, "consistencylevel"), None);

    let search = users
        .list::<serde_json::Value>()
        .search("\"displayName:room\"")
        .to_http()
        .unwrap();
    assert_eq!(header(&search, "consistencylevel"), Some("eventual"));
    assert_eq!(search.uri().query(), Some("$search=%22displayName:room%22"));

    let count = users
        .list::<serde_json::Value>()
        .count(true)
        .to_http()
        .unwrap();
    assert_eq!(header(&count, "consistencylevel"), Some("eventual"));
    assert_eq!(count.uri().query(), Some("$count=true"));

    let uncounted = users
        .list::<serde_json::Value>()
        .count(true)
        .count(false)
        .to_http()
        .unwrap();
    assert_eq!(header(&uncounted, "consistencylevel"), None);
    assert_eq!(uncounted.uri().query(), None);

    let segment = users
        .dollar_count()
        .request(http::Method::GET, decode::json::<i64>)
        .to_http()
        .unwrap();
    assert_eq!(header(&segment, "consistencylevel"), Some("eventual"));

    let raw = users
        .request(http::Method::GET, decode::unit)
        .query("$count", "true")
        .to_http()
        .unwrap();
    assert_eq!(header(&raw, "consistencylevel"), Some("eventual"));
}

#[test]
fn base_url_rules() {
    let token = || StaticToken::new(SECRET);
    let fake = || Arc::new(FakeTransport::default());
    let trailing = Client::builder()
        .base_url("http://127.0.0.1:8080/v1.0/")
        .token(token())
        .transport(fake())
        .build()
        .unwrap();
    assert_eq!(trailing.base_url(), "http://127.0.0.1:8080/v1.0");
    assert_eq!(
        trailing
            .root()
            .segment("me")
            .request(http::Method::GET, decode::unit)
            .to_http()
            .unwrap()
            .uri()
            .to_string(),
        "http://127.0.0.1:8080/v1.0/me"
    );
    for bad in [
        "graph.microsoft.com/beta",
        "/beta",
        "ftp://graph.microsoft.com/beta",
        "https://user@graph.microsoft.com/beta",
        "https://graph.microsoft.com/beta?x=1",
        "https://graph.microsoft.com/beta#x",
        "https:///beta",
        "",
        "not a url",
    ] {
        let built = Client::builder()
            .base_url(bad)
            .token(token())
            .transport(fake())
            .build();
        assert!(matches!(built, Err(Error::InvalidRequest(_))), "{bad:?}");
    }
    // Plain http sends the token unencrypted: loopback hosts only, unless allowed.
    for insecure in [
        "http://graph.microsoft.com/beta",
        "http://10.0.0.1:8080/beta",
        "http://localhost.evil.example/beta",
        "http://128.0.0.1/beta",
        "HTTP://Graph.Microsoft.com/beta",
    ] {
        let built = Client::builder()
            .base_url(insecure)
            .token(token())
            .transport(fake())
            .build();
        match built {
            Err(Error::InvalidRequest(message)) => assert!(message.contains("http"), "{message}"),
            other => panic!("{insecure}: expected InvalidRequest, got {other:?}"),
        }
        let allowed = Client::builder()
            .base_url(insecure)
            .token(token())
            .transport(fake())
            .allow_insecure_http(true)
            .build();
        assert!(allowed.is_ok(), "{insecure}");
    }
    for local in [
        "http://localhost:8080/beta",
        "http://LOCALHOST/beta",
        "http://127.0.0.1/beta",
        "http://127.8.9.10:1234/beta",
        "http://[::1]:8080/beta",
        "https://graph.microsoft.com/v1.0",
        "https://10.0.0.1/beta",
    ] {
        let built = Client::builder()
            .base_url(local)
            .token(token())
            .transport(fake())
            .build();
        assert!(built.is_ok(), "{local}");
    }
    let no_token = Client::builder().transport(fake()).build();
    assert!(matches!(no_token, Err(Error::InvalidRequest(_))));
    let default = Client::builder()
        .token(token())
        .transport(fake())
        .build()
        .unwrap();
    assert_eq!(default.base_url(), "https://graph.microsoft.com/beta");
    assert_eq!(default.root().path(), "");
}

// ---------------------------------------------------------------- execute on a fake transport

#[test]
fn execute_adds_the_token_and_retries_with_backoff() {
    let fake = FakeTransport::with(vec![
        response(503, ""),
        response(429, ""),
        response(200, "{\"id\":\"1\"}"),
    ]);
    let calls = Counter::default();
    let counter = calls.clone();
    let client = Client::builder()
        .token(TokenFn::new(move || {
            counter.bump();
            async { Ok::<_, std::io::Error>(SECRET.to_owned()) }
        }))
        .transport(fake.clone())
        .build()
        .unwrap();
    let value = block_on(
        client
            .root()
            .segment("me")
            .request(http::Method::GET, decode::json::<serde_json::Value>)
            .send(),
    )
    .unwrap();
    assert_eq!(value, json!({"id": "1"}));
    assert_eq!(fake.count(), 3);
    assert_eq!(calls.get(), 3, "one token per attempt");
    for request in fake.seen.lock().unwrap().iter() {
        assert_eq!(
            header(request, "authorization"),
            Some("Bearer SECRET-TOKEN")
        );
        assert_eq!(
            header(request, "prefer"),
            Some("include-unknown-enum-members")
        );
    }
    assert_eq!(
        *fake.slept.lock().unwrap(),
        [Duration::from_millis(500), Duration::from_millis(1000)]
    );
}

#[test]
fn retry_after_is_obeyed_and_attempts_are_bounded() {
    let throttled = || with_header(response(429, "{}"), "retry-after", "3");
    let fake = FakeTransport::with(vec![
        throttled(),
        throttled(),
        throttled(),
        throttled(),
        throttled(),
    ]);
    let client = client_on(fake.clone());
    let result = block_on(
        client
            .root()
            .segment("me")
            .request(http::Method::GET, decode::unit)
            .send(),
    );
    match result {
        Err(Error::Status { status: 429, .. }) => {}
        other => panic!("expected a 429, got {other:?}"),
    }
    assert_eq!(fake.count(), 4, "default max_attempts is 4");
    assert_eq!(*fake.slept.lock().unwrap(), [Duration::from_secs(3); 3]);
}

#[test]
fn waits_beyond_max_elapsed_are_not_made() {
    let fake = FakeTransport::with(vec![
        with_header(response(429, ""), "retry-after", "20"),
        with_header(response(429, ""), "retry-after", "20"),
        with_header(response(429, ""), "retry-after", "20"),
        response(200, ""),
    ]);
    let client = Client::builder()
        .token(StaticToken::new(SECRET))
        .transport(fake.clone())
        .retry(RetryPolicy::default().with_max_elapsed(Duration::from_secs(45)))
        .build()
        .unwrap();
    let result = block_on(
        client
            .root()
            .request(http::Method::GET, decode::unit)
            .send(),
    );
    assert_eq!(result.unwrap_err().status(), Some(429));
    // 20 s + 20 s fit in 45 s; a third wait would end at 60 s.
    assert_eq!(fake.count(), 3);
    assert_eq!(fake.slept.lock().unwrap().len(), 2);

    let none = FakeTransport::with(vec![response(503, ""), response(200, "")]);
    let client = Client::builder()
        .token(StaticToken::new(SECRET))
        .transport(none.clone())
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let result = block_on(
        client
            .root()
            .request(http::Method::GET, decode::unit)
            .send(),
    );
    assert_eq!(result.unwrap_err().status(), Some(503));
    assert_eq!(none.count(), 1);
}

#[test]
fn only_429_is_retried_for_post_and_patch_by_default() {
    let send = |client: &Client, method: http::Method| {
        block_on(
            client
                .root()
                .segment("users")
                .request(method, decode::unit)
                .json(&json!({}))
                .send(),
        )
    };
    for method in [http::Method::POST, http::Method::PATCH] {
        for status in [503, 504] {
            let fake = FakeTransport::with(vec![response(status, ""), response(200, "")]);
            let result = send(&client_on(fake.clone()), method.clone());
            assert_eq!(result.unwrap_err().status(), Some(status), "{method}");
            assert_eq!(fake.count(), 1, "{method} {status} is not retried");
        }
        let fake = FakeTransport::with(vec![response(429, ""), response(200, "")]);
        assert!(send(&client_on(fake.clone()), method.clone()).is_ok());
        assert_eq!(fake.count(), 2, "{method} 429 is retried");
    }
    for method in [http::Method::PUT, http::Method::DELETE, http::Method::GET] {
        let fake = FakeTransport::with(vec![response(503, ""), response(200, "")]);
        assert!(send(&client_on(fake.clone()), method.clone()).is_ok());
        assert_eq!(fake.count(), 2, "{method} 503 is retried");
    }
    // Unless the policy says so.
    let fake = FakeTransport::with(vec![
        response(503, ""),
        response(504, ""),
        response(200, ""),
    ]);
    let client = Client::builder()
        .token(StaticToken::new(SECRET))
        .transport(fake.clone())
        .retry(RetryPolicy::default().with_retry_non_idempotent(true))
        .build()
        .unwrap();
    assert!(send(&client, http::Method::POST).is_ok());
    assert_eq!(fake.count(), 3);
    assert!(!RetryPolicy::default().retry_non_idempotent);
}

#[test]
fn transport_errors_are_not_retried() {
    let fake = Arc::new(FakeTransport::default());
    fake.responses
        .lock()
        .unwrap()
        .push_back(Err(Error::Transport("connection reset".into())));
    let client = client_on(fake.clone());
    let result = block_on(
        client
            .root()
            .request(http::Method::GET, decode::unit)
            .send(),
    );
    assert!(matches!(result, Err(Error::Transport(_))));
    assert_eq!(fake.count(), 1);
}

#[test]
fn execute_refuses_other_origins_before_asking_for_a_token() {
    let fake = Arc::new(FakeTransport::default());
    let calls = Counter::default();
    let counter = calls.clone();
    let client = Client::builder()
        .token(TokenFn::new(move || {
            counter.bump();
            async { Ok::<_, std::io::Error>(SECRET.to_owned()) }
        }))
        .transport(fake.clone())
        .build()
        .unwrap();
    for url in [
        "https://evil.example/beta/me",
        "http://graph.microsoft.com/beta/me",
        "https://graph.microsoft.com:8443/beta/me",
        "https://graph.microsoft.com.evil.example/beta/me",
        "https://graph.microsoft.com@evil.example/beta/me",
        "/beta/me",
    ] {
        let request = http::Request::get(url).body(Vec::new()).unwrap();
        match block_on(client.execute(request)) {
            Err(Error::ForeignHost { url: refused }) => assert_eq!(refused, url),
            other => panic!("{url}: expected ForeignHost, got {other:?}"),
        }
    }
    assert_eq!(fake.count(), 0);
    assert_eq!(calls.get(), 0);
    // Same origin, other spelling: allowed.
    let request = http::Request::get("HTTPS://Graph.Microsoft.com:443/v1.0/me")
        .body(Vec::new())
        .unwrap();
    assert!(block_on(client.execute(request)).is_ok());
    assert_eq!(fake.count(), 1);
}

#[test]
fn token_errors_and_bad_tokens_send_nothing() {
    let fake = Arc::new(FakeTransport::default());
    let client = Client::builder()
        .token(TokenFn::new(|| async {
            Err::<String, _>("no credentials")
        }))
        .transport(fake.clone())
        .build()
        .unwrap();
    let result = block_on(
        client
            .root()
            .request(http::Method::GET, decode::unit)
            .send(),
    );
    assert!(matches!(result, Err(Error::Auth(_))));

    let client = Client::builder()
        .token(StaticToken::new("abc\r\nX-Evil: 1"))
        .transport(fake.clone())
        .build()
        .unwrap();
    let result = block_on(
        client
            .root()
            .request(http::Method::GET, decode::unit)
            .send(),
    );
    match result {
        Err(e @ Error::Auth(_)) => assert!(!format!("{e} {e:?}").contains("X-Evil")),
        other => panic!("expected Auth, got {other:?}"),
    }
    assert_eq!(fake.count(), 0);
}

#[test]
fn pages_refuse_foreign_next_links_on_a_fake_transport() {
    let fake = FakeTransport::with(vec![response(
        200,
        r#"{"value":[1,2],"@odata.nextLink":"https://evil.example/beta/users?$skiptoken=x"}"#,
    )]);
    let client = client_on(fake.clone());
    let mut pages = client.root().segment("users").list::<i32>().pages();
    let first = block_on(pages.next()).unwrap().unwrap();
    assert_eq!(first.value, [1, 2]);
    match block_on(pages.next()) {
        Some(Err(Error::ForeignHost { url })) => {
            assert_eq!(url, "https://evil.example/beta/users?$skiptoken=x")
        }
        other => panic!("expected ForeignHost, got {other:?}"),
    }
    assert!(block_on(pages.next()).is_none());
    assert_eq!(fake.count(), 1);
}

#[test]
fn a_next_link_to_a_page_already_read_stops_the_pages() {
    // A -> B -> A.
    let fake = FakeTransport::with(vec![
        response(
            200,
            r#"{"value":[1],"@odata.nextLink":"https://graph.microsoft.com/beta/users?$skiptoken=B"}"#,
        ),
        response(
            200,
            r#"{"value":[2],"@odata.nextLink":"HTTPS://Graph.Microsoft.com:443/beta/users"}"#,
        ),
    ]);
    let client = client_on(fake.clone());
    let mut pages = client.root().segment("users").list::<i32>().pages();
    assert_eq!(block_on(pages.next()).unwrap().unwrap().value, [1]);
    assert_eq!(block_on(pages.next()).unwrap().unwrap().value, [2]);
    assert!(matches!(
        block_on(pages.next()),
        Some(Err(Error::InvalidRequest(_)))
    ));
    assert!(block_on(pages.next()).is_none());
    assert_eq!(fake.count(), 2);

    // A -> B -> C -> B, with relative links.
    let fake = FakeTransport::with(vec![
        response(200, r#"{"value":[1],"@odata.nextLink":"/beta/users?p=B"}"#),
        response(200, r#"{"value":[2],"@odata.nextLink":"/beta/users?p=C"}"#),
        response(200, r#"{"value":[3],"@odata.nextLink":"/beta/users?p=B"}"#),
    ]);
    let client = client_on(fake.clone());
    let all = block_on(client.root().segment("users").list::<i32>().collect_all());
    assert!(matches!(all, Err(Error::InvalidRequest(_))), "{all:?}");
    assert_eq!(fake.count(), 3);
}

#[test]
fn a_relative_next_link_is_resolved_against_the_clients_origin() {
    let fake = FakeTransport::with(vec![
        response(
            200,
            r#"{"value":[1,2],"@odata.nextLink":"/beta/users?$skiptoken=x%20y"}"#,
        ),
        response(200, r#"{"value":[3]}"#),
    ]);
    let client = client_on(fake.clone());
    let all = block_on(
        client
            .root()
            .segment("users")
            .list::<i32>()
            .header("X-Trace", "t")
            .collect_all(),
    )
    .unwrap();
    assert_eq!(all, [1, 2, 3]);
    let seen = fake.seen.lock().unwrap();
    assert_eq!(
        seen[1].uri().to_string(),
        "https://graph.microsoft.com/beta/users?$skiptoken=x%20y"
    );
    assert_eq!(
        header(&seen[1], "authorization"),
        Some("Bearer SECRET-TOKEN")
    );
    assert_eq!(header(&seen[1], "x-trace"), Some("t"));
}

#[test]
fn a_stored_link_resumes_paging() {
    let fake = FakeTransport::with(vec![
        response(
            200,
            r#"{"value":[5],"@odata.nextLink":"https://graph.microsoft.com/beta/users/delta()?$skiptoken=s2"}"#,
        ),
        response(
            200,
            r#"{"value":[6],"@odata.deltaLink":"https://graph.microsoft.com/beta/users/delta()?$deltatoken=d2"}"#,
        ),
    ]);
    let client = client_on(fake.clone());
    let link = "https://graph.microsoft.com/beta/users/delta()?$deltatoken=d1";
    let resumed = ListRequest::<i32>::from_link(&client, link);
    let request = resumed.to_http().unwrap();
    assert_eq!(request.uri().to_string(), link);
    assert_eq!(request.method(), http::Method::GET);
    assert_eq!(header(&request, "authorization"), None);
    assert_eq!(
        header(&request, "prefer"),
        Some("include-unknown-enum-members")
    );
    let mut pages = resumed.pages();
    assert_eq!(block_on(pages.next()).unwrap().unwrap().value, [5]);
    let last = block_on(pages.next()).unwrap().unwrap();
    assert_eq!(last.value, [6]);
    assert_eq!(
        last.delta_link.as_deref(),
        Some("https://graph.microsoft.com/beta/users/delta()?$deltatoken=d2")
    );
    assert!(block_on(pages.next()).is_none());
    let seen = fake.seen.lock().unwrap();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0].uri().to_string(), link);
    assert_eq!(
        header(&seen[0], "authorization"),
        Some("Bearer SECRET-TOKEN")
    );
    drop(seen);

    // An absolute path is resolved; query options are appended to the link's.
    let relative = ListRequest::<i32>::from_link(&client, "/beta/users?$skiptoken=x")
        .header("ConsistencyLevel", "eventual")
        .top(5);
    let request = relative.to_http().unwrap();
    assert_eq!(
        request.uri().to_string(),
        "https://graph.microsoft.com/beta/users?$skiptoken=x&$top=5"
    );
    assert_eq!(header(&request, "consistencylevel"), Some("eventual"));
    assert_eq!(
        ListRequest::<i32>::from_link(&client, "/beta/users")
            .top(1)
            .to_http()
            .unwrap()
            .uri()
            .to_string(),
        "https://graph.microsoft.com/beta/users?$top=1"
    );
}

#[test]
fn a_foreign_stored_link_is_never_sent() {
    let fake = Arc::new(FakeTransport::default());
    let calls = Counter::default();
    let counter = calls.clone();
    let client = Client::builder()
        .token(TokenFn::new(move || {
            counter.bump();
            async { Ok::<_, std::io::Error>(SECRET.to_owned()) }
        }))
        .transport(fake.clone())
        .build()
        .unwrap();
    for link in [
        "https://evil.example/beta/users?$deltatoken=d",
        "http://graph.microsoft.com/beta/users",
        "https://graph.microsoft.com:8443/beta/users",
        "https://graph.microsoft.com@evil.example/beta/users",
        "//evil.example/beta/users",
        "beta/users",
        "",
        "not a url",
    ] {
        let list = ListRequest::<i32>::from_link(&client, link);
        match list.to_http() {
            Err(Error::ForeignHost { url }) => assert_eq!(url, link),
            other => panic!("{link:?}: expected ForeignHost, got {other:?}"),
        }
        match block_on(list.clone().send()) {
            Err(Error::ForeignHost { url }) => assert_eq!(url, link),
            other => panic!("{link:?}: expected ForeignHost, got {other:?}"),
        }
        let mut pages = list.pages();
        assert!(matches!(
            block_on(pages.next()),
            Some(Err(Error::ForeignHost { .. }))
        ));
        assert!(block_on(pages.next()).is_none());
    }
    assert_eq!(fake.count(), 0);
    assert_eq!(calls.get(), 0);
}

#[test]
fn a_next_link_to_its_own_page_stops_the_pages() {
    let fake = FakeTransport::with(vec![response(
        200,
        r#"{"value":[1],"@odata.nextLink":"https://graph.microsoft.com/beta/users"}"#,
    )]);
    let client = client_on(fake.clone());
    let all = block_on(client.root().segment("users").list::<i32>().collect_all());
    assert!(matches!(all, Err(Error::InvalidRequest(_))));
    assert_eq!(fake.count(), 1);
}

// ---------------------------------------------------------------- parse, errors, decoders

#[test]
fn graph_error_bodies() {
    let body = r#"{"error":{"code":"BadRequest","message":"Resource not found for the segment 'x'.",
        "innerError":{"date":"2024-05-01T10:00:00","request-id":"r1","client-request-id":"c1"}}}"#;
    let r = with_header(response(400, body), "request-id", "header-id");
    let e = Error::from_response(&r);
    assert_eq!(e.status(), Some(400));
    let Error::Graph(g) = &e else {
        panic!("expected Graph, got {e:?}")
    };
    assert_eq!(g.status, 400);
    assert_eq!(g.code, "BadRequest");
    assert_eq!(g.message, "Resource not found for the segment 'x'.");
    assert_eq!(g.request_id.as_deref(), Some("r1"));
    assert_eq!(g.client_request_id.as_deref(), Some("c1"));
    assert_eq!(g.date.as_deref(), Some("2024-05-01T10:00:00"));
    assert_eq!(g.inner_error.as_ref().unwrap()["request-id"], "r1");
    assert_eq!(g.body, body.as_bytes());
    let shown = e.to_string();
    assert!(
        shown.contains("BadRequest") && shown.contains("r1"),
        "{shown}"
    );

    // Without innerError, the ids come from the headers.
    let r = with_header(
        with_header(
            response(404, r#"{"error":{"code":"NotFound","message":"gone"}}"#),
            "request-id",
            "h1",
        ),
        "date",
        "Wed, 01 May 2024 10:00:00 GMT",
    );
    let Error::Graph(g) = Error::from_response(&r) else {
        panic!("expected Graph")
    };
    assert_eq!(g.request_id.as_deref(), Some("h1"));
    assert_eq!(g.date.as_deref(), Some("Wed, 01 May 2024 10:00:00 GMT"));
    assert_eq!(g.client_request_id, None);
    assert_eq!(g.inner_error, None);
}

#[test]
fn other_error_bodies_are_kept_raw() {
    let html = "<html><body>Bad gateway</body></html>";
    let r = with_header(response(502, html), "request-id", "h2");
    match Error::from_response(&r) {
        Error::Status {
            status,
            body,
            request_id,
            headers,
        } => {
            assert_eq!(status, 502);
            assert_eq!(headers.get("request-id").unwrap(), "h2");
            assert_eq!(body, html.as_bytes());
            assert_eq!(request_id.as_deref(), Some("h2"));
        }
        other => panic!("expected Status, got {other:?}"),
    }
    for body in [
        "",
        "{}",
        r#"{"error":"x"}"#,
        r#"{"error":{"message":"no code"}}"#,
    ] {
        let e = Error::from_response(&response(500, body));
        assert!(
            matches!(e, Error::Status { status: 500, .. }),
            "{body}: {e:?}"
        );
    }
}

#[test]
fn errors_keep_the_response_headers_but_never_credentials() {
    let body = r#"{"error":{"code":"InvalidAuthenticationToken","message":"claims needed"}}"#;
    let mut r = with_header(
        with_header(
            response(401, body),
            "www-authenticate",
            "Bearer claims=\"e30=\"",
        ),
        "set-cookie",
        "session=COOKIE-VALUE",
    );
    // Responses do not carry these, but a proxy or fake might echo them.
    r = with_header(r, "authorization", "Bearer ECHOED-TOKEN");
    r = with_header(r, "proxy-authorization", "Basic ECHOED");
    r = with_header(r, "location", "https://graph.microsoft.com/beta/x");
    let e = Error::from_response(&r);
    let headers = e.headers().unwrap();
    assert_eq!(
        headers.get("www-authenticate").unwrap(),
        "Bearer claims=\"e30=\""
    );
    assert_eq!(
        headers.get("location").unwrap(),
        "https://graph.microsoft.com/beta/x"
    );
    assert!(headers.get("authorization").is_none());
    assert!(headers.get("proxy-authorization").is_none());
    assert_eq!(headers.get("set-cookie").unwrap(), "session=COOKIE-VALUE");
    let Error::Graph(g) = &e else {
        panic!("expected Graph, got {e:?}")
    };
    assert_eq!(&g.headers, headers);
    let shown = format!("{e:?} {e}");
    for secret in ["ECHOED", "COOKIE-VALUE"] {
        assert!(!shown.contains(secret), "{shown}");
    }

    let raw = with_header(
        with_header(response(503, "busy"), "retry-after", "12"),
        "authorization",
        "Bearer ECHOED-TOKEN",
    );
    let e = Error::from_response(&raw);
    assert!(matches!(e, Error::Status { .. }));
    let headers = e.headers().unwrap();
    assert_eq!(headers.get("retry-after").unwrap(), "12");
    assert!(headers.get("authorization").is_none());
    assert!(!format!("{e:?}").contains("ECHOED"));
    assert!(Error::InvalidRequest("x".into()).headers().is_none());
}

#[test]
fn parse_decodes_2xx_and_errors_otherwise() {
    let request = client()
        .root()
        .segment("me")
        .request(http::Method::GET, decode::json::<serde_json::Value>);
    assert_eq!(request.parse(response(200, "[1]")).unwrap(), json!([1]));
    assert!(matches!(
        request.parse(response(
            403,
            r#"{"error":{"code":"Forbidden","message":"no"}}"#
        )),
        Err(Error::Graph(_))
    ));
    assert!(matches!(
        request.parse(response(302, "")),
        Err(Error::Status { status: 302, .. })
    ));
    match request.parse(response(200, "not json")) {
        Err(Error::Decode { status, body, .. }) => {
            assert_eq!(status, 200);
            assert_eq!(body, b"not json");
        }
        other => panic!("expected Decode, got {other:?}"),
    }
}

#[derive(Debug, PartialEq, Deserialize)]
struct Pair {
    name: String,
    value: i32,
}

#[test]
fn decode_value_unwraps_graph_results() {
    let wrapped = response(
        200,
        r#"{"@odata.context":"https://graph.microsoft.com/beta/$metadata#microsoft.graph.x","value":{"name":"a","value":1}}"#,
    );
    assert_eq!(
        decode::value::<Pair>(&wrapped).unwrap(),
        Pair {
            name: "a".into(),
            value: 1
        }
    );
    let bare = response(200, r#"{"name":"b","value":2}"#);
    assert_eq!(
        decode::value::<Pair>(&bare).unwrap(),
        Pair {
            name: "b".into(),
            value: 2
        }
    );
    assert!(decode::value::<bool>(&response(200, r#"{"value":true}"#)).unwrap());
    assert_eq!(
        decode::value::<Vec<i32>>(&response(200, r#"{"value":[1,2],"@odata.nextLink":"x"}"#))
            .unwrap(),
        [1, 2]
    );
    assert_eq!(
        decode::value::<Option<Pair>>(&response(204, "")).unwrap(),
        None
    );
    assert_eq!(
        decode::json::<Option<i32>>(&response(204, " ")).unwrap(),
        None
    );
    assert!(matches!(
        decode::value::<Pair>(&response(200, r#"{"value":"x"}"#)),
        Err(Error::Decode { .. })
    ));
    assert_eq!(
        decode::bytes(&response(200, "\u{1}raw")).unwrap(),
        b"\x01raw"
    );
    assert!(decode::unit(&response(204, "anything")).is_ok());
    assert!(matches!(
        decode::json::<String>(&http::Response::new(vec![0xff, 0xfe])),
        Err(Error::Decode { .. })
    ));
}

#[test]
fn pages_parse_links_and_counts() {
    let list = client().root().segment("users").list::<i32>();
    let page = list
        .parse(response(
            200,
            r#"{"value":[1,2],"@odata.nextLink":"n","@odata.deltaLink":"d","@odata.count":"42"}"#,
        ))
        .unwrap();
    assert_eq!(
        page,
        Page {
            value: vec![1, 2],
            next_link: Some("n".into()),
            delta_link: Some("d".into()),
            count: Some(42)
        }
    );
    let last = list
        .parse(response(200, r#"{"value":[],"@odata.count":7}"#))
        .unwrap();
    assert_eq!(last.count, Some(7));
    assert_eq!(last.next_link, None);
    assert!(matches!(
        list.parse(response(200, "{}")),
        Err(Error::Decode { .. })
    ));
}

// ---------------------------------------------------------------- Debug never shows a token

#[test]
fn debug_output_never_contains_the_token() {
    let token = AccessToken::new(SECRET);
    assert_eq!(token.secret(), SECRET);
    assert_eq!(format!("{token:?}"), "AccessToken(<redacted>)");
    assert_eq!(format!("{token}"), "AccessToken(<redacted>)");
    let provider = StaticToken::new(SECRET);
    assert!(!format!("{provider:?}").contains(SECRET));
    let secret = SECRET.to_owned();
    let closure = TokenFn::new(move || {
        let secret = secret.clone();
        async move { Ok::<_, std::io::Error>(secret) }
    });
    assert!(!format!("{closure:?}").contains(SECRET));

    let builder = Client::builder().token(StaticToken::new(SECRET));
    assert!(!format!("{builder:?}").contains(SECRET));
    let client = builder
        .transport(Arc::new(FakeTransport::default()))
        .build()
        .unwrap();
    let shown = format!("{client:?}");
    assert_eq!(
        shown,
        "Client { base_url: \"https://graph.microsoft.com/beta\", .. }"
    );

    let node: Node = client.root().segment("me");
    assert!(!format!("{node:?}").contains(SECRET));
    let request = node
        .request(http::Method::GET, decode::unit)
        .header("Authorization", &format!("Bearer {SECRET}"));
    let shown = format!("{request:?}");
    assert!(!shown.contains(SECRET), "{shown}");
    assert!(shown.contains("<redacted>"), "{shown}");
    let list = node.list::<i32>().header("Cookie", SECRET);
    assert!(!format!("{list:?}").contains(SECRET));
    assert!(!format!("{:?}", list.pages()).contains(SECRET));
}

#[test]
fn a_user_authorization_header_is_replaced_by_the_providers() {
    let fake = Arc::new(FakeTransport::default());
    let client = client_on(fake.clone());
    block_on(
        client
            .root()
            .request(http::Method::GET, decode::unit)
            .header("Authorization", "Bearer other")
            .send(),
    )
    .unwrap();
    let seen = fake.seen.lock().unwrap();
    let values: Vec<_> = seen[0].headers().get_all("authorization").iter().collect();
    assert_eq!(values, ["Bearer SECRET-TOKEN"]);
    assert!(seen[0].headers()["authorization"].is_sensitive());
}

// ---------------------------------------------------------------- auto traits and sizes

fn assert_send<T: Send>(_: &T) {}

#[test]
fn futures_and_streams_are_send() {
    let node = client().root().segment("users");
    let send = node.request(http::Method::GET, decode::unit).send();
    assert_send(&send);
    assert_send(&node.list::<String>().collect_all());
    assert_send(&node.list::<String>().send());
    assert_send(&node.list::<String>().pages());
    assert_send(&node.list::<String>().items());
    assert_send(&client().execute(http::Request::new(Vec::new())));
}

#[test]
fn errors_stay_small() {
    // `Error::Graph` is boxed so that `Result<T, Error>` stays small.
    assert!(
        std::mem::size_of::<Error>() <= 64,
        "{}",
        std::mem::size_of::<Error>()
    );
}

#[cfg(not(feature = "reqwest"))]
#[test]
fn without_reqwest_a_transport_is_required() {
    let built = Client::builder().token(StaticToken::new(SECRET)).build();
    assert!(matches!(built, Err(Error::InvalidRequest(_))));
}

// ---------------------------------------------------------------- new_at

/// A national cloud's base URL: requests go there.
#[test]
fn new_at_a_national_cloud_sends_there() {
    let graph = Client::new_at("https://graph.microsoft.us/beta/", StaticToken::new(SECRET));
    assert_eq!(graph.base_url(), "https://graph.microsoft.us/beta");
    let request = graph
        .root()
        .segment("users")
        .request(http::Method::GET, decode::json::<serde_json::Value>)
        .to_http()
        .unwrap();
    assert_eq!(request.uri(), "https://graph.microsoft.us/beta/users");
}

/// A base URL that the builder would refuse makes every request fail, and
/// says why; nothing is built that could carry the token.
#[test]
fn new_at_a_bad_base_url_fails_every_request() {
    for bad in [
        "http://example.com/beta",
        "not a url",
        "https://graph.microsoft.us/beta?x=1",
    ] {
        let graph = Client::new_at(bad, StaticToken::new(SECRET));
        let e = graph
            .root()
            .segment("users")
            .request(http::Method::GET, decode::json::<serde_json::Value>)
            .to_http()
            .unwrap_err();
        match e {
            Error::InvalidRequest(m) => assert!(m.contains("base URL"), "{bad}: {m}"),
            other => panic!("{bad}: {other:?}"),
        }
    }
}

// ---------------------------------------------------------------- sans-IO and tracing

/// A purely sans-IO client: no transport or token to invent; requests are
/// built as usual, and sending says why it cannot.
#[test]
fn a_sans_io_client_builds_and_parses_but_does_not_send() {
    let graph = Client::sans_io("https://graph.microsoft.com/beta").unwrap();
    let request = graph
        .root()
        .segment("users")
        .request(http::Method::GET, decode::json::<serde_json::Value>);
    let built = request.to_http().unwrap();
    assert_eq!(built.uri(), "https://graph.microsoft.com/beta/users");
    assert!(built.headers().get("authorization").is_none());
    let parsed = request.parse(response(200, r#"{"a": 1}"#)).unwrap();
    assert_eq!(parsed["a"], 1);
    // The token provider is asked first: it says why nothing can be sent.
    let e = block_on(request.send()).unwrap_err();
    assert!(matches!(e, Error::Auth(_)), "{e:?}");
    assert!(e.to_string().contains("sans_io"), "{e}");
    assert!(Client::sans_io("http://example.com/beta").is_err());
}

/// An event's message and fields.
type Captured = (String, Vec<(String, String)>);

/// Captures the `msgraph` events of every thread (it is the global
/// subscriber of this test binary; tests pick theirs out by URL).
#[derive(Default)]
struct Events(std::sync::Mutex<Vec<Captured>>);

fn events() -> &'static std::sync::Arc<Events> {
    static EVENTS: std::sync::OnceLock<std::sync::Arc<Events>> = std::sync::OnceLock::new();
    EVENTS.get_or_init(|| {
        let events = std::sync::Arc::new(Events::default());
        let _ = tracing::subscriber::set_global_default(events.clone());
        events
    })
}

impl tracing::Subscriber for Events {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        struct Fields(Vec<(String, String)>);
        impl tracing::field::Visit for Fields {
            fn record_debug(&mut self, f: &tracing::field::Field, v: &dyn std::fmt::Debug) {
                self.0.push((f.name().to_owned(), format!("{v:?}")));
            }
            fn record_str(&mut self, f: &tracing::field::Field, v: &str) {
                self.0.push((f.name().to_owned(), v.to_owned()));
            }
        }
        if event.metadata().target() != "msgraph" {
            return;
        }
        let mut fields = Fields(Vec::new());
        event.record(&mut fields);
        let message = fields
            .0
            .iter()
            .find(|(k, _)| k == "message")
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
        self.0.lock().unwrap().push((message, fields.0));
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

/// Each attempt, each response and each retry is an event, the retry with
/// its wait and why, so throttling shows in the user's own logs.
#[test]
fn requests_and_retries_are_traced() {
    let events = events();
    let fake = FakeTransport::with(vec![
        with_header(response(429, ""), "retry-after", "2"),
        response(200, ""),
    ]);
    let client = client_on(fake.clone());
    block_on(
        client
            .root()
            .segment("traced-test")
            .request(http::Method::GET, decode::unit)
            .send(),
    )
    .unwrap();
    let seen: Vec<Captured> = events
        .0
        .lock()
        .unwrap()
        .iter()
        .filter(|(_, f)| {
            f.iter()
                .any(|(k, v)| k == "url" && v.ends_with("/traced-test"))
        })
        .cloned()
        .collect();
    let messages: Vec<&str> = seen.iter().map(|(m, _)| m.as_str()).collect();
    assert_eq!(
        messages,
        ["sending", "response", "retrying", "sending", "response"]
    );
    let retry = &seen[2].1;
    let field = |k: &str| retry.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    assert_eq!(field("status"), Some("429"));
    assert_eq!(field("wait_ms"), Some("2000"));
    assert_eq!(field("retry_after"), Some("2"));
    assert_eq!(field("reason"), Some("throttled (429 Too Many Requests)"));
}
