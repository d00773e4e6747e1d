//! Operations as data: one `OperationInfo` const per action, function and
//! CRUD call, grouped in one file per binding type, with the documented
//! paths, status and permissions in its doc comment. The client (a later
//! stage) builds requests from the same facts.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::doc_attrs;
use super::naming::{self, Scope};
use crate::model::{Model, OpKind, Operation};
use crate::read::docs::Permissions;

/// One file of the `operations` module.
pub struct Group<'m> {
    /// The file stem.
    pub stem: String,
    /// The module's doc line.
    pub doc: String,
    /// Its operations.
    pub ops: Vec<&'m Operation>,
}

/// The files of the `operations` module, one per binding type.
pub fn groups(m: &Model) -> Vec<Group<'_>> {
    let mut groups: BTreeMap<Option<&str>, Vec<&Operation>> = BTreeMap::new();
    for op in &m.operations {
        groups
            .entry(op.binding.as_ref().map(|b| b.type_name.as_str()))
            .or_default()
            .push(op);
    }
    let mut files = Scope::with_reserved(&["mod"]);
    let mut out = Vec::new();
    for (binding, ops) in groups {
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
        out.push(Group { stem, doc, ops });
    }
    out
}

/// The code of one group.
pub fn emit_group(group: &Group<'_>) -> TokenStream {
    let mut scope = Scope::new();
    let consts: Vec<TokenStream> = group.ops.iter().map(|op| one(op, &mut scope)).collect();
    let doc = format!(" {}", group.doc);
    quote! { #![doc = #doc] #(#consts)* }
}

/// Types outside `microsoft.graph` keep their namespace in the file name.
fn module_prefix(type_name: &str) -> String {
    match type_name.rsplit_once('.') {
        Some((ns, _)) if ns != "microsoft.graph" => {
            format!(
                "{}_",
                ns.trim_start_matches("microsoft.graph.").replace('.', "_")
            )
        }
        _ => String::new(),
    }
}

fn const_name(op: &Operation) -> String {
    let base = match op.kind {
        OpKind::Action | OpKind::Function => op.name.clone(),
        kind => format!("{}_{}", kind.as_str(), op.name),
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
            quote!(Some(::msgraph_runtime::Permissions { delegated_work: #w, delegated_personal: #pe, application: #a }))
        }
        None => quote!(None),
    }
}

fn permission_line(label: &str, p: &Option<Vec<String>>) -> Option<String> {
    let p = p.as_ref()?;
    Some(if p.is_empty() {
        format!("- {label}: not supported")
    } else {
        format!(
            "- {label}: {}",
            p.iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    })
}

fn one(op: &Operation, scope: &mut Scope) -> TokenStream {
    let name = format_ident!("{}", scope.claim(const_name(op)));
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
    let docs = doc_attrs(&[op.docs.description.as_deref()], &notes);
    quote! {
        #docs
        pub const #name: ::msgraph_runtime::OperationInfo = ::msgraph_runtime::OperationInfo {
            name: #wire,
            kind: ::msgraph_runtime::OperationKind::#kind,
            binding: #binding,
            collection: #collection,
            method: #method,
            paths: &[#(#paths),*],
            success_status: #status,
            permissions: #permissions,
            doc: #doc,
        };
    }
}
