//! Canonical paths and CRUD operations derived from the entity container:
//! entity sets and singletons, then containment navigation (OData URL
//! conventions §4.3). Documented paths from Graph's doc pages replace these
//! where a page exists (see `merge`).

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use super::{terms, Binding, Docs, Fact, Http, Import, Model, OpKind, Operation, TypeKind};
use crate::diag::Location;

/// How an entity type is addressed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Address {
    path: String,
    /// The path names a collection.
    collection: bool,
    /// The entity set, singleton or navigation property the path ends with
    /// (for an item of a collection: the collection's).
    via: String,
    /// The address is an item of a collection (`.../{key}`).
    keyed: bool,
}

/// What the container or a navigation property's annotations forbid.
#[derive(Debug, Clone, Copy, Default)]
struct Restrictions {
    no_insert: bool,
    no_update: bool,
    no_delete: bool,
}

fn restrictions(facts: &[Fact]) -> Restrictions {
    let denied = |term: &str, field: &str| {
        facts.iter().any(|f| {
            f.term == format!("{}{term}", terms::CAPABILITIES)
                && f.value.field(field).and_then(|v| v.as_bool()) == Some(false)
        })
    };
    Restrictions {
        no_insert: denied("InsertRestrictions", "Insertable"),
        no_update: denied("UpdateRestrictions", "Updatable"),
        no_delete: denied("DeleteRestrictions", "Deletable"),
    }
}

/// The key placeholder for an entity of `type_name`, e.g. `{managedDevice-id}`.
pub fn key_placeholder(type_name: &str) -> String {
    let local = type_name.rsplit('.').next().unwrap_or(type_name);
    format!("{{{local}-id}}")
}

/// Walk the navigation graph breadth first from the container. Each type is
/// expanded once, from the first (shortest) address that reaches it, so the
/// walk is bounded by the number of containment edges. Returns the addresses
/// of each type and the restrictions of each `via`.
fn addresses(
    m: &Model,
) -> (
    BTreeMap<String, BTreeSet<Address>>,
    BTreeMap<String, Restrictions>,
) {
    let mut out: BTreeMap<String, BTreeSet<Address>> = BTreeMap::new();
    let mut limits: BTreeMap<String, Restrictions> = BTreeMap::new();
    let mut queue = VecDeque::new();
    let mut expanded = BTreeSet::new();
    let add = |out: &mut BTreeMap<String, BTreeSet<Address>>,
               ty: &str,
               path: String,
               collection: bool,
               via: &str,
               keyed: bool| {
        out.entry(ty.to_owned()).or_default().insert(Address {
            path,
            collection,
            via: via.to_owned(),
            keyed,
        });
    };
    for r in &m.roots {
        limits
            .entry(r.name.clone())
            .or_insert_with(|| restrictions(&r.facts));
        let root = format!("/{}", r.name);
        if r.singleton {
            add(&mut out, &r.type_name, root.clone(), false, &r.name, false);
            queue.push_back((r.type_name.clone(), root));
        } else {
            add(&mut out, &r.type_name, root.clone(), true, &r.name, false);
            let item = format!("{root}/{}", key_placeholder(&r.type_name));
            add(&mut out, &r.type_name, item.clone(), false, &r.name, true);
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
            limits
                .entry(p.name.clone())
                .or_insert_with(|| restrictions(&p.facts));
            let target = &p.ty.name;
            let base = format!("{prefix}/{}", p.name);
            if p.ty.collection {
                add(&mut out, target, base.clone(), true, &p.name, false);
                let item = format!("{base}/{}", key_placeholder(target));
                add(&mut out, target, item.clone(), false, &p.name, true);
                queue.push_back((target.clone(), item));
            } else {
                add(&mut out, target, base.clone(), false, &p.name, false);
                queue.push_back((target.clone(), base));
            }
        }
    }
    (out, limits)
}

/// The last path segment that calls `op`.
fn call_segment(op: &Operation) -> String {
    let segment = op.segment_name();
    match op.kind {
        OpKind::Function => {
            let args: Vec<String> = op
                .parameters
                .iter()
                .filter(|p| !p.optional)
                .map(|p| format!("{0}={{{0}}}", p.name))
                .collect();
            format!("{segment}({})", args.join(","))
        }
        _ => segment,
    }
}

/// Fill `http.paths` of every action and function with its canonical paths,
/// and add the CRUD operations the container and containment allow.
pub fn assign(m: &mut Model) {
    let (addrs, limits) = addresses(m);
    let mut all: Vec<Vec<String>> = Vec::with_capacity(m.operations.len());
    // Operation -> the imports that call it.
    let mut importers: Vec<Vec<&Import>> = vec![Vec::new(); m.operations.len()];
    for (import, targets) in m.imports.iter().zip(m.import_targets()) {
        for i in targets {
            if let Some(list) = importers.get_mut(i) {
                list.push(import);
            }
        }
    }
    for (idx, op) in m.operations.iter().enumerate() {
        let call = call_segment(op);
        let mut paths = BTreeSet::new();
        match &op.binding {
            None => {
                for i in importers.get(idx).into_iter().flatten() {
                    let args = match (op.kind, call.split_once('(')) {
                        (OpKind::Function, Some((_, a))) => format!("({a}"),
                        _ => String::new(),
                    };
                    paths.insert(format!("/{}{args}", i.name));
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
        all.push(sorted(paths));
    }
    for (op, paths) in m.operations.iter_mut().zip(all) {
        op.http.paths = paths;
    }
    let crud = crud_operations(&addrs, &limits);
    m.operations.extend(crud);
}

/// Paths shortest first, then by text.
fn sorted(paths: BTreeSet<String>) -> Vec<String> {
    let mut paths: Vec<String> = paths.into_iter().collect();
    paths.sort_by(|a, b| (a.len(), a).cmp(&(b.len(), b)));
    paths
}

/// A CRUD operation with no paths yet.
pub fn crud_operation(kind: OpKind, name: &str, type_name: &str, collection: bool) -> Operation {
    let (method, success_status) = kind.crud_http();
    let returns = match kind {
        OpKind::List => Some(super::TypeRef {
            name: type_name.to_owned(),
            kind: TypeKind::Entity,
            collection: true,
        }),
        OpKind::Get | OpKind::Create => Some(super::TypeRef {
            name: type_name.to_owned(),
            kind: TypeKind::Entity,
            collection: false,
        }),
        _ => None,
    };
    Operation {
        kind,
        name: name.to_owned(),
        namespace: type_name
            .rsplit_once('.')
            .map(|(ns, _)| ns.to_owned())
            .unwrap_or_default(),
        binding: Some(Binding {
            type_name: type_name.to_owned(),
            collection,
        }),
        parameters: Vec::new(),
        returns,
        composable: false,
        entity_set_path: None,
        http: Http {
            method,
            paths: Vec::new(),
            success_status,
        },
        permissions: None,
        doc: None,
        pages: Vec::new(),
        docs: Docs::default(),
        facts: Vec::new(),
        loc: Location::start_of(&"<container>".into()),
    }
}

/// list/create on collections, get/update/delete on their items, get/update on
/// single-valued entry points, as the Capabilities restrictions allow.
/// Operations are keyed by (kind, entity set or navigation name, type).
fn crud_operations(
    addrs: &BTreeMap<String, BTreeSet<Address>>,
    limits: &BTreeMap<String, Restrictions>,
) -> Vec<Operation> {
    let mut ops: BTreeMap<(OpKind, String, String), BTreeSet<String>> = BTreeMap::new();
    for (ty, set) in addrs {
        for a in set {
            let r = limits.get(&a.via).copied().unwrap_or_default();
            let kinds: &[(OpKind, bool)] = if a.collection {
                &[(OpKind::List, true), (OpKind::Create, !r.no_insert)]
            } else if a.keyed {
                &[
                    (OpKind::Get, true),
                    (OpKind::Update, !r.no_update),
                    (OpKind::Delete, !r.no_delete),
                ]
            } else {
                &[(OpKind::Get, true), (OpKind::Update, !r.no_update)]
            };
            for (kind, allowed) in kinds {
                if *allowed {
                    ops.entry((*kind, a.via.clone(), ty.clone()))
                        .or_default()
                        .insert(a.path.clone());
                }
            }
        }
    }
    ops.into_iter()
        .map(|((kind, via, ty), paths)| {
            let collection = matches!(kind, OpKind::List | OpKind::Create);
            let mut op = crud_operation(kind, &via, &ty, collection);
            op.http.paths = sorted(paths);
            op
        })
        .collect()
}
