//! Stage 1, **read**: turn input files into syntax trees with positions.
//! Nothing here resolves names or makes Rust decisions.

pub mod ast;
pub mod csdl;
pub mod docs;
pub mod xml;
