//! Typed casts between generated references, and what they know of their type.

use super::Node;

/// A generated reference (`XRef`, `XCollectionRef`): a [`Node`] of a known
/// entity type.
pub trait Reference: From<Node> {
    /// The entity type's qualified name, e.g. `microsoft.graph.user`.
    const TYPE: &'static str;
    /// The names of its properties, navigation properties included (inherited
    /// ones too): what `$select`, `$expand` and `$orderby` may name unqualified.
    const PROPERTIES: &'static [&'static str];
}

/// `Self` refers to a type derived directly from the type of `Base` (a
/// reference of the same shape: one entity or a collection). Generated code
/// implements it so that `base.cast::<Self>()` compiles only for real subtypes.
pub trait Derives<Base>: Reference {}

/// Something that is a position in the graph: a reference, or where the
/// chain of a reference's base types ends.
pub trait Position {
    /// The position (client and path).
    fn node(&self) -> &Node;
}

/// A generated entity type, as the generic references of the generated crate
/// (`One<T>`, `Many<T>`) see it.
pub trait Model: serde::Serialize + 'static {
    /// The type's qualified name, e.g. `microsoft.graph.user`.
    const TYPE: &'static str;
    /// The names of its properties, navigation properties included.
    const PROPERTIES: &'static [&'static str];
    /// What a GET of one gives: the type's polymorphic `Any*` enum when it has
    /// derived types, else the type itself.
    type Read: crate::object::Value + serde::de::DeserializeOwned;
    /// The reference to one entity of the base type (or the end of the chain).
    type Up: From<Node> + Clone + std::fmt::Debug + Position;
    /// The reference to a collection of the base type (or the end of the chain).
    type UpMany: From<Node> + Clone + std::fmt::Debug + Position;
}
