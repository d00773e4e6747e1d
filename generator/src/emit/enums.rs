//! Enum types become `#[non_exhaustive]` string-valued enums with an
//! `Unrecognized(String)` catch-all, so a member added in a later beta still
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
    let catch_all = format_ident!("{}", naming::CATCH_ALL_VARIANT);
    let mut scope = Scope::with_reserved(&[naming::CATCH_ALL_VARIANT]);
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
    let pairs = members.iter().map(|(wire, v, _)| quote! { #v = #wire, });
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
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A member this version of the crate does not know, kept as received.
            #catch_all(String),
        }

        ::msgraph_runtime::string_enum!(#name { #(#pairs)* });
    }
}
