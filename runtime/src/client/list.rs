//! `ListRequest<T>`: a GET of a collection, read one page at a time.

use std::collections::{HashSet, VecDeque};
use std::fmt;
use std::future::poll_fn;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use http::header::CONTENT_TYPE;
use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::origin::Origin;
use super::request::parse_with;
use super::{decode, BoxFuture, Client, Decode, Error, Node, Request};
use crate::Int64;

/// One page of a collection.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    /// The items (`value`).
    pub value: Vec<T>,
    /// Where the next page is (`@odata.nextLink`), if there is one.
    pub next_link: Option<String>,
    /// Where to ask for later changes (`@odata.deltaLink`), on the last page of a
    /// delta query.
    pub delta_link: Option<String>,
    /// The size of the whole collection (`@odata.count`), if `$count=true` was
    /// asked.
    pub count: Option<i64>,
}

/// A page as it travels.
#[derive(Deserialize)]
#[serde(bound = "T: DeserializeOwned")]
struct WirePage<T> {
    /// The items.
    value: Vec<T>,
    /// `@odata.nextLink`.
    #[serde(default, rename = "@odata.nextLink")]
    next_link: Option<String>,
    /// `@odata.deltaLink`.
    #[serde(default, rename = "@odata.deltaLink")]
    delta_link: Option<String>,
    /// `@odata.count`, a number or (IEEE754Compatible) a string.
    #[serde(default, rename = "@odata.count")]
    count: Option<Int64>,
}

/// Reads a page from a 2xx response.
fn decode_page<T: DeserializeOwned>(response: &http::Response<Vec<u8>>) -> Result<Page<T>, Error> {
    let page: WirePage<T> = decode::json(response)?;
    Ok(Page {
        value: page.value,
        next_link: page.next_link,
        delta_link: page.delta_link,
        count: page.count.map(i64::from),
    })
}

/// Reads a page of generated types from a 2xx response (the fast path).
fn decode_page_model<T: crate::object::Value>(
    response: &http::Response<Vec<u8>>,
) -> Result<Page<T>, Error> {
    crate::object::json::read_page(response.body()).map_err(|e| decode::model_error(response, &e))
}

/// A GET of a collection: query options, then the first page
/// ([`send`](Self::send)), every page ([`pages`](Self::pages)) or every item
/// ([`items`](Self::items), [`collect_all`](Self::collect_all)).
///
/// Further pages are fetched from `@odata.nextLink` as given (it carries the
/// query), with the same headers, but only when it has the scheme, host and port
/// of the client's base URL, or is an absolute path (`/beta/users?...`), which is
/// resolved against that origin: any other link yields [`Error::ForeignHost`]
/// and nothing is sent. A next link to a page already read in this run (`A`,
/// `B`, then `A` again) stops the pages with [`Error::InvalidRequest`] instead of
/// looping.
pub struct ListRequest<T> {
    /// The GET of the first page.
    request: Request<Page<T>>,
}

impl<T> Clone for ListRequest<T> {
    fn clone(&self) -> Self {
        ListRequest {
            request: self.request.clone(),
        }
    }
}

impl<T> fmt::Debug for ListRequest<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("ListRequest").field(&self.request).finish()
    }
}

impl<T: crate::object::Value> ListRequest<T> {
    /// The GET of the collection at `node`, its pages read by the fast path.
    pub(crate) fn new_model(node: Node) -> Self {
        ListRequest {
            request: Request::new(node, http::Method::GET, decode_page_model::<T>),
        }
    }
}

impl<T: DeserializeOwned> ListRequest<T> {
    /// The GET of the collection at `node`.
    pub(crate) fn new(node: Node) -> Self {
        ListRequest {
            request: Request::new(node, http::Method::GET, decode_page::<T>),
        }
    }

    /// The GET of a stored link, to resume paging (an `@odata.nextLink`) or a
    /// delta query (an `@odata.deltaLink`) later, such as
    /// `https://graph.microsoft.com/beta/users/delta()?$deltatoken=...`.
    ///
    /// The link must be on the client's scheme, host and port, or be an absolute
    /// path (starting with one `/`), resolved against that origin; otherwise
    /// [`to_http`](Self::to_http), [`send`](Self::send) and the pages fail with
    /// [`Error::ForeignHost`] and nothing is sent. The link carries the query:
    /// query options set on the result are appended to it, so usually none are.
    /// Headers are not stored in links: set again those the first request
    /// needed, such as `ConsistencyLevel: eventual` for `$search` or `$count`.
    pub fn from_link(client: &Client, url: &str) -> Self {
        ListRequest {
            request: Request::for_link(client, url, decode_page::<T>),
        }
    }

    /// Applies `f` to the underlying request.
    fn with(mut self, f: impl FnOnce(Request<Page<T>>) -> Request<Page<T>>) -> Self {
        self.request = f(self.request);
        self
    }

    /// `$select=a,b`.
    pub fn select<I, S>(self, fields: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.with(|r| r.select(fields))
    }

    /// `$expand=a,b`.
    pub fn expand<I, S>(self, fields: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.with(|r| r.expand(fields))
    }

    /// `$filter=<expression>`, such as `startswith(displayName,'a')`.
    pub fn filter(self, expression: &str) -> Self {
        self.with(|r| r.query("$filter", expression))
    }

    /// `$orderby=a desc,b`: each item (a property, optionally followed by ` asc` or
    /// ` desc`) is encoded, joined by literal commas.
    pub fn orderby<I, S>(mut self, items: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let items = self.request.checked("$orderby", items);
        self.request.query_mut().set_list("$orderby", items);
        self
    }

    /// Check `$select`, `$expand` and `$orderby` against the properties of the
    /// reference type `R` (see [`Request::known`]).
    pub fn known<R: super::Reference>(self) -> Self {
        self.with(|r| r.known::<R>())
    }

    /// `$top=n`: the page size.
    pub fn top(self, n: u32) -> Self {
        self.with(|r| r.query("$top", &n.to_string()))
    }

    /// `$skip=n`.
    pub fn skip(self, n: u32) -> Self {
        self.with(|r| r.query("$skip", &n.to_string()))
    }

    /// `$count=true` (and `ConsistencyLevel: eventual`) when `count`; no `$count`
    /// otherwise.
    pub fn count(mut self, count: bool) -> Self {
        if count {
            self.request.query_mut().set("$count", "true");
        } else {
            self.request.query_mut().remove("$count");
        }
        self
    }

    /// `$search=<expression>` (and `ConsistencyLevel: eventual`). The expression is
    /// sent as given, quotes included, such as `"displayName:room"`.
    pub fn search(self, expression: &str) -> Self {
        self.with(|r| r.query("$search", expression))
    }

    /// A request header, as [`Request::header`].
    pub fn header(self, name: &str, value: &str) -> Self {
        self.with(|r| r.header(name, value))
    }

    /// A raw query option, as [`Request::query`].
    pub fn query(self, name: &str, value: &str) -> Self {
        self.with(|r| r.query(name, value))
    }

    /// The GET of the first page, without any I/O (see [`Request::to_http`]).
    pub fn to_http(&self) -> Result<http::Request<Vec<u8>>, Error> {
        self.request.to_http()
    }

    /// A page from its response: [`Error::from_response`] for a non-2xx status.
    pub fn parse(&self, response: http::Response<Vec<u8>>) -> Result<Page<T>, Error> {
        self.request.parse(response)
    }

    /// Sends the GET and returns the first page only.
    pub async fn send(self) -> Result<Page<T>, Error> {
        self.request.send().await
    }

    /// Every page, following `@odata.nextLink`s.
    pub fn pages(self) -> Pages<T> {
        let client = self.request.node().client().clone();
        let decode = self.request.decoder();
        Pages {
            client,
            decode,
            headers: http::HeaderMap::new(),
            visited: HashSet::new(),
            state: State::Start(Box::new(self.request.to_http())),
        }
    }

    /// Every item of every page, in order.
    pub fn items(self) -> Items<T> {
        Items {
            pages: self.pages(),
            buffer: VecDeque::new(),
        }
    }

    /// Every item of every page, in order, or the first error.
    pub async fn collect_all(self) -> Result<Vec<T>, Error> {
        let mut pages = self.pages();
        let mut all = Vec::new();
        while let Some(page) = pages.next().await {
            all.extend(page?.value);
        }
        Ok(all)
    }
}

/// Where a [`Pages`] stands.
enum State {
    /// The first request (or why it could not be built) is yet to be sent.
    Start(Box<Result<http::Request<Vec<u8>>, Error>>),
    /// A request is on its way.
    Fetching(BoxFuture<'static, Result<http::Response<Vec<u8>>, Error>>),
    /// The next page is at this `@odata.nextLink`.
    Next(String),
    /// No more pages (the last was read, or an error was given).
    Done,
}

/// The pages of a collection, fetched one at a time: call
/// [`next`](Self::next), or use it as a [`Stream`]. It ends after the last page
/// or after the first error.
pub struct Pages<T> {
    /// Sends the requests.
    client: Client,
    /// Reads a page.
    decode: Decode<Page<T>>,
    /// The headers of the first request, sent again with every next link.
    headers: http::HeaderMap,
    /// The URLs requested so far (see [`visit_key`]), to stop a next link that
    /// points at a page already read.
    visited: HashSet<String>,
    /// Where it stands.
    state: State,
}

// `Pages` never pins anything of `T` (it holds `T` only in a function pointer).
impl<T> Unpin for Pages<T> {}

impl<T> fmt::Debug for Pages<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages")
            .field("client", &self.client)
            .field("visited", &self.visited.len())
            .finish_non_exhaustive()
    }
}

impl<T> Pages<T> {
    /// The next page; `None` after the last page or after an error.
    pub async fn next(&mut self) -> Option<Result<Page<T>, Error>> {
        poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// Starts sending `request`.
    fn fetch(&mut self, request: http::Request<Vec<u8>>) {
        tracing::debug!(
            target: "msgraph",
            page = self.visited.len() + 1,
            url = %request.uri(),
            "fetching a page"
        );
        self.visited.insert(visit_key(request.uri()));
        let client = self.client.clone();
        self.state = State::Fetching(Box::pin(async move { client.execute(request).await }));
    }

    /// The GET of the next link `url`, or why it must not be sent.
    fn next_request(&self, url: String) -> Result<http::Request<Vec<u8>>, Error> {
        let uri = self.client.resolve_link(&url)?;
        if self.visited.contains(&visit_key(&uri)) {
            return Err(Error::InvalidRequest(format!(
                "the service gave {url:?} as the next link, a page already read"
            )));
        }
        let mut request = http::Request::new(Vec::new());
        *request.uri_mut() = uri;
        *request.headers_mut() = self.headers.clone();
        Ok(request)
    }
}

/// The URL `uri` as [`Pages`] remembers it: its origin in a canonical spelling
/// (lower case, no default port) and its path and query as given.
fn visit_key(uri: &http::Uri) -> String {
    let origin = Origin::of(uri).map(|o| o.prefix()).unwrap_or_default();
    let rest = uri.path_and_query().map_or("/", |pq| pq.as_str());
    format!("{origin}{rest}")
}

impl<T> Stream for Pages<T> {
    type Item = Result<Page<T>, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            match std::mem::replace(&mut this.state, State::Done) {
                State::Start(first) => {
                    let request = match *first {
                        Ok(request) => request,
                        Err(e) => return Poll::Ready(Some(Err(e))),
                    };
                    this.headers = request.headers().clone();
                    this.headers.remove(CONTENT_TYPE);
                    this.fetch(request);
                }
                State::Next(url) => match this.next_request(url) {
                    Ok(request) => this.fetch(request),
                    Err(e) => return Poll::Ready(Some(Err(e))),
                },
                State::Fetching(mut future) => {
                    let response = match future.as_mut().poll(cx) {
                        Poll::Pending => {
                            this.state = State::Fetching(future);
                            return Poll::Pending;
                        }
                        Poll::Ready(Ok(response)) => response,
                        Poll::Ready(Err(e)) => return Poll::Ready(Some(Err(e))),
                    };
                    let page = parse_with(this.decode, &response);
                    if let Ok(Page {
                        next_link: Some(link),
                        ..
                    }) = &page
                    {
                        this.state = State::Next(link.clone());
                    }
                    return Poll::Ready(Some(page));
                }
                State::Done => return Poll::Ready(None),
            }
        }
    }
}

/// Every item of every page of a collection, in order: call
/// [`next`](Self::next), or use it as a [`Stream`]. It ends after the last item
/// or after the first error.
pub struct Items<T> {
    /// The pages.
    pages: Pages<T>,
    /// Items of the current page not yet given.
    buffer: VecDeque<T>,
}

// `Items` never pins a `T`: they are moved out of the buffer.
impl<T> Unpin for Items<T> {}

impl<T> fmt::Debug for Items<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Items")
            .field("pages", &self.pages)
            .field("buffered", &self.buffer.len())
            .finish()
    }
}

impl<T> Items<T> {
    /// The next item; `None` after the last item or after an error.
    pub async fn next(&mut self) -> Option<Result<T, Error>> {
        poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }
}

impl<T> Stream for Items<T> {
    type Item = Result<T, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.buffer.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            match Pin::new(&mut this.pages).poll_next(cx) {
                Poll::Ready(Some(Ok(page))) => this.buffer.extend(page.value),
                Poll::Ready(Some(Err(e))) => return Poll::Ready(Some(Err(e))),
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}
