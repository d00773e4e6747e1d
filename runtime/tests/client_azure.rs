//! `AzureCredential` (feature `azure`) on a fake azure_core credential.

#![cfg(feature = "azure")]

mod common;

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use azure_core::credentials::{AccessToken as AzureToken, TokenCredential, TokenRequestOptions};
use azure_core::time::{Duration, OffsetDateTime};
use common::FakeTransport;
use msgraph_runtime::{decode, AzureCredential, Client, Error, TokenProvider};

/// A credential that records the scopes it is asked for and answers `answer`.
#[derive(Debug)]
struct Fake {
    scopes: Mutex<Vec<Vec<String>>>,
    fail: bool,
}

impl TokenCredential for Fake {
    fn get_token<'life0, 'life1, 'life2, 'life3, 'async_trait>(
        &'life0 self,
        scopes: &'life1 [&'life2 str],
        _options: Option<TokenRequestOptions<'life3>>,
    ) -> Pin<Box<dyn Future<Output = azure_core::Result<AzureToken>> + Send + 'async_trait>>
    where
        'life0: 'async_trait,
        'life1: 'async_trait,
        'life2: 'async_trait,
        'life3: 'async_trait,
        Self: 'async_trait,
    {
        self.scopes
            .lock()
            .unwrap()
            .push(scopes.iter().map(|s| s.to_string()).collect());
        let answer = if self.fail {
            Err(azure_core::Error::with_message(
                azure_core::error::ErrorKind::Credential,
                "no credential",
            ))
        } else {
            Ok(AzureToken::new(
                "azure-secret",
                OffsetDateTime::now_utc() + Duration::hours(1),
            ))
        };
        Box::pin(std::future::ready(answer))
    }
}

fn block_on<F: Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
        .block_on(future)
}

#[test]
fn tokens_come_from_the_credential_for_graphs_scope() {
    let fake = Arc::new(Fake {
        scopes: Mutex::new(Vec::new()),
        fail: false,
    });
    let provider = AzureCredential::new(fake.clone());
    assert!(!format!("{provider:?}").contains("azure-secret"));
    let token = block_on(provider.token()).unwrap();
    assert_eq!(token.secret(), "azure-secret");
    assert_eq!(
        *fake.scopes.lock().unwrap(),
        [vec!["https://graph.microsoft.com/.default".to_owned()]]
    );

    let transport = Arc::new(FakeTransport::default());
    let client = Client::builder()
        .token(AzureCredential::with_scopes(fake.clone(), ["a", "b"]))
        .transport(transport.clone())
        .build()
        .unwrap();
    block_on(
        client
            .root()
            .request(http::Method::GET, decode::unit)
            .send(),
    )
    .unwrap();
    let seen = transport.seen.lock().unwrap();
    assert_eq!(seen[0].headers()["authorization"], "Bearer azure-secret");
    assert_eq!(fake.scopes.lock().unwrap()[1], ["a", "b"]);
}

#[test]
fn credential_errors_are_auth_errors() {
    let fake = Arc::new(Fake {
        scopes: Mutex::new(Vec::new()),
        fail: true,
    });
    let transport = Arc::new(FakeTransport::default());
    let client = Client::builder()
        .token(AzureCredential::new(fake))
        .transport(transport.clone())
        .build()
        .unwrap();
    let result = block_on(
        client
            .root()
            .request(http::Method::GET, decode::unit)
            .send(),
    );
    assert!(matches!(result, Err(Error::Auth(_))), "{result:?}");
    assert_eq!(transport.count(), 0);
}
