//! Resolve a documented URL path through the navigation graph: the entity
//! container, navigation properties with `{key}` segments, type casts, and
//! finally an operation bound to the resolved type and collection flag. This
//! is what tells overloads apart (`executeAction` on a collection of
//! managedDevice vs on one windowsDriverUpdateProfile).

use std::collections::BTreeMap;

use super::{Model, OpKind, TypeKind};

/// What a path addresses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Entities: a collection or one of them, reached through `via` (the
    /// entity set, singleton or navigation property last traversed).
    Entity {
        /// Fully qualified entity type.
        type_name: String,
        /// A collection.
        collection: bool,
        /// The entity set, singleton or navigation property.
        via: String,
    },
    /// An action or function, by index into `Model::operations`.
    Operation(usize),
    /// A structural property of an entity (for example a stream such as `content`).
    Property {
        /// The entity type that has the property.
        type_name: String,
        /// The property.
        name: String,
    },
}

/// A resolved path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// What it addresses.
    pub target: Target,
    /// A trailing `$value`, `$ref` or `$count`.
    pub suffix: Option<String>,
}

/// Why a path does not resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unresolved {
    /// The segment that could not be placed.
    pub name: String,
    /// What was expected there.
    pub reason: String,
}

impl std::fmt::Display for Unresolved {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.reason)
    }
}

/// Resolves paths against one model; build once, use for many paths.
pub struct Resolver<'m> {
    m: &'m Model,
    /// Bound and unbound actions/functions by name.
    ops: BTreeMap<&'m str, Vec<usize>>,
    /// Every entry point, property and operation name, lower-cased.
    names: std::collections::BTreeSet<String>,
    /// Navigation properties by name: their (target, collection) when all agree.
    navs: BTreeMap<&'m str, Option<(String, bool)>>,
    /// Lower-cased navigation property names.
    navs_lower: std::collections::BTreeSet<String>,
    /// Lower-cased operation names -> the name as declared.
    ops_lower: BTreeMap<String, &'m str>,
    /// Import name -> the first unbound operation it calls.
    imports: BTreeMap<&'m str, usize>,
}

enum State {
    Start,
    Coll(String, String),
    Item(String, String),
}

impl<'m> Resolver<'m> {
    /// Index `m`'s operations.
    pub fn new(m: &'m Model) -> Self {
        let mut imports = BTreeMap::new();
        for (import, targets) in m.imports.iter().zip(m.import_targets()) {
            if let Some(&first) = targets.first() {
                imports.entry(import.name.as_str()).or_insert(first);
            }
        }
        let mut ops: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, op) in m.operations.iter().enumerate() {
            if matches!(op.kind, OpKind::Action | OpKind::Function) {
                ops.entry(op.name.as_str()).or_default().push(i);
            }
        }
        let mut names: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
        names.extend(m.roots.iter().map(|r| r.name.to_ascii_lowercase()));
        names.extend(ops.keys().map(|k| k.to_ascii_lowercase()));
        let mut navs: BTreeMap<&str, Option<(String, bool)>> = BTreeMap::new();
        for t in m.types.values() {
            for p in &t.properties {
                names.insert(p.name.to_ascii_lowercase());
                if p.navigation && p.ty.kind == TypeKind::Entity {
                    let this = (p.ty.name.clone(), p.ty.collection);
                    navs.entry(p.name.as_str())
                        .and_modify(|e| {
                            if e.as_ref() != Some(&this) {
                                *e = None;
                            }
                        })
                        .or_insert(Some(this));
                }
            }
        }
        let navs_lower = navs.keys().map(|k| k.to_ascii_lowercase()).collect();
        let ops_lower = ops.keys().map(|k| (k.to_ascii_lowercase(), *k)).collect();
        Resolver {
            m,
            ops,
            names,
            navs,
            navs_lower,
            ops_lower,
            imports,
        }
    }

    /// Resolve `path` (as documented: placeholders, a host, a query string are all fine).
    pub fn resolve(&self, path: &str) -> Result<Resolved, Unresolved> {
        let path = normalise(path);
        let mut state = State::Start;
        let mut suffix = None;
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        if segments.is_empty() {
            return Err(Unresolved {
                name: String::new(),
                reason: "the path is empty".into(),
            });
        }
        for (i, seg) in segments.iter().enumerate() {
            // `.../childFolders/{id}/.../messages`: the docs elide a repetition.
            if *seg == "..." || *seg == "\u{2026}" {
                continue;
            }
            if seg.starts_with('$') {
                suffix = Some((*seg).to_owned());
                continue;
            }
            let (name, args) = split_call(seg);
            let name = self.unqualify_op(name);
            state = match state {
                State::Start => {
                    let root = self.m.roots.iter().find(|r| r.name == name);
                    // Graph matches names case-insensitively; the docs rely on it.
                    let root = root.or_else(|| {
                        self.m
                            .roots
                            .iter()
                            .find(|r| r.name.eq_ignore_ascii_case(name))
                    });
                    if let Some(r) = root {
                        // A singleton, or an entity set with a key: `users('id')`.
                        if r.singleton || args.is_some() {
                            State::Item(r.type_name.clone(), r.name.clone())
                        } else {
                            State::Coll(r.type_name.clone(), r.name.clone())
                        }
                    } else if let Some(idx) = self.unbound(name) {
                        return Ok(Resolved {
                            target: Target::Operation(idx),
                            suffix: None,
                        });
                    } else if let Some((target, coll)) = self.relative_start(name) {
                        // A path relative to an unstated parent (`/workbook/...` for a
                        // drive item's workbook): start at the only navigation of that name.
                        if coll && args.is_none() {
                            State::Coll(target, name.to_owned())
                        } else {
                            State::Item(target, name.to_owned())
                        }
                    } else {
                        return Err(Unresolved {
                            name: name.to_owned(),
                            reason: format!(
                                "`{name}` is not an entity set, singleton or operation import"
                            ),
                        });
                    }
                }
                State::Coll(t, via) => {
                    if let Some(idx) = self.bound(name, &t, true) {
                        match self.compose(idx, &segments[i + 1..]) {
                            Some(next) => next,
                            None => return Ok(self.finish_op(idx, &segments[i + 1..])),
                        }
                    } else if let Some(cast) = self.cast(seg, &t) {
                        State::Coll(cast, via)
                    } else {
                        // Anything else is a key: `{id}`, a literal, `48x48`.
                        State::Item(t, via)
                    }
                }
                State::Item(t, via) => {
                    if let Some((target, coll, nav)) = self.navigation(&t, name) {
                        if coll && args.is_some() {
                            State::Item(target, nav)
                        } else if coll {
                            State::Coll(target, nav)
                        } else {
                            State::Item(target, nav)
                        }
                    } else if let Some(idx) = self.bound(name, &t, false) {
                        match self.compose(idx, &segments[i + 1..]) {
                            Some(next) => next,
                            None => return Ok(self.finish_op(idx, &segments[i + 1..])),
                        }
                    } else if let Some(cast) = self.cast(seg, &t) {
                        State::Item(cast, via)
                    } else if self
                        .m
                        .all_properties(&t)
                        .iter()
                        .any(|p| p.name == name && !p.navigation)
                    {
                        let suffix = segments
                            .last()
                            .filter(|s| s.starts_with('$'))
                            .map(|s| (*s).to_owned());
                        return Ok(Resolved {
                            target: Target::Property {
                                type_name: t,
                                name: name.to_owned(),
                            },
                            suffix,
                        });
                    } else {
                        return Err(Unresolved {
                            name: name.to_owned(),
                            reason: format!(
                                "`{name}` is not a navigation property, property, bound operation or derived type of `{t}`"
                            ),
                        });
                    }
                }
            };
        }
        let target = match state {
            State::Start => {
                return Err(Unresolved {
                    name: String::new(),
                    reason: "the path is empty".into(),
                })
            }
            State::Coll(type_name, via) => Target::Entity {
                type_name,
                collection: true,
                via,
            },
            State::Item(type_name, via) => Target::Entity {
                type_name,
                collection: false,
                via,
            },
        };
        Ok(Resolved { target, suffix })
    }

    /// Whether the model has anything at all called `name` (an entry point, a
    /// property or an operation), ignoring case: when not, a path that fails
    /// on it documents something the CSDL lacks.
    pub fn knows(&self, name: &str) -> bool {
        let lower = name.to_ascii_lowercase();
        let base = lower.split('(').next().unwrap_or(&lower);
        let base = base.rsplit('.').next().unwrap_or(base);
        self.names.contains(base)
    }

    /// `microsoft.graph.delta` → `delta` when the namespace is known.
    fn unqualify_op<'a>(&self, name: &'a str) -> &'a str {
        match name.rsplit_once('.') {
            Some((ns, local))
                if self.m.namespaces.contains_key(ns) && self.ops.contains_key(local) =>
            {
                local
            }
            _ => name,
        }
    }

    /// A function whose result is addressed further (`range(...)/format`):
    /// continue from its return type.
    fn compose(&self, idx: usize, rest: &[&str]) -> Option<State> {
        if rest.iter().all(|s| s.starts_with('$')) {
            return None;
        }
        let op = self.m.operations.get(idx)?;
        let ret = op
            .returns
            .as_ref()
            .filter(|r| matches!(r.kind, TypeKind::Entity | TypeKind::Complex))?;
        Some(if ret.collection {
            State::Coll(ret.name.clone(), op.name.clone())
        } else {
            State::Item(ret.name.clone(), op.name.clone())
        })
    }

    fn finish_op(&self, idx: usize, rest: &[&str]) -> Resolved {
        let suffix = rest
            .iter()
            .find(|s| s.starts_with('$'))
            .map(|s| (*s).to_owned());
        Resolved {
            target: Target::Operation(idx),
            suffix,
        }
    }

    fn unbound(&self, name: &str) -> Option<usize> {
        self.imports.get(name).copied()
    }

    /// The operation `name` bound to `t` (or a base of `t`; the most specific
    /// wins), or, failing that, to exactly one type derived from `t`.
    fn bound(&self, name: &str, t: &str, collection: bool) -> Option<usize> {
        let candidates = match self.ops.get(name) {
            Some(c) => c,
            None => self
                .ops
                .get(self.ops_lower.get(&name.to_ascii_lowercase())?)?,
        };
        let chain: Vec<&str> = self.m.chain(t).iter().map(|s| s.name.as_str()).collect();
        let mut best: Option<(usize, usize)> = None;
        for &i in candidates {
            let Some(b) = &self.m.operations[i].binding else {
                continue;
            };
            if b.collection != collection {
                continue;
            }
            if let Some(depth) = chain.iter().position(|c| *c == b.type_name) {
                if best.is_none_or(|(d, _)| depth < d) {
                    best = Some((depth, i));
                }
            }
        }
        if let Some((_, i)) = best {
            return Some(i);
        }
        let derived = self.m.descendants(t);
        let mut found = candidates.iter().copied().filter(|&i| {
            self.m.operations[i].binding.as_ref().is_some_and(|b| {
                b.collection == collection && derived.contains(&b.type_name.as_str())
            })
        });
        let first = found.next()?;
        found.next().is_none().then_some(first)
    }

    /// The target of the navigation properties named `name`, if they all agree:
    /// (target type, collection).
    fn relative_start(&self, name: &str) -> Option<(String, bool)> {
        self.navs.get(name).cloned().flatten()
    }

    /// A type-cast segment (`microsoft.graph.user`) to a type related to `t`.
    fn cast(&self, seg: &str, t: &str) -> Option<String> {
        let ty = self.m.types.get(seg)?;
        (self.m.is_a(&ty.name, t) || self.m.is_a(t, &ty.name)).then(|| ty.name.clone())
    }

    /// Navigation property `name` of `t`, or of exactly one type derived from
    /// `t` (docs often leave the cast out): (target type, collection, name).
    fn navigation(&self, t: &str, name: &str) -> Option<(String, bool, String)> {
        // Cheap rejection: no type has a navigation property of that name.
        if !self.navs.contains_key(name) && !self.navs_lower.contains(&name.to_ascii_lowercase()) {
            return None;
        }
        let found = |ty: &str| {
            let props = self.m.all_properties(ty);
            let navs = || {
                props
                    .iter()
                    .filter(|p| p.navigation && p.ty.kind == TypeKind::Entity)
            };
            navs()
                .find(|p| p.name == name)
                .or_else(|| navs().find(|p| p.name.eq_ignore_ascii_case(name)))
                .map(|p| (p.ty.name.clone(), p.ty.collection, p.name.clone()))
        };
        if let Some(hit) = found(t) {
            return Some(hit);
        }
        let mut hits = self.m.descendants(t).into_iter().filter_map(found);
        let first = hits.next()?;
        // Several derived types may declare it; they agree when the target agrees.
        hits.all(|h| h.0 == first.0).then_some(first)
    }
}

/// `name(args)` → (`name`, `Some(args)`); anything else → (`seg`, `None`).
fn split_call(seg: &str) -> (&str, Option<&str>) {
    match seg.find('(') {
        Some(i) if seg.ends_with(')') => (&seg[..i], Some(&seg[i + 1..seg.len() - 1])),
        _ => (seg, None),
    }
}

/// Drop the host and version, the query string, and Graph's `:/path:`
/// item addressing (which stays on the same item), and parenthesised
/// arguments that contain slashes.
fn normalise(path: &str) -> String {
    let mut p = path.trim();
    for prefix in ["https://graph.microsoft.com", "http://graph.microsoft.com"] {
        if let Some(rest) = p.strip_prefix(prefix) {
            p = rest;
        }
    }
    for version in ["/beta/", "/v1.0/"] {
        if let Some(rest) = p.strip_prefix(version.trim_end_matches('/')) {
            if rest.starts_with('/') {
                p = rest;
            }
        }
    }
    // `~/x` (relative to the service root) is `/x`.
    let p = p.strip_prefix('~').unwrap_or(p);
    let p = p.split(['?', '#']).next().unwrap_or(p);
    let mut out = String::with_capacity(p.len());
    let mut rest = p;
    while let Some(i) = rest.find(":/") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        match after.find(':') {
            Some(j) => rest = &after[j + 1..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    // `(...)` may hold slashes (`reminderView(start='a/b')`): blank them out.
    let mut depth = 0usize;
    out.chars()
        .map(|c| match c {
            '(' => {
                depth += 1;
                c
            }
            ')' => {
                depth = depth.saturating_sub(1);
                c
            }
            '/' if depth > 0 => '_',
            _ => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::normalise;

    #[test]
    fn normalises_documented_paths() {
        assert_eq!(
            normalise("https://graph.microsoft.com/beta/me/drive"),
            "/me/drive"
        );
        assert_eq!(
            normalise("/me/drive/root:/folder/file.txt:/content"),
            "/me/drive/root/content"
        );
        assert_eq!(
            normalise("/drives/{drive-id}/root:/{item-path}"),
            "/drives/{drive-id}/root"
        );
        assert_eq!(normalise("/users?$filter=a/b eq 1"), "/users");
        assert_eq!(
            normalise("~/onPremisesPublishingProfiles/{type}"),
            "/onPremisesPublishingProfiles/{type}"
        );
        assert_eq!(
            normalise("/reports/x(period='D7/a')"),
            "/reports/x(period='D7_a')"
        );
    }
}
