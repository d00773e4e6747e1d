//! A matched page's examples and title: example bodies against the
//! operation's parameters and types, example requests and statuses against
//! the page's own sections, and the title against the operation.

use super::{entry, show, Drift};
use crate::diag::Severity;
use crate::model::{Model, OpKind, Primitive, TypeKind, TypeRef};
use crate::read::docs::DocPage;

/// Does a JSON value fit a type? Lenient where Graph is (Int64 and Decimal
/// as strings, enums as strings, anything for untyped).
fn fits(m: &Model, ty: &str, kind: TypeKind, collection: bool, v: &serde_json::Value) -> bool {
    use serde_json::Value;
    if v.is_null() {
        return true;
    }
    if collection {
        return match v {
            Value::Array(items) => items.iter().all(|i| fits(m, ty, kind, false, i)),
            _ => false,
        };
    }
    match kind {
        TypeKind::Enum => v.is_string(),
        TypeKind::Complex | TypeKind::Entity => v.is_object() || ty == "microsoft.graph.Json",
        TypeKind::Definition => m
            .type_definitions
            .get(ty)
            .is_none_or(|d| fits(m, &d.underlying, TypeKind::Primitive, false, v)),
        TypeKind::External => true,
        TypeKind::Primitive => match Primitive::of(ty) {
            Some(p) if p.is_json_string() => v.is_string(),
            Some(Primitive::Boolean) => v.is_boolean(),
            Some(p) if p.is_number_or_string() => v.is_number() || v.is_string(),
            Some(p) if p.is_integer() => v.is_i64() || v.is_u64(),
            _ => true,
        },
    }
}

/// The JSON keys an example may use for `type_name` (and its derived types
/// when `@odata.type` names one), with their types.
fn members_of<'m>(m: &'m Model, type_name: &str) -> Vec<(&'m str, &'m TypeRef)> {
    m.all_properties(type_name)
        .into_iter()
        .map(|p| (p.name.as_str(), &p.ty))
        .collect()
}

/// Check an example JSON object's keys and value types against `fields`.
fn check_object(
    m: &Model,
    page: &DocPage,
    line: u32,
    what: &str,
    fields: &[(&str, &TypeRef)],
    obj: &serde_json::Map<String, serde_json::Value>,
    drift: &mut Vec<Drift>,
) {
    for (k, v) in obj {
        if k.contains('@') {
            continue; // instance annotations such as `@odata.type`, `members@odata.bind`
        }
        match fields.iter().find(|(n, _)| n == k) {
            None => drift.push(entry(
                "example-key-unknown",
                Severity::Warning,
                page,
                line,
                format!("the example {what} has `{k}`, which the CSDL does not define"),
            )),
            Some((_, t)) => {
                if !fits(m, &t.name, t.kind, t.collection, v) {
                    drift.push(entry(
                        "example-value-type",
                        Severity::Warning,
                        page,
                        line,
                        format!(
                            "the example {what} gives `{k}` a value that is not a `{}`",
                            show(&t.name, t.collection)
                        ),
                    ));
                }
            }
        }
    }
}

/// The structured type an example object claims with `@odata.type`, if known.
fn claimed_type(
    m: &Model,
    obj: &serde_json::Map<String, serde_json::Value>,
    default: &str,
) -> String {
    obj.get("@odata.type")
        .and_then(|t| t.as_str())
        .map(|t| t.trim_start_matches('#').to_owned())
        .filter(|t| m.types.contains_key(t))
        .unwrap_or_else(|| default.to_owned())
}

/// An example's JSON body; invalid JSON is a drift entry.
fn example_json(
    page: &DocPage,
    ex: &crate::read::docs::Example,
    what: &str,
    drift: &mut Vec<Drift>,
) -> Option<serde_json::Value> {
    let body = ex.body.as_ref()?;
    match serde_json::from_str(body) {
        Ok(v) => Some(v),
        Err(e) => {
            drift.push(entry(
                "example-invalid-json",
                Severity::Warning,
                page,
                ex.line,
                format!("the example {what} body is not JSON: {e}"),
            ));
            None
        }
    }
}

/// An action or function page's title names the operation its paths reach.
pub(super) fn check_title(m: &Model, idx: usize, page: &DocPage, drift: &mut Vec<Drift>) {
    let op = &m.operations[idx];
    let Some(named) = &page.operation else { return };
    if matches!(op.kind, OpKind::Action | OpKind::Function) && !named.eq_ignore_ascii_case(&op.name)
    {
        drift.push(entry(
            "title-operation-mismatch",
            Severity::Warning,
            page,
            1,
            format!(
                "the title names `{named}`, but the page's paths reach {} `{}`",
                op.kind.as_str(),
                op.name
            ),
        ));
    }
}

/// A page's examples against its own sections: a request's method is one the
/// HTTP request section documents, a successful response's status the
/// success the response section gives.
pub(super) fn check_example_lines(page: &DocPage, drift: &mut Vec<Drift>) {
    for ex in &page.requests {
        let Some(method) = &ex.method else { continue };
        if !page.http.iter().any(|h| &h.method == method) {
            let documented: Vec<&str> = page.http.iter().map(|h| h.method.as_str()).collect();
            drift.push(entry(
                "example-method-mismatch",
                Severity::Warning,
                page,
                ex.line,
                format!(
                    "the example request uses {method}, the HTTP request section documents {}",
                    dedup(&documented).join(", ")
                ),
            ));
        }
    }
    let Some(response) = &page.response else {
        return;
    };
    for ex in &page.responses {
        match ex.status {
            // Both successes: an error example, or a redirect the section
            // gives for one format among several, is not a disagreement.
            Some(status)
                if status != response.status
                    && (200..300).contains(&status)
                    && (200..300).contains(&response.status) =>
            {
                drift.push(entry(
                    "example-status-mismatch",
                    Severity::Warning,
                    page,
                    ex.line,
                    format!(
                        "the example response is {status}, the response section (line {}) says {}",
                        response.line, response.status
                    ),
                ))
            }
            _ => {}
        }
    }
}

/// `items` without repeats, in their first order.
fn dedup<'a>(items: &[&'a str]) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for i in items {
        if !out.contains(i) {
            out.push(i);
        }
    }
    out
}

/// Example requests and responses of a matched page against operation `idx`.
pub(super) fn check_examples(m: &Model, idx: usize, page: &DocPage, drift: &mut Vec<Drift>) {
    let op = &m.operations[idx];
    for ex in &page.requests {
        let Some(value) = example_json(page, ex, "request", drift) else {
            continue;
        };
        let Some(obj) = value.as_object() else {
            continue;
        };
        match op.kind {
            OpKind::Action => {
                let fields: Vec<_> = op
                    .parameters
                    .iter()
                    .map(|p| (p.name.as_str(), &p.ty))
                    .collect();
                check_object(m, page, ex.line, "request", &fields, obj, drift);
            }
            OpKind::Create | OpKind::Update => {
                if let Some(b) = &op.binding {
                    let ty = claimed_type(m, obj, &b.type_name);
                    check_object(m, page, ex.line, "request", &members_of(m, &ty), obj, drift);
                }
            }
            _ => {}
        }
    }
    let Some(ret) = &op.returns else { return };
    if !matches!(ret.kind, TypeKind::Entity | TypeKind::Complex) {
        return;
    }
    for ex in &page.responses {
        let Some(value) = example_json(page, ex, "response", drift) else {
            continue;
        };
        // Collections (and some actions' results) come wrapped in `value`.
        let items: Vec<&serde_json::Value> = match value.get("value") {
            Some(serde_json::Value::Array(a)) => a.iter().collect(),
            Some(v @ serde_json::Value::Object(_)) => vec![v],
            _ => vec![&value],
        };
        for item in items {
            if let Some(obj) = item.as_object() {
                let ty = claimed_type(m, obj, &ret.name);
                check_object(
                    m,
                    page,
                    ex.line,
                    "response",
                    &members_of(m, &ty),
                    obj,
                    drift,
                );
            }
        }
    }
}
