//! Who the applicant is: one-time codes that prove a mobile when an account is opened or a
//! password forgotten, an officer releasing a national ID someone else took or confirming
//! an account's holder from the original, and what an account may reach of a request that
//! names its ID: typing an ID proves nothing.

use serde::{Deserialize, Serialize};

use crate::accounts::password_problem;
use crate::case::Case;
use crate::digits::to_ascii_digits;
use crate::ids::Mobile;
use crate::ids::NationalId;
use crate::people::{Actor, Audience};
use crate::validation::{required_text, Collector, ErrorCode, Field, FieldError};
use crate::vocabulary::vocabulary;
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

vocabulary! {
    /// The original an officer saw when confirming who holds an account.
    IdentityDocument {
        NationalIdCard = "national_id_card", "بطاقة الهوية الوطنية", "National ID card";
        Iqama = "iqama", "الإقامة", "Iqama";
        FamilyRegister = "family_register", "سجل الأسرة", "Family register";
        Passport = "passport", "جواز السفر", "Passport";
    }
}

/// An officer, having seen the original, confirms that the applicant's account of this ID
/// is its holder's: the account then reaches the requests taken under the ID.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct IdentityConfirmation {
    /// The national ID, as on the original.
    pub national_id: String,
    /// The [`IdentityDocument`] seen, by code.
    pub document: String,
    /// Anything worth keeping about it.
    pub note: String,
}

impl IdentityConfirmation {
    /// The longest note.
    pub const NOTE_MAX: usize = 500;

    /// The ID, the document and the note, checked.
    pub fn check(&self) -> Result<(NationalId, IdentityDocument, String), Vec<FieldError>> {
        let mut c = Collector::default();
        let id = c.check(Field::NationalId, NationalId::parse(&self.national_id));
        let document = c.check(
            Field::IdentityDocument,
            crate::validation::choice(&self.document, IdentityDocument::from_code),
        );
        let note = c.check(
            Field::Reason,
            crate::validation::optional_text(&self.note, Self::NOTE_MAX),
        );
        c.finish(|| Some((id?, document?, note?)))
    }
}

/// What an applicant's account proves of its holder: the ID it was opened with, the mobile
/// its code went to, and whether an officer confirmed it from the original.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Proof {
    /// The account.
    pub user_id: i64,
    /// The national ID it was opened with: typed, never proven by itself.
    pub national_id: String,
    /// The mobile a code proved.
    pub mobile: Option<String>,
    /// Whether an officer or the head office saw the original and confirmed the holder.
    pub confirmed: bool,
}

/// How far an applicant's account reaches a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reach {
    /// The account filed it.
    Own,
    /// It names the account's ID, and the account is proven its holder's: the request's
    /// mobile is the one the account proved, or an officer confirmed the account.
    Proven,
    /// It names the account's ID, nothing more: the account learns that a request exists at
    /// its point, and what to bring to prove it is theirs — not a byte of it.
    Unproven,
    /// Nothing to do with the account.
    None,
}

impl Reach {
    /// Whether the account reads the request and is written to about it.
    pub fn reads(self) -> bool {
        matches!(self, Self::Own | Self::Proven)
    }
}

impl Proof {
    /// The audiences (see [`Case::audiences`]) the proof opens beyond the account's own
    /// requests: the ID's, once an officer confirmed the holder, and the ID's with the
    /// mobile the code proved.
    pub fn audiences(&self) -> Vec<String> {
        let mut keys = Vec::new();
        if self.confirmed {
            keys.push(Audience::holder(&self.national_id, None));
        }
        if let Some(mobile) = self.mobile.as_deref().and_then(|m| Mobile::parse(m).ok()) {
            keys.push(Audience::holder(&self.national_id, Some(mobile.as_str())));
        }
        keys
    }
}

/// What an applicant's account pulls: its own requests, and those its proof opens.
pub fn audiences_with(actor: &Actor, proof: Option<&Proof>) -> Vec<String> {
    let mut keys = actor.audiences();
    if let Some(proof) = proof.filter(|p| p.user_id == actor.user.id) {
        keys.extend(proof.audiences());
    }
    keys
}

/// How far the account `proof` reaches `case`: the same audiences the phone pulls.
pub fn reach(proof: &Proof, case: &Case) -> Reach {
    if case.created_by.id == proof.user_id {
        return Reach::Own;
    }
    let named = case
        .request
        .applicant
        .national_id()
        .is_some_and(|id| id.as_str() == proof.national_id);
    if !named {
        return Reach::None;
    }
    let seen = case.audiences();
    if proof.audiences().iter().any(|k| seen.contains(k)) {
        Reach::Proven
    } else {
        Reach::Unproven
    }
}

#[cfg(test)]
mod reach_tests {
    use super::*;
    use crate::life::apply::tests::{created, officer};
    use crate::RequestForm;

    #[test]
    fn a_typed_id_reaches_nothing_until_a_mobile_or_an_officer_proves_it() {
        let id = "1044556676";
        let mut request = RequestForm::default();
        request.applicant.national_id = id.into();
        request.applicant.mobile = "0551234567".into();
        // Taken at a point by an officer, under the holder's ID and mobile.
        let case = created(&officer(), request);
        let claimer = Proof {
            user_id: 77,
            national_id: id.into(),
            mobile: Some("0559999999".into()),
            confirmed: false,
        };
        assert_eq!(reach(&claimer, &case), Reach::Unproven);
        assert!(!reach(&claimer, &case).reads());
        // The holder, whose code went to the request's mobile (written any way).
        let holder = Proof {
            mobile: Some("+966551234567".into()),
            ..claimer.clone()
        };
        assert_eq!(reach(&holder, &case), Reach::Proven);
        // Or confirmed by an officer from the original.
        let confirmed = Proof {
            confirmed: true,
            ..claimer.clone()
        };
        assert_eq!(reach(&confirmed, &case), Reach::Proven);
        // Another ID reaches nothing, even confirmed; a request one filed is one's own.
        let other = Proof {
            national_id: "1000000008".into(),
            confirmed: true,
            ..claimer
        };
        assert_eq!(reach(&other, &case), Reach::None);
        let own = Proof {
            user_id: case.created_by.id,
            ..other
        };
        assert_eq!(reach(&own, &case), Reach::Own);
    }

    #[test]
    fn a_confirmation_names_the_id_and_the_original_seen() {
        let good = IdentityConfirmation {
            national_id: "١٠٤٤٥٥٦٦٧٦".into(),
            document: "national_id_card".into(),
            note: String::new(),
        };
        let (id, document, _) = good.check().expect("checked");
        assert_eq!(
            (id.as_str(), document),
            ("1044556676", IdentityDocument::NationalIdCard)
        );
        let bad = IdentityConfirmation::default()
            .check()
            .expect_err("refused");
        let fields: Vec<Field> = bad.iter().map(|e| e.field).collect();
        assert_eq!(fields, vec![Field::NationalId, Field::IdentityDocument]);
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
