//! The error type of the client, and Graph's error payload.

use std::fmt;

use serde::Deserialize;
use serde_json::Value;

/// How many characters of a response body [`Error`]'s `Display` shows.
const MAX_BODY_CHARS: usize = 200;

/// Everything that can go wrong while building, sending or reading a request.
#[non_exhaustive]
#[derive(Debug)]
pub enum Error {
    /// A non-2xx response whose body is Graph's
    /// `{"error": {"code": ..., "message": ..., "innerError": {...}}}`. Boxed, so
    /// that `Error` stays small (`e.code` etc. work through the box).
    Graph(Box<GraphError>),
    /// A non-2xx response with any other body, kept raw.
    Status {
        /// The HTTP status code.
        status: u16,
        /// The raw response body.
        body: Vec<u8>,
        /// The `request-id` response header, if any.
        request_id: Option<String>,
        /// The response headers (see [`GraphError::headers`]), boxed so that
        /// `Error` stays small.
        headers: Box<http::HeaderMap>,
    },
    /// A 2xx response whose body does not fit the expected type.
    Decode {
        /// The HTTP status code.
        status: u16,
        /// What the JSON decoder said.
        message: String,
        /// The raw response body.
        body: Vec<u8>,
    },
    /// The transport could not send the request or read the response.
    Transport(Box<dyn std::error::Error + Send + Sync>),
    /// The token provider could not give an access token.
    Auth(Box<dyn std::error::Error + Send + Sync>),
    /// The request (or an `@odata.nextLink`) points at another scheme, host or port
    /// than the client's base URL, so it was not sent: the access token only ever
    /// goes to the client's own origin.
    ForeignHost {
        /// The refused URL.
        url: String,
    },
    /// The request could not be built: a bad header, an unserializable body or
    /// parameter, a bad path segment, a bad base URL, or a missing setting.
    InvalidRequest(String),
}

/// The `{"error": {...}}` body of a failed Graph call, with the response's status
/// and tracing headers.
#[derive(Debug, Clone, PartialEq)]
pub struct GraphError {
    /// The HTTP status code.
    pub status: u16,
    /// Graph's error code, such as `BadRequest` or `Request_ResourceNotFound`.
    pub code: String,
    /// Graph's error message.
    pub message: String,
    /// `innerError.request-id`, else the `request-id` response header.
    pub request_id: Option<String>,
    /// `innerError.client-request-id`, else the `client-request-id` response header.
    pub client_request_id: Option<String>,
    /// `innerError.date`, else the `Date` response header.
    pub date: Option<String>,
    /// The whole `innerError` object, if present.
    pub inner_error: Option<Value>,
    /// The raw response body.
    pub body: Vec<u8>,
    /// The response headers, such as `WWW-Authenticate` (claims challenges),
    /// `Retry-After` and `Location`. `Authorization` and `Proxy-Authorization`
    /// are never kept (a response has no reason to carry them), and `Set-Cookie`
    /// and `Cookie` values are marked sensitive, so `Debug` hides them.
    pub headers: http::HeaderMap,
}

/// The envelope of Graph's error payload.
#[derive(Deserialize)]
struct Envelope {
    /// The error itself.
    error: Payload,
}

/// The `error` object of Graph's error payload.
#[derive(Deserialize)]
struct Payload {
    /// The error code.
    code: String,
    /// The error message (some services leave it out).
    #[serde(default)]
    message: Option<String>,
    /// Graph spells it `innerError`; the OData standard spells it `innererror`.
    #[serde(default, rename = "innerError", alias = "innererror")]
    inner_error: Option<Value>,
}

/// The value of the response header `name`, if present and valid text.
fn header(response: &http::Response<Vec<u8>>, name: &str) -> Option<String> {
    let value = response.headers().get(name)?.to_str().ok()?;
    Some(value.to_owned())
}

/// The headers of `response` as errors keep them: without `Authorization` and
/// `Proxy-Authorization`, and with cookie values marked sensitive.
fn kept_headers(response: &http::Response<Vec<u8>>) -> http::HeaderMap {
    let mut headers = response.headers().clone();
    headers.remove(http::header::AUTHORIZATION);
    headers.remove(http::header::PROXY_AUTHORIZATION);
    for name in [http::header::SET_COOKIE, http::header::COOKIE] {
        if let http::header::Entry::Occupied(mut entry) = headers.entry(name) {
            for value in entry.iter_mut() {
                value.set_sensitive(true);
            }
        }
    }
    headers
}

/// The string member `name` of the JSON object `inner`, if present.
fn inner_string(inner: Option<&Value>, name: &str) -> Option<String> {
    Some(inner?.get(name)?.as_str()?.to_owned())
}

impl Error {
    /// The error for a non-2xx `response`: [`Error::Graph`] when the body is
    /// Graph's error payload, [`Error::Status`] (body kept raw) otherwise.
    pub fn from_response(response: &http::Response<Vec<u8>>) -> Error {
        let status = response.status().as_u16();
        let body = response.body().clone();
        let headers = kept_headers(response);
        let Ok(Envelope { error }) = serde_json::from_slice::<Envelope>(&body) else {
            return Error::Status {
                status,
                body,
                request_id: header(response, "request-id"),
                headers: Box::new(headers),
            };
        };
        let inner = error.inner_error.as_ref();
        Error::Graph(Box::new(GraphError {
            status,
            code: error.code,
            message: error.message.unwrap_or_default(),
            request_id: inner_string(inner, "request-id")
                .or_else(|| header(response, "request-id")),
            client_request_id: inner_string(inner, "client-request-id")
                .or_else(|| header(response, "client-request-id")),
            date: inner_string(inner, "date").or_else(|| header(response, "date")),
            inner_error: error.inner_error,
            body,
            headers,
        }))
    }

    /// The headers of the non-2xx response behind this error ([`Error::Graph`]
    /// and [`Error::Status`]), such as `WWW-Authenticate`, `Retry-After` and
    /// `Location`.
    pub fn headers(&self) -> Option<&http::HeaderMap> {
        match self {
            Error::Graph(e) => Some(&e.headers),
            Error::Status { headers, .. } => Some(headers),
            _ => None,
        }
    }

    /// The HTTP status code of the response behind this error, if there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Graph(e) => Some(e.status),
            Error::Status { status, .. } | Error::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }
}

/// Writes at most [`MAX_BODY_CHARS`] characters of `body` (lossily decoded).
fn write_body(f: &mut fmt::Formatter<'_>, body: &[u8]) -> fmt::Result {
    let text = String::from_utf8_lossy(body);
    let shown: String = text.chars().take(MAX_BODY_CHARS).collect();
    f.write_str(shown.trim())?;
    if text.chars().nth(MAX_BODY_CHARS).is_some() {
        f.write_str("...")?;
    }
    Ok(())
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Graph(e) => fmt::Display::fmt(e, f),
            Error::Status {
                status,
                body,
                request_id,
                ..
            } => {
                write!(f, "HTTP {status}")?;
                if let Some(id) = request_id {
                    write!(f, " (request-id {id})")?;
                }
                if !body.is_empty() {
                    f.write_str(": ")?;
                    write_body(f, body)?;
                }
                Ok(())
            }
            Error::Decode {
                status, message, ..
            } => write!(f, "could not decode the HTTP {status} response: {message}"),
            Error::Transport(e) => write!(f, "transport error: {e}"),
            Error::Auth(e) => write!(f, "could not get an access token: {e}"),
            Error::ForeignHost { url } => write!(
                f,
                "refused to send a request to {url}: not the client's scheme, host and port"
            ),
            Error::InvalidRequest(message) => write!(f, "invalid request: {message}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Graph(e) => Some(&**e),
            Error::Transport(e) | Error::Auth(e) => Some(&**e),
            _ => None,
        }
    }
}

impl fmt::Display for GraphError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Graph error {} {}: {}",
            self.status, self.code, self.message
        )?;
        if let Some(id) = &self.request_id {
            write!(f, " (request-id {id})")?;
        }
        Ok(())
    }
}

impl std::error::Error for GraphError {}

impl From<GraphError> for Error {
    fn from(e: GraphError) -> Self {
        Error::Graph(Box::new(e))
    }
}
