//! Every Rust name the generator writes comes from here.
//!
//! - Types and enum variants are UpperCamelCase, fields and modules snake_case (heck).
//! - Rust keywords become raw identifiers (`r#type`), except `self`, `Self`,
//!   `super` and `crate`, which cannot be raw and get a trailing `_`.
//! - Names that would shadow the prelude or the generated code's own
//!   vocabulary (`Option`, `String`, the enums' catch-all `Unrecognized`, ...)
//!   get a trailing `_`.
//! - A name that does not start with a letter or `_` gets a prefix (`V1st`, `_1st`).
//! - Collisions within one scope are resolved deterministically: the first
//!   claimant keeps the name, later ones get `2`, `3`, ... appended. Callers
//!   claim in document order, so a property added later never renames an
//!   existing one.
//!
//! The original CSDL name is always kept by the caller for `serde(rename)`.

use std::collections::BTreeSet;

use heck::{ToKebabCase, ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};

/// Keywords that may be written as raw identifiers.
const RAW_KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "extern", "false",
    "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "static", "struct", "trait", "true", "type", "unsafe", "use", "where",
    "while", "abstract", "become", "box", "do", "final", "macro", "override", "priv", "try",
    "typeof", "unsized", "virtual", "yield", "union",
];

/// Keywords that cannot be raw identifiers.
const NON_RAW_KEYWORDS: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Type names the generated code uses unqualified, which a Graph type must not shadow.
const RESERVED_TYPES: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "Vec",
    "String",
    "Box",
    "Default",
    "Clone",
    "Debug",
    "PartialEq",
    "Eq",
    "Hash",
    "Serialize",
    "Deserialize",
    "Deserializer",
    "Serializer",
    "Sized",
    "Send",
    "Sync",
    "Copy",
    "From",
    "Into",
    "Iterator",
    "ToString",
    "AsRef",
    "Display",
    "FromStr",
    "Formatter",
    "Infallible",
];

/// The catch-all variant of every generated string enum: a member this
/// version of the crate does not know, kept as received. A CSDL member that
/// would take its name gets a trailing `_` (no Graph CSDL has one).
pub const CATCH_ALL_VARIANT: &str = "Unrecognized";

/// Variants every generated enum already has.
const RESERVED_VARIANTS: &[&str] = &[CATCH_ALL_VARIANT];

/// Field names every generated struct already has.
pub const EXTRA_FIELD: &str = "additional_properties";

/// Keep identifiers ASCII (module and file names must be): letters, digits
/// and `_` stay, other ASCII becomes a word break, and any other character
/// becomes `u` and its hex code, so distinct names stay distinct.
fn clean(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            out.push(c);
        } else if c.is_ascii() {
            out.push(' ');
        } else {
            out.push_str(&format!(" u{:x} ", c as u32));
        }
    }
    out
}

/// Make `ident` usable: keywords and reserved names are escaped, a leading
/// digit gets `prefix`.
fn finish(mut ident: String, prefix: &str, reserved: &[&str]) -> String {
    if ident.is_empty() {
        ident = format!("{prefix}Value");
    }
    if ident.starts_with(|c: char| c.is_ascii_digit()) {
        ident = format!("{prefix}{ident}");
    }
    if NON_RAW_KEYWORDS.contains(&ident.as_str()) || reserved.contains(&ident.as_str()) {
        ident.push('_');
    }
    ident
}

/// The UpperCamelCase name of a type, e.g. `managedDevice` → `ManagedDevice`.
pub fn type_name(original: &str) -> String {
    finish(clean(original).to_upper_camel_case(), "T", RESERVED_TYPES)
}

/// The UpperCamelCase name of an enum variant, e.g. `a-b` → `AB`, `1st` → `V1st`.
pub fn variant_name(original: &str) -> String {
    finish(
        clean(original).to_upper_camel_case(),
        "V",
        RESERVED_VARIANTS,
    )
}

/// The snake_case name of a field or method, e.g. `deviceIMEI` → `device_imei`.
pub fn field_name(original: &str) -> String {
    finish(clean(original).to_snake_case(), "_", &[EXTRA_FIELD])
}

/// The snake_case name of a module for a namespace, e.g. `microsoft.graph.callRecords`
/// → `microsoft_graph_call_records`.
/// A keyword (`type`, `match`, ...) gets a trailing `_` too: module names
/// are written as plain identifiers (`crate::type_::X`) and directory names,
/// where a raw identifier cannot go.
pub fn module_name(namespace: &str) -> String {
    let joined: Vec<String> = namespace
        .split('.')
        .map(|s| clean(s).to_snake_case())
        .collect();
    let mut name = finish(
        joined.join("_"),
        "ns_",
        &["lib", "main", "std", "core", "alloc", "serde", "serde_json"],
    );
    if RAW_KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// The file stem (and module name) for an item named `ident`: snake_case,
/// never a keyword, so `mod stem;` is always valid.
pub fn file_stem(ident: &str) -> String {
    let mut stem = clean(ident).to_snake_case();
    if stem.is_empty() {
        stem.push_str("item");
    }
    if stem.starts_with(|c: char| c.is_ascii_digit()) {
        stem.insert(0, '_');
    }
    if RAW_KEYWORDS.contains(&stem.as_str())
        || NON_RAW_KEYWORDS.contains(&stem.as_str())
        || stem == "mod"
    {
        stem.push('_');
    }
    stem
}

/// Cargo features every generated crate has, which no area may take.
pub const RESERVED_FEATURES: &[&str] = &[
    "default", "full", "reqwest", "azure", "time", "chrono", "uuid",
];

/// The cargo feature of an area: its path's segments in kebab-case, joined
/// by `-`, e.g. `deviceManagement/managedDevices` → `device-management-managed-devices`.
pub fn feature_name(path: &[&str]) -> String {
    let parts: Vec<String> = path
        .iter()
        .map(|s| clean(s).to_kebab_case())
        .filter(|s| !s.is_empty())
        .collect();
    let mut name = parts.join("-");
    if name.is_empty() {
        name.push_str("area");
    }
    if RESERVED_FEATURES.contains(&name.as_str()) {
        name.push_str("-area");
    }
    name
}

/// The singular of a plural navigation or entity set name, by English rules
/// that Graph's names follow (`policies` → `policy`, `statuses` → `status`,
/// `devices` → `device`); a name that does not end in `s` is kept.
pub fn singular(name: &str) -> String {
    for (plural, one) in [
        ("ies", "y"),
        ("sses", "ss"),
        ("uses", "us"),
        ("xes", "x"),
        ("ches", "ch"),
        ("shes", "sh"),
    ] {
        if let Some(stem) = name.strip_suffix(plural) {
            if !stem.is_empty() {
                return format!("{stem}{one}");
            }
        }
    }
    // `status`, `access`, `analysis` are singular already.
    if ["us", "ss", "is"].iter().any(|end| name.ends_with(end)) {
        return name.to_owned();
    }
    match name.strip_suffix('s') {
        Some(stem) if !stem.is_empty() => stem.to_owned(),
        _ => name.to_owned(),
    }
}

/// The SCREAMING_SNAKE_CASE name of a constant, e.g. `executeAction` → `EXECUTE_ACTION`.
pub fn const_name(original: &str) -> String {
    let mut name = clean(original).to_shouty_snake_case();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    if name == "_" {
        name.push_str("VALUE");
    }
    name
}

/// Whether `ident` must be written as a raw identifier.
pub fn needs_raw(ident: &str) -> bool {
    RAW_KEYWORDS.contains(&ident)
}

/// A scope in which names must be unique.
#[derive(Debug, Default, Clone)]
pub struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    /// An empty scope.
    pub fn new() -> Self {
        Scope::default()
    }

    /// A scope in which `names` are already taken.
    pub fn with_reserved(names: &[&str]) -> Self {
        Scope {
            taken: names.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    /// Claim `candidate`, or the first free `candidate2`, `candidate3`, ...
    pub fn claim(&mut self, candidate: String) -> String {
        if self.taken.insert(candidate.clone()) {
            return candidate;
        }
        // `foo_` and `Foo` keep their style: snake names get `_2`, camel names `2`.
        let sep = if candidate.contains('_')
            && candidate.chars().next().is_some_and(char::is_lowercase)
        {
            "_"
        } else {
            ""
        };
        let base = candidate.trim_end_matches('_');
        (2..)
            .map(|n| format!("{base}{sep}{n}"))
            .find(|c| self.taken.insert(c.clone()))
            .unwrap_or(candidate)
    }

    /// Case-insensitive claim, for file names on case-insensitive file systems.
    pub fn claim_file(&mut self, candidate: String) -> String {
        let lower = candidate.to_lowercase();
        if self.taken.insert(lower.clone()) {
            return lower;
        }
        (2..)
            .map(|n| format!("{lower}_{n}"))
            .find(|c| self.taken.insert(c.clone()))
            .unwrap_or(lower)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names() {
        let cases = [
            ("managedDevice", "ManagedDevice"),
            ("windowsDriverUpdateProfile", "WindowsDriverUpdateProfile"),
            ("deviceIMEI", "DeviceImei"),
            (
                "bulkManagedDeviceActionResult",
                "BulkManagedDeviceActionResult",
            ),
            ("Json", "Json"),
            ("result", "Result_"),
            ("string", "String_"),
            ("self", "Self_"),
            ("1stParty", "T1stParty"),
            ("entity", "Entity"),
        ];
        for (input, want) in cases {
            assert_eq!(type_name(input), want, "type_name({input})");
        }
    }

    #[test]
    fn field_names() {
        let cases = [
            ("deviceName", "device_name"),
            ("deviceIMEI", "device_imei"),
            ("id", "id"),
            ("type", "type"), // raw-ness is decided by needs_raw
            ("self", "self_"),
            ("Self", "self_"),
            ("super", "super_"),
            ("crate", "crate_"),
            ("@odata.type", "odata_type"),
            ("additionalProperties", "additional_properties_"),
            ("isEAS", "is_eas"),
            (
                "windows10EnrollmentCompletionPageConfiguration",
                "windows10_enrollment_completion_page_configuration",
            ),
            ("1st", "_1st"),
        ];
        for (input, want) in cases {
            assert_eq!(field_name(input), want, "field_name({input})");
        }
        assert!(needs_raw("type") && needs_raw("match") && needs_raw("async"));
        assert!(!needs_raw("self_") && !needs_raw("device_name"));
    }

    #[test]
    fn variant_names() {
        let cases = [
            ("retire", "Retire"),
            ("unknown", "Unknown"),
            ("unrecognized", "Unrecognized_"),
            ("unknownFutureValue", "UnknownFutureValue"),
            ("a-b", "AB"),
            ("1st", "V1st"),
            ("iOS", "IOs"),
            ("Self", "Self_"),
        ];
        for (input, want) in cases {
            assert_eq!(variant_name(input), want, "variant_name({input})");
        }
    }

    #[test]
    fn file_stems_are_never_keywords() {
        assert_eq!(file_stem("ManagedDevice"), "managed_device");
        assert_eq!(file_stem("Fn"), "fn_");
        assert_eq!(file_stem("Self_"), "self_");
        assert_eq!(file_stem("Mod"), "mod_");
        assert_eq!(file_stem("Type"), "type_");
    }

    #[test]
    fn non_ascii_names_become_ascii() {
        assert_eq!(type_name("é"), "Ue9");
        assert_eq!(field_name("caféAu"), "caf_ue9_au");
        assert_eq!(module_name("ns.é"), "ns_ue9");
        assert_ne!(type_name("é"), type_name("è"));
    }

    #[test]
    fn feature_names_and_singulars() {
        assert_eq!(feature_name(&["users"]), "users");
        assert_eq!(
            feature_name(&["deviceManagement", "managedDevices"]),
            "device-management-managed-devices"
        );
        assert_eq!(feature_name(&["full"]), "full-area");
        assert_eq!(feature_name(&["ABC.d"]), "abc-d");
        for (plural, one) in [
            ("managedDevices", "managedDevice"),
            ("policies", "policy"),
            ("deviceStatuses", "deviceStatus"),
            ("addresses", "address"),
            ("boxes", "box"),
            ("deviceManagement", "deviceManagement"),
            ("status", "status"),
            ("access", "access"),
            ("s", "s"),
        ] {
            assert_eq!(singular(plural), one, "{plural}");
        }
    }

    #[test]
    fn module_names() {
        assert_eq!(module_name("microsoft.graph"), "microsoft_graph");
        assert_eq!(
            module_name("microsoft.graph.callRecords"),
            "microsoft_graph_call_records"
        );
        assert_eq!(
            module_name("microsoft.graph.termStore"),
            "microsoft_graph_term_store"
        );
        // Keywords, strict, reserved and weak alike, are never a module's name.
        for (ns, module) in [
            ("type", "type_"),
            ("match", "match_"),
            ("async", "async_"),
            ("crate", "crate_"),
            ("self", "self_"),
            ("super", "super_"),
            ("abstract", "abstract_"),
            ("microsoft.graph.type", "microsoft_graph_type"),
        ] {
            assert_eq!(module_name(ns), module, "{ns}");
        }
    }

    #[test]
    fn collisions_resolve_in_claim_order() {
        let mut fields = Scope::with_reserved(&[EXTRA_FIELD]);
        let got: Vec<String> = ["fooBar", "FooBar", "foo_bar"]
            .iter()
            .map(|n| fields.claim(field_name(n)))
            .collect();
        assert_eq!(got, ["foo_bar", "foo_bar_2", "foo_bar_3"]);
        let mut types = Scope::new();
        let got: Vec<String> = ["fooBar", "FooBar"]
            .iter()
            .map(|n| types.claim(type_name(n)))
            .collect();
        assert_eq!(got, ["FooBar", "FooBar2"]);
        let mut files = Scope::new();
        assert_eq!(files.claim_file("Abc".into()), "abc");
        assert_eq!(files.claim_file("ABC".into()), "abc_2");
    }
}
