//! The app's words in Arabic (the default) and English, and how error codes read in each.

use serde::{Deserialize, Serialize};
use shared::ids::NationalId;
use shared::validation::ErrorCode;
use shared::{CaseStatus, Vocabulary};

/// The language the app speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Locale {
    /// Arabic, right to left.
    #[default]
    Ar,
    /// English, left to right.
    En,
}

impl Locale {
    /// The `lang` attribute.
    pub fn lang(self) -> &'static str {
        match self {
            Self::Ar => "ar",
            Self::En => "en",
        }
    }

    /// The `dir` attribute.
    pub fn dir(self) -> &'static str {
        match self {
            Self::Ar => "rtl",
            Self::En => "ltr",
        }
    }

    /// Picks the text of this locale.
    pub fn pick(self, ar: &'static str, en: &'static str) -> &'static str {
        match self {
            Self::Ar => ar,
            Self::En => en,
        }
    }

    /// How an error code reads, with the rule's own numbers.
    pub fn error(self, code: &ErrorCode) -> String {
        let first = NationalId::FIRST_DIGITS;
        match (self, code) {
            (Self::Ar, ErrorCode::Required) => "هذا الحقل مطلوب".into(),
            (Self::En, ErrorCode::Required) => "This field is required".into(),
            (Self::Ar, ErrorCode::DigitsOnly) => "أدخل أرقامًا فقط".into(),
            (Self::En, ErrorCode::DigitsOnly) => "Enter digits only".into(),
            (Self::Ar, ErrorCode::NationalIdLength { len }) => {
                format!("رقم الهوية أو الإقامة يتكون من {len} أرقام")
            }
            (Self::En, ErrorCode::NationalIdLength { len }) => {
                format!("An ID or iqama number has {len} digits")
            }
            (Self::Ar, ErrorCode::NationalIdFirstDigit) => format!(
                "يبدأ رقم الهوية بالرقم {} للمواطن أو {} للمقيم",
                first[0], first[1]
            ),
            (Self::En, ErrorCode::NationalIdFirstDigit) => format!(
                "An ID starts with {} for a citizen or {} for a resident",
                first[0], first[1]
            ),
            (Self::Ar, ErrorCode::NationalIdChecksum) => {
                "رقم الهوية غير صحيح: تحقق من الأرقام".into()
            }
            (Self::En, ErrorCode::NationalIdChecksum) => {
                "This ID number is not valid: check the digits".into()
            }
            (Self::Ar, ErrorCode::MobileFormat) => {
                "رقم الجوال غير صحيح: اكتبه بالصيغة 05XXXXXXXX".into()
            }
            (Self::En, ErrorCode::MobileFormat) => {
                "Not a Saudi mobile number: write it as 05XXXXXXXX".into()
            }
            (Self::Ar, ErrorCode::LettersOnly) => "أحرف فقط، دون أرقام أو رموز".into(),
            (Self::En, ErrorCode::LettersOnly) => "Letters only, no digits or symbols".into(),
            (Self::Ar, ErrorCode::TooLong { max }) => format!("الحد الأقصى {max} حرفًا"),
            (Self::En, ErrorCode::TooLong { max }) => format!("At most {max} characters"),
            (Self::Ar, ErrorCode::UnknownChoice) => "اختر قيمة من القائمة".into(),
            (Self::En, ErrorCode::UnknownChoice) => "Choose a value from the list".into(),
        }
    }

    /// A status's name.
    pub fn status(self, s: CaseStatus) -> &'static str {
        use CaseStatus as S;
        match s {
            S::Draft => self.pick("مسودة", "Draft"),
            S::Submitted => self.pick("مقدَّم", "Submitted"),
            S::Incomplete => self.pick("غير مكتمل", "Incomplete"),
            S::UnderResearch => self.pick("قيد البحث الاجتماعي", "Under research"),
            S::AtCommittee => self.pick("لدى لجنة البحث", "At committee"),
            S::Accepted => self.pick("مقبول", "Accepted"),
            S::Rejected => self.pick("مرفوض", "Rejected"),
            S::Registered => self.pick("مسجَّل", "Registered"),
            S::ServiceDelivered => self.pick("قُدِّمت الخدمة", "Service delivered"),
            S::Closed => self.pick("مغلق", "Closed"),
            S::Withdrawn => self.pick("مسحوب", "Withdrawn"),
        }
    }

    /// The name of a value of a fixed list (channel, governorate, support type).
    pub fn label<T: Vocabulary>(self, value: T) -> &'static str {
        self.pick(value.label_ar(), value.label_en())
    }

    /// A date and time in this locale's way, in the device's time zone.
    pub fn datetime(self, at: chrono::DateTime<chrono::Utc>) -> String {
        let local = at.with_timezone(&chrono::Local);
        local.format("%Y-%m-%d %H:%M").to_string()
    }
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    use super::*;

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    fn messages_carry_the_rules_numbers() {
        let m = Locale::Ar.error(&ErrorCode::NationalIdLength { len: 10 });
        assert!(m.contains("10"), "{m}");
        let m = Locale::En.error(&ErrorCode::TooLong { max: 40 });
        assert!(m.contains("40"), "{m}");
        let m = Locale::Ar.error(&ErrorCode::NationalIdFirstDigit);
        assert!(m.contains('1') && m.contains('2'), "{m}");
    }

    #[wasm_bindgen_test]
    fn every_status_has_a_name_in_both_languages() {
        for s in CaseStatus::ALL {
            assert!(!Locale::Ar.status(*s).is_empty());
            assert_ne!(Locale::Ar.status(*s), Locale::En.status(*s));
        }
    }
}
