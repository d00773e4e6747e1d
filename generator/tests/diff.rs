//! `cargo xtask diff`: each rule fires on the change it names, with its
//! verdict, on our own model's JSON changed one fact at a time; the release
//! verdict is the largest; a model against itself has no change.

use std::path::PathBuf;

use generator::diff::{diff, Verdict, RULES};
use serde_json::{json, Value};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn model() -> Value {
    let root = root();
    generator::pipeline::api_of(&[root.join("metadata")], &[root.join("metadata/docs")]).unwrap()
}

fn find<'a>(v: &'a mut Value, list: &str, name: &str) -> &'a mut Value {
    v[list]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|x| x["name"] == name)
        .unwrap_or_else(|| panic!("no {name} in {list}"))
}

/// Apply `change` to a copy of the model; the rules that fire.
fn rules_after(change: impl FnOnce(&mut Value)) -> (Verdict, Vec<&'static str>) {
    let old = model();
    let mut new = old.clone();
    change(&mut new);
    let r = diff(&old, &new);
    let mut rules: Vec<&str> = r.changes.iter().map(|c| c.rule).collect();
    rules.dedup();
    (r.verdict, rules)
}

const DEVICE: &str = "microsoft.graph.managedDevice";

/// A rule, its verdict, and a change that should make it fire.
type Case = (&'static str, Verdict, Box<dyn FnOnce(&mut Value)>);

#[test]
fn a_model_against_itself_has_no_change() {
    let m = model();
    let r = diff(&m, &m);
    assert!(r.changes.is_empty(), "{:?}", r.changes);
    assert_eq!(r.verdict, Verdict::Patch);
}

#[test]
fn each_rule_fires_with_its_verdict() {
    use Verdict::*;
    let cases: Vec<Case> = vec![
        (
            "type-removed",
            Major,
            Box::new(|m| {
                m["types"]
                    .as_array_mut()
                    .unwrap()
                    .retain(|t| t["name"] != "microsoft.graph.bulkDriverActionResult");
            }),
        ),
        (
            "property-added",
            Minor,
            Box::new(|m| {
                let t = find(m, "types", DEVICE);
                let mut p = t["properties"][1].clone();
                p["name"] = json!("brandNewProperty");
                t["properties"].as_array_mut().unwrap().push(p);
            }),
        ),
        (
            "property-removed",
            Major,
            Box::new(|m| {
                let t = find(m, "types", DEVICE);
                t["properties"]
                    .as_array_mut()
                    .unwrap()
                    .retain(|p| p["name"] != "deviceName");
            }),
        ),
        (
            "property-nullable-changed",
            Major,
            Box::new(|m| {
                let t = find(m, "types", DEVICE);
                let p = t["properties"]
                    .as_array_mut()
                    .unwrap()
                    .iter_mut()
                    .find(|p| p["name"] == "deviceName")
                    .unwrap();
                let was = p["nullable"].as_bool().unwrap();
                p["nullable"] = json!(!was);
            }),
        ),
        (
            "property-type-changed",
            Major,
            Box::new(|m| {
                let t = find(m, "types", DEVICE);
                let p = t["properties"]
                    .as_array_mut()
                    .unwrap()
                    .iter_mut()
                    .find(|p| p["name"] == "deviceName")
                    .unwrap();
                p["type"] = json!("Edm.Int32");
            }),
        ),
        (
            "member-added",
            Minor,
            Box::new(|m| {
                let e = find(m, "enums", "microsoft.graph.actionState");
                e["members"]
                    .as_array_mut()
                    .unwrap()
                    .push(json!({"name": "paused", "value": 99, "description": null}));
            }),
        ),
        (
            "member-removed",
            Major,
            Box::new(|m| {
                let e = find(m, "enums", "microsoft.graph.actionState");
                e["members"]
                    .as_array_mut()
                    .unwrap()
                    .retain(|x| x["name"] != "pending");
            }),
        ),
        (
            "required-parameter-added",
            Major,
            Box::new(|m| {
                let op = find(m, "operations", "deprovision");
                op["parameters"].as_array_mut().unwrap().push(json!({
                "name": "ticket", "type": "Edm.String", "collection": false,
                "nullable": false, "optional": false, "description": null}));
            }),
        ),
        (
            "optional-parameter-added",
            Minor,
            Box::new(|m| {
                let op = find(m, "operations", "deprovision");
                op["parameters"].as_array_mut().unwrap().push(json!({
                "name": "ticket", "type": "Edm.String", "collection": false,
                "nullable": true, "optional": false, "description": null}));
            }),
        ),
        (
            "operation-removed",
            Major,
            Box::new(|m| {
                m["operations"]
                    .as_array_mut()
                    .unwrap()
                    .retain(|o| o["name"] != "deprovision");
            }),
        ),
        (
            "permissions-changed",
            Patch,
            Box::new(|m| {
                let op = find(m, "operations", "deprovision");
                op["permissions"]["application"] =
                    json!(["DeviceManagementManagedDevices.PrivilegedOperations.All"]);
            }),
        ),
        (
            "description-changed",
            Patch,
            Box::new(|m| {
                let t = find(m, "types", DEVICE);
                t["description"] = json!("Said differently.");
            }),
        ),
        (
            "path-removed",
            Patch,
            Box::new(|m| {
                let op = find(m, "operations", "deprovision");
                op["http"]["paths"].as_array_mut().unwrap().truncate(1);
            }),
        ),
        (
            "feature-removed",
            Major,
            Box::new(|m| {
                m["areas"]
                    .as_array_mut()
                    .unwrap()
                    .retain(|a| a["feature"] != "users");
            }),
        ),
        (
            "entry-point-added",
            Minor,
            Box::new(|m| {
                let mut e = m["entry_points"][0].clone();
                e["name"] = json!("somethingNew");
                m["entry_points"].as_array_mut().unwrap().push(e);
            }),
        ),
    ];
    for (id, verdict, change) in cases {
        let rule = RULES
            .iter()
            .find(|r| r.id == id)
            .unwrap_or_else(|| panic!("no rule {id}"));
        assert_eq!(rule.verdict, verdict, "{id}");
        let (release, fired) = rules_after(change);
        assert!(fired.contains(&id), "{id}: fired {fired:?}");
        // The release's verdict is the largest of what fired.
        let largest = fired
            .iter()
            .map(|f| RULES.iter().find(|r| r.id == *f).unwrap().verdict)
            .max()
            .unwrap();
        assert_eq!(release, largest, "{id}");
    }
}

/// Every rule is written in the README, one line each, with its verdict.
#[test]
fn the_readme_lists_every_rule() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    for r in RULES {
        let line = format!("| `{}` | {} |", r.id, r.verdict.name());
        assert!(readme.contains(&line), "README lacks `{line}`");
    }
}

/// Every rule id the differ can push is a rule, and every rule is pushed
/// somewhere.
#[test]
fn the_differ_and_the_rules_name_the_same_ids() {
    let src = std::fs::read_to_string(root().join("generator/src/diff.rs")).unwrap();
    let code = &src[src.find("impl Differ").unwrap()..];
    for r in RULES {
        assert!(
            code.contains(&format!("\"{}\"", r.id)),
            "rule {} is never pushed",
            r.id
        );
    }
    let mut rest = code;
    while let Some(i) = rest.find('"') {
        let tail = &rest[i + 1..];
        let Some(j) = tail.find('"') else { break };
        let word = &tail[..j];
        if word.ends_with("-added") || word.ends_with("-removed") || word.ends_with("-changed") {
            assert!(
                RULES.iter().any(|r| r.id == word),
                "{word} is pushed but is no rule"
            );
        }
        rest = &tail[j + 1..];
    }
}
