//! What a request brought in from a sheet carries: the row as the head office's import
//! sends it, the service delivered it may give, and where the request came from.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::life::status::CaseStatus;
use crate::life::workflow::Service;
use crate::people::UserRef;
use crate::region::SupportType;
use crate::request::income::Halalas;
use crate::request::RequestForm;

/// A service delivered (H7) as a sheet gives it, checked by the rules of one recorded by
/// hand.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportedService {
    /// What kind of support.
    pub kind: SupportType,
    /// The day it was delivered.
    pub delivered_on: NaiveDate,
    /// What it cost.
    pub amount: Halalas,
    /// The supplier or contractor.
    pub supplier: String,
}

/// Where a request brought in from a sheet came from: the file and its row, who brought
/// it in and when. Shown on the request's timeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Imported {
    /// The file's name.
    pub file: String,
    /// The row, the headers' row being 1.
    pub row: u32,
    /// Who brought it in.
    pub by: UserRef,
    /// When.
    pub at: DateTime<Utc>,
}

/// A row of a sheet, as the import's mutation brings it in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportedRequest {
    /// The file's name.
    pub file: String,
    /// The row, the headers' row being 1.
    pub row: u32,
    /// Where the request stands.
    pub status: CaseStatus,
    /// The day it was handed in, when the sheet gives it.
    pub submitted_on: Option<NaiveDate>,
    /// The beneficiary's file number, when the sheet gives one.
    pub file_number: Option<String>,
    /// A service delivered, when the sheet gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<ImportedService>,
    /// The request: what the sheet gives of it (and, for a request brought in before,
    /// what it held that the sheet does not give).
    pub request: RequestForm,
}

impl ImportedRequest {
    /// The longest file name kept.
    pub const FILE_MAX: usize = 200;
    /// The longest file number.
    pub const FILE_NUMBER_MAX: usize = 40;

    /// Whether the row keeps within what any sheet gives: a name, a row, a status past a
    /// draft, and texts of their lengths.
    pub(crate) fn well_formed(&self) -> bool {
        !self.file.trim().is_empty()
            && self.file.chars().count() <= Self::FILE_MAX
            && self.row >= 2
            && self.status != CaseStatus::Draft
            && self
                .file_number
                .as_ref()
                .is_none_or(|n| !n.is_empty() && n.chars().count() <= Self::FILE_NUMBER_MAX)
            && self
                .service
                .as_ref()
                .is_none_or(|s| s.supplier.chars().count() <= Service::SUPPLIER_MAX)
            && self.request.within_limits()
    }
}
