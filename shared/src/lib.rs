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
pub mod board;
pub mod case;
pub mod committee;
pub mod dates;
pub mod devices;
pub mod digits;
pub mod document_kind;
pub mod documents;
pub mod erasure;
pub mod feedback;
pub mod filters;
pub mod identity;
pub mod ids;
pub mod import;
pub mod imported;
pub mod inquiry;
pub mod merge;
pub mod messages;
pub mod mutation;
pub mod notices;
pub mod office;
pub mod people;
pub mod personal;
pub mod queues;
pub mod records;
pub mod reference;
pub mod region;
pub mod request;
pub mod retention;
pub mod search;
pub mod setup;
pub mod staff_import;
pub mod status;
pub mod steps;
pub mod sync;
pub mod text;
pub mod texts;
pub mod tools;
pub mod validation;
pub mod workflow;

pub use access::Area;
pub use case::Case;
pub use ids::{CaseId, Mobile, MutationId, NationalId, ReferralId, ServiceId};
pub use reference::Reference;
pub use region::{Channel, Governorate, SupportType};
pub use request::RequestForm;
pub use status::{CaseStatus, Role};
pub use vocabulary::Vocabulary;
