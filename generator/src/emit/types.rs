//! Entity and complex types become structs; types with derived types also
//! get a polymorphic `Any*` enum that dispatches on `@odata.type`.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use super::docs::doc_attrs;
use super::features::Features;
use super::layout::{Layout, Placed};
use super::naming::{self, Scope};
use crate::model::{Model, Primitive, Property, StructType, StructuredKind, TypeKind, TypeRef};

/// The name of the `Edm.Json`-like Graph type that carries arbitrary JSON.
const GRAPH_JSON: &str = "microsoft.graph.Json";

/// An identifier, raw if it is a keyword.
pub fn ident(name: &str) -> Ident {
    if naming::needs_raw(name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        Ident::new(name, Span::call_site())
    }
}

/// The path of a placed item as seen from a file inside module `from`.
pub fn item_path(placed: &Placed, ident_name: &str, from: &str) -> TokenStream {
    let name = format_ident!("{}", ident_name);
    if placed.module == from {
        quote!(super::#name)
    } else {
        let module = format_ident!("{}", placed.module);
        quote!(crate::#module::#name)
    }
}

/// The Rust type of one value of `t` (no collection, no optionality), or
/// `None` for `Edm.Stream`, which has no JSON representation.
pub fn element_type(m: &Model, layout: &Layout, t: &TypeRef, from: &str) -> Option<TokenStream> {
    let rt = quote!(::msgraph_runtime);
    Some(match t.kind {
        TypeKind::Primitive => match t.primitive() {
            Some(Primitive::String) => quote!(String),
            Some(Primitive::Boolean) => quote!(bool),
            Some(Primitive::Byte) => quote!(u8),
            Some(Primitive::SByte) => quote!(i8),
            Some(Primitive::Int16) => quote!(i16),
            Some(Primitive::Int32) => quote!(i32),
            Some(Primitive::Int64) => quote!(#rt::Int64),
            Some(Primitive::Single) => quote!(#rt::Single),
            Some(Primitive::Double) => quote!(#rt::Double),
            Some(Primitive::Decimal) => quote!(#rt::Decimal),
            Some(Primitive::DateTimeOffset) => quote!(#rt::DateTimeOffset),
            Some(Primitive::Date) => quote!(#rt::Date),
            Some(Primitive::TimeOfDay) => quote!(#rt::TimeOfDay),
            Some(Primitive::Duration) => quote!(#rt::Duration),
            Some(Primitive::Guid) => quote!(#rt::Guid),
            Some(Primitive::Binary) => quote!(#rt::Binary),
            Some(Primitive::Stream) => return None,
            Some(Primitive::Geography | Primitive::Geometry) => quote!(#rt::Geo),
            Some(Primitive::Untyped) | None => quote!(::serde_json::Value),
        },
        TypeKind::Enum => {
            let placed = layout.enums.get(&t.name)?;
            let path = item_path(placed, &placed.ident, from);
            match m.enums.get(&t.name) {
                Some(e) if e.flags => quote!(#rt::Flags<#path>),
                _ => path,
            }
        }
        TypeKind::Complex | TypeKind::Entity => {
            if t.name == GRAPH_JSON {
                return Some(quote!(::serde_json::Value));
            }
            let placed = layout.structs.get(&t.name)?;
            match &placed.any {
                Some(any) => item_path(placed, any, from),
                None => item_path(placed, &placed.ident, from),
            }
        }
        TypeKind::Definition => {
            let placed = layout.definitions.get(&t.name)?;
            item_path(placed, &placed.ident, from)
        }
        TypeKind::External => quote!(::serde_json::Value),
    })
}

/// Whether values of `t` are structs (and so boxed when single, to allow recursion).
fn is_struct(t: &TypeRef) -> bool {
    matches!(t.kind, TypeKind::Complex | TypeKind::Entity) && t.name != GRAPH_JSON
}

/// A struct field for a property, with its serde attributes, or `None` for streams.
fn field(
    m: &Model,
    layout: &Layout,
    p: &Property,
    rust_name: &str,
    from: &str,
) -> Option<TokenStream> {
    let elem = element_type(m, layout, &p.ty, from)?;
    let name = ident(rust_name);
    let wire = &p.name;
    let ty = if p.ty.collection {
        quote!(Option<Vec<#elem>>)
    } else {
        let elem = if is_struct(&p.ty) {
            quote!(Box<#elem>)
        } else {
            elem
        };
        if p.nullable {
            quote!(::msgraph_runtime::Nullable<#elem>)
        } else {
            quote!(Option<#elem>)
        }
    };
    let mut notes = Vec::new();
    let mut facts = Vec::new();
    if p.navigation {
        facts.push(if p.contains_target {
            "contained navigation"
        } else {
            "navigation"
        });
    }
    if p.computed {
        facts.push("read-only (computed by the service)");
    }
    if p.immutable {
        facts.push("immutable after creation");
    }
    if !p.nullable && !p.ty.collection {
        facts.push("not nullable");
    }
    let type_text = p.ty.written();
    let mut line = format!("`{wire}`: `{type_text}`");
    if !facts.is_empty() {
        line.push_str("; ");
        line.push_str(&facts.join(", "));
    }
    line.push('.');
    notes.push(line);
    let docs = doc_attrs(
        &[
            p.docs.description.as_deref(),
            p.docs.long_description.as_deref(),
        ],
        &notes,
    );
    Some(quote! {
        #docs
        pub #name: #ty,
    })
}

/// The file for one structured type: the struct, and its `Any*` enum if it has derived types.
pub fn emit_struct(m: &Model, layout: &Layout, features: &Features, t: &StructType) -> TokenStream {
    let Some(placed) = layout.structs.get(&t.name) else {
        return TokenStream::new();
    };
    let from = placed.module.as_str();
    let name = format_ident!("{}", placed.ident);
    let mut scope = Scope::with_reserved(&[naming::EXTRA_FIELD]);
    let mut fields = Vec::new();
    let mut streams = Vec::new();
    // (JSON name, field) of every field, for the `Object` impl.
    let mut slots = Vec::new();
    for p in m.all_properties(&t.name) {
        let rust = scope.claim(naming::field_name(&p.name));
        match field(m, layout, p, &rust, from) {
            Some(f) => {
                // A navigation property into a type no enabled area includes is left out.
                let gate = if p.ty.kind == TypeKind::Primitive {
                    TokenStream::new()
                } else {
                    features.member_gate(&t.name, &p.ty.name)
                };
                fields.push(quote!(#gate #f));
                slots.push((p.name.as_str(), ident(&rust), gate));
            }
            None => streams.push(format!("`{}`", p.name)),
        }
    }
    let kind = match t.kind {
        StructuredKind::Entity => "entity type",
        StructuredKind::Complex => "complex type",
    };
    let mut line = format!("OData {kind} `{}`", t.name);
    if let Some(b) = &t.base {
        line.push_str(&format!(", derived from `{b}`"));
    }
    let flags: Vec<&str> = [
        (t.is_abstract, "abstract"),
        (t.open, "open"),
        (t.has_stream, "has a media stream"),
    ]
    .iter()
    .filter(|(on, _)| *on)
    .map(|(_, s)| *s)
    .collect();
    if !flags.is_empty() {
        line.push_str(&format!(" ({})", flags.join(", ")));
    }
    line.push('.');
    let mut notes = vec![line];
    if !streams.is_empty() {
        notes.push(format!(
            "Stream properties, read and written through their own URLs rather than JSON: {}.",
            streams.join(", ")
        ));
    }
    let docs = doc_attrs(
        &[
            t.docs.description.as_deref(),
            t.docs.long_description.as_deref(),
        ],
        &notes,
    );
    let extra = format_ident!("{}", naming::EXTRA_FIELD);
    let names = slots.iter().map(|(wire, _, gate)| quote!(#gate #wire));
    let idents = slots.iter().map(|(_, f, gate)| quote!(#gate #f));
    let strukt = quote! {
        #docs
        #[derive(Clone, Default)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            /// Properties this version of the crate does not know, and `@odata.*` annotations, kept as received.
            pub #extra: ::serde_json::Map<String, ::serde_json::Value>,
        }

        /// The JSON names of the fields, in declaration order.
        const FIELDS: &[&str] = &[#(#names),*];

        ::msgraph_runtime::object!(#name, FIELDS, [#(#idents),*]);
    };
    let any = placed
        .any
        .as_ref()
        .map(|any| emit_any(m, layout, features, t, placed, any))
        .unwrap_or_default();
    quote! { #strukt #any }
}

/// The polymorphic enum for a type with derived types.
fn emit_any(
    m: &Model,
    layout: &Layout,
    features: &Features,
    t: &StructType,
    placed: &Placed,
    any: &str,
) -> TokenStream {
    let from = placed.module.as_str();
    let any = format_ident!("{}", any);
    let mut scope = Scope::with_reserved(&["Unknown"]);
    let mut variants = Vec::new();
    let all = std::iter::once(t.name.as_str()).chain(m.descendants(&t.name));
    for q in all {
        let Some(p) = layout.structs.get(q) else {
            continue;
        };
        let v = format_ident!("{}", scope.claim(p.ident.clone()));
        // A derived type that no area including the base reaches dispatches
        // only when an area that includes it is enabled.
        let gate = features.member_gate(&t.name, q);
        variants.push((q.to_owned(), v, item_path(p, &p.ident, from), gate));
    }
    let defs = variants.iter().map(|(q, v, path, gate)| {
        let doc = format!(" `{q}`.");
        quote! { #[doc = #doc] #gate #v(Box<#path>), }
    });
    let (base_variant, derived) = match variants.split_first() {
        Some((b, rest)) => (&b.1, rest),
        None => return TokenStream::new(),
    };
    let picks = derived
        .iter()
        .map(|(q, v, _, gate)| quote! { #gate #q => #v, });
    let doc = format!(
        " `{}` or any type derived from it, told apart by `@odata.type` (the base type when absent or unknown).",
        t.name
    );
    quote! {
        #[doc = #doc]
        #[derive(Clone)]
        #[non_exhaustive]
        pub enum #any {
            #(#defs)*
        }

        ::msgraph_runtime::poly!(#any, #base_variant, [#(#picks)*]);
    }
}
