//! The research committee's papers, online and printable: the agenda of the requests
//! waiting for it, the meetings held, and each meeting's minute.

pub mod agenda;
pub mod minutes;
