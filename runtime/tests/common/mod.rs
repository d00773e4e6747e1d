//! Helpers shared by the client tests.

#![allow(dead_code)]

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use msgraph_runtime::{BoxFuture, Client, Error, StaticToken, Transport};

/// Decodes `%XX` escapes (upper or lower case hex) into bytes, then UTF-8.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

/// A transport that answers from a queue and records what it was given.
#[derive(Default)]
pub struct FakeTransport {
    /// Answers, in order; when empty, 200 `{}`.
    pub responses: Mutex<VecDeque<Result<http::Response<Vec<u8>>, Error>>>,
    /// Requests received.
    pub seen: Mutex<Vec<http::Request<Vec<u8>>>>,
    /// Sleeps asked for (they return at once).
    pub slept: Mutex<Vec<Duration>>,
}

impl FakeTransport {
    /// A shared fake answering `responses` in order.
    pub fn with(responses: Vec<http::Response<Vec<u8>>>) -> Arc<FakeTransport> {
        let fake = FakeTransport::default();
        *fake.responses.lock().unwrap() = responses.into_iter().map(Ok).collect();
        Arc::new(fake)
    }

    /// How many requests were sent.
    pub fn count(&self) -> usize {
        self.seen.lock().unwrap().len()
    }
}

impl Transport for FakeTransport {
    fn send(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> BoxFuture<'_, Result<http::Response<Vec<u8>>, Error>> {
        self.seen.lock().unwrap().push(request);
        let next = self.responses.lock().unwrap().pop_front();
        let answer = next.unwrap_or_else(|| Ok(response(200, "{}")));
        Box::pin(std::future::ready(answer))
    }

    fn sleep(&self, duration: Duration) -> BoxFuture<'_, ()> {
        self.slept.lock().unwrap().push(duration);
        Box::pin(std::future::ready(()))
    }
}

/// A response with `status` and `body`.
pub fn response(status: u16, body: &str) -> http::Response<Vec<u8>> {
    let mut r = http::Response::new(body.as_bytes().to_vec());
    *r.status_mut() = http::StatusCode::from_u16(status).unwrap();
    r
}

/// `response` with a header added.
pub fn with_header(
    mut r: http::Response<Vec<u8>>,
    name: &'static str,
    value: &str,
) -> http::Response<Vec<u8>> {
    r.headers_mut()
        .insert(name, http::HeaderValue::from_str(value).unwrap());
    r
}

/// A client for `https://graph.microsoft.com/beta` with token `SECRET-TOKEN` on
/// `transport`.
pub fn client_on(transport: Arc<FakeTransport>) -> Client {
    Client::builder()
        .token(StaticToken::new("SECRET-TOKEN"))
        .transport(transport)
        .build()
        .unwrap()
}

/// A client on a fake transport that answers 200 `{}`.
pub fn client() -> Client {
    client_on(Arc::new(FakeTransport::default()))
}

/// Counts calls.
#[derive(Clone, Default)]
pub struct Counter(pub Arc<AtomicUsize>);

impl Counter {
    /// Adds one.
    pub fn bump(&self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }

    /// The count.
    pub fn get(&self) -> usize {
        self.0.load(Ordering::SeqCst)
    }
}
