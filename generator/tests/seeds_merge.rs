//! The five seed pages merged into the mooncake 2022 CSDL: each operation
//! comes out exactly as its page says (paths, permissions, parameters with
//! types, return type, status), and the 2020 matched pair keeps a floor on
//! the share of API pages matched to an operation.

mod common;

use generator::model::merge::MergeStats;
use generator::model::{Model, OpKind, Operation};
use generator::pipeline::{load_with_docs, Timings};

fn find<'m>(
    m: &'m Model,
    kind: OpKind,
    name: &str,
    binding: &str,
    collection: bool,
) -> &'m Operation {
    m.operations
        .iter()
        .find(|o| {
            o.kind == kind
                && o.name == name
                && o.binding
                    .as_ref()
                    .is_some_and(|b| b.type_name == binding && b.collection == collection)
        })
        .unwrap_or_else(|| panic!("no {kind:?} {name} bound to {binding}"))
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| (*s).to_owned()).collect()
}

fn params(o: &Operation) -> Vec<(String, String, bool)> {
    o.parameters
        .iter()
        .map(|p| (p.name.clone(), p.ty.name.clone(), p.ty.collection))
        .collect()
}

#[test]
fn seeds_merge_into_mooncake_exactly() {
    let Some(dir) = common::corpus() else { return };
    let loaded = load_with_docs(
        &[dir.join("csdl/beta-mooncake-2022-10-05.csdl")],
        &[dir.join("docs/seeds")],
        &mut Timings::default(),
    )
    .unwrap_or_else(|d| panic!("{d:?}"));
    let m = &loaded.model;
    assert_eq!((loaded.stats.api_pages, loaded.stats.matched), (5, 5));
    let seed_drift: Vec<_> = loaded
        .drift
        .iter()
        .filter(|d| d.code != "operation-undocumented")
        .collect();
    assert!(
        seed_drift.is_empty(),
        "the seeds agree with mooncake, yet: {seed_drift:#?}"
    );

    let dm = "/deviceManagement";
    let script = "/deviceManagement/deviceManagementScripts/{deviceManagementScriptId}/deviceRunStates/{deviceManagementScriptDeviceStateId}/managedDevice";

    // 000: executeAction on a collection of managedDevice.
    let bulk = find(
        m,
        OpKind::Action,
        "executeAction",
        "microsoft.graph.managedDevice",
        true,
    );
    assert_eq!(
        bulk.http.paths,
        strings(&[
            &format!("{dm}/managedDevices/executeAction"),
            &format!("{dm}/comanagedDevices/executeAction"),
            &format!("{script}/users/{{userId}}/managedDevices/executeAction"),
            &format!("{script}/detectedApps/{{detectedAppId}}/managedDevices/executeAction"),
        ])
    );
    assert_eq!((bulk.http.method, bulk.http.success_status), ("POST", 200));
    assert_eq!(
        bulk.returns
            .as_ref()
            .map(|r| (r.name.as_str(), r.collection)),
        Some(("microsoft.graph.bulkManagedDeviceActionResult", false))
    );
    let p = bulk.permissions.as_ref().expect("permissions");
    let read = strings(&[
        "DeviceManagementConfiguration.Read.All",
        "DeviceManagementManagedDevices.Read.All",
        "DeviceManagementManagedDevices.PrivilegedOperations.All",
    ]);
    assert_eq!(p.delegated_work.as_ref(), Some(&read));
    assert_eq!(p.delegated_personal.as_ref(), Some(&Vec::new()));
    assert_eq!(p.application.as_ref(), Some(&read));
    let bp = params(bulk);
    assert_eq!(bp.len(), 11);
    assert_eq!(
        bp[0],
        (
            "actionName".into(),
            "microsoft.graph.managedDeviceRemoteAction".into(),
            false
        )
    );
    assert_eq!(bp[4], ("deviceIds".into(), "Edm.String".into(), true));
    assert_eq!(bulk.doc.as_deref(), Some("000_f977f00a04404e60.txt"));

    // 001: executeAction on one windowsDriverUpdateProfile.
    let driver = find(
        m,
        OpKind::Action,
        "executeAction",
        "microsoft.graph.windowsDriverUpdateProfile",
        false,
    );
    assert_eq!(driver.http.paths, strings(&["/deviceManagement/windowsDriverUpdateProfiles/{windowsDriverUpdateProfileId}/executeAction"]));
    assert_eq!(driver.http.success_status, 200);
    assert_eq!(
        params(driver),
        [
            (
                "actionName".into(),
                "microsoft.graph.driverApprovalAction".into(),
                false
            ),
            ("driverIds".into(), "Edm.String".into(), true),
            ("deploymentDate".into(), "Edm.DateTimeOffset".into(), false),
        ]
    );
    assert_eq!(
        driver.returns.as_ref().map(|r| r.name.as_str()),
        Some("microsoft.graph.bulkDriverActionResult")
    );
    let rw = strings(&["DeviceManagementConfiguration.ReadWrite.All"]);
    assert_eq!(
        driver
            .permissions
            .as_ref()
            .and_then(|p| p.application.as_ref()),
        Some(&rw)
    );

    // 002 (rendered text): create remoteActionAudit.
    let create = find(
        m,
        OpKind::Create,
        "remoteActionAudits",
        "microsoft.graph.remoteActionAudit",
        true,
    );
    assert_eq!(
        create.http.paths,
        strings(&["/deviceManagement/remoteActionAudits"])
    );
    assert_eq!(
        (create.http.method, create.http.success_status),
        ("POST", 201)
    );
    assert_eq!(
        create.returns.as_ref().map(|r| r.name.as_str()),
        Some("microsoft.graph.remoteActionAudit")
    );
    let audit_perms = strings(&[
        "DeviceManagementConfiguration.ReadWrite.All",
        "DeviceManagementManagedDevices.ReadWrite.All",
    ]);
    let p = create.permissions.as_ref().expect("permissions");
    assert_eq!(p.delegated_work.as_ref(), Some(&audit_perms));
    assert_eq!(p.delegated_personal.as_ref(), Some(&Vec::new()));
    assert_eq!(p.application.as_ref(), Some(&audit_perms));

    // 003 and 004: deprovision and triggerConfigurationManagerAction on one managedDevice.
    for (name, ps, perms) in [
        (
            "deprovision",
            vec![(
                "deprovisionReason".to_owned(),
                "Edm.String".to_owned(),
                false,
            )],
            strings(&[
                "DeviceManagementConfiguration.Read.All",
                "DeviceManagementManagedDevices.Read.All",
            ]),
        ),
        (
            "triggerConfigurationManagerAction",
            vec![(
                "configurationManagerAction".to_owned(),
                "microsoft.graph.configurationManagerAction".to_owned(),
                false,
            )],
            strings(&["DeviceManagementManagedDevices.PrivilegedOperations.All"]),
        ),
    ] {
        let op = find(
            m,
            OpKind::Action,
            name,
            "microsoft.graph.managedDevice",
            false,
        );
        assert_eq!(params(op), ps, "{name}");
        assert!(op.returns.is_none());
        assert_eq!(
            (op.http.method, op.http.success_status),
            ("POST", 204),
            "{name}"
        );
        assert_eq!(op.http.paths.len(), 7, "{name}: {:?}", op.http.paths);
        assert_eq!(
            op.http.paths[0],
            format!("{dm}/managedDevices/{{managedDeviceId}}/{name}")
        );
        assert_eq!(
            op.http.paths[6],
            format!(
                "{script}/detectedApps/{{detectedAppId}}/managedDevices/{{managedDeviceId}}/{name}"
            )
        );
        assert_eq!(
            op.permissions
                .as_ref()
                .and_then(|p| p.delegated_work.as_ref()),
            Some(&perms),
            "{name}"
        );
    }
}

/// The 2020 matched pair: a floor on the share of API pages matched, so it cannot silently regress.
#[test]
fn matched_pair_2020_keeps_its_floor() {
    let Some(dir) = common::corpus() else { return };
    let loaded = load_with_docs(
        &[dir.join("csdl/beta-2020-05-19.xml")],
        &[dir.join("docs/beta-2020-05")],
        &mut Timings::default(),
    )
    .unwrap_or_else(|d| panic!("{d:?}"));
    let MergeStats {
        pages,
        api_pages,
        matched,
        absent,
        ..
    } = loaded.stats;
    let share = matched as f64 / api_pages as f64;
    let share_present = matched as f64 / (api_pages - absent) as f64;
    eprintln!("pages {pages}, API pages {api_pages}, matched {matched} ({:.1}%), absent from the CSDL {absent}, matched among the rest {:.1}%", 100.0 * share, 100.0 * share_present);
    assert_eq!(pages, 6216);
    assert!(api_pages >= 3900, "API pages with paths: {api_pages}");
    assert!(share >= 0.97, "matched share fell to {share:.3}");
    assert!(
        share_present >= 0.99,
        "matched share among pages the CSDL can serve fell to {share_present:.3}"
    );
    // Many pages per operation: the model names every matched page (not
    // one per operation), each with its own paths.
    let named: std::collections::BTreeSet<&str> = loaded
        .model
        .operations
        .iter()
        .flat_map(|o| o.pages.iter().map(|p| p.page.as_str()))
        .collect();
    assert_eq!(named.len(), matched, "pages named by the model");
    let several = loaded
        .model
        .operations
        .iter()
        .filter(|o| o.pages.len() > 1)
        .count();
    assert!(several > 300, "operations with several pages: {several}");
    // driveitem-delete.md and bundle-delete.md both document deleting a drive item.
    let delete = loaded
        .model
        .operations
        .iter()
        .find(|o| o.pages.iter().any(|p| p.page == "api/bundle-delete.md"))
        .expect("bundle-delete.md names an operation");
    assert!(
        delete
            .pages
            .iter()
            .any(|p| p.page == "api/driveitem-delete.md"),
        "{:?}",
        delete.pages.iter().map(|p| &p.page).collect::<Vec<_>>()
    );
    assert!(delete.pages.iter().all(|p| !p.paths.is_empty()));
}
