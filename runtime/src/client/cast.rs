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

/// A generated reference type: the newtype over a [`Node`] (or over the
/// reference of its base type, which it derefs to, so that inherited members
/// cost no code), `From<Node>`, [`Reference`], `node()` and `cast()`.
///
/// `reference!(#[doc = "..."] UserRef, "microsoft.graph.user", PROPERTIES)` for a
/// type without a base; `reference!(#[doc = "..."] UserRef: DirectoryObjectRef, ...)`
/// for a derived one.
#[macro_export]
macro_rules! reference {
    ($(#[$attr:meta])* $name:ident, $ty:literal, $props:expr) => {
        $(#[$attr])*
        #[derive(Debug, Clone)]
        pub struct $name($crate::Node);
        impl ::core::convert::From<$crate::Node> for $name {
            #[inline]
            fn from(node: $crate::Node) -> Self {
                Self(node)
            }
        }
        impl $name {
            /// Its position (client and path).
            #[inline]
            pub fn node(&self) -> &$crate::Node {
                &self.0
            }
        }
        $crate::reference!(@common $name, $ty, $props);
    };
    ($(#[$attr:meta])* $name:ident : $base:ty, $ty:literal, $props:expr) => {
        $(#[$attr])*
        #[derive(Debug, Clone)]
        pub struct $name($base);
        impl ::core::convert::From<$crate::Node> for $name {
            #[inline]
            fn from(node: $crate::Node) -> Self {
                Self(::core::convert::From::from(node))
            }
        }
        impl $name {
            /// Its position (client and path). Members of the base type are reached through `Deref`.
            #[inline]
            pub fn node(&self) -> &$crate::Node {
                self.0.node()
            }
        }
        impl $crate::Derives<$base> for $name {}
        impl ::core::ops::Deref for $name {
            type Target = $base;
            #[inline]
            fn deref(&self) -> &$base {
                &self.0
            }
        }
        $crate::reference!(@common $name, $ty, $props);
    };
    (@common $name:ident, $ty:literal, $props:expr) => {
        impl $crate::Reference for $name {
            const TYPE: &'static str = $ty;
            const PROPERTIES: &'static [&'static str] = $props;
        }
        impl $name {
            #[doc = concat!("Cast to a type derived from `", $ty, "`: `.cast::<DerivedRef>()` (chain casts for deeper types).")]
            #[inline]
            pub fn cast<D: $crate::Derives<Self>>(&self) -> D {
                self.node().cast_to(D::TYPE)
            }
        }
    };
}
