//! Resolve and validate parsed documents into a [`Model`].

use std::collections::BTreeMap;

mod operations;

use super::*;
use crate::read::ast;

/// Build the model from parsed documents `(file, document)`. `warnings` from
/// reading are carried into the model. On any error, every diagnostic
/// (errors first) is returned instead.
pub fn build(
    docs: &[(String, ast::Document)],
    warnings: Vec<Diagnostic>,
) -> Result<Model, Vec<Diagnostic>> {
    let mut b = Builder {
        diags: warnings,
        ..Builder::default()
    };
    b.index(docs);
    let mut model = b.resolve(docs);
    model.sources = docs.iter().map(|(f, _)| f.clone()).collect();
    let mut diags = std::mem::take(&mut b.diags);
    diags.sort();
    diags.dedup();
    if diags.iter().any(Diagnostic::is_error) {
        return Err(diags);
    }
    model.diagnostics = diags;
    Ok(model)
}

#[derive(Default)]
struct Builder {
    diags: Vec<Diagnostic>,
    /// alias or namespace -> namespace, for schemas in the documents.
    namespaces: BTreeMap<String, String>,
    /// Namespaces (and aliases) only referenced through `edmx:Reference`.
    external: BTreeMap<String, String>,
    /// qualified name -> (kind, location)
    names: BTreeMap<String, (TypeKind, Location)>,
    /// normalised target -> annotations from `Annotations` blocks
    targeted: BTreeMap<String, Vec<Fact>>,
}

impl Builder {
    fn index(&mut self, docs: &[(String, ast::Document)]) {
        for (_, doc) in docs {
            for r in &doc.references {
                for (ns, alias) in &r.includes {
                    self.external.insert(ns.clone(), ns.clone());
                    if let Some(a) = alias {
                        self.external.insert(a.clone(), ns.clone());
                    }
                }
            }
            for s in &doc.schemas {
                self.namespaces
                    .insert(s.namespace.clone(), s.namespace.clone());
                if let Some(a) = &s.alias {
                    self.namespaces.insert(a.clone(), s.namespace.clone());
                }
            }
        }
        for (_, doc) in docs {
            for s in &doc.schemas {
                let ns = &s.namespace;
                let mut declare =
                    |name: &str, kind: TypeKind, loc: &Location, diags: &mut Vec<Diagnostic>| {
                        let q = format!("{ns}.{name}");
                        if let Some((_, first)) = self.names.get(&q) {
                            diags.push(Diagnostic::error(
                                "duplicate-name",
                                loc.clone(),
                                format!("`{q}` is declared twice; first at {first}"),
                            ));
                        } else {
                            self.names.insert(q, (kind, loc.clone()));
                        }
                    };
                let diags = &mut self.diags;
                for t in &s.structured {
                    let kind = match t.kind {
                        StructuredKind::Entity => TypeKind::Entity,
                        StructuredKind::Complex => TypeKind::Complex,
                    };
                    declare(&t.name, kind, &t.loc, diags);
                }
                for e in &s.enums {
                    declare(&e.name, TypeKind::Enum, &e.loc, diags);
                }
                for d in &s.type_definitions {
                    declare(&d.name, TypeKind::Definition, &d.loc, diags);
                }
            }
        }
        for (_, doc) in docs {
            for s in &doc.schemas {
                for block in &s.annotations {
                    let target = self.normalise_target(&block.target);
                    let facts: Vec<Fact> = block
                        .annotations
                        .iter()
                        .map(|a| self.fact(a, block.qualifier.as_ref()))
                        .collect();
                    self.targeted.entry(target).or_default().extend(facts);
                }
            }
        }
    }

    /// Replace an alias prefix with its namespace in a qualified name.
    fn qualify(&self, name: &str) -> String {
        if let Some((ns, local)) = name.rsplit_once('.') {
            if let Some(full) = self.namespaces.get(ns).or_else(|| self.external.get(ns)) {
                return format!("{full}.{local}");
            }
        }
        name.to_owned()
    }

    /// Normalise an annotation target: aliases become namespaces, also inside
    /// an operation's parenthesised signature.
    fn normalise_target(&self, target: &str) -> String {
        let (head, rest) = match target.find(['/', '(']) {
            Some(i) => target.split_at(i),
            None => (target, ""),
        };
        let mut out = self.qualify(head);
        if let Some(sig) = rest.strip_prefix('(') {
            let (args, tail) = sig.split_once(')').unwrap_or((sig, ""));
            let args: Vec<String> = args
                .split(',')
                .filter(|a| !a.is_empty())
                .map(|a| match a.strip_prefix("Collection(") {
                    Some(inner) => {
                        format!("Collection({})", self.qualify(inner.trim_end_matches(')')))
                    }
                    None => self.qualify(a),
                })
                .collect();
            out.push('(');
            out.push_str(&args.join(","));
            out.push(')');
            out.push_str(tail);
        } else {
            out.push_str(rest);
        }
        out
    }

    fn fact(&self, a: &ast::Annotation, block_qualifier: Option<&String>) -> Fact {
        Fact {
            term: self.qualify(&a.term),
            qualifier: a.qualifier.clone().or_else(|| block_qualifier.cloned()),
            value: a.value.clone(),
            loc: a.loc.clone(),
        }
    }

    /// Inline annotations plus those targeting `target` from outside.
    fn facts(&self, inline: &[ast::Annotation], targets: &[String]) -> Vec<Fact> {
        let mut out: Vec<Fact> = inline.iter().map(|a| self.fact(a, None)).collect();
        for t in targets {
            if let Some(f) = self.targeted.get(t) {
                out.extend(f.iter().cloned());
            }
        }
        out
    }

    /// Resolve a type reference such as `Collection(graph.user)`.
    fn resolve_type(&mut self, raw: &str, loc: &Location) -> Option<TypeRef> {
        let raw = raw.trim();
        let (inner, collection) = match raw
            .strip_prefix("Collection(")
            .and_then(|r| r.strip_suffix(')'))
        {
            Some(inner) => (inner.trim(), true),
            None => (raw, false),
        };
        let balanced = raw.matches('(').count() == raw.matches(')').count();
        if !balanced || (raw.contains('(') && !collection) {
            self.diags.push(Diagnostic::error(
                "malformed-type",
                loc.clone(),
                format!("`{raw}` is not a type name or `Collection(type name)`"),
            ));
            return None;
        }
        if inner.starts_with("Collection(") {
            self.diags.push(Diagnostic::error(
                "nested-collection",
                loc.clone(),
                format!("`{raw}` nests a collection in a collection, which OData does not allow"),
            ));
            return None;
        }
        if let Some(p) = inner.strip_prefix("Edm.") {
            if super::Primitive::of_local(p).is_some() {
                return Some(TypeRef {
                    name: inner.to_owned(),
                    kind: TypeKind::Primitive,
                    collection,
                });
            }
            self.diags.push(Diagnostic::error(
                "unknown-primitive",
                loc.clone(),
                format!("`{inner}` is not an Edm primitive type"),
            ));
            return None;
        }
        let Some((ns, local)) = inner.rsplit_once('.') else {
            self.diags.push(Diagnostic::error(
                "unqualified-type",
                loc.clone(),
                format!("type `{inner}` must be qualified with a namespace or alias"),
            ));
            return None;
        };
        let Some(namespace) = self.namespaces.get(ns).cloned() else {
            if let Some(ext) = self.external.get(ns) {
                self.diags.push(Diagnostic::warning(
                    "external-type",
                    loc.clone(),
                    format!("`{inner}` is in the referenced namespace `{ext}`, which is not loaded; it is kept untyped"),
                ));
                return Some(TypeRef {
                    name: format!("{ext}.{local}"),
                    kind: TypeKind::External,
                    collection,
                });
            }
            self.diags.push(Diagnostic::error(
                "unknown-namespace",
                loc.clone(),
                format!("type `{inner}` names the unknown namespace or alias `{ns}`"),
            ));
            return None;
        };
        let name = format!("{namespace}.{local}");
        match self.names.get(&name) {
            Some((kind, _)) => Some(TypeRef {
                name,
                kind: *kind,
                collection,
            }),
            None => {
                self.diags.push(Diagnostic::error(
                    "dangling-type",
                    loc.clone(),
                    format!("type `{inner}` is not declared in namespace `{namespace}`"),
                ));
                None
            }
        }
    }

    fn resolve(&mut self, docs: &[(String, ast::Document)]) -> Model {
        let mut m = Model::default();
        for (_, doc) in docs {
            for s in &doc.schemas {
                m.namespaces.insert(s.namespace.clone(), s.alias.clone());
                for t in &s.structured {
                    let st = self.structured(s, t);
                    m.types.entry(st.name.clone()).or_insert(st);
                }
                for e in &s.enums {
                    let et = self.enum_type(s, e);
                    m.enums.entry(et.name.clone()).or_insert(et);
                }
                for d in &s.type_definitions {
                    let underlying = match self.resolve_type(&d.underlying_type, &d.loc) {
                        Some(t) if t.kind == TypeKind::Primitive && !t.collection => t.name,
                        Some(t) => {
                            self.diags.push(Diagnostic::error(
                                "bad-type-definition",
                                d.loc.clone(),
                                format!("the underlying type of a type definition must be an Edm primitive, found `{}`", t.name),
                            ));
                            continue;
                        }
                        None => continue,
                    };
                    let name = format!("{}.{}", s.namespace, d.name);
                    let facts = self.facts(&d.annotations, std::slice::from_ref(&name));
                    m.type_definitions.insert(
                        name.clone(),
                        TypeDefinition {
                            name,
                            namespace: s.namespace.clone(),
                            local: d.name.clone(),
                            underlying,
                            docs: docs_of(&facts),
                            loc: d.loc.clone(),
                        },
                    );
                }
                for op in &s.operations {
                    if let Some(o) = self.operation(s, op) {
                        m.operations.push(o);
                    }
                }
                for t in &s.terms {
                    let name = format!("{}.{}", s.namespace, t.name);
                    m.terms.insert(
                        name.clone(),
                        Term {
                            name,
                            type_name: t.type_name.clone(),
                            applies_to: t.applies_to.clone(),
                            loc: t.loc.clone(),
                        },
                    );
                }
                for c in &s.containers {
                    self.container(&mut m, s, c);
                }
            }
        }
        self.check_inheritance(&mut m);
        self.check_duplicate_operations(&m);
        m.roots.sort_by(|a, b| a.name.cmp(&b.name));
        m.imports.sort_by(|a, b| a.name.cmp(&b.name));
        m.operations.sort_by(|a, b| {
            (&a.namespace, &a.name, &a.binding, a.loc.line).cmp(&(
                &b.namespace,
                &b.name,
                &b.binding,
                b.loc.line,
            ))
        });
        super::paths::assign(&mut m);
        m
    }

    fn structured(&mut self, s: &ast::Schema, t: &ast::StructuredType) -> StructType {
        let name = format!("{}.{}", s.namespace, t.name);
        let base = t.base_type.as_ref().and_then(|b| {
            let r = self.resolve_type(b, &t.loc)?;
            let expected = match t.kind {
                StructuredKind::Entity => TypeKind::Entity,
                StructuredKind::Complex => TypeKind::Complex,
            };
            if r.collection || !matches!(r.kind, TypeKind::Entity | TypeKind::Complex) {
                self.diags.push(Diagnostic::error(
                    "bad-base-type",
                    t.loc.clone(),
                    format!("the base type `{b}` of `{name}` is not an entity or complex type"),
                ));
                return None;
            }
            if r.kind != expected {
                // Seen in real Graph CSDL (a complex type deriving from `entity`):
                // the properties can still be inherited, so it is only a warning.
                self.diags.push(Diagnostic::warning(
                    "base-kind-mismatch",
                    t.loc.clone(),
                    format!("`{name}` and its base type `{b}` are not of the same kind"),
                ));
            }
            Some(r.name)
        });
        let mut properties = Vec::new();
        let mut seen: BTreeMap<&str, &Location> = BTreeMap::new();
        for p in &t.properties {
            if let Some(first) = seen.insert(&p.name, &p.loc) {
                self.diags.push(Diagnostic::error(
                    "duplicate-name",
                    p.loc.clone(),
                    format!(
                        "property `{}` is declared twice in `{name}`; first at {first}",
                        p.name
                    ),
                ));
                continue;
            }
            let Some(ty) = self.resolve_type(&p.type_name, &p.loc) else {
                continue;
            };
            if ty.kind == TypeKind::Entity {
                self.diags.push(Diagnostic::warning(
                    "entity-valued-property",
                    p.loc.clone(),
                    format!(
                        "structural property `{}` has the entity type `{}`",
                        p.name, ty.name
                    ),
                ));
            }
            let target = format!("{name}/{}", p.name);
            let facts = self.facts(&p.annotations, &[target]);
            properties.push(Property {
                nullable: p.nullable.unwrap_or(!ty.collection),
                ty,
                name: p.name.clone(),
                navigation: false,
                contains_target: false,
                partner: None,
                default_value: p.default_value.clone(),
                facets: p.facets.clone(),
                computed: flag(&facts, terms::COMPUTED),
                immutable: flag(&facts, terms::IMMUTABLE),
                docs: docs_of(&facts),
                facts,
                loc: p.loc.clone(),
            });
        }
        for n in &t.navigation {
            if let Some(first) = seen.insert(&n.name, &n.loc) {
                self.diags.push(Diagnostic::error(
                    "duplicate-name",
                    n.loc.clone(),
                    format!(
                        "property `{}` is declared twice in `{name}`; first at {first}",
                        n.name
                    ),
                ));
                continue;
            }
            // A navigation property is optional data (an `$expand`): one whose
            // target is missing from the document is dropped with a warning,
            // as real Graph CSDL sometimes omits a namespace it points into.
            let before = self.diags.len();
            let Some(ty) = self.resolve_type(&n.type_name, &n.loc) else {
                for d in &mut self.diags[before..] {
                    d.severity = crate::diag::Severity::Warning;
                    d.message.push_str("; the navigation property is dropped");
                }
                continue;
            };
            if ty.kind != TypeKind::Entity {
                self.diags.push(Diagnostic::error(
                    "bad-navigation-type",
                    n.loc.clone(),
                    format!(
                        "navigation property `{}` must have an entity type, found `{}`",
                        n.name, ty.name
                    ),
                ));
                continue;
            }
            let target = format!("{name}/{}", n.name);
            let facts = self.facts(&n.annotations, &[target]);
            properties.push(Property {
                nullable: n.nullable.unwrap_or(!ty.collection),
                ty,
                name: n.name.clone(),
                navigation: true,
                contains_target: n.contains_target,
                partner: n.partner.clone(),
                default_value: None,
                facets: Facets::default(),
                computed: flag(&facts, terms::COMPUTED),
                immutable: flag(&facts, terms::IMMUTABLE),
                docs: docs_of(&facts),
                facts,
                loc: n.loc.clone(),
            });
        }
        let facts = self.facts(&t.annotations, std::slice::from_ref(&name));
        StructType {
            namespace: s.namespace.clone(),
            local: t.name.clone(),
            kind: t.kind,
            base,
            is_abstract: t.is_abstract,
            open: t.open_type,
            has_stream: t.has_stream,
            key: t.key.clone(),
            properties,
            docs: docs_of(&facts),
            facts,
            loc: t.loc.clone(),
            name,
        }
    }

    fn enum_type(&mut self, s: &ast::Schema, e: &ast::EnumType) -> EnumType {
        let name = format!("{}.{}", s.namespace, e.name);
        let underlying = e
            .underlying_type
            .clone()
            .unwrap_or_else(|| "Edm.Int32".to_owned());
        if !super::Primitive::of(&underlying).is_some_and(super::Primitive::is_integer) {
            self.diags.push(Diagnostic::error(
                "bad-enum-underlying-type",
                e.loc.clone(),
                format!("enum `{name}` has underlying type `{underlying}`; expected an Edm integer type"),
            ));
        }
        let mut members = Vec::new();
        let mut seen: BTreeMap<&str, &Location> = BTreeMap::new();
        let mut next = 0i64;
        let given = e.members.iter().filter(|m| m.value.is_some()).count();
        if given != 0 && given != e.members.len() {
            self.diags.push(Diagnostic::warning(
                "enum-partial-values",
                e.loc.clone(),
                format!("some members of `{name}` have values and some do not; missing ones follow the previous value"),
            ));
        }
        for m in &e.members {
            if let Some(first) = seen.insert(&m.name, &m.loc) {
                self.diags.push(Diagnostic::error(
                    "duplicate-name",
                    m.loc.clone(),
                    format!(
                        "member `{}` is declared twice in `{name}`; first at {first}",
                        m.name
                    ),
                ));
                continue;
            }
            let value = match &m.value {
                None => next,
                Some(v) => {
                    match v.trim().parse::<i64>() {
                        Ok(v) => v,
                        Err(_) => {
                            self.diags.push(Diagnostic::error(
                            "bad-enum-value",
                            m.loc.clone(),
                            format!("member `{}` of `{name}` has the value `{v}`; expected an integer", m.name),
                        ));
                            continue;
                        }
                    }
                }
            };
            next = value.saturating_add(1);
            let target = format!("{name}/{}", m.name);
            let facts = self.facts(&m.annotations, &[target]);
            members.push(EnumMember {
                name: m.name.clone(),
                value,
                docs: docs_of(&facts),
                loc: m.loc.clone(),
            });
        }
        let facts = self.facts(&e.annotations, std::slice::from_ref(&name));
        EnumType {
            namespace: s.namespace.clone(),
            local: e.name.clone(),
            flags: e.is_flags,
            underlying,
            members,
            docs: docs_of(&facts),
            facts,
            loc: e.loc.clone(),
            name,
        }
    }
}

fn text_of(facts: &[Fact], term: &str) -> Option<String> {
    facts
        .iter()
        .find(|f| f.term == term)
        .and_then(|f| f.value.as_text())
        .map(str::to_owned)
}

fn flag(facts: &[Fact], term: &str) -> bool {
    facts
        .iter()
        .any(|f| f.term == term && f.value.as_bool() == Some(true))
}

fn docs_of(facts: &[Fact]) -> Docs {
    Docs {
        description: text_of(facts, terms::DESCRIPTION),
        long_description: text_of(facts, terms::LONG_DESCRIPTION),
    }
}
