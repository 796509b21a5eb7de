//! One module per route.

pub mod account;
pub mod accounts;
pub mod case_filters;
pub mod case_list;
pub mod case_print;
pub mod committee;
pub mod devices;
pub mod erasures;
pub mod feedback;
pub mod forgot;
pub mod library;
pub mod login;
pub mod my_data;
pub mod office;
pub mod password;
pub mod receipt;
pub mod reception;
pub mod register;
pub mod request;
pub mod setup;
pub mod start;
