//! Areas: the parts of the model a user can enable one at a time (the
//! generated crate's cargo features).
//!
//! Every entry point of the entity container (entity set, singleton, or
//! operation import) is an area. An area *includes* the closure of its entry
//! point's type:
//!
//! - the type itself, reached as a **value**: a value of a type may be any
//!   type derived from it, so every derived type is a value too;
//! - the **base types** of every included type (not as values: a base type's
//!   other derived types are not included through it);
//! - the types of the **structural properties** of every included type, and
//!   the targets of its **containment** navigation properties (contained
//!   entities are only reachable through their container), as values;
//! - the **operations** bound to every included type (or to a collection of
//!   it), with the types of their parameters and returns as values; CRUD
//!   calls on an included type are included too, and add nothing (they act
//!   on the type itself).
//!
//! Navigation that is not containment is not followed: it leads to another
//! entry point's entity set, and so to another area. The generated client
//! offers such a navigation whenever its target type is included by an
//! enabled area.
//!
//! An entry point whose closure is more than [`SPLIT_SHARE`] of all types
//! (and at least [`MIN_SPLIT_TYPES`]) is split along its containment navigation: the entry point's own area keeps
//! the type, its structural closure and its operations, and each contained
//! navigation property of the type becomes an area of its own (a *sub-area*)
//! that extends it. A sub-area that is still too large is split the same
//! way, down to [`MAX_SPLIT_DEPTH`] levels.

use std::collections::{BTreeMap, BTreeSet};

use super::{Model, TypeKind};

/// An entry point whose closure includes more than this share of the
/// model's types (structured, enum and definitions) is split.
pub const SPLIT_SHARE: f64 = 0.25;

/// An entry point with fewer types than this is never split, whatever its share.
pub const MIN_SPLIT_TYPES: usize = 20;

/// How many levels of containment a split may go down.
pub const MAX_SPLIT_DEPTH: usize = 3;

/// One area.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Area {
    /// The entry point: an entity set, singleton or operation import name.
    pub root: String,
    /// For a sub-area: the containment navigation properties from the entry
    /// point's type down to what this area covers, e.g. `["managedDevices"]`.
    pub navigation: Vec<String>,
    /// The area this one extends (a sub-area's container), if any.
    pub parent: Option<usize>,
    /// Types included (structured, enum and type definitions), by qualified name.
    pub types: BTreeSet<String>,
    /// Operations included, by index into [`Model::operations`].
    pub operations: BTreeSet<usize>,
}

impl Area {
    /// What the area covers as a path, e.g. `deviceManagement/managedDevices`.
    pub fn path(&self) -> String {
        std::iter::once(self.root.as_str())
            .chain(self.navigation.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join("/")
    }
}

/// Every area of a model, and which areas include each type and operation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Areas {
    /// Areas in entry point order, each entry point followed by its sub-areas.
    pub areas: Vec<Area>,
    /// For every type some area includes: those areas, smallest first (ties in area order).
    pub of_type: BTreeMap<String, Vec<usize>>,
    /// For every operation (by index): the areas including it, smallest first.
    pub of_operation: Vec<Vec<usize>>,
    /// For every entity set and singleton (by index into [`Model::roots`]): its own area.
    pub of_root: Vec<Option<usize>>,
    /// For every operation import (by index into [`Model::imports`]): its area.
    pub of_import: Vec<Option<usize>>,
}

impl Areas {
    /// The areas including type `name`, smallest first; empty if none does.
    pub fn of(&self, name: &str) -> &[usize] {
        self.of_type
            .get(name)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    /// The size of area `i` with every area it extends: what enabling it compiles.
    pub fn total_types(&self, i: usize) -> usize {
        let mut all = BTreeSet::new();
        let mut at = Some(i);
        let mut guard = 0;
        while let Some(a) = at.and_then(|i| self.areas.get(i)) {
            all.extend(a.types.iter());
            at = a.parent;
            guard += 1;
            if guard > self.areas.len() {
                break;
            }
        }
        all.len()
    }
}

/// The operations bound to each type, by index: (single-bound, collection-bound).
fn bound_operations(m: &Model) -> BTreeMap<&str, Vec<usize>> {
    let mut out: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, op) in m.operations.iter().enumerate() {
        if let Some(b) = &op.binding {
            out.entry(b.type_name.as_str()).or_default().push(i);
        }
    }
    out
}

/// What a closure starts from and leaves out.
struct Seed<'m> {
    /// Types reached as values.
    values: Vec<&'m str>,
    /// Containment navigation not followed: (declaring type, property name).
    skip: BTreeSet<(&'m str, &'m str)>,
}

/// Computes the closures; a pure function of the model.
struct Closure<'m> {
    m: &'m Model,
    bound: BTreeMap<&'m str, Vec<usize>>,
}

impl<'m> Closure<'m> {
    fn run(&self, seed: &Seed<'m>) -> (BTreeSet<String>, BTreeSet<usize>) {
        let m = self.m;
        let mut types: BTreeSet<&'m str> = BTreeSet::new();
        let mut values: BTreeSet<&'m str> = BTreeSet::new();
        let mut ops: BTreeSet<usize> = BTreeSet::new();
        // (type, reached as a value)
        let mut work: Vec<(&'m str, bool)> = seed.values.iter().map(|t| (*t, true)).collect();
        while let Some((name, value)) = work.pop() {
            let Some(t) = m.types.get(name) else {
                if m.enums.contains_key(name) || m.type_definitions.contains_key(name) {
                    types.insert(name);
                }
                continue;
            };
            let t_name = t.name.as_str();
            if value && values.insert(t_name) {
                for d in m.descendants(t_name) {
                    work.push((d, true));
                }
            }
            if !types.insert(t_name) {
                continue;
            }
            if let Some(b) = &t.base {
                work.push((b.as_str(), false));
            }
            for p in &t.properties {
                let follow = !p.navigation
                    || (p.contains_target && !seed.skip.contains(&(t_name, p.name.as_str())));
                if follow && p.ty.kind != TypeKind::Primitive {
                    work.push((p.ty.name.as_str(), true));
                }
            }
            for &i in self.bound.get(t_name).into_iter().flatten() {
                let Some(op) = m.operations.get(i) else {
                    continue;
                };
                // A CRUD call acts on its binding type, which is here already;
                // its result's derived types dispatch only where included.
                if !ops.insert(i) || op.kind.is_crud() {
                    continue;
                }
                for p in &op.parameters {
                    work.push((p.ty.name.as_str(), true));
                }
                if let Some(r) = &op.returns {
                    work.push((r.name.as_str(), true));
                }
            }
        }
        (types.into_iter().map(str::to_owned).collect(), ops)
    }

    /// The unbound operation an import calls.
    fn import_closure(&self, operation: &str) -> (BTreeSet<String>, BTreeSet<usize>) {
        let m = self.m;
        let (ns, local) = operation.rsplit_once('.').unwrap_or(("", operation));
        let mut values = Vec::new();
        let mut ops = BTreeSet::new();
        for (i, op) in m.operations.iter().enumerate() {
            if op.binding.is_none() && op.namespace == ns && op.name == local {
                ops.insert(i);
                values.extend(op.parameters.iter().map(|p| p.ty.name.as_str()));
                values.extend(op.returns.iter().map(|r| r.name.as_str()));
            }
        }
        let (types, more) = self.run(&Seed {
            values,
            skip: BTreeSet::new(),
        });
        ops.extend(more);
        (types, ops)
    }
}

/// The contained navigation properties of `type_name`, inherited ones included:
/// (declaring type, property name, target type).
fn contained<'m>(m: &'m Model, type_name: &str) -> Vec<(&'m str, &'m str, &'m str)> {
    let mut out = Vec::new();
    for t in m.chain(type_name) {
        for p in &t.properties {
            if p.navigation && p.contains_target && p.ty.kind == TypeKind::Entity {
                out.push((t.name.as_str(), p.name.as_str(), p.ty.name.as_str()));
            }
        }
    }
    out
}

/// The areas of `m`.
pub fn compute(m: &Model) -> Areas {
    let cx = Closure {
        m,
        bound: bound_operations(m),
    };
    let total = (m.types.len() + m.enums.len() + m.type_definitions.len()).max(1);
    let limit = ((total as f64 * SPLIT_SHARE) as usize).max(MIN_SPLIT_TYPES - 1);
    let mut out = Areas::default();
    for root in &m.roots {
        let index = add_area(
            &cx,
            &mut out.areas,
            root.name.clone(),
            Vec::new(),
            None,
            &root.type_name,
            limit,
            0,
        );
        out.of_root.push(Some(index));
    }
    for import in &m.imports {
        let (types, operations) = cx.import_closure(&import.operation);
        out.of_import.push(Some(out.areas.len()));
        out.areas.push(Area {
            root: import.name.clone(),
            navigation: Vec::new(),
            parent: None,
            types,
            operations,
        });
    }
    // Who includes what, smallest area first.
    let mut order: Vec<usize> = (0..out.areas.len()).collect();
    order.sort_by_key(|&i| (out.areas[i].types.len(), i));
    out.of_operation = vec![Vec::new(); m.operations.len()];
    for &i in &order {
        let a = &out.areas[i];
        for t in &a.types {
            out.of_type.entry(t.clone()).or_default().push(i);
        }
        for &o in &a.operations {
            if let Some(list) = out.of_operation.get_mut(o) {
                list.push(i);
            }
        }
    }
    out
}

/// Adds the area of `type_name` reached at `root` + `navigation`, split if it
/// is too large; returns its index.
#[allow(clippy::too_many_arguments)]
fn add_area(
    cx: &Closure<'_>,
    areas: &mut Vec<Area>,
    root: String,
    navigation: Vec<String>,
    parent: Option<usize>,
    type_name: &str,
    limit: usize,
    depth: usize,
) -> usize {
    let whole = Seed {
        values: vec![type_name],
        skip: BTreeSet::new(),
    };
    let (types, operations) = cx.run(&whole);
    let navs = contained(cx.m, type_name);
    if types.len() <= limit || depth >= MAX_SPLIT_DEPTH || navs.is_empty() {
        areas.push(Area {
            root,
            navigation,
            parent,
            types,
            operations,
        });
        return areas.len() - 1;
    }
    // Split: the type without its containment, then one sub-area per contained property.
    let own = Seed {
        values: vec![type_name],
        skip: navs.iter().map(|(t, p, _)| (*t, *p)).collect(),
    };
    let (types, operations) = cx.run(&own);
    let index = areas.len();
    areas.push(Area {
        root: root.clone(),
        navigation: navigation.clone(),
        parent,
        types,
        operations,
    });
    for (_, prop, target) in navs {
        let mut nav = navigation.clone();
        nav.push(prop.to_owned());
        add_area(
            cx,
            areas,
            root.clone(),
            nav,
            Some(index),
            target,
            limit,
            depth + 1,
        );
    }
    index
}
