//! Short forms of the calls generated code makes most, so that the generated
//! files stay small: a navigation step, a key, a cast, and the CRUD requests.

use super::{decode, Decode, Node, Request};

impl Node {
    /// The reference `R` at the navigation property (or entity set) `name`.
    #[doc(hidden)] // for generated code; users write `segment`, `key`, `request`
    pub fn nav<R: From<Node>>(&self, name: &str) -> R {
        R::from(self.segment(name))
    }

    /// The reference `R` at the entity with `key` (percent-encoded).
    #[doc(hidden)] // for generated code; users write `segment`, `key`, `request`
    pub fn by_id<R: From<Node>>(&self, key: impl AsRef<str>) -> R {
        R::from(self.key(key.as_ref()))
    }

    /// The reference `R` at the cast to `qualified_type`.
    #[doc(hidden)] // for generated code; users write `segment`, `key`, `request`
    pub fn cast_to<R: From<Node>>(&self, qualified_type: &str) -> R {
        R::from(self.cast(qualified_type))
    }

    /// `GET` this node, the body parsed as `T`.
    pub fn get<T: serde::de::DeserializeOwned>(&self) -> Request<T> {
        self.request(http::Method::GET, decode::json)
    }

    /// `GET` this node, the response decoded by `decode`.
    #[doc(hidden)] // for generated code; users write `segment`, `key`, `request`
    pub fn get_with<T>(&self, decode: Decode<T>) -> Request<T> {
        self.request(http::Method::GET, decode)
    }

    /// `PATCH` this node with `body` as JSON.
    pub fn patch<B: serde::Serialize + ?Sized>(&self, body: &B) -> Request<()> {
        self.request(http::Method::PATCH, decode::unit).json(body)
    }

    /// `DELETE` this node.
    pub fn delete(&self) -> Request<()> {
        self.request(http::Method::DELETE, decode::unit)
    }

    /// `POST` `body` as JSON to this node (a collection), the created entity parsed as `T`.
    pub fn post<B: serde::Serialize + ?Sized, T: serde::de::DeserializeOwned>(
        &self,
        body: &B,
    ) -> Request<T> {
        self.request(http::Method::POST, decode::json).json(body)
    }

    /// `GET` this node, the body read as a generated type by the fast path.
    #[doc(hidden)] // for generated code; users write `segment`, `key`, `request`
    pub fn get_model<T: crate::object::Value>(&self) -> Request<T> {
        self.request(http::Method::GET, decode::model)
    }

    /// `POST` `body` as JSON to this node (a collection), the created entity
    /// read as a generated type by the fast path.
    #[doc(hidden)] // for generated code; users write `segment`, `key`, `request`
    pub fn post_model<B: serde::Serialize + ?Sized, T: crate::object::Value>(
        &self,
        body: &B,
    ) -> Request<T> {
        self.request(http::Method::POST, decode::model).json(body)
    }

    /// `GET` this collection a page at a time, the pages read by the fast path.
    #[doc(hidden)] // for generated code; users write `segment`, `key`, `request`
    pub fn list_model<T: crate::object::Value>(&self) -> super::ListRequest<T> {
        super::ListRequest::new_model(self.clone())
    }

    /// `POST` to the action `name` bound here, the response decoded by `decode`.
    #[doc(hidden)] // for generated code; users write `segment`, `key`, `request`
    pub fn action<T>(&self, name: &str, decode: Decode<T>) -> Request<T> {
        self.segment(name).request(http::Method::POST, decode)
    }
}

impl Node {
    /// `GET` this node's content as bytes (a stream property such as `content`).
    #[doc(hidden)] // for generated code; users write `segment`, `key`, `request`
    pub fn get_bytes(&self) -> Request<Vec<u8>> {
        self.get_with(decode::bytes).header("Accept", "*/*")
    }

    /// `PUT` `content` as this node's content (a stream property).
    #[doc(hidden)] // for generated code; users write `segment`, `key`, `request`
    pub fn put_bytes(&self, content: Vec<u8>, content_type: &str) -> Request<()> {
        self.request(http::Method::PUT, decode::unit)
            .body(content, content_type)
    }

    /// `GET` the media stream of this entity (`$value`) as bytes.
    pub fn get_value(&self) -> Request<Vec<u8>> {
        self.dollar_value().get_bytes()
    }

    /// `PUT` `content` into the media stream of this entity (`$value`).
    pub fn put_value(&self, content: Vec<u8>, content_type: &str) -> Request<()> {
        self.dollar_value().put_bytes(content, content_type)
    }

    /// `POST` a reference to the entity at `odata_id` (an absolute URL) into this
    /// collection of a non-containment navigation property (`.../members/$ref`).
    pub fn add_ref(&self, odata_id: &str) -> Request<()> {
        self.dollar_ref()
            .request(http::Method::POST, decode::unit)
            .json(&serde_json::json!({ "@odata.id": odata_id }))
    }

    /// `PUT` the reference of this single-valued navigation property (`.../manager/$ref`).
    pub fn set_ref(&self, odata_id: &str) -> Request<()> {
        self.dollar_ref()
            .request(http::Method::PUT, decode::unit)
            .json(&serde_json::json!({ "@odata.id": odata_id }))
    }

    /// `DELETE` the reference this node names (`.../members/{id}/$ref`), not the entity.
    pub fn remove_ref(&self) -> Request<()> {
        self.dollar_ref()
            .request(http::Method::DELETE, decode::unit)
    }

    /// `GET` the number of members of this collection (`$count`, sent with
    /// `ConsistencyLevel: eventual`).
    pub fn count(&self) -> Request<i64> {
        self.dollar_count()
            .get_with(decode::count)
            .header("ConsistencyLevel", "eventual")
            .header("Accept", "text/plain")
    }
}

/// A structural property with a URL of its own, such as `/me/mailboxSettings`:
/// `get()` reads it alone (`None` when it is null) and `update()` PATCHes it.
pub struct Property<T> {
    /// Where the property is.
    node: Node,
    /// The property's type.
    value: std::marker::PhantomData<fn() -> T>,
}

impl<T> Clone for Property<T> {
    fn clone(&self) -> Self {
        Property {
            node: self.node.clone(),
            value: std::marker::PhantomData,
        }
    }
}

impl<T> std::fmt::Debug for Property<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Property").field(&self.node).finish()
    }
}

impl<T> From<Node> for Property<T> {
    fn from(node: Node) -> Self {
        Property {
            node,
            value: std::marker::PhantomData,
        }
    }
}

impl<T> Property<T> {
    /// Its position (client and path).
    pub fn node(&self) -> &Node {
        &self.node
    }
}

impl<T: serde::de::DeserializeOwned> Property<T> {
    /// `GET` the property: `None` when it is null, which services answer with
    /// `204 No Content`, an empty body, `null` or `{"value": null}`.
    pub fn get(&self) -> Request<Option<T>> {
        self.node.get_with(decode::value::<Option<T>>)
    }
}

impl<T: serde::Serialize> Property<T> {
    /// `PATCH` the property with `value`.
    pub fn update(&self, value: &T) -> Request<()> {
        self.node.patch(value)
    }
}
