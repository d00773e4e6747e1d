//! The calling side of the crate, generated from the navigation graph.
//!
//! Every entity type gets two references: `XRef` (one entity) and
//! `XCollectionRef` (a collection of them). A reference is a position in the
//! graph (a [`msgraph_runtime::Node`]: client plus path); its methods are the
//! type's navigation properties, casts to its derived types, the operations
//! bound to it, and the CRUD calls. A derived type's reference wraps and
//! derefs to its base type's, so inherited members cost no code. The code
//! therefore grows with types and operations, never with the number of paths:
//! `/a/{id}/b/{id}/op` is `client.a().by_id(..).b().by_id(..).op(..)`.
//!
//! Every call is a sans-IO [`msgraph_runtime::Request`]: it builds an
//! `http::Request`, parses an `http::Response`, or is sent by the client's
//! transport.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::doc_attrs;
use super::layout::{Layout, Placed};
use super::naming::{self, Scope};
use super::operations::Plan;
use super::types::{element_type, ident, item_path};
use crate::model::{Model, OpKind, Operation, Parameter, Primitive, StructType, TypeKind, TypeRef};

/// The actions and functions bound to each type, by index into `Model::operations`.
#[derive(Debug, Default)]
pub struct Bound {
    single: BTreeMap<String, Vec<usize>>,
    collection: BTreeMap<String, Vec<usize>>,
}

impl Bound {
    /// Index the bound actions and functions of `m`.
    pub fn of(m: &Model) -> Bound {
        let mut out = Bound::default();
        for (i, op) in m.operations.iter().enumerate() {
            let Some(b) = op.binding.as_ref().filter(|_| !op.kind.is_crud()) else {
                continue;
            };
            let map = if b.collection {
                &mut out.collection
            } else {
                &mut out.single
            };
            map.entry(b.type_name.clone()).or_default().push(i);
        }
        out
    }
}

/// What a generated file needs to write calls.
pub struct Context<'a> {
    /// The model.
    pub m: &'a Model,
    /// Names of every item.
    pub layout: &'a Layout,
    /// Names of every operation.
    pub plan: &'a Plan<'a>,
    /// Bound operations per type.
    pub bound: &'a Bound,
    /// The crate's features and gates.
    pub features: &'a super::features::Features,
    /// Where `Client::new` sends.
    pub base_url: &'a str,
}

/// Client code names the runtime through a file-level `use ::msgraph_runtime as rt;`
/// (see [`prelude`]), which keeps the generated files short.
fn rt() -> TokenStream {
    quote!(rt)
}

/// The `use` line a file with client code starts with.
pub fn prelude() -> TokenStream {
    quote!(
        use ::msgraph_runtime as rt;
    )
}

/// The references of entity type `t`, for its file: its [`msgraph_runtime::Model`]
/// impl (what the generic `One<T>` and `Many<T>` of `client.rs` need), the
/// `XRef` and `XCollectionRef` aliases, and its own methods: navigation,
/// streams, complex properties and bound operations. The CRUD calls, `node`
/// and `cast` are generic, written once for every type.
pub fn refs(cx: &Context<'_>, t: &StructType) -> TokenStream {
    let Some(placed) = cx.layout.structs.get(&t.name) else {
        return TokenStream::new();
    };
    let Some((single, collection)) = &placed.refs else {
        return TokenStream::new();
    };
    let from = placed.module.as_str();
    let rt = rt();
    let base = t
        .base
        .as_deref()
        .and_then(|b| cx.layout.structs.get(b))
        .and_then(|p| {
            let (s, c) = p.refs.as_ref()?;
            Some((item_path(p, s, from), item_path(p, c, from)))
        });
    let elem = element_path(placed, from);
    let own = format_ident!("{}", placed.ident);

    // One entity: the generic methods' names are taken.
    let mut scope = Scope::with_reserved(&["node", "cast", "get", "update", "delete"]);
    let mut methods = Vec::new();
    if t.has_stream {
        let get = ident(&scope.claim("content".to_owned()));
        let put = ident(&scope.claim("put_content".to_owned()));
        methods.push(stream_methods(&get, &put, None));
    }
    for p in &t.properties {
        if p.navigation {
            let Some(target) = cx.layout.structs.get(&p.ty.name) else {
                continue;
            };
            let Some((ts, tc)) = &target.refs else {
                continue;
            };
            let name = ident(&scope.claim(naming::field_name(&p.name)));
            let ty = item_path(target, if p.ty.collection { tc } else { ts }, from);
            let wire = &p.name;
            let doc = format!(" `{wire}`: `{}`.", p.ty.written());
            let gate = cx.features.member_gate(&t.name, &p.ty.name);
            methods.push(quote! {
                #[doc = #doc]
                #gate
                #[inline] pub fn #name(&self) -> #ty { self.node().nav(#wire) }
            });
        } else if p.ty.kind == TypeKind::Complex && !p.ty.collection {
            // A complex property has its own URL: GET and PATCH it alone.
            let Some(ty) = element_type(cx.m, cx.layout, &p.ty, from) else {
                continue;
            };
            let name = ident(&scope.claim(naming::field_name(&p.name)));
            let wire = &p.name;
            let doc = format!(" The property `{wire}` (`{}`) on its own URL.", p.ty.name);
            methods.push(quote! {
                #[doc = #doc]
                #[inline] pub fn #name(&self) -> #rt::Property<#ty> { self.node().nav(#wire) }
            });
        } else if p.ty.is_single(Primitive::Stream) {
            let get = ident(&scope.claim(naming::field_name(&p.name)));
            let put = ident(&scope.claim(format!("put_{}", naming::field_name(&p.name))));
            methods.push(stream_methods(&get, &put, Some(&p.name)));
        }
    }
    methods.extend(bound_methods(cx, &cx.bound.single, t, from, &mut scope));

    // A collection.
    let mut scope = Scope::with_reserved(&["node", "cast", "by_id", "list", "create"]);
    let cmethods = bound_methods(cx, &cx.bound.collection, t, from, &mut scope);

    let single_id = format_ident!("{}", single);
    let collection_id = format_ident!("{}", collection);
    let sdoc = format!(
        " A reference to one `{}`: its navigation properties, casts, bound operations and CRUD calls.",
        t.name
    );
    let cdoc = format!(
        " A reference to a collection of `{}`: `by_id`, `list`, `create`, casts and the operations bound to the collection.",
        t.name
    );
    let (up, up_many) = match &base {
        Some((bs, bc)) => (quote!(#bs), quote!(#bc)),
        None => (quote!(crate::client::Top), quote!(crate::client::Top)),
    };
    let qualified = &t.name;
    let one_impl = (!methods.is_empty()).then(|| quote! { impl crate::One<#own> { #(#methods)* } });
    let many_impl =
        (!cmethods.is_empty()).then(|| quote! { impl crate::Many<#own> { #(#cmethods)* } });
    let all = cx.m.all_properties(&t.name);
    // The struct's `FIELDS` unless a stream property (which has no field) is selectable too.
    let properties = if all.iter().any(|p| p.ty.is_single(Primitive::Stream)) {
        let names = all.iter().map(|p| p.name.as_str());
        quote!(&[#(#names),*])
    } else {
        quote!(FIELDS)
    };
    quote! {
        /// Property names of the type, navigation included, for checking query options.
        const PROPERTIES: &[&str] = #properties;
        impl #rt::Model for #own {
            const TYPE: &'static str = #qualified;
            const PROPERTIES: &'static [&'static str] = PROPERTIES;
            type Read = #elem;
            type Up = #up;
            type UpMany = #up_many;
        }
        #[doc = #sdoc]
        pub type #single_id = crate::One<#own>;
        #[doc = #cdoc]
        pub type #collection_id = crate::Many<#own>;
        #one_impl
        #many_impl
    }
}

/// The methods of the actions and functions `bound` to `t`, named in `scope`.
fn bound_methods(
    cx: &Context<'_>,
    bound: &BTreeMap<String, Vec<usize>>,
    t: &StructType,
    from: &str,
    scope: &mut Scope,
) -> Vec<TokenStream> {
    let ops = bound.get(&t.name).map(Vec::as_slice).unwrap_or_default();
    ops.iter()
        .filter_map(|&i| Some((i, cx.m.operations.get(i)?)))
        .map(|(i, op)| {
            let name = scope.claim(method_name(cx.m, ops, op));
            operation(cx, i, op, &name, from, quote!(self.node()))
        })
        .collect()
}

/// The element type of a collection of `placed` (its `Any*` enum if it has one).
fn element_path(placed: &Placed, from: &str) -> TokenStream {
    item_path(placed, placed.any.as_deref().unwrap_or(&placed.ident), from)
}

/// GET and PUT of a stream: the entity's media (`$value`, `segment` is `None`)
/// or a stream property.
fn stream_methods(
    get: &proc_macro2::Ident,
    put: &proc_macro2::Ident,
    segment: Option<&str>,
) -> TokenStream {
    let rt = rt();
    let what = segment.unwrap_or("$value");
    let gdoc = format!(" GET the stream `{what}` as bytes.");
    let pdoc = format!(" PUT new content into the stream `{what}`.");
    let (node, g, p) = match segment {
        Some(s) => (
            quote!(self.node().segment(#s)),
            quote!(get_bytes),
            quote!(put_bytes),
        ),
        None => (quote!(self.node()), quote!(get_value), quote!(put_value)),
    };
    quote! {
        #[doc = #gdoc]
        #[inline] pub fn #get(&self) -> #rt::Request<Vec<u8>> { #node.#g() }
        #[doc = #pdoc]
        #[inline] pub fn #put(&self, content: Vec<u8>, content_type: &str) -> #rt::Request<()> {
            #node.#p(content, content_type)
        }
    }
}

/// The method name of `op` among the operations `ops` bound to the same
/// reference: its snake_case name, and for overloads (same name, other
/// parameters) `_with_` and the parameter names, so that names do not
/// depend on the order of the CSDL; the overload without parameters keeps
/// the plain name.
fn method_name(m: &Model, ops: &[usize], op: &Operation) -> String {
    let base = naming::field_name(&op.name);
    let overloaded = ops
        .iter()
        .filter_map(|&i| m.operations.get(i))
        .filter(|o| o.name == op.name)
        .count()
        > 1;
    if !overloaded || op.parameters.is_empty() {
        return base;
    }
    let params: Vec<String> = op
        .parameters
        .iter()
        .map(|p| naming::field_name(&p.name).trim_end_matches('_').to_owned())
        .collect();
    format!(
        "{}_with_{}",
        base.trim_end_matches('_'),
        params.join("_and_")
    )
}

/// What a call returns: the Rust type and the runtime decoder.
fn returns(cx: &Context<'_>, ret: Option<&TypeRef>, from: &str) -> (TokenStream, TokenStream) {
    let rt = rt();
    let Some(t) = ret else {
        return (quote!(()), quote!(#rt::decode::unit));
    };
    let Some(elem) = element_type(cx.m, cx.layout, t, from) else {
        return (quote!(Vec<u8>), quote!(#rt::decode::bytes));
    };
    if t.collection {
        (quote!(Vec<#elem>), quote!(#rt::decode::value))
    } else if t.kind == TypeKind::Entity {
        (elem, quote!(#rt::decode::model))
    } else {
        (elem, quote!(#rt::decode::value))
    }
}

/// A method for action or function `op` (index `i`), reached from `node`.
pub fn operation(
    cx: &Context<'_>,
    i: usize,
    op: &Operation,
    name: &str,
    from: &str,
    node: TokenStream,
) -> TokenStream {
    operation_at(cx, i, op, name, from, node, &op.segment_name())
}

fn operation_at(
    cx: &Context<'_>,
    i: usize,
    op: &Operation,
    name: &str,
    from: &str,
    node: TokenStream,
    segment: &str,
) -> TokenStream {
    let rt = rt();
    let names = cx.plan.names.get(i).cloned().unwrap_or_default();
    let stem = format_ident!("{}", names.stem);
    let see = format!(
        "{} `{}`: paths, permissions and status in [`{}`](crate::operations::{}::{}).",
        op.kind.as_str(),
        op.name,
        names.konst,
        names.stem,
        names.konst
    );
    let docs = doc_attrs(&[op.docs.description.as_deref()], &[see]);
    let name = ident(name);
    if op.kind == OpKind::Function {
        return function(cx, op, &name, from, node, segment, docs);
    }
    let (ret, decode) = returns(cx, op.returns.as_ref(), from);
    match names.request.as_deref() {
        Some(req) => {
            let req = format_ident!("{}", req);
            quote! {
                #docs
                #[inline] pub fn #name(&self, body: impl Into<crate::operations::#stem::#req>) -> #rt::Request<#ret> {
                    let body: crate::operations::#stem::#req = body.into();
                    #node.action(#segment, #decode).json(&body)
                }
            }
        }
        None => quote! {
            #docs
            #[inline] pub fn #name(&self) -> #rt::Request<#ret> {
                #node.action(#segment, #decode)
            }
        },
    }
}

/// A function: parameters in the URL as OData literals (or aliases).
fn function(
    cx: &Context<'_>,
    op: &Operation,
    name: &proc_macro2::Ident,
    from: &str,
    node: TokenStream,
    segment: &str,
    docs: TokenStream,
) -> TokenStream {
    let rt = rt();
    let mut args = Vec::new();
    let mut required = Vec::new();
    let mut pushes = Vec::new();
    let mut scope = Scope::with_reserved(&["self", "params"]);
    for p in &op.parameters {
        let f = ident(&scope.claim(naming::field_name(&p.name)));
        let (ty, value) = param(cx, p, from, &f);
        let wire = &p.name;
        if p.optional {
            args.push(quote!(#f: Option<#ty>));
            pushes.push(quote! { if let Some(#f) = #f { params.push((#wire, #value)); } });
        } else {
            args.push(quote!(#f: #ty));
            required.push(quote! { (#wire, #value) });
        }
    }
    // Required parameters first, then the optional ones that are given.
    let call = if pushes.is_empty() {
        quote! { let node = #node.function(#segment, vec![#(#required),*]); }
    } else {
        quote! {
            let mut params = vec![#(#required),*];
            #(#pushes)*
            let node = #node.function(#segment, params);
        }
    };
    // A composable function returning entities is a position to navigate on:
    // `range(address)` gives a reference whose `get()` calls it.
    let composable_ref = op
        .returns
        .as_ref()
        .filter(|t| op.composable && t.kind == TypeKind::Entity)
        .and_then(|t| {
            let placed = cx.layout.structs.get(&t.name)?;
            let (s, c) = placed.refs.as_ref()?;
            Some(item_path(placed, if t.collection { c } else { s }, from))
        });
    if let Some(ty) = composable_ref {
        return quote! {
            #docs
            #[inline] pub fn #name(&self, #(#args),*) -> #ty {
                #call
                node.into()
            }
        };
    }
    match op.returns.as_ref() {
        Some(t) if t.collection => {
            let elem = element_type(cx.m, cx.layout, t, from)
                .unwrap_or_else(|| quote!(::serde_json::Value));
            quote! {
                #docs
                #[inline] pub fn #name(&self, #(#args),*) -> #rt::ListRequest<#elem> {
                    #call
                    node.list_model()
                }
            }
        }
        ret => {
            let (ret, decode) = returns(cx, ret, from);
            quote! {
                #docs
                #[inline] pub fn #name(&self, #(#args),*) -> #rt::Request<#ret> {
                    #call
                    node.get_with(#decode)
                }
            }
        }
    }
}

/// The argument type of a function parameter and the expression that turns
/// argument `f` into a [`msgraph_runtime::Param`].
fn param(
    cx: &Context<'_>,
    p: &Parameter,
    from: &str,
    f: &proc_macro2::Ident,
) -> (TokenStream, TokenStream) {
    let rt = rt();
    let json = || quote!(#rt::Param::json(&#f));
    let elem =
        element_type(cx.m, cx.layout, &p.ty, from).unwrap_or_else(|| quote!(::serde_json::Value));
    if p.ty.collection {
        return (quote!(Vec<#elem>), json());
    }
    // Type definitions travel as their underlying primitive.
    let primitive = match p.ty.kind {
        TypeKind::Primitive => p.ty.primitive(),
        TypeKind::Definition => {
            cx.m.type_definitions
                .get(&p.ty.name)
                .and_then(|d| Primitive::of(&d.underlying))
        }
        _ => None,
    };
    use Primitive as P;
    match (p.ty.kind, primitive) {
        (TypeKind::Primitive, Some(P::String)) => (quote!(&str), quote!(#rt::Param::string(#f))),
        (_, Some(P::String)) => (elem, quote!(#rt::Param::string(&#f))),
        (_, Some(P::Duration)) => (elem, quote!(#rt::Param::duration(&#f))),
        (
            _,
            Some(
                P::Boolean
                | P::Byte
                | P::SByte
                | P::Int16
                | P::Int32
                | P::Int64
                | P::Single
                | P::Double
                | P::Decimal
                | P::Guid
                | P::Date
                | P::DateTimeOffset
                | P::TimeOfDay,
            ),
        ) => (elem, quote!(#rt::Param::display(&#f))),
        (TypeKind::Enum, _) => {
            let flags = cx.m.enums.get(&p.ty.name).is_some_and(|e| e.flags);
            let value = if flags {
                quote!(#rt::Param::enum_member(&#f.to_string()))
            } else {
                quote!(#rt::Param::enum_member(#rt::StringEnum::as_str(&#f)))
            };
            (elem, value)
        }
        _ => (elem, json()),
    }
}

/// `src/client.rs`: the `Client`, with the entity sets, singletons and
/// operation imports of the container.
pub fn client_file(cx: &Context<'_>) -> TokenStream {
    let rt = rt();
    let from = "client";
    let base_url = cx.base_url;
    let new_doc = [
        format!(" A client for `{base_url}` that sends with reqwest and authenticates"),
        " with `token` (a [`StaticToken`](msgraph_runtime::StaticToken), a".to_owned(),
        " [`TokenFn`](msgraph_runtime::TokenFn), an `AzureCredential` with the `azure`".to_owned(),
        " feature, or your own provider).".to_owned(),
    ];
    let new_body = if base_url == super::DEFAULT_BASE_URL {
        quote!(Self(#rt::Client::new(token)))
    } else {
        quote!(Self(#rt::Client::new_at(Self::BASE_URL, token)))
    };
    let mut scope =
        Scope::with_reserved(&["new", "from_runtime", "runtime", "builder", "clone", "fmt"]);
    let mut methods = Vec::new();
    for (i, root) in cx.m.roots.iter().enumerate() {
        let gate = cx
            .features
            .area_gate(cx.features.areas.of_root.get(i).copied().flatten());
        let Some(placed) = cx.layout.structs.get(&root.type_name) else {
            continue;
        };
        let Some((s, c)) = &placed.refs else {
            continue;
        };
        let ty = item_path(placed, if root.singleton { s } else { c }, from);
        let name = ident(&scope.claim(naming::field_name(&root.name)));
        let wire = &root.name;
        let doc = if root.singleton {
            format!(" The singleton `{wire}` (`{}`).", root.type_name)
        } else {
            format!(
                " The entity set `{wire}` (`Collection({})`).",
                root.type_name
            )
        };
        methods.push(quote! {
            #[doc = #doc]
            #gate
            #[inline] pub fn #name(&self) -> #ty { self.0.root().nav(#wire) }
        });
    }
    let targets = cx.m.import_targets();
    for (n, (import, ops)) in cx.m.imports.iter().zip(&targets).enumerate() {
        let Some(&i) = ops.first() else {
            continue;
        };
        let op = &cx.m.operations[i];
        let name = scope.claim(naming::field_name(&import.name));
        let gate = cx
            .features
            .area_gate(cx.features.areas.of_import.get(n).copied().flatten());
        let method = operation_at(cx, i, op, &name, from, quote!(self.0.root()), &import.name);
        methods.push(quote! { #gate #method });
    }
    quote! {
        //! The client: entry points into Graph's navigation graph.

        use ::msgraph_runtime as rt;

        /// A Microsoft Graph beta client. Cheap to clone; clones share the
        /// connection pool, token provider and retry policy.
        ///
        /// Every method returns a typed reference or a call; nothing is sent
        /// until a call's `send()`.
        #[derive(Debug, Clone)]
        pub struct Client(#rt::Client);

        /// Where the chain of a reference's base types ends: a position in the
        /// graph with nothing more to offer than [`node`](Self::node).
        #[derive(Debug, Clone)]
        pub struct Top(#rt::Node);

        impl From<#rt::Node> for Top {
            #[inline]
            fn from(node: #rt::Node) -> Self {
                Self(node)
            }
        }

        impl #rt::Position for Top {
            #[inline]
            fn node(&self) -> &#rt::Node {
                &self.0
            }
        }

        impl Top {
            /// Its position (client and path).
            #[inline]
            pub fn node(&self) -> &#rt::Node {
                &self.0
            }
        }

        /// A reference to one entity of type `T` (`ManagedDeviceRef` is
        /// `One<ManagedDevice>`): a position in the graph (a
        /// [`Node`](msgraph_runtime::Node)) with the CRUD calls, and, in the
        /// type's own impl, its navigation properties and bound operations.
        /// It derefs to the reference of `T`'s base type, so inherited members
        /// are reached without a cast.
        pub struct One<T: #rt::Model>(T::Up, ::core::marker::PhantomData<fn() -> T>);

        /// A reference to a collection of entities of type `T`
        /// (`ManagedDeviceCollectionRef` is `Many<ManagedDevice>`): `by_id`,
        /// `list`, `create`, and, in the type's own impl, the operations bound to
        /// the collection. It derefs to the collection reference of `T`'s base type.
        pub struct Many<T: #rt::Model>(T::UpMany, ::core::marker::PhantomData<fn() -> T>);

        impl<T: #rt::Model> Clone for One<T> {
            #[inline]
            fn clone(&self) -> Self {
                Self(self.0.clone(), ::core::marker::PhantomData)
            }
        }

        impl<T: #rt::Model> Clone for Many<T> {
            #[inline]
            fn clone(&self) -> Self {
                Self(self.0.clone(), ::core::marker::PhantomData)
            }
        }

        impl<T: #rt::Model> ::core::fmt::Debug for One<T> {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.debug_tuple(T::TYPE).field(#rt::Position::node(self)).finish()
            }
        }

        impl<T: #rt::Model> ::core::fmt::Debug for Many<T> {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.debug_tuple("Collection").field(&T::TYPE).field(#rt::Position::node(self)).finish()
            }
        }

        impl<T: #rt::Model> From<#rt::Node> for One<T> {
            #[inline]
            fn from(node: #rt::Node) -> Self {
                Self(T::Up::from(node), ::core::marker::PhantomData)
            }
        }

        impl<T: #rt::Model> From<#rt::Node> for Many<T> {
            #[inline]
            fn from(node: #rt::Node) -> Self {
                Self(T::UpMany::from(node), ::core::marker::PhantomData)
            }
        }

        impl<T: #rt::Model> #rt::Position for One<T> {
            #[inline]
            fn node(&self) -> &#rt::Node {
                self.0.node()
            }
        }

        impl<T: #rt::Model> #rt::Position for Many<T> {
            #[inline]
            fn node(&self) -> &#rt::Node {
                self.0.node()
            }
        }

        impl<T: #rt::Model> #rt::Reference for One<T> {
            const TYPE: &'static str = T::TYPE;
            const PROPERTIES: &'static [&'static str] = T::PROPERTIES;
        }

        impl<T: #rt::Model> #rt::Reference for Many<T> {
            const TYPE: &'static str = T::TYPE;
            const PROPERTIES: &'static [&'static str] = T::PROPERTIES;
        }

        impl<T: #rt::Model> #rt::Derives<T::Up> for One<T> where T::Up: #rt::Reference {}

        impl<T: #rt::Model> #rt::Derives<T::UpMany> for Many<T> where T::UpMany: #rt::Reference {}

        impl<T: #rt::Model> ::core::ops::Deref for One<T> {
            type Target = T::Up;
            #[inline]
            fn deref(&self) -> &T::Up {
                &self.0
            }
        }

        impl<T: #rt::Model> ::core::ops::Deref for Many<T> {
            type Target = T::UpMany;
            #[inline]
            fn deref(&self) -> &T::UpMany {
                &self.0
            }
        }

        impl<T: #rt::Model> One<T> {
            /// Its position (client and path).
            #[inline]
            pub fn node(&self) -> &#rt::Node {
                #rt::Position::node(self)
            }
            /// Cast to a type derived from `T`: `.cast::<DerivedRef>()` (chain casts for deeper types).
            #[inline]
            pub fn cast<D: #rt::Derives<Self>>(&self) -> D {
                self.node().cast_to(D::TYPE)
            }
            /// GET the entity.
            #[inline]
            pub fn get(&self) -> #rt::Request<T::Read> {
                self.node().get_model().known::<Self>()
            }
            /// PATCH the properties set in `body` (`Nullable::Null` sends `null`).
            #[inline]
            pub fn update(&self, body: &T) -> #rt::Request<()> {
                self.node().patch(body)
            }
            /// DELETE the entity.
            #[inline]
            pub fn delete(&self) -> #rt::Request<()> {
                self.node().delete()
            }
        }

        impl<T: #rt::Model> Many<T> {
            /// Its position (client and path).
            #[inline]
            pub fn node(&self) -> &#rt::Node {
                #rt::Position::node(self)
            }
            /// Cast to a type derived from `T`: `.cast::<DerivedCollectionRef>()` (chain casts for deeper types).
            #[inline]
            pub fn cast<D: #rt::Derives<Self>>(&self) -> D {
                self.node().cast_to(D::TYPE)
            }
            /// One entity, by key (percent-encoded into the path).
            #[inline]
            pub fn by_id(&self, id: impl AsRef<str>) -> One<T> {
                self.node().by_id(id)
            }
            /// GET the collection a page at a time; `pages()`/`items()` follow `@odata.nextLink`.
            #[inline]
            pub fn list(&self) -> #rt::ListRequest<T::Read> {
                self.node().list_model().known::<Self>()
            }
            /// POST a new entity.
            #[inline]
            pub fn create(&self, body: &T) -> #rt::Request<T::Read> {
                self.node().post_model(body)
            }
        }

        impl Client {
            /// The base URL that [`Client::new`] sends to.
            pub const BASE_URL: &'static str = #base_url;
            #(#[doc = #new_doc])*
            #[cfg(feature = "reqwest")]
            #[inline] pub fn new(token: impl #rt::TokenProvider + 'static) -> Self {
                #new_body
            }
            /// A client over a configured runtime client (base URL, transport, retries):
            /// `Client::from_runtime(msgraph_runtime::Client::builder()...build()?)`.
            #[inline] pub fn from_runtime(client: #rt::Client) -> Self {
                Self(client)
            }
            /// The runtime client underneath.
            #[inline] pub fn runtime(&self) -> &#rt::Client {
                &self.0
            }
            #(#methods)*
        }
    }
}
