//! The HTTP client core: a [`Client`] holding a base URL, a [`TokenProvider`], a
//! [`Transport`] and a [`RetryPolicy`]; [`Node`]s that build percent-encoded
//! paths from it; and [`Request`]s and [`ListRequest`]s that can be turned into
//! plain `http::Request`s without any I/O ([`Request::to_http`]) or sent.
//!
//! The access token is added by [`Client::execute`] only, and only to requests for
//! the client's own scheme, host and port: requests, nodes and pages never hold it.

mod auth;
#[cfg(feature = "azure")]
mod azure;
mod batch;
mod builder;
mod cast;
pub mod decode;
mod encode;
mod error;
mod list;
mod node;
mod origin;
mod param;
mod query;
mod request;
#[cfg(feature = "reqwest")]
mod reqwest;
mod retry;
mod shortcuts;
mod transport;

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant};

use http::header::{HeaderValue, AUTHORIZATION};

#[cfg(feature = "reqwest")]
pub use self::reqwest::ReqwestTransport;
pub use auth::{AccessToken, StaticToken, TokenFn, TokenProvider};
#[cfg(feature = "azure")]
pub use azure::AzureCredential;
pub use batch::{Batch, BatchResponses, Ticket};
pub use builder::ClientBuilder;
pub use cast::{Derives, Model, Position, Reference};
pub use decode::Decode;
pub use encode::{encode_literal, encode_segment};
pub use error::{Error, GraphError};
pub use list::{Items, ListRequest, Page, Pages};
pub use node::Node;
pub use param::Param;
pub use request::Request;
pub use retry::RetryPolicy;
pub use shortcuts::Property;
pub use transport::Transport;

use origin::Origin;

/// Boxed future used by the object-safe traits.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A Microsoft Graph client: cheap to clone (all clones share one configuration).
///
/// `Debug` shows the base URL only, never anything of the token.
#[derive(Clone)]
pub struct Client {
    /// The shared configuration.
    inner: Arc<Inner>,
}

/// What every clone of a [`Client`] shares.
struct Inner {
    /// The base URL, without a trailing slash.
    base_url: String,
    /// The origin of `base_url`: the only one the token is sent to.
    origin: Origin,
    /// Gives the access token for every attempt.
    token: Box<dyn TokenProvider>,
    /// Sends requests and sleeps.
    transport: Box<dyn Transport>,
    /// When to retry.
    retry: RetryPolicy,
    /// Why no request can be built (a client of [`Client::new_at`] with a
    /// base URL that [`ClientBuilder::build`] would refuse).
    invalid: Option<String>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// The base URL used when none is given: Graph beta.
    pub const DEFAULT_BASE_URL: &'static str = "https://graph.microsoft.com/beta";

    /// A client for Graph beta (`https://graph.microsoft.com/beta`) that sends
    /// through a default [`ReqwestTransport`] and retries with the default
    /// [`RetryPolicy`].
    #[cfg(feature = "reqwest")]
    pub fn new(token: impl TokenProvider + 'static) -> Client {
        Client {
            inner: Arc::new(Inner {
                base_url: Client::DEFAULT_BASE_URL.to_owned(),
                origin: Origin::graph(),
                token: Box::new(token),
                transport: Box::new(ReqwestTransport::new()),
                retry: RetryPolicy::default(),
                invalid: None,
            }),
        }
    }

    /// A client for `base_url` (a national cloud's Graph, such as
    /// `https://graph.microsoft.us/beta`) that sends through a default
    /// [`ReqwestTransport`] and retries with the default [`RetryPolicy`]: what
    /// a generated crate's `Client::new` calls when its CSDL is not global
    /// Graph's. A base URL that [`ClientBuilder::build`] would refuse gives a
    /// client whose every request fails with [`Error::InvalidRequest`] saying
    /// why (generated crates pass one the generator has checked); use the
    /// builder to get that error up front.
    #[cfg(feature = "reqwest")]
    pub fn new_at(base_url: &str, token: impl TokenProvider + 'static) -> Client {
        let base_url = base_url.trim_end_matches('/').to_owned();
        let (origin, invalid) = match builder::check_secure_base_url(&base_url, false) {
            Ok(origin) => (origin, None),
            // An origin that matches no URL's: the token goes nowhere.
            Err(e) => (Origin::none(), Some(e.to_string())),
        };
        Client {
            inner: Arc::new(Inner {
                base_url,
                origin,
                token: Box::new(token),
                transport: Box::new(ReqwestTransport::new()),
                retry: RetryPolicy::default(),
                invalid,
            }),
        }
    }

    /// A client for purely sans-IO use, at `base_url`: it builds
    /// `http::Request`s (`to_http()`) and reads `http::Response`s (`parse()`),
    /// and has no transport and no token provider, so there is nothing to
    /// invent for them. `send()` through it fails with
    /// [`Error::InvalidRequest`]; the request you send yourself needs your
    /// own `Authorization` header. The base URL is checked as
    /// [`ClientBuilder::base_url`] says.
    pub fn sans_io(base_url: &str) -> Result<Client, Error> {
        Client::builder()
            .base_url(base_url)
            .token(NoToken)
            .transport(NoTransport)
            .build()
    }

    /// A builder for a client with another base URL, transport or retry policy.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL, without a trailing slash, such as
    /// `https://graph.microsoft.com/beta`.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The retry policy.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// The node with the empty path, from which every path starts.
    pub fn root(&self) -> Node {
        Node::new(self.clone(), "")
    }

    /// An empty JSON [`Batch`] for this client.
    pub fn batch(&self) -> Batch {
        Batch::new(self)
    }

    /// Whether `uri` has the scheme, host and port of the base URL.
    pub(crate) fn is_own_origin(&self, uri: &http::Uri) -> bool {
        Origin::of(uri).as_ref() == Some(&self.inner.origin)
    }

    /// The URL of a link given by the service or stored by the user (such as an
    /// `@odata.nextLink` or `@odata.deltaLink`): an absolute URL on the client's
    /// own origin, or an absolute path (one `/`, not `//`) resolved against that
    /// origin. Anything else is [`Error::ForeignHost`].
    pub(crate) fn resolve_link(&self, link: &str) -> Result<http::Uri, Error> {
        let foreign = || Error::ForeignHost {
            url: link.to_owned(),
        };
        let text = if link.starts_with('/') && !link.starts_with("//") {
            format!("{}{link}", self.inner.origin.prefix())
        } else {
            link.to_owned()
        };
        match text.parse::<http::Uri>() {
            Ok(uri) if self.is_own_origin(&uri) => Ok(uri),
            _ => Err(foreign()),
        }
    }

    /// Sends `request` with `Authorization: Bearer <token>` and returns the final
    /// response, whatever its status.
    ///
    /// Fails with [`Error::ForeignHost`], before asking for a token or sending
    /// anything, if the request's URL is not on the base URL's scheme, host and
    /// port. A token is fetched from the provider for every attempt. Responses
    /// 429 (any method), 503 and 504 (idempotent methods only, unless
    /// [`RetryPolicy::retry_non_idempotent`]) are retried as the [`RetryPolicy`]
    /// says, sleeping through [`Transport::sleep`]; transport errors are not
    /// retried.
    pub async fn execute(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> Result<http::Response<Vec<u8>>, Error> {
        if !self.is_own_origin(request.uri()) {
            return Err(Error::ForeignHost {
                url: request.uri().to_string(),
            });
        }
        let (parts, body) = request.into_parts();
        let start = Instant::now();
        let mut slept = Duration::ZERO;
        let mut attempts = 0u32;
        loop {
            let token = self.inner.token.token().await?;
            let mut authorization = HeaderValue::try_from(format!("Bearer {}", token.secret()))
                .map_err(|_| {
                    Error::Auth("the access token has characters not allowed in a header".into())
                })?;
            authorization.set_sensitive(true);
            let mut attempt = http::Request::new(body.clone());
            *attempt.method_mut() = parts.method.clone();
            *attempt.uri_mut() = parts.uri.clone();
            *attempt.version_mut() = parts.version;
            *attempt.headers_mut() = parts.headers.clone();
            attempt.headers_mut().insert(AUTHORIZATION, authorization);
            drop(token);

            tracing::debug!(
                target: "msgraph",
                method = %parts.method,
                url = %parts.uri,
                attempt = attempts + 1,
                "sending"
            );
            let response = self.inner.transport.send(attempt).await?;
            attempts = attempts.saturating_add(1);
            tracing::debug!(
                target: "msgraph",
                url = %parts.uri,
                status = response.status().as_u16(),
                "response"
            );
            // Time spent, counting the sleeps in full even if a transport's
            // sleep returned early (as a test transport's may).
            let elapsed = start.elapsed().max(slept);
            match self
                .inner
                .retry
                .delay(&parts.method, &response, attempts, elapsed)
            {
                Some(delay) => {
                    tracing::info!(
                        target: "msgraph",
                        method = %parts.method,
                        url = %parts.uri,
                        status = response.status().as_u16(),
                        attempt = attempts,
                        wait_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                        retry_after = response
                            .headers()
                            .get("retry-after")
                            .and_then(|v| v.to_str().ok())
                            .unwrap_or(""),
                        reason = RetryPolicy::reason(response.status()),
                        "retrying"
                    );
                    self.inner.transport.sleep(delay).await;
                    slept = slept.saturating_add(delay);
                }
                None => return Ok(response),
            }
        }
    }
}

/// The token provider of [`Client::sans_io`]: there is none.
struct NoToken;

impl TokenProvider for NoToken {
    fn token(&self) -> BoxFuture<'_, Result<AccessToken, Error>> {
        Box::pin(async {
            Err(Error::Auth(
                "this client was made with Client::sans_io: it has no token provider; send `to_http()` yourself or build a client with one".into(),
            ))
        })
    }
}

/// The transport of [`Client::sans_io`]: there is none.
struct NoTransport;

impl Transport for NoTransport {
    fn send(
        &self,
        _request: http::Request<Vec<u8>>,
    ) -> BoxFuture<'_, Result<http::Response<Vec<u8>>, Error>> {
        Box::pin(async {
            Err(Error::InvalidRequest(
                "this client was made with Client::sans_io: it has no transport; send `to_http()` with your own HTTP stack and read the answer with `parse()`".into(),
            ))
        })
    }

    fn sleep(&self, _duration: Duration) -> BoxFuture<'_, ()> {
        Box::pin(async {})
    }
}
