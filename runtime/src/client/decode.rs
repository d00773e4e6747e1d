//! Decoders of 2xx responses, passed as [`Decode<T>`] to
//! [`Node::request`](crate::Node::request).
//!
//! Each reads the body of a successful response; non-2xx responses never reach
//! them ([`Request::parse`](crate::Request::parse) turns those into errors
//! first). Decoding failures are [`Error::Decode`], with the raw body kept.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

use super::Error;

/// A function that turns a 2xx response into the result of a call.
pub type Decode<T> = fn(&http::Response<Vec<u8>>) -> Result<T, Error>;

/// Ignores the body of any 2xx response.
pub fn unit(_response: &http::Response<Vec<u8>>) -> Result<(), Error> {
    Ok(())
}

/// The raw body, as for `$value` media streams.
pub fn bytes(response: &http::Response<Vec<u8>>) -> Result<Vec<u8>, Error> {
    Ok(response.body().clone())
}

/// A `$count` answer: the number as plain text.
pub fn count(response: &http::Response<Vec<u8>>) -> Result<i64, Error> {
    let body = response.body();
    std::str::from_utf8(body)
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .ok_or_else(|| Error::Decode {
            status: response.status().as_u16(),
            message: "a `$count` body is a decimal number".to_owned(),
            body: body.clone(),
        })
}

/// The whole body as JSON of type `T`.
///
/// An empty body (as in a 204 response) is read as `null`, which an `Option<T>`
/// accepts as `None`.
pub fn json<T: DeserializeOwned>(response: &http::Response<Vec<u8>>) -> Result<T, Error> {
    from_json(response, body_text(response)?)
}

/// The whole body as a generated type (or another [`Value`](crate::object::Value)),
/// read straight from the JSON text: the client's fast path, with the same
/// results as [`json`].
pub fn model<T: crate::object::Value>(response: &http::Response<Vec<u8>>) -> Result<T, Error> {
    let body = response.body();
    crate::object::json::from_slice(body).map_err(|e| model_error(response, &e))
}

/// An [`Error::Decode`] for a failure of the fast path, with its line and column.
pub(crate) fn model_error(
    response: &http::Response<Vec<u8>>,
    e: &crate::object::json::JsonError,
) -> Error {
    let (line, col) = crate::object::json::line_col(response.body(), e.index);
    decode_error(
        response,
        format!("{} at line {line} column {col}", e.message),
    )
}

/// The result of an action or function: the `value` member of the body when the
/// body is an object whose only members are `value` and `@`-annotations (such as
/// `@odata.context`), as Graph wraps even single complex results
/// (`{"value": {...}}`); otherwise the whole body.
///
/// An empty body is read as `null`, as for [`json`].
///
/// # Limitation: a complex type whose only member is `value`
///
/// The unwrapping is decided from the body alone, not from `T`. So when the
/// result is a complex type whose only property (besides annotations) is named
/// `value`, its own object `{"value": 5}` is taken for the wrapper and `5` is
/// decoded as `T`, which fails or, if `T` accepts it, gives the wrong value.
/// Use [`json`] for such a type (and, if the service wraps it, a
/// `{"value": T}` struct around it):
///
/// ```
/// use msgraph_runtime::decode;
///
/// #[derive(serde::Deserialize, Debug, PartialEq)]
/// struct OnlyValue {
///     value: i32,
/// }
///
/// let response = http::Response::new(br#"{"value": 5}"#.to_vec());
/// // Unwrapped: `5` is not an `OnlyValue`.
/// assert!(decode::value::<OnlyValue>(&response).is_err());
/// assert_eq!(decode::value::<i32>(&response).ok(), Some(5));
/// // `json` reads the body as it is.
/// assert_eq!(decode::json::<OnlyValue>(&response).ok(), Some(OnlyValue { value: 5 }));
/// ```
pub fn value<T: DeserializeOwned>(response: &http::Response<Vec<u8>>) -> Result<T, Error> {
    let text = body_text(response)?;
    if let Ok(members) = serde_json::from_str::<BTreeMap<String, &RawValue>>(text) {
        let only_value = members
            .keys()
            .all(|name| name == "value" || name.starts_with('@'));
        if let (true, Some(inner)) = (only_value, members.get("value")) {
            return from_json(response, inner.get());
        }
    }
    from_json(response, text)
}

/// The body as text, `"null"` if it is empty or only white space.
fn body_text(response: &http::Response<Vec<u8>>) -> Result<&str, Error> {
    let text = std::str::from_utf8(response.body())
        .map_err(|e| decode_error(response, format!("the body is not UTF-8: {e}")))?;
    if text.trim().is_empty() {
        Ok("null")
    } else {
        Ok(text)
    }
}

/// `text` deserialized as `T`.
fn from_json<T: DeserializeOwned>(
    response: &http::Response<Vec<u8>>,
    text: &str,
) -> Result<T, Error> {
    serde_json::from_str(text).map_err(|e| decode_error(response, e.to_string()))
}

/// An [`Error::Decode`] for `response`.
fn decode_error(response: &http::Response<Vec<u8>>, message: String) -> Error {
    Error::Decode {
        status: response.status().as_u16(),
        message,
        body: response.body().clone(),
    }
}
