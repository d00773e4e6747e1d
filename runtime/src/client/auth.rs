//! Access tokens and the providers that hand them out.

use std::fmt;
use std::future::Future;
use std::sync::Arc;

use super::{BoxFuture, Error};

/// An OAuth access token.
///
/// Neither `Debug` nor `Display` shows it: both print `AccessToken(<redacted>)`.
/// Only [`secret`](Self::secret) gives the text.
#[derive(Clone)]
pub struct AccessToken(String);

impl AccessToken {
    /// Wraps the token text.
    pub fn new(secret: impl Into<String>) -> Self {
        AccessToken(secret.into())
    }

    /// The token text, to put in an `Authorization` header.
    pub fn secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessToken(<redacted>)")
    }
}

impl fmt::Display for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessToken(<redacted>)")
    }
}

/// Gives the client an access token; asked once for every attempt of every request,
/// so an implementation should cache tokens and refresh them itself.
pub trait TokenProvider: Send + Sync {
    /// A current access token, or [`Error::Auth`].
    fn token(&self) -> BoxFuture<'_, Result<AccessToken, Error>>;
}

impl<P: TokenProvider + ?Sized> TokenProvider for Arc<P> {
    fn token(&self) -> BoxFuture<'_, Result<AccessToken, Error>> {
        (**self).token()
    }
}

impl<P: TokenProvider + ?Sized> TokenProvider for Box<P> {
    fn token(&self) -> BoxFuture<'_, Result<AccessToken, Error>> {
        (**self).token()
    }
}

/// A provider that always gives the same token. `Debug` does not show it.
#[derive(Clone)]
pub struct StaticToken(AccessToken);

impl StaticToken {
    /// A provider of the token `secret`.
    pub fn new(secret: impl Into<String>) -> Self {
        StaticToken(AccessToken::new(secret))
    }
}

impl fmt::Debug for StaticToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("StaticToken(<redacted>)")
    }
}

impl TokenProvider for StaticToken {
    fn token(&self) -> BoxFuture<'_, Result<AccessToken, Error>> {
        let token = self.0.clone();
        Box::pin(std::future::ready(Ok(token)))
    }
}

/// A provider that calls an async closure for every token:
/// `TokenFn::new(|| async { Ok::<_, std::io::Error>(fetch().await) })`.
///
/// The closure's error becomes [`Error::Auth`]. `Debug` shows nothing of the
/// closure.
#[derive(Clone)]
pub struct TokenFn<F>(F);

impl<F> TokenFn<F> {
    /// A provider that calls `f` for every token.
    pub fn new(f: F) -> Self {
        TokenFn(f)
    }
}

impl<F> fmt::Debug for TokenFn<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TokenFn(..)")
    }
}

impl<F, Fut, E> TokenProvider for TokenFn<F>
where
    F: Fn() -> Fut + Send + Sync,
    Fut: Future<Output = Result<String, E>> + Send + 'static,
    E: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    fn token(&self) -> BoxFuture<'_, Result<AccessToken, Error>> {
        let future = (self.0)();
        Box::pin(async move {
            match future.await {
                Ok(secret) => Ok(AccessToken::new(secret)),
                Err(e) => Err(Error::Auth(e.into())),
            }
        })
    }
}
