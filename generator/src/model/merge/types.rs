//! Resource and enum pages against the CSDL's types: properties,
//! relationships and members, their types and values, and the enums a
//! description lists after "Possible values are".

use super::{entry, show, Drift, TypeIndex};
use crate::diag::Severity;
use crate::model::{Model, TypeKind};
use crate::read::docs::{possible_values, DocMember, DocPage, Row};

/// The type a resource page's title names: "managedDevice resource type".
fn titled_type(page: &DocPage, suffixes: &[&str]) -> Option<String> {
    let title = page.title.as_deref()?.trim();
    let name = suffixes
        .iter()
        .find_map(|s| title.strip_suffix(s))
        .unwrap_or(title)
        .trim();
    (!name.is_empty() && !name.contains(' ')).then(|| name.to_owned())
}

pub(super) fn resource(
    m: &mut Model,
    types: &TypeIndex,
    page: &DocPage,
    drift: &mut Vec<Drift>,
) -> bool {
    let Some(name) = titled_type(
        page,
        &[
            " resource type",
            " resource",
            " complex type",
            " entity type",
        ],
    ) else {
        return false;
    };
    let qualified = page
        .namespace
        .as_ref()
        .map(|ns| format!("{ns}.{name}"))
        .filter(|q| m.types.contains_key(q))
        .or_else(|| types.qualify(m, &name).filter(|q| m.types.contains_key(q)));
    let Some(qualified) = qualified else {
        drift.push(entry(
            "type-not-in-csdl",
            Severity::Warning,
            page,
            1,
            format!("resource `{name}` is not a type of the CSDL"),
        ));
        return false;
    };
    let all: Vec<(String, String, bool, bool, TypeKind)> = m
        .all_properties(&qualified)
        .iter()
        .map(|p| {
            (
                p.name.clone(),
                p.ty.name.clone(),
                p.ty.collection,
                p.navigation,
                p.ty.kind,
            )
        })
        .collect();
    let rows: Vec<&Row> = page.properties.iter().chain(&page.relationships).collect();
    for row in &rows {
        let Some((pname, ty, coll, _, kind)) = all.iter().find(|(n, ..)| n == &row.name) else {
            drift.push(entry(
                "property-not-in-csdl",
                Severity::Warning,
                page,
                row.line,
                format!(
                    "`{}` is documented on `{name}` but the CSDL has no such property",
                    row.name
                ),
            ));
            continue;
        };
        if let Some(dt) = &row.ty {
            if let Some(doc_ty) = types.qualify(m, &dt.name) {
                if doc_ty != *ty || dt.collection != *coll {
                    drift.push(entry(
                        "property-type-mismatch",
                        Severity::Warning,
                        page,
                        row.line,
                        format!(
                            "`{name}.{pname}`: the page says `{}`, the CSDL `{}`",
                            show(&doc_ty, dt.collection),
                            show(ty, *coll)
                        ),
                    ));
                }
            }
        }
        if *kind == TypeKind::Enum {
            check_possible_values(m, page, row, ty, drift);
        }
        // Descriptions go on the declaring type's property.
        for t in m
            .chain(&qualified)
            .iter()
            .map(|t| t.name.clone())
            .collect::<Vec<_>>()
        {
            if let Some(p) = m
                .types
                .get_mut(&t)
                .and_then(|t| t.properties.iter_mut().find(|p| p.name == *pname))
            {
                if p.docs.description.is_none() && !row.description.is_empty() {
                    p.docs.description = Some(row.description.clone());
                }
                break;
            }
        }
    }
    for (pname, ..) in &all {
        if !rows.iter().any(|r| r.name == *pname) {
            drift.push(entry(
                "property-undocumented",
                Severity::Warning,
                page,
                1,
                format!("`{name}.{pname}` is in the CSDL but not on the page"),
            ));
        }
    }
    true
}

/// "Possible values are: a, b, c" in a description vs the enum's members.
fn check_possible_values(
    m: &Model,
    page: &DocPage,
    row: &Row,
    enum_name: &str,
    drift: &mut Vec<Drift>,
) {
    let Some(e) = m.enums.get(enum_name) else {
        return;
    };
    let listed = possible_values(&row.description);
    if listed.is_empty() {
        return;
    }
    for v in &listed {
        if !e.members.iter().any(|mm| mm.name == *v) {
            drift.push(entry(
                "enum-member-not-in-csdl",
                Severity::Warning,
                page,
                row.line,
                format!(
                    "`{}` lists `{v}`, which `{}` does not have",
                    row.name, e.name
                ),
            ));
        }
    }
    for mm in &e.members {
        if !listed.contains(&mm.name) {
            drift.push(entry(
                "enum-member-undocumented",
                Severity::Warning,
                page,
                row.line,
                format!(
                    "`{}` of `{}` is not among the possible values listed for `{}`",
                    mm.name, e.name, row.name
                ),
            ));
        }
    }
}

pub(super) fn enum_page(
    m: &mut Model,
    types: &TypeIndex,
    page: &DocPage,
    drift: &mut Vec<Drift>,
) -> bool {
    let Some(name) = titled_type(page, &[" enum type", " enumeration type", " enum"]) else {
        return false;
    };
    enum_members(m, types, page, &name, 1, &page.members, drift)
}

/// Merge the documented members of enum `name` (from a table at `line`).
pub(super) fn enum_members(
    m: &mut Model,
    types: &TypeIndex,
    page: &DocPage,
    name: &str,
    line: u32,
    members: &[DocMember],
    drift: &mut Vec<Drift>,
) -> bool {
    let Some(qualified) = types.qualify(m, name).filter(|q| m.enums.contains_key(q)) else {
        drift.push(entry(
            "enum-not-in-csdl",
            Severity::Warning,
            page,
            line,
            format!("enum `{name}` is not in the CSDL"),
        ));
        return false;
    };
    let Some(e) = m.enums.get_mut(&qualified) else {
        return false;
    };
    for dm in members {
        match e.members.iter_mut().find(|mm| mm.name == dm.name) {
            Some(mm) => {
                if mm.docs.description.is_none() && !dm.description.is_empty() {
                    mm.docs.description = Some(dm.description.clone());
                }
                if let Some(v) = dm.value {
                    if v != mm.value {
                        drift.push(entry(
                            "enum-value-mismatch",
                            Severity::Warning,
                            page,
                            dm.line,
                            format!(
                                "`{}.{}`: the page says {v}, the CSDL {}",
                                name, dm.name, mm.value
                            ),
                        ));
                    }
                }
            }
            None => drift.push(entry(
                "enum-member-not-in-csdl",
                Severity::Warning,
                page,
                dm.line,
                format!(
                    "`{}` is documented for `{name}` but not in the CSDL",
                    dm.name
                ),
            )),
        }
    }
    let missing: Vec<String> = e
        .members
        .iter()
        .filter(|mm| !members.iter().any(|d| d.name == mm.name))
        .map(|mm| mm.name.clone())
        .collect();
    for mname in missing {
        drift.push(entry(
            "enum-member-undocumented",
            Severity::Warning,
            page,
            line,
            format!("`{name}.{mname}` is in the CSDL but not on the page"),
        ));
    }
    true
}
