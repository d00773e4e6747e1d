//! Hand-written runtime support for the generated Microsoft Graph beta crate.
//!
//! It provides the OData primitive types whose JSON form needs more care than a plain
//! Rust type gives: exact-text dates and times, 64-bit integers and decimals that may
//! arrive as strings, floating-point values that may be `"NaN"` or `"INF"`, base64
//! binaries, GeoJSON values, and the three-state [`Nullable`] used by PATCH bodies.
//! It also holds the helpers generated enums, flags enums and polymorphic
//! deserializers delegate to.
//!
//! Every type here parses untrusted input without panicking: invalid input is an
//! error, never a crash.
//!
//! The HTTP client core lives here too: a [`Client`] with a base URL, a
//! [`TokenProvider`], a [`Transport`] ([`ReqwestTransport`] with the default
//! `reqwest` feature) and a [`RetryPolicy`]; [`Node`]s that build percent-encoded
//! paths; [`Request`]s and [`ListRequest`]s that build plain `http::Request`s
//! without I/O or send them; and the [`decode`] helpers that read responses.
//! The access token is only ever sent to the base URL's scheme, host and port.
//!
//! ```no_run
//! # #[cfg(feature = "reqwest")]
//! # async fn demo() -> Result<(), msgraph_runtime::Error> {
//! use msgraph_runtime::{decode, http, Client, Param, StaticToken};
//!
//! let client = Client::new(StaticToken::new("<access token>"));
//! let devices = client.root().segment("deviceManagement").segment("managedDevices");
//!
//! // Built without I/O: the URL and headers, but no `Authorization`.
//! let get = devices.key("a/b").request(http::Method::GET, decode::json::<serde_json::Value>);
//! assert_eq!(
//!     get.to_http()?.uri(),
//!     "https://graph.microsoft.com/beta/deviceManagement/managedDevices('a%2Fb')"
//! );
//!
//! // Sent: the token is added, throttling is retried, pages are followed.
//! let all: Vec<serde_json::Value> = devices.list().select(["id"]).collect_all().await?;
//! let report = devices
//!     .function("summarize", vec![("name", Param::string("it's"))])
//!     .request(http::Method::GET, decode::value::<serde_json::Value>)
//!     .send()
//!     .await?;
//! # let _ = (all, report);
//! # Ok(())
//! # }
//! ```

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod binary;
mod client;
mod datetime;
mod decimal;
mod double;
mod duration;
pub mod enums;
mod error;
mod flags;
mod geo;
mod guid;
mod int64;
mod nullable;
pub mod object;
pub mod odata;
mod operation;
mod scan;
mod wire;

pub use binary::Binary;
pub use client::decode;
#[cfg(feature = "azure")]
pub use client::AzureCredential;
#[cfg(feature = "reqwest")]
pub use client::ReqwestTransport;
pub use client::{
    encode_literal, encode_segment, AccessToken, Batch, BatchResponses, BoxFuture, Client,
    ClientBuilder, Decode, Derives, Error, GraphError, Items, ListRequest, Model, Node, Page,
    Pages, Param, Position, Property, Reference, Request, RetryPolicy, StaticToken, Ticket,
    TokenFn, TokenProvider, Transport,
};
pub use datetime::{Date, DateTimeOffset, TimeOfDay};
pub use decimal::Decimal;
pub use double::{Double, Single};
pub use duration::Duration;
pub use enums::StringEnum;
pub use error::ParseError;
pub use flags::Flags;
pub use geo::Geo;
pub use guid::Guid;
pub use int64::Int64;
pub use nullable::Nullable;
pub use odata::odata_type;
pub use operation::{OperationInfo, OperationKind, PageInfo, Permissions};

/// The `http` crate whose types requests and responses use, for generated code
/// and callers to name (`msgraph_runtime::http::Method::GET`).
pub use http;
/// The `serde` crate this runtime is built on, for generated code to name.
pub use serde;
/// The `serde_json` crate this runtime is built on, for generated code to name.
pub use serde_json;
