//! Reads one CSDL XML document (OData CSDL XML 4.01) into [`ast::Document`],
//! streaming with quick-xml. Every element keeps its `file:line:col`.
//!
//! Unknown elements and attributes are never fatal: they are skipped with a
//! warning (one per distinct name, with the first place and a count, so that
//! Graph's thousands of `ags:OwnerService` attributes give one line).

use std::collections::BTreeMap;
use std::sync::Arc;

use super::ast::*;
use super::xml::{Element, Next, XmlReader};
use crate::diag::{Diagnostic, LineIndex, Location};

/// The result of reading one file: the document and the warnings found.
#[derive(Debug)]
pub struct Parsed {
    /// The document.
    pub document: Document,
    /// Warnings (unknown elements, foreign attributes).
    pub warnings: Vec<Diagnostic>,
}

/// Read a CSDL document from bytes. `file` names it in diagnostics.
pub fn parse(file: &str, bytes: &[u8]) -> Result<Parsed, Diagnostic> {
    let file: Arc<str> = Arc::from(file);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let loc = LineIndex::new(bytes).locate(&file, bytes, e.valid_up_to());
            return Err(Diagnostic::error(
                "not-utf8",
                loc,
                "the file is not valid UTF-8 text",
            ));
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut p = Parser {
        xml: XmlReader::new(file.clone(), text),
        unknown: BTreeMap::new(),
    };
    let root = p.xml.root()?;
    if root.name != "Edmx" {
        return Err(Diagnostic::error(
            "not-edmx",
            root.loc.clone(),
            format!(
                "expected the root element <edmx:Edmx>, found <{}>",
                qualified(&root)
            ),
        ));
    }
    let document = p.edmx(&root)?;
    // Nothing but comments may follow the root.
    match p.xml.next_node()? {
        Next::End => {}
        Next::Child(el) => {
            return Err(Diagnostic::error(
                "xml-syntax",
                el.loc,
                "a second root element follows <edmx:Edmx>",
            ))
        }
        Next::Text(_, loc) => {
            return Err(Diagnostic::error(
                "xml-syntax",
                loc,
                "text follows the root element",
            ))
        }
    }
    let warnings = p
        .unknown
        .into_iter()
        .map(|((code, what), (loc, count))| {
            let times = if count > 1 {
                format!(" ({count} times; first here)")
            } else {
                String::new()
            };
            Diagnostic::warning(
                code,
                loc,
                format!("{what} is not understood and was skipped{times}"),
            )
        })
        .collect();
    Ok(Parsed { document, warnings })
}

fn qualified(el: &Element<'_>) -> String {
    match el.prefix {
        Some(p) => format!("{p}:{}", el.name),
        None => el.name.to_owned(),
    }
}

struct Parser<'a> {
    xml: XmlReader<'a>,
    /// (code, description) -> (first location, count)
    unknown: BTreeMap<(&'static str, String), (Location, usize)>,
}

impl<'a> Parser<'a> {
    fn note(&mut self, code: &'static str, what: String, loc: &Location) {
        self.unknown
            .entry((code, what))
            .or_insert_with(|| (loc.clone(), 0))
            .1 += 1;
    }

    /// Warn about attributes the element's reader did not use.
    fn finish(&mut self, el: &Element<'a>) {
        let unread: Vec<String> = el.unread().map(|(k, _)| k.to_owned()).collect();
        for key in unread {
            let what = if key.contains(':') {
                format!("foreign attribute `{key}` on <{}>", el.name)
            } else {
                format!("attribute `{key}` on <{}>", el.name)
            };
            self.note("unknown-attribute", what, &el.loc);
        }
    }

    fn unknown_element(&mut self, el: &Element<'a>, parent: &str) -> Result<(), Diagnostic> {
        self.note(
            "unknown-element",
            format!("element <{}> inside <{parent}>", qualified(el)),
            &el.loc,
        );
        self.xml.skip(el)
    }

    /// Visit each child element of `el`; text between children is a warning.
    fn children(
        &mut self,
        el: &Element<'a>,
        mut f: impl FnMut(&mut Self, Element<'a>) -> Result<(), Diagnostic>,
    ) -> Result<(), Diagnostic> {
        self.finish(el);
        if el.empty {
            return Ok(());
        }
        loop {
            match self.xml.next_node()? {
                Next::Child(child) => f(self, child)?,
                Next::Text(_, loc) => self.note(
                    "unexpected-text",
                    format!("text inside <{}>", el.name),
                    &loc,
                ),
                Next::End => return Ok(()),
            }
        }
    }

    fn edmx(&mut self, el: &Element<'a>) -> Result<Document, Diagnostic> {
        let mut doc = Document {
            version: el.opt("Version").unwrap_or_default(),
            ..Document::default()
        };
        self.children(el, |p, child| match child.name {
            "Reference" => {
                let r = p.reference(&child)?;
                doc.references.push(r);
                Ok(())
            }
            "DataServices" => p.children(&child, |p, schema| match schema.name {
                "Schema" => {
                    let s = p.schema(&schema)?;
                    doc.schemas.push(s);
                    Ok(())
                }
                _ => p.unknown_element(&schema, "edmx:DataServices"),
            }),
            _ => p.unknown_element(&child, "edmx:Edmx"),
        })?;
        Ok(doc)
    }

    fn reference(&mut self, el: &Element<'a>) -> Result<Reference, Diagnostic> {
        let mut r = Reference {
            uri: el.req("Uri")?,
            includes: Vec::new(),
            loc: el.loc.clone(),
        };
        self.children(el, |p, child| match child.name {
            "Include" => {
                r.includes
                    .push((child.req("Namespace")?, child.opt("Alias")));
                p.children(&child, |p, c| p.unknown_element(&c, "edmx:Include"))
            }
            _ => p.unknown_element(&child, "edmx:Reference"),
        })?;
        Ok(r)
    }

    fn schema(&mut self, el: &Element<'a>) -> Result<Schema, Diagnostic> {
        let mut s = Schema {
            namespace: el.req("Namespace")?,
            alias: el.opt("Alias"),
            structured: Vec::new(),
            enums: Vec::new(),
            type_definitions: Vec::new(),
            operations: Vec::new(),
            containers: Vec::new(),
            terms: Vec::new(),
            annotations: Vec::new(),
            loc: el.loc.clone(),
        };
        self.children(el, |p, child| {
            match child.name {
                "EntityType" => s
                    .structured
                    .push(p.structured(&child, StructuredKind::Entity)?),
                "ComplexType" => s
                    .structured
                    .push(p.structured(&child, StructuredKind::Complex)?),
                "EnumType" => s.enums.push(p.enum_type(&child)?),
                "TypeDefinition" => s.type_definitions.push(p.type_definition(&child)?),
                "Action" => s
                    .operations
                    .push(p.operation(&child, OperationKind::Action)?),
                "Function" => s
                    .operations
                    .push(p.operation(&child, OperationKind::Function)?),
                "EntityContainer" => s.containers.push(p.container(&child)?),
                "Term" => s.terms.push(p.term(&child)?),
                "Annotations" => s.annotations.push(p.annotations_block(&child)?),
                "Annotation" => {
                    // A schema-level annotation applies to the schema itself.
                    let a = p.annotation(&child)?;
                    s.annotations.push(AnnotationsBlock {
                        target: s.namespace.clone(),
                        qualifier: None,
                        loc: a.loc.clone(),
                        annotations: vec![a],
                    });
                }
                _ => p.unknown_element(&child, "Schema")?,
            }
            Ok(())
        })?;
        Ok(s)
    }

    fn facets(el: &Element<'a>) -> Result<Facets, Diagnostic> {
        Ok(Facets {
            max_length: el.opt("MaxLength"),
            precision: el.opt("Precision"),
            scale: el.opt("Scale"),
            unicode: el.bool_attr("Unicode")?,
            srid: el.opt("SRID"),
        })
    }

    fn structured(
        &mut self,
        el: &Element<'a>,
        kind: StructuredKind,
    ) -> Result<StructuredType, Diagnostic> {
        let mut t = StructuredType {
            kind,
            name: el.req("Name")?,
            base_type: el.opt("BaseType"),
            is_abstract: el.bool_attr("Abstract")?.unwrap_or(false),
            open_type: el.bool_attr("OpenType")?.unwrap_or(false),
            has_stream: el.bool_attr("HasStream")?.unwrap_or(false),
            key: Vec::new(),
            properties: Vec::new(),
            navigation: Vec::new(),
            annotations: Vec::new(),
            loc: el.loc.clone(),
        };
        self.children(el, |p, child| {
            match child.name {
                "Key" => p.children(&child, |p, r| match r.name {
                    "PropertyRef" => {
                        t.key.push(r.req("Name")?);
                        let _ = r.attr("Alias");
                        p.children(&r, |p, c| p.unknown_element(&c, "PropertyRef"))
                    }
                    _ => p.unknown_element(&r, "Key"),
                })?,
                "Property" => {
                    let mut prop = Property {
                        name: child.req("Name")?,
                        type_name: child.req("Type")?,
                        nullable: child.bool_attr("Nullable")?,
                        default_value: child.opt("DefaultValue"),
                        facets: Self::facets(&child)?,
                        annotations: Vec::new(),
                        loc: child.loc.clone(),
                    };
                    prop.annotations = p.inline_annotations(&child, "Property")?;
                    t.properties.push(prop);
                }
                "NavigationProperty" => {
                    let mut nav = NavigationProperty {
                        name: child.req("Name")?,
                        type_name: child.req("Type")?,
                        nullable: child.bool_attr("Nullable")?,
                        contains_target: child.bool_attr("ContainsTarget")?.unwrap_or(false),
                        partner: child.opt("Partner"),
                        annotations: Vec::new(),
                        loc: child.loc.clone(),
                    };
                    nav.annotations = p.inline_annotations(&child, "NavigationProperty")?;
                    t.navigation.push(nav);
                }
                "Annotation" => t.annotations.push(p.annotation(&child)?),
                _ => p.unknown_element(&child, el.name)?,
            }
            Ok(())
        })?;
        Ok(t)
    }

    /// Children of an element that may only hold annotations.
    fn inline_annotations(
        &mut self,
        el: &Element<'a>,
        parent: &str,
    ) -> Result<Vec<Annotation>, Diagnostic> {
        let mut out = Vec::new();
        self.children(el, |p, child| {
            match child.name {
                "Annotation" => out.push(p.annotation(&child)?),
                _ => p.unknown_element(&child, parent)?,
            }
            Ok(())
        })?;
        Ok(out)
    }

    fn enum_type(&mut self, el: &Element<'a>) -> Result<EnumType, Diagnostic> {
        let mut e = EnumType {
            name: el.req("Name")?,
            is_flags: el.bool_attr("IsFlags")?.unwrap_or(false),
            underlying_type: el.opt("UnderlyingType"),
            members: Vec::new(),
            annotations: Vec::new(),
            loc: el.loc.clone(),
        };
        self.children(el, |p, child| {
            match child.name {
                "Member" => {
                    let mut m = EnumMember {
                        name: child.req("Name")?,
                        value: child.opt("Value"),
                        annotations: Vec::new(),
                        loc: child.loc.clone(),
                    };
                    m.annotations = p.inline_annotations(&child, "Member")?;
                    e.members.push(m);
                }
                "Annotation" => e.annotations.push(p.annotation(&child)?),
                _ => p.unknown_element(&child, "EnumType")?,
            }
            Ok(())
        })?;
        Ok(e)
    }

    fn type_definition(&mut self, el: &Element<'a>) -> Result<TypeDefinition, Diagnostic> {
        let mut t = TypeDefinition {
            name: el.req("Name")?,
            underlying_type: el.req("UnderlyingType")?,
            facets: Self::facets(el)?,
            annotations: Vec::new(),
            loc: el.loc.clone(),
        };
        t.annotations = self.inline_annotations(el, "TypeDefinition")?;
        Ok(t)
    }

    fn operation(
        &mut self,
        el: &Element<'a>,
        kind: OperationKind,
    ) -> Result<Operation, Diagnostic> {
        let mut op = Operation {
            kind,
            name: el.req("Name")?,
            is_bound: el.bool_attr("IsBound")?.unwrap_or(false),
            is_composable: el.bool_attr("IsComposable")?.unwrap_or(false),
            entity_set_path: el.opt("EntitySetPath"),
            parameters: Vec::new(),
            return_type: None,
            annotations: Vec::new(),
            loc: el.loc.clone(),
        };
        self.children(el, |p, child| {
            match child.name {
                "Parameter" => {
                    let mut param = Parameter {
                        name: child.req("Name")?,
                        type_name: child.req("Type")?,
                        nullable: child.bool_attr("Nullable")?,
                        facets: Self::facets(&child)?,
                        annotations: Vec::new(),
                        loc: child.loc.clone(),
                    };
                    param.annotations = p.inline_annotations(&child, "Parameter")?;
                    op.parameters.push(param);
                }
                "ReturnType" => {
                    let rt = ReturnType {
                        type_name: child.req("Type")?,
                        nullable: child.bool_attr("Nullable")?,
                        loc: child.loc.clone(),
                    };
                    // Facets on return types are facts we do not use yet.
                    let _ = Self::facets(&child)?;
                    let _ = p.inline_annotations(&child, "ReturnType")?;
                    op.return_type = Some(rt);
                }
                "Annotation" => op.annotations.push(p.annotation(&child)?),
                _ => p.unknown_element(&child, el.name)?,
            }
            Ok(())
        })?;
        Ok(op)
    }

    fn entity_set(&mut self, el: &Element<'a>, type_attr: &str) -> Result<EntitySet, Diagnostic> {
        let mut set = EntitySet {
            name: el.req("Name")?,
            type_name: el.req(type_attr)?,
            bindings: Vec::new(),
            annotations: Vec::new(),
            loc: el.loc.clone(),
        };
        let _ = el.attr("IncludeInServiceDocument");
        self.children(el, |p, child| {
            match child.name {
                "NavigationPropertyBinding" => {
                    set.bindings
                        .push((child.req("Path")?, child.req("Target")?));
                    p.children(&child, |p, c| {
                        p.unknown_element(&c, "NavigationPropertyBinding")
                    })?;
                }
                "Annotation" => set.annotations.push(p.annotation(&child)?),
                _ => p.unknown_element(&child, el.name)?,
            }
            Ok(())
        })?;
        Ok(set)
    }

    fn container(&mut self, el: &Element<'a>) -> Result<EntityContainer, Diagnostic> {
        let mut c = EntityContainer {
            name: el.req("Name")?,
            entity_sets: Vec::new(),
            singletons: Vec::new(),
            imports: Vec::new(),
            annotations: Vec::new(),
            loc: el.loc.clone(),
        };
        let _ = el.attr("Extends");
        self.children(el, |p, child| {
            match child.name {
                "EntitySet" => c.entity_sets.push(p.entity_set(&child, "EntityType")?),
                "Singleton" => c.singletons.push(p.entity_set(&child, "Type")?),
                "ActionImport" | "FunctionImport" => {
                    let (kind, attr) = if child.name == "ActionImport" {
                        (OperationKind::Action, "Action")
                    } else {
                        (OperationKind::Function, "Function")
                    };
                    let import = OperationImport {
                        kind,
                        name: child.req("Name")?,
                        operation: child.req(attr)?,
                        entity_set: child.opt("EntitySet"),
                        loc: child.loc.clone(),
                    };
                    let _ = child.attr("IncludeInServiceDocument");
                    p.inline_annotations(&child, child.name)?;
                    c.imports.push(import);
                }
                "Annotation" => c.annotations.push(p.annotation(&child)?),
                _ => p.unknown_element(&child, "EntityContainer")?,
            }
            Ok(())
        })?;
        Ok(c)
    }

    fn term(&mut self, el: &Element<'a>) -> Result<Term, Diagnostic> {
        let t = Term {
            name: el.req("Name")?,
            type_name: el.req("Type")?,
            applies_to: el.opt("AppliesTo"),
            default_value: el.opt("DefaultValue"),
            loc: el.loc.clone(),
        };
        let _ = (el.attr("Nullable"), el.attr("BaseTerm"), Self::facets(el)?);
        self.inline_annotations(el, "Term")?;
        Ok(t)
    }

    fn annotations_block(&mut self, el: &Element<'a>) -> Result<AnnotationsBlock, Diagnostic> {
        let mut b = AnnotationsBlock {
            target: el.req("Target")?,
            qualifier: el.opt("Qualifier"),
            annotations: Vec::new(),
            loc: el.loc.clone(),
        };
        b.annotations = self.inline_annotations(el, "Annotations")?;
        Ok(b)
    }

    fn annotation(&mut self, el: &Element<'a>) -> Result<Annotation, Diagnostic> {
        let term = el.req("Term")?;
        let qualifier = el.opt("Qualifier");
        let mut value = Self::attribute_value(el)?;
        self.children(el, |p, child| {
            match child.name {
                "Annotation" => {
                    // Annotations of annotations: not used by the generator.
                    p.annotation(&child)?;
                }
                _ => value = p.expression(child)?,
            }
            Ok(())
        })?;
        Ok(Annotation {
            term,
            qualifier,
            value,
            loc: el.loc.clone(),
        })
    }

    /// The constant expression given as an attribute (§14.4), if any.
    fn attribute_value(el: &Element<'a>) -> Result<AnnotationValue, Diagnostic> {
        if let Some(b) = el.bool_attr("Bool")? {
            return Ok(AnnotationValue::Bool(b));
        }
        const SCALARS: [&str; 16] = [
            "String",
            "Int",
            "Decimal",
            "Float",
            "Date",
            "DateTimeOffset",
            "Duration",
            "TimeOfDay",
            "Guid",
            "Binary",
            "EnumMember",
            "Path",
            "PropertyPath",
            "NavigationPropertyPath",
            "AnnotationPath",
            "UrlRef",
        ];
        for kind in SCALARS {
            if let Some(v) = el.attr(kind) {
                return Ok(AnnotationValue::Scalar {
                    kind: kind.to_owned(),
                    value: v.to_owned(),
                });
            }
        }
        Ok(AnnotationValue::Empty)
    }

    /// An expression element (§14.4, §14.5).
    fn expression(&mut self, el: Element<'a>) -> Result<AnnotationValue, Diagnostic> {
        match el.name {
            "Record" => {
                let _ = el.attr("Type");
                let mut fields = Vec::new();
                self.children(&el, |p, child| {
                    match child.name {
                        "PropertyValue" => {
                            let name = child.req("Property")?;
                            let mut v = Self::attribute_value(&child)?;
                            p.children(&child, |p, c| {
                                if c.name != "Annotation" {
                                    v = p.expression(c)?;
                                } else {
                                    p.annotation(&c)?;
                                }
                                Ok(())
                            })?;
                            fields.push((name, v));
                        }
                        "Annotation" => {
                            p.annotation(&child)?;
                        }
                        _ => p.unknown_element(&child, "Record")?,
                    }
                    Ok(())
                })?;
                Ok(AnnotationValue::Record(fields))
            }
            "Collection" => {
                let mut items = Vec::new();
                self.children(&el, |p, child| {
                    items.push(p.expression(child)?);
                    Ok(())
                })?;
                Ok(AnnotationValue::Collection(items))
            }
            "Bool" => {
                let t = self.xml.text_content(&el)?;
                Ok(AnnotationValue::Bool(t == "true"))
            }
            _ => {
                // Scalars and paths: keep the element's name and text.
                self.finish(&el);
                let value = self.xml.text_content(&el)?;
                Ok(AnnotationValue::Scalar {
                    kind: el.name.to_owned(),
                    value,
                })
            }
        }
    }
}
