//! Enum types become `#[non_exhaustive]` string-valued enums with an
//! `Unknown(String)` catch-all, so a member added in a later beta still
//! deserializes and round-trips. Flags enums are used through
//! `msgraph_runtime::Flags<E>`, which keeps unknown flags the same way.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::doc_attrs;
use super::layout::Layout;
use super::naming::{self, Scope};
use crate::model::{EnumType, Model};

/// The file for one enum type.
pub fn emit_enum(_m: &Model, layout: &Layout, e: &EnumType) -> TokenStream {
    let Some(placed) = layout.enums.get(&e.name) else {
        return TokenStream::new();
    };
    let name = format_ident!("{}", placed.ident);
    let mut scope = Scope::with_reserved(&["Unknown"]);
    let members: Vec<(String, proc_macro2::Ident, TokenStream)> = e
        .members
        .iter()
        .map(|mem| {
            let v = format_ident!("{}", scope.claim(naming::variant_name(&mem.name)));
            let note = format!("`{}` (value {}).", mem.name, mem.value);
            let docs = doc_attrs(&[mem.docs.description.as_deref()], &[note]);
            (mem.name.clone(), v, docs)
        })
        .collect();
    let variants = members.iter().map(|(_, v, docs)| quote! { #docs #v, });
    let to_str = members
        .iter()
        .map(|(wire, v, _)| quote! { Self::#v => #wire, });
    let from_str = members
        .iter()
        .map(|(wire, v, _)| quote! { #wire => Self::#v, });
    let wires = members.iter().map(|(wire, _, _)| wire);
    let kind = if e.flags {
        "flags enum type"
    } else {
        "enum type"
    };
    let mut notes = vec![format!("OData {kind} `{}`.", e.name)];
    if e.flags {
        notes.push(
            "Properties of this type hold a set of members: `msgraph_runtime::Flags<Self>`."
                .to_owned(),
        );
    }
    let docs = doc_attrs(
        &[
            e.docs.description.as_deref(),
            e.docs.long_description.as_deref(),
        ],
        &notes,
    );
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A member this version of the crate does not know, kept as received.
            Unknown(String),
        }

        impl #name {
            /// Every member this version of the crate knows, as sent on the wire.
            pub const VALUES: &'static [&'static str] = &[#(#wires),*];

            /// The member as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    Self::Unknown(other) => other,
                }
            }

            /// Every member this version of the crate knows.
            pub fn values() -> &'static [&'static str] {
                Self::VALUES
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ok(match s {
                    #(#from_str)*
                    other => Self::Unknown(other.to_owned()),
                })
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::msgraph_runtime::StringEnum for #name {
            fn as_str(&self) -> &str {
                #name::as_str(self)
            }

            fn from_wire(s: &str) -> Self {
                match s.parse() {
                    Ok(v) => v,
                    Err(never) => match never {},
                }
            }

            fn values() -> &'static [&'static str] {
                Self::VALUES
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                ::msgraph_runtime::enums::serialize(self, serializer)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                ::msgraph_runtime::enums::deserialize(deserializer)
            }
        }
    }
}
