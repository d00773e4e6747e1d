//! The client through `ReqwestTransport` against a local wiremock server on
//! 127.0.0.1: retries, paging, the origin rule, errors and headers on the wire.

#![cfg(feature = "reqwest")]

mod common;

use std::time::{Duration, Instant};

use common::{percent_decode, Counter};
use msgraph_runtime::{
    decode, Client, Error, Param, ReqwestTransport, RetryPolicy, StaticToken, TokenFn,
};
use serde_json::json;
use wiremock::matchers::{header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, Request as Seen, ResponseTemplate};

const TOKEN: &str = "wire-token";

/// A client for `<server>/beta` with the token `TOKEN` and `retry`.
fn client(server: &MockServer, retry: RetryPolicy) -> Client {
    Client::builder()
        .base_url(format!("{}/beta", server.uri()))
        .token(StaticToken::new(TOKEN))
        .retry(retry)
        .build()
        .unwrap()
}

/// What `server` received.
async fn received(server: &MockServer) -> Vec<Seen> {
    server.received_requests().await.unwrap()
}

/// The value of header `name` of `request`.
fn header_of<'a>(request: &'a Seen, name: &str) -> Option<&'a str> {
    request.headers.get(name).map(|v| v.to_str().unwrap())
}

#[tokio::test]
async fn a_429_with_retry_after_is_waited_out() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/beta/me"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "1"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/beta/me"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "me"})))
        .mount(&server)
        .await;
    let start = Instant::now();
    let me = client(&server, RetryPolicy::default())
        .root()
        .segment("me")
        .request(http::Method::GET, decode::json::<serde_json::Value>)
        .send()
        .await
        .unwrap();
    let elapsed = start.elapsed();
    assert_eq!(me, json!({"id": "me"}));
    assert_eq!(received(&server).await.len(), 2);
    assert!(elapsed >= Duration::from_millis(900), "{elapsed:?}");
}

#[tokio::test]
async fn a_503_without_retry_after_backs_off() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
        .mount(&server)
        .await;
    let policy = RetryPolicy::default().with_base_delay(Duration::from_millis(100));
    let start = Instant::now();
    client(&server, policy)
        .root()
        .segment("me")
        .request(http::Method::GET, decode::unit)
        .send()
        .await
        .unwrap();
    assert!(start.elapsed() >= Duration::from_millis(90));
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn the_last_429_is_returned_after_max_attempts() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(429).set_body_json(
                json!({"error": {"code": "TooManyRequests", "message": "slow down"}}),
            ),
        )
        .mount(&server)
        .await;
    let policy = RetryPolicy::default()
        .with_max_attempts(3)
        .with_base_delay(Duration::from_millis(10));
    let result = client(&server, policy)
        .root()
        .segment("me")
        .request(http::Method::GET, decode::unit)
        .send()
        .await;
    match result {
        Err(Error::Graph(e)) => {
            assert_eq!(e.status, 429);
            assert_eq!(e.code, "TooManyRequests");
        }
        other => panic!("expected a Graph 429, got {other:?}"),
    }
    assert_eq!(received(&server).await.len(), 3);
}

#[tokio::test]
async fn three_pages_are_followed_in_order() {
    let server = MockServer::start().await;
    let base = format!("{}/beta/users", server.uri());
    Mock::given(method("GET"))
        .and(path("/beta/users"))
        .and(query_param_is_missing("$skiptoken"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "value": [{"id": "1"}, {"id": "2"}],
            "@odata.nextLink": format!("{base}?$top=2&$skiptoken=p2"),
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/beta/users"))
        .and(query_param("$skiptoken", "p2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "value": [{"id": "3"}, {"id": "4"}],
            "@odata.nextLink": format!("{base}?$top=2&$skiptoken=p3"),
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/beta/users"))
        .and(query_param("$skiptoken", "p3"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "value": [{"id": "5"}],
            "@odata.deltaLink": format!("{base}?$deltatoken=d"),
        })))
        .mount(&server)
        .await;

    let users = client(&server, RetryPolicy::none())
        .root()
        .segment("users")
        .list::<serde_json::Value>()
        .top(2)
        .header("X-Trace", "t1");
    let all = users.clone().collect_all().await.unwrap();
    let ids: Vec<&str> = all.iter().map(|u| u["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["1", "2", "3", "4", "5"]);

    let seen = received(&server).await;
    assert_eq!(seen.len(), 3);
    for request in &seen {
        assert_eq!(request.method.as_str(), "GET");
        assert_eq!(
            header_of(request, "authorization"),
            Some("Bearer wire-token")
        );
        assert_eq!(header_of(request, "x-trace"), Some("t1"));
        assert_eq!(
            header_of(request, "prefer"),
            Some("include-unknown-enum-members")
        );
    }
    assert_eq!(seen[0].url.query(), Some("$top=2"));
    assert_eq!(seen[2].url.query(), Some("$top=2&$skiptoken=p3"));

    // The same pages one at a time, and as a stream of items.
    let mut pages = users.clone().pages();
    let first = pages.next().await.unwrap().unwrap();
    assert_eq!(first.value.len(), 2);
    assert!(first.next_link.unwrap().ends_with("$skiptoken=p2"));
    let _second = pages.next().await.unwrap().unwrap();
    let third = pages.next().await.unwrap().unwrap();
    assert_eq!(third.next_link, None);
    assert!(third.delta_link.unwrap().ends_with("$deltatoken=d"));
    assert!(pages.next().await.is_none());

    let mut items = users.items();
    let mut count = 0;
    while let Some(item) = items.next().await {
        item.unwrap();
        count += 1;
    }
    assert_eq!(count, 5);
}

#[tokio::test]
async fn a_next_link_to_another_origin_is_never_followed() {
    let server = MockServer::start().await;
    let other = MockServer::start().await;
    let port = server.address().port();
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
        .mount(&other)
        .await;
    let foreign_links = [
        format!("{}/beta/users?$skiptoken=2", other.uri()),
        format!("http://127.0.0.2:{port}/beta/users?$skiptoken=2"),
        format!("https://127.0.0.1:{port}/beta/users?$skiptoken=2"),
        "http://evil.example/beta/users?$skiptoken=2".to_owned(),
        format!("http://{TOKEN}@127.0.0.1:{port}/beta/users"),
        format!(
            "//127.0.0.1:{}/beta/users?$skiptoken=2",
            other.address().port()
        ),
        "beta/users?$skiptoken=2".to_owned(),
    ];
    for link in &foreign_links {
        server.reset().await;
        Mock::given(method("GET"))
            .and(path("/beta/users"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "value": [1, 2],
                "@odata.nextLink": link,
            })))
            .mount(&server)
            .await;
        let list = client(&server, RetryPolicy::none())
            .root()
            .segment("users")
            .list::<i32>();
        match list.clone().collect_all().await {
            Err(Error::ForeignHost { url }) => assert_eq!(&url, link),
            other => panic!("{link}: expected ForeignHost, got {other:?}"),
        }
        // As items: the first page's items, then the error, then the end.
        let mut items = list.items();
        assert_eq!(items.next().await.unwrap().unwrap(), 1);
        assert_eq!(items.next().await.unwrap().unwrap(), 2);
        assert!(matches!(
            items.next().await,
            Some(Err(Error::ForeignHost { .. }))
        ));
        assert!(items.next().await.is_none());
        assert_eq!(received(&server).await.len(), 2, "{link}");
    }
    assert_eq!(received(&other).await.len(), 0);
}

#[tokio::test]
async fn writes_follow_redirects_only_within_the_origin() {
    let server = MockServer::start().await;
    let other = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
        .mount(&other)
        .await;
    Mock::given(method("POST"))
        .and(path("/beta/away"))
        .respond_with(
            ResponseTemplate::new(307)
                .insert_header("Location", format!("{}/steal", other.uri()).as_str()),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/beta/moved"))
        .respond_with(ResponseTemplate::new(307).insert_header("Location", "/beta/here"))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/beta/here"))
        .and(header("authorization", "Bearer wire-token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ok": true})))
        .mount(&server)
        .await;
    let client = client(&server, RetryPolicy::none());
    let away = client
        .root()
        .segment("away")
        .request(http::Method::POST, decode::unit)
        .json(&json!({"a": 1}))
        .send()
        .await;
    match &away {
        Err(Error::Status {
            status: 307,
            headers,
            ..
        }) => {
            let location = headers.get("location").map(|v| v.to_str().unwrap());
            assert_eq!(location, Some(format!("{}/steal", other.uri()).as_str()));
        }
        other => panic!("expected a 307, got {other:?}"),
    }
    assert_eq!(received(&other).await.len(), 0);

    let moved = client
        .root()
        .segment("moved")
        .request(http::Method::POST, decode::json::<serde_json::Value>)
        .json(&json!({"a": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(moved, json!({"ok": true}));
}

#[tokio::test]
async fn downloads_follow_redirects_to_other_hosts_without_the_token() {
    // Graph answers `GET .../content` with a 302 to a pre-signed URL elsewhere.
    let graph = MockServer::start().await;
    let storage = MockServer::start().await;
    assert_ne!(graph.address().port(), storage.address().port());
    Mock::given(method("GET"))
        .and(path("/beta/me/drive/items/1/content"))
        .respond_with(ResponseTemplate::new(302).insert_header(
            "Location",
            format!("{}/blob/1?sig=abc", storage.uri()).as_str(),
        ))
        .mount(&graph)
        .await;
    Mock::given(method("GET"))
        .and(path("/blob/1"))
        .and(query_param("sig", "abc"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(b"\x00file bytes\xff".to_vec()))
        .mount(&storage)
        .await;
    let client = client(&graph, RetryPolicy::none());
    let bytes = client
        .root()
        .segment("me")
        .segment("drive")
        .segment("items")
        .key("1")
        .segment("content")
        .get_bytes()
        .send()
        .await
        .unwrap();
    assert_eq!(bytes, b"\x00file bytes\xff");

    let at_graph = received(&graph).await;
    assert_eq!(at_graph.len(), 1);
    assert_eq!(
        header_of(&at_graph[0], "authorization"),
        Some("Bearer wire-token")
    );
    let at_storage = received(&storage).await;
    assert_eq!(at_storage.len(), 1);
    assert_eq!(at_storage[0].method.as_str(), "GET");
    assert_eq!(header_of(&at_storage[0], "authorization"), None);
    assert_eq!(header_of(&at_storage[0], "referer"), None);
    for (name, _) in at_storage[0].headers.iter() {
        assert_ne!(name.as_str(), "authorization");
    }
}

#[tokio::test]
async fn downloads_do_not_follow_redirects_to_plain_http_elsewhere() {
    let graph = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/beta/content"))
        .respond_with(
            ResponseTemplate::new(302).insert_header("Location", "http://evil.example/blob"),
        )
        .mount(&graph)
        .await;
    let result = client(&graph, RetryPolicy::none())
        .root()
        .segment("content")
        .get_bytes()
        .send()
        .await;
    assert!(
        matches!(result, Err(Error::Status { status: 302, .. })),
        "{result:?}"
    );
}

#[tokio::test]
async fn a_stalled_response_times_out() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_string("{}")
                .set_delay(Duration::from_secs(5)),
        )
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(format!("{}/beta", server.uri()))
        .token(StaticToken::new(TOKEN))
        .transport(ReqwestTransport::with_read_timeout(Duration::from_millis(
            300,
        )))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let start = Instant::now();
    let result = client
        .root()
        .segment("me")
        .request(http::Method::GET, decode::unit)
        .send()
        .await;
    assert!(matches!(result, Err(Error::Transport(_))), "{result:?}");
    assert!(
        start.elapsed() < Duration::from_secs(3),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(
        ReqwestTransport::DEFAULT_READ_TIMEOUT,
        Duration::from_secs(60)
    );
}

#[tokio::test]
async fn error_headers_are_kept() {
    let server = MockServer::start().await;
    let challenge = r#"Bearer realm="", error="insufficient_claims", claims="eyJ4Ijp7fX0=""#;
    Mock::given(method("GET"))
        .and(path("/beta/me"))
        .respond_with(
            ResponseTemplate::new(401)
                .insert_header("WWW-Authenticate", challenge)
                .set_body_json(
                    json!({"error": {"code": "InvalidAuthenticationToken", "message": "claims"}}),
                ),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/beta/busy"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("Retry-After", "7")
                .set_body_string("slow down"),
        )
        .mount(&server)
        .await;
    let client = client(&server, RetryPolicy::none());
    let me = client
        .root()
        .segment("me")
        .request(http::Method::GET, decode::unit)
        .send()
        .await;
    match me {
        Err(Error::Graph(e)) => {
            assert_eq!(e.status, 401);
            assert_eq!(e.headers.get("www-authenticate").unwrap(), challenge);
            assert!(e.headers.get("authorization").is_none());
        }
        other => panic!("expected Graph, got {other:?}"),
    }
    let busy = client
        .root()
        .segment("busy")
        .request(http::Method::GET, decode::unit)
        .send()
        .await
        .unwrap_err();
    assert_eq!(busy.status(), Some(429));
    assert_eq!(busy.headers().unwrap().get("retry-after").unwrap(), "7");
    assert!(matches!(busy, Error::Status { .. }));
}

#[tokio::test]
async fn error_bodies_become_graph_or_status_errors() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/beta/bad"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "error": {
                "code": "BadRequest",
                "message": "Invalid request body",
                "innerError": {"request-id": "r1", "date": "2024-05-01T10:00:00"}
            }
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/beta/broken"))
        .respond_with(
            ResponseTemplate::new(500)
                .insert_header("request-id", "h500")
                .set_body_raw("<html><h1>Oops</h1></html>", "text/html"),
        )
        .mount(&server)
        .await;
    let client = client(&server, RetryPolicy::none());
    let bad = client
        .root()
        .segment("bad")
        .request(http::Method::POST, decode::unit)
        .json(&json!({}))
        .send()
        .await;
    match bad {
        Err(Error::Graph(e)) => {
            assert_eq!(e.status, 400);
            assert_eq!(e.code, "BadRequest");
            assert_eq!(e.message, "Invalid request body");
            assert_eq!(e.request_id.as_deref(), Some("r1"));
            assert_eq!(e.date.as_deref(), Some("2024-05-01T10:00:00"));
        }
        other => panic!("expected Graph, got {other:?}"),
    }
    let broken = client
        .root()
        .segment("broken")
        .request(http::Method::GET, decode::unit)
        .send()
        .await;
    match broken {
        Err(Error::Status {
            status,
            body,
            request_id,
            ..
        }) => {
            assert_eq!(status, 500);
            assert_eq!(body, b"<html><h1>Oops</h1></html>");
            assert_eq!(request_id.as_deref(), Some("h500"));
        }
        other => panic!("expected Status, got {other:?}"),
    }
}

#[tokio::test]
async fn the_token_and_default_headers_go_on_the_wire() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(header("authorization", "Bearer fresh-1"))
        .and(header("prefer", "include-unknown-enum-members"))
        .and(header("accept", "application/json"))
        .and(header("content-type", "application/json"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"value": {"n": 1}})))
        .expect(1)
        .mount(&server)
        .await;
    let calls = Counter::default();
    let counter = calls.clone();
    let client = Client::builder()
        .base_url(format!("{}/beta", server.uri()))
        .token(TokenFn::new(move || {
            counter.bump();
            let n = counter.get();
            async move { Ok::<_, std::io::Error>(format!("fresh-{n}")) }
        }))
        .build()
        .unwrap();
    let key = "a/b?c#d é'";
    let result = client
        .root()
        .segment("devices")
        .key(key)
        .function(
            "microsoft.graph.run",
            vec![
                ("name", Param::string("it's (x)")),
                ("options", Param::json(&json!({"a": "b&c"}))),
            ],
        )
        .request(http::Method::POST, decode::value::<serde_json::Value>)
        .json(&json!({"x": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(result, json!({"n": 1}));
    assert_eq!(calls.get(), 1);

    let seen = received(&server).await;
    assert_eq!(seen.len(), 1);
    let url = &seen[0].url;
    let segments: Vec<&str> = url.path().split('/').collect();
    assert_eq!(segments.len(), 4, "{}", url.path());
    assert_eq!(segments[1], "beta");
    let predicate = segments[2]
        .strip_prefix("devices('")
        .and_then(|rest| rest.strip_suffix("')"))
        .unwrap();
    assert_eq!(percent_decode(predicate).replace("''", "'"), key);
    assert_eq!(
        percent_decode(segments[3]),
        "microsoft.graph.run(name='it''s (x)',options=@options)"
    );
    let (name, value) = url.query().unwrap().split_once('=').unwrap();
    assert_eq!(name, "@options");
    let alias: serde_json::Value = serde_json::from_str(&percent_decode(value)).unwrap();
    assert_eq!(alias, json!({"a": "b&c"}));
    assert_eq!(seen[0].body, br#"{"x":1}"#);
}
