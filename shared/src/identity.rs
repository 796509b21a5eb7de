//! Who the applicant is: one-time codes that prove a mobile when an account is opened or a
//! password forgotten, and an officer releasing a national ID someone else took.

use serde::{Deserialize, Serialize};

use crate::accounts::password_problem;
use crate::digits::to_ascii_digits;
use crate::ids::NationalId;
use crate::validation::{required_text, Collector, ErrorCode, Field, FieldError};
use crate::Role;

/// Digits in a code.
pub const CODE_DIGITS: usize = 6;
/// Minutes a code may be used.
pub const CODE_VALID_MINUTES: i64 = 10;
/// Wrong codes allowed before the code is void.
pub const CODE_TRIES: u32 = 5;
/// Seconds before another code may be sent for the same step.
pub const RESEND_AFTER_SECS: i64 = 60;
/// Codes sent at most for one step.
pub const SENDS_MAX: u32 = 3;

/// A code as typed: six digits, Latin or Arabic-Indic, spaces ignored.
pub fn code(input: &str) -> Result<String, ErrorCode> {
    let digits: String = to_ascii_digits(input)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if digits.is_empty() {
        return Err(ErrorCode::Required);
    }
    if digits.len() != CODE_DIGITS || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(ErrorCode::CodeFormat);
    }
    Ok(digits)
}

/// A mobile shown without most of its digits, `05•••••567`, so a screen or an answer
/// names it without giving it away.
pub fn masked(mobile: &str) -> String {
    let chars: Vec<char> = mobile.chars().collect();
    if chars.len() < 6 {
        return "•".repeat(chars.len());
    }
    let (head, tail) = (2, 3);
    chars[..head]
        .iter()
        .chain(std::iter::repeat_n(&'•', chars.len() - head - tail))
        .chain(&chars[chars.len() - tail..])
        .collect()
}

/// A code was sent: the step continues with this token.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeSent {
    /// Names the step; sent back with the code.
    pub pending: String,
    /// The mobile the code went to, masked; empty when the answer must not say.
    pub mobile: String,
    /// Seconds until another code may be asked for.
    pub resend_after_secs: i64,
}

/// The code typed, for a step.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeEntry {
    /// The step's token.
    pub pending: String,
    /// The code as typed.
    pub code: String,
}

impl CodeEntry {
    /// The code, checked for its form.
    pub fn check(&self) -> Result<String, Vec<FieldError>> {
        code(&self.code).map_err(|code| vec![field(Field::Code, code)])
    }
}

/// Asks for another code for a step.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resend {
    /// The step's token.
    pub pending: String,
}

/// "Forgot my password": the national ID of the account.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForgotPassword {
    /// The account's national ID.
    pub national_id: String,
    /// Whether the code's message is in English.
    #[serde(default)]
    pub english: bool,
}

impl ForgotPassword {
    /// The ID, checked.
    pub fn check(&self) -> Result<NationalId, Vec<FieldError>> {
        NationalId::parse(&self.national_id).map_err(|code| vec![field(Field::NationalId, code)])
    }
}

/// A new password, with the code that proves the mobile.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordRecovery {
    /// The step's token.
    pub pending: String,
    /// The code as typed.
    pub code: String,
    /// The new password, never logged.
    pub password: String,
    /// The new password typed again.
    pub password_again: String,
}

impl std::fmt::Debug for PasswordRecovery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PasswordRecovery").finish_non_exhaustive()
    }
}

impl PasswordRecovery {
    /// The code, once the code and the new password pass; `national_id` rules out a
    /// password that is the account's own name.
    pub fn check(&self, national_id: &str) -> Result<String, Vec<FieldError>> {
        let mut c = Collector::default();
        let code = c.check(Field::Code, code(&self.code));
        if let Some(problem) = password_problem(&self.password, national_id, Role::Applicant) {
            c.push(Field::Password, None, problem);
        } else if self.password != self.password_again {
            c.push(Field::PasswordAgain, None, ErrorCode::Mismatch);
        }
        c.finish(|| code)
    }
}

/// An officer releases a national ID taken by an account that is not its holder's.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Release {
    /// The national ID, as on the original the officer saw.
    pub national_id: String,
    /// Why: what the officer saw.
    pub reason: String,
}

impl Release {
    /// The longest reason.
    pub const REASON_MAX: usize = 500;

    /// The ID and the reason, checked.
    pub fn check(&self) -> Result<(NationalId, String), Vec<FieldError>> {
        let mut c = Collector::default();
        let id = c.check(Field::NationalId, NationalId::parse(&self.national_id));
        let reason = c.check(Field::Reason, required_text(&self.reason, Self::REASON_MAX));
        c.finish(|| Some((id?, reason?)))
    }
}

fn field(field: Field, code: ErrorCode) -> FieldError {
    FieldError {
        field,
        index: None,
        code,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_six_digits_in_either_script() {
        assert_eq!(code(" ٤٨٢ ٩١٣ "), Ok("482913".into()));
        assert_eq!(code("48291"), Err(ErrorCode::CodeFormat));
        assert_eq!(code("48291x"), Err(ErrorCode::CodeFormat));
        assert_eq!(code(""), Err(ErrorCode::Required));
    }

    #[test]
    fn a_mobile_is_masked_but_for_its_ends() {
        assert_eq!(masked("0551234567"), "05•••••567");
        assert_eq!(masked("12"), "••");
    }
}
