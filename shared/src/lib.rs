//! The domain of the beneficiary relations system, shared by the browser app and the server.
//!
//! Every rule lives here once: identifiers that can only be built valid, the case and its
//! parts, the status machine, field validation with typed codes, and the sync protocol.
//! No I/O: this crate compiles for `wasm32-unknown-unknown` and for the server alike.

pub mod api;
pub mod case;
pub mod digits;
pub mod ids;
pub mod region;
pub mod status;
pub mod sync;
pub mod validation;

pub use case::{Case, CaseInput, PersonName};
pub use ids::{CaseId, Mobile, MutationId, NationalId};
pub use region::{Channel, Governorate, SupportType, Vocabulary};
pub use status::{CaseStatus, Role};
