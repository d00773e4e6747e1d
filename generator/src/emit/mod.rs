//! Stage 3, **emit**: the model becomes the files of a Rust crate.
//!
//! Names come from [`naming`] through a [`layout::Layout`] planned once; code
//! is built with `quote!`, parsed into a `syn::File` and printed with
//! prettyplease. Every file starts with a "generated, do not edit" line.

pub mod client;
pub mod docs;
mod enums;
pub mod features;
pub mod layout;
pub mod naming;
mod operations;
mod readme;
mod types;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::diag::{Diagnostic, Location};
use crate::model::Model;
use layout::Layout;

/// Options for the generated crate.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Options {
    /// The package name, e.g. `msgraph-beta`.
    pub crate_name: String,
    /// The package version, e.g. `0.1.0`.
    pub crate_version: String,
    /// The base URL that the generated `Client::new` calls, without a
    /// trailing slash: Graph beta by default, a national cloud's for its CSDL.
    pub base_url: String,
    /// The package's `repository` URL, if any.
    pub repository: Option<String>,
    /// The package's `documentation` URL (default: its docs.rs page).
    pub documentation: Option<String>,
    /// The TOML value of the `msgraph-runtime` dependency, e.g.
    /// `{ path = "../runtime", version = "0.1.0" }`.
    pub runtime_dependency: String,
}

/// The version of `msgraph-runtime` that generated crates depend on (the
/// runtime's own `Cargo.toml`; a test holds them equal).
pub const RUNTIME_VERSION: &str = "0.1.0";

/// Graph beta's global endpoint.
pub const DEFAULT_BASE_URL: &str = "https://graph.microsoft.com/beta";

impl Default for Options {
    fn default() -> Self {
        Options {
            crate_name: "msgraph-beta".to_owned(),
            crate_version: "0.1.0".to_owned(),
            base_url: DEFAULT_BASE_URL.to_owned(),
            repository: None,
            documentation: None,
            runtime_dependency: format!(
                r#"{{ path = "../runtime", version = "{RUNTIME_VERSION}" }}"#
            ),
        }
    }
}

impl Options {
    /// Why these options cannot make a crate, if they cannot: a package name
    /// or version that cargo rejects, a base URL that is not absolute
    /// `https` (or `http` on a loopback host), or a URL with a quote.
    pub fn problem(&self) -> Option<String> {
        let name = &self.crate_name;
        if name.is_empty()
            || name.len() > 64
            || !name.starts_with(|c: char| c.is_ascii_alphabetic())
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Some(format!(
                "crate name {name:?}: expected ASCII letters, digits, `-` and `_`, starting with a letter, at most 64 characters"
            ));
        }
        if !is_semver(&self.crate_version) {
            return Some(format!(
                "crate version {:?}: expected a semantic version such as 0.1.0",
                self.crate_version
            ));
        }
        if let Some(why) = base_url_problem(&self.base_url) {
            return Some(format!("base URL {:?}: {why}", self.base_url));
        }
        for (what, url) in [
            ("repository", &self.repository),
            ("documentation", &self.documentation),
        ] {
            if let Some(u) = url {
                if !(u.starts_with("https://") || u.starts_with("http://"))
                    || u.contains(['"', '\\', '\n'])
                {
                    return Some(format!("{what} {u:?}: expected an http(s) URL"));
                }
            }
        }
        None
    }
}

/// `MAJOR.MINOR.PATCH` with an optional `-pre` of ASCII alphanumerics, `.` and `-`.
pub fn is_semver(v: &str) -> bool {
    let (core, pre) = match v.split_once('-') {
        Some((c, p)) => (c, Some(p)),
        None => (v, None),
    };
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.len() <= 9
                && p.bytes().all(|b| b.is_ascii_digit())
                && (p.len() == 1 || !p.starts_with('0'))
        })
        && pre.is_none_or(|p| {
            !p.is_empty()
                && p.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
        })
}

/// Why `url` cannot be the generated client's base URL, if it cannot.
fn base_url_problem(url: &str) -> Option<&'static str> {
    let rest = if let Some(r) = url.strip_prefix("https://") {
        r
    } else if let Some(r) = url.strip_prefix("http://") {
        let host = r.split(['/', ':']).next().unwrap_or_default();
        if !(host == "localhost" || host.starts_with("127.") || r.starts_with("[::1]")) {
            return Some("plain http is accepted only on a loopback host");
        }
        r
    } else {
        return Some("expected an absolute https URL");
    };
    if rest.is_empty() || rest.starts_with('/') {
        return Some("it has no host");
    }
    if url.ends_with('/') {
        return Some("it must not end with `/`");
    }
    if !url.bytes().all(|b| b.is_ascii_graphic()) || url.contains(['?', '#', '"', '\\', '@']) {
        return Some("it must be plain ASCII without query, fragment, quotes or user information");
    }
    None
}

/// Counts of what was emitted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    /// Structs (entity and complex types).
    pub structs: usize,
    /// Enums (enum types).
    pub enums: usize,
    /// Polymorphic `Any*` enums.
    pub polymorphic: usize,
    /// Type aliases (type definitions).
    pub aliases: usize,
}

/// The generated crate, as relative path -> file content.
#[derive(Debug, Default)]
pub struct Output {
    /// Files by path relative to the crate root, `/`-separated.
    pub files: BTreeMap<String, String>,
    /// Counts.
    pub stats: Stats,
    /// Time building syntax (summed over threads).
    pub emit_time: Duration,
    /// Time parsing and pretty-printing (summed over threads).
    pub format_time: Duration,
}

enum Job<'m> {
    Client,
    Ops(&'m operations::Group<'m>),
    Struct(&'m crate::model::StructType),
    Enum(&'m crate::model::EnumType),
    Alias(&'m crate::model::TypeDefinition),
}

impl Job<'_> {
    /// A rough measure of the work, to schedule big jobs first.
    fn weight(&self) -> usize {
        match self {
            Job::Client => 16,
            Job::Ops(g) => g.ops.iter().map(|(_, o)| 4 + o.http.paths.len()).sum(),
            Job::Struct(t) => t.properties.len() + 8,
            Job::Enum(e) => e.members.len() + 8,
            Job::Alias(_) => 1,
        }
    }
}

/// The first line of every generated file.
pub fn header(m: &Model) -> String {
    let names: Vec<&str> = m
        .sources
        .iter()
        .map(|s| s.rsplit(['/', '\\']).next().unwrap_or(s.as_str()))
        .collect();
    format!(
        "// Generated by `cargo xtask regenerate` from {}. Do not edit.\n",
        names.join(", ")
    )
}

/// Emit the whole crate.
pub fn emit(m: &Model, options: &Options) -> Result<Output, Vec<Diagnostic>> {
    if let Some(why) = options.problem() {
        return Err(vec![Diagnostic::error(
            "bad-option",
            Location {
                file: "(command line or msgraph-lock.json)".into(),
                line: 1,
                col: 1,
            },
            why,
        )]);
    }
    let layout = Layout::plan(m);
    let header = header(m);
    let mut jobs: Vec<(String, Job)> = Vec::new();
    for t in m.types.values() {
        if let Some(p) = layout.structs.get(&t.name) {
            jobs.push((format!("src/{}/{}.rs", p.module, p.file), Job::Struct(t)));
        }
    }
    for e in m.enums.values() {
        if let Some(p) = layout.enums.get(&e.name) {
            jobs.push((format!("src/{}/{}.rs", p.module, p.file), Job::Enum(e)));
        }
    }
    for d in m.type_definitions.values() {
        if let Some(p) = layout.definitions.get(&d.name) {
            jobs.push((format!("src/{}/{}.rs", p.module, p.file), Job::Alias(d)));
        }
    }
    let plan = operations::plan(m);
    let bound = client::Bound::of(m);
    let features = features::Features::of(m);
    let cx = client::Context {
        m,
        layout: &layout,
        plan: &plan,
        bound: &bound,
        features: &features,
        base_url: &options.base_url,
    };
    for g in &plan.groups {
        jobs.push((format!("src/operations/{}.rs", g.stem), Job::Ops(g)));
    }
    jobs.push(("src/client.rs".to_owned(), Job::Client));
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 8);
    // Jobs differ a lot in size (one polymorphic enum can have a thousand
    // variants): threads take the next job as they finish, biggest first.
    jobs.sort_by_key(|(_, job)| std::cmp::Reverse(job.weight()));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results: Vec<Result<Chunk, Diagnostic>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                let (jobs, layout, header, next, cx) = (&jobs, &layout, &header, &next, &cx);
                s.spawn(move || {
                    let mut chunk = Chunk::default();
                    while let Some((path, job)) =
                        jobs.get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
                    {
                        let start = Instant::now();
                        let tokens = match job {
                            Job::Struct(t) => {
                                let refs = client::refs(cx, t);
                                let mut tokens = TokenStream::new();
                                if !refs.is_empty() {
                                    tokens.extend(client::prelude());
                                }
                                tokens.extend(types::emit_struct(m, layout, cx.features, t));
                                tokens.extend(refs);
                                tokens
                            }
                            Job::Enum(e) => enums::emit_enum(m, layout, e),
                            Job::Alias(d) => alias(m, layout, d),
                            Job::Ops(g) => {
                                operations::emit_group(m, layout, cx.plan, cx.features, g)
                            }
                            Job::Client => client::client_file(cx),
                        };
                        chunk.emit += start.elapsed();
                        let start = Instant::now();
                        let text = format_file(header, path, tokens)?;
                        chunk.format += start.elapsed();
                        chunk.files.push((path.clone(), text));
                    }
                    Ok(chunk)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|_| {
                    Err(Diagnostic::error(
                        "internal",
                        Location::start_of(&"<emit>".into()),
                        "an emit thread failed",
                    ))
                })
            })
            .collect()
    });
    let mut out = Output::default();
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(c) => {
                out.emit_time += c.emit;
                out.format_time += c.format;
                out.files.extend(c.files);
            }
            Err(d) => errors.push(d),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    out.stats = Stats {
        structs: layout.structs.len(),
        enums: layout.enums.len(),
        polymorphic: layout.structs.values().filter(|p| p.any.is_some()).count(),
        aliases: layout.definitions.len(),
    };
    let start = Instant::now();
    for (path, tokens) in modules(m, &layout, &features, &plan) {
        out.files.insert(
            path.clone(),
            format_file(&header, &path, tokens).map_err(|d| vec![d])?,
        );
    }
    out.files.insert(
        "Cargo.toml".to_owned(),
        cargo_toml(&header, options, &features),
    );
    out.files.insert(
        "README.md".to_owned(),
        readme::readme(m, options, &features),
    );
    out.files
        .insert("areas.txt".to_owned(), features.groups_file());
    out.files.insert("build.rs".to_owned(), build_rs(&header));
    out.format_time += start.elapsed();
    Ok(out)
}

#[derive(Default)]
struct Chunk {
    files: Vec<(String, String)>,
    emit: Duration,
    format: Duration,
}

fn format_file(header: &str, path: &str, tokens: TokenStream) -> Result<String, Diagnostic> {
    let mut file: syn::File = syn::parse2(tokens).map_err(|e| {
        Diagnostic::error(
            "internal",
            Location::start_of(&path.into()),
            format!("the generator produced code that does not parse ({e}); please report this"),
        )
    })?;
    // `cargo fmt` must leave generated files as prettyplease wrote them.
    file.attrs
        .insert(0, syn::parse_quote!(#![cfg_attr(rustfmt, rustfmt::skip)]));
    Ok(format!("{header}{}", prettyplease::unparse(&file)))
}

fn alias(m: &Model, layout: &Layout, d: &crate::model::TypeDefinition) -> TokenStream {
    let Some(p) = layout.definitions.get(&d.name) else {
        return TokenStream::new();
    };
    let name = format_ident!("{}", p.ident);
    let t = crate::model::TypeRef {
        name: d.underlying.clone(),
        kind: crate::model::TypeKind::Primitive,
        collection: false,
    };
    let ty = types::element_type(m, layout, &t, &p.module)
        .unwrap_or_else(|| quote!(::serde_json::Value));
    let docs = docs::doc_attrs(
        &[d.docs.description.as_deref()],
        &[format!(
            "OData type definition `{}` over `{}`.",
            d.name, d.underlying
        )],
    );
    quote! { #docs pub type #name = #ty; }
}

/// `lib.rs` and one `mod.rs` per namespace; every item's `mod` and `pub use`
/// behind its feature gate.
fn modules(
    m: &Model,
    layout: &Layout,
    features: &features::Features,
    plan: &operations::Plan<'_>,
) -> Vec<(String, TokenStream)> {
    // Per module: (file, the names it exports, the qualified type it holds).
    type Item<'a> = (&'a str, Vec<&'a str>, String);
    let mut per_module: BTreeMap<&str, Vec<Item<'_>>> = BTreeMap::new();
    for (name, p) in layout
        .structs
        .iter()
        .chain(layout.enums.iter())
        .chain(layout.definitions.iter())
    {
        let mut names = vec![p.ident.as_str()];
        if let Some(a) = &p.any {
            names.push(a);
        }
        if let Some((s, c)) = &p.refs {
            names.push(s);
            names.push(c);
        }
        per_module
            .entry(&p.module)
            .or_default()
            .push((&p.file, names, name.clone()));
    }
    let mut out = Vec::new();
    let mut lib_mods = Vec::new();
    for (ns, alias) in &m.namespaces {
        let Some(module) = layout.modules.get(ns) else {
            continue;
        };
        let mut items = per_module.remove(module.as_str()).unwrap_or_default();
        items.sort();
        let decls = items.iter().map(|(file, names, qualified)| {
            let f = format_ident!("{}", file);
            let names = names.iter().map(|n| format_ident!("{}", n));
            let gate = features.type_gate(qualified);
            quote! { #gate mod #f; #gate pub use #f::{#(#names),*}; }
        });
        let doc = match alias {
            Some(a) => format!(" Types of the namespace `{ns}` (alias `{a}`)."),
            None => format!(" Types of the namespace `{ns}`."),
        };
        out.push((
            format!("src/{module}/mod.rs"),
            quote! { #![doc = #doc] #(#decls)* },
        ));
        let mident = format_ident!("{}", module);
        lib_mods.push(quote! { pub mod #mident; });
    }
    let op_decls = plan.groups.iter().map(|g| {
        let f = format_ident!("{}", g.stem);
        // A group holds the operations of one binding type, which compile with it.
        let gate = g.binding.map(|t| features.type_gate(t)).unwrap_or_default();
        quote! { #gate pub mod #f; }
    });
    out.push((
        "src/operations/mod.rs".to_owned(),
        quote! {
            //! Every operation as data ([`msgraph_runtime::OperationInfo`]): method,
            //! documented paths, success status and permissions. One module per binding type.
            #(#op_decls)*
        },
    ));
    lib_mods.push(quote! { pub mod operations; pub mod client; pub use client::{Client, Many, One}; pub use msgraph_runtime as runtime; });
    let lib = quote! {
        //! Typed Microsoft Graph beta models and client, generated from Graph's CSDL metadata.
        //!
        //! One module per CSDL namespace. Every entity and complex type is a struct
        //! that keeps unknown properties; every enum keeps unknown members. Every
        //! entity type also has references (`XRef`, `XCollectionRef`) through which
        //! [`Client`] reaches each documented path, and each operation is described
        //! as data in [`operations`].
        //!
        //! Each entry point of Graph (an entity set such as `users`, a singleton such
        //! as `deviceManagement`) is a cargo feature that compiles only the types and
        //! operations it reaches; `full` (the default) enables all of them.
        #![allow(clippy::large_enum_variant, clippy::too_many_lines, clippy::doc_lazy_continuation)]
        #![allow(rustdoc::bare_urls)]
        #(#lib_mods)*
    };
    out.push(("src/lib.rs".to_owned(), lib));
    out
}

/// The crate's build script: the enabled cargo features become the cfgs of
/// the feature groups in `areas.txt` (see [`features`]).
fn build_rs(header: &str) -> String {
    format!(
        r#"{header}//! Turns the enabled cargo features into the cfgs of the feature groups
//! that the crate's items are gated by: each line of `areas.txt` is a cfg and
//! the features any of which turns it on.

fn main() {{
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=areas.txt");
    for line in include_str!("areas.txt").lines() {{
        if line.starts_with('#') {{
            continue;
        }}
        let mut words = line.split_whitespace();
        let Some(cfg) = words.next() else {{
            continue;
        }};
        println!("cargo::rustc-check-cfg=cfg({{cfg}})");
        let on = words.any(|feature| {{
            let var = format!("CARGO_FEATURE_{{}}", feature.to_uppercase().replace('-', "_"));
            std::env::var_os(var).is_some()
        }});
        if on {{
            println!("cargo::rustc-cfg={{cfg}}");
        }}
    }}
}}
"#
    )
}

/// The runtime dependency with `default-features = false`, so that the
/// generated crate's own `reqwest` feature decides the transport.
fn without_default_features(dependency: &str) -> String {
    let d = dependency.trim();
    match d.strip_prefix('{').and_then(|d| d.strip_suffix('}')) {
        Some(inner) if !inner.contains("default-features") => {
            format!("{{ {}, default-features = false }}", inner.trim())
        }
        Some(_) => d.to_owned(),
        None => format!("{{ version = {d}, default-features = false }}"),
    }
}

fn cargo_toml(header: &str, options: &Options, features: &features::Features) -> String {
    let header = header.replace("// ", "# ");
    let name = &options.crate_name;
    let mut links = String::new();
    if let Some(r) = &options.repository {
        links.push_str(&format!("repository = \"{r}\"\n"));
    }
    let docs = options
        .documentation
        .clone()
        .unwrap_or_else(|| format!("https://docs.rs/{name}"));
    links.push_str(&format!("documentation = \"{docs}\"\n"));
    format!(
        r#"{header}[package]
name = "{name}"
version = "{version}"
edition = "2021"
rust-version = "1.86"
description = "Typed Microsoft Graph client and models, generated from Graph's CSDL metadata ({base})"
license = "MIT"
readme = "README.md"
{links}keywords = ["microsoft-graph", "graph", "intune", "odata", "azure"]
categories = ["api-bindings", "web-programming::http-client"]
# The API recorded by `cargo xtask regenerate --bump` is not needed to build the crate.
exclude = ["msgraph-api.json"]

[package.metadata.docs.rs]
features = ["full", "reqwest", "azure", "time", "chrono", "uuid"]
rustdoc-args = ["--cfg", "docsrs"]

[features]
default = ["full", "reqwest"]
# The HTTP transport of `Client::new` (reqwest with rustls).
reqwest = ["msgraph-runtime/reqwest"]
# `runtime::AzureCredential`: any azure_core `TokenCredential` (azure_identity's) as the token provider.
azure = ["msgraph-runtime/azure"]
# `TryFrom` between `runtime::DateTimeOffset` and `time::OffsetDateTime`.
time = ["msgraph-runtime/time"]
# `TryFrom` between `runtime::DateTimeOffset` and `chrono::DateTime`.
chrono = ["msgraph-runtime/chrono"]
# `From` between `runtime::Guid` and `uuid::Uuid`.
uuid = ["msgraph-runtime/uuid"]
{areas}
[dependencies]
msgraph-runtime = {rt}
serde_json = "1"
"#,
        version = options.crate_version,
        base = options.base_url,
        rt = without_default_features(&options.runtime_dependency),
        areas = features.cargo_lines(),
    )
}
