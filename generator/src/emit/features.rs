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
}

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
        Features { areas, names }
    }

    /// The feature of area `i`.
    pub fn name(&self, i: usize) -> &str {
        self.names.get(i).map(String::as_str).unwrap_or("full")
    }

    /// Whether enabling area `a` enables area `b` (`a` is `b` or extends it).
    fn enables(&self, a: usize, b: usize) -> bool {
        let mut at = Some(a);
        let mut steps = 0;
        while let Some(i) = at {
            if i == b {
                return true;
            }
            at = self.areas.areas.get(i).and_then(|x| x.parent);
            steps += 1;
            if steps > self.areas.areas.len() {
                break;
            }
        }
        false
    }

    /// The features whose areas include type `name`, without those another
    /// one in the list already implies (sub-areas of a listed area), sorted.
    pub fn type_features(&self, name: &str) -> Vec<&str> {
        self.reduced(self.areas.of(name))
    }

    /// The features of operation `i`, reduced and sorted as for types.
    pub fn operation_features(&self, i: usize) -> Vec<&str> {
        let of = self
            .areas
            .of_operation
            .get(i)
            .map(Vec::as_slice)
            .unwrap_or_default();
        self.reduced(of)
    }

    fn reduced(&self, of: &[usize]) -> Vec<&str> {
        let mut out: Vec<&str> = of
            .iter()
            .filter(|&&a| !of.iter().any(|&b| b != a && self.enables(a, b)))
            .map(|&a| self.name(a))
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// `#[cfg(...)]` for an item that compiles when any of `features` is on
    /// (`full` when none is).
    fn cfg(features: &[&str]) -> TokenStream {
        match features {
            [] => quote!(#[cfg(feature = "full")]),
            [one] => quote!(#[cfg(feature = #one)]),
            many => quote!(#[cfg(any(#(feature = #many),*))]),
        }
    }

    /// The gate of type `name` (its struct or enum, its file, its references).
    pub fn type_gate(&self, name: &str) -> TokenStream {
        Self::cfg(&self.type_features(name))
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
        Self::cfg(&self.operation_features(i))
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
