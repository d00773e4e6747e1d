//! The generated crate's cargo features: one per area of the model
//! ([`crate::model::areas`]), plus `full` for all of them, and the `#[cfg]`
//! gates that make each item compile only when an area that includes it is
//! enabled.
//!
//! - A type (struct, enum, type definition, and the references of an entity
//!   type) compiles when any area including it is enabled; a type no area
//!   includes compiles with `full` only.
//! - A member that names another type (a struct field, a navigation method, a
//!   variant of a polymorphic enum) is gated by that type's areas, unless every
//!   area including its owner already includes it (structural properties,
//!   base types and containment always are, by the closure rule).
//! - An operation compiles with its binding type; an entry point's method on
//!   the client with the entry point's own feature.
//! - A sub-area's feature enables its parent's, so the gates name the
//!   outermost area only.
//! - A gate that names one feature is `#[cfg(feature = "...")]`. A gate that
//!   names several would repeat long lists of features on thousands of items,
//!   so each distinct list is a *group* (`msgraph_g12`), listed in the crate's
//!   `areas.txt`, and the crate's `build.rs` turns the enabled features into
//!   the cfgs of the groups they belong to: `#[cfg(msgraph_g12)]`.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::naming;
use crate::model::areas::Areas;
use crate::model::Model;

/// Feature names and the gates derived from the areas.
#[derive(Debug, Clone, Default)]
pub struct Features {
    /// The areas.
    pub areas: Areas,
    /// The feature of each area.
    pub names: Vec<String>,
    /// The cfg group of each list of two or more features a gate names.
    groups: std::collections::BTreeMap<Vec<String>, usize>,
}

/// The prefix of the cfgs of feature groups.
pub const GROUP_CFG: &str = "msgraph_g";

impl Features {
    /// Name the features of `m`'s areas, deterministically.
    pub fn of(m: &Model) -> Features {
        let areas = crate::model::areas::compute(m);
        Features::from_areas(areas)
    }

    /// Name the features of `areas`.
    pub fn from_areas(areas: Areas) -> Features {
        let mut taken: BTreeSet<String> = naming::RESERVED_FEATURES
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        let mut names = Vec::with_capacity(areas.areas.len());
        for a in &areas.areas {
            let path = a.path();
            let segments: Vec<&str> = path.split('/').collect();
            let base = naming::feature_name(&segments);
            let mut name = base.clone();
            let mut n = 2;
            while !taken.insert(name.clone()) {
                name = format!("{base}-{n}");
                n += 1;
            }
            names.push(name);
        }
        let mut f = Features {
            areas,
            names,
            groups: Default::default(),
        };
        // Every list a gate can name: types' and operations' (members are
        // gated by their target type's list).
        let mut lists: BTreeSet<Vec<String>> = BTreeSet::new();
        for of in f.areas.of_type.values().chain(f.areas.of_operation.iter()) {
            let list: Vec<String> = f.reduced(of).into_iter().map(str::to_owned).collect();
            if list.len() > 1 {
                lists.insert(list);
            }
        }
        f.groups = lists.into_iter().enumerate().map(|(i, l)| (l, i)).collect();
        f
    }

    /// The feature of area `i`.
    pub fn name(&self, i: usize) -> &str {
        self.names.get(i).map(String::as_str).unwrap_or("full")
    }

    /// The features of `areas`, in their order (smallest area first);
    /// `["full"]` when no area includes the item.
    pub fn names(&self, areas: &[usize]) -> Vec<String> {
        if areas.is_empty() {
            return vec!["full".to_owned()];
        }
        areas.iter().map(|&a| self.name(a).to_owned()).collect()
    }

    /// Every area as a row: feature, path, parent, and its sizes.
    pub fn rows(&self) -> Vec<AreaRow> {
        self.areas
            .areas
            .iter()
            .enumerate()
            .map(|(i, a)| AreaRow {
                feature: self.name(i).to_owned(),
                path: a.path(),
                parent: a.parent.map(|p| self.name(p).to_owned()),
                types: a.types.len(),
                total_types: self.areas.total_types(i),
                operations: a.operations.len(),
            })
            .collect()
    }

    /// Whether enabling area `a` enables area `b` (`a` is `b` or extends it).
    /// The containers of area `a`: its parent, the parent's parent, ...
    /// (bounded by the number of areas, whatever the data).
    fn containers(&self, a: usize) -> impl Iterator<Item = usize> + '_ {
        let parent = |i: usize| self.areas.areas.get(i).and_then(|x| x.parent);
        std::iter::successors(parent(a), move |&p| parent(p)).take(self.areas.areas.len())
    }

    fn enables(&self, a: usize, b: usize) -> bool {
        a == b || self.containers(a).any(|c| c == b)
    }

    /// The features whose areas include type `name`, without those another
    /// one in the list already implies (sub-areas of a listed area), sorted.
    pub fn type_features(&self, name: &str) -> Vec<&str> {
        self.reduced(self.areas.of(name))
    }

    /// The features of operation `i`, reduced and sorted as for types.
    pub fn operation_features(&self, i: usize) -> Vec<&str> {
        self.reduced(self.areas.of_op(i))
    }

    fn reduced(&self, of: &[usize]) -> Vec<&str> {
        let mut sorted = of.to_vec();
        sorted.sort_unstable();
        let listed = |a: usize| sorted.binary_search(&a).is_ok();
        let mut out: Vec<&str> = of
            .iter()
            // Leave out an area whose container (or its container, ...) is listed too.
            .filter(|&&a| !self.containers(a).any(listed))
            .map(|&a| self.name(a))
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// `#[cfg(...)]` for an item that compiles when any of `features` is on
    /// (`full` when none is).
    fn cfg(&self, features: &[&str]) -> TokenStream {
        match features {
            [] => quote!(#[cfg(feature = "full")]),
            [one] => quote!(#[cfg(feature = #one)]),
            many => {
                let key: Vec<String> = many.iter().map(|s| (*s).to_owned()).collect();
                match self.groups.get(&key) {
                    Some(g) => {
                        let cfg = quote::format_ident!("{GROUP_CFG}{g}");
                        quote!(#[cfg(#cfg)])
                    }
                    // Every list is grouped beforehand; spelled out if not.
                    None => quote!(#[cfg(any(#(feature = #many),*))]),
                }
            }
        }
    }

    /// `areas.txt`: each feature group's cfg and the features that turn it on.
    pub fn groups_file(&self) -> String {
        let mut by_id: Vec<(&usize, &Vec<String>)> =
            self.groups.iter().map(|(l, g)| (g, l)).collect();
        by_id.sort();
        let mut out = String::from(
            "# Generated by `cargo xtask regenerate`. Do not edit.\n\
             # Each line: a cfg, then the cargo features any of which turns it on (build.rs).\n",
        );
        for (g, list) in by_id {
            out.push_str(&format!("{GROUP_CFG}{g} {}\n", list.join(" ")));
        }
        out
    }

    /// The gate of type `name` (its struct or enum, its file, its references).
    pub fn type_gate(&self, name: &str) -> TokenStream {
        self.cfg(&self.type_features(name))
    }

    /// The gate of a member of type `owner` that names type `target`, or
    /// nothing when `target` compiles whenever `owner` does.
    pub fn member_gate(&self, owner: &str, target: &str) -> TokenStream {
        if self.implied(owner, target) {
            TokenStream::new()
        } else {
            self.type_gate(target)
        }
    }

    /// Whether `target` compiles whenever `owner` does.
    pub fn implied(&self, owner: &str, target: &str) -> bool {
        let owners = self.areas.of(owner);
        let targets = self.areas.of(target);
        if owners.is_empty() {
            // `owner` compiles with `full` only, which compiles everything.
            return true;
        }
        owners
            .iter()
            .all(|&o| targets.iter().any(|&t| self.enables(o, t)))
    }

    /// The gate of operation `i`.
    pub fn operation_gate(&self, i: usize) -> TokenStream {
        self.cfg(&self.operation_features(i))
    }

    /// The gate of an entry point's own feature (area `area`).
    pub fn area_gate(&self, area: Option<usize>) -> TokenStream {
        match area {
            Some(a) => {
                let f = self.name(a);
                quote!(#[cfg(feature = #f)])
            }
            None => quote!(#[cfg(feature = "full")]),
        }
    }

    /// The `[features]` lines of `Cargo.toml` for the areas: `full` and one
    /// line per area (a sub-area enables its parent).
    pub fn cargo_lines(&self) -> String {
        let mut out = String::new();
        let all: Vec<String> = self.names.iter().map(|n| format!("{n:?}")).collect();
        out.push_str("# Every area of Graph.\n");
        out.push_str(&format!("full = [{}]\n", all.join(", ")));
        for (i, a) in self.areas.areas.iter().enumerate() {
            let deps: Vec<String> = a
                .parent
                .map(|p| format!("{:?}", self.name(p)))
                .into_iter()
                .collect();
            out.push_str(&format!(
                "# `/{}`: {} types.\n{} = [{}]\n",
                a.path(),
                self.areas.total_types(i),
                self.name(i),
                deps.join(", ")
            ));
        }
        out
    }
}

/// One area of the generated crate (`cargo xtask areas`, and `areas` in
/// `model --json`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AreaRow {
    /// The cargo feature.
    pub feature: String,
    /// The entry point (and containment navigation) it covers.
    pub path: String,
    /// The feature it enables too, if it is a sub-area.
    pub parent: Option<String>,
    /// Types the area itself includes.
    pub types: usize,
    /// Types compiled when the feature is on (its parents' included).
    pub total_types: usize,
    /// Operations it includes.
    pub operations: usize,
}

/// The areas of the generated crate, and for each name in `find` (a type or
/// an operation, qualified or not, any case) the features that include it,
/// smallest area first.
pub fn areas(m: &Model, find: &[String]) -> (Vec<AreaRow>, Vec<(String, Vec<String>)>) {
    let f = Features::of(m);
    let rows = f.rows();
    let mut found = Vec::new();
    for wanted in find {
        let w = wanted.to_ascii_lowercase();
        let matches = |qualified: &str| {
            let q = qualified.to_ascii_lowercase();
            q == w || q.rsplit('.').next() == Some(w.as_str())
        };
        let types = m
            .types
            .keys()
            .chain(m.enums.keys())
            .chain(m.type_definitions.keys())
            .filter(|n| matches(n));
        for t in types {
            found.push((format!("type {t}"), f.names(f.areas.of(t))));
        }
        for (i, op) in m.operations.iter().enumerate() {
            if matches(&format!("{}.{}", op.namespace, op.name)) {
                let on = match &op.binding {
                    Some(b) if b.collection => format!(" on Collection({})", b.type_name),
                    Some(b) => format!(" on {}", b.type_name),
                    None => String::new(),
                };
                found.push((
                    format!("{} {}{on}", op.kind.as_str(), op.name),
                    f.names(f.areas.of_op(i)),
                ));
            }
        }
        if !found
            .iter()
            .any(|(what, _)| what.to_ascii_lowercase().contains(&w))
        {
            found.push((format!("{wanted}: no such type or operation"), Vec::new()));
        }
    }
    (rows, found)
}
