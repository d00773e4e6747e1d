//! Behaviour of the committed generated crate (`generated/`, from `metadata/`):
//! JSON round trips that lose nothing, polymorphism through `@odata.type`,
//! forward-compatible enums and flags, and three-state nullable fields.

use msgraph_beta::microsoft_graph::{
    ActionState, AnyDeviceActionResult, DeviceManagement, DeviceManagementSubscriptions,
    ManagedDevice, ManagedDeviceRemoteAction, RemoteActionAudit,
};
use msgraph_runtime::{Flags, Nullable};
use serde_json::{json, Value};

fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(v: &Value) -> (T, Value) {
    let typed: T = serde_json::from_value(v.clone()).expect("deserialize");
    let back = serde_json::to_value(&typed).expect("serialize");
    (typed, back)
}

#[test]
fn remote_action_audit_from_the_seed_example_round_trips() {
    // The example response body of the create remoteActionAudit page (seed 002).
    let body = json!({
        "@odata.type": "#microsoft.graph.remoteActionAudit",
        "id": "477f8d24-8d24-477f-248d-7f47248d7f47",
        "deviceDisplayName": "Device Display Name value",
        "userName": "User Name value",
        "initiatedByUserPrincipalName": "Initiated By User Principal Name value",
        "action": "factoryReset",
        "requestDateTime": "2017-01-01T00:03:07.1589002-08:00",
        "deviceOwnerUserPrincipalName": "Device Owner User Principal Name value",
        "deviceIMEI": "Device IMEI value",
        "actionState": "pending",
        "managedDeviceId": "Managed Device Id value"
    });
    let (audit, back): (RemoteActionAudit, _) = round_trip(&body);
    assert_eq!(back, body);
    assert_eq!(audit.action_state, Some(ActionState::Pending));
    assert_eq!(
        audit
            .request_date_time
            .as_ref()
            .map(|d| d.to_string())
            .as_deref(),
        Some("2017-01-01T00:03:07.1589002-08:00")
    );
    assert_eq!(
        audit.device_imei,
        Nullable::Value("Device IMEI value".to_owned())
    );
    assert_eq!(
        audit.additional_properties.get("@odata.type"),
        Some(&json!("#microsoft.graph.remoteActionAudit"))
    );
}

#[test]
fn unknown_properties_and_enum_members_survive() {
    let body = json!({
        "id": "1",
        "deviceName": "laptop",
        "complianceState": "someStateFromTheFuture",
        "aPropertyFromTheFuture": {"nested": [1, 2, 3]},
        "freeStorageSpaceInBytes": "9007199254740993"
    });
    let device: ManagedDevice = serde_json::from_value(body.clone()).unwrap();
    let state = device.compliance_state.clone().unwrap();
    assert_eq!(state.as_str(), "someStateFromTheFuture");
    assert!(matches!(
        state,
        msgraph_beta::microsoft_graph::ComplianceState::Unrecognized(_)
    ));
    assert_eq!(
        device.free_storage_space_in_bytes.map(|v| v.0),
        Some(9_007_199_254_740_993)
    );
    let back = serde_json::to_value(&device).unwrap();
    assert_eq!(
        back["aPropertyFromTheFuture"],
        body["aPropertyFromTheFuture"]
    );
    assert_eq!(back["complianceState"], "someStateFromTheFuture");
    // Int64 is written as a number.
    assert_eq!(
        back["freeStorageSpaceInBytes"],
        json!(9_007_199_254_740_993_i64)
    );
}

#[test]
fn nullable_fields_have_three_states() {
    let mut patch = ManagedDevice::default();
    patch.device_name = Nullable::Null; // clear it
    patch.manufacturer = Nullable::Value("Contoso".into()); // set it
                                                            // email_address stays Absent: not sent.
    let body = serde_json::to_value(&patch).unwrap();
    assert_eq!(body, json!({"deviceName": null, "manufacturer": "Contoso"}));
    let back: ManagedDevice = serde_json::from_value(body).unwrap();
    assert_eq!(back.device_name, Nullable::Null);
    assert_eq!(back.email_address, Nullable::Absent);
}

#[test]
fn polymorphic_values_follow_odata_type() {
    let body = json!({"deviceActionResults": [
        {"@odata.type": "#microsoft.graph.configurationManagerActionResult", "actionName": "sync", "errorCode": 7,
         "actionState": "done"},
        {"actionName": "plain", "actionState": "failed"},
        {"@odata.type": "#microsoft.graph.somethingNewer", "actionName": "newer", "actionState": "active"}
    ]});
    let (device, back): (ManagedDevice, _) = round_trip(&body);
    assert_eq!(back, body);
    let results = device.device_action_results.unwrap();
    match &results[0] {
        AnyDeviceActionResult::ConfigurationManagerActionResult(r) => {
            assert_eq!(r.error_code, Some(7))
        }
        other => panic!("expected the derived type, got {other:?}"),
    }
    assert!(
        matches!(&results[1], AnyDeviceActionResult::DeviceActionResult(r) if r.action_state == Some(ActionState::Failed))
    );
    // An unknown derived type falls back to the base and keeps its annotation.
    match &results[2] {
        AnyDeviceActionResult::DeviceActionResult(r) => {
            assert_eq!(
                r.additional_properties["@odata.type"],
                "#microsoft.graph.somethingNewer"
            )
        }
        other => panic!("expected the base type, got {other:?}"),
    }
}

#[test]
fn flags_keep_unknown_members() {
    let body = json!({"subscriptions": "intune,office365,somethingNew"});
    let (dm, back): (DeviceManagement, _) = round_trip(&body);
    assert_eq!(back, body);
    let flags: Flags<DeviceManagementSubscriptions> = dm.subscriptions.unwrap();
    assert!(flags.contains(&DeviceManagementSubscriptions::Intune));
    assert!(flags.contains(&DeviceManagementSubscriptions::Unrecognized(
        "somethingNew".into()
    )));
}

#[test]
fn enums_parse_print_and_list_their_members() {
    let action: ManagedDeviceRemoteAction = "delete".parse().unwrap();
    assert_eq!(action, ManagedDeviceRemoteAction::Delete);
    assert_eq!(action.to_string(), "delete");
    assert!(ManagedDeviceRemoteAction::values().contains(&"retire"));
    assert_eq!(serde_json::to_value(&action).unwrap(), json!("delete"));
}
