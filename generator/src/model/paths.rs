//! Canonical paths derived from the entity container: entity sets and
//! singletons, then containment navigation (OData URL conventions §4.3).
//! Documented paths from Graph's doc pages replace these in a later stage.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use super::{Model, OperationKind, TypeKind};

/// How an entity type is addressed: a path and whether it names a collection.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Address {
    path: String,
    collection: bool,
}

/// The key placeholder for an entity of `type_name`, e.g. `{managedDevice-id}`.
pub fn key_placeholder(type_name: &str) -> String {
    let local = type_name.rsplit('.').next().unwrap_or(type_name);
    format!("{{{local}-id}}")
}

/// Walk the navigation graph breadth first from the container. Each type is
/// expanded once, from the first (shortest) address that reaches it, so the
/// walk is bounded by the number of containment edges.
fn addresses(m: &Model) -> BTreeMap<String, BTreeSet<Address>> {
    let mut out: BTreeMap<String, BTreeSet<Address>> = BTreeMap::new();
    let mut queue = VecDeque::new();
    let mut expanded = BTreeSet::new();
    for r in &m.roots {
        if r.singleton {
            queue.push_back((r.type_name.clone(), format!("/{}", r.name)));
            out.entry(r.type_name.clone()).or_default().insert(Address {
                path: format!("/{}", r.name),
                collection: false,
            });
        } else {
            let coll = format!("/{}", r.name);
            out.entry(r.type_name.clone()).or_default().insert(Address {
                path: coll.clone(),
                collection: true,
            });
            let item = format!("{coll}/{}", key_placeholder(&r.type_name));
            out.entry(r.type_name.clone()).or_default().insert(Address {
                path: item.clone(),
                collection: false,
            });
            queue.push_back((r.type_name.clone(), item));
        }
    }
    while let Some((ty, prefix)) = queue.pop_front() {
        if !expanded.insert(ty.clone()) {
            continue;
        }
        for p in m.all_properties(&ty) {
            if !p.navigation || !p.contains_target || p.ty.kind != TypeKind::Entity {
                continue;
            }
            let target = &p.ty.name;
            let base = format!("{prefix}/{}", p.name);
            let entry = out.entry(target.clone()).or_default();
            if p.ty.collection {
                entry.insert(Address {
                    path: base.clone(),
                    collection: true,
                });
                let item = format!("{base}/{}", key_placeholder(target));
                entry.insert(Address {
                    path: item.clone(),
                    collection: false,
                });
                queue.push_back((target.clone(), item));
            } else {
                entry.insert(Address {
                    path: base.clone(),
                    collection: false,
                });
                queue.push_back((target.clone(), base));
            }
        }
    }
    out
}

/// Fill `http.paths` of every operation with its canonical paths.
pub fn assign(m: &mut Model) {
    let addrs = addresses(m);
    let mut all: Vec<Vec<String>> = Vec::with_capacity(m.operations.len());
    for op in &m.operations {
        let segment = if op.namespace == "microsoft.graph" {
            op.name.clone()
        } else {
            format!("{}.{}", op.namespace, op.name)
        };
        let call = match op.kind {
            OperationKind::Action => segment,
            OperationKind::Function => {
                let args: Vec<String> = op
                    .parameters
                    .iter()
                    .filter(|p| !p.optional)
                    .map(|p| format!("{0}={{{0}}}", p.name))
                    .collect();
                format!("{segment}({})", args.join(","))
            }
        };
        let mut paths = BTreeSet::new();
        match &op.binding {
            None => {
                for i in &m.imports {
                    if i.operation == format!("{}.{}", op.namespace, op.name) {
                        let tail = call
                            .split_once('(')
                            .map(|(_, a)| format!("({a}"))
                            .unwrap_or_default();
                        let tail = if op.kind == OperationKind::Function {
                            tail
                        } else {
                            String::new()
                        };
                        paths.insert(format!("/{}{tail}", i.name));
                    }
                }
            }
            Some(b) => {
                // Addresses of the binding type and of types derived from it
                // apply directly; addresses of its base types need a cast.
                let direct =
                    std::iter::once(b.type_name.as_str()).chain(m.descendants(&b.type_name));
                let cast = m
                    .chain(&b.type_name)
                    .into_iter()
                    .skip(1)
                    .map(|t| t.name.as_str());
                let cast_segment = format!("/{}", b.type_name);
                for (ty, prefix) in direct
                    .map(|t| (t, ""))
                    .chain(cast.map(|t| (t, cast_segment.as_str())))
                {
                    for a in addrs
                        .get(ty)
                        .into_iter()
                        .flatten()
                        .filter(|a| a.collection == b.collection)
                    {
                        paths.insert(format!("{}{prefix}/{call}", a.path));
                    }
                }
            }
        }
        let mut paths: Vec<String> = paths.into_iter().collect();
        paths.sort_by(|a, b| (a.len(), a).cmp(&(b.len(), b)));
        all.push(paths);
    }
    for (op, paths) in m.operations.iter_mut().zip(all) {
        op.http.paths = paths;
    }
}
