//! Records made on devices that are not cases (inquiries, needs and suggestions): one shape
//! for sending them, one for what became of each, one for pulling them back, and the rules
//! each kind answers. A new kind of record is a type and its [`Record`] rules; the server's
//! routes and tables and the device's store and sync loop follow from them.

use std::fmt::Debug;

use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::ids::MutationId;
use crate::people::{Actor, Scope};
use crate::validation::FieldError;

pub mod feedback;
pub mod inquiry;

/// A record's id: a UUIDv7 made on the device that makes it, so sending it again changes
/// nothing.
pub type RecordId = MutationId;

/// A kind of record made on devices, and its rules.
pub trait Record:
    Clone + Debug + PartialEq + Serialize + DeserializeOwned + Send + 'static
{
    /// What is typed on the device.
    type Input: Clone + Debug + PartialEq + Serialize + DeserializeOwned + Send + 'static;

    /// Names the kind: its route (`/api/{NAME}`), its table and its store on devices.
    const NAME: &'static str;
    /// The most one push may carry.
    const MAX_BATCH: usize = 200;

    /// Its id.
    fn id(&self) -> RecordId;
    /// When it was made, by its device's clock.
    fn at(&self) -> DateTime<Utc>;
    /// What was typed, as kept.
    fn input(&self) -> &Self::Input;

    /// Whether `actor` may send records of this kind at all.
    fn may_send(actor: &Actor) -> bool;
    /// The record kept for `new`, sent by `actor`: its input checked and tidied, with who
    /// sent it and where. The problems found when it is refused.
    fn accept(new: New<Self>, actor: &Actor) -> Result<Self, Vec<FieldError>>;
    /// Whose records `actor` pulls: the narrowing the server's query makes before
    /// [`Record::visible_to`] decides each.
    fn seen_from(actor: &Actor) -> Scope;
    /// Whether `actor` may see this one.
    fn visible_to(&self, actor: &Actor) -> bool;

    /// What a device sends of one it made and has not sent yet.
    fn to_send(&self) -> New<Self> {
        New {
            id: self.id(),
            at: self.at(),
            input: self.input().clone(),
        }
    }
}

/// One record as a device sends it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(bound = "")]
pub struct New<R: Record> {
    /// Made on the device.
    pub id: RecordId,
    /// When, by the device's clock.
    pub at: DateTime<Utc>,
    /// What was typed.
    pub input: R::Input,
}

/// The body of `POST /api/{NAME}`: records made on a device, in the order made.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(bound = "")]
pub struct Batch<R: Record> {
    /// Each with its id and time from the device. (Older apps named them after the kind.)
    #[serde(alias = "inquiries")]
    pub items: Vec<New<R>>,
}

/// What became of each record sent, in order: `None` when kept, the problems when refused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Results {
    /// One per record sent.
    pub results: Vec<Option<Vec<FieldError>>>,
}

/// The reply to `GET /api/{NAME}?cursor=N`: those visible to the user that were made or
/// changed after the cursor, each as it stands now.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(bound = "")]
pub struct Page<R: Record> {
    /// The records.
    pub items: Vec<R>,
    /// The cursor to ask from next.
    pub cursor: u64,
    /// Whether more wait.
    pub has_more: bool,
}

impl<R: Record> Page<R> {
    /// The most records one page holds.
    pub const LIMIT: u32 = 500;
}
