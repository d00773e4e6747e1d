//! `cargo xtask model --json`: the model as JSON, a public interface.
//!
//! Version 1. Fields may be added in later versions; none are removed or
//! change meaning without a new `ir_version`.

use serde::Serialize;

use std::collections::BTreeMap;

use super::{terms, AnnotationValue, Fact, Model, StructuredKind, TypeRef};
use crate::diag::Diagnostic;

/// The version of this JSON shape.
pub const IR_VERSION: u32 = 1;

#[derive(Serialize)]
struct Root<'m> {
    ir_version: u32,
    sources: &'m [String],
    types: Vec<TypeJson<'m>>,
    enums: Vec<EnumJson<'m>>,
    type_definitions: Vec<TypeDefJson<'m>>,
    entry_points: Vec<EntryJson<'m>>,
    areas: Vec<crate::emit::features::AreaRow>,
    operations: Vec<OpJson<'m>>,
    diagnostics: &'m [Diagnostic],
}

#[derive(Serialize)]
struct TypeJson<'m> {
    name: &'m str,
    kind: &'static str,
    base: Option<&'m str>,
    #[serde(rename = "abstract")]
    is_abstract: bool,
    open: bool,
    has_stream: bool,
    key: &'m [String],
    derived: Vec<&'m str>,
    description: Option<&'m str>,
    annotations: BTreeMap<String, serde_json::Value>,
    location: String,
    properties: Vec<PropJson<'m>>,
    features: Vec<String>,
}

#[derive(Serialize)]
struct PropJson<'m> {
    name: &'m str,
    #[serde(rename = "type")]
    ty: &'m str,
    collection: bool,
    nullable: bool,
    navigation: bool,
    contains_target: bool,
    computed: bool,
    immutable: bool,
    description: Option<&'m str>,
    annotations: BTreeMap<String, serde_json::Value>,
}

#[derive(Serialize)]
struct EnumJson<'m> {
    name: &'m str,
    flags: bool,
    description: Option<&'m str>,
    members: Vec<MemberJson<'m>>,
    features: Vec<String>,
}

#[derive(Serialize)]
struct MemberJson<'m> {
    name: &'m str,
    value: i64,
    description: Option<&'m str>,
}

#[derive(Serialize)]
struct TypeDefJson<'m> {
    name: &'m str,
    underlying: &'m str,
    features: Vec<String>,
}

#[derive(Serialize)]
struct EntryJson<'m> {
    name: &'m str,
    #[serde(rename = "type")]
    ty: &'m str,
    singleton: bool,
    annotations: BTreeMap<String, serde_json::Value>,
    feature: Option<String>,
}

#[derive(Serialize)]
struct TypeUseJson<'m> {
    #[serde(rename = "type")]
    ty: &'m str,
    collection: bool,
}

#[derive(Serialize)]
struct ParamJson<'m> {
    name: &'m str,
    #[serde(rename = "type")]
    ty: &'m str,
    collection: bool,
    nullable: bool,
    optional: bool,
    description: Option<&'m str>,
}

#[derive(Serialize)]
struct HttpJson<'m> {
    method: &'m str,
    paths: &'m [String],
    success_status: u16,
}

#[derive(Serialize)]
struct OpJson<'m> {
    name: &'m str,
    namespace: &'m str,
    kind: &'static str,
    binding: Option<TypeUseJson<'m>>,
    parameters: Vec<ParamJson<'m>>,
    returns: Option<TypeUseJson<'m>>,
    http: HttpJson<'m>,
    permissions: Option<&'m crate::model::Permissions>,
    doc: Option<&'m str>,
    /// Added in ir_version 1 (fields only added): every page, with its own facts.
    docs: &'m [crate::model::OperationPage],
    description: Option<&'m str>,
    annotations: BTreeMap<String, serde_json::Value>,
    location: String,
    features: Vec<String>,
}

fn type_use(t: &TypeRef) -> TypeUseJson<'_> {
    TypeUseJson {
        ty: &t.name,
        collection: t.collection,
    }
}

/// Annotations other than descriptions (which have their own fields), keyed
/// by term (`term#qualifier` when qualified).
fn annotations(facts: &[Fact]) -> BTreeMap<String, serde_json::Value> {
    facts
        .iter()
        .filter(|f| f.term != terms::DESCRIPTION && f.term != terms::LONG_DESCRIPTION)
        .map(|f| {
            let key = match &f.qualifier {
                Some(q) => format!("{}#{q}", f.term),
                None => f.term.clone(),
            };
            (key, value_json(&f.value))
        })
        .collect()
}

fn value_json(v: &AnnotationValue) -> serde_json::Value {
    use serde_json::Value;
    match v {
        AnnotationValue::Empty => Value::Bool(true),
        AnnotationValue::Bool(b) => Value::Bool(*b),
        AnnotationValue::Scalar { value, .. } => Value::String(value.clone()),
        AnnotationValue::Record(fields) => Value::Object(
            fields
                .iter()
                .map(|(k, v)| (k.clone(), value_json(v)))
                .collect(),
        ),
        AnnotationValue::Collection(items) => Value::Array(items.iter().map(value_json).collect()),
    }
}

/// The model as pretty-printed JSON (version [`IR_VERSION`]).
pub fn to_json(m: &Model) -> String {
    // Serialising plain data to a String cannot fail; fall back to an empty object.
    with_root(m, |root| {
        serde_json::to_string_pretty(root).unwrap_or_else(|_| "{}".to_owned())
    })
}

/// The model's JSON as a value (what [`to_json`] writes, without the text),
/// for the API diff.
pub fn to_value(m: &Model) -> serde_json::Value {
    with_root(m, |root| serde_json::to_value(root).unwrap_or_default())
}

/// Call `f` with the model's JSON document.
fn with_root<R>(m: &Model, write: impl FnOnce(&Root<'_>) -> R) -> R {
    let f = crate::emit::features::Features::of(m);
    let type_features = |name: &str| f.names(f.areas.of(name));
    let root = Root {
        ir_version: IR_VERSION,
        sources: &m.sources,
        types: m
            .types
            .values()
            .map(|t| TypeJson {
                name: &t.name,
                kind: match t.kind {
                    StructuredKind::Entity => "entity",
                    StructuredKind::Complex => "complex",
                },
                base: t.base.as_deref(),
                is_abstract: t.is_abstract,
                open: t.open,
                has_stream: t.has_stream,
                key: &t.key,
                derived: m
                    .derived
                    .get(&t.name)
                    .map(|d| d.iter().map(String::as_str).collect())
                    .unwrap_or_default(),
                description: t.docs.description.as_deref(),
                annotations: annotations(&t.facts),
                location: t.loc.to_string(),
                properties: t
                    .properties
                    .iter()
                    .map(|p| PropJson {
                        name: &p.name,
                        ty: &p.ty.name,
                        collection: p.ty.collection,
                        nullable: p.nullable,
                        navigation: p.navigation,
                        contains_target: p.contains_target,
                        computed: p.computed,
                        immutable: p.immutable,
                        description: p.docs.description.as_deref(),
                        annotations: annotations(&p.facts),
                    })
                    .collect(),
                features: type_features(&t.name),
            })
            .collect(),
        enums: m
            .enums
            .values()
            .map(|e| EnumJson {
                name: &e.name,
                flags: e.flags,
                description: e.docs.description.as_deref(),
                members: e
                    .members
                    .iter()
                    .map(|mm| MemberJson {
                        name: &mm.name,
                        value: mm.value,
                        description: mm.docs.description.as_deref(),
                    })
                    .collect(),
                features: type_features(&e.name),
            })
            .collect(),
        type_definitions: m
            .type_definitions
            .values()
            .map(|d| TypeDefJson {
                name: &d.name,
                underlying: &d.underlying,
                features: type_features(&d.name),
            })
            .collect(),
        entry_points: m
            .roots
            .iter()
            .enumerate()
            .map(|(i, r)| EntryJson {
                name: &r.name,
                ty: &r.type_name,
                singleton: r.singleton,
                annotations: annotations(&r.facts),
                feature: f
                    .areas
                    .of_root
                    .get(i)
                    .copied()
                    .flatten()
                    .map(|a| f.name(a).to_owned()),
            })
            .collect(),
        areas: f.rows(),
        operations: m
            .operations
            .iter()
            .enumerate()
            .map(|(i, o)| OpJson {
                name: &o.name,
                namespace: &o.namespace,
                kind: o.kind.as_str(),
                binding: o.binding.as_ref().map(|b| TypeUseJson {
                    ty: &b.type_name,
                    collection: b.collection,
                }),
                parameters: o
                    .parameters
                    .iter()
                    .map(|p| ParamJson {
                        name: &p.name,
                        ty: &p.ty.name,
                        collection: p.ty.collection,
                        nullable: p.nullable,
                        optional: p.optional,
                        description: p.docs.description.as_deref(),
                    })
                    .collect(),
                returns: o.returns.as_ref().map(type_use),
                http: HttpJson {
                    method: o.http.method,
                    paths: &o.http.paths,
                    success_status: o.http.success_status,
                },
                permissions: o.permissions.as_ref(),
                doc: o.doc.as_deref(),
                docs: &o.pages,
                description: o.docs.description.as_deref(),
                annotations: annotations(&o.facts),
                location: o.loc.to_string(),
                features: f.names(f.areas.of_op(i)),
            })
            .collect(),
        diagnostics: &m.diagnostics,
    };
    write(&root)
}
