//! The walk along a path through the navigation graph as the generated
//! client offers it (beside [`super::resolve`], which walks documented paths
//! to what they address): the test "every documented path is reachable"
//! holds the client generator to it.

use super::{Model, Operation, Primitive, TypeKind};

/// Where a walk along a path stands in the generated client.
#[derive(Debug, Clone, PartialEq)]
enum At<'m> {
    Root,
    One(&'m str),
    Many(&'m str),
    /// After an operation: nothing more can follow.
    Done,
    /// A complex property (`Property<T>`): its own properties have no methods.
    Value,
}

/// Whether the generated client reaches `path` (a documented or canonical
/// path, placeholders included) with the methods `emit::client` generates: entity sets and singletons, navigation
/// properties (inherited ones through `Deref`), `by_id`, casts, bound
/// operations (composable functions returning entities go on), complex and
/// stream properties, and the runtime's `$value`, `$ref` and `$count` calls
/// on any reference's node. `Ok(n)`: reachable, with `n`
/// explicit casts where the path names a derived type's member without one;
/// `Err` says which segment has no method. Mirrors the generation rules, so that a test can hold the
/// generator to "every documented path is reachable".
pub fn reachable<'m>(m: &'m Model, path: &str) -> Result<usize, String> {
    let path = path.split('?').next().unwrap_or_default();
    let mut at: At<'m> = At::Root;
    let mut casts = 0;
    for raw in path.split('/').filter(|s| !s.is_empty()) {
        let seg = raw.split('(').next().unwrap_or(raw);
        // The operation bound to `t` (or a base of it) named by this segment.
        let bound = |t: &str, collection: bool| {
            m.operations.iter().find(|op| {
                !op.kind.is_crud()
                    && op
                        .binding
                        .as_ref()
                        .is_some_and(|b| b.collection == collection && m.is_a(t, &b.type_name))
                    && (op.name.eq_ignore_ascii_case(seg)
                        || op.segment_name().eq_ignore_ascii_case(seg))
            })
        };
        // After an operation: a composable function returning entities goes on.
        let after = |op: &'m Operation| match op.returns.as_ref() {
            Some(r) if op.composable && r.kind == TypeKind::Entity => {
                if r.collection {
                    At::Many(&r.name)
                } else {
                    At::One(&r.name)
                }
            }
            _ => At::Done,
        };
        let cast = |t: &str| {
            m.types
                .values()
                .find(|d| d.name.eq_ignore_ascii_case(seg))
                .filter(|d| d.kind == crate::model::StructuredKind::Entity && m.is_a(&d.name, t))
                .map(|d| d.name.as_str())
        };
        // Graph's paths are case-insensitive; the client's methods are one spelling of them.
        let nav_of = |t: &str| {
            m.all_properties(t).into_iter().find(|p| {
                p.navigation && p.name.eq_ignore_ascii_case(seg) && p.ty.kind == TypeKind::Entity
            })
        };
        at = match at {
            At::Root => {
                if let Some(r) = m.roots.iter().find(|r| r.name.eq_ignore_ascii_case(seg)) {
                    if r.singleton {
                        At::One(&r.type_name)
                    } else {
                        At::Many(&r.type_name)
                    }
                } else if m.imports.iter().any(|i| i.name.eq_ignore_ascii_case(seg)) {
                    At::Done
                } else if let Some(p) = m.types.values().find_map(|t| {
                    // A path relative to some entity (`/workbook/...` under any drive item).
                    t.properties.iter().find(|p| {
                        p.navigation
                            && p.name.eq_ignore_ascii_case(seg)
                            && p.ty.kind == TypeKind::Entity
                    })
                }) {
                    if p.ty.collection {
                        At::Many(&p.ty.name)
                    } else {
                        At::One(&p.ty.name)
                    }
                } else {
                    return Err(format!("no entity set, singleton or import `{seg}`"));
                }
            }
            // `$ref` and `$count` (the runtime's `Node::add_ref`, `Node::count`), a key
            // (placeholder or literal), a cast, or an operation bound to the collection.
            At::Many(t) => {
                if seg == "$ref" || seg == "$count" {
                    At::Done
                } else if raw.starts_with('{') {
                    At::One(t)
                } else if let Some(d) = cast(t) {
                    At::Many(d)
                } else if let Some(op) = bound(t, true) {
                    after(op)
                } else {
                    At::One(t)
                }
            }
            At::One(t) => {
                // A member of `u`: navigation, cast, bound operation or stream.
                let member = |u: &'m str| -> Option<At<'m>> {
                    let stream = |p: &&crate::model::Property| {
                        p.name.eq_ignore_ascii_case(seg) && p.ty.is_single(Primitive::Stream)
                    };
                    let complex = m.all_properties(u).into_iter().any(|p| {
                        !p.navigation
                            && p.ty.kind == TypeKind::Complex
                            && p.name.eq_ignore_ascii_case(seg)
                    });
                    if let Some(p) = nav_of(u) {
                        Some(if p.ty.collection {
                            At::Many(&p.ty.name)
                        } else {
                            At::One(&p.ty.name)
                        })
                    } else if let Some(d) = cast(u) {
                        Some(At::One(d))
                    } else if let Some(op) = bound(u, false) {
                        Some(after(op))
                    } else if complex {
                        Some(At::Value)
                    } else if seg == "$value"
                        || seg == "$ref"
                        || m.all_properties(u).iter().any(stream)
                    {
                        Some(At::Done)
                    } else {
                        None
                    }
                };
                // Graph also accepts a derived type's member without the cast; the
                // client needs the cast (`cast::<DerivedRef>()`), which Graph accepts too.
                match member(t) {
                    Some(next) => next,
                    None => match m.descendants(t).into_iter().find_map(member) {
                        Some(next) => {
                            casts += 1;
                            next
                        }
                        None => return Err(format!("no method for `{raw}` on `{t}`")),
                    },
                }
            }
            At::Done => return Err(format!("`{raw}` follows an operation")),
            At::Value => return Err(format!("`{raw}` is inside a complex property")),
        };
    }
    Ok(casts)
}
