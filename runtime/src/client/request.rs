//! `Request<T>`: one call, ready to build (sans-IO) or send.

use std::fmt;

use http::header::{HeaderName, HeaderValue, ACCEPT, CONTENT_TYPE};

use super::query::Query;
use super::{Decode, Error, Node};

/// The `Prefer` value always sent, so that enum members added after the
/// generated code was made come back by name (the generated enums keep them).
const PREFER_UNKNOWN_ENUMS: &str = "include-unknown-enum-members";

/// Header names whose values `Debug` hides.
const SENSITIVE_HEADERS: [&str; 4] = [
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
];

/// One call, ready to build without I/O ([`to_http`](Self::to_http)) and read
/// ([`parse`](Self::parse)), or to [`send`](Self::send).
///
/// Builder mistakes (an invalid header, an unserializable body) are kept and
/// reported by `to_http` and `send`. A request never holds an access token.
pub struct Request<T> {
    /// Where the request goes.
    node: Node,
    /// The HTTP method.
    method: http::Method,
    /// Reads a 2xx response.
    decode: Decode<T>,
    /// Query options.
    query: Query,
    /// User headers, in the order set.
    headers: Vec<(HeaderName, HeaderValue)>,
    /// The body and its content type.
    body: Option<(Vec<u8>, HeaderValue)>,
    /// The first builder mistake, if any.
    error: Option<String>,
    /// A link to request instead of the node's path (see
    /// [`ListRequest::from_link`](crate::ListRequest::from_link)).
    link: Option<String>,
    /// The entity type and property names `$select`, `$expand` and `$orderby`
    /// are checked against (see [`known`](Self::known)).
    known: Option<(&'static str, &'static [&'static str])>,
}

impl<T> Clone for Request<T> {
    fn clone(&self) -> Self {
        Request {
            node: self.node.clone(),
            method: self.method.clone(),
            decode: self.decode,
            query: self.query.clone(),
            headers: self.headers.clone(),
            body: self.body.clone(),
            error: self.error.clone(),
            link: self.link.clone(),
            known: self.known,
        }
    }
}

impl<T> fmt::Debug for Request<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(name, value)| {
                let shown = if SENSITIVE_HEADERS.contains(&name.as_str()) {
                    "<redacted>"
                } else {
                    value.to_str().unwrap_or("<binary>")
                };
                (name.as_str(), shown)
            })
            .collect();
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("path", &self.node.path())
            .field("link", &self.link)
            .field("query", &self.query)
            .field("headers", &headers)
            .field("body_len", &self.body.as_ref().map(|(b, _)| b.len()))
            .field("error", &self.error)
            .finish_non_exhaustive()
    }
}

impl<T> Request<T> {
    /// A request with `method` on `node`, read by `decode`.
    pub(crate) fn new(node: Node, method: http::Method, decode: Decode<T>) -> Self {
        Request {
            node,
            method,
            decode,
            query: Query::default(),
            headers: Vec::new(),
            body: None,
            error: None,
            link: None,
            known: None,
        }
    }

    /// A GET of the stored link `link` (absolute, or an absolute path) on
    /// `client`, read by `decode`; its node is the client's root.
    pub(crate) fn for_link(client: &super::Client, link: &str, decode: Decode<T>) -> Self {
        let mut request = Request::new(client.root(), http::Method::GET, decode);
        request.link = Some(link.to_owned());
        request
    }

    /// The node the request goes to (the client's root for a request of a stored
    /// link).
    pub fn node(&self) -> &Node {
        &self.node
    }

    /// The HTTP method.
    pub fn method(&self) -> &http::Method {
        &self.method
    }

    /// Records `message` as a builder mistake, unless there already is one.
    fn fail(&mut self, message: String) {
        if self.error.is_none() {
            self.error = Some(message);
        }
    }

    /// `body` serialized as JSON, with `Content-Type: application/json`.
    pub fn json<B: serde::Serialize + ?Sized>(mut self, body: &B) -> Self {
        match serde_json::to_vec(body) {
            Ok(bytes) => {
                self.body = Some((bytes, HeaderValue::from_static("application/json")));
            }
            Err(e) => self.fail(format!("the body could not be serialized: {e}")),
        }
        self
    }

    /// `bytes` as the body, with `content_type` as its `Content-Type`.
    pub fn body(mut self, bytes: Vec<u8>, content_type: &str) -> Self {
        match HeaderValue::from_str(content_type) {
            Ok(value) => self.body = Some((bytes, value)),
            Err(_) => self.fail(format!("invalid Content-Type {content_type:?}")),
        }
        self
    }

    /// A request header. It replaces a header of the same name set before or by
    /// default (`Accept`, `ConsistencyLevel`, `Content-Type`), except `Prefer`,
    /// which is added beside the default one. `Authorization` is always replaced
    /// when the request is sent. An invalid name or value is reported later (the
    /// value itself is not shown).
    pub fn header(mut self, name: &str, value: &str) -> Self {
        match (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            (Ok(name), Ok(value)) => self.headers.push((name, value)),
            (Err(_), _) => self.fail(format!("invalid header name {name:?}")),
            (_, Err(_)) => self.fail(format!("invalid value for header {name:?}")),
        }
        self
    }

    /// A raw OData query option, such as `("$filter", "id eq '1'")`: name and
    /// value are percent-encoded as query components. Setting an option again
    /// replaces it.
    pub fn query(mut self, name: &str, value: &str) -> Self {
        self.query.set(name, value);
        self
    }

    /// `$select=a,b`: each field is encoded, joined by literal commas.
    pub fn select<I, S>(mut self, fields: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let items = self.checked("$select", fields);
        self.query.set_list("$select", items);
        self
    }

    /// `$expand=a,b`: each item is encoded, joined by literal commas.
    pub fn expand<I, S>(mut self, fields: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let items = self.checked("$expand", fields);
        self.query.set_list("$expand", items);
        self
    }

    /// Check `$select`, `$expand` and `$orderby` against the properties of the
    /// reference type `R` (generated code calls this): an unqualified name that
    /// is not a property makes the request fail to build, before anything is
    /// sent. Qualified names (`microsoft.graph.x/prop`), `*` and annotations
    /// (`@odata.x`) are not checked. Names compare case-insensitively, as Graph's do.
    pub fn known<R: super::Reference>(mut self) -> Self {
        self.known = Some((R::TYPE, R::PROPERTIES));
        self
    }

    /// `items` as strings, with the first unknown property (if the type is
    /// known) recorded as this request's error.
    pub(crate) fn checked<I, S>(&mut self, option: &str, items: I) -> Vec<String>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let items: Vec<String> = items.into_iter().map(|s| s.as_ref().to_owned()).collect();
        if let Some((type_name, names)) = self.known {
            for item in &items {
                let head = item
                    .trim()
                    .split(['/', ' ', '(', ';'])
                    .next()
                    .unwrap_or_default();
                let free =
                    head.is_empty() || head == "*" || head.contains('.') || head.starts_with('@');
                if !free
                    && !names.iter().any(|n| n.eq_ignore_ascii_case(head))
                    && self.error.is_none()
                {
                    self.error = Some(format!(
                        "`{option}` names `{head}`, which is not a property of `{type_name}`"
                    ));
                }
            }
        }
        items
    }

    /// The query options, for [`ListRequest`](crate::ListRequest).
    pub(crate) fn query_mut(&mut self) -> &mut Query {
        &mut self.query
    }

    /// The request as a plain `http::Request`, without any I/O.
    ///
    /// The URL is the client's base URL, the node's path and the query (parameter
    /// aliases first, then the options in the order set). Headers:
    /// `Accept: application/json`, `Prefer: include-unknown-enum-members`,
    /// `ConsistencyLevel: eventual` when `$search` or `$count` is in the query or
    /// the path ends with `/$count`, `Content-Type` when there is a body, then the
    /// user's headers. There is no `Authorization`:
    /// [`Client::execute`](crate::Client::execute) adds it.
    ///
    /// A request of a stored link has the link's URL instead (with any query
    /// options appended), or fails with [`Error::ForeignHost`] if the link is not
    /// on the client's origin.
    pub fn to_http(&self) -> Result<http::Request<Vec<u8>>, Error> {
        self.node.check()?;
        if let Some(message) = &self.error {
            return Err(Error::InvalidRequest(message.clone()));
        }
        let mut url = match &self.link {
            Some(link) => self.node.client().resolve_link(link)?.to_string(),
            None => format!("{}{}", self.node.client().base_url(), self.node.path()),
        };
        let mut separator = if url.contains('?') { '&' } else { '?' };
        let aliases = self.node.alias_pairs();
        let options = self
            .query
            .pairs()
            .map(|(n, v)| (n.to_owned(), v.to_owned()));
        for (name, value) in aliases.chain(options) {
            url.push(separator);
            separator = '&';
            url.push_str(&name);
            url.push('=');
            url.push_str(&value);
        }
        let uri: http::Uri = url
            .parse()
            .map_err(|e| Error::InvalidRequest(format!("the URL {url:?} is not valid: {e}")))?;

        let mut request = http::Request::new(Vec::new());
        *request.method_mut() = self.method.clone();
        *request.uri_mut() = uri;
        let headers = request.headers_mut();
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        headers.insert("prefer", HeaderValue::from_static(PREFER_UNKNOWN_ENUMS));
        let counting = self.node.path().ends_with("/$count");
        if counting || self.query.contains("$search") || self.query.contains("$count") {
            headers.insert("consistencylevel", HeaderValue::from_static("eventual"));
        }
        if let Some((body, content_type)) = &self.body {
            headers.insert(CONTENT_TYPE, content_type.clone());
            *request.body_mut() = body.clone();
        }
        let headers = request.headers_mut();
        for (name, value) in &self.headers {
            if name.as_str() == "prefer" {
                headers.append(name.clone(), value.clone());
            } else {
                headers.insert(name.clone(), value.clone());
            }
        }
        Ok(request)
    }

    /// The result of the call from its response: [`Error::from_response`] for a
    /// non-2xx status, else the decoder's reading of the body.
    pub fn parse(&self, response: http::Response<Vec<u8>>) -> Result<T, Error> {
        parse_with(self.decode, &response)
    }

    /// The decoder.
    pub(crate) fn decoder(&self) -> Decode<T> {
        self.decode
    }

    /// Builds the request, sends it with [`Client::execute`](crate::Client::execute)
    /// (which adds the token and retries) and parses the response.
    pub async fn send(self) -> Result<T, Error> {
        let request = self.to_http()?;
        let response = self.node.client().execute(request).await?;
        self.parse(response)
    }
}

/// `response` read by `decode` if its status is 2xx, else its error.
pub(crate) fn parse_with<T>(
    decode: Decode<T>,
    response: &http::Response<Vec<u8>>,
) -> Result<T, Error> {
    if response.status().is_success() {
        decode(response)
    } else {
        Err(Error::from_response(response))
    }
}
