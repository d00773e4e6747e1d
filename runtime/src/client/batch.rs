//! JSON batching (`POST /$batch`): many calls in few round trips.
//!
//! Add [`Request`]s to a [`Batch`]; each `add` gives a typed [`Ticket`]. `send`
//! posts them in chunks of at most [`Batch::MAX`] (Graph's limit), and each
//! ticket then parses its own answer with its request's decoder, so results
//! are as typed as with `Request::send`. Each chunk goes through
//! [`Client::execute`], so it gets the token, the origin check and the retry
//! policy; a throttled request *inside* a batch comes back as its own 429 error.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::{decode, Client, Error, Request};

/// One call of a batch, as Graph's JSON batch format writes it.
#[derive(Debug, Clone)]
struct Item {
    method: String,
    url: String,
    headers: Map<String, Value>,
    body: Option<Value>,
}

/// Calls to send together with `POST /$batch`.
#[derive(Debug)]
pub struct Batch {
    client: Client,
    items: Vec<Result<Item, Error>>,
}

/// The handle of one call in a [`Batch`]: give it to [`BatchResponses::get`]
/// to parse that call's answer as `T`.
pub struct Ticket<T> {
    index: usize,
    request: Request<T>,
}

impl<T> std::fmt::Debug for Ticket<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ticket")
            .field("index", &self.index)
            .finish()
    }
}

/// The answers of a sent [`Batch`], by call.
#[derive(Debug)]
pub struct BatchResponses {
    answers: Vec<Option<http::Response<Vec<u8>>>>,
    errors: BTreeMap<usize, String>,
}

impl Batch {
    /// Graph's limit on the number of calls in one `$batch` request.
    pub const MAX: usize = 20;

    /// An empty batch for `client`.
    pub fn new(client: &Client) -> Batch {
        Batch {
            client: client.clone(),
            items: Vec::new(),
        }
    }

    /// The number of calls added.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether no call was added.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Add `request`; its answer is read with the returned ticket. A request
    /// that cannot be batched (it does not build, it is for another client's
    /// origin, or its body is not JSON) fails alone, through its ticket.
    pub fn add<T>(&mut self, request: Request<T>) -> Ticket<T> {
        let item = self.item(&request);
        self.items.push(item);
        Ticket {
            index: self.items.len() - 1,
            request,
        }
    }

    fn item<T>(&self, request: &Request<T>) -> Result<Item, Error> {
        let built = request.to_http()?;
        let url = built.uri().to_string();
        let base = self.client.base_url();
        let relative = url
            .strip_prefix(base)
            .filter(|rest| rest.starts_with('/'))
            .ok_or_else(|| Error::ForeignHost { url: url.clone() })?
            .to_owned();
        let mut headers = Map::new();
        for (name, value) in built.headers() {
            if name == http::header::AUTHORIZATION || name == http::header::CONTENT_LENGTH {
                continue;
            }
            if let Ok(v) = value.to_str() {
                headers.insert(name.as_str().to_owned(), Value::from(v));
            }
        }
        let body = if built.body().is_empty() {
            None
        } else {
            Some(serde_json::from_slice(built.body()).map_err(|e| {
                Error::InvalidRequest(format!("only JSON bodies can be batched: {e}"))
            })?)
        };
        Ok(Item {
            method: built.method().as_str().to_owned(),
            url: relative,
            headers,
            body,
        })
    }

    /// The JSON bodies of the `$batch` POSTs this batch makes, one per chunk of
    /// at most [`MAX`](Self::MAX) calls (ids are the calls' indexes). Sans-IO.
    pub fn bodies(&self) -> Vec<Value> {
        let ready: Vec<(usize, &Item)> = self
            .items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| item.as_ref().ok().map(|item| (i, item)))
            .collect();
        ready
            .chunks(Self::MAX)
            .map(|chunk| {
                let requests: Vec<Value> = chunk
                    .iter()
                    .map(|(i, item)| {
                        let mut r = Map::new();
                        r.insert("id".into(), Value::from(i.to_string()));
                        r.insert("method".into(), Value::from(item.method.clone()));
                        r.insert("url".into(), Value::from(item.url.clone()));
                        if !item.headers.is_empty() {
                            r.insert("headers".into(), Value::Object(item.headers.clone()));
                        }
                        if let Some(body) = &item.body {
                            r.insert("body".into(), body.clone());
                        }
                        Value::Object(r)
                    })
                    .collect();
                serde_json::json!({ "requests": requests })
            })
            .collect()
    }

    /// Send the calls, [`MAX`](Self::MAX) per `$batch` POST, one POST after the other.
    pub async fn send(self) -> Result<BatchResponses, Error> {
        let mut answers: Vec<Option<http::Response<Vec<u8>>>> = vec![None; self.items.len()];
        let mut errors = BTreeMap::new();
        for (i, item) in self.items.iter().enumerate() {
            if let Err(e) = item {
                errors.insert(i, e.to_string());
            }
        }
        for body in self.bodies() {
            tracing::debug!(
                target: "msgraph",
                requests = body.get("requests").and_then(serde_json::Value::as_array).map_or(0, Vec::len),
                "sending a JSON batch"
            );
            let post = self
                .client
                .root()
                .dollar_batch()
                .request(http::Method::POST, decode::json::<Value>)
                .json(&body);
            let reply: Value = post.send().await?;
            let responses = reply
                .get("responses")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            for r in responses {
                let Some(index) = r
                    .get("id")
                    .and_then(Value::as_str)
                    .and_then(|id| id.parse::<usize>().ok())
                else {
                    continue;
                };
                if let Some(slot) = answers.get_mut(index) {
                    *slot = Some(answer(&r));
                }
            }
        }
        Ok(BatchResponses { answers, errors })
    }
}

/// One answer of a batch response as an `http::Response`.
fn answer(r: &Value) -> http::Response<Vec<u8>> {
    let status = r
        .get("status")
        .and_then(Value::as_u64)
        .and_then(|s| u16::try_from(s).ok())
        .and_then(|s| http::StatusCode::from_u16(s).ok())
        .unwrap_or(http::StatusCode::BAD_GATEWAY);
    let body = match r.get("body") {
        None | Some(Value::Null) => Vec::new(),
        Some(b) => serde_json::to_vec(b).unwrap_or_default(),
    };
    let mut response = http::Response::new(body);
    *response.status_mut() = status;
    if let Some(headers) = r.get("headers").and_then(Value::as_object) {
        for (name, value) in headers {
            if let (Ok(n), Some(Ok(v))) = (
                http::HeaderName::from_bytes(name.as_bytes()),
                value.as_str().map(http::HeaderValue::from_str),
            ) {
                response.headers_mut().insert(n, v);
            }
        }
    }
    response
}

impl BatchResponses {
    /// The typed answer of the call behind `ticket`: parsed like
    /// `Request::send` would (Graph errors become [`Error::Graph`]).
    pub fn get<T>(&self, ticket: &Ticket<T>) -> Result<T, Error> {
        if let Some(e) = self.errors.get(&ticket.index) {
            return Err(Error::InvalidRequest(e.clone()));
        }
        match self.answers.get(ticket.index).and_then(Option::as_ref) {
            Some(answer) => ticket.request.parse(answer.clone()),
            None => Err(Error::InvalidRequest(format!(
                "the batch response has no answer for call {}",
                ticket.index
            ))),
        }
    }
}
