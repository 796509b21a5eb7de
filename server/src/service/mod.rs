//! What the server does with a request, between its route and the SQL under `db/`.

pub mod push;
pub mod records;
pub mod retention;
