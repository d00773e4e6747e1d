//! Operations as data: one `OperationInfo` const per action, function and
//! CRUD call, grouped in one file per binding type, with the documented
//! paths, status and permissions in its doc comment. The client (a later
//! stage) builds requests from the same facts.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::doc_attrs;
use super::features::Features;
use super::layout::Layout;
use super::naming::{self, Scope};
use super::types::{element_type, ident};
use crate::model::Permissions;
use crate::model::{Model, OpKind, Operation};

/// One file of the `operations` module.
pub struct Group<'m> {
    /// The file stem.
    pub stem: String,
    /// The module's doc line.
    pub doc: String,
    /// Its operations, with their index in `Model::operations`.
    pub ops: Vec<(usize, &'m Operation)>,
    /// The binding type of its operations (none for unbound ones).
    pub binding: Option<&'m str>,
}

/// The Rust names of one operation, decided once for every file that names it.
#[derive(Debug, Clone, Default)]
pub struct OpNames {
    /// The `operations` file stem of its binding type.
    pub stem: String,
    /// Its `OperationInfo` const.
    pub konst: String,
    /// Its request body struct: actions with parameters.
    pub request: Option<String>,
}

/// The files of the `operations` module and the names of every operation.
pub struct Plan<'m> {
    /// One group per binding type (and one for unbound operations).
    pub groups: Vec<Group<'m>>,
    /// Names, aligned with `Model::operations`.
    pub names: Vec<OpNames>,
}

/// Group the operations by binding type and name their consts and request bodies.
pub fn plan(m: &Model) -> Plan<'_> {
    let mut by_binding: BTreeMap<Option<&str>, Vec<(usize, &Operation)>> = BTreeMap::new();
    for (i, op) in m.operations.iter().enumerate() {
        by_binding
            .entry(op.binding.as_ref().map(|b| b.type_name.as_str()))
            .or_default()
            .push((i, op));
    }
    // What list calls exist: (entity set or navigation name, type).
    let collections: BTreeSet<(&str, &str)> = m
        .operations
        .iter()
        .filter(|o| o.kind == OpKind::List)
        .filter_map(|o| Some((o.name.as_str(), o.binding.as_ref()?.type_name.as_str())))
        .collect();
    let mut files = Scope::with_reserved(&["mod"]);
    let mut groups = Vec::new();
    let mut names = vec![OpNames::default(); m.operations.len()];
    for (binding, ops) in by_binding {
        let stem = match binding {
            Some(t) => files.claim_file(naming::file_stem(&format!(
                "{}{}",
                module_prefix(t),
                t.rsplit('.').next().unwrap_or(t)
            ))),
            None => files.claim_file("unbound".to_owned()),
        };
        let doc = match binding {
            Some(t) => format!("Operations bound to `{t}` or a collection of it."),
            None => "Operations bound to nothing (action and function imports).".to_owned(),
        };
        let mut consts = Scope::new();
        let mut types = Scope::new();
        for (i, op) in &ops {
            let request = (op.kind == OpKind::Action && !op.parameters.is_empty()).then(|| {
                let on = if op.binding.as_ref().is_some_and(|b| b.collection) {
                    "OnCollection"
                } else {
                    ""
                };
                types.claim(naming::type_name(&format!("{}{on}Request", op.name)))
            });
            if let Some(slot) = names.get_mut(*i) {
                *slot = OpNames {
                    stem: stem.clone(),
                    konst: consts.claim(const_name(op, &collections)),
                    request,
                };
            }
        }
        groups.push(Group {
            stem,
            doc,
            ops,
            binding,
        });
    }
    Plan { groups, names }
}

/// The code of one group: its operation consts and request bodies.
pub fn emit_group(
    m: &Model,
    layout: &Layout,
    plan: &Plan<'_>,
    features: &Features,
    group: &Group<'_>,
) -> TokenStream {
    let items = group.ops.iter().map(|(i, op)| {
        let names = plan.names.get(*i).cloned().unwrap_or_default();
        // Bound operations compile with their binding type, which gates the
        // whole module; unbound ones each with their import's area.
        let gate = if group.binding.is_some() {
            TokenStream::new()
        } else {
            features.operation_gate(*i)
        };
        let info = one(op, &names.konst, &gate);
        let body = names
            .request
            .as_deref()
            .map(|r| request_body(m, layout, op, &names.konst, r, &gate))
            .unwrap_or_default();
        quote! { #info #body }
    });
    let doc = format!(" {}", group.doc);
    quote! { #![doc = #doc] use ::msgraph_runtime as rt; #(#items)* }
}

/// The body of an action: required parameters (`Nullable="false"` and not
/// optional) in the constructor, a setter for each other one.
fn request_body(
    m: &Model,
    layout: &Layout,
    op: &Operation,
    konst: &str,
    struct_name: &str,
    gate: &TokenStream,
) -> TokenStream {
    let name = format_ident!("{}", struct_name);
    let mut fields = Scope::new();
    let mut setters = Scope::with_reserved(&["new"]);
    let mut decls = Vec::new();
    let mut args = Vec::new();
    let mut inits = Vec::new();
    let mut sets = Vec::new();
    let mut each = Vec::new();
    let mut required: Vec<(TokenStream, bool)> = Vec::new();
    for p in &op.parameters {
        let rust = fields.claim(naming::field_name(&p.name));
        let f = ident(&rust);
        let elem = element_type(m, layout, &p.ty, "operations")
            .unwrap_or_else(|| quote!(::serde_json::Value));
        let ty = if p.ty.collection {
            quote!(Vec<#elem>)
        } else {
            elem
        };
        let is_string = p.ty.is_single(crate::model::Primitive::String);
        let wire = &p.name;
        let doc = doc_attrs(
            &[p.docs.description.as_deref()],
            &[format!("`{wire}`: `{}`.", p.ty.written())],
        );
        if !p.nullable && !p.optional {
            decls.push(quote! { #doc pub #f: #ty, });
            each.push(quote! { v(#wire, rt::object::Value::to_ref(&self.#f)); });
            if is_string {
                args.push(quote!(#f: impl Into<String>));
                inits.push(quote!(#f: #f.into(),));
            } else {
                args.push(quote!(#f: #ty));
                inits.push(quote!(#f,));
            }
            required.push((ty, is_string));
        } else {
            decls.push(quote! { #doc pub #f: Option<#ty>, });
            each.push(
                quote! { if let Some(x) = &self.#f { v(#wire, rt::object::Value::to_ref(x)); } },
            );
            inits.push(quote!(#f: None,));
            let setter = ident(&setters.claim(rust.clone()));
            let sdoc = format!(" Set `{wire}`.");
            sets.push(if is_string {
                quote! { #[doc = #sdoc] #[inline] pub fn #setter(mut self, value: impl Into<String>) -> Self { self.#f = Some(value.into()); self } }
            } else {
                quote! { #[doc = #sdoc] #[inline] pub fn #setter(mut self, value: #ty) -> Self { self.#f = Some(value); self } }
            });
        }
    }
    // One required parameter: the body converts from it, so a call reads `.deprovision("reason")`.
    let from = match required.as_slice() {
        [(ty, string)] => {
            let str_impl = if *string {
                quote! { #gate impl From<&str> for #name { #[inline] fn from(value: &str) -> Self { Self::new(value) } } }
            } else {
                quote!()
            };
            quote! { #gate impl From<#ty> for #name { #[inline] fn from(value: #ty) -> Self { Self::new(value) } } #str_impl }
        }
        _ => quote!(),
    };
    let doc = format!(" The body of [`{konst}`]: the parameters of `{}`.", op.name);
    let v = if each.is_empty() {
        format_ident!("_v")
    } else {
        format_ident!("v")
    };
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone)]
        #[non_exhaustive]
        #gate
        pub struct #name { #(#decls)* }
        #gate
        impl rt::object::Params for #name {
            #[inline]
            fn each(&self, #v: &mut dyn FnMut(&'static str, rt::object::Ref<'_>)) { #(#each)* }
        }
        #gate
        rt::params_serde!(#name);
        #gate
        impl #name {
            /// A body with the required parameters; set the others with the methods below.
            #[inline] pub fn new(#(#args),*) -> Self { Self { #(#inits)* } }
            #(#sets)*
        }
        #from
    }
}

/// Types outside `microsoft.graph` keep their namespace in the file name.
fn module_prefix(type_name: &str) -> String {
    match type_name.rsplit_once('.') {
        Some((ns, _)) if ns != crate::model::GRAPH_NAMESPACE => {
            let inner = ns
                .strip_prefix(crate::model::GRAPH_NAMESPACE)
                .and_then(|rest| rest.strip_prefix('.'))
                .unwrap_or(ns);
            format!("{}_", inner.replace('.', "_"))
        }
        _ => String::new(),
    }
}

/// The const of an operation: an action's or function's name, a CRUD call's
/// kind and what it acts on (`LIST_MANAGED_DEVICES`, `GET_MANAGED_DEVICE`,
/// `UPDATE_DEVICE_MANAGEMENT`). `collections` holds the entity sets and
/// collection-valued navigation properties (by name), whose items are named
/// in the singular.
fn const_name(op: &Operation, collections: &BTreeSet<(&str, &str)>) -> String {
    let base = match op.kind {
        OpKind::Action | OpKind::Function => op.name.clone(),
        OpKind::List => format!("list_{}", op.name),
        kind => {
            let binding = op.binding.as_ref().map(|b| b.type_name.as_str());
            let of = if collections.contains(&(op.name.as_str(), binding.unwrap_or_default())) {
                naming::singular(&op.name)
            } else {
                op.name.clone()
            };
            format!("{}_{of}", kind.as_str())
        }
    };
    let mut name = naming::const_name(&base);
    if matches!(op.kind, OpKind::Action | OpKind::Function)
        && op.binding.as_ref().is_some_and(|b| b.collection)
    {
        name.push_str("_ON_COLLECTION");
    }
    name
}

fn list(perms: &Option<Vec<String>>) -> TokenStream {
    match perms {
        Some(p) => quote!(Some(&[#(#p),*])),
        None => quote!(None),
    }
}

fn permissions_tokens(p: &Option<Permissions>) -> TokenStream {
    match p {
        Some(p) => {
            let (w, pe, a) = (
                list(&p.delegated_work),
                list(&p.delegated_personal),
                list(&p.application),
            );
            quote!(Some(rt::Permissions {
                delegated_work: #w,
                delegated_personal: #pe,
                application: #a,
            }))
        }
        None => quote!(None),
    }
}

/// `label: `A`, `B``, or `label: not supported` for an empty list.
fn permission_text(label: &str, p: &Option<Vec<String>>) -> Option<String> {
    let p = p.as_ref()?;
    Some(if p.is_empty() {
        format!("{label}: not supported")
    } else {
        let names: Vec<String> = p.iter().map(|s| format!("`{s}`")).collect();
        format!("{label}: {}", names.join(", "))
    })
}

fn permission_line(label: &str, p: &Option<Vec<String>>) -> Option<String> {
    permission_text(label, p).map(|t| format!("- {t}"))
}

fn one(op: &Operation, konst: &str, gate: &TokenStream) -> TokenStream {
    let name = format_ident!("{}", konst);
    let wire = &op.name;
    let kind = format_ident!(
        "{}",
        match op.kind {
            OpKind::Action => "Action",
            OpKind::Function => "Function",
            OpKind::List => "List",
            OpKind::Get => "Get",
            OpKind::Create => "Create",
            OpKind::Update => "Update",
            OpKind::Delete => "Delete",
        }
    );
    let binding = match &op.binding {
        Some(b) => {
            let t = &b.type_name;
            quote!(Some(#t))
        }
        None => quote!(None),
    };
    let collection = op.binding.as_ref().is_some_and(|b| b.collection);
    let method = op.http.method;
    let paths = &op.http.paths;
    let status = proc_macro2::Literal::u16_unsuffixed(op.http.success_status);
    let permissions = permissions_tokens(&op.permissions);
    let doc = match &op.doc {
        Some(d) => quote!(Some(#d)),
        None => quote!(None),
    };
    let mut notes = vec![format!(
        "{} `{}`; success: `{}`.",
        op.kind.as_str(),
        op.name,
        op.http.success_status
    )];
    notes.extend(op.http.paths.iter().map(|p| format!("- `{method} {p}`")));
    if let Some(p) = &op.permissions {
        let lines: Vec<String> = [
            permission_line("Delegated (work or school account)", &p.delegated_work),
            permission_line(
                "Delegated (personal Microsoft account)",
                &p.delegated_personal,
            ),
            permission_line("Application", &p.application),
        ]
        .into_iter()
        .flatten()
        .collect();
        if !lines.is_empty() {
            notes.push(format!(
                "Permissions, least privileged first:\n{}",
                lines.join("\n")
            ));
        }
    }
    // Request headers any page documents, once by name.
    let mut headers: Vec<&crate::model::RequestHeader> = Vec::new();
    for h in op.pages.iter().flat_map(|p| &p.headers) {
        if !headers.iter().any(|k| k.name.eq_ignore_ascii_case(&h.name)) {
            headers.push(h);
        }
    }
    if !headers.is_empty() {
        let lines: Vec<String> = headers
            .iter()
            .map(|h| {
                if h.value.is_empty() {
                    format!("- `{}`", h.name)
                } else {
                    format!("- `{}`: {}", h.name, h.value)
                }
            })
            .collect();
        notes.push(format!(
            "Request headers the docs name:\n{}",
            lines.join("\n")
        ));
    }
    // Pages that disagree: each with its own facts, in the docs and the const.
    let disagree = op.pages.len() > 1
        && op
            .pages
            .iter()
            .any(|p| !p.differences(&op.pages[0]).is_empty());
    let mut page_infos = Vec::new();
    if disagree {
        let mut lines = vec!["The doc pages disagree; each says:".to_owned()];
        for p in &op.pages {
            let perms = p.permissions.as_ref().map(|x| {
                [
                    ("work or school", &x.delegated_work),
                    ("personal", &x.delegated_personal),
                    ("application", &x.application),
                ]
                .iter()
                .filter_map(|(label, l)| permission_text(label, l))
                .collect::<Vec<_>>()
                .join("; ")
            });
            lines.push(format!(
                "- `{}` ({} path(s){}): {}",
                p.page,
                p.paths.len(),
                p.success_status
                    .map(|s| format!(", success `{s}`"))
                    .unwrap_or_default(),
                perms.unwrap_or_else(|| "no permissions table".into())
            ));
            let (d, ps) = (&p.page, &p.paths);
            let pt = permissions_tokens(&p.permissions);
            let st = match p.success_status {
                Some(s) => {
                    let s = proc_macro2::Literal::u16_unsuffixed(s);
                    quote!(Some(#s))
                }
                None => quote!(None),
            };
            page_infos.push(quote!(rt::PageInfo { doc: #d, paths: &[#(#ps),*], permissions: #pt, success_status: #st }));
        }
        notes.push(lines.join("\n"));
    }
    let docs = doc_attrs(&[op.docs.description.as_deref()], &notes);
    quote! {
        #docs
        #gate
        pub const #name: rt::OperationInfo = rt::OperationInfo {
            name: #wire,
            kind: rt::OperationKind::#kind,
            binding: #binding,
            collection: #collection,
            method: #method,
            paths: &[#(#paths),*],
            success_status: #status,
            permissions: #permissions,
            doc: #doc,
            pages: &[#(#page_infos),*],
        };
    }
}
