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
    assert!(err.to_string().contains("line 1"), "{err}");
    assert!(serde_json::from_str::<Shape>(r#"["not", "an", "object"]"#).is_err());
    assert!(serde_json::from_str::<AnyShape>(r#"{"radius": "three"}"#).is_ok());
    let err =
        serde_json::from_str::<AnyShape>(r##"{"@odata.type": "#test.circle", "radius": "three"}"##)
            .unwrap_err();
    assert!(
        err.to_string().contains("i32") || err.to_string().contains("integer"),
        "{err}"
    );
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
fn nested_errors_keep_one_position() {
    let text = r##"{"shapes": [{"@odata.type": "#test.circle", "centre": {"x": "one"}}]}"##;
    let err = serde_json::from_str::<Drawing>(text).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid type: string \"one\", expected i32 at line 1 column 65"
    );
}
