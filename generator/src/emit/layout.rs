//! Decide every module, type and file name of the generated crate, once,
//! before any code is written. Deterministic: the model's BTreeMaps are
//! walked in name order and names are claimed through [`Scope`]s.

use std::collections::BTreeMap;

use super::naming::{self, Scope};
use crate::model::{Model, StructuredKind};

/// Where one generated item lives.
#[derive(Debug, Clone)]
pub struct Placed {
    /// The namespace module's identifier.
    pub module: String,
    /// The item's Rust identifier.
    pub ident: String,
    /// The file stem inside the module's folder.
    pub file: String,
    /// For structured types with derived types: the polymorphic enum's identifier.
    pub any: Option<String>,
    /// For entity types: the client references to one entity and to a collection.
    pub refs: Option<(String, String)>,
}

/// The layout of the whole crate.
#[derive(Debug, Default)]
pub struct Layout {
    /// Namespace -> module identifier.
    pub modules: BTreeMap<String, String>,
    /// Structured types by qualified name.
    pub structs: BTreeMap<String, Placed>,
    /// Enum types by qualified name.
    pub enums: BTreeMap<String, Placed>,
    /// Type definitions by qualified name.
    pub definitions: BTreeMap<String, Placed>,
}

impl Layout {
    /// Plan names for every item of `m`.
    pub fn plan(m: &Model) -> Layout {
        let mut layout = Layout::default();
        let mut module_scope = Scope::with_reserved(&["lib"]);
        for ns in m.namespaces.keys() {
            layout
                .modules
                .insert(ns.clone(), module_scope.claim(naming::module_name(ns)));
        }
        let mut types: BTreeMap<&str, Scope> = BTreeMap::new();
        let mut files: BTreeMap<&str, Scope> = BTreeMap::new();
        // Files are per module; `mod.rs` is taken.
        for ns in m.namespaces.keys() {
            files.insert(ns, Scope::with_reserved(&["mod"]));
            types.insert(ns, Scope::new());
        }
        let mut place = |ns: &str, local: &str| -> Placed {
            let module = layout.modules.get(ns).cloned().unwrap_or_default();
            let ident = types
                .get_mut(ns)
                .map(|s| s.claim(naming::type_name(local)))
                .unwrap_or_default();
            let file = files
                .get_mut(ns)
                .map(|s| s.claim_file(naming::file_stem(&ident)))
                .unwrap_or_default();
            Placed {
                module,
                ident,
                file,
                any: None,
                refs: None,
            }
        };
        // Real types claim names first, in name order, so a polymorphic enum
        // never takes a name a CSDL type needs.
        for t in m.types.values() {
            layout
                .structs
                .insert(t.name.clone(), place(&t.namespace, &t.local));
        }
        for e in m.enums.values() {
            layout
                .enums
                .insert(e.name.clone(), place(&e.namespace, &e.local));
        }
        for d in m.type_definitions.values() {
            layout
                .definitions
                .insert(d.name.clone(), place(&d.namespace, &d.local));
        }
        for t in m.types.values() {
            if m.derived.contains_key(&t.name) {
                let any = types.get_mut(t.namespace.as_str()).map(|s| {
                    s.claim(format!(
                        "Any{}",
                        naming::type_name(&t.local).trim_end_matches('_')
                    ))
                });
                if let Some(p) = layout.structs.get_mut(&t.name) {
                    p.any = any;
                }
            }
        }
        // Then the client references of entity types.
        for t in m.types.values() {
            if t.kind != StructuredKind::Entity {
                continue;
            }
            let base = naming::type_name(&t.local);
            // `Box_` (a Rust name taken) gives `BoxRef`, not `Box_Ref`.
            let base = base.trim_end_matches('_');
            let refs = types.get_mut(t.namespace.as_str()).map(|s| {
                (
                    s.claim(format!("{base}Ref")),
                    s.claim(format!("{base}CollectionRef")),
                )
            });
            if let Some(p) = layout.structs.get_mut(&t.name) {
                p.refs = refs;
            }
        }
        layout
    }
}
