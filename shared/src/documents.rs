//! The documents checklist (policy H2): which documents a request needs, what was attached,
//! and who verified each against its original, when.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::people::UserRef;
use crate::region::SupportType;
use crate::request::housing::Ownership;
use crate::request::RequestForm;
use crate::vocabulary::{vocabulary, Vocabulary};

pub use crate::document_kind::DocumentKind;

vocabulary! {
    /// When a kind of document is needed: always, or when the request says something.
    NeededWhen {
        Always = "always", "لكل طلب", "For every request";
        Household = "household", "إن كان للمتقدم أفراد أسرة", "If the applicant has a household";
        Income = "income", "إن كان للأسرة دخل", "If the household has an income";
        HomeOwned = "home_owned", "إن كان المسكن ملكًا للمتقدم", "If the applicant owns the home";
        HomeRented = "home_rented", "إن كان المسكن مستأجرًا", "If the home is rented";
        Illness = "illness", "إن كان في الأسرة مريض مزمن أو ذو إعاقة", "If a member has a chronic illness or a disability";
    }
}

impl NeededWhen {
    /// Whether what `form` claims calls for the document.
    pub fn holds(self, form: &RequestForm) -> bool {
        match self {
            Self::Always => true,
            Self::Household => !form.household.is_empty(),
            Self::Income => form.income.total().0 > 0,
            Self::HomeOwned => form.housing.ownership() == Some(Ownership::Owned),
            Self::HomeRented => form.housing.ownership() == Some(Ownership::Rented),
            Self::Illness => form.household.iter().any(|m| m.needs_medical_report()),
        }
    }
}

/// Whether a kind of support builds or repairs the home, which asks for its deed and photos.
fn builds(support: SupportType) -> bool {
    matches!(
        support,
        SupportType::Build | SupportType::CompleteConstruction | SupportType::Restoration
    )
}

/// When a request asking for `support` (or for nothing yet) needs `kind`, if it can.
fn needed_when(kind: DocumentKind, support: Option<SupportType>) -> Option<NeededWhen> {
    let builds = support.is_some_and(builds);
    Some(match kind {
        DocumentKind::NationalIdCopy => NeededWhen::Always,
        DocumentKind::FamilyRegister => NeededWhen::Household,
        DocumentKind::IncomeProof => NeededWhen::Income,
        DocumentKind::PropertyDeed if builds => NeededWhen::HomeOwned,
        DocumentKind::LeaseContract if support == Some(SupportType::RentPayment) => {
            NeededWhen::Always
        }
        DocumentKind::LeaseContract => NeededWhen::HomeRented,
        DocumentKind::HousePhotos if builds => NeededWhen::Always,
        DocumentKind::MedicalReport => NeededWhen::Illness,
        _ => return None,
    })
}

/// The documents a request for `support` may need, in checklist order, each with when it
/// does: what an applicant should have at hand before applying. The same rule as
/// [`required_documents`], read before any form is filled.
pub fn documents_for(support: SupportType) -> Vec<(DocumentKind, NeededWhen)> {
    DocumentKind::ALL
        .iter()
        .filter_map(|kind| needed_when(*kind, Some(support)).map(|when| (*kind, when)))
        .collect()
}

/// The documents `form` needs, in checklist order. The rule follows what the request
/// claims: a household needs its register, an income its proof, a building request its
/// deed (of an owned home) and photos, a rent request or a rented home its lease, a
/// declared illness its medical report.
pub fn required_documents(form: &RequestForm) -> Vec<DocumentKind> {
    let types = form.support.types();
    // Before any support is chosen, what the household and the home call for still counts.
    let asked: Vec<Option<SupportType>> = if types.is_empty() {
        vec![None]
    } else {
        types.into_iter().map(Some).collect()
    };
    DocumentKind::ALL
        .iter()
        .copied()
        .filter(|kind| {
            asked
                .iter()
                .any(|support| needed_when(*kind, *support).is_some_and(|w| w.holds(form)))
        })
        .collect()
}

/// The file types an attachment may have.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MediaType {
    /// A photo, re-encoded on the device.
    Jpeg,
    /// A PNG image.
    Png,
    /// A scanned document.
    Pdf,
    /// Plain text in UTF-8 (a reference document kept as text).
    Text,
}

impl MediaType {
    /// The MIME type sent and served.
    pub fn mime(self) -> &'static str {
        match self {
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
            Self::Pdf => "application/pdf",
            Self::Text => "text/plain; charset=utf-8",
        }
    }

    /// The media type for a MIME type, if it is one attachments may have.
    pub fn from_mime(mime: &str) -> Option<Self> {
        match mime {
            "image/jpeg" => Some(Self::Jpeg),
            "image/png" => Some(Self::Png),
            "application/pdf" => Some(Self::Pdf),
            "text/plain" | "text/plain; charset=utf-8" => Some(Self::Text),
            _ => None,
        }
    }

    /// What the file's first bytes say it is: the server never trusts the declared type.
    pub fn sniff(bytes: &[u8]) -> Option<Self> {
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(Self::Jpeg)
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(Self::Png)
        } else if bytes.starts_with(b"%PDF-") {
            Some(Self::Pdf)
        } else if Self::is_text(bytes) {
            Some(Self::Text)
        } else {
            None
        }
    }

    /// Text is valid UTF-8 with no control characters but line breaks and tabs, and
    /// nothing a browser would take for markup: it is served as text and never run.
    fn is_text(bytes: &[u8]) -> bool {
        let Ok(text) = std::str::from_utf8(bytes) else {
            return false;
        };
        let start = text.trim_start_matches('\u{feff}').trim_start();
        !text.is_empty()
            && !start.starts_with('<')
            && text
                .chars()
                .all(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t'))
    }
}

/// A file attached to a document, named by the SHA-256 of its content.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentRef {
    /// The content's SHA-256, 64 lowercase hex digits.
    pub sha256: String,
    /// The file's name as picked, for people.
    pub name: String,
    /// What kind of file.
    pub media_type: MediaType,
    /// Its size in bytes.
    pub size: u64,
}

impl AttachmentRef {
    /// The largest file the association accepts: a downscaled photo is far smaller, a
    /// scanned PDF of several pages fits.
    pub const MAX_BYTES: u64 = 10 * 1024 * 1024;
    /// The longest a file name may be kept.
    pub const NAME_MAX: usize = 120;

    /// Whether `hash` is a SHA-256 as attachments are named: 64 lowercase hex digits.
    pub fn is_sha256(hash: &str) -> bool {
        hash.len() == 64 && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    }

    /// Whether the reference is well formed: a real hash, a size within the limit, a
    /// name of reasonable length.
    pub fn is_well_formed(&self) -> bool {
        Self::is_sha256(&self.sha256)
            && self.size > 0
            && self.size <= Self::MAX_BYTES
            && !self.name.trim().is_empty()
            && self.name.chars().count() <= Self::NAME_MAX
    }
}

/// Who checked a document against its original, and when (policy H2).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verification {
    /// The officer.
    pub by: UserRef,
    /// When, by the officer's device.
    pub at: DateTime<Utc>,
}

/// One line of the checklist: the files attached and the verification.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentRecord {
    /// The files attached, in the order attached.
    pub attachments: Vec<AttachmentRef>,
    /// Set once an officer has seen the original.
    pub verified: Option<Verification>,
}

impl DocumentRecord {
    /// The most files one document may have (a deed of several pages, several photos).
    pub const MAX_ATTACHMENTS: usize = 12;

    /// Whether a copy was provided.
    pub fn provided(&self) -> bool {
        !self.attachments.is_empty()
    }
}

/// The checklist of a case.
pub type Documents = BTreeMap<DocumentKind, DocumentRecord>;

/// The required documents with no copy, and those with an original not yet verified
/// against it (a missing one among them).
pub fn outstanding(form: &RequestForm, docs: &Documents) -> (Vec<DocumentKind>, Vec<DocumentKind>) {
    let required = required_documents(form);
    let missing = required
        .iter()
        .copied()
        .filter(|k| docs.get(k).is_none_or(|d| !d.provided()))
        .collect();
    let unverified = required
        .iter()
        .copied()
        .filter(|k| k.has_original() && docs.get(k).is_none_or(|d| d.verified.is_none()))
        .collect();
    (missing, unverified)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::tests::complete_form;

    #[test]
    fn the_checklist_follows_what_the_request_claims() {
        let form = complete_form();
        assert_eq!(
            required_documents(&form),
            vec![
                DocumentKind::NationalIdCopy,
                DocumentKind::FamilyRegister,
                DocumentKind::IncomeProof,
                DocumentKind::PropertyDeed,
                DocumentKind::HousePhotos,
                DocumentKind::MedicalReport,
            ]
        );
        let mut alone = RequestForm::default();
        alone.housing.ownership = "rented".into();
        alone.support.types = vec!["furnishing".into()];
        assert_eq!(
            required_documents(&alone),
            vec![DocumentKind::NationalIdCopy, DocumentKind::LeaseContract]
        );
    }

    #[test]
    fn what_to_have_at_hand_is_what_the_checklist_asks() {
        assert_eq!(
            documents_for(SupportType::RentPayment),
            vec![
                (DocumentKind::NationalIdCopy, NeededWhen::Always),
                (DocumentKind::FamilyRegister, NeededWhen::Household),
                (DocumentKind::IncomeProof, NeededWhen::Income),
                (DocumentKind::LeaseContract, NeededWhen::Always),
                (DocumentKind::MedicalReport, NeededWhen::Illness),
            ]
        );
        // A request for one kind of support needs exactly the documents listed for it
        // whose condition the form meets, whatever the form says.
        let full = complete_form();
        let mut rented = RequestForm::default();
        rented.housing.ownership = "rented".into();
        for support in SupportType::ALL {
            for base in [&full, &rented] {
                let mut form = base.clone();
                form.support.types = vec![support.code().into()];
                let listed: Vec<DocumentKind> = documents_for(*support)
                    .into_iter()
                    .filter(|(_, when)| when.holds(&form))
                    .map(|(kind, _)| kind)
                    .collect();
                assert_eq!(listed, required_documents(&form), "{support:?}");
            }
        }
        assert!(documents_for(SupportType::Build)
            .contains(&(DocumentKind::HousePhotos, NeededWhen::Always)));
        assert!(!documents_for(SupportType::Furnishing)
            .iter()
            .any(|(k, _)| *k == DocumentKind::PropertyDeed));
    }

    #[test]
    fn files_are_known_by_their_first_bytes() {
        assert_eq!(
            MediaType::sniff(&[0xFF, 0xD8, 0xFF, 0xE0]),
            Some(MediaType::Jpeg)
        );
        assert_eq!(MediaType::sniff(b"%PDF-1.7"), Some(MediaType::Pdf));
        assert_eq!(MediaType::sniff(b"<html>"), None);
        assert_eq!(
            MediaType::sniff("اللائحة الأساسية\n".as_bytes()),
            Some(MediaType::Text)
        );
        assert_eq!(MediaType::sniff(b"\x00\x01binary"), None);
        assert!(AttachmentRef::is_sha256(&"a".repeat(64)));
        assert!(!AttachmentRef::is_sha256(&"A".repeat(64)));
    }
}
