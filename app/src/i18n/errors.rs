//! How each validation code reads in each language, with the rule's own numbers.

use shared::ids::NationalId;
use shared::validation::ErrorCode;

use super::Locale;

impl Locale {
    /// How an error code reads, with the rule's own numbers.
    pub fn error(self, code: &ErrorCode) -> String {
        let first = NationalId::FIRST_DIGITS;
        let ar = self == Self::Ar;
        let kinds = |kinds: &[shared::documents::DocumentKind]| {
            kinds
                .iter()
                .map(|k| self.label(*k))
                .collect::<Vec<_>>()
                .join(if ar { "، " } else { ", " })
        };
        match code {
            ErrorCode::Required => self
                .pick("هذا الحقل مطلوب", "This field is required")
                .into(),
            ErrorCode::DigitsOnly => self.pick("أدخل أرقامًا فقط", "Enter digits only").into(),
            ErrorCode::NationalIdLength { len } if ar => {
                format!("رقم الهوية أو الإقامة يتكون من {len} أرقام")
            }
            ErrorCode::NationalIdLength { len } => {
                format!("An ID or iqama number has {len} digits")
            }
            ErrorCode::NationalIdFirstDigit if ar => format!(
                "يبدأ رقم الهوية بالرقم {} للمواطن أو {} للمقيم",
                first[0], first[1]
            ),
            ErrorCode::NationalIdFirstDigit => format!(
                "An ID starts with {} for a citizen or {} for a resident",
                first[0], first[1]
            ),
            ErrorCode::NationalIdChecksum => self
                .pick(
                    "رقم الهوية غير صحيح: تحقق من الأرقام",
                    "This ID number is not valid: check the digits",
                )
                .into(),
            ErrorCode::MobileFormat => self
                .pick(
                    "رقم الجوال غير صحيح: اكتبه بالصيغة 05XXXXXXXX",
                    "Not a Saudi mobile number: write it as 05XXXXXXXX",
                )
                .into(),
            ErrorCode::LettersOnly => self
                .pick(
                    "أحرف فقط، دون أرقام أو رموز",
                    "Letters only, no digits or symbols",
                )
                .into(),
            ErrorCode::TooLong { max } if ar => format!("الحد الأقصى {max} حرفًا"),
            ErrorCode::TooLong { max } => format!("At most {max} characters"),
            ErrorCode::UnknownChoice => self
                .pick("اختر قيمة من القائمة", "Choose a value from the list")
                .into(),
            ErrorCode::DateFormat => self.pick("تاريخ غير صحيح", "Not a valid date").into(),
            ErrorCode::DateInFuture => self
                .pick("التاريخ في المستقبل", "The date is in the future")
                .into(),
            ErrorCode::AgeBelow { min } if ar => format!("يجب ألا يقل العمر عن {min} سنة"),
            ErrorCode::AgeBelow { min } => format!("Must be at least {min} years old"),
            ErrorCode::AgeAbove { max } if ar => {
                format!("تاريخ الميلاد يجعل العمر أكثر من {max} سنة: تحقق منه")
            }
            ErrorCode::AgeAbove { max } => {
                format!("This birth date makes the age over {max}: check it")
            }
            ErrorCode::AmountFormat => self
                .pick(
                    "اكتب المبلغ بالريال، بمنزلتين عشريتين على الأكثر",
                    "Write the amount in riyals, with at most two decimals",
                )
                .into(),
            ErrorCode::Negative => self
                .pick("لا يكون المبلغ سالبًا", "The amount cannot be negative")
                .into(),
            ErrorCode::TooLarge { max } if ar => format!("الحد الأقصى {max}"),
            ErrorCode::TooLarge { max } => format!("At most {max}"),
            ErrorCode::AtLeastOne => self
                .pick("اختر واحدًا على الأقل", "Choose at least one")
                .into(),
            ErrorCode::TooMany { max } if ar => format!("الحد الأقصى {max}"),
            ErrorCode::TooMany { max } => format!("At most {max}"),
            ErrorCode::Duplicate => self
                .pick(
                    "رقم الهوية نفسه مذكور لفرد آخر",
                    "The same ID is given for another member",
                )
                .into(),
            ErrorCode::SameAsApplicant => self
                .pick(
                    "هذا رقم هوية مقدم الطلب نفسه",
                    "This is the applicant's own ID",
                )
                .into(),
            ErrorCode::SameAsMobile => self
                .pick(
                    "الرقم الآخر هو رقم الجوال نفسه",
                    "The other number is the mobile itself",
                )
                .into(),
            ErrorCode::IdNationalityMismatch => self
                .pick(
                    "رقم الهوية لا يوافق الجنسية: 1 للمواطن و2 للمقيم",
                    "The ID does not match the nationality: 1 for a citizen, 2 for a resident",
                )
                .into(),
            ErrorCode::OutsideRegion => self
                .pick(
                    "الموقع خارج منطقة جازان",
                    "The location is outside the Jazan region",
                )
                .into(),
            ErrorCode::DocumentsMissing { kinds: k } if ar => {
                format!("مستندات ناقصة: {}", kinds(k))
            }
            ErrorCode::DocumentsMissing { kinds: k } => format!("Documents missing: {}", kinds(k)),
            ErrorCode::DocumentsUnverified { kinds: k } if ar => {
                format!("لم يُتحقق من مطابقة الأصل: {}", kinds(k))
            }
            ErrorCode::DocumentsUnverified { kinds: k } => {
                format!("Not yet checked against the original: {}", kinds(k))
            }
            ErrorCode::NotSigned => self
                .pick(
                    "لم يوقّع مقدم الطلب على الإقرار",
                    "The applicant has not signed the declaration",
                )
                .into(),
            ErrorCode::SignatureEmpty => self
                .pick(
                    "التوقيع فارغ: وقّع داخل المربع",
                    "The signature is empty: sign inside the box",
                )
                .into(),
            ErrorCode::UnknownVersion => self
                .pick("نص الإقرار غير معروف", "Unknown declaration text")
                .into(),
            ErrorCode::TooShort { min } if ar => format!("{min} أحرف على الأقل"),
            ErrorCode::TooShort { min } => format!("At least {min} characters"),
            ErrorCode::Mismatch => self
                .pick("كلمتا المرور غير متطابقتين", "The passwords differ")
                .into(),
            ErrorCode::Conflict => self
                .pick(
                    "أُدخلت له قيمتان مختلفتان: اختر إحداهما",
                    "Two different values were given: choose one",
                )
                .into(),
            ErrorCode::CodeFormat => self
                .pick("الرمز ستة أرقام", "The code is six digits")
                .into(),
            ErrorCode::CodeWrong { tries_left } if ar => {
                format!("الرمز غير صحيح؛ المحاولات المتبقية: {tries_left}")
            }
            ErrorCode::CodeWrong { tries_left } => format!("Wrong code; {tries_left} tries left"),
            ErrorCode::CodeExpired => self
                .pick(
                    "انتهت صلاحية الرمز أو استُنفدت محاولاته: اطلب رمزًا جديدًا",
                    "The code expired or was tried too often: ask for a new one",
                )
                .into(),
            ErrorCode::CodeLimit => self
                .pick(
                    "أُرسل أكثر من رمز لهذه الخطوة: انتظر قليلًا ثم ابدأ من جديد",
                    "Several codes were sent for this step: wait a while and start again",
                )
                .into(),
            ErrorCode::TooManyDevices { max } if ar => format!(
                "حسابك مفتوح على {max} أجهزة فيها أعمال لم تُرسل بعد: افتح أحدها متصلًا بالإنترنت حتى تُرسل، أو تواصل مع الجمعية"
            ),
            ErrorCode::TooManyDevices { max } => format!(
                "Your account is open on {max} devices with work not yet sent: open one online until it is sent, or contact the association"
            ),
            ErrorCode::UnknownPlaceholder => self
                .pick(
                    "النص يذكر قيمة بين قوسين {} لا تُعرف لهذه الرسالة",
                    "The text names a value in {} that this message does not have",
                )
                .into(),
            ErrorCode::AccountExists => self
                .pick(
                    "يوجد حساب بهذا الرقم: سجّل الدخول به",
                    "An account exists for this number: sign in with it",
                )
                .into(),
            ErrorCode::ReferenceInvalid => self
                .pick(
                    "الرقم المرجعي غير صالح",
                    "The reference number is not valid",
                )
                .into(),
            ErrorCode::PasswordWeak => self
                .pick(
                    "كلمة المرور سهلة التخمين: لا تستعمل اسم المستخدم ولا أرقامًا متتالية، واجمع بين حروف وأرقام ورموز",
                    "This password is easy to guess: avoid the user name and runs of digits; mix letters, digits and symbols",
                )
                .into(),
            ErrorCode::UsernameFormat => self
                .pick(
                    "من ٣ إلى ٤٠ حرفًا لاتينيًا أو رقمًا أو . - _ ويبدأ بحرف",
                    "3 to 40 Latin letters, digits, . - or _, starting with a letter",
                )
                .into(),
            ErrorCode::UsernameTaken => self
                .pick(
                    "اسم المستخدم مستعمل لحساب آخر",
                    "Another account has this user name",
                )
                .into(),
            ErrorCode::WrongPassword => self
                .pick("ليست كلمة المرور الحالية", "This is not the current password")
                .into(),
            ErrorCode::AlreadyClosed => self
                .pick("أُغلق من قبل", "It was closed already")
                .into(),
            ErrorCode::OwnAccount => self
                .pick(
                    "لا يمكنك إيقاف حسابك أو نزع صلاحية الإدارة عنه",
                    "You cannot disable your own account or take away its head office role",
                )
                .into(),
            ErrorCode::SamePoint => self
                .pick(
                    "الطلب في هذه النقطة أصلًا: اختر نقطة أخرى",
                    "The request is at this point already: choose another",
                )
                .into(),
            ErrorCode::ErasurePending => self
                .pick(
                    "طلبت حذف بياناتك من قبل، والإدارة تنظر فيه",
                    "You asked already; the head office is considering it",
                )
                .into(),
            ErrorCode::AlreadyRuled => self
                .pick(
                    "صدر القرار في هذا الطلب من قبل",
                    "This request was ruled on already",
                )
                .into(),
        }
    }
}

impl Locale {
    /// Why the device could not keep something, in words a person can act on.
    pub fn storage(self, error: &crate::store::StoreError) -> &'static str {
        match error {
            crate::store::StoreError::NotKept => self.pick(
                "لم يقبل الجهاز حفظ آخر تغيير، وأغلب ذلك لامتلاء ذاكرته. احذف صورًا أو ملفات لا تلزم من الجهاز ثم أعد المحاولة؛ ما حُفظ قبل ذلك باقٍ",
                "This device did not keep the last change, most likely because its storage is full. Delete photos or files you do not need from the device, then try again; what was saved before is kept",
            ),
            crate::store::StoreError::Full => self.pick(
                "ذاكرة هذا الجهاز ممتلئة، فلم يُحفظ آخر تغيير. احذف صورًا أو ملفات لا تلزم من الجهاز ثم أعد المحاولة؛ ما حُفظ قبل ذلك باقٍ",
                "This device's storage is full, so the last change was not saved. Delete photos or files you do not need from the device, then try again; what was saved before is kept",
            ),
            _ => self.pick(
                "تعذّرت الكتابة على ذاكرة هذا الجهاز",
                "Could not write to this device's storage",
            ),
        }
    }
}
