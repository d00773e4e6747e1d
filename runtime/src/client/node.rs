//! `Node`: a position in Graph's navigation graph.

use super::encode::{
    encode_key_predicate, encode_literal, encode_query_name, encode_query_value, encode_segment,
};
use super::{Client, Decode, Error, ListRequest, Param, Request};

/// A position in Graph's navigation graph: a client plus an already
/// percent-encoded path such as `/deviceManagement/managedDevices/abc`.
///
/// Nodes are built from [`Client::root`] with [`segment`](Self::segment),
/// [`key`](Self::key), [`cast`](Self::cast) and [`function`](Self::function),
/// which encode what they are given so that no name, key or parameter value can
/// change the path's structure. Mistakes (an empty or dot segment, an
/// unserializable parameter) are kept and reported when a request is built.
#[derive(Clone, Debug)]
pub struct Node {
    /// The client the node belongs to.
    client: Client,
    /// The encoded path: empty, or starting with `/`.
    path: String,
    /// Where the last segment starts, if it was added by [`cast`](Self::cast).
    cast_start: Option<usize>,
    /// Parameter aliases of the functions on the path: names (without `@`) and
    /// JSON texts.
    aliases: Vec<(String, String)>,
    /// Why no request can be built from this node, if that is so.
    error: Option<String>,
}

impl Node {
    /// The node at `path` (already percent-encoded; a leading `/` is added if
    /// missing). A path with a raw `?` or `#` is kept but cannot be requested.
    pub fn new(client: Client, path: impl Into<String>) -> Node {
        let mut path = path.into();
        if !path.is_empty() && !path.starts_with('/') {
            path.insert(0, '/');
        }
        let error = client.inner.invalid.clone().or_else(|| {
            path.contains(['?', '#'])
                .then(|| format!("the path {path:?} has a raw `?` or `#`"))
        });
        Node {
            client,
            path,
            cast_start: None,
            aliases: Vec::new(),
            error,
        }
    }

    /// The client.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// The encoded path, such as `/users/a%2Fb/manager`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Records `message` as the reason no request can be built, unless there
    /// already is one.
    fn fail(&mut self, message: String) {
        if self.error.is_none() {
            self.error = Some(message);
        }
    }

    /// This node with `/` and `text` (already encoded) appended.
    fn push(&self, text: &str) -> Node {
        let mut node = self.clone();
        node.path.push('/');
        node.path.push_str(text);
        node.cast_start = None;
        node
    }

    /// This node with the segment `raw` appended, encoded; `what` names it in
    /// errors.
    fn push_encoded(&self, what: &str, raw: &str) -> Node {
        let mut node = self.push(&encode_segment(raw));
        if matches!(raw, "" | "." | "..") {
            node.fail(format!(
                "{what} {raw:?} would be an empty or dot path segment"
            ));
        }
        node
    }

    /// The node one segment further: `/` and `name` (a CSDL name such as
    /// `managedDevices`), percent-encoded.
    pub fn segment(&self, name: &str) -> Node {
        self.push_encoded("the segment", name)
    }

    /// The entity with key `key`, in one of OData's two key forms.
    ///
    /// A plain key (see below) is appended as a path segment, Graph's documented
    /// form: `/users/a.b@contoso.com`, `/devices/0f7e...`. Any other key is
    /// appended to the collection segment, without a `/`, as a parenthesised
    /// string literal, percent-encoded between its quotes: `delta()` gives
    /// `/users('delta%28%29')`, `it's` gives `/users('it%27%27s')`. As a segment
    /// such a key could read as something else once the service decodes it: a
    /// function call (`delta()`), a cast (`microsoft.graph.group`), `$ref`, or a
    /// dot segment.
    ///
    /// A key is plain when it is non-empty, has only ASCII letters, digits and
    /// `- _ ~ . @`, does not start with `$`, `.` or `@`, and has no `.` unless it
    /// also has an `@` (so GUIDs, plain ids and user principal names are plain).
    ///
    /// The parenthesised form needs a collection before it: on the root node it
    /// cannot be requested.
    pub fn key(&self, key: &str) -> Node {
        if is_plain_key(key) {
            return self.push_encoded("the key", key);
        }
        let mut node = self.clone();
        if node.path.is_empty() {
            node.path.push('/');
            node.fail(format!(
                "the key {key:?} needs the parenthesised form, which needs a collection before it"
            ));
        }
        node.path.push_str(&encode_key_predicate(key));
        node.cast_start = None;
        node
    }

    /// The node cast to `qualified_type` (such as `microsoft.graph.user`): `/` and
    /// the name appended, or, if the last segment is already a cast added by this
    /// method, replaced, so `a.cast(x).cast(y)` is `a.cast(y)`.
    pub fn cast(&self, qualified_type: &str) -> Node {
        let mut base = self.clone();
        if let Some(start) = base.cast_start.take() {
            base.path.truncate(start);
        }
        let start = base.path.len();
        let mut node = base.push_encoded("the type", qualified_type);
        node.cast_start = Some(start);
        node
    }

    /// The `$value` segment (the raw value of a media entity or property).
    pub fn dollar_value(&self) -> Node {
        self.push("$value")
    }

    /// The `$count` segment (the number of members of a collection).
    pub fn dollar_count(&self) -> Node {
        self.push("$count")
    }

    /// The `$ref` segment (an entity reference).
    pub fn dollar_ref(&self) -> Node {
        self.push("$ref")
    }

    /// The `$batch` segment (JSON batching; see [`Batch`](crate::Batch)).
    pub fn dollar_batch(&self) -> Node {
        self.push("$batch")
    }

    /// The call of function `name` with `params`: `/name(p1=lit1,p2=@p2)`.
    ///
    /// Literals are percent-encoded with [`encode_literal`](crate::encode_literal).
    /// [`Param::Json`] values become aliases named after their parameter whose JSON
    /// goes in the query string (`?@p2=<encoded JSON>`) of every request made from
    /// this node or below it; when an alias of that name is already on the path,
    /// the new one is named `p2_2`, `p2_3`, ... instead.
    pub fn function(&self, name: &str, params: Vec<(&'static str, Param)>) -> Node {
        let mut node = self.clone();
        let mut call = encode_segment(name);
        if name.is_empty() {
            node.fail("a function name is empty".to_owned());
        }
        call.push('(');
        for (i, (param, value)) in params.into_iter().enumerate() {
            if i > 0 {
                call.push(',');
            }
            call.push_str(&encode_segment(param));
            call.push('=');
            match value {
                Param::Literal(text) => call.push_str(&encode_literal(&text)),
                Param::Json(json) => {
                    let alias = node.new_alias(param);
                    call.push('@');
                    call.push_str(&encode_segment(&alias));
                    node.aliases.push((alias, json.to_string()));
                }
                Param::Invalid(message) => node.fail(message),
            }
        }
        call.push(')');
        node.push(&call)
    }

    /// An alias name for parameter `param` not yet used on this path.
    fn new_alias(&self, param: &str) -> String {
        let taken = |name: &str| self.aliases.iter().any(|(n, _)| n == name);
        let mut alias = param.to_owned();
        let mut n = 2u32;
        while taken(&alias) {
            alias = format!("{param}_{n}");
            n = n.saturating_add(1);
        }
        alias
    }

    /// A request with `method` on this node, whose 2xx response `decode` reads
    /// (see [`decode`](crate::decode) for the usual decoders).
    pub fn request<T>(&self, method: http::Method, decode: Decode<T>) -> Request<T> {
        Request::new(self.clone(), method, decode)
    }

    /// A GET of the collection at this node, read page by page as `T` items.
    pub fn list<T: serde::de::DeserializeOwned>(&self) -> ListRequest<T> {
        ListRequest::new(self.clone())
    }

    /// The reason no request can be built from this node, if any.
    pub(crate) fn check(&self) -> Result<(), Error> {
        match &self.error {
            Some(message) => Err(Error::InvalidRequest(message.clone())),
            None => Ok(()),
        }
    }

    /// The encoded query pairs of the parameter aliases: `@name` and the JSON.
    pub(crate) fn alias_pairs(&self) -> impl Iterator<Item = (String, String)> + '_ {
        self.aliases.iter().map(|(name, json)| {
            (
                encode_query_name(&format!("@{name}")),
                encode_query_value(json),
            )
        })
    }
}

/// Whether `key` can be a path segment of its own without reading as anything
/// but a key (see [`Node::key`]).
fn is_plain_key(key: &str) -> bool {
    let allowed = key
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'~' | b'.' | b'@'));
    allowed
        && !key.is_empty()
        && !key.starts_with(['$', '.', '@'])
        && (!key.contains('.') || key.contains('@'))
}

#[cfg(test)]
mod tests {
    use super::is_plain_key;

    #[test]
    fn plain_keys() {
        for key in [
            "1",
            "u1",
            "0f7e6b2a-8c1d-4e5f-9a0b-1c2d3e4f5a6b",
            "a.b@contoso.com",
            "first_last@contoso.onmicrosoft.com",
            "a~b-c_d",
            "delta",
        ] {
            assert!(is_plain_key(key), "{key}");
        }
        for key in [
            "",
            ".",
            "..",
            "...",
            ".a@b",
            "$ref",
            "$value",
            "@alias",
            "delta()",
            "microsoft.graph.group",
            "a.b",
            "a b",
            "a/b",
            "it's",
            "a,b",
            "é",
            "a%20b",
            "a=b",
        ] {
            assert!(!is_plain_key(key), "{key}");
        }
    }
}
