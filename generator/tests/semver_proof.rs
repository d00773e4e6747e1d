//! The diff's rules, proved by the compiler: for each rule, a CSDL pair
//! (our own seed-area CSDL and one change to it), a caller program that
//! compiles against the crate generated from the old side, and the same
//! caller built against the crate generated from the new side. A change the
//! diff calls minor or patch must leave the caller compiling; a change it
//! calls major comes with a caller that breaks. The diff must name the rule.
//!
//! Slow (a minute or two): `cargo test -p msgraph-generator --test semver_proof -- --ignored`;
//! `.ci/run` runs it.

use std::path::{Path, PathBuf};
use std::process::Command;

use generator::diff::{diff, Verdict, RULES};
use generator::emit::Options;
use generator::pipeline::{api_of, generate, write_output, Timings};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .unwrap()
}

/// One proof: the change, the rule the diff must report, and a caller that
/// compiles against the old crate.
struct Case {
    rule: &'static str,
    /// (text to find in the base CSDL, its replacement) — applied to make
    /// the new side, or the old side when `reverse`.
    edit: (&'static str, &'static str),
    /// Apply the edit to the old side instead: an addition read backwards is
    /// a removal.
    reverse: bool,
    /// The caller's `src/lib.rs`.
    caller: &'static str,
    /// The caller's features of the crate (`None`: its defaults).
    features: Option<&'static str>,
    /// An edit made to both sides first (to have something to change).
    base_edit: Option<(&'static str, &'static str)>,
    /// Other rules the same change fires, which may raise the release's
    /// verdict above the rule's own (the caller proves the rule's).
    also: &'static [&'static str],
}

const DEVICE_NAME: &str = r#"<Property Name="deviceName" Type="Edm.String" />"#;
const NEW_PROPERTY: &str = r#"<Property Name="deviceName" Type="Edm.String" /><Property Name="brandNewProperty" Type="Edm.String" />"#;
const NOT_SUPPORTED: &str = r#"<Member Name="notSupported" Value="6" />"#;
const DEPROVISION_PARAM: &str =
    r#"<Parameter Name="deprovisionReason" Type="Edm.String" Nullable="false" Unicode="false" />"#;
const CONTAINER: &str = r#"<EntityContainer Name="GraphService">"#;
const USERS_NAV: &str = r#"<NavigationProperty Name="users" Type="Collection(graph.user)" />"#;
const JOIN_TYPE: &str = r#"<EnumType Name="joinType">"#;
const CM_RESULT: &str =
    r#"<ComplexType Name="configurationManagerActionResult" BaseType="graph.deviceActionResult">"#;
const DETECTED_APP: &str = r#"<EntityType Name="detectedApp" BaseType="graph.entity">"#;
const DEPROVISION_BINDING: &str = "<Action Name=\"deprovision\" IsBound=\"true\">\n        <Parameter Name=\"bindingParameter\" Type=\"graph.managedDevice\" />";
const DEVICE_ACTION_RESULT: &str =
    r#"<ComplexType Name="configurationManagerClientEnabledFeatures">"#;

fn cases() -> Vec<Case> {
    let case = |rule, edit, reverse, caller| Case {
        rule,
        edit,
        reverse,
        caller,
        features: None,
        base_edit: None,
        also: &[],
    };
    vec![
        case("property-added", (DEVICE_NAME, NEW_PROPERTY), false,
            "pub fn f() -> String { let mut d = msgraph_proof::microsoft_graph::ManagedDevice::default();
             d.device_name = msgraph_proof::runtime::Nullable::Value(\"x\".into());
             format!(\"{:?}\", d.device_name) }"),
        case("property-removed", (DEVICE_NAME, NEW_PROPERTY), true,
            "pub fn f(d: &msgraph_proof::microsoft_graph::ManagedDevice) -> bool { d.brand_new_property.is_absent() }"),
        case("property-nullable-changed",
            (DEVICE_NAME, r#"<Property Name="deviceName" Type="Edm.String" Nullable="false" />"#), false,
            "pub fn f(d: &msgraph_proof::microsoft_graph::ManagedDevice) -> &msgraph_proof::runtime::Nullable<String> { &d.device_name }"),
        case("property-type-changed",
            (DEVICE_NAME, r#"<Property Name="deviceName" Type="Edm.Int32" />"#), false,
            "pub fn f(d: &msgraph_proof::microsoft_graph::ManagedDevice) -> &msgraph_proof::runtime::Nullable<String> { &d.device_name }"),
        case("member-added",
            (NOT_SUPPORTED, r#"<Member Name="notSupported" Value="6" /><Member Name="paused" Value="7" />"#), false,
            "use msgraph_proof::microsoft_graph::ActionState;
             pub fn f(s: &ActionState) -> u8 { match s { ActionState::Pending => 1, ActionState::NotSupported => 2, _ => 0 } }"),
        case("member-removed",
            (NOT_SUPPORTED, r#"<Member Name="notSupported" Value="6" /><Member Name="paused" Value="7" />"#), true,
            "pub fn f() -> msgraph_proof::microsoft_graph::ActionState { msgraph_proof::microsoft_graph::ActionState::Paused }"),
        case("member-value-changed",
            (r#"<Member Name="canceled" Value="2" />"#, r#"<Member Name="canceled" Value="20" />"#), false,
            "use msgraph_proof::microsoft_graph::ActionState;
             pub fn f(s: &ActionState) -> bool { matches!(s, ActionState::Canceled) }"),
        case("required-parameter-added",
            (DEPROVISION_PARAM, r#"<Parameter Name="deprovisionReason" Type="Edm.String" Nullable="false" Unicode="false" /><Parameter Name="ticket" Type="Edm.String" Nullable="false" />"#), false,
            "pub fn f() -> msgraph_proof::operations::managed_device::DeprovisionRequest {
             msgraph_proof::operations::managed_device::DeprovisionRequest::new(\"why\") }"),
        case("optional-parameter-added",
            (DEPROVISION_PARAM, r#"<Parameter Name="deprovisionReason" Type="Edm.String" Nullable="false" Unicode="false" /><Parameter Name="ticket" Type="Edm.String" />"#), false,
            "pub fn f() -> msgraph_proof::operations::managed_device::DeprovisionRequest {
             msgraph_proof::operations::managed_device::DeprovisionRequest::new(\"why\") }"),
        case("parameter-removed",
            (DEPROVISION_PARAM, r#"<Parameter Name="deprovisionReason" Type="Edm.String" Nullable="false" Unicode="false" /><Parameter Name="ticket" Type="Edm.String" />"#), true,
            "pub fn f() -> msgraph_proof::operations::managed_device::DeprovisionRequest {
             msgraph_proof::operations::managed_device::DeprovisionRequest::new(\"why\").ticket(\"t-1\") }"),
        case("operation-added",
            (CONTAINER, r#"<Action Name="wipeNow" IsBound="true"><Parameter Name="bindingParameter" Type="graph.managedDevice" /></Action><EntityContainer Name="GraphService">"#), false,
            "pub fn f() -> &'static str { msgraph_proof::operations::managed_device::DEPROVISION.name }"),
        case("operation-removed",
            (CONTAINER, r#"<Action Name="wipeNow" IsBound="true"><Parameter Name="bindingParameter" Type="graph.managedDevice" /></Action><EntityContainer Name="GraphService">"#), true,
            "pub fn f() -> &'static str { msgraph_proof::operations::managed_device::WIPE_NOW.name }"),
        case("type-added",
            (DEVICE_ACTION_RESULT, r#"<ComplexType Name="brandNewThing"><Property Name="size" Type="Edm.Int32" /></ComplexType><ComplexType Name="configurationManagerClientEnabledFeatures">"#), false,
            "pub fn f() -> msgraph_proof::microsoft_graph::ManagedDevice { Default::default() }"),
        case("type-removed",
            (DEVICE_ACTION_RESULT, r#"<ComplexType Name="brandNewThing"><Property Name="size" Type="Edm.Int32" /></ComplexType><ComplexType Name="configurationManagerClientEnabledFeatures">"#), true,
            "pub fn f() -> msgraph_proof::microsoft_graph::BrandNewThing { Default::default() }"),
        case("derived-added",
            (DEVICE_ACTION_RESULT, r#"<ComplexType Name="wipeActionResult" BaseType="graph.deviceActionResult"><Property Name="wiped" Type="Edm.Boolean" /></ComplexType><ComplexType Name="configurationManagerClientEnabledFeatures">"#), false,
            "use msgraph_proof::microsoft_graph::AnyDeviceActionResult as R;
             pub fn f(r: &R) -> u8 { match r { R::DeviceActionResult(_) => 1, R::ConfigurationManagerActionResult(_) => 2, _ => 0 } }"),
        case("entry-point-added",
            (CONTAINER, r#"<EntityContainer Name="GraphService"><EntitySet Name="detectedApps" EntityType="microsoft.graph.detectedApp" />"#), false,
            "pub fn f(c: &msgraph_proof::Client) -> msgraph_proof::microsoft_graph::UserCollectionRef { c.users() }"),
        case("entry-point-removed",
            (CONTAINER, r#"<EntityContainer Name="GraphService"><EntitySet Name="detectedApps" EntityType="microsoft.graph.detectedApp" />"#), true,
            "pub fn f(c: &msgraph_proof::Client) -> msgraph_proof::microsoft_graph::DetectedAppCollectionRef { c.detected_apps() }"),
        Case {
            rule: "feature-removed",
            edit: (CONTAINER, r#"<EntityContainer Name="GraphService"><EntitySet Name="detectedApps" EntityType="microsoft.graph.detectedApp" />"#),
            reverse: true,
            caller: "pub fn f() {}",
            features: Some(r#"["detected-apps"]"#),
            base_edit: None,
            also: &[],
        },
        Case {
            rule: "feature-added",
            edit: (CONTAINER, r#"<EntityContainer Name="GraphService"><EntitySet Name="detectedApps" EntityType="microsoft.graph.detectedApp" />"#),
            reverse: false,
            caller: "pub fn f(c: &msgraph_proof::Client) -> msgraph_proof::microsoft_graph::UserCollectionRef { c.users() }",
            features: Some(r#"["users"]"#),
            base_edit: None,
            also: &[],
        },
        case("property-collection-changed",
            ("<Property Name=\"roleScopeTagIds\" Type=\"Collection(Edm.String)\" />\n        <Property Name=\"serialNumber\"",
             "<Property Name=\"roleScopeTagIds\" Type=\"Edm.String\" />\n        <Property Name=\"serialNumber\""), false,
            "pub fn f(d: &msgraph_proof::microsoft_graph::ManagedDevice) -> &Option<Vec<String>> { &d.role_scope_tag_ids }"),
        case("navigation-added",
            (USERS_NAV, r#"<NavigationProperty Name="owner" Type="graph.user" /><NavigationProperty Name="users" Type="Collection(graph.user)" />"#), false,
            "pub fn f(d: &msgraph_proof::microsoft_graph::ManagedDeviceRef) -> msgraph_proof::microsoft_graph::UserCollectionRef { d.users() }"),
        case("navigation-removed",
            (USERS_NAV, r#"<NavigationProperty Name="owner" Type="graph.user" /><NavigationProperty Name="users" Type="Collection(graph.user)" />"#), true,
            "pub fn f(d: &msgraph_proof::microsoft_graph::ManagedDeviceRef) -> msgraph_proof::microsoft_graph::UserRef { d.owner() }"),
        case("navigation-target-changed",
            (r#"<NavigationProperty Name="detectedApps" Type="Collection(graph.detectedApp)" />"#,
             r#"<NavigationProperty Name="detectedApps" Type="Collection(graph.user)" />"#), false,
            "pub fn f(d: &msgraph_proof::microsoft_graph::ManagedDeviceRef) -> msgraph_proof::microsoft_graph::DetectedAppCollectionRef { d.detected_apps() }"),
        Case {
            rule: "containment-changed",
            edit: (r#"<NavigationProperty Name="driverInventories" Type="Collection(graph.windowsDriverUpdateInventory)" ContainsTarget="true" />"#,
                   r#"<NavigationProperty Name="driverInventories" Type="Collection(graph.windowsDriverUpdateInventory)" />"#),
            reverse: false,
            caller: "pub fn f(p: &msgraph_proof::microsoft_graph::WindowsDriverUpdateProfileRef) -> msgraph_proof::microsoft_graph::WindowsDriverUpdateInventoryRef { p.driver_inventories().by_id(\"i-1\") }",
            features: None,
            base_edit: None,
            // The CRUD consts of a contained collection go, and its types leave the area.
            also: &["operation-removed", "feature-lost-item"],
        },
        case("enum-added",
            (JOIN_TYPE, r#"<EnumType Name="brandNewEnum"><Member Name="one" Value="0" /></EnumType><EnumType Name="joinType">"#), false,
            "pub fn f(d: &msgraph_proof::microsoft_graph::ManagedDevice) -> &Option<msgraph_proof::microsoft_graph::JoinType> { &d.join_type }"),
        case("enum-removed",
            (JOIN_TYPE, r#"<EnumType Name="brandNewEnum"><Member Name="one" Value="0" /></EnumType><EnumType Name="joinType">"#), true,
            "pub fn f() -> msgraph_proof::microsoft_graph::BrandNewEnum { msgraph_proof::microsoft_graph::BrandNewEnum::One }"),
        case("flags-changed",
            (JOIN_TYPE, r#"<EnumType Name="joinType" IsFlags="true">"#), false,
            "pub fn f(d: &msgraph_proof::microsoft_graph::ManagedDevice) -> &Option<msgraph_proof::microsoft_graph::JoinType> { &d.join_type }"),
        case("base-changed",
            (CM_RESULT, r#"<ComplexType Name="configurationManagerActionResult">"#), false,
            "pub fn f(r: &msgraph_proof::microsoft_graph::ConfigurationManagerActionResult) -> &Option<msgraph_proof::microsoft_graph::ActionState> { &r.action_state }"),
        case("derived-removed",
            (CM_RESULT, r#"<ComplexType Name="configurationManagerActionResult">"#), false,
            "use msgraph_proof::microsoft_graph::AnyDeviceActionResult as R;
             pub fn f(r: &R) -> bool { matches!(r, R::ConfigurationManagerActionResult(_)) }"),
        case("abstract-changed",
            (r#"<ComplexType Name="deviceActionResult">"#, r#"<ComplexType Name="deviceActionResult" Abstract="true">"#), false,
            "use msgraph_proof::microsoft_graph::AnyDeviceActionResult as R;
             pub fn f(r: &R) -> bool { matches!(r, R::DeviceActionResult(_)) }"),
        Case {
            rule: "definition-underlying-changed",
            edit: (r#"<TypeDefinition Name="label" UnderlyingType="Edm.String" />"#, r#"<TypeDefinition Name="label" UnderlyingType="Edm.Int32" />"#),
            reverse: false,
            caller: "pub fn f() -> msgraph_proof::microsoft_graph::Label { String::new() }",
            features: None,
            base_edit: Some((JOIN_TYPE, r#"<TypeDefinition Name="label" UnderlyingType="Edm.String" /><EnumType Name="joinType">"#)),
            also: &[],
        },
        case("operation-removed",
            (DEPROVISION_BINDING, "<Action Name=\"deprovision\" IsBound=\"true\">\n        <Parameter Name=\"bindingParameter\" Type=\"Collection(graph.managedDevice)\" />"), false,
            "pub fn f() -> &'static str { msgraph_proof::operations::managed_device::DEPROVISION.name }"),
        case("parameter-type-changed",
            (DEPROVISION_PARAM, r#"<Parameter Name="deprovisionReason" Type="Edm.Int32" Nullable="false" />"#), false,
            "pub fn f() -> msgraph_proof::operations::managed_device::DeprovisionRequest {
             msgraph_proof::operations::managed_device::DeprovisionRequest::new(\"why\") }"),
        case("parameter-optionality-changed",
            (DEPROVISION_PARAM, r#"<Parameter Name="deprovisionReason" Type="Edm.String" Unicode="false" />"#), false,
            "pub fn f() -> msgraph_proof::operations::managed_device::DeprovisionRequest {
             msgraph_proof::operations::managed_device::DeprovisionRequest::new(\"why\") }"),
        case("return-changed",
            (r#"<ReturnType Type="graph.bulkDriverActionResult" />"#, r#"<ReturnType Type="graph.bulkManagedDeviceActionResult" />"#), false,
            "use msgraph_proof::operations::windows_driver_update_profile::ExecuteActionRequest;
             pub fn f(p: &msgraph_proof::microsoft_graph::WindowsDriverUpdateProfileRef, b: ExecuteActionRequest)
                 -> msgraph_proof::runtime::Request<msgraph_proof::microsoft_graph::BulkDriverActionResult> { p.execute_action(b) }"),
        case("entry-point-type-changed",
            (r#"<EntitySet Name="users" EntityType="microsoft.graph.user">"#, r#"<EntitySet Name="users" EntityType="microsoft.graph.directoryObject">"#), false,
            "pub fn f(c: &msgraph_proof::Client) -> msgraph_proof::microsoft_graph::UserCollectionRef { c.users() }"),
        case("description-changed",
            (DEVICE_NAME, r#"<Property Name="deviceName" Type="Edm.String"><Annotation Term="Org.OData.Core.V1.Description" String="What the device is called." /></Property>"#), false,
            "pub fn f(d: &msgraph_proof::microsoft_graph::ManagedDevice) -> &msgraph_proof::runtime::Nullable<String> { &d.device_name }"),
        case("stream-added",
            (DETECTED_APP, r#"<EntityType Name="detectedApp" BaseType="graph.entity" HasStream="true">"#), false,
            "pub fn f(c: &msgraph_proof::Client) -> msgraph_proof::microsoft_graph::UserCollectionRef { c.users() }"),
        case("stream-removed",
            (DETECTED_APP, r#"<EntityType Name="detectedApp" BaseType="graph.entity" HasStream="true">"#), true,
            "pub fn f(a: &msgraph_proof::microsoft_graph::DetectedAppRef) { let _ = a.content(); }"),
    ]
}

/// `cargo check` of the caller; its errors when it fails.
fn check(scratch: &Path) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args(["check", "--quiet", "-p", "caller"])
        .current_dir(scratch)
        .env("CARGO_TARGET_DIR", scratch.join("target"))
        .env_remove("RUSTFLAGS")
        .output()
        .unwrap();
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

fn write_crate(scratch: &Path, csdl: &str) {
    let input = scratch.join("input/graph.xml");
    std::fs::create_dir_all(input.parent().unwrap()).unwrap();
    std::fs::write(&input, csdl).unwrap();
    let options = Options {
        crate_name: "msgraph-proof".into(),
        runtime_dependency: format!(
            "{{ path = {:?} }}",
            root().join("runtime").display().to_string()
        ),
        ..Options::default()
    };
    let g = generate(&[input], &options, &mut Timings::default())
        .unwrap_or_else(|d| panic!("generation failed: {d:?}"));
    write_output(&g.output.files, &scratch.join("proof"), true).unwrap();
}

fn api(scratch: &Path, csdl: &str) -> serde_json::Value {
    let input = scratch.join("input/api.xml");
    std::fs::write(&input, csdl).unwrap();
    api_of(&[input], &[]).unwrap()
}

#[test]
#[ignore = "slow: two cargo checks per rule; .ci/run runs it"]
fn each_rule_is_what_the_compiler_says() {
    let root = root();
    let scratch = root.join("target/semver-proof");
    std::fs::create_dir_all(scratch.join("caller/src")).unwrap();
    std::fs::create_dir_all(scratch.join("input")).unwrap();
    std::fs::write(
        scratch.join("Cargo.toml"),
        "[workspace]\nresolver = \"2\"\nmembers = [\"proof\", \"caller\"]\n",
    )
    .unwrap();
    let _ = std::fs::copy(root.join("Cargo.lock"), scratch.join("Cargo.lock"));
    let base = std::fs::read_to_string(root.join("metadata/graph-beta-intune.xml")).unwrap();
    let mut proved = Vec::new();
    let mut failures = Vec::new();
    for c in cases() {
        let base = match c.base_edit {
            Some((find, replace)) => {
                assert_eq!(
                    base.matches(find).count(),
                    1,
                    "{}: the base edit must match once",
                    c.rule
                );
                base.replacen(find, replace, 1)
            }
            None => base.clone(),
        };
        let (find, replace) = c.edit;
        assert_eq!(
            base.matches(find).count(),
            1,
            "{}: the edit must match once",
            c.rule
        );
        let edited = base.replacen(find, replace, 1);
        let (old, new) = if c.reverse {
            (edited, base.clone())
        } else {
            (base.clone(), edited)
        };

        // What the diff says.
        let report = diff(&api(&scratch, &old), &api(&scratch, &new));
        let rule = RULES.iter().find(|r| r.id == c.rule).unwrap();
        let expected = c
            .also
            .iter()
            .filter_map(|a| RULES.iter().find(|r| r.id == *a))
            .map(|r| r.verdict)
            .fold(rule.verdict, Verdict::max);
        if !report.changes.iter().any(|x| x.rule == c.rule) || report.verdict != expected {
            failures.push(format!(
                "{}: the diff's verdict is {} with {:?}",
                c.rule,
                report.verdict.name(),
                report.counts
            ));
            continue;
        }

        // What the compiler says.
        let features = c
            .features
            .map(|f| format!(", default-features = false, features = {f}"))
            .unwrap_or_default();
        std::fs::write(
            scratch.join("caller/Cargo.toml"),
            format!(
                "[package]\nname = \"caller\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
                 [dependencies]\nmsgraph-proof = {{ path = \"../proof\"{features} }}\n"
            ),
        )
        .unwrap();
        std::fs::write(scratch.join("caller/src/lib.rs"), c.caller).unwrap();
        write_crate(&scratch, &old);
        if let Err(e) = check(&scratch) {
            failures.push(format!(
                "{}: the caller must compile against the old crate:\n{e}",
                c.rule
            ));
            continue;
        }
        write_crate(&scratch, &new);
        match (rule.verdict, check(&scratch)) {
            (Verdict::Major, Ok(())) => failures.push(format!(
                "{}: called major, but the caller still compiles",
                c.rule
            )),
            (Verdict::Minor | Verdict::Patch, Err(e)) => failures.push(format!(
                "{}: called {}, but the caller breaks:\n{e}",
                c.rule,
                rule.verdict.name()
            )),
            (v, _) => proved.push(format!("{} ({})", c.rule, v.name())),
        }
    }
    eprintln!(
        "proved by compiling callers ({}): {}",
        proved.len(),
        proved.join(", ")
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
