//! The five seed operations end to end: each call is built through every path
//! its page documents, with the typed client, and sent by the real reqwest
//! transport to a local HTTP server (wiremock on 127.0.0.1). The server
//! checks the method, the exact path, `Authorization: Bearer …` and that the
//! JSON body equals the page's example request; it answers with the page's
//! example response, and the typed result is checked field by field.
//!
//! The pages are read at test time from `../shared/corpus/docs/seeds` with
//! the generator's own doc reader (seed 002 is rendered text, read with the
//! names of our CSDL in `metadata/`).

use std::path::{Path, PathBuf};

use msgraph_beta::microsoft_graph::{
    ActionState, ConfigurationManagerAction, ConfigurationManagerActionType, DriverApprovalAction,
    ManagedDeviceCollectionRef, ManagedDeviceRef, ManagedDeviceRemoteAction, RemoteAction,
    RemoteActionAudit,
};
use msgraph_beta::operations::{managed_device, windows_driver_update_profile};
use msgraph_beta::Client;
use msgraph_runtime::{DateTimeOffset, Nullable, StaticToken};
use serde_json::Value;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "seed-test-token";

/// A seed page's facts: documented paths, example request body, example response.
struct Seed {
    paths: Vec<String>,
    request: Value,
    status: u16,
    response: Option<Value>,
}

fn metadata_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../metadata")
}

/// Read seed `prefix` (`000_`) with the generator's doc reader.
fn seed(corpus: &Path, prefix: &str) -> Seed {
    let dir = corpus.join("docs/seeds");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("seeds dir")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(prefix))
        .collect();
    names.sort();
    let name = names.first().unwrap_or_else(|| panic!("no seed {prefix}*"));
    let bytes = std::fs::read(dir.join(name)).expect("seed page");
    let mut timings = generator::pipeline::Timings::default();
    let model = generator::pipeline::load(
        &[metadata_dir().join("graph-beta-intune.xml")],
        &mut timings,
    )
    .expect("our metadata loads");
    let vocab = generator::pipeline::vocabulary(&model);
    let (page, warnings) = generator::read::docs::read_page(name, name, &bytes, &vocab);
    let page = page.unwrap_or_else(|| panic!("{name}: not read: {warnings:?}"));
    let request = page
        .requests
        .first()
        .and_then(|r| r.body.as_deref())
        .map(|b| serde_json::from_str(b).expect("example request is JSON"))
        .unwrap_or_else(|| panic!("{name}: no example request body"));
    let response = page.responses.first().expect("an example response");
    Seed {
        paths: page.http.iter().map(|h| h.path.clone()).collect(),
        request,
        status: response.status.expect("response status"),
        response: response
            .body
            .as_deref()
            .map(|b| serde_json::from_str(b).expect("example response is JSON")),
    }
}

/// The value used for placeholder `{name}`.
fn id(name: &str) -> String {
    format!("{name}-42")
}

/// A documented path with its placeholders filled by [`id`].
fn concrete(template: &str) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..].find('}').expect("closed placeholder") + open;
        out.push_str(&id(&rest[open + 1..close]));
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

/// The typed route to a collection of managed devices documented at `p`.
fn managed_devices(g: &Client, p: &str) -> ManagedDeviceCollectionRef {
    let dm = g.device_management();
    let script_device = || {
        dm.device_management_scripts()
            .by_id(id("deviceManagementScriptId"))
            .device_run_states()
            .by_id(id("deviceManagementScriptDeviceStateId"))
            .managed_device()
    };
    match p {
        "/deviceManagement/managedDevices" => dm.managed_devices(),
        "/deviceManagement/comanagedDevices" => dm.comanaged_devices(),
        "/deviceManagement/deviceManagementScripts/{deviceManagementScriptId}/deviceRunStates/{deviceManagementScriptDeviceStateId}/managedDevice/users/{userId}/managedDevices" => {
            script_device().users().by_id(id("userId")).managed_devices()
        }
        "/deviceManagement/deviceManagementScripts/{deviceManagementScriptId}/deviceRunStates/{deviceManagementScriptDeviceStateId}/managedDevice/detectedApps/{detectedAppId}/managedDevices" => {
            script_device()
                .detected_apps()
                .by_id(id("detectedAppId"))
                .managed_devices()
        }
        other => panic!("no typed route in this test for the collection {other}"),
    }
}

/// The typed route to one managed device documented at `p`.
fn managed_device(g: &Client, p: &str) -> ManagedDeviceRef {
    if let Some(collection) = p.strip_suffix("/{managedDeviceId}") {
        return managed_devices(g, collection).by_id(id("managedDeviceId"));
    }
    let dm = g.device_management();
    match p {
        "/deviceManagement/deviceHealthScripts/{deviceHealthScriptId}/deviceRunStates/{deviceHealthScriptDeviceStateId}/managedDevice" => dm
            .device_health_scripts()
            .by_id(id("deviceHealthScriptId"))
            .device_run_states()
            .by_id(id("deviceHealthScriptDeviceStateId"))
            .managed_device(),
        "/deviceManagement/deviceManagementScripts/{deviceManagementScriptId}/deviceRunStates/{deviceManagementScriptDeviceStateId}/managedDevice" => dm
            .device_management_scripts()
            .by_id(id("deviceManagementScriptId"))
            .device_run_states()
            .by_id(id("deviceManagementScriptDeviceStateId"))
            .managed_device(),
        "/deviceManagement/deviceComplianceScripts/{deviceComplianceScriptId}/deviceRunStates/{deviceComplianceScriptDeviceStateId}/managedDevice" => dm
            .device_compliance_scripts()
            .by_id(id("deviceComplianceScriptId"))
            .device_run_states()
            .by_id(id("deviceComplianceScriptDeviceStateId"))
            .managed_device(),
        other => panic!("no typed route in this test for the device {other}"),
    }
}

/// A client for the mock server (base URL `<server>/beta`), real reqwest transport.
fn client(server: &MockServer) -> Client {
    let runtime = msgraph_runtime::Client::builder()
        .base_url(format!("{}/beta", server.uri()))
        .token(StaticToken::new(TOKEN))
        .build()
        .expect("client");
    Client::from_runtime(runtime)
}

/// A server that expects exactly one POST of the seed's example body at
/// `/beta<concrete path>` and answers with the seed's example response.
async fn server_for(seed: &Seed, template: &str) -> MockServer {
    let server = MockServer::start().await;
    let mut answer = ResponseTemplate::new(seed.status);
    if let Some(body) = &seed.response {
        answer = answer.set_body_json(body);
    }
    Mock::given(method("POST"))
        .and(path(format!("/beta{}", concrete(template))))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(body_json(&seed.request))
        .respond_with(answer)
        .expect(1)
        .mount(&server)
        .await;
    server
}

/// Strip the operation's own last segment from a documented path.
fn parent<'a>(template: &'a str, op: &str) -> &'a str {
    template
        .strip_suffix(op)
        .and_then(|p| p.strip_suffix('/'))
        .unwrap_or_else(|| panic!("{template} does not end in /{op}"))
}

#[tokio::test]
async fn seed_000_bulk_execute_action_through_every_path() {
    let Some(corpus) = msgraph_e2e::corpus() else {
        return;
    };
    let seed = seed(&corpus, "000_");
    assert_eq!(seed.paths.len(), 4, "{:?}", seed.paths);
    for template in &seed.paths {
        let server = server_for(&seed, template).await;
        let g = client(&server);
        let body = managed_device::ExecuteActionOnCollectionRequest::new(
            ManagedDeviceRemoteAction::Delete,
        )
        .keep_enrollment_data(true)
        .keep_user_data(true)
        .persist_esim_data_plan(true)
        .device_ids(vec!["Device Ids value".to_owned()])
        .notification_title("Notification Title value")
        .notification_body("Notification Body value")
        .device_name("Device Name value")
        .carrier_url("https://example.com/carrierUrl/")
        .deprovision_reason("Deprovision Reason value")
        .organizational_unit_path("Organizational Unit Path value");
        let result = managed_devices(&g, parent(template, "executeAction"))
            .execute_action(body)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{template}: {e}"));
        let one = |v: &str| Some(vec![v.to_owned()]);
        assert_eq!(
            result.successful_device_ids,
            one("Successful Device Ids value")
        );
        assert_eq!(result.failed_device_ids, one("Failed Device Ids value"));
        assert_eq!(
            result.not_found_device_ids,
            one("Not Found Device Ids value")
        );
        assert_eq!(
            result.not_supported_device_ids,
            one("Not Supported Device Ids value")
        );
        server.verify().await;
    }
}

#[tokio::test]
async fn seed_001_driver_profile_execute_action() {
    let Some(corpus) = msgraph_e2e::corpus() else {
        return;
    };
    let seed = seed(&corpus, "001_");
    assert_eq!(seed.paths.len(), 1, "{:?}", seed.paths);
    for template in &seed.paths {
        let server = server_for(&seed, template).await;
        let g = client(&server);
        assert_eq!(
            parent(template, "executeAction"),
            "/deviceManagement/windowsDriverUpdateProfiles/{windowsDriverUpdateProfileId}"
        );
        let date: DateTimeOffset = "2016-12-31T23:58:18.3419405-08:00".parse().expect("date");
        let body =
            windows_driver_update_profile::ExecuteActionRequest::new(DriverApprovalAction::Decline)
                .driver_ids(vec!["Driver Ids value".to_owned()])
                .deployment_date(date);
        let result = g
            .device_management()
            .windows_driver_update_profiles()
            .by_id(id("windowsDriverUpdateProfileId"))
            .execute_action(body)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{template}: {e}"));
        let one = |v: &str| Some(vec![v.to_owned()]);
        assert_eq!(
            result.successful_driver_ids,
            one("Successful Driver Ids value")
        );
        assert_eq!(result.failed_driver_ids, one("Failed Driver Ids value"));
        assert_eq!(
            result.not_found_driver_ids,
            one("Not Found Driver Ids value")
        );
        server.verify().await;
    }
}

#[tokio::test]
async fn seed_002_create_remote_action_audit() {
    let Some(corpus) = msgraph_e2e::corpus() else {
        return;
    };
    let seed = seed(&corpus, "002_");
    assert_eq!(seed.paths, ["/deviceManagement/remoteActionAudits"]);
    assert_eq!(seed.status, 201);
    let server = server_for(&seed, &seed.paths[0]).await;
    let g = client(&server);
    let mut audit = RemoteActionAudit::default();
    audit.additional_properties.insert(
        "@odata.type".to_owned(),
        Value::from("#microsoft.graph.remoteActionAudit"),
    );
    let text = |s: &str| Nullable::Value(s.to_owned());
    audit.device_display_name = text("Device Display Name value");
    audit.user_name = text("User Name value");
    audit.initiated_by_user_principal_name = text("Initiated By User Principal Name value");
    audit.action = Some(RemoteAction::FactoryReset);
    audit.request_date_time = Some("2017-01-01T00:03:07.1589002-08:00".parse().expect("date"));
    audit.device_owner_user_principal_name = text("Device Owner User Principal Name value");
    audit.device_imei = text("Device IMEI value");
    audit.action_state = Some(ActionState::Pending);
    audit.managed_device_id = text("Managed Device Id value");
    let created = g
        .device_management()
        .remote_action_audits()
        .create(&audit)
        .send()
        .await
        .unwrap_or_else(|e| panic!("create: {e}"));
    assert_eq!(
        created.id.as_deref(),
        Some("477f8d24-8d24-477f-248d-7f47248d7f47")
    );
    assert_eq!(created.action, Some(RemoteAction::FactoryReset));
    assert_eq!(created.action_state, Some(ActionState::Pending));
    assert_eq!(created.device_imei, text("Device IMEI value"));
    assert_eq!(
        created.request_date_time.map(|d| d.to_string()).as_deref(),
        Some("2017-01-01T00:03:07.1589002-08:00")
    );
    server.verify().await;
}

#[tokio::test]
async fn seed_003_deprovision_through_every_path() {
    let Some(corpus) = msgraph_e2e::corpus() else {
        return;
    };
    let seed = seed(&corpus, "003_");
    assert_eq!(seed.paths.len(), 7, "{:?}", seed.paths);
    assert_eq!(seed.status, 204);
    for template in &seed.paths {
        let server = server_for(&seed, template).await;
        let g = client(&server);
        let unit: () = managed_device(&g, parent(template, "deprovision"))
            .deprovision("Deprovision Reason value")
            .send()
            .await
            .unwrap_or_else(|e| panic!("{template}: {e}"));
        assert_eq!(unit, ());
        server.verify().await;
    }
}

#[tokio::test]
async fn seed_004_trigger_configuration_manager_action_through_every_path() {
    let Some(corpus) = msgraph_e2e::corpus() else {
        return;
    };
    let seed = seed(&corpus, "004_");
    assert_eq!(seed.paths.len(), 7, "{:?}", seed.paths);
    assert_eq!(seed.status, 204);
    for template in &seed.paths {
        let server = server_for(&seed, template).await;
        let g = client(&server);
        let mut action = ConfigurationManagerAction::default();
        action.action = Some(ConfigurationManagerActionType::RefreshUserPolicy);
        action.additional_properties.insert(
            "@odata.type".to_owned(),
            Value::from("microsoft.graph.configurationManagerAction"),
        );
        let unit: () = managed_device(&g, parent(template, "triggerConfigurationManagerAction"))
            .trigger_configuration_manager_action(action)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{template}: {e}"));
        assert_eq!(unit, ());
        server.verify().await;
    }
}
