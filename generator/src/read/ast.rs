//! The CSDL document as written: one struct per CSDL element, names and type
//! references still unresolved. Section numbers refer to OData CSDL XML 4.01.

use crate::diag::Location;

/// `edmx:Edmx` (§3.1): one parsed file.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// `Version` of the Edmx root.
    pub version: String,
    /// `edmx:Reference` (§3.3).
    pub references: Vec<Reference>,
    /// `Schema` (§5.1), several per document.
    pub schemas: Vec<Schema>,
}

/// `edmx:Reference` with its `edmx:Include`s (§3.3, §3.4).
#[derive(Debug, Clone)]
pub struct Reference {
    /// `Uri`.
    pub uri: String,
    /// `edmx:Include` children: (namespace, alias).
    pub includes: Vec<(String, Option<String>)>,
    /// Where it is.
    pub loc: Location,
}

/// `Schema` (§5.1).
#[derive(Debug, Clone)]
pub struct Schema {
    /// `Namespace`.
    pub namespace: String,
    /// `Alias`.
    pub alias: Option<String>,
    /// `EntityType` and `ComplexType` (§6, §9).
    pub structured: Vec<StructuredType>,
    /// `EnumType` (§10).
    pub enums: Vec<EnumType>,
    /// `TypeDefinition` (§11).
    pub type_definitions: Vec<TypeDefinition>,
    /// `Action` and `Function` (§12).
    pub operations: Vec<Operation>,
    /// `EntityContainer` (§13).
    pub containers: Vec<EntityContainer>,
    /// `Term` (§14.1).
    pub terms: Vec<Term>,
    /// `Annotations` (§14.2): annotations applied to a target from outside.
    pub annotations: Vec<AnnotationsBlock>,
    /// Where it is.
    pub loc: Location,
}

/// Entity type or complex type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StructuredKind {
    /// `EntityType` (§6).
    Entity,
    /// `ComplexType` (§9).
    Complex,
}

/// `EntityType` (§6) or `ComplexType` (§9).
#[derive(Debug, Clone)]
pub struct StructuredType {
    /// Entity or complex.
    pub kind: StructuredKind,
    /// `Name`.
    pub name: String,
    /// `BaseType`, as written (may use an alias).
    pub base_type: Option<String>,
    /// `Abstract`.
    pub is_abstract: bool,
    /// `OpenType`.
    pub open_type: bool,
    /// `HasStream` (entity types only).
    pub has_stream: bool,
    /// `Key/PropertyRef/@Name` (§6.5).
    pub key: Vec<String>,
    /// `Property` (§7).
    pub properties: Vec<Property>,
    /// `NavigationProperty` (§8).
    pub navigation: Vec<NavigationProperty>,
    /// Inline `Annotation`s.
    pub annotations: Vec<Annotation>,
    /// Where it is.
    pub loc: Location,
}

/// Facets of a type use (§7.2).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facets {
    /// `MaxLength`.
    pub max_length: Option<String>,
    /// `Precision`.
    pub precision: Option<String>,
    /// `Scale`.
    pub scale: Option<String>,
    /// `Unicode`.
    pub unicode: Option<bool>,
    /// `SRID`.
    pub srid: Option<String>,
}

/// `Property` (§7).
#[derive(Debug, Clone)]
pub struct Property {
    /// `Name`.
    pub name: String,
    /// `Type`, as written, for example `Collection(graph.user)`.
    pub type_name: String,
    /// `Nullable`; absent means true.
    pub nullable: Option<bool>,
    /// `DefaultValue`.
    pub default_value: Option<String>,
    /// Facets.
    pub facets: Facets,
    /// Inline annotations.
    pub annotations: Vec<Annotation>,
    /// Where it is.
    pub loc: Location,
}

/// `NavigationProperty` (§8).
#[derive(Debug, Clone)]
pub struct NavigationProperty {
    /// `Name`.
    pub name: String,
    /// `Type`.
    pub type_name: String,
    /// `Nullable`.
    pub nullable: Option<bool>,
    /// `ContainsTarget`.
    pub contains_target: bool,
    /// `Partner`.
    pub partner: Option<String>,
    /// Inline annotations.
    pub annotations: Vec<Annotation>,
    /// Where it is.
    pub loc: Location,
}

/// `EnumType` (§10).
#[derive(Debug, Clone)]
pub struct EnumType {
    /// `Name`.
    pub name: String,
    /// `IsFlags`.
    pub is_flags: bool,
    /// `UnderlyingType`; absent means `Edm.Int32`.
    pub underlying_type: Option<String>,
    /// `Member` (§10.3).
    pub members: Vec<EnumMember>,
    /// Inline annotations.
    pub annotations: Vec<Annotation>,
    /// Where it is.
    pub loc: Location,
}

/// `Member` of an enum (§10.3).
#[derive(Debug, Clone)]
pub struct EnumMember {
    /// `Name`.
    pub name: String,
    /// `Value`, as written.
    pub value: Option<String>,
    /// Inline annotations.
    pub annotations: Vec<Annotation>,
    /// Where it is.
    pub loc: Location,
}

/// `TypeDefinition` (§11).
#[derive(Debug, Clone)]
pub struct TypeDefinition {
    /// `Name`.
    pub name: String,
    /// `UnderlyingType`.
    pub underlying_type: String,
    /// Facets.
    pub facets: Facets,
    /// Inline annotations.
    pub annotations: Vec<Annotation>,
    /// Where it is.
    pub loc: Location,
}

/// Action or function.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OperationKind {
    /// `Action` (§12.1): side effects, POST.
    Action,
    /// `Function` (§12.2): no side effects, GET.
    Function,
}

/// `Action` or `Function` (§12).
#[derive(Debug, Clone)]
pub struct Operation {
    /// Action or function.
    pub kind: OperationKind,
    /// `Name`.
    pub name: String,
    /// `IsBound`.
    pub is_bound: bool,
    /// `IsComposable` (functions).
    pub is_composable: bool,
    /// `EntitySetPath`.
    pub entity_set_path: Option<String>,
    /// `Parameter` (§12.8), the binding parameter first when bound.
    pub parameters: Vec<Parameter>,
    /// `ReturnType` (§12.7).
    pub return_type: Option<ReturnType>,
    /// Inline annotations.
    pub annotations: Vec<Annotation>,
    /// Where it is.
    pub loc: Location,
}

/// `Parameter` (§12.8).
#[derive(Debug, Clone)]
pub struct Parameter {
    /// `Name`.
    pub name: String,
    /// `Type`.
    pub type_name: String,
    /// `Nullable`.
    pub nullable: Option<bool>,
    /// Facets.
    pub facets: Facets,
    /// Inline annotations.
    pub annotations: Vec<Annotation>,
    /// Where it is.
    pub loc: Location,
}

/// `ReturnType` (§12.7).
#[derive(Debug, Clone)]
pub struct ReturnType {
    /// `Type`.
    pub type_name: String,
    /// `Nullable`.
    pub nullable: Option<bool>,
    /// Where it is.
    pub loc: Location,
}

/// `EntityContainer` (§13).
#[derive(Debug, Clone)]
pub struct EntityContainer {
    /// `Name`.
    pub name: String,
    /// `EntitySet` (§13.2).
    pub entity_sets: Vec<EntitySet>,
    /// `Singleton` (§13.3).
    pub singletons: Vec<EntitySet>,
    /// `ActionImport` and `FunctionImport` (§13.5, §13.6).
    pub imports: Vec<OperationImport>,
    /// Inline annotations.
    pub annotations: Vec<Annotation>,
    /// Where it is.
    pub loc: Location,
}

/// `EntitySet` or `Singleton` (§13.2, §13.3).
#[derive(Debug, Clone)]
pub struct EntitySet {
    /// `Name`.
    pub name: String,
    /// `EntityType` (sets) or `Type` (singletons).
    pub type_name: String,
    /// `NavigationPropertyBinding` (§13.4): (path, target).
    pub bindings: Vec<(String, String)>,
    /// Inline annotations.
    pub annotations: Vec<Annotation>,
    /// Where it is.
    pub loc: Location,
}

/// `ActionImport` or `FunctionImport`.
#[derive(Debug, Clone)]
pub struct OperationImport {
    /// Action or function.
    pub kind: OperationKind,
    /// `Name`.
    pub name: String,
    /// `Action` or `Function`: the imported operation's qualified name.
    pub operation: String,
    /// `EntitySet`.
    pub entity_set: Option<String>,
    /// Where it is.
    pub loc: Location,
}

/// `Term` (§14.1).
#[derive(Debug, Clone)]
pub struct Term {
    /// `Name`.
    pub name: String,
    /// `Type`.
    pub type_name: String,
    /// `AppliesTo`.
    pub applies_to: Option<String>,
    /// `DefaultValue`.
    pub default_value: Option<String>,
    /// Where it is.
    pub loc: Location,
}

/// `Annotations` (§14.2): annotations for a target named by path.
#[derive(Debug, Clone)]
pub struct AnnotationsBlock {
    /// `Target`, for example `microsoft.graph.managedDevice/deviceName`.
    pub target: String,
    /// `Qualifier`.
    pub qualifier: Option<String>,
    /// The annotations.
    pub annotations: Vec<Annotation>,
    /// Where it is.
    pub loc: Location,
}

/// `Annotation` (§14.3).
#[derive(Debug, Clone, PartialEq)]
pub struct Annotation {
    /// `Term`, as written (for example `Org.OData.Core.V1.Description`).
    pub term: String,
    /// `Qualifier`.
    pub qualifier: Option<String>,
    /// The value, from an attribute or a child expression.
    pub value: AnnotationValue,
    /// Where it is.
    pub loc: Location,
}

/// A constant or dynamic annotation expression (§14.4), as far as Graph uses them.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(untagged)]
pub enum AnnotationValue {
    /// No value (a tagging annotation: true by default).
    Empty,
    /// `Bool`.
    Bool(bool),
    /// `String`, `Int`, `Date`, `EnumMember`, paths and other scalar forms, with the form's name.
    Scalar {
        /// The expression's name, for example `String` or `EnumMember`.
        kind: String,
        /// The text.
        value: String,
    },
    /// `Record` with `PropertyValue`s.
    Record(Vec<(String, AnnotationValue)>),
    /// `Collection`.
    Collection(Vec<AnnotationValue>),
}

impl AnnotationValue {
    /// The text of a string-like value.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            AnnotationValue::Scalar { value, .. } => Some(value),
            _ => None,
        }
    }

    /// A boolean value (a tagging annotation without a value counts as true).
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            AnnotationValue::Bool(b) => Some(*b),
            AnnotationValue::Empty => Some(true),
            _ => None,
        }
    }

    /// A property of a record value.
    pub fn field(&self, name: &str) -> Option<&AnnotationValue> {
        match self {
            AnnotationValue::Record(fields) => {
                fields.iter().find(|(k, _)| k == name).map(|(_, v)| v)
            }
            _ => None,
        }
    }
}
