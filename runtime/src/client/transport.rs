//! The `Transport` trait: how the client sends requests and waits between attempts.

use std::sync::Arc;
use std::time::Duration;

use super::{BoxFuture, Error};

/// Sends HTTP requests and sleeps, so the client core stays independent of any
/// HTTP library and async runtime.
///
/// The client gives `send` absolute URLs on its own origin only, with the
/// `Authorization` header set. An implementation that follows redirects must
/// never send that header to another host or port; it may follow a `GET`
/// redirect to another origin without it (as Graph's downloads need, see
/// the default `ReqwestTransport`).
pub trait Transport: Send + Sync {
    /// Sends `request` and reads the whole response, whatever its status.
    /// Fails with [`Error::Transport`] only when no response was received.
    fn send(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> BoxFuture<'_, Result<http::Response<Vec<u8>>, Error>>;

    /// Waits for `duration` (between retries).
    fn sleep(&self, duration: Duration) -> BoxFuture<'_, ()>;
}

impl<T: Transport + ?Sized> Transport for Arc<T> {
    fn send(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> BoxFuture<'_, Result<http::Response<Vec<u8>>, Error>> {
        (**self).send(request)
    }

    fn sleep(&self, duration: Duration) -> BoxFuture<'_, ()> {
        (**self).sleep(duration)
    }
}

impl<T: Transport + ?Sized> Transport for Box<T> {
    fn send(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> BoxFuture<'_, Result<http::Response<Vec<u8>>, Error>> {
        (**self).send(request)
    }

    fn sleep(&self, duration: Duration) -> BoxFuture<'_, ()> {
        (**self).sleep(duration)
    }
}
