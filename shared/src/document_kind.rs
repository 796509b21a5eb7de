//! The kinds of document a request can carry: a vocabulary the checklist, the validation
//! codes and the file names all speak.

use crate::vocabulary::vocabulary;

vocabulary! {
    /// A kind of document a request can carry.
    DocumentKind {
        NationalIdCopy = "national_id_copy", "صورة الهوية الوطنية أو الإقامة", "Copy of the national ID or iqama";
        FamilyRegister = "family_register", "سجل الأسرة", "Family register";
        IncomeProof = "income_proof", "إثبات الدخل", "Proof of income";
        PropertyDeed = "property_deed", "صك ملكية المسكن", "Deed of the home";
        LeaseContract = "lease_contract", "عقد الإيجار", "Lease contract";
        HousePhotos = "house_photos", "صور المسكن", "Photos of the home";
        MedicalReport = "medical_report", "تقرير طبي", "Medical report";
        Other = "other", "مستند آخر", "Other document";
    }
}

impl DocumentKind {
    /// Whether the applicant holds an original an officer checks the copy against: the
    /// photos of the home are taken of the home itself, and have none.
    pub fn has_original(self) -> bool {
        self != Self::HousePhotos
    }
}
