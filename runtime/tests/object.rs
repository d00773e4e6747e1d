//! The serde-free (de)serialization of generated types (`msgraph_runtime::object`),
//! on hand-written types shaped like generated ones.

use msgraph_runtime::{Flags, Int64, Nullable};
use serde_json::{json, Value};

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Colour {
    Red,
    Unknown,
    Unrecognized(String),
}
msgraph_runtime::string_enum!(Colour { Red = "red", Unknown = "unknown" });

#[derive(Clone, Default)]
pub struct Shape {
    pub id: Option<String>,
    pub name: Nullable<String>,
    pub colour: Option<Colour>,
    pub size: Option<Int64>,
    pub tags: Option<Vec<String>>,
    pub additional_properties: serde_json::Map<String, Value>,
}
const SHAPE: &[&str] = &["id", "name", "colour", "size", "tags"];
msgraph_runtime::object!(Shape, SHAPE, [id, name, colour, size, tags]);

#[derive(Clone, Default)]
pub struct Circle {
    pub id: Option<String>,
    pub name: Nullable<String>,
    pub colour: Option<Colour>,
    pub size: Option<Int64>,
    pub tags: Option<Vec<String>>,
    pub radius: Option<i32>,
    pub centre: Nullable<Box<Point>>,
    pub additional_properties: serde_json::Map<String, Value>,
}
const CIRCLE: &[&str] = &["id", "name", "colour", "size", "tags", "radius", "centre"];
msgraph_runtime::object!(
    Circle,
    CIRCLE,
    [id, name, colour, size, tags, radius, centre]
);

#[derive(Clone, Default)]
pub struct Point {
    pub x: Option<i32>,
    pub y: Option<i32>,
    pub additional_properties: serde_json::Map<String, Value>,
}
const POINT: &[&str] = &["x", "y"];
msgraph_runtime::object!(Point, POINT, [x, y]);

#[derive(Clone)]
pub enum AnyShape {
    Shape(Box<Shape>),
    Circle(Box<Circle>),
}
msgraph_runtime::poly!(AnyShape, Shape, ["test.circle" => Circle]);

#[derive(Clone, Default)]
pub struct Drawing {
    pub shapes: Option<Vec<AnyShape>>,
    pub main: Option<Box<AnyShape>>,
    pub palette: Option<Flags<Colour>>,
    pub additional_properties: serde_json::Map<String, Value>,
}
const DRAWING: &[&str] = &["shapes", "main", "palette"];
msgraph_runtime::object!(Drawing, DRAWING, [shapes, main, palette]);

#[test]
fn fields_unknown_members_and_null_round_trip() {
    let text = r#"{"id":"1","name":null,"colour":"green","size":"9007199254740993","tags":["a","b"],"future":{"x":[1,2]}}"#;
    let shape: Shape = serde_json::from_str(text).unwrap();
    assert_eq!(shape.id.as_deref(), Some("1"));
    assert_eq!(shape.name, Nullable::Null);
    assert_eq!(shape.colour, Some(Colour::Unrecognized("green".into())));
    assert_eq!(shape.size.map(|s| s.0), Some(9_007_199_254_740_993));
    assert_eq!(shape.additional_properties["future"], json!({"x": [1, 2]}));
    let back = serde_json::to_value(&shape).unwrap();
    assert_eq!(
        back,
        json!({"id": "1", "name": null, "colour": "green", "size": 9_007_199_254_740_993_i64,
               "tags": ["a", "b"], "future": {"x": [1, 2]}})
    );
    // Absent fields are not written.
    assert_eq!(serde_json::to_string(&Shape::default()).unwrap(), "{}");
}

#[test]
fn members_in_any_order_and_escaped_names() {
    // Out of declaration order, and a name with an escape (not borrowed from the input).
    let text = r#"{"tags":[],"\u0069d":"x","colour":"red"}"#;
    let shape: Shape = serde_json::from_str(text).unwrap();
    assert_eq!(shape.id.as_deref(), Some("x"));
    assert_eq!(shape.colour, Some(Colour::Red));
    assert_eq!(shape.tags, Some(vec![]));
    // A non-nullable field sent as null reads as absent.
    let shape: Shape = serde_json::from_str(r#"{"id":null}"#).unwrap();
    assert_eq!(shape.id, None);
}

#[test]
fn odata_type_first_or_later_or_absent() {
    let first = r##"{"@odata.type":"#test.circle","id":"c","radius":3,"centre":{"x":1,"y":2}}"##;
    let later = r##"{"id":"c","radius":3,"@odata.type":"#test.circle","centre":{"x":1,"y":2}}"##;
    let last = r##"{"id":"c","radius":3,"centre":{"x":1,"y":2},"@odata.type":"#test.circle"}"##;
    for text in [first, later, last] {
        match serde_json::from_str::<AnyShape>(text).unwrap() {
            AnyShape::Circle(c) => {
                assert_eq!(c.id.as_deref(), Some("c"), "{text}");
                assert_eq!(c.radius, Some(3), "{text}");
                assert_eq!(c.centre.value().and_then(|p| p.y), Some(2), "{text}");
                assert_eq!(c.additional_properties["@odata.type"], "#test.circle");
            }
            AnyShape::Shape(_) => panic!("expected a circle from {text}"),
        }
    }
    // Absent or unknown: the base type, with the members it does not know kept.
    for text in [
        r#"{"id":"s","radius":3}"#,
        r##"{"id":"s","@odata.type":"#test.hexagon","radius":3}"##,
    ] {
        match serde_json::from_str::<AnyShape>(text).unwrap() {
            AnyShape::Shape(s) => {
                assert_eq!(s.id.as_deref(), Some("s"));
                assert_eq!(s.additional_properties["radius"], 3);
            }
            AnyShape::Circle(_) => panic!("expected the base type from {text}"),
        }
    }
}

#[test]
fn nested_polymorphic_values_and_flags_round_trip() {
    let body = json!({
        "shapes": [{"@odata.type": "#test.circle", "radius": 1}, {"id": "plain"}],
        "main": {"@odata.type": "#test.circle", "centre": null},
        "palette": "red,unknown,violet"
    });
    let drawing: Drawing = serde_json::from_value(body.clone()).unwrap();
    let shapes = drawing.shapes.as_deref().unwrap();
    assert!(matches!(&shapes[0], AnyShape::Circle(c) if c.radius == Some(1)));
    assert!(matches!(&shapes[1], AnyShape::Shape(s) if s.id.as_deref() == Some("plain")));
    assert!(matches!(drawing.main.as_deref(), Some(AnyShape::Circle(c)) if c.centre.is_null()));
    let palette = drawing.palette.as_ref().unwrap();
    assert!(palette.contains(&Colour::Unknown));
    assert!(palette.contains(&Colour::Unrecognized("violet".into())));
    assert_eq!(serde_json::to_value(&drawing).unwrap(), body);
}

#[test]
fn wrong_types_are_errors_that_say_where() {
    let err = serde_json::from_str::<Shape>(r#"{"id": 5}"#).unwrap_err();
    assert!(err.to_string().contains("expected string"), "{err}");
    assert!(serde_json::from_str::<Shape>(r#"["not", "an", "object"]"#).is_err());
    assert!(serde_json::from_str::<AnyShape>(r#"{"radius": "three"}"#).is_ok());
    let err =
        serde_json::from_str::<AnyShape>(r##"{"@odata.type": "#test.circle", "radius": "three"}"##)
            .unwrap_err();
    assert!(err.to_string().contains("expected int"), "{err}");
    // Truncated input.
    assert!(serde_json::from_str::<Drawing>(r#"{"shapes": [{"id": "x"}"#).is_err());
}

#[test]
fn debug_shows_present_fields_only() {
    let shape: Shape = serde_json::from_str(r#"{"id":"1","extra":true}"#).unwrap();
    let text = format!("{shape:?}");
    assert!(text.starts_with("Shape {"), "{text}");
    assert!(text.contains("id: \"1\""), "{text}");
    assert!(!text.contains("colour"), "{text}");
    assert!(text.contains("additional_properties"), "{text}");
}

#[test]
fn deep_nesting_in_unknown_members_is_an_error_not_a_crash() {
    // serde_json's recursion limit applies inside additional properties too.
    let text = format!(
        "{{\"future\":{}{}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    assert!(serde_json::from_str::<Shape>(&text).is_err());
}

#[test]
fn nested_errors_say_what_was_expected() {
    let text = r##"{"shapes": [{"@odata.type": "#test.circle", "centre": {"x": "one"}}]}"##;
    // serde: what was expected (its position is in a re-written text, so not given).
    let err = serde_json::from_str::<Drawing>(text).unwrap_err();
    assert_eq!(err.to_string(), "expected int but found string");
    // The client's path: where, too.
    let response = http::Response::new(text.as_bytes().to_vec());
    let err = msgraph_runtime::decode::model::<Drawing>(&response).unwrap_err();
    assert!(
        err.to_string()
            .contains("expected int but found string at line 1 column 61"),
        "{err}"
    );
}

/// The client's fast path (`decode::model`, jiter) and serde (`serde_json`)
/// read the same text into the same value, or both fail.
fn both<T>(text: &str) -> Result<Value, (String, String)>
where
    T: msgraph_runtime::object::Value + serde::de::DeserializeOwned + serde::Serialize,
{
    let response = http::Response::new(text.as_bytes().to_vec());
    let fast = msgraph_runtime::decode::model::<T>(&response);
    let slow = serde_json::from_str::<T>(text);
    match (fast, slow) {
        (Ok(f), Ok(s)) => {
            let (f, s) = (
                serde_json::to_value(&f).unwrap(),
                serde_json::to_value(&s).unwrap(),
            );
            assert_eq!(f, s, "the two readers disagree on {text}");
            Ok(f)
        }
        (Err(f), Err(s)) => Err((f.to_string(), s.to_string())),
        (f, s) => panic!(
            "one reader failed on {text}: fast {:?}, serde {:?}",
            f.map(|v| serde_json::to_value(&v).unwrap()),
            s.map(|v| serde_json::to_value(&v).unwrap())
        ),
    }
}

#[test]
fn fast_path_agrees_with_serde() {
    let ok = [
        r#"{"id":"1","name":null,"colour":"green","size":"9007199254740993","tags":["a","b"],"future":{"x":[1,2.5,null,true]}}"#,
        r#"{"size": 12, "tags": [], "\u0069d": "escaped name", "na\u006de": "x"}"#,
        r#"  {"id": "white space around"}  "#,
        r#"{"id":"dup","id":"last wins"}"#,
        r#"{"name": "unicode \u00e9 \ud83d\ude00 and \"quotes\" and \\ slashes"}"#,
        r#"{"size": -42}"#,
        r#"{}"#,
    ];
    for text in ok {
        assert!(both::<Shape>(text).is_ok(), "{text}");
    }
    let poly = [
        r##"{"@odata.type":"#test.circle","id":"c","radius":3,"centre":{"x":1,"y":2}}"##,
        r##"{"id":"c","radius":3,"@odata.type":"#test.circle","centre":{"x":1,"y":2}}"##,
        r##"{"id":"c","radius":3,"centre":{"x":1,"y":2},"@odata.type":"#test.circle"}"##,
        r##"{"id":"s","@odata.type":"#test.hexagon","radius":3}"##,
        r##"{"@odata.type":"#test.hexagon","id":"s"}"##,
        r##"{"@odata.type":7,"id":"s"}"##,
        r##"{"id":"s","@odata.type":"#test.shape"}"##,
        r#"{}"#,
    ];
    for text in poly {
        assert!(both::<AnyShape>(text).is_ok(), "{text}");
    }
    let drawing = r##"{"shapes":[{"id":"a"},{"radius":2,"@odata.type":"#test.circle"}],"main":{"@odata.type":"#test.circle","centre":null},"palette":"red,unknown,violet"}"##;
    assert!(both::<Drawing>(drawing).is_ok());
    let bad = [
        r#"{"id": 5}"#,
        r#"{"size": "not a number"}"#,
        r#"{"tags": "not an array"}"#,
        r#"["not", "an", "object"]"#,
        r#"{"id": "unterminated"#,
        r#"{"id": "x"} trailing"#,
        r#"{"id": "x",}"#,
        r#""#,
        r#"{"size": 1e400}"#,
    ];
    for text in bad {
        assert!(both::<Shape>(text).is_err(), "{text}");
    }
    assert!(both::<AnyShape>(r##"{"@odata.type": "#test.circle", "radius": "three"}"##).is_err());
}

#[test]
fn fast_path_errors_say_line_and_column() {
    let text = "{\n  \"id\": \"1\",\n  \"size\": \"twelve\"\n}";
    let response = http::Response::new(text.as_bytes().to_vec());
    let err = msgraph_runtime::decode::model::<Shape>(&response).unwrap_err();
    assert!(err.to_string().contains("line 3"), "{err}");
}

#[derive(Clone, Default)]
pub struct Tree {
    pub name: Option<String>,
    pub children: Option<Vec<Tree>>,
    pub additional_properties: serde_json::Map<String, Value>,
}
const TREE: &[&str] = &["name", "children"];
msgraph_runtime::object!(Tree, TREE, [name, children]);

#[test]
fn deep_recursive_values_are_errors_on_both_paths() {
    let depth = 100_000;
    let text = format!("{}{}", r#"{"children":["#.repeat(depth), "]}".repeat(depth));
    let response = http::Response::new(text.as_bytes().to_vec());
    assert!(msgraph_runtime::decode::model::<Tree>(&response).is_err());
    assert!(serde_json::from_str::<Tree>(&text).is_err());
    // Within the limits (128 levels of objects and arrays on both paths), both
    // read it, on this test's thread (2 MiB of stack) in a debug build: the
    // serde path continues on a further stack segment when it runs low.
    let levels = msgraph_runtime::object::json::MAX_DEPTH / 2;
    let over = levels + 1;
    let text = format!(
        "{}{}",
        r#"{"children":["#.repeat(levels),
        "]}".repeat(levels)
    );
    assert!(both::<Tree>(&text).is_ok());
    let text = format!("{}{}", r#"{"children":["#.repeat(over), "]}".repeat(over));
    assert!(both::<Tree>(&text).is_err());
}

#[test]
fn list_pages_on_the_fast_path() {
    use msgraph_runtime::{Client, StaticToken};
    let client = Client::builder()
        .token(StaticToken::new("t"))
        .build()
        .unwrap();
    let list = client.root().segment("shapes").list_model::<AnyShape>();
    let body = r##"{"@odata.context":"x","@odata.count":"2","value":[{"@odata.type":"#test.circle","radius":1},{"id":"b"}],"@odata.nextLink":"https://graph.microsoft.com/beta/shapes?$skiptoken=2"}"##;
    let page = list
        .parse(http::Response::new(body.as_bytes().to_vec()))
        .unwrap();
    assert_eq!(page.value.len(), 2);
    assert!(matches!(&page.value[0], AnyShape::Circle(c) if c.radius == Some(1)));
    assert_eq!(page.count, Some(2));
    assert_eq!(
        page.next_link.as_deref(),
        Some("https://graph.microsoft.com/beta/shapes?$skiptoken=2")
    );
    // A page without `value` is an error, not an empty page.
    assert!(list
        .parse(http::Response::new(br#"{"@odata.count":0}"#.to_vec()))
        .is_err());
}

#[test]
fn deep_values_serialize_or_fail_without_crashing() {
    let tree = |levels: usize| {
        let mut t = Tree::default();
        for _ in 0..levels {
            t = Tree {
                children: Some(vec![t]),
                ..Tree::default()
            };
        }
        t
    };
    // As deep as the readers accept: written (on a 2 MiB test thread, debug build).
    let t = tree(msgraph_runtime::object::json::MAX_DEPTH / 2);
    assert!(serde_json::to_string(&t).is_ok());
    // Deeper than any value read could be: an error, not an overflow.
    let t = tree(1000);
    let err = serde_json::to_string(&t).unwrap_err();
    assert!(err.to_string().contains("deeper than"), "{err}");
    // Dropping a deep value is the caller's own recursion; keep it shallow here.
    std::mem::forget(t);
}
