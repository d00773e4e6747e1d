//! Merge doc pages into the model: match each API page to its operation by
//! resolving its documented paths, then attach paths, status, permissions,
//! the page and descriptions. Resource and enum pages add descriptions to
//! properties and members. Every disagreement found on the way becomes a
//! [`Drift`] entry.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

mod examples;
mod types;

use examples::{check_example_lines, check_examples, check_title};
use types::{enum_members, enum_page, resource};

use super::resolve::{Resolver, Target};
use super::{paths, Model, OpKind, OperationPage, Permissions, RequestHeader};
use crate::diag::Severity;
use crate::read::docs::{DocPage, DocType, PageKind};

/// One disagreement between docs and metadata.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Drift {
    /// A stable code, e.g. `path-unresolved`.
    pub code: &'static str,
    /// Warning, or error for what a user cannot call as documented.
    pub severity: Severity,
    /// The page (or CSDL file) and line.
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// What disagrees.
    pub message: String,
}

/// Counts of a merge.
#[derive(Debug, Clone, Default, Serialize)]
pub struct MergeStats {
    /// Pages read.
    pub pages: usize,
    /// API pages with at least one documented path.
    pub api_pages: usize,
    /// API pages matched to an operation.
    pub matched: usize,
    /// API pages whose paths all fail on a name the CSDL does not have at all
    /// (documented, absent from the metadata).
    pub absent: usize,
    /// Resource pages matched to a type.
    pub resources_matched: usize,
    /// Enum pages matched to an enum.
    pub enums_matched: usize,
}

/// The key that identifies an operation while merging.
type OpKey = (OpKind, String, Option<(String, bool)>);

fn key_of(op: &super::Operation) -> OpKey {
    (
        op.kind,
        op.name.clone(),
        op.binding
            .as_ref()
            .map(|b| (b.type_name.clone(), b.collection)),
    )
}

/// Merge `pages` into `m`. Returns counts and drift.
pub fn merge(m: &mut Model, pages: &[DocPage]) -> (MergeStats, Vec<Drift>) {
    let mut drift = Vec::new();
    let mut stats = MergeStats {
        pages: pages.len(),
        ..MergeStats::default()
    };
    let types = TypeIndex::new(m);
    let mut index: BTreeMap<OpKey, usize> = m
        .operations
        .iter()
        .enumerate()
        .map(|(i, o)| (key_of(o), i))
        .collect();
    let mut documented: BTreeSet<usize> = BTreeSet::new();
    // Resolve every page first (the resolver borrows the model), then apply.
    let mut plans: Vec<(usize, OpKey, Vec<String>, bool)> = Vec::new();
    {
        let resolver = Resolver::new(m);
        for (pi, page) in pages.iter().enumerate() {
            if page.http.is_empty() {
                continue;
            }
            stats.api_pages += 1;
            let mut votes: BTreeMap<OpKey, Vec<String>> = BTreeMap::new();
            let mut all_absent = true;
            for line in &page.http {
                match resolver.resolve(&line.path) {
                    Ok(r) => match key_for(m, &r.target, &line.method, r.suffix.as_deref()) {
                        Some((k, note)) => {
                            if let Some(note) = note {
                                drift.push(entry(
                                    "path-method-mismatch",
                                    Severity::Warning,
                                    page,
                                    line.line,
                                    format!("`{} {}`: {note}", line.method, line.path),
                                ));
                            }
                            votes.entry(k).or_default().push(line.path.clone());
                        }
                        None => drift.push(entry(
                            "path-method-mismatch",
                            Severity::Warning,
                            page,
                            line.line,
                            format!(
                                "`{} {}` resolves, but not to something that method applies to",
                                line.method, line.path
                            ),
                        )),
                    },
                    Err(why) => {
                        all_absent &= !why.name.is_empty() && !resolver.knows(&why.name);
                        drift.push(entry(
                            "path-unresolved",
                            Severity::Warning,
                            page,
                            line.line,
                            format!("`{} {}` does not resolve: {why}", line.method, line.path),
                        ))
                    }
                }
            }
            // The page documents the operation most of its paths reach (its
            // examples and parameter tables are checked against that one),
            // and every other operation its paths reach too.
            let primary = votes
                .iter()
                .max_by_key(|(_, p)| p.len())
                .map(|(k, _)| k.clone());
            for (k, p) in &votes {
                if Some(k) != primary.as_ref() {
                    plans.push((pi, k.clone(), p.clone(), false));
                }
            }
            let Some((key, paths)) = primary.and_then(|k| votes.remove_entry(&k)) else {
                let code = if all_absent {
                    stats.absent += 1;
                    "operation-not-in-csdl"
                } else {
                    "page-unmatched"
                };
                drift.push(entry(
                    code,
                    Severity::Error,
                    page,
                    page.http.first().map(|l| l.line).unwrap_or(1),
                    format!(
                        "no documented path of `{}` reaches an operation of the CSDL",
                        page.title.as_deref().unwrap_or(&page.path)
                    ),
                ));
                continue;
            };
            plans.push((pi, key, paths, true));
        }
    }
    // Page order, the primary operation of a page first.
    plans.sort_by_key(|(pi, _, _, primary)| (*pi, !*primary));
    let mut counted: BTreeSet<usize> = BTreeSet::new();
    let mut primary_seen: BTreeSet<usize> = BTreeSet::new();
    for (pi, key, paths, primary) in plans {
        let page = &pages[pi];
        let idx = match index.get(&key) {
            Some(&i) => i,
            None => {
                // A CRUD call through a navigation the containment walk did not
                // produce (non-contained navigation): it exists in the CSDL.
                let (kind, name, binding) = key.clone();
                let (ty, coll) = binding.unwrap_or_default();
                let mut op = paths::crud_operation(kind, &name, &ty, coll);
                // Reading or writing a structural property (a stream such as
                // `content`) gives the property's type, not the entity.
                let property = m
                    .all_properties(&ty)
                    .into_iter()
                    .find(|p| p.name == name && !p.navigation)
                    .map(|p| p.ty.clone());
                if let Some(p) = property {
                    op.returns = (kind == OpKind::Get).then_some(p);
                }
                m.operations.push(op);
                let i = m.operations.len() - 1;
                index.insert(key, i);
                i
            }
        };
        if counted.insert(pi) {
            stats.matched += 1;
        }
        documented.insert(idx);
        record_page(m, idx, page, &paths, &mut drift);
        if primary {
            let first_page = primary_seen.insert(idx);
            apply(m, &types, idx, page, paths, first_page, &mut drift);
            check_title(m, idx, page, &mut drift);
            check_examples(m, idx, page, &mut drift);
            check_example_lines(page, &mut drift);
        } else {
            add_paths_and_permissions(&mut m.operations[idx], page, paths);
        }
    }
    for (i, op) in m.operations.iter().enumerate() {
        if matches!(op.kind, OpKind::Action | OpKind::Function) && !documented.contains(&i) {
            drift.push(Drift {
                code: "operation-undocumented",
                severity: Severity::Warning,
                file: op.loc.file.to_string(),
                line: op.loc.line,
                message: format!(
                    "{} `{}` bound to {} has no doc page",
                    op.kind.as_str(),
                    op.name,
                    op.binding
                        .as_ref()
                        .map(|b| show(&b.type_name, b.collection))
                        .unwrap_or_else(|| "nothing".into())
                ),
            });
        }
    }
    for page in pages {
        let has_rows = !page.properties.is_empty() || !page.relationships.is_empty();
        if page.kind == PageKind::Resource && has_rows && resource(m, &types, page, &mut drift) {
            stats.resources_matched += 1;
        } else if page.kind == PageKind::Enum
            && !page.members.is_empty()
            && enum_page(m, &types, page, &mut drift)
        {
            stats.enums_matched += 1;
        }
        for de in &page.enums {
            if enum_members(m, &types, page, &de.name, de.line, &de.members, &mut drift) {
                stats.enums_matched += 1;
            }
        }
    }
    drift.sort();
    (stats, drift)
}

fn entry(
    code: &'static str,
    severity: Severity,
    page: &DocPage,
    line: u32,
    message: String,
) -> Drift {
    Drift {
        code,
        severity,
        file: page.path.clone(),
        line,
        message,
    }
}

/// The operation key a resolved path and method call, and a note when the
/// method is not the one the CSDL implies (the docs are then followed
/// leniently: a POST to an item is a create, a PATCH to a collection an update).
fn key_for(
    m: &Model,
    target: &Target,
    method: &str,
    suffix: Option<&str>,
) -> Option<(OpKey, Option<String>)> {
    let method = method.to_ascii_uppercase();
    match target {
        Target::Operation(i) => {
            let op = m.operations.get(*i)?;
            let expected = if op.kind == OpKind::Function {
                "GET"
            } else {
                "POST"
            };
            let note = (method != expected).then(|| {
                format!(
                    "{} `{}` is called with {expected}, the page says {method}",
                    op.kind.as_str(),
                    op.name
                )
            });
            Some((key_of(op), note))
        }
        Target::Entity {
            type_name,
            collection,
            via,
        } => {
            let (kind, note) = match (method.as_str(), collection, suffix) {
                (_, _, Some("$count")) => (OpKind::List, None),
                ("GET", true, _) => (OpKind::List, None),
                ("POST", true, _) => (OpKind::Create, None),
                ("GET", false, _) => (OpKind::Get, None),
                ("PATCH" | "PUT", false, _) => (OpKind::Update, None),
                ("DELETE", _, _) => (OpKind::Delete, None),
                ("POST", false, Some("$ref")) => (OpKind::Create, None),
                ("POST", false, _) => (
                    OpKind::Create,
                    Some("a POST to one entity; creating posts to the collection"),
                ),
                ("PATCH" | "PUT", true, _) => (
                    OpKind::Update,
                    Some("an update of a whole collection; updates address one entity"),
                ),
                _ => return None,
            };
            let coll = matches!(kind, OpKind::List | OpKind::Create);
            Some((
                (kind, via.clone(), Some((type_name.clone(), coll))),
                note.map(str::to_owned),
            ))
        }
        Target::Property { type_name, name } => {
            let kind = match method.as_str() {
                "GET" => OpKind::Get,
                "PUT" | "PATCH" | "POST" => OpKind::Update,
                "DELETE" => OpKind::Delete,
                _ => return None,
            };
            Some(((kind, name.clone(), Some((type_name.clone(), false))), None))
        }
    }
}

/// Keep what page `page` says of operation `idx` beside what earlier pages
/// said; where it disagrees with the first page, a `pages-disagree` drift.
fn record_page(
    m: &mut Model,
    idx: usize,
    page: &DocPage,
    paths: &[String],
    drift: &mut Vec<Drift>,
) {
    let op = &mut m.operations[idx];
    let this = OperationPage {
        page: page.path.clone(),
        paths: paths.to_vec(),
        permissions: page.permissions.as_ref().map(Permissions::from),
        success_status: page.response.as_ref().map(|r| r.status),
        headers: page
            .headers
            .iter()
            .filter(|h| !crate::read::docs::conventions::is_standard_header(&h.name))
            .map(|h| RequestHeader {
                name: h.name.clone(),
                value: h.value.clone(),
            })
            .collect(),
    };
    if op.pages.iter().any(|p| p.page == this.page) {
        return;
    }
    if let Some(first) = op.pages.first() {
        let differs = this.differences(first);
        if !differs.is_empty() {
            drift.push(entry(
                "pages-disagree",
                Severity::Warning,
                page,
                this.permissions.as_ref().map(|p| p.line).unwrap_or(1),
                format!(
                    "the {} of `{}` differ from those of {}, which documents it too; both are kept, per page",
                    differs.join(" and "),
                    op.name,
                    first.page
                ),
            ));
        }
    }
    op.pages.push(this);
}

/// What a page adds to an operation that an earlier page documented: the
/// paths not there yet, and its permissions where none were given.
fn add_paths_and_permissions(op: &mut super::Operation, page: &DocPage, paths: Vec<String>) {
    for p in paths {
        if !op.http.paths.contains(&p) {
            op.http.paths.push(p);
        }
    }
    if op.permissions.is_none() {
        op.permissions = page.permissions.as_ref().map(Permissions::from);
    }
}

/// Attach a matched page's facts to operation `idx`.
fn apply(
    m: &mut Model,
    types: &TypeIndex,
    idx: usize,
    page: &DocPage,
    paths: Vec<String>,
    first_page: bool,
    drift: &mut Vec<Drift>,
) {
    let qualify = |t: &DocType| types.qualify(m, &t.name);
    let params: Vec<(String, String, bool)> = m.operations[idx]
        .parameters
        .iter()
        .map(|p| (p.name.clone(), p.ty.name.clone(), p.ty.collection))
        .collect();
    let is_action_or_function = matches!(m.operations[idx].kind, OpKind::Action | OpKind::Function);
    let documented_return = page
        .response
        .as_ref()
        .and_then(|r| r.ty.as_ref().map(|t| (qualify(t), r.line)));
    let row_types: Vec<Option<String>> = page
        .parameters
        .iter()
        .map(|r| r.ty.as_ref().and_then(qualify))
        .collect();
    let op = &mut m.operations[idx];
    let later = if first_page {
        op.http.paths = paths;
        op.doc = Some(page.path.clone());
        if let Some(r) = &page.response {
            op.http.success_status = r.status;
        }
        Vec::new()
    } else {
        paths
    };
    add_paths_and_permissions(op, page, later);
    if page.permissions.is_none() && first_page {
        drift.push(entry(
            "permissions-missing",
            Severity::Warning,
            page,
            1,
            "the page has no permissions table".into(),
        ));
    }
    if op.docs.description.is_none() {
        op.docs.description = page.description.clone();
    }
    // The type the response section names, against the CSDL's return type
    // (by name: pages often say "a user object" of a list; a base or derived
    // type of the return is no disagreement either).
    let related = |a: &str, b: &str| {
        a == b || m.chain(a).iter().any(|t| t.name == b) || m.chain(b).iter().any(|t| t.name == a)
    };
    let mismatch = match (&documented_return, &m.operations[idx].returns) {
        (Some((Some(doc_ty), line)), Some(ret)) if !related(doc_ty, &ret.name) => {
            Some((doc_ty.clone(), ret.written(), *line))
        }
        _ => None,
    };
    let op = &mut m.operations[idx];
    if let Some((doc_ty, ret, line)) = mismatch {
        drift.push(entry(
            "response-type-mismatch",
            Severity::Warning,
            page,
            line,
            format!(
                "the page says `{}` returns `{doc_ty}`, the CSDL says `{ret}`",
                op.name
            ),
        ));
    }
    if !is_action_or_function {
        return;
    }
    for (row, row_ty) in page.parameters.iter().zip(&row_types) {
        match params
            .iter()
            .position(|(n, _, _)| n.eq_ignore_ascii_case(&row.name))
        {
            None => drift.push(entry(
                "parameter-not-in-csdl",
                Severity::Warning,
                page,
                row.line,
                format!(
                    "parameter `{}` is documented but `{}` has no such parameter",
                    row.name, op.name
                ),
            )),
            Some(pi) => {
                let (_, ty, coll) = &params[pi];
                if let (Some(doc_ty), Some(dt)) = (row_ty, &row.ty) {
                    if doc_ty != ty || dt.collection != *coll {
                        drift.push(entry(
                            "parameter-type-mismatch",
                            Severity::Warning,
                            page,
                            row.line,
                            format!(
                                "parameter `{}`: the page says `{}`, the CSDL `{}`",
                                row.name,
                                show(doc_ty, dt.collection),
                                show(ty, *coll)
                            ),
                        ));
                    }
                }
                if let Some(p) = op.parameters.get_mut(pi) {
                    if p.docs.description.is_none() && !row.description.is_empty() {
                        p.docs.description = Some(row.description.clone());
                    }
                }
            }
        }
    }
    for (name, _, _) in &params {
        if !page
            .parameters
            .iter()
            .any(|r| r.name.eq_ignore_ascii_case(name))
        {
            drift.push(entry(
                "parameter-undocumented",
                Severity::Warning,
                page,
                1,
                format!(
                    "parameter `{name}` of `{}` is not in the page's table",
                    op.name
                ),
            ));
        }
    }
}

fn show(ty: &str, collection: bool) -> String {
    if collection {
        format!("Collection({ty})")
    } else {
        ty.to_owned()
    }
}

/// Types by their lower-cased local name, to qualify the names pages use.
pub struct TypeIndex {
    by_local: BTreeMap<String, String>,
}

impl TypeIndex {
    /// Index the types, enums and type definitions of `m`. Where two
    /// namespaces share a local name, `microsoft.graph` wins, then the shorter.
    pub fn new(m: &Model) -> Self {
        let mut by_local: BTreeMap<String, String> = BTreeMap::new();
        let graph = format!("{}.", super::GRAPH_NAMESPACE);
        let rank = |k: &str| (!k.starts_with(&graph), k.len());
        for k in m
            .types
            .keys()
            .chain(m.enums.keys())
            .chain(m.type_definitions.keys())
        {
            let local = k.rsplit('.').next().unwrap_or(k).to_ascii_lowercase();
            match by_local.get(&local) {
                Some(existing) if rank(existing) <= rank(k) => {}
                _ => {
                    by_local.insert(local, k.clone());
                }
            }
        }
        TypeIndex { by_local }
    }

    /// The fully qualified name of a type a page names (`managedDevice`,
    /// `microsoft.graph.user`, `Edm.String`), if the model has it.
    pub fn qualify(&self, m: &Model, name: &str) -> Option<String> {
        if name.starts_with("Edm.") {
            return Some(name.to_owned());
        }
        if m.types.contains_key(name)
            || m.enums.contains_key(name)
            || m.type_definitions.contains_key(name)
        {
            return Some(name.to_owned());
        }
        let local = name.rsplit('.').next().unwrap_or(name).to_ascii_lowercase();
        self.by_local.get(&local).cloned()
    }
}
