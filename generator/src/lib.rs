//! The Microsoft Graph beta code generator.
//!
//! Three stages, one folder each:
//! - [`read`]: CSDL XML into syntax trees with positions;
//! - [`model`]: resolved, validated intermediate model (no Rust decisions);
//! - [`emit`]: Rust code for the generated crate.
//!
//! [`pipeline`] ties them together for `cargo xtask`.

pub mod diag;
pub mod diff;
pub mod emit;
pub mod fetch;
pub mod fuzz;
pub mod lock;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod read;
