//! The domain of the beneficiary relations system, shared by the browser app and the server.
//!
//! Every rule lives here once: identifiers that can only be built valid, the case and its
//! parts, the status machine, field validation with typed codes, and the sync protocol.
//! No I/O: this crate compiles for `wasm32-unknown-unknown` and for the server alike.

pub mod vocabulary;

pub mod access;
pub mod accounts;
pub mod api;
pub mod attestation;
pub mod audit;
pub mod case;
pub mod committee;
pub mod dates;
pub mod devices;
pub mod digits;
pub mod document_kind;
pub mod documents;
pub mod erasure;
pub mod filters;
pub mod identity;
pub mod ids;
pub mod import;
pub mod imported;
pub mod library;
pub mod life;
pub mod messages;
pub mod my_data;
pub mod people;
pub mod records;
pub mod reference;
pub mod region;
pub mod reports;
pub mod request;
pub mod retention;
pub mod search;
pub mod setup;
pub mod staff_import;
pub mod sync;
pub mod text;
pub mod texts;
pub mod validation;

pub use access::Area;
pub use case::Case;
pub use ids::{CaseId, Mobile, MutationId, NationalId, ReferralId, ServiceId};
pub use life::status::{CaseStatus, Role};
pub use reference::Reference;
pub use region::{Channel, Governorate, SupportType};
pub use request::RequestForm;
pub use vocabulary::Vocabulary;
