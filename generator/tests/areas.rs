//! Areas (the generated crate's cargo features): closures computed in the
//! model stage, on a fixture built for the rules and on the real corpus.

mod common;

use std::collections::BTreeSet;
use std::path::PathBuf;

use generator::model::areas::{self, Areas};
use generator::model::Model;

fn load(path: &std::path::Path) -> Model {
    generator::pipeline::load(&[path.to_path_buf()], &mut Default::default())
        .unwrap_or_else(|d| panic!("{} does not load: {d:?}", path.display()))
}

/// The types of every area whose path starts with `root` (its whole tree).
fn tree(a: &Areas, root: &str) -> BTreeSet<String> {
    a.areas
        .iter()
        .filter(|x| x.root == root)
        .flat_map(|x| x.types.iter().cloned())
        .collect()
}

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/constructs/areas.xml")
}

fn types_of<'a>(a: &'a Areas, root: &str) -> Vec<&'a str> {
    let area = a
        .areas
        .iter()
        .find(|x| x.root == root && x.navigation.is_empty())
        .unwrap_or_else(|| panic!("no area for {root}"));
    area.types.iter().map(String::as_str).collect()
}

#[test]
fn closures_follow_structure_bases_derived_values_containment_and_operations() {
    let m = load(&fixture());
    let a = areas::compute(&m);
    let g = |n: &str| format!("microsoft.graph.{n}");
    // `things`: the type as a value (so both derived types), its base, and
    // what they hold, the enum included.
    assert_eq!(
        types_of(&a, "things"),
        [
            "colour",
            "entity",
            "fancyThing",
            "label",
            "plainThing",
            "thing",
            "treeNode"
        ]
        .map(g)
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
    );
    // `plainThings` reaches `thing` as a base only: not its other derived type.
    let plain = types_of(&a, "plainThings");
    assert!(plain.contains(&"microsoft.graph.thing"));
    assert!(!plain.contains(&"microsoft.graph.fancyThing"), "{plain:?}");
    // The recursive `treeNode` is included once and the closure ends.
    assert!(plain.contains(&"microsoft.graph.treeNode"));
    // `boxes`: containment is followed, around its cycle (box → boxItem → box);
    // the navigation to `people` (another entry point's set) is not.
    let boxes = types_of(&a, "boxes");
    assert!(boxes.contains(&"microsoft.graph.boxItem"));
    assert!(!boxes.contains(&"microsoft.graph.person"), "{boxes:?}");
    // `people`: the action bound to `person` brings its parameter's type.
    assert!(types_of(&a, "people").contains(&"microsoft.graph.reviewInput"));
    // Two areas share `label`; smallest area first.
    let label = a.of("microsoft.graph.label");
    let names: Vec<&str> = label.iter().map(|&i| a.areas[i].root.as_str()).collect();
    assert_eq!(names, ["boxes", "plainThings", "things"]);
    // Every operation is in the areas of its binding type.
    let review = m
        .operations
        .iter()
        .position(|o| o.name == "review")
        .expect("review");
    let of: Vec<&str> = a.of_operation[review]
        .iter()
        .map(|&i| a.areas[i].root.as_str())
        .collect();
    assert_eq!(of, ["people"]);
    // Nothing here is large enough to split.
    assert!(a.areas.iter().all(|x| x.parent.is_none()));
}

#[test]
fn a_large_entry_point_is_split_along_its_containment() {
    // In the seeds' own metadata, `deviceManagement` is most of the model.
    let m = load(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../metadata"));
    let a = areas::compute(&m);
    let dm = a
        .areas
        .iter()
        .position(|x| x.root == "deviceManagement" && x.navigation.is_empty())
        .expect("deviceManagement");
    let subs: Vec<String> = a
        .areas
        .iter()
        .filter(|x| x.parent == Some(dm))
        .map(|x| x.path())
        .collect();
    assert!(
        subs.contains(&"deviceManagement/managedDevices".to_owned()),
        "{subs:?}"
    );
    // The parent keeps the singleton's own type but not what it contains.
    let own = &a.areas[dm].types;
    assert!(own.contains("microsoft.graph.deviceManagement"));
    assert!(!own.contains("microsoft.graph.managedDevice"), "{own:?}");
    // The whole tree is the closure the unsplit entry point would have.
    let managed = a
        .areas
        .iter()
        .find(|x| x.path() == "deviceManagement/managedDevices")
        .expect("managedDevices");
    assert!(managed.types.contains("microsoft.graph.managedDevice"));
    assert!(managed
        .types
        .contains("microsoft.graph.managedDeviceRemoteAction"));
}

#[test]
fn mooncake_device_management_and_the_seed_collections() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let m = load(&corpus.join("csdl/beta-mooncake-2022-10-05.csdl"));
    let a = areas::compute(&m);
    let all = m.types.len() + m.enums.len() + m.type_definitions.len();
    let dm = tree(&a, "deviceManagement");
    // The figures the compile-time issue measured with the same closure rule.
    assert_eq!((dm.len(), all), (1246, 2245));
    let seeds = [
        "managedDevices",
        "comanagedDevices",
        "remoteActionAudits",
        "windowsDriverUpdateProfiles",
        "deviceManagementScripts",
        "deviceHealthScripts",
        "deviceComplianceScripts",
    ];
    let mut union = BTreeSet::new();
    for s in seeds {
        let area = a
            .areas
            .iter()
            .find(|x| x.root == "deviceManagement" && x.navigation == [s])
            .unwrap_or_else(|| panic!("no sub-area for deviceManagement/{s}"));
        union.extend(area.types.iter().cloned());
    }
    assert_eq!(union.len(), 137);
    // deviceManagement is split; users is not (a quarter of the model or less).
    assert!(a
        .areas
        .iter()
        .any(|x| x.root == "deviceManagement" && x.parent.is_some()));
    assert!(a
        .areas
        .iter()
        .all(|x| x.root != "users" || x.parent.is_none()));
    // Every type the crate compiles with `full` is in some area or in none
    // (then `full` alone compiles it); every operation's areas include its binding type.
    for (i, op) in m.operations.iter().enumerate() {
        if let Some(b) = &op.binding {
            for &area in &a.of_operation[i] {
                assert!(a.areas[area].types.contains(&b.type_name), "{}", op.name);
            }
        }
    }
}
