//! Stage 2, **model**: the resolved, validated intermediate model. Every type
//! reference is resolved to a fully qualified name (namespace, never alias),
//! every fact keeps the location it came from, and no Rust decision is made.

pub mod areas;
mod build;
pub mod json;
pub mod merge;
mod paths;
mod primitive;
pub mod reach;
pub mod resolve;

use std::collections::{BTreeMap, BTreeSet};

use crate::diag::{Diagnostic, Location};
pub use crate::read::ast::{AnnotationValue, Facets, OperationKind, StructuredKind};
pub use build::build;

/// What a type reference points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeKind {
    /// `Edm.*`.
    Primitive,
    /// An enum type.
    Enum,
    /// A complex type.
    Complex,
    /// An entity type.
    Entity,
    /// A type definition (an alias of a primitive).
    Definition,
    /// A type in a namespace that is only referenced (`edmx:Reference`), not loaded.
    External,
}

/// A resolved use of a type.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeRef {
    /// Fully qualified name, for example `microsoft.graph.user` or `Edm.String`.
    pub name: String,
    /// What it is.
    pub kind: TypeKind,
    /// `Collection(...)`.
    pub collection: bool,
}

pub use primitive::Primitive;

impl TypeRef {
    /// The `Edm` primitive, if the type is one.
    pub fn primitive(&self) -> Option<Primitive> {
        match self.kind {
            TypeKind::Primitive => Primitive::of(&self.name),
            _ => None,
        }
    }

    /// Whether the type is `p` (not a collection of it).
    pub fn is_single(&self, p: Primitive) -> bool {
        !self.collection && self.primitive() == Some(p)
    }

    /// The type as CSDL writes it: `Edm.String` or `Collection(Edm.String)`.
    pub fn written(&self) -> String {
        if self.collection {
            format!("Collection({})", self.name)
        } else {
            self.name.clone()
        }
    }
}

/// An annotation kept as a fact: term (alias resolved), qualifier, value and source.
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    /// Fully qualified term, for example `Org.OData.Core.V1.Description`.
    pub term: String,
    /// `Qualifier`.
    pub qualifier: Option<String>,
    /// The value.
    pub value: AnnotationValue,
    /// Where the annotation is.
    pub loc: Location,
}

/// Descriptions, from `Core.Description` and `Core.LongDescription`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Docs {
    /// `Core.Description`.
    pub description: Option<String>,
    /// `Core.LongDescription`.
    pub long_description: Option<String>,
}

/// An entity or complex type.
#[derive(Debug, Clone)]
pub struct StructType {
    /// Fully qualified name.
    pub name: String,
    /// Namespace.
    pub namespace: String,
    /// Name within the namespace.
    pub local: String,
    /// Entity or complex.
    pub kind: StructuredKind,
    /// Fully qualified base type.
    pub base: Option<String>,
    /// `Abstract`.
    pub is_abstract: bool,
    /// `OpenType`.
    pub open: bool,
    /// `HasStream`.
    pub has_stream: bool,
    /// Key property names declared on this type.
    pub key: Vec<String>,
    /// Declared properties, structural then navigation, in document order.
    pub properties: Vec<Property>,
    /// Descriptions.
    pub docs: Docs,
    /// All annotations on the type.
    pub facts: Vec<Fact>,
    /// Where it is declared.
    pub loc: Location,
}

/// A structural or navigation property.
#[derive(Debug, Clone)]
pub struct Property {
    /// Name as in the CSDL.
    pub name: String,
    /// Type.
    pub ty: TypeRef,
    /// `Nullable` (default true for single values; collections report false when unset).
    pub nullable: bool,
    /// A navigation property.
    pub navigation: bool,
    /// `ContainsTarget`.
    pub contains_target: bool,
    /// `Partner`.
    pub partner: Option<String>,
    /// `DefaultValue`.
    pub default_value: Option<String>,
    /// Facets, kept as facts.
    pub facets: Facets,
    /// `Core.Computed`.
    pub computed: bool,
    /// `Core.Immutable`.
    pub immutable: bool,
    /// Descriptions.
    pub docs: Docs,
    /// All annotations.
    pub facts: Vec<Fact>,
    /// Where it is declared.
    pub loc: Location,
}

/// An enum type.
#[derive(Debug, Clone)]
pub struct EnumType {
    /// Fully qualified name.
    pub name: String,
    /// Namespace.
    pub namespace: String,
    /// Name within the namespace.
    pub local: String,
    /// `IsFlags`.
    pub flags: bool,
    /// `UnderlyingType`.
    pub underlying: String,
    /// Members in document order.
    pub members: Vec<EnumMember>,
    /// Descriptions.
    pub docs: Docs,
    /// Annotations.
    pub facts: Vec<Fact>,
    /// Where it is declared.
    pub loc: Location,
}

/// An enum member.
#[derive(Debug, Clone)]
pub struct EnumMember {
    /// Name as in the CSDL.
    pub name: String,
    /// Value (given or implied).
    pub value: i64,
    /// Descriptions.
    pub docs: Docs,
    /// Where it is declared.
    pub loc: Location,
}

/// A type definition.
#[derive(Debug, Clone)]
pub struct TypeDefinition {
    /// Fully qualified name.
    pub name: String,
    /// Namespace.
    pub namespace: String,
    /// Name within the namespace.
    pub local: String,
    /// The `Edm.*` underlying type.
    pub underlying: String,
    /// Descriptions.
    pub docs: Docs,
    /// Where it is declared.
    pub loc: Location,
}

/// The type an operation is bound to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Binding {
    /// Fully qualified binding type.
    pub type_name: String,
    /// Bound to a collection of that type.
    pub collection: bool,
}

/// An operation parameter (never the binding parameter).
#[derive(Debug, Clone)]
pub struct Parameter {
    /// Name.
    pub name: String,
    /// Type.
    pub ty: TypeRef,
    /// `Nullable`.
    pub nullable: bool,
    /// `Core.OptionalParameter`.
    pub optional: bool,
    /// Descriptions.
    pub docs: Docs,
    /// Where it is declared.
    pub loc: Location,
}

/// How the operation is called over HTTP.
#[derive(Debug, Clone)]
pub struct Http {
    /// `GET`, `POST`, ...
    pub method: &'static str,
    /// Paths, with `{placeholders}` for keys and parameters.
    pub paths: Vec<String>,
    /// The status code of success.
    pub success_status: u16,
}

/// What an operation is: a CSDL action or function, or a CRUD call on an
/// entity set, singleton or navigation property.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OpKind {
    /// A CSDL action (POST).
    Action,
    /// A CSDL function (GET).
    Function,
    /// GET a collection.
    List,
    /// GET one entity.
    Get,
    /// POST to a collection.
    Create,
    /// PATCH one entity.
    Update,
    /// DELETE one entity.
    Delete,
}

impl OpKind {
    /// The name used in `model --json`.
    pub fn as_str(self) -> &'static str {
        match self {
            OpKind::Action => "action",
            OpKind::Function => "function",
            OpKind::List => "list",
            OpKind::Get => "get",
            OpKind::Create => "create",
            OpKind::Update => "update",
            OpKind::Delete => "delete",
        }
    }

    /// A CRUD kind (not an action or function).
    pub fn is_crud(self) -> bool {
        !matches!(self, OpKind::Action | OpKind::Function)
    }

    /// The HTTP method and success status of a CRUD kind.
    pub fn crud_http(self) -> (&'static str, u16) {
        match self {
            OpKind::List | OpKind::Get | OpKind::Function => ("GET", 200),
            OpKind::Create => ("POST", 201),
            OpKind::Update => ("PATCH", 204),
            OpKind::Delete => ("DELETE", 204),
            OpKind::Action => ("POST", 200),
        }
    }
}

/// An operation: an action, a function or a CRUD call.
#[derive(Debug, Clone)]
pub struct Operation {
    /// What it is.
    pub kind: OpKind,
    /// Name.
    pub name: String,
    /// Namespace.
    pub namespace: String,
    /// Binding, or none for unbound operations.
    pub binding: Option<Binding>,
    /// Parameters, without the binding parameter.
    pub parameters: Vec<Parameter>,
    /// Return type.
    pub returns: Option<TypeRef>,
    /// `IsComposable`.
    pub composable: bool,
    /// `EntitySetPath`.
    pub entity_set_path: Option<String>,
    /// HTTP facts.
    pub http: Http,
    /// Permissions from the first doc page that has them, least to most
    /// privileged (each page's own are in `pages`).
    pub permissions: Option<Permissions>,
    /// The first doc page, relative to its docs directory.
    pub doc: Option<String>,
    /// Every doc page that documents it, in page order, with what each says.
    pub pages: Vec<OperationPage>,
    /// Descriptions.
    pub docs: Docs,
    /// Annotations.
    pub facts: Vec<Fact>,
    /// Where it is declared.
    pub loc: Location,
}

/// The permissions a doc page gives an operation, least privileged first.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Permissions {
    /// Delegated (work or school account).
    pub delegated_work: Option<Vec<String>>,
    /// Delegated (personal Microsoft account).
    pub delegated_personal: Option<Vec<String>>,
    /// Application.
    pub application: Option<Vec<String>>,
    /// Line of the table's header in its page.
    pub line: u32,
}

impl From<&crate::read::docs::Permissions> for Permissions {
    fn from(p: &crate::read::docs::Permissions) -> Self {
        Permissions {
            delegated_work: p.delegated_work.clone(),
            delegated_personal: p.delegated_personal.clone(),
            application: p.application.clone(),
            line: p.line,
        }
    }
}

impl Permissions {
    /// The same lists, ignoring where they were written.
    pub fn same_lists(&self, other: &Permissions) -> bool {
        self.delegated_work == other.delegated_work
            && self.delegated_personal == other.delegated_personal
            && self.application == other.application
    }
}

/// One doc page's facts about an operation.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct OperationPage {
    /// The page, relative to its docs directory.
    pub page: String,
    /// The page's documented paths that reach the operation.
    pub paths: Vec<String>,
    /// The page's permissions table.
    pub permissions: Option<Permissions>,
    /// The success status the page's response section gives.
    pub success_status: Option<u16>,
    /// Request headers the page documents beyond those every request carries
    /// (`ConsistencyLevel`, `Prefer`, `If-Match`, ...).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<RequestHeader>,
}

/// A request header a doc page documents for an operation.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RequestHeader {
    /// The header's name as written.
    pub name: String,
    /// Its value and notes, as written.
    pub value: String,
}

impl OperationPage {
    /// What this page says otherwise than `other` (of the same operation):
    /// `permissions` and/or `success status`, where both say something.
    pub fn differences(&self, other: &OperationPage) -> Vec<&'static str> {
        let mut out = Vec::new();
        if let (Some(a), Some(b)) = (&self.permissions, &other.permissions) {
            if !a.same_lists(b) {
                out.push("permissions");
            }
        }
        if let (Some(a), Some(b)) = (self.success_status, other.success_status) {
            if a != b {
                out.push("success status");
            }
        }
        out
    }
}

/// An entity set or singleton: an entry point of the navigation graph.
#[derive(Debug, Clone)]
pub struct Root {
    /// Name, the first path segment.
    pub name: String,
    /// Fully qualified entity type.
    pub type_name: String,
    /// A singleton (one entity) rather than an entity set (a collection).
    pub singleton: bool,
    /// `NavigationPropertyBinding`s: (path, target).
    pub bindings: Vec<(String, String)>,
    /// Annotations (including `Capabilities.*` restrictions).
    pub facts: Vec<Fact>,
    /// Where it is declared.
    pub loc: Location,
}

/// An `ActionImport` or `FunctionImport`.
#[derive(Debug, Clone)]
pub struct Import {
    /// Name, the path segment.
    pub name: String,
    /// Action or function.
    pub kind: OperationKind,
    /// The imported operation's fully qualified name.
    pub operation: String,
    /// `EntitySet`.
    pub entity_set: Option<String>,
    /// Where it is declared.
    pub loc: Location,
}

/// A `Term` declaration.
#[derive(Debug, Clone)]
pub struct Term {
    /// Fully qualified name.
    pub name: String,
    /// Type as written.
    pub type_name: String,
    /// `AppliesTo`.
    pub applies_to: Option<String>,
    /// Where it is declared.
    pub loc: Location,
}

/// The whole resolved model.
#[derive(Debug, Clone, Default)]
pub struct Model {
    /// Input files, in order.
    pub sources: Vec<String>,
    /// Namespace -> alias.
    pub namespaces: BTreeMap<String, Option<String>>,
    /// Entity and complex types by qualified name.
    pub types: BTreeMap<String, StructType>,
    /// Enum types by qualified name.
    pub enums: BTreeMap<String, EnumType>,
    /// Type definitions by qualified name.
    pub type_definitions: BTreeMap<String, TypeDefinition>,
    /// Operations, sorted by (namespace, name, binding).
    pub operations: Vec<Operation>,
    /// Entity container name.
    pub container_name: Option<String>,
    /// Entity sets and singletons, sorted by name.
    pub roots: Vec<Root>,
    /// Operation imports, sorted by name.
    pub imports: Vec<Import>,
    /// Terms by qualified name.
    pub terms: BTreeMap<String, Term>,
    /// Direct derived types of each type.
    pub derived: BTreeMap<String, BTreeSet<String>>,
    /// Warnings (errors stop `build`).
    pub diagnostics: Vec<Diagnostic>,
}

impl Model {
    /// For each import, in the order of [`Model::imports`], the unbound
    /// operations it calls: every overload of its operation's name in its
    /// namespace, in declaration order. The one index from imports to
    /// operations; build it once and look up by import position.
    pub fn import_targets(&self) -> Vec<Vec<usize>> {
        let mut unbound: BTreeMap<(&str, &str), Vec<usize>> = BTreeMap::new();
        for (i, op) in self.operations.iter().enumerate() {
            if op.binding.is_none() {
                unbound
                    .entry((op.namespace.as_str(), op.name.as_str()))
                    .or_default()
                    .push(i);
            }
        }
        self.imports
            .iter()
            .map(|import| {
                let (ns, local) = import
                    .operation
                    .rsplit_once('.')
                    .unwrap_or(("", import.operation.as_str()));
                unbound.get(&(ns, local)).cloned().unwrap_or_default()
            })
            .collect()
    }

    /// The inheritance chain of a type, the type itself first.
    pub fn chain<'m>(&'m self, name: &str) -> Vec<&'m StructType> {
        let mut out = Vec::new();
        let mut cur = self.types.get(name);
        while let Some(t) = cur {
            if out.iter().any(|o: &&StructType| o.name == t.name) {
                break; // cycles are rejected in build; stay safe anyway
            }
            out.push(t);
            cur = t.base.as_deref().and_then(|b| self.types.get(b));
        }
        out
    }

    /// All properties of a type, inherited ones first; a redeclared name keeps
    /// the base's position and the most derived declaration.
    pub fn all_properties<'m>(&'m self, name: &str) -> Vec<&'m Property> {
        let chain = self.chain(name);
        if let [only] = chain.as_slice() {
            return only.properties.iter().collect();
        }
        let mut out: Vec<&Property> = Vec::new();
        for t in chain.into_iter().rev() {
            for p in &t.properties {
                match out.iter_mut().find(|o| o.name == p.name) {
                    Some(slot) => *slot = p,
                    None => out.push(p),
                }
            }
        }
        out
    }

    /// Every type derived from `name`, directly or not, sorted by name.
    pub fn descendants(&self, name: &str) -> Vec<&str> {
        let mut out = BTreeSet::new();
        let mut stack = vec![name];
        while let Some(n) = stack.pop() {
            if let Some(ds) = self.derived.get(n) {
                for d in ds {
                    if out.insert(d.as_str()) {
                        stack.push(d);
                    }
                }
            }
        }
        out.into_iter().collect()
    }

    /// True if `sub` is `sup` or derives from it.
    pub fn is_a(&self, sub: &str, sup: &str) -> bool {
        self.chain(sub).iter().any(|t| t.name == sup)
    }
}

/// Core vocabulary terms the model interprets.
/// Graph's own namespace: its operations are called by their bare names.
pub const GRAPH_NAMESPACE: &str = "microsoft.graph";

impl Operation {
    /// The path segment that names a bound operation: unqualified in
    /// Graph's own namespace, as Graph documents it; qualified elsewhere.
    pub fn segment_name(&self) -> String {
        if self.namespace == GRAPH_NAMESPACE {
            self.name.clone()
        } else {
            format!("{}.{}", self.namespace, self.name)
        }
    }
}

pub mod terms {
    /// `Core.Description`.
    pub const DESCRIPTION: &str = "Org.OData.Core.V1.Description";
    /// `Core.LongDescription`.
    pub const LONG_DESCRIPTION: &str = "Org.OData.Core.V1.LongDescription";
    /// `Core.Computed`.
    pub const COMPUTED: &str = "Org.OData.Core.V1.Computed";
    /// `Core.Immutable`.
    pub const IMMUTABLE: &str = "Org.OData.Core.V1.Immutable";
    /// `Core.OptionalParameter`.
    pub const OPTIONAL_PARAMETER: &str = "Org.OData.Core.V1.OptionalParameter";
    /// `Core.Permissions`.
    pub const PERMISSIONS: &str = "Org.OData.Core.V1.Permissions";
    /// Prefix of `Capabilities.*` terms.
    pub const CAPABILITIES: &str = "Org.OData.Capabilities.V1.";
}
