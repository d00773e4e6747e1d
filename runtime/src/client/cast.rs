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
