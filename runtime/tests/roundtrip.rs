//! Serde round trips and quirks of every runtime type.

use msgraph_runtime::{
    odata_type, Binary, Date, DateTimeOffset, Decimal, Double, Duration, Flags, Geo, Guid, Int64,
    Nullable, Single, StringEnum, TimeOfDay,
};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

/// Deserializes `text`, serializes the result, and returns both.
fn round_trip<T>(text: &str) -> (T, String)
where
    T: Serialize + for<'de> Deserialize<'de>,
{
    let value: T = serde_json::from_str(text).unwrap();
    let back = serde_json::to_string(&value).unwrap();
    (value, back)
}

/// Asserts that `text` deserializes and serializes back byte for byte.
fn assert_identity<T>(text: &str)
where
    T: Serialize + for<'de> Deserialize<'de>,
{
    let (_, back) = round_trip::<T>(text);
    assert_eq!(back, text);
}

// ---------------------------------------------------------------- Nullable

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Patch {
    #[serde(default, skip_serializing_if = "msgraph_runtime::Nullable::is_absent")]
    name: Nullable<String>,
    #[serde(default, skip_serializing_if = "msgraph_runtime::Nullable::is_absent")]
    size: Nullable<Int64>,
    #[serde(default, skip_serializing_if = "msgraph_runtime::Nullable::is_absent")]
    when: Nullable<DateTimeOffset>,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

#[test]
fn nullable_three_states_through_flatten() {
    let p: Patch = serde_json::from_str(
        r#"{"name":null,"size":"9007199254740993","other":1,"when":"2014-01-01T00:00:00Z"}"#,
    )
    .unwrap();
    assert_eq!(p.name, Nullable::Null);
    assert_eq!(p.size, Nullable::Value(Int64(9_007_199_254_740_993)));
    assert_eq!(p.when.value().map(|w| w.year()), Some(2014));
    assert_eq!(p.extra.get("other"), Some(&json!(1)));

    let absent: Patch = serde_json::from_str(r#"{"x":true}"#).unwrap();
    assert!(absent.name.is_absent());
    assert!(absent.size.is_absent());
    assert_eq!(serde_json::to_value(&absent).unwrap(), json!({"x": true}));

    let p = Patch {
        name: Nullable::Null,
        size: Nullable::Value(Int64(5)),
        when: Nullable::Absent,
        extra: Map::new(),
    };
    assert_eq!(
        serde_json::to_string(&p).unwrap(),
        r#"{"name":null,"size":5}"#
    );
}

#[test]
fn nullable_methods_and_conversions() {
    let v: Nullable<i32> = 3.into();
    assert_eq!(v.value(), Some(&3));
    assert_eq!(v.as_ref(), Nullable::Value(&3));
    assert_eq!(Nullable::<i32>::from(None), Nullable::Null);
    assert_eq!(Nullable::from(Some(4)).into_option(), Some(4));
    assert!(Nullable::<i32>::Null.is_null());
    assert_eq!(Nullable::<i32>::default(), Nullable::Absent);
    assert_eq!(Nullable::<i32>::Absent.into_option(), None);
    assert_eq!(Nullable::Value(2).map(|x| x * 2), Nullable::Value(4));
}

// ---------------------------------------------------------------- Int64

#[test]
fn int64_from_string_and_number() {
    let big: Int64 = serde_json::from_str(r#""9007199254740993""#).unwrap();
    assert_eq!(big, Int64(9_007_199_254_740_993));
    assert_eq!(serde_json::to_string(&big).unwrap(), "9007199254740993");

    assert_identity::<Int64>("-42");
    assert_identity::<Int64>("9223372036854775807");
    let from_float: Int64 = serde_json::from_str("12.0").unwrap();
    assert_eq!(from_float, Int64(12));

    assert!(serde_json::from_str::<Int64>("9223372036854775808").is_err());
    assert!(serde_json::from_str::<Int64>("1.5").is_err());
    assert!(serde_json::from_str::<Int64>(r#""12x""#).is_err());
    assert_eq!("77".parse::<Int64>().unwrap().to_string(), "77");
}

// ---------------------------------------------------------------- Decimal

#[test]
fn decimal_keeps_string_and_number_forms() {
    let (d, back) = round_trip::<Decimal>(r#""12345678901234567890.123456789""#);
    assert!(d.is_quoted());
    assert_eq!(d.as_str(), "12345678901234567890.123456789");
    assert_eq!(back, r#""12345678901234567890.123456789""#);

    let (d, back) = round_trip::<Decimal>("12.5");
    assert!(!d.is_quoted());
    assert_eq!(d.to_f64(), 12.5);
    assert_eq!(back, "12.5");
    assert_identity::<Decimal>("-17");
    assert_identity::<Decimal>(r#""1.50""#);

    assert!("1.2.3".parse::<Decimal>().is_err());
    assert!("".parse::<Decimal>().is_err());
    assert!(serde_json::from_str::<Decimal>(r#""abc""#).is_err());
    let parsed: Decimal = "3.25e2".parse().unwrap();
    assert_eq!(parsed.to_f64(), 325.0);
    assert_eq!(serde_json::to_string(&parsed).unwrap(), "325.0");
}

// ---------------------------------------------------------------- Double / Single

#[test]
fn double_special_values_both_directions() {
    for (text, check) in [
        (r#""NaN""#, f64::is_nan as fn(f64) -> bool),
        (r#""INF""#, |f: f64| f == f64::INFINITY),
        (r#""-INF""#, |f: f64| f == f64::NEG_INFINITY),
    ] {
        let (d, back) = round_trip::<Double>(text);
        assert!(check(d.0), "{text}");
        assert_eq!(back, text);
    }
    assert_eq!(Double(f64::NAN), Double(f64::NAN));
    assert_ne!(Double(1.0), Double(f64::NAN));
    assert_identity::<Double>("1.5");
    assert_identity::<Double>("-0.25");
    let from_int: Double = serde_json::from_str("3").unwrap();
    assert_eq!(from_int, Double(3.0));
    let from_string: Double = serde_json::from_str(r#""2.5""#).unwrap();
    assert_eq!(from_string, Double(2.5));
    assert!(serde_json::from_str::<Double>(r#""nan""#).is_err());
    assert!(serde_json::from_str::<Double>(r#""1.5kg""#).is_err());
}

#[test]
fn single_special_values_and_range() {
    let (s, back) = round_trip::<Single>(r#""-INF""#);
    assert_eq!(s.0, f32::NEG_INFINITY);
    assert_eq!(back, r#""-INF""#);
    assert_identity::<Single>(r#""NaN""#);
    assert_identity::<Single>("0.1");
    assert!(serde_json::from_str::<Single>("1e300").is_err());
}

// ---------------------------------------------------------------- Date and time

#[test]
fn datetimeoffset_preserves_text_exactly() {
    for text in [
        r#""2017-01-01T00:03:07.1589002-08:00""#,
        r#""2014-01-01T00:00:00Z""#,
        r#""2024-02-29T23:59:59.5+05:30""#,
        r#""2020-06-01T12:00Z""#,
    ] {
        assert_identity::<DateTimeOffset>(text);
    }
    let dt: DateTimeOffset = "2017-01-01T00:03:07.1589002-08:00".parse().unwrap();
    assert_eq!(
        (dt.year(), dt.month(), dt.day()),
        (2017, 1, 1),
        "date fields"
    );
    assert_eq!((dt.hour(), dt.minute(), dt.second()), (0, 3, 7));
    assert_eq!(dt.nanosecond(), 158_900_200);
    assert_eq!(dt.offset_minutes(), -480);
    assert_eq!(dt.unix_timestamp(), 1_483_257_787);
    assert_eq!(dt.date().as_str(), "2017-01-01");
    let utc: DateTimeOffset = "1970-01-01T00:00:00Z".parse().unwrap();
    assert_eq!((utc.unix_timestamp(), utc.offset_minutes()), (0, 0));
}

#[test]
fn invalid_dates_and_times_are_rejected() {
    for bad in [
        "2023-02-29T00:00:00Z",
        "2017-13-01T00:00:00Z",
        "2017-01-32T00:00:00Z",
        "2017-01-01T24:00:00Z",
        "2017-01-01T00:60:00Z",
        "2017-01-01T00:00:00",
        "2017-01-01 00:00:00Z",
        "2017-01-01T00:00:00.Z",
        "2017-01-01T00:00:00.1234567890123Z",
        "2017-01-01T00:00:00+8:00",
        "2017-1-01T00:00:00Z",
        "2017-01-01T00:00:00Zjunk",
        "",
    ] {
        assert!(bad.parse::<DateTimeOffset>().is_err(), "{bad:?} accepted");
        let json = serde_json::to_string(bad).unwrap();
        assert!(serde_json::from_str::<DateTimeOffset>(&json).is_err());
    }
    assert!("2023-02-29".parse::<Date>().is_err());
    assert!("2024-04-31".parse::<Date>().is_err());
    assert!("13:60".parse::<TimeOfDay>().is_err());
    assert!(serde_json::from_str::<Date>("20240101").is_err());
}

#[test]
fn date_and_time_of_day() {
    let (d, back) = round_trip::<Date>(r#""2024-02-29""#);
    assert_eq!((d.year(), d.month(), d.day()), (2024, 2, 29));
    assert_eq!(back, r#""2024-02-29""#);

    let (t, back) = round_trip::<TimeOfDay>(r#""13:45:30.1234567""#);
    assert_eq!((t.hour(), t.minute(), t.second()), (13, 45, 30));
    assert_eq!(t.nanosecond(), 123_456_700);
    assert_eq!(back, r#""13:45:30.1234567""#);
    assert_identity::<TimeOfDay>(r#""08:00:00""#);
    assert_identity::<TimeOfDay>(r#""23:59:59.999999999999""#);
}

// ---------------------------------------------------------------- Duration

#[test]
fn duration_forms() {
    let (d, back) = round_trip::<Duration>(r#""P1DT2H3M4.5S""#);
    assert_eq!(back, r#""P1DT2H3M4.5S""#);
    assert_eq!(
        d.to_std(),
        Some(std::time::Duration::new(
            86_400 + 7_200 + 180 + 4,
            500_000_000
        ))
    );
    let (neg, back) = round_trip::<Duration>(r#""-P3D""#);
    assert!(neg.is_negative());
    assert_eq!(neg.days(), 3);
    assert_eq!(neg.to_std(), None);
    assert_eq!(back, r#""-P3D""#);
    let zero: Duration = "PT0S".parse().unwrap();
    assert_eq!(zero.to_std(), Some(std::time::Duration::ZERO));
    let mixed: Duration = "P1Y2M".parse().unwrap();
    assert_eq!(
        (mixed.years(), mixed.months(), mixed.to_std()),
        (1, 2, None)
    );

    for bad in [
        "", "P", "PT", "1D", "P1H", "PT1D", "P1DT", "PT1.5M", "PT1S2M", "P1D1D", "PT-1S",
    ] {
        assert!(bad.parse::<Duration>().is_err(), "{bad:?} accepted");
    }

    let built = Duration::from_std(std::time::Duration::new(93_784, 250_000_000));
    assert_eq!(built.as_str(), "P1DT2H3M4.25S");
    assert_eq!(
        built.to_std(),
        Some(std::time::Duration::new(93_784, 250_000_000))
    );
    assert_eq!(
        Duration::from_std(std::time::Duration::ZERO).as_str(),
        "PT0S"
    );
    assert_eq!(
        Duration::from_std(std::time::Duration::from_secs(172_800)).as_str(),
        "P2D"
    );
}

// ---------------------------------------------------------------- Guid and Binary

#[test]
fn guid_upper_case_in_lower_case_out() {
    let (g, back) = round_trip::<Guid>(r#""00000003-0000-0000-C000-0000000000AB""#);
    assert_eq!(g.0, 0x0000_0003_0000_0000_c000_0000_0000_00ab);
    assert_eq!(back, r#""00000003-0000-0000-c000-0000000000ab""#);
    for bad in [
        "00000003-0000-0000-c000-00000000000",
        "00000003-0000-0000-c000-00000000000g",
        "000000030000-0000-c000-0000000000000",
        "{00000003-0000-0000-c000-000000000000}",
    ] {
        assert!(bad.parse::<Guid>().is_err(), "{bad:?} accepted");
    }
}

#[test]
fn binary_base64_variants() {
    let (b, back) = round_trip::<Binary>(r#""aGVsbG8/Pz4+""#);
    assert_eq!(b.0, b"hello??>>");
    assert_eq!(back, r#""aGVsbG8/Pz4+""#);
    let url_safe: Binary = serde_json::from_str(r#""aGVsbG8_Pz4-""#).unwrap();
    assert_eq!(url_safe, b);
    let unpadded: Binary = serde_json::from_str(r#""aGk""#).unwrap();
    assert_eq!(unpadded.0, b"hi");
    assert_eq!(serde_json::to_string(&unpadded).unwrap(), r#""aGk=""#);
    assert_identity::<Binary>(r#""""#);
    assert_identity::<Binary>(r#""AA==""#);
    for bad in ["a", "aGk=a", "aG=k", "a===", "aGk*", "QQ=", "-9AQ0A="] {
        assert!(bad.parse::<Binary>().is_err(), "{bad:?} accepted");
    }
}

// ---------------------------------------------------------------- Geo

#[test]
fn geo_point_polygon_and_collection() {
    let point = json!({
        "type": "Point",
        "coordinates": [-122.1, 47.6],
        "crs": {"type": "name", "properties": {"name": "EPSG:4326"}}
    });
    let g: Geo = serde_json::from_value(point.clone()).unwrap();
    assert_eq!(g.kind, "Point");
    assert_eq!(serde_json::to_value(&g).unwrap(), point);

    let polygon = json!({
        "type": "Polygon",
        "coordinates": [[[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]]]
    });
    let g: Geo = serde_json::from_value(polygon.clone()).unwrap();
    assert!(g.crs.is_none());
    assert_eq!(serde_json::to_value(&g).unwrap(), polygon);

    let collection = json!({
        "type": "GeometryCollection",
        "geometries": [{"type": "Point", "coordinates": [1, 2]}]
    });
    let g: Geo = serde_json::from_value(collection.clone()).unwrap();
    assert!(g.coordinates.is_none());
    assert!(g.extra.contains_key("geometries"));
    assert_eq!(serde_json::to_value(&g).unwrap(), collection);
}

// ---------------------------------------------------------------- Enums and flags

#[derive(Debug, Clone, PartialEq, Eq)]
enum Perm {
    A,
    B,
    Unknown(String),
}

impl StringEnum for Perm {
    fn as_str(&self) -> &str {
        match self {
            Perm::A => "a",
            Perm::B => "b",
            Perm::Unknown(s) => s,
        }
    }

    fn from_wire(s: &str) -> Self {
        match s {
            "a" => Perm::A,
            "b" => Perm::B,
            other => Perm::Unknown(other.to_owned()),
        }
    }

    fn values() -> &'static [&'static str] {
        &["a", "b"]
    }
}

impl Serialize for Perm {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        msgraph_runtime::enums::serialize(self, s)
    }
}

impl<'de> Deserialize<'de> for Perm {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        msgraph_runtime::enums::deserialize(d)
    }
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct WithEnums {
    one: Perm,
    #[serde(default)]
    set: Flags<Perm>,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

#[test]
fn string_enum_keeps_unknown_members() {
    let (p, back) = round_trip::<Perm>(r#""zzz""#);
    assert_eq!(p, Perm::Unknown("zzz".into()));
    assert_eq!(back, r#""zzz""#);
    assert_eq!(serde_json::from_str::<Perm>(r#""b""#).unwrap(), Perm::B);
    assert!(serde_json::from_str::<Perm>("1").is_err());
    assert_eq!(Perm::values(), ["a", "b"]);
}

#[test]
fn flags_split_trim_and_keep_unknown() {
    let (f, back) = round_trip::<Flags<Perm>>(r#""a,zzz""#);
    assert!(f.contains(&Perm::A));
    assert!(f.contains(&Perm::Unknown("zzz".into())));
    assert!(!f.contains(&Perm::B));
    assert_eq!(back, r#""a,zzz""#);

    let spaced: Flags<Perm> = serde_json::from_str(r#""b, a""#).unwrap();
    assert_eq!(
        spaced.iter().cloned().collect::<Vec<_>>(),
        [Perm::B, Perm::A]
    );
    assert_eq!(serde_json::to_string(&spaced).unwrap(), r#""b,a""#);

    let (empty, back) = round_trip::<Flags<Perm>>(r#""""#);
    assert!(empty.is_empty());
    assert_eq!(back, r#""""#);
    assert_eq!(Flags::<Perm>::default(), Flags::new(vec![]));

    let nested: WithEnums = serde_json::from_str(r#"{"one":"a","set":"a,b","more":[1]}"#).unwrap();
    assert_eq!(nested.one, Perm::A);
    assert_eq!(nested.set.len(), 2);
    assert_eq!(
        serde_json::to_value(&nested).unwrap(),
        json!({"one": "a", "set": "a,b", "more": [1]})
    );
}

// ---------------------------------------------------------------- OData helpers

#[test]
fn odata_type_strips_hash() {
    let v = json!({"@odata.type": "#microsoft.graph.user", "id": "1"});
    assert_eq!(odata_type(&v), Some("microsoft.graph.user"));
    assert_eq!(
        odata_type(&json!({"@odata.type": "microsoft.graph.group"})),
        Some("microsoft.graph.group")
    );
    assert_eq!(odata_type(&json!({"id": "1"})), None);
    assert_eq!(odata_type(&json!({"@odata.type": 5})), None);
    assert_eq!(odata_type(&json!("#x")), None);
}

// ---------------------------------------------------------------- Garbage

#[test]
fn garbage_is_an_error_not_a_panic() {
    let inputs = [
        "",
        "\"\"",
        "null",
        "true",
        "[]",
        "{}",
        "\"\u{1F600}\"",
        "\"-\"",
        "\"P\"",
        "\"T\"",
        "\"9999999999999999999999999-01-01\"",
        "\"-99999-01-01T00:00:00+24:00\"",
        "\"P99999999999999999999999D\"",
        "\"PT1.S\"",
        "\"==\"",
        "\"é\"",
        "1e999",
        "\"2024-02-30\"",
        "\"00000000-0000-0000-0000-00000000000é\"",
    ];
    let mut errors = 0;
    for input in inputs {
        errors += usize::from(serde_json::from_str::<DateTimeOffset>(input).is_err());
        errors += usize::from(serde_json::from_str::<Date>(input).is_err());
        errors += usize::from(serde_json::from_str::<TimeOfDay>(input).is_err());
        errors += usize::from(serde_json::from_str::<Duration>(input).is_err());
        errors += usize::from(serde_json::from_str::<Guid>(input).is_err());
        let _ = serde_json::from_str::<Binary>(input);
        let _ = serde_json::from_str::<Int64>(input);
        let _ = serde_json::from_str::<Decimal>(input);
        let _ = serde_json::from_str::<Double>(input);
        let _ = serde_json::from_str::<Single>(input);
        let _ = serde_json::from_str::<Geo>(input);
        let _ = serde_json::from_str::<Flags<Perm>>(input);
        let _ = serde_json::from_str::<Nullable<Guid>>(input);
    }
    // None of the inputs is a valid date, time, duration or guid.
    assert_eq!(errors, inputs.len() * 5);

    // The error message names the type and stays short on long input.
    let long = "x".repeat(10_000);
    let err = long.parse::<DateTimeOffset>().unwrap_err();
    assert_eq!(err.edm_type(), "Edm.DateTimeOffset");
    assert!(err.to_string().len() < 200, "{err}");
    assert!(serde_json::from_str::<Int64>(r#""9223372036854775808""#).is_err());
    assert!(serde_json::from_str::<Binary>(r#""a""#).is_err());
    assert!(serde_json::from_str::<Decimal>("true").is_err());
    assert!(serde_json::from_str::<Geo>(r#"{"coordinates":[1,2]}"#).is_err());
}

#[test]
fn extended_years_follow_odata_rules() {
    let dt: DateTimeOffset = "-99999-01-01T00:00:00Z".parse().unwrap();
    assert_eq!(dt.year(), -99_999);
    assert!("02024-01-01".parse::<Date>().is_err());
    assert!("0999-01-01".parse::<Date>().is_ok());
    assert!("999-01-01".parse::<Date>().is_err());
}
