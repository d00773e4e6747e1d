//! When and how long the client waits before trying a request again.

use std::time::Duration;

use http::StatusCode;

/// How [`Client::execute`](crate::Client::execute) retries throttled and
/// temporarily unavailable responses (429, 503 and 504).
///
/// A 429 is retried for every method: the service refused the request without
/// processing it. A 503 or 504 may come after the request took effect, so it is
/// retried only for the idempotent methods `GET`, `HEAD`, `PUT`, `DELETE` and
/// `OPTIONS` (not `POST`, `PATCH` or others) unless `retry_non_idempotent` is
/// set.
///
/// Before each retry the client waits for the response's `Retry-After` header
/// (delta-seconds; an HTTP-date is treated as absent) or else
/// `base_delay * 2^n` (n = 0 for the first retry), capped at `max_delay`. There
/// is no random jitter, so the waits are deterministic. It stops after
/// `max_attempts` attempts in all, or when the next wait would end more than
/// `max_elapsed` after the first attempt started, and then returns the last
/// response as it is.
///
/// Transport errors (no response at all) are never retried: the request may
/// have reached the service, and repeating a `POST` could repeat its effect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// The most attempts in all, including the first (default 4; 0 counts as 1).
    pub max_attempts: u32,
    /// The longest time from the first attempt to the end of the last wait
    /// (default 60 s).
    pub max_elapsed: Duration,
    /// The wait before the first retry when the response has no `Retry-After`
    /// (default 500 ms); it doubles for every further retry.
    pub base_delay: Duration,
    /// The longest backoff wait (default 30 s). A `Retry-After` header is obeyed
    /// even above it, within `max_elapsed`.
    pub max_delay: Duration,
    /// Whether 503 and 504 are retried for non-idempotent methods (`POST`,
    /// `PATCH`, ...) too (default `false`): only safe when repeating the request
    /// cannot repeat its effect.
    pub retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 4,
            max_elapsed: Duration::from_secs(60),
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
            retry_non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries: one attempt only.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// The same policy with `max_attempts` set.
    pub fn with_max_attempts(mut self, max_attempts: u32) -> Self {
        self.max_attempts = max_attempts;
        self
    }

    /// The same policy with `max_elapsed` set.
    pub fn with_max_elapsed(mut self, max_elapsed: Duration) -> Self {
        self.max_elapsed = max_elapsed;
        self
    }

    /// The same policy with `base_delay` set.
    pub fn with_base_delay(mut self, base_delay: Duration) -> Self {
        self.base_delay = base_delay;
        self
    }

    /// The same policy with `max_delay` set.
    pub fn with_max_delay(mut self, max_delay: Duration) -> Self {
        self.max_delay = max_delay;
        self
    }

    /// The same policy with `retry_non_idempotent` set.
    pub fn with_retry_non_idempotent(mut self, retry_non_idempotent: bool) -> Self {
        self.retry_non_idempotent = retry_non_idempotent;
        self
    }

    /// Whether a response with `status` may be retried for some method (429, 503
    /// and 504); see [`should_retry`](Self::should_retry) for a given method.
    pub fn is_retryable(status: StatusCode) -> bool {
        matches!(status.as_u16(), 429 | 503 | 504)
    }

    /// Why a response with `status` is retried, in words for the logs.
    pub(crate) fn reason(status: StatusCode) -> &'static str {
        match status.as_u16() {
            429 => "throttled (429 Too Many Requests)",
            503 => "service unavailable (503)",
            504 => "gateway timeout (504)",
            _ => "a status the retry policy retries",
        }
    }

    /// Whether `method` is idempotent as far as retries go: `GET`, `HEAD`, `PUT`,
    /// `DELETE` or `OPTIONS`.
    pub fn is_idempotent(method: &http::Method) -> bool {
        use http::Method;
        [
            Method::GET,
            Method::HEAD,
            Method::PUT,
            Method::DELETE,
            Method::OPTIONS,
        ]
        .contains(method)
    }

    /// Whether a `method` request answered with `status` is retried by this
    /// policy (attempt and time limits aside): 429 always, 503 and 504 for
    /// idempotent methods or when `retry_non_idempotent` is set.
    pub fn should_retry(&self, method: &http::Method, status: StatusCode) -> bool {
        match status.as_u16() {
            429 => true,
            503 | 504 => self.retry_non_idempotent || Self::is_idempotent(method),
            _ => false,
        }
    }

    /// How long to wait before the next attempt after `response` to a `method`
    /// request, given that `attempts` attempts have been made and `elapsed` has
    /// passed since the first started; `None` if the client should stop and
    /// return `response`.
    pub(crate) fn delay(
        &self,
        method: &http::Method,
        response: &http::Response<Vec<u8>>,
        attempts: u32,
        elapsed: Duration,
    ) -> Option<Duration> {
        if !self.should_retry(method, response.status()) || attempts >= self.max_attempts.max(1) {
            return None;
        }
        let delay =
            retry_after(response).unwrap_or_else(|| self.backoff(attempts.saturating_sub(1)));
        match elapsed.checked_add(delay) {
            Some(end) if end <= self.max_elapsed => Some(delay),
            _ => None,
        }
    }

    /// The backoff wait before retry number `retry` (0-based), capped at
    /// `max_delay`.
    fn backoff(&self, retry: u32) -> Duration {
        2u32.checked_pow(retry)
            .and_then(|factor| self.base_delay.checked_mul(factor))
            .map_or(self.max_delay, |delay| delay.min(self.max_delay))
    }
}

/// The `Retry-After` header of `response` as delta-seconds, if it is one.
fn retry_after(response: &http::Response<Vec<u8>>) -> Option<Duration> {
    let text = response
        .headers()
        .get(http::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok().map(Duration::from_secs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::Method;

    const GET: Method = Method::GET;

    fn response(status: u16, retry_after: Option<&str>) -> http::Response<Vec<u8>> {
        let mut r = http::Response::new(Vec::new());
        *r.status_mut() = StatusCode::from_u16(status).unwrap();
        if let Some(v) = retry_after {
            r.headers_mut()
                .insert("retry-after", http::HeaderValue::from_str(v).unwrap());
        }
        r
    }

    #[test]
    fn only_429_503_504_are_retried() {
        let p = RetryPolicy::default();
        for s in [200, 400, 401, 404, 500, 502] {
            assert_eq!(
                p.delay(&GET, &response(s, Some("1")), 1, Duration::ZERO),
                None
            );
        }
        for s in [429, 503, 504] {
            assert!(p
                .delay(&GET, &response(s, None), 1, Duration::ZERO)
                .is_some());
        }
    }

    #[test]
    fn only_429_is_retried_for_non_idempotent_methods() {
        let p = RetryPolicy::default();
        let zero = Duration::ZERO;
        for m in [
            Method::POST,
            Method::PATCH,
            Method::from_bytes(b"MERGE").unwrap(),
        ] {
            assert!(p.delay(&m, &response(429, None), 1, zero).is_some(), "{m}");
            for s in [503, 504] {
                assert_eq!(p.delay(&m, &response(s, None), 1, zero), None, "{m} {s}");
            }
        }
        for m in [
            Method::GET,
            Method::HEAD,
            Method::PUT,
            Method::DELETE,
            Method::OPTIONS,
        ] {
            for s in [429, 503, 504] {
                assert!(
                    p.delay(&m, &response(s, None), 1, zero).is_some(),
                    "{m} {s}"
                );
            }
        }
        let all = RetryPolicy::default().with_retry_non_idempotent(true);
        for s in [429, 503, 504] {
            assert!(all
                .delay(&Method::POST, &response(s, None), 1, zero)
                .is_some());
            assert!(all.should_retry(&Method::PATCH, StatusCode::from_u16(s).unwrap()));
        }
        assert!(!all.should_retry(&Method::POST, StatusCode::INTERNAL_SERVER_ERROR));
    }

    #[test]
    fn retry_after_then_backoff() {
        let p = RetryPolicy::default();
        let zero = Duration::ZERO;
        assert_eq!(
            p.delay(&GET, &response(429, Some("7")), 1, zero),
            Some(Duration::from_secs(7))
        );
        // An HTTP-date is treated as absent: backoff applies.
        let date = Some("Wed, 21 Oct 2015 07:28:00 GMT");
        assert_eq!(
            p.delay(&GET, &response(429, date), 1, zero),
            Some(Duration::from_millis(500))
        );
        assert_eq!(
            p.delay(&GET, &response(503, None), 2, zero),
            Some(Duration::from_millis(1000))
        );
        assert_eq!(
            p.delay(&GET, &response(503, None), 3, zero),
            Some(Duration::from_millis(2000))
        );
        assert_eq!(p.delay(&GET, &response(503, None), 4, zero), None);
        let many = RetryPolicy::default().with_max_attempts(100);
        assert_eq!(
            many.delay(&GET, &response(503, None), 40, zero),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            many.delay(&GET, &response(503, None), 99, zero),
            Some(Duration::from_secs(30))
        );
    }

    #[test]
    fn max_elapsed_stops_waiting() {
        let p = RetryPolicy::default();
        assert_eq!(
            p.delay(&GET, &response(429, Some("61")), 1, Duration::ZERO),
            None
        );
        assert_eq!(
            p.delay(&GET, &response(429, Some("10")), 1, Duration::from_secs(50)),
            Some(Duration::from_secs(10))
        );
        assert_eq!(
            p.delay(&GET, &response(429, Some("11")), 1, Duration::from_secs(50)),
            None
        );
        assert_eq!(
            RetryPolicy::none().delay(&GET, &response(429, None), 1, Duration::ZERO),
            None
        );
    }
}
