//! `ClientBuilder`: a client with another base URL, transport or retry policy.

use std::fmt;
use std::sync::Arc;

use super::origin::Origin;
use super::{Client, Error, Inner, RetryPolicy, TokenProvider, Transport};

/// Builds a [`Client`]. A token provider is required; the base URL defaults to
/// [`Client::DEFAULT_BASE_URL`], the transport to a
/// [`ReqwestTransport`](crate::ReqwestTransport) (when the `reqwest` feature is on)
/// and the retry policy to [`RetryPolicy::default`].
#[derive(Default)]
pub struct ClientBuilder {
    /// The base URL, if set.
    base_url: Option<String>,
    /// The token provider, if set.
    token: Option<Box<dyn TokenProvider>>,
    /// The transport, if set.
    transport: Option<Box<dyn Transport>>,
    /// The retry policy, if set.
    retry: Option<RetryPolicy>,
    /// Whether a plain `http` base URL on a non-loopback host is accepted.
    allow_insecure_http: bool,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .field("transport", &self.transport.as_ref().map(|_| ".."))
            .field("retry", &self.retry)
            .field("allow_insecure_http", &self.allow_insecure_http)
            .finish()
    }
}

impl ClientBuilder {
    /// The base URL: an absolute `http` or `https` URL without user information,
    /// query or fragment, such as `https://graph.microsoft.com/beta`. Trailing
    /// slashes are removed.
    ///
    /// A plain `http` URL sends the access token unencrypted, so
    /// [`build`](Self::build) accepts one only on a loopback host (`localhost`,
    /// `127.0.0.0/8`, `::1`), as for a local test server, or after
    /// [`allow_insecure_http(true)`](Self::allow_insecure_http).
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// The token provider (required).
    pub fn token(mut self, token: impl TokenProvider + 'static) -> Self {
        self.token = Some(Box::new(token));
        self
    }

    /// The transport.
    pub fn transport(mut self, transport: impl Transport + 'static) -> Self {
        self.transport = Some(Box::new(transport));
        self
    }

    /// The retry policy.
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = Some(retry);
        self
    }

    /// Whether a plain `http` base URL on a host other than a loopback host is
    /// accepted (default `false`). Such a client sends the access token
    /// unencrypted: only for a trusted network, such as a proxy on the same host
    /// under another name.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// The client, or [`Error::InvalidRequest`] for a bad base URL (including a
    /// plain `http` one on a non-loopback host without
    /// [`allow_insecure_http`](Self::allow_insecure_http)), a missing token
    /// provider, or a missing transport without the `reqwest` feature.
    pub fn build(self) -> Result<Client, Error> {
        let base_url = self
            .base_url
            .unwrap_or_else(|| Client::DEFAULT_BASE_URL.to_owned());
        let base_url = base_url.trim_end_matches('/').to_owned();
        let origin = check_secure_base_url(&base_url, self.allow_insecure_http)?;
        let token = self
            .token
            .ok_or_else(|| Error::InvalidRequest("the client has no token provider".to_owned()))?;
        let transport = match self.transport {
            Some(transport) => transport,
            None => default_transport()?,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                base_url,
                origin,
                token,
                transport,
                retry: self.retry.unwrap_or_default(),
                invalid: None,
            }),
        })
    }
}

/// The origin of `base_url`, or the reason it cannot be a base URL
/// (including plain `http` on a non-loopback host unless `allow_insecure_http`).
pub(super) fn check_secure_base_url(
    base_url: &str,
    allow_insecure_http: bool,
) -> Result<Origin, Error> {
    let origin = check_base_url(base_url)?;
    if origin.is_plain_http() && !origin.is_loopback() && !allow_insecure_http {
        return Err(Error::InvalidRequest(format!(
            "base URL {base_url:?}: plain http would send the access token unencrypted; \
             use https, a loopback host, or `allow_insecure_http(true)`"
        )));
    }
    Ok(origin)
}

/// The origin of `base_url`, or the reason it cannot be a base URL.
fn check_base_url(base_url: &str) -> Result<Origin, Error> {
    let invalid = |why: &str| Error::InvalidRequest(format!("base URL {base_url:?}: {why}"));
    if base_url.contains(['?', '#']) {
        return Err(invalid("must not have a query or fragment"));
    }
    let uri: http::Uri = base_url.parse().map_err(|_| invalid("not a valid URL"))?;
    Origin::of(&uri).ok_or_else(|| {
        invalid("must be an absolute http or https URL with a host and no user information")
    })
}

/// The transport used when none is set.
#[cfg(feature = "reqwest")]
fn default_transport() -> Result<Box<dyn Transport>, Error> {
    Ok(Box::new(super::ReqwestTransport::new()))
}

/// The transport used when none is set: none without the `reqwest` feature.
#[cfg(not(feature = "reqwest"))]
fn default_transport() -> Result<Box<dyn Transport>, Error> {
    Err(Error::InvalidRequest(
        "the client has no transport (enable the `reqwest` feature or set one)".to_owned(),
    ))
}
