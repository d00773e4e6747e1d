//! The `Edm` primitive types: one enum, decided from the name once, so that
//! the builder, the merge and the emitter match on variants, not on strings.

/// An `Edm` primitive type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Primitive {
    /// `Edm.Binary`.
    Binary,
    /// `Edm.Boolean`.
    Boolean,
    /// `Edm.Byte`.
    Byte,
    /// `Edm.Date`.
    Date,
    /// `Edm.DateTimeOffset`.
    DateTimeOffset,
    /// `Edm.Decimal`.
    Decimal,
    /// `Edm.Double`.
    Double,
    /// `Edm.Duration`.
    Duration,
    /// `Edm.Guid`.
    Guid,
    /// `Edm.Int16`.
    Int16,
    /// `Edm.Int32`.
    Int32,
    /// `Edm.Int64`.
    Int64,
    /// `Edm.SByte`.
    SByte,
    /// `Edm.Single`.
    Single,
    /// `Edm.Stream`: a media resource, no JSON value.
    Stream,
    /// `Edm.String`.
    String,
    /// `Edm.TimeOfDay`.
    TimeOfDay,
    /// `Edm.Geography` and its point, line, polygon and collection kinds.
    Geography,
    /// `Edm.Geometry` and its kinds.
    Geometry,
    /// The abstract and path types (`Edm.Untyped`, `Edm.PrimitiveType`,
    /// `Edm.ComplexType`, `Edm.EntityType`, `Edm.PropertyPath`, ...): any JSON.
    Untyped,
}

/// The abstract and path types, which hold any JSON.
const UNTYPED: [&str; 8] = [
    "Untyped",
    "PrimitiveType",
    "ComplexType",
    "EntityType",
    "AnnotationPath",
    "PropertyPath",
    "NavigationPropertyPath",
    "ModelElementPath",
];

/// The kinds of `Edm.Geography` and `Edm.Geometry`.
const SPATIAL_KINDS: [&str; 8] = [
    "",
    "Point",
    "LineString",
    "Polygon",
    "MultiPoint",
    "MultiLineString",
    "MultiPolygon",
    "Collection",
];

impl Primitive {
    /// The primitive a qualified name (`Edm.String`) names, if any.
    pub fn of(name: &str) -> Option<Primitive> {
        Primitive::of_local(name.strip_prefix("Edm.")?)
    }

    /// The primitive of a name in the `Edm` namespace (`String`), if any.
    pub fn of_local(local: &str) -> Option<Primitive> {
        use Primitive as P;
        Some(match local {
            "Binary" => P::Binary,
            "Boolean" => P::Boolean,
            "Byte" => P::Byte,
            "Date" => P::Date,
            "DateTimeOffset" => P::DateTimeOffset,
            "Decimal" => P::Decimal,
            "Double" => P::Double,
            "Duration" => P::Duration,
            "Guid" => P::Guid,
            "Int16" => P::Int16,
            "Int32" => P::Int32,
            "Int64" => P::Int64,
            "SByte" => P::SByte,
            "Single" => P::Single,
            "Stream" => P::Stream,
            "String" => P::String,
            "TimeOfDay" => P::TimeOfDay,
            l if UNTYPED.contains(&l) => P::Untyped,
            l => {
                if let Some(kind) = l.strip_prefix("Geography") {
                    SPATIAL_KINDS.contains(&kind).then_some(P::Geography)?
                } else {
                    let kind = l.strip_prefix("Geometry")?;
                    SPATIAL_KINDS.contains(&kind).then_some(P::Geometry)?
                }
            }
        })
    }

    /// The integer types, which an enum may have as its underlying type.
    pub fn is_integer(self) -> bool {
        matches!(
            self,
            Primitive::Byte
                | Primitive::SByte
                | Primitive::Int16
                | Primitive::Int32
                | Primitive::Int64
        )
    }

    /// Whether Graph's JSON writes a value as a string (dates, times,
    /// durations, GUIDs, base64, and strings themselves).
    pub fn is_json_string(self) -> bool {
        matches!(
            self,
            Primitive::String
                | Primitive::Date
                | Primitive::DateTimeOffset
                | Primitive::TimeOfDay
                | Primitive::Duration
                | Primitive::Guid
                | Primitive::Binary
        )
    }

    /// Numbers that Graph may also write as strings (`Int64`, `Decimal`, and
    /// `Double`/`Single` for `NaN` and `INF`).
    pub fn is_number_or_string(self) -> bool {
        matches!(
            self,
            Primitive::Int64 | Primitive::Decimal | Primitive::Double | Primitive::Single
        )
    }
}

#[cfg(test)]
mod tests {
    use super::Primitive;

    #[test]
    fn names() {
        assert_eq!(Primitive::of("Edm.String"), Some(Primitive::String));
        assert_eq!(
            Primitive::of("Edm.GeographyPoint"),
            Some(Primitive::Geography)
        );
        assert_eq!(
            Primitive::of("Edm.GeometryCollection"),
            Some(Primitive::Geometry)
        );
        assert_eq!(Primitive::of("Edm.PropertyPath"), Some(Primitive::Untyped));
        assert_eq!(Primitive::of("Edm.Geographyx"), None);
        assert_eq!(Primitive::of("Edm.Text"), None);
        assert_eq!(Primitive::of("String"), None);
        assert!(Primitive::Int64.is_integer() && !Primitive::Double.is_integer());
    }
}
