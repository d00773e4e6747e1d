//! The origin (scheme, host, port) of a URL: the unit the access token is bound to.

use std::net::{Ipv4Addr, Ipv6Addr};

/// Whether `host` (a host name, an IPv4 address, or an IPv6 address with or
/// without brackets) is a loopback host: `localhost`, `127.0.0.0/8` or `::1`.
pub(crate) fn is_loopback_host(host: &str) -> bool {
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    if let Ok(v4) = host.parse::<Ipv4Addr>() {
        return v4.is_loopback();
    }
    let bare = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    bare.parse::<Ipv6Addr>().is_ok_and(|v6| v6.is_loopback())
}

/// The scheme, host and port of an absolute `http` or `https` URL.
///
/// Scheme and host are compared in lower case; a missing port is the scheme's
/// default (80 or 443). URLs with user information (`user@host`) have no origin
/// here, so they are never taken for the client's own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Origin {
    /// `http` or `https`.
    scheme: String,
    /// The host, in lower case (IPv6 addresses keep their brackets).
    host: String,
    /// The explicit or default port.
    port: u16,
}

impl Origin {
    /// The origin of Graph itself: `https://graph.microsoft.com`.
    #[cfg(any(test, feature = "reqwest"))]
    pub(crate) fn graph() -> Origin {
        Origin {
            scheme: "https".to_owned(),
            host: "graph.microsoft.com".to_owned(),
            port: 443,
        }
    }

    /// An origin that no URL has (its scheme is empty).
    #[cfg(feature = "reqwest")]
    pub(crate) fn none() -> Origin {
        Origin {
            scheme: String::new(),
            host: String::new(),
            port: 0,
        }
    }

    /// The origin of `uri`, or `None` if it is not an absolute `http` or `https`
    /// URL with a host and without user information.
    pub(crate) fn of(uri: &http::Uri) -> Option<Origin> {
        let scheme = uri.scheme_str()?.to_ascii_lowercase();
        let default_port = match scheme.as_str() {
            "http" => 80,
            "https" => 443,
            _ => return None,
        };
        let authority = uri.authority()?;
        if authority.as_str().contains('@') {
            return None;
        }
        let host = authority.host();
        if host.is_empty() {
            return None;
        }
        Some(Origin {
            scheme,
            host: host.to_ascii_lowercase(),
            port: authority.port_u16().unwrap_or(default_port),
        })
    }

    /// Whether the scheme is plain `http`.
    pub(crate) fn is_plain_http(&self) -> bool {
        self.scheme == "http"
    }

    /// Whether the host is a loopback host (see [`is_loopback_host`]).
    pub(crate) fn is_loopback(&self) -> bool {
        is_loopback_host(&self.host)
    }

    /// The origin as the start of a URL, to which an absolute path (starting
    /// with `/`) can be appended: `scheme://host`, with `:port` unless it is the
    /// scheme's default.
    pub(crate) fn prefix(&self) -> String {
        let default_port = if self.scheme == "https" { 443 } else { 80 };
        if self.port == default_port {
            format!("{}://{}", self.scheme, self.host)
        } else {
            format!("{}://{}:{}", self.scheme, self.host, self.port)
        }
    }

    /// The origin of the URL `text`, or `None` as for [`of`](Self::of) (or if
    /// `text` is not a URL at all).
    #[cfg(test)]
    pub(crate) fn parse(text: &str) -> Option<Origin> {
        Origin::of(&text.parse::<http::Uri>().ok()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_and_different_origins() {
        let base = Origin::parse("https://graph.microsoft.com/beta");
        assert!(base.is_some());
        assert_eq!(base, Some(Origin::graph()));
        assert_eq!(
            Origin::parse("HTTPS://Graph.Microsoft.COM:443/v1.0?x=1"),
            base
        );
        assert_ne!(Origin::parse("http://graph.microsoft.com/beta"), base);
        assert_ne!(Origin::parse("https://graph.microsoft.com:444/beta"), base);
        assert_ne!(
            Origin::parse("https://graph.microsoft.com.evil.example/"),
            base
        );
        assert_eq!(
            Origin::parse("https://graph.microsoft.com@evil.example/"),
            None
        );
        assert_eq!(
            Origin::parse("https://evil.example@graph.microsoft.com/"),
            None
        );
        assert_eq!(Origin::parse("/relative/path"), None);
        assert_eq!(Origin::parse("ftp://graph.microsoft.com/"), None);
        assert_eq!(Origin::parse("not a url"), None);
        assert_eq!(
            Origin::parse("http://127.0.0.1:8080/x"),
            Origin::parse("http://127.0.0.1:8080")
        );
        assert_ne!(
            Origin::parse("http://127.0.0.1:8080/x"),
            Origin::parse("http://127.0.0.2:8080/x")
        );
    }

    #[test]
    fn loopback_hosts() {
        for host in [
            "localhost",
            "LocalHost",
            "127.0.0.1",
            "127.1.2.3",
            "::1",
            "[::1]",
        ] {
            assert!(is_loopback_host(host), "{host}");
        }
        for host in [
            "",
            "graph.microsoft.com",
            "localhost.evil.example",
            "128.0.0.1",
            "10.0.0.1",
            "[::2]",
            "0.0.0.0",
        ] {
            assert!(!is_loopback_host(host), "{host}");
        }
        let ipv6 = Origin::parse("http://[::1]:8080/beta");
        assert!(ipv6.is_some_and(|o| o.is_loopback() && o.is_plain_http()));
        let graph = Origin::graph();
        assert!(!graph.is_loopback() && !graph.is_plain_http());
        assert_eq!(graph.prefix(), "https://graph.microsoft.com");
        let local = Origin::parse("HTTP://LOCALHOST:8080/x").map(|o| o.prefix());
        assert_eq!(local.as_deref(), Some("http://localhost:8080"));
    }
}
