//! `ReqwestTransport`: the default [`Transport`], on reqwest (rustls) and tokio.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::redirect::{Action, Attempt, Policy};

use super::{BoxFuture, Error, Transport};

/// How many same-origin redirects the default client follows.
const MAX_REDIRECTS: usize = 10;

/// How long the default client waits for a connection.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(30);

/// A [`Transport`] that sends through a `reqwest::Client` and sleeps with
/// `tokio::time::sleep` (so it needs a tokio runtime with the timer enabled).
///
/// The client made by [`new`](Self::new) uses rustls, and follows a redirect only
/// when it stays on the scheme, host and port of the original request (at most
/// 10 times); any other redirect response is returned as it is. A client given
/// to [`from_client`](Self::from_client) keeps its own redirect policy.
#[derive(Clone)]
pub struct ReqwestTransport {
    /// The client, or why it could not be built.
    client: Result<reqwest::Client, Arc<reqwest::Error>>,
}

impl fmt::Debug for ReqwestTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReqwestTransport").finish_non_exhaustive()
    }
}

impl Default for ReqwestTransport {
    fn default() -> Self {
        ReqwestTransport::new()
    }
}

/// Follows a redirect only within the origin of the chain's first URL.
fn same_origin(attempt: Attempt<'_>) -> Action {
    let previous = attempt.previous();
    let same = match previous.first() {
        Some(first) => first.origin() == attempt.url().origin(),
        None => false,
    };
    if same && previous.len() <= MAX_REDIRECTS {
        attempt.follow()
    } else {
        attempt.stop()
    }
}

impl ReqwestTransport {
    /// A transport with a new `reqwest::Client` as described above.
    ///
    /// Never panics: if the client cannot be built, every
    /// [`send`](Transport::send) fails with [`Error::Transport`] saying why (use
    /// [`try_new`](Self::try_new) to see that at once).
    pub fn new() -> ReqwestTransport {
        ReqwestTransport {
            client: build_client().map_err(Arc::new),
        }
    }

    /// A transport with a new `reqwest::Client` as described above, or the
    /// reason it cannot be built.
    pub fn try_new() -> Result<ReqwestTransport, Error> {
        let client = build_client().map_err(|e| Error::Transport(Box::new(e)))?;
        Ok(ReqwestTransport::from_client(client))
    }

    /// A transport that sends through `client`, with its own settings.
    pub fn from_client(client: reqwest::Client) -> ReqwestTransport {
        ReqwestTransport { client: Ok(client) }
    }
}

/// The default `reqwest::Client`.
fn build_client() -> Result<reqwest::Client, reqwest::Error> {
    reqwest::Client::builder()
        .redirect(Policy::custom(same_origin))
        .connect_timeout(CONNECT_TIMEOUT)
        .user_agent(concat!("msgraph-runtime/", env!("CARGO_PKG_VERSION")))
        .build()
}

/// Wraps a reqwest error as [`Error::Transport`].
fn transport_error(e: reqwest::Error) -> Error {
    Error::Transport(Box::new(e))
}

impl Transport for ReqwestTransport {
    fn send(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> BoxFuture<'_, Result<http::Response<Vec<u8>>, Error>> {
        Box::pin(async move {
            let client = match &self.client {
                Ok(client) => client,
                Err(e) => {
                    let message = format!("the HTTP client could not be built: {e}");
                    return Err(Error::Transport(message.into()));
                }
            };
            let request = reqwest::Request::try_from(request).map_err(transport_error)?;
            let response = client.execute(request).await.map_err(transport_error)?;
            let status = response.status();
            let version = response.version();
            let headers = response.headers().clone();
            let body = response.bytes().await.map_err(transport_error)?;
            let mut out = http::Response::new(body.to_vec());
            *out.status_mut() = status;
            *out.version_mut() = version;
            *out.headers_mut() = headers;
            Ok(out)
        })
    }

    fn sleep(&self, duration: Duration) -> BoxFuture<'_, ()> {
        Box::pin(tokio::time::sleep(duration))
    }
}
