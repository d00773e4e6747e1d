//! The origin (scheme, host, port) of a URL: the unit the access token is bound to.

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
}
