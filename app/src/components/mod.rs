//! Widgets shared by pages.

pub mod field;
pub mod header;
pub mod location;
pub mod sync_indicator;
