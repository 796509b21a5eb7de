//! What the server does with a request, between its route and the SQL under `db/`.

pub mod erasures;
pub mod feedback;
pub mod identity;
pub mod import;
pub mod push;
pub mod records;
pub mod retention;
pub mod setup;
pub mod staff_import;
