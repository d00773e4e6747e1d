//! Helpers for OData control information in JSON payloads.

use serde_json::Value;

/// The `@odata.type` of a JSON object, without its leading `#`.
///
/// `{"@odata.type": "#microsoft.graph.user"}` gives `Some("microsoft.graph.user")`.
/// Returns `None` if `value` is not an object or has no string `@odata.type`.
pub fn odata_type(value: &Value) -> Option<&str> {
    let name = value.as_object()?.get("@odata.type")?.as_str()?;
    Some(name.strip_prefix('#').unwrap_or(name))
}
