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
//! (and at least [`MIN_SPLIT_TYPES`]) is split along its containment
//! navigation, one level deep: each contained navigation property of its type
//! becomes an area of its own (a *sub-area*, which extends the entry point's
//! area), and the entry point's own area keeps the type, its structural
//! closure, its operations and whatever it contains that is not split off.
//! There are at most [`MAX_AREAS`] areas: when the splits would make more,
//! the largest sub-areas are kept and the smaller ones stay in their entry
//! point's area.

use std::collections::{BTreeMap, BTreeSet};

use super::{Model, TypeKind};

/// An entry point whose closure includes more than this share of the
/// model's types (structured, enum and definitions) is split.
pub const SPLIT_SHARE: f64 = 0.25;

/// An entry point with fewer types than this is never split, whatever its share.
pub const MIN_SPLIT_TYPES: usize = 20;

/// At most this many areas (features): crates.io takes at most 300 features
/// a crate, and at most 300 that one feature (`full`) enables; a few are
/// the crate's own (`full`, `reqwest`, `azure`, `time`, `default`).
pub const MAX_AREAS: usize = 280;

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

    /// The areas including operation `i`, smallest first; empty if none does.
    pub fn of_op(&self, i: usize) -> &[usize] {
        self.of_operation
            .get(i)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    /// The size of area `i` with every area it extends: what enabling it compiles.
    pub fn total_types(&self, i: usize) -> usize {
        let mut chain: Vec<&Area> = Vec::new();
        let mut at = Some(i);
        while let Some(a) = at.and_then(|i| self.areas.get(i)) {
            if chain.len() > self.areas.len() {
                break;
            }
            chain.push(a);
            at = a.parent;
        }
        // The size of the union, counted without building it: each area's
        // types that no area before it in the chain has.
        chain
            .iter()
            .enumerate()
            .map(|(k, a)| {
                a.types
                    .iter()
                    .filter(|t| !chain[..k].iter().any(|b| b.types.contains(*t)))
                    .count()
            })
            .sum()
    }
}

/// What a closure reaches: types by name, operations by index.
type Reach = (BTreeSet<String>, BTreeSet<usize>);

/// What a closure starts from and leaves out.
struct Seed<'m> {
    /// Types reached as values.
    values: Vec<&'m str>,
    /// Containment navigation not followed: (declaring type, property name).
    skip: BTreeSet<(&'m str, &'m str)>,
}

/// One type of the model as the closure sees it (indices into [`Closure::names`]).
#[derive(Default)]
struct Node {
    /// A structured type (others are leaves).
    structured: bool,
    base: Option<usize>,
    /// Every type derived from it, directly or not.
    descendants: Vec<usize>,
    /// The types of its structural properties.
    structural: Vec<usize>,
    /// Its containment navigation properties: (name, target).
    contained: Vec<(String, usize)>,
    /// The operations bound to it (or to a collection of it).
    operations: Vec<usize>,
    /// The types of those operations' parameters and returns (CRUD calls left out).
    operation_types: Vec<usize>,
}

/// Computes the closures over the model's types, indexed once; a pure
/// function of the model.
struct Closure<'m> {
    m: &'m Model,
    names: Vec<&'m str>,
    index: BTreeMap<&'m str, usize>,
    nodes: Vec<Node>,
}

impl<'m> Closure<'m> {
    fn new(m: &'m Model) -> Self {
        let names: Vec<&str> = m
            .types
            .keys()
            .chain(m.enums.keys())
            .chain(m.type_definitions.keys())
            .map(String::as_str)
            .collect();
        let index: BTreeMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
        let mut nodes: Vec<Node> = names.iter().map(|_| Node::default()).collect();
        let id = |n: &str| index.get(n).copied();
        for t in m.types.values() {
            let Some(i) = id(&t.name) else { continue };
            let node = &mut nodes[i];
            node.structured = true;
            node.base = t.base.as_deref().and_then(id);
            node.descendants = m.descendants(&t.name).into_iter().filter_map(id).collect();
            for p in &t.properties {
                if p.ty.kind == TypeKind::Primitive {
                    continue;
                }
                let Some(target) = id(&p.ty.name) else {
                    continue;
                };
                if !p.navigation {
                    node.structural.push(target);
                } else if p.contains_target {
                    node.contained.push((p.name.clone(), target));
                }
            }
        }
        for (o, op) in m.operations.iter().enumerate() {
            let Some(i) = op.binding.as_ref().and_then(|b| id(&b.type_name)) else {
                continue;
            };
            nodes[i].operations.push(o);
            // A CRUD call acts on its binding type, which is there already;
            // its result's derived types dispatch only where included.
            if !op.kind.is_crud() {
                let types = op
                    .parameters
                    .iter()
                    .map(|p| p.ty.name.as_str())
                    .chain(op.returns.iter().map(|r| r.name.as_str()))
                    .filter_map(id);
                nodes[i].operation_types.extend(types);
            }
        }
        Closure {
            m,
            names,
            index,
            nodes,
        }
    }

    fn run(&self, seed: &Seed<'_>) -> Reach {
        let n = self.nodes.len();
        let mut included = vec![false; n];
        let mut valued = vec![false; n];
        let mut ops: BTreeSet<usize> = BTreeSet::new();
        let skip: Vec<(usize, &str)> = seed
            .skip
            .iter()
            .filter_map(|(t, p)| Some((*self.index.get(t)?, *p)))
            .collect();
        // (type, reached as a value)
        let mut work: Vec<(usize, bool)> = seed
            .values
            .iter()
            .filter_map(|t| self.index.get(t).map(|&i| (i, true)))
            .collect();
        while let Some((i, value)) = work.pop() {
            let node = &self.nodes[i];
            if value && node.structured && !valued[i] {
                valued[i] = true;
                work.extend(node.descendants.iter().map(|&d| (d, true)));
            }
            if included[i] {
                continue;
            }
            included[i] = true;
            if let Some(b) = node.base {
                work.push((b, false));
            }
            work.extend(node.structural.iter().map(|&t| (t, true)));
            for (name, target) in &node.contained {
                if !skip.iter().any(|(t, p)| *t == i && p == name) {
                    work.push((*target, true));
                }
            }
            ops.extend(node.operations.iter().copied());
            work.extend(node.operation_types.iter().map(|&t| (t, true)));
        }
        let types = included
            .iter()
            .enumerate()
            .filter(|(_, on)| **on)
            .map(|(i, _)| self.names[i].to_owned())
            .collect();
        (types, ops)
    }

    /// What the unbound operations an import calls (`targets`, from
    /// [`Model::import_targets`]) reach.
    fn import_closure(&self, targets: &[usize]) -> Reach {
        let m = self.m;
        let mut values = Vec::new();
        let mut ops = BTreeSet::new();
        for &i in targets {
            let op = &m.operations[i];
            ops.insert(i);
            values.extend(op.parameters.iter().map(|p| p.ty.name.as_str()));
            values.extend(op.returns.iter().map(|r| r.name.as_str()));
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
    let cx = Closure::new(m);
    let total = (m.types.len() + m.enums.len() + m.type_definitions.len()).max(1);
    let limit = ((total as f64 * SPLIT_SHARE) as usize).max(MIN_SPLIT_TYPES - 1);
    // Every entry point's whole closure, and the sub-areas a split would make.
    let mut candidates: Vec<(usize, (&str, &str), usize)> = Vec::new();
    let mut split_closures: BTreeMap<(usize, &str), Reach> = BTreeMap::new();
    for (r, root) in m.roots.iter().enumerate() {
        let whole = cx.run(&Seed {
            values: vec![root.type_name.as_str()],
            skip: BTreeSet::new(),
        });
        if whole.0.len() <= limit {
            continue;
        }
        for (declaring, prop, target) in contained(m, &root.type_name) {
            let sub = cx.run(&Seed {
                values: vec![target],
                skip: BTreeSet::new(),
            });
            candidates.push((r, (declaring, prop), sub.0.len()));
            split_closures.insert((r, prop), sub);
        }
    }
    // Within the budget, the largest sub-areas are kept; the others stay in
    // their entry point's area.
    let budget = MAX_AREAS.saturating_sub(m.roots.len() + m.imports.len());
    candidates.sort_by(|a, b| {
        b.2.cmp(&a.2)
            .then_with(|| m.roots[a.0].name.cmp(&m.roots[b.0].name))
            .then_with(|| a.1 .1.cmp(b.1 .1))
    });
    let kept: BTreeSet<(usize, &str, &str)> = candidates
        .iter()
        .take(budget)
        .map(|(r, (t, p), _)| (*r, *t, *p))
        .collect();
    let mut out = Areas::default();
    for (r, root) in m.roots.iter().enumerate() {
        let skip: BTreeSet<(&str, &str)> = kept
            .iter()
            .filter(|(kr, _, _)| *kr == r)
            .map(|(_, t, p)| (*t, *p))
            .collect();
        let (types, operations) = cx.run(&Seed {
            values: vec![root.type_name.as_str()],
            skip: skip.clone(),
        });
        let index = out.areas.len();
        out.areas.push(Area {
            root: root.name.clone(),
            navigation: Vec::new(),
            parent: None,
            types,
            operations,
        });
        out.of_root.push(Some(index));
        // Its sub-areas, in the order of the type's properties.
        for (_, prop, _) in contained(m, &root.type_name) {
            if !kept.iter().any(|(kr, _, kp)| *kr == r && *kp == prop) {
                continue;
            }
            if let Some((types, operations)) = split_closures.remove(&(r, prop)) {
                out.areas.push(Area {
                    root: root.name.clone(),
                    navigation: vec![prop.to_owned()],
                    parent: Some(index),
                    types,
                    operations,
                });
            }
        }
    }
    for (import, targets) in m.imports.iter().zip(m.import_targets()) {
        let (types, operations) = cx.import_closure(&targets);
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
