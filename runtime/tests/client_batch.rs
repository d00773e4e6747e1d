//! JSON batching: chunks of at most 20, the calls as Graph's batch format
//! writes them, and typed answers (including a Graph error inside a batch),
//! through reqwest to a local wiremock server.

#![cfg(feature = "reqwest")]

use msgraph_runtime::{decode, Batch, Client, Error, StaticToken};
use serde_json::{json, Value};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request as Seen, Respond, ResponseTemplate};

const TOKEN: &str = "batch-token";

/// Answers each call of a batch: `/users/{id}` gives `{"id": id}`, except
/// `/users/missing`, which gives Graph's 404 error.
struct Echo;

impl Respond for Echo {
    fn respond(&self, request: &Seen) -> ResponseTemplate {
        let body: Value = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
        let calls = body["requests"].as_array().cloned().unwrap_or_default();
        let responses: Vec<Value> = calls
            .iter()
            .map(|c| {
                let url = c["url"].as_str().unwrap_or_default();
                let id = url.rsplit('/').next().unwrap_or_default();
                if id == "missing" {
                    json!({"id": c["id"], "status": 404,
                           "body": {"error": {"code": "Request_ResourceNotFound", "message": "gone"}}})
                } else {
                    json!({"id": c["id"], "status": 200, "headers": {"content-type": "application/json"},
                           "body": {"id": id, "method": c["method"], "sent": c.get("body")}})
                }
            })
            .collect();
        ResponseTemplate::new(200).set_body_json(json!({ "responses": responses }))
    }
}

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(format!("{}/beta", server.uri()))
        .token(StaticToken::new(TOKEN))
        .build()
        .expect("client")
}

#[test]
fn bodies_are_chunks_of_twenty_in_graph_s_format() {
    let client = Client::builder()
        .base_url("https://graph.microsoft.com/beta")
        .token(StaticToken::new(TOKEN))
        .build()
        .expect("client");
    let mut batch = Batch::new(&client);
    for i in 0..45 {
        batch.add(
            client
                .root()
                .segment("users")
                .key(&format!("u{i}"))
                .request(http::Method::GET, decode::json::<Value>),
        );
    }
    batch.add(
        client
            .root()
            .segment("users")
            .key("u0")
            .request(http::Method::PATCH, decode::unit)
            .json(&json!({"city": "Oslo"})),
    );
    let bodies = batch.bodies();
    let sizes: Vec<usize> = bodies
        .iter()
        .map(|b| b["requests"].as_array().map_or(0, Vec::len))
        .collect();
    assert_eq!(sizes, [20, 20, 6]);
    let first = &bodies[0]["requests"][0];
    assert_eq!(first["id"], "0");
    assert_eq!(first["method"], "GET");
    assert_eq!(first["url"], "/users/u0");
    assert!(
        first["headers"].get("authorization").is_none(),
        "no token inside the batch"
    );
    let patch = &bodies[2]["requests"][5];
    assert_eq!(patch["method"], "PATCH");
    assert_eq!(patch["body"], json!({"city": "Oslo"}));
    assert_eq!(patch["headers"]["content-type"], "application/json");
}

#[tokio::test]
async fn a_batch_of_25_is_two_posts_and_each_answer_is_typed() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/beta/$batch"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(Echo)
        .expect(2)
        .mount(&server)
        .await;
    let client = client(&server);
    let mut batch = client.batch();
    let tickets: Vec<_> = (0..24)
        .map(|i| {
            batch.add(
                client
                    .root()
                    .segment("users")
                    .key(&format!("u{i}"))
                    .request(http::Method::GET, decode::json::<Value>),
            )
        })
        .collect();
    let missing = batch.add(
        client
            .root()
            .segment("users")
            .key("missing")
            .request(http::Method::GET, decode::json::<Value>),
    );
    let answers = batch.send().await.expect("batch sent");
    for (i, t) in tickets.iter().enumerate() {
        let v = answers.get(t).expect("an answer");
        assert_eq!(v["id"], format!("u{i}"));
    }
    match answers.get(&missing) {
        Err(Error::Graph(e)) => {
            assert_eq!(e.status, 404);
            assert_eq!(e.code, "Request_ResourceNotFound");
        }
        other => panic!("expected a Graph error, got {other:?}"),
    }
    server.verify().await;
}
