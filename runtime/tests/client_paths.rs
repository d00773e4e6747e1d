//! Paths built by `Node`: encoding properties, function-call literals, casts.

mod common;

use common::{client, percent_decode};
use msgraph_runtime::{encode_segment, Date, DateTimeOffset, Duration, Error, Guid, Int64, Param};
use proptest::prelude::*;
use serde_json::json;

/// Whether `key` is plain in the sense of `Node::key`: it then stays a path
/// segment of its own.
fn is_plain(key: &str) -> bool {
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_~.@".contains(c))
        && !key.starts_with(['$', '.', '@'])
        && (!key.contains('.') || key.contains('@'))
}

/// Strings rich in the characters that carry structure in URLs and OData.
fn nasty_string() -> impl Strategy<Value = String> {
    let special = prop_oneof![
        Just('#'),
        Just('\''),
        Just('$'),
        Just('/'),
        Just('?'),
        Just('%'),
        Just(' '),
        Just('('),
        Just(')'),
        Just(','),
        Just('='),
        Just('&'),
        Just('+'),
        Just(':'),
        Just('@'),
        Just('.'),
        Just('\\'),
        Just('é'),
        Just('😀'),
        any::<char>(),
    ];
    prop_oneof![
        prop::collection::vec(special, 0..12).prop_map(|cs| cs.into_iter().collect()),
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn a_key_never_changes_the_path_structure(k in nasty_string()) {
        let node = client().root().segment("users").key(&k).segment("manager");
        let path = node.path();
        prop_assert!(!path.contains('?') && !path.contains('#'), "{}", path);
        let segments: Vec<&str> = path.split('/').collect();
        prop_assert_eq!(segments[0], "");
        prop_assert_eq!(*segments.last().unwrap(), "manager");
        // Only unreserved characters and escapes, apart from the `('` and `')`
        // of the parenthesised form.
        let escaped_only = |s: &str| s.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b));
        if is_plain(&k) {
            // Segment form: `/users/<key>/manager`, no parenthesis anywhere.
            prop_assert_eq!(segments.len(), 4, "{}", path);
            prop_assert_eq!(segments[1], "users");
            prop_assert!(escaped_only(segments[2]), "{}", path);
            prop_assert_eq!(percent_decode(segments[2]), k.clone());
            prop_assert!(!path.contains(['(', ')', '\'']), "{}", path);
        } else {
            // Parenthesised form: `/users('<key>')/manager`, with exactly the
            // parentheses and quotes the form adds.
            prop_assert_eq!(segments.len(), 3, "{}", path);
            prop_assert_eq!(path.matches('(').count(), 1, "{}", path);
            prop_assert_eq!(path.matches(')').count(), 1, "{}", path);
            prop_assert_eq!(path.matches('\'').count(), 2, "{}", path);
            let inner = segments[1]
                .strip_prefix("users('")
                .and_then(|rest| rest.strip_suffix("')"));
            prop_assert!(inner.is_some(), "{}", path);
            let inner = inner.unwrap();
            prop_assert!(escaped_only(inner), "{}", path);
            let decoded = percent_decode(inner);
            // Every quote inside is doubled: the literal cannot end early.
            prop_assert_eq!(decoded.matches('\'').count() % 2, 0);
            prop_assert_eq!(decoded.replace("''", "'"), k.clone());
        }

        // The request URL has exactly this path.
        let request = node
            .request(http::Method::GET, msgraph_runtime::decode::unit)
            .to_http()
            .unwrap();
        prop_assert_eq!(request.uri().path(), format!("/beta{path}"));
        prop_assert_eq!(request.uri().query(), None);
    }

    #[test]
    fn ids_and_user_principal_names_stay_segments(
        k in "[A-Za-z0-9_~-][A-Za-z0-9_~-]{0,15}(@[a-z0-9-]{1,8}(\\.[a-z]{2,5}){0,2})?"
    ) {
        let node = client().root().segment("users").key(&k);
        prop_assert_eq!(node.path(), format!("/users/{}", encode_segment(&k)));
    }

    #[test]
    fn a_string_parameter_never_changes_the_call_structure(v in nasty_string()) {
        let node = client()
            .root()
            .segment("users")
            .function("f", vec![("p", Param::string(&v))]);
        let path = node.path();
        prop_assert!(!path.contains('?') && !path.contains('#'), "{}", path);
        prop_assert_eq!(path.matches('/').count(), 2, "{}", path);
        prop_assert_eq!(path.matches('(').count(), 1, "{}", path);
        prop_assert_eq!(path.matches(')').count(), 1, "{}", path);
        prop_assert_eq!(path.matches(',').count(), 0, "{}", path);
        prop_assert_eq!(path.matches('=').count(), 1, "{}", path);
        let literal = path
            .strip_prefix("/users/f(p=")
            .and_then(|rest| rest.strip_suffix(')'))
            .unwrap();
        let decoded = percent_decode(literal);
        let inner = decoded.strip_prefix('\'').and_then(|d| d.strip_suffix('\'')).unwrap();
        prop_assert_eq!(inner.replace("''", "'"), v.clone());
        // Every quote inside is doubled: the literal cannot end early.
        prop_assert_eq!(inner.matches('\'').count() % 2, 0);
        let request = node.request(http::Method::GET, msgraph_runtime::decode::unit).to_http().unwrap();
        prop_assert_eq!(request.uri().path(), format!("/beta{path}"));
    }

    #[test]
    fn encode_segment_is_reversible(s in any::<String>()) {
        prop_assert_eq!(percent_decode(&encode_segment(&s)), s);
    }
}

#[test]
fn segments_keys_and_casts() {
    let users = client().root().segment("users");
    assert_eq!(users.path(), "/users");
    assert_eq!(users.key("a/b?c#d").path(), "/users('a%2Fb%3Fc%23d')");
    assert_eq!(
        users.key("it's 100%").path(),
        "/users('it%27%27s%20100%25')"
    );
    let cast = users.key("1").cast("microsoft.graph.user");
    assert_eq!(cast.path(), "/users/1/microsoft.graph.user");
    // A second cast replaces the first.
    let recast = cast.cast("microsoft.graph.group");
    assert_eq!(recast.path(), "/users/1/microsoft.graph.group");
    assert_eq!(
        recast.cast("microsoft.graph.device").path(),
        "/users/1/microsoft.graph.device"
    );
    // A cast after another kind of segment is appended.
    let deeper = recast.segment("members").cast("microsoft.graph.user");
    assert_eq!(
        deeper.path(),
        "/users/1/microsoft.graph.group/members/microsoft.graph.user"
    );
    assert_eq!(
        users
            .cast("microsoft.graph.x")
            .key("k")
            .cast("microsoft.graph.y")
            .path(),
        "/users/microsoft.graph.x/k/microsoft.graph.y"
    );
    assert_eq!(users.dollar_count().path(), "/users/$count");
    assert_eq!(
        users.key("1").segment("photo").dollar_value().path(),
        "/users/1/photo/$value"
    );
    assert_eq!(
        users.key("1").segment("manager").dollar_ref().path(),
        "/users/1/manager/$ref"
    );
}

#[test]
fn keys_that_would_read_as_something_else_are_parenthesised() {
    let users = client().root().segment("users");
    // A function call, a cast, `$ref`, `$value`, `$count`: never a segment.
    assert_eq!(users.key("delta()").path(), "/users('delta%28%29')");
    assert_eq!(
        users.key("microsoft.graph.group").path(),
        "/users('microsoft.graph.group')"
    );
    assert_eq!(users.key("$ref").path(), "/users('%24ref')");
    assert_eq!(
        users.key("$value").segment("x").path(),
        "/users('%24value')/x"
    );
    assert_eq!(users.key("$count").path(), "/users('%24count')");
    assert_eq!(users.key("@alias").path(), "/users('%40alias')");
    assert_eq!(users.key("a.b").path(), "/users('a.b')");
    assert_eq!(
        users.key("it's (x)").path(),
        "/users('it%27%27s%20%28x%29')"
    );
    // GUIDs, plain ids and user principal names stay segments.
    assert_eq!(
        users.key("0f7e6b2a-8c1d-4e5f-9a0b-1c2d3e4f5a6b").path(),
        "/users/0f7e6b2a-8c1d-4e5f-9a0b-1c2d3e4f5a6b"
    );
    assert_eq!(users.key("u1").path(), "/users/u1");
    assert_eq!(
        users.key("a.b@contoso.com").path(),
        "/users/a.b%40contoso.com"
    );
    // A cast after a parenthesised key is appended as a segment.
    assert_eq!(
        users.key("a b").cast("microsoft.graph.user").path(),
        "/users('a%20b')/microsoft.graph.user"
    );
    // On the root there is no collection to put the predicate on.
    let rootless = client()
        .root()
        .key("a b")
        .request(http::Method::GET, msgraph_runtime::decode::unit)
        .to_http();
    assert!(matches!(rootless, Err(Error::InvalidRequest(_))));
}

#[test]
fn display_parameters_must_be_bare_literals() {
    for bad in ["x'),q=('y", "a b", "", "1,2", "f(x)", "@p", "'s'"] {
        assert!(matches!(Param::display(&bad), Param::Invalid(_)), "{bad:?}");
        let built = client()
            .root()
            .function("f", vec![("p", Param::display(&bad))])
            .request(http::Method::GET, msgraph_runtime::decode::unit)
            .to_http();
        assert!(matches!(built, Err(Error::InvalidRequest(_))), "{bad:?}");
    }
    assert_eq!(Param::display(&f64::NAN), Param::Literal("NaN".to_owned()));
    assert_eq!(
        Param::display(&1e-7),
        Param::Literal("0.0000001".to_owned())
    );
    assert_eq!(
        Param::display(&msgraph_runtime::Double(f64::NEG_INFINITY)),
        Param::Literal("-INF".to_owned())
    );
}

#[test]
fn node_new_normalizes_the_path() {
    let c = client();
    assert_eq!(msgraph_runtime::Node::new(c.clone(), "me").path(), "/me");
    assert_eq!(msgraph_runtime::Node::new(c.clone(), "").path(), "");
    let bad = msgraph_runtime::Node::new(c, "/me?x=1");
    let err = bad
        .request(http::Method::GET, msgraph_runtime::decode::unit)
        .to_http();
    assert!(matches!(err, Err(Error::InvalidRequest(_))));
}

#[test]
fn parameter_literals() {
    let root = client().root();
    let call = |params: Vec<(&'static str, Param)>| root.function("f", params).path().to_owned();

    assert_eq!(call(vec![]), "/f()");
    assert_eq!(call(vec![("s", Param::string("it's"))]), "/f(s='it''s')");
    assert_eq!(call(vec![("s", Param::string(""))]), "/f(s='')");
    assert_eq!(
        call(vec![("s", Param::string("a,b=c)/d"))]),
        "/f(s='a%2Cb%3Dc%29%2Fd')"
    );
    assert_eq!(
        call(vec![("e", Param::enum_member("wipe"))]),
        "/f(e='wipe')"
    );
    assert_eq!(
        call(vec![
            ("n", Param::display(&42)),
            ("b", Param::display(&true))
        ]),
        "/f(n=42,b=true)"
    );
    assert_eq!(call(vec![("n", Param::display(&-1.5))]), "/f(n=-1.5)");
    assert_eq!(call(vec![("n", Param::display(&Int64(-7)))]), "/f(n=-7)");
    let guid: Guid = "00000003-0000-0000-C000-000000000000".parse().unwrap();
    assert_eq!(
        call(vec![("g", Param::display(&guid))]),
        "/f(g=00000003-0000-0000-c000-000000000000)"
    );
    let date: Date = "2024-02-29".parse().unwrap();
    assert_eq!(call(vec![("d", Param::display(&date))]), "/f(d=2024-02-29)");
    let when: DateTimeOffset = "2024-01-02T03:04:05+01:00".parse().unwrap();
    assert_eq!(
        call(vec![("t", Param::display(&when))]),
        "/f(t=2024-01-02T03:04:05%2B01:00)"
    );
    let zulu: DateTimeOffset = "2024-01-02T03:04:05.1234567Z".parse().unwrap();
    assert_eq!(
        call(vec![("t", Param::display(&zulu))]),
        "/f(t=2024-01-02T03:04:05.1234567Z)"
    );
    let period: Duration = "P1DT2H".parse().unwrap();
    assert_eq!(
        call(vec![("d", Param::duration(&period))]),
        "/f(d=duration'P1DT2H')"
    );
    assert_eq!(
        call(vec![("d", Param::duration(&"PT5M"))]),
        "/f(d=duration'PT5M')"
    );
    assert_eq!(Param::string("it's"), Param::Literal("'it''s'".to_owned()));
}

#[test]
fn json_parameters_become_aliases_in_the_query() {
    let node = client().root().segment("deviceManagement").function(
        "getReport",
        vec![
            ("filter", Param::json(&json!({"a": "b&c=d", "n": [1, 2]}))),
            ("top", Param::display(&5)),
        ],
    );
    assert_eq!(
        node.path(),
        "/deviceManagement/getReport(filter=@filter,top=5)"
    );
    let child = node.segment("items");
    let request = child
        .request(http::Method::GET, msgraph_runtime::decode::unit)
        .select(["id"])
        .to_http()
        .unwrap();
    let query = request.uri().query().unwrap();
    assert_eq!(
        query,
        "@filter=%7B%22a%22:%22b%26c%3Dd%22,%22n%22:%5B1,2%5D%7D&$select=id"
    );
    let (name, value) = query.split('&').next().unwrap().split_once('=').unwrap();
    assert_eq!(name, "@filter");
    let json: serde_json::Value = serde_json::from_str(&percent_decode(value)).unwrap();
    assert_eq!(json, json!({"a": "b&c=d", "n": [1, 2]}));

    // A second alias of the same name gets another name.
    let twice = node.function("again", vec![("filter", Param::json(&[1]))]);
    assert_eq!(
        twice.path(),
        "/deviceManagement/getReport(filter=@filter,top=5)/again(filter=@filter_2)"
    );
    let request = twice
        .request(http::Method::GET, msgraph_runtime::decode::unit)
        .to_http()
        .unwrap();
    assert!(request
        .uri()
        .query()
        .unwrap()
        .ends_with("&@filter_2=%5B1%5D"));
}

#[test]
fn an_unserializable_parameter_fails_when_the_request_is_built() {
    let mut bad = std::collections::HashMap::new();
    bad.insert((1, 2), 3);
    let param = Param::json(&bad);
    assert!(matches!(param, Param::Invalid(_)));
    let node = client().root().function("f", vec![("p", param)]);
    let built = node
        .segment("x")
        .request(http::Method::GET, msgraph_runtime::decode::unit)
        .to_http();
    match built {
        Err(Error::InvalidRequest(message)) => assert!(message.contains("serialized"), "{message}"),
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
}

#[test]
fn empty_and_dot_segments_are_refused() {
    for bad in ["", ".", ".."] {
        let node = client()
            .root()
            .segment("users")
            .segment(bad)
            .segment("manager");
        let built = node
            .request(http::Method::GET, msgraph_runtime::decode::unit)
            .to_http();
        assert!(matches!(built, Err(Error::InvalidRequest(_))), "{bad:?}");
        let cast = client().root().segment("users").cast(bad);
        let built = cast
            .request(http::Method::GET, msgraph_runtime::decode::unit)
            .to_http();
        assert!(matches!(built, Err(Error::InvalidRequest(_))), "{bad:?}");
    }
    assert_eq!(client().root().segment("..").path(), "/%2E%2E");
    // As keys they are string literals, not segments.
    let users = client().root().segment("users");
    assert_eq!(users.key("").path(), "/users('')");
    assert_eq!(users.key(".").path(), "/users('.')");
    assert_eq!(users.key("..").path(), "/users('..')");
    assert_eq!(users.key("...").path(), "/users('...')");
    for key in ["", ".", ".."] {
        assert!(users
            .key(key)
            .request(http::Method::GET, msgraph_runtime::decode::unit)
            .to_http()
            .is_ok());
    }
}
