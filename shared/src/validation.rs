//! Validation results as typed codes: each locale of the app renders them, the server returns them.

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Why a value was refused. The English `Display` is for logs; people see the app's
/// localised rendering of the code and its parameters.
#[derive(Clone, Debug, PartialEq, Eq, Error, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum ErrorCode {
    /// Nothing was entered where a value is required.
    #[error("required")]
    Required,
    /// A number held something other than digits.
    #[error("digits only")]
    DigitsOnly,
    /// A national ID or iqama without the right number of digits.
    #[error("national ID must have {len} digits")]
    NationalIdLength {
        /// The required number of digits.
        len: usize,
    },
    /// A national ID whose first digit is neither 1 (citizen) nor 2 (resident).
    #[error("national ID must start with 1 or 2")]
    NationalIdFirstDigit,
    /// A national ID whose check digit does not match.
    #[error("national ID check digit does not match")]
    NationalIdChecksum,
    /// A mobile that is not a Saudi mobile number.
    #[error("not a Saudi mobile number (05XXXXXXXX)")]
    MobileFormat,
    /// A name part with characters other than letters, spaces, hyphens or apostrophes.
    #[error("letters only")]
    LettersOnly,
    /// A text longer than its limit.
    #[error("at most {max} characters")]
    TooLong {
        /// The limit, in characters.
        max: usize,
    },
    /// A value outside a fixed list (channel, governorate, support type).
    #[error("not one of the allowed values")]
    UnknownChoice,
}

/// The fields of a request that validation speaks about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// The applicant's first name.
    FirstName,
    /// The applicant's father's name.
    FatherName,
    /// The applicant's grandfather's name.
    GrandfatherName,
    /// The applicant's family name.
    FamilyName,
    /// The applicant's national ID or iqama.
    NationalId,
    /// The applicant's mobile number.
    Mobile,
    /// The governorate the applicant lives in.
    Governorate,
    /// The channel the request came through.
    Channel,
    /// The support requested.
    SupportType,
    /// Free notes from the officer.
    Notes,
}

/// One refused field and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The field.
    pub field: Field,
    /// Why it was refused.
    #[serde(flatten)]
    pub code: ErrorCode,
}

/// Collects field errors while a whole input is checked, so every problem is reported at once.
#[derive(Debug, Default)]
pub struct Collector {
    errors: Vec<FieldError>,
}

impl Collector {
    /// Keeps the value of a check, or records its error against `field`.
    pub fn check<T>(&mut self, field: Field, result: Result<T, ErrorCode>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(code) => {
                self.errors.push(FieldError { field, code });
                None
            }
        }
    }

    /// The errors collected, or `Ok` with `value` when there were none.
    pub fn finish<T>(self, value: impl FnOnce() -> Option<T>) -> Result<T, Vec<FieldError>> {
        if self.errors.is_empty() {
            // Every check passed, so every value the closure unwraps is present.
            value().ok_or(self.errors)
        } else {
            Err(self.errors)
        }
    }
}

/// A required free text: trimmed, not empty, at most `max` characters.
pub fn required_text(input: &str, max: usize) -> Result<String, ErrorCode> {
    let text = input.trim();
    if text.is_empty() {
        return Err(ErrorCode::Required);
    }
    optional_text(text, max)
}

/// An optional free text: trimmed, at most `max` characters.
pub fn optional_text(input: &str, max: usize) -> Result<String, ErrorCode> {
    let text = input.trim();
    if text.chars().count() > max {
        return Err(ErrorCode::TooLong { max });
    }
    Ok(text.to_owned())
}

/// One of a fixed list, by its wire code.
pub fn choice<T>(input: &str, from_code: impl Fn(&str) -> Option<T>) -> Result<T, ErrorCode> {
    let code = input.trim();
    if code.is_empty() {
        return Err(ErrorCode::Required);
    }
    from_code(code).ok_or(ErrorCode::UnknownChoice)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_serialise_with_their_parameters() {
        let e = FieldError {
            field: Field::Notes,
            code: ErrorCode::TooLong { max: 5 },
        };
        assert_eq!(
            serde_json::to_value(&e).ok(),
            Some(serde_json::json!({"field": "notes", "code": "too_long", "max": 5}))
        );
    }

    #[test]
    fn texts_are_trimmed_and_bounded() {
        assert_eq!(required_text("  سعد ", 10), Ok("سعد".into()));
        assert_eq!(required_text("   ", 10), Err(ErrorCode::Required));
        assert_eq!(optional_text("", 10), Ok(String::new()));
        // Limits count characters, not bytes: Arabic letters are two bytes each.
        assert_eq!(optional_text("أبجد", 4), Ok("أبجد".into()));
        assert_eq!(
            optional_text("أبجده", 4),
            Err(ErrorCode::TooLong { max: 4 })
        );
    }
}
