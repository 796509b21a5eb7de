//! The names of the request's fields and of the form's steps, for summaries of what is missing.

use shared::request::Step;
use shared::validation::Field;

use super::Locale;

impl Locale {
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
        };
        self.pick(ar, en)
    }

    /// A step's name.
    pub fn step(self, step: Step) -> &'static str {
        let (ar, en) = match step {
            Step::Applicant => ("مقدم الطلب", "Applicant"),
            Step::Household => ("الأسرة", "Household"),
            Step::Income => ("الدخل", "Income"),
            Step::Housing => ("السكن", "Housing"),
            Step::Support => ("الدعم المطلوب", "Support"),
            Step::Documents => ("المستندات", "Documents"),
            Step::Attestation => ("الإقرار والتقديم", "Sign and submit"),
        };
        self.pick(ar, en)
    }
}
