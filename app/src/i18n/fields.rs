//! The names of the request's fields and of the form's steps, for summaries of what is missing.

use shared::request::Step;
use shared::validation::Field;

use super::Locale;

impl Locale {
    /// A field's name.
    pub fn field(self, field: Field) -> &'static str {
        self.texts().field(field)
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

    /// A step's name in a word, for the narrow chips of a phone.
    pub fn step_short(self, step: Step) -> &'static str {
        let (ar, en) = match step {
            Step::Applicant => ("المتقدم", "You"),
            Step::Household => ("الأسرة", "Family"),
            Step::Income => ("الدخل", "Income"),
            Step::Housing => ("السكن", "Home"),
            Step::Support => ("الدعم", "Support"),
            Step::Documents => ("الوثائق", "Papers"),
            Step::Attestation => ("التوقيع", "Sign"),
        };
        self.pick(ar, en)
    }
}
