//! The case's life: its statuses, the mutations devices make, what each does when applied,
//! the workflow's steps and records after submission, and the field-level merge of edits.

pub(crate) mod apply;
pub mod merge;
pub mod mutation;
pub mod status;
pub mod steps;
pub mod workflow;

pub use apply::{apply, may_attach, may_fill};
