//! `AzureCredential`: an `azure_core` credential as a [`TokenProvider`].

use std::fmt;
use std::sync::Arc;

use azure_core::credentials::TokenCredential;

use super::{AccessToken, BoxFuture, Error, TokenProvider};

/// A [`TokenProvider`] that asks an `azure_core` [`TokenCredential`] (such as one
/// of the `azure_identity` crate's) for a token for its scopes, by default
/// Graph's `https://graph.microsoft.com/.default`.
///
/// The credential's own cache decides when a token is refreshed. Its errors
/// become [`Error::Auth`]. `Debug` shows the scopes only.
#[derive(Clone)]
pub struct AzureCredential {
    /// The credential.
    credential: Arc<dyn TokenCredential>,
    /// The scopes asked for.
    scopes: Vec<String>,
}

impl AzureCredential {
    /// The scope of every Graph permission granted to the application or user.
    pub const GRAPH_SCOPE: &'static str = "https://graph.microsoft.com/.default";

    /// A provider of tokens from `credential` for [`GRAPH_SCOPE`](Self::GRAPH_SCOPE).
    pub fn new(credential: Arc<dyn TokenCredential>) -> Self {
        AzureCredential::with_scopes(credential, [AzureCredential::GRAPH_SCOPE])
    }

    /// A provider of tokens from `credential` for `scopes`.
    pub fn with_scopes<I, S>(credential: Arc<dyn TokenCredential>, scopes: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        AzureCredential {
            credential,
            scopes: scopes.into_iter().map(Into::into).collect(),
        }
    }

    /// The scopes asked for.
    pub fn scopes(&self) -> &[String] {
        &self.scopes
    }
}

impl fmt::Debug for AzureCredential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AzureCredential")
            .field("scopes", &self.scopes)
            .finish_non_exhaustive()
    }
}

impl TokenProvider for AzureCredential {
    fn token(&self) -> BoxFuture<'_, Result<AccessToken, Error>> {
        Box::pin(async move {
            let scopes: Vec<&str> = self.scopes.iter().map(String::as_str).collect();
            let token = self
                .credential
                .get_token(&scopes, None)
                .await
                .map_err(|e| Error::Auth(Box::new(e)))?;
            Ok(AccessToken::new(token.token.secret()))
        })
    }
}
