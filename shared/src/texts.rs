//! How validation codes and field names read in Arabic and English: one text for the app,
//! the server's reports and the command line.

use crate::ids::NationalId;
use crate::validation::{ErrorCode, Field};
use crate::vocabulary::Vocabulary;

/// A language the system speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    /// Arabic, the default.
    #[default]
    Ar,
    /// English.
    En,
}

impl Lang {
    /// Picks the text of this language.
    pub fn pick(self, ar: &'static str, en: &'static str) -> &'static str {
        match self {
            Self::Ar => ar,
            Self::En => en,
        }
    }

    /// What a request brought in from a sheet says of where it came from.
    pub fn imported_from(self, file: &str, row: u32) -> String {
        match self {
            Self::Ar => format!("استُورد من {file}، الصف {row}"),
            Self::En => format!("Imported from {file}, row {row}"),
        }
    }

    /// A role's name.
    pub fn role(self, r: crate::Role) -> &'static str {
        use crate::Role as R;
        match r {
            R::Applicant => self.pick("مقدم طلب", "Applicant"),
            R::Officer => self.pick("موظف علاقات المستفيدين", "Relations officer"),
            R::Researcher => self.pick("باحث اجتماعي", "Social researcher"),
            R::Committee => self.pick("لجنة البحث", "Research committee"),
            R::HeadOffice => self.pick("المكتب الرئيس", "Head office"),
        }
    }

    /// A value's name in a closed list.
    pub fn label<T: Vocabulary>(self, value: T) -> &'static str {
        self.pick(value.label_ar(), value.label_en())
    }

    /// How an error code reads, with the rule's own numbers.
    pub fn error(self, code: &ErrorCode) -> String {
        let first = NationalId::FIRST_DIGITS;
        let ar = self == Self::Ar;
        let kinds = |kinds: &[crate::documents::DocumentKind]| {
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
            ErrorCode::TooSmall { min } if ar => format!("الحد الأدنى {min}"),
            ErrorCode::TooSmall { min } => format!("At least {min}"),
            ErrorCode::PhoneFormat => self
                .pick(
                    "رقم هاتف من ٥ إلى ١٥ رقمًا، تسبقه + إن كان دوليًا",
                    "A phone number of 5 to 15 digits, with + first for an international one",
                )
                .into(),
            ErrorCode::EmailFormat => self
                .pick(
                    "بريد إلكتروني بالشكل name@example.org",
                    "An e-mail address like name@example.org",
                )
                .into(),
            ErrorCode::WebsiteFormat => self
                .pick(
                    "عنوان موقع يبدأ بـ https://",
                    "A website address starting with https://",
                )
                .into(),
            ErrorCode::SameTimes => self
                .pick(
                    "تبدأ الساعات وتنتهي في الوقت نفسه",
                    "The hours begin and end at the same time",
                )
                .into(),
            ErrorCode::ChangedSince => self
                .pick(
                    "عدّلها غيرك بعد أن فتحتها: أعد تحميل الصفحة ثم عدّل",
                    "Someone else changed them since you opened them: reload the page, then edit",
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
            ErrorCode::TypedHere => self
                .pick(
                    "هذا الطلب مُدخل في النظام نفسه، فلا يُكتب فوقه من ملف؛ عدّله من صفحته",
                    "This request was entered in the system itself and is not overwritten from a file; change it on its page",
                )
                .into(),
            ErrorCode::RepeatedRow { row } if ar => {
                format!("يكرر الطلب نفسه في الصف {row}")
            }
            ErrorCode::RepeatedRow { row } => format!("Repeats the request of row {row}"),
            ErrorCode::NotASheet => self
                .pick(
                    "الملف ليس جدول Excel ولا CSV يمكن قراءته",
                    "The file is not an Excel workbook or a CSV table that can be read",
                )
                .into(),
        }
    }

    /// A field's name.
    pub fn field(self, field: Field) -> &'static str {
        use Field as F;
        let (ar, en) = match field {
            F::Channel => ("قناة التواصل", "Channel"),
            F::FirstName => ("الاسم الأول", "First name"),
            F::FatherName => ("اسم الأب", "Father's name"),
            F::GrandfatherName => ("اسم الجد", "Grandfather's name"),
            F::FamilyName => ("اسم العائلة", "Family name"),
            F::NationalId => ("رقم الهوية أو الإقامة", "National ID or iqama"),
            F::BirthDate => ("تاريخ الميلاد", "Birth date"),
            F::Gender => ("الجنس", "Gender"),
            F::MaritalStatus => ("الحالة الاجتماعية", "Marital status"),
            F::Nationality => ("الجنسية", "Nationality"),
            F::Mobile => ("رقم الجوال", "Mobile"),
            F::AltMobile => ("رقم آخر", "Other number"),
            F::Governorate => ("المحافظة", "Governorate"),
            F::Centre => ("المركز أو القرية", "Centre or village"),
            F::Address => ("وصف العنوان", "Address"),
            F::Location => ("الموقع", "Location"),
            F::Household => ("أفراد الأسرة", "Household"),
            F::MemberRelation => ("صلة القرابة", "Relation"),
            F::MemberName => ("الاسم", "Name"),
            F::MemberNationalId => ("رقم الهوية", "ID number"),
            F::MemberBirthDate => ("تاريخ الميلاد", "Birth date"),
            F::MemberHealth => ("إعاقة أو مرض مزمن", "Disability or chronic illness"),
            F::MemberOccupation => ("العمل أو الدراسة", "Work or study"),
            F::IncomeSalary => ("الراتب", "Salary"),
            F::IncomeSocialSecurity => ("الضمان الاجتماعي", "Social security"),
            F::IncomeCitizenAccount => ("حساب المواطن", "Citizen account"),
            F::IncomePension => ("التقاعد", "Pension"),
            F::IncomeOther => ("دخل آخر", "Other income"),
            F::IncomeOtherSource => ("مصدر الدخل الآخر", "Source of the other income"),
            F::Ownership => ("ملكية المسكن", "Ownership"),
            F::BuildingType => ("نوع البناء", "Building type"),
            F::Condition => ("حالة المسكن", "Condition"),
            F::Rooms => ("عدد الغرف", "Rooms"),
            F::Rent => ("الإيجار السنوي", "Yearly rent"),
            F::Problems => ("مشكلات المسكن", "The home's problems"),
            F::SupportTypes => ("نوع الدعم", "Support type"),
            F::Description => ("وصف الاحتياج", "What is needed"),
            F::Urgency => ("درجة الاستعجال", "Urgency"),
            F::Documents => ("المستندات", "Documents"),
            F::Attestation => ("الإقرار والتوقيع", "Declaration and signature"),
            F::Reference => ("الرقم المرجعي", "Reference number"),
            F::Question => ("السؤال", "Question"),
            F::Answer => ("الإجابة", "Answer"),
            F::Password => ("كلمة المرور", "Password"),
            F::PasswordAgain => ("تأكيد كلمة المرور", "Password again"),
            F::OutreachPoint => ("نقطة الاستقبال", "Outreach point"),
            F::Person => ("اسم المراجع", "Who made contact"),
            F::Summary => ("موضوع التواصل", "What it was about"),
            F::MissingDocuments => ("المستندات الناقصة", "Documents missing"),
            F::MissingNote => ("ما ينقص الطلب", "What else is missing"),
            F::Researcher => ("الباحث الاجتماعي", "Social researcher"),
            F::VisitDate => ("تاريخ الزيارة", "Date of the visit"),
            F::Findings => ("نتائج الزيارة", "Findings"),
            F::Recommendation => ("توصية الباحث", "Recommendation"),
            F::VisitPhotos => ("صور الزيارة", "Photos of the visit"),
            F::Verdict => ("قرار اللجنة", "Decision"),
            F::Reasons => ("أسباب الرفض", "Reasons for rejection"),
            F::DecisionNote => ("نص القرار أو المطلوب", "The committee's words"),
            F::MeetingNumber => ("رقم الاجتماع", "Meeting number"),
            F::MeetingDate => ("تاريخ الاجتماع", "Meeting date"),
            F::ServiceKind => ("نوع الخدمة", "Kind of service"),
            F::ServiceDate => ("تاريخ التقديم", "Date delivered"),
            F::ServiceAmount => ("المبلغ (ريال)", "Amount (SAR)"),
            F::Supplier => ("المورد أو المقاول", "Supplier or contractor"),
            F::ServiceNotes => ("ملاحظات", "Notes"),
            F::ContactOutcome => ("نتيجة التواصل", "Outcome"),
            F::Username => ("اسم المستخدم", "User name"),
            F::DisplayName => ("الاسم الظاهر", "Name shown"),
            F::Role => ("الدور", "Role"),
            F::Active => ("الحساب مفعّل", "Account active"),
            F::CurrentPassword => ("كلمة المرور الحالية", "Current password"),
            F::FeedbackKind => ("النوع", "Kind"),
            F::FeedbackText => ("الاحتياج أو المقترح", "The need or suggestion"),
            F::AnswerText => ("الرد", "Answer"),
            F::DuplicateVerdict => ("نتيجة المراجعة", "Finding"),
            F::DuplicateReason => ("سبب القرار", "Reason"),
            F::MessageText => ("نص الرسالة", "Message"),
            F::Code => ("رمز التحقق", "Code"),
            F::Reason => ("السبب", "Reason"),
            F::Device => ("الجهاز", "Device"),
            F::NameAr => ("الاسم بالعربية", "Arabic name"),
            F::NameEn => ("الاسم بالإنجليزية", "English name"),
            F::Phone => ("رقم الهاتف", "Phone"),
            F::Hours => ("أوقات العمل", "Opening hours"),
            F::Email => ("البريد الإلكتروني", "E-mail"),
            F::Website => ("الموقع الإلكتروني", "Website"),
            F::AnswerDays => ("أيام الرد", "Days to an answer"),
            F::QuietHours => ("ساعات الهدوء", "Quiet hours"),
            F::Settings => ("الإعدادات", "Settings"),
            F::Status => ("الحالة", "Status"),
            F::SubmittedOn => ("تاريخ تقديم الطلب", "Submitted on"),
            F::FileNumber => ("رقم الملف", "File number"),
            F::File => ("الملف", "File"),
            F::IdentityDocument => ("الوثيقة الأصلية التي رأيتها", "The original you saw"),
        };
        self.pick(ar, en)
    }
}
