//! `ReqwestTransport`: the default [`Transport`], on reqwest (rustls) and tokio.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::redirect::{Action, Attempt, Policy};

use super::origin::is_loopback_host;
use super::{BoxFuture, Error, Transport};

/// How many redirects the default clients follow.
const MAX_REDIRECTS: usize = 10;

/// How long the default clients wait for a connection.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(30);

/// A [`Transport`] that sends through `reqwest::Client`s and sleeps with
/// `tokio::time::sleep` (so it needs a tokio runtime with the timer enabled).
///
/// The transport made by [`new`](Self::new) uses rustls and two clients:
///
/// - `GET` and `HEAD` follow up to 10 redirects to any `https` URL or within the
///   origin of the original request (and, for local test servers, from a
///   loopback host to another loopback host). Graph answers downloads
///   (`$value`, `content`) with a redirect to a pre-signed URL on another host;
///   reqwest removes `Authorization`, `Cookie`, `Proxy-Authorization` and
///   `WWW-Authenticate` from a redirected request whose host or port differs, so
///   the access token never follows it there. No `Referer` is sent either.
/// - Other methods follow a redirect only when it stays on the scheme, host and
///   port of the original request (at most 10 times).
///
/// Any other redirect response is returned as it is. Both clients give up on a
/// response when no data arrived for [`DEFAULT_READ_TIMEOUT`](Self::DEFAULT_READ_TIMEOUT)
/// (60 s; the wait restarts with every read, so long downloads are fine), and
/// on a connection after 30 s. A client given to
/// [`from_client`](Self::from_client) keeps its own settings for every method.
#[derive(Clone)]
pub struct ReqwestTransport {
    /// The clients, or why they could not be built.
    clients: Result<Clients, Arc<reqwest::Error>>,
}

/// The clients of a [`ReqwestTransport`].
#[derive(Clone)]
struct Clients {
    /// For `GET` and `HEAD`.
    read: reqwest::Client,
    /// For every other method.
    write: reqwest::Client,
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

/// Whether a redirect chain that started at `first` may go on to `next`: within
/// `first`'s origin, to any `https` URL if `any_https`, or from a loopback host to
/// a loopback host.
fn may_redirect(first: &reqwest::Url, next: &reqwest::Url, any_https: bool) -> bool {
    let loopback = |url: &reqwest::Url| url.host_str().is_some_and(is_loopback_host);
    first.origin() == next.origin()
        || (any_https && next.scheme() == "https")
        || (any_https && loopback(first) && loopback(next))
}

/// The redirect policy of the `GET` and `HEAD` client.
fn read_policy(attempt: Attempt<'_>) -> Action {
    follow_if(attempt, true)
}

/// The redirect policy of the client for other methods.
fn write_policy(attempt: Attempt<'_>) -> Action {
    follow_if(attempt, false)
}

/// Follows `attempt` if [`may_redirect`] says so and fewer than
/// [`MAX_REDIRECTS`] redirects were followed.
fn follow_if(attempt: Attempt<'_>, any_https: bool) -> Action {
    let previous = attempt.previous();
    let allowed = match previous.first() {
        Some(first) => may_redirect(first, attempt.url(), any_https),
        None => false,
    };
    if allowed && previous.len() <= MAX_REDIRECTS {
        attempt.follow()
    } else {
        attempt.stop()
    }
}

impl ReqwestTransport {
    /// How long the clients made by [`new`](Self::new) wait for the next bytes
    /// of a response (its headers or the next part of its body) before failing
    /// with [`Error::Transport`].
    pub const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(60);

    /// A transport with new `reqwest::Client`s as described above.
    ///
    /// Never panics: if a client cannot be built, every
    /// [`send`](Transport::send) fails with [`Error::Transport`] saying why (use
    /// [`try_new`](Self::try_new) to see that at once).
    pub fn new() -> ReqwestTransport {
        ReqwestTransport::with_read_timeout(ReqwestTransport::DEFAULT_READ_TIMEOUT)
    }

    /// As [`new`](Self::new), with `read_timeout` instead of
    /// [`DEFAULT_READ_TIMEOUT`](Self::DEFAULT_READ_TIMEOUT).
    pub fn with_read_timeout(read_timeout: Duration) -> ReqwestTransport {
        ReqwestTransport {
            clients: build_clients(read_timeout).map_err(Arc::new),
        }
    }

    /// A transport with new `reqwest::Client`s as described above, or the
    /// reason they cannot be built.
    pub fn try_new() -> Result<ReqwestTransport, Error> {
        let clients = build_clients(ReqwestTransport::DEFAULT_READ_TIMEOUT)
            .map_err(|e| Error::Transport(Box::new(e)))?;
        Ok(ReqwestTransport {
            clients: Ok(clients),
        })
    }

    /// A transport that sends every request through `client`, with its own
    /// settings (redirects and timeouts included).
    pub fn from_client(client: reqwest::Client) -> ReqwestTransport {
        ReqwestTransport {
            clients: Ok(Clients {
                read: client.clone(),
                write: client,
            }),
        }
    }
}

/// One default `reqwest::Client`, following redirects by `policy`.
fn build_client(
    policy: fn(Attempt<'_>) -> Action,
    read_timeout: Duration,
) -> Result<reqwest::Client, reqwest::Error> {
    reqwest::Client::builder()
        .redirect(Policy::custom(policy))
        .connect_timeout(CONNECT_TIMEOUT)
        .read_timeout(read_timeout)
        .referer(false)
        .user_agent(concat!("msgraph-runtime/", env!("CARGO_PKG_VERSION")))
        .build()
}

/// The default clients.
fn build_clients(read_timeout: Duration) -> Result<Clients, reqwest::Error> {
    Ok(Clients {
        read: build_client(read_policy, read_timeout)?,
        write: build_client(write_policy, read_timeout)?,
    })
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
            let clients = match &self.clients {
                Ok(clients) => clients,
                Err(e) => {
                    let message = format!("the HTTP client could not be built: {e}");
                    return Err(Error::Transport(message.into()));
                }
            };
            let client = match *request.method() {
                http::Method::GET | http::Method::HEAD => &clients.read,
                _ => &clients.write,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> reqwest::Url {
        reqwest::Url::parse(text).unwrap()
    }

    #[test]
    fn reads_may_go_to_any_https_origin_writes_stay_home() {
        let graph = url("https://graph.microsoft.com/beta/me/drive/items/1/content");
        let blob = url("https://contoso.sharepoint.com/download?token=x");
        let plain = url("http://contoso.sharepoint.com/download");
        let home = url("https://graph.microsoft.com/beta/other");
        assert!(may_redirect(&graph, &blob, true));
        assert!(!may_redirect(&graph, &blob, false));
        assert!(!may_redirect(&graph, &plain, true));
        assert!(may_redirect(&graph, &home, true));
        assert!(may_redirect(&graph, &home, false));
        let local = url("http://127.0.0.1:1000/beta/x");
        let other_local = url("http://127.0.0.1:2000/blob");
        assert!(may_redirect(&local, &other_local, true));
        assert!(!may_redirect(&local, &other_local, false));
        assert!(!may_redirect(&graph, &other_local, true));
        assert!(!may_redirect(&local, &plain, true));
    }

    #[test]
    fn the_default_clients_have_a_read_timeout() {
        let transport = ReqwestTransport::new();
        let clients = transport.clients.as_ref().unwrap();
        for client in [&clients.read, &clients.write] {
            let shown = format!("{client:?}");
            assert!(shown.contains("read_timeout: 60s"), "{shown}");
        }
    }
}
