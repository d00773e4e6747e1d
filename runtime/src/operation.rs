//! What the generator knows about each operation, as data users can read at
//! run time: method, documented paths, success status and permissions.

/// The kind of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum OperationKind {
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

/// The permissions a doc page lists, least privileged first. `None` means
/// the page has no row for that kind of caller; an empty list means "Not
/// supported".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Permissions {
    /// Delegated (work or school account).
    pub delegated_work: Option<&'static [&'static str]>,
    /// Delegated (personal Microsoft account).
    pub delegated_personal: Option<&'static [&'static str]>,
    /// Application.
    pub application: Option<&'static [&'static str]>,
}

/// One operation of the Graph API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct OperationInfo {
    /// The CSDL name (actions, functions) or the entity set or navigation property (CRUD).
    pub name: &'static str,
    /// What it is.
    pub kind: OperationKind,
    /// The fully qualified binding type, if bound.
    pub binding: Option<&'static str>,
    /// Bound to a collection of the binding type.
    pub collection: bool,
    /// The HTTP method.
    pub method: &'static str,
    /// Paths as documented (or derived from the container where no page exists).
    pub paths: &'static [&'static str],
    /// The success status code.
    pub success_status: u16,
    /// Permissions from the doc page, if one was read.
    pub permissions: Option<Permissions>,
    /// The doc page, relative to the docs directory.
    pub doc: Option<&'static str>,
    /// When several doc pages document the operation and disagree (on
    /// permissions or the success status), each page with its own paths and
    /// permissions; empty when they agree (then `permissions` holds for all).
    pub pages: &'static [PageInfo],
}

/// What one doc page says of an operation that several pages document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PageInfo {
    /// The page, relative to the docs directory.
    pub doc: &'static str,
    /// Its documented paths.
    pub paths: &'static [&'static str],
    /// Its permissions table, if it has one.
    pub permissions: Option<Permissions>,
    /// Its success status, if it gives one.
    pub success_status: Option<u16>,
}

impl Permissions {
    /// The permissions of each kind of caller.
    pub const fn new(
        delegated_work: Option<&'static [&'static str]>,
        delegated_personal: Option<&'static [&'static str]>,
        application: Option<&'static [&'static str]>,
    ) -> Self {
        Permissions {
            delegated_work,
            delegated_personal,
            application,
        }
    }
}

impl OperationInfo {
    /// All the facts of one operation, in field order (generated code writes
    /// them as a struct literal instead, which names each).
    #[allow(clippy::too_many_arguments)]
    pub const fn new(
        name: &'static str,
        kind: OperationKind,
        binding: Option<&'static str>,
        collection: bool,
        method: &'static str,
        paths: &'static [&'static str],
        success_status: u16,
        permissions: Option<Permissions>,
        doc: Option<&'static str>,
    ) -> Self {
        OperationInfo {
            name,
            kind,
            binding,
            collection,
            method,
            paths,
            success_status,
            permissions,
            doc,
            pages: &[],
        }
    }
}
