//! The builder's operations, entity container and whole-model checks
//! (inheritance cycles, operations declared twice).

use std::collections::{BTreeMap, BTreeSet};

use super::{docs_of, Builder};
use crate::model::*;
use crate::read::ast;

impl Builder {
    pub(super) fn operation(&mut self, s: &ast::Schema, op: &ast::Operation) -> Option<Operation> {
        let name = format!("{}.{}", s.namespace, op.name);
        let mut params = op.parameters.iter();
        let binding = if op.is_bound {
            let Some(first) = params.next() else {
                self.diags.push(Diagnostic::error(
                    "bound-without-parameter",
                    op.loc.clone(),
                    format!("`{name}` is bound but has no binding parameter; a bound operation's first parameter is its binding"),
                ));
                return None;
            };
            let ty = self.resolve_type(&first.type_name, &first.loc)?;
            if !matches!(ty.kind, TypeKind::Entity | TypeKind::Complex) {
                self.diags.push(Diagnostic::warning(
                    "unusual-binding",
                    first.loc.clone(),
                    format!(
                        "`{name}` is bound to `{}`, which is not a structured type",
                        ty.name
                    ),
                ));
            }
            Some(Binding {
                type_name: ty.name,
                collection: ty.collection,
            })
        } else {
            None
        };
        let mut targets = vec![name.clone()];
        if let Some(b) = &binding {
            let bt = if b.collection {
                format!("Collection({})", b.type_name)
            } else {
                b.type_name.clone()
            };
            targets.insert(0, format!("{name}({bt})"));
        }
        let mut parameters = Vec::new();
        let mut seen: BTreeMap<&str, &Location> = BTreeMap::new();
        let mut ok = true;
        for p in params {
            if let Some(first) = seen.insert(&p.name, &p.loc) {
                self.diags.push(Diagnostic::error(
                    "duplicate-name",
                    p.loc.clone(),
                    format!(
                        "parameter `{}` is declared twice in `{name}`; first at {first}",
                        p.name
                    ),
                ));
                continue;
            }
            let Some(ty) = self.resolve_type(&p.type_name, &p.loc) else {
                ok = false;
                continue;
            };
            let ptargets: Vec<String> = targets.iter().map(|t| format!("{t}/{}", p.name)).collect();
            let facts = self.facts(&p.annotations, &ptargets);
            parameters.push(Parameter {
                name: p.name.clone(),
                nullable: p.nullable.unwrap_or(true),
                // The annotation's value is a record (the default), not a boolean.
                optional: facts.iter().any(|f| f.term == terms::OPTIONAL_PARAMETER),
                ty,
                docs: docs_of(&facts),
                loc: p.loc.clone(),
            });
        }
        let returns = match &op.return_type {
            Some(r) => Some(self.resolve_type(&r.type_name, &r.loc)?),
            None => None,
        };
        if !ok {
            return None;
        }
        let facts = self.facts(&op.annotations, &targets);
        let (method, success_status) = match (op.kind, &returns) {
            (OperationKind::Action, None) => ("POST", 204),
            (OperationKind::Action, Some(_)) => ("POST", 200),
            (OperationKind::Function, _) => ("GET", 200),
        };
        Some(Operation {
            kind: match op.kind {
                OperationKind::Action => OpKind::Action,
                OperationKind::Function => OpKind::Function,
            },
            name: op.name.clone(),
            namespace: s.namespace.clone(),
            binding,
            parameters,
            returns,
            composable: op.is_composable,
            entity_set_path: op.entity_set_path.clone(),
            http: Http {
                method,
                paths: Vec::new(),
                success_status,
            },
            permissions: None,
            doc: None,
            pages: Vec::new(),
            docs: docs_of(&facts),
            facts,
            loc: op.loc.clone(),
        })
    }

    pub(super) fn container(&mut self, m: &mut Model, s: &ast::Schema, c: &ast::EntityContainer) {
        let cname = format!("{}.{}", s.namespace, c.name);
        m.container_name.get_or_insert(cname.clone());
        let mut seen: BTreeMap<String, Location> = m
            .roots
            .iter()
            .map(|r| (r.name.clone(), r.loc.clone()))
            .collect();
        for (set, singleton) in c
            .entity_sets
            .iter()
            .map(|e| (e, false))
            .chain(c.singletons.iter().map(|e| (e, true)))
        {
            if let Some(first) = seen.get(&set.name) {
                self.diags.push(Diagnostic::error(
                    "duplicate-name",
                    set.loc.clone(),
                    format!(
                        "`{}` is declared twice in the entity container; first at {first}",
                        set.name
                    ),
                ));
                continue;
            }
            seen.insert(set.name.clone(), set.loc.clone());
            let Some(ty) = self.resolve_type(&set.type_name, &set.loc) else {
                continue;
            };
            if ty.kind != TypeKind::Entity || ty.collection {
                self.diags.push(Diagnostic::error(
                    "bad-entity-set-type",
                    set.loc.clone(),
                    format!(
                        "`{}` must have a single entity type, found `{}`",
                        set.name, set.type_name
                    ),
                ));
                continue;
            }
            let facts = self.facts(&set.annotations, &[format!("{cname}/{}", set.name)]);
            m.roots.push(Root {
                name: set.name.clone(),
                type_name: ty.name,
                singleton,
                bindings: set.bindings.clone(),
                facts,
                loc: set.loc.clone(),
            });
        }
        for i in &c.imports {
            m.imports.push(Import {
                name: i.name.clone(),
                kind: i.kind,
                operation: self.qualify(&i.operation),
                entity_set: i.entity_set.clone(),
                loc: i.loc.clone(),
            });
        }
    }

    pub(super) fn check_inheritance(&mut self, m: &mut Model) {
        let mut bad = BTreeSet::new();
        for t in m.types.values() {
            let mut seen = BTreeSet::new();
            let mut cur = Some(t);
            while let Some(c) = cur {
                if !seen.insert(c.name.as_str()) {
                    self.diags.push(Diagnostic::error(
                        "cyclic-base-type",
                        t.loc.clone(),
                        format!(
                            "the base types of `{}` form a cycle (its base is `{}`)",
                            t.name,
                            t.base.as_deref().unwrap_or(&c.name)
                        ),
                    ));
                    bad.insert(t.name.clone());
                    break;
                }
                cur = c.base.as_deref().and_then(|b| m.types.get(b));
            }
        }
        for t in m.types.values() {
            if let Some(b) = &t.base {
                if !bad.contains(&t.name) {
                    m.derived
                        .entry(b.clone())
                        .or_default()
                        .insert(t.name.clone());
                }
            }
        }
    }

    pub(super) fn check_duplicate_operations(&mut self, m: &Model) {
        /// (namespace, name, binding, parameter names): what tells overloads apart.
        type Signature<'a> = (&'a str, &'a str, Option<&'a Binding>, Vec<&'a str>);
        let mut seen: BTreeMap<Signature, &Location> = BTreeMap::new();
        for op in &m.operations {
            // Functions overload on parameters; actions only on binding.
            let params: Vec<&str> = match op.kind {
                OpKind::Function => op.parameters.iter().map(|p| p.name.as_str()).collect(),
                _ => Vec::new(),
            };
            let key = (
                op.namespace.as_str(),
                op.name.as_str(),
                op.binding.as_ref(),
                params,
            );
            if let Some(first) = seen.insert(key, &op.loc) {
                self.diags.push(Diagnostic::warning(
                    "duplicate-overload",
                    op.loc.clone(),
                    format!(
                        "`{}.{}` is declared again with the same binding; first at {first}",
                        op.namespace, op.name
                    ),
                ));
            }
        }
    }
}
