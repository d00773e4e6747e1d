//! `Geo`: the Edm.Geography* and Edm.Geometry* types, as GeoJSON.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A GeoJSON object, used for every `Edm.Geography*` and `Edm.Geometry*` type.
///
/// Known members get fields; everything else (such as a `GeometryCollection`'s
/// `geometries`, or a `bbox`) is kept in [`extra`](Self::extra), so values round-trip.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Geo {
    /// The GeoJSON type, such as `"Point"` or `"Polygon"`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The coordinates, nested as the type requires (absent for collections).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coordinates: Option<Value>,
    /// The coordinate reference system, if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crs: Option<Value>,
    /// Every other member of the object.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
