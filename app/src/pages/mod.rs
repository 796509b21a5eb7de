//! One module per route.

pub mod case_list;
pub mod login;
pub mod receipt;
pub mod register;
pub mod request;
