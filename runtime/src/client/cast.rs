//! Typed casts between generated references.

use super::Node;

/// A generated reference (`XRef`, `XCollectionRef`): a [`Node`] of a known
/// entity type.
pub trait Reference: From<Node> {
    /// The entity type's qualified name, e.g. `microsoft.graph.user`.
    const TYPE: &'static str;
}

/// `Self` refers to a type derived directly from the type of `Base` (a
/// reference of the same shape: one entity or a collection). Generated code
/// implements it so that `base.cast::<Self>()` compiles only for real subtypes.
pub trait Derives<Base>: Reference {}
