//! The library: the officer's reference documents of the policy's TOOLS clause, uploaded
//! by the head office and kept on every device so they open offline.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::documents::AttachmentRef;
use crate::people::UserRef;
use crate::vocabulary::vocabulary;

vocabulary! {
    /// The four reference documents of the policy's TOOLS clause.
    LibraryKind {
        Bylaws = "bylaws", "اللائحة الأساسية للجمعية", "The association's basic bylaws";
        ResearchGuide = "research_guide", "دليل خدمات البحث الاجتماعي", "The social research services guide";
        SupportPolicy = "support_policy", "دليل سياسة الدعم للمستفيدين", "The beneficiary support policy guide";
        RequestForm = "request_form", "نموذج طلب دعم مستفيد", "The beneficiary support request form";
    }
}

/// The current file of one reference document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LibraryDocument {
    /// Which document.
    pub kind: LibraryKind,
    /// Its file.
    pub attachment: AttachmentRef,
    /// When it was last uploaded.
    pub updated_at: DateTime<Utc>,
    /// By whom.
    pub updated_by: UserRef,
}

/// The body of `PUT /api/tools/{kind}`: the uploaded file that now is the document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LibraryUpload {
    /// The file, uploaded first through the attachments API.
    pub attachment: AttachmentRef,
}
