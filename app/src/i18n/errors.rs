//! How each validation code reads in each language, with the rule's own numbers.

use shared::validation::ErrorCode;

use super::Locale;

impl Locale {
    /// How an error code reads, with the rule's own numbers.
    pub fn error(self, code: &ErrorCode) -> String {
        self.texts().error(code)
    }

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
