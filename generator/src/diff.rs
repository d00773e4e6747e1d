//! `cargo xtask diff OLD NEW`: every change to the generated crate's public
//! API between two models, each classified by what it does to code that
//! uses the crate, and the release's verdict (the largest).
//!
//! Both sides are read as `model --json` (a CSDL is loaded and dumped
//! first), so one walk serves CSDL, directories of CSDL and dumps. The rules
//! are [`RULES`], one per kind of change, each with its verdict and why.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;
use serde_json::Value;

/// The API that `regenerate --bump` recorded for the last version, in the
/// output directory: [`surface`] of its model.
pub const API_FILE: &str = "msgraph-api.json";

/// What a change does to users of the generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Docs, descriptions, permissions, paths: nothing that compiles changes.
    Patch,
    /// Only additions that cannot break callers (`#[non_exhaustive]`, the
    /// `Unrecognized` variants, optional setters).
    Minor,
    /// Code that compiled may not compile, or may mean something else.
    Major,
}

impl Verdict {
    /// `major`, `minor` or `patch`.
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Major => "major",
            Verdict::Minor => "minor",
            Verdict::Patch => "patch",
        }
    }

    /// The verdict named `s`.
    pub fn parse(s: &str) -> Option<Verdict> {
        match s {
            "major" => Some(Verdict::Major),
            "minor" => Some(Verdict::Minor),
            "patch" => Some(Verdict::Patch),
            _ => None,
        }
    }
}

/// One rule: a kind of change, its verdict, and why.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Rule {
    /// The rule's id, e.g. `property-removed`.
    pub id: &'static str,
    /// Its verdict.
    pub verdict: Verdict,
    /// Why, in one line.
    pub reason: &'static str,
}

macro_rules! rules {
    ($($id:literal => $v:ident, $reason:literal;)*) => {
        /// Every rule, in the order of the README's table.
        pub const RULES: &[Rule] = &[$(Rule { id: $id, verdict: Verdict::$v, reason: $reason }),*];
    };
}

rules! {
    "type-removed" => Major, "its struct (or enum, or alias) and every use of it stop compiling";
    "type-added" => Minor, "a new item; nothing existing changes";
    "type-kind-changed" => Major, "an entity type becoming complex (or back) changes its references and key methods";
    "base-changed" => Major, "the struct's inherited fields and its Deref target change";
    "abstract-changed" => Patch, "the struct and its Any* enum, base variant included, stay (proved): abstract is documentation";
    "stream-removed" => Major, "the media entity's content methods disappear";
    "stream-added" => Minor, "content methods are added";
    "key-changed" => Major, "by_id takes other key values";
    "derived-added" => Minor, "a new variant of a #[non_exhaustive] Any* enum; unknown types already parse as the base";
    "derived-removed" => Major, "a variant of the Any* enum disappears";
    "property-removed" => Major, "the field and its setter disappear";
    "property-added" => Minor, "a new field of a #[non_exhaustive] struct (built with Default and setters)";
    "property-type-changed" => Major, "the field's Rust type changes";
    "property-collection-changed" => Major, "the field changes between T and Vec<T>";
    "property-nullable-changed" => Major, "the field changes between Option<T> and Nullable<T>";
    "navigation-removed" => Major, "the reference method disappears";
    "navigation-added" => Minor, "a new reference method";
    "navigation-target-changed" => Major, "the reference method returns another type";
    "containment-changed" => Minor, "the reference keeps by_id and its calls (proved); operations and areas that move are their own changes";
    "enum-removed" => Major, "the enum and every use of it stop compiling";
    "enum-added" => Minor, "a new item";
    "member-removed" => Major, "the variant disappears; matches on it stop compiling";
    "member-added" => Minor, "a new variant of a #[non_exhaustive] enum; older values were read as Unrecognized";
    "member-value-changed" => Patch, "members are sent by name; the number is documentation";
    "flags-changed" => Major, "properties change between E and Flags<E>";
    "definition-underlying-changed" => Major, "the alias's target type changes";
    "operation-removed" => Major, "the method and its request type disappear";
    "operation-added" => Minor, "a new method and request type";
    "operation-kind-changed" => Major, "an action becoming a function (or back) changes its HTTP method and call";
    "parameter-removed" => Major, "the request type loses a field, setter or constructor argument";
    "required-parameter-added" => Major, "the request type's new() takes one more argument";
    "optional-parameter-added" => Minor, "a new setter on the request type";
    "parameter-type-changed" => Major, "the parameter's Rust type changes";
    "parameter-optionality-changed" => Major, "the parameter moves between new()'s arguments and a setter";
    "return-changed" => Major, "the call's result type changes";
    "entry-point-removed" => Major, "the Client method disappears";
    "entry-point-added" => Minor, "a new Client method";
    "entry-point-type-changed" => Major, "the Client method returns another reference type";
    "feature-removed" => Major, "Cargo.toml files that enable the feature stop resolving";
    "feature-added" => Minor, "a new cargo feature";
    "feature-lost-item" => Major, "a build with only that feature (default off) no longer has the item";
    "feature-gained-item" => Minor, "the feature compiles one more item";
    "path-added" => Patch, "paths are data in OperationInfo; methods come from the navigation graph";
    "path-removed" => Patch, "paths are data in OperationInfo; methods come from the navigation graph";
    "permissions-changed" => Patch, "permissions are documentation and OperationInfo data";
    "status-changed" => Patch, "the documented success status is OperationInfo data; responses are read the same";
    "description-changed" => Patch, "doc comments only";
}

/// The rule `id`. Every id the differ pushes is in [`RULES`] (a test in
/// `tests/diff.rs` holds the two lists together); an unknown one would
/// count as major.
fn rule(id: &str) -> &'static Rule {
    const UNKNOWN: Rule = Rule {
        id: "unknown",
        verdict: Verdict::Major,
        reason: "a change the rules do not name",
    };
    RULES.iter().find(|r| r.id == id).unwrap_or(&UNKNOWN)
}

/// One change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The rule's verdict.
    pub verdict: Verdict,
    /// The rule's id.
    pub rule: &'static str,
    /// What changed, e.g. `microsoft.graph.user.displayName`.
    pub item: String,
    /// Old → new, when there is something to show.
    pub detail: String,
}

/// Every change, sorted by verdict (major first), rule and item.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The release's verdict: the largest of the changes' (patch when none).
    pub verdict: Verdict,
    /// How many changes each rule found.
    pub counts: BTreeMap<&'static str, usize>,
    /// The changes.
    pub changes: Vec<Change>,
}

/// Compare two `model --json` values (or [`surface`]s of them).
pub fn diff(old: &Value, new: &Value) -> Report {
    let (old, new) = (&surface(old), &surface(new));
    let mut d = Differ::default();
    d.types(old, new);
    d.enums(old, new);
    d.definitions(old, new);
    d.operations(old, new);
    d.entry_points(old, new);
    d.features(old, new);
    let mut changes = d.changes;
    changes.sort_by(|a, b| {
        b.verdict
            .cmp(&a.verdict)
            .then_with(|| a.rule.cmp(b.rule))
            .then_with(|| a.item.cmp(&b.item))
    });
    changes.dedup();
    let mut counts = BTreeMap::new();
    for c in &changes {
        *counts.entry(c.rule).or_insert(0) += 1;
    }
    Report {
        verdict: changes
            .iter()
            .map(|c| c.verdict)
            .max()
            .unwrap_or(Verdict::Patch),
        counts,
        changes,
    }
}

#[derive(Default)]
struct Differ {
    changes: Vec<Change>,
}

fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or_default()
}

fn b(v: &Value, key: &str) -> bool {
    v.get(key).and_then(Value::as_bool).unwrap_or(false)
}

fn list<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
}

fn strings(v: &Value, key: &str) -> Vec<String> {
    list(v, key)
        .iter()
        .filter_map(|x| x.as_str().map(str::to_owned))
        .collect()
}

/// Items of `v[key]` by name (the first of a repeated name wins).
fn by_name<'a>(v: &'a Value, key: &str, name: &str) -> BTreeMap<String, &'a Value> {
    let mut out = BTreeMap::new();
    for x in list(v, key) {
        out.entry(s(x, name).to_owned()).or_insert(x);
    }
    out
}

/// The written type of a property, parameter or return: `Collection(T)` or `T`.
fn type_text(v: &Value) -> String {
    let t = s(v, "type");
    if b(v, "collection") {
        format!("Collection({t})")
    } else {
        t.to_owned()
    }
}

impl Differ {
    fn push(&mut self, id: &str, item: impl Into<String>, detail: impl Into<String>) {
        let r = rule(id);
        self.changes.push(Change {
            verdict: r.verdict,
            rule: r.id,
            item: item.into(),
            detail: detail.into(),
        });
    }

    fn changed(&mut self, id: &str, item: &str, old: &str, new: &str) {
        let shown = |x: &str| {
            if x.is_empty() {
                "(none)".to_owned()
            } else {
                x.to_owned()
            }
        };
        if old != new {
            self.push(id, item, format!("{} → {}", shown(old), shown(new)));
        }
    }

    fn description(&mut self, item: &str, old: &Value, new: &Value) {
        let (o, n) = (s(old, "description"), s(new, "description"));
        if o != n {
            self.push("description-changed", item, "");
        }
    }

    /// Added and removed names of `key` lists, and the pairs present in both.
    fn pair<'a>(
        &mut self,
        old: &'a Value,
        new: &'a Value,
        key: &str,
        removed: &str,
        added: &str,
        prefix: &str,
    ) -> Vec<(String, &'a Value, &'a Value)> {
        let (o, n) = (by_name(old, key, "name"), by_name(new, key, "name"));
        for name in o.keys().filter(|k| !n.contains_key(*k)) {
            self.push(removed, format!("{prefix}{name}"), "");
        }
        for name in n.keys().filter(|k| !o.contains_key(*k)) {
            self.push(added, format!("{prefix}{name}"), "");
        }
        o.iter()
            .filter_map(|(k, ov)| n.get(k).map(|nv| (format!("{prefix}{k}"), *ov, *nv)))
            .collect()
    }

    fn types(&mut self, old: &Value, new: &Value) {
        for (name, o, n) in self.pair(old, new, "types", "type-removed", "type-added", "") {
            self.changed("type-kind-changed", &name, s(o, "kind"), s(n, "kind"));
            self.changed("base-changed", &name, s(o, "base"), s(n, "base"));
            if b(o, "abstract") != b(n, "abstract") {
                self.push(
                    "abstract-changed",
                    &name,
                    format!("{} → {}", b(o, "abstract"), b(n, "abstract")),
                );
            }
            match (b(o, "has_stream"), b(n, "has_stream")) {
                (true, false) => self.push("stream-removed", &name, ""),
                (false, true) => self.push("stream-added", &name, ""),
                _ => {}
            }
            let (ok, nk) = (strings(o, "key").join(","), strings(n, "key").join(","));
            self.changed("key-changed", &name, &ok, &nk);
            let (od, nd) = (strings(o, "derived"), strings(n, "derived"));
            for d in od.iter().filter(|d| !nd.contains(d)) {
                self.push("derived-removed", &name, d.clone());
            }
            for d in nd.iter().filter(|d| !od.contains(d)) {
                self.push("derived-added", &name, d.clone());
            }
            self.description(&name, o, n);
            self.properties(&name, o, n);
        }
    }

    fn properties(&mut self, ty: &str, old: &Value, new: &Value) {
        let (o, n) = (
            by_name(old, "properties", "name"),
            by_name(new, "properties", "name"),
        );
        for (name, p) in &o {
            let item = format!("{ty}.{name}");
            let Some(q) = n.get(name) else {
                let id = if b(p, "navigation") {
                    "navigation-removed"
                } else {
                    "property-removed"
                };
                self.push(id, item, "");
                continue;
            };
            if b(p, "navigation") != b(q, "navigation") {
                // A structural property became navigation or back: its
                // field and its reference method trade places.
                self.push("property-type-changed", &item, "structural ↔ navigation");
                continue;
            }
            if b(p, "navigation") {
                self.changed(
                    "navigation-target-changed",
                    &item,
                    &type_text(p),
                    &type_text(q),
                );
                if b(p, "contains_target") != b(q, "contains_target") {
                    self.push("containment-changed", &item, "");
                }
            } else {
                self.changed("property-type-changed", &item, s(p, "type"), s(q, "type"));
                if b(p, "collection") != b(q, "collection") {
                    self.push(
                        "property-collection-changed",
                        &item,
                        format!("{} → {}", type_text(p), type_text(q)),
                    );
                }
                if b(p, "nullable") != b(q, "nullable") {
                    self.push(
                        "property-nullable-changed",
                        &item,
                        format!("nullable {} → {}", b(p, "nullable"), b(q, "nullable")),
                    );
                }
            }
            self.description(&item, p, q);
        }
        for (name, q) in n.iter().filter(|(k, _)| !o.contains_key(*k)) {
            let id = if b(q, "navigation") {
                "navigation-added"
            } else {
                "property-added"
            };
            self.push(id, format!("{ty}.{name}"), "");
        }
    }

    fn enums(&mut self, old: &Value, new: &Value) {
        for (name, o, n) in self.pair(old, new, "enums", "enum-removed", "enum-added", "") {
            if b(o, "flags") != b(n, "flags") {
                self.push(
                    "flags-changed",
                    &name,
                    format!("{} → {}", b(o, "flags"), b(n, "flags")),
                );
            }
            self.description(&name, o, n);
            let prefix = format!("{name}.");
            for (m, om, nm) in self.pair(o, n, "members", "member-removed", "member-added", &prefix)
            {
                let (ov, nv) = (om.get("value").cloned(), nm.get("value").cloned());
                if ov != nv {
                    self.push(
                        "member-value-changed",
                        &m,
                        format!("{} → {}", ov.unwrap_or_default(), nv.unwrap_or_default()),
                    );
                }
                self.description(&m, om, nm);
            }
        }
    }

    fn definitions(&mut self, old: &Value, new: &Value) {
        for (name, o, n) in self.pair(
            old,
            new,
            "type_definitions",
            "type-removed",
            "type-added",
            "",
        ) {
            self.changed(
                "definition-underlying-changed",
                &name,
                s(o, "underlying"),
                s(n, "underlying"),
            );
        }
    }

    /// Operations by identity: kind-independent name, binding and
    /// collection (`deprovision on microsoft.graph.managedDevice`).
    fn operation_map(v: &Value) -> BTreeMap<String, &Value> {
        let mut out = BTreeMap::new();
        for op in list(v, "operations") {
            let binding = op.get("binding").filter(|x| !x.is_null());
            let on = match binding {
                Some(bd) if b(bd, "collection") => format!(" on Collection({})", s(bd, "type")),
                Some(bd) => format!(" on {}", s(bd, "type")),
                None => String::new(),
            };
            let mut key = format!("{}{on}", s(op, "name"));
            if out.contains_key(&key) {
                // An overload: tell them apart by their parameters.
                let params: Vec<&str> = list(op, "parameters")
                    .iter()
                    .map(|p| s(p, "name"))
                    .collect();
                key = format!("{key} ({})", params.join(", "));
            }
            out.entry(key).or_insert(op);
        }
        out
    }

    fn operations(&mut self, old: &Value, new: &Value) {
        let (o, n) = (Self::operation_map(old), Self::operation_map(new));
        for k in o.keys().filter(|k| !n.contains_key(*k)) {
            self.push("operation-removed", k.clone(), "");
        }
        for k in n.keys().filter(|k| !o.contains_key(*k)) {
            self.push("operation-added", k.clone(), "");
        }
        for (k, op) in &o {
            let Some(np) = n.get(k) else { continue };
            self.changed("operation-kind-changed", k, s(op, "kind"), s(np, "kind"));
            let ret = |v: &Value| {
                v.get("returns")
                    .filter(|r| !r.is_null())
                    .map(type_text)
                    .unwrap_or_else(|| "nothing".into())
            };
            self.changed("return-changed", k, &ret(op), &ret(np));
            self.parameters(k, op, np);
            let http = |v: &Value, f: &str| {
                v.get("http")
                    .and_then(|h| h.get(f))
                    .cloned()
                    .unwrap_or_default()
            };
            let paths = |v: &Value| strings(v.get("http").unwrap_or(&Value::Null), "paths");
            let (op_paths, np_paths) = (paths(op), paths(np));
            for p in op_paths.iter().filter(|p| !np_paths.contains(p)) {
                self.push("path-removed", k.clone(), p.clone());
            }
            for p in np_paths.iter().filter(|p| !op_paths.contains(p)) {
                self.push("path-added", k.clone(), p.clone());
            }
            let (os, ns) = (http(op, "success_status"), http(np, "success_status"));
            if os != ns {
                self.push("status-changed", k.clone(), format!("{os} → {ns}"));
            }
            let perms = |v: &Value| {
                let p = v.get("permissions").cloned().unwrap_or_default();
                ["delegated_work", "delegated_personal", "application"]
                    .map(|f| strings(&p, f).join(", "))
            };
            if perms(op) != perms(np) {
                self.push("permissions-changed", k.clone(), "");
            }
            self.description(k, op, np);
        }
    }

    fn parameters(&mut self, op: &str, old: &Value, new: &Value) {
        let required = |p: &Value| !b(p, "nullable") && !b(p, "optional");
        let (o, n) = (
            by_name(old, "parameters", "name"),
            by_name(new, "parameters", "name"),
        );
        for name in o.keys().filter(|k| !n.contains_key(*k)) {
            self.push("parameter-removed", format!("{op}({name})"), "");
        }
        for (name, p) in n.iter().filter(|(k, _)| !o.contains_key(*k)) {
            let id = if required(p) {
                "required-parameter-added"
            } else {
                "optional-parameter-added"
            };
            self.push(id, format!("{op}({name})"), type_text(p));
        }
        for (name, p) in &o {
            let Some(q) = n.get(name) else { continue };
            let item = format!("{op}({name})");
            self.changed(
                "parameter-type-changed",
                &item,
                &type_text(p),
                &type_text(q),
            );
            if required(p) != required(q) {
                self.push(
                    "parameter-optionality-changed",
                    &item,
                    format!("required {} → {}", required(p), required(q)),
                );
            }
        }
    }

    fn entry_points(&mut self, old: &Value, new: &Value) {
        for (name, o, n) in self.pair(
            old,
            new,
            "entry_points",
            "entry-point-removed",
            "entry-point-added",
            "/",
        ) {
            self.changed(
                "entry-point-type-changed",
                &name,
                s(o, "type"),
                s(n, "type"),
            );
            if b(o, "singleton") != b(n, "singleton") {
                self.push("entry-point-type-changed", &name, "singleton ↔ entity set");
            }
        }
    }

    fn features(&mut self, old: &Value, new: &Value) {
        let names = |v: &Value| -> Vec<String> {
            list(v, "areas")
                .iter()
                .map(|a| s(a, "feature").to_owned())
                .collect()
        };
        let (of, nf) = (names(old), names(new));
        for f in of.iter().filter(|f| !nf.contains(f)) {
            self.push("feature-removed", f.clone(), "");
        }
        for f in nf.iter().filter(|f| !of.contains(f)) {
            self.push("feature-added", f.clone(), "");
        }
        // Items that stay but change features. (`full` includes everything.)
        for key in ["types", "enums", "type_definitions"] {
            let (o, n) = (by_name(old, key, "name"), by_name(new, key, "name"));
            for (name, ov) in &o {
                let Some(nv) = n.get(name) else { continue };
                let (a, z) = (strings(ov, "features"), strings(nv, "features"));
                for f in a.iter().filter(|f| !z.contains(f) && nf.contains(f)) {
                    self.push("feature-lost-item", name.clone(), f.clone());
                }
                for f in z.iter().filter(|f| !a.contains(f) && of.contains(f)) {
                    self.push("feature-gained-item", name.clone(), f.clone());
                }
            }
        }
    }
}

impl Report {
    /// A Markdown changelog entry: the verdict, then the changes grouped by
    /// verdict and rule.
    pub fn markdown(&self, title: &str) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "## {title}\n");
        let total = self.changes.len();
        let _ = writeln!(
            out,
            "Verdict: **{}** ({total} change{}).\n",
            self.verdict.name(),
            if total == 1 { "" } else { "s" }
        );
        for v in [Verdict::Major, Verdict::Minor, Verdict::Patch] {
            let of: Vec<&Change> = self.changes.iter().filter(|c| c.verdict == v).collect();
            if of.is_empty() {
                continue;
            }
            let heading = match v {
                Verdict::Major => "Breaking changes (major)",
                Verdict::Minor => "Additions (minor)",
                Verdict::Patch => "Documentation and data (patch)",
            };
            let _ = writeln!(out, "### {heading}\n");
            let mut rules: Vec<&str> = of.iter().map(|c| c.rule).collect();
            rules.dedup();
            for r in rules {
                let items: Vec<&&Change> = of.iter().filter(|c| c.rule == r).collect();
                let _ = writeln!(out, "- `{r}` ({}): {}", items.len(), rule(r).reason);
                for c in items.iter().take(200) {
                    if c.detail.is_empty() {
                        let _ = writeln!(out, "  - `{}`", c.item);
                    } else {
                        let _ = writeln!(out, "  - `{}`: {}", c.item, c.detail);
                    }
                }
                if items.len() > 200 {
                    let _ = writeln!(out, "  - … and {} more (see `--json`)", items.len() - 200);
                }
            }
            out.push('\n');
        }
        out
    }
}

/// The parts of a `model --json` value that [`diff`] compares, with each
/// description replaced by a short hash of it: what `--bump` records.
pub fn surface(model: &Value) -> Value {
    if model.get("surface").and_then(Value::as_bool) == Some(true) {
        return model.clone();
    }
    fn keep(v: &Value, keys: &[&str]) -> Value {
        let mut out = serde_json::Map::new();
        for k in keys {
            let Some(x) = v.get(*k) else { continue };
            let x = if *k == "description" {
                match x.as_str() {
                    Some(text) => Value::String(
                        crate::lock::sha256_hex(text.as_bytes())
                            .get(..16)
                            .unwrap_or_default()
                            .to_owned(),
                    ),
                    None => Value::Null,
                }
            } else {
                x.clone()
            };
            out.insert((*k).to_owned(), x);
        }
        Value::Object(out)
    }
    fn each(v: &Value, key: &str, f: impl Fn(&Value) -> Value) -> Value {
        Value::Array(list(v, key).iter().map(f).collect())
    }
    let property = |p: &Value| {
        keep(
            p,
            &[
                "name",
                "type",
                "collection",
                "nullable",
                "navigation",
                "contains_target",
                "description",
            ],
        )
    };
    let parameter = |p: &Value| keep(p, &["name", "type", "collection", "nullable", "optional"]);
    let mut out = serde_json::Map::new();
    out.insert("surface".into(), Value::Bool(true));
    out.insert(
        "ir_version".into(),
        model.get("ir_version").cloned().unwrap_or_default(),
    );
    out.insert(
        "types".into(),
        each(model, "types", |t| {
            let mut x = keep(
                t,
                &[
                    "name",
                    "kind",
                    "base",
                    "abstract",
                    "has_stream",
                    "key",
                    "derived",
                    "description",
                    "features",
                ],
            );
            x["properties"] = each(t, "properties", property);
            x
        }),
    );
    out.insert(
        "enums".into(),
        each(model, "enums", |e| {
            let mut x = keep(e, &["name", "flags", "description", "features"]);
            x["members"] = each(e, "members", |m| keep(m, &["name", "value", "description"]));
            x
        }),
    );
    out.insert(
        "type_definitions".into(),
        each(model, "type_definitions", |d| {
            keep(d, &["name", "underlying", "features"])
        }),
    );
    out.insert(
        "operations".into(),
        each(model, "operations", |o| {
            let mut x = keep(o, &["name", "kind", "binding", "returns", "description"]);
            x["parameters"] = each(o, "parameters", parameter);
            if let Some(h) = o.get("http") {
                x["http"] = keep(h, &["paths", "success_status"]);
            }
            if let Some(p) = o.get("permissions").filter(|p| !p.is_null()) {
                x["permissions"] =
                    keep(p, &["delegated_work", "delegated_personal", "application"]);
            }
            x
        }),
    );
    out.insert(
        "entry_points".into(),
        each(model, "entry_points", |e| {
            keep(e, &["name", "type", "singleton"])
        }),
    );
    out.insert(
        "areas".into(),
        each(model, "areas", |a| keep(a, &["feature"])),
    );
    Value::Object(out)
}

/// The version after a release with `verdict`: for 0.x, a major change
/// bumps the minor number and anything else the patch; from 1.0, each its
/// own. A pre-release suffix is dropped. `None` if `version` is not
/// `MAJOR.MINOR.PATCH`.
pub fn next_version(version: &str, verdict: Verdict) -> Option<String> {
    let core = version.split(['-', '+']).next()?;
    let mut parts = core.split('.').map(|p| p.parse::<u64>().ok());
    let (Some(Some(major)), Some(Some(minor)), Some(Some(patch)), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    let (major, minor, patch) = match (major, verdict) {
        (0, Verdict::Major) => (0, minor + 1, 0),
        (0, _) => (0, minor, patch + 1),
        (_, Verdict::Major) => (major + 1, 0, 0),
        (_, Verdict::Minor) => (major, minor + 1, 0),
        (_, Verdict::Patch) => (major, minor, patch + 1),
    };
    Some(format!("{major}.{minor}.{patch}"))
}
